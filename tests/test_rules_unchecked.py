"""A rule that cannot look, for want of a column, says so: `check` never reads "0 fouten" for a
rule that did not run (no silent all-clear).

Before: a workbook without Reden afsluiting or Begeleider gave "0 fouten, 1 waarschuwing" and
exit 0, the warning saying only that the columns were read as empty, while a closed dossier
without a reason and a family met without a begeleider went unseen.
"""

from __future__ import annotations

import datetime
import json

from eenplan.cli import cli
from eenplan.sheets.schema import AGREEMENTS_SCHEMA, DOSSIERS_SCHEMA, ROUND_TABLES_SCHEMA
from tests.conftest import TODAY, check_book  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _without(schema, *left_out: str, typed: dict[str, str] | None = None) -> list[str]:
    typed = typed or {}
    return [typed.get(c.header, c.header) for c in schema.columns if c.header not in left_out]


def _closed_and_met(book):
    """One closed dossier (without a reason, were the column there) and one met family."""
    book.dossier("2026-001", perspective_on=D(2026, 9, 10), closed_on=D(2026, 11, 1))
    book.dossier("2026-002", perspective_on=D(2026, 9, 12))
    return book


def _check_json(runner, path):
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    return result, json.loads(result.output)


def test_check_without_the_columns_two_rules_need_is_no_all_clear(runner, book, tmp_path):
    _closed_and_met(book).with_headers(
        "Dossiers", _without(DOSSIERS_SCHEMA, "Reden afsluiting", "Begeleider"))
    path = book.save(tmp_path / "Caseload.xlsx")
    result, data = _check_json(runner, path)
    assert result.exit_code == 1, result.output
    assert data["unchecked"] == [
        {"sheet": "Dossiers", "column": "Begeleider", "codes": ["begeleider-missing"], "rows": 2},
        {"sheet": "Dossiers", "column": "Reden afsluiting",
         "codes": ["closure-without-reason", "reason-without-closure"], "rows": 1},
    ]
    unchecked = sorted((f["column"], f["severity"], f["row"]) for f in data["findings"]
                       if f["code"] == "rule-unchecked")
    assert unchecked == [("Begeleider", "error", 1), ("Reden afsluiting", "error", 1)]
    assert data["errors"] == 2
    # the reader's "read as empty, add them if the team wants to" is not said of them as well
    assert not [f for f in data["findings"] if f["code"] == "missing-column"]


def test_the_table_says_first_which_columns_left_rules_unchecked(runner, book, tmp_path):
    _closed_and_met(book).with_headers(
        "Dossiers", _without(DOSSIERS_SCHEMA, "Reden afsluiting", "Begeleider"))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 1, result.output
    counts, *summary = result.output.split("\n\n")[0].splitlines()
    assert counts == "Caseload.xlsx: 2 fouten, 0 waarschuwingen"
    said = " ".join(summary)
    assert "Reden afsluiting" in said and "Begeleider" in said and "[kolommen.Dossiers]" in said
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_the_report_file_says_it_too(runner, book, tmp_path):
    _closed_and_met(book).with_headers("Dossiers", _without(DOSSIERS_SCHEMA, "Begeleider"))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 1, result.output
    assert "Begeleider" in result.output


def test_other_optional_columns_missing_are_still_said_read_as_empty(book, tmp_path):
    _closed_and_met(book).with_headers(
        "Dossiers", _without(DOSSIERS_SCHEMA, "Reden afsluiting", "Hulpvraag", "Opmerkingen"))
    report = check_book(book, tmp_path)
    empty = [(f.column, f.severity) for f in report.findings if f.code == "missing-column"]
    assert empty == [("Hulpvraag en Opmerkingen", "warning")]
    assert [(u.column, u.rows) for u in report.unchecked] == [("Reden afsluiting", 1)]


def test_nothing_to_look_at_is_nothing_unchecked(runner, book, tmp_path):
    """No closed dossier and no perspectiefgesprek: the rules have no row to look at, so "0
    fouten" holds; the columns are said missing, read as empty, as before."""
    book.dossier("2026-001")
    book.with_headers("Dossiers", _without(DOSSIERS_SCHEMA, "Reden afsluiting", "Begeleider"))
    path = book.save(tmp_path / "Caseload.xlsx")
    result, data = _check_json(runner, path)
    assert result.exit_code == 0, result.output
    assert data["unchecked"] == []
    assert [f["code"] for f in data["findings"]] == ["missing-column"]


def test_a_mistyped_header_is_named_with_the_rule_it_leaves_unchecked(book, tmp_path):
    _closed_and_met(book).with_headers(
        "Dossiers", _without(DOSSIERS_SCHEMA, typed={"Begeleider": "Begeleidster"}))
    report = check_book(book, tmp_path)
    [finding] = [f for f in report.findings if f.code == "rule-unchecked"]
    assert (finding.column, finding.value, finding.severity) == ("Begeleider", "Begeleidster", "error")


def test_a_rule_that_only_warns_leaves_a_warning_unchecked(runner, book, tmp_path):
    """Uur on Rondetafels: the rule that reads it only warns, so its column's absence is a
    warning (exit 0: "geen fouten" still holds), said in the table's summary and the JSON."""
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 10),
                 address="Kerkstraat 1, 2950 Kapellen")
    book.round_table("2026-001", date=D(2026, 12, 7))
    book.round_table("2026-001", date=D(2026, 10, 5))  # held already: not asked for an hour
    book.with_headers("Rondetafels", _without(ROUND_TABLES_SCHEMA, "Uur"))
    path = book.save(tmp_path / "Caseload.xlsx")
    result, data = _check_json(runner, path)
    assert result.exit_code == 0, result.output
    assert data["unchecked"] == [{"sheet": "Rondetafels", "column": "Uur",
                                  "codes": ["round-table-without-hour"], "rows": 1}]
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("rule-unchecked", "warning")]
    table = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF]).output
    assert "Uur" in table.split("\n\n")[0]


def test_too_many_sessions_unchecked_without_aantal_sessies(book, tmp_path):
    book.dossier("2026-001", flow="eerstelijnspsycholoog", begeleider="An Claes")
    book.with_headers("Dossiers", _without(DOSSIERS_SCHEMA, "Aantal sessies"))
    report = check_book(book, tmp_path)
    assert [(u.column, u.codes, u.rows) for u in report.unchecked] == [
        ("Aantal sessies", ("too-many-sessions",), 1)]
    assert report.ok  # the rule only warns


def test_a_flow_without_a_maximum_needs_no_sessions(book, tmp_path):
    book.dossier("2026-001", flow="procesbegeleiding")
    book.with_headers("Dossiers", _without(DOSSIERS_SCHEMA, "Aantal sessies"))
    assert check_book(book, tmp_path).unchecked == ()


def test_without_wie_the_agreements_are_not_said_to_name_someone(book, tmp_path):
    """Before: without a Wie column, `check` said only "Wie ontbreekt; eenplan leest ze als leeg"
    and the two open agreements were never asked who takes them on."""
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 10))
    book.agreement("2026-001", round_table=D(2026, 10, 5), goal="Rust", due=D(2026, 12, 1))
    book.agreement("2026-001", round_table=D(2026, 10, 5), goal="School", due=D(2026, 12, 1))
    book.agreement("2026-001", round_table=D(2026, 10, 5), goal="Sport", status="klaar")
    book.with_headers("Afspraken", _without(AGREEMENTS_SCHEMA, "Wie"))
    report = check_book(book, tmp_path)
    assert [(u.sheet, u.column, u.codes, u.rows) for u in report.unchecked] == [
        ("Afspraken", "Wie", ("agreement-without-who",), 2)]
    assert [(f.code, f.severity) for f in report.findings if f.column == "Wie"] == [
        ("rule-unchecked", "warning")]


def test_one_missing_optional_column_is_said_in_the_singular(book, tmp_path):
    book.dossier("2026-001")
    book.with_headers("Dossiers", _without(DOSSIERS_SCHEMA, "Hulpvraag"))
    [finding] = [f for f in check_book(book, tmp_path).findings if f.code == "missing-column"]
    assert "de kolommen" not in finding.message
