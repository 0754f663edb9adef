"""A run that finished with problems that may pass by themselves (a report open in Excel) is
tried again at the watcher's heartbeat, not only at the next save of the workbook, which in a
quiet week can be days away: said once, quiet while it lasts, and said when it worked. A problem
only the workbook mends (a sheet the invitations need) waits for the next save, as before.

"Open in Excel" is simulated as in test_held_letters: the atomic replace onto that one name is
refused (PermissionError), as Windows refuses to replace a file Excel has open."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import os
import time
from pathlib import Path

import pytest

from eenplan.files import sha256_of
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching

D = datetime.date
BEAT = dataclasses.replace(FAST, heartbeat=0.3)
OVERDUE = "Achterstand.xlsx"


def _book(*late: str) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", registered_on=D(2026, 11, 2))
    for number in late:  # registered months ago, no perspectiefgesprek: late
        book.dossier(number, registered_on=D(2026, 3, 2))
    return book


def _hold(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file ``name`` is open in another program: replacing it is refused."""
    real = os.replace

    def replace(source, target, **kwargs):
        if Path(target).name == name:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        return real(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_report_open_in_excel_is_refreshed_at_the_heartbeat_once_closed(tmp_path, monkeypatch):
    team = make_team(tmp_path, _book())
    report = team.reports_dir / OVERDUE
    with watching(team, timings=BEAT) as (watcher, lines):
        before = sha256_of(report)
        _hold(monkeypatch, OVERDUE)  # the coordinator opens it in Excel
        excel_save(_book("2026-002"), team.workbook)  # a colleague adds a late dossier
        saved = sha256_of(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the save was run")
        assert watcher.results[-1].problems and sha256_of(report) == before
        time.sleep(5 * BEAT.heartbeat)  # heartbeats that try again while it is open
        said = list(lines)
        assert sum(OVERDUE in line for line in said) == 1, said  # said once, not at every try
        assert sha256_of(report) == before
        monkeypatch.undo()  # she closes it; no one saves the workbook
        eventually(lambda: sha256_of(report) != before, "the report refreshed by itself")
        eventually(lambda: len(lines) > len(said), "said that it worked")
        done = watcher.results[-1]
        assert done.sha256 == saved and not done.problems
        time.sleep(3 * BEAT.heartbeat)
        rounds = watcher.rounds
        time.sleep(3 * BEAT.heartbeat)
        assert watcher.rounds == rounds  # done: no more tries
        new = lines[len(said):]
    assert len(new) == 1 and f"rapporten/{OVERDUE}" in new[0], new  # once: that it is up to date
    assert saved[:8] in new[0]


def test_letters_open_in_word_are_made_at_the_heartbeat_once_closed(tmp_path, monkeypatch):
    book = _book()
    team = make_team(tmp_path, book)
    with watching(team, timings=BEAT) as (watcher, lines):
        book.network("2026-001", name="Mia Maes", invite="ja")
        book.round_table("2026-001", date=D(2099, 12, 7))
        real = os.replace

        def replace(source, target, **kwargs):  # every document in out/ is held
            if "out" in Path(target).parts:
                raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
            return real(source, target, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
        excel_save(book, team.workbook)
        saved = sha256_of(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the save was run")
        assert watcher.results[-1].problems and not watcher.results[-1].documents
        time.sleep(4 * BEAT.heartbeat)
        said = len(lines)
        tried = len(watcher.results)
        monkeypatch.undo()  # (a try under way may make some of them, the next the rest)
        eventually(lambda: not watcher.results[-1].problems, "the letters made by themselves")
        eventually(lambda: len(lines) > said, "said")
    made = watcher.results[tried - 1:]
    assert {d for r in made for d in r.invited} == {"2026-001"}
    assert any("2026-001" in line for line in lines[said:])  # the letters it made are said


def test_a_problem_only_the_workbook_mends_waits_for_the_next_save(tmp_path):
    team = make_team(tmp_path, _book())
    with watching(team, timings=BEAT) as (watcher, lines):
        excel_save(_book("2026-002").without_sheet("Netwerk"), team.workbook)  # no one to invite
        saved = sha256_of(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the save was run")
        assert watcher.results[-1].problems and not watcher.results[-1].retry_soon
        rounds = watcher.rounds
        time.sleep(4 * BEAT.heartbeat)
        assert watcher.rounds == rounds  # not read again and again for nothing


def test_the_tries_while_a_report_stays_open_come_ever_less_often(tmp_path, monkeypatch):
    """Before: a try at every heartbeat for as long as the report was open (sixty runs an hour,
    each a line in the audit trail); now each try waits twice as long as the one before, up to
    a few heartbeats."""
    team = make_team(tmp_path, _book())
    with watching(team, timings=BEAT) as (watcher, _):
        _hold(monkeypatch, OVERDUE)
        excel_save(_book("2026-002"), team.workbook)
        saved = sha256_of(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the save was run")
        first = len(watcher.results)
        time.sleep(16 * BEAT.heartbeat)  # 1 + 2 + 4 + 5 + 5 heartbeats: about five tries, not sixteen
        tries = len(watcher.results) - first
    assert 2 <= tries <= 8, tries
