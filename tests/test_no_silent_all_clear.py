"""No silent all-clear (issue #9): what eenplan cannot judge, it says, where the answer is read.

Each test is one way a real workbook drifts: a header typed wrong, a date that cannot be read,
a formula without a computed value, a sheet renamed, a merged header, a dossier number that Excel
turned into a number. None of them may read as "nothing late", an empty name or a letter with a
hole in it.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from eenplan.cli import cli
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
LATE = D(2026, 10, 1)  # perspectiefgesprek due 1 November: 22 days late on TODAY


def _late_caseload(book):
    book.dossier("2026-001", begeleider="An Claes", registered_on=LATE)
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 10, 10))
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 11, 20))
    return book


def _rename_sheet(path: Path, old: str, new: str) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook[old].title = new
    workbook.save(path)


def _overdue_json(runner, path: Path):
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    return result


# --- a header or sheet a norm needs is missing ------------------------------------------------


@pytest.mark.parametrize("typed", ["Datum aanmeldng", "Aanmelding"])
def test_overdue_with_a_mistyped_start_header_is_unusable_not_empty(runner, book, tmp_path, typed):
    _late_caseload(book)
    headers = [typed if h == "Datum aanmelding" else h for h in _dossier_headers()]
    path = book.with_headers("Dossiers", headers).save(tmp_path / "Caseload.xlsx")
    for fmt in ("table", "json"):
        result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", fmt, *AS_OF])
        assert result.exit_code == 2, result.output
        assert "Datum aanmelding" in result.output
        assert "Niets te laat" not in result.output
        assert '"items"' not in result.output


def test_overdue_names_the_nearest_header_it_found(runner, book, tmp_path):
    _late_caseload(book)
    headers = ["Datum aanmeldng" if h == "Datum aanmelding" else h for h in _dossier_headers()]
    path = book.with_headers("Dossiers", headers).save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2
    assert "Datum aanmeldng" in result.output


def test_the_digest_without_the_start_column_gives_no_counts_and_says_why(runner, book, tmp_path):
    _late_caseload(book)
    headers = ["Aanmelding" if h == "Datum aanmelding" else h for h in _dossier_headers()]
    team = tmp_path / "team"
    team.mkdir()
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.with_headers("Dossiers", headers).save(team / "Caseload.xlsx")
    out = tmp_path / "mails"
    result = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), *AS_OF])
    assert result.exit_code != 0, result.output
    (eml,) = out.glob("*.eml")
    text = eml.read_text(encoding="utf-8", errors="replace")
    assert "Datum aanmelding" in _decoded(text)
    assert not re.search(r"\b0 te laat\b", _decoded(text))


def _headers(sheet: str, mistyped: dict[str, str]) -> list[str]:
    from eenplan.sheets.schema import SCHEMAS

    return [mistyped.get(c.header, c.header) for c in SCHEMAS[sheet].columns]


CLOCK_HEADERS = [
    ("Afspraken", "Tegen wanneer", "Tegen wanneer?"),  # every agreement would vanish
    ("Afspraken", "Status", "Stand"),  # every agreement done would be late
    ("Rondetafels", "Volgende datum", "Volgende"),  # every evaluation would vanish
    ("Pauzes", "Tot", "Tot en met"),  # every pause would run on, hiding what is late
    ("Pauzes", "Dossier", "Dossiernummer"),  # no pause would belong to a dossier
]


def _kept_sheets_caseload(book, tmp_path: Path, sheet: str, header: str, typed: str) -> Path:
    _late_caseload(book)
    book.pause("2026-002", start=D(2026, 10, 20), end=D(2026, 10, 25))
    book.round_table("2026-001", date=D(2026, 9, 1), next_date=D(2026, 10, 1))
    book.agreement("2026-001", due=D(2026, 10, 1), status="open")
    return book.with_headers(sheet, _headers(sheet, {header: typed})).save(tmp_path / "Caseload.xlsx")


@pytest.mark.parametrize(("sheet", "header", "typed"), CLOCK_HEADERS)
def test_overdue_with_a_mistyped_header_on_a_kept_sheet_is_unusable(runner, book, tmp_path, sheet,
                                                                      header, typed):
    path = _kept_sheets_caseload(book, tmp_path, sheet, header, typed)
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 2, result.output
    assert header in result.output
    assert '"items"' not in result.output


@pytest.mark.parametrize(("sheet", "header", "typed"), [
    *CLOCK_HEADERS, ("Dossiers", "Datum perspectiefgesprek", "Datum perspectief")])
def test_check_calls_a_missing_clock_column_an_error(runner, book, tmp_path, sheet, header, typed):
    """Where `overdue` refuses, `check` says it as an error (not "read as empty, add it if the team
    wants to use it", a warning beside an all-clear on the rest)."""
    path = _kept_sheets_caseload(book, tmp_path, sheet, header, typed)
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    missing = [(f["code"], f["severity"]) for f in json.loads(result.output)["findings"]
               if f["sheet"] == sheet and f["code"] in ("clock-missing", "missing-column")]
    # a required column (Pauzes' Dossier) was an error of the reader's already
    assert missing in ([("clock-missing", "error")], [("missing-column", "error")])


def test_overdue_xlsx_replaces_last_times_list_when_it_cannot_be_made(runner, book, tmp_path):
    _late_caseload(book)
    path = book.save(tmp_path / "Caseload.xlsx")
    xlsx = ["overdue", "--workbook", str(path), "--format", "xlsx", *AS_OF]
    assert runner.invoke(cli, xlsx).exit_code == 0
    report = tmp_path / "rapporten" / "Achterstand.xlsx"
    assert "2026-001" in _cells(report)
    headers = ["Aanmelding" if h == "Datum aanmelding" else h for h in _dossier_headers()]
    book.with_headers("Dossiers", headers).save(path)
    result = runner.invoke(cli, xlsx)
    assert result.exit_code == 2, result.output
    assert "2026-001" not in _cells(report) and "Datum aanmelding" in _cells(report)


def _cells(path: Path) -> str:
    return " ".join(str(cell) for sheet in openpyxl.load_workbook(path)
                    for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def test_a_sheet_the_team_does_not_keep_needs_no_columns(runner, book, tmp_path):
    """No rows on Afspraken, or no Afspraken at all: nothing is left out, the list comes."""
    _late_caseload(book)
    path = book.with_headers("Afspraken", _headers("Afspraken", {"Tegen wanneer": "Datum"})).save(
        tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    assert [i["dossier"] for i in json.loads(result.output)["items"]] == ["2026-001", "2026-002"]
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert "clock-missing" not in check.output
    path = book.without_sheet("Afspraken").save(tmp_path / "Zonder.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert "clock-missing" not in check.output


def test_overdue_names_a_sheet_renamed_nearly(runner, book, tmp_path):
    _late_caseload(book)
    book.agreement("2026-001", due=D(2026, 10, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    _rename_sheet(path, "Afspraken", "Afspraak")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Afspraak" in result.output


@pytest.mark.parametrize(("wanted", "typed"), [("Datum perspectiefgesprek", "Datum perspectief gesprek"),
                                               ("Datum afsluiting", "Datum afgesloten"),
                                               ("Traject", "Trajekt")])
def test_stats_with_a_mistyped_header_makes_no_figures(runner, book, tmp_path, wanted, typed):
    """Without the conversation's date every family would count as still waiting, and the report
    would say it can go to the steering group."""
    _late_caseload(book)
    path = book.with_headers("Dossiers", _headers("Dossiers", {wanted: typed})).save(
        tmp_path / "Caseload.xlsx")
    for extra in ([], ["--voor-regio"]):
        result = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", "json", *extra,
                                     *AS_OF])
        assert result.exit_code == 2, result.output
        assert wanted in result.output and typed in result.output
        assert '"tables"' not in result.output
    assert not (tmp_path / "rapporten").exists()


def test_stats_with_a_mistyped_pause_header_makes_no_figures(runner, book, tmp_path):
    _late_caseload(book)
    book.pause("2026-002", start=D(2026, 10, 20))
    path = book.with_headers("Pauzes", _headers("Pauzes", {"Van": "Vanaf"})).save(
        tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Vanaf" in result.output


# --- a date eenplan cannot read ----------------------------------------------------------------


def test_an_unreadable_start_date_is_an_unknown_item_with_its_cell(runner, book, tmp_path):
    _late_caseload(book)
    book.dossier("2026-004", begeleider="Bart Peeters", registered_on="10/15/2026")
    path = book.save(tmp_path / "Caseload.xlsx")
    result = _overdue_json(runner, path)
    assert result.exit_code == 1, result.output
    items = json.loads(result.output)["items"]
    unknown = [i for i in items if i["status"] == "unknown"]
    assert [i["dossier"] for i in unknown] == ["2026-004"]
    assert unknown[0]["cell"] == "H5"
    assert unknown[0]["reason"]
    # the judged ones are still there
    assert any(i["dossier"] == "2026-001" and i["status"] == "overdue" for i in items)


def test_the_table_counts_what_it_could_not_judge(runner, book, tmp_path):
    book.dossier("2026-004", begeleider="Bart Peeters", registered_on="10/15/2026")
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(path), *AS_OF])
    assert result.exit_code == 1, result.output
    assert "Niets te laat" not in result.output
    assert "niet te beoordelen" in result.output
    assert "2026-004" in result.output


def test_a_closed_dossier_with_an_unreadable_date_is_not_unknown(runner, book, tmp_path):
    book.dossier("2026-004", registered_on="10/15/2026", closed_on=D(2026, 11, 1),
                 closure_reason="Doelen bereikt")
    path = book.save(tmp_path / "Caseload.xlsx")
    result = _overdue_json(runner, path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["items"] == []


def test_the_digest_puts_the_unjudged_dossiers_first(runner, book, tmp_path):
    _late_caseload(book)
    book.dossier("2026-004", family="Familie Geheim", begeleider="Bart Peeters",
                 registered_on="10/15/2026")
    team = tmp_path / "team"
    team.mkdir()
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(team / "Caseload.xlsx")
    out = tmp_path / "mails"
    runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), *AS_OF])
    (eml,) = out.glob("*.eml")
    text = _decoded(eml.read_text(encoding="utf-8", errors="replace"))
    assert "2026-004" in text and "niet te beoordelen" in text
    assert text.index("niet te beoordelen") < text.index("te laat")


# --- formulas ----------------------------------------------------------------------------------


def test_a_formula_without_a_computed_value_is_found_and_not_judged(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=LATE)
    book.dossier("2026-002", begeleider="An Claes", registered_on="=H2+10")  # openpyxl: no value
    path = book.save(tmp_path / "Caseload.xlsx")
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    codes = {(f["code"], f["cell"]) for f in json.loads(check.output)["findings"]}
    assert ("formula-without-value", "H3") in codes
    assert check.exit_code == 1
    items = json.loads(_overdue_json(runner, path).output)["items"]
    assert {(i["dossier"], i["status"]) for i in items} >= {("2026-002", "unknown")}
    assert ("2026-002", "overdue") not in {(i["dossier"], i["status"]) for i in items}


def test_a_formula_error_is_found_and_not_judged(runner, book, tmp_path):
    book.dossier("2026-001", begeleider="An Claes", registered_on=LATE)
    book.dossier("2026-002", begeleider="An Claes", registered_on=LATE)
    path = book.save(tmp_path / "Caseload.xlsx")
    _replace_cell(path, "H3", '<c r="H3" t="e"><f>#REF!+1</f><v>#REF!</v></c>')
    check = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    codes = {(f["code"], f["cell"]) for f in json.loads(check.output)["findings"]}
    assert ("formula-error", "H3") in codes or ("cell-error", "H3") in codes
    result = _overdue_json(runner, path)
    assert result.exit_code == 1
    assert {(i["dossier"], i["status"]) for i in json.loads(result.output)["items"]} >= {
        ("2026-002", "unknown")}


# --- documents from a workbook that lost a sheet or a column -----------------------------------


def _document_team(tmp_path: Path, book) -> Path:
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", invite="ja")
    book.round_table("2026-014", date=D(2026, 12, 7), time=datetime.time(9, 30), location="Thuis")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _rename_sheet(path: Path, old: str, new: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb[old].title = new
    wb.save(path)


def test_invite_refuses_when_the_network_sheet_is_renamed(runner, book, tmp_path):
    root = _document_team(tmp_path, book)
    _rename_sheet(root / "Caseload.xlsx", "Netwerk", "Netwerk 2026")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Netwerk" in result.output
    assert not (root / "out" / "2026-014").exists() or not any((root / "out" / "2026-014").iterdir())


def test_invite_refuses_when_the_hour_cannot_be_read(runner, book, tmp_path):
    """"half drie" is no hour eenplan can read: a letter without its hour, and an all-day
    event in the agenda, would be a letter with a hole."""
    root = _document_team(tmp_path, book)
    book.rows["Rondetafels"][-1]["time"] = "half drie"
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "C2" in result.output and "half drie" in result.output
    assert not (root / "out" / "2026-014").exists() or not any((root / "out" / "2026-014").iterdir())


def test_report_refuses_when_the_next_date_cannot_be_read(runner, book, tmp_path):
    """"volgende week" in Volgende datum would read to the family as "we spreken samen een datum
    af": the report is not made, and the sentence names the cell."""
    root = _document_team(tmp_path, book)
    book.round_table("2026-014", date=D(2026, 10, 5), next_date="volgende week")
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["report", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "H3" in result.output and "volgende week" in result.output
    assert not (root / "out" / "2026-014").exists() or not any((root / "out" / "2026-014").iterdir())


@pytest.mark.parametrize("past, refused", [(False, True), (True, False)])
def test_the_plan_refuses_when_the_hour_it_looks_back_at_cannot_be_read(runner, book, tmp_path, past,
                                                                       refused):
    """The plan says "Op maandag 7 december om 9.30 uur kijken we samen terug": without a readable
    hour it would leave the hour out without a word. The hour of a round-table already held is
    not in the plan: that one may stay as it is."""
    root = _document_team(tmp_path, book)
    if past:
        book.round_table("2026-014", date=D(2026, 10, 5), time="half drie")
    else:
        book.rows["Rondetafels"][-1]["time"] = "half drie"
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["plan", "2026-014", "--team", str(root), *AS_OF])
    made = list((root / "out" / "2026-014").glob("*Gezinsplan*.docx"))
    if refused:
        assert result.exit_code == 2, result.output
        assert "C2" in result.output and "half drie" in result.output
        assert not made
    else:
        assert result.exit_code == 0, result.output
        assert len(made) == 1


@pytest.mark.parametrize("children", [False, True])
def test_the_plan_refuses_when_a_round_table_date_cannot_be_read(runner, book, tmp_path, children):
    """Which round-table the plan was made at, and which one it looks back at, is unknown while
    a round-table's date cannot be read: the plan (and the children's plan) is not made."""
    root = _document_team(tmp_path, book)
    book.round_table("2026-014", date="na de kerstvakantie")
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["plan", "2026-014", "--team", str(root), *AS_OF,
                                 *(["--kind"] if children else [])])
    assert result.exit_code == 2, result.output
    assert "B3" in result.output and "na de kerstvakantie" in result.output
    assert not (root / "out" / "2026-014").exists() or not any((root / "out" / "2026-014").iterdir())


def test_invite_refuses_when_the_uitnodigen_column_is_gone(runner, book, tmp_path):
    root = _document_team(tmp_path, book)
    wb = openpyxl.load_workbook(root / "Caseload.xlsx")
    sheet = wb["Netwerk"]
    for cell in sheet[1]:
        if cell.value == "Uitnodigen":
            sheet.delete_cols(cell.column)
    wb.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Uitnodigen" in result.output


def test_a_merged_header_never_makes_a_letter_without_a_name(runner, book, tmp_path):
    root = _document_team(tmp_path, book)
    wb = openpyxl.load_workbook(root / "Caseload.xlsx")
    wb["Dossiers"].merge_cells("A1:B1")
    wb.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Gezin" in result.output
    out = root / "out" / "2026-014"
    assert not out.exists() or not [p for p in out.iterdir() if p.name.endswith("-.docx")]


@pytest.mark.parametrize("command", ["report", "plan"])
def test_report_and_plan_refuse_without_the_family_column(runner, book, tmp_path, command):
    root = _document_team(tmp_path, book)
    wb = openpyxl.load_workbook(root / "Caseload.xlsx")
    wb["Dossiers"]["B1"] = "Familie"
    wb.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, [command, "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Gezin" in result.output


# --- dossier numbers that Excel changed ----------------------------------------------------------


def test_a_dossier_number_made_a_number_is_found_with_the_probable_number(runner, book, tmp_path):
    book.dossier(2026.1, begeleider="An Claes", registered_on=LATE)
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--format", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    (finding,) = [f for f in json.loads(result.output)["findings"] if f["cell"] == "A2"]
    assert finding["code"] == "dossier-as-number"
    assert finding["severity"] == "error"


# --- the digest that was not sent ---------------------------------------------------------------


def test_digest_send_without_a_mail_server_fails_and_says_where_the_mail_is(runner, book, tmp_path):
    _late_caseload(book)
    team = tmp_path / "team"
    team.mkdir()
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(team / "Caseload.xlsx")
    result = runner.invoke(cli, ["digest", "--send", "--team", str(team), *AS_OF])
    assert result.exit_code != 0, result.output
    assert ".eml" in result.output


# --- helpers -------------------------------------------------------------------------------------


def _dossier_headers() -> list[str]:
    from eenplan.sheets.schema import DOSSIERS_SCHEMA

    return [c.header for c in DOSSIERS_SCHEMA.columns]


def _decoded(eml_text: str) -> str:
    import email
    import email.policy

    message = email.message_from_string(eml_text, policy=email.policy.default)
    body = message.get_body(("plain",))
    return (message["Subject"] or "") + "\n" + (body.get_content() if body else "")


def _replace_cell(path: Path, ref: str, xml: str) -> None:
    """Put raw XML for one cell into the Dossiers sheet (what openpyxl cannot write)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, text, count=1)
                assert n == 1
                data = text.encode("utf-8")
            dst.writestr(item, data)
    shutil.move(tmp, path)


def test_the_digest_counts_rows_without_a_number_one_by_one():
    from eenplan.flows.digest import Unjudged

    unjudged = Unjudged((("", "A5", "leeg"), ("", "A9", "leeg"), ("2026-001", "H2", "x"),
                         ("2026-001", "I2", "y")))
    lines = unjudged.text_lines()
    assert lines[0].startswith("3 dossiers")
    assert sum(line.startswith("- zonder nummer, cel A") for line in lines) == 2


def test_a_pause_that_ends_before_it_begins_is_not_judged_nor_counted(runner, book, tmp_path):
    """Which pause was meant? Left out, it would make a paused family late (or the other way
    round): the dossier is not judged, and the figures leave its row out."""
    _late_caseload(book)
    book.pause("2026-001", start=D(2026, 10, 20), end=D(2026, 10, 2))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = _overdue_json(runner, path)
    assert result.exit_code == 1, result.output
    (item,) = [i for i in json.loads(result.output)["items"] if i["dossier"] == "2026-001"]
    assert (item["status"], item["cell"]) == ("unknown", "Pauzes!C2")
    stats = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", "json", "--intern",
                                *AS_OF])
    tables = {t["key"]: t for t in json.loads(stats.output)["tables"]}
    assert tables["niet_meegeteld"]["rows"][0][1] == 1


def test_a_dossier_number_on_two_rows_is_judged_on_neither_and_counted_once(runner, book, tmp_path):
    """Which row's pauses and agreements are whose? Counted on both rows, one late family was two
    in the list, the digest and a begeleider's week; now each row is one "niet te beoordelen"."""
    _late_caseload(book)
    book.dossier("2026-001", begeleider="An Claes", registered_on=LATE)  # the row copied
    book.agreement("2026-001", round_table=D(2026, 10, 5), action="Schema", due=D(2026, 11, 1))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = _overdue_json(runner, path)
    assert result.exit_code == 1, result.output
    items = [i for i in json.loads(result.output)["items"] if i["dossier"] == "2026-001"]
    assert [(i["status"], i["cell"]) for i in items] == [("unknown", "A2"), ("unknown", "A5")]
    digest = runner.invoke(cli, ["digest", "--workbook", str(path), *AS_OF])
    assert digest.exit_code == 1
    late = re.search(r"Samen: (\d+) te laat", digest.output)
    assert late is not None and late.group(1) == "1", digest.output  # 2026-002 alone


def test_a_workbook_without_a_pauzes_sheet_says_no_pause_counts(runner, book, tmp_path):
    """A team whose pauses sheet is called "Onderbrekingen": each paused family is late, and the
    list, the digest and Achterstand.xlsx say that no pause was counted."""
    _late_caseload(book)
    book.pause("2026-001", start=D(2026, 10, 5))
    path = book.save(tmp_path / "Caseload.xlsx")
    _rename_sheet(path, "Pauzes", "Onderbrekingen")
    listed = json.loads(_overdue_json(runner, path).output)
    assert any("Pauzes" in line for line in listed.get("let_op", [])), listed
    digest = runner.invoke(cli, ["digest", "--workbook", str(path), *AS_OF])
    assert "geen blad Pauzes" in digest.output
    # an empty Pauzes sheet is a team with no pause now: nothing to say
    book.rows["Pauzes"].clear()
    listed = json.loads(_overdue_json(runner, book.save(tmp_path / "Caseload.xlsx")).output)
    assert not any("Pauzes" in line for line in listed.get("let_op", [])), listed


def test_an_empty_list_says_how_many_open_dossiers_were_looked_at(runner, book, tmp_path):
    """"Niets te laat" is an all-clear only beside the dossiers it was said of: with none at all
    (an empty workbook, or another than the team's) the list and the digest say so instead."""
    from eenplan.flows.digest import digest_text

    empty = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(empty), *AS_OF])
    assert result.exit_code == 0, result.output
    assert "Niets te laat" not in result.output and "geen open dossier" in result.output
    book.dossier("2026-001", registered_on=D(2026, 11, 20))  # on time
    one = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(one), *AS_OF])
    assert "Niets te laat" in result.output and "1 open dossier nagekeken" in result.output
    nothing = {"overdue": 0, "due_soon": 0, "paused": 0, "begeleiders": {}, "agreements": {},
               "evaluations": {}, "norms": {}}
    none = digest_text(nothing, None, today=TODAY, team_name="Team", week="2026-W48", judged=0)
    assert "geen open dossier" in none.subject and "0 te laat" not in none.subject
    assert "niets te laat" not in none.text and "geen open dossier" in none.text
    some = digest_text(nothing, None, today=TODAY, team_name="Team", week="2026-W48", judged=12)
    assert "niets te laat" in some.text and "12 open dossiers nagekeken" in some.text


def test_statistics_of_a_workbook_without_dossiers_are_not_ready_for_the_steering_group(runner, book,
                                                                                      tmp_path):
    empty = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(empty), *AS_OF])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "geen enkel dossier" in said and "stuurgroep" not in said
    book.dossier("2026-001", registered_on=D(2026, 11, 20))
    one = book.save(tmp_path / "Caseload.xlsx")
    said = " ".join(runner.invoke(cli, ["stats", "--workbook", str(one), *AS_OF]).output.split())
    assert "geen enkel dossier" not in said and "stuurgroep" in said


def test_check_of_a_workbook_without_dossiers_is_not_all_in_order(runner, book, tmp_path):
    """An empty workbook (or another than the team's) has no finding: not "Alles in orde"."""
    empty = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["check", "--workbook", str(empty), *AS_OF])
    said = " ".join(result.output.split())
    assert "Alles in orde" not in said and "geen dossier op het blad Dossiers" in said
    book.dossier("2026-001", registered_on=D(2026, 11, 20))
    one = book.save(tmp_path / "Caseload.xlsx")
    said = " ".join(runner.invoke(cli, ["check", "--workbook", str(one), *AS_OF]).output.split())
    assert "geen dossier op het blad Dossiers" not in said


def test_achterstand_xlsx_of_a_workbook_without_open_dossiers_says_so(runner, book, tmp_path):
    """The overview's row of zeros would read as nothing late: the sheet says there was no open
    dossier to judge (an empty workbook, or another than the team's)."""
    empty = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(empty), "--format", "xlsx", *AS_OF])
    assert result.exit_code == 0, result.output
    report = tmp_path / "rapporten" / "Achterstand.xlsx"
    assert "geen open dossier" in _cells(report) and "geen open dossier" in result.output
    book.dossier("2026-001", registered_on=D(2026, 11, 20))
    one = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["overdue", "--workbook", str(one), "--format", "xlsx", *AS_OF])
    assert "geen open dossier" not in _cells(report) and "geen open dossier" not in result.output


def test_the_json_of_check_and_overdue_says_how_many_dossiers_it_was_said_of(runner, book, tmp_path):
    """For a program an empty list is an all-clear: the JSON carries the dossiers read (check)
    and the open dossiers looked at (overdue; a begeleider's own with --begeleider)."""
    def json_of(*args: str) -> dict:
        result = runner.invoke(cli, [*args, "--format", "json", *AS_OF])
        return json.loads(result.output)

    empty = str(book.save(tmp_path / "Leeg.xlsx"))
    assert json_of("check", "--workbook", empty)["dossiers"] == 0
    assert json_of("overdue", "--workbook", empty) == {"as_of": "2026-11-23", "open_dossiers": 0,
                                                       "items": []}
    book.dossier("2026-001", registered_on=D(2026, 11, 20), begeleider="An Claes")
    book.dossier("2026-002", registered_on=D(2026, 11, 21), begeleider="Bart Peeters")
    book.dossier("2026-003", registered_on=D(2026, 1, 5), begeleider="Bart Peeters",
                 closed_on=D(2026, 5, 1))
    two = str(book.save(tmp_path / "Caseload.xlsx"))
    assert json_of("check", "--workbook", two)["dossiers"] == 3
    assert json_of("overdue", "--workbook", two)["open_dossiers"] == 2
    assert json_of("overdue", "--workbook", two, "--begeleider", "bart  peeters")["open_dossiers"] == 1


def test_one_begeleider_s_empty_list_says_whose_open_dossiers_were_looked_at(runner, book, tmp_path):
    """`overdue --begeleider` for a colleague without an open dossier judged nothing: it says so,
    with the name as the workbook writes it, rather than "Niets te laat"."""
    book.dossier("2026-001", registered_on=D(2026, 11, 20), begeleider="An Claes")
    book.dossier("2026-002", registered_on=D(2026, 1, 5), begeleider="Bart Peeters",
                 closed_on=D(2026, 5, 1))
    path = str(book.save(tmp_path / "Caseload.xlsx"))

    def said(name: str) -> str:
        result = runner.invoke(cli, ["overdue", "--workbook", path, "--begeleider", name, *AS_OF])
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    an = said("an  claes")
    assert "Niets te laat" in an and "1 open dossier van An Claes nagekeken" in an
    nobody = said("bart peeters")
    assert "Niets te laat" not in nobody and "Bart Peeters heeft geen open dossier" in nobody


def test_a_region_file_of_an_empty_workbook_is_named_in_the_partnership_s_report(runner, book, tmp_path):
    """A team whose workbook has no dossier (a new one, or another than the team's) makes a
    region file of zeros: the team hears it, and the partnership's report names the team rather
    than adding its zeros as a quiet year."""
    from eenplan.stats.regional import combine
    from eenplan.stats.writers import written_summary

    empty = book.save(tmp_path / "Leeg.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(empty), "--voor-regio", *AS_OF])
    assert result.exit_code == 0 and "geen enkel dossier" in " ".join(result.output.split())
    zeros = json.loads(next((tmp_path / "rapporten").glob("Regio *.json")).read_text(encoding="utf-8"))
    assert zeros["dossierrijen"] == 0
    book.dossier("2026-001", registered_on=D(2026, 11, 2), perspective_on=D(2026, 11, 10))
    full = book.save(tmp_path / "Caseload.xlsx")
    shutil.rmtree(tmp_path / "rapporten")
    said = " ".join(runner.invoke(cli, ["stats", "--workbook", str(full), "--voor-regio", *AS_OF])
                    .output.split())
    assert "geen enkel dossier" not in said
    counted = json.loads(next((tmp_path / "rapporten").glob("Regio *.json")).read_text(encoding="utf-8"))
    assert counted["dossierrijen"] == 1
    together = combine([("a", {**counted, "team": "Noord"}), ("b", {**zeros, "team": "Zuid"})], today=TODAY)
    assert together.empty_teams == ("Zuid",) and "Zuid" in together.table("niet_meegeteld").intro
    summary = " ".join(written_summary(together, "x.xlsx").split())
    assert "Zuid telt geen enkel dossier" in summary and "stuurgroep" not in summary
    older = {k: v for k, v in zeros.items() if k != "dossierrijen"}  # before eenplan said it
    assert combine([("a", counted), ("b", {**older, "team": "Zuid"})], today=TODAY).empty_teams == ()


def test_the_statistics_json_says_what_its_figures_cannot_stand_behind(runner, book, tmp_path):
    """A program reading `stats --format json` must not take an empty workbook's zeros for a
    quiet year, nor miss rows left out: ``let_op`` says it, without the steering group's report
    giving away a small number (its count stays suppressed in niet_meegeteld)."""
    def cautions(path: Path, *extra: str) -> list[str]:
        result = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", "json", *extra, *AS_OF])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["let_op"]

    empty = cautions(book.save(tmp_path / "Leeg.xlsx"))
    assert len(empty) == 1 and "geen enkel dossier" in empty[0]
    book.dossier("2026-001", registered_on=D(2026, 11, 2), perspective_on=D(2026, 11, 10))
    assert cautions(book.save(tmp_path / "Goed.xlsx")) == []
    book.dossier("2026-002", registered_on="31/02/2026")  # a date that does not exist: left out
    odd = book.save(tmp_path / "Caseload.xlsx")
    shared, intern = cautions(odd), cautions(odd, "--intern")
    assert len(shared) == 1 and "niet elke dossierrij" in shared[0] and "1 dossierrij" not in shared[0]
    assert len(intern) == 1 and "1 dossierrij" in intern[0]


def test_a_mistyped_begeleider_header_is_said_not_read_as_no_begeleider(runner, book, tmp_path):
    """Without its Begeleider column every dossier reads as one without a begeleider: the list,
    its JSON, Achterstand.xlsx and the coordinators' mail say why, and one begeleider's list
    refuses (none of "her" dossiers would be late)."""
    _late_caseload(book)
    headers = ["Begeleidster" if h == "Begeleider" else h for h in _dossier_headers()]
    path = str(book.with_headers("Dossiers", headers).save(tmp_path / "Caseload.xlsx"))

    def run(*args: str):
        return runner.invoke(cli, ["overdue", "--workbook", path, *args, *AS_OF])

    table = " ".join(run().output.split())
    assert "De kolom Begeleider ontbreekt" in table and "Begeleidster" in table
    assert "(geen begeleider): 2 te laat" in table  # the list itself is whole
    assert json.loads(run("--format", "json").output)["let_op"][0].startswith("De kolom Begeleider")
    one = run("--begeleider", "An Claes")
    assert one.exit_code == 2 and "De kolom Begeleider ontbreekt" in one.output
    assert "heeft geen open dossier" not in one.output and "Niets te laat" not in one.output
    assert run("--format", "xlsx").exit_code == 0
    assert "De kolom Begeleider ontbreekt" in _cells(tmp_path / "rapporten" / "Achterstand.xlsx")
    mail = " ".join(runner.invoke(cli, ["digest", "--workbook", path, *AS_OF]).output.split())
    assert "De kolom Begeleider ontbreekt" in mail
    fine = str(_late_caseload(CaseloadBuilder()).save(tmp_path / "Goed.xlsx"))
    good = runner.invoke(cli, ["overdue", "--workbook", fine, "--format", "json", *AS_OF])
    assert "let_op" not in json.loads(good.output)


@pytest.mark.parametrize(("header", "key"), [("Gemeente", "per_gemeente"), ("Hulpvraag", "per_hulpvraag")])
def test_statistics_without_a_split_s_column_say_so_rather_than_not_filled_in(runner, book, tmp_path,
                                                                              header, key):
    """A Gemeente typed "Gemeentes" made every family one whose municipality "was not filled in",
    for the steering group. The table, let_op and the summary say the column is missing."""
    from eenplan.stats.figures import COLUMN_MISSING, NOT_FILLED

    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 10, number), perspective_on=D(2026, 10, 20))
    headers = [f"{header}s" if h == header else h for h in _dossier_headers()]
    path = str(book.with_headers("Dossiers", headers).save(tmp_path / "Caseload.xlsx"))
    result = runner.invoke(cli, ["stats", "--workbook", path, "--format", "json", *AS_OF])
    data = json.loads(result.output)
    table = next(t for t in data["tables"] if t["key"] == key)
    assert [row[0] for row in table["rows"]] == [COLUMN_MISSING, "Totaal"]
    assert NOT_FILLED not in json.dumps(table) and f"De kolom {header} ontbreekt" in table["intro"]
    assert any(f"De kolom {header} ontbreekt" in said for said in data["let_op"])
    summary = " ".join(runner.invoke(cli, ["stats", "--workbook", path, *AS_OF]).output.split())
    assert f"De kolom {header} ontbreekt" in summary and "stuurgroep" not in summary
    region = runner.invoke(cli, ["stats", "--workbook", path, "--voor-regio", *AS_OF]).output
    region = " ".join(region.split())
    assert f"De kolom {header} ontbreekt" in region  # before the file goes to the partnership
    # and the file says it: the partnership's report names the team, under the same row
    from eenplan.stats.regional import combine

    lacking = json.loads(next((tmp_path / "rapporten").glob("Regio *.json")).read_text(encoding="utf-8"))
    assert lacking["kolom_ontbreekt"] == [header.lower()]
    together = combine([("a", {**lacking, "team": "Noord"}), ("b", {**lacking, "team": "Zuid"})],
                       today=TODAY).to_dict()
    rows = next(t for t in together["tables"] if t["key"] == key)["rows"]
    assert [row[0] for row in rows] == [COLUMN_MISSING, "Totaal"]
    assert any("Noord en Zuid tellen niet per" in said for said in together["let_op"])


# --- the statistics' documents say what they cannot stand behind ----------------------------------


def _beside_the_headline(path: Path) -> list[str]:
    """What a statistics report says under Kort, its headline figures, on its first page: the
    Word report up to its next heading, the workbook's Overzicht up to Definities."""
    if path.suffix == ".docx":
        import docx

        said: list[str] = []
        inside = False
        for paragraph in docx.Document(str(path)).paragraphs:
            if paragraph.style.name.startswith("Heading"):
                if inside:
                    break
                inside = paragraph.text == "Kort"
            elif inside and paragraph.text:
                said.append(paragraph.text)
        return said
    column = [cell.value for cell in openpyxl.load_workbook(path)["Overzicht"]["A"]]
    return [v for v in column[column.index("Kort") + 1:column.index("Definities")] if v]


@pytest.mark.parametrize("output_format", ["docx", "xlsx"])
@pytest.mark.parametrize("intern", [False, True])
def test_the_statistics_report_says_rows_left_out_beside_its_headline(runner, book, tmp_path,
                                                                    output_format, intern):
    """A dossier number typed twice leaves both rows out: the terminal said so, but the Word
    report and the workbook read as complete ("Aanmeldingen: 6" of 8). Beside the headline
    figures they say it, in plain words (no command), as many as the report may show: "minder dan
    5" for the steering group, which sees the small number suppressed."""
    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 10, number), perspective_on=D(2026, 10, 20))
    for _ in range(2):  # one number on two rows: neither is counted
        book.dossier("2026-007", registered_on=D(2026, 10, 8), perspective_on=D(2026, 10, 21))
    path = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["stats", "--workbook", str(path), "--format", output_format,
                                 *(["--intern"] if intern else []), *AS_OF])
    assert result.exit_code == 0, result.output
    said = _beside_the_headline(next((tmp_path / "rapporten").glob(f"Statistiek *.{output_format}")))
    assert len(said) == 3, said  # the two headline sentences, then the caution
    assert said[-1].startswith("Let op") and "Niet meegeteld" in said[-1]
    assert "`" not in said[-1] and "eenplan check" not in said[-1]
    assert ("2 dossierrijen" in said[-1]) is intern  # a small number: suppressed for the steering group


def _left_out_and_gaps(book: CaseloadBuilder) -> CaseloadBuilder:
    for number in range(1, 7):
        book.dossier(f"2026-{number:03d}", registered_on=D(2026, 10, number), perspective_on=D(2026, 10, 20))
    book.dossier("2026-007", registered_on="31/02/2026")  # a date that does not exist: left out
    return book


@pytest.mark.parametrize("kind", ["kolom", "leeg", "regio"])
@pytest.mark.parametrize("output_format", ["docx", "xlsx"])
def test_every_statistics_report_says_its_cautions_beside_its_headline(book, tmp_path, kind, output_format):
    """Every kind of report with a let_op says it on its first page, to its own reader: a team's
    whose workbook lacks a column Gemeente, an empty workbook's (no quiet year), and the
    partnership's (rows left out in the teams' workbooks, a team whose file counted nothing)."""
    from eenplan.flows.loader import load_flows
    from eenplan.sheets.reader import read_caseload
    from eenplan.stats.figures import figures
    from eenplan.stats.regional import aggregates, combine
    from eenplan.stats.writers import summary, write_docx, write_xlsx

    flows = load_flows()
    start = D(2026, 1, 1)

    def counted(builder: CaseloadBuilder, name: str):
        return read_caseload(builder.save(tmp_path / f"{name}.xlsx"))

    if kind == "kolom":
        headers = ["Gemeentes" if h == "Gemeente" else h for h in _dossier_headers()]
        caseload = counted(_left_out_and_gaps(book).with_headers("Dossiers", headers), "kolom")
        report, expected = figures(caseload, flows, start=start, end=TODAY, today=TODAY), ["Gemeente"]
    elif kind == "leeg":
        report = figures(counted(book, "leeg"), flows, start=start, end=TODAY, today=TODAY)
        expected = ["geen enkel dossier"]
    else:
        full, empty = counted(_left_out_and_gaps(book), "vol"), counted(CaseloadBuilder(), "leeg")
        report = combine([(f"{team}.json", aggregates(caseload, flows, start=start, end=TODAY, today=TODAY,
                                                      team=team))
                          for team, caseload in (("Noord", full), ("Zuid", empty))], today=TODAY)
        expected = ["Niet meegeteld", "Zuid"]
    path = tmp_path / f"Statistiek.{output_format}"
    if output_format == "docx":
        write_docx(report, [], path)
    else:
        write_xlsx(report, path)
    said = _beside_the_headline(path)
    cautions = said[len(summary(report)):]
    assert cautions and all(line.startswith("Let op") for line in cautions), said
    for word in expected:
        assert any(word in line for line in cautions), (word, cautions)
    for line in cautions:
        assert "`" not in line and "eenplan.toml" not in line and "--" not in line
