"""Copies of the team's workbook beside it that a sync client or a person made: a conflict copy.

When two people save the workbook at once, or a laptop saves it offline, OneDrive and
SharePoint keep the other version beside it as "Caseload-LAPTOP-12.xlsx" (the computer's
name), Office or Google Drive as "Caseload (1).xlsx", Dropbox as "Caseload (conflicted copy
2026-11-29).xlsx", Syncthing as "Caseload.sync-conflict-20261129-162000-ABCDEFG.xlsx", and
Windows' own copy is "Caseload - Kopie.xlsx". eenplan reads only the workbook eenplan.toml
names, so a colleague's changes in such a copy (a new round-table, a closure) count for
nothing until someone takes them over: said, never read.

Which copies are said: those saved after the workbook, or less than ``QUIET_AFTER`` before its
last save. A conflict copy can be older than the workbook (the laptop saved offline in the
morning, a colleague saved the workbook at noon), so "newer than the workbook" alone would
miss the common case; but a copy the team keeps on purpose ("Caseload - Kopie.xlsx" of last
year) must not be said for ever: once the team has saved the workbook for two weeks past it,
it is taken for one kept on purpose.

Pure: the names and the times come in (``team.folder.conflict_copies`` looks in the folder).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eenplan.dutch import and_list, hour, short_date

QUIET_AFTER = datetime.timedelta(days=14)

# What follows the workbook's stem in a copy's name (the suffix after it, as the workbook's).
_AFTER_STEM = (
    r"-[^\s.][^\\/]{0,59}",  # OneDrive, SharePoint: "-LAPTOP-12", "-DESKTOP-AB12CD3", "-An"
    r" ?\(\d{1,3}\)",  # Office, Google Drive, a browser's download: " (1)"
    r" - (kopie|copy|kopia|copie)( \(\d{1,3}\))?",  # Windows Explorer: " - Kopie", " - Kopie (2)"
    # Dropbox, Nextcloud, Office: "(conflicted copy 2026-11-29)", "(An's conflicted copy ...)",
    # "(Conflict 2026-11-29)", "(conflicterende kopie ...)", "(version 1)"
    r" ?\([^()]*(conflict|version|versie|kopie|copy)[^()]*\)",
    r"\.sync-conflict-[^\\/]{1,60}",  # Syncthing
)
_BEFORE_STEM = r"(kopie van|copy of) "  # older Windows: "Kopie van Caseload.xlsx"


@dataclass(frozen=True)
class Beside:
    """A file beside the workbook: its name and when it was last saved."""

    name: str
    modified: datetime.datetime


def is_copy_name(workbook: str, name: str) -> bool:
    """Whether ``name`` is named as a copy of the workbook ``workbook`` (both file names) is."""
    stem, dot, suffix = workbook.rpartition(".")
    if not dot or not stem or name.casefold() == workbook.casefold():
        return False
    stem, suffix = re.escape(stem), re.escape("." + suffix)
    after = "|".join(_AFTER_STEM)
    pattern = rf"(?:{stem}(?:{after})|{_BEFORE_STEM}{stem}){suffix}"
    return re.fullmatch(pattern, name, flags=re.IGNORECASE) is not None


def conflict_copies(workbook: str, saved: datetime.datetime,
                    beside: Iterable[Beside]) -> tuple[Beside, ...]:
    """The copies of ``workbook`` (last saved at ``saved``) among the files ``beside`` it that
    are to be said: saved after it, or less than ``QUIET_AFTER`` before; by name."""
    return tuple(sorted((b for b in beside if is_copy_name(workbook, b.name)
                         and b.modified > saved - QUIET_AFTER), key=lambda b: b.name.casefold()))


def copies_sentence(workbook: str, copies: Sequence[Beside], *, from_settings: bool) -> str:
    """One Dutch sentence: which copies stand beside the workbook, that eenplan reads only the
    workbook, and what to do; "" for none. ``from_settings``: the workbook is the one eenplan.toml
    names (not one given with --workbook, nor a bare workbook)."""
    if not copies:
        return ""
    one = len(copies) == 1
    named = and_list([f"{c.name} (bewaard op {short_date(c.modified.date())} om "
                      f"{hour(c.modified.time())})" for c in copies])
    which = " (de werkmap uit eenplan.toml)" if from_settings else ""
    return (f"Naast {workbook} {'staat' if one else 'staan'} {named}, "
            f"{'een kopie' if one else 'kopieën'} zoals OneDrive, SharePoint, Dropbox of Google "
            f"Drive {'die' if one else 'ze'} maakt als twee mensen tegelijk bewaren: eenplan leest "
            f"alleen {workbook}{which}, dus laat iemand overnemen wat in de "
            f"{'kopie' if one else 'kopieën'} veranderde en ze daarna verwijderen.")
