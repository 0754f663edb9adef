"""Agreements that run late and evaluations that did not happen: in `overdue` (their own kind),
in Achterstand.xlsx, and as `check` findings where eenplan cannot judge them."""

from __future__ import annotations

import datetime
import json

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.errors import ConfigError
from eenplan.flows import load_flows
from eenplan.flows.deadlines import Status
from eenplan.flows.loader import parse_flow
from eenplan.flows.overdue import overdue_items, overdue_table
from tests.conftest import TODAY, check_book  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def items_of(book, tmp_path, kind=None, flows=None, **kwargs):
    from eenplan.sheets.reader import read_caseload

    path = book.save(tmp_path / "Caseload.xlsx")
    items = overdue_items(read_caseload(path), flows or load_flows(), today=TODAY, **kwargs)
    return [i for i in items if kind is None or i.kind == kind]


def open_dossier(book, number="2026-001", **cells):
    # perspectiefgesprek done, afsluiting far ahead: the steps have nothing to say
    book.dossier(number, begeleider="An Claes", registered_on=D(2026, 10, 1),
                 perspective_on=D(2026, 10, 20), **cells)


# -- agreements --------------------------------------------------------------------------------


def test_an_agreement_past_its_date_and_not_done_is_overdue(book, tmp_path):
    open_dossier(book)
    book.round_table("2026-001", date=D(2026, 10, 20), next_date=D(2027, 1, 20))
    book.agreement("2026-001", round_table=D(2026, 10, 20), domain="Onderwijs", action="Gesprek met juf",
                   who="Mama", due=D(2026, 11, 10), status="lopend")  # 13 days late
    book.agreement("2026-001", round_table=D(2026, 10, 20), domain="Wonen", who="Papa",
                   due=D(2026, 11, 1), status="klaar")  # done: never late
    book.agreement("2026-001", round_table=D(2026, 10, 20), domain="Gezondheid", who="Oma",
                   due=D(2026, 11, 30), status="open")  # in 7 days: due soon
    book.agreement("2026-001", round_table=D(2026, 10, 20), domain="Opvoeding", who="Mama",
                   due=D(2026, 12, 31))  # far ahead: not listed
    items = items_of(book, tmp_path)
    assert [(i.kind, i.status, i.due, i.days_overdue, i.life_domain, i.responsible) for i in items] == [
        ("afspraak", Status.OVERDUE, D(2026, 11, 10), 13, "Onderwijs", "Mama"),
        ("afspraak", Status.DUE_SOON, D(2026, 11, 30), -7, "Gezondheid", "Oma"),
    ]
    assert items[0].begeleider == "An Claes" and items[0].action == "Gesprek met juf"
    assert items[0].cell == "Afspraken!H2" and items[0].start == D(2026, 10, 20)


def test_a_closed_dossiers_agreements_are_never_overdue(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2026, 1, 5), perspective_on=D(2026, 1, 20),
                 begeleider="An Claes", closed_on=D(2026, 5, 1), closure_reason="Doelen bereikt")
    book.round_table("2026-001", date=D(2026, 2, 1), next_date=D(2026, 4, 1))
    book.agreement("2026-001", round_table=D(2026, 2, 1), due=D(2026, 3, 1), status="open")
    assert items_of(book, tmp_path) == []


def test_a_running_pause_shows_late_agreements_as_paused(book, tmp_path):
    open_dossier(book)
    book.pause("2026-001", start=D(2026, 11, 15))
    book.agreement("2026-001", due=D(2026, 11, 10), status="open")
    [item] = items_of(book, tmp_path, kind="afspraak")
    assert item.status is Status.PAUSED and item.paused_since == D(2026, 11, 15)


def test_soon_sets_the_agreements_window_too(book, tmp_path):
    open_dossier(book)
    book.agreement("2026-001", due=D(2026, 12, 10), status="open")  # in 17 days
    assert items_of(book, tmp_path, kind="afspraak") == []
    [item] = items_of(book, tmp_path, kind="afspraak", soon=20)
    assert item.status is Status.DUE_SOON


def test_an_unreadable_date_or_status_is_not_judged_and_never_dropped(book, tmp_path):
    open_dossier(book)
    book.agreement("2026-001", due="31/02/2026", status="open")  # impossible date
    book.agreement("2026-001", due=D(2026, 11, 1), status="gedaan")  # a Status no one knows
    items = items_of(book, tmp_path, kind="afspraak")
    assert sorted((i.status, i.cell, i.due or D.min) for i in items) == [
        (Status.UNKNOWN, "Afspraken!H2", D.min), (Status.UNKNOWN, "Afspraken!I3", D(2026, 11, 1)),
    ]
    assert all(i.reason for i in items)
    report = check_book(book, tmp_path)
    assert {(f.code, f.cell) for f in report.findings} >= {("impossible-date", "H2"),
                                                           ("invalid-choice", "I3")}


def test_an_agreement_without_a_date_is_a_check_finding_not_an_item(book, tmp_path):
    open_dossier(book)
    book.agreement("2026-001", who="Mama", status="open")
    book.agreement("2026-001", status="klaar")  # done: needs no date
    assert items_of(book, tmp_path, kind="afspraak") == []
    report = check_book(book, tmp_path)
    assert [(f.code, f.cell, f.severity) for f in report.findings] == [
        ("agreement-without-date", "H2", "warning")]


def test_overdue_json_table_and_exit_code(runner, book, tmp_path):
    open_dossier(book)
    book.agreement("2026-001", domain="Onderwijs", action="Gesprek met juf", who="Mama",
                   due=D(2026, 11, 10), status="open")
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.output)["items"]
    assert item | {"family": ""} == {
        "dossier": "2026-001", "family": "", "begeleider": "An Claes", "flow": "procesbegeleiding",
        "step": "afspraak", "start": None, "due": "2026-11-10", "status": "overdue",
        "days_overdue": 13, "kind": "afspraak", "life_domain": "Onderwijs", "who": "Mama",
        "action": "Gesprek met juf", "cell": "Afspraken!H2",
    }
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "Afspraak" in result.output
    assert "tegen 10/11/2026, Onderwijs, wie: Mama, Gesprek met juf" in result.output


def test_what_cannot_be_judged_makes_overdue_exit_1(runner, book, tmp_path):
    open_dossier(book)
    book.agreement("2026-001", due="31/02/2026", status="open")
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 1, result.output
    assert "niet te beoordelen" in result.output and "Afspraken!H2" in result.output


def test_the_xlsx_lists_agreements_with_life_domain_and_who(runner, book, tmp_path):
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    open_dossier(book)
    book.agreement("2026-001", domain="Onderwijs", action="Gesprek met juf", who="Mama",
                   due=D(2026, 11, 10), status="open")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "rapporten" / "Achterstand.xlsx")["An Claes"]
    row = {sheet.cell(1, c).value: sheet.cell(2, c).value for c in range(1, sheet.max_column + 1)}
    assert (row["Stap"], row["Norm"], row["Stand"], row["Dagen"], row["Levensdomein"],
            row["Wie"]) == ("Afspraak", "Gesprek met juf", "te laat", "13 dagen te laat", "Onderwijs", "Mama")


# -- evaluations -------------------------------------------------------------------------------


def test_a_passed_next_date_without_a_later_round_table_is_an_overdue_evaluation(book, tmp_path):
    open_dossier(book, "2026-001")
    book.round_table("2026-001", date=D(2026, 10, 5), next_date=D(2026, 11, 16))  # 7 days late
    open_dossier(book, "2026-002")
    book.round_table("2026-002", date=D(2026, 9, 1), next_date=D(2026, 10, 1))
    book.round_table("2026-002", date=D(2026, 10, 3), next_date=D(2027, 1, 5))  # held: fine
    open_dossier(book, "2026-003")
    book.round_table("2026-003", date=D(2026, 10, 5), next_date=D(2026, 11, 1))
    book.round_table("2026-003", date=D(2026, 11, 27))  # late, but planned: not overdue
    open_dossier(book, "2026-004")
    book.round_table("2026-004", date=D(2026, 10, 5), next_date=D(2026, 11, 25))  # due soon
    items = items_of(book, tmp_path, kind="evaluatie")
    assert [(i.dossier, i.status, i.start, i.due, i.days_overdue, i.cell) for i in items] == [
        ("2026-001", Status.OVERDUE, D(2026, 10, 5), D(2026, 11, 16), 7, "Rondetafels!H2"),
        ("2026-004", Status.DUE_SOON, D(2026, 10, 5), D(2026, 11, 25), -2, "Rondetafels!H7"),
    ]


def test_a_next_date_before_its_round_table_is_a_finding_and_not_judged(book, tmp_path):
    open_dossier(book)
    book.round_table("2026-001", date=D(2026, 10, 5), next_date=D(2026, 9, 5))
    [item] = items_of(book, tmp_path, kind="evaluatie")
    assert item.status is Status.UNKNOWN and item.cell == "Rondetafels!H2"
    report = check_book(book, tmp_path)
    assert [(f.code, f.cell) for f in report.findings] == [("next-date-before-round-table", "H2")]


def test_a_flow_may_set_a_default_evaluation_interval(book, tmp_path):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "procesbegeleiding.toml").write_text(
        (load_flows.__globals__["DEFAULTS"] / "procesbegeleiding.toml").read_text(encoding="utf-8")
        + "\n[evaluatie]\nmaanden = 1\nwaarschuwen = 5\n", encoding="utf-8")
    flows = load_flows(tmp_path / "flows")
    assert flows["procesbegeleiding"].evaluation.months == 1
    open_dossier(book)
    book.round_table("2026-001", date=D(2026, 10, 5))  # no Volgende datum: due 05/11
    [item] = items_of(book, tmp_path, kind="evaluatie", flows=flows)
    assert (item.status, item.due, item.norm) == (Status.OVERDUE, D(2026, 11, 5),
                                                  "binnen 1 maand na de rondetafel")
    # without the interval, such a round-table has no evaluation date
    assert items_of(book, tmp_path, kind="evaluatie") == []


@pytest.mark.parametrize("table", [
    "[evaluatie]\nmaanden = 1\ndagen = 3\n",
    "[evaluatie]\nweken = 4\n",
    "[evaluatie]\nmaanden = -1\n",
    "[evaluatie]\n",
    "evaluatie = 3\n",
])
def test_a_bad_evaluation_interval_is_refused_at_load(table):
    import tomllib

    with pytest.raises(ConfigError) as caught:
        parse_flow(tomllib.loads(table), name="x", source="flows/x.toml")
    assert "evaluatie" in str(caught.value) and "flows/x.toml" in str(caught.value)


def test_the_table_shows_an_evaluation(book, tmp_path):
    open_dossier(book)
    book.round_table("2026-001", date=D(2026, 10, 5), next_date=D(2026, 11, 16))
    items = items_of(book, tmp_path)
    text = overdue_table(items, today=TODAY)
    assert "Evaluatie" in text and "7 dagen te laat" in text


# -- the digest --------------------------------------------------------------------------------


def test_the_digest_gives_agreements_and_evaluations_a_line_per_begeleider(book, tmp_path):
    from eenplan.flows.digest import digest_counts, digest_text

    open_dossier(book, "2026-001")
    book.agreement("2026-001", domain="Onderwijs", action="Gesprek met juf", who="Mama",
                   due=D(2026, 11, 10), status="open")
    book.agreement("2026-001", due=D(2026, 11, 27), status="open")
    book.round_table("2026-001", date=D(2026, 10, 5), next_date=D(2026, 11, 16))
    book.dossier("2026-002", begeleider="Bart Peeters", registered_on=D(2026, 10, 1))  # step late
    counts = digest_counts(items_of(book, tmp_path))
    assert counts["begeleiders"] == {"Bart Peeters": [1, 0, 0]}
    assert counts["agreements"] == {"An Claes": [1, 1, 0]}
    assert counts["evaluations"] == {"An Claes": [1, 0, 0]}
    assert (counts["overdue"], counts["due_soon"]) == (3, 1)
    text = digest_text(counts, None, today=TODAY, team_name="Team Test", week="2026-W48").text
    table = [line.split() for line in text.splitlines()]
    assert ["An", "Claes", "0", "0", "0"] in table
    assert ["afspraken", "1", "1", "0"] in table and ["evaluaties", "1", "0", "0"] in table
    assert "Gesprek met juf" not in text and "Mama" not in text  # the mail names no one
    # next week: the change per line
    again = digest_text(counts, counts, today=TODAY, team_name="Team Test", week="2026-W48").text
    assert ["afspraken", "1", "(=)", "1", "(=)", "0", "(=)"] in [line.split() for line in again.splitlines()]
