"""The watcher's log: the lines it prints, with the date, in ``.eenplan/logs/``, rotated.

The lines hold times, workbook versions, counts and dossier numbers, never names. An e-mail
address holds a name ("an.claes@..."): a line that carries one (a mail server's answer, the
account it refused) is logged with "[e-mailadres]" in its place; the screen shows it whole.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
import sys
from collections.abc import Callable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

from eenplan.errors import OutputError
from eenplan.files import WriteFailed, make_folder_inside, os_reason, require_inside

_ADDRESS = re.compile(r"[^\s@<>,;:()\[\]\"']+@[^\s@<>,;:()\[\]\"']+")
LOGS_DIR = "logs"
LOG_NAME = "watch.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


class _LogFile(RotatingFileHandler):
    """watch.log that cannot be written (made immutable, a full disk, a share that went away)
    is said in one Dutch sentence, once until a line can be written again, through ``say``:
    never logging's own "--- Logging error ---" with a traceback at every line."""

    def __init__(self, path: Path, say: Callable[[str], None]) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        self.say = say
        self.failing = False  # said that it cannot write; said again only after it could
        self._failed_now = False

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        super().emit(record)
        if not self._failed_now:
            self.failing = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self._failed_now = True
        if self.failing:
            return
        self.failing = True
        exc = sys.exc_info()[1]
        reason = os_reason(exc)[0] if isinstance(exc, OSError) else "het systeem weigerde het"
        when = datetime.datetime.fromtimestamp(record.created)
        with contextlib.suppress(Exception):
            self.say(f"{when:%H:%M:%S} eenplan kan niet in zijn logboek {self.baseFilename} schrijven "
                     f"({reason}): de regels staan tot het weer lukt alleen hier. Kijk of je in de "
                     "teammap mag schrijven en of de schijf niet vol is.")

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # what it could not write stays unwritten
            super().close()


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def logging_to(state_dir: Path, *, say: Callable[[str], None] = _to_stderr) -> Iterator[Path]:
    """Log the watcher's lines to ``state_dir/logs/watch.log`` while the block runs; ``say``
    tells a person once when the log cannot be written."""
    folder = state_dir / LOGS_DIR
    path = folder / LOG_NAME
    try:  # never through a link to elsewhere, nor in a team folder that is gone
        require_inside(state_dir.parent, make_folder_inside(state_dir.parent, folder) / LOG_NAME)
        handler = _LogFile(path, say)
    except (OSError, WriteFailed) as exc:
        reason = exc.reason if isinstance(exc, WriteFailed) else exc.strerror
        raise OutputError(
            f"eenplan kan zijn logboek ({path}) niet schrijven ({reason}): kijk of je in de "
            "teammap mag schrijven."
        ) from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%Y-%m-%d"))
    handler.addFilter(_without_addresses)
    logger = logging.getLogger("eenplan.watcher")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield path
    finally:
        logger.removeHandler(handler)
        handler.close()


def _without_addresses(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    if "@" in message:
        record.msg, record.args = _ADDRESS.sub("[e-mailadres]", message), None
    return True
