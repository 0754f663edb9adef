"""What the flows know, `check` reports: each finding at the right cell of a small workbook."""

from __future__ import annotations

import datetime

from eenplan.flows import check, load_flows
from eenplan.sheets.reader import read_caseload
from tests.conftest import TODAY, check_book, found

D = datetime.date


def test_more_sessions_than_the_flow_allows_is_a_warning(book, tmp_path):
    book.dossier("2026-001", flow="eerstelijnspsycholoog", begeleider="An Claes",
                 perspective_on=D(2026, 9, 10), sessions=6)
    book.dossier("2026-002", flow="eerstelijnspsycholoog", begeleider="An Claes",
                 perspective_on=D(2026, 9, 10), sessions=5)
    book.dossier("2026-003", flow="procesbegeleiding", sessions=9)  # no maximum
    report = check_book(book, tmp_path)
    assert found(report, "too-many-sessions") == [("Dossiers", "M2")]
    (finding,) = report.findings
    assert finding.severity == "warning" and report.ok
    assert "6 sessies is meer dan de 5" in finding.message


def test_a_team_flow_sets_its_own_maximum(book, tmp_path):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "eerstelijnspsycholoog.toml").write_text(
        'max-sessies = 10\n[[stap]]\nnaam = "eerste_sessie"\nklaar = "perspectiefgesprek"\n'
        'vanaf = "aanmelding"\nmaanden = 1\n', encoding="utf-8")
    book.dossier("2026-001", flow="eerstelijnspsycholoog", sessions=7)
    path = book.save(tmp_path / "Caseload.xlsx")
    report = check(read_caseload(path), today=TODAY, flows=load_flows(tmp_path / "flows"))
    assert report.findings == ()


def test_closure_before_the_perspectiefgesprek_needs_a_fitting_reason(book, tmp_path):
    book.dossier("2026-001", closed_on=D(2026, 9, 20), closure_reason="Doelen bereikt")
    book.dossier("2026-002", closed_on=D(2026, 9, 20), closure_reason="Geen contact meer")
    book.dossier("2026-003", closed_on=D(2026, 9, 20), closure_reason="  doorverwezen ")
    book.dossier("2026-004", begeleider="An Claes", perspective_on=D(2026, 9, 10),
                 closed_on=D(2026, 9, 20), closure_reason="Doelen bereikt")
    report = check_book(book, tmp_path)
    assert found(report, "early-closure-reason") == [("Dossiers", "L2")]
    finding = next(f for f in report.findings if f.code == "early-closure-reason")
    assert finding.dossier == "2026-001" and finding.severity == "warning"
    assert "Datum perspectiefgesprek" in finding.message and "Verhuisd" in finding.message


def test_closure_before_the_perspectiefgesprek_it_follows(book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 20),
                 closed_on=D(2026, 9, 15), closure_reason="Doelen bereikt")
    report = check_book(book, tmp_path)
    assert found(report, "step-out-of-order") == [("Dossiers", "K2")]
    assert "Datum afsluiting (15/09/2026) ligt voor Datum perspectiefgesprek (20/09/2026)" in (
        report.findings[0].message)


def test_a_team_step_done_before_its_clock_started(book, tmp_path):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "gezinscoaching.toml").write_text(
        '[[stap]]\nnaam = "plan"\nklaar = "gezinsplan"\nvanaf = "afsluiting"\ndagen = 10\n',
        encoding="utf-8")
    book.dossier("2026-001", flow="gezinscoaching", plan_on=D(2026, 9, 20))
    path = book.save(tmp_path / "Caseload.xlsx")
    report = check(read_caseload(path), today=TODAY, flows=load_flows(tmp_path / "flows"))
    assert found(report, "step-out-of-order") == [("Dossiers", "J2")]
    assert "Datum afsluiting nog niet" in report.findings[0].message


def test_overlapping_pauses(book, tmp_path):
    book.dossier("2026-001").dossier("2026-002").dossier("2026-003")
    book.pause("2026-001", start=D(2026, 9, 5), end=D(2026, 9, 20))
    book.pause("2026-001", start=D(2026, 9, 10), end=D(2026, 9, 12))  # inside the first
    book.pause("2026-001", start=D(2026, 9, 21), end=D(2026, 9, 25))  # right after: fine
    book.pause("2026-002", start=D(2026, 9, 5))  # never closed
    book.pause("2026-002", start=D(2026, 10, 1), end=D(2026, 10, 3))
    book.pause("2026-003", start=D(2026, 9, 5), end=D(2026, 9, 8))
    book.pause("2026-003", start=D(2026, 9, 9), end=D(2026, 9, 12))
    report = check_book(book, tmp_path)
    assert found(report, "overlapping-pause") == [("Pauzes", "B3"), ("Pauzes", "B6")]
    messages = [f.message for f in report.findings if f.code == "overlapping-pause"]
    assert "rij 2" in messages[0] and "vul Tot in op rij 5" in messages[1]


def test_a_pause_that_ends_before_it_begins(book, tmp_path):
    book.dossier("2026-001")
    book.pause("2026-001", start=D(2026, 9, 10), end=D(2026, 9, 1))
    book.pause("2026-001", start=D(2026, 9, 5), end=D(2026, 9, 6))
    report = check_book(book, tmp_path)
    assert found(report, "pause-ends-before-start") == [("Pauzes", "C2")]
    assert found(report, "overlapping-pause") == []
