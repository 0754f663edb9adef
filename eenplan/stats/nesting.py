"""Which of the partnership's counts hold all the families of another: rule 3 of the suppression
for counts known only as numbers.

A team's own report knows the families each count is of (``Ledger.count``) and hides the smaller of
two counts when the larger holds all its families and fewer than the threshold more: their
difference would give those few away ("9 closed, 7 with a gezinsplan": 2 without a plan). The
partnership's counts are numbers added up from the region files, whose families no one sends; but
whether one count holds all the families of another the files often say, by their counts per team,
month, part and value: February's registrations and the on-time ones from Brecht share February's
on-time ones from Brecht, which the files count. ``Nesting`` works that out for each pair of the
partnership's counts that differ by fewer than the threshold, and tells the ledger where the
smaller is all inside the larger (``Ledger.holds``). Where the files cannot say (a gemeente
against an aanmelder, the day bands against those on time), nothing is told. Pure.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eenplan.stats.region_file import PARTS
from eenplan.stats.suppression import Ledger

TALKED = frozenset({"binnen_norm", "te_laat"})  # those with days to their first conversation
# the closed trajectories by what sets them apart: before the first conversation, within the
# duration norm, longer, and after it where the traject has no duration norm
CLOSED_PARTS = frozenset({"zonder_gesprek", "binnen_duurnorm", "langer", "zonder_duurnorm"})
AFTER = CLOSED_PARTS - {"zonder_gesprek"}
CLOSED_OF = {"afgesloten": CLOSED_PARTS, "zonder_gesprek": frozenset({"zonder_gesprek"}),
             "met_gesprek": AFTER,
             "binnen_duurnorm": frozenset({"binnen_duurnorm"}), "langer": frozenset({"langer"})}


@dataclass(frozen=True)
class Of:
    """Which families a count of the partnership holds. None: no limit of that kind."""

    kind: str  # "aanmeldingen", "dagen", "afgesloten" or "gezinsplan"
    parts: frozenset[str] = frozenset()  # registrations: of PARTS; closed: of CLOSED_PARTS
    files: frozenset[int] | None = None  # the region files (a team's row: its own)
    months: frozenset[str] | None = None  # of aanmelding, or of afsluiting
    split: str | None = None  # a split's row: "gemeente", ...
    values: frozenset[str] | None = None  # ... and its values (Andere: many)
    band: tuple[int, int | None] | None = None  # a day band
    flows: frozenset[str] | None = None  # a closed row's traject


def registrations(key: str, **limits: Any) -> Of:
    """A count of the registration tables, by its column."""
    return Of("aanmeldingen", frozenset(PARTS) if key == "aanmeldingen" else frozenset({key}), **limits)


def closures(key: str, flows: frozenset[str] | None) -> Of:
    """A count of the closed trajectories' table, by its column."""
    if key == "met_gezinsplan":
        return Of("gezinsplan", flows=flows)
    return Of("afgesloten", CLOSED_OF[key], flows=flows)


def _meet(a: frozenset[Any] | None, b: frozenset[Any] | None) -> frozenset[Any] | None:
    return b if a is None else a if b is None else a & b


def _within(a: frozenset[Any] | None, b: frozenset[Any] | None) -> bool:
    """Whether every one of ``a`` is one of ``b`` (None: all)."""
    return b is None or (a is not None and a <= b)


def _has(limit: frozenset[Any] | None, one: Any) -> bool:
    return limit is None or one in limit


class Nesting:
    """The partnership's counts with the families they hold, from the region files."""

    def __init__(self, files: Sequence[Mapping[str, Any]]) -> None:
        self.registered: dict[tuple[int, str], Mapping[str, Any]] = {}
        self.split_rows: dict[str, list[tuple[int, str, str, Mapping[str, Any]]]] = defaultdict(list)
        self.days: dict[tuple[int, str], Counter[int]] = {}
        self.closed: list[tuple[int, str, str, Mapping[str, Any]]] = []
        for f, data in enumerate(files):
            for row in data["maanden"]:
                self.registered[(f, row["maand"])] = row
                self.days[(f, row["maand"])] = Counter({int(d): n for d, n in row["dagen"].items()})
            for split, rows in data["per"].items():
                self.split_rows[split] += [(f, row["maand"], row["waarde"], row) for row in rows]
            self.closed += [(f, row["maand"], row["traject"], row) for row in data["afgesloten"]]
        self.counted: dict[int, Of] = {}

    def add(self, cell: int | None, of: Of) -> None:
        if cell is not None:
            self.counted.setdefault(cell, of)

    def add_row(self, cells: Mapping[str, int], **limits: Any) -> None:
        """A row of registrations: each of its counts."""
        for key, cell in cells.items():
            self.add(cell, registrations(key, **limits))

    def tell(self, ledger: Ledger) -> None:
        """Every pair of counts a few families apart where the larger holds all of the smaller."""
        low = ledger.threshold
        ordered = sorted(self.counted, key=ledger.value)
        values = [ledger.value(c) for c in ordered]
        for larger in ordered:
            size = ledger.value(larger)
            start = bisect.bisect_left(values, size - low + 1)
            for smaller in ordered[start:bisect.bisect_left(values, size)]:
                if self.shared(self.counted[larger], self.counted[smaller]) == ledger.value(smaller):
                    ledger.holds(larger, smaller)

    def shared(self, a: Of, b: Of) -> int | None:
        """How many families both counts hold; None where the files do not say."""
        if a.kind > b.kind:
            a, b = b, a
        files, months = _meet(a.files, b.files), _meet(a.months, b.months)
        if a.kind == b.kind == "aanmeldingen":
            if a.split and b.split and a.split != b.split:
                return None
            return self._registered(files, months, a.parts & b.parts, a.split or b.split,
                                    _meet(a.values, b.values))
        if (a.kind, b.kind) == ("aanmeldingen", "dagen"):
            if a.split is not None or (a.parts & TALKED and not TALKED <= a.parts):
                return None
            if not a.parts & TALKED:
                return 0
            assert b.band is not None
            first, last = b.band
            return sum(n for (f, m), days in self.days.items() if _has(files, f) and _has(months, m)
                       for d, n in days.items() if first <= d and (last is None or d <= last))
        if a.kind == b.kind == "dagen":
            return self._band(a) if a.band == b.band else 0
        if a.kind == b.kind == "afgesloten":
            flows, parts = _meet(a.flows, b.flows), a.parts & b.parts
            return sum(_closed_count(row, parts) for f, m, flow, row in self.closed
                       if _has(files, f) and _has(months, m) and _has(flows, flow))
        if (a.kind, b.kind) == ("afgesloten", "gezinsplan"):
            # a gezinsplan comes after the first conversation (the workbook holds it so): the plans
            # are among those closed after it, whatever the files count of a row
            if a.parts >= AFTER and _within(b.flows, a.flows) and a.files is None and a.months is None:
                return sum(int(row["met_gezinsplan"]) for *_, flow, row in self.closed
                           if _has(b.flows, flow))
            if a.flows is not None and b.flows is not None and not a.flows & b.flows:
                return 0
        return None

    def _registered(self, files: frozenset[int] | None, months: frozenset[str] | None,
                    parts: Iterable[str], split: str | None, values: frozenset[str] | None) -> int:
        parts = list(parts)
        if not parts:
            return 0
        if split is None:
            return sum(int(row[p]) for (f, m), row in self.registered.items()
                       if _has(files, f) and _has(months, m) for p in parts)
        return sum(int(row[p]) for f, m, v, row in self.split_rows[split]
                   if _has(files, f) and _has(months, m) and _has(values, v) for p in parts)

    def _band(self, of: Of) -> int:
        assert of.band is not None
        first, last = of.band
        return sum(n for days in self.days.values() for d, n in days.items()
                   if first <= d and (last is None or d <= last))


def _closed_count(row: Mapping[str, Any], parts: frozenset[str]) -> int:
    judged = row.get("binnen_duurnorm") is not None
    found = 0
    for part in parts:
        if part == "zonder_duurnorm":
            found += 0 if judged else int(row["met_gesprek"])
        elif part in ("binnen_duurnorm", "langer"):
            found += int(row[part]) if judged else 0
        else:
            found += int(row[part])
    return found

