"""`eenplan check` against python-calamine reading the same sheets bare, in the same run.

Targets (issue 2): check <= 1.5x the bare read on 50,000 dossiers (3 network rows each), and
`eenplan check` as a whole process, Python start-up included, under 0.6 s on 1,000 dossiers.
"""

from __future__ import annotations

import datetime
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import python_calamine  # noqa: E402
from big_workbook import big_workbook  # noqa: E402

from eenplan.flows import (
    check,  # noqa: E402
    flow_names,  # noqa: E402
)
from eenplan.sheets.reader import read_caseload  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
SHEETS = ("Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")


def bare_read(path: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in SHEETS:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    book.close()


def eenplan_check(path: Path) -> int:
    report = check(read_caseload(path), today=TODAY, flow_names=flow_names())
    return len(report.findings)


def best_of(runs: int, function, *args) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    path = big_workbook(50_000)
    findings = eenplan_check(path)
    bare = best_of(3, bare_read, path)
    ours = best_of(3, eenplan_check, path)
    ratio = ours / bare
    print(f"50,000 dossiers, 150,000 network rows: {findings} findings")
    print(f"  bare python-calamine read: {bare:.2f} s")
    print(f"  eenplan check:             {ours:.2f} s")
    print(f"  ratio:                     {ratio:.2f}x  (target <= 1.5x) {'OK' if ratio <= 1.5 else 'MISSED'}")

    small = big_workbook(1_000)
    command = [sys.executable, "-m", "eenplan", "check", "--workbook", str(small),
               "--as-of", TODAY.isoformat(), "--format", "json"]
    wall = []
    for _ in range(7):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        wall.append(time.perf_counter() - started)
    median = statistics.median(wall)
    print(f"1,000 dossiers, whole process: median {median:.2f} s over 7 runs "
          f"(target < 0.6 s) {'OK' if median < 0.6 else 'MISSED'}")
    return 0 if ratio <= 1.5 and median < 0.6 else 1


if __name__ == "__main__":
    sys.exit(main())
