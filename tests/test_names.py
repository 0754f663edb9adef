"""How a letter calls someone by the Naam typed on Netwerk, and says who they are: never a particle
or half a name ("Beste Van,"), never "de familielid"; one rule in every document and language."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from docx import Document

from eenplan.docx_templates.context import LIST_VALUES, ROLE_PHRASES, article, invitation_context
from eenplan.docx_templates.documents import invitations_for, plan_for
from eenplan.sheets.cells import normal_text
from eenplan.sheets.names import (
    INNER_PARTICLES,
    PARTICLES,
    TITLES,
    WHOLE_FOR_WANT,
    Form,
    address,
    first_name,
    is_organisation,
    surely_first_name,
)
from eenplan.sheets.records import NetworkMember, RoundTable, invitees_of
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.team.regions import LIFE_DOMAIN_VALUES, ROLE_VALUES
from tests.builders import LISTS, CaseloadBuilder
from tests.conftest import TODAY, check_book, found
from tests.test_render import SETTINGS
from tests.test_render import TABLE as RENDER_TABLE
from tests.test_render import dossier as render_dossier

D = datetime.date
MEETING = D(2026, 12, 9)

# -- the rule, name by name ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "called", "form"), [
    # a first name where the name clearly has one
    ("Maria Peeters", "Maria", Form.FIRST_NAME),
    ("Marie-Thérèse Van den Broeck", "Marie-Thérèse", Form.FIRST_NAME),
    ("Jean-Pierre D'Hondt", "Jean-Pierre", Form.FIRST_NAME),
    ("Seán Ó Briain", "Seán", Form.FIRST_NAME),
    ("De Smet, Marie", "Marie", Form.FIRST_NAME),
    ("Van den Broeck, Marie-Thérèse", "Marie-Thérèse", Form.FIRST_NAME),
    ("PEETERS Maria", "Maria", Form.FIRST_NAME),  # the surname first, in capitals, as on forms
    ("DE SMET Marie", "Marie", Form.FIRST_NAME),
    ("VAN DEN BROECK Marie-Thérèse", "Marie-Thérèse", Form.FIRST_NAME),
    ("Ó BRIAIN Seán", "Seán", Form.FIRST_NAME),
    ("Maria PEETERS", "Maria", Form.FIRST_NAME),
    ("  Maria   Peeters ", "Maria", Form.FIRST_NAME),
    # a particle or prefix with no first name before it: the whole name
    ("Van den Broeck", "Van den Broeck", Form.NO_FIRST_NAME),
    ("De Smet", "De Smet", Form.NO_FIRST_NAME),
    ("Ó Briain", "Ó Briain", Form.NO_FIRST_NAME),
    ("Van Damme", "Van Damme", Form.NO_FIRST_NAME),
    ("De Backer", "De Backer", Form.NO_FIRST_NAME),
    ("van der Linden", "van der Linden", Form.NO_FIRST_NAME),
    ("Ver Eecke", "Ver Eecke", Form.NO_FIRST_NAME),
    ("Ten Bosch", "Ten Bosch", Form.NO_FIRST_NAME),
    ("Op de Beeck", "Op de Beeck", Form.NO_FIRST_NAME),
    ("Le Roux", "Le Roux", Form.NO_FIRST_NAME),
    ("Du Bois", "Du Bois", Form.NO_FIRST_NAME),
    ("d' Hondt", "d' Hondt", Form.NO_FIRST_NAME),
    ("D'Hondt Marie", "D'Hondt Marie", Form.NO_FIRST_NAME),
    ("O'Brien Sean", "O'Brien Sean", Form.NO_FIRST_NAME),
    ("O’Brien Sean", "O’Brien Sean", Form.NO_FIRST_NAME),
    ("Mac Gregor", "Mac Gregor", Form.NO_FIRST_NAME),
    ("El Amrani", "El Amrani", Form.NO_FIRST_NAME),
    ("Da Silva", "Da Silva", Form.NO_FIRST_NAME),
    ("J. Peeters", "J. Peeters", Form.NO_FIRST_NAME),  # an initial is no name to greet by
    ("Peeters, J.", "Peeters, J.", Form.NO_FIRST_NAME),
    ("AN CLAES", "AN CLAES", Form.UNSURE),  # all capitals: which is the first name?
    ("DE SMET", "DE SMET", Form.NO_FIRST_NAME),
    # one word: that word (a surname that shows it is one: eenplan knows no first name)
    ("Jef", "Jef", Form.ONE_WORD),
    ("Rita", "Rita", Form.ONE_WORD),
    ("PEETERS", "PEETERS", Form.NO_FIRST_NAME),
    ("N'Diaye", "N'Diaye", Form.NO_FIRST_NAME),
    ("D'Hondt", "D'Hondt", Form.NO_FIRST_NAME),
    # a title: with the name
    ("dokter Janssens", "dokter Janssens", Form.TITLED),
    ("Dr. Peeters", "Dr. Peeters", Form.TITLED),
    ("Meester Tom", "Meester Tom", Form.TITLED),
    ("Huisarts Peeters", "Huisarts Peeters", Form.TITLED),
    # an organisation typed as the name: whole
    ("Kinderdagverblijf Zonneschijn", "Kinderdagverblijf Zonneschijn", Form.ORGANISATION),
    ("Kind en Gezin", "Kind en Gezin", Form.ORGANISATION),
    ("Huis van het Kind Essen", "Huis van het Kind Essen", Form.ORGANISATION),
    ("Basisschool De Klimop", "Basisschool De Klimop", Form.ORGANISATION),
    ("Thuisbegeleidingsdienst Kompas", "Thuisbegeleidingsdienst Kompas", Form.ORGANISATION),
    ("CLB Kempen", "CLB Kempen", Form.ORGANISATION),
    ("CAW De Kempen", "CAW De Kempen", Form.ORGANISATION),
    ("OCMW", "OCMW", Form.ORGANISATION),
    ("VZW Zonneschijn", "VZW Zonneschijn", Form.ORGANISATION),
    # which word is the first name? No capital says it, or three words and no particle: whole
    ("peeters maria", "peeters maria", Form.UNSURE),
    ("maria peeters", "maria peeters", Form.UNSURE),
    ("peeters Maria", "peeters Maria", Form.UNSURE),
    ("Ben Salah Youssef", "Ben Salah Youssef", Form.UNSURE),
    ("Abou El Fadl Karim", "Abou El Fadl Karim", Form.UNSURE),
    ("Nguyen Thi Lan", "Nguyen Thi Lan", Form.UNSURE),
    ("Jan Willem Peeters", "Jan Willem Peeters", Form.UNSURE),
    # a particle further on says where the surname starts; "Ben" in front of one surname is a name
    ("Youssef Ben Salah", "Youssef", Form.FIRST_NAME),
    ("Karim Abou El Fadl", "Karim", Form.FIRST_NAME),
    ("Ben Salah, Youssef", "Youssef", Form.FIRST_NAME),
    ("BEN SALAH Youssef", "Youssef", Form.FIRST_NAME),
    ("Ben Peeters", "Ben", Form.FIRST_NAME),
    ("", "", Form.EMPTY),
    ("   ", "", Form.EMPTY),
])
def test_a_letter_calls_someone_by_a_first_name_only_where_the_name_clearly_has_one(name, called, form):
    assert address(name) == (address(name).__class__(called, form))
    assert first_name(name) == called


@pytest.mark.parametrize("particle", sorted(PARTICLES))
def test_no_particle_is_ever_said_alone(particle):
    for name in (f"{particle} Broeck", f"{particle.title()} Broeck", f"{particle} den Broeck"):
        assert address(name).text == name, name
        assert address(name).form is Form.NO_FIRST_NAME, name


@pytest.mark.parametrize("particle", sorted(INNER_PARTICLES))
def test_a_patronymic_in_front_of_a_longer_name_is_never_said_alone(particle):
    for name in (f"{particle.title()} Salah Youssef", f"{particle} Salah Youssef"):
        assert address(name).text == name and address(name).form in WHOLE_FOR_WANT, name
    assert address(f"Youssef {particle.title()} Salah") == address("x").__class__("Youssef", Form.FIRST_NAME)


@pytest.mark.parametrize(("name", "family", "called"), [
    ("Peeters Maria", "Familie Peeters", "Maria"),  # the family's surname first: the other word
    ("Maria Peeters", "Familie Peeters", "Maria"),
    ("Claes Jef", "Gezin Peeters-Claes", "Jef"),
    ("Claes Jef", "Familie Peeters en Claes", "Jef"),
    ("Peeters Maria", "Familie Maes", "Peeters"),  # no telling: as the workbook asks, first name first
    ("Peeters Claes", "Familie Peeters-Claes", "Peeters"),  # both the family's: no telling either
    ("peeters maria", "Familie Peeters", "peeters maria"),
])
def test_the_family_s_surname_says_which_word_is_the_first_name(name, family, called):
    assert address(name, family=family).text == called


@pytest.mark.parametrize("title", sorted(TITLES))
def test_no_title_is_ever_said_alone(title):
    assert address(f"{title.title()}. Peeters").text == f"{title.title()}. Peeters"


def test_an_organisation_invited_as_itself_is_its_name():
    assert address("De Regenboog", "de regenboog") == address("De Regenboog").__class__(
        "De Regenboog", Form.ORGANISATION)
    assert is_organisation("Kinderdagverblijf Zonneschijn")
    assert not is_organisation("Maria Peeters") and not is_organisation("AN CLAES")


# -- who they are --------------------------------------------------------------------------------


def test_every_role_eenplan_puts_on_lijsten_has_its_phrase():
    assert {normal_text(r) for r in ROLE_VALUES} == set(ROLE_PHRASES)
    assert ROLE_PHRASES["familielid"] == "een familielid"
    assert ROLE_PHRASES["andere"] == ""
    assert not any(p.startswith("de ") and article(p[3:]) == "het" for p in ROLE_PHRASES.values())


@pytest.mark.parametrize(("noun", "art"), [
    ("familielid", "het"), ("gezinslid", "het"), ("kleinkind", "het"), ("buurmeisje", "het"),
    ("nichtje", "het"), ("CLB", "het"), ("buurvrouw", "de"), ("vriend", "de"), ("juf van Lotte", "de"),
    ("CLB-medewerker", "de"),
])
def test_a_noun_a_team_types_gets_its_article(noun, art):
    assert article(noun) == art


# -- the documents -------------------------------------------------------------------------------

# what eenplan's init puts on Lijsten (Rollen: its own ROLE_VALUES)
OWN_LISTS = {**LISTS, "Rollen": list(ROLE_VALUES), "Gemeenten": ["Essen"], "Begeleiders": ["Sofie Wouters"]}
GUESTS = [("Van den Broeck", "Buur"), ("De Smet", "Familielid"), ("N'Diaye", "Andere"),
          ("Ó Briain", "Ouder"), ("Jef", "Familielid"), ("Rita", "Andere"),
          ("Kinderdagverblijf Zonneschijn", "Kinderopvang"), ("dokter Janssens", "Huisarts"),
          ("PEETERS Maria", "Vriend of kennis"), ("Kind en Gezin", "Hulpverlener")]


def _team(tmp_path: Path, *, language: str = "", book: CaseloadBuilder | None = None) -> Path:
    book = book or CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 10), language=language)
    book.network("2026-401", name="Lies Maes", role="Gezin", relation="mama", invite="ja")
    for name, role in GUESTS:
        book.network("2026-401", name=name, role=role, invite="ja",
                     organisation="Kind en Gezin" if name == "Kind en Gezin" else "")
    book.round_table("2026-401", date=MEETING, time=datetime.time(13, 45), location="Huis van het Kind")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _lines(path: Path) -> list[str]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]


def _letters(root: Path) -> dict[str, list[str]]:
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-401", None, today=TODAY)
    return {p.name.removeprefix("2026-12-09 Uitnodiging rondetafel - ").removesuffix(".docx"): _lines(p)
            for p in made.written if p.suffix == ".docx" and "alles om af te drukken" not in p.name}


def _line(lines: list[str], start: str) -> str:
    return next(line for line in lines if start in line)


def test_each_guest_letter_greets_by_the_whole_name_where_there_is_no_first_name(tmp_path):
    letters = _letters(_team(tmp_path))
    greetings = {name: _line(lines, "Beste ") for name, lines in letters.items()}
    assert greetings == {
        "Familie Maes": "Beste Familie Maes,",
        "Van den Broeck": "Beste Van den Broeck,",
        "De Smet": "Beste De Smet,",
        "N'Diaye": "Beste N'Diaye,",
        "Ó Briain": "Beste Ó Briain,",
        "Jef": "Beste Jef,",
        "Rita": "Beste Rita,",
        "Kinderdagverblijf Zonneschijn": "Beste Kinderdagverblijf Zonneschijn,",
        "dokter Janssens": "Beste dokter Janssens,",
        "PEETERS Maria": "Beste Maria,",
        "Kind en Gezin": "Beste Kind en Gezin,",
    }


def test_who_comes_names_everyone_whole_and_says_who_they_are_with_the_right_article(tmp_path):
    letters = _letters(_team(tmp_path))
    family = _line(letters["Familie Maes"], "Wie komt er")
    assert ("Van den Broeck, De Smet, N'Diaye, Ó Briain, Jef, Rita, Kinderdagverblijf Zonneschijn, "
            "dokter Janssens, Maria en Kind en Gezin.") in family
    jef = _line(letters["Jef"], "Wie komt er")
    assert ("Wij zijn er, met Van den Broeck, een buur, De Smet, een familielid, N'Diaye, "
            "Ó Briain, de ouder, Rita, Kinderdagverblijf Zonneschijn, dokter Janssens, de huisarts, "
            "Maria, een vriend of kennis, en Kind en Gezin.") in jef
    rita = _line(letters["Rita"], "Wie komt er")
    assert "Jef, een familielid," in rita
    for lines in letters.values():  # the greeting and who comes (the address has the name as typed)
        said = _line(lines, "Beste ") + _line(lines, "Wie komt er")
        for wrong in ("de familielid", "de andere", "de vriend of kennis", "de hulpverlener",
                      "Van,", "De,", "Ó,", "PEETERS"):
            assert wrong not in said


def test_a_french_letter_and_plan_name_everyone_whole_and_print_no_dutch_role(tmp_path):
    root = _team(tmp_path, language="fr")
    letters = _letters(root)
    family = _line(letters["Familie Maes"], "Qui vient")
    assert "Van den Broeck, De Smet, N'Diaye, Ó Briain, Jef" in family and "Van," not in family
    team = find_team(team=root)
    (plan,) = [p for p in plan_for(team, load_caseload(team), "2026-401", today=TODAY).written
               if p.suffix == ".docx"]
    lines = _lines(plan)
    for dutch in ("buur", "familielid", "ouder", "andere", "kinderopvang", "huisarts", "vriend"):
        assert dutch not in [line.strip().casefold() for line in lines], dutch
    assert "Van den Broeck" in lines


def test_the_plan_and_the_childrens_plan_say_who_helps_as_the_letters_do(tmp_path):
    root = _team(tmp_path)
    team = find_team(team=root)
    caseload = load_caseload(team)
    (plan,) = [p for p in plan_for(team, caseload, "2026-401", today=TODAY).written if p.suffix == ".docx"]
    lines = _lines(plan)
    assert "familielid" in lines and "buur" in lines
    assert "andere" not in lines and "Andere" not in lines  # Rol Andere says nothing
    from eenplan.docx_templates.context import children_plan_context

    helpers = children_plan_context(team.settings, caseload.dossier("2026-401"),
                                    caseload.network_of("2026-401"), (), (), today=TODAY)["helpers_tekst"]
    assert helpers.startswith("Van den Broeck, een buur, De Smet, een familielid, N'Diaye, Ó Briain, ")


# -- check asks for the first name ---------------------------------------------------------------


def test_check_asks_for_the_first_name_of_a_guest_who_has_none(tmp_path):
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen")
    book.network("2026-401", name="Van den Broeck", role="Buur", invite="ja")  # row 2
    book.network("2026-401", name="PEETERS", role="Familielid", invite="ja")  # row 3
    book.network("2026-401", name="Maria Peeters", role="Familielid", invite="ja")
    book.network("2026-401", name="De Smet", role="Buur", invite="nee")  # gets no letter
    book.network("2026-401", name="Van Dam", role="Gezin", invite="ja")  # the family's letter
    book.network("2026-401", name="Kind en Gezin", role="Hulpverlener", invite="ja")
    book.network("2026-401", name="Ó Briain", role="Buur", invite="nee")  # row 8: named below
    book.round_table("2026-401", date=MEETING, invitees="Van den Broeck, PEETERS, Ó Briain")
    book.dossier("2026-402", family="Familie Claes", begeleider="Sofie Wouters", municipality="Essen",
                 closed_on=D(2026, 11, 1), closure_reason="Doelen bereikt")
    book.network("2026-402", name="Van Gils", role="Buur", invite="ja")  # closed: no letters
    report = check_book(book, tmp_path)
    assert found(report, "no-first-name") == [("Netwerk", "B2"), ("Netwerk", "B3"), ("Netwerk", "B8")]
    (finding,) = [f for f in report.findings if f.code == "no-first-name" and f.row == 2]
    assert finding.severity == "warning" and finding.dossier == "2026-401"
    assert "Beste Van den Broeck," in finding.message


# -- the quick look of the check -------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(["Maria", "maria", "MARIA", "Van", "van", "den", "De", "D'Hondt", "d’Hondt",
                          "O'Brien", "Ó", "J.", "J.-P.", "J", "An", "AN", "dokter", "Dr.", "CLB",
                          "Kempen", "school", "Persoon", "1-2", "El", "Mc", "Ben", ",", "Peeters,",
                          "peeters", "Peeters", "Salah", "Youssef", "abou", "Mevrouw"])


@given(st.lists(_WORDS, min_size=1, max_size=4), st.sampled_from(["", "CLB Kempen", "Maria Peeters"]),
       st.sampled_from(["", "Familie Peeters", "Gezin Maria"]))
def test_the_quick_look_never_passes_a_name_address_calls_whole(words, organisation, family):
    name = " ".join(words)
    if surely_first_name(name):
        assert address(name, organisation, family=family).form not in WHOLE_FOR_WANT, name


@given(st.lists(_WORDS, min_size=2, max_size=4), st.sampled_from(["", "Familie Peeters", "Gezin Maria"]))
def test_a_first_name_is_one_word_of_the_name_never_a_particle(words, family):
    called = address(" ".join(words), family=family)
    if called.form is Form.FIRST_NAME:
        assert called.text in " ".join(words).replace(",", " ").split()
        assert called.text.casefold() not in PARTICLES and any(c.isalpha() for c in called.text), words
        if "," not in " ".join(words) and called.text == words[0]:  # by the workbook's order: a capital
            assert called.text[:1].isupper(), words


def test_the_quick_look_passes_the_common_names():
    assert surely_first_name("Maria Peeters") and surely_first_name("Persoon 1-2")
    assert not surely_first_name("Van den Broeck") and not surely_first_name("PEETERS Maria")
    assert not surely_first_name("J. Peeters") and not surely_first_name("Peeters, Maria")
    assert not surely_first_name("peeters maria") and not surely_first_name("Ben Salah Youssef")


# -- which word is the first name: the letters and the check -------------------------------------


def _unsure_book() -> CaseloadBuilder:
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Peeters", begeleider="Sofie Wouters", municipality="Essen",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 10))
    book.network("2026-401", name="peeters jan", role="Familielid", invite="ja")  # row 2
    book.network("2026-401", name="Ben Salah Youssef", role="Buur", invite="ja")  # row 3
    book.network("2026-401", name="Peeters Maria", role="Grootouder", invite="ja")  # the family's surname
    book.network("2026-401", name="Karim Ben Salah", role="Vriend of kennis", invite="ja")
    book.network("2026-401", name="AN CLAES", role="Leerkracht", invite="ja")  # row 6
    book.round_table("2026-401", date=MEETING, time=datetime.time(13, 45), location="Huis van het Kind")
    return book


def test_a_letter_greets_whole_where_it_cannot_tell_the_first_name_and_the_family_s_surname_tells(tmp_path):
    letters = _letters(_team_folder(tmp_path, _unsure_book()))
    greetings = {name: _line(lines, "Beste ") for name, lines in letters.items()}
    assert greetings["peeters jan"] == "Beste peeters jan,"
    assert greetings["Ben Salah Youssef"] == "Beste Ben Salah Youssef,"
    assert greetings["Peeters Maria"] == "Beste Maria,"
    assert greetings["Karim Ben Salah"] == "Beste Karim,"
    assert "Wij zijn er, met peeters jan, een familielid, Ben Salah Youssef, een buur, Maria, " in _line(
        letters["Karim Ben Salah"], "Wie komt er")


def test_check_asks_for_the_first_name_where_it_cannot_tell_which_word_it_is(tmp_path):
    report = check_book(_unsure_book(), tmp_path)
    assert found(report, "no-first-name") == [("Netwerk", "B2"), ("Netwerk", "B3"), ("Netwerk", "B6")]
    assert all(f.severity == "warning" and "'Beste " in f.message
               for f in report.findings if f.code == "no-first-name")


# -- Rondetafels.Uitnodigen: a first name, never a particle ----------------------------------------


def test_a_particle_on_uitnodigen_invites_no_one_and_check_says_so(tmp_path):
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen")
    book.network("2026-401", name="Van den Broeck", role="Buur", invite="nee")
    book.network("2026-401", name="De Smet, Marie", role="Familielid", invite="nee")
    book.network("2026-401", name="Ben Salah Youssef", role="Buur", invite="nee")
    book.network("2026-401", name="PEETERS Els", role="Buur", invite="nee")
    book.round_table("2026-401", date=MEETING, invitees="Van, Marie, Ben, Youssef, Els")
    report = check_book(book, tmp_path)
    unknown = [f for f in report.findings if f.code == "unknown-invitee"]
    assert [(f.sheet, f.cell) for f in unknown] == [("Rondetafels", "I2")] * 3
    assert [f.message.split()[0] for f in unknown] == ["Van", "Ben", "Youssef"]
    caseload = load_caseload(find_team(team=_team_folder(tmp_path, book)))
    invited, not_found = invitees_of(caseload.round_tables[0], caseload.network_of("2026-401"))
    assert [m.name for m in invited] == ["De Smet, Marie", "PEETERS Els"]
    assert not_found == ("Van", "Ben", "Youssef")


def test_a_first_name_on_uitnodigen_matches_a_name_typed_either_way_round(tmp_path):
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen")
    book.network("2026-401", name="Peeters Maria", role="Grootouder", invite="nee")  # surname first
    book.network("2026-401", name="Jan Claes", role="Buur", invite="nee")
    book.network("2026-401", name="Lotte Maes", role="Buur", invite="nee")
    book.network("2026-401", name="Janssens Lotte", role="Buur", invite="nee")
    # Maria: one member; Jan: one; Lotte: two (either way round), so no one; Van: no first name
    book.round_table("2026-401", date=MEETING, invitees="Maria, Jan, Lotte")
    report = check_book(book, tmp_path)
    unknown = [f for f in report.findings if f.code == "unknown-invitee"]
    assert [(f.sheet, f.cell, f.message.split()[0]) for f in unknown] == [("Rondetafels", "I2", "Lotte")]
    caseload = load_caseload(find_team(team=_team_folder(tmp_path, book)))
    invited, not_found = invitees_of(caseload.round_tables[0], caseload.network_of("2026-401"))
    assert [m.name for m in invited] == ["Peeters Maria", "Jan Claes"]
    assert not_found == ("Lotte",)


@pytest.mark.parametrize("name", ["Maria PEETERS", "PEETERS Maria", "Van Damme", "J. Peeters",
                                  "peeters maria", "Jean-Pierre D'Hondt"])
def test_a_surname_that_shows_it_is_one_never_matches_as_a_first_name(name):
    surname = {"Maria PEETERS": "PEETERS", "PEETERS Maria": "PEETERS", "Van Damme": "Damme",
               "J. Peeters": "Peeters", "peeters maria": "peeters",
               "Jean-Pierre D'Hondt": "D'Hondt"}[name]
    network = [NetworkMember(2, "1", name, "", "", "", "", "", "", False)]
    table = RoundTable(2, "1", MEETING, None, "", "", "", "", None, surname)
    assert invitees_of(table, network) == ((), (surname,))


@pytest.mark.parametrize("name", ["Marie Thérèse Peeters", "Jan Pieter De Smet",
                                  "Marie Thérèse Van den Broeck", "Mohamed Ali Ben Salah"])
def test_two_first_names_are_greeted_whole_and_check_asks_which(name, tmp_path):
    """Marie, or Marie Thérèse? Only she knows: the letter says the whole name (UNSURE), and check
    asks for "Peeters, Marie Thérèse" (no-first-name), as for any name it cannot split."""
    assert address(name) == address("x").__class__(name, Form.UNSURE)
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen")
    book.network("2026-401", name=name, role="Buur", invite="ja")
    assert found(check_book(book, tmp_path), "no-first-name") == [("Netwerk", "B2")]
    guest = NetworkMember(2, "2026-401", name, "Buur", "", "", "", "", "", True)
    context = invitation_context(SETTINGS, render_dossier(), RENDER_TABLE, guest, [guest], today=TODAY)
    assert context["ontvanger"]["voornaam"] == name


def test_a_hyphen_makes_two_first_names_one():
    assert address("Marie-Thérèse Peeters").text == "Marie-Thérèse"
    assert address("Jan-Pieter De Smet").text == "Jan-Pieter"


def _team_folder(tmp_path: Path, book: CaseloadBuilder) -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


# -- "u" to whom the Naam gives a courtesy title -----------------------------------------------


def _formal_letters(tmp_path: Path, language: str) -> dict[str, list[str]]:
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 10), language=language)
    book.network("2026-401", name="Mevrouw Van den Broeck", role="Buur", invite="ja")
    book.network("2026-401", name="Madame Dubois", role="Buur", invite="ja")
    book.network("2026-401", name="dokter Janssens", role="Huisarts", invite="ja")
    book.network("2026-401", name="Meester Tom", role="Leerkracht", invite="ja")
    book.network("2026-401", name="Els Maes", role="Buur", invite="ja")
    book.round_table("2026-401", date=MEETING)  # no place, no hour: "we let you know" is said too
    return _letters(_team_folder(tmp_path, book))


_INFORMAL = {"nl": (" je ", "Jij ", "Kun je", "Wil je"),
             "fr": (" tu ", "Tu ", " te ", "t'invitons", "Dis-le")}
_FORMAL = {"nl": ("U bent", "nodigen we u uit", "Dat laten we u nog weten.", "Kunt u niet komen?",
                  "Wilt u toch", "We hopen dat u erbij bent."),
           "fr": ("Vous comptez", "nous vous invitons", "Nous vous le dirons", "Vous ne pouvez pas venir",
                  "Dites-le", "que vous serez là")}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_letter_to_mevrouw_or_dokter_says_u_throughout_and_to_meester_tom_je(tmp_path, language):
    letters = _formal_letters(tmp_path, "" if language == "nl" else language)
    for name in ("Mevrouw Van den Broeck", "Madame Dubois", "dokter Janssens"):
        text = " ".join(letters[name]) + " "
        assert not [w for w in _INFORMAL[language] if w in text], (name, text)
        assert all(w in text for w in _FORMAL[language]), (name, text)
    for name in ("Meester Tom", "Els Maes"):
        text = " ".join(letters[name]) + " "
        assert not [w for w in _FORMAL[language] if w in text], (name, text)
        assert any(w in text for w in _INFORMAL[language]), name


def test_which_titles_say_u():
    assert address("Mevrouw Van den Broeck").formal and address("Mevr. Peeters").formal
    assert address("Monsieur Dubois").formal and address("Dr. Peeters").formal
    assert not address("Meester Tom").formal and not address("juf Sarah").formal
    assert not address("Maria Peeters").formal and not address("Van den Broeck").formal


# -- eenplan's own list values in a French or English document ---------------------------------


def test_every_value_eenplan_puts_on_its_lists_has_its_french_and_english():
    own = {normal_text(v) for v in (*ROLE_VALUES, *LIFE_DOMAIN_VALUES)}
    assert own <= set(LIST_VALUES)
    assert all(set(words) == {"fr", "en"} and all(words.values()) for words in LIST_VALUES.values())


def _own_values_team(tmp_path: Path, language: str) -> Path:
    book = CaseloadBuilder(lists=OWN_LISTS)
    book.dossier("2026-401", family="Familie Maes", begeleider="Sofie Wouters", municipality="Essen",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 10), language=language,
                 question="Opvoeding", plan_on=D(2026, 11, 20))
    book.network("2026-401", name="Lies Maes", role="Gezin", relation="mama", invite="ja")
    book.network("2026-401", name="Els Peeters", role="Buur", invite="ja")
    book.network("2026-401", name="Jef Maes", role="Familielid", relation="nonkel", invite="ja")
    book.network("2026-401", name="Tom Claes", role="Voetbaltrainer", invite="ja")  # the team's own Rol
    book.round_table("2026-401", date=D(2026, 11, 20), present="het gezin, Els Peeters", notes="Goed.")
    book.agreement("2026-401", round_table=D(2026, 11, 20), domain="Wonen", goal="Een rustige kamer",
                   action="Kamer opruimen", who="Lies")
    book.agreement("2026-401", round_table=D(2026, 11, 20), domain="Voetbal", goal="Meespelen",
                   action="Inschrijven", who="Jef")  # the team's own life domain
    return _team_folder(tmp_path, book)


@pytest.mark.parametrize(("language", "words", "dutch"), [
    ("fr", ("Éducation des enfants", "Logement", "voisin·e", "la famille, Els Peeters"),
     ("Opvoeding", "Wonen", "buur", "het gezin")),
    ("en", ("Parenting", "Housing", "neighbour", "the family, Els Peeters"),
     ("Opvoeding", "Wonen", "buur", "het gezin")),
])
def test_eenplan_s_own_list_values_are_in_the_document_s_language_a_team_s_own_as_typed(
        tmp_path, language, words, dutch):
    from eenplan.docx_templates.documents import report_for

    root = _own_values_team(tmp_path, language)
    team = find_team(team=root)
    caseload = load_caseload(team)
    (plan,) = [p for p in plan_for(team, caseload, "2026-401", today=TODAY).written if p.suffix == ".docx"]
    (report,) = [p for p in report_for(team, caseload, "2026-401", D(2026, 11, 20), today=TODAY).written
                 if p.suffix == ".docx"]
    text = " | ".join(_lines(plan) + _lines(report))
    for word in words:
        assert word in text, word
    for word in dutch:
        assert word not in text.replace("Els Peeters", ""), word
    assert "Voetbal" in text and "nonkel" in text  # the team's own: as typed
