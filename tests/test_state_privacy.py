"""Issue 17, case 6: no names in .eenplan/ outside the snapshots."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3

from eenplan.cli import cli
from eenplan.team.state import MIGRATIONS, State

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
