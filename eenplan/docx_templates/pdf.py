"""PDF copies of Word documents, through LibreOffice (``soffice --headless``).

One soffice call converts a whole batch, with a private profile in a temporary folder (so it
neither disturbs nor waits for a LibreOffice the user has open), under a time limit; each PDF
that comes out is checked before it is used.

The temporary folder holds copies of a family's letters and their PDFs: for a team, it lies in
the team folder, in ``.eenplan/pdf/`` (hidden, never watched), not in the system's temporary
folder, where a conversion cut short (the process killed, the PC off) would leave them outside
the team folder for good. It names the processes that use it (eenplan's and LibreOffice's);
the next conversion, and the watcher when it starts, remove what a process that is gone left
there (``remove_leftovers``), and only folders of eenplan's own names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from eenplan.errors import PdfError
from eenplan.files import TEMP_PREFIX, inside, make_folder_inside, remove_inside
from eenplan.team.folder import Team
from eenplan.team.processes import running

TIMEOUT_SECONDS = 240
_ELSEWHERE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def soffice() -> str | None:
    """Where LibreOffice is, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in _ELSEWHERE if os.path.isfile(path)), None)


def to_pdf(files: Sequence[Path], *, team: Team | None = None,
           timeout: float = TIMEOUT_SECONDS) -> dict[Path, bytes]:
    """The PDF of each .docx, by name; one LibreOffice call for all of them. ``team``: the work
    is done in its ``.eenplan/pdf/`` (the documents are a family's); without one (the proofs of
    made-up data), in the system's temporary folder."""
    if not files:
        return {}
    program = soffice()
    if program is None:
        raise PdfError(
            "Voor PDF's is LibreOffice nodig, en dat is hier niet geïnstalleerd. De Word-bestanden "
            "zijn wel gemaakt. Installeer LibreOffice (libreoffice.org) en probeer opnieuw met --pdf."
        )
    with _work_folder(team) as folder:
        sources = folder / "in"
        sources.mkdir()
        # copies with plain names: soffice stumbles over some characters on some systems
        names = {}
        for index, path in enumerate(files):
            copy = sources / f"{index:04d}.docx"
            shutil.copyfile(path, copy)
            names[path] = copy
        out = folder / "uit"
        command = [program, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", str(out),
                   *(str(c) for c in names.values())]
        _convert(command, folder, timeout)
        made: dict[Path, bytes] = {}
        for path, copy in names.items():
            pdf = out / (copy.stem + ".pdf")
            data = pdf.read_bytes() if pdf.is_file() else b""
            if not data.startswith(b"%PDF") or len(data) < 200:
                raise PdfError(
                    f"LibreOffice maakte geen bruikbare PDF van {path.name}. Het Word-bestand is wel "
                    "gemaakt: open het in Word of LibreOffice en bewaar het als PDF."
                )
            made[path] = data
        return made


def _convert(command: list[str], folder: Path, timeout: float) -> None:
    """Run LibreOffice, its process named in the work folder while it runs (it may outlive a
    killed eenplan, and write there still: its folder is left alone until it is gone too)."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise PdfError(f"LibreOffice kon niet starten ({exc.strerror}). De Word-bestanden zijn "
                       "wel gemaakt.") from None
    try:
        _name_processes(folder, process.pid)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfError(
            f"LibreOffice maakte de PDF's niet binnen {int(timeout)} seconden. De Word-bestanden "
            "zijn wel gemaakt; probeer het opnieuw, of maak de PDF in Word (Opslaan als PDF)."
        ) from None
    finally:
        if process.poll() is None:  # too slow, or eenplan told to stop: not left running
            process.kill()
            process.wait()


# -- the work folder, and what a conversion cut short left behind -----------------------------

WORK_FOLDER = "pdf"  # in .eenplan/
_WORK_PREFIX = f"{TEMP_PREFIX}pdf-"  # each conversion's own folder in it
_PROCESSES = "processen"  # in that folder: "computer pid [pid of LibreOffice]"
_SYSTEM_PREFIX = "eenplan-pdf-"  # earlier versions worked in the system's temporary folder
LEFTOVER_AFTER = 2 * TIMEOUT_SECONDS  # seconds: no conversion of any process lasts this long


@contextlib.contextmanager
def _work_folder(team: Team | None) -> Iterator[Path]:
    if team is None:
        with tempfile.TemporaryDirectory(prefix=_SYSTEM_PREFIX) as work:
            yield Path(work)
        return
    remove_leftovers(team)
    parent = make_folder_inside(team.base, team.state_dir / WORK_FOLDER)
    folder = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=parent))
    try:
        _name_processes(folder)
        yield folder
    finally:
        remove_inside(team.base, folder)


def _computer() -> str:
    """This computer, as a work folder names it: a hash of its name (which may carry its user's)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:16]


def _name_processes(folder: Path, *others: int) -> None:
    text = " ".join([_computer(), str(os.getpid()), *map(str, others)])
    (folder / _PROCESSES).write_text(text, encoding="utf-8")


def remove_leftovers(team: Team, *, now: float | None = None) -> int:
    """Remove the work folders of conversions whose processes are gone (killed, the PC off):
    eenplan's own names only, in the team's ``.eenplan/pdf/``; and those earlier versions left in
    the system's temporary folder. How many were removed.

    A folder older than any conversion lasts is removed whoever made it; a younger one only when
    it names processes of this computer that are all gone (one of another computer, a team
    folder on a shared drive, cannot be checked from here)."""
    moment = time.time() if now is None else now
    removed = 0
    parent = team.state_dir / WORK_FOLDER
    if inside(team.base, parent):
        for entry in _entries(parent):
            if entry.name.startswith(_WORK_PREFIX) and _left_over(Path(entry.path), entry, moment):
                removed += not remove_inside(team.base, Path(entry.path))
    for entry in _entries(Path(tempfile.gettempdir())):
        if entry.name.startswith(_SYSTEM_PREFIX) and _older(entry, moment):
            with contextlib.suppress(OSError):
                shutil.rmtree(entry.path)  # rmtree does not follow the links inside it
                removed += 1
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _older(entry: os.DirEntry[str], moment: float) -> bool:
    try:
        return entry.stat(follow_symlinks=False).st_mtime < moment - LEFTOVER_AFTER
    except OSError:
        return False


def _left_over(folder: Path, entry: os.DirEntry[str], moment: float) -> bool:
    """Older than any conversion lasts, or of this computer with all its processes gone."""
    if _older(entry, moment):
        return True
    try:
        host, *pids = (folder / _PROCESSES).read_text(encoding="utf-8").split()
        numbers = [int(pid) for pid in pids]
    except (OSError, ValueError):  # just made, or cut short before it named its process
        return False
    return host == _computer() and bool(numbers) and not any(map(running, numbers))
