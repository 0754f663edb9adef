"""`eenplan watch --once` run by a scheduled task (every 15 minutes) says the lines the watcher
that keeps running says once (a conflict copy, templates that are an earlier default, a digest
the mail server refused for good, a refused password) once a day, and again when they change: not
at every run. Its exit code still says what was not done. What it said is in the state as keyed
hashes only. Real `watch --once` runs, one process each as a scheduled task starts them (in
process: CliRunner), a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
from pathlib import Path

from eenplan.cli import cli
from eenplan.docx_templates.shipped import earlier_defaults_line
from eenplan.team.state import STATE_FILE
from tests.test_conflict_copies import COPY, _team_with_copy
from tests.test_digest import PASSWORD_ENV
from tests.test_mail_remembered import DATA_554, server  # noqa: F401 - the fixture
from tests.test_mail_remembered import _team as mail_team
from tests.test_template_upgrade import earlier, new_team, update_templates, with_caseload

MONDAY, TUESDAY, WEDNESDAY = "2026-11-30", "2026-12-01", "2026-12-02"


def _once(runner, folder: Path, day: str):
    return runner.invoke(cli, ["watch", "--once", "--team", str(folder), "--as-of", day])


def _dump(folder: Path) -> str:
    with contextlib.closing(sqlite3.connect(folder / ".eenplan" / STATE_FILE)) as db:
        return "\n".join(db.iterdump())


def test_a_conflict_copy_is_said_once_a_day_and_again_when_saved_again(runner, tmp_path):
    copy = _team_with_copy(tmp_path)
    runs = [_once(runner, tmp_path, MONDAY) for _ in range(3)]
    assert [r.exit_code for r in runs] == [0, 0, 0], runs[0].output
    assert [COPY in r.output for r in runs] == [True, False, False]
    later = copy.stat().st_mtime + 60
    os.utime(copy, (later, later))  # the copy saved again: a new conflict
    assert COPY in _once(runner, tmp_path, MONDAY).output
    assert COPY not in _once(runner, tmp_path, MONDAY).output
    assert COPY in _once(runner, tmp_path, TUESDAY).output  # the next day, while it lasts
    copy.unlink()  # mended; then another conflict of the same name
    assert COPY not in _once(runner, tmp_path, TUESDAY).output
    copy.write_bytes(b"not a workbook")
    assert COPY in _once(runner, tmp_path, TUESDAY).output
    assert "LAPTOP" not in _dump(tmp_path)  # the state keeps no copy's name (a person's, in Dropbox)


def test_earlier_default_templates_are_said_once_a_day(runner, tmp_path):
    root = new_team(tmp_path, {"gezinsplan.docx": earlier("gezinsplan.docx")})
    team = with_caseload(root)
    line = earlier_defaults_line(root / "docx_templates")
    assert line is not None
    said = [line in _once(runner, root, day).output for day in (MONDAY, MONDAY, TUESDAY, TUESDAY)]
    assert said == [True, False, True, False]
    update_templates(team, today=datetime.date(2026, 12, 1))
    assert "templates bijwerken" not in _once(runner, root, TUESDAY).output
    (root / "docx_templates" / "gezinsplan.docx").write_bytes(earlier("gezinsplan.docx"))
    assert line in _once(runner, root, TUESDAY).output  # back: said again at once


def test_a_digest_refused_for_good_is_said_once_a_day_and_every_run_exits_2(runner, tmp_path,
                                                                          server):  # noqa: F811
    server.inbox.refuse_message = DATA_554
    mail_team(tmp_path, server.controller.port)
    runs = [_once(runner, tmp_path, day) for day in ("2026-11-24", "2026-11-24", "2026-11-25")]
    assert [r.exit_code for r in runs] == [2, 2, 2], runs[1].output  # not all was done, each run
    assert ["554 5.0.0" in r.output for r in runs] == [True, False, True]
    assert server.inbox.ended == 1  # offered once (as before)


def test_a_refused_password_is_said_once_a_day_and_every_run_exits_2(runner, tmp_path, server,  # noqa: F811
                                                                      monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "fout")
    mail_team(tmp_path, server.controller.port, user=True)
    runs = [_once(runner, tmp_path, day) for day in ("2026-11-24", "2026-11-24", "2026-11-25")]
    assert [r.exit_code for r in runs] == [2, 2, 2], runs[1].output
    assert [PASSWORD_ENV in r.output for r in runs] == [True, False, True]
    assert server.logins == 1
    assert "fout" not in _dump(tmp_path)
