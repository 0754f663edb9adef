"""Where [kolommen] in eenplan.toml maps eenplan's headers to the team's, a sentence that sends the
team to a column names it as their workbook does ("vul Procesbegeleider in"), not by eenplan's own
header: a column the team cannot find on their sheet.

Before: "vul Begeleider in", "zet Status op klaar", "geen Tegen wanneer", "kijk de Datum afsluiting
na", "Schrijf de naam zoals in de kolom Begeleider" and "de kolom Gezin leeg", whatever the team's
headers were.
"""

from __future__ import annotations

import datetime
import json
import re

import openpyxl

from eenplan.cli import cli
from eenplan.sheets.schema import SCHEMAS
from tests.conftest import TODAY

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
# eenplan's header -> the team's, on the sheets below
TEAMS = {"Begeleider": "Procesbegeleider", "Datum afsluiting": "Afgesloten op", "Status": "Stand",
         "Tegen wanneer": "Deadline", "Wie": "Door wie", "Gezin": "Naam gezin"}


def _team(tmp_path, book):
    book.dossier("2026-001", begeleider="", perspective_on=D(2026, 9, 10))  # met, no begeleider
    book.dossier("2026-002", family="", begeleider="An Claes", closed_on=D(2026, 11, 20),
                 closure_reason="Doelen bereikt", perspective_on=D(2026, 9, 1))
    book.round_table("2026-002", date=D(2026, 12, 7), time=datetime.time(9, 30))  # after closure
    book.agreement("2026-001", round_table=D(2026, 10, 5), goal="Rust", who="", status="open")
    book.round_table("2026-001", date=D(2026, 10, 5), time=datetime.time(9, 30))
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    sections = []
    for name in ("Dossiers", "Afspraken"):
        lines = []
        for cell in workbook[name][1]:
            if cell.value in TEAMS:
                lines.append(f'"{cell.value}" = "{TEAMS[cell.value]}"')
                cell.value = TEAMS[cell.value]
        sections.append(f"[kolommen.{name}]\n" + "\n".join(lines))
    workbook.save(path)
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n\n' + "\n\n".join(sections) + "\n",
                                           encoding="utf-8")
    return tmp_path


def _ours_named(message: str) -> list[str]:
    return [ours for ours in TEAMS if re.search(rf"\b{ours}\b", message)]


def test_check_sends_the_team_to_their_own_columns(runner, book, tmp_path):
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["check", "--team", str(root), "--format", "json", *AS_OF])
    findings = {f["code"]: f["message"] for f in json.loads(result.output)["findings"]}
    asked = ("begeleider-missing", "agreement-without-date", "agreement-without-who",
             "round-table-after-closure")
    assert set(asked) <= set(findings), findings
    for code in asked:
        assert not _ours_named(findings[code]), (code, findings[code])
    assert "Procesbegeleider" in findings["begeleider-missing"]
    assert "Deadline" in findings["agreement-without-date"] and "Stand" in findings["agreement-without-date"]
    assert "Afgesloten op" in findings["round-table-after-closure"]


def test_overdue_names_the_teams_begeleider_column(runner, book, tmp_path):
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["overdue", "--team", str(root), "--begeleider", "Bart Smets", *AS_OF])
    assert result.exit_code == 2, result.output
    assert "kolom Procesbegeleider" in result.output and "kolom Begeleider" not in result.output


def test_a_letter_refused_for_an_empty_family_names_the_teams_column(runner, book, tmp_path):
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["plan", "2026-002", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "kolom Naam gezin" in result.output and "kolom Gezin " not in result.output


def test_the_mapping_covers_what_the_test_renames():
    headers = {c.header for schema in SCHEMAS.values() for c in schema.columns}
    assert set(TEAMS) <= headers
