"""What the mail server refused for good is remembered for the weekly mails too, and for the login.

The coordinators' digest and a begeleider's week that the server refuses themselves (a 5xx at
MAIL FROM or at DATA) are not offered again that week with the same [mail] (the watcher asked
every hour); the watcher says it once; `--opnieuw` offers them all the same; a 4xx is tried
again. A login the server refuses (535: the password) is not tried again at every save or every
hour until [mail] or the password changes; the watcher says it once, the commands every time.
Under --as-of, "sent on" and "refused on" say the day eenplan recorded, which is the as-of day.
A real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from eenplan.cli import cli
from eenplan.team.folder import find_team
from eenplan.team.state import LOGIN_KEY, REFUSED_LOGIN, REFUSED_MESSAGE, State, digest_key
from eenplan.watcher.loop import Watcher
from eenplan.watcher.run import digest_if_due, run_once
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48
from tests.test_digest import PASSWORD_ENV, Inbox, _free_port
from tests.test_mail_once import MARIA, NOW, _book, needs_soffice
from tests.watching import FAST

D = datetime.date
WEEK = "2026-W48"
AS_OF = ["--as-of", TODAY.isoformat()]
TUESDAY = datetime.datetime(2026, 11, 24, 9, 0)  # week 48's digest (Monday 08:00) is due
DATA_554 = "554 5.0.0 Transaction failed"
COORDINATOR = "coord@voorbeeld.be"


class Server:
    """An SMTP server on 127.0.0.1 that counts the connections that try to log in (smtplib tries
    each mechanism the server offers in turn: one login may ask several times)."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.logins = 0
        self._sessions: set[int] = set()
        self.password = b"geheim"
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=_free_port(),
                                     authenticator=self._authenticate, auth_require_tls=False)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if id(session) not in self._sessions:
            self._sessions.add(id(session))
            self.logins += 1
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"coord", self.password),
                          handled=False)


@pytest.fixture
def server():
    running = Server()
    running.controller.start()
    try:
        yield running
    finally:
        running.controller.stop()


def _team(folder: Path, port: int, *, user: bool = False, begeleiders: bool = False,
          sender: str = "team@voorbeeld.be") -> Path:
    login = f'gebruiker = "coord"\nwachtwoord-variabele = "{PASSWORD_ENV}"\n' if user else ""
    settings = mail_team_settings(port, mail=f'{login}coordinatoren = ["{COORDINATOR}"]',
                                  more=f"[digest]\nbegeleiders = {str(begeleiders).lower()}\n")
    (folder / "eenplan.toml").write_text(settings.replace("team@voorbeeld.be", sender),
                                         encoding="utf-8")
    lists = {**LISTS, "E-mail begeleider": ["an@voorbeeld.be" if who == "An Claes" else ""
                                            for who in LISTS["Begeleiders"]]}
    book = CaseloadBuilder(lists=lists)
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    book.save(folder / "Caseload.xlsx")
    return folder


def _digest(runner, folder: Path, *more: str):
    return runner.invoke(cli, ["digest", "--send", "--team", str(folder), *AS_OF, *more])


def _refusals(folder: Path) -> list[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(folder / ".eenplan" / "state.sqlite")) as db:
        return [tuple(r) for r in db.execute("SELECT key, refused, answer FROM mails_refused")]


# -- 1. the digest and the begeleiders' weeks refused for good themselves ---------------------------


def test_a_digest_refused_for_good_is_not_offered_again_that_week(runner, tmp_path, server):
    inbox = server.inbox
    inbox.refuse_message = DATA_554
    _team(tmp_path, server.controller.port)
    first = _digest(runner, tmp_path)
    assert first.exit_code == 2 and inbox.ended == 1
    assert _refusals(tmp_path) == [(digest_key(WEEK), REFUSED_MESSAGE, "554 5.0.0")]
    again = _digest(runner, tmp_path)
    assert again.exit_code == 2 and inbox.ended == 1  # not offered again: said, not tried
    assert "554 5.0.0" in again.output and "Traceback" not in again.output
    inbox.refuse_message = ""  # mended at the mail server: nothing eenplan knows changed
    assert _digest(runner, tmp_path).exit_code == 2 and inbox.ended == 1
    forced = _digest(runner, tmp_path, "--opnieuw")
    assert forced.exit_code == 0, forced.output
    assert [e.rcpt_tos for e in inbox.envelopes] == [[COORDINATOR]] and _refusals(tmp_path) == []


def test_a_digest_refused_for_good_goes_once_the_mail_settings_change(runner, tmp_path, server):
    inbox = server.inbox
    inbox.refuse_sender = "553 5.7.1 Sender address rejected"
    _team(tmp_path, server.controller.port)
    assert _digest(runner, tmp_path).exit_code == 2 and len(inbox.senders) == 1
    assert _digest(runner, tmp_path).exit_code == 2 and len(inbox.senders) == 1
    inbox.refuse_sender = ""
    _team(tmp_path, server.controller.port, sender="overzicht@voorbeeld.be")  # afzender mended
    sent = _digest(runner, tmp_path)
    assert sent.exit_code == 0, sent.output
    assert inbox.senders[1:] == ["overzicht@voorbeeld.be"] and len(inbox.envelopes) == 1


def test_a_digest_refused_for_now_is_tried_again(runner, tmp_path, server):
    inbox = server.inbox
    inbox.refuse_message = "451 4.3.0 Try again later"
    _team(tmp_path, server.controller.port)
    assert _digest(runner, tmp_path).exit_code == 2
    assert _digest(runner, tmp_path).exit_code == 2
    assert inbox.ended == 2 and _refusals(tmp_path) == []


def test_the_watcher_says_a_refused_digest_once_and_does_not_offer_it_every_hour(tmp_path, server):
    inbox = server.inbox
    inbox.refuse_message = DATA_554
    team = find_team(team=_team(tmp_path, server.controller.port))
    lines: list[str] = []
    now = [TUESDAY]
    watcher = Watcher(team, timings=FAST, clock=lambda: now[0], out=lines.append)
    for hours in range(3):
        now[0] = TUESDAY + datetime.timedelta(hours=hours, minutes=1)
        watcher.serve(once=True)
    assert inbox.ended == 1 and inbox.envelopes == []  # offered once, not every hour
    told = [line for line in lines if "554 5.0.0" in line]
    assert len(told) == 1 and "LET OP" in told[0]
    assert watcher.undone
    with State(team.state_dir, root=team.base) as state:
        assert not state.weekly_round_done(WEEK)  # open: [mail] mended this week, it goes
        assert state.digest(WEEK) is None  # and it never reads as sent
    inbox.refuse_message = ""
    mended = find_team(team=_team(tmp_path, server.controller.port, sender="overzicht@voorbeeld.be"))
    result = digest_if_due(mended, now=TUESDAY + datetime.timedelta(hours=4))
    assert result is not None and result.sent is not None and not result.sent.waiting
    assert len(inbox.envelopes) == 1 and inbox.ended == 2


def test_a_begeleiders_week_refused_for_good_is_not_offered_again(runner, tmp_path, server):
    inbox = server.inbox
    inbox.refuse_message = DATA_554
    _team(tmp_path, server.controller.port, begeleiders=True)
    weeks = ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF]
    first = runner.invoke(cli, weeks)
    assert first.exit_code == 2 and inbox.ended == 1
    again = runner.invoke(cli, weeks)
    said = " ".join(again.output.split())
    assert again.exit_code == 2 and inbox.ended == 1 and "554 5.0.0" in said
    assert "op 23/11/2026" in said  # the day it was refused: the as-of day
    inbox.refuse_message = ""
    forced = runner.invoke(cli, [*weeks, "--opnieuw"])
    assert forced.exit_code == 0, forced.output
    assert [e.rcpt_tos for e in inbox.envelopes] == [["an@voorbeeld.be"]]
    assert runner.invoke(cli, [*weeks, "--opnieuw"]).exit_code == 0 and len(inbox.envelopes) == 1


# -- 2. a login the mail server refused (535) ----------------------------------------------------------


def test_a_refused_password_is_not_tried_again_until_it_changes(runner, tmp_path, server, monkeypatch):
    _team(tmp_path, server.controller.port, user=True)
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    first = _digest(runner, tmp_path)
    assert first.exit_code == 2 and server.logins == 1
    assert _refusals(tmp_path) == [(LOGIN_KEY, REFUSED_LOGIN, "535 5.7.8")]
    weeks = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF])
    again = _digest(runner, tmp_path)
    assert weeks.exit_code == again.exit_code == 2 and server.logins == 1  # said, not tried
    for said in (weeks.output, again.output):  # every time, by the commands
        assert PASSWORD_ENV in said and "535" in said and "Traceback" not in said
    with contextlib.closing(sqlite3.connect(tmp_path / ".eenplan" / "state.sqlite")) as db:
        assert "fout" not in "\n".join(db.iterdump())
    monkeypatch.setenv(PASSWORD_ENV, "geheim")  # the password mended
    sent = _digest(runner, tmp_path)
    assert sent.exit_code == 0, sent.output
    assert server.logins == 2 and len(server.inbox.envelopes) == 1 and _refusals(tmp_path) == []


def test_a_refused_password_is_tried_again_with_other_mail_settings_or_opnieuw(
        runner, tmp_path, server, monkeypatch):
    _team(tmp_path, server.controller.port, user=True)
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    server.password = b"nieuw"  # changed at the mail server, not yet on this computer
    assert _digest(runner, tmp_path).exit_code == 2 and server.logins == 1
    assert _digest(runner, tmp_path).exit_code == 2 and server.logins == 1
    server.password = b"geheim"  # put back at the mail server
    forced = _digest(runner, tmp_path, "--opnieuw")
    assert forced.exit_code == 0, forced.output
    assert server.logins == 2 and _refusals(tmp_path) == []


def test_the_watcher_says_a_refused_password_once(tmp_path, server, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    team = find_team(team=_team(tmp_path, server.controller.port, user=True))
    lines: list[str] = []
    now = [TUESDAY]
    watcher = Watcher(team, timings=FAST, clock=lambda: now[0], out=lines.append)
    for hours in range(3):
        now[0] = TUESDAY + datetime.timedelta(hours=hours, minutes=1)
        watcher.serve(once=True)
    assert server.logins == 1  # not every hour
    told = [line for line in lines if "aanmelding" in line]
    assert len(told) == 1 and PASSWORD_ENV in told[0] and "LET OP" in told[0]
    assert watcher.undone


# -- 3. the days said under --as-of ---------------------------------------------------------------------


def test_already_sent_says_the_day_it_was_sent_as_of(runner, tmp_path, server):
    _team(tmp_path, server.controller.port)
    assert _digest(runner, tmp_path).exit_code == 0
    again = _digest(runner, tmp_path)
    assert again.exit_code == 0 and "maandag 23 november 2026" in again.output, again.output


def test_refused_on_says_the_day_it_was_refused_as_of(runner, tmp_path, server):
    server.inbox.refuse_message = DATA_554
    _team(tmp_path, server.controller.port)
    _digest(runner, tmp_path)
    again = _digest(runner, tmp_path)
    assert "op 23/11/2026" in again.output, again.output


# -- 2. the login, for the invitations by e-mail ------------------------------------------------------


def _invitation_team(folder: Path, port: int, *, watcher: bool) -> None:
    mail = (f'gebruiker = "coord"\nwachtwoord-variabele = "{PASSWORD_ENV}"\n'
            'coordinatoren = ["coord@voorbeeld.be"]\n' + ("uitnodigingen = true\n" if watcher else ""))
    (folder / "eenplan.toml").write_text(mail_team_settings(port, mail=mail), encoding="utf-8")
    _book().save(folder / "Caseload.xlsx")


@needs_soffice
def test_invite_says_a_refused_password_every_time_and_logs_in_once(runner, tmp_path, server,
                                                                     monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    _invitation_team(tmp_path, server.controller.port, watcher=False)
    invite = ["invite", "2026-001", "--mail", "--team", str(tmp_path), *AS_OF]
    first, again = runner.invoke(cli, invite), runner.invoke(cli, invite)
    assert first.exit_code == again.exit_code == 2 and server.logins == 1
    for said in (first.output, again.output):
        assert said.count(PASSWORD_ENV) == 1 and "Maria Peeters" in said  # once, not per person
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    sent = runner.invoke(cli, invite)
    assert sent.exit_code == 0, sent.output
    assert server.logins == 2 and [e.rcpt_tos for e in server.inbox.envelopes] == [[MARIA]]


@needs_soffice
def test_the_watcher_does_not_log_in_again_at_every_save_for_the_invitations(tmp_path, server,
                                                                             monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    _invitation_team(tmp_path, server.controller.port, watcher=True)
    team = find_team(team=tmp_path)
    first = run_once(team, now=NOW)
    _book().save(tmp_path / "Caseload.xlsx")  # saved again
    second = run_once(team, now=NOW + datetime.timedelta(minutes=5))
    assert server.logins == 1 and first.mailed == second.mailed == ()
    assert PASSWORD_ENV in first.login_refused and PASSWORD_ENV in second.login_refused
    assert first.problems == second.problems == ()  # not a failure to try again at each save
    assert "Maria" not in " ".join(first.lines() + first.login_lines())  # the log holds no names
