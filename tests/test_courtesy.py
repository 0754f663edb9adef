"""A courtesy title says "u" ("vous") whether it is a woman's, a man's or neither's ("De heer
Peeters", "Dhr. Peeters", "Mx. Peeters", "Monsieur Dubois", "Mr Smith"), and the mail around a
formal letter opens as a team writes to such a guest ("Geachte heer Peeters,", "Monsieur,", "Dear
Ms Claes,"), while the letter itself, the family's, keeps its warm "Beste"."""

from __future__ import annotations

import datetime

import pytest

from eenplan.docx_templates.context import courtesy_of, invitation_context, is_formal
from eenplan.docx_templates.mailing import _message, formal_hello
from eenplan.dutch import language
from eenplan.sheets.names import TITLES, Form, TitleKind, address, courtesy
from eenplan.team.folder import find_team
from tests.builders import mail_team_settings
from tests.conftest import TODAY
from tests.test_render import SETTINGS, TABLE, dossier, member

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)

# -- which titles say "u" ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    # a man's: Dutch, French, English
    ("De heer Peeters", TitleKind.MAN),
    ("de heer Jan Peeters", TitleKind.MAN),
    ("DE HEER PEETERS", TitleKind.MAN),
    ("Dhr. Peeters", TitleKind.MAN),
    ("Meneer Peeters", TitleKind.MAN),
    ("Mijnheer Peeters", TitleKind.MAN),
    ("Heer Peeters", TitleKind.MAN),
    ("Monsieur Dubois", TitleKind.MAN),
    # a woman's
    ("Mevrouw Daisy Claes", TitleKind.WOMAN),
    ("Mevr. Claes", TitleKind.WOMAN),
    ("Madame Dubois", TitleKind.WOMAN),
    ("Mrs Smith", TitleKind.WOMAN),
    ("Ms. Smith", TitleKind.WOMAN),
    ("Miss Smith", TitleKind.WOMAN),
    # neither's: neutral, or one the letter's language tells (Mr, M.)
    ("Mx. Peeters", TitleKind.NEUTRAL),
    ("Mr Smith", TitleKind.OTHER),
    ("Mr. Smith", TitleKind.OTHER),
    ("M. Dubois", TitleKind.OTHER),
    ("Prof. Janssens", TitleKind.OTHER),
    ("Dr. Janssens", TitleKind.DOCTOR),
])
def test_every_courtesy_title_says_u_whoever_it_greets(name, kind):
    called = address(name)
    assert called.formal, name
    assert called.text == name  # the whole name, never the title alone ("Beste Mrs,")
    assert is_formal(member(name))
    found = courtesy(name)
    assert found is not None and found.kind("nl") is kind


def test_a_title_that_is_no_courtesy_keeps_je():
    for name in ("Meester Tom", "juf Sarah", "Maria Peeters", "Van den Broeck", "De Smet",
                 "De Heer", "M Dubois", "Mathias Peeters"):
        assert not address(name).formal, name
        assert courtesy(name) is None, name


def test_m_dot_is_monsieur_in_french_and_an_initial_elsewhere():
    called = address("M. Dubois")
    assert called.form is Form.NO_FIRST_NAME  # check still asks for a first name, as for "J. Peeters"
    found = courtesy("M. Dubois")
    assert found is not None
    assert found.kind("fr") is TitleKind.MAN and found.kind("nl") is TitleKind.OTHER
    mr = courtesy("Mr Smith")
    assert mr is not None and mr.kind("en") is TitleKind.MAN and mr.kind("nl") is TitleKind.OTHER


@pytest.mark.parametrize("title", sorted(TITLES))
def test_every_title_is_said_with_its_name(title):
    assert address(f"{title.title()} Peeters").form is Form.TITLED


def test_the_letter_to_de_heer_peeters_says_u():
    for name in ("De heer Peeters", "Mx. Peeters", "Mrs Smith"):
        guest = member(name)
        context = invitation_context(SETTINGS, dossier(), TABLE, guest, [guest], today=TODAY)
        assert context["ontvanger"]["beleefd"], name
        assert context["ontvanger"]["voornaam"] == name  # the letter's "Beste" keeps the name whole


# -- the surname that goes with the title --------------------------------------------------------


@pytest.mark.parametrize(("name", "title", "surname"), [
    ("Mevrouw Daisy Claes", "Mevrouw", "Claes"),
    ("De heer Jan Peeters", "De heer", "Peeters"),
    ("Dhr. Peeters", "Dhr.", "Peeters"),
    ("Mevrouw Van den Broeck", "Mevrouw", "Van den Broeck"),
    ("Mevrouw Marie-Thérèse Van den Broeck", "Mevrouw", "Van den Broeck"),
    ("Dhr. PEETERS Jan", "Dhr.", "PEETERS"),
    ("Mevrouw J. Peeters", "Mevrouw", "J. Peeters"),  # an initial: the name as typed
    ("Mevrouw Marie Thérèse Peeters", "Mevrouw", "Marie Thérèse Peeters"),  # which is the surname?
    ("Mevrouw peeters maria", "Mevrouw", "peeters maria"),
])
def test_the_surname_is_what_follows_the_title_without_a_first_name_eenplan_can_tell(name, title, surname):
    found = courtesy(name)
    assert found is not None and (found.title, found.surname) == (title, surname)


def test_the_family_s_surname_tells_which_word_is_the_surname_after_a_title():
    found = courtesy("Mevrouw Peeters Maria", family="Familie Peeters")
    assert found is not None and found.surname == "Peeters"


# -- how the mail opens ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "reader", "hello"), [
    ("Mevrouw Daisy Claes", "nl", "Geachte mevrouw Claes,"),
    ("De heer Peeters", "nl", "Geachte heer Peeters,"),
    ("Dhr. Jan Peeters", "nl", "Geachte heer Peeters,"),
    ("Meneer Peeters", "nl", "Geachte heer Peeters,"),
    ("Dr. Janssens", "nl", "Geachte dokter Janssens,"),
    ("Madame Dubois", "nl", "Geachte mevrouw Dubois,"),
    ("Mx. Peeters", "nl", "Geachte Mx. Peeters,"),
    ("Prof. Janssens", "nl", "Geachte Prof. Janssens,"),
    ("Mr. Janssens", "nl", "Geachte Mr. Janssens,"),  # in Dutch, a lawyer's: whose, it says not
    ("M. Dubois", "nl", "Geachte M. Dubois,"),  # Maria? Marc? Monsieur?
    ("Madame Dubois", "fr", "Madame,"),
    ("Monsieur Dubois", "fr", "Monsieur,"),
    ("M. Dubois", "fr", "Monsieur,"),
    ("Mevrouw Claes", "fr", "Madame,"),
    ("Dr. Janssens", "fr", "Docteur,"),
    ("Prof. Janssens", "fr", "Madame, Monsieur,"),
    ("Mx. Peeters", "fr", "Bonjour Mx. Peeters,"),
    ("Mevrouw Daisy Claes", "en", "Dear Ms Claes,"),
    ("Mrs Smith", "en", "Dear Mrs Smith,"),
    ("Mr Smith", "en", "Dear Mr Smith,"),
    ("De heer Peeters", "en", "Dear Mr Peeters,"),
    ("Mx. Peeters", "en", "Dear Mx Peeters,"),
    ("Dr. Janssens", "en", "Dear Dr Janssens,"),
])
def test_a_formal_mail_opens_as_a_team_writes_to_that_guest(name, reader, hello):
    found = courtesy(name)
    assert found is not None
    assert formal_hello(found, reader) == hello


def _first_line(tmp_path, guest, *, reader: str = "nl", to_family: bool = False) -> str:
    (tmp_path / "eenplan.toml").write_text(mail_team_settings(2525), encoding="utf-8")
    team = find_team(team=tmp_path)
    with language(reader):
        message = _message(team, dossier(), TABLE, "gast@voorbeeld.be", sequence=0, pdf=None,
                           ics=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", now=NOW, reader=reader,
                           to_family=to_family, courtesy=courtesy_of(guest, "Familie Peeters"))
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content()).splitlines()[0]


def test_the_mail_to_a_formal_guest_opens_with_geachte_and_to_anyone_else_with_dag(tmp_path):
    assert _first_line(tmp_path, member("De heer Peeters")) == "Geachte heer Peeters,"
    assert _first_line(tmp_path, member("Mevrouw Daisy Claes")) == "Geachte mevrouw Claes,"
    assert _first_line(tmp_path, member("Madame Dubois"), reader="fr") == "Madame,"
    assert _first_line(tmp_path, member("Mevrouw Daisy Claes"), reader="en") == "Dear Ms Claes,"
    assert _first_line(tmp_path, member("Maria Peeters")) == "Dag,"
    assert _first_line(tmp_path, member("Meester Tom")) == "Dag,"
    # one of the family is spoken to as the family's letter speaks to it, whatever their Naam
    assert _first_line(tmp_path, member("Mevrouw Peeters", role="Gezin"), to_family=True) == "Dag,"
