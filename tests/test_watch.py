"""The watcher on real folders with real file-system events: saves in, runs and reports out."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.watcher.complete import Timings, is_save, is_temporary
from eenplan.watcher.lock import LOCK_NAME, WatcherBusy
from eenplan.watcher.loop import Watcher
from eenplan.watcher.run import OK, UNREADABLE
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching


def _findings(report: Path) -> list[tuple[str, str]]:
    sheet = openpyxl.load_workbook(report).active
    return [(row[3], row[8]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_excel_save_refreshes_the_check_report(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    report = team.reports_dir / "Controle.xlsx"
    with watching(team) as (watcher, lines):
        assert watcher.results[0].outcome == OK
        assert _findings(report) == []
        book.dossier("2026-002", municipality="Antwerpen")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
    assert watcher.results[1].ok and watcher.results[1].errors == 1
    assert _findings(report) == [("2026-002", "unknown-municipality")]
    assert "versie" in lines[-2] and "1 fout" in lines[-2]
    assert lines[-1].endswith("Gestopt.")
    assert not list(tmp_path.glob("1A2B3C4D")) and not list(team.reports_dir.glob(".eenplan-*"))


@pytest.mark.parametrize("timings", [FAST, Timings()], ids=["fast", "default"])
def test_excel_s_whole_save_dance_is_one_run(tmp_path, book, timings):
    """Excel: lock file on open; new version in a hex-named file; the old one moved aside to a
    .tmp; the new one renamed onto the workbook; the old one deleted; lock file gone on close.
    Also with the watcher's own timings: its short quiet still makes one run of the dance."""
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    lock = tmp_path / "~$Caseload.xlsx"
    with watching(team, timings=timings) as (watcher, lines):
        lock.write_bytes(b"\x0bAn Claes" + b" " * 150)
        book.dossier("2026-002")
        book.save(tmp_path / "5D2C9A01")
        os.rename(team.workbook, tmp_path / "~DF3A1B.tmp")
        os.rename(tmp_path / "5D2C9A01", team.workbook)
        (tmp_path / "~DF3A1B.tmp").unlink()
        lock.unlink()
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
        time.sleep(timings.quiet * 2)  # room for a wrong second run to show
    assert [r.outcome for r in watcher.results] == [OK, OK]
    assert not any("er niet meer" in line for line in lines)


def test_ten_quick_saves_are_one_run(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    versions = []
    for number in range(10):  # ten different versions, ready to be put in place
        book.dossier(f"2026-1{number:02d}")
        versions.append(book.save(tmp_path / f"versie{number}.tmp"))
    timings = dataclasses.replace(FAST, quiet=0.8, longest_wait=6.0)  # room for a busy machine
    with watching(team, timings=timings) as (watcher, _):
        for version in versions:  # ten saves in about one and a half seconds
            os.replace(version, team.workbook)
            time.sleep(0.15)
        eventually(lambda: len(watcher.results) == 2, "one run after the saves")
        time.sleep(timings.quiet * 2)  # room for a wrong second run to show
    assert len(watcher.results) == 2
    assert watcher.results[1].sha256 == _sha256(team.workbook)
    assert watcher.results[1].open_dossiers == 11  # the last version's, not one read ahead before it


def test_a_save_is_read_while_the_watcher_waits_for_its_end(tmp_path, book):
    """The quiet after a save is spent reading it: the run finds every sheet read already."""
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    with watching(team) as (watcher, _):
        book.dossier("2026-002", municipality="Antwerpen")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
        taken = set(watcher._memory.reused)
    assert "Dossiers" in taken and "Netwerk" in taken
    assert watcher.results[1].errors == 1 and watcher.results[1].open_dossiers == 2


def test_half_a_file_is_one_line_and_the_next_good_save_runs(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    whole = team.workbook.read_bytes()
    with watching(team) as (watcher, lines):
        team.workbook.write_bytes(whole[: len(whole) // 2])
        eventually(lambda: len(watcher.results) == 2, "the half file reported")
        book.dossier("2026-002")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 3, "a run after the good save")
    assert [r.outcome for r in watcher.results] == [OK, UNREADABLE, OK]
    bad = [line for line in lines if "beschadigd" in line]
    assert len(bad) == 1 and "wacht op de volgende versie" in bad[0]


def test_a_save_written_a_piece_at_a_time_is_waited_for_not_called_damaged(tmp_path, book):
    """A synced folder or a slow network disk writes a save in pieces, with pauses longer than
    the watcher's quiet and, all together, longer than it gives a half file to become whole."""
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    book.dossier("2026-002")
    whole = book.save(tmp_path / "nieuw.bin").read_bytes()
    (tmp_path / "nieuw.bin").unlink()
    pieces = [whole[start:start + len(whole) // 8 + 1] for start in range(0, len(whole), len(whole) // 8 + 1)]
    pause = FAST.quiet + 0.1
    assert pause * len(pieces) > 2 * FAST.settle  # old watcher: read half-way, called damaged
    with watching(team) as (watcher, lines):
        with team.workbook.open("wb") as file:
            for piece in pieces:
                file.write(piece)
                file.flush()
                time.sleep(pause)
        eventually(lambda: watcher.results[-1].open_dossiers == 2, "a run once the save is whole")
        time.sleep(FAST.settle * 2)  # room for a wrong second run to show
    assert [r.outcome for r in watcher.results] == [OK, OK]
    assert watcher.results[1].open_dossiers == 2
    assert not any("beschadigd" in line for line in lines)


def test_a_file_that_never_becomes_whole_is_still_reported(tmp_path, book):
    """Waiting for a growing file has an end: one that keeps changing but never opens is said."""
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    timings = dataclasses.replace(FAST, still_growing=1.0)
    with watching(team, timings=timings) as (watcher, lines):
        said_while_growing = False
        with team.workbook.open("wb") as file:
            for _ in range(40):  # 6 s of a file growing with bytes that are no workbook
                file.write(b"\0" * 512)
                file.flush()
                time.sleep(0.15)
                if len(watcher.results) == 2:
                    said_while_growing = True
                    break
        eventually(lambda: len(watcher.results) == 2, "the file that never became whole reported")
    assert said_while_growing
    assert watcher.results[1].outcome == UNREADABLE


def test_a_deleted_workbook_is_one_line_and_its_return_runs(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    with watching(team) as (watcher, lines):
        team.workbook.unlink()
        eventually(lambda: len(watcher.results) == 2, "the missing workbook reported")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 3, "a run once it is back")
    assert [r.outcome for r in watcher.results] == [OK, "missing", OK]
    assert sum("er niet meer" in line for line in lines) == 1


def test_a_deleted_dossier_is_named_and_restored_into_a_new_workbook(tmp_path, runner):
    before = CaseloadBuilder()
    before.dossier("2026-001").dossier("2026-002", municipality="Essen")
    before.network("2026-002", name="Jan Janssens").network("2026-002", name="Els Peeters")
    before.agreement("2026-002", goal="Rust in huis").network("2026-001")
    team = make_team(tmp_path, before)
    after = CaseloadBuilder()
    after.dossier("2026-001").network("2026-001")
    with watching(team) as (watcher, lines):
        first = watcher.results[0].snapshot
        excel_save(after, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the deletion")
    result = watcher.results[1]
    assert result.vanished.dossiers == ("2026-002",) and result.recover_from == first
    warning = next(line for line in lines if "LET OP" in line)
    assert "2026-002" in warning and first in warning and "Jan" not in warning
    kept = team.workbook.read_bytes()

    listed = runner.invoke(cli, ["restore", "--team", str(tmp_path), "--list", "--dossier", "2026-002"])
    assert listed.exit_code == 0, listed.output
    assert first in listed.output and result.snapshot not in listed.output
    done = runner.invoke(cli, ["restore", first, "--team", str(tmp_path), "--dossier", "2026-002"])
    assert done.exit_code == 0, done.output
    assert "1 dossier, 2 netwerkleden en 1 afspraak" in " ".join(done.output.split())
    made = next(tmp_path.glob("Hersteld uit *.xlsx"))
    restored = openpyxl.load_workbook(made)
    assert [r[:2] for r in restored["Dossiers"].iter_rows(values_only=True)] == [
        ("Dossier", "Gezin"), ("2026-002", "Familie Claes")]
    assert [r[1] for r in restored["Netwerk"].iter_rows(min_row=2, values_only=True)] == [
        "Jan Janssens", "Els Peeters"]
    assert team.workbook.read_bytes() == kept  # the team's own workbook: untouched


def test_a_version_that_kept_only_a_dossiers_other_rows_is_not_offered(tmp_path, runner):
    """The row on Dossiers deleted, its network left: that version would give the family back
    without its name and dates, so --list leaves it out and restore from it says so."""
    before = CaseloadBuilder()
    before.dossier("2026-001").dossier("2026-002").network("2026-002", name="Jan Janssens")
    team = make_team(tmp_path, before)
    after = CaseloadBuilder()
    after.dossier("2026-001").network("2026-002", name="Jan Janssens")
    with watching(team) as (watcher, _):
        first = watcher.results[0].snapshot
        excel_save(after, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the deletion")
    second = watcher.results[1].snapshot
    listed = runner.invoke(cli, ["restore", "--team", str(tmp_path), "--list", "--dossier", "2026-002"])
    assert first in listed.output and second not in listed.output
    done = runner.invoke(cli, ["restore", second, "--team", str(tmp_path), "--dossier", "2026-002"])
    assert done.exit_code == 2, done.output
    assert not list(tmp_path.glob("Hersteld uit *.xlsx"))


def test_rows_lost_from_a_dossier_that_stays_are_named(tmp_path):
    before = CaseloadBuilder()
    before.dossier("2026-001").network("2026-001").network("2026-001", name="Els")
    team = make_team(tmp_path, before)
    after = CaseloadBuilder()
    after.dossier("2026-001").network("2026-001")
    with watching(team) as (watcher, lines):
        excel_save(after, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the deletion")
    assert watcher.results[1].vanished.rows == (("Netwerk", "2026-001", 1),)
    assert any("1 netwerklid van 2026-001" in line for line in lines)


def test_the_polling_observer_sees_a_save(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    with watching(team, poll=0.1) as (watcher, lines):
        assert "elke 0,1 seconden" in lines[0]
        book.dossier("2026-002", municipality="Antwerpen")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
    assert watcher.results[1].errors == 1


def test_a_second_watcher_on_the_same_folder_is_refused(tmp_path, book, runner):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    with watching(team):
        with pytest.raises(WatcherBusy, match="Er houdt al een eenplan watch"):
            Watcher(team, timings=FAST, out=lambda line: None).serve(once=True)
        result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once"])
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not (team.state_dir / LOCK_NAME).exists()


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(tmp_path, book, runner):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    import socket

    team.state_dir.mkdir()
    (team.state_dir / LOCK_NAME).write_text(f"{gone.stdout.strip()} {socket.gethostname()}\n")
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once"])
    assert result.exit_code == 0, result.output
    assert "versie" in result.output


def test_sigterm_stops_the_watcher_with_exit_0(tmp_path, book):
    book.dossier("2026-001")
    make_team(tmp_path, book)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "eenplan", "watch", "--team", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            seen.append(line)
            if "versie" in line or not line:
                break
        assert "versie" in seen[-1], "".join(seen)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, rest
    assert rest.strip().endswith("Gestopt.")
    assert not (tmp_path / ".eenplan" / LOCK_NAME).exists()


def test_watch_once_exit_codes_and_the_log(tmp_path, book, runner):
    book.dossier("2026-001", municipality="Antwerpen")
    make_team(tmp_path, book)
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once"])
    assert result.exit_code == 1, result.output
    log = (tmp_path / ".eenplan" / "logs" / "watch.log").read_text(encoding="utf-8")
    assert "1 fout" in log and "Familie" not in log
    (tmp_path / "Caseload.xlsx").write_bytes(b"not a workbook")
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once"])
    assert result.exit_code == 2
    assert "geen Excel-werkmap" in result.output


@pytest.mark.parametrize("name", ["~$Caseload.xlsx", "A1B2C3D4", "~DF12.tmp", ".eenplan-x1.xlsx"])
def test_lock_and_temporary_files_are_not_saves(tmp_path, name):
    workbook = tmp_path / "Caseload.xlsx"
    assert is_temporary(name)
    for kind in ("created", "modified", "closed", "deleted"):
        assert not is_save(kind, str(tmp_path / name), "", workbook)
    assert is_save("moved", str(tmp_path / name), str(workbook), workbook)
    assert is_save("moved", str(workbook), str(tmp_path / name), workbook)  # moved aside


def test_which_events_are_saves(tmp_path):
    workbook = tmp_path / "Caseload.xlsx"
    assert not is_temporary("Caseload.xlsx")
    for kind in ("created", "modified", "closed", "deleted"):
        assert is_save(kind, str(workbook), "", workbook)
    for kind in ("opened", "closed_no_write"):  # our own reading
        assert not is_save(kind, str(workbook), "", workbook)
    assert not is_save("modified", str(tmp_path / "Andere.xlsx"), "", workbook)


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow  # the first run makes the invitations for every planned round-table
def test_demo_watch_shows_a_save_triggering_a_run(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "eenplan", "demo", str(tmp_path / "demo"), "--watch",
         "--as-of", "2026-11-23"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        seen = _read_until(process, "versie")
        workbook = tmp_path / "demo" / "Caseload.xlsx"
        book = openpyxl.load_workbook(workbook)
        book["Dossiers"]["D2"] = "Antwerpen"
        book.save(tmp_path / "demo" / "0F1E2D3C")
        os.replace(tmp_path / "demo" / "0F1E2D3C", workbook)
        seen += _read_until(process, "versie")
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    runs = [line for line in seen if " versie " in line]
    assert len(runs) == 2 and runs[0].split()[3] != runs[1].split()[3], "".join(seen)
    assert process.returncode == 0 and rest.strip().endswith("Gestopt.")


def _read_until(process: subprocess.Popen, word: str) -> list[str]:
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if word in line or not line:
            break
    assert word in seen[-1], "".join(seen)
    return seen


def test_restore_says_what_to_do_when_asked_wrongly(tmp_path, runner):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    empty = runner.invoke(cli, ["restore", "--team", str(tmp_path)])
    assert empty.exit_code == 0 and "Nog geen bewaarde versies" in empty.output
    Watcher(team, timings=FAST, out=lambda line: None).serve(once=True)
    [name] = [p.stem for p in (team.state_dir / "snapshots").glob("*.xlsx")]
    listed = runner.invoke(cli, ["restore", "--team", str(tmp_path), "--list", "--format", "json"])
    assert [(s["snapshot"], s["dossiers"], s["keep"]) for s in json.loads(listed.output)] == [
        (name, 1, False)]
    for args, words in (([name], "--dossier NUMMER"), ([name, "--dossier", "2026-404"], "staat niet in"),
                        (["1999", "--dossier", "2026-001"], "restore --list")):
        result = runner.invoke(cli, ["restore", "--team", str(tmp_path), *args])
        assert result.exit_code == 2 and words in result.output, result.output
        assert result.output.count("\n") == 1
    assert not list(tmp_path.glob("Hersteld*"))


def test_the_service_files_are_there_and_run_eenplan_watch():
    import configparser

    service = Path(__file__).resolve().parents[1] / "docs" / "service"
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(service / "eenplan-watch.service", encoding="utf-8")
    assert unit["Service"]["ExecStart"].endswith("eenplan watch")
    assert unit["Service"]["KillSignal"] == "SIGTERM" and unit["Install"]["WantedBy"]
    script = (service / "eenplan-watch.cmd").read_bytes()
    assert b"\r\n" in script and b"-m eenplan watch --team" in script


def test_a_lock_held_on_another_computer_is_respected_and_says_how_to_remove_it(tmp_path, book):
    from eenplan.watcher.lock import WatchLock

    team = make_team(tmp_path, book.dossier("2026-001"))
    team.state_dir.mkdir()
    (team.state_dir / LOCK_NAME).write_text("4242 pc-van-het-onthaal\n", encoding="utf-8")
    with pytest.raises(WatcherBusy) as refused:
        WatchLock(team.state_dir).acquire()
    assert "proces 4242 op pc-van-het-onthaal" in str(refused.value)
    assert str(team.state_dir / LOCK_NAME) in str(refused.value)


def test_the_log_holds_no_e_mail_address(tmp_path):
    """A mail server's answer names the account or the address it refused: a name, in a log
    that holds none. The screen shows the line whole; the log, without the address."""
    import logging

    from eenplan.watcher.logs import logging_to

    (tmp_path / ".eenplan").mkdir()
    with logging_to(tmp_path / ".eenplan") as path:
        logging.getLogger("eenplan.watcher").warning(
            "08:00:00 De mailserver weigerde de aanmelding van an.claes@voorbeeld.be (550 <bart@x.be>).")
    text = path.read_text(encoding="utf-8")
    assert "@" not in text and "an.claes" not in text and "bart" not in text
    assert text.count("[e-mailadres]") == 2 and "De mailserver weigerde" in text


def test_a_save_that_stops_for_seconds_half_way_is_not_called_damaged(tmp_path, book):
    """A sync client wrote half a save, stopped for 3 s, then wrote the rest: the watcher said
    "beschadigd ... bewaar het opnieuw" a moment before the save came whole (its settle was 2 s).
    The watcher's own waits, but for the quick ones a test needs to start and stop it."""
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    book.dossier("2026-002")
    whole = book.save(tmp_path / "nieuw.bin").read_bytes()
    (tmp_path / "nieuw.bin").unlink()
    timings = dataclasses.replace(Timings(), quiet=FAST.quiet, stable_interval=FAST.stable_interval)
    with watching(team, timings=timings) as (watcher, lines):
        with team.workbook.open("wb") as file:
            file.write(whole[: len(whole) // 2])
            file.flush()
            time.sleep(3.0)
            file.write(whole[len(whole) // 2:])
        eventually(lambda: watcher.results[-1].open_dossiers == 2, "a run once the save is whole")
    assert [r.outcome for r in watcher.results] == [OK, OK]
    assert not any("beschadigd" in line for line in lines)
