"""The demo makes the featured dossier's documents, and a second demo makes nothing twice."""

from __future__ import annotations

import zipfile

from docx import Document

from eenplan.demo.run import demo_summary, run_demo
from tests.conftest import TODAY


def test_the_demo_makes_the_featured_dossiers_documents(tmp_path):
    run = run_demo(tmp_path / "demo", seed=1, today=TODAY)
    folder = run.root / "out" / run.data.featured
    names = sorted(p.name for p in folder.iterdir())
    letters = [n for n in names if "Uitnodiging rondetafel -" in n]
    assert len(letters) == 5  # the family and the four invited people
    assert any(n.endswith(".ics") for n in names)
    assert any("alles om af te drukken" in n for n in names)
    assert any("Verslag rondetafel" in n for n in names) and any("Gezinsplan" in n for n in names)
    family = run.caseload.dossier(run.data.featured).family
    letter = Document(str(folder / next(n for n in letters if family in n)))
    assert any(f"Beste {family}," == p.text for p in letter.paragraphs)
    assert "5 uitnodigingen" in demo_summary(run)
    again = run_demo(tmp_path / "demo", seed=1, today=TODAY)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert "(al gemaakt)" in demo_summary(again)


def test_the_same_seed_and_day_give_the_same_document_bytes(tmp_path):
    first = run_demo(tmp_path / "een", seed=2, today=TODAY)
    second = run_demo(tmp_path / "twee", seed=2, today=TODAY)
    plan = next((first.root / "out" / first.data.featured).glob("* Gezinsplan.docx"))
    name = plan.name
    assert plan.read_bytes() == (second.root / "out" / second.data.featured / name).read_bytes()
    with zipfile.ZipFile(plan) as document:  # dated the demo's day, never the clock's
        core = document.read("docProps/core.xml").decode()
        days = {entry.date_time[:3] for entry in document.infolist()}
    assert days == {(TODAY.year, TODAY.month, TODAY.day)}
    assert core.count(f"{TODAY.isoformat()}T00:00:00Z") == 2  # created and modified
