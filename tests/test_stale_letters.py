"""A guest no longer invited to a round-table that is still there (Uitnodigen = nee, the row on
Netwerk gone, the name changed): the letter eenplan made for them earlier gets "(vervallen)" in
its name when the letters are made again, by `eenplan invite` and by the watcher, and is said;
one a person changed in Word is left as it is, and said. Before, it lay beside the current
letters without a word, ready to be posted to someone no longer invited."""

from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates.documents import invitations_for
from eenplan.files import sha256_of
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from eenplan.watcher.run import run_once
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

D = datetime.date
MEETING = D(2026, 12, 11)
LETTER = "2026-12-11 Uitnodiging rondetafel - {}.docx"


def _book(lisa: str | None = "ja", daisy: str = "Daisy Claes") -> CaseloadBuilder:
    book = CaseloadBuilder()
    book.dossier("2026-114", family="Familie Peeters", begeleider="An Claes",
                 registered_on=D(2026, 10, 1), perspective_on=D(2026, 10, 20))
    book.network("2026-114", name="Maria Peeters", role="Gezin", relation="mama", invite="ja")
    if lisa is not None:
        book.network("2026-114", name="Lisa Verfaillie", role="Buur", relation="buurvrouw",
                     invite=lisa, address="Dorp 1, 2960 Brecht")
    book.network("2026-114", name=daisy, role="Hulpverlener", relation="CLB", invite="ja",
                 address="Schoolstraat 2, 2960 Brecht")
    book.round_table("2026-114", date=MEETING, time=datetime.time(14, 0), location="Bij het gezin",
                     kind="opvolging")
    return book


def _team(tmp_path: Path) -> Path:
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    _book().save(tmp_path / "Caseload.xlsx")
    return tmp_path


def _invite(root: Path, book: CaseloadBuilder | None = None):
    if book is not None:
        book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    return invitations_for(team, load_caseload(team), "2026-114", None, today=TODAY)


def _names(root: Path) -> set[str]:
    return {p.name for p in (root / "out" / "2026-114").iterdir()}


def _guests_in_print_file(root: Path) -> str:
    printed = root / "out" / "2026-114" / "2026-12-11 Uitnodigingen rondetafel - alles om af te drukken.docx"
    return "\n".join(p.text for p in Document(str(printed)).paragraphs)


def test_a_guest_no_longer_invited_has_her_letter_marked_void(tmp_path):
    root = _team(tmp_path)
    _invite(root)
    folder = root / "out" / "2026-114"
    lisa = folder / LETTER.format("Lisa Verfaillie")
    made_as = sha256_of(lisa)

    made = _invite(root, _book(lisa="nee"))
    void = folder / "2026-12-11 Uitnodiging rondetafel - Lisa Verfaillie (vervallen).docx"
    assert made.outdated == (void,) and made.stale == ()
    assert not lisa.exists() and sha256_of(void) == made_as  # moved as it was, not deleted
    assert LETTER.format("Daisy Claes") in _names(root)  # the others stay where they are
    assert "Verfaillie" not in _guests_in_print_file(root)

    again = _invite(root)  # said once: the letter is known as void now
    assert again.outdated == () and again.stale == () and again.written == ()
    assert void.is_file()

    back = _invite(root, _book(lisa="ja"))  # invited again: a new letter at her name
    assert lisa in back.written and void.is_file() and back.outdated == ()


def test_a_guest_whose_row_is_gone_has_her_letter_marked_void(tmp_path):
    root = _team(tmp_path)
    _invite(root)
    made = _invite(root, _book(lisa=None))
    assert [p.name for p in made.outdated] == [
        "2026-12-11 Uitnodiging rondetafel - Lisa Verfaillie (vervallen).docx"]


def test_a_renamed_guest_has_one_letter_in_the_folder(tmp_path):
    root = _team(tmp_path)
    _invite(root)
    made = _invite(root, _book(daisy="Mevrouw Daisy Claes"))
    assert [p.name for p in made.outdated] == [
        "2026-12-11 Uitnodiging rondetafel - Daisy Claes (vervallen).docx"]
    letters = sorted(n for n in _names(root) if "Claes" in n)
    assert letters == ["2026-12-11 Uitnodiging rondetafel - Daisy Claes (vervallen).docx",
                       "2026-12-11 Uitnodiging rondetafel - Mevrouw Daisy Claes.docx"]


def test_a_void_letter_changed_by_hand_is_left_and_named(tmp_path):
    root = _team(tmp_path)
    _invite(root)
    lisa = root / "out" / "2026-114" / LETTER.format("Lisa Verfaillie")
    document = Document(str(lisa))
    document.add_paragraph("PS: ik breng taart mee.")
    document.save(str(lisa))
    edited = sha256_of(lisa)

    made = _invite(root, _book(lisa="nee"))
    assert made.stale == (lisa,) and made.outdated == ()
    assert sha256_of(lisa) == edited  # never moved, never changed
    assert not any("(vervallen)" in n for n in _names(root))


def test_invite_names_the_void_letter(tmp_path, runner):
    root = _team(tmp_path)
    args = ["invite", "2026-114", "--team", str(root), "--as-of", TODAY.isoformat()]
    assert runner.invoke(cli, args).exit_code == 0
    _book(lisa="nee").save(root / "Caseload.xlsx")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "2026-12-11 Uitnodiging rondetafel - Lisa Verfaillie (vervallen).docx" in result.output
    assert "(vervallen)" in result.output and "Traceback" not in result.output


def test_the_watcher_marks_void_letters_and_counts_them_without_names(tmp_path):
    root = _team(tmp_path)
    start = datetime.datetime(2026, 11, 23, 9, 0)
    run_once(find_team(team=root), now=start)
    assert LETTER.format("Lisa Verfaillie") in _names(root)

    _book(lisa="nee", daisy="Mevrouw Daisy Claes").save(root / "Caseload.xlsx")
    result = run_once(find_team(team=root), now=start + datetime.timedelta(hours=1))
    assert result.outdated == 2 and result.stale == 0
    assert {n for n in _names(root) if "(vervallen)" in n} == {
        "2026-12-11 Uitnodiging rondetafel - Lisa Verfaillie (vervallen).docx",
        "2026-12-11 Uitnodiging rondetafel - Daisy Claes (vervallen).docx"}
    said = "\n".join(result.lines())
    assert "2026-114" in said and "(vervallen)" in said
    assert "Lisa" not in said and "Daisy" not in said and "Verfaillie" not in said
    log = (root / ".eenplan" / "logs")
    logged = "\n".join(p.read_text(encoding="utf-8") for p in log.glob("*")) if log.is_dir() else ""
    assert "Verfaillie" not in logged

    quiet = run_once(find_team(team=root), now=start + datetime.timedelta(hours=2))
    assert quiet.outdated == 0


def test_the_watcher_leaves_a_void_letter_changed_by_hand_and_says_so(tmp_path):
    root = _team(tmp_path)
    start = datetime.datetime(2026, 11, 23, 9, 0)
    run_once(find_team(team=root), now=start)
    lisa = root / "out" / "2026-114" / LETTER.format("Lisa Verfaillie")
    document = Document(str(lisa))
    document.add_paragraph("PS: ik breng taart mee.")
    document.save(str(lisa))
    edited = sha256_of(lisa)

    _book(lisa="nee").save(root / "Caseload.xlsx")
    result = run_once(find_team(team=root), now=start + datetime.timedelta(hours=1))
    assert result.stale == 1 and result.stale_in == ("2026-114",) and result.outdated == 0
    assert sha256_of(lisa) == edited
    said = "\n".join(result.lines())
    assert "LET OP" in said and "2026-114" in said and "Verfaillie" not in said
