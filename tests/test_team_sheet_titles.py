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
import shutil
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.sheets.schema import DOSSIERS_SCHEMA, SCHEMAS
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # 2026-11-23
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
NOW = datetime.datetime(2026, 11, 23, 10, 0)
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice makes the PDFs; `make test` installs it")
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


def addressless_team(root: Path, port: int, digest: str = "") -> Path:
    """Two begeleiders with an open dossier; An Claes has no address in the column the team
    calls "Mail begeleider" on "Keuzes" (eenplan's E-mail begeleider on Lijsten)."""
    lists = {**LISTS, "E-mail begeleider": ["", "bart@voorbeeld.be", "sofie@voorbeeld.be"]}
    book = CaseloadBuilder(lists=lists)
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 11, 1))
    book.dossier("2026-002", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    root = team_folder(root, book, more='\n[kolommen.Lijsten]\n"E-mail begeleider" = "Mail begeleider"\n',
                       settings=mail_team_settings(port, mail='coordinatoren = ["coord@voorbeeld.be"]',
                                                   more=digest))
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    [header] = [c for c in workbook[TITLES["Lijsten"]][1] if c.value == "E-mail begeleider"]
    header.value = "Mail begeleider"
    workbook.save(root / "Caseload.xlsx")
    return root


def test_a_begeleiders_week_without_an_address_names_the_teams_sheet_and_header(runner, tmp_path,
                                                                              smtp):  # noqa: F811
    """An Claes has no address in the column the team calls "Mail begeleider"."""
    controller, inbox = smtp
    root = addressless_team(tmp_path / "team", controller.port)
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(root), *AS_OF])
    assert [e.rcpt_tos for e in inbox.envelopes] == [["bart@voorbeeld.be"]]
    assert_teams_names(result.output, "Lijsten")
    assert "kolom Mail begeleider" in said(result.output), result.output


# --- the watcher ----------------------------------------------------------------------------------


def test_the_watchers_line_for_a_workbook_without_open_dossiers_names_the_teams_sheet(book, tmp_path):
    from eenplan.watcher import run

    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1),
                 closed_on=D(2026, 11, 1), closing_reason="Doelen bereikt")
    team = find_team(team=team_folder(tmp_path / "team", book))
    result = run.run_once(team, now=NOW)
    assert result.ok and result.open_dossiers == 0
    assert_teams_names(result.lines()[0], "Dossiers")
    assert_teams_names(cells(team.reports_dir / "Achterstand.xlsx"), "Dossiers")


def test_a_save_that_emptied_a_sheet_names_the_teams_sheet(book, tmp_path):
    from eenplan.watcher.run import HELD, OK, run_once

    for n in range(1, 11):
        book.dossier(f"2026-{n:03d}", begeleider="An Claes", perspective_on=D(2026, 9, 10))
        book.network(f"2026-{n:03d}", name="Jan Janssens", invite="ja")
    team = find_team(team=team_folder(tmp_path / "team", book))
    assert run_once(team, now=NOW).outcome == OK
    book.rows["Netwerk"].clear()
    rename(book.save(team.workbook))
    held = run_once(team, now=NOW + datetime.timedelta(minutes=1))
    assert held.outcome == HELD
    assert "alle 10 rijen van Betrokkenen" in said(held.lines()[0])
    assert "Netwerk" not in held.lines()[0]


def test_restore_names_the_teams_sheet_for_a_dossier_left_only_on_the_others(runner, book, tmp_path):
    """The snapshot holds 2026-002 on Betrokkenen but no longer on Gezinnen."""
    from eenplan.watcher.run import OK, run_once

    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 10))
    book.network("2026-001", name="Jan Janssens")
    book.network("2026-002", name="Els Maes")
    team = find_team(team=team_folder(tmp_path / "team", book))
    first = run_once(team, now=NOW)
    assert first.outcome == OK
    only = runner.invoke(cli, ["restore", first.snapshot, "--dossier", "2026-002",
                               "--team", str(team.base)])
    assert only.exit_code == 2, only.output
    assert_teams_names(only.output, "Dossiers")
    both = runner.invoke(cli, ["restore", first.snapshot, "--dossier", "2026-001", "--dossier",
                               "2026-002", "--team", str(team.base)])
    assert both.exit_code == 0, both.output
    assert_teams_names(both.output, "Dossiers")


@needs_soffice
def test_the_watcher_names_the_teams_sheet_for_an_address_the_server_refused(tmp_path, smtp):  # noqa: F811
    from eenplan.watcher.run import run_once

    controller, inbox = smtp
    inbox.refuse = "maria@voorbeeld.be"
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email="maria@voorbeeld.be", by_mail="ja")
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(18, 30), location="Thuis")
    team = find_team(team=team_folder(tmp_path / "team", book, settings=mail_team_settings(
        controller.port, mail='coordinatoren = ["coord@voorbeeld.be"]\nuitnodigingen = true\n')))
    result = run_once(team, now=NOW)
    [mend] = result.mend
    assert_teams_names(mend, "Netwerk")


def test_the_watchers_weeks_name_the_teams_sheet_and_header_for_a_missing_address(tmp_path,
                                                                                  smtp):  # noqa: F811
    from eenplan.watcher.run import digest_if_due

    controller, _ = smtp
    root = addressless_team(tmp_path / "team", controller.port, digest="[digest]\nbegeleiders = true\n")
    result = digest_if_due(find_team(team=root), now=datetime.datetime(2026, 11, 23, 8, 0, 5))
    assert result is not None
    warned = said(" ".join(result.warnings()))
    assert_teams_names(warned, "Lijsten")
    assert "kolom Mail begeleider" in warned and "E-mail begeleider" not in warned


# --- the documents: invite, report, plan -----------------------------------------------------------

MEETING = D(2026, 12, 7)


def document_team(root: Path, book: CaseloadBuilder, *, guests: str = "") -> Path:
    """A dossier with a round-table ahead whose guests are on the column the team calls
    "Genodigden" (eenplan's Uitnodigen on Rondetafels), and one held with nothing recorded."""
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", invite="ja",
                 address="Kerkstraat 1, 2950 Kapellen")
    book.network("2026-014", name="Els Maes", role="Buur", invite="ja")  # no Adres, no E-mail
    book.round_table("2026-014", date=D(2026, 10, 5), time=datetime.time(14, 0), location="Thuis")
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location="Thuis",
                     Genodigden=guests)
    headers = [c.header for c in SCHEMAS["Rondetafels"].columns]
    book.with_headers("Rondetafels", ["Genodigden" if h == "Uitnodigen" else h for h in headers])
    return team_folder(root, book, more='\n[kolommen.Rondetafels]\nUitnodigen = "Genodigden"\n')


def test_invite_names_the_teams_sheets_and_column_in_its_notes(runner, book, tmp_path):
    root = document_team(tmp_path / "team", book, guests="Maria Peeters, Els Maes, Jan Onbekend")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    notes = said(result.output)
    assert "Jan Onbekend (blad Overleg, kolom Genodigden)" in notes
    assert "rij 3 op het blad Betrokkenen" in notes
    assert "Familie Peeters (rij 2 op het blad Gezinnen)" in notes  # the family's letter: no address
    assert_teams_names(notes, "Rondetafels", "Netwerk", "Dossiers")
    assert "kolom Uitnodigen" not in notes


def test_invite_names_the_teams_sheet_for_a_round_table_it_cannot_find(runner, book, tmp_path):
    root = document_team(tmp_path / "team", book)
    result = runner.invoke(cli, ["invite", "2026-014", "--rondetafel", "2026-12-08", "--team",
                                 str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert_teams_names(result.output, "Rondetafels")
    later = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), "--as-of", "2026-12-20"])
    assert later.exit_code == 2, later.output
    assert_teams_names(later.output, "Rondetafels")


def test_invite_names_the_teams_sheet_for_a_cell_it_cannot_read(runner, book, tmp_path):
    root = document_team(tmp_path / "team", book)
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    workbook["Betrokkenen"]["B2"] = "=1/0"  # Naam: a formula without a computed value
    workbook.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert_teams_names(result.output, "Netwerk")


def test_a_letter_no_longer_wanted_is_said_of_the_teams_sheet(runner, book, tmp_path):
    root = document_team(tmp_path / "team", book)
    assert runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF]).exit_code == 0
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    workbook["Betrokkenen"]["B2"] = "Mevrouw Maria Peeters"
    workbook.save(root / "Caseload.xlsx")
    again = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert again.exit_code == 0, again.output
    assert "(vervallen)" in again.output
    assert_teams_names(again.output, "Netwerk")


def test_the_report_names_the_teams_sheets_and_columns(runner, book, tmp_path):
    root = document_team(tmp_path / "team", book)
    empty = runner.invoke(cli, ["report", "2026-014", "--team", str(root), *AS_OF])
    assert empty.exit_code == 2, empty.output
    assert_teams_names(empty.output, "Rondetafels", "Afspraken")
    ahead = runner.invoke(cli, ["report", "2026-014", "--rondetafel", MEETING.isoformat(),
                                "--team", str(root), *AS_OF])
    assert ahead.exit_code == 0, ahead.output
    assert_teams_names(ahead.output, "Rondetafels")


def test_the_plan_names_the_teams_sheet_for_an_agreement_it_cannot_read(runner, book, tmp_path):
    book.agreement("2026-014", round_table=D(2026, 10, 5), domain="Opvoeding", goal="Rust",
                   due="31/02/2026", status="open")
    root = document_team(tmp_path / "team", book)
    result = runner.invoke(cli, ["plan", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert_teams_names(result.output, "Afspraken")



def test_the_watchers_line_on_letters_no_longer_wanted_names_the_teams_sheet(book, tmp_path):
    from eenplan.watcher.run import run_once

    team = find_team(team=document_team(tmp_path / "team", book))
    assert run_once(team, now=NOW).ok
    workbook = openpyxl.load_workbook(team.workbook)
    workbook["Betrokkenen"]["B2"] = "Mevrouw Maria Peeters"  # the letter to Maria Peeters: void
    workbook.save(team.workbook)
    result = run_once(team, now=NOW + datetime.timedelta(minutes=1))
    [void] = [line for line in result.lines() if "(vervallen)" in line]
    assert_teams_names(void, "Netwerk")

# --- invitations by e-mail -------------------------------------------------------------------------


def mail_book(*, meeting: bool = True, by_mail: str = "ja") -> CaseloadBuilder:
    """Maria's address the test's mail server refuses, Els without one, Jan's taken."""
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email="maria@voorbeeld.be", by_mail=by_mail)
    book.network("2026-001", name="Els Maes", role="Buur", invite="ja", by_mail=by_mail,
                 address="Kerkstraat 1, 2950 Kapellen")
    book.network("2026-001", name="Jan Claes", role="Buur", invite="ja", email="jan@voorbeeld.be",
                 by_mail=by_mail)
    if meeting:
        book.round_table("2026-001", date=MEETING, time=datetime.time(18, 30), location="Thuis")
    return book


def test_invite_by_mail_without_anyone_wanting_it_names_the_teams_sheet(runner, tmp_path,
                                                                        smtp):  # noqa: F811
    controller, _ = smtp
    root = team_folder(tmp_path / "team", mail_book(by_mail="nee"), settings=mail_team_settings(
        controller.port))
    result = runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "niemand van de genodigden" in result.output
    assert_teams_names(result.output, "Netwerk")


@needs_soffice
@pytest.mark.parametrize("by", ["watcher", "invite"])
def test_invite_by_mail_and_its_calling_off_name_the_teams_sheets(runner, tmp_path, smtp, by):  # noqa: F811
    from eenplan.watcher.run import run_once

    controller, inbox = smtp
    inbox.refuse = "maria@voorbeeld.be"
    root = team_folder(tmp_path / "team", mail_book(), settings=mail_team_settings(
        controller.port, mail="uitnodigingen = true\n"))
    sent = runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(root), *AS_OF])
    assert sent.exit_code == 2, sent.output  # Maria's and Els's did not go
    assert [e.rcpt_tos for e in inbox.envelopes] == [["jan@voorbeeld.be"]]
    lines = {line.split(":")[0].strip(): line for line in sent.output.splitlines() if ":" in line}
    assert_teams_names(lines["Maria Peeters"], "Netwerk")  # the address the server refused
    assert_teams_names(lines["Els Maes"], "Netwerk")  # none at all
    rename(mail_book(meeting=False).save(root / "Caseload.xlsx"))  # the round-table is deleted
    if by == "watcher":
        [called_off] = run_once(find_team(team=root), now=NOW).called_off
    else:
        called = runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(root), *AS_OF])
        [called_off] = [line for line in called.output.splitlines() if "Jan Claes: afgelast" in line]
    assert_teams_names(called_off, "Rondetafels")
    assert inbox.envelopes[-1].rcpt_tos == ["jan@voorbeeld.be"]  # his cancellation


def test_the_team_agendas_cancelling_names_the_teams_sheet_for_a_cell_it_cannot_read(runner, book,
                                                                                    tmp_path):
    root = document_team(tmp_path / "team", book)
    assert runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF]).exit_code == 0
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    workbook["Overleg"]["B2"] = "=1/0"  # the held round-table's Datum: no computed value
    workbook.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert "geschrapt" in result.output, result.output
    assert_teams_names(result.output, "Rondetafels")


# --- privacy: retention and the inzage --------------------------------------------------------------

RETENTION = '\n[bewaren]\nmaanden = 60\n'


def test_retention_names_the_teams_sheet_for_a_number_no_row_has(runner, book, tmp_path):
    book.dossier("2026-001")
    book.network("2019-050", name="Oma Lutgard")  # its row on Gezinnen removed
    root = team_folder(tmp_path / "team", book, more=RETENTION)
    (root / "out" / "2019-050").mkdir(parents=True)
    (root / "out" / "2019-050" / "Verslag.docx").write_bytes(b"verslag")
    result = runner.invoke(cli, ["retention", "--team", str(root), *AS_OF])
    assert result.exit_code == 1, result.output
    assert "2019-050" in result.output
    assert_teams_names(result.output, "Dossiers")


def test_retention_names_the_teams_sheet_for_a_number_on_two_rows(runner, book, tmp_path):
    book.dossier("2020-007", registered_on=D(2020, 9, 1), perspective_on=D(2020, 9, 20),
                 closed_on=D(2021, 3, 15), closure_reason="Doelen bereikt")
    book.dossier("2020-007", registered_on=D(2026, 10, 5))
    root = team_folder(tmp_path / "team", book, more=RETENTION)
    result = runner.invoke(cli, ["retention", "--team", str(root), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    [judged] = json.loads(result.output)["not_judged"]
    assert "rijen van Gezinnen" in judged["reason"] and "Dossiers" not in judged["reason"]


def test_retention_names_the_teams_sheet_for_a_dossier_no_longer_on_it(runner, book, tmp_path):
    from eenplan.watcher.run import run_once

    book.dossier("2020-007", registered_on=D(2020, 9, 1), perspective_on=D(2020, 9, 20),
                 closed_on=D(2021, 3, 15), closure_reason="Doelen bereikt")
    book.dossier("2026-001")
    root = team_folder(tmp_path / "team", book, more=RETENTION)
    team = find_team(team=root)
    assert run_once(team, now=datetime.datetime(2026, 11, 20, 9, 0), documents=False).ok
    book.rows["Dossiers"].pop(0)
    rename(book.save(team.workbook))
    assert run_once(team, now=datetime.datetime(2026, 11, 21, 9, 0), documents=False).ok
    result = runner.invoke(cli, ["retention", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "niet meer op Gezinnen" in said(result.output) and "Dossiers" not in result.output


def test_the_inzage_names_the_teams_sheet_for_documents_under_a_number_no_row_has(runner, book,
                                                                                  tmp_path):
    book.dossier("2020-007", family="Familie Zwanepoel", registered_on=D(2020, 9, 1))
    root = team_folder(tmp_path / "team", book)
    (root / "out" / "2019-050").mkdir(parents=True)
    (root / "out" / "2019-050" / "Verslag.docx").write_bytes(b"ander gezin?")
    result = runner.invoke(cli, ["export", "2020-007", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "2019-050" in result.output
    assert_teams_names(result.output, "Dossiers")


# --- statistics -------------------------------------------------------------------------------------


def test_stats_of_a_workbook_without_dossiers_name_the_teams_sheet(runner, book, tmp_path):
    root = team_folder(tmp_path / "team", book)  # no row on Gezinnen at all
    report = runner.invoke(cli, ["stats", "--team", str(root), *AS_OF])
    assert report.exit_code == 0, report.output
    assert "geen enkel dossier" in said(report.output)
    assert_teams_names(report.output, "Dossiers")
    region = runner.invoke(cli, ["stats", "--voor-regio", "--team", str(root), *AS_OF])
    assert region.exit_code == 0, region.output
    assert_teams_names(region.output, "Dossiers")


# --- check's summary and the reader -------------------------------------------------------------


def test_checks_line_on_what_it_could_not_look_at_names_the_teams_sheet(runner, book, tmp_path):
    """Werkpunten (eenplan's Afspraken) has no Wie column, and an open agreement to ask it of."""
    book.dossier("2026-001", registered_on=D(2026, 11, 1))
    book.round_table("2026-001", date=D(2026, 11, 10))
    book.agreement("2026-001", round_table=D(2026, 11, 10), domain="Opvoeding", goal="Rust",
                   action="Een schema", due=D(2026, 12, 1), status="open")
    book.with_headers("Afspraken", [c.header for c in SCHEMAS["Afspraken"].columns if c.header != "Wie"])
    root = team_folder(tmp_path / "team", book)
    result = runner.invoke(cli, ["check", "--team", str(root), *AS_OF])
    first = said(result.output).split("Niet alles nagekeken:")[1].split(".")[0]
    assert "Wie op het blad Werkpunten" in first and "Afspraken" not in first


def test_a_damaged_dossiers_sheet_is_named_as_the_team_does(book, tmp_path):
    from eenplan.errors import WorkbookUnreadable
    from eenplan.sheets.reader import read_caseload
    from tests.test_far_cells import inject

    book.dossier("2026-001")
    path = inject(rename(book.save(tmp_path / "Caseload.xlsx")), "Gezinnen",
                  b'<row r="9"><c r="A9" t="zz"><v>1</v></c></row>')  # calamine: unknown type
    with pytest.raises(WorkbookUnreadable, match="blad Gezinnen .* beschadigd"):
        read_caseload(path, sheet_aliases=TITLES)


def test_checks_row_colours_are_said_of_the_teams_sheet(runner, tmp_path):
    """The colours init wrote, on a Dossiers sheet the team calls Gezinnen, after procesbegeleiding's
    first norm became 30 days."""
    from eenplan.init.folder import init_team
    from tests.test_norm_colours import CODE, THIRTY_DAYS

    team = init_team(tmp_path / "team")
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    rename(team.workbook, {"Dossiers": "Gezinnen"})
    settings = team.root / "eenplan.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[bladen]\nDossiers = "Gezinnen"\n',
                        encoding="utf-8")
    result = runner.invoke(cli, ["check", "--team", str(team.root), "--format", "json", *AS_OF])
    found = [f["message"] for f in json.loads(result.output)["findings"] if f["code"] == CODE]
    assert found
    for message in found:
        assert "blad Gezinnen" in message and "Dossiers" not in message, message


@pytest.mark.parametrize("by", ["invite", "watcher"])
def test_a_round_table_deleted_from_the_teams_agenda_is_said_of_the_teams_sheet(runner, book, tmp_path, by):
    from eenplan.watcher.run import run_once

    root = document_team(tmp_path / "team", book)
    assert runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF]).exit_code == 0
    book.rows["Rondetafels"].pop()  # the round-table of 7 December, its .ics in the team's agenda
    rename(book.save(root / "Caseload.xlsx"))
    if by == "invite":
        said_ = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF]).output
    else:
        said_ = " ".join(run_once(find_team(team=root), now=NOW).calendar_cancelled_lines)
    assert "afgelast" in said_, said_
    assert_teams_names(said_, "Rondetafels")


def test_a_language_eenplan_does_not_know_is_said_of_the_teams_sheet_and_column(runner, book, tmp_path):
    """Taal (the team's "Thuistaal" on Gezinnen) holds "xx": the plan goes in Dutch; so does a
    guest's letter with "xx" on Betrokkenen."""
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), Thuistaal="xx")
    book.network("2026-014", name="Maria Peeters", role="Grootouder", invite="ja",
                 address="Kerkstraat 1, 2950 Kapellen", language="xx")
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location="Thuis")
    book.with_headers("Dossiers", ["Thuistaal" if c.header == "Taal" else c.header
                                   for c in DOSSIERS_SCHEMA.columns])
    root = team_folder(tmp_path / "team", book, more='\n[kolommen.Dossiers]\nTaal = "Thuistaal"\n')
    plan = runner.invoke(cli, ["plan", "2026-014", "--team", str(root), *AS_OF])
    assert plan.exit_code == 0, plan.output
    assert "kolom Thuistaal op het blad Gezinnen" in said(plan.output), plan.output
    letters = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert letters.exit_code == 0, letters.output
    assert "kolom Taal op het blad Betrokkenen" in said(letters.output), letters.output


def test_a_round_table_moved_is_said_of_the_teams_sheet(runner, book, tmp_path):
    """The letters went for 7 December; the round-table moved to 9 December, and the report of
    the one before still says 7 December in its Volgende datum."""
    root = document_team(tmp_path / "team", book)
    assert runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF]).exit_code == 0
    book.rows["Rondetafels"][0].update(present="het gezin", notes="We bespraken de ochtenden.",
                                       next_date=MEETING)
    book.rows["Rondetafels"][1]["date"] = D(2026, 12, 9)
    rename(book.save(root / "Caseload.xlsx"))
    moved = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert moved.exit_code == 0, moved.output
    assert "verplaatst" in moved.output
    assert_teams_names(moved.output, "Rondetafels")
    report = runner.invoke(cli, ["report", "2026-014", "--team", str(root), *AS_OF])
    assert report.exit_code == 0, report.output
    assert "Werd ze verplaatst?" in said(report.output)
    assert_teams_names(report.output, "Rondetafels")


def test_invite_after_the_closure_names_the_teams_sheet(runner, book, tmp_path):
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), closed_on=D(2026, 11, 20),
                 closing_reason="Doelen bereikt", address="Kerkstraat 1, 2950 Kapellen")
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location="Thuis")
    root = team_folder(tmp_path / "team", book)
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert "afgesloten" in result.output, result.output
    assert_teams_names(result.output, "Rondetafels")


def test_a_begeleiders_week_refused_at_its_address_names_the_teams_sheet_and_header(runner, tmp_path,
                                                                                   smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse = "bart@voorbeeld.be"
    root = addressless_team(tmp_path / "team", controller.port)
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(root), *AS_OF])
    [bart] = [line for line in said(result.output).split("Bart Peeters:")[1:]]
    assert "blad Keuzes (kolom Mail begeleider)" in bart, result.output
