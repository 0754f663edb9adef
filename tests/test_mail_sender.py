"""A mail server set in eenplan.toml and no afzender: eenplan sends nothing (no made-up sender
such as eenplan@localhost, which a real server refuses or files as spam), says so in one
sentence, and remembers nothing as sent; with gebruiker an e-mail address, that mailbox is the
sender. Every mail eenplan sends is checked: the digest, the begeleiders' weeks, the watcher's
round and the invitations by e-mail. A real SMTP server on 127.0.0.1 (aiosmtpd) listens."""

from __future__ import annotations

import datetime
import email
import email.policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from eenplan.cli import cli
from eenplan.team.settings import MailSettings
from eenplan.team.state import State, digest_key
from tests.builders import LISTS, CaseloadBuilder
from tests.test_digest import PASSWORD_ENV, Inbox, _free_port, smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]  # a Monday, ISO week 48
TUESDAY = ["--as-of", "2026-11-24"]  # week 48's digest is due for the watcher
COORDINATOR = "coord@voorbeeld.be"


def _team(folder: Path, port: int, *, user: str = "", sender: str = "") -> Path:
    """The coordinator's eenplan.toml of the report: server, poort, beveiliging = "geen" and
    coordinatoren filled in; afzender (and gebruiker) as given, by default empty."""
    (folder / "eenplan.toml").write_text(
        f'[team]\nnaam = "Team Test"\n\n[mail]\nserver = "127.0.0.1"\npoort = {port}\n'
        f'beveiliging = "geen"\ngebruiker = "{user}"\nwachtwoord-variabele = "{PASSWORD_ENV}"\n'
        f'afzender = "{sender}"\ncoordinatoren = ["{COORDINATOR}"]\nuitnodigingen = true\n',
        encoding="utf-8")
    lists = {**LISTS, "E-mail begeleider": ["an@voorbeeld.be" if who == "An Claes" else ""
                                            for who in LISTS["Begeleiders"]]}
    book = CaseloadBuilder(lists=lists)
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email="maria@voorbeeld.be", by_mail="ja")
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(18, 30),
                     location="Huis van het Kind")
    book.save(folder / "Caseload.xlsx")
    return folder


def _nothing_sent(folder: Path, inbox) -> None:
    assert inbox.senders == [] and inbox.envelopes == []  # not even a MAIL FROM was tried
    with State(folder / ".eenplan", root=folder) as state:
        assert state.digest("2026-W48") is None
        assert state.mail(digest_key("2026-W48")) is None
        assert not state.mails_of("2026-001")
        assert state.db.execute("SELECT COUNT(*) FROM mails_sent").fetchone()[0] == 0


def _says_afzender(output: str) -> None:
    assert "afzender" in output and "eenplan.toml" in output
    assert "localhost" not in output and "Traceback" not in output


def test_the_digest_is_not_sent_without_a_sender(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code == 2, result.output
    _says_afzender(result.output)
    assert "verstuurd naar" not in result.output
    _nothing_sent(team, inbox)


def test_the_begeleiders_weeks_are_not_sent_without_a_sender(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code == 2, result.output
    _says_afzender(result.output)
    _nothing_sent(team, inbox)


def test_invitations_are_not_mailed_without_a_sender(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    result = runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(team), *AS_OF])
    assert result.exit_code == 2, result.output
    _says_afzender(result.output)
    _nothing_sent(team, inbox)


def test_the_watcher_sends_no_mail_without_a_sender(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    result = runner.invoke(cli, ["watch", "--once", "--team", str(team), *TUESDAY])
    assert result.exit_code == 2, result.output  # a scheduled task sees that nothing went
    _says_afzender(result.output)
    _nothing_sent(team, inbox)
    with State(team / ".eenplan", root=team) as state:
        assert not state.weekly_round_done("2026-W48")  # tried again once afzender is filled in


def test_a_login_that_is_no_address_is_no_sender(runner, tmp_path, smtp, monkeypatch):  # noqa: F811
    controller, inbox = smtp
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    team = _team(tmp_path, controller.port, user="coord")  # the test server's login
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code == 2, result.output
    _says_afzender(result.output)
    _nothing_sent(team, inbox)


def test_the_sender_is_afzender_else_a_login_that_is_an_address():
    assert MailSettings().from_address == ""
    assert MailSettings(user="coord").from_address == ""
    assert MailSettings(user="team@voorbeeld.be").from_address == "team@voorbeeld.be"
    assert MailSettings(user="team@voorbeeld.be",
                        sender="Team <t@voorbeeld.be>").from_address == "Team <t@voorbeeld.be>"


@pytest.fixture
def mailbox_login():
    """A server whose login is a mailbox's address, as most are (Microsoft 365, Gmail)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), auth_require_tls=False,
                            authenticator=lambda server, session, envelope, mechanism, data: AuthResult(
                                success=(data.login, data.password) == (b"team@voorbeeld.be", b"geheim"),
                                handled=False))
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_a_login_that_is_an_address_sends_from_that_mailbox(runner, tmp_path, mailbox_login,
                                                             monkeypatch):
    controller, inbox = mailbox_login
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    team = _team(tmp_path, controller.port, user="team@voorbeeld.be")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code == 0, result.output
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "team@voorbeeld.be"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["From"].addresses[0].addr_spec == "team@voorbeeld.be"
    assert message["Message-ID"].endswith("@voorbeeld.be>")
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48").how == "smtp"


def test_an_eml_without_a_sender_names_no_made_up_one(runner, tmp_path, smtp):  # noqa: F811
    controller, _ = smtp
    team = _team(tmp_path, controller.port)
    out = tmp_path / "mails"
    result = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), *AS_OF])
    assert result.exit_code == 0, result.output
    data = (out / "Achterstand 2026-W48.eml").read_bytes()
    assert b"localhost" not in data
    assert email.message_from_bytes(data, policy=email.policy.default)["From"] is None
