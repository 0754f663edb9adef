"""Filling a Word template: docxtpl with the environment of ``template``, the template checked first.

    data = render_document(Path("uitnodiging.docx"), context, kind="uitnodiging", team_name="Team X",
                           today=datetime.date(2026, 11, 23))

A broken template or a field that does not exist is one Dutch sentence (``TemplateError``) that
names the template and the field, never a Jinja traceback. The document that comes out carries
no author or "last modified by" beyond the team's name, and no moment but the day the command
stands on (``today``, which is --as-of when given): the same data gives the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaError
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from eenplan.docx_templates import PACKAGE_TEMPLATES, checked, limits
from eenplan.docx_templates.context import FIELDS
from eenplan.docx_templates.template import (
    NOTES_TYPES,
    environment,
    neutral_properties,
    part_of,
    said_as,
    syntax_message,
    syntax_reason,
    template_parts,
)
from eenplan.errors import TemplateError
from eenplan.files import reproducible_entries

# docxtpl (0.2 s to import, docxcompose with it) is imported where a document is rendered.

# -- rendering -----------------------------------------------------------------------------------


def check_template(path: Path, kind: str) -> None:
    """Raise the first error `eenplan templates check` finds in a template for ``kind``."""
    from eenplan.docx_templates.lint import ERROR, check_file  # only when not remembered (``checked``)

    for finding in check_file(path, kind):
        if finding.severity == ERROR:
            raise TemplateError(finding.message)


def _shipped_as_is(data: bytes, path: Path, kind: str) -> bool:
    """Whether ``data`` is this eenplan's own default for ``kind``, in the language folder of
    ``path``, byte for byte (a team's untouched copy, or the default itself): the suite checks
    those with this eenplan (test_the_default_templates_pass), and the check looks at nothing
    but the bytes, the kind and the folder, so it would pass here too. It saves a team's first
    command (and the first after an upgrade) a tenth of a second a template."""
    folder = path.parent.name
    default = PACKAGE_TEMPLATES / (folder if folder != PACKAGE_TEMPLATES.name else "") / f"{kind}.docx"
    if path.name != default.name:
        return False
    try:
        return default.stat().st_size == len(data) and default.read_bytes() == data
    except OSError:
        return False


@functools.lru_cache(maxsize=32)
def _checked(path: Path, mtime_ns: int, size: int, kind: str, remember_in: Path | None) -> bytes:
    data = path.read_bytes()
    if _shipped_as_is(data, path, kind):
        return data
    if remember_in is None:
        check_template(path, kind)
        return data
    key = checked.check_key(data, path, kind)
    if not checked.known_good(remember_in, key):
        check_template(path, kind)
        if path.read_bytes() == data:  # what was checked is what is remembered
            checked.remember_good(remember_in, key)
    return data


def checked_template_bytes(path: Path, kind: str, *, remember_in: Path | None = None) -> bytes:
    """The template's bytes once it passed ``check_template`` (remembered while the file stays;
    with ``remember_in``, the team's state folder, also by the commands after this one)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TemplateError(f"Het sjabloon {said_as(path)} bestaat niet in {path.parent}: zet het terug, "
                            f"of kopieer het uit een nieuwe teammap (`eenplan init`).") from None
    return _checked(path, stat.st_mtime_ns, stat.st_size, kind, remember_in)


def prepare(path: Path, kind: str, *, remember_in: Path | None = None) -> None:
    """Check the template and load what renders it, so that processes forked afterwards start
    with both (a broken template is left for rendering to say)."""
    _template_class()
    try:
        checked_template_bytes(path, kind, remember_in=remember_in)
    except TemplateError:
        pass


def render_document(path: Path, context: Mapping[str, Any], *, kind: str, team_name: str,
                    today: datetime.date, right_to_left: bool = False,
                    remember_in: Path | None = None) -> bytes:
    """The filled-in document as .docx bytes, dated ``today`` (its properties and zip entries);
    ``right_to_left`` lays every paragraph, run and table out right to left (Arabic)."""
    return render_document_and_docx(path, context, kind=kind, team_name=team_name, today=today,
                                    right_to_left=right_to_left, remember_in=remember_in)[0]


def render_document_and_docx(path: Path, context: Mapping[str, Any], *, kind: str, team_name: str,
                             today: datetime.date, right_to_left: bool = False,
                             remember_in: Path | None = None) -> tuple[bytes, Any]:
    """``render_document``, and the document it wrote as python-docx holds it in memory (to put
    letters together without reading them back). ``remember_in``: the team's state folder, where
    a template that passed its check is remembered (``checked``)."""
    if kind not in FIELDS:
        raise ValueError(kind)
    data = checked_template_bytes(path, kind, remember_in=remember_in)
    from lxml.etree import LxmlError

    template = _template_class()(io.BytesIO(data))
    try:
        with limits.budget():
            template.render(_with_logo_image(template, context), jinja_env=_compiling_environment())
        neutral_properties(template.docx, team_name, today=today)
        if right_to_left:
            _right_to_left(template.docx)
        data = docx_bytes(template.docx, today)
    except limits.LimitExceeded as exc:
        raise TemplateError(
            f"eenplan stopte met {said_as(path)} invullen: {exc.reason}. `eenplan templates check` toont "
            "wat er in het sjabloon niet kan; herstel het in Word."
        ) from None
    except RecursionError:
        raise TemplateError(
            f"eenplan stopte met {said_as(path)} invullen: een macro roept zichzelf zonder einde op. "
            "Herstel het sjabloon in Word."
        ) from None
    except TemplateSyntaxError as exc:
        part = part_of(template_parts(template), exc)
        raise TemplateError(syntax_message(said_as(path), part, exc)) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"In {said_as(path)} staat een veld dat er bij dit document niet is ({_undefined(exc)}). "
            f"`eenplan templates fields {kind}` toont de velden die er zijn."
        ) from None
    except SecurityError:
        raise TemplateError(
            f"In {said_as(path)} staat een veld dat iets probeert wat een sjabloon niet mag: gebruik "
            f"alleen de velden van `eenplan templates fields {kind}`."
        ) from None
    except JinjaError as exc:
        raise TemplateError(f"In {said_as(path)} klopt een veld niet: {syntax_reason(exc)}. "
                            "Herstel het in Word.") from None
    except (TypeError, ArithmeticError):  # {{ gezin.naam + 5 }}, {{ 1 / 0 }}
        raise TemplateError(
            f"In {said_as(path)} rekent of vergelijkt een veld met iets wat niet kan: "
            "gebruik de velden zoals `eenplan templates fields` ze toont, zonder rekenwerk."
        ) from None
    except (LxmlError, ValueError, KeyError, IndexError, AttributeError):
        # docxtpl and python-docx on a file Word made in an unusual way
        raise TemplateError(
            f"eenplan kon {said_as(path)} niet invullen: het is anders opgebouwd dan "
            "een gewoon Word-document. Open het in Word, bewaar het opnieuw als .docx en probeer opnieuw."
        ) from None
    return data, template.docx


class _Entries:
    """Where python-docx's package writer puts each part: a list, not a zip."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def docx_bytes(document: Any, day: datetime.date) -> bytes:
    """A python-docx document as the bytes ``reproducible_zip`` makes of what it saves, dated
    ``day``; its parts compressed once (saving and zipping again compressed the template's large
    styles twice, a third of a letter's time)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    entries = _Entries()
    # PackageWriter.write, with the list for its zip writer
    PackageWriter._write_content_types_stream(entries, package.parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, package.parts)  # type: ignore[arg-type]  # a writer by its write()
    return reproducible_entries(entries.items, day, compressed=_DEFLATED)


_DEFLATED: dict[bytes, bytes] = {}  # the large parts of the templates in use, deflated once a process


LOGO_HEIGHT_CM = 1.6


def _with_logo_image(template: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with the letterhead's logo (the path of an image) as an image in the letter;
    without a logo file, "" (so {% if briefhoofd.logo %} holds)."""
    letterhead = context.get("briefhoofd")
    if not isinstance(letterhead, Mapping) or "logo" not in letterhead:
        return dict(context)
    logo = Path(str(letterhead["logo"])) if letterhead["logo"] else None
    if logo is None or not logo.is_absolute() or not logo.is_file():
        return {**context, "briefhoofd": {**letterhead, "logo": ""}}
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm
    from docxtpl import InlineImage

    try:
        from docx.image.image import Image

        Image.from_file(str(logo))
    except (UnrecognizedImageError, OSError):
        raise TemplateError(
            f"Het logo {logo.name} is geen afbeelding die Word kan tonen: bewaar het als PNG of JPG "
            "en zet die naam bij [briefhoofd] logo in eenplan.toml."
        ) from None
    image = InlineImage(template, str(logo), height=Cm(LOGO_HEIGHT_CM))
    return {**context, "briefhoofd": {**letterhead, "logo": image}}


class _CompilingEnvironment:
    """The template environment, remembering what it compiled: docxtpl hands Jinja each part of
    the template (body, header, footer) anew for every letter, and compiling it is most of a
    letter's time; the letters of one template share the compiled parts."""

    KEEP = 64  # compiled parts (a few per template)

    def __init__(self, env: Any) -> None:
        self._env = env
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: str) -> Any:
        compiled = self._compiled.pop(source, None)
        if compiled is None:
            compiled = self._env.from_string(source)  # a syntax error is raised, not remembered
        while len(self._compiled) >= self.KEEP:
            del self._compiled[next(iter(self._compiled))]
        self._compiled[source] = compiled  # the most recently used last
        return compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


@functools.lru_cache(maxsize=1)
def _compiling_environment() -> _CompilingEnvironment:
    """One environment a process (it holds no state of a document: ``limits`` counts per render)."""
    return _CompilingEnvironment(environment())


_PATCHED: dict[str, str] = {}  # a part's XML as in the template -> as docxtpl cleans it for Jinja


@functools.lru_cache(maxsize=1)
def _template_class() -> type:
    """docxtpl's DocxTemplate, minus rendering the document properties: eenplan writes those
    itself (the team as author), and docxtpl fails on a long description in a template; and
    docxtpl's clean-up of a part's XML before Jinja sees it done once per part of a template,
    not once per letter (it is the same XML each time, and the same clean-up)."""
    from docxtpl import DocxTemplate

    styles_read_when_needed()

    class Template(DocxTemplate):
        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            return None

        def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
            """The footnotes, as docxtpl fills them in, and the endnotes too (docxtpl leaves
            those as the template has them: "{{ gezin.naam }}" went to the family as it was);
            each part once."""
            for part in self.docx.part.package.iter_parts():
                if part.content_type in NOTES_TYPES:
                    blob = part.blob
                    xml = self.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)
                    part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")

        def patch_xml(self, src_xml: str) -> str:
            done = _PATCHED.get(src_xml)
            if done is None:
                done = super().patch_xml(src_xml)
                while len(_PATCHED) >= _CompilingEnvironment.KEEP:
                    del _PATCHED[next(iter(_PATCHED))]
                _PATCHED[src_xml] = done
            return done

    return Template


@functools.lru_cache(maxsize=1)
def styles_read_when_needed() -> None:
    """Have python-docx read a document's styles (word/styles.xml, a third of a megabyte in
    Word's templates) only when something looks at them. A letter never does: filling it in and
    putting letters together leave the styles as they are, and a document whose styles were not
    read is saved with the styles as python-docx would write them after reading them (worked out
    once per template, not once per letter). Reading and writing them was a third of a letter's
    time, and most of the time to put the print file together.

    Registered the way python-docx registers its own part classes, for this process.
    """
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.part import PartFactory
    from docx.oxml.parser import parse_xml
    from docx.parts.styles import StylesPart

    saved: dict[bytes, bytes] = {}  # the styles as read -> as python-docx writes them

    def as_saved(source: bytes) -> bytes:
        data = saved.get(source)
        if data is None:
            data = serialize_part_xml(parse_xml(source))
            while len(saved) >= 8:
                del saved[next(iter(saved))]
            saved[source] = data
        return data

    class StylesReadWhenNeeded(StylesPart):
        _source = b""
        _parsed: Any = None

        @classmethod
        def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> Any:
            part = cls(partname, content_type, None, package)  # type: ignore[arg-type]  # read later
            part._source = blob
            return part

        @property
        def _element(self) -> Any:  # what python-docx reads, the first time it does
            if self._parsed is None:
                self._parsed = parse_xml(self._source)
            return self._parsed

        @_element.setter
        def _element(self, element: Any) -> None:
            self._parsed = element

        @property
        def blob(self) -> bytes:
            if self._parsed is None:
                return as_saved(self._source)
            return serialize_part_xml(self._parsed)

    PartFactory.part_type_for[CONTENT_TYPE.WML_STYLES] = StylesReadWhenNeeded


def _undefined(exc: UndefinedError) -> str:
    message = str(exc.message or "")
    if match := re.search(r"has no attribute '([^']+)'", message):
        return f"het veld .{match.group(1)}"
    if match := re.search(r"'([^']+)' is undefined", message):
        return f"het veld {match.group(1)}"
    return "een veld"


# What follows w:bidi, w:rtl and w:bidiVisual in their parents (ECMA-376): Word refuses a
# document whose properties are out of order.
_AFTER_BIDI = tuple(f"w:{t}" for t in (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_AFTER_RTL = tuple(f"w:{t}" for t in ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"))
_AFTER_BIDI_VISUAL = tuple(f"w:{t}" for t in (
    "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
    "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
    "tblPrChange"))


def _right_to_left(document: Any) -> None:
    """Every paragraph right to left (w:bidi), every run in a right-to-left script (w:rtl), every
    table mirrored (w:bidiVisual): what Word does for a document typed in Arabic."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            properties = paragraph.get_or_add_pPr()
            if properties.find(qn("w:bidi")) is None:
                properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
        for run in root.iter(qn("w:r")):
            properties = run.get_or_add_rPr()
            if properties.find(qn("w:rtl")) is None:
                properties.insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)
        for table in root.iter(qn("w:tbl")):
            properties = table.find(qn("w:tblPr"))
            if properties is not None and properties.find(qn("w:bidiVisual")) is None:
                properties.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
