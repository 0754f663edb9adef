"""Small counts hidden, and what would give them away hidden too.

Every count the report publishes is registered in a ``Ledger`` with the families it counts
(their positions in the caseload) and the sums it takes part in ("the registrations of a month
are those on time, late, waiting and closed without a conversation"; "the period's total is the
sum of its months"). ``Ledger.suppress`` then decides what to hide:

1. every count under 5, zero included (primary suppression);
2. in every sum: when its total is shown, the hidden parts together (which anyone can work out as
   the total minus the shown parts) must count 5 families or more, and never one part alone;
   when its total is hidden, at least one part must be hidden with it (else the parts give it);
   a total that says again what other tables publish (the day bands' total: the period's on-time
   and late families) is hidden before a part of it, so the headline figures stay;
3. a count that holds all the families of a smaller count, and fewer than 5 more, gives those few
   away by a subtraction: the smaller is hidden;
4. where the sums together (a row and a column that cross, two rows added up) still narrow a
   hidden small count (see the audit below), a shown cell of a sum it is in (else of a sum of its
   group) is hidden too, the smallest first: secondary suppression until the audit passes.

It repeats until nothing changes. It hides the smallest shown part first, so as little as
possible is lost.

What a hidden cell says (``Ledger.shown``): one neutral mark, ``HIDDEN`` ("x", as in the CBS's
"verklaring van tekens": a figure not published), for every hidden cell, whatever the reason; and
"<5" only on a cell that is truly under the threshold and where saying so narrows nothing.

The audit is the one of cell suppression (Hundepool et al., *Handbook on Statistical Disclosure
Control*, Eurostat/ESSnet, §4.2, "secondary tabular data protection methods", and the audit step
of tau-ARGUS, §4.3): from the published cells and the sums they take part in, a reader can work
out for every hidden cell the least and the greatest value it can have (its feasibility
interval), by linear programming; for a hidden count under the threshold that interval must still
hold every value from 0 to the threshold less one (its protection interval). ``Ledger.audit``
works it out exactly that way: what is published (shown numbers exact, "<5" as 0 to
threshold-1, the mark as 0 or more, the published bounds, every sum at once) is a linear
program, solved with GLPK (``swiglpk``), one for each group of hidden cells that sums join. The
solver's least and greatest are rounded inwards to whole numbers, as a reader who knows the
counts are whole would (as tau-ARGUS's audit; a reader who solves for whole numbers could, in a
table that is not plain rows and columns, rarely narrow a little further). "<5" is said on every
small cell where, said on all of them at once, the audit still passes, and the cells that would
spoil it keep the neutral mark.

GLPK is imported only when sums that cross hold a hidden small count (a group that one sum joins
is worked out by hand, to the same answer). Until 29/11 the solver was HiGHS (``highspy``): the
same answers (the least and greatest of a linear program are the program's, whichever solver finds
them; the tests hold them against a brute-force reader), but highspy takes a program only as numpy
arrays, and numpy's import with it was a fifth of a cold `eenplan stats` of the demo team (~0.1 s)
before anything was solved. swiglpk brings GLPK's C library and nothing else (~4 ms to import),
and its primal simplex from the last basis solves these small programs faster than HiGHS did
(the demo's 270-280: 20-26 ms in the solver against 75-90 ms).

Where a cold run of the demo team's report goes (29/11): 270-280 programs (by the day the demo
is made for), most of them on one group of 182 hidden cells with its "<5"s, for the published
floors (``best_bound``), the "<5"s and the suppression; the solver ~20 ms of them, each point
read back in one call. What a kept point settles is kept with it as two bit masks over the small
counts' columns. Tried
and not kept: a mix of two kept points as the witness that a count reaches threshold-1 within a
trial bound (the points that show a count at threshold-1 are those where it was maximised up to
it, never past it, so no mix reaches it: it settled none of the demo's questions).

A ``Memory`` given to the ledger keeps its results (which cells are hidden, which say "<5", the
bounds published, in the order asked) under a hash of everything the audit reads (the counts, the
families of the linked ones, the sums, the threshold): the same counts again take the results from
it, without the solver. The memory holds cell numbers and bounds, nothing of a family; what it
gives back is checked against the counts (every count under the threshold hidden, every "<5" and
every bound true), and an entry that fails the check, or asks another question, is set aside and
the audit runs.

A count another report publishes already (``published_elsewhere``: every count of a team's own
report beside the partnership's, see ``beside``) keeps what that report shows: never hidden or
shown here, read by the audit as published ("<5" and a share's floor as bounds), protected under
that report's threshold, printed with its mark; so every sum of the partnership's (a month: the
teams' months) is held to the teams' reports too. The sums of that report (``elsewhere``) were
audited with it: a group that only they join is left alone. Beside another report:
- a narrowed count that stays narrowed with every cell of this report hidden is that report's
  (``beyond_reach``), not this one's to chase;
- the cells to hide for a narrowed count are those of the sums that bind in its program (their
  dual value), one for each narrowed count a round (the program holds every team's counts: a cell
  a round would audit it again and again); the nearest shown cell where none binds;
- a share's floor is the one a reader of what is published works out already (``best_bound``'s
  search asks hundreds of programs a share there), which needs no audit.

The same figure in two tables (the period's total in each split) is one count in the ledger, so
it is hidden in all or in none. Rule 3 holds for counts of the same population (registrations
and closures of the period); counts of the caseload at different month ends are held only to
rules 1 and 2. A count known without its families is only held to rule 1, unless the caller says
which count holds all its families (``holds``: the partnership's counts, see ``nesting``).
"""

from __future__ import annotations

import hashlib
import math
import weakref
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import Any, Protocol

THRESHOLD = 5
HIDDEN = "x"  # one neutral mark for every hidden cell
UNBOUNDED = 10**12  # a hidden cell's upper end before any sum bounds it
Relation = tuple[int, tuple[int, ...]]  # a total and its parts
# a bound asked for: the cell, floor or ceiling, the limit, the answer, the cell's bounds after
Asked = tuple[int, bool, int, int | None, tuple[int, int] | None]
Group = tuple[tuple[int, ...], list[Relation]]  # hidden cells that sums join, and those sums


def below(threshold: int = THRESHOLD) -> str:
    """The mark of a count known to be under the threshold: "<5"."""
    return f"<{threshold}"


class Memory(Protocol):
    """Where a ledger's results are kept from one run to the next (a store passes the file work
    in; the ledger reads no file)."""

    def get(self, key: str) -> Mapping[str, Any] | None: ...

    def put(self, key: str, entry: Mapping[str, Any]) -> None: ...


@dataclass(frozen=True)
class Counted:
    value: int
    members: frozenset[int] | None  # None: a count known only as a number
    linked: bool  # take part in rule 3


class Ledger:
    """Every count a report publishes, and how they add up."""

    def __init__(self, threshold: int = THRESHOLD, memory: Memory | None = None) -> None:
        self.threshold = threshold
        self.memory = memory
        # the memory's key, once the results are first asked for, and what it gave back or learnt:
        # the bounds asked for, in order, as (cell, floor, limit, answer, the cell's bounds after)
        self._key: str | None = None
        self._asked: list[Asked] = []
        self._replay: list[Asked] | None = None  # the questions the memory answers, in order
        self._learnt = False  # something the memory does not hold yet
        self.cells: list[Counted] = []
        self.relations: list[Relation] = []
        # sums whose total repeats what other tables publish (the day bands' total is the on-time
        # and late families of the period): rule 2 hides that total before a part of it
        self.total_first: set[Relation] = set()
        # counts another report publishes already (a team's own report, beside the partnership's):
        # cell -> shown there (True) or hidden (False); suppression here changes neither, and the
        # audit reads them as published
        self.given: dict[int, bool] = {}
        # what that report prints for a count it hides ("<5", "<3" under a threshold of 3, "x")
        self.marks: dict[int, str] = {}
        # a count whose protection follows another report's threshold: cell -> that threshold (a
        # team's hidden count under its own; 0: a count no report publishes, not protected)
        self.protected: dict[int, int] = {}
        # sums of another report, audited with it: a group of hidden cells that only they join,
        # all of that report's, is its own and left alone here
        self.elsewhere: set[Relation] = set()
        # counts known only as numbers whose families are all among another's: (smaller, larger)
        # for rule 3
        self.inside: list[tuple[int, int]] = []
        self._hidden: set[int] | None = None
        self._below: set[int] | None = None
        # bounds published on hidden cells (a share "at least 85 %" is a floor on its part):
        # cell -> (lowest, highest) the reader is told it lies in
        self.bounds: dict[int, tuple[int, int]] = {}
        # the audit of a group of hidden cells, by what is published of it
        self._audited: dict[tuple[tuple[int, ...], frozenset[int], tuple[tuple[int, int] | None, ...]],
                           set[int]] = {}
        # a group's linear program, by its cells and its "<5" cells, kept for the next question
        self._readers: dict[tuple[tuple[int, ...], frozenset[int]], _Reader] = {}
        self._grouped: tuple[frozenset[int], list[Group]] | None = None
        self._small: dict[tuple[int, ...], list[int]] = {}  # a group's counts under the threshold
        # see beyond_reach: what it found of each count, and the groups with every count hidden
        self._beyond: tuple[dict[int, bool], list[Group]] | None = None

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
        self._audited.clear()
        self._readers.clear()
        self._grouped = None
        self._beyond = None
        return len(self.cells) - 1

    def number(self, value: int) -> int:
        """Register a count of families known only as a number."""
        self.cells.append(Counted(value, None, False))
        self._hidden = self._below = None
        self._audited.clear()
        self._readers.clear()
        self._grouped = None
        self._beyond = None
        return len(self.cells) - 1

    def adds_up(self, total: int, parts: Sequence[int], *, total_first: bool = False,
                elsewhere: bool = False) -> None:
        """``total`` is the sum of ``parts`` (the parts share no family). ``total_first``: where one
        part alone is hidden, rule 2 hides the total rather than another part (a total that says
        again what other tables publish, so hiding it loses the least). ``elsewhere``: a sum of
        another report's counts (``published_elsewhere``), which that report was audited with;
        there, a sum of no parts (a team's table of reasons with no row) tells its reader that
        the total is 0, whatever mark it prints: the audit reads it so."""
        if parts:
            self.relations.append((total, tuple(parts)))
            if total_first:
                self.total_first.add((total, tuple(parts)))
            if elsewhere:
                self.elsewhere.add((total, tuple(parts)))
            self._hidden = self._below = None
        elif elsewhere and self.given.get(total) is False:
            assert self.cells[total].value == 0, "a sum of nothing that is not 0"
            self.bounds[total] = (0, 0)
            self._hidden = self._below = None
        self._audited.clear()
        self._readers.clear()
        self._grouped = None
        self._beyond = None

    def published_elsewhere(self, cell: int, *, shown: bool, ceiling: int | None = None,
                            floor: int = 0, threshold: int | None = None, mark: str = HIDDEN) -> None:
        """The count is published by another report already: shown there, or hidden (with a
        published ``ceiling`` for a "<5", a ``floor`` for a share "≥ 87 %"; ``mark``: what that
        report prints for it). A reader holds both reports: the audit reads it so, and suppression
        never picks it to hide or show. ``threshold``: that report's, under which its hidden count
        is protected (None: this ledger's; 0: a count no report publishes, for the audit to read
        but not to protect)."""
        self.given[cell] = shown
        if not shown and (ceiling is not None or floor):
            self.bounds[cell] = (floor, UNBOUNDED if ceiling is None else ceiling)
        if not shown:
            self.marks[cell] = mark
        if threshold is not None and threshold != self.threshold:
            self.protected[cell] = threshold
        self._hidden = self._below = None
        self._audited.clear()
        self._readers.clear()
        self._grouped = None
        self._beyond = None

    def holds(self, larger: int, smaller: int) -> None:
        """All the families of ``smaller`` are among those of ``larger`` (counts known only as
        numbers, whose families the caller knows so): rule 3 holds them as it holds linked counts."""
        self.inside.append((smaller, larger))
        self._hidden = self._below = None

    def value(self, cell: int) -> int:
        return self.cells[cell].value

    def threshold_of(self, cell: int) -> int:
        """The threshold under which the cell's hidden count is protected: this ledger's, or that
        of the report that publishes it."""
        return self.protected.get(cell, self.threshold) if self.protected else self.threshold

    def _is_small(self, cell: int) -> bool:
        """A count the audit protects: under its threshold."""
        return self.cells[cell].value < self.threshold_of(cell)

    def members(self, cell: int) -> frozenset[int]:
        found = self.cells[cell].members
        return found if found is not None else frozenset()

    def shown(self, cell: int) -> int | str:
        """The count as published: the number, "<5" (known under the threshold, and saying so
        narrows nothing), or the neutral mark."""
        if not self.hidden(cell):
            return self.cells[cell].value
        if cell in self.given:  # as the report that publishes it says it
            return self.marks.get(cell, HIDDEN)
        if self._below is None:
            self._below = self.said_below(self._hidden or set())
        return below(self.threshold) if cell in self._below else HIDDEN

    def said_below(self, hidden: set[int]) -> set[int]:
        """The hidden cells that may say "<5": the small ones, less those that would let a reader
        narrow a small count's interval (see the module's words)."""
        given = self.given
        said = {i for i in hidden if self.cells[i].value < self.threshold and i not in given}
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
            if len(said) == before:  # no "<5" in a sum with them: take back those of their groups
                for group, _ in self._groups(hidden):
                    if not spoiled.isdisjoint(group):
                        said.difference_update(group)
            if len(said) == before:  # no "<5" narrows them: the audit without any passed already
                break
        return said

    def audit(self, hidden: set[int], said_below: set[int]) -> set[int]:
        """The hidden small counts a reader narrows: whose least possible value, worked out from
        everything published (shown numbers exact, "<5" as 0..threshold-1, the mark as 0 or more,
        the published bounds, the sums), is above 0, or whose greatest is below threshold-1.

        Exact, as the audit of tau-ARGUS: the least and the greatest are those of a linear program
        (see the module's words), one for each group of hidden cells that sums join.

        Beside another report, less those a reader narrows whatever this report hides
        (``beyond_reach``): they are that report's, and hiding more here would not help them."""
        found = self._audit(hidden, said_below)
        return found - self.beyond_reach(found) if self.given and found else found

    def beyond_reach(self, cells: set[int]) -> set[int]:
        """Of these small counts, those a reader narrows with every count of this report hidden
        (those another report publishes as it publishes them): what the other reports say, and the
        sums anyone knows, narrow them whatever this report does. A team's report beside the
        partnership's: what it says with the definitions (each value under its Andere counts fewer
        families than its threshold) and the rows the partnership's splits have; never a cell this
        report shows, so not this report's to hide. Each count worked out once."""
        if self._beyond is None:
            everything = {i for i in range(len(self.cells)) if not self.given.get(i, False)}
            self._beyond = ({}, self._group(everything))
        known, groups = self._beyond
        unknown = cells - known.keys()
        for group, relations in groups:
            asked = sorted(unknown.intersection(group))
            if asked:
                narrowed = self._reader(group, relations, set()).narrowed(asked)
                known.update((c, c in narrowed) for c in asked)
        return {c for c in cells if known.get(c)}

    def _audit(self, hidden: set[int], said_below: set[int]) -> set[int]:
        spoiled: set[int] = set()
        for cells, relations in self._groups(hidden):
            small = self._small.get(cells)
            if small is None:  # a cell's count never changes: kept for the group's next audit
                small = self._small[cells] = self._protected_in(cells, relations)
            if not small:
                continue
            key = (cells, frozenset(said_below.intersection(cells)),
                   tuple(map(self.bounds.get, cells)))  # None: no bound published
            found = self._audited.get(key)
            if found is None and not relations:  # a count in no sum: only its own bounds tell
                found = {c for c in small if not self._open(c, said_below)}
            if found is None and len(relations) == 1:  # one sum: its ends tell, no program needed
                found = self._narrowed_by_one_sum(cells, relations[0], said_below, small)
            if found is None:
                found = self._reader(cells, relations, said_below).narrowed(small)
            self._audited[key] = found
            spoiled |= found
        return spoiled

    def _culprits(self, narrowed: set[int], cells: tuple[int, ...], relations: Sequence[Relation],
                  hidden: set[int]) -> set[int]:
        """For each narrowed count, the shown cell (this report's) whose sums narrow it most: in
        the program where the count is as low (or high) as it can be, the sums that bind there
        (their dual value is not 0), each with the weight of that value; the cell with the most,
        the smallest first; none where a cell picked for another count is in those sums already
        (hiding it loosens them). Another report's cells are not this report's to hide."""
        reader = self._reader(cells, relations, set())
        picks: set[int] = set()
        for cell in sorted(narrowed):
            weights: dict[int, float] = defaultdict(float)
            for row, weight in reader.binding(cell):
                total, parts = relations[row]
                for member in (total, *parts):
                    if member not in hidden and member not in self.given:
                        weights[member] += weight
            if weights and picks.isdisjoint(weights):  # else a cell hidden for another loosens it
                picks.add(min(weights, key=lambda c: (-round(weights[c], 6), self.cells[c].value, c)))
        return picks

    def _protected_in(self, cells: tuple[int, ...], relations: Sequence[Relation]) -> list[int]:
        """The group's counts that the audit protects: those under their threshold; none in a
        group of another report's cells that only its own sums join (that report's audit is its
        own, and nothing published here is in it)."""
        given, elsewhere = self.given, self.elsewhere
        if given and all(c in given for c in cells) and all(r in elsewhere for r in relations):
            return []
        if not self.protected:
            threshold, counted = self.threshold, self.cells
            return [c for c in cells if counted[c].value < threshold]
        return [c for c in cells if self._is_small(c)]

    def _narrowed_by_one_sum(self, cells: tuple[int, ...], relation: Relation,
                             said: set[int], protected: Sequence[int] | None = None) -> set[int] | None:
        """``audit`` of a group that one sum joins, worked out by hand: what the linear program
        finds, exactly, without it (None where a member counts twice; the program then answers).

        The sum says: the hidden cells, each with a sign, add up to a known number. Each cell lies
        in its own range (0 or its published floor, to no end, threshold-1 for a "<5", or its
        published ceiling); the others together then lie between the sums of their ends, and the
        cell's least and greatest follow. Where no values fit at all, every small count is narrowed,
        as where the program has no point."""
        total, parts = relation
        signs: dict[int, int] = defaultdict(int)
        known = 0
        for member, sign in ((total, -1), *((p, 1) for p in parts)):
            if member in cells:
                signs[member] += sign
            else:
                known -= sign * self.cells[member].value
        if any(abs(sign) > 1 for sign in signs.values()):
            return None
        top = self.threshold - 1
        ends: dict[int, tuple[float, float]] = {}
        for cell in cells:
            low, high = self.bounds.get(cell, (0, UNBOUNDED))
            ceiling = math.inf if high >= UNBOUNDED else float(high)
            ends[cell] = (float(max(low, 0)), min(ceiling, float(top)) if cell in said else ceiling)
        small = set(self._protected_in(cells, [relation]) if protected is None else protected)
        if any(low > high for low, high in ends.values()):
            return small

        def reach(cell: int) -> tuple[float, float]:  # sign times the cell: least, greatest
            low, high = ends[cell]
            return {1: (low, high), -1: (-high, -low), 0: (0.0, 0.0)}[signs[cell]]

        least = sum(reach(c)[0] for c in cells)
        most = sum(reach(c)[1] for c in cells)
        if not least <= known <= most:
            return small
        spoiled: set[int] = set()
        for cell in small:
            lowest, highest = ends[cell]
            if signs[cell]:
                others = [reach(c) for c in cells if c != cell]  # their sum lies between these
                rest = (known - sum(o[1] for o in others), known - sum(o[0] for o in others))
                if signs[cell] < 0:
                    rest = (-rest[1], -rest[0])
                lowest, highest = max(lowest, rest[0]), min(highest, rest[1])
            if lowest > 0 or highest < self.threshold_of(cell) - 1:
                spoiled.add(cell)
        return spoiled

    def _open(self, cell: int, said: set[int]) -> bool:
        """Whether what is published of the cell itself leaves it every value 0 to threshold-1."""
        low, high = self.bounds.get(cell, (0, UNBOUNDED))
        top = self.threshold_of(cell) - 1
        return low <= 0 and min(high, self.threshold - 1 if cell in said else high) >= top

    def _groups(self, hidden: set[int]) -> list[Group]:
        """The hidden cells in groups that sums join (a sum with a hidden part or total joins its
        hidden cells), each with those sums: what a reader learns of one group says nothing of
        another, so each is its own linear program."""
        key = frozenset(hidden)
        if self._grouped is not None and self._grouped[0] == key:
            return self._grouped[1]
        groups = self._group(hidden)
        self._grouped = (key, groups)
        return groups

    def _group(self, hidden: set[int]) -> list[Group]:
        parent = {c: c for c in hidden}

        def root(cell: int) -> int:
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        touching = []
        for relation in self.relations:
            total, parts = relation
            members = [m for m in (total, *parts) if m in hidden]
            if members:
                touching.append((relation, members[0]))
                first = root(members[0])
                for m in members[1:]:
                    other = root(m)
                    if other != first:
                        parent[other] = first
        cells: dict[int, list[int]] = defaultdict(list)
        for c in sorted(hidden):
            cells[root(c)].append(c)
        sums: dict[int, list[Relation]] = defaultdict(list)
        for relation, member in touching:
            sums[root(member)].append(relation)
        return [(tuple(group), sums[top]) for top, group in cells.items()]

    def _reader(self, cells: tuple[int, ...], relations: Sequence[Relation],
                said: set[int]) -> _Reader:
        """The group's linear program, with the bounds published so far."""
        key = (cells, frozenset(said.intersection(cells)))
        reader = self._readers.get(key)
        if reader is None:
            reader = self._readers[key] = _Reader(self, cells, relations, said)
            within, taken = set(cells) if self.given else set(), list[set[int]]()
            for (others, _), other in reversed(self._readers.items()):
                if other is reader:
                    continue
                if others == cells:  # the same group with other "<5"s: its points, where they fit
                    reader.adopt(other.points)
                elif within and within.issuperset(others) and not any(t.issuperset(others) for t in taken):
                    # a group of fewer hidden cells, the latest first (what it found fits with the
                    # cells hidden since at their counts): the points that settle something more
                    reader.adopt(other.points, others)
                    taken.append(set(others))
        else:
            reader.publish(self.bounds)
        return reader

    def best_bound(self, cell: int, *, floor: bool, limit: int) -> int | None:
        """The tightest bound on the hidden ``cell`` that lets no reader narrow a small count, if it
        is true; it is then published (kept in ``bounds``, which the audit takes as given).

        ``floor``: the largest n (up to ``limit``) such that "cell >= n" passes the audit with
        every "<5" and every bound already published; else the smallest n (down to ``limit``) for
        "cell <= n". A share "ten minste 87 %" where its part is hidden is such a bound. No search:
        the linear program gives it. For each small count j of the cell's group, the largest value
        the cell can take with j at 0, and with j at threshold-1, is the most that "cell >= n" can
        say and still leave j both; n is the least of these (only those of the small counts that
        the cell's bound would narrow need solving). The bound is worked out from what is published
        only, so it says nothing of the cell beyond itself; when it is not true of the cell, nothing
        is published (None).
        """
        hidden = self.hidden_cells()
        if cell not in hidden:
            return None
        asked = len(self._asked)
        if self._replay is not None and asked < len(self._replay) \
                and self._replay[asked][:3] == (cell, floor, limit):
            answer, bound = self._replay[asked][3:]
            if bound is None:
                self.bounds.pop(cell, None)
            else:
                self.bounds[cell] = bound
            self._asked.append(self._replay[asked])
            return answer
        self._replay, self._learnt = None, True  # another question than before: worked out from here
        found = self._best_bound(hidden, cell, floor=floor, limit=limit)
        self._asked.append((cell, floor, limit, found, self.bounds.get(cell)))
        return found

    def _best_bound(self, hidden: set[int], cell: int, *, floor: bool, limit: int) -> int | None:
        if self._below is None:
            self._below = self.said_below(hidden)
        said = self._below
        cells, relations = next(group for group in self._groups(hidden) if cell in group[0])
        value = self.cells[cell].value
        known = self.bounds.get(cell, (0, UNBOUNDED))
        reader = self._reader(cells, relations, said)
        if self.given:
            # beside another report (a program of every team's counts, where the search below
            # would ask hundreds of programs for each share): the bound a reader of what is
            # published works out already, which says nothing new, so needs no audit
            end = reader.extreme(cell, largest=not floor)
            if end >= UNBOUNDED:
                return None
            found = min(end, limit) if floor else max(end, limit)
            bound = (max(known[0], found), known[1]) if floor else (known[0], min(known[1], found))
            if bound != (0, UNBOUNDED):
                self.bounds[cell] = bound
            return found
        before = self.audit(hidden, said)
        keep = {c for c in self._protected_in(cells, relations) if c not in before}
        column = reader.column[cell]

        def farther(a: float, b: float) -> bool:  # a bound at a says more than one at b
            return a > b + EPSILON if floor else a < b - EPSILON

        def nearer(a: int, b: int) -> int:
            return min(a, b) if floor else max(a, b)

        def reach(small: int, found: int) -> int:
            """As far as the cell can go with this small count still 0, and still threshold-1
            (no further than ``found``)."""
            k = reader.column[small]
            for target in ((0, 0), (self.threshold_of(small) - 1, UNBOUNDED)):
                low = target[0] - EPSILON
                high = target[1] + EPSILON if target[1] < UNBOUNDED else math.inf
                if any(low <= p[k] <= high and not farther(found, p[column]) for p in reader.points):
                    continue  # a point already found goes as far with the count there
                reader.bound(small, target)
                found = nearer(found, reader.extreme(cell, largest=floor))
                reader.bound(small, None)
            return found

        # a bound beyond the cell's value is not published, whichever it is: trying from just past
        # the value on gives the same answer and keeps the solver's numbers small
        found = min(limit, value + 1) if floor else max(limit, value - 1)
        # the small counts in a sum with the cell are those its bound narrows first
        near = sorted(keep.intersection(
            m for total, parts in relations if cell == total or cell in parts for m in (total, *parts)))
        for small in near:
            found = reach(small, found)
        if not near:  # no further than the cell can go at all
            found = nearer(found, reader.extreme(cell, largest=floor))
        implied: int | None = None  # the bound the reader knows already, worked out when needed
        while True:
            # every point found lies within what the reader knows: past them all, no need to ask
            ends = [p[column] for p in reader.points]
            if implied is None and not farther(found, max(ends) if not floor else min(ends)):
                implied = reader.extreme(cell, largest=not floor)
            if implied is not None and not farther(found, implied):
                found = implied
                break
            reader.bound(cell, (found, known[1]) if floor else (known[0], found))
            narrowed = reader.narrowed(sorted(keep))
            reader.bound(cell, None)
            if not narrowed:
                break
            previous = found
            for small in sorted(narrowed):
                found = reach(small, found)
            if found == previous:  # the solver sees no way out: say no more than the reader knows
                found = implied if implied is not None else reader.extreme(cell, largest=not floor)
                break

        def with_bound(n: int) -> tuple[int, int]:
            return (max(known[0], n), known[1]) if floor else (known[0], min(known[1], n))

        true = found <= value if floor else found >= value
        self.bounds[cell] = with_bound(found) if true else known
        if self.bounds[cell] == (0, UNBOUNDED):
            del self.bounds[cell]
        return found if true else None

    def hidden_cells(self) -> set[int]:
        if self._hidden is None:
            self._hidden = self._recall()
        return self._hidden

    def hidden(self, cell: int) -> bool:
        if self._hidden is None:
            self._hidden = self._recall()
        return cell in self._hidden

    # -- the memory ------------------------------------------------------------------------------

    def key(self) -> str:
        """A hash of everything the results depend on: the threshold, each count (its number, and
        the families of a linked one, which rule 3 compares), the sums and the bounds given."""
        digest = hashlib.sha256(f"ledger 1 {self.threshold} {len(self.cells)}".encode())
        for cell in self.cells:  # a linked count's value is the number of its families
            digest.update(b"c%d %d" % (cell.value, cell.linked))
            if cell.linked and cell.members is not None:
                digest.update(array("q", sorted(cell.members)).tobytes())
        for total, parts in self.relations:
            digest.update(b"r%d %d:" % (total, len(parts)) + array("q", parts).tobytes())
            if (total, parts) in self.total_first:
                digest.update(b"t")
        for cell_id, shown in sorted(self.given.items()):
            digest.update(b"g%d %d" % (cell_id, shown))
        for cell_id, (low, high) in sorted(self.bounds.items()):
            digest.update(b"b%d %d %d" % (cell_id, low, high))
        for cell_id, threshold in sorted(self.protected.items()):
            digest.update(b"p%d %d" % (cell_id, threshold))
        for total, parts in self.relations:
            if (total, parts) in self.elsewhere:
                digest.update(b"e%d" % total)
        for small, big in self.inside:
            digest.update(b"i%d %d" % (small, big))
        return digest.hexdigest()

    def _recall(self) -> set[int]:
        """The hidden cells: from the memory where it holds these counts, else worked out."""
        self._key, self._asked, self._replay, self._learnt = None, [], None, True
        if self.memory is None:
            return self.suppress()
        self._key = self.key()
        found = self._checked(self.memory.get(self._key))
        if found is None:
            return self.suppress()
        hidden, said, self._replay = found
        self._below, self._learnt = said, False
        return hidden

    def _checked(self, entry: Mapping[str, Any] | None) -> tuple[set[int], set[int], list[Asked]] | None:
        """An entry's results, if they fit these counts: every count under the threshold hidden,
        "<5" only on those, every bound true; None for anything else (damaged, or not ours)."""
        if not isinstance(entry, Mapping) or entry.get("key") != self._key:
            return None
        hidden, said, asked = entry.get("hidden"), entry.get("below"), entry.get("bounds")
        size = len(self.cells)

        def cells(value: object) -> set[int] | None:
            if not isinstance(value, list) or not all(type(c) is int and 0 <= c < size for c in value):
                return None
            return set(value)

        hidden, said = cells(hidden), cells(said)
        if hidden is None or said is None or not isinstance(asked, list):
            return None
        small = {i for i, c in enumerate(self.cells) if c.value < self.threshold and not self.given.get(i)}
        if not small <= hidden or not said <= small:
            return None
        replay: list[Asked] = []
        for item in asked:
            if not (isinstance(item, list) and len(item) == 5 and type(item[0]) is int
                    and item[0] in hidden and type(item[1]) is bool and type(item[2]) is int):
                return None
            cell, floor, limit, answer, bound = item
            value = self.cells[cell].value
            if answer is not None and (type(answer) is not int
                                       or (answer > value if floor else answer < value)):
                return None  # a bound that is not true
            if bound is not None:
                if not (isinstance(bound, list) and len(bound) == 2 and all(type(b) is int for b in bound)
                        and bound[0] <= value <= bound[1]):
                    return None
                bound = (bound[0], bound[1])
            replay.append((cell, floor, limit, answer, bound))
        return hidden, said, replay

    def remember(self) -> None:
        """Keep what was worked out in the memory, for the same counts next time (after the last
        question: the report's every figure is in)."""
        if self.memory is None or self._hidden is None or self._key is None or self.threshold <= 0:
            return
        if not self._learnt:  # all from the memory (perhaps fewer questions: it keeps them all)
            return
        if self._below is None:
            self._below = self.said_below(self._hidden)
        self.memory.put(self._key, {
            "key": self._key,
            "hidden": sorted(self._hidden),
            "below": sorted(self._below),
            "bounds": [[cell, floor, limit, answer, None if bound is None else list(bound)]
                       for cell, floor, limit, answer, bound in self._asked],
        })
        self._learnt = False

    def suppress(self) -> set[int]:
        cells, low, given = self.cells, self.threshold, self.given
        hidden = {i for i, c in enumerate(cells) if c.value < low and not given.get(i, False)}
        hidden.update(i for i, shown in given.items() if not shown)
        by_size: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(cells):
            if c.members is not None and c.linked:
                by_size[c.value].append(i)

        def smallest_shown(ids: Sequence[int]) -> int | None:
            shown = [i for i in ids if i not in hidden and i not in given]
            return min(shown, key=lambda i: (cells[i].value, i)) if shown else None

        # another report's sums: nothing in them to hide or show here
        sums = [r for r in self.relations if r not in self.elsewhere] if self.elsewhere else self.relations
        changed = True
        while changed:
            changed = False
            for total, parts in sums:
                gone = [p for p in parts if p in hidden]
                if total in hidden:
                    if gone:
                        continue
                    pick = smallest_shown(parts)
                elif not gone:
                    continue
                elif len(gone) > 1 and sum(cells[p].value for p in gone) >= low:
                    continue
                elif (total, parts) in self.total_first and total not in given:
                    pick = total
                else:
                    pick = smallest_shown(parts)
                    if pick is None and total not in given:
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
            for small, big in self.inside:  # the same, for counts whose families the caller knows
                if big in hidden or small in hidden or not 0 < cells[big].value - cells[small].value < low:
                    continue
                pick = small if small not in given else big if big not in given else None
                if pick is not None:
                    hidden.add(pick)
                    changed = True
            if not changed:
                # 4. the audit: where the sums together still narrow a small count (a column and a
                # row that cross), hide the smallest shown cell of a sum it takes part in; in each
                # group of hidden cells at once, as what is hidden in one says nothing of another
                spoiled = self.audit(hidden, set())
                for group, relations in self._groups(hidden):
                    if spoiled.isdisjoint(group):
                        continue
                    if given:  # beside another report: for each narrowed count, a shown cell of a sum
                        # that narrows it (the program says which), else the nearest shown
                        picks = self._culprits(spoiled.intersection(group), group, relations, hidden)
                        if not picks:
                            picks = _nearest_shown(spoiled.intersection(group), relations, smallest_shown)
                        hidden.update(picks)
                        changed = changed or bool(picks)
                        continue
                    # a sum the narrowed count is in first, else any sum of its group
                    near = [r for r in relations if not spoiled.isdisjoint((r[0], *r[1]))]
                    for total, parts in [*near, *relations]:
                        pick = smallest_shown([total, *parts])
                        if pick is not None:
                            hidden.add(pick)
                            changed = True
                            break
        return hidden


def _blocks(cells: Sequence[int], relations: Sequence[Relation], elsewhere: set[Relation]) -> dict[int, int]:
    """The cells that another report's sums join, by block: cell -> the block's least cell."""
    parent = {c: c for c in cells}

    def root(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for relation in relations:
        if relation in elsewhere:
            members = [m for m in (relation[0], *relation[1]) if m in parent]
            for m in members[1:]:
                a, b = root(members[0]), root(m)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {c: root(c) for c in cells}


def _nearest_shown(narrowed: set[int], relations: Sequence[Relation],
                   smallest_shown: Callable[[Sequence[int]], int | None]) -> set[int]:
    """For each narrowed count, the cell to hide beside another report's: the smallest shown cell
    of the first sum (in the ledger's order) that has one, among the sums it is in, else among the
    sums those sums' cells are in, and so on outwards (another report's sums have nothing to hide:
    a team's hidden count is in sums of the team's, and those in the partnership's).

    Several at once, one for each narrowed count (most are narrowed by the same few sums): the
    partnership's group holds every team's cells, and one a round would audit it again and again."""
    sums_of: dict[int, list[int]] = defaultdict(list)
    for n, (total, parts) in enumerate(relations):
        for member in (total, *parts):
            sums_of[member].append(n)
    picks: set[int] = set()
    for cell in sorted(narrowed):
        seen_cells, seen_sums, ring = {cell}, set[int](), [cell]
        pick = None
        while ring and pick is None:
            near = sorted({n for c in ring for n in sums_of[c]} - seen_sums)
            seen_sums.update(near)
            for n in near:
                total, parts = relations[n]
                pick = smallest_shown([total, *parts])
                if pick is not None:
                    break
            ring = [m for n in near for m in (relations[n][0], *relations[n][1]) if m not in seen_cells]
            seen_cells.update(ring)
        if pick is not None:
            picks.add(pick)
    return picks


EPSILON = 1e-6  # the solver reckons in floating point; the counts are whole numbers


class _Reader:
    """What a reader can work out about one group of hidden cells, as a linear program (GLPK).

    A column for each hidden cell, between 0 (or its published floor) and no end (threshold-1 for
    a "<5", or its published ceiling); a row for each sum: its hidden parts less its hidden total
    make its shown total less its shown parts. For each small count j without a "<5" one more
    column y_j, with 0 <= y_j <= threshold-1 and y_j <= x_j: maximising y_j says whether x_j can
    reach threshold-1, and the program stays bounded where x_j has no end.

    Every point the solver finds fits what is published (and more), so it is kept: a later
    question that it answers needs no program (a point where a count is 0 shows that it can be 0).
    What a point settles is kept with it as two masks, a bit a column: the columns at 0, and those
    at threshold-1.
    """

    def __init__(self, ledger: Ledger, cells: Sequence[int], relations: Sequence[Relation],
                 said: set[int]) -> None:
        # GLPK only here, when a sum holds a hidden small count: most commands never need it
        import swiglpk as glpk

        glpk.glp_term_out(glpk.GLP_OFF)  # `eenplan stats --format json` writes its JSON on stdout
        self.glpk = glpk
        top = ledger.threshold - 1
        # beside another report (the partnership's program holds every team's counts): the cells
        # that the other report's sums join (a team's), as blocks, for ``narrowed``
        self.blocks = _blocks(cells, relations, ledger.elsewhere) if ledger.elsewhere else {}
        # each column's threshold-1: the value a small count must still be able to reach
        protected = ledger.protected
        thresholds = [protected.get(c, ledger.threshold) for c in cells] if protected \
            else [ledger.threshold] * len(cells)
        self.tops = tops = [float(t - 1) for t in thresholds]
        small = [ledger.cells[c].value < t for c, t in zip(cells, thresholds, strict=True)]
        self.cells = cells
        self.column = {cell: k for k, cell in enumerate(cells)}
        # y only for a small count without a "<5" (no end above): with one, x itself is bounded
        open_above = [c for c, is_small in zip(cells, small, strict=True) if is_small and c not in said]
        self.reach = {cell: self.column[cell] for cell in cells}
        self.reach.update({cell: len(cells) + k for k, cell in enumerate(open_above)})
        self.width = len(cells) + len(open_above)  # the columns of the program
        self.lows = [0.0] * len(cells)  # as published
        self.highs = [math.inf] * len(cells)
        self.published: dict[int, tuple[int, int]] = {}
        problem = self.problem = glpk.glp_create_prob()
        weakref.finalize(self, glpk.glp_delete_prob, problem)
        glpk.glp_add_cols(problem, self.width)
        for k in range(len(cells)):
            self._column_bounds(k, 0.0, math.inf)
        for k, cell in enumerate(open_above, start=len(cells)):
            self._column_bounds(k, 0.0, tops[self.column[cell]])
        rows: list[tuple[dict[int, float], float, float]] = []
        for total, parts in relations:
            row: dict[int, float] = defaultdict(float)
            known = 0.0
            for member, sign in ((total, -1.0), *((p, 1.0) for p in parts)):
                if member in self.column:
                    row[self.column[member]] += sign
                else:
                    known -= sign * ledger.cells[member].value
            rows.append((row, known, known))
        for cell in open_above:
            rows.append(({self.reach[cell]: 1.0, self.column[cell]: -1.0}, -math.inf, 0.0))
        self.sums = len(relations)  # the first rows of the program, one a sum, in their order
        if rows:
            glpk.glp_add_rows(problem, len(rows))
        for i, (row, low, high) in enumerate(rows, start=1):
            kind = glpk.GLP_FX if low == high else glpk.GLP_UP
            glpk.glp_set_row_bnds(problem, i, kind, low if low == high else 0.0, high)
            indices, values = glpk.intArray(len(row) + 1), glpk.doubleArray(len(row) + 1)
            for n, (k, value) in enumerate(row.items(), start=1):  # GLPK counts from 1
                indices[n], values[n] = k + 1, value
            glpk.glp_set_mat_row(problem, i, len(row), indices, values)
        # small programs asked again and again with another objective: the simplex from the last
        # basis, no presolve, not a word on the terminal
        self.parameters = glpk.glp_smcp()
        glpk.glp_init_smcp(self.parameters)
        self.parameters.msg_lev = glpk.GLP_MSG_OFF
        self.parameters.presolve = glpk.GLP_OFF
        self.costs: list[int] = []
        self.trial: tuple[int, float, float] | None = None  # a column held within a trial bound
        # points known to fit: the true counts first (y at 0 fits any x)
        self.points: list[list[float]] = []
        self.settles: list[tuple[int, int]] = []  # a point's columns at 0, and at threshold-1
        # a mask's bits: the small counts' columns only, the only ones ``narrowed`` is asked about
        self._bits = [(k, 1 << k) for k, is_small in enumerate(small) if is_small]
        # one threshold for all (a team's own report): its top, else each bit's
        self._top: float | None = float(top) - EPSILON if not protected else None
        self._bit_tops = [(k, b, tops[k] - EPSILON) for k, b in self._bits]
        self.truth = [float(ledger.cells[c].value) for c in cells]
        self._keep(list(self.truth))
        for cell in cells:
            if cell in said:
                self._hold(cell, 0.0, float(top))
        self.publish(ledger.bounds)

    def _column_bounds(self, k: int, low: float, high: float) -> None:
        glpk = self.glpk
        kind = glpk.GLP_LO if high == math.inf else glpk.GLP_FX if low == high else glpk.GLP_DB
        glpk.glp_set_col_bnds(self.problem, k + 1, kind, low, 0.0 if high == math.inf else high)

    def _keep(self, point: list[float]) -> None:
        self.points.append(point)
        self.settles.append(self._masks(point))

    def _masks(self, point: Sequence[float]) -> tuple[int, int]:
        """The point's small counts at 0, and at threshold-1, as bits."""
        bits, top = self._bits, self._top
        if top is not None:
            return (sum([b for k, b in bits if point[k] <= EPSILON]),
                    sum([b for k, b in bits if point[k] >= top]))
        return (sum([b for k, b in bits if point[k] <= EPSILON]),
                sum([b for k, b, at in self._bit_tops if point[k] >= at]))

    def _hold(self, cell: int, low: float, high: float) -> None:
        k = self.column[cell]
        self.lows[k], self.highs[k] = low, high
        self._column_bounds(k, low, high)

    def publish(self, bounds: dict[int, tuple[int, int]]) -> None:
        """Take the bounds published since (they only ever narrow)."""
        for cell in self.cells:
            given = bounds.get(cell)
            if given is None or self.published.get(cell) == given:
                continue
            self.published[cell] = given
            k = self.column[cell]
            low = max(self.lows[k], float(given[0]))
            high = self.highs[k] if given[1] >= UNBOUNDED else min(self.highs[k], float(given[1]))
            self._hold(cell, low, high)
            fits = [low - EPSILON <= p[k] <= high + EPSILON for p in self.points]  # still true
            self.points = [p for p, fit in zip(self.points, fits, strict=True) if fit]
            self.settles = [s for s, fit in zip(self.settles, fits, strict=True) if fit]

    def adopt(self, points: Sequence[Sequence[float]], cells: Sequence[int] | None = None) -> None:
        """Keep the points of another program that fit this one too: all of the same group's with
        other "<5"s; of a group of some of these cells (``cells``; the others at their counts,
        which every sum holds to), those that settle a count no point kept settles yet."""
        if cells is None:
            for point in points:
                if self._fits(point):
                    self._keep(list(point))
            return
        columns = [self.column[c] for c in cells]
        zeros = tops = 0
        for settled in self.settles:
            zeros, tops = zeros | settled[0], tops | settled[1]
        for point in points:
            found = list(self.truth)
            for k, value in zip(columns, point, strict=True):
                found[k] = value
            at_zero, at_top = self._masks(found)
            if (at_zero & ~zeros or at_top & ~tops) and self._fits(found):
                self.points.append(found)
                self.settles.append((at_zero, at_top))
                zeros, tops = zeros | at_zero, tops | at_top

    def _fits(self, point: Sequence[float]) -> bool:
        return all(low - EPSILON <= v <= high + EPSILON
                   for v, low, high in zip(point, self.lows, self.highs, strict=True))

    def solve(self, costs: Sequence[int], *, largest: bool) -> list[float] | None:
        """A point where the sum of these columns is least (or greatest); None where there is none
        (no point fits, or no end)."""
        glpk, problem = self.glpk, self.problem
        for k in self.costs:
            glpk.glp_set_obj_coef(problem, k + 1, 0.0)
        for k in costs:
            glpk.glp_set_obj_coef(problem, k + 1, 1.0)
        self.costs = list(costs)
        glpk.glp_set_obj_dir(problem, glpk.GLP_MAX if largest else glpk.GLP_MIN)
        failed = glpk.glp_simplex(problem, self.parameters)
        if failed in (glpk.GLP_EBADB, glpk.GLP_ESING, glpk.GLP_ECOND, glpk.GLP_EFAIL):
            glpk.glp_std_basis(problem)  # the last basis would not do: from the start once more
            failed = glpk.glp_simplex(problem, self.parameters)
        if failed or glpk.glp_get_status(problem) != glpk.GLP_OPT:
            return None
        # the hidden cells' values, in one call (not the y columns: no question reads them)
        point: list[float] = glpk.get_col_primals(problem)[:len(self.cells)]
        self._keep(point)  # it fits all that is published, and perhaps a trial bound more
        return point

    def binding(self, cell: int) -> list[tuple[int, float]]:
        """Where the cell is narrowed (its least above 0, else its greatest below threshold-1): the
        sums that bind at that end, by their place in the relations, with their dual values."""
        glpk, k = self.glpk, self.column[cell]
        point = self.solve([k], largest=False)
        if point is None or point[k] <= EPSILON:
            point = self.solve([self.reach[cell]], largest=True)
        if point is None:
            return []
        duals = glpk.get_row_duals(self.problem)[:self.sums]
        return [(row, abs(d)) for row, d in enumerate(duals) if abs(d) > EPSILON]

    def extreme(self, cell: int, *, largest: bool) -> int:
        """The greatest (or least) whole value the cell can take: UNBOUNDED where it has no end."""
        k = self.column[cell]
        point = self.solve([k], largest=largest)
        if point is None:
            return UNBOUNDED if largest else 0
        return math.floor(point[k] + EPSILON) if largest else math.ceil(point[k] - EPSILON)

    def bound(self, cell: int, limits: tuple[int, int] | None) -> None:
        """Hold the cell within these limits too, for a trial (None: as published again)."""
        k = self.column[cell]
        low, high = self.lows[k], self.highs[k]
        if limits is not None:
            low = max(low, float(limits[0]))
            if limits[1] < UNBOUNDED:
                high = min(high, float(limits[1]))
        self._column_bounds(k, low, high)
        self.trial = None if limits is None else (k, low, high)

    def narrowed(self, cells: Sequence[int]) -> set[int]:
        """Of these small counts, those that cannot be 0, or cannot be threshold-1.

        Few programs: a point kept from before that fits the trial bound settles every count that
        is 0 in it, or threshold-1; then one point where the sum of the counts still open is least
        settles every one that is 0 there, and a point where the sum of their y is greatest every
        one at threshold-1, as long as such a point settles any; then each count still open gets
        its own program (whose point may settle others too)."""
        column, tops, top = self.column, self.tops, self._top
        spoiled: set[int] = set()
        zero, full = set(cells), set(cells)

        def settle(point: Sequence[float]) -> None:
            zero.difference_update([c for c in zero if point[column[c]] <= EPSILON])
            if top is not None:
                full.difference_update([c for c in full if point[column[c]] >= top])
            else:
                full.difference_update([c for c in full if point[column[c]] >= tops[column[c]] - EPSILON])

        # the points kept that fit the trial bound, all at once: their masks together
        at_zero = at_top = 0
        trial = self.trial
        for point, (zeros, highs) in zip(self.points, self.settles, strict=True):
            if trial is None or trial[1] - EPSILON <= point[trial[0]] <= trial[2] + EPSILON:
                at_zero |= zeros
                at_top |= highs
        zero.difference_update([c for c in zero if at_zero >> column[c] & 1])
        full.difference_update([c for c in full if at_top >> column[c] & 1])
        tried_of: dict[bool, set[int]] = {False: set(), True: set()}
        for still, largest, of in ((zero, False, column), (full, True, self.reach)):
            together = True  # until a program for all those still open settles none of them
            while still:
                if together:
                    found = self.solve([of[c] for c in still], largest=largest)
                    left = len(still)
                    if found is not None:
                        settle(found)
                    together = found is not None and len(still) < left
                    continue
                if self.blocks:
                    # the partnership's program: one count of each team's at once (a team's counts
                    # pull against each other, another team's hardly), as long as that settles any
                    # (each team another of its counts: the teams' same count at once would pull
                    # against each other through the partnership's sum of it)
                    tried = tried_of[largest]
                    open_in: dict[int, list[int]] = {}
                    for c in sorted(still):
                        if c not in tried:
                            open_in.setdefault(self.blocks.get(c, c), []).append(c)
                    ones = [cells[n % len(cells)] for n, cells in enumerate(open_in.values())]
                    if len(ones) > 1:
                        tried.update(ones)
                        found = self.solve([of[c] for c in ones], largest=largest)
                        if found is not None:
                            settle(found)
                        continue
                cell = min(still)
                alone = self.solve([of[cell]], largest=largest)
                if alone is not None:
                    settle(alone)
                if cell in still:
                    spoiled.add(cell)
                    still.discard(cell)
        return spoiled
