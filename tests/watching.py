"""Helpers for watcher tests: a team folder, a watcher on a thread, saves the way Excel does them."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from eenplan.team.folder import Team, find_team
from eenplan.watcher.complete import Timings
from eenplan.watcher.loop import Watcher
from eenplan.watcher.run import DigestSent
from tests.builders import CaseloadBuilder

# Short waits, so a test takes a fraction of a second; the defaults suit a person saving.
FAST = Timings(quiet=0.15, longest_wait=3.0, stable_interval=0.03, settle=0.3)
DEADLINE = 15.0


def make_team(folder: Path, book: CaseloadBuilder) -> Team:
    (folder / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(folder / "Caseload.xlsx")
    return find_team(team=folder)


def excel_save(book: CaseloadBuilder, workbook: Path, temp_name: str = "1A2B3C4D") -> Path:
    """Save the way Excel does: a temporary file with a random name, renamed onto the workbook."""
    temporary = book.save(workbook.with_name(temp_name))
    os.replace(temporary, workbook)
    return workbook


def eventually(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> None:
    """Wait until ``condition()`` holds (polling), or fail saying what did not happen."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {deadline} s: {what}")
        time.sleep(0.02)


def no_digest(team: Team, **_: object) -> DigestSent:
    """Tests that are not about the digest leave it out (and it counts as sent)."""
    return DigestSent(how="test", counts={}, line="Overzicht overgeslagen in deze test.")


@contextlib.contextmanager
def watching(team: Team, **options: object) -> Iterator[tuple[Watcher, list[str]]]:
    """A watcher on its own thread, past its first run; stopped and joined at the end."""
    lines: list[str] = []
    options.setdefault("timings", FAST)
    options.setdefault("send_digest", no_digest)
    watcher = Watcher(team, out=lines.append, **options)  # type: ignore[arg-type]
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            watcher.serve()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failure.append(exc)
            watcher.ready.set()

    thread = threading.Thread(target=serve, name="watcher", daemon=True)
    thread.start()
    eventually(watcher.ready.is_set, "the watcher started")
    if failure:
        raise failure[0]
    try:
        yield watcher, lines
    finally:
        watcher.stop()
        thread.join(DEADLINE)
        assert not thread.is_alive(), "the watcher did not stop"
    if failure:
        raise failure[0]
