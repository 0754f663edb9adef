"""Issue 17, case 6: no names in .eenplan/ outside the snapshots."""

from __future__ import annotations

import contextlib
import datetime
import json
import sqlite3

from eenplan.cli import cli
from eenplan.team.state import MIGRATIONS, State, named

D = datetime.date


def test_an_older_state_with_names_is_moved_to_hashes_and_its_old_pages_wiped(tmp_path):
    with contextlib.closing(sqlite3.connect(tmp_path / "state.sqlite")) as db:
        for number, script in enumerate(MIGRATIONS[:2], start=1):
            db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        db.execute("INSERT INTO generated VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("out/2026-014/2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx", "2026-014",
                    "uitnodiging", "2026-12-07/Maria Peeters", "f", "s", "2026-11-23T08:00:00"))
        db.commit()
    assert b"Maria Peeters" in (tmp_path / "state.sqlite").read_bytes()
    letter = tmp_path / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    with State(tmp_path, root=tmp_path) as state:
        [record] = state.generated_for("2026-014", "uitnodiging", "2026-12-07/Maria Peeters")
        assert record.document.startswith("2026-12-07/") and "Maria" not in record.document
        assert state.generated(letter) == record
    data = (tmp_path / "state.sqlite").read_bytes()
    assert b"Maria" not in data and b"Peeters" not in data


def test_an_older_states_digests_keep_their_begeleiders_by_hash_and_still_compare(tmp_path):
    counts = {"overdue": 2, "begeleiders": {"Jan Verhoeven": [2, 0, 0]}, "norms": {"x": [2, 0, 0]}}
    with contextlib.closing(sqlite3.connect(tmp_path / "state.sqlite")) as db:
        db.create_function("eenplan_file_key", 1, str)  # migration 3's (no rows to hash here)
        db.create_function("eenplan_document_id", 1, str)
        for number, script in enumerate(MIGRATIONS[:4], start=1):
            db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        db.execute("INSERT INTO digests VALUES (?, ?, ?, ?)",
                   ("2026-W47", "2026-11-16T08:00:00", "smtp", json.dumps(counts)))
        db.commit()
    assert b"Jan Verhoeven" in (tmp_path / "state.sqlite").read_bytes()
    with State(tmp_path, root=tmp_path) as state:
        kept = state.previous_digest("2026-W48").counts
        assert named(kept, ["Jan Verhoeven"], state.keys) == counts  # next week's digest finds him
    assert b"Verhoeven" not in (tmp_path / "state.sqlite").read_bytes()


def test_after_invitations_the_state_holds_no_name(runner, book, tmp_path):
    book.dossier("2026-014", family="Familie Vandamme", begeleider="An Claes", perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Verbeeck", invite="ja").network("2026-014", name="Els Wuyts",
                                                                         invite="ja")
    book.round_table("2026-014", date=D(2026, 12, 7), location="Huis van het Kind")
    (tmp_path / "eenplan.toml").write_text("", encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["invite", "2026-014", "--team", str(tmp_path), "--as-of", "2026-11-23"])
    assert "Al gemaakt met dezelfde gegevens, niet opnieuw (5)" in again.output  # still recognised
    state = (tmp_path / ".eenplan" / "state.sqlite").read_bytes()
    for name in (b"Vandamme", b"Verbeeck", b"Wuyts", b"Uitnodiging"):
        assert name not in state
    for path in (tmp_path / ".eenplan").rglob("*"):
        if path.is_file() and "snapshots" not in path.parts:
            assert b"Verbeeck" not in path.read_bytes(), path


def _expired_team(book, folder):
    (folder / "eenplan.toml").write_text("[bewaren]\nmaanden = 12\n", encoding="utf-8")
    book.dossier("2025-001", family="Familie Oudenaerde", registered_on=D(2025, 1, 6),
                 closed_on=D(2025, 5, 2), closure_reason="Doelen bereikt")
    book.dossier("2026-002", family="Familie Blijft", registered_on=D(2026, 1, 6))
    book.network("2025-001", name="Oma Lutgard").network("2026-002", name="Buur Jef")
    return book.save(folder / "Caseload.xlsx")


def test_retention_rewrites_the_snapshots_without_the_dossier_and_says_so(runner, book, tmp_path):
    from eenplan.sheets.reader import read_caseload
    from eenplan.watcher.snapshots import Snapshots

    _expired_team(book, tmp_path)
    assert runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), "--as-of", "2026-11-23"]
                         ).exit_code in (0, 1)
    [snapshot] = Snapshots(tmp_path / ".eenplan").all()
    assert "2025-001" in [d.id for d in read_caseload(snapshot.path).dossiers]

    result = runner.invoke(cli, ["retention", "--delete", "--team", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 kopie herschreven zonder hun rijen" in said
    kept = read_caseload(snapshot.path)
    assert [d.id for d in kept.dossiers] == ["2026-002"] and [m.name for m in kept.network] == ["Buur Jef"]
    assert "2025-001" not in json.loads(snapshot.inventory_path.read_text(encoding="utf-8"))["dossiers"]
    listed = runner.invoke(cli, ["restore", "--list", "--dossier", "2025-001", "--team", str(tmp_path)])
    assert "Geen enkele bewaarde versie" in listed.output


def test_a_dossier_retention_deleted_never_pins_a_snapshot(runner, book, tmp_path):
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import run_once
    from eenplan.watcher.snapshots import Snapshots
    from tests.builders import CaseloadBuilder

    _expired_team(book, tmp_path)
    team = find_team(team=tmp_path)
    now = datetime.datetime(2026, 11, 23, 9, 0)
    run_once(team, now=now)
    runner.invoke(cli, ["retention", "--delete", "--team", str(tmp_path), "--as-of", "2026-11-23"])
    after = CaseloadBuilder()  # the team then takes the rows out of the workbook, as told
    after.dossier("2026-002", family="Familie Blijft", registered_on=D(2026, 1, 6))
    after.network("2026-002", name="Buur Jef")
    after.save(team.workbook)
    result = run_once(team, now=now + datetime.timedelta(minutes=5))
    assert not result.vanished
    assert not any(s.keep for s in Snapshots(team.state_dir).all())


def test_a_pin_held_only_by_a_retention_deleted_dossier_is_lifted(runner, book, tmp_path):
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import run_once
    from eenplan.watcher.snapshots import Snapshots
    from tests.builders import CaseloadBuilder

    _expired_team(book, tmp_path)
    team = find_team(team=tmp_path)
    now = datetime.datetime(2026, 11, 23, 9, 0)
    run_once(team, now=now)
    after = CaseloadBuilder()  # the rows taken out first: the snapshot before is pinned
    after.dossier("2025-001", family="Familie Oudenaerde", registered_on=D(2025, 1, 6),
                  closed_on=D(2025, 5, 2), closure_reason="Doelen bereikt")
    after.dossier("2026-002", family="Familie Blijft", registered_on=D(2026, 1, 6))
    after.network("2026-002", name="Buur Jef")
    after.save(team.workbook)
    assert run_once(team, now=now + datetime.timedelta(minutes=5)).vanished
    assert any(s.keep for s in Snapshots(team.state_dir).all())
    result = runner.invoke(cli, ["retention", "--delete", "--team", str(tmp_path), "--as-of", "2026-11-23",
                                 "--format", "json"])
    assert len(json.loads(result.output)["snapshots"]["unpinned"]) == 1
    assert not any(s.keep for s in Snapshots(team.state_dir).all())
