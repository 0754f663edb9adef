"""`eenplan init`: a team folder whose empty workbook is a pleasure in Excel and reads back clean."""

from __future__ import annotations

import datetime
import os

import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.flows import check, default_flows, flow_names
from eenplan.flows.colours import norm_colours
from eenplan.init.folder import default_team_name, init_team, settings_toml
from eenplan.sheets.blank import LAST_ROW, LIST_ROWS, list_range_name
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.schema import LISTS, LISTS_LAYOUT, SCHEMAS, Kind, column_letter
from eenplan.team.folder import find_team, load_settings
from eenplan.team.regions import GENT, NOORDERKEMPEN, VOORKEMPEN
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    return init_team(tmp_path_factory.mktemp("teams") / "Team Noorderkempen")


@pytest.fixture(scope="module")
def book(team):
    return openpyxl.load_workbook(team.workbook)


def test_init_makes_every_file_and_folder(team):
    root = team.root
    for name in ("eenplan.toml", "Caseload.xlsx", "flows/LEESMIJ.txt"):
        assert (root / name).is_file(), name
    for name in ("docx_templates", "flows", "out", "rapporten"):
        assert (root / name).is_dir(), name
    assert "TOML" in (root / "flows" / "LEESMIJ.txt").read_text(encoding="utf-8")


def test_the_settings_load_and_round_trip(team):
    settings = load_settings(team.root / "eenplan.toml")
    assert settings == team.settings
    assert settings.team_name == "Team Noorderkempen"
    assert settings.region == "noorderkempen"
    found = find_team(team=team.root)
    assert found.workbook == team.workbook


def test_every_setting_is_explained_and_no_password_is_kept(team):
    text = (team.root / "eenplan.toml").read_text(encoding="utf-8")
    for section in ("[team]", "[briefhoofd]", "[kolommen]", "[mail]", "[digest]", "[bewaren]"):
        assert section in text
    lines = text.splitlines()
    settings = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("#")]
    for index in settings:
        above = index - 1
        while above in settings:
            above -= 1
        assert lines[above].startswith("#"), lines[index]
    assert "wachtwoord-variabele" in text
    assert "wachtwoord =" not in text


def test_bewaren_says_it_is_how_long_a_closed_dossier_is_kept(team):
    """`maanden` is the dossiers' retention after closure (`eenplan retention`), not how long
    eenplan keeps its copies of the workbook: those follow their own rule, and it says so."""
    text = (team.root / "eenplan.toml").read_text(encoding="utf-8")
    comment = text.split("[bewaren]")[1].split("maanden =")[0]
    assert "afsluiting" in comment and "retention" in comment and "snapshots" in comment


def test_settings_with_every_value_filled_round_trip(tmp_path):
    import dataclasses
    from types import MappingProxyType

    from eenplan.team.settings import DigestSettings, Letterhead, MailSettings, Settings

    settings = Settings(
        team_name='Team "Gent" & co', region="gent", workbook="Gezinnen 2026.xlsx",
        letterhead=Letterhead("Samen1Plan", "Straat 1\n9000 Gent", "09 123 45 67", "a@b.be", "w.be"),
        header_aliases=MappingProxyType({"Dossiers": MappingProxyType({"Datum aanmelding": "Aangemeld"})}),
        own_columns=("Tolk nodig",),
        mail=MailSettings("smtp.voorbeeld.be", 465, "ssl", "team", "MIJN_WW", "team@b.be", ("c@b.be",)),
        digest=DigestSettings(4, datetime.time(7, 30)),
        retention_months=24,
    )
    path = tmp_path / "eenplan.toml"
    path.write_text(settings_toml(settings), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded == settings
    assert dataclasses.asdict(loaded.mail) == dataclasses.asdict(settings.mail)


def test_the_fresh_workbook_reads_back_clean(team):
    caseload = read_caseload(team.workbook)
    assert caseload.dossiers == ()
    report = check(caseload, today=TODAY, flow_names=flow_names())
    assert report.findings == ()
    assert caseload.lists["Gemeenten"] == tuple(p.name for p in NOORDERKEMPEN.places)
    assert caseload.lists["Begeleiders"] == ()
    assert "Geen contact meer" in caseload.lists["Redenen afsluiting"]


def test_check_on_the_fresh_team_exits_0(team, runner):
    result = runner.invoke(cli, ["check", "--team", str(team.root), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output


def test_every_sheet_has_its_headers_a_table_and_a_frozen_header(book):
    assert book.sheetnames == [*SCHEMAS, LISTS]
    for name, schema in SCHEMAS.items():
        sheet = book[name]
        assert [c.value for c in sheet[1]] == [c.header for c in schema.columns]
        assert list(sheet.tables) == [name]
        assert sheet.tables[name].ref.startswith("A1:" + column_letter(len(schema.columns) - 1))
        assert sheet.freeze_panes in ("B2", "C2")
        for index, column in enumerate(schema.columns):
            assert sheet.column_dimensions[column_letter(index)].width >= column.width
    assert [c.value for c in book[LISTS][1]] == list(LISTS_LAYOUT)
    assert list(book[LISTS].tables) == [LISTS]


def test_headers_carry_the_column_help(book):
    sheet = book["Dossiers"]
    headers = {c.value: c for c in sheet[1]}
    assert "2026-014" in headers["Dossier"].comment.text
    assert "Lijsten" in headers["Gemeente"].comment.text
    assert "procesbegeleiding" in headers["Traject"].comment.text


def test_the_rol_header_says_gezin_is_the_household_and_ouder_a_parent_in_the_network(book):
    role = {c.value: c for c in book["Netwerk"][1]}["Rol"].comment.text
    gezin, _, ouder = role.partition("Ouder")
    assert "Gezin" in gezin and "brief van het gezin" in gezin  # the household: one letter
    assert "netwerk" in ouder and "eigen uitnodiging" in ouder  # a parent elsewhere: their own


def _validations(sheet):
    """column letter -> the data validation covering row 2 of it."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            assert cells.min_row == 2 and cells.max_row == LAST_ROW
            found[column_letter(cells.min_col - 1)] = validation
    return found


def test_list_columns_drop_down_from_lijsten(book):
    names = {n: book.defined_names[n].attr_text for n in book.defined_names}
    for name, schema in SCHEMAS.items():
        validations = _validations(book[name])
        for index, column in enumerate(schema.columns):
            if column.list_name is None:
                continue
            validation = validations[column_letter(index)]
            assert validation.type == "list"
            assert validation.formula1 == list_range_name(column.list_name)
            letter = column_letter(LISTS_LAYOUT.index(column.list_name))
            assert names[validation.formula1] == f"Lijsten!${letter}$2:${letter}${LIST_ROWS}"


def test_fixed_choices_dates_and_traject(book):
    dossiers = _validations(book["Dossiers"])
    assert dossiers["C"].formula1 == '"' + ",".join(flow_names()) + '"'  # Traject
    assert dossiers["H"].type == "date" and "07/12/2026" in dossiers["H"].error
    assert dossiers["M"].type == "whole"
    assert _validations(book["Rondetafels"])["E"].formula1 == '"start,opvolging,evaluatie"'
    assert _validations(book["Afspraken"])["I"].formula1 == '"open,lopend,klaar"'
    assert _validations(book["Netwerk"])["I"].formula1 == '"ja,nee"'


def test_date_and_number_columns_are_formatted(book):
    for name, schema in SCHEMAS.items():
        for index, column in enumerate(schema.columns):
            dimension = book[name].column_dimensions[column_letter(index)]
            if column.kind is Kind.DATE:
                assert dimension.number_format == "dd/mm/yyyy", (name, column.header)
            if column.kind is Kind.KEY:
                assert dimension.number_format == "@"


def test_each_step_of_each_flow_colours_the_row_in_excel(book):
    rules = [
        (str(cells.sqref), rule)
        for cells, found in book["Dossiers"].conditional_formatting._cf_rules.items()
        for rule in found
    ]
    wanted = norm_colours(default_flows().values())
    assert [rule.formula[0] for _, rule in rules] == [c.formula for c in wanted]
    assert {cells for cells, _ in rules} == {f"A2:T{LAST_ROW}"}
    late = 'AND(TRIM($C2)="procesbegeleiding",$H2<>"",$I2="",$K2="",TODAY()>EDATE($H2,1))'
    assert late in [c.formula for c in wanted if c.late]
    # a red row stops there, so it is never amber too
    assert all(rule.stopIfTrue for _, rule in rules[: len(wanted) // 2])


@pytest.mark.parametrize("region", [NOORDERKEMPEN, VOORKEMPEN, GENT])
def test_init_per_region_lists_its_places(tmp_path, region):
    new = init_team(tmp_path / "team", region=region.key)
    assert read_caseload(new.workbook).lists["Gemeenten"] == tuple(p.name for p in region.places)


def test_gent_lists_its_wijken(tmp_path):
    new = init_team(tmp_path / "Samen1Plan Gent")
    places = read_caseload(new.workbook).lists["Gemeenten"]
    assert new.settings.region == "gent"
    assert len(places) == 25
    assert {"Brugse Poort - Rooigem", "Ledeberg", "Muide - Meulestede - Afrikalaan"} <= set(places)


def test_region_leeg_lists_no_places(tmp_path):
    new = init_team(tmp_path / "ergens", region="leeg")
    lists = read_caseload(new.workbook).lists
    assert lists["Gemeenten"] == ()
    assert lists["Levensdomeinen"]


@pytest.mark.parametrize(
    ("folder", "name"),
    [("Team Noorderkempen", "Team Noorderkempen"), ("noorderkempen", "Team Noorderkempen"),
     ("team-gent", "Team Gent"), ("1g1p_voorkempen", "Team 1g1p Voorkempen")],
)
def test_the_team_name_defaults_from_the_folder(tmp_path, folder, name):
    assert default_team_name(tmp_path / folder) == name


def test_init_via_the_command_line(tmp_path, runner):
    target = tmp_path / "Team Voorkempen"
    target.mkdir()  # an existing empty folder is fine
    result = runner.invoke(cli, ["init", str(target), "--naam", "1G1P Voorkempen"])
    assert result.exit_code == 0, result.output
    assert "Teammap gemaakt" in result.output
    assert "Wat nu" in result.output
    assert "eenplan watch --team" in result.output
    # an 80-column terminal, but for the folder's path, which is as long as it is
    assert max(len(line) for line in result.output.splitlines() if str(target) not in line) <= 80
    settings = load_settings(target / "eenplan.toml")
    assert (settings.team_name, settings.region) == ("1G1P Voorkempen", "voorkempen")


@pytest.mark.parametrize("existing", ["eenplan.toml", "Caseload.xlsx", "flows/LEESMIJ.txt"])
def test_init_refuses_an_existing_team_folder(tmp_path, runner, existing):
    target = tmp_path / "team"
    (target / "flows").mkdir(parents=True)
    (target / existing).write_text("van het team", encoding="utf-8")
    before = sorted(str(p.relative_to(target)) for p in target.rglob("*"))
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "overschrijft niets" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (target / existing).read_text(encoding="utf-8") == "van het team"
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == before


def test_init_refuses_a_file_in_the_way(tmp_path, runner):
    target = tmp_path / "team"
    target.write_text("geen map", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert "is een bestand, geen map" in result.output
    assert target.read_text(encoding="utf-8") == "geen map"


def test_init_copies_the_package_templates(tmp_path, monkeypatch):
    from eenplan.init import folder as teamfolder

    package = tmp_path / "pakket"
    package.mkdir()
    (package / "uitnodiging.docx").write_bytes(b"PK word")
    (package / "~$uitnodiging.docx").write_bytes(b"lock")
    monkeypatch.setattr(teamfolder, "PACKAGE_TEMPLATES", package)
    new = init_team(tmp_path / "team")
    assert [p.name for p in new.templates] == ["uitnodiging.docx"]
    assert os.listdir(new.root / "docx_templates") == ["uitnodiging.docx"]
    assert (new.root / "docx_templates" / "uitnodiging.docx").read_bytes() == b"PK word"
