"""A made-up caseload that shows every feature: rows from a seed and a day, nothing else.

Pure: no files and no clock. The same seed, day and region give the same cells. Names and
street names come from faker (nl_BE); places and postcodes from the region; e-mail addresses
use example.com and example.org, so nothing can reach a real person.

About 150 dossiers registered over the 14 months before ``today``. Most run as they should;
a few are chosen to show each case the tools deal with (``DemoData.examples``), and a handful
carry the mistakes people make when they type (``DemoData.mistakes``), each with the finding
code `eenplan check` gives it.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dateutil.easter import easter

from eenplan.flows.deadlines import edate
from eenplan.sheets import codes
from eenplan.sheets.names import Form, address
from eenplan.sheets.schema import (
    AGREEMENTS,
    BEGELEIDER_EMAIL,
    DOSSIERS,
    NETWORK,
    PAUSES,
    ROUND_TABLES,
)
from eenplan.team.regions import (
    EARLY_CLOSURE_REASONS,
    LIFE_DOMAIN_VALUES,
    REGIONS,
    Place,
    Region,
    lists_for,
)

# faker (0.2 s to import) is imported when a demo caseload is made.

D = datetime.date
DAY = datetime.timedelta(days=1)
DOSSIER_COUNT = 150
HISTORY_DAYS = 425  # about 14 months
DEMO_REGIONS = ("noorderkempen", "voorkempen", "gent")

# A place just outside each region: the municipality someone types that is not on Lijsten.
OUTSIDERS = {
    "noorderkempen": Place("Stabroek", "2940", "Stabroek"),
    "voorkempen": Place("Ranst", "2520", "Ranst"),
    "gent": Place("Gent", "9000", "Gent"),
}
AREA_CODES = {"noorderkempen": "03", "voorkempen": "03", "gent": "09"}

# The cases the demo shows, each with how many dossiers show it.
EXAMPLES = {
    "due_soon": 3,  # perspectiefgesprek due within the week
    "overdue": 4,  # perspectiefgesprek more than a month after the aanmelding, not done
    "paused": 2,  # an open pause: the clock stands still
    "closed_early": 4,  # closed before the perspectiefgesprek
    "sessions_over_max": 1,  # eerstelijnspsycholoog past five sessions
    "past_four_months": 2,  # open four months after the perspectiefgesprek
    "closed_late": 1,  # closed, but well after four months
    "featured": 1,  # a round-table planned soon, with invited network members: for documents
}
# What ordinary dossiers are made to show once they are made (no random draw, so the rest of the
# caseload stays as the seed makes it), each with how many dossiers show it.
FOLLOW_UP_EXAMPLES = {
    "overdue_agreement": 2,  # an agreement past its Tegen wanneer, still "lopend"
    "missed_evaluation": 1,  # a round-table's Volgende datum passed without a next round-table
}


@dataclass(frozen=True)
class Mistake:
    code: str  # the finding `eenplan check` gives it
    sheet: str
    dossier: str
    what: str  # in Dutch, for the demo's summary


@dataclass(frozen=True)
class DemoData:
    """The workbook's rows (sheet -> field -> value) and Lijsten, and what they show."""

    region: str
    today: datetime.date
    rows: Mapping[str, Sequence[Mapping[str, object]]]
    lists: Mapping[str, tuple[str, ...]]
    featured: str  # the dossier with a planned round-table and invited network members
    examples: Mapping[str, tuple[str, ...]]  # EXAMPLES or FOLLOW_UP_EXAMPLES key -> dossier numbers
    mistakes: tuple[Mistake, ...]


def generate(*, seed: int, today: datetime.date, region: str = "noorderkempen") -> DemoData:
    """The demo caseload for this seed as it stands on ``today``."""
    if region not in DEMO_REGIONS:
        raise ValueError(f"no demo for region {region!r}")
    return _Maker(seed, today, REGIONS[region]).make(DOSSIER_COUNT)


# --- what families, networks and round-tables say -------------------------------------------

STRENGTHS = (
    "Mama en papa willen er samen voor gaan.",
    "De kinderen gaan graag naar school.",
    "Oma springt vaak bij voor de opvang.",
    "Het gezin heeft een goede band met de buren.",
    "Papa kookt elke avond voor het hele gezin.",
    "De oudste helpt graag mee in huis.",
    "Het gezin vraagt zelf hulp en staat open voor tips.",
    "Er wordt veel gelachen in huis.",
    "Mama houdt de afspraken goed bij in een agenda.",
)
WORRIES = (
    "Het geld is elke maand op voor het einde van de maand.",
    "De jongste slaapt slecht en is moe op school.",
    "Mama voelt zich vaak alleen en somber.",
    "Er is veel ruzie over de gsm en de computer.",
    "Het huis is te klein en vochtig.",
    "De brieven van de mutualiteit en het OCMW stapelen zich op.",
    "Papa heeft sinds kort geen werk meer.",
    "De oudste blijft de laatste weken vaak thuis van school.",
)
WISHES = (
    "Meer rust in huis, vooral 's ochtends.",
    "Een betaalbare woning met een extra slaapkamer.",
    "Dat de kinderen graag naar school gaan.",
    "Weer werk vinden.",
    "Meer mensen rondom het gezin waar we op kunnen rekenen.",
    "Samen leuke dingen doen in het weekend.",
    "Overzicht over de papieren en de rekeningen.",
)
# life domain -> (goal, action, who does it, who supports)
AGREEMENT_IDEAS = {
    "Opvoeding": ("Rustigere ochtenden voor school", "Samen een ochtendschema maken en op de "
                  "koelkast hangen", "Mama", "begeleider"),
    "Relaties in het gezin": ("Minder ruzie thuis", "Elke zondag een gezinsmoment met een spel",
                              "Het gezin", "begeleider"),
    "Gezondheid": ("Beter slapen", "Een afspraak maken bij de huisarts", "Mama", "Huisarts"),
    "Psychisch welzijn": ("Mama voelt zich minder somber", "Gesprekken bij de "
                          "eerstelijnspsycholoog starten", "Mama", "begeleider"),
    "Ontwikkeling van het kind": ("De jongste krijgt hulp bij het praten", "Een afspraak maken "
                                  "bij de logopedist", "Papa", "Kind en Gezin"),
    "Onderwijs": ("Elke dag op tijd op school", "Een gesprek met de zorgcoördinator van de "
                  "school", "Papa", "netwerk"),
    "Wonen": ("Een geschikte woning vinden", "Inschrijven bij de sociale "
              "huisvestingsmaatschappij", "Papa", "begeleider"),
    "Werk en inkomen": ("Meer overzicht over het budget", "Samen met het OCMW een budgetplan "
                        "maken", "Mama", "OCMW"),
    "Administratie en financiën": ("De papieren zijn in orde", "De brieven sorteren en een map "
                                   "aanleggen", "Mama", "netwerk"),
    "Vrije tijd": ("De kinderen hebben een hobby", "Inschrijven bij de sportclub met de "
                   "vrijetijdspas", "Papa", "netwerk"),
    "Sociaal netwerk": ("Meer steun van familie en buren", "Oppas regelen op woensdagmiddag",
                        "Mama", "netwerk"),
    "Veiligheid": ("Iedereen voelt zich veilig thuis", "Een plan maken met wie het gezin belt "
                   "als het misloopt", "Het gezin", "begeleider"),
}
REPORTS = (
    "Goed gesprek; het gezin koos zelf de eerste stappen.",
    "Het netwerk denkt mee; de woensdagen zijn geregeld.",
    "De vorige afspraken overlopen: de meeste zijn klaar.",
    "Het gezin vertelde wat al beter gaat en waar het nog moeilijk is.",
    "Afronding besproken; het gezin kan zelf verder.",
)
REMARKS = (
    "Tolk Arabisch nodig bij gesprekken.",
    "Liever bellen na 16 uur.",
    "Ouders wonen apart: beide uitnodigen.",
    "Mama spreekt Frans, papa Nederlands.",
)
PAUSE_REASONS = (
    "Mama in het ziekenhuis",
    "Gezin vraagt even bedenktijd",
    "Gezin met vakantie",
    "Verhuis naar een nieuwe woning",
    "Overlijden in de familie",
)
HOURS = tuple(datetime.time(h, m) for h, m in ((9, 0), (9, 30), (10, 0), (13, 30), (14, 0),
                                               (15, 30), (16, 0), (17, 0), (18, 0)))
SCHOOLS = ("Basisschool De Regenboog", "Vrije Basisschool Sint-Jozef", "Basisschool De Vlinder",
           "Gemeentelijke Basisschool 't Klavertje", "Sint-Victorinstituut")
# (role on Lijsten, relation as typed, a private person?, its organisation or "")
MEMBER_KINDS = (
    ("Grootouder", ("grootmoeder", "grootvader"), True, ""),
    ("Familielid", ("tante", "oom", "zus van mama", "broer van papa", "nicht"), True, ""),
    ("Buur", ("buurvrouw", "buurman"), True, ""),
    ("Vriend of kennis", ("vriendin van mama", "vriend van papa", "meter van de jongste"), True, ""),
    ("Leerkracht", ("juf", "meester", "zorgcoördinator"), False, "school"),
    ("CLB-medewerker", ("CLB-medewerker",), False, "CLB"),
    ("Kinderopvang", ("begeleidster kinderopvang",), False, "Kinderdagverblijf Hummeltjes"),
    ("Huisarts", ("huisarts",), False, "Huisartsenpraktijk"),
    ("Hulpverlener", ("maatschappelijk werker", "thuisbegeleider", "verpleegkundige"), False,
     "OCMW"),
    ("Vrijwilliger", ("vrijwilliger buurtwerk",), True, ""),
)
_MEMBER_WEIGHTS = (14, 14, 12, 10, 12, 8, 5, 6, 10, 3)
_REFERRER_WEIGHTS = {"Gezin zelf": 24, "School": 14, "CLB": 14, "Kind en Gezin": 10,
                     "Huisarts": 8, "OCMW": 6, "CAW": 5, "Kinderopvang": 5,
                     "Familie of netwerk": 4, "Huis van het Kind": 4, "Ziekenhuis": 2,
                     "Jeugdhulp": 2, "Politie": 1, "Andere": 1}
_DOMAIN_WEIGHTS = {"Opvoeding": 26, "Relaties in het gezin": 12, "Psychisch welzijn": 12,
                   "Onderwijs": 10, "Gezondheid": 6, "Ontwikkeling van het kind": 6, "Wonen": 8,
                   "Werk en inkomen": 7, "Administratie en financiën": 5, "Vrije tijd": 3,
                   "Sociaal netwerk": 3, "Veiligheid": 2}
_NORMAL_REASONS = {"Doelen bereikt": 60, "Gezin kan zelf verder": 25, "Doorverwezen": 10,
                   "Andere hulp loopt al": 5}


@dataclass
class _Case:
    """One dossier while it is made; numbered and flattened into rows at the end."""

    example: str  # an EXAMPLES key, or "" for an ordinary dossier
    registered: datetime.date
    flow: str = "procesbegeleiding"
    perspective: datetime.date | None = None
    plan: datetime.date | None = None
    closed: datetime.date | None = None
    reason: str = ""
    sessions: int | None = None
    begeleider: str = ""
    number: str = ""
    row: dict[str, object] = field(default_factory=dict)
    network: list[dict[str, object]] = field(default_factory=list)
    pauses: list[dict[str, object]] = field(default_factory=list)
    tables: list[dict[str, object]] = field(default_factory=list)
    agreements: list[dict[str, object]] = field(default_factory=list)
    shows: str = ""  # a FOLLOW_UP_EXAMPLES key, for an ordinary dossier chosen to show it


class _Maker:
    def __init__(self, seed: int, today: datetime.date, region: Region) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fake = Faker("nl_BE")
        self.fake.seed_instance(seed)
        self.today = today
        self.region = region
        self.families: set[str] = set()  # only asked, never walked: the order stays the seed's
        self.early_closures = 0
        names: list[str] = []
        while len(names) < 7:
            name = f"{_greetable(self.fake.first_name())} {self.fake.last_name()}"
            if name not in names:
                names.append(name)
        self.begeleiders, self.psychologists = tuple(names[:5]), tuple(names[5:])

    # -- the whole caseload

    def make(self, count: int) -> DemoData:
        cases = [self._example(kind) for kind, n in EXAMPLES.items() for _ in range(n)]
        while len(cases) < count:
            cases.append(self._ordinary())
        for case in cases:
            self._fill(case)
        self._follow_up_examples(cases)
        cases.sort(key=lambda c: c.registered)  # stable: ties keep the order they were made in
        self._number(cases)
        mistakes = self._mistakes([c for c in cases if not c.example])
        rows: dict[str, list[dict[str, object]]] = {
            DOSSIERS: [], NETWORK: [], PAUSES: [], ROUND_TABLES: [], AGREEMENTS: []}
        for case in cases:
            rows[DOSSIERS].append(case.row)
            rows[NETWORK].extend(case.network)
            rows[PAUSES].extend(case.pauses)
            rows[ROUND_TABLES].extend(case.tables)
            rows[AGREEMENTS].extend(case.agreements)
        rows[NETWORK].extend(self._stray_network_rows(mistakes))
        examples = {kind: tuple(c.number for c in cases if c.example == kind) for kind in EXAMPLES}
        examples |= {kind: tuple(c.number for c in cases if c.shows == kind) for kind in FOLLOW_UP_EXAMPLES}
        slipped = {c.number for _, c in mistakes}
        french = next((c for c in cases if not c.example and not c.shows and c.number not in slipped
                       and c.closed is None and any(m["invite"] for m in c.network)
                       and any(isinstance(day := t["date"], D) and day > self.today
                               for t in c.tables)), None)
        if french is not None:  # a family that reads French: its letters come in French
            french.row["language"] = "fr"
        examples["french"] = (french.number,) if french is not None else ()
        return DemoData(
            region=self.region.key, today=self.today, rows=rows,
            lists=self._lists(),
            featured=examples["featured"][0], examples=examples,
            mistakes=tuple(m for m, _ in mistakes),
        )

    def _lists(self) -> dict[str, tuple[str, ...]]:
        """The Lijsten, with each begeleider's e-mail address beside their name (for their
        week's mail); the last one has none, so `digest --begeleiders` shows what that gives."""
        staff = self.begeleiders + self.psychologists
        addresses = tuple(f"{_ascii(name.split()[0])}.{_ascii(''.join(name.split()[1:]))}@example.org"
                          for name in staff[:-1])
        return {**lists_for(self.region.key, begeleiders=staff), BEGELEIDER_EMAIL: (*addresses, "")}

    # -- dates: which case, when

    def _ago(self, low: int, high: int) -> datetime.date:
        return _weekday(self.today - self.rng.randint(low, high) * DAY)

    def _example(self, kind: str) -> _Case:
        rng, today = self.rng, self.today
        if kind == "due_soon":
            # the one-month norm falls within the coming week, counted as EDATE counts
            days = [n for n in range(20, 32)
                    if 1 <= (edate(today - n * DAY, 1) - today).days <= 6]
            registered = today - rng.choice(days) * DAY
            return _Case(kind, registered, begeleider=rng.choice(self.begeleiders))
        if kind == "overdue":
            return _Case(kind, self._ago(36, 75), begeleider=rng.choice(self.begeleiders))
        if kind == "paused":
            case = _Case(kind, self._ago(38, 60), begeleider=rng.choice(self.begeleiders))
            case.pauses.append({"start": _weekday(case.registered + rng.randint(4, 12) * DAY),
                                "reason": rng.choice(PAUSE_REASONS[:2])})
            return case
        if kind == "closed_early":
            registered = self._ago(45, 380)
            reason = EARLY_CLOSURE_REASONS[self.early_closures % len(EARLY_CLOSURE_REASONS)]
            self.early_closures += 1
            return _Case(kind, registered, closed=_weekday(registered + rng.randint(9, 30) * DAY),
                         reason=reason)
        if kind == "sessions_over_max":
            registered = self._ago(100, 130)
            return _Case(kind, registered, flow="eerstelijnspsycholoog",
                         perspective=_weekday(registered + 10 * DAY), sessions=7,
                         begeleider=rng.choice(self.psychologists))
        if kind == "past_four_months":
            registered = self._ago(160, 200)
            perspective = _weekday(registered + rng.randint(7, 20) * DAY)
            return _Case(kind, registered, perspective=perspective,
                         plan=_weekday(perspective + 14 * DAY), begeleider=rng.choice(self.begeleiders))
        if kind == "closed_late":
            registered = self._ago(250, 320)
            perspective = _weekday(registered + 14 * DAY)
            return _Case(kind, registered, perspective=perspective,
                         plan=_weekday(perspective + 21 * DAY),
                         closed=_weekday(perspective + rng.randint(140, 170) * DAY),
                         reason="Doelen bereikt", begeleider=rng.choice(self.begeleiders))
        if kind == "featured":
            registered = self._ago(40, 40)
            perspective = _weekday(registered + 8 * DAY)
            return _Case(kind, registered, perspective=perspective,
                         plan=_weekday(perspective + 14 * DAY), begeleider=self.begeleiders[0])
        raise AssertionError(kind)

    def _ordinary(self) -> _Case:
        """A dossier that runs as it should: on time, or not yet due, or closed in time."""
        rng, today = self.rng, self.today
        registered = self._ago(0, HISTORY_DAYS)
        psychologist = rng.random() < 0.15
        case = _Case("", registered, flow="eerstelijnspsycholoog" if psychologist else "procesbegeleiding")
        late = rng.random() < 0.1  # done, but after the month: it counts in the statistics
        gap = rng.randint(32, 45) if late else rng.randint(3, 27)
        perspective: datetime.date | None = max(_weekday(registered + gap * DAY), registered)
        if perspective is not None and perspective > today:
            perspective = None
            if today >= edate(registered, 1) - 7 * DAY:
                # it would be due soon or late: the examples show that, ordinary cases do not
                perspective = max(_weekday(today - rng.randint(0, 2) * DAY), registered)
        case.perspective = perspective
        staff = self.psychologists if psychologist else self.begeleiders
        if perspective is not None or rng.random() < 0.5:
            case.begeleider = rng.choice(staff)
        if perspective is None:
            return case
        if psychologist:
            closed = _weekday(perspective + rng.randint(56, 84) * DAY)
            if closed <= today:
                case.closed = closed
                case.reason = rng.choice(("Doelen bereikt", "Doelen bereikt", "Doorverwezen"))
                case.sessions = rng.choice((4, 5))
            else:
                case.sessions = min(5, 1 + (today - perspective).days // 14)
            return case
        plan = _weekday(perspective + rng.randint(10, 30) * DAY)
        case.plan = plan if plan <= today else None
        closed = _weekday(perspective + rng.randint(55, 118) * DAY)  # within the four months
        if case.plan is not None and closed <= today:
            case.closed = closed
            case.reason = _weighted(rng, _NORMAL_REASONS)
        if rng.random() < 0.1:
            start = _weekday(perspective + rng.randint(7, 30) * DAY)
            end = start + rng.randint(7, 28) * DAY
            if end <= today and (case.closed is None or end < case.closed):
                case.pauses.append({"start": start, "end": end, "reason": rng.choice(PAUSE_REASONS)})
        return case

    # -- people, places and meetings

    def _fill(self, case: _Case) -> None:
        rng, fake = self.rng, self.fake
        surname = self._family_name()
        place = rng.choice(self.region.places)
        street = fake.street_name()
        parent = _greetable(fake.first_name_female() if rng.random() < 0.7 else fake.first_name_male())
        email = ""
        if rng.random() < 0.4 or case.example == "featured":
            email = f"{_ascii(parent)}.{_ascii(surname)}@example.com"
        domain = (_weighted(rng, _DOMAIN_WEIGHTS) if case.flow == "procesbegeleiding"
                  else "Psychisch welzijn")
        if case.example == "featured":
            domain = "Opvoeding"
        case.row = {
            "family": f"Familie {surname}", "flow": case.flow, "municipality": place.name,
            "referrer": _weighted(rng, _REFERRER_WEIGHTS), "question": domain,
            "begeleider": case.begeleider, "registered_on": case.registered,
            "perspective_on": case.perspective, "plan_on": case.plan, "closed_on": case.closed,
            "closure_reason": case.reason, "sessions": case.sessions,
            "address": f"{street} {rng.randint(1, 180)}, {place.postcode} {place.town}",
            "email": email,
        }
        if rng.random() < 0.1:
            case.row["remarks"] = rng.choice(REMARKS)
        if case.plan is not None and (rng.random() < 0.6 or case.example == "featured"):
            case.row["strengths"] = " ".join(rng.sample(STRENGTHS, 2))
            case.row["worries"] = " ".join(rng.sample(WORRIES, 2))
            case.row["wishes"] = " ".join(rng.sample(WISHES, 2))
        if case.example == "featured":
            self._featured_network(case, surname, place, street)
        else:
            self._network(case, surname, place, street, self._network_size(case))
        self._round_tables(case, place, domain)

    def _family_name(self) -> str:
        """A family name no other open dossier has (two open dossiers of one family is a finding)."""
        for _ in range(100):
            surname = self.fake.last_name()
            if surname not in self.families:
                break
        else:
            surname = f"{self.fake.last_name()}-{self.fake.last_name()}"
        self.families.add(surname)
        return surname

    def _network_size(self, case: _Case) -> int:
        if case.flow == "eerstelijnspsycholoog" or case.perspective is None:
            return self.rng.randint(0, 2)
        return self.rng.randint(2, 6)

    def _network(self, case: _Case, surname: str, place: Place, street: str, size: int) -> None:
        names: list[str] = []
        for _ in range(size):
            role, relations, private, organisation = self.rng.choices(MEMBER_KINDS, _MEMBER_WEIGHTS)[0]
            relation = self.rng.choice(relations)
            member = self._member(case, surname, place, street, role, relation, private, organisation)
            if member["name"] in names:
                continue
            names.append(str(member["name"]))
            case.network.append(member)

    def _member(self, case: _Case, surname: str, place: Place, street: str, role: str,
                relation: str, private: bool, organisation: str, *, invite: bool | None = None,
                email: bool | None = None) -> dict[str, object]:
        rng, fake = self.rng, self.fake
        female = relation in ("grootmoeder", "tante", "zus van mama", "nicht", "buurvrouw",
                              "vriendin van mama", "meter van de jongste", "juf",
                              "begeleidster kinderopvang") or (not private and rng.random() < 0.7)
        first = _greetable(fake.first_name_female() if female else fake.first_name_male())
        last = surname if relation in ("grootvader", "broer van papa") else fake.last_name()
        if organisation == "school":
            organisation = rng.choice(SCHOOLS)
        elif organisation in ("CLB", "OCMW", "Huisartsenpraktijk"):
            organisation = f"{organisation} {place.town}"
        if email is None:
            email = rng.random() < (0.9 if not private else 0.45)
        address = ""
        if relation in ("buurvrouw", "buurman"):
            address = f"{street} {rng.randint(1, 180)}, {place.postcode} {place.town}"
        elif private and rng.random() < 0.7:
            home = rng.choice(self.region.places)
            address = f"{fake.street_name()} {rng.randint(1, 180)}, {home.postcode} {home.town}"
        row = {
            "dossier": case, "name": f"{first} {last}", "role": role, "relation": relation,
            "organisation": organisation,
            "email": (f"{_ascii(first)}.{_ascii(last)}@example.{'com' if private else 'org'}"
                      if email else ""),
            "phone": self._phone(private),
            "address": address,
            "invite": invite if invite is not None else rng.random() < (0.6 if private else 0.7),
        }
        if row["invite"] and not email and not address:
            # a letter that can only be posted has an address to go to (check: guest-without-address);
            # made without drawing again, so the rest of the demo stays as it was
            where = organisation or street
            row["address"] = f"{where} {1 + len(first + last) * 7 % 180}, {place.postcode} {place.town}"
        return row

    def _featured_network(self, case: _Case, surname: str, place: Place, street: str) -> None:
        """Six people around the family; four invited, one of them without e-mail (a letter)."""
        plan = (
            ("Grootouder", "grootmoeder", True, "", True, True),
            ("Buur", "buurvrouw", True, "", True, False),
            ("Leerkracht", "juf", False, "school", True, True),
            ("CLB-medewerker", "CLB-medewerker", False, "CLB", True, True),
            ("Familielid", "broer van papa", True, "", False, True),
            ("Huisarts", "huisarts", False, "Huisartsenpraktijk", False, False),
        )
        names: set[str] = set()
        for role, relation, private, organisation, invite, email in plan:
            member = self._member(case, surname, place, street, role, relation, private,
                                  organisation, invite=invite, email=email)
            while member["name"] in names:
                member = self._member(case, surname, place, street, role, relation, private,
                                      organisation, invite=invite, email=email)
            names.add(str(member["name"]))
            # the juf agreed to get her invitation by e-mail (Netwerk: Per e-mail = ja); the
            # neighbour reads English (Netwerk: Taal)
            member["by_mail"] = role == "Leerkracht"
            if role == "Buur":
                member["language"] = "en"
            case.network.append(member)

    def _phone(self, private: bool) -> str:
        r = self.rng.randint
        if private:
            return f"04{r(70, 99)} {r(10, 99)} {r(10, 99)} {r(10, 99)}"
        return f"{AREA_CODES[self.region.key]} {r(200, 899)} {r(10, 99)} {r(10, 99)}"

    def _round_tables(self, case: _Case, place: Place, domain: str) -> None:
        """Start on the day of the gezinsplan, follow-ups every month or so, an evaluation at the end."""
        if case.plan is None or case.flow != "procesbegeleiding":
            return
        rng, today = self.rng, self.today
        dates = [case.plan]
        end = case.closed or today + 30 * DAY
        while True:
            following = _weekday(dates[-1] + rng.randint(28, 49) * DAY)
            if following > end or dates[-1] > today:
                break
            if case.closed is not None and following > case.closed - 7 * DAY:
                break
            dates.append(following)
        if case.closed is not None and case.closed - dates[-1] >= 7 * DAY:
            dates.append(case.closed)
        if case.example == "featured":
            dates = [case.plan, _weekday(today + rng.randint(9, 14) * DAY, forward=True)]
        # the days drawn, moved off public holidays and the Christmas week: the gezinsplan is
        # made at the start, the dossier closed at the evaluation
        meetings = _meeting_days(dates, today=today, not_before=case.perspective)
        if case.closed is not None and dates[-1] == case.closed:
            case.closed = case.row["closed_on"] = meetings[-1]
        case.plan = case.row["plan_on"] = meetings[0]
        dates = meetings
        places = ("Bij het gezin thuis", f"Huis van het Kind {place.name}",
                  f"Sociaal Huis {place.town}")
        invited = [m for m in case.network if m["invite"]]
        for index, day in enumerate(dates):
            kind = ("start" if index == 0 else
                    "evaluatie" if case.closed is not None and day == case.closed else "opvolging")
            held = day <= today
            present = ", ".join(["het gezin", *(str(m["name"]) for m in invited if rng.random() < 0.8)])
            case.tables.append({
                "dossier": case, "date": day, "time": rng.choice(HOURS), "location": rng.choice(places),
                "kind": kind, "present": present if held else "",
                "notes": rng.choice(REPORTS[:4] if kind != "evaluatie" else REPORTS[4:]) if held else "",
                "next_date": dates[index + 1] if index + 1 < len(dates) else None,
            })
            if held and kind != "evaluatie":
                self._agreements(case, day, domain, invited)

    def _agreements(self, case: _Case, day: datetime.date, domain: str, invited: list) -> None:
        rng, today = self.rng, self.today
        domains = [domain, *rng.sample([d for d in LIFE_DOMAIN_VALUES if d != domain], 2)]
        for chosen in domains[: rng.randint(1, 3) if case.example != "featured" else 3]:
            goal, action, who, support = AGREEMENT_IDEAS[chosen]
            if support == "begeleider":
                support = case.begeleider
            elif support == "netwerk":
                support = str(invited[0]["name"]) if invited else case.begeleider
            due = day + rng.randint(14, 56) * DAY
            if case.closed is not None or due < today - 14 * DAY:
                status = "klaar" if rng.random() < 0.85 else "lopend"
            else:
                status = rng.choice(("open", "lopend", "lopend", "klaar"))
            if due < today:
                status = "klaar"  # an ordinary dossier keeps its agreements; the examples do not
            case.agreements.append({
                "dossier": case, "round_table": day, "domain": chosen, "goal": goal, "action": action,
                "who": who, "support": support, "due": due, "status": status,
            })

    def _follow_up_examples(self, cases: list[_Case]) -> None:
        """Ordinary open dossiers made to show an agreement run late and a missed evaluation:
        the first that fit, in the order they were made (no random draw)."""
        today = self.today

        def fits(case: _Case) -> bool:
            return (not case.example and not case.shows and case.closed is None
                    and case.flow == "procesbegeleiding" and bool(case.begeleider))

        wanted = FOLLOW_UP_EXAMPLES["overdue_agreement"]
        for case in cases:
            if wanted and fits(case):
                past = [a for a in case.agreements if a["due"] < today - 7 * DAY]  # type: ignore[operator]
                if past:
                    past[-1]["status"] = "lopend"
                    case.shows, wanted = "overdue_agreement", wanted - 1
        wanted = FOLLOW_UP_EXAMPLES["missed_evaluation"]
        for case in cases:
            held = [t for t in case.tables if t["date"] <= today]  # type: ignore[operator]
            if not (wanted and fits(case) and held):
                continue
            last = held[-1]["date"]
            assert isinstance(last, datetime.date)
            missed = _working_day(last + 14 * DAY, forward=True)
            if missed < today - 5 * DAY:
                case.tables = held  # the round-table was never planned again,
                held[-1]["next_date"] = missed  # though the last one said when
                case.shows, wanted = "missed_evaluation", wanted - 1

    # -- numbers and mistakes

    def _number(self, cases: list[_Case]) -> None:
        per_year: dict[int, int] = {}
        for case in cases:
            year = case.registered.year
            per_year[year] = per_year.get(year, 0) + 1
            case.number = f"{year}-{per_year[year]:03d}"
            case.row = {"id": case.number, **case.row}
            for child in (*case.network, *case.pauses, *case.tables, *case.agreements):
                child["dossier"] = case.number
            for child in case.pauses:
                child.setdefault("end", None)

    def _mistakes(self, ordinary: list[_Case]) -> list[tuple[Mistake, _Case]]:
        """Seven slips of the keyboard, each in a different ordinary dossier."""
        rng = self.rng
        used: set[str] = set()
        made: list[tuple[Mistake, _Case]] = []

        def pick(condition: object) -> _Case:
            candidates = [c for c in ordinary if c.number not in used and condition(c)]  # type: ignore[operator]
            case = rng.choice(candidates)
            used.add(case.number)
            return case

        def note(code: codes.Code, sheet: str, case: _Case, what: str, dossier: str = "") -> None:
            made.append((Mistake(code.name, sheet, dossier or case.number, what), case))

        case = pick(lambda c: c.perspective is not None and c.flow == "procesbegeleiding")
        case.row["perspective_on"] = f"{case.perspective:%d/%m/%Y}"
        note(codes.DATE_AS_TEXT, DOSSIERS, case, "een datum die als tekst getypt is")

        thirty = (4, 6, 9, 11)
        case = pick(lambda c: c.plan is not None and c.plan.month in thirty)
        case.row["plan_on"] = f"31/{case.plan.month:02d}/{case.plan.year}"  # type: ignore[union-attr]
        note(codes.IMPOSSIBLE_DATE, DOSSIERS, case, "een datum die niet bestaat")

        case = pick(lambda c: True)
        outsider = OUTSIDERS[self.region.key]
        street = str(case.row["address"]).split(",")[0]
        case.row["municipality"] = outsider.name
        case.row["address"] = f"{street}, {outsider.postcode} {outsider.town}"
        note(codes.UNKNOWN_MUNICIPALITY, DOSSIERS, case, "een gemeente die niet in de lijst staat")

        case = pick(lambda c: c.closed is not None)
        case.row["closure_reason"] = ""
        note(codes.CLOSURE_WITHOUT_REASON, DOSSIERS, case, "een afsluiting zonder reden")

        case = pick(lambda c: any(m["email"] for m in c.network))
        member = next(m for m in case.network if m["email"])
        member["email"] = str(member["email"]).replace(".com", ",com").replace(".org", ",org")
        note(codes.INVALID_EMAIL, NETWORK, case, "een e-mailadres met een komma")

        case = pick(lambda c: int(c.number.split("-")[1]) < 100 and len(c.network) >= 1)
        year, sequence = case.number.split("-")
        typed = f"{year}-{int(sequence)}"  # 2026-041 without its zero
        note(codes.UNKNOWN_DOSSIER, NETWORK, case, f"een netwerklid bij dossier {typed}, dat niet bestaat",
             dossier=typed)

        case = pick(lambda c: c.perspective is not None)
        case.row["begeleider"] = ""
        note(codes.BEGELEIDER_MISSING, DOSSIERS, case, "een dossier met een gesprek maar zonder begeleider")
        return made

    def _stray_network_rows(self, mistakes: list[tuple[Mistake, _Case]]) -> list[dict[str, object]]:
        """The network member typed under a dossier number that lost its zero."""
        rows = []
        for mistake, case in mistakes:
            if mistake.code == codes.UNKNOWN_DOSSIER.name:
                surname = str(case.row["family"]).removeprefix("Familie ")
                first = _greetable(self.fake.first_name_female())
                rows.append({
                    "dossier": mistake.dossier, "name": f"{first} {surname}",
                    "role": "Familielid", "relation": "tante", "organisation": "", "email": "",
                    "phone": self._phone(True), "address": "", "invite": False,
                })
        return rows


def _weekday(day: datetime.date, *, forward: bool = False) -> datetime.date:
    """The day itself on a weekday; else the Friday before (or the Monday after)."""
    while day.weekday() >= 5:
        day += DAY if forward else -DAY
    return day


# Belgian public holidays on a fixed date: New Year, Labour Day, the national holiday, Assumption,
# All Saints, Armistice. Christmas lies in the Christmas week, when a team does not meet either.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11)})
CHRISTMAS_WEEK = range(24, 32)  # the days of December
EASTER_HOLIDAYS = (1, 39, 50)  # days after Easter Sunday: Easter Monday, Ascension, Whit Monday


def working_day(day: datetime.date) -> bool:
    """A day a Flemish team meets families: not in a weekend, not a Belgian public holiday, not
    in the Christmas week (24 to 31 December)."""
    if day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        return False
    if day.month == 12 and day.day in CHRISTMAS_WEEK:
        return False
    return (day - easter(day.year)).days not in EASTER_HOLIDAYS


def _working_day(day: datetime.date, *, forward: bool = False) -> datetime.date:
    """The day itself on a working day; else the working day before (or after)."""
    while not working_day(day):
        day += DAY if forward else -DAY
    return day


def _meeting_days(days: Sequence[datetime.date], *, today: datetime.date,
                  not_before: datetime.date | None) -> list[datetime.date]:
    """A dossier's round-tables (in order, days apart) each on a working day: one held to the
    working day before (and before the next), one still to come to the working day after (and
    after the one before), so a round-table held stays held and the random draws made for it
    stay the same. A start that would then come before ``not_before`` (the perspectiefgesprek)
    goes to the first working day after that, if it is held by today all the same."""
    ahead: list[datetime.date] = []
    for day in (d for d in days if d > today):
        ahead.append(_working_day(max(day, ahead[-1] + DAY) if ahead else day, forward=True))
    held: list[datetime.date] = []
    for day in reversed([d for d in days if d <= today]):
        held.append(_working_day(min(day, held[-1] - DAY) if held else day))
    held.reverse()
    if held and not_before is not None and held[0] < not_before:
        start = _working_day(not_before, forward=True)
        if start <= today and (len(held) == 1 or start < held[1]):
            held[0] = start
    return held + ahead


def _weighted(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]



def _greetable(first: str) -> str:
    """A made-up first name a letter greets by: Faker's Flemish first names hold "El", which a letter
    takes for the particle of a surname ("El Amrani") and so says the whole name; "Elke" instead,
    as the demo means only its intended mistakes to be found. No new draw: the seed's order stays."""
    return first if address(f"{first} Peeters").form is Form.FIRST_NAME else f"{first}ke"

def _ascii(name: str) -> str:
    """A name as the part of an e-mail address: "Van den Broeck" -> "vandenbroeck"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())

