"""A clock eenplan cannot count on is never an empty list (DESIGN.md §5).

Each test is a way teams fill in a workbook that `check` already flags, and that the overdue
list, the digest and Achterstand.xlsx read as "nothing late" before: an aanmelding left empty, a
date of something that happened typed after today, a pause without its Van, a Traject that is
a formula without its value, the Dossier column renamed, a header row deleted, one begeleider
typed three ways.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.flows.digest import Unjudged
from tests.conftest import TODAY  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _items(runner, path: Path, *extra: str) -> tuple[int, list[dict]]:
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF, *extra])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["items"]


def test_an_open_dossier_without_its_aanmelding_is_not_judged(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=None)
    path = book.save(tmp_path / "Caseload.xlsx")
    code, items = _items(runner, path)
    assert code == 1
    assert [(i["dossier"], i["status"], i["cell"]) for i in items] == [("2026-001", "unknown", "H2")]


def test_a_closed_dossier_without_its_aanmelding_is_left_alone(runner, book, tmp_path):
    book.dossier("2026-001", registered_on=None, closed_on=D(2026, 11, 1),
                 closure_reason="Doelen bereikt")
    code, items = _items(runner, book.save(tmp_path / "Caseload.xlsx"))
    assert (code, items) == (0, [])


@pytest.mark.parametrize(("cells", "cell"), [
    ({"registered_on": D(2027, 9, 1)}, "H2"),  # a year typed wrong: not "not due yet"
    ({"registered_on": D(2026, 9, 1), "perspective_on": D(2026, 12, 15)}, "I2"),  # planned: not done
])
def test_a_date_of_something_that_happened_after_today_is_not_judged(runner, book, tmp_path, cells,
                                                                      cell):
    book.dossier("2026-001", begeleider="An Claes", **cells)
    code, items = _items(runner, book.save(tmp_path / "Caseload.xlsx"))
    assert code == 1
    assert [(i["status"], i["cell"]) for i in items] == [("unknown", cell)]


def test_a_perspective_conversation_not_held_yet_is_still_judged(runner, book, tmp_path):
    """An empty date of a later step is waiting, as before: only the first clock must start."""
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1))
    code, items = _items(runner, book.save(tmp_path / "Caseload.xlsx"))
    assert code == 0
    assert [(i["status"], i["step"]) for i in items] == [("overdue", "perspectiefgesprek")]


def test_a_pause_without_its_van_makes_the_dossier_not_judged(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1))
    book.pause("2026-001", start=None, end=D(2026, 10, 10))
    code, items = _items(runner, book.save(tmp_path / "Caseload.xlsx"))
    assert code == 1
    assert [(i["status"], i["cell"]) for i in items] == [("unknown", "Pauzes!B2")]


def test_a_pause_without_its_van_is_said_on_the_step_still_running(runner, book, tmp_path):
    """The perspectiefgesprek was held: the clock that pause would stop is the closure's."""
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 5, 1),
                 perspective_on=D(2026, 6, 10))
    book.pause("2026-001", start=None, end=D(2026, 10, 10))
    code, [item] = _items(runner, book.save(tmp_path / "Caseload.xlsx"))
    assert (code, item["status"], item["cell"]) == (1, "unknown", "Pauzes!B2")
    assert item["step"] != "perspectiefgesprek"


def test_a_traject_formula_without_its_value_is_not_called_empty(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", flow="=Lijsten!Z1")  # openpyxl: no value
    path = book.save(tmp_path / "Caseload.xlsx")
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    [finding] = [f for f in json.loads(check.output)["findings"] if f["cell"] == "C2"]
    code, [item] = _items(runner, path)
    assert (code, item["status"], item["step"]) == (1, "unknown", "traject")
    assert item["reason"] == finding["message"]


def test_without_the_dossier_column_nothing_is_judged(runner, book, tmp_path):
    from eenplan.sheets.schema import DOSSIERS_SCHEMA

    book.dossier("2026-001", begeleider="An Claes")
    book.pause("2026-001", start=D(2026, 9, 5))
    headers = ["Dossiernr" if c.header == "Dossier" else c.header for c in DOSSIERS_SCHEMA.columns]
    path = book.with_headers("Dossiers", headers).save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Dossiernr" in result.output


def test_a_deleted_header_row_is_one_finding_and_no_list(runner, book, tmp_path):
    for number in ("2026-001", "2026-002", "2026-003"):
        book.dossier(number, begeleider="An Claes")
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Dossiers"].delete_rows(1)
    workbook.save(path)
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    on_dossiers = [f["code"] for f in json.loads(check.output)["findings"] if f["sheet"] == "Dossiers"]
    assert on_dossiers == ["no-header"]
    overdue = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert overdue.exit_code == 2 and "Niets te laat" not in overdue.output


def test_an_empty_dossiers_sheet_is_not_called_missing(runner, book, tmp_path):
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Dossiers"].delete_rows(1)
    workbook.save(path)
    from eenplan.sheets.reader import read_caseload

    layout = read_caseload(path).layouts["Dossiers"]
    assert layout.blank and not layout.present
    overdue = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert overdue.exit_code == 2 and "ontbreekt" not in overdue.output


def test_one_begeleider_typed_three_ways_is_one_group_named_as_on_lijsten(runner, book, tmp_path):
    for number, written in (("2026-001", "An Claes"), ("2026-002", "an claes"),
                            ("2026-003", "An  Claes")):
        book.dossier(number, begeleider=written)
    path = book.save(tmp_path / "Caseload.xlsx")
    _, items = _items(runner, path)
    assert {i["begeleider"] for i in items} == {"An Claes"}
    _, hers = _items(runner, path, "--begeleider", "AN CLAES")
    assert len(hers) == 3


def test_the_digest_counts_unjudged_dossiers_not_cells():
    unjudged = Unjudged((("2026-001", "Afspraken!I7", "a"), ("2026-001", "Afspraken!I9", "b"),
                         ("2026-002", "H3", "c")))
    assert unjudged.dossier_count == 2
    assert unjudged.text_lines()[0].startswith("2 dossiers")


def test_the_digest_with_nothing_judgeable_is_no_all_clear(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on="31/02/2026")
    team = tmp_path / "team"
    team.mkdir()
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(team / "Caseload.xlsx")
    result = runner.invoke(cli, ["digest", "--team", str(team), *AS_OF])
    assert "niets te laat" not in result.output.lower()


def test_a_list_printed_where_the_arrow_has_no_character_is_whole(book, tmp_path):
    """A Windows console in cp850, or the list redirected to a file in cp1252."""
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "eenplan", "overdue", "--workbook", str(path),
                           "--as-of", "23/11/26"], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert b"01/09/2026 -> 01/10/2026" in done.stdout


def test_a_damaged_workbook_is_said_without_the_library_s_english(runner, tmp_path):
    import zipfile

    path = tmp_path / "Caseload.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # a zip, but no workbook in it
        archive.writestr("iets.txt", "geen werkmap")
    result = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2
    assert "beschadigd" in result.output and "not found" not in result.output.lower()


def test_an_opendocument_sheet_named_xlsx_is_called_what_it_is(runner, tmp_path):
    import zipfile

    path = tmp_path / "Caseload.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # as LibreOffice writes it: mimetype first, stored
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    result = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2
    assert ".ods" in result.output


def test_click_s_own_words_about_a_folder_are_dutch(runner, tmp_path):
    result = runner.invoke(cli, ["check", "--workbook", str(tmp_path), *AS_OF])
    assert result.exit_code == 2
    assert "File" not in result.output and "is een map" in result.output


def test_a_round_table_to_come_without_its_hour_is_a_warning(book, tmp_path):
    from tests.conftest import check_book, found

    book.dossier("2026-001")
    book.dossier("2026-002", closed_on=D(2026, 11, 1), closure_reason="Doelen bereikt")
    book.round_table("2026-001", date=D(2026, 12, 7))  # to come, no Uur: said
    book.round_table("2026-001", date=D(2026, 10, 5))  # held: nothing to say
    book.round_table("2026-001", date=D(2026, 12, 14), time=datetime.time(9, 30))
    book.round_table("2026-002", date=D(2026, 12, 7))  # a closed dossier's: no letters
    report = check_book(book, tmp_path)
    assert found(report, "round-table-without-hour") == [("Rondetafels", "C2")]


@pytest.mark.parametrize("sheet", ["Pauzes", "Rondetafels", "Afspraken"])
def test_a_damaged_sheet_the_list_needs_gives_no_list(runner, book, tmp_path, sheet):
    """Read as empty, a damaged Pauzes makes a paused family late, a damaged Afspraken drops
    every agreement: no list, one sentence, exit 2; check says it once."""
    from tests.test_far_cells import inject

    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 9, 1))
    book.pause("2026-001", start=D(2026, 9, 10))
    book.round_table("2026-001", date=D(2026, 10, 5), next_date=D(2026, 11, 1))
    book.agreement("2026-001", due=D(2026, 11, 10), status="open")
    path = inject(book.save(tmp_path / "Caseload.xlsx"), sheet,
                  b'<row r="9"><c r="A9" t="zz"><v>1</v></c></row>')
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert sheet in result.output
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    codes = [f["code"] for f in json.loads(check.output)["findings"] if f["sheet"] == sheet]
    assert codes == ["sheet-unreadable"]


def test_without_a_header_on_dossiers_no_row_elsewhere_is_called_unknown(runner, book, tmp_path):
    book.dossier("2026-001").network("2026-001").pause("2026-001")
    path = book.save(tmp_path / "Caseload.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Dossiers"].delete_rows(1)
    workbook.save(path)
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert "unknown-dossier" not in {f["code"] for f in json.loads(check.output)["findings"]}


def test_json_to_a_stream_without_the_character_escapes_it(book, tmp_path):
    book.dossier("2026-001", family="Familie Şahin", begeleider="An Claes",
                 registered_on=D(2026, 9, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "eenplan", "overdue", "--workbook", str(path),
                           "--format", "json", "--as-of", "23/11/26"], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("cp1252"))["items"][0]["family"] == "Familie Şahin"
