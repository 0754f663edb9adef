"""The suppression's results kept in the team folder's state (.eenplan/onderdrukking/), so that a
report whose counts did not change runs no linear program (and does not load HiGHS and numpy,
a fifth of a second before it solves anything).

An entry's name is a hash of the ledger's key (itself a hash of every count, the families of the
linked ones as their positions in the caseload, the sums and the threshold), of the suppression
code and of the solver's version: a change in any of them is another name. An entry holds which
cells are hidden, which say "<5" and the bounds published, as cell numbers: nothing of a family.
It starts with its own hash: one that does not match (a half-synced or damaged file) is ignored,
and the ledger checks what it gives back against the counts before it uses it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eenplan.files import TEMP_PREFIX, WriteFailed, inside, write_bytes_atomically
from eenplan.stats import suppression

FOLDER = "onderdrukking"
KEEP = 20  # entries kept, the most recently used first: a few periods, a few changes of the caseload
_DIGEST = 2 * hashlib.sha256().digest_size  # the hex digest that opens an entry


class AuditStore:
    """The suppression results kept in one team folder's state (a ``suppression.Memory``)."""

    def __init__(self, state_dir: Path, base: Path) -> None:
        self.folder = state_dir / FOLDER
        self.base = base  # the team folder: nothing is read or written outside it

    def path(self, key: str) -> Path:
        text = f"{key} {_code_version()} {_solver_version()}"
        return self.folder / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.json"

    def get(self, key: str) -> Mapping[str, Any] | None:
        path = self.path(key)
        if not inside(self.base, path):
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest, body = data[:_DIGEST], data[_DIGEST + 1:]
        if len(data) <= _DIGEST or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
            return None  # damaged: the audit runs again, and the entry is written anew
        try:
            entry = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(entry, dict):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return entry

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        """Keep an entry; a folder that cannot be written only means auditing again next time."""
        path = self.path(key)
        if not inside(self.base, path):
            return
        body = json.dumps(entry, separators=(",", ":"), sort_keys=True).encode("utf-8")
        with contextlib.suppress(WriteFailed):
            write_bytes_atomically(path, hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
            self._prune()

    def _prune(self) -> None:
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(".json")
                       and not e.name.startswith(TEMP_PREFIX) and e.is_file(follow_symlinks=False)]
            entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        except OSError:
            return
        for entry in entries[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


@functools.cache
def _code_version() -> str:
    """The suppression code's version: a hash of its source, so that any change to a rule or to
    the audit works the results out anew."""
    return hashlib.sha256(Path(suppression.__file__).read_bytes()).hexdigest()


@functools.cache
def _solver_version() -> str:
    """HiGHS's version (highspy's), read without importing it (the import is what a kept entry
    saves): from the name of its installed metadata beside the package."""
    spec = importlib.util.find_spec("highspy")
    if spec is not None and spec.origin is not None:
        packages = Path(spec.origin).parent.parent
        with contextlib.suppress(OSError):
            found = sorted(e.name for e in os.scandir(packages)
                           if e.name.startswith("highspy-") and e.name.endswith(".dist-info"))
            if found:
                return found[-1]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("highspy")
    except PackageNotFoundError:
        return ""
