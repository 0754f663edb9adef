"""Each begeleider's week: a mail of their own on the digest's day. Pure: the caseload, the
overdue items and today in, one plain-text and HTML message per begeleider out.

    weeks = begeleider_weeks(caseload, items, today=today)
    text = week_text(weeks[0], today=today, team_name="Team Noorderkempen", names=False)

A begeleider's week holds the round-tables of their dossiers in the coming seven days, their
steps, agreements and evaluations that are overdue, due soon or paused, and the dossiers eenplan
could not judge (with the cell to fix). A round-table whose date cannot be read may be this
week: it is said with its cell, and the week never reads "geen rondetafels" while there is one;
an hour that cannot be read is said beside its round-table. It goes to every begeleider with an
open dossier, also when nothing is late, so a quiet week reads as one. Families are named by
dossier number; with ``names`` (``[digest] namen = true`` in eenplan.toml) the family's name is added.
"""

from __future__ import annotations

import datetime
import html
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eenplan.dutch import long_date, long_date_and_hour, plural, short_date
from eenplan.flows.deadlines import Status
from eenplan.flows.overdue import UNKNOWN_WORDS, OverdueItem, on_sheet, unjudged_key, unknown_words
from eenplan.sheets.records import Caseload, Dossier
from eenplan.sheets.schema import ROUND_TABLES

WIDTH = 78  # the plain text's lines
DAYS_AHEAD = 7  # the round-tables of the coming week: today and the six days after


@dataclass(frozen=True)
class Meeting:
    """A round-table in the coming week."""

    dossier: str
    family: str
    date: datetime.date
    time: datetime.time | None
    location: str
    hour_cell: str = ""  # an Uur eenplan cannot read ("half drie"): its cell, and why
    hour_reason: str = ""


@dataclass(frozen=True)
class Undated:
    """A round-table whose date eenplan cannot read (31/11/2026, a formula without its value,
    "volgende week"): it may be in the coming week."""

    dossier: str
    family: str
    cell: str  # with its sheet: "Rondetafels!B7"
    reason: str


@dataclass(frozen=True)
class BegeleiderWeek:
    begeleider: str
    email: str  # from Lijsten ("E-mail begeleider"); "" when there is none
    meetings: tuple[Meeting, ...]
    items: tuple[OverdueItem, ...]  # overdue, due soon, paused or unknown, as `overdue` sorts them
    undated: tuple[Undated, ...] = ()  # round-tables of theirs whose date cannot be read

    @property
    def unknown(self) -> tuple[OverdueItem, ...]:
        return tuple(i for i in self.items if i.status is Status.UNKNOWN)

    @property
    def unjudged(self) -> int:
        """What the mail asks to fix: the unjudged items, and the round-tables' dates and hours
        eenplan cannot read (a date an evaluation also waits on counts once)."""
        said = {i.cell for i in self.unknown}
        return (len(self.unknown) + sum(1 for u in self.undated if u.cell not in said)
                + sum(1 for m in self.meetings if m.hour_cell))

    @property
    def unjudged_dossiers(self) -> int:
        """The dossiers of those cells, as every count of what cannot be judged is said (the
        digest, `overdue`): a dossier with two cells to fix is one dossier."""
        return len({unjudged_key(i.dossier, i.cell) for i in self.unknown}
                   | {unjudged_key(u.dossier, u.cell) for u in self.undated}
                   | {unjudged_key(m.dossier, m.hour_cell) for m in self.meetings if m.hour_cell})


@dataclass(frozen=True)
class WeekText:
    subject: str
    text: str
    html: str


def begeleider_weeks(caseload: Caseload, items: Sequence[OverdueItem], *,
                     today: datetime.date) -> tuple[BegeleiderWeek, ...]:
    """One week per begeleider with an open dossier, in the order of their names."""
    names: dict[str, str] = {}
    for dossier in caseload.dossiers:
        if dossier.is_open and dossier.id and dossier.begeleider.strip():
            names.setdefault(_key(dossier.begeleider), " ".join(dossier.begeleider.split()))
    until = today + datetime.timedelta(days=DAYS_AHEAD - 1)
    meetings: dict[str, list[Meeting]] = {}
    undated: dict[str, list[Undated]] = {}

    def unreadable(field: str, row: int) -> tuple[str, str]:
        """The cell (with its sheet) and the reason of a cell the reader could not use, or ("", "")."""
        finding = caseload.unreadable.get((ROUND_TABLES, row, field)) if caseload.unreadable else None
        return (on_sheet(caseload, ROUND_TABLES, finding.cell), finding.message) if finding else ("", "")

    def held_for(number: str) -> Dossier | None:
        dossier = caseload.dossier(number)
        return dossier if dossier is not None and dossier.is_open and dossier.begeleider.strip() \
            else None

    for table in caseload.round_tables:
        if table.date is None:  # empty: none planned; unreadable: maybe this week
            cell, reason = unreadable("date", table.row)
            owner = held_for(table.dossier) if cell else None
            if owner is not None:
                undated.setdefault(_key(owner.begeleider), []).append(
                    Undated(owner.id, owner.family, cell, reason))
            continue
        if not today <= table.date <= until:
            continue
        owner = held_for(table.dossier)
        if owner is None:
            continue
        hour_cell, hour_reason = unreadable("time", table.row) if table.time is None else ("", "")
        meetings.setdefault(_key(owner.begeleider), []).append(Meeting(
            owner.id, owner.family, table.date, table.time, table.location, hour_cell,
            hour_reason))
    mine: dict[str, list[OverdueItem]] = {}
    for item in items:
        if item.begeleider.strip():
            mine.setdefault(_key(item.begeleider), []).append(item)
    weeks = []
    for key, name in sorted(names.items()):
        contact = caseload.staff_contact(name)
        ahead = sorted(meetings.get(key, []), key=lambda m: (m.date, m.time or datetime.time()))
        weeks.append(BegeleiderWeek(name, contact.email.strip() if contact else "", tuple(ahead),
                                    tuple(mine.get(key, ())), tuple(undated.get(key, ()))))
    return tuple(weeks)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def week_text(week: BegeleiderWeek, *, today: datetime.date, team_name: str,
              names: bool = False, missing: str = "") -> WeekText:
    """The begeleider's mail, in plain text and HTML. ``missing``: the sentence about a column a
    norm needs that the workbook lacks; the mail then says so instead of what is late."""

    def who(dossier: str, family: str) -> str:
        dossier = dossier or "zonder nummer"  # a row whose number is not typed yet
        return f"{dossier} ({family})" if names and family.strip() else dossier

    first = week.begeleider.split()[0] if week.begeleider.split() else week.begeleider
    late = [i for i in week.items if i.status is Status.OVERDUE]
    soon = [i for i in week.items if i.status is Status.DUE_SOON]
    paused = [i for i in week.items if i.status is Status.PAUSED]
    # "geen rondetafels" only when none has a date eenplan cannot read: those it counts as
    # not to be judged, with the other cells to fix
    parts = [plural(len(week.meetings), "rondetafel", "rondetafels") if week.meetings
             else "" if week.undated else "geen rondetafels"]
    if late:
        parts.append(f"{len(late)} te laat")
    if soon:
        parts.append(f"{len(soon)} binnenkort")
    if missing:
        parts.append(f"te laat: {UNKNOWN_WORDS}")
    if week.unjudged:  # counted in dossiers, as the digest and `overdue` count them
        parts.append(unknown_words(week.unjudged_dossiers))
    parts = [part for part in parts if part]
    subject = f"Jouw week, {first}: " + ", ".join(parts)

    sections: list[tuple[str, list[str]]] = []
    if missing:
        sections.append(("Wat te laat is, kan eenplan deze week niet zeggen", [missing]))
    if week.unknown:
        # the cell, never what it holds: the mail leaves the team folder (`eenplan overdue` says why)
        sections.append(("Niet te beoordelen: verbeter deze cellen in de werkmap", [
            *(f"{who(i.dossier, i.family)}, {i.label.lower()}, cel {i.cell}" for i in week.unknown),
            "Wat er in elke cel mis is, zegt `eenplan overdue` (of rapporten/Achterstand.xlsx): een mail "
            "neemt niet over wat in een cel staat."]))
    sections.append(("Rondetafels deze week", [
        *(_meeting_line(m, who) for m in week.meetings),
        *(f"{who(u.dossier, u.family)}, rondetafel met een datum die eenplan niet kan lezen, dus "
          f"misschien deze week, cel {u.cell}" for u in week.undated)]
        or ["Geen rondetafels gepland tot en met "
            f"{long_date(today + datetime.timedelta(days=DAYS_AHEAD - 1))}."]))
    for title, group in (("Te laat", late), ("Binnenkort", soon), ("Gepauzeerd", paused)):
        if group:
            sections.append((title, [_line(i, today, who) for i in group]))
    if not late and not soon and not week.unknown and not missing:
        sections.append(("Te laat en binnenkort", ["Niets: alle stappen, afspraken en evaluaties "
                                                   "van jouw dossiers lopen op tijd."]))

    intro = (f"Dit is jouw week bij {team_name}, op {long_date(today)}: wat er voor jouw "
             "dossiers gepland staat en wat aandacht vraagt.")
    footer = ("Dit overzicht maakte eenplan uit de werkmap van het team. Wie het niet meer wil "
              "krijgen, vraagt het aan de coördinator ([digest] begeleiders in eenplan.toml).")
    lines = [f"Dag {first},", "", *textwrap.wrap(intro, WIDTH)]
    for title, entries in sections:
        lines += ["", title]
        for entry in entries:
            lines += textwrap.wrap(entry, WIDTH, initial_indent="- ", subsequent_indent="  ")
    lines += ["", *textwrap.wrap(footer, WIDTH)]
    e = html.escape
    body = [f"<p>Dag {e(first)},</p>", f"<p>{e(intro)}</p>"]
    for title, entries in sections:
        body.append(f"<p><strong>{e(title)}</strong></p><ul>")
        body += [f"<li>{e(entry)}</li>" for entry in entries]
        body.append("</ul>")
    body.append(f'<p style="color:#777;font-size:12px">{e(footer)}</p>')
    page = "\n".join(["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
                      f"<title>{e(subject)}</title></head>",
                      '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;'
                      'color:#222">', *body, "</body></html>"])
    return WeekText(subject, "\n".join(lines) + "\n", page + "\n")


def _meeting_line(meeting: Meeting, who: Callable[[str, str], str]) -> str:
    where = f", {meeting.location}" if meeting.location.strip() else ""
    whose = who(meeting.dossier, meeting.family)
    if not meeting.hour_cell:
        return f"{long_date_and_hour(meeting.date, meeting.time)}: {whose}{where}"
    return (f"{long_date(meeting.date)}, uur {UNKNOWN_WORDS}: {whose}{where}, cel "
            f"{meeting.hour_cell}: {meeting.hour_reason}")


def _line(item: OverdueItem, today: datetime.date, who: Callable[[str, str], str]) -> str:
    what = item.label if not item.action else f"{item.label}: {item.action}"
    by = f", wie: {item.responsible}" if item.responsible else ""
    due = f" (tegen {short_date(item.due)})" if item.due else ""
    return f"{who(item.dossier, item.family)}, {what}{by}{due}: {item.when(today)}"
