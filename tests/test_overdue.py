"""`eenplan overdue`: the right dossiers, steps and dates; table, JSON (DESIGN.md §5) and xlsx."""

from __future__ import annotations

import datetime
import json
import time

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.flows import load_flows
from eenplan.flows.deadlines import Status
from eenplan.flows.overdue import (
    FLOW_STEP,
    NUMBER_STEP,
    UnknownBegeleider,
    overdue_items,
    overdue_table,
    select_begeleider,
    to_json,
)
from eenplan.sheets.reader import read_caseload
from tests.conftest import TODAY  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


@pytest.fixture
def caseload_book(book):
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # due 01/11: late
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 10, 30))  # due 30/11: soon
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 10, 23))  # due 23/11
    book.dossier("2026-004", begeleider="Bart Peeters", registered_on=D(2026, 11, 10))  # open
    book.dossier("2026-005", begeleider="Bart Peeters", registered_on=D(2026, 9, 1))  # paused
    book.pause("2026-005", start=D(2026, 9, 20))
    book.dossier("2026-006", registered_on=D(2026, 9, 1), closed_on=D(2026, 9, 10),
                 closure_reason="Verhuisd")  # closed: nothing
    book.dossier("2026-007", begeleider="Sofie Janssens", registered_on=D(2026, 3, 2),
                 perspective_on=D(2026, 3, 20))  # afsluiting due 20/07: late, a warning
    book.dossier("2026-009", registered_on=D(2026, 10, 2))  # no begeleider yet, late
    return book


def items_of(book, tmp_path, **kwargs):
    path = book.save(tmp_path / "Caseload.xlsx")
    return overdue_items(read_caseload(path), load_flows(), today=TODAY, **kwargs)


def test_each_dossier_at_its_step_and_date(caseload_book, tmp_path):
    items = items_of(caseload_book, tmp_path)
    got = [(i.begeleider, i.dossier, i.step, i.status, i.due, i.days_overdue) for i in items]
    assert got == [
        ("An Claes", "2026-001", "perspectiefgesprek", Status.OVERDUE, D(2026, 11, 1), 22),
        ("An Claes", "2026-002", "perspectiefgesprek", Status.DUE_SOON, D(2026, 11, 30), -7),
        ("Bart Peeters", "2026-003", "perspectiefgesprek", Status.DUE_SOON, D(2026, 11, 23), 0),
        ("Bart Peeters", "2026-005", "perspectiefgesprek", Status.PAUSED, D(2026, 12, 5), -12),
        ("Sofie Janssens", "2026-007", "afsluiting", Status.OVERDUE, D(2026, 7, 20), 126),
        ("", "2026-009", "perspectiefgesprek", Status.OVERDUE, D(2026, 11, 2), 21),
    ]
    paused = items[3]
    assert paused.paused_since == D(2026, 9, 20)
    assert paused.when(TODAY) == "pauze: 65 dagen"
    assert items[4].severity == "warning" and items[4].norm == "binnen 4 maanden na het perspectiefgesprek"


def test_a_dossier_without_a_known_flow_or_a_number_cannot_be_judged(book, tmp_path, runner):
    """An empty or unknown Traject gives no norm, a row without its number has no pauses: the
    dossier is shown as not judged, with the cell and what to do, never left out (it could be
    months late)."""
    book.dossier("2026-001", registered_on=D(2026, 10, 1), flow="gezinscoaching")
    book.dossier("2026-002", registered_on=D(2026, 10, 1), flow="")
    book.dossier("2026-003", registered_on=D(2026, 10, 1), flow="gezinscoaching",
                 closed_on=D(2026, 10, 20), closure_reason="Verhuisd")  # closed: nothing to judge
    book.dossier(None, registered_on=D(2026, 8, 1))  # its number not typed yet: months late?
    items = items_of(book, tmp_path)
    assert [(i.dossier, i.step, i.status, i.cell) for i in items] == [
        ("", NUMBER_STEP, Status.UNKNOWN, "A5"),
        ("2026-001", FLOW_STEP, Status.UNKNOWN, "C2"), ("2026-002", FLOW_STEP, Status.UNKNOWN, "C3")]
    assert all(i.reason for i in items) and "gezinscoaching" in items[1].reason
    table = overdue_table(items, today=TODAY)
    assert table.splitlines()[0] == "(geen begeleider): 3 dossiers niet te beoordelen"
    assert max(len(line) for line in table.splitlines()) <= 80
    result = runner.invoke(cli, ["overdue", "--workbook", str(tmp_path / "Caseload.xlsx"), *AS_OF])
    assert result.exit_code == 1, result.output


def test_a_closure_after_today_is_not_judged_as_closed(book, tmp_path):
    """A Datum afsluiting ahead (planned, or the year typed wrong) does not make a late
    family vanish from the list: it cannot be judged, and the cell says why."""
    book.dossier("2026-001", registered_on=D(2026, 9, 1), closed_on=D(2026, 12, 15),
                 closure_reason="Verhuisd")
    book.dossier("2026-002", registered_on=D(2026, 9, 1), closed_on=TODAY, closure_reason="Verhuisd")
    items = items_of(book, tmp_path)
    assert [(i.dossier, i.step, i.status, i.cell) for i in items] == [
        ("2026-001", "afsluiting", Status.UNKNOWN, "K2")]


def test_soon_replaces_the_warning_window(caseload_book, tmp_path):
    wide = items_of(caseload_book, tmp_path, soon=20)
    assert "2026-004" in {i.dossier for i in wide if i.status is Status.DUE_SOON}
    narrow = items_of(caseload_book, tmp_path, soon=0)
    assert [i.dossier for i in narrow if i.status is Status.DUE_SOON] == ["2026-003"]


def test_one_begeleider(caseload_book, tmp_path):
    items = items_of(caseload_book, tmp_path)
    known = ["An Claes", "Bart Peeters", "Sofie Janssens", "Els Maes"]
    assert [i.dossier for i in select_begeleider(items, " an  CLAES", known=known)] == [
        "2026-001", "2026-002"]
    assert select_begeleider(items, "Els Maes", known=known) == ()
    assert [i.dossier for i in select_begeleider(items, "(geen begeleider)", known=known)] == ["2026-009"]
    with pytest.raises(UnknownBegeleider, match="Bedoel je An Claes?"):
        select_begeleider(items, "An Klaes", known=known)


def test_the_table_fits_80_columns(caseload_book, tmp_path):
    table = overdue_table(items_of(caseload_book, tmp_path), today=TODAY)
    assert max(len(line) for line in table.splitlines()) <= 80
    assert table.splitlines()[0] == "An Claes: 1 te laat, 1 binnenkort"
    assert "(geen begeleider): 1 te laat" in table
    assert "pauze: 65 dagen" in table and "vandaag" in table and "22 dagen te laat" in table
    assert table.splitlines()[-1] == "Samen: 3 te laat, 2 binnenkort, 1 gepauzeerd (op 23/11/2026)."
    assert overdue_table((), today=TODAY) == "Niets te laat en niets binnenkort op 23/11/2026."


def test_the_json_is_design_5_and_the_library_result(runner, caseload_book, tmp_path):
    path = caseload_book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    caseload = read_caseload(path)
    assert data == to_json(overdue_items(caseload, load_flows(), today=TODAY), today=TODAY,
                           open_dossiers=caseload.open_dossiers)
    assert data["as_of"] == "2026-11-23"
    first = data["items"][0]
    assert first == {"dossier": "2026-001", "family": first["family"], "begeleider": "An Claes",
                     "flow": "procesbegeleiding", "step": "perspectiefgesprek", "start": "2026-10-01",
                     "due": "2026-11-01", "status": "overdue", "days_overdue": 22,
                     "kind": "stap"}
    assert {i["status"] for i in data["items"]} == {"overdue", "due_soon", "paused"}


def test_the_command_filters_and_says_what_is_wrong(runner, caseload_book, tmp_path):
    path = caseload_book.save(tmp_path / "Caseload.xlsx")
    base = ["overdue", "--workbook", str(path), *AS_OF]
    result = runner.invoke(cli, [*base, "--begeleider", "bart peeters", "--soon", "30"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bart Peeters: 2 binnenkort, 1 gepauzeerd\n")
    assert "2026-004" in result.output and "An Claes" not in result.output
    result = runner.invoke(cli, [*base, "--begeleider", "Bart Peters"])
    assert result.exit_code == 2
    assert "Bedoel je Bart Peeters?" in result.output and "Traceback" not in result.output


def test_the_overview_adds_families_to_families_never_steps_to_families(runner, book, tmp_path):
    """Before: a "Samen" column added the steps late and due soon to the families paused, 5 for
    two families here. Now Gezinnen counts the families on the begeleider's sheet, each once,
    and the total row adds each column to itself."""
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # late
    book.agreement("2026-001", domain="Onderwijs", action="Bellen", due=D(2026, 11, 10),
                   status="open")  # late too
    book.agreement("2026-001", domain="Wonen", action="Huurcontract", due=D(2026, 11, 26),
                   status="open")  # due soon
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 9, 1))  # paused
    book.pause("2026-002", start=D(2026, 9, 20))
    book.agreement("2026-002", domain="Opvoeding", action="Ochtendschema", due=D(2026, 11, 1),
                   status="open")  # paused with its family
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 10, 2))  # late
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "rapporten" / "Achterstand.xlsx")["Overzicht"]
    rows = {row[0]: dict(zip(("Gezinnen", "Te laat", "Binnenkort", "Gepauzeerd", "Niet te beoordelen"),
                             row[1:], strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["An Claes"] == {"Gezinnen": 2, "Te laat": 2, "Binnenkort": 1, "Gepauzeerd": 1,
                                "Niet te beoordelen": 0}
    assert rows["Samen"]["Gezinnen"] == 3
    people = [who for who in rows if who != "Samen"]
    for column in rows["Samen"]:  # the total row adds like with like
        assert rows["Samen"][column] == sum(rows[who][column] for who in people)


def test_the_xlsx_one_sheet_a_begeleider_ready_to_print(runner, caseload_book, tmp_path):
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    caseload_book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 0, result.output
    assert "rapporten/Achterstand.xlsx" in result.output or "Achterstand.xlsx" in result.output
    book = openpyxl.load_workbook(tmp_path / "rapporten" / "Achterstand.xlsx")
    assert book.sheetnames == ["Overzicht", "An Claes", "Bart Peeters", "Sofie Janssens",
                               "(geen begeleider)"]
    summary = [tuple(c.value for c in row) for row in book["Overzicht"].iter_rows()]
    assert summary[0] == ("Begeleider", "Gezinnen", "Te laat", "Binnenkort", "Gepauzeerd",
                          "Niet te beoordelen")
    assert summary[2] == ("Bart Peeters", 2, 0, 1, 1, 0)
    assert summary[-1] == ("Samen", 6, 3, 2, 1, 0)
    an = book["An Claes"]
    assert [c.value for c in an[2]][:2] == ["2026-001", an["B2"].value]
    assert an["G2"].value.date() == D(2026, 11, 1) and an["I2"].value == "22 dagen te laat"
    assert an["H3"].value == "binnenkort" and an["I3"].value.startswith("nog ")  # as the terminal
    assert [c.value for c in an[1]][8] == "Dagen" and an.row_dimensions[2].height >= 15
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert not list(tmp_path.glob("rapporten/.eenplan-*"))


def test_closed_and_finished_dossiers_are_never_listed(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2025, 1, 1), closed_on=D(2025, 2, 1),
                 closure_reason="Verhuisd")
    book.dossier("2026-002", registered_on=D(2026, 9, 1), perspective_on=D(2026, 10, 20),
                 begeleider="An Claes")  # done late, afsluiting far ahead
    assert items_of(book, tmp_path) == ()


def test_the_team_flows_set_the_norms(runner, book, tmp_path):
    (tmp_path / "eenplan.toml").write_text("", encoding="utf-8")
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "procesbegeleiding.toml").write_text(
        '[[stap]]\nnaam = "perspectiefgesprek"\nklaar = "perspectiefgesprek"\nvanaf = "aanmelding"\n'
        "dagen = 30\nwaarschuwen = 3\n", encoding="utf-8")
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 31))  # 30 days: 30/11
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 10, 26))  # 25/11: soon
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    assert [(i["dossier"], i["due"], i["status"]) for i in items] == [("2026-002", "2026-11-25", "due_soon")]


def test_the_xlsx_is_the_same_bytes_for_the_same_day(runner, caseload_book, tmp_path):
    """Reproducible: Achterstand.xlsx carries the day it stands on, never the clock."""
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    caseload_book.save(tmp_path / "Caseload.xlsx")
    made = []
    for _ in range(2):
        result = runner.invoke(cli, ["overdue", "--team", str(tmp_path), "--format", "xlsx", *AS_OF])
        assert result.exit_code == 0, result.output
        made.append((tmp_path / "rapporten" / "Achterstand.xlsx").read_bytes())
        time.sleep(1.1)  # zip entries keep the time to two seconds: let the clock move on
    assert made[0] == made[1]


def test_a_paused_family_counts_once_however_many_of_its_steps_wait(runner, book, tmp_path):
    """A pause holds a family: its step, its agreement and its evaluation waiting are one family
    on hold in the summary, not three."""
    import datetime as _dt
    import json as _json

    from eenplan.flows.overdue import Counts

    d = _dt.date
    book.dossier("2026-001", begeleider="An Claes", registered_on=d(2026, 8, 1),
                 perspective_on=d(2026, 8, 20))
    book.pause("2026-001", start=d(2026, 9, 15))
    book.round_table("2026-001", date=d(2026, 9, 1))
    book.agreement("2026-001", round_table=d(2026, 9, 1), action="Schema", due=d(2026, 10, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json",
                                 "--as-of", "2026-11-23"])
    paused = [i for i in _json.loads(result.output)["items"] if i["status"] == "paused"]
    assert len(paused) >= 2 and {i["dossier"] for i in paused} == {"2026-001"}, result.output
    table = runner.invoke(cli, ["overdue", "--workbook", str(path), "--as-of", "2026-11-23"])
    assert "1 gepauzeerd" in table.output, table.output
    assert Counts.of([]).paused == 0
