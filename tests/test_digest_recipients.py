"""Who the coordinators' digest goes to: addresses in eenplan.toml that are none are refused
when the settings are read, and a recipient the mail server refuses is said, never "verstuurd",
through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.team.state import State
from tests.builders import mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _team(tmp_path: Path, book, *, port: int, coordinators: str) -> Path:
    (tmp_path / "eenplan.toml").write_text(
        mail_team_settings(port, mail=f"coordinatoren = {coordinators}"), encoding="utf-8")
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


@pytest.mark.parametrize("coordinators", ['"a@voorbeeld.be; b@voorbeeld,be"', '["b@voorbeeld,be"]'])
def test_a_coordinator_that_is_no_address_sends_nothing(runner, book, tmp_path, smtp,  # noqa: F811
                                                         coordinators):
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port, coordinators=coordinators)
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "mail.coordinatoren" in result.output and "verstuurd" not in result.output
    assert "Traceback" not in result.output
    assert inbox.envelopes == []


def _send(runner, team):
    return runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])


def test_a_coordinator_the_server_refuses_is_said_and_the_mail_kept(runner, book, tmp_path,
                                                                    smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port,
                 coordinators='["coord@voorbeeld.be", "tweede@voorbeeld.be"]')
    inbox.refuse = "tweede@voorbeeld.be"
    result = _send(runner, team)
    assert result.exit_code == 2, result.output
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["coord@voorbeeld.be"]
    (sent_line,) = [line for line in result.output.splitlines() if "verstuurd naar" in line]
    assert "coord@voorbeeld.be" in sent_line and "tweede" not in sent_line
    refusal = " ".join(line for line in result.output.splitlines() if "verstuurd naar" not in line)
    assert "tweede@voorbeeld.be" in refusal and "550" in refusal and "coordinatoren" in refusal
    assert (team / "rapporten" / "Achterstand 2026-W48.eml").exists()  # to send on by hand
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48") is not None  # the week's change next week


def test_every_coordinator_refused_sends_nothing_and_says_who(runner, book, tmp_path,
                                                             smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port, coordinators='["tweede@voorbeeld.be"]')
    inbox.refuse = "tweede@voorbeeld.be"
    result = _send(runner, team)
    assert result.exit_code == 2, result.output
    assert "verstuurd naar" not in result.output and "tweede@voorbeeld.be" in result.output
    assert inbox.envelopes == []
    assert (team / "rapporten" / "Achterstand 2026-W48.eml").exists()


def _watcher_team(tmp_path: Path, port: int, *, begeleider_email: str):
    from tests.builders import LISTS, CaseloadBuilder

    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": [begeleider_email]})
    team = _team(tmp_path, book, port=port,
                 coordinators='["coord@voorbeeld.be", "tweede@voorbeeld.be"]')
    from eenplan.team.folder import find_team

    return find_team(team=team)


def test_the_watcher_says_a_refused_coordinator_loudly_and_sends_no_one_twice(tmp_path,
                                                                              smtp):  # noqa: F811
    from eenplan.watcher.run import digest_if_due

    controller, inbox = smtp
    team = _watcher_team(tmp_path, controller.port, begeleider_email="an@voorbeeld.be")
    inbox.refuse = "tweede@voorbeeld.be"
    monday = datetime.datetime(2026, 11, 23, 8, 0, 5)
    result = digest_if_due(team, now=monday)
    assert result is not None and result.sent is not None
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ["an@voorbeeld.be", "coord@voorbeeld.be"]
    assert "1 coördinator" in " ".join(result.lines())
    (warning,) = result.warnings()
    assert "LET OP" in warning and "adres 2" in warning
    assert "@" not in warning  # the log holds no address (they hold names)
    assert result.sent.unsent == 0 and result.sent.refused == 1  # mended, not tried every hour
    with State(team.state_dir, root=team.base) as state:
        assert state.weekly_round_done("2026-W48")
    assert digest_if_due(team, now=monday + datetime.timedelta(hours=1)) is None
    assert len(inbox.envelopes) == 2  # the coordinator who got it does not get it twice
    assert (team.reports_dir / "Achterstand 2026-W48.eml").exists()


def test_a_begeleider_address_the_server_refuses_is_to_mend_not_to_retry(runner, tmp_path,
                                                                         smtp):  # noqa: F811
    from eenplan.watcher.run import digest_if_due

    controller, inbox = smtp
    team = _watcher_team(tmp_path, controller.port, begeleider_email="an@voorbeeld.be")
    inbox.refuse = "an@voorbeeld.be"
    result = digest_if_due(team, now=datetime.datetime(2026, 11, 23, 8, 0, 5))
    assert result is not None and result.sent is not None
    assert result.sent.unsent == 0 and "rij 2" in " ".join(result.warnings())
    assert "@" not in " ".join(result.warnings() + result.lines())
    assert list(team.reports_dir.glob("Jouw week 2026-W48 - *.eml"))
    # by hand, the begeleider's week still says who was refused, and exits 2
    by_hand = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(team.base),
                                  "--as-of", "2026-11-30"])
    assert by_hand.exit_code == 2 and "an@voorbeeld.be" in by_hand.output


def test_watch_once_exits_2_for_the_refusal_once_and_does_not_send_again(runner, tmp_path,
                                                                         smtp):  # noqa: F811
    controller, inbox = smtp
    team = _watcher_team(tmp_path, controller.port, begeleider_email="an@voorbeeld.be")
    inbox.refuse = "tweede@voorbeeld.be"
    args = ["watch", "--once", "--team", str(team.base), "--as-of", "2026-11-24"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 2, first.output  # a scheduled task sees a mail that did not go
    assert "LET OP" in first.output
    again = runner.invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert len(inbox.envelopes) == 2  # the digest and An's week, each once
