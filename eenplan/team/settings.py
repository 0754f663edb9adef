"""The team's settings (eenplan.toml) as frozen dataclasses, and ``parse_settings``, which
makes them from the TOML's tables and says what is wrong with a key in one Dutch sentence.

Reading the file is ``folder.load_settings``; this module reads no file.
"""

from __future__ import annotations

import datetime
import difflib
import email.utils
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from eenplan.errors import ConfigError
from eenplan.sheets.cells import EMAIL, normal_text
from eenplan.sheets.schema import LISTS, LISTS_SCHEMA, SCHEMAS

SETTINGS_FILE = "eenplan.toml"
DEFAULT_WORKBOOK = "Caseload.xlsx"
REGIONS = ("noorderkempen", "voorkempen", "gent", "leeg")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
SECURITY = ("starttls", "ssl", "geen")
SHEET_NAMES = ("Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")
# how a list of addresses is written in eenplan.toml, said where one is written otherwise
ADDRESSES_EXAMPLE = 'coordinatoren = ["an@voorbeeld.be", "bart@voorbeeld.be"]'
# said, instead of sending, when a mail server is set and no address to send from
NO_SENDER = ('Vul bij [mail] in eenplan.toml afzender in: het adres waarvan de mails vertrekken, '
             'zoals afzender = "team@voorbeeld.be"; zonder afzender verstuurt eenplan geen mail.')


@dataclass(frozen=True)
class Letterhead:
    organisation: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: str = ""  # an image in the team folder (a path relative to it)


@dataclass(frozen=True)
class PlainLanguage:
    """[leesbaarheid]: how `templates check` measures the Dutch templates."""

    minimum: int = 60  # Flesch-Douma: 60 and up reads easily (B1)
    jargon: tuple[str, ...] = ()  # the team's words on top of eenplan's short list


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password_env: str = "EENPLAN_SMTP_WACHTWOORD"
    sender: str = ""
    coordinators: tuple[str, ...] = ()
    invitations: bool = False  # the watcher mails invitations to who agreed (Per e-mail = ja)

    @property
    def from_address(self) -> str:
        """Who the mails come from: afzender; left empty, gebruiker when that is an e-mail address
        (the mailbox eenplan logs in to, the one sender most mail servers allow that login); else
        "" and eenplan sends no mail (``NO_SENDER``), never one from an address it made up."""
        if self.sender:
            return self.sender
        return self.user if EMAIL.fullmatch(self.user) else ""


@dataclass(frozen=True)
class DigestSettings:
    weekday: int = 0  # Monday, as datetime.date.weekday()
    time: datetime.time = datetime.time(8, 0)
    begeleiders: bool = True  # each begeleider gets their own week's mail too
    names: bool = False  # a begeleider's mail names families (else dossier numbers only)


@dataclass(frozen=True)
class Settings:
    team_name: str = "1 Gezin 1 Plan"
    region: str = "leeg"
    workbook: str = DEFAULT_WORKBOOK
    letterhead: Letterhead = field(default_factory=Letterhead)
    # sheet -> {eenplan's header: the team's header}
    header_aliases: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    own_columns: tuple[str, ...] = ()
    # eenplan's sheet name -> the team's, for a team whose sheets are named otherwise
    sheet_aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    mail: MailSettings = field(default_factory=MailSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    retention_months: int = 60
    # the statistics' threshold: a count of fewer families is not shown to the steering group
    stats_threshold: int = 5
    plain_language: PlainLanguage = field(default_factory=PlainLanguage)


# eenplan.toml's sections and their keys ([kolommen] also holds a table per sheet)
SECTIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    "team": frozenset({"naam", "regio", "werkmap"}),
    "briefhoofd": frozenset({"organisatie", "adres", "telefoon", "e-mail", "website", "logo"}),
    "kolommen": frozenset({"eigen"}),
    "bladen": frozenset(SHEET_NAMES),
    "mail": frozenset({"server", "poort", "beveiliging", "gebruiker", "wachtwoord-variabele",
                       "afzender", "coordinatoren", "uitnodigingen"}),
    "digest": frozenset({"dag", "uur", "begeleiders", "namen"}),
    "bewaren": frozenset({"maanden"}),
    "statistiek": frozenset({"drempel"}),
    "leesbaarheid": frozenset({"minimum", "vaktaal"}),
})


def parse_settings(raw: Mapping[str, Any], *, source: str = SETTINGS_FILE) -> Settings:
    reader = _Reader(raw, source)
    team = reader.section("team")
    letterhead = reader.section("briefhoofd")
    columns = reader.section("kolommen", open_tables=True)
    sheets = reader.section("bladen")
    mail = reader.section("mail")
    digest = reader.section("digest")
    keep = reader.section("bewaren")
    statistics = reader.section("statistiek")
    plain = reader.section("leesbaarheid")
    reader.no_other_sections()

    region = reader.choice(team, "team.regio", REGIONS, "leeg")
    workbook = reader.path(team, "team.werkmap", DEFAULT_WORKBOOK)
    if not workbook.lower().endswith((".xlsx", ".xlsm")):
        raise ConfigError(
            f"{source}: team.werkmap = {workbook!r} is geen Excel-werkmap; "
            "geef een naam die eindigt op .xlsx."
        )
    sheet_aliases = MappingProxyType(
        {name: reader.text(sheets, f"bladen.{name}", name) for name in sheets})
    return Settings(
        team_name=reader.text(team, "team.naam", Settings.team_name),
        region=region,
        workbook=workbook,
        letterhead=Letterhead(
            organisation=reader.text(letterhead, "briefhoofd.organisatie", ""),
            address=reader.text(letterhead, "briefhoofd.adres", ""),
            phone=reader.text(letterhead, "briefhoofd.telefoon", ""),
            email=reader.text(letterhead, "briefhoofd.e-mail", ""),
            website=reader.text(letterhead, "briefhoofd.website", ""),
            logo=reader.path(letterhead, "briefhoofd.logo", ""),
        ),
        header_aliases=reader.aliases(columns, sheet_aliases),
        own_columns=reader.texts(columns, "kolommen.eigen"),
        sheet_aliases=sheet_aliases,
        mail=MailSettings(
            host=reader.text(mail, "mail.server", ""),
            port=reader.integer(mail, "mail.poort", 587, low=1, high=65535),
            security=reader.choice(mail, "mail.beveiliging", SECURITY, "starttls"),
            user=reader.text(mail, "mail.gebruiker", ""),
            password_env=reader.text(mail, "mail.wachtwoord-variabele", "EENPLAN_SMTP_WACHTWOORD"),
            sender=reader.sender(mail, "mail.afzender"),
            coordinators=reader.addresses(mail, "mail.coordinatoren"),
            invitations=reader.boolean(mail, "mail.uitnodigingen", False),
        ),
        digest=DigestSettings(
            weekday=WEEKDAYS.index(reader.choice(digest, "digest.dag", WEEKDAYS, "maandag")),
            time=reader.clock(digest, "digest.uur", datetime.time(8, 0)),
            begeleiders=reader.boolean(digest, "digest.begeleiders", True),
            names=reader.boolean(digest, "digest.namen", False),
        ),
        retention_months=reader.integer(keep, "bewaren.maanden", 60, low=1, high=1200),
        # below 3 no disclosure-control practice would call the counts protected
        stats_threshold=reader.integer(statistics, "statistiek.drempel", 5, low=3, high=50),
        plain_language=PlainLanguage(
            minimum=reader.integer(plain, "leesbaarheid.minimum", PlainLanguage.minimum, low=0,
                                   high=100),
            jargon=reader.texts(plain, "leesbaarheid.vaktaal"),
        ),
    )


class TomlReader:
    """Typed access to a parsed TOML file staff wrote (eenplan.toml, a flow): every complaint is
    one Dutch sentence that names the file and the key. Each room extends it with its own kinds
    of value (eenplan.toml's sections here, a flow's milestones in ``flows.loader``)."""

    def __init__(self, source: str, *, error: type[ConfigError] = ConfigError) -> None:
        self.source = source
        self.error = error

    def fail(self, key: str, problem: str) -> ConfigError:
        return self.error(f"{self.source}: {key} {problem}")

    def unknown(self, key: str, word: str, options: Collection[str], *, cutoff: float = 0.6,
                sort: bool = True) -> ConfigError:
        """``key`` names ``word``, which eenplan does not know; the nearest of ``options`` is offered."""
        return self.fail(key, "kent eenplan niet." + did_you_mean(word, options, cutoff=cutoff, sort=sort))

    def as_text(self, value: object, key: str, *, required: bool = False) -> str:
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, 'moet tekst zijn, tussen aanhalingstekens ("...").')
        return value.strip()


def _home(key: str, *, besides: str) -> str:
    """Where a key that is not in section ``besides`` belongs: "[briefhoofd]" for logo,
    "[kolommen.Dossiers]" for a header of eenplan ("Datum aanmelding"); "" when nowhere."""
    sheets = " of ".join(f"[kolommen.{sheet}]" for sheet, schema in {**SCHEMAS, LISTS: LISTS_SCHEMA}.items()
                         if normal_text(key) in {normal_text(c.header) for c in schema.columns})
    sections = " of ".join(f"[{name}]" for name, keys in SECTIONS.items() if key in keys and name != besides)
    # under [kolommen] a header ("Naam") is meant before a setting (naam, under [team])
    return (sheets or sections) if besides == "kolommen" else (sections or sheets)


def did_you_mean(word: str, options: Collection[str], *, cutoff: float = 0.6, sort: bool = True) -> str:
    """" Bedoel je X?" for the nearest of ``options``, else the options to choose from."""
    choices = sorted(options) if sort else list(options)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    if close:
        return f" Bedoel je {close[0]}?"
    return f" Kies uit: {', '.join(choices)}." if choices else ""


class _Reader(TomlReader):
    """eenplan.toml: its sections, and the kinds of value its keys hold."""

    def __init__(self, raw: Mapping[str, Any], source: str) -> None:
        super().__init__(source)
        self.raw = raw
        self.known: set[str] = set()

    def section(self, name: str, *, open_tables: bool = False) -> Mapping[str, Any]:
        keys = SECTIONS[name]
        self.known.add(name)
        value = self.raw.get(name, {})
        if not isinstance(value, Mapping):
            raise self.fail(name, "moet een sectie zijn: schrijf [" + name + "] op een eigen regel.")
        for key, item in value.items():
            if key in keys or (open_tables and isinstance(item, Mapping)):
                continue
            home = _home(key, besides=name)
            if home:  # a line under the wrong [kop]: where it belongs, not the keys of this one
                raise self.fail(f"{name}.{key}", f"hoort niet onder [{name}]: zet de regel onder de "
                                                 f"kop {home} (schrijf die kop op een eigen regel als "
                                                 "ze er nog niet staat).")
            raise self.unknown(f"{name}.{key}", key, keys, cutoff=0.5)
        return value

    def no_other_sections(self) -> None:
        for name, value in self.raw.items():
            if name in self.known:
                continue
            home = _home(name, besides="") if not isinstance(value, Mapping) else ""
            if home:  # a line above the first [kop] belongs to none
                raise self.fail(name, f"staat boven elke [kop], waar eenplan het niet zoekt: zet "
                                      f"de regel onder de kop {home}.")
            raise self.unknown(name, name, self.known, cutoff=0.5)

    def path(self, table: Mapping[str, Any], key: str, default: str) -> str:
        r"""A file name or path; one with a tab or a line break in it was meant with a \ in it
        ("C:\temp\new.xlsx" between double quotes holds a tab and a line break)."""
        value = self.text(table, key, default)
        if any(ord(c) < 32 for c in value):
            raise self.fail(key, "bevat een \\ die tussen dubbele aanhalingstekens iets anders "
                                 "betekent: zet het pad tussen enkele aanhalingstekens ('C:\\map\\"
                                 "bestand') of schrijf / in de plaats van \\.")
        return value

    def text(self, table: Mapping[str, Any], key: str, default: str) -> str:
        return self.as_text(table.get(key.rsplit(".", 1)[1], default), key)

    def texts(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key.rsplit(".", 1)[1], [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, 'moet een lijst van teksten zijn, zoals ["a", "b"].')
        return tuple(v.strip() for v in value if v.strip())

    def addresses(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        """A list of e-mail addresses, one a text (the test the workbook's E-mail cells get): a
        mistyped one would otherwise go to the mail server as some other address, or none."""
        found = self.texts(table, key)
        for value in found:
            if value.count("@") > 1:
                raise self.fail(key, f'heeft "{value}": dat is één tekst met meer dan één adres; '
                                f"zet elk adres apart tussen aanhalingstekens, zoals {ADDRESSES_EXAMPLE}.")
            if not EMAIL.fullmatch(value):
                raise self.fail(key, f'heeft "{value}": dat is geen e-mailadres; verbeter het, zoals '
                                f"{ADDRESSES_EXAMPLE}.")
        return found

    def sender(self, table: Mapping[str, Any], key: str) -> str:
        """The address mails leave from ("" for none), bare or with a name ("Team <t@x.be>")."""
        value = self.text(table, key, "")
        name, address = email.utils.parseaddr(value)
        if value and not (EMAIL.fullmatch(address) and (name or value in (address, f"<{address}>"))):
            raise self.fail(key, f'= "{value}" is geen e-mailadres: schrijf één adres, zoals '
                            'afzender = "team@voorbeeld.be".')
        return value

    def boolean(self, table: Mapping[str, Any], key: str, default: bool) -> bool:
        value = table.get(key.rsplit(".", 1)[1], default)
        if not isinstance(value, bool):
            raise self.fail(key, "moet true of false zijn (zonder aanhalingstekens).")
        return value

    def integer(
        self, table: Mapping[str, Any], key: str, default: int, *, low: int, high: int
    ) -> int:
        value = table.get(key.rsplit(".", 1)[1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"moet een geheel getal van {low} tot {high} zijn.")
        return value

    def choice(
        self, table: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str
    ) -> str:
        value = table.get(key.rsplit(".", 1)[1], default)
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise self.fail(key, "moet een van deze zijn: " + ", ".join(choices) + ".")
        return value.strip().lower()

    def clock(self, table: Mapping[str, Any], key: str, default: datetime.time) -> datetime.time:
        value = table.get(key.rsplit(".", 1)[1], default)
        if isinstance(value, datetime.time):
            return value
        if isinstance(value, str):
            try:
                return datetime.time.fromisoformat(value.strip().replace(".", ":").zfill(5))
            except ValueError:
                pass
        raise self.fail(key, 'moet een uur zijn, zoals "08:00".')

    def aliases(self, columns: Mapping[str, Any],
                sheets: Mapping[str, str]) -> Mapping[str, Mapping[str, str]]:
        """[kolommen.BLAD]: per sheet (Lijsten too), eenplan's header -> the team's. BLAD is
        eenplan's name for the sheet; ``sheets`` ([bladen]: eenplan's name -> the team's) tells
        it from the team's name for it."""
        schemas = {**SCHEMAS, LISTS: LISTS_SCHEMA}
        result: dict[str, Mapping[str, str]] = {}
        for sheet, table in columns.items():
            if not isinstance(table, Mapping):
                continue
            schema = schemas.get(sheet)
            ours = [name for name, theirs in sheets.items()
                    if normal_text(theirs) == normal_text(sheet) and name in schemas]
            written = sheet if re.fullmatch(r"[A-Za-z0-9_-]+", sheet) else f'"{sheet}"'
            if schema is None and ours:  # the team's name for one of eenplan's sheets
                raise self.error(
                    f"{self.source}: [kolommen.{written}] noemt het blad zoals het in jullie werkmap "
                    f'heet ([bladen] {ours[0]} = "{sheets[ours[0]]}"), maar hier hoort de naam die '
                    f"eenplan het blad geeft: schrijf [kolommen.{ours[0]}]."
                )
            if schema is None:
                raise self.error(
                    f"{self.source}: [kolommen.{written}] noemt geen blad van eenplan: schrijf er de "
                    "naam die eenplan het blad geeft (en heet het blad bij jullie anders, noem die "
                    "naam dan bij [bladen])." + did_you_mean(sheet, schemas, cutoff=0.5)
                )
            headers = {c.header for c in schema.columns}
            mapping = {}
            for ours, theirs in table.items():
                if ours not in headers:
                    raise self.fail(
                        f"kolommen.{sheet}.{ours}",
                        "is geen kolom van eenplan." + did_you_mean(ours, headers, cutoff=0.5),
                    )
                if not isinstance(theirs, str) or not theirs.strip():
                    raise self.fail(f"kolommen.{sheet}.{ours}", "moet de kolomnaam van het team zijn.")
                mapping[ours] = theirs.strip()
            self._one_column_each(sheet, [c.header for c in schema.columns], mapping)
            result[sheet] = MappingProxyType(mapping)
        return MappingProxyType(result)

    def _one_column_each(self, sheet: str, headers: list[str], mapping: Mapping[str, str]) -> None:
        """Two of eenplan's columns read from one header would make one of them missing, said of
        a column that is there: refused, naming both."""
        seen: dict[str, str] = {}
        for ours in headers:
            theirs = mapping.get(ours, ours)
            other = seen.setdefault(normal_text(theirs), ours)
            if other == ours:
                continue
            if other in mapping and ours in mapping:
                raise self.error(
                    f'{self.source}: onder [kolommen.{sheet}] wijzen "{other}" en "{ours}" allebei '
                    f'naar de kolom "{theirs}", dus eenplan zou een van beide als ontbrekend lezen: '
                    "geef elk de kop van een eigen kolom, of haal een van beide regels weg."
                )
            aliased, plain = (other, ours) if other in mapping else (ours, other)
            raise self.error(
                f'{self.source}: onder [kolommen.{sheet}] wijst "{aliased}" naar de kolom '
                f'"{mapping[aliased]}", maar die kop leest eenplan al als {plain}: geef "{aliased}" '
                f"de kop van een eigen kolom, of noem ook {plain} bij [kolommen.{sheet}]."
            )
