"""Invitations by e-mail: `eenplan invite DOSSIER --mail`, and the watcher when the team turns it on.

    sent = mail_invitations(team, caseload, "2026-014", None, today=today, now=now)
    sent.outcomes  # one per person who agreed (Netwerk: Per e-mail = ja), with what became of it

Each network member who agreed gets their own letter as a PDF and the round-table as a calendar
invitation (.ics, METHOD:REQUEST), from the team's mail server ([mail] in eenplan.toml). Each
person gets each version of a round-table once: the state remembers what went out by dossier
number, round-table and a hash of the person, with what the letter says and a keyed hash of the
address, never a name or an address. A round-table that moves (another day, hour or place) sends
an update of the same calendar event (same UID, a higher SEQUENCE), and the letters of its old day
in out/ get "(vervallen)" in their name; a letter made again with other content (the family's
language changed) goes again as a new version of it; an address corrected on Netwerk gets the
invitation. No mail goes with a letter that could not be written (open in Word): that person's
mail waits for it.

A round-table that is called off sends a cancellation (METHOD:CANCEL) to whoever had it by
e-mail, and its letters get "(vervallen)": one that is no longer on Rondetafels, and every one
still ahead of a dossier that was closed. So does a person no longer invited (Uitnodigen = nee,
their row on Netwerk gone) get one, for them alone. Whoever had their letter on paper, or can no
longer be reached by e-mail, the team must tell: ``CalledOff`` counts them, and the outcomes name
them (for the terminal; the watcher's log holds no names).

Which round-table is which meeting (its calendar UID) is not its row on Rondetafels, which
changes when a row above it is deleted or the sheet is sorted: each version is matched to the
meetings the state remembers, within the dossier (``meetings.match``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from eenplan.docx_templates.context import INVITATION, clean, courtesy_of, family_names, guests_of
from eenplan.docx_templates.documents import (
    CANCELLED_NAME,
    OUTDATED,
    Made,
    calendar_bytes,
    choose_round_table,
    find_dossier,
    letter_names,
    letter_stem,
    letter_subject,
    plan_invitations,
    reading_language,
    run,
)
from eenplan.docx_templates.meetings import Known, hour_of, match
from eenplan.docx_templates.team_calendar import new_uid
from eenplan.dutch import DUTCH, long_date, long_date_and_hour, plural, short_date
from eenplan.dutch import language as in_language
from eenplan.errors import DossierError, EenplanError
from eenplan.files import files_inside, inside, safe_name
from eenplan.flows.digest import (
    LoginRefused,
    MailError,
    MessageRefused,
    RecipientsRefused,
    new_message,
    send_as_team,
    server_of,
)
from eenplan.sheets.cells import EMAIL
from eenplan.sheets.findings import in_team_titles
from eenplan.sheets.names import Courtesy, TitleKind
from eenplan.sheets.records import Caseload, Dossier, NetworkMember, RoundTable, in_family, invitees_of
from eenplan.sheets.schema import NETWORK, ROUND_TABLES
from eenplan.team.folder import Team
from eenplan.team.settings import NO_SENDER
from eenplan.team.state import (
    BUSY,
    REFUSED_ADDRESS,
    REFUSED_SENDER,
    SENT,
    Generated,
    Mail,
    Refusal,
    State,
    answer_code,
)

PDF_TYPE = ("application", "pdf")
# what a person's invitation by e-mail is, in the state: sent, changed, called off (for them)
INVITED, UPDATED, CANCELLED = "invitation", "update", "cancel"
LIVE = (INVITED, UPDATED)  # they have the meeting in their agenda
# why a round-table no longer holds for someone who was invited to it
GONE, CLOSED, UNINVITED = "gone", "closed", "uninvited"


class NoMailServer(EenplanError):
    """Invitations by mail without a mail server in eenplan.toml."""


@dataclass(frozen=True)
class MailOutcome:
    """What became of one person's invitation by e-mail (``who`` is for the terminal only)."""

    who: str
    # sent, updated, cancelled, already, no-address, bad-address, failed, busy (another eenplan
    # is sending it right now), refused (the server refused the address for good: not again
    # until the address changes), message-refused (the server refused the mail itself for good,
    # its sender or its message, a 5xx: not again until the letter, the address or the mail
    # server changes, or `invite --mail --opnieuw`), held (its letter could not be written, open
    # in Word: the mail waits for it); and of a round-table called off: paper (their letter was
    # on paper), unreachable (had it by e-mail, and no address is left to tell them): the team
    # tells them
    outcome: str
    problem: str = ""  # what went wrong, or what the team must do, in one sentence
    row: int = 0  # the person's row on Netwerk: to say it without a name (the watcher's log)
    code: str = ""  # refused, message-refused: the mail server's code ("554 5.0.0"), no address


@dataclass(frozen=True)
class CalledOff:
    """A round-table that no longer holds for people who were invited to it: for all of them
    (``why``: GONE, its row is no longer on Rondetafels; CLOSED, the dossier was closed) or for
    those no longer invited (UNINVITED). Counts only: the watcher's log holds no names."""

    day: datetime.date
    why: str
    mailed: int = 0  # cancellations the mail server took
    unsent: int = 0  # cancellations it did not take (said with the outcomes; tried again)
    on_paper: int = 0  # guests whose letter was on paper: the team tells them
    family_on_paper: bool = False  # the family's letter was on paper (GONE: the team tells them)
    unreachable: int = 0  # had it by e-mail, and eenplan cannot reach them any more (no
    # address left on Netwerk, or one the mail server refused for good)
    outdated: tuple[Path, ...] = ()  # their letters, now with "(vervallen)" in their name
    uninvited: int = 0  # UNINVITED: how many people


@dataclass(frozen=True)
class MailedInvitations:
    dossier: str
    made: Made | None  # the letters (and PDFs) made for it; None for a cancellation only
    outcomes: tuple[MailOutcome, ...]
    outdated: tuple[Path, ...] = ()  # old letters renamed with "(vervallen)"
    called_off: tuple[CalledOff, ...] = ()

    @property
    def failed(self) -> bool:
        return any(o.outcome in UNSENT for o in self.outcomes)

    @property
    def refused(self) -> tuple[MailOutcome, ...]:
        """The people whose address the mail server refused for good (now or earlier)."""
        return tuple(o for o in self.outcomes if o.outcome == "refused")

    @property
    def message_refused(self) -> tuple[MailOutcome, ...]:
        """The mails the mail server refused for good themselves, not an address (now or
        earlier): not tried again until what they are tried with changes."""
        return tuple(o for o in self.outcomes if o.outcome == MESSAGE_REFUSED)

    @property
    def login_refused(self) -> str:
        """The sentence of a login the mail server refused for good (the password), "" if not."""
        return next((o.problem for o in self.outcomes if o.outcome == LOGIN_REFUSED), "")

    @property
    def held(self) -> bool:
        """A mail waits for its letter, which could not be written (open in Word)."""
        return any(o.outcome == "held" for o in self.outcomes)


MESSAGE_REFUSED = "message-refused"
# the mail server refused eenplan's login for good (a 535: the password): no mail goes until the
# password or [mail] changes, or `--opnieuw`; the same for every mail, so said once
LOGIN_REFUSED = "login-refused"
# what did not go
UNSENT = ("no-address", "bad-address", "failed", "busy", "refused", MESSAGE_REFUSED, "held",
          LOGIN_REFUSED)


def version_of(table: RoundTable) -> str:
    """What a person was told: the day, the hour and the place."""
    data = f"{table.date}|{table.time}|{' '.join(table.location.split())}"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _key(state: State, dossier: str, uid: str, member: NetworkMember) -> str:
    return state.mail_key(f"{INVITATION}/{dossier}/{uid.split('@')[0]}", member.name)


def _person(mail: Mail) -> str:
    """The keyed hash of the person a mail went to (the end of its key)."""
    return mail.key.rsplit("/", 1)[1]


def consenting(members: Sequence[NetworkMember]) -> list[NetworkMember]:
    return [m for m in members if m.by_mail and m.name.strip()]


@dataclass(frozen=True)
class Ahead:
    """The dossiers that have invitations for a round-table from today on: by e-mail (someone
    has it in their agenda), or letters in out/."""

    mailed: frozenset[str] = frozenset()
    lettered: frozenset[str] = frozenset()


def invited_ahead(state: State, today: datetime.date) -> Ahead:
    """Which dossiers have invitations ahead (``Ahead``): one look at the state for them all."""
    mailed = {m.dossier for m in state.mails(prefix=f"{INVITATION}/", kinds=LIVE)
              if str(m.detail.get("date", "")) >= today.isoformat()}
    return Ahead(frozenset(mailed), frozenset(state.dossiers_with_documents(INVITATION, since=today)))


def known_meetings(mails: Iterable[Mail]) -> list[Known]:
    """The meetings a dossier's invitation mails tell of, one a calendar event: where the last
    of them said it was (those still in someone's agenda first), and whether it still is."""
    by_uid: dict[str, list[tuple[Mail, datetime.date]]] = defaultdict(list)
    for mail in mails:
        uid = str(mail.detail.get("uid", ""))
        try:
            day = datetime.date.fromisoformat(str(mail.detail.get("date", "")))
        except ValueError:
            continue
        if uid:
            by_uid[uid].append((mail, day))
    known = []
    for uid, told in by_uid.items():
        live = [(m, d) for m, d in told if m.kind in LIVE]
        last, day = max(live or told, key=lambda t: (t[0].sent_at, int(t[0].detail.get("sequence", 0))))
        hour = last.detail.get("time")
        known.append(Known(uid, day, None if hour is None else str(hour), live=bool(live)))
    return known


@dataclass
class _Memory:
    """What the state remembers of a dossier's invitations, matched to this version."""

    mails: list[Mail]  # its invitation mails
    people: dict[str, NetworkMember]  # the hash a mail's key ends in -> who that is on Netwerk now
    uids: dict[int, str]  # each planned round-table's row -> its calendar event
    gone: tuple[Known, ...]  # meetings ahead no round-table is any more
    keys: dict[str, str] = field(default_factory=dict)  # a network member's name -> their hash
    # a planned round-table's row -> the guests' letters made for its day that no guest invited
    # now seems to have (by their names; ``_uninvite`` looks closer)
    stray: dict[int, list[Generated]] = field(default_factory=dict)

    def live(self, uid: str) -> list[Mail]:
        """The mails of the meeting ``uid`` whose people still have it in their agenda."""
        return [m for m in self.mails if m.detail.get("uid") == uid and m.kind in LIVE]


def _planned(caseload: Caseload, dossier: Dossier, today: datetime.date) -> list[RoundTable]:
    """The dossier's round-tables with a date; of a closed dossier, only those before today:
    those still ahead do not go on."""
    return [t for t in caseload.round_tables_of(dossier.id)
            if t.date is not None and (dossier.is_open or t.date < today)]


def _memory(state: State, dossier: Dossier, network: Sequence[NetworkMember],
            planned: Sequence[RoundTable], today: datetime.date) -> _Memory:
    """All the state says of the dossier's invitations, in one look (most saves change nothing
    in them: nothing else is opened)."""
    members = {m.name: m for m in network if m.name.strip()}
    people = {key: members[name] for key, name in state.people(members).items()}
    mails = [m for m in state.mails_of(dossier.id) if m.key.startswith(f"{INVITATION}/")]
    known = known_meetings(mails)
    found = match(known, planned, today=today)
    uids = dict(found.uids)
    taken = {k.uid for k in known}
    for table in planned:
        if table.row not in uids:
            uids[table.row] = uid = new_uid(state.keys, dossier.id, table, taken)
            taken.add(uid)
    letters = [r for r in state.generated_for(dossier.id, INVITATION) if not r.document.endswith("/gezin")]
    stray = {}
    for table in planned:
        if table.date is None or table.date < today:
            continue
        when = table.date.isoformat()
        guests = {state.keys.document(letter_subject(when, m, clean(m.name)))
                  for m in guests_of(table, network)[0]}
        if found_stray := [r for r in letters if r.document.split("/")[0] == when
                           and r.document not in guests]:
            stray[table.row] = found_stray
    return _Memory(mails, people, uids, found.gone,
                   {m.name: state.keys.person(m.name) for m in members.values()}, stray)


def mail_invitations(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
                     today: datetime.date, now: datetime.datetime,
                     letters: bool = True, retry: bool = False) -> MailedInvitations:
    """Send each consenting invitee of the round-table their letter and calendar invitation (or
    its update), and call off what no longer holds (a round-table gone, every one ahead of a
    closed dossier, a person no longer invited); each version to each person once.
    ``letters``: with nothing to mail, still make the letters (the watcher makes them itself).
    ``retry``: try again the mails the mail server refused for good, also when nothing they are
    tried with changed (it was mended at the mail server: `invite --mail --opnieuw`)."""
    settings = team.settings
    if not settings.mail.host:
        raise NoMailServer("Uitnodigingen per e-mail gaan via de mailserver van het team, en "
                           "eenplan.toml noemt er geen: vul [mail] server en afzender in. De "
                           "brieven zelf maakt `eenplan invite` zonder --mail.")
    if not settings.mail.from_address:
        raise NoMailServer(NO_SENDER)
    password = os.environ.get(settings.mail.password_env)
    dossier = find_dossier(caseload, number)
    network = caseload.network_of(dossier.id)
    planned = _planned(caseload, dossier, today)
    try:
        table: RoundTable | None = choose_round_table(caseload, dossier, day, today=today, ahead=True)
    except DossierError as exc:
        table, none_ahead = None, exc
    invited = guests_of(table, network)[0] if table is not None else ()  # the family: its own letter
    # ... which goes to each of the family who wants their letters by e-mail
    family = [m for m in consenting(network) if in_family(m)]
    wanted = [*consenting(invited), *family] if table is not None and table in planned else []
    version = version_of(table) if table is not None else ""
    # the letters, planned once: for what each says, and to make them (not when nobody is mailed
    # and the caller makes the letters itself: the watcher, for every round-table at every save)
    letters_planned = (plan_invitations(team, caseload, dossier.id, table.date, today=today)
                       if table is not None and table.date is not None and (wanted or letters)
                       else None)
    stems: dict[NetworkMember, str] = {}
    letter: dict[NetworkMember, str] = {}
    addressed: dict[NetworkMember, str] = {}  # whom each one's letter is addressed to
    if wanted and table is not None and table.date is not None and letters_planned is not None:
        named = letter_names(team, caseload, dossier, table, invited, today=today)
        addressed = {member: name for member, name in named if member}
        addressed.update((member, next(name for who, name in named if who is None)) for member in family)
        stems = {member: letter_stem(table.date.isoformat(), name) for member, name in addressed.items()}
        # what each letter says (its data and its language; not its template's wording, so a team
        # that mends a typo, or an eenplan whose default letter reads better, mails nobody again): a
        # letter made again with other content goes again, as a new version of the same appointment
        made_from = {o.stem: o.content for o in letters_planned.outputs if o.kind == INVITATION}
        letter = {m: made_from.get(stems[m], "") for m in wanted}
    with State(team.state_dir, root=team.base) as state:
        memory = _memory(state, dossier, network, planned, today)
        uid = memory.uids[table.row] if wanted and table is not None else ""
        # what each was sent before (none of it is called off below: other meetings, other people)
        earlier = {m: state.mail(_key(state, dossier.id, uid, m)) for m in wanted}
        refusals = {m: state.refusal(_key(state, dossier.id, uid, m)) for m in wanted}
        # an address refused is tried again with another letter, or another mail server
        tried = {m: state.keys.attempt(m.email, f"{version}|{letter[m]}|{server_of(settings.mail)}")
                 for m in wanted}
        to = {m: state.keys.address(m.email) for m in wanted}
    outcomes: list[MailOutcome] = []
    called: list[CalledOff] = []
    why = GONE if dossier.is_open else CLOSED
    for meeting in memory.gone:
        called.append(_call_off(team, dossier, network, memory, meeting.uid, meeting.day, why,
                                outcomes, now=now, password=password, retry=retry))
    if not dossier.is_open:  # letters ahead of a round-table no one had by e-mail: void too
        with State(team.state_dir, root=team.base) as state:
            days = sorted({r.document.split("/")[0] for r in state.generated_for(dossier.id, INVITATION)
                           if r.document.split("/")[0] >= today.isoformat()}
                          - {k.day.isoformat() for k in memory.gone})
        for other in days:
            with_letters = _call_off(team, dossier, network, memory, "", datetime.date.fromisoformat(other),
                                     CLOSED, outcomes, now=now, password=password, retry=retry)
            if with_letters.outdated:
                called.append(with_letters)
    for other_table in planned:
        if other_table.date is not None and other_table.date >= today:
            uninvited = _uninvite(team, caseload, dossier, network, memory, other_table, outcomes,
                                  today=today, now=now, password=password, retry=retry)
            if uninvited is not None:
                called.append(uninvited)
    if table is None:
        if outcomes or called:  # the round-table was dropped, and no other is planned
            return MailedInvitations(dossier.id, None, _as_the_team_says(outcomes, caseload),
                                     called_off=tuple(called))
        raise none_ahead
    why_not = ""
    if not dossier.is_open:
        why_not = f"dossier {dossier.id} is afgesloten"
    elif table.date is not None and table.date < today:
        why_not = f"de rondetafel was op {short_date(table.date)}, voor vandaag"
    if why_not:
        if outcomes or called:  # what was called off, went: nothing else does
            return MailedInvitations(dossier.id, None, _as_the_team_says(outcomes, caseload),
                                     called_off=tuple(called))
        raise DossierError(f"eenplan verstuurt geen uitnodigingen per e-mail: {why_not}. Zijn de "
                           "brieven toch nodig, maak ze dan zonder --mail en kijk ze na.")
    change: dict[NetworkMember, str] = {}
    to_send = []
    for member in wanted:
        before, refused = earlier[member], refusals[member]
        news = _news(before, version=version, letter=letter[member], to=to[member],
                     address=member.email)
        if news is None:
            outcomes.append(MailOutcome(member.name, "already"))
        elif refused is not None and refused.tried == tried[member] and not retry:
            outcomes.append(_remembered(member, refused, number=dossier.id))  # the same: not tried
        else:
            change[member] = news
            to_send.append(member)
    if not to_send:  # nothing to mail: the letters are made as `eenplan invite` makes them
        made = run(team, letters_planned, now=now) if letters_planned is not None and letters else None
        return MailedInvitations(dossier.id, made, tuple(outcomes), called_off=tuple(called))
    assert letters_planned is not None  # someone to mail, of a round-table with a date ahead
    made = run(team, letters_planned, pdf=True, now=now)
    pdfs = {p.name: p for p in (*made.written, *made.unchanged) if p.suffix == ".pdf"}
    outdated: list[Path] = []
    for member in to_send:
        address = member.email.strip()
        if not address:
            outcomes.append(MailOutcome(member.name, "no-address", (
                f"{member.name} wil de uitnodiging per e-mail, maar bij "
                f"{caseload.header(NETWORK, 'email')} op het blad {caseload.title(NETWORK)} staat geen "
                f"adres: vul het in, of zet {caseload.header(NETWORK, 'by_mail')} op nee. De brief "
                "ligt klaar in out/."), row=member.row))
            continue
        if not EMAIL.fullmatch(address):
            outcomes.append(MailOutcome(member.name, "bad-address", (
                f"Het e-mailadres van {member.name} ({address}) is geen e-mailadres: verbeter "
                "het op het blad Netwerk. De brief ligt klaar in out/."), row=member.row))
            continue
        before = earlier[member]
        sequence = 0 if before is None else int(before.detail.get("sequence", 0)) + 1
        pdf = next((pdfs[name] for numbered in range(1, 100)
                    if (name := safe_name(stems[member], ".pdf", version=numbered)) in pdfs), None)
        if pdf is None:  # never a mail without its letter, nor with a letter of other data
            outcomes.append(MailOutcome(member.name, "held", _held(made, stems[member], dossier.id),
                                        row=member.row))
            continue
        reader = reading_language(dossier, member)
        ics = calendar_bytes(team, dossier, table, uid=uid, sequence=sequence, method="REQUEST",
                             attendee=address, language=reader)
        # told of it before (and not since called off for them): a change of what they have, or a
        # new version of the letter; else an invitation (also to a corrected address)
        kind = (change[member] if change[member] in ("update", "renewed")
                else "family" if member in family else "invitation")
        message = _message(team, dossier, table, address, sequence=sequence, pdf=pdf, ics=ics,
                           now=now, reader=reader, kind=kind, to_family=member in family,
                           courtesy=courtesy_of(member, dossier.family), addressed=addressed[member])
        assert table.date is not None
        with State(team.state_dir, root=team.base) as state:
            key = _key(state, dossier.id, uid, member)

            def accepted(state: State = state, key: str = key, before: Mail | None = before,
                         sequence: int = sequence, kind: str = kind, letter: str = letter[member],
                         to: str = to[member]) -> None:
                # remembered the moment the server took it (see send), not after the others
                assert table.date is not None
                state.record_mail(key, kind=INVITED if before is None or before.kind == CANCELLED
                                  else UPDATED, dossier=dossier.id,
                                  detail={"version": version, "sequence": sequence, "uid": uid,
                                          "date": table.date.isoformat(), "time": hour_of(table),
                                          "letter": letter, "to": to}, at=now)
                state.audit("uitnodiging-per-mail", dossier.id,
                            f"{'wijziging' if kind in ('update', 'renewed') else 'uitnodiging'}, volgnummer "
                            f"{sequence}", at=now)

            unsent = _send_once(state, key, member, message, team=team, dossier=dossier.id,
                                seen=before, tried=tried[member], password=password, now=now,
                                accepted=accepted, retry=retry)
        if unsent is not None:
            outcomes.append(unsent)
            continue
        if before is not None and before.detail.get("date") != table.date.isoformat():
            outdated += _mark_outdated(team, dossier, str(before.detail.get("date", "")))
        outcomes.append(MailOutcome(member.name, _OUTCOMES[change[member]]))
    return MailedInvitations(dossier.id, made, _as_the_team_says(outcomes, caseload),
                             tuple(dict.fromkeys(outdated)), tuple(called))


def _as_the_team_says(outcomes: Iterable[MailOutcome], caseload: Caseload) -> tuple[MailOutcome, ...]:
    """The outcomes with each sheet named as the team's workbook names it ([bladen]): their
    sentences are made deep in the sending and the calling off, where the caseload is not at hand."""
    titles = caseload.sheet_titles
    return tuple(dataclasses.replace(o, who=in_team_titles(o.who, titles),
                                     problem=in_team_titles(o.problem, titles)) for o in outcomes)


# what a person is sent (``_news``) -> what `invite --mail` says of it
_OUTCOMES = {"invitation": "sent", "new-address": "sent", "update": "updated", "renewed": "renewed"}


def _news(before: Mail | None, *, version: str, letter: str, to: str, address: str) -> str | None:
    """What a person is to be sent, or None when the mail ``before`` told them all of it:
    "invitation" (nothing yet, or called off for them since), "update" (the round-table's day,
    hour or place changed), "new-address" (it went to an address the person no longer has: the
    new one has nothing yet), "renewed" (the letter was made again with other content: another
    language, other data). A mail recorded by a version of eenplan that kept no letter or address
    is taken as of this letter and address: nothing is sent again for that."""
    if before is None or before.kind == CANCELLED:
        return "invitation"
    if before.detail.get("version") != version:
        return "update"
    if EMAIL.fullmatch(address.strip()) and before.detail.get("to", to) != to:
        return "new-address"  # (an address emptied or mistyped since: what went, went)
    if before.detail.get("letter", letter) != letter:
        return "renewed"
    return None


def _held(made: Made, stem: str, number: str) -> str:
    """Why a person's mail waits: their letter (or its PDF) could not be written."""
    names = {safe_name(stem, suffix, version=n) for suffix in (".docx", ".pdf") for n in range(1, 100)}
    failure = next((f for f in made.failed if f.path.name in names), None)
    why = (str(failure) if failure is not None else
           "eenplan kon de brief niet als PDF maken, en zonder brief gaat de mail niet weg.")
    return (f"{why} De mail gaat pas weg met de brief zoals hij nu is: bij de volgende ronde van "
            f"de watcher, of opnieuw met `eenplan invite {number} --mail`.")


def _call_off(team: Team, dossier: Dossier, network: Sequence[NetworkMember], memory: _Memory,
              uid: str, day: datetime.date, why: str, outcomes: list[MailOutcome], *,
              now: datetime.datetime, password: str | None, retry: bool) -> CalledOff:
    """A round-table that does not go on (``why``: GONE, CLOSED): a cancellation to each who has
    it in their agenda, "(vervallen)" on its letters, and who had theirs on paper counted (and
    named in ``outcomes``). ``uid`` "": a round-table no one had by e-mail (its letters only)."""
    told = _WHY[why].format(day=long_date(day))
    mails = memory.live(uid) if uid else []
    results = [_cancel(team, dossier, memory, mail, why, told, now=now, password=password,
                       retry=retry) for mail in mails]
    outcomes += results
    mailed = {_person(m) for m in mails}
    family_mailed = any(_person(m) == memory.keys.get(member.name) for m in mails
                        for member in network if in_family(member))
    with State(team.state_dir, root=team.base) as state:
        records = [r for r in state.generated_for(dossier.id, INVITATION)
                   if r.document.split("/")[0] == day.isoformat()]
        moved = _outdate_day(team, dossier, day.isoformat())
        held = [r for r in records if state.remembered([r], [was for was, _ in moved])]
        names = _names_of_letters(state, network, day)
    guests = [r for r in held if not r.document.endswith("/gezin")
              and r.document.rsplit("/", 1)[1] not in mailed]
    family = why == GONE and not family_mailed and any(r.document.endswith("/gezin") for r in held)
    for record in guests:
        outcomes.append(MailOutcome(names.get(record.document, "iemand die niet meer op het blad "
                                                                "Netwerk staat"), "paper", told))
    if family:
        outcomes.append(MailOutcome(clean(dossier.family) or "het gezin", "paper", told))
    return CalledOff(day, why, mailed=sum(o.outcome == "cancelled" for o in results),
                     unsent=sum(o.outcome in ("failed", "busy") for o in results), on_paper=len(guests),
                     family_on_paper=family,
                     unreachable=sum(o.outcome in ("unreachable", "refused", MESSAGE_REFUSED)
                                     for o in results),
                     outdated=tuple(to for _, to in moved))


def _uninvite(team: Team, caseload: Caseload, dossier: Dossier, network: Sequence[NetworkMember],
              memory: _Memory, table: RoundTable, outcomes: list[MailOutcome], *,
              today: datetime.date, now: datetime.datetime, password: str | None,
              retry: bool) -> CalledOff | None:
    """Those invited to ``table`` before and no longer (Uitnodigen = nee, their row on Netwerk
    gone): a cancellation for each who has it in their agenda, "(vervallen)" on their letter, and
    who had theirs on paper counted (and named in ``outcomes``). None when there are none."""
    assert table.date is not None
    when = table.date.isoformat()
    invited = invitees_of(table, network)[0]
    now_invited = {memory.keys[m.name] for m in network if m.name in memory.keys
                   and (in_family(m) or m in invited)}
    gone_mails = [m for m in memory.live(memory.uids[table.row]) if _person(m) not in now_invited]
    records = memory.stray.get(table.row, [])
    if not gone_mails and not records:
        return None
    with State(team.state_dir, root=team.base) as state:
        if records:  # by the names the letters have (two guests of one name told apart)
            letters = {state.keys.document(letter_subject(when, member, name))
                       for member, name in letter_names(team, caseload, dossier, table,
                                                        guests_of(table, network)[0], today=today)}
            records = [r for r in records if r.document not in letters]
        if not gone_mails and not records:
            return None
        names = _names_of_letters(state, network, table.date)
    told = _WHY[UNINVITED].format(day=long_date(table.date))
    results = [_cancel(team, dossier, memory, mail, UNINVITED, told, now=now, password=password,
                       retry=retry) for mail in gone_mails]
    outcomes += results
    moved = _outdate_letters(team, dossier, records)
    with State(team.state_dir, root=team.base) as state:
        held = [r for r in records if state.remembered([r], [was for was, _ in moved])]
    mailed = {_person(m) for m in gone_mails}
    paper = [r for r in held if r.document.rsplit("/", 1)[1] not in mailed]
    for record in paper:
        outcomes.append(MailOutcome(names.get(record.document, "iemand die niet meer op het blad "
                                                                "Netwerk staat"), "paper", told))
    if not results and not moved:  # told before: their letters have "(vervallen)" already
        return None
    people = mailed | {r.document.rsplit("/", 1)[1] for r in held}
    return CalledOff(table.date, UNINVITED, mailed=sum(o.outcome == "cancelled" for o in results),
                     unsent=sum(o.outcome in ("failed", "busy") for o in results), on_paper=len(paper),
                     unreachable=sum(o.outcome in ("unreachable", "refused", MESSAGE_REFUSED)
                                     for o in results),
                     outdated=tuple(to for _, to in moved), uninvited=len(people))


def _names_of_letters(state: State, network: Sequence[NetworkMember], day: datetime.date) -> dict[str, str]:
    """Which network member each letter of ``day`` is addressed to, by the document id the state
    knows it by (for the terminal: the state holds no names)."""
    return {state.keys.document(f"{day.isoformat()}/{clean(m.name)}"): clean(m.name)
            for m in network if clean(m.name)}


# what a cancellation says of why, for the terminal ({day}: the round-table's)
_WHY = {
    GONE: "de rondetafel van {day} staat niet meer op het blad Rondetafels",
    CLOSED: "het dossier is afgesloten, dus de rondetafel van {day} gaat niet door",
    UNINVITED: "niet meer uitgenodigd voor de rondetafel van {day}",
}


def _cancel(team: Team, dossier: Dossier, memory: _Memory, mail: Mail, why: str, told: str, *,
            now: datetime.datetime, password: str | None, retry: bool) -> MailOutcome:
    """The cancellation of one person's invitation ``mail`` (METHOD:CANCEL, the same event), in
    their language; "unreachable" (remembered, so said once) when they are no longer on Netwerk
    or have no address there: the team tells them."""
    member = memory.people.get(_person(mail))
    address = member.email.strip() if member is not None else ""
    detail = dict(mail.detail)
    if member is None or not EMAIL.fullmatch(address):
        with State(team.state_dir, root=team.base) as state:
            state.record_mail(mail.key, kind=CANCELLED, dossier=dossier.id,
                              detail={**detail, "told": "team"}, at=now)
            state.audit("uitnodiging-per-mail", dossier.id, "afgelast, niet te bereiken per e-mail",
                        at=now)
        who = member.name if member is not None else "iemand die niet meer op het blad Netwerk staat"
        return MailOutcome(who, "unreachable", (
            f"{told}; de uitnodiging ging per e-mail, maar eenplan heeft geen adres meer om het te "
            "laten weten: laat het zelf weten."))
    day = datetime.date.fromisoformat(str(detail["date"]))
    hour = str(detail.get("time") or "")
    time = datetime.time.fromisoformat(hour) if hour else None
    gone = RoundTable(row=0, dossier=dossier.id, date=day, time=time, location="", kind="",
                      present="", notes="", next_date=None)
    sequence = int(detail.get("sequence", 0)) + 1
    reader = reading_language(dossier, member)
    ics = calendar_bytes(team, dossier, gone, uid=str(detail["uid"]), sequence=sequence,
                         method="CANCEL", attendee=address, language=reader)
    message = _message(team, dossier, gone, address, sequence=sequence, pdf=None, ics=ics, now=now,
                       reader=reader, kind=_CANCEL_TEXTS[why], to_family=in_family(member),
                       courtesy=courtesy_of(member, dossier.family))
    with State(team.state_dir, root=team.base) as state:

        def accepted(state: State = state) -> None:
            # remembered the moment the server took it (see send), not after the others
            state.record_mail(mail.key, kind=CANCELLED, dossier=dossier.id,
                              detail={**detail, "sequence": sequence}, at=now)
            state.audit("uitnodiging-per-mail", dossier.id, f"afgelast, volgnummer {sequence}",
                        at=now)

        tried = state.keys.attempt(address, f"cancel|{detail['uid']}|{server_of(team.settings.mail)}")
        refused = state.refusal(mail.key)
        if refused is not None and refused.tried == tried and not retry:  # the same: not tried
            return _remembered(member, refused, number=dossier.id, cancel=True)
        unsent = _send_once(state, mail.key, member, message, team=team, dossier=dossier.id,
                            seen=mail, tried=tried, password=password, now=now, accepted=accepted,
                            cancel=True, retry=retry)
    return unsent or MailOutcome(member.name, "cancelled", told, row=member.row)


def _send_once(state: State, key: str, member: NetworkMember, message: EmailMessage, *, team: Team,
               dossier: str, seen: Mail | None, tried: str, password: str | None,
               now: datetime.datetime, accepted: Callable[[], None],
               cancel: bool = False, retry: bool = False) -> MailOutcome | None:
    """Send one person's mail if this process wins its claim (``State.sending``): None when the
    server took it, else what became of it. Another process that sent it meanwhile, or is
    sending it now, keeps it from going twice; an address the server refuses for good (5xx), or
    the mail itself (its sender, its message), is remembered with what it was tried with, and
    not tried again until that changes."""
    with state.sending(key, seen=seen) as claim:
        if claim == SENT:
            return MailOutcome(member.name, "already")
        if claim == BUSY:
            return MailOutcome(member.name, "busy", (
                f"{'de afgelasting' if cancel else 'de uitnodiging'} wordt op dit moment verstuurd "
                "door een andere eenplan (de watcher, of iemand met `eenplan invite --mail`): "
                f"`eenplan invite {dossier} --mail` zegt straks of ze weg is."), row=member.row)
        try:
            send_as_team(message, team.settings.mail, password=password, state=state, at=now,
                         retry=retry, to_coordinators=False, accepted=accepted)
        except LoginRefused as exc:  # every mail alike: said once (``mailed_lines``, the watcher)
            return MailOutcome(member.name, LOGIN_REFUSED if exc.permanent else "failed",
                               str(exc) if exc.permanent else f"{exc} De brief ligt klaar in out/.",
                               row=member.row, code=answer_code(exc.answer))
        except RecipientsRefused as exc:
            answer = next(iter(exc.refused.values()), "")
            if not exc.permanent:  # the server may take it later (4xx): tried again next time
                return MailOutcome(member.name, "failed", f"{exc} De brief ligt klaar in out/.",
                                   row=member.row)
            state.record_refusal(key, tried=tried, answer=answer, dossier=dossier, at=now)
            state.audit("uitnodiging-per-mail", dossier, f"adres geweigerd ({answer_code(answer)})", at=now)
            return _refused(member, answer, cancel=cancel)
        except MessageRefused as exc:
            if not exc.permanent:  # for now (4xx): tried again next time
                return MailOutcome(member.name, "failed", f"{exc} De brief ligt klaar in out/.",
                                   row=member.row)
            state.record_refusal(key, tried=tried, answer=exc.answer, dossier=dossier,
                                 refused=exc.at, at=now)
            state.audit("uitnodiging-per-mail", dossier,
                        f"mail geweigerd ({answer_code(exc.answer)})", at=now)
            return _message_refused(member, exc.at, exc.answer, number=dossier, cancel=cancel)
        except MailError as exc:
            return MailOutcome(member.name, "failed", f"{exc} De brief ligt klaar in out/.",
                               row=member.row)
    return None


def _remembered(member: NetworkMember, refusal: Refusal, *, number: str,
                cancel: bool = False) -> MailOutcome:
    """A mail the mail server refused for good the last time, tried with the same: not again."""
    on = refusal.refused_at.date()
    if refusal.refused == REFUSED_ADDRESS:
        return _refused(member, refusal.answer, on=on, cancel=cancel)
    return _message_refused(member, refusal.refused, refusal.answer, number=number, on=on,
                            cancel=cancel)


def _refused(member: NetworkMember, answer: str, *, on: datetime.date | None = None,
             cancel: bool = False) -> MailOutcome:
    """One person's address that the mail server refused for good: now (``answer`` in full),
    or earlier (``on``; its code): what to mend, and that eenplan does not try it again."""
    when = f", op {short_date(on)}" if on is not None else ""
    said = f" ({answer})" if answer else ""
    what, meanwhile = (("de afgelasting", "laat het op een andere manier weten") if cancel else
                       ("de uitnodiging", "de brief ligt klaar in out/"))
    return MailOutcome(member.name, "refused", (
        f"De mailserver weigerde het e-mailadres van {member.name}, {member.email.strip()}{when}"
        f"{said}: verbeter het op het blad Netwerk (rij {member.row}). Zolang het adres niet "
        f"verandert, probeert eenplan {what} niet opnieuw; {meanwhile}."),
        row=member.row, code=answer_code(answer))


def _message_refused(member: NetworkMember, refused: str, answer: str, *, number: str,
                     on: datetime.date | None = None, cancel: bool = False) -> MailOutcome:
    """One person's mail that the mail server refused for good itself (a 5xx at its sender or at
    its message, not at the address): now (``answer`` in full), or earlier (``on``; its code).
    What to do (the mail server's manager, [mail] in eenplan.toml), and when eenplan tries it
    again: another letter, address or mail server, or `invite --mail --opnieuw`."""
    when = f" op {short_date(on)}" if on is not None else ""
    said = f" ({answer})" if answer else ""
    what, changes, meanwhile = (
        ("de afgelasting", "het adres", "laat het intussen op een andere manier weten") if cancel else
        ("de uitnodiging", "de brief, het adres", "de brief ligt klaar in out/"))
    if refused == REFUSED_SENDER:
        first = (f"De mailserver weigerde{when} de afzender van {what} aan {member.name}{said}: "
                 "kijk afzender bij [mail] in eenplan.toml na, of vraag wie de mailserver beheert "
                 "waarom.")
    else:
        first = (f"De mailserver weigerde{when} {what} aan {member.name}{said}, niet om het adres "
                 "maar om de mail zelf: vraag wie de mailserver beheert waarom, en kijk [mail] in "
                 "eenplan.toml na.")
    return MailOutcome(member.name, MESSAGE_REFUSED, (
        f"{first} eenplan probeert ze pas opnieuw als {changes} of [mail] in eenplan.toml "
        f"verandert; is het bij de mailserver opgelost, doe dan `eenplan invite {number} --mail "
        f"--opnieuw`. {meanwhile[:1].upper()}{meanwhile[1:]}."),
        row=member.row, code=answer_code(answer))


def _outdate_day(team: Team, dossier: Dossier, day: str) -> list[tuple[Path, Path]]:
    """Every letter of a round-table's day, its print file and .ics, get "(vervallen)" (not the
    .ics that cancelled it in the team's agendas: that one still holds)."""
    folder = _folder(team, dossier)
    if folder is None or not day:
        return []
    return _outdate(team, [path for path in files_inside(team.base, folder)
                           if path.name.startswith((f"{day} Uitnodiging", f"{day} Rondetafel "))
                           and CANCELLED_NAME not in path.name])


def _outdate_letters(team: Team, dossier: Dossier, records: Sequence[Generated]) -> list[tuple[Path, Path]]:
    """The letters (and their PDFs) of ``records`` get "(vervallen)"."""
    folder = _folder(team, dossier)
    if folder is None or not records:
        return []
    documents = {r.document for r in records}
    with State(team.state_dir, root=team.base) as state:
        twins = [r for r in state.generated_for(dossier.id) if r.document in documents
                 and r.kind in (INVITATION, f"{INVITATION}.pdf")]
        paths = state.remembered(twins, files_inside(team.base, folder))
    return _outdate(team, paths)


def _folder(team: Team, dossier: Dossier) -> Path | None:
    from eenplan.docx_templates.documents import dossier_folder

    folder = dossier_folder(team, dossier)
    return folder if inside(team.base, folder) and folder.is_dir() else None


def _mark_outdated(team: Team, dossier: Dossier, day: str) -> list[Path]:
    """The letters of a round-table's old day get "(vervallen)" in their name: whoever opens
    out/ sees they no longer hold. Nothing is deleted or overwritten."""
    return [target for _, target in _outdate_day(team, dossier, day)]


def _outdate(team: Team, paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Each file gets "(vervallen)" in its name (one that has it already is left): (was, is).
    The state follows each rename: it knows the file by its new name, as eenplan's, and no
    longer as its document's current file (were the round-table moved back, or the person
    invited again, their letters are made anew, not said to have been deleted by hand)."""
    renamed = []
    with State(team.state_dir, root=team.base) as state:
        for path in paths:
            if OUTDATED in path.name:
                continue
            target, version = path.with_name(f"{path.stem}{OUTDATED}{path.suffix}"), 2
            while target.exists():  # a day left a second time: its first letters keep their name
                target = path.with_name(f"{path.stem}{OUTDATED} ({version}){path.suffix}")
                version += 1
            path.rename(target)
            state.record_moved(path, target, kind_suffix=OUTDATED)
            renamed.append((path, target))
    return renamed


def called_off_lines(number: str, called: Sequence[CalledOff],
                     titles: Mapping[str, str] | None = None, *,
                     next_try: str = "bij de volgende bewaring") -> list[str]:
    """What the watcher says (and logs) of the round-tables of dossier ``number`` called off, one
    line each: by dossier number and counts, never a name. ``next_try``: when the watcher tries the
    cancellations the mail server did not take again. ``titles``: eenplan's sheet names ->
    the team's ([bladen]), so the sheets are named as the team knows them."""
    titles = titles or {}
    lines = []
    for c in called:
        day = long_date(c.day)
        if c.why == UNINVITED:
            first = (f"Voor de rondetafel van {number} op {day} "
                     f"{'is' if c.uninvited == 1 else 'zijn'} "
                     f"{plural(c.uninvited, 'genodigde', 'genodigden')} niet meer uitgenodigd")
        elif c.why == CLOSED:
            first = (f"Dossier {number} is afgesloten terwijl er nog een rondetafel gepland stond "
                     f"op {day}, dus eenplan behandelt ze als afgelast")
        else:
            first = (f"De rondetafel van {number} op {day} staat niet meer op het blad "
                     f"{titles.get(ROUND_TABLES, ROUND_TABLES)}, dus eenplan behandelt ze als afgelast")
        said = []
        if c.mailed:
            said.append(f"{plural(c.mailed, 'afgelasting', 'afgelastingen')} per e-mail verstuurd")
        if c.unsent:
            said.append(f"{plural(c.unsent, 'afgelasting', 'afgelastingen')} nog niet verstuurd "
                        f"(eenplan probeert het {next_try} opnieuw)")
        if c.outdated:
            said.append(f"de brieven in out/{number}/ kregen '(vervallen)' in hun naam")
        tell = []
        if c.family_on_paper:
            tell.append("het gezin")
        if c.on_paper:
            tell.append(f"{plural(c.on_paper, 'genodigde', 'genodigden')} met een brief op papier")
        if c.unreachable:
            tell.append(f"{plural(c.unreachable, 'genodigde', 'genodigden')} die eenplan per "
                        "e-mail niet meer kan bereiken (geen adres meer op het blad "
                        f"{titles.get(NETWORK, NETWORK)}, of de "
                        "mailserver weigerde hun adres of de mail)")
        line = f"{first}{': ' + '; '.join(said) if said else ''}."
        if tell:
            line += (f" LET OP: laat het zelf weten aan {' en '.join(tell)}: wie, zeggen de "
                     f"brieven met '(vervallen)' in out/{number}/.")
        lines.append(line)
    return lines


# The mail around the letter, in the reader's language (the letter itself is in it too): Dutch,
# French or English, in the same form of address as the letter. A guest's letter comes from the
# family, who say "je" and "tu" to them, and "u" and "vous" to a guest whose letter is formal
# (ontvanger.beleefd: "Mevrouw Van den Broeck", "Dr. Janssens"): so does the mail, whatever it
# tells (the "formal-..." texts; English, which has one "you", has none). The family's own letter
# says "jullie" and "vous": so does its mail (the "family-..." texts; one a language lacks is the
# guest's). The attachments are named in the reader's language too (the letter in out/ keeps its
# Dutch name).
_MAIL_TEXTS = {
    "nl": {
        "invitation": ("Uitnodiging: rondetafelgesprek {family}, {when}",
                       "{family} nodigt je uit voor hun rondetafelgesprek op {when}. In de bijlage "
                       "vind je de uitnodiging, en een afspraak voor je agenda."),
        "update": ("Gewijzigd: rondetafelgesprek {family}, {when}",
                   "Het rondetafelgesprek van {family} is verplaatst: het is nu op {when}. In de "
                   "bijlage vind je de nieuwe uitnodiging; de afspraak in je agenda past zich aan."),
        "renewed": ("Nieuwe uitnodiging: rondetafelgesprek {family}, {when}",
                    "Hier is de uitnodiging voor het rondetafelgesprek van {family} op {when} "
                    "opnieuw, aangepast. De dag, het uur en de plaats blijven dezelfde. In de "
                    "bijlage vind je de nieuwe uitnodiging; de afspraak in je agenda blijft staan."),
        "cancel": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                   "Het rondetafelgesprek van {family} op {when} gaat niet door. We laten je weten "
                   "wanneer we elkaar wel zien."),
        "closed": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                   "Het rondetafelgesprek van {family} op {when} gaat niet door. De afspraak "
                   "verdwijnt uit je agenda."),
        "uninvited": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                      "Het rondetafelgesprek van {family} op {when} gaat voor jou niet door: je "
                      "bent er niet meer voor uitgenodigd. De afspraak verdwijnt uit je agenda."),
        "family": ("Jullie rondetafelgesprek, {when}",
                   "Jullie rondetafelgesprek is op {when}. In de bijlage zitten jullie "
                   "uitnodiging en een afspraak voor jullie agenda."),
        "family-update": ("Gewijzigd: jullie rondetafelgesprek, {when}",
                          "Jullie rondetafelgesprek is verplaatst: het is nu op {when}. In de bijlage "
                          "zit de nieuwe uitnodiging; de afspraak in jullie agenda past zich aan."),
        "family-renewed": ("Nieuwe uitnodiging: jullie rondetafelgesprek, {when}",
                           "Hier is de uitnodiging voor jullie rondetafelgesprek op {when} opnieuw, "
                           "aangepast. De dag, het uur en de plaats blijven dezelfde. In de bijlage "
                           "zit de nieuwe uitnodiging; de afspraak in jullie agenda blijft staan."),
        "family-cancel": ("Gaat niet door: jullie rondetafelgesprek, {when}",
                          "Jullie rondetafelgesprek op {when} gaat niet door. We laten jullie weten "
                          "wanneer we elkaar wel zien."),
        "family-closed": ("Gaat niet door: jullie rondetafelgesprek, {when}",
                          "Jullie rondetafelgesprek op {when} gaat niet door. De afspraak verdwijnt "
                          "uit jullie agenda."),
        "formal-invitation": ("Uitnodiging: rondetafelgesprek {family}, {when}",
                              "{family} nodigt u uit voor hun rondetafelgesprek op {when}. In de "
                              "bijlage vindt u de uitnodiging, en een afspraak voor uw agenda."),
        "formal-update": ("Gewijzigd: rondetafelgesprek {family}, {when}",
                          "Het rondetafelgesprek van {family} is verplaatst: het is nu op {when}. In "
                          "de bijlage vindt u de nieuwe uitnodiging; de afspraak in uw agenda past "
                          "zich aan."),
        "formal-renewed": ("Nieuwe uitnodiging: rondetafelgesprek {family}, {when}",
                           "Hier is de uitnodiging voor het rondetafelgesprek van {family} op {when} "
                           "opnieuw, aangepast. De dag, het uur en de plaats blijven dezelfde. In de "
                           "bijlage vindt u de nieuwe uitnodiging; de afspraak in uw agenda blijft "
                           "staan."),
        "formal-cancel": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                          "Het rondetafelgesprek van {family} op {when} gaat niet door. We laten u "
                          "weten wanneer we elkaar wel zien."),
        "formal-closed": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                          "Het rondetafelgesprek van {family} op {when} gaat niet door. De afspraak "
                          "verdwijnt uit uw agenda."),
        "formal-uninvited": ("Gaat niet door: rondetafelgesprek {family}, {when}",
                             "Het rondetafelgesprek van {family} op {when} gaat voor u niet door: u "
                             "bent er niet meer voor uitgenodigd. De afspraak verdwijnt uit uw "
                             "agenda."),
        "hello": "Dag,", "bye": "Hartelijke groeten,",
    },
    "fr": {
        "invitation": ("Invitation : table ronde {family}, {when}",
                       "{The_family} t'invite à sa table ronde le {when}. Tu trouveras en pièce jointe "
                       "l'invitation, et un rendez-vous pour ton agenda."),
        "update": ("Modifié : table ronde {family}, {when}",
                   "La table ronde de {the_family} est déplacée : elle a lieu le {when}. Tu trouveras "
                   "en pièce jointe la nouvelle invitation ; le rendez-vous dans ton agenda se met "
                   "à jour."),
        "renewed": ("Nouvelle invitation : table ronde {family}, {when}",
                    "Voici à nouveau l'invitation à la table ronde de {the_family} le {when}, mise "
                    "à jour. Le jour, l'heure et le lieu ne changent pas. Tu trouveras en pièce "
                    "jointe la nouvelle invitation ; le rendez-vous dans ton agenda reste."),
        "cancel": ("Annulé : table ronde {family}, {when}",
                   "La table ronde de {the_family} du {when} n'a pas lieu. Nous te dirons quand nous "
                   "nous verrons."),
        "closed": ("Annulé : table ronde {family}, {when}",
                   "La table ronde de {the_family} du {when} n'a pas lieu. Le rendez-vous disparaît "
                   "de ton agenda."),
        "uninvited": ("Annulé : table ronde {family}, {when}",
                      "La table ronde de {the_family} du {when} n'a plus lieu pour toi : tu n'y es "
                      "plus invité·e. Le rendez-vous disparaît de ton agenda."),
        "family": ("Votre table ronde, {when}",
                   "Votre table ronde a lieu le {when}. Vous trouverez en pièce jointe votre "
                   "invitation, et un rendez-vous pour votre agenda."),
        "family-update": ("Modifié : votre table ronde, {when}",
                          "Votre table ronde est déplacée : elle a lieu le {when}. Vous trouverez en "
                          "pièce jointe la nouvelle invitation ; le rendez-vous dans votre agenda se "
                          "met à jour."),
        "family-renewed": ("Nouvelle invitation : votre table ronde, {when}",
                           "Voici à nouveau l'invitation à votre table ronde du {when}, mise à jour. "
                           "Le jour, l'heure et le lieu ne changent pas. Vous trouverez en pièce "
                           "jointe la nouvelle invitation ; le rendez-vous dans votre agenda reste."),
        "family-cancel": ("Annulé : votre table ronde, {when}",
                          "Votre table ronde du {when} n'a pas lieu. Nous vous dirons quand nous nous "
                          "verrons."),
        "family-closed": ("Annulé : votre table ronde, {when}",
                          "Votre table ronde du {when} n'a pas lieu. Le rendez-vous disparaît de "
                          "votre agenda."),
        "formal-invitation": ("Invitation : table ronde {family}, {when}",
                              "{The_family} vous invite à sa table ronde le {when}. Vous trouverez en "
                              "pièce jointe l'invitation, et un rendez-vous pour votre agenda."),
        "formal-update": ("Modifié : table ronde {family}, {when}",
                          "La table ronde de {the_family} est déplacée : elle a lieu le {when}. Vous "
                          "trouverez en pièce jointe la nouvelle invitation ; le rendez-vous dans "
                          "votre agenda se met à jour."),
        "formal-renewed": ("Nouvelle invitation : table ronde {family}, {when}",
                           "Voici à nouveau l'invitation à la table ronde de {the_family} le {when}, "
                           "mise à jour. Le jour, l'heure et le lieu ne changent pas. Vous trouverez "
                           "en pièce jointe la nouvelle invitation ; le rendez-vous dans votre "
                           "agenda reste."),
        "formal-cancel": ("Annulé : table ronde {family}, {when}",
                          "La table ronde de {the_family} du {when} n'a pas lieu. Nous vous dirons "
                          "quand nous nous verrons."),
        "formal-closed": ("Annulé : table ronde {family}, {when}",
                          "La table ronde de {the_family} du {when} n'a pas lieu. Le rendez-vous "
                          "disparaît de votre agenda."),
        "formal-uninvited": ("Annulé : table ronde {family}, {when}",
                             "La table ronde de {the_family} du {when} n'a plus lieu pour vous : "
                             "vous n'y êtes plus invité·e. Le rendez-vous disparaît de votre "
                             "agenda."),
        "hello": "Bonjour,", "bye": "Bien à toi,", "family-bye": "Bien à vous,",
        "formal-bye": "Bien à vous,",
    },
    "en": {
        "invitation": ("Invitation: round-table meeting {family}, {when}",
                       "{The_family} invite you to their round-table meeting on {when}. Attached you "
                       "will find the invitation, and an appointment for your calendar."),
        "update": ("Changed: round-table meeting {family}, {when}",
                   "The round-table meeting of {the_family} has moved: it is now on {when}. Attached "
                   "you will find the new invitation; the appointment in your calendar updates "
                   "itself."),
        "renewed": ("New invitation: round-table meeting {family}, {when}",
                    "Here is the invitation to the round-table meeting of {the_family} on {when} "
                    "again, updated. The day, time and place stay the same. Attached you will "
                    "find the new invitation; the appointment in your calendar stays."),
        "cancel": ("Cancelled: round-table meeting {family}, {when}",
                   "The round-table meeting of {the_family} on {when} will not take place. We will "
                   "let you know when we meet instead."),
        "closed": ("Cancelled: round-table meeting {family}, {when}",
                   "The round-table meeting of {the_family} on {when} will not take place. The "
                   "appointment disappears from your calendar."),
        "uninvited": ("Cancelled: round-table meeting {family}, {when}",
                      "The round-table meeting of {the_family} on {when} no longer takes place "
                      "for you: you are no longer invited to it. The appointment disappears from "
                      "your calendar."),
        "family": ("Your round-table meeting, {when}",
                   "Your round-table meeting is on {when}. Attached you will find your "
                   "invitation, and an appointment for your calendar."),
        "family-update": ("Changed: your round-table meeting, {when}",
                          "Your round-table meeting has moved: it is now on {when}. Attached you will "
                          "find the new invitation; the appointment in your calendar updates itself."),
        "family-renewed": ("New invitation: your round-table meeting, {when}",
                           "Here is the invitation to your round-table meeting on {when} again, "
                           "updated. The day, time and place stay the same. Attached you will find "
                           "the new invitation; the appointment in your calendar stays."),
        "family-cancel": ("Cancelled: your round-table meeting, {when}",
                          "Your round-table meeting on {when} will not take place. We will let you "
                          "know when we meet instead."),
        "family-closed": ("Cancelled: your round-table meeting, {when}",
                          "Your round-table meeting on {when} will not take place. The appointment "
                          "disappears from your calendar."),
        "hello": "Hello,", "bye": "Kind regards,",
    },
}


# How the mail to a guest whose letter says "u" ("vous") opens, in the reader's language, by whom
# the courtesy title of their Naam greets (``names.courtesy``), with the surname that goes with it:
# "Geachte mevrouw Claes," for "Mevrouw Daisy Claes", "Geachte heer Peeters," for "De heer
# Peeters", "Dhr. Peeters" or "Meneer Peeters", "Madame," and "Monsieur," in French, "Dear Ms
# Claes," in English. A title that says no one's gender in that language (Prof.; Mr in Dutch, a
# lawyer's "meester"; M., an initial outside French; Mx.) opens with the title as typed and the
# surname ("Geachte Prof. Janssens,"); in French with "Madame, Monsieur," (to Mx., "Bonjour" and
# the name). Mails to the family, and to a guest the letter says "je" to, open with "Dag,".
_FORMAL_HELLO: dict[str, dict[TitleKind | None, str]] = {
    "nl": {TitleKind.WOMAN: "Geachte mevrouw {surname},", TitleKind.MAN: "Geachte heer {surname},",
           TitleKind.DOCTOR: "Geachte dokter {surname},", None: "Geachte {name},"},
    "fr": {TitleKind.WOMAN: "Madame,", TitleKind.MAN: "Monsieur,", TitleKind.DOCTOR: "Docteur,",
           TitleKind.NEUTRAL: "Bonjour {name},", None: "Madame, Monsieur,"},
    "en": {TitleKind.WOMAN: "Dear {ms} {surname},", TitleKind.MAN: "Dear Mr {surname},",
           TitleKind.NEUTRAL: "Dear Mx {surname},", TitleKind.DOCTOR: "Dear Dr {surname},",
           None: "Dear {name},"},
}
# the English for a woman's title: the one typed where it is English ("Mrs Smith"), else Ms
_ENGLISH_MS = {"mrs": "Mrs", "miss": "Miss"}


def formal_hello(courtesy: Courtesy, language: str) -> str:
    """How the mail in ``language`` (nl, fr, en) opens to the guest of ``courtesy``."""
    said = _FORMAL_HELLO.get(language, _FORMAL_HELLO[DUTCH])
    kind = courtesy.kind(language)
    return said.get(kind, said[None]).format(surname=courtesy.surname, name=f"{courtesy.title} "
                                             f"{courtesy.surname}", ms=_ENGLISH_MS.get(courtesy.key, "Ms"))


# the names of a mail's attachments, the letter ({day}: ISO, as in out/; {name}: whom it is to) and
# the calendar invitation, in the reader's language
_ATTACHMENT_NAMES = {
    "nl": ("{day} Uitnodiging rondetafel - {name}", "rondetafel.ics"),
    "fr": ("{day} Invitation table ronde - {name}", "table-ronde.ics"),
    "en": ("{day} Round-table invitation - {name}", "round-table.ics"),
}

# the mail that calls off a round-table, by why (its text in _MAIL_TEXTS)
_CANCEL_TEXTS = {GONE: "cancel", CLOSED: "closed", UNINVITED: "uninvited"}
CANCELLING = tuple(_CANCEL_TEXTS.values())


def _message(team: Team, dossier: Dossier, table: RoundTable, to: str, *, sequence: int,
             pdf: Path | None, ics: bytes, now: datetime.datetime, reader: str = DUTCH,
             kind: str = "invitation", to_family: bool = False, courtesy: Courtesy | None = None,
             addressed: str = "") -> EmailMessage:
    """The mail to one person, in ``reader``'s language when eenplan has the words for it.
    ``kind``: invitation, family (one of the family itself, with the family's own letter), update,
    or one that calls it off (``CANCELLING``). ``to_family``: one of the family, spoken to as its
    letter speaks to it; ``courtesy``: of a guest whose letter says "u" ("vous": ``courtesy_of``),
    so does the mail, and it opens as to them (``formal_hello``); ``addressed``: whom the letter
    ``pdf`` is addressed to (its name)."""
    mail = team.settings.mail
    assert table.date is not None
    used = reader if reader in _MAIL_TEXTS else DUTCH
    texts = _MAIL_TEXTS[used]
    letter_name, calendar_name = _ATTACHMENT_NAMES[used]
    with in_language(used):
        when = long_date_and_hour(table.date, table.time)
        # the family's name as the mail's language says it: "the Peeters family", not "Familie"
        family, the_family = family_names(dossier.family)
    said = texts[kind]
    if to_family:
        said = texts["family"] if kind == "invitation" else texts.get(f"family-{kind}", said)
    elif courtesy is not None:
        said = texts.get(f"formal-{kind}", said)
    subject, text = (part.format(family=family, the_family=the_family,
                                 The_family=the_family[:1].upper() + the_family[1:], when=when)
                     for part in said)
    formal = courtesy is not None and not to_family
    bye = (texts.get("family-bye", texts["bye"]) if to_family
           else texts.get("formal-bye", texts["bye"]) if formal else texts["bye"])
    hello = texts["hello"] if courtesy is None or to_family else formal_hello(courtesy, used)
    body = f"{hello}\n\n{text}\n\n{bye}\n{team.settings.team_name}\n"
    message = new_message(subject, to=to, mail=mail, sent_at=now)
    message.set_content(body)
    if pdf is not None:
        # the letter's name in the reader's language; the family's own, by the family's name as
        # the language says it ("Famille Peeters"); in out/ it keeps its Dutch name
        name = family if to_family else (addressed or family)
        attached = safe_name(letter_name.format(day=table.date.isoformat(), name=name), ".pdf")
        message.add_attachment(pdf.read_bytes(), maintype=PDF_TYPE[0], subtype=PDF_TYPE[1],
                               filename=attached)
    method = "CANCEL" if kind in CANCELLING else "REQUEST"
    # the charset said: a mail program that assumes another reads "LÃ©a" for an accented name
    message.add_attachment(ics, maintype="text", subtype="calendar",
                           filename=calendar_name, params={"method": method, "charset": "utf-8"})
    return message


def mailed_lines(sent: MailedInvitations, caseload: Caseload | None = None) -> list[str]:
    """What `eenplan invite --mail` says about the mails, one line per person; then, of a
    round-table called off, whom the team must tell itself. ``caseload``: the workbook they were
    made from, whose sheet and column the lines name."""
    said = {"sent": "uitnodiging verstuurd", "updated": "wijziging verstuurd (zelfde afspraak in "
            "de agenda)", "cancelled": "afgelast (de afspraak verdwijnt uit de agenda)",
            "renewed": "nieuwe versie van de uitnodiging verstuurd (dag, uur en plaats blijven)",
            "already": "al verstuurd met deze gegevens, niet opnieuw"}
    mailed = [o for o in sent.outcomes if o.outcome not in ("paper", "unreachable")]
    tell = [o for o in sent.outcomes if o.outcome in ("paper", "unreachable")]
    lines = [f"Per e-mail ({len(mailed)}):"] if mailed else [] if tell else [
        "Per e-mail: niemand van de genodigden heeft "
        f"{caseload.header(NETWORK, 'by_mail') if caseload else 'Per e-mail'} = ja op het blad "
        f"{caseload.title(NETWORK) if caseload else NETWORK}."]
    login = sent.login_refused
    for outcome in mailed:
        if outcome.outcome == LOGIN_REFUSED:
            lines.append(f"  {outcome.who}: niet verstuurd (het wachtwoord, zie hieronder)")
        elif outcome.outcome == "cancelled":
            lines.append(f"  {outcome.who}: afgelast, {outcome.problem} (de afspraak verdwijnt uit "
                         "de agenda)")
        else:
            told = said.get(outcome.outcome) or (outcome.problem if outcome.outcome == "busy"
                                                 else f"niet verstuurd. {outcome.problem}")
            lines.append(f"  {outcome.who}: {told}")
    if login:
        lines.append(f"{login} De brieven liggen klaar in out/.")
    if tell:
        lines.append(f"Laat het zelf weten ({len(tell)}):")
    for outcome in tell:
        if outcome.outcome == "paper":
            lines.append(f"  {outcome.who}: {outcome.problem}; de uitnodiging ging op papier.")
        else:
            lines.append(f"  {outcome.who}: {outcome.problem}")
    if sent.outdated or any(c.outdated for c in sent.called_off):
        count = len(set(sent.outdated) | {p for c in sent.called_off for p in c.outdated})
        lines.append(f"Brieven die niet meer gelden, kregen '(vervallen)' in hun naam ({count}).")
    return lines
