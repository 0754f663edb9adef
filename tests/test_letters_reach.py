"""Letters say how to reach someone, invite whom the round-table names, and print as letters."""

from __future__ import annotations

import datetime
import struct
import zipfile
import zlib
from pathlib import Path

from docx import Document

from eenplan.docx_templates.documents import invitations_for, plan_for, report_for
from eenplan.flows.jobs import check_caseload
from eenplan.sheets.records import NetworkMember, RoundTable, invitees_of
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder
from tests.conftest import TODAY
from tests.test_documents import make_team, text_of

MEETING = datetime.date(2026, 12, 7)


def _with_phones(**contacts: list[str]) -> CaseloadBuilder:
    return CaseloadBuilder(lists={**LISTS, **contacts})


def test_the_begeleiders_phone_and_email_from_lijsten_are_on_every_letter(tmp_path):
    book = _with_phones(**{"Telefoon begeleider": ["0470 11 22 33"],
                           "E-mail begeleider": ["an.claes@voorbeeld.be"]})
    team = find_team(team=make_team(tmp_path, book))
    caseload = load_caseload(team)
    assert caseload.staff_contact("an  claes").phone == "0470 11 22 33"  # An Claes, row 2
    made = (invitations_for(team, caseload, "2026-014", None, today=TODAY)
            + report_for(team, caseload, "2026-014", None, today=TODAY)
            + plan_for(team, caseload, "2026-014", today=TODAY))
    for path in (p for p in made.written if p.suffix == ".docx"):
        assert "0470 11 22 33 of an.claes@voorbeeld.be" in text_of(path), path.name
    assert not [f for f in check_caseload(team, caseload, today=TODAY).findings
                if f.code == "no-contact-on-letters"]


def test_no_phone_and_no_email_anywhere_is_a_warning(tmp_path, book):
    team = find_team(team=make_team(tmp_path, book))
    found = [f for f in check_caseload(team, load_caseload(team), today=TODAY).findings
             if f.code == "no-contact-on-letters"]
    assert [(f.sheet, f.value, f.severity) for f in found] == [("Lijsten", "An Claes", "warning")]
    settings = tmp_path / "eenplan.toml"
    settings.write_text(settings.read_text() + '[briefhoofd]\ntelefoon = "03 111 22 33"\n')
    team = find_team(team=tmp_path)
    caseload = load_caseload(team)
    assert not [f for f in check_caseload(team, caseload, today=TODAY).findings
                if f.code == "no-contact-on-letters"]
    made = invitations_for(team, caseload, "2026-014", None, today=TODAY)
    family = next(p for p in made.written if p.name.endswith("Familie Peeters.docx"))
    assert "An Claes (03 111 22 33)" in text_of(family)


def _member(row: int, name: str, invite: bool | None) -> NetworkMember:
    return NetworkMember(row, "1", name, "", "", "", "", "", "", invite)


def _table(invitees: str) -> RoundTable:
    return RoundTable(2, "1", MEETING, None, "", "", "", "", None, invitees)


def test_invitees_per_round_table_narrow_and_widen_netwerk():
    network = [_member(2, "Maria Peeters", True), _member(3, "Els Maes", True),
               _member(4, "Tom Leerkracht", False)]
    assert [m.name for m in invitees_of(_table(""), network)[0]] == ["Maria Peeters", "Els Maes"]
    chosen, unknown = invitees_of(_table("tom; maria peeters, Niemand"), network)
    assert [m.name for m in chosen] == ["Maria Peeters", "Tom Leerkracht"]
    assert unknown == ("Niemand",)


def test_invite_follows_rondetafels_uitnodigen_and_check_names_a_stranger(tmp_path, book):
    book.round_table("2026-014", date=datetime.date(2026, 12, 21), invitees="Jan Niet, Onbekend")
    team = find_team(team=make_team(tmp_path, book))
    caseload = load_caseload(team)
    made = invitations_for(team, caseload, "2026-014", datetime.date(2026, 12, 21), today=TODAY)
    letters = sorted(p.name for p in made.written if " - " in p.name and "af te drukken" not in p.name)
    assert letters == ["2026-12-21 Uitnodiging rondetafel - Familie Peeters.docx",
                       "2026-12-21 Uitnodiging rondetafel - Jan Niet.docx"]
    found = [f for f in check_caseload(team, caseload, today=TODAY).findings
             if f.code == "unknown-invitee"]
    assert [(f.sheet, f.cell) for f in found] == [("Rondetafels", "I2")]


def _png(path: Path) -> Path:
    """A 2x2 PNG, written by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x1f\x5c\x7a" * 2 for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_the_logo_from_the_team_folder_is_in_the_letterhead(tmp_path, book):
    root = make_team(tmp_path, book)
    _png(root / "logo.png")
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n[briefhoofd]\nlogo = "logo.png"\n')
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    with zipfile.ZipFile(made.written[0]) as document:
        assert [n for n in document.namelist() if n.startswith("word/media/")]
    without = tmp_path / "zonder"
    without.mkdir()
    root = make_team(without, CaseloadBuilder())
    team = find_team(team=root)
    made = report_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    with zipfile.ZipFile(made.written[0]) as document:
        assert not [n for n in document.namelist() if n.startswith("word/media/")]


def test_each_letter_in_the_print_file_is_a_section_numbered_from_1(tmp_path, book):
    team = find_team(team=make_team(tmp_path, book))
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    printed = next(p for p in made.written if "af te drukken" in p.name)
    sections = Document(str(printed)).sections
    assert len(sections) == 3  # the family's letter and two network members'
    for section in sections:
        numbering = section._sectPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType")
        assert numbering is not None
        assert numbering.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"
