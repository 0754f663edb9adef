"""A round-table deleted from the sheet after the team got its .ics leaves the team's agendas: a
cancelling .ics (the same UID, a higher SEQUENCE, METHOD:CANCEL, STATUS:CANCELLED) beside its
letters, written once. One that merely moved, or took place, is not cancelled; one put back comes
back (METHOD:REQUEST, a higher SEQUENCE still).

Each test runs eenplan on a real team folder (`init`) with the workbook written by openpyxl, and
reads the .ics files eenplan wrote with icalendar."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from pathlib import Path

import docx
import icalendar
import pytest

from eenplan.cli import cli
from eenplan.team.folder import find_team
from eenplan.team.state import MIGRATIONS, STATE_FILE, State
from tests.builders import CaseloadBuilder
from tests.test_team_calendar import _save, _team

D = datetime.date
T = datetime.time
TODAY = D(2026, 11, 23)
MEETING = D(2026, 12, 7)
LATER = D(2027, 2, 1)
HOUR = T(9, 30)
FOLDER = ("out", "2026-014")
ICS = "2026-12-07 Rondetafel Familie Peeters.ics"
CANCELLED = "2026-12-07 Rondetafel Familie Peeters (afgelast).ics"


def _book(*days: D, hour: T | None = HOUR, closed: D | None = None, invite: str = "ja") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), plan_on=D(2026, 10, 5),
                 **({"closed_on": closed, "closure_reason": "Doelen bereikt"} if closed else {}))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="grootmoeder",
                 invite=invite)
    book.round_table("2026-014", date=D(2026, 10, 5), time=T(14, 0), location="Thuis", kind="start")
    for day in days:
        book.round_table("2026-014", date=day, time=hour, location="Huis van het Kind", kind="opvolging")
    return book


def _calendar(root: Path, name: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(root.joinpath(*FOLDER, name).read_bytes())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _sequence(event: icalendar.Event) -> int:
    return int(event.get("SEQUENCE", 0))


def _watch(runner, root: Path, today: D = TODAY) -> str:
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", today.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _watch_with_findings(runner, root: Path, today: D = TODAY) -> str:
    """The watcher on a workbook with check's errors (exit 1): it does its work all the same."""
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", today.isoformat()])
    assert result.exit_code in (0, 1), result.output
    return result.output


def _invite(runner, root: Path, today: D = TODAY, *, code: int = 0) -> str:
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), "--as-of", today.isoformat()])
    assert result.exit_code == code, result.output
    return result.output


def _cancelled_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.joinpath(*FOLDER).iterdir() if "afgelast" in p.name)


def _assert_cancels(root: Path, uid: str, sequence: int) -> icalendar.Event:
    calendar, event = _calendar(root, CANCELLED)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == uid and _sequence(event) == sequence + 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert "ATTENDEE" not in event
    return event


def test_a_deleted_round_table_gets_a_cancelling_ics_from_the_watcher_once(runner, tmp_path):
    """Before: nothing; the appointment stayed in the team's agendas."""
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    _, given = _calendar(root, ICS)
    _save(root, _book())  # the round-table's row deleted
    said = _watch(runner, root)
    event = _assert_cancels(root, str(given["UID"]), _sequence(given))
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2026, 12, 7, 9, 30)
    assert "2026-014" in said and "afgelast" in said and "Peeters" not in said  # the log: no names
    team = find_team(team=root)
    with State(team.state_dir, root=team.base) as state:
        log = state.audit_lines()
    assert [(action, dossier) for _, action, dossier, _ in log] == [("agenda-afgelast", "2026-014")]
    before = root.joinpath(*FOLDER, CANCELLED).read_bytes()
    _save(root, _book(hour=None))  # another save: not cancelled twice
    again = _watch(runner, root)
    assert "afgelast" not in again
    assert _cancelled_files(root) == [CANCELLED]
    assert root.joinpath(*FOLDER, CANCELLED).read_bytes() == before


def test_invite_writes_the_cancellation_and_says_it_by_dossier_number(runner, tmp_path):
    root = _team(tmp_path, _book(MEETING, LATER))
    _watch(runner, root)  # the .ics of both (one given out before would take the other's place)
    _, given = _calendar(root, ICS)
    _save(root, _book(LATER))  # the first one deleted, the one in February stays
    said = _invite(runner, root)
    _assert_cancels(root, str(given["UID"]), _sequence(given))
    (line,) = [line for line in said.splitlines() if "afgelast" in line]
    assert "2026-014" in line and "Peeters" not in line
    assert "Peeters" not in _invite(runner, root).split("Al gemaakt")[0]  # once: said no more
    assert _cancelled_files(root) == [CANCELLED]


def test_invite_cancels_also_when_no_round_table_is_left_ahead(runner, tmp_path):
    """The only round-table ahead deleted: no letters to make (exit 2, as before), but the
    cancellation is written and said first."""
    root = _team(tmp_path, _book(MEETING))
    _invite(runner, root)
    _, given = _calendar(root, ICS)
    _save(root, _book())
    said = _invite(runner, root, code=2)
    _assert_cancels(root, str(given["UID"]), _sequence(given))
    assert "2026-014" in said and "afgelast" in said


@pytest.mark.parametrize("make", [_watch, _invite], ids=["watch", "invite"])
def test_a_round_table_that_moved_is_not_cancelled(runner, tmp_path, make):
    root = _team(tmp_path, _book(MEETING))
    make(runner, root)
    _save(root, _book(D(2026, 12, 14)))  # the same row, another day
    make(runner, root)
    assert _cancelled_files(root) == []


def test_a_round_table_that_moved_with_no_one_invited_is_not_cancelled_either(runner, tmp_path):
    """No letters for its new day (no one invited any more), so no new .ics moves it: it is still
    the appointment the team has, not a deleted one."""
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    _save(root, _book(D(2026, 12, 14), invite="nee"))
    _watch(runner, root)
    assert _cancelled_files(root) == []


def test_a_round_table_deleted_from_a_closed_dossier_is_cancelled(runner, tmp_path):
    """The watcher makes no letters for a closed dossier: the cancellation has its own pass."""
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    _, given = _calendar(root, ICS)
    _save(root, _book(closed=TODAY))
    _watch(runner, root)
    _assert_cancels(root, str(given["UID"]), _sequence(given))


def test_a_round_table_deleted_after_it_took_place_is_not_cancelled(runner, tmp_path):
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    _save(root, _book())
    _watch(runner, root, today=D(2026, 12, 10))
    assert _cancelled_files(root) == []


def test_an_unreadable_date_cancels_nothing_and_says_so(runner, tmp_path):
    """A date that cannot be read is no deleted round-table: nothing is cancelled, and the watcher
    says it cannot judge (by the cell, no names)."""
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    book = _book()
    book.round_table("2026-014", date="31/02/2026", time=HOUR, location="Huis van het Kind")
    _save(root, book)
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", TODAY.isoformat()])
    said = result.output
    assert _cancelled_files(root) == []
    assert "2026-014" in said and "niet nagaan" in said


@pytest.mark.parametrize("make", [_watch, _invite], ids=["watch", "invite"])
def test_a_round_table_put_back_after_its_cancellation_comes_back(runner, tmp_path, make):
    """`eenplan restore` or undo in Excel: the row back on its day and hour is that appointment
    again; its new .ics is numbered after the cancellation, METHOD:REQUEST, and stays as it is."""
    root = _team(tmp_path, _book(MEETING))
    make(runner, root)
    _, given = _calendar(root, ICS)
    _save(root, _book())
    _watch(runner, root)
    _, cancel = _calendar(root, CANCELLED)
    _save(root, _book(MEETING))  # put back
    make(runner, root)
    calendar, back = _calendar(root, ICS)
    assert str(back["UID"]) == str(given["UID"])
    assert _sequence(back) == _sequence(cancel) + 1
    assert str(calendar["METHOD"]) == "REQUEST" and "STATUS" not in back
    data = root.joinpath(*FOLDER, ICS).read_bytes()
    _save(root, _book(MEETING))  # another save: the same appointment, not numbered on
    make(runner, root)
    assert root.joinpath(*FOLDER, ICS).read_bytes() == data
    _save(root, _book())  # deleted a second time: cancelled again, numbered on
    _watch(runner, root)
    assert _cancelled_files(root) == [CANCELLED]  # eenplan's own first one, replaced
    _, again = _calendar(root, CANCELLED)
    assert str(again["UID"]) == str(given["UID"]) and _sequence(again) == _sequence(back) + 1


def test_a_state_of_the_previous_version_takes_the_cancellations(tmp_path):
    """The state before this version has no cancelled_at: opened, it gets it, and every
    appointment it remembers is still in the agendas."""
    state_dir = tmp_path / ".eenplan"
    with State(state_dir, root=tmp_path):
        pass
    with contextlib.closing(sqlite3.connect(state_dir / STATE_FILE)) as db:
        db.execute("ALTER TABLE calendar_events DROP COLUMN cancelled_at")
        db.execute("INSERT INTO calendar_events VALUES ('2026-014', 'x@eenplan', '2026-12-07', "
                   "'09:30', 2, 'f', '2026-11-20T10:00:00')")
        cancelled_from = next(n for n, m in enumerate(MIGRATIONS) if "calendar_events_new" in m)
        db.execute(f"PRAGMA user_version = {cancelled_from}")
        db.commit()
    with State(state_dir, root=tmp_path) as state:
        (event,) = state.calendar_events(["2026-014"])["2026-014"]
        assert not event.cancelled and event.sequence == 2
        assert state.calendar_dossiers_ahead(TODAY) == ("2026-014",)
        state.record_calendar_cancelled("2026-014", "x@eenplan", sequence=3, fingerprint="g")
        (event,) = state.calendar_events(["2026-014"])["2026-014"]
        assert event.cancelled and event.sequence == 3
        assert state.calendar_dossiers_ahead(TODAY) == ()
    with contextlib.closing(sqlite3.connect(state_dir / STATE_FILE)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


# -- a closed dossier, a dossier's row gone, a round-table that was there all along ---------------


def test_a_round_table_deleted_beside_one_never_given_out_is_cancelled_not_moved(runner, tmp_path):
    """Before: `meetings.match` paired the deleted round-table with the one in February that was
    on the sheet all along but had no .ics yet: 'moved', so no cancellation, and February's .ics
    took the deleted one's UID (the appointment moved in the agendas by seven weeks). The state
    now remembers what the sheet had ahead at the last look; a move is still a move."""
    root = _team(tmp_path, _book(MEETING, LATER))
    _invite(runner, root)  # the next round-table's letters and .ics: 7 December only
    _, given = _calendar(root, ICS)
    assert not root.joinpath(*FOLDER, "2027-02-01 Rondetafel Familie Peeters.ics").exists()
    _save(root, _book(D(2026, 12, 14), LATER))  # 7 December moved to the 14th: a move
    _invite(runner, root)
    assert _cancelled_files(root) == []
    _, moved = _calendar(root, "2026-12-14 Rondetafel Familie Peeters.ics")
    assert str(moved["UID"]) == str(given["UID"]) and _sequence(moved) == _sequence(given) + 1
    _save(root, _book(LATER))  # the 14th deleted; February is there as it was at the last look
    _invite(runner, root)
    assert _cancelled_files(root) == ["2026-12-14 Rondetafel Familie Peeters (afgelast).ics"]
    calendar, event = _calendar(root, "2026-12-14 Rondetafel Familie Peeters (afgelast).ics")
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(given["UID"]) and _sequence(event) == _sequence(moved) + 1
    _, february = _calendar(root, "2027-02-01 Rondetafel Familie Peeters.ics")
    assert str(february["UID"]) != str(given["UID"])


@pytest.mark.parametrize("make", [_watch, _invite], ids=["watch", "invite"])
def test_a_round_table_left_on_the_sheet_after_the_closure_is_cancelled_once(runner, tmp_path, make):
    """Before: the dossier closed, its round-table still on the sheet after the Datum afsluiting
    (check's round-table-after-closure), its guests' e-mails called off, but the team's agenda
    kept the appointment: nothing cancelled it. `invite` made its .ics again (METHOD:REQUEST)."""
    root = _team(tmp_path, _book(MEETING))
    make(runner, root)
    _, given = _calendar(root, ICS)
    ics = root.joinpath(*FOLDER, ICS).read_bytes()
    _save(root, _book(MEETING, closed=D(2026, 12, 20)))  # the closure typed ahead (check's error):
    _watch_with_findings(runner, root)                   # the round-table before it still goes on
    assert _cancelled_files(root) == []
    _save(root, _book(MEETING, closed=TODAY))  # closed; the row of 7 December left on the sheet
    said = make(runner, root)
    _assert_cancels(root, str(given["UID"]), _sequence(given))
    (line,) = [line for line in said.splitlines() if "importeer" in line]
    assert "2026-014" in line and "afgesloten" in line and "Peeters" not in line
    _save(root, _book(MEETING, closed=TODAY, hour=T(10, 0)))  # another save: once, and no new .ics
    make(runner, root)
    assert _cancelled_files(root) == [CANCELLED]
    assert root.joinpath(*FOLDER, ICS).read_bytes() == ics


@pytest.mark.parametrize("tables_left", [False, True], ids=["all-gone", "round-tables-left"])
def test_a_dossier_whose_row_is_gone_has_its_appointments_ahead_cancelled_once(runner, tmp_path,
                                                                                 tables_left):
    """Before: the dossier's row deleted from Dossiers (its round-tables with it, or left behind),
    its appointments stayed in the team's agendas. The cancellation names the dossier by its
    number (the state remembers no name)."""
    def book(with_dossier: bool) -> CaseloadBuilder:
        built = _book(MEETING, LATER) if with_dossier else CaseloadBuilder()
        built.dossier("2026-015", family="Familie Claes")  # the rest of the caseload stays
        built.round_table("2026-015", date=D(2026, 10, 12), time=HOUR, location="Thuis")
        if not with_dossier and tables_left:
            built.round_table("2026-014", date=MEETING, time=HOUR, location="Huis van het Kind")
        return built

    root = _team(tmp_path, book(True))
    _watch(runner, root)
    _, first = _calendar(root, ICS)
    _, second = _calendar(root, "2027-02-01 Rondetafel Familie Peeters.ics")
    _save(root, book(False))
    said = _watch_with_findings(runner, root)  # (round-tables left behind: check's error)
    found = {}
    for name in _cancelled_files(root):
        calendar, event = _calendar(root, name)
        assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
        found[str(event["UID"])] = _sequence(event)
    assert found == {str(first["UID"]): _sequence(first) + 1, str(second["UID"]): _sequence(second) + 1}
    assert _cancelled_files(root) == ["2026-12-07 Rondetafel dossier 2026-014 (afgelast).ics",
                                      "2027-02-01 Rondetafel dossier 2026-014 (afgelast).ics"]
    (line,) = [line for line in said.splitlines() if "importeer" in line]
    assert "2026-014" in line and "Dossiers" in line and "Peeters" not in said
    _save(root, book(False).dossier("2026-016"))  # another save: not cancelled twice
    assert "importeer" not in _watch_with_findings(runner, root)
    assert len(_cancelled_files(root)) == 2


def test_a_dossier_number_that_cannot_be_read_cancels_no_dossier_and_says_so(runner, tmp_path):
    """Its number a formula without a computed value: the row may well be the dossier that seems
    gone, so nothing is cancelled; the watcher says which cell (no names), and judges again when it
    can be read."""
    root = _team(tmp_path, _book(MEETING).dossier("2026-015"))
    _watch(runner, root)
    book = _book(MEETING).dossier("2026-015")
    book.rows["Dossiers"][0]["id"] = "=B2"
    _save(root, book)
    said = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", TODAY.isoformat()]).output
    assert _cancelled_files(root) == []
    (line,) = [line for line in said.splitlines() if "kan eenplan cel" in line]
    assert "A2" in line and "2026-014" in line
    _save(root, _book(MEETING).dossier("2026-015"))  # readable again: the appointment stays
    _watch(runner, root)
    assert _cancelled_files(root) == []


def test_another_workbook_that_lacks_a_dossier_cancels_none_of_its_appointments(runner, tmp_path):
    """`eenplan watch --workbook ander.xlsx` (a copy to try something, another team's): a dossier
    that workbook lacks was not deleted from the team's, so its appointments stay."""
    root = _team(tmp_path, _book(MEETING))
    _watch(runner, root)
    other = tmp_path / "ander.xlsx"
    CaseloadBuilder().dossier("2026-015").save(other)
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--workbook", str(other),
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code in (0, 1), result.output
    assert _cancelled_files(root) == []


def _watch_round(root: Path, today: D = TODAY):
    from eenplan.watcher.run import run_once

    return run_once(find_team(team=root), now=datetime.datetime.combine(today, T(9, 0)))


@pytest.mark.parametrize("then", ["watch", "invite"])
def test_a_round_table_that_moved_during_a_template_mistake_stays_the_same_appointment(tmp_path, runner,
                                                                                       then):
    """Before: the watcher's round with a mistake in uitnodiging.docx made no .ics, yet remembered
    the round-table at its new hour as on the sheet; once the template was mended, the next round
    took it for one there all along: the appointment cancelled ("(afgelast).ics", the old UID) and
    a new one beside it (a new UID), where the guests' mail moved the same one. Now the new hour
    is remembered only once its .ics gave it out: the same UID, a higher SEQUENCE, nothing
    cancelled."""
    root = _team(tmp_path, _book(MEETING))
    assert _watch_round(root).ok
    _, given = _calendar(root, ICS)
    template = find_team(team=root).templates_dir / "uitnodiging.docx"
    mended = template.read_bytes()
    letter = docx.Document(str(template))
    letter.add_paragraph("Beste {{ gezin.nam }},")
    letter.save(str(template))
    _save(root, _book(MEETING, hour=T(10, 0)))  # the same day, half an hour later
    broken = _watch_round(root)
    assert any("gezin.nam" in problem for problem in broken.problems)
    assert broken.calendar_cancelled == () and _cancelled_files(root) == []
    template.write_bytes(mended)  # the team mends its template
    if then == "watch":
        mended_round = _watch_round(root)
        assert mended_round.calendar_cancelled == () and mended_round.problems == ()
    else:
        _invite(runner, root)
    assert _cancelled_files(root) == []
    _, moved = _calendar(root, ICS)
    assert str(moved["UID"]) == str(given["UID"]) and _sequence(moved) == _sequence(given) + 1
    assert moved.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2026, 12, 7, 10, 0)
