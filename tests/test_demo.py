"""`eenplan demo`: a made-up caseload, the same for the same seed, that shows every feature."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from dateutil.relativedelta import relativedelta

from eenplan.cli import cli
from eenplan.demo.caseload import DEMO_REGIONS, EXAMPLES, FOLLOW_UP_EXAMPLES, OUTSIDERS, generate
from eenplan.demo.run import is_demo_folder, run_demo
from eenplan.flows import check, flow_names
from eenplan.sheets.blank import write_workbook
from eenplan.sheets.reader import read_caseload
from eenplan.team.regions import EARLY_CLOSURE_REASONS, REGIONS
from tests.conftest import TODAY

MISTAKE_CODES = {
    "date-as-text", "impossible-date", "unknown-municipality", "closure-without-reason",
    "invalid-email", "unknown-dossier", "begeleider-missing",
}
# what check says of the examples (not slips): a psychologist's dossier past the maximum sessions
EXAMPLE_CODES = {"too-many-sessions"}


def build(tmp_path, seed=7, today=TODAY, region="noorderkempen", name="Caseload.xlsx"):
    data = generate(seed=seed, today=today, region=region)
    path = write_workbook(tmp_path / name, data.lists, flow_names=flow_names(), rows=data.rows)
    return data, read_caseload(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build(tmp_path_factory.mktemp("demo"))


def one_month_after(day):
    return day + relativedelta(months=1)


def test_the_same_seed_gives_the_same_cells(tmp_path):
    first = run_demo(tmp_path / "een", seed=3, today=TODAY)
    second = run_demo(tmp_path / "twee", seed=3, today=TODAY)
    books = [openpyxl.load_workbook(r.team.workbook) for r in (first, second)]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[0].sheetnames:
        rows = [[tuple(c.value for c in row) for row in book[name].iter_rows()] for book in books]
        assert rows[0] == rows[1], name
    assert generate(seed=3, today=TODAY).rows != generate(seed=4, today=TODAY).rows


def test_the_intended_mistakes_are_what_check_finds(demo):
    data, caseload = demo
    report = check(caseload, today=TODAY, flow_names=flow_names())
    assert {f.code for f in report.findings} == MISTAKE_CODES | EXAMPLE_CODES
    examples = [("too-many-sessions", n) for n in data.examples["sessions_over_max"]]
    assert sorted((f.code, f.dossier) for f in report.findings) == sorted(
        [(m.code, m.dossier) for m in data.mistakes] + examples)
    assert 5 <= len(data.mistakes) <= 8


@pytest.mark.parametrize("region", DEMO_REGIONS)
@pytest.mark.parametrize("today", [datetime.date(2027, 3, 31), datetime.date(2026, 2, 28)])
def test_only_the_mistakes_are_found_in_every_region_and_on_any_day(tmp_path, region, today):
    data, caseload = build(tmp_path, seed=11, today=today, region=region)
    report = check(caseload, today=today, flow_names=flow_names())
    assert {f.code for f in report.findings} == MISTAKE_CODES | EXAMPLE_CODES


def test_about_150_dossiers_over_14_months(demo):
    data, caseload = demo
    assert len(caseload.dossiers) == 150
    registered = [d.registered_on for d in caseload.dossiers]
    assert min(registered) >= TODAY - relativedelta(months=14, days=7)
    assert max(registered) <= TODAY
    numbers = [d.id for d in caseload.dossiers]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith(("2025-", "2026-")) and len(n) == 8 for n in numbers)


def test_places_addresses_and_mail_fit_the_region(demo):
    data, caseload = demo
    postcodes = {p.name: p.postcode for p in REGIONS["noorderkempen"].places}
    postcodes[OUTSIDERS["noorderkempen"].name] = OUTSIDERS["noorderkempen"].postcode
    for dossier in caseload.dossiers:
        assert dossier.family.startswith("Familie ")
        assert f", {postcodes[dossier.municipality]} " in dossier.address
        assert not dossier.email or dossier.email.endswith("@example.com")
    assert all(m.email.rsplit("@", 1)[1] in ("example.com", "example.org", "example,com", "example,org")
               for m in caseload.network if m.email)
    assert caseload.lists["Begeleiders"]


def test_gent_works_with_wijken(tmp_path):
    data, caseload = build(tmp_path, region="gent")
    wijken = {p.name for p in REGIONS["gent"].places}
    assert {d.municipality for d in caseload.dossiers} - wijken == {"Gent"}  # the mistake
    assert all(" 90" in d.address for d in caseload.dossiers)


def test_the_perspectiefgesprek_is_on_time_due_soon_or_late(demo):
    data, caseload = demo
    open_pause = {p.dossier for p in caseload.pauses if p.end is None}
    waiting = [d for d in caseload.dossiers
               if d.perspective_on is None and d.closed_on is None and d.id not in open_pause]
    late = {d.id for d in waiting if TODAY > one_month_after(d.registered_on)}
    soon = {d.id for d in waiting
            if 0 <= (one_month_after(d.registered_on) - TODAY).days <= 7}
    assert late == set(data.examples["overdue"])
    assert soon == set(data.examples["due_soon"])
    on_time = [d for d in caseload.dossiers
               if d.perspective_on and d.perspective_on <= one_month_after(d.registered_on)]
    assert len(on_time) > 80


def test_a_paused_dossier_has_an_open_pause(demo):
    data, caseload = demo
    for number in data.examples["paused"]:
        dossier = caseload.dossier(number)
        assert dossier.perspective_on is None and dossier.closed_on is None
        assert [p.end for p in caseload.pauses_of(number)] == [None]
    assert any(p.end is not None for p in caseload.pauses)


def test_closed_and_closed_early(demo):
    data, caseload = demo
    closed = [d for d in caseload.dossiers if d.closed_on is not None]
    assert len(closed) > 30
    for number in data.examples["closed_early"]:
        dossier = caseload.dossier(number)
        assert dossier.perspective_on is None
        assert dossier.closed_on is not None
        assert dossier.closure_reason in EARLY_CLOSURE_REASONS
    late = caseload.dossier(data.examples["closed_late"][0])
    assert late.closed_on > late.perspective_on + relativedelta(months=4)
    for number in data.examples["past_four_months"]:
        dossier = caseload.dossier(number)
        assert dossier.closed_on is None
        assert TODAY > dossier.perspective_on + relativedelta(months=4)


def test_the_eerstelijnspsycholoog_track(demo):
    data, caseload = demo
    tracks = [d for d in caseload.dossiers if d.flow == "eerstelijnspsycholoog"]
    assert len(tracks) >= 10
    over = [d.id for d in tracks if d.sessions is not None and d.sessions > 5]
    assert over == list(data.examples["sessions_over_max"])
    assert all(d.sessions is None or d.sessions <= 5 for d in tracks if d.id not in over)


def test_the_featured_dossier_has_a_planned_round_table_and_invited_people(demo):
    data, caseload = demo
    number = data.featured
    dossier = caseload.dossier(number)
    assert dossier.strengths and dossier.worries and dossier.wishes
    planned = [t for t in caseload.round_tables_of(number) if t.date > TODAY]
    assert len(planned) == 1 and planned[0].time is not None and planned[0].location
    invited = [m for m in caseload.network_of(number) if m.invite]
    assert len(invited) >= 3
    assert any(m.email for m in invited) and any(not m.email and m.address for m in invited)
    agreements = caseload.agreements_of(number)
    assert len(agreements) >= 2
    assert all(a.domain and a.who and a.due and a.status for a in agreements)
    assert {a.round_table for a in agreements} <= {t.date for t in caseload.round_tables_of(number)}


def test_round_tables_of_every_kind(demo):
    data, caseload = demo
    assert {t.kind for t in caseload.round_tables} == {"start", "opvolging", "evaluatie"}
    assert all(t.time is not None and t.date.weekday() < 5 for t in caseload.round_tables)
    assert {a.status for a in caseload.agreements} == {"open", "lopend", "klaar"}
    assert {m.invite for m in caseload.network} == {True, False}


def test_every_example_is_shown(demo):
    data, caseload = demo
    assert {k: len(v) for k, v in data.examples.items()} == EXAMPLES | FOLLOW_UP_EXAMPLES | {
        "french": 1}
    (french,) = data.examples["french"]
    assert caseload.dossier(french).language == "fr"
    assert any(m.language == "en" for m in caseload.network_of(data.featured))


def test_the_demos_letters_in_french_and_english(tmp_path, runner, monkeypatch):
    from docx import Document

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["demo", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    texts = {p.name: "\n".join(x.text for x in Document(str(p)).paragraphs)
             for p in (tmp_path / "demo" / "out").glob("*/*Uitnodiging rondetafel - *.docx")}
    assert any("Invitation à notre table ronde" in text for text in texts.values())
    assert any("An invitation to our round-table meeting" in text for text in texts.values())


def test_demo_on_the_command_line(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # a second run makes the demo anew
        result = runner.invoke(cli, ["demo", "demo", "--seed", "2", "--as-of", "2026-11-23"])
        assert result.exit_code == 0, result.output
    assert "Demoteam gemaakt in demo" in result.output
    assert "150 dossiers" in result.output
    assert "rapporten/Controle.xlsx" in result.output
    assert "eenplan invite 2026-" in result.output  # the commands to try next
    assert max(map(len, result.output.splitlines())) <= 80  # a terminal of 80 columns
    assert (tmp_path / "demo" / "rapporten" / "Controle.xlsx").is_file()
    assert is_demo_folder(tmp_path / "demo")
    report = openpyxl.load_workbook(tmp_path / "demo" / "rapporten" / "Controle.xlsx")["Controle"]
    assert {row[8] for row in report.iter_rows(min_row=2, values_only=True)} == MISTAKE_CODES | EXAMPLE_CODES


def test_demo_never_overwrites_a_real_team(tmp_path, runner):
    result = runner.invoke(cli, ["init", str(tmp_path / "team")])
    assert result.exit_code == 0, result.output
    before = (tmp_path / "team" / "Caseload.xlsx").read_bytes()
    result = runner.invoke(cli, ["demo", str(tmp_path / "team")])
    assert result.exit_code == 2
    assert "overschrijft niets" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "team" / "Caseload.xlsx").read_bytes() == before
    assert not is_demo_folder(tmp_path / "team")


def test_demo_shows_the_overdue_list_and_writes_the_digest(tmp_path, runner, monkeypatch):
    import email
    import email.policy

    from eenplan.flows import load_flows
    from eenplan.flows.overdue import overdue_items, overdue_table

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["demo", "demo", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "demo"
    caseload = read_caseload(folder / "Caseload.xlsx")
    items = overdue_items(caseload, load_flows(folder / "flows"), today=TODAY)
    assert overdue_table(items, today=TODAY) in result.output
    data = generate(seed=1, today=TODAY)
    steps = [i for i in items if i.kind == "stap"]  # agreements and evaluations: see below
    overdue = {i.dossier for i in steps if i.status.value == "overdue" and i.step == "perspectiefgesprek"}
    assert overdue == set(data.examples["overdue"])
    assert {i.dossier for i in steps if i.status.value == "paused"} == set(data.examples["paused"])
    assert {i.dossier for i in steps if i.status.value == "due_soon"} == set(data.examples["due_soon"])
    assert {i.dossier for i in items if i.step == "afsluiting"} == set(data.examples["past_four_months"])
    late = [i for i in items if i.status.value == "overdue"]
    assert {i.dossier for i in late if i.kind == "afspraak"} == set(data.examples["overdue_agreement"])
    assert {i.dossier for i in late if i.kind == "evaluatie"} == set(data.examples["missed_evaluation"])
    assert len(data.examples["overdue_agreement"]) == 2 and len(data.examples["missed_evaluation"]) == 1
    assert (folder / "rapporten" / "Achterstand.xlsx").is_file()
    mail = email.message_from_bytes((folder / "rapporten" / "Achterstand 2026-W48.eml").read_bytes(),
                                    policy=email.policy.default)
    assert mail["To"] == "coordinator@example.org"
    assert "Dag coördinatoren" in mail.get_body(("plain",)).get_content()


# Belgian public holidays that move with Easter, 2025 to 2027: Easter Monday, Ascension Day, Whit
# Monday (the fixed ones are checked by their day of the year)
EASTER_HOLIDAYS = {datetime.date(2025, 4, 21), datetime.date(2025, 5, 29), datetime.date(2025, 6, 9),
                   datetime.date(2026, 4, 6), datetime.date(2026, 5, 14), datetime.date(2026, 5, 25),
                   datetime.date(2027, 3, 29), datetime.date(2027, 5, 6), datetime.date(2027, 5, 17)}
FIXED_HOLIDAYS = {(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11)}


def _no_meeting_then(day: datetime.date) -> bool:
    return (day.weekday() >= 5 or day in EASTER_HOLIDAYS or (day.month, day.day) in FIXED_HOLIDAYS
            or (day.month == 12 and day.day >= 24))


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 16), datetime.date(2026, 12, 21),
                                   datetime.date(2027, 1, 4), TODAY])
def test_round_tables_are_on_working_days_never_in_the_christmas_week(today):
    """A team meets on working days: not in a weekend, not on a Belgian public holiday, not between
    Christmas Eve and New Year; the gezinsplan of a start, the closure of an evaluation with it."""
    rows = generate(seed=5, today=today).rows
    assert rows == generate(seed=5, today=today).rows  # the same day gives the same demo
    tables = [t for t in rows["Rondetafels"] if isinstance(t["date"], datetime.date)]
    days = [t["date"] for t in tables] + [t["next_date"] for t in tables
                                          if isinstance(t["next_date"], datetime.date)]
    assert [day for day in days if _no_meeting_then(day)] == []
    ahead = [t for t in tables if t["date"] > today]
    assert ahead and all(not t["present"] for t in ahead)  # still to come: no one was there yet
    plans = {d["id"]: d["plan_on"] for d in rows["Dossiers"]}
    starts = [t for t in tables if t["kind"] == "start" and isinstance(plans[t["dossier"]], datetime.date)]
    assert starts and all(t["date"] == plans[t["dossier"]] for t in starts)
