"""The overdue list as a workbook: a summary sheet, then one sheet a begeleider, ready to print."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from pathlib import Path

from eenplan.dutch import short_date
from eenplan.files import write_atomically
from eenplan.flows.agreements import AGREEMENT
from eenplan.flows.deadlines import Status
from eenplan.flows.overdue import STATUS_WORDS, Counts, OverdueItem, by_begeleider, no_open_dossier
from eenplan.sheets.schema import DOSSIERS
from eenplan.sheets.styles import (
    A4,
    WRAP,
    close_workbook,
    header_format,
    header_row,
    new_workbook,
    print_setup,
    row_height,
)

OVERDUE_REPORT_NAME = "Achterstand.xlsx"
SUMMARY_TITLE = "Overzicht"

# Stap says what an item is about: a step's label, "Afspraak" or "Evaluatie"; for an agreement
# Norm holds its action, and Levensdomein and Wie are filled; for one that cannot be judged,
# Norm holds the reason and the cell.
_HEADERS = ("Dossier", "Gezin", "Traject", "Stap", "Norm", "Start", "Termijn", "Stand",
            "Dagen", "Niet te beoordelen: cel en reden", "Levensdomein", "Wie")
_WIDTHS = (11, 24, 20, 20, 38, 11, 11, 12, 18, 60, 16, 18)
# Gezinnen counts families (those with anything on the begeleider's sheet), Gepauzeerd too; the
# others count steps, agreements and evaluations: no column adds the one to the other
_SUMMARY_HEADERS = ("Begeleider", "Gezinnen", "Te laat", "Binnenkort", "Gepauzeerd",
                    "Niet te beoordelen")
_SUMMARY_WIDTHS = (28, 10, 10, 12, 12, 18)
_FILLS = {Status.OVERDUE: "F8CBAD", Status.DUE_SOON: "FFE699", Status.PAUSED: "D9D9D9",
          Status.UNKNOWN: "B4C6E7"}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_overdue_report(
    items: Sequence[OverdueItem], path: Path, *, today: datetime.date, team_name: str = "",
    judged: int | None = None, caution: str = "", dossiers_title: str = DOSSIERS,
) -> Path:
    """Write the workbook to ``path`` (atomically): the same items and day, the same bytes.
    ``judged``: the open dossiers looked at; none at all is said on the summary sheet, where a
    row of zeros would read as nothing late. ``caution``: a sentence the summary sheet says
    under its counts (the Begeleider column missing: every row would read as without one).
    ``dossiers_title``: Dossiers as the team's workbook names it, for that sentence."""
    data = overdue_report_bytes(items, today=today, team_name=team_name, judged=judged,
                                caution=caution, dossiers_title=dossiers_title)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def overdue_report_bytes(
    items: Sequence[OverdueItem], *, today: datetime.date, team_name: str = "",
    judged: int | None = None, caution: str = "", dossiers_title: str = DOSSIERS,
) -> bytes:
    """The same workbook as bytes, to attach to a mail, dated ``today`` (not the clock): the
    same items and day give the same bytes, as XlsxWriter writes them in memory (its zip entries
    dated 1 January 1980, as Controle.xlsx's; inflating and deflating them again to date them
    ``today`` cost 0.026 s of a save at 10,000 dossiers)."""
    buffer = io.BytesIO()
    _write_overdue_workbook(buffer, items, today=today, team_name=team_name, judged=judged,
                            caution=caution, dossiers_title=dossiers_title)
    return buffer.getvalue()


def unjudged_report_bytes(missing: str, *, today: datetime.date, team_name: str = "") -> bytes:
    """The workbook when nothing can be judged (a column a norm needs is missing): one sheet
    that says so and what to do, in place of last time's list, which no longer holds."""
    buffer = io.BytesIO()
    title = f"Achterstand op {short_date(today)}" + (f" - {team_name}" if team_name else "")
    book = new_workbook(buffer, day=today, title=title)
    sheet = book.add_worksheet(SUMMARY_TITLE)
    sheet.set_column(0, 0, 100)
    wrap = book.add_format(WRAP)
    sheet.write_string(0, 0, f"{title}: eenplan kan niet zeggen wat te laat is.",
                       book.add_format({"bold": True}))
    sheet.write_string(2, 0, missing, wrap)
    sheet.write_string(4, 0, "Er staan daarom geen aantallen in dit rapport: nul zou hier niet "
                             "kloppen. Zodra de werkmap in orde is, maakt eenplan het rapport "
                             "opnieuw.", wrap)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    close_workbook(book)
    return buffer.getvalue()


def _write_overdue_workbook(
    target: io.BytesIO, items: Sequence[OverdueItem], *, today: datetime.date, team_name: str = "",
    judged: int | None = None, caution: str = "", dossiers_title: str = DOSSIERS,
) -> None:
    title = f"Achterstand op {short_date(today)}" + (f" - {team_name}" if team_name else "")
    book = new_workbook(target, day=today, title=title)
    bold_header = header_format(book)
    groups = by_begeleider(items)

    summary = book.add_worksheet(SUMMARY_TITLE)
    header_row(summary, _SUMMARY_HEADERS, _SUMMARY_WIDTHS, bold_header)
    row = 0
    for row, (who, group) in enumerate(groups.items(), start=1):
        counts = Counts.of(group)
        summary.write_row(row, 0, (who, counts.families, counts.overdue, counts.due_soon,
                                   counts.paused, counts.unknown))
    total = Counts.of(items)
    summary.write_row(row + 1, 0, ("Samen", total.families, total.overdue, total.due_soon,
                                   total.paused, total.unknown),
                      book.add_format({"bold": True}))
    said = [s for s in (no_open_dossier(dossiers_title) if judged == 0 else "", caution) if s]
    # the zeros of an empty workbook say nothing, nor one begeleider-less row of a workbook
    # without its Begeleider column: said under them, wrapped across the table's width (a line
    # that ran on would make the printed page shrink to fit it)
    width = sum(_SUMMARY_WIDTHS)
    note = book.add_format({**WRAP, "bold": True})
    for line, sentence in enumerate(said):
        summary.merge_range(row + 3 + line, 0, row + 3 + line, len(_SUMMARY_HEADERS) - 1, sentence, note)
        summary.set_row(row + 3 + line, 15 * -(-len(sentence) * 12 // ((width - 1) * 10)))
    print_setup(summary, rows=row + 2 + (len(said) + 1 if said else 0), columns=len(_SUMMARY_HEADERS),
                title=title)

    used = {SUMMARY_TITLE.casefold()}
    wrap = book.add_format(WRAP)
    day = book.add_format({**WRAP, "num_format": "dd/mm/yyyy"})
    fills = {status: book.add_format({**WRAP, "pattern": 1, "bg_color": f"#{colour}"})
             for status, colour in _FILLS.items()}
    for who, group in groups.items():
        sheet = book.add_worksheet(_sheet_title(who, used))
        # an empty cell takes its column's format (wrapped; a date in Start and Termijn), so it
        # needs no cell of its own
        header_row(sheet, _HEADERS, _WIDTHS, bold_header, (*[wrap] * 5, day, day, None, *[wrap] * 4))
        # each cell written as what it is (a text, a date), and an empty one not at all: the
        # overdue list of 10,000 dossiers is ~50,000 cells, and XlsxWriter's write() works out
        # every value's type
        text, date = sheet.write_string, sheet.write_datetime
        for row, item in enumerate(group, start=1):
            first = (item.dossier, item.family, item.flow, item.label, _norm(item))
            last = (
                item.when(today),  # as the terminal says it
                f"{item.cell}: {item.reason}" if item.status is Status.UNKNOWN else "",
                item.life_domain, item.responsible,
            )
            # as high as its longest text needs, on paper too (a reason runs to three lines)
            sheet.set_row(row, row_height([*zip(first, _WIDTHS[:5], strict=True),
                                           (STATUS_WORDS[item.status], _WIDTHS[7]),
                                           *zip(last, _WIDTHS[8:], strict=True)]))
            for column, value in enumerate(first):
                if value:
                    text(row, column, value, wrap)
            if item.start is not None:
                date(row, 5, item.start, day)
            if item.due is not None:
                date(row, 6, item.due, day)
            text(row, 7, STATUS_WORDS[item.status], fills[item.status])
            for column, value in enumerate(last, start=8):
                if value:
                    text(row, column, value, wrap)
        print_setup(sheet, rows=len(group) + 1, columns=len(_HEADERS), title=f"{title} - {who}")
    close_workbook(book)


def _norm(item: OverdueItem) -> str:
    return item.action if item.kind == AGREEMENT else item.norm


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = _FORBIDDEN.sub("-", name).strip("' ") or "Begeleider"
    title, number = base[:31], 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(title.casefold())
    return title
