"""The print file ("... alles om af te drukken.docx"): every letter as if it were printed alone."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor

from eenplan.docx_templates import PACKAGE_TEMPLATES, documents
from eenplan.docx_templates.documents import invitations_for, report_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.conftest import TODAY
from tests.test_documents import make_team
from tests.test_letters_reach import _png


def _text(story) -> str:
    return "\n".join(p.text for p in story.paragraphs)


def _letters_as_printed(path) -> list[tuple[str, str, str]]:
    """Each section of the document: its greeting, its header's text and its footer's text."""
    found = []
    for section in Document(str(path)).sections:
        greeting = next(p.text for p in section.iter_inner_content()
                        if hasattr(p, "text") and p.text.startswith(("Beste", "Dear")))
        found.append((greeting, _text(section.header), _text(section.footer)))
    return found


def test_each_letter_in_the_print_file_keeps_its_own_header_and_footer(tmp_path, book):
    """An English letter in the print file had the Dutch letter's footer ("Team Test · pagina")."""
    root = make_team(tmp_path, book)
    book.network("2026-014", name="Margaretha Smith", role="Familie", invite="ja", language="en")
    book.save(root / "Caseload.xlsx")
    _png(root / "logo.png")
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n[briefhoofd]\nlogo = "logo.png"\n',
                                       encoding="utf-8")
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    printed = next(p for p in made.written if "af te drukken" in p.name)
    alone = [_letters_as_printed(p)[0] for p in made.written
             if p.suffix == ".docx" and p != printed]
    together = _letters_as_printed(printed)
    assert sorted(together) == sorted(alone)
    english = next(letter for letter in together if letter[0] == "Dear Margaretha,")
    assert "page" in english[2] and "pagina" not in english[2]
    # each header keeps its logo: every picture it shows is in the file
    document = Document(str(printed))
    for section in document.sections:
        pictures = section.header._element.xpath(".//a:blip/@r:embed")
        assert pictures
        assert all(section.header.part.related_parts[rid].blob.startswith(b"\x89PNG") for rid in pictures)


def _letter(footer: str, color: RGBColor, *, own_style: str | None = None) -> bytes:
    """A letter of one paragraph in the style "Brief" (of ``color``), with a footer."""
    document = Document()
    style = document.styles.add_style("Brief", WD_STYLE_TYPE.PARAGRAPH)
    style.font.color.rgb = color
    document.add_paragraph(f"Brief met {footer}", style="Brief")
    if own_style is not None:
        document.styles.add_style(own_style, WD_STYLE_TYPE.PARAGRAPH).font.bold = True
        document.add_paragraph("Eigen stijl", style=own_style)
    document.sections[0].footer.paragraphs[0].text = footer
    document.sections[0].header.paragraphs[0].add_run(f"Hoofd {footer}").style = None
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_letters_from_two_templates_keep_their_own_styles_header_and_footer():
    """A team's Dutch and English templates: the second letter lost its own style (its text in
    the first letter's "Normal") and showed the first letter's header and footer."""
    red, blue = RGBColor(0xC0, 0, 0), RGBColor(0, 0, 0xC0)
    data = documents._combined([_letter("voet NL", red), _letter("foot EN", blue, own_style="Eigen"),
                                _letter("voet NL", red)], "Team T", today=TODAY)
    document = Document(io.BytesIO(data))
    assert [(_text(s.header), _text(s.footer)) for s in document.sections] == [
        ("Hoofd voet NL", "voet NL"), ("Hoofd foot EN", "foot EN"), ("Hoofd voet NL", "voet NL")]
    paragraphs = {p.text: p for p in document.paragraphs if p.text}
    assert paragraphs["Brief met voet NL"].style.font.color.rgb == red
    assert paragraphs["Brief met foot EN"].style.font.color.rgb == blue
    assert paragraphs["Eigen stijl"].style.name == "Eigen"
    assert paragraphs["Eigen stijl"].style.font.bold


def _saved_from_a_family_s_letter(template: Path, saved: Path) -> None:
    """``template`` as Word saves it after a family's letter was made from it: that family in its
    title and the other properties, a document system's label with who set it."""
    from docxcompose.properties import CustomProperties

    document = Document(str(template))
    CustomProperties(document).add("MSIP_Label_SetBy", "an.claes@example.org")
    CustomProperties(document).add("Dossier", "Familie Peeters 2026-014")
    data = io.BytesIO()
    document.save(data)
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<cp:coreProperties xmlns:cp="{CORE}" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{LEAK}</dc:title><dc:subject>{LEAK}</dc:subject>'
            f'<dc:description>{LEAK}</dc:description><cp:category>{LEAK}</cp:category>'
            f'<cp:keywords>{LEAK}</cp:keywords><cp:lastModifiedBy>An Claes</cp:lastModifiedBy>'
            '<dc:creator>An Claes</dc:creator></cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Properties xmlns="{APP}" xmlns:vt="{VT}"><Template>Normal.dotm</Template>'
           '<Company>Familie Peeters</Company><Manager>An Claes</Manager>'
           '<HyperlinkBase>https://example.org/peeters</HyperlinkBase>'
           '<TitlesOfParts><vt:vector size="1" baseType="lpstr">'
           f'<vt:lpstr>{LEAK}</vt:lpstr></vt:vector></TitlesOfParts></Properties>')
    with zipfile.ZipFile(io.BytesIO(data.getvalue())) as source, zipfile.ZipFile(saved, "w") as target:
        for name in source.namelist():  # the default template has both parts
            text = {"docProps/core.xml": core, "docProps/app.xml": app}.get(name)
            target.writestr(name, source.read(name) if text is None else text.encode())


LEAK = "Verslag rondetafel Familie Peeters 2026-014"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def test_a_team_template_saved_from_a_family_s_letter_names_that_family_in_no_other(tmp_path, book):
    """The template's title (and its other properties) went into every family's document and PDF."""
    root = make_team(tmp_path, book)
    book.dossier("2026-020", family="Familie Janssens", begeleider="An Claes")
    book.round_table("2026-020", date=datetime.date(2026, 10, 5), present="het gezin", notes="Goed.")
    book.save(root / "Caseload.xlsx")
    own = root / "docx_templates"
    own.mkdir(exist_ok=True)
    _saved_from_a_family_s_letter(PACKAGE_TEMPLATES / "verslag.docx", own / "verslag.docx")
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-020", None, today=TODAY)
    with zipfile.ZipFile(made.written[0]) as document:
        properties = b"".join(document.read(n) for n in document.namelist() if n.startswith("docProps/"))
        related = document.read("_rels/.rels")
    for leaked in (b"Peeters", b"An Claes", b"an.claes", b"example.org"):
        assert leaked not in properties, leaked
    assert b"custom-properties" not in related
    core = Document(str(made.written[0])).core_properties
    assert (core.title, core.subject, core.category, core.keywords) == ("", "", "", "")
