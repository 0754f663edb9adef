from __future__ import annotations

import datetime

import pytest

from eenplan.errors import ConfigError
from eenplan.team.folder import find_team
from eenplan.team.settings import parse_settings


def test_defaults():
    settings = parse_settings({})
    assert settings.workbook == "Caseload.xlsx"
    assert settings.digest.weekday == 0 and settings.digest.time == datetime.time(8, 0)
    assert settings.mail.password_env == "EENPLAN_SMTP_WACHTWOORD"


def test_a_full_settings_file():
    settings = parse_settings({
        "team": {"naam": "Team Noorderkempen", "regio": "Noorderkempen", "werkmap": "Team.xlsx"},
        "briefhoofd": {"organisatie": "1G1P", "adres": "Markt 1, 2950 Kapellen"},
        "kolommen": {"eigen": ["Wachtlijst"], "Dossiers": {"Gezin": "Naam gezin"}},
        "bladen": {"Dossiers": "Caseload"},
        "mail": {"server": "smtp.example.be", "poort": 465, "beveiliging": "ssl",
                 "coordinatoren": ["coord@example.be"]},
        "digest": {"dag": "vrijdag", "uur": "16:30"},
        "bewaren": {"maanden": 24},
    })
    assert settings.region == "noorderkempen"
    assert settings.header_aliases["Dossiers"]["Gezin"] == "Naam gezin"
    assert settings.sheet_aliases["Dossiers"] == "Caseload"
    assert settings.mail.coordinators == ("coord@example.be",)
    assert (settings.digest.weekday, settings.digest.time) == (4, datetime.time(16, 30))
    assert settings.retention_months == 24


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"team": {"naaam": "x"}}, "team.naaam"),
        ({"teams": {}}, "teams"),
        ({"team": {"regio": "antwerpen"}}, "team.regio"),
        ({"team": {"werkmap": "caseload.csv"}}, "team.werkmap"),
        ({"mail": {"poort": "587"}}, "mail.poort"),
        ({"mail": {"beveiliging": "tls"}}, "mail.beveiliging"),
        ({"digest": {"dag": "monday"}}, "digest.dag"),
        ({"digest": {"uur": "acht uur"}}, "digest.uur"),
        ({"kolommen": {"Dosiers": {"Gezin": "x"}}}, "kolommen.Dosiers"),
        ({"kolommen": {"Dossiers": {"Gezn": "x"}}}, "kolommen.Dossiers.Gezn"),
        ({"bladen": {"Dosiers": "x"}}, "bladen.Dosiers"),
        ({"bewaren": {"maanden": 0}}, "bewaren.maanden"),
        ({"mail": {"wachtwoord": "geheim"}}, "mail.wachtwoord"),
    ],
)
def test_a_bad_key_or_value_names_the_key(raw, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_settings(raw)


def test_a_password_never_comes_from_the_file():
    with pytest.raises(ConfigError) as caught:
        parse_settings({"mail": {"wachtwoord": "geheim"}})
    assert "geheim" not in str(caught.value)


def test_did_you_mean():
    with pytest.raises(ConfigError, match="Bedoel je naam"):
        parse_settings({"team": {"naaam": "x"}})


def test_invalid_toml_is_one_sentence(tmp_path):
    (tmp_path / "eenplan.toml").write_text("[team\nnaam = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="klopt iets niet op regel 1") as raised:
        find_team(team=tmp_path)
    assert "line" not in str(raised.value)  # tomllib's own words are English


def test_workbook_override_and_bare_workbook(tmp_path):
    (tmp_path / "eenplan.toml").write_text('[team]\nwerkmap = "Team.xlsx"\n', encoding="utf-8")
    team = find_team(team=tmp_path)
    assert team.workbook == tmp_path / "Team.xlsx"
    other = tmp_path / "ander.xlsx"
    assert find_team(team=tmp_path, workbook=other).workbook == other
    elsewhere = tmp_path.parent / (tmp_path.name + "-los")
    bare = find_team(workbook=elsewhere / "los.xlsx", cwd=elsewhere)
    assert bare.root is None and bare.reports_dir == elsewhere / "rapporten"


@pytest.mark.parametrize("coordinators", [
    "an@voorbeeld.be; bart@voorbeeld,be",  # one text, two addresses
    "an@voorbeeld.be, bart@voorbeeld.be",
    ["an@voorbeeld.be, bart@voorbeeld.be"],
    ["bart@voorbeeld,be"],  # a comma for a dot: the server would get "be"
    ["bart"],
])
def test_coordinators_that_are_no_list_of_addresses_are_refused(coordinators):
    with pytest.raises(ConfigError, match=r"mail\.coordinatoren") as caught:
        parse_settings({"mail": {"coordinatoren": coordinators}})
    assert '["an@voorbeeld.be", "bart@voorbeeld.be"]' in str(caught.value)  # the right form


@pytest.mark.parametrize("coordinators", ["an@voorbeeld.be", ["an@voorbeeld.be", "b.p@x.vlaanderen"]])
def test_one_address_or_a_list_of_them(coordinators):
    expected = (coordinators,) if isinstance(coordinators, str) else tuple(coordinators)
    assert parse_settings({"mail": {"coordinatoren": coordinators}}).mail.coordinators == expected


@pytest.mark.parametrize(("sender", "good"), [
    ("team@voorbeeld.be", True), ("Team Kempen <team@voorbeeld.be>", True), ("", True),
    ("team", False), ("team@voorbeeld,be", False), ("a@voorbeeld.be, b@voorbeeld.be", False),
])
def test_the_sender_is_one_address(sender, good):
    if good:
        assert parse_settings({"mail": {"afzender": sender}}).mail.sender == sender
    else:
        with pytest.raises(ConfigError, match=r"mail\.afzender"):
            parse_settings({"mail": {"afzender": sender}})


def test_a_folder_named_with_an_underscore_is_no_language_for_letters(tmp_path):
    """docx_templates/_vorige/ holds the templates `templates bijwerken` replaced, as templates
    check skips it: no language either."""
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    for folder in ("_vorige", ".oud", "tr"):
        (tmp_path / "docx_templates" / folder).mkdir(parents=True)
        (tmp_path / "docx_templates" / folder / "uitnodiging.docx").write_bytes(b"")
    assert find_team(team=tmp_path).template_languages() == frozenset({"nl", "fr", "en", "tr"})
