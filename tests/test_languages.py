"""The family's language: Taal on Dossiers and Netwerk picks each letter's template and the
language of its dates; a language without templates goes in Dutch and says so; Arabic is laid
out right to left; what eenplan cannot use is one sentence, never a traceback."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import invitations_for, plan_for, report_for
from eenplan.docx_templates.lint import check_folder
from eenplan.dutch import language, language_code, long_date_and_hour
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.conftest import TODAY, check_book
from tests.test_documents import make_team, text_of

AS_OF = ["--as-of", "2026-11-23"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _team(tmp_path, book, *, family: str = "fr", maria: str = "en", els: str = "") -> Path:
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][-1]["language"] = family
    book.rows["Netwerk"][0]["language"] = maria
    book.rows["Netwerk"][1]["language"] = els
    book.save(root / "Caseload.xlsx")
    return root


def _letters(root: Path) -> dict[str, Path]:
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    return {p.name.split(" - ")[-1].removesuffix(".docx"): p for p in made.written
            if p.suffix == ".docx" and "Uitnodiging rondetafel - " in p.name}


@pytest.mark.parametrize("text, code", [("", "nl"), ("fr", "fr"), ("FR", "fr"), ("Frans", "fr"),
                                        (" Engels ", "en"), ("ar", "ar"), ("tr", "tr"),
                                        ("xx", None), ("klingon", None), ("f", None)])
def test_a_taal_cell_as_a_language_code(text, code):
    assert language_code(text) == code


def test_dates_hours_and_lists_follow_the_language():
    day, hour = datetime.date(2026, 12, 7), datetime.time(9, 30)
    with language("fr"):
        assert long_date_and_hour(day, hour) == "lundi 7 décembre 2026 à 9 h 30"
    with language("en"):
        assert long_date_and_hour(day, hour) == "Monday 7 December 2026 at 9:30"
    assert long_date_and_hour(day, hour) == "maandag 7 december 2026 om 9.30 uur"


def test_each_letter_in_its_readers_language(book, tmp_path):
    letters = _letters(_team(tmp_path, book))
    family, maria, els = (text_of(letters[n]) for n in ("Familie Peeters", "Maria Peeters",
                                                         "Els Maes"))
    assert "Votre table ronde" in family and "lundi 7 décembre 2026" in family
    assert "An invitation to our round-table meeting" in maria and "Monday 7 December 2026" in maria
    # Els has no Taal of her own: she gets the family's language
    assert "Invitation à notre table ronde" in els and "Bonjour Els" in els


def test_a_language_without_templates_goes_in_dutch_and_says_so(runner, book, tmp_path):
    root = _team(tmp_path, book, family="", maria="tr")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "geen sjabloon uitnodiging.docx in de taal tr" in " ".join(result.output.split())
    letter = next((root / "out" / "2026-014").glob("*Maria Peeters.docx"))
    assert "maandag 7 december 2026" in text_of(letter)
    team = find_team(team=root)
    report = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert report.notes == ()  # the family reads Dutch


def test_the_report_of_a_turkish_family_goes_in_dutch_until_the_team_translates_it(book, tmp_path):
    root = _team(tmp_path, book, family="tr", maria="")
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert [n for n in made.notes if "verslag.docx in de taal tr" in n]
    # the team translates it: a template in docx_templates/tr/ is used from then on
    french = root / "docx_templates" / "tr"
    french.mkdir(parents=True)
    doc = Document()
    doc.add_paragraph("Rapor: {{ gezin.naam }}, {{ rondetafel.datum }}.")
    doc.save(str(french / "verslag.docx"))
    again = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    (path,) = [p for p in again.written if p.suffix == ".docx"]
    assert "Rapor: Familie Peeters, Pazartesi 5 Ekim 2026." in text_of(path)
    assert again.notes == ()


def test_check_names_an_unknown_language_and_one_without_templates(book, tmp_path):
    book.dossier("2026-001", language="klingon")
    book.dossier("2026-002", language="fr")
    book.network("2026-002", name="Ayşe Demir", language="tr")
    report = check_book(book, tmp_path)
    assert [(f.code, f.dossier) for f in report.findings if f.code == "unknown-language"] == [
        ("unknown-language", "2026-001")]


def test_check_in_a_team_folder_says_which_languages_have_no_templates(runner, book, tmp_path):
    root = _team(tmp_path, book, family="fr", maria="tr")
    result = runner.invoke(cli, ["check", "--team", str(root), "--format", "json", *AS_OF])
    import json

    codes = [(f["code"], f["value"]) for f in json.loads(result.output)["findings"]
             if "language" in f["code"]]
    assert codes == [("language-without-templates", "tr")]


def test_templates_check_per_language_folder(tmp_path):
    folder = tmp_path / "docx_templates"
    folder.mkdir()
    for name in ("klingon", "tr"):
        (folder / name).mkdir()
        doc = Document()
        doc.add_paragraph("Merhaba {{ ontvanger.naam }}, {{ contact.bereikbaar }}")
        doc.save(str(folder / name / "uitnodiging.docx"))
    (folder / "fr").mkdir()  # the Dutch invitation, copied into the French folder by mistake
    shutil.copyfile(Path(__file__).resolve().parents[1] / "eenplan" / "docx_templates" /
                    "uitnodiging.docx", folder / "fr" / "uitnodiging.docx")
    report = check_folder(folder)
    found = {(f.template, f.code) for f in report.findings}
    assert ("fr/uitnodiging.docx", "wrong-language") in found
    assert ("tr/uitnodiging.docx", "wrong-language") not in found
    assert ("klingon/", "unknown-language-folder") in found
    assert ("tr/", "missing-template") in found
    assert "tr/uitnodiging.docx" in report.templates


def _arabic_team(tmp_path, book) -> Path:
    root = _team(tmp_path, book, family="", maria="ar")
    arabic = root / "docx_templates" / "ar"
    arabic.mkdir(parents=True)
    doc = Document()
    doc.add_paragraph("مرحبا {{ ontvanger.naam }}")
    doc.add_paragraph("{{ rondetafel.wanneer }} · {{ contact.bereikbaar }}")
    doc.save(str(arabic / "uitnodiging.docx"))
    return root


def test_an_arabic_letter_is_laid_out_right_to_left(book, tmp_path):
    letters = _letters(_arabic_team(tmp_path, book))
    body = Document(str(letters["Maria Peeters"])).element.body
    paragraphs = list(body.iter(f"{W}p"))
    assert paragraphs and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    assert "ديسمبر" in text_of(letters["Maria Peeters"])  # December, in Arabic
    dutch = Document(str(letters["Els Maes"])).element.body  # Els reads Dutch: left to right
    assert not list(dutch.iter(f"{W}bidi"))


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return unicodedata.normalize("NFKC", done.stdout.decode("utf-8"))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and pdftotext are installed by `make test`")
def test_french_and_arabic_letters_in_the_pdf(runner, book, tmp_path):
    root = _arabic_team(tmp_path, book)
    book.rows["Dossiers"][-1]["language"] = "fr"
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--pdf", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    folder = root / "out" / "2026-014"
    french = _pdf_text(next(folder.glob("*Familie Peeters.pdf")))
    assert "lundi 7 décembre 2026" in " ".join(french.split())
    assert "Bonjour Famille Peeters," in french and "(grootmoeder)" not in french
    arabic = _pdf_text(next(folder.glob("*Maria Peeters.pdf")))
    assert "Maria Peeters" in arabic
    month = "ديسمبر"
    assert month in arabic or month[::-1] in arabic


def test_how_to_reach_the_begeleider_is_said_in_the_readers_language():
    """"03 123 45 67 of an@example.org" in an English letter was Dutch in the middle of it."""
    from eenplan.docx_templates.context import contact_context
    from eenplan.dutch import language
    from eenplan.sheets.records import StaffContact
    from eenplan.team.settings import Settings

    staff = StaffContact(row=2, name="An Claes", phone="03 123 45 67", email="an@example.org")
    said = {}
    for code in ("nl", "en", "fr", "tr"):
        with language(code):
            said[code] = contact_context(Settings(), "An Claes", staff)["bereikbaar"]
    assert said["nl"] == "03 123 45 67 of an@example.org"
    assert said["en"] == "03 123 45 67 or an@example.org"
    assert said["fr"] == "03 123 45 67 ou an@example.org"
    assert " of " not in said["tr"]
    with language("en"):
        assert contact_context(Settings(), "An Claes", StaffContact(2, "An Claes", "", "an@x.be"))[
            "bereikbaar"] == "an@x.be"


def test_a_taal_eenplan_does_not_know_goes_in_dutch_and_says_so(book, tmp_path):
    """Taal "xx": Dutch documents, with the same Let op line as for a language without templates
    (there was no word at all)."""
    root = _team(tmp_path, book, family="xx", maria="", els="")
    team = find_team(team=root)
    invited = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert len([n for n in invited.notes if '"xx"' in n]) == 3  # the family, Maria and Els read xx
    planned = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert [n for n in planned.notes if '"xx"' in n] and "Ons gezinsplan" in text_of(planned.written[0])
    book.rows["Dossiers"][-1]["language"] = "fr"
    book.save(root / "Caseload.xlsx")
    assert plan_for(team, load_caseload(team), "2026-014", today=TODAY).notes == ()


@pytest.mark.parametrize(("code", "words", "dutch"), [
    ("fr", ["Pour notre famille", "Accompagnement", "suivi"], ["Voor ons gezin", "opvolging"]),
    ("en", ["For our family", "Support worker", "follow-up"], ["Voor ons gezin", "opvolging"]),
])
def test_eenplans_own_words_in_a_french_or_english_plan_and_report(book, tmp_path, code, words, dutch):
    """The signature captions and the kind of meeting stayed Dutch in a French or English document."""
    root = _team(tmp_path, book, family=code, maria="", els="")
    team = find_team(team=root)
    caseload = load_caseload(team)
    plan = text_of(plan_for(team, caseload, "2026-014", today=TODAY).written[0])
    report = text_of(report_for(team, caseload, "2026-014", datetime.date(2026, 12, 7),
                                today=datetime.date(2026, 12, 7)).written[0])  # nothing recorded yet
    for word in words:
        assert word in plan + report
    for word in dutch:
        assert word not in plan + report


@pytest.mark.parametrize(("code", "at", "said"), [
    ("nl", datetime.time(9, 0), "dinsdag 1 december 2026 om 9.00 uur"),
    ("nl", datetime.time(14, 30), "dinsdag 1 december 2026 om 14.30 uur"),
    ("fr", datetime.time(9, 0), "mardi 1er décembre 2026 à 9 h"),
    ("fr", datetime.time(9, 30), "mardi 1er décembre 2026 à 9 h 30"),
    ("en", datetime.time(9, 30), "Tuesday 1 December 2026 at 9:30"),
])
def test_hours_without_a_zero_in_front_and_the_french_first_of_the_month(code, at, said):
    with language(code):
        assert long_date_and_hour(datetime.date(2026, 12, 1), at) == said


def test_the_french_first_of_the_month_in_every_way_a_letter_writes_a_date():
    from eenplan.docx_templates.template import environment
    from eenplan.dutch import date_without_weekday

    first, second = datetime.date(2026, 8, 1), datetime.date(2026, 8, 2)
    template = "Pour le {{ d|datum(\"d MMMM\") }} ('d' {{ d|datum(\"d/MM\") }})"
    render = environment().from_string(template).render
    with language("fr"):
        assert date_without_weekday(first) == "1er août 2026"
        assert render(d=first) == "Pour le 1er août ('d' 1/08)"
        assert render(d=second) == "Pour le 2 août ('d' 2/08)"
    assert render(d=first) == "Pour le 1 augustus ('d' 1/08)"


def test_a_letter_made_with_the_old_spelling_of_an_hour_is_the_same_letter():
    """A letter made when eenplan wrote "09.30 uur" is not made (nor mailed) again because it
    now writes "9.30 uur"; a real change, and what a person typed, still count."""
    from eenplan.docx_templates.context import Datum
    from eenplan.docx_templates.documents import fingerprint

    def made(uur: str, when: str, notes: str = "", day: datetime.date = datetime.date(2026, 12, 1)):
        table = {"uur": uur, "wanneer": when, "datum": Datum.of(day), "verslag": notes}
        return fingerprint("uitnodiging", {"rondetafel": table})

    assert made("09.30 uur", "dinsdag 1 december 2026 om 09.30 uur") == \
        made("9.30 uur", "dinsdag 1 december 2026 om 9.30 uur")
    with language("fr"):
        assert made("09:30", "mardi 1 décembre 2026 à 09:30") == \
            made("9 h 30", "mardi 1er décembre 2026 à 9 h 30")
    assert made("09.30 uur", "") != made("10.30 uur", "")
    assert made("", "", notes="om 09.30 uur") != made("", "", notes="om 9.30 uur")
