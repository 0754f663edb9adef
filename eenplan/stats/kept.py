"""Files kept in the team folder's state to spare work the next time: the Word report's charts
(chart_store), the suppression's results (audit_store).

An entry's name is a hash of all it was made from, so another input is another name; the
entry starts with the hash of its own content and a newline: one that does not match (a
half-synced or damaged file) is ignored, and the work is done again. Only the most recently
used entries are kept. Nothing is read or written outside the team folder, and a folder that
cannot be written only means doing the work again next time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
from pathlib import Path

from eenplan.files import TEMP_PREFIX, WriteFailed, inside, write_bytes_atomically

_DIGEST = 2 * hashlib.sha256().digest_size  # the hex digest that opens an entry


class Kept:
    """The entries of one kind in one folder of a team's state."""

    def __init__(self, folder: Path, base: Path, *, suffix: str, keep: int) -> None:
        self.folder = folder
        self.base = base  # the team folder: nothing is read or written outside it
        self.suffix = suffix
        self.keep = keep

    def path(self, made_from: str) -> Path:
        return self.folder / f"{hashlib.sha256(made_from.encode('utf-8')).hexdigest()}{self.suffix}"

    def read(self, made_from: str) -> bytes | None:
        """The entry's content, or None: none, damaged, or out of the team folder."""
        path = self.path(made_from)
        if not inside(self.base, path):
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest, body = data[:_DIGEST], data[_DIGEST + 1:]
        if len(data) <= _DIGEST or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
            return None  # damaged: the work is done again, and the entry written anew
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return body

    def write(self, made_from: str, body: bytes) -> None:
        path = self.path(made_from)
        if not inside(self.base, path):
            return
        with contextlib.suppress(WriteFailed):
            write_bytes_atomically(path, hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
            self._prune()

    def _prune(self) -> None:
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(self.suffix)
                       and not e.name.startswith(TEMP_PREFIX) and e.is_file(follow_symlinks=False)]
            entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        except OSError:
            return
        for entry in entries[self.keep:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def source_version(path: str | None) -> str:
    """A hash of a module's source: any change to the code that made an entry makes it anew."""
    return hashlib.sha256(Path(path or "").read_bytes()).hexdigest() if path else ""


@functools.cache
def installed_version(package: str) -> str:
    """A library's installed version, read from its metadata's folder name beside the package,
    without importing it (the import is what a kept entry saves)."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.origin is not None:
        packages = Path(spec.origin).parent.parent
        with contextlib.suppress(OSError):
            found = sorted(e.name for e in os.scandir(packages)
                           if e.name.startswith(f"{package}-") and e.name.endswith(".dist-info"))
            if found:
                return found[-1]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""
