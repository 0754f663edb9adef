"""The flows' loader: TOML in, the frozen dataclasses of ``model`` out, validated once.

A flow file (``defaults/procesbegeleiding.toml``, or a team's own in its ``flows/`` folder)::

    titel = "Procesbegeleiding"
    max-sessies = 5                       # optional
    vroege-afsluiting = ["Doorverwezen"]  # reasons that fit a closure before the first step

    [[stap]]
    naam = "perspectiefgesprek"
    label = "Perspectiefgesprek"
    klaar = "perspectiefgesprek"          # the date that marks the step done
    vanaf = "aanmelding"                  # the date the clock starts on
    maanden = 1                           # or: dagen = 30
    waarschuwen = 7                       # days before the due date it shows as "due soon"
    ernst = "fout"                        # or "waarschuwing"

    [evaluatie]                           # optional: the next round-table when none is planned
    maanden = 3                           # or: dagen = 90, after the last round-table
    waarschuwen = 7

A round-table's Volgende datum is its evaluation's due date; ``[evaluatie]`` gives one to a
round-table without a Volgende datum (without it, such a round-table has no evaluation date).

The keys are Dutch, as in eenplan.toml, since staff write these files. A flow's name is its file
name; a team's file with the name of a default replaces that default.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eenplan.errors import ConfigError
from eenplan.flows.model import MILESTONES, Evaluation, Flow, Flows, Step
from eenplan.sheets.codes import ERROR, WARNING
from eenplan.team.settings import TomlReader
from eenplan.team.tomlfile import read_toml

if TYPE_CHECKING:
    from eenplan.team.folder import Team

DEFAULTS = Path(__file__).with_name("defaults")
_SEVERITIES = {"fout": ERROR, "waarschuwing": WARNING}
_FLOW_KEYS = ("naam", "titel", "max-sessies", "vroege-afsluiting", "stap", "evaluatie")
_EVALUATION_KEYS = ("maanden", "dagen", "waarschuwen")
_STEP_KEYS = ("naam", "label", "klaar", "vanaf", "maanden", "dagen", "waarschuwen", "ernst")


class FlowError(ConfigError):
    """A flow file cannot be used; the message names the file and the key."""


def flow_files(team_flows_dir: Path | None = None) -> dict[str, Path]:
    """Flow name (casefolded) -> its file: the defaults, then the team's, which win by name.
    A file ending in .TOML is one too (Windows shows no difference)."""
    files: dict[str, Path] = {}
    folders = [DEFAULTS]
    if team_flows_dir is not None and team_flows_dir.is_dir():
        folders.append(team_flows_dir)
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() == ".toml" and not path.name.startswith((".", "~")) \
                    and path.is_file():
                files[path.stem.strip().casefold()] = path
    return files


def passed_over(team_flows_dir: Path | None) -> tuple[str, ...]:
    """One sentence for each file in the team's flows/ meant as a flow that eenplan does not
    read: Notepad saves "procesbegeleiding.toml" as procesbegeleiding.toml.txt, and Windows hides
    the .txt. Without a word, the default norm would count in its place."""
    if team_flows_dir is None or not team_flows_dir.is_dir():
        return ()
    return tuple(
        f"{_shown(path, team_flows_dir)} leest eenplan niet als traject, want het is geen "
        f".toml-bestand: bewaar het als {path.name[:-len('.txt')]} (in Kladblok: Opslaan als, "
        "Alle bestanden), of haal het weg uit de map flows."
        for path in sorted(team_flows_dir.iterdir())
        if path.name.lower().endswith(".toml.txt") and not path.name.startswith((".", "~"))
    )


def load_flows(team_flows_dir: Path | None = None) -> Flows:
    """The defaults and the team's own flows; FlowError on the first file that cannot be used."""
    flows = {}
    for path in flow_files(team_flows_dir).values():
        flow = load_flow(path, shown=_shown(path, team_flows_dir))
        flows[flow.name] = flow
    return Flows(flows, notes=passed_over(team_flows_dir))


def load_team_flows(team: Team) -> Flows:
    """The default flows and the team's own (a bare workbook has only the defaults)."""
    return load_flows(team.flows_dir if team.root is not None else None)


def team_flow_notes(team: Team) -> tuple[str, ...]:
    """``Flows.notes`` of the team's flows, without reading the flows themselves."""
    return passed_over(team.flows_dir if team.root is not None else None)


def load_flow(path: Path, *, shown: str | None = None) -> Flow:
    shown = shown or path.name
    raw = read_toml(path, shown=shown, error=FlowError)
    return parse_flow(raw, name=path.stem, source=shown)


def parse_flow(raw: Mapping[str, Any], *, name: str, source: str) -> Flow:
    """A flow from parsed TOML, validated: unknown keys and milestones, negative norms, cycles."""
    reader = _Reader(source)
    reader.known_keys(raw, "", _FLOW_KEYS)
    declared = reader.text(raw, "naam", name)
    if declared.casefold() != name.strip().casefold():
        raise reader.fail("naam", f'= "{declared}" verschilt van de bestandsnaam: noem het bestand '
                          f"{declared}.toml, of maak naam gelijk aan {name}.")
    title = reader.text(raw, "titel", name.replace("_", " ").capitalize())
    max_sessions = raw.get("max-sessies")
    if max_sessions is not None and (
        isinstance(max_sessions, bool) or not isinstance(max_sessions, int) or max_sessions < 1
    ):
        raise reader.fail("max-sessies", "moet een geheel getal van 1 of meer zijn.")
    early = raw.get("vroege-afsluiting", [])
    if isinstance(early, str):
        early = [early]
    if not isinstance(early, list) or not all(isinstance(r, str) for r in early):
        raise reader.fail("vroege-afsluiting", 'moet een lijst van redenen zijn, zoals ["Verhuisd"].')
    tables = raw.get("stap", [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise reader.fail("stap", "moet een reeks stappen zijn: schrijf elke stap als [[stap]].")
    steps = tuple(_step(reader, table, number) for number, table in enumerate(tables, start=1))
    names = [s.name for s in steps]
    for step in steps:
        if names.count(step.name) > 1:
            raise reader.fail("stap.naam", f'"{step.name}" komt twee keer voor: geef elke stap een '
                              "eigen naam.")
    _refuse_cycles(reader, steps)
    return Flow(
        name=name.strip(), title=title, steps=steps, max_sessions=max_sessions,
        early_closure_reasons=tuple(r.strip() for r in early if r.strip()),
        evaluation=_evaluation(reader, raw["evaluatie"]) if "evaluatie" in raw else None,
    )


def _evaluation(reader: _Reader, table: object) -> Evaluation:
    where = "evaluatie"
    if not isinstance(table, Mapping):
        raise reader.fail(where, "moet een tabel zijn: schrijf [evaluatie] met maanden = ... of "
                          "dagen = ... eronder.")
    reader.known_keys(table, where, _EVALUATION_KEYS)
    months = reader.count(table, "maanden", where)
    days = reader.count(table, "dagen", where)
    if months and days:
        raise reader.fail(f"{where}: maanden en dagen", "staan er allebei: kies een van beide.")
    if not months and not days:
        raise reader.fail(f"{where}: maanden", "ontbreekt of is 0: geef de tijd tot de volgende "
                          "rondetafel in maanden = ... of dagen = ...")
    return Evaluation(months=months, days=days,
                      warn_days=reader.count(table, "waarschuwen", where, default=7))


def _step(reader: _Reader, table: Mapping[str, Any], number: int) -> Step:
    named = table.get("naam")
    where = f'stap "{named.strip()}"' if isinstance(named, str) and named.strip() else f"stap {number}"
    reader.known_keys(table, where, _STEP_KEYS)
    if "naam" not in table:
        raise reader.fail(f"{where}: naam", 'ontbreekt: geef de stap een naam, zoals naam = "afsluiting".')
    name = reader.text(table, "naam", "", where=where)
    where = f'stap "{name}"'
    milestone = reader.milestone(table, "klaar", where)
    if milestone == "registered_on":
        raise reader.fail(f"{where}: klaar", '= "aanmelding" kan niet: de aanmelding is het begin '
                          "van elk traject, geen stap. Kies perspectiefgesprek, gezinsplan of "
                          "afsluiting.")
    start = reader.milestone(table, "vanaf", where)
    months = reader.count(table, "maanden", where)
    days = reader.count(table, "dagen", where)
    if months and days:
        raise reader.fail(f"{where}: maanden en dagen", "staan er allebei: kies een van beide.")
    if "maanden" not in table and "dagen" not in table:
        raise reader.fail(f"{where}: maanden", "ontbreekt: geef de termijn in maanden = ... of "
                          "dagen = ...")
    severity = reader.text(table, "ernst", "fout", where=where).lower()
    if severity not in _SEVERITIES:
        raise reader.fail(f"{where}: ernst", f'= "{severity}" kent eenplan niet: kies "fout" of '
                          '"waarschuwing".')
    return Step(
        name=name,
        label=reader.text(table, "label", name.replace("_", " ").capitalize(), where=where),
        milestone=milestone, start=start, months=months, days=days,
        warn_days=reader.count(table, "waarschuwen", where, default=7),
        severity=_SEVERITIES[severity],
    )


def _refuse_cycles(reader: _Reader, steps: tuple[Step, ...]) -> None:
    """A step counts from a date that only a later step can give: the clock could never start."""
    after: dict[str, set[str]] = {}
    for step in steps:
        after.setdefault(step.start, set()).add(step.milestone)
    dutch = {field: word for word, field in MILESTONES.items()}
    for step in steps:
        # can we get from this step's milestone back to its start?
        seen, todo = set(), [step.milestone]
        while todo:
            milestone = todo.pop()
            if milestone == step.start:
                raise reader.fail(
                    f'stap "{step.name}": vanaf', f'= "{dutch[step.start]}" maakt een kring: die '
                    "datum komt pas nadat deze stap klaar is. Laat de stap tellen vanaf een "
                    "eerdere mijlpaal."
                )
            if milestone not in seen:
                seen.add(milestone)
                todo.extend(after.get(milestone, ()))


class _Reader(TomlReader):
    """A flow file: its keys, milestones and counts."""

    def __init__(self, source: str) -> None:
        super().__init__(source, error=FlowError)

    def known_keys(self, table: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> None:
        for key in table:
            if key not in keys:
                raise self.unknown(f"{where}: {key}" if where else key, key, keys, sort=False)

    def text(self, table: Mapping[str, Any], key: str, default: str, *, where: str = "") -> str:
        return self.as_text(table.get(key, default), f"{where}: {key}" if where else key, required=True)

    def milestone(self, table: Mapping[str, Any], key: str, where: str) -> str:
        if key not in table:
            raise self.fail(f"{where}: {key}", "ontbreekt: kies " + _or(MILESTONES) + ".")
        value = table[key]
        word = value.strip().lower() if isinstance(value, str) else value
        if word not in MILESTONES:
            hint = difflib.get_close_matches(str(word), MILESTONES, n=1)
            extra = f" Bedoel je {hint[0]}?" if hint else ""
            raise self.fail(f"{where}: {key}", f"= {value!r} is geen mijlpaal die eenplan kent: "
                            f"kies {_or(MILESTONES)}.{extra}")
        return MILESTONES[word]

    def count(self, table: Mapping[str, Any], key: str, where: str, *, default: int = 0) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}: {key}", "moet een geheel getal zijn.")
        if value < 0:
            raise self.fail(f"{where}: {key}", f"= {value} mag niet negatief zijn: geef 0 of meer.")
        if value > 3650:
            raise self.fail(f"{where}: {key}", f"= {value} is te groot: geef een termijn van "
                            "hoogstens tien jaar.")
        return value


def _or(words: Iterable[str]) -> str:
    listed = list(words)
    return ", ".join(listed[:-1]) + " of " + listed[-1]


def _shown(path: Path, team_flows_dir: Path | None) -> str:
    if team_flows_dir is not None and path.parent == team_flows_dir:
        return f"flows/{path.name}"
    return path.name
