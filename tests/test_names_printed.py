"""Names as the family's documents print them: "Fatma Demir" of a Naam typed "Demir, Fatma" (the
form the README allows), and the begeleider as Lijsten writes the name, however the Begeleider
cell typed it. File names and eenplan's memory of a letter keep the name as typed."""

from __future__ import annotations

import pytest

from eenplan.docx_templates.documents import invitations_for, plan_for
from eenplan.sheets.names import display_name
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team
from tests.builders import LISTS, CaseloadBuilder
from tests.conftest import TODAY
from tests.test_documents import make_team, text_of


@pytest.mark.parametrize(("typed", "printed"), [
    ("Demir, Fatma", "Fatma Demir"),
    ("  Van den Broeck ,  Marie-Thérèse ", "Marie-Thérèse Van den Broeck"),
    ("Maria  Peeters", "Maria Peeters"),
    ("Peeters, Maria, Jan", "Peeters, Maria, Jan"),  # no Achternaam, Voornaam to go by
    ("Peeters,", "Peeters,"),
])
def test_a_name_typed_surname_first_with_a_comma_is_printed_first_name_first(typed, printed):
    assert display_name(typed) == printed


def test_letters_and_plan_print_fatma_demir_and_keep_the_file_name_as_typed(book, tmp_path):
    root = make_team(tmp_path, book)
    book.network("2026-014", name="Demir, Fatma", role="Buur", invite="ja")
    book.network("2026-014", name="Peeters, Sofie", role="Gezin", invite="nee")
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    caseload = load_caseload(team)

    invitations_for(team, caseload, "2026-014", None, today=TODAY)
    plan = plan_for(team, caseload, "2026-014", today=TODAY)

    # the file keeps the name as typed: a letter made before is the same letter
    letter = text_of(root / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Demir, Fatma.docx")
    assert "Fatma Demir" in letter and "Demir, Fatma" not in letter
    made = text_of(next(p for p in plan.written if p.suffix == ".docx"))
    assert "Fatma Demir" in made and "Sofie Peeters" in made  # Ons netwerk; under a signature line
    assert "Demir, Fatma" not in made and "Peeters, Sofie" not in made


def test_the_begeleider_is_printed_as_lijsten_writes_the_name(tmp_path):
    book = CaseloadBuilder(lists={**LISTS, "Telefoon begeleider": ["0470 11 22 33"]})
    root = make_team(tmp_path, book)
    book.rows["Dossiers"][0]["begeleider"] = " an  claes "
    book.save(root / "Caseload.xlsx")
    team = find_team(team=root)
    caseload = load_caseload(team)

    made = (invitations_for(team, caseload, "2026-014", None, today=TODAY)
            + plan_for(team, caseload, "2026-014", today=TODAY))

    for path in (p for p in made.written if p.suffix == ".docx"):
        text = text_of(path)
        assert "0470 11 22 33" in text, path.name  # Lijsten's row was found ...
        assert "An Claes" in text and "an claes" not in text, path.name  # ... and its spelling printed
