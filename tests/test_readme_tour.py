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
    "eenplan init",  # another folder
    "eenplan stats samenvoegen",  # the region files of two teams, the second not in the demo
    "eenplan templates check",  # shows a team's own templates with mistakes in them
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
