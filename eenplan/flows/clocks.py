"""What the clocks need from the workbook: the columns every norm counts from, and the pauses
that can be counted. Pure: the caseload and the flows in, sentences and cells out.

The overdue list, the digest, the watcher and the figures ask this first: a column a clock
needs that is missing makes the answer one that eenplan cannot stand behind (no list, no
figures, one sentence that says which column); a pause that cannot be counted makes its
dossier one that cannot be judged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from eenplan.dutch import short_date
from eenplan.flows.model import Flow
from eenplan.sheets.records import CHILD_ATTRIBUTES, Caseload, dossier_key
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, DOSSIERS_SCHEMA, PAUSES, ROUND_TABLES

# The sheets the overdue list is made from (with Lijsten): it has no use for Netwerk, the
# largest, so `eenplan overdue` does not read it.
SHEETS_USED = frozenset({DOSSIERS, PAUSES, ROUND_TABLES, AGREEMENTS})


def norm_fields(flows: Mapping[str, Flow]) -> tuple[str, ...]:
    """The Dossier fields the norms count from or are done on, from the flows themselves."""
    fields = {field: None for flow in flows.values() for step in flow.steps
              for field in (step.start, step.milestone)}
    return tuple(c.field for c in DOSSIERS_SCHEMA.columns if c.field in fields)


# The columns of the other sheets that move a clock or add one: a pause stops every norm, an
# agreement is due on its Tegen wanneer unless its Status says it is done, a round-table's
# Volgende datum is when it is evaluated. Without one of them the list would leave things out.
CLOCK_FIELDS: Mapping[str, tuple[str, ...]] = {
    PAUSES: ("dossier", "start", "end"),
    ROUND_TABLES: ("dossier", "date", "next_date"),
    AGREEMENTS: ("dossier", "due", "status"),
}


def norm_gaps(caseload: Caseload, flows: Mapping[str, Flow], *,
              cannot: str = "niet zeggen wat te laat is",
              sheets: Collection[str] = SHEETS_USED) -> tuple[str, ...]:
    """One sentence for each column a norm needs that the workbook lacks (after the team's
    header names in eenplan.toml); none when every norm can be read.

    On Dossiers: the Dossier number, the Traject and every date a norm counts from or is done on. On the other
    ``sheets`` (those the job reads): the columns of CLOCK_FIELDS, when the team keeps the sheet,
    that is when it has rows, or when a sheet with nearly its name was found instead ("Pauze").
    A team that keeps no agreements has nothing to leave out; one whose "Tegen wanneer" header
    is misspelt would see every agreement vanish from the list.
    """
    return tuple(gap.sentence(cannot) for gap in caseload.gaps(clock_needs(caseload, flows, sheets)))


def clock_needs(caseload: Caseload, flows: Mapping[str, Flow],
                sheets: Collection[str] = SHEETS_USED) -> dict[str, tuple[str, ...]]:
    """The fields of each sheet the clocks need (``norm_gaps``), for ``Caseload.gaps``."""
    # without the Dossier column every dossier's pauses, round-tables and agreements are lost
    needs: dict[str, tuple[str, ...]] = {DOSSIERS: ("id", "flow", *norm_fields(flows))}
    for sheet, fields in CLOCK_FIELDS.items():
        if sheet in sheets and _kept(caseload, sheet):
            needs[sheet] = fields
    return needs


def _kept(caseload: Caseload, sheet: str) -> bool:
    """Whether the team keeps this sheet: it has rows, or it is missing and a sheet with nearly
    its name is there, or it is there and could not be read (damaged, or rows without a header)."""
    layout = caseload.layouts.get(sheet)
    if layout is not None and (layout.damaged or layout.headerless):
        return True  # rows were there, or may be: what they hold is not known
    if layout is None or not layout.present:
        return bool(layout and layout.near_title)
    return bool(getattr(caseload, CHILD_ATTRIBUTES[sheet]))


def pauses_not_kept(caseload: Caseload) -> str:
    """A sentence when the workbook has no Pauzes sheet at all (none by another name close to
    it, which is a gap of its own): no pause stops a clock, so a paused family reads as late;
    "" when the sheet is there (empty or not)."""
    layout = caseload.layouts.get(PAUSES)
    if (layout is None or layout.present or layout.blank or layout.damaged or layout.headerless
            or layout.near_title or PAUSES in caseload.unread):
        return ""
    return (f"Er is geen blad {PAUSES}, dus eenplan telt geen pauzes: een gepauzeerd gezin staat hier "
            f"als te laat. Heet het blad bij jullie anders, zet dan de naam bij [bladen] in "
            "eenplan.toml.")


def odd_pauses_of(caseload: Caseload) -> dict[str, tuple[str, str]]:
    """dossier_key -> the cell and the reason of its first pause (in the sheet's order) that
    cannot be counted: a start or end that cannot be read (the start's first), no start at all,
    or an end before the start (which pause was meant?). Looked up once, not a dossier at a
    time."""
    unreadable = caseload.unreadable
    layout = caseload.layouts.get(PAUSES)
    found: dict[str, tuple[str, str]] = {}
    for pause in caseload.pauses:
        key = dossier_key(pause.dossier)
        if key in found:
            continue
        for field in ("start", "end") if unreadable else ():
            finding = unreadable.get((PAUSES, pause.row, field))
            if finding is not None:
                found[key] = (finding.cell, finding.message)
                break
        else:
            if pause.start is None and pause.dossier:  # when did the clock stop?
                found[key] = (layout.cell("start", pause.row) if layout else "",
                              "de pauze heeft geen Van, dus eenplan weet niet vanaf wanneer de "
                              "klok stilstaat: vul de eerste dag van de pauze in.")
            elif pause.start is not None and pause.end is not None and pause.end < pause.start:
                found[key] = (layout.cell("end", pause.row) if layout else "",
                              f"de pauze eindigt ({short_date(pause.end)}) voor ze begint "
                              f"({short_date(pause.start)}): verbeter Van of Tot.")
    return found
