"""Retention reaches the snapshots too: the watcher's copies of the workbook, without the rows of
the dossiers retention deleted.

Each snapshot that holds such a dossier is rewritten with those rows emptied (the values the
snapshot held stay values; a formula keeps its last computed value), its inventory without the
dossier; a snapshot that cannot be rewritten is dropped. Pins that only held for rows of those
dossiers are lifted, so a retention-deleted dossier never keeps a snapshot for a year.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

from eenplan.dutch import and_list, plural
from eenplan.errors import EenplanError
from eenplan.files import remove_inside, write_atomically, write_text_atomically
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import Caseload, dossier_key
from eenplan.sheets.team_sheets import team_sheet_rows
from eenplan.team.folder import Team
from eenplan.team.state import State
from eenplan.watcher.snapshots import INCOMING_DIR, Inventory, Snapshot, Snapshots, vanished

# openpyxl (0.4 s to import) is imported where a snapshot is rewritten.


@dataclass(frozen=True)
class SnapshotsForgotten:
    rewritten: tuple[str, ...] = ()  # snapshot names, rewritten without the dossiers' rows
    dropped: tuple[str, ...] = ()  # could not be rewritten: deleted
    unpinned: tuple[str, ...] = ()  # kept only for rows of those dossiers: kept no longer
    # the team's own sheets in the rewritten copies without a Dossier column: not looked at
    unclear: tuple[str, ...] = ()

    def sentence(self) -> str:
        return " ".join([self._done(), *self._unclear()])

    def _unclear(self) -> list[str]:
        if not self.unclear:
            return []
        one = len(self.unclear) == 1
        return [f"eenplan kon in die kopieën op {'blad' if one else 'de bladen'} "
                f"{and_list(list(self.unclear))} niet zien welke rijen bij deze dossiers horen: kijk "
                f"{'het' if one else 'ze'} zelf na in de werkmap; de kopieën verdwijnen binnen het "
                "jaar vanzelf."]

    def _done(self) -> str:
        if not (self.rewritten or self.dropped):
            return "Geen enkele kopie van de werkmap in .eenplan/snapshots/ bevatte deze dossiers."
        parts = []
        if self.rewritten:
            parts.append(f"{plural(len(self.rewritten), 'kopie', 'kopieën')} herschreven zonder hun rijen")
        if self.dropped:
            more = " ..." if len(self.dropped) > 3 else ""
            parts.append(f"{plural(len(self.dropped), 'kopie', 'kopieën')} verwijderd (niet te "
                         f"herschrijven: {', '.join(self.dropped[:3])}{more})")
        return ("De kopieën van de werkmap in .eenplan/snapshots/: " + " en ".join(parts) + ".")

    def to_dict(self) -> dict[str, list[str]]:
        return {"rewritten": list(self.rewritten), "dropped": list(self.dropped),
                "unpinned": list(self.unpinned), "not_looked_at": list(self.unclear)}


def forget_in_snapshots(team: Team, numbers: Sequence[str]) -> SnapshotsForgotten:
    """Rewrite (or drop) every snapshot that holds one of ``numbers``."""
    store = Snapshots(team.state_dir)
    if not numbers or not store.dir.is_dir():
        return SnapshotsForgotten()
    keys = {dossier_key(n) for n in numbers}
    rewritten, dropped = [], []
    unclear: dict[str, None] = {}
    for snapshot in store.all():
        inventory = store.inventory(snapshot)
        if inventory is not None and not _holds_any(inventory, keys):
            continue
        try:
            unclear.update(dict.fromkeys(_rewrite(team, store, snapshot, numbers, inventory)))
            rewritten.append(snapshot.name)
        except (EenplanError, OSError, ValueError, KeyError, TypeError):
            for path in (snapshot.path, snapshot.inventory_path, snapshot.sidecar):
                remove_inside(store.base, path)
            dropped.append(snapshot.name)
    remove_inside(store.base, store.dir / INCOMING_DIR)  # a version half-read when a run stopped
    return SnapshotsForgotten(tuple(rewritten), tuple(dropped), _unpin(store), tuple(unclear))


def forget_deleted_in(team: Team, store: Snapshots, snapshot: Snapshot, caseload: Caseload) -> bool:
    """Keep a new version without the rows of the dossiers retention deleted: the workbook
    holds them until a person removes them by hand, and a version kept meanwhile would hold them
    for up to a year. A number on an open row again is a new dossier, and stays. Whether the
    version was rewritten (or dropped, when it could not be)."""
    with State(team.state_dir, root=team.base) as state:
        deleted = {dossier_key(n) for n in state.retention_deleted()}
    if not deleted:
        return False
    closed: dict[str, bool] = {}
    for dossier in caseload.dossiers:
        key = dossier_key(dossier.id)
        if key in deleted:
            closed[key] = closed.get(key, True) and not dossier.is_open
    numbers = [n for n in (d.id for d in caseload.dossiers) if closed.get(dossier_key(n))]
    if not numbers:
        return False
    try:
        _rewrite(team, store, snapshot, list(dict.fromkeys(numbers)), store.inventory(snapshot))
    except (EenplanError, OSError, ValueError, KeyError, TypeError):
        for path in (snapshot.path, snapshot.inventory_path, snapshot.sidecar):
            remove_inside(store.base, path)
    return True


def _holds_any(inventory: Inventory, keys: set[str]) -> bool:
    return any(key in inventory.dossiers or any(key in rows for rows in inventory.rows.values())
               for key in keys)


def _rewrite(team: Team, store: Snapshots, snapshot: Snapshot, numbers: Sequence[str],
             inventory: Inventory | None) -> tuple[str, ...]:
    """Empty the rows of ``numbers`` on every sheet of the snapshot: eenplan's, and the team's own
    that have a Dossier column (case notes, an archive sheet). The titles of the team's sheets
    without one, where eenplan could not tell, are returned."""
    from openpyxl import load_workbook

    settings = team.settings
    caseload = read_caseload(snapshot.path, header_aliases=settings.header_aliases,
                             own_columns=settings.own_columns, sheet_aliases=settings.sheet_aliases,
                             earlier_version=True)
    rows = {caseload.sheet_titles.get(sheet, sheet): found
            for sheet, found in caseload.rows_of(numbers).items()}
    own = team_sheet_rows(snapshot.path, numbers, skip=caseload.sheet_titles.values(),
                          header_aliases=settings.header_aliases)
    rows.update(own.rows)
    book = load_workbook(snapshot.path, data_only=True)
    try:
        for title, found in rows.items():
            if not found:
                continue
            worksheet = book[title]
            for row in found:
                for cell in worksheet[row]:
                    cell.value = None
        write_atomically(snapshot.path, lambda temporary: book.save(temporary))
    finally:
        book.close()
    keys = {dossier_key(n) for n in numbers}
    if inventory is None:
        inventory = Inventory.of(caseload)
    kept = Inventory(dossiers={k: v for k, v in inventory.dossiers.items() if k not in keys},
                     rows={sheet: {k: v for k, v in counts.items() if k not in keys}
                           for sheet, counts in inventory.rows.items()})
    write_text_atomically(snapshot.inventory_path, json.dumps(kept.to_json(), ensure_ascii=False))
    return own.unclear


def _unpin(store: Snapshots) -> tuple[str, ...]:
    """Lift the pin of a snapshot when nothing vanished any more between it and the next."""
    snapshots = store.all()
    lifted = []
    for earlier, later in zip(snapshots, snapshots[1:], strict=False):
        if not earlier.keep:
            continue
        before, after = store.inventory(earlier), store.inventory(later)
        if before is not None and after is not None and not vanished(before, after):
            store.pin(dataclasses.replace(earlier, keep=False), keep=False)
            lifted.append(earlier.name)
    return tuple(lifted)
