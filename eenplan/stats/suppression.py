"""Small counts hidden, and what would give them away hidden too.

Every count the report publishes is registered in a ``Ledger`` with the families it counts
(their positions in the caseload) and the sums it takes part in ("the registrations of a month
are those on time, late, waiting and closed without a conversation"; "the period's total is the
sum of its months"). ``Ledger.suppress`` then decides what to hide:

1. every count under 5, zero included (primary suppression);
2. in every sum: when its total is shown, the hidden parts together (which anyone can work out as
   the total minus the shown parts) must count 5 families or more, and never one part alone;
   when its total is hidden, at least one part must be hidden with it (else the parts give it);
3. a count that holds all the families of a smaller count, and fewer than 5 more, gives those few
   away by a subtraction: the smaller is hidden;
4. where the sums together (a row and a column that cross) still narrow a hidden small count
   (see the audit below), the smallest shown cell of a sum it is in is hidden too.

It repeats until nothing changes. It hides the smallest shown part first, so as little as
possible is lost.

What a hidden cell says (``Ledger.shown``): one neutral mark, ``HIDDEN`` ("x", as in the CBS's
"verklaring van tekens": a figure not published), for every hidden cell, whatever the reason; and
"<5" only on a cell that is truly under the threshold and where saying so narrows nothing. The
test is the one of cell suppression's audit (Hundepool et al., *Handbook on Statistical
Disclosure Control*, Eurostat 2010, §4.3): from the published cells and the sums they take part
in, a reader can work out for every hidden cell an interval it must lie in (the feasibility
interval); for a hidden count under the threshold that interval must still hold every value from
0 to the threshold less one (its protection interval). ``Ledger.audit`` works the intervals out
the way a reader would (each sum bounds its parts and its parts bound it, until nothing moves);
"<5" is said on every small cell where, said on all of them at once, the audit still passes, and
the cells that would spoil it keep the neutral mark.

The same figure in two tables (the period's total in each split) is one count in the ledger, so
it is hidden in all or in none. Rule 3 holds for counts of the same population (registrations
and closures of the period); counts of the caseload at different month ends are held only to
rules 1 and 2. A count known without its families is only held to rule 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "x"  # one neutral mark for every hidden cell
UNBOUNDED = 10**12  # a hidden cell's upper end before any sum bounds it


def below(threshold: int = THRESHOLD) -> str:
    """The mark of a count known to be under the threshold: "<5"."""
    return f"<{threshold}"


@dataclass(frozen=True)
class Counted:
    value: int
    members: frozenset[int] | None  # None: a count known only as a number
    linked: bool  # take part in rule 3


class Ledger:
    """Every count a report publishes, and how they add up."""

    def __init__(self, threshold: int = THRESHOLD) -> None:
        self.threshold = threshold
        self.cells: list[Counted] = []
        self.relations: list[tuple[int, tuple[int, ...]]] = []
        self._hidden: set[int] | None = None
        self._below: set[int] | None = None
        # bounds published on hidden cells (a share "at least 85 %" is a floor on its part):
        # cell -> (lowest, highest) the reader is told it lies in
        self.bounds: dict[int, tuple[int, int]] = {}
        self._baseline: tuple[set[int], list[int], list[int]] | None = None

    def count(self, members: Iterable[int], *, linked: bool = True) -> int:
        """Register the count of these families; returns its id.

        Only a linked count keeps its families (rule 3 compares them); for the others the
        number is enough.
        """
        if linked:
            kept = members if isinstance(members, frozenset) else frozenset(members)
            self.cells.append(Counted(len(kept), kept, True))
        else:
            self.cells.append(Counted(len(members) if isinstance(members, Sized) else sum(1 for _ in members),
                                      None, False))
        self._hidden = self._below = None
        self._baseline = None
        return len(self.cells) - 1

    def number(self, value: int) -> int:
        """Register a count of families known only as a number."""
        self.cells.append(Counted(value, None, False))
        self._hidden = self._below = None
        self._baseline = None
        return len(self.cells) - 1

    def adds_up(self, total: int, parts: Sequence[int]) -> None:
        """``total`` is the sum of ``parts`` (the parts share no family)."""
        if parts:
            self.relations.append((total, tuple(parts)))
            self._hidden = self._below = None
        self._baseline = None

    def value(self, cell: int) -> int:
        return self.cells[cell].value

    def members(self, cell: int) -> frozenset[int]:
        found = self.cells[cell].members
        return found if found is not None else frozenset()

    def shown(self, cell: int) -> int | str:
        """The count as published: the number, "<5" (known under the threshold, and saying so
        narrows nothing), or the neutral mark."""
        if not self.hidden(cell):
            return self.cells[cell].value
        if self._below is None:
            self._below = self.said_below(self._hidden or set())
        return below(self.threshold) if cell in self._below else HIDDEN

    def said_below(self, hidden: set[int]) -> set[int]:
        """The hidden cells that may say "<5": the small ones, less those that would let a reader
        narrow a small count's interval (see the module's words)."""
        said = {i for i in hidden if self.cells[i].value < self.threshold}
        while said:
            spoiled = self.audit(hidden, said)
            if not spoiled:
                break
            touched = set(spoiled)
            for total, parts in self.relations:
                members = (total, *parts)
                if any(m in spoiled for m in members):
                    touched.update(members)
            before = len(said)
            said -= touched
            if len(said) == before:  # nothing left to take back here: the audit speaks for itself
                break
        return said

    def audit(self, hidden: set[int], said_below: set[int]) -> set[int]:
        """The hidden small counts whose interval a reader narrows below 0..threshold-1, from the
        published cells (shown numbers exact, "<5" as 0..threshold-1, the mark as 0 or more, the
        published bounds) and the sums."""
        lo, hi = self.intervals(hidden, said_below)
        return self._spoiled(hidden, lo, hi)

    def _spoiled(self, hidden: set[int], lo: list[int], hi: list[int]) -> set[int]:
        low = self.threshold
        return {i for i in hidden if self.cells[i].value < low and (lo[i] > 0 or hi[i] < low - 1)}

    def intervals(self, hidden: set[int], said_below: set[int]) -> tuple[list[int], list[int]]:
        """For every cell, the interval a reader can work out it lies in. Intervals tighten until
        nothing moves (interval propagation)."""
        low, cells = self.threshold, self.cells
        lo = [0 if i in hidden else c.value for i, c in enumerate(cells)]
        hi = [(low - 1 if i in said_below else UNBOUNDED) if i in hidden else c.value
              for i, c in enumerate(cells)]
        for i, (floor, ceiling) in self.bounds.items():
            if i in hidden:
                lo[i], hi[i] = max(lo[i], floor), min(hi[i], ceiling)
        changed, rounds = True, 0
        while changed and rounds < 50:
            changed, rounds = False, rounds + 1
            for total, parts in self.relations:
                sum_lo = sum(lo[p] for p in parts)
                sum_hi = sum(hi[p] for p in parts)
                if sum_lo > lo[total]:
                    lo[total], changed = sum_lo, True
                if sum_hi < hi[total]:
                    hi[total], changed = sum_hi, True
                for p in parts:
                    floor = lo[total] - (sum_hi - hi[p])
                    ceiling = hi[total] - (sum_lo - lo[p])
                    if floor > lo[p]:
                        lo[p], changed = floor, True
                    if ceiling < hi[p]:
                        hi[p], changed = ceiling, True
        return lo, hi

    def best_bound(self, cell: int, *, floor: bool, limit: int) -> int | None:
        """The tightest bound on the hidden ``cell`` that lets no reader narrow a small count, if it
        is true; it is then published (kept in ``bounds``, which the audit takes as given).

        ``floor``: the largest n (up to ``limit``) such that "cell >= n" passes the audit with
        every "<5" and every bound already published; else the smallest n (down to ``limit``) for
        "cell <= n". A share "ten minste 87 %" where its part is hidden is such a bound. The search
        does not look at the cell's own value, so the bound found says nothing about it beyond
        itself; when the bound found is not true of the cell, nothing is published (None).
        """
        hidden = self.hidden_cells()
        if cell not in hidden:
            return None
        if self._below is None:
            self._below = self.said_below(hidden)
        said = self._below
        if self._baseline is None:  # what the published cells and bounds tell, until a bound is added
            lo, hi = self.intervals(hidden, said)
            self._baseline = (self._spoiled(hidden, lo, hi), lo, hi)
        before, lo, hi = self._baseline
        known = self.bounds.get(cell, (0, UNBOUNDED))

        def with_bound(n: int) -> tuple[int, int]:
            return (max(known[0], n), known[1]) if floor else (known[0], min(known[1], n))

        def passes(n: int) -> bool:
            self.bounds[cell] = with_bound(n)
            spoiled = self.audit(hidden, said)
            self.bounds[cell] = known
            return spoiled <= before

        if floor:
            found, low, high = lo[cell], lo[cell] + 1, min(hi[cell], limit)
            while low <= high:
                middle = (low + high) // 2
                if passes(middle):
                    found, low = middle, middle + 1
                else:
                    high = middle - 1
        else:
            found, low, high = hi[cell], max(lo[cell], limit), min(hi[cell], UNBOUNDED) - 1
            while low <= high:
                middle = (low + high) // 2
                if passes(middle):
                    found, high = middle, middle - 1
                else:
                    low = middle + 1
        value = self.cells[cell].value
        true = found <= value if floor else found >= value
        self.bounds[cell] = with_bound(found) if true else known
        if true and self.bounds[cell] != known:
            self._baseline = None
        if self.bounds[cell] == (0, UNBOUNDED):
            del self.bounds[cell]
        return found if true else None

    def hidden_cells(self) -> set[int]:
        if self._hidden is None:
            self._hidden = self.suppress()
        return self._hidden

    def hidden(self, cell: int) -> bool:
        if self._hidden is None:
            self._hidden = self.suppress()
        return cell in self._hidden

    def suppress(self) -> set[int]:
        cells, low = self.cells, self.threshold
        hidden = {i for i, c in enumerate(cells) if c.value < low}
        by_size: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(cells):
            if c.members is not None and c.linked:
                by_size[c.value].append(i)

        def smallest_shown(ids: Sequence[int]) -> int | None:
            shown = [i for i in ids if i not in hidden]
            return min(shown, key=lambda i: (cells[i].value, i)) if shown else None

        changed = True
        while changed:
            changed = False
            for total, parts in self.relations:
                gone = [p for p in parts if p in hidden]
                if total in hidden:
                    if gone:
                        continue
                    pick = smallest_shown(parts)
                elif not gone:
                    continue
                elif len(gone) > 1 and sum(cells[p].value for p in gone) >= low:
                    continue
                else:
                    pick = smallest_shown(parts)
                    if pick is None:
                        pick = total
                if pick is not None:
                    hidden.add(pick)
                    changed = True
            for size, bigger in by_size.items():
                for big in bigger:
                    if big in hidden:
                        continue
                    wide = cells[big].members
                    assert wide is not None
                    for less in range(max(size - low + 1, 0), size):
                        for small in by_size.get(less, ()):
                            if small in hidden:
                                continue
                            narrow = cells[small].members
                            assert narrow is not None
                            if narrow <= wide:
                                hidden.add(small)
                                changed = True
            if not changed:
                # 4. the audit: where the sums together still pin a small count down (a column
                # and a row that cross), hide the smallest shown cell of a sum it takes part in
                spoiled = self.audit(hidden, set())
                for total, parts in self.relations:
                    if spoiled.intersection((total, *parts)):
                        pick = smallest_shown([total, *parts])
                        if pick is not None:
                            hidden.add(pick)
                            changed = True
                            break
        return hidden
