"""`eenplan watch --once` for a scheduled task: a report, letters or a mail that could not be
written or sent is exit code 2, not the 0 of a round that did everything."""

from __future__ import annotations

import datetime

from eenplan.cli import cli
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.watching import make_team

D = datetime.date
AS_OF = ["--as-of", "2026-11-24"]  # a Tuesday: the week's digest is due


def test_a_round_that_did_everything_exits_0(tmp_path, book, runner):
    book.dossier("2026-001", registered_on=D(2026, 11, 20))
    make_team(tmp_path, book)
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert result.exit_code == 0, result.output


def test_reports_that_cannot_be_written_exit_2(tmp_path, book, runner):
    book.dossier("2026-001", registered_on=D(2026, 11, 20))
    team = make_team(tmp_path, book)
    team.reports_dir.write_text("een bestand waar de map rapporten moet staan")
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert result.exit_code == 2, result.output


def test_letters_that_cannot_be_written_exit_2(tmp_path, runner):
    book = CaseloadBuilder().dossier("2026-001", registered_on=D(2026, 11, 20))
    book.network("2026-001", name="Mia Maes", invite="ja")
    book.round_table("2026-001", date=D(2026, 12, 7))
    team = make_team(tmp_path, book)
    team.out_dir.mkdir()
    (team.out_dir / "2026-001").write_text("een bestand waar een map moet staan")
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert result.exit_code == 2, result.output


def test_a_week_mail_the_server_refuses_exits_2(tmp_path, runner, smtp):  # noqa: F811
    controller, inbox = smtp
    inbox.refuse = "bart@voorbeeld.be"
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an@voorbeeld.be",
                                                                 "bart@voorbeeld.be"]})
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 11, 20))
    book.dossier("2026-002", begeleider="Bart Peeters", registered_on=D(2026, 11, 20))
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(
        controller.port, mail='coordinatoren = ["coord@voorbeeld.be"]'), encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["watch", "--team", str(tmp_path), "--once", *AS_OF])
    assert result.exit_code == 2, result.output
    assert sorted(to for e in inbox.envelopes for to in e.rcpt_tos) == ["an@voorbeeld.be",
                                                                       "coord@voorbeeld.be"]
