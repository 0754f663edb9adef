"""Retention reaches everything eenplan keeps about a family, and says what it cannot judge: a
number on a closed and an open row, the weekly .eml files and restored workbooks that name a
family, documents under a number that was corrected or that no row has any more, and a
person's work in a dossier's folder."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl

from eenplan.cli import cli
from eenplan.privacy.traces import mail_text, mentions
from eenplan.team.folder import find_team
from eenplan.team.state import State
from eenplan.watcher.restore import restore_dossiers, snapshot_list
from eenplan.watcher.run import run_once
from eenplan.watcher.snapshots import Snapshots

D = datetime.date
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]


def _retention(runner, tmp_path: Path, *more: str):
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--format", "json", *more, *AS_OF])
    return result, json.loads(result.output)


def _settings(tmp_path: Path) -> None:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n\n[bewaren]\nmaanden = 60\n',
                                           encoding="utf-8")


def _old_family(book, *, closed: bool = True):
    """Familie Zwanepoel: 2020-007, closed in March 2021 (past 60 months on TODAY) or still open."""
    book.dossier("2020-007", family="Familie Zwanepoel", begeleider="An Claes",
                 registered_on=D(2020, 9, 1), perspective_on=D(2020, 9, 20) if closed else None,
                 closed_on=D(2021, 3, 15) if closed else None,
                 closure_reason="Doelen bereikt" if closed else None, address="Klaprooslaan 77")
    book.network("2020-007", name="Hilde Zwanepoel", role="Ouder", invite="ja")
    book.round_table("2020-007", date=D(2020, 10, 15), time=datetime.time(14, 0), location="Thuis",
                     notes="Kobe wil weer voetballen.")
    return book


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- 1. a number on a closed and an open row ---------------------------------------------------------


def test_a_number_on_a_closed_and_an_open_row_is_not_judged(runner, book, tmp_path):
    """A family that came back, its row copied with its old number: never an all-clear."""
    _settings(tmp_path)
    _old_family(book)
    book.dossier("2020-007", family="Familie Zwanepoel", registered_on=D(2026, 10, 5))
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "out" / "2020-007").mkdir(parents=True)
    (tmp_path / "out" / "2020-007" / "Verslag.docx").write_bytes(b"verslag")
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 1, result.output
    assert data["items"] == []
    [judged] = data["not_judged"]
    assert (judged["dossier"], judged["rows"], judged["cell"]) == ("2020-007", [2, 3], "A2, A3")
    table = runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF])
    assert table.exit_code == 1 and "niets op te ruimen" not in table.output
    deleted = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete", *AS_OF])
    assert deleted.exit_code == 1, deleted.output
    assert (tmp_path / "out" / "2020-007" / "Verslag.docx").is_file()


def test_one_number_closed_twice_past_its_time_still_expires(runner, book, tmp_path):
    _settings(tmp_path)
    book.dossier("2019-001", registered_on=D(2019, 1, 7), closed_on=D(2019, 6, 1),
                 closure_reason="Doelen bereikt")
    book.dossier("2019-001", registered_on=D(2019, 1, 7), closed_on=D(2020, 2, 3),
                 closure_reason="Doelen bereikt")
    book.save(tmp_path / "Caseload.xlsx")
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert [(i["dossier"], i["closed_on"]) for i in data["items"]] == [("2019-001", "2020-02-03")]
    assert data["not_judged"] == []


# -- 2. eenplan's own .eml files and restored workbooks ----------------------------------------------


def test_delete_removes_the_weekly_mails_and_restored_workbooks_that_name_the_family(runner, book,
                                                                                     tmp_path):
    _settings(tmp_path)
    _old_family(book, closed=False)  # autumn 2020: open, its perspectiefgesprek late
    book.dossier("2020-008", family="Familie Janssens", begeleider="An Claes",
                 registered_on=D(2020, 9, 1))
    workbook = book.save(tmp_path / "Caseload.xlsx")
    for more in ([], ["--begeleiders"]):
        made = runner.invoke(cli, ["digest", "--team", str(tmp_path), "--eml", str(tmp_path / "rapporten"),
                                   "--as-of", "2020-10-20", *more])
        assert made.exit_code in (0, 1), made.output
    mails = sorted(p.name for p in (tmp_path / "rapporten").glob("*.eml"))
    assert mails == ["Achterstand 2020-W43.eml", "Jouw week 2020-W43 - An Claes.eml"]
    book.rows["Dossiers"].clear()  # today: 2020-007 long closed, 2026-031 open
    _old_family(book)
    book.rows["Netwerk"].pop()
    book.rows["Rondetafels"].pop()
    book.dossier("2026-031", family="Familie Maes")
    book.save(workbook)
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2026, 11, 23, 9, 0), documents=False).ok
    [snapshot] = Snapshots(team.state_dir).all()
    alone = restore_dossiers(team, snapshot, ["2020-007"]).path
    mixed = restore_dossiers(team, snapshot, ["2020-007", "2026-031"]).path

    preview, data = _retention(runner, tmp_path)
    assert preview.exit_code == 0, preview.output
    assert sorted(Path(m).name for m in data["mails"]) == mails
    assert sorted(Path(r).name for r in data["restored"]) == sorted([alone.name, mixed.name])
    deleted, data = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 0, deleted.output
    assert not list((tmp_path / "rapporten").glob("*.eml"))
    assert not alone.exists()
    held = [[c.value for c in row] for row in openpyxl.load_workbook(mixed)["Dossiers"].iter_rows()
            if any(c.value for c in row)]
    assert [row[0] for row in held[1:]] == ["2026-031"]
    assert sorted(data["removed"]["mails"]) == [f"rapporten/{m}" for m in mails]
    assert data["removed"]["restored_rewritten"] == [mixed.name]
    said = " ".join(runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF]).output.split())
    assert "2020-007" in said  # the rows are still in the workbook: a person removes them


# -- 3. documents under a number that changed, or that no row has any more ------------------------


def _documents_for(tmp_path: Path, number: str, names: list[str]) -> list[Path]:
    """Documents eenplan made for ``number`` in out/<number>/, as the state remembers them."""
    folder = tmp_path / "out" / number
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        for name in names:
            path = folder / name
            path.write_bytes(f"{number} {name}".encode())
            state.record_generated(path, dossier=number, kind="verslag", subject=name,
                                   fingerprint="f", sha256=_sha256(path))
            paths.append(path)
    return paths


def test_documents_under_a_corrected_number_go_with_their_dossier(runner, book, tmp_path):
    """2020-07 became 2020-007 after eenplan made its documents: they are the dossier's."""
    _settings(tmp_path)
    _old_family(book)
    book.save(tmp_path / "Caseload.xlsx")
    made = _documents_for(tmp_path, "2020-07", ["Verslag.docx", "Uitnodiging.docx"])
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 0, result.output
    [item] = data["items"]
    assert item["dossier"] == "2020-007" and item["earlier_numbers"] == ["2020-07"]
    assert sorted(item["files"]) == ["out/2020-07/Uitnodiging.docx", "out/2020-07/Verslag.docx"]
    assert data["without_dossier"] == []
    deleted, _ = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 0, deleted.output
    assert not any(p.exists() for p in made) and not (tmp_path / "out" / "2020-07").exists()
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.generated_for("2020-07") == ()


def test_a_folder_under_another_spelling_of_an_open_dossier_is_said(runner, book, tmp_path):
    """2026-74 (another family, removed) beside 2026-074, open: its folder is not kept as long as
    2026-074 without a word."""
    _settings(tmp_path)
    book.dossier("2026-074")
    book.save(tmp_path / "Caseload.xlsx")
    made = _documents_for(tmp_path, "2026-74", ["Uitnodiging.docx"])
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 1, result.output
    assert data["items"] == []
    [trace] = data["without_dossier"]
    assert trace["number"] == "2026-74" and trace["folders"] == ["out/2026-74"]
    assert "2026-074" in trace["note"]
    deleted, _ = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 1 and all(p.is_file() for p in made)


def test_documents_under_a_number_no_row_has_are_said_never_deleted(runner, book, tmp_path):
    _settings(tmp_path)
    book.dossier("2026-001")
    book.network("2019-050", name="Oma Lutgard")  # its Dossiers row removed, this one forgotten
    book.save(tmp_path / "Caseload.xlsx")
    made = _documents_for(tmp_path, "2019-050", ["Verslag.docx"])
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 1, result.output
    assert data["items"] == []
    [trace] = data["without_dossier"]
    assert trace["number"] == "2019-050" and trace["folders"] == ["out/2019-050"]
    assert trace["files"] == ["out/2019-050/Verslag.docx"] and trace["rows"] == {"Netwerk": [2]}
    table = runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF]).output
    assert "niets op te ruimen" not in table and "2019-050" in table
    deleted, _ = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 1 and all(p.is_file() for p in made)


def test_a_dossier_removed_from_the_workbook_is_judged_by_its_last_kept_version(runner, book, tmp_path):
    """Its rows removed by the team before its time was up: the kept versions still hold the
    family. Closed longer ago than the retention time there, it goes from them too."""
    _settings(tmp_path)
    _old_family(book)
    book.dossier("2026-001")
    workbook = book.save(tmp_path / "Caseload.xlsx")
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2026, 11, 20, 9, 0), documents=False).ok
    book.rows["Dossiers"].pop(0)
    book.rows["Netwerk"].clear()
    book.rows["Rondetafels"].clear()
    book.save(workbook)
    assert run_once(team, now=datetime.datetime(2026, 11, 21, 9, 0), documents=False).ok
    store = Snapshots(team.state_dir)
    assert [s["snapshot"] for s in snapshot_list(store, ["2020-007"])]
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 0, result.output
    [item] = data["items"]
    assert (item["dossier"], item["closed_on"], item["in_workbook"]) == ("2020-007", "2021-03-15", False)
    deleted, _ = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 0, deleted.output
    assert snapshot_list(store, ["2020-007"]) == []


def test_a_removed_dossier_still_open_in_its_last_version_is_said(runner, book, tmp_path):
    _settings(tmp_path)
    book.dossier("2026-001")
    book.dossier("2026-002")
    workbook = book.save(tmp_path / "Caseload.xlsx")
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2026, 11, 20, 9, 0), documents=False).ok
    book.rows["Dossiers"].pop()
    book.save(workbook)
    assert run_once(team, now=datetime.datetime(2026, 11, 21, 9, 0), documents=False).ok
    result, data = _retention(runner, tmp_path)
    assert result.exit_code == 1, result.output
    [trace] = data["without_dossier"]
    assert trace["number"] == "2026-002" and len(trace["snapshots"]) == 1 and trace["note"]


# -- 5. a person's work in the dossier's folder --------------------------------------------------


def test_a_report_edited_and_a_colleagues_note_stay_unless_the_person_says(runner, book, tmp_path):
    _settings(tmp_path)
    _old_family(book)
    book.save(tmp_path / "Caseload.xlsx")
    edited, plain = _documents_for(tmp_path, "2020-007", ["Verslag.docx", "Uitnodiging.docx"])
    edited.write_bytes(b"Aanvulling Griet: Kobe vertelde over problemen thuis.")
    note = tmp_path / "out" / "2020-007" / "notitie Griet.txt"
    note.write_text("Notitie van een collega", encoding="utf-8")

    preview, data = _retention(runner, tmp_path)
    assert preview.exit_code == 0, preview.output
    [item] = data["items"]
    assert (item["edited"], item["not_made"]) == (["out/2020-007/Verslag.docx"],
                                                  ["out/2020-007/notitie Griet.txt"])
    table = runner.invoke(cli, ["retention", "--team", str(tmp_path), *AS_OF]).output
    assert "Verslag.docx" in table and "notitie Griet.txt" in table

    deleted, data = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 1, deleted.output
    assert edited.is_file() and note.is_file() and not plain.exists()
    assert sorted(data["removed"]["kept"]) == ["out/2020-007/Verslag.docx",
                                               "out/2020-007/notitie Griet.txt"]
    assert runner.invoke(cli, ["retention", "--team", str(tmp_path), "--ook-aangepaste",
                               *AS_OF]).exit_code == 2
    confirmed, _ = _retention(runner, tmp_path, "--delete", "--ook-aangepaste")
    assert confirmed.exit_code == 0, confirmed.output
    assert not (tmp_path / "out" / "2020-007").exists()


# -- the weekly mails, read for a number ---------------------------------------------------------


def test_a_mail_attachment_is_read_for_the_number(tmp_path):
    """The coordinators' Achterstand names a family in its attached workbook only, too."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("xl/sharedStrings.xml", "<sst><si><t>2020-007</t></si></sst>")
    message = EmailMessage()
    message["Subject"] = "Achterstand"
    message.set_content("niets")
    message.add_attachment(data.getvalue(), maintype="application", subtype="octet-stream")
    text = mail_text(bytes(message))
    assert mentions(text, "2020-007") and not mentions(text, "2020-00") and not mentions(text, "020-007")


# -- what --delete left, and what restore says after it -------------------------------------------


def _week_mail(folder: Path, name: str, number: str) -> Path:
    message = EmailMessage()
    message["Subject"] = "Achterstand"
    message.set_content(f"Te laat: {number}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(bytes(message))
    return folder / name


def test_mails_of_this_and_a_later_week_are_kept_and_their_weeks_said(runner, book, tmp_path):
    """11 November 2026 is in week 46: a mail of week 48 is not 'of this week'; three mails are
    'zijn', not 'is'."""
    _settings(tmp_path)
    _old_family(book)
    book.save(tmp_path / "Caseload.xlsx")
    kept = [_week_mail(tmp_path / "rapporten", name, "2020-007") for name in (
        "Achterstand 2026-W46.eml", "Achterstand 2026-W48.eml", "Jouw week 2026-W48 - An Claes.eml")]
    result = runner.invoke(cli, ["retention", "--team", str(tmp_path), "--delete",
                                 "--as-of", "2026-11-11"])
    assert result.exit_code == 1, result.output
    assert all(p.is_file() for p in kept)
    said = " ".join(result.output.split())
    assert "week 48 van 2026 (een week die nog komt)" in said
    assert "week 46 van 2026 (deze week)" in said
    assert " zijn mails van " in said


def test_restore_says_when_retention_removed_the_dossier(runner, book, tmp_path):
    _settings(tmp_path)
    _old_family(book)
    book.save(tmp_path / "Caseload.xlsx")
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2026, 11, 20, 9, 0), documents=False).ok
    deleted, _ = _retention(runner, tmp_path, "--delete")
    assert deleted.exit_code == 0, deleted.output
    with State(team.state_dir, root=tmp_path) as state:
        [day] = [at.date() for at, action, _, _ in state.audit_lines() if action == "retention-delete"]
    listed = runner.invoke(cli, ["restore", "--team", str(tmp_path), "--list", "--dossier", "2020-007"])
    assert listed.exit_code == 0, listed.output
    assert day.strftime("%d/%m/%Y") in listed.output and "retention" in listed.output
