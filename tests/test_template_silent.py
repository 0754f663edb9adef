"""Template mistakes that would print a hole or stray text in every letter, said by `templates
check` before a document is made: braces that make no field, a Word mail-merge field, the
agreements' table deleted, and text in a row that docxtpl drops with its {%tr %} tag."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from eenplan.docx_templates.lint import check_file, check_folder
from tests.test_templates_check import template


def with_rows(tmp_path: Path, rows: list[list[str]], *, before: tuple[str, ...] = (),
              name: str = "verslag.docx") -> Path:
    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / name
    doc.save(str(path))
    return path


def found(path: Path, code: str) -> list:
    return [f for f in check_file(path) if f.code == code]


# -- braces that make no field, and mail-merge fields ---------------------------------------------


def test_single_braces_are_a_warning_with_the_field_to_type(tmp_path):
    path = template(tmp_path, "Groet aan { gezin.naam }.", "{{ contact.bereikbaar }}")
    stray = found(path, "stray-brace")
    assert [f.paragraph for f in stray] == ["Groet aan { gezin.naam }."]
    assert "{{ gezin.naam }}" in stray[0].message and stray[0].severity == "warning"


def test_an_extra_closing_brace_is_a_warning(tmp_path):
    path = template(tmp_path, "Ook {{ ontvanger.voornaam }}}.", "{{ contact.bereikbaar }}")
    assert [f.paragraph for f in found(path, "stray-brace")] == ["Ook {{ ontvanger.voornaam }}}."]


def test_a_mail_merge_field_gets_the_real_field(tmp_path):
    path = template(tmp_path, "Kenmerk «dossier.nummer»", "Voor «Dossiernummer»",
                    "{{ contact.bereikbaar }}")
    merged = found(path, "mail-merge-field")
    assert [f.paragraph for f in merged] == ["Kenmerk «dossier.nummer»", "Voor «Dossiernummer»"]
    assert all("{{ dossier.nummer }}" in f.message for f in merged)
    assert not found(path, "odd-quotes")


def test_a_mail_merge_field_with_no_match_points_to_the_fields(tmp_path):
    path = template(tmp_path, "Kenmerk «Postcode_Bus»", "{{ contact.bereikbaar }}")
    [merged] = found(path, "mail-merge-field")
    assert "templates fields" in merged.message


def test_real_fields_and_statements_are_no_stray_braces(tmp_path):
    path = template(tmp_path, "{% if gezin.naam %}Dag {{ gezin.naam }}{% endif %} {# nota #}",
                    "Citaat: «een mooie dag»?", "{{ contact.bereikbaar }}")
    codes = [f.code for f in check_file(path)]
    assert "stray-brace" not in codes and codes.count("mail-merge-field") == 0


def test_an_unclosed_field_is_said_once_not_as_a_stray_brace(tmp_path):
    path = template(tmp_path, "Dag {{ gezin.naam }", "{{ contact.bereikbaar }}")
    codes = [f.code for f in check_file(path)]
    assert "unclosed-field" in codes and "stray-brace" not in codes


# -- the agreements' table deleted ---------------------------------------------------------------


def test_a_report_without_its_agreements_lacks_them(tmp_path):
    folder = tmp_path / "docx_templates"
    folder.mkdir()
    template(folder, "Wat we afspraken", "{{ rondetafel.verslag }} {{ rondetafel.volgende_wanneer }}",
             name="verslag.docx")
    template(folder, "{% if plan.afgesloten %}Let op: dit plan loopt niet meer.{% endif %}",
             "{{ gezin.naam }}", name="gezinsplan.docx")
    template(folder, "Hallo {{ kinderen_tekst }}!", name="kindplan.docx")
    report = check_folder(folder)
    lacks = {f.template for f in report.findings if f.code == "lacks-improvement"
             and "afspraken" in f.message}
    assert lacks == {"verslag.docx", "gezinsplan.docx", "kindplan.docx"}


def test_a_report_that_shows_its_agreements_lacks_nothing_of_them(tmp_path):
    folder = tmp_path / "docx_templates"
    folder.mkdir()
    with_rows(folder, [["{%tr for a in afspraken %}", ""], ["{{ a.doel }}", "{{ a.wie }}"],
                       ["{%tr endfor %}", ""]], before=("{{ rondetafel.volgende_wanneer }}",))
    report = check_folder(folder)
    assert not [f for f in report.findings if f.code == "lacks-improvement"]


# -- text in a row that docxtpl drops with its {%tr %} tag ---------------------------------------


def test_text_in_another_cell_of_a_tr_row_is_an_error(tmp_path):
    path = with_rows(tmp_path, [["{%tr for a in afspraken %}", "Afspraak:"],
                                ["{{ a.doel }}", "{{ a.wie }}"], ["{%tr endfor %}", ""]])
    [lost] = found(path, "text-beside-paragraph-tag")
    assert lost.severity == "error" and lost.paragraph == "{%tr for a in afspraken %}"
    assert "Afspraak:" in lost.message


def test_text_beside_the_endfor_row_is_an_error(tmp_path):
    path = with_rows(tmp_path, [["{%tr for a in afspraken %}", ""], ["{{ a.doel }}", "{{ a.wie }}"],
                                ["Einde", "{%tr endfor %}"]])
    assert [f.paragraph for f in found(path, "text-beside-paragraph-tag")] == ["{%tr endfor %}"]
