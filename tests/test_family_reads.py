"""Issue 14: every family member can read (and sign) its plan."""

from __future__ import annotations

from docx import Document

from eenplan.docx_templates.documents import plan_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.regions import ROLE_VALUES
from tests.builders import LISTS
from tests.test_documents import TODAY, make_team


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
