"""The state's hashes of names and paths are keyed per team folder (.eenplan/sleutel): no one can
find a name again by hashing a list of names, a team folder of an earlier version is re-keyed
without losing a document, and a key that is gone is never silently replaced."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import docx
import pytest

from eenplan.cli import cli
from eenplan.team.folder import find_team
from eenplan.team.state import KEY_FILE, KEYED_FROM, MIGRATIONS, State, named
from eenplan.watcher.run import run_once

D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 10, 0)
AS_OF = ["--as-of", "2026-11-23"]
INVITEES = ("Maria Verbeeck", "Els Wuyts")
BEGELEIDER = "An Claes"


# -- the hashes of earlier versions, written out as they were (sha256, cut) ---------------------

def unkeyed_person(name: str) -> str:
    return hashlib.sha256(" ".join(name.split()).casefold().encode("utf-8")).hexdigest()[:16]


def unkeyed_invitee(name: str) -> str:
    return hashlib.sha256(name.strip().casefold().encode("utf-8")).hexdigest()[:16]


def unkeyed_file(relative: str) -> str:
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:32]


def _team(book, folder: Path, *, location: str = "Huis van het Kind") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "eenplan.toml").write_text("", encoding="utf-8")
    book.dossier("2026-014", family="Familie Vandamme", begeleider=BEGELEIDER, perspective_on=D(2026, 9, 20))
    for name in INVITEES:
        book.network("2026-014", name=name, invite="ja")
    book.round_table("2026-014", date=D(2026, 12, 7), location=location)
    book.save(folder / "Caseload.xlsx")
    return folder


def _invite(runner, folder: Path):
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(folder), *AS_OF])
    assert result.exit_code == 0, result.output
    return result


def _letters(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted((folder / "out").rglob("*")) if p.is_file()}


def _state_text(folder: Path) -> str:
    """Every value the state holds, as text (and its raw bytes, for what VACUUM left)."""
    path = folder / ".eenplan" / "state.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        values = [str(v) for t in tables for row in db.execute(f"SELECT * FROM {t}") for v in row]
    return "\n".join(values) + path.read_bytes().decode("latin-1")


def _unkeyed_hashes(folder: Path, names=(*INVITEES, BEGELEIDER)) -> set[str]:
    hashes = {h for name in names for h in (unkeyed_person(name), unkeyed_invitee(name))}
    return hashes | {unkeyed_file(path) for path in _letters(folder)}


def _rows(folder: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(folder / ".eenplan" / "state.sqlite")) as db:
        return db.execute(sql).fetchall()


# -- keyed ------------------------------------------------------------------------------------

def test_the_state_holds_no_unkeyed_hash_of_a_name_or_a_path(runner, book, tmp_path):
    folder = _team(book, tmp_path)
    _invite(runner, folder)
    documents = [r[0] for r in _rows(folder, "SELECT document FROM documents_made")]
    assert any("/" in d and len(d.split("/")[1]) == 16 for d in documents)  # an invitee's letter
    text = _state_text(folder)
    assert [h for h in _unkeyed_hashes(folder) if h in text] == []
    key = (folder / ".eenplan" / KEY_FILE).read_text(encoding="ascii").strip()
    assert len(bytes.fromhex(key)) == 32 and key not in text


def test_the_same_name_in_two_team_folders_has_two_hashes(runner, book, tmp_path):
    first, second = _team(book, tmp_path / "noord"), tmp_path / "zuid"
    second.mkdir()
    (second / "eenplan.toml").write_text("", encoding="utf-8")
    (second / "Caseload.xlsx").write_bytes((first / "Caseload.xlsx").read_bytes())
    _invite(runner, first)
    _invite(runner, second)
    sql = "SELECT document FROM documents_made WHERE document LIKE '%/%' AND document NOT LIKE '%/gezin'"
    one, other = ({r[0] for r in _rows(folder, sql)} for folder in (first, second))
    assert len(one) == len(INVITEES) and one.isdisjoint(other)
    sql = "SELECT file FROM documents_made"
    assert {r[0] for r in _rows(first, sql)}.isdisjoint(r[0] for r in _rows(second, sql))
    keys = [(folder / ".eenplan" / KEY_FILE).read_bytes() for folder in (first, second)]
    assert keys[0] != keys[1]


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_key_file_is_not_readable_by_others(tmp_path):
    with State(tmp_path / ".eenplan", root=tmp_path):
        pass
    assert (tmp_path / ".eenplan" / KEY_FILE).stat().st_mode & 0o007 == 0


def test_processes_starting_together_make_one_key(tmp_path):
    checks, failures = [], []

    def open_state() -> None:
        try:
            with State(tmp_path / ".eenplan", root=tmp_path) as state:
                checks.append(state.keys.check())
        except Exception as exc:  # noqa: BLE001 - the test says which
            failures.append(exc)

    threads = [threading.Thread(target=open_state) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(set(checks)) == 1
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.keys.check() == checks[0]


# A process killed between writing the key to its hidden file and renaming it (a power cut, the
# service stopped hard, Ctrl-C twice): the hidden file stays behind in .eenplan/.
_KILLED_WHILE_WRITING_THE_KEY = """
import os, signal, sys
from pathlib import Path
from eenplan.team import state

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

state.publish = killed  # the moment between the hidden file and its name
folder = Path(sys.argv[1])
with state.State(folder / ".eenplan", root=folder):
    pass
"""


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".eenplan-"))


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_key_write_leaves_nothing_after_the_next_run(tmp_path):
    killed = subprocess.run([sys.executable, "-c", _KILLED_WHILE_WRITING_THE_KEY, str(tmp_path)],
                            cwd=Path(__file__).parents[1], capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    state_dir = tmp_path / ".eenplan"
    assert _hidden(state_dir) and not (state_dir / KEY_FILE).exists()  # what the kill left
    with State(state_dir, root=tmp_path) as state:
        check = state.keys.check()
    assert _hidden(state_dir) == []
    with State(state_dir, root=tmp_path) as state:  # the key made then is the key
        assert state.keys.check() == check


def test_only_eenplans_own_key_files_are_cleared(tmp_path):
    """A person's file in .eenplan/, another hidden file of eenplan's (named otherwise), and a
    link named like a key's hidden file (never followed, nor removed) stay."""
    team, outside = tmp_path / "team", tmp_path / "elders.txt"
    state_dir = team / ".eenplan"
    state_dir.mkdir(parents=True)
    outside.write_text("van iemand anders", encoding="utf-8")
    (state_dir / ".eenplan-sleutel-abcd1234").write_text("00", encoding="ascii")  # killed write
    (state_dir / ".eenplan-a1b2c3d4").write_text("00", encoding="ascii")  # ... of an earlier eenplan
    (state_dir / "notities.txt").write_text("van een mens", encoding="utf-8")
    (state_dir / ".eenplan-rapport.xlsx").write_bytes(b"")
    (state_dir / ".eenplan-sleutel-link").symlink_to(outside)
    with State(state_dir, root=team):
        pass
    assert _hidden(state_dir) == [".eenplan-rapport.xlsx", ".eenplan-sleutel-link"]
    assert (state_dir / "notities.txt").exists() and outside.read_text(encoding="utf-8")


# -- a team folder of an earlier version ------------------------------------------------------

def _as_an_earlier_version_left_it(folder: Path) -> None:
    """The state as eenplan before the key wrote it: every hash unkeyed, no key_check, no key;
    with a begeleider's weekly mail, an invitation by mail and a digest besides."""
    state_dir = folder / ".eenplan"
    with State(state_dir, root=folder) as state:
        keys = state.keys
    files = {keys.file(path): unkeyed_file(path) for path in _letters(folder)}
    people = {keys.keyed(unkeyed_invitee(n)): unkeyed_invitee(n) for n in INVITEES}
    with contextlib.closing(sqlite3.connect(state_dir / "state.sqlite")) as db:
        for file, document in db.execute("SELECT file, document FROM documents_made").fetchall():
            head, slash, who = document.partition("/")
            db.execute("UPDATE documents_made SET file = ?, document = ? WHERE file = ?",
                       (files[file], f"{head}/{people.get(who, who)}" if slash else document, file))
        db.execute("INSERT INTO mails_sent VALUES (?, 'begeleider-week', '', '2026-11-23T08:00:00', '{}')",
                   (f"week/2026-W48/{unkeyed_person(BEGELEIDER)}",))
        db.execute("INSERT INTO mails_sent VALUES (?, 'invitation', '2026-014', '2026-11-23T08:00:00', ?)",
                   (f"uitnodiging/2026-014/{'a' * 24}/{unkeyed_person(INVITEES[0])}",
                    json.dumps({"version": "v", "sequence": 0, "uid": f"{'a' * 24}@eenplan"})))
        db.execute("INSERT INTO digests_sent VALUES ('2026-W47', '2026-11-16T08:00:00', 'smtp', ?)",
                   (json.dumps({"begeleiders": {unkeyed_person(BEGELEIDER): [2, 0, 0]}}),))
        db.execute("DROP TABLE key_check")
        db.executescript("ALTER TABLE documents_made RENAME TO generated_files; "  # its names
                         "ALTER TABLE mails_sent RENAME TO mails; ALTER TABLE digests_sent RENAME TO "
                         "digests; ALTER TABLE rounds_done RENAME TO weekly_rounds;")
        db.execute(f"PRAGMA user_version = {KEYED_FROM - 1}")
        db.commit()
    (state_dir / KEY_FILE).unlink()
    assert unkeyed_person(BEGELEIDER) in _state_text(folder)


PRINT = "alles om af te drukken"  # the print file: eenplan's, made of the letters as they are


def _edit_in_word(path: Path) -> bytes:
    document = docx.Document(str(path))
    document.add_paragraph("Mama vraagt om de rondetafel na school te houden.")
    document.save(str(path))
    return path.read_bytes()


def _invitation(letters: dict[str, bytes], name: str) -> str:
    return next(p for p in letters if name in p and p.endswith(".docx") and "Uitnodiging" in p)


@pytest.mark.parametrize("how", ["invite", "watch"])
def test_an_earlier_versions_team_folder_keeps_an_edited_letter_and_knows_the_others(
        runner, book, tmp_path, how):
    folder = _team(book, tmp_path)
    _invite(runner, folder)
    _as_an_earlier_version_left_it(folder)
    edited = _invitation(_letters(folder), INVITEES[0])
    edited_bytes = _edit_in_word(folder / edited)
    before = _letters(folder)

    if how == "invite":
        again = _invite(runner, folder)
        assert "niet opnieuw" in again.output
    else:
        result = run_once(find_team(team=folder), now=NOW)
        # only the print file is made again, in its place: it takes the letter as edited
        assert result.ok and [p.name for p in result.documents if PRINT not in p.name] == []
    after = _letters(folder)
    assert after[edited] == edited_bytes  # the person's letter, as they left it
    assert sorted(after) == sorted(before)  # the others recognised: no "(2)" of any
    assert {p: after[p] for p in before if p != edited and PRINT not in p} == {
        p: b for p, b in before.items() if p != edited and PRINT not in p}
    assert _rows(folder, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert (folder / ".eenplan" / KEY_FILE).is_file()
    text = _state_text(folder)
    assert [h for h in _unkeyed_hashes(folder) if h in text] == []

    # the round-table moves: the edited letter stays, its new version goes beside it; the
    # letters no one touched are written anew in their place
    _team(type(book)(), folder, location="Gemeentehuis Kapellen")
    _invite(runner, folder)
    moved = _letters(folder)
    assert moved[edited] == edited_bytes
    assert [p for p in moved if p not in before] == [edited.replace(".docx", " (2).docx")]


def test_an_earlier_versions_mails_and_digests_are_found_again_after_the_keys(tmp_path):
    (tmp_path / "out").mkdir()
    with State(tmp_path / ".eenplan", root=tmp_path):
        pass
    _as_an_earlier_version_left_it(tmp_path)
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        week = state.mail_key("week/2026-W48", BEGELEIDER)
        assert state.mail(week) is not None  # this week's mail is not sent twice
        people = state.people(INVITEES)
        [mail] = state.mails_of("2026-014")
        assert people[mail.key.rsplit("/", 1)[1]] == INVITEES[0]  # a cancellation finds her
        assert named(state.previous_digest("2026-W48").counts, [BEGELEIDER], state.keys) == {
            "begeleiders": {BEGELEIDER: [2, 0, 0]}}
    assert [h for h in _unkeyed_hashes(tmp_path) if h in _state_text(tmp_path)] == []


def test_retention_deletes_the_documents_of_an_earlier_versions_team_folder(runner, book, tmp_path):
    folder = _team(book, tmp_path)
    _invite(runner, folder)
    _as_an_earlier_version_left_it(folder)
    closed = type(book)()
    closed.dossier("2026-014", family="Familie Vandamme", begeleider=BEGELEIDER,
                   perspective_on=D(2026, 9, 20), closed_on=D(2026, 10, 1), closure_reason="Doelen bereikt")
    closed.save(folder / "Caseload.xlsx")
    result = runner.invoke(cli, ["retention", "--delete", "--na", "1", "--team", str(folder),
                                 *AS_OF])
    assert result.exit_code == 0, result.output
    assert _letters(folder) == {}
    assert _rows(folder, "SELECT COUNT(*) FROM documents_made") == [(0,)]
    assert _rows(folder, "SELECT action, dossier FROM audit") == [("retention-delete", "2026-014")]


# -- the key gone, damaged, foreign: exit 2, never a new key ----------------------------------

def _keyed_team(runner, book, folder: Path) -> Path:
    _invite(runner, _team(book, folder))
    return folder / ".eenplan" / KEY_FILE


@pytest.mark.parametrize("damage", ["missing", "damaged", "foreign", "unreadable"])
def test_a_key_that_cannot_be_used_stops_the_command_and_is_not_replaced(runner, book, tmp_path, damage):
    key = _keyed_team(runner, book, tmp_path)
    state = tmp_path / ".eenplan" / "state.sqlite"
    if damage == "missing":
        key.unlink()
    elif damage == "damaged":
        key.write_bytes(b"\x00" * 10)
    elif damage == "foreign":
        key.write_text(os.urandom(32).hex() + "\n", encoding="ascii")
    else:
        key.unlink()
        key.mkdir()  # a folder where the key should be: it cannot be read as one
    left = key.read_bytes() if key.is_file() else None
    rows = _rows(tmp_path, "SELECT * FROM documents_made ORDER BY file")
    letters = _letters(tmp_path)
    for command in (["invite", "2026-014"], ["export", "2026-014"], ["retention"]):
        result = runner.invoke(cli, [*command, "--team", str(tmp_path), *AS_OF])
        assert result.exit_code == 2, (command, result.output)
        assert "Traceback" not in result.output and "sleutel" in result.output
    assert (key.read_bytes() if key.is_file() else None) == left  # no new key made
    assert not key.exists() if damage == "missing" else True
    assert _rows(tmp_path, "SELECT * FROM documents_made ORDER BY file") == rows
    assert _letters(tmp_path) == letters and state.is_file()


def test_a_new_state_beside_a_kept_key_uses_it(runner, book, tmp_path):
    """The way out the message gives: state.sqlite moved away, eenplan starts a new memory with
    the key that is there; the letters already in out/ are kept, the new ones go beside them."""
    key = _keyed_team(runner, book, tmp_path)
    secret = key.read_bytes()
    (tmp_path / ".eenplan" / "state.sqlite").rename(tmp_path / "oud-geheugen.sqlite")
    before = _letters(tmp_path)
    _invite(runner, tmp_path)
    assert key.read_bytes() == secret
    after = _letters(tmp_path)
    assert all(after[p] == b for p, b in before.items())  # nothing overwritten


# -- the key stays in .eenplan/ ----------------------------------------------------------------

def test_the_key_is_in_no_export_log_or_report(runner, book, tmp_path):
    key = _keyed_team(runner, book, tmp_path)
    team = find_team(team=tmp_path)
    assert run_once(team, now=NOW).ok
    result = runner.invoke(cli, ["export", "2026-014", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    secret = key.read_text(encoding="ascii").strip()
    raw = bytes.fromhex(secret)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != key:
            data = path.read_bytes()
            assert secret.encode() not in data and raw not in data, path
    exported = [p for p in (tmp_path / "rapporten" / "inzage").rglob("*") if p.is_file()]
    assert exported and not any(p.name == KEY_FILE for p in exported)
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert repr(state.keys) == "Keys(...)" and secret not in repr(vars(state))


def test_a_key_saved_by_notepad_is_still_the_key(runner, book, tmp_path):
    """Opened and saved in Notepad: a byte order mark and a Windows line end. Called damaged,
    its advice would have given up the memory."""
    key = _keyed_team(runner, book, tmp_path)
    key.write_bytes(b"\xef\xbb\xbf" + key.read_bytes().strip() + b"\r\n")
    letters = _letters(tmp_path)
    again = _invite(runner, tmp_path)
    assert "niet opnieuw" in again.output and _letters(tmp_path) == letters


def test_a_watcher_without_its_key_says_so_once_and_not_that_the_overview_failed(runner, book, tmp_path):
    key = _keyed_team(runner, book, tmp_path)
    key.unlink()
    result = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2
    assert result.output.count("ontbreekt, maar") == 1, result.output
    assert "overzicht is niet verstuurd" not in result.output


def test_a_state_another_eenplan_holds_while_it_converts_is_not_called_damaged(book, tmp_path):
    """An earlier version's state, held by another eenplan for longer than eenplan waits: the
    advice for a damaged file (move it away) would forget every document and mail."""
    import sqlite3 as _sqlite3

    from eenplan.errors import OutputError
    from eenplan.team import state as state_module

    (tmp_path / ".eenplan").mkdir()
    path = tmp_path / ".eenplan" / "state.sqlite"
    with contextlib.closing(_sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {KEYED_FROM - 1}")
        db.commit()
    holder = _sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        original = _sqlite3.connect

        def quick(*args, **kwargs):
            kwargs["timeout"] = 0.2
            return original(*args, **kwargs)

        state_module.sqlite3.connect = quick  # type: ignore[assignment]
        try:
            with pytest.raises(OutputError) as caught, state_module.State(path.parent, root=tmp_path):
                pass
        finally:
            state_module.sqlite3.connect = original  # type: ignore[assignment]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "beschadigd" not in str(caught.value) and "Verplaats" not in str(caught.value)


def test_an_earlier_eenplan_finds_none_of_its_tables_in_a_keyed_state(runner, book, tmp_path):
    """An earlier version on a keyed state knows none of its hashes: it would make every document
    again and mail every invitation and week again. Under names it does not know, its first look
    fails, before any file or mail (it reads them by these names)."""
    _keyed_team(runner, book, tmp_path)
    tables = {row[0] for row in _rows(tmp_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables.isdisjoint({"generated", "generated_files", "mails", "digests", "weekly_rounds"})
    assert {"documents_made", "mails_sent", "digests_sent", "rounds_done"} <= tables
