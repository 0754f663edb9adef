"""The row colours of a sheet (Excel's conditional formatting): the rules `init` writes, and the
rules a team's workbook holds, read straight from the sheet's XML in the zip.

Only `eenplan check` reads them, and only the part it needs: styles.xml says first whether the
workbook has any conditional format at all (a colour rule needs a "dxf" there), then the
sheet's XML is read as a stream until its <conditionalFormatting> elements, which come after
the rows. What cannot be read is left out: row colours are the team's own, not an answer of
eenplan's.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RowColour:
    """A rule eenplan writes on Dossiers: red (``late``) or amber, when ``formula`` is true."""

    formula: str  # English syntax without "=", as OOXML stores it: AND($H2<>"",...)
    late: bool


@dataclass(frozen=True, slots=True)
class FormattingRule:
    """A conditional-formatting rule found in a workbook: the cells it colours and its formula."""

    cells: str  # "A2:S5000"
    formula: str  # as stored (English syntax, no "="); "" for a rule without a formula


_CHUNK = 1 << 20
_MARKER = b"conditionalFormatting"
_DXFS = re.compile(rb"<(?:\w+:)?dxfs\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?dxfs>)", re.S)
_BLOCK = re.compile(
    r"<(?:\w+:)?conditionalFormatting\b([^>]*)>(.*?)</(?:\w+:)?conditionalFormatting>", re.S)
_SQREF = re.compile(r'\bsqref="([^"]*)"')
_RULE = re.compile(r"<(?:\w+:)?cfRule\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?cfRule>)", re.S)
_FORMULA = re.compile(r"<(?:\w+:)?formula>(.*?)</(?:\w+:)?formula>", re.S)
_SHEET = re.compile(r"<(?:\w+:)?sheet\b([^>]*)/?>")
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)/?>")


def read_formatting_rules(path: Path, sheet_title: str) -> tuple[FormattingRule, ...]:
    """The conditional-formatting rules of the sheet ``sheet_title``, in the workbook's order.

    Empty when the workbook has none, or when they cannot be read (a damaged zip is the
    reader's to report).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if not _has_formats(archive):
                return ()
            member = _sheet_member(archive, sheet_title)
            if member is None:
                return ()
            tail = _tail_from_marker(archive, member)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return ()
    return _rules_in(tail.decode("utf-8", errors="replace")) if tail else ()


def _has_formats(archive: zipfile.ZipFile) -> bool:
    """A conditional format needs a differential format (<dxf>) in styles.xml."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return False
    found = _DXFS.search(styles)
    return bool(found and found.group(1) and b"dxf" in found.group(1))


def _sheet_member(archive: zipfile.ZipFile, title: str) -> str | None:
    """The zip member that holds the sheet named ``title`` (workbook.xml and its relationships)."""
    book = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
    wanted = None
    for attributes in _SHEET.findall(book):
        fields = _attributes(attributes)
        if fields.get("name", "").strip().casefold() == title.strip().casefold():
            wanted = next((v for k, v in fields.items() if k.endswith(":id")), None)
            break
    if wanted is None:
        return None
    relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    for attributes in _RELATIONSHIP.findall(relations):
        fields = _attributes(attributes)
        if fields.get("Id") == wanted:
            target = fields.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return None


def _attributes(text: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w:]+)="([^"]*)"', text)}


def _tail_from_marker(archive: zipfile.ZipFile, member: str) -> bytes:
    """The sheet's XML from its first conditional format on; the rows before it are skipped
    chunk by chunk, never held whole."""
    keep = len(_MARKER) + 8
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            data = carry + chunk
            found = data.find(_MARKER)
            if found >= 0:
                return data[max(found - 8, 0):] + stream.read()
            carry = data[-keep:]
    return b""


def _rules_in(xml: str) -> tuple[FormattingRule, ...]:
    rules = []
    for attributes, body in _BLOCK.findall(xml):
        reference = _SQREF.search(attributes)
        cells = html.unescape(reference.group(1)) if reference else ""
        for rule in _RULE.finditer(body):
            formula = _FORMULA.search(rule.group(1) or "")
            rules.append(FormattingRule(cells, html.unescape(formula.group(1)) if formula else ""))
    return tuple(rules)
