"""When the weekly digest is due: once per digest week, at the team's day and hour.

The digest of a week is due from that week's moment (Monday 08:00 by default) on, until it was
sent. Whether it was sent is kept in the shared state, so a watcher restarted that morning does
not send it again, and a PC that was off at the moment sends it at the next start: only the
latest week's, and not in the last day before the next moment (``week_to_send``).
"""

from __future__ import annotations

import datetime

from eenplan.team.settings import DigestSettings
from eenplan.team.state import digest_week, iso_week

ONE_WEEK = datetime.timedelta(weeks=1)
# A digest missed (the PC was off at its moment) is not sent in the last day before the next
# moment: that one comes soon, and a week-old digest sent minutes before it (with today's
# figures) made two overviews within minutes, the second "(=)" everywhere against the first.
CATCH_UP_UNTIL = datetime.timedelta(days=1)


def last_moment(now: datetime.datetime, digest: DigestSettings) -> datetime.datetime:
    """The latest digest moment at or before ``now``."""
    back = (now.weekday() - digest.weekday) % 7
    moment = datetime.datetime.combine(now.date() - datetime.timedelta(days=back), digest.time)
    return moment - ONE_WEEK if moment > now else moment


def next_moment(now: datetime.datetime, digest: DigestSettings) -> datetime.datetime:
    """The first digest moment after ``now``."""
    return last_moment(now, digest) + ONE_WEEK


def due_week(now: datetime.datetime, digest: DigestSettings) -> str:
    """The ISO week ("2026-W48") whose digest should have gone out by ``now``."""
    return iso_week(last_moment(now, digest).date())


def week_to_send(now: datetime.datetime, digest: DigestSettings) -> str | None:
    """The ISO week whose digest goes at ``now`` unless it went already: the latest due
    (``due_week``), never an older one; None in the last day before the next moment, when a
    digest not sent yet is left for the next one (``CATCH_UP_UNTIL``).

    It is named as `eenplan digest --send` by hand names it, by the digest week of the day
    (``digest_week``): outside that last day, which holds the digest day's hours before the
    moment, the latest moment is on the digest day that starts the day's digest week, so the
    two are one week (tests/test_digest_hand_and_watcher.py holds it)."""
    if next_moment(now, digest) - now < CATCH_UP_UNTIL:
        return None
    return digest_week(now.date(), digest.weekday)


def next_midnight(now: datetime.datetime) -> datetime.datetime:
    """When the date changes: what is overdue changes with it."""
    return datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
