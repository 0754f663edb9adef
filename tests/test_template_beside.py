"""A team that saved its template in another format beside the .docx (verslag.doc next to an
older verslag.docx, as Word's "Opslaan als" offers) expected its change in the report; eenplan
reads only the .docx and said nothing (a tester's find). The document commands now say it."""

from __future__ import annotations

import datetime
import os
import shutil

from eenplan.docx_templates.documents import PACKAGE_TEMPLATES, invitations_for, report_for
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.conftest import TODAY
from tests.test_documents import make_team


def _beside(root, kind: str, other: str) -> None:
    templates = root / "docx_templates"
    templates.mkdir(exist_ok=True)
    shutil.copy(PACKAGE_TEMPLATES / f"{kind}.docx", templates / f"{kind}.docx")
    (templates / other).write_bytes(b"an old Word file")
    later = (templates / f"{kind}.docx").stat().st_mtime + 60
    os.utime(templates / other, (later, later))


def test_a_newer_doc_beside_the_report_template_is_said(book, tmp_path):
    root = make_team(tmp_path, book)
    _beside(root, "verslag", "verslag.doc")
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", datetime.date(2026, 10, 5), today=TODAY)
    assert [n for n in made.notes if "verslag.doc," in n and ".docx" in n]


def test_a_newer_odt_beside_the_invitation_template_is_said_and_an_older_one_is_not(book, tmp_path):
    root = make_team(tmp_path, book)
    _beside(root, "uitnodiging", "uitnodiging.odt")
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert len([n for n in made.notes if "uitnodiging.odt" in n]) == 1  # once, not per letter
    older = (root / "docx_templates" / "uitnodiging.docx").stat().st_mtime - 3600
    os.utime(root / "docx_templates" / "uitnodiging.odt", (older, older))
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert not [n for n in again.notes if "uitnodiging.odt" in n]
