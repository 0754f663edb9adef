"""The statistics job for a command or the demo: the figures of a period, and the report file."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

from eenplan.flows.jobs import load_team_flows
from eenplan.sheets.records import Caseload
from eenplan.stats.charts import charts
from eenplan.stats.figures import Report, default_period, figures
from eenplan.stats.writers import report_name, write_docx, write_xlsx
from eenplan.team.folder import Team


def statistics(team: Team, caseload: Caseload, *, start: datetime.date | None, end: datetime.date | None,
               today: datetime.date) -> Report:
    """The monitoring figures for a period (by default the twelve months up to today)."""
    end = end or today
    start = start or default_period(end)[0]
    return figures(caseload, load_team_flows(team), start=start, end=end, today=today,
                   team=team.settings.team_name)


def write_statistics(team: Team, report: Report, output_format: Literal["xlsx", "docx"]) -> Path:
    """The report with its charts in rapporten/, as xlsx or docx."""
    # charts imports matplotlib, and the writers python-docx: only the stats command needs them.

    write = write_xlsx if output_format == "xlsx" else write_docx
    return write(report, charts(report), team.reports_dir / report_name(report, f".{output_format}"))
