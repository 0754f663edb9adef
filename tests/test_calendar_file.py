"""The .ics beside the letters is written without icalendar, and is what icalendar writes."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eenplan.docx_templates.documents import calendar_bytes, icalendar_bytes
from eenplan.team.folder import Team
from eenplan.team.settings import Settings
from tests.test_render import TABLE, dossier

# what people type: commas, semicolons, backslashes, line breaks, accents, emoji, long text
TEXT = st.lists(st.sampled_from(list("abc XYZ,;:\\^\"'\n\r\t.-éçÇğİ€😀ا中") + ["\\N", "\r\n"]),
                max_size=120).map("".join)


def team(name: str) -> Team:
    return Team(root=None, settings=Settings(team_name=name), workbook=Path("/nergens/Caseload.xlsx"))


@settings(max_examples=300, deadline=None)
@given(family=TEXT, begeleider=TEXT, location=TEXT, team_name=TEXT,
       day=st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2037, 12, 30)),
       time=st.none() | st.times(), uid=st.text(alphabet="0123456789abcdef@eenplan", max_size=40),
       sequence=st.none() | st.integers(min_value=0, max_value=10_000))
def test_the_ics_is_what_icalendar_writes(family, begeleider, location, team_name, day, time, uid,
                                          sequence):
    table = dataclasses.replace(TABLE, date=day, time=time, location=location)
    case = dossier(family=family, begeleider=begeleider)
    assert (calendar_bytes(team(team_name), case, table, uid=uid, sequence=sequence)
            == icalendar_bytes(team(team_name), case, table, uid=uid, sequence=sequence))


def test_the_ics_of_a_meeting_in_brussels_carries_its_timezone():
    table = dataclasses.replace(TABLE, time=datetime.time(9, 30))
    text = calendar_bytes(team("Team Test"), dossier(), table, uid="x@eenplan").decode("utf-8")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels" in text
    assert "DTSTART;TZID=Europe/Brussels:20261207T093000" in text
    assert "DTEND;TZID=Europe/Brussels:20261207T110000" in text


def test_the_organizer_of_a_mailed_invitation_is_the_senders_bare_address():
    """afzender may carry a name ("Team Noord <team@voorbeeld.be>"): the calendar's ORGANIZER
    is a mailto: with the address alone, which agendas can answer to."""
    import icalendar

    from eenplan.team.settings import MailSettings

    named = Team(root=None, settings=Settings(team_name="Team Noord", mail=MailSettings(
        host="localhost", sender="Team Noord <team@voorbeeld.be>")), workbook=Path("/nergens/Caseload.xlsx"))
    data = icalendar_bytes(named, dossier(), TABLE, uid="x@eenplan", method="REQUEST")
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:team@voorbeeld.be"
