"""An agreement taken up again at a later round-table is one agreement, in its latest version:
the plan and the report show it so, and `overdue` (its list, JSON, Achterstand.xlsx, the digest,
the begeleiders' weeks) judges it so. The testers' case: agreed on 15/10 against 15/11, agreed
again on 10/12 against 15/01/2027; on 14/12 the old row was "29 dagen te laat"."""

from __future__ import annotations

import datetime
import json

import openpyxl

from eenplan.cli import cli
from eenplan.docx_templates.context import Datum, plan_context
from eenplan.flows import load_flows
from eenplan.flows.agreements import agreed_again, each_once, plan_agreements
from eenplan.flows.deadlines import Status
from eenplan.flows.digest import digest_counts
from eenplan.flows.overdue import overdue_items
from eenplan.flows.week import begeleider_weeks
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import Agreement
from tests.conftest import check_book, found
from tests.test_render import SETTINGS

D = datetime.date
FIRST, AGAIN = D(2026, 10, 15), D(2026, 12, 10)  # the two round-tables
AFTER = D(2026, 12, 14)  # the testers' --as-of
HOUSE = dict(domain="Wonen", goal="Een sociale woning", action="Inschrijven bij de huisvestingsmaatschappij",
             who="Mama", support="Bart")


def family(book, *rows):
    """Dossier 2026-001 (open, its steps on time) with the two round-tables and these agreements."""
    book.dossier("2026-001", begeleider="Bart Peeters", registered_on=D(2026, 9, 1),
                 perspective_on=D(2026, 9, 20))
    book.round_table("2026-001", date=FIRST, next_date=AGAIN)
    book.round_table("2026-001", date=AGAIN, next_date=D(2027, 1, 14))
    for cells in rows:
        book.agreement("2026-001", **cells)
    return book


def agreement_items(book, tmp_path, today=AFTER):
    path = book.save(tmp_path / "Caseload.xlsx")
    return [i for i in overdue_items(read_caseload(path), load_flows(), today=today)
            if i.kind == "afspraak"]


def old_and_new(**new):
    """Row 2: agreed on 15/10 against 15/11, open. Row 3: the same, agreed again on 10/12."""
    return ({**HOUSE, "round_table": FIRST, "due": D(2026, 11, 15), "status": "open"},
            {**HOUSE, "round_table": AGAIN, "due": D(2027, 1, 15), "status": "lopend", **new})


def test_the_older_version_of_an_agreement_agreed_again_is_not_late(runner, book, tmp_path):
    path = family(book, *old_and_new()).save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json",
                                 "--as-of", AFTER.isoformat()])
    assert result.exit_code == 0, result.output
    assert [i for i in json.loads(result.output)["items"] if i["kind"] == "afspraak"] == []
    # the new version is judged against its own date: late after 15/01/2027, from its own cell
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json",
                                 "--as-of", "2027-01-20"])
    [item] = [i for i in json.loads(result.output)["items"] if i["kind"] == "afspraak"]
    assert (item["cell"], item["due"], item["start"], item["status"], item["days_overdue"]) == (
        "Afspraken!H3", "2027-01-15", "2026-12-10", "overdue", 5)


def test_before_it_was_agreed_again_the_older_version_was_late(book, tmp_path):
    # --as-of reproduces the list of that day: on 20/11 the round-table of 10/12 had not been
    [item] = agreement_items(family(book, *old_and_new()), tmp_path, today=D(2026, 11, 20))
    assert (item.cell, item.status, item.days_overdue) == ("Afspraken!H2", Status.OVERDUE, 5)


def test_the_latest_version_done_leaves_nothing_late(book, tmp_path):
    assert agreement_items(family(book, *old_and_new(status="klaar")), tmp_path) == []


def test_agreed_again_with_another_wie_is_another_agreement(book, tmp_path):
    # one agreement is the same Levensdomein, Doel, Actie and Wie: Papa's is a new one
    items = agreement_items(family(book, *old_and_new(who="Papa")), tmp_path)
    assert [(i.cell, i.status, i.responsible) for i in items] == [
        ("Afspraken!H2", Status.OVERDUE, "Mama")]


def test_case_and_spaces_do_not_make_another_agreement(book, tmp_path):
    shouted = {"action": "  inschrijven bij de  HUISVESTINGSMAATSCHAPPIJ ", "who": "mama"}
    assert agreement_items(family(book, *old_and_new(**shouted)), tmp_path) == []


def test_an_older_row_without_a_round_table_is_replaced_by_the_dated_one(book, tmp_path):
    old, new = old_and_new()
    assert agreement_items(family(book, {**old, "round_table": None}, new), tmp_path) == []


def test_two_rows_at_the_same_round_table_count_once_the_lower_standing(book, tmp_path):
    old, new = old_and_new()
    items = agreement_items(family(book, old, {**new, "round_table": FIRST}), tmp_path,
                            today=D(2027, 1, 20))
    assert [(i.cell, i.due) for i in items] == [("Afspraken!H3", D(2027, 1, 15))]


def test_a_version_made_after_today_replaces_nothing_yet(book, tmp_path):
    old, new = old_and_new()
    later = {**new, "round_table": D(2027, 2, 1), "due": D(2027, 3, 1)}
    [item] = agreement_items(family(book, old, later), tmp_path)
    assert item.cell == "Afspraken!H2" and item.status is Status.OVERDUE


def test_rows_that_name_nothing_are_each_their_own(book, tmp_path):
    # no Levensdomein, Doel, Actie or Wie: nothing says the one is the other; both are late
    items = agreement_items(family(book, {"round_table": FIRST, "due": D(2026, 11, 15), "status": "open"},
                                   {"round_table": AGAIN, "due": D(2026, 12, 12), "status": "open"}),
                            tmp_path)
    assert sorted(i.cell for i in items) == ["Afspraken!H2", "Afspraken!H3"]


def test_an_unreadable_round_table_of_an_agreement_held_twice_is_not_judged(runner, book, tmp_path):
    old, new = old_and_new()
    path = family(book, old, {**new, "round_table": "31/02/2026"}).save(tmp_path / "Caseload.xlsx")
    items = [i for i in overdue_items(read_caseload(path), load_flows(), today=AFTER)
             if i.kind == "afspraak"]
    # which row is the latest is not known: the one is not judged, the other stands on its own
    assert sorted((i.cell, i.status) for i in items) == [
        ("Afspraken!B3", Status.UNKNOWN), ("Afspraken!H2", Status.OVERDUE)]
    assert all(i.reason for i in items if i.status is Status.UNKNOWN)
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--as-of", AFTER.isoformat()])
    assert result.exit_code == 1, result.output


def test_an_unreadable_round_table_of_a_single_agreement_changes_nothing(book, tmp_path):
    old, _ = old_and_new()
    [item] = agreement_items(family(book, {**old, "round_table": "31/02/2026"}), tmp_path)
    assert (item.cell, item.status) == ("Afspraken!H2", Status.OVERDUE)


def test_the_digest_the_weeks_and_achterstand_leave_the_older_version_out(runner, book, tmp_path):
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    # beside the testers' agreement, one that is late in its only version
    late = {"round_table": AGAIN, "domain": "Onderwijs", "action": "Gesprek met juf", "who": "Papa",
            "due": D(2026, 12, 12), "status": "open"}
    family(book, *old_and_new(), late).save(tmp_path / "Caseload.xlsx")
    caseload = read_caseload(tmp_path / "Caseload.xlsx")
    items = overdue_items(caseload, load_flows(), today=AFTER)
    assert digest_counts(items)["agreements"] == {"Bart Peeters": [1, 0, 0]}
    [week] = begeleider_weeks(caseload, items, today=AFTER)
    assert [i.cell for i in week.items if i.kind == "afspraak"] == ["Afspraken!H4"]
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "xlsx",
                                 "--as-of", AFTER.isoformat()])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "rapporten" / "Achterstand.xlsx")["Bart Peeters"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Wie")
    assert [r[column] for r in rows[1:] if r[column]] == ["Papa"]


# -- one definition: the documents' and overdue's ---------------------------------------------


def test_overdue_judges_exactly_the_agreements_the_plan_of_today_shows(book, tmp_path):
    old, new = old_and_new(due=D(2026, 12, 12), status="open")  # the new version is late too
    papa = {**old, "who": "Papa"}  # another agreement, late in its only version
    undated = {**HOUSE, "goal": "Meer ruimte", "round_table": None, "due": D(2026, 11, 1), "status": "open"}
    taken_up = {**undated, "round_table": FIRST, "due": D(2026, 12, 1)}
    done = {**HOUSE, "domain": "Gezondheid", "round_table": FIRST, "due": D(2026, 11, 1), "status": "open"}
    done_again = {**done, "round_table": AGAIN, "status": "klaar"}
    path = family(book, old, papa, undated, new, taken_up, done, done_again).save(tmp_path / "Caseload.xlsx")
    caseload = read_caseload(path)
    dossier = caseload.dossier("2026-001")
    plan = plan_context(SETTINGS, dossier, [], caseload.round_tables_of("2026-001"),
                        caseload.agreements_of("2026-001"), today=AFTER)
    late_in_plan = sorted((a["actie"], a["wie"], str(a["tegen_wanneer"])) for d in plan["levensdomeinen"]
                          for a in d["afspraken"] if a["te_laat"])
    items = [i for i in overdue_items(caseload, load_flows(), today=AFTER) if i.kind == "afspraak"]
    late_in_list = sorted((i.action, i.responsible, str(Datum.of(i.due))) for i in items)
    assert late_in_list == late_in_plan
    assert sorted(i.cell for i in items) == ["Afspraken!H3", "Afspraken!H5", "Afspraken!H6"]


def _agreement(row: int, made: datetime.date | None, who: str = "Mama") -> Agreement:
    return Agreement(row=row, dossier="2026-001", round_table=made, domain="Wonen", goal="Woning",
                     action="Inschrijven", who=who, support="", due=D(2026, 11, 15), status="open")


def test_agreed_again_is_what_the_plan_of_that_day_leaves_out():
    rows = [_agreement(2, FIRST), _agreement(3, None), _agreement(4, AGAIN), _agreement(5, FIRST, "Papa"),
            _agreement(6, D(2027, 1, 5))]
    assert agreed_again(rows, today=AFTER) == {2, 3}
    made = [a for a in rows if a.round_table is None or a.round_table <= AFTER]
    assert {a.row for a in made} - {a.row for a in plan_agreements(rows, plan_day=AFTER)} == {2, 3}
    assert [a.row for a in each_once(rows)] == [6, 5]  # on no day: the latest of each


def test_a_plan_keeps_each_row_that_names_nothing():
    # two rows with only a date: nothing says the later replaces the earlier, so both stay
    nameless = [Agreement(row=row, dossier="2026-001", round_table=made, domain="", goal="", action="",
                          who="", support="", due=D(2026, 11, 15), status="open")
                for row, made in ((2, FIRST), (3, AGAIN))]
    assert [a.row for a in plan_agreements(nameless, plan_day=AFTER)] == [2, 3]


# -- check: a replaced row needs no Tegen wanneer ----------------------------------------------


def test_check_asks_no_date_of_a_row_a_later_version_replaces(book, tmp_path):
    # agreed on 15/10 without a date, agreed again on 10/12 against 15/01/2027: the old row is
    # the past; filling it in, or setting it to "klaar", would change nothing
    old, new = old_and_new()
    family(book, {**old, "due": None}, new, {**HOUSE, "who": "Papa", "round_table": FIRST, "status": "open"})
    report = check_book(book, tmp_path, today=AFTER)
    assert found(report, "agreement-without-date") == [("Afspraken", "H4")]


def test_check_asks_a_date_of_the_latest_version_and_of_one_not_yet_replaced(book, tmp_path):
    old, new = old_and_new()
    family(book, {**old, "due": None}, {**new, "due": None})
    assert found(check_book(book, tmp_path, today=AFTER), "agreement-without-date") == [("Afspraken", "H3")]
    # before the round-table of 10/12 the row of 15/10 is the one that counts
    assert found(check_book(book, tmp_path, today=D(2026, 11, 20)), "agreement-without-date") == [
        ("Afspraken", "H2"), ("Afspraken", "H3")]


def test_check_asks_who_takes_on_an_open_agreement_but_not_of_a_replaced_row(book, tmp_path):
    """An open agreement with Wie empty leaves an empty cell in the plan and the report (and a
    "we" in the children's plan): `check` asks for it; of a done one, or a row a later version
    of the same agreement replaces, it asks nothing."""
    old, new = old_and_new()
    nobody = {**HOUSE, "who": "", "goal": "Rust in huis", "round_table": AGAIN, "due": D(2027, 1, 10),
              "status": "open"}
    done = {**nobody, "goal": "Een fiets", "status": "klaar"}
    family(book, old, new, nobody, done)
    assert found(check_book(book, tmp_path, today=AFTER), "agreement-without-who") == [("Afspraken", "F4")]
