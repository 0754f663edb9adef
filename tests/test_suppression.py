"""The suppression rules on counts built by hand."""

from __future__ import annotations

from eenplan.stats.suppression import SUPPRESSED, Ledger


def test_every_count_under_five_is_hidden_zero_too():
    ledger = Ledger()
    cells = [ledger.count(range(100 * n, 101 * n)) for n in (0, 1, 4, 5, 9)]
    assert [ledger.shown(c) for c in cells] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, 5, 9]


def test_a_total_never_gives_one_hidden_part_away():
    ledger = Ledger()
    total = ledger.count(range(30))
    parts = [ledger.count(range(0, 3)), ledger.count(range(3, 10)), ledger.count(range(10, 30))]
    ledger.adds_up(total, parts)
    # 30 - 7 - 20 would be the 3: the smallest shown part (7) goes too
    assert [ledger.shown(c) for c in (total, *parts)] == [30, SUPPRESSED, SUPPRESSED, 20]


def test_hidden_parts_must_hide_five_families_together():
    ledger = Ledger()
    total = ledger.count(range(20))
    parts = [ledger.count(range(0, 2)), ledger.count(range(2, 4)), ledger.count(range(4, 20))]
    ledger.adds_up(total, parts)
    # 2 and 2 hidden: 20 - 16 = 4 together, still too few
    assert [ledger.shown(c) for c in (total, *parts)] == [20, SUPPRESSED, SUPPRESSED, SUPPRESSED]


def test_a_hidden_total_needs_a_hidden_part():
    ledger = Ledger()
    total = ledger.count(range(12))
    parts = [ledger.count(range(0, 6)), ledger.count(range(6, 12))]
    ledger.adds_up(total, parts)
    grand = ledger.count(range(14))
    ledger.adds_up(grand, [total, ledger.count(range(12, 14))])
    # the 2 hides the 12, and the 12 is the sum of 6 and 6: one of them goes
    assert ledger.shown(total) == SUPPRESSED
    assert SUPPRESSED in (ledger.shown(parts[0]), ledger.shown(parts[1]))


def test_nested_totals_never_isolate_a_few():
    # 9 closed, 7 with a gezinsplan: "without a plan" would be 2
    ledger = Ledger()
    closed = ledger.count(range(9))
    plan = ledger.count(range(7))
    assert ledger.shown(closed) == 9 and ledger.shown(plan) == SUPPRESSED
    # and 12 against 5 leaves 7: both stay
    ledger = Ledger()
    a, b = ledger.count(range(12)), ledger.count(range(5))
    assert (ledger.shown(a), ledger.shown(b)) == (12, 5)
