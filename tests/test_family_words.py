"""What the family and its network read: a plan as of its own date, the family's name in the
letter's language, the next round-table with its hour, a closed trajectory said on its plan, and
the guests named as a person names them (found by the testers of the second round)."""

from __future__ import annotations

import datetime

import pytest
from docx import Document

from eenplan.docx_templates.context import (
    children_plan_context,
    family_names,
    invitation_context,
    people_text,
    plan_context,
    report_context,
)
from eenplan.docx_templates.documents import (
    children_plan_for,
    fingerprint,
    invitations_for,
    plan_for,
    report_for,
)
from eenplan.dutch import language
from eenplan.errors import DossierError
from eenplan.flows.agreements import plan_agreements
from eenplan.sheets.records import Agreement, RoundTable
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.conftest import TODAY
from tests.test_documents import MEETING, make_team, text_of
from tests.test_render import SETTINGS, dossier, member

D = datetime.date
PLAN_DAY = D(2026, 9, 18)  # the testers' plan: dated 18/09, printed on 23/11


def _table(row: int, day: datetime.date, hour: int | None = 9, **changes) -> RoundTable:
    values = dict(row=row, dossier="2026-014", date=day,
                  time=datetime.time(hour, 0) if hour is not None else None, location="Thuis",
                  kind="opvolging", present="", notes="", next_date=None)
    values.update(changes)
    return RoundTable(**values)


def _agreement(row: int, made: datetime.date | None, action: str, due: datetime.date | None, *,
               status: str = "lopend", who: str = "Mama", domain: str = "Sociaal netwerk",
               goal: str = "Meer steun") -> Agreement:
    return Agreement(row=row, dossier="2026-014", round_table=made, domain=domain, goal=goal,
                     action=action, who=who, support="Sarah", due=due, status=status)


# The testers' dossier: a plan at the start round-table of 18/09; the babysitter agreed there is
# taken up again at the two round-tables after it, with a new deadline each time.
TABLES = [_table(2, PLAN_DAY, 18, kind="start", next_date=D(2026, 10, 28)),
          _table(3, D(2026, 10, 28), 9, next_date=D(2026, 11, 12)), _table(4, D(2026, 11, 12), 9)]
AGREEMENTS = [
    _agreement(2, PLAN_DAY, "Oppas regelen op woensdag", D(2026, 11, 4)),
    _agreement(3, PLAN_DAY, "Een plan maken voor als het misloopt", D(2026, 10, 14),
               domain="Veiligheid", goal="Veilig thuis", who="Het gezin", status="klaar"),
    _agreement(4, D(2026, 10, 28), "Oppas regelen op woensdag", D(2026, 12, 14)),
    _agreement(5, D(2026, 10, 28), "Samen een ochtendschema maken", D(2026, 11, 21),
               domain="Opvoeding", goal="Rustige ochtenden"),
    _agreement(6, D(2026, 11, 12), "  oppas regelen op  Woensdag ", D(2027, 1, 15)),
]


def _paragraphs(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def _actions(context) -> list[tuple[str, str]]:
    return [(a["actie"].strip(), a["stand"]) for d in context["levensdomeinen"] for a in d["afspraken"]]


# -- 1. a plan is as of its date ------------------------------------------------------------------


def test_a_plan_holds_only_what_was_agreed_by_its_date_each_once_judged_on_that_day():
    """The plan dated 18/09 listed the agreements of 28/10 and 12/11, the babysitter three
    times, and said "te laat (sinds 04/11/2026)" from the day it was printed."""
    context = plan_context(SETTINGS, dossier(plan_on=PLAN_DAY), [], TABLES, AGREEMENTS, today=TODAY)
    assert _actions(context) == [("Oppas regelen op woensdag", "lopend"),
                                 ("Een plan maken voor als het misloopt", "klaar")]
    assert str(context["plan"]["rondetafel"]) == "vrijdag 18 september 2026"
    # it looks back at the first round-table after it, with its hour, even when that one is past
    assert context["terugblik"]["wanneer"] == "woensdag 28 oktober 2026 om 9.00 uur"


def test_a_plan_of_today_takes_an_agreement_taken_up_again_once_in_its_latest_form():
    context = plan_context(SETTINGS, dossier(plan_on=None), [], TABLES, AGREEMENTS, today=TODAY)
    assert _actions(context) == [
        ("Samen een ochtendschema maken", "te laat (sinds 21/11/2026)"),  # Opvoeding: the Hulpvraag
        ("oppas regelen op  Woensdag", "lopend"),  # 12/11's row, where the first one stood
        ("Een plan maken voor als het misloopt", "klaar"),
    ]
    sitter = context["levensdomeinen"][1]["afspraken"][0]
    assert str(sitter["tegen_wanneer"]) == "vrijdag 15 januari 2027"
    assert context["terugblik"]["wanneer"] == ""  # no round-table after today


def test_the_same_agreement_is_the_same_domain_goal_action_and_who():
    papa = _agreement(7, PLAN_DAY, "Oppas regelen op woensdag", D(2026, 11, 4), who="Papa")
    other_goal = _agreement(8, PLAN_DAY, "Oppas regelen op woensdag", D(2026, 11, 4),
                            goal="Tijd voor mama")
    undated = _agreement(9, None, "Een buurtfeest bezoeken", None)
    later = _agreement(10, D(2026, 9, 19), "Een buurtfeest bezoeken", None)
    kept = plan_agreements([*AGREEMENTS, papa, other_goal, undated, later], plan_day=PLAN_DAY)
    assert [a.row for a in kept] == [9, 2, 3, 7, 8]  # one Mama, one Papa, another goal; none after


def test_the_childrens_plan_has_the_plans_agreements():
    context = children_plan_context(SETTINGS, dossier(plan_on=PLAN_DAY), [], TABLES, AGREEMENTS,
                                    today=TODAY)
    assert [a["wat"] for a in context["afspraken"]] == ["Oppas regelen op woensdag",
                                                        "Een plan maken voor als het misloopt"]
    assert str(context["terugblik"]["datum"]) == "woensdag 28 oktober 2026"


def test_eenplan_plan_writes_the_plan_of_its_date(book, tmp_path):
    root = make_team(tmp_path, book)  # plan of 05/10; an agreement due 01/11, lopend
    book.agreement("2026-014", round_table=MEETING, domain="Opvoeding", goal="Rustige ochtenden",
                   action="Een ochtendschema maken", who="Mama", due=D(2027, 1, 10), status="open")
    book.agreement("2026-014", round_table=D(2026, 11, 2), domain="Wonen", goal="Een tuin",
                   action="Een volkstuintje huren", who="Papa", due=D(2026, 12, 1), status="open")
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    rows = [[c.text for c in r.cells] for t in Document(str(made.written[0])).tables for r in t.rows]
    assert ["Een ochtendschema maken", "Mama", "Maria Peeters", "01/11/2026", "lopend"] in rows
    assert not [r for r in rows if "10/01/2027" in r or "Een volkstuintje huren" in r]
    assert [r[0] for r in rows].count("Een ochtendschema maken") == 1


# -- 2. the family's name in the letter's language -------------------------------------------------


@pytest.mark.parametrize(("typed", "code", "said"), [
    ("Familie Peeters", "en", ("Peeters family", "the Peeters family")),
    ("Familie Peeters", "fr", ("Famille Peeters", "la famille Peeters")),
    ("familie  De Smet", "en", ("De Smet family", "the De Smet family")),
    ("Gezin Van den Broeck", "fr", ("Famille Van den Broeck", "la famille Van den Broeck")),
    ("Fam. Peeters en Claes", "en", ("Peeters and Claes family", "the Peeters and Claes family")),
    ("De familie Dubois", "fr", ("Famille Dubois", "la famille Dubois")),
    ("Familie Peeters", "nl", ("Familie Peeters", "Familie Peeters")),  # Dutch: as typed
    ("Familie Peeters", "tr", ("Familie Peeters", "Familie Peeters")),  # no words for it: as typed
    ("Sarah Peeters", "en", ("Sarah Peeters", "Sarah Peeters")),  # no family word: as typed
])
def test_the_familys_name_in_the_letters_language(typed, code, said):
    with language(code):
        assert family_names(typed) == said


def test_english_and_french_letters_greet_the_family_in_their_language(book, tmp_path):
    """"Dear Familie Peeters", "Nous, Familie Peeters, ...": the Dutch word in another language."""
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][0]["language"] = "en"
    book.rows["Netwerk"][0]["language"] = "fr"  # Maria Peeters
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    folder = root / "out" / "2026-014"
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    family = _paragraphs(folder / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx")
    assert family[0] == "Peeters family" and "Dear Peeters family," in family
    maria = _paragraphs(folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx")
    assert [t for t in maria if t.startswith("Nous, la famille Peeters, voulons")]
    assert "Famille Peeters" in maria  # signed by the family
    # the one Dutch line at the end says it in Dutch, and only there
    assert [t for t in maria if "Familie" in t] == [maria[-1]] and maria[-1].startswith("In het Nederlands")
    plan = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    text = text_of(plan.written[0])
    assert "We are the Peeters family." in text and "Familie" not in text


def test_saying_the_familys_name_in_the_letters_language_makes_no_document_anew():
    from eenplan.docx_templates.documents import _without_today

    with language("en"):
        context = invitation_context(SETTINGS, dossier(), TABLES[1], None, [], today=TODAY)
    assert context["gezin"]["aanhef"] == context["ontvanger"]["voornaam"] == "Peeters family"
    before = {**context, "gezin": {k: v for k, v in context["gezin"].items()
                                   if k not in ("aanhef", "in_zin")}}
    assert fingerprint(_without_today(context)) == fingerprint(_without_today(before))


# -- 3. the next round-table with its hour ----------------------------------------------------------


def test_the_report_says_the_next_round_table_with_its_hour(book, tmp_path):
    """"We zien elkaar terug op maandag 7 december 2026.": the Uur on Rondetafels left out."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    paragraphs = _paragraphs(made.written[0])
    assert "We zien elkaar terug op maandag 7 december 2026 om 9.30 uur." in paragraphs


def test_the_next_hour_in_english_and_french_and_unknown():
    table = _table(3, D(2026, 10, 28), next_date=MEETING)
    following = _table(4, MEETING, 14)
    with language("en"):
        english = report_context(SETTINGS, dossier(), table, [], round_tables=[table, following],
                                 today=TODAY)
    with language("fr"):
        french = report_context(SETTINGS, dossier(), table, [], round_tables=[table, following],
                                today=TODAY)
    assert english["rondetafel"]["volgende_wanneer"] == "Monday 7 December 2026 at 14:00"
    assert french["rondetafel"]["volgende_wanneer"] == "lundi 7 décembre 2026 à 14 h"
    # no row for that day yet, or one without an Uur: the hour follows
    for tables in ([table], [table, _table(4, MEETING, None)]):
        context = report_context(SETTINGS, dossier(), table, [], round_tables=tables, today=TODAY)
        assert context["rondetafel"]["volgende_wanneer"] == ("maandag 7 december 2026 "
                                                             "(het uur volgt nog)")


def test_a_report_whose_next_hour_cannot_be_read_is_refused(book, tmp_path):
    root = make_team(tmp_path, book)
    book.rows["Rondetafels"][1]["time"] = "half tien"
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    with pytest.raises(DossierError, match="Rondetafels"):
        report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert not (root / "out" / "2026-014").exists()


# -- 4. a plan of a closed trajectory says so -----------------------------------------------------


def test_the_plan_of_a_closed_dossier_says_it_runs_no_more(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    running = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert "loopt niet meer" not in text_of(running.written[0]) and running.notes == ()
    book.rows["Dossiers"][0].update(closed_on=D(2026, 11, 20), closure_reason="Doelen bereikt")
    book.save(root / "Caseload.xlsx")
    closed = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    paragraphs = _paragraphs(closed.written[0])
    assert paragraphs[2] == ("Let op: dit plan loopt niet meer. Team Test ging met ons mee tot vrijdag "
                             "20 november 2026.")
    assert [n for n in closed.notes if n.startswith("Let op: dossier 2026-014 is afgesloten op 20/11/2026")]
    children = children_plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert "Let op: dit plan loopt niet meer. Het stopte op 20 november 2026." in _paragraphs(
        children.written[0])
    assert [n for n in children.notes if "afgesloten op 20/11/2026" in n]


def test_a_closed_trajectory_has_nothing_late_after_its_closure():
    late = _agreement(2, PLAN_DAY, "Oppas regelen op woensdag", D(2026, 11, 20))  # late on 23/11
    closed = dossier(plan_on=None, closed_on=D(2026, 10, 30), closure_reason="Doelen bereikt")
    context = plan_context(SETTINGS, closed, [], TABLES, [late], today=TODAY)
    assert _actions(context) == [("Oppas regelen op woensdag", "lopend")]
    assert str(context["plan"]["afgesloten"]) == "vrijdag 30 oktober 2026"
    assert plan_context(SETTINGS, dossier(plan_on=None), [], TABLES, [late], today=TODAY)["plan"][
        "afgesloten"] == ""  # running: {% if plan.afgesloten %} is false


# -- 5. the guests named as a person names them ---------------------------------------------------


ELS = member("Els Maes", row=3, role="Buur", relation="buurvrouw")
TOM = member("Tom Wouters", row=4, role="Leerkracht", relation="")
SOFIE = member("Sofie Claes", row=5, role="Vriend", relation="onze vriendin")
KIM = member("Kim", row=6, role="", relation="")


@pytest.mark.parametrize(("guests", "said"), [
    ([ELS], "Els, de buurvrouw"),
    ([ELS, TOM], "Els, de buurvrouw, en Tom, de leerkracht"),
    ([ELS, TOM, SOFIE], "Els, de buurvrouw, Tom, de leerkracht, en Sofie, onze vriendin"),
    ([ELS, KIM], "Els, de buurvrouw, en Kim"),
    ([KIM, ELS], "Kim en Els, de buurvrouw"),
    ([ELS, member("Els Peeters", row=7, role="Leerkracht", relation="juf")],
     "Els Maes, de buurvrouw, en Els Peeters, de juf"),
])
def test_guests_with_who_they_are_as_a_person_writes_it(guests, said):
    assert people_text(guests, who=True) == said
    assert "(" not in people_text(guests, who=True)


def test_the_family_reads_its_guests_names_and_another_language_the_names_alone():
    assert people_text([ELS, TOM, SOFIE], who=False) == "Els, Tom en Sofie"
    with language("en"):
        assert people_text([ELS, TOM, SOFIE], who=True) == "Els, Tom and Sofie"
    with language("fr"):
        assert people_text([ELS, TOM], who=True) == "Els et Tom"


def test_a_network_members_letter_names_the_others_as_a_person_would(book, tmp_path):
    """"Wij, Els (buurvrouw) en Tom (leerkracht).": a form, not a letter."""
    root = make_team(tmp_path, book)
    book.network("2026-014", name="Tom Wouters", role="Leerkracht", invite="ja")
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    folder = root / "out" / "2026-014"
    maria = text_of(folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx")
    assert ("Wij zijn er, met Els, de buurvrouw, en Tom, de leerkracht. Ook An Claes, die ons "
            "begeleidt, is erbij.") in maria
    family = text_of(folder / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx")
    assert "Maria, Els en Tom. Ik ben er ook bij." in family


def test_the_guests_of_an_english_letter_are_named_without_dutch_words():
    maria = member(language="en")
    with language("en"):
        context = invitation_context(SETTINGS, dossier(), TABLES[1], maria, [maria, ELS, TOM],
                                     today=TODAY)
    assert context["genodigden_tekst"] == "Els and Tom"
