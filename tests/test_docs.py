"""The documentation tells the truth: every command has Dutch help and is in the README."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click
import pytest

from eenplan.cli import cli

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
    command = dict(COMMANDS)[path]
    assert command.help and command.help.strip(), f"eenplan {' '.join(path)} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"eenplan {' '.join(path)}" in README


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
