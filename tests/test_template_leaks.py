"""What a template could let reach a family unseen: a whole group of fields ({{ gezin }}) printed as
Python data, fields in an endnote left as typed, and a Dutch template in a language folder (a
tester's finds)."""

from __future__ import annotations

import datetime
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import invitations_for, plan_for, report_for
from eenplan.docx_templates.lint import check_file
from eenplan.docx_templates.renderer import render_document
from eenplan.errors import TemplateError
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY
from tests.test_documents import make_team
from tests.test_render import contexts

DAY = datetime.date(2026, 11, 29)
DEFAULTS = Path(__file__).resolve().parents[1] / "eenplan" / "docx_templates"


def template(tmp_path: Path, *paragraphs: str, name: str = "uitnodiging.docx") -> Path:
    doc = Document()
    for text in (*paragraphs, "{{ contact.bereikbaar }}"):
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(str(path))
    return path


# -- 1. a group of fields where one field belongs -------------------------------------------------


@pytest.mark.parametrize("text, member", [
    ("Beste {{ gezin }},", "gezin.naam"),
    ("Wie: {{ genodigden }}.", "genodigden_tekst"),
    ("Wanneer: {{ rondetafel }}.", "rondetafel.wanneer"),
    ("Beste {{ ontvanger }},", "ontvanger.naam"),
    ("Beste {{ ontvanger|upper }},", "ontvanger.naam"),
    ("{% for g in genodigden %}{{ g }} {% endfor %}", "g.voornaam"),
])
def test_a_group_of_fields_is_an_error_that_names_the_field_meant(tmp_path, text, member):
    findings = check_file(template(tmp_path, text))
    assert [(f.code, f.severity) for f in findings] == [("group-field", "error")]
    assert "{{ " + member + " }}" in findings[0].message


@pytest.mark.parametrize("text", [
    "{% if gezin.adres %}{{ gezin.adres }}{% endif %}",
    "{{ genodigden|length }} genodigden",
    "{% for g in genodigden %}{{ g.voornaam }}{% endfor %}",
    "{% if ontvanger %}{{ ontvanger.naam }}{% endif %}",
])
def test_a_group_tested_counted_or_looped_over_is_no_finding(tmp_path, text):
    assert [f.code for f in check_file(template(tmp_path, text))] == []


def test_templates_check_and_invite_refuse_a_group_of_fields(runner, tmp_path):
    root = make_team(tmp_path, CaseloadBuilder())
    (root / "docx_templates").mkdir()
    template(root / "docx_templates", "Beste {{ gezin }}.")
    result = runner.invoke(cli, ["templates", "check", "--team", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "group-field" in result.output
    made = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), "--as-of", "2026-11-23"])
    assert made.exit_code == 2, made.output
    assert not list(root.glob("out/**/*.docx"))


def test_rendering_never_prints_a_group_the_check_cannot_see(tmp_path):
    """{% set %} names the group anew: the check cannot follow it, the renderer refuses it."""
    path = template(tmp_path, "{% set wie = gezin %}Beste {{ wie }},")
    with pytest.raises(TemplateError) as refused:
        render_document(path, contexts()["uitnodiging"], kind="uitnodiging", team_name="T", today=DAY)
    assert "{{ gezin.naam }}" in str(refused.value) and "{'" not in str(refused.value)


def test_rendering_a_group_through_a_filter_is_refused(tmp_path):
    path = template(tmp_path, "{% set wie = genodigden %}{{ wie|list }}")
    with pytest.raises(TemplateError):
        render_document(path, contexts()["uitnodiging"], kind="uitnodiging", team_name="T", today=DAY)


# -- 2. fields in an endnote -----------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_endnote(path: Path, text: str) -> Path:
    """An endnote after the first paragraph, as Word writes one (Verwijzingen, Eindnoot invoegen)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/endnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {_W}>'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        '</w:p></w:endnote><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r>'
        f'<w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:endnote></w:endnotes>').encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.endnotes+xml"/></Types>')).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/endnotes" Target="endnotes.xml"/></Relationships>')).encode()
    body = parts["word/document.xml"].decode()
    end = body.index("</w:r>") + len("</w:r>")
    parts["word/document.xml"] = (body[:end] + '<w:r><w:endnoteReference w:id="1"/></w:r>'
                                  + body[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_fields_in_an_endnote_are_filled_in(tmp_path):
    path = with_endnote(template(tmp_path, "Beste {{ ontvanger.voornaam }},"),
                        "{{ gezin.naam }} (dossier {{ dossier.nummer }})")
    assert check_file(path) == []
    data = render_document(path, contexts()["uitnodiging"], kind="uitnodiging", team_name="T", today=DAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        endnotes = archive.read("word/endnotes.xml").decode("utf-8")
    assert "{{" not in endnotes and "dossier.nummer" not in endnotes
    context = contexts()["uitnodiging"]
    assert context["gezin"]["naam"] in endnotes and context["dossier"]["nummer"] in endnotes


def test_an_unknown_field_in_an_endnote_is_found(tmp_path):
    path = with_endnote(template(tmp_path, "Beste {{ ontvanger.voornaam }},"), "{{ gezin.naaam }}")
    assert [f.code for f in check_file(path)] == ["unknown-field"]


def test_a_group_in_an_endnote_is_found(tmp_path):
    path = with_endnote(template(tmp_path, "Beste {{ ontvanger.voornaam }},"), "{{ gezin }}")
    assert [f.code for f in check_file(path)] == ["group-field"]


# -- 3. a Dutch template in a language folder ------------------------------------------------------


@pytest.fixture
def french_family_with_dutch_templates(tmp_path):
    book = CaseloadBuilder()
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][-1]["language"] = "fr"
    book.save(root / "Caseload.xlsx")
    french = root / "docx_templates" / "fr"
    french.mkdir(parents=True)
    for kind in ("uitnodiging", "verslag", "gezinsplan"):  # copied in, never translated
        shutil.copyfile(DEFAULTS / f"{kind}.docx", french / f"{kind}.docx")
    return root


def _said(notes, name: str) -> list[str]:
    return [note for note in notes if name in note and note.startswith("Let op")]


def test_invite_report_and_plan_say_their_template_is_dutch(french_family_with_dutch_templates):
    root = french_family_with_dutch_templates
    team = find_team(team=root)
    caseload = load_caseload(team)
    invited = invitations_for(team, caseload, "2026-014", None, today=TODAY)
    assert len(_said(invited.notes, "fr/uitnodiging.docx")) == 1
    report = report_for(team, caseload, "2026-014", None, today=TODAY)
    assert len(_said(report.notes, "fr/verslag.docx")) == 1
    plan = plan_for(team, caseload, "2026-014", today=TODAY)
    assert len(_said(plan.notes, "fr/gezinsplan.docx")) == 1


def test_a_translated_template_gets_no_such_note(french_family_with_dutch_templates):
    root = french_family_with_dutch_templates
    for kind in ("uitnodiging", "verslag", "gezinsplan"):
        shutil.copyfile(DEFAULTS / "fr" / f"{kind}.docx", root / "docx_templates" / "fr" / f"{kind}.docx")
    team = find_team(team=root)
    caseload = load_caseload(team)
    invited = invitations_for(team, caseload, "2026-014", None, today=TODAY)
    report = report_for(team, caseload, "2026-014", None, today=TODAY)
    assert not _said([*invited.notes, *report.notes], "lijkt in het Nederlands")
    from eenplan.docx_templates.documents import wrong_language_line

    assert wrong_language_line(root / "docx_templates") is None


def test_the_watcher_says_it_too(runner, french_family_with_dutch_templates):
    from eenplan.docx_templates.documents import wrong_language_line

    root = french_family_with_dutch_templates
    line = wrong_language_line(root / "docx_templates")
    assert line is not None and "fr/uitnodiging.docx" in line and "fr/verslag.docx" in line
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    said = [s.split(" ", 1)[1] for s in result.output.splitlines() if "fr/uitnodiging.docx" in s]
    assert said == [line]  # once, after its time


# -- what README says of quotes ----------------------------------------------------------------------


def test_the_curly_quotes_word_types_are_read_as_straight_ones(tmp_path):
    """README said every curly quote in a field is an error (odd-quotes); “ ” and ‘ ’ work."""
    path = template(tmp_path, "Op {{ rondetafel.datum|datum(“d MMMM”) }} en "
                              "{{ rondetafel.datum|datum(‘d MMMM’) }}.")
    assert check_file(path) == []
    data = render_document(path, contexts()["uitnodiging"], kind="uitnodiging", team_name="T", today=DAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    day = contexts()["uitnodiging"]["rondetafel"]["datum"]
    assert body.count(f"{day.day} ") >= 2 and "datum(" not in body
    low = template(tmp_path, "Op {{ rondetafel.datum|datum(„d MMMM”) }}.", name="verslag.docx")
    assert [f.code for f in check_file(low)] == ["odd-quotes"]
