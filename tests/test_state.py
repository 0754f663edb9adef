import contextlib
import datetime
import sqlite3

import pytest

from eenplan.errors import OutputError
from eenplan.team.state import MIGRATIONS, Run, State, iso_week

AT = datetime.datetime(2026, 11, 23, 8, 0)


def test_generated_documents_are_remembered_relative_to_the_team_folder(tmp_path):
    doc = tmp_path / "out" / "2026-014" / "2026-12-07 Verslag rondetafel.docx"
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_generated(doc, dossier="2026-014", kind="verslag", subject="2026-12-07",
                               fingerprint="f1", sha256="s1", at=AT)
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        found = state.generated(doc)
        assert found.file == state.keys.file("out/2026-014/2026-12-07 Verslag rondetafel.docx")
        assert (found.sha256, found.made_at) == ("s1", AT)
        assert [g.kind for g in state.generated_for("2026-014", "verslag", "2026-12-07")] == ["verslag"]
        assert state.generated_for("2026-015") == ()
        state.forget([doc])
        assert state.generated(doc) is None


def test_runs_digests_and_audit(tmp_path):
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_run(Run(at=AT, workbook_sha256="abc", outcome="ok", errors=2, dossiers=("2026-1",)))
        state.record_digest("2026-W47", how="eml", counts={"overdue": 3}, at=AT)
        state.record_digest("2026-W48", how="smtp", counts={"overdue": 5}, at=AT)
        state.audit("retention-delete", "2020-003", "4 bestanden", at=AT)
        assert state.runs()[0].dossiers == ("2026-1",)
        assert state.digest("2026-W48").how == "smtp"
        assert state.previous_digest("2026-W48").counts == {"overdue": 3}
        assert state.previous_digest("2026-W47") is None
        assert state.audit_lines() == ((AT, "retention-delete", "2020-003", "4 bestanden"),)


def test_schema_version_follows_the_migrations(tmp_path):
    with State(tmp_path, root=tmp_path):
        pass
    with State(tmp_path, root=tmp_path):  # a second open runs nothing again
        pass
    with contextlib.closing(sqlite3.connect(tmp_path / "state.sqlite")) as db:  # `with db` does not close
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_damaged_state_file_is_one_sentence(tmp_path):
    (tmp_path / "state.sqlite").write_bytes(b"dit is geen database" * 100)
    with pytest.raises(OutputError, match="beschadigd"):
        with State(tmp_path, root=tmp_path):
            pass


def test_iso_week():
    assert iso_week(datetime.date(2026, 11, 23)) == "2026-W48"
    assert iso_week(datetime.date(2027, 1, 1)) == "2026-W53"
