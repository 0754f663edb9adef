"""What a run does through the other jobs: the overdue list, the invitations, the digest."""

from __future__ import annotations

import contextlib
import datetime
import json
import socket
import sqlite3

import openpyxl
from aiosmtpd.controller import Controller

from eenplan.team.folder import find_team
from eenplan.watcher.loop import Watcher
from tests.builders import CaseloadBuilder
from tests.watching import FAST, eventually, excel_save, make_team, watching

NOW = datetime.datetime(2026, 11, 23, 10, 0)  # a Monday, after the digest's 08:00
TODAY = NOW.date()
PLANNED = TODAY + datetime.timedelta(days=14)


def clock() -> datetime.datetime:
    return NOW


def test_a_save_refreshes_the_overdue_list_too(tmp_path, book):
    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    team = make_team(tmp_path, book)
    with watching(team, clock=clock) as (watcher, lines):
        assert watcher.results[0].overdue == 1 and "1 te laat" in lines[1]
        book.dossier("2026-002", registered_on=datetime.date(2026, 9, 2), begeleider="An Claes")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
    assert watcher.results[1].overdue == 2
    sheet_text = " ".join(str(cell) for sheet in openpyxl.load_workbook(
        team.reports_dir / "Achterstand.xlsx") for row in sheet.iter_rows(values_only=True)
        for cell in row if cell)
    assert "2026-001" in sheet_text and "2026-002" in sheet_text


def _planned(book: CaseloadBuilder, **table) -> CaseloadBuilder:
    book.dossier("2026-001", begeleider="An Claes", perspective_on=datetime.date(2026, 9, 10))
    book.network("2026-001", name="Jan Janssens", invite="ja")
    book.network("2026-001", name="Els Peeters", invite="ja")
    book.round_table("2026-001", date=table.get("date", PLANNED), time=datetime.time(9, 30),
                     location=table.get("location", "Gemeentehuis Kapellen"), kind="start")
    return book


def test_a_planned_round_table_gets_its_invitations_once(tmp_path):
    book = CaseloadBuilder().dossier("2026-002")
    team = make_team(tmp_path, book)
    folder = team.out_dir / "2026-001"
    with watching(team, clock=clock) as (watcher, lines):
        assert not folder.exists()
        excel_save(_planned(CaseloadBuilder()), team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the round-table was planned")
        made = sorted(p.name for p in folder.iterdir())
        assert watcher.results[1].invited == ("2026-001",)
        assert len(watcher.results[1].documents) == len(made)
        assert sum("Uitnodiging rondetafel" in name for name in made) == 3  # the family and two
        rounds = watcher.rounds
        excel_save(_planned(CaseloadBuilder()), team.workbook)  # saved again, nothing changed
        eventually(lambda: watcher.rounds > rounds, "a look after saving again")
        assert all(r.documents == () for r in watcher.results[2:])  # (the same bytes: no run)
        assert sorted(p.name for p in folder.iterdir()) == made

        moved = _planned(CaseloadBuilder(), location="Ontmoetingscentrum Essen")
        excel_save(moved, team.workbook)
        eventually(lambda: watcher.results[-1].invited_again, "a run after the place changed")
    assert watcher.results[-1].invited_again == ("2026-001",)
    assert any("Nieuwe uitnodigingen voor 2026-001" in line for line in lines)
    assert "Jan" not in "".join(lines) and "Els" not in "".join(lines)


def test_a_person_added_later_gets_theirs(tmp_path):
    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    first = Watcher(team, timings=FAST, clock=clock, out=lambda line: None).serve(once=True)
    assert first is not None and len(first.documents) > 0
    later = _planned(CaseloadBuilder())
    later.network("2026-001", name="Mia Maes", invite="ja")
    later.save(team.workbook)
    second = Watcher(team, timings=FAST, clock=clock, out=lambda line: None).serve(once=True)
    assert second is not None
    letters = sorted(p.name for p in second.documents if "Uitnodiging rondetafel -" in p.name)
    # the others keep the letter they got; the family's, which says who comes, names her too
    assert len(letters) == 2 and "Mia Maes" in letters[1] and "Familie" in letters[0]


class _Inbox:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


def test_the_digest_is_mailed_once_a_week_by_a_restarted_watcher(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        (tmp_path / "eenplan.toml").write_text(
            f'[team]\nnaam = "Team Test"\n[mail]\nserver = "127.0.0.1"\npoort = {port}\n'
            'beveiliging = "geen"\nafzender = "team@example.org"\n'
            'coordinatoren = ["coordinator@example.org"]\n', encoding="utf-8")
        CaseloadBuilder().dossier("2026-001", begeleider="An Claes").save(tmp_path / "Caseload.xlsx")
        team = find_team(team=tmp_path)
        lines: list[str] = []
        for minute in (5, 6):  # started, stopped, started again that morning
            Watcher(team, timings=FAST, out=lines.append,
                    clock=lambda minute=minute: NOW.replace(hour=8, minute=minute)).serve(once=True)
    finally:
        controller.stop()
    assert len(inbox.envelopes) == 1
    assert inbox.envelopes[0].rcpt_tos == ["coordinator@example.org"]
    (line,) = [line for line in lines if "overzicht" in line]
    assert line == "08:05:00 Het wekelijkse overzicht van week 48 is verstuurd naar 1 coördinator."
    (warning,) = [line for line in lines if "LET OP" in line]  # Lijsten has no E-mail begeleider
    assert warning.startswith("08:05:00 LET OP: 1 begeleider") and "An" not in warning


def test_without_a_mail_server_the_digest_waits_as_an_eml(tmp_path, book):
    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    lines: list[str] = []
    Watcher(team, timings=FAST, clock=clock, out=lines.append).serve(once=True)
    assert (team.reports_dir / "Achterstand 2026-W48.eml").is_file()
    assert "staat klaar om zelf te versturen: rapporten/Achterstand 2026-W48.eml" in lines[-1]


def test_a_report_is_written_again_only_when_what_it_holds_changed(tmp_path, book):
    from eenplan.watcher.run import run_once

    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    team = make_team(tmp_path, book)
    run_once(team, now=NOW)
    reports = [team.reports_dir / "Controle.xlsx", team.reports_dir / "Achterstand.xlsx"]
    before = [p.stat().st_ino for p in reports]
    book.save(team.workbook)  # saved again: other bytes, the same caseload
    again = run_once(team, now=NOW)
    assert again.ok and [p.stat().st_ino for p in reports] == before
    reports[1].unlink()
    reports[0].write_bytes(b"opened and changed by someone")
    book.dossier("2026-002").save(team.workbook)
    third = run_once(team, now=NOW)
    # the deleted one is written anew; the changed one is a person's: kept, the new one beside it
    beside = team.reports_dir / "Controle (2).xlsx"
    assert set(third.reports) == {beside, reports[1]}
    assert reports[0].read_bytes() == b"opened and changed by someone"
    assert all(openpyxl.load_workbook(p) for p in (beside, reports[1]))


def _as_made_by_the_version_before_the_reports_table(team) -> None:
    """What a team folder of that version held: the reports' memory in .eenplan/reports.json
    and a state database with the first migration only."""
    database = team.state_dir / "state.sqlite"
    with contextlib.closing(sqlite3.connect(database)) as db:
        rows = db.execute("SELECT name, fingerprint, sha256 FROM reports").fetchall()
        db.executescript("DROP TABLE reports; DROP TABLE documents_made; DROP TABLE mails_sent; "
                         "DROP TABLE rounds_done; ALTER TABLE digests_sent RENAME TO digests; "
                         "CREATE TABLE generated (path TEXT "
                         "PRIMARY KEY, dossier TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, "
                         "fingerprint TEXT NOT NULL, sha256 TEXT NOT NULL, made_at TEXT NOT NULL); "
                         "PRAGMA user_version = 1;")
    memory = {name: {"fingerprint": fingerprint, "sha256": sha256} for name, fingerprint, sha256 in rows}
    (team.state_dir / "reports.json").write_text(json.dumps(memory), encoding="utf-8")


def test_a_team_folder_of_the_previous_version_keeps_what_its_reports_json_remembered(tmp_path, book):
    from eenplan.team.state import MIGRATIONS
    from eenplan.watcher.run import run_once

    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    team = make_team(tmp_path, book)
    run_once(team, now=NOW)
    _as_made_by_the_version_before_the_reports_table(team)
    reports = [team.reports_dir / "Controle.xlsx", team.reports_dir / "Achterstand.xlsx"]
    before = [p.stat().st_ino for p in reports]
    book.save(team.workbook)  # saved again: other bytes, the same caseload
    again = run_once(team, now=NOW)
    assert again.ok and [p.stat().st_ino for p in reports] == before
    assert not (team.state_dir / "reports.json").exists()
    with contextlib.closing(sqlite3.connect(team.state_dir / "state.sqlite")) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert {row[0] for row in db.execute("SELECT name FROM reports")} >= {p.name for p in reports}


def test_a_broken_template_is_one_line_and_the_rest_of_the_run_goes_on(tmp_path):
    from eenplan.watcher.run import run_once

    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    team.templates_dir.mkdir()
    (team.templates_dir / "uitnodiging.docx").write_bytes(b"geen Word-bestand")
    result = run_once(team, now=NOW)
    assert result.ok and result.documents == () and result.overdue is not None
    assert len(result.problems) == 1 and "uitnodiging" in result.problems[0]
    assert (team.reports_dir / "Controle.xlsx").is_file()
    assert result.lines()[-1].endswith(result.problems[0])


def test_invitations_that_cannot_be_written_are_one_line_without_names(tmp_path):
    from eenplan.watcher.run import run_once

    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    team.out_dir.mkdir()
    (team.out_dir / "2026-001").write_text("een bestand waar een map moet staan")
    result = run_once(team, now=NOW)
    assert result.ok and result.documents == ()
    assert result.problems == ("De uitnodigingen voor 2026-001 konden niet geschreven worden: er "
                               "staat een bestand waar eenplan een map nodig heeft. Verplaats of "
                               "hernoem dat bestand; eenplan probeert het bij de volgende bewaring "
                               "opnieuw.",)


def test_a_moved_date_says_so_and_a_next_round_table_does_not(tmp_path):
    from eenplan.watcher.run import run_once

    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    assert run_once(team, now=NOW).invited == ("2026-001",)
    moved = _planned(CaseloadBuilder(), date=PLANNED + datetime.timedelta(days=2))
    moved.save(team.workbook)
    result = run_once(team, now=NOW)
    assert result.invited_again == ("2026-001",)
    assert "Nieuwe uitnodigingen voor 2026-001" in "\n".join(result.lines())
    following = _planned(CaseloadBuilder(), date=PLANNED + datetime.timedelta(days=2))
    following.round_table("2026-001", date=PLANNED + datetime.timedelta(days=40),
                          time=datetime.time(10, 0), location="Bij het gezin thuis", kind="opvolging")
    following.save(team.workbook)
    result = run_once(team, now=NOW)
    assert result.invited == ("2026-001",) and result.invited_again == ()


def test_the_run_line_counts_what_it_could_not_judge(tmp_path, book):
    from eenplan.watcher.run import run_once

    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    book.dossier("2026-002", registered_on="10/15/2026", begeleider="An Claes")
    team = make_team(tmp_path, book)
    result = run_once(team, now=NOW, documents=False)
    assert (result.overdue, result.unknown) == (1, 1)
    assert "1 te laat, 1 dossier niet te beoordelen" in result.lines()[0]


def test_a_missing_norm_column_is_said_in_the_run_line(tmp_path, book):
    from eenplan.sheets.schema import DOSSIERS_SCHEMA
    from eenplan.watcher.run import run_once

    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    book.with_headers("Dossiers", ["Aanmelding" if c.header == "Datum aanmelding" else c.header
                                   for c in DOSSIERS_SCHEMA.columns])
    team = make_team(tmp_path, book)
    result = run_once(team, now=NOW, documents=False)
    assert result.overdue is None
    (line,) = [line for line in result.lines() if "NIET TE BEOORDELEN" in line]
    assert "Datum aanmelding" in line and "0 te laat" not in line


def test_the_overdue_report_of_last_time_is_replaced_when_nothing_can_be_judged(tmp_path, book):
    """Left in place, last time's Achterstand.xlsx would read as this week's list."""
    from eenplan.sheets.schema import AGREEMENTS_SCHEMA
    from eenplan.watcher.run import run_once

    book.dossier("2026-001", registered_on=datetime.date(2026, 9, 1), begeleider="An Claes")
    book.agreement("2026-001", due=datetime.date(2026, 10, 1))
    team = make_team(tmp_path, book)
    report = team.reports_dir / "Achterstand.xlsx"
    run_once(team, now=NOW, documents=False)
    assert "2026-001" in _texts(report)
    book.with_headers("Afspraken", ["Tegen wanneer?" if c.header == "Tegen wanneer" else c.header
                                    for c in AGREEMENTS_SCHEMA.columns])
    excel_save(book, team.workbook)
    result = run_once(team, now=NOW, documents=False)
    assert result.overdue is None
    texts = _texts(report)
    assert "2026-001" not in texts and "Tegen wanneer" in texts


def _texts(path) -> str:
    return " ".join(str(cell) for sheet in openpyxl.load_workbook(path)
                    for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def test_a_renamed_network_sheet_is_said_not_passed_over(tmp_path):
    from eenplan.watcher.run import run_once

    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    workbook = openpyxl.load_workbook(team.workbook)
    workbook["Netwerk"].title = "Netwerk 2026"
    workbook.save(team.workbook)
    result = run_once(team, now=NOW)
    assert result.documents == ()
    assert any("Netwerk 2026" in line and "uitnodigingen" in line for line in result.lines())


def test_a_run_checks_without_the_cycle_collector_and_makes_documents_with_it(tmp_path, monkeypatch):
    """The caseload's records hold no cycles: a collection in the middle of a run finds nothing;
    python-docx's documents do, and are collected as always. Afterwards the collector is as it was."""
    import gc

    from eenplan.watcher import run

    seen: dict[str, bool] = {}

    def noting(name, function):
        def noted(*args, **kwargs):
            seen[name] = gc.isenabled()
            return function(*args, **kwargs)
        return noted

    monkeypatch.setattr(run.flow_jobs, "check_caseload", noting("check", run.flow_jobs.check_caseload))
    monkeypatch.setattr(run.documents, "plan_invitations",
                        noting("invitations", run.documents.plan_invitations))
    team = make_team(tmp_path, _planned(CaseloadBuilder()))
    assert gc.isenabled()
    assert run.run_once(team, now=NOW).ok
    assert seen == {"check": False, "invitations": True}
    assert gc.isenabled()


def test_watch_once_exits_1_when_it_cannot_say_what_is_late(tmp_path, book, runner):
    """A scheduled task sees it: the overdue list could not be made (a misspelt header of a
    column a clock needs; check calls it an error too)."""
    from eenplan.cli import cli
    from eenplan.sheets.schema import AGREEMENTS_SCHEMA

    book.dossier("2026-001", registered_on=datetime.date(2026, 11, 20), begeleider="An Claes")
    book.agreement("2026-001", due=datetime.date(2026, 12, 1))
    team = make_team(tmp_path, book)
    once = ["watch", "--once", "--team", str(team.root), "--as-of", TODAY.isoformat()]
    result = runner.invoke(cli, once)
    assert result.exit_code == 0, result.output
    book.with_headers("Afspraken", ["Tegen wanneer?" if c.header == "Tegen wanneer" else c.header
                                    for c in AGREEMENTS_SCHEMA.columns])
    excel_save(book, team.workbook)
    result = runner.invoke(cli, once)
    assert result.exit_code == 1, result.output
    checked = runner.invoke(cli, ["check", "--team", str(team.root), "--format", "json",
                                  "--as-of", TODAY.isoformat()])
    # check says it too, as its one error
    assert [f["code"] for f in json.loads(checked.output)["findings"] if f["severity"] == "error"] \
        == ["clock-missing"]


def test_a_run_on_a_workbook_without_open_dossiers_does_not_say_none_is_late(tmp_path, book):
    """"0 te laat" on the log line would read as an all-clear for an empty workbook (or another
    than the team's): the line says there was no open dossier to judge."""
    from eenplan.watcher import run

    team = make_team(tmp_path, book)
    empty = run.run_once(team, now=NOW)
    assert empty.ok and empty.open_dossiers == 0
    assert "te laat" not in empty.lines()[0] and "geen open dossier" in empty.lines()[0]
    book.dossier("2026-001", registered_on=datetime.date(2026, 11, 20))
    excel_save(book, team.workbook)
    one = run.run_once(team, now=NOW)
    assert one.open_dossiers == 1 and "0 te laat" in one.lines()[0]


def test_a_version_read_ahead_leaves_no_copy_once_it_proves_the_same(tmp_path, book):
    """Reading ahead puts a copy in .eenplan/snapshots/.nieuw/: the same bytes as the version
    read last are not copied at all, and a run that finds them unchanged removes a copy left
    by a version saved over meanwhile (it holds the caseload: it must not linger)."""
    from eenplan.sheets.reader import SheetMemory
    from eenplan.watcher.run import UNCHANGED, read_ahead, run_once
    from eenplan.watcher.snapshots import Snapshots

    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    now = datetime.datetime(2026, 11, 23, 10, 0)
    memory = SheetMemory()
    first = run_once(team, now=now, memory=memory)
    copy = Snapshots(team.state_dir).incoming(team.workbook.name)
    read_ahead(team, memory=memory, unless=first.sha256)
    assert not copy.exists()
    original = team.workbook.read_bytes()
    book.dossier("2026-002")
    excel_save(book, team.workbook)
    read_ahead(team, memory=memory, unless=first.sha256)
    assert copy.read_bytes() == team.workbook.read_bytes()
    team.workbook.write_bytes(original)  # saved back before the quiet was over
    assert run_once(team, now=now, unchanged_since=first.sha256, memory=memory).outcome == UNCHANGED
    assert not copy.exists()


def test_a_reading_ahead_that_fails_leaves_the_run_to_read_and_report(tmp_path, book, monkeypatch):
    """Reading ahead meets what may be half a save; whatever goes wrong there, the watcher goes
    on and its run reads the version itself."""
    import eenplan.watcher.run as run_module

    book.dossier("2026-001")
    team = make_team(tmp_path, book)
    real = run_module.team_caseload.load_caseload
    calls: list[str] = []

    def failing_once(*args, **kwargs):
        calls.append("read")
        if len(calls) == 2:  # the first reading after the watcher's own first run: ahead
            raise RuntimeError("half a file")
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module.team_caseload, "load_caseload", failing_once)
    with watching(team) as (watcher, lines):
        book.dossier("2026-002", municipality="Antwerpen")
        excel_save(book, team.workbook)
        eventually(lambda: len(watcher.results) == 2, "a run after the save")
    assert len(calls) == 3 and watcher.results[1].ok and watcher.results[1].errors == 1
    assert not any("Traceback" in line for line in lines)
