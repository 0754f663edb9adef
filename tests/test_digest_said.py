"""What the weekly mails say of themselves: the digest names the day of the digest it compares
with, its week is always the one given (no calendar week by default: a Friday team's digest
week is not the ISO week of the day), and a begeleider's week counts what cannot be judged in
dossiers, as the digest and `overdue` do."""

from __future__ import annotations

import datetime

import pytest

from eenplan.cli import cli
from eenplan.flows import default_flows
from eenplan.flows.digest import digest_text
from eenplan.flows.overdue import overdue_items
from eenplan.flows.week import begeleider_weeks, week_text
from eenplan.sheets.reader import read_caseload
from tests.builders import LISTS, CaseloadBuilder
from tests.test_digest import _parse, _parts, _team

D = datetime.date
NOTHING = {"overdue": 0, "due_soon": 0, "paused": 0, "begeleiders": {}, "agreements": {},
           "evaluations": {}, "norms": {}}


def _eml(runner, team, out, day: str) -> None:
    result = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), "--as-of", day])
    assert result.exit_code == 0, result.output


def test_the_comparison_names_the_day_of_the_digest_it_compares_with(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    out = tmp_path / "mails"
    _eml(runner, team, out, "2026-11-17")  # a Tuesday: last week's digest, made a day late
    _eml(runner, team, out, "2026-11-23")
    text, html, _ = _parts(_parse((out / "Achterstand 2026-W48.eml").read_bytes()))
    compare = next(line for line in text.splitlines() if "vorige week" in line)
    assert "dinsdag 17 november 2026" in compare and "(week 47)" in compare
    assert "dinsdag 17 november 2026" in html
    first = _parts(_parse((out / "Achterstand 2026-W47.eml").read_bytes()))[0]
    assert "geen vergelijking" in first and "november 2026," not in first  # none to name


def test_the_comparison_line_of_the_text_alone():
    said = digest_text(NOTHING, NOTHING, today=D(2026, 11, 27), team_name="Team", week="2026-W48",
                       previous_on=D(2026, 11, 20), judged=3).text
    assert "vrijdag 20 november 2026" in said and "(week 47)" in said


def test_the_digest_text_has_no_week_of_its_own():
    # a Friday team's digest of Wednesday 2 December 2026 is that of week 48, not ISO week 49:
    # only the caller knows the team's digest day, so the week cannot be left out
    with pytest.raises(TypeError):
        digest_text(NOTHING, None, today=D(2026, 12, 2), team_name="Team", judged=3)  # type: ignore[call-arg]
    friday = digest_text(NOTHING, None, today=D(2026, 12, 2), team_name="Team", week="2026-W48",
                         judged=3)
    assert ", week 48:" in friday.subject and "(week 47)" in friday.text


def _an(tmp_path, book):
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    today = D(2026, 11, 30)
    items = overdue_items(caseload, default_flows(), today=today)
    (an,) = begeleider_weeks(caseload, items, today=today)
    return an, week_text(an, today=today, team_name="Team Test")


def test_a_week_subject_counts_dossiers_not_cells(tmp_path):
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an.claes@voorbeeld.be"]})
    # one dossier, three cells to mend: its aanmelding (two steps wait on it) and a round-table
    book.dossier("2026-001", begeleider="An Claes", registered_on="31/02/2026")
    book.round_table("2026-001", date="31/11/2026")
    an, text = _an(tmp_path, book)
    assert an.unjudged >= 2 and an.unjudged_dossiers == 1
    assert "1 dossier niet te beoordelen" in text.subject
    assert f"{an.unjudged} niet te beoordelen" not in text.subject


def test_two_dossiers_are_two_in_the_subject(tmp_path):
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an.claes@voorbeeld.be"]})
    book.dossier("2026-001", begeleider="An Claes", registered_on="31/02/2026")
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 11, 20))
    book.round_table("2026-002", date=D(2026, 12, 2), time="half drie")
    an, text = _an(tmp_path, book)
    assert an.unjudged_dossiers == 2
    assert "2 dossiers niet te beoordelen" in text.subject
