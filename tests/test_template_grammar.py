"""The default templates read right with one person: one child, one helper, one guest."""

from __future__ import annotations

import datetime

from docx import Document

from eenplan.docx_templates.documents import children_plan_for, invitations_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS
from tests.conftest import TODAY


def _one_of_each(tmp_path, book, *, language: str = ""):
    """A family with one child, one helper and one invited guest."""
    book.lists = {**LISTS, "Rollen": ["Gezin", *LISTS["Rollen"]]}
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes", language=language,
                 plan_on=datetime.date(2026, 10, 5))
    book.network("2026-014", name="Noah Peeters", role="Gezin", relation="zoon", invite="nee")
    book.network("2026-014", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")
    book.round_table("2026-014", date=datetime.date(2026, 10, 5), present="het gezin", notes="Goed.")
    book.round_table("2026-014", date=datetime.date(2026, 12, 7))
    book.agreement("2026-014", round_table=datetime.date(2026, 10, 5), domain="Opvoeding",
                   goal="Op tijd slapen", action="Om acht uur in bed", who="Noah")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return find_team(team=tmp_path)


def _texts(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_the_childrens_plan_speaks_to_one_child_and_of_one_helper(tmp_path, book):
    team = _one_of_each(tmp_path, book)
    made = children_plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    texts = _texts(made.written[0])
    assert "Hallo Noah!" in texts
    assert "★ Daar doe jij aan mee." in texts
    assert "We krijgen hulp van Els, de buurvrouw." in texts
    assert not any("helpen ons" in t or "jullie" in t for t in texts)


def test_the_only_guest_reads_who_comes_without_a_stray_comma(tmp_path, book):
    team = _one_of_each(tmp_path, book)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    letter = next(p for p in made.written if p.name.endswith("Els Maes.docx"))
    assert any(t.endswith("Wij en An Claes, die ons begeleidt.") for t in _texts(letter))


def test_the_dutch_line_of_a_letter_in_another_language_is_dutch(tmp_path, book):
    """The Dutch line at the end of an English letter said "0470 11 11 11 or an.claes@..."."""
    team = _one_of_each(tmp_path, book, language="en")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n[briefhoofd]\n'
                                           'telefoon = "0470 11 11 11"\ne-mail = "team@example.org"\n',
                                           encoding="utf-8")
    team = find_team(team=tmp_path)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    family = next(p for p in made.written if p.name.endswith("Familie Peeters.docx"))
    dutch = next(t for t in _texts(family) if t.startswith("In het Nederlands"))
    assert "0470 11 11 11 of team@example.org" in dutch
    assert any("0470 11 11 11 or team@example.org" in t for t in _texts(family))  # its English
