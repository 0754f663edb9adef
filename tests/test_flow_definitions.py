"""Flow files: the defaults, a team's own, and one clear Dutch error for each kind of mistake."""

from __future__ import annotations

import pytest

from eenplan.errors import ConfigError, EenplanError
from eenplan.flows import FlowError, flow_names, load_flows

GOOD = """\
titel = "Gezinscoaching"
vroege-afsluiting = ["Verhuisd"]

[[stap]]
naam = "kennismaking"
label = "Kennismaking"
klaar = "perspectiefgesprek"
vanaf = "aanmelding"
dagen = 30
"""


def test_the_defaults():
    flows = load_flows()
    assert sorted(flows) == ["eerstelijnspsycholoog", "procesbegeleiding"]
    pb = flows["procesbegeleiding"]
    assert [s.name for s in pb.steps] == ["perspectiefgesprek", "afsluiting"]
    first, last = pb.steps
    assert (first.milestone, first.start, first.months, first.warn_days, first.severity) == (
        "perspective_on", "registered_on", 1, 7, "error")
    assert (last.milestone, last.start, last.months, last.severity) == (
        "closed_on", "perspective_on", 4, "warning")
    assert first.norm == "binnen 1 maand na aanmelding"
    assert last.norm == "binnen 4 maanden na het perspectiefgesprek"
    assert pb.max_sessions is None
    assert pb.fits_early_closure("  geen contact  MEER")
    assert not pb.fits_early_closure("Doelen bereikt")
    elp = flows["eerstelijnspsycholoog"]
    assert elp.max_sessions == 5
    assert [(s.name, s.milestone, s.months) for s in elp.steps] == [
        ("eerste_sessie", "perspective_on", 1)]


def test_names_match_as_in_the_workbook():
    flows = load_flows()
    assert "  Procesbegeleiding " in flows
    assert flows["PROCESBEGELEIDING"].name == "procesbegeleiding"
    assert "gezinscoaching" not in flows


def test_a_team_adds_and_overrides_by_name(tmp_path):
    (tmp_path / "gezinscoaching.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "Procesbegeleiding.toml").write_text(
        GOOD.replace("dagen = 30", "dagen = 45").replace("Gezinscoaching", "Eigen"), encoding="utf-8")
    (tmp_path / "LEESMIJ.txt").write_text("geen flow", encoding="utf-8")
    flows = load_flows(tmp_path)
    assert sorted(n.casefold() for n in flows) == ["eerstelijnspsycholoog", "gezinscoaching",
                                                    "procesbegeleiding"]
    assert flows["procesbegeleiding"].title == "Eigen"
    assert flows["procesbegeleiding"].steps[0].days == 45
    assert flows["gezinscoaching"].steps[0].norm == "binnen 30 dagen na aanmelding"
    assert sorted(n.casefold() for n in flow_names(tmp_path)) == sorted(n.casefold() for n in flows)


def test_a_missing_team_folder_gives_the_defaults(tmp_path):
    assert sorted(load_flows(tmp_path / "flows")) == ["eerstelijnspsycholoog", "procesbegeleiding"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('klaar = "perspectiefgesprek"', 'klaar = "perspectief"'),
         ['flows/gezinscoaching.toml', 'stap "kennismaking": klaar', "geen mijlpaal",
          "Bedoel je perspectiefgesprek?"]),
        (("dagen = 30", "dagen = -3"), ['stap "kennismaking": dagen', "niet negatief"]),
        (("dagen = 30", "maanden = 1\ndagen = 30"), ["kies een van beide"]),
        (("dagen = 30", ""), ['stap "kennismaking": maanden', "ontbreekt"]),
        (("dagen = 30", "dagen = 30\ntermijn = 3"), ['stap "kennismaking": termijn', "kent eenplan niet"]),
        (('titel = "Gezinscoaching"', 'titell = "Gezinscoaching"'), ["titell kent eenplan niet",
                                                                    "Bedoel je titel?"]),
        (("dagen = 30", 'dagen = 30\nernst = "hoog"'), ['ernst = "hoog"', '"waarschuwing"']),
        (("dagen = 30", 'dagen = "30"'), ["moet een geheel getal zijn"]),
        (('vanaf = "aanmelding"', 'vanaf = "perspectiefgesprek"'), ["maakt een kring"]),
        (('klaar = "perspectiefgesprek"', 'klaar = "aanmelding"'), ["het begin van elk traject"]),
        (("[[stap]]", "max-sessies = 0\n[[stap]]"), ["max-sessies moet een geheel getal van 1"]),
        (('titel = "Gezinscoaching"', 'naam = "andere"'), ["verschilt van de bestandsnaam"]),
        (("[[stap]]", "[[stap"), ["klopt iets niet op regel"]),
    ],
)
def test_one_clear_error_per_mistake(tmp_path, change, words):
    (tmp_path / "gezinscoaching.toml").write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(FlowError) as raised:
        load_flows(tmp_path)
    message = str(raised.value)
    assert message.startswith("flows/gezinscoaching.toml: ") or "gezinscoaching.toml" in message
    for word in words:
        assert word in message, message
    assert "\n" not in message
    assert isinstance(raised.value, ConfigError) and isinstance(raised.value, EenplanError)


def test_a_cycle_across_two_steps(tmp_path):
    text = GOOD + """
[[stap]]
naam = "plan"
klaar = "gezinsplan"
vanaf = "afsluiting"
dagen = 10

[[stap]]
naam = "einde"
klaar = "afsluiting"
vanaf = "gezinsplan"
dagen = 10
"""
    (tmp_path / "gezinscoaching.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FlowError, match='stap "plan": vanaf = "afsluiting" maakt een kring'):
        load_flows(tmp_path)


def test_two_steps_with_one_name(tmp_path):
    (tmp_path / "gezinscoaching.toml").write_text(GOOD + GOOD[GOOD.index("[[stap]]"):], encoding="utf-8")
    with pytest.raises(FlowError, match='"kennismaking" komt twee keer voor'):
        load_flows(tmp_path)


def test_a_bad_flow_file_stops_a_command(tmp_path, book, runner):
    from eenplan.cli import cli

    book.dossier("2026-001")
    path = book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text("", encoding="utf-8")
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "gezinscoaching.toml").write_text(GOOD.replace("dagen = 30", "dagen = -1"),
                                                             encoding="utf-8")
    result = runner.invoke(cli, ["check", "--team", str(tmp_path), "--workbook", str(path)])
    assert result.exit_code == 2, result.output
    assert "flows/gezinscoaching.toml" in result.output
    assert "Traceback" not in result.output


def test_the_readme_example_loads(tmp_path):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "eerstelijnspsycholoog.toml").write_text(example, encoding="utf-8")
    flow = load_flows(tmp_path)["eerstelijnspsycholoog"]
    assert flow.max_sessions == 10 and flow.steps[0].days == 30


def test_the_example_in_a_new_team_folder_loads(tmp_path):
    from eenplan.init.folder import _FLOWS_README_TEXT

    lines = [line[4:] for line in _FLOWS_README_TEXT.splitlines() if line.startswith("    ")]
    (tmp_path / "eerstelijnspsycholoog.toml").write_text("\n".join(lines), encoding="utf-8")
    flow = load_flows(tmp_path)["eerstelijnspsycholoog"]
    assert flow.max_sessions == 10 and flow.steps[0].days == 30
