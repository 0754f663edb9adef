"""A mail the mail server refuses for good itself, not an address: a 5xx at the sender (MAIL FROM)
or at the message (DATA, "554 Transaction failed"). It is remembered by the mail's key (no
address in the state), not tried again at every save until the letter, the address or the mail
server in eenplan.toml changes, or someone says `eenplan invite DOSSIER --mail --opnieuw`; a 4xx
is tried again the next time. A real SMTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3

import pytest

from eenplan.cli import cli
from eenplan.docx_templates.mailing import MESSAGE_REFUSED, mail_invitations
from eenplan.flows.digest import MessageRefused, new_message, send
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import REFUSED_ADDRESS, REFUSED_MESSAGE, REFUSED_SENDER, State
from eenplan.watcher.run import run_once
from tests.builders import mail_team_settings
from tests.conftest import TODAY
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_mail_once import AS_OF, MARIA, NOW, D, _book, _count, _invite, _team, _to, needs_soffice

DATA_554 = "554 5.0.0 Transaction failed"
SENDER_553 = "553 5.7.1 Sender address rejected: not owned by user"


def _refuse(inbox, where: str, answer: str) -> None:
    setattr(inbox, "refuse_sender" if where == "sender" else "refuse_message", answer)


def _tries(inbox, where: str) -> int:
    """How often a client offered the server this mail (its sender, or its end)."""
    return len(inbox.senders) if where == "sender" else inbox.ended


def _mail(tmp_path, *, retry: bool = False, now: datetime.datetime = NOW):
    team = find_team(team=tmp_path)
    return mail_invitations(team, load_caseload(team), "2026-001", None, today=TODAY, now=now,
                            retry=retry)


def _invite_again(runner, tmp_path):
    """`eenplan invite 2026-001 --mail --opnieuw`: by hand, after it was mended at the server."""
    return runner.invoke(cli, ["invite", "2026-001", "--mail", "--opnieuw", "--team", str(tmp_path),
                               *AS_OF])


def _maria(sent) -> list[str]:
    """What became of the mails to Maria (row 2 on Netwerk); the family's letter was on paper."""
    return [o.outcome for o in sent.outcomes if o.row == 2]


def _refusals(tmp_path) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(tmp_path / ".eenplan" / "state.sqlite")) as db:
        return [tuple(r) for r in db.execute("SELECT refused, answer FROM mails_refused")]


# -- send: what the server refused ----------------------------------------------------------------


@pytest.mark.parametrize(("where", "answer", "refused", "permanent"), [
    ("message", DATA_554, REFUSED_MESSAGE, True),
    ("sender", SENDER_553, REFUSED_SENDER, True),
    ("message", "451 4.3.0 Try again later", REFUSED_MESSAGE, False),
    ("sender", "451 4.7.1 Greylisted", REFUSED_SENDER, False),
])
def test_send_says_the_server_refused_the_message_itself_and_whether_for_good(
        tmp_path, smtp, where, answer, refused, permanent):  # noqa: F811
    controller, inbox = smtp
    _refuse(inbox, where, answer)
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(controller.port), encoding="utf-8")
    settings = find_team(team=tmp_path).settings.mail
    message = new_message("Test", to=MARIA, mail=settings, sent_at=NOW)
    message.set_content("Dag")
    with pytest.raises(MessageRefused) as raised:
        send(message, settings, password=None, to_coordinators=False)
    assert raised.value.at == refused and raised.value.permanent is permanent
    assert raised.value.answer.split()[0] == answer.split()[0]
    assert inbox.envelopes == []


# -- invite --mail ----------------------------------------------------------------------------------


@needs_soffice
@pytest.mark.parametrize(("where", "answer", "refused"), [
    ("message", DATA_554, REFUSED_MESSAGE), ("sender", SENDER_553, REFUSED_SENDER)])
def test_a_mail_refused_for_good_is_not_tried_again_until_the_mail_server_changes(
        runner, tmp_path, smtp, where, answer, refused):  # noqa: F811
    controller, inbox = smtp
    _refuse(inbox, where, answer)
    _team(tmp_path, _book(), controller.port, watcher=False)
    first = _invite(runner, tmp_path)
    assert first.exit_code == 2, first.output
    assert _tries(inbox, where) == 1 and inbox.envelopes == []
    assert _refusals(tmp_path) == [(refused, " ".join(answer.split()[:2]))]  # its code only
    _refuse(inbox, where, "")  # mended at the server: not tried, as nothing eenplan knows changed
    again = _mail(tmp_path)
    assert [o.outcome for o in again.outcomes] == [MESSAGE_REFUSED] and again.failed
    assert again.message_refused[0].code.startswith(answer[:3]) and again.refused == ()
    assert _tries(inbox, where) == 1 and inbox.envelopes == []
    with contextlib.closing(sqlite3.connect(tmp_path / ".eenplan" / "state.sqlite")) as db:
        memory = "\n".join(db.iterdump())
    assert "maria" not in memory.casefold()  # no address kept
    # the mail server's settings in eenplan.toml change: tried again, and it goes
    settings = (tmp_path / "eenplan.toml").read_text(encoding="utf-8")
    (tmp_path / "eenplan.toml").write_text(settings.replace("team@voorbeeld.be", "rondetafel@voorbeeld.be"),
                                           encoding="utf-8")
    mended = _invite(runner, tmp_path)
    assert mended.exit_code == 0, mended.output
    assert _tries(inbox, where) == 2 and _to(inbox) == [[MARIA]]
    assert _count(tmp_path, "mails_refused") == 0


@needs_soffice
def test_a_new_letter_tries_a_refused_mail_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse_message = DATA_554
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.ended == 1
    _book(day=D(2026, 12, 9)).save(tmp_path / "Caseload.xlsx")  # the round-table moved
    moved = _mail(tmp_path)
    assert [o.outcome for o in moved.outcomes] == [MESSAGE_REFUSED] and inbox.ended == 2
    inbox.refuse_message = ""
    _book(maria="maria.peeters@voorbeeld.be", day=D(2026, 12, 9)).save(tmp_path / "Caseload.xlsx")
    assert [o.outcome for o in _mail(tmp_path).outcomes] == ["sent"]  # another address
    assert inbox.ended == 3 and _to(inbox) == [["maria.peeters@voorbeeld.be"]]


@needs_soffice
def test_opnieuw_tries_a_refused_mail_again_by_hand(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse_message = DATA_554
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 2
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.ended == 1  # not tried
    # refused again with --opnieuw: tried, remembered anew, and not tried after that
    forced = _invite_again(runner, tmp_path)
    assert forced.exit_code == 2 and inbox.ended == 2
    assert _refusals(tmp_path) == [(REFUSED_MESSAGE, "554 5.0.0")]
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.ended == 2
    inbox.refuse_message = ""  # mended at the mail server
    forced = _invite_again(runner, tmp_path)
    assert forced.exit_code == 0, forced.output
    assert _to(inbox) == [[MARIA]] and _count(tmp_path, "mails_refused") == 0
    # what went does not go again with --opnieuw
    forced = _invite_again(runner, tmp_path)
    assert forced.exit_code == 0 and _to(inbox) == [[MARIA]] and inbox.ended == 3
    alone = runner.invoke(cli, ["invite", "2026-001", "--opnieuw", "--team", str(tmp_path), *AS_OF])
    assert alone.exit_code == 2 and "Traceback" not in alone.output


@needs_soffice
def test_opnieuw_also_tries_a_refused_address_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse = MARIA  # "550 5.1.1 Mailbox unavailable": the mailbox was made since
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.asked == [MARIA]
    inbox.refuse = ""
    assert _invite(runner, tmp_path).exit_code == 2 and inbox.asked == [MARIA]
    forced = _invite_again(runner, tmp_path)
    assert forced.exit_code == 0, forced.output
    assert _to(inbox) == [[MARIA]] and _count(tmp_path, "mails_refused") == 0


@needs_soffice
@pytest.mark.parametrize("where", ["message", "sender"])
def test_a_mail_refused_for_now_is_tried_again_the_next_time(runner, tmp_path, smtp, where):  # noqa: F811
    controller, inbox = smtp
    _refuse(inbox, where, "451 4.3.0 Try again later")
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert [o.outcome for o in _mail(tmp_path).outcomes] == ["failed"]
    assert [o.outcome for o in _mail(tmp_path).outcomes] == ["failed"]
    assert _tries(inbox, where) == 2 and _count(tmp_path, "mails_refused") == 0


@needs_soffice
def test_a_cancellation_refused_for_good_is_not_tried_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port, watcher=False)
    assert _invite(runner, tmp_path).exit_code == 0 and _to(inbox) == [[MARIA]]
    book = _book()
    book.rows["Rondetafels"].clear()  # the round-table is dropped
    book.save(tmp_path / "Caseload.xlsx")
    inbox.refuse_message = DATA_554
    refused = _mail(tmp_path)
    assert _maria(refused) == [MESSAGE_REFUSED] and inbox.ended == 2
    assert [(c.mailed, c.unsent, c.unreachable) for c in refused.called_off] == [(0, 0, 1)]
    again = _mail(tmp_path)
    assert _maria(again) == [MESSAGE_REFUSED] and inbox.ended == 2
    inbox.refuse_message = ""
    forced = _mail(tmp_path, retry=True)
    assert _maria(forced) == ["cancelled"] and inbox.ended == 3


# -- the watcher ------------------------------------------------------------------------------------


@needs_soffice
@pytest.mark.parametrize("answer", [DATA_554, "451 4.3.0 Try again later"])
def test_the_watcher_does_not_send_a_refused_mail_again_at_every_save(runner, tmp_path, smtp, answer):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse_message = answer
    _team(tmp_path, _book(), controller.port)
    team = find_team(team=tmp_path)
    first = run_once(team, now=NOW)
    _book().save(tmp_path / "Caseload.xlsx")  # saved again: other bytes, the same caseload
    second = run_once(team, now=NOW + datetime.timedelta(minutes=5))
    assert first.mailed == second.mailed == ()  # never said to be sent
    lines = " ".join(first.lines() + second.lines())
    assert "Maria" not in lines and MARIA not in lines  # the log holds no names
    if answer.startswith("5"):
        assert inbox.ended == 1  # not sent again at the second save
        assert len(first.mend) == len(second.mend) == 1 and "2026-001" in second.mend[0]
        assert first.problems == second.problems == ()  # no failure to try again
    else:
        assert inbox.ended == 2  # for now: tried again at the next save
        assert first.mend == second.mend == () and second.problems
    once = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert once.exit_code == 2, once.output  # a scheduled run sees the mail did not go


# -- the state ----------------------------------------------------------------------------------------


def test_a_refusal_remembered_before_this_version_is_one_of_the_address(tmp_path):
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_refusal("uitnodiging/2026-001/x/y", tried="t", answer="554 5.0.0 no",
                             dossier="2026-001", refused=REFUSED_MESSAGE)
        assert state.refusal("uitnodiging/2026-001/x/y").refused == REFUSED_MESSAGE
    path = tmp_path / ".eenplan" / "state.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:  # as the version before kept it
        db.executescript("DELETE FROM mails_refused; ALTER TABLE mails_refused DROP COLUMN refused; "
                         "INSERT INTO mails_refused VALUES ('k', '2026-001', 't', '2026-11-23T10:00:00', "
                         "'550 5.1.1'); PRAGMA user_version = 10;")
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        remembered = state.refusal("k")
    assert remembered is not None and remembered.refused == REFUSED_ADDRESS
    assert remembered.answer == "550 5.1.1"
