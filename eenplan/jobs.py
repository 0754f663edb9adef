"""The jobs a command or the watcher runs: read the team's workbook once, then work on records."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eenplan.flows import Flows, load_flows
from eenplan.sheets import CheckReport, check, read_caseload
from eenplan.sheets.records import Caseload
from eenplan.team import Team

if TYPE_CHECKING:
    from eenplan.digest import DigestResult
    from eenplan.stats.figures import Report


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


def overdue_list(
    team: Team, caseload: Caseload, *, today: datetime.date, begeleider: str | None = None,
    soon: int | None = None,
) -> tuple:
    """What is overdue, due soon or paused (``OverdueItem``s), for one begeleider or all."""
    from eenplan.flows.overdue import overdue_items, select_begeleider
    from eenplan.sheets.schema import BEGELEIDERS

    items = overdue_items(caseload, load_team_flows(team), today=today, soon=soon)
    if begeleider is not None:
        known = {d.begeleider for d in caseload.dossiers} | set(caseload.lists.get(BEGELEIDERS, ()))
        items = select_begeleider(items, begeleider, known=known)
    return items


def digest(
    team: Team, caseload: Caseload, *, today: datetime.date, sent_at: datetime.datetime,
    how: str = "preview", eml_dir: Path | None = None,
) -> DigestResult:
    """The coordinators' weekly digest: previewed, written as .eml, or sent ("smtp")."""
    import os

    from eenplan.digest import make_digest
    from eenplan.flows.overdue import overdue_items

    flows = load_team_flows(team)
    items = overdue_items(caseload, flows, today=today)
    password = os.environ.get(team.settings.mail.password_env) if how == "smtp" else None
    return make_digest(team, items, today=today, sent_at=sent_at, how=how, eml_dir=eml_dir,
                       flow_titles={f.name: f.title for f in flows.values()}, password=password)

def statistics(team: Team, caseload: Caseload, *, start: datetime.date | None, end: datetime.date | None,
               today: datetime.date, intern: bool = False) -> Report:
    """The monitoring figures for a period (by default the twelve months up to today); ``intern``:
    the team's own report, nothing suppressed."""
    from eenplan.stats.figures import default_period, figures

    end = end or today
    start = start or default_period(end)[0]
    return figures(caseload, load_team_flows(team), start=start, end=end, today=today,
                   team=team.settings.team_name, threshold=team.settings.stats_threshold, intern=intern)


def write_region_file(team: Team, caseload: Caseload, *, start: datetime.date | None,
                      end: datetime.date | None, today: datetime.date) -> Path:
    """The team's aggregates for its partnership, as JSON in rapporten/."""
    import json

    from eenplan.files import write_text_atomically
    from eenplan.stats.figures import default_period
    from eenplan.stats.regional import aggregates

    end = end or today
    start = start or default_period(end)[0]
    data = aggregates(caseload, load_team_flows(team), start=start, end=end, today=today,
                      team=team.settings.team_name)
    name = f"Regio {team.settings.team_name} {data['start']} tot {data['end']}.json"
    safe = "".join(c if c.isalnum() or c in " .-_" else "_" for c in name)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return write_text_atomically(team.reports_dir / safe, text)


def combine_region_files(files: Sequence[Path], *, name: str, folder: Path, today: datetime.date,
                         output_format: str) -> tuple[Report, Path | None]:
    """Several teams' region files added up into the partnership's report (written unless json)."""
    import json

    from eenplan.errors import ConfigError
    from eenplan.stats.charts import charts
    from eenplan.stats.regional import CombineError, combine
    from eenplan.stats.writers import report_name, write_docx, write_xlsx

    loaded = []
    for path in files:
        try:
            loaded.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ConfigError(f"{path.name} is geen regiobestand van eenplan (geen JSON): maak het met "
                              "`eenplan stats --voor-regio` in de map van het team.") from None
        except OSError as exc:
            raise ConfigError(f"{path.name} kan niet gelezen worden: {exc.strerror}.") from None
    try:
        report = combine(loaded, today=today, name=name)
    except CombineError as exc:
        raise ConfigError(str(exc)) from None
    if output_format == "json":
        return report, None
    write = write_xlsx if output_format == "xlsx" else write_docx
    return report, write(report, charts(report), folder / report_name(report, f" {name}.{output_format}"))


def write_statistics(team: Team, report: Report, output_format: str) -> Path:
    """The report with its charts in rapporten/, as xlsx or docx."""
    from eenplan.stats.charts import charts
    from eenplan.stats.writers import report_name, write_docx, write_xlsx

    write = write_xlsx if output_format == "xlsx" else write_docx
    return write(report, charts(report), team.reports_dir / report_name(report, f".{output_format}"))
