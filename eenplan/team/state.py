"""What eenplan remembers between runs, in SQLite in the team's ``.eenplan/state.sqlite``.

    with State(team.state_dir, root=team.base) as state:
        earlier = state.generated(path)
        state.record_generated(path, dossier="2026-014", kind="uitnodiging", subject="...",
                               fingerprint=..., sha256=...)

Shared by the document commands, the watcher, the digest and retention. It holds:

- ``generated_files``: every document eenplan wrote, keyed by dossier number and a document id
  (``2026-12-07/gezin``; an invitee is a hash, never a name), the file by a hash of its path (a
  file name carries the invitee's name), with the hash of the file as written, so a file a
  person changed since is recognised and kept, and the data it was made from (``fingerprint``),
  so the same data never gives the same document twice;
- ``runs``: the watcher's audit trail: time, workbook hash, counts, dossier numbers touched;
- ``digests``: which week's digest went out, how, and its counts (for the week-on-week change),
  each begeleider's under a hash of the name;
- ``weekly_rounds``: which week's weekly round of the watcher (the digest and every
  begeleider's week) is done;
- ``mails``: each begeleider's weekly mail and each invitation sent by e-mail, by week, dossier
  number and a hash of the person, with the calendar's sequence number (never a name or address);
- ``audit``: one line per thing done to a dossier's files (exported, deleted by retention);
- ``reports``: what each report in rapporten/ was last written from, and the hash of the file,
  so the watcher writes a report anew only when its content changed or someone touched it.

Paths are hashed relative to the team folder, so a folder that moves keeps its memory. Nothing
here holds a family's, an invitee's or a staff member's name, or free text: earlier versions
kept file names and invitees' names in ``generated``; opening the state moves them into ``generated_files`` as
hashes and wipes the old pages (VACUUM), and deleted rows are overwritten (secure_delete).

The schema grows by appending to ``MIGRATIONS``; SQLite's ``user_version`` says how many ran.
Earlier versions kept the reports' memory in ``.eenplan/reports.json``; opening the state moves it
in, once. No SQL is written outside this module: the rest of eenplan calls its methods.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from eenplan.errors import OutputError
from eenplan.files import make_folder_inside, require_inside

STATE_FILE = "state.sqlite"
OLD_REPORTS_MEMORY = "reports.json"  # before the reports table: its content moves into the state

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE generated (
        path TEXT PRIMARY KEY,      -- relative to the team folder, with forward slashes
        dossier TEXT NOT NULL,
        kind TEXT NOT NULL,         -- uitnodiging, verslag, gezinsplan, ...
        subject TEXT NOT NULL,      -- what it is about: "2026-12-07/An Peeters", "" for one a dossier
        fingerprint TEXT NOT NULL,  -- hash of the data it was made from
        sha256 TEXT NOT NULL,       -- hash of the file as eenplan wrote it
        made_at TEXT NOT NULL
    );
    CREATE INDEX generated_by_dossier ON generated (dossier, kind, subject);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        workbook_sha256 TEXT NOT NULL,
        outcome TEXT NOT NULL,      -- ok, unreadable
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        overdue INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0,
        dossiers TEXT NOT NULL DEFAULT '[]'  -- JSON list of the dossier numbers touched
    );
    CREATE TABLE digests (
        week TEXT PRIMARY KEY,      -- ISO week, "2026-W48"
        sent_at TEXT NOT NULL,
        how TEXT NOT NULL,          -- smtp, eml
        counts TEXT NOT NULL        -- JSON: what the digest counted, for next week's change
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,       -- export, retention-delete, ...
        dossier TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''  -- counts and file kinds, never names
    );
    """,
    """
    CREATE TABLE reports (
        name TEXT PRIMARY KEY,      -- the report's file name in rapporten/
        fingerprint TEXT NOT NULL,  -- hash of what it was written from
        sha256 TEXT NOT NULL        -- hash of the file as eenplan wrote it
    )
    """,
    """
    CREATE TABLE generated_files (
        file TEXT PRIMARY KEY,      -- hash of the path relative to the team folder (no file names)
        dossier TEXT NOT NULL,
        kind TEXT NOT NULL,         -- uitnodiging, verslag, gezinsplan, ...
        document TEXT NOT NULL,     -- which one: "2026-12-07/gezin", "2026-12-07/<hash of the invitee>", ""
        fingerprint TEXT NOT NULL,  -- hash of the data it was made from
        sha256 TEXT NOT NULL,       -- hash of the file as eenplan wrote it
        made_at TEXT NOT NULL
    );
    INSERT OR REPLACE INTO generated_files
        SELECT eenplan_file_key(path), dossier, kind, eenplan_document_id(subject), fingerprint,
               sha256, made_at FROM generated ORDER BY made_at;
    DROP TABLE generated;
    CREATE INDEX generated_files_by_dossier ON generated_files (dossier, kind, document)
    """,
    """
    CREATE TABLE mails (
        key TEXT PRIMARY KEY,       -- what went out, without names: "week/2026-W48/<hash>",
                                    -- "uitnodiging/2026-014/<hash of the invitee>"
        kind TEXT NOT NULL,         -- begeleider-week, invitation, update, cancel
        dossier TEXT NOT NULL DEFAULT '',
        sent_at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'  -- JSON, never names: the calendar's sequence, the
                                           -- round-table's date, the letter's fingerprint
    );
    CREATE INDEX mails_by_dossier ON mails (dossier, kind)
    """,
    # the digests' counts per begeleider: from under the names to under a hash of them
    """
    UPDATE digests SET counts = eenplan_nameless_counts(counts)
    """,
    # the watcher's weekly round: the coordinators' digest and each begeleider's week. A digest
    # sent before this table was done with its round (as that version held).
    """
    CREATE TABLE weekly_rounds (
        week TEXT PRIMARY KEY,      -- ISO week whose weekly mails all went (or were tried)
        done_at TEXT NOT NULL
    );
    INSERT INTO weekly_rounds SELECT week, sent_at FROM digests
    """,
)
NAMELESS_FROM = 3  # the migration after which the old pages holding names are wiped
DIGESTS_NAMELESS_FROM = 5  # the same for the digests' begeleiders


def file_key(relative: str) -> str:
    """How a file is known in the state: a hash of its path relative to the team folder."""
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:32]


def document_id(subject: str) -> str:
    """Which document of a dossier, without a name: "2026-12-07/Maria Peeters" becomes
    "2026-12-07/" and a hash of the name; "2026-12-07/gezin" and "2026-12-07" stay."""
    head, slash, who = subject.partition("/")
    if not slash or who in ("", "gezin") or _is_hash(who):
        return subject
    return f"{head}/{hashlib.sha256(who.strip().casefold().encode('utf-8')).hexdigest()[:16]}"


def _is_hash(text: str) -> bool:
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


@dataclass(frozen=True)
class Generated:
    file: str  # file_key of the path relative to the team folder
    dossier: str
    kind: str
    document: str  # document_id: the date and who, without a name
    fingerprint: str
    sha256: str
    made_at: datetime.datetime


@dataclass(frozen=True)
class Run:
    at: datetime.datetime
    workbook_sha256: str
    outcome: str
    errors: int = 0
    warnings: int = 0
    overdue: int = 0
    documents: int = 0
    dossiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Digest:
    week: str
    sent_at: datetime.datetime
    how: str
    counts: Mapping[str, Any]


class State:
    """The team's memory. Use it as a context manager; each change is committed at once."""

    def __init__(self, state_dir: Path, *, root: Path) -> None:
        self.path = state_dir / STATE_FILE
        self.root = root
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> State:
        # never through a link to elsewhere, nor in a team folder that is gone (made anew)
        require_inside(self.root, make_folder_inside(self.root, self.path.parent) / STATE_FILE)
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(
                f"eenplan kan zijn geheugen ({self.path}) niet openen ({exc}): kijk of je in de "
                "teammap mag schrijven."
            ) from None
        db.row_factory = sqlite3.Row
        db.create_function("eenplan_file_key", 1, file_key, deterministic=True)
        db.create_function("eenplan_document_id", 1, document_id, deterministic=True)
        db.create_function("eenplan_nameless_counts", 1, _nameless_counts, deterministic=True)
        try:
            db.execute("PRAGMA secure_delete = ON")  # what is forgotten is overwritten, not left
            _migrate(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise OutputError(
                f"{self.path} is beschadigd ({exc}). Verplaats het bestand naar elders; eenplan "
                "begint dan een nieuw geheugen (het vergeet dan welke documenten het al maakte)."
            ) from None
        except BaseException:
            db.close()  # whatever stops the migration, the connection does not outlive it
            raise
        self._db = db
        self._move_in_old_reports_memory()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("State is used outside its with-block")
        return self._db

    def require_writable(self) -> None:
        """OutputError unless a change can be written: a read-only folder reads fine, and would
        fail only after the files were deleted or written that the memory must then record."""
        db = self.db
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(f"PRAGMA user_version = {version}")  # a write that changes nothing
            finally:
                db.execute("ROLLBACK")
        except sqlite3.Error:
            raise OutputError(
                f"eenplan kan zijn geheugen ({self.path}) niet bijwerken: de map is alleen-lezen, "
                "de schijf is vol of een ander programma houdt het vast. Er is nog niets gewijzigd; "
                "kijk of je in de teammap mag schrijven en probeer opnieuw."
            ) from None

    # -- generated documents ---------------------------------------------------------------

    def key(self, path: Path) -> str:
        """How a file is known here: a hash of its path relative to the team folder (with
        forward slashes), so no file name (which can carry a person's name) is kept."""
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = path.resolve().as_posix()
        return file_key(relative)

    def is_file_of(self, record: Generated, path: Path) -> bool:
        return self.key(path) == record.file

    def record_generated(self, path: Path, *, dossier: str, kind: str, subject: str,
                         fingerprint: str, sha256: str, at: datetime.datetime | None = None) -> None:
        """``subject`` says which document of the dossier (a date, an invitee's name): it is kept
        as a document_id, without the name."""
        self.db.execute(
            "INSERT OR REPLACE INTO generated_files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.key(path), dossier, kind, document_id(subject), fingerprint, sha256, _stamp(at)),
        )

    def generated(self, path: Path) -> Generated | None:
        row = self.db.execute("SELECT * FROM generated_files WHERE file = ?", (self.key(path),)).fetchone()
        return _generated(row) if row else None

    def generated_for(self, dossier: str, kind: str | None = None,
                      subject: str | None = None) -> tuple[Generated, ...]:
        """What was made for a dossier (and kind, and subject), the newest last."""
        sql, args = "SELECT * FROM generated_files WHERE dossier = ?", [dossier]
        if kind is not None:
            sql, args = sql + " AND kind = ?", [*args, kind]
        if subject is not None:
            sql, args = sql + " AND document = ?", [*args, document_id(subject)]
        rows = self.db.execute(sql + " ORDER BY made_at, rowid", args).fetchall()
        return tuple(_generated(row) for row in rows)

    def forget(self, paths: Iterable[Path]) -> None:
        self.db.executemany("DELETE FROM generated_files WHERE file = ?", [(self.key(p),) for p in paths])

    def forget_dossier(self, dossier: str) -> int:
        """Forget every document made for a dossier; how many records that was."""
        return self.db.execute("DELETE FROM generated_files WHERE dossier = ?", (dossier,)).rowcount

    def retention_deleted(self) -> frozenset[str]:
        """The dossier numbers retention deleted (from the audit trail)."""
        rows = self.db.execute("SELECT DISTINCT dossier FROM audit WHERE action = 'retention-delete'")
        return frozenset(r[0] for r in rows)

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """One transaction for many changes (each commit costs a disk sync). It is committed
        also when something fails halfway, so every file written so far stays remembered."""
        return self._batch()

    @property
    def in_batch(self) -> bool:
        """Inside ``batch()``: what is recorded now is committed when the batch ends."""
        return self.db.in_transaction

    @contextlib.contextmanager
    def _batch(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    # -- reports ---------------------------------------------------------------------------

    def report(self, name: str) -> tuple[str, str] | None:
        """(fingerprint, sha256) of the report ``name`` as eenplan last wrote it."""
        row = self.db.execute("SELECT fingerprint, sha256 FROM reports WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def record_report(self, name: str, *, fingerprint: str, sha256: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?)", (name, fingerprint, sha256))

    def _move_in_old_reports_memory(self) -> None:
        old = self.path.with_name(OLD_REPORTS_MEMORY)
        try:
            memory = json.loads(old.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            memory = {}  # unreadable: the reports are written anew once, as before
        rows = [(name, known["fingerprint"], known["sha256"]) for name, known in memory.items()
                if isinstance(known, dict) and isinstance(known.get("fingerprint"), str)
                and isinstance(known.get("sha256"), str)] if isinstance(memory, dict) else []
        self.db.executemany("INSERT OR IGNORE INTO reports VALUES (?, ?, ?)", rows)
        with contextlib.suppress(OSError):
            old.unlink()

    # -- the watcher's runs ----------------------------------------------------------------

    def record_run(self, run: Run) -> None:
        self.db.execute(
            "INSERT INTO runs (at, workbook_sha256, outcome, errors, warnings, overdue, documents,"
            " dossiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_stamp(run.at), run.workbook_sha256, run.outcome, run.errors, run.warnings, run.overdue,
             run.documents, json.dumps(list(run.dossiers))),
        )

    def runs(self, limit: int = 100) -> tuple[Run, ...]:
        """The latest runs, the newest first."""
        rows = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return tuple(
            Run(at=datetime.datetime.fromisoformat(r["at"]), workbook_sha256=r["workbook_sha256"],
                outcome=r["outcome"], errors=r["errors"], warnings=r["warnings"], overdue=r["overdue"],
                documents=r["documents"], dossiers=tuple(json.loads(r["dossiers"])))
            for r in rows
        )

    # -- digests ---------------------------------------------------------------------------

    def record_digest(self, week: str, *, how: str, counts: Mapping[str, Any],
                      at: datetime.datetime | None = None) -> None:
        """The digest's counts, each begeleider's under a hash of the name (``person_key``):
        next week's digest finds them again by the names it knows then."""
        self.db.execute("INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)",
                        (week, _stamp(at), how, json.dumps(_nameless(counts), ensure_ascii=False)))

    def digest(self, week: str) -> Digest | None:
        row = self.db.execute("SELECT * FROM digests WHERE week = ?", (week,)).fetchone()
        return _digest(row) if row else None

    def forget_digest(self, week: str) -> None:
        self.db.execute("DELETE FROM digests WHERE week = ?", (week,))

    def weekly_round_done(self, week: str) -> bool:
        """The watcher's weekly mails of ``week`` all went or were tried (``digest`` says only
        that the coordinators' went: a watcher stopped in between does the rest when it starts)."""
        return self.db.execute("SELECT 1 FROM weekly_rounds WHERE week = ?",
                               (week,)).fetchone() is not None

    def record_weekly_round(self, week: str, at: datetime.datetime | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO weekly_rounds VALUES (?, ?)", (week, _stamp(at)))

    def previous_digest(self, week: str) -> Digest | None:
        """The last digest sent for a week before ``week`` (ISO weeks sort as text)."""
        row = self.db.execute(
            "SELECT * FROM digests WHERE week < ? ORDER BY week DESC LIMIT 1", (week,)
        ).fetchone()
        return _digest(row) if row else None

    # -- mails -----------------------------------------------------------------------------

    def mail(self, key: str) -> Mail | None:
        row = self.db.execute("SELECT * FROM mails WHERE key = ?", (key,)).fetchone()
        return _mail(row) if row else None

    def record_mail(self, key: str, *, kind: str, dossier: str = "",
                    detail: Mapping[str, Any] | None = None,
                    at: datetime.datetime | None = None) -> None:
        """A mail that went out (the key and the detail hold no names)."""
        self.db.execute("INSERT OR REPLACE INTO mails VALUES (?, ?, ?, ?, ?)",
                        (key, kind, dossier, _stamp(at), json.dumps(detail or {})))

    def mails_of(self, dossier: str) -> tuple[Mail, ...]:
        rows = self.db.execute("SELECT * FROM mails WHERE dossier = ? ORDER BY key",
                               (dossier,)).fetchall()
        return tuple(_mail(r) for r in rows)

    # -- audit -----------------------------------------------------------------------------

    def audit(self, action: str, dossier: str, detail: str = "",
              at: datetime.datetime | None = None) -> None:
        """One line of what was done to a dossier's files. ``detail`` holds no names."""
        self.db.execute("INSERT INTO audit (at, action, dossier, detail) VALUES (?, ?, ?, ?)",
                        (_stamp(at), action, dossier, detail))

    def audit_lines(self) -> tuple[tuple[datetime.datetime, str, str, str], ...]:
        rows = self.db.execute("SELECT at, action, dossier, detail FROM audit ORDER BY id").fetchall()
        return tuple((datetime.datetime.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows)


@dataclass(frozen=True)
class Mail:
    key: str
    kind: str
    dossier: str
    sent_at: datetime.datetime
    detail: Mapping[str, Any]


def _mail(row: sqlite3.Row) -> Mail:
    return Mail(row["key"], row["kind"], row["dossier"],
                datetime.datetime.fromisoformat(row["sent_at"]), json.loads(row["detail"]))


# The digest's tables of counts per begeleider (flows.digest.digest_counts): kept by person_key.
DIGEST_PEOPLE = ("begeleiders", "agreements", "evaluations")


def _nameless(counts: Mapping[str, Any]) -> dict[str, Any]:
    return {key: ({who if _is_hash(who) else person_key(who): value for who, value in value.items()}
                  if key in DIGEST_PEOPLE and isinstance(value, Mapping) else value)
            for key, value in counts.items()}


def _nameless_counts(text: str) -> str:
    """A digests row's counts (JSON) without names (the migration of earlier versions' rows)."""
    try:
        counts = json.loads(text)
    except ValueError:
        return text
    return json.dumps(_nameless(counts), ensure_ascii=False) if isinstance(counts, dict) else text


def named(counts: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A digest's counts as recorded, with the begeleiders found again by ``names`` (the names
    known now); a begeleider no name matches is left out. Counts recorded by earlier versions,
    under the names themselves, come back as they are."""
    by_key = {person_key(name): name for name in names}
    return {key: ({by_key.get(who, who): value for who, value in value.items()
                   if who in by_key or not _is_hash(who)}
                  if key in DIGEST_PEOPLE and isinstance(value, Mapping) else value)
            for key, value in counts.items()}


def person_key(name: str) -> str:
    """A person as the state knows them: a hash of the name, never the name."""
    return hashlib.sha256(" ".join(name.split()).casefold().encode("utf-8")).hexdigest()[:16]


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _migrate(db: sqlite3.Connection) -> None:
    done = db.execute("PRAGMA user_version").fetchone()[0]
    if done < len(MIGRATIONS):  # all that are missing in one transaction: one wait for the disk, not one each
        scripts = "; ".join(MIGRATIONS[done:])
        db.executescript(f"BEGIN; {scripts}; PRAGMA user_version = {len(MIGRATIONS)}; COMMIT;")
    if 0 < done < NAMELESS_FROM <= len(MIGRATIONS) or 0 < done < DIGESTS_NAMELESS_FROM <= len(MIGRATIONS):
        db.execute("VACUUM")  # the pages that held file names, invitees' or staff names, rewritten


def _stamp(at: datetime.datetime | None) -> str:
    return (at or datetime.datetime.now()).isoformat(timespec="seconds")


def _generated(row: sqlite3.Row) -> Generated:
    return Generated(file=row["file"], dossier=row["dossier"], kind=row["kind"], document=row["document"],
                     fingerprint=row["fingerprint"], sha256=row["sha256"],
                     made_at=datetime.datetime.fromisoformat(row["made_at"]))


def _digest(row: sqlite3.Row) -> Digest:
    return Digest(week=row["week"], sent_at=datetime.datetime.fromisoformat(row["sent_at"]),
                  how=row["how"], counts=json.loads(row["counts"]))
