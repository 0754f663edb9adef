"""Odd names survive into the PDF exactly as typed: markup, emoji, 300 characters, diacritics."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from eenplan.docx_templates.documents import (
    Made,
    children_plan_for,
    invitations_for,
    plan_for,
    report_for,
)
from eenplan.docx_templates.pdf import to_pdf
from eenplan.privacy.export import export_dossier
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice en pdftotext zijn niet geïnstalleerd; `make test` installeert ze"),
]

ODD = 'Janssens & Zn <b>"X"</b>'
LONG = "Van " + "Aelbrecht" * 33  # 301 characters, one long word that must wrap
EMOJI = "Ëlla De Wit 😀"
IJ = "Ĳsbrand Çetin"
BEGELEIDER = "Çetin Yılmaz"
# Turkish, Polish and Arabic letters: on Netwerk, not invited, so in the plans and the overview
TURKISH = "Gülsüm Şahin"
POLISH = "Łukasz Wójcik-Żak"
ARABIC = "نور حداد"


def flat(text: str) -> str:
    """Text without whitespace: a long name wraps over lines in a PDF."""
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("team")
    book = CaseloadBuilder()
    book.dossier("2026-001", family=ODD, begeleider=BEGELEIDER, question="Opvoeding",
                 strengths="Sterk 💪 samen", perspective_on=datetime.date(2026, 9, 20),
                 plan_on=datetime.date(2026, 10, 5))
    book.network("2026-001", name=EMOJI, role="Buur", relation="buurvrouw", invite="ja")
    book.network("2026-001", name=IJ, role="Grootouder", invite="ja")
    book.network("2026-001", name=LONG, role="Buur", invite="ja")
    for name in (TURKISH, POLISH, ARABIC):
        book.network("2026-001", name=name, role="Familie", invite="nee")
    book.round_table("2026-001", date=datetime.date(2026, 10, 5), present="het gezin", notes="Goed.")
    book.round_table("2026-001", date=datetime.date(2026, 12, 7))  # no hour, no place
    book.agreement("2026-001", round_table=datetime.date(2026, 10, 5), domain="Opvoeding",
                   goal="Doel & <i>", action="Actie", who=ODD)  # no deadline
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team T"\n', encoding="utf-8")
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    caseload = load_caseload(team)
    made = (invitations_for(team, caseload, "2026-001", None, today=TODAY, pdf=True)
            + report_for(team, caseload, "2026-001", None, today=TODAY, pdf=True)
            + plan_for(team, caseload, "2026-001", today=TODAY, pdf=True)
            + children_plan_for(team, caseload, "2026-001", today=TODAY, pdf=True))
    # the family's Overzicht from `eenplan export`, to PDF as the family would print it
    overview = export_dossier(team, caseload, "2026-001", today=TODAY).folder / "Overzicht.docx"
    pdf = overview.with_suffix(".pdf")
    pdf.write_bytes(to_pdf([overview])[overview])
    return made + Made((overview, pdf), (), ())


def written(made, part: str, suffix: str = ".pdf") -> Path:
    found = [p for p in made.written if part in p.name and p.suffix == suffix]
    assert len(found) == 1, [p.name for p in made.written]
    return found[0]


def test_every_word_file_opens_and_has_a_pdf(made):
    docx = [p for p in made.written if p.suffix == ".docx"]
    assert len(docx) == 9  # 4 letters, the print file, the report, the plan, the kindplan, Overzicht
    for path in docx:
        Document(str(path))
        assert path.with_suffix(".pdf") in made.written, path.name


def test_the_names_reach_the_pdf_as_typed(made):
    family = flat(pdf_text(written(made, "Uitnodiging rondetafel - Janssens")))
    for expected in (ODD, BEGELEIDER, "Ëlla", "Ĳsbrand", "Dat laten we jullie nog weten."):
        assert flat(expected) in family, expected
    # a network member's letter says who the others are: "Ëlla, de buurvrouw"
    assert flat("Ëlla, de buurvrouw") in flat(pdf_text(written(made, "Ĳsbrand")))
    assert flat("maandag 7 december 2026") in family
    assert flat(EMOJI) in flat(pdf_text(written(made, "Ëlla")))
    assert "Dat laten we je nog weten." in pdf_text(written(made, "Ëlla"))  # her letter: "je"
    assert flat(IJ) in flat(pdf_text(written(made, "Ĳsbrand")))
    assert flat(LONG) in flat(pdf_text(written(made, "Aelbrecht")))
    printed = flat(pdf_text(written(made, "alles om af te drukken")))
    assert all(flat(name) in printed for name in (EMOJI, IJ, LONG, ODD))


def test_report_and_plan_keep_odd_text(made):
    report = flat(pdf_text(written(made, "Verslag")))
    for expected in (ODD, "Doel & <i>", "samen te bekijken", "Waarniet ingevuld"):
        assert flat(expected) in report, expected
    plan = flat(pdf_text(written(made, "Gezinsplan")))
    for expected in (ODD, "Sterk 💪 samen", EMOJI, IJ, LONG, "Doel & <i>"):
        assert flat(expected) in plan, expected


def test_file_names_are_safe_and_short(made):
    for path in made.written:
        assert len(path.name) <= 140
        assert not set('<>:"/\\|?*') & set(path.name)


def pages(path: Path) -> list[str]:
    """The text of each page."""
    return pdf_text(path).split("\f")[:-1]


def test_each_letter_in_the_print_file_numbers_its_own_pages(made):
    printed = pages(written(made, "alles om af te drukken"))
    letters = [p for p in made.written if p.suffix == ".pdf" and "Uitnodiging rondetafel - " in p.name]
    assert len(printed) == sum(len(pages(p)) for p in letters)
    starts = [page for page in printed if "Beste " in page]
    assert len(starts) == 4
    assert all(flat("pagina 1") in flat(page) for page in starts)


def test_no_page_ends_with_a_heading_and_the_signatures_stay_together(made):
    headings = ("Ons netwerk", "Wanneer kijken we samen terug?", "Zo spraken we het af",
                "Wat we afspraken", "Volgende keer", "Kun je niet komen?", "Past het moment niet?",
                "Hoe staan de afspraken van vorige keer?", "Wie jullie begeleidt",
                "Wie rond jullie staat", "De gesprekken", "Jullie afspraken")
    for path in (p for p in made.written if p.suffix == ".pdf"):
        for page in pages(path):
            body = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in body if "pagina" not in line]  # the footer
            assert body and body[-1] not in headings, (path.name, body[-3:])
    plan = pages(written(made, "Gezinsplan"))
    signing = [page for page in plan if "Voor ons gezin" in page]
    assert len(signing) == 1 and "Zo spraken we het af" in signing[0] and BEGELEIDER in signing[0]


def test_no_name_is_missing_a_glyph(made):
    done = subprocess.run(["pdffonts", str(written(made, "alles om af te drukken"))],
                          capture_output=True, check=True, timeout=60, text=True)
    fonts = done.stdout.lower()
    assert "emoji" in fonts or shutil.which("fc-list") is None  # the emoji has a font of its own


def test_turkish_polish_and_arabic_names_reach_every_plan_and_the_overview(made):
    for part in ("Gezinsplan", "Overzicht"):  # the kindplan names only the family and the helpers
        text = flat(unicodedata.normalize("NFKC", pdf_text(written(made, part))))
        for name in (TURKISH, POLISH):
            assert flat(name) in text, (part, name)
        arabic = flat(ARABIC)
        assert arabic in text or arabic[::-1] in text, part  # logical or visual order


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not here")
def test_every_letter_of_every_name_has_a_font(made):
    """No empty box: for each character of the names given, a font on this machine has it
    (LibreOffice falls back to it), and it is embedded in the PDF."""
    names = (ODD, EMOJI, IJ, BEGELEIDER, TURKISH, POLISH, ARABIC)
    missing = []
    for char in sorted({c for name in names for c in name if not c.isspace()}):
        if unicodedata.category(char).startswith("C"):  # joiners and marks of direction
            continue
        done = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"],
                              capture_output=True, text=True, timeout=60, check=True)
        if not done.stdout.strip():
            missing.append(char)
    assert missing == []
    fonts = subprocess.run(["pdffonts", str(written(made, "Gezinsplan"))], capture_output=True,
                           text=True, timeout=60, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
