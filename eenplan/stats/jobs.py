"""The statistics job for a command or the demo: the figures of a period, and the report file."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from eenplan.errors import ConfigError, MissingColumn
from eenplan.files import safe_name, write_text_atomically
from eenplan.flows.clocks import norm_gaps
from eenplan.flows.loader import Flows, load_team_flows
from eenplan.sheets.records import Caseload
from eenplan.sheets.schema import DOSSIERS
from eenplan.stats.audit_store import AuditStore
from eenplan.stats.figures import (
    SHEETS_USED,
    Report,
    default_period,
    figures,
    left_out_sentence,
    nothing_counted_sentence,
    split_gaps,
)
from eenplan.stats.regional import CombineError, aggregates, combine
from eenplan.stats.writers import report_name, write_docx, write_xlsx
from eenplan.team.folder import Team
from eenplan.team.reports import Written, write_kept, write_report


def statistics(team: Team, caseload: Caseload, *, start: datetime.date | None, end: datetime.date | None,
               today: datetime.date, intern: bool = False) -> Report:
    """The monitoring figures for a period (by default the twelve months up to today); ``intern``:
    the team's own report, nothing suppressed."""
    start, end = _period(start, end, today)
    # the suppression worked out before for the same counts is kept in the team folder
    memory = AuditStore(team.state_dir, team.base) if team.root is not None else None
    return figures(caseload, _flows(team, caseload), start=start, end=end, today=today,
                   team=team.settings.team_name, threshold=team.settings.stats_threshold, intern=intern,
                   memory=memory)


def write_region_file(team: Team, caseload: Caseload, *, start: datetime.date | None,
                      end: datetime.date | None, today: datetime.date) -> tuple[Written, list[str]]:
    """The team's aggregates for its partnership, as JSON in rapporten/, and what the team must
    hear before it sends the file: rows left out, no dossier at all, a split's column missing.
    A file at its name that someone changed is left (``Written.kept``)."""
    start, end = _period(start, end, today)
    # what the team's own report publishes goes in the file too; worked out as that report is
    memory = AuditStore(team.state_dir, team.base) if team.root is not None else None
    data = aggregates(caseload, _flows(team, caseload), start=start, end=end, today=today,
                      team=team.settings.team_name, threshold=team.settings.stats_threshold,
                      memory=memory)
    name = safe_name(f"Regio {team.settings.team_name} {data['start']} tot {data['end']}", ".json")
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    said = [left_out_sentence(data["niet_meegeteld"], "het regiobestand")] if data["niet_meegeteld"] else []
    if not data["dossierrijen"]:
        said.append(nothing_counted_sentence(caseload.title(DOSSIERS)))
    said += split_gaps(caseload).values()  # its rows per gemeente would read as "niet ingevuld"
    if caseload.look_alikes:  # what stands on "Dossiers 2025" is not in the file
        said.append(caseload.look_alikes_sentence("in het regiobestand"))
    return write_report(team, team.reports_dir / name,
                        lambda path: write_text_atomically(path, text)), said


def _period(start: datetime.date | None, end: datetime.date | None,
            today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period asked for; without --van, the twelve months up to its end, or up to today where
    --tot lies after today (the figures stop at today: twelve months up to a --tot next year would
    begin after today). A --tot after today is passed on as given: the figures cut it back, and
    say so where a --van lies after it."""
    end = end or today
    return start or default_period(min(end, today))[0], end


def _flows(team: Team, caseload: Caseload) -> Flows:
    """The team's flows; MissingColumn when the workbook lacks a column the figures count from
    (a misspelt "Datum perspectiefgesprek" would count every family as still waiting)."""
    flows = load_team_flows(team)
    gaps = norm_gaps(caseload, flows, cannot="geen cijfers maken die kloppen", sheets=SHEETS_USED)
    if gaps:
        raise MissingColumn(" ".join(gaps))
    return flows


def combine_region_files(files: Sequence[Path], *, name: str, folder: Path, today: datetime.date,
                         output_format: str) -> tuple[Report, Written | None]:
    """Several teams' region files added up into the partnership's report (written unless json)
    in ``folder`` (--naar). A file at its name that someone may have changed is never replaced
    (``team.reports.write_kept``): in a team's rapporten/, by what the team's state remembers of
    it, as the team's own reports; elsewhere, only a file with the very same bytes is."""
    loaded = []
    for path in files:
        try:
            loaded.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ConfigError(f"{path.name} is geen regiobestand van eenplan (geen JSON): maak het met "
                              "`eenplan stats --voor-regio` in de map van het team.") from None
        except FileNotFoundError:
            raise ConfigError(f"{path} bestaat niet: geef het pad van een regiobestand dat een team "
                              "maakte met `eenplan stats --voor-regio`.") from None
        except IsADirectoryError:
            raise ConfigError(f"{path} is een map: geef de regiobestanden (.json) in die map, niet de "
                              "map zelf.") from None
        except OSError:
            raise ConfigError(f"{path.name} kan niet gelezen worden: kijk na of je het mag openen, of "
                              "vraag het team het opnieuw te sturen.") from None
    try:
        report = combine(loaded, today=today, name=name)
    except CombineError as exc:
        raise ConfigError(str(exc)) from None
    if output_format == "json":
        return report, None
    path = folder / report_name(report, f" {name}.{output_format}")
    if output_format == "xlsx":  # the workbook's charts are Excel's own: nothing drawn here
        return report, write_kept(path, lambda at: write_xlsx(report, at))
    from eenplan.stats.charts import charts  # the Word report's pictures: matplotlib, for docx only

    pictures = charts(report)
    return report, write_kept(path, lambda at: write_docx(report, pictures, at))


def write_statistics(team: Team, report: Report, output_format: Literal["xlsx", "docx"]) -> Written:
    """The report with its charts in rapporten/, as xlsx or docx; one at its name that someone
    changed is left, and this one goes to the next free name (``Written.kept``)."""
    path = team.reports_dir / report_name(report, f".{output_format}")
    if output_format == "xlsx":  # Excel draws the workbook's charts: matplotlib is not even imported
        return write_report(team, path, lambda at: write_xlsx(report, at))
    # the Word report's pictures drawn before for the same figures are kept in the team folder
    # (not beside a bare workbook)
    from eenplan.stats.chart_store import ChartStore
    from eenplan.stats.charts import charts

    store = ChartStore(team.state_dir, team.base) if team.root is not None else None
    pictures = charts(report, store)
    return write_report(team, path, lambda at: write_docx(report, pictures, at))
