"""Which round-table on the sheet is which meeting people have in their agenda. Pure: what the
state remembers and the round-tables of one version of the workbook in, the pairs out.

    found = match(known, caseload.round_tables_of("2026-014"), today=today)
    found.uids[table.row]  # the calendar event (UID) this round-table is, if it is a known one
    found.gone             # meetings still ahead that no round-table on the sheet is any more

A round-table has no number of its own on the sheet: its row changes when a row above it is
deleted, or the sheet is sorted, and its day and hour change when it moves. So each version is
matched to the meetings the state remembers (those an invitation went out for by e-mail, and those
the team's .ics gave out: ``team_calendar``), within one dossier:

1. a round-table on the same day at the same hour is that meeting (also one that was called
   off: it is back; a meeting remembered without its hour, by an earlier version, by its day);
2. of those left that are still ahead, the remembered and the new are paired in the order of
   their dates, the nearest days together (one meeting gone and one new: it moved; two moved a
   week each: each its own). A remembered meeting left over is gone (called off); a round-table
   left over is a new meeting. A round-table that was on the sheet already at the last look
   (``settled``: its day and hour then) and is no known meeting is no known meeting's new day: it
   is a meeting of its own, never given out (the one on 7 December deleted, the one in February
   that was there all along is not the 7th moved).

A meeting from before today is never paired with another day, and never gone: it took place. A
round-table moved to a day before today is no longer ahead: its meeting is gone.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from eenplan.sheets.records import RoundTable


@dataclass(frozen=True)
class Known:
    """A meeting the state remembers: its calendar event and where people last heard it was."""

    uid: str
    day: datetime.date
    hour: str | None  # "14:00", "" without an hour, None: not remembered (an earlier version)
    live: bool = True  # False: everyone who had it was told it does not go on


@dataclass(frozen=True)
class Matching:
    uids: Mapping[int, str]  # a round-table's row -> the known meeting it is
    gone: tuple[Known, ...]  # live meetings from today on that no round-table is any more


def hour_of(table: RoundTable) -> str:
    """A round-table's hour as the state remembers it: "14:00", or "" without one."""
    return "" if table.time is None else f"{table.time:%H:%M}"


def match(known: Sequence[Known], tables: Sequence[RoundTable], *, today: datetime.date,
          settled: Iterable[tuple[datetime.date, str]] = ()) -> Matching:
    """Each of ``tables`` (one dossier's, with a date) that is a ``known`` meeting, and the live
    known meetings ahead that none is (see the module's docstring). ``settled``: the day and hour
    of each of the dossier's round-tables at the last look, when it is remembered."""
    dated = sorted((t for t in tables if t.date is not None),
                   key=lambda t: (t.date, hour_of(t), t.row))
    uids: dict[int, str] = {}
    left = list(known)
    for table in dated:  # 1. the same day and hour (a live meeting before one called off)
        same = [k for k in left if k.day == table.date and k.hour in (hour_of(table), None)]
        if same:
            chosen = min(same, key=lambda k: (not k.live, k.hour is None))
            uids[table.row] = chosen.uid
            left.remove(chosen)
    ahead = sorted((k for k in left if k.live and k.day >= today), key=lambda k: (k.day, k.hour or ""))
    there = Counter(settled)  # on the sheet before: no meeting's new day (the known ones aside)
    there.subtract(_slot(t) for t in dated if t.row in uids)
    new = []
    for table in dated:
        if table.row in uids or table.date is None or table.date < today:
            continue
        if there[_slot(table)] > 0:
            there[_slot(table)] -= 1
            continue
        new.append(table)
    for k, table in _in_order(ahead, new):  # 2. the nearest days, in the order of their dates
        uids[table.row] = k.uid
    paired = set(uids.values())
    return Matching(uids, tuple(k for k in ahead if k.uid not in paired))


def to_remember(known: Sequence[Known], tables: Sequence[RoundTable], *, today: datetime.date,
                settled: Iterable[tuple[datetime.date, str]] = ()) -> list[tuple[datetime.date, str]]:
    """The day and hour of each of ``tables`` ahead to remember as on the sheet at this look
    (the next look's ``settled``): all but a known meeting's new day or hour that the agendas were
    not told of yet (its .ics not written in this round: a template mistake, a file that could not
    be written). Remembered, such a round-table would be one that was there all along at the next
    look, so no meeting's new day: its meeting would be cancelled and the round-table given out
    as a new one, where people were told (or will be) that it moved."""
    by_uid = {k.uid: k for k in known}
    found = match(known, tables, today=today, settled=settled)
    slots = []
    for table in tables:
        if table.date is None or table.date < today:
            continue
        k = by_uid.get(found.uids[table.row]) if table.row in found.uids else None
        if k is not None and (k.day != table.date or k.hour not in (hour_of(table), None)):
            continue  # moved, and the agendas still have it on its old day or hour
        slots.append(_slot(table))
    return slots


def _slot(table: RoundTable) -> tuple[datetime.date, str]:
    assert table.date is not None
    return table.date, hour_of(table)


def _in_order(known: list[Known], tables: list[RoundTable]) -> list[tuple[Known, RoundTable]]:
    """As many pairs as the shorter list has, each list kept in its order, with the fewest days
    between the two of each pair in all (on a tie, the earlier partner)."""
    def apart(k: Known, t: RoundTable) -> int:
        assert t.date is not None
        return abs((t.date - k.day).days)

    if len(known) <= len(tables):
        return _aligned(known, tables, apart)
    return [(k, t) for t, k in _aligned(tables, known, lambda t, k: apart(k, t))]


A = TypeVar("A")
B = TypeVar("B")


def _aligned(short: Sequence[A], long: Sequence[B], apart: Callable[[A, B], int]) -> list[tuple[A, B]]:
    """Each of ``short`` with one of ``long`` (at least as many), both in their order, the least
    ``apart`` in all."""
    # cost[i][j]: the least in all pairing the first i of ``short`` within the first j of ``long``
    never = float("inf")
    cost = [[0.0] * (len(long) + 1)] + [[never] * (len(long) + 1) for _ in short]
    for i in range(1, len(short) + 1):
        for j in range(i, len(long) + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + apart(short[i - 1], long[j - 1]))
    pairs = []
    i, j = len(short), len(long)
    while i:  # back from the end: a partner further on only when it costs less
        if j > i and cost[i][j - 1] <= cost[i - 1][j - 1] + apart(short[i - 1], long[j - 1]):
            j -= 1
            continue
        pairs.append((short[i - 1], long[j - 1]))
        i, j = i - 1, j - 1
    return pairs[::-1]
