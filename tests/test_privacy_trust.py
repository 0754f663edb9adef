"""Nothing mixed, nothing deleted on a doubt, nothing half done: export and retention as teams
really use them (a number typed twice, a year typed wrong, a read-only folder, a killed run)."""

from __future__ import annotations

import datetime
import json
import os
import time
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.errors import OutputError
from eenplan.privacy.export import export_dossier
from eenplan.sheets.reader import read_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import State
from tests.test_retention import _team

D = datetime.date
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]


def _two_families_one_number(book, tmp_path: Path) -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.dossier("2026-114", family="Familie Michiels", perspective_on=D(2026, 9, 20))
    book.dossier("2026-114", family="Familie Maes")  # 2026-113 typed wrong
    book.network("2026-114", name="Oma Lutgard", invite="ja")
    book.round_table("2026-114", date=D(2026, 10, 5), time=datetime.time(14, 0), location="School")
    book.round_table("2026-114", date=D(2026, 12, 7), time=datetime.time(9, 30), location="Thuis")
    return book.save(tmp_path / "Caseload.xlsx")


@pytest.mark.parametrize("command", ["export", "invite", "report", "plan"])
def test_a_number_on_two_rows_never_mixes_two_families(runner, book, tmp_path, command):
    _two_families_one_number(book, tmp_path)
    result = runner.invoke(cli, [command, "2026-114", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "rapporten" / "inzage").exists()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


def test_delete_refuses_a_day_still_to_come(runner, book, tmp_path):
    workbook = _team(book, tmp_path)
    assert workbook.parent == tmp_path
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete",
                                 "--as-of", "2999-01-01"])
    assert result.exit_code == 2, result.output
    assert (tmp_path / "out" / "2025-001" / "Gezinsplan.docx").is_file()


@pytest.mark.parametrize("closed_on", [D(2024, 1, 12),  # before its aanmelding (2025)
                                       D(2017, 9, 22)])  # before 1 Gezin 1 Plan began (43000)
def test_a_closure_check_calls_wrong_keeps_its_dossier(runner, book, tmp_path, closed_on):
    book.dossier("2025-008", registered_on=D(2025, 10, 31), closed_on=closed_on,
                 closure_reason="Doelen bereikt")
    workbook = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["retention", "--workbook", str(workbook), "--format", "json",
                                 "--na", "12", *AS_OF])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["items"] == []
    assert [(u["dossier"], u["cell"]) for u in data["not_judged"]] == [("2025-008", "K2")]


def test_delete_asks_first_whether_its_memory_can_be_written(runner, book, tmp_path, monkeypatch):
    workbook = _team(book, tmp_path)

    def read_only(self: State) -> None:
        raise OutputError("alleen-lezen")

    monkeypatch.setattr(State, "require_writable", read_only)
    assert workbook.parent == tmp_path
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete", *AS_OF])
    assert result.exit_code == 2, result.output
    assert (tmp_path / "out" / "2025-001" / "Gezinsplan.docx").is_file()
    assert (tmp_path / "rapporten" / "inzage" / "2025-001 2025-09-01" / "Overzicht.docx").is_file()


def test_a_state_that_cannot_be_written_is_said_before_anything_changes(tmp_path):
    import sqlite3

    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.require_writable()  # a folder one may write in: nothing said
        state._db.close()  # type: ignore[union-attr]
        state._db = sqlite3.connect(f"file:{state.path}?mode=ro", uri=True, isolation_level=None)
        with pytest.raises(OutputError):
            state.require_writable()


def test_a_killed_exports_half_copy_is_cleared_by_the_next(book, tmp_path):
    workbook = _two_families_one_number(book, tmp_path)
    book.dossier("2026-200", family="Familie Peeters")
    book.save(workbook)
    left = tmp_path / "rapporten" / "inzage" / ".eenplan-k1ll3d" / "Documenten"
    left.mkdir(parents=True)
    (left / "Gezinsplan.docx").write_bytes(b"plan")
    hour_ago = time.time() - 3600
    os.utime(left.parent, (hour_ago, hour_ago))
    team = find_team(workbook=workbook)
    export_dossier(team, read_caseload(workbook), "2026-200", today=TODAY)
    assert not left.parent.exists()


def test_a_file_eenplan_did_not_make_is_said_apart(book, tmp_path):
    workbook = _two_families_one_number(book, tmp_path)
    book.dossier("2026-200", family="Familie Peeters")
    book.save(workbook)
    folder = tmp_path / "out" / "2026-200"
    folder.mkdir(parents=True)
    (folder / "interne notitie.txt").write_text("nota", encoding="utf-8")
    made = folder / "Gezinsplan.docx"
    made.write_bytes(b"plan")
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_generated(made, dossier="2026-200", kind="gezinsplan", subject="",
                               fingerprint="f", sha256="s")
    team = find_team(workbook=workbook)
    export = export_dossier(team, read_caseload(workbook), "2026-200", today=TODAY)
    assert sorted(p.name for p in export.documents) == ["Gezinsplan.docx", "interne notitie.txt"]
    assert [p.name for p in export.others] == ["interne notitie.txt"]


def test_a_version_kept_after_retention_holds_none_of_what_it_deleted(runner, book, tmp_path):
    """The rows stay in the workbook until a person removes them: a version the watcher keeps
    meanwhile is kept without them, or the snapshots would hold them for another year."""
    from eenplan.watcher.restore import snapshot_list
    from eenplan.watcher.run import run_once
    from eenplan.watcher.snapshots import Snapshots

    workbook = _team(book, tmp_path)
    team = find_team(workbook=workbook)
    assert run_once(team, now=datetime.datetime(2026, 11, 23, 9, 0), documents=False).ok
    deleted = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete", *AS_OF])
    assert deleted.exit_code == 0, deleted.output
    assert "1 dossier" in deleted.output
    book.dossier("2026-300")  # a save that changes something else
    book.save(workbook)
    assert run_once(team, now=datetime.datetime(2026, 11, 23, 10, 0), documents=False).ok
    store = Snapshots(team.state_dir)
    assert len(store.all()) == 2
    assert snapshot_list(store, ["2025-001"]) == []
    assert [s["dossiers"] for s in snapshot_list(store)] == [2, 1]


def test_a_memory_that_cannot_be_written_is_one_sentence_and_no_letter(runner, book, tmp_path,
                                                                       monkeypatch):
    import sqlite3

    from tests.test_documents import make_team

    root = make_team(tmp_path, book)

    def read_only(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(State, "record_generated", read_only)
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert not [p for p in (root / "out").rglob("*.docx") if not p.name.startswith(".")]
