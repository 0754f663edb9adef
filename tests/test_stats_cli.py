"""`eenplan stats`: the report as xlsx, docx and json, with charts, from a real workbook."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.stats.charts import charts
from eenplan.stats.jobs import statistics
from eenplan.stats.writers import SCALE
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder, pages_fit
from tests.test_stats_figures import END, START, TODAY, small_caseload

PERIOD = ["--van", START.isoformat(), "--tot", END.isoformat(), "--as-of", TODAY.isoformat()]
SECRETS = ("Sofie", "Claes", "Bart", "Familie", "2026-001", "Zorgen van", "Straat", "Ziekenhuis")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = CaseloadBuilder(lists={**LISTS, "Redenen afsluiting": ["Doelen bereikt", "Gezin stopt zelf"]})
    caseload = small_caseload()
    for d in caseload.dossiers:
        book.dossier(d.id, family=d.family, flow=d.flow, municipality=d.municipality, begeleider=d.begeleider,
                     registered_on=d.registered_on, perspective_on=d.perspective_on, plan_on=d.plan_on,
                     closed_on=d.closed_on, closure_reason=d.closure_reason, address=d.address,
                     worries=d.worries)
    for p in caseload.pauses:
        book.pause(p.dossier, start=p.start, end=p.end, reason=p.reason)
    return book.save(tmp_path / "Caseload.xlsx")


def test_json_is_the_library_result(runner, workbook):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", "json", *PERIOD])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    team = find_team(workbook=workbook)
    expected = statistics(team, load_caseload(team), start=START, end=END, today=TODAY).to_dict()
    assert data == expected
    month = {t["key"]: t for t in data["tables"]}["per_maand"]
    assert month["rows"][-1][:3] == ["Totaal", 23, 12]
    quarter = {t["key"]: t for t in data["tables"]}["per_kwartaal"]
    assert [r[:3] for r in quarter["rows"]] == [["1e kwartaal 2026", 23, 12], ["Totaal", 23, 12]]
    for secret in SECRETS:
        assert secret not in result.output


def test_xlsx_has_a_sheet_a_table_and_the_charts(runner, workbook, tmp_path):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), *PERIOD])
    assert result.exit_code == 0, result.output
    path = tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31.xlsx"
    assert "23 aanmeldingen, 14 afgesloten trajecten" in result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Overzicht", "Per maand", "Per kwartaal", "Dagen tot gesprek", "Wachttijd",
                               "Per gemeente", "Per aanmelder", "Per hulpvraag", "Per traject", "Afgesloten",
                               "Redenen afsluiting", "Caseload", "Niet meegeteld"]
    month = book["Per maand"]
    assert [c.value for c in month[5]][:4] == ["januari 2026", 13, 6, "x"]
    assert month["G5"].value == pytest.approx(0.462) and month["G5"].number_format == "0.0%"
    sheets = ("Per maand", "Per kwartaal", "Dagen tot gesprek", "Wachttijd", "Caseload")
    assert [len(book[name]._images) for name in sheets] == [0, 1, 1, 1, 1]
    assert [c.value for c in book["Per kwartaal"][5]][:3] == ["1e kwartaal 2026", 23, 12]
    overview = "\n".join(str(c.value) for c in book["Overzicht"]["A"] if c.value)
    assert "binnen 1 maand na aanmelding" in overview and "pauzedag" in overview
    everything = "\n".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value)
    for secret in SECRETS:
        assert secret not in everything


def test_docx_is_a_report_for_the_steering_group(runner, workbook, tmp_path):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", "docx", *PERIOD])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31.docx"))
    text = "\n".join([p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Monitoring 1 Gezin 1 Plan" in text and "Definities" in text
    assert "eerste gesprek binnen de norm: 52,2 %" in text
    assert "Begeleider A" in text and "<5" in text
    assert "Aanmeldingen per kwartaal" in text and "1e kwartaal 2026" in text
    assert len(document.inline_shapes) == 4
    assert document.core_properties.author == "1 Gezin 1 Plan"
    for secret in SECRETS:
        assert secret not in text


def test_charts_are_the_same_bytes_each_time(workbook):
    team = find_team(workbook=workbook)
    report = statistics(team, load_caseload(team), start=START, end=END, today=TODAY)
    first, again = charts(report), charts(report)
    assert [c.png for c in first] == [c.png for c in again]
    for chart in first:
        assert chart.png.startswith(b"\x89PNG") and b"matplotlib" not in chart.png


def test_a_period_that_ends_before_it_begins(runner, workbook):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--van", "2026-03-01", "--tot",
                                 "2026-01-01", "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2
    assert "De periode begint op 01/03/2026, na haar einde op 01/01/2026" in result.output


@pytest.mark.parametrize("output_format", ["xlsx", "docx", "json"])
def test_a_workbook_without_dossiers_gives_an_empty_report(runner, book, tmp_path, output_format):
    path = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", output_format, *PERIOD])
    assert result.exit_code == 0, result.output
    if output_format == "json":
        month = {t["key"]: t for t in json.loads(result.output)["tables"]}["per_maand"]
        assert month["rows"][-1][:2] == ["Totaal", "<5"]
    else:
        assert "(<5 aanmeldingen, <5 afgesloten trajecten)" in " ".join(result.output.split())


@pytest.mark.parametrize("output_format", ["xlsx", "docx"])
def test_the_same_report_is_the_same_bytes(runner, workbook, tmp_path, output_format):
    path = tmp_path / "rapporten" / f"Statistiek 2026-01-01 tot 2026-03-31.{output_format}"
    written = []
    for _ in range(2):
        result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", output_format,
                                     *PERIOD])
        assert result.exit_code == 0, result.output
        written.append(path.read_bytes())
    assert written[0] == written[1]
    # and not only because both runs fell in the same second: no clock in the file
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 4, 15, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert re.search(r"<dcterms:modified[^>]*>2026-04-15T00:00:00Z<", core), core


def test_intern_shows_every_count_and_marks_every_page(runner, workbook, tmp_path):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--intern", *PERIOD])
    assert result.exit_code == 0, result.output
    path = tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31 INTERN.xlsx"
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert "INTERN" in sheet.oddHeader.center.text
    month = book["Per maand"]
    values = [cell.value for row in month.iter_rows(min_row=5) for cell in row]
    assert "x" not in values and "<5" not in values
    assert "Sofie Janssens" in [c.value for c in book["Caseload"]["A"]]
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--intern", "--format", "docx",
                                 *PERIOD])
    assert result.exit_code == 0, result.output
    document = docx.Document(tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31 INTERN.docx")
    assert "INTERN" in document.sections[0].header.paragraphs[0].text


def test_the_steering_groups_report_is_on_a4_landscape_one_page_wide(runner, workbook, tmp_path):
    assert runner.invoke(cli, ["stats", "--workbook", str(workbook), *PERIOD]).exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31.xlsx")
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.orientation == "landscape"
        assert pages_fit(sheet.page_setup.fitToWidth) == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert not sheet.oddHeader.center.text
    assert book["Per maand"].print_title_rows == "$4:$4"
    # "Gesprek binnen de norm" wraps over three lines in its column: the header row holds them
    assert "Gesprek binnen de norm" in [c.value for c in book["Per maand"][4]]
    assert book["Per maand"].row_dimensions[4].height >= 45


def test_every_page_prints_its_header_row_title_and_page_number(runner, workbook, tmp_path):
    assert runner.invoke(cli, ["stats", "--workbook", str(workbook), "--intern", *PERIOD]).exit_code == 0
    path = tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31 INTERN.xlsx"
    book = openpyxl.load_workbook(path)
    overview, tables = book["Overzicht"], book.worksheets[1:]
    title = overview["A1"].value
    assert title.startswith("Monitoring 1 Gezin 1 Plan")
    assert pages_fit(overview.page_setup.fitToHeight) == 0  # the overview: as many pages as it needs
    assert overview.print_title_rows is None
    assert overview.column_dimensions["A"].width == 110
    for sheet in book.worksheets:
        assert (sheet.page_margins.left, sheet.page_margins.top, sheet.page_margins.header) == (0.5, 0.6, 0.5)
        assert sheet.print_options.horizontalCentered
        assert sheet.oddFooter.left.text == title and sheet.oddFooter.right.text == "&P / &N"
        assert sheet.oddHeader.center.color == "C00000" and "Bold" in sheet.oddHeader.center.font
    for sheet in tables:
        assert sheet.print_title_rows == "$4:$4", sheet.title
        # a table and its chart on one page
        assert pages_fit(sheet.page_setup.fitToHeight) == 1 and pages_fit(sheet.page_setup.fitToWidth) == 1
        assert sheet.freeze_panes == "B5"
        last = openpyxl.utils.get_column_letter(max(sheet.max_column, 2))
        assert f"A2:{last}2" in {str(r) for r in sheet.merged_cells.ranges}
        assert sheet.column_dimensions["A"].width == 32 and sheet.column_dimensions["B"].width == 13
        assert sheet.row_dimensions[4].height >= 30 and sheet["A4"].alignment.wrap_text
        assert sheet["A4"].font.b and sheet["A4"].fill.fgColor.rgb.endswith("DDEBF7")
        assert sheet["A3"].value.startswith("INTERN") and sheet["A3"].font.b
    month = book["Per maand"]
    total = [row for row in month.iter_rows(min_row=5) if row[0].value == "Totaal"][0]
    assert all(cell.font.b for cell in total) and total[1].alignment.horizontal == "right"
    assert book.properties.title == title and book.properties.created.date() == TODAY


def test_each_chart_is_below_its_table_at_its_size(runner, workbook, tmp_path):
    assert runner.invoke(cli, ["stats", "--workbook", str(workbook), *PERIOD]).exit_code == 0
    path = tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31.xlsx"
    book = openpyxl.load_workbook(path)
    for name in ("Per kwartaal", "Dagen tot gesprek", "Wachttijd", "Caseload"):
        sheet = book[name]
        [image] = sheet._images
        rows = sum(1 for row in sheet.iter_rows(min_row=5) if row[0].value is not None)
        assert (image.anchor._from.row, image.anchor._from.col) == (4 + rows + 2, 0), name
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        drawings = [package.read(n).decode() for n in names if n.startswith("xl/drawings/drawing")]
        pngs = [package.read(n) for n in names if n.startswith("xl/media/")]
    sizes = [tuple(int(v) for v in re.search(r'ext cx="(\d+)" cy="(\d+)"', d).groups()) for d in drawings]
    pixels = sorted((int.from_bytes(p[16:20], "big"), int.from_bytes(p[20:24], "big")) for p in pngs)
    assert len(sizes) == 4 and pixels
    for width, height in sizes:  # each picture at SCALE of its pixels, in EMU (9525 a pixel)
        assert any(abs(width - w * SCALE * 9525) < 9525 * 2 and abs(height - h * SCALE * 9525) < 9525 * 2
                   for w, h in pixels)


def test_the_threshold_comes_from_eenplan_toml(runner, workbook, tmp_path):
    (tmp_path / "eenplan.toml").write_text('[team]\nwerkmap = "Caseload.xlsx"\n[statistiek]\ndrempel = 10\n',
                                           encoding="utf-8")
    result = runner.invoke(cli, ["stats", "--team", str(tmp_path), "--format", "json", *PERIOD])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["threshold"] == 10
    month = {t["key"]: t for t in data["tables"]}["per_maand"]
    # February's 7 and March's 3 are under 10 now, and no cell says "<5"; the period's 23 stands
    # (January's 13 goes too: with it, the total's three parts under 10, which add up to 11, would
    # tell that January's 6 on time are at least 2)
    assert [row[1] for row in month["rows"]] == ["x", "<10", "<10", 23]
    assert "<5" not in json.dumps(data["tables"])


@pytest.mark.parametrize("value", ["2", "51", '"vijf"'])
def test_a_threshold_out_of_range_is_one_sentence(runner, workbook, tmp_path, value):
    (tmp_path / "eenplan.toml").write_text(f'[statistiek]\ndrempel = {value}\n', encoding="utf-8")
    result = runner.invoke(cli, ["stats", "--team", str(tmp_path), *PERIOD])
    assert result.exit_code == 2
    assert "statistiek.drempel" in result.output and "Traceback" not in result.output


def test_voor_regio_writes_the_exchange_file(runner, workbook, tmp_path):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--voor-regio", *PERIOD])
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "rapporten").glob("Regio *.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["soort"] == "eenplan-statistiek-regio"
    assert sum(m["aanmeldingen"] for m in data["maanden"]) == 23
    for secret in SECRETS:
        assert secret not in path.read_text(encoding="utf-8")
