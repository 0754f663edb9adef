"""The team folder and its settings (eenplan.toml).

A command finds the team folder as git finds a repository: ``--team DIR``, else the nearest
folder upward from the current one that holds ``eenplan.toml``. ``--workbook FILE`` overrides
the workbook; with no team folder around it, the defaults apply and outputs go beside it.
"""

from __future__ import annotations

import datetime
import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from eenplan.errors import ConfigError

SETTINGS_FILE = "eenplan.toml"
DEFAULT_WORKBOOK = "Caseload.xlsx"
REGIONS = ("noorderkempen", "voorkempen", "gent", "leeg")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
SECURITY = ("starttls", "ssl", "geen")
SHEET_NAMES = ("Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")


@dataclass(frozen=True)
class Letterhead:
    organisation: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password_env: str = "EENPLAN_SMTP_WACHTWOORD"
    sender: str = ""
    coordinators: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestSettings:
    weekday: int = 0  # Monday, as datetime.date.weekday()
    time: datetime.time = datetime.time(8, 0)


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


@dataclass(frozen=True)
class Team:
    """Where a team's files are. ``root`` is None for a bare workbook."""

    root: Path | None
    settings: Settings
    workbook: Path

    @property
    def base(self) -> Path:
        """The folder outputs go under: the team folder, or the bare workbook's folder."""
        return self.root if self.root is not None else self.workbook.parent

    @property
    def out_dir(self) -> Path:
        return self.base / "out"

    @property
    def reports_dir(self) -> Path:
        return self.base / "rapporten"

    @property
    def state_dir(self) -> Path:
        return self.base / ".eenplan"

    @property
    def templates_dir(self) -> Path:
        return self.base / "docx_templates"

    @property
    def flows_dir(self) -> Path:
        return self.base / "flows"


def find_team(
    *, team: Path | None = None, workbook: Path | None = None, cwd: Path | None = None
) -> Team:
    """The team the command works for, from ``--team``, ``--workbook`` and the current folder."""
    if team is not None:
        root = team.expanduser().resolve()
        if not (root / SETTINGS_FILE).is_file():
            raise ConfigError(
                f"In {root} staat geen {SETTINGS_FILE}: dat is geen teammap. "
                "Maak er een met `eenplan init MAP` of kies de juiste map."
            )
    else:
        root = _find_upward((cwd or Path.cwd()).resolve())
    if root is None:
        if workbook is None:
            raise ConfigError(
                f"Hier en in de mappen erboven staat geen {SETTINGS_FILE}. Ga naar de teammap, "
                "geef --team MAP of --workbook BESTAND, of maak een teammap met `eenplan init MAP`."
            )
        return Team(root=None, settings=Settings(), workbook=workbook.expanduser().resolve())
    settings = load_settings(root / SETTINGS_FILE)
    chosen = workbook.expanduser().resolve() if workbook is not None else root / settings.workbook
    return Team(root=root, settings=settings, workbook=chosen)


def _find_upward(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None


def read_toml(path: Path, *, shown: str, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A TOML file staff wrote (eenplan.toml, a flow): what keeps it from being read is one
    sentence that names the file (``shown``)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{shown} is geen geldige TOML ({exc}). Herstel de regel die genoemd wordt.") from None
    except UnicodeDecodeError:
        raise error(f"{shown} is niet als UTF-8 bewaard. Bewaar het als UTF-8.") from None
    except OSError as exc:
        raise error(f"{shown} kan niet gelezen worden: {exc.strerror}.") from None


def load_settings(path: Path) -> Settings:
    """Read eenplan.toml; an unknown key or a bad value is one ConfigError naming the key."""
    raw = read_toml(path, shown=path.name)
    return parse_settings(raw, source=path.name)


def parse_settings(raw: Mapping[str, Any], *, source: str = SETTINGS_FILE) -> Settings:
    reader = _Reader(raw, source)
    team = reader.section("team", {"naam", "regio", "werkmap"})
    letterhead = reader.section(
        "briefhoofd", {"organisatie", "adres", "telefoon", "e-mail", "website"}
    )
    columns = reader.section("kolommen", {"eigen"}, open_tables=True)
    sheets = reader.section("bladen", {*SHEET_NAMES})
    mail = reader.section(
        "mail",
        {"server", "poort", "beveiliging", "gebruiker", "wachtwoord-variabele", "afzender",
         "coordinatoren"},
    )
    digest = reader.section("digest", {"dag", "uur"})
    keep = reader.section("bewaren", {"maanden"})
    statistics = reader.section("statistiek", {"drempel"})
    reader.no_other_sections()

    region = reader.choice(team, "team.regio", REGIONS, "leeg")
    workbook = reader.text(team, "team.werkmap", DEFAULT_WORKBOOK)
    if not workbook.lower().endswith((".xlsx", ".xlsm")):
        raise ConfigError(
            f"{source}: team.werkmap = {workbook!r} is geen Excel-werkmap; "
            "geef een naam die eindigt op .xlsx."
        )
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
        ),
        header_aliases=reader.aliases(columns),
        own_columns=reader.texts(columns, "kolommen.eigen"),
        sheet_aliases=MappingProxyType(
            {name: reader.text(sheets, f"bladen.{name}", name) for name in sheets}
        ),
        mail=MailSettings(
            host=reader.text(mail, "mail.server", ""),
            port=reader.integer(mail, "mail.poort", 587, low=1, high=65535),
            security=reader.choice(mail, "mail.beveiliging", SECURITY, "starttls"),
            user=reader.text(mail, "mail.gebruiker", ""),
            password_env=reader.text(mail, "mail.wachtwoord-variabele", "EENPLAN_SMTP_WACHTWOORD"),
            sender=reader.text(mail, "mail.afzender", ""),
            coordinators=reader.texts(mail, "mail.coordinatoren"),
        ),
        digest=DigestSettings(
            weekday=WEEKDAYS.index(reader.choice(digest, "digest.dag", WEEKDAYS, "maandag")),
            time=reader.clock(digest, "digest.uur", datetime.time(8, 0)),
        ),
        retention_months=reader.integer(keep, "bewaren.maanden", 60, low=1, high=1200),
        # below 3 no disclosure-control practice would call the counts protected
        stats_threshold=reader.integer(statistics, "statistiek.drempel", 5, low=3, high=50),
    )


class _Reader:
    """Typed access to the parsed TOML, every complaint naming its key."""

    def __init__(self, raw: Mapping[str, Any], source: str) -> None:
        self.raw = raw
        self.source = source
        self.known: set[str] = set()

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key} {problem}")

    def section(
        self, name: str, keys: set[str], *, open_tables: bool = False
    ) -> Mapping[str, Any]:
        self.known.add(name)
        value = self.raw.get(name, {})
        if not isinstance(value, Mapping):
            raise self.fail(name, "moet een sectie zijn: schrijf [" + name + "] op een eigen regel.")
        for key, item in value.items():
            if key in keys or (open_tables and isinstance(item, Mapping)):
                continue
            raise self.fail(f"{name}.{key}", "kent eenplan niet." + _did_you_mean(key, keys))
        return value

    def no_other_sections(self) -> None:
        for name in self.raw:
            if name not in self.known:
                raise self.fail(name, "kent eenplan niet." + _did_you_mean(name, self.known))

    def text(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key.rsplit(".", 1)[1], default)
        if not isinstance(value, str):
            raise self.fail(key, 'moet tekst zijn, tussen aanhalingstekens ("...").')
        return value.strip()

    def texts(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key.rsplit(".", 1)[1], [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, 'moet een lijst van teksten zijn, zoals ["a", "b"].')
        return tuple(v.strip() for v in value if v.strip())

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

    def aliases(self, columns: Mapping[str, Any]) -> Mapping[str, Mapping[str, str]]:
        from eenplan.sheets.schema import SCHEMAS

        result: dict[str, Mapping[str, str]] = {}
        for sheet, table in columns.items():
            if not isinstance(table, Mapping):
                continue
            schema = SCHEMAS.get(sheet)
            if schema is None:
                raise self.fail(
                    f"kolommen.{sheet}", "is geen blad van de werkmap." + _did_you_mean(sheet, SCHEMAS)
                )
            headers = {c.header for c in schema.columns}
            mapping = {}
            for ours, theirs in table.items():
                if ours not in headers:
                    raise self.fail(
                        f"kolommen.{sheet}.{ours}",
                        "is geen kolom van eenplan." + _did_you_mean(ours, headers),
                    )
                if not isinstance(theirs, str) or not theirs.strip():
                    raise self.fail(f"kolommen.{sheet}.{ours}", "moet de kolomnaam van het team zijn.")
                mapping[ours] = theirs.strip()
            result[sheet] = MappingProxyType(mapping)
        return MappingProxyType(result)


def _did_you_mean(word: str, options: object) -> str:
    choices = sorted(options)  # type: ignore[call-overload]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if close:
        return f" Bedoel je {close[0]}?"
    return f" Kies uit: {', '.join(choices)}." if choices else ""
