"""What a region file must hold before a partnership adds it up: pure, the caller reads the file.

A region file (``regional.aggregates``) is counts per month and category. The partnership's report
adds them up and publishes what they give, so a file that was altered, damaged or put together by
hand must not be added up quietly: a negative count, a count that is text or a fraction, a month
outside the file's period or twice in it, parts that do not add up to their total, a period that
ends after today. ``valid`` says the first such thing in one Dutch sentence (``CombineError``) that
names the file; the structure missing altogether (no months) is "not a region file".
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from eenplan.dutch import date_without_weekday, month_and_year
from eenplan.errors import EenplanError
from eenplan.stats.figures import (
    CLOSED_COLUMNS,
    DAY_BANDS,
    OTHER,
    REGISTRATION_COLUMNS,
    TOTAL,
    lower_bound,
    month_label,
    months_between,
    quarter_label,
    quarters_of,
)

PARTS = ("binnen_norm", "te_laat", "wacht_nog", "zonder_gesprek")
COUNTS = ("aanmeldingen", *PARTS)
CLOSED = ("afgesloten", "zonder_gesprek", "met_gesprek", "binnen_duurnorm", "langer", "met_gezinsplan")
SPLITS = ("gemeente", "aanmelder", "hulpvraag", "traject")
# more families than any team counts: a file altered by hand (a year of all Flanders is ~20,000)
MOST = 100_000
Where = Callable[[], str]  # where in the file, said only when something there does not add up
_LABELS = {c.key: c.label for c in REGISTRATION_COLUMNS}
_CLOSED_LABELS = {c.key: c.label for c in CLOSED_COLUMNS}


class CombineError(EenplanError):
    """Files that cannot be added up, said in one sentence."""


def not_a_region_file(name: str) -> CombineError:
    return CombineError(f"{name} is geen regiobestand van eenplan: maak het met "
                        "`eenplan stats --voor-regio` in de map van het team.")


def _number(count: int) -> str:
    """100.000, as Flemish people write it."""
    return f"{count:,}".replace(",", ".")


class _File:
    """One file's checks; ``wrong`` says what does not add up."""

    def __init__(self, name: str, data: Mapping[str, Any]) -> None:
        self.name, self.data = name, data

    def wrong(self, what: str) -> CombineError:
        return CombineError(
            f"{self.name} klopt niet ({what}): vraag het team een nieuw regiobestand te maken met "
            "`eenplan stats --voor-regio` en het daarna niet meer aan te passen."
        )

    def date(self, key: str) -> datetime.date:
        value = self.data.get(key)
        try:
            if isinstance(value, str):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise not_a_region_file(self.name)

    def count(self, value: object, label: str, where: Where) -> int:
        if type(value) is not int or not 0 <= value <= MOST:
            shown = f'"{value}"' if isinstance(value, str) else str(value).replace(".", ",")
            raise self.wrong(f"{where()}: {label} is {shown}, geen aantal gezinnen van 0 tot "
                             f"{_number(MOST)}")
        return value

    def counts(self, row: Mapping[str, Any], where: Where) -> dict[str, int]:
        found = {key: self.count(row.get(key), _LABELS[key], where) for key in COUNTS}
        parts = found["binnen_norm"] + found["te_laat"] + found["wacht_nog"] + found["zonder_gesprek"]
        if parts != found["aanmeldingen"]:
            raise self.wrong(f"{where()}: binnen de norm, te laat, wacht nog en zonder gesprek tellen "
                             f"samen {_number(parts)}, niet de {_number(found['aanmeldingen'])} "
                             "aanmeldingen")
        return found

    def month(self, row: object, months: Mapping[str, datetime.date], where: str) -> str:
        if not isinstance(row, Mapping) or not isinstance(row.get("maand"), str):
            raise not_a_region_file(self.name)
        month: str = row["maand"]
        if month not in months:
            try:
                month = month_and_year(datetime.date.fromisoformat(f"{month}-01"))
            except ValueError:
                month = f'"{month}"'
            raise self.wrong(f"{where} noemt {month}, buiten de periode van het bestand")
        return month


def _place(said: Callable[[str], str], month: str, what: str) -> str:
    return f"{said(month)}, {what}"


def valid(name: str, data: Mapping[str, Any], *, today: datetime.date) -> None:
    """Nothing when the file holds what ``aggregates`` writes and its counts add up; else a
    CombineError that names the file and the first thing that does not add up."""
    if not isinstance(data.get("team"), str) or not isinstance(data.get("maanden"), list) \
            or not isinstance(data.get("per"), Mapping) or not isinstance(data.get("afgesloten"), list) \
            or not isinstance(data.get("definitie"), Mapping) \
            or not isinstance(data["definitie"].get("normen"), Mapping):
        raise not_a_region_file(name)
    file = _File(name, data)
    start, end = file.date("start"), file.date("end")
    if start > end:
        raise file.wrong(f"de periode begint op {date_without_weekday(start)}, na haar einde op "
                         f"{date_without_weekday(end)}")
    if end > today:
        raise file.wrong(f"de periode eindigt op {date_without_weekday(end)}, na vandaag, "
                         f"{date_without_weekday(today)}")
    if "as_of" in data and file.date("as_of") < end:
        raise file.wrong(f"het telt tot {date_without_weekday(end)} maar werd gemaakt op "
                         f"{date_without_weekday(file.date('as_of'))}")
    months = {m.isoformat()[:7]: m for m in months_between(start, end)}

    def said(month: str) -> str:
        return month_label(months[month], start=start, end=end)

    registered: dict[str, dict[str, int]] = {}
    for row in data["maanden"]:
        month = file.month(row, months, "de tabel per maand")
        if month in registered:
            raise file.wrong(f"{said(month)} staat er twee keer in")
        counts = registered[month] = file.counts(row, functools.partial(said, month))
        talked = counts["binnen_norm"] + counts["te_laat"]
        for key, words in (("dagen", "dagen tot gesprek"), ("dagen_zonder_pauzes", "dagen zonder pauzes")):
            days = row.get(key)
            if not isinstance(days, Mapping):
                raise not_a_region_file(name)
            for day, families in days.items():
                if not (isinstance(day, str) and day.isdigit()):
                    raise file.wrong(f"{said(month)}: {words} noemt {day!r}, geen aantal dagen")
                file.count(families, f"{words} {day}", functools.partial(said, month))
            if sum(days.values()) != talked:
                raise file.wrong(f"{said(month)}: de {words} tellen {_number(sum(days.values()))} "
                                 f"gezinnen, niet de {_number(talked)} met een gesprek binnen de "
                                 "norm of te laat")
    missing = [m for m in months if m not in registered]
    if missing:
        raise file.wrong(f"{said(missing[0])} ontbreekt in de tabel per maand")
    for split in SPLITS:
        rows = data["per"].get(split)
        if not isinstance(rows, list):
            raise not_a_region_file(name)
        added: dict[str, dict[str, int]] = {m: dict.fromkeys(COUNTS, 0) for m in months}
        seen: set[tuple[str, str]] = set()
        for row in rows:
            month = file.month(row, months, f"de tabel per {split}")
            value = row.get("waarde")
            if not isinstance(value, str) or (month, value) in seen:
                raise file.wrong(f"{said(month)}: de tabel per {split} noemt een waarde twee keer of "
                                 "zonder naam")
            seen.add((month, value))
            where = functools.partial(_place, said, month, f"{split} {value}")
            for key, count in file.counts(row, where).items():
                added[month][key] += count
        for month, counts in added.items():
            if counts != registered[month]:
                key = next(k for k in COUNTS if counts[k] != registered[month][k])
                raise file.wrong(f"{said(month)}: de tabel per {split} telt {_number(counts[key])} bij "
                                 f"{_LABELS[key].lower()}, de tabel per maand "
                                 f"{_number(registered[month][key])}")
    _closed(file, data["afgesloten"], months, said)
    _published(file, data.get("gepubliceerd"), registered)
    for key in ("niet_meegeteld", "dossierrijen"):
        if key in data:
            file.count(data[key], "het aantal dossierrijen" if key == "dossierrijen"
                       else "het aantal niet meegetelde rijen", lambda: "het hele bestand")


def _closed(file: _File, rows: Sequence[object], months: Mapping[str, datetime.date],
            said: Callable[[str], str]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in rows:
        month = file.month(row, months, "de tabel afgesloten trajecten")
        assert isinstance(row, Mapping)  # file.month said so
        flow = row.get("traject")
        if not isinstance(flow, str) or (month, flow) in seen:
            raise file.wrong(f"{said(month)}: de afgesloten trajecten noemen een traject twee keer of "
                             "zonder naam")
        seen.add((month, flow))
        where = f"{said(month)}, afgesloten {flow}"
        place = functools.partial(str, where)
        # a trajectory without a duration norm has no within or longer (None)
        counts = {key: file.count(row.get(key), _CLOSED_LABELS[key], place) for key in CLOSED
                  if row.get(key) is not None or key not in ("binnen_duurnorm", "langer")}
        if counts["zonder_gesprek"] + counts["met_gesprek"] != counts["afgesloten"]:
            raise file.wrong(f"{where}: voor en na het eerste gesprek tellen samen niet de "
                             f"{_number(counts['afgesloten'])} afgesloten trajecten")
        judged = counts.get("binnen_duurnorm", 0) + counts.get("langer", 0)
        if judged > counts["met_gesprek"] or counts["met_gezinsplan"] > counts["afgesloten"]:
            raise file.wrong(f"{where}: er zijn meer trajecten binnen of langer dan de duurnorm, of met "
                             "een gezinsplan, dan er afgesloten werden")
        # with a duration norm, each one closed after its first conversation is within it or longer:
        # the partnership's report adds them up so (and its audit with it)
        if "binnen_duurnorm" in counts and "langer" in counts and judged != counts["met_gesprek"]:
            raise file.wrong(f"{where}: binnen en langer dan de duurnorm tellen samen "
                             f"{_number(judged)}, niet de {_number(counts['met_gesprek'])} afgesloten "
                             "na het eerste gesprek")


def _published(file: _File, said: object, registered: Mapping[str, Mapping[str, int]]) -> None:
    """What the team's own report shows (``regional.published``), each true: a number is the
    count, "<5" is above it, a share's "≥ 87 %" is not above the count it bounds; table by table,
    for every row the partnership's report reads beside its own (``own_counts``)."""
    if not isinstance(said, Mapping):
        raise CombineError(
            f"{file.name} werd met een oudere eenplan gemaakt en zegt niet wat het rapport van het "
            "team zelf toont, zodat het samengevoegde rapport een verborgen aantal van het team "
            "kan verraden: vraag het team het opnieuw te maken met `eenplan stats --voor-regio`."
        )
    data = file.data
    if not isinstance(said.get("totaal"), Mapping) or type(said.get("drempel")) is not int \
            or said["drempel"] < 1 or not isinstance(said.get("maanden"), Mapping) \
            or not isinstance(said.get("kwartalen"), Mapping) or not isinstance(said.get("per"), Mapping) \
            or not all(isinstance(said["per"].get(split), Mapping) for split in SPLITS) \
            or not isinstance(said.get("dagen"), list) or not isinstance(said.get("afgesloten"), Mapping) \
            or not isinstance(said.get("redenen"), Mapping) or not isinstance(data.get("redenen"), list):
        raise not_a_region_file(file.name)
    reasons: dict[str, int] = {}
    for row in data["redenen"]:
        if not isinstance(row, Mapping) or not isinstance(row.get("waarde"), str) or row["waarde"] in reasons:
            raise file.wrong("de redenen van afsluiting noemen een reden twee keer of zonder naam")
        reasons[row["waarde"]] = file.count(row.get("trajecten"), f"reden {row['waarde']}",
                                            lambda: "de redenen van afsluiting")
    early = sum(int(row["zonder_gesprek"]) for row in data["afgesloten"])
    if sum(reasons.values()) != early:
        raise file.wrong(f"de redenen van afsluiting tellen samen {_number(sum(reasons.values()))}, niet "
                         f"de {_number(early)} afgesloten zonder gesprek")
    for split in SPLITS:
        labels = said["per"][split]
        if any(_split_label(row["waarde"], labels) is None for row in data["per"][split]):
            raise file.wrong(f"wat het rapport van het team per {split} toont, noemt niet elke "
                             f"{split} van het bestand")
    counts = own_counts(data)
    start, end = file.date("start"), file.date("end")
    months = {m.isoformat()[:7]: m for m in months_between(start, end)}
    quarters = {its[0].isoformat()[:7]: quarter_label(first, its, start=start, end=end)
                for first, its in quarters_of(list(months.values()))}
    places: list[tuple[str, Mapping[str, Any], Mapping[str, Any], Mapping[str, str]]] = [
        ("in zijn totaal", said["totaal"], counts["totaal"], _LABELS)]
    named = {"maanden": {key: f"in {month_label(month, start=start, end=end)}"
                         for key, month in months.items()},
             "kwartalen": {key: f"in het {label}" for key, label in quarters.items()}}
    for table, each in (("maanden", "maand"), ("kwartalen", "kwartaal")):
        if set(said[table]) != set(counts[table]):
            raise file.wrong(f"wat het rapport van het team per {each} toont, past niet bij het bestand")
        places += [(named[table][key], said[table][key], counts[table][key], _LABELS)
                   for key in counts[table]]
    for split in SPLITS:
        places += [(f"bij {split} {label}", said["per"][split][label], counts["per"][split][label], _LABELS)
                   for label in counts["per"][split]]
    if set(said["afgesloten"]) != set(counts["afgesloten"]) or set(said["redenen"]) != set(reasons) \
            or len(said["dagen"]) != len(counts["dagen"]):
        raise file.wrong("wat het rapport van het team toont bij de afgesloten trajecten, hun redenen "
                         "of de dagen tot gesprek, past niet bij het bestand")
    places += [(f"bij de afgesloten trajecten ({title})", said["afgesloten"][title],
                counts["afgesloten"][title], _CLOSED_LABELS) for title in counts["afgesloten"]]
    bands = [f"{low} tot {high} dagen" if high is not None else f"{low} dagen of meer"
             for low, high in DAY_BANDS]
    places.append(("bij de dagen tot gesprek", {str(n): v for n, v in enumerate(said["dagen"])},
                   {str(n): v for n, v in enumerate(counts["dagen"])},
                   {str(n): v for n, v in enumerate([*bands, "het totaal"])}))
    places.append(("bij de redenen van afsluiting", said["redenen"], reasons, {r: r for r in reasons}))
    places.append(("bij niet meegeteld", {"rijen": said.get("niet_meegeteld")},
                   {"rijen": counts["niet_meegeteld"]}, {"rijen": "dossierrijen"}))
    for where, shown, true, labels in places:
        if not isinstance(shown, Mapping):
            raise not_a_region_file(file.name)
        for key, label in labels.items():
            if key not in true:
                continue
            value, count = shown.get(key), true[key]
            if count is None:  # a trajectory without a duration norm: "–"
                ok = value is None
            elif type(value) is int:
                ok = value == count
            else:
                ok = value == "x" or (isinstance(value, str) and value[:1] == "<" and value[1:].isdigit()
                                      and count < int(value[1:]))
            if not ok:
                raise file.wrong(f"het rapport van het team zou {where} {value} tonen bij "
                                 f"{label.lower()}, maar het bestand telt {count}")
        for share_key, part, whole in (("pct_binnen_norm", "binnen_norm", ("aanmeldingen",)),
                                       ("pct_binnen_duurnorm", "binnen_duurnorm",
                                        ("binnen_duurnorm", "langer"))):
            share = lower_bound(shown.get(share_key))
            if share is not None and (any(true.get(k) is None for k in (part, *whole))
                                      or share * sum(true[k] for k in whole) > 100 * true[part]):
                raise file.wrong(f"het rapport van het team zou {where} ten minste {share} % "
                                 f"{_PLACE[share_key]} tonen, meer dan het bestand telt")


_PLACE = {"pct_binnen_norm": "binnen de norm", "pct_binnen_duurnorm": "binnen de duurnorm"}


def _split_label(value: str, labels: Mapping[str, Any]) -> str | None:
    """The row of the team's own report that counts a value of a split: its own, or Andere (None:
    the report has neither)."""
    if value in labels and value != OTHER:
        return value
    return OTHER if OTHER in labels else None


def own_counts(data: Mapping[str, Any]) -> dict[str, Any]:
    """The counts of what the team's own report publishes (``gepubliceerd``, the same keys), from
    the file's counts: its months and their total, its quarters (by their first month in the
    period), its rows per split, the days to the first conversation by band and their total (a
    list, as the table), the closed trajectories by traject and their total (None where a traject
    has no duration norm), the reasons of those closed before a conversation, the rows left out.
    For a file that ``valid`` passed."""
    said = data["gepubliceerd"]
    months = {row["maand"]: {k: row[k] for k in COUNTS} for row in data["maanden"]}
    period = months_between(datetime.date.fromisoformat(data["start"]),
                            datetime.date.fromisoformat(data["end"]))

    def added(rows: Sequence[Mapping[str, int]]) -> dict[str, int]:
        return {k: sum(row[k] for row in rows) for k in COUNTS}

    per: dict[str, dict[str, dict[str, int]]] = {}
    for split in SPLITS:
        labels = said["per"][split]
        rows: dict[str, dict[str, int]] = {label: dict.fromkeys(COUNTS, 0) for label in labels}
        for row in data["per"][split]:
            into = rows[_split_label(row["waarde"], labels) or OTHER]
            for key in COUNTS:
                into[key] += row[key]
        per[split] = rows
    days: dict[int, int] = {}
    for row in data["maanden"]:
        for day, families in row["dagen"].items():
            days[int(day)] = days.get(int(day), 0) + families
    bands = [sum(n for d, n in days.items() if low <= d and (high is None or d <= high))
             for low, high in DAY_BANDS]
    by_flow: dict[str, list[Mapping[str, Any]]] = {}
    for row in data["afgesloten"]:
        by_flow.setdefault(row["traject"], []).append(row)

    def closed(rows: Sequence[Mapping[str, Any]]) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for key in CLOSED:
            known = [row[key] for row in rows if row.get(key) is not None]
            found[key] = sum(known) if known or not rows else None
        return found

    closures = {title: closed(rows) for title, rows in by_flow.items()}
    closures[TOTAL] = closed(data["afgesloten"])
    return {
        "totaal": added(list(months.values())),
        "maanden": months,
        "kwartalen": {its[0].isoformat()[:7]: added([months[m.isoformat()[:7]] for m in its])
                      for _, its in quarters_of(period)},
        "per": per,
        "dagen": [*bands, sum(bands)],
        "afgesloten": closures,
        "redenen": {row["waarde"]: row["trajecten"] for row in data["redenen"]},
        "niet_meegeteld": data.get("niet_meegeteld", 0),
    }
