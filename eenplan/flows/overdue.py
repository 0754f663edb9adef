"""What is overdue or due soon, per begeleider: the list behind `eenplan overdue` and the digest.

Pure: the caseload, the flows and today in, plain data out. The table, the JSON and the xlsx
are made from the same items.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from eenplan.dutch import and_list, plural, short_date
from eenplan.errors import EenplanError, MissingColumn
from eenplan.flows.agreements import AGREEMENT, EVALUATION, FollowUp, follow_ups
from eenplan.flows.clocks import odd_pauses_of
from eenplan.flows.deadlines import Status, evaluate, pause_intervals
from eenplan.flows.model import Flow, Step
from eenplan.sheets.cells import normal_text
from eenplan.sheets.codes import ERROR, Severity
from eenplan.sheets.records import WHICH_WORKBOOK, Caseload, Dossier, Pause, dossier_key, written_alike
from eenplan.sheets.schema import (
    AGREEMENTS,
    BEGELEIDERS,
    DOSSIERS,
    DOSSIERS_SCHEMA,
    PAUSES,
    ROUND_TABLES,
)

NO_BEGELEIDER = "(geen begeleider)"
SHOWN = (Status.UNKNOWN, Status.OVERDUE, Status.DUE_SOON, Status.PAUSED)
_ORDER = {Status.UNKNOWN: 0, Status.OVERDUE: 1, Status.DUE_SOON: 2, Status.PAUSED: 3}
UNKNOWN_WORDS = "niet te beoordelen"
STATUS_WORDS = {Status.UNKNOWN: UNKNOWN_WORDS, Status.OVERDUE: "te laat",
                Status.DUE_SOON: "binnenkort", Status.PAUSED: "gepauzeerd"}
# What an item is about (its "kind" in JSON): a flow's step, an agreement, an evaluation.
STEP = "stap"
KINDS = (STEP, AGREEMENT, EVALUATION)
FLOW_STEP = "traject"  # the step of a dossier with no known flow: it cannot be judged at all
NUMBER_STEP = "dossiernummer"  # the step of a dossier's row without its number: not judged
_LABELS = {AGREEMENT: "Afspraak", EVALUATION: "Evaluatie"}


class UnknownBegeleider(EenplanError):
    """--begeleider names no one in the workbook."""


class NormColumnMissing(MissingColumn):
    """A column a norm counts from or is done on is not in the workbook: nothing can be judged."""


@dataclass(frozen=True)
class OverdueItem:
    """One step, agreement or evaluation of one dossier that is overdue, due soon, paused, or
    cannot be judged (``kind`` says which; an agreement also has its life domain, who does it
    and the action)."""

    dossier: str
    family: str
    begeleider: str  # as written; "" when the dossier has none yet
    flow: str  # the flow's name
    step: str  # the step's name: "perspectiefgesprek"
    label: str  # the step's label: "Perspectiefgesprek"
    norm: str  # "binnen 1 maand na aanmelding"
    severity: Severity  # the step's
    start: datetime.date | None  # None only for an item that cannot be judged
    due: datetime.date | None
    status: Status  # OVERDUE, DUE_SOON, PAUSED or UNKNOWN
    days_overdue: int  # today - due: <= 0 when not yet late
    paused_since: datetime.date | None  # the first day of the pause that runs, when paused
    kind: str = STEP  # STEP, AGREEMENT or EVALUATION
    life_domain: str = ""  # an agreement's Levensdomein
    responsible: str = ""  # an agreement's Wie
    action: str = ""  # an agreement's Actie (or its Doel when Actie is empty)
    cell: str = ""  # the cell it was judged on (agreements, evaluations)
    reason: str = ""  # why it cannot be judged (UNKNOWN)

    @property
    def who(self) -> str:
        return self.begeleider or NO_BEGELEIDER

    def to_dict(self) -> dict[str, Any]:
        """The item as DESIGN.md §5 gives it, with its kind; an agreement adds its life domain,
        who does it and the action; an item with a cell or a reason adds them."""
        data: dict[str, Any] = {
            "dossier": self.dossier, "family": self.family, "begeleider": self.begeleider,
            "flow": self.flow, "step": self.step,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None, "status": self.status.value,
            "days_overdue": self.days_overdue, "kind": self.kind,
        }
        if self.kind == AGREEMENT:
            data.update(life_domain=self.life_domain, who=self.responsible, action=self.action)
        if self.cell:
            data["cell"] = self.cell
        if self.reason:
            data["reason"] = self.reason
        if self.status is Status.UNKNOWN:
            data["days_overdue"] = None
        return data

    def when(self, today: datetime.date) -> str:
        """How it stands, in words: "12 dagen te laat", "nog 3 dagen", "pauze: 4 dagen"."""
        if self.status is Status.UNKNOWN:
            return UNKNOWN_WORDS
        if self.status is Status.PAUSED:
            since = self.paused_since or today
            return "pauze: " + plural((today - since).days + 1, "dag", "dagen")
        if self.days_overdue > 0:
            return plural(self.days_overdue, "dag", "dagen") + " te laat"
        if self.days_overdue == 0:
            return "vandaag"
        return "nog " + plural(-self.days_overdue, "dag", "dagen")


def overdue_items(
    caseload: Caseload, flows: Mapping[str, Flow], *, today: datetime.date, soon: int | None = None,
) -> tuple[OverdueItem, ...]:
    """Every running step, agreement and evaluation that is overdue, due within the warning
    window, or paused, and every agreement or evaluation that cannot be judged.

    ``soon`` replaces each step's own warning window (``waarschuwen`` in the flow), in days.
    Closed dossiers have nothing overdue. An open dossier without a flow eenplan knows (an
    empty or unknown Traject, which ``check`` also reports) has no norm to hold it to: one
    UNKNOWN item, never left out. An open dossier whose clock cannot be read (a date a step
    counts from or is done on, or a pause's, is in ``caseload.unreadable``) is one UNKNOWN
    item too, never judged on what is left. Sorted by begeleider, then unknown, overdue, due
    soon, paused, the most overdue first. ``norm_gaps`` says first whether the workbook has the
    columns at all.
    """
    pauses: dict[str, list[Pause]] = defaultdict(list)
    for pause in caseload.pauses:
        if pause.dossier and pause.start is not None:
            pauses[dossier_key(pause.dossier)].append(pause)
    known: dict[str, Flow | None] = {}
    norms: dict[int, str] = {}
    clock_dates: dict[int, tuple[tuple[Step, str, bool], ...]] = {}
    items = []
    unreadable = caseload.unreadable
    odd_pauses = odd_pauses_of(caseload)
    repeated = caseload.repeated_numbers
    for d in caseload.dossiers:
        if d.closed_on is not None and d.closed_on <= today:
            continue
        if not d.id:
            items.append(_numberless_item(d, caseload))
            continue
        if repeated and dossier_key(d.id) in repeated:
            items.append(_repeated_number_item(d, caseload))
            continue
        try:
            flow = known[d.flow]
        except KeyError:
            flow = known[d.flow] = flows[d.flow] if d.flow in flows else None
        if flow is None:
            items.append(_flowless_item(d, caseload))
            continue
        if d.closed_on is not None and flow.steps:  # a closure after today: closed or not?
            items.append(_closing_ahead_item(d, flow, caseload))
            continue
        if unreadable or odd_pauses:
            unknown = _unknown(d, flow, caseload, odd_pauses)
            if unknown is not None:
                items.append(unknown)
                continue
        dates = clock_dates.get(id(flow))
        if dates is None:
            dates = clock_dates[id(flow)] = _clock_dates(flow)
        doubt = _doubtful_date(d, dates, today)
        if doubt is not None:
            items.append(_doubt_item(d, flow, caseload, *doubt, today=today))
            continue
        own = pauses.get(dossier_key(d.id), ()) if pauses else ()
        for state in evaluate(d, flow, own, today=today):
            status = state.status
            if status is Status.WAITING or state.due is None or state.start is None:
                continue
            if soon is not None and status in (Status.OPEN, Status.DUE_SOON):
                status = Status.DUE_SOON if -state.days_overdue <= soon else Status.OPEN
            if status not in _ORDER:
                continue
            step = state.step
            norm = norms.get(id(step))
            if norm is None:
                norm = norms[id(step)] = step.norm
            items.append(OverdueItem(
                dossier=d.id, family=d.family, begeleider=d.begeleider, flow=flow.name,
                step=step.name, label=step.label, norm=norm, severity=step.severity,
                start=state.start, due=state.due, status=status, days_overdue=state.days_overdue,
                paused_since=_running_since(own, today) if status is Status.PAUSED else None,
            ))
    items.extend(_follow_up_item(f, caseload) for f in follow_ups(caseload, flows, today=today, soon=soon)
                 if f.status in _ORDER and not (repeated and dossier_key(f.dossier.id) in repeated))
    shown = begeleider_spellings(caseload)
    if shown:  # "an claes" and "An  Claes" are An Claes: one group, one name
        items = [dataclasses.replace(i, begeleider=shown[i.begeleider]) if i.begeleider in shown else i
                 for i in items]
    items.sort(key=_sort_key)
    return tuple(items)


def begeleider_spellings(caseload: Caseload) -> dict[str, str]:
    """Each way a Begeleider cell writes a name that differs from the way eenplan shows it
    (case or spaces only) -> that way: as on Lijsten, or else as most dossiers write it."""
    written = Counter(map(attrgetter("begeleider"), caseload.dossiers))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in written:
        if name:
            groups[normal_text(name)].append(name)
    if all(len(names) == 1 and "  " not in names[0] for names in groups.values()):
        return {}  # the common case: each name written one way
    listed = {normal_text(n): " ".join(n.split()) for n in caseload.lists.get(BEGELEIDERS, ())}
    shown: dict[str, str] = {}
    for key, names in groups.items():
        best = listed.get(key) or " ".join(max(names, key=written.__getitem__).split())
        shown.update((name, best) for name in names if name != best)
    return shown


def _unknown(dossier: Dossier, flow: Flow, caseload: Caseload,
             odd_pauses: Mapping[str, tuple[str, str]]) -> OverdueItem | None:
    """The item for a dossier whose clock cannot be read, or None when it can; ``odd_pauses``
    is what odd_pauses_of found."""
    unreadable = caseload.unreadable
    for step in flow.steps:
        for field in (step.start, step.milestone):
            finding = unreadable.get((DOSSIERS, dossier.row, field))
            if finding is not None:
                return _unknown_item(dossier, flow, step, finding.cell, finding.message)
    if flow.steps:
        # a closure stops every clock, whatever the flow: one that cannot be read may be one
        finding = unreadable.get((DOSSIERS, dossier.row, "closed_on"))
        if finding is not None:
            return _unknown_item(dossier, flow, flow.steps[-1], finding.cell, finding.message)
        odd = odd_pauses.get(dossier_key(dossier.id))
        if odd is not None:  # said on the step whose clock the pause would stop: the one running
            running = next((step for step in flow.steps if getattr(dossier, step.milestone) is None),
                           flow.steps[-1])
            return _unknown_item(dossier, flow, running, on_sheet(caseload, PAUSES, odd[0]), odd[1])
    return None


def _doubtful_date(dossier: Dossier, dates: Iterable[tuple[Step, str, bool]],
                   today: datetime.date) -> tuple[Step, str] | None:
    """The first step and date field of the dossier's clock that eenplan cannot count on, or
    None: a date that must be there and is empty (without its aanmelding no clock starts, and
    "waiting" would be an all-clear), or a date of something that happened that lies after
    today (planned, or a year typed wrong: the step may not be done, or not begun)."""
    for step, field, required in dates:
        value = getattr(dossier, field)
        if value is None:
            if required:
                return step, field
        elif value > today:
            return step, field
    return None


def _clock_dates(flow: Flow) -> tuple[tuple[Step, str, bool], ...]:
    """(step, field, required) for each date on Dossiers the flow's steps count from or are done
    on (only dates of what happened: a closure is asked about on its own)."""
    return tuple(
        (step, field, field == step.start and DOSSIERS_SCHEMA.column(field).required)
        for step in flow.steps for field in dict.fromkeys((step.start, step.milestone))
        if field != "closed_on" and DOSSIERS_SCHEMA.column(field).past_only)


def _doubt_item(dossier: Dossier, flow: Flow, caseload: Caseload, step: Step, field: str, *,
                today: datetime.date) -> OverdueItem:
    layout = caseload.layouts.get(DOSSIERS)
    header = DOSSIERS_SCHEMA.column(field).header
    if layout is not None:
        header = layout.header(field, header)
    value = getattr(dossier, field)
    if value is None:
        reason = f"{header} is leeg, dus de klok van deze stap kan niet lopen: vul de datum in."
    else:
        reason = (f"{header} ({short_date(value)}) ligt na vandaag ({short_date(today)}), dus "
                  "eenplan weet niet of het al gebeurd is: vul pas een datum in als het gebeurd "
                  "is, of verbeter het jaartal.")
    return _unknown_item(dossier, flow, step, layout.cell(field, dossier.row) if layout else "",
                         reason)


def _flowless_item(dossier: Dossier, caseload: Caseload) -> OverdueItem:
    """An open dossier whose Traject is empty or names no flow of the team: no norm holds it."""
    layout = caseload.layouts.get(DOSSIERS)
    unreadable = caseload.unreadable.get((DOSSIERS, dossier.row, "flow"))
    if unreadable is not None:  # a formula without its value, an error value: not "none chosen"
        reason = unreadable.message
    elif dossier.flow:
        reason = (f'eenplan kent het traject "{dossier.flow}" niet, dus geen termijn: kies een '
                  "traject uit de lijst, of voeg het toe in de map flows van het team.")
    else:
        reason = "er is geen traject gekozen, dus geen termijn: kies een traject."
    return OverdueItem(
        dossier=dossier.id, family=dossier.family, begeleider=dossier.begeleider,
        flow=dossier.flow, step=FLOW_STEP, label="Traject", norm="", severity=ERROR,
        start=dossier.registered_on, due=None, status=Status.UNKNOWN, days_overdue=0,
        paused_since=None, cell=layout.cell("flow", dossier.row) if layout else "", reason=reason,
    )


def _closing_ahead_item(dossier: Dossier, flow: Flow, caseload: Caseload) -> OverdueItem:
    """A Datum afsluiting after today: a closure planned ahead, or a year typed wrong. Either
    way eenplan cannot say whether the family still waits, so it does not say it does not."""
    assert dossier.closed_on is not None
    layout = caseload.layouts.get(DOSSIERS)
    return _unknown_item(
        dossier, flow, flow.steps[-1], layout.cell("closed_on", dossier.row) if layout else "",
        f"de {caseload.header(DOSSIERS, 'closed_on')} ({short_date(dossier.closed_on)}) ligt na "
        "vandaag, dus eenplan weet niet of het dossier al afgesloten is: vul pas een datum in als "
        "het gebeurd is, of verbeter het jaartal.")


def _numberless_item(dossier: Dossier, caseload: Caseload) -> OverdueItem:
    """An open dossier's row without a Dossier number: its pauses, round-tables and agreements
    cannot be found, so it is not judged; its family may be waiting all the same."""
    layout = caseload.layouts.get(DOSSIERS)
    return OverdueItem(
        dossier="", family=dossier.family, begeleider=dossier.begeleider, flow=dossier.flow,
        step=NUMBER_STEP, label="Dossier", norm="", severity=ERROR, start=dossier.registered_on,
        due=None, status=Status.UNKNOWN, days_overdue=0, paused_since=None,
        cell=layout.cell("id", dossier.row) if layout else "",
        reason="het dossiernummer is leeg, dus eenplan vindt de pauzes, rondetafels en afspraken "
               "van dit gezin niet: vul het nummer in.",
    )


def _repeated_number_item(dossier: Dossier, caseload: Caseload) -> OverdueItem:
    """An open dossier whose number is on another row of Dossiers too, or would share its folder
    in out/ with another number ("2026/031" and "2026-031"): which family its pauses,
    round-tables and agreements are about, eenplan cannot tell, so neither row is judged (and
    neither is counted twice)."""
    layout = caseload.layouts.get(DOSSIERS)
    others = caseload.sharing(dossier)
    apart = [d for d in others if not written_alike(d.id, dossier.id)]
    if apart:
        named = and_list([f"{d.id} op rij {d.row}" for d in apart])
        reason = (f"dossiernummer {dossier.id} krijgt dezelfde map in out/ als {named}, dus eenplan weet "
                  "niet bij welke rij de pauzes, rondetafels, afspraken en documenten horen: geef "
                  f"{'een van beide' if len(apart) == 1 else 'ze elk'} een ander nummer.")
    else:
        rows = [str(d.row) for d in others]
        at = f"rij {rows[0]}" if len(rows) == 1 else "de rijen " + and_list(rows)
        reason = (f"dossiernummer {dossier.id} staat ook op {at} van {caseload.title(DOSSIERS)}, dus "
                  "eenplan weet niet bij welke rij de pauzes, rondetafels en afspraken horen: geef "
                  "elk traject een eigen nummer, of verwijder de dubbele rij.")
    return OverdueItem(
        dossier=dossier.id, family=dossier.family, begeleider=dossier.begeleider, flow=dossier.flow,
        step=NUMBER_STEP, label="Dossier", norm="", severity=ERROR, start=dossier.registered_on,
        due=None, status=Status.UNKNOWN, days_overdue=0, paused_since=None,
        cell=layout.cell("id", dossier.row) if layout else "", reason=reason,
    )


def _unknown_item(dossier: Dossier, flow: Flow, step: Step, cell: str, reason: str) -> OverdueItem:
    return OverdueItem(
        dossier=dossier.id, family=dossier.family, begeleider=dossier.begeleider, flow=flow.name,
        step=step.name, label=step.label, norm=step.norm, severity=step.severity,
        start=getattr(dossier, step.start), due=None, status=Status.UNKNOWN, days_overdue=0,
        paused_since=None, cell=cell, reason=reason,
    )


def on_sheet(caseload: Caseload, sheet: str, cell: str) -> str:
    """A cell's address with its sheet's name as the workbook has it: "Afspraken!I7" (a cell
    on Dossiers, where most are, goes without)."""
    return f"{caseload.sheet_titles.get(sheet, sheet)}!{cell}" if cell else ""


def _follow_up_item(f: FollowUp, caseload: Caseload) -> OverdueItem:
    d, a = f.dossier, f.agreement
    return OverdueItem(
        dossier=d.id, family=d.family, begeleider=d.begeleider, flow=d.flow, step=f.kind,
        label=_LABELS[f.kind], norm=f.norm, severity=f.severity, start=f.start, due=f.due,
        status=f.status, days_overdue=f.days_overdue, paused_since=f.paused_since, kind=f.kind,
        life_domain=a.domain if a else "", responsible=a.who if a else "",
        action=(a.action or a.goal) if a else "",
        cell=on_sheet(caseload, AGREEMENTS if f.kind == AGREEMENT else ROUND_TABLES, f.cell),
        reason=f.reason,
    )


def _sort_key(item: OverdueItem) -> tuple[object, ...]:
    return (item.begeleider == "", item.begeleider.casefold(), _ORDER[item.status],
            -item.days_overdue, item.due or datetime.date.max, item.dossier, KINDS.index(item.kind))


def _running_since(pauses: Sequence[Pause], today: datetime.date) -> datetime.date | None:

    return pause_intervals(pauses, today=today)[1]


def by_begeleider(items: Iterable[OverdueItem]) -> dict[str, list[OverdueItem]]:
    """Items grouped per begeleider, in the order given; "(geen begeleider)" for none."""
    groups: dict[str, list[OverdueItem]] = {}
    for item in items:
        groups.setdefault(item.who, []).append(item)
    return groups


def who_gap(caseload: Caseload, cannot: str = "") -> str:
    """The sentence about the Begeleider column when Dossiers lacks it ("" when it has it):
    every dossier would read as one without a begeleider. ``cannot``: what eenplan then cannot
    do, when it is more than sorting the list by begeleider."""
    gap = caseload.column_gap(DOSSIERS, "begeleider")
    return gap.sentence(cannot or "niet zeggen wie welk dossier begeleidt (alles staat nu onder "
                        f'"{NO_BEGELEIDER}")') if gap else ""


def is_begeleider(name: str) -> Callable[[str], bool]:
    """Whether a Begeleider cell names the begeleider ``name``: case and spaces ignored;
    "(geen begeleider)" is an empty cell."""
    wanted = normal_text(name)
    if wanted == normal_text(NO_BEGELEIDER):
        return lambda written: not written.strip()
    return lambda written: normal_text(written) == wanted


def open_dossiers_of(caseload: Caseload, name: str | None) -> int:
    """The open dossiers a list of ``name``'s items looked at (every begeleider's when None)."""
    if name is None:
        return caseload.open_dossiers
    named = is_begeleider(name)
    return sum(1 for d in caseload.dossiers if d.is_open and named(d.begeleider))


def begeleider_as_written(caseload: Caseload, name: str) -> str:
    """``name`` as the workbook writes it (on Dossiers, or on Lijsten); as typed when the
    workbook does not have it."""
    named = is_begeleider(name)
    written = (*(d.begeleider for d in caseload.dossiers), *caseload.lists.get(BEGELEIDERS, ()))
    fallback = NO_BEGELEIDER if named("") else " ".join(name.split())
    return next((" ".join(w.split()) for w in written if w.strip() and named(w)), fallback)


def select_begeleider(
    items: Iterable[OverdueItem], name: str, *, known: Iterable[str] = (), column: str = "Begeleider",
) -> tuple[OverdueItem, ...]:
    """The items of one begeleider (``is_begeleider``): "(geen begeleider)" gives the dossiers
    without one.

    ``known`` are the begeleiders of the workbook: a name that is none of them is an
    UnknownBegeleider (a typing slip), not an empty list, naming ``column`` (the team's header).
    """
    named = is_begeleider(name)
    chosen = tuple(i for i in items if named(i.begeleider))
    if named(""):
        return chosen
    wanted = normal_text(name)
    names = {normal_text(k): k for k in known if k.strip()}
    if not chosen and names and wanted not in names:

        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        hint = f" Bedoel je {' '.join(names[close[0]].split())}?" if close else ""
        raise UnknownBegeleider(
            f'Begeleider "{name.strip()}" staat niet in de werkmap.{hint} Schrijf de naam zoals '
            f"in de kolom {column}."
        )
    return chosen


def to_json(items: Sequence[OverdueItem], *, today: datetime.date,
            open_dossiers: int | None = None, caution: str = "") -> dict[str, Any]:
    """The JSON of DESIGN.md §5, and the open dossiers looked at (``open_dossiers``): an empty
    list of a workbook without an open dossier is nothing judged, not nothing late.
    ``caution`` (``who_gap``'s sentence) goes in ``let_op``, present only when there is one."""
    said: dict[str, Any] = {} if open_dossiers is None else {"open_dossiers": open_dossiers}
    if caution:
        said["let_op"] = [caution]
    return {"as_of": today.isoformat(), **said, "items": [i.to_dict() for i in items]}


@dataclass(frozen=True)
class Counts:
    """How many items per status: for summaries and the digest. A pause holds a family, not a
    step: paused counts dossiers (one paused family with an agreement and an evaluation read as
    three families on hold). What cannot be judged counts dossiers too, and is said so
    (``unknown_words``): the digest's warning, its subject and the overdue list name the dossiers
    and their cells, and "5 niet te beoordelen" beside "3 dossiers" read as two different answers.
    The steps, agreements and evaluations late or due soon and the families are different things:
    no count adds one to the other, and ``families`` says how many families the items are about."""

    overdue: int = 0
    due_soon: int = 0
    paused: int = 0
    unknown: int = 0  # the dossiers with something niet te beoordelen (see unjudged_key)
    families: int = 0  # the dossiers with an item (a row without a number counts on its own)

    @classmethod
    def of(cls, items: Iterable[OverdueItem]) -> Counts:
        found = {s: 0 for s in SHOWN}
        paused: set[str] = set()
        unjudged: set[str] = set()
        families: set[str] = set()
        unnumbered = 0
        for item in items:
            found[item.status] += 1
            if item.status is Status.PAUSED:
                paused.add(item.dossier)
            if item.status is Status.UNKNOWN:
                unjudged.add(unjudged_key(item.dossier, item.cell))
            if item.dossier.strip():
                families.add(dossier_key(item.dossier))
            else:
                unnumbered += 1
        return cls(found[Status.OVERDUE], found[Status.DUE_SOON], len(paused), len(unjudged),
                   len(families) + unnumbered)


def unjudged_key(dossier: str, cell: str) -> str:
    """Which dossier an item eenplan cannot judge is about: its number as one folder would have
    it, or, for a row without a number, the cell."""
    return dossier_key(dossier) if dossier.strip() else f"cel {cell}"


def unknown_words(dossiers: int) -> str:
    """"3 dossiers niet te beoordelen": what cannot be judged is always counted in dossiers."""
    return f"{plural(dossiers, 'dossier', 'dossiers')} {UNKNOWN_WORDS}"


def no_open_dossier(dossiers_title: str = DOSSIERS) -> str:
    """What an empty list is said of when Dossiers holds no open dossier: not an all-clear.
    ``dossiers_title``: Dossiers as the team's workbook names it (``Caseload.title``)."""
    return (f"Er staat geen open dossier op het blad {dossiers_title}, dus eenplan had niets te "
            f"beoordelen: klopt dat niet, {WHICH_WORKBOOK}.")


def overdue_table(items: Sequence[OverdueItem], *, today: datetime.date, width: int = 80,
                  judged: int | None = None, whose: str = "", caution: str = "",
                  unread: int = 0, dossiers_title: str = DOSSIERS) -> str:
    """The list as text for the terminal, per begeleider, within ``width`` columns. ``judged``:
    the open dossiers looked at, said beside an empty list (none: not an all-clear); ``whose``:
    the begeleider they are of, when the list is one begeleider's; ``caution``: a sentence said
    first (``who_gap``'s); ``unread``: how many sheets like one read were not read (the caution
    names them): an empty list is then no all-clear, only one of what was read;
    ``dossiers_title``: Dossiers as the team's workbook names it."""
    table = _table(items, today=today, width=width, judged=judged, whose=whose, unread=unread,
                   dossiers_title=dossiers_title)
    return "\n".join([*textwrap.wrap(caution, width), "", table]) if caution else table


def _table(items: Sequence[OverdueItem], *, today: datetime.date, width: int,
           judged: int | None, whose: str, unread: int = 0, dossiers_title: str = DOSSIERS) -> str:
    if not items:
        if judged == 0:
            none = (f"{whose} heeft geen open dossier op het blad {dossiers_title}, dus eenplan had niets "
                    "te beoordelen." if whose else no_open_dossier(dossiers_title))
            return "\n".join(textwrap.wrap(none, width))
        of = f" van {whose}" if whose else ""
        counted = plural(judged or 0, "open dossier", "open dossiers")
        looked = "" if judged is None else f" ({counted}{of} nagekeken)"
        if unread:  # what stands on the sheet not read may well be late
            return "\n".join(textwrap.wrap(
                f"Van wat eenplan las, is niets te laat en niets binnenkort op {short_date(today)}"
                f"{looked}; {_not_read(unread)}, staat hierboven.", width))
        return f"Niets te laat en niets binnenkort op {short_date(today)}{looked}."
    lines: list[str] = []
    for who, group in by_begeleider(items).items():
        counts = Counts.of(group)
        lines.append(f"{who}: {_summary(counts)}")
        for item in group:
            lines.append(_cut(f"  {item.dossier:<9} {_cut(item.family, 24):<24} "
                              f"{_cut(item.label, 20):<20} {item.when(today)}", width))
            if item.status is Status.UNKNOWN:
                lines.extend(_wrapped(f"{item.cell}: {item.reason}", width))
                continue
            lines.append(_cut(f"{'':12}{_detail(item)}", width))
        lines.append("")
    total = Counts.of(items)
    lines.append(f"Samen: {_summary(total)} (op {short_date(today)}).")
    if total.unknown:
        lines.extend(textwrap.wrap(
            f"{unknown_words(total.unknown)}: eenplan "
            "kan niet rekenen op een cel die de norm nodig heeft (ze staat erbij, met wat er mis "
            "is). Verbeter die cel in de werkmap; tot dan kan zo'n dossier te laat zijn zonder dat "
            "eenplan het ziet.", width))
    return "\n".join(lines)


def _not_read(sheets: int) -> str:
    """"welk blad het niet las" (or "welke bladen"): said beside what was read."""
    return "welk blad het niet las" if sheets == 1 else "welke bladen het niet las"


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width - 12, 20), initial_indent=" " * 12,
                         subsequent_indent=" " * 12)


def _detail(item: OverdueItem) -> str:
    """The second line of an item: the norm and its dates; for an agreement what and who."""
    assert item.start is not None or item.kind != STEP  # a step that is judged has both dates
    dates = (f"{short_date(item.start)} → " if item.start else "") + (
        short_date(item.due) if item.due else "")
    if item.kind == AGREEMENT:
        parts = [f"tegen {short_date(item.due)}" if item.due else "",
                 item.life_domain, f"wie: {item.responsible}" if item.responsible else "", item.action]
        return ", ".join(p for p in parts if p)
    return f"{item.norm}: {dates}"


def _summary(counts: Counts) -> str:
    parts = []
    if counts.unknown:
        parts.append(unknown_words(counts.unknown))
    if counts.overdue:
        parts.append(f"{counts.overdue} te laat")
    if counts.due_soon:
        parts.append(f"{counts.due_soon} binnenkort")
    if counts.paused:
        parts.append(f"{counts.paused} gepauzeerd")
    return ", ".join(parts) if parts else "niets"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
