"""Who the coordinators' digest goes to: addresses in eenplan.toml that are none are refused
when the settings are read, and a recipient the mail server refuses is said, never "verstuurd",
through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from eenplan.cli import cli
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
