"""`eenplan export DOSSIER`: everything the team keeps about one family, for the family to see.

A family (or a child over 12) may ask to see its record. The export gathers, in one new folder
under ``rapporten/inzage/``:

- ``Overzicht.docx``: a readable overview in Dutch, every row about the family on every sheet,
  under the headers as the team wrote them;
- ``Gegevens.xlsx``: the same rows as they stand in the workbook, one sheet a workbook sheet,
  including the team's own columns;
- ``Documenten/``: copies of the documents eenplan generated for the dossier.

The rows are taken as the workbook holds them (every column, the team's own ones too), found
through the records the reader made. The workbook itself is only read.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.docx_templates.documents import find_dossier, require
from eenplan.docx_templates.template import neutral_properties
from eenplan.dutch import hour, long_date, plural, short_date
from eenplan.errors import OutputError
from eenplan.files import TEMP_PREFIX, files_inside, require_inside, safe_name
from eenplan.sheets.reader import open_workbook
from eenplan.sheets.records import Caseload
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, NETWORK, PAUSES, ROUND_TABLES, column_letter
from eenplan.team.folder import Team
from eenplan.team.state import Generated, State

# openpyxl and python-docx are imported where their file is written: each costs 0.1-0.4 s.

EXPORTS = "inzage"
OVERVIEW_NAME = "Overzicht.docx"
ROWS_NAME = "Gegevens.xlsx"
DOCUMENTS_NAME = "Documenten"

# How the overview names each sheet's part, for a family
SECTIONS: dict[str, tuple[str, str]] = {
    DOSSIERS: ("Het dossier", "Wat het team over het traject van het gezin bijhoudt."),
    NETWORK: ("Het netwerk", "De mensen rond het gezin die het team noteerde."),
    PAUSES: ("Pauzes", "Periodes waarin het traject even stillag."),
    ROUND_TABLES: ("Rondetafels", "De rondetafelgesprekken met het gezin en zijn netwerk."),
    AGREEMENTS: ("Afspraken", "Wat er op de rondetafels afgesproken werd."),
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
class Export:
    dossier: str
    folder: Path
    sheets: tuple[SheetRows, ...]
    documents: tuple[Path, ...]  # the copies, in the export folder

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


def generated_documents(team: Team, number: str) -> list[Path]:
    """The files eenplan made for a dossier: its out/ folder, and what the state remembers."""

    found: dict[Path, None] = {}
    for folder in _dossier_folders(team, number):
        for path in files_inside(team.base, folder):  # a link to elsewhere is not the family's record
            if not path.name.startswith((TEMP_PREFIX, "~$")):
                found[path] = None
    if team.state_dir.is_dir():
        with State(team.state_dir, root=team.base) as state:
            found.update(dict.fromkeys(remembered_files(team, state, state.generated_for(number))))
    return list(found)


def remembered_files(team: Team, state: State, records: Sequence[Generated]) -> list[Path]:
    """The files under out/ the state remembers making (it knows them by a hash of their path,
    since a file name can carry a person's name): also those a person moved within out/."""
    keys = {record.file for record in records}
    if not keys:
        return []
    return [path for path in files_inside(team.base, team.out_dir) if state.key(path) in keys]


def _dossier_folders(team: Team, number: str) -> list[Path]:
    names = dict.fromkeys((safe_name(number, ""), number.strip()))
    return [team.out_dir / name for name in names if name and (team.out_dir / name).is_dir()]


def export_dossier(team: Team, caseload: Caseload, number: str, *, today: datetime.date,
                   now: datetime.datetime | None = None) -> Export:
    """Write the family's record into a new folder under rapporten/inzage/ and audit it (at
    ``now``, the moment the command started)."""

    require(caseload, EXPORT_NEEDS, "de inzage niet volledig maken")
    wanted = dossier_rows(caseload, number)
    number = _written_number(caseload, number)
    sheets = read_rows(team.workbook, caseload, wanted)
    sources = generated_documents(team, number)
    parent = require_inside(team.base, team.reports_dir / EXPORTS)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
    except OSError as exc:
        raise OutputError(
            f"eenplan kan niet schrijven in {parent} ({exc.strerror}): kies een map waar je mag "
            "schrijven."
        ) from None
    try:
        copies = _copy_documents(sources, team.base, temporary / DOCUMENTS_NAME)
        _write_rows(sheets, temporary / ROWS_NAME, team_name=team.settings.team_name, today=today)
        _write_overview(sheets, copies, temporary / OVERVIEW_NAME, number=number,
                        team_name=team.settings.team_name, today=today)
        folder = _free_folder(parent, f"{safe_name(number, '')} {today.isoformat()}")
        os.rename(temporary, folder)
    except OSError as exc:
        raise OutputError(f"De inzage kan niet geschreven worden in {parent}: {exc.strerror}.") from None
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
    export = Export(number, folder, sheets, tuple(folder / DOCUMENTS_NAME / c for c in copies))
    with State(team.state_dir, root=team.base) as state:
        state.audit("export", number, _audit_detail(export), at=now)
    return export


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
            relative = Path(*relative.parts[1:]) if len(relative.parts) > 1 else relative
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


def _write_overview(sheets: Sequence[SheetRows], documents: Sequence[Path], path: Path, *, number: str,
                    team_name: str, today: datetime.date) -> None:
    """The overview for the family: plain Dutch, one small table a row."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    document.add_heading(f"Inzage in dossier {number}", level=0)
    document.add_paragraph(
        f"Dit is alles wat {team_name} over jullie gezin bijhoudt: de gegevens in onze werkmap "
        f"en de documenten die we voor jullie maakten. Stand van {long_date(today)}."
    )
    document.add_paragraph(
        "Klopt er iets niet, of wil je dat we iets verbeteren of wissen? Zeg het aan je "
        "begeleider: dat is je recht."
    )
    for part in sheets:
        heading, intro = SECTIONS.get(part.sheet, (part.title, ""))
        document.add_heading(f"{heading} ({len(part.rows)})" if part.sheet != DOSSIERS else heading, 1)
        if intro:
            document.add_paragraph(intro)
        for index, (_, cells) in enumerate(part.rows, start=1):
            if len(part.rows) > 1:
                document.add_heading(f"{heading}: {index} van {len(part.rows)}", level=2)
            filled = [(h, _text(v)) for h, v in zip(part.headers, cells, strict=True) if _text(v).strip()]
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for header, text in filled:
                row = table.add_row().cells
                row[0].text = header
                row[1].text = text
                for run in row[0].paragraphs[0].runs:
                    run.bold = True
            document.add_paragraph()
    document.add_heading(f"Documenten ({len(documents)})", 1)
    if documents:
        document.add_paragraph(
            f"Kopieën van deze documenten staan in de map {DOCUMENTS_NAME} naast dit overzicht:"
        )
        for copy in documents:
            document.add_paragraph(copy.name, style="List Bullet")
    else:
        document.add_paragraph("eenplan maakte nog geen documenten voor dit dossier.")
    document.add_paragraph(
        f"Samen {plural(sum(len(s.rows) for s in sheets), 'rij', 'rijen')} uit de werkmap. "
        f"Dezelfde gegevens staan in {ROWS_NAME}, zoals ze in de werkmap staan."
    )
    # no author but the team: documents carry no one's name in their metadata
    neutral_properties(document, team_name, today=today,
                       title=f"Inzage in dossier {number}")
    document.save(str(path))


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
    lines += textwrap.wrap(
        "Lees alles na voor je het aan het gezin geeft: wat over anderen gaat (bijvoorbeeld in een "
        "verslag) mag je afschermen.", 80)
    return "\n".join(lines)
