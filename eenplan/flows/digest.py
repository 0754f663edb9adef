"""The coordinators' weekly digest: counts per begeleider and per norm, the change since last
week, and the overdue workbook attached; sent over SMTP or written as an .eml file.

The message is built from the overdue items (pure); sending and writing are separate, so a
failed send can leave the very same message behind as an .eml file.

The mail itself carries counts only, never a family's name: mail gets forwarded. The names are
in the attachment, as in the overdue list.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import html
import smtplib
import socket
import ssl
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Literal

from eenplan.dutch import and_list, long_date, long_date_and_hour, plural, short_date
from eenplan.errors import EenplanError
from eenplan.files import safe_name
from eenplan.flows.agreements import AGREEMENT, EVALUATION
from eenplan.flows.deadlines import Status
from eenplan.flows.overdue import (
    NO_BEGELEIDER,
    STEP,
    UNKNOWN_WORDS,
    Counts,
    OverdueItem,
    no_open_dossier,
    unjudged_key,
    unknown_words,
)
from eenplan.flows.overdue_report import overdue_report_bytes
from eenplan.flows.week import WeekText, begeleider_weeks, week_text
from eenplan.sheets.records import Caseload
from eenplan.sheets.schema import BEGELEIDER_EMAIL, DOSSIERS, LISTS
from eenplan.team.folder import Team
from eenplan.team.reports import Written, write_kept
from eenplan.team.settings import NO_SENDER, MailSettings
from eenplan.team.state import (
    BUSY,
    LOGIN_KEY,
    REFUSED_ADDRESS,
    REFUSED_LOGIN,
    REFUSED_MESSAGE,
    REFUSED_SENDER,
    SENT,
    Keys,
    Mail,
    Refusal,
    State,
    answer_code,
    digest_key,
    digest_week,
    named,
    week_before,
    week_number,
)

# What the digest does once made: show it ("preview"), write an .eml, or send it ("smtp").
DigestMode = Literal["preview", "eml", "smtp"]
# Who sends the week's digest, as its record says: the watcher, or a person (`digest --send`).
SentBy = Literal["watcher", "hand"]
_SENT_BY = {"watcher": " door de watcher", "hand": " met de hand (`eenplan digest --send`)"}
ATTACHMENT_NAME = "Achterstand.xlsx"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
SMTP_TIMEOUT = 30  # seconds
# Where the counts keep each kind of item per begeleider, and how a table line names it.
_PER_BEGELEIDER = {STEP: "begeleiders", AGREEMENT: "agreements", EVALUATION: "evaluations"}
_KIND_LINES = (("agreements", "afspraken"), ("evaluations", "evaluaties"))
_KIND_NORMS = {AGREEMENT: "Afspraken", EVALUATION: "Evaluatie"}


class MailError(EenplanError):
    """The digest could not be sent; the message says why and what to do."""


class DigestNotSent(MailError):
    """The digest did not go, and a copy waits in rapporten/: ``why`` the server's side of it,
    ``kept`` where the copy is (as shown). The message says to send the copy by hand, as a
    command run by hand should; the watcher, which tries again itself, says it its own way.
    ``login``: the mail server refused eenplan's login for good (the password): the watcher says
    that once, and does not ask the server again until [mail] or the password changes.
    ``left``: the sentence about a copy someone changed at its name, left as it is ("")."""

    def __init__(self, why: str, kept: str, *, login: bool = False, left: str = "") -> None:
        super().__init__(f"{why} Het overzicht staat klaar in {kept}: open het in je mailprogramma "
                         "om het zelf door te sturen." + (f" {left}" if left else ""))
        self.why, self.kept, self.login, self.left = why, kept, login, left


class RecipientsRefused(MailError):
    """The mail server refused every recipient: ``refused`` maps each address to its answer."""

    def __init__(self, message: str, refused: Mapping[str, str]) -> None:
        super().__init__(message)
        self.refused = refused

    @property
    def permanent(self) -> bool:
        """Every answer a 5xx: the address itself is wrong, trying again will not help."""
        return all(answer.startswith("5") for answer in self.refused.values())


class MessageRefused(MailError):
    """The mail server refused the message itself, not a recipient: its sender (at MAIL FROM,
    ``at`` REFUSED_SENDER) or the message (at DATA, ``at`` REFUSED_MESSAGE: its content, its size,
    the server's own rules). ``answer``: the server's answer ("554 5.0.0 Transaction failed")."""

    def __init__(self, message: str, answer: str, at: str) -> None:
        super().__init__(message)
        self.answer, self.at = answer, at

    @property
    def permanent(self) -> bool:
        """A 5xx: the same message to the same server is refused again (a 4xx: for now)."""
        return self.answer.startswith("5")


class LoginRefused(MailError):
    """The mail server refused eenplan's login (AUTH): ``answer`` its answer ("535 5.7.8 ...").
    A 5xx (a wrong password, a wrong user) is refused again with the same: it is remembered
    (``send_as_team``), so that no save and no hour asks the server again, which would only
    get the account locked."""

    def __init__(self, message: str, answer: str) -> None:
        super().__init__(message)
        self.answer = answer

    @property
    def permanent(self) -> bool:
        return self.answer.startswith("5")


def login_refused_sentence(mail: MailSettings, answer: str, *, on: datetime.date | None = None) -> str:
    """The one sentence of a login the mail server refused: now (``answer`` in full), or earlier
    (``on``, the day it was refused; its code), and what to do."""
    where = f"{mail.host}:{mail.port}"
    when = f" op {short_date(on)}" if on is not None else ""
    said = f" ({answer})" if answer else ""
    if not answer.startswith("5"):  # for now (a 4xx): the next mail tries again
        return (f"De mailserver {where} nam de aanmelding van {mail.user} nu niet aan{said}: later "
                "lukt het misschien wel.")
    return (f"De mailserver {where} weigerde{when} de aanmelding van {mail.user}{said}, dus het "
            "wachtwoord (of de gebruiker) klopt niet: zet het juiste wachtwoord in de "
            f"omgevingsvariabele {mail.password_env} (start de watcher daarna opnieuw), of kijk "
            "gebruiker bij [mail] in eenplan.toml na; eenplan meldt pas opnieuw aan als een van "
            "die twee verandert, of met --opnieuw (zo blokkeert de mailserver het account niet).")


def server_of(mail: MailSettings) -> str:
    """The mail server as eenplan.toml names it: a mail it refused for good, for its sender or
    its message, is tried again with another one (mended in eenplan.toml)."""
    return f"{mail.host}|{mail.port}|{mail.security}|{mail.user}|{mail.sender}"


def login_tried(keys: Keys, mail: MailSettings, password: str | None) -> str:
    """What a login is tried with: [mail] in eenplan.toml, the variable the password is in, and
    the password (``Keys.password``: four hex digits of a slow keyed hash, never the password)."""
    return keys.attempt(mail.user, f"{server_of(mail)}|{mail.password_env}|"
                                   f"{keys.password(password or '')}")


def send_as_team(message: EmailMessage, mail: MailSettings, *, password: str | None, state: State,
                 at: datetime.datetime, retry: bool = False, to_coordinators: bool = True,
                 accepted: Callable[[], None] | None = None) -> dict[str, str]:
    """``send``, remembering a login the mail server refused for good (a 535: the password): one
    refused before with the very same [mail] and password is LoginRefused at once, without
    asking the server again (``retry``: ask it all the same: `--opnieuw`, mended at the server).
    Any other answer of the server ends that memory."""
    remembered = state.refusal(LOGIN_KEY) if mail.user else None
    tried = login_tried(state.keys, mail, password) if mail.user else ""
    if remembered is not None and remembered.tried == tried and not retry:
        raise LoginRefused(login_refused_sentence(mail, remembered.answer,
                                                  on=remembered.refused_at.date()),
                           remembered.answer)
    try:
        refused = send(message, mail, password=password, to_coordinators=to_coordinators,
                       accepted=accepted)
    except LoginRefused as exc:
        if exc.permanent and mail.user:
            state.record_refusal(LOGIN_KEY, tried=tried, answer=exc.answer, refused=REFUSED_LOGIN,
                                 at=at)
        raise
    except MailError:
        if remembered is not None:  # tried with something else, and not refused at the login
            state.forget_refusal(LOGIN_KEY)
        raise
    if remembered is not None:
        state.forget_refusal(LOGIN_KEY)
    return refused


# -- counting ----------------------------------------------------------------------------------


def digest_counts(
    items: Sequence[OverdueItem], flow_titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the digest counts, as plain JSON data (kept in the state for next week's change).

    ``{"overdue": n, "due_soon": n, "paused": n, "begeleiders": {name: [overdue, due_soon,
    paused]}, "agreements": {name: [...]}, "evaluations": {name: [...]}, "norms":
    {"Procesbegeleiding: perspectiefgesprek binnen 1 maand na aanmelding": [...]}}``

    "begeleiders" counts the flows' steps; a begeleider's agreements and evaluations have their
    own line. Items that cannot be judged are not counted here.
    """
    titles = flow_titles or {}
    per_kind: dict[str, dict[str, list[OverdueItem]]] = {key: {} for key in _PER_BEGELEIDER.values()}
    per_norm: dict[str, list[OverdueItem]] = {}
    for item in items:
        if item.status is Status.UNKNOWN:
            continue
        per_kind[_PER_BEGELEIDER[item.kind]].setdefault(item.who, []).append(item)
        if item.kind == STEP:
            title = titles.get(item.flow, item.flow.capitalize())
            norm = f"{title}: {item.label.lower()} {item.norm}"
        else:
            norm = f"{_KIND_NORMS[item.kind]}: {item.norm}"
        per_norm.setdefault(norm, []).append(item)
    total = Counts.of(items)
    counts: dict[str, Any] = {
        "overdue": total.overdue, "due_soon": total.due_soon, "paused": total.paused,
    }
    for key, groups in per_kind.items():
        counts[key] = {who: _triple(group) for who, group in groups.items()}
    counts["norms"] = {norm: _triple(group) for norm, group in sorted(per_norm.items())}
    if total.unknown:
        counts["unknown"] = total.unknown
    return counts


@dataclass(frozen=True)
class Unjudged:
    """What the digest says first: the dossiers it could not judge (numbers and cells, never a
    name), or the column that keeps it from counting at all."""

    # (dossier, cell, which step waits on it): never what the cell holds, nor a sentence that
    # quotes it ("Familie ... gebeld" typed in a date): the mail leaves the team folder
    dossiers: tuple[tuple[str, str, str], ...] = ()
    missing: str = ""  # the sentence about a column a norm needs that is missing
    caution: str = ""  # a sentence said before the counts (the Begeleider column missing)
    # the sheets eenplan did not read that look like one it read (the caution names them):
    # nothing late is then only of what was read
    sheets_unread: int = 0

    @classmethod
    def of(cls, items: Sequence[OverdueItem]) -> Unjudged:
        """Each cell to mend once: a cell two of a dossier's steps wait on is one cell to mend."""
        return cls(tuple(dict.fromkeys((i.dossier, i.cell, i.label.lower()) for i in items
                                       if i.status is Status.UNKNOWN)))

    def __bool__(self) -> bool:
        return bool(self.dossiers or self.missing or self.caution)

    @property
    def dossier_count(self) -> int:
        """How many dossiers (a row without its number by its cell): one may have several cells,
        and every count of what cannot be judged (the subject, the command's line, `overdue`)
        is this one (``Counts.unknown``)."""
        return len({unjudged_key(dossier, cell) for dossier, cell, _ in self.dossiers})

    @property
    def cell_count(self) -> int:
        return len({(dossier, cell) for dossier, cell, _ in self.dossiers})

    def blocks(self) -> list[str | list[str]]:
        """What the warning says, in order: a paragraph (a str) or a list (its items), so the
        text part and the HTML part show the same list, one as bullets, one as <ul>."""
        said: list[str | list[str]] = [self.caution] if self.caution else []
        if self.missing:
            return [*said, "Deze week kan eenplan niet tellen wat te laat is.", self.missing,
                    "Er staan daarom geen aantallen in dit overzicht: nul zou hier niet kloppen. "
                    "Zodra de werkmap in orde is, telt het volgende overzicht weer."]
        if not self.dossiers:
            return said
        cells = ("deze cel" if self.cell_count == 1 else f"deze {self.cell_count} cellen"
                 if self.cell_count > self.dossier_count else "deze cellen")
        return [*said, (f"{unknown_words(self.dossier_count)}: eenplan kan niet rekenen op een cel die "
                        "de norm nodig heeft, dus zo'n dossier kan te laat zijn zonder dat het "
                        f"hieronder meetelt. Verbeter {cells} in de werkmap (wat er mis is, zeggen "
                        "de bijlage en `eenplan overdue`: de mail neemt niet over wat in een cel staat):"),
                [f"{dossier or 'zonder nummer'}, cel {cell} ({step})"
                 for dossier, cell, step in self.dossiers]]

    def text_lines(self) -> list[str]:
        lines: list[str] = []
        for block in self.blocks():
            if isinstance(block, str):
                lines += ["", *textwrap.wrap(block, 78)] if lines else textwrap.wrap(block, 78)
                continue
            for item in block:  # a list follows its paragraph's colon, without a blank line
                lines += textwrap.wrap(item, 78, initial_indent="- ", subsequent_indent="  ")
        return lines

    def html(self) -> list[str]:
        """The warning as a framed block at the top of the mail; [] when there is none."""
        parts = []
        for block in self.blocks():
            if isinstance(block, str):
                parts.append(f"<p>{html.escape(block)}</p>")
            else:
                parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in block) + "</ul>")
        if not parts:
            return []
        return [f'<div style="border:2px solid #c00;padding:4px 12px;margin:12px 0">{"".join(parts)}</div>']


def _triple(items: Sequence[OverdueItem]) -> list[int]:
    counts = Counts.of(items)
    return [counts.overdue, counts.due_soon, counts.paused]


def change(now: int, before: int | None) -> str:
    """The change since last week as people write it: "+2", "−1", "=", or "" with nothing to
    compare with."""
    if before is None:
        return ""
    if now == before:
        return "="
    return f"+{now - before}" if now > before else f"−{before - now}"


# -- the message --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestText:
    subject: str
    text: str
    html: str


def digest_text(
    counts: Mapping[str, Any], previous: Mapping[str, Any] | None, *, today: datetime.date,
    team_name: str, week: str, unjudged: Unjudged | None = None, judged: int | None = None,
    previous_on: datetime.date | None = None, dossiers_title: str = DOSSIERS,
) -> DigestText:
    """The mail's subject, plain text and HTML, in Dutch; what could not be judged comes first
    (``unjudged``), and with a missing column there are no counts at all. ``judged``: the open
    dossiers looked at, said when nothing is late (none at all: not an all-clear, said of
    ``dossiers_title``, Dossiers as the team's workbook names it). ``week``: the
    digest week it is for (``digest_week`` of today and the team's digest day, or the week the
    watcher sends late: no default, a calendar week would be wrong on another digest day).
    ``previous``: the counts of the digest of the week just before, or None; ``previous_on``:
    the day that digest was made, said with the comparison.
    """
    unjudged = unjudged or Unjudged()
    number = week_number(week)
    if unjudged.missing:
        return _unusable_text(unjudged, week=number, team_name=team_name)
    first = f"{unknown_words(unjudged.dossier_count)}, " if unjudged.dossiers else ""
    subject = (f"Achterstand {team_name}, week {number}: {first}{counts['overdue']} te laat, "
               f"{counts['due_soon']} binnenkort")
    if judged == 0 and not unjudged.dossiers:  # "0 te laat" would read as an all-clear
        subject = f"Achterstand {team_name}, week {number}: geen open dossier gevonden"
    if unjudged.sheets_unread:  # its counts leave out what stands on that sheet
        subject += f" ({plural(unjudged.sheets_unread, 'blad', 'bladen')} niet gelezen)"
    # a week without counts (a column was missing) is nothing to compare with
    before = previous if previous is not None and "overdue" in previous else {}
    had = bool(before)

    def was(key: str) -> int | None:
        return before.get(key, 0) if had else None

    def row_was(table: str, name: str, index: int) -> int | None:
        if not had:
            return None
        values = before.get(table, {}).get(name)
        return values[index] if values else 0

    intro = f"Het overzicht van {long_date(today)} voor {team_name}."
    totals = [("te laat", "overdue"), ("binnenkort", "due_soon"), ("gepauzeerd", "paused")]
    total_parts = []
    for word, key in totals:
        delta = change(counts[key], was(key))
        total_parts.append(f"{counts[key]} {word}" + (f" ({delta})" if delta else ""))
    total_line = "Samen: " + ", ".join(total_parts) + "."
    # the digest compared with, by its day as people write it: "van maandag 16 november 2026"
    last_week = f"vorige week (week {week_number(week_before(week))})"
    made_on = f", van {long_date(previous_on)}," if previous_on is not None else ""
    compare = (f"Tussen haakjes: het verschil met het overzicht van {last_week}{made_on[:-1]}."
               if had else
               f"Het overzicht van {last_week}{made_on} had geen aantallen, dus er is geen "
               "vergelijking." if previous is not None else
               f"Er is geen overzicht van {last_week}, dus er is geen vergelijking.")
    if not any(counts.get(key) for key in _PER_BEGELEIDER.values()):
        looked = "" if not judged else f" ({plural(judged, 'open dossier', 'open dossiers')} nagekeken)"
        if unjudged.dossiers and judged and unjudged.dossier_count >= judged:
            intro += " eenplan kon geen enkel open dossier helemaal beoordelen: zie hieronder."
        elif unjudged.dossiers:
            looked = looked and f"{looked[:-1]}, {unjudged.dossier_count} ervan niet helemaal)"
            intro += (" Van wat eenplan kon beoordelen, is niets te laat, niets binnenkort en niets "
                      f"gepauzeerd{looked}.")
        elif judged == 0:  # an empty workbook, or another than the team's: not an all-clear
            intro += f" {no_open_dossier(dossiers_title)}"
        elif unjudged.sheets_unread:
            intro += (" Van wat eenplan las, is niets te laat, niets binnenkort en niets "
                      f"gepauzeerd{looked}; {'welk blad' if unjudged.sheets_unread == 1 else 'welke bladen'} "
                      "het niet las, staat hieronder.")
        else:
            intro += f" Er is niets te laat, niets binnenkort en niets gepauzeerd{looked}."

    # a begeleider with nothing left this week still shows, with the change to zero; their
    # agreements and evaluations each get a line of their own, under their name
    people: dict[str, list[int]] = {}
    for source in (counts, before):
        for key in _PER_BEGELEIDER.values():
            for who in source.get(key, {}):
                people.setdefault(who, [0, 0, 0])
    people.update((who, values) for who, values in counts["begeleiders"].items())
    people = dict(sorted(people.items(), key=lambda p: (p[0] == NO_BEGELEIDER, p[0].casefold())))
    rows: list[tuple[str, str, str, list[int]]] = []  # (label, table, who, values)
    for who, values in people.items():
        rows.append((who, "begeleiders", who, values))
        for key, word in _KIND_LINES:
            if who in counts.get(key, {}) or who in before.get(key, {}):
                rows.append((f"  {word}", key, who, counts.get(key, {}).get(who, [0, 0, 0])))

    # plain text
    warning = unjudged.text_lines() if unjudged else []
    lines = ["Dag coördinatoren,", "", intro, ""]
    if warning:
        lines += [*warning, ""]
    lines += [total_line, compare]
    if people:
        lines += ["", f"{'Per begeleider':<28}{'te laat':>9}{'binnenkort':>12}{'gepauzeerd':>12}"]
        for label, table, who, values in rows:
            cells = [_with_change(v, row_was(table, who, i)) for i, v in enumerate(values)]
            lines.append(f"{_cut(label, 27):<28}{cells[0]:>9}{cells[1]:>12}{cells[2]:>12}")
    if counts["norms"]:
        lines += ["", "Per norm"]
        for norm, values in counts["norms"].items():
            lines += textwrap.wrap(f"{norm}: {_triple_words(values)}", 78, initial_indent="- ",
                                   subsequent_indent="  ")
        lines += ["", f"De volledige lijst, per begeleider, staat in de bijlage {ATTACHMENT_NAME}."]
    lines += ["", "Dit overzicht maakte eenplan. Wie het niet meer wil krijgen, vraagt het aan wie",
              "eenplan beheert (mail, coordinatoren in eenplan.toml)."]
    text = "\n".join(lines) + "\n"

    # HTML
    e = html.escape
    cell = 'style="padding:2px 10px;text-align:right"'
    left = 'style="padding:2px 10px;text-align:left"'
    parts = [
        "<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{e(subject)}</title></head>",
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
        "<p>Dag coördinatoren,</p>", f"<p>{e(intro)}</p>",
        *unjudged.html(),
        f"<p><strong>{e(total_line)}</strong><br>{e(compare)}</p>",
    ]
    if people:
        parts += ['<table style="border-collapse:collapse">',
                  f"<tr><th {left}>Begeleider</th><th {cell}>te laat</th><th {cell}>binnenkort</th>"
                  f"<th {cell}>gepauzeerd</th></tr>"]
        for label, table, who, values in rows:
            tds = "".join(f"<td {cell}>{e(_with_change(v, row_was(table, who, i)))}</td>"
                          for i, v in enumerate(values))
            name = e(label.strip()) if table == "begeleiders" else f"&nbsp;&nbsp;{e(label.strip())}"
            parts.append(f"<tr><td {left}>{name}</td>{tds}</tr>")
        parts.append("</table>")
    if counts["norms"]:
        parts.append("<p><strong>Per norm</strong></p><ul>")
        parts += [f"<li>{e(norm)}: {e(_triple_words(values))}</li>"
                  for norm, values in counts["norms"].items()]
        parts.append("</ul>")
        parts.append(f"<p>De volledige lijst, per begeleider, staat in de bijlage "
                     f"{e(ATTACHMENT_NAME)}.</p>")
    parts += ['<p style="color:#777;font-size:12px">Dit overzicht maakte eenplan. Wie het niet '
              "meer wil krijgen, vraagt het aan wie eenplan beheert (mail, coordinatoren in "
              "eenplan.toml).</p>", "</body></html>"]
    return DigestText(subject=subject, text=text, html="\n".join(parts) + "\n")


def _unusable_text(unjudged: Unjudged, *, week: int, team_name: str) -> DigestText:
    """The mail of a week eenplan cannot count: why, and what to do; no numbers."""
    subject = f"Achterstand {team_name}, week {week}: {UNKNOWN_WORDS}, er ontbreekt iets in de werkmap"
    lines = ["Dag coördinatoren,", "", *unjudged.text_lines(), "",
             "Dit overzicht maakte eenplan. Wie het niet meer wil krijgen, vraagt het aan wie",
             "eenplan beheert (mail, coordinatoren in eenplan.toml)."]
    parts = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
             f"<title>{html.escape(subject)}</title></head>",
             '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
             "<p>Dag coördinatoren,</p>", *unjudged.html(), "</body></html>"]
    return DigestText(subject=subject, text="\n".join(lines) + "\n", html="\n".join(parts) + "\n")


def _with_change(value: int, before: int | None) -> str:
    delta = change(value, before)
    return f"{value} ({delta})" if delta else str(value)


def _triple_words(values: Sequence[int]) -> str:
    words = []
    for value, word in zip(values, ("te laat", "binnenkort", "gepauzeerd"), strict=True):
        if value:
            words.append(f"{value} {word}")
    return ", ".join(words) or "niets"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def new_message(subject: str, *, to: str, mail: MailSettings,
                sent_at: datetime.datetime) -> EmailMessage:
    """A mail from the team's sender (``MailSettings.from_address``) with its subject, date and
    id; ``to`` may be empty (an .eml a person sends on). With no sender it has no From: the mail
    program that sends it on fills it in, and eenplan itself sends no such mail (``send``)."""
    message = EmailMessage()
    message["Subject"] = subject
    if mail.from_address:
        message["From"] = mail.from_address
    if to:
        message["To"] = to
    message["Date"] = format_datetime(sent_at if sent_at.tzinfo else sent_at.astimezone())
    sender = parseaddr(mail.from_address)[1]  # afzender may carry a name: "Team <team@x.be>"
    domain = sender.rpartition("@")[2] or "eenplan.invalid"
    message["Message-ID"] = make_msgid("eenplan", domain=domain)
    return message


def build_message(
    text: DigestText, *, attachment: bytes | None, mail: MailSettings, sent_at: datetime.datetime,
) -> EmailMessage:
    """The mail: plain text and HTML alternatives, the workbook attached (when there is one)."""
    message = new_message(text.subject, to=", ".join(mail.coordinators), mail=mail,
                          sent_at=sent_at)
    message.set_content(text.text)
    message.add_alternative(text.html, subtype="html")
    if attachment is not None:
        message.add_attachment(attachment, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                               filename=ATTACHMENT_NAME)
    return message


# -- sending -----------------------------------------------------------------------------------


def send(message: EmailMessage, mail: MailSettings, *, password: str | None,
         to_coordinators: bool = True, accepted: Callable[[], None] | None = None,
         ) -> dict[str, str]:
    """Send over SMTP as eenplan.toml's [mail] says; MailError with the reason when it fails
    (RecipientsRefused when the server refused every recipient). ``to_coordinators``: the
    message goes to the coordinators (else to whom its To names).

    Returns the recipients the server refused while it took the message for the others
    (address -> its answer, "550 5.1.1 ..."); empty when it took it for all.

    ``accepted`` is called the moment the server has taken the message (its answer to the
    message's end), before eenplan says goodbye to it: that is where the caller records the mail
    as sent. Only a crash between the server's OK and that record can send this one mail twice
    after a restart; recording it here, with the state already open, keeps that window to the
    one write, not the goodbye and the opening of the state besides."""
    where = f"{mail.host}:{mail.port}"
    if not mail.host:
        raise MailError("In eenplan.toml staat geen mailserver: vul bij [mail] server in, of "
                        "bewaar het overzicht als bestand met --eml MAP.")
    if not mail.from_address:
        raise MailError(NO_SENDER)
    if to_coordinators and not mail.coordinators:
        raise MailError("In eenplan.toml staan geen coördinatoren: vul bij [mail] coordinatoren "
                        "in, zoals [\"an.claes@voorbeeld.be\"].")
    if mail.user and not password:
        raise MailError(f"Het wachtwoord voor {mail.user} ontbreekt: zet het in de "
                        f"omgevingsvariabele {mail.password_env} op deze computer.")
    context = ssl.create_default_context()
    try:
        if mail.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(mail.host, mail.port, timeout=SMTP_TIMEOUT,
                                                    context=context)
        else:
            server = smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT)
        try:
            if mail.security == "starttls":
                server.ehlo()
                if not server.has_extn("starttls"):
                    raise MailError(
                        f"De mailserver {where} kent geen STARTTLS: zet bij [mail] beveiliging = "
                        '"ssl" (meestal poort 465), of "geen" als de server enkel in jullie eigen '
                        "netwerk staat."
                    )
                server.starttls(context=context)
                server.ehlo()
            if mail.user:
                server.login(mail.user, password or "")
            refused = server.send_message(message)
            if accepted is not None:
                accepted()
        except BaseException:
            server.close()
            raise
        # The message went: a goodbye the server answers badly, or not at all, changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            server.quit()
        server.close()
        return {address: _answer(code, text) for address, (code, text) in refused.items()}
    except smtplib.SMTPAuthenticationError as exc:
        answer = _answer(exc.smtp_code, exc.smtp_error)
        raise LoginRefused(login_refused_sentence(mail, answer), answer) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"De mailserver {where} laat geen aanmelding toe op deze verbinding: kijk "
                        "beveiliging en poort bij [mail] na, of laat gebruiker leeg.") from None
    except smtplib.SMTPRecipientsRefused as exc:
        answers = {address: _answer(code, text) for address, (code, text) in exc.recipients.items()}
        where_set = "coordinatoren bij [mail]" if to_coordinators else "het e-mailadres in de werkmap"
        raise RecipientsRefused(f"De mailserver {where} weigerde de ontvangers "
                                f"({', '.join(sorted(answers))}): kijk {where_set} na.",
                                answers) from None
    except smtplib.SMTPSenderRefused as exc:
        raise MessageRefused(
            f"De mailserver {where} weigerde de afzender {message['From']} ({_reason(exc)}): kijk "
            "afzender bij [mail] na." if 500 <= exc.smtp_code < 600 else
            f"De mailserver {where} nam de afzender {message['From']} nu niet aan ({_reason(exc)}): "
            "later lukt het misschien wel.",
            _answer(exc.smtp_code, exc.smtp_error), REFUSED_SENDER) from None
    except smtplib.SMTPDataError as exc:  # the message itself, at its end (or at DATA)
        raise MessageRefused(
            f"De mailserver {where} weigerde het bericht ({_reason(exc)}): vraag wie de mailserver "
            "beheert waarom, en kijk [mail] in eenplan.toml na." if 500 <= exc.smtp_code < 600 else
            f"De mailserver {where} nam het bericht nu niet aan ({_reason(exc)}): later lukt het "
            "misschien wel.",
            _answer(exc.smtp_code, exc.smtp_error), REFUSED_MESSAGE) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"Deze computer vertrouwt het certificaat van de mailserver {where} niet "
                        f"({exc.verify_message or exc.reason}): kijk de naam bij server na, en vraag "
                        "het na bij wie de mailserver beheert.") from None
    except ssl.SSLError as exc:
        raise MailError(f"De beveiligde verbinding met {where} lukte niet ({exc.reason or exc}): "
                        "kijk beveiliging en poort bij [mail] na.") from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        raise MailError(f"De mailserver {where} verbrak de verbinding ({_reason(exc)}): kijk "
                        "server, poort en beveiliging bij [mail] na.") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"De mailserver {where} weigerde het bericht ({_reason(exc)}).") from None
    except socket.gaierror:
        raise MailError(f"De mailserver {mail.host} is niet te vinden: kijk server bij [mail] na, "
                        "en of deze computer op het internet kan.") from None
    except ConnectionRefusedError:
        raise MailError(f"De mailserver {where} weigert de verbinding: kijk server en poort bij "
                        "[mail] na (587 voor starttls, 465 voor ssl).") from None
    except TimeoutError:
        raise MailError(f"De mailserver {where} antwoordt niet: kijk server en poort bij [mail] "
                        "na, en of deze computer op het internet kan.") from None
    except OSError as exc:
        raise MailError(f"De mailserver {where} is niet bereikbaar ({exc.strerror or exc}): kijk "
                        "server en poort bij [mail] na, en of deze computer op het internet "
                        "kan.") from None


def _answer(code: int, text: bytes | str) -> str:
    """A server's answer to one recipient as it wrote it: "550 5.1.1 Mailbox unavailable"."""
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {said}".strip()


def _reason(exc: smtplib.SMTPException) -> str:
    error = getattr(exc, "smtp_error", b"")
    if isinstance(error, bytes):
        error = error.decode("utf-8", "replace")
    return str(error or exc).strip()


# -- the job -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    week: str  # ISO week: "2026-W48"
    counts: Mapping[str, Any]
    text: DigestText
    eml: Path | None  # the .eml written (--eml, or --send without a mail server)
    sent_to: tuple[str, ...]  # the coordinators the server took it for (--send)
    no_server: bool = False  # --send, but eenplan.toml names no mail server: written as .eml
    unjudged: Unjudged = Unjudged()  # what the mail says first: it could not judge these
    # --send: the coordinators the server refused (address -> its answer), a permanent refusal
    # of all of them included; the message is then kept in rapporten/ (``kept``)
    refused: Mapping[str, str] = dataclasses.field(default_factory=dict)
    kept: Path | None = None
    # --send, and not sent by this process: the week's digest went already (``earlier``: when,
    # and by whom), or another eenplan is sending it right now (``busy``); nothing written
    earlier: Mail | None = None
    busy: bool = False
    # --send: the mail server refused the digest itself for good (a 5xx at its sender or its
    # message), now or earlier this week with the same [mail]: not offered again until [mail]
    # changes, or `--opnieuw`; the message is kept in rapporten/ (``kept``)
    message_refused: Refusal | None = None
    weekday: int = 0  # the team's digest day ([digest] dag): the day its digest weeks start
    # the .eml written (``eml`` or ``kept``), with the files at its name it left: someone changed
    # them since eenplan wrote them (or eenplan cannot know: --eml MAP outside rapporten/)
    written: Written | None = None

    def left_sentence(self, shown: Callable[[Path], str] = str) -> str:
        """The one sentence that says an .eml someone changed was left, and where this one is;
        "" when none was."""
        return self.written.kept_sentence(shown) if self.written is not None else ""

    @property
    def unknown(self) -> int:
        """The dossiers not to be judged, as the mail counts them."""
        return self.unjudged.dossier_count

    def not_sent(self) -> str:
        """What `eenplan digest --send` says when it left the sending to another: "" when it
        sent (or tried) it itself."""
        if self.busy:
            return (f"Het overzicht van week {self.number} wordt op dit moment verstuurd door een "
                    "andere eenplan (de watcher, of iemand met `eenplan digest --send`): probeer "
                    "het over een paar minuten opnieuw, dan zie je of het weg is.")
        if self.earlier is None:
            return ""
        at = self.earlier.sent_at
        by = _SENT_BY.get(str(self.earlier.detail.get("by")), "")
        return (f"Het overzicht van week {self.number}{self.days()} is al verstuurd{by} op "
                f"{long_date_and_hour(at.date(), at.time())}, en gaat niet nog eens: moet het "
                "toch opnieuw, doe dan `eenplan digest --send --opnieuw`.")

    def days(self) -> str:
        """The days of the digest week, when it is no calendar week (a digest day other than
        Monday): " (vrijdag 27 november 2026 tot en met donderdag 3 december 2026)"."""
        if self.weekday == 0:
            return ""
        year, number = self.week.split("-W")
        start = datetime.date.fromisocalendar(int(year), int(number), self.weekday + 1)
        return f" ({long_date(start)} tot en met {long_date(start + datetime.timedelta(days=6))})"

    def message_refusal(self, shown: Callable[[Path], str] = str) -> str:
        """What `eenplan digest --send` (and the watcher, once) says of a digest the mail server
        refused itself for good: on which day (as remembered), what to do, and when eenplan
        offers it again. No address: it is logged. "" when it did not."""
        refusal = self.message_refused
        if refusal is None:
            return ""
        code = answer_code(refusal.answer)
        said = f" ({code})" if code else ""
        what = ("de afzender van het overzicht van week" if refusal.refused == REFUSED_SENDER
                else "het overzicht van week")
        kept = shown(self.kept) if self.kept else "rapporten/"
        return (f"De mailserver weigerde op {short_date(refusal.refused_at.date())} {what} "
                f"{self.number}{said}, niet om een adres maar om de mail zelf: vraag wie de "
                "mailserver beheert waarom, en kijk [mail] in eenplan.toml na; eenplan biedt het "
                "deze week pas opnieuw aan als [mail] verandert, of met `eenplan digest --send "
                f"--opnieuw`, en het staat klaar in {kept} om zelf door te sturen.")

    def refusal(self, shown: Callable[[Path], str] = str) -> str:
        """What `eenplan digest --send` says of the refused coordinators: who, and what to do."""
        if not self.refused:
            return ""
        who = and_list([f"{address} ({answer})" for address, answer in self.refused.items()])
        which = "dat adres" if len(self.refused) == 1 else "die adressen"
        return (f"De mailserver weigerde het overzicht van week {self.number} voor {who}: verbeter "
                f"{which} bij coordinatoren in eenplan.toml, en stuur het overzicht in "
                f"{shown(self.kept) if self.kept else 'rapporten/'} zelf door naar wie het niet "
                "kreeg.")

    def refusal_unnamed(self, coordinators: Sequence[str], shown: Callable[[Path], str] = str) -> str:
        """The same for a log: the refused addresses by their place in coordinatoren, never the
        addresses themselves (they hold names)."""
        if not self.refused:
            return ""
        refused = {address.casefold() for address in self.refused}
        places = [str(n) for n, address in enumerate(coordinators, start=1)
                  if address.casefold() in refused] or ["?"]
        one = len(places) == 1
        return (f"De mailserver weigerde het overzicht van week {self.number} voor "
                f"{plural(len(self.refused), 'coördinator', 'coördinatoren')} ("
                f"{'adres' if one else 'adressen'} {and_list(places)} bij coordinatoren in "
                f"eenplan.toml): verbeter {'dat adres' if one else 'die adressen'}, en stuur het "
                f"overzicht in {shown(self.kept) if self.kept else 'rapporten/'} zelf door naar wie "
                "het niet kreeg.")

    @property
    def number(self) -> int:
        """The week's number as the subject says it (1, not 01)."""
        return week_number(self.week)


def make_digest(
    team: Team, items: Sequence[OverdueItem], *, today: datetime.date, sent_at: datetime.datetime,
    flow_titles: Mapping[str, str], how: DigestMode = "preview", eml_dir: Path | None = None,
    password: str | None = None, missing: str = "", names: Iterable[str] = (),
    judged: int | None = None, caution: str = "", week: str | None = None,
    by: SentBy = "hand", again: bool = False, sheets_unread: int = 0,
    dossiers_title: str = DOSSIERS,
) -> DigestResult:
    """Build the digest; then, by ``how``: "preview" (nothing else), "eml" (write it into
    ``eml_dir``) or "smtp" (send it; on failure the .eml stays in rapporten/ and MailError
    says where; with no mail server in eenplan.toml, it is written to rapporten/ as for "eml").
    A digest written or sent is remembered in the state, for next week's change.

    "smtp" sends the week's digest once, whoever sends it (``by``: the watcher, or a person):
    the sending is claimed in the state (``State.sending``), so the watcher and `eenplan digest
    --send` at the same moment do not both send it. The one that does not send writes nothing
    and says why (``DigestResult.earlier``: it went already; ``busy``: another is sending it
    now). ``again``: a person sends it once more on purpose (`--opnieuw`), still claimed, so
    two at once send it once.

    ``missing``: the sentence about a column a norm needs that the workbook lacks; the mail
    then says so and counts nothing (and has no attachment), but is written or sent all the
    same, so the coordinators learn it. ``names``: the team's begeleiders (Lijsten), so that one
    with nothing left this week still shows, with the change since last week. ``judged``: the
    open dossiers looked at (``digest_text``; ``dossiers_title``: Dossiers as the team's workbook names
    it). ``caution``: a sentence the mail says before its
    counts (the Begeleider column missing: every dossier would read as one without a begeleider).
    ``sheets_unread``: how many sheets eenplan did not read look like one it read (the caution
    names them): the subject says it, and nothing late is said of what was read only.
    ``week``: the ISO week it is remembered under (the watcher's digest of last week, sent late,
    is last week's); by default the digest week of ``today`` (``digest_week``: with a Friday
    digest, a Wednesday's is that of the Friday before), as the watcher names it, so one goes
    per digest week whoever sends it.
    """

    settings = team.settings
    week = week or digest_week(today, settings.digest.weekday)
    unjudged = dataclasses.replace(Unjudged(missing=missing) if missing else Unjudged.of(items),
                                   caution=caution, sheets_unread=sheets_unread)
    counts = {"missing": missing} if missing else digest_counts(items, flow_titles)
    # last week's begeleiders, found again by the names known now (the state keeps no name)
    known = {who for key in _PER_BEGELEIDER.values() for who in counts.get(key, {})} | set(names)
    with State(team.state_dir, root=team.base) as state:
        previous = state.previous_digest(week)
        before = named(previous.counts, known, state.keys) if previous else None
    text = digest_text(counts, before, today=today, team_name=settings.team_name,
                       unjudged=unjudged, judged=judged, week=week,
                       previous_on=previous.sent_at.date() if previous else None,
                       dossiers_title=dossiers_title)
    if how == "preview":
        return DigestResult(week, counts, text, None, (), unjudged=unjudged)
    attachment = (None if missing else
                  overdue_report_bytes(items, today=today, team_name=settings.team_name,
                                       judged=judged, caution=caution, dossiers_title=dossiers_title))
    message = build_message(text, attachment=attachment, mail=settings.mail, sent_at=sent_at)
    name = f"Achterstand {week}.eml"
    no_server = how == "smtp" and not settings.mail.host
    if how == "smtp" and not no_server and not settings.mail.from_address:
        raise MailError(NO_SENDER)  # before the claim: nothing sent, written or remembered
    data = bytes(message)

    def keep(folder: Path) -> Written:
        """The .eml in ``folder``, never over one someone changed (``write_kept``)."""
        return write_kept(folder / name, lambda at: at.write_bytes(data), team=team)

    def left(written: Written) -> str:
        return written.kept_sentence(lambda path: _shown(path, team.base))

    if how == "eml" or no_server:
        folder = team.reports_dir if no_server or eml_dir is None else eml_dir
        written = keep(folder)
        with State(team.state_dir, root=team.base) as state:
            state.record_digest(week, how="eml", counts=counts, at=sent_at)
        return DigestResult(week, counts, text, written.path, (), no_server=no_server,
                            unjudged=unjudged, written=written)
    key = digest_key(week)

    def accepted() -> None:  # remembered the moment the server took it (see send)
        with state.batch():  # in one write, which ends the claim
            # the figures next week's digest compares with are those of this week's as first
            # sent: one sent once more (`--opnieuw`, hours later) keeps them, else next week's
            # "(+2)" would be against figures only hours old, not against last week's digest
            first = state.digest(week)
            if first is None or first.how != "smtp":
                state.record_digest(week, how="smtp", counts=counts, at=sent_at)
            state.record_mail(key, kind="digest", detail={"week": week, "by": by}, at=sent_at)
        kept.unlink(missing_ok=True)  # no copy left behind that someone would send again

    with State(team.state_dir, root=team.base) as state:
        earlier = state.mail(key)
        if earlier is not None and not again:
            return DigestResult(week, counts, text, None, (), unjudged=unjudged, earlier=earlier,
                                weekday=settings.digest.weekday)
        # a digest the server refused for good itself (its sender, its message) is not offered
        # again this week until what it goes with changes: [mail] in eenplan.toml (the server,
        # the sender, the coordinators); or `digest --send --opnieuw`, mended at the server
        tried = state.keys.attempt(", ".join(settings.mail.coordinators), server_of(settings.mail))
        refused_before = state.refusal(key)
        if refused_before is not None and refused_before.tried == tried and not again:
            written = keep(team.reports_dir)
            return DigestResult(week, counts, text, None, (), unjudged=unjudged,
                                message_refused=refused_before, kept=written.path, written=written)
        with state.sending(key, seen=earlier) as claim:
            if claim == SENT:  # another sent it since this one looked
                return DigestResult(week, counts, text, None, (), unjudged=unjudged,
                                    earlier=state.mail(key))
            if claim == BUSY:  # no copy written either: it would be sent on by hand
                return DigestResult(week, counts, text, None, (), unjudged=unjudged, busy=True)
            written = keep(team.reports_dir)
            kept = written.path
            try:
                refused = send_as_team(message, settings.mail, password=password, state=state,
                                       at=sent_at, retry=again, accepted=accepted)
            except RecipientsRefused as exc:
                if not exc.permanent:  # a server that may take them later: as for one that is down
                    raise DigestNotSent(str(exc), _shown(kept, team.base),
                                        left=left(written)) from None
                refused = dict(exc.refused)  # wrong addresses: to mend, not to try again and again
            except MessageRefused as exc:
                if not exc.permanent:  # for now (a 4xx): tried again at the next round
                    raise DigestNotSent(str(exc), _shown(kept, team.base),
                                        left=left(written)) from None
                state.record_refusal(key, tried=tried, answer=exc.answer, refused=exc.at,
                                     at=sent_at)
                return DigestResult(week, counts, text, None, (), unjudged=unjudged, kept=kept,
                                    message_refused=Refusal(key, "", tried, sent_at,
                                                            exc.answer, exc.at), written=written)
            except LoginRefused as exc:
                raise DigestNotSent(str(exc), _shown(kept, team.base), login=exc.permanent,
                                    left=left(written)) from None
            except MailError as exc:
                raise DigestNotSent(str(exc), _shown(kept, team.base), left=left(written)) from None
    if refused:  # the copy for whoever did not get it (the server's OK removed it)
        written = keep(team.reports_dir)
    gone = {address.casefold() for address in refused}
    return DigestResult(week, counts, text, None,
                        tuple(c for c in settings.mail.coordinators if c.casefold() not in gone),
                        unjudged=unjudged, refused=refused, kept=written.path if refused else None,
                        written=written if refused else None)


def _shown(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


# -- each begeleider's week --------------------------------------------------------------------


@dataclass(frozen=True)
class WeekMail:
    """What became of one begeleider's weekly mail."""

    begeleider: str
    text: WeekText
    outcome: str  # preview, sent, eml, already (sent earlier this week), no-address, failed,
    # refused (the server refused the address itself for good, now or earlier this week: to mend
    # on Lijsten, not tried again until it or [mail] changes, or `--opnieuw`),
    # busy (another eenplan is sending it right now: not sent here, not written as .eml),
    # message-refused (the server refused the mail itself for good, its sender or its message,
    # now or earlier this week: not offered again until the address or [mail] changes, or
    # `--opnieuw`), login-refused (the server refused eenplan's password: no mail goes until
    # it or [mail] changes)
    path: Path | None = None  # the .eml written (eml; failed, refused: kept in rapporten/)
    problem: str = ""  # why it did not go (no-address, failed, refused), in Dutch
    unknown: int = 0  # the begeleider's dossiers eenplan could not judge (or 1: a column missing)
    left: tuple[Path, ...] = ()  # .eml files at its name left as they are: someone changed them


def week_lines(mails: Sequence[WeekMail], *, shown: Callable[[Path], str] = str) -> str:
    """What `eenplan digest --begeleiders` says: each mail in full (preview), or one line each."""
    if not mails:
        return "Geen enkele begeleider heeft een open dossier: er is geen week om te sturen."
    lines: list[str] = []
    said: set[str] = set()  # a problem said once (the password: the same for every mail)
    for mail in mails:
        if mail.outcome == "preview":
            lines += [f"Onderwerp: {mail.text.subject}", "", mail.text.text.rstrip(), "", "-" * 60, ""]
        elif mail.outcome == "sent":
            lines.append(f"{mail.begeleider}: verstuurd.")
        elif mail.outcome == "already":
            lines.append(f"{mail.begeleider}: deze week al verstuurd, niet opnieuw.")
        elif mail.outcome == "login-refused" and mail.problem in said:
            lines.append(f"{mail.begeleider}: niet verstuurd (het wachtwoord, zie hierboven).")
        elif mail.outcome == "busy":
            lines += textwrap.wrap(f"{mail.begeleider}: {mail.problem}", 78, subsequent_indent="  ")
        elif mail.outcome == "eml":
            assert mail.path is not None
            lines.append(f"{mail.begeleider}: bewaard in {shown(mail.path)}.")
        else:
            kept = f" De mail staat klaar in {shown(mail.path)}." if mail.path else ""
            lines += textwrap.wrap(f"{mail.begeleider}: niet verstuurd. {mail.problem}{kept}", 78,
                                   subsequent_indent="  ")
            said.add(mail.problem)
        if mail.left and mail.path is not None:
            lines += textwrap.wrap(Written(mail.path, mail.left).kept_sentence(shown), 78,
                                   initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines).rstrip()


WEEK_OUTCOMES = ("preview", "sent", "eml", "already", "no-address", "failed", "refused", "busy",
                 "message-refused", "login-refused")


def make_begeleider_weeks(
    team: Team, caseload: Caseload, items: Sequence[OverdueItem], *, today: datetime.date,
    sent_at: datetime.datetime, how: DigestMode = "preview", eml_dir: Path | None = None,
    password: str | None = None, missing: str = "", week: str | None = None, retry: bool = False,
) -> tuple[WeekMail, ...]:
    """Each begeleider's week: previewed, written as .eml (into ``eml_dir``), or sent ("smtp",
    each once a week: the state remembers it by a hash of the name). A begeleider without an
    e-mail address on Lijsten, or whose mail the server refuses, does not stop the others: their
    outcome says why, and a refused mail stays as .eml in rapporten/ ("refused" when the server
    refused the address itself, with a 5xx: mending it on Lijsten helps, trying again does not).
    ``week``: the ISO week the mails are remembered under, as for the digest (the watcher's
    round of last week, finished late, is last week's: a mail that went then does not go
    again); by default the digest week of ``today``, as the digest's. A week the server refused
    for good (a 5xx), for its address or itself (its sender, its message), is remembered by the
    week's key (a hash of the name) and what it was tried with (a hash of the address and
    [mail]), and not offered again this week until the address or [mail] changes; ``retry``
    offers it all the same (`digest --begeleiders --send --opnieuw`)."""
    settings = team.settings
    week = week or digest_week(today, settings.digest.weekday)
    results = []
    for one in begeleider_weeks(caseload, items, today=today):
        text = week_text(one, today=today, team_name=settings.team_name,
                         names=settings.digest.names, missing=missing)
        unknown = 1 if missing else one.unjudged_dossiers
        if how == "preview":
            results.append(WeekMail(one.begeleider, text, "preview", unknown=unknown))
            continue
        name = safe_name(f"Jouw week {week} - {one.begeleider}", ".eml")

        def keep(message: EmailMessage, folder: Path = team.reports_dir, name: str = name) -> Written:
            """The .eml in ``folder``, never over one someone changed (``write_kept``); its name
            holds the begeleider's, which the state keeps by a keyed hash only."""
            data = bytes(message)
            return write_kept(folder / name, lambda at: at.write_bytes(data), team=team,
                              private_name=True)

        if how == "eml":
            written = keep(_week_message(text, one.email, settings.mail, sent_at),
                           eml_dir or team.reports_dir)
            results.append(WeekMail(one.begeleider, text, "eml", written.path, unknown=unknown,
                                    left=written.kept))
            continue
        if not one.email:
            first = one.begeleider.split()[0]
            gap = caseload.column_gap(LISTS, BEGELEIDER_EMAIL)
            results.append(WeekMail(one.begeleider, text, "no-address", unknown=unknown, problem=(
                # a header misspelt ("Email begeleider"): the column to fill is there already
                gap.sentence(f"{first} de week niet sturen") if gap is not None and gap.near else
                f"Geen e-mailadres op het blad {caseload.title(LISTS)}: vul de kolom "
                f"{caseload.header(LISTS, BEGELEIDER_EMAIL)} in, dan "
                f"krijgt {first} het volgende week.")))
            continue
        with State(team.state_dir, root=team.base) as state:
            key = state.mail_key(f"week/{week}", one.begeleider)
            # claimed for this process alone: `eenplan digest --begeleiders --send` at the moment
            # the watcher sends the weeks does not send one twice
            tried = state.keys.attempt(one.email, server_of(settings.mail))
            before = state.refusal(key)
            if before is not None and before.tried == tried and not retry and state.mail(key) is None:
                written = keep(_week_message(text, one.email, settings.mail, sent_at))
                if before.refused == REFUSED_ADDRESS:  # the address itself: to mend on Lijsten
                    results.append(WeekMail(one.begeleider, text, "refused", written.path,
                                            unknown=unknown, left=written.kept,
                                            problem=_week_address_refused(one.email, before.answer,
                                                                          on=before.refused_at.date(),
                                                                          caseload=caseload)))
                    continue
                results.append(WeekMail(one.begeleider, text, "message-refused", written.path,
                                        unknown=unknown, problem=_week_refused(before),
                                        left=written.kept))
                continue
            with state.sending(key, seen=None) as claim:
                if claim == SENT:
                    results.append(WeekMail(one.begeleider, text, "already", unknown=unknown))
                    continue
                if claim == BUSY:
                    results.append(WeekMail(one.begeleider, text, "busy", unknown=unknown, problem=(
                        "wordt op dit moment verstuurd door een andere eenplan (de watcher, of "
                        "iemand met `eenplan digest --begeleiders --send`): probeer het straks "
                        "opnieuw, dan zie je of ze weg is.")))
                    continue
                message = _week_message(text, one.email, settings.mail, sent_at)
                try:  # each mail remembered the moment the server took it, not after the others
                    send_as_team(message, settings.mail, password=password, state=state,
                                 at=sent_at, retry=retry, to_coordinators=False,
                                 accepted=functools.partial(state.record_mail, key,
                                                            kind="begeleider-week",
                                                            detail={"week": week}, at=sent_at))
                except MailError as exc:
                    written = keep(message)
                    outcome, problem = "failed", str(exc)
                    if isinstance(exc, RecipientsRefused) and exc.permanent:
                        # remembered by the week's key (a hash of the name) and what it was tried
                        # with (a hash of the address and [mail]): not tried again this week,
                        # save after mending the address on Lijsten, or with `--opnieuw`
                        answer = next(iter(exc.refused.values()), "")
                        state.record_refusal(key, tried=tried, answer=answer, at=sent_at)
                        outcome, problem = "refused", _week_address_refused(one.email, answer,
                                                                            caseload=caseload)
                    elif isinstance(exc, MessageRefused) and exc.permanent:
                        state.record_refusal(key, tried=tried, answer=exc.answer, refused=exc.at,
                                             at=sent_at)
                        outcome = "message-refused"
                        problem = _week_refused(Refusal(key, "", tried, sent_at, exc.answer, exc.at))
                    elif isinstance(exc, LoginRefused) and exc.permanent:
                        outcome = "login-refused"
                    results.append(WeekMail(one.begeleider, text, outcome, written.path,
                                            problem=problem, unknown=unknown, left=written.kept))
                    continue
        results.append(WeekMail(one.begeleider, text, "sent", unknown=unknown))
    return tuple(results)


def _week_address_refused(address: str, answer: str, *, caseload: Caseload,
                          on: datetime.date | None = None) -> str:
    """Why a begeleider's week did not go: the mail server refused the address for good (a 5xx),
    now (``answer`` in full) or earlier this week (``on``: the day the state remembers; its
    code), and when eenplan tries it again; the sheet and column as ``caseload``'s workbook
    names them."""
    when = f" op {short_date(on)}" if on is not None else ""
    said = f" ({answer})" if answer else ""
    return (f"De mailserver weigerde{when} het e-mailadres {address.strip()}{said}: verbeter het "
            f"op het blad {caseload.title(LISTS)} (kolom {caseload.header(LISTS, BEGELEIDER_EMAIL)}); "
            "eenplan probeert het deze week pas "
            "opnieuw als het adres of [mail] in eenplan.toml verandert, of met `eenplan digest "
            "--begeleiders --send --opnieuw`.")


def _week_refused(refusal: Refusal) -> str:
    """Why a begeleider's week did not go: the server refused the mail itself for good, on the
    day the state remembers, and when eenplan offers it again."""
    code = answer_code(refusal.answer)
    what = "de afzender van de mail" if refusal.refused == REFUSED_SENDER else "de mail"
    return (f"De mailserver weigerde op {short_date(refusal.refused_at.date())} {what}"
            f"{f' ({code})' if code else ''}, niet om het adres: vraag wie de mailserver beheert "
            "waarom, en kijk [mail] in eenplan.toml na; eenplan biedt ze deze week pas opnieuw aan "
            "als het adres of [mail] verandert, of met `eenplan digest --begeleiders --send "
            "--opnieuw`.")


def _week_message(text: WeekText, to: str, mail: MailSettings,
                  sent_at: datetime.datetime) -> EmailMessage:
    message = new_message(text.subject, to=to, mail=mail, sent_at=sent_at)
    message.set_content(text.text)
    message.add_alternative(text.html, subtype="html")
    return message
