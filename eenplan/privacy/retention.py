"""`eenplan retention`: dossiers closed longer ago than the team keeps them, and their files.

A team keeps a family's record for a set time after closure (``[bewaren] maanden`` in
eenplan.toml, 60 by default). This lists the dossiers past that time with every file that
belongs to them: the documents in ``out/<dossier>/`` (also under an earlier way of writing its
number), earlier inzage exports, what the state remembers it generated, the weekly mails eenplan
wrote as .eml that name them, the workbooks `eenplan restore` wrote with their rows, and the
kept versions of the workbook. Nothing is deleted unless asked; then the files go, the state
forgets them, the mails and restored workbooks go (or lose the family's rows), the kept versions
lose their rows, and each dossier gets an audit line. A file a person changed after eenplan made
it, or one eenplan did not make, stays unless the person says it may go (``own_work``). The
workbook is never written: the rows in it are named, so a person removes them by hand.

What eenplan cannot judge is said, never left out: a closure it cannot date, a number on a closed
row and on another row that is not past its time (a family that came back, its row copied), and
what it keeps under a number that no row on Dossiers has (``traces.unowned``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import re
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.dutch import and_list, plural, short_date
from eenplan.errors import EenplanError
from eenplan.files import (
    TEMP_PREFIX,
    files_inside,
    inside,
    is_link,
    remove_inside,
    remove_stale_temporaries,
    safe_name,
    write_atomically,
)
from eenplan.flows.deadlines import edate
from eenplan.privacy.export import EXPORTS, remembered_files
from eenplan.privacy.traces import (
    KeptMail,
    RestoredBook,
    Unowned,
    earlier_numbers,
    eenplan_mails,
    restored_workbooks,
    unowned,
)
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import Caseload, Dossier, SheetLayout, dossier_key
from eenplan.sheets.rules import PROGRAMME_START
from eenplan.sheets.schema import DOSSIERS
from eenplan.sheets.team_sheets import TeamSheets, team_sheet_rows
from eenplan.team.folder import Team, copies_beside
from eenplan.team.state import State
from eenplan.watcher.forget import SnapshotsForgotten, forget_in_snapshots
from eenplan.watcher.snapshots import Snapshots

# openpyxl (0.4 s to import) is imported where a restored workbook is rewritten.


@dataclass(frozen=True)
class Expired:
    """A dossier closed longer ago than the retention time, and the rows that are about it."""

    dossier: str
    closed_on: datetime.date
    rows: Mapping[str, tuple[int, ...]]  # eenplan's sheet name -> Excel row numbers
    earlier: tuple[str, ...] = ()  # earlier ways of writing its number (2020-07): theirs go too
    gone: bool = False  # no row on Dossiers any more: its closure known from a kept version


@dataclass(frozen=True)
class Unclear:
    """A dossier whose closure eenplan cannot date: kept, and said, until the cell is mended."""

    dossier: str
    cell: str
    reason: str
    rows: tuple[int, ...] = ()  # its rows on Dossiers, where more than one has its number


@dataclass(frozen=True)
class Holding:
    """An expired dossier with what eenplan keeps about it on disk."""

    expired: Expired
    folders: tuple[Path, ...]  # out/<dossier>/ (also under an earlier number), inzage exports
    files: tuple[Path, ...]  # every file, in those folders or elsewhere (remembered in the state)
    remembered: tuple[str, ...]  # the state's records of generated documents (their file keys)
    links: tuple[Path, ...] = ()  # links (symbolic, junctions) to elsewhere: never followed
    # a person's work, kept unless the person says it may go: files eenplan made and someone
    # changed since (a report edited in Word), and files eenplan did not make (a colleague's note)
    edited: tuple[Path, ...] = ()
    others: tuple[Path, ...] = ()

    @property
    def own_work(self) -> tuple[Path, ...]:
        return (*self.edited, *self.others)


@dataclass(frozen=True)
class Deleted:
    dossier: str
    files: int
    failed: tuple[Path, ...]
    links: tuple[Path, ...] = ()  # left as they are: what they point to is not the team's
    kept: tuple[Path, ...] = ()  # a person's work, left because no one said it may go


@dataclass(frozen=True)
class Survey:
    """Everything retention found: what is past its time, and what it cannot judge."""

    months: int
    today: datetime.date
    found: tuple[Holding, ...] = ()
    unclear: tuple[Unclear, ...] = ()
    unowned: tuple[Unowned, ...] = ()  # kept under a number no row on Dossiers has: "zonder dossier"
    mails: tuple[KeptMail, ...] = ()  # eenplan's weekly .eml files that name an expired dossier
    restored: tuple[RestoredBook, ...] = ()  # `eenplan restore` workbooks with rows of one
    # the team's own sheets with content but no Dossier column: eenplan cannot tell their rows
    sheets_unclear: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()  # conflict copies beside the workbook (never opened): said

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number the expired dossiers were written as."""
        return tuple(n for h in self.found for n in (h.expired.dossier, *h.expired.earlier))

    @property
    def doubts(self) -> bool:
        """Whether the list holds something eenplan could not judge (exit 1)."""
        return bool(self.unclear or self.unowned or (self.found and (self.sheets_unclear or self.copies)))


@dataclass(frozen=True)
class Deletion:
    """What --delete did, beyond each dossier's own files."""

    dossiers: tuple[Deleted, ...]
    mails: tuple[Path, ...] = ()  # removed whole: mails of a week that is over
    mails_kept: tuple[Path, ...] = ()  # a mail of this week: left, and said
    restored: tuple[Path, ...] = ()  # restored workbooks removed whole
    rewritten: tuple[Path, ...] = ()  # restored workbooks kept without the dossiers' rows
    failed: tuple[Path, ...] = ()  # mails and restored workbooks the system would not let go
    snapshots: SnapshotsForgotten = SnapshotsForgotten()

    @property
    def left(self) -> bool:
        """Whether something is left that a person must look at (exit 1)."""
        return bool(self.failed or self.mails_kept or any(d.failed or d.kept for d in self.dossiers))


def expired_dossiers(caseload: Caseload, *, months: int, today: datetime.date) -> tuple[Expired, ...]:
    """The dossiers whose every row is closed, the last closure more than ``months`` ago.

    A dossier number on several rows (a row typed twice) counts as one dossier; one open row
    keeps it. Calendar months, clamped at month end: closed on 31 August, kept 6 months, the
    time is up after 28 (or 29) February.
    """
    closed: dict[str, datetime.date | None] = {}
    numbers: dict[str, str] = {}
    layout = caseload.layouts.get(DOSSIERS)
    for dossier in caseload.dossiers:
        if not dossier.id:
            continue
        key = dossier_key(dossier.id)
        numbers.setdefault(key, dossier.id)
        earlier = closed.get(key, datetime.date.min)
        if dossier.closed_on is None or earlier is None:
            closed[key] = None
        elif _closure_doubt(dossier, caseload, layout, today) is not None:
            closed[key] = None  # kept, and said (unclear_closures): nothing deleted on a doubt
        else:
            closed[key] = max(earlier, dossier.closed_on)
    found = []
    for key, day in closed.items():
        if day is None or edate(day, months) >= today:
            continue
        found.append(Expired(numbers[key], day, _rows_of(caseload, numbers[key])))
    return tuple(sorted(found, key=lambda e: (e.closed_on, e.dossier)))


def unclear_closures(caseload: Caseload, *, today: datetime.date) -> tuple[Unclear, ...]:
    """The dossiers whose Datum afsluiting cannot be counted on (``_closure_doubt``: a year typed
    wrong, 2052 for 2025?). eenplan cannot say whether their time is up, so it keeps them; left
    unsaid, a record could stay years past its time while the list reads as done."""
    layout = caseload.layouts.get(DOSSIERS)
    found: dict[str, Unclear] = {}
    for dossier in caseload.dossiers:
        if dossier.id:
            unclear = _closure_doubt(dossier, caseload, layout, today)
            if unclear is not None:
                found.setdefault(dossier_key(dossier.id), unclear)
    return tuple(found.values())


def _closure_doubt(dossier: Dossier, caseload: Caseload, layout: SheetLayout | None,
                   today: datetime.date) -> Unclear | None:
    """Why a row's Datum afsluiting cannot be counted on, or None: it cannot be read, lies
    after today, before the aanmelding or before 1 Gezin 1 Plan began (`check` calls each an
    error). A record deleted on such a date could be years inside its time."""
    finding = caseload.unreadable.get((DOSSIERS, dossier.row, "closed_on")) if caseload.unreadable else None
    if finding is not None:
        return Unclear(dossier.id, finding.cell, finding.message)
    closed = dossier.closed_on
    if closed is None:
        return None
    cell = layout.cell("closed_on", dossier.row) if layout else ""
    if closed > today:
        return Unclear(dossier.id, cell, f"de Datum afsluiting ({short_date(closed)}) ligt na vandaag: "
                       "verbeter het jaartal, of laat ze leeg tot het dossier afgesloten is.")
    registered = dossier.registered_on
    if registered is not None and closed < registered:
        return Unclear(dossier.id, cell, f"de Datum afsluiting ({short_date(closed)}) ligt voor de "
                       f"aanmelding ({short_date(registered)}): verbeter een van beide datums.")
    if closed < PROGRAMME_START:
        return Unclear(dossier.id, cell, f"de Datum afsluiting ({short_date(closed)}) ligt voor de "
                       "start van 1 Gezin 1 Plan (01/10/2018): klopt het jaartal?")
    return None


def shared_numbers(caseload: Caseload, *, months: int, today: datetime.date) -> tuple[Unclear, ...]:
    """The numbers on more than one row of Dossiers where one row is closed longer ago than the
    retention time and another is not (still open, or closed later): a family that came back,
    its old row copied with its number. One dossier or two? eenplan cannot tell which rows and
    files are the old trajectory's, so it deletes none of them, and says so."""
    layout = caseload.layouts.get(DOSSIERS)
    doubted = {dossier_key(u.dossier) for u in unclear_closures(caseload, today=today)}
    rows: dict[str, list[Dossier]] = defaultdict(list)
    for dossier in caseload.dossiers:
        key = dossier_key(dossier.id)
        if dossier.id.strip() and key in caseload.repeated_numbers and key not in doubted:
            rows[key].append(dossier)
    found = []
    for same in rows.values():
        past = [d.closed_on is not None and edate(d.closed_on, months) < today for d in same]
        if all(past) or not any(past):
            continue
        said = []
        for dossier, over in zip(same, past, strict=True):
            if dossier.closed_on is None:
                said.append(f"rij {dossier.row} is nog open")
            else:
                said.append(f"rij {dossier.row} is afgesloten op {short_date(dossier.closed_on)}"
                            + (", langer dan de bewaartermijn geleden" if over else ""))
        number = same[0].id
        cells = ", ".join(layout.cell("id", d.row) for d in same) if layout else ""
        found.append(Unclear(number, cells, (
            f"dossiernummer {number} staat op {len(same)} rijen van {caseload.title(DOSSIERS)}: "
            f"{and_list(said)}. "
            "Kwam het gezin terug, geef de nieuwe rij dan een eigen nummer (`eenplan check` noemt "
            "dit een fout); tot dan weet eenplan niet wat van het oude traject is, en bewaart het "
            "alles van dit nummer."), tuple(d.row for d in same)))
    return tuple(found)


def unclear_lines(unclear: Sequence[Unclear]) -> list[str]:
    """What the list says about the dossiers it could not judge (none: nothing)."""
    if not unclear:
        return []
    lines = ["", *textwrap.wrap(
        f"{plural(len(unclear), 'dossier', 'dossiers')} niet te beoordelen: eenplan kan niet "
        "zeggen of de bewaartermijn om is (de cel staat erbij, met wat er mis is). eenplan bewaart "
        f"{'het' if len(unclear) == 1 else 'ze'} tot dat verbeterd is:", 80)]
    for item in unclear:
        lines += textwrap.wrap(f"{item.cell}: {item.reason}", 80, initial_indent=f"  {item.dossier:<10}",
                               subsequent_indent=" " * 12)
    return lines


def _rows_of(caseload: Caseload, number: str) -> Mapping[str, tuple[int, ...]]:
    return {sheet: numbers for sheet, numbers in caseload.rows_of([number]).items() if numbers}


def survey(team: Team, caseload: Caseload, *, months: int, today: datetime.date) -> Survey:
    """What is past the retention time (and every file of it), and what eenplan cannot judge."""
    expired = list(expired_dossiers(caseload, months=months, today=today))
    unclear = (*unclear_closures(caseload, today=today),
               *shared_numbers(caseload, months=months, today=today))
    traces = unowned(team, caseload)
    expired = [dataclasses.replace(e, earlier=earlier_numbers(traces, e.dossier)) for e in expired]
    gone, left = _judge_unowned(team, [u for u in traces if not u.linked], months=months, today=today)
    # a folder under another spelling of a dossier that is not past its time: said, never kept as
    # long as that dossier without a word (2026-74 may be another family's, beside 2026-074)
    past = {dossier_key(e.dossier) for e in expired}
    left += [dataclasses.replace(u, note=f"Een andere schrijfwijze van dossier {u.linked}: kijk na "
                                 "of het bij dat gezin hoort.")
             for u in traces if u.linked and dossier_key(u.linked) not in past]
    left.sort(key=lambda u: u.number)
    expired = sorted([*expired, *gone], key=lambda e: (e.closed_on, e.dossier))
    numbers = [n for e in expired for n in (e.dossier, *e.earlier)]
    own = team_sheet_rows(team.workbook, numbers, skip=caseload.sheet_titles.values(),
                          header_aliases=team.settings.header_aliases) if numbers else TeamSheets()
    expired = [_with_team_sheets(e, own) for e in expired]
    found = holdings(team, expired)
    keys = {dossier_key(n) for n in numbers}
    mails = tuple(m for m in eenplan_mails(team) if m.names(numbers)) if numbers else ()
    restored = tuple(r for r in restored_workbooks(team) if r.numbers & keys) if keys else ()
    copies = tuple(c.name for c in copies_beside(team, every=True)) if expired else ()
    return Survey(months, today, found, tuple(unclear), tuple(left), mails, restored,
                  own.unclear, copies)


def _with_team_sheets(item: Expired, own: TeamSheets) -> Expired:
    """The dossier with its rows on the team's own sheets too (keyed by the sheet's title)."""
    rows = dict(item.rows)
    for sheet in own.sheets:
        found = sheet.rows_of((item.dossier, *item.earlier))
        if found:
            rows[sheet.title] = found
    return dataclasses.replace(item, rows=rows)


def team_sheet_lines(surveyed: Survey, workbook: str) -> list[str]:
    """The team's sheets eenplan could not look at, and the copies of the workbook beside it:
    named, so no list reads as complete when it is not."""
    if not surveyed.found:
        return []
    lines: list[str] = []
    for title in surveyed.sheets_unclear:
        lines += ["", *_wrap(f"eenplan kon op blad {title} niet zien welke rijen bij deze dossiers "
                             "horen (er staat geen kolom Dossier in de kopregel): kijk het zelf na in "
                             f"{workbook}.")]
    if surveyed.copies:
        one = len(surveyed.copies) == 1
        lines += ["", *_wrap(
            f"Er {'staat een kopie' if one else 'staan kopieën'} van de werkmap naast: "
            f"{and_list(list(surveyed.copies))}. eenplan opent {'ze' if one else 'die'} niet; ook "
            f"daarin kunnen rijen van deze dossiers staan: haal de rijen daar ook weg, of verwijder "
            f"de kopie als ze niet meer nodig is.")]
    return lines


def _judge_unowned(team: Team, traces: Sequence[Unowned], *, months: int,
                   today: datetime.date) -> tuple[list[Expired], list[Unowned]]:
    """Of the numbers no row on Dossiers has: those past their time (retention deleted them
    before, and files were left; or the newest kept version of the workbook with their row says
    they were closed longer ago), and the others, each with what eenplan knows of it."""
    deleted: dict[str, datetime.date | None] = {}
    if traces and (team.state_dir / "state.sqlite").is_file():
        with State(team.state_dir, root=team.base) as state:
            deleted = {dossier_key(n): day for n, day in state.retention_deleted_on().items()}
    store = Snapshots(team.state_dir)
    versions = {s.name: s for s in store.all()} if any(u.snapshots for u in traces) else {}
    newest: dict[str, list[Unowned]] = defaultdict(list)
    gone: list[Expired] = []
    left: list[Unowned] = []
    for trace in traces:
        day = deleted.get(dossier_key(trace.number))
        if day is not None:
            gone.append(Expired(trace.number, day, trace.rows, gone=True))
        elif trace.snapshots and trace.snapshots[-1] in versions:
            newest[trace.snapshots[-1]].append(trace)
        else:
            left.append(trace)
    for name, waiting in newest.items():
        snapshot = versions[name]
        seen = short_date(snapshot.last_seen.date())
        try:
            settings = team.settings
            earlier = read_caseload(snapshot.path, header_aliases=settings.header_aliases,
                                    own_columns=settings.own_columns,
                                    sheet_aliases=settings.sheet_aliases, earlier_version=True)
        except EenplanError:
            left += [dataclasses.replace(t, note=f"eenplan kan de laatste kopie met dit dossier "
                                         f"(van {seen}) niet lezen.") for t in waiting]
            continue
        past = {dossier_key(e.dossier): e for e in expired_dossiers(earlier, months=months, today=today)}
        doubts = {dossier_key(u.dossier): u for u in unclear_closures(earlier, today=today)}
        for trace in waiting:
            key = dossier_key(trace.number)
            if key in past:
                gone.append(Expired(trace.number, past[key].closed_on, trace.rows, gone=True))
                continue
            dossier = earlier.dossier(trace.number)
            if key in doubts:
                said = f"kan eenplan de Datum afsluiting niet gebruiken ({doubts[key].reason})"
            elif dossier is None or dossier.closed_on is None or any(
                    d.closed_on is None for d in earlier.dossiers if dossier_key(d.id) == key):
                said = "was het nog open"
            else:
                said = (f"is het afgesloten op {short_date(dossier.closed_on)}, te bewaren tot "
                         f"{short_date(edate(dossier.closed_on, months))}")
            left.append(dataclasses.replace(trace, note=f"Volgens de laatste kopie van de werkmap "
                                            f"met dit dossier (van {seen}) {said}."))
    return gone, left


def holdings(team: Team, expired: Sequence[Expired]) -> tuple[Holding, ...]:
    """What lies on disk for each expired dossier (under each way its number was written), and
    which of it is a person's work."""

    remembered: dict[str, list[str]] = defaultdict(list)
    located: dict[str, list[Path]] = defaultdict(list)
    made: dict[Path, str] = {}  # a file eenplan made -> the sha256 it wrote
    made_for: dict[Path, str] = {}  # ... and the dossier_key it made it for
    exports = team.reports_dir / EXPORTS
    base = team.base
    candidates: dict[str, list[Path]] = {}
    for item in expired:
        numbers = (item.dossier, *item.earlier)
        names = dict.fromkeys(n for number in numbers for n in (safe_name(number, ""), number.strip()))
        here = [team.out_dir / n for n in names if n and os.path.lexists(team.out_dir / n)]
        patterns = [re.compile(re.escape(safe_name(n, "")) + r" \d{4}-\d{2}-\d{2}( \(\d+\))?")
                    for n in numbers]
        if inside(base, exports) and exports.is_dir():
            here += sorted(p for p in exports.iterdir() if any(r.fullmatch(p.name) for r in patterns))
        candidates[item.dossier] = here
    if (team.state_dir / "state.sqlite").is_file():
        with State(team.state_dir, root=team.base) as state:
            for item in expired:
                records = [g for n in (item.dossier, *item.earlier) for g in state.generated_for(n)]
                remembered[item.dossier] = [g.file for g in records]
                located[item.dossier] = remembered_files(team, state, records)
                in_out = [p for folder in candidates[item.dossier] if inside(team.out_dir, folder)
                          for p in files_inside(base, folder)]
                for path in dict.fromkeys([*located[item.dossier], *in_out]):
                    record = state.generated(path)
                    if record is not None:
                        made[path], made_for[path] = record.sha256, dossier_key(record.dossier)
    found: list[Holding] = []
    for item in expired:
        keys = {dossier_key(n) for n in (item.dossier, *item.earlier)}
        folders = [p for p in candidates[item.dossier] if inside(base, p) and p.is_dir()]
        links = [p for p in candidates[item.dossier]
                 if p not in folders and (is_link(p) or not inside(base, p))]
        files = {p: None for folder in folders for p in files_inside(base, folder)}
        for folder in folders:  # links inside a folder: named, never followed
            links += [Path(top) / n for top, dirs, names in os.walk(folder)
                      for n in (*dirs, *names) if is_link(Path(top) / n)]
        for path in located[item.dossier]:
            files[path] = None
        edited: list[Path] = []
        others: list[Path] = []
        for path in files:
            if not inside(team.out_dir, path) or path.name.startswith(TEMP_PREFIX):
                continue  # an inzage is eenplan's copy; a hidden half-written file is eenplan's
            if path not in made or made_for[path] not in keys:
                others.append(path)
            elif _sha256(path) != made[path]:
                edited.append(path)
        found.append(Holding(item, tuple(folders), tuple(files), tuple(remembered[item.dossier]),
                             tuple(dict.fromkeys(links)), tuple(edited), tuple(others)))
    return tuple(found)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # unreadable (open elsewhere?): not known to be as eenplan made it, so kept


def delete(team: Team, surveyed: Survey, *, now: datetime.datetime | None = None,
           own_work: bool = False) -> Deletion:
    """Remove each dossier's files, forget their records, and audit it (at ``now``), one line a
    dossier; remove the weekly mails that name them (of a week that is over), the restored
    workbooks with their rows (or those rows from them), and their rows from the kept versions
    of the workbook. A person's work (``Holding.own_work``) stays unless ``own_work``."""

    done = []
    with State(team.state_dir, root=team.base) as state:
        state.require_writable()  # else the files would go and their audit lines not be written
        remove_stale_temporaries(team.reports_dir / EXPORTS)  # a killed export's half copies
        for holding in surveyed.found:
            kept = () if own_work else holding.own_work
            failed: list[Path] = []
            removed = 0
            for path in holding.files:
                if path in kept:
                    continue
                existed = path.is_file()
                left = remove_inside(team.base, path)
                if existed and not left:
                    removed += 1
                failed += [p for p in left if not is_link(p) and inside(team.base, p)]
            for folder in holding.folders:
                if any(_within(folder, p) for p in kept):
                    _remove_empty_folders(team.base, folder)
                    continue
                failed += [p for p in remove_inside(team.base, folder)
                           if not is_link(p) and not p.is_dir() and inside(team.base, p)]
            number = holding.expired.dossier
            forgotten = sum(state.forget_dossier(n) for n in (number, *holding.expired.earlier))
            state.audit(
                "retention-delete", number,
                f"afgesloten {holding.expired.closed_on.isoformat()}; bestanden verwijderd: {removed}; "
                f"documentrecords vergeten: {forgotten}; niet verwijderd: {len(failed)}"
                + (f"; bewaard (aangepast of niet van eenplan): {len(kept)}" if kept else "")
                + (f"; ook onder {len(holding.expired.earlier)} eerder nummer"
                   if holding.expired.earlier else ""),
                at=now,
            )
            done.append(Deleted(number, removed, tuple(dict.fromkeys(failed)), holding.links,
                                tuple(kept)))
    mails: list[Path] = []
    mails_kept: list[Path] = []
    gone: list[Path] = []
    rewritten: list[Path] = []
    refused: list[Path] = []
    for mail in surveyed.mails:
        if not mail.over(surveyed.today):
            mails_kept.append(mail.path)
        elif remove_inside(team.base, mail.path):
            refused.append(mail.path)
        else:
            mails.append(mail.path)
    keys = {dossier_key(n) for n in surveyed.numbers}
    for book in surveyed.restored:
        if book.numbers <= keys:
            (refused if remove_inside(team.base, book.path) else gone).append(book.path)
            continue
        try:
            _without_rows(team, book.path, surveyed.numbers)
            rewritten.append(book.path)
        except (EenplanError, OSError, ValueError, KeyError, TypeError):
            refused.append(book.path)
    snapshots = forget_in_snapshots(team, surveyed.numbers)
    return Deletion(tuple(done), tuple(mails), tuple(mails_kept), tuple(gone), tuple(rewritten),
                    tuple(refused), snapshots)


def _within(folder: Path, path: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _remove_empty_folders(base: Path, folder: Path) -> None:
    """The folders under ``folder`` (and it) that the removal left empty."""
    for top, _, _ in sorted(os.walk(folder), key=lambda w: -len(Path(w[0]).parts)):
        here = Path(top)
        if inside(base, here) and not any(here.iterdir()):
            remove_inside(base, here)


def _without_rows(team: Team, path: Path, numbers: Sequence[str]) -> None:
    """A workbook `eenplan restore` wrote, kept without the rows of ``numbers`` (it holds other
    dossiers' rows too). Never the team's workbook."""
    from openpyxl import load_workbook

    if path.resolve() == team.workbook.resolve():  # pragma: no cover - its name is never the team's
        raise OSError("the team's workbook")
    settings = team.settings
    caseload = read_caseload(path, header_aliases=settings.header_aliases,
                             own_columns=settings.own_columns, sheet_aliases=settings.sheet_aliases,
                             earlier_version=True)
    rows = {caseload.sheet_titles.get(sheet, sheet): found
            for sheet, found in caseload.rows_of(numbers).items()}
    rows.update(team_sheet_rows(path, numbers, skip=caseload.sheet_titles.values(),
                                header_aliases=settings.header_aliases).rows)
    book = load_workbook(path)
    try:
        for title, found in rows.items():
            if found:
                worksheet = book[title]
                for row in found:
                    for cell in worksheet[row]:
                        cell.value = None
        write_atomically(path, lambda temporary: book.save(temporary))
    finally:
        book.close()


def to_dict(surveyed: Survey, *, team: Team, deleted: Deletion | None = None) -> dict[str, Any]:
    def shown(paths: Sequence[Path]) -> list[str]:
        return [_relative(p, team.base) for p in paths]

    data: dict[str, Any] = {
        "as_of": surveyed.today.isoformat(),
        "months": surveyed.months,
        "deleted": deleted is not None,
        "items": [
            {
                "dossier": h.expired.dossier,
                "closed_on": h.expired.closed_on.isoformat(),
                "rows": {sheet: list(rows) for sheet, rows in h.expired.rows.items()},
                "files": shown(h.files),
                "remembered": len(h.remembered),
                "links": shown(h.links),
                # a person's work: kept unless --ook-aangepaste
                "edited": shown(h.edited),
                "not_made": shown(h.others),
                "earlier_numbers": list(h.expired.earlier),
                "in_workbook": not h.expired.gone,
            }
            for h in surveyed.found
        ],
        # closures eenplan cannot date, numbers on a closed and another row: kept, and said
        "not_judged": [{"dossier": u.dossier, "cell": u.cell, "reason": u.reason,
                        **({"rows": list(u.rows)} if u.rows else {})} for u in surveyed.unclear],
        # kept under a number no row on Dossiers has: said, never deleted on a guess
        "without_dossier": [
            {"number": u.number, "folders": shown(u.folders), "files": shown(u.files),
             "snapshots": list(u.snapshots),
             "rows": {sheet: list(rows) for sheet, rows in u.rows.items()}, "note": u.note}
            for u in surveyed.unowned
        ],
        "mails": shown([m.path for m in surveyed.mails]),
        "restored": shown([r.path for r in surveyed.restored]),
        # the team's own sheets without a Dossier column, and conflict copies: not looked at
        "sheets_not_looked_at": list(surveyed.sheets_unclear),
        "copies_beside": list(surveyed.copies),
    }
    if deleted is not None:
        data["removed"] = {
            "mails": shown(deleted.mails), "mails_kept": shown(deleted.mails_kept),
            "restored": shown(deleted.restored), "restored_rewritten": shown(deleted.rewritten),
            "failed": shown(deleted.failed),
            "kept": shown([p for d in deleted.dossiers for p in d.kept]),
        }
        data["snapshots"] = deleted.snapshots.to_dict()
    return data


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, 80, break_on_hyphens=False)


def _names(paths: Sequence[Path], base: Path, shown: int = 5) -> str:
    names = [_relative(p, base) for p in paths[:shown]]
    return ", ".join(names) + (f" en {len(paths) - shown} andere" if len(paths) > shown else "")


def _rows_text(item: Expired, titles: Mapping[str, str]) -> str:
    rows = "; ".join(f"{titles.get(sheet, sheet)} {', '.join(map(str, numbers))}"
                     for sheet, numbers in item.rows.items())
    if item.gone:
        rows = f"niet meer op {titles.get(DOSSIERS, DOSSIERS)}" + (f"; {rows}" if rows else "")
    if item.earlier:
        rows += f" (ook als {and_list(list(item.earlier))})"
    return rows


def own_work_lines(found: Sequence[Holding], base: Path) -> list[str]:
    """The files of a person's work retention would not delete without a word: each named."""
    holding = [h for h in found if h.own_work]
    if not holding:
        return []
    count = sum(len(h.own_work) for h in holding)
    it = "het" if count == 1 else "ze"
    lines = ["", *_wrap(
        f"{plural(count, 'bestand', 'bestanden')}: iemand paste {it} aan nadat eenplan {it} maakte, "
        f"of eenplan maakte {it} niet. --delete laat {it} staan; kijk {it} na, en verwijder {it} "
        "zelf of met --delete --ook-aangepaste:")]
    for h in holding:
        first = True
        marked = [*((p, "aangepast") for p in h.edited), *((p, "niet van eenplan") for p in h.others)]
        for path, why in marked:
            lines += textwrap.wrap(f"{_relative(path, base)} ({why})", 80,
                                   initial_indent=f"  {h.expired.dossier if first else '':<10}",
                                   subsequent_indent=" " * 12, break_on_hyphens=False)
            first = False
    return lines


def elsewhere_lines(surveyed: Survey, base: Path) -> list[str]:
    """The mails and restored workbooks that name the dossiers past their time."""
    lines: list[str] = []
    if surveyed.mails:
        over = [m.path for m in surveyed.mails if m.over(surveyed.today)]
        current = [m.path for m in surveyed.mails if not m.over(surveyed.today)]
        if over:
            lines += ["", *_wrap(
                f"{plural(len(over), 'wekelijkse mail', 'wekelijkse mails')} die eenplan als .eml "
                f"schreef, {'noemt' if len(over) == 1 else 'noemen'} deze dossiers ({_names(over, base)}). "
                f"{'Haar' if len(over) == 1 else 'Hun'} week is voorbij: --delete verwijdert ze "
                "helemaal.")]
        if current:
            which = _mails_of_weeks([m for m in surveyed.mails if not m.over(surveyed.today)],
                                    surveyed.today)
            lines += ["", *_wrap(
                f"{which[:1].upper()}{which[1:]} {'noemt' if len(current) == 1 else 'noemen'} deze "
                f"dossiers ({_names(current, base)}): "
                "--delete laat ze staan; verstuur of verwijder ze zelf.")]
    if surveyed.restored:
        paths = [r.path for r in surveyed.restored]
        lines += ["", *_wrap(
            f"{plural(len(paths), 'werkmap', 'werkmappen')} die `eenplan restore` terughaalde, "
            f"{'heeft' if len(paths) == 1 else 'hebben'} rijen van deze dossiers ({_names(paths, base)}): "
            "--delete verwijdert die rijen (en de werkmap, als er niets anders in staat).")]
    return lines


def _mails_of_weeks(mails: Sequence[KeptMail], today: datetime.date) -> str:
    """"een mail van week 48 van 2026 (een week die nog komt)", "mails van week 47 (deze week)
    en ...": the weeks a mail is of, said, since a mail of a later week is not "deze week"."""
    this = today.isocalendar()[:2]
    weeks = []
    for week in sorted({m.week for m in mails}):
        label = f"week {week[1]} van {week[0]}"
        if week == this:
            label += " (deze week)"
        elif week > this:
            label += " (een week die nog komt)"
        weeks.append(label)
    return ("een mail van " if len(mails) == 1 else "mails van ") + and_list(weeks)


def unowned_lines(traces: Sequence[Unowned], base: Path, titles: Mapping[str, str]) -> list[str]:
    """What eenplan keeps under numbers no row on Dossiers has: never deleted on a guess."""
    if not traces:
        return []
    lines = ["", *_wrap(
        f"{plural(len(traces), 'nummer', 'nummers')} zonder dossier: eenplan bewaart er iets van, "
        f"maar geen rij op het blad {titles.get(DOSSIERS, DOSSIERS)} heeft dat nummer. Het kan dus "
        "niet zeggen of de bewaartermijn om is, en verwijdert niets:")]
    for trace in traces:
        parts = [f"{_relative(f, base)}/" for f in trace.folders]
        if trace.files:
            parts.append(plural(len(trace.files), "document dat eenplan maakte",
                                "documenten die eenplan maakte"))
        if trace.snapshots:
            parts.append(f"in {plural(len(trace.snapshots), 'kopie', 'kopieën')} van de werkmap "
                         "(.eenplan/snapshots/)")
        if trace.rows:
            parts.append("rijen in de werkmap: " + "; ".join(
                f"{titles.get(sheet, sheet)} {', '.join(map(str, rows))}"
                for sheet, rows in trace.rows.items()))
        text = "; ".join(parts) + "." + (f" {trace.note}" if trace.note else "")
        lines += textwrap.wrap(text, 80, initial_indent=f"  {trace.number:<10}",
                               subsequent_indent=" " * 12, break_on_hyphens=False)
    lines += _wrap(
        "Veranderde het nummer van een dossier, zet die bestanden dan in de map van het dossier "
        "in out/ (of schrijf het nummer in de werkmap weer zoals eerst). Haalde iemand het "
        "dossier per vergissing uit de werkmap: `eenplan restore --list --dossier NUMMER`. "
        "Hoort het bij een gezin dat terecht niet meer in de werkmap staat, verwijder die "
        "bestanden en rijen dan zelf wanneer de bewaartermijn om is; de kopieën van de werkmap "
        "verdwijnen binnen het jaar vanzelf.")
    return lines


def retention_table(surveyed: Survey, *, titles: Mapping[str, str], base: Path) -> str:
    """The list, readable in an 80-column terminal, in Dutch."""

    found = surveyed.found
    lines = [f"Bewaartermijn: {plural(surveyed.months, 'maand', 'maanden')} na de afsluiting."]
    doubts = [*unclear_lines(surveyed.unclear), *unowned_lines(surveyed.unowned, base, titles)]
    if not found:
        lines.append("Geen enkel ander dossier is langer geleden afgesloten." if doubts else
                     "Geen enkel dossier is langer geleden afgesloten: er is niets op te ruimen.")
        return "\n".join(lines + doubts)
    lines += [
        f"{plural(len(found), 'dossier is', 'dossiers zijn')} langer geleden afgesloten:",
        "",
        f"  {'Dossier':<10}{'Afgesloten':<12}{'Bestanden':>9}  Rijen in de werkmap",
    ]
    for holding in found:
        item = holding.expired
        lines += textwrap.wrap(
            _rows_text(item, titles), 80, initial_indent=f"  {item.dossier:<10}"
            f"{short_date(item.closed_on):<12}{len(holding.files):>9}  ", subsequent_indent=" " * 35,
            break_on_hyphens=False)
    lines += [
        *own_work_lines(found, base),
        *elsewhere_lines(surveyed, base),
        *team_sheet_lines(surveyed, "de werkmap"),
        "",
        *_wrap("Er is niets verwijderd. Met --delete verwijdert eenplan de bestanden en vergeet het "
               "wat het erover onthoudt; de rijen in de werkmap haal je zelf weg."),
        *doubts,
    ]
    return "\n".join(lines)


def deleted_summary(surveyed: Survey, done: Deletion, *, workbook: str, titles: Mapping[str, str],
                    base: Path) -> str:
    """What --delete did, what it left and why, and which rows a person must still remove from
    the workbook."""

    found = surveyed.found
    dossiers = done.dossiers
    files = sum(d.files for d in dossiers)
    lines = _wrap(f"Verwijderd: {plural(files, 'bestand', 'bestanden')} van "
                  f"{plural(len(dossiers), 'dossier', 'dossiers')}; het auditlogboek in .eenplan/ "
                  "heeft een regel per dossier.")
    kept = [p for d in dossiers for p in d.kept]
    if kept:
        lines += _wrap(
            f"Niet verwijderd: {plural(len(kept), 'bestand', 'bestanden')} die iemand aanpaste nadat "
            f"eenplan ze maakte, of die eenplan niet maakte: {_names(kept, base)}. Kijk ze na: "
            "moeten ze niet langer bewaard worden, verwijder ze dan zelf, of met --delete "
            "--ook-aangepaste.")
    also = []
    if done.mails:
        also.append(f"{plural(len(done.mails), 'wekelijkse mail', 'wekelijkse mails')} (.eml in "
                    "rapporten/, van een voorbije week) die deze dossiers noemde"
                    + ("n" if len(done.mails) > 1 else ""))
    if done.restored:
        also.append(plural(len(done.restored), "werkmap", "werkmappen") + " die `eenplan restore` "
                    "terughaalde")
    if also:
        lines += _wrap(f"Ook verwijderd: {and_list(also)}.")
    if done.rewritten:
        lines += _wrap(f"Zonder de rijen van deze dossiers bewaard (er staan ook andere in): "
                       f"{_names(done.rewritten, base)}.")
    if done.mails_kept:
        kept_mails = [m for m in surveyed.mails if m.path in done.mails_kept]
        one = len(done.mails_kept) == 1
        lines += _wrap(f"Niet verwijderd: {_names(done.mails_kept, base)} {'is' if one else 'zijn'} "
                       f"{_mails_of_weeks(kept_mails, surveyed.today)}; verstuur of verwijder "
                       "ze zelf.")
    failed = [p for d in dossiers for p in d.failed] + list(done.failed)
    if failed:
        lines += _wrap(
            f"Niet verwijderd ({plural(len(failed), 'bestand', 'bestanden')}; open in een ander "
            "programma?): " + ", ".join(p.name for p in failed[:5]) + (" ..." if len(failed) > 5 else "")
            + ". Sluit ze en probeer opnieuw.")
    links = [p for d in dossiers for p in d.links]
    if links:
        lines += _wrap(
            f"Niet gevolgd ({plural(len(links), 'koppeling', 'koppelingen')} naar een plaats buiten de "
            "teammap): " + ", ".join(p.name for p in links[:5]) + (" ..." if len(links) > 5 else "")
            + ". eenplan verwijdert alleen wat in de teammap zelf staat; kijk na waar die koppeling "
            "heen wijst en haal ze zelf weg.")
    with_rows = [h for h in found if h.expired.rows]
    if with_rows:
        by_sheet: dict[str, list[int]] = defaultdict(list)
        for holding in with_rows:
            for sheet, numbers in holding.expired.rows.items():
                by_sheet[titles.get(sheet, sheet)].extend(numbers)
        wanted = [h.expired.dossier for h in with_rows]
        listed = ", ".join(wanted) if len(wanted) <= 11 else (
            f"{', '.join(wanted[:10])} en {len(wanted) - 10} andere")
        lines += _wrap(
            f"eenplan wijzigt de werkmap nooit. Haal deze rijen zelf weg uit {workbook} (filter de "
            f"kolom Dossier op {listed}, of werk van onder naar boven, want de rijnummers "
            "schuiven op):")
        width = max(13, *(len(sheet) + 2 for sheet in by_sheet))
        for sheet, rows in by_sheet.items():
            lines += textwrap.wrap(", ".join(map(str, sorted(rows))), 80,
                                   initial_indent=f"  {sheet + ':':<{width}}rij ",
                                   subsequent_indent=" " * (width + 6))
    if found:  # what retention did to the watcher's copies of the workbook
        lines += _wrap(done.snapshots.sentence())
    lines += team_sheet_lines(surveyed, workbook)
    return "\n".join(lines + unclear_lines(surveyed.unclear)
                     + unowned_lines(surveyed.unowned, base, titles))
