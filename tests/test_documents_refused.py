"""Documents are refused, with one sentence, rather than made with a hole (issue #9): no letter
to no one, no one left out of the invitations, no inzage missing a sheet."""

from __future__ import annotations

import datetime
import json

import openpyxl
import pytest

from eenplan.cli import cli
from tests.conftest import TODAY

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]


def _team(tmp_path, book, *, family="Familie Peeters", invite="ja"):
    book.dossier("2026-014", family=family, begeleider="An Claes", perspective_on=D(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", invite=invite)
    book.round_table("2026-014", date=D(2026, 12, 7), time=datetime.time(9, 30), location="Thuis")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _nothing_made(root):
    out = root / "out" / "2026-014"
    return not out.exists() or not any(out.iterdir())


def test_an_unreadable_uitnodigen_is_no_silent_leaving_out(runner, book, tmp_path):
    root = _team(tmp_path, book, invite="misschien")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "I2" in result.output and "Traceback" not in result.output
    assert _nothing_made(root)


def test_an_empty_family_name_gets_no_plan(runner, book, tmp_path):
    root = _team(tmp_path, book, family="")
    for command in ("plan", "report", "invite"):
        result = runner.invoke(cli, [command, "2026-014", "--team", str(root), *AS_OF])
        assert result.exit_code == 2, result.output
        assert "Gezin" in result.output and "B2" in result.output
    assert _nothing_made(root)


def test_an_inzage_is_refused_when_a_sheet_is_renamed(runner, book, tmp_path):
    root = _team(tmp_path, book)
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    workbook["Afspraken"].title = "Afspraken oud"
    workbook.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["export", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Afspraken oud" in result.output
    assert not (root / "rapporten" / "inzage").exists() or not any(
        (root / "rapporten" / "inzage").iterdir())


def test_the_team_names_the_sheet_in_its_settings(runner, book, tmp_path):
    """The way out the sentence gives works: [bladen] in eenplan.toml."""
    root = _team(tmp_path, book)
    workbook = openpyxl.load_workbook(root / "Caseload.xlsx")
    workbook["Netwerk"].title = "Netwerk 2026"
    workbook.save(root / "Caseload.xlsx")
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n\n[bladen]\nNetwerk = "Netwerk 2026"\n',
                                       encoding="utf-8")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert any("Maria Peeters" in p.name for p in (root / "out" / "2026-014").iterdir())


def test_an_unreadable_round_table_date_is_not_passed_over(runner, book, tmp_path):
    book.round_table("2026-014", date="31/11/2026")  # perhaps the one meant
    root = _team(tmp_path, book)
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Rondetafels" in result.output and "B2" in result.output
    assert _nothing_made(root)


def _template_with_a_note(root, kind):
    """The team's own template, with an internal note left in as a tracked insertion and a comment."""
    from docx import Document
    from docx.oxml import parse_xml

    from eenplan.docx_templates import PACKAGE_TEMPLATES

    doc = Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
    para = next(p for p in doc.paragraphs if p.text.strip() and "{%" not in p.text)
    para._p.append(parse_xml(
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="901" '
        'w:author="Sofie Janssens" w:date="2026-11-20T10:00:00Z"><w:r><w:t>Interne nota: dit gezin is '
        'moeilijk.</w:t></w:r></w:ins>'))
    doc.add_comment(para.runs[:1], text="Intern: niet alleen gaan",
                    author="Sofie Janssens")
    (root / "docx_templates").mkdir(exist_ok=True)
    doc.save(str(root / "docx_templates" / f"{kind}.docx"))


def test_a_template_with_a_note_left_in_reaches_no_family(runner, book, tmp_path):
    """Tracked changes and comments in a template: each document is refused with the sentence
    `templates check` gives, and nothing is written (it went to every letter with exit 0)."""
    book.round_table("2026-014", date=D(2026, 11, 2), time=datetime.time(10, 0), location="Thuis",
                     notes="We bespraken de ochtenden.")
    root = _team(tmp_path, book)
    for kind, command in (("uitnodiging", "invite"), ("verslag", "report"), ("gezinsplan", "plan")):
        _template_with_a_note(root, kind)
        result = runner.invoke(cli, [command, "2026-014", "--team", str(root), *AS_OF])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        check = runner.invoke(cli, ["templates", "check", "--team", str(root), "--format", "json"])
        assert check.exit_code == 1, check.output
        found = [f for f in json.loads(check.output)["findings"] if f["template"] == f"{kind}.docx"]
        assert {f["code"] for f in found} == {"tracked-changes", "comments"}
        assert any(f["message"] in result.output for f in found)
    assert _nothing_made(root)


@pytest.mark.parametrize(("cells", "cell"), [({"due": "31/02/2026"}, "H2"), ({"status": "bezig"}, "I2"),
                                             ({"round_table": "5 okt"}, "B2")])
def test_an_unreadable_agreement_is_not_printed_as_open(runner, book, tmp_path, cells, cell):
    """Tegen wanneer "31/02/2026" read as "samen te bekijken", Status "bezig" as "open": refused,
    with the cell, as `invite` refuses an unreadable hour."""
    book.round_table("2026-014", date=D(2026, 11, 2), time=datetime.time(10, 0), location="Thuis")
    book.agreement("2026-014", **{"round_table": D(2026, 11, 2), "goal": "Rust in huis", "who": "Mama",
                                  "due": D(2026, 12, 15), "status": "open", **cells})
    root = _team(tmp_path, book)
    for command in (["plan"], ["report"], ["plan", "--kind"]):
        result = runner.invoke(cli, [command[0], "2026-014", *command[1:], "--team", str(root), *AS_OF])
        assert result.exit_code == 2, result.output
        assert "Afspraken" in result.output and cell in result.output
    assert _nothing_made(root)


def test_a_template_saved_as_doc_or_odt_is_not_replaced_by_the_default(runner, book, tmp_path):
    """The team's uitnodiging.dotx (or fr/uitnodiging.odt) was passed over for eenplan's own
    template with exit 0: refused, with the sentence `templates check` gives."""
    root = _team(tmp_path, book)
    templates = root / "docx_templates"
    (templates / "fr").mkdir(parents=True)
    (templates / "uitnodiging.dotx").write_bytes(b"PK\x03\x04 not read")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "uitnodiging.dotx" in result.output and "uitnodiging.docx" in result.output
    check = runner.invoke(cli, ["templates", "check", "--team", str(root), "--format", "json"])
    assert check.exit_code == 1
    assert [f["message"] for f in json.loads(check.output)["findings"]
            if f["template"] == "uitnodiging.dotx"] == [result.output.strip()]
    (templates / "uitnodiging.dotx").unlink()
    (templates / "fr" / "uitnodiging.odt").write_bytes(b"PK\x03\x04 not read")
    book.rows["Netwerk"][0]["language"] = "fr"
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "uitnodiging.odt" in result.output
    assert _nothing_made(root)


def test_a_template_named_in_capitals_is_the_teams_own(runner, book, tmp_path):
    """Uitnodiging.docx is the team's template for `templates check`, so for `invite` too."""
    from docx import Document

    root = _team(tmp_path, book)
    (root / "docx_templates").mkdir()
    doc = Document()
    doc.add_paragraph("Eigen brief van het team voor {{ ontvanger.naam }}. {{ contact.bereikbaar }}")
    doc.save(str(root / "docx_templates" / "Uitnodiging.docx"))
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    letter = next((root / "out" / "2026-014").glob("*Maria Peeters.docx"))
    assert "Eigen brief van het team" in "\n".join(p.text for p in Document(str(letter)).paragraphs)


def test_a_renamed_templates_folder_is_not_replaced_by_the_defaults(runner, book, tmp_path):
    """docx_templates renamed to "Sjablonen (oud)": every letter was made again from eenplan's
    own templates, and mailed, with only "een ander gegeven ... of het sjabloon" on the screen.
    Refused with the folder's name, by `invite` and by the watcher; an empty docx_templates is
    how a team asks for eenplan's own."""
    root = _team(tmp_path, book)
    moved = root / "Sjablonen (oud)"
    moved.mkdir()
    (moved / "uitnodiging.docx").write_bytes(b"PK\x03\x04 the team's own")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Sjablonen (oud)" in result.output and "docx_templates" in result.output
    watched = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert "Sjablonen (oud)" in watched.output, watched.output
    assert _nothing_made(root)
    (root / "docx_templates").mkdir()
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert not _nothing_made(root)
