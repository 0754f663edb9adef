"""Plain Dutch, measured: how easily a template's text reads (for `eenplan templates check`).

    measured = measure(paragraphs, jargon=JARGON)
    measured.score, measured.longest, measured.jargon

The figure is Flesch-Douma, the Dutch adaptation of Flesch's reading ease:

    206.84 - 0.77 × (syllables per 100 words) - 0.93 × (words per sentence)

100 reads very easily, 60 and up easily (about B1), under 30 is for specialists. Syllables
are counted as groups of vowels (ij, ui, oe, eu, ... are one group, as Dutch speaks them). A
template's fields count as one short word; its {% %} tags are left out, so the text of both
branches of an if is measured. ``measure`` is pure; ``readability_of`` opens the templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eenplan.docx_templates import codes
from eenplan.docx_templates.template import open_template, template_parts
from eenplan.errors import TemplateError
from eenplan.sheets.codes import Code
from eenplan.team.settings import PlainLanguage

# A short list of words families do not use; a team adds its own ([leesbaarheid] vaktaal).
JARGON = (
    "casus", "cliënt", "cliënten", "hulpverleningstraject", "interventie", "multidisciplinair",
    "indicatiestelling", "casemanager", "trajectbegeleiding", "draagkracht", "draaglast",
    "doelstelling", "doelstellingen", "hulpvraag", "aanmelder", "intake", "screening",
    "problematiek", "opvoedingsondersteuning", "evaluatiemoment", "perspectiefgesprek",
)
LONG_SENTENCE = 20  # words: longer is hard at B1
SHOWN = 3  # the longest sentences a report shows

_FIELD = re.compile(r"\{\{.*?\}\}")
_TAG = re.compile(r"\{%.*?%\}")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)


@dataclass(frozen=True)
class Measured:
    score: float  # Flesch-Douma
    sentences: int
    words: int
    longest: tuple[str, ...]  # the longest sentences, longest first, when over LONG_SENTENCE words
    jargon: tuple[str, ...]  # the jargon words found, as written in the template

    @property
    def rounded(self) -> int:
        return round(self.score)


def plain_text(paragraph: str) -> str:
    """A template paragraph as a reader sees it: a field is a short word, a tag is nothing."""
    return " ".join(_TAG.sub(" ", _FIELD.sub(" Peeters ", paragraph)).split())


def sentences(paragraphs: Iterable[str]) -> list[str]:
    """The sentences of the paragraphs (a paragraph's end ends a sentence: a heading is one)."""
    found: list[str] = []
    for paragraph in paragraphs:
        text = plain_text(paragraph)
        found += [s.strip() for s in _SENTENCE_END.split(text) if s and _WORD.search(s)]
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def syllables(word: str) -> int:
    return max(1, len(_VOWELS.findall(word)))


def measure(paragraphs: Sequence[str], *, jargon: Iterable[str] = JARGON) -> Measured:
    """How easily the paragraphs read, their longest sentences, and the jargon in them."""
    said = sentences(paragraphs)
    all_words = [w for s in said for w in words(s)]
    if not said or not all_words:
        return Measured(100.0, 0, 0, (), ())
    per_sentence = len(all_words) / len(said)
    per_hundred = 100 * sum(syllables(w) for w in all_words) / len(all_words)
    score = 206.84 - 0.77 * per_hundred - 0.93 * per_sentence
    long = sorted((s for s in said if len(words(s)) > LONG_SENTENCE), key=lambda s: -len(words(s)))
    listed = {w.casefold() for w in jargon if w.strip()}
    seen: dict[str, str] = {}
    for word in all_words:
        if word.casefold() in listed:
            seen.setdefault(word.casefold(), word)
    return Measured(score, len(said), len(all_words), tuple(long[:SHOWN]), tuple(seen.values()))


def readability_of(files: Iterable[Path], plain: PlainLanguage, *, known: Sequence[str]
                   ) -> tuple[tuple[tuple[str, Measured], ...], list[tuple[str, Code, str]]]:
    """Each template's figure, and what is worth a warning: (template, code, Dutch sentence).

    Only templates eenplan uses (their name in ``known``); one it cannot open is left to the
    other checks, which say why.
    """
    jargon = (*JARGON, *plain.jargon)
    measured: list[tuple[str, Measured]] = []
    problems: list[tuple[str, Code, str]] = []
    for path in files:
        if path.stem.casefold() not in known:
            continue
        try:
            parts = template_parts(open_template(path))
        except (TemplateError, ValueError, KeyError, AttributeError, TypeError, IndexError):
            continue
        found = measure([t for p in parts if p.name == "document" for t in p.texts], jargon=jargon)
        measured.append((path.name, found))
        if found.words and found.rounded < plain.minimum:
            problems.append((path.name, codes.HARD_TO_READ,
                             f"{path.name} leest moeilijk (Flesch-Douma {found.rounded}, minstens "
                             f"{plain.minimum}): schrijf kortere zinnen met kortere woorden."))
        if found.jargon:
            problems.append((path.name, codes.JARGON,
                             f"In {path.name} staat vaktaal ({', '.join(found.jargon)}): zeg het met "
                             "de woorden die het gezin zelf gebruikt."))
    return tuple(measured), problems


def readability_lines(found: Measured | None) -> list[str]:
    """The figure and the longest sentences, for the terminal."""
    if found is None or not found.words:
        return []
    lines = [f"  leesbaarheid {found.rounded} (Flesch-Douma; 60 of meer leest vlot)"]
    for sentence in found.longest:
        short = sentence if len(sentence) <= 70 else sentence[:67] + "..."
        lines.append(f"  lange zin ({len(words(sentence))} woorden): {short}")
    return lines
