"""A conflict copy beside the team's workbook (OneDrive's "Caseload-LAPTOP-12.xlsx" with a
colleague's new round-table) was passed over in silence: no command said eenplan reads only
the workbook eenplan.toml names. check, overdue, the digest and the watcher say it now."""

from __future__ import annotations

import datetime
import json
import logging
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eenplan.cli import cli
from eenplan.team.copies import QUIET_AFTER, Beside, conflict_copies, is_copy_name
from eenplan.team.folder import find_team
from eenplan.watcher.loop import Watcher
from tests.builders import CaseloadBuilder
from tests.watching import FAST, make_team, no_digest

AS_OF = ["--as-of", "2026-11-30"]
COPY = "Caseload-LAPTOP-12.xlsx"


@pytest.mark.parametrize("name", [
    "Caseload-LAPTOP-12.xlsx", "Caseload-DESKTOP-AB12CD3.xlsx", "caseload-An.XLSX",
    "Caseload (1).xlsx", "Caseload(2).xlsx", "Caseload - Kopie.xlsx", "Caseload - Kopie (2).xlsx",
    "Caseload - Copy.xlsx", "Kopie van Caseload.xlsx",
    "Caseload (conflicted copy 2026-11-29).xlsx",
    "Caseload (An Peeters's conflicted copy 2026-11-29).xlsx",
    "Caseload (Conflict 2026-11-29 16-20-00).xlsx",
    "Caseload.sync-conflict-20261129-162000-ABCDEFG.xlsx",
])
def test_the_names_sync_clients_give_a_copy(name):
    assert is_copy_name("Caseload.xlsx", name)


@pytest.mark.parametrize("name", [
    "Caseload.xlsx", "~$Caseload.xlsx", ".~lock.Caseload.xlsx#", "Caseload-LAPTOP-12.docx",
    "Caseload.xlsx.tmp", "Andere Caseload (1).xlsx", "CaseloadNoord.xlsx", "Caseload (oud).xlsx",
    "Hersteld uit 20261123-100000-5d41a2b7 - 2026-014.xlsx", "1A2B3C4D",
])
def test_other_files_are_no_copy(name):
    assert not is_copy_name("Caseload.xlsx", name)


def test_a_copy_is_said_while_it_is_not_long_older_than_the_workbook():
    saved = datetime.datetime(2026, 11, 29, 16, 0)
    newer = Beside("Caseload (1).xlsx", saved + datetime.timedelta(minutes=5))
    offline = Beside(COPY, saved - datetime.timedelta(days=3))  # a laptop that saved offline
    kept = Beside("Caseload - Kopie.xlsx", saved - QUIET_AFTER - datetime.timedelta(minutes=1))
    other = Beside("Verslag.xlsx", saved)
    assert conflict_copies("Caseload.xlsx", saved, [kept, other, offline, newer]) == (newer, offline)


def _team_with_copy(folder: Path, *, age: datetime.timedelta | None = None) -> Path:
    """A team folder, and beside its workbook a conflict copy (not even a workbook: eenplan must
    never open it); ``age``: how much older than the workbook the copy is."""
    book = CaseloadBuilder().dossier("2026-001", begeleider="An Claes")
    make_team(folder, book)
    copy = folder / COPY
    copy.write_bytes(b"not a workbook")
    if age is not None:
        saved = (folder / "Caseload.xlsx").stat().st_mtime - age.total_seconds()
        os.utime(copy, (saved, saved))
    return copy


def test_check_says_the_copy(tmp_path):
    _team_with_copy(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "conflict-copy"]
    assert [(f["value"], f["severity"]) for f in found] == [(COPY, "warning")]
    assert COPY in found[0]["message"] and "eenplan.toml" in found[0]["message"]
    table = CliRunner().invoke(cli, ["check", "--team", str(tmp_path), *AS_OF])
    assert COPY in table.output


def test_a_copy_kept_on_purpose_long_ago_is_not_said(tmp_path):
    _team_with_copy(tmp_path, age=QUIET_AFTER + datetime.timedelta(days=1))
    result = CliRunner().invoke(cli, ["check", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert not [f for f in json.loads(result.output)["findings"] if f["code"] == "conflict-copy"]
    overdue = CliRunner().invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert "let_op" not in json.loads(overdue.output)


def test_overdue_and_the_digest_say_the_copy_before_their_counts(tmp_path):
    _team_with_copy(tmp_path, age=datetime.timedelta(days=2))  # older, as after an offline save
    result = CliRunner().invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert any(COPY in said for said in json.loads(result.output)["let_op"])
    table = CliRunner().invoke(cli, ["overdue", "--team", str(tmp_path), *AS_OF])
    assert COPY in table.output.split("\n\n")[0]
    digest = CliRunner().invoke(cli, ["digest", "--team", str(tmp_path), *AS_OF])
    assert COPY in digest.output.split("Samen:")[0], digest.output


def test_the_watcher_says_a_copy_once_and_again_when_it_is_saved_again(tmp_path, caplog):
    copy = _team_with_copy(tmp_path)
    team = find_team(team=tmp_path)
    lines: list[str] = []
    now = datetime.datetime(2026, 11, 30, 10, 0)
    watcher = Watcher(team, timings=FAST, clock=lambda: now, out=lines.append, send_digest=no_digest)
    with caplog.at_level(logging.INFO, logger="eenplan.watcher"):
        watcher.serve(once=True)
        CaseloadBuilder().dossier("2026-001", begeleider="Bart Peeters").save(tmp_path / "Caseload.xlsx")
        watcher.serve(once=True)  # another save: not said again
    said = [line for line in lines if COPY in line]
    assert len(said) == 1 and "LET OP" in said[0], lines
    assert not any(COPY in record.getMessage() for record in caplog.records)  # names stay off the log
    assert any("[kopie]" in record.getMessage() for record in caplog.records)
    later = copy.stat().st_mtime + 60
    os.utime(copy, (later, later))  # the copy saved again: a new conflict
    watcher.serve(once=True)
    assert len([line for line in lines if COPY in line]) == 2
