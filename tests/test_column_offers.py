"""`check` offers a header it does not know ("Sterktes") as the column the sheet lacks
(Krachten), with the line for eenplan.toml; pasted, that line makes eenplan read the column."""

from __future__ import annotations

import json
import re

import pytest

from eenplan.cli import cli
from tests.builders import CaseloadBuilder
from tests.test_document_columns import AS_OF, _family, _headers, _team


def _check(runner, tmp_path) -> list[dict]:
    result = runner.invoke(cli, ["check", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def _unknown(findings: list[dict], header: str) -> list[dict]:
    return [f for f in findings if f["code"] == "unknown-column" and f["value"] == header]


def _lacking(findings: list[dict], sheet: str) -> str:
    return " ".join(f["column"] for f in findings if f["code"] == "missing-column" and f["sheet"] == sheet)


def _offered_line(message: str, sheet: str) -> str:
    found = re.search(rf"\[kolommen\.{sheet}\][^=]*?((?:\"[^\"]+\"|[\w-]+) = \"[^\"]+\")", message)
    assert found is not None, message
    return found.group(1)


@pytest.mark.parametrize(("sheet", "ours", "theirs"), [
    ("Dossiers", "Krachten", "Sterktes"),
    ("Dossiers", "Datum aanmelding", "Aangemeld op"),  # a header with a space: a quoted key
    ("Rondetafels", "Locatie", "Plaats"),
])
def test_check_offers_a_known_other_word_as_the_missing_column_and_its_line_works(runner, tmp_path,
                                                                                  sheet, ours, theirs):
    book = _family(CaseloadBuilder()).with_headers(sheet, _headers(sheet, **{ours: theirs}))
    _team(tmp_path, book)
    findings = _check(runner, tmp_path)
    [unknown] = _unknown(findings, theirs)
    assert unknown["sheet"] == sheet and unknown["severity"] == "warning"
    line = _offered_line(unknown["message"], sheet)
    assert line.split(" = ")[1] == f'"{theirs}"' and ours in line.split(" = ")[0]
    assert "[kolommen] eigen" in unknown["message"]  # or it is the team's own column
    assert ours in _lacking(findings, sheet) or any(f["code"] == "clock-missing" for f in findings)

    _team(tmp_path, book, settings=f"\n[kolommen.{sheet}]\n{line}\n")
    findings = _check(runner, tmp_path)
    assert _unknown(findings, theirs) == []
    assert ours not in _lacking(findings, sheet)
    assert not any(f["code"] == "clock-missing" for f in findings)


def test_a_header_alike_a_known_word_is_offered_as_that_column_only(runner, tmp_path):
    # "Sterke punten gezin" is like "Sterke punten", a word for Krachten: not Zorgen or Wensen,
    # which share no word with it (a guess among the missing columns, pasted, would put the
    # family's strengths in the plan as its worries)
    headers = _headers("Dossiers", Krachten="Sterke punten gezin", Zorgen=None, Wensen=None)
    book = _family(CaseloadBuilder()).with_headers("Dossiers", headers)
    _team(tmp_path, book)
    [unknown] = _unknown(_check(runner, tmp_path), "Sterke punten gezin")
    line = _offered_line(unknown["message"], "Dossiers")
    assert "Zorgen" not in unknown["message"] and "Wensen" not in unknown["message"]
    assert line == 'Krachten = "Sterke punten gezin"'
    _team(tmp_path, book, settings=f"\n[kolommen.Dossiers]\n{line}\n")
    findings = _check(runner, tmp_path)
    assert _unknown(findings, "Sterke punten gezin") == []


def test_a_header_is_offered_as_no_column_when_the_sheet_lacks_none(runner, tmp_path):
    headers = [*_headers("Dossiers"), "Tolk nodig"]
    _team(tmp_path, _family(CaseloadBuilder()).with_headers("Dossiers", headers))
    [unknown] = _unknown(_check(runner, tmp_path), "Tolk nodig")
    assert "[kolommen.Dossiers]" not in unknown["message"] and "[kolommen] eigen" in unknown["message"]
