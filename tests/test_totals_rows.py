"""A totals row the team made itself under its rows ("Totaal" and =COUNTA(B2:B80), no Excel
table): no dossier, not checked, not counted, and said once, for the team's information. Read as a
dossier "Totaal", it made three errors, a "niet te beoordelen" that never went, a family too many
in every count, and a "verdwenen" alarm when the team deleted it."""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.flows import check, flow_names
from eenplan.flows.loader import load_flows
from eenplan.flows.overdue import overdue_items
from eenplan.sheets.reader import read_caseload
from eenplan.watcher.run import run_once
from eenplan.watcher.snapshots import Inventory, vanished
from tests.builders import CaseloadBuilder
from tests.test_watch_work import NOW
from tests.watching import make_team

TODAY = datetime.date(2026, 12, 7)
AS_OF = ("--as-of", TODAY.isoformat())
SHEET_XML = {"Dossiers": "xl/worksheets/sheet1.xml", "Netwerk": "xl/worksheets/sheet2.xml"}


def _caseload_book() -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-301", begeleider="An Claes", registered_on=datetime.date(2026, 10, 1))
    book.dossier("2026-302", begeleider="An Claes", registered_on=datetime.date(2026, 11, 20))
    book.network("2026-301", name="Jan Janssens")
    return book


def _computed(path: Path, sheet: str, value: str = "2") -> None:
    """Give each formula of the sheet a computed value, as Excel or LibreOffice saves it
    (openpyxl writes none)."""
    member = SHEET_XML[sheet]
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                text = re.sub(r"(<f>[^<]*</f>)(?:<v>[^<]*</v>|<v\s*/>)?", rf"\1<v>{value}</v>",
                              data.decode())
                data = text.encode()
            archive.writestr(info, data)


def _save(book: CaseloadBuilder, path: Path, sheet: str, rows: list[list], *,
          computed: bool = True) -> Path:
    """The book, with ``rows`` appended to ``sheet`` as a team types them under its rows."""
    book.save(path)
    workbook = openpyxl.load_workbook(path)
    for row in rows:
        workbook[sheet].append(row)
    workbook.save(path)
    if computed:
        _computed(path, sheet)
    return path


# (the rows under the dossiers, the totals row's Excel row, the word's cell)
VARIANTS = {
    "totaal": ([["Totaal", "=COUNTA(B2:B3)"]], 4, "A4"),
    "totaal_blank": ([[], ["Totaal", "=COUNTA(B2:B3)"]], 5, "A5"),
    "totaal_b": ([["=COUNTA(A2:A3)", "Totaal"]], 4, "B4"),
    "colon_and_numbers": ([["TOTALEN:", 2, None, None, None, None, None, None, None, None,
                            None, None, "=SUM(M2:M3)"]], 4, "A4"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_totals_row_is_no_dossier_and_is_said_once(tmp_path, variant):
    rows, row, cell = VARIANTS[variant]
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers", rows)
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == ["2026-301", "2026-302"]
    report = check(caseload, today=TODAY, flow_names=flow_names())
    assert report.errors == 0, [(f.code, f.cell) for f in report.findings]
    assert report.dossiers == 2
    said = [(f.code, f.severity, f.row, f.cell) for f in report.findings if f.row == row]
    assert said == [("totals-row", "info", row, cell)]
    items = overdue_items(caseload, load_flows(None), today=TODAY)
    assert [(i.dossier, i.status.value) for i in items] == [("2026-301", "overdue")]


def test_a_totals_row_whose_formula_has_no_computed_value_is_no_dossier_either(tmp_path):
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers",
                 [["Totaal", "=COUNTA(B2:B3)"]], computed=False)
    report = check(read_caseload(path), today=TODAY, flow_names=flow_names())
    assert [(f.code, f.cell) for f in report.findings if f.row == 4] == [("totals-row", "A4")]
    assert report.errors == 0


def test_a_count_in_a_column_formatted_as_dates_is_a_number_still(tmp_path):
    """=COUNT(H2:H3) under Datum aanmelding, a column formatted as dates: calamine gives
    02/01/1900 for the 2 it counts."""
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers",
                 [["Totaal", None, None, None, None, None, None, "=COUNT(H2:H3)"]])
    workbook = openpyxl.load_workbook(path)
    workbook["Dossiers"]["H4"].number_format = "dd/mm/yyyy"
    workbook.save(path)
    _computed(path, "Dossiers")
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == ["2026-301", "2026-302"]
    assert [f.code for f in caseload.findings if f.row == 4] == ["totals-row"]


@pytest.mark.parametrize("number", ["Totaal", "Totaal-7", "Som 2026"])
def test_a_dossier_numbered_like_a_totals_word_with_data_is_a_dossier(tmp_path, number):
    book = _caseload_book()
    book.dossier(number, begeleider="An Claes", registered_on=datetime.date(2026, 11, 30))
    path = _save(book, tmp_path / "Caseload.xlsx", "Dossiers", [["Totaal", "=COUNTA(B2:B4)"]])
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == ["2026-301", "2026-302", number]
    assert [(f.code, f.row) for f in caseload.findings if f.code == "totals-row"] == [("totals-row", 5)]


def test_a_totals_word_beside_text_is_a_dossier_s_row(tmp_path):
    """Text beside the word ("Familie Totaal") is a dossier's data: that row is read and checked;
    the totals row under it is not."""
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers",
                 [["Totaal", "Familie Totaal"], ["Totaal", "=COUNTA(B2:B4)"]])
    caseload = read_caseload(path)
    assert [d.id for d in caseload.dossiers] == ["2026-301", "2026-302", "Totaal"]
    assert [(f.code, f.row) for f in caseload.findings if f.code == "totals-row"] == [("totals-row", 5)]


def test_a_totals_row_on_netwerk_is_no_network_member(tmp_path):
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Netwerk",
                 [["Aantal:", "=COUNTA(B2:B2)"]])
    caseload = read_caseload(path)
    assert [m.name for m in caseload.network] == ["Jan Janssens"]
    report = check(caseload, today=TODAY, flow_names=flow_names())
    assert [(f.sheet, f.code, f.cell) for f in report.findings if f.row == 3] == [
        ("Netwerk", "totals-row", "A3")]


def test_check_and_overdue_at_the_command_line(tmp_path, runner):
    path = _save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers",
                 [[], ["Totaal", "=COUNTA(B2:B3)"]])
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["dossiers"], data["errors"], data["warnings"]) == (2, 0, 0)
    assert [(f["code"], f["severity"], f["cell"]) for f in data["findings"]] == [
        ("totals-row", "info", "A5")]
    table = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    assert table.exit_code == 0, table.output
    overdue = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert [i["status"] for i in json.loads(overdue.output)["items"]] == ["overdue"]
    assert overdue.exit_code == 0, overdue.output


def test_the_watcher_does_not_say_a_deleted_totals_row_vanished(tmp_path):
    team = make_team(tmp_path, _caseload_book())
    _save(_caseload_book(), team.workbook, "Dossiers", [["Totaal", "=COUNTA(B2:B3)"]])
    first = run_once(team, now=NOW)
    assert first.ok, first.lines()
    _caseload_book().save(team.workbook)  # the team deletes its totals row
    again = run_once(team, now=NOW + datetime.timedelta(minutes=1))
    assert again.ok and not again.vanished, again.lines()


def test_an_inventory_kept_before_totals_rows_were_told_apart_loses_no_totaal(tmp_path):
    """The watcher's inventories written by an earlier eenplan hold "Totaal" as a dossier; the
    version read now does not: the first save after is no "dossier Totaal verdwenen"."""
    now = Inventory.of(read_caseload(_save(_caseload_book(), tmp_path / "Caseload.xlsx", "Dossiers",
                                           [["Totaal", "=COUNTA(B2:B3)"]])))
    earlier = Inventory.from_json({"dossiers": {"2026-301": "2026-301", "2026-302": "2026-302",
                                                "totaal": "Totaal"},
                                   "rows": {"Netwerk": {"2026-301": 1, "totaal": 1}}})
    assert not vanished(earlier, now)
    # written now, an inventory keeps a dossier Totaal that had data: its loss is said
    kept = Inventory.from_json(json.loads(json.dumps(Inventory(
        dossiers={**now.dossiers, "totaal": "Totaal"}, rows=now.rows).to_json())))
    assert vanished(kept, now).dossiers == ("Totaal",)
