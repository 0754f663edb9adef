"""Issue 14: every family member can read (and sign) its plan."""

from __future__ import annotations

import datetime
import json
import shutil

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.documents import plan_for
from eenplan.docx_templates.readability import measure, syllables
from eenplan.docx_templates.template import open_template, template_parts
from eenplan.errors import ConfigError
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.regions import ROLE_VALUES
from eenplan.team.settings import PlainLanguage, parse_settings
from tests.builders import LISTS
from tests.test_documents import AS_OF, TODAY, make_team


def _signing(path) -> list[str]:
    """The plan's lines from its last heading (Zo spraken we het af) on, without blanks (a
    signature block is one paragraph, its lines broken)."""
    texts = [line.strip() for p in Document(str(path)).paragraphs for line in p.text.split("\n")]
    return [t for t in texts[texts.index("Zo spraken we het af"):] if t and set(t) != {"_"}]


def _family_book(book):
    book.lists = {**LISTS, "Rollen": ["Gezin", *LISTS["Rollen"]]}
    book.network("2026-014", name="Sarah Peeters", role="Gezin", relation="mama", invite="nee")
    book.network("2026-014", name="Tom Peeters", role=" gezin ", relation="papa", invite="nee")
    return book


def test_gezin_is_a_default_role():
    assert "Gezin" in ROLE_VALUES


def test_each_family_member_signs_the_plan_and_the_begeleider_too(book, tmp_path):
    root = make_team(tmp_path, _family_book(book))
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    signing = _signing(made.written[0])
    assert signing[2:] == ["Voor ons gezin", "Sarah Peeters", "Voor ons gezin", "Tom Peeters",
                           "Begeleider", "An Claes"]
    network = [c.text for t in Document(str(made.written[0])).tables for r in t.rows for c in r.cells]
    assert "Maria Peeters" in network
    assert "Sarah Peeters" not in network  # the family is not its own network


def test_without_family_members_on_netwerk_the_family_signs_by_its_name(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert _signing(made.written[0])[2:] == ["Voor ons gezin", "Familie Peeters", "Begeleider",
                                             "An Claes"]


def test_the_childrens_plan_says_what_was_agreed_with_them_in_large_type(runner, book, tmp_path):
    _family_book(book)
    book.network("2026-014", name="Lotte Peeters", role="Gezin", relation="dochter", invite="nee")
    book.agreement("2026-014", round_table=datetime.date(2026, 10, 5), domain="Opvoeding",
                   goal="Op tijd slapen", action="Om acht uur in bed", who="Lotte")
    root = make_team(tmp_path, book)
    result = runner.invoke(cli, ["plan", "2026-014", "--kind", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    [path] = (root / "out" / "2026-014").glob("* Kindplan.docx")
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert "Hallo Lotte!" in texts
    assert "★ Lotte: Om acht uur in bed." in texts  # with the children
    assert "Mama: Een ochtendschema maken. Maria Peeters helpt. Tegen 1 november 2026." in texts
    assert "Mijn tekening" in texts and len(doc.tables) == 1  # the box to draw in
    assert doc.styles["Normal"].font.size.pt >= 14
    assert not any(sentence_words(t) > 15 for t in texts)


def sentence_words(text: str) -> int:
    """The words in the longest sentence of a paragraph."""
    return max((len(s.split()) for s in text.replace("!", ".").replace("?", ".").split(".")), default=0)


def test_fields_of_the_childrens_plan_are_listed(runner):
    result = runner.invoke(cli, ["templates", "fields", "kindplan", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "afspraken[].met_kinderen" in result.output


# -- plain Dutch, measured ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["uitnodiging", "verslag", "gezinsplan", "kindplan"])
def test_the_default_templates_read_easily(name):
    parts = template_parts(open_template(PACKAGE_TEMPLATES / f"{name}.docx"))
    found = measure([t for p in parts if p.name == "document" for t in p.texts])
    assert found.words > 50
    assert found.rounded >= PlainLanguage().minimum, found
    assert found.longest == () and found.jargon == ()


def test_long_words_and_long_sentences_read_harder_and_are_listed():
    easy = measure(["We spreken af bij ons thuis. Oma komt ook. Dat is fijn."])
    long = ("De multidisciplinaire samenwerkingsafspraken omtrent de opvoedingsondersteuning worden "
            "tijdens het evaluatiemoment geïnventariseerd en vervolgens geoperationaliseerd door de "
            "betrokken hulpverleners in samenspraak met het cliëntsysteem.")
    hard = measure(["Beste {{ ontvanger.voornaam }},", long], jargon=["evaluatiemoment"])
    assert easy.rounded > 80 > 30 > hard.rounded
    assert hard.longest == (long,) and hard.jargon == ("evaluatiemoment",)
    assert syllables("ijsjes") == 2 and syllables("opvoeding") == 3


def test_check_warns_for_a_teams_own_jargon_and_its_minimum(runner, tmp_path):
    folder = tmp_path / "docx_templates"
    folder.mkdir()
    for name in ("uitnodiging", "verslag", "gezinsplan", "kindplan"):
        shutil.copyfile(PACKAGE_TEMPLATES / f"{name}.docx", folder / f"{name}.docx")
    (tmp_path / "eenplan.toml").write_text(
        '[team]\nnaam = "Team Test"\n[leesbaarheid]\nminimum = 90\nvaktaal = ["rondetafelgesprek"]\n',
        encoding="utf-8")
    result = runner.invoke(cli, ["templates", "check", "--team", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output  # warnings, not errors
    report = json.loads(result.output)
    codes = {(f["template"], f["code"]) for f in report["findings"]}
    assert ("gezinsplan.docx", "jargon") in codes
    assert ("uitnodiging.docx", "hard-to-read") in codes and ("kindplan.docx", "hard-to-read") not in codes
    assert report["readability"]["kindplan.docx"]["flesch_douma"] >= 90


def test_an_unknown_key_under_leesbaarheid_is_one_sentence():
    with pytest.raises(ConfigError):
        parse_settings({"leesbaarheid": {"vaktal": ["casus"]}})
    assert parse_settings({"leesbaarheid": {"vaktaal": ["casus"]}}).plain_language.jargon == ("casus",)


def test_each_signature_block_is_one_paragraph_kept_together(book, tmp_path):
    """Before: four paragraphs each kept with the next, which LibreOffice (eenplan's PDFs) split
    between "Voor ons gezin" and its line, leaving the title alone at the foot of a page."""
    root = make_team(tmp_path, _family_book(book))
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    paragraphs = Document(str(made.written[0])).paragraphs
    blocks = [p for p in paragraphs if "_" * 10 in p.text]
    assert len(blocks) == 3  # Sarah, Tom, the begeleider
    for block in blocks:
        lines = [line.strip() for line in block.text.split("\n") if line.strip()]
        assert len(lines) == 3 and block.paragraph_format.keep_together, lines
    texts = [p.text for p in paragraphs]
    heading = texts.index("Zo spraken we het af")
    date = paragraphs[heading + 1]  # the date, kept with the first block right after it
    assert date.paragraph_format.keep_with_next and paragraphs[heading + 2].text == blocks[0].text
