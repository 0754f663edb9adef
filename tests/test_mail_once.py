"""One mail, one sender. The watcher and `eenplan invite --mail` (or `eenplan digest --begeleiders
--send`) started at the same moment on one team folder send each mail once: sending is a claim in
the state that only one process wins. A claim left by a process killed mid-send is taken over, not
kept forever. An address the mail server refused for good (5xx) is not tried again until it, the
letter or the mail server changes, and is said at every run. Real processes and threads, a real
SMTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

from eenplan.cli import cli
from eenplan.flows import jobs as flow_jobs
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import BUSY, CLAIM_LEASE, CLAIMED, SENT, State
from eenplan.watcher.run import run_once
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
NOW = datetime.datetime(2026, 11, 23, 10, 0)
MEETING = D(2026, 12, 7)
MARIA = "maria@voorbeeld.be"

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice makes the PDFs; `make test` installs it")


def _book(*, maria: str = MARIA, day: D = MEETING) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja", email=maria,
                 by_mail="ja")  # row 2 on Netwerk
    book.round_table("2026-001", date=day, time=datetime.time(18, 30), location="Huis van het Kind")
    return book


def _team(tmp_path, book, port: int, *, watcher: bool = True) -> None:
    mail = 'coordinatoren = ["coord@voorbeeld.be"]\n' + ("uitnodigingen = true\n" if watcher else "")
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(port, mail=mail), encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")


def _eenplan(tmp_path, *args: str) -> list[str]:
    return [sys.executable, "-m", "eenplan", *args, "--team", str(tmp_path), *AS_OF]


def _count(tmp_path, table: str, where: str = "1") -> int:
    with contextlib.closing(sqlite3.connect(tmp_path / ".eenplan" / "state.sqlite")) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0])


def _to(inbox) -> list[list[str]]:
    """Who each mail the server took went to, the coordinators' digest left out."""
    return [e.rcpt_tos for e in inbox.envelopes if e.rcpt_tos != ["coord@voorbeeld.be"]]


# -- one mail, one sender -------------------------------------------------------------------------


@needs_soffice
def test_the_watcher_and_invite_started_together_send_the_invitation_once(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.slow = 3.0  # the first is still sending while the other one decides
    _team(tmp_path, _book(), controller.port)
    both = [subprocess.Popen(_eenplan(tmp_path, "invite", "2026-001", "--mail"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
            subprocess.Popen(_eenplan(tmp_path, "watch", "--once"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)]
    said = [process.communicate(timeout=300)[0] for process in both]
    assert _to(inbox) == [[MARIA]], said  # Maria gets it once, not from each
    assert "Traceback" not in "".join(said)
    # the one that lost the claim says so (sent by the other, or being sent by it): nothing else
    assert "uitnodiging verstuurd" in said[0] or "andere eenplan" in said[0] + said[1], said
    assert _count(tmp_path, "mails_sent", "kind = 'invitation'") == 1  # the digest's is the watcher's
    assert _count(tmp_path, "mails_claimed") == 0


def _week_team(tmp_path, port: int):
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an.claes@voorbeeld.be"]})
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    _team(tmp_path, book, port, watcher=False)
    team = find_team(team=tmp_path)
    return team, load_caseload(team)


def test_two_senders_of_the_weeks_at_the_same_moment_send_each_week_once(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.slow = 1.0
    team, caseload = _week_team(tmp_path, controller.port)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def sender() -> None:  # each its own connection to the state, as each process has
        start.wait()
        mails = flow_jobs.begeleider_weeks(team, caseload, today=TODAY, sent_at=NOW, how="smtp")
        outcomes.extend(m.outcome for m in mails)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert _to(inbox) == [["an.claes@voorbeeld.be"]]
    assert sorted(outcomes) in (["busy", "sent"], ["already", "sent"])
    assert not list((tmp_path / "rapporten").glob("*.eml"))  # "busy" is no mail to send by hand
    assert _count(tmp_path, "mails_claimed") == 0


def test_the_one_who_loses_the_claim_says_so_and_sends_nothing(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team, _ = _week_team(tmp_path, controller.port)
    with State(team.state_dir, root=team.base) as other:  # another eenplan, sending it right now
        key = other.mail_key("week/2026-W48", "An Claes")
        with other.sending(key, seen=None) as claim:
            assert claim == CLAIMED
            result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team",
                                         str(tmp_path), *AS_OF])
    assert result.exit_code == 2 and "andere eenplan" in result.output, result.output
    assert inbox.asked == []
    after = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF])
    assert after.exit_code == 0 and _to(inbox) == [["an.claes@voorbeeld.be"]]  # let go: it goes


# -- a claim whose sender died --------------------------------------------------------------------

_CLAIM_AND_HANG = """
import sys, time
from pathlib import Path
from eenplan.team.state import State
root = Path(sys.argv[1])
with State(root / ".eenplan", root=root) as state:
    with state.sending("week/2026-W48/0123456789abcdef", seen=None) as claim:
        print(claim, flush=True)
        time.sleep(120)  # killed here, mid-send
"""


def test_a_claim_of_a_process_killed_mid_send_is_taken_over(tmp_path):
    key = "week/2026-W48/0123456789abcdef"
    hanging = subprocess.Popen([sys.executable, "-c", _CLAIM_AND_HANG, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert hanging.stdout is not None and hanging.stdout.readline().strip() == CLAIMED
        with State(tmp_path / ".eenplan", root=tmp_path) as state, \
                state.sending(key, seen=None) as claim:
            assert claim == BUSY  # its sender lives: it may be sending it now
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.communicate(timeout=30)
    assert _count(tmp_path, "mails_claimed") == 1  # what a killed process leaves behind
    with State(tmp_path / ".eenplan", root=tmp_path) as state, \
            state.sending(key, seen=None) as claim:
        assert claim == CLAIMED  # not kept from going: better twice after a crash than never


@pytest.mark.parametrize("age, holds", [(datetime.timedelta(minutes=1), True),
                                        (CLAIM_LEASE + datetime.timedelta(minutes=1), False),
                                        (-datetime.timedelta(days=1), False)])  # a clock ahead
def test_a_claim_of_another_computer_holds_for_its_lease_only(tmp_path, age, holds):
    key = "week/2026-W48/0123456789abcdef"
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        claimed_at = datetime.datetime.now(datetime.timezone.utc) - age
        state.db.execute("INSERT INTO mails_claimed VALUES (?, ?, ?)",
                         (key, claimed_at.isoformat(timespec="seconds"),
                          f"{os.getpid()} {state.keys.computer('elders')} 0011223344556677"))
        with state.sending(key, seen=None) as claim:
            assert claim == (BUSY if holds else CLAIMED)


def test_a_claim_ends_when_the_mail_is_recorded_or_the_send_fails(tmp_path):
    key = "week/2026-W48/0123456789abcdef"
    folder = tmp_path / ".eenplan"
    with State(folder, root=tmp_path) as first, State(folder, root=tmp_path) as second:
        with first.sending(key, seen=None) as claim:
            assert claim == CLAIMED  # and the send fails: nothing recorded
        with second.sending(key, seen=None) as claim:
            assert claim == CLAIMED  # so it goes at the next try
            second.record_mail(key, kind="begeleider-week")
        with first.sending(key, seen=None) as claim:
            assert claim == SENT  # the other sent it since this one looked
    assert _count(tmp_path, "mails_claimed") == 0


# -- an address the mail server refused for good --------------------------------------------------


def _invite(runner, tmp_path):
    return runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(tmp_path), *AS_OF])


@needs_soffice
def test_an_address_refused_for_good_is_not_tried_again_until_it_changes(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse = MARIA  # "550 5.1.1 Mailbox unavailable"
    _team(tmp_path, _book(), controller.port, watcher=False)
    refused = _invite(runner, tmp_path)
    assert refused.exit_code == 2 and "uitnodiging verstuurd" not in refused.output
    assert "Maria Peeters" in refused.output and "Netwerk (rij 2)" in refused.output
    assert inbox.asked == [MARIA]
    inbox.refuse = ""  # the same address again: not tried, whatever the server would say now
    again = _invite(runner, tmp_path)
    assert again.exit_code == 2 and inbox.asked == [MARIA] and inbox.envelopes == []
    assert "Maria Peeters" in again.output and "Netwerk (rij 2)" in again.output  # said again
    with contextlib.closing(sqlite3.connect(tmp_path / ".eenplan" / "state.sqlite")) as db:
        memory = "\n".join(db.iterdump())
    assert "mails_refused" in memory and "maria" not in memory.casefold()  # no address kept
    _book(maria="maria.peeters@voorbeeld.be").save(tmp_path / "Caseload.xlsx")  # mended
    mended = _invite(runner, tmp_path)
    assert mended.exit_code == 0, mended.output
    assert _to(inbox) == [["maria.peeters@voorbeeld.be"]]
    assert _count(tmp_path, "mails_refused") == 0


@needs_soffice
def test_a_new_letter_tries_a_refused_address_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse = MARIA
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.asked == [MARIA]
    _book(day=D(2026, 12, 9)).save(tmp_path / "Caseload.xlsx")  # the round-table moved
    inbox.refuse = ""
    moved = _invite(runner, tmp_path)
    assert moved.exit_code == 0, moved.output
    assert inbox.asked == [MARIA, MARIA] and _to(inbox) == [[MARIA]]


@needs_soffice
@pytest.mark.parametrize("answer", ["550 5.1.1 Mailbox unavailable", "450 4.2.1 Mailbox busy"])
def test_the_watcher_says_a_refused_address_at_every_run_and_tries_only_a_temporary_one_again(
        runner, tmp_path, smtp, answer):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse, inbox.answer = MARIA, answer
    _team(tmp_path, _book(), controller.port)
    team = find_team(team=tmp_path)
    first = run_once(team, now=NOW)
    _book().save(tmp_path / "Caseload.xlsx")  # saved again: other bytes, the same caseload
    second = run_once(team, now=NOW + datetime.timedelta(minutes=5))
    assert first.mailed == second.mailed == ()  # never said to be sent
    lines = " ".join(first.lines() + second.lines())
    assert "Maria" not in lines and MARIA not in lines  # the log holds no names
    if answer.startswith("5"):
        assert inbox.asked == [MARIA]  # not tried again at the second save
        assert len(first.mend) == len(second.mend) == 1 and "rij 2" in second.mend[0]
        assert first.problems == second.problems == ()
        assert lines.count("LET OP") == 2  # and said at each
    else:
        assert inbox.asked == [MARIA, MARIA]  # for now: tried again at the next save
        assert first.mend == second.mend == () and second.problems
    # a scheduled `watch --once` sees it too: exit 2 while the address is not mended
    once = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert once.exit_code == 2, once.output
    assert "LET OP" in once.output or "ging weg" in once.output


@needs_soffice
def test_a_cancellation_to_an_address_refused_for_good_is_not_tried_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 0 and _to(inbox) == [[MARIA]]
    book = _book()
    book.rows["Rondetafels"].clear()  # the round-table is dropped
    book.save(tmp_path / "Caseload.xlsx")
    inbox.refuse = MARIA  # the mailbox is gone since
    refused = _invite(runner, tmp_path)
    assert "Maria Peeters" in refused.output and "Netwerk (rij 2)" in refused.output
    assert "afgelast (" not in refused.output and inbox.asked == [MARIA, MARIA]  # never said as gone
    again = _invite(runner, tmp_path)
    assert "Netwerk (rij 2)" in again.output and inbox.asked == [MARIA, MARIA]  # not tried again
    assert _to(inbox) == [[MARIA]]
