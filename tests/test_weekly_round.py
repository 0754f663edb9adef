"""The watcher's weekly round through a real SMTP server on 127.0.0.1: a server that fails after
the coordinators' digest went leaves the begeleiders' weeks that did not go to the next
`watch --once` of that week, which sends exactly those (never a second digest, never a mail
twice); a begeleider without an e-mail address is said, not a run that fails every week."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from eenplan.cli import cli
from eenplan.team.state import State
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.test_digest import _free_port

D = datetime.date
TUESDAY = "2026-11-24"  # week 48's digest (Monday 08:00) is due, whatever the hour of the test
COORDINATOR = "coord@voorbeeld.be"
BEGELEIDERS = {"An Claes": "an@voorbeeld.be", "Bart Peeters": "bart@voorbeeld.be",
               "Sofie Janssens": "sofie@voorbeeld.be"}


class FailingInbox:
    """Takes the first ``takes`` mails; while ``down``, answers every later one as a server in
    trouble does (451: try again later), and takes them all again once it is up."""

    def __init__(self, takes: int) -> None:
        self.takes = takes
        self.down = True
        self.taken: list[str] = []  # one recipient a mail

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.down and len(self.taken) >= self.takes:
            return "451 4.3.0 Try again later"
        self.taken.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def failing():
    inbox = FailingInbox(takes=1)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _team(folder: Path, port: int, emails: dict[str, str], more: str = "") -> None:
    lists = {**LISTS, "E-mail begeleider": [emails.get(who, "") for who in LISTS["Begeleiders"]]}
    book = CaseloadBuilder(lists=lists)
    for number, who in zip(("2026-001", "2026-002", "2026-003"), BEGELEIDERS, strict=True):
        book.dossier(number, begeleider=who, registered_on=D(2026, 10, 1))
    (folder / "eenplan.toml").write_text(
        mail_team_settings(port, mail=f'coordinatoren = ["{COORDINATOR}"]', more=more),
        encoding="utf-8")
    book.save(folder / "Caseload.xlsx")


def _watch_once(runner, folder: Path, day: str = TUESDAY):
    return runner.invoke(cli, ["watch", "--once", "--team", str(folder), "--as-of", day])


def _week_mails(folder: Path) -> int:
    with State(folder / ".eenplan", root=folder) as state:
        return state.db.execute(
            "SELECT COUNT(*) FROM mails_sent WHERE kind = 'begeleider-week'").fetchone()[0]


@pytest.mark.parametrize("takes", [1, 2])  # the digest only; the digest and one week
def test_weeks_the_server_refused_go_at_the_next_run_and_nothing_twice(runner, tmp_path, failing,
                                                                       takes):
    controller, inbox = failing
    inbox.takes = takes
    _team(tmp_path, controller.port, BEGELEIDERS)
    first = _watch_once(runner, tmp_path)
    assert first.exit_code == 2, first.output  # a mail that did not go: a scheduled task sees it
    assert inbox.taken[0] == COORDINATOR and len(inbox.taken) == takes
    assert _week_mails(tmp_path) == takes - 1
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.digest("2026-W48") is not None and not state.weekly_round_done("2026-W48")

    inbox.down = False
    again = _watch_once(runner, tmp_path)
    assert again.exit_code == 0, again.output
    assert sorted(inbox.taken) == sorted([COORDINATOR, *BEGELEIDERS.values()])  # each once
    assert _week_mails(tmp_path) == 3
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.weekly_round_done("2026-W48")

    third = _watch_once(runner, tmp_path)
    assert third.exit_code == 0, third.output
    assert len(inbox.taken) == 4  # the round is done: nothing more this week


def test_a_server_down_for_the_whole_round_sends_it_all_once_it_is_up(runner, tmp_path, failing):
    controller, inbox = failing
    inbox.takes = 0
    _team(tmp_path, controller.port, BEGELEIDERS)
    first = _watch_once(runner, tmp_path)
    assert first.exit_code == 2, first.output
    assert inbox.taken == []
    inbox.down = False
    again = _watch_once(runner, tmp_path)
    assert again.exit_code == 0, again.output
    assert sorted(inbox.taken) == sorted([COORDINATOR, *BEGELEIDERS.values()])


def test_begeleiders_without_an_address_are_said_by_their_row_and_fail_no_run(runner, tmp_path,
                                                                              failing):
    """Every digest day an exit 2 would teach a team to ignore the exit code; a warning the
    coordinator reads, naming the rows on Lijsten (the log holds no names), tells what to do."""
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import digest_if_due

    controller, inbox = failing
    inbox.down = False
    _team(tmp_path, controller.port, {})
    result = _watch_once(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert inbox.taken == [COORDINATOR]
    (warning,) = [line for line in result.output.splitlines() if "LET OP" in line]
    assert "2, 3 en 4" in warning and not any(name in warning for name in BEGELEIDERS)
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.weekly_round_done("2026-W48")  # nothing a mail server could still send
    again = _watch_once(runner, tmp_path)
    assert again.exit_code == 0 and "LET OP" not in again.output and inbox.taken == [COORDINATOR]
    # what the team must mend, not mails still to go
    other = tmp_path / "other"
    other.mkdir()
    _team(other, controller.port, {})
    sent = digest_if_due(find_team(team=other), now=datetime.datetime(2026, 11, 24, 9, 0))
    assert sent is not None and sent.sent is not None
    assert sent.sent.unsent == 0 and sent.sent.mend and len(sent.warnings()) == 1


def test_one_without_an_address_does_not_hold_back_the_retry_of_the_others(runner, tmp_path,
                                                                            failing):
    controller, inbox = failing
    inbox.takes = 1
    _team(tmp_path, controller.port, {"An Claes": "an@voorbeeld.be",
                                      "Bart Peeters": "bart@voorbeeld.be"})
    first = _watch_once(runner, tmp_path)
    assert first.exit_code == 2, first.output
    assert inbox.taken == [COORDINATOR]
    inbox.down = False
    again = _watch_once(runner, tmp_path)
    assert again.exit_code == 0, again.output
    assert sorted(inbox.taken) == sorted([COORDINATOR, "an@voorbeeld.be", "bart@voorbeeld.be"])
    assert _week_mails(tmp_path) == 2
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.weekly_round_done("2026-W48")


def test_a_round_finished_in_the_next_iso_week_is_still_the_week_it_began(runner, tmp_path, failing):
    """Digest on Friday, the server down after An's week, the next run on Monday: the round is
    still Friday's (week 48), so An's week, which went, does not go again."""
    controller, inbox = failing
    inbox.takes = 2
    _team(tmp_path, controller.port, BEGELEIDERS, more='[digest]\ndag = "vrijdag"\n')
    first = _watch_once(runner, tmp_path, "2026-11-27")  # Friday of week 48
    assert first.exit_code == 2, first.output
    assert inbox.taken == [COORDINATOR, "an@voorbeeld.be"]
    inbox.down = False
    monday = _watch_once(runner, tmp_path, "2026-11-30")  # week 49; week 48's round is due still
    assert monday.exit_code == 0, monday.output
    assert sorted(inbox.taken) == sorted([COORDINATOR, *BEGELEIDERS.values()])
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.weekly_round_done("2026-W48")
        weeks = {row[0] for row in state.db.execute(
            "SELECT detail FROM mails_sent WHERE kind = 'begeleider-week'")}
        digests = [row[0] for row in state.db.execute(
            "SELECT json_extract(detail, '$.week') FROM mails_sent WHERE kind = 'digest'")]
    assert weeks == {'{"week": "2026-W48"}'} and digests == ["2026-W48"]
