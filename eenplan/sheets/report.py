"""The check's findings as a workbook a coordinator can filter and click through."""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path

from eenplan.dutch import and_list, plural
from eenplan.files import write_atomically
from eenplan.sheets import codes
from eenplan.sheets.codes import ERROR, INFO, SEVERITY_NL, WARNING
from eenplan.sheets.findings import FLOWS_FOLDER, WORKBOOK_FOLDER, CheckReport
from eenplan.sheets.records import WHICH_WORKBOOK
from eenplan.sheets.schema import DOSSIERS
from eenplan.sheets.styles import (
    WRAP,
    close_workbook,
    file_link,
    header_format,
    header_row,
    new_workbook,
    print_setup,
    row_height,
)

# XlsxWriter is imported where the report is written, not by every command.

CHECK_REPORT_NAME = "Controle.xlsx"

# Dutch titles; the stable code (what `check --format json` says) comes last, outside the print
# area, for filtering and for asking about a finding
_HEADERS = ("Ernst", "Blad", "Cel", "Dossier", "Kolom", "Waarde", "Melding", "Soort melding", "Code")
_WIDTHS = (13, 12, 7, 11, 18, 22, 60, 34, 24)
_WRAPPED = (5, 6, 7, 8)  # Kolom, Waarde, Melding, Soort melding: their text wraps in the cell
_PRINTED = 8  # A:H


def write_check_report(report: CheckReport, path: Path, *, workbook: Path) -> Path:
    """Write one row a finding, each cell linking to its place in the team's workbook."""

    def write(temporary: Path) -> None:
        buffer = io.BytesIO()
        _write_check_workbook(buffer, report, target=os.path.relpath(workbook, path.parent))
        temporary.write_bytes(buffer.getvalue())

    return write_atomically(path, write)


def _write_check_workbook(buffer: io.BytesIO, report: CheckReport, *, target: str) -> None:
    book = new_workbook(buffer)
    sheet = book.add_worksheet("Controle")
    header_row(sheet, _HEADERS, _WIDTHS, header_format(book))
    wrap = book.add_format(WRAP)
    severity = {ERROR: book.add_format({**WRAP, "pattern": 1, "bg_color": "#F8CBAD"}),
                WARNING: book.add_format({**WRAP, "pattern": 1, "bg_color": "#FFE699"}),
                INFO: book.add_format({**WRAP, "pattern": 1, "bg_color": "#DDEBF7"})}
    link = book.add_format({**WRAP, "font_color": "#0563C1", "underline": 1})
    for row, finding in enumerate(report.findings, start=1):
        values = (
            SEVERITY_NL[finding.severity], report.sheet_titles.get(finding.sheet, finding.sheet),
            finding.cell or "", finding.dossier,
            finding.column, finding.value, finding.message, finding.kind.meaning, finding.code,
        )
        sheet.set_row(row, row_height([(values[c - 1], _WIDTHS[c - 1]) for c in _WRAPPED]))
        sheet.write(row, 0, values[0], severity[finding.severity])
        sheet.write_row(row, 1, values[1:], wrap)
        if finding.cell or finding.row:
            place = finding.cell or f"A{finding.row}"
            title = report.sheet_titles.get(finding.sheet, finding.sheet).replace("'", "''")
            sheet.write_url(row, 2, file_link(target, f"'{title}'!{place}", text=place,
                                              tip=f"Open {values[1]}!{place} in de werkmap"),
                            link)
    print_setup(sheet, rows=len(report.findings) + 1, columns=len(_HEADERS), printed=_PRINTED)
    close_workbook(book)


def check_table(report: CheckReport, *, width: int = 80) -> str:
    """The findings grouped by sheet, readable in an 80-column terminal."""

    name = Path(report.workbook).name
    lines = [f"{name}: {_count(report.errors, 'fout', 'fouten')}, "
             f"{_count(report.warnings, 'waarschuwing', 'waarschuwingen')}"]
    lines += textwrap.wrap(unchecked_sentence(report), width)
    headerless = any(f.kind is codes.NO_HEADER and f.sheet == DOSSIERS for f in report.findings)
    if report.dossiers == 0 and not headerless:  # "alles in orde" would read as the caseload checked
        lines += textwrap.wrap(f"Er staat nog geen dossier op het blad "
                               f"{report.sheet_titles.get(DOSSIERS, DOSSIERS)}: klopt dat niet, "
                               f"{WHICH_WORKBOOK}.", width)
    elif all(f.severity == INFO for f in report.findings):  # a note says what eenplan did, no more
        lines.append("Alles in orde: eenplan vond niets om na te kijken.")
    if not report.findings:
        return "\n".join(lines)
    sheet = None
    for finding in report.findings:
        if finding.sheet != sheet:
            sheet = finding.sheet
            count = sum(1 for f in report.findings if f.sheet == sheet)
            # "Blad Netwerk: 2 meldingen", not "Netwerk (2)": that reads as Excel's copy of a sheet
            title = ("Naast de werkmap" if sheet == WORKBOOK_FOLDER else "Map flows" if sheet == FLOWS_FOLDER
                     else f"Blad {report.sheet_titles.get(sheet, sheet)}")
            lines += ["", f"{title}: {plural(count, 'melding', 'meldingen')}"]
        place = finding.cell or (f"rij {finding.row}" if finding.row else
                                 "map" if finding.sheet in (FLOWS_FOLDER, WORKBOOK_FOLDER) else "blad")
        dossier = finding.dossier[:10]
        label = _LABELS[finding.severity]
        prefix = f"  {place:<6} {label:<7}{dossier:<11}"
        body = textwrap.wrap(finding.message, width=width - len(prefix)) or [""]
        lines.append(prefix + body[0])
        lines.extend(" " * len(prefix) + rest for rest in body[1:])
    return "\n".join(lines)


_LABELS = {ERROR: "fout", WARNING: "let op", INFO: "info"}


def unchecked_sentence(report: CheckReport) -> str:
    """What the counts leave out: the rules eenplan could not look with, for want of a column
    (each is a finding of its own below); "" when every rule could look."""
    if not report.unchecked:
        return ""
    by_sheet: dict[str, list[str]] = {}
    for u in report.unchecked:
        by_sheet.setdefault(u.sheet, []).append(u.column)
    columns = and_list([f"{and_list(names)} op het blad {report.sheet_titles.get(sheet, sheet)}"
                        for sheet, names in by_sheet.items()])
    one = len(report.unchecked) == 1
    sections = " of ".join(f"[kolommen.{sheet}]" for sheet in by_sheet)
    return (f"Niet alles nagekeken: {columns} {'ontbreekt' if one else 'ontbreken'}, dus eenplan "
            f"kon {'een regel' if one else f'{len(report.unchecked)} regels'} niet nakijken (zie "
            f"hieronder). Voeg {'de kolom' if one else 'de kolommen'} toe, of noem "
            f"{'haar' if one else 'hun'} kop onder {sections} in eenplan.toml.")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
