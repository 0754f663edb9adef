"""A team that kept a year in Excel has a sheet per year ("Dossiers 2025"), or an Excel copy
("Dossiers (2)", "Netwerk (2)"), with the headers of a sheet eenplan reads. eenplan read only its
own sheet and said nothing of the other: `check` "0 fouten", `overdue` "Niets te laat", the
digest "Er is niets te laat" and fewer registrations in `stats`, while an open dossier on
"Dossiers 2025" was long overdue. Now `check` says each such sheet (``unread-sheet``), and the
answers that count say beside their counts that it was not read."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from eenplan.cli import cli
from eenplan.docx_templates.documents import plan_invitations
from eenplan.flows.loader import load_flows
from eenplan.sheets import reader
from eenplan.sheets.reader import read_caseload
from eenplan.stats.figures import figures
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder

AS_OF = ["--as-of", "2026-11-29"]
TODAY = datetime.date(2026, 11, 29)
DOSSIER_HEADERS = ["Dossier", "Gezin", "Traject", "Gemeente", "Begeleider", "Datum aanmelding",
                   "Datum perspectiefgesprek", "Datum afsluiting"]
# an open dossier of last year whose perspectiefgesprek is long overdue
LAST_YEAR = ["2025-240", "Familie Oud", "procesbegeleiding", "Kapellen", "An Claes",
             datetime.datetime(2025, 12, 1), None, None]


def _workbook(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], *,
              book: CaseloadBuilder | None = None) -> Path:
    """A workbook whose own sheets hold one dossier that is on time, and beside them ``sheets``
    (title -> rows, as written)."""
    book = book or CaseloadBuilder().dossier(
        "2026-301", begeleider="An Claes", registered_on=datetime.date(2026, 10, 1),
        perspective_on=datetime.date(2026, 10, 20))
    book.save(path)
    workbook = openpyxl.load_workbook(path)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def _check(path: Path, *more: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF, *more])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _unread(report: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    return [(f["sheet"], f["row"], f["value"], f["severity"])
            for f in report["findings"] if f["code"] == "unread-sheet"]


def test_check_says_a_year_sheet_and_a_copy_of_dossiers(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {
        "Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR],
        # a copy with a title above its header, as the reader allows on its own sheets
        "Dossiers (2)": [["Caseload 2026 (kopie)"], [], DOSSIER_HEADERS,
                         ["2026-303", "Familie Nieuw", "procesbegeleiding", "Kapellen"]],
    })
    report = _check(path)
    assert report["errors"] == 0
    assert sorted(_unread(report)) == [("Dossiers (2)", 3, "Dossiers (2)", "warning"),
                                       ("Dossiers 2025", 1, "Dossiers 2025", "warning")]
    assert read_caseload(path).look_alikes[0].sheet == "Dossiers"
    table = CliRunner().invoke(cli, ["check", "--workbook", str(path), *AS_OF]).output
    assert "Dossiers 2025" in table and "Alles in orde" not in table


def test_a_hidden_copy_is_said_as_hidden(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {"Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR]})
    workbook = openpyxl.load_workbook(path)
    workbook["Dossiers 2025"].sheet_state = "hidden"
    workbook.save(path)
    assert [(f.title, f.hidden) for f in read_caseload(path).look_alikes] == [("Dossiers 2025", True)]
    assert _unread(_check(path)) == [("Dossiers 2025", 1, "Dossiers 2025", "warning")]


def test_a_sheet_that_shares_a_header_or_two_is_not_said(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {
        "Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR],
        # a pivot table: per begeleider, the dossiers (its key and one more header)
        "Overzicht": [["Rijlabels", "Aantal van Dossier"], ["Begeleider", "Dossier"], ["An Claes", 3]],
        "Per gemeente": [["Dossier", "Gemeente"], ["2026-301", "Kapellen"]],
        # three of the Dossiers headers, but not its key
        "Werklast": [["Begeleider", "Gemeente", "Traject", "Datum aanmelding"]],
        # lists of their own, as on Lijsten
        "Lijsten oud": [["Gemeenten", "Begeleiders", "Rollen"], ["Kapellen", "An Claes", "Ouder"]],
        "Leeg": [],
    })
    assert [title for title, *_ in _unread(_check(path))] == ["Dossiers 2025"]


def test_a_copy_of_netwerk_is_said_by_check_as_netwerk_and_not_by_overdue(tmp_path):
    network = ["Dossier", "Naam", "Rol", "Relatie", "Organisatie", "E-mail", "Telefoon", "Adres",
               "Uitnodigen"]
    path = _workbook(tmp_path / "Caseload.xlsx", {
        # the father the copy holds is invited on no round-table: check says it
        "Netwerk (2)": [network, ["2026-301", "Karel Peeters", "Ouder", "papa", None, None, None,
                                  "Lindelei 9, 2960 Brecht", "ja"]],
    })
    assert _unread(_check(path)) == [("Netwerk (2)", 1, "Netwerk (2)", "warning")]
    assert [found.sheet for found in read_caseload(path).look_alikes] == ["Netwerk"]
    # Netwerk shares Dossier, Adres and E-mail with Dossiers, but it is Netwerk's header: the
    # overdue list, which does not read Netwerk, has nothing of it to say
    result = CliRunner().invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert "let_op" not in json.loads(result.output)


def test_the_teams_own_headers_are_known_in_a_copy(tmp_path):
    (tmp_path / "eenplan.toml").write_text(
        '[kolommen.Dossiers]\nDossier = "Dossiernr"\nGezin = "Naam gezin"\n', encoding="utf-8")
    book = CaseloadBuilder().with_headers(
        "Dossiers", ["Dossiernr", "Naam gezin", "Traject", "Gemeente", "Datum aanmelding"])
    book.dossier("2026-301")
    _workbook(tmp_path / "Caseload.xlsx", {
        # the team's key, and two of its headers that are eenplan's own too
        "Dossiers 2025": [["Dossiernr", "Naam gezin", "Gemeente"], ["2025-240", "Familie Oud", "Kapellen"]],
    }, book=book)
    report = _check(tmp_path / "Caseload.xlsx", "--team", str(tmp_path))
    assert [title for title, *_ in _unread(report)] == ["Dossiers 2025"]


def test_overdue_is_no_all_clear_while_a_year_sheet_is_not_read(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {"Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR]})
    result = CliRunner().invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"] == [] and data["open_dossiers"] == 1
    assert len(data["let_op"]) == 1 and '"Dossiers 2025"' in data["let_op"][0]
    table = CliRunner().invoke(cli, ["overdue", "--workbook", str(path), *AS_OF]).output
    assert "Dossiers 2025" in " ".join(table.split())
    assert not any(line.startswith("Niets te laat") for line in table.splitlines()), table


def test_the_digest_is_no_all_clear_while_a_year_sheet_is_not_read(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {"Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR]})
    result = CliRunner().invoke(cli, ["digest", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 0, result.output
    subject, text = result.output.split("\n", 1)
    assert subject.endswith("(1 blad niet gelezen)"), subject
    assert "Dossiers 2025" in text and "Er is niets te laat" not in text
    eml = tmp_path / "eml"
    result = CliRunner().invoke(cli, ["digest", "--workbook", str(path), "--eml", str(eml), *AS_OF])
    assert result.exit_code == 0, result.output
    [mail] = eml.glob("*.eml")
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(mail.read_bytes())
    html = message.get_body(("html",)).get_content()
    assert "Dossiers 2025" in html and "Er is niets te laat" not in html


def test_stats_say_a_year_sheet_was_not_counted(tmp_path):
    path = _workbook(tmp_path / "Caseload.xlsx", {"Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR]})
    result = CliRunner().invoke(cli, ["stats", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert any('"Dossiers 2025"' in said for said in json.loads(result.output)["let_op"])
    # the report itself says it to whoever reads it (a steering group)
    report = figures(read_caseload(path, sheets={"Dossiers", "Pauzes"}), load_flows(),
                     start=datetime.date(2025, 12, 1), end=TODAY, today=TODAY)
    assert any('"Dossiers 2025"' in said for said in report.reader_cautions())
    written = " ".join(CliRunner().invoke(cli, ["stats", "--workbook", str(path), *AS_OF]).output.split())
    assert "Dossiers 2025" in written and "kan zo naar de stuurgroep" not in written
    # and the team hears it before it sends its region file to the partnership
    region = CliRunner().invoke(cli, ["stats", "--workbook", str(path), "--voor-regio", *AS_OF])
    assert region.exit_code == 0, region.output
    assert '"Dossiers 2025"' in region.output


def test_only_sheets_that_are_none_of_eenplans_are_looked_at(tmp_path, monkeypatch):
    """A workbook of eenplan's sheets alone (the 50,000-dossier benchmark's) pays nothing, nor
    does a job for the sheets of eenplan it leaves unread (Netwerk, for `overdue`)."""
    looked: list[str] = []
    first_rows = reader._first_rows

    def counted(book: Any, title: str) -> list[list[Any]]:
        looked.append(title)
        return first_rows(book, title)

    monkeypatch.setattr(reader, "_first_rows", counted)
    path = CaseloadBuilder().dossier("2026-301").network("2026-301").save(tmp_path / "Caseload.xlsx")
    assert read_caseload(path).look_alikes == ()
    assert read_caseload(path, sheets={"Dossiers", "Pauzes"}).look_alikes == ()
    assert looked == []
    _workbook(path, {"Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR]})
    assert [f.title for f in read_caseload(path, sheets={"Dossiers", "Pauzes"}).look_alikes] == \
        ["Dossiers 2025"]
    assert looked == ["Dossiers 2025"]


def test_invite_says_a_copy_of_netwerk_whose_people_get_no_letter(tmp_path):
    book = CaseloadBuilder().dossier("2026-301", begeleider="An Claes")
    book.network("2026-301", name="An Peeters", role="Gezin", relation="mama", invite="ja")
    book.round_table("2026-301", date=datetime.date(2026, 12, 7), time=datetime.time(14, 0))
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    _workbook(tmp_path / "Caseload.xlsx", {
        "Netwerk (2)": [["Dossier", "Naam", "Rol", "Relatie", "Uitnodigen"],
                        ["2026-301", "Karel Peeters", "Ouder", "papa", "ja"]],
        "Dossiers 2025": [DOSSIER_HEADERS, LAST_YEAR],  # no letter's business
    }, book=book)
    team = find_team(team=tmp_path)
    planned = plan_invitations(team, load_caseload(team), "2026-301", None, today=TODAY)
    said = [note for note in planned.notes if "Netwerk (2)" in note]
    assert len(said) == 1 and "Dossiers 2025" not in said[0]
