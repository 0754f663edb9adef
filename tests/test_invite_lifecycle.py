"""The life of an invitation by e-mail over weeks of saves, through real watcher runs and a real
SMTP server (aiosmtpd on 127.0.0.1), counting the mails that arrive: a round-table keeps its
calendar event when rows around it are deleted or sorted; a round-table deleted, one of a
dossier that was closed, and a person no longer invited are called off, for whoever had it by
e-mail, and the team is told whom to tell itself."""

from __future__ import annotations

import datetime
import email
import email.policy
import hashlib
import shutil
from pathlib import Path

import icalendar
import pytest

from eenplan.cli import cli
from eenplan.team.folder import find_team
from eenplan.team.state import State
from eenplan.watcher.run import run_once
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_documents import text_of

D = datetime.date
T = datetime.time
START = datetime.datetime(2026, 12, 1, 9, 0)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice makes the PDFs; `make test` installs it")


def _book(variant: str = "base") -> CaseloadBuilder:
    """Two families, each one round-table and one guest who gets it by e-mail (as the tester's
    mini.py): ``variant`` says what changed since."""
    book = CaseloadBuilder()
    book.dossier("2026-010", family="Familie Aerts", begeleider="An Claes",
                 registered_on=D(2026, 10, 5), perspective_on=D(2026, 10, 20))
    closed = ({"closed_on": D(2026, 12, 2), "closure_reason": "Gezin stopt zelf"}
              if variant == "closed" else {})
    book.dossier("2026-020", family="Familie Bosmans", begeleider="An Claes",
                 registered_on=D(2026, 10, 6), perspective_on=D(2026, 10, 21), **closed)
    book.network("2026-010", name="Hilde Aerts", role="Gezin", relation="mama", invite="ja")
    book.network("2026-010", name="Piet Buur", role="Buur", relation="buurman", invite="ja",
                 email="piet@example.com", by_mail="ja")
    book.network("2026-020", name="Wim Bosmans", role="Gezin", relation="papa", invite="ja")
    if variant != "removed":
        book.network("2026-020", name="Greet Leerkracht", role="Leerkracht", relation="juf",
                     invite="nee" if variant == "uninvite" else "ja", email="greet@example.com",
                     by_mail="ja", language="fr" if variant != "dutch" else "")
    book.network("2026-020", name="Jos Papier", role="Buur", relation="buurman",
                 invite="nee" if variant == "paper-out" else "ja")  # his letter goes by post
    tables = [("2026-010", D(2026, 12, 17), T(10, 0), "Sociaal Huis Brasschaat"),
              ("2026-020", D(2027, 1, 14), T(14, 0), "Sociaal Huis Essen")]
    if variant == "del_first":
        tables = tables[1:]
    if variant == "sorted":
        tables = sorted(tables, key=lambda t: t[1], reverse=True)
    if variant == "inserted":  # a third family's round-table typed above the others
        book.dossier("2026-030", family="Familie Claes", registered_on=D(2026, 10, 7))
        tables.insert(0, ("2026-030", D(2027, 2, 4), T(9, 0), "School"))
    if variant == "moved":
        tables[1] = ("2026-020", D(2027, 1, 21), T(14, 0), "Sociaal Huis Essen")
    for dossier, day, hour, place in tables:
        book.round_table(dossier, date=day, time=hour, location=place, kind="start")
    return book


def _team(tmp_path: Path, port: int) -> Path:
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(port, mail="uitnodigingen = true"),
                                           encoding="utf-8")
    _book().save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _save(root: Path, variant: str, day: int):
    """The team saves the workbook as ``variant`` on ``day`` December: one watcher run."""
    _book(variant).save(root / "Caseload.xlsx")
    return run_once(find_team(team=root), now=START.replace(day=day))


def _calendar_part(message):
    """The calendar invitation, named in the reader's language ("rondetafel.ics",
    "table-ronde.ics", "round-table.ics")."""
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def _mail(envelope):
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    calendar = icalendar.Calendar.from_ical(_calendar_part(message).get_content())
    (event,) = calendar.walk("VEVENT")
    return message, str(calendar["METHOD"]), event


def _names(root: Path, dossier: str) -> list[str]:
    return sorted(p.name for p in (root / "out" / dossier).iterdir())


def _outdated(root: Path, dossier: str) -> list[str]:
    return [n for n in _names(root, dossier) if "(vervallen)" in n]


def test_deleting_one_familys_round_table_leaves_the_other_familys_alone(tmp_path, smtp):  # noqa: F811
    """Before: the UID was the row on Rondetafels, so deleting 2026-010's row (the way to cancel)
    sent 2026-020's guest a cancellation and a second invitation, and renamed her letters."""
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    first = run_once(find_team(team=root), now=START)
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ["greet@example.com", "piet@example.com"]
    uids = {e.rcpt_tos[0]: str(_mail(e)[2]["UID"]) for e in inbox.envelopes}
    assert first.mailed == ("2026-010", "2026-020")

    cancelled = _save(root, "del_first", 2)
    assert len(inbox.envelopes) == 3  # one more: Piet's cancellation, nothing for Greet
    message, method, event = _mail(inbox.envelopes[2])
    assert inbox.envelopes[2].rcpt_tos == ["piet@example.com"] and method == "CANCEL"
    assert str(event["UID"]) == uids["piet@example.com"]
    assert message["Subject"].startswith("Gaat niet door:")
    assert cancelled.mailed == ()  # a cancellation is no invitation
    assert _outdated(root, "2026-020") == []
    # every letter of that day void, and the team's agenda gets its cancellation (not void)
    assert _outdated(root, "2026-010") and all(
        "(vervallen)" in n for n in _names(root, "2026-010") if "(afgelast)" not in n)
    assert [n for n in _names(root, "2026-010") if "(afgelast)" in n] == [
        "2026-12-17 Rondetafel Familie Aerts (afgelast).ics"]
    said = "\n".join(cancelled.lines())
    assert "Uitnodigingen per e-mail verstuurd" not in said
    assert "2026-010" in said and "afgelasting" in said and "Piet" not in said  # no names logged

    undone = _save(root, "base", 3)  # the delete undone: Piet's meeting is back, the same event
    assert len(inbox.envelopes) == 4 and inbox.envelopes[3].rcpt_tos == ["piet@example.com"]
    message, method, event = _mail(inbox.envelopes[3])
    assert method == "REQUEST" and str(event["UID"]) == uids["piet@example.com"]
    assert int(event["SEQUENCE"]) == 2 and message["Subject"].startswith("Uitnodiging:")
    assert undone.mailed == ("2026-010",)


@pytest.mark.parametrize("variant", ["sorted", "inserted"])
def test_sorting_the_sheet_or_a_row_typed_above_sends_nothing(tmp_path, smtp, variant):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    before = {n for d in ("2026-010", "2026-020") for n in _names(root, d)}
    again = _save(root, variant, 2)
    assert len(inbox.envelopes) == 2 and again.mailed == () and again.called_off == ()
    assert {n for d in ("2026-010", "2026-020") for n in _names(root, d)} == before


def test_a_moved_round_table_keeps_its_event_when_other_rows_move_too(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    greet = next(str(_mail(e)[2]["UID"]) for e in inbox.envelopes if e.rcpt_tos == ["greet@example.com"])
    # 2026-020's meeting a week later, and 2026-010's row deleted in the same save
    book = _book("moved")
    book.rows["Rondetafels"].pop(0)
    book.save(root / "Caseload.xlsx")
    run_once(find_team(team=root), now=START.replace(day=2))
    sent = {e.rcpt_tos[0]: _mail(e) for e in inbox.envelopes[2:]}
    assert set(sent) == {"greet@example.com", "piet@example.com"}
    message, method, event = sent["greet@example.com"]
    assert method == "REQUEST" and str(event["UID"]) == greet and int(event["SEQUENCE"]) == 1
    assert message["Subject"].startswith("Modifié")  # she reads French
    assert sent["piet@example.com"][1] == "CANCEL"


def test_the_next_round_table_is_mailed_and_a_later_one_waits_its_turn(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    book = _book()
    book.round_table("2026-020", date=D(2027, 3, 4), time=T(14, 0), location="School", kind="opvolging")
    book.save(root / "Caseload.xlsx")
    run_once(find_team(team=root), now=START)
    (greet,) = [_mail(e) for e in inbox.envelopes if e.rcpt_tos == ["greet@example.com"]]
    assert "14 janvier 2027" in greet[0]["Subject"]
    book.rows["Rondetafels"].reverse()  # sorted the other way: nothing to say to anyone
    book.save(root / "Caseload.xlsx")
    again = run_once(find_team(team=root), now=START.replace(day=2))
    assert len(inbox.envelopes) == 2 and again.called_off == ()


def test_a_team_folder_of_an_earlier_version_keeps_its_events(tmp_path, smtp):  # noqa: F811
    """The state of an earlier eenplan knows its meetings by the row's UID, without their hour:
    found again by their day, nothing is sent again, and a move updates that very event."""
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    now = START
    with State(root / ".eenplan", root=root) as state:  # as the earlier version recorded it
        for dossier, row, person, day, hour, place in (
                ("2026-010", 2, "Piet Buur", "2026-12-17", "10:00:00", "Sociaal Huis Brasschaat"),
                ("2026-020", 3, "Greet Leerkracht", "2027-01-14", "14:00:00", "Sociaal Huis Essen")):
            uid = hashlib.sha256(f"{dossier}|rij {row}".encode()).hexdigest()[:24]
            version = hashlib.sha256(f"{day}|{hour}|{place}".encode()).hexdigest()[:16]
            state.record_mail(state.mail_key(f"uitnodiging/{dossier}/{uid}", person), kind="invitation",
                              dossier=dossier, at=now, detail={"version": version, "sequence": 0,
                                                               "uid": f"{uid}@eenplan", "date": day})
    legacy = hashlib.sha256(b"2026-020|rij 3").hexdigest()[:24] + "@eenplan"
    first = run_once(find_team(team=root), now=now)
    assert inbox.envelopes == [] and first.mailed == ()
    _save(root, "del_first", 2)  # 2026-020's row moves up a row: still its meeting
    assert [e.rcpt_tos for e in inbox.envelopes] == [["piet@example.com"]]
    _save(root, "moved", 3)
    moved = [_mail(e) for e in inbox.envelopes if e.rcpt_tos == ["greet@example.com"]]
    assert [(m[1], str(m[2]["UID"])) for m in moved] == [("REQUEST", legacy)]


def test_a_guest_no_longer_invited_gets_a_cancellation_in_her_language(tmp_path, smtp, runner):  # noqa: F811
    """Before: Uitnodigen = nee left her invited: no mail, her letter and agenda entry valid, and
    the family's letter still named her."""
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    folder = root / "out" / "2026-020"
    family = folder / "2027-01-14 Uitnodiging rondetafel - Familie Bosmans.docx"
    assert "Greet" in text_of(family)
    uid = next(str(_mail(e)[2]["UID"]) for e in inbox.envelopes if e.rcpt_tos == ["greet@example.com"])

    result = _save(root, "uninvite", 3)
    assert len(inbox.envelopes) == 3 and inbox.envelopes[2].rcpt_tos == ["greet@example.com"]
    message, method, event = _mail(inbox.envelopes[2])
    assert method == "CANCEL" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
    assert message["Subject"].startswith("Annulé : table ronde Famille Bosmans")
    assert "Greet" not in text_of(family) and "Jos" in text_of(family)  # made again, without her
    assert [n for n in _outdated(root, "2026-020")] == [
        "2027-01-14 Uitnodiging rondetafel - Greet Leerkracht (vervallen).docx",
        "2027-01-14 Uitnodiging rondetafel - Greet Leerkracht (vervallen).pdf"]
    said = "\n".join(result.lines())
    assert "niet meer uitgenodigd" in said and "1 afgelasting per e-mail" in said
    assert "Greet" not in said and "LET OP: laat het zelf weten" not in said
    again = _save(root, "uninvite", 4)  # once
    assert len(inbox.envelopes) == 3 and again.called_off == ()
    # `invite` knows the family's letter holds as it is now
    made = runner.invoke(cli, ["invite", "2026-020", "--team", str(root), "--as-of", "2026-12-04"])
    assert made.exit_code == 0 and "Gemaakt" not in made.output

    back = _save(root, "base", 5)  # invited again: the same event comes back
    assert len(inbox.envelopes) == 4 and back.mailed == ("2026-020",)
    message, method, event = _mail(inbox.envelopes[3])
    assert method == "REQUEST" and str(event["UID"]) == uid and message["Subject"].startswith("Invitation")


def test_a_guest_whose_row_is_gone_is_for_the_team_to_tell(tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    result = _save(root, "removed", 3)
    assert len(inbox.envelopes) == 2  # no address left to tell her
    said = "\n".join(result.lines())
    assert "LET OP: laat het zelf weten aan 1 genodigde die eenplan per e-mail niet meer kan bereiken" in said
    assert "Greet" not in said
    assert "2027-01-14 Uitnodiging rondetafel - Greet Leerkracht (vervallen).docx" in _names(root, "2026-020")
    assert _save(root, "removed", 4).called_off == ()  # said once


def test_a_guest_with_a_paper_letter_no_longer_invited_is_named_for_the_team(tmp_path, smtp, runner):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    _book("paper-out").save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-020", "--mail", "--team", str(root),
                                 "--as-of", "2026-12-03"])
    assert result.exit_code == 0, result.output
    assert len(inbox.envelopes) == 2  # no mail: he had his letter by post
    assert "Laat het zelf weten (1):" in result.output and "Jos Papier:" in result.output
    assert "2027-01-14 Uitnodiging rondetafel - Jos Papier (vervallen).docx" in _names(root, "2026-020")
    watched = _save(root, "paper-out", 4)  # the watcher after it: said once
    assert watched.called_off == ()


def test_a_round_table_of_a_closed_dossier_is_called_off(tmp_path, smtp, runner):  # noqa: F811
    """Before: closing the dossier left its planned round-table standing: nobody was told, and
    `check` said all was well."""
    controller, inbox = smtp
    root = _team(tmp_path, controller.port)
    run_once(find_team(team=root), now=START)
    uid = next(str(_mail(e)[2]["UID"]) for e in inbox.envelopes if e.rcpt_tos == ["greet@example.com"])
    result = _save(root, "closed", 3)
    assert len(inbox.envelopes) == 3 and inbox.envelopes[2].rcpt_tos == ["greet@example.com"]
    message, method, event = _mail(inbox.envelopes[2])
    assert method == "CANCEL" and str(event["UID"]) == uid
    # and the team's agenda: the appointment's cancelling .ics (calendar_cancel)
    assert all("(vervallen)" in n or n.endswith(" (afgelast).ics") for n in _names(root, "2026-020"))
    assert sum(n.endswith(" (afgelast).ics") for n in _names(root, "2026-020")) == 1
    said = "\n".join(result.lines())
    assert "Dossier 2026-020 is afgesloten" in said and "1 afgelasting per e-mail" in said
    # Jos had his letter on paper: the team tells him (the family knows it closed)
    assert "laat het zelf weten aan 1 genodigde met een brief op papier" in said
    assert _save(root, "closed", 4).called_off == () and len(inbox.envelopes) == 3
    checked = runner.invoke(cli, ["check", "--team", str(root), "--as-of", "2026-12-04",
                                  "--format", "json"])
    assert '"round-table-after-closure"' in checked.output and '"B3"' in checked.output
