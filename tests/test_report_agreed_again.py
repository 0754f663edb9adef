"""The report of a round-table that took earlier agreements up again, as the family reads it.

The testers' case: "Een afspraak maken" (Pieter), agreed on 26/08 against 30/09, taken up again
on 04/11 with Status klaar, as the README says to. The report of 04/11 said under "Hoe staan de
afspraken van vorige keer?" that it was "te laat (sinds 30/09/2026)", and listed it again under
"Wat we afspraken" against 30/09, while its own text said papa went to the doctor. Now each
earlier agreement is there once, with where it stands at this round-table; under "Wat we
afspraken" only what this round-table agreed and is still to do."""

from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document

from eenplan.cli import cli

D = datetime.date
START, FOLLOW_UP = D(2026, 8, 26), D(2026, 11, 4)
DOCTOR = dict(domain="Gezondheid", goal="Papa gaat naar de dokter", action="Een afspraak maken",
              who="Pieter", support="Ayşe")
SCHOOL = dict(domain="Onderwijs", goal="Elif gaat graag naar school", action="Gesprek met de juf",
              who="Ayşe", support="")
SPORT = dict(domain="Vrije tijd", goal="Elif sport", action="Een club zoeken", who="Pieter", support="")
GRANNY = dict(domain="Sociaal netwerk", goal="Oma helpt op woensdag", action="Elif ophalen",
              who="Hilde Verstraeten", support="")


def family(book, tmp_path: Path, *agreements: dict, language: str = "") -> Path:
    book.dossier("2026-302", family="Familie De Smet-Çelik", begeleider="An Claes",
                 registered_on=D(2026, 6, 1), perspective_on=D(2026, 6, 20), language=language)
    book.round_table("2026-302", date=START, kind="start", notes="Start.", next_date=FOLLOW_UP)
    book.round_table("2026-302", date=FOLLOW_UP, kind="opvolging", notes="Papa ging naar de dokter.",
                     next_date=D(2027, 1, 13))
    for cells in agreements:
        book.agreement("2026-302", **cells)
    return book.save(tmp_path / "Caseload.xlsx")


def the_testers(*more: dict) -> tuple[dict, ...]:
    return ({**DOCTOR, "round_table": START, "due": D(2026, 9, 30), "status": "lopend"},
            {**DOCTOR, "round_table": FOLLOW_UP, "due": D(2026, 9, 30), "status": "klaar"},
            {**GRANNY, "round_table": FOLLOW_UP, "due": D(2026, 12, 31), "status": "open"},
            *more)


def report_tables(runner, path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The rows (without their header) of the report's two tables: the agreements of last time and
    the agreements made; the report of 04/11 made on 30/11."""
    result = runner.invoke(cli, ["report", "2026-302", "--workbook", str(path), "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    [made] = (path.parent / "out" / "2026-302").glob("2026-11-04 *.docx")
    tables = [[[c.text for c in r.cells] for r in t.rows[1:]] for t in Document(str(made)).tables]
    assert len(tables) == 2, tables
    return tables[0], tables[1]


def test_an_agreement_closed_at_this_round_table_is_klaar_and_said_once(runner, book, tmp_path):
    earlier, agreed = report_tables(runner, family(book, tmp_path, *the_testers()))
    assert earlier == [["26/08/2026", "Een afspraak maken", "Pieter", "30/09/2026", "klaar"]]
    assert agreed == [["Oma helpt op woensdag", "Elif ophalen", "Hilde Verstraeten", "", "31/12/2026"]]


def test_an_agreement_agreed_again_with_a_new_date_says_so_and_is_among_what_we_agreed(
        runner, book, tmp_path):
    renewed = ({**SCHOOL, "round_table": START, "due": D(2026, 10, 15), "status": "lopend"},
               {**SCHOOL, "round_table": FOLLOW_UP, "due": D(2027, 1, 15), "status": "lopend"})
    late = {**SPORT, "round_table": START, "due": D(2026, 10, 1), "status": "open"}  # not taken up
    earlier, agreed = report_tables(runner, family(book, tmp_path, *the_testers(*renewed, late)))
    assert earlier == [
        ["26/08/2026", "Een afspraak maken", "Pieter", "30/09/2026", "klaar"],
        ["26/08/2026", "Gesprek met de juf", "Ayşe", "15/10/2026", "opnieuw afgesproken, tegen 15/01/2027"],
        ["26/08/2026", "Een club zoeken", "Pieter", "01/10/2026", "te laat (sinds 01/10/2026)"],
    ]
    assert [row[1:] for row in agreed] == [
        ["Elif ophalen", "Hilde Verstraeten", "", "31/12/2026"],
        ["Gesprek met de juf", "Ayşe", "", "15/01/2027"],
    ]


def test_agreed_again_against_a_date_already_past_is_still_late(runner, book, tmp_path):
    # taken up again, still open, its date unchanged and passed: nothing to hide it behind
    again = ({**SCHOOL, "round_table": START, "due": D(2026, 10, 15), "status": "lopend"},
             {**SCHOOL, "round_table": FOLLOW_UP, "due": D(2026, 10, 15), "status": "lopend"})
    earlier, agreed = report_tables(runner, family(book, tmp_path, *again))
    assert earlier == [
        ["26/08/2026", "Gesprek met de juf", "Ayşe", "15/10/2026", "te laat (sinds 15/10/2026)"]]
    assert [row[1] for row in agreed] == ["Gesprek met de juf"]


def test_the_report_in_french_and_english_says_it_in_their_words(runner, book, tmp_path):
    renewed = ({**SCHOOL, "round_table": START, "due": D(2026, 10, 15), "status": "lopend"},
               {**SCHOOL, "round_table": FOLLOW_UP, "due": D(2027, 1, 15), "status": "lopend"})
    stands = {}
    for code in ("fr", "en"):
        folder = tmp_path / code
        folder.mkdir()
        earlier, agreed = report_tables(runner, family(type(book)(), folder, *the_testers(*renewed),
                                                       language=code))
        stands[code] = [row[-1] for row in earlier]
        assert [row[1] for row in agreed] == ["Elif ophalen", "Gesprek met de juf"]
    assert stands == {"fr": ["fait", "convenu à nouveau, pour le 15/01/2027"],
                      "en": ["done", "agreed again, by 15/01/2027"]}


def test_the_plan_of_that_round_table_says_the_same(runner, book, tmp_path):
    renewed = ({**SCHOOL, "round_table": START, "due": D(2026, 10, 15), "status": "lopend"},
               {**SCHOOL, "round_table": FOLLOW_UP, "due": D(2027, 1, 15), "status": "lopend"})
    # the plan of 10/11: each agreement once, in its version of 04/11
    path = family(book, tmp_path, *the_testers(*renewed))
    book.rows["Dossiers"][-1]["plan_on"] = D(2026, 11, 10)
    book.save(path)
    result = runner.invoke(cli, ["plan", "2026-302", "--workbook", str(path), "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    [made] = (path.parent / "out" / "2026-302").glob("*Gezinsplan*.docx")
    rows = [[c.text for c in r.cells] for t in Document(str(made)).tables for r in t.rows[1:]
            if len(r.cells) == 5]
    assert sorted((row[0], row[3], row[4]) for row in rows) == [
        ("Een afspraak maken", "30/09/2026", "klaar"),
        ("Elif ophalen", "31/12/2026", "open"),
        ("Gesprek met de juf", "15/01/2027", "lopend"),
    ]
