"""Turning one cell, as python-calamine returns it, into a typed value.

calamine gives "" for an empty cell, float for every number, date or datetime for a date,
time or timedelta for an hour, bool, and str. Each converter returns the value, or an
``Issue`` that carries the value it could still make of the cell (or None) and what is wrong.
Converters are called for every cell of every row, so the common case stays a type check.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from eenplan.sheets import codes
from eenplan.sheets.codes import Code, Severity
from eenplan.sheets.schema import Column, Kind


def normal_text(text: str) -> str:
    """A cell's text as it matches a header, a list value or a name: case, surrounding and
    repeated spaces ignored ("  Familie  PEETERS " matches "Familie Peeters")."""
    return " ".join(text.split()).casefold()


_DATE_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_DATE_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_TRAILING_TIME = re.compile(r"\s+\d{1,2}[:.u]\d{2}(?:[:.]\d{2})?\s*(?:u|uur)?$")
_TIME = re.compile(r"(\d{1,2})\s*(?:[:.hu]\s*(\d{2})?)?\s*(?:[:.]\d{2})?\s*(?:u|uur|h)?", re.I)
EMAIL = re.compile(r"[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[^@\s,;<>()\[\]\"'.]{2,}")
_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!", "#CONNECT!"}
)
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_YES = frozenset({"ja", "j", "yes", "y", "x", "1", "true", "waar", "ok"})
_NO = frozenset({"nee", "n", "neen", "no", "0", "false", "onwaar"})

# Excel's serial days: 1 is 1 January 1900 (with Lotus' 29 February 1900 counted), or 0 is
# 1 January 1904 in the 1904 date system of old Mac workbooks.
_EPOCH_1900 = datetime.date(1899, 12, 30)
_EPOCH_1904 = datetime.date(1904, 1, 1)
_LAST_SERIAL = 2958465  # 31/12/9999


@dataclass(frozen=True, slots=True)
class Issue:
    value: object  # what could still be made of the cell, or None
    kind: Code  # from the catalogue: the finding's code and severity
    message: str

    @property
    def code(self) -> str:
        return self.kind.name

    @property
    def severity(self) -> Severity:
        return self.kind.severity


Converter = Callable[[object], object]


@dataclass(frozen=True, slots=True)
class Unusable:
    """A cell python-calamine reads as empty that is not: a formula without a computed value, or
    a formula error; or a date cell whose value is no date to count on: a formula with TODAY()
    (calamine gives the day it was last calculated). The reader puts one in the cell's place (it
    finds them in the sheet's XML), so the cell goes the way of every odd cell and its finding
    says what to do."""

    kind: Code  # FORMULA_WITHOUT_VALUE, FORMULA_ERROR or MOVING_DATE
    shown: str  # the formula ("=H2+10") or the error ("#REF!")
    message: str

    def __str__(self) -> str:  # as a header or a list value: nothing usable
        return ""


# Excel's errors as a Dutch-speaking Excel shows them
_DUTCH_ERRORS = {"#NULL!": "#LEEG!", "#DIV/0!": "#DEEL/0!", "#VALUE!": "#WAARDE!",
                 "#REF!": "#VERW!", "#NAME?": "#NAAM?", "#NUM!": "#GETAL!", "#N/A": "#N/B"}


def formula_without_value(formula: str) -> Unusable:
    shown = f"={formula}" if formula else ""
    what = f"de formule {shown}" if formula else "een formule"
    return Unusable(codes.FORMULA_WITHOUT_VALUE, shown,
                    f"In deze cel staat {what} zonder berekende waarde (de werkmap werd bewaard "
                    "zonder dat Excel rekende): open en bewaar de werkmap in Excel.")


def formula_error(error: str, formula: str) -> Unusable:
    dutch = _DUTCH_ERRORS.get(error)
    name = f"{error} ({dutch})" if dutch else error or "een fout"
    where = f"De formule ={formula} geeft" if formula else "Deze cel toont"
    return Unusable(codes.FORMULA_ERROR, error,
                    f"{where} de Excel-fout {name}: verbeter de formule of typ de waarde.")


# A formula that calls TODAY() or NOW() (VANDAAG() and NU() in a Dutch Excel; the file holds the
# English names), and one that is nothing more, give or take a number of days
_MOVING_CALL = re.compile(r"(?<![\w.])(TODAY|NOW)\(", re.I)
_ONLY_TODAY = re.compile(r"\s*(TODAY|NOW)\(\s*\)\s*(?:[-+]\s*\d+\s*)?", re.I)
_DUTCH_FUNCTIONS = {"TODAY": "VANDAAG", "NOW": "NU"}


def moves_daily(formula: str) -> bool:
    """Whether a formula (as the file holds it, without "=") calls TODAY() or NOW()."""
    return _MOVING_CALL.search(formula) is not None


def moving_date(formula: str) -> Unusable:
    """A date cell whose formula calls TODAY() or NOW(): its value is the day the workbook was
    last calculated, not the day anything happened or is due, and it moves with every save."""
    call = _MOVING_CALL.search(formula)
    function = _DUTCH_FUNCTIONS[call[1].upper()] if call is not None else _DUTCH_FUNCTIONS["TODAY"]
    if _ONLY_TODAY.fullmatch(formula):
        dutch = _MOVING_CALL.sub(lambda m: _DUTCH_FUNCTIONS[m[1].upper()] + "(", formula)
        what = f"Deze cel is ={''.join(dutch.split())}"
    else:
        what = f"Deze cel rekent met {function}()"
    return Unusable(codes.MOVING_DATE, f"={formula}",
                    f"{what}: die datum verschuift elke dag; typ de datum zelf in (Ctrl+;).")


# The word of a totals row a team made itself ("Totaal", "Aantal dossiers:", "TOTAAL 12"): a
# word for a sum, a count or an average first, then maybe more words, a colon and a number.
_TOTALS_WORD = re.compile(
    r"(?:sub|eind)?(?:totaal|totalen|total|totals|som|sum|aantal|gemiddelde|gemiddeld|average|count)"
    r"(?:\s+[^\W\d_]+)*\s*:?\s*(?:\d+(?:[.,]\d+)?)?", re.I)


def totals_word(text: str) -> bool:
    """Whether a cell's text is the word of a totals row ("Totaal", "Totalen:", "Som",
    "Aantal dossiers"), not a dossier number that begins with one ("Totaal-7")."""
    return _TOTALS_WORD.fullmatch(text.strip()) is not None


def display(raw: object) -> str:
    """A cell as a person reads it in Excel."""
    if raw.__class__ is str:
        return raw
    if isinstance(raw, bool):
        return "WAAR" if raw else "ONWAAR"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else str(raw).replace(".", ",")
    if isinstance(raw, datetime.datetime):
        if raw.time() == datetime.time(0):
            return raw.strftime("%d/%m/%Y")
        return raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, datetime.date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, datetime.time):
        return raw.strftime("%H:%M")
    return str(raw)


def excel_error(raw: object) -> Issue | None:
    if raw.__class__ is str and raw in _EXCEL_ERRORS:
        return Issue(None, codes.CELL_ERROR,
                     f"Deze cel toont de Excel-fout {raw}: verbeter de formule of typ de waarde.")
    return None


def converter(column: Column, *, date1904: Callable[[], bool]) -> Converter:
    """The converter for a column; ``date1904`` tells, when asked, the workbook's date system."""
    kind = column.kind
    if kind is Kind.TEXT:
        return _text
    if kind is Kind.KEY:
        return _key
    if kind is Kind.DATE:
        return lambda raw: _date(raw, date1904)
    if kind is Kind.WHOLE:
        return _whole
    if kind is Kind.YES_NO:
        return _yes_no
    if kind is Kind.TIME:
        return _time
    if kind is Kind.EMAIL:
        return _email
    if kind is Kind.CHOICE:
        return _choice(column)
    raise AssertionError(kind)


def _text(raw: object) -> object:
    if raw.__class__ is str:
        return raw.strip()
    return display(raw).strip()


def _key(raw: object) -> object:
    """A dossier number as read; one that Excel made a date or a number stays as Excel shows it
    (never as if it were fine), with a finding that names the number it probably was."""
    if raw.__class__ is str:
        return raw.strip()
    if isinstance(raw, (datetime.date, datetime.time)):
        shown = display(raw)
        probable = probable_numbers(raw)
        guess = f"; was het {_or_list(probable)}?" if probable else "."
        example = probable[0] if probable else "2026-01"
        return Issue(shown, codes.DOSSIER_AS_DATE,
                     f"Excel heeft dit dossiernummer in een datum ({shown}) veranderd{guess} Typ "
                     f"het nummer opnieuw met een apostrof ervoor, zoals '{example}.")
    if raw.__class__ is float and not raw.is_integer():
        read = repr(raw)
        probable = probable_numbers(raw)
        guess = f"; was het {_or_list(probable)}?" if probable else "."
        example = probable[-1] if probable else "2026-100"
        return Issue(read, codes.DOSSIER_AS_NUMBER,
                     f"Excel heeft dit dossiernummer in een getal ({display(raw)}) veranderd{guess} "
                     f"Typ het juiste nummer opnieuw met een apostrof ervoor, zoals '{example}.")
    return display(raw)


def probable_numbers(raw: object) -> list[str]:
    """The dossier numbers Excel may have made this number or date of: 2026.1 was 2026-1,
    2026-10 or 2026-100 (Excel drops the zeros at the end); 1 January 2026 was 2026-01."""
    if isinstance(raw, float):
        whole, dot, fraction = repr(raw).partition(".")
        if not dot or not whole.isdigit() or not fraction.isdigit():
            return []
        return [f"{whole}-{fraction}{'0' * zeros}" for zeros in range(max(3 - len(fraction), 0) + 1)]
    if isinstance(raw, datetime.date) and raw.day == 1:
        return [f"{raw.year}-{raw.month:02d}"]
    return []


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]


def _date(raw: object, date1904: Callable[[], bool]) -> object:
    if raw.__class__ is datetime.date:
        return raw
    if raw.__class__ is datetime.datetime:
        return raw.date()
    if raw.__class__ is str:
        return excel_error(raw) or parse_date_text(raw)
    if isinstance(raw, bool):
        return Issue(None, codes.NOT_A_DATE,
                     f"{display(raw)} is geen datum: typ een datum zoals 07/12/2026.")
    if isinstance(raw, (int, float)):
        day = serial_to_date(float(raw), date1904=date1904())
        if day is None:
            return Issue(None, codes.NOT_A_DATE,
                         f"Het getal {display(raw)} is geen datum: typ een datum zoals 07/12/2026.")
        return Issue(day, codes.DATE_AS_NUMBER,
                     f"Hier staat het getal {display(raw)} in plaats van een datum; eenplan leest "
                     f"het als {day:%d/%m/%Y}. Geef de cel de notatie datum (dd/mm/jjjj).")
    if isinstance(raw, (datetime.time, datetime.timedelta)):
        return Issue(None, codes.NOT_A_DATE,
                     f"Hier staat een uur ({display(raw)}) in plaats van een datum: "
                     "typ een datum zoals 07/12/2026.")
    return Issue(None, codes.NOT_A_DATE, "Dit is geen datum: typ een datum zoals 07/12/2026.")


def serial_to_date(serial: float, *, date1904: bool = False) -> datetime.date | None:
    """Excel's serial day number as a date, or None when it is no plausible day."""
    if not 1 <= serial <= _LAST_SERIAL:
        return None
    days = int(serial)
    if date1904:
        return _EPOCH_1904 + datetime.timedelta(days=days)
    if days < 61:  # before Lotus' phantom 29 February 1900
        days += 1
    return _EPOCH_1900 + datetime.timedelta(days=days)


def parse_date_text(text: str) -> object:
    """A date typed as text, read day first: a warning when it is a date, else an error."""
    shown = text.strip()
    if not shown:
        return None
    core = _TRAILING_TIME.sub("", shown)
    parts = _numeric_date(core)
    if parts is None:
        parts = _worded_date(core)
    if parts is None:
        return Issue(None, codes.NOT_A_DATE,
                     f'"{shown}" is geen datum: typ een datum zoals 07/12/2026.')
    year, month, day = parts
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return Issue(None, codes.IMPOSSIBLE_DATE, _impossible(shown, year, month, day))
    return Issue(value, codes.DATE_AS_TEXT,
                 f'Deze datum staat als tekst ("{shown}"); eenplan leest ze als '
                 f"{value:%d/%m/%Y} (dag eerst). Typ ze opnieuw zodat Excel er een datum van maakt.")


def _numeric_date(text: str) -> tuple[int, int, int] | None:
    match = _DATE_YMD.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    match = _DATE_DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        return year, month, day
    return None


def _worded_date(text: str) -> tuple[int, int, int] | None:
    """ "7 december 2026", "maandag 7 dec. 2026": day, Dutch month name, year; all three."""
    words = text.replace(",", " ").replace(".", " ").casefold().split()
    numbers = [w for w in words if w.isascii() and w.isdigit()]
    months = [i for i, m in enumerate(_MONTHS, 1) for w in words if len(w) >= 3 and m.startswith(w)]
    if len(numbers) != 2 or len(months) != 1 or len(numbers[1]) != 4 or len(numbers[0]) > 2:
        return None
    return int(numbers[1]), months[0], int(numbers[0])


def impossible_date(text: str) -> str | None:
    """Why ``text``, a date written in figures ("31/04/2026", "2027-02-29"), is no day, as the
    check says it of a cell ("april 2026 heeft 30 dagen"); None when it is a day, or no date
    written in figures at all."""
    shown = text.strip()
    parts = _numeric_date(_TRAILING_TIME.sub("", shown))
    if parts is None:
        return None
    try:
        datetime.date(*parts)
    except ValueError:
        return _impossible(shown, *parts)
    return None


def _impossible(shown: str, year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f'"{shown}" bestaat niet: er is geen maand {month}. Verbeter de datum.'
    if year < 1 or year > 9999:
        return f'"{shown}" bestaat niet: het jaar {year} kan niet. Verbeter de datum.'
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - datetime.timedelta(days=1)).day
    return (f'"{shown}" bestaat niet: {_MONTHS[month - 1]} {year} heeft {last} dagen. '
            "Verbeter de datum.")


def _whole(raw: object) -> object:
    if raw.__class__ is float and raw.is_integer() and raw >= 0:
        return int(raw)
    if raw.__class__ is str:
        text = raw.strip()
        if text.isascii() and text.isdigit():  # not "²", which isdigit() calls a digit
            return int(text)
        return excel_error(raw) or Issue(
            None, codes.NOT_A_WHOLE_NUMBER,
            f'"{text}" is geen geheel getal: typ een getal zoals 3.')
    return Issue(None, codes.NOT_A_WHOLE_NUMBER,
                 f"{display(raw)} is geen geheel getal van 0 of meer: typ een getal zoals 3.")


def _yes_no(raw: object) -> object:
    if isinstance(raw, bool):
        return raw
    word = display(raw).strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return excel_error(raw) or Issue(
        None, codes.INVALID_YES_NO, f'"{display(raw)}" kan hier niet: kies ja of nee.')


def _time(raw: object) -> object:
    if raw.__class__ is datetime.time:
        return raw
    if isinstance(raw, datetime.datetime):
        return raw.time()
    if isinstance(raw, datetime.timedelta) and raw < datetime.timedelta(days=1):
        return (datetime.datetime.min + raw).time()
    if isinstance(raw, float) and 0 <= raw < 1:
        minutes = round(raw * 24 * 60)
        return datetime.time(minutes // 60 % 24, minutes % 60)
    if raw.__class__ is str:
        match = _TIME.fullmatch(raw.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
    return excel_error(raw) or Issue(
        None, codes.INVALID_TIME, f'"{display(raw)}" is geen uur: typ een uur zoals 14:00.')


def _email(raw: object) -> object:
    text = display(raw).strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:].strip()
    if EMAIL.fullmatch(text):
        return text
    return excel_error(raw) or Issue(
        None, codes.INVALID_EMAIL,
        f'"{text}" is geen geldig e-mailadres: typ één adres, zoals naam@voorbeeld.be.')


def _choice(column: Column) -> Converter:
    allowed = {c.casefold(): c for c in column.choices}
    options = ", ".join(column.choices[:-1]) + " of " + column.choices[-1]

    def convert(raw: object) -> object:
        word = display(raw).strip()
        found = allowed.get(word.casefold())
        if found is not None:
            return found
        return excel_error(raw) or Issue(
            None, codes.INVALID_CHOICE,
            f'{column.header} "{word}" kan niet: kies {options}.')

    return convert
