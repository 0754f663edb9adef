"""`eenplan retention`: what is past the retention time, deleted only when asked, audited."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from eenplan.cli import cli
from eenplan.privacy.retention import expired_dossiers
from eenplan.sheets.reader import read_caseload
from eenplan.team.state import State

D = datetime.date
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]


def test_a_dossier_expires_the_day_after_its_months_are_up(book, tmp_path):
    book.dossier("2021-001", registered_on=D(2021, 6, 1), closed_on=D(2021, 10, 31))
    book.dossier("2021-002", registered_on=D(2021, 6, 1), closed_on=D(2021, 11, 23))
    book.dossier("2021-003", registered_on=D(2021, 6, 1), closed_on=D(2021, 11, 22))
    book.dossier("2021-004", registered_on=D(2021, 6, 1))  # open
    book.dossier("2021-005", registered_on=D(2021, 6, 1), closed_on=D(2021, 1, 5))
    book.dossier("2021-005", registered_on=D(2021, 6, 1))  # the same number, still open
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    found = expired_dossiers(caseload, months=60, today=TODAY)
    assert [(e.dossier, e.closed_on) for e in found] == [("2021-001", D(2021, 10, 31)),
                                                       ("2021-003", D(2021, 11, 22))]
    assert found[0].rows == {"Dossiers": (2,)}


def test_months_are_calendar_months_clamped_at_month_end(book, tmp_path):
    book.dossier("2026-001", registered_on=D(2026, 6, 1), closed_on=D(2026, 8, 31))
    caseload = read_caseload(book.save(tmp_path / "c.xlsx"))
    assert expired_dossiers(caseload, months=6, today=D(2027, 2, 28)) == ()
    assert [e.dossier for e in expired_dossiers(caseload, months=6, today=D(2027, 3, 1))] == ["2026-001"]


def _team(book, tmp_path: Path, months: int = 12) -> Path:
    (tmp_path / "eenplan.toml").write_text(f"[bewaren]\nmaanden = {months}\n", encoding="utf-8")
    book.dossier("2025-001", registered_on=D(2025, 1, 6), closed_on=D(2025, 5, 2),
                 closure_reason="Doelen bereikt")
    book.dossier("2025-002", registered_on=D(2025, 1, 6), closed_on=D(2026, 5, 2),
                 closure_reason="Doelen bereikt")
    book.network("2025-001", name="Oma Lutgard").network("2025-002").network("2025-001")
    book.round_table("2025-001", date=D(2025, 2, 3))
    workbook = book.save(tmp_path / "Caseload.xlsx")
    for number in ("2025-001", "2025-002"):
        folder = tmp_path / "out" / number
        folder.mkdir(parents=True)
        (folder / "Gezinsplan.docx").write_bytes(b"plan")
        (folder / "pdf").mkdir()
        (folder / "pdf" / "Gezinsplan.pdf").write_bytes(b"pdf")
    inzage = tmp_path / "rapporten" / "inzage" / "2025-001 2025-09-01"
    inzage.mkdir(parents=True)
    (inzage / "Overzicht.docx").write_bytes(b"o")
    elsewhere = tmp_path / "out" / "brieven" / "Uitnodiging Oma Lutgard.docx"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(b"u")
    with State(tmp_path / ".eenplan", root=tmp_path) as state:  # eenplan made them, as they are
        for path, number in ((elsewhere, "2025-001"), (tmp_path / "out" / "2025-002" / "Gezinsplan.docx",
                                                       "2025-002")):
            state.record_generated(path, dossier=number, kind="uitnodiging", subject="",
                                   fingerprint="f", sha256=_sha256(path))
        for path in (tmp_path / "out" / "2025-001").rglob("*.*"):
            state.record_generated(path, dossier="2025-001", kind="gezinsplan", subject=path.suffix,
                                   fingerprint="f", sha256=_sha256(path))
    return workbook


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_list_names_files_and_rows_and_deletes_nothing(runner, book, tmp_path):
    _team(book, tmp_path)
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["months"], data["deleted"]) == (12, False)
    [item] = data["items"]
    assert item["dossier"] == "2025-001" and item["closed_on"] == "2025-05-02"
    assert item["rows"] == {"Dossiers": [2], "Netwerk": [2, 4], "Rondetafels": [2]}
    assert sorted(item["files"]) == [
        "out/2025-001/Gezinsplan.docx", "out/2025-001/pdf/Gezinsplan.pdf",
        "out/brieven/Uitnodiging Oma Lutgard.docx",
        "rapporten/inzage/2025-001 2025-09-01/Overzicht.docx",
    ]
    assert item["remembered"] == 3
    assert (tmp_path / "out" / "2025-001" / "Gezinsplan.docx").exists()

    table = runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF])
    assert table.exit_code == 0, table.output
    assert "Bewaartermijn: 12 maanden" in table.output and "Er is niets verwijderd" in table.output
    assert "2025-002" not in table.output
    longer = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--na", "6", "--format", "json",
                                 *AS_OF])
    assert [i["dossier"] for i in json.loads(longer.output)["items"]] == ["2025-001", "2025-002"]


def test_delete_removes_the_files_forgets_them_and_audits_each_dossier(runner, book, tmp_path):
    workbook = _team(book, tmp_path)
    (tmp_path / ".eenplan" / "snapshots").mkdir()
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete", *AS_OF])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "2025-001").exists()
    assert not (tmp_path / "rapporten" / "inzage" / "2025-001 2025-09-01").exists()
    assert not (tmp_path / "out" / "brieven" / "Uitnodiging Oma Lutgard.docx").exists()
    assert (tmp_path / "out" / "2025-002" / "Gezinsplan.docx").exists()
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before
    said = " ".join(result.output.split())
    assert "Verwijderd: 4 bestanden van 1 dossier" in said
    assert "Haal deze rijen zelf weg uit Caseload.xlsx" in said
    assert "Dossiers: rij 2" in said and "Netwerk: rij 2, 4" in said and "Rondetafels: rij 2" in said
    assert "Geen enkele kopie van de werkmap in .eenplan/snapshots/ bevatte deze dossiers" in said
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.generated_for("2025-001") == ()
        assert len(state.generated_for("2025-002")) == 1
        [(_, action, dossier, detail)] = state.audit_lines()
    assert (action, dossier) == ("retention-delete", "2025-001")
    assert "bestanden verwijderd: 4" in detail and "Lutgard" not in detail
    again = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--format", "json", *AS_OF])
    assert json.loads(again.output)["items"][0]["files"] == []


def test_a_bare_workbook_uses_the_default_of_sixty_months(runner, book, tmp_path):
    book.dossier("2020-001", registered_on=D(2020, 1, 6), closed_on=D(2020, 5, 2))
    book.dossier("2022-001", registered_on=D(2022, 1, 6), closed_on=D(2022, 5, 2))
    path = book.save(tmp_path / "c.xlsx")
    result = runner.invoke(cli, ["retention", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert [i["dossier"] for i in json.loads(result.output)["items"]] == ["2020-001"]
    assert runner.invoke(cli, ["retention", "--workbook", str(path), "--na", "0"]).exit_code == 2


def test_a_closure_that_cannot_be_dated_is_kept_and_said(runner, book, tmp_path):
    """An unreadable Datum afsluiting, or one years ahead (2052 for 2025), keeps its dossier
    out of the list: said apart, with the cell, and exit 1, never an empty list that reads as
    done."""
    book.dossier("2021-001", registered_on=D(2021, 6, 1), closed_on="31/11/2021")
    book.dossier("2021-002", registered_on=D(2021, 6, 1), closed_on=D(2052, 1, 10))
    book.dossier("2021-003", registered_on=D(2021, 6, 1), closed_on=D(2021, 7, 1))
    workbook = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["retention", "--workbook", str(workbook), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert [i["dossier"] for i in data["items"]] == ["2021-003"]
    assert [(u["dossier"], u["cell"]) for u in data["not_judged"]] == [("2021-001", "K2"),
                                                                       ("2021-002", "K3")]
    table = runner.invoke(cli, ["retention", "--workbook", str(workbook), *AS_OF]).output
    assert "2021-001" in table and "2021-002" in table
    assert max(len(line) for line in table.splitlines()) <= 80
