"""The look of the reports eenplan writes (Controle.xlsx, Achterstand.xlsx), shared by both.

They are written with XlsxWriter, a write-only library: a cell is written once, with its
value and one format, in a few microseconds. openpyxl, which eenplan uses to read and to make
workbooks people fill in, builds every cell as an object and registers each style it is given;
writing the overdue list of a 10,000-dossier team that way took a second and a half of a save.
XlsxWriter (0.05 s to import) is imported where a report is written.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

HEADER_FILL = "#DDEBF7"
WRAP = {"text_wrap": True, "valign": "top"}  # a cell whose text wraps, read from the top
_PIXELS_A_UNIT = 7  # Calibri 11's widest digit, the unit Excel measures columns in
A4 = 9
LINE_HEIGHT = 15  # points, a line of Calibri 11


def new_workbook(target: str | IO[bytes], *, day: datetime.date | None = None, title: str = "") -> Workbook:
    """A workbook written in memory, every text a text (never a formula or a link by accident),
    made by eenplan; dated ``day`` when given (then the same content gives the same bytes)."""
    from xlsxwriter import Workbook

    book = Workbook(target, {"in_memory": True, "strings_to_formulas": False,
                             "strings_to_urls": False, "strings_to_numbers": False})
    properties: dict[str, object] = {"author": "eenplan"}  # also written as "last modified by"
    if title:
        properties["title"] = title
    if day is not None:
        properties["created"] = datetime.datetime(day.year, day.month, day.day)
    book.set_properties(properties)
    return book


def close_workbook(book: Workbook) -> None:
    """Write the workbook out, then let go of its sheets: each sheet holds its workbook (its
    ``add_format``), a reference cycle that would keep every cell written (a few hundred thousand
    objects for the overdue list of 10,000 dossiers) until the cycle collector's next full pass,
    which the watcher, reading with the collector off, may not make for many saves."""
    book.close()
    book.worksheets_objs.clear()
    book.sheetnames.clear()


def file_link(path: str, location: str, *, text: str, tip: str) -> Any:
    """A hyperlink to ``location`` ("'Dossiers'!D2") in the workbook at ``path``, relative to the
    report, for ``Worksheet.write_url``: the cell shows ``text``, the mouse ``tip``."""
    link = _file_link()(f"external:{path}#{location}")
    link.text, link.tip = text, tip
    return link


@functools.cache
def _file_link() -> type:
    """A link to a file by its relative path keeps its forward slashes: XlsxWriter writes it as a
    Windows path (``..\\Caseload.xlsx``), which only Windows follows. (Check on an XlsxWriter
    upgrade: ``tests/test_report_looks.py`` reads the link back.)"""
    from xlsxwriter.url import Url

    class FileLink(Url):
        def _escape_strings(self) -> None:
            super()._escape_strings()
            for name in ("_link", "_relationship_link"):
                setattr(self, name, getattr(self, name).replace("\\", "/"))

    return FileLink


def header_format(book: Workbook) -> Format:
    """Bold titles on a light blue band."""
    return book.add_format({"bold": True, "pattern": 1, "bg_color": HEADER_FILL})


def header_row(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int], bold: Format,
               formats: Sequence[Format | None] = ()) -> None:
    """The titles, and the columns as wide as before: ``widths`` in the units openpyxl wrote, so
    a column shows as wide as it did. ``formats``: each column's own (what a cell left empty
    shows, and what someone types there gets), when not Excel's default."""
    sheet.write_row(0, 0, headers, bold)
    for index, width in enumerate(widths):
        sheet.set_column_pixels(index, index, width * _PIXELS_A_UNIT,
                                formats[index] if index < len(formats) else None)


def print_setup(sheet: Worksheet, *, rows: int, columns: int, title: str = "",
                printed: int | None = None) -> None:
    """Ready to print: the titles frozen, filtered, repeated on every page; A4 landscape, as
    wide as one page; a page number at the foot and ``title`` at the head. ``rows`` counts the
    title row; ``printed``: the columns printed, when not all."""
    last = max(rows, 2) - 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, columns - 1)
    sheet.repeat_rows(0)
    if printed is not None:
        sheet.print_area(0, 0, last, printed - 1)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.75, right=0.75, top=1, bottom=1)  # inches, as the reports had them
    sheet.set_header("&C" + title.replace("&", "&&") if title else "", {"margin": 0.5})
    sheet.set_footer("&CPagina &P van &N", {"margin": 0.5})


def row_height(cells: Sequence[tuple[object, int]]) -> float:
    """The height a row needs so the text of each of its wrapped ``cells`` (text, column width in
    the units of ``header_row``) shows whole, on screen and on paper: Excel does not measure the
    rows of a file it did not write. The most lines any cell takes, a line break starting a new
    one, at about one character a unit."""
    lines = 1
    for text, width in cells:
        room = max(width - 1, 1)
        needed = sum(max(1, -(-len(part) * 11 // (room * 10))) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * LINE_HEIGHT
