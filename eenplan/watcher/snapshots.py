"""Every workbook version the watcher read, kept in ``.eenplan/snapshots/``; what vanished.

A snapshot is the workbook's bytes as read, named after when it was first seen and its hash
(``20261123-162005-3f2a9c1b.xlsx``), with two JSON files beside it: when it was seen
(``.json``) and its inventory (``.inventory.json``), the number of rows each dossier has on
each sheet. The inventory holds dossier
numbers only, never names, and lets the next run say what disappeared without reading the old
version again. The same bytes are kept once (deduplicated by hash).

Kept: the last 30 versions, the newest of each week for a year, and every version that holds
rows a later version lost, for a year.

A version that lost a large share of the caseload at once (``large_loss``: a half-synced
folder, a filtered copy saved over the original) is kept too, but *held*: the watcher does no
work from it, and the next version is compared with the last one that was not held, until a
person accepts it (``accept_held``, `eenplan watch --accept`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import cast

from eenplan.dutch import and_list, plural
from eenplan.errors import EenplanError
from eenplan.files import make_folder_inside, remove_inside, require_inside, write_text_atomically
from eenplan.sheets.cells import totals_word
from eenplan.sheets.records import Caseload, dossier_key

SNAPSHOTS_DIR = "snapshots"
INCOMING_DIR = ".nieuw"
KEEP_LAST = 30
KEEP_WEEKS = 52
# A save loses "a large share" when more than this share of the dossiers vanished, or a sheet
# that had rows has none; never for fewer than SMALLEST_LOSS dossiers or rows (a small team
# deleting two rows is not a half-synced save).
ONE_IN = 5  # more than one dossier in five
SMALLEST_LOSS = 3

# The sheets whose rows belong to a dossier, as (Caseload attribute, singular, plural).
CHILD_SHEETS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "Netwerk": ("network", "netwerklid", "netwerkleden"),
    "Rondetafels": ("round_tables", "rondetafel", "rondetafels"),
    "Afspraken": ("agreements", "afspraak", "afspraken"),
    "Pauzes": ("pauses", "pauze", "pauzes"),
})

# An inventory's mark that its version of eenplan read no totals row as a dossier (from_json)
TOTALS_APART = "totals_apart"

_NAME = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{8}$")


SHOWN = 10  # dossier numbers named in one line; the rest is a count


def cut_short(numbers: tuple[str, ...] | list[str], shown: int = SHOWN) -> str:
    """Dossier numbers for one line: all of a few, else the first ``shown`` and how many more."""
    if len(numbers) <= shown + 1:
        return and_list(list(numbers))
    return f"{', '.join(numbers[:shown])} en {len(numbers) - shown} andere"


class SnapshotError(EenplanError):
    """A snapshot asked for does not exist or cannot be used."""


@dataclass(frozen=True)
class Inventory:
    """What one version holds, by dossier number: enough to tell what vanished."""

    dossiers: Mapping[str, str] = field(default_factory=dict)  # key -> the number as written
    rows: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # sheet -> key -> rows

    @classmethod
    def of(cls, caseload: Caseload) -> Inventory:
        dossiers: dict[str, str] = {}
        for dossier in caseload.dossiers:
            if dossier.id.strip():
                dossiers.setdefault(dossier_key(dossier.id), dossier.id.strip())
        rows = {
            sheet: dict(Counter(dossier_key(item.dossier) for item in getattr(caseload, attribute)
                                if item.dossier.strip()))
            for sheet, (attribute, _, _) in CHILD_SHEETS.items()
        }
        return cls(dossiers=dossiers, rows=rows)

    def to_json(self) -> dict[str, object]:
        return {"dossiers": dict(self.dossiers), "rows": {k: dict(v) for k, v in self.rows.items()},
                TOTALS_APART: True}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Inventory:
        """An inventory as written, keyed again by dossier_key: one written before a number was
        keyed as its folder ("2026/031" is 2026-031 now) would else have that dossier vanish.

        One written before the reader told a totals row the team made itself from a dossier
        (without ``TOTALS_APART``) holds "Totaal" as a dossier, which the next version no longer
        does: its totals words are left out, or the first save after would say "dossier Totaal"
        vanished."""
        apart = bool(data.get(TOTALS_APART))
        dossiers: dict[str, str] = {}
        for number in cast(Mapping[str, str], data.get("dossiers", {})).values():
            if apart or not totals_word(number):
                dossiers.setdefault(dossier_key(number), number)
        rows: dict[str, dict[str, int]] = {}
        for sheet, counts in cast(Mapping[str, Mapping[str, int]], data.get("rows", {})).items():
            rekeyed = rows[sheet] = {}
            for key, count in counts.items():
                if apart or not totals_word(key) or dossier_key(key) in dossiers:
                    rekeyed[dossier_key(key)] = rekeyed.get(dossier_key(key), 0) + count
        return cls(dossiers=dossiers, rows=rows)


@dataclass(frozen=True)
class Vanished:
    """What one version lost compared with the one before: dossier numbers and row counts."""

    dossiers: tuple[str, ...] = ()
    # (sheet, dossier number, rows lost) for rows lost by dossiers that are still there
    rows: tuple[tuple[str, str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.dossiers or self.rows)

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every dossier number that lost something, in order, once."""
        return tuple(dict.fromkeys((*self.dossiers, *(number for _, number, _ in self.rows))))

    def without(self, numbers: frozenset[str] | set[str]) -> Vanished:
        """What vanished, less the dossiers in ``numbers`` (retention deleted them on purpose)."""
        keys = {dossier_key(n) for n in numbers}
        return Vanished(dossiers=tuple(n for n in self.dossiers if dossier_key(n) not in keys),
                        rows=tuple(r for r in self.rows if dossier_key(r[1]) not in keys))

    def sentence(self, snapshot: str) -> str:
        """One Dutch line that says what vanished and how to get it back."""
        parts = []
        if self.dossiers:
            parts.append(("dossier " if len(self.dossiers) == 1 else "de dossiers ")
                         + cut_short(self.dossiers))
        for sheet, number, count in self.rows[:SHOWN]:
            _, one, many = CHILD_SHEETS[sheet]
            parts.append(f"{plural(count, one, many)} van {number}")
        if len(self.rows) > SHOWN:
            parts.append(f"rijen van nog {len({n for _, n, _ in self.rows[SHOWN:]})} andere dossiers")
        first = self.numbers[0]
        return (f"LET OP: verdwenen uit de werkmap: {and_list(parts)}. Wat verdween staat nog in "
                f"snapshot {snapshot}; `eenplan restore {snapshot} --dossier {first}` zet het in een "
                "nieuwe werkmap naast die van het team.")


@dataclass(frozen=True)
class LargeLoss:
    """What makes a version look half-synced: dossiers lost, sheets emptied."""

    lost: int  # dossiers vanished (a large share of them, or not)
    of: int  # dossiers the version before held
    many: bool  # more than one dossier in five
    emptied: tuple[tuple[str, int], ...] = ()  # (sheet, rows it had) for sheets now empty

    def sentence(self, titles: Mapping[str, str] | None = None) -> str:
        """ "31 van de 120 dossiers en alle 85 rijen van Netwerk"; ``titles``: eenplan's sheet
        names -> the team's ([bladen]), so the sheets are named as the team knows them."""
        titles = titles or {}
        parts = [f"{self.lost} van de {self.of} dossiers"] if self.many else []
        parts += [f"alle {rows} rijen van {titles.get(sheet, sheet)}" for sheet, rows in self.emptied]
        return and_list(parts)


def large_loss(before: Inventory, after: Inventory) -> LargeLoss | None:
    """Whether ``after`` lost a large share of ``before`` at once; None when it did not."""
    lost = sum(1 for key in before.dossiers if key not in after.dossiers)
    many = lost >= SMALLEST_LOSS and lost * ONE_IN > len(before.dossiers)
    emptied = tuple(
        (sheet, had) for sheet in CHILD_SHEETS
        if (had := sum(before.rows.get(sheet, {}).values())) >= SMALLEST_LOSS
        and not any(after.rows.get(sheet, {}).values())
    )
    if not many and not emptied:
        return None
    return LargeLoss(lost=lost, of=len(before.dossiers), many=many, emptied=emptied)


def vanished(before: Inventory, after: Inventory) -> Vanished:
    gone = tuple(number for key, number in before.dossiers.items() if key not in after.dossiers)
    lost = []
    for sheet in CHILD_SHEETS:
        old, new = before.rows.get(sheet, {}), after.rows.get(sheet, {})
        for key, count in old.items():
            if key in before.dossiers and key not in after.dossiers:
                continue  # said with the dossier itself
            missing = count - new.get(key, 0)
            if missing > 0:
                lost.append((sheet, before.dossiers.get(key) or after.dossiers.get(key) or key, missing))
    return Vanished(dossiers=gone, rows=tuple(lost))


@dataclass(frozen=True)
class Snapshot:
    name: str  # "20261123-162005-3f2a9c1b": what people type
    path: Path
    sha256: str
    first_seen: datetime.datetime
    last_seen: datetime.datetime
    keep: bool  # holds rows a later version lost
    held: bool = False  # lost a large share of the caseload: the watcher did no work from it
    accepted: bool = False  # held, then accepted by a person: it was meant

    @property
    def sidecar(self) -> Path:
        """When it was seen, whether it must be kept."""
        return self.path.with_suffix(".json")

    @property
    def inventory_path(self) -> Path:
        """What it holds, by dossier number (written once, read when the next version differs)."""
        return self.path.with_suffix(".inventory.json")


class Snapshots:
    """The snapshot folder of one team."""

    def __init__(self, state_dir: Path) -> None:
        self.dir = state_dir / SNAPSHOTS_DIR
        self.base = state_dir.parent  # the team folder: nothing here is written through a link

    def incoming(self, workbook_name: str) -> Path:
        """Where a version is put to be read before it is kept (it keeps the workbook's name,
        so whatever the reader says names the team's file)."""
        return require_inside(self.base, self.dir / INCOMING_DIR / workbook_name)

    def all(self) -> list[Snapshot]:
        """Every snapshot, the one seen longest ago first."""
        found = []
        for sidecar in self.dir.glob("*.json") if self.dir.is_dir() else ():
            snapshot = self._load(sidecar)
            if snapshot is not None:
                found.append(snapshot)
        return sorted(found, key=lambda s: (s.last_seen, s.name))

    def find(self, sha256: str) -> Snapshot | None:
        for snapshot in self.all():
            if snapshot.sha256 == sha256:
                return snapshot
        return None

    def latest_other(self, sha256: str) -> Snapshot | None:
        """The version seen last that is not this one and was not held: what this one is
        compared with."""
        others = [s for s in self.all() if s.sha256 != sha256 and not s.held]
        return others[-1] if others else None

    def hold(self, snapshot: Snapshot) -> Snapshot:
        """Mark a version the watcher did no work from (it lost a large share at once)."""
        held = dataclasses.replace(snapshot, held=True, accepted=False)
        self._write_sidecar(held)
        return held

    def latest_held(self) -> Snapshot | None:
        """The newest version held back, if it is also the newest version seen."""
        snapshots = self.all()
        return snapshots[-1] if snapshots and snapshots[-1].held else None

    def accept_held(self) -> Snapshot | None:
        """A person says the newest held version was meant: it counts again, from now on the
        versions after it are compared with it. None when no version is held."""
        held = self.latest_held()
        if held is None:
            return None
        accepted = dataclasses.replace(held, held=False, accepted=True)
        self._write_sidecar(accepted)
        return accepted

    def keep(self, incoming: Path, sha256: str, inventory: Inventory,
             now: datetime.datetime) -> Snapshot:
        """Keep the version read from ``incoming`` (moved, or dropped when already kept)."""
        known = self.find(sha256)
        if known is not None:
            incoming.unlink(missing_ok=True)
            seen = dataclasses.replace(known, last_seen=now)
            self._write_sidecar(seen)
            return seen
        name = f"{now:%Y%m%d-%H%M%S}-{sha256[:8]}"
        snapshot = Snapshot(name=name, path=self.dir / f"{name}.xlsx", sha256=sha256, first_seen=now,
                            last_seen=now, keep=False)
        make_folder_inside(self.base, self.dir)
        require_inside(self.base, snapshot.path)
        write_text_atomically(snapshot.inventory_path, json.dumps(inventory.to_json(), ensure_ascii=False))
        incoming.replace(snapshot.path)
        self._write_sidecar(snapshot)
        return snapshot

    def inventory(self, snapshot: Snapshot) -> Inventory | None:
        try:
            return Inventory.from_json(json.loads(snapshot.inventory_path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def pin(self, snapshot: Snapshot, *, keep: bool = True) -> None:
        """Keep this one for a year whatever the count: it holds rows that later vanished
        (``keep=False``: no longer)."""
        self._write_sidecar(dataclasses.replace(snapshot, keep=keep))

    def prune(self, now: datetime.datetime) -> tuple[str, ...]:
        """Delete what is no longer kept; returns the names deleted."""
        snapshots = self.all()
        year_ago = now - datetime.timedelta(weeks=KEEP_WEEKS)
        kept = {s.name for s in snapshots[-KEEP_LAST:]}
        weekly: dict[tuple[int, int], Snapshot] = {}
        for snapshot in snapshots:  # oldest first: the newest of a week stays
            if snapshot.last_seen >= year_ago:
                weekly[snapshot.last_seen.isocalendar()[:2]] = snapshot
                if snapshot.keep:
                    kept.add(snapshot.name)
        kept |= {s.name for s in weekly.values()}
        deleted = []
        for snapshot in snapshots:
            if snapshot.name not in kept:
                for path in (snapshot.path, snapshot.inventory_path, snapshot.sidecar):
                    remove_inside(self.base, path)
                deleted.append(snapshot.name)
        return tuple(deleted)

    def resolve(self, text: str) -> Snapshot:
        """The snapshot a person named: its name, its file name, or the start of either."""
        wanted = text.strip().removesuffix(".xlsx")
        snapshots = self.all()
        exact = [s for s in snapshots if s.name == wanted]
        matches = exact or [s for s in snapshots if s.name.startswith(wanted) and wanted]
        if len(matches) == 1:
            return matches[0]
        if not snapshots:
            raise SnapshotError(
                "Er zijn nog geen snapshots: `eenplan watch` bewaart elke versie van de werkmap die "
                "het leest in .eenplan/snapshots/."
            )
        if not matches:
            raise SnapshotError(
                f"Er is geen snapshot {text}. `eenplan restore --list` toont welke er zijn."
            )
        raise SnapshotError(
            f"Meer dan één snapshot begint met {text}: geef er meer van, zoals {matches[-1].name}."
        )

    def _load(self, sidecar: Path) -> Snapshot | None:
        if not _NAME.match(sidecar.stem):
            return None
        path = sidecar.with_suffix(".xlsx")
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            snapshot = Snapshot(
                name=sidecar.stem, path=path, sha256=str(data["sha256"]),
                first_seen=datetime.datetime.fromisoformat(data["first_seen"]),
                last_seen=datetime.datetime.fromisoformat(data["last_seen"]),
                keep=bool(data.get("keep", False)),
                held=bool(data.get("held", False)),
                accepted=bool(data.get("accepted", False)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return snapshot if path.is_file() else None

    def _write_sidecar(self, snapshot: Snapshot) -> None:
        data = {
            "sha256": snapshot.sha256,
            "first_seen": snapshot.first_seen.isoformat(),
            "last_seen": snapshot.last_seen.isoformat(),
            "keep": snapshot.keep,
            "held": snapshot.held,
            "accepted": snapshot.accepted,
        }
        write_text_atomically(snapshot.sidecar, json.dumps(data))
