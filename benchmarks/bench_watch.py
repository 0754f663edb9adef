"""From a new version renamed onto the workbook to refreshed reports, with the watcher's own waits.

Targets (issue 5), on a 1,000-dossier workbook: median under 1 s with inotify, under 2 s with
`--poll 1`. The watcher runs with its default timings (debounce, stability check) on a thread;
each round renames a new version onto the workbook the way Excel does and waits for the run.

Two kinds of save are measured: one that changes a cell the reports show (a municipality: the
check report is rewritten), and one that also changes what is overdue (a registration date:
the overdue list is rewritten too). A report whose content did not change is not rewritten.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_workbook import big_workbook  # noqa: E402

from eenplan.team.folder import find_team  # noqa: E402
from eenplan.watcher.loop import Watcher  # noqa: E402

ROUNDS = 9


def two_versions(folder: Path, cell: str) -> tuple[Path, Path]:
    """The 1,000-dossier workbook and a copy with one cell on Dossiers changed."""
    import datetime

    from openpyxl import load_workbook

    first = shutil.copy(big_workbook(1_000), folder / "versie-a.xlsx")
    book = load_workbook(first)
    sheet = book["Dossiers"]
    if cell == "municipality":
        sheet["D2"] = "Essen" if sheet["D2"].value != "Essen" else "Kapellen"
    else:  # the registration date of the last dossier: a step becomes overdue or not
        row = sheet.max_row
        sheet[f"H{row}"] = datetime.date(2026, 1, 5) if sheet[f"H{row}"].value else None
        sheet[f"I{row}"] = None
        sheet[f"K{row}"] = None
    second = folder / "versie-b.xlsx"
    book.save(second)
    return Path(first), second


def measure(poll: float | None, cell: str) -> list[float]:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        (root / "eenplan.toml").write_text('[team]\nnaam = "Bench"\n', encoding="utf-8")
        versions = two_versions(root, cell)
        shutil.copy(versions[1], root / "Caseload.xlsx")
        team = find_team(team=root)
        watcher = Watcher(team, poll=poll, out=lambda line: None)
        thread = threading.Thread(target=watcher.serve, daemon=True)
        thread.start()
        _wait(watcher.ready.is_set)
        times = []
        for round_ in range(ROUNDS):
            shutil.copy(versions[round_ % 2], root / "1A2B3C4D")
            done = len(watcher.results)
            started = time.perf_counter()
            os.replace(root / "1A2B3C4D", team.workbook)
            _wait(lambda done=done: len(watcher.results) > done)
            times.append(time.perf_counter() - started)
            time.sleep(0.2)
        watcher.stop()
        thread.join(30)
        assert all(result.ok for result in watcher.results), [r.lines() for r in watcher.results]
        return times


def _wait(condition, deadline: float = 60.0) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("the watcher did not run in time")
        time.sleep(0.005)


def main() -> int:
    ok = True
    print("1,000 dossiers, from the rename of a new version to refreshed reports:")
    for cell, what in (("municipality", "a municipality changed"),
                       ("registration", "what is overdue changed")):
        for label, poll, target in (("inotify", None, 1.0), ("--poll 1", 1.0, 2.0)):
            times = measure(poll, cell)
            median = statistics.median(times)
            ok &= median < target
            print(f"  {what + ',':<25} {label:<9} median {median:.2f} s over {len(times)} saves "
                  f"(min {min(times):.2f}, max {max(times):.2f}; target < {target:g} s) "
                  f"{'OK' if median < target else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
