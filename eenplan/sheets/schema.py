"""The workbook's layout: sheets, their headers and the record fields they fill.

Column names live here and nowhere else: the rest of eenplan speaks of
``dossier.registered_on``, never of "Datum aanmelding".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How a cell is read."""

    TEXT = "tekst"
    KEY = "dossiernummer"  # text that Excel must not have turned into a number or date
    DATE = "datum"
    WHOLE = "geheel getal"
    YES_NO = "ja/nee"
    TIME = "uur"
    CHOICE = "keuze"  # one of a fixed set of words
    EMAIL = "e-mailadres"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    # the Lijsten column its values must come from
    list_name: str | None = None
    # for Kind.CHOICE: the allowed words
    choices: tuple[str, ...] = ()
    # for Kind.DATE: a day that cannot lie after today (the past is all it records)
    past_only: bool = False
    # for Kind.DATE: a day that is planned, so a date far ahead is probably a typing slip
    planned: bool = False
    # how wide the column is in the workbook `init` makes
    width: int = 14
    # what the column holds, for people (init's header comments and the README)
    help: str = ""
    # optional and newer than most workbooks: when it is missing, say nothing (read as empty)
    quiet: bool = False


@dataclass(frozen=True)
class SheetSchema:
    name: str
    columns: tuple[Column, ...]

    def column(self, field: str) -> Column:
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)


DOSSIERS = "Dossiers"
NETWORK = "Netwerk"
PAUSES = "Pauzes"
ROUND_TABLES = "Rondetafels"
AGREEMENTS = "Afspraken"
LISTS = "Lijsten"

# Lijsten columns
MUNICIPALITIES = "Gemeenten"
BEGELEIDERS = "Begeleiders"
REFERRERS = "Aanmelders"
LIFE_DOMAINS = "Levensdomeinen"
ROLES = "Rollen"
CLOSURE_REASONS = "Redenen afsluiting"
LIST_NAMES = (MUNICIPALITIES, BEGELEIDERS, REFERRERS, LIFE_DOMAINS, ROLES, CLOSURE_REASONS)
# Optional Lijsten columns beside Begeleiders: each begeleider's own phone and e-mail, on the
# begeleider's row, for the letters that name them
BEGELEIDER_PHONE = "Telefoon begeleider"
BEGELEIDER_EMAIL = "E-mail begeleider"
STAFF_CONTACT_NAMES = (BEGELEIDER_PHONE, BEGELEIDER_EMAIL)
# The columns of Lijsten in the workbook `init` makes
LISTS_LAYOUT = (MUNICIPALITIES, BEGELEIDERS, BEGELEIDER_PHONE, BEGELEIDER_EMAIL, REFERRERS,
                LIFE_DOMAINS, ROLES, CLOSURE_REASONS)

ROUND_TABLE_KINDS = ("start", "opvolging", "evaluatie")
AGREEMENT_STATUSES = ("open", "lopend", "klaar")

_DOSSIER_REF = Column(
    "Dossier", "dossier", Kind.KEY, required=True, width=12,
    help="Het dossiernummer zoals op het blad Dossiers.",
)

DOSSIERS_SCHEMA = SheetSchema(
    DOSSIERS,
    (
        Column("Dossier", "id", Kind.KEY, required=True, width=12,
               help="Uniek dossiernummer, bijvoorbeeld 2026-014."),
        Column("Gezin", "family", required=True, width=24,
               help="De naam van het gezin, bijvoorbeeld Familie Peeters."),
        Column("Traject", "flow", required=True, width=20,
               help="Het soort traject: procesbegeleiding of eerstelijnspsycholoog."),
        Column("Gemeente", "municipality", required=True, list_name=MUNICIPALITIES, width=16),
        Column("Aanmelder", "referrer", list_name=REFERRERS, width=16,
               help="Wie vroeg de hulp: het gezin zelf, de school, het CLB, ..."),
        Column("Hulpvraag", "question", list_name=LIFE_DOMAINS, width=18,
               help="Het levensdomein van de belangrijkste vraag."),
        Column("Begeleider", "begeleider", list_name=BEGELEIDERS, width=18,
               help="Wie het gezin begeleidt; nodig zodra er een perspectiefgesprek is."),
        Column("Datum aanmelding", "registered_on", Kind.DATE, required=True, past_only=True,
               help="De dag dat de hulp gevraagd werd."),
        Column("Datum perspectiefgesprek", "perspective_on", Kind.DATE, past_only=True,
               help="Het eerste gesprek dat perspectief biedt: binnen één maand na de aanmelding."),
        Column("Datum gezinsplan", "plan_on", Kind.DATE, past_only=True),
        Column("Datum afsluiting", "closed_on", Kind.DATE, past_only=True),
        Column("Reden afsluiting", "closure_reason", list_name=CLOSURE_REASONS, width=22),
        Column("Aantal sessies", "sessions", Kind.WHOLE, width=10,
               help="Voor de eerstelijnspsycholoog: het aantal sessies tot nu."),
        Column("Adres", "address", width=30),
        Column("E-mail", "email", Kind.EMAIL, width=26),
        Column("Krachten", "strengths", width=30, help="Waar het gezin sterk in is."),
        Column("Zorgen", "worries", width=30, help="Waar het gezin zich zorgen over maakt."),
        Column("Wensen", "wishes", width=30, help="Wat het gezin hoopt en wil bereiken."),
        Column("Opmerkingen", "remarks", width=30),
        Column("Taal", "language", width=10, quiet=True,
               help="In welke taal het gezin zijn brieven en plan leest: nl, fr, en, tr, ar, ... "
                    "Leeg: Nederlands."),
    ),
)

NETWORK_SCHEMA = SheetSchema(
    NETWORK,
    (
        _DOSSIER_REF,
        Column("Naam", "name", required=True, width=24),
        Column("Rol", "role", list_name=ROLES, width=16,
               help="Kies Gezin voor wie in het gezin woont (mama, papa): zij krijgen samen de "
                    "brief van het gezin; kies Ouder voor een ouder die niet bij het gezin woont: die "
                    "hoort bij het netwerk en krijgt een eigen uitnodiging."),
        Column("Relatie", "relation", width=18, help="Bijvoorbeeld grootmoeder, buurman, juf."),
        Column("Organisatie", "organisation", width=20),
        Column("E-mail", "email", Kind.EMAIL, width=26),
        Column("Telefoon", "phone", width=16),
        Column("Adres", "address", width=30),
        Column("Uitnodigen", "invite", Kind.YES_NO, width=11,
               help="ja: deze persoon krijgt een uitnodiging voor de rondetafel."),
        Column("Per e-mail", "by_mail", Kind.YES_NO, width=11, quiet=True,
               help="ja: deze persoon wil de uitnodiging per e-mail (naar het adres bij E-mail), "
                    "met een afspraak voor de agenda. Vraag het eerst."),
        Column("Taal", "language", width=10, quiet=True,
               help="In welke taal deze persoon zijn uitnodiging leest: nl, fr, en, tr, ar, ... "
                    "Leeg: de taal van het gezin."),
    ),
)

PAUSES_SCHEMA = SheetSchema(
    PAUSES,
    (
        _DOSSIER_REF,
        Column("Van", "start", Kind.DATE, required=True),
        Column("Tot", "end", Kind.DATE, help="Leeg zolang de pauze duurt."),
        Column("Reden", "reason", width=30),
    ),
)

ROUND_TABLES_SCHEMA = SheetSchema(
    ROUND_TABLES,
    (
        _DOSSIER_REF,
        Column("Datum", "date", Kind.DATE, required=True, planned=True),
        Column("Uur", "time", Kind.TIME, width=8, help="Bijvoorbeeld 14:00."),
        Column("Locatie", "location", width=30),
        Column("Soort", "kind", Kind.CHOICE, choices=ROUND_TABLE_KINDS, width=12),
        Column("Aanwezig", "present", width=30, help="Wie er was, gescheiden door komma's."),
        Column("Verslag", "notes", width=40, help="Wat er besproken werd."),
        Column("Volgende datum", "next_date", Kind.DATE, planned=True),
        Column("Uitnodigen", "invitees", width=30, quiet=True,
               help="Wie je voor deze rondetafel uitnodigt: namen zoals op het blad Netwerk, "
                    "gescheiden door komma's. Leeg: wie op het blad Netwerk Uitnodigen = ja heeft."),
    ),
)

AGREEMENTS_SCHEMA = SheetSchema(
    AGREEMENTS,
    (
        _DOSSIER_REF,
        Column("Rondetafel", "round_table", Kind.DATE,
               help="De datum van de rondetafel waar de afspraak gemaakt werd."),
        Column("Levensdomein", "domain", list_name=LIFE_DOMAINS, width=18),
        Column("Doel", "goal", width=30),
        Column("Actie", "action", width=30),
        Column("Wie", "who", width=18),
        Column("Ondersteuning", "support", width=18),
        Column("Tegen wanneer", "due", Kind.DATE, planned=True),
        Column("Status", "status", Kind.CHOICE, choices=AGREEMENT_STATUSES, width=10),
    ),
)

# Other words teams use for eenplan's headers (eenplan's header -> theirs, on any sheet that has
# that column): a header among them is offered by `check` as that column, with the line for
# [kolommen.BLAD] in eenplan.toml. Words, not typing slips (those difflib finds: "Datum aanmeldng").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Dossier": ("Dossiernummer", "Dossiernr", "Nummer", "Nr"),
    "Gezin": ("Familie", "Naam gezin", "Gezinsnaam", "Familienaam"),
    "Traject": ("Soort traject", "Type traject", "Aanbod", "Module"),
    "Gemeente": ("Woonplaats", "Stad", "Wijk"),
    "Begeleider": ("Procesbegeleider", "Hulpverlener", "Consulent", "Trajectbegeleider"),
    "Datum aanmelding": ("Aanmelddatum", "Aangemeld op", "Aanmelding", "Startdatum"),
    "Datum perspectiefgesprek": ("Perspectiefgesprek", "Eerste gesprek", "Datum eerste gesprek"),
    "Datum gezinsplan": ("Gezinsplan", "Datum plan"),
    "Datum afsluiting": ("Afsluitdatum", "Afgesloten op", "Einddatum", "Afsluiting", "Datum afgesloten",
                         "Afgesloten"),
    "Reden afsluiting": ("Reden einde", "Reden stopzetting", "Afsluitreden"),
    "Aantal sessies": ("Sessies", "Aantal gesprekken", "Gesprekken"),
    "E-mail": ("E-mailadres", "Mailadres"),
    "Krachten": ("Sterktes", "Sterke kanten", "Sterke punten", "Talenten", "Krachten gezin", "Wat gaat goed"),
    "Zorgen": ("Bezorgdheden", "Zorgpunten", "Moeilijkheden", "Problemen", "Wat loopt moeilijk"),
    "Wensen": ("Dromen", "Verwachtingen", "Hoop", "Doelen gezin"),
    "Opmerkingen": ("Notities", "Nota", "Commentaar", "Opmerking"),
    "Naam": ("Netwerklid", "Persoon", "Naam netwerklid", "Contactpersoon"),
    "Relatie": ("Band", "Relatie tot gezin", "Wie"),
    "Telefoon": ("Gsm", "Tel", "Telefoonnummer", "Gsm-nummer"),
    "Uitnodigen": ("Uitnodiging", "Uitgenodigd", "Uitnodiging rondetafel"),
    "Uur": ("Tijd", "Tijdstip", "Beginuur", "Aanvangsuur"),
    "Locatie": ("Plaats", "Waar", "Adres rondetafel"),
    "Aanwezig": ("Aanwezigen", "Deelnemers", "Wie was er"),
    "Verslag": ("Besproken", "Samenvatting", "Notities"),
    "Volgende datum": ("Volgende rondetafel", "Volgende afspraak", "Volgend gesprek"),
    "Actie": ("Acties", "Wat", "Wat doen we"),
    "Wie": ("Verantwoordelijke", "Door wie", "Uitvoerder"),
    "Ondersteuning": ("Hulp", "Wie helpt", "Helper"),
    "Tegen wanneer": ("Deadline", "Termijn", "Tegen", "Datum klaar"),
}


# The sheets in the order the workbook holds them; Lijsten is read apart.
SCHEMAS: dict[str, SheetSchema] = {
    s.name: s
    for s in (DOSSIERS_SCHEMA, NETWORK_SCHEMA, PAUSES_SCHEMA, ROUND_TABLES_SCHEMA,
              AGREEMENTS_SCHEMA)
}


# Lijsten holds no records: its columns are read by the same header machinery (the team's names
# in [kolommen.Lijsten], a slip in a header said with the one meant), each list as its values.
# The begeleiders' phone and e-mail are optional and newer than most workbooks: quiet.
LISTS_SCHEMA = SheetSchema(
    LISTS,
    tuple(Column(name, name, quiet=name in STAFF_CONTACT_NAMES) for name in LISTS_LAYOUT),
)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (openpyxl's helper costs 0.2 s of import at start-up)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
