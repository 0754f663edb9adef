"""The reader parses the sheets in threads on a large workbook: what it reads stays the same.

Each test forces the number of threads (a workbook this small is read in one by default).
"""

from __future__ import annotations

import datetime
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from eenplan.errors import WorkbookUnreadable
from eenplan.sheets import reader
from eenplan.sheets.reader import read_caseload
from tests.builders import CaseloadBuilder

D = datetime.date
# Calamine reads the workbook and refuses this sheet: a string index with no shared strings.
DAMAGED = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>')


@pytest.fixture
def parsed_ahead(monkeypatch):
    """Which thread took which sheet, in turn, and the XML in flight once it had (so a test
    knows the threads did the reading)."""
    taken: list[tuple[str, str, int, int]] = []

    class Counted(reader._ParseAhead):
        def _next(self, first):
            name = super()._next(first)
            if name is not None:
                taken.append((threading.current_thread().name, name, self.in_flight, self.budget))
            return name

    monkeypatch.setattr(reader, "_ParseAhead", Counted)
    return taken


def _varied(tmp_path: Path) -> Path:
    book = CaseloadBuilder()
    for n in range(1, 30):
        number = f"2026-{n:03}"
        book.dossier(number, begeleider="An Claes" if n % 3 else "",
                     perspective_on=D(2026, 9, n % 28 + 1),
                     registered_on="31/02/2026" if n == 7 else D(2026, 8, 1),
                     sessions="drie" if n == 5 else 2,
                     email="gezin@voorbeeld.be" if n % 2 else "geen adres")
        book.network(number, name="Jan", invite="ja").network(number, name="Mia", invite="misschien")
        book.round_table(number, time=datetime.time(14, 0), kind="Start")
        book.agreement(number)
        if n % 4 == 0:
            book.pause(number, start=D(2026, 10, 1))
    book.network("2099-999", name="Niemand")
    book.blank_row("Netwerk")
    return book.save(tmp_path / "Caseload.xlsx")


def _with_sheet_replaced(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in items:
            archive.writestr(info, data if info.filename == member else content)
    return path


def _part_of(path: Path, sheet: str) -> str:
    return {name: part for name, part in reader.extent._sheet_parts(zipfile.ZipFile(path))}[sheet]


@pytest.mark.parametrize("threads", [2, 3])
def test_read_in_threads_is_the_sequential_read(tmp_path, parsed_ahead, threads):
    path = _varied(tmp_path)
    one = read_caseload(path, threads=1)
    assert parsed_ahead == []
    more = read_caseload(path, threads=threads)
    assert {thread for thread, *_ in parsed_ahead} <= {f"eenplan-sheets-{n}" for n in range(threads)}
    assert sorted(name for _, name, *_ in parsed_ahead) == sorted(
        ["Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten"])
    assert one.findings  # the workbook has mistakes to find, in several sheets
    assert {f.sheet for f in one.findings} >= {"Dossiers", "Netwerk"}
    assert more == one


def test_the_largest_sheet_first_and_never_beside_the_second(tmp_path, parsed_ahead):
    path = _varied(tmp_path)
    read_caseload(path, threads=2)
    with zipfile.ZipFile(path) as archive:
        sizes = {name: archive.getinfo(_part_of(path, name)).file_size for name in (
            "Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")}
    assert parsed_ahead[0][1] == max(sizes, key=sizes.__getitem__)
    for _, name, in_flight, budget in parsed_ahead:
        assert in_flight == sizes[name] or in_flight <= budget
    assert max(sizes.values()) + sorted(sizes.values())[-2] > parsed_ahead[0][3]


def test_a_damaged_sheet_in_a_thread_is_the_same_finding(tmp_path, parsed_ahead):
    path = _varied(tmp_path)
    _with_sheet_replaced(path, _part_of(path, "Netwerk"), DAMAGED)
    one, two = read_caseload(path, threads=1), read_caseload(path, threads=2)
    assert parsed_ahead
    assert [(f.sheet, f.code) for f in two.findings if f.code == "sheet-unreadable"] == [
        ("Netwerk", "sheet-unreadable")]
    assert two.network == ()
    assert two == one


def test_a_damaged_dossiers_sheet_in_a_thread_is_the_same_sentence(tmp_path, parsed_ahead):
    path = _varied(tmp_path)
    _with_sheet_replaced(path, _part_of(path, "Dossiers"), DAMAGED)
    with pytest.raises(WorkbookUnreadable) as one:
        read_caseload(path, threads=1)
    with pytest.raises(WorkbookUnreadable) as two:
        read_caseload(path, threads=2)
    assert parsed_ahead
    assert str(two.value) == str(one.value)


def test_a_missing_sheet_with_threads(tmp_path, parsed_ahead):
    book = CaseloadBuilder().dossier("2026-001").network("2026-001", name="Jan").without_sheet("Pauzes")
    path = book.save(tmp_path / "Caseload.xlsx")
    one, two = read_caseload(path, threads=1), read_caseload(path, threads=2)
    assert parsed_ahead
    assert "Pauzes" not in {name for _, name, *_ in parsed_ahead}
    assert [(f.sheet, f.code) for f in two.findings if f.code == "missing-sheet"] == [
        ("Pauzes", "missing-sheet")]
    assert two == one


def test_a_small_workbook_is_read_in_one_thread(tmp_path, parsed_ahead):
    read_caseload(_varied(tmp_path))
    assert parsed_ahead == []


@pytest.mark.parametrize("column_a", ["", "empty"])
def test_rows_read_as_they_go_keep_their_places(tmp_path, column_a):
    """The rows past the header come from calamine one by one: empty rows above the first
    value, more rows than the header search looks at, and an empty column A keep each cell at
    its Excel row and column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    left = [None] if column_a else []
    sheet.append([])
    sheet.append([])
    sheet.append(left + ["Dossier", "Gezin", "Traject", "Gemeente", "Datum aanmelding"])
    for n in range(1, 41):
        if n == 30:
            sheet.append([])
        sheet.append(left + [f"2026-{n:03}", f"Familie {n}", "procesbegeleiding",
                             "Kapellen" if n % 2 else "", D(2026, 9, n % 28 + 1)])
    path = tmp_path / "Caseload.xlsx"
    book.save(path)
    caseload = read_caseload(path)
    assert [(d.row, d.id, d.family) for d in caseload.dossiers][28:31] == [
        (32, "2026-029", "Familie 29"), (34, "2026-030", "Familie 30"), (35, "2026-031", "Familie 31")]
    assert caseload.dossiers[-1].registered_on == D(2026, 9, 40 % 28 + 1)
    letter = "E" if column_a else "D"
    assert [f.cell for f in caseload.findings if f.code == "required"][:2] == [f"{letter}5", f"{letter}7"]
