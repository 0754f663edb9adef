"""The digest's change is the change since the ISO week just before, across the turn of the year
(2026 has a week 53), and no change at all when that week has no digest; the week's number is
the same in the subject and in what the command says."""

from __future__ import annotations

import datetime

import pytest

from eenplan.cli import cli
from eenplan.team.state import State, week_before
from tests.test_digest import _parse, _parts, _team

AT = datetime.datetime(2026, 11, 23, 8, 0)


@pytest.mark.parametrize(("week", "before"), [
    ("2026-W48", "2026-W47"), ("2027-W01", "2026-W53"), ("2026-W01", "2025-W52"),
    ("2026-W53", "2026-W52"),
])
def test_the_week_before(week, before):
    assert week_before(week) == before


def test_only_the_week_just_before_is_last_week(tmp_path):
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_digest("2026-W44", how="smtp", counts={"overdue": 3}, at=AT)
        assert state.previous_digest("2026-W48") is None  # a month earlier is no "last week"
        state.record_digest("2026-W53", how="smtp", counts={"overdue": 4}, at=AT)
        assert state.previous_digest("2027-W01").counts == {"overdue": 4}


def _eml(runner, team, out, day: str):
    result = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), "--as-of", day])
    assert result.exit_code == 0, result.output
    return result


def test_a_digest_a_month_old_is_not_compared_with(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    out = tmp_path / "mails"
    _eml(runner, team, out, "2026-11-02")  # week 45
    _eml(runner, team, out, "2026-11-23")  # week 48: weeks 46 and 47 had none
    text = _parts(_parse((out / "Achterstand 2026-W48.eml").read_bytes()))[0]
    assert "(+" not in text and "(−" not in text and "(=)" not in text
    assert "verschil met het overzicht van vorige week" not in text


def test_week_1_compares_with_week_53_and_says_week_1(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    out = tmp_path / "mails"
    _eml(runner, team, out, "2026-12-28")  # week 53 of 2026
    result = _eml(runner, team, out, "2027-01-04")  # week 1 of 2027
    message = _parse((out / "Achterstand 2027-W01.eml").read_bytes())
    assert ", week 1:" in message["Subject"]
    assert "week 1 " in result.output and "week 01" not in result.output
    text = _parts(message)[0]
    assert "Samen:" in text and "(=)" in text  # compared with week 53
