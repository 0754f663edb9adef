import datetime

from eenplan import dutch


def test_dates_read_as_in_flanders():
    day = datetime.date(2026, 12, 7)
    assert dutch.long_date(day) == "maandag 7 december 2026"
    assert dutch.short_date(day) == "07/12/2026"
    assert dutch.long_date_and_hour(day, datetime.time(14, 0)) == "maandag 7 december 2026 om 14.00 uur"
    assert dutch.date_without_weekday(day) == "7 december 2026"


def test_counts_and_lists():
    assert dutch.plural(1, "dossier", "dossiers") == "1 dossier"
    assert dutch.plural(0, "dossier", "dossiers") == "0 dossiers"
    assert dutch.and_list(["An", "Bart", "Sofie"]) == "An, Bart en Sofie"
    assert dutch.and_list(["An"]) == "An"


def test_dutch_dates_are_babel_s_word_for_word_on_every_day_of_a_leap_year():
    """Dutch dates are written without babel (its import and locale data cost ~40 ms of a
    command): they must be what babel writes for nl_BE, on every day of the year."""
    from babel.dates import format_date

    day = datetime.date(2028, 1, 1)
    while day.year == 2028:
        assert dutch.long_date(day) == format_date(day, "EEEE d MMMM y", locale="nl_BE")
        assert dutch.date_without_weekday(day) == format_date(day, "d MMMM y", locale="nl_BE")
        assert dutch.month_and_year(day) == format_date(day, "MMMM y", locale="nl_BE")
        assert dutch.month_and_year(day, short=True) == format_date(day, "MMM y", locale="nl_BE")
        day += datetime.timedelta(days=1)
    with dutch.language("fr"):
        assert dutch.long_date(datetime.date(2026, 12, 7)) == "lundi 7 décembre 2026"
