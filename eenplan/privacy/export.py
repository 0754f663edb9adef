"""`eenplan export DOSSIER`: everything the team keeps about one family, for the family to see.

A family (or a child over 12) may ask to see its record. The export gathers, in one new folder
under ``rapporten/inzage/``:

- ``Overzicht.docx``: a readable overview in plain Dutch to the family, per topic (who guides
  them, what they told, their network, the round-tables, their agreements, pauses, what the team
  noted in its own columns, the documents);
- ``Gegevens.xlsx``: the same rows as they stand in the workbook, one sheet a workbook sheet,
  including the team's own columns;
- ``Documenten/``: copies of the documents eenplan generated for the dossier.

The rows are taken as the workbook holds them (every column, the team's own ones too), found
through the records the reader made. The workbook itself is only read.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.docx_templates.context import begeleider_name
from eenplan.docx_templates.documents import find_dossier, reading_language, require
from eenplan.docx_templates.template import neutral_properties
from eenplan.dutch import (
    DUTCH,
    and_list,
    date_without_weekday,
    hour,
    long_date,
    long_date_and_hour,
    plural,
    short_date,
)
from eenplan.errors import DossierError, OutputError
from eenplan.files import (
    TEMP_PREFIX,
    files_inside,
    is_link,
    remove_stale_temporaries,
    require_inside,
    safe_name,
)
from eenplan.flows.agreements import agreement_status, status_words, unreadable_fields
from eenplan.privacy.traces import (
    KeptMail,
    earlier_numbers,
    eenplan_mails,
    kept_versions,
    number_form,
    restored_workbooks,
    same_family,
    unowned,
)
from eenplan.sheets.cells import normal_text
from eenplan.sheets.names import display_name
from eenplan.sheets.reader import open_workbook
from eenplan.sheets.records import Caseload, Dossier, dossier_key
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, NETWORK, PAUSES, ROUND_TABLES, column_letter
from eenplan.sheets.team_sheets import dossier_headers, team_sheet_rows
from eenplan.team.folder import Team, copies_beside
from eenplan.team.state import Generated, State

# openpyxl and python-docx are imported where their file is written: each costs 0.1-0.4 s.

EXPORTS = "inzage"
OVERVIEW_NAME = "Overzicht.docx"
ROWS_NAME = "Gegevens.xlsx"
DOCUMENTS_NAME = "Documenten"
# The overview's title, in plain words (no "inzage", no "dossier"): also the .docx's title.
OVERVIEW_TITLE = "Wat wij over jullie bijhouden"
# The overview is written in Dutch. For a family that reads French or English (the languages
# eenplan ships its letters in) it opens with this sentence in the family's own language.
OTHER_LANGUAGE_NOTES = {
    "fr": ("Ce document est en néerlandais: il dit ce que {team} garde sur votre famille. "
           "Demandez à votre accompagnateur ou accompagnatrice de le lire avec vous."),
    "en": ("This document is in Dutch: it shows what {team} keeps about your family. "
           "Ask your support worker to go through it with you."),
}

# The dates the overview tells the family (Dossiers' field: the sentence, and its word before a date)
DATES_TOLD: Mapping[str, tuple[str, str]] = {
    "registered_on": ("Jullie vroegen ons om hulp", "op"),
    "perspective_on": ("We bespraken jullie toekomstbeeld", "op"),
    "plan_on": ("Jullie gezinsplan", "is van"),
    "closed_on": ("Onze begeleiding stopte", "op"),
}

# The rows about a family are found through the Dossier column of every sheet: an inzage made
# without one of them would leave out what the team keeps, without saying so.
EXPORT_NEEDS: Mapping[str, tuple[str, ...]] = {
    DOSSIERS: ("id",), NETWORK: ("dossier",), PAUSES: ("dossier",), ROUND_TABLES: ("dossier",),
    AGREEMENTS: ("dossier",),
}


@dataclass(frozen=True)
class SheetRows:
    """The rows of one sheet that are about the dossier, as the workbook holds them."""

    sheet: str  # eenplan's name for the sheet
    title: str  # the sheet's name in the team's workbook
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (Excel row number, the cells)


@dataclass(frozen=True)
class Elsewhere:
    """What the team keeps about the family besides its rows and its documents (``traces``):
    the inzage names it, plainly, where it cannot hold it."""

    # other ways of writing the number (2026-74 beside 2026-074) with documents: not in it, since
    # a number that reads alike may be another family's (a dossier typed next to it, then removed)
    earlier: tuple[str, ...] = ()
    spelled: tuple[str, ...] = ()  # their folders in out/ (or files made for them), as "out/2026-74/"
    versions: tuple[tuple[datetime.date, datetime.date], ...] = ()  # kept workbook versions: seen
    restored: tuple[Path, ...] = ()  # workbooks `eenplan restore` wrote with the family's rows
    mails: tuple[KeptMail, ...] = ()  # eenplan's weekly .eml files that name the dossier
    family: tuple[Dossier, ...] = ()  # the family's other dossiers (the same name and address)
    namesakes: tuple[Dossier, ...] = ()  # dossiers of the same name, another address or none
    unowned: tuple[str, ...] = ()  # numbers in no row of Dossiers with documents in out/: not in it

    def __bool__(self) -> bool:
        return bool(self.versions or self.restored or self.mails or self.family)


@dataclass(frozen=True)
class Export:
    dossier: str
    folder: Path
    sheets: tuple[SheetRows, ...]
    documents: tuple[Path, ...]  # the copies, in the export folder
    # of those, the files eenplan did not make (a note a colleague put in out/<dossier>/)
    others: tuple[Path, ...] = ()
    links: tuple[Path, ...] = ()  # links to elsewhere where the family's files would be: not followed
    elsewhere: Elsewhere = Elsewhere()
    absent: tuple[str, ...] = ()  # the sheets the workbook does not have: read as empty (absent_sheets)
    dossiers_title: str = DOSSIERS  # the sheet Dossiers as the team's workbook names it
    language: str = DUTCH  # the language the family reads (Taal): the overview is in Dutch
    # the team's own sheets with content but no Dossier column: eenplan cannot tell their rows
    sheets_unclear: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()  # conflict copies beside the workbook: never opened, named
    # rows on eenplan's sheets under a number no row on Dossiers has that reads as this one
    # ("2026-74" for 2026-074): (sheet title, Excel row, the number as written); not in the inzage
    odd_rows: tuple[tuple[str, int, str], ...] = ()

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


def dossier_rows(caseload: Caseload, number: str) -> dict[str, tuple[int, ...]]:
    """The Excel row numbers about the dossier, per sheet; DossierError when it is not there."""

    return caseload.rows_of([find_dossier(caseload, number).id])


def read_rows(
    workbook: Path, caseload: Caseload, wanted: Mapping[str, Sequence[int]],
) -> tuple[SheetRows, ...]:
    """The wanted rows, every column, read again from the workbook under its own headers."""

    book = open_workbook(workbook)
    try:
        found = []
        for sheet, numbers in wanted.items():
            layout = caseload.layouts.get(sheet)
            title = caseload.sheet_titles.get(sheet, sheet)
            if not numbers or layout is None or not layout.present:
                continue
            cells = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            header = list(cells[layout.header_row - 1])
            picked = [(n, list(cells[n - 1])) for n in numbers if n - 1 < len(cells)]
            width = max((_used_width(r) for r in [header, *(r for _, r in picked)]), default=0)
            headers = tuple(
                _text(h).strip() or f"Kolom {column_letter(i)}"
                for i, h in enumerate((header + [""] * width)[:width])
            )
            rows = tuple((n, tuple(_value(v) for v in (r + [""] * width)[:width])) for n, r in picked)
            found.append(SheetRows(sheet, title, headers, rows))
        return tuple(found)
    finally:
        book.close()


@dataclass(frozen=True)
class Documents:
    """The files of a dossier: its out/ folder and what the state remembers making."""

    files: tuple[Path, ...]
    made: frozenset[Path]  # those eenplan made (the others a person put there)
    links: tuple[Path, ...]  # links to elsewhere: not the family's record here, never followed


def generated_documents(team: Team, number: str) -> Documents:
    """The files of a dossier: its out/ folder, and what the state remembers making for it. Not
    those under another way of writing the number (2026-74 beside 2026-074): they may be another
    family's, so the staff member looks at them (``Elsewhere.spelled``)."""

    found: dict[Path, None] = {}
    links: list[Path] = []
    numbers = (number,)
    for written in numbers:
        for folder in _dossier_folders(team, written):
            links += [Path(top) / n for top, dirs, names in os.walk(folder)
                      for n in (*dirs, *names) if is_link(Path(top) / n)]
            for path in files_inside(team.base, folder):  # a link to elsewhere is not the family's record
                if not path.name.startswith((TEMP_PREFIX, "~$")):
                    found[path] = None
        links += [p for p in _dossier_folders(team, written, links=True) if is_link(p)]
    made: set[Path] = set()
    if team.state_dir.is_dir():
        with State(team.state_dir, root=team.base) as state:
            records = [g for written in numbers for g in state.generated_for(written)]
            remembered = remembered_files(team, state, records)
            found.update(dict.fromkeys(remembered))
            made.update(remembered)
    return Documents(tuple(found), frozenset(made), tuple(dict.fromkeys(links)))


def remembered_files(team: Team, state: State, records: Sequence[Generated]) -> list[Path]:
    """The files under out/ the state remembers making (it knows them by a hash of their path,
    since a file name can carry a person's name): also those a person moved within out/."""
    if not records:
        return []
    return state.remembered(records, files_inside(team.base, team.out_dir))


def _dossier_folders(team: Team, number: str, *, links: bool = False) -> list[Path]:
    """out/<dossier>/ (as eenplan names it, and as typed); ``links``: those that are a link."""
    names = dict.fromkeys((safe_name(number, ""), number.strip()))
    paths = [team.out_dir / name for name in names if name]
    if links:
        return [p for p in paths if is_link(p)]
    return [p for p in paths if p.is_dir() and not is_link(p)]


def export_dossier(team: Team, caseload: Caseload, number: str, *, today: datetime.date,
                   now: datetime.datetime | None = None) -> Export:
    """Write the family's record into a new folder under rapporten/inzage/ and audit it (at
    ``now``, the moment the command started)."""

    absent = absent_sheets(caseload)
    require(caseload, {sheet: fields for sheet, fields in EXPORT_NEEDS.items() if sheet not in absent},
            "de inzage niet volledig maken")
    if caseload.dossier(number) is None:
        raise DossierError(missing_dossier(team, caseload, number))
    wanted = dossier_rows(caseload, number)
    number = _written_number(caseload, number)
    sheets = read_rows(team.workbook, caseload, wanted)
    own = team_sheet_rows(team.workbook, [number], skip=caseload.sheet_titles.values(),
                          header_aliases=team.settings.header_aliases)
    sheets += tuple(SheetRows(s.title, s.title, s.headers,
                              tuple((n, tuple(_value(v) for v in cells)) for n, cells in s.rows))
                    for s in own.with_rows)
    elsewhere = kept_elsewhere(team, caseload, number)
    dossier = caseload.dossier(number)
    language = reading_language(dossier) if dossier is not None else DUTCH
    documents = generated_documents(team, number)
    parent = require_inside(team.base, team.reports_dir / EXPORTS)
    with State(team.state_dir, root=team.base) as state:
        state.require_writable()  # the audit line is written last: not an inzage without it
    remove_stale_temporaries(parent)  # a killed export's half copy of a family's documents
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
    except OSError as exc:
        raise OutputError(
            f"eenplan kan niet schrijven in {parent} ({exc.strerror}): kies een map waar je mag "
            "schrijven."
        ) from None
    try:
        copies = _copy_documents(documents.files, team.base, temporary / DOCUMENTS_NAME)
        others = [copy for copy, source in zip(copies, documents.files, strict=True)
                  if source not in documents.made]
        _write_rows(sheets, temporary / ROWS_NAME, team_name=team.settings.team_name, today=today)
        _write_overview(caseload, sheets, copies, temporary / OVERVIEW_NAME, number=number,
                        team_name=team.settings.team_name, today=today, others=others,
                        elsewhere=elsewhere, language=language)
        folder = _free_folder(parent, f"{safe_name(number, '')} {today.isoformat()}")
        os.rename(temporary, folder)
    except OSError as exc:
        raise OutputError(f"De inzage kan niet geschreven worden in {parent}: {exc.strerror}.") from None
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
    export = Export(number, folder, sheets, tuple(folder / DOCUMENTS_NAME / c for c in copies),
                    tuple(folder / DOCUMENTS_NAME / c for c in others), documents.links, elsewhere,
                    absent,
                    dossiers_title=caseload.title(DOSSIERS), language=language,
                    sheets_unclear=own.unclear, copies=tuple(c.name for c in copies_beside(team, every=True)),
                    odd_rows=odd_rows(caseload, number))
    with State(team.state_dir, root=team.base) as state:
        state.audit("export", number, _audit_detail(export), at=now)
    return export


def missing_dossier(team: Team, caseload: Caseload, number: str) -> str:
    """Why there is no inzage of a number no row on Dossiers has, where the family's data still
    is (rows on the other sheets, a sheet like Dossiers eenplan does not read, its folder in out/,
    kept versions of the workbook) and what to do. Never a number that looks like it: that is
    another family's dossier, and its inzage would be a leak."""
    number = number.strip()
    sheet = caseload.title(DOSSIERS)
    said = [f"Dossier {number} staat niet op het blad {sheet} van {Path(caseload.workbook).name}, "
            "dus eenplan maakt er geen inzage van."]
    rows = {caseload.title(s): len(r) for s, r in caseload.rows_of([number]).items()
            if s != DOSSIERS and r}
    if rows:
        said.append("Er staan nog rijen van dit dossier op " + and_list(
            [f"{title} ({count})" for title, count in rows.items()]) + ".")
    archives = [f.title for f in caseload.look_alikes if f.sheet == DOSSIERS]
    if archives:
        said.append(f"eenplan leest {'het blad' if len(archives) == 1 else 'de bladen'} "
                    f"{and_list(archives)} niet: kijk daar of de rij van het gezin erop staat.")
    folders = [f"out/{p.name}/" for p in _dossier_folders(team, number)]
    if folders:
        said.append(f"In {and_list(folders)} staan nog documenten van dit dossier.")
    deleted = retention_deleted(team, number)
    if deleted is not None:
        said.append(f"`eenplan retention` verwijderde dit dossier op {short_date(deleted)}.")
    kept = bool(kept_versions(team, [number]))
    if kept:
        said.append(f"Een oudere versie van de werkmap heeft dit dossier nog: `eenplan restore "
                    f"--list --dossier {number}` toont welke.")
    if deleted is not None and not (rows or archives or folders or kept):
        said.append("eenplan bewaart er dus niets meer van: zeg het gezin dat zijn gegevens gewist zijn.")
    elif len(said) > 1:
        said.append(f"Zet de rij van het gezin terug op {sheet}" + (
            f" (of haal ze met `eenplan restore SNAPSHOT --dossier {number}` in een aparte werkmap)"
            if kept else "") + " en maak dan de inzage.")
    else:
        said.append("eenplan bewaart niets onder dit nummer: kijk het nummer na in de werkmap.")
    return " ".join(said)


def retention_deleted(team: Team, number: str) -> datetime.date | None:
    """The day `eenplan retention --delete` removed the dossier (its audit line), or None."""
    if not (team.state_dir / "state.sqlite").is_file():
        return None
    key = dossier_key(number)
    with State(team.state_dir, root=team.base) as state:
        days = [day for dossier, day in state.retention_deleted_days().items() if dossier_key(dossier) == key]
    return max(days, default=None)


def odd_rows(caseload: Caseload, number: str) -> tuple[tuple[str, int, str], ...]:
    """The rows on Netwerk, Rondetafels, Afspraken and Pauzes whose number no row on Dossiers has,
    but that reads as ``number`` (2026-74 for 2026-074; `check` calls it unknown-dossier). They
    may be this family's, or another's typed wrong: the inzage names them, never takes them in."""
    form = number_form(number)
    known = {dossier_key(d.id) for d in caseload.dossiers if d.id}
    found = []
    for sheet, items in ((NETWORK, caseload.network), (ROUND_TABLES, caseload.round_tables),
                         (AGREEMENTS, caseload.agreements), (PAUSES, caseload.pauses)):
        for item in items:
            written = item.dossier.strip()
            if written and dossier_key(written) not in known and number_form(written) == form:
                found.append((caseload.title(sheet), item.row, written))
    return tuple(found)


def absent_sheets(caseload: Caseload) -> tuple[str, ...]:
    """eenplan's names of the sheets besides Dossiers that the workbook does not have at all,
    and no sheet of nearly that name either (a team that keeps no pauses): read as empty, as
    `check` reads them, so they hold nothing about the family. A sheet that is there but
    empty, without a header, damaged, or probably under another name ("Pauzes 2026") is not
    absent: the family's rows could be on it, and the inzage is refused (``require``)."""
    absent = []
    for sheet in EXPORT_NEEDS:
        layout = caseload.layouts.get(sheet)
        if sheet != DOSSIERS and layout is not None and not (
                layout.present or layout.blank or layout.headerless or layout.damaged or layout.near_title):
            absent.append(sheet)
    return tuple(absent)


def kept_elsewhere(team: Team, caseload: Caseload, number: str) -> Elsewhere:
    """What the team keeps about the dossier besides its rows and its out/ folder."""
    traces = unowned(team, caseload)
    earlier = earlier_numbers(traces, number)
    spelled = tuple(dict.fromkeys(
        [f"{_relative(f, team.base)}/" for t in traces if t.number in earlier for f in t.folders]
        + [_relative(f, team.base) for t in traces if t.number in earlier for f in t.files
           if not any(f.is_relative_to(d) for d in t.folders)]))
    numbers = (number,)  # what is kept under another spelling is only named to the staff member
    keys = {dossier_key(n) for n in numbers}
    try:  # the copy of the workbook as it is now holds nothing older: not counted
        now = hashlib.sha256(team.workbook.read_bytes()).hexdigest()
    except OSError:
        now = ""
    versions = tuple((s.first_seen.date(), s.last_seen.date()) for s in kept_versions(team, numbers)
                     if s.sha256 != now)
    dossier = caseload.dossier(number)
    family, namesakes = same_family(caseload, dossier) if dossier is not None else ((), ())
    return Elsewhere(
        earlier=earlier, spelled=spelled, versions=versions,
        restored=tuple(r.path for r in restored_workbooks(team) if r.numbers & keys),
        mails=tuple(m for m in eenplan_mails(team) if m.names(numbers)),
        family=family, namesakes=namesakes,
        unowned=tuple(t.number for t in traces if not t.linked and (t.folders or t.files)),
    )


def _written_number(caseload: Caseload, number: str) -> str:
    """The dossier number as the workbook writes it (the user may have typed it otherwise)."""
    dossier = caseload.dossier(number)
    return dossier.id if dossier is not None else number.strip()


def _audit_detail(export: Export) -> str:
    """Counts only: the audit trail holds no names."""
    rows = ", ".join(f"{s.sheet}={len(s.rows)}" for s in export.sheets)
    return f"rijen: {rows}; documenten: {len(export.documents)}"


def _free_folder(parent: Path, name: str) -> Path:
    """``name``, or ``name (2)``, ``(3)``, ... when an earlier export of today is there."""
    candidate, number = parent / name, 1
    while candidate.exists():
        number += 1
        candidate = parent / f"{name} ({number})"
    return candidate


def _copy_documents(sources: Sequence[Path], base: Path, target: Path) -> list[Path]:
    """Copy each file under ``target``, keeping its place inside the dossier's folder."""
    copies = []
    for source in sources:
        try:
            relative = source.relative_to(base / "out")
            if len(relative.parts) > 1:
                relative = Path(*relative.parts[1:])
        except ValueError:
            relative = Path(source.name)
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
        copies.append(copy.relative_to(target))
    return copies


def _used_width(row: Sequence[Any]) -> int:
    width = len(row)
    while width and _text(row[width - 1]).strip() == "":
        width -= 1
    return width


def _value(value: Any) -> Any:
    """A cell as the xlsx should hold it: whole floats as ints, the rest as read."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _text(value: Any) -> str:
    """A cell as a person reads it, Flemish dates and hours."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return short_date(value.date())
        return f"{short_date(value.date())} {hour(value.time())}"
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, datetime.time):
        return hour(value)
    if isinstance(value, datetime.timedelta):
        seconds = int(value.total_seconds())
        return hour(datetime.time(seconds // 3600 % 24, seconds // 60 % 60))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    return str(value)


def _write_rows(sheets: Iterable[SheetRows], path: Path, *, team_name: str, today: datetime.date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.worksheets[0])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for part in sheets:
        sheet = book.create_sheet(part.title[:31])
        sheet.append(part.headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for _, cells in part.rows:
            sheet.append([_xlsx_cell(v) for v in cells])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, datetime.time):
                    cell.number_format = "hh:mm"
        for index, header in enumerate(part.headers, start=1):
            sheet.column_dimensions[column_letter(index - 1)].width = max(12, min(40, len(header) + 4))
        sheet.freeze_panes = "A2"
    if not book.worksheets:
        book.create_sheet("Leeg")
    moment = datetime.datetime.combine(today, datetime.time(0, 0))
    book.properties.creator = book.properties.lastModifiedBy = team_name
    book.properties.created = book.properties.modified = moment
    book.save(path)


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, datetime.timedelta):
        return _text(value)
    return value


def _write_overview(caseload: Caseload, sheets: Sequence[SheetRows], documents: Sequence[Path],
                    path: Path, *, number: str, team_name: str, today: datetime.date,
                    others: Sequence[Path] = (), elsewhere: Elsewhere = Elsewhere(),
                    language: str = DUTCH) -> None:
    """The overview for the family: per topic, in plain words to "jullie"; the raw rows are in
    Gegevens.xlsx. Headings stay with what follows them, a table row is never split."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    title = OVERVIEW_TITLE
    _heading(document, title, 0)
    note = OTHER_LANGUAGE_NOTES.get(language)
    if note is not None:  # the family reads another language: said first, in its language
        document.add_paragraph(note.format(team=team_name))
    document.add_paragraph(f"{team_name}, zoals het er stond op {long_date(today)}.")
    document.add_paragraph(
        f"Jullie vroegen wat {team_name} over jullie gezin bijhoudt. Hier lezen jullie het, per "
        "onderwerp" + ("; wat we nog elders bewaren, staat op het einde" if elsewhere else "")
        + ". Klopt er iets niet, of willen jullie dat we iets verbeteren of wissen? Zeg het "
        "aan jullie begeleider: dat is jullie recht."
    )
    for heading, lines in overview_topics(caseload, number, sheets, today=today):
        _heading(document, heading, 1)
        for line in lines:
            if isinstance(line, tuple):
                _table(document, line)
            elif line.startswith("- "):
                document.add_paragraph(line[2:], style="List Bullet")
            elif line.startswith("# "):
                _heading(document, line[2:], 2)
            else:
                document.add_paragraph(line)
    _heading(document, "Documenten", 1)
    made = [copy for copy in documents if copy not in others]
    if made:
        document.add_paragraph(
            f"Deze documenten maakten we voor jullie. Een kopie staat in de map {DOCUMENTS_NAME} "
            "naast dit overzicht:"
        )
        for copy in made:
            document.add_paragraph(copy.name, style="List Bullet")
    else:
        document.add_paragraph("We maakten nog geen documenten voor jullie.")
    if others:
        document.add_paragraph(
            f"Deze bestanden bewaren we ook bij jullie gegevens. Een kopie staat in de map "
            f"{DOCUMENTS_NAME}:"
        )
        for copy in others:
            document.add_paragraph(copy.name, style="List Bullet")
    if elsewhere:
        _heading(document, "Wat we nog elders bewaren", 1)
        for line in elsewhere_lines(elsewhere):
            if line.startswith("- "):
                document.add_paragraph(line[2:], style="List Bullet")
            else:
                document.add_paragraph(line)
    _heading(document, "Alles zoals het in onze werkmap staat", 1)
    rows = sum(len(s.rows) for s in sheets)
    document.add_paragraph(
        f"In {ROWS_NAME} staan dezelfde gegevens precies zoals wij ze bijhouden: "
        f"{plural(rows, 'rij', 'rijen')} uit onze werkmap, met alle kolommen."
    )
    # no author but the team: documents carry no one's name in their metadata
    neutral_properties(document, team_name, today=today, title=title)
    document.save(str(path))


def elsewhere_lines(elsewhere: Elsewhere) -> list[str]:
    """What the overview tells the family of what the team keeps besides (plainly, where it is
    not in the inzage itself), in plain Dutch to "jullie" ("- " a bullet)."""
    lines: list[str] = []
    if elsewhere.versions:
        first = min(seen for seen, _ in elsewhere.versions)
        last = max(seen for _, seen in elsewhere.versions)
        span = (f"van {date_without_weekday(first)}" if first == last else
                f"van {date_without_weekday(first)} tot {date_without_weekday(last)}")
        lines.append(
            f"Er zijn ook {plural(len(elsewhere.versions), 'oudere versie', 'oudere versies')} van "
            f"onze werkmap waarin jullie gegevens staan ({span}). Ons programma bewaart zulke "
            "versies een tijd, zodat we een vergissing kunnen herstellen. Daarin staat wat "
            "toen over jullie genoteerd was, ook wat intussen veranderde (bijvoorbeeld een vorig "
            "adres). Willen jullie dat ook zien, vraag het dan aan jullie begeleider.")
    if elsewhere.restored:
        lines.append(
            f"We haalden jullie gegevens ook {_times(len(elsewhere.restored))} terug"
            " uit zo'n oudere versie, in een aparte werkmap. Ook die tonen we jullie als "
            "jullie het vragen.")
    if elsewhere.mails:
        lines.append("Jullie gezin staat ook in onze wekelijkse overzichten van wat moet "
                     "gebeuren. Daarin staan ook andere gezinnen; wat over jullie gaat, tonen we "
                     "jullie als jullie het vragen:")
        for mail in elsewhere.mails:
            who = "voor de coördinatoren" if mail.coordinators else "voor jullie begeleider"
            lines.append(f"- het overzicht {who} van {mail.week_label}")
    for other in elsewhere.family:
        since = (f" (aangemeld op {date_without_weekday(other.registered_on)})"
                 if other.registered_on else "")
        lines.append(f"Jullie staan bij ons ook onder het nummer {other.id}{since}. Wat daar "
                     "staat, zit niet in dit overzicht; vraag het, dan maken we er ook een.")
    return lines


def _times(count: int) -> str:
    return "een keer" if count == 1 else f"{count} keer"


Table = tuple[tuple[str, ...], ...]  # a header row, then the rows


def overview_topics(caseload: Caseload, number: str, sheets: Sequence[SheetRows], *, today: datetime.date,
                    ) -> list[tuple[str, list[str | Table]]]:
    """The overview's topics: a heading and its lines ("- " a bullet, "# " a small heading, a
    tuple a table), in plain Dutch to the family."""
    dossier = caseload.dossier(number)
    topics: list[tuple[str, list[str | Table]]] = []
    if dossier is not None:
        topics.append(("Wie jullie begeleidt", _who(caseload, dossier)))
        told: list[str | Table] = [f"{label}: {text}" for label, text in (
            ("Jullie vraag", dossier.question), ("Waar jullie sterk in zijn", dossier.strengths),
            ("Waar jullie je zorgen over maken", dossier.worries), ("Wat jullie wensen", dossier.wishes),
            ("Wat jullie begeleider nog noteerde", dossier.remarks)) if text.strip()]
        topics.append(("Wat jullie ons vertelden",
                       told or ["We schreven hier nog niets over op."]))
    people = []
    for member in caseload.network_of(number):
        about = ", ".join(t for t in (member.role or member.relation, member.organisation) if t.strip())
        reach = " en ".join(t for t in (member.phone, member.email) if t.strip())
        people.append("- " + display_name(member.name) + (f" ({about})" if about else "")
                      + (f", bereikbaar via {reach}" if reach else ""))
    topics.append(("Wie rond jullie staat", (
        ["Deze mensen staan in ons overzicht van jullie netwerk:", *people] if people
        else ["We noteerden nog niemand uit jullie netwerk."])))
    talks: list[str | Table] = []
    for table in sorted(caseload.round_tables_of(number), key=lambda t: t.date or datetime.date.max):
        when = long_date_and_hour(table.date, table.time) if table.date else "Een gesprek zonder datum"
        talks.append("# " + when[:1].upper() + when[1:] + (f", {table.location}" if table.location else ""))
        if table.present.strip():
            talks.append(f"Erbij waren: {table.present}.")
        if table.notes.strip():
            talks.append(f"Wat we bespraken: {table.notes}")
        if table.date and table.date > today:
            talks.append("Dit gesprek moet nog plaatsvinden.")
        if table.next_date:
            talks.append(f"We spraken af om elkaar terug te zien op {long_date(table.next_date)}.")
    topics.append(("De gesprekken", talks or ["We hadden nog geen gesprek samen met jullie netwerk."]))
    agreements = caseload.agreements_of(number)
    if agreements:
        rows = [("Wat", "Wie", "Tegen wanneer", "Hoe staat het")]
        for item in agreements:
            what = "\n".join(t for t in (item.goal, item.action) if t.strip())
            odd = unreadable_fields(caseload, AGREEMENTS, item.row, "status", "due")
            status = agreement_status(item, today=today, unreadable=odd)[0]
            rows.append((what, item.who, date_without_weekday(item.due) if item.due else "",
                         status_words(item, status, today=today)))
        topics.append(("Jullie afspraken", ["Dit spraken we samen af:", tuple(rows)]))
    else:
        topics.append(("Jullie afspraken", ["We maakten nog geen afspraken op papier."]))
    pauses = caseload.pauses_of(number)
    if pauses:
        lines: list[str | Table] = ["Soms lag onze begeleiding even stil:"]
        for pause in pauses:
            span = _span(pause.start, pause.end)
            lines.append("- " + span + (f": {pause.reason}" if pause.reason.strip() else ""))
        topics.append(("Wanneer onze begeleiding even stillag", lines))
    own = _own_columns(caseload, sheets)
    if own:
        topics.append(("Wat we nog noteerden",
                       ["Ook dit houden we bij:", *(f"- {header}: {text}" for header, text in own)]))
    # the Dossier column as the team heads it on eenplan's sheets: left out of the table
    dossier_columns = dossier_headers({
        sheet: {"Dossier": layout.headers.get("id") or layout.headers.get("dossier", "")}
        for sheet, layout in caseload.layouts.items()})
    for part in sheets:  # the team's own sheets (case notes, an archive): as a table
        if part.sheet in caseload.layouts or not part.rows:
            continue
        shown = [i for i, h in enumerate(part.headers) if normal_text(h) not in dossier_columns]
        grid: Table = (tuple(part.headers[i] for i in shown),
                       *(tuple(_text(cells[i]) for i in shown) for _, cells in part.rows))
        topics.append((f"Wat we bijhouden op ons blad {part.title}", [grid]))
    return topics


def _who(caseload: Caseload, dossier: Any) -> list[str | Table]:
    lines: list[str | Table] = []
    if dossier.begeleider.strip():
        contact = caseload.staff_contact(dossier.begeleider)
        name = begeleider_name(dossier.begeleider, contact)  # as Lijsten writes it
        line = f"{name} is jullie begeleider."
        if contact is not None:
            reach = " of ".join(t for t in (contact.phone, contact.email) if t.strip())
            if reach:
                line += f" Jullie bereiken {name} via {reach}."
        lines.append(line)
    else:
        lines.append("Er staat nog geen begeleider bij jullie naam.")
    if dossier.family.strip():
        lines.append(f"In onze gegevens heet jullie gezin: {dossier.family}.")
    if dossier.address.strip() or dossier.email.strip():
        lines.append("Jullie adres bij ons: " + ", ".join(
            t for t in (dossier.address, dossier.email) if t.strip()) + ".")
    if dossier.referrer.strip():
        lines.append(f"Jullie kwamen bij ons via {dossier.referrer}.")
    odd = unreadable_fields(caseload, DOSSIERS, dossier.row, *DATES_TOLD)
    for field, (text, on) in DATES_TOLD.items():
        day = getattr(dossier, field)
        if day:
            lines.append(f"{text} {on} {date_without_weekday(day)}.")
        elif field in odd:  # text in the date cell: said, not left out as if nothing happened
            lines.append(f"{text}: zie {ROWS_NAME} (kolom {caseload.header(DOSSIERS, field)}), "
                         "daar staat wat we noteerden.")
    if dossier.closed_on and dossier.closure_reason.strip():
        lines.append(f"De reden: {dossier.closure_reason}.")
    if dossier.sessions:
        lines.append(f"We hadden samen {plural(dossier.sessions, 'gesprek', 'gesprekken')}.")
    return lines


def _span(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"van {date_without_weekday(start)} tot {date_without_weekday(end)}"
    if start:
        return f"sinds {date_without_weekday(start)}"
    return f"tot {date_without_weekday(end)}" if end else "een periode zonder datum"


def _own_columns(caseload: Caseload, sheets: Sequence[SheetRows]) -> list[tuple[str, str]]:
    """The team's own columns (not eenplan's) with something in them, as header and text."""
    found = []
    for part in sheets:
        layout = caseload.layouts.get(part.sheet)
        if layout is None:  # the team's own sheet: a topic of its own
            continue
        known_headers = {" ".join(h.split()).casefold() for h in (layout.headers.values() if layout else ())}
        for index, header in enumerate(part.headers):
            if " ".join(header.split()).casefold() in known_headers or header.startswith("Kolom "):
                continue
            for _, cells in part.rows:
                text = _text(cells[index]).strip()
                if text:
                    found.append((header, text))
    return found


def _heading(document: Any, text: str, level: int) -> None:
    heading = document.add_heading(text, level)
    heading.paragraph_format.keep_with_next = True


def _table(document: Any, rows: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for index, values in enumerate(rows):
        row = table.add_row()
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row stays on one page
        if index == 0:
            header = OxmlElement("w:tblHeader")  # the header row again on the next page
            header.set(qn("w:val"), "true")
            properties.append(header)
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
            if index == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph()


def export_summary(export: Export, *, shown: str | None = None) -> str:
    """What the export made, in Dutch, and what to do before handing it over."""

    rows = ", ".join(f"{s.title} {len(s.rows)}" for s in export.sheets)
    made = [
        (OVERVIEW_NAME, "het overzicht voor het gezin, in gewone taal"),
        (ROWS_NAME, f"{plural(export.row_count, 'rij', 'rijen')} uit de werkmap ({rows})"),
        (DOCUMENTS_NAME + "/", plural(len(export.documents), "document", "documenten")),
    ]
    lines = textwrap.wrap(f"Inzage in dossier {export.dossier} klaar in {shown or export.folder}:", 80,
                          break_long_words=False, break_on_hyphens=False)
    for name, what in made:
        lines += textwrap.wrap(what, 80, initial_indent=f"  {name:<16}", subsequent_indent=" " * 18)
    if export.others:
        names = ", ".join(p.name for p in export.others[:5]) + (" ..." if len(export.others) > 5 else "")
        lines += textwrap.wrap(
            f"Let op: {plural(len(export.others), 'bestand', 'bestanden')} in de map van het dossier "
            f"maakte eenplan niet ({names}); ze staan in {DOCUMENTS_NAME}/ omdat het team ze bij "
            "het gezin bewaart. Kijk na of ze erbij horen.", 80)
    if export.links:
        lines += textwrap.wrap(
            f"Niet gevolgd: {', '.join(p.name for p in export.links[:5])} is een koppeling naar een "
            "plaats buiten de teammap; wat daar staat, zit niet in deze inzage. Kijk zelf na wat "
            "het gezin daarvan moet krijgen.", 80)
    if export.absent:
        one = len(export.absent) == 1
        lines += textwrap.wrap(
            f"Let op: {'het blad' if one else 'de bladen'} {and_list(list(export.absent))} "
            f"{'staat' if one else 'staan'} niet in de werkmap, dus eenplan las "
            f"{'het' if one else 'ze'} als leeg (net als eenplan check); houdt het team dat bij "
            "op een blad met een andere naam, zet die naam dan bij [bladen] in eenplan.toml en maak "
            "de inzage opnieuw.", 80)
    lines += team_sheet_summary(export)
    lines += elsewhere_summary(export)
    if export.language != DUTCH:
        lines += textwrap.wrap(language_note(export.language), 80, break_on_hyphens=False)
    lines += textwrap.wrap(
        "Lees alles na voor je het aan het gezin geeft: wat over anderen gaat (bijvoorbeeld in een "
        "verslag) mag je afschermen.", 80)
    return "\n".join(lines)


def team_sheet_summary(export: Export) -> list[str]:
    """What the inzage could not look at: the team's sheets without a Dossier column, copies of
    the workbook beside it, rows under a number that reads as the dossier's."""
    said = [f"Kijk zelf na: eenplan kon op blad {title} niet zien welke rijen bij dit dossier horen "
            "(er staat geen kolom Dossier in de kopregel); wat erop over dit gezin staat, zit niet in "
            "deze inzage." for title in export.sheets_unclear]
    if export.copies:
        one = len(export.copies) == 1
        said.append(
            f"Kijk zelf na: er {'staat een kopie' if one else 'staan kopieën'} van de werkmap naast: "
            f"{and_list(list(export.copies))}. eenplan opent {'ze' if one else 'die'} niet; staan er "
            "rijen van dit gezin in die niet in de werkmap staan, geef ze het gezin dan ook.")
    for title, row, written in export.odd_rows:
        said.append(
            f"Let op: {title} rij {row} heeft dossiernummer {written}, dat niet op het blad "
            f"{export.dossiers_title} staat maar op {export.dossier} lijkt; die rij zit niet in deze "
            "inzage. Hoort ze bij dit gezin, verbeter dan het nummer in de werkmap en maak de "
            "inzage opnieuw.")
    return [line for text in said for line in textwrap.wrap(text, 80, break_on_hyphens=False)]


def language_note(code: str) -> str:
    """The sentence for the staff member when the family reads another language (Taal): the
    overview is in Dutch (for French and English it opens with one sentence in that language)."""
    from babel import Locale  # only for a family that reads another language

    name = Locale.parse("nl_BE").languages.get(code, code)
    opening = (f", met bovenaan één zin in het {name} die dat zegt" if code in OTHER_LANGUAGE_NOTES
               else "")
    return (f"Let op: het gezin leest {name} (kolom Taal), maar het overzicht is in het "
            f"Nederlands{opening}: overloop het samen met het gezin of laat het vertalen.")


def elsewhere_summary(export: Export) -> list[str]:
    """What the export says to the staff member of what the team keeps besides, and what to do."""
    found = export.elsewhere
    said: list[str] = []
    if found.spelled:
        where = and_list(list(found.spelled[:5])) + (
            " ..." if len(found.spelled) > 5 else "")
        said.append(
            f"Niet in deze inzage: {where} {'heeft' if len(found.spelled) == 1 else 'hebben'} "
            "documenten onder een andere schrijfwijze van het nummer "
            f"({' of '.join(found.earlier)}): kijk na of ze bij dit gezin horen en voeg ze dan zelf "
            f"toe aan {DOCUMENTS_NAME}/.")
    if found.unowned:
        said.append(
            f"Niet in deze inzage: in out/ staan ook documenten onder "
            f"{'het nummer' if len(found.unowned) == 1 else 'de nummers'} {and_list(list(found.unowned))}, "
            f"dat geen rij op het blad {export.dossiers_title} heeft. Hoort er iets bij dit gezin (een "
            f"nummer dat veranderde?), kopieer het dan zelf naar {DOCUMENTS_NAME}/; `eenplan "
            "retention` toont waar ze staan.")
    if found.versions:
        versions = plural(len(found.versions), "oudere versie", "oudere versies")
        said.append(
            f"In .eenplan/snapshots/ {'staat' if len(found.versions) == 1 else 'staan'} {versions} "
            "van de werkmap met dit dossier: het overzicht zegt het gezin dat ze bestaan. Vraagt het "
            "gezin ze, dan zet `eenplan restore --list --dossier "
            f"{export.dossier}` en `eenplan restore SNAPSHOT --dossier {export.dossier}` hun rijen in "
            "een aparte werkmap.")
    if found.restored:
        books = plural(len(found.restored), "teruggehaalde werkmap", "teruggehaalde werkmappen")
        said.append(
            f"Naast de werkmap {'staat' if len(found.restored) == 1 else 'staan'} {books} met rijen "
            f"van dit dossier ({', '.join(p.name for p in found.restored[:3])}): het overzicht "
            "noemt ze.")
    if found.mails:
        names = ", ".join(m.path.name for m in found.mails[:3]) + (" ..." if len(found.mails) > 3 else "")
        said.append(
            f"{plural(len(found.mails), 'wekelijkse mail', 'wekelijkse mails')} (.eml in rapporten/) "
            f"{'noemt' if len(found.mails) == 1 else 'noemen'} dit dossier ({names}): het overzicht "
            "noemt ze, zonder de andere gezinnen die erin staan.")
    if found.family:
        said.append(
            f"Het gezin heeft ook {'dossier' if len(found.family) == 1 else 'de dossiers'} "
            f"{and_list([d.id for d in found.family])} (dezelfde naam en hetzelfde adres): het "
            "overzicht noemt het; maak er een aparte inzage van als het gezin alles wil zien.")
    if found.namesakes:
        said.append(
            f"Een gezin met dezelfde naam, maar een ander of geen adres, heeft "
            f"{'dossier' if len(found.namesakes) == 1 else 'de dossiers'} "
            f"{and_list([d.id for d in found.namesakes])}: het overzicht noemt het niet. Kijk na of "
            "het hetzelfde gezin is.")
    return [line for text in said for line in textwrap.wrap(text, 80, break_on_hyphens=False)]


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
