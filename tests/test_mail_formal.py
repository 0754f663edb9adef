"""The mail around a letter speaks as the letter does: a guest whose letter says "u" (a Naam with a
courtesy title: ontvanger.beleefd) gets "u" in the mail too, "vous" in French; a guest whose letter
says "je" keeps "je" and "tu". A real SMTP server on 127.0.0.1, real PDFs, the mails as received."""

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

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice makes the PDFs; `make test` installs it")

# the words of the informal and of the formal form of address, as whole words
_JE = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
_U = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
_TU = re.compile(r"\b(tu|te|toi|ton|ta|tes)\b|\bt'", re.IGNORECASE)
_VOUS = re.compile(r"(?<![-\w])(vous|votre|vos)\b", re.IGNORECASE)  # not "rendez-vous"

GUESTS = {  # address -> (Naam, language, formal)
    "vdb@voorbeeld.be": ("Mevrouw Van den Broeck", "", True),
    "dokter@voorbeeld.be": ("Dr. Janssens", "", True),
    "dubois@voorbeeld.be": ("Madame Dubois", "fr", True),
    "maria@voorbeeld.be": ("Maria Peeters", "", False),
    "claire@voorbeeld.be": ("Claire Lambert", "fr", False),
    "tom@voorbeeld.be": ("Meester Tom", "", False),
}


def _book(*, meeting: bool = True) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    for address, (name, language, _) in GUESTS.items():
        book.network("2026-001", name=name, role="Buur", invite="ja", language=language,
                     email=address, by_mail="ja")
    if meeting:
        book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(18, 30),
                         location="Huis van het Kind")
    return book


def _mails(inbox) -> dict[str, list[tuple[str, str]]]:
    """Each address's mails as (subject, plain text)."""
    mails: dict[str, list[tuple[str, str]]] = {}
    for envelope in inbox.envelopes:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        mails.setdefault(envelope.rcpt_tos[0], []).append((str(message["Subject"]), body))
    return mails


def _speaks(address: str, text: str) -> str:
    """How ``text`` speaks to its reader: "formal", "informal", "both" or "neither"."""
    french = GUESTS[address][1] == "fr"
    informal = (_TU if french else _JE).search(text) is not None
    formal = (_VOUS if french else _U).search(text) is not None
    return {(True, False): "formal", (False, True): "informal"}.get((formal, informal),
                                                                   "both" if formal else "neither")


def _invite(runner, tmp_path):
    return runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(tmp_path), *AS_OF])


def test_the_mail_says_u_or_vous_where_the_letter_does_and_je_or_tu_where_it_does(
        runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(controller.port), encoding="utf-8")
    _book().save(tmp_path / "Caseload.xlsx")
    result = _invite(runner, tmp_path)
    assert result.exit_code == 0, result.output
    mails = _mails(inbox)
    assert set(mails) == set(GUESTS)
    for address, [(subject, body)] in mails.items():
        expected = "formal" if GUESTS[address][2] else "informal"
        assert _speaks(address, f"{subject}\n{body}") == expected, (address, subject, body)
    # called off: the cancellation speaks as the invitation did
    _book(meeting=False).save(tmp_path / "Caseload.xlsx")
    assert _invite(runner, tmp_path).exit_code == 0
    mails = _mails(inbox)
    for address, sent in mails.items():
        subject, body = sent[-1]
        assert len(sent) == 2 and ("Annul" in subject or "Gaat niet door" in subject)
        expected = "formal" if GUESTS[address][2] else "informal"
        assert _speaks(address, f"{subject}\n{body}") == expected, (address, subject, body)
