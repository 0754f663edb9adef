"""A team's templates after an upgrade of eenplan: a copy of an earlier default no one changed is
said (`templates check`, the watcher, `invite`) and replaced by `eenplan templates bijwerken`,
one the team changed is never touched and told what it lacks, and a document already made is
not made again for a wording eenplan improved.

Each team folder is made by `init_team`; an old team's template is an earlier commit's default
(`git show`)."""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.documents import invitations_for, plan_for
from eenplan.docx_templates.lint import check_folder
from eenplan.docx_templates.shipped import (
    CURRENT,
    EARLIER,
    OWN,
    content_hash,
    earlier_defaults_line,
    shipped,
    standing_of,
)
from eenplan.docx_templates.upgrade import update_templates
from eenplan.init.folder import init_team
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import Team, find_team
from tests.builders import CaseloadBuilder, mail_team_settings
from tests.test_digest import smtp  # noqa: F401 - the fixture
from tests.test_documents import text_of
from tests.watching import watching

ROOT = Path(__file__).resolve().parents[1]
D = datetime.date
TODAY = D(2026, 11, 23)
AS_OF = ["--as-of", TODAY.isoformat()]
MEETING = D(2026, 12, 7)
BEFORE = "6a34d0f^"  # the defaults before the closed plan, the family's name per language, the hour
FIRST = "27bbe1d"  # the first defaults eenplan shipped


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(*args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs eenplan's git history (a clone, not a release)")


def earlier(key: str, commit: str = BEFORE) -> bytes:
    """An earlier commit's default for ``key`` ("uitnodiging.docx", "en/uitnodiging.docx")."""
    return _git("show", f"{commit}:eenplan/docx_templates/{key}")


def edited(data: bytes, old: bytes, new: bytes) -> bytes:
    """The template with a word changed in its body, as a person changes it in Word."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                assert old in part
                part = part.replace(old, new)
            z.writestr(info, part)
    return out.getvalue()


def new_team(tmp_path: Path, templates: dict[str, bytes] | None = None) -> Path:
    """A team folder made by `eenplan init`, its templates then replaced by ``templates``."""
    root = init_team(tmp_path / "Team Essen").root
    for key, data in (templates or {}).items():
        (root / "docx_templates" / key).write_bytes(data)
    return root


def with_caseload(root: Path, *, hour: int = 9, another: bool = False) -> Team:
    """The team's workbook with one family and a round-table ahead, as `test_documents` has it
    (``another``: and a family registered since, with no round-table)."""
    book = CaseloadBuilder()
    if another:
        book.dossier("2026-020", family="Familie Maes", registered_on=D(2026, 11, 20))
    book.dossier("2026-014", family="Familie Peeters", begeleider="An Claes",
                 perspective_on=D(2026, 9, 20), plan_on=D(2026, 10, 5))
    book.network("2026-014", name="Maria Peeters", role="Grootouder", relation="grootmoeder", invite="ja")
    book.network("2026-014", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")
    book.round_table("2026-014", date=MEETING, time=datetime.time(hour, 30), location="Thuis",
                     kind="opvolging")
    team = find_team(team=root)
    book.save(team.workbook)
    return team


def codes_of(report, template: str) -> list[str]:
    return [f.code for f in report.findings if f.template == template]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- the list of every default eenplan shipped --------------------------------------------------


@pytest.mark.parametrize("key", sorted(shipped()))
def test_every_default_eenplan_ships_now_is_recorded(key):
    data = (PACKAGE_TEMPLATES / key).read_bytes()
    assert (content_hash(data), hashlib.sha256(data).hexdigest()) in shipped()[key], (
        f"{key} changed: run python scripts/shipped_templates.py and commit shipped.json")


def test_every_template_eenplan_ships_has_a_list():
    package = sorted(p.relative_to(PACKAGE_TEMPLATES).as_posix()
                     for p in (*PACKAGE_TEMPLATES.glob("*.docx"), *PACKAGE_TEMPLATES.glob("*/*.docx")))
    assert package == sorted(shipped())


def test_every_default_in_the_history_is_recorded():
    """A default changed without its earlier version in the list would make every team's copy of
    it look like the team's own work: never updated, and its letters made again."""
    _git("rev-parse", "--git-dir")
    history = list(_script("shipped_templates").from_history())
    assert len(history) >= 40
    for key, data in history:
        assert (content_hash(data), hashlib.sha256(data).hexdigest()) in shipped()[key], key
    assert _script("shipped_templates").main(["--check"]) == 0


def test_a_copy_packed_again_is_still_the_default_and_a_changed_word_is_not():
    data = (PACKAGE_TEMPLATES / "uitnodiging.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in reversed(source.infolist()):  # another order, no compression, another day
            part = source.read(info)
            if info.filename == "docProps/core.xml":
                part = part.replace(b"eenplan", b"An Claes")  # the properties a save stamps
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2027, 1, 2, 3, 4, 6)), part)
    assert out.getvalue() != data
    assert standing_of(out.getvalue(), "uitnodiging.docx") == CURRENT
    assert standing_of(earlier("uitnodiging.docx"), "uitnodiging.docx") == EARLIER
    assert standing_of(earlier("uitnodiging.docx", FIRST), "uitnodiging.docx") == EARLIER
    changed = edited(data, b"Binnenkort", b"Straks")
    assert standing_of(changed, "uitnodiging.docx") == OWN
    assert standing_of(earlier("uitnodiging.docx"), "verslag.docx") == OWN  # another kind's
    assert standing_of(b"not a docx", "uitnodiging.docx") == OWN
    damaged = bytearray(data)
    start = data.index(b"word/document.xml") + 40  # inside the body's compressed bytes
    damaged[start:start + 200] = bytes(200)
    assert standing_of(bytes(damaged), "uitnodiging.docx") == OWN


# -- templates check ----------------------------------------------------------------------------


def test_templates_check_names_each_earlier_default_no_one_changed(runner, tmp_path):
    root = new_team(tmp_path, {"gezinsplan.docx": earlier("gezinsplan.docx"),
                               "en/uitnodiging.docx": earlier("en/uitnodiging.docx"),
                               "verslag.docx": earlier("verslag.docx", FIRST)})
    result = runner.invoke(cli, ["templates", "check", "--team", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output  # warnings: the documents can still be made
    report = json.loads(result.output)
    said = {(f["template"], f["code"]) for f in report["findings"]
            if f["code"] in ("earlier-default", "lacks-improvement")}
    assert said == {("gezinsplan.docx", "earlier-default"), ("en/uitnodiging.docx", "earlier-default"),
                    ("verslag.docx", "earlier-default")}
    message = next(f["message"] for f in report["findings"] if f["template"] == "gezinsplan.docx")
    assert "eenplan templates bijwerken" in message


def test_templates_check_says_what_a_changed_template_lacks(tmp_path):
    current = {key: (PACKAGE_TEMPLATES / key).read_bytes() for key in shipped()}
    root = new_team(tmp_path, {
        "gezinsplan.docx": edited(earlier("gezinsplan.docx"), b"Wie zijn wij?", b"Wie zijn we?"),
        "verslag.docx": edited(earlier("verslag.docx"), b"Volgende keer", b"De volgende keer"),
        "uitnodiging.docx": edited(earlier("uitnodiging.docx"), b"Binnenkort", b"Straks"),
        "fr/gezinsplan.docx": edited(earlier("fr/gezinsplan.docx"), b"Notre plan", b"Le plan"),
        "fr/uitnodiging.docx": edited(current["fr/uitnodiging.docx"], b"Bonjour {{ gezin.aanhef }},",
                                      b"Bonjour {{ gezin.naam }},"),
        "en/uitnodiging.docx": edited(earlier("en/uitnodiging.docx"), b"would like", b"want"),
        # this eenplan's default, a word changed: it lacks nothing (its Dutch line keeps gezin.naam)
        "en/verslag.docx": edited(current["en/verslag.docx"], b"Next time", b"The next time"),
        "en/kindplan.docx": edited(current["en/kindplan.docx"], b"Our plan", b"The plan"),
    })
    report = check_folder(root / "docx_templates")
    lacks: dict[str, list] = {}
    for finding in report.findings:
        if finding.code == "lacks-improvement":
            lacks.setdefault(finding.template, []).append(finding)
    assert sorted(lacks) == ["en/uitnodiging.docx", "fr/gezinsplan.docx", "fr/uitnodiging.docx",
                             "gezinsplan.docx", "uitnodiging.docx", "verslag.docx"]
    assert ["plan.afgesloten" in f.message for f in lacks["gezinsplan.docx"]] == [True]
    french = lacks["fr/gezinsplan.docx"]  # and it says "Familie Peeters" in its title
    assert ["plan.afgesloten" in f.message for f in french] == [True, False]
    assert "{{ gezin.naam }}" in french[1].paragraph
    assert [f.paragraph for f in lacks["fr/uitnodiging.docx"]] == ["Bonjour {{ gezin.naam }},"]
    english = [f.paragraph for f in lacks["en/uitnodiging.docx"]]
    assert english[:2] == ["Dear {{ gezin.naam }},", "{{ ontvanger.naam }}"] and len(english) == 3
    assert ["rondetafel.volgende_wanneer" in f.message for f in lacks["verslag.docx"]] == [True]
    assert ["Wij, {{ genodigden_tekst }}" in f.message for f in lacks["uitnodiging.docx"]] == [True]
    assert not [f for f in report.findings if f.code == "earlier-default"]  # each was changed
    assert all(f.severity == "warning" for fs in lacks.values() for f in fs) and report.ok


def test_a_team_folder_made_now_has_nothing_to_update(tmp_path):
    root = new_team(tmp_path)
    report = check_folder(root / "docx_templates")
    assert not [f for f in report.findings if f.code in ("earlier-default", "lacks-improvement")]
    assert earlier_defaults_line(root / "docx_templates") is None


# -- eenplan templates bijwerken ----------------------------------------------------------------


def test_bijwerken_replaces_an_untouched_earlier_default_and_keeps_the_old_one(runner, tmp_path):
    old = earlier("gezinsplan.docx")
    own = edited(earlier("verslag.docx"), b"Volgende keer", b"De volgende keer")
    root = new_team(tmp_path, {"gezinsplan.docx": old, "verslag.docx": own,
                               "en/uitnodiging.docx": earlier("en/uitnodiging.docx")})
    templates = root / "docx_templates"
    untouched = (templates / "kindplan.docx").stat().st_mtime_ns
    result = runner.invoke(cli, ["templates", "bijwerken", "--team", str(root), "--as-of", "2026-12-07",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    updated = json.loads(result.output)
    outcomes = {t["template"]: t["outcome"] for t in updated["templates"]}
    assert outcomes["gezinsplan.docx"] == "replaced" and outcomes["en/uitnodiging.docx"] == "replaced"
    assert outcomes["verslag.docx"] == "own" and outcomes["kindplan.docx"] == "current"
    assert len(outcomes) == 12 and updated["replaced"] == 2
    aside = templates / "_vorige" / "2026-12-07"
    assert (aside / "gezinsplan.docx").read_bytes() == old
    assert (aside / "en" / "uitnodiging.docx").read_bytes() == earlier("en/uitnodiging.docx")
    assert (templates / "gezinsplan.docx").read_bytes() == (PACKAGE_TEMPLATES
                                                            / "gezinsplan.docx").read_bytes()
    assert (templates / "verslag.docx").read_bytes() == own  # the team's: never touched
    lacks = next(t["lacks"] for t in updated["templates"] if t["template"] == "verslag.docx")
    assert [lack["what"] for lack in lacks] == ["het uur van de volgende rondetafel"]
    assert (templates / "kindplan.docx").stat().st_mtime_ns == untouched
    # the kept templates are no language folder and no template to check
    report = check_folder(templates)
    assert not [f for f in report.findings if f.code in ("earlier-default", "unknown-language-folder")]
    (templates / "_vorige" / "uitnodiging.docx").write_bytes(old)  # a template put there by hand
    assert find_team(team=root).template_languages() == frozenset({"nl", "fr", "en"})
    again = runner.invoke(cli, ["templates", "bijwerken", "--team", str(root), "--as-of", "2026-12-07"])
    assert again.exit_code == 0 and "geen sjabloon bijgewerkt" in again.output


@pytest.mark.parametrize("owner", ["~$uitnodiging.docx", ".~lock.uitnodiging.docx#"])  # Word, LibreOffice
def test_bijwerken_leaves_a_template_open_in_word(runner, tmp_path, owner):
    """Before: a template open in LibreOffice Writer (its .~lock file beside it) was replaced."""
    old = earlier("en/uitnodiging.docx")
    root = new_team(tmp_path, {"en/uitnodiging.docx": old})
    (root / "docx_templates" / "en" / owner).write_bytes(b"owner")
    result = runner.invoke(cli, ["templates", "bijwerken", "--team", str(root), "--format", "json", *AS_OF])
    assert result.exit_code == 2, result.output
    outcomes = {t["template"]: t["outcome"] for t in json.loads(result.output)["templates"]}
    assert outcomes["en/uitnodiging.docx"] == "open"
    assert (root / "docx_templates" / "en" / "uitnodiging.docx").read_bytes() == old
    assert not (root / "docx_templates" / "_vorige").exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_bijwerken_never_writes_through_a_link_out_of_the_team_folder(runner, tmp_path):
    elsewhere = tmp_path / "gedeeld"
    elsewhere.mkdir()
    old = earlier("fr/uitnodiging.docx")
    (elsewhere / "uitnodiging.docx").write_bytes(old)
    root = new_team(tmp_path)
    shutil.rmtree(root / "docx_templates" / "fr")
    (root / "docx_templates" / "fr").symlink_to(elsewhere)
    result = runner.invoke(cli, ["templates", "bijwerken", "--team", str(root), "--format", "json", *AS_OF])
    assert result.exit_code == 2, result.output
    outcomes = {t["template"]: t["outcome"] for t in json.loads(result.output)["templates"]}
    assert outcomes["fr/uitnodiging.docx"] == "failed"
    assert (elsewhere / "uitnodiging.docx").read_bytes() == old


def test_bijwerken_needs_a_templates_folder(runner, tmp_path):
    root = new_team(tmp_path)
    shutil.rmtree(root / "docx_templates")
    result = runner.invoke(cli, ["templates", "bijwerken", "--team", str(root), *AS_OF])
    assert result.exit_code == 2 and "docx_templates" in result.output


# -- the documents already made ------------------------------------------------------------------


def test_letters_made_with_an_earlier_default_are_not_made_again_after_the_update(tmp_path):
    """The invitations of a round-table ahead may have gone out already: a wording eenplan improved
    makes none of them anew (nor the print file); a change in the workbook does, in the new words."""
    root = new_team(tmp_path, {"uitnodiging.docx": earlier("uitnodiging.docx")})
    team = with_caseload(root)
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert len(made.written) == 5  # the family's letter, two guests', the print file, the .ics
    assert any("uitnodiging.docx" in n and "templates bijwerken" in n for n in made.notes)
    folder = root / "out" / "2026-014"
    before = snapshot(folder)
    letter = folder / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    assert "Wij, Els, de buurvrouw." in text_of(letter)  # the earlier default's words

    assert [u.outcome for u in update_templates(team, today=TODAY).replaced] == ["replaced"]
    again = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert again.written == () and len(again.unchanged) == 5
    assert not any("templates bijwerken" in n for n in again.notes)
    assert snapshot(folder) == before

    with_caseload(root, hour=10)  # the round-table's hour changes: new letters, in the new words
    moved = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert len(moved.written) == 5
    assert "Wij zijn er, met Els, de buurvrouw." in text_of(letter)


def test_a_letter_gone_after_the_update_is_made_with_the_new_default(tmp_path):
    root = new_team(tmp_path, {"uitnodiging.docx": earlier("uitnodiging.docx")})
    team = with_caseload(root)
    invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    update_templates(team, today=TODAY)
    letter = root / "out" / "2026-014" / "2026-12-07 Uitnodiging rondetafel - Maria Peeters.docx"
    letter.unlink()
    made = invitations_for(team, load_caseload(team), "2026-014", None, today=TODAY)
    assert [p.name for p in made.written] == [letter.name]
    assert "Wij zijn er, met Els, de buurvrouw." in text_of(letter)


def test_a_plan_made_with_the_earlier_default_says_so(tmp_path):
    root = new_team(tmp_path, {"gezinsplan.docx": earlier("gezinsplan.docx")})
    team = with_caseload(root)
    made = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert any("gezinsplan.docx" in n and "templates bijwerken" in n for n in made.notes)
    update_templates(team, today=TODAY)
    again = plan_for(team, load_caseload(team), "2026-014", today=TODAY)
    assert again.written == () and not any("templates bijwerken" in n for n in again.notes)


def test_the_watcher_makes_no_letter_again_after_the_update(runner, tmp_path):
    root = new_team(tmp_path, {"uitnodiging.docx": earlier("uitnodiging.docx")})
    team = with_caseload(root)
    first = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert first.exit_code == 0, first.output
    folder = root / "out" / "2026-014"
    before = snapshot(folder)
    assert len(before) == 5
    update_templates(team, today=TODAY)
    with_caseload(root, another=True)  # another save of the workbook, the letters' data the same
    second = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert second.exit_code == 0, second.output
    assert "geen nieuwe documenten" in second.output and "Nieuwe uitnodigingen" not in second.output
    assert snapshot(folder) == before


def test_the_watcher_says_which_templates_are_earlier_defaults_when_it_starts(tmp_path):
    root = new_team(tmp_path, {"gezinsplan.docx": earlier("gezinsplan.docx"),
                               "en/uitnodiging.docx": earlier("en/uitnodiging.docx")})
    team = with_caseload(root)
    with watching(team) as (_, lines):
        pass
    said = [line for line in lines if "templates bijwerken" in line]
    assert len(said) == 1 and "gezinsplan.docx" in said[0] and "en/uitnodiging.docx" in said[0]
    update_templates(team, today=TODAY)
    with watching(team) as (_, lines):
        pass
    assert not [line for line in lines if "templates bijwerken" in line]


def test_watch_once_says_which_templates_are_earlier_defaults_too(runner, tmp_path):
    """`watch --once` (a scheduled task, the way many teams watch) said nothing of them: only the
    watcher that keeps running said it, as it started."""
    root = new_team(tmp_path, {"gezinsplan.docx": earlier("gezinsplan.docx")})
    team = with_caseload(root)
    expected = earlier_defaults_line(root / "docx_templates")
    assert expected is not None
    result = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "templates bijwerken" in line]
    assert [line.split(" ", 1)[1] for line in said] == [expected]  # once, after its time
    update_templates(team, today=TODAY)
    again = runner.invoke(cli, ["watch", "--once", "--team", str(root), *AS_OF])
    assert again.exit_code == 0, again.output
    assert "templates bijwerken" not in again.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the PDFs")
def test_an_update_mails_no_one_again(runner, tmp_path, smtp):  # noqa: F811
    controller, inbox = smtp
    root = new_team(tmp_path, {"uitnodiging.docx": earlier("uitnodiging.docx")})
    (root / "eenplan.toml").write_text(mail_team_settings(controller.port), encoding="utf-8")
    book = CaseloadBuilder()
    book.dossier("2026-001", family="Familie Peeters", begeleider="An Claes", registered_on=D(2026, 10, 1))
    book.network("2026-001", name="Maria Peeters", role="Grootouder", invite="ja",
                 email="maria@voorbeeld.be", by_mail="ja")
    book.network("2026-001", name="Els Maes", role="Buur", relation="buurvrouw", invite="ja")  # by post
    book.round_table("2026-001", date=MEETING, time=datetime.time(18, 30), location="Huis van het Kind")
    team = find_team(team=root)
    book.save(team.workbook)
    invite = ["invite", "2026-001", "--mail", "--team", str(root), *AS_OF]
    assert runner.invoke(cli, invite).exit_code == 0
    assert len(inbox.envelopes) == 1
    folder = root / "out" / "2026-001"
    before = snapshot(folder)
    update_templates(team, today=TODAY)
    again = runner.invoke(cli, invite)
    assert again.exit_code == 0, again.output
    assert len(inbox.envelopes) == 1 and snapshot(folder) == before
