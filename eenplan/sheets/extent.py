"""How far each sheet's cells reach, read from the .xlsx zip before a library allocates it.

python-calamine makes one rectangle from A1 to the last cell that holds a value, 32 bytes a
cell, and the process aborts (it cannot be caught) when that does not fit in memory: one value
typed at XFD1048576 asks for 512 GB, one at A1048576 of a 26-column sheet for 880 MB. So the
reader looks first, cheaply: each sheet's XML is inflated once as a stream and only scanned
(the last row that holds a value, and cells in columns past Z), and a sheet that reaches
absurdly far is refused with one sentence that names it, the cell and what to do.

Empty cells that only carry a format, and the ``<dimension>`` Excel writes, cost calamine
nothing and are not counted.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from eenplan.errors import WorkbookUnreadable

MAX_ROWS = 500_000  # Excel's last row is 1,048,576; a team's caseload is a few thousand
MAX_CELLS = 10_000_000  # rows x columns of one sheet: about 320 MB in calamine
CHUNK = 1 << 20

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ROW = re.compile(rb'(?:<|:)row\b[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})(\d+)"[^>]*?(/?)>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]*\d*:?([A-Z]+)')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_CELL = re.compile(rb'(?:<|:)c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')
# A formula's tag. Searched for with re rather than ``b"<f" in data``: in a sheet's XML a "<"
# comes every few bytes, and bytes' search stops at each (0.06 s against 0.026 s for the 65 MB
# of Netwerk at 50,000 dossiers, looked at before calamine may parse it).
FORMULA_TAG = re.compile(rb"<f[\s>/]")


@dataclass(frozen=True)
class Reach:
    """The furthest a sheet's values go: its last row and its widest column (1-based)."""

    sheet: str
    rows: int
    columns: int
    cell: str  # a cell that lies that far, to name in the message
    part: str = ""  # its XML part in the zip
    # Whether its XML holds a formula's tag: found in the same pass, so the reader
    # need not inflate the sheet again to know it has no formulas to look for.
    may_hold_formulas: bool = True
    size: int = 0  # bytes of XML: the reader reads the largest sheet first, with the least held

    @property
    def too_far(self) -> bool:
        return self.rows > MAX_ROWS or self.rows * self.columns > MAX_CELLS


def refuse_far_sheets(path: Path, wanted: Callable[[str], bool] | None = None) -> list[Reach]:
    """WorkbookUnreadable when a sheet's cells reach absurdly far; else each sheet's reach, and
    none for a file that is not a readable zip (the reader says what is wrong with it).

    ``wanted`` says, by its name, which sheets will be read (all when None): calamine only
    allocates a sheet it reads, so only those are looked at."""
    try:
        reaches = sheet_reaches(path, wanted)
    except _NOT_SCANNED:
        return []
    return _refused(path, reaches)


_NOT_SCANNED = (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError)


def _refused(path: Path, reaches: list[Reach]) -> list[Reach]:
    for reach in reaches:
        if reach.too_far:
            raise WorkbookUnreadable(
                f"Op het blad {reach.sheet} van {path.name} staat iets in cel {reach.cell}, ver "
                "voorbij de gegevens: zo'n blad kan eenplan niet lezen. Ga in Excel naar die cel "
                "(Ctrl+End toont de laatste), wis de rijen en kolommen na de gegevens en bewaar de "
                "werkmap opnieuw."
            )
    return reaches


class Ahead:
    """refuse_far_sheets, with the sheets after the largest looked at in a thread while calamine
    parses that one (it lets go of the GIL, and zlib does while it inflates): the largest is
    looked at now, the others through ``refuse``, which the reader calls before it parses any
    other sheet and once it is done. The answer is the same as refuse_far_sheets's: the first
    sheet (in the workbook's order) that reaches too far is refused, and no sheet is parsed
    before it is looked at. The thread holds one 1 MB window of XML at a time."""

    def __init__(self, path: Path, wanted: Callable[[str], bool] | None = None) -> None:
        self.path = path
        self.wanted = wanted
        self.first: Reach | None = None  # the largest sheet's, looked at in this thread
        self.sizes: dict[str, int] = {}  # sheet -> bytes of XML
        self._reaches: list[Reach] | None = None
        self._rest: Future[list[Reach]] | None = None  # the other sheets, looked at in a thread
        try:
            archive = zipfile.ZipFile(path)
        except _NOT_SCANNED:
            self._reaches = []
            return
        try:
            workbook = archive.read("xl/workbook.xml")
            look = not saved_by_excel(workbook)
            parts = [(name, part) for name, part in sheet_parts(archive, workbook)
                     if wanted is None or wanted(name)]
            self.sizes = {name: archive.getinfo(part).file_size for name, part in parts}
            if parts:
                largest = max(parts, key=lambda named: self.sizes[named[0]])
                self.first = _reach(archive, *largest, look_for_formulas=look)
        except _NOT_SCANNED:
            archive.close()
            self.first, self.sizes, self._reaches = None, {}, []
            return
        if self.first is None or self.first.too_far:  # nothing to read ahead, or said now
            archive.close()
            self.first = None
            self._reaches = refuse_far_sheets(path, wanted)
            return
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eenplan-far-cells")
        self._rest = pool.submit(self._look, archive, parts, look)
        pool.shutdown(wait=False)  # no more work for it: ``refuse`` waits for the answer

    def _look(self, archive: zipfile.ZipFile, parts: list[tuple[str, str]], look: bool) -> list[Reach]:
        """Every sheet's reach (the largest's as found already); raised again by ``refuse``."""
        try:
            return [self.first if self.first is not None and name == self.first.sheet
                    and part == self.first.part else _reach(archive, name, part, look_for_formulas=look)
                    for name, part in parts]
        except _NOT_SCANNED:
            return []
        finally:
            archive.close()

    def refuse(self) -> list[Reach]:
        """Every sheet's reach once all are looked at; WorkbookUnreadable as refuse_far_sheets."""
        if self._rest is not None:
            self._reaches, self._rest = self._rest.result(), None
        assert self._reaches is not None
        return _refused(self.path, self._reaches)


def saved_by_excel(workbook: bytes) -> bool:
    """Whether Excel wrote the workbook (its xl/workbook.xml): then its calculation chain says
    which sheets hold formulas (the reader's ``_formula_parts``), and no other sheet does."""
    return b'appName="xl"' in workbook


def sheet_reaches(path: Path, wanted: Callable[[str], bool] | None = None) -> list[Reach]:
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml")
        # Excel's sheets need no search for a formula's tag here (a tenth of a second at 50,000
        # dossiers): the reader asks the calculation chain, and each "may" hold formulas.
        look = not saved_by_excel(workbook)
        return [_reach(archive, name, part, look_for_formulas=look)
                for name, part in sheet_parts(archive, workbook) if wanted is None or wanted(name)]


def sheet_parts(archive: zipfile.ZipFile, workbook: bytes) -> list[tuple[str, str]]:
    """(sheet name, part in the zip) for each sheet the workbook (its xl/workbook.xml) lists."""
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        rels = b""
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if b"Id" in attributes and b"Target" in attributes:
            target = attributes[b"Target"].decode("utf-8")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[attributes[b"Id"]] = part
    names = set(archive.namelist())
    found = []
    for tag in _SHEET.findall(workbook):
        attributes = {key.split(b":")[-1] if key != b"name" else key: value
                      for key, value in _ATTRIBUTE.findall(tag)}
        part = targets.get(attributes.get(b"id", b""))
        if part in names and part.startswith("xl/worksheets/"):
            found.append((html.unescape(attributes.get(b"name", b"").decode("utf-8")), part))
    return found


def _reach(archive: zipfile.ZipFile, sheet: str, part: str, *, look_for_formulas: bool = True) -> Reach:
    """The last row with a value, from one pass of byte searches from the end of each window;
    the widest column from the ``<dimension>``, looked at cell by cell only when that says the
    sheet is too large (Excel counts formatted empty cells in it, calamine does not)."""
    last_row, last_cell = 0, ""
    row_here = 0  # the row the stream was in at the end of the previous window
    dimension_columns = 0
    carry = b""
    first = True
    formulas = not look_for_formulas  # not looked for: it may hold them
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = carry + chunk
            if first:
                first = False
                found = _DIMENSION.search(data, 0, 8192)
                if found:
                    dimension_columns = _column_number(found.group(1))
            if not formulas:
                formulas = FORMULA_TAG.search(data) is not None  # the carry holds the last window's tail
            cut = len(data) if not chunk else max(0, len(data) - 256)
            value = _last(data, _VALUE_TAGS, cut)
            if value >= 0:
                row = _number_before(data, value, _ROW_TAGS, _ROW) or row_here
                if row >= last_row:
                    last_row, last_cell = row, _cell_before(data, value) or f"A{row}"
            row_here = _number_before(data, cut, _ROW_TAGS, _ROW) or row_here
            if not chunk:
                break
            carry = data[cut - 64 if cut >= 64 else 0:]
    last_columns = _column_number(re.sub(rb"\d", b"", last_cell.encode()))
    size = archive.getinfo(part).file_size
    reach = Reach(sheet, last_row, max(last_columns, 1), last_cell or "A1", part, formulas, size)
    if last_row <= MAX_ROWS and last_row * dimension_columns > MAX_CELLS:
        widest, cell = _widest(archive, part)
        if widest > last_columns:
            reach = Reach(sheet, last_row, widest, cell, part, formulas, size)
    return reach


def _widest(archive: zipfile.ZipFile, part: str) -> tuple[int, str]:
    """The widest column that holds a value (past Z: narrower ones cannot make a sheet too
    large), cell by cell."""
    widest, widest_cell = 0, ""
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = carry + chunk
            cut = len(data) if not chunk else max(0, len(data) - 256)
            for match in _WIDE_CELL.finditer(data, 0, len(data)):
                if match.start() >= cut:
                    break
                columns = _column_number(match.group(1))
                if columns > widest and not match.group(3) and _holds_value(data, match.end()):
                    widest, widest_cell = columns, (match.group(1) + match.group(2)).decode()
            if not chunk:
                return widest, widest_cell
            carry = data[cut:]


_VALUE_TAGS = (b"<v>", b"<v ", b"<is>", b":v>", b":v ", b":is>")
_ROW_TAGS = (b"<row ", b":row ")


def _number_before(data: bytes, end: int, tags: tuple[bytes, ...], pattern: re.Pattern[bytes]) -> int:
    """The r="..." of the last tag (one of ``tags``) that starts before ``end``; 0 when none."""
    start = _last(data, tags, end)
    if start < 0:
        return 0
    match = pattern.match(data, start)
    return int(match.group(1)) if match else 0


def _last(data: bytes, tags: tuple[bytes, ...], end: int) -> int:
    """Where the last of ``tags`` before ``end`` starts, or -1: looked for near ``end`` first,
    since rows and values are close together, so the whole window is rarely searched."""
    for span in (4096, 65536, end):
        start = max(0, end - span)
        found = max(data.rfind(tag, start, end) for tag in tags)
        if found >= 0 or start == 0:
            return found
    return -1


def _cell_before(data: bytes, end: int) -> str:
    start = _last(data, (b"<c ", b":c "), end)
    match = _CELL.match(data, start) if start >= 0 else None
    return (match.group(1) + match.group(2)).decode() if match else ""


def _holds_value(data: bytes, start: int) -> bool:
    end = data.find(b"</", start)
    return _VALUE.search(data, start, end if end >= 0 else len(data)) is not None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
