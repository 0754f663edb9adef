"""The charts kept in the team folder's state: drawn once for the same figures, drawn again when
what they show changes, when the entry is damaged, and never kept where they name people."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.stats import charts as charts_module
from eenplan.stats.chart_store import FOLDER, ChartStore
from eenplan.stats.charts import Planned, charts
from eenplan.stats.figures import Report, Table
from eenplan.stats.jobs import statistics
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.test_stats_cli import PERIOD, workbook  # noqa: F401 - the fixture
from tests.test_stats_figures import END, START, TODAY

KEYS = ["op_tijd", "dagen_tot_gesprek", "wachttijd", "caseload"]


@pytest.fixture
def team_folder(workbook: Path) -> Path:  # noqa: F811 - the fixture imported above
    (workbook.parent / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    return workbook.parent


def report_of(folder: Path, *, intern: bool = False) -> Report:
    team = find_team(team=folder)
    return statistics(team, load_caseload(team), start=START, end=END, today=TODAY, intern=intern)


def store_of(folder: Path) -> ChartStore:
    team = find_team(team=folder)
    return ChartStore(team.state_dir, team.base)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the charts matplotlib draws, in order."""
    made: list[str] = []
    planned = charts_module.plan

    def counting(report: Report) -> tuple[Planned, ...]:
        def draw(chart: Planned):  # noqa: ANN202
            return lambda view: made.append(chart.key) or chart.draw(view)

        return tuple(dataclasses.replace(c, draw=draw(c)) for c in planned(report))

    monkeypatch.setattr(charts_module, "plan", counting)
    return made


def entries(folder: Path) -> list[Path]:
    return sorted((folder / ".eenplan" / FOLDER).glob("*.png"))


def test_the_same_figures_are_drawn_once(team_folder, drawn):
    report = report_of(team_folder)
    first = charts(report, store_of(team_folder))
    assert drawn == KEYS and len(entries(team_folder)) == 4
    again = charts(report, store_of(team_folder))
    assert drawn == KEYS  # nothing drawn the second time
    assert again == first == charts(report)  # and the same pictures as drawn without a store


def test_another_day_of_the_same_month_draws_nothing(team_folder, drawn):
    report = report_of(team_folder)
    charts(report, store_of(team_folder))
    later = dataclasses.replace(report, end=END - datetime.timedelta(days=3),
                                as_of=TODAY + datetime.timedelta(days=1))
    assert charts(later, store_of(team_folder)) == charts(report)
    assert drawn == KEYS + KEYS  # the second set by the plain charts(report), without a store


def changed(report: Report, key: str) -> Report:
    """The report with one more family in the first count shown in the table ``key``."""
    def more(table: Table) -> Table:
        if table.key != key:
            return table
        place = next(n for n, row in enumerate(table.rows) if isinstance(row[1], int))
        rows = list(table.rows)
        rows[place] = (rows[place][0], rows[place][1] + 1, *rows[place][2:])  # type: ignore[operator]
        return dataclasses.replace(table, rows=tuple(rows))

    return dataclasses.replace(report, tables=tuple(more(t) for t in report.tables))


def test_changed_values_are_drawn_again_and_only_those(team_folder, drawn):
    report = report_of(team_folder)
    charts(report, store_of(team_folder))
    drawn.clear()
    other = changed(report, "verdeling_dagen")
    pictures = charts(other, store_of(team_folder))
    assert drawn == ["dagen_tot_gesprek"]
    assert pictures != charts(report) and len(entries(team_folder)) == 5


def test_a_damaged_entry_is_ignored_and_drawn_again(team_folder, drawn):
    report = report_of(team_folder)
    first = charts(report, store_of(team_folder))
    store = store_of(team_folder)
    plan = {p.key: p for p in charts_module.plan(report)}
    damaged = store.path(plan["wachttijd"])
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte of the picture
    damaged.write_bytes(bytes(data))
    store.path(plan["op_tijd"]).write_bytes(b"")  # and an empty one
    drawn.clear()
    assert charts(report, store_of(team_folder)) == first
    assert sorted(drawn) == ["op_tijd", "wachttijd"]
    drawn.clear()
    assert charts(report, store_of(team_folder)) == first and drawn == []  # written anew


def test_the_team_s_own_caseload_chart_is_never_kept(team_folder, drawn):
    report = report_of(team_folder, intern=True)
    assert "Sofie Janssens" in report.table("caseload").column("label")
    charts(report, store_of(team_folder))
    charts(report, store_of(team_folder))
    assert drawn == KEYS + ["caseload"]  # the named caseload drawn each time, the others once
    assert len(entries(team_folder)) == 3


def test_nothing_is_kept_behind_a_link_out_of_the_team_folder(team_folder, tmp_path_factory, drawn):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (team_folder / ".eenplan").mkdir(exist_ok=True)
    (team_folder / ".eenplan" / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    report = report_of(team_folder)
    assert charts(report, store_of(team_folder)) == charts(report)
    assert list(elsewhere.iterdir()) == []


def test_the_command_keeps_the_charts_in_a_team_folder_not_beside_a_bare_workbook(runner, team_folder,
                                                                                    tmp_path_factory):
    result = runner.invoke(cli, ["stats", "--team", str(team_folder), *PERIOD])
    assert result.exit_code == 0, result.output
    assert len(entries(team_folder)) == 0  # the workbook's charts are Excel's own: no picture drawn
    for _ in range(2):
        again = runner.invoke(cli, ["stats", "--team", str(team_folder), "--format", "docx", *PERIOD])
        assert again.exit_code == 0, again.output
        assert len(entries(team_folder)) == 4  # the second docx took the same pictures
    bare = tmp_path_factory.mktemp("bare")
    copy = bare / "Caseload.xlsx"
    copy.write_bytes((team_folder / "Caseload.xlsx").read_bytes())
    result = runner.invoke(cli, ["stats", "--workbook", str(copy), "--format", "docx", *PERIOD])
    assert result.exit_code == 0, result.output
    # no pictures kept beside a bare workbook (what eenplan remembers of the report it wrote there
    # is, as for a letter made from a bare workbook: a report someone changed is kept)
    assert not (bare / ".eenplan" / FOLDER).exists()
