"""Which appointment the team's .ics of a round-table is: the same one when the round-table moves.

    calendar = TeamCalendar.load(team, ["2026-014"])
    uid = calendar.uids("2026-014", tables, today=today)[table.row]
    before = calendar.event("2026-014", uid)  # what the last .ics of that appointment said

Beside a round-table's letters eenplan writes an .ics for the team's agendas. A round-table has no
number of its own on the sheet, and its day and hour change when it moves; so its appointment is
found as the invitations by e-mail find theirs (``meetings.match``): each version of the sheet is
matched, within the dossier, to the appointments the team's .ics files gave out
(``State.calendar_events``). A round-table that moved keeps its UID, and its new .ics gets a
higher SEQUENCE (``documents``): importing it moves the appointment in Outlook or Google Calendar,
instead of leaving the old one standing beside a new one.

A round-table deleted from the sheet (not moved) is an appointment ``match`` finds gone (not taken
for moved to a round-table that was on the sheet all along, one the team's agendas never got: the
state remembers the round-tables ahead at the last look, ``State.calendar_sheet``): it gets a
cancelling .ics (``calendar_cancel``), once; put back on its day and hour, it is that appointment
again, and its new .ics says so with a higher SEQUENCE (METHOD:REQUEST, as it was cancelled).

An appointment no .ics gave out yet gets the UID an invitation by e-mail gives it (``new_uid``:
from the dossier, the day and the hour it is first given out for, keyed), so that the team's
appointment and the guests' are one event (each side remembers its own: a round-table that moved
before anyone was mailed has the UID of its first .ics in the team's agendas, and of its first mail
in the guests'). The .ics files of earlier versions had a UID made of the dossier and the day; the
state took those over as they are (its migration), known by their day, so that they move too.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eenplan.docx_templates.meetings import Known, hour_of, match, to_remember
from eenplan.sheets.records import RoundTable
from eenplan.team.folder import Team
from eenplan.team.state import CalendarEvent, Keys, State


def new_uid(keys: Keys, dossier: str, table: RoundTable, taken: set[str]) -> str:
    """The calendar event of a meeting no one was told of yet: from the dossier, the day and the
    hour it is first given out for (so that every eenplan makes the same one), keyed (no one learns
    the dossier number from it), and none a meeting of the dossier already has."""
    assert table.date is not None
    for number in itertools.count(1):
        seed = f"{dossier}|{table.date.isoformat()}|{hour_of(table)}" + (f"|{number}" if number > 1 else "")
        uid = f"{keys.keyed(hashlib.sha256(seed.encode('utf-8')).hexdigest()[:24])}@eenplan"
        if uid not in taken:
            return uid
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class TeamCalendar:
    """What the state remembers of the appointments the team's .ics files gave out, for some
    dossiers, read in one look (the watcher plans every round-table ahead at every save)."""

    events: Mapping[str, tuple[CalendarEvent, ...]]  # by dossier number
    keys: Keys
    # the day and hour of each round-table ahead at the last look (``State.calendar_sheet``)
    sheet: Mapping[str, tuple[tuple[datetime.date, str], ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, team: Team, dossiers: Iterable[str]) -> TeamCalendar:
        numbers = list(dossiers)
        with State(team.state_dir, root=team.base) as state:
            return cls(state.calendar_events(numbers), state.keys, state.calendar_sheet(numbers))

    def uids(self, dossier: str, tables: Sequence[RoundTable], *,
             today: datetime.date) -> dict[int, str]:
        """The appointment each of the dossier's round-tables with a date is, by its row: one the
        team's .ics gave out before (the same day and hour, or moved), else a new one."""
        events = self.events.get(dossier, ())
        uids = dict(match(_known(events), tables, today=today, settled=self.sheet.get(dossier, ())).uids)
        taken = {e.uid for e in events}
        for table in tables:  # in the sheet's order, as the invitations by e-mail take them
            if table.date is not None and table.row not in uids:
                uids[table.row] = uid = new_uid(self.keys, dossier, table, taken)
                taken.add(uid)
        return uids

    def gone(self, dossier: str, tables: Sequence[RoundTable], *,
             today: datetime.date) -> tuple[CalendarEvent, ...]:
        """The appointments from ``today`` on in the team's agendas that none of the dossier's
        round-tables (with a date) is any more: deleted from the sheet (not moved: a moved one is
        paired with its new day; a round-table that was on the sheet at the last look is no new
        day), or moved to a day before today. One cancelled already is not."""
        events = self.events.get(dossier, ())
        found = match(_known(events), tables, today=today, settled=self.sheet.get(dossier, ()))
        gone = {k.uid for k in found.gone}
        return tuple(e for e in events if e.uid in gone)

    def to_remember(self, dossier: str, tables: Sequence[RoundTable], *,
                    today: datetime.date) -> list[tuple[datetime.date, str]]:
        """The day and hour of each of the dossier's round-tables ahead to remember for the next
        look (``State.record_calendar_sheet``): not one that moved while its new .ics is not
        written yet (``meetings.to_remember``), so that it stays a move of the same appointment."""
        return to_remember(_known(self.events.get(dossier, ())), tables, today=today,
                           settled=self.sheet.get(dossier, ()))

    def ahead(self, dossier: str, *, today: datetime.date) -> tuple[CalendarEvent, ...]:
        """The dossier's appointments from ``today`` on still in the team's agendas (not cancelled):
        all of them go when the dossier's row is gone."""
        return tuple(e for e in self.events.get(dossier, ()) if not e.cancelled and e.day >= today)

    def event(self, dossier: str, uid: str) -> CalendarEvent | None:
        """What the last .ics of the appointment ``uid`` said, if one was written."""
        return next((e for e in self.events.get(dossier, ()) if e.uid == uid), None)


def _known(events: Iterable[CalendarEvent]) -> list[Known]:
    """The appointments as ``meetings.match`` takes them: one cancelled is no longer live (it is
    not cancelled twice, and comes back only on its own day and hour)."""
    return [Known(e.uid, e.day, e.hour, live=not e.cancelled) for e in events]
