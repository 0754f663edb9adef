"""What a region's Lijsten hold when `init` makes a team's workbook.

Noorderkempen and Voorkempen list their municipalities; Samen1Plan Gent works per
neighbourhood, so its "Gemeenten" are the 25 wijken of Gent. ``leeg`` lists no places at all,
for a team that fills its own in. The other lists are the same everywhere: a team changes them
on the sheet Lijsten, in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass

from eenplan.sheets.schema import (
    BEGELEIDERS,
    CLOSURE_REASONS,
    LIFE_DOMAINS,
    MUNICIPALITIES,
    REFERRERS,
    ROLES,
)


@dataclass(frozen=True)
class Place:
    """A value of the list Gemeenten, with the postcode and town its letters go to."""

    name: str
    postcode: str
    town: str


@dataclass(frozen=True)
class Region:
    key: str  # as in eenplan.toml: team.regio
    title: str  # as people write it
    places: tuple[Place, ...]


def _towns(*pairs: tuple[str, str]) -> tuple[Place, ...]:
    return tuple(Place(name, postcode, name) for name, postcode in pairs)


NOORDERKEMPEN = Region(
    "noorderkempen",
    "Noorderkempen",
    _towns(("Brasschaat", "2930"), ("Essen", "2910"), ("Kalmthout", "2920"), ("Kapellen", "2950"),
           ("Wuustwezel", "2990")),
)
VOORKEMPEN = Region(
    "voorkempen",
    "Voorkempen",
    _towns(("Brecht", "2960"), ("Malle", "2390"), ("Schilde", "2970"), ("Wijnegem", "2110"),
           ("Zandhoven", "2240"), ("Zoersel", "2980")),
)
GENT = Region(
    "gent",
    "Gent",
    (
        Place("Binnenstad", "9000", "Gent"),
        Place("Bloemekenswijk", "9000", "Gent"),
        Place("Brugse Poort - Rooigem", "9000", "Gent"),
        Place("Dampoort", "9000", "Gent"),
        Place("Drongen", "9031", "Drongen"),
        Place("Elisabethbegijnhof - Papegaai", "9000", "Gent"),
        Place("Gentbrugge", "9050", "Gentbrugge"),
        Place("Kanaaldorpen en -zone", "9042", "Sint-Kruis-Winkel"),
        Place("Ledeberg", "9050", "Ledeberg"),
        Place("Macharius - Heirnis", "9000", "Gent"),
        Place("Mariakerke", "9030", "Mariakerke"),
        Place("Moscou - Vogelhoek", "9050", "Gentbrugge"),
        Place("Muide - Meulestede - Afrikalaan", "9000", "Gent"),
        Place("Nieuw Gent - UZ", "9000", "Gent"),
        Place("Oostakker", "9041", "Oostakker"),
        Place("Oud Gentbrugge", "9050", "Gentbrugge"),
        Place("Rabot - Blaisantvest", "9000", "Gent"),
        Place("Sint-Amandsberg", "9040", "Sint-Amandsberg"),
        Place("Sint-Denijs-Westrem - Afsnee", "9051", "Sint-Denijs-Westrem"),
        Place("Sluizeken - Tolhuis - Ham", "9000", "Gent"),
        Place("Stationsbuurt Noord", "9000", "Gent"),
        Place("Stationsbuurt Zuid", "9000", "Gent"),
        Place("Watersportbaan - Ekkergem", "9000", "Gent"),
        Place("Wondelgem", "9032", "Wondelgem"),
        Place("Zwijnaarde", "9052", "Zwijnaarde"),
    ),
)
EMPTY = Region("leeg", "geen regio", ())

REGIONS: dict[str, Region] = {r.key: r for r in (NOORDERKEMPEN, VOORKEMPEN, GENT, EMPTY)}

LIFE_DOMAIN_VALUES = (
    "Opvoeding",
    "Relaties in het gezin",
    "Gezondheid",
    "Psychisch welzijn",
    "Ontwikkeling van het kind",
    "Onderwijs",
    "Wonen",
    "Werk en inkomen",
    "Administratie en financiën",
    "Vrije tijd",
    "Sociaal netwerk",
    "Veiligheid",
)
REFERRER_VALUES = (
    "Gezin zelf",
    "Familie of netwerk",
    "School",
    "CLB",
    "Kind en Gezin",
    "Kinderopvang",
    "Huis van het Kind",
    "Huisarts",
    "Ziekenhuis",
    "OCMW",
    "CAW",
    "Jeugdhulp",
    "Politie",
    "Andere",
)
ROLE_VALUES = (
    "Gezin",
    "Ouder",
    "Kind of jongere",
    "Grootouder",
    "Familielid",
    "Buur",
    "Vriend of kennis",
    "Leerkracht",
    "CLB-medewerker",
    "Kinderopvang",
    "Huisarts",
    "Hulpverlener",
    "Vrijwilliger",
    "Andere",
)
# The first four fit a trajectory that stops before the perspectiefgesprek.
EARLY_CLOSURE_REASONS = ("Geen contact meer", "Gezin ziet af van hulp", "Doorverwezen", "Verhuisd")
CLOSURE_REASON_VALUES = (
    "Doelen bereikt",
    "Gezin kan zelf verder",
    *EARLY_CLOSURE_REASONS,
    "Andere hulp loopt al",
    "Andere",
)


def region(key: str) -> Region:
    """The region by its key in eenplan.toml (noorderkempen, voorkempen, gent, leeg)."""
    return REGIONS[key]


def lists_for(key: str, *, begeleiders: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """The Lijsten of a new workbook, list name -> values. Begeleiders stay empty in `init`."""
    return {
        MUNICIPALITIES: tuple(p.name for p in REGIONS[key].places),
        BEGELEIDERS: begeleiders,
        REFERRERS: REFERRER_VALUES,
        LIFE_DOMAINS: LIFE_DOMAIN_VALUES,
        ROLES: ROLE_VALUES,
        CLOSURE_REASONS: CLOSURE_REASON_VALUES,
    }


def guess_region(name: str) -> str | None:
    """The region a team's name or folder names, as in "Team Noorderkempen"; None if none."""
    words = name.casefold().replace("-", " ").replace("_", " ")
    for key in ("noorderkempen", "voorkempen", "gent"):
        if key in words.split() or (key != "gent" and key in words):
            return key
    return None
