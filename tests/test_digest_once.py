"""The coordinators' digest goes once a week, whoever sends it. The watcher's weekly round and
`eenplan digest --send` by hand (or two of those) started at the same moment on one team folder
send it once: the sending is a claim in the state that only one process wins; the other says so
and sends nothing. A claim left by a process killed mid-send is taken over. `--opnieuw` sends it
once more on purpose. Real processes and threads, a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from eenplan.cli import cli
from eenplan.flows import jobs as flow_jobs
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import Team, find_team
from eenplan.team.state import CLAIMED, State, digest_key
from eenplan.watcher.run import digest_if_due
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
WEEK = "2026-W48"
AS_OF = ["--as-of", TODAY.isoformat()]
TUESDAY = ["--as-of", "2026-11-24"]  # week 48's digest (Monday 08:00) is due for the watcher
MONDAY_8 = datetime.datetime(2026, 11, 23, 8, 0, 5)
COORDINATORS = ["coord@voorbeeld.be"]


def _team(folder: Path, port: int) -> Team:
    (folder / "eenplan.toml").write_text(
        mail_team_settings(port, mail=f'coordinatoren = ["{COORDINATORS[0]}"]',
                           more="[digest]\nbegeleiders = false\n"), encoding="utf-8")
    book = CaseloadBuilder()
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    book.save(folder / "Caseload.xlsx")
    return find_team(team=folder)


def _eenplan(folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "eenplan", *args, "--team", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _digests(inbox) -> int:
    """How many digests reached the coordinators."""
    return sum(e.rcpt_tos == COORDINATORS for e in inbox.envelopes)


def _count(folder: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(folder / ".eenplan" / "state.sqlite")) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _sent_by(team: Team) -> str:
    with State(team.state_dir, root=team.base) as state:
        mail = state.mail(digest_key(WEEK))
    assert mail is not None
    return str(mail.detail["by"])


def _send(runner, folder: Path, *more: str):
    return runner.invoke(cli, ["digest", "--send", "--team", str(folder), *AS_OF, *more])


# -- two senders at the same moment ---------------------------------------------------------------


def test_two_digest_sends_started_together_send_one_mail(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.slow = 3.0  # the first is still sending while the other one decides
    _team(tmp_path, controller.port)
    both = [_eenplan(tmp_path, "digest", "--send", *AS_OF) for _ in range(2)]
    said = [process.communicate(timeout=120)[0] for process in both]
    assert _digests(inbox) == 1, said
    assert "Traceback" not in "".join(said)
    # the one that lost: sent by the other meanwhile (0), or being sent by it right now (2)
    assert sorted(process.returncode for process in both) in ([0, 0], [0, 2]), said
    assert _count(tmp_path, "mails_sent") == 1 and _count(tmp_path, "mails_claimed") == 0
    assert not list((tmp_path / "rapporten").glob("*.eml"))  # no copy to send on by hand


def test_the_watcher_and_digest_send_started_together_send_the_digest_once(runner, tmp_path,
                                                                           smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.slow = 5.0  # the hand's mail still on its way when the watcher's round gets there
    _team(tmp_path, controller.port)
    both = [_eenplan(tmp_path, "digest", "--send", *TUESDAY),
            _eenplan(tmp_path, "watch", "--once", *TUESDAY)]
    said = [process.communicate(timeout=300)[0] for process in both]
    assert _digests(inbox) == 1, said
    assert "Traceback" not in "".join(said)
    assert _count(tmp_path, "mails_claimed") == 0
    # whoever lost says so; the watcher looks again at its next round, and sends nothing
    again = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *TUESDAY])
    assert again.exit_code == 0, again.output
    assert _digests(inbox) == 1
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.weekly_round_done(WEEK)


def test_the_watcher_leaves_a_digest_being_sent_by_hand_and_keeps_its_round_open(
        tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    with State(team.state_dir, root=team.base) as other:  # `eenplan digest --send`, right now
        with other.sending(digest_key(WEEK), seen=None) as claim:
            assert claim == CLAIMED
            result = digest_if_due(team, now=MONDAY_8)
    assert result is not None and result.sent is not None and result.sent.busy
    assert result.sent.unsent and _digests(inbox) == 0
    with State(team.state_dir, root=team.base) as state:
        assert state.digest(WEEK) is None  # not remembered as sent: the other may have failed
        assert not state.weekly_round_done(WEEK)
    # the other failed (its claim let go): the watcher's next round sends it
    later = digest_if_due(team, now=MONDAY_8 + datetime.timedelta(hours=1))
    assert later is not None and later.sent is not None and not later.sent.busy
    assert _digests(inbox) == 1 and _sent_by(team) == "watcher"


# -- already sent this week -----------------------------------------------------------------------


def test_a_second_digest_send_in_the_same_week_sends_nothing(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    first = _send(runner, tmp_path)
    assert first.exit_code == 0, first.output
    second = _send(runner, tmp_path)
    assert second.exit_code == 0, second.output
    assert _digests(inbox) == 1 and _sent_by(team) == "hand"
    assert not list((tmp_path / "rapporten").glob("*.eml"))


def test_digest_send_by_hand_after_the_watcher_sent_it_sends_nothing(runner, tmp_path,
                                                                     smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    assert digest_if_due(team, now=MONDAY_8) is not None and _digests(inbox) == 1
    by_hand = _send(runner, tmp_path)
    assert by_hand.exit_code == 0, by_hand.output
    assert _digests(inbox) == 1 and _sent_by(team) == "watcher"


def test_the_watcher_does_not_send_it_again_after_digest_send_by_hand(runner, tmp_path,
                                                                      smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    assert _send(runner, tmp_path).exit_code == 0
    result = digest_if_due(team, now=MONDAY_8)
    assert result is not None and result.sent is not None and not result.sent.busy
    assert _digests(inbox) == 1
    with State(team.state_dir, root=team.base) as state:
        assert state.weekly_round_done(WEEK)


def test_an_eml_written_by_hand_does_not_stop_the_watcher_from_sending(runner, tmp_path,
                                                                       smtp):  # noqa: F811
    """`eenplan digest --eml MAP` before the weekly moment is a file, not a mail: the coordinators
    still get the week's digest from the watcher (it said "was al verstuurd", and sent none)."""
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    written = runner.invoke(cli, ["digest", "--eml", str(tmp_path / "eml"), "--team", str(tmp_path),
                                  *AS_OF])
    assert written.exit_code == 0, written.output
    result = digest_if_due(team, now=MONDAY_8)
    assert result is not None and result.sent is not None
    assert _digests(inbox) == 1 and _sent_by(team) == "watcher"


# -- once more, on purpose ------------------------------------------------------------------------


def test_opnieuw_sends_it_once_more_and_stays_claimed(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    assert digest_if_due(team, now=MONDAY_8) is not None and _digests(inbox) == 1
    again = _send(runner, tmp_path, "--opnieuw")
    assert again.exit_code == 0, again.output
    assert _digests(inbox) == 2 and _sent_by(team) == "hand"
    # two at once, on purpose: once more, not twice more
    inbox.slow = 1.0
    caseload = load_caseload(team)
    start = threading.Barrier(2)
    outcomes: list[tuple[bool, bool]] = []

    def sender() -> None:  # each its own connection to the state, as each process has
        start.wait()
        result = flow_jobs.digest(team, caseload, today=TODAY, sent_at=MONDAY_8, how="smtp",
                                  again=True)
        outcomes.append((result.busy, result.earlier is not None))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert _digests(inbox) == 3, outcomes
    assert sorted(outcomes) in ([(False, False), (False, True)], [(False, False), (True, False)])
    assert _count(tmp_path, "mails_claimed") == 0


def test_opnieuw_belongs_with_send_and_sends_a_week_not_sent_yet(runner, tmp_path,
                                                                 smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    for args in (["--opnieuw"], ["--opnieuw", "--begeleiders", "--send"],
                 ["--opnieuw", "--eml", str(tmp_path / "eml")]):
        result = runner.invoke(cli, ["digest", *args, "--team", str(tmp_path), *AS_OF])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert inbox.envelopes == [] and not (tmp_path / "eml").exists()
    first = _send(runner, tmp_path, "--opnieuw")  # nothing went yet: it simply goes
    assert first.exit_code == 0, first.output
    assert _digests(inbox) == 1


# -- a claim whose sender died --------------------------------------------------------------------

_CLAIM_AND_HANG = """
import sys, time
from pathlib import Path
from eenplan.team.state import State, digest_key
root = Path(sys.argv[1])
with State(root / ".eenplan", root=root) as state:
    with state.sending(digest_key("2026-W48"), seen=None) as claim:
        print(claim, flush=True)
        time.sleep(120)  # killed here, mid-send
"""


def test_a_digest_claim_of_a_process_killed_mid_send_is_taken_over(runner, tmp_path,
                                                                   smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    hanging = subprocess.Popen([sys.executable, "-c", _CLAIM_AND_HANG, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert hanging.stdout is not None and hanging.stdout.readline().strip() == CLAIMED
        busy = _send(runner, tmp_path)
        assert busy.exit_code == 2, busy.output  # its sender lives: it may be sending it now
        assert inbox.envelopes == []
        assert not list((tmp_path / "rapporten").glob("*.eml"))
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.communicate(timeout=30)
    assert _count(tmp_path, "mails_claimed") == 1  # what a killed process leaves behind
    sent = _send(runner, tmp_path)
    assert sent.exit_code == 0, sent.output  # not kept from going
    assert _digests(inbox) == 1 and _count(tmp_path, "mails_claimed") == 0
