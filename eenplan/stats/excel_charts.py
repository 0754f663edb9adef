"""The workbook's charts as native Excel charts, drawn from published values only.

A chart in the workbook is an Excel chart (editable, sharp in print) that draws numbers from cells,
not a picture: matplotlib stays out of ``eenplan stats --format xlsx`` (the Word report keeps the
pictures of ``charts``). The numbers stand on one extra sheet at the end, Grafiekgegevens, rather
than in columns beside each table: the tables keep their width on the printed page, and no series
points at a table's cells, where a hidden value is text ("x", "<5") that Excel would draw as 0.
There a hidden value is an empty cell and every chart shows an empty cell as a gap; what the table
says in its place stays visible in the category's name ("jul 2026 (x)"). A share published as a
floor ("≥87") is drawn at its floor, lighter and hatched, with the label "≥87%".

The part that decides what to draw is plain data (``ChartData``, its ``Block``s); only ``add_charts``
and ``ChartData.write`` touch the XlsxWriter workbook they are given.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eenplan.stats.charts import band_edge, chart_number, series
from eenplan.stats.figures import TOTAL, Report, Table, floor_text

DATA_SHEET = "Grafiekgegevens"
DATA_INTRO = ("De getallen die de grafieken in dit rapport tekenen, uit de tabellen. Een lege cel wordt "
              "niet getekend: de tabel toont daar een verborgen aantal of niets (de kolom 'In de tabel' "
              "zegt wat). Een percentage met ≥ wordt getekend op zijn ondergrens.")
BLUE, LIGHT_BLUE, ORANGE, GREY, RED, GREEN = "#2F5597", "#DCE4F2", "#ED7D31", "#A6A6A6", "#C00000", "#70AD47"
IN_TABLE = "In de tabel"

Cell = float | str | None
Reference = list[Any]  # [sheet, first row, first column, last row, last column], as XlsxWriter takes it


@dataclass
class Block:
    """A small table on the data sheet: a title, a header, rows (a label, then the numbers)."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    top: int  # the sheet row of the title; the header is one lower, the rows after it
    formats: dict[int, str] = field(default_factory=dict)  # a column's number format: "0%" for a share

    def column(self, index: int) -> Reference:
        """A column's cells, without its header."""
        return [DATA_SHEET, self.top + 2, index, self.top + 1 + len(self.rows), index]

    def name(self, index: int) -> Reference:
        return [DATA_SHEET, self.top + 1, index]

    @property
    def height(self) -> int:
        return 2 + len(self.rows)


@dataclass
class ChartData:
    """The data sheet's blocks, one under the other."""

    first_row: int = 4
    blocks: list[Block] = field(default_factory=list)

    def add(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
            formats: dict[int, str] | None = None) -> Block:
        top = self.blocks[-1].top + self.blocks[-1].height + 1 if self.blocks else self.first_row
        block = Block(title, list(header), [list(r) for r in rows], top, formats or {})
        self.blocks.append(block)
        return block

    def write(self, book, sheet) -> None:  # noqa: ANN001 - an XlsxWriter workbook and worksheet
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "text_wrap": True,
                                  "valign": "bottom"})
        numbers = {kind: book.add_format({"num_format": kind})
                   for block in self.blocks for kind in block.formats.values()}
        plain = book.add_format({})
        for block in self.blocks:
            sheet.write_string(block.top, 0, block.title, bold)
            for index, label in enumerate(block.header):
                sheet.write_string(block.top + 1, index, label, header)
            # the header's wrapped labels, as many lines as the longest needs (as on the tables' sheets)
            lines = max(len(textwrap.wrap(label, 30 if index == 0 else 12))
                        for index, label in enumerate(block.header))
            sheet.set_row(block.top + 1, 15 * max(lines, 1))
            for number, row in enumerate(block.rows, start=block.top + 2):
                for index, value in enumerate(row):
                    if isinstance(value, float):
                        kind = block.formats.get(index)
                        sheet.write_number(number, index, value, numbers[kind] if kind else plain)
                    elif isinstance(value, str):
                        # a category's name on one line ("mrt 2026"): the chart wraps it where it needs
                        sheet.write_string(number, index, value.replace("\n", " ") if index == 0 else value)
                    # None: an empty cell, which the charts show as a gap


def add_charts(book, report: Report) -> tuple[dict[str, list[Any]], ChartData]:  # noqa: ANN001
    """The charts by the key of the table they stand beside, and the data they draw (for the sheet
    ``DATA_SHEET``, to be added after the tables)."""
    data = ChartData(first_row=4 if report.intern else 3)
    keys = {t.key for t in report.tables}
    made: dict[str, list[Any]] = {
        "per_kwartaal": [_on_time(book, report, data), _medians(book, report, data)],
        "verdeling_dagen": [_days(book, report, data)],
        "wachttijd": [_waiting(book, report, data)],
    }
    if "caseload" in keys:  # a partnership's report has no caseload per begeleider
        made["caseload"] = [_caseload(book, report, data)]
    return made, data


def _chart(book, kind: str, title: str, *, width: int = 760, height: int = 330):  # noqa: ANN001, ANN202
    chart = book.add_chart({"type": kind})
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}, "overlay": False})
    chart.set_size({"width": width, "height": height})
    chart.show_blanks_as("gap")  # a hidden value is an empty cell: never drawn as 0
    chart.set_legend({"position": "top", "font": {"size": 8}})
    chart.set_chartarea({"border": {"none": True}})
    return chart


def _value_axis(chart, name: str, *, share: bool = False, highest: float | None = None) -> None:  # noqa: ANN001
    axis: dict[str, Any] = {"name": name, "min": 0, "name_font": {"size": 9, "bold": False},
                            "num_font": {"size": 8}, "major_gridlines": {"visible": True,
                                                                         "line": {"color": "#E7E6E6"}}}
    if share:
        axis |= {"max": 1.1, "major_unit": 0.25, "num_format": "0%"}
    elif highest is not None:
        axis["max"] = highest
    chart.set_y_axis(axis)


def _category_axis(chart, name: str = "") -> None:  # noqa: ANN001
    axis: dict[str, Any] = {"num_font": {"size": 8}}
    if name:
        axis |= {"name": name, "name_font": {"size": 8, "bold": False, "italic": True}}
    chart.set_x_axis(axis)


def _tick(tick: str, value: float | None, mark: str) -> str:
    """A category's name, with the table's mark where nothing is drawn: "jul 2026 (x)"."""
    return f"{tick} ({mark})" if value is None else tick


def _in_table(value: float | None, mark: str) -> str | None:
    """What the table says where the chart draws nothing or a floor ("≥ 87 %", as the table)."""
    return floor_text(mark) if value is None or mark.startswith("≥") else None


def _note(values: Sequence[float | None], marks: Sequence[str], floors: bool = False) -> str:
    """What the category axis says under a chart with a gap or a floor."""
    said = []
    shown = sorted({f"({mark})" for value, mark in zip(values, marks, strict=True) if value is None})
    if shown:
        said.append(f"{', '.join(shown)}: wat de tabel toont waar niets getekend is")
    if floors:
        said.append("gearceerd: ten minste zoveel (≥)")
    return "; ".join(said)


def _on_time(book, report: Report, data: ChartData):  # noqa: ANN001, ANN202
    """The on-time share per month or quarter (the same choice as the Word report's chart), with the
    whole period's share as a line."""
    shares = series(report, "pct_binnen_norm")
    total = chart_number(report.table("per_maand").row(TOTAL)["pct_binnen_norm"])
    marks = [shares.mark(place) for place in range(len(shares.ticks))]
    rows = [[_tick(tick, value, mark), None if value is None else value / 100,
             None if total is None else total / 100, _in_table(value, mark)]
            for tick, value, mark in zip(shares.ticks, shares.values, marks, strict=True)]
    block = data.add(f"Eerste gesprek binnen de norm, per {shares.per}",
                     [shares.per.capitalize(), "% binnen de norm", "Hele periode", IN_TABLE], rows,
                     formats={1: "0%", 2: "0%"})
    floors = [mark.startswith("≥") and value is not None
              for value, mark in zip(shares.values, marks, strict=True)]
    chart = _chart(book, "column", _title(f"Eerste gesprek binnen de norm, per {shares.per} van aanmelding",
                                          shares.values))
    chart.add_series({
        "name": block.name(1), "categories": block.column(0), "values": block.column(1),
        "fill": {"color": BLUE}, "border": {"color": BLUE}, "gap": 60 if shares.per == "maand" else 100,
        "points": [{"pattern": {"pattern": "wide_upward_diagonal", "fg_color": BLUE, "bg_color": LIGHT_BLUE},
                    "border": {"color": BLUE}} if floor else None for floor in floors],
        "data_labels": {"value": True, "num_format": "0%", "font": {"size": 8},
                        "custom": [{"value": f"≥{value:.0f}%"} if floor and value is not None else None
                                   for floor, value in zip(floors, shares.values, strict=True)]},
    })
    if total is not None:
        line = book.add_chart({"type": "line"})
        line.add_series({"name": f"hele periode: {total:.0f}%", "categories": block.column(0),
                         "values": block.column(2), "marker": {"type": "none"},
                         "line": {"color": ORANGE, "width": 1.5, "dash_type": "dash"}})
        chart.combine(line)
    else:
        chart.set_legend({"none": True})
    _value_axis(chart, "% van de aanmeldingen", share=True)
    _category_axis(chart, _note(shares.values, marks, any(floors)))
    return chart


def _medians(book, report: Report, data: ChartData):  # noqa: ANN001, ANN202
    medians = series(report, "mediaan_dagen")
    norms = list(report.first_norms)
    marks = [medians.mark(place) for place in range(len(medians.ticks))]
    rows = [[_tick(tick, value, mark), value, *(days for _, days in norms), _in_table(value, mark)]
            for tick, value, mark in zip(medians.ticks, medians.values, marks, strict=True)]
    block = data.add(f"Mediaan dagen tot het eerste gesprek, per {medians.per}",
                     [medians.per.capitalize(), "Mediaan dagen", *(f"Norm: {words}" for words, _ in norms),
                      IN_TABLE], rows, formats=_whole(range(2, 2 + len(norms))))
    chart = _chart(book, "line", _title(f"Mediaan dagen van aanmelding tot gesprek, per {medians.per}, met "
                                        "de norm", medians.values), height=280)
    chart.add_series({"name": block.name(1), "categories": block.column(0), "values": block.column(1),
                      "line": {"color": BLUE, "width": 2},
                      "marker": _marker(BLUE, 5),
                      "data_labels": {"value": True, "position": "above", "font": {"size": 8}}})
    _norm_series(chart, block, norms, first=2)
    _value_axis(chart, "dagen", highest=_highest(medians.values, norms))
    _category_axis(chart, _note(medians.values, marks))
    return chart


def _marker(colour: str, size: int) -> dict[str, Any]:
    return {"type": "circle", "size": size, "fill": {"color": colour}, "border": {"color": colour}}


def _norm_series(chart, block: Block, norms: Sequence[tuple[str, float]], *, first: int) -> None:  # noqa: ANN001
    """A dashed red line a norm, at its days (a month's norm: about 30 days)."""
    for index, (words, days) in enumerate(norms, start=first):
        chart.add_series({"name": f"norm: {words} (±{days:.0f} dagen)", "categories": block.column(0),
                          "values": block.column(index), "marker": {"type": "none"},
                          "line": {"color": RED, "width": 1.5, "dash_type": "dash"}})


def _whole(columns: range) -> dict[int, str]:
    """A norm's days shown whole (a month: 30.44 days, drawn where it is)."""
    return dict.fromkeys(columns, "0")


def _highest(values: Sequence[float | None], norms: Sequence[tuple[str, float]]) -> float:
    """Room above the highest value or norm for its label, in whole tens."""
    top = max([v for v in values if v is not None] + [days for _, days in norms] + [10]) * 1.2
    return float(-(-top // 10) * 10)


def _days(book, report: Report, data: ChartData):  # noqa: ANN001, ANN202
    """Families per band of days to the first conversation: the bands within the norm in one colour,
    those after it in another (with several norms, after each a colour more)."""
    table = report.table("verdeling_dagen")
    rows = [r for r in table.rows if r[0] != TOTAL]
    norms = sorted({days: words for words, days in report.first_norms}.items())
    edges = [(edge, words) for days, words in norms if (edge := band_edge(rows, days)) is not None]
    zones = [f"binnen de norm ({edges[0][1]})" if edges else "gezinnen",
             *(f"na de norm ({words})" for _, words in edges)]
    cells = []
    for place, row in enumerate(rows):
        count = chart_number(row[1])
        zone = sum(place > edge for edge, _ in edges)
        label = _band(str(row[0]))
        cells.append([_tick(label, count, _mark(row[1])),
                      *(count if zone == z else None for z in range(len(zones))),
                      _in_table(count, _mark(row[1]))])
    block = data.add("Dagen van aanmelding tot eerste gesprek", ["Dagen", *zones, IN_TABLE], cells)
    counts = [chart_number(r[1]) for r in rows]
    chart = _chart(book, "column", _title("Hoe lang wachtten gezinnen op hun eerste gesprek?", counts),
                   width=640, height=330)
    for zone, colour in zip(range(len(zones)), [BLUE, ORANGE, RED, GREY, GREY], strict=False):
        chart.add_series({"name": block.name(1 + zone), "categories": block.column(0),
                          "values": block.column(1 + zone), "fill": {"color": colour},
                          "border": {"none": True},
                          "gap": 40, "overlap": 100, "data_labels": {"value": True, "font": {"size": 8}}})
    _value_axis(chart, "gezinnen")
    _category_axis(chart, "dagen van aanmelding tot eerste gesprek" + (
        f" ({_note(counts, [_mark(r[1]) for r in rows])})" if any(c is None for c in counts) else ""))
    return chart


def _band(label: str) -> str:
    """"8 tot 14 dagen" -> "8–14", "61 dagen of meer" -> "61+"."""
    return label.replace(" tot ", "–").replace(" dagen of meer", "+").replace(" dagen", "")


def _waiting(book, report: Report, data: ChartData):  # noqa: ANN001, ANN202
    """P50, P75 and P90 per quarter, with pauses (full lines) and without (dashed), and the norm."""
    table = report.table("wachttijd")
    rows = [r for r in table.rows if r[0] != TOTAL]
    norms = list(report.first_norms)
    keys = [c.key for c in table.columns]
    cells = []
    drawn: list[float | None] = []
    for row in rows:
        values = [chart_number(v) for v in row[1:]]
        drawn += values
        hidden = values[0] is None
        label = str(row[0]).replace("kwartaal", "kw.").replace(" (", "\n(")
        cells.append([_tick(label, values[0], _mark(row[1])), *values, *(days for _, days in norms),
                      _in_table(values[0], _mark(row[1])) if hidden else None])
    header = [c.label for c in table.columns]
    block = data.add("Wachttijd per kwartaal", [header[0], *header[1:], *(f"Norm: {w}" for w, _ in norms),
                                                  IN_TABLE], cells,
                       formats=_whole(range(len(keys), len(keys) + len(norms))))
    chart = _chart(book, "line", _title("Wachttijd per kwartaal van aanmelding: P50, P75, P90", drawn))
    shades = {"p50": BLUE, "p75": ORANGE, "p90": GREEN}
    for key, colour in shades.items():
        for suffix, dash, width in (("", "solid", 2.0), ("_zonder_pauzes", "dash", 1.0)):
            index = keys.index(key + suffix)
            chart.add_series({"name": block.name(index), "categories": block.column(0),
                              "values": block.column(index),
                              "line": {"color": colour, "width": width, "dash_type": dash},
                              "marker": _marker(colour, 4)})
    _norm_series(chart, block, norms, first=len(keys))
    _value_axis(chart, "dagen tot eerste gesprek", highest=_highest(drawn, norms))
    _category_axis(chart, _note([chart_number(r[1]) for r in rows], [_mark(r[1]) for r in rows]))
    return chart


def _mark(value: object) -> str:
    return value if isinstance(value, str) else "–"


def _caseload(book, report: Report, data: ChartData):  # noqa: ANN001, ANN202
    """Open trajectories at each month's end: all of them, those without a begeleider, and each
    begeleider (under a letter, or by name in the team's own report); many begeleiders: thin grey
    lines without a legend entry each."""
    table: Table = report.table("caseload")
    months = [c.label for c in table.columns[1:]]
    staff = [row for row in table.rows[2:] if any(chart_number(v) is not None for v in row[1:])]
    # all trajectories always (a chart holds one series at least, even with nothing to draw)
    shown = [table.rows[0], *(row for row in [*table.rows[1:2], *staff]
                              if any(chart_number(v) is not None for v in row[1:]))]
    # one column a line, as the other blocks: a month a row
    cells = [[month, *(chart_number(row[1 + place]) for row in shown)] for place, month in enumerate(months)]
    block = data.add("Lopende trajecten op het einde van elke maand", ["Maand", *(str(r[0]) for r in shown)],
                     cells)
    title = "Lopende trajecten op het einde van elke maand"
    if not report.intern:
        title += " (aantallen onder 5 niet getekend)"
    values = [v for row in cells for v in row[1:] if not isinstance(v, str)]
    # as wide as the table of months above it, up to a page's width
    width = min(max(760, 7 * (32 + 13 * len(months)) - 100), 1200)
    chart = _chart(book, "line", _title(title, values), width=width, height=340)
    many = len(staff) > 8
    hidden_entries = []
    for index, row in enumerate(shown, start=1):
        if index == 1 and row is table.rows[0]:
            style = {"line": {"color": BLUE, "width": 2.5}, "marker": _marker(BLUE, 5)}
        elif many and row in staff:
            style = {"line": {"color": GREY, "width": 0.75}, "marker": {"type": "none"}}
            if row is not staff[0]:
                hidden_entries.append(index - 1)
        else:
            style = {"line": {"width": 1.25}, "marker": {"type": "circle", "size": 3}}
        name: Any = "elke begeleider" if many and row is staff[0] else block.name(index)
        chart.add_series({"name": name, "categories": block.column(0), "values": block.column(index),
                          **style})
    chart.set_legend({"position": "right", "font": {"size": 8}, "delete_series": hidden_entries})
    _value_axis(chart, "lopende trajecten")
    _category_axis(chart)
    return chart


def _title(title: str, values: Sequence[float | None]) -> str:
    """A chart without a value says so in its title (the Word report's chart, in its middle)."""
    return f"{title}: geen aantallen om te tonen in deze periode" if all(v is None for v in values) else title
