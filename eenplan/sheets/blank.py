"""The team's workbook as `init` makes it (empty) and `demo` fills it, built from the schema alone.

Every sheet of the schema gets its headers (with the column's help as a comment), an Excel
table, a frozen header row, readable widths, and cell checks (data validation): drop-downs that
point at the lists on Lijsten through defined names, fixed choices, dates from 2000 to 2099.
On Dossiers a row turns red when a step of its flow is overdue and amber in the step's warning
window, computed by Excel itself (EDATE and TODAY), so staff see it without eenplan. The rules
(``colours``) come from the team's flows (``flows.colours``): the norm lives in one place.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eenplan.files import reproducible_zip, write_atomically
from eenplan.sheets.formatting import RowColour
from eenplan.sheets.schema import (
    BEGELEIDER_PHONE,
    DOSSIERS,
    DOSSIERS_SCHEMA,
    LIST_NAMES,
    LISTS,
    LISTS_LAYOUT,
    SCHEMAS,
    STAFF_CONTACT_NAMES,
    Column,
    Kind,
    SheetSchema,
    column_letter,
)

# openpyxl (0.4 s to import) is imported where the workbook is written, not by every command.

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Drop-downs, date checks and the overdue colour reach down to this row.
LAST_ROW = 5000
# The rows of Lijsten the drop-downs look at: room for the team to add values.
LIST_ROWS = 200
# Dates the cell check accepts: 01/01/2000 up to 31/12/2099.
FIRST_DATE = datetime.date(2000, 1, 1)
LAST_DATE = datetime.date(2099, 12, 31)
TABLE_STYLE = "TableStyleMedium2"
OVERDUE_FILL = "F8CBAD"
OVERDUE_FONT = "9C0006"
DUE_SOON_FILL = "FFE699"

Rows = Mapping[str, Sequence[Mapping[str, object]]]

_NUMBER_FORMATS = {Kind.DATE: "dd/mm/yyyy", Kind.KEY: "@", Kind.TIME: "hh:mm", Kind.WHOLE: "0"}
_FLOW = DOSSIERS_SCHEMA.column("flow")


def list_range_name(list_name: str) -> str:
    """The defined name of a list on Lijsten: "Redenen afsluiting" -> "Redenen_afsluiting"."""
    return list_name.replace(" ", "_")


def write_workbook(
    path: Path,
    lists: Mapping[str, Sequence[str]],
    *,
    flow_names: Sequence[str],
    rows: Rows | None = None,
    title: str = "",
    dated: datetime.date | None = None,
    colours: Sequence[RowColour] = (),
) -> Path:
    """Write the workbook to ``path`` (atomically): empty, or with ``rows`` (sheet -> field -> value).

    ``dated``: made on that day (properties and zip entries), so the same rows give the same bytes.
    ``colours``: the row colours on Dossiers (``flows.colours.norm_colours``), red ones first.
    """
    book = build_workbook(lists, flow_names=flow_names, rows=rows, title=title, colours=colours)
    if dated is None:
        return write_atomically(path, lambda temporary: book.save(temporary))
    book.properties.created = datetime.datetime.combine(dated, datetime.time(0, 0))
    buffer = io.BytesIO()
    book.save(buffer)
    data = reproducible_zip(buffer.getvalue(), dated)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def build_workbook(
    lists: Mapping[str, Sequence[str]],
    *,
    flow_names: Sequence[str],
    rows: Rows | None = None,
    title: str = "",
    colours: Sequence[RowColour] = (),
) -> Workbook:
    """The workbook in memory. A str in a date column is written as text, as someone typed it."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    book = Workbook()
    book.remove(book.worksheets[0])
    for schema in SCHEMAS.values():
        sheet = book.create_sheet(schema.name)
        data = (rows or {}).get(schema.name, ())
        _write_sheet(sheet, schema, data, flow_names)
        if schema.name == DOSSIERS:
            _add_row_colours(sheet, colours)
    _write_lists(book.create_sheet(LISTS), lists)
    for name in LIST_NAMES:
        letter = column_letter(LISTS_LAYOUT.index(name))
        reference = f"{LISTS}!${letter}$2:${letter}${LIST_ROWS}"
        book.defined_names[list_range_name(name)] = DefinedName(
            list_range_name(name), attr_text=reference
        )
    book.active = 0
    book.properties.creator = "eenplan"
    book.properties.lastModifiedBy = "eenplan"
    book.properties.title = title or "Caseload"
    return book


def _write_sheet(
    sheet: Worksheet, schema: SheetSchema, data: Sequence[Mapping[str, object]],
    flow_names: Sequence[str],
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment

    columns = schema.columns
    sheet.append([c.header for c in columns])
    header_style = Alignment(wrap_text=True, vertical="center")
    for index, column in enumerate(columns):
        cell = sheet.cell(1, index + 1)
        cell.alignment = header_style
        note = _note(schema, column, flow_names)
        if note:
            cell.comment = Comment(note, "eenplan", width=320, height=110)
        dimension = sheet.column_dimensions[column_letter(index)]
        dimension.width = max(column.width, _longest_word(column.header) + 4)
        if column.kind in _NUMBER_FORMATS:
            dimension.number_format = _NUMBER_FORMATS[column.kind]
    sheet.row_dimensions[1].height = 32
    for values in data:
        sheet.append([_cell_value(column, values.get(column.field)) for column in columns])
        row = sheet.max_row
        for index, column in enumerate(columns):
            cell = sheet.cell(row, index + 1)
            if column.kind in _NUMBER_FORMATS and cell.value is not None:
                # on a filled cell too: a number typed over "2026-014" must stay text
                cell.number_format = _NUMBER_FORMATS[column.kind]
    _add_validations(sheet, schema, flow_names)
    _add_table(sheet, schema.name, len(columns), max(len(data) + 1, 2))
    sheet.freeze_panes = "C2" if schema.name == DOSSIERS else "B2"
    _print_setup(sheet)


def _cell_value(column: Column, value: object) -> object:
    if value is None or value == "":
        return None
    if column.kind is Kind.YES_NO and isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def _longest_word(text: str) -> int:
    return max(len(word) for word in text.split())


def _note(schema: SheetSchema, column: Column, flow_names: Sequence[str]) -> str:
    """The header's comment: the column's help and what the cell accepts, in Dutch."""
    parts = [column.help] if column.help else []
    if schema is DOSSIERS_SCHEMA and column == _FLOW:
        parts.append("Kies " + _or_list(flow_names) + ".")
    elif column.list_name:
        parts.append(f"Kies uit de lijst {column.list_name} op het blad Lijsten.")
    elif column.kind is Kind.CHOICE:
        parts.append("Kies " + _or_list(column.choices) + ".")
    elif column.kind is Kind.YES_NO:
        parts.append("Kies ja of nee.")
    elif column.kind is Kind.DATE:
        parts.append("Een datum als dag/maand/jaar, bijvoorbeeld 07/12/2026.")
    elif column.kind is Kind.TIME:
        parts.append("Een uur, bijvoorbeeld 14:00.")
    elif column.kind is Kind.EMAIL:
        parts.append("Eén e-mailadres, bijvoorbeeld naam@voorbeeld.be.")
    if schema is DOSSIERS_SCHEMA and column.field == "perspective_on":
        parts.append("De rij kleurt rood als een stap van het traject te laat is volgens de "
                     "termijnen in de map flows/, en geel vlak ervoor. Pauzes telt die kleur niet "
                     "mee: `eenplan overdue` wel.")
    if column.required:
        parts.append("Verplicht.")
    return " ".join(parts)


def _or_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " of " + words[-1]


def _add_validations(sheet: Worksheet, schema: SheetSchema, flow_names: Sequence[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    checks: dict[tuple, DataValidation] = {}

    def check_for(key: tuple, **options: Any) -> DataValidation:
        if key not in checks:
            checks[key] = DataValidation(allow_blank=True, showErrorMessage=True, **options)
            sheet.add_data_validation(checks[key])
        return checks[key]

    for index, column in enumerate(schema.columns):
        letter = column_letter(index)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        validation = None
        if schema is DOSSIERS_SCHEMA and column == _FLOW and flow_names:
            # a team may add its own flows in flows/: a warning, not a stop
            validation = check_for(
                ("flow",), type="list", formula1=_inline(flow_names), errorStyle="warning",
                errorTitle="Onbekend traject",
                error="Kies " + _or_list(flow_names) + ". Een eigen traject hoort in de map flows/.",
            )
        elif column.list_name:
            validation = check_for(
                ("list", column.list_name), type="list", formula1=list_range_name(column.list_name),
                errorTitle=f"Niet in de lijst {column.list_name}",
                error=f"Kies een waarde uit de lijst. Staat ze er niet bij, voeg ze dan toe in de "
                      f"kolom {column.list_name} op het blad Lijsten.",
            )
        elif column.kind is Kind.CHOICE:
            validation = check_for(
                ("choice", column.choices), type="list", formula1=_inline(column.choices),
                errorTitle=f"{column.header} kan niet", error="Kies " + _or_list(column.choices) + ".",
            )
        elif column.kind is Kind.YES_NO:
            validation = check_for(
                ("yes-no",), type="list", formula1=_inline(("ja", "nee")),
                errorTitle="Ja of nee", error="Kies ja of nee.",
            )
        elif column.kind is Kind.DATE:
            validation = check_for(
                ("date",), type="date", operator="between",
                formula1=str(_serial(FIRST_DATE)), formula2=str(_serial(LAST_DATE)),
                errorTitle="Geen datum",
                error="Typ een datum als dag/maand/jaar, bijvoorbeeld 07/12/2026 (tussen 2000 en 2099).",
            )
        elif column.kind is Kind.WHOLE:
            validation = check_for(
                ("whole",), type="whole", operator="greaterThanOrEqual", formula1="0",
                errorTitle="Geen geheel getal", error="Typ een geheel getal, bijvoorbeeld 3.",
            )
        elif column.kind is Kind.TIME:
            validation = check_for(
                ("time",), type="time", operator="between", formula1="0", formula2="0.999305556",
                errorTitle="Geen uur", error="Typ een uur, bijvoorbeeld 14:00.",
            )
        if validation is not None:
            validation.add(cells)


def _inline(words: Sequence[str]) -> str:
    return '"' + ",".join(words) + '"'


def _serial(day: datetime.date) -> int:
    return (day - datetime.date(1899, 12, 30)).days


def _add_table(sheet: Worksheet, name: str, width: int, height: int) -> None:
    from openpyxl.worksheet.table import Table, TableStyleInfo

    table = Table(displayName=name, ref=f"A1:{column_letter(width - 1)}{height}")
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    sheet.add_table(table)


def _add_row_colours(sheet: Worksheet, colours: Sequence[RowColour]) -> None:
    """Red rows stop there (stopIfTrue), so a late row is never amber too."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    cells = f"A2:{column_letter(len(DOSSIERS_SCHEMA.columns) - 1)}{LAST_ROW}"
    for colour in colours:
        if colour.late:
            rule = FormulaRule(
                formula=[colour.formula], stopIfTrue=True,
                fill=PatternFill("solid", bgColor=OVERDUE_FILL), font=Font(color=OVERDUE_FONT),
            )
        else:
            rule = FormulaRule(formula=[colour.formula], fill=PatternFill("solid", bgColor=DUE_SOON_FILL))
        sheet.conditional_formatting.add(cells, rule)


def _write_lists(sheet: Worksheet, lists: Mapping[str, Sequence[str]]) -> None:
    from openpyxl.comments import Comment

    for index, name in enumerate(LISTS_LAYOUT):
        cell = sheet.cell(1, index + 1, name)
        if name in STAFF_CONTACT_NAMES:
            what = "telefoonnummer" if name == BEGELEIDER_PHONE else "e-mailadres"
            note = (f"Het {what} van de begeleider op dezelfde rij, voor de brieven die die "
                    "begeleider noemen. Mag leeg blijven: dan staat dat van het team in de brief.")
        else:
            note = (f"De keuzes voor de kolom {name}. Voeg een waarde toe onder de laatste (tot rij "
                    f"{LIST_ROWS}); de keuzelijsten in de werkmap nemen ze meteen over.")
        cell.comment = Comment(note, "eenplan", width=320, height=90)
        sheet.column_dimensions[column_letter(index)].width = max(
            [24, *(len(v) + 2 for v in lists.get(name, ()))]
        )
        for row, value in enumerate(lists.get(name, ()), start=2):
            sheet.cell(row, index + 1, value)
    _add_table(sheet, LISTS, len(LISTS_LAYOUT), LIST_ROWS)
    sheet.freeze_panes = "A2"


def _print_setup(sheet: Worksheet) -> None:
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # openpyxl makes it with the sheet

