"""Who a letter is for and how it calls them: the family (its members, its children) is "wij" and
"jullie", never a guest; a name on Rondetafels.Uitnodigen that invites no one is said; a letter
greets a person by first name, a title with the name, an organisation by its name."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.context import (
    children_plan_context,
    first_name,
    guests_of,
    invitation_context,
    plan_context,
)
from eenplan.docx_templates.documents import invitations_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

D = datetime.date
MEETING = D(2026, 12, 7)
LISTS = {
    "Gemeenten": ["Brecht"],
    "Begeleiders": ["An Claes"],
    "Aanmelders": ["Gezin zelf"],
    "Levensdomeinen": ["Opvoeding"],
    "Rollen": ["Gezin", "Kind of jongere", "Grootouder", "Buur", "Hulpverlener", "Huisarts", "Vriend"],
    "Redenen afsluiting": ["Doelen bereikt"],
}


def _book(invitees: str = "") -> CaseloadBuilder:
    book = CaseloadBuilder(lists=LISTS)
    book.dossier("2026-201", family="Familie Van den Broeck", begeleider="An Claes",
                 municipality="Brecht", registered_on=D(2026, 9, 1), plan_on=D(2026, 10, 5),
                 address="Kerkstraat 12, 2960 Brecht")
    book.network("2026-201", name="Marie-Thérèse Van den Broeck", role="Gezin", relation="mama",
                 invite="ja")
    book.network("2026-201", name="Noah Van den Broeck", role="Kind of jongere", relation="zoon",
                 invite="ja")
    book.network("2026-201", name="Lena Van den Broeck", role="Gezin", relation="dochter",
                 invite="ja")
    book.network("2026-201", name="Jean-Pierre D'Hondt", role="Grootouder", relation="opa",
                 invite="ja")
    book.network("2026-201", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")
    book.round_table("2026-201", date=MEETING, time=datetime.time(14, 0), location="Bij het gezin",
                     kind="opvolging", invitees=invitees)
    return book


def _team(tmp_path: Path, book: CaseloadBuilder) -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] +
                     [c.text for t in doc.tables for r in t.rows for c in r.cells])


def _letters(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "out" / "2026-201").iterdir()
                  if "Uitnodiging rondetafel" in p.name)


# -- 1. the family is no guest -----------------------------------------------------------------


def test_the_family_and_its_children_get_no_guest_letter_and_are_no_guests(tmp_path):
    root = _team(tmp_path, _book())
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-201", None, today=TODAY)
    assert _letters(root) == [
        "2026-12-07 Uitnodiging rondetafel - Els Maes.docx",
        "2026-12-07 Uitnodiging rondetafel - Familie Van den Broeck.docx",
        "2026-12-07 Uitnodiging rondetafel - Jean-Pierre D'Hondt.docx",
    ]
    for name in _letters(root):
        text = _text(root / "out" / "2026-201" / name)
        assert "Marie-Thérèse" not in text and "Noah" not in text and "Lena" not in text, name
    family = _text(root / "out" / "2026-201" /
                   "2026-12-07 Uitnodiging rondetafel - Familie Van den Broeck.docx")
    assert "Jean-Pierre en Els. Ik ben er ook bij." in family  # the family knows whom it invited
    # Netwerk's Uitnodigen = ja for the family: nothing to say (only that the guests have no Adres)
    assert [n for n in made.notes if "geen Adres" not in n] == []
    assert not [n for n in made.notes if "Marie-Thérèse" in n or "Noah" in n or "Lena" in n]


def test_the_guest_list_of_every_letter_leaves_the_family_out(tmp_path):
    root = _team(tmp_path, _book())
    team = find_team(team=root)
    caseload = load_caseload(team)
    dossier = caseload.dossier("2026-201")
    (table,) = caseload.round_tables_of("2026-201")
    network = caseload.network_of("2026-201")
    guests, unknown = guests_of(table, network)
    assert [m.name for m in guests] == ["Jean-Pierre D'Hondt", "Els Maes"] and unknown == ()
    # even handed everyone, a letter lists no one of the family as a guest
    for recipient in (None, guests[0]):
        context = invitation_context(team.settings, dossier, table, recipient, network, today=TODAY)
        assert {g["voornaam"] for g in context["genodigden"]} <= {"Jean-Pierre", "Els"}
        assert "Marie" not in context["genodigden_tekst"] and "Noah" not in context["genodigden_tekst"]


def test_a_family_member_named_on_the_round_table_gets_no_letter_and_is_told(runner, tmp_path):
    root = _team(tmp_path, _book(invitees="Noah Van den Broeck, Els Maes"))
    result = runner.invoke(cli, ["invite", "2026-201", "--team", str(root), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert _letters(root) == ["2026-12-07 Uitnodiging rondetafel - Els Maes.docx",
                              "2026-12-07 Uitnodiging rondetafel - Familie Van den Broeck.docx"]
    assert "Noah Van den Broeck (blad Rondetafels, kolom Uitnodigen) hoort bij het gezin" in result.output


# -- 2. a name that invites no one --------------------------------------------------------------


def test_a_name_on_the_round_table_that_matches_no_one_is_said_with_a_close_one(runner, tmp_path):
    root = _team(tmp_path, _book(invitees="Els Maas, Jean-Pierre D'Hondt, Karel Verbist"))
    result = runner.invoke(cli, ["invite", "2026-201", "--team", str(root), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output  # as the other notes: the letters are made
    assert _letters(root) == ["2026-12-07 Uitnodiging rondetafel - Familie Van den Broeck.docx",
                              "2026-12-07 Uitnodiging rondetafel - Jean-Pierre D'Hondt.docx"]
    assert ("Let op: Els Maas (blad Rondetafels, kolom Uitnodigen) staat niet in het netwerk van "
            "dossier 2026-201 en krijgt dus geen uitnodiging") in result.output
    assert "Bedoel je Els Maes?" in result.output
    karel = next(line for line in result.output.splitlines() if "Karel Verbist" in line)
    assert "staat niet in het netwerk" in karel and "Bedoel je" not in karel


def test_a_first_name_two_members_share_is_said(tmp_path):
    book = _book(invitees="Jan")
    book.network("2026-201", name="Jan Peeters", role="Buur", invite="nee")
    book.network("2026-201", name="Jan Claes", role="Buur", invite="nee")
    root = _team(tmp_path, book)
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-201", None, today=TODAY)
    (note,) = made.notes
    assert note.startswith("Let op: Jan (blad Rondetafels, kolom Uitnodigen) kan meer dan één persoon")
    assert "Jan Peeters en Jan Claes" in note


def test_invite_by_mail_says_the_unknown_name_too(tmp_path, monkeypatch):
    from eenplan.docx_templates import mailing

    root = _team(tmp_path, _book(invitees="Els Maas"))
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n[mail]\nserver = "localhost"\n'
                                       'afzender = "team@voorbeeld.be"\n', encoding="utf-8")
    team = find_team(team=root)
    sent = mailing.mail_invitations(team, load_caseload(team), "2026-201", None, today=TODAY,
                                    now=datetime.datetime(2026, 11, 23, 9, 0))
    assert sent.outcomes == ()  # no guest left, and the family is not mailed as one
    assert sent.made is not None and any("Els Maas" in n for n in sent.made.notes)


# A family member who wants mail gets the family's own letter by mail, never a guest's:
# tests/test_invite_mail.py (a real SMTP server and the PDFs).


# -- 4. the plan: the family's children are no network -------------------------------------------


def test_the_plan_lists_no_child_of_the_family_as_network_and_the_parents_sign(tmp_path):
    root = _team(tmp_path, _book())
    team = find_team(team=root)
    caseload = load_caseload(team)
    dossier = caseload.dossier("2026-201")
    args = (team.settings, dossier, caseload.network_of("2026-201"), caseload.round_tables_of("2026-201"), ())
    plan = plan_context(*args, today=TODAY)
    assert [m["naam"] for m in plan["netwerk"]] == ["Jean-Pierre D'Hondt", "Els Maes"]
    assert [s["naam"] for s in plan["ondertekenaars"]] == [
        "Marie-Thérèse Van den Broeck", "Lena Van den Broeck", "An Claes"]  # Rol Gezin, then begeleider
    children = children_plan_context(*args, today=TODAY)
    assert children["kinderen_tekst"] == "Noah en Lena"
    assert children["helpers_tekst"] == "Jean-Pierre, de opa, en Els, de buurvrouw"


# -- 3. how a letter calls someone ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "called"), [
    ("Maria Peeters", "Maria"),
    ("De Smet, Marie", "Marie"),
    ("Dr. Peeters", "Dr. Peeters"),
    ("dokter Peeters", "dokter Peeters"),
    ("Meester Tom", "Meester Tom"),
    ("Juf Els", "Juf Els"),
    ("Mevr. Janssens", "Mevr. Janssens"),
    ("CLB Kempen", "CLB Kempen"),
    ("OCMW", "OCMW"),
    ("AN CLAES", "AN CLAES"),  # all in capitals: "CLAES AN" as much as "AN CLAES", so whole
    ("Sofie", "Sofie"),
    ("", ""),
])
def test_a_letter_calls_a_person_by_first_name_a_title_with_the_name_an_organisation_whole(name, called):
    assert first_name(name) == called


def test_greetings_and_guest_lists_call_people_as_a_person_would(tmp_path):
    book = CaseloadBuilder(lists=LISTS)
    book.dossier("2026-201", family="Familie Peeters", begeleider="An Claes", municipality="Brecht")
    book.network("2026-201", name="CLB Kempen", role="Hulpverlener", organisation="CLB Kempen",
                 invite="ja")
    book.network("2026-201", name="Dr. Peeters", role="Huisarts", relation="huisarts", invite="ja")
    book.network("2026-201", name="De Smet, Marie", role="Buur", relation="buurvrouw", invite="ja")
    book.network("2026-201", name="Sofie", role="Vriend", invite="ja")
    book.network("2026-201", name="Kind en Gezin", role="Hulpverlener", organisation="Kind en Gezin",
                 invite="ja")
    book.round_table("2026-201", date=MEETING, time=datetime.time(14, 0))
    root = _team(tmp_path, book)
    team = find_team(team=root)
    caseload = load_caseload(team)
    dossier = caseload.dossier("2026-201")
    (table,) = caseload.round_tables_of("2026-201")
    guests, _ = guests_of(table, caseload.network_of("2026-201"))
    family = invitation_context(team.settings, dossier, table, None, guests, today=TODAY)
    assert family["genodigden_tekst"] == "CLB Kempen, Dr. Peeters, Marie, Sofie en Kind en Gezin"
    sofie = invitation_context(team.settings, dossier, table, guests[3], guests, today=TODAY)
    # an organisation's name says who it is: no "Kind en Gezin, de hulpverlener"
    assert sofie["genodigden_tekst"] == ("CLB Kempen, Dr. Peeters, de huisarts, "
                                         "Marie, de buurvrouw, en Kind en Gezin")
    called = {m.name: invitation_context(team.settings, dossier, table, m, guests,
                                         today=TODAY)["ontvanger"]["voornaam"] for m in guests}
    assert called == {"CLB Kempen": "CLB Kempen", "Dr. Peeters": "Dr. Peeters",
                      "De Smet, Marie": "Marie", "Sofie": "Sofie", "Kind en Gezin": "Kind en Gezin"}
    invitations_for(team, caseload, "2026-201", None, today=TODAY)
    letter = _text(root / "out" / "2026-201" / "2026-12-07 Uitnodiging rondetafel - Dr. Peeters.docx")
    assert "Beste Dr. Peeters," in letter
    helpers = children_plan_context(team.settings, dossier, caseload.network_of("2026-201"), (), (),
                                    today=TODAY)["helpers_tekst"]
    assert helpers.startswith("CLB Kempen, Dr. Peeters, de huisarts, Marie, de buurvrouw,")


def test_a_guest_alone_with_the_family_reads_who_comes(tmp_path):
    """Before: "Wie komt er: Wij." when no begeleider and no other guest came: it says "Wij en jij"."""
    book = CaseloadBuilder(lists=LISTS)
    book.dossier("2026-201", family="Familie Smets", begeleider="", municipality="Brecht",
                 registered_on=D(2026, 9, 1))
    book.network("2026-201", name="Jef Smets", role="Grootouder", relation="opa", invite="ja",
                 address="Dorp 1, 2960 Brecht")
    book.round_table("2026-201", date=MEETING, time=datetime.time(14, 0), location="Bij het gezin",
                     kind="opvolging")
    root = _team(tmp_path, book)
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-201", None, today=TODAY)
    text = _text(root / "out" / "2026-201" / "2026-12-07 Uitnodiging rondetafel - Jef Smets.docx")
    assert "Wij en jij." in text and "Wij." not in text.split()
