"""Two dossier numbers that would share a folder in out/ are one number typed twice.

"2026/031" (Familie Anderhalve) beside the open "2026-031" (Familie Zwanepoel): both got
out/2026-031/, so the watcher wrote both families' letters there and one family's print file over
the other's, `export 2026-031` gave Zwanepoel Anderhalve's letters, and retention deleted the
open dossier's folder and inzage when 2026/031 was closed, while `check` said "Alles in orde".
Now `check` calls both rows an error, and nothing is written, exported or deleted for either.
A number that names no folder at all ("🙂", "???") is refused too.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenplan.cli import cli
from eenplan.filenames import any_names_nothing, names_nothing, safe_name, same_name, same_names
from eenplan.sheets.reader import read_caseload
from eenplan.watcher.snapshots import Inventory, vanished
from tests.conftest import TODAY, check_book, found

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
SHARING = ["2026/031", "2026\\031", "2026:031", "2026-031.", "2026--031", "2026-031\u200b"]


def _two_families(book, tmp_path: Path, other: str = "2026/031", *, closed: D | None = None) -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.dossier("2026-031", family="Familie Zwanepoel", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), address="Kerkstraat 1, 2950 Kapellen")
    book.dossier(other, family="Familie Anderhalve", begeleider="An Claes", registered_on=D(2026, 9, 2),
                 perspective_on=D(2026, 9, 21), closed_on=closed, email="anderhalve@voorbeeld.be",
                 closure_reason="Doorverwezen" if closed else None)
    for number, name in (("2026-031", "Hilde Zwanepoel"), (other, "Bram Anderhalve")):
        book.network(number, name=name, role="Ouder", invite="ja", address="Kerkstraat 1, 2950 Kapellen")
        book.round_table(number, date=D(2026, 10, 5), time=datetime.time(14, 0), location="School")
        book.round_table(number, date=D(2026, 12, 14), time=datetime.time(9, 0), location="Thuis")
    return book.save(tmp_path / "Caseload.xlsx")


def _files(root: Path) -> list[Path]:
    return [p for p in (root / "out").rglob("*") if p.is_file()] if (root / "out").exists() else []


_PLAIN_NUMBER = r"[0-9A-Za-z_]{1,4}(?:[-. ][0-9A-Za-z_]{1,4}){0,2}"
_NUMBERS = st.lists(st.one_of(st.from_regex(_PLAIN_NUMBER, fullmatch=True),
                              st.sampled_from(["CON", "con.1", "2026/031", "2026-031.", "???", "a\nb", "\n",
                                               "🙂", " 2026-031 ", "x" * 130]),
                              st.text(min_size=1, max_size=12)), max_size=30)


@given(_NUMBERS)
def test_all_numbers_at_once_are_each_number_alone(numbers):
    """The one-pass look at 50,000 numbers (``same_names``, ``any_names_nothing``) says what the
    look at each alone says, for any numbers a team may type."""
    assert same_names(numbers) == [same_name(n) for n in numbers]
    stems = [n for n in numbers if n]
    assert any_names_nothing(stems) == any(map(names_nothing, stems))


@given(st.text(max_size=140))
def test_the_key_is_the_folder_name_as_a_case_blind_file_system_sees_it(number):
    assert same_name(number) == safe_name(number.strip(), "").casefold()


def test_numbers_that_share_a_folder_have_one_key():
    assert {same_name(n) for n in [*SHARING, " 2026-031 ", "2026-031"]} == {"2026-031"}
    assert same_name("2026\u2013031") != same_name("2026-031")  # an en dash is a folder of its own
    assert same_name("CON") == same_name("_con")  # the device name CON is written _CON
    assert [names_nothing(n) for n in ("🙂", "???", "...", " / ", "2026-031", "Gent 7", "é")] == [
        True, True, True, True, False, False, False]


@pytest.mark.parametrize("other", SHARING)
def test_check_calls_both_rows_an_error(book, tmp_path, other):
    _two_families(book, tmp_path, other)
    report = check_book(book, tmp_path)
    assert found(report, "shared-folder") == [("Dossiers", "A2"), ("Dossiers", "A3")]
    assert found(report, "duplicate-dossier") == []
    assert found(report, "unknown-dossier") == []  # each row on Netwerk names one of the two


def test_check_exits_1_and_says_no_all_clear(runner, book, tmp_path):
    workbook = _two_families(book, tmp_path)
    result = runner.invoke(cli, ["check", "--workbook", str(workbook), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert [(f["cell"], f["code"], f["severity"]) for f in data["findings"]] == [
        ("A2", "shared-folder", "error"), ("A3", "shared-folder", "error")]


def test_a_number_typed_twice_beside_one_written_otherwise(book, tmp_path):
    book.dossier("2026-031")
    book.dossier("2026-031")
    book.dossier("2026/031")
    report = check_book(book, tmp_path)
    assert found(report, "duplicate-dossier") == [("Dossiers", "A3")]
    assert found(report, "shared-folder") == [("Dossiers", "A2"), ("Dossiers", "A3"), ("Dossiers", "A4")]


@pytest.mark.parametrize("command", ["invite", "report", "plan", "export"])
@pytest.mark.parametrize("number", ["2026-031", "2026/031"])
def test_no_document_and_no_inzage_for_either(runner, book, tmp_path, command, number):
    _two_families(book, tmp_path)
    result = runner.invoke(cli, [command, number, "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert _files(tmp_path) == []
    assert not (tmp_path / "rapporten" / "inzage").exists()


def test_the_watcher_writes_neither_familys_letters(runner, book, tmp_path):
    _two_families(book, tmp_path)
    runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert _files(tmp_path) == []


def test_overdue_judges_neither_row(runner, book, tmp_path):
    workbook = _two_families(book, tmp_path)
    result = runner.invoke(cli, ["overdue", "--workbook", str(workbook), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    items = json.loads(result.output)["items"]
    assert [(i["dossier"], i["status"], i["step"]) for i in items] == [
        ("2026-031", "unknown", "dossiernummer"), ("2026/031", "unknown", "dossiernummer")]


def test_retention_keeps_the_open_dossiers_folder_and_inzage(runner, book, tmp_path):
    _two_families(book, tmp_path, closed=D(2026, 10, 22))
    letter = tmp_path / "out" / "2026-031" / "2026-12-14 Uitnodiging rondetafel - Hilde Zwanepoel.docx"
    inzage = tmp_path / "rapporten" / "inzage" / "2026-031 2026-11-01" / "Overzicht.docx"
    for path in (letter, inzage):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"the open family's")
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--na", "1", "--delete",
                                 "--format", "json", *AS_OF])
    assert json.loads(result.output)["items"] == [], result.output
    assert letter.is_file() and inzage.is_file()


@pytest.mark.parametrize("number", ["🙂", "???"])
def test_a_number_that_names_no_folder_is_refused(runner, book, tmp_path, number):
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.dossier(number, perspective_on=D(2026, 9, 20))
    book.network(number, name="Hilde Zwanepoel", invite="ja")
    book.round_table(number, date=D(2026, 12, 14), time=datetime.time(9, 0), location="Thuis")
    report = check_book(book, tmp_path)
    assert found(report, "number-without-folder") == [("Dossiers", "A2")]
    for command in ("invite", "export"):
        result = runner.invoke(cli, [command, number, "--team", str(tmp_path), *AS_OF])
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1
    runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert _files(tmp_path) == []
    assert not (tmp_path / "rapporten" / "inzage").exists()


def test_a_version_kept_before_numbers_were_keyed_by_folder_loses_nothing(book, tmp_path):
    """The watcher's inventories written by an earlier eenplan key "2026/031" as it was typed;
    read now, the dossier has not vanished from the next version."""
    book.dossier("2026/031")
    book.network("2026/031", name="Bram Anderhalve")
    now = Inventory.of(read_caseload(book.save(tmp_path / "Caseload.xlsx")))
    earlier = Inventory.from_json({"dossiers": {"2026/031": "2026/031"},
                                   "rows": {"Netwerk": {"2026/031": 1}}})
    assert not vanished(earlier, now)
