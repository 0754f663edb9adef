"""The watcher's log: the lines it prints, with the date, in ``.eenplan/logs/``, rotated.

The lines hold times, workbook versions, counts and dossier numbers, never names. An e-mail
address holds a name ("an.claes@..."): a line that carries one (a mail server's answer, the
account it refused) is logged with "[e-mailadres]" in its place; the screen shows it whole.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

from eenplan.errors import OutputError
from eenplan.files import WriteFailed, make_folder_inside, require_inside

_ADDRESS = re.compile(r"[^\s@<>,;:()\[\]\"']+@[^\s@<>,;:()\[\]\"']+")
LOGS_DIR = "logs"
LOG_NAME = "watch.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


@contextlib.contextmanager
def logging_to(state_dir: Path) -> Iterator[Path]:
    """Log the watcher's lines to ``state_dir/logs/watch.log`` while the block runs."""
    folder = state_dir / LOGS_DIR
    path = folder / LOG_NAME
    try:  # never through a link to elsewhere, nor in a team folder that is gone
        require_inside(state_dir.parent, make_folder_inside(state_dir.parent, folder) / LOG_NAME)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
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
