"""The weekly digest: at the team's day and hour, once per ISO week, across restarts."""

from __future__ import annotations

import datetime
import threading

from eenplan.team.settings import DigestSettings
from eenplan.watcher.loop import Watcher
from eenplan.watcher.run import DigestSent, digest_if_due
from eenplan.watcher.schedule import due_week, last_moment, next_moment
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, make_team

MONDAY_8 = DigestSettings()
FRIDAY_1630 = DigestSettings(weekday=4, time=datetime.time(16, 30))


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def test_the_moment_of_the_week():
    assert last_moment(at("2026-11-23T08:00"), MONDAY_8) == at("2026-11-23T08:00")
    assert last_moment(at("2026-11-23T07:59"), MONDAY_8) == at("2026-11-16T08:00")
    assert last_moment(at("2026-11-29T23:00"), MONDAY_8) == at("2026-11-23T08:00")
    assert next_moment(at("2026-11-23T08:00"), MONDAY_8) == at("2026-11-30T08:00")
    assert last_moment(at("2026-11-23T08:00"), FRIDAY_1630) == at("2026-11-20T16:30")
    assert due_week(at("2026-11-23T07:59"), MONDAY_8) == "2026-W47"
    assert due_week(at("2026-11-23T08:00"), MONDAY_8) == "2026-W48"


class Sender:
    def __init__(self) -> None:
        self.weeks: list[str] = []

    def __call__(self, team, *, week, now):
        self.weeks.append(week)
        return DigestSent(how="eml", counts={"overdue": 3}, line=f"Overzicht {week} gemaakt.")


def test_sent_once_a_week_even_when_restarted(tmp_path):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    send = Sender()
    first = digest_if_due(team, now=at("2026-11-23T08:00:05"), send=send)
    assert first is not None and first.lines() == ["08:00:05 Overzicht 2026-W48 gemaakt."]
    assert digest_if_due(team, now=at("2026-11-23T08:10"), send=send) is None
    assert digest_if_due(team, now=at("2026-11-27T12:00"), send=send) is None
    assert digest_if_due(team, now=at("2026-11-30T07:59"), send=send) is None
    assert digest_if_due(team, now=at("2026-11-30T08:00"), send=send) is not None
    assert send.weeks == ["2026-W48", "2026-W49"]


def test_a_missed_digest_is_sent_at_the_next_start(tmp_path):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    send = Sender()
    for start in ("2026-11-25T10:00", "2026-11-25T10:05"):  # off on Monday; started twice Wednesday
        Watcher(team, timings=FAST, clock=lambda start=start: at(start), out=lambda line: None,
                send_digest=send).serve(once=True)
    assert send.weeks == ["2026-W48"]


def test_a_digest_that_could_not_be_made_is_tried_again_at_the_next_start(tmp_path):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    result = digest_if_due(team, now=at("2026-11-23T09:00"), send=lambda team, **_: None)
    assert result is not None and result.sent is None and "2026-W48" in result.lines()[0]
    send = Sender()
    assert digest_if_due(team, now=at("2026-11-23T09:05"), send=send) is not None
    assert send.weeks == ["2026-W48"]


def test_a_digest_that_failed_is_one_line_and_is_sent_later(tmp_path):
    from eenplan.errors import EenplanError

    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))

    def down(team, **_):
        raise EenplanError("De mailserver antwoordt niet.")

    lines: list[str] = []
    Watcher(team, timings=FAST, clock=lambda: at("2026-11-23T08:00:02"), out=lines.append,
            send_digest=down).serve(once=True)
    assert [line for line in lines if "overzicht" in line] == [
        "08:00:02 Het wekelijkse overzicht is niet verstuurd: De mailserver antwoordt niet. eenplan "
        "probeert het bij de volgende ronde opnieuw."]
    send = Sender()
    Watcher(team, timings=FAST, clock=lambda: at("2026-11-23T09:00:02"), out=lines.append,
            send_digest=send).serve(once=True)
    assert send.weeks == ["2026-W48"]


def test_last_week_s_digest_sent_late_leaves_this_week_s_to_come(tmp_path):
    (tmp_path / "eenplan.toml").write_text(
        '[team]\nnaam = "Team Test"\n[digest]\ndag = "vrijdag"\nuur = "16:30"\n', encoding="utf-8")
    CaseloadBuilder().dossier("2026-001").save(tmp_path / "Caseload.xlsx")
    from eenplan.team.folder import find_team

    team = find_team(team=tmp_path)
    lines: list[str] = []
    for moment in ("2026-11-30T10:00", "2026-12-02T09:00", "2026-12-04T16:31"):  # Mon, Wed, Fri
        Watcher(team, timings=FAST, clock=lambda moment=moment: at(moment),
                out=lines.append).serve(once=True)
    sent = [line for line in lines if "overzicht" in line]
    assert len(sent) == 2 and "week 48" in sent[0] and "week 49" in sent[1], sent
    assert (team.reports_dir / "Achterstand 2026-W49.eml").is_file()


def test_weeks_the_server_did_not_take_keep_the_round_open_and_are_tried_each_hour(tmp_path):
    """The digest went, a begeleider's week did not: the round is not done, so it is sent later;
    a watcher that keeps running tries again after an hour, not at every look at the clock."""
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    calls: list[str] = []

    def sender(team, *, week, now):
        calls.append(f"{now:%H:%M}")
        return DigestSent(how="smtp", counts={"overdue": 1}, line="Verstuurd.",
                          unsent=0 if len(calls) > 1 else 1)

    now = [at("2026-11-23T08:00:05")]
    watcher = Watcher(team, timings=FAST, clock=lambda: now[0], out=lambda line: None,
                      send_digest=sender)
    for moment in ("2026-11-23T08:00:05", "2026-11-23T08:30", "2026-11-23T09:00:06",
                   "2026-11-23T10:30"):
        now[0] = at(moment)
        watcher.serve(once=True)
    assert calls == ["08:00", "09:00"] and watcher.undone  # then done: not again at 10:30
    assert digest_if_due(team, now=at("2026-11-23T11:00"), send=sender) is None


def test_a_digest_kept_for_a_retry_is_no_invitation_to_send_it_by_hand(tmp_path):
    """The watcher said both "open it in your mail program to send it yourself" and "eenplan
    tries again in an hour": a coordinator who forwarded it got it twice at the next round. A
    watcher running on (not --once) tries again in an hour."""
    from eenplan.flows.digest import DigestNotSent

    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))

    def down(team, **_):
        raise DigestNotSent("De mailserver antwoordt niet.", "rapporten/Achterstand 2026-W48.eml")

    lines: list[str] = []
    watcher = Watcher(team, timings=FAST, clock=lambda: at("2026-11-23T08:00:02"), out=lines.append,
                      send_digest=down)
    thread = threading.Thread(target=watcher.serve, daemon=True)
    thread.start()
    eventually(lambda: any("overzicht" in line for line in lines), "the digest tried")
    watcher.stop()
    thread.join(15)
    (line,) = [line for line in lines if "overzicht" in line]
    assert "rapporten/Achterstand 2026-W48.eml" in line and "over een uur" in line
    assert "zelf door te sturen" not in line and "niet ook zelf door" in line
    assert "zelf door te sturen" in str(DigestNotSent("x.", "y"))  # `eenplan digest --send` by hand


SUNDAY_1620 = DigestSettings(weekday=6, time=datetime.time(16, 20))


def test_a_missed_digest_is_not_caught_up_in_the_last_day_before_the_next():
    from eenplan.watcher.schedule import week_to_send

    assert week_to_send(at("2026-11-25T10:00"), MONDAY_8) == "2026-W48"  # missed Monday: sent
    assert week_to_send(at("2026-11-29T08:00"), MONDAY_8) == "2026-W48"  # a day before the next
    assert week_to_send(at("2026-11-29T08:01"), MONDAY_8) is None  # less: wait for the next
    assert week_to_send(at("2026-11-30T08:00"), MONDAY_8) == "2026-W49"  # its own moment
    assert week_to_send(at("2026-11-29T16:18"), SUNDAY_1620) is None  # two minutes before
    assert week_to_send(at("2026-11-29T16:20"), SUNDAY_1620) == "2026-W48"


def test_a_first_start_just_before_the_digest_time_sends_one_digest(tmp_path):
    """`[digest] dag` today, `uur` two minutes from now: the watcher's first start sent last
    week's digest at once (dated today), and this week's two minutes later, every figure "(=)"
    against the first. Now: one digest, at the moment, with nothing to compare with."""
    (tmp_path / "eenplan.toml").write_text(
        '[team]\nnaam = "Team Test"\n[digest]\ndag = "zondag"\nuur = "16:20"\n', encoding="utf-8")
    CaseloadBuilder().dossier("2026-001").save(tmp_path / "Caseload.xlsx")
    from eenplan.team.folder import find_team

    team = find_team(team=tmp_path)
    lines: list[str] = []
    for moment in ("2026-11-29T16:18", "2026-11-29T16:20:05"):
        Watcher(team, timings=FAST, clock=lambda moment=moment: at(moment),
                out=lines.append).serve(once=True)
    sent = [line for line in lines if "overzicht" in line]
    assert len(sent) == 1 and sent[0].startswith("16:20:05") and "week 48" in sent[0], sent
    assert sorted(p.name for p in team.reports_dir.glob("*.eml")) == ["Achterstand 2026-W48.eml"]
    import email

    message = email.message_from_bytes((team.reports_dir / "Achterstand 2026-W48.eml").read_bytes())
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    said = text.get_payload(decode=True).decode("utf-8")
    assert "(=)" not in said and "geen vergelijking" in said, said
