"""`eenplan overdue` against python-calamine reading the workbook bare, both as whole processes.

Targets (issue 18): `eenplan overdue` at 50,000 dossiers (3 network rows each) <= 1.2x a bare
python-calamine process reading the workbook's six sheets, in time and, at 100,000 dossiers, in
peak memory (issue 3 asked 1.5x, in process). The pairs are interleaved, median ratio;
bench_check.py says how and why a columnar read (fastexcel to Arrow) was measured and not adopted.
Prints the figures; exits 1 when a target is missed.

Since 28/11 (evening) `overdue` reads only the sheets the list is made from: not Netwerk, the
largest (at 50,000 dossiers 5.8 s -> 3.8 s here, alone on the machine). So the benchmark also
shows it against a bare read of the same five sheets: that ratio is eenplan's own work on what
it reads, and it did not change.
With the reader's pipeline (bench_check.py), at 100,000 dossiers against main in 3 interleaved
pairs (load 1): 1.00x wall, 1.05x CPU, 286 MB against 268 (1.07x; 0.85x the bare read).
29/11 05:40 (load 0.8-1.0), every sheet parsed on the reader's one thread (bench_check.py): at
50,000 dossiers 1.82 s against 1.91 s (0.95x wall, 1.04x CPU; 1.94x a bare read of its five
sheets); at 100,000 283 MB against 336 (0.84x); 1,000 dossiers 0.14 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import compare  # noqa: E402

# what `eenplan overdue` reads (eenplan.flows.clocks.SHEETS_USED, with Lijsten): not Netwerk
READS = ("Dossiers", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")


def main() -> int:
    return 0 if compare("overdue", "overdue", reads=READS) else 1


if __name__ == "__main__":
    sys.exit(main())
