"""What the digest cannot judge is counted one way everywhere, and its HTML part lists as the text
part does.

The tester's case: a pause whose Van reads "31/11/2026", an agreement due "31/11/2026", a Status
"bezig" and a Volgende datum "volgende maand": five cells in three dossiers. The command said "Let
op: 5 dossiers niet te beoordelen" and the subject "5 niet te beoordelen", while the body and
`overdue` said three dossiers.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from eenplan.cli import cli
from eenplan.flows.digest import Unjudged, digest_text
from tests.conftest import TODAY  # 2026-11-23

D = datetime.date
AS_OF = ["--as-of", TODAY.isoformat()]
NO_COUNTS = {"overdue": 0, "due_soon": 0, "paused": 0, "begeleiders": {}, "agreements": {},
             "evaluations": {}, "norms": {}}


def _five_cells_in_three_dossiers(book) -> None:
    book.dossier("2026-001", begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.pause("2026-001", start="31/11/2026")
    book.dossier("2026-002", begeleider="An Claes", registered_on=D(2026, 9, 1),
                 perspective_on=D(2026, 9, 20))
    book.round_table("2026-002", date=D(2026, 9, 25), next_date="volgende maand")
    book.agreement("2026-002", round_table=D(2026, 9, 25), due="31/11/2026", who="Mama", status="open")
    book.dossier("2026-003", begeleider="Bart Peeters", registered_on=D(2026, 9, 1),
                 perspective_on=D(2026, 9, 20))
    book.round_table("2026-003", date=D(2026, 9, 25), next_date="volgende maand")
    book.agreement("2026-003", round_table=D(2026, 9, 25), due=D(2026, 12, 20), who="Papa",
                   status="bezig")


def _team(book, tmp_path: Path) -> Path:
    team = tmp_path / "team"
    team.mkdir()
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Test"\n', encoding="utf-8")
    book.save(team / "Caseload.xlsx")
    return team


def _mail(out: Path) -> email.message.EmailMessage:
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_the_digest_counts_dossiers_in_its_line_subject_body_and_overdue_alike(runner, book, tmp_path):
    _five_cells_in_three_dossiers(book)
    team = _team(book, tmp_path)
    listed = runner.invoke(cli, ["overdue", "--team", str(team), "--format", "json", *AS_OF])
    unknown = [i for i in json.loads(listed.output)["items"] if i["status"] == "unknown"]
    assert len({i["cell"] for i in unknown}) == 5 and len({i["dossier"] for i in unknown}) == 3
    out = tmp_path / "mails"
    result = runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), *AS_OF])
    assert result.exit_code == 1, result.output
    assert re.findall(r"Let op: (\d+) dossiers? niet te beoordelen", result.output) == ["3"]
    message = _mail(out)
    assert re.findall(r"(\d+) dossiers? niet te beoordelen", message["Subject"]) == ["3"]
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert re.findall(r"(\d+) dossiers? niet te beoordelen", text) == ["3"]
    assert "deze 5 cellen" in text
    table = runner.invoke(cli, ["overdue", "--team", str(team), *AS_OF]).output
    assert re.findall(r"Samen: (\d+) dossiers? niet te beoordelen", table) == ["3"]
    assert re.findall(r"(\d+) niet te beoordelen", table) == []  # never a count without its unit
    assert re.findall(r"Bart Peeters: (\d+) dossiers? niet te beoordelen", table) == ["1"]


def test_counts_say_how_many_dossiers_cannot_be_judged():
    unjudged = Unjudged((("2026-001", "Pauzes!B2", "a"), ("2026-002", "Afspraken!H2", "b"),
                         ("2026-002", "Rondetafels!H2", "c"), ("2026-003", "Afspraken!I3", "d"),
                         ("2026-003", "Rondetafels!H3", "e")))
    mail = digest_text(NO_COUNTS, None, today=TODAY, team_name="Team Test", week="2026-W48",
                       unjudged=unjudged, judged=3)
    assert "3 dossiers niet te beoordelen" in mail.subject
    assert "5 niet te beoordelen" not in mail.subject + mail.text
    assert "Verbeter deze 5 cellen" in mail.text


class _Lists(HTMLParser):
    """The <li> texts of an HTML part, and the text of each <p>."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("li", "p"):
            (self.items if tag == "li" else self.paragraphs).append("")
            self._into = self.items if tag == "li" else self.paragraphs

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "p"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def test_the_html_part_lists_the_cells_to_mend_as_a_list(runner, book, tmp_path):
    _five_cells_in_three_dossiers(book)
    team = _team(book, tmp_path)
    out = tmp_path / "mails"
    runner.invoke(cli, ["digest", "--eml", str(out), "--team", str(team), *AS_OF])
    part = _mail(out).get_body(("html",))
    assert part is not None
    page = _Lists()
    page.feed(part.get_content())
    cells = [item for item in page.items if ", cel " in item]
    assert len(cells) == 5
    assert all(re.match(r"2026-00\d, cel \S+ \(", item) for item in cells)
    assert not any(" - 2026-00" in p or p.startswith("- ") for p in page.paragraphs)
