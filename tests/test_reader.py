"""The reader takes what real workbooks hold, and says in one sentence what it cannot read."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eenplan.errors import WorkbookUnreadable
from eenplan.sheets.cells import parse_date_text, serial_to_date
from eenplan.sheets.reader import lock_file, read_caseload
from tests.conftest import check_book

D = datetime.date
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_openpyxl_reads_xml_through_defusedxml():
    """Where eenplan reads a workbook with openpyxl (restore, reports), entity tricks are refused."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_records_carry_typed_values_and_their_row(book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 20), sessions=3,
                 email="gezin@voorbeeld.be")
    book.network("2026-001", name="Jan", invite="ja").network("2026-001", name="Mia", invite="nee")
    book.round_table("2026-001", time=datetime.time(14, 0), kind="Start")
    book.pause("2026-001", start=D(2026, 10, 1))
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    dossier = caseload.dossier("2026-001")
    assert dossier.row == 2
    assert dossier.perspective_on == D(2026, 9, 20)
    assert dossier.sessions == 3
    assert [m.invite for m in caseload.network_of("2026-001")] == [True, False]
    assert caseload.round_tables_of("2026-001")[0].kind == "start"
    assert caseload.round_tables_of("2026-001")[0].time == datetime.time(14, 0)
    assert caseload.pauses_of("2026-001")[0].end is None
    assert "Kapellen" in caseload.lists["Gemeenten"]


def test_record_fields_follow_the_schema():
    import dataclasses

    from eenplan.sheets.reader import RECORD_TYPES
    from eenplan.sheets.schema import SCHEMAS

    for name, record in RECORD_TYPES.items():
        fields = [f.name for f in dataclasses.fields(record)]
        assert fields == ["row", *[c.field for c in SCHEMAS[name].columns]], name


def _workbook(tmp_path: Path, rows: dict[str, list[list]], name: str = "c.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, values in rows.items():
        sheet = book.create_sheet(title)
        for row in values:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


HEADERS = ["Dossier", "Gezin", "Traject", "Gemeente", "Datum aanmelding"]
ROW = ["2026-001", "Familie Peeters", "procesbegeleiding", "Kapellen", D(2026, 9, 1)]


def test_a_title_above_the_headers_blank_rows_and_stray_spaces(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [
        ["Caseload Team Noorderkempen 2026"],
        [],
        ["  dossier ", "GEZIN", "Traject", "Gemeente  ", "datum  aanmelding"],
        ROW,
        [],
        [],
        ["2026-002 ", " Familie Claes ", "procesbegeleiding", "Essen", D(2026, 9, 2)],
    ]})
    caseload = read_caseload(path)
    assert [(d.id, d.family, d.row) for d in caseload.dossiers] == [
        ("2026-001", "Familie Peeters", 4), ("2026-002", "Familie Claes", 7)]


def test_extra_columns_are_read_past_and_named_once(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [HEADERS + ["Wachtlijst", "Gemeentee"],
                                             ROW + ["ja", "x"]]})
    caseload = read_caseload(path)
    assert caseload.dossiers[0].municipality == "Kapellen"
    unknown = [f for f in caseload.findings if f.code == "unknown-column"]
    assert [f.cell for f in unknown] == ["F1", "G1"]
    quiet = read_caseload(path, own_columns=["wachtlijst"])
    assert [f.cell for f in quiet.findings if f.code == "unknown-column"] == ["G1"]


def test_a_misspelt_header_gets_did_you_mean(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [
        ["Dossier", "Gezin", "Traject", "Gemeente", "Datum aanmeldng"], ROW]})
    caseload = read_caseload(path)
    unknown = next(f for f in caseload.findings if f.code == "unknown-column")
    assert "Datum aanmelding" in unknown.message
    missing = [f for f in caseload.findings if f.code == "missing-column" and f.severity == "error"]
    assert [f.column for f in missing] == ["Datum aanmelding"]


def test_missing_optional_columns_are_one_warning(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    missing = [f for f in read_caseload(path).findings if f.code == "missing-column"]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert "Begeleider" in missing[0].column


def test_a_header_twice(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [HEADERS + ["Gezin"], ROW + ["Familie Janssens"]]})
    caseload = read_caseload(path)
    assert caseload.dossiers[0].family == "Familie Peeters"
    assert [f.cell for f in caseload.findings if f.code == "duplicate-column"] == ["F1"]


def test_the_teams_own_header_and_sheet_names(tmp_path):
    path = _workbook(tmp_path, {"Caseload": [
        ["Dossier", "Gezin", "Traject", "Gemeente", "Aanmeldingsdatum"], ROW]})
    caseload = read_caseload(
        path, header_aliases={"Dossiers": {"Datum aanmelding": "Aanmeldingsdatum"}},
        sheet_aliases={"Dossiers": "Caseload"},
    )
    assert caseload.dossiers[0].registered_on == D(2026, 9, 1)
    assert caseload.sheet_titles["Dossiers"] == "Caseload"


def test_merged_cells_read_as_a_person_sees_them(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    sheet.append(HEADERS)
    sheet.append(ROW)
    network = book.create_sheet("Netwerk")
    network.append(["Dossier", "Naam"])
    for name in ("Jan", "Mia", "Tom"):
        network.append([None, name])
    network["A2"] = "2026-001"
    network.merge_cells("A2:A4")
    path = tmp_path / "c.xlsx"
    book.save(path)
    caseload = read_caseload(path)
    assert [(m.dossier, m.name) for m in caseload.network] == [
        ("2026-001", "Jan"), ("2026-001", "Mia"), ("2026-001", "Tom")]


def test_formulas_give_their_cached_values(tmp_path):
    """openpyxl writes no cached values, so the test writes the XML Excel would."""
    path = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    cell = re.search(r'<c r="B2"[^>]*>.*?</c>', xml).group(0)
    formula = '<c r="B2" t="str"><f>"Familie "&amp;"Peeters"</f><v>Familie Peeters</v></c>'
    _replace_in_zip(path, "xl/worksheets/sheet1.xml", xml.replace(cell, formula))
    assert read_caseload(path).dossiers[0].family == "Familie Peeters"


def test_hidden_sheets_are_read(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    sheet.append(HEADERS)
    sheet.append(ROW)
    sheet.sheet_state = "hidden"
    book.create_sheet("Voorblad")
    path = tmp_path / "c.xlsx"
    book.save(path)
    assert len(read_caseload(path).dossiers) == 1


def test_the_1904_date_system(tmp_path):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "Dossiers"
    sheet.append(HEADERS)
    sheet.append(ROW)
    sheet["E2"].number_format = "dd/mm/yyyy"
    sheet.append(["2026-002", "Familie Claes", "procesbegeleiding", "Essen", 44804])  # a bare serial
    path = tmp_path / "c.xlsx"
    book.save(path)
    caseload = read_caseload(path)
    assert caseload.dossiers[0].registered_on == D(2026, 9, 1)
    assert caseload.dossiers[1].registered_on == D(2026, 9, 1)  # 44804 days after 1/1/1904


def test_a_sheet_without_dimension_or_claiming_a_million_rows(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    huge = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    _replace_in_zip(path, "xl/worksheets/sheet1.xml", huge)
    assert len(read_caseload(path).dossiers) == 1
    none = re.sub(r'<dimension ref="[^"]*"/>', "", xml)
    _replace_in_zip(path, "xl/worksheets/sheet1.xml", none)
    assert len(read_caseload(path).dossiers) == 1


def test_a_workbook_open_in_excel_is_read_and_noticed(tmp_path, runner):
    from eenplan.cli import cli

    # with the columns the norms count from: check finds nothing, and says the workbook is open
    clocks = ["Datum perspectiefgesprek", "Datum afsluiting"]
    path = _workbook(tmp_path, {"Dossiers": [HEADERS + clocks, ROW + [None, None]]}, name="Caseload.xlsx")
    assert lock_file(path) is None
    (tmp_path / "~$Caseload.xlsx").write_bytes(b"\x05An C." + b" " * 50)
    assert lock_file(path) is not None
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "open in Excel" in result.output


def test_a_formula_error_is_found_not_read_as_an_empty_cell(tmp_path):
    """python-calamine gives "" for #N/A; the reader finds the error in the sheet's XML."""
    path = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    cell = re.search(r'<c r="D2"[^>]*>.*?</c>', xml).group(0)
    _replace_in_zip(path, "xl/worksheets/sheet1.xml",
                    xml.replace(cell, '<c r="D2" t="e"><f>VLOOKUP(1,A:A,2)</f><v>#N/A</v></c>'))
    caseload = read_caseload(path)
    on_cells = [(f.code, f.cell) for f in caseload.findings if f.cell]
    assert on_cells == [("formula-error", "D2")]
    assert caseload.unreadable[("Dossiers", 2, "municipality")].code == "formula-error"


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "leeg"),
        (b"Dossier;Gezin\n2026-001;Peeters\n", "geen Excel-werkmap"),
        (b"PK\x05\x06" + b"\0" * 18, "leeg zip-bestand"),
        (b"PK\x03\x04" + b"\0" * 40, "beschadigd"),
    ],
)
def test_what_is_no_workbook_gets_one_sentence(tmp_path, content, phrase):
    path = tmp_path / "Caseload.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookUnreadable, match=phrase):
        read_caseload(path)


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(WorkbookUnreadable, match="bestaat niet"):
        read_caseload(tmp_path / "weg.xlsx")
    with pytest.raises(WorkbookUnreadable, match="map"):
        read_caseload(tmp_path)


def test_a_truncated_save(tmp_path):
    path = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkbookUnreadable, match="beschadigd"):
        read_caseload(path)


def test_without_a_dossiers_sheet_the_sheets_found_are_named(tmp_path):
    path = _workbook(tmp_path, {"Blad1": [HEADERS], "Dossier": [HEADERS]})
    with pytest.raises(WorkbookUnreadable) as caught:
        read_caseload(path)
    message = str(caught.value)
    assert "Blad1" in message and "Dossier" in message and 'Dossiers = "Dossier"' in message


def test_a_workbook_with_excels_standard_encryption_is_not_said_to_need_a_password(tmp_path):
    encrypted = CORPUS / "xlsx" / "apache_poi__protect.xlsx"  # "VelvetSweatshop": Excel asks nothing
    if not encrypted.exists():
        pytest.skip("the shared corpus is not beside this checkout")
    with pytest.raises(WorkbookUnreadable) as caught:
        read_caseload(encrypted)
    said = str(caught.value)
    assert "beveiligd met een wachtwoord" not in said
    assert "Opslaan als" in said and "standaardbeveiliging" in said


def test_a_password_protected_workbook(tmp_path):
    encrypted = CORPUS / "xlsx" / "tafia_calamine__pass_protected.xlsx"
    if not encrypted.exists():
        pytest.skip("the shared corpus is not beside this checkout")
    with pytest.raises(WorkbookUnreadable, match="wachtwoord"):
        read_caseload(encrypted)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_an_old_xls_workbook_is_told_to_be_saved_as_xlsx(tmp_path):
    source = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]}, name="oud.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xls", "--outdir", str(tmp_path / "xls"), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    with pytest.raises(WorkbookUnreadable, match=r"\.xls\).*\.xlsx"):
        read_caseload(tmp_path / "xls" / "oud.xls")


@pytest.mark.parametrize("renamed", ["caseload.xls", "caseload.ods", "caseload.xlsb", "caseload"])
def test_an_excel_workbook_renamed_to_another_extension_is_read_as_what_it_is(tmp_path, renamed):
    """A renamed file is no damaged file: calamine went by the extension and said it was."""
    source = _workbook(tmp_path, {"Dossiers": [HEADERS, ROW]})
    path = source.rename(tmp_path / renamed)
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == [ROW[0]]


def test_a_missing_sheet_is_a_warning_and_reads_empty(book, tmp_path):
    book.dossier("2026-001").without_sheet("Pauzes")
    report = check_book(book, tmp_path)
    assert [(f.sheet, f.severity) for f in report.findings if f.code == "missing-sheet"] == [
        ("Pauzes", "warning")]


# --- what a single cell can hold -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12/03/2026", D(2026, 3, 12)),
        ("12-3-2026", D(2026, 3, 12)),
        ("2026-03-12", D(2026, 3, 12)),
        ("12.03.2026", D(2026, 3, 12)),
        ("12/03/26", D(2026, 3, 12)),
        (" 7 december 2026 ", D(2026, 12, 7)),
        ("maandag 7 dec. 2026", D(2026, 12, 7)),
        ("12/03/2026 14:30", D(2026, 3, 12)),
    ],
)
def test_dates_typed_as_text(text, day):
    issue = parse_date_text(text)
    assert (issue.code, issue.value) == ("date-as-text", day)


@pytest.mark.parametrize("text", ["volgende week", "12/03", "2026", "maart 2026", "7 7 2026 7"])
def test_text_that_is_no_date(text):
    assert parse_date_text(text).code == "not-a-date"


def test_excel_serials_match_openpyxl():
    from openpyxl.utils.datetime import from_excel

    for serial in (1, 59, 60, 61, 43374, 46000, 2958465):
        assert serial_to_date(serial) == from_excel(serial).date() or serial == 60


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(
    st.one_of(
        st.text(max_size=30), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
        st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)), st.none(),
        st.integers(min_value=-10**12, max_value=10**12),
    ),
    min_size=19, max_size=19,
))
def test_any_cell_gives_a_record_or_a_finding_never_an_exception(tmp_path_factory, cells):
    """Whatever a person types into a Dossiers row, the reader makes a record of it."""
    import math

    path = tmp_path_factory.mktemp("odd") / "c.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    from eenplan.sheets.schema import DOSSIERS_SCHEMA

    sheet.append([c.header for c in DOSSIERS_SCHEMA.columns])
    safe = []
    for value in cells:
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable()) or None
            if value and value.startswith("="):
                value = "'" + value
        safe.append(value)
    sheet.append(safe)
    book.save(path)
    caseload = read_caseload(path)
    if any(v not in (None, "") for v in safe):
        assert len(caseload.dossiers) == 1
    for finding in caseload.findings:
        assert finding.code and finding.message and finding.severity in ("error", "warning")


def _replace_in_zip(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, text.encode() if info.filename == member else data)



@pytest.mark.parametrize("typed", ["²", "٣", "3²"])
def test_a_digit_that_is_not_a_number_is_a_finding(book, tmp_path, typed):
    """str.isdigit() says yes to "²" and "٣", int() then says no: the cell is a finding, not a crash."""
    book.dossier("2026-001", flow="eerstelijnspsycholoog", sessions=typed)
    path = book.save(tmp_path / "Caseload.xlsx")
    codes_found = {(f.code, f.cell) for f in read_caseload(path).findings}
    assert ("not-a-whole-number", "M2") in codes_found
