"""An agreement taken up again at a later round-table is one agreement, in its latest version:
the plan and the report show it so, and `overdue` (its list, JSON, Achterstand.xlsx, the digest,
the begeleiders' weeks) judges it so. The testers' case: agreed on 15/10 against 15/11, agreed
again on 10/12 against 15/01/2027; on 14/12 the old row was "29 dagen te laat"."""

from __future__ import annotations

import datetime

from eenplan.flows.agreements import plan_agreements
from eenplan.sheets.records import Agreement

D = datetime.date
FIRST, AGAIN = D(2026, 10, 15), D(2026, 12, 10)  # the two round-tables
AFTER = D(2026, 12, 14)  # the testers' --as-of


def test_a_plan_keeps_each_row_that_names_nothing():
    # two rows with only a date: nothing says the later replaces the earlier, so both stay
    nameless = [Agreement(row=row, dossier="2026-001", round_table=made, domain="", goal="", action="",
                          who="", support="", due=D(2026, 11, 15), status="open")
                for row, made in ((2, FIRST), (3, AGAIN))]
    assert [a.row for a in plan_agreements(nameless, plan_day=AFTER)] == [2, 3]
