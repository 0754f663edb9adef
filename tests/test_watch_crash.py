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
