"""The team's .ics beside a round-table's letters is one appointment: a round-table moved to another
day or hour keeps its UID with a higher SEQUENCE, so that importing the new .ics in Outlook or
Google Calendar moves the appointment instead of leaving the old one beside a new one.

Each test runs eenplan on a real team folder (`init`) with the workbook written by openpyxl, and
reads the .ics files eenplan wrote with icalendar."""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import shutil
import sqlite3
from pathlib import Path

import icalendar
import pytest

from eenplan.cli import cli
from eenplan.docx_templates.documents import CALENDAR, calendar_bytes, fingerprint, sha256_of
from eenplan.init.folder import init_team
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import MIGRATIONS, STATE_FILE, State, earlier_calendar_uid
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
T = datetime.time
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]
MEETING = D(2026, 12, 7)
MOVED = D(2026, 12, 14)
HOUR = T(9, 30)


def _book(day: D = MEETING, hour: T | None = HOUR, *, mail: bool = False) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), plan_on=D(2026, 10, 5))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="grootmoeder",
                 invite="ja", **({"email": "maria@voorbeeld.be", "by_mail": "ja"} if mail else {}))
    book.network("2026-014", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")
    book.round_table("2026-014", date=D(2026, 10, 5), time=T(14, 0), location="Thuis", kind="start")
    book.round_table("2026-014", date=day, time=hour, location="Huis van het Kind", kind="opvolging")
    return book


def _team(tmp_path: Path, book: CaseloadBuilder) -> Path:
    root = init_team(tmp_path / "Team Essen").root
    book.save(find_team(team=root).workbook)
    return root


def _save(root: Path, book: CaseloadBuilder) -> None:
    book.save(find_team(team=root).workbook)


def _ics(root: Path, day: D) -> icalendar.Event:
    """The event in the team's .ics of the round-table on ``day``."""
    data = (root / "out" / "2026-014" / f"{day.isoformat()} Rondetafel Familie Peeters.ics").read_bytes()
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def _sequence(event: icalendar.Event) -> int:
    return int(event.get("SEQUENCE", 0))  # RFC 5545: 0 when it is left out


def _watch(runner, root: Path) -> str:
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    return result.output


def _invite(runner, root: Path) -> str:
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("make", [_watch, _invite], ids=["watch", "invite"])
def test_a_round_table_moved_to_another_day_keeps_its_appointment(runner, tmp_path, make):
    """Before: the UID was made from the dossier and the day, so the .ics of the new day was a
    second appointment beside the old one in every agenda that imported both."""
    root = _team(tmp_path, _book())
    make(runner, root)
    first = _ics(root, MEETING)
    _save(root, _book(MOVED))  # the same row, another day
    make(runner, root)
    moved = _ics(root, MOVED)
    assert str(moved["UID"]) == str(first["UID"])
    assert _sequence(moved) > _sequence(first)
    start = moved.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime.datetime(2026, 12, 14, 9, 30)
    assert str(start.tzinfo) == "Europe/Brussels"


def test_another_hour_on_the_same_day_is_the_same_appointment_numbered_on(runner, tmp_path):
    """Before: the same UID, but no SEQUENCE: an agenda that had the appointment could take the new
    .ics for the one it had and keep the old hour."""
    root = _team(tmp_path, _book())
    _watch(runner, root)
    first = _ics(root, MEETING)
    _save(root, _book(hour=T(13, 0)))
    _watch(runner, root)
    later = _ics(root, MEETING)
    assert str(later["UID"]) == str(first["UID"]) and _sequence(later) == _sequence(first) + 1
    assert later.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2026, 12, 7, 13, 0)
    _save(root, _book(hour=None))  # the hour cleared: the whole day, the same appointment
    _watch(runner, root)
    whole_day = _ics(root, MEETING)
    assert str(whole_day["UID"]) == str(first["UID"]) and _sequence(whole_day) == _sequence(later) + 1
    assert whole_day.decoded("DTSTART") == MEETING


def test_the_same_round_table_again_is_not_numbered_on(runner, tmp_path):
    root = _team(tmp_path, _book())
    _watch(runner, root)
    path = root / "out" / "2026-014" / "2026-12-07 Rondetafel Familie Peeters.ics"
    before = path.read_bytes()
    _save(root, _book())  # another save, the round-table as it was
    assert "geen nieuwe documenten" in _watch(runner, root)
    assert "Al gemaakt met dezelfde gegevens" in _invite(runner, root)
    assert path.read_bytes() == before and _sequence(_ics(root, MEETING)) == 0


def test_moved_back_the_old_days_ics_says_so_with_a_higher_sequence_still(runner, tmp_path):
    """The .ics of the day it moved back to was made before: it is made again, numbered after the
    one of the day in between, so whichever is imported last, the agenda keeps the newest."""
    root = _team(tmp_path, _book())
    _watch(runner, root)
    uid = str(_ics(root, MEETING)["UID"])
    _save(root, _book(MOVED))
    _watch(runner, root)
    between = _ics(root, MOVED)
    _save(root, _book(MEETING))
    _watch(runner, root)
    back = _ics(root, MEETING)
    assert str(back["UID"]) == str(between["UID"]) == uid
    assert _sequence(back) > _sequence(between) > 0


def test_the_old_days_ics_stays_beside_its_letters_and_is_older(runner, tmp_path):
    """Without mail the .ics of the old day stays as it is: it is the same appointment with a
    lower SEQUENCE, which an agenda does not take over the newer one. (The old day's letters get
    "(vervallen)": test_moved_and_soon.)"""
    root = _team(tmp_path, _book())
    _watch(runner, root)
    _save(root, _book(MOVED))
    _watch(runner, root)
    folder = root / "out" / "2026-014"
    old = sorted(p.name for p in folder.iterdir() if p.name.startswith(MEETING.isoformat()))
    assert "2026-12-07 Rondetafel Familie Peeters.ics" in old
    assert all("vervallen" in n for n in old if "Uitnodiging" in n and n.endswith(".docx"))
    assert str(_ics(root, MEETING)["UID"]) == str(_ics(root, MOVED)["UID"])
    assert _sequence(_ics(root, MEETING)) < _sequence(_ics(root, MOVED))


def test_two_round_tables_ahead_are_two_appointments(runner, tmp_path):
    book = _book()
    book.round_table("2026-014", date=D(2027, 2, 1), time=T(9, 30), location="Thuis")
    root = _team(tmp_path, book)
    _watch(runner, root)
    assert str(_ics(root, MEETING)["UID"]) != str(_ics(root, D(2027, 2, 1))["UID"])


def _as_an_earlier_version_left_it(root: Path, day: D) -> bytes:
    """The team folder as eenplan before this memory left it: the .ics of ``day`` with the UID
    made from the dossier and the day, no SEQUENCE, remembered so; no calendar_events table."""
    team = find_team(team=root)
    caseload = load_caseload(team)
    dossier = caseload.dossier("2026-014")
    (table,) = [t for t in caseload.round_tables_of("2026-014") if t.date == day]
    data = calendar_bytes(team, dossier, table, uid=earlier_calendar_uid("2026-014", day.isoformat()))
    assert b"SEQUENCE" not in data
    path = root / "out" / "2026-014" / f"{day.isoformat()} Rondetafel Familie Peeters.ics"
    path.write_bytes(data)
    with State(team.state_dir, root=team.base) as state:
        key = state.key(path)
    with contextlib.closing(sqlite3.connect(team.state_dir / STATE_FILE)) as db:
        changed = db.execute("UPDATE documents_made SET fingerprint = ?, sha256 = ? WHERE file = ?",
                             (fingerprint(CALENDAR, data.decode("utf-8")), sha256_of(path), key))
        assert changed.rowcount == 1
        db.execute("DROP TABLE calendar_events")
        # the version before the calendar_events table (it is made again, and what came after)
        before = next(n for n, m in enumerate(MIGRATIONS) if "TABLE IF NOT EXISTS calendar_events" in m)
        db.execute(f"PRAGMA user_version = {before}")
        db.commit()
    return data


def test_the_appointment_an_earlier_eenplan_gave_out_moves_too(runner, tmp_path):
    """An .ics of an earlier version keeps its UID: it is not written again while its round-table
    stays, and moved, the new .ics carries that UID with a higher SEQUENCE."""
    root = _team(tmp_path, _book())
    _watch(runner, root)
    earlier = _as_an_earlier_version_left_it(root, MEETING)
    _save(root, _book())  # another save, the round-table as it was
    assert "geen nieuwe documenten" in _watch(runner, root)
    path = root / "out" / "2026-014" / "2026-12-07 Rondetafel Familie Peeters.ics"
    assert path.read_bytes() == earlier
    _save(root, _book(MOVED))
    _watch(runner, root)
    moved = _ics(root, MOVED)
    assert str(moved["UID"]) == earlier_calendar_uid("2026-014", MEETING.isoformat())
    assert _sequence(moved) == 1


def test_retention_forgets_a_dossiers_appointments(runner, tmp_path):
    root = _team(tmp_path, _book())
    _invite(runner, root)
    team = find_team(team=root)
    with State(team.state_dir, root=team.base) as state:
        assert state.calendar_events(["2026-014"])["2026-014"]
        state.forget_dossier("2026-014")
        assert state.calendar_events(["2026-014"]) == {}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDFs")
def test_the_teams_appointment_is_the_one_the_guests_were_mailed(runner, tmp_path, smtp):  # noqa: F811
    """The team's .ics and the invitation by e-mail carry one UID; moved, the letters of the old
    day get "(vervallen)" and so does its .ics, the new one carrying the same UID."""
    controller, inbox = smtp
    root = _team(tmp_path, _book(mail=True))
    (root / "eenplan.toml").write_text(mail_team_settings(controller.port), encoding="utf-8")

    def mailed_uid(envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        (part,) = [p for p in message.iter_attachments() if p.get_filename() == "rondetafel.ics"]
        (event,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
        return str(event["UID"])

    invite = ["invite", "2026-014", "--mail", "--team", str(root), *AS_OF]
    assert runner.invoke(cli, invite).exit_code == 0
    (first,) = inbox.envelopes
    assert str(_ics(root, MEETING)["UID"]) == mailed_uid(first)
    _save(root, _book(MOVED, mail=True))
    moved = runner.invoke(cli, invite)
    assert moved.exit_code == 0, moved.output
    assert str(_ics(root, MOVED)["UID"]) == mailed_uid(inbox.envelopes[-1]) == mailed_uid(first)
    assert _sequence(_ics(root, MOVED)) == 1
    folder = root / "out" / "2026-014"
    assert (folder / "2026-12-07 Rondetafel Familie Peeters (vervallen).ics").is_file()
    assert not (folder / "2026-12-07 Rondetafel Familie Peeters.ics").exists()
