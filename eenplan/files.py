"""Writing outputs so that no one ever sees half a file.

Every output is written to a temporary file in the same folder, flushed to disk, and renamed
onto its name in one step. Temporary files start with ".eenplan-" so the watcher and people
can tell them apart from real documents.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import io
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Container, Iterable, MutableMapping
from pathlib import Path

from eenplan.errors import OutputError
from eenplan.filenames import safe_name as safe_name  # where every writer has found it

TEMP_PREFIX = ".eenplan-"


class WriteFailed(OutputError):
    """A file could not be written; ``reason`` and ``advice`` say why and what to do, in Dutch,
    without the file's name (which can carry a person's name), so a caller can say it its own
    way ("the snapshot copy", "the invitations for 2026-014")."""

    def __init__(self, path: Path, exc: OSError) -> None:
        self.path = path
        self.reason, self.advice = os_reason(exc)
        super().__init__(f"{path.name} kan niet geschreven worden: {self.reason}. {self.advice}")


class FileInUse(WriteFailed):
    """A file could not be replaced although eenplan just wrote its new version beside it, in the
    same folder: the folder may be written, so the file itself is held (Word or Excel keep the
    file they have open locked on Windows; a PDF reader too), or protected on its own."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(path, exc)
        program = _PROGRAMS.get(path.suffix.lower(), "")
        self.reason = f"het bestand is open in een ander programma{f' ({program}?)' if program else ''}"
        self.advice = "Sluit het, eenplan maakt het dan opnieuw."
        self.args = (f"{path.name} is open in een ander programma{f' ({program}?)' if program else ''}: "
                     "sluit het, eenplan maakt het dan opnieuw.",)


_PROGRAMS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "een PDF-lezer", ".ics": "een agenda"}


def _replace(temporary: Path, path: Path) -> None:
    """``os.replace``: a refusal to replace a file while its new version could be written beside
    it is the file being held, not the folder (FileInUse)."""
    try:
        os.replace(temporary, path)
    except PermissionError as exc:
        raise FileInUse(path, exc) from None


def os_reason(exc: OSError) -> tuple[str, str]:
    """What the operating system's refusal means, and what a person can do, in Dutch."""
    number = exc.errno
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "de schijf is vol", "Maak plaats vrij en probeer opnieuw."
    if number == errno.EROFS:
        return ("de schijf of map is alleen-lezen",
                "Kies een map waar je mag schrijven, of vraag de beheerder ze schrijfbaar te maken.")
    if isinstance(exc, PermissionError) or number in (errno.EACCES, errno.EPERM):
        if os.name == "nt":  # pragma: no cover - Windows: an open file cannot be replaced
            return ("het bestand is open in een ander programma, of je mag daar niet schrijven",
                    "Sluit het (Word, Excel) en probeer opnieuw.")
        return ("eenplan mag daar niet schrijven (geen schrijfrechten)",
                "Vraag schrijfrechten voor die map, of kies een andere.")
    if number == errno.ENAMETOOLONG:
        return "de naam of het pad is te lang", "Kies een kortere map."
    if number in (errno.EEXIST, errno.ENOTDIR):
        return ("er staat een bestand waar eenplan een map nodig heeft",
                "Verplaats of hernoem dat bestand.")
    if number == errno.ENOENT:
        return "de map bestaat niet (meer)", "Kijk na of de teammap nog bereikbaar is."
    if number == errno.EIO:
        return ("de schijf gaf een fout bij het schrijven",
                "Kijk na of de netwerkschijf of de gesynchroniseerde map bereikbaar is.")
    code = errno.errorcode.get(number or 0, "")
    return (f"het systeem weigerde het{f' ({code})' if code else ''}",
            "Kijk na of de map bereikbaar is en je er mag schrijven.")


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
        raise WriteFailed(path, exc) from None
    os.close(handle)
    temporary = Path(name)
    os.chmod(temporary, file_mode())
    try:
        write(temporary)
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise WriteFailed(path, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return path


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


# the moments openpyxl writes from the clock
_MOMENTS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def reproducible_zip(data: bytes, day: datetime.date) -> bytes:
    """The same document gives the same bytes: every zip entry stamped with ``day`` (python-docx
    and openpyxl stamp the clock), and the "created" and "last modified" moments openpyxl writes
    replaced by that day."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return reproducible_entries(((item.filename, source.read(item.filename))
                                     for item in source.infolist()), day)


def reproducible_entries(entries: Iterable[tuple[str, bytes]], day: datetime.date, *,
                         compressed: MutableMapping[bytes, bytes] | None = None) -> bytes:
    """``reproducible_zip`` of a zip holding ``entries`` (name, content), without making it first.

    ``compressed`` remembers the deflated form of each large entry: documents made from one
    template share their styles (most of a letter's bytes), which are then deflated once, not
    once per letter. The zip is the same either way.
    """
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    moment = f"{day.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            if name == "docProps/core.xml":
                content = _MOMENTS.sub(rb"\g<1>" + moment + rb"\g<2>", content)
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if compressed is None or len(content) < _REUSED_FROM:
                target.writestr(entry, content)
                continue
            deflated = compressed.get(content)
            if deflated is None:
                deflated = _deflated(content)
                while len(compressed) >= _REUSED_KEPT:
                    del compressed[next(iter(compressed))]
                compressed[content] = deflated
            entry.file_size = len(content)
            with target.open(entry, mode="w") as writing:
                # zipfile's own writer (the entry's header, its checksum, the sizes), with the
                # deflated bytes it would make: what ``writestr`` writes
                writing._compressor = _Deflated(deflated)  # type: ignore[attr-defined]
                writing.write(content)
    return out.getvalue()


_REUSED_FROM = 16_384  # bytes: a letter's styles, not its text
_REUSED_KEPT = 16  # entries: the large parts of a few templates


def _deflated(content: bytes) -> bytes:
    """What zipfile's deflate makes of ``content`` written in one piece (``writestr``)."""
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return deflate.compress(content) + deflate.flush()


class _Deflated:
    """A deflater that gives what the real one gave for the same content, without deflating."""

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def compress(self, data: bytes) -> bytes:
        return self._deflated

    def flush(self) -> bytes:
        return b""


# -- inside the team folder, no link followed ---------------------------------------------------

_REPARSE_POINT = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT: a junction or a symbolic link on Windows


def is_link(path: Path) -> bool:
    """A symbolic link, or on Windows a junction (a folder that is really elsewhere)."""
    try:
        status = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(status.st_mode):
        return True
    return bool(getattr(status, "st_file_attributes", 0) & _REPARSE_POINT)


def inside(base: Path, path: Path) -> bool:
    """Whether ``path`` lies inside the team folder ``base`` with no link (symbolic link,
    junction) on the way from ``base`` to it, ``path`` itself included.

    Only the part below ``base`` is looked at: a team folder that is itself reached through a
    link (a mapped drive, a synced folder) is the team folder.
    """
    root = Path(os.path.abspath(base))
    target = Path(os.path.abspath(path))
    try:
        relative = target.relative_to(root)
    except ValueError:
        return False
    current = root
    for part in relative.parts:
        current = current / part
        if is_link(current):
            return False
    return True


def require_inside(base: Path, path: Path) -> Path:
    """``path``, or OutputError when writing there would follow a link out of the team folder,
    or would make anew a team folder that is gone (renamed, moved, deleted)."""
    if not os.path.isdir(base):
        raise TeamFolderGone(base)
    if inside(base, path):
        return path
    raise OutputError(
        f"eenplan schrijft niet in {path}: die plaats ligt buiten de teammap of achter een "
        "koppeling (snelkoppeling, symbolische link) naar elders. Vervang de koppeling door een "
        "gewone map."
    )


class TeamFolderGone(OutputError):
    """The team folder is no longer where it was: eenplan does not make it anew there."""

    def __init__(self, base: Path) -> None:
        self.base = base
        super().__init__(
            f"De teammap {base} is er niet meer (hernoemd, verplaatst of verwijderd), en eenplan "
            "maakt ze daar niet opnieuw: start eenplan opnieuw in de map waar ze nu staat."
        )


def make_folder_inside(base: Path, folder: Path) -> Path:
    """``folder`` (eenplan's own ``.eenplan/``, or a folder in it), made when it is missing, but
    never through a link (symbolic link, junction) to elsewhere, and never with a team folder
    ``base`` that is gone around it: OutputError says which."""
    require_inside(base, folder)
    current = Path(os.path.abspath(base))
    for part in Path(os.path.abspath(folder)).relative_to(current).parts:
        current = current / part
        try:
            current.mkdir(exist_ok=True)
        except OSError as exc:
            raise WriteFailed(current, exc) from None
    return require_inside(base, folder)  # a link put there meanwhile is not followed either


def remove_inside(base: Path, path: Path) -> list[Path]:
    """Delete ``path`` (a file, or a folder with all in it) when it lies inside ``base`` with no
    link on the way; a link found on the way or inside is left as it is, never followed.

    Returns what was not removed: links, and what the system refused."""
    if not inside(base, path):
        return [path] if os.path.lexists(path) else []
    left: list[Path] = []
    if not path.is_dir():
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            left.append(path)
        return left
    try:
        entries = list(os.scandir(path))
    except OSError:
        return [path]
    for entry in entries:
        child = Path(entry.path)
        if is_link(child):
            left.append(child)
        else:
            left += remove_inside(base, child)
    if not left:
        try:
            path.rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            left.append(path)
    return left


def files_inside(base: Path, folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, when the folder lies inside ``base``; links (and what
    they point to) are not part of it."""
    if not inside(base, folder) or not folder.is_dir():
        return []
    found = []
    for top, folders, names in os.walk(folder):
        here = Path(top)
        folders[:] = [f for f in folders if not is_link(here / f)]
        found += [here / n for n in names if not is_link(here / n)]
    return sorted(found)


# -- written hidden, made visible later (record, then rename) ------------------------------------


def write_hidden(path: Path, data: bytes, *, prefix: str = TEMP_PREFIX) -> Path:
    """Write ``data`` to a hidden temporary file beside ``path`` (flushed to disk) and return it;
    ``publish`` makes it ``path`` in one step. Between the two, the caller records what it wrote,
    so a process killed in between leaves either a recorded file or a hidden one, never a
    visible file nobody remembers writing. ``prefix`` (one that starts with TEMP_PREFIX) names
    the hidden file, for a caller that clears what a killed write of its own left."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise WriteFailed(path, exc) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, file_mode())
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteFailed(path, exc) from None
    return temporary


def publish(temporary: Path, path: Path) -> None:
    """Move a file ``write_hidden`` made onto its name, in one step; FileInUse when the file at
    that name is held by another program (a letter open in Word)."""
    try:
        _replace(temporary, path)
    except FileInUse:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteFailed(path, exc) from None


def sha256_of(path: Path) -> str:
    import hashlib  # here: `check` and `overdue` write no file and need not load OpenSSL

    return hashlib.sha256(path.read_bytes()).hexdigest()


def free_version(folder: Path, stem: str, suffix: str, *, made_as: Callable[[Path], str | None],
                 sha256: str = "", taken: Container[Path] = (), passed: list[Path] | None = None) -> Path:
    """Where eenplan may write its file ``stem`` + ``suffix`` in ``folder``: the first version name
    ("Achterstand.xlsx", "Achterstand (2).xlsx", ...) that is free, or holds a file eenplan wrote
    and no one changed since (``made_as``: the hash of the file eenplan recorded writing at that
    name, None for none), or holds exactly the bytes it is about to write (``sha256``: its own
    file, from a run cut short before it was recorded: taken back).

    A name passed over holds a person's work (a file changed since eenplan wrote it, or one it
    did not write): it is kept, never overwritten, and added to ``passed``. ``taken``: names this
    run gives another file already. The documents in out/ and the reports in rapporten/ both
    find their name here."""
    version = 1
    while True:
        path = folder / safe_name(stem, suffix, version=version)
        if path in taken:
            version += 1
            continue
        if not os.path.lexists(path):
            return path
        if path.is_file() and not path.is_symlink():
            on_disk = sha256_of(path)
            if on_disk in (made_as(path), sha256):
                return path
        if passed is not None and path not in passed:
            passed.append(path)
        version += 1


def remove_stale_temporaries(folder: Path, *, older_than: float = 300.0) -> None:
    """Hidden files and folders a killed process left behind (``write_hidden`` without
    ``publish``, an inzage folder never renamed); those younger than ``older_than`` seconds may
    belong to a process that is still writing. A link is never followed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    limit = time.time() - older_than
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX) or entry.is_symlink():
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mtime >= limit:
                continue
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)  # rmtree does not follow the links inside it
