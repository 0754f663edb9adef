"""Every default template eenplan ever shipped, and whether a team's template is one of them.

    standing(team.templates_dir / "en" / "uitnodiging.docx", "en/uitnodiging.docx")
    # CURRENT: this eenplan's default; EARLIER: an earlier eenplan's, untouched; OWN: the team's

`eenplan init` copies the defaults into a team folder, and a team edits some of them in Word.
A copy no one changed is still an earlier default byte for byte: `templates check` and the
watcher say so, and `eenplan templates bijwerken` puts the current default in its place.

shipped.json lists, per template (its path under eenplan/docx_templates: "uitnodiging.docx",
"en/uitnodiging.docx"), every version eenplan shipped, oldest first: the hash of its content and
the hash of its file. scripts/shipped_templates.py makes it from the git history;
tests/test_template_upgrade.py fails when a default changes without it.

The content hash is of every part of the .docx but docProps/core.xml (the dates a save
stamps), each part's name and bytes: the same for a copy packed again (another zip tool, a sync
client, another compression), and different for any change a person can make in Word, which
rewrites the document's XML. A file only re-saved in Word counts as the team's own: eenplan
would rather leave a template alone than replace one a person touched.
The file hash is what a document's fingerprint holds of its template (documents.py).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.context import KINDS
from eenplan.docx_templates.template import MAX_ALL_PARTS, MAX_ANY_PART, team_template
from eenplan.dutch import DUTCH, SHIPPED_LANGUAGES, and_list
from eenplan.errors import TemplateError

SHIPPED_FILE = PACKAGE_TEMPLATES / "shipped.json"
LEFT_OUT = "docProps/core.xml"  # the dates and the author a save stamps, not what a reader sees

CURRENT = "current"  # this eenplan's default, as shipped
EARLIER = "earlier"  # an earlier eenplan's default, as shipped: no one changed it
OWN = "own"  # the team's own: changed, or never a default
# where `templates bijwerken` keeps the templates it replaced, in docx_templates/ (a folder whose
# name starts with _ is no language folder)
ASIDE = "_vorige"


def key_of(kind: str, language: str = DUTCH) -> str:
    """A template's path under eenplan/docx_templates: "uitnodiging.docx", "en/uitnodiging.docx"."""
    return f"{kind}.docx" if language == DUTCH else f"{language}/{kind}.docx"


def content_hash(data: bytes) -> str | None:
    """The hash of what a .docx holds (module docstring); None for a file that is no .docx, or
    that unpacks to more than a template may (it is then no default either)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
            sizes = [i.file_size for i in entries]
            if any(size > MAX_ANY_PART for size in sizes) or sum(sizes) > MAX_ALL_PARTS:
                return None
            digest = hashlib.sha256()
            for info in entries:
                if info.filename == LEFT_OUT:
                    continue
                part = archive.read(info)
                digest.update(f"{info.filename}\0{len(part)}\0".encode())
                digest.update(part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, EOFError,
            OSError, RuntimeError, zlib.error):  # not a zip, a damaged or an encrypted part
        return None
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def shipped() -> dict[str, tuple[tuple[str, str], ...]]:
    """shipped.json: per template, (content hash, file hash) of each version, oldest first."""
    data = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    return {key: tuple((v["content"], v["file"]) for v in versions)
            for key, versions in data["templates"].items()}


@functools.lru_cache(maxsize=32)
def current_content(key: str) -> str | None:
    """The content hash of this eenplan's default for ``key``; None when it ships none."""
    path = PACKAGE_TEMPLATES / key
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return None


@functools.lru_cache(maxsize=32)
def shipped_file_hashes(key: str) -> frozenset[str]:
    """The file hash of every version of ``key`` eenplan shipped, this one's included."""
    return frozenset(file for _, file in shipped().get(key, ()))


def standing_of(data: bytes, key: str) -> str:
    """CURRENT, EARLIER or OWN for the bytes of a team's template for ``key``."""
    found = content_hash(data)
    if found is None:
        return OWN
    if found == current_content(key):
        return CURRENT
    if any(found == content for content, _ in shipped().get(key, ())):
        return EARLIER
    return OWN


def standing(path: Path, key: str) -> str:
    """``standing_of`` a template file (OWN when it cannot be read: `templates check` says why)."""
    try:
        stat = path.stat()
    except OSError:
        return OWN
    return _standing(path, key, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _standing(path: Path, key: str, mtime_ns: int, size: int) -> str:
    """Read once while the file stays the same (every letter asks for its template)."""
    try:
        return standing_of(path.read_bytes(), key)
    except OSError:
        return OWN


def earlier_default_message(shown: str, missed: Sequence[str] = ()) -> str:
    """The sentence for a template that is an earlier eenplan's default, untouched; ``missed``:
    what it lacks that a family would notice (``improvements``)."""
    return (f"{shown} is de standaard van een vorige versie van eenplan, en niemand veranderde het: "
            "`eenplan templates bijwerken` zet de standaard van deze versie in de plaats (het oude "
            f"bewaart eenplan in docx_templates/{ASIDE}/)"
            + (f"; dan heeft het ook {and_list(list(missed))}." if missed else "."))


def team_defaults(folder: Path) -> list[tuple[str, Path]]:
    """The team's template for each default eenplan ships, as (key, file): in ``folder`` (the
    team's docx_templates) and its fr/ and en/ (any case of the name, as documents take them).
    A kind the team has no .docx for is left out: eenplan's own default is used for it."""
    found = []
    for language in sorted(SHIPPED_LANGUAGES, key=lambda code: (code != DUTCH, code)):  # as listed
        here = folder if language == DUTCH else folder / language
        for kind in KINDS:
            key = key_of(kind, language)
            if not (PACKAGE_TEMPLATES / key).is_file():
                continue
            try:
                path = team_template(here, kind)
            except TemplateError:  # saved as .doc or .odt: the team's own (templates check says so)
                continue
            if path is not None:
                found.append((key, path))
    return found


def earlier_defaults(folder: Path) -> list[str]:
    """The team's templates that are an earlier eenplan's default, untouched, as the team folder
    shows them ("uitnodiging.docx", "en/uitnodiging.docx")."""
    return [shown_name(key, path) for key, path in team_defaults(folder)
            if standing(path, key) == EARLIER]


def shown_name(key: str, path: Path) -> str:
    """A team's template as said to the team: its own file name, in its language folder."""
    language = key.rpartition("/")[0]
    return f"{language}/{path.name}" if language else path.name


def earlier_defaults_line(folder: Path, shown: int = 3) -> str | None:
    """The watcher's sentence, when it starts, for the team's templates that are an earlier
    eenplan's default, untouched; None when there are none."""
    names = earlier_defaults(folder)
    if not names:
        return None
    listed = and_list(names) if len(names) <= shown + 1 else (
        f"{', '.join(names[:shown])} en {len(names) - shown} andere")
    one = len(names) == 1
    return (f"Let op: {listed} {'is de standaard' if one else 'zijn de standaarden'} van een vorige "
            f"versie van eenplan, en niemand veranderde {'het' if one else 'ze'}: `eenplan templates "
            "bijwerken` zet die van deze versie in de plaats. Tot dan maakt eenplan de documenten "
            "met de oude tekst.")
