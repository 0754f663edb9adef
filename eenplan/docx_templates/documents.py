"""The family's documents: round-table invitations (with a print file and an .ics), the
round-table report and the gezinsplan, written to ``out/<dossier>/``.

    made = invitations_for(team, caseload, "2026-109", None, today=today, pdf=True)
    made.written, made.kept, made.unchanged

Each function is what `eenplan invite`, `report` and `plan` run, and what the watcher can run
on every save: eenplan remembers (``eenplan.team.state``) what it made from which data, so the same
data never gives the same document twice, and a document a person changed since is kept: the
new one gets the next free version name ("... (2).docx").
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import hashlib
import io
import json
import os
import sys
import threading
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.context import (
    CHILDREN_PLAN,
    INVITATION,
    KINDS,
    PLAN,
    REPORT,
    SAID_FROM_OTHERS,
    Datum,
    JaNee,
    children_plan_context,
    clean,
    family_names,
    guests_of,
    invitation_context,
    look_back_table,
    next_round_table,
    plan_context,
    report_context,
)
from eenplan.docx_templates.meetings import hour_of
from eenplan.docx_templates.renderer import docx_bytes, prepare, render_document_and_docx
from eenplan.docx_templates.shipped import (
    EARLIER,
    earlier_default_message,
    key_of,
    shipped_file_hashes,
    shown_name,
    standing,
)
from eenplan.docx_templates.team_calendar import TeamCalendar
from eenplan.docx_templates.template import (
    OTHER_FORMATS,
    neutral_properties,
    team_template,
    templates_moved_message,
)
from eenplan.dutch import (
    DUTCH,
    and_list,
    as_written_before,
    language_code,
    long_date,
    right_to_left,
    short_date,
)
from eenplan.dutch import language as in_language
from eenplan.errors import DossierError, MissingColumn, OutputError, PdfError, TemplateError
from eenplan.filenames import names_nothing
from eenplan.files import (
    WriteFailed,
    free_version,
    inside,
    publish,
    remove_inside,
    remove_stale_temporaries,
    require_inside,
    safe_name,
    sha256_of,
    write_hidden,
)
from eenplan.sheets.records import (
    Caseload,
    Dossier,
    NetworkMember,
    RoundTable,
    after_closure,
    dossier_key,
    family_without_address,
    first_name_keys,
    gaps_sentences,
    in_family,
    invitees_of,
    is_child,
    planned_instead,
    posted_without_address,
    written_alike,
)
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, NETWORK, ROUND_TABLES
from eenplan.team.folder import Team
from eenplan.team.state import CalendarEvent, Generated, State

# docxcompose, python-docx and icalendar (0.1-0.2 s each) are imported by the output that needs
# them; the LibreOffice helpers (pdf) only with --pdf; multiprocessing only for a batch that
# goes to a pool (a round-table's letters are made faster in this process).

PRINT_FILE = "uitnodigingen-afdrukken"
CALENDAR = "agenda"
REQUEST, CANCEL = "REQUEST", "CANCEL"  # an .ics's METHOD: an appointment given out, or cancelled
# the .ics that takes a round-table deleted from the sheet out of the team's agendas
# (``calendar_cancel``): its kind in the state, and what its name has after the round-table's .ics
CANCELLED_CALENDAR = f"{CALENDAR}-afgelast"
CANCELLED_NAME = " (afgelast)"
MEETING_MINUTES = 90


@dataclass(frozen=True)
class Made:
    """What a job did: files written, files a person changed (kept, a new version beside them),
    and files already made from the same data (left as they are)."""

    written: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()  # what the user should know: a letter that went in Dutch instead
    restored: tuple[Path, ...] = ()  # of ``written``: made before from the same data, but its
    # file was not there any more (deleted or moved by hand, or emptied): made again as it was
    failed: tuple[WriteFailed, ...] = ()  # documents that could not be put at their name (a
    # letter open in Word): not written, not remembered as made; the next run makes them again
    # Letters (and their PDFs) eenplan made for this round-table that no longer belong to it (the
    # guest is no longer invited, or goes by another name now): ``outdated`` as eenplan made them,
    # now with "(vervallen)" in their name (the new names); ``stale`` changed by hand since (or
    # that could not be renamed, open in Word): left as they are, for the team to see to
    outdated: tuple[Path, ...] = ()
    stale: tuple[Path, ...] = ()

    def __add__(self, other: Made) -> Made:
        return Made(self.written + other.written, self.kept + other.kept,
                    self.unchanged + other.unchanged, tuple(dict.fromkeys(self.notes + other.notes)),
                    self.restored + other.restored, self.failed + other.failed,
                    self.outdated + other.outdated, self.stale + other.stale)

    @property
    def new(self) -> tuple[Path, ...]:
        """What was written that was not simply made again (``restored``)."""
        return tuple(p for p in self.written if p not in self.restored)

    def noting(self, notes: Sequence[str]) -> Made:
        return dataclasses.replace(self, notes=tuple(dict.fromkeys((*self.notes, *notes))))


def dossier_folder(team: Team, dossier: Dossier) -> Path:
    return team.out_dir / safe_name(dossier.id, "")


# -- finding the dossier and its round-table -------------------------------------------------------


# What each document fills from: eenplan's sheet name -> the fields. A document is refused when
# the workbook lacks one of them, rather than made with a hole: nobody invited, no name, or the
# default templates' words for an empty cell ("Dat schrijven we samen op.", "niet ingevuld")
# where the workbook holds the family's strengths under another header. These are the columns
# behind every field eenplan's own templates show (context.FILLED_FROM; a test holds the two
# together), and those that pick who and what a document names (Rol and Relatie: the family
# is no guest and no network; the Rondetafel of an agreement: the report and plan it is in).
_AGREEMENT_COLUMNS = ("dossier", "round_table", "domain", "goal", "action", "who", "support", "due",
                      "status")
INVITATION_NEEDS: Mapping[str, tuple[str, ...]] = {
    DOSSIERS: ("id", "family", "begeleider"),
    NETWORK: ("dossier", "name", "invite", "role", "relation", "organisation", "address"),
    ROUND_TABLES: ("dossier", "date", "time", "location"),
}
REPORT_NEEDS: Mapping[str, tuple[str, ...]] = {
    DOSSIERS: ("id", "family", "begeleider"),
    ROUND_TABLES: ("dossier", "date", "time", "location", "kind", "present", "notes", "next_date"),
    AGREEMENTS: _AGREEMENT_COLUMNS,
}
PLAN_NEEDS: Mapping[str, tuple[str, ...]] = {
    DOSSIERS: ("id", "family", "begeleider", "question", "address", "strengths", "worries", "wishes",
               "plan_on", "closed_on"),
    NETWORK: ("dossier", "name", "role", "relation", "organisation"),
    ROUND_TABLES: ("dossier", "date", "time", "next_date"),
    AGREEMENTS: _AGREEMENT_COLUMNS,
}
CHILDREN_PLAN_NEEDS: Mapping[str, tuple[str, ...]] = {
    DOSSIERS: ("id", "family", "begeleider", "strengths", "wishes", "plan_on", "closed_on"),
    NETWORK: ("dossier", "name", "role", "relation"),
    ROUND_TABLES: ("dossier", "date", "next_date"),
    AGREEMENTS: _AGREEMENT_COLUMNS,
}
NEEDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    INVITATION: INVITATION_NEEDS, REPORT: REPORT_NEEDS, PLAN: PLAN_NEEDS,
    CHILDREN_PLAN: CHILDREN_PLAN_NEEDS,
}


def require(caseload: Caseload, needs: Mapping[str, Sequence[str]], cannot: str) -> None:
    """MissingColumn, saying what to do, when the workbook lacks a sheet or column of ``needs``;
    ``cannot`` ends the sentence "dus eenplan kan ...": "de uitnodigingen niet maken"."""
    gaps = caseload.gaps(needs)
    if gaps:
        raise MissingColumn(gaps_sentences(gaps, cannot))


def require_family(caseload: Caseload, dossier: Dossier, cannot: str) -> None:
    """DossierError when the dossier's Gezin is empty or unreadable: never a letter to no one."""
    if dossier.family.strip():
        return
    layout = caseload.layouts.get(DOSSIERS)
    cell = layout.cell("family", dossier.row) if layout else ""
    finding = caseload.unreadable.get((DOSSIERS, dossier.row, "family"))
    why = f" ({finding.message.rstrip('.')})" if finding is not None else ""
    raise DossierError(f"Bij dossier {dossier.id} is de kolom {caseload.header(DOSSIERS, 'family')} leeg "
                       f"(cel {cell}){why}, dus "
                       f"eenplan kan {cannot}: vul de naam van het gezin in.")


def _require_readable_network(caseload: Caseload, members: Sequence[NetworkMember],
                              cannot: str) -> None:
    """DossierError when a network row's name or Uitnodigen cannot be read: whether and whom
    to invite is then unknown, and a letter would go to the wrong people or to no one."""
    for member in members:
        for name in ("name", "invite"):
            finding = caseload.unreadable.get((NETWORK, member.row, name))
            if finding is not None:
                raise DossierError(f"Op het blad {caseload.title(NETWORK)} kan eenplan cel {finding.cell} "
                                   "niet lezen "
                                   f"({finding.message.rstrip('.')}), dus eenplan kan {cannot}.")


def _require_readable_dates(caseload: Caseload, tables: Sequence[RoundTable], cannot: str,
                            fields: Sequence[str] = ("date",)) -> None:
    """DossierError when a round-table's date cannot be read: which one is meant is unknown.
    ``fields``: also others, such as the hour of the round-table a letter invites to (a letter
    without its hour, and an all-day event in the agenda, would be a letter with a hole)."""
    for table in tables:
        for name in fields:
            finding = caseload.unreadable.get((ROUND_TABLES, table.row, name))
            if finding is not None:
                raise DossierError(f"Op het blad {caseload.title(ROUND_TABLES)} kan eenplan cel "
                                   f"{finding.cell} niet "
                                   f"lezen ({finding.message.rstrip('.')}), dus eenplan kan "
                                   f"{cannot}.")


# An agreement's cells a plan or report shows: the round-table it was made at (it picks the
# report it is in), its Tegen wanneer and its Status. Unreadable, the family would read "samen te
# bekijken" or "open" where the workbook says something else.
AGREEMENT_SHOWN = ("round_table", "due", "status")


def _require_readable_agreements(caseload: Caseload, dossier: Dossier, cannot: str) -> None:
    """DossierError when one of the dossier's agreements has a cell a document shows that cannot
    be read ("31/02/2026", Status "bezig"), as `check` and `overdue` flag it."""
    for agreement in caseload.agreements_of(dossier.id):
        for name in AGREEMENT_SHOWN:
            finding = caseload.unreadable.get((AGREEMENTS, agreement.row, name))
            if finding is not None:
                raise DossierError(f"Op het blad {caseload.title(AGREEMENTS)} kan eenplan cel "
                                   f"{finding.cell} niet lezen "
                                   f"({finding.message.rstrip('.')}), dus eenplan kan {cannot}.")


def _require_plan_dates(caseload: Caseload, dossier: Dossier, cannot: str, *, today: datetime.date,
                        hour: bool) -> None:
    """DossierError when the plan would tell the family a round-table wrongly: a date that cannot be
    read (which round-table the plan was made at, and which one it looks back at, is then unknown),
    or, with ``hour``, the hour of the one it looks back at ("we kijken samen terug op ... om ...")."""
    tables = caseload.round_tables_of(dossier.id)
    _require_readable_dates(caseload, tables, cannot)
    look_back = look_back_table(tables, plan_day=dossier.plan_on or today)
    if hour and look_back is not None:
        _require_readable_dates(caseload, (look_back,), cannot, fields=("time",))
    _require_readable_agreements(caseload, dossier, cannot)


def find_dossier(caseload: Caseload, number: str) -> Dossier:
    """The dossier with this number; DossierError when no row has it, or more than one (whose
    network, round-tables, agreements would they be? a letter or an inzage would mix families),
    or another row's number would give it the same folder in out/ ("2026/031" beside
    "2026-031": the letters of two families in one folder), or its number names no folder."""
    sheet = caseload.sheet_titles.get(DOSSIERS, DOSSIERS)  # as the team's workbook names it
    found = caseload.dossier(number)
    if found is not None and dossier_key(found.id) in caseload.repeated_numbers:
        rows = [found, *caseload.sharing(found)]
        asked = next((d for d in rows if written_alike(d.id, number)), found)
        apart = [d for d in rows if not written_alike(d.id, asked.id)]
        if apart:
            named = and_list([f"{d.id} (rij {d.row})" for d in apart])
            raise DossierError(
                f"Dossiernummer {asked.id} krijgt dezelfde map in out/ als {named} van het blad "
                f"{sheet}, dus eenplan zou documenten van {'twee' if len(apart) == 1 else 'meer'} "
                f"gezinnen mengen: geef {'een van beide' if len(apart) == 1 else 'ze elk'} een ander "
                "nummer (`eenplan check` noemt de rijen).")
        listed = and_list([str(d.row) for d in rows])  # the first row is the one found
        raise DossierError(
            f"Dossiernummer {found.id} staat op meer dan één rij van het blad {sheet} (rij {listed}), "
            "dus eenplan weet niet over welk gezin het gaat en zou gegevens van twee gezinnen "
            "mengen: geef elk gezin een eigen nummer (`eenplan check` noemt de rijen).")
    if found is not None and names_nothing(found.id):
        raise DossierError(
            f"Dossiernummer {found.id} heeft geen letter of cijfer, dus eenplan kan de map van het "
            f"dossier in out/ geen naam geven: geef het op het blad {sheet} een nummer zoals 2026-014.")
    if found is not None:
        return found
    numbers = [d.id for d in caseload.dossiers if d.id]
    close = difflib.get_close_matches(number.strip(), numbers, n=1, cutoff=0.7)
    hint = f" Bedoel je {close[0]}?" if close else " `eenplan check` leest de werkmap na."
    workbook = Path(caseload.workbook).name
    raise DossierError(f"Dossier {number} staat niet op het blad {sheet} van {workbook}.{hint}")


def choose_round_table(caseload: Caseload, dossier: Dossier, day: datetime.date | None, *,
                       today: datetime.date, ahead: bool) -> RoundTable:
    """The round-table on ``day``; else the next one from today (``ahead``) or the last one held."""
    tables = sorted((t for t in caseload.round_tables_of(dossier.id) if t.date is not None),
                    key=lambda t: (t.date, t.time or datetime.time()))
    if day is not None:
        for table in tables:
            if table.date == day:
                return table
        dates = ", ".join(short_date(t.date) for t in tables if t.date) or "geen"
        raise DossierError(
            f"Dossier {dossier.id} heeft geen rondetafel op {short_date(day)} (op het blad "
            f"{caseload.title(ROUND_TABLES)} staan: {dates}). Kies een van die datums met --rondetafel."
        )
    chosen = ([t for t in tables if t.date is not None and t.date >= today] if ahead else
              list(reversed([t for t in tables if t.date is not None and t.date <= today])))
    if chosen:
        return chosen[0]
    if ahead:
        raise DossierError(
            f"Dossier {dossier.id} heeft geen rondetafel vanaf {short_date(today)}. Zet er een op het "
            f"blad {caseload.title(ROUND_TABLES)}, of kies een eerdere met --rondetafel DATUM."
        )
    raise DossierError(
        f"Dossier {dossier.id} heeft nog geen rondetafel die al plaatsvond. Kies er een met "
        f"--rondetafel DATUM, of vul op het blad {caseload.title(ROUND_TABLES)} de datum in."
    )


# -- writing, with memory ------------------------------------------------------------------------


def fingerprint(*parts: Any) -> str:
    """A hash of the data a document is made from. A yes or no hashes as the bool it was before
    it printed as "ja" or "nee" (JaNee), and eenplan's own hours and dates as it wrote them
    before ("09.30 uur", "1 décembre": ``as_written_before``): no letter is made (or mailed)
    anew for that alone."""
    text = json.dumps(_as_before(parts), sort_keys=True, ensure_ascii=False, default=_hashed_as)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# the fields in which eenplan writes an hour itself (the rest is typed, and hashed as typed)
_HOUR_FIELDS = frozenset({"uur", "wanneer", "volgende_wanneer"})


def _as_before(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        return as_written_before(value) if key in _HOUR_FIELDS else value
    if isinstance(value, dict):  # as json.dumps takes them: another Mapping is hashed as its str
        return {k: _as_before(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_before(v) for v in value]
    return value


def _hashed_as(value: object) -> object:
    if isinstance(value, JaNee):
        return value.value
    return as_written_before(str(value)) if isinstance(value, Datum) else str(value)


@functools.lru_cache(maxsize=16)
def _file_hash(path: Path, mtime_ns: int, size: int) -> str:
    return sha256_of(path)


@dataclass
class Output:
    """One document to make: its name, what it is, and how to make its bytes."""

    stem: str
    suffix: str
    kind: str
    subject: str
    fingerprint: str
    make: Callable[[], bytes]
    ready: bytes | None = None  # made ahead (in parallel with others), or as written
    path: Path | None = None  # where it ended up (or already was)
    keep_document: bool = False  # rendered here: keep it as python-docx holds it (for the print file)
    document: Any = None  # ... which is then here, until the print file is made
    # what it says (its data and language, not the template's wording nor the logo): a letter
    # mailed goes again when this changes, not when a team mends a typo in its template
    content: str = ""
    # The family's invitation names every guest, but an earlier eenplan made it without them in
    # its fingerprint (``legacy``): that letter still holds while the guests' letters made for the
    # round-table (``peers``, their subjects) are those of the guests invited now.
    legacy: str = ""
    peers: tuple[str, ...] = ()
    # the fingerprints of the same data made with another default eenplan shipped for its template
    # (an earlier one, or this one when an earlier one made it): that document is this one
    earlier: Callable[[], frozenset[str]] = frozenset


@dataclass
class Writer:
    team: Team
    dossier: Dossier
    state: State
    now: datetime.datetime | None = None  # the moment the command started, recorded with each file
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    emitted: list[Output] = field(default_factory=list)
    restored: list[Path] = field(default_factory=list)  # written as made before: it was gone
    # final name -> the hidden file, recorded, and the record it replaced (put back if the name
    # cannot be taken: a letter open in Word keeps its old content, so the memory keeps its old
    # record, and the next run makes it again)
    pending: dict[Path, tuple[Path, Generated | None]] = field(default_factory=dict)
    failed: dict[Path, WriteFailed] = field(default_factory=dict)  # could not be put at their name
    notes: list[str] = field(default_factory=list)  # what the user should know of this job
    outdated: list[Path] = field(default_factory=list)  # ``Made.outdated``
    stale: list[Path] = field(default_factory=list)  # ``Made.stale``
    _listing: list[Path] | None = None  # the dossier folder's files, read once when needed

    def __post_init__(self) -> None:
        folder = dossier_folder(self.team, self.dossier)
        if inside(self.team.base, folder):  # never through a link to elsewhere
            remove_stale_temporaries(folder)  # hidden files a killed run left

    @property
    def folder(self) -> Path:
        """out/<dossier>/, never through a link to a folder outside the team folder."""
        return require_inside(self.team.base, dossier_folder(self.team, self.dossier))

    def already(self, output: Output) -> Path | None:
        """The file made earlier from the same data, when it is still there as a Word document:
        as eenplan wrote it, or as a person changed it in Word (their letter now: kept, and made
        no second time).

        A file at its name that is no Word document any more (emptied by a sync that did not
        finish, a placeholder) is not it: it is kept, and the document is made again beside it
        (``free_path``)."""
        record = self._made_before(output)
        return None if record is None else self._file_of(record, output)

    def _file_of(self, record: Generated, output: Output) -> Path | None:
        """``record``'s file, when it is still there as a Word document (``already``)."""
        # The state knows the file by a hash of its path: its name is one of the versions.
        version = 1
        while os.path.lexists(path := self.folder / safe_name(output.stem, output.suffix,
                                                               version=version)):
            if self.state.is_file_of(record, path):
                return path if _still_a_letter(path, record.sha256) else None
            version += 1
        for path in self._files():  # a name made on another day (the gezinsplan's date)
            if self.state.is_file_of(record, path):
                return path if _still_a_letter(path, record.sha256) else None
        return None

    def _made_before(self, output: Output) -> Generated | None:
        """The record of the file last made for ``output``, when it was made from the same data:
        by an earlier eenplan from what this one would make the same (``Output.legacy``), or with
        another default eenplan shipped for its template (the team's copy of an earlier default,
        or none, before an update of eenplan or `templates bijwerken`): a wording eenplan improved
        makes no document anew, as it may have been sent. ``output`` then takes that record's
        fingerprint, so that what is made of it (the print file, a PDF) is the same as before too."""
        records = self.state.generated_for(self.dossier.id, output.kind, output.subject)
        if not records:
            return None
        last = records[-1]
        if last.fingerprint == output.fingerprint:
            return last
        if output.legacy and last.fingerprint == output.legacy and self._same_peers(output):
            output.fingerprint = last.fingerprint
            return last
        if last.fingerprint in output.earlier():
            output.fingerprint = last.fingerprint
            return last
        return None

    def _same_peers(self, output: Output) -> bool:
        """Whether the letters made for the round-table of ``output`` (the same day), other than
        its own, are exactly those of ``output.peers``."""
        day = output.subject.split("/")[0]
        made = {r.document for r in self.state.generated_for(self.dossier.id, output.kind)
                if r.document.split("/")[0] == day and r.document != self.state.keys.document(output.subject)}
        return made == {self.state.keys.document(subject) for subject in output.peers}

    def edited(self, path: Path) -> str:
        """The hash of a document eenplan made, as a person changed it since; "" when it is as
        eenplan wrote it (or not eenplan's, or not there). A document written in this run and
        not yet at its name is as eenplan wrote it: what lies there now is the version before."""
        if path in self.pending:
            return ""
        record = self.state.generated(path)
        try:
            if record is None or not path.is_file() or path.is_symlink():
                return ""
            stat = path.stat()
            now = _file_hash(path, stat.st_mtime_ns, stat.st_size)
        except OSError:
            return ""
        return "" if now == record.sha256 else now

    def letter_bytes(self, path: Path) -> bytes | None:
        """The bytes of a letter eenplan made, read once, as it stands (a person may have changed
        it in Word: that is the letter to print); None for a file that is no Word document any
        more (emptied, a placeholder) or that eenplan did not make."""
        record = self.state.generated(path)
        if record is None or path.is_symlink():
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() == record.sha256 or _is_word_document(io.BytesIO(data)):
            return data
        return None

    def _files(self) -> list[Path]:
        if self._listing is None:
            try:
                self._listing = [Path(e.path) for e in os.scandir(self.folder)
                                 if e.is_file(follow_symlinks=False)]
            except OSError:
                self._listing = []
        return self._listing

    def emit(self, output: Output) -> Path:
        self.emitted.append(output)
        before = self._made_before(output)
        earlier = None if before is None else self._file_of(before, output)
        if earlier is not None:
            self.unchanged.append(earlier)
            output.path = earlier
            return earlier
        if output.ready is None and output.keep_document and isinstance(output.make, RenderJob):
            data, output.document = output.make.rendered()
        else:
            data = output.ready if output.ready is not None else output.make()
        output.ready = data  # kept for the print file, which is made from the letters in memory
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.free_path(output.stem, output.suffix, sha256)
        # Recorded before it is visible: a run cut short leaves a recorded file, or a hidden one,
        # never a document eenplan would later take for a person's work.
        hidden = None if _holds(path, sha256) else write_hidden(path, data)
        replaced = None if hidden is None else self.state.generated(path)
        self.state.record_generated(path, dossier=self.dossier.id, kind=output.kind,
                                    subject=output.subject, fingerprint=output.fingerprint,
                                    sha256=sha256, at=self.now)
        self.written.append(path)
        if before is not None:  # made from this very data before, and its file is not there
            self.restored.append(path)
        output.path = path
        if hidden is not None:
            self.pending[path] = (hidden, replaced)
            if not self.state.in_batch:
                self.publish()
        return path

    def publish(self) -> None:
        """Give the files recorded so far their names (after the batch that recorded them).

        A name that cannot be taken (the file is open in Word, or protected) does not stop the
        others; that document was not written: the memory gets back the record it had (the old
        file is still there, as eenplan made it or as a person changed it), and the document
        goes to ``failed``, so nothing takes it for made (no PDF of the old letter, no mail)."""
        while self.pending:
            path, (hidden, replaced) = next(iter(self.pending.items()))
            del self.pending[path]
            try:
                publish(hidden, path)
            except WriteFailed as exc:
                self.state.put_back(path, replaced)
                self.failed[path] = exc
                self.written = [p for p in self.written if p != path]
                self.restored = [p for p in self.restored if p != path]

    def free_path(self, stem: str, suffix: str, sha256: str = "") -> Path:
        """The version name to write at (``files.free_version``); a name passed over, a
        person's work, goes to ``kept``."""
        return free_version(self.folder, stem, suffix, made_as=self._made_as, sha256=sha256,
                            taken=self.pending, passed=self.kept)

    def _made_as(self, path: Path) -> str | None:
        record = self.state.generated(path)
        return None if record is None else record.sha256

    def earlier_pdf(self, output: Output) -> Path | None:
        """The PDF eenplan made of an earlier version of ``output`` (from other data), when it is
        still in the dossier's folder: it would say something else than the document now."""
        records = [r for r in self.state.generated_for(self.dossier.id, output.kind + ".pdf",
                                                       output.subject)
                   if r.fingerprint != output.fingerprint]
        if not records:
            return None
        pdfs = [p for p in self._files() if p.suffix.lower() == ".pdf"]
        for record in reversed(records):
            for path in pdfs:
                if self.state.is_file_of(record, path):
                    return path
        return None

    def made(self) -> Made:
        return Made(tuple(self.written), tuple(self.kept), tuple(self.unchanged),
                    tuple(self.notes), restored=tuple(self.restored),
                    failed=tuple(self.failed.values()), outdated=tuple(self.outdated),
                    stale=tuple(self.stale))


@dataclass
class Planned:
    """The documents of one job (a dossier's invitations, say), not made yet: what ``run``
    writes, and what ``render_ahead`` can render beforehand together with other jobs."""

    dossier: Dossier
    outputs: Sequence[Output]
    after: Callable[[Writer, Sequence[Output]], None] | None = None  # once the outputs are written
    combined: Output | None = None  # a document ``after`` makes of ``parts`` (the print file)
    parts: Sequence[Output] = ()
    notes: Sequence[str] = ()  # said with what was made (a letter in another language than asked)
    made_before: bool = False  # ``render_ahead`` found each document made already: ``run`` would
    # write nothing (most saves, for most round-tables ahead)
    tidy: Callable[[Writer], None] | None = None  # once the documents have their names (the
    # letters of people no longer invited get "(vervallen)")


def run(team: Team, planned: Planned, *, pdf: bool = False,
        now: datetime.datetime | None = None) -> Made:
    """Write a planned job's documents (rendering what ``render_ahead`` did not)."""
    return _run(team, planned.dossier, planned.outputs, pdf=pdf, now=now,
                after=planned.after, tidy=planned.tidy).noting(planned.notes)


def render_ahead(team: Team, jobs: Sequence[Planned]) -> None:
    """Render the documents of several jobs that are not made yet in one pool over the
    machine's cores (the watcher's first run: every round-table's letters at once). A job whose
    folder cannot be used is left to ``run``, which says why; a job whose documents are all
    there, made from the same data, is marked ``made_before``."""
    bundles: list[tuple[Bundle, list[Output], Output | None]] = []
    with State(team.state_dir, root=team.base) as state:
        for job in jobs:
            try:
                writer = Writer(team, job.dossier, state)
                # each document's file made earlier from the same data (looked for once)
                there = {id(o): writer.already(o) for o in job.outputs if o.ready is None}
                unmade = [o for o in job.outputs if o.ready is not None or there[id(o)] is None]
                todo = {id(o): o for o in unmade if o.ready is None and isinstance(o.make, RenderJob)}
                combined = job.combined
                if combined is not None and combined.ready is None:  # a letter changed in Word since
                    combined.fingerprint = print_fingerprint(job.parts, [
                        writer.edited(earlier) for part in job.parts
                        if (earlier := there.get(id(part))) is not None])
                combined_unmade = combined is not None and (combined.ready is not None
                                                            or writer.already(combined) is None)
                # ``after`` makes the combined document (the print file) and nothing else
                job.made_before = not unmade and (job.after is None or (combined is not None
                                                                        and not combined_unmade))
                if combined is not None and combined.ready is None and combined_unmade:
                    # the print file with its letters: made from them in memory, in one process
                    parts: list[RenderJob | bytes] = []
                    for part in job.parts:
                        earlier = (None if id(part) in todo else there[id(part)] if id(part) in there
                                   else writer.already(part))
                        intact = writer.letter_bytes(earlier) if earlier is not None else None
                        if intact is not None:
                            parts.append(intact)
                        elif isinstance(part.make, RenderJob) and id(part) in todo:
                            parts.append(part.make)
                        else:
                            break  # a letter neither made nor to be made here: left to run()
                    else:
                        rendered = [todo.pop(id(p)) for p in job.parts if id(p) in todo]
                        bundles.append((_bundle(combined, parts), rendered, combined))
            except OutputError:
                continue
            bundles += [(Bundle((o.make,)), [o], None) for o in todo.values()
                        if isinstance(o.make, RenderJob)]
    _in_pool(bundles)


def _run(team: Team, dossier: Dossier, outputs: Sequence[Output], *, pdf: bool,
         now: datetime.datetime | None,
         after: Callable[[Writer, Sequence[Output]], None] | None = None,
         tidy: Callable[[Writer], None] | None = None) -> Made:
    with State(team.state_dir, root=team.base) as state:
        writer = Writer(team, dossier, state, now)
        _render_ahead([o for o in outputs if o.ready is None and writer.already(o) is None])
        try:
            with state.batch():  # every file written is remembered, also when one fails halfway
                for output in outputs:
                    writer.emit(output)
                if after is not None:
                    after(writer, outputs)
        finally:
            writer.publish()  # recorded, now visible
        if tidy is not None:
            tidy(writer)
        # never a PDF of what lies at the name of a document that was not written
        documents = [o for o in writer.emitted if o.suffix == ".docx" and o.path is not None
                     and o.path not in writer.failed]
        if pdf:
            _pdfs(writer, documents)
        else:
            _pdfs_beside(writer, [o for o in documents
                                  if o.path in writer.written and o.path not in writer.restored])
        return writer.made()


def _pdfs(writer: Writer, outputs: Sequence[Output]) -> None:
    """PDF copies of the Word documents, in one LibreOffice call for those that need one."""
    from eenplan.docx_templates.pdf import to_pdf

    wanted = []
    for output in outputs:
        assert output.path is not None
        twin = Output(output.path.stem, ".pdf", output.kind + ".pdf", output.subject,
                      output.fingerprint, make=lambda: b"")
        earlier = writer.already(twin)
        if earlier is not None:
            writer.unchanged.append(earlier)
        else:
            wanted.append((output.path, twin))
    made = to_pdf([path for path, _ in wanted], team=writer.team)
    for path, twin in wanted:
        data = made[path]
        twin.make = functools.partial(bytes, data)
        writer.emit(twin)


def _pdfs_beside(writer: Writer, outputs: Sequence[Output]) -> None:
    """A PDF eenplan made of an earlier version of a document written now would say something
    else than the document beside it: it is made again (a PDF a person changed is kept, the new
    one beside it, as for a Word document). Without LibreOffice, eenplan's own PDF is removed."""
    stale = {id(o): path for o in outputs if (path := writer.earlier_pdf(o)) is not None}
    if not stale:
        return
    try:
        _pdfs(writer, [o for o in outputs if id(o) in stale])
    except PdfError as exc:
        removed = []
        for path in stale.values():
            if writer.edited(path) or not path.is_file():
                if path.is_file() and path not in writer.kept:
                    writer.kept.append(path)
                continue
            if not remove_inside(writer.team.base, path):
                writer.state.forget([path])
                removed.append(path)
        if removed:
            writer.notes.append(
                f"De PDF van {and_list([p.stem for p in removed])} is weggehaald: ze hoorde bij de "
                f"vorige versie van het Word-bestand, en een nieuwe kon eenplan niet maken. {exc}")


def template_for(team: Team, kind: str, language: str = DUTCH) -> Path:
    """The team's template for ``kind``, else the default that ships with eenplan."""
    return template_choice(team, kind, language)[0]


def template_choice(team: Team, kind: str, language: str) -> tuple[Path, str]:
    """The template for ``kind`` in ``language`` and the language it is in: the team's own
    (docx_templates/fr/uitnodiging.docx), else eenplan's; without either, the Dutch one. A
    TemplateError when the team's own is saved in another format (uitnodiging.doc, .dotx, .odt):
    never eenplan's default in its place without a word; nor when docx_templates/ is gone and the
    team's templates stand in another folder of the team folder (renamed)."""
    if not team.templates_dir.is_dir() and (moved := templates_moved_message(team.base, KINDS)):
        raise TemplateError(moved)
    if language != DUTCH:
        own = team_template(team.templates_dir / language, kind)
        if own is not None:
            return own, language
        path = PACKAGE_TEMPLATES / language / f"{kind}.docx"
        if path.is_file():
            return path, language
    own = team_template(team.templates_dir, kind)
    return (own or PACKAGE_TEMPLATES / f"{kind}.docx"), DUTCH


def reading_language(dossier: Dossier, member: NetworkMember | None = None) -> str:
    """The language a letter to ``member`` (or to the family) is written in: the person's Taal,
    else the family's, else Dutch (also for a Taal eenplan does not know: `check` says so)."""
    for text in ((member.language if member is not None else ""), dossier.language):
        if text.strip():
            return language_code(text) or DUTCH
    return DUTCH


def unknown_language_note(kind: str, dossier: Dossier, member: NetworkMember | None,
                          name: str, *, caseload: Caseload) -> str | None:
    """The sentence for a document that goes in Dutch because its reader's Taal is no language
    eenplan knows ("xx"), as for one that has no template in a language it knows; the column and
    its sheet named as ``caseload``'s workbook names them."""
    for text, sheet in (((member.language if member is not None else ""), NETWORK),
                        (dossier.language, DOSSIERS)):
        if text.strip():
            if language_code(text) is not None:
                return None
            return (f'Let op: eenplan kent de taal "{" ".join(text.split())}" niet, dus {name} krijgt '
                    f"{kind}.docx in het Nederlands. Zet in de kolom {caseload.header(sheet, 'language')} "
                    f"op het blad {caseload.title(sheet)} een taal die eenplan kent (fr, en, tr, ar, "
                    "... of de naam, zoals Frans).")
    return None


def logo_note(team: Team) -> str | None:
    """The sentence for letters made without the logo eenplan.toml names, because that file is
    not in the team folder (a typing mistake dropped the logo without a word)."""
    name = team.settings.letterhead.logo.strip()
    if not name or (team.base / name).is_file():
        return None
    return (f"Let op: het logo {name} ([briefhoofd] logo in eenplan.toml) staat niet in {team.base}, "
            "dus de documenten hebben geen logo: zet de afbeelding daar, of verbeter de naam.")


def fallback_note(kind: str, wanted: str, name: str) -> str:
    """The sentence for a document that went in Dutch because there is no template in ``wanted``."""
    return (f"Let op: geen sjabloon {kind}.docx in de taal {wanted}, dus {name} krijgt het in het "
            f"Nederlands. Zet een vertaald sjabloon in docx_templates/{wanted}/.")


@dataclass(frozen=True)
class RenderJob:
    """Rendering one document: a plain value, so a batch can go to other processes."""

    template: Path
    context: Mapping[str, Any]
    kind: str
    team_name: str
    today: datetime.date  # the day the document is dated (its properties): the command's day
    language: str = DUTCH  # the template's: dates and lists in it, right to left for Arabic
    state_dir: Path | None = None  # the team's .eenplan/, which remembers the templates that passed

    def __call__(self) -> bytes:
        return self.rendered()[0]

    def rendered(self) -> tuple[bytes, Any]:
        """The document's bytes, and the document as python-docx holds it."""
        with in_language(self.language):
            return render_document_and_docx(self.template, self.context, kind=self.kind,
                                            team_name=self.team_name, today=self.today,
                                            right_to_left=right_to_left(self.language),
                                            remember_in=self.state_dir)


@dataclass(frozen=True)
class Bundle:
    """Documents made in one process, and optionally the print file of them all: its letters
    are put together as they are in memory, never read back. A plain value, for a pool."""

    parts: tuple[RenderJob | bytes, ...]  # to render, or made before (its bytes as recorded)
    team_name: str = ""
    today: datetime.date | None = None  # the print file's day; None: no print file
    template_name: str = ""

    def __call__(self) -> tuple[list[bytes | None], bytes | None]:
        """The bytes of each document rendered (None when its template fails: it is then made
        again where it is written, which says why in the job's own words), and the print file."""
        made: list[bytes | None] = []
        letters: list[Any] = []
        for part in self.parts:
            if isinstance(part, RenderJob):
                data: bytes | None
                try:
                    data, docx = part.rendered()
                except TemplateError:
                    data = docx = None
                made.append(data)
                letters.append(docx)
            else:
                letters.append(part)
        if self.today is None or any(letter is None for letter in letters):
            return made, None
        try:
            return made, _combined(letters, self.team_name, self.template_name, today=self.today)
        except TemplateError:
            return made, None


def _bundle(combined: Output, parts: Sequence[RenderJob | bytes]) -> Bundle:
    first = next((p for p in parts if isinstance(p, RenderJob)), None)
    assert isinstance(combined.make, _Combine)
    return Bundle(tuple(parts), combined.make.team_name, combined.make.today,
                  first.template.name if first is not None else "uitnodiging.docx")


def _made(bundle: Bundle) -> tuple[list[bytes | None], bytes | None]:
    return bundle()


PARALLEL_FROM = 24  # documents; fewer render faster in this process than a new process starts
FORKED_FROM = 12  # documents, when the pool's processes are forked (they start in milliseconds, but a
# letter renders in under 20 ms here, and those made in the pool are read back for the print file)


def _still_a_letter(path: Path, sha256: str) -> bool:
    """Whether the file at ``path`` is still the bytes eenplan recorded (hashed once while its
    size and time stay), or else still a Word document (a person changed it in Word)."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        stat = path.stat()
        return _file_hash(path, stat.st_mtime_ns, stat.st_size) == sha256 or _is_word_document(path)
    except OSError:
        return False


def _is_word_document(source: Path | io.BytesIO) -> bool:
    """Whether a file is a Word document at all (a zip with its main part), not an emptied file,
    a placeholder of a sync that did not finish, or something else under the letter's name."""
    try:
        with zipfile.ZipFile(source) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _holds(path: Path, sha256: str) -> bool:
    """Whether the file at ``path`` is already exactly these bytes."""
    try:
        return path.is_file() and not path.is_symlink() and sha256_of(path) == sha256
    except OSError:
        return False


def _start_worker() -> None:
    """In a rendering process, first thing: Ctrl-C and SIGTERM are for the watcher, which
    finishes the document in hand and then stops the pool itself; and the process ends when the
    watcher does, also when it was killed (SIGKILL, a crash) and could not stop the pool. It would
    otherwise wait forever for work on a queue whose other end it holds itself, with the team
    folder as its working folder, and keep multiprocessing's resource tracker alive with it."""
    import multiprocessing
    import multiprocessing.connection
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def end_with_parent(sentinel: int) -> None:
        multiprocessing.connection.wait([sentinel])  # readable once the parent is gone
        os._exit(1)  # nothing of this process's is worth keeping: the parent writes the files

    threading.Thread(target=end_with_parent, args=(parent.sentinel,), daemon=True,
                     name="eenplan-parent-gone").start()


# The resource tracker (a process multiprocessing starts beside a pool, with this process's
# output) cleans up the semaphores of a pool whose parent was killed, and warns about them in
# English on the way: the team reads no such warning. It gets the -W options of this process.
_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _quiet_resource_tracker() -> None:
    if _QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_TRACKER)


def _render_ahead(outputs: Sequence[Output], cores: int | None = None) -> None:
    """Render a large batch on every core (each document is independent): this process and a
    pool of one process per other core. The pool takes documents from the front while its
    processes start; this process renders from the back whatever the pool has not taken."""
    _in_pool([(Bundle((o.make,)), [o], None) for o in outputs
              if isinstance(o.make, RenderJob) and o.ready is None], cores)


def _start_method() -> str:
    """How the pool's processes start: forked from this one where it runs no other thread (a
    command; they start at once, with the templates loaded and checked), else spawned anew (the
    watcher's threads: a fork beside a running thread can hang on a lock it held)."""
    import multiprocessing

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _in_pool(bundles: Sequence[tuple[Bundle, list[Output], Output | None]],
             cores: int | None = None) -> None:
    """Make the bundles (documents, print files) in this process and a pool of one process per
    other core, and keep what they made with their outputs."""
    workers = (cores or min(os.cpu_count() or 1, 8)) - 1
    count = sum(len(bundle.parts) for bundle, _, _ in bundles)
    if count < min(FORKED_FROM, PARALLEL_FROM) or workers < 1:
        return
    start = _start_method()
    if count < (FORKED_FROM if start == "fork" else PARALLEL_FROM):
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if start == "fork":
        for template, kind, state_dir in {(p.template, p.kind, p.state_dir) for bundle, _, _ in bundles
                                          for p in bundle.parts if isinstance(p, RenderJob)}:
            prepare(template, kind, remember_in=state_dir)
    _quiet_resource_tracker()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start),
                               initializer=_start_worker)

    def keep(outputs: list[Output], combined: Output | None,
             made: tuple[list[bytes | None], bytes | None]) -> None:
        for output, data in zip(outputs, made[0], strict=True):
            output.ready = data
        if combined is not None:
            combined.ready = made[1]

    try:
        futures = [pool.submit(_made, bundle) for bundle, _, _ in bundles]
        for (bundle, outputs, combined), future in zip(reversed(bundles), reversed(futures), strict=True):
            if future.cancel():  # not taken by the pool: made here
                keep(outputs, combined, bundle())
        for (_, outputs, combined), future in zip(bundles, futures, strict=True):
            if not future.cancelled():
                keep(outputs, combined, future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Interrupted: the letter in hand, then stop


@dataclass(frozen=True)
class Stamped:
    """A document to render: its fingerprint, the job, and the fingerprints it had when made
    with another default of its template (``Output.earlier``)."""

    fingerprint: str
    job: RenderJob
    earlier: Callable[[], frozenset[str]]

    def output(self, stem: str, suffix: str, kind: str, subject: str, **more: Any) -> Output:
        return Output(stem, suffix, kind, subject, self.fingerprint, self.job, earlier=self.earlier,
                      **more)


def _renderer(team: Team, kind: str, context: Mapping[str, Any], *, today: datetime.date,
              unchanged_by: tuple[str, ...] = (), language: str = DUTCH) -> Stamped:
    """The fingerprint of (template, context) and the job that renders it, in ``language``
    (the template's: `template_choice`).

    A change in the fields ``unchanged_by`` alone does not make the document anew, nor does
    another default eenplan shipped for the template in place of the one it was made with.
    """
    template, language = template_choice(team, kind, language)
    try:
        stat = template.stat()
        template_hash = _file_hash(template, stat.st_mtime_ns, stat.st_size)
    except OSError:
        template_hash = ""
    context = with_logo(team, context)
    logo = context["briefhoofd"]["logo"]
    logo_hash = _file_hash(Path(logo), *_stat(Path(logo))) if logo else ""
    data = {k: v for k, v in _without_today(context).items() if k not in unchanged_by}
    tail = [language] if language != DUTCH else []
    defaults = shipped_file_hashes(key_of(kind, language))
    others = defaults - {template_hash} if template_hash in defaults else frozenset()
    return Stamped(fingerprint(kind, template_hash, logo_hash, data, *tail),
                   RenderJob(template, context, kind, team.settings.team_name, today, language,
                             team.state_dir),
                   functools.partial(_fingerprints, kind, others, logo_hash, data, tail))


def _fingerprints(kind: str, templates: frozenset[str], logo_hash: str, data: Mapping[str, Any],
                  tail: Sequence[str]) -> frozenset[str]:
    """The fingerprint of the data with each of these templates (their hashes)."""
    return frozenset(fingerprint(kind, template, logo_hash, data, *tail) for template in templates)


def content_fingerprint(kind: str, context: Mapping[str, Any], language: str, *,
                        unchanged_by: tuple[str, ...] = ()) -> str:
    """What a document says, as ``_renderer``'s fingerprint sees it, without its template and logo:
    another hour, place, guest's name or language changes it; a template's new wording does not."""
    data = {k: v for k, v in _without_today(context).items() if k not in unchanged_by and k != "briefhoofd"}
    return fingerprint(kind, data, *([language] if language != DUTCH else []))


def _stat(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def with_logo(team: Team, context: Mapping[str, Any]) -> dict[str, Any]:
    """The letterhead's logo as the path of an image in the team folder, or "" when there is
    none (`eenplan check` and `templates check` say why)."""
    letterhead = dict(context.get("briefhoofd", {}))
    name = str(letterhead.get("logo", ""))
    path = team.base / name if name else None
    letterhead["logo"] = str(path) if path is not None and path.is_file() else ""
    return {**context, "briefhoofd": letterhead}


# -- the three kinds ---------------------------------------------------------------------------


GUEST_FIELDS = ("genodigden", "genodigden_tekst")
# invited people: up to this many, the letters rendered for the print file stay in memory as
# python-docx holds them (a round-table has 5 to 10), rather than be read back from their bytes
KEPT_FOR_PRINTING = 50


def invitations_for(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
                    today: datetime.date, pdf: bool = False, now: datetime.datetime | None = None) -> Made:
    """One invitation per person invited to the round-table (Rondetafels.Uitnodigen, else
    Netwerk.Uitnodigen = ja) who is not the family itself (``guests_of``), and one for the family,
    a print file with all of them, and an .ics for the agenda. ``now``: the moment the command
    started."""
    return run(team, plan_invitations(team, caseload, number, day, today=today), pdf=pdf, now=now)


def plan_invitations(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
                     today: datetime.date, calendar: TeamCalendar | None = None) -> Planned:
    """The invitations of ``invitations_for``, planned (checked, named, not rendered yet).
    ``calendar``: the team's appointments as the state remembers them, when the caller read them
    already for many dossiers (else they are read here)."""
    cannot = "de uitnodigingen niet maken"
    require(caseload, INVITATION_NEEDS, cannot)
    dossier = find_dossier(caseload, number)
    require_family(caseload, dossier, cannot)
    _require_readable_network(caseload, caseload.network_of(dossier.id), cannot)
    _require_readable_dates(caseload, caseload.round_tables_of(dossier.id), cannot)
    table = choose_round_table(caseload, dossier, day, today=today, ahead=True)
    _require_readable_dates(caseload, (table,), cannot, fields=("time",))
    network = caseload.network_of(dossier.id)
    invited, unknown_names = guests_of(table, network)
    staff = caseload.staff_contact(dossier.begeleider)
    assert table.date is not None
    when = table.date.isoformat()
    outputs = []
    notes = invitation_warnings(dossier, table, today=today, sheet=caseload.title(ROUND_TABLES))
    notes += invitee_notes(dossier, table, network, unknown_names, caseload=caseload)
    # a copy "Netwerk (2)": who stands on it gets no letter
    notes += filter(None, [caseload.look_alikes_sentence(
        sheets=(NETWORK,), so="wie erop staat, krijgt geen uitnodiging")])
    notes += [f"Let op: {' '.join(m.name.split())} (rij {m.row} op het blad {caseload.title(NETWORK)}) "
              f"heeft geen {caseload.header(NETWORK, 'address')} en geen "
              f"{caseload.header(NETWORK, 'email')}, dus de brief kan niet op de post: vul het adres "
              "in (of een e-mailadres, en geef de brief dan zelf door)."
              for m in invited if posted_without_address(m)]
    if family_without_address(dossier, network):
        notes.append(f"Let op: {' '.join(dossier.family.split())} (rij {dossier.row} op het blad "
                     f"{caseload.title(DOSSIERS)}) heeft geen {caseload.header(DOSSIERS, 'address')} "
                     f"en geen {caseload.header(DOSSIERS, 'email')}, ook niet bij het gezin op het blad "
                     f"{caseload.title(NETWORK)}, dus de brief voor het gezin kan niet op de post: vul "
                     "het adres in (of een e-mailadres, en geef de brief dan zelf door).")
    if (missing_logo := logo_note(team)) is not None:
        notes.append(missing_logo)
    taken: set[str] = set()
    templates: set[tuple[Path, str]] = set()  # the templates the letters are made with
    for recipient in [None, *invited]:
        wanted = reading_language(dossier, recipient)
        used = template_choice(team, INVITATION, wanted)[1]
        with in_language(used):  # the dates and lists in the context, in the letter's language
            context = invitation_context(team.settings, dossier, table, recipient, invited,
                                         today=today, staff=staff)
        name = _unique(typed_name(dossier, recipient), taken, recipient)
        taken.add(name.casefold())
        if used != wanted:
            notes.append(fallback_note(INVITATION, wanted, name))
        unknown = unknown_language_note(INVITATION, dossier, recipient, name, caseload=caseload)
        if unknown is not None:
            notes.append(unknown)
        if recipient is None:
            # The family's letter says who comes: made again when that changes (someone invited
            # later, or no longer); one an earlier eenplan made holds while the guests are those
            # it was made for (``Output.legacy``).
            stamped = _renderer(team, INVITATION, context, today=today, language=used)
            legacy = _renderer(team, INVITATION, context, today=today, unchanged_by=GUEST_FIELDS,
                               language=used).fingerprint
        else:
            # A guest's letter already made is not made again because someone else is invited
            # later: the new person gets theirs (naming everyone), the others keep the one they
            # were sent.
            stamped = _renderer(team, INVITATION, context, today=today,
                                unchanged_by=GUEST_FIELDS, language=used)
            legacy = ""
        outputs.append(stamped.output(letter_stem(when, name), ".docx", INVITATION,
                                      letter_subject(when, recipient, name),
                                      keep_document=len(invited) < KEPT_FOR_PRINTING, legacy=legacy,
                                      content=content_fingerprint(INVITATION, context, used,
                                                                  unchanged_by=GUEST_FIELDS)))
        templates.add((stamped.job.template, used))
    outputs[0].peers = tuple(o.subject for o in outputs[1:])
    notes += [note for path, language in sorted(templates)
              for note in template_notes(team, path, INVITATION, language)]
    ics: Output | None = None
    if not after_closure(dossier, table, today=today):
        # (one after the closure does not go on: the team's agenda gets no appointment, and
        # ``calendar_cancel`` takes out one it got before; ``invitation_warnings`` says so)
        ics, event = team_ics(team, caseload, dossier, table, today=today, calendar=calendar)
        outputs.append(ics)

    letters = [o for o in outputs if o.kind == INVITATION]
    printed = Output(f"{when} Uitnodigingen rondetafel - alles om af te drukken", ".docx", PRINT_FILE,
                     when, print_fingerprint(letters), _Combine(team.settings.team_name, today))

    def print_file(writer: Writer, done: Sequence[Output]) -> None:
        if ics is not None and ics.path is not None:  # the appointment as the team's agendas have it
            writer.state.record_calendar_event(event, at=writer.now)
        assert isinstance(printed.make, _Combine)
        printed.fingerprint = print_fingerprint(letters, [writer.edited(o.path) for o in letters if o.path])
        # Only letters rendered in this run, or eenplan's own files as it recorded them: never
        # what else lies at a letter's name (an emptied placeholder, a colleague's document).
        printed.make.letters = [o.document if o.document is not None else
                                o.ready if o.ready is not None else
                                writer.letter_bytes(o.path) or o.make()
                                for o in letters if o.path]
        try:
            writer.emit(printed)
        finally:
            printed.make.letters = []
            for letter in letters:
                letter.document = None

    subjects = frozenset(o.subject for o in letters)
    planned_days = {t.date.isoformat() for t in caseload.round_tables_of(dossier.id) if t.date is not None}

    def tidy(writer: Writer) -> None:
        outdate_letters(writer, when, subjects)
        # the letters of a day no longer on Rondetafels: this round-table moved here (or that
        # one was taken off); whoever had one on paper does not know yet
        for day in left_days(writer.state.generated_for(dossier.id, INVITATION), planned_days,
                             today=today):
            handled = outdate_letters(writer, day, frozenset(), print_file=True)
            had = [name for subject, name in named_subjects(subjects)
                   if writer.state.keys.document(f"{day}/{subject}") in handled]
            if had:
                writer.notes.append(moved_note(datetime.date.fromisoformat(day), table.date, had,
                                               sheet=caseload.title(ROUND_TABLES)))

    return Planned(dossier, outputs, after=print_file, combined=printed, parts=letters,
                   notes=tuple(notes), tidy=tidy)


OUTDATED = " (vervallen)"  # in the name of a letter that no longer holds


def left_days(made: Sequence[Generated], planned: Collection[str], *, today: datetime.date) -> list[str]:
    """The days ahead (ISO) eenplan made invitations for that are no longer a round-table's day on
    Rondetafels: moved, or taken off."""
    return sorted({day for record in made if (day := record.document.split("/")[0]) >= today.isoformat()
                   and day not in planned})


def named_subjects(subjects: Collection[str]) -> list[tuple[str, str]]:
    """Each letter's subject without its day ("gezin", "Els Maes"), with whom it names for the team
    ("het gezin", "Els Maes")."""
    named = []
    for subject in sorted(subjects):
        who = subject.split("/", 1)[1]
        named.append((who, "het gezin" if who == "gezin" else who))
    return named


def moved_note(was: datetime.date, now: datetime.date | None, had: Sequence[str], *,
               sheet: str = ROUND_TABLES) -> str:
    """What the team must do when a round-table moved after its letters were made; ``sheet``:
    Rondetafels as the team's workbook names it."""
    moved = f"naar {short_date(now)} " if now is not None else ""
    return (f"Let op: {and_list(list(had))} kreeg al een uitnodiging voor {short_date(was)}, en die "
            f"rondetafel staat niet meer op het blad {sheet} (verplaatst {moved}of weggehaald). "
            "Laat het hen zelf weten; wie eenplan per e-mail uitnodigde, krijgt de wijziging met "
            "`eenplan invite DOSSIER --mail`. Die brieven kregen '(vervallen)' in hun naam.")


def outdate_letters(writer: Writer, day: str, subjects: frozenset[str], *,
                    print_file: bool = False) -> set[str]:
    """The letters eenplan made for the round-table of ``day`` (ISO) that are none of ``subjects``
    (the letters it has now: the family's and each guest's), and their PDFs: the guest is no
    longer invited (Uitnodigen = nee, the row on Netwerk gone) or goes by another name now ("Daisy
    Claes" became "Mevrouw Daisy Claes"). Each still as eenplan made it gets "(vervallen)" in its
    name, in one rename in its folder, as the letters of a round-table called off do (the state
    follows it, so that were the person invited again, their letter is made anew); one changed by
    hand since is a person's work: never renamed, only named (``Writer.stale``). Nothing is
    deleted. A letter already handled (by the mail's cancellation, say) is known as "(vervallen)"
    and no longer found here. ``print_file``: the day's print file too (the whole day is void).
    Returns the documents handled (renamed, or left and said)."""
    state = writer.state
    current = {state.keys.document(subject) for subject in subjects}
    kinds = (INVITATION, PRINT_FILE) if print_file else (INVITATION,)
    records = {r.file: r for kind in (*kinds, *(f"{k}.pdf" for k in kinds))
               for r in state.generated_for(writer.dossier.id, kind)
               if r.document.split("/")[0] == day and r.document not in current}
    handled: set[str] = set()  # the documents whose letter got "(vervallen)", or was left and said
    if not records:
        return handled
    try:
        folder = writer.folder
        names = sorted(e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False))
    except (OSError, OutputError):
        return handled
    for name in names:
        path = folder / name
        record = records.get(state.key(path))
        if record is None or OUTDATED in path.stem:
            continue
        try:
            untouched = sha256_of(path) == record.sha256
        except OSError:
            untouched = False
        target = _outdated_name(path)
        if untouched:
            try:
                os.rename(path, target)
            except OSError:  # open in Word (Windows), or the folder is read-only: left, and said
                untouched = False
        handled.add(record.document)
        if not untouched:
            writer.stale.append(path)
            continue
        state.record_moved(path, target, kind_suffix=OUTDATED)
        writer.outdated.append(target)
    return handled


def _outdated_name(path: Path) -> Path:
    """``path`` with "(vervallen)" in its name, at a name that is free."""
    target, version = path.with_name(f"{path.stem}{OUTDATED}{path.suffix}"), 2
    while os.path.lexists(target):
        target = path.with_name(f"{path.stem}{OUTDATED} ({version}){path.suffix}")
        version += 1
    return target


def print_fingerprint(letters: Sequence[Output], edits: Sequence[str] = ()) -> str:
    """What the print file is made from: its letters' data and, of each letter a person changed
    in Word since eenplan wrote it, the file as it is now (``Writer.edited``), so that the print
    file takes a later change too. Without such a change, the same as it ever was."""
    changed = sorted(e for e in edits if e)
    return fingerprint(PRINT_FILE, [o.fingerprint for o in letters], *([changed] if changed else []))


@dataclass
class _Combine:
    """Making the print file of the letters, once they are written."""

    team_name: str
    today: datetime.date
    letters: Sequence[Any] = ()  # the letters: as python-docx holds them, their bytes, or their files

    def __call__(self) -> bytes:
        return _combined(self.letters, self.team_name, today=self.today)


def invitation_warnings(dossier: Dossier, table: RoundTable, *, today: datetime.date,
                        sheet: str = ROUND_TABLES) -> list[str]:
    """What to know before the invitations go out: the dossier is closed, or the round-table was
    before today (chosen with --rondetafel); ``sheet``: Rondetafels as the team's workbook names it."""
    assert table.date is not None
    warnings = []
    if dossier.closed_on is not None and after_closure(dossier, table, today=today):
        warnings.append(f"Let op: dossier {dossier.id} is afgesloten op {short_date(dossier.closed_on)}, "
                        "voor deze rondetafel, dus eenplan zet ze niet in de agenda (geen .ics): "
                        f"haal de rij weg op het blad {sheet}, of verbeter de datum afsluiting als "
                        "ze toch doorgaat.")
    elif dossier.closed_on is not None:
        warnings.append(f"Let op: dossier {dossier.id} is afgesloten op {short_date(dossier.closed_on)}: "
                        "kijk na of deze rondetafel nog doorgaat voor je de uitnodigingen verstuurt.")
    if table.date < today:
        warnings.append(f"Let op: deze rondetafel was op {short_date(table.date)}, voor vandaag: "
                        "verstuur de uitnodigingen niet meer, of kies de juiste rondetafel met "
                        "--rondetafel DATUM.")
    elif late_for_post(table.date, today=today):
        warnings.append(f"Let op: de rondetafel is al {_soon_words(table.date, today=today)}: een brief op "
                        "de post komt niet meer op tijd. Laat het wie de uitnodiging op papier krijgt "
                        "zelf weten (bel, of geef de brief af).")
    return warnings


POST_DAYS = 3  # a letter posted today (bpost, not prior) may reach its reader only in three days


def late_for_post(day: datetime.date, *, today: datetime.date) -> bool:
    """Whether a letter posted today may come after the round-table on ``day`` (today or later)."""
    return today <= day and (day - today).days < POST_DAYS


def _soon_words(day: datetime.date, *, today: datetime.date) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return "vandaag"
    if ahead == 1:
        return f"morgen, {long_date(day)}"
    return f"op {long_date(day)}"


def invitee_notes(dossier: Dossier, table: RoundTable, network: Sequence[NetworkMember],
                  unknown: Sequence[str], *, caseload: Caseload) -> list[str]:
    """What to know of the names on Rondetafels.Uitnodigen: one that matches no one on Netwerk (or
    more than one) gets no letter, and one of the family gets none of their own. The sheets and
    the column are named as ``caseload``'s workbook names them."""
    on_network = f"blad {caseload.title(NETWORK)}"
    invitees = f"blad {caseload.title(ROUND_TABLES)}, kolom {caseload.header(ROUND_TABLES, 'invitees')}"
    people = [" ".join(m.name.split()) for m in network if m.name.strip()]
    # what a name may be close to: a full name, or a first name ("Mari" for Maria Peeters)
    names = {p.casefold(): p for p in people}
    for person in people:
        names.setdefault(person.split()[0].casefold(), person)
    notes = []
    for name in unknown:
        key = " ".join(name.split()).casefold()
        same = [p for p in people if p.casefold() == key] or [
            p for p in people if key in first_name_keys(p)]
        if len(same) > 1:
            notes.append(f"Let op: {name} ({invitees}) kan meer dan één "
                         f"persoon zijn in het netwerk van dossier {dossier.id} ({and_list(same)}) "
                         "en krijgt dus geen uitnodiging: schrijf de volledige naam zoals op het "
                         f"{on_network}.")
            continue
        close = [names[c] for c in difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)]
        hint = f" Bedoel je {close[0]}?" if close else ""
        notes.append(f"Let op: {name} ({invitees}) staat niet in het netwerk "
                     f"van dossier {dossier.id} en krijgt dus geen uitnodiging: schrijf de naam zoals "
                     f"op het {on_network}, of zet de persoon daar bij.{hint}")
    if table.invitees.strip():
        for member in invitees_of(table, network)[0]:
            if in_family(member):
                notes.append(f"{' '.join(member.name.split())} ({invitees}) "
                             "hoort bij het gezin: de brief voor het gezin is voor heel het gezin, "
                             "een eigen uitnodiging komt er niet.")
    return notes


def letter_stem(when: str, name: str) -> str:
    """An invitation's file name in out/ without suffix: the day, and whom it is addressed to."""
    return f"{when} Uitnodiging rondetafel - {name}"


def letter_subject(when: str, recipient: NetworkMember | None, name: str) -> str:
    """Which invitation of a dossier a letter is, as eenplan remembers it: the round-table's day
    and the family ("gezin") or the name it is addressed to (kept as a keyed hash)."""
    return f"{when}/{'gezin' if recipient is None else name}"


def letter_names(team: Team, caseload: Caseload, dossier: Dossier, table: RoundTable,
                 invited: Sequence[NetworkMember], *, today: datetime.date,
                 ) -> list[tuple[NetworkMember | None, str]]:
    """The name each letter is addressed to, as `invitations_for` names them: the family's
    (None) and each invited person's (two of one name told apart)."""
    taken: set[str] = set()
    names: list[tuple[NetworkMember | None, str]] = []
    for recipient in [None, *invited]:
        name = _unique(typed_name(dossier, recipient), taken, recipient)
        taken.add(name.casefold())
        names.append((recipient, name))
    return names


def typed_name(dossier: Dossier, recipient: NetworkMember | None) -> str:
    """Whom a letter is addressed to as the workbook types it (the family's name, or the
    person's: "Demir, Fatma"): it names the letter's file and eenplan's memory of it, so a letter
    made before keeps its name, while the letter itself prints "Fatma Demir" (ontvanger.naam)."""
    return clean(dossier.family if recipient is None else recipient.name)


def _unique(name: str, taken: set[str], member: NetworkMember | None) -> str:
    """Two invited people of one name each get a letter, told apart by who they are."""
    if member is None or name.casefold() not in taken:
        return name
    who = member.relation.strip() or member.role.strip()
    if who and f"{name}, {who}".casefold() not in taken:
        return f"{name}, {who}"
    return f"{name}, rij {member.row}"


def report_for(team: Team, caseload: Caseload, number: str, day: datetime.date | None, *,
               today: datetime.date, pdf: bool = False, now: datetime.datetime | None = None) -> Made:
    """The report of the round-table on ``day``, or of the last one held."""
    cannot = "het verslag niet maken"
    require(caseload, REPORT_NEEDS, cannot)
    dossier = find_dossier(caseload, number)
    require_family(caseload, dossier, cannot)
    _require_readable_dates(caseload, caseload.round_tables_of(dossier.id), cannot)
    table = choose_round_table(caseload, dossier, day, today=today, ahead=False)
    # an unreadable Volgende datum would read to the family as "we spreken samen een datum af"
    _require_readable_dates(caseload, (table,), cannot, fields=("next_date",))
    _require_readable_agreements(caseload, dossier, cannot)
    assert table.date is not None
    empty = _require_recorded(caseload, dossier, table, cannot, today=today)
    tables = caseload.round_tables_of(dossier.id)
    # the next round-table's hour: an unreadable Uur would read as "het uur volgt nog"
    following = next_round_table(table, tables)
    if following is not None:
        _require_readable_dates(caseload, (following,), cannot, fields=("time",))
    stamped, notes = _family_renderer(team, REPORT, dossier, lambda: report_context(
        team.settings, dossier, table, caseload.agreements_of(dossier.id), round_tables=tables,
        today=today, staff=caseload.staff_contact(dossier.begeleider)), today=today, caseload=caseload)
    notes.extend(empty)
    when = table.date.isoformat()
    instead = planned_instead(table, tables) if following is None else None
    if instead is not None and instead.date is not None and table.next_date is not None:
        notes.append(f"Let op: het verslag zegt dat jullie elkaar terugzien op "
                     f"{short_date(table.next_date)} (de {caseload.header(ROUND_TABLES, 'next_date')}), "
                     f"maar de volgende rondetafel op het blad {caseload.title(ROUND_TABLES)} is op "
                     f"{short_date(instead.date)}. Werd ze verplaatst? Zet dan de nieuwe datum in "
                     f"{caseload.header(ROUND_TABLES, 'next_date')} en maak het verslag opnieuw.")
    if table.date > today:
        notes.append(f"Let op: de rondetafel van {short_date(table.date)} moet nog plaatsvinden: dit "
                     f"verslag toont wat er nu op het blad {caseload.title(ROUND_TABLES)} staat. Maak "
                     "het opnieuw na het gesprek.")
    output = stamped.output(f"{when} Verslag rondetafel", ".docx", REPORT, when)
    return _run(team, dossier, [output], pdf=pdf, now=now).noting(notes)


def _nothing_recorded(caseload: Caseload, dossier: Dossier, table: RoundTable) -> bool:
    """Whether a round-table has nothing recorded: no Aanwezig, no Verslag, no agreement made at it."""
    return not (clean(table.present) or clean(table.notes)
                or any(a.round_table == table.date for a in caseload.agreements_of(dossier.id)))


def _require_recorded(caseload: Caseload, dossier: Dossier, table: RoundTable, cannot: str, *,
                      today: datetime.date) -> list[str]:
    """DossierError when a round-table before today has nothing recorded (``_nothing_recorded``):
    its report would read "niet ingevuld" and "We noteerden geen afspraken" as if it were done; the
    team fills it in first. One of today is made with a note (it may still be going on, and its
    report shows the earlier agreements to go over); one still to come has its own note."""
    assert table.date is not None
    if table.date > today or not _nothing_recorded(caseload, dossier, table):
        return []
    if table.date == today:
        return [f"Let op: bij de rondetafel van vandaag ({short_date(table.date)}) staat nog niets "
                "genoteerd (Aanwezig, Verslag, afspraken): maak het verslag opnieuw als het gesprek "
                "ingevuld is."]
    layout = caseload.layouts.get(ROUND_TABLES)
    cells = [layout.cell(name, table.row) for name in ("present", "notes")] if layout else []
    where = f" (cellen {and_list(cells)})" if all(cells) else f" (rij {table.row})"
    raise DossierError(
        f"Bij de rondetafel van {short_date(table.date)} van dossier {dossier.id} staat nog niets "
        f"genoteerd: {caseload.header(ROUND_TABLES, 'present')} en "
        f"{caseload.header(ROUND_TABLES, 'notes')} op het blad {caseload.title(ROUND_TABLES)} zijn "
        f"leeg{where} en op het blad {caseload.title(AGREEMENTS)} staat geen afspraak van die "
        f"rondetafel, dus eenplan kan {cannot}: vul eerst in wie er was en wat er besproken en "
        "afgesproken werd.")


def plan_for(team: Team, caseload: Caseload, number: str, *, today: datetime.date,
             pdf: bool = False, now: datetime.datetime | None = None) -> Made:
    """The family's plan as of its own date (Datum gezinsplan, else today), named by it."""
    cannot = "het gezinsplan niet maken"
    require(caseload, PLAN_NEEDS, cannot)
    dossier = find_dossier(caseload, number)
    require_family(caseload, dossier, cannot)
    _require_plan_dates(caseload, dossier, cannot, today=today, hour=True)
    stamped, notes = _family_renderer(team, PLAN, dossier, lambda: plan_context(
        team.settings, dossier, caseload.network_of(dossier.id),
        caseload.round_tables_of(dossier.id), caseload.agreements_of(dossier.id), today=today,
        staff=caseload.staff_contact(dossier.begeleider)), today=today, caseload=caseload)
    output = stamped.output(f"{(dossier.plan_on or today).isoformat()} Gezinsplan", ".docx", PLAN, "")
    return _run(team, dossier, [output], pdf=pdf, now=now).noting([*closed_note(dossier, "gezinsplan"),
                                                                   *notes])


def children_plan_for(team: Team, caseload: Caseload, number: str, *, today: datetime.date,
                      pdf: bool = False, now: datetime.datetime | None = None) -> Made:
    """The children's version of the plan (kindplan.docx), from the same data as the family's."""
    cannot = "het kindplan niet maken"
    require(caseload, CHILDREN_PLAN_NEEDS, cannot)
    dossier = find_dossier(caseload, number)
    require_family(caseload, dossier, cannot)
    _require_plan_dates(caseload, dossier, cannot, today=today, hour=False)
    stamped, notes = _family_renderer(team, CHILDREN_PLAN, dossier, lambda: children_plan_context(
        team.settings, dossier, caseload.network_of(dossier.id),
        caseload.round_tables_of(dossier.id), caseload.agreements_of(dossier.id), today=today,
        staff=caseload.staff_contact(dossier.begeleider)), today=today, caseload=caseload)
    output = stamped.output(f"{(dossier.plan_on or today).isoformat()} Kindplan", ".docx",
                            CHILDREN_PLAN, "")
    return _run(team, dossier, [output], pdf=pdf, now=now).noting([
        *closed_note(dossier, "kindplan"), *no_child_note(dossier, caseload.network_of(dossier.id)),
        *notes])


def no_child_note(dossier: Dossier, network: Sequence[NetworkMember]) -> list[str]:
    """What to know of a children's plan for a dossier with no child on Netwerk: it greets no one
    by name ("Hallo!"). It is made all the same: a team may keep the children off Netwerk."""
    if any(is_child(m) and m.name.strip() for m in network):
        return []
    return [f'Let op: op het blad Netwerk staat bij dossier {dossier.id} geen kind (Rol "Kind of '
            'jongere", of Rol "Gezin" met als relatie zoon of dochter), dus het kindplan spreekt '
            "geen kind bij naam aan: zet de kinderen op het blad Netwerk en maak het opnieuw."]


def closed_note(dossier: Dossier, what: str) -> list[str]:
    """What to know of a plan made for a closed dossier: it is no running plan (the default
    templates say so on the plan itself, with plan.afgesloten)."""
    if dossier.closed_on is None:
        return []
    return [f"Let op: dossier {dossier.id} is afgesloten op {short_date(dossier.closed_on)}: dit "
            f"{what} hoort bij een afgesloten traject en loopt niet meer."]


def _family_renderer(team: Team, kind: str, dossier: Dossier,
                     build: Callable[[], dict[str, Any]], *, today: datetime.date,
                     caseload: Caseload) -> tuple[Stamped, list[str]]:
    """``_renderer`` for a document to the family, in the family's language: the context built
    in it, and the sentences to say with it (it goes in Dutch for want of a template, its
    template is an earlier default), naming the sheets as ``caseload``'s workbook does."""
    wanted = reading_language(dossier)
    used = template_choice(team, kind, wanted)[1]
    with in_language(used):
        context = build()
    stamped = _renderer(team, kind, context, today=today, language=used)
    notes = [fallback_note(kind, wanted, dossier.family)] if used != wanted else []
    unknown = unknown_language_note(kind, dossier, None, dossier.family, caseload=caseload)
    return stamped, (notes + [n for n in (unknown, logo_note(team)) if n is not None]
                     + template_notes(team, stamped.job.template, kind, used))


def template_notes(team: Team, template: Path, kind: str, language: str) -> list[str]:
    """What to know of the template a document was made with: an earlier default
    (``earlier_default_note``), a Dutch one in a language folder (``wrong_language_note``), or
    the team's copy with a newer one in another format beside it (``newer_beside_note``)."""
    return [note for note in (earlier_default_note(team, template, kind, language),
                              wrong_language_note(team, template, language),
                              newer_beside_note(team, template)) if note is not None]


def newer_beside_note(team: Team, template: Path) -> str | None:
    """The sentence for a team's template with the same name in another format beside it, saved
    later (verslag.doc beside verslag.docx): whoever changed the .doc expects their change in the
    document, and eenplan reads only the .docx."""
    folder = template.parent
    if folder != team.templates_dir and folder.parent != team.templates_dir:
        return None  # eenplan's own default
    try:
        made = template.stat().st_mtime
        newer = sorted(entry.name for entry in os.scandir(folder)
                       if entry.is_file() and Path(entry.name).stem.casefold() == template.stem.casefold()
                       and Path(entry.name).suffix.casefold() in OTHER_FORMATS
                       and entry.stat().st_mtime > made)
    except OSError:
        return None
    if not newer:
        return None
    where = "" if folder == team.templates_dir else f"{folder.name}/"
    return (f"Let op: naast {where}{template.name} staat {where}{newer[0]}, dat later bewaard werd, maar "
            f"eenplan leest alleen .docx: wat daarin veranderde, staat niet in dit document. Open het in "
            f"Word, bewaar het als Word-document (.docx) onder de naam {template.name} en maak het "
            "document opnieuw.")


def earlier_default_note(team: Team, template: Path, kind: str, language: str) -> str | None:
    """The sentence for a document made with the team's copy of an earlier default, untouched:
    eenplan's own is better now, and `templates bijwerken` puts it in its place."""
    if template.parent != (team.templates_dir if language == DUTCH else team.templates_dir / language):
        return None  # eenplan's own default: always this eenplan's
    key = key_of(kind, language)
    if standing(template, key) != EARLIER:
        return None
    return "Let op: " + earlier_default_message(shown_name(key, template))


def wrong_language_note(team: Team, template: Path, language: str) -> str | None:
    """The sentence for a document made with a template in a language folder (fr/) that is in
    fact Dutch (copied there and never translated): the family got a letter half in Dutch, half
    in its own language (`templates check` warns the same, ``wrong-language``)."""
    if language == DUTCH or template.parent != team.templates_dir / language:
        return None  # eenplan's own default, or a Dutch template where Dutch belongs
    try:
        stat = template.stat()
    except OSError:
        return None
    if not _reads_as_dutch(template, stat.st_mtime_ns, stat.st_size):
        return None
    return (f"Let op: {language}/{template.name} lijkt in het Nederlands geschreven, dus wat ermee "
            f"gemaakt is, is deels Nederlands: zet er de tekst in die taal in, of haal het sjabloon "
            f"uit de map {language}.")


def wrong_language_line(folder: Path) -> str | None:
    """The watcher's sentence, when it starts, for the templates in a language folder of
    ``folder`` (fr/uitnodiging.docx) that are in fact Dutch; None when there are none."""
    from eenplan.dutch import language_code

    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir() and language_code(p.name) == p.name.casefold()
                      and p.name.casefold() != DUTCH)
    except OSError:
        return None
    names = []
    for sub in subs:
        for template in sorted(sub.glob("*.docx")):
            if template.stem.casefold() not in KINDS or template.name.startswith(("~$", ".")):
                continue
            try:
                stat = template.stat()
            except OSError:
                continue
            if _reads_as_dutch(template, stat.st_mtime_ns, stat.st_size):
                names.append(f"{sub.name}/{template.name}")
    if not names:
        return None
    one = len(names) == 1
    return (f"Let op: {and_list(names)} {'lijkt' if one else 'lijken'} in het Nederlands geschreven, dus "
            f"wat ermee gemaakt wordt, is deels Nederlands: zet er de tekst in de taal van de map in, of "
            f"haal {'het' if one else 'ze'} uit die map.")


@functools.lru_cache(maxsize=16)
def _reads_as_dutch(template: Path, mtime_ns: int, size: int) -> bool:
    """Whether a template's text reads as Dutch (read once while the file stays the same)."""
    from eenplan.docx_templates.improvements import reads_as_dutch
    from eenplan.docx_templates.template import open_template, template_parts

    try:
        parts = template_parts(open_template(template))
    except (TemplateError, ValueError, KeyError, AttributeError, TypeError, IndexError,
            zipfile.BadZipFile):
        return False  # rendering it said why
    return reads_as_dutch(" ".join(text for part in parts for text in part.texts))


def _without_today(context: Mapping[str, Any]) -> dict[str, Any]:
    """The data a document is made from, without the day it is made (that alone is no change),
    nor the fields said from others in it (``SAID_FROM_OTHERS``: the family's name as the letter's
    language says it): no document is made anew because eenplan learnt to say those."""
    data = {k: v for k, v in context.items() if k != "vandaag"}
    for path in SAID_FROM_OTHERS:
        head, _, leaf = path.partition(".")
        if isinstance(data.get(head), Mapping) and leaf in data[head]:
            data[head] = {k: v for k, v in data[head].items() if k != leaf}
    return data


# -- the print file and the calendar -------------------------------------------------------------


def _combined(letters: Sequence[Any], team_name: str, template_name: str = "uitnodiging.docx", *,
              today: datetime.date) -> bytes:
    """All invitations one after another (docxcompose), each letter its own section, as if it were
    printed alone: it starts on a new page, numbers its pages from 1 and keeps its own page, header,
    footer and styles (a letter in another language comes from another template). A letter is the
    document in memory (python-docx's, just rendered; the first one is changed), its bytes, or its
    file.
    """
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docxcompose.composer import Composer
    from lxml.etree import LxmlError

    from eenplan.docx_templates.renderer import styles_read_when_needed

    styles_read_when_needed()


    class Letters(Composer):
        """A letter from the first letter's template has its styles: the per-paragraph style
        lookup (most of docxcompose's time) is left out for it. A letter from another template
        brings its own, renamed where the first letter has a different style by that name."""

        first_styles: bytes = b""
        same_template = True

        def _create_style_id_mapping(self, doc: Any) -> None:  # the first thing insert() does
            self.same_template = _styles_xml(doc) == self.first_styles
            if not self.same_template:
                super()._create_style_id_mapping(doc)

        def add_styles(self, doc: Any, element: Any) -> None:
            if not self.same_template:
                super().add_styles(doc, element)

        def retain_formatting_from_default_styles(self, doc: Any) -> None:
            if not self.same_template:  # another template's default look, kept in its runs
                super().retain_formatting_from_default_styles(doc)

    try:
        def opened(letter: Any) -> Any:
            if isinstance(letter, bytes):
                return Document(io.BytesIO(letter))
            return Document(str(letter)) if isinstance(letter, Path) else letter

        master = opened(letters[0])
        composer = Letters(master, preserve_styles=True)
        composer.first_styles = _styles_xml(master)
        _restart_numbering(master.element.body.sectPr)
        # the headers and footers in the print file by what they hold: a letter from the same
        # template as one before it points at that one's (most letters), no copy of its own
        held = {_held(part): part for part in _headers_and_footers(master)}
        for letter in letters[1:]:
            _end_section(master)
            document = opened(letter)
            # docxcompose turns a letter's custom-property fields into their text; it reads the
            # letter's styles (for a language) even when the letter has none to turn
            composer.append(document, remove_property_fields=_has_custom_properties(document))
            _own_section(composer, document, held)
        neutral_properties(master, team_name, today=today)
        data = docx_bytes(master, today)
    except (LxmlError, ValueError, KeyError, IndexError, AttributeError, PackageNotFoundError,
            zipfile.BadZipFile):
        # docxcompose on sections or styles a team's template has in an unusual shape
        raise TemplateError(
            f"De brieven zijn gemaakt, maar eenplan kon ze niet samenvoegen tot één bestand om af te "
            f"drukken: het sjabloon {template_name} is anders opgebouwd dan "
            "gewoonlijk. Druk de brieven apart af, of bewaar het sjabloon opnieuw in Word als .docx."
        ) from None
    return data


def _styles_xml(document: Any) -> bytes:
    """A document's styles as bytes to compare: as read, when nothing read them yet (a letter's,
    see renderer.styles_read_when_needed: parsing them was most of the print file's time)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        part = document.part.part_related_by(RELATIONSHIP_TYPE.STYLES)
    except KeyError:
        return b""
    source = getattr(part, "_source", b"")
    return source if source and getattr(part, "_parsed", None) is None else bytes(part.blob)


_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _headers_and_footers(document: Any) -> list[Any]:
    from docx.oxml.ns import qn

    section = document.element.body.sectPr
    return [document.part.rels[reference.get(qn("r:id"))].target_part
            for reference in section.iterchildren(qn("w:headerReference"), qn("w:footerReference"))]


def _held(part: Any) -> tuple[Any, ...]:
    """What a header or footer part holds: its XML, and what it refers to (a logo's bytes)."""
    return (part.content_type, part.blob, tuple(sorted(
        (rel.reltype, rel.target_ref if rel.is_external else hashlib.sha256(rel.target_part.blob).digest())
        for rel in part.rels.values())))


def _own_section(composer: Any, letter: Any, held: dict[tuple[Any, ...], Any]) -> None:
    """The letter just appended gets its own section properties as the last section's: its page,
    and its headers and footers (docxcompose keeps the first letter's for every letter): the
    print file's own when one holds the same (``held``), else a copy."""

    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    master = composer.doc
    section = _on_a_new_page(letter.element.body.sectPr)
    for reference in [*section.iterchildren(qn("w:headerReference"), qn("w:footerReference"))]:
        rel = letter.part.rels[reference.get(qn("r:id"))]
        part = rel.target_part
        content = _held(part)
        copied = held.get(content)
        if copied is None:
            element = parse_xml(part.blob)
            composer.add_styles(letter, element)
            name = master.part.package.next_partname(
                "/word/header%d.xml" if reference.tag == qn("w:headerReference") else "/word/footer%d.xml")
            copied = held[content] = XmlPart(name, part.content_type, element, master.part.package)
            # what the header or footer refers to (a logo, a link), by the copy's own ids
            ids = {rid: composer.add_relationship(part, copied, target).rId
                   for rid, target in part.rels.items()}
            for node in element.iter():
                for attribute, value in node.attrib.items():
                    if attribute.startswith(_RELATIONSHIPS) and value in ids:
                        node.set(attribute, ids[value])
        reference.set(qn("r:id"), master.part.relate_to(copied, rel.reltype))
    body = master.element.body
    body.replace(body.sectPr, section)


def _has_custom_properties(document: Any) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    except KeyError:
        return False
    return True


def _restart_numbering(section: Any) -> None:
    """Page numbers of this section start at 1."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = section.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        section.append(numbering)
    numbering.set(qn("w:start"), "1")
    numbering.set(qn("w:fmt"), "decimal")


def _on_a_new_page(section: Any) -> Any:
    """A copy of a section's properties that starts on a new page (whatever the template says)
    and numbers its pages from 1."""
    import copy

    from docx.oxml.ns import qn

    copied = copy.deepcopy(section)
    kind = copied.find(qn("w:type"))
    if kind is not None:
        copied.remove(kind)
    _restart_numbering(copied)
    return copied


def _end_section(document: Any) -> None:
    """End the letter so far with a section break to a new page: a paragraph holding a copy of
    the body's section properties, the last letter's own (its page, header and footer; numbering
    restarts)."""
    from docx.oxml.ns import qn

    body_section = document.element.body.sectPr
    ended = _on_a_new_page(body_section)
    body = document.element.body
    last = body_section.getprevious()
    # the letter's last paragraph ends the section (an extra empty one could spill onto a page)
    if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
        last = document.add_paragraph()._p
    last.get_or_add_pPr().append(ended)
    assert last.getparent() is body


def team_ics(team: Team, caseload: Caseload, dossier: Dossier, table: RoundTable, *,
             today: datetime.date, calendar: TeamCalendar | None = None) -> tuple[Output, CalendarEvent]:
    """The round-table as an appointment (Europe/Brussels) for the team's agendas, and the event
    to remember once its .ics is written. The appointment keeps its UID when the round-table
    moves (``team_calendar``); what its .ics says, changed since the last one (its day, hour,
    place, the family's name), gets the next SEQUENCE, so that importing it moves or changes the
    appointment. SEQUENCE 0 is left out, as the .ics of earlier versions had it (0 is its default).
    An appointment a cancelling .ics took out of the agendas (its round-table was deleted, and is
    back) comes back as METHOD:REQUEST, numbered after the cancellation, and stays so while it
    stays the same."""
    assert table.date is not None
    if calendar is None:
        calendar = TeamCalendar.load(team, [dossier.id])
    tables = [t for t in caseload.round_tables_of(dossier.id) if t.date is not None]
    uid = calendar.uids(dossier.id, tables, today=today)[table.row]
    before = calendar.event(dossier.id, uid)
    sequence = 0 if before is None else before.sequence
    if before is not None and before.cancelled:
        sequence += 1
        text = calendar_bytes(team, dossier, table, uid=uid, sequence=sequence, method=REQUEST)
    else:
        text = calendar_bytes(team, dossier, table, uid=uid, sequence=sequence or None)
    changed = before is not None and fingerprint(CALENDAR, text.decode("utf-8")) != before.fingerprint
    if before is not None and not before.cancelled and changed:
        # brought back after a cancellation, the last .ics said METHOD:REQUEST: the same again?
        again = calendar_bytes(team, dossier, table, uid=uid, sequence=sequence, method=REQUEST)
        if fingerprint(CALENDAR, again.decode("utf-8")) == before.fingerprint:
            text = again
        else:
            sequence += 1
            text = calendar_bytes(team, dossier, table, uid=uid, sequence=sequence)
    made_from = fingerprint(CALENDAR, text.decode("utf-8"))
    when = table.date.isoformat()
    return (Output(f"{when} Rondetafel {dossier.family}", ".ics", CALENDAR, when, made_from,
                   functools.partial(bytes, text)),
            CalendarEvent(dossier.id, uid, table.date, hour_of(table), sequence, made_from))


def calendar_bytes(team: Team, dossier: Dossier, table: RoundTable, *, uid: str,
                   sequence: int | None = None, method: str | None = None,
                   attendee: str = "", language: str = DUTCH) -> bytes:
    """The round-table as an iCalendar event, numbered by ``sequence`` (None: none said); with
    ``method`` an invitation by e-mail (REQUEST) or its cancellation (CANCEL), addressed to
    ``attendee`` and in their ``language`` (Dutch, French or English)."""
    assert table.date is not None
    if method is None and not attendee:  # the .ics beside the letters
        from eenplan.docx_templates.calendar_file import calendar_text

        start: datetime.date
        if table.time is not None:
            start = datetime.datetime.combine(table.date, table.time)
            end: datetime.date = start + datetime.timedelta(minutes=MEETING_MINUTES)  # in Brussels
        else:
            start, end = table.date, table.date + datetime.timedelta(days=1)
        return calendar_text(uid=uid, summary=_summary(dossier, table), start=start, end=end,
                             location=clean(table.location),
                             description=_description(team, dossier, table), product=PRODUCT,
                             sequence=sequence)
    return icalendar_bytes(team, dossier, table, uid=uid, sequence=sequence, method=method,
                           attendee=attendee, language=language)


PRODUCT = "-//eenplan//1 Gezin 1 Plan//NL"


# The calendar event in the reader's language (an invitation by e-mail, the mail around it is in
# it too); the .ics beside the letters is in Dutch, for the team's agendas.
_CALENDAR_TEXTS = {
    "nl": {"summary": "Rondetafelgesprek {family}", "later": " (uur volgt nog)",
           "description": "Rondetafelgesprek van {family}, met {team}. Begeleider: {begeleider}.",
           "all_day": " Het uur volgt nog: dit is een afspraak voor de hele dag.",
           "unknown": "nog niet gekend"},
    "fr": {"summary": "Table ronde {family}", "later": " (heure à confirmer)",
           "description": "Table ronde de {the_family}, avec {team}. Accompagnement : {begeleider}.",
           "all_day": " L'heure sera encore confirmée : ce rendez-vous couvre toute la journée.",
           "unknown": "pas encore connu"},
    "en": {"summary": "Round-table meeting {family}", "later": " (time to be confirmed)",
           "description": "Round-table meeting of {the_family}, with {team}. Support worker: {begeleider}.",
           "all_day": " The time is still to be confirmed: this appointment covers the whole day.",
           "unknown": "not known yet"},
}


def _calendar_texts(language: str) -> dict[str, str]:
    return _CALENDAR_TEXTS.get(language, _CALENDAR_TEXTS[DUTCH])


def _summary(dossier: Dossier, table: RoundTable, language: str = DUTCH) -> str:
    texts = _calendar_texts(language)
    later = "" if table.time is not None else texts["later"]
    with in_language(language):  # "Familie Peeters" as the calendar's language says it
        family = family_names(dossier.family)[0]
    return texts["summary"].format(family=family) + later


def _description(team: Team, dossier: Dossier, table: RoundTable, language: str = DUTCH) -> str:
    texts = _calendar_texts(language)
    # an event of a whole day, without a word, reads as if the meeting took the day
    hour = "" if table.time is not None else texts["all_day"]
    with in_language(language):
        the_family = family_names(dossier.family)[1]
    return texts["description"].format(
        family=clean(dossier.family), the_family=the_family, team=clean(team.settings.team_name),
        begeleider=clean(dossier.begeleider) or texts["unknown"]) + hour


def icalendar_bytes(team: Team, dossier: Dossier, table: RoundTable, *, uid: str,
                    sequence: int | None = None, method: str | None = None,
                    attendee: str = "", language: str = DUTCH) -> bytes:
    """``calendar_bytes`` made with icalendar (the e-mailed invitation; the .ics beside the letters
    is the same without it: ``calendar_file``)."""
    from zoneinfo import ZoneInfo

    import icalendar

    assert table.date is not None
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    if sequence is not None:
        event.add("sequence", sequence)
    event.add("summary", _summary(dossier, table, language))
    if table.time is not None:
        start = datetime.datetime.combine(table.date, table.time, tzinfo=ZoneInfo("Europe/Brussels"))
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=MEETING_MINUTES))
    else:
        event.add("dtstart", table.date)
        event.add("dtend", table.date + datetime.timedelta(days=1))
    if clean(table.location):
        event.add("location", clean(table.location))
    event.add("description", _description(team, dossier, table, language))
    if method:
        sender = parseaddr(team.settings.mail.from_address)[1]  # "Team <t@x.be>": the address
        if sender:
            event.add("organizer", f"mailto:{sender}", parameters={"CN": team.settings.team_name})
        if attendee:
            event.add("attendee", f"mailto:{attendee}", parameters={"RSVP": "FALSE"})
        if method == "CANCEL":
            event.add("status", "CANCELLED")
    event.add("dtstamp", datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def made_again(*, one: bool = False) -> str:
    """Why documents made before were made again (``Made.restored``), the same for a command
    and the watcher: "ze waren er niet meer (verwijderd of verplaatst); er veranderde niets in"."""
    was = "het was" if one else "ze waren"
    return f"{was} er niet meer (verwijderd of verplaatst); er veranderde niets in"


def summary(made: Made, *, shown: Callable[[Path], str] = str, network: str = NETWORK) -> str:
    """What a document job did, in Dutch, for the terminal; ``network``: the sheet Netwerk as
    the team's workbook names it."""
    lines = []
    if made.new:
        lines.append(f"Gemaakt ({len(made.new)}):")
        lines += [f"  {shown(p)}" for p in made.new]
    if made.restored:
        count = len(made.restored)
        lines.append(f"Opnieuw gemaakt ({count}), want {made_again(one=count == 1)}:")
        lines += [f"  {shown(p)}" for p in made.restored]
    if made.unchanged:
        lines.append(f"Al gemaakt met dezelfde gegevens, niet opnieuw ({len(made.unchanged)}):")
        lines += [f"  {shown(p)}" for p in made.unchanged]
    if made.kept:
        lines.append("Niet meer zoals eenplan ze maakte (aangepast, leeg of vervangen), dus bewaard "
                     "(de nieuwe versie staat ernaast met een volgnummer):")
        lines += [f"  {shown(p)}" for p in made.kept]
    if made.failed:
        lines.append(f"Niet geschreven ({len(made.failed)}):")
        lines += [f"  {failure}" for failure in made.failed]
    if made.outdated:
        one = len(made.outdated) == 1
        lines.append(f"{'Hoort' if one else 'Horen'} niet meer bij deze rondetafel (niet meer "
                     f"uitgenodigd, de naam veranderde op het blad {network}, of de rondetafel "
                     "werd verplaatst of weggehaald), dus "
                     f"{'kreeg' if one else 'kregen'} '(vervallen)' in de naam: verstuur "
                     f"{'hem' if one else 'ze'} niet, en ging er al een brief weg, laat het die "
                     f"persoon dan zelf weten ({len(made.outdated)}):")
        lines += [f"  {shown(p)}" for p in made.outdated]
    if made.stale:
        one = len(made.stale) == 1
        lines.append(f"LET OP: {'hoort' if one else 'horen'} niet meer bij deze rondetafel, maar "
                     f"{'is' if one else 'zijn'} met de hand aangepast (of open in een ander "
                     f"programma), dus liet eenplan {'hem' if one else 'ze'} staan: verstuur "
                     f"{'hem' if one else 'ze'} niet en haal {'hem' if one else 'ze'} zelf weg "
                     f"({len(made.stale)}):")
        lines += [f"  {shown(p)}" for p in made.stale]
    lines += made.notes
    return "\n".join(lines) or "Niets te maken."

