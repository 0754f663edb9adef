"""The catalogue of finding codes: every kind of problem `eenplan check` can report, in one place.

A finding's ``code`` is part of the JSON contract of `eenplan check`, so a code's name never
changes once it is out. Each entry holds that stable kebab-case name, its severity and what it
means in one Dutch line a coordinator understands. Findings are made from these entries only
(``Finding`` takes a ``Code``), so an unknown code cannot be raised. README.md lists the same
table; tests/test_docs.py holds the two together.

One name may have two entries with different severities: a missing required column is an error,
missing optional columns are a warning, and both have been ``missing-column`` from the start; a
rule that could not look for want of a column (``rule-unchecked``) is as severe as what it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
# Nothing to mend: what eenplan did with something it saw (a totals row it does not count), said
# so that the team knows; counted neither as an error nor as a warning.
INFO: Severity = "info"

# How the README and the xlsx report say a severity in Dutch.
SEVERITY_NL: dict[Severity, str] = {ERROR: "fout", WARNING: "waarschuwing", INFO: "info"}


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of finding: its stable name, its severity and what it means."""

    name: str  # stable, kebab-case: "date-before-registration"
    severity: Severity
    meaning: str  # one Dutch line a coordinator understands


class Catalogue(list[Code]):
    """The codes of one command, in the order its README table lists them."""

    def code(self, name: str, severity: Severity, meaning: str) -> Code:
        """A new entry, listed."""
        code = Code(name, severity, meaning)
        self.append(code)
        return code


CATALOGUE = Catalogue()
_code = CATALOGUE.code


# The workbook's sheets and columns (the reader)
SHEET_UNREADABLE = _code(
    "sheet-unreadable", ERROR, "Een blad van de werkmap is beschadigd; eenplan heeft het overgeslagen.")
MISSING_SHEET = _code(
    "missing-sheet", WARNING,
    "Een blad (Netwerk, Pauzes, Rondetafels, Afspraken of Lijsten) ontbreekt; eenplan leest het als leeg.")
UNREAD_SHEET = _code(
    "unread-sheet", WARNING,
    'Een blad dat eenplan niet leest, heeft de kopregel van een blad dat het wel leest ("Dossiers '
    '2025", een kopie "Netwerk (2)"); wat erop staat, telt nergens mee.')
DUPLICATE_COLUMN = _code(
    "duplicate-column", ERROR, "Dezelfde kolom staat twee keer op een blad; eenplan leest de eerste.")
UNKNOWN_COLUMN = _code(
    "unknown-column", WARNING,
    "Een kolom die eenplan niet kent (een tikfout in de kop, of een ander woord voor een kolom die "
    'ontbreekt: "Sterktes" voor Krachten?); eenplan slaat ze over, en geeft de regel voor '
    "eenplan.toml die ze als die kolom leest.")
MISSING_COLUMN = _code(
    "missing-column", ERROR, "Een verplichte kolom ontbreekt, dus eenplan kan dat blad niet goed nakijken.")
MISSING_OPTIONAL_COLUMN = _code(
    "missing-column", WARNING, "Kolommen die niet verplicht zijn ontbreken; eenplan leest ze als leeg.")
ALIAS_NOT_FOUND = _code(
    "alias-not-found", ERROR,
    "In eenplan.toml wijst [kolommen] een verplichte kolom naar een kop die niet op het blad staat "
    "(een tikfout in eenplan.toml?).")
ALIAS_NOT_FOUND_WARNING = _code(
    "alias-not-found", WARNING,
    "In eenplan.toml wijst [kolommen] een kolom naar een kop die niet op het blad staat; eenplan "
    "leest die kolom als leeg.")
NO_HEADER = _code(
    "no-header", ERROR,
    "Een blad met rijen heeft geen kopregel die eenplan kent (gewist of overschreven); eenplan leest "
    "het als leeg.")
NO_LIST_HEADER = _code(
    "no-header", WARNING,
    "Het blad Lijsten heeft geen kopregel die eenplan kent; eenplan kan de keuzes niet nakijken.")

# One cell (the reader, while it reads the cell)
REQUIRED = _code("required", ERROR, "Een verplichte cel is leeg.")
CELL_ERROR = _code("cell-error", ERROR, "De cel toont een Excel-fout, zoals #VERW! of #N/B.")
DOSSIER_AS_DATE = _code(
    "dossier-as-date", ERROR, "Excel heeft een dossiernummer in een datum veranderd.")
DOSSIER_AS_NUMBER = _code(
    "dossier-as-number", ERROR,
    "Excel heeft een dossiernummer in een getal veranderd (2026,1 voor 2026-100).")
FORMULA_WITHOUT_VALUE = _code(
    "formula-without-value", ERROR,
    "Een formule zonder berekende waarde: open en bewaar de werkmap in Excel.")
FORMULA_ERROR = _code(
    "formula-error", ERROR, "Een formule geeft een Excel-fout (#VERW!, #WAARDE!, ...): verbeter de formule.")
MOVING_DATE = _code(
    "moving-date", ERROR,
    "Een datum die een formule met VANDAAG() of NU() is: ze verschuift elke dag, dus ze zegt niet "
    "wanneer iets gebeurde; typ de datum zelf in.")
TOTALS_ROW = _code(
    "totals-row", INFO,
    "Een rij met alleen een woord als Totaal en getallen of formules: eenplan leest ze niet als dossier "
    "(of als rij van een dossier), kijkt ze niet na en telt ze niet.")
NOT_A_DATE = _code("not-a-date", ERROR, "Waar een datum hoort, staat iets dat geen datum is.")
IMPOSSIBLE_DATE = _code("impossible-date", ERROR, "Een datum die niet bestaat, zoals 31/02/2026.")
DATE_AS_TEXT = _code(
    "date-as-text", WARNING, "Een datum die als tekst getypt is; eenplan leest ze met de dag eerst.")
DATE_AS_NUMBER = _code(
    "date-as-number", WARNING, "Een getal waar een datum hoort; eenplan leest het als Excel-datum.")
NOT_A_WHOLE_NUMBER = _code(
    "not-a-whole-number", ERROR, "Waar een geheel getal hoort (zoals Aantal sessies), staat iets anders.")
INVALID_YES_NO = _code("invalid-yes-no", ERROR, "Waar ja of nee hoort (zoals Uitnodigen), staat iets anders.")
INVALID_TIME = _code("invalid-time", ERROR, "Waar een uur hoort, staat iets anders.")
INVALID_EMAIL = _code("invalid-email", ERROR, "Een e-mailadres dat niet kan werken.")
INVALID_CHOICE = _code(
    "invalid-choice", ERROR, "Een waarde die niet bij de vaste keuzes hoort (zoals Soort of Status).")

# Across cells, rows and sheets (the rules)
DUPLICATE_DOSSIER = _code("duplicate-dossier", ERROR, "Hetzelfde dossiernummer staat op twee rijen.")
SHARED_FOLDER = _code(
    "shared-folder", ERROR,
    "Twee dossiernummers krijgen dezelfde map in out/ (zoals 2026/031 en 2026-031): eenplan houdt ze "
    "voor hetzelfde nummer.")
NUMBER_WITHOUT_FOLDER = _code(
    "number-without-folder", ERROR,
    "Een dossiernummer zonder letter of cijfer (zoals ???): eenplan kan de map in out/ geen naam geven.")
UNKNOWN_MUNICIPALITY = _code(
    "unknown-municipality", ERROR, "Een gemeente die niet in de lijst Gemeenten staat.")
UNKNOWN_BEGELEIDER = _code(
    "unknown-begeleider", ERROR, "Een begeleider die niet in de lijst Begeleiders staat.")
UNKNOWN_REFERRER = _code(
    "unknown-referrer", ERROR, "Een aanmelder die niet in de lijst Aanmelders staat.")
UNKNOWN_LIFE_DOMAIN = _code(
    "unknown-life-domain", ERROR, "Een levensdomein dat niet in de lijst Levensdomeinen staat.")
UNKNOWN_ROLE = _code("unknown-role", ERROR, "Een rol die niet in de lijst Rollen staat.")
UNKNOWN_CLOSURE_REASON = _code(
    "unknown-closure-reason", ERROR, "Een reden afsluiting die niet in de lijst Redenen afsluiting staat.")
UNKNOWN_FLOW = _code("unknown-flow", ERROR, "Een traject dat eenplan niet kent.")
DATE_BEFORE_PROGRAMME = _code(
    "date-before-programme", WARNING, "Een datum voor de start van 1 Gezin 1 Plan (01/10/2018).")
DATE_IN_FUTURE = _code(
    "date-in-future", ERROR, "Een datum van iets dat al gebeurd moet zijn, ligt na vandaag.")
DATE_FAR_AHEAD = _code("date-far-ahead", WARNING, "Een geplande datum ligt meer dan een jaar verder.")
DATE_BEFORE_REGISTRATION = _code(
    "date-before-registration", ERROR,
    "Het perspectiefgesprek, het gezinsplan of de afsluiting ligt voor de aanmelding.")
PLAN_BEFORE_PERSPECTIVE = _code(
    "plan-before-perspective", ERROR, "Het gezinsplan ligt voor het perspectiefgesprek.")
PAUSE_ENDS_BEFORE_START = _code(
    "pause-ends-before-start", ERROR, "Een pauze eindigt voor ze begint.")
CLOSURE_WITHOUT_REASON = _code(
    "closure-without-reason", ERROR, "Een afgesloten dossier zonder reden afsluiting.")
REASON_WITHOUT_CLOSURE = _code(
    "reason-without-closure", WARNING, "Een reden afsluiting zonder datum afsluiting.")
BEGELEIDER_MISSING = _code(
    "begeleider-missing", ERROR, "Een dossier met een perspectiefgesprek maar zonder begeleider.")
UNKNOWN_DOSSIER = _code(
    "unknown-dossier", ERROR,
    "Een rij op Netwerk, Pauzes, Rondetafels of Afspraken bij een dossier dat niet bestaat.")
DUPLICATE_OPEN_FAMILY = _code(
    "duplicate-open-family", WARNING, "Hetzelfde gezin heeft twee open dossiers.")
DUPLICATE_NETWORK_MEMBER = _code(
    "duplicate-network-member", WARNING,
    "Iemand staat twee keer in het netwerk van een dossier en zou twee uitnodigingen krijgen.")
DUPLICATE_AGREEMENT = _code(
    "duplicate-agreement", WARNING,
    "Dezelfde afspraak (Rondetafel, Actie, Wie en Tegen wanneer) staat twee keer op het blad "
    "Afspraken; het verslag en het plan tonen ze één keer.")
UNKNOWN_ROUND_TABLE = _code(
    "unknown-round-table", WARNING,
    "Een afspraak noemt een rondetafel die niet op het blad Rondetafels staat.")
UNKNOWN_INVITEE = _code(
    "unknown-invitee", WARNING,
    "Rondetafels.Uitnodigen noemt iemand die niet in het netwerk van het dossier staat.")
NO_FIRST_NAME = _code(
    "no-first-name", WARNING,
    "Een netwerklid dat een brief krijgt, heeft geen voornaam die eenplan herkent (Van den Broeck, "
    "PEETERS): de brief spreekt het aan met de hele naam.")
GUEST_WITHOUT_ADDRESS = _code(
    "guest-without-address", WARNING,
    "Een netwerklid dat een brief krijgt, heeft geen e-mailadres en geen Adres: de brief kan niet op "
    "de post.")
FAMILY_WITHOUT_ADDRESS = _code(
    "family-without-address", WARNING,
    "Een gezin met een rondetafel die nog komt, heeft geen Adres en geen e-mailadres (op Dossiers, "
    "of bij het gezin op Netwerk): de brief voor het gezin kan niet op de post.")
UNKNOWN_LANGUAGE = _code(
    "unknown-language", WARNING,
    "Taal (op Dossiers of Netwerk) is geen taal die eenplan kent; de brieven gaan in het Nederlands.")
LANGUAGE_WITHOUT_TEMPLATES = _code(
    "language-without-templates", WARNING,
    "Er zijn geen sjablonen in de taal van een gezin of een netwerklid; die brieven gaan in het "
    "Nederlands.")
NO_CONTACT_ON_LETTERS = _code(
    "no-contact-on-letters", WARNING,
    "Een brief zou geen telefoonnummer of e-mailadres geven: niet van de begeleider, niet van het team.")
AGREEMENT_WITHOUT_DATE = _code(
    "agreement-without-date", WARNING,
    "Een afspraak die niet klaar is, heeft geen Tegen wanneer; eenplan kan niet zien of ze te laat is.")
AGREEMENT_WITHOUT_WHO = _code(
    "agreement-without-who", WARNING,
    "Een afspraak die niet klaar is, zegt niet wie ze opneemt (Wie is leeg).")
NEXT_DATE_BEFORE_ROUND_TABLE = _code(
    "next-date-before-round-table", ERROR, "De Volgende datum van een rondetafel ligt voor die rondetafel.")
NEXT_DATE_UNPLANNED = _code(
    "next-date-unplanned", WARNING,
    "De Volgende datum van een rondetafel staat niet op het blad Rondetafels, maar een andere "
    "rondetafel na haar wel (werd ze verplaatst?).")
ROUND_TABLE_AFTER_CLOSURE = _code(
    "round-table-after-closure", WARNING,
    "Een rondetafel die nog moet komen, staat na de datum afsluiting van haar dossier; wie "
    "uitgenodigd is, verwacht ze nog.")
ROUND_TABLE_WITHOUT_HOUR = _code(
    "round-table-without-hour", WARNING,
    "Een rondetafel die nog moet komen, heeft geen Uur; de brieven zeggen dan dat het uur nog volgt.")
RULE_UNCHECKED = _code(
    "rule-unchecked", ERROR,
    "Een kolom die een regel nodig heeft ontbreekt, dus eenplan kon die regel niet nakijken (een fout "
    "als de regel fouten vindt).")
RULE_UNCHECKED_WARNING = _code(
    "rule-unchecked", WARNING,
    "Een kolom die een regel nodig heeft ontbreekt, dus eenplan kon die regel niet nakijken (een "
    "waarschuwing als de regel alleen waarschuwingen geeft).")

# What the flows ask (the flow rules)
CLOCK_MISSING = _code(
    "clock-missing", ERROR,
    "Een kolom of blad waarvan een termijn afhangt ontbreekt, dus eenplan kan niet zeggen wat te laat is.")
TOO_MANY_SESSIONS = _code(
    "too-many-sessions", WARNING, "Meer sessies dan het traject toelaat.")
STEP_OUT_OF_ORDER = _code(
    "step-out-of-order", ERROR,
    "Een stap van het traject heeft een datum voor de stap ervoor, of de stap ervoor heeft nog geen datum.")
EARLY_CLOSURE_REASON = _code(
    "early-closure-reason", WARNING,
    "Een dossier afgesloten voor de eerste stap, met een reden die daar niet bij past.")
OVERLAPPING_PAUSE = _code(
    "overlapping-pause", WARNING, "Twee pauzes van hetzelfde dossier overlappen.")
FLOW_FILE_PASSED_OVER = _code(
    "flow-file-not-read", WARNING,
    "Een bestand in de map flows dat als traject bedoeld is, is geen .toml-bestand "
    "(procesbegeleiding.toml.txt); eenplan leest het niet en telt met de standaardnorm.")
CONFLICT_COPY = _code(
    "conflict-copy", WARNING,
    "Naast de werkmap staat een kopie die OneDrive, SharePoint, Dropbox of Google Drive maakte "
    "toen twee mensen tegelijk bewaarden; eenplan leest ze niet, dus wat erin veranderde, telt niet.")

# The workbook's row colours (conditional formatting) against the flows
NORM_FORMATTING_DIFFERS = _code(
    "norm-formatting-differs", WARNING,
    "De rode of gele rijen op Dossiers (voorwaardelijke opmaak) volgen een andere termijn dan de "
    "trajecten; eenplan geeft de formule om in Excel te plakken.")

NAMES: frozenset[str] = frozenset(code.name for code in CATALOGUE)
