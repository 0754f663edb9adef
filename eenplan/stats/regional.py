"""The partnership's exchange file, and the report that adds several teams' files up.

``aggregates`` turns a team's caseload into counts per month and category (no row per family, no
name, no dossier number), with what the team's own report shows: the file a team sends its
partnership. ``combine`` checks that the files count alike (the same version of the definition
and the same norms; each team and period once), adds them up and suppresses small counts only
then, audited with each team's own report beside it (``beside``; rule 3 from ``nesting``), into
the same ``Report`` the team's own statistics are, so the same writers lay it out. Pure: the
caller reads the files.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from eenplan.dutch import and_list, date_without_weekday
from eenplan.flows.deadlines import Status
from eenplan.flows.model import Flow
from eenplan.sheets.cells import normal_text
from eenplan.sheets.records import Caseload
from eenplan.stats.beside import OwnReport
from eenplan.stats.figures import (
    CLOSED_COLUMNS,
    COLUMN_MISSING,
    DAY_BANDS,
    OTHER,
    PERCENTILES,
    REGISTRATION_COLUMNS,
    TOTAL,
    WAITING_COLUMNS,
    Column,
    Report,
    Table,
    Value,
    _groups,
    _registration_parts,
    _share,
    check_period,
    closing_step,
    definition,
    figures,
    grid_table,
    left_out_table,
    month_label,
    months_between,
    quarter_label,
    quarters_of,
    split_gaps,
    split_missing_sentence,
    totals_only_sentence,
    trajectories,
)
from eenplan.stats.nesting import Nesting, Of, closures
from eenplan.stats.region_file import CLOSED, COUNTS, PARTS, CombineError, not_a_region_file, valid
from eenplan.stats.suppression import HIDDEN, THRESHOLD, Ledger, Memory

# the most region files whose teams' own reports are audited, table by table, beside the
# partnership's: the audit is one linear program over every team's hidden counts, and grows with
# their number squared (on this machine, loaded: 2 demo teams ~0.7 s, 4 ~2.5 s, 8 ~15 s, 16 over
# two minutes); beyond it each team's total row alone, and the report says so
MOST_BESIDE = 8
KIND = "eenplan-statistiek-regio"
# 2: what the team's own report shows in every table the partnership adds up, and the reasons of
# the closures before a conversation (format 1 said only its total row)
FORMAT = 2
DIMENSIONS = {
    "gemeente": ("per_gemeente", "Aanmeldingen per gemeente", "Gemeente"),
    "aanmelder": ("per_aanmelder", "Aanmeldingen per aanmelder", "Aanmelder"),
    "hulpvraag": ("per_hulpvraag", "Aanmeldingen per hulpvraag (levensdomein)", "Hulpvraag"),
    "traject": ("per_traject", "Aanmeldingen per traject", "Traject"),
}


def aggregates(
    caseload: Caseload,
    flows: Mapping[str, Flow],
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    team: str,
    threshold: int = THRESHOLD,
    memory: Memory | None = None,
) -> dict[str, Any]:
    """A team's counts per month of aanmelding (and per category), and its closures per month,
    with the definition they follow. Small counts are in it: they are suppressed after adding up.

    It also says what the team's own report for the steering group over the same period publishes
    (``threshold``, ``memory``: as that report is made), in every table the partnership's report
    adds up: a reader holds both reports, so the partnership's report is suppressed with the
    team's beside it (see ``combine``); and the reasons of those closed before a conversation, as
    that report counts them (their total is one of those counts)."""
    check_period(start, end, today)  # as asked: a --van after today is said so, not as after --tot
    end = min(end, today)
    everything, left_out = trajectories(caseload, flows, today=today, start=start, end=end)
    registered = [t for t in everything if start <= t.registered_on <= end]
    by_month: dict[str, list] = defaultdict(list)
    for t in registered:
        by_month[t.registered_on.isoformat()[:7]].append(t)

    def counts(group: Sequence) -> dict[str, int]:
        parts = _registration_parts(group)
        return {"aanmeldingen": len(group), **{k: len(parts[k]) for k in PARTS}}

    months = []
    for month in months_between(start, end):
        key = month.isoformat()[:7]
        group = by_month.get(key, [])
        talked = [t for t in group if t.first in (Status.ON_TIME, Status.LATE) and t.first_done]
        days = Counter((t.first_done - t.registered_on).days for t in talked)
        net = Counter(max((t.first_done - t.registered_on).days - t.paused_days, 0) for t in talked)
        months.append(
            {
                "maand": key,
                **counts(group),
                "dagen": {str(d): n for d, n in sorted(days.items())},
                "dagen_zonder_pauzes": {str(d): n for d, n in sorted(net.items())},
            }
        )
    keys: dict[str, Callable] = {
        "gemeente": lambda t: t.municipality,
        "aanmelder": lambda t: t.referrer,
        "hulpvraag": lambda t: t.question,
        "traject": lambda t: t.flow.title,
    }
    # a split whose column the workbook lacks: "not filled in" would be untrue, and the file says it
    missing = split_gaps(caseload)
    lacking = sorted(name for name, (table_key, _, _) in DIMENSIONS.items() if table_key in missing)
    for name in lacking:
        keys[name] = lambda t: COLUMN_MISSING
    per: dict[str, list] = {}
    for name, key_of in keys.items():
        rows: dict[tuple[str, str], list] = defaultdict(list)
        for t in registered:
            rows[(t.registered_on.isoformat()[:7], key_of(t))].append(t)
        per[name] = [{"maand": m, "waarde": v, **counts(g)} for (m, v), g in sorted(rows.items())]
    closed: dict[tuple[str, str], list] = defaultdict(list)
    for t in everything:
        if t.closed_on is not None and start <= t.closed_on <= end:
            closed[(t.closed_on.isoformat()[:7], t.flow.title)].append(t)
    closures = []
    for (closed_month, title), group in sorted(closed.items()):
        later = [t for t in group if t.first is not Status.SKIPPED]
        judged = [t for t in later if t.closure is not None]
        has_norm = closing_step(group[0].flow) is not None  # else "–", as in a team's report
        closures.append(
            {
                "maand": closed_month,
                "traject": title,
                "afgesloten": len(group),
                "zonder_gesprek": len(group) - len(later),
                "met_gesprek": len(later),
                "binnen_duurnorm": sum(t.closure is Status.ON_TIME for t in judged) if has_norm else None,
                "langer": sum(t.closure is not Status.ON_TIME for t in judged) if has_norm else None,
                "met_gezinsplan": sum(t.plan_on is not None for t in group),
            }
        )
    early = [t for t in everything if t.closed_on is not None and start <= t.closed_on <= end
             and t.first is Status.SKIPPED]
    reasons = [{"waarde": label, "trajecten": len(group)}
               for label, group in _groups(early, lambda t: t.reason, threshold)]
    flows_used = {t.flow.name: t.flow for t in everything}
    return {
        "soort": KIND,
        "formaat": FORMAT,
        "team": team,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": today.isoformat(),
        "definitie": definition(list(flows_used.values()), THRESHOLD),
        # the Dossiers rows that could not be counted: the partnership's report says so too
        "niet_meegeteld": left_out,
        # the Dossiers rows looked at: none at all is an empty workbook, not a quiet year
        "dossierrijen": len(everything) + left_out,
        # the splits (gemeente, aanmelder, hulpvraag) whose column the workbook lacked
        "kolom_ontbreekt": lacking,
        "maanden": months,
        "per": per,
        "afgesloten": closures,
        "redenen": reasons,
        "gepubliceerd": published(caseload, flows, start=start, end=end, today=today,
                                  threshold=threshold, memory=memory),
    }


def published(caseload: Caseload, flows: Mapping[str, Flow], *, start: datetime.date,
              end: datetime.date, today: datetime.date, threshold: int = THRESHOLD,
              memory: Memory | None = None) -> dict[str, Any]:
    """What the team's own report for the steering group over this period shows, in each table
    the partnership's report adds up too (its months and their total, its quarters by their first
    month, its rows per split, the days to the first conversation, the closed trajectories) and in
    the reasons and the rows left out: each count as published (a number, "<5", "x"), and the
    shares that bound a hidden count ("≥ 87 %")."""
    report = figures(caseload, flows, start=start, end=end, today=today, threshold=threshold,
                     memory=memory)
    counted_to = min(end, today)
    months = months_between(start, counted_to)
    registrations = (*COUNTS, "pct_binnen_norm")

    def said(row: Mapping[str, Value], keys: Sequence[str]) -> dict[str, Value]:
        return {k: row[k] for k in keys}

    def rows(key: str) -> list[dict[str, Value]]:  # every row but the total, as column -> value
        table = report.table(key)
        return [dict(zip((c.key for c in table.columns), values, strict=True)) for values in table.rows[:-1]]

    by_month, by_quarter = report.table("per_maand"), report.table("per_kwartaal")
    closed = report.table("afgesloten")
    return {
        "drempel": threshold,
        "totaal": said(by_month.row(TOTAL), registrations),
        "maanden": {m.isoformat()[:7]: said(by_month.row(month_label(m, start=start, end=counted_to)),
                                            registrations) for m in months},
        "kwartalen": {its[0].isoformat()[:7]: said(by_quarter.row(quarter_label(
                          first, its, start=start, end=counted_to)), registrations)
                      for first, its in quarters_of(months)},
        "per": {name: {str(row["label"]): said(row, registrations) for row in rows(table_key)}
                for name, (table_key, _, _) in DIMENSIONS.items()},
        "dagen": report.table("verdeling_dagen").column("gezinnen"),  # by band, then their total
        "afgesloten": {str(row[0]): said(closed.row(str(row[0])), (*CLOSED, "pct_binnen_duurnorm"))
                       for row in closed.rows},
        "redenen": {str(row["label"]): row["trajecten"] for row in rows("redenen")},
        "niet_meegeteld": report.table("niet_meegeteld").rows[0][1],
    }


def check(files: Sequence[tuple[str, Any]], *, today: datetime.date) -> list[Mapping[str, Any]]:
    """The files, if they add up; else one CombineError sentence that names the file(s)."""
    if not files:
        raise CombineError(
            "Geef minstens één regiobestand: maak het per team met `eenplan stats --voor-regio`."
        )
    found: list[tuple[str, Mapping[str, Any]]] = []
    for name, data in files:
        if not isinstance(data, Mapping) or data.get("soort") != KIND:
            raise not_a_region_file(name)
        if data.get("formaat") != FORMAT:
            raise CombineError(
                f"{name} heeft formaat {data.get('formaat')}, deze eenplan leest formaat "
                f"{FORMAT}: maak het opnieuw met dezelfde versie van eenplan."
            )
        valid(name, data, today=today)  # every count whole, in its period, and adding up
        found.append((name, data))
    first_name, first = found[0]
    for name, data in found[1:]:
        mine, theirs = first["definitie"], data["definitie"]
        if mine.get("versie") != theirs.get("versie"):
            raise CombineError(
                f"{first_name} telt volgens definitie {mine.get('versie')}, {name} volgens "
                f"{theirs.get('versie')}: maak beide met dezelfde versie van eenplan."
            )
        for flow in sorted(set(mine["normen"]) & set(theirs["normen"])):
            a, b = mine["normen"][flow], theirs["normen"][flow]
            if a != b:
                raise CombineError(
                    f"{first_name} en {name} tellen {a['titel']} anders (eerste gesprek "
                    f"{a['eerste_gesprek']['norm']} tegenover {b['eerste_gesprek']['norm']}): hun cijfers "
                    "zijn niet samen te tellen; spreek in het samenwerkingsverband één norm af."
                )
    _each_team_once(found)
    _one_stand(found)
    return [data for _, data in found]


def stand(data: Mapping[str, Any]) -> datetime.date:
    """The day a region file counted on (its --as-of): whether a family still waits or had its
    conversation within the norm is as on that day."""
    return datetime.date.fromisoformat(data["as_of"])


def _one_stand(found: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Every file counted on the same day: a team counted a month later has had a month more of
    conversations, and its families that still wait would be added to another's that no longer do."""
    for name, data in found:
        if not isinstance(data.get("as_of"), str):
            raise not_a_region_file(name)
    teams: dict[datetime.date, list[str]] = defaultdict(list)
    for _, data in found:
        teams[stand(data)].append(_team_name(data))
    if len(teams) > 1:
        each = [f"{and_list(sorted(set(names), key=str.casefold))} op {date_without_weekday(day)}"
                for day, names in sorted(teams.items())]
        raise CombineError(
            f"De regiobestanden tellen niet op dezelfde dag ({'; '.join(each)}): maak ze opnieuw "
            "met dezelfde --as-of voor elk team, want wie nog wacht en wie zijn gesprek binnen de "
            "norm had, hangt af van die dag."
        )


def _period(data: Mapping[str, Any]) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(data["start"]), datetime.date.fromisoformat(data["end"])


def _said_period(start: datetime.date, end: datetime.date) -> str:
    return f"van {date_without_weekday(start)} tot en met {date_without_weekday(end)}"


def _each_team_once(found: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Each team once for each day, and every team over the same days: a team named twice
    ("Noord" and "noord ") would count twice, and a team with fewer months would read as a quieter
    one under the partnership's one period."""
    seen: dict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for name, data in found:
        team = normal_text(str(data.get("team", "")))
        for other_name, other in seen[team]:
            (start, end), (other_start, other_end) = _period(data), _period(other)
            if start <= other_end and other_start <= end:
                who = str(other.get("team") or "") or "een team zonder naam"
                over = ("over dezelfde periode" if (start, end) == (other_start, other_end) else
                        f"over periodes die overlappen ({_said_period(other_start, other_end)} en "
                        f"{_said_period(start, end)})")
                raise CombineError(
                    f"{other_name} en {name} zijn allebei van {who} {over}: geef elk team één keer."
                )
        seen[team].append((name, data))
    covered: dict[str, list[tuple[datetime.date, datetime.date]]] = {}
    for files in seen.values():
        days: list[tuple[datetime.date, datetime.date]] = []
        for start, end in sorted(_period(data) for _, data in files):
            if days and start <= days[-1][1] + datetime.timedelta(days=1):
                days[-1] = (days[-1][0], max(days[-1][1], end))  # one file's period goes on in the next
            else:
                days.append((start, end))
        covered[_team_name(files[0][1])] = days
        if len(days) > 1:  # the months between would read as months without a registration
            raise CombineError(
                f"De regiobestanden van {_team_name(files[0][1])} laten een gat "
                f"({' en '.join(_said_period(*span) for span in days)}): maak één regiobestand "
                "over de hele periode."
            )
    if len({tuple(days) for days in covered.values()}) > 1:
        each = [f"{team} {' en '.join(_said_period(*span) for span in days)}"
                for team, days in sorted(covered.items(), key=lambda item: item[0].casefold())]
        raise CombineError(
            f"De regiobestanden tellen niet over dezelfde periode ({'; '.join(each)}): maak ze "
            "opnieuw met dezelfde --van en --tot voor elk team, anders lijkt een team met minder "
            "maanden een rustiger team."
        )


class _Rows:
    """Rows of counts known only as numbers, with the sums they make, in one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.rows: list[tuple[str, dict[str, int], dict[str, Callable[[], Value]]]] = []

    def add(
        self,
        label: str,
        values: Mapping[str, int],
        keys: Sequence[str],
        same_as: dict[str, int] | None = None,
        days: Counter[int] | None = None,
    ) -> dict[str, int]:
        ledger = self.ledger
        cells = same_as if same_as is not None else {k: ledger.number(values.get(k, 0)) for k in keys}
        if same_as is None and keys == COUNTS:
            ledger.adds_up(cells["aanmeldingen"], [cells[k] for k in PARTS])
        derived: dict[str, Callable[[], Value]] = {}
        if keys == COUNTS:
            derived = {
                "pct_binnen_norm": lambda: _share(ledger, cells["binnen_norm"], cells["aanmeldingen"]),
                "pct_wacht_nog": lambda: _share(
                    ledger, cells["wacht_nog"], cells["aanmeldingen"], bound=False
                ),
                # no days counted (a split's rows: the region file holds no days per category):
                # not known, "–", never the mark of a hidden figure
                "mediaan_dagen": lambda: None if days is None else _median_days(days, ledger.threshold),
            }
        self.rows.append((label, cells, derived))
        return cells

    def total(self, total: dict[str, int], parts: Sequence[dict[str, int]]) -> None:
        for key, cell in total.items():
            self.ledger.adds_up(cell, [p[key] for p in parts])

    def table(
        self, key: str, title: str, intro: str, first: str, columns: Sequence[Column]
    ) -> Callable[[], Table]:
        return lambda: grid_table(self.ledger, self.rows, key, title, intro, first, columns)


def _add(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> dict[str, int]:
    sums = dict.fromkeys(keys, 0)
    for row in rows:
        for key in keys:
            sums[key] += int(row.get(key, 0))
    return sums


def _days(rows: Sequence[Mapping[str, Any]], key: str = "dagen") -> Counter[int]:
    """How many families waited how many days: counted, never a list with an item per family (a
    partnership has tens of thousands)."""
    days: Counter[int] = Counter()
    for row in rows:
        for d, n in row.get(key, {}).items():
            days[int(d)] += int(n)
    return days


def _merged(counted: Iterable[Counter[int]]) -> Counter[int]:
    together: Counter[int] = Counter()
    for days in counted:
        together.update(days)
    return together


def _ranked(days: Counter[int], rank: int) -> int:
    """The rank-th smallest of the days counted (1 is the smallest)."""
    seen = 0
    for day in sorted(days):
        seen += days[day]
        if seen >= rank:
            return day
    raise ValueError(rank)


def _percentile(days: Counter[int], p: int) -> int:
    """``figures.percentile`` of the days counted: the nearest rank."""
    return _ranked(days, max(-(-p * days.total() // 100), 1))


def _median_days(days: Counter[int], threshold: int) -> float | str | None:
    """``figures._median`` of the days counted: the neutral mark over fewer families than the
    threshold, "–" (None) over none."""
    count = days.total()
    if count < threshold:
        return HIDDEN
    if not count:
        return None
    middle: float = _ranked(days, count // 2 + 1)
    if not count % 2:
        middle = (_ranked(days, count // 2) + middle) / 2
    return int(middle) if float(middle).is_integer() else round(float(middle), 1)


def combine(
    files: Sequence[tuple[str, Any]],
    *,
    today: datetime.date,
    threshold: int = THRESHOLD,
    name: str = "Samenwerkingsverband",
) -> Report:
    """The partnership's report: the teams' files added up, then suppressed.

    A split's values with fewer families than the threshold go under Andere. Where the teams'
    reports would let a reader work out that a small Andere here holds some families whatever is
    hidden (a team's Andere holds more than the values named here could), the named value with the
    fewest families joins Andere too, and the report is made again."""
    data = check(files, today=today)
    by_value: dict[str, dict[str, list]] = {}
    kept: dict[str, list[str]] = {}
    for dimension in DIMENSIONS:
        values: dict[str, list] = defaultdict(list)
        for d in data:
            for row in d["per"].get(dimension, []):
                values[row["waarde"]].append(row)
        by_value[dimension] = values
        kept[dimension] = sorted((v for v, rows in values.items() if v != OTHER
                                  and sum(int(r["aanmeldingen"]) for r in rows) >= threshold),
                                 key=str.casefold)
    while True:
        report, ledger, others = _combined(data, by_value, kept, today=today, threshold=threshold, name=name)
        small = {dimension: cell for dimension, cell in others.items()
                 if ledger.hidden(cell) and ledger.value(cell) < threshold}
        known = ledger.beyond_reach(set(small.values())) if ledger.given and small else set()
        folded = [dimension for dimension, cell in small.items() if cell in known and kept[dimension]]
        if not folded:
            return report
        for dimension in folded:
            fewest = min(kept[dimension], key=lambda v: (sum(int(r["aanmeldingen"])
                                                             for r in by_value[dimension][v]), v))
            kept[dimension] = [v for v in kept[dimension] if v != fewest]


def _combined(data: Sequence[Mapping[str, Any]], by_value: Mapping[str, Mapping[str, list]],
              kept: Mapping[str, list[str]], *, today: datetime.date, threshold: int,
              name: str) -> tuple[Report, Ledger, dict[str, int]]:
    """``combine`` with these values named in each split: the report, its ledger, and the cell of
    each split's Andere (its registrations)."""
    start = min(datetime.date.fromisoformat(d["start"]) for d in data)
    end = max(datetime.date.fromisoformat(d["end"]) for d in data)
    ledger = Ledger(threshold)
    months = months_between(start, end)
    others: dict[str, int] = {}
    # each team's own report, as it publishes it: a reader holds it beside this one, so neither a
    # team's row here nor a count of the partnership less the other teams' may give away a count
    # that the team's report hides (see ``beside``)
    ordered = sorted(data, key=lambda d: str(d.get("team")))
    whole = len(data) <= MOST_BESIDE
    own = [OwnReport(ledger, d, {k: set(v) for k, v in kept.items()},
                     [m.isoformat()[:7] for m in months_between(*_period(d))], whole=whole) for d in ordered]
    month_rows: dict[str, list] = defaultdict(list)
    for d in data:
        for row in d["maanden"]:
            month_rows[row["maand"]].append(row)
    all_rows = [r for rows in month_rows.values() for r in rows]
    # the days of each month counted once; a quarter's and the period's are their months' together
    month_days = {key: (_days(rows), _days(rows, "dagen_zonder_pauzes")) for key, rows in month_rows.items()}
    all_days = _merged(days for days, _ in month_days.values())

    monthly = _Rows(ledger)
    cells_of = {}
    for m in months:
        key = m.isoformat()[:7]
        cells_of[m] = monthly.add(
            month_label(m, start=start, end=end), _add(month_rows.get(key, []), COUNTS), COUNTS,
            days=month_days.get(key, (Counter(), Counter()))[0],
        )
    total = monthly.add(TOTAL, _add(all_rows, COUNTS), COUNTS, days=all_days)
    monthly.total(total, list(cells_of.values()))
    # which counts hold all the families of another, as the files say (rule 3, see ``nesting``)
    nested = Nesting(ordered)
    nested.add_row(total)
    for m, cells in cells_of.items():  # each month: the teams' months
        key = m.isoformat()[:7]
        _of_teams(ledger, cells, [o.months[key] for o in own if key in o.months])
        nested.add_row(cells, months=frozenset({key}))
    # what every team shows of its total, the region shows too (its row per team is the sum)
    _of_teams(ledger, total, [o.total for o in own], tie=False)
    intro = (
        "Gezinnen aangemeld in de periode bij alle teams samen, en hoe het met hun eerste gesprek "
        "staat. Eerst opgeteld, dan pas kleine aantallen verborgen."
    )
    pending = [
        monthly.table(
            "per_maand", "Aanmeldingen per maand", intro, "Maand van aanmelding", REGISTRATION_COLUMNS
        )
    ]
    quarterly = _Rows(ledger)
    quarter_cells = []
    waiting_groups = []
    for first, its in quarters_of(months):
        rows = [r for m in its for r in month_rows.get(m.isoformat()[:7], [])]
        counted = [month_days[m.isoformat()[:7]] for m in its if m.isoformat()[:7] in month_days]
        days, net = _merged(d for d, _ in counted), _merged(n for _, n in counted)
        cells = quarterly.add(
            quarter_label(first, its, start=start, end=end),
            _add(rows, COUNTS),
            COUNTS,
            same_as=cells_of[its[0]] if len(its) == 1 else None,
            days=days,
        )
        if len(its) > 1:
            quarterly.total(cells, [cells_of[m] for m in its])
            nested.add_row(cells, months=frozenset(m.isoformat()[:7] for m in its))
            # the teams' quarters add up to it as their months do: a quarter every team shows is known
            quarter = first.isoformat()[:7]
            _of_teams(ledger, cells, [o.quarters[quarter] for o in own if quarter in o.quarters], tie=False)
        quarter_cells.append(cells)
        waiting_groups.append((quarter_label(first, its, start=start, end=end), days, net))
    quarterly.total(quarterly.add(TOTAL, {}, COUNTS, same_as=total, days=all_days), quarter_cells)
    pending.append(
        quarterly.table(
            "per_kwartaal",
            "Aanmeldingen per kwartaal",
            intro,
            "Kwartaal van aanmelding",
            REGISTRATION_COLUMNS,
        )
    )
    render_bands, bands = _bands(ledger, all_days, total)
    for n, cell in enumerate(bands):
        _of_teams(ledger, {"": cell}, [{"": o.bands[n]} for o in own if o.bands])
        nested.add(cell, Of("dagen", band=DAY_BANDS[n]))
    pending.append(render_bands)
    waiting_groups.append((TOTAL, all_days, _merged(n for _, n in month_days.values())))
    pending.append(_waiting(ledger, waiting_groups))
    # a row per team, where the counts allow: suppressed like any other row
    teams = _Rows(ledger)
    team_cells = [  # a team's row is its own report's total: hidden here where hidden there
        teams.add(_team_name(d), {}, COUNTS, same_as=report.total, days=_days(d["maanden"]))
        for d, report in zip(ordered, own, strict=True)
    ]
    teams.total(teams.add(TOTAL, {}, COUNTS, same_as=total, days=all_days), team_cells)
    for n, cells in enumerate(team_cells):
        nested.add_row(cells, files=frozenset({n}))
    pending.append(teams.table("per_team", "Aanmeldingen per team", intro, "Team", REGISTRATION_COLUMNS))
    for dimension, (table_key, title, first_header) in DIMENSIONS.items():
        by = by_value[dimension]
        rest = [r for v, rows in by.items() if v not in kept[dimension] for r in rows]
        grid = _Rows(ledger)
        parts = []
        for v in kept[dimension]:
            parts.append(grid.add(v, _add(by[v], COUNTS), COUNTS))
            _of_teams(ledger, parts[-1], [p for o in own for p in o.splits[dimension].get(v, [])])
            nested.add_row(parts[-1], split=dimension, values=frozenset({v}))
        # Andere, also where it counts none but a team's report has one: without the row, a
        # reader would know that the values a team puts under Andere are all named here
        if rest or any(o.splits[dimension].get(OTHER) for o in own):
            parts.append(grid.add(OTHER, _add(rest, COUNTS), COUNTS))
            others[dimension] = parts[-1]["aanmeldingen"]
            _of_teams(ledger, parts[-1], [p for o in own for p in o.splits[dimension].get(OTHER, [])])
            nested.add_row(parts[-1], split=dimension, values=frozenset(by) - set(kept[dimension]))
        grid.total(grid.add(TOTAL, {}, COUNTS, same_as=total, days=all_days), parts)
        no_days = (f" De mediaan dagen tot gesprek per {first_header.lower()} staat niet in de "
                   "regiobestanden (–).")
        pending.append(grid.table(table_key, title, intro + no_days, first_header, REGISTRATION_COLUMNS))
    render_closed, closed = _closed(ledger, [r for d in data for r in d["afgesloten"]])
    for title, row in closed.items():
        _of_teams(ledger, {k: c for k, c in row.items() if c is not None},
                  [o.closed_total for o in own] if title == TOTAL
                  else [o.closed[title] for o in own if title in o.closed])
        for key, closed_cell in row.items():
            nested.add(closed_cell, closures(key, None if title == TOTAL else frozenset({title})))
    pending.append(render_closed)
    left_out = sum(int(d.get("niet_meegeteld", 0)) for d in data)
    # a file from before eenplan said it: not 0, but not known
    unknown = tuple(sorted({_team_name(d) for d in data if "niet_meegeteld" not in d}, key=str.casefold))
    empty = tuple(sorted({_team_name(d) for d in data if d.get("dossierrijen") == 0}, key=str.casefold))
    lacking = {dimension: sorted({_team_name(d) for d in data if dimension in d.get("kolom_ontbreekt", ())},
                                 key=str.casefold) for dimension in DIMENSIONS}
    column_gaps = tuple(split_missing_sentence(teams, DIMENSIONS[dimension][2])
                        for dimension, teams in lacking.items() if teams)
    nested.tell(ledger)
    left_out_cell = ledger.number(left_out)
    _of_teams(ledger, {"": left_out_cell}, [{"": o.left_out} for o in own if o.left_out is not None])
    pending.append(left_out_table(ledger, left_out, unknown, combined=True, empty=empty, cell=left_out_cell))
    norms = {}
    for d in data:
        norms.update(d["definitie"]["normen"])
    first_norms = tuple(
        sorted(
            {
                (
                    n["eerste_gesprek"]["norm"],
                    n["eerste_gesprek"]["maanden"] * 30.44 or float(n["eerste_gesprek"]["dagen"]),
                )
                for n in norms.values()
            }
        )
    )
    team_names = ", ".join(sorted(str(d.get("team")) for d in data))
    said = (
        f"Samengevoegd uit {len(data)} teams ({team_names}), aanmeldingen en afsluitingen van "
        f"{date_without_weekday(start)} tot en met {date_without_weekday(end)}. Elk team telde volgens "
        f"definitie {data[0]['definitie']['versie']} met dezelfde normen; de aantallen zijn eerst "
        "opgeteld en pas daarna onderdrukt, zodat er meer te zien is dan in elk team apart.",
        f"Kleine aantallen: minder dan {threshold} gezinnen staat als x of <{threshold}; percentages "
        "die een klein aantal zouden verraden, als ondergrens (≥). Zie de definities in het rapport "
        "van elk team; ze zijn dezelfde.",
        beside_sentence(threshold) if whole else totals_only_sentence(len(data), MOST_BESIDE),
    )
    return Report(
        team=name,
        start=start,
        end=end,
        as_of=stand(data[0]),  # the day the teams counted on (one, see check), not the merge's
        definitions=said,
        tables=tuple(render() for render in pending),
        first_norms=first_norms,
        threshold=threshold,
        definition={**data[0]["definitie"], "normen": norms, "drempel": threshold},
        left_out=left_out,
        left_out_unknown=unknown,
        empty_teams=empty,
        column_gaps=column_gaps,
        combined=True,
        totals_only=0 if whole else len(data),
    ), ledger, others


def beside_sentence(threshold: int) -> str:
    """What the partnership's report says of its audit beside the teams' own reports."""
    return (
        "Nagerekend naast de eigen rapporten van de teams: wie dit rapport en die van de teams samen "
        "leest en hun aantallen optelt of van elkaar aftrekt (per maand, kwartaal, gemeente, "
        "aanmelder, hulpvraag en traject, de dagen tot gesprek, de afgesloten trajecten, niet "
        "meegeteld), kan geen klein aantal van een team terugrekenen of insluiten dat zijn eigen "
        "rapport verbergt (elk blijft 0 tot de drempel van dat team min 1), ook niet hoeveel "
        "gezinnen een team had in een gemeente (aanmelder, hulpvraag) die het onder Andere zet; "
        "waar dat nodig was, staat hier meer als x. Een groter aantal dat een team verbergt om een "
        "klein aantal te beschermen, kan zo'n lezer wel uitrekenen; de kleine blijven onbekend. En "
        "zoals in het rapport van een team staat geen aantal naast een aantal dat al zijn gezinnen "
        f"bevat en minder dan {threshold} meer telt."
    )


def _of_teams(ledger: Ledger, cells: Mapping[str, int], teams: Sequence[Mapping[str, int]], *,
              tie: bool = True) -> None:
    """Each of ``cells`` (by column key) is the sum of the teams' cells of that key (a key a team
    lacks: 0 there). ``tie``: say so in the ledger (else a sum its other sums make already). A
    count whose every part a team's report shows, the reader works out anyway: shown here too
    (where it is not under the threshold)."""
    for key, cell in cells.items():
        parts = [team[key] for team in teams if key in team]
        if tie:
            ledger.adds_up(cell, parts)
        if parts and all(ledger.given.get(p) for p in parts) and ledger.value(cell) >= ledger.threshold:
            ledger.published_elsewhere(cell, shown=True)


def _team_name(data: Mapping[str, Any]) -> str:
    return str(data.get("team") or "Team zonder naam")


def _bands(ledger: Ledger, days: Counter[int],
           registrations: Mapping[str, int]) -> tuple[Callable[[], Table], list[int]]:
    """The day bands, and their cells; their total is the on-time and late families of
    ``registrations`` (the total row), a sum in the ledger as in a team's report (``check`` holds
    every file to it)."""
    cells, labels = [], []
    for low, high in DAY_BANDS:
        inside = sum(n for d, n in days.items() if low <= d and (high is None or d <= high))
        cells.append(ledger.number(inside))
        labels.append(f"{low} tot {high} dagen" if high is not None else f"{low} dagen of meer")
    total = ledger.number(days.total())
    ledger.adds_up(total, cells)
    ledger.adds_up(total, [registrations["binnen_norm"], registrations["te_laat"]], total_first=True)
    return lambda: Table(
        "verdeling_dagen",
        "Dagen van aanmelding tot eerste gesprek",
        "Gezinnen van alle teams die hun eerste gesprek al hadden, naar het aantal kalenderdagen.",
        (Column("label", "Dagen", "label"), Column("gezinnen", "Gezinnen", "count")),
        tuple((label, ledger.shown(c)) for label, c in zip([*labels, TOTAL], [*cells, total], strict=True)),
    ), cells


def _waiting(
    ledger: Ledger, groups: Sequence[tuple[str, Counter[int], Counter[int]]]
) -> Callable[[], Table]:
    def row(label: str, days: Counter[int], net: Counter[int]) -> tuple[Value, ...]:
        if days.total() < ledger.threshold:
            return (label, *("x" for _ in WAITING_COLUMNS))
        if not days.total():  # nothing hidden (a threshold of 0) and no one talked: "–"
            return (label, *(None for _ in WAITING_COLUMNS))
        return (
            label,
            *(_percentile(days, p) for p in PERCENTILES),
            *(_percentile(net, p) for p in PERCENTILES),
        )

    return lambda: Table(
        "wachttijd",
        "Wachttijd tot het eerste gesprek, per kwartaal",
        "Alle teams samen: P50, P75 en P90 van de kalenderdagen van aanmelding tot gesprek, met en "
        "zonder pauzedagen.",
        (Column("label", "Kwartaal van aanmelding", "label"), *WAITING_COLUMNS),
        tuple(row(label, days, net) for label, days, net in groups),
    )


def _closed(ledger: Ledger, rows: Sequence[Mapping[str, Any]]
            ) -> tuple[Callable[[], Table], dict[str, dict[str, int | None]]]:
    """The closed trajectories' table, and its cells by traject (and TOTAL)."""
    from eenplan.stats.figures import _duration_share

    by: dict[str, list] = defaultdict(list)
    for row in rows:
        by[row["traject"]].append(row)
    grid: list[tuple[str, dict[str, int | None]]] = []
    judged_keys = ("binnen_duurnorm", "langer")

    def cells_for(group: Sequence[Mapping[str, Any]]) -> dict[str, int | None]:
        cells: dict[str, int | None] = {}
        for key in CLOSED:
            known = [r for r in group if r.get(key) is not None]
            # a trajectory without a duration norm has no within/longer: "–", as in a team's report
            cells[key] = (
                ledger.number(sum(int(r[key]) for r in known)) if known or key not in judged_keys else None
            )
        ledger.adds_up(cells["afgesloten"], [cells["zonder_gesprek"], cells["met_gesprek"]])  # type: ignore[arg-type,list-item]
        # those closed after a first conversation are within the duration norm or longer, as in a
        # team's report: a reader of the table adds them up, so the audit must too; not in a row
        # with a trajectory without that norm (the total beside the psychologist's), where they
        # do not make them all (``region_file.valid`` holds every file's rows to the sum)
        inside, longer = cells["binnen_duurnorm"], cells["langer"]
        if inside is not None and longer is not None \
                and all(r.get(key) is not None for r in group for key in judged_keys):
            ledger.adds_up(cells["met_gesprek"], [inside, longer])  # type: ignore[arg-type]
        return cells

    for title in sorted(by, key=str.casefold):
        grid.append((title, cells_for(by[title])))
    total = cells_for(rows)
    for key in CLOSED:
        parts = [cells[key] for _, cells in grid if cells[key] is not None]
        if total[key] is not None:
            ledger.adds_up(total[key], parts)  # type: ignore[arg-type]
    grid.append((TOTAL, total))
    keys = [c.key for c in CLOSED_COLUMNS if c.kind == "count"]

    def render() -> Table:
        out = []
        for title, cells in grid:
            values: list[Value] = [
                title,
                *(None if (c := cells[k]) is None else ledger.shown(c) for k in keys),
            ]
            inside, longer = cells["binnen_duurnorm"], cells["langer"]
            values.append(
                None if inside is None or longer is None else _duration_share(ledger, inside, longer)
            )
            values.append(_share(ledger, cells["met_gezinsplan"], cells["afgesloten"]))  # type: ignore[arg-type]
            values.append(None)  # the duration's median needs the days, which the file does not hold
            out.append(tuple(values))
        return Table(
            "afgesloten",
            "Afgesloten trajecten",
            "Trajecten afgesloten in de periode bij alle teams samen, per traject. Een mediaan duur "
            "staat niet in de regiobestanden (–).",
            (Column("label", "Traject", "label"), *CLOSED_COLUMNS),
            tuple(out),
        )

    return render, dict(grid)
