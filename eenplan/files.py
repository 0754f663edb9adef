"""Writing outputs so that no one ever sees half a file.

Every output is written to a temporary file in the same folder, flushed to disk, and renamed
onto its name in one step. Temporary files start with ".eenplan-" so the watcher and people
can tell them apart from real documents.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from eenplan.errors import OutputError

TEMP_PREFIX = ".eenplan-"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner may read (0600); a team folder on a shared drive needs
# the permissions any new file there gets. Read once, at import, before any thread runs.
_FILE_MODE = 0o666 & ~_read_umask()


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)``, then move the result onto ``path`` in one step."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"eenplan kan niet schrijven in {path.parent} ({exc.strerror}): kies een map waar "
            "je mag schrijven."
        ) from None
    os.close(handle)
    temporary = Path(name)
    os.chmod(temporary, _FILE_MODE)
    try:
        write(temporary)
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except PermissionError:
        raise OutputError(
            f"{path.name} kan niet vervangen worden: is het open in Excel of Word? Sluit het en "
            "probeer opnieuw."
        ) from None
    except OSError as exc:
        raise OutputError(f"{path.name} kan niet geschreven worden: {exc.strerror}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return path


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible_zip(data: bytes, day: datetime.date) -> bytes:
    """The same document gives the same bytes: every zip entry stamped with ``day`` (python-docx
    and openpyxl stamp the clock), and the "last modified" openpyxl writes replaced by that day."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    moment = f"{day.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + moment + rb"\g<2>", content)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
