"""The check's findings as a workbook a coordinator can filter and click through."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, cast

from eenplan.files import write_atomically
from eenplan.sheets.codes import ERROR, SEVERITY_NL
from eenplan.sheets.findings import CheckReport
from eenplan.sheets.styles import Stamps

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl (0.4 s to import) is imported where the report is written, not by every command.

CHECK_REPORT_NAME = "Controle.xlsx"

# Dutch titles; the stable code (what `check --format json` says) comes last, outside the print
# area, for filtering and for asking about a finding
_HEADERS = ("Ernst", "Blad", "Cel", "Dossier", "Kolom", "Waarde", "Melding", "Soort melding", "Code")
_WIDTHS = (13, 12, 7, 11, 18, 22, 60, 34, 24)
_WRAPPED = (5, 6, 7, 8)  # Kolom, Waarde, Melding, Soort melding: their text wraps in the cell
_PRINTED = "A:H"
_LINE_HEIGHT = 15  # points, for Calibri 11


def row_height(texts: dict[int, str], widths: tuple[int, ...] = _WIDTHS) -> float:
    """The height a row needs so its wrapped text shows whole (Excel does not measure rows that
    openpyxl writes): the most lines any wrapped cell takes, at about one character a unit."""
    lines = 1
    for column, text in texts.items():
        width = max(widths[column - 1] - 1, 1)
        needed = sum(max(1, -(-len(part) * 11 // (width * 10))) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * _LINE_HEIGHT


def write_check_report(report: CheckReport, path: Path, *, workbook: Path) -> Path:
    """Write one row a finding, each cell linking to its place in the team's workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    book = Workbook()
    sheet = cast("Worksheet", book.active)  # a new workbook holds one worksheet
    sheet.title = "Controle"
    sheet.append(_HEADERS)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    target = os.path.relpath(workbook, path.parent)
    red = PatternFill("solid", fgColor="F8CBAD")
    amber = PatternFill("solid", fgColor="FFE699")
    link = Font(color="0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    stamps = Stamps()
    for row, finding in enumerate(report.findings, start=2):
        values = (
            SEVERITY_NL[finding.severity], finding.sheet, finding.cell or "", finding.dossier,
            finding.column, finding.value, finding.message, finding.kind.meaning, finding.code,
        )
        sheet.append(values)
        stamps.set(sheet.cell(row, 1), "fill", red if finding.severity == ERROR else amber)
        for column in range(1, len(values) + 1):
            stamps.set(sheet.cell(row, column), "alignment", wrap)
        sheet.row_dimensions[row].height = row_height({c: values[c - 1] for c in _WRAPPED})
        if finding.cell or finding.row:
            place = finding.cell or f"A{finding.row}"
            cell = sheet.cell(row, 3)
            cell.value = place
            title = report.sheet_titles.get(finding.sheet, finding.sheet).replace("'", "''")
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, target=target, location=f"'{title}'!{place}",
                tooltip=f"Open {finding.sheet}!{place} in de werkmap",
            )
            stamps.set(cell, "font", link)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:I{max(len(report.findings) + 1, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:H{max(len(report.findings) + 1, 2)}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # openpyxl makes it with the sheet
    sheet.oddFooter.center.text = "Pagina &P van &N"  # type: ignore[union-attr]  # openpyxl makes it with the sheet
    book.properties.creator = "eenplan"
    book.properties.lastModifiedBy = "eenplan"
    return write_atomically(path, lambda temporary: book.save(temporary))


def check_table(report: CheckReport, *, width: int = 80) -> str:
    """The findings grouped by sheet, readable in an 80-column terminal."""

    name = Path(report.workbook).name
    lines = [f"{name}: {_count(report.errors, 'fout', 'fouten')}, "
             f"{_count(report.warnings, 'waarschuwing', 'waarschuwingen')}"]
    if not report.findings:
        lines.append("Alles in orde: eenplan vond niets om na te kijken.")
        return "\n".join(lines)
    sheet = None
    for finding in report.findings:
        if finding.sheet != sheet:
            sheet = finding.sheet
            count = sum(1 for f in report.findings if f.sheet == sheet)
            lines += ["", f"{sheet} ({count})"]
        place = finding.cell or (f"rij {finding.row}" if finding.row else "blad")
        dossier = finding.dossier[:10]
        label = "fout" if finding.severity == ERROR else "let op"
        prefix = f"  {place:<6} {label:<7}{dossier:<11}"
        body = textwrap.wrap(finding.message, width=width - len(prefix)) or [""]
        lines.append(prefix + body[0])
        lines.extend(" " * len(prefix) + rest for rest in body[1:])
    return "\n".join(lines)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
