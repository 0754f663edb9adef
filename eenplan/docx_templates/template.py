"""A Word template read: the sandboxed, autoescaping, strict Jinja environment and its date
filters, the XML parts Jinja sees paragraph by paragraph (``template_parts``), the fields a part
uses (``field_uses``), Dutch sentences for a broken field, and the document properties a
generated document gets (``neutral_properties``: the team as the only author).

The renderer (``renderer``) and `eenplan templates check` (``lint``) both build on it. A
document carries no moment but the day the command stands on (``today``, --as-of when given):
the same data gives the same bytes.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import html
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import TemplateRuntimeError

from eenplan.docx_templates.limits import LimitedEnvironment
from eenplan.dutch import (
    current_locale,
    date_pattern,
    date_without_weekday,
    language_code,
    short_date,
)
from eenplan.errors import TemplateError

# docxtpl and python-docx (0.1-0.2 s each) are imported where a template is opened: `templates
# fields` and the lint's listing need only Jinja.

# Jinja's own globals and the loop variable: never a field of ours
BUILTIN_NAMES = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "true",
                           "false", "none", "True", "False", "None"})
DATE_PATTERN_PROBLEM = "datum-patroon:"
DATE_PATTERN_HOUR = "datum-uur:"

# -- |datum(...): the patterns eenplan accepts ---------------------------------------------------

# What a Flemish letter needs, in the letters of the Unicode date patterns, and nothing else:
# eenplan decides which patterns a template may use, not the Babel release that is installed.
DAY_FIELDS = frozenset({"d", "dd", "EEEE", "EEE", "MMMM", "MMM", "MM", "M", "yyyy", "yy", "y"})
TIME_FIELDS = frozenset({"HH", "H", "mm"})
SEPARATORS = frozenset(" \u00a0,.-/:;()·–")


def date_pattern_fields(pattern: str) -> frozenset[str] | None:
    """The fields of a |datum pattern ("d MMMM y" -> d, MMMM, y), or None when eenplan refuses it.

    Text between single quotes is shown as it is ('om', and '' for a quote); outside quotes only
    the fields above and separators (spaces, , . - / : ; ( ) · –) may stand.
    """
    fields: set[str] = set()
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = pattern.find("'", index + 1)
            if end < 0:
                return None  # a quote that is not closed
            index = end + 1
        elif char.isascii() and char.isalpha():
            end = index
            while end < len(pattern) and pattern[end] == char:
                end += 1
            field = pattern[index:end]
            if field not in DAY_FIELDS | TIME_FIELDS:
                return None
            fields.add(field)
            index = end
        elif char in SEPARATORS:
            index += 1
        else:
            return None
    return frozenset(fields) if fields else None


def date_pattern_reason(pattern: str, *, with_time: bool = False) -> str | None:
    """Why |datum(pattern) cannot be used (Dutch), or None; ``with_time``: the value has an hour."""
    fields = date_pattern_fields(pattern)
    if fields is None:
        return _unknown_pattern(pattern)
    if fields & TIME_FIELDS and not with_time:
        return _hour_pattern(pattern)
    return None


def _unknown_pattern(pattern: str) -> str:
    return (f'het patroon "{pattern}" in |datum(...) kent eenplan niet; gebruik bijvoorbeeld '
            '|datum("d MMMM y") voor 7 december 2026')


def _hour_pattern(pattern: str) -> str:
    return (f'het patroon "{pattern}" in |datum(...) toont een uur, maar een datum in een sjabloon '
            "heeft geen uur; het uur van de rondetafel staat in {{ rondetafel.uur }}")


def date_patterns(tree: nodes.Template) -> list[tuple[str, int]]:
    """Every pattern written in the template as |datum("...") with the line it is on."""
    found = []
    for node in tree.find_all(nodes.Filter):
        if node.name != "datum":
            continue
        given = [*node.args[:1], *(k.value for k in node.kwargs if k.key == "pattern")]
        for arg in given:
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                found.append((arg.value, node.lineno))
    return found


# -- the environment ---------------------------------------------------------------------------


def _date_filter(value: Any, pattern: str = "EEEE d MMMM y") -> str:
    if isinstance(value, datetime.date):
        pattern = str(pattern)
        with_time = isinstance(value, datetime.datetime)
        fields = date_pattern_fields(pattern)
        if fields is None:
            raise TemplateRuntimeError(f"{DATE_PATTERN_PROBLEM}{pattern}")
        if fields & TIME_FIELDS and not with_time:
            raise TemplateRuntimeError(f"{DATE_PATTERN_HOUR}{pattern}")
        from babel.dates import parse_pattern

        # what babel.dates.format_date does, without its time-zone conversion of a datetime
        try:
            return parse_pattern(date_pattern(pattern, value)).apply(value, _locale(current_locale()))
        except (ValueError, AttributeError, KeyError, TypeError):
            raise TemplateRuntimeError(f"{DATE_PATTERN_PROBLEM}{pattern}") from None
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=16)
def _locale(name: str) -> Any:
    from babel import Locale

    return Locale.parse(name)


GROUP_VALUE = "groep-velden:"


def _no_group(value: Any) -> Any:
    """What {{ ... }} writes, unless it is a group of fields (a dict, a list): the family's
    address and e-mail as Python data in a letter to every guest. The lint names the field
    (``group-field``); this is the last guard, for what it cannot see (a {% set %})."""
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        raise TemplateRuntimeError(GROUP_VALUE)
    return value


def _short_date(value: Any) -> str:
    return short_date(value) if isinstance(value, datetime.date) else ("" if value is None else str(value))


def _date_without_weekday(value: Any) -> str:
    if isinstance(value, datetime.date):
        return date_without_weekday(value)
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=1)
def environment() -> LimitedEnvironment:
    """Sandboxed (a template cannot reach Python), counted (it cannot hang eenplan: ``limits``),
    autoescaped ("&" stays "&"), strict, and never writing a group of fields (``_no_group``)."""
    env = LimitedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_no_group)
    env.filters.update(datum=_date_filter, korte_datum=_short_date, datum_zonder_dag=_date_without_weekday)
    return env


# -- the template's parts, as Jinja sees them ----------------------------------------------------


@dataclass(frozen=True)
class Part:
    name: str  # "document", "koptekst", "voettekst"
    xml: str  # docxtpl-patched XML, one paragraph a line (as docxtpl renders it)
    texts: tuple[str, ...] = ()  # the paragraphs' text as in Word, before docxtpl's patching
    split_tags: tuple[str, ...] = ()  # fields Word split over runs that look different
    # text in a table row that holds a {%tr %} tag, outside the tag's own paragraph, with that
    # paragraph: docxtpl puts the tag in the row's place, so the text is gone
    lost_in_rows: tuple[tuple[str, str], ...] = ()

    def unbalanced_all(self) -> list[str]:
        """Every paragraph with a {{ or {% that it does not close (docxtpl would merge on), as
        shown in a finding."""
        return [text if len(text) <= 90 else text[:87] + "..." for text in self.texts
                if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}")]

    def paragraph(self, lineno: int | None) -> str:
        """The text of the paragraph on a Jinja line number, as a person sees it in Word."""
        if not lineno:
            return ""
        lines = self.xml.split("\n")
        if not 0 < lineno <= len(lines):
            return ""
        return paragraph_text(lines[lineno - 1])


def paragraph_text(xml: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", xml)).strip()
    return text if len(text) <= 90 else text[:87] + "..."


def open_template(path: Path) -> Any:
    """A DocxTemplate for ``path``; a file that is not a usable .docx is a TemplateError."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from lxml.etree import LxmlError

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"Het sjabloon {path.name} bestaat niet in {path.parent}.") from None
    except OSError as exc:
        raise TemplateError(f"Het sjabloon {path.name} kan niet gelezen worden: {exc.strerror}.") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TemplateError(
            f"{path.name} is beveiligd met een wachtwoord, of is een oud .doc-bestand: bewaar het in "
            "Word zonder wachtwoord als .docx (Word-document)."
        )
    _not_too_large(path.name, data)
    template = DocxTemplate(io.BytesIO(data))
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise TemplateError(
            f"{path.name} is geen Word-document dat eenplan kan openen: "
            "bewaar het in Word als .docx (Word-document), niet als .doc of .dotx."
        ) from None
    except (LxmlError, AttributeError, IndexError, TypeError, UnicodeDecodeError):
        raise TemplateError(
            f"{path.name} is beschadigd of geen gewoon Word-document: open het "
            "in Word en bewaar het opnieuw als .docx."
        ) from None
    return template


MAX_TEXT_PART = 2_000_000  # bytes of XML in the body, a header or a footer; a letter has some 10,000
MAX_ANY_PART = 30_000_000  # bytes any part (a letterhead image, a thumbnail) may unpack to
MAX_ALL_PARTS = 100_000_000  # bytes all parts together


class TemplateTooLarge(TemplateError):
    """A template, or a part in it, unpacks to more than a letter ever needs."""


def _not_too_large(name: str, data: bytes) -> None:
    """A template is a letter, not a book: Jinja and docxtpl take minutes on a 12 MB body."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {i.filename: i.file_size for i in archive.infolist()}
    except (zipfile.BadZipFile, ValueError):
        return  # init_docx says why
    # A zip says how large each part unpacks to, and Python's zip reader stops there: checked
    # before anything unpacks it (a 1.5 MB file whose thumbnail unpacks to 1.5 GB).
    biggest = max(sizes, key=sizes.__getitem__, default="")
    if sizes and (sizes[biggest] > MAX_ANY_PART or sum(sizes.values()) > MAX_ALL_PARTS):
        raise TemplateTooLarge(
            f"{name} pakt uit tot {sum(sizes.values()) // 1_000_000} MB (het deel {biggest} alleen al "
            f"{sizes[biggest] // 1_000_000} MB); een brief heeft minder dan 5 MB nodig. Bewaar het "
            "sjabloon in Word opnieuw zonder grote afbeeldingen of miniatuur, of begin van het "
            "standaardsjabloon van eenplan."
        )
    text = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
    largest = max((size for part, size in sizes.items() if text.fullmatch(part)), default=0)
    if largest > MAX_TEXT_PART:
        raise TemplateTooLarge(
            f"{name} is te groot voor een sjabloon ({largest // 1_000_000} MB tekst; een brief heeft "
            "minder dan 0,1 MB): maak een kort sjabloon met alleen de brief, of begin van het "
            "standaardsjabloon van eenplan."
        )


def template_parts(template: Any) -> list[Part]:
    """The body, headers, footers, footnotes and endnotes of a DocxTemplate, patched as docxtpl
    patches them."""
    from docx.oxml import parse_xml

    body = template.get_xml()
    parts = [Part("document", _lines(template.patch_xml(_closed(body))), *_paragraphs(body),
                  lost_in_rows=_lost_in_rows(body))]
    for uri, label in ((template.HEADER_URI, "koptekst"), (template.FOOTER_URI, "voettekst")):
        for _key, part in template.get_headers_footers(uri):
            xml = template.xml_to_string(parse_xml(part.blob))
            parts.append(Part(label, _lines(template.patch_xml(_closed(xml))), *_paragraphs(xml),
                              lost_in_rows=_lost_in_rows(xml)))
    for part in template.docx.part.package.iter_parts():
        notes = NOTES_TYPES.get(part.content_type)
        if notes is not None and isinstance(part.blob, bytes):
            xml = part.blob.decode("utf-8", errors="replace")
            parts.append(Part(notes, _lines(template.patch_xml(_closed(xml))), *_paragraphs(xml)))
    return parts


def _closed(xml: str) -> str:
    """The XML with the braces taken out of each paragraph that does not close its {{ or {%:
    docxtpl would merge it with the paragraphs after it, hiding their problems; the lint reports
    such a paragraph itself (Part.unbalanced_all) and reads the rest as Word shows it."""

    def plain(match: re.Match[str]) -> str:
        paragraph = match.group(0)
        text = html.unescape("".join(_TEXT.findall(paragraph)))
        if text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"):
            return paragraph
        return _TEXT.sub(lambda t: t.group(0).replace("{", "").replace("}", ""), paragraph)

    return _PARAGRAPH.sub(plain, xml)


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", flags=re.S)
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
# the notes' parts, filled in as the body is (the renderer) and checked as it is (the lint)
NOTES_TYPES = {FOOTNOTES_TYPE: "voetnoten", ENDNOTES_TYPE: "eindnoten"}


_RUN = re.compile(r"<w:r[ >].*?</w:r>", flags=re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# what Word varies between runs without it showing: spelling marks, language, rsids
_INVISIBLE = re.compile(r"<w:(lang|noProof|proofErr|rtl|cs)\b[^>]*/>|\sw:hint=\"[^\"]*\"")


def _paragraphs(xml: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each paragraph's text as Word shows it, and the fields split over differently formatted runs."""
    texts, split = [], []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        runs = []
        for run in _RUN.findall(paragraph):
            text = html.unescape("".join(_TEXT.findall(run)))
            if text:
                look = re.search(r"<w:rPr>.*?</w:rPr>", run, flags=re.S)
                runs.append((text, _INVISIBLE.sub("", look.group(0)) if look else ""))
        text = "".join(t for t, _ in runs)
        if not text:
            continue
        texts.append(text)
        starts, offset = [], 0
        for run_text, _look in runs:
            starts.append(offset)
            offset += len(run_text)
        for match in _FIELD.finditer(text):
            looks = {look for (run_text, look), start in zip(runs, starts, strict=True)
                     if start < match.end() and start + len(run_text) > match.start()}
            if len(looks) > 1:
                split.append(match.group(0))
    return tuple(texts), tuple(split)


_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", flags=re.S)
_ROW_TAG = re.compile(r"\{%\s*tr\s")


def _lost_in_rows(xml: str) -> tuple[tuple[str, str], ...]:
    """For each table row with a {%tr %} tag: the text of its other paragraphs (other cells, or
    the tag's cell below it), which docxtpl drops with the row, and the tag's paragraph."""
    lost = []
    for row in _ROW.findall(xml):
        texts = [html.unescape("".join(_TEXT.findall(p))).strip() for p in _PARAGRAPH.findall(row)]
        tagged = [t for t in texts if _ROW_TAG.search(t)]
        rest = " ".join(t for t in texts if t and not _ROW_TAG.search(t))
        if tagged and rest:
            lost.append((tagged[0], rest))
    return tuple(lost)


def _lines(xml: str) -> str:
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


# -- which fields a template uses ----------------------------------------------------------------


@dataclass(frozen=True)
class FieldUse:
    path: str  # in the catalogue's terms: "afspraken[].doel"
    shown: str  # as written in the template: "a.doel"
    lineno: int
    alias: tuple[str, str] | None = None  # (loop variable, its catalogue path) to translate back
    printed: bool = False  # written into the document as it is ({{ gezin }}), not tested or looped over


def field_uses(tree: nodes.Template) -> list[FieldUse]:
    """Every field (with its attributes) a parsed template reads, with loop variables resolved."""
    uses: list[FieldUse] = []
    _walk(tree, {}, uses)
    return uses


# filters that turn a group into a number: {{ genodigden|length }} prints no one's data
_COUNTING_FILTERS = frozenset({"length", "count", "wordcount"})


def _printed(node: nodes.Node) -> list[nodes.Node]:
    """The fields an expression of {{ ... }} writes into the document as they are: itself, or
    what a filter (other than a count) or an ``a if b else c`` hands on."""
    if isinstance(node, nodes.Filter):
        return [] if node.name in _COUNTING_FILTERS or node.node is None else _printed(node.node)
    if isinstance(node, nodes.CondExpr):
        return [*_printed(node.expr1), *(_printed(node.expr2) if node.expr2 is not None else [])]
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
        return [node]
    return []


def _walk(node: nodes.Node, scope: dict[str, str | None], uses: list[FieldUse],
          printed: frozenset[int] = frozenset()) -> None:
    if isinstance(node, nodes.Output):
        shown = frozenset(id(n) for expr in node.nodes for n in _printed(expr))
        for expr in node.nodes:
            _walk(expr, scope, uses, printed | shown)
        return
    if isinstance(node, nodes.For):
        _walk(node.iter, scope, uses, printed)
        inner = dict(scope)
        base = _path_of(node.iter, scope)
        for name in _targets(node.target):  # {% for a in afspraken %}: a is an item of afspraken
            inner[name] = base + "[]" if base and isinstance(node.target, nodes.Name) else None
        for child in node.body:
            _walk(child, inner, uses, printed)
        for child in node.else_:
            _walk(child, scope, uses, printed)
        if node.test is not None:
            _walk(node.test, inner, uses, printed)
        return
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        for name in _targets(node.target):  # {% set x = ... %}: the template's own name
            scope[name] = None
        for child in node.iter_child_nodes(exclude=("target",)):
            _walk(child, scope, uses, printed)
        return
    if isinstance(node, (nodes.Macro, nodes.CallBlock)):
        inner = dict(scope)
        for arg in getattr(node, "args", ()):
            inner[arg.name] = None
        inner.update(caller=None, varargs=None, kwargs=None)
        for child in node.body:
            _walk(child, inner, uses, printed)
        if isinstance(node, nodes.Macro):
            scope[node.name] = None
        return
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
        chain = _chain(node)
        if chain is not None:
            head, attrs = chain
            if head in BUILTIN_NAMES or (head in scope and scope[head] is None):
                return
            if head in scope:
                base = scope[head]
                assert base is not None  # a loop variable over a known list (None returned above)
                uses.append(FieldUse(".".join([base, *attrs]), ".".join([head, *attrs]), node.lineno,
                                     (head, base), id(node) in printed))
            else:
                uses.append(FieldUse(".".join([head, *attrs]), ".".join([head, *attrs]), node.lineno,
                                     printed=id(node) in printed))
            if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                _walk(node.arg, scope, uses, printed)
            return
    for child in node.iter_child_nodes():
        _walk(child, scope, uses, printed)


def _targets(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [name.name for name in target.find_all(nodes.Name)]


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """gezin.naam -> ("gezin", ["naam"]); None when it does not start at a plain name."""
    attrs: list[str] = []
    while True:
        if isinstance(node, nodes.Name):
            return node.name, list(reversed(attrs))
        if isinstance(node, nodes.Getattr):
            attrs.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            attrs.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            node = node.node  # a[0]: an index into a list, the item's fields follow
            attrs.append("[]")
        else:
            return None


def _path_of(node: nodes.Node, scope: Mapping[str, str | None]) -> str | None:
    chain = _chain(node)
    if chain is None:
        return None
    head, attrs = chain
    base = scope.get(head, head) if head in scope else head
    if base is None:
        return None
    return ".".join([base, *attrs])


def known(path: str, catalogue: frozenset[str]) -> bool:
    """A field of the catalogue, a group of them (gezin, afspraken), or a method of one's value."""
    path = path.replace(".[]", "[]")
    if path in catalogue:
        return True
    if any(item.startswith(path + ".") or item.startswith(path + "[]") for item in catalogue):
        return True
    parts = path.split(".")
    for index in range(1, len(parts)):
        if ".".join(parts[:index]) in catalogue:  # past a field: what its text or date offers
            attr = parts[index]
            if attr.startswith("[]"):
                return True
            return not attr.startswith("_") and any(
                hasattr(value, attr) and environment().is_safe_attribute(value, attr, getattr(value, attr))
                for value in _FIELD_VALUES)
    return False


def group_of_fields(path: str, catalogue: frozenset[str]) -> bool:
    """Whether ``path`` is a group of fields (gezin, genodigden, an item of afspraken) rather
    than one field: written into a document as it is, it would show Python's data."""
    path = path.replace(".[]", "[]")
    return path not in catalogue and any(
        item.startswith(path + ".") or item.startswith(path + "[]") for item in catalogue)


# the member of a group a letter most likely means, in this order
_LIKELY_MEMBERS = ("naam", "wanneer", "datum", "nummer", "regel", "voornaam", "wat", "doel")


def group_member(path: str, catalogue: frozenset[str]) -> str:
    """The field of the group ``path`` a template most likely meant ({{ gezin }} -> gezin.naam,
    {{ genodigden }} -> genodigden_tekst, the one sentence with everyone); for a list without such
    a sentence, its items' field (afspraken[].doel)."""
    path = path.replace(".[]", "[]")
    if path + "_tekst" in catalogue:
        return path + "_tekst"
    listed = any(item.startswith(path + "[].") for item in catalogue)
    prefix = path + ("[]." if listed else ".")
    members = [item for item in sorted(catalogue) if item.startswith(prefix)]
    for name in _LIKELY_MEMBERS:
        if prefix + name in members:
            return prefix + name
    return members[0] if members else ""


# what a field's value is: a text, a date, a list (their methods, as the sandbox allows them)
_FIELD_VALUES: tuple[object, ...] = ("", datetime.date(2026, 1, 1), [])


def suggestion(use: FieldUse, catalogue: frozenset[str]) -> str:
    """The catalogue's nearest field, written as the template would write it."""
    groups = {p.rsplit(".", 1)[0] for p in catalogue if "." in p}
    close = difflib.get_close_matches(use.path, sorted(catalogue | groups), n=1, cutoff=0.6)
    if not close:
        return ""
    found = close[0]
    if use.alias and found.startswith(use.alias[1] + "."):
        found = use.alias[0] + found[len(use.alias[1]):]
    return found


# -- why Jinja would not read it, in Dutch -------------------------------------------------------


def syntax_reason(exc: JinjaError) -> str:
    message = str(exc.message or exc)
    if message.startswith(GROUP_VALUE):
        return ("een veld is een groep velden (zoals {{ gezin }} in plaats van {{ gezin.naam }}) en "
                "zou als computertaal in het document komen")
    if message.startswith(DATE_PATTERN_PROBLEM):
        return _unknown_pattern(message[len(DATE_PATTERN_PROBLEM):])
    if message.startswith(DATE_PATTERN_HOUR):
        return _hour_pattern(message[len(DATE_PATTERN_HOUR):])
    if match := re.search(r"unknown tag '(\w+)'", message):
        return f"de opdracht {{% {match.group(1)} %}} bestaat niet"
    if match := re.search(r"No filter named '(\w+)'", message):
        return f"de filter |{match.group(1)} bestaat niet"
    if match := re.search(r"No test named '(\w+)'", message):
        return f"de test 'is {match.group(1)}' bestaat niet"
    if "end of template" in message:
        return ("een {% if %} of {% for %} wordt nergens afgesloten met {% endif %} of {% endfor %}, "
                "of een veld wordt niet gesloten met }}")
    if match := re.search(r"Encountered unknown tag '(\w+)'", message):
        return f"de opdracht {{% {match.group(1)} %}} staat daar niet op zijn plaats"
    if "expected token" in message or "unexpected" in message:
        return "de tekens {{ }} of {% %} van een veld staan niet goed, of er staat iets vreemds in"
    return "eenplan begrijpt het veld niet"


def part_of(parts: list[Part], exc: JinjaError) -> Part | None:
    source = getattr(exc, "source", None)
    for part in parts:
        if source is not None and part.xml == source:
            return part
    return parts[0] if parts else None


def syntax_message(template: str, part: Part | None, exc: TemplateSyntaxError) -> str:
    where = part.paragraph(exc.lineno) if part else ""
    place = f' in de alinea "{where}"' if where else ""
    if part and part.name != "document":
        place += f" (in de {part.name})"
    return f"In {template} klopt een veld niet{place}: {syntax_reason(exc)}. Herstel het in Word."


_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def neutral_properties(document: Any, team_name: str, *, today: datetime.date,
                       title: str | None = None) -> None:
    """The team as the document's only author, and no other personal metadata, before it is saved;
    made and modified on ``today`` (the day the command stands on, never the clock). The title is
    ``title``, or none: a template saved from a family's letter has that family's name as its
    title, which every other family's document and PDF would show. Custom properties go too (a
    label a document system set, with whoever set it), their fields in the text turned into text.
    Every Word document eenplan writes goes through here.

    The properties are written with their namespaces spelled out, not through python-docx's
    setters: docxtpl imports docxcompose, which points python-docx's "cp" prefix at another
    namespace, so those setters would add properties Word does not read and leave the template's
    author in place.
    """
    from lxml import etree

    moment = f"{today.isoformat()}T00:00:00Z"
    core = document.core_properties._element  # made by python-docx when the template has none
    title = title or ""
    for child in list(core):
        core.remove(child)
    for tag, text in ((f"{{{_DC}}}title", title), (f"{{{_DC}}}creator", team_name),
                      (f"{{{_CORE}}}lastModifiedBy", team_name), (f"{{{_CORE}}}revision", "1")):
        etree.SubElement(core, tag).text = text
    for tag in ("created", "modified"):
        stamp = etree.SubElement(core, f"{{{_DCTERMS}}}{tag}")
        stamp.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        stamp.text = moment
    # a picture of the template as someone last saved it, and the names of who commented or
    # tracked changes in it (Word keeps them after the changes are accepted): not in a letter
    package = document.part.package
    if any(rel.reltype.endswith("/custom-properties") for rel in package.rels.values()):
        from docxcompose.properties import CustomProperties  # with docxtpl, already imported

        properties = CustomProperties(document)
        for name in properties.keys():
            properties.dissolve_fields(name)
    for rels, reltype in ((package.rels, "/thumbnail"), (document.part.rels, "/people"),
                          (package.rels, "/custom-properties")):
        for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(reltype)]:
            rels.pop(rid)
    for part in package.iter_parts():
        if part.content_type == _APP_TYPE and isinstance(getattr(part, "_blob", None), bytes):
            app = etree.fromstring(part._blob, etree.XMLParser(resolve_entities=False))
            # who and for whom, and the title again (Word repeats it in TitlesOfParts)
            for tag in ("Manager", "Company", "HyperlinkBase", "TitlesOfParts"):
                for element in app.iter(f"{{{_EXTENDED}}}{tag}"):
                    for text in element.iter():
                        text.text = None
            part._blob = etree.tostring(app, xml_declaration=True, encoding="UTF-8", standalone=True)


_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


# What a template saved in Word or LibreOffice in another format than .docx is, in a sentence
OTHER_FORMATS = {
    ".doc": "een oud Word-bestand (.doc)", ".dot": "een oud Word-sjabloon (.dot)",
    ".dotx": "een Word-sjabloon (.dotx)", ".dotm": "een Word-sjabloon met macro's (.dotm)",
    ".docm": "een Word-document met macro's (.docm)", ".odt": "een OpenDocument-tekst (.odt)",
    ".ott": "een OpenDocument-sjabloon (.ott)", ".rtf": "een RTF-bestand (.rtf)",
}


def team_template(folder: Path, kind: str) -> Path | None:
    """The team's template for ``kind`` in ``folder`` (uitnodiging.docx, in any case), or None
    when there is none. A TemplateError when there is only one in another format (uitnodiging.doc,
    .dotx, .odt): the team clearly meant its own, and eenplan's default would go out instead."""
    exact = folder / f"{kind}.docx"
    if exact.is_file():
        return exact
    docx, other = _kind_files(folder, kind)
    if docx is not None:
        return docx
    if other is not None:
        raise TemplateError(other_format_message(other, kind))
    return None


def templates_moved_message(base: Path, kinds: tuple[str, ...]) -> str | None:
    """The sentence for a team folder without docx_templates/ whose templates stand in another
    folder of it ("Sjablonen (oud)"): renamed, so eenplan's defaults would go out in their place
    without a word, and be mailed. None when there is no such folder (the defaults are meant)."""
    try:
        folders = sorted(entry for entry in base.iterdir()
                         if entry.is_dir() and not entry.name.startswith("."))
    except OSError:
        return None
    for folder in folders:
        if any(path.stem.casefold() in kinds and path.suffix.casefold() == ".docx"
               for path in _listing(folder)):
            return (f'De map docx_templates staat niet meer in {base.name}, maar de sjablonen van het '
                    f'team staan in "{folder.name}": geef die map weer de naam docx_templates, dan '
                    "gebruikt eenplan ze. Wil je eenplans eigen sjablonen, maak dan een lege map "
                    "docx_templates.")
    return None


def other_format_message(path: Path, kind: str) -> str:
    return (f"{path.name} is {OTHER_FORMATS[path.suffix.casefold()]}, en eenplan leest alleen .docx: "
            f"open het in Word of LibreOffice en bewaar het als {kind}.docx (Word-document), dan gebruikt "
            "eenplan het in plaats van zijn eigen standaardsjabloon.")


def other_formats(folder: Path) -> list[Path]:
    """The files in ``folder`` saved as a template in another format than .docx (any name)."""
    return [path for path in _listing(folder) if path.suffix.casefold() in OTHER_FORMATS]


def _kind_files(folder: Path, kind: str) -> tuple[Path | None, Path | None]:
    """``kind``'s .docx in another case (Uitnodiging.docx), and its file in another format."""
    docx = other = None
    for path in _listing(folder):
        if path.stem.casefold() != kind:
            continue
        suffix = path.suffix.casefold()
        if suffix == ".docx" and docx is None:
            docx = path
        elif suffix in OTHER_FORMATS and other is None:
            other = path
    return docx, other


def _listing(folder: Path) -> tuple[Path, ...]:
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return ()
    return _files_in(folder, stamp)


@functools.lru_cache(maxsize=32)
def _files_in(folder: Path, mtime_ns: int) -> tuple[Path, ...]:
    """The files in a folder, read once while the folder stays the same (every letter asks)."""
    try:
        return tuple(sorted(folder / entry.name for entry in os.scandir(folder)
                            if entry.is_file() and not entry.name.startswith(("~$", "."))))
    except OSError:
        return ()


def iter_template_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.glob("*.docx")):
        if not path.name.startswith(("~$", ".")):
            yield path


def said_as(path: Path) -> str:
    """A template as a sentence names it: its file name, after its language folder when it is in
    one ("fr/uitnodiging.docx"): the team opens that file, not the Dutch one of that name."""
    folder = path.parent.name
    if len(folder) in (2, 3) and folder.islower() and language_code(folder) == folder:
        return f"{folder}/{path.name}"
    return path.name
