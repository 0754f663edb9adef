"""The inzage says what the team keeps about the family besides its rows and documents: older
versions of the workbook, the weekly mails that name it, its other dossier; the documents
under another way of writing its number it names to the staff member, never copies."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from eenplan.cli import cli
from eenplan.privacy.export import export_dossier
from eenplan.sheets.reader import read_caseload
from eenplan.team.folder import find_team
from eenplan.team.state import State
from eenplan.watcher.run import run_once
from tests.test_export import _text

D = datetime.date
TODAY = D(2026, 11, 23)


def _family(book, tmp_path: Path, *, address: str = "Klaprooslaan 77") -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.dossier("2020-007", family="Familie Zwanepoel", begeleider="An Claes",
                 registered_on=D(2020, 9, 1), address="Oude Baan 5")
    book.network("2020-007", name="Hilde Zwanepoel")
    return book.save(tmp_path / "Caseload.xlsx")


def test_the_overview_names_older_versions_mails_and_the_familys_other_dossier(runner, book, tmp_path):
    workbook = _family(book, tmp_path)
    made = runner.invoke(cli, ["digest", "--team", str(tmp_path), "--eml", str(tmp_path / "rapporten"),
                               "--as-of", "2020-10-20"])
    assert made.exit_code in (0, 1), made.output
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2021, 2, 15, 9, 0), documents=False).ok
    # today: moved, closed, and back as 2026-031; a namesake elsewhere
    book.rows["Dossiers"].clear()
    book.dossier("2020-007", family="Familie Zwanepoel", begeleider="An Claes",
                 registered_on=D(2020, 9, 1), perspective_on=D(2020, 9, 20), closed_on=D(2021, 3, 15),
                 closure_reason="Doelen bereikt", address="Klaprooslaan 77")
    book.dossier("2026-031", family="Familie Zwanepoel", registered_on=D(2026, 10, 5),
                 address="Klaprooslaan 77")
    book.dossier("2026-040", family="familie  zwanepoel", registered_on=D(2026, 10, 6),
                 address="Elders 1")
    book.save(workbook)

    export = export_dossier(team, read_caseload(workbook), "2020-007", today=TODAY)

    found = export.elsewhere
    assert len(found.versions) == 1
    assert [m.path.name for m in found.mails] == ["Achterstand 2020-W43.eml"]
    assert [d.id for d in found.family] == ["2026-031"]
    assert [d.id for d in found.namesakes] == ["2026-040"]
    overview = _text(export.folder / "Overzicht.docx")
    assert "2026-031" in overview and "2026-040" not in overview
    assert "week 43 van 2020" in overview
    said = " ".join(runner.invoke(cli, ["export", "2020-007", "--team", str(tmp_path), "--as-of",
                                        TODAY.isoformat()]).output.split())
    assert "2026-031" in said and "2026-040" in said and "Achterstand 2020-W43.eml" in said


def test_an_inzage_with_nothing_elsewhere_says_nothing_more(book, tmp_path):
    workbook = _family(book, tmp_path)
    export = export_dossier(find_team(team=tmp_path), read_caseload(workbook), "2020-007", today=TODAY)
    assert not export.elsewhere
    assert "Wat we nog elders bewaren" not in _text(export.folder / "Overzicht.docx")


def test_documents_under_another_spelling_of_the_number_are_named_never_copied(runner, book, tmp_path):
    """2026-74 (Familie Aerts) stood beside 2026-074 (Familie Pollet) and was removed; its folder
    and the state's records remain. The numbers read alike, but the letters are another family's:
    the inzage of 2026-074 does not take them, its overview is silent about them, and the
    command names the folder for the staff member to look at."""
    workbook = _family(book, tmp_path)
    folder = tmp_path / "out" / "2020-07"
    folder.mkdir(parents=True)
    report = folder / "2021-01-20 Verslag rondetafel - Familie Aerts.docx"
    report.write_bytes(b"verslag")
    stray = tmp_path / "out" / "2019-050"
    stray.mkdir()
    (stray / "Verslag.docx").write_bytes(b"ander gezin?")
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        state.record_generated(report, dossier="2020-07", kind="verslag", subject="",
                               fingerprint="f", sha256=hashlib.sha256(b"verslag").hexdigest())
    export = export_dossier(find_team(team=tmp_path), read_caseload(workbook), "2020-007", today=TODAY)
    assert export.documents == () and not (export.folder / "Documenten").exists()
    assert export.elsewhere.earlier == ("2020-07",) and export.elsewhere.spelled == ("out/2020-07/",)
    assert export.elsewhere.unowned == ("2019-050",)
    overview = _text(export.folder / "Overzicht.docx")
    assert "2020-07" not in overview.replace("2020-007", "") and "Aerts" not in overview
    said = " ".join(runner.invoke(cli, ["export", "2020-007", "--team", str(tmp_path), "--as-of",
                                        TODAY.isoformat()]).output.split())
    assert "out/2020-07/" in said and "2019-050" in said


def test_an_inzage_of_a_number_no_row_has_names_no_look_alike_and_says_where_the_family_is(
        runner, book, tmp_path):
    """2026-014's row on Dossiers is gone (removed by mistake); its other rows and a kept version
    remain. 2026-114 is another family: the command never offers it, it says where 2026-014's
    data still is and what to do."""
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.dossier("2026-014", family="Familie Peeters", registered_on=D(2026, 10, 1))
    book.dossier("2026-114", family="Familie Janssens", registered_on=D(2026, 10, 2))
    book.network("2026-014", name="Oma Peeters")
    book.network("2026-014", name="Juf Els")
    book.round_table("2026-014", date=D(2026, 11, 2))
    workbook = book.save(tmp_path / "Caseload.xlsx")
    team = find_team(team=tmp_path)
    assert run_once(team, now=datetime.datetime(2026, 11, 20, 9, 0), documents=False).ok
    book.rows["Dossiers"].pop(0)
    book.save(workbook)
    result = runner.invoke(cli, ["export", "2026-014", "--team", str(tmp_path), "--as-of",
                                 TODAY.isoformat()])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "2026-114" not in said
    assert "Netwerk (2)" in said and "Rondetafels (1)" in said
    assert "restore --list --dossier 2026-014" in said
    assert not (tmp_path / "rapporten" / "inzage").exists()
