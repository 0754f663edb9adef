"""A letter held open in another program (Word locks it on Windows) when its data changes: the
memory records only what was really written, the other documents are written all the same, the
screen names the open file as the cause, and the next run makes it again. No mail goes out with
a letter that says something else than the mail.

The lock is simulated portably: the atomic replace onto that one name refuses (PermissionError),
as Windows refuses to replace a file Word has open (as root, chmod would not stop a write)."""

from __future__ import annotations

import datetime
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import invitations_for
from eenplan.files import TEMP_PREFIX, FileInUse
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import State
from eenplan.watcher.run import run_once
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_invite_mail import _event

TODAY = datetime.date(2026, 11, 23)
NOW = datetime.datetime(2026, 11, 23, 10, 0)
MEETING = datetime.date(2026, 12, 7)
LETTER = "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
FAMILY = "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx"
PRINTED = "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx"
ICS = "2026-12-07 Rondetafel Familie Peeters.ics"


def _book(hour: datetime.time = datetime.time(14, 0), *, by_mail: str = "nee") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes",
                 registered_on=datetime.date(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email="maria@voorbeeld.be", by_mail=by_mail)
    book.round_table("2026-001", date=MEETING, time=hour, location="Huis van het Kind")
    return book


def _team(root: Path, book: CaseloadBuilder, settings: str = '[team]\nnaam = "Team Test"\n') -> Path:
    (root / "eenplan.toml").write_text(settings, encoding="utf-8")
    book.save(root / "Caseload.xlsx")
    return root


def _hold(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """The files of these names are open in another program: replacing them is refused."""
    real = os.replace

    def replace(source, target, **kwargs):
        if Path(target).name in names:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        return real(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def _text(path: Path) -> str:
    document = Document(str(path))
    return "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for r in t.rows for c in r.cells])


def _invite(root: Path):
    team = find_team(team=root)
    return invitations_for(team, load_caseload(team), "2026-001", None, today=TODAY, now=NOW)


def test_a_held_letter_is_not_remembered_as_written_and_is_made_at_the_next_run(tmp_path,
                                                                               monkeypatch):
    root = _team(tmp_path, _book())
    _invite(root)
    folder = root / "out" / "2026-001"
    with State(root / ".eenplan", root=root) as state:
        before = state.generated(folder / LETTER)
    _book(datetime.time(15, 30)).save(root / "Caseload.xlsx")
    _hold(monkeypatch, LETTER)
    made = _invite(root)
    (failure,) = made.failed
    assert isinstance(failure, FileInUse) and failure.path == folder / LETTER
    assert folder / LETTER not in made.written
    with State(root / ".eenplan", root=root) as state:
        assert state.generated(folder / LETTER) == before  # the record it had, not the new one
    assert "om 14.00 uur" in _text(folder / LETTER)
    # the others were written, each at its own name: no "(2)", no hidden file left
    assert "om 15.30 uur" in _text(folder / FAMILY)
    assert _text(folder / PRINTED).count("om 15.30 uur") == 2  # the print file as the data says
    assert b"T153000" in (folder / ICS).read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTER, FAMILY, PRINTED, ICS])

    monkeypatch.undo()  # closed in Word
    again = _invite(root)
    assert folder / LETTER in again.written and not again.failed
    assert "om 15.30 uur" in _text(folder / LETTER)
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTER, FAMILY, PRINTED, ICS])
    assert _invite(root).written == ()  # and then made, once


def test_a_changed_letter_gives_one_new_print_file_not_a_second_at_the_next_run(tmp_path):
    root = _team(tmp_path, _book())
    _invite(root)
    _book(datetime.time(15, 30)).save(root / "Caseload.xlsx")
    assert len(_invite(root).written) == 4
    assert _invite(root).written == ()  # the print file took the new letters the first time


def test_invite_names_the_open_file_not_the_folders_rights(runner, tmp_path, monkeypatch):
    root = _team(tmp_path, _book())
    assert runner.invoke(cli, ["invite", "2026-001", "--team", str(root), "--as-of", "2026-11-23"]
                         ).exit_code == 0
    _book(datetime.time(15, 30)).save(root / "Caseload.xlsx")
    _hold(monkeypatch, LETTER)
    result = runner.invoke(cli, ["invite", "2026-001", "--team", str(root), "--as-of", "2026-11-23"])
    assert result.exit_code == 2, result.output
    assert f"{LETTER} is open in een ander programma (Word?)" in result.output
    assert "schrijfrechten" not in result.output
    assert not any(p.name.startswith(TEMP_PREFIX) for p in (root / "out" / "2026-001").iterdir())


def test_the_watcher_says_the_letter_is_open_and_makes_it_once_it_is_closed(tmp_path, monkeypatch):
    root = _team(tmp_path, _book())
    team = find_team(team=root)
    assert run_once(team, now=NOW).documents
    _book(datetime.time(15, 30)).save(root / "Caseload.xlsx")
    _hold(monkeypatch, LETTER)
    held = run_once(team, now=NOW)
    (line,) = [p for p in held.problems if "2026-001" in p]
    assert "open in een ander programma" in line and "schrijfrechten" not in line
    assert "Maria" not in line  # the log holds no names
    folder = root / "out" / "2026-001"
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTER, FAMILY, PRINTED, ICS])

    monkeypatch.undo()
    _book(datetime.time(15, 30)).save(root / "Caseload.xlsx")  # saved again
    closed = run_once(team, now=NOW)
    assert folder / LETTER in closed.documents and not closed.problems
    assert "om 15.30 uur" in _text(folder / LETTER)
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTER, FAMILY, PRINTED, ICS])


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice makes the PDFs; `make test` installs it")
def test_no_mail_goes_with_a_letter_that_says_something_else(tmp_path, monkeypatch,
                                                             smtp):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, _book(by_mail="ja"),
                 mail_team_settings(controller.port, mail="uitnodigingen = true"))
    team = find_team(team=root)
    assert run_once(team, now=NOW).mailed == ("2026-001",)
    pdf = root / "out" / "2026-001" / LETTER.replace(".docx", ".pdf")
    first = pdf.read_bytes()
    _book(datetime.time(15, 30), by_mail="ja").save(root / "Caseload.xlsx")
    _hold(monkeypatch, LETTER)
    held = run_once(team, now=NOW)
    assert held.mailed == () and len(inbox.envelopes) == 1  # held back: the letter says 14.00
    assert any("2026-001 wacht" in p for p in held.problems)
    with State(root / ".eenplan", root=root) as state:
        (mail,) = state.mails_of("2026-001")
    assert mail.kind == "invitation"  # the update is not remembered as sent
    assert pdf.read_bytes() == first  # the PDF of the letter beside it, as it was

    monkeypatch.undo()
    _book(datetime.time(15, 30), by_mail="ja").save(root / "Caseload.xlsx")  # saved again
    assert run_once(team, now=NOW).mailed == ("2026-001",)
    message, parts, _, event = _event(inbox.envelopes[-1])
    assert message["Subject"].startswith("Gewijzigd:") and "15.30" in message["Subject"]
    assert parts[pdf.name].get_content() == pdf.read_bytes()
    said = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"15.30 uur" in said and b"14.00" not in said


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice makes the PDFs; `make test` installs it")
def test_invite_mail_says_whose_mail_waits_for_an_open_letter(runner, tmp_path, monkeypatch,
                                                              smtp):  # noqa: F811
    controller, inbox = smtp
    root = _team(tmp_path, _book(by_mail="ja"), mail_team_settings(controller.port))

    def invite():
        return runner.invoke(cli, ["invite", "2026-001", "--mail", "--team", str(root),
                                   "--as-of", "2026-11-23"])

    assert invite().exit_code == 0
    _book(datetime.time(15, 30), by_mail="ja").save(root / "Caseload.xlsx")
    _hold(monkeypatch, LETTER.replace(".docx", ".pdf"))  # the PDF open in a PDF reader
    held = invite()
    assert held.exit_code == 2, held.output
    assert len(inbox.envelopes) == 1
    assert "Maria Peeters: niet verstuurd" in held.output
    assert "Maria Peeters.pdf is open in een ander programma" in held.output
    monkeypatch.undo()
    assert invite().exit_code == 0 and len(inbox.envelopes) == 2
