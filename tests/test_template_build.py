"""The shipped default templates are what scripts/build_templates.py makes: reviewable as code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "scripts" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_templates = _script()


@pytest.mark.parametrize("name", list(build_templates.TEMPLATES))
def test_the_shipped_template_matches_the_script(name):
    shipped = (ROOT / "eenplan" / "docx_templates" / name).read_bytes()
    assert build_templates.xml_parts(shipped) == build_templates.xml_parts(build_templates.build(name)), (
        f"{name} is out of date: run python scripts/build_templates.py"
    )


@pytest.mark.parametrize("name", list(build_templates.TEMPLATES))
def test_the_template_is_clean(name):
    doc = Document(str(ROOT / "eenplan" / "docx_templates" / name))
    assert doc.core_properties.author == "eenplan"
    assert doc.styles["Normal"].font.name == "Calibri"
    assert doc.sections[0].page_width.cm == pytest.approx(21, abs=0.01)
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "{{ briefhoofd.organisatie }}" in header


def test_agreement_tables_repeat_their_header_and_keep_rows_whole():
    doc = Document(str(ROOT / "eenplan" / "docx_templates" / "verslag.docx"))
    table = doc.tables[0]
    first = table.rows[0]._tr.trPr
    assert first.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    for row in table.rows:
        assert row._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None


def test_init_copies_the_templates(tmp_path):
    from eenplan.init.folder import init_team

    team = init_team(tmp_path / "Team Essen")
    copied = sorted(p.relative_to(team.root / "docx_templates").as_posix() for p in team.templates)
    assert copied == sorted(build_templates.TEMPLATES)
    assert all(p.is_file() for p in team.templates)
