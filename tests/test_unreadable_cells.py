"""The cells the reader could not use: recorded in Caseload.unreadable with the finding that says
why, so the flows and the documents can say what they could not judge (issue #9)."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest

from eenplan.sheets.cells import probable_numbers
from eenplan.sheets.reader import read_caseload

D = datetime.date


def _patch(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, change(data.decode()).encode() if info.filename == member else data)


def _set_cell(path: Path, ref: str, xml: str) -> None:
    import re

    def change(text: str) -> str:
        text, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, text, count=1)
        assert n == 1
        return text

    _patch(path, "xl/worksheets/sheet1.xml", change)


def test_an_unreadable_date_is_recorded_with_its_finding(book, tmp_path):
    book.dossier("2026-001", registered_on="31/02/2026")
    book.dossier("2026-002", registered_on="12/03/2026")  # text, but a date: read, with a warning
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    assert set(caseload.unreadable) == {("Dossiers", 2, "registered_on")}
    finding = caseload.unreadable[("Dossiers", 2, "registered_on")]
    assert (finding.code, finding.cell, finding.dossier) == ("impossible-date", "H2", "2026-001")


def test_a_formula_without_a_value_is_recorded(book, tmp_path):
    book.dossier("2026-001", perspective_on="=H2+10")  # openpyxl writes no computed value
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    finding = caseload.unreadable[("Dossiers", 2, "perspective_on")]
    assert (finding.code, finding.cell, finding.value) == ("formula-without-value", "I2", "=H2+10")
    assert caseload.dossiers[0].perspective_on is None


def test_a_formula_whose_result_is_empty_text_is_an_empty_cell(book, tmp_path):
    book.dossier("2026-001", perspective_on="x")
    path = book.save(tmp_path / "c.xlsx")
    _set_cell(path, "I2", '<c r="I2" t="str"><f>IF(H2="","",H2)</f><v></v></c>')
    caseload = read_caseload(path)
    assert caseload.unreadable == {}
    assert not [f for f in caseload.findings if f.cell == "I2"]


def test_a_computed_formula_is_its_value(book, tmp_path):
    book.dossier("2026-001", perspective_on="x")
    path = book.save(tmp_path / "c.xlsx")
    serial = (D(2026, 9, 11) - D(1899, 12, 30)).days
    _set_cell(path, "I2", f'<c r="I2"><f>H2+10</f><v>{serial}</v></c>')
    caseload = read_caseload(path)
    assert caseload.dossiers[0].perspective_on == D(2026, 9, 11)
    assert caseload.unreadable == {}


def test_an_error_in_a_network_name_is_recorded(book, tmp_path):
    book.dossier("2026-001")
    book.network("2026-001", name="Maria Peeters")
    path = book.save(tmp_path / "c.xlsx")

    def change(text: str) -> str:
        return text.replace('<c r="B2" t="inlineStr"><is><t>Maria Peeters</t></is></c>',
                            '<c r="B2" t="e"><f>VLOOKUP(A2,X:Y,2)</f><v>#N/A</v></c>')

    _patch(path, "xl/worksheets/sheet2.xml", change)
    caseload = read_caseload(path)
    finding = caseload.unreadable[("Netwerk", 2, "name")]
    assert (finding.code, finding.cell, finding.value) == ("formula-error", "B2", "#N/A")


def test_excel_lists_its_formulas_in_the_calculation_chain(book, tmp_path):
    """A workbook Excel saved: its calcChain.xml names the sheets with formulas."""
    book.dossier("2026-001", perspective_on="=H2+10")
    path = book.save(tmp_path / "c.xlsx")
    _patch(path, "xl/workbook.xml",
           lambda t: t.replace("<workbookPr", '<fileVersion appName="xl"/><workbookPr', 1))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/calcChain.xml", '<calcChain><c r="I2" i="1"/></calcChain>')
    caseload = read_caseload(path)
    assert caseload.unreadable[("Dossiers", 2, "perspective_on")].code == "formula-without-value"


def test_a_dossier_number_made_a_number_stays_as_read(book, tmp_path):
    book.dossier(2026.1, registered_on=D(2026, 10, 1))
    book.network(2026.1, name="Maria Peeters")
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    (dossier,) = caseload.dossiers
    assert dossier.id == "2026.1"
    assert [m.name for m in caseload.network_of("2026.1")] == ["Maria Peeters"]
    (finding,) = [f for f in caseload.findings if f.cell == "A2" and f.sheet == "Dossiers"]
    assert finding.code == "dossier-as-number"
    assert all(n in finding.message for n in ("2026-1,", "2026-10", "2026-100"))


@pytest.mark.parametrize(("raw", "expected"), [
    (2026.1, ["2026-1", "2026-10", "2026-100"]),
    (2026.12, ["2026-12", "2026-120"]),
    (2026.123, ["2026-123"]),
    (D(2026, 1, 1), ["2026-01"]),
    (D(2026, 1, 14), []),
])
def test_the_probable_dossier_numbers(raw, expected):
    assert probable_numbers(raw) == expected


def test_an_unreadable_closure_makes_the_dossier_unknown_whatever_the_flow(book, tmp_path):
    from eenplan.flows import load_flows
    from eenplan.flows.overdue import overdue_items

    book.dossier("2026-001", flow="eerstelijnspsycholoog", registered_on=D(2026, 9, 1),
                 closed_on="31/09/2026", closure_reason="Doelen bereikt")
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    (item,) = overdue_items(caseload, load_flows(None), today=D(2026, 11, 23))
    assert (item.status.value, item.cell) == ("unknown", "K2")


def test_the_first_unreadable_pause_of_a_dossier_makes_it_unknown(book, tmp_path):
    from eenplan.flows import load_flows
    from eenplan.flows.overdue import overdue_items

    book.dossier("2026-001", registered_on=D(2026, 9, 1))
    book.dossier("2026-002", registered_on=D(2026, 9, 1))
    book.pause(" 2026-001", start=D(2026, 9, 5), end="31/09/2026")  # row 2: its end
    book.pause("2026-001", start="30/02/2026")  # row 3: its start, but row 2 comes first
    book.pause("2026-002", start=D(2026, 9, 5), end=D(2026, 9, 20))
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    items = overdue_items(caseload, load_flows(None), today=D(2026, 11, 23))
    (unknown,) = [i for i in items if i.status.value == "unknown"]
    assert (unknown.dossier, unknown.cell) == ("2026-001", "Pauzes!C2")
    assert "2026-002" in {i.dossier for i in items}
