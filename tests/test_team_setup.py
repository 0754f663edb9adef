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
from tests.test_digest import smtp  # noqa: F401 - the fixture

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


# --- Lijsten: its headers are checked as any sheet's ----------------------------------------

def _lists_book(tmp_path, headers: dict[str, list[str]]):
    """A workbook whose Lijsten has exactly these columns (header -> values)."""
    from tests.builders import CaseloadBuilder

    book = CaseloadBuilder(lists={})
    book.dossier("2026-014", municipality="Antwerpen", begeleider="Zoë Nobody")
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    del workbook["Lijsten"]
    sheet = workbook.create_sheet("Lijsten")
    for column, (header, values) in enumerate(headers.items(), start=1):
        for row, value in enumerate([header, *values], start=1):
            sheet.cell(row, column, value)
    workbook.save(path)
    return path


def _check(path, settings=None):
    from eenplan.flows import check, flow_names
    from eenplan.team.settings import parse_settings

    settings = parse_settings(settings or {})
    caseload = read_caseload(path, header_aliases=settings.header_aliases)
    return check(caseload, today=TODAY, flow_names=flow_names())


def _codes(report, sheet="Lijsten"):
    return sorted((f.code, f.severity, f.cell) for f in report.findings if f.sheet == sheet)


SINGULAR = {"Gemeente": ["Kapellen"], "Begeleider": ["An Claes"], "Aanmelders": ["School"],
            "Levensdomeinen": ["Wonen"], "Rollen": ["Ouder"], "Redenen afsluiting": ["Verhuisd"]}


def test_a_list_header_misspelt_is_said_with_the_one_meant(tmp_path):
    report = _check(_lists_book(tmp_path, SINGULAR))
    unknown = [f for f in report.findings if f.sheet == "Lijsten" and f.code == "unknown-column"]
    assert [(f.cell, f.severity) for f in unknown] == [("A1", "warning"), ("B1", "warning")]
    assert "Gemeenten" in unknown[0].message and "Begeleiders" in unknown[1].message
    missing = [f for f in report.findings if f.sheet == "Lijsten" and f.code == "missing-column"]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert report.warnings >= 3


def test_every_list_header_misspelt_is_no_silent_pass(tmp_path):
    path = _lists_book(tmp_path, {"Gemeente": ["Kapellen"], "Begeleider": ["An Claes"]})
    assert ("unknown-column", "warning", "A1") in _codes(_check(path))
    assert ("unknown-column", "warning", "B1") in _codes(_check(path))


def test_lijsten_without_any_header_eenplan_knows(tmp_path):
    path = _lists_book(tmp_path, {"Kapellen": ["Brasschaat"], "An Claes": ["Bart Peeters"]})
    assert _codes(_check(path)) == [("no-header", "warning", "")]


def test_an_email_header_misspelt_is_said(tmp_path):
    path = _lists_book(tmp_path, {**{n: [] for n in ("Gemeenten", "Begeleiders", "Aanmelders",
                                                     "Levensdomeinen", "Rollen", "Redenen afsluiting")},
                                  "Email begeleider": ["an@example.be"]})
    found = [f for f in _check(path).findings if f.sheet == "Lijsten"]
    assert [(f.code, f.cell) for f in found] == [("unknown-column", "G1")]
    assert "E-mail begeleider" in found[0].message


def test_the_team_names_its_list_headers_in_kolommen(tmp_path):
    path = _lists_book(tmp_path, {**SINGULAR, "Gemeente": ["Kapellen"]})
    report = _check(path, {"kolommen": {"Lijsten": {"Gemeenten": "Gemeente", "Begeleiders": "Begeleider"}}})
    assert _codes(report) == []
    assert ("Dossiers", "D2") in [(f.sheet, f.cell) for f in report.findings
                                  if f.code == "unknown-municipality"]
    assert ("Dossiers", "G2") in [(f.sheet, f.cell) for f in report.findings
                                  if f.code == "unknown-begeleider"]


def test_the_check_of_a_team_folder_says_a_list_header_slip(runner, tmp_path):
    path = _lists_book(tmp_path, SINGULAR)
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    findings = json.loads(result.output)["findings"]
    assert {"unknown-column"} <= {f["code"] for f in findings if f["sheet"] == "Lijsten"}


def test_kolommen_lijsten_names_only_its_columns():
    from eenplan.errors import ConfigError
    from eenplan.team.settings import parse_settings

    settings = parse_settings({"kolommen": {"Lijsten": {"E-mail begeleider": "Mail"}}})
    assert settings.header_aliases["Lijsten"]["E-mail begeleider"] == "Mail"
    with pytest.raises(ConfigError, match=r"kolommen\.Lijsten\.Gemeente .*Bedoel je Gemeenten"):
        parse_settings({"kolommen": {"Lijsten": {"Gemeente": "x"}}})


# --- [kolommen]: one column of the team for each of eenplan's --------------------------------

def test_two_columns_named_to_one_header_are_refused_naming_both():
    from eenplan.errors import ConfigError
    from eenplan.team.settings import parse_settings

    with pytest.raises(ConfigError) as caught:
        parse_settings({"kolommen": {"Dossiers": {"Datum aanmelding": "Datum van aanmelding",
                                                  "Datum perspectiefgesprek": "datum van  aanmelding"}}})
    assert '"Datum aanmelding"' in str(caught.value) and '"Datum perspectiefgesprek"' in str(caught.value)


def test_a_column_named_to_another_of_eenplans_headers_is_refused():
    from eenplan.errors import ConfigError
    from eenplan.team.settings import parse_settings

    with pytest.raises(ConfigError, match="Datum perspectiefgesprek"):
        parse_settings({"kolommen": {"Dossiers": {"Datum aanmelding": "Datum perspectiefgesprek"}}})
    # a swap is two columns, each with its own header
    parse_settings({"kolommen": {"Dossiers": {"Datum aanmelding": "Datum perspectiefgesprek",
                                              "Datum perspectiefgesprek": "Datum aanmelding"}}})


def test_the_command_stops_on_two_columns_named_to_one(runner, book, tmp_path):
    root = _team(tmp_path, book, '\n[kolommen.Dossiers]\n"Datum aanmelding" = "Datum van aanmelding"\n'
                                 '"Datum perspectiefgesprek" = "Datum van aanmelding"\n')
    result = runner.invoke(cli, ["check", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Datum aanmelding" in result.output and "Datum perspectiefgesprek" in result.output


def test_a_begeleiders_mail_names_the_misspelt_email_header(runner, tmp_path, smtp):  # noqa: F811
    from tests.builders import LISTS, CaseloadBuilder, mail_team_settings

    controller, _ = smtp
    book = CaseloadBuilder(lists={**LISTS, "Email begeleider": ["an.claes@voorbeeld.be"]})
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)  # the builder writes only the headers it knows
    sheet = workbook["Lijsten"]
    sheet.cell(1, sheet.max_column + 1, "Email begeleider")
    sheet.cell(2, sheet.max_column, "an.claes@voorbeeld.be")
    workbook.save(path)
    (tmp_path / "eenplan.toml").write_text(
        mail_team_settings(controller.port, mail='coordinatoren = ["coord@voorbeeld.be"]'), encoding="utf-8")
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert '"Email begeleider"' in said and "vul de kolom E-mail begeleider in" not in said, said


# --- a setting in the wrong place, a file Notepad saved ----------------------------------------

def _settings_error(tmp_path, text: str, *, encoding: str = "utf-8") -> str:
    from eenplan.errors import ConfigError
    from eenplan.team.folder import find_team

    (tmp_path / "eenplan.toml").write_text(text, encoding=encoding)
    with pytest.raises(ConfigError) as caught:
        find_team(team=tmp_path).settings  # noqa: B018 - read now
    return str(caught.value)


@pytest.mark.parametrize(("text", "home"), [
    ('[team]\nnaam = "Team Test"\nlogo = "logo.png"\n', "[briefhoofd]"),
    ('[kolommen]\n"Datum aanmelding" = "Aangemeld op"\n', "[kolommen.Dossiers]"),
    ('[kolommen]\nGemeenten = "Gemeente"\n', "[kolommen.Lijsten]"),
    ('naam = "Team Test"\n\n[team]\nregio = "leeg"\n', "[team]"),
    ('"Datum aanmelding" = "Aangemeld op"\n', "[kolommen.Dossiers]"),
    ('[mail]\ndag = "vrijdag"\n', "[digest]"),
])
def test_a_setting_under_the_wrong_heading_says_where_it_belongs(tmp_path, text, home):
    said = _settings_error(tmp_path, text)
    assert home in said and "Kies uit" not in said, said


def test_a_header_of_two_sheets_under_kolommen_names_both(tmp_path):
    said = _settings_error(tmp_path, '[kolommen]\nAdres = "Woonplaats"\n')
    assert "[kolommen.Dossiers]" in said and "[kolommen.Netwerk]" in said


@pytest.mark.parametrize("path", [r"C:\Users\an\Caseload.xlsx", r"C:\data\Caseload.xlsx"])
def test_a_windows_path_between_double_quotes_says_to_use_single_quotes(tmp_path, path):
    said = _settings_error(tmp_path, f'[team]\nnaam = "Team Test"\nwerkmap = "{path}"\n')
    assert "regel 3" in said and "enkele aanhalingstekens" in said


def test_a_windows_path_that_happens_to_escape_is_no_silent_tab(tmp_path):
    said = _settings_error(tmp_path, '[team]\nwerkmap = "C:\\temp\\new.xlsx"\n')
    assert "team.werkmap" in said and "enkele aanhalingstekens" in said


def test_single_quotes_keep_a_windows_path(tmp_path):
    from eenplan.team.folder import find_team

    (tmp_path / "eenplan.toml").write_text("[team]\nwerkmap = 'C:\\Users\\an\\Caseload.xlsx'\n",
                                           encoding="utf-8")
    assert find_team(team=tmp_path).settings.workbook == "C:\\Users\\an\\Caseload.xlsx"


def test_a_byte_order_mark_is_read_past(tmp_path, runner, book):
    from eenplan.team.folder import find_team

    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Kladblok"\n', encoding="utf-8-sig")
    assert find_team(team=tmp_path).settings.team_name == "Team Kladblok"
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "gezinscoaching.toml").write_text(
        'titel = "Gezinscoaching"\n\n[[stap]]\nnaam = "start"\nlabel = "Start"\n'
        'klaar = "perspectiefgesprek"\nvanaf = "aanmelding"\ndagen = 14\n', encoding="utf-8-sig")
    book.dossier("2026-014", flow="gezinscoaching", registered_on=D(2026, 11, 1))
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert [i["flow"] for i in json.loads(result.output)["items"]] == ["gezinscoaching"]


# --- a flow file saved under another name ------------------------------------------------------

THIRTY_DAYS = ('titel = "Procesbegeleiding"\n\n[[stap]]\nnaam = "perspectiefgesprek"\n'
               'label = "Perspectiefgesprek"\nklaar = "perspectiefgesprek"\nvanaf = "aanmelding"\n'
               'dagen = 30\n')


def _flow_team(tmp_path, book, name: str):
    """A dossier registered 1 October: late by the default month (1 November), ..."""
    book.dossier("2026-014", begeleider="An Claes", registered_on=D(2026, 10, 1))
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "LEESMIJ.txt").write_text("uitleg", encoding="utf-8")  # init's
    (tmp_path / "flows" / name).write_text(THIRTY_DAYS, encoding="utf-8")
    return tmp_path


def _due(result) -> str:
    (item,) = [i for i in json.loads(result.output)["items"] if i["step"] == "perspectiefgesprek"]
    return item["due"]


def test_a_flow_file_in_capitals_is_read(runner, book, tmp_path):
    root = _flow_team(tmp_path, book, "procesbegeleiding.TOML")
    result = runner.invoke(cli, ["overdue", "--team", str(root), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert _due(result) == "2026-10-31"  # the team's 30 days, not the default month


def test_a_flow_file_saved_as_txt_is_a_warning_in_check(runner, book, tmp_path):
    root = _flow_team(tmp_path, book, "procesbegeleiding.toml.txt")
    result = runner.invoke(cli, ["check", "--team", str(root), "--format", "json", *AS_OF])
    findings = json.loads(result.output)["findings"]
    passed = [f for f in findings if f["code"] == "flow-file-not-read"]
    assert len(passed) == 1 and passed[0]["severity"] == "warning"
    assert "procesbegeleiding.toml.txt" in passed[0]["message"]
    assert all("LEESMIJ" not in f["message"] for f in findings)
    table = runner.invoke(cli, ["check", "--team", str(root), *AS_OF])
    assert "Alles in orde" not in table.output and "procesbegeleiding.toml.txt" in table.output


@pytest.mark.parametrize("command", [["overdue"], ["overdue", "--format", "json"], ["digest"]])
def test_the_overdue_list_and_the_digest_say_it_too(runner, book, tmp_path, command):
    root = _flow_team(tmp_path, book, "procesbegeleiding.toml.txt")
    result = runner.invoke(cli, [*command, "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output  # the list is made, with the default norm
    assert "procesbegeleiding.toml.txt" in result.output


# --- the proofs say what the team's letters would lack ----------------------------------------

def test_the_proofs_say_a_logo_that_is_not_there(runner, tmp_path):
    from eenplan.init.folder import init_team

    team = init_team(tmp_path / "Team Essen")
    settings = (team.root / "eenplan.toml").read_text(encoding="utf-8")
    (team.root / "eenplan.toml").write_text(
        settings.replace("[briefhoofd]\n", '[briefhoofd]\nlogo = "logoo.png"\n'), encoding="utf-8")
    args = ["templates", "check", "--team", str(team.root), "--proef", *AS_OF]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    notes = json.loads(result.output)["proof"]["notes"]
    assert len(notes) == 1 and "logoo.png" in notes[0]
    assert "logoo.png" in runner.invoke(cli, args).output
