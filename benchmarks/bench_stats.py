"""`eenplan stats` against python-calamine reading the same sheets bare, in the same run.

Target (issue 6): the statistics on 50,000 dossiers, from reading the workbook to the written
xlsx report with its charts, <= 2x the bare read. The parts are timed apart too.
"""

from __future__ import annotations

import datetime
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import bare_read, best_of  # noqa: E402
from big_workbook import big_workbook  # noqa: E402

from eenplan.flows import load_flows  # noqa: E402
from eenplan.sheets.reader import read_caseload  # noqa: E402
from eenplan.stats.charts import charts  # noqa: E402
from eenplan.stats.figures import default_period, figures  # noqa: E402
from eenplan.stats.writers import write_xlsx  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
START, END = default_period(TODAY)


def eenplan_stats(path: Path, out: Path) -> dict[str, float]:
    """The whole job, as `eenplan stats` runs it; returns the time of each part."""
    times = {}
    started = time.perf_counter()
    caseload = read_caseload(path)
    times["read"] = time.perf_counter() - started
    mark = time.perf_counter()
    report = figures(caseload, load_flows(), start=START, end=END, today=TODAY)
    times["figures"] = time.perf_counter() - mark
    mark = time.perf_counter()
    drawn = charts(report)
    times["charts"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_xlsx(report, drawn, out)
    times["xlsx"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    return times


def main() -> int:
    path = big_workbook(50_000)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Statistiek.xlsx"
        eenplan_stats(path, out)  # warm: imports, matplotlib's font cache
        # the two take turns, so that a busy moment of the machine weighs on both alike
        runs, bares = [], []
        for _ in range(4):
            runs.append(eenplan_stats(path, out))
            bares.append(best_of(1, bare_read, path))
        best = min(runs, key=lambda r: r["total"])
        report = figures(read_caseload(path), load_flows(), start=START, end=END, today=TODAY)
    bare = min(bares)
    ratio = best["total"] / bare
    month = report.table("per_maand").row("Totaal")
    closed = report.table("afgesloten").row("Totaal")
    print(f"50,000 dossiers, period {START} to {END}: {month['aanmeldingen']} registrations, "
          f"{month['pct_binnen_norm']}% on time, {closed['afgesloten']} closed")
    print(f"  bare python-calamine read: {bare:.2f} s")
    print(f"  eenplan stats (xlsx):      {best['total']:.2f} s  (read {best['read']:.2f}, figures "
          f"{best['figures']:.2f}, charts {best['charts']:.2f}, xlsx {best['xlsx']:.2f})")
    print(f"  ratio:                     {ratio:.2f}x  (target <= 2x) {'OK' if ratio <= 2 else 'MISSED'}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
