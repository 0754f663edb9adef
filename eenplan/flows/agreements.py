"""Agreements and evaluations on time: what the family and its network agreed at a round-table,
and whether the next round-table came. Pure: the caseload, the flows and today in, plain data out.

- An agreement (Afspraken) whose Tegen wanneer has passed and whose Status is not "klaar" is
  overdue; within the warning window it is due soon. A closed dossier's agreements never are;
  while a pause runs, what would be overdue or due soon shows as paused.
- A round-table's Volgende datum that has passed without a later round-table is an overdue
  evaluation. A flow's ``[evaluatie]`` gives a round-table without a Volgende datum a due date.
- What cannot be read (a Tegen wanneer or Status the reader could not make out, a round-table
  date that is unreadable, a Volgende datum before its round-table) is UNKNOWN with the reason,
  never left out: no silent all-clear.
- An agreement without a Tegen wanneer, and a Volgende datum before its round-table, are also
  ``check`` findings (``checks``, ``rules``); a row a later version replaces is none.
- One agreement is one Levensdomein, Doel, Actie and Wie (``agreement_key``): taken up again at a
  later round-table, it counts once, in its latest version (``each_once``). The plan, the report
  and the overdue list all hold it so: an older version is never late on its own
  (``agreed_again``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from eenplan.dutch import current_language, short_date
from eenplan.flows.deadlines import Status, base_due_in, pause_intervals
from eenplan.flows.model import Flow
from eenplan.sheets.cells import normal_text
from eenplan.sheets.codes import ERROR, WARNING, Severity
from eenplan.sheets.findings import Finding
from eenplan.sheets.records import Agreement, Caseload, Dossier, RoundTable, dossier_key
from eenplan.sheets.schema import AGREEMENTS, ROUND_TABLES

AGREEMENT = "afspraak"
EVALUATION = "evaluatie"
DONE = "klaar"  # the Status that closes an agreement
AGREEMENT_WARN_DAYS = 7  # an agreement is due soon this many days before its Tegen wanneer
EVALUATION_WARN_DAYS = 7  # the same for a Volgende datum, when the flow sets no [evaluatie]
AGREEMENT_NORM = "tegen de afgesproken datum"
EVALUATION_NORM = "op de volgende datum van de rondetafel"


@dataclass(frozen=True)
class FollowUp:
    """One agreement or one evaluation of an open dossier, judged on a day."""

    kind: str  # AGREEMENT or EVALUATION
    dossier: Dossier
    row: int  # the Excel row on Afspraken or Rondetafels
    cell: str  # the cell it is judged on: Tegen wanneer, Volgende datum, or the unreadable one
    start: datetime.date | None  # the round-table it was agreed at, or the last round-table
    due: datetime.date | None
    status: Status  # OPEN, DUE_SOON, OVERDUE, PAUSED or UNKNOWN
    days_overdue: int  # today - due; 0 when there is no due date
    norm: str  # "tegen de afgesproken datum", "binnen 3 maanden na de rondetafel"
    severity: Severity
    reason: str = ""  # why it cannot be judged (UNKNOWN)
    agreement: Agreement | None = None
    paused_since: datetime.date | None = None


def agreement_status(
    agreement: Agreement, *, today: datetime.date, warn_days: int = AGREEMENT_WARN_DAYS,
    unreadable: Mapping[str, Finding] | None = None,
) -> tuple[Status, int, str]:
    """How one agreement stands: (status, days overdue, reason when UNKNOWN).

    ON_TIME stands for "klaar"; OPEN for one not yet due or without a Tegen wanneer.
    ``unreadable`` maps the agreement's fields ("status", "due") whose cell the reader could not
    use to the finding that says why (``Caseload.unreadable``).
    """
    odd = unreadable or {}
    if "status" in odd:
        return Status.UNKNOWN, 0, odd["status"].message
    if agreement.status == DONE:
        return Status.ON_TIME, 0, ""
    if agreement.due is None:
        if "due" in odd:
            return Status.UNKNOWN, 0, odd["due"].message
        return Status.OPEN, 0, ""
    late = (today - agreement.due).days
    if late > 0:
        return Status.OVERDUE, late, ""
    if -late <= warn_days:
        return Status.DUE_SOON, late, ""
    return Status.OPEN, late, ""


def unreadable_fields(caseload: Caseload, sheet: str, row: int, *fields: str) -> dict[str, Finding]:
    """The fields of one row whose cell the reader could not use, with the finding for each."""
    found = {f: caseload.unreadable.get((sheet, row, f)) for f in fields} if caseload.unreadable else {}
    return {f: finding for f, finding in found.items() if finding is not None}


def follow_ups(
    caseload: Caseload, flows: Mapping[str, Flow], *, today: datetime.date, soon: int | None = None,
) -> tuple[FollowUp, ...]:
    """Every agreement that is not "klaar" and every evaluation of the open dossiers, judged on
    ``today``; ``soon`` replaces the warning windows, in days. Agreements without a Tegen
    wanneer, and dossiers without a round-table to evaluate, are left out."""
    return (*_agreements(caseload, today=today, soon=soon),
            *_evaluations(caseload, flows, today=today, soon=soon))


def _open_dossier(caseload: Caseload, number: str) -> Dossier | None:
    dossier = caseload.dossier(number) if number else None
    return dossier if dossier is not None and dossier.closed_on is None else None


def _running_pause(caseload: Caseload, dossier: Dossier, today: datetime.date) -> datetime.date | None:
    pauses = caseload.pauses_of(dossier.id)
    return pause_intervals(pauses, today=today)[1] if pauses else None


def agreement_key(agreement: Agreement) -> tuple[str, ...] | None:
    """What makes one agreement: its Levensdomein, Doel, Actie and Wie, case and spaces aside.
    None for a row that names none of them: nothing says it is another row's agreement."""
    key = tuple(normal_text(part or "") for part in
                (agreement.domain, agreement.goal, agreement.action, agreement.who))
    return key if any(key) else None


def each_once(agreements: Iterable[Agreement]) -> list[Agreement]:
    """The agreements in the order they were made (by round-table, then row), each once: the
    same Levensdomein, Doel, Actie and Wie (``agreement_key``) taken up again at a later
    round-table is one agreement, its last row standing where the first stood. A row without a
    Rondetafel counts as made before the dated ones."""
    made = sorted(agreements, key=lambda a: (a.round_table or datetime.date.min, a.row))
    latest: dict[tuple[str, ...] | int, Agreement] = {}
    for agreement in made:  # a key met again keeps its place and takes the later row
        key = agreement_key(agreement)
        latest[agreement.row if key is None else key] = agreement
    return list(latest.values())


def typed_twice_key(agreement: Agreement) -> tuple[object, ...] | None:
    """What an agreement typed twice at one round-table shares with its twin: the same
    Rondetafel, Wat (its Actie, else its Doel), Wie and Tegen wanneer, case and spaces aside
    (``typed_twins`` asks the Doel to agree too). None for a row without a Rondetafel or a Wat:
    nothing says it is another row's twin."""
    what = normal_text(agreement.action or "") or normal_text(agreement.goal or "")
    if agreement.round_table is None or not what:
        return None
    return (agreement.round_table, what, normal_text(agreement.who or ""), agreement.due)


def typed_twins(agreements: Iterable[Agreement]) -> dict[int, int]:
    """Each row (of one dossier, in their order) that repeats an earlier row of the same
    round-table, with that earlier row: the same ``typed_twice_key`` and a Doel that agrees (the
    same, or empty in one of them). Another Levensdomein, or one left empty, is a slip of the
    keyboard, not a second agreement; another Doel is one."""
    heads: dict[tuple[object, ...], list[Agreement]] = {}
    twins: dict[int, int] = {}
    for agreement in agreements:
        key = typed_twice_key(agreement)
        if key is None:
            continue
        goal = normal_text(agreement.goal or "")
        same = heads.setdefault(key, [])
        head = next((h for h in same if not goal or not normal_text(h.goal or "")
                     or normal_text(h.goal or "") == goal), None)
        if head is None:
            same.append(agreement)
        else:
            twins[agreement.row] = head.row
    return twins


def typed_once(agreements: Iterable[Agreement]) -> list[Agreement]:
    """``agreements`` (of one dossier) in their order, an agreement typed twice at one round-table
    (``typed_twins``) once, standing where the first stood: the row that fills in most
    (Levensdomein, Doel, Ondersteuning, Status), on a tie the lower one, as ``each_once`` takes
    the lower of two rows of one round-table. `check` asks to remove the other
    (duplicate-agreement)."""
    rows = list(agreements)
    twins = typed_twins(rows)
    if not twins:
        return rows
    kept: dict[int, Agreement] = {}
    for agreement in rows:
        slot = twins.get(agreement.row, agreement.row)
        if slot in kept and _fuller(kept[slot]) > _fuller(agreement):
            continue
        kept[slot] = agreement
    return list(kept.values())


def _fuller(agreement: Agreement) -> tuple[int, int]:
    filled = sum(1 for part in (agreement.domain, agreement.goal, agreement.support, agreement.status)
                 if (part or "").strip())
    return filled, agreement.row


def plan_agreements(agreements: Iterable[Agreement], *, plan_day: datetime.date) -> list[Agreement]:
    """The agreements of the plan of ``plan_day``: those made at a round-table on or before that
    day (and those without a Rondetafel), each once.

    One agreement is what someone does for a goal: the same Levensdomein, Doel, Actie and Wie
    (case and spaces aside). A round-table that takes it up again, with a new Tegen wanneer or
    Status, makes no second one: the last one made by ``plan_day`` stands, where the first stood.
    """
    return typed_once(each_once(a for a in agreements if a.round_table is None or a.round_table <= plan_day))


def newer_versions(earlier: Iterable[Agreement], later: Iterable[Agreement]) -> dict[int, Agreement]:
    """For each of ``earlier`` (by its row), the row of ``later`` that is the same agreement
    (``agreement_key``), the last one made when there are several: the version that replaces it.
    An earlier agreement that ``later`` does not take up again is left out."""
    versions = {agreement_key(a): a for a in each_once(later)}
    return {a.row: versions[key] for a in earlier
            if (key := agreement_key(a)) is not None and key in versions}


def agreed_again(agreements: Sequence[Agreement], *, today: datetime.date) -> frozenset[int]:
    """The rows of one dossier's agreements that a later version replaces on ``today``: the ones
    the plan of today leaves out (``plan_agreements``) although they were made by then. Only the
    latest version of an agreement can run late; one made at a round-table after today replaces
    nothing yet and is judged on its own."""
    made = [a for a in agreements if a.round_table is None or a.round_table <= today]
    standing = {a.row for a in plan_agreements(made, plan_day=today)}
    return frozenset(a.row for a in made if a.row not in standing)


def replaced_rows(caseload: Caseload, *, today: datetime.date) -> frozenset[int]:
    """The rows on Afspraken that a later version of the same agreement replaces on ``today``
    (``agreed_again``, per dossier): no one needs to fill them in or set them to "klaar"."""
    return _agreed_again(caseload, today=today)[0] if caseload.agreements else frozenset()


def _agreed_again(caseload: Caseload, *, today: datetime.date) -> tuple[frozenset[int], dict[int, Finding]]:
    """The rows on Afspraken a later version replaces (``agreed_again``, per dossier), and the
    rows whose Rondetafel cannot be read while another row holds the same agreement: which of
    them is the latest is not known, so such a row replaces nothing and cannot be judged."""
    replaced: set[int] = set()
    doubtful: dict[int, Finding] = {}
    by_dossier: dict[str, list[Agreement]] = {}
    for a in caseload.agreements:
        by_dossier.setdefault(dossier_key(a.dossier), []).append(a)
    for rows in by_dossier.values():
        unread = {a.row: f for a in rows
                  for f in (caseload.unreadable.get((AGREEMENTS, a.row, "round_table")),) if f is not None}
        if unread:
            keys = Counter(agreement_key(a) for a in rows)
            doubtful.update((a.row, unread[a.row]) for a in rows if a.row in unread
                            and agreement_key(a) is not None and keys[agreement_key(a)] > 1)
        replaced |= agreed_again([a for a in rows if a.row not in unread], today=today)
    return frozenset(replaced), doubtful


def _agreements(caseload: Caseload, *, today: datetime.date, soon: int | None) -> Iterator[FollowUp]:
    layout = caseload.layouts.get(AGREEMENTS)
    warn = AGREEMENT_WARN_DAYS if soon is None else soon
    replaced, doubtful = _agreed_again(caseload, today=today) if caseload.agreements else (frozenset(), {})
    for a in caseload.agreements:
        if a.row in replaced:
            continue  # agreed again later: its latest version is the one that counts
        dossier = _open_dossier(caseload, a.dossier)
        if dossier is None:
            continue  # closed, or a dossier that does not exist (check reports it)
        if a.row in doubtful:
            yield _unknown_version(dossier, a, doubtful[a.row])
            continue
        odd = unreadable_fields(caseload, AGREEMENTS, a.row, "status", "due")
        status, late, reason = agreement_status(a, today=today, warn_days=warn, unreadable=odd)
        if status is Status.ON_TIME or (status is Status.OPEN and a.due is None):
            continue
        paused_since = None
        if status in (Status.OVERDUE, Status.DUE_SOON):
            paused_since = _running_pause(caseload, dossier, today)
            if paused_since is not None:
                status = Status.PAUSED
        cell = next(iter(odd.values())).cell if odd else layout.cell("due", a.row) if layout else ""
        yield FollowUp(
            kind=AGREEMENT, dossier=dossier, row=a.row, cell=cell, start=a.round_table, due=a.due,
            status=status, days_overdue=late, norm=AGREEMENT_NORM, severity=ERROR, reason=reason,
            agreement=a, paused_since=paused_since,
        )


def _unknown_version(dossier: Dossier, agreement: Agreement, finding: Finding) -> FollowUp:
    """An agreement held on another row too, whose Rondetafel cannot be read: which is the latest?"""
    return FollowUp(
        kind=AGREEMENT, dossier=dossier, row=agreement.row, cell=finding.cell, start=None,
        due=agreement.due, status=Status.UNKNOWN, days_overdue=0, norm=AGREEMENT_NORM,
        severity=ERROR, agreement=agreement,
        reason=(f"de Rondetafel ({finding.value or 'leeg'}) is geen datum die eenplan kan lezen, en "
                "dezelfde afspraak staat op nog een rij, dus eenplan weet niet welke de laatste "
                "is: verbeter de datum."),
    )


def _evaluations(
    caseload: Caseload, flows: Mapping[str, Flow], *, today: datetime.date, soon: int | None,
) -> Iterator[FollowUp]:
    if not caseload.round_tables:
        return
    layout = caseload.layouts.get(ROUND_TABLES)

    def unreadable(field: str, row: int) -> Finding | None:
        return caseload.unreadable.get((ROUND_TABLES, row, field)) if caseload.unreadable else None

    def cell(field: str, row: int) -> str:
        return layout.cell(field, row) if layout else ""

    by_dossier: dict[str, list[RoundTable]] = {}
    for r in caseload.round_tables:
        dossier = _open_dossier(caseload, r.dossier)
        if dossier is not None:
            by_dossier.setdefault(dossier.id, []).append(r)
    for number, tables in by_dossier.items():
        dossier = caseload.dossier(number)
        assert dossier is not None  # found above
        flow = flows[dossier.flow] if dossier.flow in flows else None
        unread = [(r, f) for r in tables if r.date is None
                  for f in (unreadable("date", r.row),) if f is not None]
        if unread:
            table, finding = unread[0]
            yield _unknown_evaluation(dossier, table, finding.cell, finding.message)
            continue
        held = [r for r in tables if r.date is not None]
        if not held:
            continue
        last = max(held, key=lambda r: (r.date, r.row))
        assert last.date is not None
        if last.date > today:
            continue  # the next round-table is planned
        odd_next = unreadable("next_date", last.row) if last.next_date is None else None
        if odd_next is not None:
            yield _unknown_evaluation(dossier, last, odd_next.cell, odd_next.message)
            continue
        if last.next_date is not None and last.next_date < last.date:
            yield _unknown_evaluation(dossier, last, cell("next_date", last.row),
                                      "de Volgende datum ligt voor de rondetafel")
            continue
        warn = EVALUATION_WARN_DAYS
        norm = EVALUATION_NORM
        if last.next_date is not None:
            due = last.next_date
            if flow is not None and flow.evaluation is not None:
                warn = flow.evaluation.warn_days
        elif flow is not None and flow.evaluation is not None:
            due = base_due_in(last.date, months=flow.evaluation.months, days=flow.evaluation.days)
            warn, norm = flow.evaluation.warn_days, flow.evaluation.norm
        else:
            continue  # no Volgende datum and no default interval: nothing to hold it to
        if soon is not None:
            warn = soon
        late = (today - due).days
        status = Status.OVERDUE if late > 0 else Status.DUE_SOON if -late <= warn else Status.OPEN
        paused_since = None
        if status is not Status.OPEN:
            paused_since = _running_pause(caseload, dossier, today)
            if paused_since is not None:
                status = Status.PAUSED
        yield FollowUp(
            kind=EVALUATION, dossier=dossier, row=last.row, cell=cell("next_date", last.row),
            start=last.date, due=due, status=status, days_overdue=late, norm=norm,
            severity=WARNING if last.next_date is None else ERROR, paused_since=paused_since,
        )


def _unknown_evaluation(dossier: Dossier, table: RoundTable, cell: str, reason: str) -> FollowUp:
    return FollowUp(kind=EVALUATION, dossier=dossier, row=table.row, cell=cell, start=table.date,
                    due=None, status=Status.UNKNOWN, days_overdue=0, norm=EVALUATION_NORM,
                    severity=ERROR, reason=reason)


# The words a plan or report uses for an agreement's stand, in the languages eenplan ships
# templates in; the Dutch is the key. Any other language reads the Dutch (as its template does).
_STAND_WORDS = {
    "klaar": {"fr": "fait", "en": "done"},
    "lopend": {"fr": "en cours", "en": "in progress"},
    "open": {"fr": "à faire", "en": "to do"},
    "niet te beoordelen": {"fr": "impossible à dire", "en": "cannot tell"},
    "te laat (sinds {})": {"fr": "en retard (depuis le {})", "en": "late (since {})"},
    "binnenkort (tegen {})": {"fr": "bientôt (pour le {})", "en": "soon (by {})"},
    "opnieuw afgesproken, tegen {}": {"fr": "convenu à nouveau, pour le {}", "en": "agreed again, by {}"},
    "opnieuw afgesproken": {"fr": "convenu à nouveau", "en": "agreed again"},
}


def status_words(agreement: Agreement, status: Status, *, today: datetime.date) -> str:
    """An agreement's status as the report and the plan say it: "klaar", "te laat (sinds
    01/11/2026)", "lopend", "open"; in French or English while a document in that language is
    made (``dutch.language``). A Status a team typed outside the list stays as typed."""
    if status is Status.ON_TIME:
        return _words("klaar")
    if status is Status.UNKNOWN:
        return _words("niet te beoordelen")
    if status is Status.OVERDUE and agreement.due is not None:
        return _words("te laat (sinds {})", short_date(agreement.due))
    if status is Status.DUE_SOON and agreement.due is not None:
        return _words("binnenkort (tegen {})", short_date(agreement.due))
    typed = agreement.status or "open"
    return _words(typed) if typed in _STAND_WORDS else typed


def _words(dutch: str, *values: str) -> str:
    said = _STAND_WORDS.get(dutch, {}).get(current_language(), dutch)
    return said.format(*values)


def agreed_again_words(earlier: Agreement, newer: Agreement, *, on: datetime.date) -> str | None:
    """How a report says where an earlier agreement stands when its round-table took it up again
    (``newer``) with another Tegen wanneer and it is still open, not late on ``on``: "opnieuw
    afgesproken, tegen 15/01/2027" (without a date: "opnieuw afgesproken"), in the document's
    language. None when the newer version's own stand says it: "klaar", "te laat (sinds ...)",
    or the same date as before."""
    status = agreement_status(newer, today=on)[0]
    if status in (Status.ON_TIME, Status.OVERDUE, Status.UNKNOWN) or newer.due == earlier.due:
        return None
    if newer.due is None:
        return _words("opnieuw afgesproken")
    return _words("opnieuw afgesproken, tegen {}", short_date(newer.due))
