"""`eenplan templates bijwerken`: the team's templates that are an earlier eenplan's default, no
one changed them, become this eenplan's default.

    updated = update_templates(team, today=today)
    updated.templates  # one TemplateUpdate per template eenplan ships a default for

Only a template whose content is, to the byte, a default an earlier eenplan shipped is replaced
(``shipped``); one a person changed (or only saved again in Word) is never touched, and the
command says what it lacks (``improvements``). The template replaced is kept first, in
docx_templates/_vorige/<day>/ (a folder eenplan does not read templates from), then the new
one takes its name in one step (temporary file and rename), inside the team folder and never
through a link. A template open in Word (its ~$ owner file beside it) is left for the next time.

Documents eenplan already made stay as they are: they may have been sent. A document is made
again only when its data changes (documents.py: a fingerprint made with an earlier default of
the same template is the same), and then with the new wording.
"""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.improvements import Lack
from eenplan.docx_templates.lint import template_lacks
from eenplan.docx_templates.shipped import (
    ASIDE,
    CURRENT,
    EARLIER,
    shown_name,
    standing_of,
    team_defaults,
)
from eenplan.dutch import DUTCH, plural
from eenplan.errors import ConfigError, OutputError
from eenplan.files import make_folder_inside, require_inside, write_bytes_atomically
from eenplan.team.folder import Team

REPLACED = "replaced"  # an earlier default, now this eenplan's (the old one kept aside)
UP_TO_DATE = "current"  # this eenplan's default already
OWN = "own"  # changed by the team: left as it is
OPEN = "open"  # an earlier default, open in Word: left for the next time
FAILED = "failed"  # an earlier default that could not be replaced (``problem`` says why)


@dataclass(frozen=True)
class TemplateUpdate:
    template: str  # as the team folder shows it: "uitnodiging.docx", "en/uitnodiging.docx"
    outcome: str
    kept: Path | None = None  # REPLACED: where the template it replaced is now
    lacks: tuple[Lack, ...] = ()  # OWN: what it lacks of this eenplan's default
    problem: str = ""  # OPEN, FAILED: why it is not replaced, and what to do

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "outcome": self.outcome,
                "kept": str(self.kept) if self.kept is not None else None,
                "lacks": [{"what": lack.what, "message": lack.message} for lack in self.lacks],
                "problem": self.problem}


@dataclass(frozen=True)
class TemplatesUpdated:
    folder: Path  # the team's docx_templates
    aside: Path  # where the templates replaced are kept: docx_templates/_vorige/<day>
    templates: tuple[TemplateUpdate, ...]

    @property
    def replaced(self) -> tuple[TemplateUpdate, ...]:
        return tuple(t for t in self.templates if t.outcome == REPLACED)

    @property
    def left(self) -> tuple[TemplateUpdate, ...]:
        """Earlier defaults that are still there: open in Word, or not writable."""
        return tuple(t for t in self.templates if t.outcome in (OPEN, FAILED))

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "aside": str(self.aside), "replaced": len(self.replaced),
                "left": len(self.left), "templates": [t.to_dict() for t in self.templates]}


def update_templates(team: Team, *, today: datetime.date) -> TemplatesUpdated:
    """Replace each of the team's templates that is an earlier default by this eenplan's."""
    folder = team.templates_dir
    if not folder.is_dir():
        raise ConfigError(f"In {team.base} staat geen map docx_templates: eenplan gebruikt dan zijn eigen "
                          "standaardsjablonen, die altijd de nieuwste zijn. Er is niets bij te werken.")
    require_inside(team.base, folder)  # never another team's templates, through a link
    aside = folder / ASIDE / today.isoformat()
    done = []
    for key, path in team_defaults(folder):
        shown = shown_name(key, path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            done.append(TemplateUpdate(shown, FAILED, problem=(
                f"{shown} kan eenplan niet lezen ({exc.strerror}): eenplan liet het staan.")))
            continue
        status = standing_of(data, key)
        if status == CURRENT:
            done.append(TemplateUpdate(shown, UP_TO_DATE))
        elif status == EARLIER:
            done.append(_replace(team, key, path, shown, data, aside))
        else:
            language = key.rpartition("/")[0] or DUTCH
            done.append(TemplateUpdate(shown, OWN, lacks=tuple(template_lacks(path, language))))
    return TemplatesUpdated(folder, aside, tuple(done))


def _replace(team: Team, key: str, path: Path, shown: str, data: bytes, aside: Path) -> TemplateUpdate:
    """Keep ``path`` (whose bytes are ``data``) aside, then put this eenplan's default in its place."""
    if _open_in_word(path):
        return TemplateUpdate(shown, OPEN, problem=(
            f"{shown} is open in Word of LibreOffice: sluit het en voer `eenplan templates bijwerken` "
            "opnieuw uit."))
    kept = _free(aside / path.relative_to(team.templates_dir))
    try:
        require_inside(team.base, path)
        make_folder_inside(team.base, kept.parent)
        write_bytes_atomically(kept, data)
        if path.read_bytes() != data:  # saved in Word meanwhile: the team's now
            return TemplateUpdate(shown, FAILED, problem=(
                f"{shown} werd net bewaard, terwijl eenplan het wou bijwerken: eenplan liet het "
                "staan; kijk het na met `eenplan templates check`."))
        write_bytes_atomically(path, (PACKAGE_TEMPLATES / key).read_bytes())
    except OutputError as exc:
        return TemplateUpdate(shown, FAILED, problem=f"{shown} is niet bijgewerkt: {exc}")
    except OSError as exc:
        return TemplateUpdate(shown, FAILED, problem=(
            f"{shown} is niet bijgewerkt ({exc.strerror}): eenplan liet het staan."))
    return TemplateUpdate(shown, REPLACED, kept=kept)


def _open_in_word(path: Path) -> bool:
    """Word keeps an owner file beside a document it has open: ~$ and the name, or for a longer
    name ~$ in place of its first two letters (~$tnodiging.docx); LibreOffice a lock file
    .~lock.uitnodiging.docx# (a team that edits its templates in Writer)."""
    return any(candidate.exists() for candidate in (path.with_name("~$" + path.name),
                                                    path.with_name("~$" + path.name[2:]),
                                                    path.with_name(f".~lock.{path.name}#")))


def _free(path: Path) -> Path:
    """``path``, or "uitnodiging (2).docx" beside it when that is taken (a second update that day)."""
    number = 2
    free = path
    while free.exists():
        free = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return free


def updated_table(updated: TemplatesUpdated, *, shown: Callable[[Path], str] = str) -> str:
    """What `templates bijwerken` did, for the terminal, in Dutch."""
    replaced = updated.replaced
    if replaced:
        lines = textwrap.wrap(
            f"{shown(updated.folder)}: {plural(len(replaced), 'sjabloon', 'sjablonen')} bijgewerkt naar "
            f"de standaard van deze eenplan; de oude staan in {shown(updated.aside)}.", 80)
    else:
        lines = [f"{shown(updated.folder)}: geen sjabloon bijgewerkt."]
    said = {REPLACED: "bijgewerkt", OWN: "door het team aangepast: eenplan laat het zoals het is",
            OPEN: "niet bijgewerkt", FAILED: "niet bijgewerkt"}
    listed = [t for t in updated.templates if t.outcome != UP_TO_DATE]
    width = max((len(t.template) for t in listed), default=0) + 2
    if listed:
        lines.append("")
    for item in listed:
        lines.append(f"  {item.template:<{width}}{said[item.outcome]}")
        notes = [item.problem] if item.problem else [lack.message for lack in item.lacks]
        for note in notes:
            lines += textwrap.wrap(note, 80, initial_indent="    let op ", subsequent_indent=" " * 11)
    current = len(updated.templates) - len(listed)
    if current:
        lines += ["", f"{plural(current, 'sjabloon is', 'sjablonen zijn')} al de standaard van deze "
                      "eenplan."]
    if replaced:
        lines += ["", *textwrap.wrap(
            "Documenten die eenplan al maakte, blijven zoals ze zijn: ze kunnen al verstuurd zijn. "
            "Wat eenplan vanaf nu maakt, of opnieuw maakt omdat er iets veranderde in de werkmap, "
            "krijgt de nieuwe tekst.", 80)]
    return "\n".join(lines)
