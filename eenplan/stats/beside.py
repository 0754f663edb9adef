"""Each team's own report beside the partnership's, in the partnership's ledger.

Whoever reads the partnership's report may hold the teams' own reports too, and subtract: a
month of the partnership less the other team's month is a team's month, which its own report
may hide. So the partnership's ledger holds every count that a team's own report publishes in
the tables the partnership adds up (months and their total, quarters, the rows per split, the
days to the first conversation, the closed trajectories), with the reasons of those closed before
a conversation (their total is one of them) and the rows left out: as that report publishes it (a
number as known, "<5" as 0 to its threshold less one, a share "≥ 87 %" as a floor, the neutral
mark as 0 or more: ``Ledger.published_elsewhere``), with the sums it holds
(``adds_up(elsewhere=True)``). ``combine`` then makes each count of the partnership the sum of
the teams' counts, and the audit reads everything at once, as a reader with every report would:
a team's hidden count under the team's own threshold must keep every value from 0 to that
threshold less one, and the partnership's report hides more until it does.

A row of a split in the partnership's report ("Brecht") is, in a team's report, a row of its own
or a part of the team's "Andere". That part, the team's families from Brecht, is a count no
report publishes; by the definitions each value under Andere counts fewer families than the
team's threshold, so a reader knows it lies from 0 to that threshold less one. It is in the
ledger as such, and protected like a hidden small count where it holds a family at all; where it
holds none, the ledger takes the 0 as known (a reader held to know more than a real one: what
passes the audit so passes for the real one too). The rest of the team's Andere (the values that
the partnership's report also puts under Andere) is one count more, known to be 0 or more.

Pure: the file's counts in, cells in the ledger out.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from eenplan.stats.figures import OTHER, TOTAL, lower_bound, quarters_of
from eenplan.stats.region_file import CLOSED, COUNTS, PARTS, SPLITS, own_counts
from eenplan.stats.suppression import HIDDEN, Ledger, below

Row = dict[str, int]  # a row's cells by column key; a key missing: a count known to be 0


class OwnReport:
    """One team's report in the partnership's ledger: its cells, table by table."""

    def __init__(self, ledger: Ledger, data: Mapping[str, Any], kept: Mapping[str, Collection[str]],
                 months: Sequence[str], *, whole: bool = True) -> None:
        """``kept``: per split, the values the partnership's report shows a row for; ``months``:
        the file's months ("2026-01"); ``whole``: every table, else the total row alone (beside
        a report of more teams than ``combine`` audits so)."""
        self.ledger = ledger
        said, counts = data["gepubliceerd"], own_counts(data)
        self.threshold: int = said["drempel"]
        self.months: dict[str, Row] = {}
        self.quarters: dict[str, Row] = {}
        self.splits: dict[str, dict[str, list[Row]]] = {split: {} for split in SPLITS}
        self.bands: list[int] = []
        self.closed: dict[str, Row] = {}
        self.closed_total: Row = {}
        self.left_out: int | None = None
        self.total = self._registrations(counts["totaal"], said["totaal"])
        if not whole:
            return
        self.months = {m: self._registrations(counts["maanden"][m], said["maanden"][m]) for m in months}
        self._adds_up(self.total, list(self.months.values()))
        # by the quarter's first month (the team's report's key: its first month in the period)
        for quarter, its in quarters_of([datetime.date.fromisoformat(f"{m}-01") for m in months]):
            first = its[0].isoformat()[:7]
            if len(its) == 1:  # the quarter is its one month, in the team's ledger too
                self.quarters[quarter.isoformat()[:7]] = self.months[first]
                continue
            row = self._registrations(counts["kwartalen"][first], said["kwartalen"][first])
            self.quarters[quarter.isoformat()[:7]] = row
            self._adds_up(row, [self.months[m.isoformat()[:7]] for m in its])
        self._adds_up(self.total, list(self.quarters.values()))
        # per split: the partnership's row (a value it shows, or OTHER) -> this team's part of it
        for split in SPLITS:
            self.splits[split] = self._split(split, data, said["per"][split], counts["per"][split],
                                             kept[split])
        bands = [self._cell(n, shown) for n, shown in zip(counts["dagen"], said["dagen"], strict=True)]
        self.bands, band_total = bands[:-1], bands[-1]
        ledger.adds_up(band_total, self.bands, elsewhere=True)
        ledger.adds_up(band_total, [self.total["binnen_norm"], self.total["te_laat"]], elsewhere=True)
        closures = counts["afgesloten"]
        self.closed = {title: self._closed(closures[title], said["afgesloten"][title], judged=True)
                       for title in closures if title != TOTAL}
        # the total's after the first conversation are within the norm or longer where every
        # traject has a duration norm, as in the team's ledger
        every = all(cells.keys() >= {"binnen_duurnorm", "langer"} for cells in self.closed.values())
        closed_total = self._closed(closures[TOTAL], said["afgesloten"][TOTAL], judged=every)
        for key, cell in closed_total.items():
            ledger.adds_up(cell, [cells[key] for cells in self.closed.values() if key in cells],
                           elsewhere=True)
        self.closed_total = closed_total
        reasons = [self._cell(n, said["redenen"][label]) for label, n in counts["redenen"].items()]
        ledger.adds_up(closed_total["zonder_gesprek"], reasons, elsewhere=True)
        self.left_out = self._cell(counts["niet_meegeteld"], said["niet_meegeteld"])

    def _cell(self, value: int, shown: Any, *, floor: int = 0, ceiling: int | None = None) -> int:
        """A count as the team's report publishes it."""
        ledger = self.ledger
        cell = ledger.number(value)
        if ledger.threshold <= 0:  # a report that hides nothing (the counts as they are, for a test)
            return cell
        if type(shown) is int:
            ledger.published_elsewhere(cell, shown=True, threshold=self.threshold)
            return cell
        mark = HIDDEN  # as this report says it, where it shows the count (a team's row)
        if isinstance(shown, str) and shown.startswith("<") and shown[1:].isdigit():  # "<5": under that
            under = int(shown[1:])
            ceiling = under - 1 if ceiling is None else min(ceiling, under - 1)
            if under <= ledger.threshold:  # a team's "<3" is "<5" here too, as the legend says it
                mark = below(ledger.threshold)
        ledger.published_elsewhere(cell, shown=False, ceiling=ceiling, floor=floor,
                                   threshold=self.threshold, mark=mark)
        return cell

    def _unpublished(self, value: int, ceiling: int | None, threshold: int) -> int:
        """A count no report publishes, known to lie from 0 to ``ceiling``; protected under
        ``threshold``."""
        cell = self.ledger.number(value)
        if self.ledger.threshold > 0:
            self.ledger.published_elsewhere(cell, shown=False, ceiling=ceiling, threshold=threshold)
        return cell

    def _registrations(self, counts: Mapping[str, int], shown: Mapping[str, Any]) -> Row:
        """A row of registrations, with the floor its "≥ 87 %" sets on those on time."""
        whole, share = shown["aanmeldingen"], lower_bound(shown.get("pct_binnen_norm"))
        floor = -(-share * whole // 100) if share is not None and type(whole) is int else 0
        cells = {k: self._cell(counts[k], shown[k], floor=floor if k == "binnen_norm" else 0)
                 for k in COUNTS}
        self.ledger.adds_up(cells["aanmeldingen"], [cells[k] for k in PARTS], elsewhere=True)
        return cells

    def _adds_up(self, total: Row, parts: Sequence[Row]) -> None:
        for key, cell in total.items():
            self.ledger.adds_up(cell, [p[key] for p in parts if key in p], elsewhere=True)

    def _split(self, split: str, data: Mapping[str, Any], shown: Mapping[str, Any],
               counts: Mapping[str, Mapping[str, int]], kept: Collection[str]) -> dict[str, list[Row]]:
        """The team's rows of a split, and its part of each row of the partnership's."""
        ledger = self.ledger
        rows = {label: self._registrations(counts[label], shown[label]) for label in counts}
        self._adds_up(self.total, list(rows.values()))
        parts: dict[str, list[Row]] = {v: [] for v in (*kept, OTHER)}
        for label, row in rows.items():
            if label != OTHER:
                parts[label if label in kept else OTHER].append(row)
        other = rows.get(OTHER)
        if other is None:  # no Andere: a value without a row of its own has no family here
            return parts
        inside: dict[str, dict[str, int]] = {}  # the values the partnership shows, in the team's Andere
        for row in data["per"][split]:
            value = row["waarde"]
            if value in kept and value not in rows:
                found = inside.setdefault(value, dict.fromkeys(COUNTS, 0))
                for key in COUNTS:
                    found[key] += row[key]
        pieces = []
        for value, found in sorted(inside.items()):
            if not found["aanmeldingen"]:
                continue
            # no report publishes it; each value under Andere is under the team's threshold (its
            # parts too, each 0 or more: a 0 among them is no family to give away)
            piece = {key: self._unpublished(found[key], self.threshold - 1 if key == "aanmeldingen" else None,
                                            self.threshold if found[key] else 0) for key in COUNTS}
            ledger.adds_up(piece["aanmeldingen"], [piece[k] for k in PARTS], elsewhere=True)
            parts[value].append(piece)
            pieces.append(piece)
        # the rest of Andere: 0 or more, not protected (a sum of values the report never names)
        rest = {}
        for key in COUNTS:
            inside_too = sum(ledger.value(p[key]) for p in pieces)
            rest[key] = self._unpublished(counts[OTHER][key] - inside_too, None, 0)
        ledger.adds_up(rest["aanmeldingen"], [rest[k] for k in PARTS], elsewhere=True)
        self._adds_up(other, [*pieces, rest])
        parts[OTHER].append(rest)
        return parts

    def _closed(self, counts: Mapping[str, int | None], shown: Mapping[str, Any], *, judged: bool) -> Row:
        """A row of the closed trajectories, with the bound its "≥ 95 %" within the duration norm
        sets on the one of within and longer that is hidden; ``judged``: those after the first
        conversation are within the duration norm or longer (a sum in the team's ledger)."""
        share = lower_bound(shown.get("pct_binnen_duurnorm"))
        inside, longer = shown.get("binnen_duurnorm"), shown.get("langer")
        bounds: dict[str, dict[str, int]] = {}
        if share is not None and type(inside) is int and type(longer) is not int and share:
            # inside / (inside + longer) >= share %: longer <= inside * (100 - share) / share
            bounds["langer"] = {"ceiling": inside * (100 - share) // share}
        if share is not None and type(longer) is int and type(inside) is not int and share < 100:
            bounds["binnen_duurnorm"] = {"floor": -(-share * longer // (100 - share))}
        cells = {key: self._cell(value, shown[key], **bounds.get(key, {}))
                 for key in CLOSED if (value := counts[key]) is not None}
        ledger = self.ledger
        ledger.adds_up(cells["afgesloten"], [cells["zonder_gesprek"], cells["met_gesprek"]], elsewhere=True)
        if judged and "binnen_duurnorm" in cells and "langer" in cells:
            ledger.adds_up(cells["met_gesprek"], [cells["binnen_duurnorm"], cells["langer"]], elsewhere=True)
        return cells

