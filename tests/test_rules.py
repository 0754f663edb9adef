"""Each check shows its finding at the right cell of a small workbook built for it."""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import check_book, found

D = datetime.date


def test_a_clean_workbook_has_no_findings(book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 20))
    book.network("2026-001", role="Buur", invite="ja", email="jan@voorbeeld.be",
                 address="Dorpsstraat 3, 2990 Wuustwezel")
    book.round_table("2026-001", time="14:00", kind="start")
    book.agreement("2026-001", round_table=D(2026, 10, 5), domain="Wonen", who="Mama", status="open",
                   due=D(2026, 12, 1))
    report = check_book(book, tmp_path)
    assert report.findings == ()
    assert report.ok


def test_required_cells(book, tmp_path):
    book.dossier("2026-001", family=None)
    book.dossier("", family="Familie Claes")
    report = check_book(book, tmp_path)
    assert found(report, "required") == [("Dossiers", "B2"), ("Dossiers", "A3")]
    assert not report.ok


def test_a_dossier_number_twice(book, tmp_path):
    book.dossier("2026-001").dossier("2026-002").dossier("2026-001 ")
    report = check_book(book, tmp_path)
    assert found(report, "duplicate-dossier") == [("Dossiers", "A4")]


@pytest.mark.parametrize(
    ("field", "value", "code", "cell"),
    [
        ("municipality", "Antwerpen", "unknown-municipality", "D2"),
        ("referrer", "Buurman", "unknown-referrer", "E2"),
        ("question", "Sport", "unknown-life-domain", "F2"),
        ("begeleider", "Onbekend", "unknown-begeleider", "G2"),
    ],
)
def test_values_must_come_from_lijsten(book, tmp_path, field, value, code, cell):
    book.dossier("2026-001", **{field: value})
    assert found(check_book(book, tmp_path), code) == [("Dossiers", cell)]


def test_list_values_match_without_case_or_spaces(book, tmp_path):
    book.dossier("2026-001", municipality="  kapellen ", question="OPVOEDING")
    assert check_book(book, tmp_path).findings == ()


def test_an_empty_list_checks_nothing(tmp_path):
    from tests.builders import CaseloadBuilder

    book = CaseloadBuilder(lists={})
    book.dossier("2026-001", municipality="Gent")
    assert found(check_book(book, tmp_path), "unknown-municipality") == []


def test_role_and_closure_reason_lists(book, tmp_path):
    book.dossier("2026-001", closed_on=D(2026, 11, 1), closure_reason="Verveeld")
    book.network("2026-001", role="Tante")
    report = check_book(book, tmp_path)
    assert found(report, "unknown-closure-reason") == [("Dossiers", "L2")]
    assert found(report, "unknown-role") == [("Netwerk", "C2")]


def test_unknown_flow(book, tmp_path):
    book.dossier("2026-001", flow="therapie")
    assert found(check_book(book, tmp_path), "unknown-flow") == [("Dossiers", "C2")]


def test_date_typed_as_text_is_read_day_first_with_a_warning(book, tmp_path):
    from eenplan.sheets.reader import read_caseload

    book.dossier("2026-001", registered_on="3/9/2026")
    path = book.save(tmp_path / "Caseload.xlsx")
    caseload = read_caseload(path)
    assert caseload.dossiers[0].registered_on == D(2026, 9, 3)
    report = check_book(book, tmp_path)
    assert found(report, "date-as-text") == [("Dossiers", "H2")]
    assert report.findings[0].severity == "warning"


@pytest.mark.parametrize("text", ["31/02/2026", "30-13-2026", "2026-02-30", "29/02/2025"])
def test_an_impossible_date_is_an_error(book, tmp_path, text):
    book.dossier("2026-001", registered_on=text)
    report = check_book(book, tmp_path)
    assert found(report, "impossible-date") == [("Dossiers", "H2")]
    assert report.findings[0].value == text


def test_text_that_is_no_date(book, tmp_path):
    book.dossier("2026-001", perspective_on="volgende week")
    assert found(check_book(book, tmp_path), "not-a-date") == [("Dossiers", "I2")]


def test_an_excel_serial_number_in_a_date_column(book, tmp_path):
    from eenplan.sheets.reader import read_caseload

    book.dossier("2026-001", registered_on=46000)
    path = book.save(tmp_path / "Caseload.xlsx")
    assert read_caseload(path).dossiers[0].registered_on == D(2025, 12, 9)
    assert found(check_book(book, tmp_path), "date-as-number") == [("Dossiers", "H2")]


def test_dates_that_cannot_lie_in_the_future(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2026, 11, 24))
    book.dossier("2026-002", registered_on=D(2026, 11, 23))  # today is fine
    book.round_table("2026-002", date=D(2026, 12, 7))  # a planned meeting is fine
    report = check_book(book, tmp_path)
    assert found(report, "date-in-future") == [("Dossiers", "H2")]


def test_dates_before_the_programme_started(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2018, 9, 30))
    book.dossier("2026-002", registered_on=D(2018, 10, 1))
    assert found(check_book(book, tmp_path), "date-before-programme") == [("Dossiers", "H2")]


def test_a_planned_date_years_ahead(book, tmp_path):
    book.dossier("2026-001")
    book.round_table("2026-001", date=D(2062, 12, 7))
    assert found(check_book(book, tmp_path), "date-far-ahead") == [("Rondetafels", "B2")]


def test_date_order_within_a_dossier(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2026, 9, 1), perspective_on=D(2026, 8, 30),
                 begeleider="An Claes")
    book.dossier("2026-002", registered_on=D(2026, 9, 1), perspective_on=D(2026, 9, 10),
                 plan_on=D(2026, 9, 5), begeleider="An Claes")
    book.dossier("2026-003", registered_on=D(2026, 9, 1), closed_on=D(2026, 8, 1),
                 closure_reason="Doorverwezen")
    report = check_book(book, tmp_path)
    assert found(report, "date-before-registration") == [("Dossiers", "I2"), ("Dossiers", "K4")]
    assert found(report, "plan-before-perspective") == [("Dossiers", "J3")]


def test_a_pause_that_ends_before_it_starts(book, tmp_path):
    book.dossier("2026-001")
    book.pause("2026-001", start=D(2026, 10, 10), end=D(2026, 10, 1))
    assert found(check_book(book, tmp_path), "pause-ends-before-start") == [("Pauzes", "C2")]


def test_a_closure_needs_its_reason(book, tmp_path):
    book.dossier("2026-001", closed_on=D(2026, 11, 1))
    book.dossier("2026-002", closure_reason="Doorverwezen")
    report = check_book(book, tmp_path)
    assert found(report, "closure-without-reason") == [("Dossiers", "L2")]
    assert found(report, "reason-without-closure") == [("Dossiers", "K3")]


def test_a_begeleider_once_the_first_conversation_happened(book, tmp_path):
    book.dossier("2026-001", perspective_on=D(2026, 9, 20))
    book.dossier("2026-002")
    assert found(check_book(book, tmp_path), "begeleider-missing") == [("Dossiers", "G2")]


def test_rows_that_name_no_existing_dossier(book, tmp_path):
    book.dossier("2026-001")
    book.network("2026-009")
    book.pause("2026-009")
    book.round_table("2026-009")
    book.agreement("2026-009")
    book.network(" 2026-001 ")  # the same number with a stray space is fine
    report = check_book(book, tmp_path)
    assert found(report, "unknown-dossier") == [
        ("Netwerk", "A2"), ("Pauzes", "A2"), ("Rondetafels", "A2"), ("Afspraken", "A2")]


@pytest.mark.parametrize("address", ["an@x", "an.x.be", "an@x.be; jan@y.be", "an @x.be"])
def test_malformed_email_addresses(book, tmp_path, address):
    book.dossier("2026-001", email=address)
    assert found(check_book(book, tmp_path), "invalid-email") == [("Dossiers", "O2")]


def test_good_email_addresses(book, tmp_path):
    book.dossier("2026-001", email="an.peeters+gezin@telenet.be")
    book.network("2026-001", email="mailto:jan@school.be")
    assert found(check_book(book, tmp_path), "invalid-email") == []


def test_the_same_family_with_two_open_dossiers(book, tmp_path):
    book.dossier("2025-090", family="Familie Claes", registered_on=D(2025, 10, 1),
                 closed_on=D(2026, 2, 1),
                 closure_reason="Doelen bereikt")
    book.dossier("2026-001", family="Familie Claes")
    book.dossier("2026-002", family="familie  claes")
    report = check_book(book, tmp_path)
    assert found(report, "duplicate-open-family") == [("Dossiers", "B4")]
    assert {f.severity for f in report.findings} == {"warning"}


def test_cells_of_other_kinds(book, tmp_path):
    book.dossier("2026-001", sessions="drie")
    book.network("2026-001", invite="misschien")
    book.round_table("2026-001", time="namiddag", kind="feest")
    book.agreement("2026-001", status="bezig")
    report = check_book(book, tmp_path)
    assert found(report, "not-a-whole-number") == [("Dossiers", "M2")]
    assert found(report, "invalid-yes-no") == [("Netwerk", "I2")]
    assert found(report, "invalid-time") == [("Rondetafels", "C2")]
    assert found(report, "invalid-choice") == [("Rondetafels", "E2"), ("Afspraken", "I2")]


def test_the_same_person_twice_in_one_network(book, tmp_path):
    book.dossier("2026-001")
    book.network("2026-001", name="Jan Janssens").network("2026-001", name="jan janssens")
    assert found(check_book(book, tmp_path), "duplicate-network-member") == [("Netwerk", "B3")]


def test_an_agreement_from_a_round_table_that_is_not_there(book, tmp_path):
    book.dossier("2026-001")
    book.round_table("2026-001", date=D(2026, 10, 5))
    book.agreement("2026-001", round_table=D(2026, 10, 6))
    assert found(check_book(book, tmp_path), "unknown-round-table") == [("Afspraken", "B2")]


def test_a_dossier_number_excel_turned_into_a_date(book, tmp_path):
    book.dossier(D(2026, 1, 1))
    assert found(check_book(book, tmp_path), "dossier-as-date") == [("Dossiers", "A2")]


def test_a_round_table_still_planned_after_its_dossier_closed(book, tmp_path):
    """Before: closing a dossier with a round-table still planned read as all well, while its
    invitees kept expecting it."""
    closed = {"closed_on": D(2026, 11, 20), "closure_reason": "Doelen bereikt"}
    book.dossier("2026-001", **closed)
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(14, 0))  # planned
    book.round_table("2026-001", date=D(2026, 11, 20), time=datetime.time(9, 0))  # the closing one
    book.dossier("2026-002", **closed)
    book.round_table("2026-002", date=D(2026, 11, 21), time=datetime.time(9, 0))  # before today
    book.dossier("2026-003")  # open
    book.round_table("2026-003", date=D(2026, 12, 8), time=datetime.time(9, 0))
    report = check_book(book, tmp_path)  # today: 23 November 2026
    assert found(report, "round-table-after-closure") == [("Rondetafels", "B2")]
    (finding,) = [f for f in report.findings if f.code == "round-table-after-closure"]
    assert finding.severity == "warning" and finding.dossier == "2026-001"
