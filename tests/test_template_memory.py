"""A template that passed its check is remembered in .eenplan/ between commands; a changed
template is checked again, and a damaged memory is no memory."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document

from eenplan.cli import cli
from eenplan.docx_templates import checked, renderer
from eenplan.docx_templates.context import INVITATION, example_context
from eenplan.errors import TemplateError
from tests.conftest import TODAY
from tests.test_documents import make_team


def template_with(folder: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "uitnodiging.docx"
    doc.save(str(path))
    return path


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """The templates the check really looked at (not answered from memory), in a fresh process."""
    seen: list[Path] = []
    original = renderer.check_template
    monkeypatch.setattr(renderer, "check_template",
                        lambda path, kind: seen.append(path) or original(path, kind))
    renderer._checked.cache_clear()  # a new command: nothing remembered in this process
    yield seen
    renderer._checked.cache_clear()


def render(path: Path, state: Path) -> bytes:
    return renderer.render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T",
                                    today=TODAY, remember_in=state)


def test_a_template_that_passed_is_not_checked_again_by_the_next_command(tmp_path, checks):
    path = template_with(tmp_path / "docx_templates", "Beste {{ ontvanger.naam }},")
    state = tmp_path / ".eenplan"
    first = render(path, state)
    assert checks == [path]
    assert (state / checked.MEMORY_FILE).is_file()
    renderer._checked.cache_clear()  # the next command
    assert render(path, state) == first
    assert checks == [path]  # answered from .eenplan/


def test_a_changed_template_is_checked_again(tmp_path, checks):
    folder = tmp_path / "docx_templates"
    state = tmp_path / ".eenplan"
    path = template_with(folder, "Beste {{ ontvanger.naam }},")
    render(path, state)
    renderer._checked.cache_clear()
    template_with(folder, "Beste {{ gezin.naaam }},")  # edited in Word since
    with pytest.raises(TemplateError, match=r"gezin\.naaam"):
        render(path, state)
    assert checks == [path, path]
    renderer._checked.cache_clear()
    with pytest.raises(TemplateError, match=r"gezin\.naaam"):  # a failure is never remembered
        render(path, state)
    assert checks == [path, path, path]


def test_the_same_template_in_another_language_folder_or_for_another_kind_is_checked(tmp_path, checks):
    state = tmp_path / ".eenplan"
    dutch = template_with(tmp_path / "docx_templates", "Beste {{ ontvanger.naam }},")
    french = template_with(tmp_path / "docx_templates" / "fr", "Beste {{ ontvanger.naam }},")
    render(dutch, state)
    render(french, state)
    assert checks == [dutch, french]
    data = dutch.read_bytes()
    assert checked.check_key(data, dutch, INVITATION) != checked.check_key(data, dutch, "verslag")


def test_another_eenplan_checks_again(tmp_path, monkeypatch):
    import eenplan

    path = template_with(tmp_path / "docx_templates", "Beste {{ ontvanger.naam }},")
    before = checked.check_key(path.read_bytes(), path, INVITATION)
    checked._checker.cache_clear()
    monkeypatch.setattr(eenplan, "__version__", "99.0")
    assert checked.check_key(path.read_bytes(), path, INVITATION) != before
    checked._checker.cache_clear()


@pytest.mark.parametrize("damage", [b"{niet af", b"\xff\xfe\x00", b'{"passed": 7}', b"[1, 2]",
                                    b'{"passed": [1, null]}'])
def test_a_damaged_memory_is_ignored_and_written_anew(tmp_path, checks, damage):
    path = template_with(tmp_path / "docx_templates", "Beste {{ ontvanger.naam }},")
    state = tmp_path / ".eenplan"
    state.mkdir()
    (state / checked.MEMORY_FILE).write_bytes(damage)
    render(path, state)
    assert checks == [path]
    kept = json.loads((state / checked.MEMORY_FILE).read_text(encoding="utf-8"))
    assert kept == {"passed": [checked.check_key(path.read_bytes(), path, INVITATION)]}


def test_a_state_folder_that_cannot_be_written_only_means_checking_again(tmp_path, checks):
    path = template_with(tmp_path / "docx_templates", "Beste {{ ontvanger.naam }},")
    state = tmp_path / ".eenplan"
    state.write_text("een bestand, geen map", encoding="utf-8")
    render(path, state)
    renderer._checked.cache_clear()
    render(path, state)
    assert checks == [path, path]


def test_invite_remembers_the_check_and_a_broken_template_still_stops_it(runner, book, tmp_path, checks):
    root = make_team(tmp_path, book)
    template_with(root / "docx_templates", "Beste {{ ontvanger.naam }},")  # the team's own, not the default
    as_of = ["--as-of", TODAY.isoformat()]
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *as_of])
    assert result.exit_code == 0, result.output
    assert len(checks) == 1  # the one template of the letters
    renderer._checked.cache_clear()
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), "--rondetafel", "2026-10-05",
                                 *as_of])
    assert result.exit_code == 0, result.output
    assert len(checks) == 1  # remembered
    renderer._checked.cache_clear()
    template_with(root / "docx_templates", "Beste {{ gezin.naaam }},")
    result = runner.invoke(cli, ["invite", "2026-014", "--team", str(root), *as_of])
    assert result.exit_code == 2
    assert "naaam" in result.output and "Traceback" not in result.output
    assert len(checks) == 2


class Forgetful(dict):
    """A memory that keeps nothing."""

    def __setitem__(self, key, value) -> None:
        return None


def test_letters_and_print_file_are_the_same_when_styles_are_read_and_every_part_cleaned_anew(
        tmp_path, monkeypatch):
    """python-docx reads a letter's styles only when asked, and docxtpl's clean-up of a part is
    done once per template: what comes out is what reading and cleaning everything gives."""
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.part import PartFactory
    from docx.parts.styles import StylesPart

    from eenplan.docx_templates import documents
    from eenplan.docx_templates.context import invitation_context
    from eenplan.docx_templates.renderer import render_document_and_docx
    from tests.test_render import SETTINGS, TABLE, TEMPLATES, dossier, member

    invited = [member(), member(name="Els Maes", row=3)]
    contexts = [example_context(INVITATION)] + [
        invitation_context(SETTINGS, dossier(), TABLE, m, invited, today=TODAY) for m in [None, *invited]]

    # the styles as Word writes them (python-docx writes them otherwise)
    template = tmp_path / "uitnodiging.docx"
    with zipfile.ZipFile(TEMPLATES / "uitnodiging.docx") as source, zipfile.ZipFile(template, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml":
                data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                        + data.split(b"?>", 1)[1].lstrip())
            copy.writestr(item, data)

    def made() -> tuple[list[bytes], bytes]:
        letters = [render_document_and_docx(template, c, kind=INVITATION,
                                            team_name="T", today=TODAY) for c in contexts]
        return ([data for data, _ in letters],
                documents._combined([data for data, _ in letters], "T", today=TODAY))

    quick = made()
    assert PartFactory.part_type_for[CONTENT_TYPE.WML_STYLES] is not StylesPart  # read when needed
    monkeypatch.setitem(PartFactory.part_type_for, CONTENT_TYPE.WML_STYLES, StylesPart)
    monkeypatch.setattr(renderer, "_PATCHED", Forgetful())
    assert made() == quick


def test_eenplans_own_default_is_not_checked_again_at_run_time(tmp_path, checks):
    """An untouched copy of this eenplan's default (or the default itself) passed the check in
    the suite (test_the_default_templates_pass): a team's first command does not pay for it."""
    from eenplan.docx_templates import PACKAGE_TEMPLATES

    folder = tmp_path / "docx_templates"
    (folder / "fr").mkdir(parents=True)
    dutch = folder / "uitnodiging.docx"
    dutch.write_bytes((PACKAGE_TEMPLATES / "uitnodiging.docx").read_bytes())
    french = folder / "fr" / "uitnodiging.docx"
    french.write_bytes((PACKAGE_TEMPLATES / "fr" / "uitnodiging.docx").read_bytes())
    render(dutch, tmp_path / ".eenplan")
    render(french, tmp_path / ".eenplan")
    render(PACKAGE_TEMPLATES / "uitnodiging.docx", tmp_path / ".eenplan")
    assert checks == []


def test_a_default_in_the_wrong_place_or_changed_by_a_byte_is_checked(tmp_path, checks):
    from eenplan.docx_templates import PACKAGE_TEMPLATES

    folder = tmp_path / "docx_templates"
    (folder / "fr").mkdir(parents=True)
    dutch = (PACKAGE_TEMPLATES / "uitnodiging.docx").read_bytes()
    in_french = folder / "fr" / "uitnodiging.docx"  # the Dutch default in the French folder
    in_french.write_bytes(dutch)
    render(in_french, tmp_path / ".eenplan")
    report = folder / "verslag.docx"  # the invitation's default, as another kind's template
    report.write_bytes(dutch)
    with pytest.raises(TemplateError):
        renderer.render_document(report, example_context(INVITATION), kind="verslag", team_name="T",
                                 today=TODAY, remember_in=tmp_path / ".eenplan")
    repacked = folder / "uitnodiging.docx"  # the same parts, packed again: not the shipped bytes
    with zipfile.ZipFile(PACKAGE_TEMPLATES / "uitnodiging.docx") as source, \
            zipfile.ZipFile(repacked, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
    render(repacked, tmp_path / ".eenplan")
    assert checks == [in_french, report, repacked]
