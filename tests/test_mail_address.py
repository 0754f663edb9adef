"""The mail around an invitation speaks to its reader as the letter in it does (found by an
exploratory tester): the family as "vous" / "jullie" (their letter's form), a guest as "tu" / "je"
(the family's letter to them), and the attachments carry names in the reader's language. Through a
real SMTP server (aiosmtpd on 127.0.0.1); the wording is what was wrong, so the tests read it."""

from __future__ import annotations

import datetime
import email
import email.policy
import re
import shutil

import pytest

from eenplan.cli import cli
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]
MEETING = D(2026, 12, 7)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice makes the PDFs; `make test` installs it")


def _book(language: str, meeting: datetime.date = MEETING) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", language=language,
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Sarah Peeters", role="Gezin", relation="mama", invite="ja",
                 email="sarah@voorbeeld.be", by_mail="ja")
    book.network("2026-001", name="Claire Dubois", role="Buur", invite="ja",
                 email="claire@voorbeeld.be", by_mail="ja")
    book.round_table("2026-001", date=meeting, time=datetime.time(18, 30),
                     location="Huis van het Kind")
    return book


def _send(runner, tmp_path, book: CaseloadBuilder, port: int) -> None:
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(port), encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output


def _mails(envelopes) -> dict[str, tuple[str, list[str], set[str]]]:
    """Each recipient's last mail: its body, its attachments' names, and its words (without
    "rendez-vous", a "vous" that addresses no one)."""
    mails = {}
    for envelope in envelopes:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        mails[envelope.rcpt_tos[0]] = (body, [p.get_filename() for p in message.iter_attachments()],
                                       set(re.findall(r"\w+", body.casefold().replace("rendez-vous", ""))))
    return mails


def test_the_french_family_is_vous_in_its_mail_as_in_its_letter_and_a_guest_tu(runner, tmp_path,
                                                                              smtp):  # noqa: F811
    controller, inbox = smtp
    _send(runner, tmp_path, _book("fr"), controller.port)
    mails = _mails(inbox.envelopes)
    body, attached, words = mails["sarah@voorbeeld.be"]
    assert {"vous", "votre"} <= words and not {"tu", "ton", "toi", "te"} & words
    assert "Bien à vous," in body
    assert sorted(attached) == ["2026-12-07 Invitation table ronde - Famille Peeters.pdf",
                                "table-ronde.ics"]
    # a guest's letter is the family's, which says "tu" to them: so does the mail
    body, attached, words = mails["claire@voorbeeld.be"]
    assert {"tu", "ton"} <= words, body
    assert not {"vous", "votre"} & words, body
    assert sorted(attached) == ["2026-12-07 Invitation table ronde - Claire Dubois.pdf",
                                "table-ronde.ics"]
    # in out/ the letters keep their Dutch names
    out = tmp_path / "out" / "2026-001"
    assert (out / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.pdf").exists()


def test_a_moved_round_table_tells_the_french_family_as_vous_too(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _send(runner, tmp_path, _book("fr"), controller.port)
    first = len(inbox.envelopes)
    _send(runner, tmp_path, _book("fr", meeting=D(2026, 12, 9)), controller.port)
    body, attached, words = _mails(inbox.envelopes[first:])["sarah@voorbeeld.be"]
    assert "Votre table ronde est déplacée" in body
    assert {"vous", "votre"} <= words and not {"tu", "ton", "toi", "te"} & words
    assert "2026-12-09 Invitation table ronde - Famille Peeters.pdf" in attached


def test_the_english_mail_s_attachments_are_named_in_english(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _send(runner, tmp_path, _book("en"), controller.port)
    mails = _mails(inbox.envelopes)
    assert sorted(mails["sarah@voorbeeld.be"][1]) == [
        "2026-12-07 Round-table invitation - Peeters family.pdf", "round-table.ics"]
    assert sorted(mails["claire@voorbeeld.be"][1]) == [
        "2026-12-07 Round-table invitation - Claire Dubois.pdf", "round-table.ics"]
    assert "Your round-table meeting is on" in mails["sarah@voorbeeld.be"][0]


def test_the_dutch_family_is_jullie_in_its_mail(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _send(runner, tmp_path, _book(""), controller.port)
    mails = _mails(inbox.envelopes)
    body, attached, words = mails["sarah@voorbeeld.be"]
    assert "jullie" in words and "je" not in words
    assert sorted(attached) == ["2026-12-07 Uitnodiging rondetafel - Familie Peeters.pdf",
                                "rondetafel.ics"]
    assert "je" in mails["claire@voorbeeld.be"][2]  # the guest: "je", as the family's letter
