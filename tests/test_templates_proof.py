"""`eenplan templates check --proef`: every template made for a made-up family, so staff see
what a family would get before any family does; and a letter that gives no way to reach anyone."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.lint import check_file
from eenplan.docx_templates.pdf import soffice
from eenplan.docx_templates.proof import NUMBER, sample_family
from eenplan.init.folder import init_team

AS_OF = ["--as-of", "2026-11-23"]


def letter(folder: Path, *paragraphs: str, name: str = "uitnodiging.docx") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    folder.mkdir(parents=True, exist_ok=True)
    doc.save(str(folder / name))
    return folder / name


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_proof_makes_every_kind_for_the_made_up_family_without_reading_the_workbook(runner, tmp_path):
    team = init_team(tmp_path / "Team Essen")
    team.workbook.unlink()  # the proof needs no workbook: it is no one's data
    result = runner.invoke(cli, ["templates", "check", "--team", str(team.root), "--proef",
                                 "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    proof = json.loads(result.output)["proof"]
    documents = [Path(p) for p in proof["documents"]]
    assert len(documents) == 5 and all(p.parent == team.root / "out" / "proef" for p in documents)
    family = sample_family(datetime.date(2026, 11, 23))
    texts = {p.name: docx_text(p) for p in documents}
    assert all("Çelik" in text for text in texts.values())
    report = next(text for name, text in texts.items() if name.startswith("Verslag"))
    assert "ochtendschema" in report  # the follow-up looks back at the first round-table's
    # a number no real dossier has, as the team's reference in the report's footer
    (made,) = [p for p in documents if p.name.startswith("Verslag")]
    footer = " ".join(par.text for par in Document(str(made)).sections[0].footer.paragraphs)
    assert family.dossier.id == NUMBER and NUMBER in footer


def test_proof_is_made_anew_and_says_so_in_the_table(runner, tmp_path):
    team = init_team(tmp_path / "Team Essen")
    args = ["templates", "check", "--team", str(team.root), "--proef", *AS_OF]
    first = runner.invoke(cli, args)
    second = runner.invoke(cli, args)
    assert first.exit_code == second.exit_code == 0, second.output
    assert "Proefdocumenten" in second.output
    assert sorted(p.suffix for p in (team.root / "out" / "proef").iterdir()).count(".docx") == 5


def test_no_proof_while_a_template_has_an_error(runner, tmp_path):
    team = init_team(tmp_path / "Team Essen")
    letter(team.root / "docx_templates", "Dag {{ gezin.naaam }}, {{ contact.bereikbaar }}")
    result = runner.invoke(cli, ["templates", "check", "--team", str(team.root), "--proef",
                                 "--format", "json", *AS_OF])
    assert result.exit_code == 1
    assert json.loads(result.output)["proof"] is None
    assert not (team.root / "out" / "proef").exists()


def test_proof_of_a_folder_of_templates_being_tried(runner, tmp_path):
    team = init_team(tmp_path / "Team Essen")
    trying = tmp_path / "nieuw"
    letter(trying, "Beste {{ ontvanger.naam }}, bel {{ contact.bereikbaar }}. PROEFBRIEF")
    result = runner.invoke(cli, ["templates", "check", str(trying), "--team", str(team.root),
                                 "--proef", "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    invitations = [Path(p) for p in json.loads(result.output)["proof"]["documents"]
                   if Path(p).name.startswith("Uitnodiging")]
    assert invitations and all("PROEFBRIEF" in docx_text(p) for p in invitations)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_proof_pdfs_hold_the_names_letter_for_letter(runner, tmp_path):
    team = init_team(tmp_path / "Team Essen")
    result = runner.invoke(cli, ["templates", "check", "--team", str(team.root), "--proef",
                                 "--format", "json", *AS_OF])
    proof = json.loads(result.output)["proof"]
    assert proof["pdf_problem"] == "" and len(proof["pdfs"]) == 5
    for pdf in proof["pdfs"]:
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Çelik" in text, pdf
    invitation = next(p for p in proof["pdfs"] if "Gülsüm" in Path(p).name)
    text = subprocess.run(["pdftotext", invitation, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Gülsüm Yılmaz" in text and "Łukasz" in text


def test_a_letter_with_no_way_to_reach_anyone_is_a_warning(tmp_path):
    silent = letter(tmp_path / "a", "Dag {{ ontvanger.naam }}, tot dan.")
    assert [f.code for f in check_file(silent)] == ["no-contact"]
    reachable = letter(tmp_path / "b", "Dag {{ ontvanger.naam }}, bel {{ contact.bereikbaar }}.")
    assert check_file(reachable) == []
    # the report and the plan are no letters to reach someone by
    assert check_file(letter(tmp_path / "c", "{{ gezin.naam }}", name="verslag.docx")) == []


def test_a_letter_with_only_the_teams_contact_needs_it_in_eenplan_toml(tmp_path):
    only_team = letter(tmp_path, "Dag {{ ontvanger.naam }}. {{ briefhoofd.regel }}")
    assert [f.code for f in check_file(only_team, team_reachable=False)] == ["no-contact"]
    assert check_file(only_team, team_reachable=True) == []
    assert check_file(only_team) == []  # no team known: nothing to say about its letterhead
