"""Writing outputs so that no one ever sees half a file.

Every output is written to a temporary file in the same folder, flushed to disk, and renamed
onto its name in one step. Temporary files start with ".eenplan-" so the watcher and people
can tell them apart from real documents.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from eenplan.errors import OutputError

TEMP_PREFIX = ".eenplan-"
MAX_STEM = 120  # characters: room for the folder on Windows' 260-character paths
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


@functools.cache
def file_mode() -> int:
    """The permissions a new file gets under this process's umask.

    mkstemp makes files only their owner may read (0600); a team folder on a shared drive needs
    the permissions any new file there gets. Reading the umask means setting it for a moment, so
    the command line calls this once where the process starts, before any thread runs; a library
    caller gets it at its first write.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
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
    os.chmod(temporary, file_mode())
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


# Unicode categories a file name leaves out: controls and format characters (U+202E turns a
# name around on screen, a zero-width joiner glues emoji), symbols such as emoji (So, Sk), the
# emoji's skin tones, variation selectors and private use.
_LEFT_OUT = {"Cc", "Cf", "Co", "Cs", "So", "Sk"}


def _without_symbols(text: str) -> str:
    kept = []
    for char in text:
        if unicodedata.category(char) in _LEFT_OUT or "\ufe00" <= char <= "\ufe0f":
            continue
        kept.append(char)
    return "".join(kept)


def safe_name(stem: str, suffix: str, *, version: int = 1) -> str:
    """A file name that works on Windows, macOS, Linux and synced drives, as close to ``stem``
    as can be: no slashes, colons or other forbidden characters, no emoji, control or direction
    characters (U+202E), no reserved device names, no trailing dots or spaces, and not too long."""
    text = _without_symbols(unicodedata.normalize("NFC", stem))
    text = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", text))
    text = re.sub(r"\s+", " ", text).strip(" .")
    tail = f" ({version})" if version > 1 else ""
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rstrip(" .-")
    while len((text + tail + suffix).encode("utf-8")) > 240:  # file systems count bytes
        text = text[:-1].rstrip(" .-")
    text = text or "document"
    if text.split(".")[0].upper() in RESERVED:
        text = "_" + text
    return text + tail + suffix
# the moments openpyxl writes from the clock
_MOMENTS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def reproducible_zip(data: bytes, day: datetime.date) -> bytes:
    """The same document gives the same bytes: every zip entry stamped with ``day`` (python-docx
    and openpyxl stamp the clock), and the "created" and "last modified" moments openpyxl writes
    replaced by that day."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    moment = f"{day.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MOMENTS.sub(rb"\g<1>" + moment + rb"\g<2>", content)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
