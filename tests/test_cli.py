"""The command line's contract: exit codes, formats, the team folder, one sentence for a mistake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import openpyxl
import pytest

from eenplan.cli import cli
from eenplan.flows.jobs import check_caseload
from eenplan.sheets import codes
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import pages_fit
from tests.conftest import TODAY

AS_OF = ["--as-of", TODAY.isoformat()]


def _team(tmp_path: Path, book, toml: str = '[team]\nnaam = "Team Test"\n') -> Path:
    (tmp_path / "eenplan.toml").write_text(toml, encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def test_exit_0_when_clean_1_with_errors_2_when_unusable(runner, book, tmp_path):
    book.dossier("2026-001")
    path = book.save(tmp_path / "ok.xlsx")
    assert runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF]).exit_code == 0
    book.dossier("2026-001")
    path = book.save(tmp_path / "twice.xlsx")
    assert runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF]).exit_code == 1
    result = runner.invoke(cli, ["check", "--workbook", str(tmp_path / "weg.xlsx"), *AS_OF])
    assert result.exit_code == 2
    assert "bestaat niet" in result.output and "Traceback" not in result.output


def test_warnings_alone_exit_0(runner, book, tmp_path):
    book.dossier("2026-001", registered_on="01/09/2026")
    path = book.save(tmp_path / "c.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 0
    assert "1 waarschuwing" in result.output
    as_json = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert as_json.exit_code == 0, as_json.output
    found = [(f["cell"], f["code"], f["severity"]) for f in json.loads(as_json.output)["findings"]]
    assert found == [("H2", "date-as-text", "warning")]


def test_json_is_the_library_result(runner, book, tmp_path):
    book.dossier("2026-001", municipality="Antwerpen").dossier("2026-002", registered_on="1/9/26")
    team_dir = _team(tmp_path, book)
    result = runner.invoke(cli, ["check", "--team", str(team_dir), "--format", "json", *AS_OF])
    assert result.exit_code == 1
    data = json.loads(result.output)
    team = find_team(team=team_dir)
    expected = check_caseload(team, load_caseload(team), today=TODAY).to_dict()
    assert data == expected
    assert set(data) == {"workbook", "errors", "warnings", "dossiers", "unchecked", "findings"}
    assert (data["errors"], data["warnings"], data["dossiers"], data["unchecked"]) == (1, 1, 2, [])
    finding = data["findings"][0]
    assert {"sheet", "row", "column", "cell", "value", "code", "severity", "message"} <= set(finding)
    assert (finding["row"], finding["cell"], finding["code"]) == (2, "D2", "unknown-municipality")


def test_table_fits_80_columns_and_groups_by_sheet(runner, book, tmp_path):
    book.dossier("2026-001", municipality="Een gemeente met een heel lange naam die niet bestaat")
    book.network("2026-404")
    path = book.save(tmp_path / "c.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(path), *AS_OF])
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    # "Blad Netwerk: 1 melding", not "Netwerk (1)": that reads as the name of Excel's copy
    assert lines.index("Blad Dossiers: 1 melding") < lines.index("Blad Netwerk: 1 melding")


def test_xlsx_report_links_each_finding_to_its_cell(runner, book, tmp_path):
    book.dossier("2026-001", municipality="Antwerpen")
    team_dir = _team(tmp_path, book)
    result = runner.invoke(cli, ["check", "--team", str(team_dir), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 1, result.output
    report = team_dir / "rapporten" / "Controle.xlsx"
    assert str(Path("rapporten") / "Controle.xlsx") in result.output or str(report) in result.output
    sheet = openpyxl.load_workbook(report).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, (c.value for c in sheet[2]), strict=True))
    assert (row["Ernst"], row["Blad"], row["Cel"], row["Dossier"]) == ("fout", "Dossiers", "D2", "2026-001")
    link = sheet.cell(2, headers.index("Cel") + 1).hyperlink
    assert link.target == "../Caseload.xlsx"
    assert link.location == "'Dossiers'!D2"
    assert not list(team_dir.glob("rapporten/.eenplan-*")), "no temporary file left behind"
    # it prints: Dutch titles on every page, wrapped text in rows high enough, the code left out
    assert row["Soort melding"] == codes.UNKNOWN_MUNICIPALITY.meaning
    assert row["Code"] == "unknown-municipality"
    assert sheet.print_title_rows.replace("$", "") == "1:1" and sheet.print_area == "'Controle'!$A$1:$H$2"
    assert sheet.page_setup.orientation == "landscape" and pages_fit(sheet.page_setup.fitToWidth) == 1
    assert sheet.row_dimensions[2].height >= 30 and sheet["G2"].alignment.wrap_text


def test_the_team_folder_is_found_upward(runner, book, tmp_path, monkeypatch):
    book.dossier("2026-001")
    team_dir = _team(tmp_path, book)
    inside = team_dir / "out" / "2026-001"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    result = runner.invoke(cli, ["check", *AS_OF])
    assert result.exit_code == 0, result.output
    assert "Caseload.xlsx" in result.output


def test_no_team_folder_and_no_workbook(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 2
    assert "eenplan init" in result.output


def test_team_settings_apply(runner, book, tmp_path):
    book.with_headers("Dossiers", ["Dossier", "Gezin", "Traject", "Gemeente", "Aanmeldingsdatum"])
    book.dossier("2026-001")
    book.rows["Dossiers"][0]["Aanmeldingsdatum"] = book.rows["Dossiers"][0].pop("registered_on")
    toml = ('[team]\nnaam = "Team Test"\n\n[kolommen]\neigen = []\n\n'
            '[kolommen.Dossiers]\n"Datum aanmelding" = "Aanmeldingsdatum"\n')
    team_dir = _team(tmp_path, book, toml)
    result = runner.invoke(cli, ["check", "--team", str(team_dir), "--format", "json", *AS_OF])
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert "missing-column" in codes  # the optional columns, as one warning
    assert "required" not in codes and "unknown-column" not in codes


def test_a_bad_setting_is_one_sentence_naming_the_key(runner, book, tmp_path):
    team_dir = _team(tmp_path, book, '[team]\nnaam = "Team Test"\nwerkboek = "X.xlsx"\n')
    result = runner.invoke(cli, ["check", "--team", str(team_dir), *AS_OF])
    assert result.exit_code == 2
    assert "team.werkboek" in result.output and "werkmap" in result.output


def test_as_of_takes_flemish_and_iso_dates(runner, book, tmp_path):
    book.dossier("2026-001", registered_on=__import__("datetime").date(2026, 11, 20))
    path = book.save(tmp_path / "c.xlsx")
    assert runner.invoke(cli, ["check", "--workbook", str(path), "--as-of", "19/11/2026"]).exit_code == 1
    assert runner.invoke(cli, ["check", "--workbook", str(path), "--as-of", "2026-11-20"]).exit_code == 0
    bad = runner.invoke(cli, ["check", "--workbook", str(path), "--as-of", "gisteren"])
    assert bad.exit_code == 2 and "gisteren" in bad.output


def test_python_dash_m_is_the_same_as_the_script(book, tmp_path):
    book.dossier("2026-001", municipality="Antwerpen")
    path = book.save(tmp_path / "c.xlsx")
    args = ["check", "--workbook", str(path), "--format", "json", *AS_OF]
    module = subprocess.run([sys.executable, "-m", "eenplan", *args], capture_output=True, text=True)
    script = Path(sys.executable).with_name("eenplan")
    if not script.exists():
        pytest.skip("the eenplan script is not installed beside this Python")
    direct = subprocess.run([str(script), *args], capture_output=True, text=True)
    assert module.returncode == direct.returncode == 1
    assert json.loads(module.stdout) == json.loads(direct.stdout)


def test_a_bug_in_eenplan_is_one_sentence_not_a_traceback(tmp_path):
    """The last-resort handler, seen from outside: a crash in the program, told in Dutch."""
    code = ("import eenplan.team.caseload as j\n"
            "def boom(*a, **k): raise RuntimeError('x')\n"
            "j.load_caseload = boom\n"
            "import sys; sys.argv = ['eenplan', 'check', '--workbook', 'x.xlsx']\n"
            "from eenplan.cli import main; main()\n")
    env = {k: v for k, v in os.environ.items() if k != "EENPLAN_DEBUG"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    assert "fout in het programma" in done.stderr


def _date_options(group: click.Group, path: tuple[str, ...] = ()):
    """Every (command path, option) of eenplan that takes a date."""
    from eenplan.cli import DATE

    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _date_options(command, (*path, name))
        for param in command.params:
            if param.type is DATE and isinstance(param, click.Option):
                yield (*path, name), param.opts[0]


@pytest.mark.parametrize(("command", "option"), [pytest.param(*found, id=" ".join((*found[0], found[1])))
                                                  for found in _date_options(cli)])
def test_a_day_that_does_not_exist_in_a_date_option_is_said_as_the_check_says_it(runner, command, option):
    """"31/04/2026" was "geen datum: schrijf ze als 07/12/2026", the way it was written: the
    sentence says what is wrong, as `eenplan check` does of such a cell."""
    from eenplan.sheets.cells import parse_date_text

    for typed in ("31/04/2026", "2027-02-29", "29/02/27", "2026-13-01"):
        result = runner.invoke(cli, [*command, option, typed])
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())
        assert parse_date_text(typed).message in said, said  # type: ignore[union-attr]
    assert "is geen datum" in runner.invoke(cli, [*command, option, "morgen"]).output
