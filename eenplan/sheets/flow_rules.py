"""The checks the flows know about: steps out of order, an early closure without a fitting
reason, more sessions than the flow allows, pauses that overlap.

One pass over the dossiers, with what each flow asks worked out once, so ``check`` stays fast
on a large caseload.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from eenplan.dutch import and_list
from eenplan.flows.definitions import Flow
from eenplan.sheets import codes
from eenplan.sheets.findings import Finding
from eenplan.sheets.records import Caseload, Pause, dossier_key
from eenplan.sheets.rules import Context, _At, _day, rule
from eenplan.sheets.schema import DOSSIERS, PAUSES

# Orders the general date checks (rules.date_order) already hold.
_CHECKED_ELSEWHERE = {("perspective_on", "plan_on")}


@dataclass(frozen=True)
class _Plan:
    """What one flow asks of a dossier row, worked out once."""

    flow: Flow
    # (start field, milestone field) pairs whose order the flow sets and no other rule checks
    order: tuple[tuple[str, str], ...]
    first: str | None  # the milestone of the first step, when closing before it needs a reason
    early_reasons: frozenset[str]
    max_sessions: int | None

    @classmethod
    def of(cls, flow: Flow) -> _Plan:
        order = tuple(
            (s.start, s.milestone) for s in flow.steps
            if s.start != "registered_on" and (s.start, s.milestone) not in _CHECKED_ELSEWHERE
        )
        first = flow.steps[0].milestone if flow.steps else None
        if first == "closed_on" or not flow.early_closure_reasons:
            first = None
        reasons = frozenset(_normal(r) for r in flow.early_closure_reasons)
        return cls(flow, order, first, reasons, flow.max_sessions)


@rule("flows")
def flow_rules(caseload: Caseload, context: Context) -> Iterator[Finding]:
    flows = context.flows
    if not flows:
        return
    at = _At(caseload, DOSSIERS)
    plans: dict[str, _Plan | None] = {}
    for d in caseload.dossiers:
        name = d.flow
        if not name:
            continue
        try:
            plan = plans[name]
        except KeyError:
            plan = plans[name] = _Plan.of(flows[name]) if name in flows else None
        if plan is None:
            continue  # rules.known_flows reports it
        if plan.max_sessions is not None and d.sessions is not None and d.sessions > plan.max_sessions:
            yield at(d.row, "sessions", d.sessions, codes.TOO_MANY_SESSIONS,
                     f"{d.sessions} sessies is meer dan de {plan.max_sessions} van het traject "
                     f"{plan.flow.title}: klopt het aantal? Bespreek een verlenging met de "
                     "coördinator.", d.id)
        for start_field, done_field in plan.order:
            done = getattr(d, done_field)
            if done is None:
                continue
            start = getattr(d, start_field)
            if start is not None and done < start:
                yield at(d.row, done_field, done, codes.STEP_OUT_OF_ORDER,
                         f"{at.header(done_field)} ({_day(done)}) ligt voor "
                         f"{at.header(start_field)} ({_day(start)}): verbeter een van beide "
                         "datums.", d.id)
            elif start is None and done_field != "closed_on":
                yield at(d.row, done_field, done, codes.STEP_OUT_OF_ORDER,
                         f"{at.header(done_field)} is ingevuld, maar {at.header(start_field)} "
                         f"nog niet: vul {at.header(start_field)} in, of verbeter de datum.", d.id)
        if (
            plan.first is not None and d.closed_on is not None and d.closure_reason
            and getattr(d, plan.first) is None and _normal(d.closure_reason) not in plan.early_reasons
        ):
            first = at.header(plan.first)
            yield at(d.row, "closure_reason", d.closure_reason, codes.EARLY_CLOSURE_REASON,
                     f'Het dossier is afgesloten terwijl {first} leeg is, met reden '
                     f'"{d.closure_reason}": vul {first} in, of kies een reden die past bij een '
                     f"afsluiting ervoor ({and_list(list(plan.flow.early_closure_reasons))}).", d.id)


@rule("overlapping-pause")
def overlapping_pauses(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """Pauses of one dossier that overlap: eenplan counts their days once, but the rows are
    most likely a slip (a pause entered twice, or an old one never closed)."""
    by_dossier: dict[str, list[Pause]] = defaultdict(list)
    for p in caseload.pauses:
        if p.dossier and p.start is not None and (p.end is None or p.end >= p.start):
            by_dossier[dossier_key(p.dossier)].append(p)
    at = _At(caseload, PAUSES)
    for pauses in by_dossier.values():
        if len(pauses) < 2:
            continue
        pauses.sort(key=lambda p: (p.start, p.row))
        latest = pauses[0]  # the pause reaching furthest so far
        for p in pauses[1:]:
            if latest.end is None:
                yield at(p.row, "start", p.start, codes.OVERLAPPING_PAUSE,
                         f"De pauze op rij {latest.row} (vanaf {_day(latest.start)}) heeft geen "
                         f"Tot, dus loopt ze nog als deze begint: vul Tot in op rij {latest.row}.",
                         p.dossier)
            elif p.start <= latest.end:
                yield at(p.row, "start", p.start, codes.OVERLAPPING_PAUSE,
                         f"Deze pauze begint ({_day(p.start)}) voor de pauze op rij {latest.row} "
                         f"eindigt ({_day(latest.end)}): eenplan telt die dagen één keer; maak er "
                         "één rij van, of verbeter de datums.", p.dossier)
            if latest.end is not None and (p.end is None or p.end > latest.end):
                latest = p


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()
