"""The partnership's exchange file and the combined report."""

from __future__ import annotations

import copy
import datetime
import json

import pytest

from eenplan.cli import cli
from eenplan.sheets.records import Caseload
from eenplan.stats.figures import TOTAL
from eenplan.stats.regional import CombineError, aggregates, combine
from eenplan.stats.suppression import HIDDEN
from tests.builders import charts_by_sheet
from tests.table_reader import CLOSED_COUNTS, closed_relations, intervals, narrowed
from tests.test_stats_figures import END, FLOWS, START, TODAY, D, closed_by_flow, small_caseload


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


def _team(closed_early: int) -> Caseload:
    """A team of 44 + ``closed_early``: 30 on time, 6 late, 6 waiting, and a few closed without
    a conversation, which its own report hides ("<5")."""
    from tests.test_stats_figures import LISTS, on_time_late_waiting

    return Caseload(workbook="c", dossiers=on_time_late_waiting(closed_early), lists=LISTS)


def test_the_region_and_a_teams_own_report_together_give_no_hidden_total_away():
    """Noord closed 3 families without a conversation, Zuid 4; each team's own report says "<5".
    The region's total of 7 would give each at least 3. A team's row here is its own report's total
    row: hidden where that report hides it."""
    from eenplan.stats.figures import figures

    caseloads = {"Noord": _team(3), "Zuid": _team(4)}
    own = {name: figures(c, FLOWS, start=START, end=END, today=TODAY).table("per_maand").row(TOTAL)
           for name, c in caseloads.items()}
    assert own["Noord"]["zonder_gesprek"] == own["Zuid"]["zonder_gesprek"] == "<5"
    report = combine([(f"{name}.json", aggregates(c, FLOWS, start=START, end=END, today=TODAY, team=name))
                      for name, c in caseloads.items()], today=TODAY)
    total = report.table("per_maand").row(TOTAL)
    assert total["zonder_gesprek"] in (HIDDEN, "<5")
    # late: each team's 6 + its few closed early are 45 - 30 - 6 (and 46 - 30 - 6); the region's
    # late would give the two teams' early closures together
    assert total["te_laat"] in (HIDDEN, "<5")
    for name, row in own.items():
        theirs = report.table("per_team").row(name)
        assert all(theirs[k] in (HIDDEN, "<5") for k, v in row.items() if v in (HIDDEN, "<5")), theirs


@pytest.mark.xfail(strict=True, reason="the partnership's months, quarters and splits are not yet "
                   "audited with the teams' own reports beside them (see the README)")
def test_a_month_of_the_region_less_the_other_team_gives_nothing_away():
    # February: 7 in each team, hidden in each team's report (23 - 13 - February is March's 3).
    # 14 together would give the two Marches together (20 - 14 = 6): each at least 2
    report = combine([("a.json", region("Team Noord")), ("b.json", region("Team Zuid"))], today=TODAY)
    assert report.table("per_maand").row("februari 2026")["aanmeldingen"] == HIDDEN


def test_the_closed_table_alone_narrows_no_hidden_small_count():
    """Procesbegeleiding: 80 within the duration norm, 3 longer, 7 before a conversation;
    eerstelijnspsycholoog 16 after the first session, 1 before it. Those after the first
    conversation are within the norm or longer: without that sum in the audit, the table showed
    the 80 with the 90 closed and the 8 before in total, which pinned the psychologist's 1 to
    0-2 (90 - 80 - 4 at most longer leaves 6 or more of the 8) and the 3 longer to 2-4."""
    files = [("a.json", aggregates(closed_by_flow(40, 2, 4, 8, 1), FLOWS, start=START, end=END,
                                   today=TODAY, team="A")),
             ("b.json", aggregates(closed_by_flow(40, 1, 3, 8, 0), FLOWS, start=START, end=END,
                                   today=TODAY, team="B"))]
    table = combine(files, today=TODAY).table("afgesloten")
    truth = combine(files, today=TODAY, threshold=0).table("afgesloten")
    assert truth.row("Procesbegeleiding")["langer"] == 3
    assert truth.row("Eerstelijnspsycholoog")["zonder_gesprek"] == 1
    assert not narrowed(table, truth, CLOSED_COUNTS, closed_relations(table))
    # and each hidden small count spans the whole hidden range, 0 to 4
    ends = intervals(table, CLOSED_COUNTS, closed_relations(table))
    for cell in (("Procesbegeleiding", "langer"), ("Eerstelijnspsycholoog", "zonder_gesprek")):
        assert ends[cell][0] == 0 and ends[cell][1] >= 4, (cell, ends[cell])


def test_a_region_file_from_before_it_said_what_the_team_publishes_is_refused():
    older = {k: v for k, v in region("Team Zuid").items() if k != "gepubliceerd"}
    with pytest.raises(CombineError, match="b.json"):
        combine([("a.json", region("Team Noord")), ("b.json", older)], today=TODAY)


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


def _tampered(change) -> dict:
    data = region("Team Zuid")
    change(data)
    return data


def _set(path: str, value):
    """A change that puts ``value`` at ``path`` ("maanden.0.te_laat")."""
    def change(data: dict) -> None:
        *inner, last = path.split(".")
        for key in inner:
            data = data[int(key)] if key.isdigit() else data[key]
        data[int(last) if last.isdigit() else last] = value
    return change


TAMPERED = {
    "negative": _set("maanden.1.te_laat", -3),
    "text": _set("maanden.1.te_laat", "3"),
    "fraction": _set("maanden.0.aanmeldingen", 8.5),
    "absurd": _set("maanden.0.aanmeldingen", 10**30),
    "parts do not add up": _set("maanden.0.aanmeldingen", 63),
    "a month outside the period": lambda d: d["maanden"].append(dict(d["maanden"][0], maand="2030-01")),
    "a month twice": lambda d: d["maanden"].append(copy.deepcopy(d["maanden"][0])),
    "a month missing": lambda d: d["maanden"].pop(),
    "days do not add up": _set("maanden.0.dagen", {"1": 500}),
    "a split does not add up": lambda d: d["per"]["gemeente"].append(
        dict(d["per"]["gemeente"][0], waarde="Schilde")),
    "closures do not add up": _set("afgesloten.0.afgesloten", 40),
    "within and longer than the duration norm do not add up": _set("afgesloten.0.binnen_duurnorm", 8),
    "ends after today": _set("end", "2027-06-30"),
}


@pytest.mark.parametrize("change", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_region_file_whose_counts_do_not_add_up_is_refused(change):
    """A region file altered by hand is refused with one sentence that names it, never added up
    into the partnership's figures."""
    with pytest.raises(CombineError) as refused:
        combine([("noord.json", region("Team Noord")), ("zuid.json", _tampered(change))], today=TODAY)
    assert "zuid.json" in str(refused.value) and "noord.json" not in str(refused.value)


def test_a_file_without_months_is_no_region_file_and_no_bug_of_eenplan(runner, tmp_path):
    broken = tmp_path / "zuid.json"
    broken.write_text(json.dumps({k: v for k, v in region("Team Zuid").items() if k != "maanden"}),
                      encoding="utf-8")
    result = runner.invoke(cli, ["stats", "samenvoegen", str(broken), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2 and "zuid.json" in result.output, result.output


@pytest.mark.parametrize("spelt", ["team noord", "Team  Noord ", "TEAM NOORD"])
def test_the_same_team_spelt_otherwise_is_refused_as_the_same_team(spelt):
    with pytest.raises(CombineError, match="één keer"):
        combine([("a.json", region("Team Noord")), ("b.json", region(spelt))], today=TODAY)


def test_one_team_over_overlapping_periods_is_not_said_to_be_the_same_period():
    shorter = aggregates(small_caseload(), FLOWS, start=START, end=D(2026, 2, 28), today=TODAY,
                         team="Team Noord")
    with pytest.raises(CombineError, match="één keer") as refused:
        combine([("a.json", region("Team Noord")), ("b.json", shorter)], today=TODAY)
    assert "dezelfde periode" not in str(refused.value)
    assert "28 februari 2026" in str(refused.value) and "31 maart 2026" in str(refused.value)


def test_teams_over_different_periods_are_not_added_up_under_one():
    """Zuid's January and February under a report for January to March would read as a quiet
    March; the sentence says which team counts which period."""
    shorter = aggregates(small_caseload(), FLOWS, start=START, end=D(2026, 2, 28), today=TODAY,
                         team="Team Zuid")
    with pytest.raises(CombineError) as refused:
        combine([("a.json", region("Team Noord")), ("b.json", shorter)], today=TODAY)
    said = str(refused.value)
    assert "Team Noord" in said and "Team Zuid" in said and "28 februari 2026" in said
    # one team's two files that follow each other cover what the other's one file does
    march = aggregates(small_caseload(), FLOWS, start=D(2026, 3, 1), end=END, today=TODAY,
                       team="Team Zuid")
    together = combine([("a.json", region("Team Noord")), ("b.json", shorter), ("c.json", march)],
                       today=TODAY)
    assert [row[0] for row in together.table("per_team").rows] == ["Team Noord", "Team Zuid", "Team Zuid",
                                                                   TOTAL]
    # the March file's own report shows its 3 as "<5": 46 less 23 and 20 would give it
    assert together.table("per_maand").row(TOTAL)["aanmeldingen"] == HIDDEN


def test_a_file_that_is_not_there_is_one_dutch_sentence(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "samenvoegen", str(tmp_path / "missing.json"),
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2 and "missing.json" in result.output
    assert "File" not in result.output and "Traceback" not in result.output


def test_a_median_the_region_files_do_not_hold_is_not_available_rather_than_hidden():
    """The region files count no days per gemeente: its median is "–" (None), not the mark of a
    hidden figure; where the days are counted, as per month, it is there."""
    report = combine([("a.json", region("Team Noord")), ("b.json", region("Team Zuid"))], today=TODAY)
    assert set(report.table("per_gemeente").column("mediaan_dagen")[:-1]) == {None}
    assert report.table("per_maand").row(TOTAL)["mediaan_dagen"] == 10


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


def test_the_partnership_s_summary_says_a_median_it_has_not_as_such():
    from eenplan.stats.writers import summary

    report = combine([("a.json", region("Team Noord")), ("b.json", region("Team Zuid"))], today=TODAY)
    said = " ".join(summary(report))
    assert "– dagen" not in said and " x dagen" not in said
    assert "mediaan" in said


def test_the_partnership_s_report_stands_on_the_day_the_teams_counted():
    """Its header says the stand the figures are at: the files' own day, not the day they were
    added up (January's conversations counted "stand van 31 december" before)."""
    later = TODAY + datetime.timedelta(days=30)
    files = [(f"{team}.json", region(team)) for team in ("Team Noord", "Team Zuid")]
    assert combine(files, today=later).as_of == TODAY


def test_teams_counted_on_different_days_are_not_added_up():
    """Zuid counted a month later: its families that had their conversation since would be added
    to Noord's that still wait. One sentence names each team and its day."""
    later = aggregates(small_caseload(), FLOWS, start=START, end=END, today=D(2026, 5, 15), team="Team Zuid")
    with pytest.raises(CombineError) as refused:
        combine([("a.json", region("Team Noord")), ("b.json", later)], today=D(2026, 5, 15))
    said = str(refused.value)
    assert "Team Noord op 15 april 2026" in said and "Team Zuid op 15 mei 2026" in said
    assert "--as-of" in said
    undated = {key: value for key, value in region("Team Zuid").items() if key != "as_of"}
    with pytest.raises(CombineError, match="geen regiobestand"):
        combine([("a.json", region("Team Noord")), ("b.json", undated)], today=TODAY)
