"""Typed records: what the reader makes of the workbook, and all the rest works on.

A field is None (or "" for text) when its cell is empty or could not be read; the reader
reports why as a finding. Each record knows its Excel row, so a rule can point at the cell.
The fields follow the column order of ``schema.py`` (a test holds them together).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from eenplan.sheets.findings import Finding
from eenplan.sheets.schema import column_letter


@dataclass(frozen=True, slots=True)
class Dossier:
    row: int
    id: str
    family: str
    flow: str
    municipality: str
    referrer: str
    question: str
    begeleider: str
    registered_on: datetime.date | None
    perspective_on: datetime.date | None
    plan_on: datetime.date | None
    closed_on: datetime.date | None
    closure_reason: str
    sessions: int | None
    address: str
    email: str
    strengths: str
    worries: str
    wishes: str
    remarks: str

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True, slots=True)
class NetworkMember:
    row: int
    dossier: str
    name: str
    role: str
    relation: str
    organisation: str
    email: str
    phone: str
    address: str
    invite: bool | None


@dataclass(frozen=True, slots=True)
class Pause:
    row: int
    dossier: str
    start: datetime.date | None
    end: datetime.date | None
    reason: str


@dataclass(frozen=True, slots=True)
class RoundTable:
    row: int
    dossier: str
    date: datetime.date | None
    time: datetime.time | None
    location: str
    kind: str
    present: str
    notes: str
    next_date: datetime.date | None


@dataclass(frozen=True, slots=True)
class Agreement:
    row: int
    dossier: str
    round_table: datetime.date | None
    domain: str
    goal: str
    action: str
    who: str
    support: str
    due: datetime.date | None
    status: str


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's columns are: field -> 0-based column index, and the headers as written."""

    name: str
    header_row: int  # Excel row number of the header row; 0 when the sheet is missing
    columns: Mapping[str, int]
    headers: Mapping[str, str]  # field -> the header as the team wrote it

    @property
    def present(self) -> bool:
        return self.header_row > 0

    def cell(self, field: str, row: int) -> str:
        """The address of ``field``'s cell on ``row``, or "" when the column is missing."""
        index = self.columns.get(field)
        return f"{column_letter(index)}{row}" if index is not None else ""

    def header(self, field: str, default: str) -> str:
        return self.headers.get(field, default)


@dataclass(frozen=True)
class Caseload:
    """The whole workbook as records, read once."""

    workbook: str
    dossiers: tuple[Dossier, ...] = ()
    network: tuple[NetworkMember, ...] = ()
    pauses: tuple[Pause, ...] = ()
    round_tables: tuple[RoundTable, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    # Lijsten: list name -> its values as written
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    layouts: Mapping[str, SheetLayout] = field(default_factory=lambda: MappingProxyType({}))
    # eenplan's sheet name -> the sheet's name in the team's workbook
    sheet_titles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # what the reader found while turning cells into values
    findings: tuple[Finding, ...] = ()

    @cached_property
    def by_id(self) -> Mapping[str, Dossier]:
        """Dossiers by number (the first row wins where a number repeats)."""
        found: dict[str, Dossier] = {}
        for dossier in self.dossiers:
            if dossier.id:
                found.setdefault(dossier_key(dossier.id), dossier)
        return MappingProxyType(found)

    def dossier(self, number: str) -> Dossier | None:
        return self.by_id.get(dossier_key(number))

    @cached_property
    def _children(self) -> Mapping[str, Mapping[str, tuple]]:
        grouped: dict[str, dict[str, list]] = {
            "network": defaultdict(list), "pauses": defaultdict(list),
            "round_tables": defaultdict(list), "agreements": defaultdict(list),
        }
        for name, items in grouped.items():
            for item in getattr(self, name):
                items[dossier_key(item.dossier)].append(item)
        return {name: {k: tuple(v) for k, v in items.items()} for name, items in grouped.items()}

    def network_of(self, number: str) -> tuple[NetworkMember, ...]:
        return self._children["network"].get(dossier_key(number), ())

    def pauses_of(self, number: str) -> tuple[Pause, ...]:
        return self._children["pauses"].get(dossier_key(number), ())

    def round_tables_of(self, number: str) -> tuple[RoundTable, ...]:
        return self._children["round_tables"].get(dossier_key(number), ())

    def agreements_of(self, number: str) -> tuple[Agreement, ...]:
        return self._children["agreements"].get(dossier_key(number), ())


def dossier_key(number: str) -> str:
    """Dossier numbers match with case and surrounding spaces ignored."""
    return number.strip().casefold()
