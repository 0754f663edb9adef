"""Whether a process of this computer still runs: the watch lock and the state's claims on a mail
ask it of the process that took them, so that what a killed process left behind is taken over.

A process of another computer (a team folder on a shared drive) cannot be checked from here: the
caller decides what to do with that.
"""

from __future__ import annotations

import os


def running(pid: int) -> bool:
    """Whether the process ``pid`` of this computer still runs (this one does)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        return _running_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks (on Windows it would send Ctrl-C: see above)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OverflowError:
        return False  # no pid at all
    return True


def _running_on_windows(pid: int) -> bool:  # pragma: no cover - Windows
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process = kernel32.OpenProcess(0x1000 | 0x00100000, False, pid)  # QUERY_LIMITED | SYNCHRONIZE
    if not process:
        return False
    try:
        return kernel32.WaitForSingleObject(process, 0) == 0x102  # WAIT_TIMEOUT: still running
    finally:
        kernel32.CloseHandle(process)
