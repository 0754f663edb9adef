"""Where [bladen] in eenplan.toml gives the sheets the team's own names, every command's sentences
name them that way, not only check's: the team looks for "Overleg", not for eenplan's
"Rondetafels" (and for a column by the header they gave it in [kolommen]).

Before: overdue, the digest, the watcher, the documents' notes, the mailing, restore and
retention sent the team to "het blad Dossiers", "het blad Netwerk", "het blad Rondetafels", sheets
their workbook does not have.
"""

from __future__ import annotations

import datetime
import email
import json
from pathlib import Path

import openpyxl

from eenplan.cli import cli
from eenplan.sheets.schema import DOSSIERS_SCHEMA
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # 2026-11-23
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
TITLES = {"Dossiers": "Gezinnen", "Netwerk": "Betrokkenen", "Rondetafels": "Overleg",
          "Afspraken": "Werkpunten", "Lijsten": "Keuzes"}


def rename(path: Path, titles: dict[str, str] = TITLES) -> Path:
    workbook = openpyxl.load_workbook(path)
    for ours, theirs in titles.items():
        workbook[ours].title = theirs
    workbook.save(path)
    return path


def team_folder(root: Path, book: CaseloadBuilder, more: str = "",
                settings: str = '[team]\nnaam = "Team Test"\n') -> Path:
    """A team folder whose eenplan.toml names every sheet otherwise ([bladen])."""
    root.mkdir(exist_ok=True)
    rename(book.save(root / "Caseload.xlsx"))
    lines = "".join(f'{ours} = "{theirs}"\n' for ours, theirs in TITLES.items())
    (root / "eenplan.toml").write_text(f"{settings}\n[bladen]\n{lines}{more}", encoding="utf-8")
    return root


def said(text: str) -> str:
    return " ".join(text.split())


def assert_teams_names(text: str, *sheets: str) -> None:
    """``text`` names each of ``sheets`` as the team does, and never by eenplan's name."""
    text = said(text)
    for sheet in sheets:
        assert f"blad {TITLES[sheet]}" in text, text
        assert f"blad {sheet}" not in text, text


def cells(path: Path) -> str:
    workbook = openpyxl.load_workbook(path)
    return " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row
                    if c.value is not None)


# --- overdue and the digest ----------------------------------------------------------------------


def test_overdue_of_a_workbook_without_open_dossiers_names_the_teams_sheet(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1),
                 closed_on=D(2026, 11, 1), closing_reason="Doelen bereikt")
    root = team_folder(tmp_path / "team", book)
    table = runner.invoke(cli, ["overdue", "--team", str(root), *AS_OF])
    assert table.exit_code == 0, table.output
    assert_teams_names(table.output, "Dossiers")
    one = runner.invoke(cli, ["overdue", "--team", str(root), "--begeleider", "An Claes", *AS_OF])
    assert_teams_names(one.output, "Dossiers")
    written = runner.invoke(cli, ["overdue", "--team", str(root), "--format", "xlsx", *AS_OF])
    assert written.exit_code == 0, written.output
    assert_teams_names(written.output, "Dossiers")
    assert_teams_names(cells(root / "rapporten" / "Achterstand.xlsx"), "Dossiers")


def test_overdue_names_the_teams_sheet_and_header_in_a_reason(runner, book, tmp_path):
    """A number on two rows, and a Datum afsluiting after today (a header the team named
    "Einde"): each reason sends the team to the sheet and the column as they wrote them."""
    book.dossier("2026-001", registered_on=D(2026, 11, 1))
    book.dossier("2026-001", registered_on=D(2026, 11, 2))
    book.dossier("2026-002", registered_on=D(2026, 11, 1), Einde=D(2026, 12, 20),
                 closing_reason="Doelen bereikt")
    book.with_headers("Dossiers", [
        "Einde" if c.header == "Datum afsluiting" else c.header
        for c in DOSSIERS_SCHEMA.columns])
    root = team_folder(tmp_path / "team", book,
                       more='\n[kolommen.Dossiers]\n"Datum afsluiting" = "Einde"\n')
    result = runner.invoke(cli, ["overdue", "--team", str(root), "--format", "json", *AS_OF])
    reasons = {i["dossier"]: i["reason"] for i in json.loads(result.output)["items"]
               if i["status"] == "unknown"}
    assert "van Gezinnen" in reasons["2026-001"] and "Dossiers" not in reasons["2026-001"]
    assert "Einde" in reasons["2026-002"] and "Datum afsluiting" not in reasons["2026-002"]


def test_the_digest_of_a_workbook_without_open_dossiers_names_the_teams_sheet(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1),
                 closed_on=D(2026, 11, 1), closing_reason="Doelen bereikt")
    root = team_folder(tmp_path / "team", book)
    result = runner.invoke(cli, ["digest", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert_teams_names(result.output, "Dossiers")
    mails = tmp_path / "mails"
    made = runner.invoke(cli, ["digest", "--team", str(root), "--eml", str(mails), *AS_OF])
    assert made.exit_code == 0, made.output
    [eml] = mails.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes())
    attached = [p for p in message.walk() if p.get_filename()]
    assert attached
    report = tmp_path / "Achterstand.xlsx"
    report.write_bytes(attached[0].get_payload(decode=True))
    assert_teams_names(cells(report), "Dossiers")


def test_a_begeleiders_week_without_an_address_names_the_teams_sheet_and_header(runner, tmp_path,
                                                                              smtp):  # noqa: F811
    """An Claes has no address in the column the team calls "Mail begeleider"."""
    controller, inbox = smtp
    lists = {**LISTS, "E-mail begeleider": ["", "bart@voorbeeld.be", "sofie@voorbeeld.be"]}
    book = CaseloadBuilder(lists=lists)
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 11, 1))
    book.dossier("2026-002", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    root = team_folder(tmp_path / "team", book, more=(
        '\n[kolommen.Lijsten]\n"E-mail begeleider" = "Mail begeleider"\n'), settings=mail_team_settings(
        controller.port, mail='coordinatoren = ["coord@voorbeeld.be"]'))
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    [header] = [c for c in workbook["Keuzes"][1] if c.value == "E-mail begeleider"]
    header.value = "Mail begeleider"
    workbook.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(root), *AS_OF])
    assert [e.rcpt_tos for e in inbox.envelopes] == [["bart@voorbeeld.be"]]
    assert_teams_names(result.output, "Lijsten")
    assert "kolom Mail begeleider" in said(result.output), result.output
