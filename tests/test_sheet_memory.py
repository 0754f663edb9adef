"""The watcher's sheet memory: a reading that takes unchanged sheets from memory is the reading
of the whole workbook, version after version, records, findings and unusable cells alike."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from eenplan.errors import WorkbookUnreadable
from eenplan.sheets.reader import SheetMemory, read_caseload
from eenplan.sheets.records import Caseload
from tests.builders import CaseloadBuilder

Edit = Callable[[Any], None]


def _seen(caseload: Caseload) -> dict[str, object]:
    """Everything a reading made (the Caseload's fields), as plain values to compare."""
    return {f.name: (dict(value) if hasattr(value, "items") else value)
            for f in dataclasses.fields(caseload) for value in [getattr(caseload, f.name)]}


def _base(path: Path) -> Path:
    book = CaseloadBuilder()
    book.dossier("2026-001", municipality="Essen", registered_on=datetime.date(2026, 1, 5))
    book.dossier("2026-002", municipality="Nergens", registered_on="12/03/2026")
    book.dossier("2026-003", registered_on="31/02/2026")
    book.network("2026-001", name="Jan Peeters", invite="ja", email="jan@example.org")
    book.network("2026-002", name="Els Claes", invite="misschien", email="geen adres")
    book.pause("2026-001", start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 10))
    book.round_table("2026-001", date=datetime.date(2026, 12, 1))
    book.agreement("2026-001", goal="Naar school", status="open")
    book.save(path)
    _open_and_save(path)  # from here on every version comes from the same writer
    return path


def _open_and_save(path: Path, edit: Edit | None = None) -> None:
    book = openpyxl.load_workbook(path)
    if edit is not None:
        edit(book)
    book.save(path)


def _cell(sheet: str, cell: str, value: object) -> Edit:
    def edit(book: Any) -> None:
        book[sheet][cell] = value
    return edit


def _rename(old: str, new: str) -> Edit:
    def edit(book: Any) -> None:
        book[old].title = new
    return edit


def _delete_row(sheet: str, row: int) -> Edit:
    def edit(book: Any) -> None:
        book[sheet].delete_rows(row)
    return edit


def _nothing(book: Any) -> None:
    pass


# Each edit makes the next version from the one before, with the same writer (openpyxl), so
# an untouched sheet keeps its bytes, as it does when a person saves in Excel.
EDITS: list[tuple[str, Edit, dict[str, Any]]] = [
    ("a municipality", _cell("Dossiers", "D2", "Kapellen"), {}),
    ("a network member", _cell("Netwerk", "B2", "Jan Peters"), {}),
    ("the same bytes again", _nothing, {}),
    ("a date typed as text", _cell("Pauzes", "C2", "20/02/2026"), {}),
    ("a formula without a value", _cell("Afspraken", "D2", "=1/0"), {}),
    ("a list", _cell("Lijsten", "A7", "Nergens"), {}),
    ("a header renamed", _cell("Rondetafels", "B1", "Dag"), {}),
    ("the team's header name", _nothing, {"header_aliases": {"Rondetafels": {"Datum": "Dag"}}}),
    ("a sheet renamed", _rename("Pauzes", "Pauze"), {"header_aliases": {"Rondetafels": {"Datum": "Dag"}}}),
    ("the team's sheet name", _nothing, {"sheet_aliases": {"Pauzes": "Pauze"},
                                         "header_aliases": {"Rondetafels": {"Datum": "Dag"}}}),
    ("a row deleted", _delete_row("Dossiers", 3), {"sheet_aliases": {"Pauzes": "Pauze"}}),
    ("a date on Dossiers", _cell("Dossiers", "H2", datetime.date(2026, 2, 2)),
     {"sheet_aliases": {"Pauzes": "Pauze"}}),
]


def test_a_reading_from_memory_is_the_whole_reading_version_after_version(tmp_path: Path) -> None:
    workbook = _base(tmp_path / "Caseload.xlsx")
    memory = SheetMemory()
    read_caseload(workbook, memory=memory)
    assert memory.reused == ()
    taken = {}
    for number, (what, edit, settings) in enumerate(EDITS):
        _open_and_save(workbook, edit)
        from_memory = read_caseload(workbook, memory=memory, **settings)
        taken[what] = set(memory.reused)
        fresh = read_caseload(workbook, **settings)
        assert _seen(from_memory) == _seen(fresh), (number, what)
    # the memory was used where a save left sheets alone, and not where all may have changed
    assert taken["a municipality"] == {"Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten"}
    assert taken["a network member"] == {"Dossiers", "Pauzes", "Rondetafels", "Afspraken", "Lijsten"}
    assert taken["the same bytes again"] == {"Dossiers", "Netwerk", "Pauzes", "Rondetafels",
                                             "Afspraken", "Lijsten"}
    assert "Lijsten" not in taken["a list"] and "Dossiers" in taken["a list"]
    assert taken["the team's header name"] == set()  # the settings changed
    assert taken["a sheet renamed"] == set()  # xl/workbook.xml changed
    assert taken["the team's sheet name"] == set()


def test_a_sheet_from_memory_finds_what_a_whole_reading_finds(tmp_path: Path) -> None:
    """The findings are there on every save, not only on the save that changed their sheet."""
    workbook = _base(tmp_path / "Caseload.xlsx")
    memory = SheetMemory()
    first = read_caseload(workbook, memory=memory)
    _open_and_save(workbook, _cell("Dossiers", "D3", "Essen"))
    second = read_caseload(workbook, memory=memory)
    assert "Netwerk" in memory.reused
    network = [(f.cell, f.code) for f in second.findings if f.sheet == "Netwerk"]
    assert network and network == [(f.cell, f.code) for f in first.findings if f.sheet == "Netwerk"]


def test_another_workbook_is_read_whole(tmp_path: Path) -> None:
    one = _base(tmp_path / "een.xlsx")
    other = shutil.copy(one, tmp_path / "ander.xlsx")
    memory = SheetMemory()
    read_caseload(one, memory=memory)
    read_caseload(Path(other), memory=memory)
    assert memory.reused == ()


def test_a_damaged_workbook_after_a_good_one_says_so(tmp_path: Path) -> None:
    workbook = _base(tmp_path / "Caseload.xlsx")
    memory = SheetMemory()
    read_caseload(workbook, memory=memory)
    workbook.write_bytes(workbook.read_bytes()[:2000])
    with pytest.raises(WorkbookUnreadable):
        read_caseload(workbook, memory=memory)
