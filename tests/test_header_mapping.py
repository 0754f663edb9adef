"""A header named in eenplan.toml ([kolommen.Dossiers] "Aantal sessies" = "Sesies") that the sheet
lacks is the line in eenplan.toml to mend, not the team's header: `check` says so with a code of
its own (``alias-not-found``) and the header that is there, and `overdue` and `stats` refuse
naming that line. A column missing without a mapping names the section to map it in
([kolommen.Dossiers]) and the line to write. [kolommen."Caseload 2026"], the team's name for a
sheet [bladen] maps, is told to use eenplan's name."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.errors import ConfigError
from eenplan.sheets.schema import SCHEMAS
from eenplan.team.settings import parse_settings
from tests.builders import CaseloadBuilder

D = datetime.date
AS_OF = ["--as-of", "2026-12-01"]


def _team(folder: Path, renamed: dict[str, str], mapping: str, **cells) -> Path:
    """Dossiers with some of eenplan's headers written otherwise (``renamed``: eenplan's header
    -> the sheet's), one dossier, and [kolommen.Dossiers] holding ``mapping``."""
    book = CaseloadBuilder()
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1), **cells)
    columns = SCHEMAS["Dossiers"].columns
    book.with_headers("Dossiers", [renamed.get(c.header, c.header) for c in columns])
    row = book.rows["Dossiers"][0]
    for column in columns:
        if column.header in renamed and column.field in row:
            row[renamed[column.header]] = row.pop(column.field)
    book.save(folder / "Caseload.xlsx")
    (folder / "eenplan.toml").write_text(f"[kolommen.Dossiers]\n{mapping}\n", encoding="utf-8")
    return folder


def _findings(runner, folder: Path) -> tuple[int, list[dict]]:
    result = runner.invoke(cli, ["check", "--team", str(folder), "--format", "json", *AS_OF])
    return result.exit_code, json.loads(result.output)["findings"]


def _column_letter(header: str) -> str:
    index = [c.header for c in SCHEMAS["Dossiers"].columns].index(header)
    return chr(ord("A") + index)


def test_a_mistyped_optional_mapping_is_the_toml_line_not_the_header(runner, tmp_path):
    folder = _team(tmp_path, {"Aantal sessies": "Sessies"}, '"Aantal sessies" = "Sesies"')
    code, findings = _findings(runner, folder)
    (alias,) = [f for f in findings if f["code"] == "alias-not-found"]
    assert alias["severity"] == "warning" and alias["column"] == "Sesies"
    assert alias["value"] == "Sessies" and alias["cell"] == f"{_column_letter('Aantal sessies')}1"
    assert "[kolommen.Dossiers]" in alias["message"] and '"Aantal sessies" = "Sessies"' in alias["message"]
    # the team's header is right: no finding tells to rename it, or to add a column "Sesies"
    assert not [f for f in findings if f["code"] == "unknown-column"]
    assert not [f for f in findings if "Sesies" in f["column"] and f["code"] == "missing-column"]
    assert code == 0


def test_a_mistyped_required_mapping_is_an_error_in_check(runner, tmp_path):
    folder = _team(tmp_path, {"Datum aanmelding": "Aangemeld op"},
                   '"Datum aanmelding" = "Aangemeld op:"')
    code, findings = _findings(runner, folder)
    (alias,) = [f for f in findings if f["code"] == "alias-not-found"]
    assert alias["severity"] == "error" and alias["value"] == "Aangemeld op"
    assert alias["cell"] == f"{_column_letter('Datum aanmelding')}1"
    assert not [f for f in findings if f["code"] in ("missing-column", "unknown-column")
                and f["severity"] == "error"]
    assert code == 1


@pytest.mark.parametrize("command", ["overdue", "stats"])
def test_overdue_and_stats_refuse_naming_the_line_in_eenplan_toml(runner, tmp_path, command):
    folder = _team(tmp_path, {"Datum aanmelding": "Aangemeld op"},
                   '"Datum aanmelding" = "Aangemeld op:"')
    result = runner.invoke(cli, [command, "--team", str(folder), *AS_OF])
    assert result.exit_code == 2, result.output
    said = result.output
    assert "[kolommen.Dossiers]" in said and '"Aangemeld op:"' in said
    assert '"Datum aanmelding" = "Aangemeld op"' in said  # the line to write
    assert "geef de kolom de kop" not in said  # the team's header is not what is wrong


def test_a_missing_column_names_the_section_and_the_line_to_write(runner, tmp_path):
    folder = _team(tmp_path, {"Datum aanmelding": "Datum aanmeldng"}, "")
    result = runner.invoke(cli, ["overdue", "--team", str(folder), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "[kolommen.Dossiers]" in result.output
    assert '"Datum aanmelding" = "Datum aanmeldng"' in result.output


def test_a_mapped_clock_column_missing_is_said_once_as_an_error(runner, tmp_path):
    """The header eenplan.toml names for Datum perspectiefgesprek is not there, eenplan's own is:
    one finding, an error (overdue refuses for it), not a warning beside a clock-missing."""
    folder = _team(tmp_path, {}, '"Datum perspectiefgesprek" = "Perspectief"',
                   perspective_on=D(2026, 9, 20))
    code, findings = _findings(runner, folder)
    said = [f for f in findings if f["column"] == "Perspectief"]
    assert [(f["code"], f["severity"]) for f in said] == [("alias-not-found", "error")]
    assert said[0]["value"] == "Datum perspectiefgesprek"
    assert "Perspectief" not in " ".join(f["column"] for f in findings if f["code"] == "missing-column")
    assert code == 1


def test_a_mapped_column_a_rule_needs_names_the_line(runner, tmp_path):
    folder = _team(tmp_path, {"Reden afsluiting": "Reden"}, '"Reden afsluiting" = "Redenen"',
                   perspective_on=D(2026, 9, 20), closed_on=D(2026, 11, 1))
    _, findings = _findings(runner, folder)
    (unchecked,) = [f for f in findings if f["code"] == "rule-unchecked"]
    assert unchecked["column"] == "Redenen" and unchecked["value"] == "Reden"
    assert '"Reden afsluiting" = "Reden"' in unchecked["message"]
    assert not [f for f in findings if f["code"] == "alias-not-found"]  # said once, by the rule


def test_the_teams_sheet_name_under_kolommen_is_told_to_use_eenplans():
    raw = {"bladen": {"Dossiers": "Caseload 2026"},
           "kolommen": {"Caseload 2026": {"Aantal sessies": "Sessies"}}}
    with pytest.raises(ConfigError) as raised:
        parse_settings(raw)
    assert "[kolommen.Dossiers]" in str(raised.value)
    assert "geen blad van de werkmap" not in str(raised.value)
    assert parse_settings({"bladen": {"Dossiers": "Caseload 2026"},
                           "kolommen": {"Dossiers": {"Aantal sessies": "Sessies"}}}
                          ).header_aliases["Dossiers"]["Aantal sessies"] == "Sessies"
