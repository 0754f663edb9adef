"""The statistics report as a workbook, a Word report for the steering group, or JSON.

The writers lay out a ``figures.Report`` and its charts; they count nothing themselves.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from eenplan.dutch import date_without_weekday, plural
from eenplan.files import reproducible_zip, write_atomically, write_text_atomically
from eenplan.sheets.schema import column_letter
from eenplan.stats.charts import DPI, Chart
from eenplan.stats.figures import TOTAL, Report, Table
from eenplan.stats.suppression import HIDDEN, below

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl and python-docx are imported by the writer of their format only: each costs 0.1-0.4 s.

DASH = "–"
SCALE = 0.75 * 110 / DPI  # a chart keeps its size on the sheet, whatever its dpi
NOT_FOR_SHARING = "INTERN: niet delen buiten het team (kleine aantallen en namen van begeleiders staan erin)"


def legend(report: Report) -> str:
    """What the marks mean; the team's own report has none but the dash."""
    if report.intern:
        return f"{DASH}: niets te tonen."
    return (f"{HIDDEN}: niet getoond: een klein aantal, of een aantal waaruit een klein aantal af te "
            f"leiden is. {below(report.threshold)}: minder dan {report.threshold} gezinnen. ≥ 87 %: ten "
            f"minste 87 %; het precieze percentage zou een klein aantal verraden. {DASH}: niets te tonen.")
# the table each chart stands beside
CHART_OF = {"per_kwartaal": "op_tijd", "verdeling_dagen": "dagen_tot_gesprek", "wachttijd": "wachttijd",
            "caseload": "caseload"}
SHEET_NAMES = {
    "per_maand": "Per maand",
    "per_kwartaal": "Per kwartaal",
    "verdeling_dagen": "Dagen tot gesprek",
    "wachttijd": "Wachttijd",
    "per_team": "Per team",
    "per_gemeente": "Per gemeente",
    "per_aanmelder": "Per aanmelder",
    "per_hulpvraag": "Per hulpvraag",
    "per_traject": "Per traject",
    "afgesloten": "Afgesloten",
    "redenen": "Redenen afsluiting",
    "caseload": "Caseload",
    "niet_meegeteld": "Niet meegeteld",
}


def report_name(report: Report, suffix: str) -> str:
    intern = " INTERN" if report.intern else ""
    return f"Statistiek {report.start.isoformat()} tot {report.end.isoformat()}{intern}{suffix}"


def text(value: object, kind: str) -> str:
    """A value as the report prints it: 52,2 %, 15,5, <5, –."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return f"≥ {value[1:]} %" if kind == "share" and value.startswith("≥") else value
    if kind == "share":
        return f"{value:.1f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def summary(report: Report) -> list[str]:
    """The few figures a steering group asks first, in sentences, from the Totaal rows."""
    month = report.table("per_maand").row(TOTAL)
    closed = report.table("afgesloten").row(TOTAL)
    said = [
        f"Aanmeldingen: {text(month['aanmeldingen'], 'count')}; eerste gesprek binnen de norm: "
        f"{text(month['pct_binnen_norm'], 'share')}; nog wachtend: {text(month['pct_wacht_nog'], 'share')}; "
        f"mediaan {text(month['mediaan_dagen'], 'days')} dagen van aanmelding tot gesprek.",
        f"Afgesloten trajecten: {text(closed['afgesloten'], 'count')}; binnen de duurnorm: "
        f"{text(closed['pct_binnen_duurnorm'], 'share')}; met gezinsplan: "
        f"{text(closed['pct_gezinsplan'], 'share')}; mediaan duur {text(closed['mediaan_duur'], 'days')} "
        "dagen.",
    ]
    return said


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def write_json(report: Report, path: Path) -> Path:
    return write_text_atomically(path, to_json(report) + "\n")


def write_xlsx(report: Report, chart_list: Sequence[Chart], path: Path) -> Path:
    """An overview sheet, then a sheet a table, each chart beside its table."""
    _import_openpyxl_without_numpy()
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font, PatternFill

    pictures = {c.key: c for c in chart_list}
    book = Workbook()
    overview = cast("Worksheet", book.active)  # a new workbook holds one worksheet
    overview.title = "Overzicht"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    overview.column_dimensions["A"].width = 110
    overview.append([_title(report)])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append([_subtitle(report)])
    overview["A2"].alignment = wrap
    overview.append([])
    overview.append(["Kort"])
    overview.cell(overview.max_row, 1).font = bold
    for line in summary(report):
        overview.append([line])
        overview.cell(overview.max_row, 1).alignment = wrap
    overview.append([])
    overview.append(["Definities"])
    overview.cell(overview.max_row, 1).font = bold
    for line in report.definitions:
        overview.append([line])
        overview.cell(overview.max_row, 1).alignment = wrap
    for number in range(2, overview.max_row + 1):  # wrapped text gets the height it needs
        value = overview.cell(number, 1).value
        if isinstance(value, str) and len(value) > 115:
            overview.row_dimensions[number].height = 13.5 * (len(value) // 115 + 1)
    _page_setup(overview, report, title_rows=None, one_page=False)
    head = PatternFill("solid", fgColor="DDEBF7")
    # one style object each, shared by every cell that has it: openpyxl builds and hashes each anew
    title_font, intro, header = Font(bold=True, size=12), Alignment(wrap_text=True, vertical="top"), \
        Alignment(wrap_text=True, vertical="bottom")
    right, red = Alignment(horizontal="right"), Font(bold=True, color="C00000")
    for table in report.tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
        sheet.append([table.title])
        sheet["A1"].font = title_font
        sheet.append([table.intro])
        # the intro wraps over the table's width, so that it does not widen the printed page
        last = _letter(max(len(table.columns), 2))
        sheet.merge_cells(f"A2:{last}2")
        sheet["A2"].alignment = intro
        width = 32 + 13 * (max(len(table.columns), 2) - 1)
        sheet.row_dimensions[2].height = 14 * (len(table.intro) // int(width * 1.1) + 1)
        sheet.append([NOT_FOR_SHARING if report.intern else ""])
        if report.intern:
            sheet["A3"].font = red
        sheet.append([c.label for c in table.columns])
        for cell in sheet[4]:
            cell.font, cell.fill, cell.alignment = bold, head, header
        for row in table.rows:
            sheet.append([_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
            if row[0] == TOTAL:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind == "share" and isinstance(cell.value, float):
                    cell.number_format = "0.0%"
                if column.kind != "label":
                    cell.alignment = right
        sheet.column_dimensions["A"].width = 32
        for index in range(2, len(table.columns) + 1):
            sheet.column_dimensions[_letter(index)].width = 13
        sheet.freeze_panes = "B5"
        sheet.row_dimensions[4].height = 30  # the header's wrapped labels
        chart = pictures.get(CHART_OF.get(table.key, ""))
        if chart is not None:
            image = Image(io.BytesIO(chart.png))
            image.width, image.height = image.width * SCALE, image.height * SCALE  # type: ignore[assignment]
            sheet.add_image(image, f"A{len(table.rows) + 7}")
        _page_setup(sheet, report, title_rows="4:4", one_page=True)
    moment = datetime.datetime.combine(report.as_of, datetime.time(0, 0))
    book.properties.creator = book.properties.lastModifiedBy = report.team or "eenplan"
    book.properties.created = book.properties.modified = moment
    book.properties.title = _title(report)
    buffer = io.BytesIO()
    book.save(buffer)
    data = reproducible_zip(buffer.getvalue(), report.as_of)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def _import_openpyxl_without_numpy() -> None:
    """openpyxl imports numpy when it is installed (matplotlib brings it along) only to accept
    numpy's numbers in a cell; the report writes Python numbers only, and numpy's import is a
    quarter of the 0.4 s a statistics run may take. So, the first time, openpyxl is imported as
    if numpy were not installed (a None in sys.modules makes ``import numpy`` fail)."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def _page_setup(sheet, report: Report, *, title_rows: str | None, one_page: bool) -> None:  # noqa: ANN001
    """A4 landscape, one page wide (a table and its chart on one page), the header row on every
    page, the team's own report marked on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_rows:
        sheet.print_title_rows = title_rows
    if report.intern:
        sheet.oddHeader.center.text = NOT_FOR_SHARING
        sheet.oddHeader.center.color = "C00000"
        sheet.oddHeader.center.font = "Calibri,Bold"
    sheet.oddFooter.left.text = _title(report)
    sheet.oddFooter.right.text = "&P / &N"


def _cell(value: object, kind: str) -> object:
    """Numbers stay numbers in the workbook (a share as a fraction, formatted as %)."""
    if value is None:
        return DASH
    if kind == "share" and isinstance(value, (int, float)):
        return round(value / 100, 4)
    return value


def _letter(index: int) -> str:

    return column_letter(index - 1)


def _title(report: Report) -> str:
    return f"Monitoring 1 Gezin 1 Plan{': ' + report.team if report.team else ''}"


def _subtitle(report: Report) -> str:
    return (f"Aanmeldingen en afsluitingen van {date_without_weekday(report.start)} tot en met "
            f"{date_without_weekday(report.end)}, stand van {date_without_weekday(report.as_of)}. "
            + (f"{NOT_FOR_SHARING}." if report.intern else f"{legend(report)} Namen staan er niet in."))


def write_docx(report: Report, chart_list: Sequence[Chart], path: Path) -> Path:
    """A report for the steering group, in Dutch: the key figures, each table, the charts, the
    definitions."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from eenplan.docx_templates.template import neutral_properties  # and Jinja: for the docx only

    pictures = {c.key: c for c in chart_list}
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2)
    section.footer.paragraphs[0].text = _title(report)
    if report.intern:
        from docx.shared import RGBColor

        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(NOT_FOR_SHARING)
        run.bold, run.font.color.rgb = True, RGBColor(0xC0, 0, 0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    document.add_heading(_title(report), level=0)
    document.add_paragraph(_subtitle(report) + " Hoe er geteld werd, staat achteraan bij Definities.")
    document.add_heading("Kort", level=1)
    for line in summary(report):
        document.add_paragraph(line, style="List Bullet")
    for table in report.tables:
        document.add_heading(table.title, level=1).paragraph_format.keep_with_next = True
        document.add_paragraph(table.intro).paragraph_format.keep_with_next = True
        _docx_table(document, table, Pt, Cm, WD_ALIGN_PARAGRAPH)
        chart = pictures.get(CHART_OF.get(table.key, ""))
        if chart is not None:
            document.add_paragraph()
            document.add_picture(io.BytesIO(chart.png), width=Cm(17))
    document.add_heading("Definities", level=1)
    for line in report.definitions:
        document.add_paragraph(line)
    neutral_properties(document, report.team or "eenplan", today=report.as_of, title=_title(report))
    buffer = io.BytesIO()
    document.save(buffer)
    data = reproducible_zip(buffer.getvalue(), report.as_of)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


# a narrow column breaks a long word where Word would: at a soft hyphen, not at its last letter
_HYPHENATED = {"Aanmeldingen": "Aanmel\u00addingen", "Afgesloten": "Afge\u00adsloten",
               "duurnorm": "duur\u00adnorm", "gezinsplan": "gezins\u00adplan"}


def _docx_table(document, table: Table, Pt, Cm, align) -> None:  # noqa: ANN001, N803 - docx, lazily imported
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Light Grid Accent 1"
    grid.autofit = False
    small = Pt(8) if len(table.columns) > 8 else Pt(9)
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = " ".join(_HYPHENATED.get(word, word) for word in column.label.split(" "))
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            cell.text = text(value, column.kind)
            if column.kind != "label":
                cell.paragraphs[0].alignment = align.RIGHT
    # the labels get room; the numbers share the rest of the 17 cm
    first = (4.2 if any(len(str(r[0])) > 16 for r in table.rows) else 3.6) if len(table.columns) > 3 else 6.0
    rest = (17 - first) / max(len(table.columns) - 1, 1)
    for index, column in enumerate(grid.columns):  # the grid's widths: LibreOffice reads these
        column.width = Cm(first if index == 0 else rest)
    last = len(grid.rows) - 1
    for number, row in enumerate(grid.rows):
        _cant_split(row)
        for index, cell in enumerate(row.cells):
            cell.width = Cm(first if index == 0 else rest)
            for paragraph in cell.paragraphs:
                # a table is not split over two pages: each row keeps with the next
                paragraph.paragraph_format.keep_with_next = number < last
                for run in paragraph.runs:
                    run.font.size = small


def _cant_split(row) -> None:  # noqa: ANN001 - a python-docx row
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def written_summary(report: Report, path: str) -> str:

    month = report.table("per_maand").row(TOTAL)
    closed = report.table("afgesloten").row(TOTAL)
    said = (f"Statistiek geschreven: {path} ({_count(month['aanmeldingen'], 'aanmelding', 'aanmeldingen')}, "
            f"{_count(closed['afgesloten'], 'afgesloten traject', 'afgesloten trajecten')}). ")
    said += ("Dit is het interne rapport van het team: alle aantallen en de namen van de begeleiders "
             "staan erin, dus deel het niet; voor de stuurgroep maak je het zonder --intern."
             if report.intern else "Kleine aantallen zijn niet getoond en er staan geen namen in, dus "
             "het kan zo naar de stuurgroep.")
    return "\n".join(textwrap.wrap(said, 80, break_on_hyphens=False, break_long_words=False))


def _count(value: object, one: str, many: str) -> str:
    return plural(value, one, many) if isinstance(value, int) else f"{value} {many}"
