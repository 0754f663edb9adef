"""The jobs a command or the watcher runs: read the team's workbook once, then work on records."""

from __future__ import annotations

import datetime

from eenplan.flows import Flows, load_flows
from eenplan.sheets import CheckReport, check, read_caseload
from eenplan.sheets.records import Caseload
from eenplan.team import Team


def load_caseload(team: Team) -> Caseload:
    settings = team.settings
    return read_caseload(
        team.workbook,
        header_aliases=settings.header_aliases,
        own_columns=settings.own_columns,
        sheet_aliases=settings.sheet_aliases,
    )


def load_team_flows(team: Team) -> Flows:
    """The default flows and the team's own (a bare workbook has only the defaults)."""
    return load_flows(team.flows_dir if team.root is not None else None)


def check_caseload(team: Team, caseload: Caseload, *, today: datetime.date) -> CheckReport:
    return check(caseload, today=today, flows=load_team_flows(team))
