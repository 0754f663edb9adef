"""The watcher never dies on a bad save, and what it could not do it does by itself once the
cause goes away: its memory that could not be written (read-only, a full disk), its team folder
away in the middle of a run, a log file it cannot write. Real files in tmp_path, real processes
for what a terminal or a service sees.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eenplan.files import sha256_of as file_sha256
from eenplan.team.folder import find_team
from eenplan.watcher import run as watcher_run
from eenplan.watcher.lock import WatcherBusy, WatchLock
from eenplan.watcher.logs import logging_to
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching

D = datetime.date
BEAT = dataclasses.replace(FAST, heartbeat=0.3)


def _book(municipality: str = "Kapellen", *, round_table: bool = False) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", municipality=municipality, registered_on=D(2026, 11, 2))
    if round_table:  # invitations: documents written in the run that fails
        for who in ("Mia Maes", "Jan Claes"):
            book.network("2026-001", name=who, invite="ja")
        book.round_table("2026-001", date=D(2099, 12, 7))
    return book


def _chattr(flag: str, path: Path) -> bool:
    try:
        done = subprocess.run(["chattr", flag, str(path)], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """``path`` cannot be written while the block runs: immutable for root (whom file modes do
    not stop, as on the tester's machine), read-only for anyone else."""
    if os.geteuid() == 0:
        if not _chattr("+i", path):
            pytest.skip("this file system cannot make a file immutable (chattr +i)")
        try:
            yield
        finally:
            _chattr("-i", path)
        return
    mode = path.stat().st_mode
    path.chmod(0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def _leftovers(folder: Path) -> list[Path]:
    """eenplan's half-written files (its temporary names), anywhere in the team folder."""
    return [p for p in folder.rglob(".eenplan-*")]


def test_a_memory_that_cannot_be_written_is_said_once_and_the_version_done_when_it_can(tmp_path):
    team = make_team(tmp_path, _book())
    state = team.state_dir / "state.sqlite"
    with watching(team, timings=BEAT) as (watcher, lines):
        first = watcher.results[-1].sha256
        with _unwritable(state):
            excel_save(_book("Essen", round_table=True), team.workbook)
            eventually(lambda: any(".eenplan/" in line for line in lines), "the memory said")
            time.sleep(4 * BEAT.heartbeat)  # a few heartbeats that try again and fail again
            assert watcher.results[-1].sha256 == first  # not done, and not claimed done
        saved = file_sha256(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the version done by itself")
    assert sum(".eenplan/" in line for line in lines) == 1  # said once, not at every try
    done = watcher.results[-1]
    assert done.ok and done.invited == ("2026-001",) and done.kept == 0
    assert not done.problems
    assert not _leftovers(tmp_path)


def test_a_team_folder_away_during_a_run_is_waited_for_and_the_version_done_when_back(
        tmp_path, monkeypatch):
    share = tmp_path / "share"
    (share / "team").mkdir(parents=True)
    make_team(share / "team", _book())
    team = find_team(team=share / "team")
    real_work = watcher_run._work
    away = tmp_path / "away"

    def work_while_the_share_drops_out(*args, **kwargs):
        os.rename(share, away)  # the share drops out in the middle of the run
        return real_work(*args, **kwargs)

    with watching(team, timings=BEAT) as (watcher, lines):
        monkeypatch.setattr(watcher_run, "_work", work_while_the_share_drops_out)
        excel_save(_book("Essen"), team.workbook)
        eventually(away.exists, "the share dropped out during the run")
        monkeypatch.setattr(watcher_run, "_work", real_work)
        time.sleep(3 * BEAT.heartbeat)
        assert not watcher.gone
        os.rename(away, share)  # back
        saved = file_sha256(team.workbook)
        eventually(lambda: watcher.results[-1].sha256 == saved, "the version done once it is back")
    said = [line for line in lines if str(share) in line]
    assert len(said) == 2, "\n".join(said)  # away (once), back: nothing asks to start eenplan anew
    assert not any("eenplan.toml" in line for line in lines), lines


def _free(state_dir: Path) -> bool:
    if not state_dir.is_dir():  # not moved yet
        return False
    try:
        with WatchLock(state_dir):
            return True
    except WatcherBusy:
        return False


def test_a_team_folder_moved_during_a_run_stops_the_watcher_and_frees_its_lock(
        tmp_path, monkeypatch):
    (tmp_path / "Team").mkdir()
    team = make_team(tmp_path / "Team", _book())
    real_work = watcher_run._work

    def work_while_the_folder_is_renamed(*args, **kwargs):
        os.rename(tmp_path / "Team", tmp_path / "Team 2027")
        return real_work(*args, **kwargs)

    with watching(team, timings=BEAT) as (watcher, lines):
        monkeypatch.setattr(watcher_run, "_work", work_while_the_folder_is_renamed)
        excel_save(_book("Essen"), team.workbook)
        eventually(lambda: _free(tmp_path / "Team 2027" / ".eenplan"),
                   "the watcher stopped and freed its lock: a restart where it is now can watch")
        assert watcher.gone
    said = [line for line in lines if "Team" in line and "versie" not in line]
    assert len(said) == 1, said  # one line, the one that says it stopped
    assert not (tmp_path / "Team").exists()


def test_the_settings_of_a_folder_that_is_away_are_not_said_unreadable(tmp_path):
    share = tmp_path / "share"
    (share / "team").mkdir(parents=True)
    team = make_team(share / "team", _book())
    with watching(team, timings=BEAT) as (watcher, lines):
        os.rename(share, tmp_path / "away")
        eventually(lambda: watcher._away, "the outage seen")
        time.sleep(3 * BEAT.heartbeat)
        os.rename(tmp_path / "away", share)
        eventually(lambda: not watcher._away, "the return seen")
        time.sleep(2 * BEAT.heartbeat)
    assert not any("eenplan.toml" in line for line in lines), lines
    assert watcher.settings_problem == ""


def test_a_log_file_that_cannot_be_written_is_said_once_without_a_traceback(tmp_path, capfd):
    team = make_team(tmp_path, _book())
    said: list[str] = []
    with logging_to(team.state_dir, say=said.append) as log:
        with watching(team) as (watcher, lines):
            with _unwritable(log):
                if os.geteuid() != 0:
                    pytest.skip("an open log file stays writable for its owner after chmod")
                for n, place in enumerate(("Essen", "Brecht"), start=2):
                    excel_save(_book(place), team.workbook)
                    eventually(lambda n=n: len(watcher.results) == n, "the save done")
            excel_save(_book("Schilde"), team.workbook)  # it can write again: the lines go in
            eventually(lambda: len(watcher.results) == 4, "the save done")
            with _unwritable(log):
                excel_save(_book("Zoersel"), team.workbook)
                eventually(lambda: len(watcher.results) == 5, "the save done")
    output = capfd.readouterr()
    assert "Traceback" not in output.out + output.err
    assert "Logging error" not in output.out + output.err
    assert len(said) == 2, said  # once while it failed, once more when it failed again
    assert watcher.results[3].version in log.read_text(encoding="utf-8")


def _start(folder: Path, **streams: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "eenplan", "watch", "--team", str(folder)],
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, **streams)  # type: ignore[call-overload]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
    if process.stdout is not None:
        process.stdout.close()


def test_a_watcher_without_a_terminal_does_not_offer_ctrl_c(tmp_path):
    make_team(tmp_path, _book())
    process = _start(tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
    try:
        assert process.stdout is not None
        greeting = process.stdout.readline().decode("utf-8")
    finally:
        _stop(process)
    assert "bewaard wordt" in greeting, greeting
    assert "Ctrl-C" not in greeting


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal (pty)")
def test_a_watcher_in_a_terminal_says_how_to_stop_it(tmp_path):
    import pty

    make_team(tmp_path, _book())
    main, terminal = pty.openpty()
    process = _start(tmp_path, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    received = b""
    try:
        deadline = time.monotonic() + 60
        while b"\n" not in received and time.monotonic() < deadline:
            received += os.read(main, 1024)
    finally:
        _stop(process)
        os.close(main)
    assert b"Ctrl-C" in received.split(b"\n")[0], received
