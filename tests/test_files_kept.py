"""A document someone edited is never overwritten (DESIGN §2): the partnership's report of
`eenplan stats samenvoegen --naar MAP`, and the digest's .eml files in rapporten/ and in
`--eml MAP`. In a team's rapporten/, as the reports: a file eenplan wrote and nobody changed is
replaced, one someone changed is kept and the new one goes to the next free name, said in one
sentence. Elsewhere (a folder of the partnership's coordinator, with no team's state to remember
what eenplan wrote) only a file with the very same bytes is replaced."""

from __future__ import annotations

import datetime
import json

from eenplan.cli import cli
from eenplan.privacy.traces import eenplan_mails
from eenplan.team.folder import find_team
from eenplan.watcher.loop import Watcher
from tests.test_begeleider_week import AS_OF, D, _book
from tests.test_begeleider_week import _team as _week_team
from tests.test_digest import PASSWORD_ENV, _free_port, smtp  # noqa: F401 - the fixture
from tests.test_digest import _team as _mail_team
from tests.test_stats_figures import TODAY
from tests.test_stats_regional import region
from tests.watching import FAST

TODAY_DIGEST = "2026-11-23"  # a Monday, ISO week 48


def _regions(tmp_path, zuid: str = "Team Zuid"):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(region("Team Noord")), encoding="utf-8")
    second.write_text(json.dumps(region(zuid)), encoding="utf-8")
    return [str(first), str(second)]


def _combine(runner, files, folder):
    result = runner.invoke(cli, ["stats", "samenvoegen", *files, "--naar", str(folder),
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _one(folder):
    (written,) = folder.glob("Statistiek *Samenwerkingsverband.xlsx")
    return written


def test_samenvoegen_elsewhere_keeps_a_file_it_cannot_know_is_its_own(runner, tmp_path):
    files, out = _regions(tmp_path), tmp_path / "stuurgroep"
    _combine(runner, files, out)
    report = _one(out)
    made = report.read_bytes()
    again = _combine(runner, files, out)  # the very same report: replaced, no second file
    assert [p.name for p in out.iterdir()] == [report.name] and report.read_bytes() == made
    assert "liet" not in again
    report.write_bytes(made + b"aangepast in Excel")  # a person's work at that name
    files = _regions(tmp_path, zuid="Team Zuidrand")  # another report
    said = _combine(runner, files, out)
    assert report.read_bytes() == made + b"aangepast in Excel"  # never overwritten
    second = out / report.name.replace(".xlsx", " (2).xlsx")
    assert second.is_file() and second.read_bytes() != made
    assert report.name in said and second.name in said  # said in one sentence, with both names


def test_samenvoegen_into_a_teams_rapporten_replaces_its_own_and_keeps_a_changed_one(runner, tmp_path):
    team = tmp_path / "Team Noord"
    (team / "rapporten").mkdir(parents=True)
    (team / "eenplan.toml").write_text('[team]\nnaam = "Team Noord"\n', encoding="utf-8")
    out = team / "rapporten"
    _combine(runner, _regions(tmp_path), out)
    report = _one(out)
    _combine(runner, _regions(tmp_path, zuid="Team Zuidrand"), out)  # eenplan's own: replaced
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == [report.name]
    report.write_bytes(report.read_bytes() + b"aangepast")
    said = _combine(runner, _regions(tmp_path), out)
    assert report.read_bytes().endswith(b"aangepast")
    assert (out / report.name.replace(".xlsx", " (2).xlsx")).is_file()
    assert "aangepast" in said and report.name in said


def _digest_team(tmp_path, book):
    return _mail_team(tmp_path, book, port=_free_port())  # nobody listens there: the .eml stays


def test_a_digest_eml_someone_changed_in_rapporten_is_kept(runner, book, tmp_path, monkeypatch):
    team = _digest_team(tmp_path, book)
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    args = ["digest", "--send", "--team", str(team), "--as-of", TODAY_DIGEST]
    assert runner.invoke(cli, args).exit_code == 2
    copy = team / "rapporten" / "Achterstand 2026-W48.eml"
    assert runner.invoke(cli, args).exit_code == 2  # eenplan's own copy: replaced, no second one
    assert sorted(p.name for p in (team / "rapporten").glob("*.eml")) == [copy.name]
    copy.write_bytes(copy.read_bytes().replace(b"Dag co", b"Beste co"))  # edited by hand
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert b"Beste co" in copy.read_bytes()  # never overwritten
    beside = team / "rapporten" / "Achterstand 2026-W48 (2).eml"
    assert beside.is_file() and b"Beste co" not in beside.read_bytes()
    said = " ".join(result.output.split())
    assert "rapporten/Achterstand 2026-W48.eml" in said and "Achterstand 2026-W48 (2).eml" in said
    # both are eenplan's weekly mails to `retention` and `export` (the attachment names families)
    found = sorted(m.path.name for m in eenplan_mails(find_team(team=team)))
    assert found == ["Achterstand 2026-W48 (2).eml", "Achterstand 2026-W48.eml"]


def test_digest_eml_elsewhere_keeps_the_file_there(runner, book, tmp_path):
    (tmp_path / "team").mkdir()
    team = _digest_team(tmp_path / "team", book)
    out = tmp_path / "mails"
    args = ["digest", "--eml", str(out), "--team", str(team), "--as-of", TODAY_DIGEST]
    assert runner.invoke(cli, args).exit_code == 0
    first = out / "Achterstand 2026-W48.eml"
    made = first.read_bytes()
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert first.read_bytes() == made  # not replaced: eenplan cannot know no one changed it
    assert (out / "Achterstand 2026-W48 (2).eml").is_file()
    assert "Achterstand 2026-W48 (2).eml" in " ".join(result.output.split())


def test_a_week_eml_someone_changed_is_kept(runner, tmp_path, smtp):  # noqa: F811
    controller, _ = smtp
    book = _book()
    book.dossier("2026-006", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    _week_team(tmp_path, book, port=controller.port)
    controller.handler.refuse = "niet-een-adres"
    args = ["digest", "--begeleiders", "--send", "--team", str(tmp_path), *AS_OF, "--opnieuw"]
    assert runner.invoke(cli, args).exit_code == 2
    copy = tmp_path / "rapporten" / "Jouw week 2026-W48 - Bart Peeters.eml"
    copy.write_bytes(copy.read_bytes() + b"\r\nmet de hand aangevuld\r\n")
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert copy.read_bytes().endswith(b"met de hand aangevuld\r\n")
    beside = tmp_path / "rapporten" / "Jouw week 2026-W48 - Bart Peeters (2).eml"
    assert beside.is_file()
    assert beside.name in " ".join(result.output.split())
    # the state knows the weeks' files by a keyed hash of their names, never Bart's name
    state = b"".join(p.read_bytes() for p in (tmp_path / ".eenplan").glob("state.sqlite*"))
    assert b"Bart" not in state and b"Peeters" not in state


def test_the_watcher_keeps_a_changed_copy_of_the_digest_and_says_so(book, tmp_path, monkeypatch):
    team = find_team(team=_digest_team(tmp_path, book))  # nobody listens on its port
    monkeypatch.setenv(PASSWORD_ENV, "geheim")
    copy = team.reports_dir / "Achterstand 2026-W48.eml"

    def serve() -> str:
        lines: list[str] = []
        Watcher(team, timings=FAST, clock=lambda: datetime.datetime(2026, 11, 23, 8, 0, 5),
                out=lines.append).serve(once=True)
        return " ".join(line for line in lines if "overzicht" in line)

    assert "niet verstuurd" in serve() and copy.is_file()
    copy.write_bytes(copy.read_bytes() + b"\r\nmet de hand aangevuld\r\n")
    said = serve()  # the next round tries again, and keeps the copy someone changed
    assert copy.read_bytes().endswith(b"met de hand aangevuld\r\n")
    assert (team.reports_dir / "Achterstand 2026-W48 (2).eml").is_file()
    assert "Achterstand 2026-W48 (2).eml" in said and "Achterstand 2026-W48.eml" in said, said


def test_the_watcher_counts_the_weeks_copies_it_left_without_naming_them(tmp_path, smtp):  # noqa: F811
    controller, _ = smtp
    book = _book()
    book.dossier("2026-006", begeleider="Bart Peeters", registered_on=D(2026, 11, 1))
    _week_team(tmp_path, book, port=controller.port)
    controller.handler.refuse, controller.handler.answer = "niet-een-adres", "450 4.2.1 Try later"
    team = find_team(team=tmp_path)
    copy = team.reports_dir / "Jouw week 2026-W48 - Bart Peeters.eml"

    def serve(moment: datetime.datetime) -> str:
        lines: list[str] = []
        Watcher(team, timings=FAST, clock=lambda: moment, out=lines.append).serve(once=True)
        return " ".join(lines)

    serve(datetime.datetime(2026, 11, 23, 8, 0, 5))  # for now (4xx): tried again next round
    copy.write_bytes(copy.read_bytes() + b"\r\nmet de hand aangevuld\r\n")
    said = serve(datetime.datetime(2026, 11, 23, 9, 0, 10))
    assert copy.read_bytes().endswith(b"met de hand aangevuld\r\n")
    assert (team.reports_dir / "Jouw week 2026-W48 - Bart Peeters (2).eml").is_file()
    assert "1 weekmail in rapporten/ staan" in said and "Bart" not in said
