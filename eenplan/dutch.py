"""Dates, hours and counts as people write them in Flanders."""

from __future__ import annotations

import datetime

LOCALE = "nl_BE"

# babel is imported inside the functions that write a date in words: its import costs about
# 40 ms, which a command that prints no such date (check, overdue) need not pay.


def long_date(day: datetime.date) -> str:
    """maandag 7 december 2026"""
    from babel.dates import format_date

    return format_date(day, format="EEEE d MMMM y", locale=LOCALE)


def date_without_weekday(day: datetime.date) -> str:
    """7 december 2026"""
    from babel.dates import format_date

    return format_date(day, format="d MMMM y", locale=LOCALE)


def short_date(day: datetime.date) -> str:
    """07/12/2026"""
    return f"{day:%d/%m/%Y}"


def hour(time: datetime.time) -> str:
    """14.00 uur"""
    return f"{time:%H.%M} uur"


def long_date_and_hour(day: datetime.date, time: datetime.time | None) -> str:
    """maandag 7 december 2026 om 14.00 uur"""
    return long_date(day) + (f" om {hour(time)}" if time is not None else "")


def plural(count: int, one: str, many: str) -> str:
    """1 dossier, 3 dossiers"""
    return f"{count} {one if count == 1 else many}"


def and_list(words: list[str]) -> str:
    """An, Bart en Sofie"""
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]
