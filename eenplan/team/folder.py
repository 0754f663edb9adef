"""The team folder: where a team's files are (``Team``), and how a command finds it.

A command finds the team folder as git finds a repository: ``--team DIR``, else the nearest
folder upward from the current one that holds ``eenplan.toml``. ``--workbook FILE`` overrides
the workbook; with no team folder around it, the defaults apply and outputs go beside it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eenplan.errors import ConfigError
from eenplan.team import copies
from eenplan.team.settings import SETTINGS_FILE, Settings, parse_settings
from eenplan.team.tomlfile import read_toml


@dataclass(frozen=True)
class Team:
    """Where a team's files are. ``root`` is None for a bare workbook."""

    root: Path | None
    settings: Settings
    workbook: Path

    @property
    def base(self) -> Path:
        """The folder outputs go under: the team folder, or the bare workbook's folder."""
        return self.root if self.root is not None else self.workbook.parent

    @property
    def out_dir(self) -> Path:
        return self.base / "out"

    @property
    def reports_dir(self) -> Path:
        return self.base / "rapporten"

    @property
    def state_dir(self) -> Path:
        return self.base / ".eenplan"

    @property
    def templates_dir(self) -> Path:
        return self.base / "docx_templates"

    @property
    def flows_dir(self) -> Path:
        return self.base / "flows"

    def template_languages(self) -> frozenset[str]:
        """The languages letters can be made in: eenplan's own, and every folder in
        docx_templates/ with a template in it (docx_templates/tr/uitnodiging.docx), but one whose
        name starts with _ or . (the templates `templates bijwerken` kept, in _vorige/)."""
        from eenplan.dutch import SHIPPED_LANGUAGES

        found = set(SHIPPED_LANGUAGES)
        try:
            for entry in self.templates_dir.iterdir():
                if (entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(("_", "."))
                        and any(entry.glob("*.docx"))):
                    found.add(entry.name.casefold())
        except OSError:
            pass
        return frozenset(found)


def copies_sentence(team: Team, found: Sequence[copies.Beside]) -> str:
    """The sentence about ``found``, copies of the workbook beside it (``copies_beside``)."""
    return copies.copies_sentence(team.workbook.name, found, from_settings=_named_in_settings(team))


def copies_beside(team: Team, *, every: bool = False) -> tuple[copies.Beside, ...]:
    """The copies of the workbook beside it that are to be said: one a sync client made when
    two people saved at once (``copies.conflict_copies``). Only their names and times are
    looked at: a copy is never opened. ``every``: also those saved long before the workbook
    (retention and the inzage: an old copy holds a family's rows as much as a new one)."""
    workbook = team.workbook
    try:
        saved = _modified(workbook.stat().st_mtime)
        beside = []
        with os.scandir(workbook.parent) as entries:
            for entry in entries:
                if not copies.is_copy_name(workbook.name, entry.name):
                    continue
                try:
                    if entry.is_file():
                        beside.append(copies.Beside(entry.name, _modified(entry.stat().st_mtime)))
                except OSError:  # gone since the folder was listed
                    continue
    except OSError:  # no workbook (the command says so), or a folder that cannot be listed
        return ()
    if every:
        return tuple(sorted(beside, key=lambda b: b.name.casefold()))
    return copies.conflict_copies(workbook.name, saved, beside)


def _modified(timestamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp).replace(microsecond=0)


def _named_in_settings(team: Team) -> bool:
    if team.root is None:
        return False
    try:
        return team.workbook.resolve() == (team.root / team.settings.workbook).resolve()
    except OSError:
        return False


def find_team(
    *, team: Path | None = None, workbook: Path | None = None, cwd: Path | None = None
) -> Team:
    """The team the command works for, from ``--team``, ``--workbook`` and the current folder."""
    root: Path | None
    if team is not None:
        root = team.expanduser().resolve()
        if not (root / SETTINGS_FILE).is_file():
            raise ConfigError(
                f"In {root} staat geen {SETTINGS_FILE}: dat is geen teammap. "
                "Maak er een met `eenplan init MAP` of kies de juiste map."
            )
    else:
        root = _find_upward((cwd or Path.cwd()).resolve())
    if root is None:
        if workbook is None:
            raise ConfigError(
                f"Hier en in de mappen erboven staat geen {SETTINGS_FILE}. Ga naar de teammap, "
                "geef --team MAP of --workbook BESTAND, of maak een teammap met `eenplan init MAP`."
            )
        return Team(root=None, settings=Settings(), workbook=workbook.expanduser().resolve())
    settings = load_settings(root / SETTINGS_FILE)
    chosen = workbook.expanduser().resolve() if workbook is not None else root / settings.workbook
    return Team(root=root, settings=settings, workbook=chosen)


def _find_upward(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None


def load_settings(path: Path) -> Settings:
    """Read eenplan.toml; an unknown key or a bad value is one ConfigError naming the key."""
    raw = read_toml(path, shown=path.name)
    return parse_settings(raw, source=path.name)
