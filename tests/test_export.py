"""`eenplan export DOSSIER`: a family's whole record, in one folder, and an audit line."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import docx
import openpyxl

from eenplan.cli import cli
from eenplan.sheets.schema import DOSSIERS_SCHEMA
from eenplan.team.state import State
from tests.conftest import TODAY

AS_OF = ["--as-of", TODAY.isoformat()]
HEADERS = [c.header for c in DOSSIERS_SCHEMA.columns] + ["Eigen kolom"]


def _workbook(book, tmp_path: Path) -> Path:
    book.with_headers("Dossiers", HEADERS)
    book.dossier("2026-001", family="Familie Peeters & Zn", perspective_on=datetime.date(2026, 9, 20),
                 begeleider="An Claes", **{"Eigen kolom": "iets van het team"})
    book.dossier("2026-002", family="Familie Maes", worries="Geheim van een ander gezin")
    book.network("2026-001", name="Oma Lutgard", role="Grootouder", invite="ja")
    book.network("2026-002", name="Buurman Jef")
    book.network("2026-001", name="Juf Els", role="Leerkracht")
    book.round_table("2026-001", date=datetime.date(2026, 10, 5), time=datetime.time(14, 0),
                     notes="Goed gesprek")
    book.agreement("2026-001", goal="Rustige ochtenden", due=datetime.date(2026, 12, 1))
    return book.save(tmp_path / "Caseload.xlsx")


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_export_holds_every_row_about_the_family_and_nothing_else(runner, book, tmp_path):
    workbook = _workbook(book, tmp_path)
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    out = tmp_path / "out"
    (out / "2026-001").mkdir(parents=True)
    (out / "2026-001" / "2026-10-05 Verslag rondetafel.docx").write_bytes(b"verslag")
    (out / "2026-001" / ".eenplan-half.docx").write_bytes(b"tijdelijk")
    (out / "2026-002").mkdir()
    (out / "2026-002" / "Gezinsplan.docx").write_bytes(b"ander gezin")

    result = runner.invoke(cli, ["export", " 2026-001 ", "--workbook", str(workbook), *AS_OF])

    assert result.exit_code == 0, result.output
    folder = tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23"
    said = " ".join(result.output.split())
    assert "5 rijen uit de werkmap (Dossiers 1, Netwerk 2, Rondetafels 1, Afspraken 1)" in said
    rows = openpyxl.load_workbook(folder / "Gegevens.xlsx")
    assert rows.sheetnames == ["Dossiers", "Netwerk", "Rondetafels", "Afspraken"]
    dossiers = [[c.value for c in row] for row in rows["Dossiers"].iter_rows()]
    assert dossiers[0] == HEADERS
    assert dossiers[1][:2] == ["2026-001", "Familie Peeters & Zn"]
    assert dossiers[1][-1] == "iets van het team"  # the team's own column, under its own header
    assert [r[1].value for r in rows["Netwerk"].iter_rows(min_row=2)] == ["Oma Lutgard", "Juf Els"]
    assert rows["Rondetafels"]["B2"].value == datetime.datetime(2026, 10, 5)
    assert rows.properties.creator == "1 Gezin 1 Plan"

    text = _text(folder / "Overzicht.docx")
    assert "maandag 23 november 2026" in text
    for shown in ("Familie Peeters & Zn", "Oma Lutgard", "Juf Els", "20 september 2026", "14.00 uur",
                  "Rustige ochtenden", "Eigen kolom", "iets van het team", "Verslag rondetafel"):
        assert shown in text
    for other in ("Familie Maes", "Buurman Jef", "Geheim van een ander gezin", "Gezinsplan.docx"):
        assert other not in text
    assert docx.Document(str(folder / "Overzicht.docx")).core_properties.author == "1 Gezin 1 Plan"

    documents = sorted(p.name for p in (folder / "Documenten").iterdir())
    assert documents == ["2026-10-05 Verslag rondetafel.docx"]
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before


def test_export_is_audited_without_names_and_never_overwrites(runner, book, tmp_path):
    workbook = _workbook(book, tmp_path)
    for _ in range(2):
        result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])
        assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "rapporten" / "inzage").iterdir())
    assert made == ["2026-001 2026-11-23", "2026-001 2026-11-23 (2)"]
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        lines = state.audit_lines()
    assert [(action, dossier) for _, action, dossier, _ in lines] == [("export", "2026-001")] * 2
    detail = lines[0][3]
    assert "Dossiers=1" in detail and "documenten: 0" in detail
    assert "Peeters" not in detail and "Lutgard" not in detail


def test_an_unknown_dossier_is_said_in_dutch_without_a_look_alike(runner, book, tmp_path):
    """An inzage never offers a number like the one typed: that is another family's dossier."""
    workbook = _workbook(book, tmp_path)
    result = runner.invoke(cli, ["export", "2026-01", "--workbook", str(workbook), *AS_OF])
    assert result.exit_code == 2
    assert "Dossier 2026-01 staat niet op het blad Dossiers" in result.output
    assert "2026-001" not in result.output
    assert not (tmp_path / "rapporten").exists()


def test_documents_the_state_remembers_elsewhere_are_copied_too(runner, book, tmp_path):
    workbook = _workbook(book, tmp_path)
    elsewhere = tmp_path / "out" / "brieven" / "Uitnodiging.docx"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(b"uitnodiging")
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_generated(elsewhere, dossier="2026-001", kind="uitnodiging", subject="",
                               fingerprint="f", sha256="s")
    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])
    assert result.exit_code == 0, result.output
    copies = list((tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23" / "Documenten").rglob("*.docx"))
    assert [p.name for p in copies] == ["Uitnodiging.docx"]


def test_the_documents_eenplan_made_are_in_the_export(runner, book, tmp_path):
    from tests.test_documents import make_team

    root = make_team(tmp_path, book)
    for command in ("invite", "plan"):
        made = runner.invoke(cli, [command, "2026-014", "--team", str(root), *AS_OF])
        assert made.exit_code == 0, made.output
    written = sorted(p.name for p in (root / "out" / "2026-014").rglob("*") if p.is_file())
    result = runner.invoke(cli, ["export", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    copies = root / "rapporten" / "inzage" / "2026-014 2026-11-23" / "Documenten"
    assert sorted(p.name for p in copies.rglob("*") if p.is_file()) == written
    assert any("Gezinsplan" in name for name in written)


def test_the_overview_carries_the_team_as_author_and_last_modifier(runner, book, tmp_path):
    """Read with the namespaces written out: python-docx's setters, once docxcompose is loaded
    (as after any document job), would leave lastModifiedBy empty."""
    import zipfile

    import docxcompose.composer  # noqa: F401 - the state of a process that made documents
    from lxml import etree

    workbook = _workbook(book, tmp_path)
    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])
    assert result.exit_code == 0, result.output
    overview = tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23" / "Overzicht.docx"
    with zipfile.ZipFile(overview) as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
    found = {element.tag: element.text for element in core}
    dc, cp = "{http://purl.org/dc/elements/1.1/}", \
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    assert found[f"{dc}creator"] == found[f"{cp}lastModifiedBy"] == "1 Gezin 1 Plan"
    assert found[f"{dc}title"] == "Wat wij over jullie bijhouden"


def test_the_overview_speaks_per_topic_and_keeps_headings_and_rows_whole(runner, book, tmp_path):
    workbook = _workbook(book, tmp_path)

    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])

    assert result.exit_code == 0, result.output
    folder = tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23"
    document = docx.Document(str(folder / "Overzicht.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for topic in ("Wie jullie begeleidt", "Wie rond jullie staat", "De gesprekken", "Jullie afspraken"):
        assert topic in headings
    assert all(p.paragraph_format.keep_with_next for p in document.paragraphs
               if p.style.name.startswith("Heading"))
    # the raw rows are in Gegevens.xlsx: the overview holds no field-by-field tables of a sheet
    assert [[c.text for c in t.rows[0].cells] for t in document.tables] == [
        ["Wat", "Wie", "Tegen wanneer", "Hoe staat het"]]
    (table,) = document.tables
    assert all(row._tr.trPr is not None and row._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
        for row in table.rows)
    assert table.rows[1].cells[0].text == "Rustige ochtenden"


def test_the_overview_speaks_without_jargon_and_says_a_late_agreement_is_late(runner, book, tmp_path):
    """The plan says "te laat" of an agreement past its Tegen wanneer: the overview too; and it
    speaks plain words (no "dossier", "traject", "inzage") to the family."""
    book.dossier("2026-001", family="Familie Peeters", closed_on=datetime.date(2026, 11, 20),
                 closure_reason="Doel bereikt")
    book.pause("2026-001", start=datetime.date(2026, 9, 10), end=datetime.date(2026, 9, 20))
    book.agreement("2026-001", goal="Rustige ochtenden", due=datetime.date(2026, 11, 1), status="open")
    book.agreement("2026-001", goal="Zwemles", due=datetime.date(2027, 3, 1), status="lopend")
    workbook = book.save(tmp_path / "Caseload.xlsx")

    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])

    assert result.exit_code == 0, result.output
    overview = tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23" / "Overzicht.docx"
    stands = [row.cells[3].text for row in docx.Document(str(overview)).tables[0].rows[1:]]
    assert stands == ["te laat (sinds 01/11/2026)", "lopend"]
    text = _text(overview).casefold()
    for jargon in ("dossier", "traject", "inzage", "procesbegeleid"):
        assert jargon not in text
    assert "let op" not in " ".join(result.output.split()).casefold()  # a Dutch family


def test_a_family_that_reads_french_gets_a_sentence_in_french_and_staff_a_let_op(runner, book, tmp_path):
    book.dossier("2026-001", family="Famille Dubois", language="fr")
    book.dossier("2026-002", family="Family Smith", language="en")
    workbook = book.save(tmp_path / "Caseload.xlsx")

    for number, code in (("2026-001", "fr"), ("2026-002", "en")):
        result = runner.invoke(cli, ["export", number, "--workbook", str(workbook), *AS_OF])

        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert "Let op:" in said and ("Frans" if code == "fr" else "Engels") in said
        overview = tmp_path / "rapporten" / "inzage" / f"{number} 2026-11-23" / "Overzicht.docx"
        first = next(p.text for p in docx.Document(str(overview)).paragraphs[1:] if p.text.strip())
        opening = {"fr": "Ce document est en néerlandais", "en": "This document is in Dutch"}[code]
        assert first.startswith(opening)


def test_the_overview_prints_names_as_the_letters_do(runner, tmp_path):
    """"Demir, Fatma" as "Fatma Demir", and the begeleider as Lijsten writes the name."""
    from tests.builders import LISTS, CaseloadBuilder

    book = CaseloadBuilder(lists={**LISTS, "Telefoon begeleider": ["0470 11 22 33"]})
    book.dossier("2026-001", family="Familie Demir", begeleider=" an  claes ")
    book.network("2026-001", name="Demir, Fatma", role="Gezin")
    workbook = book.save(tmp_path / "Caseload.xlsx")

    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])

    assert result.exit_code == 0, result.output
    text = _text(tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23" / "Overzicht.docx")
    assert "Fatma Demir" in text and "Demir, Fatma" not in text
    assert "An Claes is jullie begeleider" in text and "0470 11 22 33" in text


def test_a_date_cell_holding_text_is_pointed_to_not_left_out(runner, book, tmp_path):
    """Datum perspectiefgesprek holds "na de herfstvakantie": the overview does not skip the
    line as if no talk was had, it sends the family to Gegevens.xlsx."""
    book.dossier("2026-001", family="Familie Peeters", registered_on=datetime.date(2026, 9, 1),
                 perspective_on="na de herfstvakantie")
    workbook = book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["export", "2026-001", "--workbook", str(workbook), *AS_OF])
    assert result.exit_code == 0, result.output
    overview = _text(tmp_path / "rapporten" / "inzage" / "2026-001 2026-11-23" / "Overzicht.docx")
    [line] = [t for t in overview.splitlines() if "toekomstbeeld" in t]
    assert "Gegevens.xlsx" in line and "Datum perspectiefgesprek" in line
