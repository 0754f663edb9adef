"""Which templates passed the check before a document is made, remembered between commands.

    key = check_key(data, path, kind)
    if not known_good(team.state_dir, key):
        ...check the template...
        remember_good(team.state_dir, key)

Checking a template (``lint.check_file``) costs more than filling it in for one letter, and a
team's templates change a few times a year: `eenplan invite` and the watcher would otherwise
check the same template again in every command. The team's state (``.eenplan/``) keeps the keys
of the templates that passed: a hash of the template's bytes, its kind and language folder, and
the eenplan that checked it (its version and the check's own modules), so a changed template,
or a new eenplan, is checked again. Only a pass is remembered: a template with an error is
checked each time, so the error is said each time. A file that cannot be read or written is no
memory at all, never an error: the template is then checked as before.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import eenplan
from eenplan.files import WriteFailed, inside, write_text_atomically

MEMORY_FILE = "templates-checked.json"
KEEP = 64  # keys: a few templates a team, in a few languages, over a few versions


# The modules whose code decides whether a template passes (looked at as files: importing the
# lint would cost what remembering saves).
_CHECKER_FILES = ("checked.py", "codes.py", "context.py", "limits.py", "lint.py", "readability.py",
                  "renderer.py", "template.py", "../dutch.py")


@functools.lru_cache(maxsize=1)
def _checker() -> str:
    """eenplan as far as the check is concerned: its version, and the check's own modules as
    installed (a development copy changes them without a new version)."""
    here = Path(__file__).parent
    stamps = [eenplan.__version__]
    for name in _CHECKER_FILES:
        try:
            stat = (here / name).stat()
            stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append(f"{name}:?")
    return "|".join(stamps)


def check_key(data: bytes, path: Path, kind: str) -> str:
    """What a check's pass holds for: these bytes, as a template of ``kind`` in the language
    folder of ``path`` (docx_templates/fr/), checked by this eenplan."""
    text = "\n".join((hashlib.sha256(data).hexdigest(), kind, path.parent.name, _checker()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(state_dir: Path) -> list[str]:
    """The remembered keys, oldest first; a missing, unreadable or damaged file holds none."""
    try:
        loaded = json.loads((state_dir / MEMORY_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    keys = loaded.get("passed") if isinstance(loaded, dict) else None
    if not isinstance(keys, list):
        return []
    return [key for key in keys if isinstance(key, str)]


def known_good(state_dir: Path, key: str) -> bool:
    """Whether a template with ``key`` passed the check before."""
    return key in _read(state_dir)


def remember_good(state_dir: Path, key: str) -> None:
    """Remember that the template with ``key`` passed (written atomically; when the state folder
    cannot be written, it is simply not remembered)."""
    keys = [k for k in _read(state_dir) if k != key] + [key]
    text = json.dumps({"passed": keys[-KEEP:]}, indent=1) + "\n"
    if not inside(state_dir.parent, state_dir / MEMORY_FILE):  # never through a link to elsewhere
        return
    try:
        write_text_atomically(state_dir / MEMORY_FILE, text)
    except WriteFailed:
        pass
