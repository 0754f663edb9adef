"""`eenplan plan DOSSIER --kind` for a dossier with no child on Netwerk: the children's plan
greets no one ("Hallo!"); it is made (a team may keep its children off Netwerk), with a "Let op"
that says why and what to do, never as if all were in order."""

from __future__ import annotations

from eenplan.cli import cli
from tests.conftest import TODAY
from tests.test_documents import make_team

AS_OF = ["--as-of", TODAY.isoformat()]


def test_a_childrens_plan_without_a_child_on_netwerk_says_let_op(runner, book, tmp_path):
    root = make_team(tmp_path, book)  # grandmother and neighbours, no child

    result = runner.invoke(cli, ["plan", "2026-014", "--kind", "--team", str(root), *AS_OF])

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Let op:" in said and "Kind of jongere" in said
    assert list((root / "out" / "2026-014").glob("* Kindplan.docx"))

    book.network("2026-014", name="Lotte Peeters", role="Gezin", relation="dochter", invite="nee")
    book.save(root / "Caseload.xlsx")
    again = runner.invoke(cli, ["plan", "2026-014", "--kind", "--team", str(root), *AS_OF])
    assert again.exit_code == 0, again.output
    assert "Kind of jongere" not in " ".join(again.output.split())  # Lotte is a child of the family
