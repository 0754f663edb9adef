"""Issue 17, case 7: a watcher that cannot go deaf.

The team folder's parent is moved away (a share that drops out) and back, or back as another
folder at the same path (a share mounted anew); the next save is processed, under inotify and
under --poll, and the watcher said once that the folder was gone.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time

import pytest

from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching

BEAT = dataclasses.replace(FAST, heartbeat=0.3)


def _book(municipality: str = "Kapellen") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", municipality=municipality)
    return book


@pytest.mark.parametrize("poll", [None, 0.2], ids=["inotify", "poll"])
@pytest.mark.parametrize("how", ["moved-back", "mounted-anew"])
def test_the_folder_away_and_back_then_the_next_save_is_processed(tmp_path, poll, how):
    share = tmp_path / "share"
    (share / "team").mkdir(parents=True)
    make_team(share / "team", _book())
    team = find_team(team=share / "team")
    with watching(team, poll=poll, timings=BEAT) as (watcher, lines):
        away = tmp_path / "away"
        os.rename(share, away)
        eventually(lambda: any("niet meer bereikbaar" in line for line in lines), "the outage said")
        time.sleep(3 * BEAT.heartbeat)  # a few heartbeats while it is gone: said once
        if how == "moved-back":
            os.rename(away, share)
        else:  # another folder at the same path: a share mounted anew
            shutil.copytree(away, share, ignore=shutil.ignore_patterns("watch.lock"))
        eventually(lambda: any("is terug" in line for line in lines), "the return said")
        excel_save(_book("Essen"), team.workbook)
        eventually(lambda: len(watcher.results) >= 2 and watcher.results[-1].ok
                   and watcher.results[-1].sha256 != watcher.results[0].sha256, "the next save processed")
    assert sum("niet meer bereikbaar" in line for line in lines) == 1
    assert watcher.rearmed >= 1


def test_a_save_whose_event_never_came_is_run_at_the_next_heartbeat(tmp_path):
    team = make_team(tmp_path, _book())
    with watching(team, timings=BEAT) as (watcher, lines):
        watcher._stop_observer()  # deaf, as after an event the system dropped
        excel_save(_book("Essen"), team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run without an event")
