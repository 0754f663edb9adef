"""One run of the watcher on one version of the workbook: the seam between watching and the work.

``run_once`` reads the workbook's bytes once, reads the caseload from a copy of exactly those
bytes, and calls the same jobs the commands call: the check and its report, the overdue list,
the invitations. It keeps the version as a snapshot, says what vanished since the version
before, and writes one line of the audit trail. It never writes the team's workbook.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan import jobs
from eenplan.dutch import plural
from eenplan.errors import OutputError, WorkbookUnreadable
from eenplan.files import write_bytes_atomically
from eenplan.sheets.records import Caseload
from eenplan.sheets.report import CHECK_REPORT_NAME, write_check_report
from eenplan.state import Run, State
from eenplan.team import Team
from eenplan.watcher.schedule import due_week
from eenplan.watcher.snapshots import Inventory, Snapshots, Vanished, vanished

OK, UNREADABLE, MISSING, UNCHANGED = "ok", "unreadable", "missing", "unchanged"


@dataclass(frozen=True)
class RunResult:
    at: datetime.datetime
    workbook: Path
    outcome: str  # ok, unreadable, missing, unchanged
    sha256: str = ""
    message: str = ""  # why the workbook could not be read
    errors: int = 0
    warnings: int = 0
    overdue: int | None = None  # None: no overdue list in this version of eenplan
    reports: tuple[Path, ...] = ()
    documents: tuple[Path, ...] = ()
    snapshot: str = ""
    vanished: Vanished = dataclasses.field(default_factory=Vanished)
    recover_from: str = ""  # the snapshot that still holds what vanished
    problems: tuple[str, ...] = ()  # outputs that could not be written

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
        counts = [plural(self.errors, "fout", "fouten"),
                  plural(self.warnings, "waarschuwing", "waarschuwingen")]
        if self.overdue is not None:
            counts.append(f"{self.overdue} te laat")
        counts.append(plural(len(self.documents), "document", "documenten") if self.documents
                      else "geen nieuwe documenten")
        lines = [f"{when} {self.workbook.name} versie {self.version}: {', '.join(counts)}."]
        if self.vanished:
            lines.append(f"{when} {self.vanished.sentence(self.recover_from)}")
        lines += [f"{when} {problem}" for problem in self.problems]
        return lines


def workbook_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_once(team: Team, *, now: datetime.datetime, unchanged_since: str | None = None) -> RunResult:
    """Do everything a save calls for, on the workbook as it is now.

    ``unchanged_since``: the hash of the version the last run read; the same bytes again are
    not run twice (outcome "unchanged").
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
            message=f"{workbook.name} kan niet gelezen worden: {exc.strerror}.",
        ))
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 == unchanged_since:
        return RunResult(at=now, workbook=workbook, outcome=UNCHANGED, sha256=sha256)

    store = Snapshots(team.state_dir)
    incoming = store.incoming(workbook.name)
    write_bytes_atomically(incoming, data)
    try:
        caseload = jobs.load_caseload(dataclasses.replace(team, workbook=incoming))
    except WorkbookUnreadable as exc:
        incoming.unlink(missing_ok=True)
        return _record(team, RunResult(at=now, workbook=workbook, outcome=UNREADABLE, sha256=sha256,
                                       message=str(exc)))
    caseload = dataclasses.replace(caseload, workbook=str(workbook))
    today = now.date()

    problems: list[str] = []
    report = jobs.check_caseload(team, caseload, today=today)
    reports: list[Path] = []
    try:
        reports.append(write_check_report(report, team.reports_dir / CHECK_REPORT_NAME,
                                          workbook=workbook))
    except OutputError as exc:
        problems.append(str(exc))
    overdue, written = _overdue_report(team, caseload, today=today, problems=problems)
    reports += written
    documents = _invitations(team, caseload, now=now, problems=problems)

    previous = store.latest_other(sha256)
    inventory = Inventory.of(caseload)
    snapshot = store.keep(incoming, sha256, inventory, now)
    gone = Vanished()
    if previous is not None:
        before = store.inventory(previous)
        if before is not None:
            gone = vanished(before, inventory)
        if gone:
            store.pin(previous)
    store.prune(now)
    return _record(team, RunResult(
        at=now, workbook=workbook, outcome=OK, sha256=sha256, errors=report.errors,
        warnings=report.warnings, overdue=overdue, reports=tuple(reports), documents=documents,
        snapshot=snapshot.name, vanished=gone, recover_from=previous.name if gone and previous else "",
        problems=tuple(problems),
    ))


# --- the hooks for the work other parts of eenplan do -------------------------------------------
# HOOK(flows): once `eenplan overdue` is on main, write rapporten/Achterstand.xlsx here with the
# same job the command uses, and return (the number overdue, the files written).
def _overdue_report(team: Team, caseload: Caseload, *, today: datetime.date,
                    problems: list[str]) -> tuple[int | None, tuple[Path, ...]]:
    return None, ()


# HOOK(documents): once `eenplan invite` is on main, generate the invitations whose trigger
# appeared (a round-table with a date after today and invited people) with the same job the
# command uses; it remembers what it made in the shared state, so nothing is made twice.
def _invitations(team: Team, caseload: Caseload, *, now: datetime.datetime,
                 problems: list[str]) -> tuple[Path, ...]:
    return ()


def _record(team: Team, result: RunResult) -> RunResult:
    """One line of the audit trail: counts and dossier numbers, never names."""
    touched = (*result.vanished.numbers, *_dossiers_of(team, result.documents))
    try:
        with State(team.state_dir, root=team.base) as state:
            state.record_run(Run(
                at=result.at, workbook_sha256=result.sha256, outcome=result.outcome,
                errors=result.errors, warnings=result.warnings, overdue=result.overdue or 0,
                documents=len(result.documents), dossiers=tuple(dict.fromkeys(touched)),
            ))
    except OutputError as exc:
        return dataclasses.replace(result, problems=(*result.problems, str(exc)))
    return result


def _dossiers_of(team: Team, documents: tuple[Path, ...]) -> tuple[str, ...]:
    """The dossier number of each document: the name of its folder under out/."""
    numbers = []
    for path in documents:
        try:
            numbers.append(path.relative_to(team.out_dir).parts[0])
        except (ValueError, IndexError):
            continue
    return tuple(numbers)


# --- the weekly digest ------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestSent:
    """What a digest sender did: how (smtp, eml), what it counted, one Dutch line about it."""

    how: str
    counts: Mapping[str, Any]
    line: str


DigestSender = Callable[..., "DigestSent | None"]


@dataclass(frozen=True)
class DigestResult:
    at: datetime.datetime
    week: str
    sent: DigestSent | None  # None: eenplan could not send it

    def lines(self) -> list[str]:
        when = f"{self.at:%H:%M:%S}"
        if self.sent is None:
            return [f"{when} Het wekelijkse overzicht van {self.week} kan deze versie van eenplan "
                    "nog niet maken."]
        return [f"{when} {self.sent.line}"]


def digest_if_due(team: Team, *, now: datetime.datetime,
                  send: DigestSender | None = None) -> DigestResult | None:
    """Send this week's digest if its moment has passed and it was not sent yet; else None."""
    week = due_week(now, team.settings.digest)
    with State(team.state_dir, root=team.base) as state:
        if state.digest(week) is not None:
            return None
    sent = (send or _send_digest)(team, week=week, now=now)
    if sent is not None:
        with State(team.state_dir, root=team.base) as state:
            state.record_digest(week, how=sent.how, counts=sent.counts, at=now)
    return DigestResult(at=now, week=week, sent=sent)


# HOOK(flows): once `eenplan digest` is on main, call its library function here: the overdue
# list per begeleider, by mail to the coordinators or as .eml files in rapporten/, and return
# DigestSent(how, counts, line). None means: not available, try again at the next start.
def _send_digest(team: Team, *, week: str, now: datetime.datetime) -> DigestSent | None:
    return None
