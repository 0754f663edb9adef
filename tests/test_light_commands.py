"""`check` and `overdue` read the workbook and print: they load no code for writing documents,
mail, the state or statistics. Each such import is start-up time and memory in the commands a team
runs most (issue 18: the 1,000-dossier `check` under 0.3 s, memory at 100,000 within 1.2x).

Before: the report writer came in with flows.jobs, and with it the state (sqlite3) and OpenSSL
(hashlib): 5 MB more at every size, for a file `check --format json` never writes.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest

HEAVY = ("sqlite3", "_hashlib", "docx", "docxtpl", "icalendar", "smtplib", "matplotlib", "openpyxl")

PROBE = """
import json, sys
from eenplan.cli import main
sys.argv = ["eenplan", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["check", "overdue"])
def test_a_command_that_only_reads_loads_nothing_to_write(book, tmp_path, command):
    book.dossier("2026-001", begeleider="An Claes", perspective_on=datetime.date(2026, 9, 10))
    path = book.save(tmp_path / "Caseload.xlsx")
    arguments = [command, "--workbook", str(path), "--as-of", "2026-11-23", "--format", "json"]
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), json.dumps(arguments)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60, check=True)
    assert json.loads(done.stdout)  # it did its work
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
