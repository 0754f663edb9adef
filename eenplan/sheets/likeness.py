"""How much a team's header is like one of eenplan's, and whether its column may be offered as it.

`check` offers a header it does not know as a column the sheet lacks, with the line for
eenplan.toml: pasted, that line makes eenplan read the column into letters and the gezinsplan.
So an offer must be one a coordinator can trust: the words must be alike (the same word, or a
slip in it: "Reden" for Reden afsluiting, "Datum aanmeldng"), never merely letters in common
("Reden" is not Zorgen), the column must hold what the field holds (a date field only for a
column of dates), and a column that holds a national register number is never offered at all.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable

# Words that say little about which column is meant: "Datum intake" is not Datum gezinsplan
_GENERIC = frozenset({"datum", "aantal", "naam", "gezin", "van", "de", "het", "op", "per", "en", "of"})
_GENERIC_WEIGHT = 0.25
_WORD = re.compile(r"[^\W_]+")
# a whole header this close is a typing slip ("DatumAanmelding"), whatever its words
_SLIP = 0.85
_SAME_WORD = 0.8

# A header that names an identity number: rijksregisternummer, INSZ, bis-nummer, ...
_IDENTITY_PARTS = ("rijksreg", "insz", "nationaalnummer", "nationaalnr", "bisnummer", "bisnr",
                   "identiteitsnummer", "identiteitskaart", "registrenational", "numeronational",
                   "socialsecurity")
_IDENTITY_WORDS = frozenset({"rrn", "insz", "inss", "niss", "ssn", "nn", "rr", "rrnr"})
# a Belgian national register number as it is written: 85.01.01-123.45, 85010112345
_NATIONAL_NUMBER = re.compile(r"\d{2}\.?\d{2}\.?\d{2}[-.\s]?\d{3}\.?\d{2}")
_DATE_TEXT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("-", "").replace(".", " "))


def _weight(word: str, words: list[str]) -> float:
    """How much a word of ``words`` counts: little for a generic one beside others ("Datum" in
    "Datum intake"), fully when it is the whole header ("Van" on Pauzes)."""
    return _GENERIC_WEIGHT if word in _GENERIC and len(words) > 1 else 1.0


def _word_alike(one: str, other: str) -> float:
    """1 for the same word, or one the start of the other ("Dossiernr", "Opmerking"); a slip's
    likeness ("aanmeldng"); else 0."""
    if one == other:
        return 1.0
    short, long_ = sorted((one, other), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(short) * 2 >= len(long_):
        return 1.0
    ratio = difflib.SequenceMatcher(None, one, other).ratio()
    return ratio if ratio >= _SAME_WORD else 0.0


def likeness(text: str, header: str) -> float:
    """0..1: how alike the team's header ``text`` and eenplan's ``header`` are, word by word
    (each word of the one matched to the most alike of the other, generic words counting
    little); a whole header that is a slip of the other counts as that."""
    ours, theirs = _words(text), _words(header)
    if not ours or not theirs:
        return 0.0
    matched = 0.0
    for word in ours:
        best = max((_word_alike(word, other), other) for other in theirs)
        if best[0]:
            matched += best[0] * min(_weight(word, ours), _weight(best[1], theirs))
    total = sum(_weight(w, ours) for w in ours) + sum(_weight(w, theirs) for w in theirs)
    score = 2 * matched / total
    whole = difflib.SequenceMatcher(None, "".join(ours), "".join(theirs)).ratio()
    return max(score, whole if whole >= _SLIP else 0.0)


def names_an_identity_number(text: str) -> bool:
    """Whether a header names a national register number (rijksregisternummer, INSZ, ...)."""
    words = _words(text)
    joined = "".join(words)
    return any(part in joined for part in _IDENTITY_PARTS) or any(w in _IDENTITY_WORDS for w in words)


def holds_identity_numbers(values: Iterable[object]) -> bool:
    """Whether a column's values look like national register numbers (85.01.01-123.45)."""
    return any(isinstance(v, str) and _NATIONAL_NUMBER.fullmatch(v.strip()) for v in values)


def holds_dates(values: Iterable[object]) -> bool | None:
    """Whether a column's values are dates (real ones, or typed as 07/12/2026): True when each
    one is, False when one is something else, None when the column is empty."""
    seen = False
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, datetime.date):
            seen = True
        elif isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
            seen = True
        elif isinstance(value, str) and not value.strip():
            continue
        elif isinstance(value, str | int | float | bool | datetime.time | datetime.timedelta):
            return False
    return True if seen else None
