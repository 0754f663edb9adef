"""Wait until a saved workbook is whole before reading it, and which events mean a save.

Excel saves by writing a temporary file (a name of eight hexadecimal digits, no extension),
moving the old workbook aside and renaming the new one onto its name; while the workbook is
open it keeps a ``~$`` lock file beside it. Only events on the workbook itself matter; a file
is read when it is a zip that opens and its size and modification time stay the same twice.
"""

from __future__ import annotations

import os
import re
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from eenplan.files import TEMP_PREFIX

# The kinds of watchdog event that can mean a new version (watchdog's event_type strings).
SAVE_EVENTS = frozenset({"created", "modified", "closed", "moved", "deleted"})

_EXCEL_TEMP = re.compile(r"^[0-9A-Fa-f]{8}$")


@dataclass(frozen=True)
class Timings:
    """How long the watcher waits. Tests use short ones; the defaults suit a person saving."""

    # run when no event came for this long: Excel's renames at the end of a save come within
    # milliseconds of each other, so one save is one run; a save that comes later is a run of
    # its own (the file is only read once it is a whole zip, see wait_until_complete)
    quiet: float = 0.15
    longest_wait: float = 5.0  # but never wait longer than this after the first event
    stable_interval: float = 0.1  # size and modification time the same twice, this far apart
    # how long a file that is not yet a whole workbook gets to become one: a synced folder
    # (OneDrive, a network disk) may stop for seconds in the middle of a save, and 2 s called
    # such a save damaged, with advice to save it again, a moment before it came whole
    settle: float = 10.0
    # ... counted from its last change: a save that a slow disk or a synced folder writes a piece
    # at a time is not called damaged while it still grows, but never waited for longer than this
    still_growing: float = 60.0
    # Whatever the events say, this often the watcher looks for itself: is the folder there, is
    # its watch alive, did the workbook change? A missed event delays a run this long at worst.
    heartbeat: float = 60.0


def is_temporary(name: str) -> bool:
    """Excel's lock and temporary files, eenplan's own half-written outputs."""
    lowered = name.lower()
    return (
        name.startswith("~$")
        or name.startswith(TEMP_PREFIX)
        or (name.startswith("~") and lowered.endswith(".tmp"))
        or bool(_EXCEL_TEMP.match(name))
    )


def is_save(kind: str, src: str, dest: str, workbook: Path) -> bool:
    """Whether an event (watchdog's type, source and destination path) may be a new version."""
    if kind not in SAVE_EVENTS:
        return False
    target = _same(workbook)
    if kind == "moved" and dest and _same(dest) == target:
        return True  # renamed onto the workbook: how Excel and LibreOffice save
    return _same(src) == target and not is_temporary(os.path.basename(src))


def _same(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(os.fsdecode(path)))


def wait_until_complete(path: Path, timings: Timings, stop: threading.Event, *,
                        seen: tuple[int, int] | None = None) -> bool:
    """Return when the workbook is whole, or when it is clear it will not become so.

    False only when ``stop`` was set while waiting. A file that stays half written, corrupt or
    password protected, or that is gone, is returned once it did not change for
    ``timings.settle``: the run says what is wrong with it in one line. One that keeps changing
    (a save written a piece at a time, with pauses longer than the watcher's quiet) is waited
    for, up to ``timings.still_growing``. ``seen``: the size and modification time at the last
    event, a quiet while ago; the same now counts as the second look.
    """
    started = time.monotonic()
    deadline = started + timings.settle
    previous = seen
    while True:
        current = signature(path)
        if current is not None and current == previous and _opens(path):
            return True
        now = time.monotonic()
        if previous is not None and current != previous:  # still being written
            deadline = min(now + timings.settle, started + timings.still_growing)
        if now >= deadline:
            return True
        previous = current
        if stop.wait(timings.stable_interval):
            return False


def signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time, or None when the file is not there."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _opens(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
