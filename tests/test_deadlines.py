"""The deadline engine, to the day: a table of edge cases, and properties against an EDATE oracle."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from eenplan.flows import load_flows
from eenplan.flows.deadlines import Status, edate, evaluate
from eenplan.flows.model import Flow, Step
from eenplan.sheets.records import Dossier, Pause

D = datetime.date
FLOWS = load_flows()
PB = FLOWS["procesbegeleiding"]
ELP = FLOWS["eerstelijnspsycholoog"]


REGISTERED = D(2026, 1, 31)


def dossier(registered: D | None = REGISTERED, perspective: D | None = None,
            closed: D | None = None, number: str = "2026-001", **more) -> Dossier:
    fields = dict(row=2, id=number, family="Familie Peeters", flow="procesbegeleiding",
                  municipality="Kapellen", referrer="", question="", begeleider="An Claes",
                  registered_on=registered, perspective_on=perspective, plan_on=None,
                  closed_on=closed, closure_reason="", sessions=None, address="", email="",
                  strengths="", worries="", wishes="", remarks="")
    fields.update(more)
    return Dossier(**fields)


def pause(start: D | None, end: D | None = None, number: str = "2026-001") -> Pause:
    return Pause(row=2, dossier=number, start=start, end=end, reason="Ziekenhuisopname")


def first(d: Dossier, today: D, pauses=(), flow: Flow = PB):
    return evaluate(d, flow, pauses, today=today)[0]


# -- the table: (what, dossier, pauses, today) -> (status, due, days_overdue, paused_days)

CASES = [
    ("31 January + 1 month is 28 February", dossier(D(2026, 1, 31)), (), D(2026, 2, 28),
     Status.DUE_SOON, D(2026, 2, 28), 0, 0),
    ("the due day itself is on time", dossier(D(2026, 1, 31), D(2026, 2, 28)), (), D(2026, 3, 30),
     Status.ON_TIME, D(2026, 2, 28), 0, 0),
    ("the day after is late", dossier(D(2026, 1, 31), D(2026, 3, 1)), (), D(2026, 3, 30),
     Status.LATE, D(2026, 2, 28), 1, 0),
    ("overdue the day after the due day", dossier(D(2026, 1, 31)), (), D(2026, 3, 1),
     Status.OVERDUE, D(2026, 2, 28), 1, 0),
    ("leap year: 31 January 2028 + 1 month is 29 February", dossier(D(2028, 1, 31)), (),
     D(2028, 2, 29), Status.DUE_SOON, D(2028, 2, 29), 0, 0),
    ("29 February + 1 month is 29 March", dossier(D(2028, 2, 29)), (), D(2028, 3, 1),
     Status.OPEN, D(2028, 3, 29), -28, 0),
    ("28 February + 1 month is 28 March, not the month's end", dossier(D(2026, 2, 28)), (),
     D(2026, 3, 21), Status.DUE_SOON, D(2026, 3, 28), -7, 0),
    ("31 December + 1 month crosses the year", dossier(D(2025, 12, 31)), (), D(2026, 1, 20),
     Status.OPEN, D(2026, 1, 31), -11, 0),
    ("eight days ahead is not yet due soon", dossier(D(2026, 3, 10)), (), D(2026, 4, 2),
     Status.OPEN, D(2026, 4, 10), -8, 0),
    ("no registration date: waiting", dossier(None), (), D(2026, 3, 1), Status.WAITING, None, 0, 0),
    ("a pause spanning the due date moves it by all its days",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 5), D(2026, 2, 14)),), D(2026, 2, 20),
     Status.DUE_SOON, D(2026, 2, 20), 0, 10),
    ("a pause that ends after the deadline still counts whole, as the deadline moves on",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 8), D(2026, 3, 1)),), D(2026, 4, 1),
     Status.OVERDUE, D(2026, 3, 4), 28, 22),
    ("a pause before the registration does not count",
     dossier(D(2026, 1, 10)), (pause(D(2025, 12, 1), D(2026, 1, 9)),), D(2026, 2, 11),
     Status.OVERDUE, D(2026, 2, 10), 1, 0),
    ("a pause from the registration day counts every day, that day too (Tot - Van + 1)",
     dossier(D(2026, 1, 10)), (pause(D(2026, 1, 10), D(2026, 1, 11)),), D(2026, 2, 11),
     Status.DUE_SOON, D(2026, 2, 12), -1, 2),
    ("a pause that ends on the registration day counts that one day",
     dossier(D(2026, 1, 10)), (pause(D(2026, 1, 5), D(2026, 1, 10)),), D(2026, 2, 11),
     Status.DUE_SOON, D(2026, 2, 11), 0, 1),
    ("two overlapping pauses count their days once",
     dossier(D(2026, 1, 10)), (pause(D(2026, 1, 20), D(2026, 1, 29)), pause(D(2026, 1, 25), D(2026, 2, 3))),
     D(2026, 2, 25), Status.DUE_SOON, D(2026, 2, 25), 0, 15),
    ("a pause after the due date comes too late to move it",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 15), D(2026, 2, 20)),), D(2026, 2, 25),
     Status.OVERDUE, D(2026, 2, 10), 15, 0),
    ("a pause the moved deadline reaches counts too",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 1), D(2026, 2, 10)), pause(D(2026, 2, 15), D(2026, 2, 16))),
     D(2026, 3, 1), Status.OVERDUE, D(2026, 2, 22), 7, 12),
    ("an open pause: paused, never overdue", dossier(D(2026, 1, 10)), (pause(D(2026, 2, 1)),),
     D(2026, 4, 1), Status.PAUSED, D(2026, 4, 11), -10, 60),
    ("a pause whose Tot is still to come runs today",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 1), D(2026, 5, 1)),), D(2026, 4, 1),
     Status.PAUSED, D(2026, 5, 11), -40, 90),
    ("a pause that begins tomorrow without Tot has not begun",
     dossier(D(2026, 1, 10)), (pause(D(2026, 4, 2)),), D(2026, 4, 1), Status.OVERDUE, D(2026, 2, 10), 50, 0),
    ("an open pause that began after the deadline: paused, but the days late show",
     dossier(D(2026, 1, 10)), (pause(D(2026, 3, 1)),), D(2026, 3, 5), Status.PAUSED, D(2026, 2, 10), 23, 0),
    ("a pause that ends before it begins is left out",
     dossier(D(2026, 1, 10)), (pause(D(2026, 2, 1), D(2026, 1, 20)),), D(2026, 2, 11),
     Status.OVERDUE, D(2026, 2, 10), 1, 0),
    ("closed before the first conversation: skipped, nothing overdue",
     dossier(D(2026, 1, 10), closed=D(2026, 1, 20), closure_reason="Verhuisd"), (), D(2026, 6, 1),
     Status.SKIPPED, D(2026, 2, 10), 0, 0),
    ("closed without the step: skipped; a pause left open ended with the dossier",
     dossier(D(2026, 1, 10), closed=D(2026, 3, 20)), (pause(D(2026, 2, 1)),), D(2026, 6, 1),
     Status.SKIPPED, D(2026, 3, 30), 0, 48),
]


@pytest.mark.parametrize(("what", "d", "pauses", "today", "status", "due", "late", "paused"), CASES,
                         ids=[c[0] for c in CASES])
def test_first_step(what, d, pauses, today, status, due, late, paused):
    state = first(d, today, pauses)
    assert (state.status, state.due, state.days_overdue, state.paused_days) == (status, due, late, paused)


def test_afsluiting_counts_from_the_perspectiefgesprek_and_is_a_warning():
    d = dossier(D(2026, 1, 10), D(2026, 1, 31))
    talk, closure = evaluate(d, PB, (), today=D(2026, 6, 1))
    assert talk.status is Status.ON_TIME and talk.days_overdue == -10
    assert closure.start == D(2026, 1, 31) and closure.due == D(2026, 5, 31)
    assert closure.status is Status.OVERDUE and closure.days_overdue == 1
    assert closure.step.severity == "warning"


def test_closure_before_the_perspectiefgesprek():
    d = dossier(D(2026, 1, 10), closed=D(2026, 1, 25), closure_reason="Geen contact meer")
    talk, closure = evaluate(d, PB, (), today=D(2026, 6, 1))
    assert talk.status is Status.SKIPPED
    # the four months never started: no norm to hold the closure to
    assert (closure.status, closure.start, closure.due, closure.done) == (
        Status.ON_TIME, None, None, D(2026, 1, 25))


def test_a_closed_dossier_has_nothing_overdue():
    d = dossier(D(2025, 1, 10), D(2025, 3, 1), closed=D(2026, 1, 1))
    states = evaluate(d, PB, (pause(D(2025, 12, 1)),), today=D(2026, 6, 1))
    assert [s.status for s in states] == [Status.LATE, Status.LATE]
    assert states[0].days_overdue == 19


def test_an_open_pause_pauses_every_running_step():
    d = dossier(D(2026, 1, 10), D(2026, 2, 1))
    talk, closure = evaluate(d, PB, (pause(D(2026, 5, 1)),), today=D(2026, 8, 1))
    assert talk.status is Status.ON_TIME
    assert closure.status is Status.PAUSED and closure.paused_days == 93


def test_re_registration_gets_a_new_clock():
    old = dossier(D(2025, 9, 1), closed=D(2025, 10, 1), closure_reason="Verhuisd", number="2025-040")
    new = dossier(D(2026, 3, 2), number="2026-011")
    today = D(2026, 3, 20)
    assert first(old, today).status is Status.SKIPPED
    state = first(new, today)
    assert (state.status, state.due) == (Status.OPEN, D(2026, 4, 2))


def test_the_first_session_of_the_psychologist_track():
    d = dossier(D(2026, 1, 31), flow="eerstelijnspsycholoog")
    (session,) = evaluate(d, ELP, (), today=D(2026, 3, 1))
    assert (session.step.name, session.status, session.due) == (
        "eerste_sessie", Status.OVERDUE, D(2026, 2, 28))


def test_a_norm_in_days():
    flow = Flow("kort", "Kort", (Step("start", "Start", "perspective_on", "registered_on", days=30),))
    state = first(dossier(D(2026, 1, 31)), D(2026, 3, 2), flow=flow)
    assert (state.due, state.status, state.days_overdue) == (D(2026, 3, 2), Status.DUE_SOON, 0)


# -- properties, against an independent oracle: dateutil's relativedelta clamps as EDATE does

dates = st.dates(min_value=D(2018, 10, 1), max_value=D(2035, 12, 31))
months = st.integers(min_value=0, max_value=60)


def oracle_edate(start: D, count: int) -> D:
    return start + relativedelta(months=count)


@given(dates, months)
def test_edate_agrees_with_the_oracle(start, count):
    assert edate(start, count) == oracle_edate(start, count)


@given(dates, months)
def test_the_due_date_is_never_before_the_start_and_lands_in_the_right_month(start, count):
    due = edate(start, count)
    assert due >= start
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == count
    assert due.day == start.day or due.day < start.day and (due + datetime.timedelta(days=1)).day == 1


@given(dates, st.integers(min_value=0, max_value=59))
def test_adding_months_never_skips_a_month(start, count):
    one, two = edate(start, count), edate(start, count + 1)
    assert (two.year * 12 + two.month) - (one.year * 12 + one.month) == 1


pauses_strategy = st.lists(
    st.tuples(st.integers(min_value=-40, max_value=200), st.integers(min_value=0, max_value=60)),
    max_size=4,
)


def _pauses(registered: D, spans) -> tuple[Pause, ...]:
    return tuple(pause(registered + datetime.timedelta(days=a), registered + datetime.timedelta(days=a + n))
                 for a, n in spans)


@given(dates, pauses_strategy, st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=3))
def test_a_longer_pause_never_makes_a_deadline_earlier(registered, spans, longer, which):
    today = D(2040, 1, 1)  # every pause is over
    d = dossier(registered)
    before = first(d, today, _pauses(registered, spans))
    if spans:
        index = which % len(spans)
        spans = [*spans]
        spans[index] = (spans[index][0], spans[index][1] + longer)
    after = first(d, today, _pauses(registered, spans))
    assert after.due >= before.due
    assert before.due >= oracle_edate(registered, 1)


@given(dates, pauses_strategy)
def test_the_deadline_moves_by_exactly_the_pause_days_it_reaches(registered, spans):
    """Day by day: walk the clock, skipping paused days, until the norm's days are used; a
    paused registration day is a day of the pause too (Tot - Van + 1), owed back at the end."""
    today = D(2040, 1, 1)
    state = first(dossier(registered), today, _pauses(registered, spans))
    paused_days = set()
    for a, n in spans:
        paused_days.update(registered + datetime.timedelta(days=a + i) for i in range(n + 1))
    norm_days = (oracle_edate(registered, 1) - registered).days
    day, counted = registered, -1 if registered in paused_days else 0
    while counted < norm_days:
        day += datetime.timedelta(days=1)
        if day not in paused_days:
            counted += 1
    # trailing paused days right after the last counted day do not move the due date
    assert state.due == day
    assert state.paused_days == (state.due - oracle_edate(registered, 1)).days


@given(dates, st.integers(min_value=-60, max_value=120))
def test_a_step_is_overdue_exactly_when_today_is_past_its_due_date(registered, offset):
    today = registered + datetime.timedelta(days=offset)
    state = first(dossier(registered), today)
    due = oracle_edate(registered, 1)
    assert (state.status is Status.OVERDUE) == (today > due)
    assert state.days_overdue == (today - due).days


DAYS = st.integers(min_value=0, max_value=400)


@given(dates, pauses_strategy, st.integers(min_value=1, max_value=200), DAYS)
def test_while_a_pause_runs_nothing_is_overdue(registered, spans, open_from, later):
    today = registered + datetime.timedelta(days=open_from + later)
    pauses = (*_pauses(registered, spans), pause(registered + datetime.timedelta(days=open_from)))
    d = dossier(registered, registered + datetime.timedelta(days=1) if later % 2 else None)
    states = evaluate(d, PB, pauses, today=today)
    assert all(s.status is not Status.OVERDUE for s in states)
    assert all(s.status in (Status.PAUSED, Status.ON_TIME, Status.LATE, Status.WAITING) for s in states)


@given(dates, pauses_strategy, DAYS, DAYS)
def test_a_closed_dossier_has_nothing_running(registered, spans, closed_after, later):
    closed = registered + datetime.timedelta(days=closed_after)
    today = closed + datetime.timedelta(days=later)
    d = dossier(registered, closed=closed, closure_reason="Verhuisd")
    states = evaluate(d, PB, (*_pauses(registered, spans), pause(registered)), today=today)
    assert {s.status for s in states} <= {Status.ON_TIME, Status.LATE, Status.SKIPPED}
