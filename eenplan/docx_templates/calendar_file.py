"""The round-table's calendar file (.ics) written as icalendar writes it, without icalendar.

    calendar_text(uid=..., summary=..., start=..., end=..., location=..., description=...)

`eenplan invite` writes one .ics a round-table; importing icalendar (its timezones, its property
types) cost more than the rest of the calendar and a tenth of the command. This writes the one
event it needs, byte for byte as icalendar 7 writes it (tests/test_calendar_file.py holds the two
the same for every kind of text): the properties in icalendar's order, its text escapes, its
lines folded at 75 octets, and the timezone Europe/Brussels as icalendar describes it. The
invitation by e-mail (a method, an organiser, an attendee) goes through icalendar itself.
"""

from __future__ import annotations

import datetime
import functools

TIMEZONE = "Europe/Brussels"

# The VTIMEZONE icalendar adds for Europe/Brussels (add_missing_timezones, 1970-2038), one line a
# property, unfolded.
_BRUSSELS = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Brussels",
    "COMMENT:This timezone only works from 1970-01-01 to 2038-01-01.",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZNAME:CET",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19770403T030000",
    "RDATE:" + ",".join((
        "19780402T030000", "19790401T030000", "19800406T030000", "19810329T030000", "19820328T030000",
        "19830327T030000", "19840325T030000", "19850331T030000", "19860330T030000", "19870329T030000",
        "19880327T030000", "19890326T030000", "19900325T030000", "19910331T030000", "19920329T030000",
        "19930328T030000", "19940327T030000", "19950326T030000", "19960331T030000", "19970330T030000",
        "19980329T030000", "19990328T030000", "20000326T030000", "20010325T030000", "20020331T030000",
        "20030330T030000", "20040328T030000", "20050327T030000", "20060326T030000", "20070325T030000",
        "20080330T030000", "20090329T030000", "20100328T030000", "20110327T030000", "20120325T030000",
        "20130331T030000", "20140330T030000", "20150329T030000", "20160327T030000", "20170326T030000",
        "20180325T030000", "20190331T030000", "20200329T030000", "20210328T030000", "20220327T030000",
        "20230326T030000", "20240331T030000", "20250330T030000", "20260329T030000", "20270328T030000",
        "20280326T030000", "20290325T030000", "20300331T030000", "20310330T030000", "20320328T030000",
        "20330327T030000", "20340326T030000", "20350325T030000", "20360330T030000", "20370329T030000",
    )),
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "DTSTART:19770925T030000",
    "RDATE:" + ",".join((
        "19781001T030000", "19790930T030000", "19800928T030000", "19810927T030000", "19820926T030000",
        "19830925T030000", "19840930T030000", "19850929T030000", "19860928T030000", "19870927T030000",
        "19880925T030000", "19890924T030000", "19900930T030000", "19910929T030000", "19920927T030000",
        "19930926T030000", "19940925T030000", "19950924T030000", "19961027T030000", "19971026T030000",
        "19981025T030000", "19991031T030000", "20001029T030000", "20011028T030000", "20021027T030000",
        "20031026T030000", "20041031T030000", "20051030T030000", "20061029T030000", "20071028T030000",
        "20081026T030000", "20091025T030000", "20101031T030000", "20111030T030000", "20121028T030000",
        "20131027T030000", "20141026T030000", "20151025T030000", "20161030T030000", "20171029T030000",
        "20181028T030000", "20191027T030000", "20201025T030000", "20211031T030000", "20221030T030000",
        "20231029T030000", "20241027T030000", "20251026T030000", "20261025T030000", "20271031T030000",
        "20281029T030000", "20291028T030000", "20301027T030000", "20311026T030000", "20321031T030000",
        "20331030T030000", "20341029T030000", "20351028T030000", "20361026T030000", "20371025T030000",
    )),
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (the order matters)."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _folded(line: str, limit: int = 75) -> str:
    """A content line folded at ``limit`` octets as icalendar folds it: never inside a character,
    and never right after a backslash or caret (an escape stays on one line)."""
    if len(line) < limit and line.isascii():  # most lines: one octet a character, short enough
        return line
    lines: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                lines.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                lines.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        lines.append("".join(current))
    return "\r\n ".join(lines)


@functools.cache
def _brussels_folded() -> tuple[str, ...]:
    """The timezone's lines, folded once a process (its dates make lines of hundreds of octets)."""
    return tuple(_folded(line) for line in _BRUSSELS)


def _moment(name: str, value: datetime.date) -> str:
    """DTSTART or DTEND: a local time in Brussels, or a whole day."""
    if isinstance(value, datetime.datetime):
        return f"{name};TZID={TIMEZONE}:{value:%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar_text(*, uid: str, summary: str, start: datetime.date, end: datetime.date,
                  location: str, description: str, product: str, sequence: int | None = None) -> bytes:
    """One event in a calendar, as icalendar's Calendar.to_ical() gives it for an event with these
    properties (``start`` and ``end`` both local times in Brussels, or both days; no location
    when ``location`` is empty; no SEQUENCE when ``sequence`` is None)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", _folded(f"PRODID:{_text(product)}")]
    if isinstance(start, datetime.datetime):
        lines += _brussels_folded()
    event = ["BEGIN:VEVENT", f"SUMMARY:{_text(summary)}", _moment("DTSTART", start),
             _moment("DTEND", end), "DTSTAMP:20000101T000000Z", f"UID:{_text(uid)}"]
    if sequence is not None:
        event.append(f"SEQUENCE:{sequence}")
    event.append(f"DESCRIPTION:{_text(description)}")
    if location:
        event.append(f"LOCATION:{_text(location)}")
    lines += (_folded(line) for line in event)
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
