"""What a template may use: one documented field catalogue per kind, and the context builders.

The catalogue (``FIELDS``) is the one place the fields are described: `eenplan templates
fields` prints it, `eenplan templates check` checks a template against it, and a test holds it
equal to what the builders make. The builders take typed records (never raw cells) and return
a plain dict of text, dates and lists; nothing else reaches a template.

A field path is written as in a template: ``gezin.naam``; an item of a list as
``afspraken[].doel`` (in the template: ``{% for a in afspraken %}{{ a.doel }}``).

Every text is cleaned of characters a Word file cannot hold; a date is a ``Datum``, which a
template shows as "maandag 7 december 2026" and the filters ``korte_datum`` (07/12/2026) and
``datum("d MMMM")`` format otherwise. An empty value is "" (never "None").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eenplan.dutch import (
    DUTCH,
    and_list,
    current_language,
    hour,
    language,
    long_date,
    long_date_and_hour,
    or_list,
)
from eenplan.sheets.cells import normal_text
from eenplan.sheets.names import Called, Courtesy, Form, address, courtesy, display_name, first_name
from eenplan.sheets.records import (
    CHILD_WORDS,
    Agreement,
    Dossier,
    NetworkMember,
    RoundTable,
    StaffContact,
    in_family,
    invitees_of,
    is_child,
    is_family,
)
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, NETWORK, ROUND_TABLES
from eenplan.team.settings import Settings

INVITATION = "uitnodiging"
REPORT = "verslag"
PLAN = "gezinsplan"
CHILDREN_PLAN = "kindplan"
KINDS = (INVITATION, REPORT, PLAN, CHILDREN_PLAN)


@dataclass(frozen=True)
class Field:
    path: str
    example: str
    description: str


class Datum(datetime.date):
    """A date that shows itself the Flemish way in a template: maandag 7 december 2026."""

    def __str__(self) -> str:
        return long_date(self)

    def __html__(self) -> str:
        return str(self)

    @classmethod
    def of(cls, day: datetime.date | None) -> Datum | str:
        return "" if day is None else cls(day.year, day.month, day.day)


class JaNee:
    """A yes or no in a template: true or false in ``{% if %}``, and printed the way the
    catalogue says, "ja" or "nee" ("oui"/"non", "yes"/"no" in a French or English letter),
    never Python's True or False."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = bool(value)

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, JaNee) else other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return own_words("ja" if self.value else "nee")

    def __html__(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"JaNee({self.value})"


# -- the catalogue ---------------------------------------------------------------------------

_COMMON = (
    Field("team.naam", "Team Noorderkempen", "De naam van het team (eenplan.toml, [team] naam)."),
    Field("briefhoofd.organisatie", "1 Gezin 1 Plan Noorderkempen",
          "De organisatie bovenaan de brief ([briefhoofd] organisatie; leeg: de naam van het team)."),
    Field("briefhoofd.adres", "Marktplein 1, 2930 Brasschaat", "Het adres van het team."),
    Field("briefhoofd.telefoon", "03 123 45 67", "Het telefoonnummer van het team."),
    Field("briefhoofd.email", "team@voorbeeld.be", "Het e-mailadres van het team."),
    Field("briefhoofd.website", "https://voorbeeld.be", "De website van het team."),
    Field("briefhoofd.regel", "Marktplein 1, 2930 Brasschaat · 03 123 45 67 · team@voorbeeld.be",
          "Adres, telefoon, e-mail en website op één regel, met · ertussen."),
    Field("briefhoofd.logo", "logo.png",
          "Het logo van het team ([briefhoofd] logo, een afbeelding in de teammap; kan leeg zijn): "
          "{{ briefhoofd.logo }} zet het in de brief."),
    Field("vandaag", "maandag 23 november 2026", "De dag dat het document gemaakt wordt."),
    Field("dossier.nummer", "2026-014", "Het dossiernummer."),
    Field("dossier.traject", "procesbegeleiding", "Het soort traject."),
    Field("dossier.hulpvraag", "Opvoeding", "Het levensdomein van de belangrijkste vraag."),
    Field("gezin.naam", "Familie Peeters", "De naam van het gezin, zoals op het blad Dossiers."),
    Field("gezin.aanhef", "Familie Peeters",
          "De naam van het gezin zoals een brief het aanspreekt of ondertekent: Beste "
          "{{ gezin.aanhef }}, (in een Franse brief Famille Peeters, in een Engelse Peeters family)."),
    Field("gezin.in_zin", "Familie Peeters",
          "De naam van het gezin midden in een zin: Wij zijn {{ gezin.in_zin }}. (in een Franse brief "
          "la famille Peeters, in een Engelse the Peeters family)."),
    Field("gezin.adres", "Kerkstraat 12, 2930 Brasschaat", "Het adres van het gezin."),
    Field("gezin.email", "gezin.peeters@voorbeeld.be", "Het e-mailadres van het gezin."),
    Field("gezin.gemeente", "Brasschaat", "De gemeente (of wijk) van het gezin."),
    Field("begeleider.naam", "An Claes", "De begeleider van het gezin."),
    Field("begeleider.voornaam", "An", "De voornaam van de begeleider."),
    Field("begeleider.telefoon", "0470 12 34 56",
          "Het telefoonnummer van de begeleider (blad Lijsten, kolom Telefoon begeleider)."),
    Field("begeleider.email", "an.claes@voorbeeld.be",
          "Het e-mailadres van de begeleider (blad Lijsten, kolom E-mail begeleider)."),
    Field("contact.naam", "An Claes",
          "Bij wie men terechtkan: de begeleider, of het team als er geen begeleider is."),
    Field("contact.telefoon", "0470 12 34 56",
          "Het nummer van de begeleider, anders dat van het team (kan leeg zijn)."),
    Field("contact.email", "an.claes@voorbeeld.be",
          "Het e-mailadres van de begeleider, anders dat van het team (kan leeg zijn)."),
    Field("contact.bereikbaar", "0470 12 34 56 of an.claes@voorbeeld.be",
          "Telefoon en e-mail samen in één zinsdeel (leeg als er geen van beide is)."),
    Field("contact.bereikbaar_nl", "0470 12 34 56 of an.claes@voorbeeld.be",
          "Hetzelfde, altijd in het Nederlands: voor een Nederlandse zin in een anderstalige brief."),
)

_ROUND_TABLE = (
    Field("rondetafel.datum", "maandag 7 december 2026", "De dag van de rondetafel."),
    Field("rondetafel.uur", "14.00 uur", "Het uur van de rondetafel (leeg als het niet ingevuld is)."),
    Field("rondetafel.wanneer", "maandag 7 december 2026 om 14.00 uur",
          "Dag en uur samen; zonder Uur: maandag 7 december 2026 (het uur volgt nog)."),
    Field("rondetafel.plaats", "Huis van het Kind Brasschaat", "Waar de rondetafel is (kan leeg zijn)."),
    Field("rondetafel.soort", "opvolging",
          "start, opvolging of evaluatie (in een Franse of Engelse brief in die taal)."),
)

_AGREEMENT = "afspraken[]"


_STAND = ("Hoe de afspraak ervoor staat: klaar, open, lopend, binnenkort (tegen ...) of te laat "
          "(sinds ...).")


def _agreement_fields(prefix: str, stand: str = _STAND) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}.levensdomein", "Opvoeding", "Het levensdomein van de afspraak."),
        Field(f"{prefix}.doel", "Rustiger ochtenden", "Wat we willen bereiken."),
        Field(f"{prefix}.actie", "Samen een ochtendschema maken", "Wat we daarvoor doen."),
        Field(f"{prefix}.wie", "Mama", "Wie het doet."),
        Field(f"{prefix}.ondersteuning", "Oma Maria", "Wie daarbij helpt."),
        Field(f"{prefix}.tegen_wanneer", "vrijdag 18 december 2026",
              "Tegen wanneer (leeg als er geen datum is; met |korte_datum: 18/12/2026)."),
        Field(f"{prefix}.status", "lopend", "open, lopend of klaar."),
        Field(f"{prefix}.stand", "te laat (sinds 18/12/2026)", stand),
        Field(f"{prefix}.te_laat", "nee",
              "ja als Tegen wanneer voorbij is en de afspraak niet klaar is: {% if a.te_laat %}."),
    )


FIELDS: Mapping[str, tuple[Field, ...]] = {
    INVITATION: (
        *_COMMON,
        *_ROUND_TABLE,
        Field("ontvanger.naam", "Maria Peeters",
              "Voor wie deze brief is (bij het gezin: de naam van het gezin)."),
        Field("ontvanger.voornaam", "Maria",
              "Hoe de brief die persoon aanspreekt: de voornaam (ook van 'De Smet, Marie'), een "
              "naam met een titel helemaal (dokter Peeters), een organisatie met haar naam (CLB Kempen), "
              "een naam zonder voornaam helemaal (Van den Broeck); het gezin zoals gezin.aanhef."),
        Field("ontvanger.rol", "Grootouder", "De rol van wie de brief krijgt (blad Netwerk)."),
        Field("ontvanger.relatie", "grootmoeder", "Wie die persoon is voor het gezin."),
        Field("ontvanger.organisatie", "", "De organisatie van wie de brief krijgt (kan leeg zijn)."),
        Field("ontvanger.adres", "Dorpsstraat 3, 2990 Wuustwezel", "Het adres van wie de brief krijgt."),
        Field("ontvanger.email", "maria@voorbeeld.be", "Het e-mailadres van wie de brief krijgt."),
        Field("ontvanger.is_gezin", "nee",
              "ja in de brief voor het gezin zelf: {% if ontvanger.is_gezin %}."),
        Field("ontvanger.beleefd", "nee",
              "ja als de brief die persoon met u aanspreekt (in het Frans vous): een naam met "
              "Mevrouw, Meneer, Madame, Monsieur, dokter of een andere beleefde titel ervoor "
              "(Mevrouw Van den Broeck): {% if ontvanger.beleefd %}u{% else %}je{% endif %}."),
        Field("genodigden[].voornaam", "Els",
              "De andere genodigden: alleen hun voornaam (zoals ontvanger.voornaam). Het gezin zelf "
              "(Rol Gezin, de kinderen) is geen genodigde: de brief voor het gezin is de hunne."),
        Field("genodigden[].wie", "buurvrouw", "Wie die persoon is voor het gezin (relatie, anders rol)."),
        Field("genodigden_tekst", "Els, de buurvrouw, en Tom, de leerkracht",
              "De andere genodigden in één zin. Voor een netwerklid: de voornaam en wie ze zijn; voor "
              "het gezin, dat zijn genodigden kent, de voornamen (Els en Tom). In een brief in een "
              "andere taal de voornamen: wie ze zijn staat in het Nederlands op het blad Netwerk."),
    ),
    REPORT: (
        *_COMMON,
        *_ROUND_TABLE,
        Field("rondetafel.aanwezig", "het gezin, Maria Peeters, Els Maes", "Wie er was."),
        Field("rondetafel.verslag", "We bespraken hoe de ochtenden lopen.", "Wat er besproken werd."),
        Field("rondetafel.volgende", "maandag 11 januari 2027", "De volgende rondetafel (kan leeg zijn)."),
        Field("rondetafel.volgende_wanneer", "maandag 11 januari 2027 om 14.00 uur",
              "De volgende rondetafel met haar uur (van het blad Rondetafels); zonder Uur: maandag "
              "11 januari 2027 (het uur volgt nog). Kan leeg zijn."),
        *_agreement_fields(_AGREEMENT),
        *_agreement_fields("eerdere_afspraken[]", _STAND[:-1] + ", zoals ze op deze rondetafel "
                           "staat: nam deze rondetafel ze opnieuw op, dan zoals ze toen werd afgesproken "
                           "(klaar, of opnieuw afgesproken, tegen ... met een nieuwe datum). Status en "
                           "te_laat ook; de andere velden zijn die van vorige keer."),
        Field("eerdere_afspraken[].rondetafel", "maandag 5 oktober 2026",
              "De rondetafel waar een eerdere afspraak gemaakt werd (om ze nu te evalueren)."),
    ),
    PLAN: (
        *_COMMON,
        Field("gezin.krachten", "We zijn een warm gezin.", "Waar het gezin sterk in is."),
        Field("gezin.zorgen", "De ochtenden zijn druk.", "Waar het gezin zich zorgen over maakt."),
        Field("gezin.wensen", "Rustiger ochtenden.", "Wat het gezin hoopt."),
        Field("plan.datum", "maandag 23 november 2026",
              "De datum van het gezinsplan (blad Dossiers; kan leeg zijn: {{ plan.datum or vandaag }}). "
              "Het plan is dat van die dag: de afspraken tot dan, elk één keer, en hoe ver ze toen "
              "stonden."),
        Field("plan.rondetafel", "maandag 23 november 2026",
              "Het rondetafelgesprek waar het plan gemaakt werd: het laatste op of voor de datum "
              "van het plan (kan leeg zijn)."),
        Field("plan.afgesloten", "",
              "De dag dat het traject afgesloten werd (blad Dossiers, Datum afsluiting); leeg zolang "
              "het loopt: {% if plan.afgesloten %}."),
        Field("levensdomeinen[].naam", "Opvoeding", "Een levensdomein waar het gezin een vraag over heeft."),
        Field("levensdomeinen[].vragen", "Rustiger ochtenden",
              "Wat het gezin daar wil bereiken: een lijst, {{ domein.vragen|join('; ') }}."),
        *_agreement_fields("levensdomeinen[].afspraken[]"),
        Field("ondertekenaars[].naam", "Sarah Peeters",
              "Wie het plan tekent: elk gezinslid op het blad Netwerk (Rol Gezin), dan de "
              "begeleider; zonder gezinsleden op Netwerk tekent het gezin met zijn naam."),
        Field("ondertekenaars[].wie", "Voor ons gezin",
              "Wat boven de handtekening staat: Voor ons gezin, of Begeleider (in een Frans of Engels "
              "plan in die taal)."),
        Field("netwerk[].naam", "Maria Peeters",
              "Iemand uit het netwerk van het gezin (het gezin zelf niet: Rol Gezin, de kinderen)."),
        Field("netwerk[].wie", "grootmoeder", "Wie die persoon is voor het gezin (relatie of rol)."),
        Field("netwerk[].organisatie", "", "De organisatie (kan leeg zijn)."),
        Field("terugblik.datum", "maandag 7 december 2026",
              "De eerste rondetafel na de datum van het plan, om samen terug te kijken (kan leeg zijn)."),
        Field("terugblik.wanneer", "maandag 7 december 2026 om 14.00 uur",
              "Dag en uur samen (kan leeg zijn)."),
    ),
    CHILDREN_PLAN: (
        *_COMMON,
        Field("kinderen[].voornaam", "Lotte",
              "Een kind van het gezin: wie op het blad Netwerk de Rol Kind of jongere heeft, of de Rol "
              "Gezin en als relatie zoon, dochter, kind of jongere."),
        Field("kinderen_tekst", "Lotte en Noah", "De voornamen van de kinderen in één zin (kan leeg zijn)."),
        Field("gezin.krachten", "We zijn een warm gezin.", "Waar het gezin sterk in is."),
        Field("gezin.wensen", "Rustiger ochtenden.", "Wat het gezin hoopt."),
        Field("plan.datum", "maandag 23 november 2026",
              "De datum van het gezinsplan (kan leeg zijn: {{ plan.datum or vandaag }})."),
        Field("plan.rondetafel", "maandag 23 november 2026",
              "Het rondetafelgesprek waar het plan gemaakt werd (kan leeg zijn)."),
        Field("plan.afgesloten", "",
              "De dag dat het traject afgesloten werd; leeg zolang het loopt: {% if plan.afgesloten %}."),
        Field("afspraken[].wat", "Samen een ochtendschema maken",
              "Wat we afspraken: de actie, anders het doel."),
        Field("afspraken[].wie", "Mama", "Wie het doet."),
        Field("afspraken[].helpt", "Oma Maria", "Wie daarbij helpt (kan leeg zijn)."),
        Field("afspraken[].tegen_wanneer", "vrijdag 18 december 2026",
              "Tegen wanneer (leeg als er geen datum is; met |datum_zonder_dag: 18 december 2026)."),
        Field("afspraken[].met_kinderen", "ja",
              "ja als een kind de afspraak doet of helpt, of als ze over de kinderen gaat: "
              "{% if a.met_kinderen %}."),
        Field("helpers_tekst", "Maria, de grootmoeder, en Els, de juf",
              "Wie ons helpt: de voornamen uit het netwerk, met wie ze zijn, in één zin (in een plan "
              "in een andere taal de voornamen)."),
        Field("terugblik.datum", "maandag 7 december 2026",
              "De dag dat we samen terugkijken (kan leeg zijn)."),
    ),
}

# The workbook's columns each field is filled from: (eenplan's sheet, field) pairs; () for a
# field of the team's settings, of the day, or of a column every document needs (the dossier's
# number, the family's name). A document is refused when the workbook lacks a column its fields
# come from (documents.NEEDS), rather than made with "Dat schrijven we samen op." where the
# family's strengths are. Columns eenplan reads as empty when missing without a word (Taal, Per
# e-mail, Rondetafels.Uitnodigen) and the begeleider's phone and e-mail on Lijsten (the team's
# are said instead) are left out: they pick what a document says, they leave no hole in it.
_D, _N, _R, _A = DOSSIERS, NETWORK, ROUND_TABLES, AGREEMENTS
_FOR_AGREEMENT: Mapping[str, tuple[tuple[str, str], ...]] = {
    "levensdomein": ((_A, "domain"),), "doel": ((_A, "goal"),), "actie": ((_A, "action"),),
    "wie": ((_A, "who"),), "ondersteuning": ((_A, "support"),), "tegen_wanneer": ((_A, "due"),),
    "status": ((_A, "status"),), "stand": ((_A, "due"), (_A, "status")),
    "te_laat": ((_A, "due"), (_A, "status")),
}
_BEGELEIDER = ((_D, "begeleider"),)
_PEOPLE = ((_N, "name"), (_N, "relation"), (_N, "role"))
FILLED_FROM: Mapping[str, tuple[tuple[str, str], ...]] = {
    **{path: () for path in ("team.naam", "vandaag", "dossier.nummer", "gezin.naam", "gezin.aanhef",
                             "gezin.in_zin", "ontvanger.is_gezin")},
    **{f.path: () for f in _COMMON if f.path.startswith("briefhoofd.")},
    "dossier.traject": ((_D, "flow"),), "dossier.hulpvraag": ((_D, "question"),),
    "gezin.adres": ((_D, "address"),), "gezin.email": ((_D, "email"),),
    "gezin.gemeente": ((_D, "municipality"),),
    **{f.path: _BEGELEIDER for f in _COMMON if f.path.startswith(("begeleider.", "contact."))},
    "rondetafel.datum": ((_R, "date"),), "rondetafel.uur": ((_R, "time"),),
    "rondetafel.wanneer": ((_R, "date"), (_R, "time")), "rondetafel.plaats": ((_R, "location"),),
    "rondetafel.soort": ((_R, "kind"),), "rondetafel.aanwezig": ((_R, "present"),),
    "rondetafel.verslag": ((_R, "notes"),), "rondetafel.volgende": ((_R, "next_date"),),
    "rondetafel.volgende_wanneer": ((_R, "next_date"), (_R, "time")),
    "ontvanger.naam": ((_N, "name"),), "ontvanger.voornaam": ((_N, "name"), (_N, "organisation")),
    "ontvanger.rol": ((_N, "role"),), "ontvanger.relatie": ((_N, "relation"),),
    "ontvanger.organisatie": ((_N, "organisation"),), "ontvanger.adres": ((_N, "address"),),
    "ontvanger.email": ((_N, "email"),), "ontvanger.beleefd": ((_N, "name"),),
    "genodigden[].voornaam": ((_N, "name"), (_N, "organisation")), "genodigden[].wie": _PEOPLE,
    "genodigden_tekst": _PEOPLE,
    **{f"{prefix}.{name}": columns for prefix in ("afspraken[]", "eerdere_afspraken[]",
                                                   "levensdomeinen[].afspraken[]")
       for name, columns in _FOR_AGREEMENT.items()},
    "eerdere_afspraken[].rondetafel": ((_A, "round_table"),),
    "gezin.krachten": ((_D, "strengths"),), "gezin.zorgen": ((_D, "worries"),),
    "gezin.wensen": ((_D, "wishes"),), "plan.datum": ((_D, "plan_on"),),
    "plan.rondetafel": ((_D, "plan_on"), (_R, "date")), "plan.afgesloten": ((_D, "closed_on"),),
    "levensdomeinen[].naam": ((_D, "question"), (_A, "domain")),
    "levensdomeinen[].vragen": ((_A, "goal"),),
    "ondertekenaars[].naam": ((_N, "name"), (_N, "role"), (_D, "begeleider")),
    "ondertekenaars[].wie": ((_N, "role"), (_D, "begeleider")),
    "netwerk[].naam": _PEOPLE, "netwerk[].wie": _PEOPLE, "netwerk[].organisatie": ((_N, "organisation"),),
    "terugblik.datum": ((_R, "date"), (_R, "next_date")),
    "terugblik.wanneer": ((_R, "date"), (_R, "time"), (_R, "next_date")),
    "kinderen[].voornaam": _PEOPLE, "kinderen_tekst": _PEOPLE,
    "afspraken[].wat": ((_A, "action"), (_A, "goal")), "afspraken[].helpt": ((_A, "support"),),
    "afspraken[].met_kinderen": ((_A, "who"), (_A, "support"), (_A, "goal"), (_A, "action"), *_PEOPLE),
    "helpers_tekst": _PEOPLE,
}

# Fields said from others in the same context, in the document's language (which its
# fingerprint holds): the same data, the same document, whatever eenplan learns to say with them.
SAID_FROM_OTHERS = ("gezin.aanhef", "gezin.in_zin")

FILTERS: Mapping[str, str] = {
    # {field}: a date field of the template at hand (``fields_table``), so the example works there
    "datum": 'Een datum op een andere manier: {{{{ {field}|datum("d MMMM y") }}}} → 7 december 2026.',
    "korte_datum": "07/12/2026.",
    "datum_zonder_dag": "7 december 2026.",
}


# -- cleaning --------------------------------------------------------------------------------

# what XML 1.0 cannot hold: C0 controls except tab and newline, lone surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: object) -> str:
    """Text as typed, minus what a Word file cannot hold; None is ""."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text).strip()


def called(member: NetworkMember, family: str = "") -> str:
    """How a letter or a list calls a network member (``eenplan.sheets.names``): "Maria" of
    "Maria Peeters" (and of "Peeters Maria" in the network of ``family``, Familie Peeters), the
    whole name where eenplan can tell no first name ("Van den Broeck"), an organisation by its
    name ("Kinderdagverblijf Zonneschijn", "Kind en Gezin")."""
    return _address(member, family).text


def is_formal(member: NetworkMember, family: str = "") -> bool:
    """Whether a guest's letter says "u" ("vous") to ``member`` (ontvanger.beleefd): a Naam with a
    courtesy title ("Mevrouw Van den Broeck", "Dr. Janssens", "Madame Dubois"). The mail around
    the letter goes by it too."""
    return _address(member, family).formal


def courtesy_of(member: NetworkMember, family: str = "") -> Courtesy | None:
    """The courtesy title of a guest whose letter says "u" (``is_formal``), with the surname that
    goes with it ("Mevrouw", "Claes" of "Mevrouw Daisy Claes"); None for any other guest."""
    return courtesy(clean(member.name), clean(member.organisation), family=clean(family))


def _address(member: NetworkMember, family: str = "") -> Called:
    return address(clean(member.name), clean(member.organisation), family=clean(family))


# Who someone with one of eenplan's own Rollen (team.regions.ROLE_VALUES) is, after their name in
# a sentence ("Jef, een familielid"), by the role as ``normal_text`` has it. "" leaves it out: a
# role that says nothing as who someone is ("andere"), or the family itself, which is no guest.
ROLE_PHRASES = {
    "gezin": "",
    "ouder": "de ouder",
    "kind of jongere": "",
    "grootouder": "een grootouder",
    "familielid": "een familielid",
    "buur": "een buur",
    "vriend of kennis": "een vriend of kennis",
    "leerkracht": "de leerkracht",
    "clb-medewerker": "van het CLB",
    "kinderopvang": "van de kinderopvang",
    "huisarts": "de huisarts",
    "hulpverlener": "een hulpverlener",
    "vrijwilliger": "een vrijwilliger",
    "andere": "",
}
# eenplan's own list values (team.regions: Levensdomeinen, Rollen) in the languages it ships
# templates in, by the value as ``normal_text`` has it, and "het gezin" as a team writes it among
# who was there (Rondetafels.Aanwezig). A value a team typed or put on its own lists is not here
# and stays as typed (``list_value``).
LIST_VALUES = {
    # Levensdomeinen
    "opvoeding": {"fr": "Éducation des enfants", "en": "Parenting"},
    "relaties in het gezin": {"fr": "Relations dans la famille", "en": "Family relationships"},
    "gezondheid": {"fr": "Santé", "en": "Health"},
    "psychisch welzijn": {"fr": "Bien-être psychique", "en": "Mental well-being"},
    "ontwikkeling van het kind": {"fr": "Développement de l'enfant", "en": "Child development"},
    "onderwijs": {"fr": "École et formation", "en": "School and education"},
    "wonen": {"fr": "Logement", "en": "Housing"},
    "werk en inkomen": {"fr": "Travail et revenus", "en": "Work and income"},
    "administratie en financiën": {"fr": "Papiers et finances", "en": "Paperwork and money"},
    "vrije tijd": {"fr": "Loisirs", "en": "Free time"},
    "sociaal netwerk": {"fr": "Entourage", "en": "Social network"},
    "veiligheid": {"fr": "Sécurité", "en": "Safety"},
    # Rollen
    "gezin": {"fr": "Famille", "en": "Family"},
    "ouder": {"fr": "Parent", "en": "Parent"},
    "kind of jongere": {"fr": "Enfant ou jeune", "en": "Child or young person"},
    "grootouder": {"fr": "Grand-parent", "en": "Grandparent"},
    "familielid": {"fr": "Membre de la famille", "en": "Relative"},
    "buur": {"fr": "Voisin·e", "en": "Neighbour"},
    "vriend of kennis": {"fr": "Ami·e ou connaissance", "en": "Friend or acquaintance"},
    "leerkracht": {"fr": "Enseignant·e", "en": "Teacher"},
    "clb-medewerker": {"fr": "Collaborateur·rice du CLB", "en": "CLB (pupil guidance) worker"},
    "kinderopvang": {"fr": "Accueil de l'enfance", "en": "Childcare"},
    "huisarts": {"fr": "Médecin généraliste", "en": "GP"},
    "hulpverlener": {"fr": "Intervenant·e", "en": "Care worker"},
    "vrijwilliger": {"fr": "Bénévole", "en": "Volunteer"},
    "andere": {"fr": "Autre", "en": "Other"},
    # among who was there
    "het gezin": {"fr": "la famille", "en": "the family"},
}


def list_value(value: object) -> str:
    """A value from one of eenplan's own lists (``LIST_VALUES``) in the language of the document
    being made; any other value, and any value in a Dutch document, as typed."""
    text = clean(value)
    return LIST_VALUES.get(normal_text(text), {}).get(current_language(), text)


def present_text(value: object) -> str:
    """Who was there (Rondetafels.Aanwezig), each part between commas that is one of eenplan's own
    words in the document's language ("het gezin, Maria Peeters": "la famille, Maria Peeters")."""
    text = clean(value)
    if current_language() == DUTCH:
        return text
    return ",".join(part.replace(part.strip(), list_value(part), 1) if part.strip() else part
                    for part in text.split(","))


# A noun a team types as Relatie or as its own Rol that takes "het", by its first word (what a
# word ends in): "het familielid", "het gezinslid", "het kleinkind", "het buurmeisje", "het CLB".
_HET_ENDINGS = ("lid", "kind", "je")
_HET_WORDS = frozenset({"clb", "ocmw", "caw", "huis", "team"})


def _who(member: NetworkMember) -> str:
    """Who someone is for the family, as a word in a list or a table: the Relatie as typed (one of
    eenplan's own values in the document's language, ``list_value``), else the Rol as a common
    noun ("vriend", not "Vriend"); nothing for a role that says nothing ("Andere"). In a document
    in another language a Rol of eenplan's own list in that language, and no Rol of a team's own
    (a Dutch word)."""
    relation = clean(member.relation)
    if relation:
        return list_value(relation)
    role = clean(member.role)
    if normal_text(role) in ROLE_PHRASES and not ROLE_PHRASES[normal_text(role)]:
        return ""
    if current_language() != DUTCH:
        if normal_text(role) not in LIST_VALUES:
            return ""
        role = list_value(role)
    return role if role[:2].isupper() else role[:1].lower() + role[1:]


# what may stand before who someone is already ("onze buurvrouw", "de juf van Lotte")
_DETERMINERS = frozenset({"de", "het", "een", "onze", "ons", "mijn", "haar", "zijn", "hun", "jullie"})


def _as_apposition(member: NetworkMember, name: str) -> str:
    """Who someone is, after their name as a person writes it: "de buurvrouw" ("Els, de
    buurvrouw"), "een familielid" ("Jef, een familielid"); nothing when the name says it already
    (CLB Kempen, who is the CLB), nor after an organisation's name for its Rol ("Kind en Gezin")."""
    who = _who(member)
    if not who or normal_text(who) in normal_text(name):
        return ""
    if not clean(member.relation):
        if _address(member).form is Form.ORGANISATION:
            return ""
        phrase = ROLE_PHRASES.get(normal_text(member.role))
        if phrase is not None:
            return phrase
    first = who.split()[0].casefold()
    if first in _DETERMINERS:
        return who
    return f"{article(who)} {who}"


def article(noun: str) -> str:
    """The Dutch definite article of a noun a team typed, by its first word: "het" for the few
    endings and words that surely take it (``_HET_ENDINGS``, ``_HET_WORDS``), else "de"."""
    first = noun.split()[0].casefold() if noun.split() else ""
    return "het" if first in _HET_WORDS or first.endswith(_HET_ENDINGS) else "de"


def people_text(members: Sequence[NetworkMember], *, who: bool, family: str = "") -> str:
    """Network members in one sentence, each called as a letter calls them (``called``; a first
    name two of them share: their whole names). With ``who``, in a Dutch document, each with who
    they are for the family, as a person writes it: "Els, de buurvrouw, en Tom, de leerkracht";
    in a document in another language the names alone, since who they are is typed in Dutch."""
    names = [called(m, family) for m in members]
    shared = {n.casefold() for n in names if [x.casefold() for x in names].count(n.casefold()) > 1}
    names = [display_name(clean(m.name)) if n.casefold() in shared else n
             for m, n in zip(members, names, strict=True)]
    if not who or current_language() != DUTCH:
        return and_list(names)
    said = [(name, _as_apposition(m, name)) for m, name in zip(members, names, strict=True)]
    parts = [f"{name}, {apposition}" if apposition else name for name, apposition in said]
    if len(parts) < 2:
        return "".join(parts)
    # the comma that closes an apposition stays before "en": "Els, de buurvrouw, en Tom"
    return ", ".join(parts[:-1]) + ("," if said[-2][1] else "") + " en " + parts[-1]


# a Dutch word a team types before the family's name: "Familie Peeters", "Gezin Peeters", "Fam. Peeters"
_FAMILY_WORD = re.compile(r"(?:(?:de|het)\s+)?(?:familie|fam\.|fam|gezin)\s+(?P<name>\S.*)", re.IGNORECASE)
# how a letter in another language greets (or signs as) a family, and names it in a sentence
_FAMILY_FORMS = {"fr": ("Famille {}", "la famille {}", "et"), "en": ("{} family", "the {} family", "and")}


def family_names(family: str) -> tuple[str, str]:
    """The family's name as a letter in the current language greets or signs with it, and as it
    says it in a sentence: in English ("Peeters family", "the Peeters family") and French
    ("Famille Peeters", "la famille Peeters") without the Dutch word "Familie" or "Gezin"; in
    Dutch, and for a name without such a word ("Peeters"), as typed."""
    name = " ".join(clean(family).split())
    forms = _FAMILY_FORMS.get(current_language())
    found = _FAMILY_WORD.fullmatch(name)
    if forms is None or found is None:
        return name, name
    greeting, in_sentence, conjunction = forms
    surname = re.sub(r"\ben\b", conjunction, found["name"])  # "Familie Peeters en Claes"
    return greeting.format(surname), in_sentence.format(surname)


# eenplan's own words in a document (not what the team typed), in the languages it ships templates
# in, the Dutch as the key: the same as an agreement's stand (flows.agreements). A document in any
# other language reads them in Dutch, as its template is.
_OWN_WORDS = {
    "Voor ons gezin": {"fr": "Pour notre famille", "en": "For our family"},
    "Begeleider": {"fr": "Accompagnement", "en": "Support worker"},  # as the templates call it
    "Andere": {"fr": "Autre", "en": "Other"},
    # Rondetafels.Soort, a fixed choice
    "start": {"fr": "démarrage", "en": "start"},
    "opvolging": {"fr": "suivi", "en": "follow-up"},
    "evaluatie": {"fr": "évaluation", "en": "evaluation"},
    # a round-table still to come without an Uur
    "het uur volgt nog": {"fr": "heure à confirmer", "en": "time to be confirmed"},
    # a yes or no printed (JaNee)
    "ja": {"fr": "oui", "en": "yes"},
    "nee": {"fr": "non", "en": "no"},
}


def own_words(dutch: str) -> str:
    """One of eenplan's own words in the language of the document being made."""
    return _OWN_WORDS.get(dutch, {}).get(current_language(), dutch)


def signers(dossier: Dossier, network: Sequence[NetworkMember],
            staff: StaffContact | None = None) -> list[dict[str, str]]:
    """Everyone who signs the plan: each family member (Rol "Gezin"), else the family by its name,
    then the begeleider (as Lijsten writes the name, ``begeleider_name``)."""
    family = [display_name(clean(m.name)) for m in network if is_family(m) and clean(m.name)]
    lines = [{"naam": name, "wie": own_words("Voor ons gezin")}
             for name in family or [family_names(dossier.family)[0]]]
    if begeleider_name(dossier.begeleider, staff):
        lines.append({"naam": begeleider_name(dossier.begeleider, staff), "wie": own_words("Begeleider")})
    return lines


def begeleider_name(begeleider: str, staff: StaffContact | None) -> str:
    """The begeleider's name as a document prints it: as Lijsten (Begeleiders) writes it when the
    Begeleider cell matched a name there ("an claes " -> "An Claes"), else as typed."""
    listed = clean(staff.name) if staff is not None else ""
    return display_name(listed or clean(begeleider))


# -- the builders --------------------------------------------------------------------------------


def contact_context(settings: Settings, begeleider: str, staff: StaffContact | None) -> dict[str, str]:
    """Who a reader can reach: the begeleider's own phone and e-mail, else the team's."""
    letterhead = settings.letterhead
    own_phone = clean(staff.phone) if staff else ""
    own_email = clean(staff.email) if staff else ""
    phone = own_phone or clean(letterhead.phone)
    email = own_email or clean(letterhead.email)
    name = begeleider_name(begeleider, staff) or clean(settings.team_name)
    ways = [p for p in (phone, email) if p]
    with language(DUTCH):
        dutch = or_list(ways)
    return {"naam": name, "telefoon": phone, "email": email, "bereikbaar": or_list(ways),
            "bereikbaar_nl": dutch}


def reachable(settings: Settings, staff: StaffContact | None) -> bool:
    """Whether a letter naming this begeleider gives a phone number or an e-mail address."""
    return bool(contact_context(settings, "", staff)["bereikbaar"])


def common_context(settings: Settings, dossier: Dossier, *, today: datetime.date,
                   staff: StaffContact | None = None) -> dict[str, Any]:
    """The fields every document has; ``staff``: the begeleider's row on Lijsten (phone, e-mail)."""
    letterhead = settings.letterhead
    parts = [letterhead.address, letterhead.phone, letterhead.email, letterhead.website]
    greeting, in_sentence = family_names(dossier.family)
    return {
        "team": {"naam": clean(settings.team_name)},
        "briefhoofd": {
            "organisatie": clean(letterhead.organisation) or clean(settings.team_name),
            "adres": clean(letterhead.address),
            "telefoon": clean(letterhead.phone),
            "email": clean(letterhead.email),
            "website": clean(letterhead.website),
            "regel": " · ".join(clean(p) for p in parts if clean(p)),
            "logo": clean(letterhead.logo),
        },
        "vandaag": Datum.of(today),
        "dossier": {"nummer": clean(dossier.id), "traject": clean(dossier.flow),
                    "hulpvraag": list_value(dossier.question)},
        "gezin": {"naam": clean(dossier.family), "aanhef": greeting, "in_zin": in_sentence,
                  "adres": clean(dossier.address), "email": clean(dossier.email),
                  "gemeente": clean(dossier.municipality)},
        "begeleider": {"naam": begeleider_name(dossier.begeleider, staff),
                       "voornaam": first_name(begeleider_name(dossier.begeleider, staff)),
                       "telefoon": clean(staff.phone) if staff else "",
                       "email": clean(staff.email) if staff else ""},
        "contact": contact_context(settings, dossier.begeleider, staff),
    }


def when(day: datetime.date, time: datetime.time | None, *, today: datetime.date | None) -> str:
    """Day and hour in full; a round-table still to come without an Uur says the hour follows (a
    letter with a day alone reads as if the hour were forgotten, or the whole day)."""
    if time is None and today is not None and day >= today:
        return f"{long_date(day)} ({own_words('het uur volgt nog')})"
    return long_date_and_hour(day, time)


def round_table_context(table: RoundTable, *, today: datetime.date | None = None) -> dict[str, Any]:
    """A round-table's fields; ``today``: the day the document is made on (an hour that is not
    known yet is said for a round-table from then on)."""
    return {
        "datum": Datum.of(table.date),
        "uur": hour(table.time) if table.time is not None else "",
        "wanneer": when(table.date, table.time, today=today) if table.date is not None else "",
        "plaats": clean(table.location),
        "soort": own_words(clean(table.kind)),
    }


def agreement_context(agreement: Agreement, *, on: datetime.date | None = None) -> dict[str, Any]:
    """One agreement; ``on`` is the day its stand is judged on (without it: its Status)."""
    # the deadline engine (eenplan.flows, with the checks its package brings) is loaded by the
    # documents that show agreements: an invitation has none, and `eenplan invite` does not wait
    from eenplan.flows.agreements import agreement_status, status_words
    from eenplan.flows.deadlines import Status

    status = agreement_status(agreement, today=on)[0] if on is not None else None
    return {
        "levensdomein": list_value(agreement.domain),
        "doel": clean(agreement.goal),
        "actie": clean(agreement.action),
        "wie": clean(agreement.who),
        "ondersteuning": clean(agreement.support),
        "tegen_wanneer": Datum.of(agreement.due),
        "status": clean(agreement.status),
        "stand": (status_words(agreement, status, today=on) if status is not None and on is not None
                  else clean(agreement.status)),
        "te_laat": JaNee(status is Status.OVERDUE),
    }


def invitation_context(settings: Settings, dossier: Dossier, table: RoundTable,
                       recipient: NetworkMember | None, invited: Sequence[NetworkMember], *,
                       today: datetime.date, staff: StaffContact | None = None) -> dict[str, Any]:
    """The letter for one person (``recipient``), or for the family itself (None)."""
    others = [m for m in invited if m is not recipient and not in_family(m)]  # the family: "wij"
    guests = [{"voornaam": called(m, dossier.family), "wie": _who(m)} for m in others]
    if recipient is None:
        # greeted as the letter's language greets a family ("Dear Peeters family"); its naam, as
        # typed, names the letter's file
        to = {"naam": clean(dossier.family), "voornaam": family_names(dossier.family)[0], "rol": "gezin",
              "relatie": "", "organisatie": "", "adres": clean(dossier.address),
              "email": clean(dossier.email), "is_gezin": JaNee(True), "beleefd": JaNee(False)}
    else:
        to = {"naam": display_name(clean(recipient.name)), "voornaam": called(recipient, dossier.family),
              "rol": list_value(recipient.role), "relatie": list_value(recipient.relation),
              "organisatie": clean(recipient.organisation), "adres": clean(recipient.address),
              "email": clean(recipient.email), "is_gezin": JaNee(False),
              "beleefd": JaNee(is_formal(recipient, dossier.family))}
    return {
        **common_context(settings, dossier, today=today, staff=staff),
        "rondetafel": round_table_context(table, today=today),
        "ontvanger": to,
        "genodigden": guests,
        # the family knows whom it invited: their names; a network member is told who they are
        "genodigden_tekst": people_text(others, who=recipient is not None, family=dossier.family),
    }


def report_context(settings: Settings, dossier: Dossier, table: RoundTable,
                   agreements: Sequence[Agreement], *, round_tables: Sequence[RoundTable],
                   today: datetime.date, staff: StaffContact | None = None) -> dict[str, Any]:
    """The report of one round-table, with the agreements made at it and, to evaluate them, those
    of earlier round-tables, each once (``each_once``), with where they stand at this one: on the
    day of this round-table (or today, if sooner), in the version this round-table made of it
    when it took it up again (``newer_versions``: "klaar", or "opnieuw afgesproken, tegen ...").
    An earlier agreement this round-table only closed is said there, not again among the
    agreements made at it; one agreed again and still open is among them, with its new date.
    ``round_tables``: the dossier's, where the next one's hour is (`next_round_table`)."""
    # the deadline engine: see agreement_context
    from eenplan.flows.agreements import agreement_status, each_once, newer_versions, typed_once
    from eenplan.flows.deadlines import Status

    on = min(today, table.date) if table.date is not None else today
    made_there = each_once(a for a in agreements if a.round_table is not None and a.round_table == table.date)
    earlier = each_once(a for a in agreements if a.round_table is not None and table.date is not None
                        and a.round_table < table.date)
    newer = newer_versions(earlier, made_there)
    only_closed = {a.row for a in newer.values() if agreement_status(a, today=on)[0] is Status.ON_TIME}
    # an agreement typed twice at one round-table is said once (check: duplicate-agreement)
    made_there, earlier = typed_once(made_there), typed_once(earlier)
    following = next_round_table(table, round_tables)
    next_when = ("" if table.next_date is None else
                 when(table.next_date, following.time if following else None, today=today))
    return {
        **common_context(settings, dossier, today=today, staff=staff),
        "rondetafel": {**round_table_context(table), "aanwezig": present_text(table.present),
                       "verslag": clean(table.notes), "volgende": Datum.of(table.next_date),
                       "volgende_wanneer": next_when},
        "afspraken": [agreement_context(a, on=on) for a in made_there if a.row not in only_closed],
        "eerdere_afspraken": [{**_looked_back(a, newer.get(a.row), on=on),
                               "rondetafel": Datum.of(a.round_table)} for a in earlier],
    }


def _looked_back(earlier: Agreement, newer: Agreement | None, *, on: datetime.date) -> dict[str, Any]:
    """An earlier agreement as the report looks back at it: what was agreed then (its Actie, Wie,
    Tegen wanneer), with where it stands now, in its newer version if this round-table made one."""
    from eenplan.flows.agreements import agreed_again_words  # the deadline engine: see agreement_context

    then = agreement_context(earlier, on=on)
    if newer is None:
        return then
    now = agreement_context(newer, on=on)
    stand = agreed_again_words(earlier, newer, on=on) or now["stand"]
    return {**then, "status": now["status"], "stand": stand, "te_laat": now["te_laat"]}


def next_round_table(table: RoundTable, round_tables: Sequence[RoundTable]) -> RoundTable | None:
    """The row on Rondetafels of the round-table ``table``'s Volgende datum names: the first on
    that day (its Uur is the next one's hour), or None when no row has that day yet."""
    if table.next_date is None:
        return None
    same_day = [t for t in _dated(round_tables) if t.date == table.next_date and t.row != table.row]
    return same_day[0] if same_day else None


def plan_context(settings: Settings, dossier: Dossier, network: Sequence[NetworkMember],
                 round_tables: Sequence[RoundTable], agreements: Sequence[Agreement], *,
                 today: datetime.date, staff: StaffContact | None = None) -> dict[str, Any]:
    """The family's plan: strengths, worries, hopes, agreements per life domain, the network.

    A plan is as of its date (Datum gezinsplan, else today): the round-table it was made at (the
    last one on or before that day), the agreements made by then, each once (`plan_agreements`),
    how far each stood on that day (not after the dossier's closure: a closed trajectory has
    nothing late), and the first round-table after it, to look back at (``_look_back``).
    """
    from eenplan.flows.agreements import plan_agreements  # the deadline engine: see agreement_context

    base = common_context(settings, dossier, today=today, staff=staff)
    base["gezin"].update(krachten=clean(dossier.strengths), zorgen=clean(dossier.worries),
                         wensen=clean(dossier.wishes))
    plan_day = dossier.plan_on or today
    judged_on = plan_day if dossier.closed_on is None else min(plan_day, dossier.closed_on)
    domains: dict[str, dict[str, Any]] = {}
    main = list_value(dossier.question)
    if main:
        domains[main] = {"naam": main, "vragen": [], "afspraken": []}
    for agreement in plan_agreements(agreements, plan_day=plan_day):
        name = list_value(agreement.domain) or own_words("Andere")
        domain = domains.setdefault(name, {"naam": name, "vragen": [], "afspraken": []})
        goal = clean(agreement.goal)
        if goal and goal not in domain["vragen"]:
            domain["vragen"].append(goal)
        domain["afspraken"].append(agreement_context(agreement, on=judged_on))
    made_at = [t for t in _dated(round_tables) if t.date is not None and t.date <= plan_day]
    look_back = look_back_table(round_tables, plan_day=plan_day)
    return {
        **base,
        # not today: the same data, the same plan ({{ plan.datum or vandaag }} in the template)
        "plan": {"datum": Datum.of(dossier.plan_on),
                 "rondetafel": Datum.of(made_at[-1].date if made_at else None),
                 "afgesloten": Datum.of(dossier.closed_on)},
        "levensdomeinen": list(domains.values()),
        "ondertekenaars": signers(dossier, network, staff),
        "netwerk": [{"naam": display_name(clean(m.name)), "wie": _who(m),
                     "organisatie": clean(m.organisation)}
                    for m in network if clean(m.name) and not in_family(m)],
        "terugblik": _look_back(look_back, made_at[-1] if made_at else None, plan_day=plan_day),
    }


def _look_back(ahead: RoundTable | None, made_at: RoundTable | None, *,
               plan_day: datetime.date) -> dict[str, Any]:
    """The plan's look-back: the first round-table after the plan's day; with no row for it yet,
    the Volgende datum the plan's own round-table agreed on (its hour not known yet)."""
    if ahead is not None and ahead.date is not None:
        return {"datum": Datum.of(ahead.date), "wanneer": when(ahead.date, ahead.time, today=plan_day)}
    agreed = made_at.next_date if made_at is not None else None
    if agreed is not None and agreed > plan_day:
        return {"datum": Datum.of(agreed), "wanneer": when(agreed, None, today=plan_day)}
    return {"datum": Datum.of(None), "wanneer": ""}


def look_back_table(round_tables: Sequence[RoundTable], *, plan_day: datetime.date) -> RoundTable | None:
    """The round-table the plan looks back at: the first after the plan's day."""
    ahead = [t for t in _dated(round_tables) if t.date is not None and t.date > plan_day]
    return ahead[0] if ahead else None


def _dated(round_tables: Sequence[RoundTable]) -> list[RoundTable]:
    return sorted((t for t in round_tables if t.date is not None),
                  key=lambda t: (t.date or datetime.date.min, t.time or datetime.time()))


def guests_of(table: RoundTable, network: Sequence[NetworkMember]) -> tuple[
        tuple[NetworkMember, ...], tuple[str, ...]]:
    """Who gets a guest letter for ``table``: the invited (``invitees_of``) who are not the family
    itself (``in_family``), and the names on Rondetafels.Uitnodigen that match no one."""
    invited, unknown = invitees_of(table, network)
    return tuple(m for m in invited if not in_family(m)), unknown


def children_plan_context(settings: Settings, dossier: Dossier, network: Sequence[NetworkMember],
                          round_tables: Sequence[RoundTable], agreements: Sequence[Agreement], *,
                          today: datetime.date, staff: StaffContact | None = None) -> dict[str, Any]:
    """The children's version of the plan: the same data, said short and plain."""
    from eenplan.flows.agreements import plan_agreements  # the deadline engine: see agreement_context

    plan = plan_context(settings, dossier, network, round_tables, agreements, today=today, staff=staff)
    children = [first_name(clean(m.name)) for m in network if is_child(m) and clean(m.name)]
    child_words = {normal_text(name) for name in children} | set(CHILD_WORDS)

    def with_children(agreement: Agreement) -> bool:
        words = normal_text(" ".join((agreement.who or "", agreement.support or "",
                                      agreement.goal or "", agreement.action or ""))).split()
        return any(word.strip(".,;:!?()") in child_words for word in words)

    ordered = plan_agreements(agreements, plan_day=dossier.plan_on or today)  # the plan's, as of its day
    helpers = [m for m in network if clean(m.name) and not in_family(m)]
    base = common_context(settings, dossier, today=today, staff=staff)
    return {
        **base,
        "gezin": {**base["gezin"], "krachten": clean(dossier.strengths), "wensen": clean(dossier.wishes)},
        "kinderen": [{"voornaam": name} for name in children],
        "kinderen_tekst": and_list(children),
        "plan": plan["plan"],
        "afspraken": [{"wat": clean(a.action) or clean(a.goal), "wie": clean(a.who),
                       "helpt": clean(a.support), "tegen_wanneer": Datum.of(a.due),
                       "met_kinderen": JaNee(with_children(a))}
                      for a in ordered if clean(a.action) or clean(a.goal)],
        "helpers_tekst": people_text(helpers, who=True, family=dossier.family),
        "terugblik": {"datum": plan["terugblik"]["datum"]},
    }


def example_context(kind: str) -> dict[str, Any]:
    """A context built from the catalogue's examples (for `templates check` and tests)."""
    context: dict[str, Any] = {}
    for item in FIELDS[kind]:
        value: Any = item.example
        if item.path.endswith(("is_gezin", "beleefd", "met_kinderen")):
            value = JaNee(item.path.endswith("met_kinderen"))
        elif item.path.endswith("vragen"):
            value = [item.example]
        _put(context, item.path.split("."), value)
    return context


def _put(target: dict[str, Any], parts: list[str], value: Any) -> None:
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        items = target.setdefault(head[:-2], [{}])
        if rest:
            _put(items[0], rest, value)
        return
    if not rest:
        target[head] = value
        return
    _put(target.setdefault(head, {}), rest, value)


def leaf_paths(context: Mapping[str, Any], prefix: str = "") -> set[str]:
    """Every field path in a built context (a list's items as name[])."""
    found: set[str] = set()
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found |= leaf_paths(value, path + ".")
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            for item in value:
                found |= leaf_paths(item, path + "[].")
        else:
            found.add(path)
    return found
