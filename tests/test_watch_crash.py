"""A watcher killed (SIGKILL, a PC that loses power) in the middle of its work: at the next start
nothing is lost and nothing is done twice. Real processes, a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.test_digest import _free_port

D = datetime.date
TUESDAY = "2026-11-24"  # the week's digest (Monday 08:00) is due, whatever the hour of the test


class KillingInbox:
    """Takes mails as a server does; the mail numbered ``kill_at`` (from 1) kills the watcher
    (SIGKILL) before the server answers it, so that mail is never taken."""

    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.victim: subprocess.Popen[str] | None = None
        self.taken: list[str] = []  # one recipient a mail

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.victim is not None and len(self.taken) + 1 == self.kill_at:
            os.kill(self.victim.pid, signal.SIGKILL)
            self.victim.wait(30)
            self.victim = None
            return "451 4.3.0 Try again later"
        self.taken.extend(envelope.rcpt_tos)
        return "250 OK"


def _team(folder: Path, port: int) -> None:
    emails = ["an@voorbeeld.be", "bart@voorbeeld.be", "sofie@voorbeeld.be"]
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": emails})
    for number, who in (("2026-001", "An Claes"), ("2026-002", "Bart Peeters"),
                        ("2026-003", "Sofie Janssens")):
        book.dossier(number, begeleider=who, registered_on=D(2026, 10, 1))
    (folder / "eenplan.toml").write_text(
        mail_team_settings(port, mail='coordinatoren = ["coord@voorbeeld.be"]'), encoding="utf-8")
    book.save(folder / "Caseload.xlsx")


def _watch_once(folder: Path) -> list[str]:
    return [sys.executable, "-m", "eenplan", "watch", "--team", str(folder), "--once",
            "--as-of", TUESDAY]


@pytest.mark.parametrize("kill_at", [2, 3])  # after the coordinators' digest; after one week
def test_a_watcher_killed_during_the_weekly_mails_sends_the_rest_once_at_its_next_start(
        tmp_path, kill_at):
    inbox = KillingInbox(kill_at)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        _team(tmp_path, controller.port)
        first = subprocess.Popen(_watch_once(tmp_path), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        inbox.victim = first
        first.communicate(timeout=120)
        assert first.returncode == -signal.SIGKILL, "the watcher was not killed mid-mail"
        assert len(inbox.taken) == kill_at - 1
        again = subprocess.run(_watch_once(tmp_path), capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        assert sorted(inbox.taken) == ["an@voorbeeld.be", "bart@voorbeeld.be",
                                       "coord@voorbeeld.be", "sofie@voorbeeld.be"], again.stdout
        third = subprocess.run(_watch_once(tmp_path), capture_output=True, text=True, timeout=120)
        assert third.returncode == 0, third.stdout + third.stderr
        assert len(inbox.taken) == 4  # the week's round is done: a later start sends nothing
    finally:
        controller.stop()


def test_a_team_folder_renamed_under_the_watcher_stops_it_and_nothing_is_made_anew(tmp_path):
    import dataclasses

    from tests.watching import FAST, eventually, make_team, watching

    (tmp_path / "Team").mkdir()
    team = make_team(tmp_path / "Team", CaseloadBuilder().dossier("2026-001"))
    with watching(team, timings=dataclasses.replace(FAST, heartbeat=0.3)) as (watcher, lines):
        os.rename(tmp_path / "Team", tmp_path / "Team 2027")
        eventually(lambda: watcher.gone, "the watcher saw its team folder go")
    assert not (tmp_path / "Team").exists()
    assert (tmp_path / "Team 2027" / ".eenplan" / "state.sqlite").is_file()


def test_a_share_away_as_a_whole_is_waited_for_not_taken_for_a_move(tmp_path):
    import dataclasses
    import time

    from tests.watching import FAST, eventually, make_team, watching

    (tmp_path / "share" / "Team").mkdir(parents=True)
    team = make_team(tmp_path / "share" / "Team", CaseloadBuilder().dossier("2026-001"))
    with watching(team, timings=dataclasses.replace(FAST, heartbeat=0.3)) as (watcher, lines):
        os.rename(tmp_path / "share", tmp_path / "away")
        eventually(lambda: any("niet meer bereikbaar" in line for line in lines), "the outage said")
        time.sleep(1)
        assert not watcher.gone
    assert not (tmp_path / "share").exists()


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:"))
        if ppid == pid:
            found[int(entry.name)] = command
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_render_pool_ends_with_a_killed_watcher_and_says_nothing_in_english(tmp_path):
    import time

    book = CaseloadBuilder()
    for n in range(1, 11):  # 10 round-tables of 5 letters: a batch for the pool of processes
        number = f"2026-{n:03d}"
        book.dossier(number, registered_on=D(2026, 11, 2))
        for who in ("Mia Maes", "Jan Claes", "Lotte Peeters", "Tom Wouters"):
            book.network(number, name=who, invite="ja")
        book.round_table(number, date=D(2026, 12, 7))
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    watcher = subprocess.Popen([sys.executable, "-m", "eenplan", "watch", "--team", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    pool: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and watcher.poll() is None:
            pool = {pid: command for pid, command in _children(watcher.pid).items()
                    if "multiprocessing" in command}
            if any("spawn_main" in c for c in pool.values()) and any(
                    "resource_tracker" in c for c in pool.values()):
                break
            time.sleep(0.01)
        assert pool, "the watcher made its letters without a pool: nothing to test"
        watcher.kill()
        watcher.wait(30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in pool):
            time.sleep(0.05)
        left = [command for pid, command in pool.items() if _alive(pid)]
        assert not left, f"still running after their watcher was killed: {left}"
        output, _ = watcher.communicate(timeout=30)  # the pipe closes once all its holders are gone
    finally:
        for pid in pool:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if watcher.poll() is None:
            watcher.kill()
    assert "Warning" not in output and "resource_tracker" not in output, output
