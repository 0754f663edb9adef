"""A PDF beside a letter never says something else than the letter: when the letters are made
again (the family's language changed), eenplan's PDFs of them are made again too, also by a run
that was not asked for PDFs (the watcher); a PDF a person changed is kept, the new one beside it;
without LibreOffice, eenplan's own PDF of the old letter is removed."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from eenplan.docx_templates import pdf
from eenplan.docx_templates.documents import Made, invitations_for, plan_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import State
from tests.builders import CaseloadBuilder

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice and pdftotext make and read the PDFs")

TODAY = datetime.date(2026, 11, 23)
LETTER = "2026-12-07 Uitnodiging rondetafel - Maria Peeters"
FAMILY = "2026-12-07 Uitnodiging rondetafel - Familie Peeters"
PRINTED = "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken"


def _book(language: str = "") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", language=language,
                 registered_on=datetime.date(2026, 10, 1), plan_on=datetime.date(2026, 11, 2),
                 perspective_on=datetime.date(2026, 10, 20))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja")
    book.round_table("2026-001", date=datetime.date(2026, 12, 7), time=datetime.time(14, 0),
                     location="Huis van het Kind")
    return book


def _team(root: Path) -> Path:
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    _book().save(root / "Caseload.xlsx")
    return root


def _invite(root: Path, *, pdf: bool = False) -> Made:
    team = find_team(team=root)
    return invitations_for(team, load_caseload(team), "2026-001", None, today=TODAY, pdf=pdf)


def _said(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def test_letters_made_again_in_another_language_take_their_pdfs_along(tmp_path):
    root = _team(tmp_path)
    _invite(root, pdf=True)
    folder = root / "out" / "2026-001"
    assert "Beste" in _said(folder / f"{LETTER}.pdf")
    _book("en").save(root / "Caseload.xlsx")
    made = _invite(root)  # as the watcher makes them: no PDF asked for
    pdfs = sorted(p.name for p in made.written if p.suffix == ".pdf")
    assert pdfs == sorted(f"{stem}.pdf" for stem in (LETTER, FAMILY, PRINTED))
    for stem in (LETTER, FAMILY, PRINTED):
        said = _said(folder / f"{stem}.pdf")
        assert "Monday 7 December 2026" in said and "maandag" not in said, stem
    assert not any("(2)" in p.name for p in folder.iterdir())
    assert _invite(root).written == ()  # and once


def test_a_letter_without_a_pdf_gets_none(tmp_path):
    root = _team(tmp_path)
    _invite(root)
    _book("en").save(root / "Caseload.xlsx")
    assert not any(p.suffix == ".pdf" for p in _invite(root).written)


def test_a_pdf_a_person_changed_is_kept_and_the_new_one_goes_beside_it(tmp_path):
    root = _team(tmp_path)
    _invite(root, pdf=True)
    folder = root / "out" / "2026-001"
    signed = folder / f"{LETTER}.pdf"
    signed.write_bytes(signed.read_bytes() + b"\n% ondertekend\n")  # signed in a PDF reader
    _book("en").save(root / "Caseload.xlsx")
    made = _invite(root)
    assert signed in made.kept and signed.read_bytes().endswith(b"% ondertekend\n")
    assert "Monday 7 December 2026" in _said(folder / f"{LETTER} (2).pdf")


def test_without_libreoffice_eenplans_pdf_of_the_old_letter_is_removed(tmp_path, monkeypatch):
    root = _team(tmp_path)
    team = find_team(team=root)
    plan_for(team, load_caseload(team), "2026-001", today=TODAY, pdf=True)
    folder = root / "out" / "2026-001"
    old = folder / "2026-11-02 Gezinsplan.pdf"
    assert old.is_file()
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    _book("en").save(root / "Caseload.xlsx")
    made = plan_for(team, load_caseload(team), "2026-001", today=TODAY)
    assert not old.exists() and folder / "2026-11-02 Gezinsplan.docx" in made.written
    assert any("2026-11-02 Gezinsplan" in note and "weggehaald" in note for note in made.notes)
    with State(team.state_dir, root=root) as state:
        assert state.generated(old) is None


def test_the_print_files_pdf_takes_a_letter_changed_in_word_and_says_no_new_invitations(
        runner, tmp_path):
    from eenplan.cli import cli
    from tests.test_documents import _edit_in_word

    root = _team(tmp_path)
    _invite(root, pdf=True)
    folder = root / "out" / "2026-001"
    _edit_in_word(folder / f"{LETTER}.docx", "Oma, tot dan!")
    _book().dossier("2026-002").save(root / "Caseload.xlsx")  # a save: the watcher runs again
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Oma, tot dan!" in _said(folder / f"{PRINTED}.pdf")
    assert "Nieuwe uitnodigingen" not in result.output  # the print file alone: nothing to send again
