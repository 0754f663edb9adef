"""One watcher per team folder: a lock file in ``.eenplan/`` that names the process holding it.

A lock left by a process that is gone (the PC crashed, the process was killed) is taken over.
A lock from another computer (the team folder on a shared drive) cannot be checked and is
respected; the message says how to remove it.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from types import TracebackType

from eenplan.errors import EenplanError

LOCK_NAME = "watch.lock"


class WatcherBusy(EenplanError):
    """Another watcher already watches this team folder."""


class WatchLock:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_NAME
        self.mine = f"{os.getpid()} {socket.gethostname()}"

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WatcherBusy(
                f"eenplan kan {self.path.parent} niet maken ({exc.strerror}): kijk of je in de "
                "teammap mag schrijven."
            ) from None
        for _ in range(3):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is not None and _alive(*holder):
                    pid, host = holder
                    where = "" if host == socket.gethostname() else f" op {host}"
                    raise WatcherBusy(
                        f"Er houdt al een eenplan watch deze teammap in de gaten (proces {pid}"
                        f"{where}): stop die eerst, of verwijder {self.path} als hij niet meer "
                        "draait."
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale: its process is gone
                continue
            with os.fdopen(handle, "w", encoding="utf-8") as lock:
                lock.write(self.mine + "\n")
            return
        raise WatcherBusy(f"eenplan kon {self.path} niet nemen: probeer het opnieuw.")

    def release(self) -> None:
        try:
            if self.path.read_text(encoding="utf-8").strip() == self.mine:
                self.path.unlink()
        except OSError:
            pass

    def _holder(self) -> tuple[int, str] | None:
        try:
            pid, _, host = self.path.read_text(encoding="utf-8").strip().partition(" ")
            return int(pid), host
        except (OSError, ValueError, UnicodeDecodeError):
            return None


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname():
        return True  # another computer's process: it cannot be checked from here
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _alive_on_windows(pid: int) -> bool:  # pragma: no cover - Windows
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process = kernel32.OpenProcess(0x1000 | 0x00100000, False, pid)  # QUERY_LIMITED | SYNCHRONIZE
    if not process:
        return False
    try:
        return kernel32.WaitForSingleObject(process, 0) == 0x102  # WAIT_TIMEOUT: still running
    finally:
        kernel32.CloseHandle(process)
