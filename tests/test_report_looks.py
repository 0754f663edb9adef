"""How Controle.xlsx and Achterstand.xlsx look, read back with openpyxl: what the tests of the
commands do not look at (widths, colours, formats, heights, the page)."""

from __future__ import annotations

import datetime
from typing import Any

import openpyxl
import pytest

from eenplan.flows import load_flows
from eenplan.flows.overdue import overdue_items
from eenplan.flows.overdue_report import write_overdue_report
from eenplan.sheets.codes import ERROR
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.report import write_check_report
from tests.builders import pages_fit
from tests.conftest import TODAY, check_book

D = datetime.date
HEADER_BLUE = "DDEBF7"


def widths(sheet) -> list[float]:
    """Each column's width, also of columns written as one range."""
    found: dict[int, float] = {}
    for dimension in sheet.column_dimensions.values():
        for column in range(dimension.min, dimension.max + 1):
            found[column] = dimension.width
    return [found[column] for column in range(1, sheet.max_column + 1)]


def colour(cell) -> str:
    assert cell.fill.fill_type == "solid", cell.coordinate
    return cell.fill.fgColor.rgb[-6:]


def assert_header_row(sheet) -> None:
    for cell in sheet[1]:
        assert cell.font.b and colour(cell) == HEADER_BLUE, cell.coordinate


def assert_ready_to_print(sheet, title: str | None) -> None:
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.paperSize in ("9", 9) and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (pages_fit(sheet.page_setup.fitToWidth), pages_fit(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.oddFooter.center.text == "Pagina &P van &N"
    margins = sheet.page_margins  # inches: what decides how many rows a page holds
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.75, 0.75, 1, 1)
    assert (margins.header, margins.footer) == (0.5, 0.5)
    assert sheet.oddHeader.center.text == title


@pytest.fixture
def overdue_book(book):
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1),
                 family="Familie Met Een Heel Erg Lange Naam Die Niet Op Een Regel Past")  # late
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 10, 30))  # soon
    book.agreement("2026-002", domain="Onderwijs", action="Bellen", who="Mama", due=D(2026, 11, 10),
                   status="open")  # late, in few words
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 9, 1))  # paused
    book.pause("2026-003", start=D(2026, 9, 20))
    return book


def test_the_overdue_list_keeps_its_looks(overdue_book, tmp_path):
    items = overdue_items(read_caseload(overdue_book.save(tmp_path / "Caseload.xlsx")), load_flows(),
                          today=TODAY)
    path = write_overdue_report(items, tmp_path / "Achterstand.xlsx", today=TODAY, team_name="Team & Co")
    book = openpyxl.load_workbook(path)
    assert book.properties.creator == book.properties.lastModifiedBy == "eenplan"
    assert book.properties.title == "Achterstand op 23/11/2026 - Team & Co"
    assert book.properties.created == datetime.datetime(2026, 11, 23)  # the day, not the clock
    assert book.properties.modified == datetime.datetime(2026, 11, 23)
    again = write_overdue_report(items, tmp_path / "Opnieuw.xlsx", today=TODAY, team_name="Team & Co")
    assert again.read_bytes() == path.read_bytes()  # the same items and day: the same file

    summary = book["Overzicht"]
    assert_header_row(summary)
    assert widths(summary) == [28, 10, 10, 12, 12, 18]
    assert [c.value for c in summary[summary.max_row]] == ["Samen", 3, 2, 1, 1, 0]
    assert all(c.font.b for c in summary[summary.max_row])
    assert not summary["A2"].font.b and summary["B2"].data_type == "n"
    assert_ready_to_print(summary, "Achterstand op 23/11/2026 - Team && Co")

    an = book["An Claes"]
    assert_header_row(an)
    assert widths(an) == [11, 24, 20, 20, 38, 11, 11, 12, 18, 60, 16, 18]
    assert_ready_to_print(an, "Achterstand op 23/11/2026 - Team && Co - An Claes")
    assert an.auto_filter.ref == "A1:L4"
    # a cell left empty has no cell of its own: it looks like its column, wrapped, read from the
    # top, a date in Start and Termijn (and what someone types there takes that)
    # (a run of columns alike is one <col> element: openpyxl keys it by its first letter)
    columns = {index: next(d for d in an.column_dimensions.values() if d.min <= index <= d.max)
               for index in range(1, 13)}
    assert all(c.alignment.wrap_text and c.alignment.vertical == "top"
               for index, c in columns.items() if index != 8)
    assert columns[6].number_format == columns[7].number_format == "dd/mm/yyyy"

    def look(cell: Any) -> Any:  # a cell's own look, else its column's
        return cell if cell.has_style else columns[cell.column]

    for row in an.iter_rows(min_row=2):
        assert all(look(c).alignment.wrap_text and look(c).alignment.vertical == "top" for c in row)
        due = row[6]
        assert due.is_date and due.number_format == "dd/mm/yyyy" and isinstance(due.value, datetime.datetime)
        assert look(row[5]).number_format == "dd/mm/yyyy"  # an agreement has no start
    rows = {(row[0].value, row[3].value): row for row in an.iter_rows(min_row=2)}
    late, soon = rows["2026-001", "Perspectiefgesprek"], rows["2026-002", "Perspectiefgesprek"]
    agreement = rows["2026-002", "Afspraak"]
    assert (late[6].value.date(), late[7].value, colour(late[7])) == (D(2026, 11, 1), "te laat", "F8CBAD")
    assert (soon[7].value, colour(soon[7])) == ("binnenkort", "FFE699")
    assert (book["Bart Peeters"]["H2"].value, colour(book["Bart Peeters"]["H2"])) == ("gepauzeerd", "D9D9D9")
    assert late[9].value is None and look(late[9]).alignment.wrap_text  # empty, still wrapped
    assert an.row_dimensions[late[0].row].height == 45  # the family's name takes three lines
    assert an.row_dimensions[soon[0].row].height == 30  # "Perspectiefgesprek" wraps
    # "Bellen", and "13 dagen te laat" in Dagen, measured (as a wide text) as two lines
    assert an.row_dimensions[agreement[0].row].height == 30


def test_every_row_of_the_overdue_list_shows_its_whole_text(book, tmp_path):
    """A row eenplan cannot judge (a number typed twice, no traject, a conversation after today)
    had the height of its family's name only: its reason (three lines) and "niet te beoordelen"
    ran into the next row, on screen and on paper. Each row is as high as its longest text needs:
    at least a line for every column's width of its characters."""
    for _ in range(2):
        book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.dossier("2026-002", begeleider="An Claes", flow=None, registered_on=D(2026, 10, 5))
    book.dossier("2026-003", begeleider="An Claes", registered_on=D(2026, 10, 1),
                 perspective_on=D(2026, 12, 5))  # after today
    book.dossier("2026-004", family="Familie Van den Broeck-Vermeulen", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))  # late
    items = overdue_items(read_caseload(book.save(tmp_path / "Caseload.xlsx")), load_flows(), today=TODAY)
    assert sum(item.status.value == "unknown" for item in items) == 4
    sheet = openpyxl.load_workbook(write_overdue_report(items, tmp_path / "Achterstand.xlsx",
                                                       today=TODAY))["An Claes"]
    columns = widths(sheet)
    for row in sheet.iter_rows(min_row=2):
        needed = max(-(-len(str(cell.value)) // int(columns[cell.column - 1] - 1))
                     for cell in row if isinstance(cell.value, str))
        height = sheet.row_dimensions[row[0].row].height or 15
        assert height >= 15 * needed, [cell.value for cell in row]
        assert all(cell.alignment.wrap_text for cell in row if isinstance(cell.value, str))


def test_the_check_report_keeps_its_looks(book, tmp_path):
    book.dossier("2026-001", municipality="Antwerpen")  # an error
    book.dossier("2026-002", registered_on=D(2027, 1, 1))  # a date in the future
    report = check_book(book, tmp_path)
    assert any(f.severity == ERROR for f in report.findings)
    (tmp_path / "rapporten").mkdir()
    path = write_check_report(report, tmp_path / "rapporten" / "Controle.xlsx",
                              workbook=tmp_path / "Caseload.xlsx")
    book_ = openpyxl.load_workbook(path)
    assert book_.sheetnames == ["Controle"] and book_.properties.creator == "eenplan"
    sheet = book_["Controle"]
    assert_header_row(sheet)
    assert widths(sheet) == [13, 12, 7, 11, 18, 22, 60, 34, 24]
    assert_ready_to_print(sheet, None)
    rows = len(report.findings) + 1
    assert sheet.print_area == f"'Controle'!$A$1:$H${rows}" and sheet.auto_filter.ref == f"A1:I{rows}"
    for row, finding in zip(sheet.iter_rows(min_row=2), report.findings, strict=True):
        assert colour(row[0]) == ("F8CBAD" if finding.severity == ERROR else "FFE699")
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in row)
        assert sheet.row_dimensions[row[0].row].height >= 15
        assert row[8].value == finding.code
        place = row[2]
        if finding.cell:
            assert place.value == finding.cell
            assert place.font.color.rgb[-6:] == "0563C1" and place.font.u == "single"
            assert place.hyperlink.target == "../Caseload.xlsx"
            assert place.hyperlink.tooltip == f"Open {finding.sheet}!{finding.cell} in de werkmap"


def test_the_reports_leave_nothing_for_the_cycle_collector(overdue_book, tmp_path):
    """The watcher reads and reports with the collector off: a report's cells must be freed as
    soon as it is written, not wait for a full collection."""
    import gc

    items = overdue_items(read_caseload(overdue_book.save(tmp_path / "Caseload.xlsx")), load_flows(),
                          today=TODAY)
    report = check_book(overdue_book, tmp_path)
    (tmp_path / "rapporten").mkdir()

    def write_both() -> None:
        write_overdue_report(items, tmp_path / "Achterstand.xlsx", today=TODAY)
        write_check_report(report, tmp_path / "rapporten" / "Controle.xlsx",
                           workbook=tmp_path / "Caseload.xlsx")

    write_both()  # what a first use of a library leaves once (its lazy tables) is not counted
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        write_both()
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
