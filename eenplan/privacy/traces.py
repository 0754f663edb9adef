"""What eenplan keeps about a family besides its rows and its folder in out/.

An inzage that leaves these out, or a retention that does not reach them, would say less than
the team keeps:

- documents, folders in ``out/`` and kept versions of the workbook under a dossier number that
  no row on Dossiers has any more (``unowned``): a number that was corrected (2020-07 became
  2020-007: ``linked`` to the dossier it is an earlier way of writing), or a dossier whose rows
  the team removed;
- the weekly mails eenplan wrote as .eml into ``rapporten/`` (the coordinators' Achterstand and
  each begeleider's week: ``eenplan_mails``), which name the dossiers of that week;
- the workbooks `eenplan restore` wrote beside the team's (``restored_workbooks``);
- the versions of the workbook the watcher keeps in ``.eenplan/snapshots/`` (``kept_versions``);
- another dossier of the same family (``same_family``).
"""

from __future__ import annotations

import datetime
import email
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from pathlib import Path

from eenplan.errors import EenplanError
from eenplan.files import TEMP_PREFIX, files_inside, inside, is_link, safe_name
from eenplan.sheets.cells import normal_text
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import CHILD_ATTRIBUTES, Caseload, Dossier, dossier_key
from eenplan.team.folder import Team
from eenplan.team.state import State
from eenplan.watcher.snapshots import Snapshot, Snapshots

_PARTS = re.compile(r"[0-9]+|[^\W\d_]+")
# ... with the version a copy gets beside one someone changed ("Achterstand 2026-W48 (2).eml")
_WEEK_MAIL = re.compile(r"(?:Achterstand|Jouw week) (\d{4})-W(\d{2})(?: - .+)?(?: \(\d+\))?\.eml")
_RESTORED = re.compile(r"Hersteld uit \d{8}-\d{6}-[0-9a-f]{8} - .+\.xlsx")


def number_form(number: str) -> tuple[str, ...]:
    """A dossier number as a person reads it: its numbers without leading zeros and its letters,
    case and separators left out. 2020-07, 2020-007 and 2020/7 are one number."""
    return tuple(part.lstrip("0") or "0" if part.isascii() and part.isdigit() else part.casefold()
                 for part in _PARTS.findall(number))


def mentions(text: str, number: str) -> bool:
    """Whether ``text`` names the dossier number (as a whole: 2020-007 is not in 2020-0071)."""
    wanted = number.strip()
    if not wanted:
        return False
    pattern = r"(?<![0-9A-Za-z])" + re.escape(wanted) + r"(?![0-9A-Za-z])"
    return re.search(pattern, text, re.IGNORECASE) is not None


# -- numbers no row on Dossiers has ------------------------------------------------------------


@dataclass(frozen=True)
class Unowned:
    """A dossier number eenplan keeps something of, that no row on Dossiers has."""

    number: str  # as the state, a snapshot or the folder writes it
    folders: tuple[Path, ...] = ()  # out/<number>/
    files: tuple[Path, ...] = ()  # what the state remembers making for it, still in out/
    snapshots: tuple[str, ...] = ()  # kept versions of the workbook with its row on Dossiers
    rows: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # the workbook's other sheets
    linked: str = ""  # the workbook's dossier this number is an earlier way of writing
    note: str = ""  # what eenplan knows of it besides (retention: what the last version says)


def unowned(team: Team, caseload: Caseload) -> tuple[Unowned, ...]:
    """Every dossier number with a folder in out/, documents in the state, a row on Dossiers in
    a kept version of the workbook, or rows on the workbook's other sheets, that no row on the
    workbook's Dossiers has; each ``linked`` to the dossier it is an earlier way of writing
    when exactly one dossier reads as the same number (``number_form``)."""
    known = {dossier_key(d.id) for d in caseload.dossiers if d.id.strip()}
    written: dict[str, str] = {}
    made: dict[str, list[Path]] = defaultdict(list)
    snapshots: dict[str, list[str]] = defaultdict(list)
    if (team.state_dir / "state.sqlite").is_file():
        with State(team.state_dir, root=team.base) as state:
            numbers = [n for n in state.dossiers_made() if n.strip() and dossier_key(n) not in known]
            if numbers:  # a record whose file is gone says nothing more than its number: left out
                on_disk = files_inside(team.base, team.out_dir)
                for number in numbers:
                    located = state.remembered(state.generated_for(number), on_disk)
                    if located:
                        written.setdefault(dossier_key(number), number.strip())
                        made[dossier_key(number)] += located
    store = Snapshots(team.state_dir)
    for snapshot in store.all():
        inventory = store.inventory(snapshot)
        for key, number in (inventory.dossiers.items() if inventory is not None else ()):
            if key not in known:
                written.setdefault(key, number)
                snapshots[key].append(snapshot.name)
    rows: dict[str, dict[str, tuple[int, ...]]] = {}
    for sheet, attribute in CHILD_ATTRIBUTES.items():
        if sheet in caseload.unread:
            continue
        for item in getattr(caseload, attribute):
            key = dossier_key(item.dossier)
            if key and key not in known:
                written.setdefault(key, item.dossier.strip())
                rows.setdefault(key, {})
    for key in rows:
        rows[key] = {s: r for s, r in caseload.rows_of([written[key]]).items() if r}
    folders: dict[str, list[Path]] = defaultdict(list)
    owned = {name for d in caseload.dossiers if d.id.strip()
             for name in (safe_name(d.id, ""), d.id.strip())}
    by_folder = {name: key for key, number in written.items()
                 for name in (safe_name(number, ""), number.strip())}
    for folder in _out_folders(team):
        if folder.name in owned:
            continue
        key = by_folder.get(folder.name, dossier_key(folder.name))
        if key in known:
            continue
        written.setdefault(key, folder.name)
        folders[key].append(folder)
    forms: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for dossier in caseload.dossiers:
        if dossier.id.strip():
            forms[number_form(dossier.id)].add(dossier.id.strip())
    found = []
    for key, number in sorted(written.items(), key=lambda kv: kv[1]):
        same = forms.get(number_form(number), set())
        found.append(Unowned(number, tuple(folders[key]), tuple(made[key]), tuple(snapshots[key]),
                             rows.get(key, {}), linked=next(iter(same)) if len(same) == 1 else ""))
    return tuple(found)


def _out_folders(team: Team) -> list[Path]:
    """The folders in out/ named like a dossier (with a digit in the name), never through a link."""
    if not inside(team.base, team.out_dir) or not team.out_dir.is_dir():
        return []
    return sorted(p for p in team.out_dir.iterdir()
                  if p.is_dir() and not is_link(p) and not p.name.startswith((TEMP_PREFIX, "."))
                  and any(c.isdigit() for c in p.name))


def earlier_numbers(found: Iterable[Unowned], number: str) -> tuple[str, ...]:
    """The numbers ``found`` links to the dossier ``number``: earlier ways of writing it."""
    key = dossier_key(number)
    return tuple(u.number for u in found if u.linked and dossier_key(u.linked) == key)


# -- the weekly mails eenplan wrote as .eml ------------------------------------------------------


@dataclass(frozen=True)
class KeptMail:
    """A weekly mail eenplan wrote as .eml in rapporten/: its week and everything it says."""

    path: Path
    week: tuple[int, int]  # ISO year and week
    coordinators: bool  # the coordinators' Achterstand (else a begeleider's week)
    text: str  # its text, its HTML and the cells of its attachment, for ``mentions``

    def names(self, numbers: Iterable[str]) -> bool:
        return any(mentions(self.text, n) for n in numbers)

    def over(self, today: datetime.date) -> bool:
        """Whether its week lies before ``today``'s week."""
        return datetime.date.fromisocalendar(*self.week, 7) < today

    @property
    def week_label(self) -> str:
        return f"week {self.week[1]} van {self.week[0]}"


def eenplan_mails(team: Team) -> tuple[KeptMail, ...]:
    """The weekly mails eenplan wrote as .eml into rapporten/ (``digest --eml``, a digest or a
    begeleider's week without a mail server, or one the server refused). One written with
    ``--eml`` into another folder eenplan cannot find: README says so."""
    folder = team.reports_dir
    if not inside(team.base, folder) or not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.iterdir()):
        match = _WEEK_MAIL.fullmatch(path.name)
        if match is None or is_link(path) or not path.is_file():
            continue
        try:
            week = (int(match.group(1)), int(match.group(2)))
            datetime.date.fromisocalendar(*week, 1)
            text = mail_text(path.read_bytes())
        except (OSError, ValueError):
            continue
        found.append(KeptMail(path, week, path.name.startswith("Achterstand"), text))
    return tuple(found)


def mail_text(data: bytes) -> str:
    message: Message = email.message_from_bytes(data, policy=policy.default)
    parts = [str(message.get("Subject", ""))]
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if payload[:2] == b"PK":  # the Achterstand workbook: the text of its cells
            parts += _zipped_text(payload)
        else:
            parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(parts)


def _zipped_text(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return [package.read(name).decode("utf-8", "replace")
                    for name in package.namelist() if name.endswith(".xml")]
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


# -- the workbooks `eenplan restore` wrote --------------------------------------------------------


@dataclass(frozen=True)
class RestoredBook:
    """A workbook `eenplan restore` wrote beside the team's, and the dossiers it holds rows of."""

    path: Path
    numbers: frozenset[str]  # dossier_keys, on any sheet
    readable: bool = True


def restored_workbooks(team: Team) -> tuple[RestoredBook, ...]:
    folder = team.workbook.parent
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.iterdir()):
        if not _RESTORED.fullmatch(path.name) or is_link(path) or not path.is_file():
            continue
        if path.resolve() == team.workbook.resolve():  # pragma: no cover - never the team's
            continue
        try:
            caseload = read_caseload(path, header_aliases=team.settings.header_aliases,
                                     own_columns=team.settings.own_columns,
                                     sheet_aliases=team.settings.sheet_aliases, earlier_version=True)
        except EenplanError:
            found.append(RestoredBook(path, frozenset(), readable=False))
            continue
        found.append(RestoredBook(path, frozenset(numbers_in(caseload))))
    return tuple(found)


def numbers_in(caseload: Caseload) -> set[str]:
    """The dossier_keys a workbook has rows of, on any sheet."""
    keys = {dossier_key(d.id) for d in caseload.dossiers if d.id.strip()}
    for sheet, attribute in CHILD_ATTRIBUTES.items():
        if sheet not in caseload.unread:
            keys |= {dossier_key(i.dossier) for i in getattr(caseload, attribute) if i.dossier.strip()}
    return keys


# -- the kept versions of the workbook ----------------------------------------------------------


def kept_versions(team: Team, numbers: Sequence[str]) -> tuple[Snapshot, ...]:
    """The versions of the workbook in .eenplan/snapshots/ with a row of one of ``numbers``."""
    keys = {dossier_key(n) for n in numbers}
    store = Snapshots(team.state_dir)
    found = []
    for snapshot in store.all():
        inventory = store.inventory(snapshot)
        if inventory is None or keys & set(inventory.dossiers) or any(
                keys & set(rows) for rows in inventory.rows.values()):
            found.append(snapshot)  # one without an inventory may hold them: said, not left out
    return tuple(found)


# -- the same family ------------------------------------------------------------------------------


def same_family(caseload: Caseload, dossier: Dossier) -> tuple[tuple[Dossier, ...], tuple[Dossier, ...]]:
    """The other dossiers of this family: (``sure``: the same name and the same address, ``maybe``:
    the same name, an address missing or another). `check` links families by name."""
    if not dossier.family.strip():
        return (), ()
    name, address = normal_text(dossier.family), normal_text(dossier.address)
    sure: list[Dossier] = []
    maybe: list[Dossier] = []
    for other in caseload.dossiers:
        if other is dossier or not other.id.strip() or dossier_key(other.id) == dossier_key(dossier.id):
            continue
        if normal_text(other.family) != name:
            continue
        (sure if address and normal_text(other.address) == address else maybe).append(other)
    return tuple(sure), tuple(maybe)
