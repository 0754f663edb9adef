"""Invitations by e-mail: `eenplan invite DOSSIER --mail`, and the watcher when the team turns it on.

    sent = mail_invitations(team, caseload, "2026-014", None, today=today, now=now)
    sent.outcomes  # one per person who agreed (Netwerk: Per e-mail = ja), with what became of it

Each network member who agreed gets their own letter as a PDF and the round-table as a calendar
invitation (.ics, METHOD:REQUEST), from the team's mail server ([mail] in eenplan.toml). Each
person gets each version of a round-table once: the state remembers what went out by dossier
number, round-table and a hash of the person, with what the letter was made from and a keyed
hash of the address, never a name or an address. A round-table that moves (another day, hour or
place) sends an update of the same calendar event (same UID, a higher SEQUENCE), and the letters
of its old day in out/ get "(vervallen)" in their name; a letter made again with other content
(the family's language changed) goes again as a new version of it; an address corrected on
Netwerk gets the invitation; a round-table that is no longer on Rondetafels sends a
cancellation (METHOD:CANCEL). No mail goes with a letter that could not be written (open in
Word): that person's mail waits for it.

The event's UID comes from the dossier and the round-table's row on Rondetafels, so it holds
when the date changes; a row moved in the workbook is a new round-table to the calendar.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from eenplan.docx_templates.context import INVITATION, family_names, guests_of, in_family
from eenplan.docx_templates.documents import (
    Made,
    calendar_bytes,
    choose_round_table,
    find_dossier,
    letter_stems,
    plan_invitations,
    reading_language,
    run,
)
from eenplan.dutch import DUTCH, long_date_and_hour, short_date
from eenplan.dutch import language as in_language
from eenplan.errors import DossierError, EenplanError
from eenplan.files import files_inside, inside, safe_name
from eenplan.flows.digest import MailError, RecipientsRefused, new_message, send
from eenplan.sheets.cells import EMAIL
from eenplan.sheets.records import Caseload, Dossier, NetworkMember, RoundTable
from eenplan.team.folder import Team
from eenplan.team.settings import MailSettings
from eenplan.team.state import BUSY, SENT, Mail, State, answer_code

OUTDATED = " (vervallen)"
PDF_TYPE = ("application", "pdf")


class NoMailServer(EenplanError):
    """Invitations by mail without a mail server in eenplan.toml."""


@dataclass(frozen=True)
class MailOutcome:
    """What became of one person's invitation by e-mail (``who`` is for the terminal only)."""

    who: str
    # sent, updated, cancelled, already, no-address, bad-address, failed, busy (another eenplan
    # is sending it right now), refused (the server refused the address for good: not again
    # until the address changes), held (its letter could not be written, open in Word: the
    # mail waits for it)
    outcome: str
    problem: str = ""
    row: int = 0  # the person's row on Netwerk: to say it without a name (the watcher's log)


@dataclass(frozen=True)
class MailedInvitations:
    dossier: str
    made: Made | None  # the letters (and PDFs) made for it; None for a cancellation only
    outcomes: tuple[MailOutcome, ...]
    outdated: tuple[Path, ...] = ()  # old letters renamed with "(vervallen)"

    @property
    def failed(self) -> bool:
        return any(o.outcome in UNSENT for o in self.outcomes)

    @property
    def refused(self) -> tuple[MailOutcome, ...]:
        """The people whose address the mail server refused for good (now or earlier)."""
        return tuple(o for o in self.outcomes if o.outcome == "refused")

    @property
    def held(self) -> bool:
        """A mail waits for its letter, which could not be written (open in Word)."""
        return any(o.outcome == "held" for o in self.outcomes)


UNSENT = ("no-address", "bad-address", "failed", "busy", "refused", "held")  # what did not go


def event_uid(dossier: str, table: RoundTable) -> str:
    """The calendar event of a round-table: the same while its date, hour or place change."""
    digest = hashlib.sha256(f"{dossier}|rij {table.row}".encode()).hexdigest()[:24]
    return f"{digest}@eenplan"


def version_of(table: RoundTable) -> str:
    """What a person was told: the day, the hour and the place."""
    data = f"{table.date}|{table.time}|{' '.join(table.location.split())}"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _key(state: State, dossier: str, uid: str, member: NetworkMember) -> str:
    return state.mail_key(f"{INVITATION}/{dossier}/{uid.split('@')[0]}", member.name)


def consenting(members: Sequence[NetworkMember]) -> list[NetworkMember]:
    return [m for m in members if m.by_mail and m.name.strip()]


def mail_invitations(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
                     today: datetime.date, now: datetime.datetime,
                     letters: bool = True) -> MailedInvitations:
    """Send each consenting invitee of the round-table their letter and calendar invitation (or
    its update), and cancel the round-tables that are gone; each version to each person once.
    ``letters``: with nothing to mail, still make the letters (the watcher makes them itself)."""
    settings = team.settings
    if not settings.mail.host:
        raise NoMailServer("Uitnodigingen per e-mail gaan via de mailserver van het team, en "
                           "eenplan.toml noemt er geen: vul [mail] server en afzender in. De "
                           "brieven zelf maakt `eenplan invite` zonder --mail.")
    password = os.environ.get(settings.mail.password_env)
    dossier = find_dossier(caseload, number)
    outcomes = list(_cancellations(team, caseload, dossier, now=now, password=password))
    try:
        table = choose_round_table(caseload, dossier, day, today=today, ahead=True)
    except DossierError:
        if outcomes:  # the round-table was dropped, and no other is planned: the cancellations
            return MailedInvitations(dossier.id, None, tuple(outcomes))
        raise
    why = ""
    if not dossier.is_open:
        why = f"dossier {dossier.id} is afgesloten"
    elif table.date is not None and table.date < today:
        why = f"de rondetafel was op {short_date(table.date)}, voor vandaag"
    if why:
        raise DossierError(f"eenplan verstuurt geen uitnodigingen per e-mail: {why}. Zijn de brieven "
                           "toch nodig, maak ze dan zonder --mail en kijk ze na.")
    network = caseload.network_of(dossier.id)
    invited, _ = guests_of(table, network)  # the family has its own letter
    # ... which goes to each of the family who wants their letters by e-mail
    family = [m for m in consenting(network) if in_family(m)]
    wanted = [*consenting(invited), *family]
    uid, version = event_uid(dossier.id, table), version_of(table)
    planned = plan_invitations(team, caseload, dossier.id, table.date, today=today)
    named = letter_stems(team, caseload, dossier, table, invited, today=today)
    stems = {member: stem for member, stem in named if member}
    stems.update((member, next(stem for who, stem in named if who is None)) for member in family)
    # what each letter says (its data and its language; not its template's wording, so a team that
    # mends a typo, or an eenplan whose default letter reads better, mails nobody again): a letter
    # made again with other content goes again, as a new version of the same appointment
    made_from = {o.stem: o.content for o in planned.outputs if o.kind == INVITATION}
    letter = {m: made_from.get(stems[m], "") for m in wanted}
    with State(team.state_dir, root=team.base) as state:
        earlier = {m: state.mail(_key(state, dossier.id, uid, m)) for m in wanted}
        refusals = {m: state.refusal(_key(state, dossier.id, uid, m)) for m in wanted}
        # an address refused is tried again with another letter, or another mail server
        tried = {m: state.keys.attempt(m.email, f"{version}|{letter[m]}|{_server(settings.mail)}")
                 for m in wanted}
        to = {m: state.keys.address(m.email) for m in wanted}
    change: dict[NetworkMember, str] = {}
    to_send = []
    for member in wanted:
        before, refused = earlier[member], refusals[member]
        news = _news(before, version=version, letter=letter[member], to=to[member],
                     address=member.email)
        if news is None:
            outcomes.append(MailOutcome(member.name, "already"))
        elif refused is not None and refused.tried == tried[member]:  # the same again: not tried
            outcomes.append(_refused(member, refused.answer, on=refused.refused_at.date()))
        else:
            change[member] = news
            to_send.append(member)
    if not to_send:  # nothing to mail: the letters are made as `eenplan invite` makes them
        made = run(team, planned, now=now) if letters else None
        return MailedInvitations(dossier.id, made, tuple(outcomes))
    made = run(team, planned, pdf=True, now=now)
    pdfs = {p.name: p for p in (*made.written, *made.unchanged) if p.suffix == ".pdf"}
    outdated: list[Path] = []
    for member in to_send:
        address = member.email.strip()
        if not address:
            outcomes.append(MailOutcome(member.name, "no-address", (
                f"{member.name} wil de uitnodiging per e-mail, maar bij E-mail op het blad Netwerk "
                "staat geen adres: vul het in, of zet Per e-mail op nee. De brief ligt klaar in "
                "out/."), row=member.row))
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
        message = _message(team, dossier, table, address, sequence=sequence, pdf=pdf, ics=ics,
                           now=now, reader=reader, to_family=member in family,
                           wording=change[member])
        assert table.date is not None
        with State(team.state_dir, root=team.base) as state:
            key = _key(state, dossier.id, uid, member)

            def accepted(state: State = state, key: str = key, before: Mail | None = before,
                         sequence: int = sequence, letter: str = letter[member],
                         to: str = to[member]) -> None:
                # remembered the moment the server took it (see send), not after the others
                assert table.date is not None
                state.record_mail(key, kind="invitation" if before is None or before.kind == "cancel"
                                  else "update", dossier=dossier.id,
                                  detail={"version": version, "sequence": sequence, "uid": uid,
                                          "date": table.date.isoformat(), "letter": letter,
                                          "to": to}, at=now)
                state.audit("uitnodiging-per-mail", dossier.id,
                            f"{'uitnodiging' if before is None else 'wijziging'}, volgnummer "
                            f"{sequence}", at=now)

            unsent = _send_once(state, key, member, message, team=team, dossier=dossier.id,
                                seen=before, tried=tried[member], password=password, now=now,
                                accepted=accepted)
        if unsent is not None:
            outcomes.append(unsent)
            continue
        if before is not None and before.detail.get("date") != table.date.isoformat():
            outdated += _mark_outdated(team, dossier, str(before.detail.get("date", "")))
        outcomes.append(MailOutcome(member.name, _OUTCOMES[change[member]]))
    return MailedInvitations(dossier.id, made, tuple(outcomes), tuple(dict.fromkeys(outdated)))


# what a person is sent (``_news``) -> what `invite --mail` says of it
_OUTCOMES = {"invitation": "sent", "new-address": "sent", "update": "updated", "renewed": "renewed"}


def _news(before: Mail | None, *, version: str, letter: str, to: str, address: str) -> str | None:
    """What a person is to be sent, or None when the mail ``before`` told them all of it:
    "invitation" (nothing yet), "update" (the round-table's day, hour or place changed, or it
    is planned again after a cancellation), "new-address" (it went to an address the person no
    longer has: the new one has nothing yet), "renewed" (the letter was made again with other
    content: another language, other data). A mail recorded by a version of eenplan that kept
    no letter or address is taken as of this letter and address: nothing is sent again for that."""
    if before is None:
        return "invitation"
    if before.kind == "cancel" or before.detail.get("version") != version:
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


def _cancellations(team: Team, caseload: Caseload, dossier: Dossier, *, now: datetime.datetime,
                   password: str | None) -> list[MailOutcome]:
    """A calendar cancellation to each person invited by mail to a round-table that is gone."""
    network = {m.name: m for m in caseload.network_of(dossier.id) if m.name.strip()}
    with State(team.state_dir, root=team.base) as state:
        people = {key: network[name] for key, name in state.people(network).items()}
        mailed = [m for m in state.mails_of(dossier.id) if m.kind in ("invitation", "update")]
    if not mailed:
        return []
    tables = caseload.round_tables_of(dossier.id)
    current = {event_uid(dossier.id, t) for t in tables if t.date is not None}
    outcomes = []
    for mail in mailed:
        uid = str(mail.detail.get("uid", ""))
        if not uid or uid in current:
            continue
        member = people.get(mail.key.rsplit("/", 1)[1])
        if member is None or not EMAIL.fullmatch(member.email.strip()):
            continue  # no one to tell any more: the team reaches them otherwise
        day = datetime.date.fromisoformat(str(mail.detail["date"]))
        gone = RoundTable(row=0, dossier=dossier.id, date=day, time=None, location="", kind="",
                          present="", notes="", next_date=None)
        sequence = int(mail.detail.get("sequence", 0)) + 1
        reader = reading_language(dossier, member)
        ics = calendar_bytes(team, dossier, gone, uid=uid, sequence=sequence, method="CANCEL",
                             attendee=member.email.strip(), language=reader)
        message = _message(team, dossier, gone, member.email.strip(), sequence=sequence, pdf=None,
                           ics=ics, now=now, reader=reader, cancelled=True)
        with State(team.state_dir, root=team.base) as state:

            def accepted(state: State = state, mail: Mail = mail, sequence: int = sequence) -> None:
                # remembered the moment the server took it (see send), not after the others
                state.record_mail(mail.key, kind="cancel", dossier=dossier.id,
                                  detail={**mail.detail, "sequence": sequence}, at=now)
                state.audit("uitnodiging-per-mail", dossier.id, f"afgelast, volgnummer {sequence}",
                            at=now)

            tried = state.keys.attempt(member.email, f"cancel|{uid}|{_server(team.settings.mail)}")
            refused = state.refusal(mail.key)
            if refused is not None and refused.tried == tried:  # the same again: not tried
                outcomes.append(_refused(member, refused.answer, on=refused.refused_at.date(),
                                         cancel=True))
                continue
            unsent = _send_once(state, mail.key, member, message, team=team, dossier=dossier.id,
                                seen=mail, tried=tried, password=password, now=now,
                                accepted=accepted, cancel=True)
        if unsent is not None:
            outcomes.append(unsent)
            continue
        _mark_outdated(team, dossier, day.isoformat())
        outcomes.append(MailOutcome(member.name, "cancelled"))
    return outcomes


def _send_once(state: State, key: str, member: NetworkMember, message: EmailMessage, *, team: Team,
               dossier: str, seen: Mail | None, tried: str, password: str | None,
               now: datetime.datetime, accepted: Callable[[], None],
               cancel: bool = False) -> MailOutcome | None:
    """Send one person's mail if this process wins its claim (``State.sending``): None when the
    server took it, else what became of it. Another process that sent it meanwhile, or is
    sending it now, keeps it from going twice; an address the server refuses for good (5xx) is
    remembered with what it was tried with, and not tried again until that changes."""
    with state.sending(key, seen=seen) as claim:
        if claim == SENT:
            return MailOutcome(member.name, "already")
        if claim == BUSY:
            return MailOutcome(member.name, "busy", (
                f"{'de afgelasting' if cancel else 'de uitnodiging'} wordt op dit moment verstuurd "
                "door een andere eenplan (de watcher, of iemand met `eenplan invite --mail`): "
                f"`eenplan invite {dossier} --mail` zegt straks of ze weg is."), row=member.row)
        try:
            send(message, team.settings.mail, password=password, to_coordinators=False,
                 accepted=accepted)
        except RecipientsRefused as exc:
            answer = next(iter(exc.refused.values()), "")
            if not exc.permanent:  # the server may take it later (4xx): tried again next time
                return MailOutcome(member.name, "failed", f"{exc} De brief ligt klaar in out/.",
                                   row=member.row)
            state.record_refusal(key, tried=tried, answer=answer, dossier=dossier, at=now)
            state.audit("uitnodiging-per-mail", dossier, f"adres geweigerd ({answer_code(answer)})", at=now)
            return _refused(member, answer, cancel=cancel)
        except MailError as exc:
            return MailOutcome(member.name, "failed", f"{exc} De brief ligt klaar in out/.",
                               row=member.row)
    return None


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
        row=member.row)


def _server(mail: MailSettings) -> str:
    """The mail server as eenplan.toml names it: another one tries a refused address again (a
    server that refused every address for its own reasons, mended in eenplan.toml)."""
    return f"{mail.host}|{mail.port}|{mail.security}|{mail.user}|{mail.sender}"


def _mark_outdated(team: Team, dossier: Dossier, day: str) -> list[Path]:
    """The letters of a round-table's old day get "(vervallen)" in their name: whoever opens
    out/ sees they no longer hold. Nothing is deleted or overwritten. The state follows each
    rename: it knows the file by its new name, as eenplan's, and no longer as its document's
    current file (were the round-table moved back, its letters are made anew, not said to
    have been deleted by hand)."""
    from eenplan.docx_templates.documents import dossier_folder

    folder = dossier_folder(team, dossier)
    if not day or not inside(team.base, folder) or not folder.is_dir():
        return []
    renamed = []
    with State(team.state_dir, root=team.base) as state:
        for path in files_inside(team.base, folder):
            if (not path.name.startswith((f"{day} Uitnodiging", f"{day} Rondetafel "))
                    or OUTDATED in path.name):
                continue
            target, version = path.with_name(f"{path.stem}{OUTDATED}{path.suffix}"), 2
            while target.exists():  # a day left a second time: its first letters keep their name
                target = path.with_name(f"{path.stem}{OUTDATED} ({version}){path.suffix}")
                version += 1
            path.rename(target)
            state.record_moved(path, target, kind_suffix=OUTDATED)
            renamed.append(target)
    return renamed


# The mail around the letter, in the reader's language (the letter itself is in it too): Dutch,
# French or English, the same voice as the letter ("je", "tu", "you").
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
        "family": ("Jullie rondetafelgesprek, {when}",
                   "Jullie rondetafelgesprek is op {when}. In de bijlage vind je jullie "
                   "uitnodiging, en een afspraak voor je agenda."),
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
        "family": ("Votre table ronde, {when}",
                   "Votre table ronde a lieu le {when}. Tu trouveras en pièce jointe votre "
                   "invitation, et un rendez-vous pour ton agenda."),
        "hello": "Bonjour,", "bye": "Bien à toi,",
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
        "family": ("Your round-table meeting, {when}",
                   "Your round-table meeting is on {when}. Attached you will find your "
                   "invitation, and an appointment for your calendar."),
        "hello": "Hello,", "bye": "Kind regards,",
    },
}


def _message(team: Team, dossier: Dossier, table: RoundTable, to: str, *, sequence: int,
             pdf: Path | None, ics: bytes, now: datetime.datetime, reader: str = DUTCH,
             cancelled: bool = False, to_family: bool = False,
             wording: str = "") -> EmailMessage:
    """The mail to one person, in ``reader``'s language when eenplan has the words for it;
    ``to_family``: one of the family itself, with the family's own letter; ``wording``: what is
    new to them (``_news``); by default an update when ``sequence`` says one went before."""
    mail = team.settings.mail
    assert table.date is not None
    used = reader if reader in _MAIL_TEXTS else DUTCH
    texts = _MAIL_TEXTS[used]
    with in_language(used):
        when = long_date_and_hour(table.date, table.time)
        # the family's name as the mail's language says it: "the Peeters family", not "Familie"
        family, the_family = family_names(dossier.family)
    kind = ("cancel" if cancelled else "renewed" if wording == "renewed"
            else "update" if wording == "update" or (sequence and not wording) else "invitation")
    if kind == "invitation" and to_family:
        kind = "family"
    subject, text = (part.format(family=family, the_family=the_family,
                                 The_family=the_family[:1].upper() + the_family[1:], when=when)
                     for part in texts[kind])
    body = f"{texts['hello']}\n\n{text}\n\n{texts['bye']}\n{team.settings.team_name}\n"
    message = new_message(subject, to=to, mail=mail, sent_at=now)
    message.set_content(body)
    if pdf is not None:
        message.add_attachment(pdf.read_bytes(), maintype=PDF_TYPE[0], subtype=PDF_TYPE[1],
                               filename=pdf.name)
    method = "CANCEL" if cancelled else "REQUEST"
    message.add_attachment(ics, maintype="text", subtype="calendar",
                           filename="rondetafel.ics", params={"method": method})
    return message


def mailed_lines(sent: MailedInvitations) -> list[str]:
    """What `eenplan invite --mail` says about the mails, one line per person."""
    said = {"sent": "uitnodiging verstuurd", "updated": "wijziging verstuurd (zelfde afspraak in "
            "de agenda)", "cancelled": "afgelast (de afspraak verdwijnt uit de agenda)",
            "renewed": "nieuwe versie van de uitnodiging verstuurd (dag, uur en plaats blijven)",
            "already": "al verstuurd met deze gegevens, niet opnieuw"}
    lines = [f"Per e-mail ({len(sent.outcomes)}):"] if sent.outcomes else [
        "Per e-mail: niemand van de genodigden heeft Per e-mail = ja op het blad Netwerk."]
    for outcome in sent.outcomes:
        told = said.get(outcome.outcome) or (
            outcome.problem if outcome.outcome == "busy" else f"niet verstuurd. {outcome.problem}")
        lines.append(f"  {outcome.who}: {told}")
    if sent.outdated:
        lines.append(f"Brieven van de oude datum kregen '(vervallen)' in hun naam "
                     f"({len(sent.outdated)}).")
    return lines
