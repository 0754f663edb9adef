"""The suppression's results kept in the team folder's state: the same counts again need no solver,
another count audits anew, a damaged or forged entry is set aside, and the published report is
the same with the memory as without it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eenplan.stats import suppression
from eenplan.stats.audit_store import FOLDER, KEEP, AuditStore
from eenplan.stats.figures import figures
from eenplan.stats.jobs import statistics
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder
from tests.test_stats_figures import END, FLOWS, START, TODAY, small_caseload
from tests.test_suppression import grid_ledger


@pytest.fixture
def team_folder(tmp_path: Path) -> Path:
    book = CaseloadBuilder(lists={**LISTS, "Redenen afsluiting": ["Doelen bereikt", "Gezin stopt zelf"]})
    for d in small_caseload().dossiers:
        book.dossier(d.id, family=d.family, flow=d.flow, municipality=d.municipality, begeleider=d.begeleider,
                     registered_on=d.registered_on, perspective_on=d.perspective_on, plan_on=d.plan_on,
                     closed_on=d.closed_on, closure_reason=d.closure_reason)
    for p in small_caseload().pauses:
        book.pause(p.dossier, start=p.start, end=p.end, reason=p.reason)
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    return tmp_path


# the report in a process of its own, and whether it loaded the solver
REPORT_PROCESS = """
import datetime, json, sys
from pathlib import Path
from eenplan.stats.jobs import statistics
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
team = find_team(team=Path({folder!r}))
report = statistics(team, load_caseload(team), start=datetime.date.fromisoformat({start!r}),
                    end=datetime.date.fromisoformat({end!r}), today=datetime.date.fromisoformat({today!r}))
print(json.dumps({{"solver": "swiglpk" in sys.modules, "report": report.to_dict()}}))
"""


def in_a_process(folder: Path) -> tuple[bool, dict[str, Any]]:
    code = REPORT_PROCESS.format(folder=str(folder), start=START.isoformat(), end=END.isoformat(),
                                 today=TODAY.isoformat())
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    return found["solver"], found["report"]


def without_memory(folder: Path) -> dict[str, Any]:
    team = find_team(team=folder)
    return figures(load_caseload(team), FLOWS, start=START, end=END, today=TODAY, team="Team Test",
                   threshold=team.settings.stats_threshold).to_dict()


def entries(folder: Path) -> list[Path]:
    return sorted((folder / ".eenplan" / FOLDER).glob("*.json"))


def test_the_same_counts_again_load_no_solver(team_folder):
    solver, first = in_a_process(team_folder)
    assert solver  # the audit needed the solver the first time: this caseload's sums hold small counts
    assert len(entries(team_folder)) == 1
    solver, again = in_a_process(team_folder)
    assert not solver
    assert again == first == without_memory(team_folder)


def test_a_changed_count_is_audited_anew(team_folder):
    statistics(find_team(team=team_folder), load_caseload(find_team(team=team_folder)), start=START,
               end=END, today=TODAY)
    book = CaseloadBuilder(lists={**LISTS, "Redenen afsluiting": ["Doelen bereikt", "Gezin stopt zelf"]})
    for d in small_caseload().dossiers[1:]:  # one family fewer
        book.dossier(d.id, family=d.family, flow=d.flow, municipality=d.municipality, begeleider=d.begeleider,
                     registered_on=d.registered_on, perspective_on=d.perspective_on, plan_on=d.plan_on,
                     closed_on=d.closed_on, closure_reason=d.closure_reason)
    book.save(team_folder / "Caseload.xlsx")
    solver, report = in_a_process(team_folder)
    assert solver
    assert len(entries(team_folder)) == 2
    assert report == without_memory(team_folder)


def test_a_damaged_entry_is_set_aside_and_written_anew(team_folder):
    _, first = in_a_process(team_folder)
    [entry] = entries(team_folder)
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    solver, again = in_a_process(team_folder)
    assert solver and again == first
    solver, third = in_a_process(team_folder)
    assert not solver and third == first  # written anew


@pytest.mark.parametrize("forge", [
    lambda e: {**e, "hidden": []},  # nothing hidden: every small count would show
    lambda e: {**e, "below": e["hidden"]},  # "<5" on a hidden count of five or more
    lambda e: {**e, "key": "another ledger"},
    lambda e: {**e, "bounds": [[b[0], b[1], b[2], 10**6 if b[1] else -1, b[4]] for b in e["bounds"]]},
    lambda e: {**e, "hidden": "everything"},
])
def test_an_entry_that_does_not_fit_the_counts_is_set_aside(team_folder, forge):
    _, first = in_a_process(team_folder)
    [entry] = entries(team_folder)
    body = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    assert body["bounds"], "the forgery of bounds needs bounds to forge"
    team = find_team(team=team_folder)
    store = AuditStore(team.state_dir, team.base)
    key = body["key"]
    store.put(key, forge(body))  # with a digest that matches: only the check against the counts is left
    solver, again = in_a_process(team_folder)
    assert solver and again == first


def test_the_team_s_own_report_keeps_nothing(team_folder):
    team = find_team(team=team_folder)
    statistics(team, load_caseload(team), start=START, end=END, today=TODAY, intern=True)
    assert entries(team_folder) == []


def test_nothing_is_kept_behind_a_link_out_of_the_team_folder(team_folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (team_folder / ".eenplan").mkdir(exist_ok=True)
    (team_folder / ".eenplan" / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    team = find_team(team=team_folder)
    report = statistics(team, load_caseload(team), start=START, end=END, today=TODAY)
    assert report.to_dict() == without_memory(team_folder)
    assert list(elsewhere.iterdir()) == []


def test_the_least_recently_used_go_first(tmp_path):
    store = AuditStore(tmp_path / ".eenplan", tmp_path)
    for number in range(KEEP + 3):
        store.put(f"key {number}", {"key": f"key {number}"})
    assert len(list((tmp_path / ".eenplan" / FOLDER).glob("*.json"))) == KEEP
    assert store.get("key 0") is None and store.get(f"key {KEEP + 2}") is not None


# -- the ledger with a memory, on any small table ------------------------------------------------


class DictMemory:
    def __init__(self) -> None:
        self.kept: dict[str, Mapping[str, Any]] = {}

    def get(self, key: str) -> Mapping[str, Any] | None:
        return self.kept.get(key)

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        self.kept[key] = json.loads(json.dumps(entry))  # as a file would give it back


def published(values: list[list[int]], memory: DictMemory | None,
              questions: list[tuple[int, bool]]) -> tuple[dict[int, int | str], list[int | None], dict]:
    ledger, cells = grid_ledger(values)
    ledger.memory = memory
    shown = {c: ledger.shown(c) for c in cells}
    cap = sum(map(sum, values)) + 1
    answers = [ledger.best_bound(cells[n % len(cells)], floor=floor, limit=cap if floor else 0)
               for n, floor in questions]
    ledger.remember()
    return shown, answers, dict(ledger.bounds)


class NoSolver:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the solver was asked")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(2, 3).flatmap(lambda columns: st.lists(
           st.lists(st.integers(0, 8), min_size=columns, max_size=columns), min_size=2, max_size=2)),
       st.lists(st.tuples(st.integers(0, 20), st.booleans()), max_size=6),
       st.lists(st.tuples(st.integers(0, 20), st.booleans()), max_size=6))
def test_the_memory_publishes_what_the_audit_publishes(values, questions, others):
    plain = published(values, None, questions)
    memory = DictMemory()
    assert published(values, memory, questions) == plain  # worked out, and kept
    real = suppression._Reader
    suppression._Reader = NoSolver  # type: ignore[misc, assignment]
    try:
        assert published(values, memory, questions) == plain  # from the memory alone
    finally:
        suppression._Reader = real  # type: ignore[misc]
    # other questions than those kept: answered as without a memory, and kept in their turn
    assert published(values, memory, others) == published(values, None, others)
    assert published(values, memory, others) == published(values, None, others)


def test_the_demo_s_report_is_the_same_from_the_memory(tmp_path):
    # the demo's caseload joins most hidden cells in one group of a hundred and more: the bounds
    # of its shares are asked one after the other, each answer depending on those before
    from eenplan.demo.caseload import generate
    from eenplan.flows import flow_names
    from eenplan.sheets.blank import write_workbook
    from eenplan.sheets.reader import read_caseload
    from eenplan.stats.figures import default_period
    from tests.conftest import TODAY as DEMO_DAY

    data = generate(seed=1, today=DEMO_DAY)
    caseload = read_caseload(write_workbook(tmp_path / "Caseload.xlsx", data.lists, flow_names=flow_names(),
                                            rows=data.rows))
    start, end = default_period(DEMO_DAY)

    def report(memory: DictMemory | None) -> dict[str, Any]:
        return figures(caseload, FLOWS, start=start, end=end, today=DEMO_DAY, memory=memory).to_dict()

    plain, memory = report(None), DictMemory()
    assert report(memory) == plain
    [entry] = memory.kept.values()
    assert len(entry["bounds"]) > 10  # many shares bounded: the replay has something to replay
    real = suppression._Reader
    suppression._Reader = NoSolver  # type: ignore[misc, assignment]
    try:
        assert report(memory) == plain
    finally:
        suppression._Reader = real  # type: ignore[misc]
