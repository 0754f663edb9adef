"""A reader who holds the partnership's report and every team's own report, and works out what it
can of the hidden cells.

Independent of ``suppression.Ledger`` and of ``stats.beside``: the reader knows only the published
tables and the sums anyone sees in them (the definitions say them): in each report the four
parts of a row make its registrations, the months make the total, a quarter its months, the
rows of a split the total, the day bands the on-time and late families, the closed trajectories
as ``table_reader.closed_relations`` says, the reasons those closed before a conversation; and
across the reports, each count of the partnership is the teams' counts added up, a team's row
the team's total. A value of a split that a team's report puts under "Andere" is a count the
reader does not know: from 0 to 4 (the definitions: fewer than five go under Andere), and what
is left of the team's Andere, 0 or more. Then, as the audit of tau-ARGUS, a linear program per
hidden cell: its least and greatest value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import swiglpk as glpk

from eenplan.stats.figures import OTHER, TOTAL, Report, Table, lower_bound, months_between, quarters_of
from tests.table_reader import CLOSED_COUNTS, bounds, closed_relations

Cell = tuple[str, ...]  # (report, table, row label, column key), or an unknown count
REGISTRATIONS = ("aanmeldingen", "binnen_norm", "te_laat", "wacht_nog", "zonder_gesprek")
PARTS = REGISTRATIONS[1:]
SPLITS = ("per_gemeente", "per_aanmelder", "per_hulpvraag", "per_traject")
MERGED = ""


def _rows(table: Table) -> list[dict]:
    return [dict(zip((c.key for c in table.columns), row, strict=True)) for row in table.rows]


class Reader:
    """``merged``: the partnership's report, or None for a reader of the teams' reports alone;
    ``thresholds``: a team's own where it is not ``threshold``."""

    def __init__(self, merged: Report | None, teams: Mapping[str, Report], threshold: int = 5,
                 thresholds: Mapping[str, int] | None = None) -> None:
        self.threshold = threshold
        self.thresholds = dict(thresholds or {})
        self._reports = {**teams} if merged is None else {MERGED: merged, **teams}
        self.values: dict[Cell, object] = {}
        self.unknown: dict[Cell, float] = {}  # a count no report publishes -> its greatest
        self.sums: list[tuple[dict[Cell, float], float, float]] = []
        for name, report in self._reports.items():
            self._report(name, report)
        if merged is not None:
            self._partnership(merged, teams)

    def _partnership(self, merged: Report, teams: Mapping[str, Report]) -> None:
        # a team's row of the partnership is the team's total
        for row in _rows(merged.table("per_team")):
            if row["label"] != TOTAL:
                for key in REGISTRATIONS:
                    self._equal((MERGED, "per_team", row["label"], key),
                                (row["label"], "per_maand", TOTAL, key))
        self._adds_up(MERGED, "per_team", REGISTRATIONS)
        self._same_total(MERGED, "per_team")
        # each count of the partnership: the teams' counts
        for key, columns in (("per_maand", REGISTRATIONS), ("verdeling_dagen", ("gezinnen",)),
                             ("niet_meegeteld", ("rijen",))):
            for row in _rows(merged.table(key)):
                for column in columns:
                    self._of_teams((MERGED, key, row["label"], column),
                                   [(t, key, row["label"], column) for t in teams
                                    if (t, key, row["label"], column) in self.values])
        for row in _rows(merged.table("afgesloten")):
            for column in ("afgesloten", "zonder_gesprek", "met_gesprek", "binnen_duurnorm", "langer",
                           "met_gezinsplan"):
                if row[column] is not None:
                    self._of_teams((MERGED, "afgesloten", row["label"], column),
                                   [(t, "afgesloten", row["label"], column) for t in teams
                                    if self.values.get((t, "afgesloten", row["label"], column)) is not None])
        for split in SPLITS:
            self._split(merged, teams, split)

    # -- what one report says ----------------------------------------------------------------

    def _report(self, name: str, report: Report) -> None:
        for table in report.tables:
            for row in _rows(table):
                for column in table.columns[1:]:
                    if column.kind == "count" or column.key in ("pct_binnen_norm", "pct_binnen_duurnorm"):
                        self.values[(name, table.key, row["label"], column.key)] = row[column.key]
        registrations = ("per_maand", "per_kwartaal", *SPLITS)
        for key in registrations:
            for row in _rows(report.table(key)):
                cells = [(name, key, row["label"], k) for k in REGISTRATIONS]
                self.sums.append(({cells[0]: 1, **{c: -1 for c in cells[1:]}}, 0, 0))
                share = lower_bound(row["pct_binnen_norm"])
                if share is not None:  # binnen / aanmeldingen >= share %
                    self.sums.append(({cells[1]: 100, cells[0]: -share}, 0, math.inf))
        self._adds_up(name, "per_maand", REGISTRATIONS)
        for key in (*SPLITS, "per_kwartaal"):
            self._same_total(name, key)
        for key in SPLITS:
            self._adds_up(name, key, REGISTRATIONS)
        # a quarter is its months
        months = [r["label"] for r in _rows(report.table("per_maand")) if r["label"] != TOTAL]
        quarters = [r["label"] for r in _rows(report.table("per_kwartaal")) if r["label"] != TOTAL]
        taken = 0
        for label, (_, its) in zip(quarters, quarters_of(months_between(report.start, report.end)),
                                   strict=True):
            inside = months[taken:taken + len(its)]
            taken += len(its)
            for k in REGISTRATIONS:
                self.sums.append(({(name, "per_kwartaal", label, k): 1,
                                   **{(name, "per_maand", m, k): -1 for m in inside}}, 0, 0))
        bands = [r["label"] for r in _rows(report.table("verdeling_dagen")) if r["label"] != TOTAL]
        self.sums.append(({(name, "verdeling_dagen", TOTAL, "gezinnen"): 1,
                           **{(name, "verdeling_dagen", b, "gezinnen"): -1 for b in bands}}, 0, 0))
        self.sums.append(({(name, "verdeling_dagen", TOTAL, "gezinnen"): 1,
                           (name, "per_maand", TOTAL, "binnen_norm"): -1,
                           (name, "per_maand", TOTAL, "te_laat"): -1}, 0, 0))
        for coefficients, low, high in closed_relations(report.table("afgesloten")):
            self.sums.append(({(name, "afgesloten", *cell): v for cell, v in coefficients.items()},
                              low, high))
        if len(report.table("afgesloten").rows) == 1:  # no traject closed: its total is 0
            for key in CLOSED_COUNTS:
                if self.values.get((name, "afgesloten", TOTAL, key)) is not None:
                    self.sums.append(({(name, "afgesloten", TOTAL, key): 1}, 0, 0))
        if name != MERGED:
            reasons = [r["label"] for r in _rows(report.table("redenen")) if r["label"] != TOTAL]
            self.sums.append(({(name, "redenen", TOTAL, "trajecten"): 1,
                               **{(name, "redenen", r, "trajecten"): -1 for r in reasons}}, 0, 0))
            self._equal((name, "redenen", TOTAL, "trajecten"), (name, "afgesloten", TOTAL, "zonder_gesprek"))

    def _adds_up(self, name: str, key: str, columns: Sequence[str]) -> None:
        """The table's total row is its other rows."""
        rows = [r["label"] for r in _rows(self._table(name, key)) if r["label"] != TOTAL]
        for column in columns:
            self.sums.append(({(name, key, TOTAL, column): 1, **{(name, key, r, column): -1 for r in rows}},
                              0, 0))

    def _table(self, name: str, key: str) -> Table:
        return self._reports[name].table(key)

    def _same_total(self, name: str, key: str) -> None:
        for k in REGISTRATIONS:
            self._equal((name, key, TOTAL, k), (name, "per_maand", TOTAL, k))

    def _equal(self, a: Cell, b: Cell) -> None:
        self.sums.append(({a: 1, b: -1}, 0, 0))

    def _of_teams(self, whole: Cell, parts: Sequence[Cell]) -> None:
        self.sums.append(({whole: 1, **{p: -1 for p in parts}}, 0, 0))

    def _split(self, merged: Report, teams: Mapping[str, Report], split: str) -> None:
        kept = [r["label"] for r in _rows(merged.table(split)) if r["label"] not in (TOTAL, OTHER)]
        parts: dict[str, list[Cell]] = {v: [] for v in (*kept, OTHER)}  # by key "" for now
        for team, report in teams.items():
            labels = [r["label"] for r in _rows(report.table(split)) if r["label"] != TOTAL]
            for label in labels:
                if label != OTHER:
                    parts[label if label in kept else OTHER].append((team, split, label))
            if OTHER not in labels:
                continue
            inside = []
            for value in kept:
                if value not in labels:  # perhaps under the team's Andere: 0 to 4
                    atom = ("onbekend", team, split, value)
                    parts[value].append(atom)
                    inside.append(atom)
            rest = ("rest", team, split)
            parts[OTHER].append(rest)
            for k in REGISTRATIONS:
                self.sums.append(({(team, split, OTHER, k): 1, **{(*p, k): -1 for p in (*inside, rest)}},
                                  0, 0))
            for atom in (*inside, rest):
                for k in REGISTRATIONS:
                    self.unknown[(*atom, k)] = math.inf
                self.sums.append(({(*atom, "aanmeldingen"): 1, **{(*atom, k): -1 for k in PARTS}}, 0, 0))
            for atom in inside:
                self.unknown[(*atom, "aanmeldingen")] = self.thresholds.get(team, self.threshold) - 1
        for value, cells in parts.items():
            whole = (MERGED, split, value)
            for k in REGISTRATIONS:
                if (*whole, k) in self.values:
                    self.sums.append(({(*whole, k): 1, **{(*c, k): -1 for c in cells}}, 0, 0))
                elif cells:  # the partnership has no Andere: nothing there
                    self.sums.append(({(*c, k): 1 for c in cells}, 0, 0))

    # -- the linear programs -----------------------------------------------------------------------

    def intervals(self, cells: Sequence[Cell]) -> dict[Cell, tuple[int, float]]:
        hidden = [c for c, v in self.values.items() if isinstance(v, str) and not v.startswith("≥")]
        hidden += list(self.unknown)
        index = {cell: k + 1 for k, cell in enumerate(hidden)}
        glpk.glp_term_out(glpk.GLP_OFF)
        problem = glpk.glp_create_prob()
        try:
            glpk.glp_add_cols(problem, len(hidden))
            for cell in hidden:
                value = self.values.get(cell)
                top = self.unknown.get(cell, math.inf)
                if isinstance(value, str) and value.startswith("<"):
                    top = int(value[1:]) - 1
                if top == math.inf:
                    glpk.glp_set_col_bnds(problem, index[cell], glpk.GLP_LO, 0.0, 0.0)
                else:
                    glpk.glp_set_col_bnds(problem, index[cell], glpk.GLP_DB, 0.0, float(top))
            rows = []
            for coefficients, low, high in self.sums:
                free: dict[int, float] = {}
                for cell, coefficient in coefficients.items():
                    if cell in index:
                        free[index[cell]] = free.get(index[cell], 0.0) + coefficient
                    else:
                        shown = self.values[cell]
                        assert isinstance(shown, int), (cell, shown)
                        low, high = low - coefficient * shown, high - coefficient * shown
                if free:
                    rows.append((free, low, high))
                else:
                    assert low <= 0 <= high, coefficients  # what is shown adds up
            return bounds(problem, index, rows, cells)
        finally:
            glpk.glp_delete_prob(problem)


def truth(shown: Report, intern: Report, name: str) -> dict[Cell, int]:
    """Each count of ``shown`` (a report for the steering group) as it is, from ``intern`` (the same
    report with nothing hidden, a row for every value of a split): Andere is the values without
    a row of their own; and each value under Andere, as an unknown count."""
    found: dict[Cell, int] = {}
    for table in shown.tables:
        if table.key in ("caseload", "wachttijd"):
            continue
        full = {r["label"]: r for r in _rows(intern.table(table.key))}
        labels = [r["label"] for r in _rows(table)]
        for row in _rows(table):
            for column in table.columns[1:]:
                if column.kind != "count" or row[column.key] is None:
                    continue
                if row["label"] == OTHER and table.key in (*SPLITS, "redenen"):
                    parts = [r[column.key] for label, r in full.items()
                             if label not in labels or label == OTHER]
                    value = sum(parts) if all(isinstance(p, int) for p in parts) else None
                else:
                    value = full[row["label"]][column.key]
                if isinstance(value, int):  # (a team's row of the partnership: its own truth)
                    found[(name, table.key, row["label"], column.key)] = value
        if table.key in SPLITS and OTHER in labels and name != MERGED:
            for label, r in full.items():
                if label not in labels:
                    for k in REGISTRATIONS:
                        found[("onbekend", name, table.key, label, k)] = r[k]
    return found


def narrowed(merged: Report | None, teams: Mapping[str, Report], true: Mapping[Cell, int],
             threshold: int = 5,
             thresholds: Mapping[str, int] | None = None) -> dict[Cell, tuple[int, float]]:
    """The hidden counts under the threshold (a value under a team's Andere: 1 to threshold-1)
    that a reader with every report pins closer than 0 to threshold-1 (``merged`` None: with the
    teams' reports alone; ``thresholds``: a team's own, for its counts)."""
    reader = Reader(merged, teams, threshold, thresholds)

    def limit(cell: Cell) -> int:  # a team's count (its row of the partnership too): its own
        team = cell[1] if cell[0] == "onbekend" else cell[2] if cell[:2] == (MERGED, "per_team") else cell[0]
        return reader.thresholds.get(team, threshold)

    small = [c for c, v in reader.values.items()
             if isinstance(v, str) and not v.startswith("≥") and true.get(c, limit(c)) < limit(c)]
    small += [c for c in reader.unknown if c[0] == "onbekend" and 0 < true.get(c, 0) < limit(c)]
    return {c: ends for c, ends in reader.intervals(small).items()
            if ends[0] > 0 or ends[1] < limit(c) - 1}
