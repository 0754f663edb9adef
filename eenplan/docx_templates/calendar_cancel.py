"""A round-table deleted from the sheet leaves the team's agendas: a cancelling .ics beside its letters.

    cancelled = cancel_deleted(team, caseload, today=today, now=now)
    cancelled.done      # (dossier, day, the .ics) for each appointment cancelled in this run
    cancelled.problems  # what could not be judged or written, one Dutch sentence each, no names

The team's .ics of a round-table (``documents.team_ics``) puts it in the team's agendas, and the
state remembers each appointment it gave out (``State.calendar_events``). When its round-table is no
longer on the sheet, an appointment from today on is ``TeamCalendar.gone`` (``meetings.match``: a
round-table that merely moved keeps its appointment, one that took place is never gone), and gets
"<dag> Rondetafel <gezin> (afgelast).ics" in out/<dossier>/: the same UID, the next SEQUENCE,
METHOD:CANCEL and STATUS:CANCELLED, which takes the appointment out of an agenda that imports it.
It is written once (the state remembers it, ``cancelled_at``); the round-table put back on its
day and hour (`eenplan restore`, undo in Excel) is that appointment again, and its next .ics brings
it back (METHOD:REQUEST, a higher SEQUENCE).

Every dossier with an appointment ahead is looked at, also one with no round-table ahead any more
or one that was closed: those are the ones whose round-table was deleted. A round-table still on
the sheet after its dossier's Datum afsluiting (check's round-table-after-closure) does not go on
either: its appointment is cancelled as well. So are the appointments ahead of a dossier whose row
is gone from the blad Dossiers (the .ics names it by its number: the state knows no name). One
whose round-tables or closure date cannot all be read is not judged (an unreadable date would read
as a deleted round-table), nor a dossier whose row may be one whose number cannot be read: it is
said, and looked at again at the next save.

What the sheet had ahead at each look is remembered (``State.record_calendar_sheet``), so that a
round-table that was there all along is not taken for a deleted one that moved (``meetings``). A
round-table that moved while its new .ics could not be written (a mistake in a template during that
look) is not remembered: at the next look it is still that appointment moved (its new .ics: the
same UID, a higher SEQUENCE), not a new one beside a cancelled one.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eenplan.docx_templates.documents import (
    CANCEL,
    CANCELLED_CALENDAR,
    CANCELLED_NAME,
    Made,
    Output,
    Planned,
    find_dossier,
    fingerprint,
    icalendar_bytes,
    invitations_for,
    require,
    run,
)
from eenplan.docx_templates.team_calendar import TeamCalendar
from eenplan.dutch import long_date
from eenplan.errors import DossierError, OutputError
from eenplan.files import WriteFailed
from eenplan.sheets.records import Caseload, Dossier, RoundTable, after_closure
from eenplan.sheets.schema import DOSSIERS, ROUND_TABLES
from eenplan.team.folder import Team
from eenplan.team.state import CalendarEvent, State

if TYPE_CHECKING:
    from eenplan.docx_templates.mailing import MailedInvitations

# why an appointment is cancelled: its round-table deleted from the sheet, dated after its
# dossier's closure, or its dossier's row gone from the sheet
DELETED, CLOSED, REMOVED = "deleted", "closed", "removed"

CANCEL_NEEDS = {DOSSIERS: ("id", "family"), ROUND_TABLES: ("dossier", "date", "time")}


@dataclass(frozen=True)
class CalendarCancelled:
    """The cancelling .ics of one appointment, written in this run (or found written)."""

    dossier: str
    day: datetime.date
    path: Path
    cause: str = DELETED  # DELETED, CLOSED (after the Datum afsluiting) or REMOVED (its dossier's row)


@dataclass(frozen=True)
class Cancellations:
    done: tuple[CalendarCancelled, ...] = ()
    problems: tuple[str, ...] = ()  # by dossier number and cell, never a name (it is logged)

    @property
    def dossiers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.dossier for c in self.done))


def cancel_deleted(team: Team, caseload: Caseload, *, today: datetime.date, now: datetime.datetime,
                   only: Iterable[str] | None = None, teams_workbook: bool = True,
                   next_try: str = "bij de volgende bewaring of `eenplan invite`") -> Cancellations:
    """The cancelling .ics of every appointment ahead whose round-table is no longer on the sheet
    (of the dossiers ``only``, when given). MissingColumn when the workbook lacks a column it needs
    (every round-table would read as deleted). ``teams_workbook``: False for another workbook
    given with --workbook, where a dossier it lacks is no dossier deleted from the team's.
    ``next_try``: when a cancellation that could not be written is tried again, as it is said."""
    with State(team.state_dir, root=team.base) as state:
        numbers = state.calendar_dossiers_ahead(today)
    if only is not None:
        wanted = set(only)
        numbers = tuple(n for n in numbers if n in wanted)
    if not numbers:  # most saves: one look at the state
        return Cancellations()
    require(caseload, CANCEL_NEEDS, "niet nagaan welke rondetafels geschrapt zijn om ze in de "
                                    "agenda af te gelasten")
    calendar = TeamCalendar.load(team, numbers)
    done: list[CalendarCancelled] = []
    problems: list[str] = []
    sheet: dict[str, list[tuple[datetime.date, str]]] = {}  # what each dossier has ahead now
    for number in numbers:
        if caseload.dossier(number) is None:  # its row is gone from Dossiers
            if not teams_workbook:
                continue
            unreadable = _unreadable_number(caseload)
            if unreadable:
                problems.append(
                    f"Op het blad {caseload.title(DOSSIERS)} kan eenplan cel {unreadable} niet lezen, "
                    "dus eenplan kan "
                    f"niet nagaan of dossier {number} nog op het blad staat om zijn rondetafels in de "
                    "agenda af te gelasten: verbeter de cel.")
                continue
            removed = _removed(number)
            for event in calendar.ahead(number, today=today):
                done += _cancel(team, removed, event, REMOVED, now=now, problems=problems,
                                next_try=next_try)
            sheet[number] = []
            continue
        try:
            dossier = find_dossier(caseload, number)
        except DossierError:
            continue  # its number is repeated, or names no folder (check says so)
        tables = caseload.round_tables_of(dossier.id)
        unreadable = _unreadable(caseload, tables)
        if unreadable:
            problems.append(
                f"Op het blad {caseload.title(ROUND_TABLES)} kan eenplan cel {unreadable} niet lezen, "
                "dus eenplan kan "
                f"niet nagaan of een rondetafel van dossier {dossier.id} geschrapt is om ze in de "
                "agenda af te gelasten: verbeter de cel.")
            continue
        closure = caseload.unreadable.get((DOSSIERS, dossier.row, "closed_on"))
        if closure is not None:
            problems.append(
                f"Op het blad {caseload.title(DOSSIERS)} kan eenplan cel {closure.cell} niet lezen, "
                "dus eenplan kan "
                f"niet nagaan of de rondetafels van dossier {dossier.id} nog doorgaan om ze anders "
                "in de agenda af te gelasten: verbeter de cel.")
            continue
        # a round-table after the closure does not go on: as if it were deleted
        dated = [t for t in tables if t.date is not None]
        going = [t for t in dated if not after_closure(dossier, t, today=today)]
        deleted = {e.uid for e in calendar.gone(dossier.id, dated, today=today)}
        for event in calendar.gone(dossier.id, going, today=today):
            cause = DELETED if event.uid in deleted else CLOSED
            done += _cancel(team, dossier, event, cause, now=now, problems=problems, next_try=next_try)
        sheet[dossier.id] = calendar.to_remember(dossier.id, dated, today=today)
    _remember_sheet(team, sheet)
    return Cancellations(tuple(done), tuple(problems))


def _remember_sheet(team: Team, sheet: Mapping[str, Iterable[tuple[datetime.date, str]]]) -> None:
    """What the sheet has ahead now, for the next look (``meetings.match``'s ``settled``)."""
    if not sheet:
        return
    with State(team.state_dir, root=team.base) as state, state.batch():
        for number, slots in sheet.items():
            state.record_calendar_sheet(number, slots)


def _unreadable_number(caseload: Caseload) -> str:
    """The first cell of the column Dossier that cannot be read ("" when none): a row whose
    number eenplan cannot read may be the dossier that seems gone."""
    return next((finding.cell for (sheet, _, name), finding in caseload.unreadable.items()
                 if sheet == DOSSIERS and name == "id"), "")


def _removed(number: str) -> Dossier:
    """A dossier whose row is gone, as its cancelling .ics names it: by its number (the state
    remembers no family's name)."""
    return Dossier(row=0, id=number, family=f"dossier {number}", flow="", municipality="",
                   referrer="", question="", begeleider="", registered_on=None, perspective_on=None,
                   plan_on=None, closed_on=None, closure_reason="", sessions=None, address="",
                   email="", strengths="", worries="", wishes="", remarks="")


def _unreadable(caseload: Caseload, tables: Iterable[RoundTable]) -> str:
    """The first cell of ``tables`` whose date or hour cannot be read ("" when none)."""
    for table in tables:
        for name in ("date", "time"):
            finding = caseload.unreadable.get((ROUND_TABLES, table.row, name))
            if finding is not None:
                return finding.cell
    return ""


def _cancel(team: Team, dossier: Dossier, event: CalendarEvent, cause: str, *, now: datetime.datetime,
            problems: list[str], next_try: str) -> list[CalendarCancelled]:
    """Write the cancelling .ics of ``event`` and remember it (once it is at its name)."""
    hour = event.hour or ""
    gone = RoundTable(row=0, dossier=dossier.id, date=event.day,
                      time=datetime.time.fromisoformat(hour) if hour else None, location="", kind="",
                      present="", notes="", next_date=None)
    sequence = event.sequence + 1
    text = icalendar_bytes(team, dossier, gone, uid=event.uid, sequence=sequence, method=CANCEL)
    made_from = fingerprint(CANCELLED_CALENDAR, text.decode("utf-8"))
    when = event.day.isoformat()
    output = Output(f"{when} Rondetafel {dossier.family}{CANCELLED_NAME}", ".ics", CANCELLED_CALENDAR,
                    when, made_from, functools.partial(bytes, text))
    made: Made | None = None
    try:
        made = run(team, Planned(dossier, [output]), now=now)
        why = made.failed[0].reason if made.failed else ""
    except OutputError as exc:  # a link to elsewhere, the memory cannot be opened, ...
        why = exc.reason if isinstance(exc, WriteFailed) else ""
    if made is None or output.path is None or output.path not in (*made.written, *made.unchanged):
        # (the reason names no file: the file's name carries the family's)
        problems.append(f"De afgelasting voor de agenda van de rondetafel van {long_date(event.day)} "
                        f"van dossier {dossier.id} kon niet geschreven worden in out/{dossier.id}/"
                        f"{f' ({why})' if why else ''}; eenplan probeert het opnieuw {next_try}.")
        return []
    with State(team.state_dir, root=team.base) as state:
        state.record_calendar_cancelled(dossier.id, event.uid, sequence=sequence, fingerprint=made_from,
                                        at=now)
        state.audit("agenda-afgelast", dossier.id, f"volgnummer {sequence}", at=now)
    return [CalendarCancelled(dossier.id, event.day, output.path, cause)]


def cancelled_lines(cancelled: Cancellations, titles: Mapping[str, str] | None = None) -> list[str]:
    """One Dutch line per dossier (and why) of what was cancelled, by dossier number and day, no
    names (the watcher logs it). ``titles``: eenplan's sheet names -> the team's ([bladen]), so
    the sheets are named as the team knows them."""
    titles = titles or {}
    lines = []
    for number in cancelled.dossiers:
        for cause in (DELETED, CLOSED, REMOVED):
            days = sorted(c.day for c in cancelled.done if c.dossier == number and c.cause == cause)
            if not days:
                continue
            which = " en ".join(long_date(d) for d in days)
            one = len(days) == 1
            tables = f"{'De rondetafel' if one else 'De rondetafels'} van {which} van dossier {number}"
            importeer = (f"importeer {'de afgelasting' if one else 'de afgelastingen'} (\"(afgelast).ics\" "
                         f"in out/{number}/) in de agenda, dan verdwijnt de afspraak eruit.")
            if cause == DELETED:
                lines.append(f"{tables} {'staat' if one else 'staan'} niet meer op het blad "
                             f"{titles.get(ROUND_TABLES, ROUND_TABLES)}: {importeer}")
            elif cause == CLOSED:
                lines.append(f"{tables} {'gaat' if one else 'gaan'} niet door, want het dossier is "
                             f"afgesloten: {importeer}")
            else:
                lines.append(f"{tables} {'gaat' if one else 'gaan'} niet door, want dossier {number} "
                             f"staat niet meer op het blad {titles.get(DOSSIERS, DOSSIERS)}: {importeer}")
    return lines


@dataclass(frozen=True)
class Invited:
    """What `eenplan invite DOSSIER` did: the letters (``made``), or with --mail what was mailed
    (``sent``), and the cancelling .ics of the dossier's round-tables deleted from the sheet.
    ``error``: why there were no letters (no round-table ahead: its only one was deleted), said
    after the cancellations."""

    made: Made | None
    sent: MailedInvitations | None
    cancelled: Cancellations
    error: DossierError | None = None


def invite(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
           today: datetime.date, now: datetime.datetime, pdf: bool = False, by_mail: bool = False,
           retry: bool = False) -> Invited:
    """The invitations of the round-table (``documents.invitations_for``, or with ``by_mail``
    ``mailing.mail_invitations``), then the cancelling .ics of the dossier's round-tables deleted
    from the sheet (after the mails: a cancellation by e-mail renames the old day's .ics)."""
    dossier = find_dossier(caseload, number)
    made = sent = error = None
    try:
        if by_mail:
            # (the mail server's modules only for --mail)
            from eenplan.docx_templates.mailing import mail_invitations

            sent = mail_invitations(team, caseload, number, day, today=today, now=now, retry=retry)
        else:
            made = invitations_for(team, caseload, number, day, today=today, pdf=pdf, now=now)
    except DossierError as exc:
        error = exc
    cancelled = cancel_deleted(team, caseload, today=today, now=now, only=[dossier.id])
    if error is not None and not cancelled.done and not cancelled.problems:
        raise error
    return Invited(made, sent, cancelled, error)
