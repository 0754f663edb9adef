"""`eenplan check` against python-calamine reading the same sheets bare, both as whole processes.

Targets (issue 18): `eenplan check` at 50,000 dossiers (3 network rows each) <= 1.2x a bare
python-calamine process reading the same sheets, in time and, at 100,000 dossiers, in peak
memory; a 1,000-dossier `check` under 0.3 s as a whole process (issue 2 asked 0.6 s). Each
figure comes from pairs run interleaved in the same run (eenplan, then its baseline), median
ratio; CPU time is printed beside the wall time, since the machine is shared.

A columnar read was measured against the rows eenplan reads now (issue 18 asks which wins):
fastexcel (calamine under it too) reading the same six sheets to Arrow. When fastexcel and
pyarrow are installed (`uv pip install fastexcel pyarrow`; eenplan does not need them), the
benchmark runs that process too, interleaved, and prints its ratio to the bare calamine read.
On 2026-11-28 (2 cores shared with other work, load 2.3-3.0), medians of 5 rounds: at 50,000
dossiers bare calamine 3.76 s CPU, fastexcel to Arrow 2.75 s (0.72x; 0.2 s of it importing
pyarrow), eenplan check 6.14 s (1.62x); at 100,000, peak memory 336 MB, 291 MB (0.87x) and
433 MB (1.29x; 473 MB before the reader read the largest sheet first). fastexcel is faster
mostly because python-calamine's get_sheet_by_name parses each sheet's XML twice (the cells,
then again for the merged cells) and copies every string. It was not adopted: fastexcel gives
one type a column, so the cells that matter to `check` change on the way in. A date typed as
text in a date column ("29/01/2025") comes back as an error without its text in a "date"
column; in a "string" column every real date becomes "2024-07-20 00:00:00", a number 7 "7"
and TRUE "true", so a date typed as text can no longer be told from a real one, nor a phone
number typed as a number from text; "strict" refuses such a column outright. The only way
back to each cell's own value is the debug text of fastexcel's cell errors
(`String("29/01/2025")`), one Python object a cell that does not fit, or a second full read.
Findings would not stay the same, so `check` stays above 1.2x in time: what eenplan adds to
the read (start-up, the far-cell scan, records, rules, output) is about 0.6x of it.

Threads (issue 18, later the same day): python-calamine lets go of the GIL while it parses,
and the bare read of the six sheets in two threads took 2.0 s instead of 3.5 s. In eenplan the
two large sheets (Netwerk, Dossiers) cannot be parsed at once within the memory target (at
100,000 dossiers 530-580 MB against 368 MB one by one, in-process); parsing only the small
sheets beside the largest saved 3% of the read's wall time at 50,000 (5.70 s against 5.90 s,
load 2-3) for 5% more CPU and 468 MB at 100,000 (what a thread's parse frees stays in its own
malloc arena). So the reader parses one sheet at a time (the measurement is kept in
reader._Reading._reading_order's docstring). What did help memory: each sheet's rows made into
Python rows as they are picked (iter_rows) rather than all at once, and one object for a value
a column repeats; `check` at 100,000 went from 433 MB (1.29x) to 372 MB (1.10x), `overdue`
reached 403 MB (1.19x).
Measured then (load 1.8-3.1, medians of 5 interleaved rounds): `check` at 50,000 dossiers
1.87x wall, 1.91x CPU of the bare read; `overdue` 1.94x wall, 2.16x CPU; a 1,000-dossier
`check` 0.34 s (0.33 s CPU). Of `overdue`'s CPU, 0.7-0.8 s at 50,000 is Python's cycle
collector walking the records after the read (`check`: 0.27 s); `gc.freeze()` once the
caseload is read (in a one-shot command, not the watcher) left 0.26 s of it.
Later (load 2-3): a date column of real dates made in C (39 -> 16 ms a 150,000-cell column),
shared values with one dict look-up (12 -> 6 ms), `overdue` no longer grouping Netwerk by
dossier nor making a tuple of pauses per open dossier, and no "<f" bytes test in the far-cell
scan of a workbook Excel saved (its calcChain says where the formulas are; ~0.07 s at 50,000,
not this openpyxl-made benchmark). Against main in interleaved pairs at 50,000: `overdue` 0.95x
CPU and memory, `check` 1.01x (within the noise). This benchmark then: `check` 1.59x CPU
(1.94x wall at load 3), memory 1.11x; `overdue` 1.72x CPU, memory 1.17x; a 1,000-dossier check
0.34-0.36 s CPU. Tried and not kept: converting a number, hour or choice column a value at a
time (slower than the cell loop, which mostly meets empty cells); the row test and the e-mail
test through map/compress (no faster); a memchr-style search for "<f" (no faster: Netwerk has
an "f" in every row). Left to the CLI, measured: the cycle collector's young-generation pass
when the reader turns it back on costs 0.105 s at 50,000 (243,000 objects) before gc.freeze();
and json.dumps(indent=2) takes Python's encoder: 0.20 s against 0.06 s compact for overdue's
6.9 MB at 50,000.
Later again (28/11 evening, load ~1): a pipeline rather than two parses at once, one worker
thread parsing the next sheet while this one becomes records (never two parses together; branch
`prefetch`, not merged). `check` at 50,000 4.86 s against 5.62 s (-13%, the same output; 1.28x
a bare read of ~3.8 s), but peak memory at 100,000 445-470 MB against 381 MB (1.32-1.40x the
bare read, target 1.2x), in every order of the sheets tried and with MALLOC_ARENA_MAX=1 alike:
the next sheet's calamine cells (~60 MB at 100,000) sit beside the current one's. The time
target and the memory target pull apart here. What was kept instead, measured by a helper:
A pipeline (evening of 2026-11-28, load 0.5-1.4; mine/main from interleaved pairs, medians of
5): the far-cell pass looks at the largest sheet first and at the others in a thread while
calamine parses it (0.945x wall, 0.98x CPU at 50,000); then each sheet after the second parsed
in a thread while the one before it is made into records: with both, 0.91x wall and 0.98x CPU
at 50,000, 0.89x wall at 100,000, memory 387 against 372 MB; a 1,000-dossier check unchanged
(1.01x wall). Dropped: the second large sheet put last so it too is parsed beside Python work
(413 MB at 100,000, 1.23x the bare read) and a first-cell fast path for the row test (no
faster). An e-mail column tested with all(map(fullmatch)): 133 -> 85 ms for 150,000 cells.
The JSON of `check` at 50,000 is 1.2 MB: 27 ms with indent=2, 16 ms compact, not worth a
faster path (`overdue`'s 6.9 MB is). This benchmark then (load 0.5-1.1): `check` at 50,000
1.31x wall, 1.44x CPU of the bare read; memory at 100,000 1.16x (390 MB); 1,000 dossiers
0.32 s (0.22-0.30 s in pairs with main, same as main).
29/11 02:52 (load 0.5-1.0), the reader's code unchanged: `check` at 50,000 5.81 s against 3.73 s
(1.49x wall, 1.63x CPU); memory at 100,000 411 MB against 336 MB (1.22x; three more runs by hand
398-426 MB; with MALLOC_ARENA_MAX=1 405-408 MB, so not the worker thread's malloc arena: the
cause of the spread was not found); 1,000 dossiers 0.25 s. Against the code of the evening
before (1ff62cc), taking turns by hand: 4.5-5.6 s both; the machine moved more than the code.
29/11 05:00-05:30 (load 0.5-1.1, a fresh machine): a timeline of one check at 50,000 (the far-cell
look at Netwerk 0.16 s, its parse 0.84 s, its records 0.40 s, Dossiers' parse 0.67 s, its records
0.46 s, the rules 0.26 s) showed the second large sheet's parse waiting for the first's records.
Kept: that parse starts once the first sheet's rows are picked (calamine's cells of it let go),
so it runs beside the first's column work; and every sheet is parsed on the one parser thread.
Against the code before, 5 interleaved processes: 50,000 0.93x wall, 212 against 205 MB; 100,000
0.91x, 399 against 387 MB; 10,000 0.97x, 71 against 68 MB. Not kept: the largest parsed on the
main thread (389 MB at 100,000 but 236 MB at 50,000, every run: the thread's malloc arena); the
second largest read first, so the largest's far-cell look and parse come beside its records
(0.91x, but 425 MB at 100,000); every next sheet started only once the current one's cells are
let go (the same 399 MB, no faster). Kept too: the formula tag searched with re (0.026 s against
0.06 s for `b"<f" in data` on Netwerk's 65 MB, where "<" comes every few bytes). This benchmark
then: `check` at 50,000 2.74 s against 1.92 s (1.43x wall, 1.70x CPU; the same code before these
changes gave 1.49x that morning); memory at 100,000 399 against 336 MB (1.19x); 1,000 dossiers
0.17 s. What check adds to the read at 50,000: start-up 0.08 s, the far-cell look at the largest
sheet before calamine may parse it 0.12 s, records not beside a parse ~0.5 s, rules 0.27 s,
output 0.05 s.
29/11 13:40-14:20 (load 0.3-1.2): `check` at 50,000 2.94 s against 1.96 s (1.50x wall, 1.82x CPU);
memory at 100,000 401 MB (1.19x); 1,000 dossiers 0.16 s. Where the ratio comes from, measured with
a copy of the 50,000 workbook whose sheets each hold an empty <mergeCells> ahead of their data, so
that python-calamine's second pass over each sheet (get_sheet_by_name always looks for merged cells,
reading the sheet's XML to its end) stops at once: Netwerk 0.80 -> 0.51 s, Dossiers 0.59 -> 0.37 s;
whole processes, 5 interleaved rounds: `check` 2.45 s (1.20x the bare read of the usual workbook),
the bare read itself 1.37 s (against which `check` is 1.79x). So the gap is what eenplan adds to the
read, a good second of Python at 50,000 (records ~0.8 s CPU, rules ~0.4 s, the far-cell look, output),
of which ~0.95 s lies on the critical path; 1.2x leaves 0.4 s for it. Tried and not kept that day:
the second large sheet parsed as soon as the first is parsed, before its rows are picked (433 MB at
100,000, 1.29x; calamine's cells of the next sheet grow beside the first's while they are picked);
each dossier number's key worked out once a number for the rules and the groupings alike
(duplicate_network_member 0.114 -> 0.118 s: a pass over 150,000 records costs what the keys cost).
Later that day (15:25-15:35, load 0.4-1.0), with the new rules (a guest without a first name: 0.39 s
at 50,000 before its quick look, 0.04 s after; an undated agreement a later version replaces):
`check` at 50,000 3.10 s against 2.01 s (1.49x wall, 1.80x CPU); memory at 100,000 400 MB (1.19x);
1,000 dossiers 0.18 s.
29/11 18:20-18:30 (load 0.7-1.0), after the evening's fixes (two new rules, 0.02 s at 50,000; the report
writer's imports made lazy again): `check` at 50,000 2.96 s against 1.96 s (1.49x wall, 1.77x CPU);
memory at 100,000 401 MB (1.19x; 405 MB, 1.21x, before the lazy imports: sqlite3 and hashlib had come
in with flows.jobs and files.sha256_of); 1,000 dossiers 0.22 s.
"""

from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_workbook import big_workbook  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
SHEETS = ("Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")
PAIRS = 5

BARE = f"""
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in sys.argv[2:] or {SHEETS!r}:
    book.get_sheet_by_name(name).to_python(skip_empty_area=False)
book.close()
"""
FASTEXCEL = f"""
import sys, fastexcel
book = fastexcel.read_excel(sys.argv[1])
for name in {SHEETS!r}:
    book.load_sheet(name, header_row=None).to_arrow()
"""


def bare_read(path: Path, sheets: Sequence[str] = SHEETS) -> None:
    """The baseline in this process (for profiling; the targets are whole processes)."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in sheets:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    book.close()


def best_of(runs: int, function: Callable[..., object], *args: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return min(times)


class Run:
    """One whole process: wall time, CPU time (user + system) and peak memory (MB)."""

    def __init__(self, command: Sequence[str]) -> None:
        environment = dict(os.environ)
        environment.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as on a user's machine
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        self.wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        self.cpu = usage.ru_utime + usage.ru_stime
        self.memory = usage.ru_maxrss / 1024
        if process.returncode not in (0, 1):  # 1: the check found errors, as it should here
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")


def scripts(folder: Path) -> dict[str, Path]:
    """The baselines as files (python -c would hide what runs in `ps`)."""
    paths = {}
    for name, text in (("bare", BARE), ("fastexcel", FASTEXCEL)):
        paths[name] = folder / f"baseline_{name}.py"  # not fastexcel.py: that would import itself
        paths[name].write_text(text, encoding="utf-8")
    return paths


def has_fastexcel() -> bool:
    try:
        import fastexcel  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def interleaved(commands: dict[str, list[str]], pairs: int = PAIRS) -> dict[str, list[Run]]:
    """Each command once a round, in turn, ``pairs`` rounds (one warm-up round first)."""
    for command in commands.values():
        Run(command)
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(pairs):
        for name, command in commands.items():
            runs[name].append(Run(command))
    return runs


def ratio(ours: list[Run], base: list[Run], what: str = "wall") -> float:
    return statistics.median(getattr(m, what) / getattr(b, what) for m, b in zip(ours, base, strict=True))


def show(name: str, runs: list[Run]) -> str:
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    memory = statistics.median(r.memory for r in runs)
    return f"  {name:<28} {wall:5.2f} s wall, {cpu:5.2f} s CPU, {memory:4.0f} MB"


def compare(command: str, label: str, *, target: float = 1.2, reads: Sequence[str] = SHEETS) -> bool:
    """``eenplan <command>`` at 50,000 dossiers (time) and 100,000 (memory) against the bare
    read, and at 1,000 as a whole process; prints the figures, True when every target is met.

    The target is against a bare read of the whole workbook (its six sheets), as the issue set
    it. A command that reads fewer sheets (``reads``: `overdue` leaves Netwerk unread) is also
    shown against a bare read of just those, so that its own work on them stays in sight."""
    python = sys.executable
    ok = True
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; medians of {PAIRS} interleaved rounds")
    with tempfile.TemporaryDirectory() as name:
        paths = scripts(Path(name))
        for count, what in ((50_000, "wall"), (100_000, "memory")):
            path = str(big_workbook(count))
            commands = {
                f"eenplan {command}": [python, "-m", "eenplan", command, "--workbook", path,
                                       "--as-of", TODAY.isoformat(), "--format", "json"],
                "bare python-calamine read": [python, str(paths["bare"]), path],
            }
            fewer = tuple(reads) != SHEETS
            if fewer:
                commands[f"bare read, {len(reads)} sheets"] = [python, str(paths["bare"]), path, *reads]
            if has_fastexcel():
                commands["fastexcel to Arrow"] = [python, str(paths["fastexcel"]), path]
            runs = interleaved(commands)
            ours, bare = runs[f"eenplan {command}"], runs["bare python-calamine read"]
            print(f"{count:,} dossiers:")
            for name_, measured in runs.items():
                print(show(name_, measured))
            time_ratio, cpu_ratio = ratio(ours, bare), ratio(ours, bare, "cpu")
            memory_ratio = ratio(ours, bare, "memory")
            print(f"  (load after these rounds: {os.getloadavg()[0]:.1f})")
            if "fastexcel to Arrow" in runs:
                fast = runs["fastexcel to Arrow"]
                print(f"  fastexcel / bare calamine:   {ratio(fast, bare):.2f}x wall, "
                      f"{ratio(fast, bare, 'cpu'):.2f}x CPU, {ratio(fast, bare, 'memory'):.2f}x memory")
            if fewer:
                own = runs[f"bare read, {len(reads)} sheets"]
                print(f"  {label} / bare read of the same {len(reads)} sheets ({', '.join(reads)}): "
                      f"{ratio(ours, own):.2f}x wall, {ratio(ours, own, 'cpu'):.2f}x CPU, "
                      f"{ratio(ours, own, 'memory'):.2f}x memory")
            if what == "wall":
                met = time_ratio <= target
                print(f"  {label} / bare read:  {time_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU "
                      f"(target <= {target:g}x) {'OK' if met else 'MISSED'}")
            else:
                met = memory_ratio <= target
                print(f"  {label} / bare read:  {memory_ratio:.2f}x peak memory "
                      f"(target <= {target:g}x) {'OK' if met else 'MISSED'}; "
                      f"{time_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU")
            ok &= met
    small = str(big_workbook(1_000))
    runs = interleaved({"small": [python, "-m", "eenplan", command, "--workbook", small,
                                  "--as-of", TODAY.isoformat(), "--format", "json"]}, pairs=7)
    median = statistics.median(r.wall for r in runs["small"])
    cpu = statistics.median(r.cpu for r in runs["small"])
    print(f"1,000 dossiers, whole process: median {median:.2f} s ({cpu:.2f} s CPU) over 7 runs "
          f"(target < 0.3 s) {'OK' if median < 0.3 else 'MISSED'}")
    return ok and median < 0.3


def main() -> int:
    return 0 if compare("check", "check") else 1


if __name__ == "__main__":
    sys.exit(main())
