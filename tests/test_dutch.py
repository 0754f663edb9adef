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
