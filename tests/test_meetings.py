"""Which round-table on the sheet is which meeting in people's agendas (``meetings.match``): not
its row, which changes when a row above it is deleted or the sheet is sorted."""

from __future__ import annotations

import datetime

from eenplan.docx_templates.meetings import Known, match, to_remember
from eenplan.sheets.records import RoundTable

D = datetime.date
T = datetime.time
TODAY = D(2026, 12, 1)
TEN = T(10, 0)


def _table(row: int, day: D, hour: T | None = TEN) -> RoundTable:
    return RoundTable(row=row, dossier="2026-010", date=day, time=hour, location="", kind="",
                      present="", notes="", next_date=None)


def test_the_same_day_and_hour_is_the_same_meeting_whatever_its_row():
    known = [Known("a", D(2027, 1, 14), "10:00"), Known("b", D(2027, 2, 11), "10:00")]
    # sorted the other way, and a row deleted above both: other rows, the same meetings
    found = match(known, [_table(2, D(2027, 2, 11)), _table(3, D(2027, 1, 14))], today=TODAY)
    assert found.uids == {2: "b", 3: "a"} and found.gone == ()


def test_one_gone_and_one_new_is_a_move_of_day_or_hour():
    known = [Known("a", D(2027, 1, 14), "10:00")]
    assert match(known, [_table(5, D(2027, 3, 2))], today=TODAY).uids == {5: "a"}
    assert match(known, [_table(5, D(2027, 1, 14), T(15, 30))], today=TODAY).uids == {5: "a"}


def test_what_is_left_pairs_in_the_order_of_the_dates_the_nearest_days_together():
    known = [Known("a", D(2027, 1, 10), "10:00"), Known("b", D(2027, 1, 20), "10:00")]
    # both a week later: each its own (the nearest pair alone would cross them)
    both = match(known, [_table(2, D(2027, 1, 17)), _table(3, D(2027, 1, 27))], today=TODAY)
    assert both.uids == {2: "a", 3: "b"} and both.gone == ()
    # one left, nearer to the first: the second is called off
    one = match(known, [_table(2, D(2027, 1, 12))], today=TODAY)
    assert one.uids == {2: "a"} and [k.uid for k in one.gone] == ["b"]
    # one more than there were: the one far off is new
    more = match(known, [_table(2, D(2027, 1, 11)), _table(3, D(2027, 1, 21)),
                         _table(4, D(2027, 6, 1))], today=TODAY)
    assert more.uids == {2: "a", 3: "b"}


def test_a_meeting_that_took_place_is_never_moved_nor_called_off():
    held = Known("a", D(2026, 11, 5), "10:00")
    found = match([held], [_table(2, D(2027, 1, 14))], today=TODAY)
    assert found.uids == {} and found.gone == ()
    # a round-table moved to a day before today is no longer ahead: its meeting does not go on
    ahead = Known("b", D(2027, 1, 14), "10:00")
    moved_back = match([ahead], [_table(2, D(2026, 11, 20))], today=TODAY)
    assert moved_back.uids == {} and [k.uid for k in moved_back.gone] == ["b"]


def test_a_meeting_called_off_comes_back_on_its_day_and_hour_only():
    off = Known("a", D(2027, 1, 14), "10:00", live=False)
    assert match([off], [_table(2, D(2027, 1, 14))], today=TODAY).uids == {2: "a"}
    assert match([off], [_table(2, D(2027, 1, 21))], today=TODAY).uids == {}  # a new one
    # the live one of the day first
    live = Known("b", D(2027, 1, 14), "10:00")
    assert match([off, live], [_table(2, D(2027, 1, 14))], today=TODAY).uids == {2: "b"}


def test_a_meeting_an_earlier_version_remembered_without_its_hour_is_known_by_its_day():
    legacy = Known("a", D(2027, 1, 14), None)
    assert match([legacy], [_table(7, D(2027, 1, 14), T(14, 0))], today=TODAY).uids == {7: "a"}


def test_a_round_table_on_the_sheet_at_the_last_look_is_no_deleted_meetings_new_day():
    """The meeting of 14 January deleted; the round-table of 11 February was on the sheet already
    (``settled``): it is a meeting of its own, and the 14th is gone. Without that memory, or for a
    day the sheet did not have, one gone and one new is still a move."""
    known = [Known("a", D(2027, 1, 14), "10:00")]
    tables = [_table(3, D(2027, 2, 11))]
    settled = [(D(2027, 1, 14), "10:00"), (D(2027, 2, 11), "10:00")]
    found = match(known, tables, today=TODAY, settled=settled)
    assert found.uids == {} and [k.uid for k in found.gone] == ["a"]
    assert match(known, tables, today=TODAY).uids == {3: "a"}
    other_hour = match(known, [_table(3, D(2027, 2, 11), T(14, 0))], today=TODAY, settled=settled)
    assert other_hour.uids == {3: "a"} and other_hour.gone == ()
    # two rows on one day and hour, one there before: the other may be the meeting that moved
    two = match(known, [_table(3, D(2027, 2, 11)), _table(4, D(2027, 2, 11))], today=TODAY,
                settled=settled)
    assert list(two.uids.values()) == ["a"] and two.gone == ()


def test_a_round_table_moved_before_its_new_day_was_given_out_is_not_remembered_as_there():
    """Before: every round-table ahead was remembered, also one whose move no .ics had given out
    yet (a template mistake in that round): at the next look it was there all along, so its
    meeting was called off and it was given out as a new one. It stays that meeting moved."""
    known = [Known("a", D(2027, 1, 14), "09:30"), Known("b", D(2027, 1, 20), None)]
    tables = [_table(2, D(2027, 1, 14)), _table(3, D(2027, 1, 20)), _table(4, D(2027, 2, 11)),
              _table(5, D(2026, 11, 20))]
    remembered = to_remember(known, tables, today=TODAY)
    # 14 January moved from 09:30 to 10:00: not remembered; the one known by its day only, the
    # new one in February are; the one that took place is not ahead
    assert remembered == [(D(2027, 1, 20), "10:00"), (D(2027, 2, 11), "10:00")]
    # remembered none the less, at the next look it would be no meeting's new hour ("a" called
    # off, or taken to February)
    assert 2 not in match(known, tables, today=TODAY, settled=[(D(2027, 1, 14), "10:00")]).uids
    assert match(known, tables, today=TODAY, settled=remembered).uids[2] == "a"
    # once its .ics gave out the new hour, it is remembered
    given = [Known("a", D(2027, 1, 14), "10:00"), known[1]]
    assert (D(2027, 1, 14), "10:00") in to_remember(given, tables, today=TODAY)
