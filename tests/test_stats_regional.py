"""The partnership's exchange file and the combined report."""

from __future__ import annotations

import copy
import json

import pytest

from eenplan.cli import cli
from eenplan.stats.figures import TOTAL
from eenplan.stats.regional import CombineError, aggregates, combine
from tests.builders import charts_by_sheet
from tests.test_stats_figures import END, FLOWS, START, TODAY, small_caseload


def region(team: str) -> dict:
    return aggregates(small_caseload(), FLOWS, start=START, end=END, today=TODAY, team=team)


def test_the_region_file_holds_counts_only():
    data = region("Team Noord")
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("Sofie", "Claes", "Familie", "2026-001", "Zorgen van", "Straat", "Ziekenhuis"):
        assert secret not in text
    january = data["maanden"][0]
    assert (january["maand"], january["aanmeldingen"], january["binnen_norm"], january["te_laat"]) == (
        "2026-01", 13, 6, 5)
    assert january["dagen"] == {"3": 2, "10": 2, "20": 2, "46": 5}
    assert data["definitie"]["versie"] and data["soort"] == "eenplan-statistiek-regio"


def test_two_teams_add_up_and_are_suppressed_after_adding():
    report = combine([("a.json", region("Team Noord")), ("b.json", region("Team Zuid"))], today=TODAY)
    months = report.table("per_maand")
    assert months.row(TOTAL)["aanmeldingen"] == 46 and months.row(TOTAL)["binnen_norm"] == 24
    # February: 7 in each team, hidden there; 14 together
    assert months.row("februari 2026")["aanmeldingen"] == 14
    teams = report.table("per_team")
    assert [r[0] for r in teams.rows] == ["Team Noord", "Team Zuid", TOTAL]
    assert report.table("afgesloten").row(TOTAL)["afgesloten"] == 28
    assert report.to_dict()["definitie"]["versie"] == region("x")["definitie"]["versie"]


def test_files_that_do_not_add_up_get_one_sentence():
    noord = region("Team Noord")
    with pytest.raises(CombineError, match="geen regiobestand"):
        combine([("a.json", noord), ("c.json", {"tables": []})], today=TODAY)
    older = copy.deepcopy(noord)
    older["team"], older["definitie"]["versie"] = "Team Zuid", "oud-0"
    with pytest.raises(CombineError, match="definitie"):
        combine([("a.json", noord), ("b.json", older)], today=TODAY)
    other_norm = copy.deepcopy(noord)
    other_norm["team"] = "Team Zuid"
    other_norm["definitie"]["normen"]["procesbegeleiding"]["eerste_gesprek"]["norm"] = "binnen 30 dagen"
    with pytest.raises(CombineError, match="binnen 30 dagen"):
        combine([("a.json", noord), ("b.json", other_norm)], today=TODAY)
    with pytest.raises(CombineError, match="één keer"):
        combine([("a.json", noord), ("b.json", region("Team Noord"))], today=TODAY)


def test_voor_regio_and_samenvoegen_on_the_command_line(runner, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(region("Team Noord")), encoding="utf-8")
    second.write_text(json.dumps(region("Team Zuid")), encoding="utf-8")
    result = runner.invoke(cli, ["stats", "samenvoegen", str(first), str(second), "--naar", str(tmp_path),
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    [written] = tmp_path.glob("Statistiek *Samenwerkingsverband.xlsx")
    # Excel's own charts beside their tables, but no caseload: a partnership has none per begeleider
    placed = charts_by_sheet(written)
    assert {name: len(charts) for name, charts in placed.items()} == {
        "Per kwartaal": 2, "Dagen tot gesprek": 1, "Wachttijd": 1}
    result = runner.invoke(cli, ["stats", "samenvoegen", str(first), str(first), "--as-of",
                                 TODAY.isoformat()])
    assert result.exit_code == 2 and "één keer" in result.output and "Traceback" not in result.output


from collections import Counter  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eenplan.stats.figures import _median, percentile  # noqa: E402
from eenplan.stats.regional import _median_days, _percentile  # noqa: E402


@given(st.lists(st.integers(0, 400), max_size=60), st.integers(0, 6))
def test_the_days_counted_give_the_medians_and_percentiles_of_the_days_listed(days, threshold):
    # the partnership counts how many families waited how many days; a team lists them
    counted = Counter(days)
    assert _median_days(counted, threshold) == _median(days, threshold)
    if days:
        assert [_percentile(counted, p) for p in (1, 50, 75, 90, 100)] == [
            percentile(days, p) for p in (1, 50, 75, 90, 100)]
