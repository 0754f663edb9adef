"""The monitoring figures: pure functions of the records, the flows and a period.

``figures(caseload, flows, start=..., end=..., today=...)`` gives a ``Report``: tables of
published values only (counts, "<5", percentages, medians, "x" where a figure is hidden, "–"
where there is nothing to show) and
the definitions they follow. Nothing in it names a family, a staff member or a dossier number:
staff are letters, groups smaller than five are taken together, and every count goes through
``suppression.Ledger``. The writers (``writers.py``) and the charts only lay it out.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import datetime
import functools
import itertools
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from eenplan.dutch import and_list, date_without_weekday, month_and_year, plural
from eenplan.errors import EenplanError
from eenplan.flows.clocks import odd_pauses_of
from eenplan.flows.deadlines import Status, edate, evaluate, pause_intervals
from eenplan.flows.model import Flow, Step
from eenplan.sheets.cells import normal_text
from eenplan.sheets.records import WHICH_WORKBOOK, Caseload, Pause, dossier_key
from eenplan.sheets.schema import (
    CLOSURE_REASONS,
    DOSSIERS,
    LIFE_DOMAINS,
    MUNICIPALITIES,
    PAUSES,
    REFERRERS,
)
from eenplan.stats.suppression import HIDDEN, THRESHOLD, UNBOUNDED, Ledger, Memory, below

# a number, "<5", "x" (hidden), a share known as at least so much ("≥87"), a label, or None:
# nothing to show
Value = int | float | str | None

# The sheets the figures are counted from (with Lijsten): `eenplan stats` reads no other.
SHEETS_USED = frozenset({DOSSIERS, PAUSES})
OTHER = "Andere"
NOT_FILLED = "Niet ingevuld"
TOTAL = "Totaal"
# A figure's row: running trajectories no one was assigned to yet. (The overdue list groups such
# dossiers under overdue.NO_BEGELEIDER, a name --begeleider accepts; this is a label, not a name.)
NOT_YET_ASSIGNED = "Nog geen begeleider"
# Days from aanmelding to the first conversation, in bands (the last is open)
DAY_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 7), (8, 14), (15, 21), (22, 31), (32, 45), (46, 60), (61, None),
)
WAITING = frozenset({Status.WAITING, Status.OPEN, Status.DUE_SOON, Status.OVERDUE, Status.PAUSED})


# The definition of the indicators: two files compare (and combine) only under the same version
# and the same norms. Raise the version whenever the meaning of a figure changes.
DEFINITION_VERSION = "1g1p-monitoring-1"


def definition(flows: Sequence[Flow], threshold: int) -> dict[str, Any]:
    """The indicators' definition as data (the words are in ``definitions``)."""
    norms = {}
    for flow in sorted(flows, key=lambda f: f.name):
        first, closing = flow.steps[0], closing_step(flow)
        norms[flow.name] = {
            "titel": flow.title,
            "eerste_gesprek": _step_definition(first),
            "duurnorm": None if closing is None else _step_definition(closing),
        }
    return {
        "versie": DEFINITION_VERSION,
        "klok_start": "Datum aanmelding",
        "gesprek": "de datum van de eerste stap van het traject (het perspectiefbiedend gesprek)",
        "op_tijd": "op of voor de termijn; termijn in kalendermaanden zoals EDATE",
        "pauzes": "elke pauzedag (Van tot en met Tot) tussen start en termijn schuift de termijn op; "
                  "wachttijd zowel met als zonder pauzedagen",
        "wachttijd": "rangpercentielen P50, P75, P90 van de kalenderdagen aanmelding tot gesprek",
        "normen": norms,
        "drempel": threshold,
        "onderdrukking": "celonderdrukking met controle van de intervallen door lineair programmeren "
                         "(Eurostat, Handbook on Statistical Disclosure Control, 2010, de audit van "
                         "tau-ARGUS); percentages als ondergrens",
    }


def _step_definition(step: Step) -> dict[str, Any]:
    return {"stap": step.label, "van": step.start, "datum": step.milestone, "norm": step.norm,
            "maanden": step.months, "dagen": step.days}


class PeriodError(EenplanError):
    """The period asked for cannot be used."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # "label" | "count" | "share" (a percentage) | "days"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]

    def row(self, label: str) -> dict[str, Value]:
        """One row by its label, as column key -> value (for tests and charts)."""
        for values in self.rows:
            if values[0] == label:
                return dict(zip((c.key for c in self.columns), values, strict=True))
        raise KeyError(label)

    def column(self, key: str) -> list[Value]:
        index = [c.key for c in self.columns].index(key)
        return [values[index] for values in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "title": self.title, "intro": self.intro,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [list(r) for r in self.rows],
        }


@dataclass(frozen=True)
class Report:
    team: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    definitions: tuple[str, ...]
    tables: tuple[Table, ...]
    # the first steps' norms, for the charts' norm lines: (the norm in words, about so many days)
    first_norms: tuple[tuple[str, float], ...] = ()
    threshold: int = THRESHOLD
    intern: bool = False  # the team's own report: nothing suppressed, not for sharing
    definition: Mapping[str, Any] | None = None  # the versioned definition, as data
    # the Dossiers rows not counted (no number or registration, a date unreadable, a flow
    # unknown): for the team, exact; the report's own table holds it suppressed
    left_out: int = 0
    # a partnership's report: the teams whose region file does not say how many rows it left
    # out (made by an eenplan before it said so), so the figures may miss rows nobody knows of
    left_out_unknown: tuple[str, ...] = ()
    # a partnership's report: the teams whose region file counted no Dossiers row at all (an
    # empty workbook, or another than the team's): their zeros are not a quiet year
    empty_teams: tuple[str, ...] = ()
    # no Dossiers row at all: an empty workbook, or another than the team's (not a quiet year)
    no_dossiers: bool = False
    dossiers_title: str = DOSSIERS  # the sheet Dossiers as the team's workbook names it
    combined: bool = False  # a partnership's report, added up from the teams' region files
    # a sentence for each split (gemeente, aanmelder, hulpvraag) whose column Dossiers lacks
    column_gaps: tuple[str, ...] = ()
    # the team's own report: those splits' headings ("Gemeente"), for the sentence its reader gets
    columns_missing: tuple[str, ...] = ()
    # a partnership's report of more region files than it audits beside the teams' own reports
    # table by table: how many (beside each team's total row only); 0: audited beside them all
    totals_only: int = 0
    # the sheets of the team's workbook that eenplan did not read and that look like one it
    # counts from ("Dossiers 2025"): their titles, and the sentence the team hears of them
    unread_sheets: tuple[str, ...] = ()
    unread_sentence: str = ""

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def cautions(self, *, exact: bool) -> list[str]:
        """What the figures cannot stand behind, each as the command says it: rows left out
        (how many only when ``exact`` or intern: a small number, which the steering group's
        report holds suppressed), teams whose region file does not say or counted nothing, a
        workbook without a dossier."""
        said = []
        if self.left_out and (exact or self.intern):
            said.append(left_out_sentence(self.left_out, "het rapport", combined=self.combined))
        elif self.left_out:
            said.append(f"Let op: niet elke dossierrij is meegeteld ({LEFT_OUT_WHY}); hoeveel, staat "
                        "in de tabel Niet meegeteld.")
        if self.left_out_unknown:
            said.append(left_out_unknown_sentence(self.left_out_unknown))
        if self.empty_teams:
            said.append(empty_teams_sentence(self.empty_teams))
        if self.no_dossiers:  # a quiet year has rows; this is an empty workbook, or another one
            said.append(nothing_counted_sentence(self.dossiers_title))
        if self.totals_only:
            said.append(totals_only_caution(self.totals_only))
        if self.unread_sentence:
            said.append(self.unread_sentence)
        return said + list(self.column_gaps)

    def reader_cautions(self) -> list[str]:
        """The same cautions as the report itself says them, beside its headline figures: to
        whoever reads it (a steering group, the team, a partnership), in plain words, without the
        commands and settings the team hears of (``cautions``), and rows left out counted only as
        far as the table Niet meegeteld shows them."""
        said = [self._left_out_said()] if self.left_out else []
        if self.left_out_unknown:
            files, who = _region_files(self.left_out_unknown, "zegt", "zeggen")
            said.append(f"Let op: {files} niet hoeveel dossierrijen niet meegeteld werden (gemaakt "
                        "met een oudere versie van eenplan), dus de aantallen kunnen te laag zijn. "
                        f"Vraag {who} om een nieuw regiobestand, en voeg dan opnieuw samen.")
        if self.empty_teams:
            said.append(empty_teams_sentence(self.empty_teams))
        if self.no_dossiers:
            said.append("Let op: in de werkmap staat geen enkel dossier, dus er is niets geteld en "
                        "de nullen in dit rapport zeggen niets over het werk van het team. Misschien "
                        "werd een andere werkmap gelezen dan die van het team.")
        if self.totals_only:
            said.append(totals_only_caution(self.totals_only))
        if self.unread_sheets:
            named = and_list([f'"{title}"' for title in self.unread_sheets])
            one = len(self.unread_sheets) == 1
            said.append(f"Let op: {'het blad' if one else 'de bladen'} {named} in de werkmap van het "
                        f"team {'lijkt' if one else 'lijken'} op een blad waaruit dit rapport telt, "
                        f"maar eenplan las {'het' if one else 'ze'} niet, dus wat erop staat, is niet "
                        "meegeteld en de aantallen kunnen te laag zijn.")
        if self.combined:  # said to the partnership already, in plain words
            return said + list(self.column_gaps)
        return said + [f"Let op: in de werkmap van het team ontbreekt de kolom {heading} (of ze "
                       f"heeft een andere naam), dus de aanmeldingen staan niet per "
                       f'{heading.lower()}: ze staan samen onder "{COLUMN_MISSING}".'
                       for heading in self.columns_missing]

    def _left_out_said(self) -> str:
        """Rows left out, as many as the table Niet meegeteld shows (a small number is hidden
        there for a steering group, and so here)."""
        shown = self.table("niet_meegeteld").rows[0][1]
        where = "uit de werkmappen van de teams" if self.combined else "uit de werkmap van het team"
        if isinstance(shown, int):
            rows = (f"{plural(shown, 'dossierrij', 'dossierrijen')} {where} "
                    f"{'is' if shown == 1 else 'zijn'} niet meegeteld")
        elif shown == below(self.threshold):
            rows = f"minder dan {self.threshold} dossierrijen {where} zijn niet meegeteld"
        else:
            rows = f"niet elke dossierrij {where} is meegeteld"
        fix = ("tot de teams die rijen verbeteren en hun regiobestand opnieuw maken" if self.combined
               else "tot het team die rijen in zijn werkmap verbetert en het rapport opnieuw maakt")
        return (f"Let op: {rows}, omdat er iets ontbrak of niet klopte (bij de tabel Niet "
                "meegeteld staat waarom een rij niet meetelt). De aantallen in dit rapport kunnen "
                f"daardoor te laag zijn, {fix}.")

    def to_dict(self) -> dict[str, Any]:
        """The report as data; ``let_op`` says what the figures cannot stand behind (a program
        reading them must not take an empty workbook's zeros for a quiet year)."""
        return {
            "team": self.team,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "audience": "intern" if self.intern else "stuurgroep",
            "threshold": self.threshold,
            "definitie": dict(self.definition or {}),
            "definitions": list(self.definitions),
            "let_op": self.cautions(exact=False),
            "tables": [t.to_dict() for t in self.tables],
        }


# -- the period --------------------------------------------------------------------------------


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve calendar months up to and including today's month, up to today."""
    return edate(today.replace(day=1), -11), today


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of each month from start's month to end's month."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = edate(month, 1)
    return months


def month_end(first: datetime.date) -> datetime.date:
    return edate(first.replace(day=1), 1) - datetime.timedelta(days=1)


def quarters_of(months: Sequence[datetime.date]) -> list[tuple[datetime.date, list[datetime.date]]]:
    """The months grouped by calendar quarter: (the quarter's first day, its months in the list)."""
    found: dict[datetime.date, list[datetime.date]] = {}
    for month in months:
        found.setdefault(month.replace(month=(month.month - 1) // 3 * 3 + 1), []).append(month)
    return list(found.items())


def quarter_label(first: datetime.date, months: Sequence[datetime.date], *, start: datetime.date,
                  end: datetime.date) -> str:
    """"3e kwartaal 2026"; a quarter the period (``start`` to ``end``) holds only part of says what
    it counts: its months where the period holds whole months ("4e kwartaal 2025 (dec)",
    "4e kwartaal 2026 (okt–nov)"), else its days ("2e kwartaal 2026 (01/04–10/06)")."""
    label = f"{(first.month - 1) // 3 + 1}e kwartaal {first.year}"
    since, until = max(start, months[0]), min(end, month_end(months[-1]))
    if since != months[0] or until != month_end(months[-1]):
        return f"{label} ({since:%d/%m}–{until:%d/%m})"
    if len(months) < 3:
        names = [month_and_year(m, short=True).rsplit(" ", 1)[0].rstrip(".") for m in (months[0], months[-1])]
        label += f" ({names[0]})" if len(months) == 1 else f" ({names[0]}–{names[1]})"
    return label


def month_label(first: datetime.date, *, start: datetime.date, end: datetime.date) -> str:
    """"januari 2026"; a month the period (``start`` to ``end``) holds only part of says which days
    it counts: "januari 2026 (vanaf 15/01)", "juni 2026 (tot en met 10/06)", "mei 2026 (04/05–20/05)"."""
    label, last = month_and_year(first), month_end(first)
    since, until = max(start, first), min(end, last)
    if since != first and until != last:
        return f"{label} ({since:%d/%m}–{until:%d/%m})"
    if since != first:
        return f"{label} (vanaf {since:%d/%m})"
    if until != last:
        return f"{label} (tot en met {until:%d/%m})"
    return label


# -- what each dossier counts as ---------------------------------------------------------------


class Trajectory(NamedTuple):
    """One dossier row as the statistics see it: no name, no free text, no number.

    A NamedTuple: the statistics build one a row of a 50,000-dossier workbook.
    """

    index: int  # type: ignore[assignment]  # its position among the caseload's dossiers: the families a count holds
    flow: Flow
    registered_on: datetime.date
    first: Status | None  # the first step's status; None when the row is outside the period
    first_done: datetime.date | None
    closed_on: datetime.date | None
    closure: Status | None  # the closing step's status; None when the flow has no such norm
    perspective_on: datetime.date | None
    plan_on: datetime.date | None
    municipality: str
    referrer: str
    question: str
    reason: str
    begeleider: str
    paused_days: int = 0  # pause days between the aanmelding and the first conversation, both included


def closing_step(flow: Flow) -> Step | None:
    return next((s for s in flow.steps if s.milestone == "closed_on"), None)


def trajectories(caseload: Caseload, flows: Mapping[str, Flow], *, today: datetime.date,
                 start: datetime.date = datetime.date.min,
                 end: datetime.date = datetime.date.max) -> tuple[list[Trajectory], int]:
    """Each usable dossier row, and how many rows could not be used.

    The deadline engine runs, on ``today``, for the rows registered or closed between ``start``
    and ``end``: the others count only in the caseload, which needs their dates alone.
    """
    lists = caseload.lists
    listed = {name: _Listed(lists.get(name, ())) for name in (MUNICIPALITIES, REFERRERS, LIFE_DOMAINS,
                                                               CLOSURE_REASONS)}
    municipality, referrer = listed[MUNICIPALITIES], listed[REFERRERS]
    question, reason = listed[LIFE_DOMAINS], listed[CLOSURE_REASONS]
    pauses: dict[str, list[Pause]] = defaultdict(list)
    for pause in caseload.pauses:
        pauses[dossier_key(pause.dossier)].append(pause)
    known_flows: dict[str, Flow | None] = {}
    found, left_out = [], 0
    # a date eenplan could not read (text, a formula without a value, #REF!) leaves the row out,
    # and counts it as such: never as a family still waiting or a step never done
    unreadable = {row for sheet, row, field in caseload.unreadable
                  if sheet == DOSSIERS and field in _DATE_FIELDS}
    # a pause that cannot be counted (a date unreadable, an end before its start) moves every
    # clock of its dossier by an unknown number of days: the row is left out too
    odd_pauses = odd_pauses_of(caseload)
    # a number on two rows (typed twice, or a family back under its old number): which row its
    # pauses belong to, and whether it is one family or two, cannot be told; counted twice it
    # would be a trajectory too many. Both rows are left out, as `eenplan check` says them
    repeated = caseload.repeated_numbers
    for index, dossier in enumerate(caseload.dossiers):
        name = dossier.flow
        if name not in known_flows:
            flow = flows.get(name) if name else None
            known_flows[name] = flow if flow is not None and flow.steps else None
        flow = known_flows[name]
        registered, closed = dossier.registered_on, dossier.closed_on
        if flow is None or registered is None or not dossier.id or dossier.row in unreadable \
                or _dates_out_of_order(registered, (dossier.perspective_on, dossier.plan_on, closed),
                                       today) \
                or (odd_pauses and dossier_key(dossier.id) in odd_pauses) \
                or (repeated and dossier_key(dossier.id) in repeated):
            left_out += 1  # a date after today is a typo or a plan: not yet a figure
            continue
        first = first_done = closure = None
        paused_days = 0
        if start <= registered <= end or (closed is not None and start <= closed <= end):
            its_pauses = pauses.get(dossier_key(dossier.id), ())
            states = evaluate(dossier, flow, its_pauses, today=today)
            first, first_done = states[0].status, states[0].done
            if its_pauses and first_done is not None:
                paused_days = _days_paused(its_pauses, registered, first_done, today=today)
            closing = closing_step(flow)
            if closing is not None:
                closure = next(s.status for s in states if s.step is closing)
        found.append(Trajectory(
            index, flow, registered, first, first_done, closed, closure, dossier.perspective_on,
            dossier.plan_on, municipality(dossier.municipality), referrer(dossier.referrer),
            question(dossier.question), reason(dossier.closure_reason),
            " ".join(dossier.begeleider.split()), paused_days,
        ))
    return found, left_out


def _dates_out_of_order(registered: datetime.date, later: Sequence[datetime.date | None],
                        today: datetime.date) -> bool:
    """Whether a row's dates cannot be counted (``later``: the perspectiefgesprek, the plan and
    the closure): one after today (a typo or a plan, not yet a figure: a conversation on it would
    count as late, with a wait that never was), a conversation, plan or closure before the
    aanmelding (a wait under 0 days counts as on time), or a plan or closure before the
    conversation (a trajectory under 0 days). `eenplan check` says each of them
    (date-in-future, date-before-registration, plan-before-perspective, step-out-of-order)."""
    if registered > today:
        return True
    if any(day is not None and not registered <= day <= today for day in later):
        return True
    perspective = later[0]
    return perspective is not None and any(day is not None and day < perspective for day in later[1:])


def _days_paused(pauses: Sequence[Pause], start: datetime.date, end: datetime.date, *,
                 today: datetime.date) -> int:
    """Pause days from ``start`` to ``end`` (both included), overlapping pauses counted once."""
    merged, _ = pause_intervals(pauses, today=today)
    return sum(max((min(stop, end) - max(begin, start)).days + 1, 0) for begin, stop in merged)


class _Listed:
    """A list value as the list writes it; anything else (free text!) is never shown."""

    def __init__(self, values: Iterable[str]) -> None:
        self.known = {normal_text(v): v.strip() for v in values if v.strip()}
        self.seen: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        found = self.seen.get(value)
        if found is None:
            if not value.strip():
                found = NOT_FILLED
            else:
                found = self.known.get(normal_text(value), OTHER)
            self.seen[value] = found
        return found


# -- the tables --------------------------------------------------------------------------------

REGISTRATION_COLUMNS = (
    Column("aanmeldingen", "Aanmeldingen", "count"),
    Column("binnen_norm", "Gesprek binnen de norm", "count"),
    Column("te_laat", "Gesprek te laat", "count"),
    Column("wacht_nog", "Wacht nog", "count"),
    Column("zonder_gesprek", "Afgesloten zonder gesprek", "count"),
    Column("pct_binnen_norm", "% binnen de norm", "share"),
    Column("pct_wacht_nog", "% wacht nog", "share"),
    Column("mediaan_dagen", "Mediaan dagen tot gesprek", "days"),
)
_PARTS = ("binnen_norm", "te_laat", "wacht_nog", "zonder_gesprek")


def _registration_parts(group: Sequence[Trajectory]) -> dict[str, list[Trajectory]]:
    parts: dict[str, list[Trajectory]] = {key: [] for key in _PARTS}
    for t in group:
        if t.first is Status.ON_TIME:
            parts["binnen_norm"].append(t)
        elif t.first is Status.LATE:
            parts["te_laat"].append(t)
        elif t.first is Status.SKIPPED:
            parts["zonder_gesprek"].append(t)
        else:
            parts["wacht_nog"].append(t)
    return parts


class _Grid:
    """A table whose rows add up to a total row, column by column, in a ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.rows: list[tuple[str, dict[str, int], dict[str, Callable[[], Value]]]] = []

    def registrations(self, label: str, group: Sequence[Trajectory],
                      same_as: dict[str, int] | None = None) -> dict[str, int]:
        """A row of counts; ``same_as``: the same figures as another table's row, as one count each
        (the totals of the splits are those of the months: hidden in one, hidden in all)."""
        ledger = self.ledger
        parts = _registration_parts(group)
        if same_as is not None:
            cells = same_as
        else:
            cells = {"aanmeldingen": ledger.count(t.index for t in group)}
            cells.update({key: ledger.count(t.index for t in parts[key]) for key in _PARTS})
            ledger.adds_up(cells["aanmeldingen"], [cells[k] for k in _PARTS])
        talked = parts["binnen_norm"] + parts["te_laat"]
        days = [(t.first_done - t.registered_on).days for t in talked if t.first_done]
        derived: dict[str, Callable[[], Value]] = {
            "pct_binnen_norm": lambda: _share(ledger, cells["binnen_norm"], cells["aanmeldingen"]),
            # a lower bound says something of the on-time share; of the share still waiting, little
            "pct_wacht_nog": lambda: _share(ledger, cells["wacht_nog"], cells["aanmeldingen"], bound=False),
            "mediaan_dagen": lambda: _median(days, ledger.threshold),
        }
        self.rows.append((label, cells, derived))
        return cells

    def add_total(self, total: dict[str, int], parts: Sequence[dict[str, int]]) -> None:
        for key, cell in total.items():
            self.ledger.adds_up(cell, [p[key] for p in parts])

    def table(self, key: str, title: str, intro: str, first: str, columns: Sequence[Column]) -> Table:
        return grid_table(self.ledger, self.rows, key, title, intro, first, columns)


def grid_table(
    ledger: Ledger, grid_rows: Sequence[tuple[str, Mapping[str, int], Mapping[str, Callable[[], Value]]]],
    key: str, title: str, intro: str, first: str, columns: Sequence[Column],
) -> Table:
    """A table from a grid's rows: each count as the ledger shows it, each derived figure worked
    out now (after every count is in the ledger), and None where the row has no such column."""
    rows = []
    for label, cells, derived in grid_rows:
        values: list[Value] = [label]
        for column in columns:
            if column.key in cells:
                values.append(ledger.shown(cells[column.key]))
            elif column.key in derived:
                values.append(derived[column.key]())
            else:
                values.append(None)
        rows.append(tuple(values))
    return Table(key, title, intro, (Column("label", first, "label"), *columns), tuple(rows))


def _share(ledger: Ledger, part: int, whole: int, *, bound: bool = True) -> float | str | None:
    """The part as a percentage of the whole; its band ("85–90") where the part is hidden and the
    band gives no small count away; the neutral mark where the whole is hidden or the band would
    tell too much; "–" (None) where the whole is 0."""
    if not ledger.hidden(whole) and not ledger.value(whole):
        return None
    if ledger.hidden(whole):
        return HIDDEN
    if not ledger.hidden(part):
        return round(100 * ledger.value(part) / ledger.value(whole), 1)
    if not bound:
        return HIDDEN
    size = ledger.value(whole)
    floor = ledger.best_bound(part, floor=True, limit=size)
    return at_least(100 * floor // size) if floor else HIDDEN


def at_least(percent: int) -> str:
    """A share known to be at least so many percent, as published: "≥87"; the mark for 0."""
    return f"≥{percent}" if percent > 0 else HIDDEN


def floor_text(value: str) -> str:
    """A published floor as the reports print it, a percentage beside the percentages: "≥87" is
    "≥ 87 %" (never a bare "≥87", which reads as a count); anything else as it is."""
    percent = lower_bound(value)
    return value if percent is None else f"≥ {percent} %"


def lower_bound(value: object) -> int | None:
    """The percentage of a published "≥87", or None for anything else."""
    if isinstance(value, str) and value.startswith("≥") and value[1:].isdigit():
        return int(value[1:])
    return None


def _duration_share(ledger: Ledger, inside: int, longer: int) -> float | str | None:
    """Closed within the duration norm, as a percentage of those judged; "at least" where one of
    the two is hidden and the bound gives no small count away."""
    hidden_in, hidden_out = ledger.hidden(inside), ledger.hidden(longer)
    shown_in, shown_out = ledger.value(inside), ledger.value(longer)
    if not hidden_in and not hidden_out:
        judged = shown_in + shown_out
        return round(100 * shown_in / judged, 1) if judged else None
    if hidden_in and hidden_out:
        return HIDDEN  # even over none: "–" would tell that both are 0
    if hidden_out:  # in / (in + out) >= in / (in + the most out can be)
        most = ledger.best_bound(longer, floor=False, limit=0)
        if most is None or most >= UNBOUNDED or not shown_in + most:
            return HIDDEN
        return at_least(100 * shown_in // (shown_in + most))
    least = ledger.best_bound(inside, floor=True, limit=UNBOUNDED - 1)
    if not least:
        return HIDDEN
    return at_least(100 * least // (least + shown_out))


def _median(days: Sequence[int], threshold: int) -> float | str | None:
    """The median over the threshold's number of families or more; the neutral mark over fewer
    (none included: "–" would tell that there were none), "–" over none when nothing is hidden."""
    if len(days) < threshold:
        return HIDDEN
    if not days:
        return None
    middle = statistics.median(days)
    return int(middle) if float(middle).is_integer() else round(float(middle), 1)


def _groups(items: Sequence[Trajectory], key: Callable[[Trajectory], str],
            threshold: int = THRESHOLD) -> list[tuple[str, list[Trajectory]]]:
    """Items by group, largest first; groups under the threshold taken together as Andere."""
    by: dict[str, list[Trajectory]] = defaultdict(list)
    for item in items:
        by[key(item)].append(item)
    # by name: an order by size would tell where a hidden count lies between its neighbours
    kept = sorted(((k, v) for k, v in by.items() if len(v) >= threshold and k != OTHER),
                  key=lambda kv: (kv[0] == NOT_FILLED, kv[0].casefold()))
    rest = [t for k, v in by.items() if len(v) < threshold or k == OTHER for t in v]
    if rest:
        kept.append((OTHER, rest))
    return kept


# The splits by a column that only some teams keep: without it every registration would read as
# one where it was not filled in (a header typed otherwise), so the table says so instead.
SPLIT_FIELDS = {"per_gemeente": "municipality", "per_aanmelder": "referrer", "per_hulpvraag": "question"}
COLUMN_MISSING = "Onbekend: de kolom ontbreekt"


def split_gaps(caseload: Caseload) -> dict[str, str]:
    """The splits whose column Dossiers lacks: the table's key -> the sentence that says so."""
    said = {}
    for key, _title, heading, _ in SPLITS:
        gap = caseload.column_gap(DOSSIERS, SPLIT_FIELDS[key]) if key in SPLIT_FIELDS else None
        if gap is not None:
            said[key] = gap.sentence(f"de aanmeldingen niet per {heading.lower()} tellen "
                                     f'(ze staan samen als "{COLUMN_MISSING}")')
    return said


SPLITS: tuple[tuple[str, str, str, Callable[[Trajectory], str]], ...] = (
    ("per_gemeente", "Aanmeldingen per gemeente", "Gemeente", lambda t: t.municipality),
    ("per_aanmelder", "Aanmeldingen per aanmelder", "Aanmelder", lambda t: t.referrer),
    ("per_hulpvraag", "Aanmeldingen per hulpvraag (levensdomein)", "Hulpvraag", lambda t: t.question),
    ("per_traject", "Aanmeldingen per traject", "Traject", lambda t: t.flow.title),
)


def figures(caseload: Caseload, flows: Mapping[str, Flow], *, start: datetime.date, end: datetime.date,
            today: datetime.date, team: str = "", ledger: Ledger | None = None,
            threshold: int = THRESHOLD, intern: bool = False, memory: Memory | None = None) -> Report:
    """Every table of the monitoring report for the period ``start`` to ``end`` (both included).

    Statuses are taken on ``today``: a conversation after the period but before today counts.
    ``ledger`` (a new one with ``threshold`` by default) receives every count, so a test can
    inspect them. ``intern``: the team's own report, nothing suppressed, the begeleiders by name;
    not for sharing. ``memory``: the suppression's results kept from a run before (a new ledger's
    only; see ``suppression.Memory``).
    """
    check_period(start, end, today)
    end = min(end, today)  # the future holds nothing to count yet
    everything, left_out = trajectories(caseload, flows, today=today, start=start, end=end)
    if ledger is None:  # the team's own report hides nothing: nothing to remember
        ledger = Ledger(0 if intern else threshold, memory=None if intern else memory)
    report = _report(everything, left_out, start=start, end=end, today=today, team=team,
                     ledger=ledger, intern=intern, missing=split_gaps(caseload))
    ledger.remember()
    report = dataclasses.replace(report, dossiers_title=caseload.title(DOSSIERS))
    if not caseload.look_alikes:
        return report
    return dataclasses.replace(report, unread_sheets=tuple(f.title for f in caseload.look_alikes),
                               unread_sentence=caseload.look_alikes_sentence("in deze cijfers"))


def check_period(start: datetime.date, end: datetime.date, today: datetime.date) -> None:
    """PeriodError where the period cannot be counted: it ends before it begins, or it begins after
    today (``end`` as asked, before it is cut back to today). After today first: without --tot the
    end is today, and a sentence about --tot would name an option never given."""
    if start > today:
        raise PeriodError(
            f"De periode begint ({start:%d/%m/%Y}) na vandaag ({today:%d/%m/%Y}): over de "
            "toekomst valt nog niets te tellen. Kies een vroegere --van."
        )
    if start > end:
        raise PeriodError(
            f"De periode begint op {start:%d/%m/%Y}, na haar einde op {end:%d/%m/%Y}: kies bij "
            "--van een datum die voor die bij --tot ligt."
        )


def _report(everything: list[Trajectory], left_out: int, *, start: datetime.date, end: datetime.date,
            today: datetime.date, team: str, ledger: Ledger, intern: bool = False,
            missing: Mapping[str, str] | None = None) -> Report:
    """The report's tables; ``missing``: the splits whose column the workbook lacks (split_gaps)."""
    missing = missing or {}
    registered = [t for t in everything if start <= t.registered_on <= end]
    months = months_between(start, end)

    # per month of aanmelding, with the period's total
    by_month: dict[datetime.date, list[Trajectory]] = defaultdict(list)
    for t in registered:
        by_month[t.registered_on.replace(day=1)].append(t)
    monthly = _Grid(ledger)
    rows = [monthly.registrations(month_label(m, start=start, end=end), by_month.get(m, [])) for m in months]
    total = monthly.registrations(TOTAL, registered)
    monthly.add_total(total, rows)
    grids = [("per_maand", "Aanmeldingen per maand", "Maand van aanmelding", monthly)]

    # per quarter: each quarter is the sum of its months, the period the sum of its quarters, all
    # in the one ledger, so that no quarter less its months (or the reverse) gives a few away
    of_month = dict(zip(months, rows, strict=True))
    quarterly = _Grid(ledger)
    quarter_rows = []
    for first, its_months in quarters_of(months):
        group = [t for m in its_months for t in by_month.get(m, [])]
        parts = [of_month[m] for m in its_months]
        cells = quarterly.registrations(quarter_label(first, its_months, start=start, end=end), group,
                                        same_as=parts[0] if len(parts) == 1 else None)
        if len(parts) > 1:
            quarterly.add_total(cells, parts)
        quarter_rows.append(cells)
    quarterly.add_total(quarterly.registrations(TOTAL, registered, same_as=total), quarter_rows)
    grids.append(("per_kwartaal", "Aanmeldingen per kwartaal", "Kwartaal van aanmelding", quarterly))

    for key, title, heading, group_of in SPLITS:
        grid = _Grid(ledger)
        groups = ([(COLUMN_MISSING, registered)] if registered else []) if key in missing else \
            _groups(registered, group_of, ledger.threshold)
        rows = [grid.registrations(label, group) for label, group in groups]
        grid.add_total(grid.registrations(TOTAL, registered, same_as=total), rows)
        grids.append((key, title, heading, grid))

    # every count is registered before the first is shown: suppression sees them all at once
    pending: list[Callable[[], Table]] = [
        functools.partial(grid.table, key, title, f"{_REGISTRATION_INTRO} {missing.get(key, '')}".strip(),
                          heading, REGISTRATION_COLUMNS)
        for key, title, heading, grid in grids
    ]
    pending.insert(2, _day_bands(ledger, registered, total))
    pending.insert(3, _waiting(ledger, registered, start=start, end=end))
    closed = [t for t in everything if t.closed_on is not None and start <= t.closed_on <= end]
    render_closed, early = _closed(ledger, closed)
    pending.append(render_closed)
    pending.append(_reasons(ledger, closed, early))
    pending.append(_caseload(ledger, everything, months, end=min(end, today), by_name=intern))
    pending.append(left_out_table(ledger, left_out))
    flows_used = {t.flow.name: t.flow for t in everything}
    return Report(
        team=team, start=start, end=end, as_of=today,
        definitions=definitions(list(flows_used.values()), start=start, end=end, today=today,
                                threshold=ledger.threshold, intern=intern),
        tables=tuple(render() for render in pending),
        first_norms=tuple(sorted({(f.steps[0].norm, _norm_days(f.steps[0])) for f in flows_used.values()})),
        threshold=ledger.threshold, intern=intern,
        definition=definition(list(flows_used.values()), ledger.threshold), left_out=left_out,
        no_dossiers=not everything and not left_out, column_gaps=tuple(missing.values()),
        columns_missing=tuple(heading for key, _, heading, _ in SPLITS if key in missing),
    )


_REGISTRATION_INTRO = (
    "Gezinnen aangemeld in de periode, en hoe het met hun eerste gesprek staat. De vier aantallen "
    "na Aanmeldingen tellen samen op tot de aanmeldingen."
)


PERCENTILES = (50, 75, 90)
WAITING_COLUMNS = (
    *(Column(f"p{p}", f"P{p} dagen", "days") for p in PERCENTILES),
    *(Column(f"p{p}_zonder_pauzes", f"P{p} zonder pauzes", "days") for p in PERCENTILES),
)


def percentile(values: Sequence[int], p: int) -> int:
    """The nearest-rank percentile: the smallest value with at least p % of the values at or
    below it (so it is a day some family really waited)."""
    ordered = sorted(values)
    return ordered[max(-(-p * len(ordered) // 100), 1) - 1]


def _waiting(ledger: Ledger, registered: Sequence[Trajectory], *, start: datetime.date,
             end: datetime.date) -> Callable[[], Table]:
    """Days from aanmelding to the first conversation, per quarter of aanmelding: P50, P75, P90,
    with the pause days counted and without them."""
    by_quarter: dict[datetime.date, list[Trajectory]] = defaultdict(list)
    for t in registered:
        if t.first in (Status.ON_TIME, Status.LATE) and t.first_done:
            day = t.registered_on
            by_quarter[day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)].append(t)
    groups = [(quarter_label(first, its, start=start, end=end), by_quarter.get(first, []))
              for first, its in quarters_of(months_between(start, end))]
    groups.append((TOTAL, [t for group in by_quarter.values() for t in group]))

    def row(label: str, group: Sequence[Trajectory]) -> tuple[Value, ...]:
        days = [(t.first_done - t.registered_on).days for t in group if t.first_done]
        net = [max((t.first_done - t.registered_on).days - t.paused_days, 0) for t in group if t.first_done]
        if len(days) < ledger.threshold:  # as the median: over fewer families, hidden
            return (label, *(HIDDEN for _ in WAITING_COLUMNS))
        if not days:
            return (label, *(None for _ in WAITING_COLUMNS))
        return (label, *(percentile(days, p) for p in PERCENTILES),
                *(percentile(net, p) for p in PERCENTILES))

    return lambda: Table(
        "wachttijd", "Wachttijd tot het eerste gesprek, per kwartaal",
        "Gezinnen aangemeld in het kwartaal die hun eerste gesprek al hadden: P50 (de helft), P75 "
        "en P90 van de kalenderdagen van aanmelding tot gesprek; P90: 9 op 10 gezinnen wachtten zo "
        "lang of korter. Zonder pauzes: de pauzedagen in die tijd afgetrokken.",
        (Column("label", "Kwartaal van aanmelding", "label"), *WAITING_COLUMNS),
        tuple(row(label, group) for label, group in groups),
    )


def _norm_days(step: Step) -> float:
    return step.months * 30.44 if step.months else float(step.days)


def _day_bands(ledger: Ledger, registered: Sequence[Trajectory],
               registrations: Mapping[str, int]) -> Callable[[], Table]:
    """The families that had their first conversation, by days waited; ``registrations``: the
    period's total row of the registration tables, whose on-time and late families these are (the
    ledger holds that sum too: else the bands' total less the on-time count would give the late
    ones, and with them the few closed without a conversation)."""
    talked = [(t.index, (t.first_done - t.registered_on).days) for t in registered
              if t.first in (Status.ON_TIME, Status.LATE) and t.first_done]
    labels, cells = [], []
    for low, high in DAY_BANDS:
        cells.append(ledger.count(i for i, days in talked if low <= days and (high is None or days <= high)))
        labels.append(f"{low} tot {high} dagen" if high is not None else f"{low} dagen of meer")
    total = ledger.count(i for i, _ in talked)
    ledger.adds_up(total, cells)
    ledger.adds_up(total, [registrations["binnen_norm"], registrations["te_laat"]], total_first=True)
    return lambda: Table(
        "verdeling_dagen", "Dagen van aanmelding tot eerste gesprek",
        "Gezinnen aangemeld in de periode die hun eerste gesprek al hadden, naar het aantal "
        "kalenderdagen tussen aanmelding en gesprek.",
        (Column("label", "Dagen", "label"), Column("gezinnen", "Gezinnen", "count")),
        tuple((label, ledger.shown(cell)) for label, cell in zip([*labels, TOTAL], [*cells, total],
                                                                  strict=True)),
    )


CLOSED_COLUMNS = (
    Column("afgesloten", "Afgesloten", "count"),
    Column("zonder_gesprek", "Voor het eerste gesprek", "count"),
    Column("met_gesprek", "Na het eerste gesprek", "count"),
    Column("binnen_duurnorm", "Binnen de duurnorm", "count"),
    Column("langer", "Langer dan de duurnorm", "count"),
    Column("met_gezinsplan", "Met gezinsplan", "count"),
    Column("pct_binnen_duurnorm", "% binnen de duurnorm", "share"),
    Column("pct_gezinsplan", "% met gezinsplan", "share"),
    Column("mediaan_duur", "Mediaan duur (dagen)", "days"),
)


def _closed(ledger: Ledger, closed: Sequence[Trajectory]) -> tuple[Callable[[], Table], int]:
    """The closed-trajectories table, and the count of those closed before a first conversation."""
    by_flow: dict[str, list[Trajectory]] = defaultdict(list)
    for t in closed:
        by_flow[t.flow.title].append(t)
    groups = sorted(by_flow.items(), key=lambda kv: kv[0].casefold())
    keys = [c.key for c in CLOSED_COLUMNS if c.kind == "count"]

    def counts(group: Sequence[Trajectory], with_norm: bool) -> dict[str, int | None]:
        later = [t for t in group if t.first is not Status.SKIPPED]
        cells: dict[str, int | None] = {
            "afgesloten": ledger.count(t.index for t in group),
            "zonder_gesprek": ledger.count(t.index for t in group if t.first is Status.SKIPPED),
            "met_gesprek": ledger.count(t.index for t in later),
            "binnen_duurnorm": None,
            "langer": None,
            "met_gezinsplan": ledger.count(t.index for t in group if t.plan_on is not None),
        }
        ledger.adds_up(cells["afgesloten"], [cells["zonder_gesprek"], cells["met_gesprek"]])  # type: ignore[arg-type, list-item]
        if with_norm:
            judged = [t for t in later if t.closure is not None]
            cells["binnen_duurnorm"] = ledger.count(t.index for t in judged if t.closure is Status.ON_TIME)
            cells["langer"] = ledger.count(t.index for t in judged if t.closure is not Status.ON_TIME)
            # after the first conversation: within the norm or longer, a sum a reader knows where
            # every trajectory of the row has a duration norm (not where the others happen to be
            # none: the total's with a psychologist's row that closed each before its first session)
            if len(judged) == len(later) and all(closing_step(t.flow) is not None for t in group):
                ledger.adds_up(cells["met_gesprek"], [cells["binnen_duurnorm"], cells["langer"]])  # type: ignore[arg-type, list-item]
        return cells

    made: list[tuple[str, dict[str, int | None], Sequence[Trajectory]]] = [
        (title, counts(group, closing_step(group[0].flow) is not None), group) for title, group in groups
    ]
    total = counts(closed, any(closing_step(t.flow) is not None for t in closed) or not closed)
    for key in keys:
        # within the duration norm or longer: the total is that of the trajectories with such a
        # norm (one without has none: "–"), and a reader adds those up as surely as the others
        parts = [cells[key] for _, cells, _ in made if cells[key] is not None]
        if total[key] is not None:
            ledger.adds_up(total[key], parts)  # type: ignore[arg-type]
    made.append((TOTAL, total, closed))

    def render() -> Table:
        rows = []
        for title, cells, group in made:
            values: list[Value] = [title]
            values += [None if cells[k] is None else ledger.shown(cells[k]) for k in keys]  # type: ignore[arg-type]
            inside, longer = cells["binnen_duurnorm"], cells["langer"]
            values.append(None if inside is None or longer is None
                          else _duration_share(ledger, inside, longer))
            values.append(_share(ledger, cells["met_gezinsplan"], cells["afgesloten"],  # type: ignore[arg-type]
                                 bound=False))
            values.append(_median([(t.closed_on - t.perspective_on).days for t in group
                                   if t.first is not Status.SKIPPED and t.perspective_on and t.closed_on],
                                  ledger.threshold))
            rows.append(tuple(values))
        order = [c.key for c in CLOSED_COLUMNS]
        columns = [CLOSED_COLUMNS[order.index(k)] for k in keys] + [
            CLOSED_COLUMNS[order.index(k)] for k in ("pct_binnen_duurnorm", "pct_gezinsplan", "mediaan_duur")]
        return Table(
            "afgesloten", "Afgesloten trajecten",
            "Trajecten afgesloten in de periode, per traject. Duur: van het eerste gesprek tot de "
            "afsluiting. Een traject zonder duurnorm (–) telt daar niet mee.",
            (Column("label", "Traject", "label"), *columns), tuple(rows),
        )

    return render, total["zonder_gesprek"]  # type: ignore[return-value]


def _reasons(ledger: Ledger, closed: Sequence[Trajectory], total: int) -> Callable[[], Table]:
    """Why trajectories closed before a first conversation; ``total`` is the closed table's count."""
    early = [t for t in closed if t.first is Status.SKIPPED]
    groups = _groups(early, lambda t: t.reason, ledger.threshold)
    cells = [ledger.count(t.index for t in group) for _, group in groups]
    ledger.adds_up(total, cells)
    labels = [label for label, _ in groups] + [TOTAL]
    return lambda: Table(
        "redenen", "Afgesloten voor het eerste gesprek, per reden",
        "Trajecten afgesloten in de periode zonder eerste gesprek, naar de reden van afsluiting.",
        (Column("label", "Reden afsluiting", "label"), Column("trajecten", "Trajecten", "count")),
        tuple((label, ledger.shown(cell)) for label, cell in zip(labels, [*cells, total], strict=True)),
    )


def pseudonyms(names: Sequence[str]) -> dict[str, str]:
    """Begeleider A, B, ... Z, AA, ... in the order given."""
    found = {}
    for number, name in enumerate(names):
        letters, rest = "", number + 1
        while rest:
            rest, digit = divmod(rest - 1, 26)
            letters = chr(65 + digit) + letters
        found[name] = f"Begeleider {letters}"
    return found


def _caseload(ledger: Ledger, everything: Sequence[Trajectory], months: Sequence[datetime.date], *,
              end: datetime.date, by_name: bool = False) -> Callable[[], Table]:
    """Open trajectories on the last day of each month, per begeleider, under a letter (by name
    in the team's own report)."""

    ends = [min(month_end(m), end) for m in months]
    # a caseload count is a number only (no rule compares its families): each trajectory adds one
    # at its first open month-end and takes it back after its last, and the months add up the steps
    steps: dict[str, list[int]] = {}
    for t in everything:
        # open on a month's last day: registered by then, and not closed by then
        first = bisect.bisect_left(ends, t.registered_on)
        last = len(ends) if t.closed_on is None else bisect.bisect_left(ends, t.closed_on)
        if first < last:
            key = t.begeleider.casefold()
            step = steps.get(key)
            if step is None:
                step = steps[key] = [0] * (len(ends) + 1)
            step[first] += 1
            step[last] -= 1
    open_at = {key: list(itertools.accumulate(step[:-1])) for key, step in steps.items()}
    names = {k for k in open_at if k}
    # letters in the order the begeleiders first appear in the workbook: never by name (anyone
    # could sort the names), never by caseload (the order would tell a hidden count's bounds)
    first_row: dict[str, int] = {}
    for t in everything:
        first_row.setdefault(t.begeleider.casefold(), t.index)
    order = sorted(names, key=lambda k: first_row[k])
    letters = pseudonyms(order)
    if by_name:  # each name as most of its rows write it ("An Claes" over one "an claes")
        written = collections.Counter(t.begeleider for t in everything if t.begeleider)
        letters = {}
        for name, _ in written.most_common():
            letters.setdefault(name.casefold(), name)
    labels = ["Alle lopende trajecten", NOT_YET_ASSIGNED, *(letters[k] for k in order)]
    grid: list[list[int]] = [[] for _ in labels]
    nobody = [0] * len(ends)
    for month in range(len(ends)):
        total = ledger.number(sum(counts[month] for counts in open_at.values()))
        parts = [ledger.number(open_at.get(k, nobody)[month]) for k in ("", *order)]
        ledger.adds_up(total, parts)
        for row, cell in zip(grid, [total, *parts], strict=True):
            row.append(cell)
    # a month the period ends in the middle of is counted on that day, and says so: "10 mei 2026"
    columns = tuple(Column(m.isoformat()[:7], month_and_year(m, short=True) if day == month_end(m)
                           else f"{day.day} {month_and_year(m, short=True)}", "count")
                    for m, day in zip(months, ends, strict=True))
    cut = ends[-1] if ends and ends[-1] != month_end(months[-1]) else None

    def render() -> Table:
        rows: list[tuple[Value, ...]] = [
            (label, *(ledger.shown(c) for c in cells)) for label, cells in zip(labels, grid, strict=True)
        ]
        return Table(
            "caseload", "Lopende trajecten per begeleider",
            "Trajecten die op de laatste dag van de maand liepen (aangemeld, nog niet afgesloten), "
            "bij de begeleider die nu in de werkmap staat. "
            + (f"De laatste kolom telt op {date_without_weekday(cut)}, de laatste dag van de "
               "periode. " if cut else "")
            + ("Intern: begeleiders bij naam." if by_name
               else "Begeleiders staan onder een letter, zonder naam."),
            (Column("label", "Begeleider", "label"), *columns), tuple(rows),
        )

    return render


_DATE_FIELDS = frozenset({"registered_on", "perspective_on", "plan_on", "closed_on"})


# Why a Dossiers row is not counted (``trajectories``), as the report and the command say it.
LEFT_OUT_WHY = ("geen dossiernummer, datum aanmelding of bekend traject, een dossiernummer dat op "
                "meer dan één rij staat of dezelfde map krijgt als een ander, een datum die eenplan "
                "niet kan lezen of die na vandaag ligt, datums in de verkeerde volgorde zoals een "
                "gesprek voor de aanmelding, of een pauze die niet klopt")


def future_end_sentence(end: datetime.date, today: datetime.date) -> str | None:
    """What the user hears when --tot lies after today: the figures stop at today."""
    if end <= today:
        return None
    return (f"Let op: --tot {end:%d/%m/%Y} ligt na vandaag; de cijfers lopen tot vandaag "
            f"({today:%d/%m/%Y}), want over de toekomst valt nog niets te tellen.")


def nothing_counted_sentence(sheet: str = DOSSIERS) -> str:
    """What the team hears when its workbook has no Dossiers row at all: not a quiet year.
    ``sheet``: Dossiers as the team's workbook names it (``Caseload.title``)."""
    return (f"Let op: er staat geen enkel dossier op het blad {sheet}, dus er is niets geteld: "
            f"{WHICH_WORKBOOK}.")


def left_out_sentence(count: int, remade: str, *, combined: bool = False) -> str:
    """What the team hears when rows were left out; ``remade``: "het rapport", "het regiobestand".
    ``combined``: what the partnership hears, which has no workbook of its own to look in."""
    rows = f"Let op: {plural(count, 'dossierrij', 'dossierrijen')} niet meegeteld ({LEFT_OUT_WHY})"
    if combined:
        return (f"{rows}: elk team ziet de zijne met `eenplan check` in zijn werkmap. Vraag de teams "
                "ze te verbeteren en hun regiobestand opnieuw te maken, en voeg dan opnieuw samen.")
    return (f"{rows}: `eenplan check` toont ze in de werkmap van het team. Verbeter ze en maak "
            f"{remade} opnieuw, dan kloppen de cijfers.")


def _region_files(teams: Sequence[str], one_verb: str, verb: str) -> tuple[str, str]:
    """"het regiobestand van Noord telt" / "de regiobestanden van Noord en Zuid tellen", and
    whom to ask: "dat team" / "die teams" (what the partnership hears of some teams' files)."""
    one = len(teams) == 1
    files = f"{'het regiobestand' if one else 'de regiobestanden'} van {and_list(list(teams))}"
    return f"{files} {one_verb if one else verb}", "dat team" if one else "die teams"


def empty_teams_sentence(teams: Sequence[str]) -> str:
    """What the partnership hears of the teams whose region file counted no dossier at all."""
    files, who = _region_files(teams, "telt", "tellen")
    return (f"Let op: {files} geen enkel dossier (een lege werkmap, of een andere dan die van het "
            f"team), dus die nullen zeggen niets. Vraag {who} de werkmap na te kijken en opnieuw een "
            "regiobestand te maken, en voeg dan opnieuw samen.")


def split_missing_sentence(teams: Sequence[str], heading: str) -> str:
    """What the partnership hears of the teams whose workbook lacked a split's column
    (``heading``: "Gemeente"): their registrations stand under COLUMN_MISSING."""
    files, who = _region_files(teams, "telt", "tellen")
    return (f"Let op: {files} niet per {heading.lower()} (de kolom {heading} ontbrak in de werkmap): "
            f'die aanmeldingen staan onder "{COLUMN_MISSING}". Vraag {who} de kolom te herstellen '
            "en opnieuw een regiobestand te maken, en voeg dan opnieuw samen.")


def totals_only_sentence(count: int, most: int) -> str:
    """What a partnership's report of more region files than it audits beside the teams' own
    reports says of that, among its definitions."""
    return (f"Dit rapport voegt {count} regiobestanden samen, meer dan de {most} die eenplan tabel "
            "per tabel naast de eigen rapporten van de teams narekent: alleen de totaalrij van elk "
            "team is ernaast nagerekend, niet zijn maanden, kwartalen en andere tabellen.")


def totals_only_caution(count: int) -> str:
    """What the partnership hears of it: whom not to give the teams' reports."""
    return (f"Let op: met {count} regiobestanden is dit rapport alleen naast de totaalrij van elk team "
            "nagerekend: geef wie het krijgt dus niet ook de rapporten van de teams, of voeg per "
            "samenwerkingsverband samen.")


def left_out_unknown_sentence(teams: Sequence[str]) -> str:
    """What the partnership hears of the teams whose region file does not say what it left out."""
    files, who = _region_files(teams, "zegt", "zeggen")
    return (f"Let op: {files} niet hoeveel dossierrijen niet meegeteld werden (gemaakt met een "
            f"oudere eenplan): vraag {who} het opnieuw te maken met `eenplan stats --voor-regio`, "
            "en voeg dan opnieuw samen.")


def left_out_table(ledger: Ledger, count: int, unknown: Sequence[str] = (), *,
                   combined: bool = False, empty: Sequence[str] = (),
                   cell: int | None = None) -> Callable[[], Table]:
    """The Dossiers rows not counted, as the report's last table (a count like any other);
    ``unknown``: the teams whose region file does not say; ``combined``: a partnership's;
    ``empty``: the teams whose region file counted no Dossiers row at all; ``cell``: the count's
    cell in the ledger, where the caller made it (the partnership's, the sum of the teams')."""
    if cell is None:
        cell = ledger.number(count)
    # read by a steering group: where to look, in plain words (the command tells the team how)
    shown = ("Elk team kan de zijne nakijken in zijn werkmap." if combined
             else "Het team kan ze nakijken in zijn werkmap.")
    unsaid = (f" Van {and_list(list(unknown))} is het niet bekend: dat regiobestand werd met een "
              "oudere eenplan gemaakt." if unknown else "")
    if empty:
        unsaid += f" {empty_teams_sentence(empty)}"
    return lambda: Table(
        "niet_meegeteld", "Niet meegeteld",
        f"Dossierrijen die niet meetellen: {LEFT_OUT_WHY}. {shown}{unsaid}",
        (Column("label", "", "label"), Column("rijen", "Rijen", "count")),
        (("Niet meegeteld", ledger.shown(cell)),),
    )


def definitions(flows: Sequence[Flow], *, start: datetime.date, end: datetime.date,
                today: datetime.date, threshold: int = THRESHOLD, intern: bool = False) -> tuple[str, ...]:
    """The rules the figures follow, in Dutch, so that two partnerships compare like with like."""
    said = [
        f"Definitie versie {DEFINITION_VERSION}: cijfers van teams en samenwerkingsverbanden met "
        "dezelfde versie en dezelfde normen zijn te vergelijken en samen te tellen (de definitie "
        "staat ook als gegevens bij de cijfers, voor wie ze met een programma vergelijkt).",
        f"Periode: aanmeldingen en afsluitingen van {date_without_weekday(start)} tot en met "
        f"{date_without_weekday(end)}. Stand van {date_without_weekday(today)}: wat na de periode "
        "gebeurde maar voor die dag, telt mee (een gesprek in de maand na de periode bijvoorbeeld).",
    ]
    for flow in sorted(flows, key=lambda f: f.title):
        first, closing = flow.steps[0], closing_step(flow)
        text = f"{flow.title}: het eerste gesprek is de stap {first.label}, {first.norm}"
        text += (f"; de duurnorm is de stap {closing.label}, {closing.norm}." if closing
                 else "; dit traject heeft geen duurnorm.")
        said.append(text)
    said += [
        "Binnen de norm: het gesprek vond plaats op of voor de termijn. De termijn telt in "
        "kalendermaanden (zoals EDATE in Excel) en schuift op met elke pauzedag (van Van tot en "
        "met Tot) tussen de start en de termijn.",
        "Te laat: het gesprek vond na de termijn plaats. Wacht nog: nog geen gesprek en het "
        "traject loopt, ook als de termijn al voorbij is. Afgesloten zonder gesprek: afgesloten "
        "voor het eerste gesprek. Percentages zijn van alle aanmeldingen in de rij.",
        "Per kwartaal: dezelfde aantallen als per maand, drie maanden samen. Een maand of kwartaal dat "
        "maar voor een deel in de periode valt, zegt achter zijn naam welk deel het telt, zoals "
        "januari 2026 (vanaf 15/01), juni 2026 (tot en met 10/06), 2e kwartaal 2026 (01/04–10/06) "
        "of 4e kwartaal 2025 (dec). Een kwartaal telt meer gezinnen dan een maand, zodat minder "
        "verborgen moet blijven; maanden en kwartalen zijn samen nagekeken, zodat hun verschil geen "
        "klein aantal verraadt.",
        "Dagen tot gesprek: kalenderdagen van de aanmelding tot het gesprek, pauzes niet "
        "afgetrokken; de mediaan is over de gezinnen die hun gesprek al hadden.",
        "Wachttijd: per kwartaal van aanmelding de mediaan (P50), P75 en P90 van de dagen tot het "
        "gesprek, als rangpercentiel (de kleinste wachttijd waarbij minstens zoveel procent van de "
        "gezinnen even lang of korter wachtte: een wachttijd die een gezin echt had). Eens met de "
        "pauzedagen meegeteld, eens zonder (een pauzedag telt van Van tot en met Tot; pauzes die "
        "overlappen één keer). Over minder gezinnen dan de drempel: niet getoond. De P50 is zo een "
        "echte wachttijd en kan een halve dag verschillen van de mediaan in de andere tabellen.",
        "Afgesloten trajecten: afgesloten in de periode, wanneer ze ook aangemeld werden. Duur: "
        "kalenderdagen van het eerste gesprek tot de afsluiting. Binnen de duurnorm: afgesloten op "
        "of voor de termijn van de afsluiting, met pauzes.",
        "Lopende trajecten per begeleider: aangemeld en nog niet afgesloten op de laatste dag van "
        "de maand (of van de periode, als die midden in een maand eindigt: de kolom noemt dan de "
        "dag), bij de begeleider die nu in de werkmap staat (de werkmap houdt geen vroegere "
        "begeleiders bij). Begeleiders krijgen een letter in de volgorde waarin ze voor het eerst in "
        "de werkmap staan; namen, vrije tekst en dossiernummers staan nergens in dit rapport. Rijen "
        "staan op naam, niet op grootte, zodat hun volgorde niets over een verborgen aantal zegt.",
    ]
    if intern:
        said.append(
            "Intern rapport van het team: alle aantallen staan er, ook de kleine, en begeleiders "
            "staan bij naam. Niet delen buiten het team; voor de stuurgroep maak je het rapport "
            "zonder --intern."
        )
        return tuple(said)
    said += [
        f"Kleine aantallen (celonderdrukking met een drempel van {threshold} gezinnen, zoals in het "
        "Handbook on Statistical Disclosure Control van Eurostat, Hundepool e.a., 2010, §4.3 en "
        f"§5.2): een aantal van minder dan {threshold} gezinnen, ook 0, wordt niet getoond, en ook "
        "geen aantal, percentage of mediaan waaruit zo'n klein aantal af te leiden is, ook niet door "
        "rijen en kolommen te combineren. Dat is nagerekend zoals de controle (audit) van τ-ARGUS "
        "in het handboek: met lineair programmeren de kleinste en grootste waarde die een lezer uit "
        "alles wat getoond is voor elke verborgen cel kan afleiden (het haalbaarheidsinterval); voor "
        f"een klein aantal moet dat nog elke waarde van 0 tot {threshold - 1} toelaten (het "
        "beschermingsinterval), en anders wordt er meer verborgen. Zo'n cel "
        f"staat als {HIDDEN}: niet getoond: een klein aantal, of een aantal waaruit een klein aantal "
        f"af te leiden is. {below(threshold)} staat alleen bij een aantal dat echt kleiner is dan "
        f"{threshold}, waar dat zeggen niets verraadt; een {HIDDEN} kan dus ook een klein aantal "
        "zijn. – betekent: niets te tonen. De drempel kiest het team in zijn instellingen "
        "(standaard 5).",
        "Ten minste (≥ 87 %): waar een percentage een verborgen aantal zou verraden, staat de "
        "hoogste ondergrens die geen klein aantal verraadt: de controle van het handboek (uit wat "
        "getoond is, moet een lezer voor elk verborgen klein aantal nog elke waarde van 0 tot de "
        "drempel min 1 mogelijk houden) slaagt nog met die grens erbij. De grens wordt berekend "
        "zonder naar het echte aantal te kijken, en alleen getoond als ze waar is. Zo blijft er voor "
        "een klein team iets te zeggen (binnen de norm per kwartaal, de duurnorm) zonder dat een "
        "klein aantal terug te rekenen is. Percentages worden berekend op de echte aantallen. De "
        "kopcijfers gaan over twaalf maanden (de standaardperiode): een jaar telt genoeg gezinnen "
        "om bijna alles te tonen.",
        f"Gemeenten, aanmelders, hulpvragen en redenen met minder dan {threshold} gezinnen staan samen "
        f"onder {OTHER}, net als waarden die niet in de lijsten van het team staan.",
    ]
    return tuple(said)
