"""The checks the flows know about: steps out of order, an early closure without a fitting
reason, more sessions than the flow allows, pauses that overlap.

One pass over the dossiers, with what each flow asks worked out once, so ``check`` stays fast
on a large caseload.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from eenplan.dutch import and_list
from eenplan.flows.agreements import DONE, replaced_rows, typed_twins
from eenplan.flows.clocks import clock_needs
from eenplan.flows.colours import colour_findings
from eenplan.flows.model import Flow, Flows
from eenplan.sheets import codes
from eenplan.sheets.cells import normal_text
from eenplan.sheets.findings import FLOWS_FOLDER, CheckReport, Finding, sort_findings
from eenplan.sheets.formatting import FormattingRule
from eenplan.sheets.records import (
    DAMAGED,
    HEADERLESS,
    Agreement,
    Caseload,
    columns_read_as_empty,
    dossier_key,
)
from eenplan.sheets.rules import NEEDS, RULES, Context, Need, Rule, _At, _day, run_rules
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, SCHEMAS

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
        reasons = frozenset(normal_text(r) for r in flow.early_closure_reasons)
        return cls(flow, order, first, reasons, flow.max_sessions)


def flow_rules(caseload: Caseload, flows: Mapping[str, Flow]) -> Iterator[Finding]:
    """What each dossier's flow asks: its sessions, its steps' order, an early closure's reason."""
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
            and getattr(d, plan.first) is None and normal_text(d.closure_reason) not in plan.early_reasons
        ):
            first = at.header(plan.first)
            yield at(d.row, "closure_reason", d.closure_reason, codes.EARLY_CLOSURE_REASON,
                     f'Het dossier is afgesloten terwijl {first} leeg is, met reden '
                     f'"{d.closure_reason}": vul {first} in, of kies een reden die past bij een '
                     f"afsluiting ervoor ({and_list(list(plan.flow.early_closure_reasons))}).", d.id)


def incomplete_agreements(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """An agreement that is not "klaar" needs a Tegen wanneer, or no one sees it run late, and
    says who takes it on: with Wie empty, the plan and the report show an empty cell, and the
    children's plan would say "we". A row that a later version of the same agreement replaces
    (``replaced_rows``) needs neither: that version is the one that counts (worked out once, and
    only when a row lacks one: 0.06 s at 50,000 dossiers)."""
    at = _At(caseload, AGREEMENTS)
    dated, named = at.has("due"), at.has("who")
    picked = [a for a in caseload.agreements
              if a.status != DONE and ((dated and a.due is None) or (named and not a.who))]
    if not picked:
        return
    replaced = replaced_rows(caseload, today=context.today)
    for a in picked:
        if a.row in replaced:
            continue
        # a date cell that could not be read: the reader already said what is wrong with it
        if dated and a.due is None and (AGREEMENTS, a.row, "due") not in caseload.unreadable:
            yield at(a.row, "due", "", codes.AGREEMENT_WITHOUT_DATE,
                     f"Deze afspraak heeft geen {at.header('due')}: vul de datum in waartegen ze klaar "
                     f'moet zijn, of zet {at.header("status")} op "klaar".', a.dossier)
        if named and not a.who:
            yield at(a.row, "who", "", codes.AGREEMENT_WITHOUT_WHO,
                     f"Deze afspraak zegt niet wie ze opneemt: vul {at.header('who')} in (iemand van "
                     f'het gezin of uit het netwerk), of zet {at.header("status")} op "klaar".', a.dossier)


def _open_agreements(caseload: Caseload, context: Context) -> int:
    """The agreements ``incomplete_agreements`` asks who takes them on: not "klaar", and not
    replaced by a later version."""
    picked = [a for a in caseload.agreements if a.status != DONE]
    if not picked:
        return 0
    replaced = replaced_rows(caseload, today=context.today)
    return sum(1 for a in picked if a.row not in replaced)


# Without a Wie column, ``incomplete_agreements`` cannot ask who takes an agreement on: said as
# such (``unchecked``), not left to read as "every agreement has someone". Tegen wanneer needs
# no entry here: a norm counts from it, so its absence is an error of its own (``clock_findings``).
WHO = Need(AGREEMENTS, "who", (codes.AGREEMENT_WITHOUT_WHO,), _open_agreements, lambda n: (
    "niet nakijken of de afspraak die niet klaar is zegt wie ze opneemt" if n == 1 else
    f"niet nakijken of de {n} afspraken die niet klaar zijn zeggen wie ze opnemen"))


def duplicate_agreements(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """An agreement typed twice at one round-table (``typed_twins``: the same Rondetafel, Wat,
    Wie and Tegen wanneer, and a Doel that agrees): the report and the plan show it once, the
    team removes the other row."""
    at = _At(caseload, AGREEMENTS)
    by_dossier: dict[str, list[Agreement]] = {}
    for a in caseload.agreements:
        if a.dossier and a.round_table is not None:
            by_dossier.setdefault(dossier_key(a.dossier), []).append(a)
    repeated = {row: first for rows in by_dossier.values() if len(rows) > 1
                for row, first in typed_twins(rows).items()}
    for a in caseload.agreements:
        if a.row not in repeated:
            continue
        field = "action" if (a.action or "").strip() else "goal"
        yield at(a.row, field, getattr(a, field), codes.DUPLICATE_AGREEMENT,
                 f"Deze afspraak staat al op rij {repeated[a.row]}, van dezelfde rondetafel en met "
                 f"dezelfde {at.header(field)}, {at.header('who')} en {at.header('due')}: verwijder "
                 "een van beide rijen (het verslag en het plan tonen ze één keer).", a.dossier)


def clock_findings(caseload: Caseload, flows: Mapping[str, Flow]) -> Iterator[Finding]:
    """A column (or a sheet the team keeps) that a norm counts from and the workbook lacks: an
    error, as `overdue` refuses for it (``clocks.norm_gaps``). A required column is left out
    here: the reader said so already."""
    needs = {sheet: tuple(f for f in fields if not SCHEMAS[sheet].column(f).required)
             for sheet, fields in clock_needs(caseload, flows).items()}
    for gap in caseload.gaps(needs):
        if gap.why in (HEADERLESS, DAMAGED):
            continue  # the reader said it (no-header, sheet-unreadable), with what to do
        layout = caseload.layouts.get(gap.sheet)
        row = layout.header_row if layout is not None and layout.present else None
        # a header eenplan.toml names wrongly: its own code (the line to mend is in eenplan.toml)
        yield Finding(gap.sheet, row, gap.header, "", gap.near,
                      codes.ALIAS_NOT_FOUND if gap.mapped else codes.CLOCK_MISSING,
                      gap.sentence("niet zeggen wat te laat is"))


def check(
    caseload: Caseload, *, today: datetime.date, flows: Mapping[str, Flow],
    flow_names: Collection[str] | None = None, formatting: Sequence[FormattingRule] = (),
    team_reachable: bool = True, languages: Collection[str] | None = None,
) -> CheckReport:
    """Every finding in the workbook: the reader's, the sheets' rules' and the flows'.

    ``flows`` are the team's (``load_flows``); ``flow_names`` are the names a Traject may hold,
    without them the names of ``flows``. ``formatting``: the conditional-formatting rules on
    Dossiers (``sheets.formatting``), compared with the colours the flows would write.
    ``team_reachable``: the team's letterhead gives a phone number or e-mail address, so every
    letter says how to reach someone.
    """

    def by_flow(caseload: Caseload, context: Context) -> Iterator[Finding]:
        return flow_rules(caseload, flows)

    def by_clocks(caseload: Caseload, context: Context) -> Iterator[Finding]:
        return clock_findings(caseload, flows)

    def by_colours(caseload: Caseload, context: Context) -> Iterator[Finding]:
        return iter(colour_findings(formatting, flows, caseload.layouts.get(DOSSIERS)))

    def by_files(caseload: Caseload, context: Context) -> Iterator[Finding]:
        for note in flows.notes if isinstance(flows, Flows) else ():
            yield Finding(FLOWS_FOLDER, None, "", "", "", codes.FLOW_FILE_PASSED_OVER, note)

    def counted(caseload: Caseload, context: Context) -> int:
        return sum(1 for d in caseload.dossiers if d.flow in flows
                   and flows[d.flow].max_sessions is not None)

    sessions = Need(DOSSIERS, "sessions", (codes.TOO_MANY_SESSIONS,), counted, lambda n: (
        "niet nakijken of het dossier met een maximum aantal sessies daarboven zit" if n == 1 else
        f"niet nakijken of de {n} dossiers met een maximum aantal sessies daarboven zitten"))
    rules: tuple[Rule, ...] = (*RULES, incomplete_agreements, duplicate_agreements, by_flow, by_clocks,
                               by_colours, by_files)
    names = tuple(flows) if flow_names is None else tuple(flow_names)
    report = run_rules(caseload, rules, today=today, flow_names=names, team_reachable=team_reachable,
                       languages=languages, needs=(*NEEDS, sessions, WHO))
    return _said_once(report, caseload)


def _said_once(report: CheckReport, caseload: Caseload) -> CheckReport:
    """The reader's "missing, read as empty" without the columns a clock or a rule needs: their
    error (or warning) says more, and "add them if the team wants to use them" would contradict it.
    So too the reader's warning that eenplan.toml names a header the sheet lacks (the clock's
    error, or the rule's finding, says it with the line to mend)."""
    said = {(f.sheet, f.column) for f in report.findings
            if f.kind in (codes.CLOCK_MISSING, codes.RULE_UNCHECKED, codes.RULE_UNCHECKED_WARNING,
                          codes.ALIAS_NOT_FOUND)}
    if not said:
        return report
    findings = []
    for finding in report.findings:
        if finding.kind is codes.ALIAS_NOT_FOUND_WARNING:
            if (finding.sheet, finding.column) not in said:
                findings.append(finding)
            continue
        layout = caseload.layouts.get(finding.sheet)
        if (finding.kind is not codes.MISSING_OPTIONAL_COLUMN or finding.sheet not in SCHEMAS
                or layout is None or finding.row is None):
            findings.append(finding)
            continue
        headers = [layout.missing[c.field] for c in SCHEMAS[finding.sheet].columns
                   if c.field in layout.missing and c.field not in layout.mapped
                   and not c.required and not c.quiet]
        left = [h for h in headers if (finding.sheet, h) not in said]
        if left == headers:
            findings.append(finding)
        elif left:
            findings.append(columns_read_as_empty(finding.sheet, finding.row, left))
    return dataclasses.replace(report, findings=sort_findings(findings))
