"""Where [bladen] in eenplan.toml gives a sheet the team's own name, what eenplan says names the
sheet that way: the team looks for "Gezinnen", not for eenplan's "Dossiers".

Before: `check` grouped its findings under "Dossiers" and "Netwerk" and told the team a number
"staat niet op het blad Dossiers", a sheet their workbook does not have; so did `invite`.
"""

from __future__ import annotations

import datetime
import json

import openpyxl

from eenplan.cli import cli
from eenplan.sheets.findings import in_team_titles
from tests.conftest import TODAY

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
TITLES = {"Dossiers": "Gezinnen", "Netwerk": "Betrokkenen"}


def _team(tmp_path, book):
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", role="Grootouder")
    book.network("2026-099", name="Jan Claes", role="Buur")  # no such dossier
    book.round_table("2026-014", date=D(2026, 12, 7), time=datetime.time(9, 30), location="Thuis")
    book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "Caseload.xlsx")
    for ours, theirs in TITLES.items():
        workbook[ours].title = theirs
    workbook.save(tmp_path / "Caseload.xlsx")
    lines = "".join(f'{ours} = "{theirs}"\n' for ours, theirs in TITLES.items())
    (tmp_path / "eenplan.toml").write_text(f'[team]\nnaam = "Team Test"\n\n[bladen]\n{lines}',
                                           encoding="utf-8")
    return tmp_path


def test_a_sentence_names_the_sheet_as_the_team_does():
    said = ('Dossier 2026-099 staat niet op het blad Dossiers: zet in eenplan.toml bij '
            '[kolommen.Dossiers] de regel, of kijk op het blad Netwerk.')
    assert in_team_titles(said, {**TITLES, "Pauzes": "Pauzes"}) == (
        'Dossier 2026-099 staat niet op het blad Gezinnen: zet in eenplan.toml bij '
        '[kolommen.Dossiers] de regel, of kijk op het blad Betrokkenen.')


def test_sheets_named_as_each_other_are_left_as_eenplan_names_them():
    """Netwerk called "Dossiers" and Dossiers "Netwerk": either name would mislead, and a
    sentence said twice would swap back."""
    said = "Kijk op het blad Dossiers en het blad Netwerk."
    assert in_team_titles(said, {"Dossiers": "Netwerk", "Netwerk": "Dossiers"}) == said


def test_check_names_the_teams_sheets(runner, book, tmp_path):
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["check", "--team", str(root), "--format", "json", *AS_OF])
    [finding] = [f for f in json.loads(result.output)["findings"] if f["code"] == "unknown-dossier"]
    assert finding["sheet"] == "Netwerk"  # the data keeps eenplan's name
    assert "blad Gezinnen" in finding["message"] and "Dossiers" not in finding["message"]
    table = runner.invoke(cli, ["check", "--team", str(root), *AS_OF]).output
    assert "\nBlad Betrokkenen: 1 melding\n" in table and "Blad Netwerk" not in table


def test_invite_names_the_teams_sheet_for_an_unknown_dossier(runner, book, tmp_path):
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["invite", "2026-015", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "blad Gezinnen" in result.output and "blad Dossiers" not in result.output


def test_a_missing_column_is_said_of_the_teams_sheet(runner, book, tmp_path):
    root = _team(tmp_path, book)
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    sheet = workbook["Betrokkenen"]
    [address] = [cell for cell in sheet[1] if cell.value == "Adres"]
    sheet.delete_cols(address.column)
    workbook.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "blad Betrokkenen" in result.output and "blad Netwerk" not in result.output
    assert "[kolommen.Netwerk]" in result.output  # eenplan.toml's section keeps eenplan's name
