"""A column a family's document is filled from that the workbook lacks (the strengths under
"Sterktes" rather than Krachten) stops the document, with the line for eenplan.toml that reads
it; never "Gemaakt" and "Dat schrijven we samen op." where the workbook holds the strengths.
And `check` offers a header it does not know as the column the sheet lacks, with that line."""

from __future__ import annotations

import datetime
import re

import docx
import pytest

from eenplan.cli import cli
from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.context import FIELDS, FILLED_FROM, KINDS
from eenplan.docx_templates.documents import NEEDS
from eenplan.docx_templates.lint import _read_and_check
from eenplan.sheets.schema import SCHEMAS
from tests.builders import CaseloadBuilder
from tests.watching import make_team

D = datetime.date
AS_OF = ["--as-of", "2026-11-30"]
STRENGTHS = "Sarah is een warme mama."


def _headers(sheet: str, **renamed: str | None) -> list[str]:
    """The schema's headers of ``sheet``, some renamed (or left out: None)."""
    headers = [renamed.get(c.header, c.header) for c in SCHEMAS[sheet].columns]
    return [h for h in headers if h is not None]


def _family(book: CaseloadBuilder, **dossier: object) -> CaseloadBuilder:
    cells = {"strengths": STRENGTHS, "worries": "Het huis is te klein.", "wishes": "Een tuin.",
             "begeleider": "Bart Peeters", "perspective_on": D(2026, 9, 20),
             "plan_on": D(2026, 10, 15), **dossier}
    book.dossier("2026-001", **cells)
    book.network("2026-001", name="Sarah Wouters", role="Gezin", relation="mama", invite="ja")
    book.network("2026-001", name="Tom Peeters", role="Leerkracht", relation="meester", invite="ja")
    book.round_table("2026-001", date=D(2026, 10, 15), time=datetime.time(10), location="Gemeentehuis",
                     kind="start", present="Sarah, Tom", notes="Start.", next_date=D(2026, 12, 10))
    book.round_table("2026-001", date=D(2026, 12, 10), time=datetime.time(10), location="Gemeentehuis",
                     kind="opvolging")
    book.agreement("2026-001", round_table=D(2026, 10, 15), domain="Wonen", goal="Een sociale woning",
                   action="Inschrijven", who="Mama", support="Bart", due=D(2026, 11, 15), status="open")
    return book


def _team(tmp_path, book: CaseloadBuilder, settings: str = ""):
    team = make_team(tmp_path, book)
    if settings:
        with (tmp_path / "eenplan.toml").open("a", encoding="utf-8") as toml:
            toml.write(settings)
    return team


def _made(tmp_path) -> list[str]:
    out = tmp_path / "out" / "2026-001"
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def _text(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _with_sterktes() -> CaseloadBuilder:
    book = CaseloadBuilder().with_headers("Dossiers", _headers("Dossiers", Krachten="Sterktes"))
    return _family(book, strengths=None, Sterktes=STRENGTHS)


def test_the_plan_is_refused_when_the_strengths_are_under_another_header(runner, tmp_path):
    _team(tmp_path, _with_sterktes())
    result = runner.invoke(cli, ["plan", "2026-001", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Gemaakt" not in result.output
    assert 'Krachten = "Sterktes"' in result.output  # the line to write, the header found in it
    assert _made(tmp_path) == []


def test_the_line_the_refusal_gives_makes_the_plan_with_the_strengths(runner, tmp_path):
    _team(tmp_path, _with_sterktes())
    refused = runner.invoke(cli, ["plan", "2026-001", "--team", str(tmp_path), *AS_OF])
    line = re.search(r'\[kolommen\.Dossiers\][^K]*(Krachten = "Sterktes")', refused.output)
    assert line is not None, refused.output
    _team(tmp_path, _with_sterktes(), settings=f"\n[kolommen.Dossiers]\n{line.group(1)}\n")
    result = runner.invoke(cli, ["plan", "2026-001", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    [plan] = [p for p in (tmp_path / "out" / "2026-001").iterdir() if "Gezinsplan" in p.name]
    assert STRENGTHS in _text(plan)


@pytest.mark.parametrize(("command", "sheet", "header"), [
    (["plan"], "Dossiers", "Zorgen"),
    (["plan"], "Netwerk", "Rol"),
    (["plan", "--kind"], "Dossiers", "Wensen"),
    (["plan", "--kind"], "Netwerk", None),  # the whole sheet
    (["report", "--rondetafel", "2026-10-15"], "Rondetafels", "Aanwezig"),
    (["report", "--rondetafel", "2026-10-15"], "Afspraken", "Ondersteuning"),
    (["report", "--rondetafel", "2026-10-15"], "Dossiers", "Begeleider"),
    (["invite"], "Rondetafels", "Locatie"),
    (["invite"], "Netwerk", "Adres"),
])
def test_every_family_document_is_refused_for_a_column_it_is_filled_from(runner, tmp_path, command,
                                                                         sheet, header):
    book = CaseloadBuilder()
    if header is None:
        book.without_sheet(sheet)
    else:
        book.with_headers(sheet, _headers(sheet, **{header: None}))
    _team(tmp_path, _family(book))
    result = runner.invoke(cli, [command[0], "2026-001", *command[1:], "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 2, result.output
    assert (header or sheet) in result.output and f"[kolommen.{sheet}]" in result.output or header is None
    assert "Traceback" not in result.output and "Gemaakt" not in result.output
    assert _made(tmp_path) == []


@pytest.mark.parametrize("command", [["plan"], ["plan", "--kind"], ["report"], ["invite"]])
def test_with_every_column_each_document_is_made(runner, tmp_path, command):
    _team(tmp_path, _family(CaseloadBuilder()))
    result = runner.invoke(cli, [command[0], "2026-001", *command[1:], "--team", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.output
    assert _made(tmp_path)


def test_the_watcher_says_it_too_and_makes_no_letter(tmp_path):
    from eenplan.watcher.run import run_once

    book = _family(CaseloadBuilder().with_headers("Rondetafels", _headers("Rondetafels", Locatie=None)))
    team = _team(tmp_path, book)
    result = run_once(team, now=datetime.datetime(2026, 11, 30, 9, 0))
    assert result.documents == () and result.invited == ()
    assert any("Locatie" in p and "[kolommen.Rondetafels]" in p for p in result.problems)
    assert any("Locatie" in line for line in result.lines())
    assert _made(tmp_path) == []


def test_every_field_says_which_columns_it_is_filled_from():
    assert {f.path for kind in KINDS for f in FIELDS[kind]} <= set(FILLED_FROM)
    for columns in FILLED_FROM.values():
        for sheet, name in columns:
            SCHEMAS[sheet].column(name)  # a column that exists


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_needs_every_column_its_default_templates_show(kind):
    catalogue = {f.path for f in FIELDS[kind]}
    templates = sorted(PACKAGE_TEMPLATES.glob(f"**/{kind}.docx"))
    assert templates
    for template in templates:
        for path in _read_and_check(template, kind).used:
            if path not in FILLED_FROM:  # a list itself ({% if afspraken %}): its items' fields count
                assert any(p.startswith(f"{path}[]") for p in catalogue), (template, path)
                continue
            for sheet, name in FILLED_FROM[path]:
                assert name in NEEDS[kind].get(sheet, ()), (template, path, sheet, name)
