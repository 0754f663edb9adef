"""The statistics report as a workbook, a Word report for the steering group, or JSON.

The writers lay out a ``figures.Report`` and its charts; they count nothing themselves.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eenplan.dutch import date_without_weekday, plural
from eenplan.files import reproducible_zip, write_atomically
from eenplan.stats.figures import TOTAL, Report, Table, floor_text, lower_bound
from eenplan.stats.suppression import HIDDEN, below

if TYPE_CHECKING:
    from eenplan.stats.charts import Chart
    from eenplan.stats.excel_charts import ChartData

# XlsxWriter and python-docx are imported by the writer of their format only: each costs 0.05-0.4 s;
# the chart code too (charts, excel_charts: ~6 ms that `stats --format json` need not pay).

DASH = "–"
INTERN_RED = "#C00000"
CAUTION = "#9C3D00"  # a "Let op" beside the headline figures: dark orange, bold
NOT_FOR_SHARING = "INTERN: niet delen buiten het team (kleine aantallen en namen van begeleiders staan erin)"


def legend(report: Report) -> str:
    """What the marks mean; the team's own report has none but the dash."""
    if report.intern:
        return f"{DASH}: niets te tonen."
    return (f"{HIDDEN}: niet getoond: een klein aantal, of een aantal waaruit een klein aantal af te "
            f"leiden is. {below(report.threshold)}: minder dan {report.threshold} gezinnen. ≥ 87 %: ten "
            f"minste 87 %; het precieze percentage zou een klein aantal verraden. {DASH}: niets te tonen.")
# the table each chart of the Word report stands beside
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
        return floor_text(value) if kind == "share" else value
    if kind == "share":
        return f"{value:.1f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def summary(report: Report) -> list[str]:
    """The few figures a steering group asks first, in sentences, from the Totaal rows."""
    month = report.table("per_maand").row(TOTAL)
    closed = report.table("afgesloten").row(TOTAL)
    families = functools.partial(_share_or_count, month, unit="gezinnen", threshold=report.threshold)
    closures = functools.partial(_share_or_count, closed, unit="trajecten", threshold=report.threshold)
    said = [
        f"Aanmeldingen: {text(month['aanmeldingen'], 'count')}; eerste gesprek binnen de norm: "
        f"{families('pct_binnen_norm', 'binnen_norm')}; nog wachtend: "
        f"{families('pct_wacht_nog', 'wacht_nog')}; "
        f"{_median(month['mediaan_dagen'], 'mediaan {} dagen van aanmelding tot gesprek')}.",
        f"Afgesloten trajecten: {text(closed['afgesloten'], 'count')}; binnen de duurnorm: "
        f"{closures('pct_binnen_duurnorm', 'binnen_duurnorm')}; met gezinsplan: "
        f"{closures('pct_gezinsplan', 'met_gezinsplan')}; "
        f"{_median(closed['mediaan_duur'], 'mediaan duur {} dagen')}.",
    ]
    return said


def _share_or_count(row: Mapping[str, object], share: str, count: str, *, unit: str, threshold: int) -> str:
    """A share as the total row shows it; where the row hides the share but shows its count (the
    table's "56" beside an "x"), that count, so the headline says what the table does and no more."""
    value, number = row[share], row[count]
    if isinstance(value, (int, float)) or lower_bound(value) is not None or value is None:
        return text(value, "share")
    if isinstance(number, int):
        return f"{number} {unit} (het percentage is niet getoond)"
    if number == below(threshold):
        return f"minder dan {threshold} {unit} (het percentage is niet getoond)"
    return text(value, "share")


def _median(value: object, said: str) -> str:
    """``said`` ("mediaan duur {} dagen") with the number; without one (none to take it from,
    or hidden), what it is instead: never "mediaan duur – dagen"."""
    if isinstance(value, (int, float)):
        return said.format(text(value, "days"))
    instead = "niet te berekenen" if value is None else text(value, "days")
    return said.replace(" {} dagen", "") + f": {instead}"


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def write_xlsx(report: Report, path: Path) -> Path:
    """An overview sheet, then a sheet a table, each chart beside its table (a native Excel chart,
    see ``excel_charts``), and last the numbers the charts draw."""
    # XlsxWriter writes only, and costs a fraction of openpyxl's import and writing time
    import xlsxwriter

    from eenplan.stats.excel_charts import add_charts

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    bold, wrap = book.add_format({"bold": True}), book.add_format({"text_wrap": True, "valign": "top"})
    overview = book.add_worksheet("Overzicht")
    _width(overview, 0, 110)
    lines: list[tuple[str, object]] = [(_title(report), book.add_format({"bold": True, "font_size": 14})),
                                       (_subtitle(report), wrap), ("", None), ("Kort", bold)]
    lines += [(line, wrap) for line in summary(report)]
    # what the figures cannot stand behind, right under them (the steering group reads no terminal)
    caution = book.add_format({"bold": True, "font_color": CAUTION, "text_wrap": True, "valign": "top"})
    lines += [(line, caution) for line in report.reader_cautions()]
    lines += [("", None), ("Definities", bold)]
    lines += [(line, wrap) for line in report.definitions]
    for number, (line, style) in enumerate(lines):
        if line:
            overview.write_string(number, 0, line, style)
        if style is caution:  # bold: fewer letters a line
            overview.set_row(number, 14 * len(textwrap.wrap(line, 105)))
        elif number > 0 and len(line) > 115:  # wrapped text gets the height it needs
            overview.set_row(number, 13.5 * (len(line) // 115 + 1))
    _page_setup(overview, report, title_rows=None, one_page=False)
    title_font, intro = book.add_format({"bold": True, "font_size": 12}), book.add_format(
        {"text_wrap": True, "valign": "top"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "text_wrap": True,
                              "valign": "bottom"})
    red = book.add_format({"bold": True, "font_color": INTERN_RED})
    charts_of, chart_data = add_charts(book, report)
    # a cell's format: (total row, right-aligned, as a percentage)
    formats = {(total, right, share): book.add_format(
        ({"bold": True} if total else {}) | ({"align": "right"} if right else {})
        | ({"num_format": "0.0%"} if share else {}))
        for total in (False, True) for right in (False, True) for share in (False, True)}
    for table in report.tables:
        sheet = book.add_worksheet(SHEET_NAMES.get(table.key, table.key)[:31])
        sheet.write_string(0, 0, table.title, title_font)
        # the intro wraps over the table's width, so that it does not widen the printed page
        sheet.merge_range(1, 0, 1, max(len(table.columns), 2) - 1, table.intro, intro)
        width = 32 + 13 * (max(len(table.columns), 2) - 1)
        sheet.set_row(1, 14 * (len(table.intro) // int(width * 1.1) + 1))
        if report.intern:
            sheet.write_string(2, 0, NOT_FOR_SHARING, red)
        for index, column in enumerate(table.columns):
            sheet.write_string(3, index, column.label, header)
        for number, row in enumerate(table.rows, start=4):
            total = row[0] == TOTAL
            for index, (raw, column) in enumerate(zip(row, table.columns, strict=True)):
                value = _cell(raw, column.kind)
                share = column.kind == "share" and isinstance(value, float)
                style = formats[(total, column.kind != "label", share)]
                if isinstance(value, bool):
                    sheet.write_boolean(number, index, value, style)
                elif isinstance(value, (int, float)):
                    sheet.write_number(number, index, value, style)
                else:
                    sheet.write_string(number, index, str(value), style)
        _width(sheet, 0, 32)
        for index in range(1, len(table.columns)):
            _width(sheet, index, 13)
        sheet.freeze_panes(4, 1)
        # the header's wrapped labels, as many lines as the longest needs (bold is wider: 12 a column of 13)
        label_lines = max(len(textwrap.wrap(column.label, 30 if index == 0 else 12))
                          for index, column in enumerate(table.columns))
        sheet.set_row(3, 15 * max(label_lines, 2))
        offset = 0  # the charts one under the other, two rows under the table
        for chart in charts_of.get(table.key, ()):
            sheet.insert_chart(len(table.rows) + 6, 0, chart, {"y_offset": offset, "object_position": 3})
            offset += chart.height + 10
        _page_setup(sheet, report, title_rows=3, one_page=True)
    _chart_data_sheet(book, report, chart_data, title_font, intro, red)
    moment = datetime.datetime.combine(report.as_of, datetime.time(0, 0))
    book.set_properties({"author": report.team or "eenplan", "created": moment, "title": _title(report)})
    book.close()
    data = reproducible_zip(buffer.getvalue(), report.as_of)
    return write_atomically(path, lambda temporary: temporary.write_bytes(data))


def _chart_data_sheet(book, report: Report, data: ChartData, title_font, intro, red) -> None:  # noqa: ANN001
    """The last sheet: the numbers the charts draw, with what they are on top."""
    from eenplan.stats.excel_charts import DATA_INTRO, DATA_SHEET

    sheet = book.add_worksheet(DATA_SHEET)
    sheet.write_string(0, 0, DATA_SHEET, title_font)
    sheet.merge_range(1, 0, 1, 5, DATA_INTRO, intro)
    sheet.set_row(1, 45)
    if report.intern:
        sheet.write_string(2, 0, NOT_FOR_SHARING, red)
    data.write(book, sheet)
    _width(sheet, 0, 32)
    sheet.set_column_pixels(1, max(len(b.header) for b in data.blocks) - 1, 13 * 7)
    _page_setup(sheet, report, title_rows=None, one_page=False)


def _width(sheet, index: int, width: int) -> None:  # noqa: ANN001 - an XlsxWriter worksheet
    """A column ``width`` characters wide as the file says it (openpyxl's width): XlsxWriter's own
    widths add Excel's padding, so the width is given in pixels (seven a character)."""
    sheet.set_column_pixels(index, index, width * 7)


def _page_setup(sheet, report: Report, *, title_rows: int | None, one_page: bool) -> None:  # noqa: ANN001
    """A4 landscape, one page wide (a table and its chart on one page), the header row on every
    page, the team's own report marked on every page."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    # one page wide; XlsxWriter leaves out a 1, the standard's default (Excel and LibreOffice read it so)
    sheet.fit_to_pages(1, 1 if one_page else 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if title_rows is not None:
        sheet.repeat_rows(title_rows)
    sheet.set_header(f'&C&"Calibri,Bold"&KC00000{NOT_FOR_SHARING}' if report.intern else "", margin=0.5)
    sheet.set_footer(f"&L{_title(report)}&R&P / &N", margin=0.5)


def _cell(value: object, kind: str) -> object:
    """Numbers stay numbers in the workbook (a share as a fraction, formatted as %); a share's
    floor says it is a percentage ("≥ 87 %", as in the Word report)."""
    if value is None:
        return DASH
    if kind == "share" and isinstance(value, (int, float)):
        return round(value / 100, 4)
    if kind == "share" and isinstance(value, str):
        return floor_text(value)
    return value


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
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(NOT_FOR_SHARING)
        run.bold, run.font.color.rgb = True, _rgb(INTERN_RED)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    document.add_heading(_title(report), level=0)
    document.add_paragraph(_subtitle(report) + " Hoe er geteld werd, staat achteraan bij Definities.")
    document.add_heading("Kort", level=1)
    for line in summary(report):
        document.add_paragraph(line, style="List Bullet")
    # what the figures cannot stand behind, right under them (the steering group reads no terminal)
    for line in report.reader_cautions():
        run = document.add_paragraph().add_run(line)
        run.bold, run.font.color.rgb = True, _rgb(CAUTION)
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


def _rgb(colour: str):  # noqa: ANN202 - python-docx's RGBColor, imported for the docx only
    from docx.shared import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))


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
    if report.intern:
        said += ("Dit is het interne rapport van het team: alle aantallen en de namen van de "
                 "begeleiders staan erin, dus deel het niet; voor de stuurgroep maak je het zonder "
                 "--intern.")
    elif report.cautions(exact=True):
        said += "Kleine aantallen zijn niet getoond en er staan geen namen in."
    else:
        said += ("Kleine aantallen zijn niet getoond en er staan geen namen in, dus het kan zo naar "
                 "de stuurgroep.")
    for caution in report.cautions(exact=True):
        said += " " + caution
    return "\n".join(textwrap.wrap(said, 80, break_on_hyphens=False, break_long_words=False))


def _count(value: object, one: str, many: str) -> str:
    return plural(value, one, many) if isinstance(value, int) else f"{value} {many}"
