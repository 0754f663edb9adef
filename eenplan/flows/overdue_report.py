"""The overdue list as a workbook: a summary sheet, then one sheet a begeleider, ready to print."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from eenplan.dutch import short_date
from eenplan.files import reproducible_zip, write_atomically
from eenplan.flows.agreements import AGREEMENT
from eenplan.flows.deadlines import Status
from eenplan.flows.overdue import STATUS_WORDS, Counts, OverdueItem, by_begeleider
from eenplan.sheets.styles import Stamps

# openpyxl (0.4 s to import) is imported where the list is written, not by `overdue --format json`.

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

OVERDUE_REPORT_NAME = "Achterstand.xlsx"
SUMMARY_TITLE = "Overzicht"

# Stap says what an item is about: a step's label, "Afspraak" or "Evaluatie"; for an agreement
# Norm holds its action, and Levensdomein and Wie are filled; for one that cannot be judged,
# Norm holds the reason and the cell.
_HEADERS = ("Dossier", "Gezin", "Traject", "Stap", "Norm", "Start", "Termijn", "Stand",
            "Dagen", "Niet te beoordelen: cel en reden", "Levensdomein", "Wie")
_WIDTHS = (11, 24, 20, 20, 38, 11, 11, 12, 18, 60, 16, 18)
_SUMMARY_HEADERS = ("Begeleider", "Te laat", "Binnenkort", "Gepauzeerd", "Samen",
                    "Niet te beoordelen")
_SUMMARY_WIDTHS = (28, 10, 12, 12, 10, 18)
_FILLS = {Status.OVERDUE: "F8CBAD", Status.DUE_SOON: "FFE699", Status.PAUSED: "D9D9D9",
          Status.UNKNOWN: "B4C6E7"}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_overdue_report(
    items: Sequence[OverdueItem], path: Path, *, today: datetime.date, team_name: str = "",
) -> Path:
    """Write the workbook to ``path`` (atomically): the same items and day, the same bytes."""
    data = overdue_report_bytes(items, today=today, team_name=team_name)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def overdue_report_bytes(
    items: Sequence[OverdueItem], *, today: datetime.date, team_name: str = "",
) -> bytes:
    """The same workbook as bytes, to attach to a mail, dated ``today`` (not the clock)."""
    buffer = io.BytesIO()
    build_overdue_workbook(items, today=today, team_name=team_name).save(buffer)
    return reproducible_zip(buffer.getvalue(), today)


def build_overdue_workbook(
    items: Sequence[OverdueItem], *, today: datetime.date, team_name: str = "",
) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    summary = cast("Worksheet", book.active)  # a new workbook holds one worksheet
    summary.title = SUMMARY_TITLE
    title = f"Achterstand op {short_date(today)}" + (f" - {team_name}" if team_name else "")
    groups = by_begeleider(items)
    stamps = Stamps()
    _header(summary, _SUMMARY_HEADERS, _SUMMARY_WIDTHS, stamps)
    for who, group in groups.items():
        counts = Counts.of(group)
        summary.append((who, counts.overdue, counts.due_soon, counts.paused,
                        counts.total - counts.unknown, counts.unknown))
    total = Counts.of(items)
    summary.append(("Samen", total.overdue, total.due_soon, total.paused,
                    total.total - total.unknown, total.unknown))
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    _print_setup(summary, title, len(_SUMMARY_HEADERS), summary.max_row)

    used = {SUMMARY_TITLE.casefold()}
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {status: PatternFill("solid", fgColor=colour) for status, colour in _FILLS.items()}
    columns = range(1, len(_HEADERS) + 1)
    for who, group in groups.items():
        sheet = book.create_sheet(_sheet_title(who, used))
        _header(sheet, _HEADERS, _WIDTHS, stamps)
        for row, item in enumerate(group, start=2):
            sheet.append((
                item.dossier, item.family, item.flow, item.label, _norm(item), item.start, item.due,
                STATUS_WORDS[item.status], item.when(today),  # as the terminal says it
                f"{item.cell}: {item.reason}" if item.status is Status.UNKNOWN else None,
                item.life_domain or None, item.responsible or None,
            ))
            cells = [sheet.cell(row, column) for column in columns]
            for cell in cells:
                stamps.set(cell, "alignment", wrap)
            sheet.row_dimensions[row].height = _row_height((item.family, _norm(item), item.label))
            for cell in cells[5:7]:
                stamps.set(cell, "number_format", "dd/mm/yyyy")
            stamps.set(cells[7], "fill", fills[item.status])
        _print_setup(sheet, f"{title} - {who}", len(_HEADERS), len(group) + 1)
    book.properties.creator = "eenplan"
    book.properties.lastModifiedBy = "eenplan"
    book.properties.title = title
    return book


def _norm(item: OverdueItem) -> str:
    return item.action if item.kind == AGREEMENT else item.norm


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int], stamps: Stamps) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(tuple(headers))
    bold, fill = stamps.shared("bold", Font, bold=True), stamps.shared("header", PatternFill, "solid",
                                                                     fgColor="DDEBF7")
    for cell in sheet[1]:
        stamps.set(cell, "font", bold)
        stamps.set(cell, "fill", fill)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _row_height(texts: Sequence[str]) -> int:
    """As high as the longest of a row's wrapped texts needs (text wraps in its cell)."""
    lines = max([1, *(-(-len(text) * 11 // ((width - 1) * 10))
                      for text, width in zip(texts, (_WIDTHS[1], _WIDTHS[4], _WIDTHS[3]), strict=True))])
    return 15 * lines


def _print_setup(sheet: Worksheet, title: str, columns: int, rows: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # openpyxl makes it with the sheet
    sheet.oddHeader.center.text = title.replace("&", "&&")  # type: ignore[union-attr]  # openpyxl makes it with the sheet
    sheet.oddFooter.center.text = "Pagina &P van &N"  # type: ignore[union-attr]  # openpyxl makes it with the sheet


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = _FORBIDDEN.sub("-", name).strip("' ") or "Begeleider"
    title, number = base[:31], 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(title.casefold())
    return title
