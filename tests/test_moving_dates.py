"""A date cell with =VANDAAG() or =NU() (TODAY(), NOW() in the file): its value is the day the
workbook was last calculated, so the wait counted from it moved a day at every save and `overdue`
said all was well. Such a date is not usable (``moving-date``, an error) and its dossier's step
is "niet te beoordelen"."""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.flows import check, flow_names
from eenplan.flows.loader import load_flows
from eenplan.flows.overdue import overdue_items
from eenplan.sheets.reader import read_caseload
from tests.builders import CaseloadBuilder

TODAY = datetime.date(2026, 12, 7)
AS_OF = ("--as-of", TODAY.isoformat())
SAVED_ON = (datetime.date(2026, 12, 6) - datetime.date(1899, 12, 30)).days  # the day it was saved


def _formulas(path: Path, member: str, cells: dict[str, str]) -> Path:
    """Each cell (by its address) made the formula given, with its value as Excel computed it
    on the day of the save, keeping the cell's style (a date format)."""
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                text = data.decode()
                for ref, formula in cells.items():
                    text, n = re.subn(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)',
                                      lambda m, ref=ref, formula=formula:
                                      f'<c r="{ref}"{m[1] or ""}>{formula}<v>{SAVED_ON}</v></c>',
                                      text, count=1)
                    assert n == 1, ref
                data = text.encode()
            archive.writestr(info, data)
    return path


def _book() -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-301", begeleider="An Claes", registered_on=datetime.date(2026, 10, 1),
                 perspective_on=datetime.date(2026, 10, 20))
    book.dossier("2026-302", begeleider="An Claes", registered_on=datetime.date(2026, 10, 2),
                 perspective_on=datetime.date(2026, 10, 21))
    return book


@pytest.mark.parametrize(("formula", "shown"), [
    ("<f>TODAY()</f>", "=TODAY()"),
    ("<f>NOW()</f>", "=NOW()"),
    ("<f>IF(H2=\"\",\"\",TODAY())</f>", "=IF(H2=\"\",\"\",TODAY())"),
])
def test_a_date_from_today_is_no_date_and_its_step_cannot_be_judged(tmp_path, formula, shown):
    path = _formulas(_book().save(tmp_path / "Caseload.xlsx"), "xl/worksheets/sheet1.xml",
                     {"I2": formula.replace("&", "&amp;").replace('"', "&quot;")})
    caseload = read_caseload(path)
    assert caseload.dossiers[0].perspective_on is None
    assert caseload.dossiers[1].perspective_on == datetime.date(2026, 10, 21)
    finding = caseload.unreadable[("Dossiers", 2, "perspective_on")]
    assert (finding.code, finding.severity, finding.cell, finding.value, finding.dossier) == (
        "moving-date", "error", "I2", shown, "2026-301")
    report = check(caseload, today=TODAY, flow_names=flow_names())
    assert [(f.code, f.cell) for f in report.findings if f.severity == "error"] == [("moving-date", "I2")]
    items = overdue_items(caseload, load_flows(None), today=TODAY)
    assert [(i.dossier, i.status.value, i.cell) for i in items] == [("2026-301", "unknown", "I2")]


def test_a_formula_filled_down_is_found_in_every_cell(tmp_path):
    """Excel writes a formula filled down once, the cells below naming it (a shared formula)."""
    path = _formulas(_book().save(tmp_path / "Caseload.xlsx"), "xl/worksheets/sheet1.xml", {
        "I2": '<f t="shared" ref="I2:I3" si="0">TODAY()</f>', "I3": '<f t="shared" si="0"/>'})
    caseload = read_caseload(path)
    assert sorted(caseload.unreadable) == [("Dossiers", 2, "perspective_on"),
                                           ("Dossiers", 3, "perspective_on")]
    assert {f.code for f in caseload.unreadable.values()} == {"moving-date"}


def test_a_formula_filled_down_without_today_is_its_value_beside_one_with_today(tmp_path):
    book = _book()
    book.dossier("2026-303", registered_on=datetime.date(2026, 10, 3),
                 perspective_on=datetime.date(2026, 10, 22))
    path = _formulas(book.save(tmp_path / "Caseload.xlsx"), "xl/worksheets/sheet1.xml", {
        "I2": '<f t="shared" ref="I2:I3" si="0">H2+66</f>', "I3": '<f t="shared" si="0"/>',
        "I4": "<f>TODAY()</f>"})
    caseload = read_caseload(path)
    assert list(caseload.unreadable) == [("Dossiers", 4, "perspective_on")]


def test_an_agreement_due_two_weeks_from_today_is_not_judged_on_it(tmp_path):
    book = _book()
    book.agreement("2026-301", action="Afspraak met school", who="Mama",
                   due=datetime.date(2026, 12, 1), status="open")
    path = book.save(tmp_path / "Caseload.xlsx")
    caseload = read_caseload(path)
    layout = caseload.layouts["Afspraken"]
    ref = layout.cell("due", 2)
    _formulas(path, "xl/worksheets/sheet5.xml", {ref: "<f>TODAY()+14</f>"})
    caseload = read_caseload(path)
    finding = caseload.unreadable[("Afspraken", 2, "due")]
    assert (finding.code, finding.cell) == ("moving-date", ref)


def test_other_formulas_and_today_outside_a_date_column_are_left_as_they_are(tmp_path):
    book = _book()
    book.dossier("2026-303", registered_on=datetime.date(2026, 11, 2), remarks="x")
    path = book.save(tmp_path / "Caseload.xlsx")
    layout = read_caseload(path).layouts["Dossiers"]
    remarks = layout.cell("remarks", 4)
    _formulas(path, "xl/worksheets/sheet1.xml", {
        "I2": "<f>H2+19</f>",  # a date from another: its value, as ever
        remarks: "<f>TODAY()</f>",  # the team's own business: not a date eenplan counts with
        "I3": "<f>TODAY()</f>",
    })
    caseload = read_caseload(path)
    assert list(caseload.unreadable) == [("Dossiers", 3, "perspective_on")]
    assert caseload.dossiers[0].perspective_on == datetime.date(2026, 12, 6)


def test_overdue_and_check_at_the_command_line(tmp_path, runner):
    path = _formulas(_book().save(tmp_path / "Caseload.xlsx"), "xl/worksheets/sheet1.xml",
                     {"I2": "<f>TODAY()</f>"})
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    assert [(i["dossier"], i["status"]) for i in json.loads(result.output)["items"]] == [
        ("2026-301", "unknown")]
    checked = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert checked.exit_code == 1, checked.output
    assert [f["code"] for f in json.loads(checked.output)["findings"]] == ["moving-date"]
