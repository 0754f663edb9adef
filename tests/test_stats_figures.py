"""The monitoring figures on a caseload small enough to count by hand, and the suppression.

The caseload (period January to March 2026, as of 15 April 2026):

  January, registered 5 January (norm: a conversation by 5 February), Kapellen, Sofie:
    2 talked on 8 January (3 days), 2 on 15 January (10), 2 on 25 January (20): on time
    5 talked on 20 February (46 days): late
    2 closed on 20 January without a conversation ("Gezin stopt zelf"), no begeleider
  February, registered 2 February (norm: by 2 March), Essen:
    5 talked on 12 February (10 days), An
    1 paused 10-19 February (10 days: due 12 March), talked 10 March (36 days): on time, An
    1 waiting, no begeleider yet
  March, registered 2 March, Brasschaat: 3 waiting, no begeleider
  Before the period, registered 1 October 2025, talked 10 October (closure due 10 February):
    9 closed 31 January (on time; 113 days), An 6 and Bart 3
    3 closed 1 March (late; 142 days), Bart
    a gezinsplan for 6 of the on-time ones and the 3 late ones

Every expected figure below is counted by hand from this list; the comments say how.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eenplan.flows.loader import load_flows
from eenplan.sheets.records import Caseload, Dossier, Pause
from eenplan.stats.figures import (
    OTHER,
    TOTAL,
    PeriodError,
    Report,
    default_period,
    figures,
    months_between,
    pseudonyms,
    quarters_of,
)
from eenplan.stats.suppression import HIDDEN, Ledger, below
from tests.table_reader import CLOSED_COUNTS, closed_relations, narrowed

LESS = below()

D = datetime.date
START, END, TODAY = D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 15)
FLOWS = load_flows()
LISTS = {
    "Gemeenten": ("Brasschaat", "Essen", "Kalmthout", "Kapellen", "Wuustwezel"),
    "Aanmelders": ("Gezin zelf", "School", "CLB"),
    "Levensdomeinen": ("Opvoeding", "Onderwijs"),
    "Redenen afsluiting": ("Doelen bereikt", "Gezin stopt zelf"),
}


def dossier(number: int, registered: datetime.date, *, perspective: datetime.date | None = None,
            plan: datetime.date | None = None, closed: datetime.date | None = None, reason: str = "",
            begeleider: str = "", municipality: str = "Kapellen", flow: str = "procesbegeleiding",
            referrer: str = "", question: str = "") -> Dossier:
    return Dossier(number + 1, f"2026-{number:03d}", f"Familie Nummer{number}", flow, municipality,
                   referrer, question, begeleider, registered, perspective, plan, closed, reason, None,
                   "Straat 1", "", "", f"Zorgen van gezin {number}", "", "")


def small_caseload() -> Caseload:
    rows: list[Dossier] = []
    number = itertools.count(1)
    jan, feb, mar, october = D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2025, 10, 1)
    talks = [D(2026, 1, 8)] * 2 + [D(2026, 1, 15)] * 2 + [D(2026, 1, 25)] * 2 + [D(2026, 2, 20)] * 5
    for talked in talks:
        rows.append(dossier(next(number), jan, perspective=talked, begeleider="Sofie Janssens"))
    for _ in range(2):
        rows.append(dossier(next(number), jan, closed=D(2026, 1, 20), reason="Gezin stopt zelf"))
    for _ in range(5):
        rows.append(dossier(next(number), feb, perspective=D(2026, 2, 12), begeleider="An Claes",
                            municipality="Essen"))
    paused = dossier(next(number), feb, perspective=D(2026, 3, 10), begeleider="An Claes",
                     municipality="Essen")
    rows.append(paused)
    rows.append(dossier(next(number), feb, municipality="Essen"))
    for _ in range(3):
        rows.append(dossier(next(number), mar, municipality="Brasschaat"))
    for index in range(12):
        rows.append(dossier(
            next(number), october, perspective=D(2025, 10, 10),
            plan=D(2025, 11, 1) if index < 6 or index >= 9 else None,
            closed=D(2026, 1, 31) if index < 9 else D(2026, 3, 1), reason="Doelen bereikt",
            begeleider="An Claes" if index < 6 else "Bart Peeters"))
    pauses = (Pause(2, paused.id, D(2026, 2, 10), D(2026, 2, 19), "Ziekenhuis"),)
    return Caseload(workbook="Caseload.xlsx", dossiers=tuple(rows), pauses=pauses, lists=LISTS)


@pytest.fixture(scope="module")
def report() -> Report:
    return figures(small_caseload(), FLOWS, start=START, end=END, today=TODAY, team="Team Test")


def test_per_month_counted_by_hand(report):
    table = report.table("per_maand")
    assert [r[0] for r in table.rows] == ["januari 2026", "februari 2026", "maart 2026", "Totaal"]
    # January: 6 on time, 5 late, 0 waiting, 2 closed. The 0 and 2 alone would be 13 - 6 - 5:
    # the 5 is hidden with them.
    assert table.row("januari 2026") == {
        "label": "januari 2026", "aanmeldingen": 13, "binnen_norm": 6, "te_laat": HIDDEN,
        "wacht_nog": HIDDEN, "zonder_gesprek": HIDDEN, "pct_binnen_norm": 46.2,
        "pct_wacht_nog": HIDDEN, "mediaan_dagen": 20,  # 3 3 10 10 20 [20] 46 46 46 46 46
    }
    # February (7: 6 on time, 1 waiting) is hidden so that 23 - 13 cannot give March's 3;
    # its 6 on time, so that the one waiting cannot be worked out. Its 0 late may say "<5": the
    # total's 5 late are January's, and saying February's and March's are under 5 narrows nothing
    february = table.row("februari 2026")
    assert set(february.values()) == {"februari 2026", HIDDEN, LESS, 10}
    assert february["te_laat"] == LESS
    assert february["mediaan_dagen"] == 10  # 10 10 10 10 10 36
    assert table.row("maart 2026")["aanmeldingen"] == LESS  # 3
    # nobody talked yet: "–" would say so, and tell that the 3 are all waiting or closed
    assert table.row("maart 2026")["mediaan_dagen"] == HIDDEN
    assert table.row("Totaal") == {
        "label": "Totaal", "aanmeldingen": 23, "binnen_norm": 12,
        "te_laat": 5,  # all January's: 5 = January + February + March, two of them hidden 0s
        "wacht_nog": HIDDEN, "zonder_gesprek": HIDDEN, "pct_binnen_norm": 52.2,
        "pct_wacht_nog": HIDDEN, "mediaan_dagen": 10,  # 17 conversations, the 9th: 10 days
    }


def test_a_pause_moves_the_norm(report):
    # the paused family talked after 36 days and still counts as on time: 6 + 5 + 1 = 12
    assert report.table("per_maand").row("Totaal")["binnen_norm"] == 12


def test_days_to_the_first_conversation(report):
    table = report.table("verdeling_dagen")
    # 2 in 3 days, 7 in 10 (January 2, February 5), 2 in 20, 1 in 36, 5 in 46
    assert dict(table.rows) == {
        "0 tot 7 dagen": LESS, "8 tot 14 dagen": 7, "15 tot 21 dagen": LESS,
        "22 tot 31 dagen": LESS, "32 tot 45 dagen": LESS,
        "46 tot 60 dagen": 5,
        "61 dagen of meer": LESS, "Totaal": 17,
    }


def test_splits_take_small_groups_together(report):
    gemeente = report.table("per_gemeente")
    assert [r[0] for r in gemeente.rows] == ["Essen", "Kapellen", OTHER, "Totaal"]  # by name, not size
    assert gemeente.row("Kapellen") == {**report.table("per_maand").row("januari 2026"), "label": "Kapellen"}
    assert gemeente.row(OTHER)["aanmeldingen"] == LESS  # Brasschaat's 3
    assert [r[0] for r in report.table("per_aanmelder").rows] == ["Niet ingevuld", "Totaal"]
    traject = report.table("per_traject")
    assert traject.row("Procesbegeleiding")["aanmeldingen"] == 23
    for key in ("per_gemeente", "per_aanmelder", "per_hulpvraag", "per_traject"):
        assert report.table(key).row("Totaal") == report.table("per_maand").row("Totaal")


def test_closed_trajectories(report):
    table = report.table("afgesloten")
    # 14 closed: 2 before the first conversation, 12 after it: 9 within four months, 3 later;
    # 9 with a gezinsplan (6 + 3). The 2 would give the 12 away, so both are hidden. "<5" on the
    # 2 and on the 3 later together would tell that 14 = 2 + 9 + 3 holds at least one before the
    # conversation: the neutral mark on all three.
    assert table.row("Totaal") == {
        "label": "Totaal", "afgesloten": 14, "zonder_gesprek": HIDDEN, "met_gesprek": HIDDEN,
        "binnen_duurnorm": 9, "langer": HIDDEN, "met_gezinsplan": 9,
        "pct_binnen_duurnorm": "≥64",  # 9 of 14 at least: the 5 hidden may all be later
        "pct_gezinsplan": 64.3, "mediaan_duur": 113,
    }
    assert table.row("Procesbegeleiding") == {**table.row("Totaal"), "label": "Procesbegeleiding"}
    assert report.table("redenen").rows == ((OTHER, HIDDEN), ("Totaal", HIDDEN))


def test_caseload_per_begeleider_under_letters(report):
    table = report.table("caseload")
    assert [c.label for c in table.columns[1:]] == ["jan 2026", "feb 2026", "mrt 2026"]
    # open at 31/1: Sofie 11, Bart 3; 28/2: Sofie 11, An 6, Bart 3, none 1; 31/3: Sofie 11, An 6,
    # none 4. Each month, the smallest shown begeleider is hidden beside the small ones.
    assert table.rows == (
        ("Alle lopende trajecten", 14, 21, 21),
        ("Nog geen begeleider", LESS, LESS, LESS),
        ("Begeleider A", HIDDEN, 11, 11),  # Sofie: 14 - 11 would give Bart's 3 away in January
        ("Begeleider B", LESS, HIDDEN, HIDDEN),  # An: 0, then 6 hidden beside the small ones
        ("Begeleider C", LESS, LESS, LESS),  # Bart
    )


def test_no_names_free_text_or_dossier_numbers_anywhere(report):
    text = repr(report.to_dict())
    for secret in ("Sofie", "Claes", "Bart", "Familie", "2026-001", "2026-012", "Zorgen van", "Straat",
                   "Ziekenhuis"):
        assert secret not in text


def test_definitions_say_which_norms_and_how_pauses_count(report):
    text = " ".join(report.definitions)
    assert "binnen 1 maand na aanmelding" in text and "binnen 4 maanden na het perspectiefgesprek" in text
    assert "pauzedag" in text and "minder dan 5 gezinnen" in text and "niet getoond" in text
    assert "1 januari 2026 tot en met 31 maart 2026" in text


def test_values_outside_the_lists_are_never_shown(report):
    rows = list(small_caseload().dossiers)
    rows[0] = Dossier(*[getattr(rows[0], f) for f in Dossier.__slots__][:4], "Juf Marleen belde", *[
        getattr(rows[0], f) for f in Dossier.__slots__][5:])
    caseload = Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS)
    made = figures(caseload, FLOWS, start=START, end=END, today=TODAY)
    assert "Marleen" not in repr(made.to_dict())


def test_period_helpers():
    assert default_period(D(2026, 11, 23)) == (D(2025, 12, 1), D(2026, 11, 23))
    assert default_period(D(2026, 1, 31)) == (D(2025, 2, 1), D(2026, 1, 31))
    assert months_between(D(2025, 11, 15), D(2026, 2, 1)) == [D(2025, 11, 1), D(2025, 12, 1),
                                                            D(2026, 1, 1), D(2026, 2, 1)]
    assert pseudonyms(["x", "y"]) == {"x": "Begeleider A", "y": "Begeleider B"}
    assert pseudonyms([str(i) for i in range(28)])["27"] == "Begeleider AB"
    with pytest.raises(PeriodError, match="kies bij --van een datum die voor die bij --tot ligt"):
        figures(small_caseload(), FLOWS, start=END, end=START, today=TODAY)
    with pytest.raises(PeriodError, match="over de toekomst valt nog niets te tellen"):
        figures(small_caseload(), FLOWS, start=D(2026, 5, 1), end=D(2026, 6, 1), today=TODAY)
    # a period that runs past today ends today
    later = figures(small_caseload(), FLOWS, start=START, end=D(2026, 12, 31), today=TODAY)
    assert later.end == TODAY and later.table("caseload").columns[-1].label == "15 apr 2026"  # counted today


# -- suppression, proved on what is published ----------------------------------------------------


def assert_safe(report: Report) -> None:
    """No published count under 5; no total, less the parts shown beside it, under 5."""
    for table in report.tables:
        counts = [i for i, c in enumerate(table.columns) if c.kind == "count"]
        for row in table.rows:
            for i in counts:
                assert row[i] is None or row[i] in (HIDDEN, LESS) or row[i] >= 5, (table.key, row)
        total = next((r for r in table.rows if r[0] == "Totaal"), None)
        parts = [r for r in table.rows if r[0] != "Totaal"]
        if table.key == "caseload":
            total, parts = table.rows[0], table.rows[1:]
        if total is not None:  # down each column: the total less the shown parts
            for i in counts:
                _assert_no_small_rest(total[i], [p[i] for p in parts], table.key)
        if table.key.startswith("per_"):  # along each row: registrations less the shown parts
            for row in table.rows:
                _assert_no_small_rest(row[1], row[2:6], table.key)
        if table.key == "afgesloten":
            for row in table.rows:
                _assert_no_small_rest(row[1], row[2:4], table.key)
    # a quarter less the months shown in it: never a few families
    months = [r for r in report.table("per_maand").rows if r[0] != "Totaal"]
    quarters = [r for r in report.table("per_kwartaal").rows if r[0] != "Totaal"]
    grouped = quarters_of(months_between(report.start, report.end))
    assert len(quarters) == len(grouped) and len(months) == sum(len(m) for _, m in grouped)
    taken = 0
    for quarter, (_, its_months) in zip(quarters, grouped, strict=True):
        inside = months[taken:taken + len(its_months)]
        taken += len(its_months)
        for i in range(1, 6):
            _assert_no_small_rest(quarter[i], [m[i] for m in inside], "per_kwartaal")
    # the day bands' total is the period's on-time and late families: with the total row's other
    # cells it would give the late ones, and with them the few closed without a conversation
    period = report.table("per_maand").row(TOTAL)
    _assert_no_small_rest(report.table("verdeling_dagen").row(TOTAL)["gezinnen"],
                          [period["binnen_norm"], period["te_laat"]], "verdeling_dagen")
    # every published total of the same families is the same figure
    totals = {tuple(report.table(k).row("Totaal").items())[1:] for k in
              ("per_maand", "per_kwartaal", "per_gemeente", "per_aanmelder", "per_hulpvraag", "per_traject")}
    assert len(totals) == 1


def _assert_no_small_rest(total, parts: Sequence, where: str) -> None:
    if total is None or total in (HIDDEN, LESS) or any(p is None for p in parts):
        return
    hidden = [p for p in parts if p in (HIDDEN, LESS)]
    rest = total - sum(p for p in parts if p not in (HIDDEN, LESS))
    if not hidden:
        assert rest == 0, where
    else:
        assert len(hidden) >= 2 and rest >= 5, (where, total, parts)


def test_the_small_caseload_is_safe(report):
    assert_safe(report)


dates = st.dates(min_value=D(2025, 6, 1), max_value=D(2026, 4, 15))


@st.composite
def caseloads(draw) -> Caseload:
    rows = []
    for number in range(draw(st.integers(0, 60))):
        registered = draw(dates)
        perspective = draw(st.one_of(st.none(), st.integers(0, 70).map(
            lambda d, r=registered: r + datetime.timedelta(days=d))))
        closed = draw(st.one_of(st.none(), st.integers(0, 200).map(
            lambda d, r=registered: r + datetime.timedelta(days=d))))
        rows.append(dossier(
            number, registered, perspective=perspective,
            plan=draw(st.one_of(st.none(), st.just(perspective))) if perspective else None,
            closed=closed, reason=draw(st.sampled_from(["Doelen bereikt", "Gezin stopt zelf", ""])),
            begeleider=draw(st.sampled_from(["", "An", "Bart", "Sofie", "Els"])),
            municipality=draw(st.sampled_from(LISTS["Gemeenten"])),
            flow=draw(st.sampled_from(["procesbegeleiding", "eerstelijnspsycholoog"])),
            referrer=draw(st.sampled_from(LISTS["Aanmelders"])),
            question=draw(st.sampled_from(LISTS["Levensdomeinen"])),
        ))
    return Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS)


def assert_ledger_safe(ledger: Ledger) -> None:
    """The same, on every count the report holds, with the families each counts."""
    hidden = ledger.suppress()
    cells = ledger.cells
    # every "<5" is true, and with all of them said, no small count's interval narrows
    said = ledger.said_below(hidden)
    assert all(i in hidden and cells[i].value < 5 for i in said)
    assert not ledger.audit(hidden, said)
    for i, cell in enumerate(cells):
        assert i in hidden or cell.value >= 5
    for total, parts in ledger.relations:
        gone = [p for p in parts if p in hidden]
        if total in hidden:
            assert gone, "a hidden total is the sum of the shown parts"
        elif gone:
            assert len(gone) >= 2 and sum(cells[p].value for p in gone) >= 5
    linked = [i for i, c in enumerate(cells) if c.linked and i not in hidden]
    for a, b in itertools.permutations(linked, 2):
        if cells[b].members < cells[a].members:
            assert cells[a].value - cells[b].value >= 5, "two shown counts differ by a few families"


def test_every_count_of_the_small_caseload_is_safe():
    ledger = Ledger()
    figures(small_caseload(), FLOWS, start=START, end=END, today=TODAY, ledger=ledger)
    assert len(ledger.cells) > 50
    assert_ledger_safe(ledger)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(), st.sampled_from([(START, END), (D(2025, 8, 1), D(2026, 4, 15)),
                                     (D(2025, 11, 20), D(2026, 2, 10))]))
def test_any_caseload_is_safe(caseload, period):
    # months and quarters together, whole quarters and quarters the period holds in part
    ledger = Ledger()
    report = figures(caseload, FLOWS, start=period[0], end=period[1], today=TODAY, ledger=ledger)
    assert_safe(report)
    assert_ledger_safe(ledger)
    # a reader with the closed trajectories' table alone, and every sum it shows
    truth = figures(caseload, FLOWS, start=period[0], end=period[1], today=TODAY, intern=True)
    assert_closed_table_safe(report, truth)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads())
def test_any_report_can_be_drawn(caseload):
    from eenplan.stats.charts import charts

    drawn = charts(figures(caseload, FLOWS, start=START, end=END, today=TODAY))
    assert [c.png[:4] for c in drawn] == [b"\x89PNG"] * 4


# -- per quarter: where the months hide too much --------------------------------------------------


def two_quarters() -> Caseload:
    """January to June 2026, as of 15 August 2026, one family short of five in every month:

    January, February, March: each 7 registered on the 5th: 5 talked on the 10th (on time),
    2 on the 5th of the next month but one (late).
    April, May, June: each 7 registered on the 5th: 4 talked on the 10th, 3 closed on the 8th
    without a conversation ("Gezin stopt zelf").
    """
    rows: list[Dossier] = []
    number = itertools.count(1)
    for month in range(1, 7):
        registered = D(2026, month, 5)
        for _ in range(5 if month <= 3 else 4):
            rows.append(dossier(next(number), registered, perspective=D(2026, month, 10), begeleider="An"))
        for _ in range(2 if month <= 3 else 3):
            if month <= 3:
                rows.append(dossier(next(number), registered, perspective=D(2026, month + 2, 5),
                                    begeleider="An"))
            else:
                rows.append(dossier(next(number), registered, closed=D(2026, month, 8),
                                    reason="Gezin stopt zelf"))
    return Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS)


def on_time_late_waiting(closed_early: int) -> tuple[Dossier, ...]:
    """Three months of 14 registrations (10 on time, 2 late, 2 waiting) and ``closed_early``
    closed without a conversation, one month after the other."""
    rows, number = [], itertools.count(1)
    for month in (1, 2, 3):
        registered = D(2026, month, 2)
        rows += [dossier(next(number), registered, perspective=registered + datetime.timedelta(days=10))
                 for _ in range(10)]
        rows += [dossier(next(number), registered, perspective=registered + datetime.timedelta(days=40))
                 for _ in range(2)]
        rows += [dossier(next(number), registered) for _ in range(2)]
    rows += [dossier(next(number), D(2026, 1 + i % 3, 2), closed=D(2026, 1 + i % 3, 9),
                     reason="Gezin stopt zelf") for i in range(closed_early)]
    return tuple(rows)


def closed_by_flow(in_norm: int, longer: int, early: int, psychologist: int,
                   psychologist_early: int) -> Caseload:
    """Trajectories closed January to March 2026: procesbegeleiding ``in_norm`` within its four
    months and ``longer`` after them (registered 1 October, talked 10 October), ``early`` closed
    before a first conversation; eerstelijnspsycholoog (no duration norm) ``psychologist`` closed
    after the first session and ``psychologist_early`` before it."""
    rows, number = [], itertools.count(1)
    talked, registered = D(2025, 10, 10), D(2025, 10, 1)
    rows += [dossier(next(number), registered, perspective=talked, closed=D(2026, 1, 31),
                     reason="Doelen bereikt", begeleider="An") for _ in range(in_norm)]
    rows += [dossier(next(number), registered, perspective=talked, closed=D(2026, 3, 1),
                     reason="Doelen bereikt", begeleider="An") for _ in range(longer)]
    rows += [dossier(next(number), D(2026, 1, 5), closed=D(2026, 1, 20), reason="Gezin stopt zelf")
             for _ in range(early)]
    rows += [dossier(next(number), D(2026, 1, 5), perspective=D(2026, 1, 10), closed=D(2026, 2, 20),
                     reason="Doelen bereikt", flow="eerstelijnspsycholoog", begeleider="Bart")
             for _ in range(psychologist)]
    rows += [dossier(next(number), D(2026, 1, 5), closed=D(2026, 1, 20), reason="Gezin stopt zelf",
                     flow="eerstelijnspsycholoog") for _ in range(psychologist_early)]
    return Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS)


def assert_closed_table_safe(report: Report, truth: Report) -> None:
    """A reader of the Afgesloten trajecten table alone (its sums, its shares' floors) pins no
    hidden small count closer than 0 to 4; ``truth``: the same figures, nothing hidden."""
    table = report.table("afgesloten")
    assert not narrowed(table, truth.table("afgesloten"), CLOSED_COUNTS, closed_relations(table))


def test_the_closed_total_within_the_duration_norm_is_its_trajectories_with_that_norm():
    """12 procesbegeleidingen closed within the duration norm, 1 longer, 6 before a conversation,
    and 6 eerstelijnspsycholoog (which has no duration norm) after the first session. The total's
    12 within the norm are procesbegeleiding's: shown there while hidden on its row, it gave the
    row's 1 longer away (19 closed, 6 before: the 13 after less 12), and the psychologist's 0
    closed early with it."""
    caseload = closed_by_flow(12, 1, 6, 6, 0)
    report = figures(caseload, FLOWS, start=START, end=END, today=TODAY)
    truth = figures(caseload, FLOWS, start=START, end=END, today=TODAY, intern=True)
    table = report.table("afgesloten")
    assert table.row("Procesbegeleiding")["binnen_duurnorm"] == HIDDEN
    assert table.row(TOTAL)["binnen_duurnorm"] == HIDDEN
    assert_closed_table_safe(report, truth)


def test_the_day_bands_total_gives_no_small_count_of_the_total_row_away():
    """44 registrations: 30 on time, 6 late, 6 waiting, 2 closed without a conversation. The total
    row hides the 6 late with the 2 (8 together); the day bands' total (36 who talked) less the 30
    on time would give the 6, and with them the 2. The sum between the tables is in the audit."""
    rows = on_time_late_waiting(closed_early=2)
    ledger = Ledger()
    report = figures(Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS), FLOWS, start=START,
                     end=END, today=TODAY, ledger=ledger)
    period, bands = report.table("per_maand").row(TOTAL), report.table("verdeling_dagen").row(TOTAL)
    assert period["zonder_gesprek"] in (HIDDEN, LESS)
    late = [None if HIDDEN in (bands["gezinnen"], period["binnen_norm"])
            else bands["gezinnen"] - period["binnen_norm"]]
    assert late == [None] or period["te_laat"] not in (HIDDEN, LESS), "the late ones follow"
    assert_safe(report)
    assert_ledger_safe(ledger)
    # what is hidden for it is the bands' total, which says again what the total row says: the
    # period's share on time stays
    assert period["binnen_norm"] == 30 and bands["gezinnen"] == HIDDEN


def test_per_quarter_shows_what_the_months_hide():
    ledger = Ledger()
    report = figures(two_quarters(), FLOWS, start=D(2026, 1, 1), end=D(2026, 6, 30), today=D(2026, 8, 15),
                     ledger=ledger)
    months = report.table("per_maand")
    # a month: 7 = 5 on time + 2 late (or 4 + 3 closed): each 2 or 3 is under 5, and the 5 or 4
    # beside them would give them away; only the 7 and the median (5 conversations) stand, and the
    # on-time share as "at least 3 of 7" (42 %): 4 left for the rest keeps each of them 0 to 4
    for row in months.rows[:3]:
        assert row[1:] == (7, HIDDEN, HIDDEN, HIDDEN, HIDDEN, "≥42", HIDDEN, 5)
    for row in months.rows[3:6]:
        # "<5" beside a hidden 4 or 3 in a row of 7 would narrow them: the neutral mark throughout
        assert row[1:] == (7, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
    quarters = report.table("per_kwartaal")
    assert [r[0] for r in quarters.rows] == ["1e kwartaal 2026", "2e kwartaal 2026", "Totaal"]
    # 1st quarter: 21 = 15 on time + 6 late + 0 + 0; the two 0s would give the 6 away (21 - 15),
    # so the 6 goes with them. Median of 15 times 5 days and 6 times 59 or 61: 5.
    assert quarters.row("1e kwartaal 2026") == {
        "label": "1e kwartaal 2026", "aanmeldingen": 21, "binnen_norm": 15, "te_laat": HIDDEN,
        "wacht_nog": LESS, "zonder_gesprek": LESS, "pct_binnen_norm": 71.4,
        "pct_wacht_nog": HIDDEN, "mediaan_dagen": 5,
    }
    # 2nd quarter: 21 = 12 on time + 0 + 0 + 9 closed without a conversation
    assert quarters.row("2e kwartaal 2026") == {
        "label": "2e kwartaal 2026", "aanmeldingen": 21, "binnen_norm": 12, "te_laat": HIDDEN,
        "wacht_nog": HIDDEN, "zonder_gesprek": HIDDEN, "pct_binnen_norm": 57.1,
        "pct_wacht_nog": HIDDEN, "mediaan_dagen": 5,
    }
    assert quarters.row("Totaal") == months.row("Totaal")
    assert quarters.row("Totaal")["aanmeldingen"] == 42 and quarters.row("Totaal")["binnen_norm"] == 27
    assert_safe(report)
    assert_ledger_safe(ledger)


def test_a_quarter_the_period_holds_in_part_says_which_months():
    report = figures(two_quarters(), FLOWS, start=D(2025, 12, 1), end=D(2026, 5, 31), today=D(2026, 8, 15))
    assert [r[0] for r in report.table("per_kwartaal").rows] == [
        "4e kwartaal 2025 (dec)", "1e kwartaal 2026", "2e kwartaal 2026 (apr–mei)", "Totaal"]
    # December is its own quarter here: the same figures, hidden alike
    assert report.table("per_kwartaal").rows[0][1:] == report.table("per_maand").rows[0][1:]


def test_a_month_or_quarter_the_period_cuts_says_which_days_it_counts():
    """--van 15/01 --tot 10/06: "januari 2026" counted 15-31 January and "2e kwartaal 2026" 1 April
    to 10 June, and read as whole periods; every table with such a row says the days."""
    report = figures(two_quarters(), FLOWS, start=D(2026, 1, 15), end=D(2026, 6, 10), today=D(2026, 8, 15))
    assert [r[0] for r in report.table("per_maand").rows] == [
        "januari 2026 (vanaf 15/01)", "februari 2026", "maart 2026", "april 2026", "mei 2026",
        "juni 2026 (tot en met 10/06)", "Totaal"]
    quarters = ["1e kwartaal 2026 (15/01–31/03)", "2e kwartaal 2026 (01/04–10/06)", "Totaal"]
    assert [r[0] for r in report.table("per_kwartaal").rows] == quarters
    assert [r[0] for r in report.table("wachttijd").rows] == quarters
    # a period from 10 February: the quarter of its whole months said "(feb–mrt)" and hid the 10th
    later = figures(two_quarters(), FLOWS, start=D(2026, 2, 10), end=D(2026, 5, 31), today=D(2026, 8, 15))
    assert [r[0] for r in later.table("per_kwartaal").rows][:2] == [
        "1e kwartaal 2026 (10/02–31/03)", "2e kwartaal 2026 (apr–mei)"]
    assert later.table("per_maand").rows[0][0] == "februari 2026 (vanaf 10/02)"
    # one month cut on both sides
    inside = figures(two_quarters(), FLOWS, start=D(2026, 3, 4), end=D(2026, 3, 20), today=D(2026, 8, 15))
    assert [r[0] for r in inside.table("per_maand").rows] == ["maart 2026 (04/03–20/03)", "Totaal"]
    assert inside.table("per_kwartaal").rows[0][0] == "1e kwartaal 2026 (04/03–20/03)"


def test_the_charts_keep_the_part_a_month_counts():
    from eenplan.stats.charts import _short_month

    assert _short_month("januari 2026 (vanaf 15/01)") == "jan\n2026\n(vanaf 15/01)"
    assert _short_month("juni 2026 (tot en met 10/06)") == "jun\n2026\n(t/m 10/06)"
    assert _short_month("maart 2026") == "mrt\n2026"


def test_the_on_time_chart_draws_quarters_where_the_months_hide_too_much():
    from eenplan.stats.charts import charts, series

    report = figures(two_quarters(), FLOWS, start=D(2026, 1, 1), end=D(2026, 6, 30), today=D(2026, 8, 15))
    shares = series(report, "pct_binnen_norm")
    assert shares.per == "kwartaal" and shares.values == [71.4, 57.1]
    assert shares.ticks[0] == "1e kw. 2026\n21 aanm."
    # three months of six show a median; the quarters show all six
    assert series(report, "mediaan_dagen")[:3] == ("kwartaal", shares.ticks, [5, 5])
    assert [c.key for c in charts(report)] == ["op_tijd", "dagen_tot_gesprek", "wachttijd", "caseload"]
    # a team big enough to show every month gets the months: each month 15 families on time,
    # 5 late, 5 waiting, 5 closed without a conversation
    rows, number = [], itertools.count()
    for month in (1, 2, 3):
        registered = D(2026, month, 5)
        rows += [dossier(next(number), registered, perspective=registered + datetime.timedelta(days=days))
                 for days in [5] * 15 + [38] * 5]
        rows += [dossier(next(number), registered) for _ in range(5)]
        rows += [dossier(next(number), registered, closed=registered, reason="Gezin stopt zelf")
                 for _ in range(5)]
    big = figures(Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS), FLOWS, start=START, end=END,
                  today=TODAY)
    monthly = series(big, "pct_binnen_norm")
    assert monthly.per == "maand" and monthly.values == [50.0, 50.0, 50.0]
    assert monthly.ticks == ["jan\n2026", "feb\n2026", "mrt\n2026"]


def test_waiting_per_quarter_with_and_without_pauses(report):
    # 17 conversations: 3 3 10 10 10 10 10 10 10 20 20 36 46 46 46 46 46 (the 36 paused 10 days)
    # nearest rank: P50 the 9th (10), P75 the 13th (46), P90 the 16th (46)
    table = report.table("wachttijd")
    assert table.row("1e kwartaal 2026") == {
        "label": "1e kwartaal 2026", "p50": 10, "p75": 46, "p90": 46,
        "p50_zonder_pauzes": 10, "p75_zonder_pauzes": 46, "p90_zonder_pauzes": 46,
    }
    assert table.row("Totaal") == {**table.row("1e kwartaal 2026"), "label": "Totaal"}


def test_pause_days_before_the_first_conversation():
    from eenplan.stats.figures import percentile, trajectories

    found, _ = trajectories(small_caseload(), FLOWS, today=TODAY, start=START, end=END)
    assert sorted(t.paused_days for t in found if t.paused_days) == [10]  # 10 to 19 February
    assert [percentile([5, 1, 3, 2, 4], p) for p in (50, 75, 90, 100)] == [3, 4, 5, 5]
    assert percentile([7], 50) == 7


def test_every_report_carries_its_versioned_definition(report):
    from eenplan.stats.figures import DEFINITION_VERSION

    data = report.to_dict()
    assert data["definitie"]["versie"] == DEFINITION_VERSION
    assert data["definitie"]["klok_start"] == "Datum aanmelding"
    first = data["definitie"]["normen"]["procesbegeleiding"]["eerste_gesprek"]
    assert (first["van"], first["datum"], first["maanden"]) == ("registered_on", "perspective_on", 1)
    assert DEFINITION_VERSION in report.definitions[0]


def test_an_unreadable_date_leaves_the_row_out_and_counts_it_so(tmp_path):
    """No silent all-clear: a perspectiefgesprek typed as "10/15/2026" is not a family still
    waiting; the row is left out of every figure and counted under Niet meegeteld."""
    from eenplan.sheets.reader import read_caseload
    from tests.builders import CaseloadBuilder

    book = CaseloadBuilder()
    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 1, 5), perspective_on=D(2026, 1, 20))
    book.dossier("2026-007", registered_on=D(2026, 1, 5), perspective_on="10/15/2026")
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    report = figures(caseload, FLOWS, start=START, end=END, today=TODAY, intern=True)
    assert report.table("per_maand").row(TOTAL)["aanmeldingen"] == 6
    assert report.table("niet_meegeteld").rows[0][1] == 1



@pytest.mark.parametrize("wrong", [
    {"perspective": D(2027, 1, 20)},  # a year typed wrong: after today
    {"perspective": D(2025, 1, 20)},  # a year typed wrong: before the aanmelding
    {"perspective": D(2026, 1, 20), "plan": D(2026, 5, 1)},  # a plan after today
    {"closed": D(2025, 12, 20), "reason": "Gezin stopt zelf"},  # closed before the aanmelding
    {"perspective": D(2026, 3, 20), "closed": D(2026, 3, 1),  # closed before the conversation
     "reason": "Doelen bereikt"},
])
def test_a_date_after_today_or_before_the_aanmelding_leaves_the_row_out(wrong):
    """A conversation after today is not a late one with a wait that never was, and one before
    the aanmelding is not on time: the row is left out of every figure, counted as such, and the
    report is not called ready for the steering group."""
    from eenplan.stats.writers import written_summary

    good = [dossier(number, D(2026, 1, 5), perspective=D(2026, 1, 20)) for number in range(1, 7)]
    rows = (*good, dossier(7, D(2026, 1, 5), **wrong))
    report = figures(Caseload(workbook="c", dossiers=rows, lists=LISTS), FLOWS, start=START,
                     end=END, today=TODAY, intern=True)
    assert report.table("per_maand").row(TOTAL) == {
        "label": TOTAL, "aanmeldingen": 6, "binnen_norm": 6, "te_laat": 0, "wacht_nog": 0,
        "zonder_gesprek": 0, "pct_binnen_norm": 100.0, "pct_wacht_nog": 0.0, "mediaan_dagen": 15}
    bands = report.table("verdeling_dagen")
    assert bands.row(TOTAL)["gezinnen"] == 6 and bands.row("15 tot 21 dagen")["gezinnen"] == 6
    assert report.table("wachttijd").row(TOTAL)["p90"] == 15
    assert report.table("afgesloten").row(TOTAL)["afgesloten"] == 0
    assert report.left_out == 1 and report.table("niet_meegeteld").rows[0][1] == 1
    steering = figures(Caseload(workbook="c", dossiers=rows, lists=LISTS), FLOWS, start=START,
                       end=END, today=TODAY)
    assert steering.left_out == 1 and steering.cautions(exact=False)
    assert "stuurgroep" not in written_summary(steering, "x.xlsx")


def test_rows_left_out_are_said_where_the_report_is_announced(tmp_path, runner):
    """The table in the report is suppressed for the steering group ("<5"); the team that makes
    the report hears the exact number, and the report is not called ready to send."""
    from eenplan.cli import cli
    from eenplan.stats.regional import aggregates, combine
    from eenplan.stats.writers import written_summary
    from tests.builders import CaseloadBuilder

    book = CaseloadBuilder()
    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 1, 5), perspective_on=D(2026, 1, 20))
    book.dossier("2026-007", registered_on=D(2026, 1, 5), perspective_on="10/15/2026")
    book.dossier("2026-008", registered_on=D(2026, 1, 5), flow="gezinscoaching")
    book.dossier("2026-009", registered_on=D(2026, 1, 5), closed_on=D(2027, 1, 5))  # a year typed wrong
    path = book.save(tmp_path / "Caseload.xlsx")
    from eenplan.sheets.reader import read_caseload

    caseload = read_caseload(path)
    report = figures(caseload, FLOWS, start=START, end=END, today=TODAY)
    assert report.left_out == 3 and report.table("niet_meegeteld").rows[0][1] == "<5"
    assert "3 dossierrijen" in written_summary(report, "x.xlsx")
    complete = figures(read_caseload(CaseloadBuilder().dossier(registered_on=D(2026, 1, 5)).save(
                       tmp_path / "Goed.xlsx")),
                       FLOWS, start=START, end=END, today=TODAY)
    assert complete.left_out == 0 and "stuurgroep" in written_summary(complete, "x.xlsx")
    assert "stuurgroep" not in written_summary(report, "x.xlsx")
    # the region file carries the number, and the partnership's report adds it up
    region = aggregates(caseload, FLOWS, start=START, end=END, today=TODAY, team="Noord")
    assert region["niet_meegeteld"] == 3
    together = combine([("a", region), ("b", {**region, "team": "Zuid"})], today=TODAY)
    assert together.left_out == 6
    # the partnership has no workbook to look in: it is sent to the teams
    said = " ".join(written_summary(together, "x.xlsx").split())
    assert "6 dossierrijen" in said and "werkmap van het team" not in said and "Vraag de teams" in said
    assert "Elk team kan de zijne" in together.table("niet_meegeteld").intro
    # a region file from before eenplan said it is not read as "none left out"
    older = {key: value for key, value in region.items() if key != "niet_meegeteld"}
    unsure = combine([("a", {**region, "niet_meegeteld": 0}), ("b", {**older, "team": "Zuid"})],
                     today=TODAY)
    assert unsure.left_out == 0 and unsure.left_out_unknown == ("Zuid",)
    assert "Zuid" in unsure.table("niet_meegeteld").intro
    said = written_summary(unsure, "x.xlsx")
    assert "Zuid" in said and "stuurgroep" not in said
    sure = combine([("a", {**region, "niet_meegeteld": 0}), ("b", {**region, "team": "Zuid",
                                                                   "niet_meegeteld": 0})], today=TODAY)
    assert sure.left_out_unknown == () and "stuurgroep" in written_summary(sure, "x.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(path), "--voor-regio",
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0 and "3 dossierrijen" in result.output


def test_a_dossier_number_on_two_rows_leaves_both_out():
    """2026-900 typed on two rows (the second " 2026-900" in capitals elsewhere would be the same
    number): counted, it would be two trajectories, two running for An, two registrations. Which
    row is the family's cannot be told: both are left out, and said so."""
    import dataclasses

    base = small_caseload()
    twice = [dataclasses.replace(dossier(900 + n, D(2026, 2, 2), perspective=D(2026, 2, 12),
                                         begeleider="An Claes", municipality="Essen"), id=number)
             for n, number in enumerate(["2026-900", " 2026-900 "])]
    doubled = dataclasses.replace(base, dossiers=(*base.dossiers, *twice))
    before = figures(base, FLOWS, start=START, end=END, today=TODAY, intern=True)
    after = figures(doubled, FLOWS, start=START, end=END, today=TODAY, intern=True)
    assert (before.left_out, after.left_out) == (0, 2)
    for key in ("per_maand", "caseload", "afgesloten", "verdeling_dagen"):
        assert after.table(key).rows == before.table(key).rows, key
    assert after.table("niet_meegeteld").rows == (("Niet meegeteld", 2),)
    assert "meer dan één rij" in after.table("niet_meegeteld").intro


def test_two_numbers_that_share_a_folder_leave_both_out():
    """2026/931 and 2026-931 are one folder in out/, so one number as eenplan counts it (as
    `eenplan check` says, shared-folder): which family each row of the other sheets is about
    cannot be told. Both rows are left out, as for a number typed twice."""
    import dataclasses

    base = small_caseload()
    two = [dataclasses.replace(dossier(900 + n, D(2026, 2, 2), perspective=D(2026, 2, 12),
                                       begeleider="An Claes", municipality="Essen"), id=number)
           for n, number in enumerate(["2026-931", "2026/931"])]
    shared = dataclasses.replace(base, dossiers=(*base.dossiers, *two))
    before = figures(base, FLOWS, start=START, end=END, today=TODAY, intern=True)
    after = figures(shared, FLOWS, start=START, end=END, today=TODAY, intern=True)
    assert (before.left_out, after.left_out) == (0, 2)
    for key in ("per_maand", "caseload", "afgesloten", "verdeling_dagen"):
        assert after.table(key).rows == before.table(key).rows, key
    assert after.table("niet_meegeteld").rows == (("Niet meegeteld", 2),)


def test_one_begeleider_typed_with_a_double_space_is_one_row():
    rows = [dossier(n, D(2026, 1, 5), perspective=D(2026, 1, 20), begeleider=name)
            for n, name in enumerate(["An Claes"] * 3 + ["An  Claes", "an claes "], start=1)]
    report = figures(Caseload(workbook="c", dossiers=tuple(rows), lists=LISTS), FLOWS, start=START,
                     end=END, today=TODAY, intern=True)
    labels = [row[0] for row in report.table("caseload").rows]
    assert labels == ["Alle lopende trajecten", "Nog geen begeleider", "An Claes"]


def test_a_pause_from_the_registration_day_counts_as_the_overdue_list_counts_it():
    """Two families registered on 2 March, each paused 10 days (Tot - Van + 1), one from the
    registration day itself, one from the day after, both with their conversation on 12 April:
    both waited 31 days without pauses, so both are within the one-month norm, in the
    statistics as on the overdue list (the deadline engine once left the registration day out)."""
    registered, talked = D(2026, 3, 2), D(2026, 4, 12)
    rows = (dossier(1, registered, perspective=talked), dossier(2, registered, perspective=talked))
    pauses = (Pause(2, rows[0].id, D(2026, 3, 2), D(2026, 3, 11), "Ziekenhuis"),
              Pause(3, rows[1].id, D(2026, 3, 3), D(2026, 3, 12), "Ziekenhuis"))
    caseload = Caseload(workbook="Caseload.xlsx", dossiers=rows, pauses=pauses, lists=LISTS)
    month = figures(caseload, FLOWS, start=D(2026, 3, 1), end=D(2026, 3, 31), today=D(2026, 5, 1),
                    intern=True).table("per_maand").row("maart 2026")
    assert (month["binnen_norm"], month["te_laat"]) == (2, 0)


def test_a_month_the_period_ends_in_is_labelled_by_the_day_it_is_counted_on():
    """A period to 10 March counts March's running trajectories on 10 March: the column said
    "mrt 2026" under "op de laatste dag van de maand"; it names the day, and the intro says so."""
    cut = figures(small_caseload(), FLOWS, start=START, end=D(2026, 3, 10), today=TODAY).table("caseload")
    assert [c.label for c in cut.columns[1:]] == ["jan 2026", "feb 2026", "10 mrt 2026"]
    assert "10 maart 2026" in cut.intro
    whole = figures(small_caseload(), FLOWS, start=START, end=END, today=TODAY).table("caseload")
    assert [c.label for c in whole.columns[1:]] == ["jan 2026", "feb 2026", "mrt 2026"]
    assert "31 maart 2026" not in whole.intro


def test_the_headline_says_of_the_closed_trajectories_what_the_table_shows():
    """The table shows 20 closed within the duration norm and hides the share; the headline said
    "binnen de duurnorm: x". It says the count the table shows, and no figure the table hides."""
    import re

    from eenplan.stats.writers import summary, text

    report = figures(closed_by_flow(20, 6, 0, 0, 1), FLOWS, start=START, end=END, today=TODAY)
    closed = report.table("afgesloten")
    total = closed.row(TOTAL)
    assert total["binnen_duurnorm"] == 20 and total["pct_binnen_duurnorm"] == HIDDEN
    said = summary(report)
    assert "binnen de duurnorm: 20 " in said[1]
    shown = {number for table in (report.table("per_maand"), closed)
             for value, column in zip(table.row(TOTAL).values(), table.columns, strict=True)
             for number in re.findall(r"\d+(?:,\d+)?", text(value, column.kind))}
    assert set(re.findall(r"\d+(?:,\d+)?", " ".join(said))) <= shown
