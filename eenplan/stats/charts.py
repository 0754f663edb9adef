"""The report's charts as PNG bytes, drawn from published values only.

matplotlib draws through its Agg canvas directly (no pyplot, no global backend), with its own
DejaVu fonts and without the Software stamp, so the same report gives the same bytes. A value
hidden in the tables ("x", "<5", "–") is not drawn: the chart says what the table says where a bar
would be, with a note that says why.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from eenplan.dutch import MONTHS, MONTHS_SHORT
from eenplan.stats.figures import DAY_BANDS, TOTAL, Report, Table, lower_bound, months_between, quarters_of
from eenplan.stats.suppression import HIDDEN

# matplotlib (close to a second to import) is imported where a chart is drawn.

# enough for A4 at 17 cm wide; every pixel more is drawn and compressed for nothing
DPI = 96
BLUE, ORANGE, GREY, RED = "#2F5597", "#ED7D31", "#7F7F7F", "#C00000"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "eenplan",
    "path.simplify": True,
    # the titles where matplotlib's automatic place puts them on these axes (nothing above the
    # top spine), without measuring every tick label of every axes to find that out: 10% of the drawing
    "axes.titley": 1.0,
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    png: bytes

    @property
    def file_name(self) -> str:
        return f"{self.key}.png"


@dataclass(frozen=True)
class Planned:
    """A chart to draw: ``view`` is the part of the report it is drawn from, and nothing else, so
    the same view gives the same picture (a store may keep it, keyed by ``values``)."""

    key: str
    title: str
    view: Report
    draw: Callable[[Report], bytes]
    personal: bool = False  # the picture names people (the team's own caseload): never kept

    def values(self) -> dict[str, Any]:
        """Everything the picture shows, as plain data."""
        view = self.view
        return {"key": self.key, "title": self.title, "start": view.start.isoformat(),
                "end": view.end.isoformat(), "first_norms": [list(n) for n in view.first_norms],
                "threshold": view.threshold, "intern": view.intern,
                "tables": [t.to_dict() for t in view.tables]}


class Store(Protocol):
    """Pictures drawn before, by what they show (``chart_store.ChartStore`` keeps them in the team folder)."""

    def get(self, planned: Planned) -> bytes | None: ...

    def put(self, planned: Planned, png: bytes) -> None: ...


def plan(report: Report) -> tuple[Planned, ...]:
    """The three charts (and the caseload's, where the report has it), each with its view: the
    tables it draws, the norms, and the period's months (a chart tells months, not days)."""
    keys = {t.key for t in report.tables}

    def view(*tables: str) -> Report:
        return dataclasses.replace(
            report, team="", start=report.start.replace(day=1), end=report.end.replace(day=1),
            as_of=report.end.replace(day=1), definitions=(), definition=None,
            tables=tuple(report.table(k) for k in tables))

    made = [
        Planned("op_tijd", "Op tijd per maand of kwartaal", view("per_maand", "per_kwartaal"), _on_time),
        Planned("dagen_tot_gesprek", "Dagen tot het eerste gesprek", view("verdeling_dagen"), _days),
        Planned("wachttijd", "Wachttijd per kwartaal", view("wachttijd"), _waiting),
    ]
    if "caseload" in keys:  # a partnership's report has no caseload per begeleider
        made.append(Planned("caseload", "Lopende trajecten per maand", view("caseload"),
                            lambda v: _caseload(v.table("caseload")), personal=report.intern))
    return tuple(made)


def charts(report: Report, store: Store | None = None) -> tuple[Chart, ...]:
    """The charts as PNG: the on-time share and the median days with the norm (per month, or per
    quarter where the months hide too much), days to the first conversation, the waiting time,
    the caseload over time. With a ``store``, a picture drawn before for the same values is taken
    from it, and matplotlib is not even imported when all are."""
    planned = plan(report)
    found: dict[str, bytes] = {}
    if store is not None:
        for chart in planned:
            png = None if chart.personal else store.get(chart)
            if png is not None:
                found[chart.key] = png
    missing = [chart for chart in planned if chart.key not in found]
    if missing:
        import matplotlib

        with matplotlib.rc_context(STYLE):  # type: ignore[arg-type,unused-ignore]  # rc names
            for chart in missing:
                found[chart.key] = chart.draw(chart.view)
                if store is not None and not chart.personal:
                    store.put(chart, found[chart.key])
    return tuple(Chart(chart.key, chart.title, found[chart.key]) for chart in planned)


def _figure(height: float = 4.2, *, right: float = 0.97):  # noqa: ANN202 - lazily imported Figure
    """A figure with fixed margins: a layout engine would measure every text again and again."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, height), dpi=DPI)
    figure.subplots_adjust(left=0.1, right=right, top=0.92, bottom=0.14, hspace=0.35)
    return figure


def _png(figure) -> bytes:  # noqa: ANN001
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def chart_number(value: object) -> float | None:
    """A published number as the charts draw it; None for a mark ("x", "<5", "–") or a floor."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


HIDDEN_NOTE = (f"{HIDDEN}: niet getoond (een klein aantal, of een klein aantal zou af te leiden zijn). "
               "–: niets te tonen.")


class Series(NamedTuple):
    """One value a month or a quarter, as the chart draws it."""

    per: str  # "maand" | "kwartaal"
    ticks: list[str]
    values: list[float | None]  # None: hidden or nothing to show
    marks: list[str] = []  # what the table says where a value is None ("x", "–"); empty: "–" throughout

    def mark(self, place: int) -> str:
        return self.marks[place] if self.marks else "–"


def series(report: Report, key: str) -> Series:
    """A column per month where the months show it, else per quarter.

    Months when they show at least three quarters of the period that the quarters show (more
    detail for the same picture); else quarters, which hold more families each and so hide less.
    Both are published tables, so the chart shows nothing the tables do not.
    """
    months, quarters = (_rows(report.table(k)) for k in ("per_maand", "per_kwartaal"))
    month_values = [_number_or_floor(r[key]) for r in months]
    quarter_values = [_number_or_floor(r[key]) for r in quarters]
    # a month counts when it shows the figure itself; a floor ("≥60") says too little of a month
    covered_months = sum(chart_number(r[key]) is not None for r in months)
    grouped = quarters_of(months_between(report.start, report.end))
    covered_quarters = sum(len(its_months) for (_, its_months), v in zip(grouped, quarter_values, strict=True)
                           if v is not None)
    if covered_months and covered_months * 4 >= covered_quarters * 3:
        return Series("maand", [_short_month(str(r["label"])) for r in months], month_values,
                      [_mark(r[key]) for r in months])
    ticks = [_quarter_tick(str(r["label"]), r["aanmeldingen"]) for r in quarters]
    return Series("kwartaal", ticks, quarter_values, [_mark(r[key]) for r in quarters])


def _number_or_floor(value: object) -> float | None:
    """A number, or the lower bound of a share published as "at least" ("≥87")."""
    floor = lower_bound(value)
    return float(floor) if floor is not None else chart_number(value)


def _mark(value: object) -> str:
    return value if isinstance(value, str) else "–"


def _rows(table: Table) -> list[dict[str, object]]:
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, r, strict=True)) for r in table.rows if r[0] != TOTAL]


def _quarter_tick(label: str, registrations: object) -> str:
    """"4e kwartaal 2025 (dec)" -> "4e kw. 2025\n(dec)\n10 aanm."."""
    name, _, part = label.partition(" (")
    lines = [name.replace("kwartaal", "kw.")]
    if part:
        lines.append(f"({part}")
    lines.append(f"{registrations} aanm.")
    return "\n".join(lines)


def _on_time(report: Report) -> bytes:
    shares = series(report, "pct_binnen_norm")
    medians = series(report, "mediaan_dagen")
    figure = _figure(5.8)
    figure.subplots_adjust(top=0.94, bottom=0.14, hspace=0.62)
    top, bottom = figure.subplots(2, 1, height_ratios=(3, 2))
    places = list(range(len(shares.ticks)))
    floors = [shares.mark(place).startswith("≥") for place in places]
    top.bar(places, [s or 0 for s in shares.values], width=0.65 if shares.per == "maand" else 0.5,
            color=["#9DB3DB" if floor else BLUE for floor in floors],
            hatch=["//" if floor else "" for floor in floors], edgecolor=BLUE, linewidth=0.6)
    for place, share in zip(places, shares.values, strict=True):
        label = f"{share:.0f}%" if share is not None else shares.mark(place)
        if floors[place] and share is not None:
            label = f"≥{share:.0f}%"
        top.annotate(label, (place, share or 0), ha="center", va="bottom", xytext=(0, 2),
                     textcoords="offset points", fontsize=8 if share is not None else 9,
                     color="black" if share is not None else GREY)
    top.set_ylim(0, 110)
    top.set_xlim(-0.6, len(places) - 0.4)
    top.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    top.set_title(f"Eerste gesprek binnen de norm, per {shares.per} van aanmelding", loc="left")
    top.set_ylabel("% van de aanmeldingen")
    top.set_xticks(places, shares.ticks, fontsize=8)
    total = report.table("per_maand").row(TOTAL)
    if chart_number(total["pct_binnen_norm"]) is not None:
        share = float(total["pct_binnen_norm"])  # type: ignore[arg-type]
        top.axhline(share, color=ORANGE, linewidth=1.2, linestyle="--", label=f"hele periode: {share:.0f}%")
        top.legend(loc="upper right", fontsize=8, frameon=False)
    elif all(s is None for s in shares.values):
        _nothing_to_show(top)
    places = list(range(len(medians.ticks)))
    shown = [(p, m) for p, m in zip(places, medians.values, strict=True) if m is not None]
    bottom.plot([p for p, _ in shown], [m for _, m in shown], color=BLUE, marker="o", linewidth=1.5)
    for place, median in zip(places, medians.values, strict=True):
        if median is None:
            bottom.annotate(medians.mark(place), (place, 0), ha="center", va="bottom", fontsize=11,
                            color=GREY, xytext=(0, 2), textcoords="offset points")
    norms = [days for _, days in report.first_norms]
    for words, days in report.first_norms:
        bottom.axhline(days, color=RED, linewidth=1.2, linestyle="--")
        bottom.annotate(f"norm: {words} (±{days:.0f} dagen)", (-0.4, days), ha="left", va="bottom",
                        fontsize=8, color=RED, xytext=(0, 2), textcoords="offset points")
    highest = max([m for _, m in shown] + norms + [10])
    bottom.set_ylim(0, highest * 1.25)
    bottom.set_xlim(-0.6, len(places) - 0.4)
    bottom.set_ylabel("dagen")
    bottom.set_title(f"Mediaan dagen van aanmelding tot gesprek, per {medians.per}, met de norm", loc="left")
    bottom.set_xticks(places, medians.ticks, fontsize=8)
    if any(v is None for v in [*shares.values, *medians.values]) or any(floors):
        note = HIDDEN_NOTE + ("\nGearceerd (≥): ten minste zoveel; meer zeggen zou een klein aantal "
                              "verraden." if any(floors) else "")
        figure.text(0.1, 0.012, note, fontsize=7.5, color=GREY, ha="left", va="bottom")
    return _png(figure)


def _short_month(label: str) -> str:
    """"maart 2026" -> "mrt\n2026", as Babel abbreviates the months in Flemish; a month the period
    holds in part keeps what it counts, as short as a tick allows: "juni 2026 (tot en met 10/06)"
    -> "jun\n2026\n(t/m 10/06)"."""
    label, _, part = label.partition(" (")
    name, _, year = label.partition(" ")
    short = dict(zip(MONTHS, MONTHS_SHORT, strict=True)).get(name, name)
    part = part.replace("tot en met ", "t/m ")
    return f"{short}\n{year}\n({part}" if part else f"{short}\n{year}"


def _days(report: Report) -> bytes:
    table = report.table("verdeling_dagen")
    rows = [r for r in table.rows if r[0] != TOTAL]
    labels = [str(r[0]).replace(" tot ", "–").replace(" dagen of meer", "+").replace(" dagen", "")
              for r in rows]
    counts = [chart_number(r[1]) for r in rows]
    figure = _figure()
    axes = figure.subplots()
    places = list(range(len(rows)))
    axes.bar(places, [c or 0 for c in counts], color=BLUE, width=0.7)
    for place, count in zip(places, counts, strict=True):
        axes.annotate(f"{count:.0f}" if count is not None else str(rows[place][1]), (place, count or 0),
                      ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points",
                      color="black" if count is not None else GREY)
    for words, days in report.first_norms:
        edge = band_edge(rows, days)
        if edge is not None:
            axes.axvline(edge, color=RED, linewidth=1.2, linestyle="--")
            axes.annotate(f"norm: {words}", (edge, 1), xycoords=("data", "axes fraction"),
                          ha="left", va="top", fontsize=8, color=RED, xytext=(3, -2),
                          textcoords="offset points")
    axes.set_xticks(places, labels)
    axes.set_xlabel("dagen van aanmelding tot eerste gesprek")
    axes.set_ylabel("gezinnen")
    axes.set_ylim(0, max([c for c in counts if c is not None] + [5]) * 1.2)
    axes.set_title("Hoe lang wachtten gezinnen op hun eerste gesprek?", loc="left")
    return _png(figure)


def _waiting(report: Report) -> bytes:
    """P50, P75 and P90 per quarter, with pauses (full lines) and without (dashed), and the norm."""
    table = report.table("wachttijd")
    rows = [r for r in table.rows if r[0] != TOTAL]
    keys = [c.key for c in table.columns]
    figure = _figure()
    axes = figure.subplots()
    places = list(range(len(rows)))
    shades = {"p50": BLUE, "p75": ORANGE, "p90": "#70AD47"}
    drawn: list[float] = []
    for key, colour in shades.items():
        for suffix, style, words in (("", "-", ""), ("_zonder_pauzes", "--", " zonder pauzes")):
            values = [chart_number(r[keys.index(key + suffix)]) for r in rows]
            line = [v if v is not None else float("nan") for v in values]
            drawn += [v for v in values if v is not None]
            name = key.upper()
            axes.plot(places, line, linestyle=style, marker="o", markersize=3, color=colour,
                      linewidth=1.6 if not suffix else 1.0, label=name + words)
    for place, row in enumerate(rows):
        if chart_number(row[1]) is None:
            axes.annotate(_mark(row[1]), (place, 0), ha="center", va="bottom", fontsize=11, color=GREY,
                          xytext=(0, 2), textcoords="offset points")
    for words, days in report.first_norms:
        axes.axhline(days, color=RED, linewidth=1.2, linestyle=":")
        axes.annotate(f"norm: {words}", (-0.4, days), ha="left", va="bottom", fontsize=8, color=RED,
                      xytext=(0, 2), textcoords="offset points")
    axes.set_ylim(0, max(drawn + [d for _, d in report.first_norms] + [10]) * 1.2)
    axes.set_xlim(-0.5, len(places) - 0.5)
    ticks = [str(r[0]).replace("kwartaal", "kw.").replace(" (", "\n(") for r in rows]
    axes.set_xticks(places, ticks, fontsize=8)
    axes.set_ylabel("dagen tot eerste gesprek")
    axes.set_title("Wachttijd per kwartaal van aanmelding: P50, P75, P90", loc="left")
    if drawn:
        axes.legend(loc="upper left", fontsize=7, frameon=False, ncol=3)
    else:
        _nothing_to_show(axes)
    return _png(figure)


def band_edge(rows: Sequence[tuple], days: float) -> float | None:
    """The x between the band that holds the norm's last day and the next."""

    for place, (_, high) in enumerate(DAY_BANDS[: len(rows)]):
        if high is None or days <= high + 0.5:
            return place + 0.5
    return None


def _caseload(table: Table) -> bytes:
    months = [c.label for c in table.columns[1:]]
    figure = _figure(right=0.78)
    axes = figure.subplots()
    places = list(range(len(months)))
    staff = [row for row in table.rows[2:] if any(chart_number(v) is not None for v in row[1:])]
    many = len(staff) > 8  # then one grey line a begeleider, without a legend entry each
    for index, row in enumerate([*table.rows[:2], *staff]):
        values = [chart_number(v) for v in row[1:]]
        if all(v is None for v in values):
            continue
        # a hidden month breaks the line: nothing is drawn between its neighbours
        line = [v if v is not None else float("nan") for v in values]
        if index == 0:
            axes.plot(places, line, marker="o", linewidth=2.2, markersize=4, color=BLUE, label=str(row[0]))
        elif many and index >= 2:
            axes.plot(places, line, linewidth=0.8, color=GREY, alpha=0.6,
                      label="elke begeleider" if index == 2 else None)
        else:
            axes.plot(places, line, marker="o", linewidth=1.0, markersize=3, label=str(row[0]))
    axes.set_xticks(places, [m.replace(" ", "\n") for m in months])
    axes.set_ylim(bottom=0)
    axes.set_ylabel("lopende trajecten")
    axes.set_title("Lopende trajecten op het einde van elke maand (aantallen onder 5 niet getekend)",
                   loc="left", fontsize=9)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="upper left", fontsize=7, frameon=False, bbox_to_anchor=(1.01, 1.0))
    else:
        _nothing_to_show(axes)
    return _png(figure)


def _nothing_to_show(axes) -> None:  # noqa: ANN001
    axes.text(0.5, 0.5, "Geen aantallen om te tonen in deze periode", transform=axes.transAxes,
              ha="center", va="center", color=GREY)
