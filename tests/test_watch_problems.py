"""What a run the system stopped says: its memory in .eenplan/ only when it was its memory; a
report in rapporten/ or a letter in out/ that the system refused is named as the team sees it in
its folder (a letter by its dossier's folder alone: its name carries a person's, and the line is
logged), never a file outside the team folder; without a file, a general sentence that says what
to do. Real files in tmp_path; the refusal is simulated as Windows gives it for a report held
open, as in test_held_letters."""

from __future__ import annotations

import datetime
import errno
import pathlib

import pytest

from eenplan.cli import cli
from eenplan.watcher.loop import MEMORY_UNWRITABLE, _problem
from tests.builders import CaseloadBuilder
from tests.watching import make_team

D = datetime.date
AS_OF = ["--as-of", "2026-11-24"]


def test_a_report_the_system_refuses_to_read_is_named_not_the_memory(tmp_path, runner, monkeypatch):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001", registered_on=D(2026, 11, 20)))
    first = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert first.exit_code == 0, first.output
    report = team.reports_dir / "Achterstand.xlsx"
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self == report:  # held by another program, unreadable
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    again = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert again.exit_code == 2, again.output  # a scheduled task sees that not all was done
    assert "rapporten/Achterstand.xlsx" in again.output, again.output
    assert MEMORY_UNWRITABLE not in again.output
    assert "Traceback" not in again.output


LETTER = "2026-12-07 Uitnodiging rondetafel - Mia Maes.docx"


@pytest.mark.parametrize(("where", "named", "not_named"), [
    (lambda base: base / "out" / "2026-001" / LETTER, "out/2026-001/", "Mia Maes"),
    (lambda base: base / "rapporten", "rapporten/", ".eenplan"),
    (lambda base: base.parent / "elders" / "geheim.xlsx", "", "elders"),
    (lambda base: None, "", ".eenplan"),
])
def test_a_file_outside_the_memory_is_named_as_the_team_sees_it(tmp_path, where, named, not_named):
    team_folder = tmp_path / "team"
    team_folder.mkdir()
    team = make_team(team_folder, CaseloadBuilder().dossier("2026-001"))
    team.reports_dir.mkdir(exist_ok=True)
    file = where(team.base)
    said = _problem(PermissionError(errno.EACCES, "Permission denied", *([str(file)] if file else [])),
                    team)
    assert said != MEMORY_UNWRITABLE
    assert named in said and not_named not in said, said
    assert "Permission denied" not in said  # the system's words, in Dutch


@pytest.mark.parametrize("exc", [
    PermissionError(errno.EACCES, "Permission denied", "{state}/state.sqlite"),
    OSError(errno.ENOSPC, "No space left on device", "{state}/snapshots/x.xlsx"),
])
def test_a_file_of_the_memory_is_the_memory(tmp_path, exc):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    exc.filename = exc.filename.format(state=team.state_dir)
    assert _problem(exc, team) == MEMORY_UNWRITABLE
