"""The reader makes a sheet's rows past the header search one by one, as calamine gives them:
each cell keeps its Excel row and column all the same."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from eenplan.sheets.reader import read_caseload

D = datetime.date


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


@pytest.mark.parametrize("totals", [0, 1])
def test_an_excel_table_s_totals_row_is_no_dossier(tmp_path, totals):
    """Invoegen > Tabel with Totaalrij on: "Totaal" and a SUBTOTAL under the data. Read as a
    dossier, it made three errors and a "niet te beoordelen" a team could never clear."""
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dossiers"
    sheet.append(["Dossier", "Gezin", "Traject", "Gemeente", "Datum aanmelding"])
    sheet.append(["2026-001", "Familie Peeters", "procesbegeleiding", "Kapellen", D(2026, 11, 2)])
    sheet.append(["2026-002", "Familie Claes", "procesbegeleiding", "Kapellen", D(2026, 11, 3)])
    if totals:
        sheet.append(["Totaal", "=SUBTOTAL(103,B2:B3)"])
    sheet.add_table(Table(displayName="Caseload", ref=f"A1:E{sheet.max_row}", totalsRowCount=totals or None))
    sheet.append(["2026-003", "Familie Maes", "procesbegeleiding", "Kapellen", D(2026, 11, 4)])  # below it
    path = tmp_path / "Caseload.xlsx"
    book.save(path)
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == ["2026-001", "2026-002", "2026-003"]
    assert [f.row for f in caseload.findings if f.severity == "error"] == []
