"""A mail the mail server refuses for good itself, not an address: a 5xx at the sender (MAIL FROM)
or at the message (DATA, "554 Transaction failed"). `send` tells it from a refused recipient and
from a refusal for now (4xx); the state remembers which it was. A real SMTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from eenplan.flows.digest import MessageRefused, new_message, send
from eenplan.team.folder import find_team
from eenplan.team.state import REFUSED_ADDRESS, REFUSED_MESSAGE, REFUSED_SENDER, State
from tests.builders import mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_mail_once import MARIA, NOW

DATA_554 = "554 5.0.0 Transaction failed"
SENDER_553 = "553 5.7.1 Sender address rejected: not owned by user"


def _refuse(inbox, where: str, answer: str) -> None:
    setattr(inbox, "refuse_sender" if where == "sender" else "refuse_message", answer)


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
