"""What a coordinator is told while setting eenplan up on the team's own workbook (README "Een
team opzetten"): a header or a sheet under the team's own name gets the line for eenplan.toml to
paste, with that name, before the rename (which would break the team's own formulas); a header
is offered as a missing column only when its words are alike and its cells fit, and never one
that holds national register numbers; an absent optional sheet stops no inzage; an encrypted
workbook is told as it is. (From a tester's workbooks: /tmp/newteam/build/make_sugg.py,
rename_hdr.py.)"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.errors import WorkbookUnreadable
from eenplan.sheets.reader import read_caseload

D = datetime.datetime
AS_OF = ["--as-of", "2026-12-07"]
HEADERS = ["Dossier", "Gezin", "Traject", "Gemeente", "Begeleider", "Datum aanmelding",
           "Datum perspectiefgesprek", "Datum afsluiting", "Reden afsluiting", "Aantal sessies"]
ROWS = [["2026-301", "Familie Aerts", "procesbegeleiding", "Brecht", "Els Maes", D(2026, 10, 1),
         None, None, None, None],
        ["2026-302", "Familie Bos", "procesbegeleiding", "Malle", "Els Maes", D(2026, 11, 20),
         None, None, None, None]]
OTHERS = {"Netwerk": ["Dossier", "Naam", "Rol", "Relatie", "Organisatie", "E-mail", "Telefoon", "Adres",
                      "Uitnodigen"],
          "Pauzes": ["Dossier", "Van", "Tot", "Reden"],
          "Rondetafels": ["Dossier", "Datum", "Uur", "Locatie", "Soort", "Aanwezig", "Verslag",
                          "Volgende datum"],
          "Afspraken": ["Dossier", "Rondetafel", "Levensdomein", "Doel", "Actie", "Wie", "Ondersteuning",
                        "Tegen wanneer", "Status"]}
LISTS = {"Gemeenten": ["Brecht", "Malle"], "Begeleiders": ["Els Maes"], "Aanmelders": ["School"],
         "Levensdomeinen": ["Opvoeding"], "Rollen": ["Gezin", "Ouder"],
         "Redenen afsluiting": ["Doelen bereikt"]}


def _own_workbook(path: Path, *, renamed: dict[str, str | None] | None = None,
                  extra: dict[str, list] | None = None, hidden: tuple[str, ...] = (),
                  titles: dict[str, str] | None = None, without: tuple[str, ...] = (),
                  network_dossier: str = "Dossier") -> Path:
    """A team's own workbook as the tester's make_min.py builds it (no Excel tables): Dossiers
    with some headers ``renamed`` (None: left out), ``extra`` columns (header -> a cell per row),
    some ``hidden``; sheets retitled (``titles``) or left out (``without``)."""
    renamed = renamed or {}
    extra = extra or {}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    keep = [i for i, h in enumerate(HEADERS) if renamed.get(h, h) is not None]
    sheet.append([renamed.get(HEADERS[i], HEADERS[i]) for i in keep] + list(extra))
    for n, row in enumerate(ROWS):
        sheet.append([row[i] for i in keep] + [cells[n] for cells in extra.values()])
    for header in hidden:
        letter = openpyxl.utils.get_column_letter(len(keep) + list(extra).index(header) + 1)
        sheet.column_dimensions[letter].hidden = True
    for name, headers in OTHERS.items():
        if name not in without:
            book.create_sheet(name).append([network_dossier if h == "Dossier" and name == "Netwerk"
                                            else h for h in headers])
    lists = book.create_sheet("Lijsten")
    for column, (header, values) in enumerate(LISTS.items(), 1):
        for row, value in enumerate([header, *values], 1):
            lists.cell(row, column, value)
    for old, new in (titles or {}).items():
        book[old].title = new
    book.save(path)
    return path


def _check(runner, path: Path, settings: str = "") -> list[dict]:
    args = ["check", "--workbook", str(path), "--format", "json", *AS_OF]
    if settings:
        (path.parent / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n' + settings, encoding="utf-8")
        args = ["check", "--team", str(path.parent), "--format", "json", *AS_OF]
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def _unknown(findings: list[dict], header: str) -> dict:
    [found] = [f for f in findings if f["code"] == "unknown-column" and f["value"] == header]
    return found


def _lines(message: str, section: str) -> list[str]:
    """The lines for eenplan.toml a message offers under ``section`` ("kolommen.Dossiers")."""
    return re.findall(r'((?:"[^"]+"|[\w-]+) = "[^"]+")', message.split(f"[{section}]", 1)[1]) \
        if f"[{section}]" in message else []


# -- 1. what a header is offered as ---------------------------------------------------------------

def test_reden_is_offered_as_reden_afsluiting_and_a_register_number_as_nothing(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", renamed={"Reden afsluiting": "Reden"},
                         extra={"Rijksregisternr": ["85.01.01-123.45", "90.02.03-456.78"]},
                         hidden=("Rijksregisternr",))
    findings = _check(runner, path)
    assert _lines(_unknown(findings, "Reden")["message"], "kolommen.Dossiers") == [
        '"Reden afsluiting" = "Reden"']
    # pasted as Krachten, the number would stand in the family's plan as its strengths
    assert _lines(_unknown(findings, "Rijksregisternr")["message"], "kolommen.Dossiers") == []


@pytest.mark.parametrize(("header", "cells"), [
    ("INSZ", ["85010112345", "90020345678"]),
    ("Krachten info", ["85.01.01-123.45", ""]),  # words alike, the cells a national number
])
def test_a_column_of_national_register_numbers_is_never_offered(runner, tmp_path, header, cells):
    path = _own_workbook(tmp_path / "Caseload.xlsx", extra={header: cells})
    message = _unknown(_check(runner, path), header)["message"]
    assert _lines(message, "kolommen.Dossiers") == []
    assert not re.search(r"\b(Krachten|Zorgen|Wensen|Opmerkingen)\b", message.replace(header, ""))


def test_a_computed_term_is_not_offered_as_the_day_of_the_gezinsplan(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", extra={"Termijn PBG": ["=F2+30", "=F3+30"]})
    message = _unknown(_check(runner, path), "Termijn PBG")["message"]
    assert _lines(message, "kolommen.Dossiers") == []


def test_a_date_field_is_offered_only_for_a_column_of_dates(runner, tmp_path):
    yes_no = _own_workbook(tmp_path / "Caseload.xlsx", extra={"Gezinsplan": ["ja", "nee"]})
    assert _lines(_unknown(_check(runner, yes_no), "Gezinsplan")["message"], "kolommen.Dossiers") == []
    (tmp_path / "dates").mkdir()
    dates = _own_workbook(tmp_path / "dates" / "Caseload.xlsx",
                          extra={"Gezinsplan": [D(2026, 11, 2), "03/11/2026"]})
    assert _lines(_unknown(_check(runner, dates), "Gezinsplan")["message"], "kolommen.Dossiers") == [
        '"Datum gezinsplan" = "Gezinsplan"']


# -- 2. the line for eenplan.toml, with the team's own names --------------------------------------

@pytest.mark.parametrize(("ours", "theirs"), [
    ("Dossier", "Dossiernr."),
    ("Datum perspectiefgesprek", "Perspectiefgesprek"),
    ("Aantal sessies", "Sessies"),
])
def test_a_header_close_to_eenplans_gets_the_line_to_paste_and_it_works(runner, tmp_path, ours, theirs):
    path = _own_workbook(tmp_path / "Caseload.xlsx", renamed={ours: theirs})
    findings = _check(runner, path)
    [line] = _lines(_unknown(findings, theirs)["message"], "kolommen.Dossiers")
    assert line.split(" = ") == [ours if " " not in ours else f'"{ours}"', f'"{theirs}"']
    missing = [f for f in findings if f["code"] == "missing-column" and f["column"] == ours]
    for finding in missing:  # a column the sheet must have: the same line, with the header found
        assert _lines(finding["message"], "kolommen.Dossiers") == [line]

    findings = _check(runner, path, f"\n[kolommen.Dossiers]\n{line}\n")
    assert not [f for f in findings if f["code"] == "unknown-column" and f["value"] == theirs]
    assert not [f for f in findings if f["code"] in ("missing-column", "clock-missing")
                and f["column"] == ours]


def test_the_dossier_column_renamed_on_netwerk_gets_its_line_there(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", network_dossier="Dossiernr.")
    findings = [f for f in _check(runner, path) if f["sheet"] == "Netwerk"]
    assert {(f["code"], tuple(_lines(f["message"], "kolommen.Netwerk"))) for f in findings} == {
        ("unknown-column", ('Dossier = "Dossiernr."',)), ("missing-column", ('Dossier = "Dossiernr."',))}


def test_a_missing_key_column_with_nothing_like_it_gets_the_line_to_fill_in(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", renamed={"Gezin": None})
    [missing] = [f for f in _check(runner, path) if f["code"] == "missing-column" and f["column"] == "Gezin"]
    [line] = _lines(missing["message"], "kolommen.Dossiers")
    assert line.startswith("Gezin = ")


def test_a_renamed_dossiers_sheet_gets_the_bladen_line_and_it_works(tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", titles={"Dossiers": "Gezinnen"})
    with pytest.raises(WorkbookUnreadable) as caught:
        read_caseload(path)
    [line] = _lines(str(caught.value), "bladen")
    assert line == 'Dossiers = "Gezinnen"'
    assert [d.id for d in read_caseload(path, sheet_aliases={"Dossiers": "Gezinnen"}).dossiers] == [
        "2026-301", "2026-302"]


def test_a_sheet_under_nearly_its_name_gets_the_bladen_line(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", titles={"Netwerk": "Netwerk 2026"})
    [missing] = [f for f in _check(runner, path) if f["code"] == "missing-sheet"]
    assert missing["sheet"] == "Netwerk"
    assert _lines(missing["message"], "bladen") == ['Netwerk = "Netwerk 2026"']


def test_overdue_names_the_bladen_line_for_a_sheet_under_nearly_its_name(runner, tmp_path):
    path = _own_workbook(tmp_path / "Caseload.xlsx", titles={"Pauzes": "Pauzes 2026"})
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert _lines(" ".join(result.output.split()), "bladen") == ['Pauzes = "Pauzes 2026"']
