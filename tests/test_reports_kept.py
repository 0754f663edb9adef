"""A report in rapporten/ that someone changed since eenplan wrote it is theirs: never overwritten.
The new one goes to the next free name, once, and that file is eenplan's own from then on."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder
from tests.watching import make_team

NOW = datetime.datetime(2026, 11, 30, 10, 0)
TODAY = NOW.date()
AS_OF = ["--as-of", TODAY.isoformat()]


def _book() -> CaseloadBuilder:
    book = CaseloadBuilder()
    for number, day in (("2026-001", 1), ("2026-002", 2), ("2026-003", 3)):
        book.dossier(number, registered_on=datetime.date(2026, 9, day), begeleider="An Claes")
    return book


def _add_cell(path: Path) -> None:
    """What a coordinator does in Excel: a note in a free cell, saved."""
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["Z1"] = "Besproken op het teamoverleg"
    book.save(path)


def _add_paragraph(path: Path) -> None:
    document = docx.Document(str(path))
    document.add_paragraph("Besproken op de stuurgroep")
    document.save(str(path))


def _has_note(path: Path) -> bool:
    if path.suffix == ".docx":
        return any("Besproken op de stuurgroep" in p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8")).get("notitie") == "van het team"
    return openpyxl.load_workbook(path).worksheets[0]["Z1"].value == "Besproken op het teamoverleg"


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def _statistics(folder: Path) -> Path:
    (path,) = [p for p in folder.glob("Statistiek *") if "(" not in p.name]
    return path


@pytest.mark.parametrize(("command", "find", "edit"), [
    (["check", "--format", "xlsx"], lambda folder: folder / "Controle.xlsx", _add_cell),
    (["overdue", "--format", "xlsx"], lambda folder: folder / "Achterstand.xlsx", _add_cell),
    (["stats"], _statistics, _add_cell),
    (["stats", "--format", "docx"], _statistics, _add_paragraph),
])
def test_a_report_someone_changed_is_kept_and_the_new_one_goes_beside_it(tmp_path, runner, command,
                                                                        find, edit):
    team = make_team(tmp_path, _book())
    arguments = [*command, "--team", str(team.base), *AS_OF]
    first = runner.invoke(cli, arguments)
    assert first.exit_code in (0, 1), first.output
    report = find(team.reports_dir)
    edit(report)
    again = runner.invoke(cli, arguments)
    assert again.exit_code == first.exit_code, again.output
    beside = report.with_name(f"{report.stem} (2){report.suffix}")
    assert _has_note(report)  # the person's work is still there
    assert beside.is_file() and not _has_note(beside)
    assert str(beside.relative_to(tmp_path)) in again.output.replace("\n", " ")  # said where it went
    # said as kept, and not as freshly written at its name
    assert str(report.relative_to(tmp_path)) in again.output.replace("\n", " ").replace(
        str(beside.relative_to(tmp_path)), "")
    there = _files(team.reports_dir)
    third = runner.invoke(cli, arguments)  # the new one is eenplan's: refreshed, no third file
    assert third.exit_code == first.exit_code, third.output
    assert _files(team.reports_dir) == there
    assert _has_note(report)


def test_a_report_no_one_changed_is_written_again_at_its_name(tmp_path, runner):
    team = make_team(tmp_path, _book())
    arguments = ["overdue", "--format", "xlsx", "--team", str(team.base), *AS_OF]
    assert runner.invoke(cli, arguments).exit_code == 0
    assert runner.invoke(cli, arguments).exit_code == 0
    assert _files(team.reports_dir) == {"Achterstand.xlsx"}


def test_the_region_file_someone_changed_is_kept(tmp_path, runner):
    team = make_team(tmp_path, _book())
    arguments = ["stats", "--voor-regio", "--team", str(team.base), *AS_OF]
    assert runner.invoke(cli, arguments).exit_code == 0, "region file"
    (region,) = team.reports_dir.glob("Regio *.json")
    data = json.loads(region.read_text(encoding="utf-8"))
    region.write_text(json.dumps({**data, "notitie": "van het team"}), encoding="utf-8")
    again = runner.invoke(cli, arguments)
    assert again.exit_code == 0, again.output
    assert _has_note(region)
    beside = region.with_name(f"{region.stem} (2).json")
    assert json.loads(beside.read_text(encoding="utf-8")) == data


def test_the_watcher_keeps_a_changed_overdue_list_and_refreshes_its_own_beside_it(tmp_path):
    from eenplan.watcher.run import run_once

    book = _book()
    team = make_team(tmp_path, book)
    run_once(team, now=NOW, documents=False)
    listed = team.reports_dir / "Achterstand.xlsx"
    _add_cell(listed)
    edited = listed.read_bytes()
    beside = team.reports_dir / "Achterstand (2).xlsx"

    book.dossier("2026-004", registered_on=datetime.date(2026, 9, 4), begeleider="An Claes")
    book.save(team.workbook)
    second = run_once(team, now=NOW, documents=False)
    assert listed.read_bytes() == edited
    assert beside in second.reports and listed not in second.reports
    (said,) = second.reports_kept
    assert "rapporten/Achterstand (2).xlsx" in said and "rapporten/Achterstand.xlsx" in said
    assert any(said in line for line in second.lines())

    for number, day in (("2026-005", 5), ("2026-006", 6)):  # later saves: that one, refreshed
        book.dossier(number, registered_on=datetime.date(2026, 9, day), begeleider="An Claes")
        book.save(team.workbook)
        later = run_once(team, now=NOW, documents=False)
        assert beside in later.reports and later.reports_kept == ()
        assert not any("Achterstand (2).xlsx" in line for line in later.lines())
        cells = {c for s in openpyxl.load_workbook(beside) for r in s.iter_rows(values_only=True)
                 for c in r}
        assert number in cells
    assert _files(team.reports_dir) >= {"Achterstand.xlsx", "Achterstand (2).xlsx"}
    assert not (team.reports_dir / "Achterstand (3).xlsx").exists()
    assert listed.read_bytes() == edited


def test_the_list_that_cannot_be_judged_keeps_a_changed_one_too(tmp_path, runner):
    from eenplan.sheets.schema import DOSSIERS_SCHEMA

    book = _book()
    team = make_team(tmp_path, book)
    arguments = ["overdue", "--format", "xlsx", "--team", str(team.base), *AS_OF]
    assert runner.invoke(cli, arguments).exit_code == 0
    listed = team.reports_dir / "Achterstand.xlsx"
    _add_cell(listed)
    book.with_headers("Dossiers", ["Aanmelding" if c.header == "Datum aanmelding" else c.header
                                   for c in DOSSIERS_SCHEMA.columns])
    book.save(find_team(team=team.base).workbook)
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 2, result.output
    assert _has_note(listed)
    beside = team.reports_dir / "Achterstand (2).xlsx"
    assert beside.is_file() and not _has_note(beside)
    assert "rapporten/Achterstand (2).xlsx" in result.output.replace("\n", " ")
