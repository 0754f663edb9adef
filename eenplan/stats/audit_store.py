"""The suppression's results kept in the team folder's state (.eenplan/onderdrukking/), so that a
report whose counts did not change runs no linear program (and does not load the solver, GLPK).

An entry's name is a hash of the ledger's key (itself a hash of every count, the families of the
linked ones as their positions in the caseload, the sums and the threshold), of the suppression
code and of the solver's version: a change in any of them is another name. An entry holds which
cells are hidden, which say "<5" and the bounds published, as cell numbers: nothing of a family.
It is kept as ``kept.Kept`` keeps it (a damaged one is ignored), and the ledger checks what it
gives back against the counts before it uses it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eenplan.stats import suppression
from eenplan.stats.kept import Kept, installed_version, source_version

FOLDER = "onderdrukking"
KEEP = 20  # entries kept, the most recently used first: a few periods, a few changes of the caseload


class AuditStore:
    """The suppression results kept in one team folder's state (a ``suppression.Memory``)."""

    def __init__(self, state_dir: Path, base: Path) -> None:
        self.kept = Kept(state_dir / FOLDER, base, suffix=".json", keep=KEEP)

    def get(self, key: str) -> Mapping[str, Any] | None:
        body = self.kept.read(_made_from(key))
        if body is None:
            return None
        try:
            entry = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        body = json.dumps(entry, separators=(",", ":"), sort_keys=True)
        self.kept.write(_made_from(key), body.encode("utf-8"))


def _made_from(key: str) -> str:
    return f"{key} {_code_version()} {installed_version('swiglpk')}"


@functools.cache
def _code_version() -> str:
    """The suppression code's version: any change to a rule or to the audit works the results out anew."""
    return source_version(suppression.__file__)
