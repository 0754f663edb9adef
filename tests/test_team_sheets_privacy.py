"""The team's own sheets (case notes, an archive) and copies beside the workbook, in retention,
the inzage and restore: their rows of a family go with the family's, and what eenplan cannot
tell is named, never read as nothing."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import openpyxl

from eenplan.cli import cli
from eenplan.watcher.snapshots import Snapshots

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]
SECRET = "gokschulden van papa"
COPY = "Caseload (Conflicterende kopie van PC-An).xlsx"


def _team(book, folder: Path, *, header: str = "Dossier", unclear: bool = False) -> Path:
    (folder / "eenplan.toml").write_text(
        "[bewaren]\nmaanden = 12\n" + (f'[kolommen.Dossiers]\nDossier = "{header}"\n'
                                       if header != "Dossier" else ""), encoding="utf-8")
    book.dossier("2025-001", family="Familie Oudenaerde", registered_on=D(2025, 1, 6),
                 closed_on=D(2025, 5, 2), closure_reason="Doelen bereikt")
    book.dossier("2026-002", family="Familie Blijft", registered_on=D(2026, 1, 6))
    book.network("2025-001", name="Oma Lutgard").network("2026-002", name="Buur Jef")
    workbook = book.save(folder / "Caseload.xlsx")
    wb = openpyxl.load_workbook(workbook)
    for cell in wb["Dossiers"][1]:  # the team's name for the column ([kolommen])
        if cell.value == "Dossier":
            cell.value = header
    notes = wb.create_sheet("Contactmomenten")
    notes.append(["Gemaakt door het team"])  # a title above the header row
    notes.append([header, "Datum", "Notitie"])
    notes.append(["2026-002", datetime.datetime(2026, 11, 12), "Telefoon met de school"])
    notes.append(["2025/001", datetime.datetime(2025, 3, 3), SECRET])  # dossier_key: 2025-001
    notes.append(["2026-002", datetime.datetime(2026, 11, 19), "Huisbezoek"])
    if unclear:
        overview = wb.create_sheet("Overzicht")
        overview["B3"], overview["C3"] = "Totaal", 5
    wb.save(workbook)
    return workbook


def _values(path: Path) -> list[object]:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_retention_empties_the_team_sheets_rows_in_the_snapshots_and_lists_them(runner, book, tmp_path):
    _team(book, tmp_path, header="Dossiernr.")
    assert runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF]).exit_code in (0, 1)
    [snapshot] = Snapshots(tmp_path / ".eenplan").all()
    assert SECRET in _values(snapshot.path)

    result = runner.invoke(cli, ["retention", "--delete", "--team", str(tmp_path), "--format", "json",
                                 *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [item] = data["items"]
    assert item["rows"]["Contactmomenten"] == [4]
    assert data["snapshots"]["not_looked_at"] == [] and data["sheets_not_looked_at"] == []
    values = _values(snapshot.path)
    assert SECRET not in values and "Huisbezoek" in values  # the other family's note stays
    table = runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF])
    assert "Contactmomenten 4" in " ".join(table.output.split())


def test_a_sheet_without_a_dossier_column_and_a_copy_beside_are_named(runner, book, tmp_path):
    workbook = _team(book, tmp_path, unclear=True)
    (tmp_path / COPY).write_bytes(workbook.read_bytes())
    assert runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF]).exit_code in (0, 1)
    result = runner.invoke(cli, ["retention", "--delete", "--team", str(tmp_path), "--format", "json",
                                 *AS_OF])
    assert result.exit_code == 1, result.output  # not an all-clear
    data = json.loads(result.output)
    assert data["sheets_not_looked_at"] == ["Overzicht"]
    assert data["snapshots"]["not_looked_at"] == ["Overzicht"]
    assert data["copies_beside"] == [COPY]
    assert SECRET in _values(tmp_path / COPY)  # the copy is never written


def test_the_inzage_holds_the_team_sheets_rows_and_names_what_it_could_not_see(runner, book, tmp_path):
    workbook = _team(book, tmp_path, unclear=True)
    (tmp_path / COPY).write_bytes(workbook.read_bytes())
    result = runner.invoke(cli, ["export", "2026-002", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    [folder] = (tmp_path / "rapporten" / "inzage").iterdir()
    rows = openpyxl.load_workbook(folder / "Gegevens.xlsx")
    assert rows.sheetnames == ["Dossiers", "Netwerk", "Contactmomenten"]
    notes = [[c.value for c in row] for row in rows["Contactmomenten"].iter_rows()]
    assert [r[0] for r in notes] == ["Dossier", "2026-002", "2026-002"]
    assert [r[2] for r in notes[1:]] == ["Telefoon met de school", "Huisbezoek"]
    said = " ".join(result.output.split())
    assert "Overzicht" in said and COPY in said


def test_the_inzage_names_a_row_whose_number_reads_as_the_dossiers(runner, book, tmp_path):
    book.network("2026-02", name="Tante Mia")  # 2026-002 typed without its zero: unknown-dossier
    _team(book, tmp_path)
    result = runner.invoke(cli, ["export", "2026-002", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Netwerk rij 2" in said and "2026-02" in said
    other = runner.invoke(cli, ["export", "2025-001", "--team", str(tmp_path), *AS_OF])
    assert "2026-02" not in other.output


def test_restore_brings_back_the_team_sheets_rows(runner, book, tmp_path):
    workbook = _team(book, tmp_path)
    assert runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF]).exit_code in (0, 1)
    [snapshot] = Snapshots(tmp_path / ".eenplan").all()
    result = runner.invoke(cli, ["restore", snapshot.name, "--dossier", "2026-002", "--team", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [restored] = [p for p in tmp_path.glob("Hersteld uit*.xlsx")]
    notes = openpyxl.load_workbook(restored)["Contactmomenten"]
    assert [c.value for c in notes["C"] if c.value] == ["Notitie", "Telefoon met de school", "Huisbezoek"]
    assert workbook.exists()


def test_the_overview_shows_the_team_sheet_as_a_table_without_its_dossier_column(runner, book, tmp_path):
    from docx import Document

    _team(book, tmp_path, header="Dossiernr.")
    result = runner.invoke(cli, ["export", "2026-002", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    [folder] = (tmp_path / "rapporten" / "inzage").iterdir()
    overview = Document(str(folder / "Overzicht.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in overview.tables]
    [notes] = [t for t in tables if t[0] == ["Datum", "Notitie"]]
    assert notes[1:] == [["12/11/2026", "Telefoon met de school"], ["19/11/2026", "Huisbezoek"]]
