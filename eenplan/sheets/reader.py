"""The one reader: the team's workbook in, typed records and the reader's findings out.

python-calamine does the reading (it is several times faster than openpyxl). What real
workbooks hold is taken as it comes: extra columns and sheets, a title above the headers,
blank rows inside the data, stray spaces, merged cells, formulas (their cached values),
hidden sheets and the 1904 date system. Whatever makes a file unusable is translated here,
at the boundary, into one WorkbookUnreadable sentence.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import difflib
import html
import itertools
import operator
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import python_calamine

from eenplan.dutch import and_list
from eenplan.errors import WorkbookUnreadable
from eenplan.sheets import cells, codes, extent, likeness
from eenplan.sheets.cells import normal_text
from eenplan.sheets.codes import Code
from eenplan.sheets.findings import Finding
from eenplan.sheets.records import (
    Agreement,
    Caseload,
    Dossier,
    LookAlike,
    NetworkMember,
    Pause,
    RoundTable,
    SheetLayout,
    StaffContact,
    alias_line,
    columns_read_as_empty,
    cycle_collection,
    mapped_column_sentence,
)
from eenplan.sheets.schema import (
    BEGELEIDER_EMAIL,
    BEGELEIDER_PHONE,
    BEGELEIDERS,
    DOSSIERS,
    LIST_NAMES,
    LISTS,
    LISTS_SCHEMA,
    SCHEMAS,
    SYNONYMS,
    Column,
    Kind,
    SheetSchema,
    column_letter,
)

RECORD_TYPES: dict[str, type] = {
    "Dossiers": Dossier,
    "Netwerk": NetworkMember,
    "Pauzes": Pause,
    "Rondetafels": RoundTable,
    "Afspraken": Agreement,
}
# Where to look for the header row: a title or a note above it is common.
HEADER_SEARCH_ROWS = 20
OFFERED = 3  # the missing columns a header eenplan does not know is offered as, at most
OFFER = 0.6  # how alike a header must be to a missing column's to be offered as it (likeness)
MEANT = 0.75  # how alike to be said as the missing column it probably is ("Dossiernr.")
# A sheet eenplan does not read has the header row of one it reads with its first column's
# header (Dossier) and at least two more of that sheet's: "Dossiers 2025", a copy "Netwerk (2)".
LOOK_ALIKE_HEADERS = 3

_SYNONYMS = {normal_text(word): header for header, words in SYNONYMS.items() for word in words}

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read_caseload(
    path: Path,
    *,
    header_aliases: Mapping[str, Mapping[str, str]] | None = None,
    own_columns: Sequence[str] = (),
    sheet_aliases: Mapping[str, str] | None = None,
    sheets: Collection[str] | None = None,
    memory: SheetMemory | None = None,
    earlier_version: bool = False,
) -> Caseload:
    """Read the workbook at ``path`` into a Caseload, or raise WorkbookUnreadable.

    ``header_aliases`` maps, per sheet, eenplan's header to the team's; ``sheet_aliases`` maps
    eenplan's sheet name to the team's; ``own_columns`` are the team's extra columns, read past
    without a warning. ``sheets``: eenplan's names of the sheets a job uses, when it does not
    use them all (Dossiers and Lijsten are always read); the others are not read at all, and
    the Caseload names them in ``unread``. ``memory``: the watcher's, to take each sheet whose
    part in the zip is the one read last time from there (see SheetMemory).

    A sheet ``sheet_aliases`` names that the workbook lacks is a slip in eenplan.toml: refused
    (WorkbookUnreadable), since read on as missing it would leave out what it holds. Not in an
    ``earlier_version`` (a snapshot, from before the team renamed the sheet): there eenplan's own
    name is read, as ever.
    """
    unread = frozenset(SCHEMAS).difference(SCHEMAS if sheets is None else sheets).difference({DOSSIERS})
    _sniff(path)
    kept = memory.look(path, (header_aliases, tuple(own_columns), sheet_aliases)) if memory else None
    wanted = _not_named(unread, sheet_aliases or {}) if unread else None
    if kept is not None and kept.same:  # a sheet read from memory passed this scan before
        wanted = _and_not(wanted, kept.same)
    # before calamine allocates a sheet that reaches too far; a sheet left unread is never allocated.
    # The largest is looked at now, the others while calamine parses it (see extent.Ahead).
    ahead = extent.Ahead(path, wanted)
    try:
        book = _calamine(path)
    except WorkbookUnreadable:
        ahead.refuse()  # a sheet that reaches too far is said first, as ever
        raise
    # The far-cell pass inflated the sheets already: the ones without a formula's tag need no look.
    first = ahead.first
    formula_free = frozenset(() if first is None or first.may_hold_formulas else (first.part,))
    try:
        with cycle_collection(enabled=False):
            caseload = _Reading(path, book, header_aliases or {}, own_columns, sheet_aliases or {},
                                formula_free, ahead.sizes, unread, kept, ahead,
                                earlier_version=earlier_version).run()
    except WorkbookUnreadable:
        ahead.refuse()
        raise
    finally:
        book.close()
    ahead.refuse()
    return caseload


def _and_not(wanted: Callable[[str], bool] | None, titles: Collection[str]) -> Callable[[str], bool]:
    """``wanted`` (all when None), but none of these sheets (by their name in the workbook)."""
    return lambda title: title not in titles and (wanted is None or wanted(title))


@dataclasses.dataclass(frozen=True)
class _SheetReading:
    """What reading one sheet made: its records and layout (for Lijsten: its lists and the
    staff's contacts), its findings, and its cells eenplan could not use."""

    findings: tuple[Finding, ...]
    unreadable: tuple[tuple[tuple[str, int, str], Finding], ...] = ()
    records: tuple = ()
    layout: SheetLayout | None = None
    lists: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    staff: tuple[StaffContact, ...] = ()


class SheetMemory:
    """Each sheet's reading of the workbook the watcher read last, so that a save reads again
    only the sheets whose part in the zip changed (most saves change one cell on one sheet).

    A sheet's reading is made from its own part and from what all sheets share: the list of
    sheets and their parts (xl/workbook.xml and its rels), the 1904 date system (workbook.xml),
    the styles (which numbers are dates), the shared strings, the calculation chain (the formula
    look), and the team's header and sheet names; the names of the other sheets only for a
    missing sheet's hint. Nothing in it depends on the day or on another sheet's cells: the
    checks against today and across sheets run on the Caseload, every time. So a sheet is taken
    from here when its part has the same CRC-32 and size in the zip's directory (read without
    inflating anything) and every other part does too, the worksheets and docProps/ (when and
    by whom it was saved, which eenplan does not read) aside; when any other part changed, or
    the settings, or the file read, everything is read again. The far-cell scan passes over a
    sheet taken from here: it passed that very part before.

    In the watcher's memory only, one reading a sheet of one workbook; never on disk. Between
    saves it holds the records of the version read last: ~18 MiB at 10,000 dossiers (tracemalloc).
    """

    def __init__(self) -> None:
        self._shared: object = None
        # (eenplan's name, the sheet's title) -> (its part's key, the reading)
        self._sheets: dict[tuple[str, str], tuple[tuple[str, int, int], _SheetReading]] = {}
        self.reused: tuple[str, ...] = ()  # the sheets (eenplan's names) the last read took from here

    def look(self, path: Path, settings: object) -> _Kept | None:
        """What can be taken from here for the workbook at ``path`` now; None when its zip
        directory cannot be read (the reader then says what is wrong, reading everything)."""
        self.reused = ()
        try:
            with zipfile.ZipFile(path) as archive:
                directory = {i.filename: (i.CRC, i.file_size) for i in archive.infolist()}
                parts = dict(extent.sheet_parts(archive, archive.read("xl/workbook.xml")))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
            self.forget()
            return None
        sheet_parts = set(parts.values())
        shared = (str(path), repr(settings), sorted(
            (name, *key) for name, key in directory.items()
            if name not in sheet_parts and not name.startswith("docProps/")))
        if shared != self._shared:
            self.forget()
            self._shared = shared
        keys = {title: (part, *directory[part]) for title, part in parts.items()}
        same = frozenset(title for (_, title), (key, _) in self._sheets.items() if keys.get(title) == key)
        return _Kept(self, keys, same)

    def forget(self) -> None:
        self._shared = None
        self._sheets.clear()


@dataclasses.dataclass
class _Kept:
    memory: SheetMemory
    keys: Mapping[str, tuple[str, int, int]]  # sheet title -> its part, CRC-32 and size
    same: frozenset[str]  # the titles whose part is the one kept

    def get(self, name: str, title: str) -> _SheetReading | None:
        entry = self.memory._sheets.get((name, title))
        if entry is None or entry[0] != self.keys.get(title):
            return None
        self.memory.reused = (*self.memory.reused, name)
        return entry[1]

    def keep(self, name: str, title: str, reading: _SheetReading) -> None:
        if title in self.keys:
            self.memory._sheets[(name, title)] = (self.keys[title], reading)


def _not_named(names: Collection[str], sheet_aliases: Mapping[str, str]) -> Callable[[str], bool]:
    """Whether a sheet, by its name in the workbook, is none of eenplan's ``names`` (nor the
    team's own name for one): a name that is not sure to be one of them is looked at."""
    titles = {normal_text(n) for n in names} | {normal_text(sheet_aliases[n]) for n in names
                                                if n in sheet_aliases}
    return lambda title: normal_text(title) not in titles


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    _sniff(path)
    extent.refuse_far_sheets(path)  # before calamine allocates a sheet that reaches too far
    return _calamine(path)


def _calamine(path: Path) -> python_calamine.CalamineWorkbook:
    name = path.name
    try:
        if path.suffix.lower() in _OTHER_FORMATS:
            # A workbook renamed .xls or .ods (_sniff saw a zip that is no .ods): calamine picks
            # its reader by the extension and would call it damaged. Handed the bytes, it goes
            # by what they are.
            with path.open("rb") as handle:
                return python_calamine.CalamineWorkbook.from_filelike(handle)
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise WorkbookUnreadable(_protected(name)) from None
    except python_calamine.ZipError:
        raise WorkbookUnreadable(
            f"{name} is beschadigd of niet volledig bewaard. Open het in Excel en bewaar het "
            "opnieuw, of neem een vorige versie."
        ) from None
    except (python_calamine.XmlError, python_calamine.CalamineError) as exc:
        if "macrosheet" in str(exc):
            raise WorkbookUnreadable(
                f"{name} bevat een macroblad (Excel 4.0) dat eenplan niet kan lezen. Bewaar de "
                "werkmap in Excel zonder dat blad, als Excel-werkmap (.xlsx)."
            ) from None
        raise WorkbookUnreadable(
            f"{name} is beschadigd en kan niet gelezen worden. Open het in Excel en bewaar het "
            "opnieuw als Excel-werkmap (.xlsx), of neem een vorige versie."
        ) from None
    except OSError as exc:
        raise WorkbookUnreadable(f"{name} kan niet geopend worden: {exc.strerror}.") from None


# extensions whose reader in calamine is not the .xlsx one (a file with no extension it sniffs)
_OTHER_FORMATS = frozenset({".xls", ".xla", ".xlsb", ".ods"})


def _sniff(path: Path) -> None:
    """Tell a workbook from what is not one, before a parser sees it."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(128)  # an .ods names itself in its first entry, past byte 64
            if head[:8] == _OLE:
                # An encrypted .xlsx is an OLE container holding "EncryptedPackage"; any other
                # OLE file here is an old .xls (or a .doc, which the same advice fits).
                handle.seek(0)
                encrypted = _ENCRYPTED in handle.read(8 * 1024 * 1024)
    except FileNotFoundError:
        raise WorkbookUnreadable(
            f"De werkmap {path} bestaat niet. Controleer de naam, of geef de juiste met "
            "--workbook BESTAND."
        ) from None
    except IsADirectoryError:
        raise WorkbookUnreadable(f"{path} is een map, geen werkmap. Geef een .xlsx-bestand.") from None
    except PermissionError:
        raise WorkbookUnreadable(
            f"{name} mag niet gelezen worden (geen toegang). Vraag toegang tot het bestand."
        ) from None
    except OSError as exc:
        raise WorkbookUnreadable(f"{name} kan niet geopend worden: {exc.strerror}.") from None
    if not head:
        raise WorkbookUnreadable(f"{name} is leeg (0 bytes). Neem een vorige versie of bewaar opnieuw.")
    if head[:8] == _OLE:
        if encrypted:
            raise WorkbookUnreadable(_protected(name))
        raise WorkbookUnreadable(
            f"{name} is een oud Excel-bestand (.xls). Open het in Excel en kies Bestand > "
            "Opslaan als > Excel-werkmap (.xlsx)."
        )
    if head[:4] == _EMPTY_ZIP:
        raise WorkbookUnreadable(f"{name} is een leeg zip-bestand, geen werkmap.")
    if head[:4] != _ZIP:
        raise WorkbookUnreadable(
            f"{name} is geen Excel-werkmap. Bewaar de caseload in Excel als Excel-werkmap (.xlsx)."
        )
    if head[30:38] == b"mimetype" and b"opendocument" in head:
        raise WorkbookUnreadable(
            f"{name} is een OpenDocument-rekenblad (.ods). Bewaar het als Excel-werkmap (.xlsx)."
        )


def _no_aliased_sheet(ours: str, theirs: str, titles: Mapping[str, str]) -> str:
    """The sentence for a [bladen] entry in eenplan.toml that names no sheet of the workbook:
    the sheet it names, the nearest there is, and what to do."""
    close = difflib.get_close_matches(normal_text(theirs), list(titles), n=1, cutoff=0.6)
    if close:
        found = f'; het blad dat er het meest op lijkt, heet "{titles[close[0]]}"'
    elif titles:
        names = list(titles.values())
        found = "; wel: " + ", ".join(names[:8]) + (f" en nog {len(names) - 8}" if len(names) > 8 else "")
    else:
        found = ""
    return (f'In eenplan.toml staat bij [bladen] {ours} = "{theirs}", maar de werkmap heeft geen '
            f"blad met die naam{found}: schrijf daar de naam van het blad zoals ze op het tabblad "
            f"in Excel staat, of haal de regel weg als het blad gewoon {ours} heet.")


def _protected(name: str) -> str:
    """The sentence for an encrypted workbook. It holds for a real password and for Excel's
    standard read-only encryption alike (the default password "VelvetSweatshop", which Excel
    opens without asking): which one it is, only decrypting tells, and that would take a
    cryptography library for this one sentence."""
    return (
        f"{name} is versleuteld, dus eenplan kan het niet lezen: open het in Excel (met het "
        "wachtwoord als Excel erom vraagt; vraagt Excel niets, dan is het alleen de "
        "standaardbeveiliging van Excel), maak bij Bestand > Info > Werkmap beveiligen > "
        "Versleutelen met wachtwoord het wachtwoord leeg als er een staat, en bewaar het met "
        "Bestand > Opslaan als als Excel-werkmap (.xlsx), zonder beveiliging."
    )


def lock_file(path: Path) -> Path | None:
    """Excel's owner file (~$...) beside a workbook that is open, if there is one."""
    for candidate in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if candidate.name != "~$" and candidate.exists():
            return candidate
    return None


class _Reading:
    def __init__(
        self,
        path: Path,
        book: python_calamine.CalamineWorkbook,
        aliases: Mapping[str, Mapping[str, str]],
        own_columns: Sequence[str],
        sheet_aliases: Mapping[str, str],
        formula_free: Collection[str] = frozenset(),
        sizes: Mapping[str, int] | None = None,
        unread: Collection[str] = frozenset(),
        kept: _Kept | None = None,
        ahead: extent.Ahead | None = None,
        *,
        earlier_version: bool = False,
    ) -> None:
        self.path = path
        self.ahead = ahead  # the far-cell pass over the sheets after the largest, when still under way
        self.book = book
        self.aliases = aliases
        self.own = {normal_text(c) for c in own_columns}
        self.findings: list[Finding] = []
        self.titles = _worksheet_names(book)
        titles = {normal_text(n): n for n in self.titles}
        self.sheet_names = dict(titles)
        # the sheets the team's [bladen] names: never offered as another missing sheet's
        self.claimed: set[str] = set()
        for ours, theirs in sheet_aliases.items():
            actual = titles.get(normal_text(theirs))
            if actual is None and earlier_version:
                continue
            if actual is None:  # a slip in the setting: read on, the sheet would be missing, and
                # the overdue list would leave out its pauses or agreements without a word
                raise WorkbookUnreadable(_no_aliased_sheet(ours, theirs, titles))
            self.sheet_names[normal_text(ours)] = actual
            self.claimed.add(normal_text(actual))
        self._is_1904: bool | None = None
        # (sheet, Excel row, field) -> why that cell could not be used
        self.unreadable: dict[tuple[str, int, str], Finding] = {}
        self.damaged: set[str] = set()  # eenplan's names of the sheets calamine could not parse
        self.formulas = _Formulas(path, formula_free)
        self._totals: dict[str, frozenset[int]] | None = None  # see _totals_rows
        # eenplan's sheet name -> its cells whose formula calls TODAY() (see _put_moving)
        self.moving: dict[str, dict[tuple[int, int], cells.Unusable]] = {}
        self.sizes = sizes or {}  # sheet title -> bytes of XML
        self.unread = frozenset(unread)  # eenplan's names of the sheets the job does not use
        self.kept = kept  # the sheets read last time, when the watcher keeps them
        self._next: dict[str, str] = {}  # sheet -> the one parsed while its records are made
        self._large: frozenset[str] = frozenset()  # the two largest: never parsed side by side
        # (eenplan's name, the parse under way) on the run's one worker thread
        self._parsing: tuple[str, concurrent.futures.Future[tuple[Any, _Rows]]] | None = None
        self._parser: concurrent.futures.ThreadPoolExecutor | None = None

    def run(self) -> Caseload:
        if normal_text(DOSSIERS) not in self.sheet_names:
            raise WorkbookUnreadable(self._no_dossiers_sheet())
        sheet_titles = {
            name: self.sheet_names[normal_text(name)]
            for name in (*SCHEMAS, LISTS) if normal_text(name) in self.sheet_names
        }
        records: dict[str, tuple] = {}
        layouts: dict[str, SheetLayout] = {}
        # The largest sheet first (Netwerk, usually): calamine holds a sheet twice while it is
        # read (its own cells and Python's), and this way not beside the records of the others.
        # The findings keep the order of the sheets all the same.
        found: dict[str, list[Finding]] = {}
        lists: dict[str, tuple[str, ...]] = {}
        staff: tuple[StaffContact, ...] = ()
        order = self._reading_order()
        self._next = dict(zip(order, order[1:], strict=False))
        # leaving the block waits for a parse under way: the book is closed next, and no parse
        # may outlive it
        with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="eenplan-sheet") \
                as self._parser:
            for name in order:
                reading = self._reading(name)
                if name == LISTS:
                    lists, staff = dict(reading.lists), reading.staff
                else:
                    records[name] = reading.records
                if reading.layout is not None:
                    layouts[name] = reading.layout
                found[name] = list(reading.findings)
                self.unreadable.update(reading.unreadable)
        self._parser = self._parsing = None
        self.findings = [f for name in (*SCHEMAS, LISTS) if name in found for f in found[name]]
        layouts = {name: layouts[name] for name in (*SCHEMAS, LISTS) if name in layouts}
        self.unreadable = {key: finding for name in SCHEMAS
                           for key, finding in self.unreadable.items() if key[0] == name}
        look_alikes = self._look_alikes(sheet_titles.values())
        self.findings.extend(found.finding() for found in look_alikes)
        return Caseload(
            workbook=str(self.path),
            dossiers=records["Dossiers"],
            network=records.get("Netwerk", ()),
            pauses=records.get("Pauzes", ()),
            round_tables=records.get("Rondetafels", ()),
            agreements=records.get("Afspraken", ()),
            lists=MappingProxyType(lists),
            staff=staff,
            layouts=MappingProxyType(layouts),
            sheet_titles=MappingProxyType(sheet_titles),
            findings=tuple(self.findings),
            unreadable=MappingProxyType(self.unreadable),
            unread=self.unread,
            look_alikes=look_alikes,
        )

    def _look_alikes(self, read: Collection[str]) -> tuple[LookAlike, ...]:
        """The sheets that are none of eenplan's (``read``: their titles, the ones the job leaves
        unread among them) whose header row is that of a sheet the job reads: the header of its
        first column (Dossier) and at least two more of that sheet's, as the team writes them or
        as eenplan does, below a title as on any sheet, and more of them than of any other of
        eenplan's sheets. A sheet that shares a header or two (a pivot table, a summary) is none.
        Each such sheet costs calamine's parse of it and its first rows in Python; a workbook
        without another sheet (most) costs nothing."""
        others = [title for title in self.titles if title not in read]
        if not others:
            return ()
        hidden = {m.name for m in self.book.sheets_metadata
                  if m.visible != python_calamine.SheetVisibleEnum.Visible}
        headers = {name: [{normal_text(c.header), normal_text(self._header_of(name, c))}
                          for c in schema.columns] for name, schema in SCHEMAS.items()}
        found = []
        for title in others:
            self._looked_at(title)  # the far-cell pass before calamine allocates it
            try:
                rows = _first_rows(self.book, title)
            except (python_calamine.CalamineError, python_calamine.XmlError):
                continue  # not eenplan's sheet: what a damaged one holds, it cannot tell
            best: tuple[int, int, str] = (0, 0, "")  # (headers found, Excel row, eenplan's sheet)
            for index, row in enumerate(rows):
                texts = {normal_text(v) for v in row if v.__class__ is str and v.strip()}
                if len(texts) < 3:
                    continue
                for name, columns in headers.items():
                    if texts.isdisjoint(columns[0]):
                        continue
                    score = sum(1 for names in columns if not texts.isdisjoint(names))
                    if score > best[0]:
                        best = (score, index + 1, name)
            score, row_number, name = best
            if score >= LOOK_ALIKE_HEADERS and name not in self.unread:
                found.append(LookAlike(name, title, row_number, hidden=title in hidden))
        return tuple(found)

    def _reading(self, name: str) -> _SheetReading:
        """One sheet's reading: taken from the watcher's memory when its part is the one read
        last time, else read (and then kept there)."""
        title = self.sheet_names.get(normal_text(name))
        if self.kept is not None and title is not None:
            reading = self.kept.get(name, title)
            if reading is not None:
                return reading
        before = len(self.findings)
        if name == LISTS:
            lists, staff, lists_layout = self._read_lists()
            reading = _SheetReading(tuple(self.findings[before:]), lists=MappingProxyType(lists),
                                    staff=staff, layout=lists_layout)
        else:
            records, layout = self._read_sheet(SCHEMAS[name])
            reading = _SheetReading(
                tuple(self.findings[before:]),
                tuple((key, finding) for key, finding in self.unreadable.items() if key[0] == name),
                records, layout)
        del self.findings[before:]
        if self.kept is not None and title is not None:
            self.kept.keep(name, title, reading)
        return reading

    def _size(self, name: str) -> int:
        return self.sizes.get(self.sheet_names.get(normal_text(name), ""), 0)

    def _reading_order(self) -> list[str]:
        """The sheets in the order their records are made: the largest first (Netwerk, usually).

        Each sheet after the first is parsed in a thread while the one before it is made into
        records (``_parse_next``); the second largest only once the largest's cells are picked,
        so the two never side by side. Tried (29/11): the second largest first, so the far-cell
        look at the largest and its parse come beside the first one's records: 0.91x the wall
        time at 50,000, but 425 MB against 388 at 100,000, every run. Measured (2026-11-28, 2
        cores, medians of 5 interleaved processes): the two large sheets parsed side by side
        take 530-580 MB at 100,000 dossiers against 368 MB; the small ones parsed beside the
        largest's parse saved 3% of the wall time at 50,000 for a 468 MB peak (what a thread's
        parse frees stays in its own malloc arena); the second large sheet put last, parsed
        while the small ones are made into records, 413 MB. The small sheets each parsed while
        the sheet before is made into records: 387 MB against 372 one by one (1.15x the bare
        read), with the far-cell pass ahead 0.91x the wall time at 50,000.
        """
        wanted = sorted((name for name in SCHEMAS if name not in self.unread), key=self._size, reverse=True)
        self._large = frozenset(wanted[:2])
        return [*wanted, LISTS]

    def _no_dossiers_sheet(self) -> str:
        found = list(self.sheet_names.values())
        if not found:
            return f"{self.path.name} heeft geen werkbladen met gegevens."
        close = difflib.get_close_matches(
            normal_text(DOSSIERS), list(self.sheet_names), n=1, cutoff=0.6
        )
        # not one of eenplan's other sheets: the one sheet left is probably the dossiers' own
        known = {normal_text(n) for n in (*SCHEMAS, LISTS)} | self.claimed
        others = [title for key, title in self.sheet_names.items() if key not in known]
        meant = self.sheet_names[close[0]] if close else others[0] if len(others) == 1 else ""
        # the line for eenplan.toml first: renamed, the team's own formulas that name the sheet
        # would break
        hint = (
            f' Is "{meant}" het blad met de dossiers? Zet dan in eenplan.toml bij [bladen]: '
            f"{alias_line(DOSSIERS, meant)}, of geef het blad de naam Dossiers."
            if meant
            else " Zet in eenplan.toml bij [bladen] de regel "
            f"{alias_line(DOSSIERS, 'de naam van het blad met de dossiers')}, of geef dat blad de "
            "naam Dossiers."
        )
        shown = ", ".join(found[:8]) + (f" en nog {len(found) - 8}" if len(found) > 8 else "")
        return f"In {self.path.name} staat geen blad Dossiers; wel: {shown}.{hint}"

    def _rows(self, name: str) -> _Rows | None:
        actual = self.sheet_names.get(normal_text(name))
        if actual is None:
            return None
        self._looked_at(actual)
        parsing, self._parsing = self._parsing, None
        if parsing is not None and parsing[0] != name:
            concurrent.futures.wait([parsing[1]])
            parsing = None
        try:
            if parsing is None and self._parser is not None:  # see _parse_next: calamine's one thread
                parsing = (name, self._parser.submit(_parse, self.book, actual))
            merged, rows = parsing[1].result() if parsing is not None else _parse(self.book, actual)
        except (python_calamine.CalamineError, python_calamine.XmlError):
            if name == DOSSIERS:
                raise WorkbookUnreadable(
                    f"Het blad {actual} in {self.path.name} is beschadigd. Open de werkmap in "
                    "Excel en bewaar ze opnieuw, of neem een vorige versie."
                ) from None
            self.findings.append(Finding(
                name, None, "", "", "", codes.SHEET_UNREADABLE,
                f"Het blad {name} is beschadigd en werd overgeslagen. Open de werkmap in Excel "
                "en bewaar ze opnieuw.",
            ))
            self.damaged.add(name)
            self._parse_next(name)
            return _Rows()
        self._parse_next(name)
        unusable = self.formulas.cells(actual)
        moving = {at: cell for at, cell in unusable.items() if cell.kind is codes.MOVING_DATE}
        if moving:  # a date from TODAY() holds a value: what it is, only its column says
            self.moving[name] = moving
            unusable = {at: cell for at, cell in unusable.items() if at not in moving}
        if unusable or merged or moving:
            rows.read_all()
        if unusable:
            _put_unusable(rows, unusable)
        if merged:
            _fill_merged(rows, merged)
        return rows

    def _looked_at(self, title: str) -> None:
        """Wait for the far-cell pass before calamine allocates a sheet it has not looked at."""
        if self.ahead is not None and (self.ahead.first is None or self.ahead.first.sheet != title):
            reaches = self.ahead.refuse()
            self.formulas.formula_free = frozenset(r.part for r in reaches if not r.may_hold_formulas)
            self.ahead = None

    def _parse_next(self, name: str, *, released: bool = False) -> None:
        """Start parsing the sheet after ``name`` in a thread (python-calamine lets go of the GIL
        while it parses) while this thread makes ``name``'s records; not a sheet the watcher kept.

        The second large sheet only once ``name``'s rows are picked and calamine's cells of it
        let go (``released``): never the two large sheets' cells side by side, but the first's
        records made while the second is parsed. Every sheet is parsed on that one thread, even
        when nothing else runs beside it: what calamine frees stays in the thread's own malloc
        arena, and is found there by the next sheet. Measured (29/11, 2 cores, load ~1, 5
        interleaved processes against the code before): `check` at 50,000 dossiers 0.93x the wall
        time, 212 MB against 205; at 100,000 0.91x, 399 MB against 387; at 10,000 0.97x, 71 MB
        against 68. With the largest parsed on the main thread: 236 MB at 50,000 (every run of
        five), 389 at 100,000, 75 at 10,000."""
        following = self._next.get(name)
        if following is None or ({name, following} <= self._large) != released:
            return
        title = self.sheet_names.get(normal_text(following))
        if self._parser is None or title is None or (
                self.kept is not None and self.kept.get(following, title) is not None):
            return
        self._looked_at(title)
        self._parsing = (following, self._parser.submit(_parse, self.book, title))

    def _read_sheet(self, schema: SheetSchema) -> tuple[tuple, SheetLayout]:
        rows = self._rows(schema.name)
        near_title = self._near_sheet(schema.name) if rows is None else ""
        empty = SheetLayout(schema.name, 0, MappingProxyType({}), MappingProxyType({}),
                            MappingProxyType({c.field: self._header_of(schema.name, c)
                                              for c in schema.columns}),
                            near_title=near_title)
        if rows is None:
            meant = (f' Is "{near_title}" dat blad? Zet dan in eenplan.toml bij [bladen]: '
                     f"{alias_line(schema.name, near_title)}, of geef het blad de naam {schema.name}."
                     if near_title else
                     f" Heet het bij jullie anders, zet dan in eenplan.toml bij [bladen] de regel "
                     f"{alias_line(schema.name, 'de naam van jullie blad')}; anders voeg een blad "
                     f"{schema.name} toe met de juiste kolommen als het team het wil gebruiken.")
            self.findings.append(Finding(
                schema.name, None, "", "", "", codes.MISSING_SHEET,
                f"Het blad {schema.name} ontbreekt; eenplan leest het als leeg.{meant}",
            ))
            return (), empty
        if schema.name in self.damaged:  # not empty: unread (a job that needs it cannot judge)
            return (), dataclasses.replace(empty, damaged=True)
        if not rows:
            return (), dataclasses.replace(empty, blank=True)
        header_index, columns, near = self._header(schema, rows)
        if not columns:
            return (), dataclasses.replace(empty, headerless=True)
        moving = self.moving.pop(schema.name, None)
        if moving:
            _put_moving(rows, header_index, moving,
                        {index for column, index in columns.items() if column.kind is Kind.DATE})
        layout = SheetLayout(
            schema.name,
            header_index + 1,
            MappingProxyType({c.field: i for c, i in columns.items()}),
            MappingProxyType({c.field: _cell_text(rows[header_index][i]) for c, i in columns.items()}),
            MappingProxyType({c.field: self._header_of(schema.name, c)
                              for c in schema.columns if c not in columns}),
            MappingProxyType(near),
            mapped=self._mapped_missing(schema, columns),
        )
        return self._records(schema, rows, header_index, columns), layout

    def _near_sheet(self, name: str) -> str:
        """The name of a sheet eenplan does not know that is probably ``name`` ("Netwerk 2026")."""
        known = {normal_text(n) for n in (*SCHEMAS, LISTS)} | self.claimed
        others = [n for n in self.sheet_names if n not in known]
        close = difflib.get_close_matches(normal_text(name), others, n=1, cutoff=0.6)
        return self.sheet_names[close[0]] if close else ""

    def _header(
        self, schema: SheetSchema, rows: list[list]
    ) -> tuple[int, dict[Column, int], dict[str, str]]:
        """Find the header row and map each column of the schema to its position; and for a
        missing column, the header found that is probably it (field -> that header)."""
        wanted = self._wanted_headers(schema)
        best = _header_row(rows, wanted)
        header = rows[best]
        columns: dict[Column, int] = {}
        unknown: list[tuple[int, str]] = []
        for index, raw in enumerate(header):
            text = _cell_text(raw)
            if not text:
                continue
            column = wanted.get(normal_text(text))
            if column is None:
                if normal_text(text) not in self.own:
                    unknown.append((index, text))
            elif column in columns:
                self._sheet_finding(
                    schema.name, best + 1, text, index, codes.DUPLICATE_COLUMN,
                    f"De kolom {text} staat twee keer op het blad; eenplan leest de eerste "
                    f"(kolom {column_letter(columns[column])}). Verwijder of hernoem de andere.",
                )
            else:
                columns[column] = index
        missing = [c for c in schema.columns if c not in columns]
        lists = schema.name == LISTS
        if not columns and any(v != "" for row in rows[:HEADER_SEARCH_ROWS] for v in row) and not (
                lists and any(self._meant(schema.name, text, missing, ()) for _, text in unknown)):
            # a header row deleted or typed over: one sentence, not a finding for each column
            # and an "unknown column" for each cell of the first row (on Lijsten, where every
            # header can be a slip, "Gemeente" for Gemeenten, each is said with the one meant)
            examples = and_list([self._header_of(schema.name, c)
                                 for c in [c for c in schema.columns if not c.quiet][:3]])
            self.findings.append(Finding(
                schema.name, None, "", "", "", codes.NO_LIST_HEADER if lists else codes.NO_HEADER,
                f"Op het blad {schema.name} staat geen kopregel die eenplan kent (zoals {examples}), "
                + ("dus eenplan kan de keuzes niet nakijken: zet de namen van de lijsten in de rij "
                   "boven de waarden, of noem hun kop bij [kolommen.Lijsten] in eenplan.toml." if lists else
                   "dus eenplan leest het blad als leeg: zet de koppen terug in de rij boven de "
                   "gegevens."),
            ))
            return best, columns, {}
        near: dict[str, str] = {}
        near_at: dict[str, int] = {}
        mapped = [c for c in missing if self._mapped(schema.name, c)]
        for index, text in unknown:
            sample = [row[index] for row in rows[best + 1:] if index < len(row)]
            column = self._meant(schema.name, text, missing, sample)
            if column is not None and column in mapped:  # the line in eenplan.toml is wrong,
                if column.field not in near:  # not the header: said with the line, below
                    near[column.field], near_at[column.field] = text, index
                    continue
                column = None
            if column is not None:
                meant = self._header_of(schema.name, column)
                near.setdefault(column.field, text)
                # the line in eenplan.toml first: renamed, the team's own formulas that name
                # the header would break
                message = (f"De kolom {text} kent eenplan niet. Is het de kolom {meant}? Zet dan "
                           f"in eenplan.toml bij [kolommen.{schema.name}]: "
                           f"{alias_line(column.header, text)}, of geef de kolom in de werkmap "
                           f"de kop {meant}.")
            else:
                offered = self._maybe(schema.name, text, missing, sample)
                if offered and offered[0].header in _synonym_of(text):
                    near.setdefault(offered[0].field, text)
                message = (f"De kolom {text} kent eenplan niet en slaat ze over. "
                           + _mapping_offer(schema.name, text, offered)
                           + ("Is het een eigen kolom" if offered else "Hoort ze bij het team")
                           + ", zet ze dan bij [kolommen] eigen in eenplan.toml.")
            self._sheet_finding(schema.name, best + 1, text, index, codes.UNKNOWN_COLUMN, message)
        for column in (c for c in mapped if c.required or not c.quiet):
            found = near.get(column.field, "")
            at = near_at.get(column.field)
            self.findings.append(Finding(
                schema.name, best + 1, self._header_of(schema.name, column),
                f"{column_letter(at)}{best + 1}" if at is not None else "", found,
                codes.ALIAS_NOT_FOUND if column.required else codes.ALIAS_NOT_FOUND_WARNING,
                mapped_column_sentence(schema.name, column.header, self._header_of(schema.name, column),
                                       found, "dus eenplan " + ("kan dit blad niet goed nakijken"
                                                                if column.required else
                                                                "leest die kolom als leeg")),
            ))
        for column in (c for c in missing if c.required and c not in mapped):
            shown = self._header_of(schema.name, column)
            self.findings.append(Finding(
                schema.name, best + 1, shown, "", "", codes.MISSING_COLUMN,
                _missing_column(schema.name, column.header, near.get(column.field, "")),
            ))
        optional = [self._header_of(schema.name, c) for c in missing
                    if not c.required and not c.quiet and c not in mapped]
        if optional:
            if lists:  # no list, nothing to hold a Gemeente or a Begeleider against
                names = and_list(optional)
                verb = "ontbreekt" if len(optional) == 1 else "ontbreken"
                one = len(optional) == 1
                message = (f"{names} {verb} op het blad Lijsten, dus eenplan kan die keuzes niet "
                           f"nakijken: voeg {'de kolom' if one else 'de kolommen'} toe, of noem "
                           f"{'haar' if one else 'hun'} kop bij [kolommen.Lijsten] in eenplan.toml.")
                self.findings.append(Finding(
                    schema.name, best + 1, names, "", "", codes.MISSING_OPTIONAL_COLUMN, message))
            else:
                self.findings.append(columns_read_as_empty(schema.name, best + 1, optional))
        return best, columns, near

    def _meant(self, sheet: str, text: str, missing: Sequence[Column],
               sample: Sequence[object]) -> Column | None:
        """The missing column a header eenplan does not know probably is ("Datum aanmeldng",
        "Dossiernr."); for one whose header eenplan.toml names, also eenplan's own header for
        it. Only a column that may hold what ``sample`` (the column's first cells) holds."""
        headers = [(c.header, c) for c in missing if self._mapped(sheet, c)]
        headers += [(self._header_of(sheet, c), c) for c in missing]
        scored = [(likeness.likeness(text, header), -i, c) for i, (header, c) in enumerate(headers)
                  if _fits(c, text, sample)]
        best = max(scored, key=operator.itemgetter(0, 1), default=None)
        return best[2] if best is not None and best[0] >= MEANT else None

    def _maybe(self, sheet: str, text: str, missing: Sequence[Column],
               sample: Sequence[object]) -> list[Column]:
        """The columns a sheet lacks that a header eenplan does not know may be under another
        name ("Sterktes" for Krachten): the one it is a known word for (``SYNONYMS``), else the
        sheet's missing columns that are not new and rarely kept (not ``quiet``) whose header,
        or a known other word for it, is alike enough (``OFFER``), the most alike first, at
        most ``OFFERED``; only columns that may hold what ``sample`` holds, and none for a
        column of national register numbers. Only columns eenplan would read from their own
        header (one the team named under [kolommen] already is said as it is)."""
        own = [c for c in missing if c.header not in self.aliases.get(sheet, {})
               and _fits(c, text, sample)]
        known = [c for c in own if c.header in _synonym_of(text)]
        if known:
            return known[:1]
        scored = [(max(likeness.likeness(text, name) for name in (c.header, *SYNONYMS.get(c.header, ()))),
                   -i, c) for i, c in enumerate(own) if not c.quiet]
        ranked = sorted((s for s in scored if s[0] >= OFFER), key=operator.itemgetter(0, 1), reverse=True)
        return [c for _, _, c in ranked[:OFFERED]]

    def _mapped_missing(self, schema: SheetSchema, columns: Mapping[Column, int]) -> Mapping[str, str]:
        """field -> eenplan's header, for each missing column whose header eenplan.toml names."""
        return MappingProxyType({c.field: c.header for c in schema.columns
                                 if c not in columns and self._mapped(schema.name, c)})

    def _mapped(self, sheet: str, column: Column) -> bool:
        """Whether eenplan.toml names the team's header for ``column`` ([kolommen.SHEET])."""
        return column.header in self.aliases.get(sheet, {})

    def _header_of(self, sheet: str, column: Column) -> str:
        return self.aliases.get(sheet, {}).get(column.header, column.header)

    def _wanted_headers(self, schema: SheetSchema) -> dict[str, Column]:
        return {normal_text(self._header_of(schema.name, c)): c for c in schema.columns}

    def _sheet_finding(
        self, sheet: str, row: int, text: str, index: int, kind: Code, message: str
    ) -> None:
        cell = f"{column_letter(index)}{row}"
        self.findings.append(Finding(sheet, row, text, cell, text, kind, message))

    def _records(
        self, schema: SheetSchema, rows: _Rows, header_index: int, columns: dict[Column, int]
    ) -> tuple:
        """Turn each non-blank row into a record.

        This meets every cell of the workbook, so it works column by column: one comprehension
        takes the common cells (plain text, real dates, well-formed addresses) as they are, and
        only the others go one by one through the column's converter. It lets go of each step's
        rows as soon as the next step has them (``rows`` is emptied past the header), so the
        sheet is not held three times over while its records are made.
        """
        plan = [(position, column, columns[column])
                for position, column in enumerate(schema.columns) if column in columns]
        if not plan:
            return ()
        width = len(plan)
        pick = operator.itemgetter(*(index for _, _, index in plan))
        first = header_index + 1
        body = itertools.chain(rows[first:], rows.rest)  # each row let go of once picked
        if width == 1:
            picked = [(cell,) for cell in map(pick, body)]
        else:
            picked = list(map(pick, body))
        del rows[first:], body  # the cells eenplan reads are in ``picked`` now
        rows.rest = iter(())
        self._parse_next(schema.name, released=True)  # calamine's cells let go
        # A row counts when a cell holds something; the first cell (the dossier number) almost
        # always holds text, and then the other cells need no look at all.
        numbers = [
            number for number, cells_picked in enumerate(picked, start=first + 1)
            if ((first_cell := cells_picked[0]).__class__ is str and first_cell.strip())
            or (cells_picked.count("") != width
                and (first_cell.__class__ is not str or not _only_spaces(cells_picked)))
        ]
        totals = self._totals_rows(schema.name)
        if totals:  # an Excel table's totals row ("Totaal", SUBTOTAL): no dossier, no row to check
            numbers = [number for number in numbers if number not in totals]
        # one the team made itself: "Totaal" and =COUNTA(B2:B80) under the rows (said, once)
        home = {number: at for number in numbers
                if (at := _totals_word_at(picked[number - first - 1])) is not None}
        if home:
            numbers = [number for number in numbers if number not in home]
            at = next(iter(home.values()))
            self._said_totals(schema.name, list(home), [picked[n - first - 1][i] for n, i in home.items()],
                              plan[at][1], plan[at][2])
        kept = picked if len(numbers) == len(picked) else [picked[number - first - 1] for number in numbers]
        del picked
        kept_numbers = numbers
        if not kept:
            return ()
        found: list[Finding] = []
        unusable: list[tuple[int, str]] = []  # (index in found, field) of cells not usable
        value_columns: list = [
            itertools.repeat(None if c.kind in _NONE_WHEN_EMPTY else "") for c in schema.columns
        ]
        for (position, column, index), raw_column in zip(plan, zip(*kept, strict=True), strict=True):
            value_columns[position] = self._column_values(
                schema.name, column, index, raw_column, kept_numbers, found, unusable)
        del kept, raw_column  # now in value_columns
        records = tuple(map(RECORD_TYPES[schema.name], kept_numbers, *value_columns))
        if found:
            first_values = value_columns[0] if plan[0][0] == 0 else None
            by_row = dict(zip(kept_numbers, first_values, strict=True)) if first_values else {}
            found = [dataclasses.replace(f, dossier=by_row.get(f.row, "") if f.row is not None else "")
                     for f in found]
            self.findings.extend(found)
            for at, field in unusable:
                finding = found[at]
                assert finding.row is not None
                self.unreadable[(schema.name, finding.row, field)] = finding
        return records

    def _column_values(
        self, sheet: str, column: Column, index: int, raw: tuple, numbers: list[int],
        found: list[Finding], unusable: list[tuple[int, str]],
    ) -> list:
        """The column's values; each odd cell's finding goes to ``found``, and where the cell
        held something eenplan could not use (its value is None), to ``unusable`` too."""
        kind = column.kind
        values: list[Any]
        odd: Sequence[int]
        if kind in _PLAIN_TEXT and set(map(type, raw)) == {str}:
            values = _shared(list(map(str.strip, raw)))  # a column of text: the common case
            if not column.required or "" not in values:
                return values
            odd = [i for i, v in enumerate(values) if not v]
        elif kind in _PLAIN_TEXT:
            values = [v.strip() if v.__class__ is str else v for v in raw]
            odd = [i for i, v in enumerate(values) if v.__class__ is not str or not v]
        elif kind is Kind.DATE:
            day = datetime.date
            plain = _plain_dates(raw, column.required)
            if plain is not None:
                return plain
            values = _shared([v if v.__class__ is day else None for v in raw])
            if column.required:
                odd = [i for i, v in enumerate(raw) if v.__class__ is not day]
            else:
                odd = [i for i, v in enumerate(raw) if v.__class__ is not day and v != ""]
        elif kind is Kind.YES_NO:
            values = list(map(_YES_NO.get, raw))
            odd = [i for i, v in enumerate(values) if v is None] if None in values else ()
        elif kind is Kind.EMAIL:
            match = cells.EMAIL.fullmatch
            values = list(raw)
            if set(map(type, values)) == {str} and all(map(match, values)):
                return values  # every cell a well-formed address: tested in C's loop
            odd = [i for i, v in enumerate(values) if v.__class__ is not str or not match(v)]
        else:
            values = list(raw)
            odd = range(len(values))
        if not odd:
            return values
        empty = None if kind in _NONE_WHEN_EMPTY else ""
        convert = cells.converter(column, date1904=self._date1904)
        header = self._header_of(sheet, column)
        letter = column_letter(index)
        Issue = cells.Issue
        for i in odd:
            cell = raw[i]
            if cell.__class__ is cells.Unusable:
                found.append(Finding(
                    sheet, numbers[i], header, f"{letter}{numbers[i]}", cell.shown, cell.kind,
                    cell.message,
                ))
                unusable.append((len(found) - 1, column.field))
                values[i] = empty
                continue
            if cell == "" or (cell.__class__ is str and not cell.strip()):
                values[i] = empty
                if column.required:
                    found.append(Finding(
                        sheet, numbers[i], header, f"{letter}{numbers[i]}", "", codes.REQUIRED,
                        f"{header} is leeg: vul het in.",
                    ))
                continue
            value = convert(cell)
            if value.__class__ is Issue:
                found.append(Finding(
                    sheet, numbers[i], header, f"{letter}{numbers[i]}", cells.display(cell),
                    value.kind, value.message,
                ))
                if value.value is None:
                    unusable.append((len(found) - 1, column.field))
                value = value.value if value.value is not None else empty
            values[i] = value
        return values

    def _said_totals(self, sheet: str, rows: Sequence[int], words: Sequence[str], column: Column,
                     index: int) -> None:
        """One finding (``totals-row``, for the team's information) for the totals rows of a
        sheet: their Excel ``rows``, their ``words``, and the first one's column and its index."""
        what = _TOTALS_OF[sheet]
        shown = and_list(list(dict.fromkeys(" ".join(w.split()) for w in words)))
        if len(rows) == 1:
            said = f"Rij {rows[0]} ({shown}) is een totaalrij: eenplan telt ze"
        else:
            more = f" en nog {len(rows) - 10}" if len(rows) > 10 else ""
            said = (f"De rijen {and_list([str(n) for n in rows[:10]])}{more} ({shown}) zijn "
                    "totaalrijen: eenplan telt ze")
        self.findings.append(Finding(
            sheet, rows[0], self._header_of(sheet, column), f"{column_letter(index)}{rows[0]}",
            " ".join(words[0].split()), codes.TOTALS_ROW,
            f"{said} niet als {what} en kijkt ze niet na; hoort er toch een {what} op, vul dan de "
            "andere kolommen in.",
        ))

    def _totals_rows(self, name: str) -> frozenset[int]:
        """The Excel rows of the totals rows of the Excel tables on eenplan's sheet ``name``."""
        if self._totals is None:
            self._totals = _tables_totals_rows(self.path)
        title = self.sheet_names.get(normal_text(name))
        return self._totals.get(title, frozenset()) if title is not None else frozenset()

    def _date1904(self) -> bool:
        """Whether the workbook counts days from 1904 (old Mac Excel); only asked for serials."""
        if self._is_1904 is None:
            self._is_1904 = _reads_1904(self.path)
        return self._is_1904

    def _read_lists(self) -> tuple[dict[str, tuple[str, ...]], tuple[StaffContact, ...],
                                   SheetLayout | None]:
        """The lists on Lijsten, and each begeleider's phone and e-mail where the team keeps them
        (the optional columns beside Begeleiders, on the begeleider's row); and where its columns
        are. Its headers are looked at as any sheet's (``_header``): a list whose header is
        misspelt would hold no values, and every value of its column would go unchecked."""
        rows = self._rows(LISTS)
        if rows is None:
            self.findings.append(Finding(
                LISTS, None, "", "", "", codes.MISSING_SHEET,
                "Het blad Lijsten ontbreekt, dus eenplan kan keuzes (gemeenten, begeleiders, ...) "
                "niet nakijken: heet het bij jullie anders, zet dan in eenplan.toml bij [bladen] "
                f"de regel {alias_line(LISTS, 'de naam van jullie blad')}; anders voeg een blad "
                "Lijsten toe met één kolom per lijst.",
            ))
            return {}, (), None
        rows.read_all()
        lists: dict[str, tuple[str, ...]] = {}
        if not rows:
            return lists, (), None
        best, columns, near = self._header(LISTS_SCHEMA, rows)
        where = {column.field: index for column, index in columns.items()}
        for name, index in where.items():
            if name not in LIST_NAMES:
                continue
            seen: dict[str, str] = {}
            for row in rows[best + 1:]:
                value = _cell_text(row[index])
                if value and value.casefold() not in seen:
                    seen[value.casefold()] = value
            lists[name] = tuple(seen.values())
        layout = SheetLayout(
            LISTS, best + 1,
            MappingProxyType(where),
            MappingProxyType({c.field: _cell_text(rows[best][i]) for c, i in columns.items()}),
            MappingProxyType({c.field: self._header_of(LISTS, c)
                              for c in LISTS_SCHEMA.columns if c not in columns}),
            MappingProxyType(near),
            mapped=self._mapped_missing(LISTS_SCHEMA, columns),
        )
        return lists, _staff(rows, best, where), layout


def _synonym_of(text: str) -> set[str]:
    """eenplan's headers ``text`` is another word for ("Sterktes": Krachten)."""
    header = _SYNONYMS.get(normal_text(text))
    return {header} if header is not None else set()


def _fits(column: Column, text: str, sample: Sequence[object]) -> bool:
    """Whether a column headed ``text`` whose first cells are ``sample`` may be offered as
    ``column``: never one of national register numbers (pasted as Krachten, the number would
    stand in the gezinsplan); a date field only for a column of dates, no other for one."""
    if likeness.names_an_identity_number(text) or likeness.holds_identity_numbers(sample):
        return False
    dates = likeness.holds_dates(sample)
    return dates is not False if column.kind is Kind.DATE else dates is not True


def _missing_column(sheet: str, ours: str, found: str) -> str:
    """The sentence for a column the sheet must have and lacks: the line for eenplan.toml that
    reads it from the team's header (``found``, the one that is probably it), else from the
    header the team gives it; adding or renaming the column comes second."""
    if found:
        return (f'De kolom {ours} ontbreekt op het blad {sheet} (wel gevonden: "{found}"), dus '
                f"eenplan kan dit blad niet goed nakijken: is {found} die kolom, zet dan in "
                f"eenplan.toml bij [kolommen.{sheet}]: {alias_line(ours, found)}, of geef de kolom "
                f"in de werkmap de kop {ours}.")
    return (f"De kolom {ours} ontbreekt op het blad {sheet}, dus eenplan kan dit blad niet goed "
            f"nakijken: heet ze bij jullie anders, zet dan in eenplan.toml bij [kolommen.{sheet}] "
            f"de regel {alias_line(ours, 'de kop van jullie kolom')}; anders voeg de kolom toe met "
            f"de kop {ours}.")


def _mapping_offer(sheet: str, text: str, offered: Sequence[Column]) -> str:
    """The sentence that offers a header eenplan does not know as one of the sheet's missing
    columns, with the line of eenplan.toml that reads it so ("" when none is missing)."""
    if not offered:
        return ""
    line = alias_line(offered[0].header, text)
    if len(offered) == 1:
        return (f"Is {text} de kolom {offered[0].header}? Zet dan in eenplan.toml bij "
                f"[kolommen.{sheet}]: {line}. ")
    names = " of ".join((", ".join(c.header for c in offered[:-1]), offered[-1].header))
    return (f"Is {text} een van de kolommen die hier ontbreken ({names})? Zet dan in eenplan.toml "
            f"bij [kolommen.{sheet}] de regel voor die kolom, zoals {line}. ")


def _staff(rows: list[list], best: int, where: Mapping[str, int]) -> tuple[StaffContact, ...]:
    names = where.get(BEGELEIDERS)
    phones, emails = where.get(BEGELEIDER_PHONE), where.get(BEGELEIDER_EMAIL)
    if names is None or (phones is None and emails is None):
        return ()
    staff = []
    for offset, row in enumerate(rows[best + 1:]):
        name = _cell_text(row[names])
        if name:
            staff.append(StaffContact(
                best + 2 + offset, name,
                _cell_text(row[phones]) if phones is not None else "",
                _cell_text(row[emails]) if emails is not None else "",
            ))
    return tuple(staff)


def _first_rows(book: python_calamine.CalamineWorkbook, title: str) -> list[list[Any]]:
    """The first rows of a sheet that is none of eenplan's, as Python lists: enough to find a
    header below a title (calamine parses the sheet all the same; the rest is never made Python)."""
    sheet = book.get_sheet_by_name(title)
    if sheet.start is None:  # nothing on the sheet
        return []
    return list(itertools.islice(sheet.iter_rows(), HEADER_SEARCH_ROWS))


def _parse(book: python_calamine.CalamineWorkbook, title: str) -> tuple[Any, _Rows]:
    """One sheet parsed by calamine: its merged cells and its rows (see _Rows)."""
    sheet = book.get_sheet_by_name(title)
    merged = sheet.merged_cell_ranges
    rows = _Rows.of(sheet)
    del sheet  # the rows not read yet hold calamine's cells; they go as they are read
    return merged, rows


class _Rows(list[list[Any]]):
    """A sheet's first rows (enough to find the header) as Python lists, and the rest still in
    calamine's cells, made into Python rows only as they are read (``rest``): at 100,000
    dossiers, a sheet's rows all in Python at once are more memory than its records."""

    rest: Iterator[list[Any]] = iter(())

    @classmethod
    def of(cls, sheet: python_calamine.CalamineSheet) -> _Rows:
        """The rows as ``to_python(skip_empty_area=False)`` gives them: from cell A1."""
        start = sheet.start
        if start is None:  # nothing on the sheet
            return cls()
        if start[1]:  # column A is empty: calamine's rows would begin further right
            return cls(sheet.to_python(skip_empty_area=False))
        rest = sheet.iter_rows()  # the empty rows above its first value come too
        rows = cls(itertools.islice(rest, HEADER_SEARCH_ROWS))
        rows.rest = rest
        return rows

    def read_all(self) -> None:
        self.extend(self.rest)
        self.rest = iter(())


_NONE_WHEN_EMPTY = {Kind.DATE, Kind.WHOLE, Kind.YES_NO, Kind.TIME}
_YES_NO = {"ja": True, "Ja": True, "JA": True, "nee": False, "Nee": False, "NEE": False,
           True: True, False: False}
# kinds whose plain string cell is taken as it is, stripped (unless it looks like "#N/A")
_PLAIN_TEXT = {Kind.TEXT, Kind.KEY}


_SAMPLE = 512


def _shared(values: list) -> list:
    """The values, each one that repeats as one object: calamine makes an object of every
    cell, and a column that names a municipality, a begeleider or a day holds the same few
    thousand times over (at 100,000 dossiers that is a quarter of the records' memory). A column
    of values that differ (names, addresses) is left as it is, after a look at its first ones."""
    if not _repeats(values):
        return values
    one: dict = {}
    return list(map(one.setdefault, values, values))  # one look-up a value, in C


def _repeats(values: Sequence) -> bool:
    """Whether a column's values repeat enough to share, after a look at its first ones."""
    sample = values[:_SAMPLE]
    return len(set(sample)) * 4 <= len(sample)


def _plain_dates(raw: tuple, required: bool) -> list | None:
    """A date column's values when every cell is a real date, or (``required`` false) empty:
    each "" made None in C, with no cell to look at one by one; None for any other column."""
    kinds = set(map(type, raw))
    if not kinds <= {datetime.date, str}:
        return None
    if str in kinds and (required or operator.countOf(map(type, raw), str) != raw.count("")):
        return None
    one: dict = {"": None}
    if not _repeats(raw):  # dates that differ: nothing to share, as in _shared
        return list(map(one.get, raw, raw))
    return list(map(one.setdefault, raw, raw))


def _only_spaces(cells_picked: tuple) -> bool:
    return all(v == "" or (v.__class__ is str and not v.strip()) for v in cells_picked)


def _cell_text(raw: object) -> str:
    return " ".join(cells.display(raw).split()) if raw != "" else ""


# what a row of each sheet is, for the finding that says a totals row is none
_TOTALS_OF = {"Dossiers": "dossier", "Netwerk": "netwerklid", "Pauzes": "pauze",
              "Rondetafels": "rondetafel", "Afspraken": "afspraak"}
# how the word of a totals row may begin (cells.totals_word): a dossier number begins otherwise
_TOTALS_INITIALS = frozenset("tTsSaAgGcCeE \t\n\xa0")
# the first day of Excel's dates: a count (=COUNT(F2:F80)) in a column formatted as dates
_COUNT_AS_DATE = datetime.date(1901, 1, 1)


def _totals_word_at(row: tuple) -> int | None:
    """Where the word of a totals row the team made itself is among a row's cells read ("Totaal",
    "Aantal:"), when the row holds nothing else than that word and numbers (or formulas eenplan
    cannot use): no dossier's data. None for any other row; most are told by their first cell,
    text that is no such word (a dossier's number)."""
    first = row[0]
    if first.__class__ is str and first and first[0] not in _TOTALS_INITIALS:
        return None
    word = None
    for position, cell in enumerate(row):
        kind = cell.__class__
        if kind is str:
            if not cell.strip():
                continue
            if word is not None or not cells.totals_word(cell):
                return None
            word = position
        elif kind is float or kind is int or kind is cells.Unusable:
            continue
        elif isinstance(cell, datetime.date) and (cell.date() if isinstance(cell, datetime.datetime)
                                                  else cell) < _COUNT_AS_DATE:
            continue
        else:
            return None
    return word


def _tables_totals_rows(path: Path) -> dict[str, frozenset[int]]:
    """Sheet title -> the Excel rows of the totals rows of its Excel tables (Invoegen > Tabel,
    with Totaalrij on): a row of "Totaal" and SUBTOTAL formulas under the data. A workbook
    without tables (most) pays a look at the zip's list of parts."""
    try:
        with zipfile.ZipFile(path) as archive:
            if not any(name.startswith("xl/tables/") for name in archive.namelist()):
                return {}
            found = {}
            for title, part in extent.sheet_parts(archive, archive.read("xl/workbook.xml")):
                rows = _totals_rows_of(archive, part)
                if rows:
                    found[title] = rows
            return found
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError):
        return {}  # calamine read the workbook; its tables, eenplan cannot tell


def _totals_rows_of(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    folder, name = posixpath.split(part)
    try:
        relations = archive.read(f"{folder}/_rels/{name}.rels")
    except KeyError:
        return frozenset()
    rows: set[int] = set()
    for element in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", relations):
        target = re.search(rb'\bTarget="([^"]*)"', element)
        if target is None or not re.search(rb'\bType="[^"]*/table"', element):
            continue
        where = html.unescape(target.group(1).decode("utf-8"))
        table = (where.lstrip("/") if where.startswith("/")
                 else posixpath.normpath(posixpath.join(folder, where)))
        try:
            head = re.search(rb"<(?:\w+:)?table\b[^>]*>", archive.read(table))
        except KeyError:
            continue
        count = re.search(rb'\btotalsRowCount="(\d+)"', head.group(0)) if head else None
        ref = re.search(rb'\bref="\$?[A-Za-z]+\$?\d+:\$?[A-Za-z]+\$?(\d+)"', head.group(0)) if head else None
        if count is not None and ref is not None and int(count.group(1)) > 0:
            last = int(ref.group(1))
            rows.update(range(last - int(count.group(1)) + 1, last + 1))
    return frozenset(rows)


def _reads_1904(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            head = archive.read("xl/workbook.xml")[:4096]
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return re.search(rb'date1904="(1|true)"', head) is not None


class _Formulas:
    """Where python-calamine's "" is no empty cell: a formula without a computed value, or a
    formula error (calamine gives "" for both); and where its value is no date to count on, a
    formula with TODAY() or NOW(). Found in the sheet's XML, only where it may be.

    A workbook Excel saved without a calcChain.xml holds no formulas, and pays nothing; with
    one, the sheets it names are parsed. Any other (openpyxl, LibreOffice) has each sheet's XML
    inflated through a bytes test for a formula tag (an error value comes from a formula; an
    error typed as a constant, with no formula, is not looked for there); only a sheet that has
    one is parsed, and then only around those cells. The test costs about 5% of `check` on
    such a workbook of 50,000 dossiers. Whether a formula calls TODAY() is a bytes test on its
    text, in that same pass: measured (29/11), 197 -> 219 ms for a sheet of 50,000 formulas
    (0.4 us a formula; a whole-sheet search would cost ~1 ms a MB of XML, formulas or not); a
    sheet without formulas pays nothing (the benchmark's: `check` 0.99x CPU at 10,000 and
    50,000 dossiers, interleaved pairs against main).
    """

    def __init__(self, path: Path, formula_free: Collection[str] = frozenset()) -> None:
        self.path = path
        self.formula_free = formula_free  # parts known to hold no formula: nothing to look for
        self._parts: dict[str, tuple[str, bool]] | None = None  # see _formula_parts

    def cells(self, title: str) -> dict[tuple[int, int], cells.Unusable]:
        """The unusable cells of a sheet: (0-based row, 0-based column) -> what they hold."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                if self._parts is None:
                    self._parts = _formula_parts(archive)
                part, sure = self._parts.get(title, ("", False))
                if not part or not (sure or (part not in self.formula_free
                                             and _may_hold_formulas(archive, part))):
                    return {}
                return _unusable_cells(archive.read(part))
        except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, EOFError):
            return {}  # calamine read it; what it holds beyond that, eenplan cannot tell


def _formula_parts(archive: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """Sheet title -> (its XML part, whether it surely holds formulas), for the sheets that may.

    Excel keeps a calculation chain (xl/calcChain.xml) naming every formula's sheet: a
    workbook Excel saved without one has no formulas, and one with it names the sheets to
    parse. Other programs (openpyxl, LibreOffice) keep none, so their sheets are each tested.
    """
    workbook = archive.read("xl/workbook.xml")
    names = set(archive.namelist())
    by_excel = extent.saved_by_excel(workbook)
    chain = archive.read("xl/calcChain.xml") if "xl/calcChain.xml" in names else None
    if by_excel and chain is None:
        return {}
    targets = {}
    for element in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>",
                              archive.read("xl/_rels/workbook.xml.rels")):
        ident = re.search(rb'\bId="([^"]*)"', element)
        target = re.search(rb'\bTarget="([^"]*)"', element)
        if ident and target:
            path = html.unescape(target.group(1).decode("utf-8"))
            path = path.lstrip("/") if path.startswith("/") else posixpath.normpath("xl/" + path)
            targets[ident.group(1)] = path
    with_formulas = set(re.findall(rb'\si="(\d+)"', chain)) if chain is not None else set()
    parts = {}
    for element in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(rb'\bname="([^"]*)"', element)
        ident = re.search(rb'\s\w+:id="([^"]*)"', element)
        number = re.search(rb'\ssheetId="(\d+)"', element)
        if not (name and ident and ident.group(1) in targets):
            continue
        sure = bool(number and number.group(1) in with_formulas)
        if by_excel and with_formulas and not sure:
            continue  # Excel's chain names the sheets with formulas, and this is none of them
        parts[html.unescape(name.group(1).decode("utf-8"))] = (targets[ident.group(1)], sure)
    return parts


_CHUNK = 1 << 16


def _may_hold_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the part holds a formula or an error value. Inflated in chunks straight from the
    file (the bytes test needs no checksum: calamine read the same part), stopping at the first."""
    info = archive.getinfo(part)
    if info.compress_type != zipfile.ZIP_DEFLATED or archive.fp is None:
        return extent.FORMULA_TAG.search(archive.read(part)) is not None
    handle = archive.fp
    handle.seek(info.header_offset)
    header = handle.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(part)
    handle.seek(info.header_offset + 30 + int.from_bytes(header[26:28], "little")
                + int.from_bytes(header[28:30], "little"))
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    left, tail = info.compress_size, b""
    while left > 0:
        raw = handle.read(min(_CHUNK, left))
        if not raw:
            break
        left -= len(raw)
        block = tail + inflate.decompress(raw)
        if extent.FORMULA_TAG.search(block):  # an error value comes from a formula
            return True
        tail = block[-8:]
    return False


_CELL_SIGN = re.compile(rb'<f[ >/]|\st="e"')
_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_TYPE = re.compile(rb'\st="(\w+)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT_RESULTS = (b"str", b"s", b"inlineStr")  # a formula whose result is text: "" is a value


_SHARED_INDEX = re.compile(rb"\bsi=\"(\d+)\"")
_MOVING_CALLS = (b"TODAY(", b"NOW(")  # as the file holds them: English names, in capitals


def _unusable_cells(xml: bytes) -> dict[tuple[int, int], cells.Unusable]:
    """The sheet's formula cells eenplan cannot use: without a computed value, a formula error,
    or (``cells.moving_date``) one that calls TODAY() or NOW(), whose value moves every day.
    Each formula is given a bytes test for those two first: most call neither."""
    found: dict[tuple[int, int], cells.Unusable] = {}
    # a formula filled down is written once, in its first cell, the others naming it by its
    # index (si), after it: those of one that calls TODAY(), index -> the formula
    shared: dict[bytes, str] = {}
    done = -1
    for sign in _CELL_SIGN.finditer(xml):
        start = xml.rfind(b"<c ", 0, sign.start())
        if start <= done or start < 0:
            continue
        end = xml.find(b"</c>", sign.start())
        if end < 0:
            break
        done = start
        cell = xml[start:end]
        tag = cell[: cell.find(b">") + 1]
        ref = _REF.search(tag)
        if ref is None:
            continue
        kind = _TYPE.search(tag)
        formula_match = _FORMULA.search(cell)
        value_match = _VALUE.search(cell)
        written: bytes = (formula_match.group(1) if formula_match else None) or b""
        formula = _xml_text(written) if written else ""
        value = _xml_text(value_match.group(1)) if value_match else ""
        moving = (_MOVING_CALLS[0] in written or _MOVING_CALLS[1] in written) and cells.moves_daily(formula)
        if moving and formula_match is not None and b"shared" in formula_match.group(0):
            index = _SHARED_INDEX.search(formula_match.group(0))
            if index is not None:
                shared[index.group(1)] = formula
        if kind is not None and kind.group(1) == b"e":
            problem = cells.formula_error(value, formula)
        elif formula_match is not None and not value and (
                kind is None or kind.group(1) not in _TEXT_RESULTS):
            problem = cells.formula_without_value(formula)
        elif moving:
            problem = cells.moving_date(formula)
        elif shared and formula_match is not None and not written:  # a cell of one filled down
            formula = _shared_moving(formula_match.group(0), shared)
            if not formula:
                continue
            problem = cells.moving_date(formula)
        else:
            continue
        found[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = problem
    return found


def _shared_moving(tag: bytes, shared: Mapping[bytes, str]) -> str:
    """The formula a cell of a shared formula takes from its first cell, when it moves daily."""
    index = _SHARED_INDEX.search(tag)
    return shared.get(index.group(1), "") if index is not None else ""


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace")).strip()


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _put_unusable(rows: list[list], unusable: Mapping[tuple[int, int], cells.Unusable]) -> None:
    """Put each unusable cell where calamine left "" (growing the rows when it is past the last
    one calamine saw; a column past the last is one without a header, and not read)."""
    width = len(rows[0]) if rows else 0
    for (row, column), problem in unusable.items():
        if column >= width:
            continue
        while row >= len(rows):
            rows.append([""] * width)
        if rows[row][column] == "":
            rows[row][column] = problem


def _put_moving(rows: list[list], header: int, moving: Mapping[tuple[int, int], cells.Unusable],
                dates: Collection[int]) -> None:
    """Put each cell whose formula calls TODAY() in its place, in a date column under the header:
    its value (the day the workbook was last calculated) is no day anything happened or is due.
    Elsewhere ("Bijgewerkt op" in a column of the team's own) it is the team's business."""
    for (row, column), problem in moving.items():
        if row > header and column in dates and row < len(rows) and column < len(rows[row]):
            rows[row][column] = problem


def _worksheet_names(book: python_calamine.CalamineWorkbook) -> list[str]:
    """The sheets that can hold data (chart sheets and macro sheets cannot)."""
    return [
        m.name for m in book.sheets_metadata
        if m.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def _fill_merged(rows: list[list], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Give every cell of a merged range the top-left cell's value, as a person sees it."""
    height = len(rows)
    for (top, left), (bottom, right) in merged:
        if top >= height or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, height - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value


def _header_row(rows: list[list], wanted: Collection[str]) -> int:
    """The row among the first ones that holds the most of the ``wanted`` (normalised) headers;
    the first row when none does."""
    best, best_score = 0, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for v in row if v.__class__ is str and normal_text(v) in wanted)
        if score > best_score:
            best, best_score = index, score
    return best
