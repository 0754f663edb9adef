"""invite, report and plan: the right files in out/<dossier>/, made once, a person's edit kept."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import icalendar
import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import Made, invitations_for, plan_for, report_for
from eenplan.errors import DossierError
from eenplan.files import safe_name
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.conftest import TODAY

AS_OF = ["--as-of", TODAY.isoformat()]
MEETING = datetime.date(2026, 12, 7)


def make_team(tmp_path: Path, book, location: str = "Huis van het Kind Kapellen") -> Path:
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes", question="Opvoeding",
                 perspective_on=datetime.date(2026, 9, 20), plan_on=datetime.date(2026, 10, 5),
                 strengths="We lachen veel.", worries="De ochtenden.", wishes="Rust.")
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="grootmoeder", invite="ja")
    book.network("2026-014", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")
    book.network("2026-014", name="Jan Niet", role="Buur", invite="nee")
    book.round_table("2026-014", date=datetime.date(2026, 10, 5), time=datetime.time(14, 0),
                     location="Bij het gezin thuis", kind="start", present="het gezin, Maria Peeters",
                     notes="We bespraken de ochtenden.", next_date=MEETING)
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location=location,
                     kind="opvolging")
    book.agreement("2026-014", round_table=datetime.date(2026, 10, 5), domain="Opvoeding",
                   goal="Rustige ochtenden", action="Een ochtendschema maken", who="Mama",
                   support="Maria Peeters", due=datetime.date(2026, 11, 1), status="lopend")
    book.agreement("2026-014", round_table=datetime.date(2026, 10, 5), domain="Wonen",
                   goal="Een grotere woning", action="Inschrijven bij de sociale huisvesting", who="Papa")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    return tmp_path


def names(made: Made) -> list[str]:
    return [p.name for p in made.written]


def text_of(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] +
                     [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_invite_writes_a_letter_per_invited_person_and_the_family(runner, book, tmp_path):
    root = make_team(tmp_path, book)
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    folder = root / "out" / "2026-014"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-12-07 Rondetafel Familie Peeters.ics",
        "2026-12-07 Uitnodiging rondetafel - Els Maes.docx",
        "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx",
        "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx",
        "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx",
    ]
    letter = text_of(folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx")
    assert "Beste Maria," in letter and "maandag 7 december 2026 om 9.30 uur" in letter
    assert "Wij zijn er, met Els, de buurvrouw." in letter and "Jan" not in letter
    family = text_of(folder / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx")
    assert "Beste Familie Peeters," in family and "Maria en Els. Ik ben er ook bij." in family
    printed = text_of(folder / "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx")
    assert printed.count("Uitnodiging voor ons rondetafelgesprek") == 2  # the network's letters
    assert printed.count("Jullie rondetafelgesprek") == 1  # the family's own
    assert "Gemaakt (5)" in result.output


def test_the_ics_is_in_brussels_time(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    data = (root / "out" / "2026-014" / "2026-12-07 Rondetafel Familie Peeters.ics").read_bytes()
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime.datetime(2026, 12, 7, 9, 30)
    assert str(start.tzinfo) == "Europe/Brussels"
    assert str(event["location"]) == "Huis van het Kind Kapellen"
    assert b"VTIMEZONE" in data


def test_the_same_data_is_not_made_twice_and_a_change_is(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    first = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    again = invitations_for(team, load_caseload(team), "2026-014", None,
                            today=TODAY + datetime.timedelta(days=1))
    assert again.written == () and sorted(again.unchanged) == sorted(first.written)
    make_team(tmp_path, type(book)(), location="Sociaal Huis Kapellen")
    changed = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert sorted(changed.written) == sorted(first.written) and changed.kept == ()
    assert "Sociaal Huis" in text_of(root / "out" / "2026-014" /
                                     "2026-12-07 Uitnodiging rondetafel - Els Maes.docx")


def test_letters_made_again_in_place_do_not_make_the_print_file_a_second_time(book, tmp_path):
    """Before: the print file, made in the same batch as letters rewritten under their own names,
    took the letter still at that name (the one before) for a person's change, and was made again
    at the next run from nothing new."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    make_team(tmp_path, type(book)(), location="Sociaal Huis Kapellen")  # the same names, anew
    changed = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert any("alles om af te drukken" in p.name for p in changed.written)
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert again.written == ()


def test_the_familys_letter_is_made_again_when_who_comes_changes(book, tmp_path):
    """Before: the family's letter kept naming a guest no longer invited ("Wie komt er: Els"), and
    `invite` said it was made already with the same data."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    folder = root / "out" / "2026-014"
    family = folder / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx"
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert "Els" in text_of(family)
    fewer = type(book)()
    make_team(tmp_path, fewer)
    fewer.rows["Netwerk"][1]["invite"] = "nee"  # Els no longer
    fewer.save(root / "Caseload.xlsx")
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert family in made.written and "Els" not in text_of(family)
    # a guest's letter stays the one they were sent
    assert folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx" in made.unchanged
    more = type(book)()
    make_team(tmp_path, more)
    more.network("2026-014", name="Tom Vos", role="Buur", invite="ja")
    more.save(root / "Caseload.xlsx")
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert family in made.written and "Tom" in text_of(family)


def test_the_familys_letter_an_earlier_version_made_holds_while_its_guests_do(book, tmp_path,
                                                                                monkeypatch):
    """The family's letter an earlier eenplan made (its fingerprint without the guests) is not
    made again after the update, unless who comes changed."""
    from eenplan.docx_templates import documents

    root = make_team(tmp_path, book)
    team = find_team(team=root)
    real = documents._renderer
    monkeypatch.setattr(documents, "_renderer", lambda *args, **kwargs: real(
        *args, **{**kwargs, "unchanged_by": documents.GUEST_FIELDS}))
    earlier = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    monkeypatch.undo()
    now = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert now.written == () and sorted(now.unchanged) == sorted(earlier.written)
    fewer = type(book)()
    make_team(tmp_path, fewer)
    fewer.rows["Netwerk"][1]["invite"] = "nee"
    fewer.save(root / "Caseload.xlsx")
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    family = root / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Familie Peeters.docx"
    assert family in made.written


def test_a_document_changed_by_a_person_is_kept(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    path = root / "out" / "2026-014" / "2026-10-05 Verslag rondetafel.docx"
    doc = Document(str(path))
    doc.add_paragraph("Aangevuld door An.")
    doc.save(str(path))
    edited = path.read_bytes()
    # the same data: the person's version is the report now, made no second time
    same = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert same.unchanged == (path,) and same.written == () and path.read_bytes() == edited
    book2 = type(book)()
    root = make_team(tmp_path, book2)
    book2.rows["Rondetafels"][0]["notes"] = "Een aangepast verslag."
    book2.save(root / "Caseload.xlsx")
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert made.kept == (path,) and path.read_bytes() == edited
    assert [p.name for p in made.written] == ["2026-10-05 Verslag rondetafel (2).docx"]
    assert "Een aangepast verslag." in text_of(made.written[0])


def test_invite_says_a_letter_deleted_by_hand_was_missing_as_the_watcher_does(runner, book,
                                                                              tmp_path):
    from eenplan.docx_templates.documents import made_again

    root = make_team(tmp_path, book)
    team = find_team(team=root)
    first = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    letter = root / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    assert letter in first.written and first.restored == ()
    letter.unlink()
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    assert letter.is_file()
    said = result.output.splitlines()
    assert said[0] == f"Opnieuw gemaakt (1), want {made_again(one=True)}:", result.output
    assert said[1].endswith(f"/{letter.name}")
    assert "Gemaakt (" not in result.output  # nothing new
    letter.unlink()  # gone again, and the round-table moved: new letters, nothing restored
    make_team(tmp_path, type(book)(), location="Sociaal Huis Kapellen")
    changed = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert letter in changed.written and changed.restored == ()


@pytest.mark.parametrize("placed", [b"", b"not a word document"])
def test_a_letter_emptied_or_replaced_is_kept_and_never_printed(book, tmp_path, placed):
    """An unsynced placeholder (0 bytes) or another file at a letter's name is not the letter
    eenplan made: it stays, the letter is made again beside it, and the print file is made of
    the letters (it read the file from disk: a crash, exit 70)."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    first = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    folder = root / "out" / "2026-014"
    letter = folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    printed = folder / "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx"
    assert letter in first.written and printed in first.written
    letter.write_bytes(placed)
    placed_bytes = letter.read_bytes()
    printed.unlink()
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert made.kept == (letter,) and letter.read_bytes() == placed_bytes
    assert {p.name for p in made.written} == {
        "2026-12-07 Uitnodiging rondetafel - Maria Peeters (2).docx", printed.name}
    assert "Maria" in text_of(printed)
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert again.written == () and again.kept == ()


def _edit_in_word(path: Path, line: str) -> None:
    doc = Document(str(path))
    doc.add_paragraph(line)
    doc.save(str(path))


def test_the_print_file_takes_a_letter_a_person_changed_later(book, tmp_path):
    """The print file is eenplan's; a letter changed in Word after it was made is the letter
    to print, so the print file is made again with it (once), and the letter stays as it is."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    folder = root / "out" / "2026-014"
    letter = folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    printed = folder / "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx"
    _edit_in_word(letter, "Oma, we rekenen op je!")
    edited = letter.read_bytes()
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert made.written == (printed,) and made.kept == ()
    assert "Oma, we rekenen op je!" in text_of(printed) and letter.read_bytes() == edited
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert again.written == () and again.kept == ()


def test_the_watcher_s_print_file_takes_a_letter_changed_later(runner, book, tmp_path):
    root = make_team(tmp_path, book)
    once = ["watch", "--once", "--team", str(root), "--as-of", TODAY.isoformat()]
    assert runner.invoke(cli, once).exit_code == 0
    folder = root / "out" / "2026-014"
    printed = folder / "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken.docx"
    assert "Els" in text_of(printed)
    _edit_in_word(folder / "2026-12-07 Uitnodiging rondetafel - Els Maes.docx", "Els, tot dan!")
    book.dossier("2026-015", family="Familie Janssens")  # a save: the watcher runs again
    book.save(root / "Caseload.xlsx")
    result = runner.invoke(cli, once)
    assert result.exit_code == 0, result.output
    assert "Els, tot dan!" in text_of(printed)
    assert not (folder / "2026-12-07 Uitnodigingen rondetafel - alles om af te drukken (2).docx").exists()
    assert "Nieuwe uitnodigingen" not in result.output  # the print file alone: nothing to send again


def test_report_has_the_agreements_of_that_round_table(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    text = text_of(made.written[0])
    assert "maandag 5 oktober 2026 om 14.00 uur" in text
    assert "Een ochtendschema maken" in text and "01/11/2026" in text
    assert "samen te bekijken" in text  # the agreement without a deadline
    assert "maandag 7 december 2026" in text  # the next one


def test_plan_groups_agreements_per_life_domain(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert names(made) == ["2026-10-05 Gezinsplan.docx"]  # named by Datum gezinsplan
    text = text_of(made.written[0])
    for expected in ("Ons gezinsplan", "We lachen veel.", "Opvoeding", "Wonen", "Rustige ochtenden",
                     "Inschrijven bij de sociale huisvesting", "Maria Peeters", "grootmoeder",
                     "maandag 7 december 2026 om 9.30 uur"):
        assert expected in text, expected


def test_generated_documents_name_only_the_team(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    from tests.test_render import CORE, DC, core_xml

    for path in made.written:
        if path.suffix == ".docx":
            core = core_xml(path.read_bytes())
            assert (core[f"{DC} creator"], core[f"{CORE} lastModifiedBy"]) == ("Team Test", "Team Test")


def test_an_unknown_dossier_is_one_sentence_with_a_hint(runner, book, tmp_path):
    root = make_team(tmp_path, book)
    result = runner.invoke(cli, ["invite", "2026-14", "--team", str(root), *AS_OF])
    assert result.exit_code == 2
    assert "Dossier 2026-14 staat niet op het blad Dossiers" in result.output
    assert "Bedoel je 2026-014?" in result.output and "Traceback" not in result.output


def test_no_round_table_ahead_says_what_to_do(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    with pytest.raises(DossierError, match="geen rondetafel vanaf 08/12/2026"):
        invitations_for(team, load_caseload(team), "2026-014", None, today=datetime.date(2026, 12, 8))
    with pytest.raises(DossierError, match="geen rondetafel op 01/12/2026.*05/10/2026, 07/12/2026"):
        invitations_for(team, load_caseload(team), "2026-014", datetime.date(2026, 12, 1), today=TODAY)


@pytest.mark.parametrize(("stem", "expected"), [
    ("2026-12-07 Uitnodiging - An Peeters", "2026-12-07 Uitnodiging - An Peeters.docx"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j.docx"),
    ("CON", "_CON.docx"),
    ("com1.verslag", "_com1.verslag.docx"),
    ("Naam met punten...  ", "Naam met punten.docx"),
    ("", "document.docx"),
])
def test_safe_names(stem, expected):
    assert safe_name(stem, ".docx") == expected


def test_safe_names_stay_short_and_versioned():
    long_name = safe_name("x" * 300, ".docx", version=12)
    assert long_name.endswith(" (12).docx") and len(long_name) <= 140
    assert len(safe_name("😀" * 300, ".docx").encode("utf-8")) <= 240


def test_pdf_without_libreoffice_says_so_after_writing_the_word_files(runner, book, tmp_path, monkeypatch):
    (tmp_path / "team").mkdir()
    root = make_team(tmp_path / "team", book)
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    result = runner.invoke(cli, ["plan", "2026-014", "--pdf", "--team", str(root), *AS_OF])
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and "Word-bestanden zijn wel gemaakt" in result.output
    assert [p.name for p in (root / "out" / "2026-014").glob("* Gezinsplan.docx")]


def test_a_large_batch_renders_in_parallel_and_the_same(book, tmp_path, monkeypatch):
    import eenplan.docx_templates.documents

    monkeypatch.setattr(eenplan.docx_templates.documents, "PARALLEL_FROM", 4)
    monkeypatch.setattr(eenplan.docx_templates.documents, "FORKED_FROM", 4)
    people = [f"Persoon {index} Çetin & <Zn>" for index in range(3)]
    for name in people:
        book.network("2026-014", name=name, role="Buur", invite="ja")
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    letters = [p for p in made.written if "Uitnodiging rondetafel -" in p.name]
    assert len(letters) == 6  # the three, Maria, Els and the family
    for index, name in enumerate(people):
        path = root / "out" / "2026-014" / (
            f"2026-12-07 Uitnodiging rondetafel - Persoon {index} Çetin & -Zn-.docx")
        assert f"Beste {name}," in text_of(path)  # four words, no particle: which is the first name?


def test_two_people_of_the_same_name_each_get_a_letter(book, tmp_path):
    book.network("2026-014", name="Maria Peeters", role="Leerkracht", relation="juf", invite="ja")
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    letters = sorted(p.name for p in made.written if "Maria Peeters" in p.name)
    assert letters == ["2026-12-07 Uitnodiging rondetafel - Maria Peeters, grootmoeder.docx",
                       "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"]
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert again.written == ()



def test_a_bare_workbook_gets_its_documents_beside_it_with_the_default_templates(runner, book, tmp_path):
    root = make_team(tmp_path, book)
    (root / "eenplan.toml").unlink()
    result = runner.invoke(cli, ["report", "2026-014", "--workbook", str(root / "Caseload.xlsx"), *AS_OF])
    assert result.exit_code == 0, result.output
    path = root / "out" / "2026-014" / "2026-10-05 Verslag rondetafel.docx"
    assert "We bespraken de ochtenden." in text_of(path)


def test_lines_typed_in_a_cell_stay_lines(book, tmp_path):
    root = make_team(tmp_path, book)
    book.rows["Rondetafels"][0]["notes"] = "Eerst dit.\nDan dat.\tMet een tab."
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    xml = zipfile.ZipFile(made.written[0]).read("word/document.xml").decode("utf-8")
    assert "Eerst dit.</w:t><w:br/>" in xml and "<w:tab/>" in xml


def test_a_plan_without_a_date_is_not_made_again_the_next_day(book, tmp_path):
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][0]["plan_on"] = None
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    first = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert "maandag 23 november 2026" in text_of(first.written[0])
    later = plan_for(team, load_caseload(team), "2026-014", today=TODAY + datetime.timedelta(days=1))
    assert later.written == () and later.unchanged == first.written


def test_file_names_leave_out_emoji_control_and_direction_characters():
    assert safe_name("Uitnodiging - Ëlla De Wit 😀", ".docx") == "Uitnodiging - Ëlla De Wit.docx"
    assert safe_name("brief\u202egpj.exe", ".docx") == "briefgpj.exe.docx"
    assert safe_name("👨\u200d👩\u200d👧 Familie Çetin, Łukasz", ".pdf") == "Familie Çetin, Łukasz.pdf"


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_several_round_tables_render_in_one_pool_with_their_print_files(book, tmp_path, monkeypatch,
                                                                        start):
    from eenplan.docx_templates import documents

    monkeypatch.setattr(documents, "PARALLEL_FROM", 1)
    monkeypatch.setattr(documents, "FORKED_FROM", 1)
    monkeypatch.setattr(documents, "_start_method", lambda: start)
    monkeypatch.setattr(documents.os, "cpu_count", lambda: 2)  # this process and one other
    for number in ("2026-020", "2026-021"):
        book.dossier(number, begeleider="An Claes", perspective_on=datetime.date(2026, 9, 20))
        book.network(number, name=f"Ann {number}", invite="ja")
        book.network(number, name=f"Bart {number}", invite="ja")
        book.round_table(number, date=MEETING, time=datetime.time(10, 0), location="Gemeentehuis")
    team = find_team(team=make_team(tmp_path, book))
    caseload = load_caseload(team)
    jobs = [documents.plan_invitations(team, caseload, number, MEETING, today=TODAY)
            for number in ("2026-014", "2026-020", "2026-021")]
    pools = []
    in_pool = documents._in_pool
    monkeypatch.setattr(documents, "_in_pool", lambda bundles, cores=None: pools.append(
        len(bundles)) or in_pool(bundles, cores))
    documents.render_ahead(team, jobs)
    assert pools == [3]  # one pool for the three round-tables, a print file each
    for job in jobs:
        assert all(o.ready is not None for o in job.parts) and job.combined is not None
        assert job.combined.ready is not None
    made = [documents.run(team, job) for job in jobs]
    for result in made:
        printed = next(p for p in result.written if "af te drukken" in p.name)
        letters = [p for p in result.written if "Uitnodiging rondetafel -" in p.name]
        assert len(Document(str(printed)).sections) == len(letters) == 3
        names = text_of(printed)
        assert all(text_of(letter).split("\n")[0] in names for letter in letters)
    ann = text_of(next(p for p in made[1].written if "Ann 2026-020" in p.name))
    assert ann.startswith("Ann 2026-020\n") and "Beste Ann," in ann
    again = documents.plan_invitations(team, load_caseload(team), "2026-021", MEETING, today=TODAY)
    documents.render_ahead(team, [again])  # made already: nothing to render
    assert all(o.ready is None for o in again.outputs if o.kind == "uitnodiging")


def test_render_ahead_marks_a_round_table_whose_documents_are_all_there(book, tmp_path):
    from eenplan.docx_templates import documents

    team = find_team(team=make_team(tmp_path, book))

    def planned() -> documents.Planned:
        job = documents.plan_invitations(team, load_caseload(team), "2026-014", MEETING, today=TODAY)
        documents.render_ahead(team, [job])
        return job

    first = planned()
    assert not first.made_before
    made = documents.run(team, first)
    assert planned().made_before  # the same data again: run would write nothing
    next(p for p in made.written if p.suffix == ".ics").unlink()
    again = planned()
    assert not again.made_before  # one document gone: run makes it again
    assert [p.suffix for p in documents.run(team, again).written] == [".ics"]
    next(p for p in made.written if "af te drukken" in p.name).unlink()
    assert not planned().made_before  # the print file, which ``after`` makes


def test_a_follow_up_report_looks_back_at_the_earlier_agreements(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", MEETING, today=MEETING)
    text = text_of(made.written[0])
    assert "Hoe staan de afspraken van vorige keer?" in text
    assert "Een ochtendschema maken" in text and "te laat (sinds 01/11/2026)" in text
    assert "Inschrijven bij de sociale huisvesting" in text


def test_the_first_report_has_nothing_to_look_back_at(book, tmp_path):
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert "vorige keer" not in text_of(made.written[0])


def test_the_plan_shows_how_far_each_agreement_is(book, tmp_path):
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][0]["plan_on"] = None  # a plan without a date is today's
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert "te laat (sinds 01/11/2026)" in text_of(made.written[0])


def test_a_round_table_without_an_hour_says_the_hour_follows(book, tmp_path):
    """An empty Uur gave letters with a day alone and an all-day event without a word."""
    root = make_team(tmp_path, book)
    book.rows["Rondetafels"][1]["time"] = None
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    letter = root / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    assert "maandag 7 december 2026 (het uur volgt nog)" in text_of(letter)
    (ics,) = [p for p in made.written if p.suffix == ".ics"]
    event = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == MEETING and "uur volgt nog" in str(event["summary"])
    assert "Het uur volgt nog" in str(event["description"])
    plan = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert "7 december 2026 (het uur volgt nog)" in text_of(plan.written[0])
    # a report looks back at a round-table held: no hour "to follow" there, only for the next one
    book.rows["Rondetafels"][0]["time"] = None
    book.save(root / "Caseload.xlsx")
    held = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    paragraphs = [p.text for p in Document(str(held.written[0])).paragraphs]
    assert "Wanneer\tmaandag 5 oktober 2026" in paragraphs
    assert [p for p in paragraphs if "volgt nog" in p] == [
        "We zien elkaar terug op maandag 7 december 2026 (het uur volgt nog)."]


def test_documents_that_may_be_a_mistake_say_so(book, tmp_path):
    """Invitations for a closed dossier or a round-table already past, and a report of one still
    to come, were made without a word."""
    root = make_team(tmp_path, book)
    team = find_team(team=root)
    past = invitations_for(team, load_caseload(team), "2026-014", datetime.date(2026, 10, 5), today=TODAY)
    coming = report_for(team, load_caseload(team), "2026-014", MEETING, today=TODAY)
    usual = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    def said(made):  # Maria and Els have no E-mail and no Adres: that is said of every invitation
        return [n for n in made.notes if "geen Adres" not in n]

    assert len(said(past)) == 1 and len(coming.notes) == 1 and said(usual) == []
    book.rows["Dossiers"][0].update(closed_on=datetime.date(2026, 11, 20), closure_reason="Doelen bereikt")
    book.save(root / "Caseload.xlsx")
    closed = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert len(said(closed)) == 1 and "2026-014" in said(closed)[0]


def test_a_logo_that_is_not_there_is_said(book, tmp_path):
    """A mistyped [briefhoofd] logo dropped the logo from every letter without a word."""
    root = make_team(tmp_path, book)
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n\n[briefhoofd]\nlogo = "logoo.png"\n',
                                       encoding="utf-8")
    team = find_team(team=root)
    invited = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    reported = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert [n for n in invited.notes if "logoo.png" in n] and [n for n in reported.notes if "logoo.png" in n]


def test_a_yes_or_no_printed_in_a_letter_reads_ja_or_nee(book, tmp_path):
    """The catalogue says ja/nee; a template that prints the field must not say True or False."""
    root = make_team(tmp_path, book)
    folder = root / "docx_templates"
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("Voor het gezin: {{ ontvanger.is_gezin }}.")
    doc.add_paragraph("{% if ontvanger.is_gezin %}Jullie gesprek{% else %}Uitnodiging{% endif %}")
    doc.save(str(folder / "uitnodiging.docx"))
    team = find_team(team=root)
    made = invitations_for(team, load_caseload(team), "2026-014", MEETING, today=TODAY)
    letters = {p.stem.rsplit(" - ", 1)[-1]: text_of(p) for p in made.written
               if p.suffix == ".docx" and " - " in p.stem and "alles" not in p.stem}
    assert letters["Familie Peeters"] == "Voor het gezin: ja.\nJullie gesprek"
    assert letters["Maria Peeters"] == "Voor het gezin: nee.\nUitnodiging"


def test_printing_yes_or_no_as_ja_or_nee_makes_no_letter_anew():
    """The data a letter was made from hashes as it did when yes and no were Python's bools."""
    from eenplan.docx_templates.context import JaNee
    from eenplan.docx_templates.documents import fingerprint

    assert fingerprint({"is_gezin": JaNee(True), "te_laat": JaNee(False)}) == \
        fingerprint({"is_gezin": True, "te_laat": False})
    assert fingerprint({"is_gezin": JaNee(True)}) != fingerprint({"is_gezin": JaNee(False)})


def test_a_yes_or_no_is_said_in_the_letter_s_language():
    from eenplan.docx_templates.context import JaNee
    from eenplan.dutch import language

    with language("fr"):
        assert (str(JaNee(True)), str(JaNee(False))) == ("oui", "non")
    with language("en"):
        assert str(JaNee(True)) == "yes"
    assert str(JaNee(False)) == "nee"


def test_the_watcher_invites_whoever_the_round_table_names(runner, book, tmp_path):
    """Guests named on Rondetafels.Uitnodigen, none with Netwerk.Uitnodigen = ja: `invite`
    made their letters, and the watcher made none."""
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=datetime.date(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="grootmoeder", invite="nee")
    book.round_table("2026-014", date=MEETING, time=datetime.time(9, 30), location="Huis van het Kind",
                     kind="opvolging", invitees="Maria Peeters")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    result = runner.invoke(cli, ["watch", "--once", "--team", str(tmp_path), *AS_OF])
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx").exists()
