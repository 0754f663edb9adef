"""`eenplan stats` against python-calamine reading the same sheets bare, in the same run; and a
partnership's combining.

Targets (issue 16):
- the report for 10,000 dossiers, from reading the workbook to the written xlsx with its charts,
  <= 2x the bare read;
- combining 16 partnerships' files of 10 teams each (160 region files of a year), from reading
  the files to the written xlsx with its charts, under 2 s.

eenplan and the baseline take turns in the same run, so a busy moment of the machine weighs on
both alike; the ratio printed is the median of the runs' ratios. Timings are printed, never
asserted in a test.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import bare_read  # noqa: E402
from big_workbook import big_workbook  # noqa: E402

from eenplan.flows import load_flows  # noqa: E402
from eenplan.sheets.reader import read_caseload  # noqa: E402
from eenplan.stats.charts import charts  # noqa: E402
from eenplan.stats.figures import default_period, figures  # noqa: E402
from eenplan.stats.jobs import combine_region_files  # noqa: E402
from eenplan.stats.regional import aggregates  # noqa: E402
from eenplan.stats.writers import write_xlsx  # noqa: E402
from eenplan.team.folder import find_team  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
START, END = default_period(TODAY)
RUNS = 5


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


def region_files(folder: Path, count: int) -> list[Path]:
    """``count`` teams' region files of a year, each from a team-sized caseload (the 1,000-dossier
    workbook read once), under another team name each."""
    caseload = read_caseload(big_workbook(1_000))
    data = aggregates(caseload, load_flows(), start=START, end=END, today=TODAY, team="Team")
    paths = []
    for number in range(count):
        path = folder / f"team-{number:03d}.json"
        text = json.dumps({**data, "team": f"Team {number:03d}"}, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


BARE_PROCESS = """
import sys
sys.path.insert(0, {folder!r})
from bench_check import bare_read
from pathlib import Path
bare_read(Path({workbook!r}))
"""


# as installed (pip and uv write the bytecode): a process that compiles every module it imports
# measures the compiler, not eenplan
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    return time.perf_counter() - started


def whole_process() -> tuple[float, float, int]:
    """`eenplan stats` for the demo team as a whole process (start-up, imports, the xlsx with its
    charts) and a whole process that reads the same workbook bare, taking turns; medians."""
    with tempfile.TemporaryDirectory() as folder:
        team = Path(folder) / "demo"
        as_of = TODAY.isoformat()
        subprocess.run([sys.executable, "-m", "eenplan", "demo", str(team), "--as-of", as_of],
                       check=True, capture_output=True, env=ENVIRONMENT)
        workbook = find_team(team=team).workbook
        dossiers = len(read_caseload(workbook).dossiers)
        stats = [sys.executable, "-m", "eenplan", "stats", "--team", str(team), "--as-of", as_of]
        bare = [sys.executable, "-c", BARE_PROCESS.format(folder=str(Path(__file__).resolve().parent),
                                                          workbook=str(workbook))]
        timed(stats)  # warm: the disk cache, the bytecode, matplotlib's font cache
        runs, bares = [], []
        for _ in range(RUNS):
            runs.append(timed(stats))
            bares.append(timed(bare))
    return statistics.median(runs), statistics.median(bares), dossiers


def main() -> int:
    process, bare_process, dossiers = whole_process()
    print(f"eenplan stats for the demo team ({dossiers} dossiers) as a whole process, "
          f"{RUNS} runs taking turns:")
    print(f"  a process reading the workbook bare: {bare_process:.2f} s (median)")
    print(f"  eenplan stats (xlsx, charts):        {process:.2f} s median  (target < 0.4 s) "
          f"{'OK' if process < 0.4 else 'MISSED'}")
    path = big_workbook(10_000)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Statistiek.xlsx"
        eenplan_stats(path, out)  # warm: imports, matplotlib's font cache
        runs, bares = [], []
        for _ in range(RUNS):
            runs.append(eenplan_stats(path, out))
            started = time.perf_counter()
            bare_read(path)
            bares.append(time.perf_counter() - started)
        ratios = [run["total"] / bare for run, bare in zip(runs, bares, strict=True)]
        ratio = statistics.median(ratios)
        middle = sorted(runs, key=lambda r: r["total"])[len(runs) // 2]
        files = region_files(Path(folder), 160)
        size = sum(p.stat().st_size for p in files) / len(files)
        combine_region_files(files, name="Vlaanderen", folder=Path(folder), today=TODAY, output_format="xlsx")
        combining = []
        for _ in range(RUNS):
            started = time.perf_counter()
            combine_region_files(files, name="Vlaanderen", folder=Path(folder), today=TODAY,
                                 output_format="xlsx")
            combining.append(time.perf_counter() - started)
    combined = statistics.median(combining)
    print(f"10,000 dossiers, period {START} to {END}, {RUNS} runs taking turns:")
    print(f"  bare python-calamine read: {statistics.median(bares):.2f} s (median)")
    print(f"  eenplan stats (xlsx):      {middle['total']:.2f} s  (read {middle['read']:.2f}, figures "
          f"{middle['figures']:.2f}, charts {middle['charts']:.2f}, xlsx {middle['xlsx']:.2f})")
    verdict = "OK" if ratio <= 2 else "MISSED"
    print(f"  ratio:                     {ratio:.2f}x median  (target <= 2x) {verdict}")
    print(f"160 region files of a year ({size / 1024:.0f} kB each on average), read, added up, suppressed,")
    print(f"  written as xlsx with charts: {combined:.2f} s median  (target < 2 s) "
          f"{'OK' if combined < 2 else 'MISSED'}")
    return 0 if ratio <= 2 and combined < 2 and process < 0.4 else 1


if __name__ == "__main__":
    sys.exit(main())
