"""Invitations by e-mail through a real SMTP server (aiosmtpd on 127.0.0.1): the letter as PDF and
the calendar invitation, each version to each person once, an update of the same event when the
round-table moves, a cancellation when it is dropped, one sentence for what cannot go."""

from __future__ import annotations

import datetime
import email
import email.policy
import shutil

import icalendar
import pytest

from eenplan.cli import cli
from eenplan.docx_templates.documents import made_again
from eenplan.privacy.export import generated_documents
from eenplan.team.folder import find_team
from eenplan.team.state import State
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]
MEETING = D(2026, 12, 7)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice makes the PDFs; `make test` installs it")


def _book(meeting: D | None = MEETING, *, maria: str = "maria@voorbeeld.be") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email=maria, by_mail="ja")
    book.network("2026-001", name="Jan Buur", role="Buur", invite="ja", email="jan@voorbeeld.be",
                 by_mail="nee")  # an address, but no consent: post only
    if meeting is not None:
        book.round_table("2026-001", date=meeting, time=datetime.time(18, 30),
                         location="Huis van het Kind")
    return book


def _team(tmp_path, book, port: int) -> None:
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(port), encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")


def _invite(runner, tmp_path, *extra):
    return runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(tmp_path), *AS_OF,
                               *extra])


def _calendar_part(message):
    """The calendar invitation, named in the reader's language ("rondetafel.ics",
    "table-ronde.ics", "round-table.ics")."""
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def _event(envelope):
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    calendar = icalendar.Calendar.from_ical(_calendar_part(message).get_content())
    (event,) = calendar.walk("VEVENT")
    return message, parts, calendar, event


def test_the_letter_and_the_calendar_reach_whoever_agreed_once(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    result = _invite(runner, tmp_path)
    assert result.exit_code == 0, result.output
    (envelope,) = inbox.envelopes  # Jan agreed to nothing by mail
    assert envelope.rcpt_tos == ["maria@voorbeeld.be"]
    message, parts, calendar, event = _event(envelope)
    assert message["Subject"].startswith("Uitnodiging: rondetafelgesprek Familie Peeters")
    pdf = next(p for name, p in parts.items() if name.endswith(".pdf"))
    assert pdf.get_content().startswith(b"%PDF") and "Maria Peeters" in pdf.get_filename()
    assert str(calendar["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].dt == datetime.datetime(2026, 12, 7, 18, 30,
                                                    tzinfo=event["DTSTART"].dt.tzinfo)
    again = _invite(runner, tmp_path)
    assert again.exit_code == 0 and "al verstuurd" in again.output
    assert len(inbox.envelopes) == 1  # each version once
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        (mail,) = state.mails_of("2026-001")
    assert "Maria" not in mail.key and "maria" not in str(mail.detail)  # no name, no address
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        (line,) = [a for a in state.audit_lines() if a[1] == "uitnodiging-per-mail"]
    assert line[2] == "2026-001" and "Maria" not in line[3]  # the audit trail: by dossier number


def test_the_calendar_attachment_says_its_charset_for_accented_names(runner, tmp_path, smtp):  # noqa: F811
    """A mail program that reads text/calendar without a charset shows "LÃ©a" for "Léa"."""
    controller, inbox = smtp
    book = _book()
    book.rows["Dossiers"][0]["family"] = "Familie Lefèvre"
    _team(tmp_path, book, controller.port)

    result = _invite(runner, tmp_path)

    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    part = _calendar_part(message)
    assert part.get_content_charset() == "utf-8"
    assert part.get_param("method") == "REQUEST"
    assert "Lefèvre" in part.get_content()


def test_the_mail_speaks_the_language_its_reader_reads(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    book = _book()
    book.network("2026-001", name="Claire Dubois", role="Buur", invite="ja", language="fr",
                 email="claire@voorbeeld.be", by_mail="ja")
    _team(tmp_path, book, controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    subjects = {e.rcpt_tos[0]: _event(e)[0]["Subject"] for e in inbox.envelopes}
    assert subjects["claire@voorbeeld.be"].startswith("Invitation : table ronde Famille Peeters")
    french = next(_event(e)[0] for e in inbox.envelopes if e.rcpt_tos == ["claire@voorbeeld.be"])
    body = french.get_body(preferencelist=("plain",)).get_content()
    assert "La famille Peeters t'invite à sa table ronde" in body and "Familie" not in body
    assert "lundi 7 décembre 2026" in subjects["claire@voorbeeld.be"]
    assert subjects["maria@voorbeeld.be"].startswith("Uitnodiging: rondetafelgesprek")
    # the appointment in the agenda too: what the calendar shows is in the reader's language
    events = {e.rcpt_tos[0]: _event(e)[3] for e in inbox.envelopes}
    assert str(events["claire@voorbeeld.be"]["SUMMARY"]) == "Table ronde Famille Peeters"
    assert "Accompagnement : An Claes" in str(events["claire@voorbeeld.be"]["DESCRIPTION"])
    assert "Table ronde de la famille Peeters" in str(events["claire@voorbeeld.be"]["DESCRIPTION"])
    assert str(events["maria@voorbeeld.be"]["SUMMARY"]) == "Rondetafelgesprek Familie Peeters"


def test_a_moved_round_table_updates_the_same_event_and_marks_the_old_letters(runner, tmp_path,
                                                                              smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(D(2026, 12, 9)).save(tmp_path / "Caseload.xlsx")  # the same row, another day
    moved = _invite(runner, tmp_path)
    assert moved.exit_code == 0, moved.output
    first, second = (_event(e) for e in inbox.envelopes)
    assert second[3]["UID"] == first[3]["UID"] and int(second[3]["SEQUENCE"]) == 1
    assert second[0]["Subject"].startswith("Gewijzigd:")
    folder = tmp_path / "out" / "2026-001"
    old = [p.name for p in folder.iterdir() if p.name.startswith("2026-12-07")]
    assert old and all("(vervallen)" in name for name in old)
    assert any(p.name.startswith("2026-12-09 Uitnodiging") for p in folder.iterdir())


def test_the_state_follows_the_old_letters_renamed_and_a_move_back_makes_them_anew(
        runner, tmp_path, smtp):  # noqa: F811
    """Before: the state still knew the renamed letters by their old names, so a round-table moved
    back (a typo in the date, corrected) was said to have had its letters deleted by hand, and the
    "(vervallen)" files were no longer eenplan's (export saw them as a person's)."""
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(D(2026, 12, 9)).save(tmp_path / "Caseload.xlsx")
    assert _invite(runner, tmp_path).exit_code == 0
    folder = tmp_path / "out" / "2026-001"
    outdated = sorted(p for p in folder.iterdir() if "(vervallen)" in p.name)
    assert outdated
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        records = state.generated_for("2026-001")
        # every record is of a file that is there: none points at a name that is gone
        assert all(any(state.is_file_of(r, p) for p in folder.iterdir()) for r in records)
    team = find_team(team=tmp_path)
    assert set(outdated) <= generated_documents(team, "2026-001").made  # eenplan's own files

    _book().save(tmp_path / "Caseload.xlsx")  # back to 7 December
    back = _invite(runner, tmp_path)
    assert back.exit_code == 0, back.output
    assert made_again() not in back.output  # nothing was deleted by hand
    assert len(inbox.envelopes) == 3
    assert _event(inbox.envelopes[2])[0]["Subject"].startswith("Gewijzigd:")
    names = {p.name for p in folder.iterdir()}
    assert {p.name for p in outdated} <= names  # the old letters are all still there
    current = [n for n in names if n.startswith("2026-12-07 Uitnodiging") and "(vervallen)" not in n]
    assert current and all(n.endswith((".docx", ".pdf")) and "(2)" not in n for n in current)
    assert not [n for n in names if n.startswith("2026-12-09") and "(vervallen)" not in n]
    again = _invite(runner, tmp_path)  # and the next run makes nothing anew
    assert again.exit_code == 0 and "al verstuurd" in again.output
    assert {p.name for p in folder.iterdir()} == names


def test_a_day_left_a_second_time_marks_its_new_letters_outdated_too(runner, tmp_path, smtp):  # noqa: F811
    """7 -> 9 -> 7 -> 11 December: the second time the 7th was left, its letters kept their
    names, valid to look at, because "(vervallen)" was taken by the first time's."""
    controller, _ = smtp
    _team(tmp_path, _book(), controller.port)
    for day in (D(2026, 12, 9), D(2026, 12, 7), D(2026, 12, 11)):
        assert _invite(runner, tmp_path).exit_code == 0
        _book(day).save(tmp_path / "Caseload.xlsx")
    assert _invite(runner, tmp_path).exit_code == 0
    names = [p.name for p in (tmp_path / "out" / "2026-001").iterdir()]
    assert [n for n in names if n.startswith("2026-12-07")]
    assert all("(vervallen)" in n for n in names if n.startswith(("2026-12-07", "2026-12-09")))
    assert [n for n in names if n.startswith("2026-12-11") and "(vervallen)" not in n]


def test_a_dropped_round_table_is_cancelled(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(None).save(tmp_path / "Caseload.xlsx")  # the round-table is no longer on Rondetafels
    dropped = _invite(runner, tmp_path)
    assert len(inbox.envelopes) == 2
    _, _, calendar, event = _event(inbox.envelopes[1])
    assert str(calendar["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 1
    assert event["UID"] == _event(inbox.envelopes[0])[3]["UID"]
    assert dropped.exit_code == 0 and "afgelast" in dropped.output
    folder = tmp_path / "out" / "2026-001"
    # the letters and the team's .ics of that day are void; the team's cancellation of it is not
    cancelling = folder / "2026-12-07 Rondetafel Familie Peeters (afgelast).ics"
    assert all("(vervallen)" in p.name for p in folder.iterdir()
               if p.name.startswith("2026-12-07") and p != cancelling)
    (team_event,) = icalendar.Calendar.from_ical(cancelling.read_bytes()).walk("VEVENT")
    assert team_event["UID"] == event["UID"] and str(team_event["STATUS"]) == "CANCELLED"
    assert _invite(runner, tmp_path).exit_code == 2 and len(inbox.envelopes) == 2  # once
    assert cancelling.is_file() and "(vervallen)" not in cancelling.name


def test_a_server_that_refuses_for_now_loses_nothing_and_sends_later(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    controller.handler.refuse = "maria@voorbeeld.be"
    controller.handler.answer = "450 4.2.1 Mailbox busy, try again later"  # temporary: tried again
    refused = _invite(runner, tmp_path)
    assert refused.exit_code == 2 and "niet verstuurd" in refused.output
    assert "Traceback" not in refused.output and inbox.envelopes == []
    assert any(p.suffix == ".pdf" for p in (tmp_path / "out" / "2026-001").iterdir())
    controller.handler.refuse = ""
    later = _invite(runner, tmp_path)
    assert later.exit_code == 0 and len(inbox.envelopes) == 1


@pytest.mark.parametrize("address, code", [("", "no-address"), ("maria.voorbeeld.be", "bad")])
def test_an_address_that_is_not_one_is_one_sentence(runner, tmp_path, smtp, address, code):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(maria=address), controller.port)
    result = _invite(runner, tmp_path)
    assert result.exit_code == 2 and inbox.envelopes == []
    assert "Maria Peeters" in result.output and "Traceback" not in result.output


def test_without_a_mail_server_nothing_is_made_or_sent(runner, tmp_path):
    _book().save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    result = _invite(runner, tmp_path)
    assert result.exit_code == 2 and "mailserver" in result.output


def test_the_watcher_mails_them_when_the_team_turns_it_on(tmp_path, smtp):  # noqa: F811
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import run_once

    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    toml = tmp_path / "eenplan.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "uitnodigingen = true\n", encoding="utf-8")
    team = find_team(team=tmp_path)
    now = datetime.datetime(2026, 11, 23, 10, 0)
    first = run_once(team, now=now)
    assert first.mailed == ("2026-001",) and len(inbox.envelopes) == 1
    assert not any("Maria" in line for line in first.lines())  # the log holds no names
    (tmp_path / "Caseload.xlsx").touch()
    _book().save(tmp_path / "Caseload.xlsx")
    again = run_once(team, now=now + datetime.timedelta(minutes=5))
    assert again.mailed == () and len(inbox.envelopes) == 1


@pytest.mark.parametrize("case", ["closed", "past"])
def test_no_invitation_is_mailed_for_a_closed_dossier_or_a_past_round_table(runner, tmp_path, smtp,  # noqa: F811
                                                                             case):
    controller, inbox = smtp
    book = _book()
    if case == "closed":
        book.rows["Dossiers"][0].update(closed_on=D(2026, 11, 20), closure_reason="Doelen bereikt")
        extra: tuple[str, ...] = ()
    else:
        book.round_table("2026-001", date=D(2026, 11, 5), time=datetime.time(9, 0), location="School")
        extra = ("--rondetafel", "2026-11-05")
    _team(tmp_path, book, controller.port)
    result = _invite(runner, tmp_path, *extra)
    assert result.exit_code == 2, result.output
    assert inbox.envelopes == []


def test_one_of_the_family_who_wants_e_mail_gets_the_family_s_own_letter(runner, tmp_path, smtp):  # noqa: F811
    """Mama is no guest at her own round-table: no guest's letter, but she said "per e-mail", so
    the family's letter comes to her by mail, said as the family's."""
    controller, inbox = smtp
    book = _book()
    book.network("2026-001", name="Sarah Peeters", role="Gezin", relation="mama", invite="ja",
                 email="sarah@voorbeeld.be", by_mail="ja")
    _team(tmp_path, book, controller.port)
    result = _invite(runner, tmp_path)
    assert result.exit_code == 0, result.output
    mails = {e.rcpt_tos[0]: _event(e) for e in inbox.envelopes}
    message, parts, _, _ = mails["sarah@voorbeeld.be"]
    assert message["Subject"].startswith("Jullie rondetafelgesprek")
    (pdf,) = [name for name in parts if name.endswith(".pdf")]
    assert "Familie Peeters" in pdf and "Sarah" not in pdf
    assert not list((tmp_path / "out" / "2026-001").glob("*Sarah Peeters*"))  # no guest's letter
    assert len(inbox.envelopes) == 2 and _invite(runner, tmp_path).exit_code == 0
    assert len(inbox.envelopes) == 2  # once


def test_the_teams_cancellation_keeps_its_name_when_the_guests_are_told_later(runner, tmp_path,
                                                                               smtp):  # noqa: F811
    """The watcher (not mailing) wrote the team's cancelling .ics first; `invite --mail` then tells
    the guests and voids the day's letters and .ics: not the cancellation, which still holds."""
    controller, inbox = smtp
    _team(tmp_path, _book(), controller.port)
    assert _invite(runner, tmp_path).exit_code == 0
    _book(None).save(tmp_path / "Caseload.xlsx")
    watched = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert "afgelast" in watched.output, watched.output
    cancelling = tmp_path / "out" / "2026-001" / "2026-12-07 Rondetafel Familie Peeters (afgelast).ics"
    before = cancelling.read_bytes()
    told = _invite(runner, tmp_path)
    assert told.exit_code == 0, told.output
    assert len(inbox.envelopes) == 2  # the guest's cancellation
    assert cancelling.read_bytes() == before
    assert not list(cancelling.parent.glob("*afgelast*vervallen*"))
