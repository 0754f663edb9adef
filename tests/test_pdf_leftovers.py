"""Making PDFs copies a family's letters to a work folder: inside the team folder (.eenplan/pdf/),
never the system's temporary folder, and what a killed run left there is removed at the next
start. A real `eenplan invite --pdf` is killed (kill -9) while LibreOffice converts."""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from eenplan.docx_templates import pdf
from eenplan.docx_templates.pdf import LEFTOVER_AFTER, WORK_FOLDER, remove_leftovers
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder

D = datetime.date


def _team(root: Path) -> Path:
    root.mkdir()
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja")
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(14, 0))
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(root / "Caseload.xlsx")
    return root


def _work(root: Path) -> list[Path]:
    folder = root / ".eenplan" / WORK_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _eenplans_in(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith("eenplan-pdf-")]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDFs")
@pytest.mark.skipif(os.name == "nt", reason="kill -9 is POSIX")
def test_a_run_killed_mid_conversion_leaves_its_copies_in_the_team_folder_until_the_next_start(
        tmp_path):
    root = _team(tmp_path / "team")
    system = tmp_path / "systeem-temp"
    system.mkdir()
    env = {**os.environ, "TMPDIR": str(system), "TEMP": str(system), "TMP": str(system)}
    command = [sys.executable, "-m", "eenplan", "invite", "2026-001", "--pdf", "--team", str(root),
               "--as-of", "2026-11-23"]
    said = tmp_path / "uitvoer.txt"
    with said.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:  # until LibreOffice runs, named in the work folder beside the letters' copies
            named = [w / "processen" for w in _work(root) if (w / "processen").is_file()]
            fields = named[0].read_text(encoding="utf-8").split() if named else []
            if len(fields) == 3:
                break
            assert process.poll() is None, said.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "LibreOffice did not start"
            time.sleep(0.01)
        (work,) = _work(root)
        assert any((work / "in").iterdir())  # the family's letters, copied
        assert _eenplans_in(system) == []  # ... and not to the system's temporary folder
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    libreoffice = int(fields[2])
    deadline = time.monotonic() + 120
    while not _gone(libreoffice):  # it outlives eenplan, and may still write its PDFs there
        assert time.monotonic() < deadline, "LibreOffice did not end"
        time.sleep(0.1)
    assert _work(root) == [work]  # left behind by the killed run
    again = subprocess.run([sys.executable, "-m", "eenplan", "watch", "--once", "--team", str(root),
                            "--as-of", "2026-11-23"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _work(root) == []  # removed at the next start
    assert _eenplans_in(system) == []


def test_only_eenplans_own_work_folders_of_processes_that_are_gone_are_removed(tmp_path,
                                                                             monkeypatch):
    team = find_team(team=_team(tmp_path / "team"))
    parent = team.state_dir / WORK_FOLDER
    parent.mkdir(parents=True)
    here = pdf._computer()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()

    def folder(name: str, processes: str | None) -> Path:
        path = parent / name
        (path / "in").mkdir(parents=True)
        (path / "in" / "0000.docx").write_bytes(b"a letter")
        if processes is not None:
            (path / "processen").write_text(processes, encoding="utf-8")
        return path

    killed = folder(".eenplan-pdf-killed", f"{here} {dead.pid}")
    running = folder(".eenplan-pdf-running", f"{here} {os.getpid()} {dead.pid}")  # LibreOffice ended
    starting = folder(".eenplan-pdf-starting", None)  # not yet named: young, left alone
    elsewhere = folder(".eenplan-pdf-elsewhere", f"een-andere-pc {dead.pid}")
    someone = folder("iemands-map", f"{here} {dead.pid}")  # not an eenplan name
    system = tmp_path / "systeem-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    old = system / "eenplan-pdf-abc123"  # an earlier version's, in the system's temporary folder
    (old / "in").mkdir(parents=True)
    young = system / "eenplan-pdf-def456"
    young.mkdir()
    other = system / "iets-anders"
    other.mkdir()
    past = time.time() - LEFTOVER_AFTER - 60
    os.utime(old, (past, past))
    os.utime(other, (past, past))

    assert remove_leftovers(team) == 2
    assert not killed.exists() and not old.exists()
    assert running.exists() and starting.exists() and elsewhere.exists() and someone.exists()
    assert young.exists() and other.exists()
    # older than any conversion lasts: whoever made it, it is a leftover
    later = time.time() + LEFTOVER_AFTER + 60
    assert remove_leftovers(team, now=later) == 4  # running, starting, elsewhere; young
    assert someone.exists() and other.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDFs")
def test_a_conversion_leaves_nothing_behind(tmp_path, monkeypatch):
    from eenplan.docx_templates.documents import invitations_for
    from eenplan.team.caseload import load_caseload

    system = tmp_path / "systeem-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    team = find_team(team=_team(tmp_path / "team"))
    made = invitations_for(team, load_caseload(team), "2026-001", None, today=D(2026, 11, 23),
                           pdf=True)
    assert any(p.suffix == ".pdf" for p in made.written)
    assert _work(team.base) == [] and _eenplans_in(system) == []
    assert pdf.soffice() is not None
