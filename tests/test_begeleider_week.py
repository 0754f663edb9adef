"""Each begeleider's week: a mail of their own with their round-tables, what is late or due
soon, and what could not be judged; through a real SMTP server, each once a week."""

from __future__ import annotations

import datetime
import email
import email.policy

from eenplan.cli import cli
from eenplan.flows import default_flows
from eenplan.flows.overdue import overdue_items
from eenplan.flows.week import begeleider_weeks, week_text
from eenplan.sheets.reader import read_caseload
from eenplan.team.state import State
from tests.builders import LISTS, CaseloadBuilder, mail_team_settings
from tests.conftest import TODAY  # Monday 23 November 2026, ISO week 48
from tests.test_digest import PASSWORD_ENV, smtp  # noqa: F401 - the fixture

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _book() -> CaseloadBuilder:
    book = CaseloadBuilder(lists={**LISTS, "E-mail begeleider": ["an.claes@voorbeeld.be",
                                                                 "niet-een-adres"]})
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1))  # overdue
    book.dossier("2026-002", family="Familie Maes", begeleider="An Claes",
                 registered_on=D(2026, 10, 30))  # due soon
    book.round_table("2026-002", date=D(2026, 11, 26))  # this week
    book.round_table("2026-001", date=D(2026, 12, 14))  # later: not in this week's mail
    book.agreement("2026-001", round_table=D(2026, 10, 5), action="Een ochtendschema maken",
                   who="Mama", due=D(2026, 11, 10), status="open")  # an agreement, late
    book.dossier("2026-003", family="Familie Wouters", begeleider="Sofie Janssens",
                 registered_on=D(2026, 11, 20))  # nothing late, and no e-mail on Lijsten
    book.dossier("2026-004", family="Familie Closed", begeleider="Bart Peeters",
                 registered_on=D(2026, 1, 5), closed_on=D(2026, 3, 1),
                 closure_reason="Doelen bereikt")  # closed: no week for Bart
    return book


def _team(tmp_path, book, *, port: int, names: bool = False) -> None:
    settings = mail_team_settings(port, mail='coordinatoren = ["coord@voorbeeld.be"]',
                                  more=f"[digest]\nnamen = {'true' if names else 'false'}\n")
    (tmp_path / "eenplan.toml").write_text(settings, encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")


def _weeks(tmp_path, book):
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    items = overdue_items(caseload, default_flows(), today=TODAY)
    return begeleider_weeks(caseload, items, today=TODAY)


def test_a_week_per_begeleider_with_an_open_dossier(tmp_path):
    weeks = {w.begeleider: w for w in _weeks(tmp_path, _book())}
    assert sorted(weeks) == ["An Claes", "Sofie Janssens"]  # Bart has only a closed dossier
    an = weeks["An Claes"]
    assert an.email == "an.claes@voorbeeld.be"
    assert [m.dossier for m in an.meetings] == ["2026-002"]
    assert sorted((i.dossier, i.kind, i.status.value) for i in an.items) == [
        ("2026-001", "afspraak", "overdue"), ("2026-001", "stap", "overdue"),
        ("2026-002", "stap", "due_soon")]
    assert weeks["Sofie Janssens"].items == ()


def test_dossier_numbers_only_unless_the_team_chooses_names(tmp_path):
    an = next(w for w in _weeks(tmp_path, _book()) if w.begeleider == "An Claes")
    plain = week_text(an, today=TODAY, team_name="Team Test")
    assert "2026-001" in plain.text and "Peeters" not in plain.text + plain.html
    named = week_text(an, today=TODAY, team_name="Team Test", names=True)
    assert "2026-001 (Familie Peeters)" in " ".join(named.text.split())


def test_a_quiet_week_says_so_and_a_missing_column_is_no_all_clear(tmp_path):
    sofie = next(w for w in _weeks(tmp_path, _book()) if w.begeleider == "Sofie Janssens")
    quiet = week_text(sofie, today=TODAY, team_name="Team Test")
    assert "lopen op tijd" in " ".join(quiet.text.split())
    blind = week_text(sofie, today=TODAY, team_name="Team Test",
                      missing="De kolom Datum aanmelding ontbreekt.")
    assert "lopen op tijd" not in blind.text and "Datum aanmelding" in blind.text
    assert "niet te beoordelen" in blind.subject


def test_unreadable_dates_come_first_with_their_cell(tmp_path):
    book = _book()
    book.dossier("2026-005", begeleider="An Claes", registered_on="31/02/2026")
    an = next(w for w in _weeks(tmp_path, book) if w.begeleider == "An Claes")
    text = week_text(an, today=TODAY, team_name="Team Test").text
    assert [i.dossier for i in an.unknown] == ["2026-005"]
    assert text.index("Niet te beoordelen") < text.index("Rondetafels deze week")


def test_each_begeleider_gets_their_own_mail_once_a_week(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _book(), port=controller.port)
    args = ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF]
    first = runner.invoke(cli, args)
    # Sofie has no e-mail address on Lijsten: one sentence, and An's mail still goes (exit 2)
    assert first.exit_code == 2, first.output
    assert "Sofie Janssens: niet verstuurd. Geen e-mailadres" in " ".join(first.output.split())
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["an.claes@voorbeeld.be"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"].startswith("Jouw week, An: 1 rondetafel, 2 te laat, 1 binnenkort")
    text = message.get_body(("plain",)).get_content()
    assert "Een ochtendschema maken" in text and "Peeters" not in text
    again = runner.invoke(cli, args)
    assert "al verstuurd" in again.output and len(inbox.envelopes) == 1  # never twice
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        keys = [row[0] for row in state.db.execute("SELECT key FROM mails_sent")]
    assert len(keys) == 1 and keys[0].startswith("week/2026-W48/") and "An" not in keys[0]


def test_a_refused_address_keeps_the_mail_and_the_others_go(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    book = _book()
    book.dossier("2026-006", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    _team(tmp_path, book, port=controller.port)
    controller.handler.refuse = "niet-een-adres"
    result = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path),
                                 *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Bart Peeters: niet verstuurd" in result.output and "Traceback" not in result.output
    assert [e.rcpt_tos for e in inbox.envelopes] == [["an.claes@voorbeeld.be"]]
    assert list((tmp_path / "rapporten").glob("Jouw week 2026-W48 - Bart Peeters.eml"))


def test_preview_and_eml_without_a_server(runner, tmp_path):
    book = _book()
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    preview = runner.invoke(cli, ["digest", "--begeleiders", "--team", str(tmp_path), *AS_OF])
    assert preview.exit_code == 0, preview.output
    assert preview.output.count("Onderwerp: Jouw week") == 2
    out = tmp_path / "mails"
    saved = runner.invoke(cli, ["digest", "--begeleiders", "--eml", str(out), "--team",
                                str(tmp_path), *AS_OF])
    assert saved.exit_code == 0, saved.output
    assert len(list(out.glob("*.eml"))) == 2
    unsent = runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path),
                                 *AS_OF])
    assert unsent.exit_code == 2 and "geen mailserver" in unsent.output


def test_the_watcher_sends_the_weeks_with_the_digest_once(tmp_path, smtp):  # noqa: F811
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import digest_if_due

    controller, inbox = smtp
    _team(tmp_path, _book(), port=controller.port)
    team = find_team(team=tmp_path)
    monday = datetime.datetime(2026, 11, 23, 8, 0, 5)
    result = digest_if_due(team, now=monday)
    assert result is not None and result.sent is not None and result.sent.how == "smtp"
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ["an.claes@voorbeeld.be",
                                                              "coord@voorbeeld.be"]
    line = " ".join(result.lines())
    assert "1 begeleider" in line and "An" not in line and "Sofie" not in line  # no names logged
    assert digest_if_due(team, now=monday + datetime.timedelta(hours=1)) is None
    assert len(inbox.envelopes) == 2


def test_a_team_can_turn_the_weeks_off(tmp_path, smtp):  # noqa: F811
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import digest_if_due

    controller, inbox = smtp
    _team(tmp_path, _book(), port=controller.port)
    toml = tmp_path / "eenplan.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "begeleiders = false\n", encoding="utf-8")
    digest_if_due(find_team(team=tmp_path), now=datetime.datetime(2026, 11, 23, 9, 0))
    assert [e.rcpt_tos for e in inbox.envelopes] == [["coord@voorbeeld.be"]]


def test_a_setting_that_is_no_boolean_is_one_sentence(runner, tmp_path):
    _team(tmp_path, _book(), port=25)
    toml = tmp_path / "eenplan.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("namen = false", 'namen = "ja"'),
                    encoding="utf-8")
    result = runner.invoke(cli, ["digest", "--begeleiders", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2 and "digest.namen" in result.output
    assert "true of false" in result.output and "Traceback" not in result.output


def test_a_row_without_its_number_is_named_as_such(tmp_path):
    book = _book()
    book.dossier(None, family="Familie Nieuw", begeleider="An Claes", registered_on=D(2026, 8, 3))
    an = next(w for w in _weeks(tmp_path, book) if w.begeleider == "An Claes")
    for names in (False, True):
        text = " ".join(week_text(an, today=TODAY, team_name="Team Test", names=names).text.split())
        assert "zonder nummer" in text and ", dossier, cel A6" in text


def test_without_the_begeleider_column_no_week_goes_and_the_digest_says_why(runner, tmp_path,
                                                                           smtp):  # noqa: F811
    """No dossier would be anyone's: not "no begeleider has an open dossier", and not a quiet
    week for each; the coordinators' mail goes, with the reason, and the watcher's line says the
    weeks did not."""
    from eenplan.sheets.schema import DOSSIERS_SCHEMA
    from eenplan.team.folder import find_team
    from eenplan.watcher.run import digest_if_due

    controller, inbox = smtp
    book = _book().with_headers("Dossiers", ["Begeleidster" if c.header == "Begeleider" else c.header
                                             for c in DOSSIERS_SCHEMA.columns])
    _team(tmp_path, book, port=controller.port)
    weeks = runner.invoke(cli, ["digest", "--begeleiders", "--team", str(tmp_path), *AS_OF])
    assert weeks.exit_code == 2 and "De kolom Begeleider ontbreekt" in weeks.output
    result = digest_if_due(find_team(team=tmp_path), now=datetime.datetime(2026, 11, 23, 8, 0, 5))
    assert result is not None and result.sent is not None
    assert [e.rcpt_tos for e in inbox.envelopes] == [["coord@voorbeeld.be"]]
    assert "geen eigen week" in " ".join(result.warnings()) and result.sent.unsent == 0
    mail = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    assert "De kolom Begeleider ontbreekt" in " ".join(mail.get_body(("plain",)).get_content().split())
