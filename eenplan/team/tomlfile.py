"""Reading a TOML file staff wrote (eenplan.toml, a flow), with what keeps it from being read
said in one Dutch sentence."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from eenplan.errors import ConfigError

# where tomllib says the mistake is: "... (at line 3, column 7)"; its words are English
_AT = re.compile(r"at line (?P<line>\d+), column (?P<column>\d+)")


def read_toml(path: Path, *, shown: str, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A TOML file staff wrote (eenplan.toml, a flow): what keeps it from being read is one
    sentence that names the file (``shown``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad's byte order mark is no mistake
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        place = _AT.search(str(exc))
        where = f" op regel {place['line']}" if place else ""
        lines = text.splitlines()
        line = lines[int(place["line"]) - 1] if place and int(place["line"]) <= len(lines) else ""
        if "\\" in line and '"' in line:  # a Windows path between double quotes: \U, \a escape
            raise error(
                f"In {shown} staat{where} een \\ tussen dubbele aanhalingstekens, en daar betekent "
                "\\ iets anders: zet het pad tussen enkele aanhalingstekens "
                "('C:\\Users\\an\\Caseload.xlsx'), of schrijf / in de plaats van \\."
            ) from None
        raise error(
            f"In {shown} klopt iets niet{where}: herstel die regel (een naam staat tussen "
            'aanhalingstekens, zoals naam = "Team Kapellen", en elke [kop] maar één keer).'
        ) from None
    except UnicodeDecodeError:
        raise error(f"{shown} is niet als UTF-8 bewaard. Bewaar het als UTF-8.") from None
    except OSError as exc:
        raise error(f"{shown} kan niet gelezen worden: {exc.strerror}.") from None
