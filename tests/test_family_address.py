"""How the family's documents speak to the family, in Dutch, French and English (found by an
exploratory tester reading what eenplan writes to families): a closed plan says the team walked
with them in the past, French reads as French, the children's plan says "vous" to several
children, and a report names the family, not a case.

These tests read the rendered words, since the wording is what was wrong. Each renders in a team
folder made by `eenplan init`, with the team's own copy of the default templates."""

from __future__ import annotations

import datetime

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import children_plan_for, invitations_for, plan_for, report_for
from eenplan.docx_templates.improvements import STILL_WALKING, lacking
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import Team, find_team
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

D = datetime.date
MEETING = D(2026, 12, 7)
# the sentence of the plan's "Wie zijn wij?" that says the team walks with the family, by language:
# (running, closed)
WALKS = {"nl": ("gaat een tijd met ons mee", "ging een tijd met ons mee"),
         "fr": ("nous accompagne un temps", "nous a accompagnés un temps"),
         "en": ("walks with us for a while", "walked with us for a while")}


def _book(language: str = "", *, children: int = 1, **dossier) -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes", language=language,
                 registered_on=D(2026, 9, 1), perspective_on=D(2026, 9, 20), plan_on=D(2026, 10, 5),
                 strengths="We lachen veel.", **dossier)
    book.network("2026-014", name="Sarah Peeters", role="Gezin", relation="mama", invite="ja")
    for name in ["Emma", "Lucas", "Noor"][:children]:
        book.network("2026-014", name=f"{name} Peeters", role="Kind of jongere", relation="kind")
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="oma", invite="ja")
    book.round_table("2026-014", date=D(2026, 10, 5), time=datetime.time(14, 0), location="Thuis",
                     kind="start", present="het gezin, Maria Peeters", notes="Goed gesprek.",
                     next_date=MEETING)
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location="Thuis",
                     kind="opvolging")
    book.agreement("2026-014", round_table=D(2026, 10, 5), domain="Opvoeding", goal="Rust",
                   action="Een ochtendschema maken", who="Emma", support="Maria Peeters",
                   due=D(2026, 12, 1), status="lopend")
    return book


def _team(runner, tmp_path, book: CaseloadBuilder) -> Team:
    root = tmp_path / "team"
    result = runner.invoke(cli, ["init", str(root), "--naam", "Team Noorderkempen"])
    assert result.exit_code == 0, result.output
    book.save(root / "Caseload.xlsx")
    return find_team(team=root)


def _body(path) -> list[str]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows
                                               for c in r.cells]


def _footer(path) -> str:
    return " ".join(p.text for p in Document(str(path)).sections[0].footer.paragraphs)


# -- a closed plan does not say the team still walks with the family ------------------------------


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_closed_plan_says_the_team_walked_with_the_family_in_the_past(runner, tmp_path, language):
    running, closed = WALKS[language]
    team = _team(runner, tmp_path, _book(language))
    text = " ".join(_body(plan_for(team, load_caseload(team), "2026-014", today=TODAY).written[0]))
    assert running in text and closed not in text
    _book(language, closed_on=D(2026, 11, 20), closure_reason="Doelen bereikt").save(
        team.base / "Caseload.xlsx")
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    text = " ".join(_body(made.written[0]))
    assert closed in text and running not in text


# -- French that reads as French ------------------------------------------------------------------


def test_the_french_plan_says_what_has_not_worked_yet_in_french(runner, tmp_path):
    team = _team(runner, tmp_path, _book("fr"))
    text = " ".join(_body(plan_for(team, load_caseload(team), "2026-014", today=TODAY).written[0]))
    assert "ce qui n'a pas encore marché" in text
    assert "ce qui pas encore" not in text


def test_the_french_family_letter_is_signed_from_the_team_in_plain_french(runner, tmp_path):
    team = _team(runner, tmp_path, _book("fr"))
    made = invitations_for(team, load_caseload(team), "2026-014", MEETING, today=TODAY)
    (family,) = [p for p in made.written if p.name.endswith("Familie Peeters.docx")]
    body = _body(family)
    assert "de l'équipe Team Noorderkempen" in body
    assert not [line for line in body if "Accompagnateur ou accompagnatrice" in line]


@pytest.mark.parametrize(("children", "said", "not_said"), [
    (3, ("Vous avez une question ?", "Dessinez ici ce qui compte pour vous.", "vous participez"),
     ("Tu as une question", "pour toi", "tu participes")),
    (1, ("Tu as une question ?", "Dessine ici ce qui compte pour toi.", "tu participes"),
     ("Vous avez une question", "pour vous", "vous participez")),
])
def test_the_french_children_s_plan_says_vous_to_several_children_and_tu_to_one(
        runner, tmp_path, children, said, not_said):
    team = _team(runner, tmp_path, _book("fr", children=children))
    text = " ".join(_body(children_plan_for(team, load_caseload(team), "2026-014",
                                            today=TODAY).written[0]))
    for words in said:
        assert words in text
    for words in not_said:
        assert words not in text


def test_the_dutch_children_s_plan_says_jullie_to_several_children(runner, tmp_path):
    team = _team(runner, tmp_path, _book(children=3))
    text = " ".join(_body(children_plan_for(team, load_caseload(team), "2026-014",
                                            today=TODAY).written[0]))
    assert "Willen jullie iets vragen?" in text and "wat jullie belangrijk vinden" in text
    assert "Wil je iets vragen?" not in text and "wat jij belangrijk vindt" not in text


# -- a report names the family, not a case --------------------------------------------------------


@pytest.mark.parametrize(("language", "family", "reference"), [
    ("nl", "Familie Peeters", "ons kenmerk 2026-014"),
    ("fr", "Famille Peeters", "notre référence 2026-014"),
    ("en", "Peeters family", "our reference 2026-014"),
])
def test_the_report_names_the_family_and_keeps_the_number_in_its_footer(runner, tmp_path, language,
                                                                        family, reference):
    team = _team(runner, tmp_path, _book(language))
    made = report_for(team, load_caseload(team), "2026-014", D(2026, 10, 5), today=TODAY)
    body = _body(made.written[0])
    assert body[1] == family  # under the title: the family, by its name
    assert not [line for line in body if "2026-014" in line]
    assert reference in _footer(made.written[0])


# -- a team's own plan that still says "gaat een tijd met ons mee" hears it from templates check --


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_templates_check_tells_a_team_whose_plan_walks_on_after_closure(language):
    running, closed = WALKS[language]
    key = "gezinsplan.docx" if language == "nl" else f"{language}/gezinsplan.docx"
    used = {"plan.afgesloten": "{% if plan.afgesloten %}"}
    old = f"Wij zijn {{{{ gezin.in_zin }}}}. {{{{ team.naam }}}} {running}."
    assert STILL_WALKING in [lack.what for lack in lacking(key, key, used, [old])]
    new = (f"{{{{ team.naam }}}} {{% if plan.afgesloten %}}{closed}{{% else %}}{running}"
           "{% endif %}.")
    assert STILL_WALKING not in [lack.what for lack in lacking(key, key, used, [new])]
