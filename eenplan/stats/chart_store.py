"""Charts drawn before, kept in the team folder's state (.eenplan/grafieken/), so that a report
whose figures did not change draws nothing (matplotlib costs a second before it draws anything).

An entry's name is a hash of everything its picture shows (aggregate counts, never a name: the
team's own caseload chart, which names begeleiders, is never kept), of the chart code and of
matplotlib's version; a change in any of them is another name. An entry holds the picture's own
hash before the picture: one that does not match (a half-synced or damaged file) is ignored, and
the chart is drawn again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from pathlib import Path

from eenplan.files import TEMP_PREFIX, WriteFailed, inside, write_bytes_atomically
from eenplan.stats import charts
from eenplan.stats.charts import Planned

FOLDER = "grafieken"
KEEP = 40  # entries kept, the most recently used first: a few periods' reports, xlsx and docx alike
_DIGEST = hashlib.sha256().digest_size


class ChartStore:
    """The charts kept in one team folder's state."""

    def __init__(self, state_dir: Path, base: Path) -> None:
        self.folder = state_dir / FOLDER
        self.base = base  # the team folder: nothing is read or written outside it

    def path(self, planned: Planned) -> Path:
        text = json.dumps({"code": _code_version(), "library": _library_version(), **planned.values()},
                          ensure_ascii=False, sort_keys=True)
        return self.folder / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.png"

    def get(self, planned: Planned) -> bytes | None:
        path = self.path(planned)
        if not inside(self.base, path):
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest, png = data[:_DIGEST], data[_DIGEST:]
        if len(data) <= _DIGEST or hashlib.sha256(png).digest() != digest:
            return None  # damaged: drawn again, and the entry written anew
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return png

    def put(self, planned: Planned, png: bytes) -> None:
        """Keep a picture; a folder that cannot be written only means drawing again next time."""
        path = self.path(planned)
        if not inside(self.base, path):
            return
        with contextlib.suppress(WriteFailed):
            write_bytes_atomically(path, hashlib.sha256(png).digest() + png)
            self._prune()

    def _prune(self) -> None:
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(".png")
                       and not e.name.startswith(TEMP_PREFIX) and e.is_file(follow_symlinks=False)]
            entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        except OSError:
            return
        for entry in entries[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


@functools.cache
def _code_version() -> str:
    """The chart code's version: a hash of its source, so that any change to a chart's look (a
    colour, a size, the dpi) draws it anew."""
    return hashlib.sha256(Path(charts.__file__).read_bytes()).hexdigest()


@functools.cache
def _library_version() -> str:
    """matplotlib's version, read without importing it (the import is what a kept chart saves)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        with contextlib.suppress(OSError):
            return (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("matplotlib")
    except PackageNotFoundError:
        return ""
