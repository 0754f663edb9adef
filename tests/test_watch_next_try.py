"""What the watcher's lines promise for what may pass by itself (a letter open in Word) is what
it does: the watcher that keeps running tries it again by itself within minutes (its heartbeat),
`watch --once` at the next round of the scheduled task; neither waits for a save of the workbook.
And a report the system refuses to read (rapporten/Achterstand.xlsx held open) is said as not
refreshed, while the rest of the run (the other report, the letters) goes on.

"Open in Word" is simulated as in test_held_letters: the atomic replace onto the letter's name
is refused (PermissionError), as Windows refuses to replace a file Word has open; a report that
cannot be read, as in test_watch_problems."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import os
import pathlib
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.files import sha256_of
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]
LETTER = "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"


def _book(hour: datetime.time = datetime.time(14, 0)) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja")
    book.round_table("2026-001", date=D(2026, 12, 7), time=hour, location="Huis van het Kind")
    return book


def _hold_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace

    def replace(source, target, **kwargs):
        if Path(target).name == LETTER:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        return real(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def _letter_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if "out/2026-001/" in line]


def test_watch_once_says_the_next_round_for_a_letter_open_in_word(tmp_path, runner, monkeypatch):
    make_team(tmp_path, _book())
    first = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert first.exit_code == 0, first.output
    _book(datetime.time(15, 30)).save(tmp_path / "Caseload.xlsx")
    _hold_letter(monkeypatch)
    held = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert held.exit_code == 2, held.output
    (line,) = _letter_lines(held.output.splitlines())
    assert "bij de volgende ronde" in line, line
    assert "volgende bewaring" not in line, line


def test_the_running_watcher_says_within_minutes_for_a_letter_open_in_word(tmp_path, monkeypatch):
    team = make_team(tmp_path, _book())
    beat = dataclasses.replace(FAST, heartbeat=0.3)
    with watching(team, timings=beat) as (watcher, lines):
        _hold_letter(monkeypatch)
        excel_save(_book(datetime.time(15, 30)), team.workbook)
        saved = sha256_of(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the save was run")
        assert watcher.results[-1].retry_soon  # it does try again by itself
        said = list(lines)
    (line,) = _letter_lines(said)
    assert "over enkele minuten" in line, line
    assert "volgende bewaring" not in line, line


def test_a_report_that_cannot_be_read_is_not_refreshed_and_the_letters_are_made(tmp_path, runner,
                                                                               monkeypatch):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001", registered_on=D(2026, 10, 1)))
    first = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert first.exit_code == 0, first.output
    checked = team.reports_dir / "Controle.xlsx"
    overdue = team.reports_dir / "Achterstand.xlsx"
    before = sha256_of(checked), sha256_of(overdue)
    _book().save(team.workbook)  # a round-table with someone to invite: letters to make
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self == overdue:  # the system refuses to read it (held open by another program)
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    again = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    monkeypatch.undo()
    assert again.exit_code == 2, again.output  # not all was done: a scheduled task sees it
    assert "Traceback" not in again.output
    assert "rapporten/Achterstand.xlsx" in again.output, again.output
    assert (tmp_path / "out" / "2026-001" / LETTER).is_file()  # the letters were made all the same
    assert sha256_of(checked) != before[0]  # the other report was refreshed
    assert sha256_of(overdue) == before[1]  # this one was not (and was not taken for a person's)
    assert not list(team.reports_dir.glob("Achterstand (*"))  # no second one beside it
