"""The deadline engine: the state of each step of a dossier on a given day. Pure: no clock.

The rules (DESIGN.md §4):

- A norm in months counts calendar months as Excel's EDATE does: clamped at the month's end
  (31 January + 1 month = 28 or 29 February). A step done on its due date is on time.
- A pause from Van to Tot stops the clock for Tot - Van + 1 days. Pauses are merged where they
  overlap; only the pause days from the step's start (that day included, as the statistics count
  a wait without pauses) up to its (moving) deadline move the deadline, so a pause that pushes
  the deadline on can bring later pause days into the window.
- While a pause runs (it has begun and has no Tot, or its Tot is still to come), nothing of the
  dossier is overdue: a running step shows as paused, its due date the earliest it can be, as
  if the pause ended today.
- A closed dossier has nothing overdue: each step is on time, late, or skipped.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from eenplan.flows.model import Flow, Step
from eenplan.sheets.records import Dossier, Pause

_ONE_DAY = datetime.timedelta(days=1)


class Status(str, Enum):  # a StrEnum, also on Python 3.10
    ON_TIME = "on_time"  # done by the due date
    LATE = "late"  # done after the due date
    SKIPPED = "skipped"  # the dossier was closed without it
    WAITING = "waiting"  # the start milestone has no date yet
    OPEN = "open"  # running, not yet within the warning window
    DUE_SOON = "due_soon"  # running, due within the warning window (or today)
    OVERDUE = "overdue"  # running, past its due date
    PAUSED = "paused"  # running, and a pause runs today
    # not by evaluate(): a date the step needs is in the workbook but cannot be read (overdue)
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


class StepState(NamedTuple):
    step: Step
    start: datetime.date | None
    due: datetime.date | None
    done: datetime.date | None
    status: Status
    # days past the due date: today - due for a running step, done - due for a done one
    # (<= 0 when not late); 0 when there is no due date or the step was skipped
    days_overdue: int
    paused_days: int  # pause days that moved this deadline


def edate(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus calendar months, clamped at the month's end, as Excel's EDATE."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    day = start.day
    if day > 28:  # every month has 28 days; past that, clamp at the month's end
        day = min(day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def base_due(step: Step, start: datetime.date) -> datetime.date:
    """The due date before pauses."""
    return base_due_in(start, months=step.months, days=step.days)


def base_due_in(start: datetime.date, *, months: int = 0, days: int = 0) -> datetime.date:
    """``start`` plus a norm in calendar months (as EDATE) or in days."""
    if months:
        return edate(start, months)
    return start + datetime.timedelta(days=days)


Interval = tuple[datetime.date, datetime.date]


def pause_intervals(
    pauses: Sequence[Pause], *, today: datetime.date
) -> tuple[tuple[Interval, ...], datetime.date | None]:
    """The pauses merged into sorted, disjoint day ranges (both ends included), and the first day
    of the pause that runs today (None when none does).

    A pause without Tot runs up to today; one that begins after today without Tot has not begun.
    A pause that ends before it begins is left out (``check`` reports it).
    """
    ranges: list[Interval] = []
    running: datetime.date | None = None
    for pause in pauses:
        start, end = pause.start, pause.end
        if start is None:
            continue
        if end is None:
            if start > today:
                continue
            end = today
        elif end < start:
            continue
        if start <= today <= end and (running is None or start < running):
            running = start
        ranges.append((start, end))
    if len(ranges) < 2:
        return tuple(ranges), running
    ranges.sort()
    merged = [ranges[0]]
    for start, end in ranges[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end + _ONE_DAY:
            if end > last_end:
                merged[-1] = (last_start, end)
        else:
            merged.append((start, end))
    # a running pause merged with an earlier one runs since the merged range's start
    if running is not None:
        for start, end in merged:
            if start <= running <= end:
                running = start
    return tuple(merged), running


def pushed_due(
    start: datetime.date, due: datetime.date, ranges: Sequence[Interval]
) -> tuple[datetime.date, int]:
    """The due date moved by the pause days from ``start`` (included) up to the moving due date:
    a family paused from the day it registered gets every day of its pause, as the rule says
    (Tot - Van + 1 days).

    ``ranges`` are sorted and disjoint, so one pass suffices: a range that the moved due date
    reaches adds its days, and may bring the next range within reach.
    """
    paused = 0
    for low, high in ranges:
        if high < start:
            continue
        if low < start:
            low = start
        if low > due:
            break
        days = (high - low).days + 1
        paused += days
        due += datetime.timedelta(days=days)
    return due, paused


def evaluate(
    dossier: Dossier, flow: Flow, pauses: Sequence[Pause], *, today: datetime.date
) -> tuple[StepState, ...]:
    """The state of each of the flow's steps for this dossier on ``today``.

    ``pauses`` are the dossier's own (``caseload.pauses_of(dossier.id)``).
    """
    if pauses:
        # a pause left open in a closed dossier ended with the dossier
        until = today if dossier.closed_on is None else min(today, dossier.closed_on)
        ranges, running = pause_intervals(pauses, today=until)
    else:
        ranges, running = (), None
    closed = dossier.closed_on is not None
    states = []
    for step in flow.steps:
        start = getattr(dossier, step.start)
        done = getattr(dossier, step.milestone)
        if start is None:
            # the clock never started: done without a norm to hold it to, skipped, or waiting
            status = Status.ON_TIME if done is not None else Status.SKIPPED if closed else Status.WAITING
            states.append(StepState(step, None, None, done, status, 0, 0))
            continue
        due = base_due(step, start)
        paused = 0
        if ranges:
            due, paused = pushed_due(start, due, ranges)
        if done is not None:
            late = (done - due).days
            states.append(StepState(step, start, due, done, Status.LATE if late > 0 else Status.ON_TIME,
                                    late, paused))
            continue
        if closed:
            states.append(StepState(step, start, due, None, Status.SKIPPED, 0, paused))
            continue
        overdue = (today - due).days
        if running is not None and start <= today:
            status = Status.PAUSED
        elif overdue > 0:
            status = Status.OVERDUE
        elif -overdue <= step.warn_days:
            status = Status.DUE_SOON
        else:
            status = Status.OPEN
        states.append(StepState(step, start, due, None, status, overdue, paused))
    return tuple(states)
