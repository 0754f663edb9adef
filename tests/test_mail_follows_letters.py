"""What "already sent" means for an invitation by e-mail: the round-table's day, hour and place,
and also the letter itself (made again in the family's new language) and the address it went to
(a corrected address has had nothing yet). A real SMTP server on 127.0.0.1, real PDFs."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

from eenplan.team.folder import find_team
from eenplan.team.state import State
from eenplan.watcher.run import run_once
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_invite_mail import _event, _invite

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice makes the PDFs; `make test` installs it")

D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 10, 0)


def _book(*, language: str = "", maria: str = "maria@voorbeeld.be") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", language=language,
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja", email=maria,
                 by_mail="ja")
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(18, 30),
                     location="Huis van het Kind")
    return book


def _team(tmp_path, port: int, *, watcher: bool = False) -> None:
    (tmp_path / "eenplan.toml").write_text(
        mail_team_settings(port, mail="uitnodigingen = true" if watcher else ""), encoding="utf-8")
    _book().save(tmp_path / "Caseload.xlsx")


def _pdf_text(part) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=part.get_content(), capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")


def test_a_letter_made_again_in_the_familys_new_language_is_mailed_again(runner, tmp_path,
                                                                        smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(language="en").save(tmp_path / "Caseload.xlsx")  # the family reads English now
    again = _invite(runner, tmp_path)
    assert again.exit_code == 0, again.output
    assert len(inbox.envelopes) == 2 and "nieuwe versie" in again.output
    first, second = (_event(e) for e in inbox.envelopes)
    message, parts, _, event = second
    assert message["Subject"].startswith("New invitation: round-table meeting")
    (letter,) = [p for name, p in parts.items() if name.endswith(".pdf")]
    assert "Monday 7 December 2026" in _pdf_text(letter)  # the letter in its new language
    assert event["UID"] == first[3]["UID"] and int(event["SEQUENCE"]) == 1  # the same appointment
    assert "al verstuurd" in _invite(runner, tmp_path).output and len(inbox.envelopes) == 2


def test_a_corrected_address_gets_the_invitation(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(maria="maria.peeters@voorbeeld.be").save(tmp_path / "Caseload.xlsx")
    corrected = _invite(runner, tmp_path)
    assert corrected.exit_code == 0, corrected.output
    assert [e.rcpt_tos for e in inbox.envelopes] == [["maria@voorbeeld.be"],
                                                     ["maria.peeters@voorbeeld.be"]]
    message, parts, _, _ = _event(inbox.envelopes[1])
    assert message["Subject"].startswith("Uitnodiging:")  # new to that address: no "Gewijzigd"
    assert "Maria Peeters: uitnodiging verstuurd" in corrected.output
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        (mail,) = state.mails_of("2026-001")
    assert "maria" not in str(mail.detail)  # the address as a keyed hash, never itself
    assert "al verstuurd" in _invite(runner, tmp_path).output and len(inbox.envelopes) == 2


def test_the_watcher_mails_the_corrected_address_once(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port, watcher=True)
    team = find_team(team=tmp_path)
    assert run_once(team, now=NOW).mailed == ("2026-001",)
    _book(maria="maria.peeters@voorbeeld.be").save(tmp_path / "Caseload.xlsx")
    assert run_once(team, now=NOW).mailed == ("2026-001",)
    assert inbox.envelopes[-1].rcpt_tos == ["maria.peeters@voorbeeld.be"]
    _book(maria="maria.peeters@voorbeeld.be").dossier("2026-002").save(tmp_path / "Caseload.xlsx")
    assert run_once(team, now=NOW).mailed == () and len(inbox.envelopes) == 2


def test_a_mail_an_earlier_version_recorded_is_not_sent_again_for_this(runner, tmp_path,
                                                                       smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    with State(tmp_path / ".eenplan", root=tmp_path) as state:  # as an earlier version kept it
        (mail,) = state.mails_of("2026-001")
        detail = {k: v for k, v in mail.detail.items() if k not in ("letter", "to")}
        state.record_mail(mail.key, kind=mail.kind, dossier=mail.dossier, detail=detail,
                          at=mail.sent_at)
    assert "al verstuurd" in _invite(runner, tmp_path).output
    assert len(inbox.envelopes) == 1


def test_a_template_mended_in_word_mails_nobody_again(runner, tmp_path, smtp):  # noqa: F811
    """A team that mends a typo in its uitnodiging.docx (or an eenplan whose default letter reads
    better) makes the letters again, but every guest would have had a "new invitation" for the same
    meeting: a letter goes again only when what it says changes (its data, its language)."""
    from docx import Document

    from eenplan.docx_templates import PACKAGE_TEMPLATES

    controller, inbox = smtp
    _team(tmp_path, controller.port)
    templates = tmp_path / "docx_templates"
    templates.mkdir()
    shutil.copyfile(PACKAGE_TEMPLATES / "uitnodiging.docx", templates / "uitnodiging.docx")
    assert _invite(runner, tmp_path).exit_code == 0
    document = Document(str(templates / "uitnodiging.docx"))
    document.add_paragraph("Tot dan!")
    document.save(str(templates / "uitnodiging.docx"))
    again = _invite(runner, tmp_path)
    assert again.exit_code == 0, again.output
    assert len(inbox.envelopes) == 1, again.output
