"""Get lost rows back: a dossier's rows from a snapshot, in a NEW workbook beside the team's.

The team's own workbook is never written: a person copies the rows back in Excel, where they
see what they paste. The new workbook has the snapshot's sheets, each with its header row and
the rows of the dossiers asked for, dates formatted as dates.
"""

from __future__ import annotations

import datetime
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eenplan.dutch import and_list, plural, short_date
from eenplan.files import inside, require_inside, safe_name, write_atomically
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import dossier_key
from eenplan.sheets.schema import DOSSIERS
from eenplan.sheets.team_sheets import team_sheet_rows
from eenplan.team.folder import Team
from eenplan.team.state import State
from eenplan.watcher.snapshots import CHILD_SHEETS, Inventory, Snapshot, SnapshotError, Snapshots

# openpyxl (0.4 s to import) is imported where a restored workbook is written, not by `restore --list`.

SHEETS = (DOSSIERS, *CHILD_SHEETS)
_LABELS = {DOSSIERS: ("dossier", "dossiers"), **{k: v[1:] for k, v in CHILD_SHEETS.items()}}


@dataclass(frozen=True)
class Restored:
    path: Path
    snapshot: Snapshot
    rows: Mapping[str, int]  # sheet -> rows copied
    missing: tuple[str, ...]  # the dossier numbers asked for that the snapshot does not hold
    rowless: tuple[str, ...] = ()  # those it holds only on the other sheets, not on Dossiers
    dossiers_title: str = DOSSIERS  # the sheet Dossiers as the snapshot names it ([bladen])
    # the team's own sheets with a Dossier column (case notes, an archive): title -> rows copied
    team_rows: Mapping[str, int] = field(default_factory=dict)
    # the team's own sheets with content but no Dossier column: eenplan could not tell, and says so
    unclear: tuple[str, ...] = ()

    def summary(self, *, shown: str, workbook: str) -> str:
        counts = [plural(n, *_LABELS[sheet]) for sheet, n in self.rows.items() if n]
        counts += [f"{plural(n, 'rij', 'rijen')} van het blad {title}" for title, n in self.team_rows.items()]
        kept = self.snapshot.first_seen
        lines = [
            f"Geschreven: {shown}, met {and_list(counts)} uit snapshot {self.snapshot.name} "
            f"(bewaard op {short_date(kept.date())} om {kept:%H.%M} uur).",
            f"Kopieer in Excel de rijen die je nodig hebt naar {workbook}; eenplan wijzigt de werkmap "
            "van het team nooit.",
        ]
        if self.missing:
            lines.append(f"Niet in deze snapshot: {and_list(list(self.missing))}.")
        if self.unclear:
            one = len(self.unclear) == 1
            lines.append(f"Niet teruggehaald: eenplan kon op {'blad' if one else 'de bladen'} "
                         f"{and_list(list(self.unclear))} van de snapshot niet zien welke rijen "
                         "erbij horen (geen kolom Dossier in de kopregel): kijk het zelf na in de "
                         "snapshot.")
        if self.rowless:
            lines.append(f"Niet meer op het blad {self.dossiers_title} in deze snapshot (alleen "
                         f"rijen op de andere bladen): {and_list(list(self.rowless))}; een oudere "
                         "snapshot heeft die rij.")
        return "\n".join(textwrap.fill(line, 80, break_on_hyphens=False, break_long_words=False)
                         for line in lines)


def restore_dossiers(team: Team, snapshot: Snapshot, numbers: Sequence[str]) -> Restored:
    """Write the rows of ``numbers`` from ``snapshot`` into a new workbook beside the team's."""
    settings = team.settings
    caseload = read_caseload(snapshot.path, header_aliases=settings.header_aliases,
                             own_columns=settings.own_columns, sheet_aliases=settings.sheet_aliases,
                             earlier_version=True)
    found = caseload.rows_of(numbers)
    rows = {sheet: found[sheet] for sheet in SHEETS}
    held = {dossier_key(d.id) for d in caseload.dossiers} | {
        dossier_key(item.dossier) for attribute, _, _ in CHILD_SHEETS.values()
        for item in getattr(caseload, attribute)}
    missing = tuple(n for n in numbers if dossier_key(n) not in held)
    if len(missing) == len(numbers):
        raise SnapshotError(
            f"{_dossiers(missing)} staat niet in snapshot {snapshot.name}. `eenplan restore --list "
            f"--dossier {missing[0]}` toont de snapshots waarin het wel staat."
        )
    on_dossiers = {dossier_key(d.id) for d in caseload.dossiers if d.id}
    rowless = tuple(n for n in numbers if n not in missing and dossier_key(n) not in on_dossiers)
    if len(missing) + len(rowless) == len(numbers):  # only rows that lost their family's row
        raise SnapshotError(
            f"{_dossiers(rowless)} staat in snapshot {snapshot.name} niet meer op het blad "
            f"{caseload.title(DOSSIERS)} "
            "(alleen nog rijen op de andere bladen), dus eruit terughalen geeft het gezin niet "
            f"terug: kies een oudere snapshot. `eenplan restore --list --dossier {rowless[0]}` toont "
            "de snapshots met die rij."
        )

    from openpyxl import Workbook, load_workbook

    own = team_sheet_rows(snapshot.path, [n for n in numbers if n not in missing],
                          skip=caseload.sheet_titles.values(), header_aliases=settings.header_aliases)
    wanted = [(caseload.sheet_titles.get(sheet, sheet), layout.header_row, rows[sheet])
              for sheet in SHEETS if (layout := caseload.layouts.get(sheet)) is not None and layout.present]
    wanted += [(s.title, s.header_row, tuple(n for n, _ in s.rows)) for s in own.with_rows]
    source = load_workbook(snapshot.path, data_only=True)
    book = Workbook()
    book.remove(book.worksheets[0])
    for title, header_row, picked in wanted:
        original = source[title]
        copy = book.create_sheet(title)
        for letter, dimension in original.column_dimensions.items():
            if dimension.width:
                copy.column_dimensions[letter].width = dimension.width
        for target, row in enumerate([header_row, *picked], start=1):
            for cell in original[row]:
                if cell.value is None:
                    continue
                new = copy.cell(target, cell.column, cell.value)
                if isinstance(cell.value, (datetime.date, datetime.datetime)):
                    new.number_format = cell.number_format if cell.is_date else "dd/mm/yyyy"
        copy.freeze_panes = "A2"
    source.close()
    book.properties.creator = "eenplan"
    restored = "+".join(n for n in numbers if n not in missing)
    path = _free_name(team.workbook.parent, f"Hersteld uit {snapshot.name} - {restored}")
    if inside(team.base, team.workbook):  # beside the team's workbook: never through a link
        require_inside(team.base, path)
    if path.resolve() == team.workbook.resolve():  # pragma: no cover - the names cannot meet
        raise SnapshotError("eenplan schrijft nooit in de werkmap van het team.")
    write_atomically(path, lambda temporary: book.save(temporary))
    return Restored(path=path, snapshot=snapshot, rows={s: len(r) for s, r in rows.items()},
                    missing=missing, rowless=rowless, dossiers_title=caseload.title(DOSSIERS),
                    team_rows={s.title: len(s.rows) for s in own.with_rows}, unclear=own.unclear)


def _dossiers(numbers: Sequence[str]) -> str:
    return ("Dossier " if len(numbers) == 1 else "De dossiers ") + and_list(list(numbers))


def _free_name(folder: Path, stem: str) -> Path:
    path, number = folder / safe_name(stem, ".xlsx"), 2
    while os.path.lexists(path):  # a link of that name is taken too: never written through
        path, number = folder / safe_name(stem, ".xlsx", version=number), number + 1
    return path


def snapshot_list(store: Snapshots, dossiers: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The snapshots, the newest first; with ``dossiers``, only those that hold all of them (on
    the sheet Dossiers)."""
    wanted = [dossier_key(n) for n in dossiers]
    listed = []
    for snapshot in reversed(store.all()):
        inventory = store.inventory(snapshot)
        if wanted and (inventory is None or not all(_holds(inventory, key) for key in wanted)):
            continue
        listed.append({
            "snapshot": snapshot.name,
            "first_seen": snapshot.first_seen.isoformat(timespec="seconds"),
            "last_seen": snapshot.last_seen.isoformat(timespec="seconds"),
            "dossiers": len(inventory.dossiers) if inventory is not None else None,
            "keep": snapshot.keep,
            "held": snapshot.held,
        })
    return listed


def retention_removed(team: Team, dossiers: Sequence[str]) -> dict[str, datetime.date]:
    """Of ``dossiers``, those `eenplan retention --delete` removed (also from the kept versions),
    with the day it did (the audit trail in the state)."""
    if not dossiers or not (team.state_dir / "state.sqlite").is_file():
        return {}
    with State(team.state_dir, root=team.base) as state:
        days = state.retention_deleted_days()
    found: dict[str, datetime.date] = {}
    for number in dossiers:
        matching = [day for n, day in days.items() if dossier_key(n) == dossier_key(number)]
        if matching:
            found[number] = max(matching)
    return found


def snapshot_table(listed: Sequence[Mapping[str, Any]], dossiers: Sequence[str] = (),
                   removed: Mapping[str, datetime.date] | None = None) -> str:
    """The kept versions as a table; ``removed``: of ``dossiers``, those retention deleted, and
    when (``retention_removed``), said where no version holds them."""
    if not listed:
        if dossiers:
            said = [f"Geen enkele bewaarde versie bevat {_dossiers(dossiers).lower()}."]
            for number, day in (removed or {}).items():
                said.append(f"`eenplan retention --delete` verwijderde dossier {number} op "
                            f"{short_date(day)}, ook uit de bewaarde versies: de bewaartermijn was om.")
            return "\n".join(said)
        return ("Nog geen bewaarde versies: `eenplan watch` bewaart elke versie van de werkmap die "
                "het leest.")
    lines = [f"{'Snapshot':<26}{'Laatst gezien':<18}{'Dossiers':>8}"]
    for item in listed:
        seen = datetime.datetime.fromisoformat(item["last_seen"])
        count = "" if item["dossiers"] is None else str(item["dossiers"])
        note = ("  tegengehouden: een groot deel van de caseload ontbrak" if item.get("held")
                else "  bewaard: bevat rijen die later verdwenen" if item["keep"] else "")
        lines.append(f"{item['snapshot']:<26}{seen:%d/%m/%Y %H:%M}  {count:>8}{note}")
    lines += ["", "Terughalen: eenplan restore SNAPSHOT --dossier NUMMER"]
    return "\n".join(lines)


def _holds(inventory: Inventory, key: str) -> bool:
    """Whether the version holds the dossier: its row on Dossiers (rows left on the other sheets
    without it would give the family back without its name, its dates, its begeleider)."""
    return key in inventory.dossiers
