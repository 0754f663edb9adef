"""Reading a TOML file staff wrote (eenplan.toml, a flow), with what keeps it from being read
said in one Dutch sentence."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from eenplan.errors import ConfigError


def read_toml(path: Path, *, shown: str, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A TOML file staff wrote (eenplan.toml, a flow): what keeps it from being read is one
    sentence that names the file (``shown``)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{shown} is geen geldige TOML ({exc}). Herstel de regel die genoemd wordt.") from None
    except UnicodeDecodeError:
        raise error(f"{shown} is niet als UTF-8 bewaard. Bewaar het als UTF-8.") from None
    except OSError as exc:
        raise error(f"{shown} kan niet gelezen worden: {exc.strerror}.") from None
