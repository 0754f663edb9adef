"""`eenplan templates check` and `fields`: a template's problems as findings, never a traceback."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from eenplan.cli import cli
from eenplan.docx_templates.context import FIELDS, KINDS
from eenplan.docx_templates.lint import check_file, check_folder

TEMPLATES = Path(__file__).resolve().parents[1] / "eenplan" / "docx_templates"


def _corpus() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        if (folder / "shared" / "corpus" / "docx").is_dir():
            return folder / "shared" / "corpus" / "docx"
    return None


CORPUS = _corpus()
CORPUS_FILES = sorted(CORPUS.iterdir()) if CORPUS else []


def template(tmp_path: Path, *paragraphs: str, name: str = "uitnodiging.docx") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(str(path))
    return path


def codes(path: Path) -> list[str]:
    return [f.code for f in check_file(path)]


def test_the_default_templates_pass(runner):
    report = check_folder(TEMPLATES)
    assert len(report.templates) == 12  # four in Dutch, French and English
    assert report.findings == ()
    result = runner.invoke(cli, ["templates", "check", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output


def test_an_unknown_attribute_with_did_you_mean(tmp_path):
    findings = check_file(template(tmp_path, "Dag {{ gezin.naaam }}", "{{ gezin.naaam }}"))
    assert [f.code for f in findings] == ["unknown-field"]
    assert findings[0].message == ("In uitnodiging.docx staat {{ gezin.naaam }}: dat veld bestaat niet. "
                                   "Bedoel je {{ gezin.naam }}?")
    assert findings[0].paragraph == "Dag {{ gezin.naaam }}"


def test_a_loop_variable_is_followed(tmp_path):
    path = template(tmp_path, "{%p for a in afspraken %}", "{{ a.doel }} {{ a.wi }}", "{%p endfor %}",
                    name="verslag.docx")
    findings = check_file(path)
    assert [f.code for f in findings] == ["unknown-field"]
    assert "{{ a.wi }}" in findings[0].message and "Bedoel je {{ a.wie }}?" in findings[0].message


def test_a_field_of_another_kind_is_unknown(tmp_path):
    assert codes(template(tmp_path, "{{ ontvanger.naam }}", name="verslag.docx")) == ["unknown-field"]


def test_a_syntax_error_names_its_paragraph(tmp_path):
    findings = check_file(template(tmp_path, "Hallo", "{% if gezin.naam %}Dag{% endfi %}"))
    assert [f.code for f in findings] == ["syntax"]
    assert 'in de alinea "{% if gezin.naam %}Dag{% endfi %}"' in findings[0].message


def test_unclosed_and_unknown_filter(tmp_path):
    assert codes(template(tmp_path, "Dag {{ gezin.naam }", "Tot dan")) == ["unclosed-field"]
    findings = check_file(template(tmp_path, "{{ vandaag|datumm }}"))
    assert [f.code for f in findings] == ["syntax"]
    assert "de filter |datumm bestaat niet" in findings[0].message


def test_every_problem_in_a_template_is_reported_not_only_the_first(tmp_path):
    path = template(tmp_path, "Dag {{ gezin.naam }", "{% if gezin.naam %}Dag{% endfi %}",
                    "{{ vandaag|datumm }}", "{{ gezin.naaam }}", "Tot {{ rondetafel.datum }",
                    "{{ ontvanger.naam }}")
    findings = check_file(path)
    assert [(f.code, f.paragraph) for f in findings] == [
        ("unclosed-field", "Dag {{ gezin.naam }"),
        ("unclosed-field", "Tot {{ rondetafel.datum }"),
        ("syntax", "{% if gezin.naam %}Dag{% endfi %}"),
        ("syntax", "{{ vandaag|datumm }}"),
        ("unknown-field", "{{ gezin.naaam }}"),
    ]


def test_a_block_left_open_to_the_end_is_one_finding(tmp_path):
    path = template(tmp_path, "{% for a in afspraken %}{{ a.doel }}", "Tot dan", "{{ gezin.naaam }}")
    findings = check_file(path)
    assert [f.code for f in findings] == ["syntax"]


def test_low_curly_quotes_are_an_error(tmp_path):
    assert codes(template(tmp_path, "{{ rondetafel.datum|datum(„d MMMM”) }}"))[0] == "odd-quotes"


def test_text_beside_a_paragraph_tag_would_vanish(tmp_path):
    path = template(tmp_path, "{%p if gezin.adres %} Beste gezin", "{{ gezin.adres }}", "{%p endif %}")
    assert "text-beside-paragraph-tag" in codes(path)


def test_a_field_split_over_differently_formatted_runs(tmp_path):
    doc = Document()
    para = doc.add_paragraph("Dag ")
    para.add_run("{{ gezin.")
    para.add_run("naam }}").bold = True
    path = tmp_path / "verslag.docx"  # a report: no letter, so no need to say how to reach anyone
    doc.save(str(path))
    findings = check_file(path)
    assert [(f.code, f.severity) for f in findings] == [("split-field", "warning")]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_tracked_changes_and_comments_are_errors(runner, tmp_path):
    """A colleague's note or name in a template would go to every family: no document is made."""
    doc = Document()
    para = doc.add_paragraph("Dag {{ gezin.naam }}")
    para._p.append(parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="1" '
        'w:author="Sofie" w:date="2026-11-01T10:00:00Z"><w:r><w:t>nieuw</w:t></w:r></w:ins>'))
    doc.add_comment(para.runs, text="Nog nakijken", author="Sofie")
    doc.save(str(tmp_path / "verslag.docx"))
    findings = check_file(tmp_path / "verslag.docx")
    assert sorted((f.code, f.severity) for f in findings) == [("comments", "error"),
                                                               ("tracked-changes", "error")]
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("mark", [
    '<w:del w:id="2" w:author="An" w:date="2026-11-01T10:00:00Z"><w:r><w:delText>oud</w:delText></w:r>'
    '</w:del>',
    '<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="An" w:date="2026-11-01T10:00:00Z"><w:rPr/>'
    '</w:rPrChange></w:rPr><w:t>vet</w:t></w:r>',
])
def test_a_tracked_change_in_the_footer_or_of_formatting_is_found(tmp_path, mark):
    doc = Document()
    doc.add_paragraph("Dag {{ gezin.naam }}")
    footer = doc.sections[0].footer.paragraphs[0]
    footer._p.append(parse_xml(_with_namespace(mark)))
    doc.save(str(tmp_path / "verslag.docx"))
    assert codes(tmp_path / "verslag.docx") == ["tracked-changes"]


def _with_namespace(xml: str) -> str:
    head, _, rest = xml.partition(">")
    if head.endswith("/") or " " in head:
        name, _, attrs = head.partition(" ")
        return f'{name} xmlns:w="{W}" {attrs}>{rest}'
    return f'{head} xmlns:w="{W}">{rest}'


def test_exit_codes_and_json(runner, tmp_path):
    template(tmp_path, "{{ gezin.naaam }}")
    result = runner.invoke(cli, ["templates", "check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data == check_folder(tmp_path).to_dict()
    assert (data["errors"], data["findings"][0]["code"]) == (1, "unknown-field")
    missing = runner.invoke(cli, ["templates", "check", str(tmp_path / "weg")])
    assert missing.exit_code == 2 and "bestaat niet" in missing.output


def test_check_reads_the_teams_folder(runner, tmp_path):
    from eenplan.init.folder import init_team

    team = init_team(tmp_path / "Team Essen")
    result = runner.invoke(cli, ["templates", "check", "--team", str(team.root)])
    assert result.exit_code == 0, result.output
    assert "12 sjablonen, 0 fouten, 0 waarschuwingen" in result.output


def test_a_file_eenplan_does_not_use_is_a_warning(tmp_path):
    assert codes(template(tmp_path, "{{ gezin.naam }}", name="brief.docx")) == ["unused-template"]


def test_fields_lists_every_field(runner):
    result = runner.invoke(cli, ["templates", "fields"])
    assert result.exit_code == 0
    for kind in KINDS:
        for item in FIELDS[kind]:
            assert "{{ " + item.path + " }}" in result.output
    data = json.loads(runner.invoke(cli, ["templates", "fields", "verslag", "--format", "json"]).output)
    assert [f["field"] for f in data["verslag"]] == [f.path for f in FIELDS["verslag"]]


@pytest.mark.skipif(not CORPUS_FILES, reason="the shared corpus of .docx files is not here")
@pytest.mark.parametrize("source", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_every_corpus_file_as_a_team_template_gives_a_clear_answer(runner, tmp_path, source):
    shutil.copyfile(source, tmp_path / "uitnodiging.docx")
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[1:] and ("in orde" in result.output or "bevinding" in result.output)


def test_a_list_field_without_a_loop_gets_the_loop(tmp_path):
    findings = check_file(template(tmp_path, "{{ afspraken.doel }}", name="verslag.docx"))
    assert [f.code for f in findings] == ["unknown-field"]
    assert "afspraken is een lijst: schrijf {% for a in afspraken %}{{ a.doel }}{% endfor %}." in (
        findings[0].message)


def test_past_a_field_only_what_text_offers(tmp_path):
    assert codes(template(tmp_path, "{{ gezin.naam.upper() }} {{ rondetafel.datum.year }}",
                          name="verslag.docx")) == []
    assert codes(template(tmp_path, "{{ gezin.naam.voornaam }}")) == ["unknown-field"]


def test_a_missing_kind_is_a_warning(runner, tmp_path):
    shutil.copyfile(TEMPLATES / "verslag.docx", tmp_path / "verslag.docx")
    report = check_folder(tmp_path)
    assert sorted(f.template for f in report.findings) == ["gezinsplan.docx", "kindplan.docx",
                                                          "uitnodiging.docx"]
    assert {f.code for f in report.findings} == {"missing-template"} and report.ok
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 0 and "standaardsjabloon" in result.output


@pytest.fixture(scope="module")
def invite_team(tmp_path_factory):
    import datetime

    from tests.builders import CaseloadBuilder

    root = tmp_path_factory.mktemp("team")
    book = CaseloadBuilder()
    book.dossier("2026-001", begeleider="An Claes")
    book.network("2026-001", name="Maria Peeters", invite="ja")
    book.round_table("2026-001", date=datetime.date(2026, 12, 7))
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team T"\n', encoding="utf-8")
    book.save(root / "Caseload.xlsx")
    (root / "docx_templates").mkdir()
    return root


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_FILES, reason="the shared corpus of .docx files is not here")
@pytest.mark.parametrize("source", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_every_corpus_file_as_the_invitation_template_makes_letters_or_says_why(runner, invite_team, source):
    shutil.copyfile(source, invite_team / "docx_templates" / "uitnodiging.docx")
    shutil.rmtree(invite_team / "out", ignore_errors=True)
    shutil.rmtree(invite_team / ".eenplan", ignore_errors=True)
    result = runner.invoke(cli, ["invite", "2026-001", "--team", str(invite_team), "--as-of", "2026-11-23"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert len(result.output.strip().splitlines()) == 1 and "uitnodiging.docx" in result.output
    else:
        assert "Gemaakt (4)" in result.output


@pytest.mark.parametrize("pattern", ["EEEE ddd", "dddd", "YYYY-ww", "d MMMM Q", "HH:mm"])
def test_a_date_pattern_eenplan_does_not_know_is_an_error(tmp_path, runner, pattern):
    path = template(tmp_path, "Beste,", f'Tot {{{{ rondetafel.datum|datum("{pattern}") }}}}.')
    findings = check_file(path)
    assert [(f.code, f.severity, f.paragraph) for f in findings] == [
        ("date-pattern", "error", f'Tot {{{{ rondetafel.datum|datum("{pattern}") }}}}.')]
    assert f'"{pattern}"' in findings[0].message
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("pattern", ["d MMMM", "EEEE d MMMM y", "dd/MM/yyyy", "EEE d MMM yy",
                                     "d MMMM y 'om'"])
def test_the_usual_date_patterns_pass(tmp_path, pattern):
    path = template(tmp_path, f'Tot {{{{ rondetafel.datum|datum("{pattern}") }}}} en '
                              f'{{{{ vandaag|datum(pattern="{pattern}") }}}}.', name="verslag.docx")
    assert codes(path) == []


@pytest.mark.parametrize("suffix", [".doc", ".dotx", ".odt"])
def test_a_template_saved_in_another_format_is_an_error_not_a_missing_one(tmp_path, suffix):
    """uitnodiging.doc instead of uitnodiging.docx: the team meant its own template (it was only
    said to be missing, and eenplan's default went out)."""
    shutil.copyfile(TEMPLATES / "uitnodiging.docx", tmp_path / f"uitnodiging{suffix}")
    report = check_folder(tmp_path)
    mine = [(f.template, f.code, f.severity) for f in report.findings if f.template.startswith("uitnodiging")]
    assert mine == [(f"uitnodiging{suffix}", "not-a-docx", "error")]
    assert f"uitnodiging{suffix}" in report.findings[0].message and ".docx" in report.findings[0].message


def test_a_template_in_another_format_beside_the_docx_is_not_used(tmp_path):
    shutil.copyfile(TEMPLATES / "uitnodiging.docx", tmp_path / "uitnodiging.docx")
    shutil.copyfile(TEMPLATES / "uitnodiging.docx", tmp_path / "uitnodiging.doc")
    found = [(f.template, f.code) for f in check_folder(tmp_path).findings
             if f.template.startswith("uitnodiging")]
    assert found == [("uitnodiging.doc", "unused-template")]


@pytest.mark.parametrize(("text", "code"), [
    ("{% if gezin.naam %}{{ gezin.naam|upperr }}{% endif %}", "syntax"),  # Jinja looks it up when filling in
    ("{{ gezin.naam|upperr }}", "syntax"),
    ("{% if gezin.naam is stringg %}ja{% endif %}", "syntax"),
    ("{{ gezin.naam.__class__ }}", "not-allowed"),
    ("{{ ''.__class__.__mro__ }}", "not-allowed"),
    ("{{ rondetafel.datum.mro }}", "unknown-field"),
])
def test_what_invite_refuses_templates_check_refuses(tmp_path, text, code):
    """templates check passed these, and invite then refused the template."""
    from eenplan.docx_templates.renderer import render_document
    from eenplan.errors import TemplateError
    from tests.test_render import contexts

    path = template(tmp_path, f"Dag {text}", "{{ contact.bereikbaar }}")
    found = check_file(path)
    assert found and {f.code for f in found} == {code} and all(f.severity == "error" for f in found)
    with pytest.raises(TemplateError):
        render_document(path, contexts()["uitnodiging"], kind="uitnodiging", team_name="T",
                        today=datetime.date(2026, 11, 29))


def test_a_damaged_template_is_said_without_pythons_names(tmp_path):
    """Python's names ("(BadZipFile)", "(KeyError)") told a staff member nothing."""
    data = (TEMPLATES / "uitnodiging.docx").read_bytes()
    (tmp_path / "uitnodiging.docx").write_bytes(data[: len(data) // 2])
    (finding,) = check_file(tmp_path / "uitnodiging.docx")
    assert finding.code == "not-a-docx"
    assert "Error" not in finding.message and "BadZip" not in finding.message
