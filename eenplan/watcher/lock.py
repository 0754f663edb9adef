"""One watcher per team folder: a lock file in ``.eenplan/`` that names the process holding it.

The holder keeps the file open with the operating system's lock on it (``flock`` on Linux and
macOS, ``msvcrt.locking`` on Windows) for as long as it watches. The system drops that lock when
the process ends, however it ends, so taking the lock, reading what the file says and writing
one's own name is one step no second watcher can come between: an empty or half-written lock
file is never read as stale while its writer lives. A lock left by a process that is gone (the
PC crashed, the process was killed) is taken over. A lock from another computer (the team folder
on a shared drive, where the system's lock may not reach) cannot be checked and is respected;
the message says how to remove it.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from types import TracebackType

from eenplan.errors import EenplanError
from eenplan.files import WriteFailed, inside, make_folder_inside, require_inside
from eenplan.team.processes import running

LOCK_NAME = "watch.lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # Windows locks bytes: one far past the text, so others can read it


class WatcherBusy(EenplanError):
    """Another watcher already watches this team folder."""


class WatchLock:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_NAME
        self.mine = f"{os.getpid()} {socket.gethostname()}"
        self._handle: int | None = None

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        state_dir = self.path.parent
        try:  # never through a link to elsewhere, nor in a team folder that is gone
            require_inside(state_dir.parent, make_folder_inside(state_dir.parent, state_dir) / LOCK_NAME)
        except WriteFailed as exc:
            raise WatcherBusy(
                f"eenplan kan {state_dir} niet maken ({exc.reason}): kijk of je in de teammap "
                "mag schrijven."
            ) from None
        for _ in range(5):
            try:
                handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise WatcherBusy(
                    f"eenplan kan {self.path} niet openen ({exc.strerror}): kijk of je in de "
                    "teammap mag schrijven."
                ) from None
            if not _lock(handle):
                os.close(handle)
                raise self._busy(self._holder())
            if not _same_file(handle, self.path):  # its holder removed it as we opened it
                _unlock(handle)
                os.close(handle)
                continue
            holder = _read(handle)
            if holder is not None and holder != self._parsed_mine() and _alive(*holder):
                _unlock(handle)
                os.close(handle)
                raise self._busy(holder)
            os.ftruncate(handle, 0)
            os.lseek(handle, 0, os.SEEK_SET)
            os.write(handle, (self.mine + "\n").encode("utf-8"))
            self._handle = handle
            return
        raise WatcherBusy(f"eenplan kon {self.path} niet nemen: probeer het opnieuw.")

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if os.name == "nt":  # pragma: no cover - Windows cannot remove a file that is open
            _unlock(handle)
            os.close(handle)
            with contextlib.suppress(OSError):
                if inside(self.path.parent.parent, self.path):
                    self.path.unlink()
            return
        with contextlib.suppress(OSError):
            # .eenplan swapped for a link while the watcher ran: its lock is left where it went
            if _same_file(handle, self.path) and inside(self.path.parent.parent, self.path):
                self.path.unlink()  # while still locked: whoever opened it sees it is gone
        _unlock(handle)
        os.close(handle)

    def _parsed_mine(self) -> tuple[int, str]:
        return os.getpid(), socket.gethostname()

    def _busy(self, holder: tuple[int, str] | None) -> WatcherBusy:
        if holder is None:
            return WatcherBusy(
                "Er houdt al een eenplan watch deze teammap in de gaten: stop die eerst, of "
                f"verwijder {self.path} als hij niet meer draait."
            )
        pid, host = holder
        where = "" if host == socket.gethostname() else f" op {host}"
        return WatcherBusy(
            f"Er houdt al een eenplan watch deze teammap in de gaten (proces {pid}{where}): stop "
            f"die eerst, of verwijder {self.path} als hij niet meer draait."
        )

    def _holder(self) -> tuple[int, str] | None:
        try:
            return _parse(self.path.read_bytes())
        except OSError:
            return None


def _parse(data: bytes) -> tuple[int, str] | None:
    try:
        pid, _, host = data.decode("utf-8").strip().partition(" ")
        return int(pid), host
    except (ValueError, UnicodeDecodeError):
        return None


def _read(handle: int) -> tuple[int, str] | None:
    os.lseek(handle, 0, os.SEEK_SET)
    return _parse(os.read(handle, 4096))


def _same_file(handle: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _lock(handle: int) -> bool:
    """Take the system's lock on the open file without waiting; False when another has it."""
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without locks (some network shares): the text decides
    return True


def _unlock(handle: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname():
        return True  # another computer's process: it cannot be checked from here
    return running(pid)
