"""What the weekly mails say of themselves: a begeleider's week counts what cannot be judged in
dossiers, as the digest and `overdue` do."""

from __future__ import annotations

import datetime

from eenplan.flows import default_flows
from eenplan.flows.overdue import overdue_items
from eenplan.flows.week import begeleider_weeks, week_text
from eenplan.sheets.reader import read_caseload
from tests.builders import LISTS, CaseloadBuilder

D = datetime.date


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
