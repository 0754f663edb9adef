"""One run of the watcher on one version of the workbook: the seam between watching and the work.

``run_once`` reads the workbook's bytes once, reads the caseload from a copy of exactly those
bytes, and calls the same jobs the commands call: the check and its report, the overdue list,
the invitations. It keeps the version as a snapshot, says what vanished since the version
before, and writes one line of the audit trail. It never writes the team's workbook.

A version that lost a large share of the caseload at once (``snapshots.large_loss``) is
*held*: kept as a snapshot, said loudly, and nothing else: no reports, no documents, and no
digest while it is the latest (``digest_if_due``). The next version is compared with the last
one that was not held, so a save that looks whole again goes on normally; a loss that was meant
is accepted by a person (``accept_held``, `eenplan watch --accept`).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan import __version__
from eenplan.docx_templates import documents
from eenplan.docx_templates.calendar_cancel import Cancellations, cancel_deleted, cancelled_lines
from eenplan.docx_templates.context import INVITATION
from eenplan.docx_templates.documents import INVITATION_NEEDS, require
from eenplan.docx_templates.limits import Interrupted
from eenplan.docx_templates.team_calendar import TeamCalendar
from eenplan.dutch import and_list, plural
from eenplan.errors import (
    DossierError,
    EenplanError,
    MissingColumn,
    OutputError,
    TemplateError,
    WorkbookUnreadable,
)
from eenplan.files import (
    FileInUse,
    WriteFailed,
    os_reason,
    write_bytes_atomically,
)
from eenplan.flows import jobs as flow_jobs
from eenplan.flows.digest import WeekMail
from eenplan.flows.overdue import Counts, NormColumnMissing, unknown_words
from eenplan.flows.overdue_report import (
    OVERDUE_REPORT_NAME,
    unjudged_report_bytes,
    write_overdue_report,
)
from eenplan.sheets.reader import SheetMemory
from eenplan.sheets.records import Caseload, cycle_collection, invitees_of
from eenplan.sheets.report import CHECK_REPORT_NAME, write_check_report
from eenplan.sheets.schema import BEGELEIDER_EMAIL, BEGELEIDERS, DOSSIERS, LISTS, NETWORK
from eenplan.team import caseload as team_caseload
from eenplan.team.folder import Team
from eenplan.team.reports import write_report
from eenplan.team.state import Digest, Mail, Run, State, digest_key, week_number
from eenplan.watcher.forget import forget_deleted_in
from eenplan.watcher.schedule import week_to_send
from eenplan.watcher.snapshots import (
    Inventory,
    LargeLoss,
    Snapshots,
    Vanished,
    large_loss,
    vanished,
)

OK, UNREADABLE, MISSING, UNCHANGED, HELD = "ok", "unreadable", "missing", "unchanged", "held"
# When eenplan tries again what may pass by itself (a letter open in Word, the mail server away):
# the caller knows (``run_once``'s ``next_try``). The watcher that keeps running tries it over a few
# minutes, `watch --once` at the next round; a run nobody repeats, at the next save.
NEXT_SAVE = "bij de volgende bewaring"


@dataclass(frozen=True)
class RunResult:
    at: datetime.datetime
    workbook: Path
    outcome: str  # ok, unreadable, missing, unchanged, held
    sha256: str = ""
    message: str = ""  # why the workbook could not be read
    errors: int = 0
    warnings: int = 0
    overdue: int | None = None  # None: not counted (the workbook could not be read, or lacks a
    # column a norm needs: ``norm_gap`` says which)
    unknown: int = 0  # dossiers niet te beoordelen: a date a norm needs cannot be read
    norm_gap: str = ""  # the sentence about a column a norm needs that the workbook lacks
    reports: tuple[Path, ...] = ()
    # a report someone changed (kept; the new one at the next free name): said on that run alone
    reports_kept: tuple[str, ...] = ()
    documents: tuple[Path, ...] = ()
    invited: tuple[str, ...] = ()  # the dossiers invitations were made for
    invited_again: tuple[str, ...] = ()  # ... that had invitations before: something changed
    made_again: tuple[str, ...] = ()  # ... whose letters were not there any more: made as they were
    calendar_again: tuple[str, ...] = ()  # ... whose team .ics alone was made anew: the round-table
    # moved back to a day whose letters were there as they were
    kept: int = 0  # documents a person changed, kept (the new version beside them)
    # letters (and PDFs) of people no longer invited to a round-table ahead (or invited under
    # another name now): given "(vervallen)" in their name, and in which dossiers; and those left
    # as they were, changed by hand since (or open in Word)
    outdated: int = 0
    outdated_in: tuple[str, ...] = ()
    stale: int = 0
    stale_in: tuple[str, ...] = ()
    late_for_post: tuple[str, ...] = ()  # new letters, too soon for the post
    snapshot: str = ""
    vanished: Vanished = dataclasses.field(default_factory=Vanished)
    recover_from: str = ""  # the snapshot that still holds what vanished
    problems: tuple[str, ...] = ()  # outputs that could not be written
    loss: LargeLoss | None = None  # held: the large share this version lost
    stopped: bool = False  # told to stop (SIGTERM, Ctrl-C) before every document was made
    mailed: tuple[str, ...] = ()  # the dossiers whose invitations (or changes) went out by e-mail
    called_off: tuple[str, ...] = ()  # what was called off (a round-table, an invitee), one line
    # each by dossier number: cancellations by e-mail, and whom the team must tell itself
    # the dossiers of round-tables deleted from the sheet whose cancelling .ics was written for
    # the team's agendas, and a line for each (by dossier number and day)
    calendar_cancelled: tuple[str, ...] = ()
    calendar_cancelled_lines: tuple[str, ...] = ()
    # what the team must mend before a mail can go (an address the mail server refused for good,
    # on Netwerk; a mail it refused itself for good, at the mail server or in eenplan.toml): said
    # on every run until it is mended, never tried again meanwhile
    mend: tuple[str, ...] = ()
    open_dossiers: int | None = None  # None: not read; 0: "0 te laat" would be no all-clear
    # the mail server refused eenplan's login for good (the password): no invitation went, and
    # none is tried until the password or [mail] changes. One sentence, which the watcher says
    # once (``login_lines``), not at every save
    login_refused: str = ""
    # a problem that may pass without a save of the workbook (a report or letter open in another
    # program, a folder not writable, the mail server away), not one only a change in the
    # workbook or a template mends: the watcher tries this version again at its heartbeat
    retry_soon: bool = False
    # eenplan's sheet name -> the sheet's name in the team's workbook ([bladen]): what is said
    # names a sheet as the team knows it
    sheet_titles: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def title(self, sheet: str) -> str:
        return self.sheet_titles.get(sheet, sheet)

    @property
    def version(self) -> str:
        return self.sha256[:8]

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    def lines(self) -> list[str]:
        """What the watcher prints and logs for this run, in Dutch, without names."""
        when = f"{self.at:%H:%M:%S}"
        if self.outcome == UNCHANGED:
            return []
        if self.outcome in (UNREADABLE, MISSING):
            return [f"{when} {self.message} eenplan wacht op de volgende versie."]
        if self.outcome == HELD and self.loss is not None:
            return [
                f"{when} LET OP: {self.workbook.name} versie {self.version} mist een groot deel van "
                f"de caseload ({self.loss.sentence(self.sheet_titles)}): eenplan maakt er geen "
                "rapporten, documenten of wekelijks overzicht van.",
                f"{when} Een half gesynchroniseerde of gefilterde kopie? Wacht tot de synchronisatie "
                "klaar is en bewaar opnieuw, of neem de volledige versie van ervoor: een kopie staat "
                f"in .eenplan/snapshots/{self.recover_from}.xlsx (open ze in Excel en bewaar ze als "
                "de werkmap van het team). Was het de bedoeling, zeg het dan met `eenplan watch "
                "--accept`.",
            ]
        counts = [plural(self.errors, "fout", "fouten"),
                  plural(self.warnings, "waarschuwing", "waarschuwingen")]
        if self.overdue is not None and self.open_dossiers == 0:  # an empty workbook, or another
            counts.append(f"geen open dossier op het blad {self.title(DOSSIERS)} (niets te beoordelen)")
        elif self.overdue is not None:
            counts.append(f"{self.overdue} te laat")
            counts.append(unknown_words(self.unknown))
        elif self.norm_gap:
            counts.append("te laat: NIET TE BEOORDELEN")
        if self.documents:
            lettered = tuple(d for d in self.invited if d not in self.calendar_again)
            what = [f"uitnodigingen voor {_some(lettered)}"] if lettered else []
            if self.calendar_again:  # its .ics alone: no letter is new
                what.append(f"de agenda-afspraak voor {_some(self.calendar_again)}")
            if self.calendar_cancelled:
                what.append(f"de afgelasting in de agenda voor {_some(self.calendar_cancelled)}")
            counts.append(f"{plural(len(self.documents), 'document', 'documenten')} "
                          f"({'; '.join(what)})")
        else:
            counts.append("geen nieuwe documenten")
        gap = f" LET OP: {self.norm_gap}" if self.norm_gap else ""
        lines = [f"{when} {self.workbook.name} versie {self.version}: {', '.join(counts)}.{gap}"]
        if self.mailed:
            lines.append(f"{when} Uitnodigingen per e-mail verstuurd voor {_some(self.mailed)}.")
        lines += [f"{when} {line}" for line in self.called_off]
        lines += [f"{when} {line}" for line in self.calendar_cancelled_lines]
        lines += [f"{when} LET OP: {sentence}" for sentence in self.mend]
        if self.invited_again:
            lines.append(f"{when} Nieuwe uitnodigingen voor {_some(self.invited_again)}: wat erin "
                         "staat, veranderde (de rondetafel, de genodigden, een ander gegeven uit de "
                         "werkmap of het sjabloon).")
        if self.made_again:
            lines.append(f"{when} Uitnodigingen voor {_some(self.made_again)} opnieuw gemaakt: "
                         f"{documents.made_again()}.")
        if self.calendar_again:
            lines.append(f"{when} Alleen de agenda-afspraak (.ics) voor {_some(self.calendar_again)} "
                         "is opnieuw gemaakt: de rondetafel staat weer op een dag waarvoor de "
                         "uitnodigingen al klaarlagen, en die bleven zoals ze waren.")
        if self.kept:
            lines.append(f"{when} {plural(self.kept, 'uitnodiging was', 'uitnodigingen waren')} met "
                         "de hand aangepast: eenplan liet ze staan en zette de nieuwe versie ernaast.")
        lines += self._void_lines(when)
        if self.late_for_post:
            one = len(self.late_for_post) == 1
            lines.append(f"{when} LET OP: "
                         + (f"de rondetafel van dossier {_some(self.late_for_post)} is" if one else
                            f"de rondetafels van de dossiers {_some(self.late_for_post)} zijn")
                         + f" al binnen {documents.POST_DAYS} dagen: een uitnodiging op de post komt niet "
                         "meer op tijd. "
                         "Laat het wie de brief op papier krijgt zelf weten (bel, of geef de brief af)"
                         + ("." if one else "; `eenplan invite DOSSIER` zegt voor wie."))
        lines += [f"{when} {sentence}" for sentence in self.reports_kept]
        if self.vanished:
            lines.append(f"{when} {self.vanished.sentence(self.recover_from)}")
        lines += [f"{when} {problem}" for problem in self.problems]
        if self.stopped:
            lines.append(f"{when} Gestopt voor alle uitnodigingen gemaakt waren: wat klaar was, is "
                         "bewaard; de volgende ronde maakt de rest.")
        return lines


    def _void_lines(self, when: str) -> list[str]:
        """The letters of people no longer invited, by dossier number and count, never a name:
        `eenplan invite DOSSIER` says which."""
        lines = []
        if self.outdated:
            one = self.outdated == 1
            lines.append(f"{when} {plural(self.outdated, 'brief', 'brieven')} voor "
                         f"{_some(self.outdated_in)} {'hoort' if one else 'horen'} niet meer bij "
                         "een rondetafel die nog komt (niet meer uitgenodigd, een andere naam op het "
                         f"blad {self.title(NETWORK)}, of de rondetafel verplaatst of weggehaald) en "
                         f"{'kreeg' if one else 'kregen'} '(vervallen)' in de naam: "
                         f"verstuur {'hem' if one else 'ze'} niet; ging er al een brief weg, laat "
                         "het die persoon dan zelf weten: de brieven met '(vervallen)' in out/ "
                         "zeggen wie.")
        if self.stale:
            one = self.stale == 1
            lines.append(f"{when} LET OP: {plural(self.stale, 'brief', 'brieven')} voor "
                         f"{_some(self.stale_in)} {'hoort' if one else 'horen'} niet meer bij de "
                         f"rondetafel, maar {'is' if one else 'zijn'} met de hand aangepast (of "
                         f"open in een ander programma), dus liet eenplan {'hem' if one else 'ze'} "
                         f"staan: verstuur {'hem' if one else 'ze'} niet en haal "
                         f"{'hem' if one else 'ze'} zelf weg (`eenplan invite DOSSIER` zegt welke).")
        return lines

    def login_lines(self) -> list[str]:
        """The sentence of a refused login, for the watcher to say once (it is logged)."""
        return [f"{self.at:%H:%M:%S} LET OP: {self.login_refused}"] if self.login_refused else []


def _some(numbers: tuple[str, ...], shown: int = 4) -> str:
    """Dossier numbers for a line: the first few, then how many more."""
    if len(numbers) <= shown + 1:
        return and_list(list(numbers))
    return f"{', '.join(numbers[:shown])} en {len(numbers) - shown} andere"


@cycle_collection(enabled=False)
def read_ahead(team: Team, *, memory: SheetMemory, unless: str | None) -> None:
    """Read the workbook as it is now into ``memory``, while the watcher waits for the end of a
    save, so that the run after it finds its sheets read (a 10,000-dossier save spends ~0.3 s
    reading Dossiers, twice the quiet it waits).

    The bytes are read once and the sheets from eenplan's own copy of them, as ``run_once``
    does, so a reading is kept with the CRC-32 of the very part it was made from: a save that
    comes after this one changes those parts, and the run reads them again. Nothing is said
    here: the same bytes again (``unless``, the hash of the version read last) are left alone,
    and a version that cannot be read is the run's to report.

    It reads what may be half a save (the run waits until the file is whole and stays the
    same): whatever goes wrong here, the run reads again and says it, so nothing escapes.
    """
    workbook = team.workbook
    try:
        data = workbook.read_bytes()
    except OSError:
        return
    if hashlib.sha256(data).hexdigest() == unless:
        return
    incoming = Snapshots(team.state_dir).incoming(workbook.name)
    try:
        write_bytes_atomically(incoming, data)
        team_caseload.load_caseload(dataclasses.replace(team, workbook=incoming), memory=memory)
    except Exception:  # noqa: BLE001 (a reading ahead of its time: the run does it properly)
        memory.forget()


# A run reads, checks and reports on a caseload of many small objects, freed as soon as the run
# ends; a collection in the middle scans them all and finds nothing (0.05-0.08 s of a save at
# 10,000 dossiers). The documents (python-docx) do make cycles: they are collected as always.
@cycle_collection(enabled=False)
def run_once(team: Team, *, now: datetime.datetime, unchanged_since: str | None = None,
             documents: bool = True, stopping: Callable[[], bool] = lambda: False,
             progress: Callable[[str], None] | None = None,
             memory: SheetMemory | None = None, next_try: str = NEXT_SAVE) -> RunResult:
    """Do everything a save calls for, on the workbook as it is now.

    ``unchanged_since``: the hash of the version the last run read; the same bytes again are
    not run twice (outcome "unchanged"). ``documents=False`` leaves the invitations out.
    ``stopping``: asked between two dossiers' documents; once it says yes, the run makes no
    more (what is made is recorded) and says so. ``progress``: a line every few hundred
    documents, for a long first run. ``memory``: the sheets the watcher read last time, so
    that only the sheets a save changed are read again. ``next_try``: when what may pass by itself
    (a letter open in Word, the mail server away) is tried again, as its sentences say it
    ("over enkele minuten"); what only a save mends says "bij de volgende bewaring" all the same.
    """
    workbook = team.workbook
    try:
        data = workbook.read_bytes()
    except FileNotFoundError:
        return _record(team, RunResult(
            at=now, workbook=workbook, outcome=MISSING,
            message=f"{workbook.name} is er niet meer (verwijderd of hernoemd).",
        ))
    except OSError as exc:
        return _record(team, RunResult(
            at=now, workbook=workbook, outcome=UNREADABLE,
            message=f"{workbook.name} kan niet gelezen worden: {_read_reason(exc)}.",
        ))
    sha256 = hashlib.sha256(data).hexdigest()
    store = Snapshots(team.state_dir)
    incoming = store.incoming(workbook.name)
    if sha256 == unchanged_since:
        incoming.unlink(missing_ok=True)  # a version read ahead and saved over with the last one
        return RunResult(at=now, workbook=workbook, outcome=UNCHANGED, sha256=sha256)

    try:
        write_bytes_atomically(incoming, data)
    except WriteFailed as exc:  # the copy eenplan reads and keeps, not the team's workbook
        return _record(team, RunResult(
            at=now, workbook=workbook, outcome=UNREADABLE, sha256=sha256,
            message=f"eenplan kon zijn kopie van {workbook.name} niet bewaren in "
                    f".eenplan/snapshots/: {exc.reason}. {exc.advice}",
        ))
    try:
        caseload = team_caseload.load_caseload(dataclasses.replace(team, workbook=incoming),
                                                 memory=memory)
    except WorkbookUnreadable as exc:
        incoming.unlink(missing_ok=True)
        return _record(team, RunResult(at=now, workbook=workbook, outcome=UNREADABLE, sha256=sha256,
                                       message=str(exc)))
    caseload = dataclasses.replace(caseload, workbook=str(workbook))
    if not is_teams_workbook(team):  # --workbook ../other.xlsx: not a version of the team's
        incoming.unlink(missing_ok=True)  # workbook, so not in its history, nor compared with it
        return _record(team, _work(team, caseload, now=now, sha256=sha256, documents=documents,
                                   stopping=stopping, progress=progress, next_try=next_try))
    previous = store.latest_other(sha256)
    inventory = Inventory.of(caseload)
    before = store.inventory(previous) if previous is not None else None
    gone = vanished(before, inventory) if before is not None else Vanished()
    if gone:  # a dossier retention deleted vanished on purpose: it pins no snapshot
        with State(team.state_dir, root=team.base) as state:
            gone = gone.without(state.retention_deleted())
    known = store.find(sha256)
    loss = None if before is None or (known is not None and known.accepted) else large_loss(
        before, inventory)
    if loss is not None and previous is not None:
        snapshot = store.hold(store.keep(incoming, sha256, inventory, now))
        forget_deleted_in(team, store, snapshot, caseload)
        store.pin(previous)
        store.prune(now)
        return _record(team, RunResult(
            at=now, workbook=workbook, outcome=HELD, sha256=sha256, snapshot=snapshot.name,
            vanished=gone, recover_from=previous.name, loss=loss, sheet_titles=caseload.sheet_titles,
        ))

    result = _work(team, caseload, now=now, sha256=sha256, documents=documents,
                   stopping=stopping, progress=progress, next_try=next_try)
    snapshot = store.keep(incoming, sha256, inventory, now)
    forget_deleted_in(team, store, snapshot, caseload)
    if gone and previous is not None:
        store.pin(previous)
    store.prune(now)
    return _record(team, dataclasses.replace(
        result, snapshot=snapshot.name, vanished=gone,
        recover_from=previous.name if gone and previous else ""))


def is_teams_workbook(team: Team) -> bool:
    """Whether the watcher reads the team's own workbook (eenplan.toml's), not another one
    given with --workbook: only the team's versions go into its snapshots."""
    if team.root is None:
        return True
    try:
        return team.workbook.resolve() == (team.root / team.settings.workbook).resolve()
    except OSError:
        return False


def _work(team: Team, caseload: Caseload, *, now: datetime.datetime, sha256: str, documents: bool,
          stopping: Callable[[], bool], progress: Callable[[str], None] | None,
          next_try: str = NEXT_SAVE) -> RunResult:
    """The reports, the letters and the mails of a version that was read (not yet recorded)."""
    workbook, today = team.workbook, now.date()
    problems: list[str] = []
    lasting: list[str] = []  # those of ``problems`` only a change in the workbook or a template mends
    moved: list[str] = []  # a report someone changed: kept, the new one at the next free name
    report = flow_jobs.check_caseload(team, caseload, today=today)
    checked = _refresh(team, team.reports_dir / CHECK_REPORT_NAME,
                       (report.findings, dict(report.sheet_titles), str(workbook)),
                       lambda path: write_check_report(report, path, workbook=workbook), problems, moved)
    overdue, written = _overdue_report(team, caseload, today=today, problems=problems, moved=moved)
    counted = overdue.overdue if overdue.judged else None
    reports = [path for path in (checked, *written) if path is not None]
    invitations = (_invitations(team, caseload, now=now, problems=problems, stopping=stopping,
                                progress=progress, lasting=lasting, next_try=next_try)
                   if documents else Invitations())
    mend: list[str] = []
    login: list[str] = []
    mailed, called_off = (_mail_invitations(team, caseload, now=now, problems=problems, mend=mend,
                                            login=login, next_try=next_try)
                          if documents and team.settings.mail.invitations and not invitations.stopped
                          else ((), ()))
    # after the mails: a cancellation by e-mail renames the old .ics of its day "(vervallen)"
    cancelled = (_calendar_cancellations(team, caseload, now=now, problems=problems, lasting=lasting,
                                         next_try=next_try)
                 if documents and not invitations.stopped else Cancellations())
    return RunResult(
        at=now, workbook=workbook, outcome=OK, sha256=sha256, errors=report.errors,
        warnings=report.warnings, overdue=counted, unknown=overdue.unknown,
        norm_gap=overdue.gap, reports=tuple(reports), reports_kept=tuple(moved),
        documents=(*invitations.written, *(c.path for c in cancelled.done)),
        invited=invitations.dossiers, invited_again=invitations.again,
        calendar_cancelled=cancelled.dossiers,
        calendar_cancelled_lines=tuple(cancelled_lines(cancelled, caseload.sheet_titles)),
        made_again=invitations.missing, calendar_again=invitations.calendar_again,
        kept=invitations.kept, outdated=invitations.outdated, outdated_in=invitations.outdated_in,
        stale=invitations.stale, stale_in=invitations.stale_in, late_for_post=invitations.late_for_post,
        problems=tuple(dict.fromkeys(problems)),
        stopped=invitations.stopped, mailed=mailed, called_off=called_off, mend=tuple(mend),
        open_dossiers=caseload.open_dossiers, login_refused=" ".join(login[:1]),
        retry_soon=any(problem not in lasting for problem in problems),
        sheet_titles=caseload.sheet_titles,
    )


def _calendar_cancellations(team: Team, caseload: Caseload, *, now: datetime.datetime,
                            problems: list[str], lasting: list[str] | None = None,
                            next_try: str = NEXT_SAVE) -> Cancellations:
    """The cancelling .ics of each appointment ahead in the team's agendas whose round-table was
    deleted from the sheet (``calendar_cancel``); what could not be judged or written goes into
    ``problems``, by dossier number, and what only a change in the workbook mends into
    ``lasting`` too."""
    try:
        cancelled = cancel_deleted(team, caseload, today=now.date(), now=now,
                                   teams_workbook=is_teams_workbook(team),
                                   next_try=f"{next_try}, of met `eenplan invite`")
    except MissingColumn as exc:
        problems.append(str(exc))
        if lasting is not None:
            lasting.append(str(exc))
        return Cancellations()
    except OutputError:  # the memory in .eenplan/ cannot be opened: said by the run's record too
        problems.append("eenplan kon niet nagaan welke rondetafels geschrapt zijn om ze in de agenda "
                        "af te gelasten (het geheugen in .eenplan/ is niet te openen); eenplan "
                        f"probeert het {next_try} opnieuw.")
        return Cancellations()
    problems += cancelled.problems
    return cancelled


@cycle_collection(enabled=True, blind_to_existing=True)  # python-docx makes cycles
def _mail_invitations(team: Team, caseload: Caseload, *, now: datetime.datetime,
                      problems: list[str], mend: list[str],
                      login: list[str] | None = None,
                      next_try: str = NEXT_SAVE) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Invitations by e-mail for every open dossier where someone agreed to them ([mail]
    uitnodigingen = true), as `eenplan invite --mail` sends them: each version to each person
    once, so most saves send nothing and make no PDF. What no longer holds is called off: for
    a dossier where someone has an invitation by e-mail ahead, or (closed) letters ahead.
    The dossiers mailed to, and a line for each thing called off. What went wrong is said by
    dossier number (the log holds no names); `eenplan invite DOSSIER --mail` says who and why.
    An address the mail server refused for good goes into ``mend``, by its row on Netwerk, on
    every run until it changes (it is not tried again meanwhile), and so, in one sentence for
    all dossiers, do the mails it refused themselves for good (not the address: their sender or
    their message); what may go later goes into ``problems``. A login the mail server refused
    for good (the password) goes into ``login``, once: no invitation goes until the password or
    [mail] changes, so the dossiers after it are not tried."""
    from eenplan.docx_templates.mailing import (
        LOGIN_REFUSED,
        MESSAGE_REFUSED,
        UNSENT,
        called_off_lines,
        consenting,
        invited_ahead,
        mail_invitations,
    )

    today = now.date()
    with State(team.state_dir, root=team.base) as state:
        ahead = invited_ahead(state, today)
    mailed: list[str] = []
    called_off: list[str] = []
    refused_mails: dict[str, list[str]] = {}  # dossier -> the server's codes of mails it refused
    for dossier in caseload.dossiers:
        if not dossier.id:
            continue
        if dossier.is_open:
            if not (dossier.id in ahead.mailed or consenting(caseload.network_of(dossier.id))):
                continue
        elif dossier.id not in ahead.mailed and dossier.id not in ahead.lettered:
            continue
        try:
            sent = mail_invitations(team, caseload, dossier.id, None, today=now.date(), now=now,
                                    letters=False)
        except DossierError:
            continue  # no round-table ahead: nothing to invite to
        except EenplanError:
            problems.append(f"De uitnodigingen per e-mail voor {dossier.id} gingen niet weg: "
                            f"`eenplan invite {dossier.id} --mail` zegt waarom.")
            continue
        if any(o.outcome in ("sent", "updated", "renewed") for o in sent.outcomes):
            mailed.append(dossier.id)
        called_off += called_off_lines(dossier.id, sent.called_off, caseload.sheet_titles,
                                       next_try=next_try)
        if sent.held:
            problems.append(f"Een uitnodiging per e-mail voor {dossier.id} wacht: de brief kon niet "
                            "opnieuw gemaakt worden (open in een ander programma), en een mail gaat "
                            "nooit weg met een brief die iets anders zegt. eenplan verstuurt ze "
                            f"{next_try}, als de brief dan gesloten is.")
        if sent.login_refused:  # every mail would be refused alike: the others wait for it too
            if login is not None:
                login.append(sent.login_refused)
            else:
                mend.append(sent.login_refused)
            break
        if any(o.outcome in UNSENT and o.outcome not in ("refused", MESSAGE_REFUSED, "busy", "held",
                                                         LOGIN_REFUSED)
               for o in sent.outcomes):
            problems.append(f"Niet elke uitnodiging per e-mail voor {dossier.id} ging weg: "
                            f"`eenplan invite {dossier.id} --mail` zegt wie en waarom.")
        if any(o.outcome == "busy" for o in sent.outcomes):
            # another eenplan is sending it: not twice; whether it went, the next run sees
            problems.append(f"Een uitnodiging per e-mail voor {dossier.id} verstuurde een andere "
                            "eenplan op hetzelfde moment (`eenplan invite --mail`): eenplan kijkt "
                            f"{next_try} of ze weg is.")
        if sent.refused:
            mend.append(_refused_invitations(dossier.id, [o.row for o in sent.refused],
                                             caseload.title(NETWORK)))
        if sent.message_refused:
            refused_mails[dossier.id] = [o.code for o in sent.message_refused]
    if refused_mails:
        mend.append(_refused_mails(refused_mails))
    return tuple(mailed), tuple(called_off)


def _refused_mails(refused: dict[str, list[str]]) -> str:
    """The sentence about the mails the mail server refused for good themselves (a 5xx at their
    sender or their message, not at an address), for all dossiers at once (a sender the server
    no longer takes refuses every mail): by dossier number and the server's codes (it is logged)."""
    count = sum(len(codes) for codes in refused.values())
    codes = sorted({code for found in refused.values() for code in found if code})
    said = f" ({', '.join(codes)})" if codes else ""
    numbers = tuple(refused)
    which = numbers[0] if len(numbers) == 1 else "DOSSIER"
    return (f"De mailserver weigerde {plural(count, 'mail', 'mails')} voor de rondetafels van "
            f"{_some(numbers)}{said}, niet om een e-mailadres maar om de mail zelf: vraag wie de "
            "mailserver beheert waarom, en kijk [mail] in eenplan.toml na. eenplan probeert ze "
            "pas opnieuw als de brief, het adres of [mail] in eenplan.toml verandert, of met "
            f"`eenplan invite {which} --mail --opnieuw`.")


def _refused_invitations(number: str, rows: list[int], sheet: str = NETWORK) -> str:
    """The sentence about the people of a dossier whose address the mail server refused for
    good (a 5xx), by their rows on Netwerk (``sheet``: as the team's workbook names it), never by
    name (it is logged)."""
    one = len(rows) == 1
    shown = sorted({row for row in rows if row})
    where = f" ({'rij' if len(shown) == 1 else 'rijen'} {and_list([str(r) for r in shown])})" if shown else ""
    it, address, changes = ("het", "het adres", "verandert") if one else ("ze", "die adressen", "veranderen")
    return (f"De mailserver weigerde het e-mailadres van {plural(len(rows), 'persoon', 'personen')} "
            f"die de uitnodigingen van {number} per e-mail {'wil' if one else 'willen'}: verbeter "
            f"{it} op het blad {sheet}{where}. Zolang {address} niet {changes}, probeert eenplan "
            f"{it} niet opnieuw (`eenplan invite {number} --mail` zegt wie, en wat klaarligt in out/).")


def _refresh(team: Team, path: Path, content: object, write: Callable[[Path], object],
             problems: list[str], moved: list[str]) -> Path | None:
    """Write a report, unless it already holds this very content (most saves change one cell).

    ``content`` is what the report is made of; its repr is remembered in the state with the hash
    of the file written, so a report someone deleted is written anew. One someone opened and
    changed is theirs: it is left, and the report goes to the next free name
    (``team.reports.write_report``), which later saves refresh; ``moved`` gets the sentence that
    says so, once, on the save that first finds it changed.
    """
    fingerprint = hashlib.sha256(repr((__version__, content)).encode("utf-8")).hexdigest()
    try:
        written = write_report(team, path, write, made_from=fingerprint)
    except OutputError as exc:
        problems.append(str(exc))
        return None
    if written.moved:
        moved.append(written.kept_sentence(lambda p: _relative(p, team.base)))
    return written.path


def _relative(path: Path, base: Path) -> str:
    """A path as the team sees it in its folder: rapporten/Achterstand (2).xlsx."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


# --- the work other parts of eenplan do, through the jobs the commands use ----------------------

@dataclass(frozen=True)
class OverdueCount:
    judged: bool = True  # False: a column a norm needs is missing (``gap`` says which)
    overdue: int = 0
    unknown: int = 0  # dossiers niet te beoordelen
    gap: str = ""


def _overdue_report(team: Team, caseload: Caseload, *, today: datetime.date,
                    problems: list[str], moved: list[str]) -> tuple[OverdueCount, tuple[Path, ...]]:
    """rapporten/Achterstand.xlsx, as `eenplan overdue --format xlsx` writes it. When the
    workbook lacks a column a norm needs (the count says so), the report says that instead:
    the list of last time, left in place, would read as this week's."""
    name = team.settings.team_name
    try:
        items = flow_jobs.overdue_list(team, caseload, today=today)
    except NormColumnMissing as exc:
        gap = str(exc)
        path = _refresh(team, team.reports_dir / OVERDUE_REPORT_NAME, (today, name, gap),
                        lambda path: write_bytes_atomically(path, unjudged_report_bytes(
                            gap, today=today, team_name=name)), problems, moved)
        return OverdueCount(judged=False, gap=gap), (path,) if path is not None else ()
    judged = caseload.open_dossiers
    caution = flow_jobs.overdue_caution(team, caseload)
    path = _refresh(team, team.reports_dir / OVERDUE_REPORT_NAME, (today, name, items, judged == 0, caution),
                    lambda path: write_overdue_report(items, path, today=today, team_name=name,
                                                      judged=judged, caution=caution,
                                                      dossiers_title=caseload.title(DOSSIERS)),
                    problems, moved)
    counts = Counts.of(items)
    return (OverdueCount(overdue=counts.overdue, unknown=counts.unknown),
            (path,) if path is not None else ())


@dataclass(frozen=True)
class Invitations:
    written: tuple[Path, ...] = ()
    dossiers: tuple[str, ...] = ()  # the dossiers they are for
    again: tuple[str, ...] = ()  # dossiers that had invitations, now new ones (date, place, people)
    kept: int = 0  # invitations a person changed: kept, the new one beside them
    stopped: bool = False  # told to stop before every round-table had its letters
    missing: tuple[str, ...] = ()  # dossiers whose letters were made again as they were: gone
    calendar_again: tuple[str, ...] = ()  # dossiers whose team .ics alone was made anew (moved
    # back to a day whose letters are there as they were)
    outdated: int = 0  # letters of people no longer invited: "(vervallen)" in their name
    outdated_in: tuple[str, ...] = ()  # ... in these dossiers
    stale: int = 0  # ... changed by hand (or open in Word): left as they are, and said
    stale_in: tuple[str, ...] = ()
    late_for_post: tuple[str, ...] = ()  # dossiers with new letters for a round-table too soon for the post


PROGRESS_EVERY = 250  # documents: a line on a long run, so no one thinks it hangs


@cycle_collection(enabled=True, blind_to_existing=True)  # python-docx makes cycles
def _invitations(team: Team, caseload: Caseload, *, now: datetime.datetime,
                 problems: list[str], stopping: Callable[[], bool] = lambda: False,
                 progress: Callable[[str], None] | None = None,
                 lasting: list[str] | None = None, next_try: str = NEXT_SAVE) -> Invitations:
    """The invitations for every round-table ahead with invited people, as `eenplan invite`
    makes them; the shared memory makes each once for the same data. None, said once, when the
    workbook lacks a sheet or column they fill from (a renamed Netwerk would invite no one)."""

    lasting = [] if lasting is None else lasting  # (of problems: only the workbook or a template mends)
    try:
        require(caseload, INVITATION_NEEDS, "geen uitnodigingen maken")
    except MissingColumn as exc:
        problems.append(str(exc))
        lasting.append(str(exc))
        return Invitations()
    today = now.date()
    written: list[Path] = []
    dossiers: list[str] = []
    again: list[str] = []
    missing: list[str] = []
    calendar_again: list[str] = []
    kept = outdated = stale = 0
    outdated_in: list[str] = []
    stale_in: list[str] = []
    late: list[str] = []
    done: set[tuple[str, datetime.date]] = set()
    stopped = False
    said = 0
    planned: list[tuple[str, datetime.date, documents.Planned]] = []  # dossier, round-table, letters
    wanted: list[tuple[str, datetime.date]] = []
    for table in caseload.round_tables:
        dossier = caseload.dossier(table.dossier)
        if table.date is None or table.date <= today or dossier is None or not dossier.is_open:
            continue
        if (dossier.id, table.date) in done:
            continue
        done.add((dossier.id, table.date))
        if not invitees_of(table, caseload.network_of(dossier.id))[0]:  # no one invited yet: no letters
            continue
        wanted.append((dossier.id, table.date))
    # the appointments the team's .ics files gave out, in one look for every dossier planned
    calendar = TeamCalendar.load(team, [number for number, _ in wanted]) if wanted else None
    for number, day in wanted:
        if stopping():
            stopped = True
            break
        try:
            planned.append((number, day, documents.plan_invitations(
                team, caseload, number, day, today=today, calendar=calendar)))
        except (DossierError, TemplateError, MissingColumn) as exc:
            problems.append(str(exc))
            lasting.append(str(exc))
    queue = collections.deque([] if stopped else planned)
    del planned  # each round-table's documents are let go once written
    rendered = 0  # round-tables at the front of the queue whose documents are rendered
    while queue:
        if stopping():
            stopped = True
            break
        if rendered == 0:  # the next round-tables' letters at once, on every core
            rendered = _rendered_together(queue)
            try:
                documents.render_ahead(team, [job for _, _, job in itertools.islice(queue, rendered)])
            except Interrupted:  # told to stop mid-letter: those wait for the next run
                stopped = True
                break
        number, when, job = queue.popleft()
        rendered -= 1
        if job.made_before:  # every letter, the print file and the .ics are there: nothing to do
            continue
        with State(team.state_dir, root=team.base) as state:
            before = {g.document.split("/")[0] for g in state.generated_for(number, INVITATION)}
        planned_days = {t.date.isoformat() for t in caseload.round_tables_of(number) if t.date}
        this = when.isoformat()
        ahead = {day for day in before if day > today.isoformat()}
        # Made before for this round-table (its hour, place or people changed), or for a date
        # ahead that is no longer planned while no other planned one has its letters yet (the
        # round-table moved here); not simply a next round-table.
        changed = this in before or (any(day not in planned_days for day in ahead)
                                     and not any(day in planned_days and day != this for day in ahead))
        try:
            made = documents.run(team, job, now=now)
        except Interrupted:  # told to stop mid-letter: what was made is recorded, the rest waits
            stopped = True
            break
        except (DossierError, TemplateError, MissingColumn) as exc:
            problems.append(str(exc))
            lasting.append(str(exc))
            continue
        except WriteFailed as exc:  # its file name can carry a person's name: not for the log
            problems.append(f"De uitnodigingen voor {number} konden niet geschreven worden: "
                            f"{exc.reason}. {exc.advice[:-1]}; eenplan probeert het {next_try} "
                            "opnieuw.")
            continue
        except OutputError:  # the other refusals name a folder or a file: not for the log either
            problems.append(f"De uitnodigingen voor {number} konden niet geschreven worden (een "
                            "koppeling naar elders, of het geheugen in .eenplan/ is niet te openen); "
                            f"eenplan probeert het {next_try} opnieuw.")
            continue
        if made.failed:  # a file name can carry a person's name: not for the log
            problems.append(_not_written(number, made.failed, next_try))
        if made.written:
            written += made.written
            dossiers.append(number)
            if documents.late_for_post(when, today=today) and any(
                    p.suffix == ".docx" and o.kind == INVITATION and p == o.path
                    for p in made.written for o in job.outputs):
                late.append(number)
            reprinted = job.combined is not None and {  # (and its PDF, when it has one)
                p for p in made.written if p.suffix != ".pdf"} == {job.combined.path}
            # the team's .ics alone: the round-table moved back to a day whose letters are there,
            # as they were (the appointment moves; no letter is new)
            calendars = {o.path for o in job.outputs if o.kind == documents.CALENDAR}
            if set(made.written) <= set(made.restored):  # missing, as `invite` says it too
                missing.append(number)
            elif set(made.written) <= calendars:
                calendar_again.append(number)
            elif changed and not reprinted:  # the print file alone: a letter changed in Word
                again.append(number)
        kept += len(made.kept)
        if made.outdated:
            outdated += len(made.outdated)
            outdated_in.append(number)
        if made.stale:
            stale += len(made.stale)
            stale_in.append(number)
        if progress is not None and len(written) // PROGRESS_EVERY > said:
            said = len(written) // PROGRESS_EVERY
            progress(f"Bezig: {len(written)} documenten gemaakt, voor "
                     f"{plural(len(set(dossiers)), 'dossier', 'dossiers')}.")
    return Invitations(tuple(written), tuple(dict.fromkeys(dossiers)), tuple(dict.fromkeys(again)),
                       kept, stopped, tuple(dict.fromkeys(missing)),
                       tuple(dict.fromkeys(calendar_again)), outdated,
                       tuple(dict.fromkeys(outdated_in)), stale, tuple(dict.fromkeys(stale_in)),
                       tuple(dict.fromkeys(late)))


def _not_written(number: str, failed: tuple[WriteFailed, ...], next_try: str = NEXT_SAVE) -> str:
    """The line about a dossier's documents that could not be put at their name (a letter open
    in Word), without the file names (they can carry a person's name)."""
    count = len(failed)
    what = (f"{'Een document' if count == 1 else f'{count} documenten'} in out/{number}/ "
            f"{'kon' if count == 1 else 'konden'} niet opnieuw geschreven worden")
    if all(isinstance(f, FileInUse) for f in failed):
        it = "het" if count == 1 else "ze"
        return (f"{what}: {'het is' if count == 1 else 'ze zijn'} open in een ander programma "
                f"(Word?). Sluit {it}, eenplan maakt {it} dan {next_try} opnieuw.")
    return (f"{what}: {failed[0].reason}. {failed[0].advice[:-1]}; eenplan probeert het {next_try} "
            "opnieuw.")


RENDER_AHEAD = 250  # documents rendered before they are written: memory, and the progress line


def _rendered_together(queue: collections.deque[tuple[str, datetime.date, documents.Planned]]) -> int:
    """How many round-tables from the front render together: at least one, and as many as fit
    in ``RENDER_AHEAD`` documents."""
    count = total = 0
    for _, _, job in queue:
        total += len(job.outputs)
        if count and total > RENDER_AHEAD:
            break
        count += 1
    return count


def _read_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "eenplan mag het niet lezen (geen toegang)"
    return os_reason(exc)[0].replace("schrijven", "lezen")


def _record(team: Team, result: RunResult) -> RunResult:
    """One line of the audit trail: counts and dossier numbers, never names."""
    touched = (*result.vanished.numbers, *result.invited, *result.calendar_cancelled)
    try:
        with State(team.state_dir, root=team.base) as state:
            state.record_run(Run(
                at=result.at, workbook_sha256=result.sha256, outcome=result.outcome,
                errors=result.errors, warnings=result.warnings, overdue=result.overdue or 0,
                documents=len(result.documents), dossiers=tuple(dict.fromkeys(touched)),
            ))
    except OutputError as exc:
        return dataclasses.replace(result, problems=(*result.problems, str(exc)), retry_soon=True)
    return result


def accept_held(team: Team, *, now: datetime.datetime) -> str:
    """A person says the version the watcher held was meant (`eenplan watch --accept`): one
    Dutch line that says what happens now."""
    accepted = Snapshots(team.state_dir).accept_held()
    if accepted is None:
        return ("De watcher houdt geen versie tegen: hij werkt al met de laatste versie van de "
                "werkmap.")
    with State(team.state_dir, root=team.base) as state:
        state.audit("accept-held-version", "", accepted.name, at=now)
    return (f"Versie {accepted.sha256[:8]} (snapshot {accepted.name}) is aanvaard: eenplan watch "
            "werkt er weer mee bij de volgende bewaring, of uiterlijk na middernacht.")


# --- the weekly digest ------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestSent:
    """What a digest sender did: how (smtp, eml), what it counted, one Dutch line about it (none
    when it had nothing to do)."""

    how: str
    counts: Mapping[str, Any]
    line: str
    unsent: int = 0  # the begeleiders' weeks the mail server did not take: said in line; the
    # week's round stays open, so the next round sends them (and nothing twice)
    mend: str = ""  # what the team must mend before some begeleiders get their week (no e-mail
    # address on Lijsten, a missing column), or a coordinator (an address the mail server
    # refused): said loudly; no mail server can help, so the round is done all the same
    refused: int = 0  # the mails the server refused for a wrong address (said in mend): not
    # tried again, but this round did not do everything (`watch --once` exits 2, once)
    busy: bool = False  # another eenplan (`eenplan digest --send`) was sending the coordinators'
    # digest at that moment: not sent here, nor remembered as sent; counted in unsent, so the
    # next round looks whether it went (and sends it if it did not)
    waiting: int = 0  # the mails the mail server refused for good themselves (the digest, a
    # begeleider's week: their sender or their message) or whose login it refused (the
    # password), now or earlier this week: said in mend, once; the round stays open but does not
    # ask the server again until [mail] (or the password, or the address) changes
    login: str = ""  # the sentence of a login the mail server refused (the watcher says it once)
    digest_waits: bool = False  # the coordinators' digest itself is one of ``waiting``: not sent


DigestSender = Callable[..., "DigestSent | None"]


@dataclass(frozen=True)
class DigestResult:
    at: datetime.datetime
    week: str
    sent: DigestSent | None  # None: eenplan could not send it, or it waits (held)
    held: bool = False  # the latest version was held: the digest waits for a whole one

    def lines(self) -> list[str]:
        when = f"{self.at:%H:%M:%S}"
        if self.held:
            number = week_number(self.week)
            return [f"{when} LET OP: het wekelijkse overzicht van week {number} wacht: de laatste "
                    "versie van de werkmap mist een groot deel van de caseload. eenplan stuurt het "
                    "na de eerste volledige versie (of na `eenplan watch --accept`)."]
        if self.sent is None:
            return [f"{when} Het wekelijkse overzicht van {self.week} kan deze versie van eenplan "
                    "nog niet maken."]
        return [f"{when} {self.sent.line}"] if self.sent.line else []

    def warnings(self) -> list[str]:
        """What the team must mend, said loudly after ``lines`` (never a name: it is logged)."""
        if self.sent is None or not self.sent.mend:
            return []
        return [f"{self.at:%H:%M:%S} LET OP: {self.sent.mend}"]


def digest_if_due(team: Team, *, now: datetime.datetime,
                  send: DigestSender | None = None) -> DigestResult | None:
    """Send this week's digest if its moment has passed and its round is not done; else None
    (also for a week missed, in the last day before the next week's moment: ``week_to_send``).

    The round is the coordinators' digest and each begeleider's week. Each mail is remembered
    the moment the server takes it, so a watcher stopped halfway (killed, the PC off), or a
    mail server that failed halfway, sends at the next round what had not gone yet and nothing
    twice: the round is done only when no mail is left that a server could still take. While
    the latest version the watcher read was held, the digest waits (``held``)."""
    week = week_to_send(now, team.settings.digest)
    if week is None:
        return None
    with State(team.state_dir, root=team.base) as state:
        if state.weekly_round_done(week):
            return None
        last = state.runs(limit=1)
    if last and last[0].outcome == HELD:
        return DigestResult(at=now, week=week, sent=None, held=True)
    sent = (send or _send_digest)(team, week=week, now=now)
    if sent is not None:
        with State(team.state_dir, root=team.base) as state:
            # a sender that did not remember it itself (never one that left it to another)
            if state.digest(week) is None and not sent.busy and not sent.digest_waits:
                state.record_digest(week, how=sent.how, counts=sent.counts, at=now)
            if not sent.unsent and not sent.waiting:
                state.record_weekly_round(week, at=now)
    return DigestResult(at=now, week=week, sent=sent)


def _send_digest(team: Team, *, week: str, now: datetime.datetime) -> DigestSent | None:
    """The coordinators' digest, as `eenplan digest --send` makes it (an .eml in rapporten/ when
    eenplan.toml names no mail server), then each begeleider's week. A digest that already went
    this week (a watcher stopped before the begeleiders' weeks, a mail server that failed
    after the digest, `eenplan digest --send` by hand) is not sent again: the weeks still to go,
    go. One that `eenplan digest --send` is sending at this very moment is left to it: the
    next round looks whether it went."""
    caseload = team_caseload.load_caseload(team, flow_jobs.DIGEST_SHEETS)
    number = week_number(week)
    with State(team.state_dir, root=team.base) as state:
        before, went = state.digest(week), state.mail(digest_key(week))
    if _went(before, went, has_server=bool(team.settings.mail.host)):
        return _went_already(team, caseload, week=week, now=now,
                             counts=before.counts if before is not None else {},
                             how=before.how if before is not None else "smtp")
    result = flow_jobs.digest(team, caseload, today=now.date(), sent_at=now, how="smtp", week=week,
                              by="watcher")
    if result.earlier is not None:  # sent by hand since this round looked
        return _went_already(team, caseload, week=week, now=now, counts=result.counts, how="smtp")
    if result.busy:  # by hand, right now: the weeks are the watcher's all the same
        line = (f"Het wekelijkse overzicht van week {number} verstuurde een andere eenplan op "
                "hetzelfde moment (`eenplan digest --send`): de volgende ronde kijkt of het weg is.")
        weeks = (_begeleider_weeks(team, caseload, week=week, now=now)
                 if team.settings.digest.begeleiders else _Weeks("", 0, ""))
        return DigestSent(how="smtp", counts=result.counts,
                          line=" ".join(filter(None, (line, weeks.line))), unsent=weeks.unsent + 1,
                          mend=weeks.mend, refused=weeks.refused, busy=True,
                          waiting=weeks.waiting, login=weeks.login)

    def shown(path: Path) -> str:
        return path.relative_to(team.base).as_posix() if team.base in path.parents else str(path)

    # an .eml someone changed in rapporten/ is left, and this one goes beside it: said (the names
    # are the week's, never a person's)
    left = result.left_sentence(shown)
    if result.eml is not None:
        return DigestSent(how="eml", counts=result.counts,
                          line=" ".join(filter(None, (
                              f"Het wekelijkse overzicht van week {number} staat klaar om zelf te "
                              f"versturen: {shown(result.eml)} (eenplan.toml noemt geen "
                              "mailserver).", left))))
    if result.message_refused is not None:  # refused for good, now or earlier with this [mail]
        weeks = (_begeleider_weeks(team, caseload, week=week, now=now)
                 if team.settings.digest.begeleiders else _Weeks("", 0, ""))
        return DigestSent(how="smtp", counts=result.counts,
                          line=" ".join(filter(None, (f"Het wekelijkse overzicht van week {number} "
                                                      "is niet verstuurd.", left, weeks.line))),
                          unsent=weeks.unsent, refused=weeks.refused,
                          mend=" ".join(filter(None, (result.message_refusal(shown), weeks.mend))),
                          waiting=weeks.waiting + 1, login=weeks.login, digest_waits=True)
    line = (f"Het wekelijkse overzicht van week {number} is verstuurd naar "
            f"{plural(len(result.sent_to), 'coördinator', 'coördinatoren')}." if result.sent_to
            else f"Het wekelijkse overzicht van week {number} is niet verstuurd.")
    # a coordinator the server refused: an address to mend, like one missing; sent again it would
    # reach the others twice, and a wrong address is refused again every hour
    refused = result.refusal_unnamed(team.settings.mail.coordinators, shown=shown)
    line = " ".join(filter(None, (line, left)))
    if not team.settings.digest.begeleiders:
        return DigestSent(how="smtp", counts=result.counts, line=line, mend=refused,
                          refused=len(result.refused))
    weeks = _begeleider_weeks(team, caseload, week=week, now=now)
    return DigestSent(how="smtp", counts=result.counts, line=" ".join(filter(None, (line, weeks.line))),
                      unsent=weeks.unsent, mend=" ".join(filter(None, (refused, weeks.mend))),
                      refused=len(result.refused) + weeks.refused, waiting=weeks.waiting,
                      login=weeks.login)


def _went(before: Digest | None, went: Mail | None, *, has_server: bool) -> bool:
    """Whether the week's digest went already: as a mail (``went``, whoever sent it), or as the
    state of an earlier version remembers one sent; with no mail server, the .eml this watcher
    wrote is its digest. An .eml a person wrote (`eenplan digest --eml MAP`) did not go."""
    return went is not None or (before is not None and (before.how == "smtp" or not has_server))


def _went_already(team: Team, caseload: Caseload, *, week: str, now: datetime.datetime,
                  counts: Mapping[str, Any], how: str) -> DigestSent:
    """The round of a week whose digest went already: the begeleiders' weeks still to go."""
    if not (team.settings.digest.begeleiders and team.settings.mail.host):
        return DigestSent(how=how, counts=counts, line="")  # said only when weeks were to go
    weeks = _begeleider_weeks(team, caseload, week=week, now=now)
    line = " ".join(filter(None, (f"Het wekelijkse overzicht van week {week_number(week)} was al "
                                  "verstuurd.", weeks.line)))
    return DigestSent(how=how, counts=counts, line=line, unsent=weeks.unsent, mend=weeks.mend,
                      refused=weeks.refused, waiting=weeks.waiting, login=weeks.login)


@dataclass(frozen=True)
class _Weeks:
    line: str  # what went, and what the mail server did not take ("" when there is nothing to say)
    unsent: int  # the weeks the mail server did not take: the next round sends them
    mend: str  # what the team must mend for the others (DigestSent.mend)
    refused: int = 0  # the weeks the server refused for a wrong address (in mend)
    waiting: int = 0  # the weeks the server refused for good themselves, or their login (in mend,
    # or ``login``): not offered again this week until [mail], the address or the password changes
    login: str = ""  # the sentence of a login the mail server refused for good


def _begeleider_weeks(team: Team, caseload: Caseload, *, week: str,
                      now: datetime.datetime) -> _Weeks:
    """Each begeleider's week, sent with the digest (each once a week)."""
    try:
        mails = flow_jobs.begeleider_weeks(team, caseload, today=now.date(), sent_at=now, how="smtp",
                                           week=week)
    except MissingColumn as exc:  # the coordinators' mail went, and says it too
        return _Weeks("", 0, f"De begeleiders kregen geen eigen week. {exc}")
    sent = sum(m.outcome == "sent" for m in mails)
    failed = sum(m.outcome == "failed" for m in mails)
    busy = sum(m.outcome == "busy" for m in mails)
    addressless = [m.begeleider for m in mails if m.outcome == "no-address"]
    refused = [m.begeleider for m in mails if m.outcome == "refused"]
    message_refused = [m for m in mails if m.outcome == "message-refused"]
    login = next((m.problem for m in mails if m.outcome == "login-refused"), "")
    waiting = len(message_refused) + sum(m.outcome == "login-refused" for m in mails)
    said = []
    if sent or failed or busy or refused or not (addressless or waiting):
        said.append(f"De week van {plural(sent, 'begeleider', 'begeleiders')} is verstuurd.")
    if failed:
        said.append(f"De mailserver nam die van {plural(failed, 'begeleider', 'begeleiders')} niet "
                    "aan: eenplan probeert het opnieuw bij de volgende ronde (`eenplan digest "
                    "--begeleiders --send` zegt wie en waarom).")
    if busy:  # `eenplan digest --begeleiders --send` at the same moment: not sent twice
        said.append(f"Die van {plural(busy, 'begeleider', 'begeleiders')} verstuurde een andere "
                    "eenplan op hetzelfde moment: de volgende ronde kijkt of ze weg "
                    f"{'is' if busy == 1 else 'zijn'}.")
    kept = sum(len(m.left) for m in mails)  # their names hold a begeleider's: counted, not named
    if kept:
        said.append(f"eenplan liet {plural(kept, 'weekmail', 'weekmails')} in rapporten/ staan, "
                    f"want {'ze werd' if kept == 1 else 'ze werden'} na eenplan aangepast; de "
                    f"{'nieuwe staat' if kept == 1 else 'nieuwe staan'} ernaast met een volgnummer.")
    mend = " ".join(filter(None, (_without_address(caseload, addressless),
                                  _refused_address(caseload, refused),
                                  _refused_weeks(caseload, message_refused))))
    return _Weeks(" ".join(said), failed + busy, mend, len(refused), waiting, login)


def _refused_weeks(caseload: Caseload, mails: list[WeekMail]) -> str:
    """The sentence about begeleiders' weeks the mail server refused for good themselves (their
    sender or their message, not the address), by their rows on Lijsten and the server's codes,
    never by name (it is logged); "" for none."""
    if not mails:
        return ""
    one = len(mails) == 1
    rows = sorted(c.row for c in (caseload.staff_contact(m.begeleider) for m in mails) if c is not None)
    where = (f" ({'rij' if len(rows) == 1 else 'rijen'} {and_list([str(r) for r in rows])} op "
             f"het blad {caseload.title(LISTS)})" if rows else "")
    return (f"De mailserver weigerde de week van {plural(len(mails), 'begeleider', 'begeleiders')}"
            f"{where}, niet om het adres maar om de mail zelf: vraag wie de mailserver beheert "
            "waarom, en kijk [mail] in eenplan.toml na; eenplan biedt ze deze week pas opnieuw "
            "aan als [mail] verandert, of met "
            "`eenplan digest --begeleiders --send --opnieuw`, en "
            f"{'ze staat' if one else 'ze staan'} klaar in rapporten/ om zelf door te sturen.")


def _refused_address(caseload: Caseload, begeleiders: list[str]) -> str:
    """The sentence about begeleiders whose address the mail server refused (a 5xx: the address
    is wrong, trying again every hour would not help), by their rows on Lijsten; "" for none."""
    if not begeleiders:
        return ""
    one = len(begeleiders) == 1
    rows = sorted(c.row for c in map(caseload.staff_contact, begeleiders) if c is not None)
    where = f" ({'rij' if len(rows) == 1 else 'rijen'} {and_list([str(r) for r in rows])})" if rows else ""
    return (f"De mailserver weigerde het e-mailadres van "
            f"{plural(len(begeleiders), 'begeleider', 'begeleiders')} op het blad "
            f"{caseload.title(LISTS)}{where}: verbeter daar de kolom "
            f"{caseload.header(LISTS, BEGELEIDER_EMAIL)}; {'haar of zijn' if one else 'hun'} week "
            "staat klaar in rapporten/ om zelf door te sturen.")


def _without_address(caseload: Caseload, begeleiders: list[str]) -> str:
    """The sentence about begeleiders with an open dossier and no e-mail address on Lijsten, by
    their rows there, never by name (it is logged); "" for none."""
    if not begeleiders:
        return ""
    one = len(begeleiders) == 1
    who = f"{plural(len(begeleiders), 'begeleider', 'begeleiders')} met een open dossier"
    gap = caseload.column_gap(LISTS, BEGELEIDER_EMAIL)
    if gap is not None and gap.near:  # a header misspelt ("Email begeleider")
        return gap.sentence(f"{who} geen eigen week sturen")
    if not caseload.staff:  # Lijsten has no column for their addresses at all
        return (f"{who} {'kreeg' if one else 'kregen'} geen eigen week, want het blad "
                f"{caseload.title(LISTS)} heeft geen kolom {caseload.header(LISTS, BEGELEIDER_EMAIL)}: "
                f"zet die naast {caseload.header(LISTS, BEGELEIDERS)}, met hun e-mailadres, of "
                "zet begeleiders = false onder [digest] in eenplan.toml.")
    rows = sorted(c.row for c in map(caseload.staff_contact, begeleiders) if c is not None)
    where = [f"{'rij' if len(rows) == 1 else 'rijen'} {and_list([str(r) for r in rows])}"] if rows else []
    if len(rows) < len(begeleiders):
        unlisted = len(begeleiders) - len(rows)
        where.append(f"{unlisted} {'staat' if unlisted == 1 else 'staan'} niet in de kolom "
                     f"{caseload.header(LISTS, BEGELEIDERS)}")
    return (f"{who} {'heeft' if one else 'hebben'} geen e-mailadres op het blad "
            f"{caseload.title(LISTS)} ({'; '.join(where)}) en {'kreeg' if one else 'kregen'} dus geen "
            f"eigen week: vul daar de kolom {caseload.header(LISTS, BEGELEIDER_EMAIL)} in, of zet "
            "begeleiders = false onder [digest] in eenplan.toml.")
