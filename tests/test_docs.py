"""The documentation tells the truth: every command has Dutch help and is in the README."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from eenplan.cli import cli
from eenplan.docx_templates import codes as template_codes
from eenplan.sheets import codes

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_dutch_help(runner, path):
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Gebruik:" in result.output and "Opties:" in result.output
    assert "Usage:" not in result.output and "Show this message" not in result.output
    assert "OPTIONS" not in result.output and "COMMAND" not in result.output  # the usage line too
    command = dict(COMMANDS)[path]
    assert command.help and command.help.strip(), f"eenplan {' '.join(path)} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"eenplan {' '.join(path)}" in README


def test_the_top_level_help_is_dutch_to_its_last_option(runner):
    result = runner.invoke(cli, ["--help"])
    assert "Gebruik:" in result.output and "Show the version" not in result.output
    assert "Toon de versie" in result.output


def test_click_errors_are_dutch(runner):
    result = runner.invoke(cli, ["chek"])
    assert result.exit_code == 2
    assert "Fout:" in result.output and "Bedoel je" in result.output


def test_the_compiled_translations_are_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_translations.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def _compile_translations():
    spec = importlib.util.spec_from_file_location("compile_translations",
                                                  ROOT / "scripts" / "compile_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_translation_check_compares_messages_not_bytes(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    check = _compile_translations()
    po, mo = tmp_path / "eenplan.po", tmp_path / "eenplan.mo"

    def catalogue(usage: str, tool: str) -> Catalog:
        catalog = Catalog(locale="nl", project="eenplan")
        catalog.add("Usage:", usage)
        catalog.add(("{n} error", "{n} errors"), ("{n} fout", "{n} fouten"))
        catalog.add("Options", "Opties", flags=["fuzzy"])  # not in a .mo
        catalog.add("Missing", "")
        catalog.header_comment = ""
        catalog.version = tool
        return catalog

    with po.open("wb") as handle:
        write_po(handle, catalogue("Gebruik:", "1"))
    with mo.open("wb") as handle:
        write_mo(handle, catalogue("Gebruik:", "2"))  # another header: other bytes, the same messages
    assert mo.read_bytes() != check.compiled(po)
    assert check.up_to_date(po, mo)
    with mo.open("wb") as handle:
        write_mo(handle, catalogue("Gebruiken:", "1"))
    assert not check.up_to_date(po, mo)
    mo.write_bytes(b"not a catalogue")
    assert not check.up_to_date(po, mo)


def test_the_readme_names_the_two_commands():
    assert "make demo" in README and "make test" in README


# --- the finding codes: the catalogue, the source and the README agree -----------------------

PACKAGE = ROOT / "eenplan"
CODE_NAME = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Calls whose string arguments are finding codes, wherever they are made or expected.
CODE_TAKERS = {"Finding", "Issue", "Mistake"}


TEMPLATES_SECTION = "### De sjablonen:"  # the README's tables of codes: `check`'s before it


def _readme_codes(templates: bool = False) -> list[tuple[str, str, str]]:
    """(code, ernst, betekenis) of every row of the README's table of `check`'s codes, or of
    `templates check`'s."""
    before, _, after = README.partition(TEMPLATES_SECTION)
    row = re.compile(r"^\| `([^`]+)` \| ([a-z]+) \| (.+) \|$", re.MULTILINE)
    return row.findall(after if templates else before)


def _catalogue_rows(catalogue: list[codes.Code] = codes.CATALOGUE) -> list[tuple[str, str, str]]:
    return [(c.name, codes.SEVERITY_NL[c.severity], c.meaning) for c in catalogue]


def literal_codes(source: str) -> set[str]:
    """The string literals in a code position: an argument of a call that makes or expects a
    finding, a ``code=`` keyword, a comparison with an attribute named ``code``."""
    found: set[str] = set()

    def strings(node: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value} if CODE_NAME.fullmatch(node.value) else set()
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return set().union(*map(strings, node.elts)) if node.elts else set()
        return set()

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee in CODE_TAKERS:
                for arg in node.args:
                    found |= strings(arg)
            for keyword in node.keywords:
                if keyword.arg == "code":
                    found |= strings(keyword.value)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
                for side in sides:
                    found |= strings(side)
    return found


def _sources() -> list[Path]:
    # docx_templates holds the template lint, whose codes are its own (`eenplan templates check`)
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if "docx_templates" not in p.relative_to(PACKAGE).parts and p.name != "codes.py"]


def test_the_catalogue_is_well_formed():
    pairs = [(c.name, c.severity) for c in codes.CATALOGUE]
    assert len(set(pairs)) == len(pairs), "a code is listed twice with the same severity"
    for code in codes.CATALOGUE:
        assert CODE_NAME.fullmatch(code.name), code.name
        assert code.severity in (codes.ERROR, codes.WARNING, codes.INFO), code
        assert code.meaning[:1].isupper() and code.meaning.endswith(".") and "\n" not in code.meaning
    constants = {name: value for name, value in vars(codes).items() if isinstance(value, codes.Code)}
    assert sorted(map(id, constants.values())) == sorted(map(id, codes.CATALOGUE))
    assert all(name == name.upper() for name in constants)


def test_the_readme_lists_every_code_and_no_other():
    expected = "\n".join(f"| `{c}` | {s} | {m} |" for c, s, m in _catalogue_rows())
    assert _readme_codes() == _catalogue_rows(), (
        "README.md's table of codes differs from eenplan/sheets/codes.py; it should read:\n" + expected)


def test_the_templates_catalogue_is_well_formed_and_in_the_readme():
    names = [c.name for c in template_codes.CATALOGUE]
    assert len(set(names)) == len(names), "a template code is listed twice"
    for code in template_codes.CATALOGUE:
        assert CODE_NAME.fullmatch(code.name), code.name
        assert code.meaning[:1].isupper() and code.meaning.endswith(".") and "\n" not in code.meaning
    rows = _catalogue_rows(template_codes.CATALOGUE)
    expected = "\n".join(f"| `{c}` | {s} | {m} |" for c, s, m in rows)
    assert _readme_codes(templates=True) == rows, (
        "README.md's table of template codes differs from eenplan/docx_templates/codes.py; it "
        "should read:\n" + expected)


def test_every_template_code_is_raised_somewhere():
    used = set()
    for path in (PACKAGE / "docx_templates").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "codes":
                used.add(node.attr)
    constants = {name for name, value in vars(template_codes).items() if isinstance(value, codes.Code)}
    assert constants and constants - used == set(), "template codes that nothing raises"


def test_every_catalogue_code_is_used_where_findings_are_made():
    used = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "codes":
                used.add(node.attr)
    constants = {name for name, value in vars(codes).items() if isinstance(value, codes.Code)}
    assert constants - used == set(), "codes in the catalogue that nothing raises"


def test_no_code_in_the_source_escapes_the_catalogue():
    escaped = {}
    for path in _sources():
        for literal in literal_codes(path.read_text(encoding="utf-8")) - codes.NAMES:
            escaped[literal] = path.relative_to(ROOT).as_posix()
    assert escaped == {}, "finding codes written as text instead of taken from eenplan/sheets/codes.py"


def test_the_source_scan_finds_a_literal_code():
    source = ('Finding("Dossiers", 2, "Gemeente", "D2", "Antwerpen", "made-up", ERROR, "Zin.")\n'
              'Issue(None, code="made-up-too", message="Zin.")\n'
              'if finding.code in ("also-made-up", "required"):\n    pass\n'
              'at(row, "perspective_on", value, codes.DATE_IN_FUTURE, "Zin.")\n')
    assert literal_codes(source) == {"made-up", "made-up-too", "also-made-up", "required"}


@pytest.mark.parametrize(("args", "said"), [
    (["overdue", "--soon", "-3"], "-3 ligt niet tussen 0 en 366 dagen"),
    (["overdue", "--soon", "veel"], '"veel" is geen geheel aantal dagen'),
    (["watch", "--poll", "0,05"], "0,05 ligt niet tussen 0,1 en 3600 seconden"),
    (["retention", "--na", "0"], "0 ligt niet tussen 1 en 1200 maanden"),
])
def test_a_number_out_of_range_is_said_in_words(runner, args, said):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert "<=" not in result.output


def test_a_poll_with_a_decimal_comma_is_read_as_people_write_it():
    from eenplan.cli import NumberParam

    assert NumberParam(0.1, 3600, "seconden", fraction=True).convert("0,5", None, None) == 0.5
    assert NumberParam(0, 366, "dagen").convert("14", None, None) == 14
