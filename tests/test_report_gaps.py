"""What eenplan makes for families and teams, where a tester found a gap: a report of a round-table
with nothing recorded, "We noteerden geen afspraken" under updates, an agreement typed twice, a
"we" for an agreement without Wie in the children's plan, a letter to post without an address."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.sheets.schema import DOSSIERS_SCHEMA
from tests.conftest import check_book, found

D = datetime.date
AS_OF = ["--as-of", "2026-11-23"]
FIRST, AGAIN = D(2026, 10, 5), D(2026, 11, 4)
MORNINGS = dict(domain="Opvoeding", goal="Rustige ochtenden", action="Een ochtendschema maken", who="Mama")


def _text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] +
                     [" | ".join(c.text for c in r.cells) for t in doc.tables for r in t.rows])


def _dossier(book, language: str = "") -> None:
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 10), language=language)


def _made(runner, path: Path, *args: str) -> tuple[int, str, list[Path]]:
    result = runner.invoke(cli, [*args, "--workbook", str(path), *AS_OF])
    out = path.parent / "out" / "2026-001"
    return result.exit_code, result.output, sorted(out.glob("*.docx")) if out.exists() else []


# -- 1. a round-table with nothing recorded ----------------------------------------------------


def test_the_report_of_a_round_table_with_nothing_recorded_is_refused(runner, book, tmp_path):
    _dossier(book)
    book.round_table("2026-001", date=FIRST, kind="start", location="Thuis", next_date=AGAIN)
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "report", "2026-001")
    assert code == 2, output
    assert "F2" in output and "G2" in output and "Traceback" not in output  # Aanwezig, Verslag
    assert made == []


@pytest.mark.parametrize("recorded", [{"present": "Mama, oma"}, {"notes": "We bespraken de ochtenden."},
                                      {"agreement": True}])
def test_a_round_table_with_something_recorded_gets_its_report(runner, book, tmp_path, recorded):
    _dossier(book)
    cells = {k: v for k, v in recorded.items() if k != "agreement"}
    book.round_table("2026-001", date=FIRST, kind="start", **cells)
    if "agreement" in recorded:
        book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open", **MORNINGS)
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "report", "2026-001")
    assert code == 0, output
    assert len(made) == 1


def test_the_report_of_todays_round_table_with_nothing_yet_is_made_with_a_note(runner, book, tmp_path):
    _dossier(book)
    book.round_table("2026-001", date=D(2026, 11, 23), kind="start")
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "report", "2026-001")
    assert code == 0, output
    assert len(made) == 1 and "Let op" in output and "23/11/2026" in output


# -- 2. a round-table that only closed earlier agreements --------------------------------------


@pytest.mark.parametrize(("language", "said", "not_said"), [
    ("", "We maakten geen nieuwe afspraken.", "We noteerden geen afspraken."),
    ("fr", "Nous n'avons pas pris de nouveaux accords.", "Nous n'avons rien noté."),
    ("en", "We made no new agreements.", "We wrote down no agreements."),
])
def test_a_report_that_only_closed_earlier_agreements_does_not_say_nothing_was_agreed(
        runner, book, tmp_path, language, said, not_said):
    _dossier(book, language)
    book.round_table("2026-001", date=FIRST, kind="start", notes="Start.")
    book.round_table("2026-001", date=AGAIN, kind="opvolging", notes="Het schema werkt.")
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 10, 30), status="open", **MORNINGS)
    book.agreement("2026-001", round_table=AGAIN, due=D(2026, 10, 30), status="klaar", **MORNINGS)
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "report", "2026-001")
    assert code == 0, output
    text = _text(made[0])
    assert said in text and not_said not in text
    assert "05/10/2026 | Een ochtendschema maken" in text  # the update it lists


def test_a_report_with_nothing_agreed_at_all_still_says_so(runner, book, tmp_path):
    _dossier(book)
    book.round_table("2026-001", date=FIRST, kind="start", notes="Kennismaking.")
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "report", "2026-001")
    assert code == 0, output
    assert "We noteerden geen afspraken." in _text(made[0])


# -- 3. an agreement typed twice at one round-table ----------------------------------------------


def _typed_twice(book) -> None:
    _dossier(book)
    book.round_table("2026-001", date=FIRST, kind="start", notes="Start.")
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open", **MORNINGS)
    # the same, typed again without its Levensdomein and Doel
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open",
                   action="een ochtendschema maken ", who="mama")
    # another goal with the same action is another agreement
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open",
                   **{**MORNINGS, "goal": "Op tijd op school"})


def test_the_report_and_the_plan_show_an_agreement_typed_twice_once(runner, book, tmp_path):
    _typed_twice(book)
    path = book.save(tmp_path / "Caseload.xlsx")
    code, output, made = _made(runner, path, "report", "2026-001")
    assert code == 0, output
    rows = [line for line in _text(made[0]).splitlines() if "20/12/2026" in line]
    assert rows == ["Rustige ochtenden | Een ochtendschema maken | Mama |  | 20/12/2026",
                    "Op tijd op school | Een ochtendschema maken | Mama |  | 20/12/2026"]
    code, output, made = _made(runner, path, "plan", "2026-001")
    assert code == 0, output
    (plan,) = [p for p in made if "Gezinsplan" in p.name]
    assert _text(plan).lower().count("een ochtendschema maken | mama") == 2


def test_check_warns_of_an_agreement_typed_twice(book, tmp_path):
    _typed_twice(book)
    assert found(check_book(book, tmp_path), "duplicate-agreement") == [("Afspraken", "E3")]


def test_the_same_agreement_at_a_later_round_table_is_no_duplicate(book, tmp_path):
    _dossier(book)
    book.round_table("2026-001", date=FIRST, kind="start", notes="Start.")
    book.round_table("2026-001", date=AGAIN, kind="opvolging", notes="Verder.")
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open", **MORNINGS)
    book.agreement("2026-001", round_table=AGAIN, due=D(2026, 12, 20), status="lopend", **MORNINGS)
    assert found(check_book(book, tmp_path), "duplicate-agreement") == []


# -- 4. the children's plan does not invent "we" ---------------------------------------------------


@pytest.mark.parametrize(("language", "invented"), [("", "We: "), ("fr", "Nous : "), ("en", "We: ")])
def test_the_childrens_plan_names_no_one_for_an_agreement_without_wie(
        runner, book, tmp_path, language, invented):
    _dossier(book, language)
    book.network("2026-001", name="Lotte Peeters", role="Gezin", relation="dochter")
    book.round_table("2026-001", date=FIRST, kind="start", notes="Start.")
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open",
                   domain="Opvoeding", action="Een ochtendschema maken")
    book.agreement("2026-001", round_table=FIRST, due=D(2026, 12, 20), status="open",
                   domain="Vrije tijd", action="Een sportclub zoeken", who="Papa")
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "plan", "2026-001", "--kind")
    assert code == 0, output
    text = _text(made[0])
    assert invented not in text
    assert "Een ochtendschema maken." in text
    assert ("Papa : Een sportclub zoeken." if language == "fr" else "Papa: Een sportclub zoeken.") in text


# -- 5. a letter to post without an address ---------------------------------------------------------


def _guests(book) -> None:
    # the family has an address: its own letter can go (family-without-address is not this test's)
    book.dossier("2026-001", begeleider="An Claes", perspective_on=D(2026, 9, 10),
                 address="Dorpsstraat 3, 2950 Kapellen")
    book.network("2026-001", name="Els Maes", role="Buur", invite="ja")  # row 2: nothing to post to
    book.network("2026-001", name="Tom Peeters", role="Leerkracht", invite="ja",
                 address="Kerkstraat 1, 2950 Kapellen")
    book.network("2026-001", name="Sofie Claes", role="Hulpverlener", invite="ja",
                 email="sofie@voorbeeld.be")
    book.network("2026-001", name="Jef Maes", role="Grootouder", invite="nee")  # gets no letter
    book.round_table("2026-001", date=D(2026, 12, 7), time=datetime.time(14, 0), kind="start")


def test_check_warns_of_a_guest_without_an_address_or_an_email(book, tmp_path):
    _guests(book)
    assert found(check_book(book, tmp_path), "guest-without-address") == [("Netwerk", "H2")]


def test_the_invitations_say_which_guest_has_no_address(runner, book, tmp_path):
    _guests(book)
    code, output, made = _made(runner, book.save(tmp_path / "Caseload.xlsx"), "invite", "2026-001")
    assert code == 0, output
    notes = [line for line in output.splitlines() if line.startswith("Let op")]
    assert len(notes) == 1 and "Els Maes" in notes[0] and "rij 2" in notes[0]


# -- the family's own letter with nowhere to go ---------------------------------------------------


def _families(book) -> None:
    ahead, held = D(2026, 12, 7), D(2026, 10, 5)
    for number, cells in (
            ("2026-001", {}),  # nothing: its letter can go nowhere (row 2)
            ("2026-002", {"email": "gezin@voorbeeld.be"}),  # an e-mail: the team can send it on
            ("2026-003", {}),  # an address on its own row on Netwerk (Rol Gezin)
            ("2026-004", {}),  # no round-table to come: no letter
            ("2026-005", {"closed_on": D(2026, 11, 1), "closure_reason": "Doel bereikt"}),
            ("2026-006", {}),  # an address on a guest's row is not the family's (row 7)
            ("2026-007", {"address": "Kerkstraat 1, 2950 Kapellen"})):
        book.dossier(number, begeleider="An Claes", perspective_on=D(2026, 9, 10), **cells)
        book.round_table(number, date=held if number == "2026-004" else ahead, time=datetime.time(14, 0))
    book.network("2026-003", name="Sarah Peeters", role="Gezin", relation="mama",
                 address="Dorpsstraat 3, 2950 Kapellen")
    book.network("2026-006", name="Els Maes", role="Buur", invite="ja",
                 address="Dorpsstraat 5, 2950 Kapellen")
    book.network("2026-001", name="Lotte Peeters", role="Gezin", relation="dochter")  # no address either


def test_check_warns_of_a_family_without_an_address_or_an_email_whose_round_table_comes(book, tmp_path):
    _families(book)
    report = check_book(book, tmp_path)
    assert found(report, "family-without-address") == [("Dossiers", "N2"), ("Dossiers", "N7")]
    assert {f.severity for f in report.findings if f.code == "family-without-address"} == {"warning"}
    assert [f.dossier for f in report.findings if f.code == "family-without-address"] == [
        "2026-001", "2026-006"]


def test_the_invitations_say_the_family_s_letter_cannot_be_posted(runner, book, tmp_path):
    _families(book)
    path = book.save(tmp_path / "Caseload.xlsx")
    for number, told in (("2026-001", True), ("2026-003", False), ("2026-007", False)):
        result = runner.invoke(cli, ["invite", number, "--workbook", str(path), *AS_OF])
        assert result.exit_code == 0, result.output
        notes = [line for line in result.output.splitlines()
                 if line.startswith("Let op") and "blad Dossiers" in line]
        assert len(notes) == (1 if told else 0), (number, result.output)


def test_without_an_adres_column_on_dossiers_check_says_it_could_not_look(book, tmp_path):
    _families(book)
    book.with_headers("Dossiers", [c.header for c in DOSSIERS_SCHEMA.columns if c.header != "Adres"])
    report = check_book(book, tmp_path)
    assert not found(report, "family-without-address")
    assert [(u.sheet, u.column, u.codes) for u in report.unchecked] == [
        ("Dossiers", "Adres", ("family-without-address",))]
