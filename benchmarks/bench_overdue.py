"""`eenplan overdue` against python-calamine reading the same sheets bare, both as whole processes.

Targets (issue 18): `eenplan overdue` at 50,000 dossiers (3 network rows each) <= 1.2x a bare
python-calamine process reading the same sheets, in time and, at 100,000 dossiers, in peak
memory (issue 3 asked 1.5x, in process). The pairs are interleaved, median ratio; bench_check.py
says how and why a columnar read (fastexcel to Arrow) was measured and not adopted. Prints the
figures; exits 1 when a target is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import compare  # noqa: E402


def main() -> int:
    return 0 if compare("overdue", "overdue") else 1


if __name__ == "__main__":
    sys.exit(main())
