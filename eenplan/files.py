"""Writing outputs so that no one ever sees half a file.

Every output is written to a temporary file in the same folder, flushed to disk, and renamed
onto its name in one step. Temporary files start with ".eenplan-" so the watcher and people
can tell them apart from real documents.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from eenplan.errors import OutputError

TEMP_PREFIX = ".eenplan-"


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
