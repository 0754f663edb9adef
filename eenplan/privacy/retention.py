"""`eenplan retention`: dossiers closed longer ago than the team keeps them, and their files.

A team keeps a family's record for a set time after closure (``[bewaren] maanden`` in
eenplan.toml, 60 by default). This lists the dossiers past that time with every file that
belongs to them: the documents in ``out/<dossier>/``, earlier inzage exports, and what the
state remembers it generated. Nothing is deleted unless asked; then the files go, the state
forgets them, and each dossier gets an audit line. The workbook is never written: the rows in
it are named, so a person removes them by hand.
"""

from __future__ import annotations

import datetime
import os
import re
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.dutch import plural, short_date
from eenplan.files import files_inside, inside, is_link, remove_inside, remove_stale_temporaries, safe_name
from eenplan.flows.deadlines import edate
from eenplan.privacy.export import EXPORTS, remembered_files
from eenplan.sheets.records import Caseload, Dossier, SheetLayout, dossier_key
from eenplan.sheets.rules import PROGRAMME_START
from eenplan.sheets.schema import DOSSIERS
from eenplan.team.folder import Team
from eenplan.team.state import State


@dataclass(frozen=True)
class Expired:
    """A dossier closed longer ago than the retention time, and the rows that are about it."""

    dossier: str
    closed_on: datetime.date
    rows: Mapping[str, tuple[int, ...]]  # eenplan's sheet name -> Excel row numbers


@dataclass(frozen=True)
class Unclear:
    """A dossier whose closure eenplan cannot date: kept, and said, until the cell is mended."""

    dossier: str
    cell: str
    reason: str


@dataclass(frozen=True)
class Holding:
    """An expired dossier with what eenplan keeps about it on disk."""

    expired: Expired
    folders: tuple[Path, ...]  # removed whole: out/<dossier>/, inzage exports
    files: tuple[Path, ...]  # every file, in those folders or elsewhere (remembered in the state)
    remembered: tuple[str, ...]  # the state's records of generated documents (their file keys)
    links: tuple[Path, ...] = ()  # links (symbolic, junctions) to elsewhere: never followed


@dataclass(frozen=True)
class Deleted:
    dossier: str
    files: int
    failed: tuple[Path, ...]
    links: tuple[Path, ...] = ()  # left as they are: what they point to is not the team's


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


def unclear_lines(unclear: Sequence[Unclear]) -> list[str]:
    """What the list says about the dossiers it could not judge (none: nothing)."""
    if not unclear:
        return []
    lines = ["", *textwrap.wrap(
        f"{plural(len(unclear), 'dossier', 'dossiers')} niet te beoordelen: eenplan kan niet "
        "rekenen op de Datum afsluiting (ze staat erbij, met wat er mis is). eenplan bewaart ze "
        "tot die cel verbeterd is:", 80)]
    for item in unclear:
        lines += textwrap.wrap(f"{item.cell}: {item.reason}", 80, initial_indent=f"  {item.dossier:<10}",
                               subsequent_indent=" " * 12)
    return lines


def _rows_of(caseload: Caseload, number: str) -> Mapping[str, tuple[int, ...]]:
    return {sheet: numbers for sheet, numbers in caseload.rows_of([number]).items() if numbers}


def holdings(team: Team, expired: Sequence[Expired]) -> tuple[Holding, ...]:
    """What lies on disk for each expired dossier."""

    remembered: dict[str, list[str]] = defaultdict(list)
    located: dict[str, list[Path]] = defaultdict(list)
    if (team.state_dir / "state.sqlite").is_file():
        with State(team.state_dir, root=team.base) as state:
            for item in expired:
                records = state.generated_for(item.dossier)
                remembered[item.dossier] = [g.file for g in records]
                located[item.dossier] = remembered_files(team, state, records)
    exports = team.reports_dir / EXPORTS
    base = team.base
    found = []
    for item in expired:
        names = dict.fromkeys((safe_name(item.dossier, ""), item.dossier.strip()))
        candidates = [team.out_dir / n for n in names if os.path.lexists(team.out_dir / n)]
        pattern = re.compile(re.escape(safe_name(item.dossier, "")) + r" \d{4}-\d{2}-\d{2}( \(\d+\))?")
        if inside(base, exports) and exports.is_dir():
            candidates += sorted(p for p in exports.iterdir() if pattern.fullmatch(p.name))
        folders = [p for p in candidates if inside(base, p) and p.is_dir()]
        links = [p for p in candidates if p not in folders and (is_link(p) or not inside(base, p))]
        files = {p: None for folder in folders for p in files_inside(base, folder)}
        for folder in folders:  # links inside a folder: named, never followed
            links += [Path(top) / n for top, dirs, names in os.walk(folder)
                      for n in (*dirs, *names) if is_link(Path(top) / n)]
        for path in located[item.dossier]:
            files[path] = None
        found.append(Holding(item, tuple(folders), tuple(files), tuple(remembered[item.dossier]),
                             tuple(dict.fromkeys(links))))
    return tuple(found)


def delete(team: Team, found: Sequence[Holding], *,
           now: datetime.datetime | None = None) -> tuple[Deleted, ...]:
    """Remove each dossier's files, forget their records, and audit it (at ``now``), one line a
    dossier."""

    done = []
    with State(team.state_dir, root=team.base) as state:
        state.require_writable()  # else the files would go and their audit lines not be written
        remove_stale_temporaries(team.reports_dir / EXPORTS)  # a killed export's half copies
        for holding in found:
            failed: list[Path] = []
            removed = 0
            for path in holding.files:
                existed = path.is_file()
                left = remove_inside(team.base, path)
                if existed and not left:
                    removed += 1
                failed += [p for p in left if not is_link(p) and inside(team.base, p)]
            for folder in holding.folders:
                failed += [p for p in remove_inside(team.base, folder)
                           if not is_link(p) and not p.is_dir() and inside(team.base, p)]
            state.forget_dossier(holding.expired.dossier)
            number = holding.expired.dossier
            state.audit(
                "retention-delete", number,
                f"afgesloten {holding.expired.closed_on.isoformat()}; bestanden verwijderd: {removed}; "
                f"documentrecords vergeten: {len(holding.remembered)}; niet verwijderd: {len(failed)}",
                at=now,
            )
            done.append(Deleted(number, removed, tuple(dict.fromkeys(failed)), holding.links))
    return tuple(done)


def to_dict(found: Sequence[Holding], *, team: Team, months: int, today: datetime.date,
            deleted: bool, unclear: Sequence[Unclear] = ()) -> dict[str, Any]:
    return {
        "as_of": today.isoformat(),
        "months": months,
        "deleted": deleted,
        "items": [
            {
                "dossier": h.expired.dossier,
                "closed_on": h.expired.closed_on.isoformat(),
                "rows": {sheet: list(rows) for sheet, rows in h.expired.rows.items()},
                "files": [_relative(p, team.base) for p in h.files],
                "remembered": len(h.remembered),
                "links": [_relative(p, team.base) for p in h.links],
            }
            for h in found
        ],
        # closures eenplan cannot date: kept, and said
        "not_judged": [{"dossier": u.dossier, "cell": u.cell, "reason": u.reason} for u in unclear],
    }


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def retention_table(found: Sequence[Holding], *, months: int, titles: Mapping[str, str],
                    unclear: Sequence[Unclear] = ()) -> str:
    """The list, readable in an 80-column terminal, in Dutch."""

    lines = [f"Bewaartermijn: {plural(months, 'maand', 'maanden')} na de afsluiting."]
    if not found:
        lines.append("Geen enkel ander dossier is langer geleden afgesloten." if unclear else
                     "Geen enkel dossier is langer geleden afgesloten: er is niets op te ruimen.")
        return "\n".join(lines + unclear_lines(unclear))
    lines += [
        f"{plural(len(found), 'dossier is', 'dossiers zijn')} langer geleden afgesloten:",
        "",
        f"  {'Dossier':<10}{'Afgesloten':<12}{'Bestanden':>9}  Rijen in de werkmap",
    ]
    for holding in found:
        item = holding.expired
        rows = "; ".join(f"{titles.get(sheet, sheet)} {', '.join(map(str, numbers))}"
                         for sheet, numbers in item.rows.items())
        lines += textwrap.wrap(
            rows, 80, initial_indent=f"  {item.dossier:<10}{short_date(item.closed_on):<12}"
            f"{len(holding.files):>9}  ", subsequent_indent=" " * 35, break_on_hyphens=False)
    lines += [
        "",
        *textwrap.wrap("Er is niets verwijderd. Met --delete verwijdert eenplan de bestanden en "
                       "vergeet het wat het erover onthoudt; de rijen in de werkmap haal je zelf "
                       "weg.", 80),
        *unclear_lines(unclear),
    ]
    return "\n".join(lines)


def deleted_summary(found: Sequence[Holding], done: Sequence[Deleted], *, workbook: str,
                    titles: Mapping[str, str], snapshots: str = "",
                    unclear: Sequence[Unclear] = ()) -> str:
    """What --delete did, and which rows a person must still remove from the workbook."""

    files = sum(d.files for d in done)
    lines = textwrap.wrap(f"Verwijderd: {plural(files, 'bestand', 'bestanden')} van "
                          f"{plural(len(done), 'dossier', 'dossiers')}; het auditlogboek in .eenplan/ "
                          "heeft een regel per dossier.", 80)
    failed = [p for d in done for p in d.failed]
    if failed:
        lines += textwrap.wrap(
            f"Niet verwijderd ({plural(len(failed), 'bestand', 'bestanden')}; open in een ander "
            "programma?): " + ", ".join(p.name for p in failed[:5]) + (" ..." if len(failed) > 5 else "")
            + ". Sluit ze en probeer opnieuw.", 80)
    links = [p for d in done for p in d.links]
    if links:
        lines += textwrap.wrap(
            f"Niet gevolgd ({plural(len(links), 'koppeling', 'koppelingen')} naar een plaats buiten de "
            "teammap): " + ", ".join(p.name for p in links[:5]) + (" ..." if len(links) > 5 else "")
            + ". eenplan verwijdert alleen wat in de teammap zelf staat; kijk na waar die koppeling "
            "heen wijst en haal ze zelf weg.", 80)
    if found:
        by_sheet: dict[str, list[int]] = defaultdict(list)
        for holding in found:
            for sheet, numbers in holding.expired.rows.items():
                by_sheet[titles.get(sheet, sheet)].extend(numbers)
        wanted = [h.expired.dossier for h in found]
        listed = ", ".join(wanted) if len(wanted) <= 11 else (
            f"{', '.join(wanted[:10])} en {len(wanted) - 10} andere")
        lines += textwrap.wrap(
            f"eenplan wijzigt de werkmap nooit. Haal deze rijen zelf weg uit {workbook} (filter de "
            f"kolom Dossier op {listed}, of werk van onder naar boven, want de rijnummers "
            "schuiven op):", 80, break_on_hyphens=False)
        for sheet, rows in by_sheet.items():
            lines += textwrap.wrap(", ".join(map(str, sorted(rows))), 80,
                                   initial_indent=f"  {sheet + ':':<13}rij ", subsequent_indent=" " * 19)
        if snapshots:  # what retention did to the watcher's copies of the workbook
            lines += textwrap.wrap(snapshots, 80)
    return "\n".join(lines + unclear_lines(unclear))
