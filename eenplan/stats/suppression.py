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
   away by a subtraction: the smaller is hidden.

It repeats until nothing changes. It hides the smallest shown part first, so as little as
possible is lost. The same figure in two tables (the period's total in each split) is one count
in the ledger, so it is hidden in all or in none. Rule 3 holds for counts of the same population
(registrations and closures of the period); counts of the caseload at different month ends are
held only to rules 1 and 2. A count known without its families is only held to rule 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "<5"


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
        self._hidden = None
        return len(self.cells) - 1

    def number(self, value: int) -> int:
        """Register a count of families known only as a number."""
        self.cells.append(Counted(value, None, False))
        self._hidden = None
        return len(self.cells) - 1

    def adds_up(self, total: int, parts: Sequence[int]) -> None:
        """``total`` is the sum of ``parts`` (the parts share no family)."""
        if parts:
            self.relations.append((total, tuple(parts)))
            self._hidden = None

    def value(self, cell: int) -> int:
        return self.cells[cell].value

    def members(self, cell: int) -> frozenset[int]:
        found = self.cells[cell].members
        return found if found is not None else frozenset()

    def shown(self, cell: int) -> int | str:
        """The count as published: the number, or "<5"."""
        return SUPPRESSED if self.hidden(cell) else self.cells[cell].value

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
        return hidden
