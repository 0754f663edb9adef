"""A reader who has one published table and works out what it can of the hidden cells.

Independent of ``suppression.Ledger``: the reader knows only the table and the sums anyone sees in
it (the definitions say them), and solves a linear program per hidden cell, as the audit of
tau-ARGUS does: the least and the greatest value the cell can take, rounded inwards to whole
numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import swiglpk as glpk

from eenplan.stats.figures import TOTAL, Table, lower_bound

Cell = tuple[str, str]  # (row label, column key)
# a linear relation: coefficients on cells, and the least and the greatest the sum can be
Relation = tuple[dict[Cell, float], float, float]

CLOSED_COUNTS = ("afgesloten", "zonder_gesprek", "met_gesprek", "binnen_duurnorm", "langer",
                 "met_gezinsplan")


def closed_relations(table: Table) -> list[Relation]:
    """What a reader of the Afgesloten trajecten table adds up: before and after the first
    conversation make those closed; after it, within the duration norm or longer (a trajectory
    with such a norm); the total row is its rows; a share "≥ 95 %" is a floor."""
    rows = [dict(zip((c.key for c in table.columns), r, strict=True)) for r in table.rows]
    flows = [r for r in rows if r["label"] != TOTAL]
    said: list[Relation] = []
    for row in rows:
        label = row["label"]
        said.append(({(label, "afgesloten"): 1, (label, "zonder_gesprek"): -1,
                      (label, "met_gesprek"): -1}, 0, 0))
        judged = row["binnen_duurnorm"] is not None and row["langer"] is not None
        if judged and (label != TOTAL or all(r["binnen_duurnorm"] is not None for r in flows)):
            said.append(({(label, "met_gesprek"): 1, (label, "binnen_duurnorm"): -1,
                          (label, "langer"): -1}, 0, 0))
        share = lower_bound(row.get("pct_binnen_duurnorm"))
        if share is not None:  # binnen / (binnen + langer) >= share %
            said.append(({(label, "binnen_duurnorm"): 100 - share, (label, "langer"): -share},
                         0, math.inf))
        share = lower_bound(row.get("pct_gezinsplan"))
        if share is not None:
            said.append(({(label, "met_gezinsplan"): 100, (label, "afgesloten"): -share}, 0, math.inf))
    for key in CLOSED_COUNTS:
        parts = [r for r in flows if r[key] is not None]
        if parts:
            said.append(({(TOTAL, key): 1, **{(r["label"], key): -1 for r in parts}}, 0, 0))
    return said


def intervals(table: Table, keys: Sequence[str], relations: Sequence[Relation],
              threshold: int = 5) -> dict[Cell, tuple[int, float]]:
    """Each hidden cell of ``keys``: the least and the greatest whole value a reader can work out
    (math.inf: no end)."""
    values: dict[Cell, object] = {}
    for row in table.rows:
        for column, value in zip(table.columns, row, strict=True):
            if column.key in keys:
                values[(str(row[0]), column.key)] = value
    hidden = [cell for cell, value in values.items() if isinstance(value, str)]
    index = {cell: k + 1 for k, cell in enumerate(hidden)}  # GLPK counts from 1
    glpk.glp_term_out(glpk.GLP_OFF)
    problem = glpk.glp_create_prob()
    try:
        glpk.glp_add_cols(problem, len(hidden))
        for cell in hidden:
            if values[cell] == f"<{threshold}":
                glpk.glp_set_col_bnds(problem, index[cell], glpk.GLP_DB, 0.0, threshold - 1.0)
            else:
                glpk.glp_set_col_bnds(problem, index[cell], glpk.GLP_LO, 0.0, 0.0)
        rows = []
        for coefficients, low, high in relations:
            free: dict[int, float] = {}
            for cell, coefficient in coefficients.items():
                if cell in index:
                    free[index[cell]] = free.get(index[cell], 0.0) + coefficient
                else:
                    shown = values[cell]
                    assert isinstance(shown, int), (cell, shown)
                    low, high = low - coefficient * shown, high - coefficient * shown
            if free:
                rows.append((free, low, high))
        return bounds(problem, index, rows, hidden)
    finally:
        glpk.glp_delete_prob(problem)


def narrowed(table: Table, truth: Table, keys: Sequence[str], relations: Sequence[Relation],
             threshold: int = 5) -> dict[Cell, tuple[int, float]]:
    """The hidden cells whose true count (in ``truth``: the same table with nothing hidden) is
    under the threshold, and which the reader pins closer than 0 to threshold-1."""
    true: Mapping[Cell, object] = {
        (str(row[0]), column.key): value
        for row in truth.rows for column, value in zip(truth.columns, row, strict=True)}
    return {cell: ends for cell, ends in intervals(table, keys, relations, threshold).items()
            if isinstance(true[cell], int) and true[cell] < threshold  # type: ignore[operator]
            and (ends[0] > 0 or ends[1] < threshold - 1)}


def bounds(problem: Any, index: Mapping[Cell, int], rows: Sequence[tuple[dict[int, float], float, float]],
           cells: Iterable[Cell]) -> dict[Cell, tuple[int, float]]:
    """Each cell's least and greatest value under ``rows`` (each: its free columns' coefficients,
    the least and the greatest its sum may be), by GLPK's simplex on ``problem`` (its columns
    ``index``), a program for each end of each cell."""
    if rows:
        glpk.glp_add_rows(problem, len(rows))
    for i, (free, low, high) in enumerate(rows, start=1):
        if high == math.inf:
            glpk.glp_set_row_bnds(problem, i, glpk.GLP_LO, low, 0.0)
        else:
            glpk.glp_set_row_bnds(problem, i, glpk.GLP_FX, low, high)
        columns, numbers = glpk.intArray(len(free) + 1), glpk.doubleArray(len(free) + 1)
        for n, (k, value) in enumerate(free.items(), start=1):
            columns[n], numbers[n] = k, value
        glpk.glp_set_mat_row(problem, i, len(free), columns, numbers)
    parameters = glpk.glp_smcp()
    glpk.glp_init_smcp(parameters)
    parameters.msg_lev = glpk.GLP_MSG_OFF
    found: dict[Cell, tuple[int, float]] = {}
    for cell in cells:
        ends = []
        for direction in (glpk.GLP_MIN, glpk.GLP_MAX):
            for k in index.values():
                glpk.glp_set_obj_coef(problem, k, 1.0 if k == index[cell] else 0.0)
            glpk.glp_set_obj_dir(problem, direction)
            assert glpk.glp_simplex(problem, parameters) == 0
            status = glpk.glp_get_status(problem)
            if status == glpk.GLP_UNBND:
                ends.append(math.inf)
                continue
            assert status == glpk.GLP_OPT, (cell, status)
            value = glpk.glp_get_obj_val(problem)
            ends.append(math.ceil(value - 1e-6) if direction == glpk.GLP_MIN
                        else math.floor(value + 1e-6))
        found[cell] = (int(ends[0]), ends[1])
    return found
