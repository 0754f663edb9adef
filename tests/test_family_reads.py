"""Issue 14: every family member can read (and sign) its plan."""

from __future__ import annotations

import datetime

from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import plan_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.regions import ROLE_VALUES
from tests.builders import LISTS
from tests.test_documents import AS_OF, TODAY, make_team


def _signing(path) -> list[str]:
    """The plan's paragraphs from its last heading (Zo spraken we het af) on, without blanks."""
    texts = [p.text.strip() for p in Document(str(path)).paragraphs]
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
