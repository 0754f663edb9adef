"""A save that loses a large share of the caseload at once (a half-synced folder, a filtered
copy saved over the original) is held: no reports, no documents, no digest, said loudly, until
a whole version comes back or a person accepts it (issue #9)."""

from __future__ import annotations

import datetime
import json

import pytest

from eenplan.cli import cli
from eenplan.team.state import State
from eenplan.watcher.loop import Watcher
from eenplan.watcher.run import HELD, OK, run_once
from eenplan.watcher.snapshots import Inventory, Snapshots, large_loss
from tests.builders import CaseloadBuilder
from tests.watching import FAST, make_team

NOW = datetime.datetime(2026, 11, 23, 10, 0)  # a Monday, after the digest's 08:00
PLANNED = NOW.date() + datetime.timedelta(days=14)
NUMBERS = [f"2026-{n:03d}" for n in range(1, 11)]


def caseload(numbers=NUMBERS, *, planned=False, network=True) -> CaseloadBuilder:
    book = CaseloadBuilder()
    for number in numbers:
        book.dossier(number, begeleider="An Claes", perspective_on=datetime.date(2026, 9, 10))
        if network:
            book.network(number, name="Jan Janssens", invite="ja")
    if planned:
        book.round_table(numbers[0], date=PLANNED, time=datetime.time(9, 30),
                         location="Gemeentehuis Kapellen", kind="start")
    return book


def later(minutes: int) -> datetime.datetime:
    return NOW + datetime.timedelta(minutes=minutes)


@pytest.fixture
def team(tmp_path):
    team = make_team(tmp_path, caseload())
    assert run_once(team, now=NOW).outcome == OK
    return team


def test_a_save_that_loses_most_dossiers_is_held(team, runner):
    first = Snapshots(team.state_dir).all()[-1]
    reports = {p.name: p.stat().st_mtime_ns for p in team.reports_dir.iterdir()}
    # the copy that survived even plans a round-table: no invitations from it
    caseload(NUMBERS[:3], planned=True).save(team.workbook)
    result = run_once(team, now=later(1))
    assert result.outcome == HELD and not result.ok
    assert result.documents == () and result.reports == ()
    assert not (team.out_dir / NUMBERS[0]).exists()
    assert {p.name: p.stat().st_mtime_ns for p in team.reports_dir.iterdir()} == reports
    assert (result.loss.lost, result.loss.of) == (7, 10)
    assert result.recover_from == first.name
    store = Snapshots(team.state_dir)
    assert store.find(first.sha256).keep  # the version before: kept for a year
    assert store.find(result.sha256).held
    loud, advice = result.lines()
    assert "LET OP" in loud and "7 van de 10 dossiers" in loud
    assert first.name in advice and "watch --accept" in advice
    named = advice.split(".eenplan/snapshots/")[1].split(" ")[0]  # a whole version one can open
    assert (team.state_dir / "snapshots" / named).is_file()
    with State(team.state_dir, root=team.base) as state:
        assert state.runs(limit=1)[0].outcome == HELD
    listed = runner.invoke(cli, ["restore", "--list", "--team", str(team.root), "--format", "json"])
    assert [(s["snapshot"], s["held"]) for s in json.loads(listed.output)] == [
        (result.snapshot, True), (first.name, False)]


def test_the_next_save_that_looks_whole_goes_on_normally(team):
    caseload(NUMBERS[:3]).save(team.workbook)
    assert run_once(team, now=later(1)).outcome == HELD
    caseload(NUMBERS[:4]).save(team.workbook)  # still half: compared with the last whole one
    assert run_once(team, now=later(2)).outcome == HELD
    caseload(planned=True).save(team.workbook)
    result = run_once(team, now=later(3))
    assert result.outcome == OK and not result.vanished
    assert result.invited == (NUMBERS[0],) and result.documents


def test_a_sheet_that_lost_all_its_rows_is_held(team):
    caseload(network=False).save(team.workbook)
    result = run_once(team, now=later(1))
    assert result.outcome == HELD
    assert result.loss.emptied == (("Netwerk", 10),) and not result.loss.many
    assert "alle 10 rijen van Netwerk" in result.lines()[0]


def test_a_missing_sheet_is_held_too(team):
    book = caseload()
    book.leave_out.add("Netwerk")
    book.save(team.workbook)
    assert run_once(team, now=later(1)).outcome == HELD


def test_a_few_deleted_rows_are_not_a_large_loss():
    def inventory(dossiers: int, network: int = 0) -> Inventory:
        keys = [f"2026-{n:03d}" for n in range(dossiers)]
        return Inventory(dossiers={k: k for k in keys},
                         rows={"Netwerk": {k: 1 for k in keys[:network]}})

    assert large_loss(inventory(10), inventory(8)) is None  # a fifth, not more
    assert large_loss(inventory(10), inventory(7)) is not None
    assert large_loss(inventory(2), inventory(0)) is None  # a tiny caseload: two rows deleted
    assert large_loss(inventory(5, network=2), inventory(5)) is None
    assert large_loss(inventory(5, network=3), inventory(5)).emptied == (("Netwerk", 3),)
    assert large_loss(inventory(5, network=3), inventory(5, network=1)) is None


def test_the_digest_waits_while_the_latest_version_is_held(team):
    lines: list[str] = []
    caseload(NUMBERS[:2]).save(team.workbook)
    held = Watcher(team, timings=FAST, clock=lambda: later(1), out=lines.append).serve(once=True)
    assert held is not None and held.outcome == HELD
    assert not list(team.reports_dir.glob("*.eml"))
    assert any("LET OP" in line and "wekelijkse overzicht" in line and "wacht" in line
               for line in lines)
    caseload().save(team.workbook)
    whole = Watcher(team, timings=FAST, clock=lambda: later(2), out=lines.append).serve(once=True)
    assert whole is not None and whole.outcome == OK
    assert list(team.reports_dir.glob("*.eml"))


def test_a_loss_that_was_meant_is_accepted_by_a_person(team, runner):
    caseload(NUMBERS[:3]).save(team.workbook)
    held = run_once(team, now=later(1))
    assert held.outcome == HELD
    result = runner.invoke(cli, ["watch", "--accept", "--team", str(team.root)])
    assert result.exit_code == 0, result.output
    assert held.snapshot in result.output
    again = run_once(team, now=later(2))  # the same version, as after midnight
    assert again.outcome == OK and len(again.vanished.dossiers) == 7
    caseload(NUMBERS[:2], planned=True).save(team.workbook)  # compared with the accepted one now
    assert run_once(team, now=later(3)).outcome == OK
    nothing = runner.invoke(cli, ["watch", "--accept", "--team", str(team.root)])
    assert nothing.exit_code == 0 and "geen versie" in nothing.output
    with State(team.state_dir, root=team.base) as state:
        assert [a[1] for a in state.audit_lines()] == ["accept-held-version"]


def test_a_scheduled_run_of_a_held_version_exits_2_and_logs_it(team, runner):
    caseload(NUMBERS[:1]).save(team.workbook)
    result = runner.invoke(cli, ["watch", "--once", "--team", str(team.root)])
    assert result.exit_code == 2, result.output
    assert "LET OP" in result.output
    log = (team.state_dir / "logs" / "watch.log").read_text(encoding="utf-8")
    assert "9 van de 10 dossiers" in log
