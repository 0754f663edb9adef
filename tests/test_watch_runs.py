"""What a run says and keeps: a letter deleted by hand is made again as missing, not as changed;
a workbook given with --workbook is not a version of the team's, so it is not in its history."""

from __future__ import annotations

import datetime

from eenplan.team.folder import find_team
from eenplan.watcher.run import run_once
from eenplan.watcher.snapshots import Snapshots
from tests.builders import CaseloadBuilder
from tests.test_watch_work import NOW, PLANNED, _planned
from tests.watching import make_team


def test_a_letter_deleted_by_hand_is_made_again_as_missing_not_as_changed(tmp_path):
    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    first = run_once(team, now=NOW)
    letter = next(p for p in first.documents if "Jan Janssens" in p.name)
    letter.unlink()
    again = run_once(team, now=NOW)
    assert again.ok and letter in again.documents
    assert again.invited_again == () and again.made_again == ("2026-001",)
    moved = run_once(team, now=NOW)  # nothing missing now: nothing made
    assert moved.documents == () and moved.made_again == ()


def test_a_changed_round_table_is_still_said_as_changed(tmp_path):
    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    run_once(team, now=NOW)
    _planned(CaseloadBuilder(), location="Bij het gezin thuis").save(team.workbook)
    again = run_once(team, now=NOW)
    assert again.invited_again == ("2026-001",) and again.made_again == ()


def test_another_workbook_is_not_kept_in_the_team_s_history(tmp_path):
    book = CaseloadBuilder()
    for number in ("2026-001", "2026-002", "2026-003", "2026-004"):
        book.dossier(number)
    team = make_team(tmp_path, book)
    run_once(team, now=NOW)
    history = [s.name for s in Snapshots(team.state_dir).all()]
    other = CaseloadBuilder().dossier("2026-099").save(tmp_path.parent / f"{tmp_path.name}-other.xlsx")
    elsewhere = run_once(find_team(team=tmp_path, workbook=other), now=NOW + datetime.timedelta(minutes=1))
    assert elsewhere.ok and not elsewhere.vanished and elsewhere.snapshot == ""
    assert [s.name for s in Snapshots(team.state_dir).all()] == history
    book.dossier("2026-005").save(team.workbook)  # the team's next save
    later = run_once(team, now=NOW + datetime.timedelta(minutes=2))
    assert later.ok and not later.vanished, later.lines()


def test_a_broken_eenplan_toml_is_said_once_and_the_last_good_settings_stay(tmp_path):
    import dataclasses

    from tests.watching import FAST, eventually, excel_save, watching

    book = CaseloadBuilder().dossier("2026-001")
    team = make_team(tmp_path, book)
    settings = tmp_path / "eenplan.toml"
    with watching(team, timings=dataclasses.replace(FAST, heartbeat=0.3)) as (watcher, lines):
        settings.write_text('[team]\nnaam = "Team Test\n', encoding="utf-8")  # a quote missing
        eventually(lambda: watcher.settings_problem, "the broken eenplan.toml said")
        said = len(lines)
        excel_save(book.dossier("2026-002"), team.workbook)
        eventually(lambda: len(watcher.results) == 2, "the next save run with the last good settings")
        assert watcher.results[-1].ok and watcher.team.settings.team_name == "Team Test"
        assert len(lines) == said + 1  # the run's line; the broken file not said again
        settings.write_text('[team]\nnaam = "Team Noord"\n', encoding="utf-8")
        eventually(lambda: watcher.team.settings.team_name == "Team Noord", "the mended file read")
        assert watcher.settings_problem == ""


def test_a_round_table_moved_away_and_back_makes_that_days_letters_anew(tmp_path):
    """Moved away, the first day's letters get "(vervallen)" (whoever had one is for the team to
    tell); moved back, that day's letters are made anew, the second day's get "(vervallen)", and
    the team's .ics follows (the same appointment, a higher SEQUENCE)."""
    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    run_once(team, now=NOW)
    later = PLANNED + datetime.timedelta(days=2)
    _planned(CaseloadBuilder(), date=later).save(team.workbook)
    moved = run_once(team, now=NOW)
    assert moved.invited_again == ("2026-001",) and moved.outdated_in == ("2026-001",)
    _planned(CaseloadBuilder()).save(team.workbook)  # back to the first day
    back = run_once(team, now=NOW)
    assert back.ok and {p.suffix for p in back.documents} == {".docx", ".ics"}
    assert back.outdated_in == ("2026-001",)
    names = [p.name for p in (team.base / "out" / "2026-001").iterdir()]
    assert all("(vervallen)" in n for n in names if n.startswith(later.isoformat()) and "Uitnodiging" in n)
    assert [n for n in names if n.startswith(PLANNED.isoformat()) and "Uitnodiging rondetafel -" in n
            and "(vervallen)" not in n]

