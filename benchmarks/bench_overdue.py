"""`eenplan overdue` against python-calamine reading the same sheets bare, in the same run.

Target (issue 3): read + overdue list <= 1.5x the bare read on 50,000 dossiers (3 network rows
each). Prints the figures; exits 1 when the target is missed.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import bare_read, best_of  # noqa: E402
from big_workbook import big_workbook  # noqa: E402

from eenplan.flows import load_flows  # noqa: E402
from eenplan.flows.overdue import Counts, overdue_items  # noqa: E402
from eenplan.sheets.reader import read_caseload  # noqa: E402

TODAY = datetime.date(2026, 11, 23)


def eenplan_overdue(path: Path) -> Counts:
    return Counts.of(overdue_items(read_caseload(path), load_flows(), today=TODAY))


def main() -> int:
    path = big_workbook(50_000)
    counts = eenplan_overdue(path)
    caseload = read_caseload(path)
    flows = load_flows()
    list_only = best_of(3, lambda: overdue_items(caseload, flows, today=TODAY))
    bare = best_of(3, bare_read, path)
    ours = best_of(3, eenplan_overdue, path)
    ratio = ours / bare
    print(f"50,000 dossiers: {counts.overdue} overdue, {counts.due_soon} due soon, "
          f"{counts.paused} paused")
    print(f"  bare python-calamine read: {bare:.2f} s")
    print(f"  eenplan overdue:           {ours:.2f} s (of which the list itself {list_only:.2f} s)")
    print(f"  ratio:                     {ratio:.2f}x  (target <= 1.5x) {'OK' if ratio <= 1.5 else 'MISSED'}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
