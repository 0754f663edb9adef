"""The README's tour is what a newcomer sees: its commands, run on `eenplan demo --as-of 2026-11-23`,
begin with the lines the README shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from eenplan.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOUR_DEMO = "eenplan demo --as-of 2026-11-23"
# what the tour shows but a test cannot replay on a fresh demo
NOT_REPLAYED = (
    "eenplan watch",  # runs until Ctrl-C
    "eenplan restore",  # its snapshots come from a watcher that saw rows disappear
    "eenplan init",  # another folder: replayed below, on its own
    "eenplan stats samenvoegen",  # the region files of two teams, the second not in the demo
    "eenplan templates check",  # a mistake in a template: replayed below, on a fresh init
    "eenplan templates bijwerken",  # an older team's templates; the demo's are this eenplan's
    "eenplan digest --begeleiders --send",  # mails, through a test server on the README's pc
    "eenplan invite 2026-109 --mail",  # the same
)


def tour_commands(readme: str) -> list[tuple[str, str]]:
    """(command, the first line the README shows under it), in the tour's order."""
    tour = readme[readme.index("<!-- tour -->"):]
    found = []
    for block in re.findall(r"^[ ]*```[^\n]*\n(.*?)^[ ]*```", tour, flags=re.S | re.M):
        lines = [line.strip() for line in block.splitlines()]
        for index, line in enumerate(lines):
            if line.startswith("$ eenplan ") and index + 1 < len(lines):
                found.append((line[2:], lines[index + 1]))
    return found


TOUR = tour_commands(README)


def test_the_tour_is_found_and_starts_with_its_demo():
    commands = [command for command, _ in TOUR]
    assert commands[0] == TOUR_DEMO
    assert len(commands) >= 10 and any(c.startswith("eenplan invite") for c in commands)
    assert f"`{TOUR_DEMO}`" in README  # said plainly, not only inside the output


def test_the_readme_tour_begins_as_the_readme_says(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    has_office = shutil.which("soffice") or shutil.which("libreoffice")
    replayed = 0
    for command, first_line in TOUR:
        if command.startswith(NOT_REPLAYED) or ("--pdf" in command and not has_office):
            continue
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code in (0, 1), (command, result.output)
        shown = result.output.splitlines()[0].strip() if result.output else ""
        assert shown == first_line, (command, result.output)
        replayed += 1
        if command.startswith("eenplan demo"):
            monkeypatch.chdir(tmp_path / "demo")  # the tour's `cd demo`
    assert replayed >= 10


# --- what the tour cannot replay on the demo, replayed on a fresh `eenplan init` ---------------


def readme_output(command: str) -> list[str]:
    """The lines the README shows under `$ command`, to the end of its block."""
    for block in re.findall(r"^[ ]*```[^\n]*\n(.*?)^[ ]*```", README, flags=re.S | re.M):
        lines = block.splitlines()
        if lines and lines[0].strip() == f"$ {command}":
            return lines[1:]
    raise AssertionError(f"the README shows no `$ {command}`")


def shown_as(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what the README ``shown``, where a line "..." stands for any lines
    left out (none or more), as the README trims a long output."""
    segments: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    if len(segments) == 1:
        return shown == actual
    first, *middle, last = segments
    if actual[:len(first)] != first or (last and actual[-len(last):] != last):
        return False
    position, end = len(first), len(actual) - len(last)
    for segment in middle:
        for start in range(position, end - len(segment) + 1):
            if actual[start:start + len(segment)] == segment:
                position = start + len(segment)
                break
        else:
            return False
    return position <= end


def test_shown_as_reads_the_dots():
    assert shown_as(["a", "...", "d"], ["a", "b", "c", "d"])
    assert shown_as(["a", "...", "c", "...", "e"], ["a", "b", "c", "d", "e"])
    assert not shown_as(["a", "...", "x", "...", "e"], ["a", "b", "c", "d", "e"])
    assert not shown_as(["a", "b"], ["a", "b", "c"])
    assert not shown_as(["a", "...", "d"], ["a", "b", "c", "e"])


def test_the_readmes_init_is_what_init_says(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    command = 'eenplan init "Team Noorderkempen"'
    result = runner.invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert shown_as(readme_output(command), result.output.rstrip("\n").splitlines()), result.output
    # what it says of flows/ is what is in it: the how-to, and no flow of its own
    assert [p.name for p in (tmp_path / "Team Noorderkempen" / "flows").iterdir()] == ["LEESMIJ.txt"]
    assert "LEESMIJ.txt" in result.output and "leeg" not in result.output


def test_the_readmes_templates_check_is_a_new_teams(tmp_path, runner, monkeypatch):
    """A fresh team's templates (Dutch, en/ and fr/), one field mistyped in verslag.docx, as the
    README says."""
    from docx import Document

    root = tmp_path / "Team Noorderkempen"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    path = root / "docx_templates" / "verslag.docx"
    document = Document(str(path))
    (run,) = [r for p in document.paragraphs for r in p.runs if "{{ gezin.aanhef }}" in r.text]
    run.text = run.text.replace("{{ gezin.aanhef }}", "{{ gezin.naaam }}")
    document.save(str(path))
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(cli, ["templates", "check"])
    assert result.exit_code == 1, result.output
    actual = result.output.replace(str(root), "/home/team").rstrip("\n").splitlines()
    assert shown_as(readme_output("eenplan templates check"), actual), result.output
