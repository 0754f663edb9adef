"""How a team's own settings and workbook are read (issue: setup slips read as an all-clear).

A slip in eenplan.toml ([bladen], [kolommen]) or in the names on Lijsten is said, never read as
"no such sheet" or "no such list" and passed over."""

from __future__ import annotations

import datetime
import json

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.errors import WorkbookUnreadable
from eenplan.sheets.reader import read_caseload
from tests.conftest import TODAY

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _team(tmp_path, book, settings: str = "", renamed: dict[str, str] | None = None):
    """A team folder: one dossier late for its perspectiefgesprek, paused since before it was due."""
    book.dossier("2026-014", begeleider="An Claes", registered_on=D(2026, 9, 1))
    book.pause("2026-014", start=D(2026, 9, 15))
    book.agreement("2026-014", due=D(2026, 10, 1), status="open", action="Huisarts bellen")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n' + settings, encoding="utf-8")
    path = book.save(tmp_path / "Caseload.xlsx")
    if renamed:
        workbook = openpyxl.load_workbook(path)
        for old, new in renamed.items():
            workbook[old].title = new
        workbook.save(path)
    return tmp_path


RENAMED = {"Afspraken": "Actiepunten", "Pauzes": "Onderbrekingen"}
SLIP = '\n[bladen]\nAfspraken = "Actiepunt"\nPauzes = "Onderbrekingen"\n'


def test_the_sheets_named_right_are_read(runner, book, tmp_path):
    root = _team(tmp_path, book, '\n[bladen]\nAfspraken = "Actiepunten"\nPauzes = "Onderbrekingen"\n',
                 RENAMED)
    result = runner.invoke(cli, ["overdue", "--team", str(root), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    statuses = {item["step"]: item["status"] for item in json.loads(result.output)["items"]}
    assert "paused" in statuses.values()


@pytest.mark.parametrize("command", [
    ["check"], ["overdue"], ["overdue", "--format", "json"], ["digest"], ["digest", "--begeleiders"],
    ["stats"], ["watch", "--once"],
])
def test_a_sheet_name_in_bladen_that_names_no_sheet_stops_every_answer(runner, book, tmp_path, command):
    root = _team(tmp_path, book, SLIP, RENAMED)
    result = runner.invoke(cli, [*command, "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert 'Afspraken = "Actiepunt"' in result.output, result.output
    assert '"Actiepunten"' in result.output  # the sheet that is there
    assert "Niets te laat" not in result.output and "Traceback" not in result.output


def test_the_check_names_the_setting_not_a_missing_sheet(runner, book, tmp_path):
    root = _team(tmp_path, book, '\n[bladen]\nPauzes = "Onderbreking"\n', {"Pauzes": "Onderbrekingen"})
    result = runner.invoke(cli, ["check", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert '[bladen] Pauzes = "Onderbreking"' in result.output
    assert '"Onderbrekingen"' in result.output
    assert "Voeg een blad Pauzes toe" not in result.output


def test_a_slip_in_the_name_of_dossiers(runner, book, tmp_path):
    root = _team(tmp_path, book, '\n[bladen]\nDossiers = "Caseloads"\n', {"Dossiers": "Caseload"})
    result = runner.invoke(cli, ["overdue", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert 'Dossiers = "Caseloads"' in result.output and '"Caseload"' in result.output


def test_a_setting_naming_a_sheet_never_there_lists_the_sheets(book, tmp_path):
    path = book.save(tmp_path / "Caseload.xlsx")
    with pytest.raises(WorkbookUnreadable, match="wel: Dossiers, Netwerk"):
        read_caseload(path, sheet_aliases={"Pauzes": "Zzz"})


def test_a_snapshot_from_before_the_rename_is_read_by_eenplans_name(book, tmp_path):
    """restore and retention read earlier versions: the sheet had its old name then."""
    book.dossier("2026-014").pause("2026-014")
    path = book.save(tmp_path / "Caseload.xlsx")
    caseload = read_caseload(path, sheet_aliases={"Pauzes": "Onderbrekingen"}, earlier_version=True)
    assert len(caseload.pauses) == 1


def test_a_missing_sheets_hint_passes_over_the_sheet_the_team_named(book, tmp_path):
    """Netwerk is missing; "Netwerk 2025" is the team's Rondetafels, never offered as Netwerk."""
    book.without_sheet("Netwerk")
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Rondetafels"].title = "Netwerk 2025"
    workbook.save(path)
    caseload = read_caseload(path, sheet_aliases={"Rondetafels": "Netwerk 2025"})
    assert caseload.layouts["Netwerk"].near_title == ""
