"""`eenplan digest --send` by hand and the watcher agree on which week a digest belongs to: a
digest week runs from the team's digest day ([digest] dag) to the next, and exactly one digest
goes per digest week, whoever sends it. With a Friday digest, a hand send on Wednesday is the
digest of the week that began last Friday, so the watcher still sends this Friday's (and a hand
send on Monday after the watcher's Friday digest is that week's, already sent). A real SMTP
server on 127.0.0.1; the days by --as-of, the watcher's moment passed in."""

from __future__ import annotations

import datetime
from pathlib import Path

from eenplan.cli import cli
from eenplan.team.folder import Team, find_team
from eenplan.team.settings import DigestSettings
from eenplan.team.state import State, digest_key, digest_week, iso_week
from eenplan.watcher.run import digest_if_due
from eenplan.watcher.schedule import due_week, week_to_send
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture

D = datetime.date
COORDINATORS = ["coord@voorbeeld.be"]
FRIDAY_8 = DigestSettings(weekday=4, time=datetime.time(8, 0))
# Friday 27 November 2026 (ISO week 48), Monday 30 November .. Saturday 5 December (week 49)
FRIDAY_48 = datetime.datetime(2026, 11, 27, 9, 0)
FRIDAY_49 = datetime.datetime(2026, 12, 4, 9, 0)


def _team(folder: Path, port: int) -> Team:
    (folder / "eenplan.toml").write_text(
        mail_team_settings(port, mail=f'coordinatoren = ["{COORDINATORS[0]}"]',
                           more='[digest]\ndag = "vrijdag"\nuur = "08:00"\nbegeleiders = false\n'),
        encoding="utf-8")
    book = CaseloadBuilder()
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))  # overdue
    book.save(folder / "Caseload.xlsx")
    return find_team(team=folder)


def _by_hand(runner, folder: Path, day: str, *extra: str):
    return runner.invoke(cli, ["digest", "--send", "--team", str(folder), "--as-of", day, *extra])


def _weeks(folder: Path) -> list[str]:
    """The weeks whose digest went by mail, as the state remembers them."""
    with State(folder / ".eenplan", root=folder) as state:
        return [w for w in ("2026-W47", "2026-W48", "2026-W49", "2026-W50")
                if state.mail(digest_key(w)) is not None]


def test_a_hand_send_on_wednesday_leaves_fridays_digest_to_the_watcher(runner, tmp_path,
                                                                       smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    wednesday = _by_hand(runner, tmp_path, "2026-12-02")  # the digest week of Friday 27/11
    assert wednesday.exit_code == 0, wednesday.output
    assert len(inbox.envelopes) == 1 and _weeks(tmp_path) == ["2026-W48"]
    result = digest_if_due(team, now=FRIDAY_49)
    assert result is not None and result.week == "2026-W49"
    assert len(inbox.envelopes) == 2 and _weeks(tmp_path) == ["2026-W48", "2026-W49"]
    saturday = _by_hand(runner, tmp_path, "2026-12-05")  # the same digest week as Friday's
    assert saturday.exit_code == 0, saturday.output
    assert len(inbox.envelopes) == 2  # once per digest week


def test_a_hand_send_after_the_watchers_friday_digest_is_that_weeks(runner, tmp_path,
                                                                    smtp):  # noqa: F811
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    assert digest_if_due(team, now=FRIDAY_48) is not None and len(inbox.envelopes) == 1
    monday = _by_hand(runner, tmp_path, "2026-11-30")  # ISO week 49, digest week 48
    assert monday.exit_code == 0, monday.output
    assert len(inbox.envelopes) == 1 and _weeks(tmp_path) == ["2026-W48"]
    result = digest_if_due(team, now=FRIDAY_49)  # this Friday's digest still goes
    assert result is not None and result.week == "2026-W49" and len(inbox.envelopes) == 2
    assert _weeks(tmp_path) == ["2026-W48", "2026-W49"]


def test_on_the_digest_day_a_hand_send_before_the_hour_is_that_days_digest(runner, tmp_path,
                                                                           smtp):  # noqa: F811
    """Whatever the clock says on Friday: --as-of names the day, and the day its digest week."""
    controller, inbox = smtp
    team = _team(tmp_path, controller.port)
    friday = _by_hand(runner, tmp_path, "2026-12-04")
    assert friday.exit_code == 0, friday.output
    assert _weeks(tmp_path) == ["2026-W49"]
    assert digest_if_due(team, now=FRIDAY_49) is None or len(inbox.envelopes) == 1
    assert len(inbox.envelopes) == 1


def test_the_watcher_and_a_hand_send_name_every_moment_the_same_week():
    """Each hour of three weeks, for a Friday and a Monday digest: when the watcher sends, the
    week it sends is the digest week of that day, the one a hand send that day is filed under."""
    for digest in (FRIDAY_8, DigestSettings(), DigestSettings(weekday=6, time=datetime.time(23, 30))):
        moment = datetime.datetime(2026, 11, 20)
        while moment < datetime.datetime(2026, 12, 12):
            week = week_to_send(moment, digest)
            if week is not None:
                assert week == due_week(moment, digest) == digest_week(moment.date(), digest.weekday)
            moment += datetime.timedelta(minutes=30)
    assert digest_week(D(2026, 12, 2), 4) == "2026-W48" != iso_week(D(2026, 12, 2))
    assert digest_week(D(2026, 12, 4), 4) == digest_week(D(2026, 12, 10), 4) == "2026-W49"
    assert digest_week(D(2026, 11, 30), 0) == "2026-W49" == iso_week(D(2026, 11, 30))


def test_already_sent_says_which_days_the_digest_week_holds(runner, tmp_path, smtp):  # noqa: F811
    """On Monday 30 November (ISO week 49) "week 48" alone would puzzle: the days say it."""
    controller, _ = smtp
    team = _team(tmp_path, controller.port)
    assert digest_if_due(team, now=FRIDAY_48) is not None
    monday = _by_hand(runner, tmp_path, "2026-11-30")
    assert monday.exit_code == 0, monday.output
    assert "vrijdag 27 november 2026" in monday.output
    assert "donderdag 3 december 2026" in monday.output


def test_opnieuw_keeps_the_figures_next_weeks_digest_compares_with(runner, tmp_path,
                                                                   smtp):  # noqa: F811
    """`--send --opnieuw` sends the week's digest once more, with today's figures; the figures
    next week's digest compares with stay those of the week's digest as first sent."""
    controller, inbox = smtp
    _team(tmp_path, controller.port)
    first = _by_hand(runner, tmp_path, "2026-11-27")  # week 48's digest: 1 overdue
    assert first.exit_code == 0, first.output
    book = CaseloadBuilder()
    for number in ("2026-001", "2026-002", "2026-003"):
        book.dossier(number, begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.save(tmp_path / "Caseload.xlsx")
    again = _by_hand(runner, tmp_path, "2026-12-01", "--opnieuw")  # 3 overdue now, week 48 still
    assert again.exit_code == 0, again.output
    assert len(inbox.envelopes) == 2
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        kept = state.digest("2026-W48")
        went = state.mail(digest_key("2026-W48"))
    assert kept is not None and kept.counts["overdue"] == 1
    assert kept.sent_at.date() == D(2026, 11, 27)
    assert went is not None and went.sent_at.date() == D(2026, 12, 1)  # "al verstuurd op": the last
    week_49 = runner.invoke(cli, ["digest", "--team", str(tmp_path), "--as-of", "2026-12-04"])
    assert week_49.exit_code == 0, week_49.output
    assert "3 te laat" in week_49.output and "(+2)" in week_49.output  # against 1, not 3
