"""The team's own sheets: the rows of a dossier on sheets eenplan does not read.

A team keeps more than eenplan's sheets: case notes on a sheet "Contactmomenten" (Dossier,
Datum, Notitie), last year's closed dossiers on an archive sheet "Dossiers 2025". What belongs
to a family there is found as eenplan finds it on its own sheets: the header row (among the
first rows) with a Dossier column, under eenplan's name or the team's ([kolommen]), and the rows
whose number is the dossier's (``dossier_key``). A sheet with content but no such column is
named, so what eenplan could not look at is never read as "nothing there" (retention, the
inzage, restore).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from eenplan.sheets.cells import normal_text
from eenplan.sheets.reader import HEADER_SEARCH_ROWS, open_workbook
from eenplan.sheets.records import dossier_key
from eenplan.sheets.schema import column_letter

DOSSIER_HEADER = "Dossier"


@dataclass(frozen=True)
class TeamSheet:
    """One of the team's own sheets with a Dossier column, and the rows of the dossiers asked for."""

    title: str
    header_row: int  # Excel row number of the header row
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (Excel row number, its cells)
    column: int = 0  # the Dossier column's index

    def rows_of(self, numbers: Iterable[str]) -> tuple[int, ...]:
        """The Excel row numbers, of those found, that hold one of ``numbers``."""
        keys = {dossier_key(n) for n in numbers}
        return tuple(n for n, cells in self.rows if _key(cells[self.column]) in keys)


@dataclass(frozen=True)
class TeamSheets:
    """What the team's own sheets hold of some dossiers, and the sheets eenplan cannot tell."""

    sheets: tuple[TeamSheet, ...] = ()  # those with a Dossier column (rows of the dossiers, or none)
    unclear: tuple[str, ...] = ()  # sheet titles with content but no Dossier column

    @property
    def rows(self) -> dict[str, tuple[int, ...]]:
        """Sheet title -> the Excel row numbers of the dossiers, for the sheets that have some."""
        return {s.title: tuple(n for n, _ in s.rows) for s in self.sheets if s.rows}

    @property
    def with_rows(self) -> tuple[TeamSheet, ...]:
        return tuple(s for s in self.sheets if s.rows)


def dossier_headers(header_aliases: Mapping[str, Mapping[str, str]] | None) -> frozenset[str]:
    """The headers a Dossier column goes by: eenplan's, and the team's ([kolommen])."""
    found = {normal_text(DOSSIER_HEADER)}
    for columns in (header_aliases or {}).values():
        for ours, theirs in columns.items():
            if normal_text(ours) == normal_text(DOSSIER_HEADER) and theirs.strip():
                found.add(normal_text(theirs))
    return frozenset(found)


def team_sheet_rows(path: Path, numbers: Iterable[str], *, skip: Collection[str],
                    header_aliases: Mapping[str, Mapping[str, str]] | None = None) -> TeamSheets:
    """The rows of ``numbers`` on every sheet of the workbook at ``path`` but those in ``skip``
    (eenplan's own sheets, as the workbook titles them). The workbook is only read."""
    keys = {dossier_key(n) for n in numbers if n.strip()}
    headers = dossier_headers(header_aliases)
    skipped = {normal_text(t) for t in skip}
    book = open_workbook(path)
    sheets: list[TeamSheet] = []
    unclear: list[str] = []
    try:
        for title in book.sheet_names:
            if normal_text(title) in skipped:
                continue
            try:
                cells = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            except (python_calamine.CalamineError, ValueError):
                unclear.append(title)
                continue
            found = _dossier_column(cells, headers)
            if found is None:
                if any(_filled(v) for row in cells for v in row):
                    unclear.append(title)
                continue
            top, column = found
            header = list(cells[top])
            picked = [(index + 1, list(row)) for index, row in enumerate(cells)
                      if index > top and column < len(row) and _key(row[column]) in keys]
            width = max((_used_width(r) for r in [header, *(r for _, r in picked)]), default=0)
            sheets.append(TeamSheet(
                title, top + 1,
                tuple(_text(h).strip() or f"Kolom {column_letter(i)}" for i, h in
                      enumerate((header + [""] * width)[:width])),
                tuple((n, tuple((r + [""] * width)[:width])) for n, r in picked), column))
    finally:
        book.close()
    return TeamSheets(tuple(sheets), tuple(unclear))


def _dossier_column(cells: list[list[Any]], headers: frozenset[str]) -> tuple[int, int] | None:
    """(row index, column index) of the first Dossier header among the first rows, or None."""
    for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        for column, value in enumerate(row):
            if isinstance(value, str) and normal_text(value) in headers:
                return index, column
    return None


def _key(value: Any) -> str:
    if isinstance(value, str):
        return dossier_key(value) if value.strip() else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dossier_key(str(int(value)) if float(value).is_integer() else str(value))
    return ""


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _used_width(row: list[Any]) -> int:
    for index in range(len(row), 0, -1):
        if _filled(row[index - 1]):
            return index
    return 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}"
    return str(value)
