"""The row colours on Dossiers, built from the flows, and compared with a workbook's. Pure.

`init` writes two conditional-formatting rules per step of each flow: a row turns red when the
step is overdue (its start date filled, its own date and the afsluiting empty, today after the
norm) and amber in the step's warning window. Excel computes them with TODAY and EDATE, so staff
see them without eenplan; Excel knows no pauses, so a paused dossier colours as if it ran on.

`check` reads the rules back (``sheets.formatting``). A rule of eenplan's shape is understood
(which flow, which step's dates, the length, the warning window) whatever its order of terms;
other rules are the team's own and left alone. Where an understood rule counts another norm
than the team's flows (a team that set ``dagen = 30`` or six months in flows/), the finding
gives the formula to paste in Excel; eenplan never writes the team's workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from eenplan.dutch import and_list
from eenplan.flows.model import Flow, Step
from eenplan.sheets import codes
from eenplan.sheets.findings import Finding
from eenplan.sheets.formatting import FormattingRule, RowColour
from eenplan.sheets.records import SheetLayout
from eenplan.sheets.schema import DOSSIERS, DOSSIERS_SCHEMA, column_letter

_MILESTONES = ("registered_on", "perspective_on", "plan_on", "closed_on")
_NEEDED = ("flow", "closed_on")  # every rule names these; a step's own dates where it has them
# English function names (as OOXML stores them) and how a Dutch Excel spells them
_DUTCH = {"AND": "EN", "OR": "OF", "TODAY": "VANDAAG", "EDATE": "ZELFDE.DAG", "TRIM": "SPATIES.WISSEN"}
_WHERE = "Start > Voorwaardelijke opmaak > Regels beheren, blad Dossiers"


@dataclass(frozen=True)
class Columns:
    """Where the Dossiers columns a colour rule needs are: field -> letter, and the first data row."""

    letters: Mapping[str, str]
    first_row: int = 2

    @classmethod
    def default(cls) -> Columns:
        """The layout `init` writes."""
        return cls({c.field: column_letter(i) for i, c in enumerate(DOSSIERS_SCHEMA.columns)})

    @classmethod
    def of(cls, layout: SheetLayout | None) -> Columns | None:
        """The team's layout, or None when a column every colour rule needs is missing."""
        if layout is None or not layout.present or any(f not in layout.columns for f in _NEEDED):
            return None
        return cls({f: column_letter(i) for f, i in layout.columns.items()}, layout.header_row + 1)

    def ref(self, field: str) -> str:
        return f"${self.letters[field]}{self.first_row}"

    def fit(self, step: Step) -> bool:
        """Whether the workbook has the dates this step's colour needs."""
        return step.start in self.letters and step.milestone in self.letters


@dataclass(frozen=True)
class NormColour:
    """One rule eenplan would write: a flow's step, red (late) or amber."""

    flow: Flow
    step: Step
    late: bool
    formula: str  # English syntax, without "="

    @property
    def row_colour(self) -> RowColour:
        return RowColour(self.formula, self.late)

    @property
    def dutch(self) -> str:
        return dutch_formula(self.formula)


def norm_colours(flows: Iterable[Flow], columns: Columns | None = None) -> tuple[NormColour, ...]:
    """The rules for every step of every flow: all the red ones first (they win), then the amber."""
    columns = columns or Columns.default()
    pairs = [(flow, step) for flow in flows for step in flow.steps if columns.fit(step)]
    return (
        *(NormColour(f, s, True, _formula(f, s, columns, late=True)) for f, s in pairs),
        *(NormColour(f, s, False, _formula(f, s, columns, late=False)) for f, s in pairs),
    )


def _formula(flow: Flow, step: Step, columns: Columns, *, late: bool) -> str:
    start, done, closed = (columns.ref(f) for f in (step.start, step.milestone, "closed_on"))
    name = flow.name.replace('"', '""')
    terms = [f'TRIM({columns.ref("flow")})="{name}"', f'{start}<>""', f'{done}=""']
    if done != closed:
        terms.append(f'{closed}=""')
    due = f"EDATE({start},{step.months})" if step.months else f"{start}+{step.days}"
    if late:
        terms.append(f"TODAY()>{due}")
    else:
        terms += [f"TODAY()>={due}-{step.warn_days}", f"TODAY()<={due}"]
    return f"AND({','.join(terms)})"


def dutch_formula(formula: str) -> str:
    """The formula as a Dutch Excel wants it typed: EN, VANDAAG, ZELFDE.DAG and ";" between terms."""
    out = []
    for part, quoted in _split_strings(formula):
        if not quoted:
            part = re.sub(r"\b([A-Z]+)\(", lambda m: _DUTCH.get(m.group(1), m.group(1)) + "(", part)
            part = part.replace(",", ";")
        out.append(part)
    return "".join(out)


def _split_strings(formula: str) -> Iterator[tuple[str, bool]]:
    """The formula in pieces: outside and inside "..." (a doubled quote stays inside)."""
    for match in re.finditer(r'"(?:[^"]|"")*"|[^"]+', formula):
        yield match.group(), match.group().startswith('"')


# Reading a rule back ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Understood:
    """A workbook's rule of eenplan's shape: what it colours and against which norm."""

    flow: str | None  # None: every flow (the rules `init` wrote before the flows made them)
    start: str
    done: str
    months: int
    days: int
    late: bool
    warn_days: int | None  # amber only

    def norm(self) -> str:
        return Step("", "", self.done, self.start, self.months, self.days).norm


_CELL = r"\$?([A-Z]{1,3})\$?\d+"
_FLOW_TERM = re.compile(rf'^(?:TRIM\({_CELL}\)|{_CELL})="((?:[^"]|"")*)"$')
_FILLED = re.compile(rf'^{_CELL}<>""$')
_EMPTY = re.compile(rf'^{_CELL}=""$')
_EDATE = re.compile(rf"^EDATE\({_CELL},(\d+)\)$")
_PLUS = re.compile(rf"^{_CELL}(?:\+(\d+))?$")
_MINUS = re.compile(r"^(.*)-(\d+)$")


def understand(formula: str, columns: Columns) -> _Understood | None:
    """What a rule of eenplan's shape colours, or None for any other rule (the team's own)."""
    text = _normal(formula)
    if not (text.startswith("AND(") and text.endswith(")")):
        return None
    terms = _top_level_terms(text[4:-1])
    if terms is None:
        return None
    fields = {letter: field for field, letter in columns.letters.items()}
    flow: str | None = None
    filled: set[str] = set()
    empty: set[str] = set()
    late_due = lower = upper = None
    for term in terms:
        if match := _FILLED.match(term):
            filled.add(fields.get(match.group(1), "?"))
        elif match := _EMPTY.match(term):
            empty.add(fields.get(match.group(1), "?"))
        elif match := _FLOW_TERM.match(term):
            if fields.get(match.group(1) or match.group(2)) != "flow":
                return None
            flow = match.group(3).replace('""', '"').strip()
        elif term.startswith("TODAY()>="):
            lower = term[len("TODAY()>="):]
        elif term.startswith("TODAY()<="):
            upper = term[len("TODAY()<="):]
        elif term.startswith("TODAY()>"):
            late_due = term[len("TODAY()>"):]
        else:
            return None
    if not (filled | empty) <= set(_MILESTONES) or len(filled) != 1:
        return None
    open_steps = empty - {"closed_on"} or empty
    if len(open_steps) != 1:
        return None
    start, done = next(iter(filled)), next(iter(open_steps))
    if late_due is not None and lower is None and upper is None:
        due = _due(late_due, fields)
        warn = None
    elif late_due is None and lower is not None and upper is not None:
        due = _due(upper, fields)
        warn = _warning(lower, due, fields)
        if warn is None:
            return None
    else:
        return None
    if due is None or due[0] != start:
        return None
    return _Understood(flow, start, done, due[1], due[2], late_due is not None, warn)


def _normal(formula: str) -> str:
    """Without "=", spaces and _xlfn., and in capitals, outside "..."."""
    parts = [
        part if quoted else re.sub(r"\s+", "", part).upper().replace("_XLFN.", "")
        for part, quoted in _split_strings(formula.strip().removeprefix("="))
    ]
    return "".join(parts)


def _top_level_terms(text: str) -> list[str] | None:
    """The terms of AND(...), split at its own commas (not those inside "..." or brackets)."""
    terms: list[str] = []
    index, depth, start = 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while end < len(text):
                if text[end] == '"' and text[end + 1:end + 2] == '"':
                    end += 2
                elif text[end] == '"':
                    break
                else:
                    end += 1
            index = end
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0:
            terms.append(text[start:index])
            start = index + 1
        index += 1
    terms.append(text[start:])
    return terms if depth == 0 else None


def _due(text: str, fields: Mapping[str, str]) -> tuple[str, int, int] | None:
    """(start field, months, days) of EDATE($H2,1) or $H2+30."""
    if match := _EDATE.match(text):
        return fields.get(match.group(1), "?"), int(match.group(2)), 0
    if match := _PLUS.match(text):
        return fields.get(match.group(1), "?"), 0, int(match.group(2) or 0)
    return None


def _warning(text: str, due: tuple[str, int, int] | None, fields: Mapping[str, str]) -> int | None:
    """The warning window of an amber rule's lower bound: EDATE($H2,1)-7 or $H2+30-7."""
    if due is None:
        return None
    if (match := _MINUS.match(text)) and _due(match.group(1), fields) == due:
        return int(match.group(2))
    bare = _due(text, fields)
    if bare is not None and bare[0] == due[0] and bare[1] == due[1] == 0 and bare[2] <= due[2]:
        return due[2] - bare[2]  # $H2+23 for thirty days, warned seven before
    return None


# Comparing --------------------------------------------------------------------------------


def colour_findings(
    rules: Sequence[FormattingRule], flows: Mapping[str, Flow], layout: SheetLayout | None,
) -> list[Finding]:
    """A finding for each of eenplan's colour rules in the workbook that counts another norm
    than ``flows``, and for each flow no such rule colours; nothing when the workbook has none
    (the team may not want colours)."""
    columns = Columns.of(layout)
    if columns is None or layout is None or not rules:
        return []
    understood = [(rule, u) for rule in rules if (u := understand(rule.formula, columns))]
    if not understood:
        return []
    by_name = {name.strip().casefold(): flow for name, flow in flows.items()}
    expected = norm_colours(flows.values(), columns)
    findings = []
    covered: set[str] = set()
    for rule, u in understood:
        if u.flow is None:
            targets = list(by_name.values())
        elif u.flow.casefold() in by_name:
            targets = [by_name[u.flow.casefold()]]
        else:
            targets = []
        covered.update(f.name for f in targets)
        message = _disagreement(rule, u, targets, expected)
        if message:
            findings.append(Finding(
                DOSSIERS, None, layout.headers.get(u.done, ""), "", "=" + rule.formula,
                codes.NORM_FORMATTING_DIFFERS, message,
            ))
    cells = understood[0][0].cells
    for flow in flows.values():
        own = [c for c in expected if c.flow is flow]
        if flow.name not in covered and own:
            findings.append(Finding(
                DOSSIERS, None, layout.headers.get("flow", ""), "", flow.name,
                codes.NORM_FORMATTING_DIFFERS,
                f"Op het blad Dossiers kleurt geen regel de rijen van het traject {flow.title}: voeg in "
                f"Excel ({_WHERE}) voor de cellen {cells} deze regels toe, de rode eerst: "
                f"{_formulas(own)}.",
            ))
    return findings


def _disagreement(
    rule: FormattingRule, u: _Understood, targets: Sequence[Flow], expected: Sequence[NormColour],
) -> str:
    colour = "rode" if u.late else "gele"
    if u.flow is not None and not targets:
        return (f"De {colour} kleur op het blad Dossiers ({rule.cells}) geldt voor het traject {u.flow}, "
                f"dat niet (meer) bij de trajecten staat: verwijder die regel in Excel ({_WHERE}).")
    differing = []
    for flow in targets:
        step = next((s for s in flow.steps if s.milestone == u.done), None)
        if step is None:
            differing.append(f"{flow.title} heeft daar geen termijn")
        elif (step.start, step.months, step.days) != (u.start, u.months, u.days) or (
            not u.late and step.warn_days != u.warn_days
        ):
            says = "het traject zegt nu" if u.flow is not None else f"{flow.title} zegt"
            differing.append(f"{says} {_says(step, u.late)}")
    if not differing:
        return ""
    wanted = [
        c for c in expected if c.late == u.late and c.step.milestone == u.done
        and (u.flow is None or c.flow.name.casefold() == u.flow.casefold())
    ]
    counted = _says(Step("", "", u.done, u.start, u.months, u.days, u.warn_days or 0), u.late)
    which = "elk traject" if u.flow is None else targets[0].title
    if not wanted:
        fix = f"verwijder die regel in Excel ({_WHERE})"
    elif u.flow is None and len(wanted) > 1:
        fix = (f"vervang die regel in Excel ({_WHERE}) door één regel per traject, met "
               f"{_formulas(wanted)}")
    else:
        fix = f"vervang in Excel ({_WHERE}) de formule van die regel door {_formulas(wanted)}"
    return (f"De {colour} kleur op het blad Dossiers ({rule.cells}) telt voor {which} {counted}, maar "
            f"{and_list(differing)}: {fix}.")


def _says(step: Step, late: bool) -> str:
    if late:
        return step.norm
    return f"{step.norm}, geel vanaf {step.warn_days} dagen ervoor"


def _formulas(colours: Sequence[NormColour]) -> str:
    dutch = " en ".join(f"={c.dutch}" for c in colours)
    english = " en ".join(f"={c.formula}" for c in colours)
    word = "de formule" if len(colours) == 1 else "de formules"
    return f"{word} {dutch} (in een Engelstalige Excel: {english})"
