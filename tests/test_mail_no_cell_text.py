"""The weekly mails name a cell to mend, never what it holds: a social worker who typed a note in a
date cell ("Familie Verschueren gebeld, mama (0478 55 66 77) belt terug") saw it copied into the
coordinators' digest and the begeleider's week, mails that leave the team folder (a tester's
find; the README promises dossier numbers only). `eenplan overdue` and the attachment still say
what is wrong with the cell."""

from __future__ import annotations

import datetime
import email
import email.policy
from pathlib import Path

from eenplan.cli import cli
from tests.builders import CaseloadBuilder
from tests.conftest import TODAY

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
NOTE = "Familie Verschueren gebeld, mama (0478 55 66 77) belt terug"


def _team(tmp_path: Path) -> Path:
    book = CaseloadBuilder()
    book.dossier("2026-117", begeleider="An Claes", registered_on=D(2026, 9, 1), perspective_on=NOTE)
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    return tmp_path


def _bodies(folder: Path) -> list[str]:
    texts = []
    for eml in folder.glob("*.eml"):
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        texts += [part.get_content() for part in message.walk() if part.get_content_type() in
                  ("text/plain", "text/html")]
    return texts


def test_the_digest_and_the_week_name_the_cell_and_not_what_it_holds(runner, tmp_path):
    root = _team(tmp_path)
    out = tmp_path / "mails"
    digest = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(root), *AS_OF])
    weeks = runner.invoke(cli, ["digest", "--begeleiders", "--eml", str(out), "--team", str(root), *AS_OF])
    assert "Traceback" not in digest.output + weeks.output
    bodies = _bodies(out)
    assert len(bodies) >= 3  # the digest's text and HTML, the week's text
    for body in bodies:
        assert "Verschueren" not in body and "0478" not in body
    assert any("2026-117" in body and "cel " in body for body in bodies)
    overdue = runner.invoke(cli, ["overdue", "--team", str(root), *AS_OF])
    assert "Verschueren" in overdue.output  # in the team folder, what is wrong is still said
