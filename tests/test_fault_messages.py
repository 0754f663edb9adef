"""Issue 17, case 8: messages that say what really happened, in Dutch, and runs that are retried."""

from __future__ import annotations

import datetime
import errno
import os
import shutil
from pathlib import Path

import pytest

from eenplan.errors import OutputError
from eenplan.files import WriteFailed, write_bytes_atomically
from eenplan.watcher import run as run_module
from eenplan.watcher.run import UNREADABLE, run_once
from eenplan.watcher.snapshots import Vanished
from tests.watching import eventually, make_team, watching

D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, 0)


@pytest.mark.parametrize(("number", "said", "not_said"), [
    (errno.ENOSPC, "de schijf is vol", "No space"),
    (errno.EROFS, "alleen-lezen", "Read-only"),
    (errno.EACCES, "geen schrijfrechten", "open in"),
])
def test_the_systems_reason_is_said_in_dutch(tmp_path, monkeypatch, number, said, not_said):
    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(OutputError) as refused:
        write_bytes_atomically(tmp_path / "Controle.xlsx", b"x")
    assert said in str(refused.value) and not_said not in str(refused.value)
    monkeypatch.undo()
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as refused:
        write_bytes_atomically(tmp_path / "Controle.xlsx", b"x")
    assert said in str(refused.value) and not_said not in str(refused.value)
    assert not list(tmp_path.iterdir())  # no temporary file left


def _full_disk(path: Path, data: bytes) -> Path:
    raise WriteFailed(path, OSError(errno.ENOSPC, "No space left on device"))


def test_a_full_disk_for_the_snapshot_copy_is_not_said_of_the_teams_workbook(tmp_path, book,
                                                                               monkeypatch):
    team = make_team(tmp_path, book.dossier("2026-001"))
    monkeypatch.setattr(run_module, "write_bytes_atomically", _full_disk)
    result = run_once(team, now=NOW)
    assert result.outcome == UNREADABLE
    assert "kopie van Caseload.xlsx" in result.message and ".eenplan/snapshots/" in result.message
    assert "de schijf is vol" in result.message and "No space" not in result.message
    assert "Caseload.xlsx kan niet geschreven worden" not in result.message


def _invited(book, count: int = 1):
    for n in range(count):
        number = f"2026-{n:03d}"
        book.dossier(number, begeleider="An Claes", perspective_on=D(2026, 9, 20))
        book.network(number, name=f"Persoon {n}", invite="ja").round_table(number, date=D(2026, 12, 7))
    return book


def test_letters_that_cannot_be_written_say_why_without_naming_anyone(tmp_path, book, monkeypatch):
    team = make_team(tmp_path, _invited(book))
    monkeypatch.setattr("eenplan.docx_templates.documents.write_hidden", _full_disk)
    result = run_once(team, now=NOW)
    [problem] = result.problems
    assert "2026-000" in problem and "de schijf is vol" in problem and "Word" not in problem
    assert "Persoon" not in problem


def test_an_identical_resave_after_a_run_with_problems_is_run_again(tmp_path, book, monkeypatch):
    team = make_team(tmp_path, _invited(book))
    monkeypatch.setattr("eenplan.docx_templates.documents.write_hidden", _full_disk)
    with watching(team, clock=lambda: NOW) as (watcher, lines):
        assert watcher.results[0].problems
        monkeypatch.undo()
        same = tmp_path / "kopie.xlsx"
        shutil.copy(team.workbook, same)
        os.replace(same, team.workbook)  # the same bytes, saved again
        eventually(lambda: len(watcher.results) == 2, "the same bytes run again")
    assert watcher.results[1].documents and not watcher.results[1].problems


def test_a_long_first_run_says_how_far_it_is(tmp_path, book, monkeypatch):
    team = make_team(tmp_path, _invited(book, 3))
    monkeypatch.setattr(run_module, "PROGRESS_EVERY", 4)
    said: list[str] = []
    run_once(team, now=NOW, progress=said.append)
    assert said and all(line.startswith("Bezig: ") for line in said)


def test_thousands_of_vanished_dossiers_are_cut_short_with_a_count():
    gone = Vanished(dossiers=tuple(f"2026-{n:04d}" for n in range(3000)),
                    rows=tuple(("Netwerk", f"2025-{n:04d}", 1) for n in range(500)))
    sentence = gone.sentence("20261123-090000-abcdef12")
    assert "en 2990 andere" in sentence and "rijen van nog 490 andere dossiers" in sentence
    assert len(sentence) < 800
