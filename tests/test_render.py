"""Rendering: sandboxed, autoescaped, strict; a broken template is one Dutch sentence."""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from eenplan.docx_templates.context import (
    CHILDREN_PLAN,
    FIELDS,
    INVITATION,
    KINDS,
    PLAN,
    REPORT,
    children_plan_context,
    example_context,
    invitation_context,
    leaf_paths,
    plan_context,
    report_context,
)
from eenplan.docx_templates.renderer import render_document
from eenplan.dutch import language
from eenplan.errors import TemplateError
from eenplan.sheets.records import Agreement, Dossier, NetworkMember, RoundTable
from eenplan.team.settings import Letterhead, Settings

TEMPLATES = Path(__file__).resolve().parents[1] / "eenplan" / "docx_templates"
TODAY = datetime.date(2026, 11, 23)
SETTINGS = Settings(team_name="Team Test", letterhead=Letterhead(organisation="1G1P Test",
                                                                 address="Markt 1, 2930 Brasschaat",
                                                                 phone="03 123 45 67"))


def dossier(**changes) -> Dossier:
    values = dict(row=2, id="2026-014", family="Familie Peeters", flow="procesbegeleiding",
                  municipality="Brasschaat", referrer="", question="Opvoeding", begeleider="An Claes",
                  registered_on=datetime.date(2026, 9, 1), perspective_on=datetime.date(2026, 9, 20),
                  plan_on=datetime.date(2026, 10, 5), closed_on=None, closure_reason="", sessions=None,
                  address="Kerkstraat 1, 2930 Brasschaat", email="", strengths="Warm", worries="Druk",
                  wishes="Rust", remarks="")
    values.update(changes)
    return Dossier(**values)


def member(name="Maria Peeters", row=2, **changes) -> NetworkMember:
    values = dict(row=row, dossier="2026-014", name=name, role="Grootouder", relation="grootmoeder",
                  organisation="", email="", phone="", address="", invite=True)
    values.update(changes)
    return NetworkMember(**values)


TABLE = RoundTable(row=2, dossier="2026-014", date=datetime.date(2026, 12, 7),
                   time=datetime.time(9, 30), location="Huis van het Kind", kind="opvolging",
                   present="het gezin", notes="We bespraken\nde ochtenden.", next_date=None)
AGREEMENT = Agreement(row=2, dossier="2026-014", round_table=datetime.date(2026, 12, 7),
                      domain="Opvoeding", goal="Rust", action="Schema maken", who="Mama",
                      support="Oma", due=datetime.date(2026, 12, 18), status="open")
EARLIER = Agreement(row=3, dossier="2026-014", round_table=datetime.date(2026, 10, 5),
                    domain="Onderwijs", goal="Naar school", action="Gesprek met juf", who="Papa",
                    support="", due=datetime.date(2026, 11, 2), status="lopend")


def contexts():
    invited = [member(), member("Els Maes", row=3, role="Buur", relation="buurvrouw")]
    return {
        INVITATION: invitation_context(SETTINGS, dossier(), TABLE, invited[0], invited, today=TODAY),
        REPORT: report_context(SETTINGS, dossier(), TABLE, [AGREEMENT, EARLIER], round_tables=[TABLE],
                               today=TODAY),
        # the plan made at TABLE: its agreements and the earlier ones
        PLAN: plan_context(SETTINGS, dossier(plan_on=TABLE.date), invited, [TABLE],
                           [AGREEMENT, EARLIER], today=TODAY),
        CHILDREN_PLAN: children_plan_context(
            SETTINGS, dossier(plan_on=TABLE.date),
            [*invited, member("Lotte Peeters", row=4, role="Kind of jongere")],
            [TABLE], [AGREEMENT, EARLIER], today=TODAY),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_the_catalogue_documents_exactly_what_the_builders_make(kind):
    assert leaf_paths(contexts()[kind]) == {f.path for f in FIELDS[kind]}
    assert all(f.description for f in FIELDS[kind])


def text_of(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
def test_the_default_templates_render(kind):
    data = render_document(TEMPLATES / f"{kind}.docx", contexts()[kind], kind=kind, team_name="Team Test",
                           today=TODAY)
    text = text_of(data)
    assert "Familie Peeters" in text and "1G1P Test" in text
    assert "{{" not in text and "{%" not in text and "None" not in text


def test_invitation_says_when_where_and_who_else():
    data = render_document(TEMPLATES / "uitnodiging.docx", contexts()[INVITATION], kind=INVITATION,
                           team_name="Team Test", today=TODAY)
    text = text_of(data)
    assert "maandag 7 december 2026 om 9.30 uur" in text
    assert "Beste Maria," in text and "Wij zijn er, met Els, de buurvrouw." in text
    assert "Maria," not in text.split("Wie komt er")[1]  # the reader is no guest of her own letter


def test_names_are_text_not_markup(tmp_path):
    odd = 'Janssens & Zn <b>"X"</b>'
    context = invitation_context(SETTINGS, dossier(family=odd), TABLE, None, [member()], today=TODAY)
    data = render_document(TEMPLATES / "uitnodiging.docx", context, kind=INVITATION, team_name="T",
                           today=TODAY)
    assert f"Beste {odd}," in text_of(data)


def core_xml(data: bytes) -> dict[str, str]:
    """docProps/core.xml read with the namespaces written out (not through python-docx)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("docProps/core.xml"))
        app = archive.read("docProps/app.xml").decode("utf-8")
    return {etree.QName(e).namespace + " " + etree.QName(e).localname: e.text or "" for e in root} | {
        "app": app}


CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"


def test_the_team_is_the_only_author(tmp_path):
    template = tmp_path / "t.docx"
    doc = Document(str(TEMPLATES / "verslag.docx"))
    doc.core_properties.author = "Sofie Privé"
    doc.core_properties.comments = "intern"
    doc.save(str(template))
    data = render_document(template, contexts()[REPORT], kind=REPORT, team_name="Team Test", today=TODAY)
    core = core_xml(data)
    assert core[f"{DC} creator"] == "Team Test"
    assert core[f"{CORE} lastModifiedBy"] == "Team Test"
    assert core[f"{DC} title"] == ""  # a template's title may name a family: no document has one
    assert not any("Sofie" in value or "intern" in value for value in core.values())
    assert all(key.startswith((CORE, DC, "http://purl.org/dc/terms/", "app")) for key in core)


def test_a_letter_carries_no_picture_of_the_template_nor_who_commented_on_it(tmp_path):
    """Word keeps docProps/thumbnail.jpeg (the template as last saved) and word/people.xml (who
    commented or tracked changes, after they were accepted): neither goes to a family."""
    import re
    import zipfile

    source = tmp_path / "source.docx"
    Document(str(TEMPLATES / "verslag.docx")).save(str(source))
    template = tmp_path / "t.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(template, "w") as new:
        assert "docProps/thumbnail.jpeg" in old.namelist()  # python-docx's and Word's have one
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/thumbnail.jpeg":
                data = b"\xff\xd8\xff\xe0 Sofie Prive"
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/'
                    b'relationships/people" Target="people.xml"/></Relationships>'))
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/word/people.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/></Types>'))
            new.writestr(item, data)
        new.writestr("word/people.xml", (
            '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            '<w15:person w15:author="Sofie Prive"/></w15:people>'))
    data = render_document(template, contexts()[REPORT], kind=REPORT, team_name="Team Test", today=TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as letter:
        names = letter.namelist()
        assert not any(re.search(r"thumbnail|people", n) for n in names), names
        assert not any(b"Sofie" in letter.read(n) for n in names)


def template_with(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "uitnodiging.docx"
    doc.save(str(path))
    return path


def test_an_unknown_field_names_the_template_and_suggests(tmp_path):
    path = template_with(tmp_path, "Beste {{ gezin.naaam }},")
    with pytest.raises(TemplateError) as caught:
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)
    assert str(caught.value) == ("In uitnodiging.docx staat {{ gezin.naaam }}: dat veld bestaat niet. "
                                 "Bedoel je {{ gezin.naam }}?")


def test_an_unknown_field_in_a_loop_is_said_with_the_loop_variable(tmp_path):
    path = template_with(tmp_path, "{% for g in genodigden %}{{ g.voornam }}{% endfor %}")
    with pytest.raises(TemplateError, match=r"\{\{ g.voornam \}\}.*Bedoel je \{\{ g.voornaam \}\}"):
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)


def test_a_syntax_error_names_the_paragraph(tmp_path):
    path = template_with(tmp_path, "Hallo", "Beste {{ gezin.naam },", "Tot dan")
    with pytest.raises(TemplateError) as caught:
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)
    message = str(caught.value)
    assert message.startswith('In uitnodiging.docx wordt een {{ of {% niet gesloten in de alinea '
                              '"Beste {{ gezin.naam },"')


def test_the_sandbox_keeps_python_out(tmp_path):
    path = template_with(tmp_path, "{{ gezin.naam.__class__.__mro__ }}")
    with pytest.raises(TemplateError, match="uitnodiging.docx"):
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)


def test_not_a_docx(tmp_path):
    path = tmp_path / "uitnodiging.docx"
    path.write_text("dit is geen Word-bestand")
    with pytest.raises(TemplateError, match="uitnodiging.docx is geen Word-document"):
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)


# eenplan's own list, whatever the installed Babel would print for these
REFUSED_PATTERNS = ["EEEE ddd", "dddd", "YYYY-ww", "d MMMM Q", "d MMMM yyyyy", "EEEEE d", "d 'MMMM",
                    "d MMMM y!", "HH:mm", "d MMMM y 'om' H"]


@pytest.mark.parametrize("pattern", REFUSED_PATTERNS)
def test_a_date_pattern_eenplan_does_not_know_is_said_in_dutch(tmp_path, pattern):
    path = template_with(tmp_path, f'{{{{ rondetafel.datum|datum("{pattern}") }}}}')
    expected = "toont een uur" if "H" in pattern else r"kent eenplan niet"
    with pytest.raises(TemplateError, match=rf'In uitnodiging.docx .*het patroon "{pattern}" .*{expected}'):
        render_document(path, contexts()[INVITATION], kind=INVITATION, team_name="T", today=TODAY)


def test_a_date_pattern_from_a_field_is_checked_at_rendering(tmp_path):
    path = template_with(tmp_path, "{{ rondetafel.datum|datum(gezin.naam) }}")
    with pytest.raises(TemplateError, match=r'het patroon "Familie Peeters" in \|datum\(\.\.\.\) kent'):
        render_document(path, contexts()[INVITATION], kind=INVITATION, team_name="T", today=TODAY)


@pytest.mark.parametrize(("pattern", "shown"), [
    ("d MMMM", "7 december"),
    ("EEEE d MMMM y", "maandag 7 december 2026"),
    ("EEEE dd/MM/yyyy", "maandag 07/12/2026"),
    ("d/M/yy", "7/12/26"),
    ("'de' d'e' 'van' MMMM", "de 7e van december"),
    ("(EEE) d MMM y", "(ma) 7 dec"),
])
def test_the_date_patterns_of_a_letter_are_filled_in(tmp_path, pattern, shown):
    path = template_with(tmp_path, f'{{{{ rondetafel.datum|datum("{pattern}") }}}} '
                                   "{{ rondetafel.datum|korte_datum }}")
    text = text_of(render_document(path, contexts()[INVITATION], kind=INVITATION, team_name="T", today=TODAY))
    assert f"{shown}" in text and "07/12/2026" in text


@pytest.mark.parametrize("field", ["{{ gezin.naam + 5 }}", "{{ 1 / 0 }}", "{{ gezin.naam < 3 }}"])
def test_arithmetic_on_fields_is_one_sentence(tmp_path, field):
    path = template_with(tmp_path, field)
    with pytest.raises(TemplateError, match="uitnodiging.docx rekent of vergelijkt"):
        render_document(path, contexts()[INVITATION], kind=INVITATION, team_name="T", today=TODAY)


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_begeleider_no_sentence_breaks(kind):
    without = dossier(begeleider="")
    invited = [member()]
    context = {
        INVITATION: lambda: invitation_context(SETTINGS, without, TABLE, invited[0], invited, today=TODAY),
        REPORT: lambda: report_context(SETTINGS, without, TABLE, [AGREEMENT], round_tables=[TABLE],
                                       today=TODAY),
        PLAN: lambda: plan_context(SETTINGS, without, invited, [TABLE], [AGREEMENT], today=TODAY),
        CHILDREN_PLAN: lambda: children_plan_context(SETTINGS, without, invited, [TABLE], [AGREEMENT],
                                                     today=TODAY),
    }[kind]()
    text = text_of(render_document(TEMPLATES / f"{kind}.docx", context, kind=kind, team_name="T",
                                   today=TODAY))
    for broken in (" , ", "aan ,", "aan .", "Ook ,", " van Team Test loopt", "aan  "):
        assert broken not in text.replace("\n", " "), (broken, text)
    assert "Team Test" in text


def test_the_letters_of_one_template_share_its_compiled_parts_and_keep_their_own_names(tmp_path,
                                                                                       monkeypatch):
    from eenplan.docx_templates import renderer

    shared = renderer._CompilingEnvironment(renderer.environment())
    monkeypatch.setattr(renderer, "_compiling_environment", lambda: shared)
    compiled = []
    original = shared._env.from_string
    monkeypatch.setattr(shared._env, "from_string", lambda source: compiled.append(1) or original(source))
    path = template_with(tmp_path, "Beste {{ ontvanger.naam }},")
    texts = []
    for name in ("Maria", "Els", "Jan"):
        context = invitation_context(SETTINGS, dossier(), TABLE, member(name=name), [member(name=name)],
                                     today=TODAY)
        texts.append(text_of(render_document(path, context, kind=INVITATION, team_name="T", today=TODAY)))
    assert [t.split("\n")[0] for t in texts] == ["Beste Maria,", "Beste Els,", "Beste Jan,"]
    assert len(compiled) == 1  # the body, once for the three letters
    changed = template_with(tmp_path, "Dag {{ ontvanger.naam }},")  # the same file, edited in Word
    context = invitation_context(SETTINGS, dossier(), TABLE, member(), [member()], today=TODAY)
    assert text_of(render_document(changed, context, kind=INVITATION, team_name="T",
                                   today=TODAY)).startswith("Dag Maria Peeters,")


def test_a_document_is_the_zip_python_docx_saves_made_reproducible_in_one_pass():
    from eenplan.docx_templates.renderer import render_document_and_docx
    from eenplan.files import reproducible_zip

    data, docx = render_document_and_docx(TEMPLATES / "uitnodiging.docx", contexts()[INVITATION],
                                          kind=INVITATION, team_name="Team Test", today=TODAY)
    saved = io.BytesIO()
    docx.save(saved)

    def entries(zipped: bytes) -> list[tuple[str, tuple[int, ...], bytes]]:
        with zipfile.ZipFile(io.BytesIO(zipped)) as package:
            return [(i.filename, i.date_time, package.read(i)) for i in package.infolist()]

    assert entries(data) == entries(reproducible_zip(saved.getvalue(), TODAY))
    assert {stamp for _, stamp, _ in entries(data)} == {(2026, 11, 23, 0, 0, 0)}


def test_the_report_looks_back_at_earlier_agreements_with_their_stand():
    done = Agreement(row=4, dossier="2026-014", round_table=datetime.date(2026, 10, 5),
                     domain="Wonen", goal="", action="Huurpremie", who="Mama", support="",
                     due=datetime.date(2026, 10, 30), status="klaar")
    table = RoundTable(row=3, dossier="2026-014", date=datetime.date(2026, 11, 16), time=None,
                       location="", kind="opvolging", present="", notes="", next_date=None)
    context = report_context(SETTINGS, dossier(), table, [AGREEMENT, EARLIER, done], round_tables=[table],
                             today=TODAY)
    earlier = context["eerdere_afspraken"]
    assert [(a["actie"], a["status"], a["te_laat"]) for a in earlier] == [
        ("Gesprek met juf", "lopend", True), ("Huurpremie", "klaar", False)]
    # judged on the day of the round-table (16/11), not on the day the report is made
    assert earlier[0]["stand"] == "te laat (sinds 02/11/2026)" and earlier[1]["stand"] == "klaar"
    assert str(earlier[0]["rondetafel"]) == "maandag 5 oktober 2026"
    assert [a["actie"] for a in context["afspraken"]] == []  # none was made on 16/11


def test_the_plan_shows_each_agreements_stand():
    # a plan without a date is the plan of today: here the day of TABLE
    context = plan_context(SETTINGS, dossier(plan_on=None), [], [TABLE], [AGREEMENT, EARLIER],
                           today=TABLE.date)
    stands = {a["actie"]: (a["stand"], a["te_laat"])
              for d in context["levensdomeinen"] for a in d["afspraken"]}
    assert stands == {"Schema maken": ("open", False),
                      "Gesprek met juf": ("te laat (sinds 02/11/2026)", True)}


def test_the_stand_of_an_agreement_is_said_in_the_documents_language():
    with language("fr"):
        context = plan_context(SETTINGS, dossier(plan_on=None), [], [TABLE], [AGREEMENT, EARLIER],
                               today=TABLE.date)
    stands = {a["actie"]: a["stand"] for d in context["levensdomeinen"] for a in d["afspraken"]}
    assert stands == {"Schema maken": "à faire", "Gesprek met juf": "en retard (depuis le 02/11/2026)"}
    with language("ar"):  # no word list for it: the Dutch, as its template is
        context = plan_context(SETTINGS, dossier(plan_on=None), [], [TABLE], [AGREEMENT], today=TABLE.date)
    assert [a["stand"] for d in context["levensdomeinen"] for a in d["afspraken"]] == ["open"]


def test_the_report_looks_back_at_an_agreement_taken_up_again_once():
    """Mama's babysitter, agreed on 5 October and taken up again on 2 November with a new date:
    the report of 16 November listed it twice under "vorige keer", once still late. Now once, as
    it stood last (due 20 November, not late on the 16th), beside the other earlier agreement."""
    first = Agreement(row=4, dossier="2026-014", round_table=datetime.date(2026, 10, 5),
                      domain="Gezin", goal="Rust", action="Babysit zoeken", who="Mama", support="",
                      due=datetime.date(2026, 10, 30), status="lopend")
    again = dataclasses.replace(first, row=9, round_table=datetime.date(2026, 11, 2),
                                due=datetime.date(2026, 11, 20), who=" mama ")
    table = RoundTable(row=3, dossier="2026-014", date=datetime.date(2026, 11, 16), time=None,
                       location="", kind="opvolging", present="", notes="", next_date=None)
    context = report_context(SETTINGS, dossier(), table, [first, EARLIER, again], round_tables=[table],
                             today=TODAY)
    earlier = [(a["actie"], a["te_laat"]) for a in context["eerdere_afspraken"]]
    assert earlier == [("Gesprek met juf", True), ("Babysit zoeken", False)]
    assert str(context["eerdere_afspraken"][1]["rondetafel"]) == "maandag 2 november 2026"


def test_the_plan_looks_back_at_the_next_date_its_round_table_agreed_on():
    """Made on 7 December with Volgende datum 18 January and no row for that round-table yet:
    the plan said nothing of when the family and its network look back at it together."""
    made = dataclasses.replace(TABLE, next_date=datetime.date(2027, 1, 18))
    context = plan_context(SETTINGS, dossier(plan_on=made.date), [], [made], [AGREEMENT], today=made.date)
    assert str(context["terugblik"]["datum"]) == "maandag 18 januari 2027"
    assert context["terugblik"]["wanneer"].startswith("maandag 18 januari 2027")
    later = dataclasses.replace(TABLE, row=9, date=datetime.date(2027, 1, 20), time=datetime.time(14))
    context = plan_context(SETTINGS, dossier(plan_on=made.date), [], [made, later], [AGREEMENT],
                           today=made.date)
    assert str(context["terugblik"]["datum"]) == "woensdag 20 januari 2027"  # the row, once there
