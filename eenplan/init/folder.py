"""A new team folder (DESIGN.md §2): what `eenplan init` makes, and what `eenplan demo` fills.

    new = init_team(Path("Team Noorderkempen"))            # region guessed from the name
    print(init_summary(new))

Nothing that is already there is overwritten: a folder that holds eenplan.toml or the workbook
is refused with one sentence, as is any other file init would write.
"""

from __future__ import annotations

import datetime
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.dutch import plural
from eenplan.errors import ConfigError
from eenplan.files import write_bytes_atomically, write_text_atomically
from eenplan.flows import flow_names, load_flows
from eenplan.flows.colours import norm_colours
from eenplan.sheets.blank import Rows, write_workbook
from eenplan.sheets.schema import MUNICIPALITIES
from eenplan.team.regions import REGIONS, guess_region, lists_for
from eenplan.team.settings import SETTINGS_FILE, WEEKDAYS, Settings

FLOWS_README = "LEESMIJ.txt"
FOLDERS = ("docx_templates", "flows", "out", "rapporten")

_FLOWS_README_TEXT = """\
Eigen trajecten
===============

eenplan kent twee trajecten: procesbegeleiding en eerstelijnspsycholoog, met hun normen
(bijvoorbeeld: het perspectiefbiedend gesprek binnen één maand na de aanmelding).

Werkt jullie regio met andere termijnen, of met een traject dat er niet bij is? Zet dan een
TOML-bestand in deze map, bijvoorbeeld procesbegeleiding.toml of gezinscoaching.toml.
Een bestand met dezelfde naam als een standaardtraject vervangt dat traject; een nieuwe naam
voegt een traject toe, dat je dan kunt kiezen in de kolom Traject van het blad Dossiers.

Zo ziet zo'n bestand eruit (eerstelijnspsycholoog.toml, met 30 dagen en 10 sessies):

    titel = "Eerstelijnspsycholoog"
    max-sessies = 10
    # redenen afsluiting die passen bij een afsluiting voor de eerste stap
    vroege-afsluiting = ["Geen contact meer", "Gezin ziet af van hulp", "Doorverwezen", "Verhuisd"]

    [[stap]]
    naam = "eerste_sessie"
    label = "Eerste sessie"
    klaar = "perspectiefgesprek"   # de datum die de stap afvinkt
    vanaf = "aanmelding"           # de datum waarop de klok begint
    dagen = 30                     # of: maanden = 1
    waarschuwen = 7                # zoveel dagen vooraf: binnenkort
    ernst = "fout"                 # of "waarschuwing"

Mijlpalen (klaar, vanaf): aanmelding, perspectiefgesprek, gezinsplan, afsluiting. Elke
opdracht van eenplan leest deze map; bij een fout in een bestand zegt eenplan welk bestand en
wat er mis is.

De werkmap kleurt een rij rood (te laat) of geel (binnenkort) volgens de trajecten van toen
eenplan ze maakte. Pas je hier een termijn aan, dan zegt `eenplan check` welke formule je in
Excel bij Voorwaardelijke opmaak moet plakken; eenplan schrijft nooit zelf in de werkmap.

Staat hier geen .toml-bestand (alleen deze LEESMIJ.txt), dan gelden de standaardtrajecten.
"""


@dataclass(frozen=True)
class NewTeam:
    """What init made."""

    root: Path
    settings: Settings
    workbook: Path
    templates: tuple[Path, ...]
    lists: Mapping[str, tuple[str, ...]]

    @property
    def region_title(self) -> str:
        return REGIONS[self.settings.region].title


def default_team_name(folder: Path) -> str:
    """ "Team Noorderkempen" from a folder named "Team Noorderkempen", "noorderkempen" or "team-gent"."""
    words = folder.name.replace("_", " ").replace("-", " ").split()
    if words and words[0].casefold() == "team":
        words = words[1:]
    if not words:
        return Settings.team_name
    return "Team " + " ".join(w[:1].upper() + w[1:] for w in words)


def init_team(folder: Path, *, region: str | None = None, name: str | None = None) -> NewTeam:
    """Make a new team folder with an empty workbook; the region defaults from the name."""
    root = folder.expanduser().resolve()
    team_name = (name or "").strip() or default_team_name(root)
    chosen = region or guess_region(team_name) or guess_region(root.name) or "leeg"
    settings = Settings(team_name=team_name, region=chosen)
    return create_team_folder(root, settings, lists=lists_for(chosen))


def create_team_folder(
    root: Path,
    settings: Settings,
    *,
    lists: Mapping[str, Sequence[str]],
    rows: Rows | None = None,
    settings_text: str | None = None,
    replace_own: bool = False,
    dated: datetime.date | None = None,
) -> NewTeam:
    """Write the team folder: eenplan.toml, the workbook, the templates and the folders.

    Refuses (ConfigError) when any file it would write exists, unless ``replace_own``: then
    eenplan.toml and the workbook are written anew and files already there are kept (demo).
    ``dated``: the workbook's properties and zip entries carry that day, not the clock's, so the
    same rows give the same bytes (the demo, made --as-of a day).
    """
    root = root.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ConfigError(f"{root} is een bestand, geen map: kies een naam voor een nieuwe map.")
    workbook = root / settings.workbook
    # the Dutch templates, and those in the other languages eenplan ships (docx_templates/fr/...)
    templates = sorted(p for p in (*PACKAGE_TEMPLATES.glob("*.docx"),
                                   *PACKAGE_TEMPLATES.glob("*/*.docx"))
                       if not p.name.startswith("~$") and "__pycache__" not in p.parts)
    template_targets = [root / "docx_templates" / p.relative_to(PACKAGE_TEMPLATES)
                        for p in templates]
    readme = root / "flows" / FLOWS_README
    if not replace_own:
        _refuse_existing(root, workbook, [*template_targets, readme])
    for name in FOLDERS:
        _make_folder(root / name)
    write_text_atomically(root / SETTINGS_FILE, settings_text or settings_toml(settings))
    flows = load_flows(root / "flows")
    write_workbook(workbook, lists, flow_names=flow_names(root / "flows"), rows=rows,
                   title=settings.team_name, dated=dated,
                   colours=[c.row_colour for c in norm_colours(flows.values())])
    copied = []
    for source, target in zip(templates, template_targets, strict=True):
        _make_folder(target.parent)
        if not target.exists():
            write_bytes_atomically(target, source.read_bytes())
        copied.append(target)
    if not readme.exists():
        write_text_atomically(readme, _FLOWS_README_TEXT)
    return NewTeam(
        root=root, settings=settings, workbook=workbook, templates=tuple(copied),
        lists={k: tuple(v) for k, v in lists.items()},
    )


def _refuse_existing(root: Path, workbook: Path, others: list[Path]) -> None:
    if (root / SETTINGS_FILE).exists() or workbook.exists():
        present = SETTINGS_FILE if (root / SETTINGS_FILE).exists() else workbook.name
        raise ConfigError(
            f"In {root} staat al een teammap ({present}), en eenplan overschrijft niets: kies "
            "een nieuwe map, of werk verder in deze met `eenplan check`."
        )
    for path in others:
        if path.exists():
            raise ConfigError(
                f"{path} bestaat al, en eenplan overschrijft niets: kies een nieuwe, lege map."
            )


def _make_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(f"{path} is een bestand, maar eenplan heeft daar een map nodig: "
                          "kies een nieuwe, lege map.") from None
    except OSError as exc:
        raise ConfigError(f"eenplan kan de map {path} niet maken ({exc.strerror}): kies een map "
                          "waar je mag schrijven.") from None


def init_summary(new: NewTeam, *, shown: str | None = None) -> str:
    """What init made and what to do next, in Dutch, for the terminal."""
    folder = shown or str(new.root)
    places = new.lists.get(MUNICIPALITIES, ())
    if new.settings.region == "gent":
        lists_line = f"keuzelijsten met de {len(places)} wijken van Gent"
    elif places:
        lists_line = f"keuzelijsten met de {len(places)} gemeenten van {new.region_title}"
    else:
        lists_line = "keuzelijsten; de gemeenten vul je zelf in op het blad Lijsten"
    dutch = [p for p in new.templates if p.parent.name == "docx_templates"]
    others = sorted({p.parent.name for p in new.templates if p.parent.name != "docx_templates"})
    templates = (plural(len(dutch), "Word-sjabloon", "Word-sjablonen")
                 + (f" (ook in {', '.join(f'{o}/' for o in others)})" if others else "")
                 + ", aan te passen in Word"
                 if new.templates else "de Word-sjablonen van het team (nog leeg)")
    lines = [
        f"Teammap gemaakt voor {new.settings.team_name}"
        + ("" if folder == new.settings.team_name else f" in {folder}"),
        f"  {SETTINGS_FILE:<20}de instellingen van het team",
        *textwrap.wrap(f"de werkmap, {lists_line}", 80, initial_indent=f"  {new.settings.workbook:<20}",
                       subsequent_indent=" " * 22),
        f"  {'docx_templates/':<20}{templates}",
        # the folder holds LEESMIJ.txt, the how-to: not "empty"
        *textwrap.wrap(f"eigen trajecten: {FLOWS_README} zegt hoe; zonder gelden de "
                       "standaardtrajecten", 80, initial_indent=f"  {'flows/':<20}",
                       subsequent_indent=" " * 22),
        f"  {'out/':<20}de documenten die eenplan maakt, per dossier",
        f"  {'rapporten/':<20}controles en lijsten",
        "",
        "Wat nu:",
        f"  1. Vul in {SETTINGS_FILE} het briefhoofd in, en de mailserver voor de",
        "     wekelijkse lijst.",
        f"  2. Zet in {new.settings.workbook} de namen van de begeleiders op het blad Lijsten.",
        "  3. Vul de dossiers in en kijk ze na:",
        f"       eenplan check --team {_quoted(folder)}",
        "  4. Laat eenplan het werk doen, telkens iemand de werkmap bewaart:",
        f"       eenplan watch --team {_quoted(folder)}",
    ]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text


def settings_toml(settings: Settings, *, heading: str = "") -> str:
    """eenplan.toml for these settings, every setting explained in Dutch; loads back equal."""
    t = _toml
    letterhead = settings.letterhead
    mail = settings.mail
    lines = [
        *([heading, ""] if heading else []),
        "# De instellingen van eenplan voor dit team.",
        "# Een regel die met # begint is uitleg; eenplan slaat ze over. Pas alleen de waarden aan,",
        '# tekst tussen aanhalingstekens ("..."), en bewaar dit bestand als UTF-8. Klopt er iets niet,',
        "# dan zegt eenplan welke regel.",
        "",
        "[team]",
        "# De naam van het team, zoals ze op brieven, lijsten en rapporten staat.",
        f"naam = {t(settings.team_name)}",
        "# De regio: noorderkempen, voorkempen, gent of leeg. `eenplan init` vulde daarmee de",
        "# gemeenten (in Gent: de wijken) op het blad Lijsten van de werkmap.",
        f"regio = {t(settings.region)}",
        "# De werkmap met de caseload: een .xlsx-bestand in deze map.",
        f"werkmap = {t(settings.workbook)}",
        "",
        "[briefhoofd]",
        "# Wat bovenaan de uitnodigingen, verslagen en gezinsplannen staat.",
        f"organisatie = {t(letterhead.organisation)}",
        f"adres = {t(letterhead.address)}",
        f"telefoon = {t(letterhead.phone)}",
        f"e-mail = {t(letterhead.email)}",
        f"website = {t(letterhead.website)}",
        "",
        "[kolommen]",
        "# Kolommen die het team zelf toevoegde aan de werkmap; eenplan slaat ze over zonder",
        '# waarschuwing. Bijvoorbeeld: eigen = ["Taal thuis", "Tolk nodig"]',
        f"eigen = {_toml_list(settings.own_columns)}",
        "# Heet een kolom bij jullie anders? Zet per blad (ook Lijsten) de naam van eenplan links",
        "# en die van het team rechts, elk naar een eigen kolom, bijvoorbeeld:",
        "# [kolommen.Dossiers]",
        '# "Datum aanmelding" = "Aangemeld op"',
    ]
    for sheet, aliases in settings.header_aliases.items():
        lines += ["", f"[kolommen.{_toml_key(sheet)}]"]
        lines += [f"{_toml_key(ours)} = {t(theirs)}" for ours, theirs in aliases.items()]
    lines += [
        "",
        "[mail]",
        "# De mailserver waarmee eenplan de wekelijkse lijst naar de coördinatoren stuurt. Blijft",
        "# de server leeg, dan maakt eenplan .eml-bestanden die je zelf kunt versturen.",
        f"server = {t(mail.host)}",
        "# De poort van de server: meestal 587 (met starttls) of 465 (met ssl).",
        f"poort = {mail.port}",
        "# De beveiliging: starttls, ssl of geen.",
        f"beveiliging = {t(mail.security)}",
        "# De gebruikersnaam op de mailserver, vaak het e-mailadres.",
        f"gebruiker = {t(mail.user)}",
        "# Het wachtwoord staat nooit in dit bestand. eenplan leest het uit de omgevingsvariabele",
        "# met deze naam. Zet ze op de computer die mailt, bijvoorbeeld:",
        f"#   Windows:  setx {mail.password_env} \"het wachtwoord\"",
        f"#   Linux:    export {mail.password_env}='het wachtwoord'",
        f"wachtwoord-variabele = {t(mail.password_env)}",
        "# Het adres waarvan de mails vertrekken. Leeg: het adres bij gebruiker, als dat een",
        "# e-mailadres is; anders verstuurt eenplan geen mail.",
        f"afzender = {t(mail.sender)}",
        "# Wie de wekelijkse lijst krijgt, bijvoorbeeld:",
        '# coordinatoren = ["an.claes@voorbeeld.be", "bart.peeters@voorbeeld.be"]',
        f"coordinatoren = {_toml_list(mail.coordinators)}",
        "# true: `eenplan watch` mailt de uitnodigingen ook aan wie op het blad Netwerk",
        "# Per e-mail = ja heeft (met een afspraak voor de agenda). Vraag het hun eerst.",
        f"uitnodigingen = {'true' if mail.invitations else 'false'}",
        "",
        "[digest]",
        "# Wanneer `eenplan watch` de wekelijkse lijst van wat te laat is verstuurt: de dag",
        "# (maandag tot zondag) en het uur.",
        f"dag = {t(WEEKDAYS[settings.digest.weekday])}",
        f"uur = {t(settings.digest.time.strftime('%H:%M'))}",
        "# Elke begeleider krijgt dan ook een eigen mail met zijn of haar week: de rondetafels,",
        "# wat te laat is of binnenkort moet (e-mailadres: blad Lijsten). false: niet.",
        f"begeleiders = {'true' if settings.digest.begeleiders else 'false'}",
        "# true: die mail noemt ook de naam van het gezin; false: alleen het dossiernummer.",
        f"namen = {'true' if settings.digest.names else 'false'}",
        "",
        "[bewaren]",
        "# Hoe lang het team een dossier bewaart na de afsluiting, in maanden: `eenplan retention`",
        "# toont welke dossiers daarna weg mogen, en verwijdert ze met --delete. De kopieën van de",
        "# werkmap in .eenplan/snapshots/ volgen hun eigen regel (de laatste 30, en tot een jaar).",
        f"maanden = {settings.retention_months}",
        "",
        "[statistiek]",
        "# `eenplan stats`: een aantal van minder gezinnen dan de drempel staat niet in het rapport",
        "# voor de stuurgroep (3 tot 50; 5 is gebruikelijk).",
        f"drempel = {settings.stats_threshold}",
        "",
    ]
    return "\n".join(lines)


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(text, ensure_ascii=False)


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_toml(i) for i in items) + "]"


def _toml_key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else _toml(key)

