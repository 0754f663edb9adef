"""Typed records: what the reader makes of the workbook, and all the rest works on.

A field is None (or "" for text) when its cell is empty or could not be read; the reader
reports why as a finding. Each record knows its Excel row, so a rule can point at the cell.
The fields follow the column order of ``schema.py`` (a test holds them together).

Records are read-only by agreement, not frozen: a frozen dataclass takes six times longer to
build, and the reader builds one for every row of a 50,000-dossier workbook. They hash and
compare by value; make a changed copy with ``dataclasses.replace``.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from eenplan.dutch import and_list
from eenplan.filenames import same_name, same_names
from eenplan.sheets import codes
from eenplan.sheets.cells import normal_text
from eenplan.sheets.findings import Finding, in_team_titles
from eenplan.sheets.names import Form, address
from eenplan.sheets.schema import (
    AGREEMENTS,
    DOSSIERS,
    NETWORK,
    PAUSES,
    ROUND_TABLES,
    SCHEMAS,
    column_letter,
)

# The sheets whose rows belong to a dossier, and the Caseload attribute that holds them.
CHILD_ATTRIBUTES: Mapping[str, str] = MappingProxyType({
    NETWORK: "network", PAUSES: "pauses", ROUND_TABLES: "round_tables", AGREEMENTS: "agreements",
})

@dataclass(slots=True, unsafe_hash=True)
class Dossier:
    row: int
    id: str
    family: str
    flow: str
    municipality: str
    referrer: str
    question: str
    begeleider: str
    registered_on: datetime.date | None
    perspective_on: datetime.date | None
    plan_on: datetime.date | None
    closed_on: datetime.date | None
    closure_reason: str
    sessions: int | None
    address: str
    email: str
    strengths: str
    worries: str
    wishes: str
    remarks: str
    language: str = ""  # Taal: the language the family reads its letters in ("": Dutch)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(slots=True, unsafe_hash=True)
class NetworkMember:
    row: int
    dossier: str
    name: str
    role: str
    relation: str
    organisation: str
    email: str
    phone: str
    address: str
    invite: bool | None
    by_mail: bool | None = None  # Per e-mail: the person agreed to get the invitation by e-mail
    language: str = ""  # Taal: the language this person reads ("": the family's)


@dataclass(slots=True, unsafe_hash=True)
class Pause:
    row: int
    dossier: str
    start: datetime.date | None
    end: datetime.date | None
    reason: str


@dataclass(slots=True, unsafe_hash=True)
class RoundTable:
    row: int
    dossier: str
    date: datetime.date | None
    time: datetime.time | None
    location: str
    kind: str
    present: str
    notes: str
    next_date: datetime.date | None
    invitees: str = ""  # names, comma-separated: who is invited to this one ("": Netwerk.Uitnodigen)


def after_closure(dossier: Dossier, table: RoundTable, *, today: datetime.date) -> bool:
    """A round-table still to come (from ``today`` on) after its dossier's Datum afsluiting: it
    does not go on (check's round-table-after-closure; the team's agenda has it cancelled)."""
    return (table.date is not None and dossier.closed_on is not None and table.date >= today
            and table.date > dossier.closed_on)


@dataclass(slots=True, unsafe_hash=True)
class Agreement:
    row: int
    dossier: str
    round_table: datetime.date | None
    domain: str
    goal: str
    action: str
    who: str
    support: str
    due: datetime.date | None
    status: str


@dataclass(slots=True, unsafe_hash=True)
class StaffContact:
    """A begeleider's own phone and e-mail: the columns beside Begeleiders on Lijsten."""

    row: int
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's columns are: field -> 0-based column index, and the headers as written."""

    name: str
    header_row: int  # Excel row number of the header row; 0 when the sheet is missing
    columns: Mapping[str, int]
    headers: Mapping[str, str]  # field -> the header as the team wrote it
    # field -> the header eenplan looked for (the team's name for it) and did not find
    missing: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # field -> a header found that is probably it, misspelt ("Datum aanmeldng")
    near: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # field -> eenplan's header, for a missing column whose header the team named in
    # [kolommen.SHEET] (``missing`` holds that name): the line in eenplan.toml is what to mend
    mapped: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # a missing sheet: the name of a sheet found that is probably it ("Netwerk 2026")
    near_title: str = ""
    # the sheet is there but holds nothing (``blank``), or rows without a header eenplan knows
    blank: bool = False
    headerless: bool = False
    damaged: bool = False  # the sheet is there but could not be parsed: its rows are unknown

    @property
    def present(self) -> bool:
        return self.header_row > 0

    def cell(self, field: str, row: int) -> str:
        """The address of ``field``'s cell on ``row``, or "" when the column is missing."""
        index = self.columns.get(field)
        return f"{column_letter(index)}{row}" if index is not None else ""

    def header(self, field: str, default: str) -> str:
        return self.headers.get(field, default)


# What to look at when Dossiers holds no dossier: an empty workbook, or another than the team's
# (check, overdue, the digest, the watcher and stats say it, never "nothing late")
WHICH_WORKBOOK = ("kijk of eenplan de werkmap van het team leest (team.werkmap in eenplan.toml, of "
                  "--workbook)")


EMPTY = "leeg"
HEADERLESS = "zonder kopregel"
DAMAGED = "beschadigd"


@dataclass(frozen=True)
class Gap:
    """A sheet, or a column of a sheet, that a job needs and the workbook lacks."""

    sheet: str  # eenplan's name for the sheet
    header: str  # the header eenplan looked for (the team's name for it); "" for the whole sheet
    near: str = ""  # a header, or a sheet name, found that is probably it
    why: str = ""  # a whole sheet that is there all the same: EMPTY or HEADERLESS
    ours: str = ""  # eenplan's own header of the column ([kolommen.BLAD]'s key); "": ``header``

    @property
    def setting(self) -> str:
        """The line under [kolommen.BLAD] in eenplan.toml that reads the column from the header
        found (``near``), else from the team's header, to be filled in."""
        return alias_line(self.ours or self.header, self.near or "de kop van jullie kolom")
    mapped: str = ""  # eenplan's header, when ``header`` is the team's name for it in eenplan.toml
    title: str = ""  # the sheet's name in the workbook, where [bladen] gives it another

    def sentence(self, cannot: str) -> str:
        """One Dutch sentence: what is missing, what was found instead, what to do. ``cannot``
        ends "dus eenplan kan ...": "de uitnodigingen niet maken"."""
        return in_team_titles(self._sentence(cannot), {self.sheet: self.title or self.sheet})

    def _sentence(self, cannot: str) -> str:
        if self.why == EMPTY:
            return (f"Het blad {self.sheet} is helemaal leeg, zelfs zonder kopregel, dus eenplan "
                    f"kan {cannot}: zet de koppen en de rijen terug, of {WHICH_WORKBOOK}.")
        if self.why == DAMAGED:
            return (f"Het blad {self.sheet} is beschadigd en kan niet gelezen worden, dus eenplan "
                    f"kan {cannot}: open de werkmap in Excel en bewaar ze opnieuw, of neem een "
                    "vorige versie.")
        if self.why == HEADERLESS:
            return (f"Op het blad {self.sheet} staan rijen maar geen kopregel die eenplan kent, "
                    f"dus eenplan kan {cannot}: zet de koppen terug in de rij boven de gegevens.")
        # the line for eenplan.toml first: a sheet or a header renamed in the workbook breaks
        # the team's own formulas that name it
        if not self.header:
            if self.near:
                return (f'Het blad {self.sheet} ontbreekt in de werkmap (wel gevonden: het blad '
                        f'"{self.near}"), dus eenplan kan {cannot}: is "{self.near}" dat blad, zet '
                        f"dan in eenplan.toml bij [bladen]: {alias_line(self.sheet, self.near)}, of "
                        f"geef het blad de naam {self.sheet}.")
            return (f"Het blad {self.sheet} ontbreekt in de werkmap, dus eenplan kan {cannot}: "
                    "heet het bij jullie anders, zet dan in eenplan.toml bij [bladen] de regel "
                    f"{alias_line(self.sheet, 'de naam van jullie blad')}; anders voeg een blad "
                    f"{self.sheet} toe.")
        if self.mapped:
            return mapped_column_sentence(self.sheet, self.mapped, self.header, self.near,
                                          f"dus eenplan kan {cannot}")
        if self.near:
            return (f'De kolom {self.header} ontbreekt op het blad {self.sheet} (wel gevonden: '
                    f'"{self.near}"; bedoel je die?), dus eenplan kan {cannot}: zet in eenplan.toml '
                    f"bij [kolommen.{self.sheet}] de regel {self.setting}, of geef de kolom in de "
                    f"werkmap de kop {self.header}.")
        return (f"De kolom {self.header} ontbreekt op het blad {self.sheet}, dus eenplan kan "
                f"{cannot}: heet ze bij jullie anders, zet dan in eenplan.toml bij "
                f"[kolommen.{self.sheet}] de regel {self.setting}; anders voeg de kolom toe met de "
                f"kop {self.header}.")


# What each of eenplan's sheets holds, as a sentence names it ("lijkt dossiers te bevatten")
HOLDS: Mapping[str, str] = MappingProxyType({
    DOSSIERS: "dossiers", NETWORK: "netwerkleden", PAUSES: "pauzes", ROUND_TABLES: "rondetafels",
    AGREEMENTS: "afspraken",
})


@dataclass(frozen=True)
class LookAlike:
    """A sheet eenplan does not read whose header row is that of a sheet it reads: last year's
    "Dossiers 2025", an Excel copy "Netwerk (2)". What stands on it is in no answer, so every
    answer says so (a gap beside the sheets read, as ``Gap`` is one inside them)."""

    sheet: str  # eenplan's name of the sheet it looks like
    title: str  # its own name in the workbook
    row: int  # its header row (Excel's number)
    hidden: bool = False  # hidden in Excel: the team does not see it among the sheet tabs

    def finding(self) -> Finding:
        """`check`'s one finding for the sheet, naming eenplan's sheet by eenplan's name (the
        check says it by the team's, as all its findings: ``in_team_titles``)."""
        ours = self.sheet
        holds = HOLDS[self.sheet]
        hidden = (" (het is verborgen: rechtsklik in Excel op een bladtab en kies Zichtbaar maken)"
                  if self.hidden else "")
        return Finding(
            self.title, self.row, "", "", self.title, codes.UNREAD_SHEET,
            f'Het blad "{self.title}"{hidden} heeft de kopregel van het blad {ours} en lijkt {holds} '
            f"te bevatten, maar eenplan leest alleen het blad {ours}, dus wat erop staat, telt "
            f"nergens mee: zet die {holds} op het blad {ours}, of verplaats het blad naar een andere "
            "werkmap (of verwijder het) als het een oude kopie of een archief is.",
        )


def look_alikes_sentence(found: Sequence[LookAlike], titles: Mapping[str, str], *,
                         where: str = "hier", so: str = "") -> str:
    """One sentence for the sheets eenplan did not read that look like one it read: that what
    stands on them counts nowhere ``where`` (an answer), or ``so`` ("wie erop staat, krijgt geen
    uitnodiging"), and what to do; "" for none. ``titles``: eenplan's sheet name -> the team's."""
    if not found:
        return ""
    ours = list(dict.fromkeys(titles.get(f.sheet, f.sheet) for f in found))
    if len(found) == 1:
        one = found[0]
        holds = HOLDS[one.sheet]
        so = so or f"de {holds} erop tellen {where} niet mee"
        return (f'Het blad "{one.title}" lijkt op het blad {ours[0]}, maar eenplan las het niet, dus '
                f"{so}: zet ze op het blad {ours[0]}, of verplaats het blad naar een andere werkmap "
                "als het een oude kopie of een archief is.")
    named = and_list([f'"{f.title}"' for f in found])
    like = f"het blad {ours[0]}" if len(ours) == 1 else f"de bladen {and_list(ours)}"
    put = f"het blad {ours[0]}" if len(ours) == 1 else "het blad waarop het lijkt"
    so = so or f"wat erop staat, telt {where} niet mee"
    return (f"De bladen {named} lijken op {like}, maar eenplan las ze niet, dus {so}: zet het op "
            f"{put}, of verplaats die bladen naar een andere werkmap als het oude kopieën of een "
            "archief zijn.")


def alias_line(ours: str, theirs: str) -> str:
    """The line of eenplan.toml under [kolommen.BLAD] that reads eenplan's column ``ours`` from
    the team's header ``theirs``, as the settings take it: Krachten = "Sterktes" (a header with
    a space quoted: "Datum aanmelding" = "Aangemeld op")."""
    bare = bool(ours) and all(c.isascii() and (c.isalnum() or c in "-_") for c in ours)
    key = ours if bare else json.dumps(ours, ensure_ascii=False)
    return f"{key} = {json.dumps(theirs, ensure_ascii=False)}"


def gaps_sentences(gaps: Sequence[Gap], cannot: str) -> str:
    """The sentences for ``gaps``: one per sheet that lacks columns (all of them named, with
    the line of eenplan.toml for the first one found under another name), one per whole sheet."""
    said: list[str] = []
    columns: dict[str, list[Gap]] = {}
    for gap in gaps:
        if gap.header and not gap.why and not gap.mapped:  # a mapped one: its own sentence
            columns.setdefault(gap.sheet, []).append(gap)
        else:
            said.append(gap.sentence(cannot))
    for sheet, lacking in columns.items():
        if len(lacking) == 1:
            said.append(lacking[0].sentence(cannot))
            continue
        found = [g for g in lacking if g.near]
        seen = (" (wel gevonden: " + "; ".join(f'"{g.near}", is dat {g.header}?' for g in found) + ")"
                if found else "")
        example = (found or lacking)[0]
        said.append(f"Op het blad {example.title or sheet} ontbreken de kolommen "
                    f"{and_list([g.header for g in lacking])}"
                    f"{seen}, dus eenplan kan {cannot}: voeg ze toe (ze mogen leeg zijn), of heten ze "
                    f"bij jullie anders, zet dan in eenplan.toml bij [kolommen.{sheet}] voor elk een "
                    f"regel zoals {example.setting}.")
    return " ".join(said)


def _own_header(sheet: str, name: str) -> str:
    """eenplan's own header of a field (on Lijsten the field is the header)."""
    schema = SCHEMAS.get(sheet)
    try:
        return schema.column(name).header if schema is not None else name
    except KeyError:
        return name


def mapped_column_sentence(sheet: str, ours: str, theirs: str, near: str, cannot: str = "") -> str:
    """A header that eenplan.toml names for eenplan's column ``ours`` ([kolommen.SHEET]) and the
    sheet lacks: the line in eenplan.toml is what to mend, not the team's header. ``near``: a
    header on the sheet that is probably the one meant; ``cannot``: ", dus eenplan kan ..."."""
    found = f' (wel "{near}")' if near else ""
    so = f", {cannot}" if cannot else ""
    if normal_text(near) == normal_text(ours):  # the sheet has eenplan's own header
        mend = f"haal de regel {alias_line(ours, theirs)} weg uit eenplan.toml"
    elif near:
        mend = f"verbeter de regel in eenplan.toml: {alias_line(ours, near)}"
    else:
        mend = "verbeter de regel in eenplan.toml, of voeg de kolom toe met die kop"
    return (f'In eenplan.toml wijst [kolommen.{sheet}] "{ours}" naar de kop "{theirs}", maar die '
            f"staat niet op het blad {sheet}{found}{so}: {mend}.")


def columns_read_as_empty(sheet: str, row: int, headers: Sequence[str]) -> Finding:
    """The warning for optional columns a sheet lacks (the team's names for them): read as
    empty, to be added if the team wants to use them."""
    one = len(headers) == 1
    return Finding(
        sheet, row, and_list(list(headers)), "", "", codes.MISSING_OPTIONAL_COLUMN,
        f"{and_list(list(headers))} {'ontbreekt' if one else 'ontbreken'} op het blad {sheet}; "
        f"eenplan leest {'die kolom' if one else 'ze'} als leeg. Voeg {'ze' if one else 'de kolommen'} "
        "toe als het team ze wil gebruiken.")


@dataclass(frozen=True)
class Caseload:
    """The workbook as records, read once: every sheet, or those the job it was read for uses."""

    workbook: str
    dossiers: tuple[Dossier, ...] = ()
    network: tuple[NetworkMember, ...] = ()
    pauses: tuple[Pause, ...] = ()
    round_tables: tuple[RoundTable, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    # Lijsten: list name -> its values as written
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Lijsten: each begeleider's phone and e-mail, when the team keeps them there
    staff: tuple[StaffContact, ...] = ()
    layouts: Mapping[str, SheetLayout] = field(default_factory=lambda: MappingProxyType({}))
    # eenplan's sheet name -> the sheet's name in the team's workbook
    sheet_titles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # what the reader found while turning cells into values
    findings: tuple[Finding, ...] = ()
    # the cells that hold something eenplan could not use (a date that cannot be read, an
    # impossible date, a formula without a computed value, a formula error), their field None
    # or "": (eenplan's sheet name, Excel row, field) -> the finding that says why
    unreadable: Mapping[tuple[str, int, str], Finding] = field(
        default_factory=lambda: MappingProxyType({}))
    # eenplan's names of the sheets not read, because the job it was read for does not use them:
    # their records are empty whatever the workbook holds (`overdue` leaves Netwerk unread)
    unread: frozenset[str] = frozenset()
    # the sheets the reader did not read whose header row is that of one it read (of those the
    # job it was read for uses): what stands on them is in no answer
    look_alikes: tuple[LookAlike, ...] = ()

    def look_alikes_sentence(self, where: str = "hier", sheets: Collection[str] | None = None,
                             so: str = "") -> str:
        """The sentence an answer says beside its counts while ``look_alikes`` holds a sheet
        (one like a sheet among ``sheets``, eenplan's names, when the answer uses only those);
        ``where`` and ``so`` as ``look_alikes_sentence``'s."""
        found = [f for f in self.look_alikes if sheets is None or f.sheet in sheets]
        return look_alikes_sentence(found, self.sheet_titles, where=where, so=so)

    @cached_property
    def open_dossiers(self) -> int:
        """The rows on Dossiers without a Datum afsluiting: what an empty list was said of."""
        return sum(1 for d in self.dossiers if d.is_open)

    @cached_property
    def by_id(self) -> Mapping[str, Dossier]:
        """Dossiers by number (the first row wins where a number repeats)."""
        named = [d for d in reversed(self.dossiers) if d.id]  # the last first: the first wins
        keys = dossier_keys([d.id for d in named])
        return MappingProxyType(dict(zip(keys, named, strict=True)))

    def dossier(self, number: str) -> Dossier | None:
        return self.by_id.get(dossier_key(number))

    @cached_property
    def repeated_numbers(self) -> frozenset[str]:
        """The dossier_keys on more than one row of Dossiers (a number typed twice, or two numbers
        that would share one folder in out/, "2026/031" and "2026-031"): the rows of the other
        sheets cannot tell which family they are about, nor the files which family they are of."""
        named = sum(1 for d in self.dossiers if d.id)
        if named == len(self.by_id):
            return frozenset()
        counted = Counter(dossier_keys([d.id for d in self.dossiers if d.id]))
        return frozenset(key for key, rows in counted.items() if rows > 1)

    def sharing(self, dossier: Dossier) -> tuple[Dossier, ...]:
        """The other rows of Dossiers with ``dossier``'s number (its dossier_key), in order."""
        if not dossier.id or dossier_key(dossier.id) not in self.repeated_numbers:
            return ()
        key = dossier_key(dossier.id)
        return tuple(d for d in self.dossiers if d is not dossier and d.id and dossier_key(d.id) == key)

    def staff_contact(self, begeleider: str) -> StaffContact | None:
        """The begeleider's row of phone and e-mail on Lijsten (names match as list values do)."""
        key = " ".join(begeleider.split()).casefold()
        for contact in self.staff:
            if " ".join(contact.name.split()).casefold() == key:
                return contact
        return None

    @cached_property
    def _grouped(self) -> dict[str, Mapping[str, list[Any]]]:
        return {}  # filled a sheet at a time: `overdue` never groups Netwerk, the largest

    def _children(self, name: str) -> Mapping[str, list[Any]]:
        """The rows of the sheet held in attribute ``name``, grouped by dossier_key."""
        groups = self._grouped.get(name)
        if groups is None:
            if name in (CHILD_ATTRIBUTES[sheet] for sheet in self.unread):
                raise ValueError(f"the caseload was read without its {name}")
            items: tuple[Any, ...] = getattr(self, name)
            keys = map(dossier_key, map(attrgetter("dossier"), items))
            grouped: dict[str, list[Any]] = defaultdict(list)
            with cycle_collection(enabled=False):
                for key, item in zip(keys, items, strict=True):
                    grouped[key].append(item)
            groups = self._grouped[name] = grouped
        return groups

    def network_of(self, number: str) -> tuple[NetworkMember, ...]:
        return tuple(self._children("network").get(dossier_key(number), ()))

    def pauses_of(self, number: str) -> tuple[Pause, ...]:
        return tuple(self._children("pauses").get(dossier_key(number), ()))

    def round_tables_of(self, number: str) -> tuple[RoundTable, ...]:
        return tuple(self._children("round_tables").get(dossier_key(number), ()))

    def agreements_of(self, number: str) -> tuple[Agreement, ...]:
        return tuple(self._children("agreements").get(dossier_key(number), ()))

    def column_gap(self, sheet: str, field: str) -> Gap | None:
        """The gap of one column a sheet that was read lacks; None when it has it, and for a
        sheet never laid out (a caseload made in code: a workbook without Dossiers is not read)."""
        layout = self.layouts.get(sheet)
        if layout is None or not layout.present or sheet in self.unread:
            return None
        return next(iter(self.gaps({sheet: (field,)})), None)

    def title(self, sheet: str) -> str:
        """A sheet's name as the team's workbook has it ([bladen] in eenplan.toml), so that a
        sentence sends the team to the sheet they know; eenplan's own where it lacks the sheet."""
        return self.sheet_titles.get(sheet, sheet)

    def header(self, sheet: str, field: str) -> str:
        """A column's header as the team's workbook writes it ([kolommen] in eenplan.toml), so
        that a sentence sends the team to the column they know; eenplan's own where it lacks it."""
        own = _own_header(sheet, field)
        layout = self.layouts.get(sheet)
        return layout.header(field, own) if layout is not None else own

    def gaps(self, needs: Mapping[str, Iterable[str]]) -> tuple[Gap, ...]:
        """What the workbook lacks of ``needs`` (eenplan's sheet name -> the fields a job fills
        from): a whole sheet, or its columns, with what was found instead."""
        found = []
        for sheet, fields in needs.items():
            if sheet in self.unread:
                raise ValueError(f"the caseload was read without the sheet {sheet}")
            layout = self.layouts.get(sheet)
            title = self.sheet_titles.get(sheet, "")
            if layout is not None and (layout.blank or layout.headerless or layout.damaged):
                why = DAMAGED if layout.damaged else EMPTY if layout.blank else HEADERLESS
                found.append(Gap(sheet, "", why=why, title=title))
                continue
            if layout is None or not layout.present:
                found.append(Gap(sheet, "", layout.near_title if layout else ""))
                continue
            for name in fields:
                if name not in layout.columns:
                    found.append(Gap(sheet, layout.missing.get(name, name), layout.near.get(name, ""),
                                     ours=_own_header(sheet, name),
                                     mapped=layout.mapped.get(name, ""), title=title))
        return tuple(found)

    def rows_of(self, numbers: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """The Excel row numbers about these dossiers on every sheet, sheet by sheet in the
        workbook's order (an empty tuple where a sheet holds none)."""
        keys = {dossier_key(n) for n in numbers}
        rows = {DOSSIERS: tuple(d.row for d in self.dossiers if d.id and dossier_key(d.id) in keys)}
        for sheet, attribute in CHILD_ATTRIBUTES.items():
            groups = self._children(attribute)
            rows[sheet] = tuple(sorted(item.row for key in keys for item in groups.get(key, ())))
        return rows


@contextlib.contextmanager
def cycle_collection(enabled: bool, *, blind_to_existing: bool = False) -> Iterator[None]:
    """Python's cycle collector on or off for a while (also as a decorator), as it was afterwards.

    Off while many objects are built: records, rows and findings hold no reference cycles, so
    nothing is left for the collector to find; with it running, reading a 50,000-dossier
    workbook takes a third longer.

    ``blind_to_existing``: what exists already is out of the collector's sight for the while
    (``gc.freeze``, undone after), so it only walks what is made meanwhile. For work that makes
    cycles (python-docx) after a caseload was built with the collector off: those objects all
    wait in its youngest generation, and its first passes would walk them all (0.05-0.1 s of a
    save at 10,000 dossiers, and now and then a full collection of half a second).
    """
    was = gc.isenabled()
    if blind_to_existing:
        gc.freeze()
    _collecting(enabled)
    try:
        yield
    finally:
        _collecting(was)
        if blind_to_existing:
            gc.unfreeze()


def _collecting(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()


@lru_cache(maxsize=1 << 16)  # a number is looked up again for every row that names it
def planned_instead(table: RoundTable, round_tables: Sequence[RoundTable]) -> RoundTable | None:
    """The round-table on Rondetafels after ``table`` when none is on ``table``'s Volgende datum:
    the first one after it, on another day (moved, and the Volgende datum kept?); None when a
    row is on that day, or no row comes after ``table``."""
    if table.date is None or table.next_date is None or table.next_date < table.date:
        return None
    later = [t for t in round_tables
             if t.date is not None and t.date > table.date and t.row != table.row]
    if not later or any(t.date == table.next_date for t in later):
        return None
    return min(later, key=lambda t: (t.date, t.row))


def dossier_key(number: str) -> str:
    """Two dossier numbers are one dossier when they would give it one folder in out/ (and one
    print file, one name for its inzage folders): with case and surrounding spaces ignored, and
    what no file name can hold ("2026/031", "2026:031" and "2026-031." are 2026-031)."""
    return same_name(number)


def dossier_keys(numbers: list[str]) -> list[str]:
    """``dossier_key`` of each number, in one pass where they are plain (see ``same_names``)."""
    return same_names(numbers)


def written_alike(number: str, other: str) -> bool:
    """Whether two numbers of one dossier_key are one number typed twice (case and surrounding
    spaces aside), rather than two numbers that only share a folder ("2026/031" and "2026-031")."""
    return number.strip().casefold() == other.strip().casefold()


FAMILY_ROLE = "Gezin"
CHILD_ROLE = "Kind of jongere"
CHILD_WORDS = ("zoon", "dochter", "kind", "jongere", "kinderen")


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_family(member: NetworkMember) -> bool:
    """Whether this network member belongs to the family itself (Rol "Gezin")."""
    return _normal(member.role or "") == _normal(FAMILY_ROLE)


def is_child(member: NetworkMember) -> bool:
    """A child of the family: Rol "Kind of jongere", or Rol "Gezin" with a child's Relatie."""
    relation = _normal(member.relation or "")
    return _normal(member.role or "") == _normal(CHILD_ROLE) or (
        is_family(member) and any(word in relation.split() for word in CHILD_WORDS))


def in_family(member: NetworkMember) -> bool:
    """Whether this network member is the family itself: a family member (Rol "Gezin") or a child
    of the family. The family's letter is theirs ("jullie"); they are no guest, and no network."""
    return is_family(member) or is_child(member)


def given_name(name: str) -> str:
    """The first name in a name typed on Netwerk ("Maria" of "Maria Peeters" and of "PEETERS
    Maria"), or "" where eenplan can tell none ("Van den Broeck", "peeters maria")."""
    called = address(name)
    return called.text if called.form is Form.FIRST_NAME else ""


def first_name_keys(name: str) -> frozenset[str]:
    """What a name typed on Rondetafels.Uitnodigen may be, besides the whole Naam, to match this
    Naam (without case): its first name (``given_name``), and of a name of two words with a first
    name, the other word too where it would be the first name were the name typed the other way
    round: "Maria" of "Peeters Maria" as of "Maria Peeters" (which way round a team typed it,
    eenplan cannot tell without the family's name). Never a particle, an initial or a word in
    capitals ("Van" of "Van Damme", "PEETERS" of "Maria PEETERS")."""
    given = given_name(name)
    if not given:
        return frozenset()
    words = name.split()
    if len(words) == 2 and "," not in name:
        other = words[1] if words[0] == given else words[0]
        if given_name(f"{other} {given}") == other:
            return frozenset({given.casefold(), other.casefold()})
    return frozenset({given.casefold()})


def posted_without_address(member: NetworkMember) -> bool:
    """Whether this guest's letter can only go on paper (Netwerk gives no E-mail) and Netwerk gives
    no Adres to post it to either."""
    return not member.email.strip() and not member.address.strip()


def family_without_address(dossier: Dossier, network: Iterable[NetworkMember]) -> bool:
    """Whether the family's own letter has nowhere to go: no Adres and no E-mail on Dossiers (the
    letter's address block, ``gezin.adres``), and none on the family's own rows on Netwerk (Rol
    Gezin: ``in_family``), to whom the letter is mailed or a team would post it."""
    if dossier.address.strip() or dossier.email.strip():
        return False
    return not any(m.address.strip() or m.email.strip() for m in network if in_family(m))


def invitees_of(table: RoundTable, network: Iterable[NetworkMember]) -> tuple[
        tuple[NetworkMember, ...], tuple[str, ...]]:
    """Who is invited to ``table``, and the names on its Uitnodigen that match no one.

    With Rondetafels.Uitnodigen empty, everyone on Netwerk with Uitnodigen = ja. With names in it
    (comma- or semicolon-separated), those people, whatever Netwerk.Uitnodigen says: a name
    matches a member's full name, or a first name that only one member has (the first name a
    letter greets them by, ``names.address``: "Marie" of "De Smet, Marie", and of a name of two
    words either way round, "Maria" of "Peeters Maria": ``first_name_keys``; a particle, "Van" of
    Van den Broeck, or a word of a name eenplan cannot split, is no first name and matches no one).
    A first name that two members have matches neither: the name is said to match no one.
    """
    members = [m for m in network if m.name.strip()]
    wanted = [w.strip() for w in table.invitees.replace(";", ",").split(",") if w.strip()]
    if not wanted:
        return tuple(m for m in members if m.invite), ()
    chosen: list[NetworkMember] = []
    unknown: list[str] = []
    for name in wanted:
        key = " ".join(name.split()).casefold()
        found = [m for m in members if " ".join(m.name.split()).casefold() == key]
        if not found:
            found = [m for m in members if key in first_name_keys(m.name)]
        if len(found) == 1 or (found and all(f is found[0] for f in found)):
            if found[0] not in chosen:
                chosen.append(found[0])
        else:
            unknown.append(name)
    order = {id(m): i for i, m in enumerate(members)}
    return tuple(sorted(chosen, key=lambda m: order[id(m)])), tuple(unknown)
