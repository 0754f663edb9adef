"""`eenplan stats`: the report as xlsx, docx and json, with charts, from a real workbook."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.stats.charts import charts
from eenplan.stats.jobs import statistics
from eenplan.stats.writers import write_xlsx
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder, charts_by_sheet, pages_fit
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
                               "Redenen afsluiting", "Caseload", "Niet meegeteld", "Grafiekgegevens"]
    month = book["Per maand"]
    assert [c.value for c in month[5]][:4] == ["januari 2026", 13, 6, "x"]
    assert month["G5"].value == pytest.approx(0.462) and month["G5"].number_format == "0.0%"
    sheets = ("Per maand", "Per kwartaal", "Dagen tot gesprek", "Wachttijd", "Caseload")
    assert [len(book[name]._charts) for name in sheets] == [0, 2, 1, 1, 1]
    assert not any(sheet._images for sheet in book)  # no picture: Excel draws the charts
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


def test_every_format_says_which_days_a_cut_month_and_quarter_count(runner, workbook, tmp_path):
    """--van 15/01 --tot 10/03: the workbook's sheets and chart data, the Word report's tables and
    the json all name January and the quarter with the days they count."""
    cut = ["--van", "15/01/2026", "--tot", "10/03/2026", "--as-of", TODAY.isoformat()]
    said = ("januari 2026 (vanaf 15/01)", "maart 2026 (tot en met 10/03)", "1e kwartaal 2026 (15/01–10/03)")
    for output_format in ("xlsx", "docx", "json"):
        result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", output_format, *cut])
        assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {t["key"]: [r[0] for r in t["rows"]] for t in data["tables"]}
    assert rows["per_maand"] == [said[0], "februari 2026", said[1], "Totaal"]
    assert rows["per_kwartaal"] == rows["wachttijd"] == [said[2], "Totaal"]
    book = openpyxl.load_workbook(tmp_path / "rapporten" / "Statistiek 2026-01-15 tot 2026-03-10.xlsx")
    assert [book["Per maand"][f"A{row}"].value for row in (5, 7)] == list(said[:2])
    assert book["Per kwartaal"]["A5"].value == book["Wachttijd"]["A5"].value == said[2]
    chart_data = [str(c.value) for row in book["Grafiekgegevens"].iter_rows() for c in row if c.value]
    assert any("kw. 2026" in v and "(15/01–10/03)" in v for v in chart_data)
    assert "januari 2026" not in [str(book["Per maand"][f"A{row}"].value) for row in range(1, 30)]
    document = docx.Document(str(tmp_path / "rapporten" / "Statistiek 2026-01-15 tot 2026-03-10.docx"))
    first_cells = [t.rows[i].cells[0].text for t in document.tables for i in range(len(t.rows))]
    assert all(label in first_cells for label in said)
    assert "januari 2026" not in first_cells and "1e kwartaal 2026" not in first_cells


def _written_text(report, tmp_path: Path) -> str:
    """Every word of the Word report and of the workbook, as a reader of each sees them."""
    from eenplan.stats.writers import write_docx

    document = docx.Document(str(write_docx(report, [], tmp_path / "r.docx")))
    words = [p.text for p in document.paragraphs]
    words += [c.text for t in document.tables for r in t.rows for c in r.cells]
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    words += [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str)]
    return "\n".join(words)


def test_the_reports_for_the_steering_group_name_no_command(tmp_path):
    """A row left out: the report says where the team can look, in plain Dutch, not as a command
    between Markdown backticks ("`eenplan check` toont ze"); the team's and the partnership's."""
    from eenplan.sheets.reader import read_caseload
    from eenplan.stats.figures import figures
    from eenplan.stats.regional import aggregates, combine
    from tests.test_stats_figures import FLOWS, D

    book = CaseloadBuilder()
    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 1, 5), perspective_on=D(2026, 1, 20))
    book.dossier("2026-007", registered_on=D(2026, 1, 5), flow="gezinscoaching")  # left out
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    team = figures(caseload, FLOWS, start=START, end=END, today=TODAY)
    partnership = combine([(f"{name}.json", aggregates(caseload, FLOWS, start=START, end=END, today=TODAY,
                                                        team=name)) for name in ("Noord", "Zuid")],
                          today=TODAY)
    for number, report in enumerate((team, partnership)):
        assert report.left_out
        folder = tmp_path / str(number)
        folder.mkdir()
        said = _written_text(report, folder)
        assert "Niet meegeteld" in said and "werkmap" in said
        assert "`" not in said and "eenplan check" not in said and "eenplan.toml" not in said
        assert "JSON" not in said


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


def test_a_period_that_ends_after_today_is_said_to_stop_today(runner, workbook):
    """--tot after today is cut back to today, and the user hears it (beside the JSON, not in it)."""
    period = ["--van", START.isoformat(), "--tot", "2026-12-31", "--as-of", TODAY.isoformat()]
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", "json", *period])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["end"] == TODAY.isoformat()
    assert "31/12/2026" in result.stderr and TODAY.strftime("%d/%m/%Y") in result.stderr
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), *period])
    assert result.exit_code == 0 and "31/12/2026" in result.output, result.output
    within = runner.invoke(cli, ["stats", "--workbook", str(workbook), *PERIOD])
    assert within.exit_code == 0 and "--tot" not in within.output


def test_a_tot_after_today_without_van_counts_the_twelve_months_up_to_today(runner, workbook, tmp_path):
    """--tot next year without --van: the default period is taken from the end cut back to today
    (twelve months up to a --tot in 2027 would begin after today, and ask for an earlier --van
    that was never given)."""
    later = ["--tot", "2027-02-28", "--as-of", TODAY.isoformat()]
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--format", "json", *later])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["start"], data["end"]) == ("2025-05-01", TODAY.isoformat())
    region = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--voor-regio", *later])
    assert region.exit_code == 0, region.output
    [path] = (tmp_path / "rapporten").glob("Regio *.json")
    written = json.loads(path.read_text(encoding="utf-8"))
    assert (written["start"], written["end"]) == ("2025-05-01", TODAY.isoformat())


@pytest.mark.parametrize("which", [["--format", "json"], ["--voor-regio"]])
def test_a_van_after_today_without_tot_names_van_only(runner, workbook, which):
    result = runner.invoke(cli, ["stats", "--workbook", str(workbook), "--van", "2026-06-01", "--as-of",
                                 TODAY.isoformat(), *which])
    assert result.exit_code == 2 and "na vandaag" in result.output, result.output
    assert "--tot" not in result.output and "Traceback" not in result.output


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
    overview, tables, data = book["Overzicht"], book.worksheets[1:-1], book["Grafiekgegevens"]
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
    # the charts' numbers: as many pages as they need, no header row to repeat, marked INTERN
    assert pages_fit(data.page_setup.fitToHeight) == 0 and data.print_title_rows is None
    assert data["A3"].value.startswith("INTERN")
    month = book["Per maand"]
    total = [row for row in month.iter_rows(min_row=5) if row[0].value == "Totaal"][0]
    assert all(cell.font.b for cell in total) and total[1].alignment.horizontal == "right"
    assert book.properties.title == title and book.properties.created.date() == TODAY


def test_each_chart_is_below_its_table(runner, workbook, tmp_path):
    assert runner.invoke(cli, ["stats", "--workbook", str(workbook), *PERIOD]).exit_code == 0
    path = tmp_path / "rapporten" / "Statistiek 2026-01-01 tot 2026-03-31.xlsx"
    book = openpyxl.load_workbook(path)
    placed = charts_by_sheet(path)
    assert sorted(placed) == ["Caseload", "Dagen tot gesprek", "Per kwartaal", "Wachttijd"]
    for name, charts_here in placed.items():
        rows = sum(1 for row in book[name].iter_rows(min_row=5) if row[0].value is not None)
        # the first two rows under the table, a second one under the first
        assert [row for row, _ in charts_here][0] == 4 + rows + 2, name
        assert [row for row, _ in charts_here] == sorted({row for row, _ in charts_here}), name


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


def test_a_shares_floor_reads_as_a_percentage_in_the_workbook(tmp_path):
    """A share known as at least 42 % is "≥ 42 %" on every sheet, as in the Word report: a bare
    "≥42" beside "71.4%" reads as a count of families."""
    from eenplan.stats.figures import figures
    from tests.test_stats_figures import FLOWS, D, two_quarters

    report = figures(two_quarters(), FLOWS, start=D(2026, 1, 1), end=D(2026, 6, 30), today=D(2026, 8, 15))
    assert report.table("per_maand").rows[0][6] == "≥42"
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    texts = {sheet.title: [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
             for sheet in book.worksheets}
    assert not [(name, t) for name, values in texts.items() for t in values if re.fullmatch(r"≥\d+", t)]
    assert "≥ 42 %" in texts["Per maand"]


def series_ranges(chart_xml: str) -> list[tuple[str, str]]:
    """Each series' (categories, values) references of a chart part, as Excel reads them."""
    found = []
    for part in chart_xml.split("<c:ser>")[1:]:
        categories = re.search(r"<c:cat>.*?<c:f>([^<]+)</c:f>", part, re.S)
        values = re.search(r"<c:val>.*?<c:f>([^<]+)</c:f>", part, re.S)
        found.append((categories.group(1) if categories else "", values.group(1)))
    return found


def cells(book: openpyxl.Workbook, reference: str) -> list[object]:
    sheet, _, where = reference.partition("!")
    assert sheet == "Grafiekgegevens", reference  # never a table's cells, where a mark is text
    first, _, last = where.replace("$", "").partition(":")
    return [row[0].value for row in book[sheet][f"{first}:{last or first}"]]


def test_the_charts_draw_published_values_and_gaps_where_the_tables_hide(workbook, tmp_path):
    team = find_team(workbook=workbook)
    report = statistics(team, load_caseload(team), start=START, end=END, today=TODAY)
    # a share published as a floor in the quarter; the quarter's median hidden, so the months are drawn
    quarter = report.table("per_kwartaal")
    keys = [c.key for c in quarter.columns]
    first = list(quarter.rows[0])
    first[keys.index("pct_binnen_norm")], first[keys.index("mediaan_dagen")] = "≥45", "x"
    report = dataclasses.replace(report, tables=tuple(
        dataclasses.replace(t, rows=(tuple(first), *t.rows[1:])) if t.key == "per_kwartaal" else t
        for t in report.tables))
    path = write_xlsx(report, tmp_path / "Statistiek.xlsx")
    book = openpyxl.load_workbook(path)
    placed = charts_by_sheet(path)
    (_, on_time), (_, medians) = placed["Per kwartaal"]
    shares, whole_period = series_ranges(on_time)
    assert cells(book, shares[1]) == [0.45]  # the floor, drawn at its floor
    assert cells(book, whole_period[1]) == [pytest.approx(0.522)]
    assert "pattFill" in on_time and "≥45%" in on_time  # and drawn otherwise, labelled as published
    median, norm = series_ranges(medians)
    # March's median is "x" in the table: an empty cell, never 0; the norm at its days
    assert cells(book, median[1]) == [20, 10, None]
    assert cells(book, norm[1]) == [30.44, 30.44, 30.44]
    month_names = cells(book, median[0])
    assert "(x)" in month_names[2] and "(" not in month_names[0]  # the mark stays visible, in the category
    [(_, days)] = placed["Dagen tot gesprek"]
    within, beyond = (cells(book, values) for _, values in series_ranges(days))
    # "<5" everywhere but 8 to 14 days (7, within the norm of a month) and 46 to 60 (5, beyond it)
    assert within == [None, 7, None, None, None, None, None]
    assert beyond == [None, None, None, None, None, 5, None]
    [(_, caseload)] = placed["Caseload"]
    drawn = [cells(book, values) for _, values in series_ranges(caseload)]
    assert drawn[0] == [14, 21, 21] and [None, 11, 11] in drawn and [None, None, None] not in drawn[1:]
    for chart in [on_time, medians, days, caseload]:
        assert 'dispBlanksAs val="zero"' not in chart and 'dispBlanksAs val="span"' not in chart


@pytest.mark.parametrize("intern", [False, True])
def test_every_chart_draws_numbers_or_gaps_only(runner, workbook, book, tmp_path, intern):
    for path in (workbook, book.save(tmp_path / "Leeg.xlsx")):
        result = runner.invoke(cli, ["stats", "--workbook", str(path), *PERIOD, *["--intern"][:intern]])
        assert result.exit_code == 0, result.output
        [written] = (tmp_path / "rapporten").glob(f"Statistiek *{' INTERN' if intern else ''}.xlsx")
        book_read = openpyxl.load_workbook(written)
        placed = charts_by_sheet(written)
        assert sum(len(c) for c in placed.values()) == 5
        for charts_here in placed.values():
            for _, chart in charts_here:
                for _, values in series_ranges(chart):
                    assert all(v is None or isinstance(v, (int, float)) for v in cells(book_read, values))
        names = [c.value for c in book_read["Grafiekgegevens"][book_read["Grafiekgegevens"].max_row - 3]]
        # the begeleiders by name in the team's own report only
        assert ("Sofie Janssens" in names) == (intern and path == workbook)
        written.unlink()


def test_the_workbook_is_written_without_matplotlib(workbook):
    script = ("import sys; from eenplan.cli import cli\n"
              f"cli(['stats', '--workbook', {str(workbook)!r}, *{PERIOD!r}], standalone_mode=False)\n"
              "sys.exit(3 if 'matplotlib' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list((workbook.parent / "rapporten").glob("Statistiek *.xlsx"))


def test_the_json_is_written_without_the_workbook_or_chart_code(workbook):
    script = ("import sys; from eenplan.cli import cli\n"
              f"cli(['stats', '--workbook', {str(workbook)!r}, *{PERIOD!r}, '--format', 'json'], "
              "standalone_mode=False)\n"
              "loaded = {'xlsxwriter', 'matplotlib', 'docx', 'eenplan.stats.charts', "
              "'eenplan.stats.excel_charts'} & set(sys.modules)\n"
              "sys.exit(f'loaded: {sorted(loaded)}' if loaded else 0)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert '"per_maand"' in done.stdout


def test_many_begeleiders_are_thin_lines_under_one_legend_entry(workbook, tmp_path):
    team = find_team(workbook=workbook)
    report = statistics(team, load_caseload(team), start=START, end=END, today=TODAY)
    more = tuple((f"Begeleider {letter}", 6, 7, 8) for letter in "DEFGHIJKL")
    report = dataclasses.replace(report, tables=tuple(
        dataclasses.replace(t, rows=t.rows + more) if t.key == "caseload" else t for t in report.tables))
    path = write_xlsx(report, tmp_path / "Statistiek.xlsx")
    [(_, chart)] = charts_by_sheet(path)["Caseload"]
    # all trajectories and ten begeleiders (B and C, hidden throughout, and those not yet assigned are
    # not drawn); the begeleiders under one legend entry
    assert len(series_ranges(chart)) == 11
    assert len(re.findall(r"<c:legendEntry>", chart)) == 9
