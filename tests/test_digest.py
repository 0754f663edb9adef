"""The weekly digest: its counts and change since last week, the .eml, and a real SMTP server."""

from __future__ import annotations

import asyncio
import datetime
import email
import email.policy
import io
import json
import socket
from pathlib import Path

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from eenplan.cli import cli
from eenplan.flows.digest import change, digest_counts, digest_text
from eenplan.team.state import State, named
from tests.builders import mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48

D = datetime.date
PASSWORD_ENV = "EENPLAN_TEST_SMTP_WACHTWOORD"


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list = []
        self.refuse = ""  # an address this server refuses, as a real one refuses a mistyped one
        self.answer = "550 5.1.1 Mailbox unavailable"  # how: for good (5xx), or for now (4xx)
        self.asked: list[str] = []  # every recipient a client asked for, taken or refused
        self.slow = 0.0  # seconds the server takes to answer a mail's end, as a busy one does
        # the message itself refused, not a recipient: its answer to the sender (MAIL FROM), or
        # to the message's end (DATA), as "554 5.0.0 Transaction failed"; "" takes it
        self.refuse_sender = ""
        self.refuse_message = ""
        self.senders: list[str] = []  # every MAIL FROM a client gave, taken or refused
        self.ended = 0  # every message's end a client sent, taken or refused

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.senders.append(address)
        if self.refuse_sender:
            return self.refuse_sender
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.asked.append(address)
        if self.refuse and address == self.refuse:
            return self.answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.ended += 1
        if self.slow:
            await asyncio.sleep(self.slow)
        if self.refuse_message:
            return self.refuse_message
        self.envelopes.append(envelope)
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    # handled=False: aiosmtpd answers 235 or 535 itself
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"coord", b"geheim"),
                      handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _team(tmp_path: Path, book, *, port: int, security: str = "geen", user: str = "coord") -> Path:
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(port, security=security, mail=(
        f'gebruiker = "{user}"\nwachtwoord-variabele = "{PASSWORD_ENV}"\n'
        'coordinatoren = ["coord@voorbeeld.be", "tweede@voorbeeld.be"]')), encoding="utf-8")
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 10, 30))  # due soon
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 9, 1))  # paused
    book.pause("2026-003", start=D(2026, 9, 20))
    book.dossier("2026-004", registered_on=D(2026, 10, 2))  # overdue, no begeleider
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (attachment,) = list(message.iter_attachments())
    return text, html, attachment


def test_the_digest_arrives_with_both_bodies_and_the_workbook(runner, book, tmp_path, smtp, monkeypatch):
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port)
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "verstuurd naar coord@voorbeeld.be, tweede@voorbeeld.be" in result.output
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "team@voorbeeld.be"
    assert envelope.rcpt_tos == ["coord@voorbeeld.be", "tweede@voorbeeld.be"]
    message = _parse(envelope.content)
    assert message["Subject"] == "Achterstand Team Test, week 48: 2 te laat, 1 binnenkort"
    text, html, attachment = _parts(message)
    assert "maandag 23 november 2026" in text
    assert "Samen: 2 te laat, 1 binnenkort, 1 gepauzeerd." in text
    assert "An Claes" in text and "(geen begeleider)" in text
    assert "perspectiefgesprek binnen 1 maand na aanmelding: 2 te laat, 1 binnenkort" in " ".join(
        text.split())
    assert "Familie" not in text and "Familie" not in html  # names only in the attachment
    assert "<td" in html and "An Claes" in html
    assert attachment.get_filename() == "Achterstand.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert workbook.sheetnames == ["Overzicht", "An Claes", "Bart Peeters", "(geen begeleider)"]
    assert not list((team / "rapporten").glob("*.eml"))  # sent: nothing left behind
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48").how == "smtp"


def test_a_refused_login_says_so_and_leaves_the_eml(runner, book, tmp_path, smtp, monkeypatch):
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port)
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2
    assert "weigerde de aanmelding van coord" in result.output
    assert PASSWORD_ENV in result.output and "Traceback" not in result.output
    assert "rapporten/Achterstand 2026-W48.eml" in result.output
    assert inbox.envelopes == []
    left = _parse((team / "rapporten" / "Achterstand 2026-W48.eml").read_bytes())
    assert _parts(left)[0].startswith("Dag coördinatoren,")
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48") is None  # not sent: next week compares with what was


def test_an_unreachable_host(runner, book, tmp_path, monkeypatch):
    team = _team(tmp_path, book, port=_free_port())  # nobody listens there
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2
    assert "weigert de verbinding" in result.output and "poort" in result.output
    assert (team / "rapporten" / "Achterstand 2026-W48.eml").is_file()


def test_a_server_without_starttls(runner, book, tmp_path, smtp, monkeypatch):
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port, security="starttls")
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2
    assert "kent geen STARTTLS" in result.output
    assert inbox.envelopes == []


def test_a_missing_password(runner, book, tmp_path, smtp, monkeypatch):
    controller, inbox = smtp
    team = _team(tmp_path, book, port=controller.port)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2
    assert f"zet het in de omgevingsvariabele {PASSWORD_ENV}" in result.output


def test_eml_and_the_change_since_last_week(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    out = tmp_path / "mails"
    first = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), "--as-of", "2026-11-23"])
    assert first.exit_code == 0, first.output
    message = _parse((out / "Achterstand 2026-W48.eml").read_bytes())
    text, _, attachment = _parts(message)
    assert "geen vergelijking" in text
    assert message["To"] == "coord@voorbeeld.be, tweede@voorbeeld.be"
    assert openpyxl.load_workbook(io.BytesIO(attachment.get_content())).sheetnames[0] == "Overzicht"
    second = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), "--as-of", "2026-12-01"])
    assert second.exit_code == 0, second.output
    text = _parts(_parse((out / "Achterstand 2026-W49.eml").read_bytes()))[0]
    # a week later 2026-002 is overdue too: 3 overdue (+1), none due soon (−1)
    assert "Samen: 3 te laat (+1), 0 binnenkort (−1), 1 gepauzeerd (=)." in text
    assert "An Claes                       2 (+1)      0 (−1)       0 (=)" in text
    # the state compared the weeks without keeping a begeleider's name
    assert b"An Claes" not in (team / ".eenplan" / "state.sqlite").read_bytes()


def test_last_weeks_begeleiders_are_found_again_by_name_and_kept_by_hash(tmp_path):
    counts = {"overdue": 3, "begeleiders": {"An Claes": [2, 0, 0], "Bart Peeters": [1, 0, 0]},
              "agreements": {"An Claes": [1, 0, 0]}, "norms": {"Procesbegeleiding: x": [3, 0, 0]}}
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_digest("2026-W48", how="eml", counts=counts)
        kept = state.digest("2026-W48").counts
        keys = state.keys
    assert "An Claes" not in json.dumps(kept) and kept["norms"] == counts["norms"]
    # Bart has left the team's list: his line goes; An comes back under her name
    assert named(kept, ["An Claes"], keys) == {**counts, "begeleiders": {"An Claes": [2, 0, 0]}}
    # counts recorded by an earlier version, under the names themselves, still compare
    assert named(counts, [], keys) == counts


def test_the_preview_sends_nothing(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    result = runner.invoke(cli, ["digest", "--team", str(team), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Onderwerp: Achterstand Team Test, week 48")
    assert max(len(line) for line in result.output.splitlines()) <= 80
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48") is None


def test_send_and_eml_together_is_a_usage_error(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    result = runner.invoke(cli, ["digest", "--send", "--eml", str(tmp_path), "--team", str(team)])
    assert result.exit_code == 2
    assert "niet allebei" in result.output


def test_change_words():
    assert [change(3, None), change(3, 3), change(5, 3), change(1, 3)] == ["", "=", "+2", "−2"]


def test_nothing_to_report():
    counts = digest_counts(())
    assert counts == {"overdue": 0, "due_soon": 0, "paused": 0, "begeleiders": {}, "agreements": {},
                      "evaluations": {}, "norms": {}}
    text = digest_text(counts, None, today=TODAY, team_name="Team Test", week="2026-W48")
    assert "Er is niets te laat" in text.text and "<table" not in text.html


def test_send_without_a_mail_server_writes_the_eml(runner, book, tmp_path):
    team = _team(tmp_path, book, port=25)
    settings = team / "eenplan.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('server = "127.0.0.1"', 'server = ""'),
                        encoding="utf-8")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", "2026-11-23"])
    assert result.exit_code == 2, result.output  # a scheduled job must see that nothing was sent
    assert "geen mailserver" in result.output
    assert (team / "rapporten" / "Achterstand 2026-W48.eml").is_file()
    with State(team / ".eenplan", root=team) as state:
        assert state.digest("2026-W48").how == "eml"


@pytest.fixture
def certificate(tmp_path_factory, monkeypatch):
    """A self-signed certificate for 127.0.0.1, trusted through SSL_CERT_FILE, as a real server's."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_sent_over_tls(runner, book, tmp_path, certificate, monkeypatch, security):
    inbox = Inbox()
    # aiosmtpd only counts STARTTLS as TLS for AUTH; over implicit TLS it must be told
    options = {"tls_context": certificate, "require_starttls": True} if security == "starttls" else {
        "ssl_context": certificate, "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_authenticator, **options)
    controller.start()
    try:
        team = _team(tmp_path, book, port=controller.port, security=security)
        monkeypatch.setenv(PASSWORD_ENV, "geheim")
        result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", "2026-11-23"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    (envelope,) = inbox.envelopes
    assert _parse(envelope.content)["Subject"].startswith("Achterstand Team Test, week 48")


def test_an_untrusted_certificate(runner, book, tmp_path, certificate, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))  # trust nothing
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_authenticator, ssl_context=certificate, auth_require_tls=False)
    controller.start()
    try:
        team = _team(tmp_path, book, port=controller.port, security="ssl")
        monkeypatch.setenv(PASSWORD_ENV, "geheim")
        result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", "2026-11-23"])
    finally:
        controller.stop()
    assert result.exit_code == 2
    assert "vertrouwt het certificaat van de mailserver 127.0.0.1" in result.output
    assert "Traceback" not in result.output and inbox.envelopes == []


def test_a_missing_norm_column_is_still_sent_without_counts(runner, book, tmp_path, smtp, monkeypatch):
    """The coordinators learn that the workbook lost a column; a scheduled job sees exit 2."""
    from eenplan.sheets.schema import DOSSIERS_SCHEMA

    controller, inbox = smtp
    book.with_headers("Dossiers", ["Datum aanmeldng" if c.header == "Datum aanmelding" else c.header
                                   for c in DOSSIERS_SCHEMA.columns])
    team = _team(tmp_path, book, port=controller.port)
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2, result.output
    (envelope,) = inbox.envelopes
    message = _parse(envelope.content)
    assert "niet te beoordelen" in message["Subject"] and "te laat," not in message["Subject"]
    text = " ".join(message.get_body(("plain",)).get_content().split())
    assert "Datum aanmelding" in text and "Datum aanmeldng" in text
    assert "Samen:" not in text and not list(message.iter_attachments())
