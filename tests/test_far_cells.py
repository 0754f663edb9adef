"""Issue 17, case 3: one value far past the data does not kill eenplan (calamine would abort)."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from eenplan.sheets.extent import sheet_reaches
from eenplan.watcher.run import UNREADABLE, run_once

FAR = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
LOW = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def inject(path: Path, sheet: str, row: bytes, after: bytes = b"") -> Path:
    """Add ``row`` at the end of ``sheet``'s data, as a hand-edited file would have it (the
    <dimension> left as it was), and ``after`` right after the data."""
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
        workbook = source.read("xl/workbook.xml").decode()
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{sheet}"[^>]*r:id="(\w+)"', workbook).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    part = "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            if item.filename == part:
                data = data.replace(b"</sheetData>", row + b"</sheetData>" + after)
            out.writestr(item, data)
    return path


def eenplan(*args: str) -> subprocess.CompletedProcess[str]:
    # a subprocess: without the guard, calamine aborts the whole process
    return subprocess.run([sys.executable, "-m", "eenplan", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("sheet", "row", "cell"), [("Lijsten", FAR, "XFD1048576"),
                                                     ("Dossiers", LOW, "A1048576")])
def test_a_value_far_past_the_data_is_one_sentence_not_a_crash(book, tmp_path, sheet, row, cell):
    book.dossier("2026-001")
    path = inject(book.save(tmp_path / "Caseload.xlsx"), sheet, row)
    result = eenplan("check", "--workbook", str(path), "--as-of", "2026-11-23")
    assert result.returncode == 2, result.stderr
    said = result.stdout + result.stderr
    assert f"blad {sheet}" in said and cell in said and "Ctrl+End" in said
    assert "Traceback" not in said and "memory allocation" not in said
    assert said.strip().count("\n") == 0


def test_the_watcher_survives_a_far_value_and_reads_the_next_save(book, tmp_path):
    from eenplan.team.folder import find_team

    book.dossier("2026-001")
    (tmp_path / "eenplan.toml").write_text("", encoding="utf-8")
    inject(book.save(tmp_path / "Caseload.xlsx"), "Lijsten", FAR)
    team = find_team(team=tmp_path, workbook=None)
    now = datetime.datetime(2026, 11, 23, 9, 0)
    bad = run_once(team, now=now)
    assert bad.outcome == UNREADABLE and "XFD1048576" in bad.message
    book.save(tmp_path / "Caseload.xlsx")
    assert run_once(team, now=now, unchanged_since=bad.sha256).ok


def test_normal_sheets_reach_as_far_as_their_data(book, tmp_path):
    book.dossier("2026-001").dossier("2026-002").network("2026-002", name="Els")
    reaches = {r.sheet: r for r in sheet_reaches(book.save(tmp_path / "c.xlsx"))}
    assert reaches["Dossiers"].rows == 3 and not reaches["Dossiers"].too_far
    assert reaches["Netwerk"].rows == 2


def test_the_reach_pass_tells_which_sheets_may_hold_formulas(book, tmp_path):
    # The reader skips its own formula look on a sheet this pass found none in (issue 18).
    book.dossier("2026-001").dossier("2026-002", registered_on="=H2+10").network("2026-002")
    reaches = {r.sheet: r for r in sheet_reaches(book.save(tmp_path / "c.xlsx"))}
    assert reaches["Dossiers"].may_hold_formulas
    assert not reaches["Netwerk"].may_hold_formulas
    assert reaches["Netwerk"].part.startswith("xl/worksheets/")


_FILTER = (b'<autoFilter ref="A1:I3"><filterColumn colId="2"><filters><filter val="Buur"/></filters>'
           b"</filterColumn></autoFilter>")
_TEXT = b'<c r="B20000" t="inlineStr"><is><t>Persoon</t></is></c>'


@pytest.mark.parametrize(("cell", "after", "formulas"), [
    (b'<c r="B20000"><f t="shared" ref="B20000:B20001" si="0">A3+1</f><v>2</v></c>', b"", True),
    (b'<c r="B20000"><f\n>A3+1</f><v>2</v></c>', b"", True),
    (_TEXT, b"", False),
    (_TEXT, _FILTER, False),  # a filter's tags begin with "<f" too
])
def test_only_a_formula_tag_counts_as_a_formula(book, tmp_path, cell, after, formulas):
    # past a million bytes of the sheet: the tag is looked for window by window
    book.dossier("2026-001").network("2026-001")
    filler = b"".join(b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>Persoon %d</t></is></c></row>'
                      % (number, number, number) for number in range(10, 19_000))
    path = inject(book.save(tmp_path / "c.xlsx"), "Netwerk", filler + b'<row r="20000">' + cell + b"</row>",
                  after)
    reaches = {r.sheet: r for r in sheet_reaches(path)}
    assert reaches["Netwerk"].size > 1 << 20
    assert reaches["Netwerk"].may_hold_formulas is formulas


@pytest.mark.parametrize(("far", "named"), [
    ({"Dossiers": LOW, "Lijsten": FAR}, "Dossiers"),  # the largest (Netwerk) reaches no further
    ({"Netwerk": LOW, "Lijsten": FAR}, "Netwerk"),  # the largest, looked at before the others
    ({"Pauzes": FAR, "Afspraken": LOW}, "Pauzes"),  # both looked at while Netwerk is parsed
])
def test_the_first_sheet_that_reaches_too_far_is_named_whichever_is_largest(book, tmp_path, far, named):
    # The reader looks at the largest sheet first and at the others while calamine parses it
    # (issue 18); the sentence names the same sheet as when all were looked at first.
    book.dossier("2026-001").pause("2026-001").agreement("2026-001")
    for number in range(300):
        book.network("2026-001", name=f"Persoon {number}")
    path = book.save(tmp_path / "Caseload.xlsx")
    for sheet, row in far.items():
        inject(path, sheet, row)
    result = eenplan("check", "--workbook", str(path), "--as-of", "2026-11-23")
    assert result.returncode == 2, result.stderr
    said = result.stdout + result.stderr
    assert f"blad {named} " in said and "Ctrl+End" in said and "Traceback" not in said


def test_a_damaged_sheet_parsed_beside_another_is_skipped_with_a_finding(book, tmp_path):
    from eenplan.sheets import codes
    from eenplan.sheets.reader import read_caseload

    book.dossier("2026-001").pause("2026-001").round_table("2026-001")
    for number in range(300):
        book.network("2026-001", name=f"Persoon {number}")
    path = inject(book.save(tmp_path / "Caseload.xlsx"), "Pauzes",
                  b'<row r="9"><c r="A9" t="zz"><v>1</v></c></row>')  # calamine: unknown type
    caseload = read_caseload(path)
    assert [f.sheet for f in caseload.findings if f.code == codes.SHEET_UNREADABLE.name] == ["Pauzes"]
    assert len(caseload.network) == 300 and len(caseload.round_tables) == 1


def test_a_damaged_dossiers_sheet_parsed_beside_netwerks_records_is_one_sentence(book, tmp_path):
    # Dossiers, the second largest, is parsed in a thread once Netwerk's cells are picked (issue 18)
    from eenplan.errors import WorkbookUnreadable
    from eenplan.sheets.reader import read_caseload

    book.dossier("2026-001").dossier("2026-002")
    for number in range(300):
        book.network("2026-001", name=f"Persoon {number}")
    path = inject(book.save(tmp_path / "Caseload.xlsx"), "Dossiers",
                  b'<row r="9"><c r="A9" t="zz"><v>1</v></c></row>')
    with pytest.raises(WorkbookUnreadable, match="blad Dossiers .* beschadigd"):
        read_caseload(path)
