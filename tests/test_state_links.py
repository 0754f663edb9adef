"""eenplan never writes its memory through a link: a .eenplan/ that is a symbolic link to a place
outside the team folder is refused by every command that writes state, and nothing lands there."""

from __future__ import annotations

import datetime

import pytest

from eenplan.cli import cli
from tests.watching import make_team

D = datetime.date


COMMANDS = [["watch", "--once"], ["digest", "--eml", "eml"], ["invite", "2026-001"],
            ["export", "2026-001"]]


@pytest.mark.parametrize(("command", "linked"), [
    *((command, linked) for command in COMMANDS for linked in (".eenplan", ".eenplan/state.sqlite")),
    (["watch", "--once"], ".eenplan/logs"),
], ids=str)
def test_a_state_folder_that_links_elsewhere_is_refused(tmp_path, book, runner, command, linked):
    book.dossier("2026-001", registered_on=D(2026, 11, 2))
    book.network("2026-001", name="Mia Maes", invite="ja")
    book.round_table("2026-001", date=D(2026, 12, 7))
    (tmp_path / "Team").mkdir()
    make_team(tmp_path / "Team", book)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "Team" / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    target = elsewhere / "state.sqlite" if linked.endswith(".sqlite") else elsewhere
    link.symlink_to(target)
    result = runner.invoke(cli, [*command, "--team", str(tmp_path / "Team"), "--as-of", "2026-11-23"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert list(elsewhere.iterdir()) == []


def test_a_state_folder_swapped_for_a_link_keeps_the_lock_the_watcher_leaves_there(tmp_path):
    """.eenplan moved elsewhere and linked back while the watcher ran: stopping, it deletes
    nothing through the link (eenplan deletes only inside the team folder)."""
    import os

    from eenplan.watcher.lock import LOCK_NAME, WatchLock

    team = tmp_path / "team"
    team.mkdir()
    lock = WatchLock(team / ".eenplan")
    lock.acquire()
    elsewhere = tmp_path / "elders"
    (team / ".eenplan").rename(elsewhere)
    os.symlink(elsewhere, team / ".eenplan")
    lock.release()
    assert (elsewhere / LOCK_NAME).exists()
