"""The checks that look across cells, rows and sheets. Pure: records and today in, findings out.

Each rule is a small function that yields findings; ``RULES`` lists them all, and ``run_rules``
runs a list of them. The rules that need the flows live in ``eenplan.flows.checks``, which adds
them to these and is the one ``check`` of the whole workbook.
What a single cell holds (a date that is text, an e-mail address that cannot work, an empty
required cell) the reader already reported while it read the cell.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, cast

from eenplan.dutch import and_list, language_code
from eenplan.filenames import any_names_nothing, names_nothing
from eenplan.sheets import codes
from eenplan.sheets.cells import normal_text
from eenplan.sheets.codes import ERROR, Code
from eenplan.sheets.findings import CheckReport, Finding, Unchecked, in_team_titles, sort_findings
from eenplan.sheets.names import WHOLE_FOR_WANT, Form, address, surely_first_name
from eenplan.sheets.records import (
    Caseload,
    Dossier,
    Gap,
    NetworkMember,
    Pause,
    after_closure,
    cycle_collection,
    dossier_key,
    dossier_keys,
    family_without_address,
    in_family,
    invitees_of,
    planned_instead,
    posted_without_address,
    written_alike,
)
from eenplan.sheets.schema import (
    BEGELEIDER_EMAIL,
    BEGELEIDER_PHONE,
    BEGELEIDERS,
    CLOSURE_REASONS,
    DOSSIERS,
    LIFE_DOMAINS,
    LISTS,
    MUNICIPALITIES,
    NETWORK,
    PAUSES,
    REFERRERS,
    ROLES,
    ROUND_TABLES,
    SCHEMAS,
    Kind,
)

# The programme started on 1 October 2018: an earlier date is most likely a typing slip.
PROGRAMME_START = datetime.date(2018, 10, 1)
# A planned date more than this far ahead is most likely a typing slip (2062 for 2026).
PLANNING_HORIZON = datetime.timedelta(days=366)

LIST_CODES = {
    MUNICIPALITIES: codes.UNKNOWN_MUNICIPALITY,
    BEGELEIDERS: codes.UNKNOWN_BEGELEIDER,
    REFERRERS: codes.UNKNOWN_REFERRER,
    LIFE_DOMAINS: codes.UNKNOWN_LIFE_DOMAIN,
    ROLES: codes.UNKNOWN_ROLE,
    CLOSURE_REASONS: codes.UNKNOWN_CLOSURE_REASON,
}


@dataclass(frozen=True)
class Context:
    today: datetime.date
    flow_names: Collection[str]
    # whether the team's letterhead gives a phone number or an e-mail address (eenplan.toml)
    team_reachable: bool = True
    # the languages the team has templates for (None: not known, nothing said about them)
    languages: Collection[str] | None = None


Rule = Callable[[Caseload, Context], Iterator[Finding]]


@dataclass(frozen=True)
class Need:
    """A column a rule reads. A rule passes over a column the workbook lacks (every cell would
    read as empty); while there are rows it would look at, ``unchecked`` says so instead, so
    that no finding of it reads as the rule passed."""

    sheet: str
    field: str
    codes: tuple[Code, ...]  # what the rule finds
    # the rows the rule would look at (none: nothing to look for, nothing to say)
    rows: Callable[[Caseload, Context], int]
    # for that many rows, what eenplan cannot do: "niet nakijken of ..."
    cannot: Callable[[int], str]


def _closed(caseload: Caseload, context: Context) -> int:
    return sum(1 for d in caseload.dossiers if d.closed_on is not None)


def _met(caseload: Caseload, context: Context) -> int:
    return sum(1 for d in caseload.dossiers if d.perspective_on is not None)


def _to_come(caseload: Caseload, context: Context) -> int:
    """The round-tables still to come of open dossiers (those ``round_table_without_hour`` asks)."""
    count = 0
    for r in caseload.round_tables:
        if r.date is not None and r.date >= context.today and r.dossier:
            dossier = caseload.dossier(r.dossier)
            count += dossier is not None and dossier.is_open
    return count


def _families(caseload: Caseload, context: Context) -> int:
    """The open dossiers with a round-table to come and no E-mail (those ``families_without_address``
    asks, had the workbook an Adres column on Dossiers)."""
    return sum(1 for _ in _unaddressed_families(caseload, context))


def _guests(caseload: Caseload, context: Context) -> int:
    """The guests of open dossiers without an E-mail (those ``guests_without_address`` asks, had
    the workbook an Adres column)."""
    return sum(1 for _ in _posted_guests(caseload))


# The columns the rules below read, for ``unchecked``: those the reader requires are not here
# (a required column missing is an error of its own), nor the quiet ones (a column a team does
# not keep means a feature it does not use: Taal, Rondetafels.Uitnodigen).
NEEDS: tuple[Need, ...] = (
    Need(DOSSIERS, "closure_reason", (codes.CLOSURE_WITHOUT_REASON, codes.REASON_WITHOUT_CLOSURE),
         _closed, lambda n: ("niet nakijken of het afgesloten dossier een reden afsluiting heeft"
                             if n == 1 else f"niet nakijken of de {n} afgesloten dossiers een "
                             "reden afsluiting hebben")),
    Need(DOSSIERS, "begeleider", (codes.BEGELEIDER_MISSING,), _met,
         lambda n: ("niet nakijken of het dossier met een perspectiefgesprek een begeleider heeft"
                    if n == 1 else f"niet nakijken of de {n} dossiers met een perspectiefgesprek "
                    "een begeleider hebben")),
    Need(DOSSIERS, "address", (codes.FAMILY_WITHOUT_ADDRESS,), _families,
         lambda n: ("niet nakijken of het gezin met een rondetafel die nog komt een adres heeft"
                    if n == 1 else f"niet nakijken of de {n} gezinnen met een rondetafel die nog "
                    "komt een adres hebben")),
    Need(NETWORK, "address", (codes.GUEST_WITHOUT_ADDRESS,), _guests,
         lambda n: ("niet nakijken of het netwerklid zonder e-mailadres dat een brief krijgt een adres "
                    "heeft" if n == 1 else f"niet nakijken of de {n} netwerkleden zonder e-mailadres "
                    "die een brief krijgen een adres hebben")),
    Need(ROUND_TABLES, "time", (codes.ROUND_TABLE_WITHOUT_HOUR,), _to_come,
         lambda n: ("niet nakijken of de rondetafel die nog komt een uur heeft" if n == 1 else
                    f"niet nakijken of de {n} rondetafels die nog komen een uur hebben")),
)


def unchecked(caseload: Caseload, context: Context,
              needs: Sequence[Need]) -> list[tuple[Unchecked, Finding]]:
    """Each rule that cannot look, for want of a column of a sheet that is there, while there
    are rows it would look at: as data, and as a finding as severe as what the rule finds; in
    the workbook's order of sheets and columns."""
    sheets = list(SCHEMAS)
    found = []
    for need in sorted(needs, key=lambda n: (sheets.index(n.sheet), [
            c.field for c in SCHEMAS[n.sheet].columns].index(n.field))):
        layout = caseload.layouts.get(need.sheet)
        if layout is None or not layout.present or need.field in layout.columns:
            continue
        rows = need.rows(caseload, context)
        if not rows:
            continue
        header = layout.missing.get(need.field, need.field)
        near = layout.near.get(need.field, "")
        kind = (codes.RULE_UNCHECKED if any(c.severity == ERROR for c in need.codes)
                else codes.RULE_UNCHECKED_WARNING)
        gap = Gap(need.sheet, header, near, mapped=layout.mapped.get(need.field, ""),
                  title=caseload.sheet_titles.get(need.sheet, ""))
        found.append((
            Unchecked(need.sheet, header, tuple(c.name for c in need.codes), rows),
            Finding(need.sheet, layout.header_row, header, "", near, kind,
                    gap.sentence(need.cannot(rows))),
        ))
    return found


def run_rules(
    caseload: Caseload, rules: Sequence[Rule], *, today: datetime.date, flow_names: Collection[str],
    team_reachable: bool = True, languages: Collection[str] | None = None,
    needs: Sequence[Need] = NEEDS,
) -> CheckReport:
    """The reader's findings and those of every rule in ``rules``; ``flow_names`` are the names
    a Traject may hold; ``team_reachable``: the letterhead gives a phone number or e-mail;
    ``languages``: those the team has templates in; ``needs``: the columns the rules read, so
    that a rule that cannot look says so (``unchecked``)."""
    context = Context(today=today, flow_names=tuple(flow_names), team_reachable=team_reachable,
                      languages=languages)
    findings = list(caseload.findings)
    with cycle_collection(enabled=False):
        for run in rules:
            findings.extend(run(caseload, context))
    cannot = unchecked(caseload, context, needs)
    findings.extend(finding for _, finding in cannot)
    titles = caseload.sheet_titles
    if any(ours != theirs for ours, theirs in titles.items()):  # [bladen] names sheets otherwise
        findings = [dataclasses.replace(f, message=in_team_titles(f.message, titles)) for f in findings]
    return CheckReport(
        workbook=caseload.workbook, findings=sort_findings(findings),
        sheet_titles=caseload.sheet_titles, dossiers=len(caseload.dossiers),
        unchecked=tuple(data for data, _ in cannot),
    )


class _At:
    """Makes findings for the cells of one sheet."""

    def __init__(self, caseload: Caseload, sheet: str) -> None:
        self.sheet = sheet
        self.caseload = caseload
        self.layout = caseload.layouts.get(sheet)
        self.schema = SCHEMAS[sheet]

    def __call__(
        self, row: int, field: str, value: object, kind: Code, message: str, dossier: str = "",
    ) -> Finding:
        header = self.header(field)
        cell = self.layout.cell(field, row) if self.layout else ""
        return Finding(self.sheet, row, header, cell, _shown(value), kind, message, dossier)

    def header(self, field: str) -> str:
        """The column's header as the team's workbook writes it (``Caseload.header``)."""
        return self.caseload.header(self.sheet, field)

    def has(self, field: str) -> bool:
        return self.layout is not None and field in self.layout.columns


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return str(value)


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def duplicate_dossiers(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """One dossier number on two rows, or two numbers that would share one folder in out/
    ("2026/031" and "2026-031", dossier_key): either way, whose rows, letters and inzage are
    whose cannot be told, so every command refuses them until one gets another number."""
    repeated = caseload.repeated_numbers
    if not repeated:
        return
    at = _At(caseload, DOSSIERS)
    groups: dict[str, list[Dossier]] = defaultdict(list)
    for dossier in caseload.dossiers:
        if dossier.id and dossier_key(dossier.id) in repeated:
            groups[dossier_key(dossier.id)].append(dossier)
    for rows in groups.values():
        for index, dossier in enumerate(rows):
            same = next((d for d in rows[:index] if written_alike(d.id, dossier.id)), None)
            if same is not None:
                yield at(dossier.row, "id", dossier.id, codes.DUPLICATE_DOSSIER,
                         f"Dossiernummer {dossier.id} staat ook al op rij {same.row}: geef elk "
                         "traject een eigen nummer.", dossier.id)
            others = [d for d in rows if not written_alike(d.id, dossier.id)]
            if others:
                yield at(dossier.row, "id", dossier.id, codes.SHARED_FOLDER,
                         f"{shared_folder_sentence(dossier, others)}: "
                         f"{'geef een van beide' if len(others) == 1 else 'geef ze elk'} een ander nummer.",
                         dossier.id)


def shared_folder_sentence(dossier: Dossier, others: Sequence[Dossier]) -> str:
    """"De dossiernummers 2026/031 en 2026-031 (rij 5) krijgen dezelfde map in out/": what is
    wrong with ``dossier``'s number beside ``others``, numbers written otherwise that give the
    same folder."""
    by_number: dict[str, list[str]] = defaultdict(list)
    for other in others:
        by_number[other.id].append(str(other.row))
    named = [f"{number} (rij {and_list(rows)})" for number, rows in by_number.items()]
    families = "twee gezinnen" if len(others) == 1 else "meer gezinnen"
    return (f"De dossiernummers {and_list([dossier.id, *named])} krijgen dezelfde map in out/, "
            f"zodat de documenten van {families} door elkaar zouden staan")


def numbers_name_a_folder(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A dossier number names the dossier's folder in out/: one without a letter or digit
    ("🙂", "???") names none, and eenplan makes no document or inzage for it."""
    if not any_names_nothing([d.id for d in caseload.dossiers if d.id]):
        return
    at = _At(caseload, DOSSIERS)
    for dossier in caseload.dossiers:
        if dossier.id and names_nothing(dossier.id):
            yield at(dossier.row, "id", dossier.id, codes.NUMBER_WITHOUT_FOLDER,
                     f"Dossiernummer {dossier.id} heeft geen letter of cijfer, dus eenplan kan de map "
                     "van het dossier in out/ geen naam geven: geef het een nummer zoals 2026-014.",
                     dossier.id)


def values_in_lists(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A value in a column with a drop-down must be one of the values on Lijsten."""
    for sheet, records in _sheets(caseload):
        at = _At(caseload, sheet)
        for column in at.schema.columns:
            if column.list_name is None:
                continue
            allowed = caseload.lists.get(column.list_name)
            if not allowed:  # no such list, or an empty one: nothing to hold values against
                continue
            exact = set(allowed)
            known = {normal_text(v) for v in allowed}
            kind = LIST_CODES[column.list_name]
            get = attrgetter(column.field)
            if not set(map(get, records)) - exact - {""}:  # the common case: every value listed
                continue
            for record in records:
                value = get(record)
                if value and value not in exact and normal_text(value) not in known:
                    yield at(record.row, column.field, value, kind,
                             f'{at.header(column.field)} "{value}" staat niet in de lijst '
                             f"{column.list_name}: kies een waarde uit de lijst, of voeg ze toe "
                             "op het blad Lijsten.", _dossier_of(record))


def known_flows(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, DOSSIERS)
    names = {n.casefold(): n for n in context.flow_names}
    options = " of ".join(sorted(context.flow_names))
    for dossier in caseload.dossiers:
        if dossier.flow and dossier.flow.casefold() not in names:
            yield at(dossier.row, "flow", dossier.flow, codes.UNKNOWN_FLOW,
                     f'Traject "{dossier.flow}" kent eenplan niet: kies {options}.', dossier.id)


def dates_in_range(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """No recorded day after today, no day before the programme, no plan years ahead."""
    today = context.today
    horizon = today + PLANNING_HORIZON
    for sheet, records in _sheets(caseload):
        at = _At(caseload, sheet)
        for column in at.schema.columns:
            if column.kind is not Kind.DATE:
                continue
            latest = today if column.past_only else horizon if column.planned else datetime.date.max
            get = attrgetter(column.field)
            header = at.header(column.field)
            for record in records:
                value = get(record)
                if value is None or PROGRAMME_START <= value <= latest:
                    continue
                if value < PROGRAMME_START:
                    yield at(record.row, column.field, value, codes.DATE_BEFORE_PROGRAMME,
                             f"{header} {_day(value)} ligt voor de start van 1 Gezin 1 Plan "
                             "(01/10/2018): klopt het jaartal?", _dossier_of(record))
                elif column.past_only:
                    yield at(record.row, column.field, value, codes.DATE_IN_FUTURE,
                             f"{header} {_day(value)} ligt na vandaag ({_day(today)}): vul pas "
                             "een datum in als het gebeurd is, of verbeter het jaartal.",
                             _dossier_of(record))
                else:
                    yield at(record.row, column.field, value, codes.DATE_FAR_AHEAD,
                             f"{header} {_day(value)} ligt meer dan een jaar verder: klopt het "
                             "jaartal?", _dossier_of(record))


def date_order(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, DOSSIERS)
    for d in caseload.dossiers:
        start = d.registered_on
        if start is not None and d.perspective_on is not None and d.perspective_on < start:
            yield at(d.row, "perspective_on", d.perspective_on, codes.DATE_BEFORE_REGISTRATION,
                     f"Het perspectiefgesprek ({_day(d.perspective_on)}) ligt voor de aanmelding "
                     f"({_day(start)}): verbeter een van beide datums.", d.id)
        if start is not None and d.closed_on is not None and d.closed_on < start:
            yield at(d.row, "closed_on", d.closed_on, codes.DATE_BEFORE_REGISTRATION,
                     f"De afsluiting ({_day(d.closed_on)}) ligt voor de aanmelding "
                     f"({_day(start)}): verbeter een van beide datums.", d.id)
        if start is not None and d.plan_on is not None and d.plan_on < start:
            yield at(d.row, "plan_on", d.plan_on, codes.DATE_BEFORE_REGISTRATION,
                     f"Het gezinsplan ({_day(d.plan_on)}) ligt voor de aanmelding "
                     f"({_day(start)}): verbeter een van beide datums.", d.id)
        elif d.perspective_on is not None and d.plan_on is not None and d.plan_on < d.perspective_on:
            yield at(d.row, "plan_on", d.plan_on, codes.PLAN_BEFORE_PERSPECTIVE,
                     f"Het gezinsplan ({_day(d.plan_on)}) ligt voor het perspectiefgesprek "
                     f"({_day(d.perspective_on)}): verbeter een van beide datums.", d.id)
    pauses = _At(caseload, "Pauzes")
    for p in caseload.pauses:
        if p.start is not None and p.end is not None and p.end < p.start:
            yield pauses(p.row, "end", p.end, codes.PAUSE_ENDS_BEFORE_START,
                         f"De pauze eindigt ({_day(p.end)}) voor ze begint ({_day(p.start)}): "
                         "verbeter Van of Tot.", p.dossier)


def closure(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, DOSSIERS)
    if not at.has("closure_reason"):
        return
    for d in caseload.dossiers:
        if d.closed_on is not None and not d.closure_reason:
            yield at(d.row, "closure_reason", "", codes.CLOSURE_WITHOUT_REASON,
                     "Het dossier is afgesloten maar de reden ontbreekt: kies een reden "
                     "afsluiting.", d.id)
        elif d.closed_on is None and d.closure_reason and at.has("closed_on"):
            yield at(d.row, "closed_on", "", codes.REASON_WITHOUT_CLOSURE,
                     f'Er staat een reden afsluiting ("{d.closure_reason}") maar geen datum '
                     "afsluiting: vul de datum in, of maak de reden leeg.", d.id)


def begeleider_missing(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, DOSSIERS)
    if not at.has("begeleider"):
        return
    for d in caseload.dossiers:
        if d.perspective_on is not None and not d.begeleider:
            yield at(d.row, "begeleider", "", codes.BEGELEIDER_MISSING,
                     "Er was een perspectiefgesprek, dus het gezin heeft een begeleider: "
                     f"vul {at.header('begeleider')} in.", d.id)


def unknown_dossiers(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A row on Netwerk, Pauzes, Rondetafels or Afspraken must name a dossier that exists."""
    layout = caseload.layouts.get(DOSSIERS)
    if layout is None or not layout.present:  # no header on Dossiers: its dossiers are not known
        return
    exact = {d.id for d in caseload.dossiers}
    for sheet, records in _sheets(caseload):
        if sheet == DOSSIERS:
            continue
        if not set(map(attrgetter("dossier"), records)) - exact - {""}:
            continue
        at = _At(caseload, sheet)
        known = caseload.by_id
        for record in records:
            number = record.dossier
            if not number or number in exact:  # the common case, without casefolding
                continue
            if dossier_key(number) not in known:
                yield at(record.row, "dossier", record.dossier, codes.UNKNOWN_DOSSIER,
                         f"Dossier {record.dossier} staat niet op het blad Dossiers: verbeter "
                         "het nummer, of voeg het dossier toe.", record.dossier)


def duplicate_open_family(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, DOSSIERS)
    open_by_family: dict[str, list[Dossier]] = defaultdict(list)
    for d in caseload.dossiers:
        if d.family and d.closed_on is None:
            open_by_family[normal_text(d.family)].append(d)
    for dossiers in open_by_family.values():
        for d in dossiers[1:]:
            yield at(d.row, "family", d.family, codes.DUPLICATE_OPEN_FAMILY,
                     f"{d.family} heeft ook dossier {dossiers[0].id} open (rij {dossiers[0].row}): "
                     "sluit het oude af als het hetzelfde gezin is.", d.id)


def duplicate_network_member(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, "Netwerk")
    if _all_different(caseload.network, "dossier", "name"):
        return
    seen: dict[str, int] = {}
    for m in caseload.network:
        if not m.name or not m.dossier:
            continue
        key = f"{dossier_key(m.dossier)}\x00{m.name.casefold()}"
        if key in seen:
            yield at(m.row, "name", m.name, codes.DUPLICATE_NETWORK_MEMBER,
                     f"{m.name} staat al bij dossier {m.dossier} op rij {seen[key]}, en zou dan "
                     "twee uitnodigingen krijgen: verwijder een van beide rijen.", m.dossier)
        else:
            seen[key] = m.row


def unknown_round_table(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """An agreement names the round-table it was made at: it should be on Rondetafels."""
    at = _At(caseload, "Afspraken")
    if not caseload.layouts.get("Rondetafels") or not caseload.layouts["Rondetafels"].present:
        return
    held = {(dossier_key(r.dossier), r.date) for r in caseload.round_tables}
    known = caseload.by_id
    for a in caseload.agreements:
        if a.round_table is None or not a.dossier:
            continue
        key = dossier_key(a.dossier)  # one key for both looks (caseload.dossier makes it too)
        if key in known and (key, a.round_table) not in held:
            yield at(a.row, "round_table", a.round_table, codes.UNKNOWN_ROUND_TABLE,
                     f"Dossier {a.dossier} heeft geen rondetafel op {_day(a.round_table)}: "
                     "verbeter de datum, of voeg de rondetafel toe op het blad Rondetafels.",
                     a.dossier)


def unknown_invitees(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """Rondetafels.Uitnodigen names people of the dossier's network; a name that matches no one
    would quietly invite no one."""
    at = _At(caseload, ROUND_TABLES)
    if not at.has("invitees"):
        return
    for table in caseload.round_tables:
        if not table.invitees.strip() or caseload.dossier(table.dossier) is None:
            continue
        _, unknown = invitees_of(table, caseload.network_of(table.dossier))
        for name in unknown:
            yield at(table.row, "invitees", table.invitees, codes.UNKNOWN_INVITEE,
                     f"{name} staat niet (of meer dan eens) in het netwerk van dossier "
                     f"{table.dossier}, dus krijgt geen uitnodiging: schrijf de naam zoals op het "
                     "blad Netwerk.", table.dossier)


def _named_invitees(caseload: Caseload) -> set[int]:
    """The members (by id) Rondetafels.Uitnodigen invites by name."""
    named: set[int] = set()
    for table in caseload.round_tables:
        if table.invitees.strip():
            named.update(id(m) for m in invitees_of(table, caseload.network_of(table.dossier))[0])
    return named


def _guest_of(caseload: Caseload, m: NetworkMember) -> Dossier | None:
    """The open dossier of a network member (invited) who gets a letter of their own: named, not
    the family itself; None for any other."""
    if not m.name.strip() or in_family(m):
        return None
    dossier = caseload.dossier(m.dossier)
    return dossier if dossier is not None and dossier.is_open else None


def invitees_without_first_name(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A letter greets a guest by first name; a name in which eenplan can tell none ("Van den
    Broeck", "PEETERS"), or in which it cannot tell which word is the first name ("peeters
    maria", "Ben Salah Youssef"), is greeted whole ("Beste Van den Broeck,"), never by a particle
    or half a name (``eenplan.sheets.names``). Said of the guests of open dossiers, so the team can add the
    first name before the letters go out."""
    named = _named_invitees(caseload)
    at = _At(caseload, NETWORK)
    for m in caseload.network:
        if not (m.invite or id(m) in named) or surely_first_name(m.name):
            continue  # (the quick look first: at 50,000 dossiers it spares 0.35 s)
        dossier = _guest_of(caseload, m)
        if dossier is None:
            continue
        name = " ".join(m.name.split())
        form = address(name, m.organisation, family=dossier.family).form
        if form not in WHOLE_FOR_WANT:
            continue
        if form is Form.UNSURE:  # a first name may be there, but which word is it?
            yield at(m.row, "name", m.name, codes.NO_FIRST_NAME,
                     f"eenplan kan in {name} de voornaam niet zeker herkennen: schrijf op het blad "
                     f"Netwerk (rij {m.row}) de achternaam, een komma en de voornaam (zoals 'Peeters, "
                     f"Maria'), dan spreekt de brief hem of haar met de voornaam aan: nu staat er "
                     f"'Beste {name},'.", m.dossier)
        else:
            yield at(m.row, "name", m.name, codes.NO_FIRST_NAME,
                     f"Geef {name} een voornaam op het blad Netwerk (rij {m.row}), dan spreekt de "
                     f"brief hem of haar daarmee aan: nu staat er 'Beste {name},'.", m.dossier)


def _posted_guests(caseload: Caseload) -> Iterator[NetworkMember]:
    """The guests of open dossiers whose letter can only go on paper (no E-mail), with no Adres
    to post it to."""
    named: set[int] | None = None
    for m in caseload.network:
        if not posted_without_address(m):
            continue  # (the quick look first: most guests have an address or get an e-mail)
        if not m.invite:
            if not m.name.strip():
                continue
            named = _named_invitees(caseload) if named is None else named
            if id(m) not in named:
                continue
        if _guest_of(caseload, m) is not None:
            yield m


def guests_without_address(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A guest who gets a letter, with no E-mail and no Adres on Netwerk: the letter can only go
    on paper, and the team posting it would find out at the envelope. Said of the guests of open
    dossiers, as ``invitees_without_first_name``; the Adres column missing is ``rule-unchecked``
    (`invite` refuses then)."""
    at = _At(caseload, NETWORK)
    if not at.has("address"):
        return
    for m in _posted_guests(caseload):
        name = " ".join(m.name.split())
        yield at(m.row, "address", "", codes.GUEST_WITHOUT_ADDRESS,
                 f"{name} krijgt een uitnodiging, maar heeft geen {at.header('address')} en geen "
                 f"{at.header('email')} (rij {m.row}), dus de brief kan niet op de post: vul het "
                 "adres in (of een e-mailadres, en geef de brief dan zelf door).", m.dossier)


def _unaddressed_families(caseload: Caseload, context: Context) -> Iterator[Dossier]:
    """The open dossiers with a round-table to come whose family's letter has nowhere to go
    (``family_without_address``)."""
    for d in caseload.dossiers:
        if d.address.strip() or d.email.strip() or not d.is_open or not d.id:
            continue  # (the quick look first: most families have an address)
        if not any(r.date is not None and r.date >= context.today for r in caseload.round_tables_of(d.id)):
            continue
        if family_without_address(d, caseload.network_of(d.id)):
            yield d


def families_without_address(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """The family's own letter for a round-table to come, with no Adres and no E-mail for the
    family (on Dossiers, or on its own rows on Netwerk): it can only go on paper, and the team
    posting it would find out at the envelope, as with a guest (``guests_without_address``); the
    Adres column of Dossiers missing is ``rule-unchecked``."""
    at = _At(caseload, DOSSIERS)
    if not at.has("address"):
        return
    for d in _unaddressed_families(caseload, context):
        family = " ".join(d.family.split())
        yield at(d.row, "address", "", codes.FAMILY_WITHOUT_ADDRESS,
                 f"{family} (dossier {d.id}) krijgt een uitnodiging voor de rondetafel, maar heeft "
                 f"geen {at.header('address')} en geen {at.header('email')} (rij {d.row}), dus de "
                 "brief voor het gezin kan niet op de post: vul het adres in (of een e-mailadres, en "
                 "geef de brief dan zelf door).", d.id)


def unreachable_begeleiders(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A letter must say how to reach someone: the begeleider's phone or e-mail on Lijsten, or
    else the team's in eenplan.toml. Asked of the open dossiers with a round-table (the ones that
    get letters)."""
    if context.team_reachable:
        return
    named: dict[str, str] = {}
    for d in caseload.dossiers:
        if d.is_open and d.id and caseload.round_tables_of(d.id):
            named.setdefault(" ".join(d.begeleider.split()).casefold(), d.begeleider.strip())
    for _, name in sorted(named.items()):
        contact = caseload.staff_contact(name) if name else None
        if contact is not None and (contact.phone.strip() or contact.email.strip()):
            continue
        who = (f"De brieven die {name} noemen" if name else
               "De brieven voor een gezin zonder begeleider")
        yield Finding(
            LISTS, contact.row if contact else None, BEGELEIDER_PHONE, "", name,
            codes.NO_CONTACT_ON_LETTERS,
            f"{who} geven geen telefoonnummer of e-mailadres: vul op het blad Lijsten de kolom "
            f"{BEGELEIDER_PHONE} of {BEGELEIDER_EMAIL} in, of zet het nummer van het team in "
            "eenplan.toml ([briefhoofd] telefoon of e-mail).",
        )
def next_date_before_round_table(caseload: Caseload, context: Context) -> Iterator[Finding]:
    at = _At(caseload, ROUND_TABLES)
    for r in caseload.round_tables:
        if r.date is not None and r.next_date is not None and r.next_date < r.date:
            yield at(r.row, "next_date", r.next_date, codes.NEXT_DATE_BEFORE_ROUND_TABLE,
                     f"De Volgende datum ({_day(r.next_date)}) ligt voor de rondetafel zelf "
                     f"({_day(r.date)}): verbeter een van beide datums.", r.dossier)


def next_date_unplanned(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A round-table's Volgende datum on which no round-table is planned, while the next one on
    Rondetafels, still to come, is on another day: the report tells the family the day that was
    agreed, the letters the day that is planned. Said while that next one is ahead, of open
    dossiers: an old move in a dossier's history is no longer worth a word."""
    at = _At(caseload, ROUND_TABLES)
    planned = {(r.dossier, r.date) for r in caseload.round_tables}
    for r in caseload.round_tables:
        if r.next_date is None or (r.dossier, r.next_date) in planned:
            continue  # (the quick look first: the next round-table is on its day)
        dossier = caseload.dossier(r.dossier)
        if dossier is None or not dossier.is_open:
            continue
        instead = planned_instead(r, caseload.round_tables_of(dossier.id))
        if instead is None or instead.date is None or instead.date < context.today:
            continue
        yield at(r.row, "next_date", r.next_date, codes.NEXT_DATE_UNPLANNED,
                 f"De Volgende datum ({_day(r.next_date)}) staat niet op het blad Rondetafels; de "
                 f"volgende rondetafel staat er op {_day(instead.date)}. Werd ze verplaatst? Zet "
                 f"dan {_day(instead.date)} in Volgende datum (het verslag noemt die dag aan het "
                 f"gezin); komt er op {_day(r.next_date)} nog een rondetafel, zet ze dan op het "
                 "blad Rondetafels.", r.dossier)


def round_table_after_closure(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A round-table still to come after its dossier's Datum afsluiting: its invitees expect it
    (the watcher calls it off for whoever it invited by e-mail; the others, the team tells)."""
    at = _At(caseload, ROUND_TABLES)
    for r in caseload.round_tables:
        if r.date is None or r.date < context.today or not r.dossier:
            continue
        dossier = caseload.dossier(r.dossier)
        if dossier is None or dossier.closed_on is None or not after_closure(dossier, r, today=context.today):
            continue
        yield at(r.row, "date", r.date, codes.ROUND_TABLE_AFTER_CLOSURE,
                 f"De rondetafel van {_day(r.date)} staat nog gepland, maar dossier {dossier.id} is "
                 f"afgesloten op {_day(dossier.closed_on)}: laat de genodigden weten dat ze niet "
                 "doorgaat (wie ze per e-mail kreeg, krijgt van eenplan een afgelasting) en haal de "
                 f"rij weg, of kijk de {caseload.header(DOSSIERS, 'closed_on')} na als ze toch "
                 "doorgaat.", r.dossier)


def round_table_without_hour(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """A round-table still to come of an open dossier without its Uur: its letters can only say
    the hour follows, and the agenda entry is a whole day."""
    at = _At(caseload, ROUND_TABLES)
    if not at.has("time"):
        return
    today = context.today
    for r in caseload.round_tables:
        if r.date is None or r.date < today or r.time is not None:
            continue
        if (ROUND_TABLES, r.row, "time") in caseload.unreadable:
            continue  # the reader already said what is wrong with the cell
        dossier = caseload.dossier(r.dossier) if r.dossier else None
        if dossier is None or not dossier.is_open:
            continue
        yield at(r.row, "time", "", codes.ROUND_TABLE_WITHOUT_HOUR,
                 f"De rondetafel van {_day(r.date)} heeft nog geen Uur: de brieven zeggen dan dat het "
                 "uur nog volgt. Vul het Uur in zodra het vastligt.", r.dossier)


def languages(caseload: Caseload, context: Context) -> Iterator[Finding]:
    """Taal on Dossiers and Netwerk: a language eenplan knows, and one it has templates in
    (else the letters go in Dutch, and the family should not learn that from the letter)."""
    for sheet, rows in ((DOSSIERS, caseload.dossiers), (NETWORK, caseload.network)):
        at = _At(caseload, sheet)
        if not at.has("language"):
            continue
        for row in rows:
            text = row.language.strip()
            if not text:
                continue
            number = row.id if isinstance(row, Dossier) else row.dossier
            code = language_code(text)
            if code is None:
                yield at(row.row, "language", text, codes.UNKNOWN_LANGUAGE,
                         f'"{text}" is geen taal die eenplan kent: schrijf een taalcode zoals nl, '
                         "fr, en, tr of ar (of de naam: Frans, Engels, ...). Tot dan gaan de "
                         "brieven in het Nederlands.", number)
            elif context.languages is not None and code not in context.languages:
                yield at(row.row, "language", text, codes.LANGUAGE_WITHOUT_TEMPLATES,
                         f"Er zijn geen sjablonen in de taal {code}: de brieven gaan in het "
                         f"Nederlands. Zet vertaalde sjablonen in docx_templates/{code}/ (kopieer "
                         "die uit docx_templates/ of docx_templates/fr/ en vertaal ze).", number)


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
            assert p.start is not None and latest.start is not None  # kept above: a start each
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


# Every rule that needs no flow, in the order they run (the report sorts their findings).
RULES: tuple[Rule, ...] = (
    duplicate_dossiers,
    numbers_name_a_folder,
    values_in_lists,
    known_flows,
    dates_in_range,
    date_order,
    closure,
    begeleider_missing,
    unknown_dossiers,
    duplicate_open_family,
    duplicate_network_member,
    unknown_round_table,
    overlapping_pauses,
    unknown_invitees,
    invitees_without_first_name,
    guests_without_address,
    families_without_address,
    unreachable_begeleiders,
    languages,
    next_date_before_round_table,
    next_date_unplanned,
    round_table_after_closure,
    round_table_without_hour,
)


def _all_different(records: Sequence[object], *fields: str) -> bool:
    """Whether no two records hold the same values in ``fields`` (case and spaces around
    ignored; a dossier number as dossier_key has it), worked out at C speed: the common case,
    in which a rule has nothing to say."""
    columns = [iter(dossier_keys(list(map(attrgetter(f), records)))) if f == "dossier" else
               map(str.casefold, map(str.strip, map(attrgetter(f), records))) for f in fields]
    keys = list(map("\x00".join, zip(*columns, strict=True))) if len(columns) > 1 else list(columns[0])
    return len(set(keys)) == len(keys)


def _sheets(caseload: Caseload) -> Iterator[tuple[str, tuple[Any, ...]]]:
    yield DOSSIERS, caseload.dossiers
    yield "Netwerk", caseload.network
    yield "Pauzes", caseload.pauses
    yield "Rondetafels", caseload.round_tables
    yield "Afspraken", caseload.agreements


def _dossier_of(record: object) -> str:
    return cast(str, getattr(record, "dossier", None) or getattr(record, "id", ""))
