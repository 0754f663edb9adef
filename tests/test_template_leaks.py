"""What a template could let reach a family unseen: a whole group of fields ({{ gezin }}) printed as
Python data, fields in an endnote left as typed, and a Dutch template in a language folder (a
tester's finds)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document

from eenplan.docx_templates.lint import check_file
from eenplan.docx_templates.renderer import render_document
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
