"""The norm lives in one place: the row colours `init` writes come from the flows, and `check`
says when a workbook's colours count another norm than the team's flows (issue #9)."""

from __future__ import annotations

import json

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill

from eenplan.cli import cli
from eenplan.flows import default_flows, load_flows
from eenplan.flows.colours import Columns, dutch_formula, norm_colours, understand
from eenplan.init.folder import init_team
from eenplan.sheets.formatting import FormattingRule, _rules_in, read_formatting_rules
from eenplan.sheets.reader import read_caseload
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

CODE = "norm-formatting-differs"
# the two rules `init` wrote before the flows made them: one norm for every flow
OLD_RED = 'AND($H2<>"",$I2="",$K2="",TODAY()>EDATE($H2,1))'
OLD_AMBER = 'AND($H2<>"",$I2="",$K2="",TODAY()>=EDATE($H2,1)-7,TODAY()<=EDATE($H2,1))'
THIRTY_DAYS = """\
titel = "Procesbegeleiding"
[[stap]]
naam = "perspectiefgesprek"
klaar = "perspectiefgesprek"
vanaf = "aanmelding"
dagen = 30
[[stap]]
naam = "afsluiting"
klaar = "afsluiting"
vanaf = "perspectiefgesprek"
maanden = 6
ernst = "waarschuwing"
"""
NEW_FLOW = """\
titel = "Gezinscoaching"
[[stap]]
naam = "eerste_gesprek"
klaar = "perspectiefgesprek"
vanaf = "aanmelding"
dagen = 14
waarschuwen = 3
"""


def check_json(runner, root):
    result = runner.invoke(cli, ["check", "--team", str(root), "--as-of", TODAY.isoformat(),
                                 "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def colour_findings(report):
    return [f for f in report["findings"] if f["code"] == CODE]


def with_rules(path, formulas, cells="A2:S5000"):
    """The workbook at ``path`` with these conditional-formatting formulas on Dossiers."""
    book = openpyxl.load_workbook(path)
    for formula in formulas:
        book["Dossiers"].conditional_formatting.add(
            cells, FormulaRule(formula=[formula], fill=PatternFill("solid", bgColor="F8CBAD")))
    book.save(path)
    return path


@pytest.fixture
def team(tmp_path):
    return init_team(tmp_path / "Team Noorderkempen")


def test_a_fresh_init_folder_has_no_colour_finding(runner, team):
    report = check_json(runner, team.root)
    assert report["findings"] == []
    assert len(read_formatting_rules(team.workbook, "Dossiers")) == 2 * 3  # 3 steps, red and amber


def test_a_norm_changed_in_flows_gives_the_formula_to_paste(runner, team):
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    report = check_json(runner, team.root)
    found = colour_findings(report)
    assert {f["severity"] for f in found} == {"warning"}
    assert {f["sheet"] for f in found} == {"Dossiers"}
    # red and amber of both steps of procesbegeleiding; eerstelijnspsycholoog still agrees
    assert len(found) == 4
    wanted = [c for c in norm_colours(load_flows(team.root / "flows").values())
              if c.flow.name == "procesbegeleiding"]
    for colour in wanted:
        assert [f for f in found if colour.formula in f["message"] and colour.dutch in f["message"]]
    assert all("eerstelijnspsycholoog" not in f["value"] for f in found)
    # the workbook is never written
    assert len(read_formatting_rules(team.workbook, "Dossiers")) == 6


def test_a_workbook_without_colours_says_nothing(runner, team, tmp_path):
    CaseloadBuilder().dossier().save(team.workbook)
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    assert colour_findings(check_json(runner, team.root)) == []


def test_the_old_single_rule_agrees_with_the_default_flows(runner, team):
    with_rules(CaseloadBuilder().dossier().save(team.workbook), [OLD_RED, OLD_AMBER])
    assert colour_findings(check_json(runner, team.root)) == []


def test_the_old_single_rule_is_replaced_by_one_rule_per_flow(runner, team):
    with_rules(CaseloadBuilder().dossier().save(team.workbook), [OLD_RED, OLD_AMBER])
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    found = colour_findings(check_json(runner, team.root))
    assert sorted(f["value"] for f in found) == sorted(["=" + OLD_RED, "=" + OLD_AMBER])
    flows = load_flows(team.root / "flows")
    for finding in found:
        late = finding["value"] == "=" + OLD_RED
        for colour in norm_colours(flows.values()):
            if colour.late == late and colour.step.milestone == "perspective_on":
                assert colour.formula in finding["message"]  # both flows, each its own rule


def test_the_teams_own_rules_are_left_alone(runner, team):
    own = ['$G2="An Claes"', 'AND($M2>5,$K2="")', "TODAY()-$H2>400", 'AND($H2<>"",$B2="")']
    with_rules(CaseloadBuilder().dossier().save(team.workbook), own)
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    assert colour_findings(check_json(runner, team.root)) == []


def test_a_new_flow_without_colours_is_named(runner, team):
    (team.root / "flows" / "gezinscoaching.toml").write_text(NEW_FLOW, encoding="utf-8")
    found = colour_findings(check_json(runner, team.root))
    assert [f["value"] for f in found] == ["gezinscoaching"]
    wanted = [c for c in norm_colours(load_flows(team.root / "flows").values())
              if c.flow.name == "gezinscoaching"]
    assert len(wanted) == 2 and all(c.formula in found[0]["message"] for c in wanted)


def test_colours_of_a_flow_that_is_gone_are_named(runner, team, tmp_path):
    colours = [c.formula for c in norm_colours(default_flows().values())]
    renamed = colours[-1].replace('"procesbegeleiding"', '"gezinscoaching"')
    with_rules(CaseloadBuilder().dossier().save(team.workbook), [*colours, renamed])
    found = colour_findings(check_json(runner, team.root))
    assert [f["value"] for f in found] == ["=" + renamed]


def test_columns_where_the_team_put_them(runner, team):
    """Another column order, without Datum gezinsplan: the formulas use the team's letters."""
    book = CaseloadBuilder()
    headers = ["Dossier", "Gezin", "Gemeente", "Datum aanmelding", "Traject",
               "Datum afsluiting", "Datum perspectiefgesprek", "Reden afsluiting", "Begeleider"]
    book.headers["Dossiers"] = headers
    book.dossier()
    book.save(team.workbook)
    columns = Columns.of(read_caseload(team.workbook).layouts["Dossiers"])
    assert columns is not None and columns.ref("flow") == "$E2"
    with_rules(team.workbook, [c.formula for c in norm_colours(default_flows().values(), columns)],
               cells="A2:I5000")
    assert colour_findings(check_json(runner, team.root)) == []
    (team.root / "flows" / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    found = colour_findings(check_json(runner, team.root))
    assert len(found) == 4
    assert any('TODAY()>$D2+30' in f["message"] and "TRIM($E2)" in f["message"] for f in found)


@pytest.mark.parametrize("first_row", [2, 5])
def test_every_rule_init_writes_reads_back_as_its_step(tmp_path, first_row):
    flows = load_flows(_flows_dir(tmp_path))
    columns = Columns({**Columns.default().letters, "flow": "AB"}, first_row)
    for colour in norm_colours(flows.values(), columns):
        read = understand(colour.formula, columns)
        assert read is not None, colour.formula
        step = colour.step
        assert (read.flow, read.start, read.done, read.months, read.days, read.late) == (
            colour.flow.name, step.start, step.milestone, step.months, step.days, colour.late)
        assert read.warn_days == (None if colour.late else step.warn_days)
        # as typed in Excel: "=", spaces, lower case
        typed = "= " + colour.formula.lower().replace(",", ", ").replace(
            colour.flow.name.lower(), colour.flow.name)
        assert understand(typed, columns) == read


def test_a_dutch_excel_gets_dutch_function_names_and_semicolons():
    assert dutch_formula('AND(TRIM($C2)="a,b",TODAY()>EDATE($H2,1),$H2+3>=0)') == (
        'EN(SPATIES.WISSEN($C2)="a,b";VANDAAG()>ZELFDE.DAG($H2;1);$H2+3>=0)')


def _flows_dir(tmp_path):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "procesbegeleiding.toml").write_text(THIRTY_DAYS, encoding="utf-8")
    (folder / "gezinscoaching.toml").write_text(NEW_FLOW, encoding="utf-8")
    return folder


def test_rules_are_read_with_prefixes_and_entities_as_other_writers_store_them():
    xml = ('<x:sheetData/><x:conditionalFormatting sqref="A2:S9"><x:cfRule type="expression" '
           'dxfId="0" priority="1"><x:formula>AND($H2&lt;&gt;"",TODAY()&gt;$H2+30)</x:formula>'
           '</x:cfRule><x:cfRule type="cellIs" dxfId="1" priority="2" operator="equal"/>'
           '</x:conditionalFormatting><x:extLst><x:ext><x14:conditionalFormattings>'
           '<x14:conditionalFormatting><x14:cfRule type="dataBar"/><xm:sqref>M2:M9</xm:sqref>'
           '</x14:conditionalFormatting></x14:conditionalFormattings></x:ext></x:extLst>')
    assert _rules_in(xml) == (
        FormattingRule("A2:S9", 'AND($H2<>"",TODAY()>$H2+30)'), FormattingRule("A2:S9", ""),
        FormattingRule("", ""))
