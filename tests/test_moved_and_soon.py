"""Two ways a family or guest could come on the wrong day, found by a tester reading what eenplan
makes: a round-table moved on Rondetafels while the round-table before it kept its Volgende
datum (the report told the family the old day, the letters the new one, and `check` said all
was in order); and letters made for a round-table too soon for the post (today, tomorrow), with
no word that a paper letter comes too late."""

from __future__ import annotations

import datetime
from pathlib import Path

from eenplan.docx_templates.documents import invitations_for, report_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.watcher.run import run_once
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY, check_book, found

D = datetime.date
HELD = D(2026, 11, 16)
AGREED = D(2027, 1, 11)  # the Volgende datum of the round-table held on HELD
MOVED = D(2027, 1, 13)  # where the next round-table is on Rondetafels now


def _book(next_on: datetime.date = MOVED, *, closed: bool = False, meeting: datetime.date | None = None
          ) -> CaseloadBuilder:
    book = CaseloadBuilder()
    extra = {"closed_on": D(2026, 11, 20), "closure_reason": "Doelen bereikt"} if closed else {}
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 20), **extra)
    book.network("2026-001", name="Maria Peeters", role="Gezin", relation="mama", invite="ja")
    book.network("2026-001", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja",
                 address="Dorp 1, 2960 Brecht")
    if meeting is None:
        book.round_table("2026-001", date=HELD, time=datetime.time(10, 0), location="Bij het gezin",
                         kind="start", present="het gezin, Els Maes", notes="We bespraken de ochtenden.",
                         next_date=AGREED)
        book.round_table("2026-001", date=next_on, time=datetime.time(14, 0), location="Bij het gezin",
                         kind="opvolging")
    else:
        book.round_table("2026-001", date=meeting, time=datetime.time(14, 0), location="Bij het gezin",
                         kind="opvolging")
    return book


def _team(tmp_path: Path, book: CaseloadBuilder) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


# -- a moved round-table ---------------------------------------------------------------------------


def test_check_says_a_next_date_on_which_no_round_table_is_planned_while_a_later_one_is(tmp_path):
    """Before: "Alles in orde", while the report and the letters named two different days."""
    assert found(check_book(_book(), tmp_path), "next-date-unplanned") == [("Rondetafels", "H2")]


def test_no_word_when_the_next_round_table_is_on_its_day_or_already_past_or_the_dossier_closed(tmp_path):
    for folder in "abc":
        (tmp_path / folder).mkdir()
    assert found(check_book(_book(AGREED), tmp_path / "a"), "next-date-unplanned") == []
    past = _book(D(2026, 11, 20))  # moved, but that one is held too (today is 23 November)
    assert found(check_book(past, tmp_path / "b"), "next-date-unplanned") == []
    closed = _book(closed=True)
    assert found(check_book(closed, tmp_path / "c"), "next-date-unplanned") == []


def test_the_report_of_the_round_table_before_a_moved_one_says_so(tmp_path):
    root = _team(tmp_path, _book())
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-001", HELD, today=TODAY)
    assert [n for n in made.notes if "13/01/2027" in n and "11/01/2027" in n]

    root = _team(tmp_path / "on-its-day", _book(AGREED))
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-001", HELD, today=TODAY)
    assert not [n for n in made.notes if "Volgende datum" in n]


# -- too soon for the post -------------------------------------------------------------------------


def test_invitations_for_a_round_table_too_soon_for_the_post_say_so(tmp_path):
    """Before: letters dated today for a round-table tomorrow, on paper, without a word."""
    for ahead, said in ((0, True), (1, True), (2, True), (3, False), (14, False)):
        root = _team(tmp_path / str(ahead), _book(meeting=TODAY + datetime.timedelta(days=ahead)))
        team = find_team(team=root)
        made = invitations_for(team, load_caseload(team), "2026-001", None, today=TODAY)
        assert bool([n for n in made.notes if "niet meer op tijd" in n]) is said, ahead


def test_the_watcher_says_which_dossiers_letters_are_too_soon_for_the_post(tmp_path):
    now = datetime.datetime.combine(TODAY, datetime.time(9, 0))
    root = _team(tmp_path / "soon", _book(meeting=TODAY + datetime.timedelta(days=1)))
    result = run_once(find_team(team=root), now=now)
    assert result.late_for_post == ("2026-001",)
    said = "\n".join(result.lines())
    assert "2026-001" in said and "Maes" not in said
    again = run_once(find_team(team=root), now=now + datetime.timedelta(hours=1))
    assert again.late_for_post == ()  # said with the letters, not at every run

    root = _team(tmp_path / "later", _book(meeting=TODAY + datetime.timedelta(days=10)))
    assert run_once(find_team(team=root), now=now).late_for_post == ()


# -- the letters of the day a round-table left -----------------------------------------------------


def _moving(meeting: datetime.date) -> CaseloadBuilder:
    return _book(meeting=meeting)


def test_a_moved_round_tables_earlier_letters_are_void_and_whoever_had_one_is_named(tmp_path):
    """Before: the letters for the old day lay beside the new ones, unmarked, and `invite` said
    only "Gemaakt": a grandmother with a paper letter could come on the old day."""
    first, moved = TODAY + datetime.timedelta(days=14), TODAY + datetime.timedelta(days=15)
    root = _team(tmp_path, _moving(first))
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-001", None, today=TODAY)
    _moving(moved).save(root / "Caseload.xlsx")
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-001", None, today=TODAY)
    old = first.isoformat()
    assert {p.name for p in made.outdated} == {
        f"{old} Uitnodiging rondetafel - Els Maes (vervallen).docx",
        f"{old} Uitnodiging rondetafel - Familie Peeters (vervallen).docx",
        f"{old} Uitnodigingen rondetafel - alles om af te drukken (vervallen).docx"}
    (note,) = [n for n in made.notes if "(vervallen)" in n]
    assert "Els Maes" in note and "het gezin" in note and first.strftime("%d/%m/%Y") in note
    names = {p.name for p in (root / "out" / "2026-001").iterdir()}
    assert f"{moved.isoformat()} Uitnodiging rondetafel - Els Maes.docx" in names

    again = invitations_for(find_team(team=root), load_caseload(find_team(team=root)), "2026-001", None,
                            today=TODAY)
    assert not [n for n in again.notes if "(vervallen)" in n]  # said once, with the rename


def test_the_watcher_voids_a_moved_round_tables_letters_without_names_in_its_log(tmp_path):
    first, moved = TODAY + datetime.timedelta(days=14), TODAY + datetime.timedelta(days=15)
    now = datetime.datetime.combine(TODAY, datetime.time(9, 0))
    root = _team(tmp_path, _moving(first))
    run_once(find_team(team=root), now=now)
    _moving(moved).save(root / "Caseload.xlsx")
    result = run_once(find_team(team=root), now=now + datetime.timedelta(hours=1))
    assert result.outdated == 3 and result.outdated_in == ("2026-001",)  # two letters, the print file
    said = "\n".join(result.lines())
    assert "verplaatst" in said and "Maes" not in said and "Peeters" not in said
