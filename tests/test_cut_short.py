"""Issue 17, case 2: a watcher killed or stopped mid-run leaves no duplicates behind.

A real `eenplan watch --once` process writes invitations for a few dozen dossiers; it is killed
(kill -9) or stopped (SIGTERM) while it writes, then run again. Every document is there once:
no "(2)" copies, and no line that says a person changed eenplan's own letters.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

D = datetime.date
DOSSIERS = 30
FILES_PER_DOSSIER = 5  # the family's letter, two others, the print file, the .ics

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kill -9 and SIGTERM are POSIX")


def _team(book, folder: Path) -> Path:
    for n in range(DOSSIERS):
        number = f"2026-{n:03d}"
        book.dossier(number, begeleider="An Claes", perspective_on=D(2026, 9, 20))
        book.network(number, name=f"Persoon {n} A", invite="ja")
        book.network(number, name=f"Persoon {n} B", invite="ja")
        book.round_table(number, date=D(2026, 12, 7))
    (folder / "eenplan.toml").write_text("", encoding="utf-8")
    book.save(folder / "Caseload.xlsx")
    return folder


def _watch(folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "eenplan", "watch", "--once", "--team", str(folder), "--as-of", "2026-11-23"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _documents(folder: Path) -> list[Path]:
    out = folder / "out"
    return [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")] if out.is_dir() else []


def _interrupt(folder: Path, signum: int) -> tuple[str, int]:
    """Start a watcher, send ``signum`` once about a third of its documents are there (in the
    middle of a dossier's letters); its output and exit code."""
    process = _watch(folder)
    try:
        deadline = time.monotonic() + 60
        while len(_documents(folder)) < DOSSIERS * FILES_PER_DOSSIER // 3 + 2:
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "no documents appeared"
            time.sleep(0.01)
        process.send_signal(signum)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return output, process.returncode


def _finish(folder: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "eenplan", "watch", "--once", "--team", str(folder), "--as-of", "2026-11-23"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.stdout


def _assert_each_document_once(folder: Path, restarted: str) -> None:
    names = [p.name for p in _documents(folder)]
    assert [n for n in names if "(2)" in n] == []
    assert len(names) == DOSSIERS * FILES_PER_DOSSIER
    assert "met de hand aangepast" not in restarted


def test_kill_9_mid_run_then_a_restart_makes_no_duplicates(book, tmp_path):
    folder = _team(book, tmp_path)
    _interrupt(folder, signal.SIGKILL)
    assert len(_documents(folder)) < DOSSIERS * FILES_PER_DOSSIER  # cut short indeed
    _assert_each_document_once(folder, _finish(folder))


def test_sigterm_stops_after_the_document_in_hand_records_it_and_exits_cleanly(book, tmp_path):
    folder = _team(book, tmp_path)
    output, code = _interrupt(folder, signal.SIGTERM)
    assert code in (0, 1), output  # the round's own exit code: 1 when the check found errors
    assert "Gestopt voor alle uitnodigingen gemaakt waren" in output and "Traceback" not in output
    made = len(_documents(folder))
    assert made < DOSSIERS * FILES_PER_DOSSIER
    assert not list((folder / "out").rglob(".eenplan-*"))  # nothing half-written left
    _assert_each_document_once(folder, _finish(folder))
