"""Dates, hours and counts as people write them in Flanders, or in the family's language.

Everything here speaks Dutch, unless a document for a family or a person who reads another
language is being made: ``with language("fr"):`` then gives "lundi 7 décembre 2026 à 14:00".
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import re
from collections.abc import Iterator
from typing import Literal

LOCALE = "nl_BE"
DUTCH = "nl"
# A language code as teams write it (Taal on Dossiers and Netwerk) -> the locale its dates take.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB", "de": "de_BE", "tr": "tr_TR",
           "ar": "ar", "pl": "pl_PL", "ro": "ro_RO", "bg": "bg_BG", "es": "es_ES",
           "it": "it_IT", "pt": "pt_PT", "ru": "ru_RU", "uk": "uk_UA", "so": "so_SO",
           "ti": "ti_ER", "fa": "fa_IR", "ps": "ps_AF", "prs": "prs_AF", "ku": "ku_TR"}
# What staff may type instead of the code: the language's name in Dutch, or in itself.
LANGUAGE_NAMES = {"nederlands": "nl", "vlaams": "nl", "frans": "fr", "français": "fr",
                  "francais": "fr", "engels": "en", "english": "en", "duits": "de",
                  "deutsch": "de", "turks": "tr", "türkçe": "tr", "arabisch": "ar",
                  "العربية": "ar", "pools": "pl", "polski": "pl", "roemeens": "ro",
                  "bulgaars": "bg", "spaans": "es", "italiaans": "it", "portugees": "pt",
                  "russisch": "ru", "oekraïens": "uk", "somalisch": "so", "tigrinya": "ti",
                  "perzisch": "fa", "farsi": "fa", "dari": "prs", "pasjtoe": "ps"}
SHIPPED_LANGUAGES = ("nl", "fr", "en")  # eenplan's own templates come in these
_AT = {"nl": "om", "fr": "à", "en": "at", "de": "um", "tr": "saat", "pl": "o",
       "es": "a las", "it": "alle", "pt": "às"}
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("eenplan_language", default=DUTCH)


def language_code(text: str) -> str | None:
    """A Taal cell as a language code: "" -> "nl", "Frans" or "FR" -> "fr"; None when no
    language eenplan knows (Babel has no locale for it)."""
    word = " ".join(text.split()).casefold()
    if not word:
        return DUTCH
    code = LANGUAGE_NAMES.get(word, word.replace("-", "_").split("_")[0])
    return code if _known(code) else None


@functools.lru_cache(maxsize=64)
def _known(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    if not code.isalpha() or not 2 <= len(code) <= 3:
        return False
    try:
        Locale.parse(LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError):
        return False
    return True


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Dates, hours and lists in ``code``'s language while the block runs."""
    token = _LANGUAGE.set(code or DUTCH)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def current_locale() -> str:
    code = _LANGUAGE.get()
    return LOCALES.get(code, code)


@functools.lru_cache(maxsize=64)
def right_to_left(code: str) -> bool:
    """Whether ``code`` is written right to left (Arabic, Farsi, ...)."""
    from babel import Locale

    return bool(_known(code)) and Locale.parse(LOCALES.get(code, code)).character_order == \
        "right-to-left"

# babel is imported inside the functions that write a date in another language: its import and
# its locale data cost about 40 ms, which a command in Dutch need not pay (`stats` takes 0.4 s
# in all). Dutch dates are written from the names below, which are babel's for nl_BE word for
# word (a test holds them to it), as the hour and the lists in Dutch are written without it.
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def long_date(day: datetime.date) -> str:
    """maandag 7 december 2026 (in French the first of a month "mardi 1er décembre 2026")"""
    if _LANGUAGE.get() == DUTCH:
        return f"{WEEKDAYS[day.weekday()]} {date_without_weekday(day)}"
    from babel.dates import format_date

    return format_date(day, format=date_pattern("EEEE d MMMM y", day), locale=current_locale())


def date_without_weekday(day: datetime.date) -> str:
    """7 december 2026 (in French "1er août 2026")"""
    if _LANGUAGE.get() == DUTCH:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    return format_date(day, format=date_pattern("d MMMM y", day), locale=current_locale())


# a day of the month as babel writes it (``d``) before a month's name (``MMM``, ``MMMM``)
_DAY_BEFORE_MONTH = re.compile(r"(?<![d'])d(?=\s+MMM)")


def date_pattern(pattern: str, day: datetime.date) -> str:
    """A babel date pattern as the current language writes ``day`` with it: in French the first
    of a month is "1er" ("1er décembre", "Pour le 1er août"), an ordinal; the other days, and
    every day in other languages, as the pattern says."""
    if _LANGUAGE.get() != "fr" or day.day != 1:
        return pattern
    parts = pattern.split("'")  # the text between quotes is left alone
    return "'".join(_DAY_BEFORE_MONTH.sub("d'er'", part) if i % 2 == 0 else part
                    for i, part in enumerate(parts))


def month_and_year(day: datetime.date, *, short: bool = False) -> str:
    """december 2026, or short: dec 2026 (in Dutch, whatever the language: for the statistics)"""
    return f"{(MONTHS_SHORT if short else MONTHS)[day.month - 1]} {day.year}"


def short_date(day: datetime.date) -> str:
    """07/12/2026"""
    return f"{day:%d/%m/%Y}"


def hour(time: datetime.time) -> str:
    """9.30 uur, 14.00 uur, as Flemish people write an hour, without a zero in front; in French
    "9 h", "9 h 30", in English "9:30"; in another language as babel writes it (14:00)."""
    code = _LANGUAGE.get()
    if code == DUTCH:
        return f"{time.hour}.{time.minute:02d} uur"
    if code == "fr":
        return f"{time.hour} h" + (f" {time.minute:02d}" if time.minute else "")
    if code == "en":
        return f"{time.hour}:{time.minute:02d}"
    from babel.dates import format_time

    return format_time(time, format="short", locale=current_locale())


# How eenplan wrote an hour and the first of a month before it wrote them as people do (above):
# "09.30 uur", "09:30", "1 décembre". A document's fingerprint hashes its text as before
# (``as_written_before``), so no letter is made (or mailed) again for the new spelling alone.
_BEFORE = (
    (re.compile(r"(?<![\d.:])(\d)\.(\d\d) uur\b"), r"0\1.\2 uur"),
    (re.compile(r"(?<![\d.:])(\d{1,2}) h (\d\d)\b"), lambda m: f"{int(m[1]):02d}:{m[2]}"),
    (re.compile(r"(?<![\d.:])(\d{1,2}) h\b"), lambda m: f"{int(m[1]):02d}:00"),
    (re.compile(r"(?<![\d.:])(\d):(\d\d)\b"), r"0\1:\2"),
    (re.compile(r"\b1er\b"), "1"),
)


def as_written_before(text: str) -> str:
    """``text`` with its hours and firsts of a month as eenplan wrote them before (``_BEFORE``)."""
    for pattern, said in _BEFORE:
        text = pattern.sub(said, text)
    return text


def long_date_and_hour(day: datetime.date, time: datetime.time | None) -> str:
    """maandag 7 december 2026 om 14.00 uur"""
    if time is None:
        return long_date(day)
    at = _AT.get(_LANGUAGE.get())
    return f"{long_date(day)} {at} {hour(time)}" if at else f"{long_date(day)}, {hour(time)}"


def plural(count: int, one: str, many: str) -> str:
    """1 dossier, 3 dossiers"""
    return f"{count} {one if count == 1 else many}"


def and_list(words: list[str]) -> str:
    """An, Bart en Sofie"""
    return _listed(words, "standard", "en")


def or_list(words: list[str]) -> str:
    """03 123 45 67 of an@example.org (in English "or", in French "ou")"""
    return _listed(words, "or", "of")


def _listed(words: list[str], style: Literal["standard", "or"], dutch: str) -> str:
    """The words joined as the current language lists them (babel's ``style``), in Dutch with
    ``dutch`` before the last."""
    if not words:
        return ""
    if _LANGUAGE.get() != DUTCH:
        from babel.lists import format_list

        return format_list(words, style=style, locale=current_locale())
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {dutch} " + words[-1]
