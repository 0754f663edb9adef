"""A begeleider's week whose address the mail server refused for good (a 5xx at RCPT TO) is
remembered for the week, as the digest remembers a mail refused for good: `digest --begeleiders
--send` by hand does not ask the server again until the address on Lijsten or [mail] changes,
or `--opnieuw` asks it all the same. The state keeps hashes, never the name or the address;
through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from eenplan.cli import cli
from eenplan.team.state import State
from tests.test_begeleider_week import AS_OF, D, _book, _team
from tests.test_digest import smtp  # noqa: F401 - the fixture

WRONG = "niet-een-adres"  # Bart Peeters' address on Lijsten


def _bart_book(address: str = WRONG):
    book = _book()
    book.dossier("2026-006", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    if address != WRONG:
        book.lists["E-mail begeleider"] = ["an.claes@voorbeeld.be", address]
    return book


def _send(runner, tmp_path, *more):
    return runner.invoke(cli, ["digest", "--begeleiders", "--send", "--team", str(tmp_path),
                               *AS_OF, *more])


def test_a_refused_address_is_not_asked_again_this_week_until_mended(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    _team(tmp_path, _bart_book(), port=controller.port)
    controller.handler.refuse = WRONG
    first = _send(runner, tmp_path)
    assert first.exit_code == 2, first.output
    assert inbox.asked.count(WRONG) == 1
    again = _send(runner, tmp_path)
    assert again.exit_code == 2, again.output  # still not sent: the address is to mend
    assert inbox.asked.count(WRONG) == 1  # the server is not asked again by hand
    said = " ".join(again.output.split())
    assert "Bart Peeters: niet verstuurd" in said and "23/11/2026" in said and "--opnieuw" in said
    assert (tmp_path / "rapporten" / "Jouw week 2026-W48 - Bart Peeters.eml").is_file()
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        rows = [tuple(row) for row in state.db.execute("SELECT * FROM mails_refused")]
    assert len(rows) == 1 and rows[0][0].startswith("week/2026-W48/")
    assert "Bart" not in repr(rows) and WRONG not in repr(rows)
    retried = _send(runner, tmp_path, "--opnieuw")
    assert retried.exit_code == 2, retried.output
    assert inbox.asked.count(WRONG) == 2  # --opnieuw asks the server all the same
    assert [e.rcpt_tos for e in inbox.envelopes] == [["an.claes@voorbeeld.be"]]  # An's once

    # mended on Lijsten: another address, tried at once, and the memory of the refusal ends
    _bart_book("bart.peeters@voorbeeld.be").save(tmp_path / "Caseload.xlsx")
    mended = _send(runner, tmp_path)
    assert "Bart Peeters: verstuurd." in mended.output, mended.output
    assert ["bart.peeters@voorbeeld.be"] in [e.rcpt_tos for e in inbox.envelopes]
    with State(tmp_path / ".eenplan", root=tmp_path) as state:
        assert state.db.execute("SELECT COUNT(*) FROM mails_refused").fetchone()[0] == 0
