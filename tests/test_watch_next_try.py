"""What the watcher's lines promise for what may pass by itself (a letter open in Word) is what
it does: the watcher that keeps running tries it again by itself within minutes (its heartbeat),
`watch --once` at the next round of the scheduled task; neither waits for a save of the workbook.

"Open in Word" is simulated as in test_held_letters: the atomic replace onto the letter's name
is refused (PermissionError), as Windows refuses to replace a file Word has open."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import os
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
