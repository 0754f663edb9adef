"""`eenplan export DOSSIER` in a workbook without a sheet that `check` reads as empty (a team
that keeps no pauses): the inzage is made, and says once what it read as empty."""

from __future__ import annotations

from eenplan.cli import cli
from tests.test_setup_words import AS_OF, _check, _own_workbook


def test_export_reads_an_absent_pauzes_sheet_as_empty_as_check_does(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", without=("Pauzes",))
    assert "missing-sheet" in {f["code"] for f in _check(runner, path) if f["sheet"] == "Pauzes"}
    result = runner.invoke(cli, ["export", "2026-301", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rapporten" / "inzage" / "2026-301 2026-12-07" / "Gegevens.xlsx").exists()
    assert " ".join(result.output.split()).count("Pauzes") == 1  # said once


def test_export_still_refuses_a_sheet_that_is_probably_there_under_another_name(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", titles={"Pauzes": "Pauzes 2026"})
    result = runner.invoke(cli, ["export", "2026-301", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "rapporten" / "inzage").exists()
