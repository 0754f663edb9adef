"""What eenplan remembers between runs, in SQLite in the team's ``.eenplan/state.sqlite``.

    with State(team.state_dir, root=team.base) as state:
        earlier = state.generated(path)
        state.record_generated(path, dossier="2026-014", kind="uitnodiging", subject="...",
                               fingerprint=..., sha256=...)

Shared by the document commands, the watcher, the digest and retention. It holds:

- ``documents_made`` (``generated_files`` before migration 8): every document eenplan wrote,
  keyed by dossier number and a document id
  (``2026-12-07/gezin``; an invitee is a keyed hash, never a name), the file by a keyed hash of
  its path (a file name carries the invitee's name), with the hash of the file as written, so a
  file a person changed since is recognised and kept, and the data it was made from
  (``fingerprint``), so the same data never gives the same document twice;
- ``runs``: the watcher's audit trail: time, workbook hash, counts, dossier numbers touched;
- ``digests_sent``: which week's digest went out, how, and its counts (for the week-on-week change),
  each begeleider's under a keyed hash of the name;
- ``rounds_done``: which week's weekly round of the watcher (the digest and every
  begeleider's week) is done;
- ``mails_sent``: each begeleider's weekly mail and each invitation sent by e-mail, by week, dossier
  number and a keyed hash of the person, with the calendar's sequence number, and for an
  invitation the letter's fingerprint and a keyed hash of the address it went to (never a name
  or an address); and the coordinators' digest of each week that went by mail (``digest_key``:
  no person in it), with who sent it (the watcher, or by hand);
- ``mails_claimed``: the mail a process is sending right now, by the same key, so that two
  processes (the watcher and `eenplan invite --mail`, or `eenplan digest --send`, at the same
  moment) never both send it
  (``State.sending``); a claim whose process died mid-send is taken over;
- ``mails_refused``: a mail the mail server refused for good (5xx), by the mail's key (an
  invitation, the coordinators' digest of a week, a begeleider's week): its
  address (at RCPT TO), or the message itself (its sender at MAIL FROM, the message at DATA), with
  a keyed hash of what it was tried with (the address, the letter, the mail server) and the
  server's code, never the address: it is not tried again until one of those changes; and
  eenplan's login the mail server refused (a 535, ``LOGIN_KEY``), with a keyed hash of [mail]
  and of the password variable, and four hex digits of a slow keyed hash of the password
  (``Keys.password``): no mail logs in again until one of those changes;
- ``calendar_events``: each appointment the team's .ics files beside the letters gave out, by
  dossier number and UID, with the day and hour the last .ics put it on and its SEQUENCE, so
  that a round-table that moves keeps its UID in the team's agendas and gets a higher SEQUENCE
  (``eenplan.docx_templates.team_calendar``), and when one deleted from the sheet got its
  cancelling .ics (``eenplan.docx_templates.calendar_cancel``), so that it is written once;
- ``calendar_sheet``: the day and hour of each round-table ahead on the sheet at the last look,
  of the dossiers with an appointment in the team's agendas, so that a round-table that was there
  all along is not taken for a deleted one that moved (``eenplan.docx_templates.meetings``);
  one that moved while its new .ics was not written yet is left out (``meetings.to_remember``);
- ``audit``: one line per thing done to a dossier's files (exported, deleted by retention);
- ``reports``: what each report in rapporten/ was last written from, and the hash of the file,
  so the watcher writes a report anew only when its content changed or someone touched it;
- ``key_check``: an HMAC of a fixed text under the key, to tell the key the state was made with;
- ``said_once``: what `eenplan watch --once` said of the lines the watcher says once (a refused
  password, a refused digest, a conflict copy, earlier default templates), as keyed hashes, and
  when: a scheduled task repeats them when they change and once a day, not at every run.

Paths are hashed relative to the team folder, so a folder that moves keeps its memory. Nothing
here holds a family's, an invitee's or a staff member's name, or free text: earlier versions
kept file names and invitees' names in ``generated``; opening the state moves them into ``documents_made`` as
hashes and wipes the old pages (VACUUM), and deleted rows are overwritten (secure_delete).

The key. A plain hash of a name is no secret to whoever has a list of names (the team's staff,
the families): they hash each and compare. So every hash of a name or a path is an HMAC-SHA256
under a random key of the team folder, ``.eenplan/sleutel`` (32 random bytes, as hex), made on
first use and read once per State; ``Keys`` is the one place that hashes. Without the key,
state.sqlite on its own (sent along with a question, say) gives no name away; the key lives in
.eenplan/ beside it, which also holds the workbook's snapshots, so whoever has both has the
names anyway. A keyed hash is the HMAC of the unkeyed hash earlier versions kept, at the same
length, so that migration 7 keys every row in place, in one transaction, without a name, and
wipes the unkeyed pages (VACUUM).

What can go wrong with the key, and why eenplan stops rather than make a new one: a new key
would make the state forget every document and mail it recorded. An edited letter would still
be kept (a file eenplan does not recognise is a person's: the new one gets the next version
name), but every document would come a second time as "(2)" and invitations would go out by
e-mail again. So a key file that is missing while the state was keyed with one, that cannot be
read, that is no key (damaged), or that is not the state's own (``key_check``: one from another
team folder or another backup) is ``KeyUnusable``, an OutputError the command line says in one
sentence (exit 2); the way out is the key from the same backup as state.sqlite, or moving
state.sqlite away to start a new memory on purpose. A key is made only for a state that holds
no keyed hash yet (new, or of an earlier version), under the state's write lock, so two
processes starting together make one; a write killed before its rename leaves a hidden file
(``KEY_TEMP_PREFIX``), which the next opening clears under that lock. A backup of the team
folder holds the key with the state; nothing eenplan writes elsewhere (export, snapshots, logs,
statistics) copies or needs it.

An earlier version of eenplan run on a keyed state (a colleague not yet updated) would find
nothing it knows, make every document again as a new version and mail every invitation and
week again. So migration 8 gives the tables names it does not know (documents_made, mails_sent,
digests_sent, rounds_done): its first look fails (it says to tell whoever keeps eenplan), before
any file or mail. Migrations 7 and 8 run in one transaction (as all that are missing do), so
no earlier version can write an unkeyed hash into a keyed state: every lookup is by the keyed
hash alone.

The schema grows by appending to ``MIGRATIONS``; SQLite's ``user_version`` says how many ran.
Earlier versions kept the reports' memory in ``.eenplan/reports.json``; opening the state moves it
in, once. No SQL is written outside this module: the rest of eenplan calls its methods.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import socket
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from eenplan.errors import OutputError
from eenplan.files import (
    TEMP_PREFIX,
    WriteFailed,
    make_folder_inside,
    os_reason,
    publish,
    require_inside,
    write_hidden,
)
from eenplan.team.processes import running

STATE_FILE = "state.sqlite"
KEY_FILE = "sleutel"  # the team folder's secret key: hex of 32 random bytes, beside the state
# the hidden file a key is written to before it gets its name (a killed write leaves it behind)
KEY_TEMP_PREFIX = f"{TEMP_PREFIX}{KEY_FILE}-"
# ... as earlier versions named it: mkstemp's eight characters after TEMP_PREFIX, no suffix
_OLD_KEY_TEMP = re.compile(re.escape(TEMP_PREFIX) + r"[a-z0-9_]{8}")
KEY_BYTES = 32
OLD_REPORTS_MEMORY = "reports.json"  # before the reports table: its content moves into the state
# what the mail server refused of a mail for good (Refusal.refused): the address (at RCPT TO),
# or the message itself: its sender (at MAIL FROM), the message (at DATA); or eenplan's login
# itself (a 535 at AUTH: the password), kept under LOGIN_KEY for every mail at once
REFUSED_ADDRESS, REFUSED_SENDER, REFUSED_MESSAGE = "address", "sender", "message"
REFUSED_LOGIN = "login"
LOGIN_KEY = "aanmelding"  # the key of the mail server's refusal of eenplan's login (no name)

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
    # keyed hashes: every hash of a name or a path, made by earlier versions with plain sha256,
    # becomes its HMAC under the team folder's key (``Keys``), in place; key_check tells the key
    # these rows were made with from any other (one from another team folder, a new one)
    """
    CREATE TABLE IF NOT EXISTS key_check (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        value TEXT NOT NULL         -- HMAC of a fixed text under the key: never the key itself
    );
    INSERT OR REPLACE INTO key_check VALUES (1, eenplan_key_check());
    UPDATE generated_files SET file = eenplan_keyed_file(file),
                               document = eenplan_keyed_document(document);
    UPDATE mails SET key = eenplan_keyed_mail(key);
    UPDATE digests SET counts = eenplan_keyed_counts(counts)
    """,
    # An earlier eenplan on a state it cannot read any more (the hashes are keyed) would find no
    # memory it knows, make every document again and mail every invitation and week again: under
    # names it does not know, it stops at its first look, before any file or mail.
    """
    ALTER TABLE generated_files RENAME TO documents_made;
    ALTER TABLE mails RENAME TO mails_sent;
    ALTER TABLE digests RENAME TO digests_sent;
    ALTER TABLE weekly_rounds RENAME TO rounds_done
    """,
    # A mail is claimed before it is sent, so that two processes (the watcher and `eenplan invite
    # --mail` at the same moment) never both send it.
    """
    CREATE TABLE IF NOT EXISTS mails_claimed (
        key TEXT PRIMARY KEY,       -- the mail's key, as in mails_sent (no names)
        claimed_at TEXT NOT NULL,   -- when (the computer's clock): an old claim is a send that died
        holder TEXT NOT NULL        -- "<pid> <keyed hash of the computer's name> <random>"
    )
    """,
    # An address the mail server refused for good (5xx) is not tried again at every save until
    # what it was tried with (the address, the letter, the mail server) changes.
    """
    CREATE TABLE IF NOT EXISTS mails_refused (
        key TEXT PRIMARY KEY,       -- the mail's key, as in mails_sent (no names)
        dossier TEXT NOT NULL DEFAULT '',
        tried TEXT NOT NULL,        -- keyed hash of the address, the letter and the mail server
        refused_at TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT ''  -- the server's code ("550 5.1.1"), never its text: that
                                         -- may quote the address
    )
    """,
    # A message the mail server refused for good (a 5xx at MAIL FROM or at DATA, not at one
    # recipient) is not tried again at every save either: what it refused is remembered with it.
    # The table is made anew (not ALTER TABLE ADD COLUMN), so that this runs on any table of that
    # name, also one that has the column already; the refusals before it were of an address.
    """
    CREATE TABLE mails_refused_new (
        key TEXT PRIMARY KEY,
        dossier TEXT NOT NULL DEFAULT '',
        tried TEXT NOT NULL,
        refused_at TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '',
        refused TEXT NOT NULL DEFAULT 'address'  -- 'address' (at RCPT TO), 'sender' (at MAIL
                                                 -- FROM), 'message' (at DATA)
    );
    INSERT INTO mails_refused_new (key, dossier, tried, refused_at, answer)
        SELECT key, dossier, tried, refused_at, answer FROM mails_refused;
    DROP TABLE mails_refused;
    ALTER TABLE mails_refused_new RENAME TO mails_refused
    """,
    # The team's .ics of a round-table keeps its UID when the round-table moves. Earlier versions
    # made the UID of the dossier and the day: each .ics they wrote (kind 'agenda', its document
    # the day) is taken over as the event it is, without its hour (not known: matched by its
    # day), so that moving it moves the appointment the team already has.
    """
    CREATE TABLE IF NOT EXISTS calendar_events (
        dossier TEXT NOT NULL,
        uid TEXT NOT NULL,          -- the event's UID in the team's .ics (no name in it)
        day TEXT NOT NULL,          -- the day the last .ics put it on: "2026-12-07"
        hour TEXT,                  -- its hour, "14:00"; "" without one; NULL: not known
        sequence INTEGER NOT NULL,  -- the SEQUENCE of that .ics
        fingerprint TEXT NOT NULL,  -- what that .ics was made from, as documents_made has it
        written_at TEXT NOT NULL,
        PRIMARY KEY (dossier, uid)
    );
    INSERT OR REPLACE INTO calendar_events (dossier, uid, day, hour, sequence, fingerprint, written_at)
        SELECT dossier, eenplan_earlier_calendar_uid(dossier, document), document, NULL, 0,
               fingerprint, made_at
        FROM documents_made
        WHERE kind = 'agenda' AND document GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
          AND NOT EXISTS (SELECT 1 FROM calendar_events AS known  -- run again on a table that has
                          WHERE known.dossier = documents_made.dossier  -- that day: it is known
                            AND known.day = documents_made.document)
        ORDER BY made_at, rowid
    """,
    # An appointment whose round-table was deleted from the sheet gets a cancelling .ics beside the
    # letters, once: when (NULL: it is in the team's agendas); its sequence and fingerprint are then
    # those of the cancellation. The table is made anew (not ALTER TABLE ADD COLUMN), as for
    # mails_refused, so that this runs on any table of that name, also one that has the column.
    """
    CREATE TABLE calendar_events_new (
        dossier TEXT NOT NULL,
        uid TEXT NOT NULL,
        day TEXT NOT NULL,
        hour TEXT,
        sequence INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        written_at TEXT NOT NULL,
        cancelled_at TEXT,          -- when its cancelling .ics was written; NULL: in the agendas
        PRIMARY KEY (dossier, uid)
    );
    INSERT INTO calendar_events_new (dossier, uid, day, hour, sequence, fingerprint, written_at)
        SELECT dossier, uid, day, hour, sequence, fingerprint, written_at FROM calendar_events;
    DROP TABLE calendar_events;
    ALTER TABLE calendar_events_new RENAME TO calendar_events
    """,
    # The round-tables ahead on the sheet at the last look, of the dossiers with an appointment
    # in the team's agendas: one that was there all along is no deleted one's new day.
    """
    CREATE TABLE IF NOT EXISTS calendar_sheet (
        dossier TEXT NOT NULL,
        day TEXT NOT NULL,          -- "2027-02-01"
        hour TEXT NOT NULL,         -- "14:00"; "" without one
        count INTEGER NOT NULL,     -- how many rows have that day and hour
        PRIMARY KEY (dossier, day, hour)
    )
    """,
    # What `eenplan watch --once` said of the lines the watcher that keeps running says once (a
    # password the mail server refused, a digest it refused, a conflict copy, templates that are
    # an earlier default), so that a scheduled task every 15 minutes does not repeat them at every
    # run (``State.say_once``). Keyed hashes only, never the words: a copy's name carries a
    # person's.
    """
    CREATE TABLE IF NOT EXISTS said_once (
        what TEXT PRIMARY KEY,      -- which line: "aanmelding", "kopie/<keyed hash of its name>"
        said TEXT NOT NULL,         -- a keyed hash of the line as it was said
        said_at TEXT NOT NULL
    )
    """,
)
NAMELESS_FROM = 3  # the migration after which the old pages holding names are wiped
DIGESTS_NAMELESS_FROM = 5  # the same for the digests' begeleiders
KEYED_FROM = 7  # the migration after which every hash is keyed (and the unkeyed pages wiped)


class Keys:
    """The one place eenplan hashes a name or a path for the state: keyed (HMAC-SHA256) under the
    team folder's secret key, so that no one can find a name again by hashing a list of names.

    Each keyed hash is the HMAC of the hash earlier versions kept (plain sha256, truncated), cut
    to the same length: the migration re-keys every row in place without knowing any name. The
    key never leaves this object: no repr, no attribute that says it.
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def __repr__(self) -> str:
        return "Keys(...)"

    def keyed(self, unkeyed: str) -> str:
        """An unkeyed hash (as earlier versions kept it) keyed: the HMAC, cut to its length."""
        return hmac.new(self._secret, unkeyed.encode("utf-8"), hashlib.sha256).hexdigest()[:len(unkeyed)]

    def file(self, relative: str) -> str:
        """How a file is known in the state: by its path relative to the team folder."""
        return self.keyed(_unkeyed_file(relative))

    def person(self, name: str) -> str:
        """A person as the state knows them, never the name."""
        return self.keyed(_unkeyed_person(name))

    def document(self, subject: str) -> str:
        """Which document of a dossier, without a name: "2026-12-07/Maria Peeters" becomes
        "2026-12-07/" and a keyed hash of the name; "2026-12-07/gezin" and "2026-12-07" stay."""
        head, slash, who = subject.partition("/")
        if not slash or who in ("", "gezin") or _is_hash(who):
            return subject
        return f"{head}/{self.keyed(_unkeyed_document_who(who))}"

    def computer(self, name: str) -> str:
        """A computer (its host name, which may carry its user's name), as a claim keeps it."""
        return self.keyed(hashlib.sha256(name.encode("utf-8")).hexdigest()[:16])

    def address(self, address: str) -> str:
        """An e-mail address as the record of a mail keeps it (never the address): a mail that
        went to another address than a person has now did not reach that one."""
        return self.keyed(hashlib.sha256(address.strip().casefold().encode("utf-8")).hexdigest()[:16])

    def attempt(self, address: str, what: str) -> str:
        """What a mail the server refused was tried with: its address and ``what`` (the letter,
        the mail server), so that the same again is known without keeping the address."""
        data = f"{address.strip().casefold()}\n{what}"
        return self.keyed(hashlib.sha256(data.encode("utf-8")).hexdigest()[:32])

    def password(self, password: str) -> str:
        """A password as a refused login keeps it, to know a changed one from the same: four hex
        digits of a slow keyed hash (scrypt). So few that they give the password away to no one
        who has the state and its key (tens of thousands of passwords share each), at the price
        of one changed password in 65,536 taken for the same one."""
        salt = hmac.new(self._secret, b"eenplan password", hashlib.sha256).digest()
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2 ** 14, r=8, p=1,
                              dklen=16).hex()[:4]

    def said(self, text: str) -> str:
        """A line eenplan said (which may carry a name), as ``said_once`` keeps it."""
        return self.keyed(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])

    def check(self) -> str:
        """What the state keeps to tell this key from another: an HMAC of a fixed text."""
        return hmac.new(self._secret, b"eenplan key check", hashlib.sha256).hexdigest()[:32]

    # -- the rows of earlier versions, re-keyed in place (migration 7) ----------------------

    def keyed_document(self, document: str) -> str:
        head, slash, who = document.partition("/")
        return f"{head}/{self.keyed(who)}" if slash and _is_hash(who) else document

    def keyed_mail(self, key: str) -> str:
        """A mail's key ends in a person's hash ("week/2026-W48/<hash>"), or holds none."""
        head, slash, who = key.rpartition("/")
        return f"{head}/{self.keyed(who)}" if slash and _is_hash(who) else key

    def keyed_counts(self, text: str) -> str:
        try:
            counts = json.loads(text)
        except ValueError:
            return text
        if not isinstance(counts, dict):
            return text
        return json.dumps({key: ({self.keyed(who) if _is_hash(who) else self.person(who): value
                                  for who, value in value.items()}
                                 if key in DIGEST_PEOPLE and isinstance(value, Mapping) else value)
                           for key, value in counts.items()}, ensure_ascii=False)


# The hashes earlier versions kept, unkeyed: only ever keyed (``Keys.keyed``), or made by the
# migrations of those versions (which migration 7 then keys). Their normalisations stay as they
# were.

def _unkeyed_file(relative: str) -> str:
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:32]


def _unkeyed_person(name: str) -> str:
    return hashlib.sha256(" ".join(name.split()).casefold().encode("utf-8")).hexdigest()[:16]


def _unkeyed_document_who(who: str) -> str:
    return hashlib.sha256(who.strip().casefold().encode("utf-8")).hexdigest()[:16]


def _unkeyed_document(subject: str) -> str:
    head, slash, who = subject.partition("/")
    if not slash or who in ("", "gezin") or _is_hash(who):
        return subject
    return f"{head}/{_unkeyed_document_who(who)}"


def earlier_calendar_uid(dossier: str, day: str) -> str:
    """The UID earlier versions gave the team's .ics of a dossier's round-table on ``day``."""
    return f"{hashlib.sha256(f'{dossier}|{day}'.encode()).hexdigest()[:24]}@eenplan"


def _is_hash(text: str) -> bool:
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


_KEY_ADVICE = (
    "zet de sleutel terug uit dezelfde back-up als state.sqlite, of verplaats state.sqlite naar "
    "elders, zodat eenplan een nieuw geheugen begint (het maakt zijn documenten dan opnieuw, als "
    "nieuwe versie naast de bestaande, en kan uitnodigingen, het wekelijkse overzicht en de weken "
    "van de begeleiders opnieuw versturen)."
)


_NOT_DAMAGED = ("locked", "busy", "readonly", "read-only", "unable to open", "disk is full", "disk i/o")


def _damaged(path: Path, exc: Exception) -> str:
    return (f"{path} is beschadigd ({exc}). Verplaats het bestand naar elders; eenplan begint dan "
            "een nieuw geheugen (het vergeet dan welke documenten het al maakte, en kan uitnodigingen "
            "en het wekelijkse overzicht opnieuw versturen).")


class StateUnwritable(OutputError):
    """The memory cannot be opened or changed now (held by another eenplan, a read-only folder,
    a full disk): nothing is wrong with the file itself, and the same step may work later."""


class KeyUnusable(OutputError):
    """The team folder's key (.eenplan/sleutel) is missing, damaged, unreadable, or not the key
    the state was made with: eenplan stops rather than make a new one."""


@dataclass(frozen=True)
class Generated:
    file: str  # Keys.file of the path relative to the team folder
    dossier: str
    kind: str
    document: str  # Keys.document: the date and who, without a name
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
        self.key_path = state_dir / KEY_FILE
        self.root = root
        self._db: sqlite3.Connection | None = None
        self._keys: Keys | None = None
        self._claims: dict[str, str] = {}  # the mails this process claimed (``sending``): holder

    def __enter__(self) -> State:
        # never through a link to elsewhere, nor in a team folder that is gone (made anew)
        require_inside(self.root, make_folder_inside(self.root, self.path.parent) / STATE_FILE)
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StateUnwritable(
                f"eenplan kan zijn geheugen ({self.path}) niet openen ({exc}): kijk of je in de "
                "teammap mag schrijven."
            ) from None
        db.row_factory = sqlite3.Row
        # the migrations of earlier versions hash as those versions did; migration 7 keys it all
        db.create_function("eenplan_file_key", 1, _unkeyed_file, deterministic=True)
        db.create_function("eenplan_document_id", 1, _unkeyed_document, deterministic=True)
        db.create_function("eenplan_nameless_counts", 1, _nameless_counts, deterministic=True)
        db.create_function("eenplan_earlier_calendar_uid", 2, earlier_calendar_uid, deterministic=True)
        try:
            db.execute("PRAGMA secure_delete = ON")  # what is forgotten is overwritten, not left
            keys = self._keys = self._open_keys(db)
            db.create_function("eenplan_key_check", 0, keys.check, deterministic=True)
            db.create_function("eenplan_keyed_file", 1, keys.keyed, deterministic=True)
            db.create_function("eenplan_keyed_document", 1, keys.keyed_document, deterministic=True)
            db.create_function("eenplan_keyed_mail", 1, keys.keyed_mail, deterministic=True)
            db.create_function("eenplan_keyed_counts", 1, keys.keyed_counts, deterministic=True)
            _migrate(db)
            self._require_its_key(db, keys)
        except sqlite3.OperationalError as exc:
            db.close()
            if any(word in str(exc).lower() for word in _NOT_DAMAGED):
                # held by another eenplan (a watcher in a long round), or a folder it may not
                # write: nothing is wrong with the file, and moving it away would forget it all
                raise StateUnwritable(
                    f"eenplan kan zijn geheugen ({self.path}) nu niet bijwerken: een ander programma "
                    "houdt het vast (een andere eenplan die nog bezig is), of de map is alleen-lezen. "
                    "Er is niets gewijzigd: probeer het over een minuut opnieuw, of kijk of je in de "
                    "teammap mag schrijven."
                ) from None
            raise OutputError(_damaged(self.path, exc)) from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise OutputError(_damaged(self.path, exc)) from None
        except BaseException:
            db.close()  # whatever stops the migration, the connection does not outlive it
            raise
        self._db = db
        self._move_in_old_reports_memory()
        return self

    # -- the key ---------------------------------------------------------------------------

    @property
    def keys(self) -> Keys:
        """The team folder's keyed hashes (read once, when the state opened)."""
        if self._keys is None:
            raise RuntimeError("State is used outside its with-block")
        return self._keys

    def _open_keys(self, db: sqlite3.Connection) -> Keys:
        """The key in .eenplan/sleutel; made only for a state that holds no keyed hash yet (new,
        or of a version before the keys), under the state's write lock, so that two processes
        starting together make one key. A state already keyed never gets a new one: it would
        forget every document and mail (KeyUnusable says what to do)."""
        if _version(db) >= KEYED_FROM:
            return Keys(self._read_key() or self._key_missing())
        db.execute("BEGIN IMMEDIATE")
        try:
            self._clear_killed_key_writes()
            secret = self._read_key()
            if secret is None:
                if _version(db) >= KEYED_FROM:  # keyed meanwhile by another process
                    self._key_missing()
                secret = self._new_key()
        finally:
            db.execute("ROLLBACK")
        return Keys(secret)

    def _clear_killed_key_writes(self) -> None:
        """The hidden files a key write killed before its rename left in .eenplan/ (a key is
        written only under the state's write lock, held now, so none is being written): only
        eenplan's own (by their name), only files, never a link."""
        folder = require_inside(self.root, self.key_path.parent)
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if ((entry.name.startswith(KEY_TEMP_PREFIX) or _OLD_KEY_TEMP.fullmatch(entry.name))
                        and entry.is_file(follow_symlinks=False)):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _read_key(self) -> bytes | None:
        """The key, None when there is no key file; KeyUnusable when it cannot be read or is not
        a key (never through a link to elsewhere)."""
        path = require_inside(self.root, self.key_path)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            reason, advice = os_reason(exc)
            raise KeyUnusable(
                f"eenplan kan de sleutel van zijn geheugen ({path}) niet lezen: {reason}. {advice}"
            ) from None
        try:
            # opened and saved in Notepad: a byte order mark, and a line end of its own
            secret = bytes.fromhex(text.decode("utf-8-sig").strip())
        except ValueError:
            secret = b""
        if len(secret) != KEY_BYTES:
            raise KeyUnusable(
                f"De sleutel van eenplans geheugen ({path}) is beschadigd: {_KEY_ADVICE}"
            )
        return secret

    def _key_missing(self) -> NoReturn:
        raise KeyUnusable(
            f"De sleutel van eenplans geheugen ({self.key_path}) ontbreekt, maar {self.path} is "
            f"ermee gemaakt: {_KEY_ADVICE}"
        )

    def _new_key(self) -> bytes:
        """32 random bytes, written atomically (hidden, flushed, renamed), readable by its owner
        and, as the umask has it on a shared team folder, the group; never by others."""
        path = require_inside(self.root, self.key_path)
        secret = secrets.token_bytes(KEY_BYTES)
        try:
            hidden = write_hidden(path, (secret.hex() + "\n").encode("ascii"), prefix=KEY_TEMP_PREFIX)
            with contextlib.suppress(OSError):  # a file system without modes (FAT, a share) keeps its own
                os.chmod(hidden, 0o600 | (os.stat(hidden).st_mode & 0o060))
            publish(hidden, path)
        except WriteFailed as exc:
            raise KeyUnusable(
                f"eenplan moet zijn geheugen ({self.path}) één keer omzetten naar deze versie, met "
                f"een sleutel in {path.parent}, maar kan daar niet schrijven ({exc.reason}): laat "
                "eenplan één keer draaien door iemand die in de teammap mag schrijven."
            ) from None
        return secret

    def _require_its_key(self, db: sqlite3.Connection, keys: Keys) -> None:
        row = db.execute("SELECT value FROM key_check").fetchone()
        if row is not None and not hmac.compare_digest(row[0], keys.check()):
            raise KeyUnusable(
                f"De sleutel {self.key_path} hoort niet bij {self.path} (komt hij uit een andere "
                f"teammap of een andere back-up?): {_KEY_ADVICE}"
            )

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
            raise StateUnwritable(
                f"eenplan kan zijn geheugen ({self.path}) niet bijwerken: de map is alleen-lezen, "
                "de schijf is vol of een ander programma houdt het vast. Er is nog niets gewijzigd; "
                "kijk of je in de teammap mag schrijven en probeer opnieuw."
            ) from None

    # -- generated documents ---------------------------------------------------------------

    def key(self, path: Path) -> str:
        """How a file is known here: a keyed hash of its path relative to the team folder (with
        forward slashes), so no file name (which can carry a person's name) is kept."""
        return self.keys.file(_relative(path, self.root))

    def is_file_of(self, record: Generated, path: Path) -> bool:
        return record.file == self.key(path)

    def remembered(self, records: Iterable[Generated], paths: Iterable[Path]) -> list[Path]:
        """Those of ``paths`` that one of ``records`` is of (a file a person moved elsewhere in
        out/ is still known by its new path only if eenplan wrote it there)."""
        files = {record.file for record in records}
        return [path for path in paths if files and self.key(path) in files]

    def record_generated(self, path: Path, *, dossier: str, kind: str, subject: str,
                         fingerprint: str, sha256: str, at: datetime.datetime | None = None) -> None:
        """``subject`` says which document of the dossier (a date, an invitee's name): it is kept
        as a keyed document id, without the name."""
        self.db.execute(
            "INSERT OR REPLACE INTO documents_made VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.key(path), dossier, kind, self.keys.document(subject), fingerprint, sha256,
             _stamp(at)),
        )

    def record_moved(self, path: Path, to: Path, *, kind_suffix: str = "") -> None:
        """eenplan moved the file it made at ``path`` to ``to``: its record follows, so the state
        never points at a name that is gone. ``kind_suffix`` ("(vervallen)") is added to its
        kind: the file stays known as eenplan's, but no longer as the current file of its
        document (asked for again, that document is made anew)."""
        self.db.execute("UPDATE OR REPLACE documents_made SET file = ?, kind = kind || ? "
                        "WHERE file = ?", (self.key(to), kind_suffix, self.key(path)))

    def put_back(self, path: Path, record: Generated | None) -> None:
        """The memory of ``path`` as it was before a record of a file that could not be put at
        its name (``record``, or none): only what was really written is remembered."""
        self.db.execute("DELETE FROM documents_made WHERE file = ?", (self.key(path),))
        if record is not None:
            self.db.execute("INSERT OR REPLACE INTO documents_made VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (record.file, record.dossier, record.kind, record.document,
                             record.fingerprint, record.sha256, _stamp(record.made_at)))

    def generated(self, path: Path) -> Generated | None:
        row = self.db.execute("SELECT * FROM documents_made WHERE file = ?",
                              (self.key(path),)).fetchone()
        return _generated(row) if row else None

    def generated_for(self, dossier: str, kind: str | None = None,
                      subject: str | None = None) -> tuple[Generated, ...]:
        """What was made for a dossier (and kind, and subject), the newest last."""
        sql, args = "SELECT * FROM documents_made WHERE dossier = ?", [dossier]
        if kind is not None:
            sql, args = sql + " AND kind = ?", [*args, kind]
        if subject is not None:
            sql, args = sql + " AND document = ?", [*args, self.keys.document(subject)]
        rows = self.db.execute(sql + " ORDER BY made_at, rowid", args).fetchall()
        return tuple(_generated(row) for row in rows)

    def forget(self, paths: Iterable[Path]) -> None:
        self.db.executemany("DELETE FROM documents_made WHERE file = ?",
                            [(self.key(p),) for p in paths])

    def forget_dossier(self, dossier: str) -> int:
        """Forget every document made for a dossier (and the mails the mail server refused for
        it, and its appointments in the team's agendas); how many documents that was."""
        self.db.execute("DELETE FROM mails_refused WHERE dossier = ?", (dossier,))
        self.db.execute("DELETE FROM calendar_events WHERE dossier = ?", (dossier,))
        self.db.execute("DELETE FROM calendar_sheet WHERE dossier = ?", (dossier,))
        return self.db.execute("DELETE FROM documents_made WHERE dossier = ?", (dossier,)).rowcount

    def dossiers_made(self) -> dict[str, int]:
        """Every dossier number documents were made for, with how many the state remembers."""
        rows = self.db.execute("SELECT dossier, COUNT(*) FROM documents_made GROUP BY dossier")
        return {r[0]: r[1] for r in rows}

    def retention_deleted_on(self) -> dict[str, datetime.date | None]:
        """The dossier numbers retention deleted, with the closure their audit line names (None
        where it names none)."""
        found: dict[str, datetime.date | None] = {}
        for _, action, dossier, detail in self.audit_lines():
            if action == "retention-delete":
                closed = re.match(r"afgesloten (\d{4}-\d{2}-\d{2})", detail)
                found[dossier] = datetime.date.fromisoformat(closed.group(1)) if closed else None
        return found

    def retention_deleted_days(self) -> dict[str, datetime.date]:
        """The dossier numbers retention deleted, with the day it did (the last, where it did
        more than once), from the audit trail."""
        return {dossier: at.date() for at, action, dossier, _ in self.audit_lines()
                if action == "retention-delete"}

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

    # -- the team's calendar ---------------------------------------------------------------

    def calendar_events(self, dossiers: Iterable[str]) -> dict[str, tuple[CalendarEvent, ...]]:
        """The appointments the team's .ics files of these dossiers gave out, by dossier."""
        found: dict[str, list[CalendarEvent]] = {}
        for row in self._of_dossiers("calendar_events", dossiers, order="dossier, written_at, uid"):
            found.setdefault(row["dossier"], []).append(_calendar_event(row))
        return {number: tuple(events) for number, events in found.items()}

    def _of_dossiers(self, table: str, dossiers: Iterable[str], *, order: str) -> Iterator[sqlite3.Row]:
        """The rows of ``table`` (one of the state's own) of these dossiers, in ``order``: asked a
        few hundred numbers at a time (SQLite's limit on a query's parameters)."""
        numbers = list(dict.fromkeys(dossiers))
        for start in range(0, len(numbers), _PER_QUERY):
            part = numbers[start:start + _PER_QUERY]
            yield from self.db.execute(
                f"SELECT * FROM {table} WHERE dossier IN ({', '.join('?' * len(part))}) ORDER BY {order}",
                part).fetchall()

    def record_calendar_event(self, event: CalendarEvent, *, at: datetime.datetime | None = None) -> None:
        """The team's .ics of a round-table was written (or found as it is) with ``event``: the
        appointment is in the team's agendas (again, when it was cancelled)."""
        self.db.execute("INSERT OR REPLACE INTO calendar_events (dossier, uid, day, hour, sequence, "
                        "fingerprint, written_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                        (event.dossier, event.uid, event.day.isoformat(), event.hour, event.sequence,
                         event.fingerprint, _stamp(at)))

    def calendar_dossiers_ahead(self, today: datetime.date) -> tuple[str, ...]:
        """The dossiers with an appointment from ``today`` on in the team's agendas (not cancelled)."""
        rows = self.db.execute("SELECT DISTINCT dossier FROM calendar_events WHERE day >= ? "
                               "AND cancelled_at IS NULL ORDER BY dossier", (today.isoformat(),))
        return tuple(r[0] for r in rows)

    def record_calendar_cancelled(self, dossier: str, uid: str, *, sequence: int, fingerprint: str,
                                  at: datetime.datetime | None = None) -> None:
        """The cancelling .ics of the appointment ``uid`` was written, numbered ``sequence``."""
        self.db.execute("UPDATE calendar_events SET sequence = ?, fingerprint = ?, cancelled_at = ? "
                        "WHERE dossier = ? AND uid = ?", (sequence, fingerprint, _stamp(at), dossier, uid))

    def calendar_sheet(self, dossiers: Iterable[str]) -> dict[str, tuple[tuple[datetime.date, str], ...]]:
        """The day and hour of each round-table ahead the sheet had at the last look
        (``record_calendar_sheet``), by dossier; a dossier not looked at yet has none."""
        found: dict[str, list[tuple[datetime.date, str]]] = {}
        for row in self._of_dossiers("calendar_sheet", dossiers, order="dossier, day, hour"):
            found.setdefault(row["dossier"], []).extend(
                [(datetime.date.fromisoformat(row["day"]), row["hour"])] * int(row["count"]))
        return {number: tuple(slots) for number, slots in found.items()}

    def record_calendar_sheet(self, dossier: str, slots: Iterable[tuple[datetime.date, str]]) -> None:
        """The dossier's round-tables ahead on the sheet now: their day and hour ("" without one)."""
        counted = Counter((day.isoformat(), hour) for day, hour in slots)
        self.db.execute("DELETE FROM calendar_sheet WHERE dossier = ?", (dossier,))
        self.db.executemany("INSERT INTO calendar_sheet (dossier, day, hour, count) VALUES (?, ?, ?, ?)",
                            [(dossier, day, hour, n) for (day, hour), n in sorted(counted.items())])

    # -- reports ---------------------------------------------------------------------------

    def report(self, name: str) -> tuple[str, str] | None:
        """(fingerprint, sha256) of the report ``name`` as eenplan last wrote it."""
        row = self.db.execute("SELECT fingerprint, sha256 FROM reports WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def record_report(self, name: str, *, fingerprint: str, sha256: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?)", (name, fingerprint, sha256))

    def put_back_report(self, name: str, known: tuple[str, str] | None) -> None:
        """The memory of the report ``name`` as it was (``known``, or none) before a record of a
        file that could not be put at its name (open in Excel): only what was written is kept."""
        self.db.execute("DELETE FROM reports WHERE name = ?", (name,))
        if known is not None:
            self.record_report(name, fingerprint=known[0], sha256=known[1])

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
        """The digest's counts, each begeleider's under a keyed hash of the name (``Keys.person``):
        next week's digest finds them again by the names it knows then."""
        self.db.execute("INSERT OR REPLACE INTO digests_sent VALUES (?, ?, ?, ?)",
                        (week, _stamp(at), how,
                         json.dumps(_nameless(counts, self.keys.person), ensure_ascii=False)))

    def digest(self, week: str) -> Digest | None:
        row = self.db.execute("SELECT * FROM digests_sent WHERE week = ?", (week,)).fetchone()
        return _digest(row) if row else None

    def weekly_round_done(self, week: str) -> bool:
        """The watcher's weekly mails of ``week`` all went or were tried (``digest`` says only
        that the coordinators' went: a watcher stopped in between does the rest when it starts)."""
        return self.db.execute("SELECT 1 FROM rounds_done WHERE week = ?",
                               (week,)).fetchone() is not None

    def record_weekly_round(self, week: str, at: datetime.datetime | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO rounds_done VALUES (?, ?)", (week, _stamp(at)))

    def previous_digest(self, week: str) -> Digest | None:
        """The digest of the ISO week just before ``week``, or None: an older one (the watcher
        was off, a holiday) is no "last week" to compare with."""
        return self.digest(week_before(week))

    # -- mails -----------------------------------------------------------------------------

    def mail_key(self, prefix: str, name: str) -> str:
        """The key of a mail to a person: ``prefix`` and the person's keyed hash."""
        return f"{prefix}/{self.keys.person(name)}"

    def people(self, names: Iterable[str]) -> dict[str, str]:
        """The names by the hash the state knows them by (a mail's key ends in it)."""
        return {self.keys.person(name): name for name in names}

    def mail(self, key: str) -> Mail | None:
        row = self.db.execute("SELECT * FROM mails_sent WHERE key = ?", (key,)).fetchone()
        return _mail(row) if row else None

    def record_mail(self, key: str, *, kind: str, dossier: str = "",
                    detail: Mapping[str, Any] | None = None,
                    at: datetime.datetime | None = None) -> None:
        """A mail that went out (the key and the detail hold no names). It ends this process's
        claim on it (``sending``) and forgets an earlier refusal of it, in the same write."""
        holder = self._claims.get(key)
        with self._writing():
            self.db.execute("INSERT OR REPLACE INTO mails_sent VALUES (?, ?, ?, ?, ?)",
                            (key, kind, dossier, _stamp(at), json.dumps(detail or {})))
            self.db.execute("DELETE FROM mails_refused WHERE key = ?", (key,))
            if holder is not None:
                self.db.execute("DELETE FROM mails_claimed WHERE key = ? AND holder = ?", (key, holder))
        self._claims.pop(key, None)

    def sending(self, key: str, *, seen: Mail | None) -> contextlib.AbstractContextManager[str]:
        """Claim the sending of the mail ``key`` for this process alone: two processes that both
        found it not yet sent (the watcher and `eenplan invite --mail` at the same moment) do not
        both send it. The claim is taken under the state's write lock, so only one can win it.

            with state.sending(key, seen=state.mail(key)) as claim:
                if claim == CLAIMED:
                    send(message, ..., accepted=lambda: state.record_mail(key, ...))

        ``seen``: the mail as the caller found it when it chose to send (None: never sent).
        CLAIMED: send it; ``record_mail`` (the moment the server took it) ends the claim, and a
        claim not ended so (the send failed) is let go when the block ends, so the mail goes at
        the next try. SENT: the mail is no longer as ``seen``: another process sent it meanwhile.
        BUSY: another process claimed it and is sending it now.

        A claim whose process was killed mid-send is taken over: at once when that process (on
        this computer) is gone, else after ``CLAIM_LEASE`` (another computer's process cannot be
        checked from here). Better that one mail possibly arrives twice after a crash than never.
        """
        return self._sending(key, seen)

    @contextlib.contextmanager
    def _sending(self, key: str, seen: Mail | None) -> Iterator[str]:
        claim = self._claim(key, seen)
        try:
            yield claim
        finally:
            if claim == CLAIMED:
                self._release(key)

    def _claim(self, key: str, seen: Mail | None) -> str:
        here = self.keys.computer(socket.gethostname())
        holder = f"{os.getpid()} {here} {secrets.token_hex(8)}"
        now = datetime.datetime.now(datetime.timezone.utc)
        with self._writing():
            if self.mail(key) != seen:
                return SENT
            row = self.db.execute("SELECT claimed_at, holder FROM mails_claimed WHERE key = ?",
                                  (key,)).fetchone()
            if row is not None and _claim_holds(row["claimed_at"], row["holder"], here=here, now=now):
                return BUSY
            self.db.execute("INSERT OR REPLACE INTO mails_claimed VALUES (?, ?, ?)",
                            (key, now.isoformat(timespec="seconds"), holder))
        self._claims[key] = holder
        return CLAIMED

    def _release(self, key: str) -> None:
        holder = self._claims.pop(key, None)
        if holder is None:  # recorded as sent: record_mail ended it
            return
        # the state held too long by another process: the claim lapses by itself (CLAIM_LEASE),
        # and whatever ended the send is what the caller must hear
        with contextlib.suppress(sqlite3.OperationalError):
            self.db.execute("DELETE FROM mails_claimed WHERE key = ? AND holder = ?", (key, holder))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE: the state's write lock from the first read),
        or the batch it is part of."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def refusal(self, key: str) -> Refusal | None:
        """The mail server's refusal of the mail ``key`` (its address, or the message itself),
        if it refused it for good (5xx) the last time it was tried and the mail has not gone
        since."""
        row = self.db.execute("SELECT * FROM mails_refused WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Refusal(row["key"], row["dossier"], row["tried"],
                       datetime.datetime.fromisoformat(row["refused_at"]), row["answer"],
                       row["refused"])

    def record_refusal(self, key: str, *, tried: str, answer: str, dossier: str = "",
                       refused: str = REFUSED_ADDRESS, at: datetime.datetime | None = None) -> None:
        """The mail server refused the mail ``key`` for good (a 5xx): ``refused`` says what, its
        address (REFUSED_ADDRESS) or the message itself (REFUSED_SENDER, REFUSED_MESSAGE).
        ``tried``: what it was tried with (``Keys.attempt``); ``answer``: the server's answer,
        of which only its code is kept (its text may quote the address)."""
        self.db.execute("INSERT OR REPLACE INTO mails_refused (key, dossier, tried, refused_at, "
                        "answer, refused) VALUES (?, ?, ?, ?, ?, ?)",
                        (key, dossier, tried, _stamp(at), answer_code(answer), refused))

    def forget_refusal(self, key: str) -> None:
        """The refusal of ``key`` no longer holds (what was refused went through since)."""
        self.db.execute("DELETE FROM mails_refused WHERE key = ?", (key,))

    def mails_of(self, dossier: str) -> tuple[Mail, ...]:
        rows = self.db.execute("SELECT * FROM mails_sent WHERE dossier = ? ORDER BY key",
                               (dossier,)).fetchall()
        return tuple(_mail(r) for r in rows)

    def mails(self, *, prefix: str, kinds: Iterable[str]) -> tuple[Mail, ...]:
        """Every dossier's mails whose key starts with ``prefix`` ("uitnodiging/"), of ``kinds``."""
        wanted = tuple(kinds)
        rows = self.db.execute(
            f"SELECT * FROM mails_sent WHERE substr(key, 1, ?) = ? AND kind IN "
            f"({', '.join('?' * len(wanted))}) ORDER BY key", (len(prefix), prefix, *wanted)).fetchall()
        return tuple(_mail(r) for r in rows)

    def dossiers_with_documents(self, kind: str, *, since: datetime.date) -> frozenset[str]:
        """The dossiers with a document of ``kind`` for a day from ``since`` on (its document id
        starts with the day: "2026-12-07/gezin")."""
        rows = self.db.execute("SELECT DISTINCT dossier FROM documents_made WHERE kind = ? AND "
                               "document >= ?", (kind, since.isoformat()))
        return frozenset(r[0] for r in rows)

    # -- what `watch --once` said once ---------------------------------------------------------

    def say_once(self, what: str, text: str, *, at: datetime.datetime, about: str = "") -> bool:
        """Whether the line ``text`` (of the kind ``what``, about ``about``: a copy's name, kept
        as a keyed hash) is to be said now: not when the same was said on the same day; then it
        is remembered as said ``at``. A scheduled `watch --once` says each such line again when
        it changed, and once a day while it lasts."""
        key = f"{what}/{self.keys.said(about)}" if about else what
        said = self.keys.said(text)
        with self._writing():
            row = self.db.execute("SELECT said, said_at FROM said_once WHERE what = ?",
                                  (key,)).fetchone()
            if (row is not None and row["said"] == said
                    and datetime.datetime.fromisoformat(row["said_at"]).date() == at.date()):
                return False
            self.db.execute("INSERT OR REPLACE INTO said_once VALUES (?, ?, ?)",
                            (key, said, _stamp(at)))
        return True

    def forget_said(self, what: str, *, keep: Iterable[str] = ()) -> None:
        """``what`` no longer holds (the password went through, a copy is gone): the next time
        it comes back, it is said. ``keep``: the ``about`` of those of ``what`` that still hold."""
        kept = [f"{what}/{self.keys.said(about)}" for about in keep]
        self.db.execute(f"DELETE FROM said_once WHERE (what = ? OR substr(what, 1, ?) = ?) "
                        f"AND what NOT IN ({', '.join('?' * len(kept))})",
                        (what, len(what) + 1, f"{what}/", *kept))

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


@dataclass(frozen=True)
class CalendarEvent:
    """An appointment the team's .ics of a round-table gave out: where the last .ics put it."""

    dossier: str
    uid: str
    day: datetime.date
    hour: str | None  # "14:00", "" without an hour, None: not known (an earlier eenplan's .ics)
    sequence: int
    fingerprint: str  # what that .ics was made from (``documents.fingerprint`` of its text)
    cancelled: bool = False  # its round-table was deleted: the last .ics cancelled it


_PER_QUERY = 500  # dossier numbers a query asks for at once (SQLite's limit on its parameters)


@dataclass(frozen=True)
class Refusal:
    """A mail the mail server refused for good (5xx), by the mail's key, never the address."""

    key: str
    dossier: str
    tried: str  # Keys.attempt: the address, the letter and the mail server it was tried with
    refused_at: datetime.datetime
    answer: str  # the server's code: "550 5.1.1", or ""
    refused: str = REFUSED_ADDRESS  # what it refused: REFUSED_ADDRESS, _SENDER, _MESSAGE or _LOGIN


# How long a claim on a mail holds (``State.sending``) whose process cannot be seen to be gone
# (it runs on another computer): far longer than a send can take (SMTP_TIMEOUT for each step).
CLAIM_LEASE = datetime.timedelta(minutes=15)
CLAIMED, SENT, BUSY = "claimed", "sent", "busy"
DIGEST_MAIL = "digest"  # the kind of the coordinators' digest in mails_sent


def digest_key(week: str) -> str:
    """The key of the coordinators' digest of the ISO ``week`` as a mail (``State.sending``,
    ``State.mail``): one a week, whoever sends it. It names no one: the coordinators are in
    eenplan.toml."""
    return f"{DIGEST_MAIL}/{week}"


def _claim_holds(claimed_at: str, holder: str, *, here: str, now: datetime.datetime) -> bool:
    """Whether another's claim on a mail still holds: taken less than CLAIM_LEASE ago (by
    either clock: a computer whose clock runs ahead does not hold it longer), by a process
    that still runs, as far as this computer can tell."""
    try:
        at = datetime.datetime.fromisoformat(claimed_at)
        if abs(now - at) > CLAIM_LEASE:
            return False
    except (ValueError, TypeError):
        return False  # not a claim this version wrote: taken over
    pid, _, rest = holder.partition(" ")
    computer = rest.partition(" ")[0]
    if computer != here:
        return True  # another computer's process: the lease decides
    try:
        return running(int(pid))
    except ValueError:
        return False


def answer_code(answer: str) -> str:
    """A mail server's code from its answer: "550 5.1.1 <maria@...>: unknown" -> "550 5.1.1"."""
    found = re.match(r"\d{3}(?: [245]\.\d{1,3}\.\d{1,3})?", answer.strip())
    return found.group(0) if found else ""


def _mail(row: sqlite3.Row) -> Mail:
    return Mail(row["key"], row["kind"], row["dossier"],
                datetime.datetime.fromisoformat(row["sent_at"]), json.loads(row["detail"]))


# The digest's tables of counts per begeleider (flows.digest.digest_counts): kept by Keys.person.
DIGEST_PEOPLE = ("begeleiders", "agreements", "evaluations")


def _nameless(counts: Mapping[str, Any], person: Callable[[str], str]) -> dict[str, Any]:
    return {key: ({who if _is_hash(who) else person(who): value for who, value in value.items()}
                  if key in DIGEST_PEOPLE and isinstance(value, Mapping) else value)
            for key, value in counts.items()}


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _nameless_counts(text: str) -> str:
    """A digests row's counts (JSON) without names (migration 5, unkeyed as it was then;
    migration 7 keys them)."""
    counts = _json_object(text)
    return text if counts is None else json.dumps(_nameless(counts, _unkeyed_person), ensure_ascii=False)


def named(counts: Mapping[str, Any], names: Iterable[str], keys: Keys) -> dict[str, Any]:
    """A digest's counts as recorded, with the begeleiders found again by ``names`` (the names
    known now) under the team folder's ``keys``; a begeleider no name matches is left out.
    Counts recorded by much earlier versions, under the names themselves, come back as they
    are."""
    by_key = {keys.person(name): name for name in names}
    return {key: ({by_key.get(who, who): value for who, value in value.items()
                   if who in by_key or not _is_hash(who)}
                  if key in DIGEST_PEOPLE and isinstance(value, Mapping) else value)
            for key, value in counts.items()}


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_week(day: datetime.date, weekday: int) -> str:
    """The digest week ``day`` is in, as the ISO week its digest is remembered under: a digest
    week runs from the team's digest day (``weekday``, [digest] dag) to the next, and is named
    by the ISO week of the digest day it starts on. With a Friday digest, Wednesday 2 December
    2026 (ISO week 49) is in the digest week of Friday 27 November, "2026-W48". The watcher and
    `eenplan digest --send` by hand both file a digest by it, so one goes per digest week
    whoever sends it (the watcher, which sends from the digest hour on, never sends on the
    digest day before it: ``watcher.schedule.week_to_send``). By the day only, not the hour:
    --as-of names a day, and the same day gives the same week."""
    return iso_week(day - datetime.timedelta(days=(day.weekday() - weekday) % 7))


def week_number(week: str) -> int:
    """The number people say of an ISO week: "2027-W01" -> 1, as a digest's subject has it."""
    return int(week.rpartition("W")[2])


def week_before(week: str) -> str:
    """The ISO week before ``week`` ("2027-W01" -> "2026-W53": 2026 has 53 weeks)."""
    year, number = week.split("-W")
    monday = datetime.date.fromisocalendar(int(year), int(number), 1)
    return iso_week(monday - datetime.timedelta(days=7))


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite3.Connection) -> None:
    done = _version(db)
    if done < len(MIGRATIONS):  # all that are missing in one transaction: one wait for the disk, not one each
        scripts = "; ".join(MIGRATIONS[done:])
        try:
            db.executescript(f"BEGIN IMMEDIATE; {scripts}; PRAGMA user_version = {len(MIGRATIONS)}; COMMIT;")
        except sqlite3.OperationalError:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if _version(db) < len(MIGRATIONS):
                raise
            # another process opening the state at the same moment migrated it first
    if 0 < done < max(NAMELESS_FROM, DIGESTS_NAMELESS_FROM, KEYED_FROM) <= len(MIGRATIONS):
        # the pages that held file names, invitees' or staff names, or their unkeyed hashes
        db.execute("VACUUM")


def _relative(path: Path, root: Path) -> str:
    """A path relative to the team folder, with forward slashes (as it is hashed)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _stamp(at: datetime.datetime | None) -> str:
    return (at or datetime.datetime.now()).isoformat(timespec="seconds")


def _generated(row: sqlite3.Row) -> Generated:
    return Generated(file=row["file"], dossier=row["dossier"], kind=row["kind"], document=row["document"],
                     fingerprint=row["fingerprint"], sha256=row["sha256"],
                     made_at=datetime.datetime.fromisoformat(row["made_at"]))


def _calendar_event(row: sqlite3.Row) -> CalendarEvent:
    return CalendarEvent(row["dossier"], row["uid"], datetime.date.fromisoformat(row["day"]),
                         row["hour"], int(row["sequence"]), row["fingerprint"],
                         row["cancelled_at"] is not None)


def _digest(row: sqlite3.Row) -> Digest:
    return Digest(week=row["week"], sent_at=datetime.datetime.fromisoformat(row["sent_at"]),
                  how=row["how"], counts=json.loads(row["counts"]))
