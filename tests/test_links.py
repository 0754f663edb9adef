"""Issue 17, case 1: eenplan deletes and writes only inside the team folder, never through a link.

Real symbolic links to a folder outside the team folder: retention, export, restore, documents
and snapshots leave what lies behind them as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.errors import OutputError
from eenplan.files import files_inside, inside, remove_inside, require_inside
from eenplan.team.state import State

D = datetime.date
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="symbolic links need rights on Windows")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the team folder, with a file someone else cares about."""
    folder = tmp_path / "elders" / "map"
    folder.mkdir(parents=True)
    (folder / "belangrijk.docx").write_bytes(b"niet van eenplan")
    (folder / "sub").mkdir()
    (folder / "sub" / "ook.txt").write_bytes(b"ook niet")
    return folder


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


def _untouched(folder: Path) -> None:
    assert (folder / "belangrijk.docx").read_bytes() == b"niet van eenplan"
    assert (folder / "sub" / "ook.txt").read_bytes() == b"ook niet"


def test_inside_follows_no_link(team_dir, elsewhere):
    (team_dir / "out").mkdir()
    (team_dir / "out" / "gewoon").mkdir()
    (team_dir / "out" / "link").symlink_to(elsewhere, target_is_directory=True)
    assert inside(team_dir, team_dir / "out" / "gewoon" / "a.docx")
    assert not inside(team_dir, team_dir / "out" / "link")
    assert not inside(team_dir, team_dir / "out" / "link" / "belangrijk.docx")
    assert not inside(team_dir, team_dir / "out" / ".." / ".." / "elders")
    assert not inside(team_dir, elsewhere)
    assert files_inside(team_dir, team_dir / "out") == []
    with pytest.raises(OutputError, match="koppeling"):
        require_inside(team_dir, team_dir / "out" / "link" / "nieuw.docx")
    assert remove_inside(team_dir, team_dir / "out") == [team_dir / "out" / "link"]
    _untouched(elsewhere)


def test_a_link_to_a_file_elsewhere_is_not_deleted_through(team_dir, elsewhere):
    (team_dir / "out").mkdir()
    (team_dir / "out" / "brief.docx").symlink_to(elsewhere / "belangrijk.docx")
    assert remove_inside(team_dir, team_dir / "out" / "brief.docx") == [team_dir / "out" / "brief.docx"]
    _untouched(elsewhere)


def _expired_team(book, team_dir: Path) -> None:
    (team_dir / "eenplan.toml").write_text("[bewaren]\nmaanden = 12\n", encoding="utf-8")
    book.dossier("2025-001", registered_on=D(2025, 1, 6), closed_on=D(2025, 5, 2),
                 closure_reason="Doelen bereikt")
    book.dossier("2025-002", registered_on=D(2025, 1, 6), closed_on=D(2025, 5, 2),
                 closure_reason="Doelen bereikt")
    book.save(team_dir / "Caseload.xlsx")


def test_retention_delete_never_deletes_behind_a_linked_dossier_folder(runner, book, team_dir, elsewhere):
    _expired_team(book, team_dir)
    (team_dir / "out").mkdir()
    (team_dir / "out" / "2025-002").symlink_to(elsewhere, target_is_directory=True)
    own = team_dir / "out" / "2025-001"
    own.mkdir()
    (own / "Gezinsplan.docx").write_bytes(b"plan")
    with State(team_dir / ".eenplan", root=team_dir) as state:  # eenplan made it, as it is
        state.record_generated(own / "Gezinsplan.docx", dossier="2025-001", kind="gezinsplan",
                               subject="", fingerprint="f", sha256=hashlib.sha256(b"plan").hexdigest())
    (own / "elders").symlink_to(elsewhere, target_is_directory=True)  # a link inside a real folder
    inzage = team_dir / "rapporten" / "inzage"
    inzage.mkdir(parents=True)
    (inzage / "2025-002 2025-09-01").symlink_to(elsewhere, target_is_directory=True)

    listed = runner.invoke(cli, ["retention", "--team", str(team_dir), "--format", "json", *AS_OF])
    items = {i["dossier"]: i for i in json.loads(listed.output)["items"]}
    assert items["2025-002"]["files"] == [] and items["2025-001"]["files"] == ["out/2025-001/Gezinsplan.docx"]
    assert sorted(items["2025-002"]["links"]) == ["out/2025-002", "rapporten/inzage/2025-002 2025-09-01"]

    result = runner.invoke(cli, ["retention", "--team", str(team_dir), "--delete", *AS_OF])
    assert result.exit_code == 0, result.output
    _untouched(elsewhere)
    assert not (own / "Gezinsplan.docx").exists()
    assert (own / "elders").is_symlink()  # the link is named, not followed and not removed
    said = " ".join(result.output.split())
    assert "Niet gevolgd (3 koppelingen naar een plaats buiten de teammap)" in said
    assert "Verwijderd: 1 bestand van 2 dossiers" in said


def test_export_copies_nothing_from_behind_a_link_and_writes_not_through_one(runner, book, team_dir,
                                                                            elsewhere):
    book.dossier("2026-001")
    book.save(team_dir / "Caseload.xlsx")
    (team_dir / "eenplan.toml").write_text("", encoding="utf-8")
    (team_dir / "out").mkdir()
    (team_dir / "out" / "2026-001").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(cli, ["export", "2026-001", "--team", str(team_dir), *AS_OF])
    assert result.exit_code == 0, result.output
    [folder] = (team_dir / "rapporten" / "inzage").iterdir()
    assert not (folder / "Documenten").exists()

    other = team_dir.parent / "elders" / "inzage"
    other.mkdir()
    for child in list((team_dir / "rapporten" / "inzage").iterdir()):
        remove_inside(team_dir, child)
    (team_dir / "rapporten" / "inzage").rmdir()
    (team_dir / "rapporten" / "inzage").symlink_to(other, target_is_directory=True)
    refused = runner.invoke(cli, ["export", "2026-001", "--team", str(team_dir), *AS_OF])
    assert refused.exit_code == 2 and "koppeling" in refused.output and "Traceback" not in refused.output
    assert list(other.iterdir()) == []
    _untouched(elsewhere)


def _invite_team(book, team_dir: Path) -> None:
    book.dossier("2026-014", begeleider="An Claes", perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", invite="ja")
    book.round_table("2026-014", date=D(2026, 12, 7))
    (team_dir / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(team_dir / "Caseload.xlsx")


def test_documents_are_not_written_into_a_linked_dossier_folder(runner, book, team_dir, elsewhere):
    _invite_team(book, team_dir)
    (team_dir / "out").mkdir()
    (team_dir / "out" / "2026-014").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(team_dir), *AS_OF])
    assert result.exit_code == 2 and "koppeling" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["belangrijk.docx", "sub"]


def test_snapshots_are_not_kept_behind_a_link(runner, book, team_dir, elsewhere):
    _invite_team(book, team_dir)
    (team_dir / ".eenplan").mkdir()
    (team_dir / ".eenplan" / "snapshots").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(cli, ["watch", "--team", str(team_dir), "--once"])
    assert "koppeling" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["belangrijk.docx", "sub"]


def test_restore_never_writes_through_a_link_of_the_name_it_would_take(runner, book, team_dir,
                                                                         elsewhere):
    from eenplan.team.folder import find_team
    from eenplan.watcher.restore import restore_dossiers
    from eenplan.watcher.snapshots import Snapshots

    _invite_team(book, team_dir)
    assert runner.invoke(cli, ["watch", "--team", str(team_dir), "--once"]).exit_code in (0, 1)
    team = find_team(team=team_dir, workbook=None)
    [snapshot] = Snapshots(team.state_dir).all()
    taken = team_dir / f"Hersteld uit {snapshot.name} - 2026-014.xlsx"
    taken.symlink_to(elsewhere / "belangrijk.docx")
    restored = restore_dossiers(team, snapshot, ["2026-014"])
    assert restored.path.name == f"Hersteld uit {snapshot.name} - 2026-014 (2).xlsx"
    _untouched(elsewhere)
