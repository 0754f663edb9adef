"""A mistake in a template of a language folder is said with that folder ("fr/uitnodiging.docx"):
before, invite and the watcher said "In uitnodiging.docx staat {{ gezin.nam }}", and the team
opened the Dutch template and found nothing wrong (a tester's find)."""

from __future__ import annotations

import datetime
import shutil

from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.template import said_as
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

D = datetime.date


def test_a_template_is_said_with_its_language_folder(tmp_path):
    assert said_as(tmp_path / "docx_templates" / "fr" / "uitnodiging.docx") == "fr/uitnodiging.docx"
    assert said_as(tmp_path / "docx_templates" / "uitnodiging.docx") == "uitnodiging.docx"
    assert said_as(tmp_path / "Sjablonen" / "uitnodiging.docx") == "uitnodiging.docx"


def test_invite_names_the_french_template_with_the_mistake(runner, tmp_path):
    book = CaseloadBuilder()
    book.dossier("2026-082", family="Famille De Cock", begeleider="An Claes", language="fr",
                 registered_on=D(2026, 10, 1))
    book.network("2026-082", name="Marie De Cock", role="Gezin", relation="maman", invite="ja")
    book.round_table("2026-082", date=D(2026, 12, 7), time=datetime.time(10, 0), location="Chez nous")
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    french = tmp_path / "docx_templates" / "fr"
    french.mkdir(parents=True)
    shutil.copy(PACKAGE_TEMPLATES / "fr" / "uitnodiging.docx", french / "uitnodiging.docx")
    document = Document(str(french / "uitnodiging.docx"))
    document.add_paragraph("Bonjour {{ gezin.nam }}")
    document.save(str(french / "uitnodiging.docx"))
    result = runner.invoke(cli, ["invite", "2026-082", "--team", str(tmp_path), "--as-of", TODAY.isoformat()])
    assert result.exit_code == 2, result.output
    assert "fr/uitnodiging.docx" in " ".join(result.output.split()) and "gezin.nam" in result.output
    made = tmp_path / "out" / "2026-082"
    assert not made.exists() or not list(made.glob("*.docx"))
