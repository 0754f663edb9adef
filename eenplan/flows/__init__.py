"""The flows: the trajectories a team runs and their norms (``model``, read by ``loader``), the
deadline engine (``deadlines``), the checks they add (``checks``), overdue and the digest.

The defaults ship in ``defaults/``; a team's own TOML files in its ``flows/`` folder override
them by name or add new ones.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eenplan.flows.loader import DEFAULTS, FlowError, flow_files, load_flows
from eenplan.flows.model import Flow, Flows, Step

if TYPE_CHECKING:
    from eenplan.sheets.findings import CheckReport
    from eenplan.sheets.formatting import FormattingRule
    from eenplan.sheets.records import Caseload

# the checks (and the colour rules they bring, 0.02-0.05 s) are imported by ``check`` only: the
# statistics and the documents read the flows without checking the workbook

__all__ = [
    "DEFAULTS", "Flow", "FlowError", "Flows", "Step", "check", "default_flows", "flow_names", "load_flows",
]


@functools.cache
def default_flows() -> Flows:
    """The flows shipped with eenplan, read once."""
    return load_flows()


def flow_names(team_flows: Path | None = None) -> tuple[str, ...]:
    """The names of the flows a dossier's Traject may name (read from the file names only)."""
    return tuple(sorted(path.stem for path in flow_files(team_flows).values()))


def check(
    caseload: Caseload, *, today: datetime.date, flows: Mapping[str, Flow] | None = None,
    flow_names: Collection[str] | None = None, formatting: Sequence[FormattingRule] = (),
    team_reachable: bool = True, languages: Collection[str] | None = None,
) -> CheckReport:
    """Every finding in the workbook (``checks.check``); without ``flows``, the default flows."""
    from eenplan.flows import checks

    return checks.check(caseload, today=today, flows=default_flows() if flows is None else flows,
                        flow_names=flow_names, formatting=formatting, team_reachable=team_reachable,
                        languages=languages)
