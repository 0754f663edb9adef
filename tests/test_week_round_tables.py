"""A begeleider's week never says "geen rondetafels" while a round-table of hers has a date
eenplan cannot read: it says which cell, and counts it as not to be judged; an hour it cannot
read is said beside its round-table, not dropped (DESIGN §5, no silent all-clear)."""

from __future__ import annotations

import datetime

import pytest

from eenplan.cli import cli
from eenplan.flows import default_flows
from eenplan.flows.overdue import overdue_items
from eenplan.flows.week import begeleider_weeks, week_text
from eenplan.sheets.reader import read_caseload
from tests.builders import LISTS, CaseloadBuilder

D = datetime.date
MONDAY = D(2026, 11, 30)  # the week runs to Sunday 6 December 2026


def _book(**round_table) -> CaseloadBuilder:
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an.claes@voorbeeld.be"]})
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 11, 20))
    book.round_table("2026-001", **round_table)
    return book


def _an(tmp_path, book):
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    items = overdue_items(caseload, default_flows(), today=MONDAY)
    (an,) = begeleider_weeks(caseload, items, today=MONDAY)
    return an, week_text(an, today=MONDAY, team_name="Team Test")


@pytest.mark.parametrize("date", ["31/11/2026", "volgende week", "=TODAY()+2"])
def test_a_date_that_cannot_be_read_is_no_week_without_round_tables(tmp_path, date):
    an, text = _an(tmp_path, _book(date=date))
    assert [u.cell for u in an.undated] == ["Rondetafels!B2"]
    assert "geen rondetafels" not in text.subject.lower()
    assert "geen rondetafels" not in text.text.lower()
    assert "Rondetafels!B2" in text.text.split("Rondetafels deze week", 1)[1]
    assert an.unjudged >= 1 and f"{an.unjudged_dossiers} dossier niet te beoordelen" in text.subject


def test_an_hour_that_cannot_be_read_is_said_with_its_round_table(tmp_path):
    an, text = _an(tmp_path, _book(date=D(2026, 12, 2), time="half drie"))
    assert [(m.date, m.hour_cell) for m in an.meetings] == [(D(2026, 12, 2), "Rondetafels!C2")]
    assert an.unjudged == 1
    assert text.subject.startswith("Jouw week, An: 1 rondetafel")
    assert "1 dossier niet te beoordelen" in text.subject
    assert "Rondetafels!C2" in text.text.split("Rondetafels deze week", 1)[1]


def test_an_empty_date_is_still_no_round_table(tmp_path):
    an, text = _an(tmp_path, _book(location="Gemeentehuis"))  # no date typed: none planned
    assert an.undated == () and an.unjudged == 0
    assert "geen rondetafels" in text.subject


def test_the_command_exits_1_for_a_round_table_it_cannot_place(runner, tmp_path):
    _book(date="volgende week").save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    result = runner.invoke(cli, ["digest", "--begeleiders", "--team", str(tmp_path),
                                 "--as-of", MONDAY.isoformat()])
    assert result.exit_code == 1, result.output
    assert "Geen rondetafels gepland" not in result.output and "Rondetafels!B2" in result.output
