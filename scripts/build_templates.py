"""Build eenplan's four default Word templates, so that they can be reviewed as code.

    python scripts/build_templates.py           # write eenplan/docx_templates/*.docx (and fr/, en/)
    python scripts/build_templates.py --check   # exit 1 when a shipped template is out of date

After a template changed: python scripts/shipped_templates.py, so that eenplan knows the teams'
copies of the version before it (docx_templates/shipped.json; a test fails until then).

The templates are ordinary .docx files with docxtpl tags (``{{ gezin.naam }}``); staff edit their
team's copies in Word. The fields they use are documented in eenplan/docx_templates/context.py
(`eenplan templates fields`). Everything a family reads is warm, plain Dutch (B1), one voice per
letter: a network member's invitation comes from the family ("je"), the begeleider signs along;
the family's own letter speaks to the family ("jullie") and is signed by whoever sends it.

French and English: the same templates, each Dutch text put through ``TEXTS`` (warm and plain,
like the Dutch; a text missing there stops the build), written to docx_templates/fr and /en. A
letter in another language ends with one Dutch line, for the Dutch-speaking people around the
family: two languages in one letter is a template choice.

Layout rules: A4, Calibri (LibreOffice shows it with the metric-compatible Carlito), the team's
letterhead (and logo) in the page header, headings kept with what follows, agreements in a table
whose header row repeats on each page and whose rows do not break across pages, the signature
block kept whole on one page.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "eenplan" / "docx_templates"

FONT = "Calibri"  # LibreOffice substitutes the metric-compatible Carlito
ACCENT = RGBColor(0x1F, 0x5C, 0x7A)  # a calm blue-green, readable in black and white too
GREY = RGBColor(0x59, 0x59, 0x59)
TABLE_HEADER_FILL = "DCE9EF"
# The languages eenplan ships templates in, and how Word names each (spelling, hyphenation).
LANGUAGES = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
_building = ["nl"]  # the language of the template being built


def _texts() -> dict[str, dict[str, str]]:
    """scripts/template_texts.py: the French and English of every Dutch text."""
    import importlib.util

    path = Path(__file__).with_name("template_texts.py")
    spec = importlib.util.spec_from_file_location("template_texts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TEXTS  # type: ignore[no-any-return]


def _t(text: str) -> str:
    """``text`` in the language being built: the Dutch itself, or its entry in ``TEXTS``."""
    language = _building[0]
    tag = text.startswith(("{%p ", "{%tr "))  # a template tag, no text
    fields_only = "'" not in text and not re.sub(r"\{[{%].*?[%}]\}", "", text).strip(" .:·,!?★_\t")
    if language == "nl" or tag or fields_only:
        return text
    try:
        return _texts()[language][text]
    except KeyError:
        raise SystemExit(f"geen vertaling in {language} voor: {text!r}") from None


# -- the document and its styles -------------------------------------------------------------


def new_document(title: str) -> Document:
    doc = Document()
    core = doc.core_properties
    core.author = "eenplan"
    core.last_modified_by = "eenplan"
    core.title = _t(title)
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""
    core.revision = 1
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin = Cm(2.2)
    section.bottom_margin = Cm(2)
    section.header_distance = Cm(1)
    section.footer_distance = Cm(1)
    _styles(doc)
    return doc


def _fonts(style_element_rpr: object, font: str) -> None:
    """Name the font for every script, and drop the theme fonts that would override it."""
    rpr = style_element_rpr
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), font)


def _language(rpr: object) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGES[_building[0]])
    lang.set(qn("w:eastAsia"), LANGUAGES[_building[0]])
    lang.set(qn("w:bidi"), "ar-SA")


def _styles(doc: Document) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _fonts(normal.element.get_or_add_rPr(), FONT)
    _language(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # docDefaults too, so text outside a style (tables, headers) uses the same font
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr, FONT)
        _language(rpr)
    for name, size, before in (("Title", 22, 0), ("Heading 1", 15, 14), ("Heading 2", 12.5, 10)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        _fonts(style.element.get_or_add_rPr(), FONT)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:  # the default Title has a rule under it; ours is plain
            ppr.remove(border)
    small = styles.add_style("Klein", 1)  # WD_STYLE_TYPE.PARAGRAPH
    small.base_style = normal
    small.font.size = Pt(9)
    small.font.color.rgb = GREY
    small.paragraph_format.space_after = Pt(0)
    cell = styles.add_style("Tabeltekst", 1)
    cell.base_style = normal
    cell.font.size = Pt(10)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0


# -- building blocks ---------------------------------------------------------------------------


def paragraph(doc: Document, text: str = "", style: str | None = None, *, bold: bool = False,
              keep_with_next: bool = False) -> Paragraph:
    """A paragraph with its text in one run, so a tag in it is never split."""
    para = doc.add_paragraph(style=style)
    if text:
        para.add_run(_t(text)).bold = bold or None
    if keep_with_next:
        para.paragraph_format.keep_with_next = True
    return para


def tag(doc: Document, text: str) -> Paragraph:
    """A paragraph that holds only a docxtpl paragraph tag ({%p if ... %}): it disappears."""
    return paragraph(doc, "{%p " + text + " %}")


def labelled(doc: Document, label: str, value: str) -> Paragraph:
    """ "Wanneer:  maandag 7 december 2026": the label bold, on a tab stop."""
    para = doc.add_paragraph()
    para.paragraph_format.tab_stops.add_tab_stop(Cm(3.2))
    para.paragraph_format.left_indent = Cm(3.2)
    para.paragraph_format.first_line_indent = Cm(-3.2)
    para.paragraph_format.space_after = Pt(2)
    para.add_run(_t(label)).bold = True
    para.add_run("\t" + _t(value))
    return para


def letterhead(doc: Document, footer_text: str = "{{ team.naam }} · pagina ") -> None:
    """The team's letterhead from eenplan.toml [briefhoofd] in the header (with the team's logo,
    when it has one); ``footer_text`` and the page in the footer."""
    section = doc.sections[0]
    header = section.header
    first = header.paragraphs[0]
    first.text = "{%p if briefhoofd.logo %}"
    logo = header.add_paragraph("{{ briefhoofd.logo }}")
    logo.paragraph_format.space_after = Pt(4)
    header.add_paragraph("{%p endif %}")
    name = header.add_paragraph()
    run = name.add_run("{{ briefhoofd.organisatie }}")
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = ACCENT
    name.paragraph_format.space_after = Pt(0)
    line = header.add_paragraph("{{ briefhoofd.regel }}", style="Klein")
    line.paragraph_format.space_after = Pt(12)
    _bottom_border(line)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Klein"]
    footer.add_run(_t(footer_text))
    _page_field(footer)


def _bottom_border(para: Paragraph) -> None:
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "1F5C7A")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_field(para: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def table(doc: Document, headers: Sequence[str], loop: str, cells: Sequence[str],
          widths: Sequence[float]) -> Table:
    """A table with a header row that repeats on every page and rows that stay whole.

    ``loop`` is the docxtpl row loop ("a in afspraken"): the table gets a row with the
    {%tr for %} tag, the row that repeats, and a row with {%tr endfor %}.
    """
    grid = doc.add_table(rows=4, cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    rows = grid.rows
    _repeat_header(rows[0])
    for index, text in enumerate(headers):
        _cell(rows[0].cells[index], _t(text), bold=True)
        _shade(rows[0].cells[index], TABLE_HEADER_FILL)
    _cell(rows[1].cells[0], "{%tr for " + loop + " %}")
    for index, text in enumerate(cells):
        _cell(rows[2].cells[index], _t(text))
    _cell(rows[3].cells[0], "{%tr endfor %}")
    for index, width in enumerate(widths):  # the grid too: LibreOffice lays out by it
        grid.columns[index].width = Cm(width)
    for row in rows:
        _cant_split(row)
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)
    return grid


def signatures(doc: Document, columns: Sequence[tuple[str, str]]) -> None:
    """Room to sign, kept whole on one page: a title per signer, room, a line, the name.

    Paragraphs with tab stops rather than a table: "keep with next" holds them together in Word
    and in LibreOffice alike, and with the heading and the date above them.
    """
    step = Cm(16.4 / len(columns))
    rows = (
        ("\t".join(title for title, _ in columns), True, Pt(6)),
        ("", False, Pt(28)),
        ("\t".join("_" * 28 for _ in columns), False, Pt(0)),
        ("\t".join(name for _, name in columns), False, Pt(0)),
    )
    for index, (text, bold, before) in enumerate(rows):
        para = doc.add_paragraph()
        para.paragraph_format.space_before = before
        para.paragraph_format.space_after = Pt(0)
        for stop in range(1, len(columns)):
            para.paragraph_format.tab_stops.add_tab_stop(step * stop)
        if text:
            para.add_run(text).bold = bold or None
        para.paragraph_format.keep_together = True
        if index < len(rows) - 1:
            para.paragraph_format.keep_with_next = True


def signature_lines(doc: Document, signers: str) -> None:
    """A block to sign for each person in the list ``signers`` (``naam``, ``wie``): the title, room,
    a line, the name, in one paragraph (lines broken, kept together: LibreOffice, which makes
    eenplan's PDFs, split a block of four paragraphs each kept with the next between its title
    and its line); the first one kept on one page with the heading and the date above it."""
    tag(doc, "for s in " + signers).paragraph_format.keep_with_next = True
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(8)
    para.paragraph_format.space_after = Pt(6)
    para.paragraph_format.keep_together = True
    para.add_run("{{ s.wie }}").bold = True
    room = para.add_run()
    for _ in range(3):  # room to sign
        room.add_break()
    line = para.add_run("_" * 34)
    line.add_break()
    para.add_run("{{ s.naam }}")
    tag(doc, "endfor")


def notice(doc: Document, text: str) -> Paragraph:
    """What no reader may miss ("Let op: dit plan loopt niet meer."): bold, in a box."""
    para = paragraph(doc, text, bold=True)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "1F5C7A")):
            line.set(qn(key), value)
        borders.append(line)
    para._p.get_or_add_pPr().append(borders)  # first: python-docx puts the spacing after it, in order
    para.paragraph_format.space_before = Pt(4)
    para.paragraph_format.space_after = Pt(12)
    return para


def closing(doc: Document, lines: Sequence[tuple[str, str | None]]) -> None:
    """The greeting and who signs, kept together on one page (each line with the next)."""
    for index, (text, style) in enumerate(lines):
        para = paragraph(doc, text, style)
        para.paragraph_format.space_after = Pt(0 if index else 10)
        if index < len(lines) - 1:
            para.paragraph_format.keep_with_next = True


def _cell(cell: object, text: str, *, bold: bool = False, style: str = "Tabeltekst") -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    para.style = style
    run = para.add_run(text)
    if bold:
        run.bold = True


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    trpr.append(element)


def _cant_split(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.insert(0, OxmlElement("w:cantSplit"))


def _shade(cell: object, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _top_border(para: Paragraph) -> None:
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "2"), ("w:color", "595959")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)


# -- the templates -------------------------------------------------------------------------


CONTACT = "{{ contact.naam }}{% if contact.bereikbaar %} ({{ contact.bereikbaar }}){% endif %}"
# a guest's letter says "u" to whom the Naam gives a title such as Mevrouw or dokter: U ... E ... END
U, E, END = "{% if ontvanger.beleefd %}", "{% else %}", "{% endif %}"


def invitation() -> Document:
    """uitnodiging.docx: one letter per person, each in one voice.

    A network member gets the family's invitation ("je"), signed by the family, with the
    begeleider alongside. The family's own letter speaks to the family ("jullie") and is signed
    by whoever sends it: the begeleider, or the team when the family has none yet.
    """
    doc = new_document("Uitnodiging rondetafelgesprek")
    letterhead(doc)
    paragraph(doc, "{% if ontvanger.is_gezin %}{{ gezin.aanhef }}{% else %}{{ ontvanger.naam }}{% endif %}",
              keep_with_next=True).paragraph_format.space_after = Pt(0)
    tag(doc, "if ontvanger.adres")
    paragraph(doc, "{{ ontvanger.adres }}").paragraph_format.space_after = Pt(0)
    tag(doc, "endif")
    paragraph(doc)
    paragraph(doc, "{{ vandaag }}").alignment = 2  # right

    tag(doc, "if ontvanger.is_gezin")
    # -- the family's own letter: "jullie", from the begeleider (or the team) --------------------
    paragraph(doc, "Jullie rondetafelgesprek", "Heading 1")
    paragraph(doc, "Beste {{ gezin.aanhef }},")
    paragraph(doc, "Binnenkort is jullie rondetafelgesprek. Jullie nodigen zelf de mensen uit die "
                   "jullie erbij willen. Zij krijgen een brief van jullie. In deze brief staat alles "
                   "nog eens op een rij, zodat jullie het bij de hand hebben.")
    labelled(doc, "Wanneer", "{{ rondetafel.wanneer }}")
    tag(doc, "if rondetafel.plaats")
    labelled(doc, "Waar", "{{ rondetafel.plaats }}")
    tag(doc, "else")
    labelled(doc, "Waar", "Dat laten we jullie nog weten.")
    tag(doc, "endif")
    tag(doc, "if genodigden")
    labelled(doc, "Wie komt er", "{{ genodigden_tekst }}. {% if begeleider.naam %}Ik ben er ook bij."
                                 "{% else %}Iemand van {{ team.naam }} is er ook bij.{% endif %}")
    tag(doc, "else")
    labelled(doc, "Wie komt er", "Jullie en {% if begeleider.naam %}ik{% else %}iemand van "
                                 "{{ team.naam }}{% endif %}.")
    tag(doc, "endif")
    paragraph(doc, "Hoe gaat zo'n gesprek?", "Heading 2")
    paragraph(doc, "Jullie vertellen hoe het gaat: wat goed gaat en waar jullie hulp bij willen. "
                   "Iedereen mag zeggen wat hij of zij denkt. Daarna maken we samen afspraken: wat we "
                   "doen, wie wat doet en tegen wanneer. Jullie beslissen mee over alles wat we "
                   "afspreken.")
    paragraph(doc, "Past het moment niet?", "Heading 2")
    paragraph(doc, "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". Dan zoeken we samen een "
                   "andere dag. Hebben jullie nog vragen? Bel of mail gerust.")
    closing(doc, (("Tot dan!", None), ("Hartelijke groeten,", None),
                  ("{{ begeleider.naam or team.naam }}", None),
                  ("{% if begeleider.naam %}Begeleider bij {{ team.naam }}{% endif %}", "Klein")))

    tag(doc, "else")
    # -- a network member's letter: the family invites ("je"; "u" to whom the Naam gives a title
    # such as Mevrouw or dokter: ontvanger.beleefd), the begeleider signs along ----------------
    paragraph(doc, "Uitnodiging voor ons rondetafelgesprek", "Heading 1")
    paragraph(doc, "Beste {{ ontvanger.voornaam }},")
    paragraph(doc, "Wij, {{ gezin.in_zin }}, willen graag samen met een paar mensen rond de tafel "
                   "zitten. " + U + "U bent belangrijk voor ons. Daarom nodigen we u uit" + E + "Jij bent "
                   "belangrijk voor ons. Daarom nodigen we je uit" + END + " voor ons rondetafelgesprek.")
    labelled(doc, "Wanneer", "{{ rondetafel.wanneer }}")
    tag(doc, "if rondetafel.plaats")
    labelled(doc, "Waar", "{{ rondetafel.plaats }}")
    tag(doc, "else")
    labelled(doc, "Waar", "Dat laten we " + U + "u" + E + "je" + END + " nog weten.")
    tag(doc, "endif")
    tag(doc, "if genodigden")
    labelled(doc, "Wie komt er", "Wij zijn er, met {{ genodigden_tekst }}.{% if begeleider.naam %} "
                                 "Ook {{ begeleider.naam }}, die ons begeleidt, is erbij.{% endif %}")
    tag(doc, "else")
    labelled(doc, "Wie komt er", "Wij{% if begeleider.naam %} en {{ begeleider.naam }}, die ons "
                                 "begeleidt{% else %} en " + U + "u" + E + "jij" + END + "{% endif %}.")
    tag(doc, "endif")
    paragraph(doc, "Wat is een rondetafelgesprek?", "Heading 2")
    paragraph(doc, "We zitten samen met de mensen die belangrijk zijn voor ons. We vertellen hoe het "
                   "gaat: wat goed gaat en waar we hulp bij willen. Iedereen mag zeggen wat hij of zij "
                   "denkt. Samen maken we afspraken: wat we doen, wie wat doet en tegen wanneer. Wij "
                   "beslissen mee over alles wat we afspreken.")
    paragraph(doc, U + "Kunt u" + E + "Kun je" + END + " niet komen?", "Heading 2")
    paragraph(doc, "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". " + U + "Wilt u" + E
              + "Wil je" + END + " toch iets zeggen? Schrijf het op en geef het aan iemand mee, of "
              "vertel het vooraf aan {{ begeleider.voornaam or contact.naam }}. Dan nemen we het mee "
              "naar het gesprek.")
    closing(doc, (("We hopen dat " + U + "u" + E + "je" + END + " erbij bent.", None),
                  ("Hartelijke groeten,", None),
                  ("{{ gezin.aanhef }}", None),
                  ("{% if begeleider.naam %}samen met {{ begeleider.naam }}, begeleider bij "
                   "{{ team.naam }}{% endif %}", "Klein")))
    tag(doc, "endif")
    if _building[0] != "nl":  # two languages in one letter: a Dutch line for those around the family
        dutch = doc.add_paragraph(style="Klein")
        dutch.paragraph_format.space_before = Pt(18)
        _top_border(dutch)
        dutch.add_run(DUTCH_LINE)
    return doc


DUTCH_LINE = ("In het Nederlands: uitnodiging voor het rondetafelgesprek van {{ gezin.naam }}. Vragen? "
              "{{ contact.naam }}{% if contact.bereikbaar_nl %}, {{ contact.bereikbaar_nl }}{% endif %}.")


REPORT_FOOTER = "{{ team.naam }} · ons kenmerk {{ dossier.nummer }} · pagina "


def report() -> Document:
    """verslag.docx: what was said and agreed at a round-table, for everyone who was there.

    Its dates: the round-table it reports on, and the next one (or "we spreken een datum af").
    """
    doc = new_document("Verslag rondetafelgesprek")
    # the family is named as a family, not as a case: its dossier number is the team's reference,
    # small in the footer
    letterhead(doc, REPORT_FOOTER)
    paragraph(doc, "Verslag van ons rondetafelgesprek", "Title")
    subtitle = paragraph(doc, "{{ gezin.aanhef }}", "Klein")
    subtitle.paragraph_format.space_after = Pt(12)
    labelled(doc, "Wanneer", "{{ rondetafel.wanneer }}")
    labelled(doc, "Waar", "{{ rondetafel.plaats or 'niet ingevuld' }}")
    labelled(doc, "Soort gesprek", "{{ rondetafel.soort or 'rondetafel' }}")
    labelled(doc, "Aanwezig", "{{ rondetafel.aanwezig or 'niet ingevuld' }}")
    labelled(doc, "Begeleider", "{{ begeleider.naam or 'nog niet gekend' }}")

    paragraph(doc, "Wat we bespraken", "Heading 1")
    tag(doc, "if rondetafel.verslag")
    paragraph(doc, "{{ rondetafel.verslag }}")
    tag(doc, "else")
    paragraph(doc, "Het verslag is nog niet ingevuld.")
    tag(doc, "endif")

    tag(doc, "if eerdere_afspraken")
    paragraph(doc, "Hoe staan de afspraken van vorige keer?", "Heading 1")
    table(doc, ("Rondetafel", "Wat doen we", "Wie", "Tegen wanneer", "Hoe ver"),
          "a in eerdere_afspraken",
          ("{{ a.rondetafel|korte_datum }}", "{{ a.actie or a.doel }}", "{{ a.wie }}",
           "{{ a.tegen_wanneer|korte_datum or 'samen te bekijken' }}", "{{ a.stand }}"),
          (2.4, 5.4, 2.6, 2.4, 3.6))
    paragraph(doc)
    tag(doc, "endif")

    paragraph(doc, "Wat we afspraken", "Heading 1")
    tag(doc, "if afspraken")
    table(doc, ("Doel", "Wat doen we", "Wie", "Wie helpt", "Tegen wanneer"), "a in afspraken",
          ("{{ a.doel }}", "{{ a.actie }}", "{{ a.wie }}", "{{ a.ondersteuning }}",
           "{{ a.tegen_wanneer|korte_datum or 'samen te bekijken' }}"),
          (3.4, 4.4, 2.2, 3.6, 2.8))
    paragraph(doc)
    tag(doc, "elif eerdere_afspraken")
    # this round-table only closed earlier agreements (or left them as they were): they are above
    paragraph(doc, "We maakten geen nieuwe afspraken.")
    tag(doc, "else")
    paragraph(doc, "We noteerden geen afspraken.")
    tag(doc, "endif")

    paragraph(doc, "Volgende keer", "Heading 1")
    tag(doc, "if rondetafel.volgende")
    paragraph(doc, "We zien elkaar terug op {{ rondetafel.volgende_wanneer }}.")
    tag(doc, "else")
    paragraph(doc, "We spreken samen een datum af.")
    tag(doc, "endif")
    paragraph(doc, "Klopt er iets niet in dit verslag? Laat het weten aan " + CONTACT + ".",
              "Klein").paragraph_format.space_before = Pt(18)
    return doc


def family_plan() -> Document:
    """gezinsplan.docx: the family's own plan, in their words ("we").

    One date story: the plan's date (heading and signature), the round-table it was made at,
    and the next round-table to look back at (or "we spreken een datum af").
    """
    doc = new_document("Ons gezinsplan")
    letterhead(doc)
    paragraph(doc, "Ons gezinsplan", "Title")
    subtitle = paragraph(doc, "{{ gezin.aanhef }} · {{ plan.datum or vandaag }}", "Klein")
    subtitle.paragraph_format.space_after = Pt(12)
    tag(doc, "if plan.afgesloten")
    notice(doc, "Let op: dit plan loopt niet meer. {{ team.naam }} ging met ons mee tot "
                "{{ plan.afgesloten }}.")
    tag(doc, "endif")
    paragraph(doc, "Dit plan is van ons. We schreven het samen met de mensen rond ons, in onze eigen "
                   "woorden{% if plan.rondetafel %}, op ons rondetafelgesprek van {{ plan.rondetafel }}"
                   "{% endif %}. Het zegt waar we sterk in zijn en waar we ons zorgen over maken. Het zegt "
                   "ook wat we willen bereiken en wie ons daarbij helpt.")

    paragraph(doc, "Wie zijn wij?", "Heading 1")
    paragraph(doc, "Wij zijn {{ gezin.in_zin }}.{% if gezin.adres %} We wonen in {{ gezin.adres }}."
                   "{% endif %} {% if begeleider.naam %}{{ begeleider.naam }} van {% endif %}"
                   "{{ team.naam }} {% if plan.afgesloten %}ging{% else %}gaat{% endif %} een tijd met "
                   "ons mee.{% if contact.bereikbaar %} We bereiken "
                   "{{ begeleider.voornaam or 'het team' }} via {{ contact.bereikbaar }}.{% endif %}")

    paragraph(doc, "Onze krachten", "Heading 1")
    paragraph(doc, "{{ gezin.krachten or 'Dat schrijven we samen op.' }}")
    paragraph(doc, "Onze zorgen", "Heading 1")
    paragraph(doc, "{{ gezin.zorgen or 'Dat schrijven we samen op.' }}")
    paragraph(doc, "Wat we hopen", "Heading 1")
    paragraph(doc, "{{ gezin.wensen or 'Dat schrijven we samen op.' }}")

    paragraph(doc, "Onze vragen en afspraken", "Heading 1")
    tag(doc, "for domein in levensdomeinen")
    paragraph(doc, "{{ domein.naam }}", "Heading 2")
    tag(doc, "if domein.vragen")
    paragraph(doc, "Wat we willen bereiken: {{ domein.vragen|join('; ') }}.", keep_with_next=True)
    tag(doc, "endif")
    tag(doc, "if domein.afspraken")
    table(doc, ("Wat doen we", "Wie", "Wie helpt", "Tegen wanneer", "Hoe ver"), "a in domein.afspraken",
          ("{{ a.actie or a.doel }}", "{{ a.wie }}", "{{ a.ondersteuning }}",
           "{{ a.tegen_wanneer|korte_datum or 'samen te bekijken' }}", "{{ a.stand }}"),
          (5.6, 2.6, 3.0, 2.8, 2.4))
    paragraph(doc)
    tag(doc, "else")
    paragraph(doc, "Hier maken we nog afspraken over.")
    tag(doc, "endif")
    tag(doc, "endfor")
    tag(doc, "if not levensdomeinen")
    paragraph(doc, "We maken onze afspraken samen op het eerste rondetafelgesprek.")
    tag(doc, "endif")

    paragraph(doc, "Ons netwerk", "Heading 1")
    tag(doc, "if netwerk")
    paragraph(doc, "Deze mensen staan rond ons:", keep_with_next=True)
    table(doc, ("Naam", "Wie is dit voor ons", "Organisatie"), "n in netwerk",
          ("{{ n.naam }}", "{{ n.wie }}", "{{ n.organisatie }}"), (5.6, 5.2, 5.6))
    paragraph(doc)
    tag(doc, "else")
    paragraph(doc, "We kiezen samen wie we erbij vragen.")
    tag(doc, "endif")

    paragraph(doc, "Wanneer kijken we samen terug?", "Heading 1")
    tag(doc, "if terugblik.wanneer")
    paragraph(doc, "Op {{ terugblik.wanneer }} kijken we samen terug: wat lukte, wat nog niet, en wat "
                   "we anders willen doen.")
    tag(doc, "else")
    paragraph(doc, "We spreken samen een datum af om terug te kijken. Wat lukte, wat nog niet, en wat "
                   "willen we anders doen?")
    tag(doc, "endif")

    paragraph(doc, "Zo spraken we het af", "Heading 1")
    paragraph(doc, "Datum: {{ plan.datum or vandaag }}", keep_with_next=True)
    signature_lines(doc, "ondertekenaars")
    return doc


def children_plan() -> Document:
    """kindplan.docx: the plan for the children, from the same data: short sentences, large type,
    what was agreed for and with them, who helps, when we talk again, and room for a drawing."""
    doc = new_document("Ons plan")
    styles = doc.styles
    styles["Normal"].font.size = Pt(15)
    styles["Normal"].paragraph_format.space_after = Pt(8)
    styles["Title"].font.size = Pt(30)
    styles["Heading 1"].font.size = Pt(19)
    styles["Tabeltekst"].font.size = Pt(14)
    letterhead(doc)
    paragraph(doc, "Ons plan", "Title")
    paragraph(doc, "{{ gezin.aanhef }} · {{ plan.datum or vandaag }}",
              "Klein").paragraph_format.space_after = Pt(14)
    tag(doc, "if plan.afgesloten")
    notice(doc, "Let op: dit plan loopt niet meer. Het stopte op {{ plan.afgesloten|datum_zonder_dag }}.")
    tag(doc, "endif")
    paragraph(doc, "Hallo{% if kinderen_tekst %} {{ kinderen_tekst }}{% endif %}!")
    paragraph(doc, "Dit is ons plan. We maakten het samen. Hier staat wat we afspraken.")

    paragraph(doc, "Waar we goed in zijn", "Heading 1")
    paragraph(doc, "{{ gezin.krachten or 'Dat schrijven we samen op.' }}")
    paragraph(doc, "Wat we willen", "Heading 1")
    paragraph(doc, "{{ gezin.wensen or 'Dat schrijven we samen op.' }}")

    paragraph(doc, "Wat we afspraken", "Heading 1")
    tag(doc, "for a in afspraken")
    # an agreement whose Wie is empty says what, not who: never a "we" the workbook does not say
    para = paragraph(doc, "{% if a.met_kinderen %}★ {% endif %}{% if a.wie %}{{ a.wie }}: {% endif %}"
                          "{{ a.wat }}.{% if a.helpt %} {{ a.helpt }} helpt.{% endif %}"
                          "{% if a.tegen_wanneer %} Tegen {{ a.tegen_wanneer|datum_zonder_dag }}.{% endif %}")
    para.paragraph_format.left_indent = Cm(0.6)
    tag(doc, "endfor")
    tag(doc, "if afspraken|selectattr('met_kinderen')|list")
    paragraph(doc, "★ Daar doe{% if kinderen|length == 1 %} jij{% else %}n jullie{% endif %} aan mee.",
              "Klein")
    tag(doc, "endif")
    tag(doc, "if not afspraken")
    paragraph(doc, "We maken samen afspraken. {% if kinderen|length == 1 %}Jij mag ook zeggen wat jij "
                   "wil.{% else %}Jullie mogen ook zeggen wat jullie willen.{% endif %}")
    tag(doc, "endif")

    paragraph(doc, "Wie helpt ons?", "Heading 1")
    paragraph(doc, "{% if helpers_tekst %}We krijgen hulp van {{ helpers_tekst }}.{% else %}We kiezen "
                   "samen wie ons helpt.{% endif %}")
    paragraph(doc, "Wanneer praten we weer?", "Heading 1")
    paragraph(doc, "{% if terugblik.datum %}Op {{ terugblik.datum }} praten we weer samen."
                   "{% else %}We kiezen samen een dag om weer te praten.{% endif %}")
    paragraph(doc, "{% if kinderen|length == 1 %}Wil je iets vragen?{% else %}Willen jullie iets vragen?"
                   "{% endif %} Vraag het aan {{ begeleider.voornaam or contact.naam }}.")

    heading = paragraph(doc, "Mijn tekening", "Heading 1")
    heading.paragraph_format.page_break_before = True
    paragraph(doc, "{% if kinderen|length == 1 %}Teken hier wat jij belangrijk vindt.{% else %}Teken hier "
                   "wat jullie belangrijk vinden.{% endif %}", keep_with_next=True)
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = box.rows[0]
    row.height = Cm(15)
    _cant_split(row)
    row.cells[0].width = Cm(16.4)
    return doc


TEMPLATES: dict[str, Callable[[], Document]] = {
    "uitnodiging.docx": invitation,
    "verslag.docx": report,
    "gezinsplan.docx": family_plan,
    "kindplan.docx": children_plan,
}


def build(name: str, language: str = "nl") -> bytes:
    """The template as .docx bytes, in ``language``."""
    buffer = io.BytesIO()
    _building[0] = language
    try:
        TEMPLATES[name]().save(buffer)
    finally:
        _building[0] = "nl"
    return buffer.getvalue()


def target_of(name: str, language: str = "nl") -> Path:
    """Dutch at the top of eenplan/docx_templates, another language in a folder named by its code."""
    return TARGET / name if language == "nl" else TARGET / language / name


BUILDS = [(language, name) for language in LANGUAGES for name in TEMPLATES]


def xml_parts(data: bytes) -> dict[str, bytes]:
    """The XML parts of a .docx that say what it looks like (not its zip bytes, nor its dates)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in sorted(archive.namelist())
                if name.endswith(".xml") and name != "docProps/core.xml"}


def main(argv: Sequence[str]) -> int:
    stale = []
    written = False
    for language, name in BUILDS:
        data = build(name, language)
        target = target_of(name, language)
        target.parent.mkdir(exist_ok=True)
        if target.exists() and xml_parts(target.read_bytes()) == xml_parts(data):
            continue
        if "--check" in argv:
            stale.append(target)
        else:
            target.write_bytes(data)
            print(f"geschreven: {target.relative_to(ROOT)}")
            written = True
    for target in stale:
        print(f"verouderd: {target.relative_to(ROOT)}; voer python scripts/build_templates.py uit")
    if written:
        print("voer nu ook python scripts/shipped_templates.py uit (docx_templates/shipped.json)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
