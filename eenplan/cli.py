"""The command line: parses arguments, calls the library, prints. No business rules here."""

from __future__ import annotations

import codecs
import datetime
import functools
import gettext
import io
import json
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import click

from eenplan.dutch import plural, short_date
from eenplan.errors import EenplanError
from eenplan.files import file_mode
from eenplan.sheets.cells import impossible_date
from eenplan.sheets.schema import DOSSIERS, NETWORK
from eenplan.team.folder import Team
from eenplan.team.settings import NO_SENDER, REGIONS

if TYPE_CHECKING:  # these rooms import jinja2 or openpyxl: only their commands load them
    from eenplan.docx_templates.documents import Made
    from eenplan.flows.digest import DigestMode
    from eenplan.sheets.records import Caseload
    from eenplan.team.reports import Written

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
OutputFormat = Literal["table", "json", "xlsx", "docx"]

# Each command imports its room inside its callback: the rooms bring jinja2, python-docx, openpyxl,
# babel, matplotlib or watchdog along, and `eenplan check` should not wait for what `eenplan stats`
# or `eenplan watch` need (importing all of them costs about a third of a second per command).


def _speak_dutch() -> None:
    """click's own words (Gebruik, Opties, its errors) come through gettext: make them Dutch.

    click looks its messages up in the current gettext domain in the language the environment
    names; eenplan speaks Dutch whatever the machine's language is.
    """
    gettext.bindtextdomain("eenplan", str(Path(__file__).with_name("locale")))
    gettext.textdomain("eenplan")
    os.environ["LANGUAGE"] = "nl"


def _now() -> datetime.datetime:
    """The clock, read once where a command starts (``--as-of`` replaces its date, not its hour)."""
    return datetime.datetime.now()


class UserFacing(click.ClickException):
    """One Dutch sentence for the user, exit code 2, no traceback and no "Error:" prefix."""

    exit_code = EXIT_UNUSABLE

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class EenplanCommand(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class EenplanGroup(click.Group):
    command_class = EenplanCommand
    group_class = type  # a group's own groups are EenplanGroups too (click: "type" means the same class)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "[OPDRACHT] [ARGUMENTEN]..." if kwargs.get(
            "invoke_without_command") else "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Where the process starts: Dutch for click's own words, and the umask read before any
        thread runs."""
        _speak_dutch()
        _tolerant_output()
        file_mode()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EenplanError as exc:
            raise UserFacing(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - only the state's folder, said; the rest goes on
            sentence = _memory_unwritable(exc)
            if sentence is None:
                raise
            raise UserFacing(sentence) from None


_UNWRITABLE = ("readonly", "read-only", "disk i/o", "unable to open", "disk is full", "locked")


def _memory_unwritable(exc: Exception) -> str | None:
    """The sentence for eenplan's memory (.eenplan/state.sqlite) that cannot be written, a
    read-only folder or a full disk (nothing a command wrote is visible before it is recorded);
    None for any other error."""
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is None or not isinstance(exc, sqlite3.OperationalError):
        return None
    if not any(word in str(exc).lower() for word in _UNWRITABLE):
        return None
    return ("eenplan kan zijn geheugen in .eenplan/ niet bijwerken: de map is alleen-lezen, de "
            "schijf is vol of een ander programma houdt het vast. Kijk of je in de teammap mag "
            "schrijven en probeer opnieuw.")


def _tolerant_output() -> None:
    """A terminal or file that cannot show a character (a Windows console in cp850, a list
    redirected to a file in cp1252, a family name in another script) gets a plain one for it
    ("->" for "→", else "?"), rather than the list breaking off halfway."""
    codecs.register_error("eenplan-plain", _plain)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="eenplan-plain")


_PLAIN = {"→": "->", "…": "...", "−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'}


def _plain(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    shown = error.object[error.start:error.end]
    return "".join(_PLAIN.get(c, "?") for c in shown), error.end


class DateParam(click.ParamType):
    name = "DATUM"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%d-%m-%y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        # a day that does not exist is said as the check says it of a cell: what is wrong with it
        self.fail(impossible_date(text) or f'"{text}" is geen datum: schrijf ze als 2026-12-07 of '
                  "07/12/2026.", param, ctx)


DATE = DateParam()


class NumberParam(click.ParamType):
    """A whole number (or, ``fraction``, one with a decimal comma or point) from ``low`` to
    ``high``, said in words when it is not: "-3 ligt niet tussen 0 en 366 dagen"."""

    def __init__(self, low: float, high: float, unit: str, *, fraction: bool = False) -> None:
        self.low, self.high, self.unit, self.fraction = low, high, unit, fraction
        self.name = unit.upper()

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            try:
                number = float(text.replace(",", ".")) if self.fraction else int(text)
            except ValueError:
                kind = "aantal" if self.fraction else "geheel aantal"
                self.fail(f'"{text}" is geen {kind} {self.unit}.', param, ctx)
        if not self.low <= number <= self.high:
            self.fail(f"{_shown_number(number)} ligt niet tussen {_shown_number(self.low)} en "
                      f"{_shown_number(self.high)} {self.unit}.", param, ctx)
        return number


def _shown_number(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def team_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--team, --workbook and --as-of, which every command that reads a workbook takes; the
    command gets ``team`` and ``today``."""
    return _team_options(command, with_now=False)


def team_options_and_now(command: Callable[..., Any]) -> Callable[..., Any]:
    """``team_options`` for a command that also stamps the moment it runs: it gets ``now`` too."""
    return _team_options(command, with_now=True)


def _team_options(command: Callable[..., Any], *, with_now: bool) -> Callable[..., Any]:

    @click.option("--team", "team_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAP",
                  help="De teammap (met eenplan.toml). Standaard: de map waarin je staat of een map erboven.")
    @click.option("--workbook", type=click.Path(path_type=Path, dir_okay=False), metavar="BESTAND",
                  help="Lees deze werkmap in plaats van die uit eenplan.toml.")
    @click.option("--as-of", "as_of", type=DATE,
                  help="Reken alsof het vandaag deze datum is (2026-12-07 of 07/12/2026).")
    @functools.wraps(command)
    def wrapper(*args: Any, team_dir: Path | None, workbook: Path | None,
                as_of: datetime.date | None, **kwargs: Any) -> Any:
        from eenplan.team.folder import find_team

        team = find_team(team=team_dir, workbook=workbook)
        # the moment the command runs: as of --as-of, that day at the clock's hour (as `watch
        # --once --as-of` runs), so what it records is said again with the day it was done on
        now = _now()
        if as_of is not None:
            now = datetime.datetime.combine(as_of, now.time())
        today = as_of or now.date()
        if with_now:
            kwargs["now"] = now
        return command(*args, team=team, today=today, **kwargs)

    return wrapper


FORMAT_HELP = {
    "table": "table: leesbaar in de terminal",
    "json": "json: voor andere programma's",
    "xlsx": "xlsx: een rapport in rapporten/",
}


def emit(output_format: OutputFormat, *, as_json: Callable[[], Any], as_table: Callable[[], str],
         as_file: Callable[[], str] | None = None) -> None:
    """The one way a command gives a list: ``json`` (for other programs) on stdout, a report file
    (``xlsx``, ``docx``) whose one-line summary ``as_file`` writes and returns, or a table."""
    if output_format == "json":
        # JSON escapes what the output's encoding cannot carry (cp1252 has no "Ş"), never "?"
        encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
        click.echo(json.dumps(as_json(), ensure_ascii=encoding != "utf8", indent=2))
    elif output_format != "table" and as_file is not None:
        click.echo(as_file())
    else:
        click.echo(as_table())


def format_option(*choices: str) -> Callable[..., Any]:
    """--format with the choices given; the help names only those."""
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=choices[0],
        show_default=True, metavar="|".join(choices),
        help="; ".join(FORMAT_HELP.get(c, c) for c in choices) + ".",
    )


@click.group(cls=EenplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eenplan", message="eenplan %(version)s", help="Toon de versie en stop.")
def cli() -> None:
    """eenplan: de caseload van een 1 Gezin 1 Plan-team, nagekeken en bijgehouden.

    eenplan leest de werkmap van het team, kijkt elke rij na, toont wat te laat is en vult
    de Word-sjablonen van het team in. De werkmap zelf wordt nooit gewijzigd.
    """


def _read_caseload(team: Team, sheets: Collection[str] | None = None) -> Caseload:
    """The team's workbook, read for one command in a process that ends with it; ``sheets``:
    eenplan's names of the sheets the command uses, when not all (see read_caseload).

    What was read lives until the end, so it is moved out of the cycle collector's sight
    (``gc.freeze``): the collector would walk every record again and again for nothing (at
    50,000 dossiers 0.13-0.15 s of `check` and of `overdue`). Frozen before the collector is
    back on: what the reader built with it off all waits in its youngest generation, and its
    first pass would walk it all (another 0.1 s at 50,000). Only here: the watcher reads a
    workbook a run, and what a run leaves must be collected.
    """
    import gc

    from eenplan.sheets.records import cycle_collection
    from eenplan.team.caseload import load_caseload

    with cycle_collection(enabled=False):
        caseload = load_caseload(team, sheets)
        gc.freeze()
    return caseload


@cli.command()
@team_options
@format_option("table", "json", "xlsx")
def check(team: Team, today: datetime.date, output_format: OutputFormat) -> None:
    """Kijk de hele werkmap na en toon elke fout en waarschuwing.

    Exitcode 0: geen fouten; 1: er zijn fouten (ook: een regel die fouten vindt kon niet
    nakijken, want haar kolom ontbreekt); 2: de werkmap kon niet gelezen worden.
    """
    from eenplan.flows import jobs as flow_jobs
    from eenplan.sheets.report import check_table, unchecked_sentence

    caseload = _read_caseload(team)
    report = flow_jobs.check_caseload(team, caseload, today=today)

    def as_file() -> str:
        written = flow_jobs.write_check_file(team, report)
        return (f"Rapport geschreven: {_shown_path(written.path)} "
                f"({plural(report.errors, 'fout', 'fouten')}, "
                f"{plural(report.warnings, 'waarschuwing', 'waarschuwingen')}). "
                f"{unchecked_sentence(report)} {_kept_sentence(written)}").strip()

    def as_table() -> str:
        _say_if_open_in_excel(team)
        return check_table(report)

    emit(output_format, as_json=report.to_dict, as_table=as_table, as_file=as_file)
    sys.exit(EXIT_OK if report.ok else EXIT_FINDINGS)


@cli.command()
@click.argument("folder", metavar="MAP", type=click.Path(path_type=Path))
@click.option("--regio", type=click.Choice(REGIONS),
              help="Vult de gemeenten (in Gent: de wijken) op het blad Lijsten in. Standaard: "
              "afgeleid uit de naam (Team Noorderkempen), anders leeg.")
@click.option("--naam", metavar="NAAM",
              help='De naam van het team. Standaard: uit de naam van de map ("Team ...").')
def init(folder: Path, regio: str | None, naam: str | None) -> None:
    """Maak een nieuwe teammap: eenplan.toml, een lege werkmap met keuzelijsten, de sjablonen.

    Een bestaande teammap wordt nooit overschreven; een lege map mag wel.
    """
    from eenplan.init.folder import init_summary, init_team

    new = init_team(folder, region=regio, name=naam)
    click.echo(init_summary(new, shown=_shown_path(new.root)))


@cli.command()
@click.argument("folder", metavar="[MAP]", default="demo", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=1, show_default=True,
              help="Hetzelfde getal geeft dezelfde verzonnen caseload.")
@click.option("--regio", type=click.Choice(("noorderkempen", "voorkempen", "gent")),
              default="noorderkempen", show_default=True, help="De gemeenten (of wijken) van de demo.")
@click.option("--as-of", "as_of", type=DATE,
              help="Maak de demo alsof het vandaag deze datum is (2026-12-07 of 07/12/2026).")
@click.option("--watch", "then_watch", is_flag=True,
              help="Houd daarna de demowerkmap in de gaten, zoals eenplan watch: bewaar ze in "
              "Excel of LibreOffice en kijk wat er gebeurt. Stoppen: Ctrl-C.")
def demo(folder: Path, seed: int, regio: str, as_of: datetime.date | None, then_watch: bool) -> None:
    """Maak een demoteam met een verzonnen caseload en voer alles erop uit.

    Standaard in de map demo. Een map die al een echt team bevat wordt nooit overschreven; een
    eerdere demo wel.
    """
    from eenplan.demo.run import demo_summary, run_demo

    today = as_of or _now().date()
    run = run_demo(folder, seed=seed, today=today, region=regio)
    click.echo(demo_summary(run, shown=_shown_path(run.root), as_of=as_of))
    if then_watch:
        assert run.team is not None  # run_demo made the team folder
        click.echo("")
        _watch_until_stopped(run.team)


def _team_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--team and --workbook, for commands that work on a team but not as of a date."""
    command = click.option("--workbook", type=click.Path(path_type=Path, dir_okay=False),
                           metavar="BESTAND",
                           help="Deze werkmap in plaats van die uit eenplan.toml.")(command)
    return click.option("--team", "team_dir", type=click.Path(path_type=Path, file_okay=False),
                        metavar="MAP", help="De teammap (met eenplan.toml). Standaard: de map waarin "
                        "je staat of een map erboven.")(command)


@cli.command()
@_team_option
@click.option("--poll", type=NumberParam(0.1, 3600, "seconden", fraction=True), metavar="SECONDEN",
              help="Kijk om de zoveel seconden of de werkmap veranderde, in plaats van op een "
              "melding van het systeem te wachten: voor een netwerkschijf of een gesynchroniseerde "
              "map (OneDrive, SharePoint), waar die meldingen niet komen.")
@click.option("--once", is_flag=True,
              help="Doe één ronde en stop (voor een geplande taak). Exitcode zoals bij check (1 ook "
              "als eenplan niet kan zeggen wat te laat is); 2 als de werkmap niet te gebruiken was "
              "of tegengehouden werd, of als een rapport, een brief of een mail niet geschreven of "
              "verstuurd kon worden.")
@click.option("--accept", is_flag=True,
              help="Aanvaard de versie die de watcher tegenhield omdat er in één keer veel "
              "verdween: het was de bedoeling. Werkt ook terwijl de watcher draait.")
@click.option("--as-of", "as_of", type=DATE,
              help="Met --once: doe de ronde alsof het vandaag deze datum is (om een ronde na te doen).")
def watch(team_dir: Path | None, workbook: Path | None, poll: float | None, once: bool,
          accept: bool, as_of: datetime.date | None) -> None:
    """Houd de werkmap in de gaten: na elke bewaring doet eenplan alles vanzelf.

    Na elke bewaring in Excel: de controle en de achterstand in rapporten/ vernieuwd, de
    uitnodigingen voor een nieuw geplande rondetafel gemaakt, de versie bewaard in
    .eenplan/snapshots/ (met een waarschuwing als er dossiers of rijen verdwenen), en op het
    ingestelde uur het wekelijkse overzicht voor de coördinatoren. Eén regel per ronde, ook in
    .eenplan/logs/. Verdwijnt in één keer een groot deel van de caseload (een half
    gesynchroniseerde kopie), dan doet eenplan niets met die versie tot een volledige komt, of
    tot je ze aanvaardt met --accept. Stoppen: Ctrl-C.
    """
    from eenplan.team.folder import find_team
    from eenplan.watcher.logs import logging_to
    from eenplan.watcher.loop import Watcher

    team = find_team(team=team_dir, workbook=workbook)
    if accept:
        from eenplan.watcher.run import accept_held

        click.echo(accept_held(team, now=_now()))
        return
    if not once:
        if as_of is not None:
            raise click.UsageError("--as-of kan alleen samen met --once.")
        _watch_until_stopped(team, poll=poll)
        return
    import signal

    started = _now()
    moment = (datetime.datetime.combine(as_of, started.time()) if as_of is not None else started)
    watcher = Watcher(team, poll=poll, out=click.echo, clock=lambda: moment)
    # SIGTERM (a service manager, a scheduled task that is stopped) and Ctrl-C: the document in
    # hand is finished and recorded, then the round stops cleanly.
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda *_: watcher.stop()) for signum in stops}
    try:
        with logging_to(team.state_dir, say=click.echo):
            result = watcher.serve(once=True)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if result is None or not result.ok or watcher.undone:  # also: a report, a letter or a mail
        sys.exit(EXIT_UNUSABLE)  # that could not be written or sent (its line says which)
    # something to mend in the workbook: an error, or what is late that could not be judged
    sys.exit(EXIT_FINDINGS if result.errors or result.unknown or result.norm_gap else EXIT_OK)


def _watch_until_stopped(team: Team, *, poll: float | None = None) -> None:
    """Run the watcher until Ctrl-C or SIGTERM, which stop it between two runs (exit 0), or
    until the team folder is renamed, moved or deleted (exit 2)."""
    import signal

    from eenplan.watcher.logs import logging_to
    from eenplan.watcher.loop import Watcher

    watcher = Watcher(team, poll=poll, out=click.echo, interactive=_in_terminal())
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda *_: watcher.stop()) for signum in stops}
    try:
        with logging_to(team.state_dir, say=click.echo):
            watcher.serve()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if watcher.gone:  # the team folder was renamed or moved: a service manager sees it stopped
        sys.exit(EXIT_UNUSABLE)


def _in_terminal() -> bool:
    """Whether someone sits at a terminal with this process (Ctrl-C reaches it): not under a
    service manager (systemd, the Task Scheduler) nor pythonw, which have no console."""
    streams = (sys.stdin, sys.stdout)
    return all(stream is not None and stream.isatty() for stream in streams)


@cli.command()
@_team_option
@click.argument("snapshot", required=False, metavar="[SNAPSHOT]")
@click.option("--dossier", "dossiers", multiple=True, metavar="NUMMER",
              help="Het dossier om terug te halen (mag meer dan eens).")
@click.option("--list", "show_list", is_flag=True,
              help="Toon de bewaarde versies (met --dossier: die waarin dat dossier staat).")
@format_option("table", "json")
def restore(team_dir: Path | None, workbook: Path | None, snapshot: str | None,
            dossiers: tuple[str, ...], show_list: bool, output_format: OutputFormat) -> None:
    """Haal verdwenen dossiers terug uit een bewaarde versie van de werkmap.

    `eenplan restore --list` toont de versies die eenplan watch bewaarde. `eenplan restore
    SNAPSHOT --dossier NUMMER` zet de rijen van dat dossier (op elk blad) in een NIEUWE werkmap
    naast die van het team; de werkmap van het team zelf wordt nooit gewijzigd.
    """
    from eenplan.team.folder import find_team
    from eenplan.watcher.snapshots import Snapshots

    team = find_team(team=team_dir, workbook=workbook)
    store = Snapshots(team.state_dir)
    if show_list or snapshot is None:
        from eenplan.watcher.restore import retention_removed, snapshot_list, snapshot_table

        listed = snapshot_list(store, dossiers)
        emit(output_format, as_json=lambda: listed, as_table=lambda: snapshot_table(
            listed, dossiers, retention_removed(team, dossiers) if not listed else None))
        return
    if not dossiers:
        raise UserFacing(f"Zeg welk dossier: eenplan restore {snapshot} --dossier NUMMER.")
    from eenplan.watcher.restore import restore_dossiers

    restored = restore_dossiers(team, store.resolve(snapshot), dossiers)
    click.echo(restored.summary(shown=_shown_path(restored.path), workbook=team.workbook.name))


@cli.command()
@team_options
@format_option("table", "json", "xlsx")
@click.option("--begeleider", metavar="NAAM", help="Toon alleen de dossiers van deze begeleider.")
@click.option("--soon", type=NumberParam(0, 366, "dagen"), metavar="DAGEN",
              help="Toon als binnenkort wat binnen zoveel dagen moet. Standaard: wat elk traject "
              "zegt (7 dagen).")
def overdue(team: Team, today: datetime.date, output_format: OutputFormat, begeleider: str | None,
            soon: int | None) -> None:
    """Toon per begeleider wat te laat is, binnenkort moet of gepauzeerd is.

    Per stap: het dossier, het gezin, de norm, de start, de termijn en hoeveel dagen te laat.
    Een open dossier dat eenplan niet kan beoordelen (een nodige datum die het niet kan lezen,
    geen of een onbekend traject, geen dossiernummer, een afsluiting na vandaag) staat erbij als
    "niet te beoordelen", met de cel en de reden. Met --format xlsx: rapporten/Achterstand.xlsx, een
    blad per begeleider en een overzicht.

    Exitcode 0: alles beoordeeld; 1: er zijn dossiers niet te beoordelen; 2: de werkmap kon
    niet gebruikt worden (ook: een kolom die een norm nodig heeft, ontbreekt).
    """
    from eenplan.flows import jobs as flow_jobs
    from eenplan.flows.clocks import SHEETS_USED
    from eenplan.flows.overdue import (
        Counts,
        NormColumnMissing,
        begeleider_as_written,
        no_open_dossier,
        open_dossiers_of,
        overdue_table,
        to_json,
        unknown_words,
    )
    caseload = _read_caseload(team, SHEETS_USED)
    try:
        items = flow_jobs.overdue_list(team, caseload, today=today, begeleider=begeleider, soon=soon)
    except NormColumnMissing as exc:
        if output_format == "xlsx":  # last time's list would read as today's
            kept = _kept_sentence(flow_jobs.write_unjudged_report(team, str(exc), today=today))
            if kept:
                click.echo(kept, err=True)
        raise

    caution = flow_jobs.overdue_caution(team, caseload)
    dossiers_title = caseload.title(DOSSIERS)  # as the team's workbook names it

    def as_file() -> str:
        judged = caseload.open_dossiers if begeleider is None else None
        written = flow_jobs.write_overdue_file(team, items, today=today, judged=judged, caution=caution,
                                               dossiers_title=dossiers_title)
        path, kept = _shown_path(written.path), _kept_sentence(written)
        if judged == 0:
            return f"Rapport geschreven: {path}. {no_open_dossier(dossiers_title)} {kept}".strip()
        if caution:
            return f"Rapport geschreven: {path}. {caution} {kept}".strip()
        unknown = f"{unknown_words(counts.unknown)}, " if counts.unknown else ""
        return (f"Rapport geschreven: {path} ({unknown}{counts.overdue} te laat, "
                f"{counts.due_soon} binnenkort, {counts.paused} gepauzeerd). {kept}").strip()

    def as_table() -> str:
        _say_if_open_in_excel(team)
        # beside an empty list, how many open dossiers were looked at (none: not an all-clear)
        return overdue_table(items, today=today, judged=open_dossiers_of(caseload, begeleider),
                             whose=begeleider_as_written(caseload, begeleider) if begeleider else "",
                             caution=caution, unread=len(caseload.look_alikes),
                             dossiers_title=dossiers_title)

    counts = Counts.of(items)
    emit(output_format, as_json=lambda: to_json(
        items, today=today, open_dossiers=open_dossiers_of(caseload, begeleider),
        caution=caution), as_table=as_table, as_file=as_file)
    sys.exit(EXIT_FINDINGS if counts.unknown else EXIT_OK)


@cli.command()
@team_options_and_now
@click.option("--send", "send_mail", is_flag=True,
              help="Mail het overzicht naar de coördinatoren (mailserver: [mail] in eenplan.toml).")
@click.option("--eml", "eml_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAP",
              help="Bewaar het overzicht als .eml-bestand in MAP, om zelf te versturen.")
@click.option("--begeleiders", "per_begeleider", is_flag=True,
              help="Maak in de plaats de week van elke begeleider: een eigen mail met hun "
                   "rondetafels, wat te laat is of binnenkort moet (e-mail: blad Lijsten).")
@click.option("--opnieuw", "again", is_flag=True,
              help="Met --send: stuur het overzicht van deze week nog eens, ook al is het al "
                   "verstuurd (door de watcher of met de hand), of weigerde de mailserver het "
                   "eerder voorgoed. Met --begeleiders --send: bied de weken die de mailserver "
                   "eerder voorgoed weigerde opnieuw aan (wat al verstuurd is, gaat niet nog eens).")
def digest(team: Team, today: datetime.date, now: datetime.datetime, send_mail: bool,
           eml_dir: Path | None, per_begeleider: bool, again: bool) -> None:
    """Het wekelijkse overzicht voor de coördinatoren: wat te laat is, per begeleider en per norm.

    Met --send gaat het als mail (met Achterstand.xlsx als bijlage) naar de coördinatoren uit
    eenplan.toml; het wachtwoord komt uit een omgevingsvariabele. Het gaat één keer per week:
    verstuurde de watcher (of iemand anders) het al, dan zegt eenplan dat en stuurt het niets;
    --opnieuw stuurt het toch nog eens. Met --eml MAP wordt het een
    bestand dat je zelf verstuurt. Zonder een van beide toont eenplan de tekst van de mail.
    Lukt het versturen niet, dan zegt eenplan waarom en blijft het .eml-bestand in rapporten/.

    Wat eenplan niet kan beoordelen, staat bovenaan de mail. Exitcode 0: verstuurd of bewaard
    (of deze week al verstuurd); 1: er zijn dossiers niet te beoordelen; 2: niet (naar iedereen)
    verstuurd (geen mailserver, een adres dat de mailserver weigert, een andere eenplan die het
    op dit moment verstuurt), of een kolom die een norm nodig heeft ontbreekt (de mail zegt het
    dan, zonder aantallen).
    """
    from eenplan.flows import jobs as flow_jobs
    from eenplan.flows.overdue import unknown_words

    if send_mail and eml_dir is not None:
        raise click.UsageError("Kies --send of --eml MAP, niet allebei.")
    if again and not send_mail:
        raise click.UsageError("--opnieuw hoort bij --send: schrijf `eenplan digest --send "
                               "--opnieuw`.")
    how: DigestMode = "smtp" if send_mail else "eml" if eml_dir is not None else "preview"
    caseload = _read_caseload(team, flow_jobs.DIGEST_SHEETS)
    if per_begeleider:
        _begeleider_weeks(team, caseload, today=today, now=now, how=how, eml_dir=eml_dir,
                          retry=again)
    result = flow_jobs.digest(team, caseload, today=today, sent_at=now, how=how,
                              eml_dir=eml_dir, again=again)
    if result.busy:  # another eenplan is sending it right now: it may still fail
        click.echo(result.not_sent(), err=True)
        sys.exit(EXIT_UNUSABLE)
    if result.earlier is not None:  # this week's went already: nothing to do
        click.echo(result.not_sent())
        sys.exit(EXIT_OK)
    if result.no_server:
        assert result.eml is not None
        click.echo(f"Niet verstuurd: in eenplan.toml staat geen mailserver (vul [mail] server in). "
                   f"Het overzicht van week {result.number} staat klaar om zelf te versturen: "
                   f"{_shown_path(result.eml)}.", err=True)
    elif how == "smtp":
        if result.sent_to:  # never "verstuurd naar" an address the server refused
            click.echo(f"Overzicht van week {result.number} verstuurd naar "
                       f"{', '.join(result.sent_to)}.")
        if result.refused:
            click.echo(result.refusal(_shown_path), err=True)
        if result.message_refused is not None:
            click.echo(result.message_refusal(_shown_path), err=True)
    elif how == "eml":
        assert result.eml is not None
        click.echo(f"Overzicht van week {result.number} bewaard: {_shown_path(result.eml)}.")
    else:
        click.echo(f"Onderwerp: {result.text.subject}\n")
        click.echo(result.text.text, nl=False)
    left = result.left_sentence(_shown_path)  # an .eml someone changed: kept, this one beside it
    if left:
        click.echo(left)
    if result.unjudged.missing:
        if how != "preview":
            click.echo(result.unjudged.missing, err=True)
        sys.exit(EXIT_UNUSABLE)
    if result.no_server or result.refused or result.message_refused is not None:
        sys.exit(EXIT_UNUSABLE)
    if result.unknown:
        if how != "preview":
            click.echo(f"Let op: {unknown_words(result.unknown)} "
                       "(het overzicht zegt welke en waarom).", err=True)
        sys.exit(EXIT_FINDINGS)


def _document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--pdf", is_flag=True,
                           help="Maak ook een PDF van elk Word-bestand (met LibreOffice).")(command)
    return click.argument("dossier", metavar="DOSSIER")(command)


@cli.command()
@_document_options
@click.option("--rondetafel", type=DATE, metavar="DATUM",
              help="De rondetafel op deze dag. Standaard: de eerstvolgende vanaf vandaag.")
@team_options_and_now
@click.option("--mail", "by_mail", is_flag=True,
              help="Mail de uitnodiging (PDF) en een afspraak voor de agenda aan wie op het blad "
                   "Netwerk Per e-mail = ja heeft, via de mailserver uit eenplan.toml.")
@click.option("--opnieuw", "retry", is_flag=True,
              help="Met --mail: probeer ook de mails opnieuw die de mailserver eerder voorgoed "
                   "weigerde, ook al veranderde er niets (het is opgelost bij de mailserver). Wat "
                   "al verstuurd is, gaat niet nog eens.")
def invite(team: Team, today: datetime.date, now: datetime.datetime, dossier: str,
           rondetafel: datetime.date | None, pdf: bool, by_mail: bool, retry: bool) -> None:
    """Maak de uitnodigingen voor een rondetafel van een dossier.

    Eén brief per netwerklid met Uitnodigen = ja en één voor het gezin (het gezin nodigt uit,
    de begeleider tekent mee; de gezinsleden en de kinderen zelf krijgen geen eigen brief), een
    bestand om alles af te drukken en een .ics voor de agenda, in out/DOSSIER/. Een document dat
    iemand intussen aanpaste, blijft staan: het nieuwe krijgt een volgnummer. Met --mail krijgt
    wie dat wou de brief ook per e-mail (elke versie één keer; een verplaatste rondetafel geeft
    een wijziging van dezelfde afspraak, een geschrapte een afgelasting). Exitcode 2: een mail
    ging niet weg (de brief ligt klaar in out/), of een document kon niet geschreven worden
    (open in Word: sluit het en doe het opnieuw).
    """
    from eenplan.docx_templates.calendar_cancel import cancelled_lines, invite

    if retry and not by_mail:
        raise click.UsageError("--opnieuw hoort bij --mail: doe `eenplan invite DOSSIER --mail "
                               "--opnieuw`.")
    caseload = _read_caseload(team)
    invited = invite(team, caseload, dossier, rondetafel, today=today, now=now, pdf=pdf,
                     by_mail=by_mail, retry=retry)
    failed = bool(invited.cancelled.problems)
    if invited.sent is not None:
        from eenplan.docx_templates.mailing import mailed_lines

        if invited.sent.made is not None:
            click.echo(_made_summary(invited.sent.made, caseload))
        click.echo("\n".join(mailed_lines(invited.sent, caseload)))
        failed = failed or invited.sent.failed
    if invited.made is not None:
        click.echo(_made_summary(invited.made, caseload))
        failed = failed or bool(invited.made.failed)
    for line in (*cancelled_lines(invited.cancelled, caseload.sheet_titles), *invited.cancelled.problems):
        click.echo(line)
    if invited.error is not None:  # no letters (its round-table was deleted): said after the rest
        raise invited.error
    sys.exit(EXIT_UNUSABLE if failed else EXIT_OK)


@cli.command()
@_document_options
@click.option("--rondetafel", type=DATE, metavar="DATUM",
              help="De rondetafel op deze dag. Standaard: de laatste die al plaatsvond.")
@team_options_and_now
def report(team: Team, today: datetime.date, now: datetime.datetime, dossier: str,
           rondetafel: datetime.date | None, pdf: bool) -> None:
    """Maak het verslag van een rondetafel: wie er was, wat besproken werd, de afspraken.

    Schrijft in out/DOSSIER/. Een verslag dat iemand intussen aanpaste, blijft staan.
    """
    from eenplan.docx_templates.documents import report_for

    made = report_for(team, _read_caseload(team), dossier, rondetafel, today=today, pdf=pdf,
                           now=now)
    click.echo(_made_summary(made))
    sys.exit(EXIT_UNUSABLE if made.failed else EXIT_OK)


@cli.command()
@_document_options
@team_options_and_now
@click.option("--kind", "for_children", is_flag=True,
              help="Maak de versie voor de kinderen (kindplan.docx): korte zinnen, grote letters.")
def plan(team: Team, today: datetime.date, now: datetime.datetime, dossier: str, pdf: bool,
         for_children: bool) -> None:
    """Maak het gezinsplan: krachten, zorgen, wensen, afspraken per levensdomein, het netwerk.

    Schrijft in out/DOSSIER/. Een gezinsplan dat iemand intussen aanpaste, blijft staan. Met
    --kind: het plan voor de kinderen, met wat voor en met hen afgesproken is en plaats voor een
    tekening.
    """
    from eenplan.docx_templates.documents import children_plan_for, plan_for

    make = children_plan_for if for_children else plan_for
    made = make(team, _read_caseload(team), dossier, today=today, pdf=pdf, now=now)
    click.echo(_made_summary(made))
    sys.exit(EXIT_UNUSABLE if made.failed else EXIT_OK)


@cli.group(cls=EenplanGroup)
def templates() -> None:
    """De Word-sjablonen van het team: welke velden er zijn, of de sjablonen in orde zijn, en ze
    bijwerken naar eenplans nieuwste standaard."""


@templates.command()
@click.argument("kind", metavar="[SOORT]", required=False,
                type=click.Choice(("uitnodiging", "verslag", "gezinsplan", "kindplan")))
@format_option("table", "json")
def fields(kind: str | None, output_format: OutputFormat) -> None:
    """Toon elk veld dat een sjabloon mag gebruiken, met een voorbeeld en uitleg.

    SOORT is uitnodiging, verslag, gezinsplan of kindplan; zonder SOORT: alle vier. De velden
    zijn in elke taal dezelfde (docx_templates/fr/, en/, ...): eenplan zet er de datums en
    opsommingen in de taal van het sjabloon in.
    """
    from eenplan.docx_templates.context import FIELDS, KINDS
    from eenplan.docx_templates.lint import fields_table

    kinds = [kind] if kind else list(KINDS)
    emit(output_format, as_json=lambda: {
        k: [{"field": f.path, "example": f.example, "description": f.description} for f in FIELDS[k]]
        for k in kinds
    }, as_table=lambda: fields_table(kinds))


@templates.command(name="check")
@click.argument("folder", metavar="[MAP]", required=False, type=click.Path(path_type=Path))
@click.option("--team", "team_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAP",
              help="De teammap (met eenplan.toml). Standaard: de map waarin je staat of een map erboven.")
@click.option("--proef", "proof", is_flag=True,
              help="Maak elk sjabloon ook voor een verzonnen gezin, in out/proef/ van de teammap "
                   "(met PDF's als LibreOffice er is): zo zie je wat een gezin zou krijgen.")
@click.option("--as-of", "as_of", type=DATE,
              help="Dateer de proefdocumenten alsof het vandaag deze datum is.")
@format_option("table", "json")
def check_templates(folder: Path | None, team_dir: Path | None, proof: bool,
                    as_of: datetime.date | None, output_format: OutputFormat) -> None:
    """Kijk de Word-sjablonen van het team na, voor ze een gezin bereiken.

    Fouten: een veld dat niet bestaat (met een voorstel), een groep velden als {{ gezin }} waar
    één veld hoort, tekens {{ }} of {% %} die niet kloppen, aanhalingstekens als „ of « in een
    veld, bijgehouden wijzigingen of opmerkingen in een sjabloon. Waarschuwingen: een brief
    die niet zegt hoe men iemand bereikt, een oude standaard van eenplan (`eenplan templates
    bijwerken`), een aangepast sjabloon dat mist wat eenplans standaard nu zegt. Standaard de
    map docx_templates van het team. Met --proef maakt eenplan elk sjabloon ook voor een
    verzonnen gezin (de familie Çelik), als er geen fouten zijn.
    Exitcode 0: geen fouten; 1: er zijn fouten; 2: de map kon niet gelezen worden.
    """
    from eenplan.docx_templates.lint import check_team_templates, findings_table

    checked = check_team_templates(folder, team_dir, proof=proof, today=as_of or _now().date())
    emit(output_format, as_json=checked.to_dict,
         as_table=lambda: findings_table(checked.report, proof_asked=checked.proof_asked,
                                         proofs=checked.proofs, shown=_shown_path))
    sys.exit(EXIT_OK if checked.report.ok else EXIT_FINDINGS)


@templates.command(name="bijwerken")
@click.option("--team", "team_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAP",
              help="De teammap (met eenplan.toml). Standaard: de map waarin je staat of een map erboven.")
@click.option("--as-of", "as_of", type=DATE,
              help="Bewaar de oude sjablonen onder deze datum in plaats van vandaag.")
@format_option("table", "json")
def update_templates(team_dir: Path | None, as_of: datetime.date | None,
                     output_format: OutputFormat) -> None:
    """Zet eenplans nieuwste sjablonen in de plaats van de oude die niemand aanpaste.

    `eenplan init` gaf het team eenplans sjablonen van toen. Een sjabloon dat niemand
    veranderde (ook in fr/ en en/), vervangt eenplan door zijn standaard van nu; het oude komt in
    docx_templates/_vorige/DATUM/. Een sjabloon dat het team aanpaste, blijft zoals het is:
    eenplan zegt wat het mist. Documenten die eenplan al maakte, blijven zoals ze zijn.
    Exitcode 2: een sjabloon kon niet bijgewerkt worden (open in Word, of niet te schrijven).
    """
    from eenplan.docx_templates.upgrade import update_templates as update
    from eenplan.docx_templates.upgrade import updated_table
    from eenplan.team.folder import find_team

    updated = update(find_team(team=team_dir), today=as_of or _now().date())
    emit(output_format, as_json=updated.to_dict, as_table=lambda: updated_table(updated, shown=_shown_path))
    sys.exit(EXIT_UNUSABLE if updated.left else EXIT_OK)


def _begeleider_weeks(team: Team, caseload: Caseload, *, today: datetime.date,
                      now: datetime.datetime, how: DigestMode, eml_dir: Path | None,
                      retry: bool = False) -> NoReturn:
    from eenplan.flows import jobs as flow_jobs
    from eenplan.flows.digest import week_lines

    if how == "smtp" and not team.settings.mail.host:
        raise UserFacing("Niet verstuurd: in eenplan.toml staat geen mailserver (vul [mail] server "
                         "in), of bewaar de mails als bestand met --eml MAP.")
    if how == "smtp" and not team.settings.mail.from_address:
        raise UserFacing(NO_SENDER)
    mails = flow_jobs.begeleider_weeks(team, caseload, today=today, sent_at=now, how=how,
                                       eml_dir=eml_dir, retry=retry)
    click.echo(week_lines(mails, shown=_shown_path))
    if any(m.outcome in ("no-address", "failed", "refused", "busy", "message-refused",
                         "login-refused") for m in mails):
        sys.exit(EXIT_UNUSABLE)
    sys.exit(EXIT_FINDINGS if any(m.unknown for m in mails) else EXIT_OK)


def _made_summary(made: Made, caseload: Caseload | None = None) -> str:
    """``caseload``: the workbook the documents were made from, whose sheets the lines name."""
    from eenplan.docx_templates.documents import summary

    return summary(made, shown=_shown_path,
                   network=caseload.title(NETWORK) if caseload is not None else NETWORK)


@cli.command()
@click.argument("dossier", metavar="DOSSIER")
@team_options_and_now
def export(dossier: str, team: Team, today: datetime.date, now: datetime.datetime) -> None:
    """Alles wat het team over één gezin bijhoudt, in één map, voor een gezin dat inzage vraagt.

    Maakt in rapporten/inzage/ een map met een leesbaar overzicht (Overzicht.docx), de rijen
    uit de werkmap met hun eigen koppen (Gegevens.xlsx) en kopieën van de documenten die
    eenplan voor het dossier maakte. De werkmap zelf blijft onaangeroerd.
    """
    from eenplan.privacy.export import export_dossier, export_summary

    caseload = _read_caseload(team)
    made = export_dossier(team, caseload, dossier, today=today, now=now)
    click.echo(export_summary(made, shown=_shown_path(made.folder)))


@cli.command()
@click.option("--na", "months", type=NumberParam(1, 1200, "maanden"), metavar="MAANDEN",
              help="Bewaartermijn in maanden na de afsluiting. Standaard: [bewaren] maanden in "
              "eenplan.toml (60).")
@click.option("--delete", "remove", is_flag=True,
              help="Verwijder de bestanden van deze dossiers echt (zonder verdere vraag) en noteer "
              "het per dossier in het auditlogboek.")
@click.option("--ook-aangepaste", "own_work", is_flag=True,
              help="Met --delete: verwijder ook de bestanden die iemand aanpaste nadat eenplan ze "
              "maakte, en die eenplan niet maakte (een notitie van een collega). Zonder: die blijven "
              "staan, met hun naam erbij.")
@team_options_and_now
@format_option("table", "json")
def retention(months: int | None, remove: bool, own_work: bool, team: Team, today: datetime.date,
              now: datetime.datetime, output_format: OutputFormat) -> None:
    """Dossiers die langer dan de bewaartermijn afgesloten zijn, met hun bestanden.

    Toont welke dossiers langer geleden afgesloten zijn dan het team ze bewaart, met de
    documenten en inzagemappen die erbij horen, de wekelijkse mails (.eml) en teruggehaalde
    werkmappen die ze noemen, en hun rijen in de werkmap. Er wordt niets verwijderd, tenzij met
    --delete; een bestand dat iemand aanpaste of dat eenplan niet maakte, blijft ook dan staan,
    tenzij met --ook-aangepaste. De werkmap wijzigt eenplan nooit: die rijen haal je zelf weg.
    Wat eenplan niet kan beoordelen (een Datum afsluiting die het niet kan lezen, een nummer op
    een afgesloten en een andere rij, bestanden onder een nummer dat niet in de werkmap staat),
    staat apart, met wat je doet; de exitcode is dan 1.
    """
    from eenplan.privacy import retention as keeping

    # the clock's day, not the moment's (under --as-of that is the as-of day)
    if remove and today > (real := _now().date()):  # 2062 typed for 2026 would delete what is kept by law
        raise UserFacing(f"Met --delete kan --as-of niet na vandaag liggen ({short_date(today)} ligt na "
                         f"{short_date(real)}): eenplan verwijdert niets op een dag die nog "
                         "moet komen. Laat --as-of weg, of verbeter de datum.")
    if own_work and not remove:
        raise UserFacing("--ook-aangepaste hoort bij --delete: zonder --delete verwijdert eenplan "
                         "niets.")
    caseload = _read_caseload(team)
    surveyed = keeping.survey(team, caseload, months=months or team.settings.retention_months,
                              today=today)
    done = keeping.delete(team, surveyed, now=now, own_work=own_work) if remove else None
    titles = caseload.sheet_titles
    emit(output_format,
         as_json=lambda: keeping.to_dict(surveyed, team=team, deleted=done),
         as_table=lambda: keeping.deleted_summary(
             surveyed, done, workbook=team.workbook.name, titles=titles, base=team.base,
         ) if done is not None else keeping.retention_table(surveyed, titles=titles, base=team.base))
    sys.exit(EXIT_FINDINGS if surveyed.doubts or (done is not None and done.left) else EXIT_OK)


@cli.group(invoke_without_command=True)
@click.option("--van", "start", type=DATE, metavar="DATUM",
              help="Eerste dag van de periode. Standaard: de eerste dag van de maand, elf maanden "
              "voor --tot (twaalf maanden samen).")
@click.option("--tot", "end", type=DATE, metavar="DATUM",
              help="Laatste dag van de periode (telt mee). Standaard: vandaag.")
@click.option("--team", "team_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAP",
              help="De teammap (met eenplan.toml). Standaard: de map waarin je staat of een map erboven.")
@click.option("--workbook", type=click.Path(path_type=Path, dir_okay=False), metavar="BESTAND",
              help="Lees deze werkmap in plaats van die uit eenplan.toml.")
@click.option("--as-of", "as_of", type=DATE,
              help="Reken alsof het vandaag deze datum is (2026-12-07 of 07/12/2026).")
@click.option("--format", "output_format", type=click.Choice(("xlsx", "docx", "json")), default="xlsx",
              show_default=True, metavar="xlsx|docx|json",
              help="xlsx: een werkmap met een blad per tabel en de grafieken; docx: een rapport voor "
              "de stuurgroep; json: voor andere programma's.")
@click.option("--intern", is_flag=True,
              help="Het eigen rapport van het team: niets verborgen, begeleiders bij naam, op elke "
              "pagina gemerkt als niet te delen.")
@click.option("--voor-regio", "for_region", is_flag=True,
              help="Schrijf het regiobestand: aantallen per maand en categorie, zonder rijen per gezin, "
              "om met `eenplan stats samenvoegen` met andere teams op te tellen.")
@click.pass_context
def stats(ctx: click.Context, start: datetime.date | None, end: datetime.date | None, team_dir: Path | None,
          workbook: Path | None, as_of: datetime.date | None, output_format: OutputFormat, intern: bool,
          for_region: bool) -> None:
    """Haalden we de normen? Cijfers per maand, kwartaal, gemeente, aanmelder, hulpvraag en traject.

    Telt per maand en per kwartaal van aanmelding hoeveel gezinnen hun eerste gesprek binnen de norm hadden,
    hoe lang ze wachtten en wie nog wacht; de afgesloten trajecten; de caseload per
    begeleider. Zonder namen: begeleiders staan onder een letter, en een klein aantal (onder de
    drempel in eenplan.toml, standaard 5) staat er niet in, zodat het rapport zo naar de
    stuurgroep kan. Met --intern: het eigen rapport van het team, niet om te delen.
    """
    if ctx.invoked_subcommand is not None:
        return
    from eenplan.stats import jobs as stats_jobs
    from eenplan.stats.figures import SHEETS_USED, future_end_sentence
    from eenplan.stats.writers import written_summary
    from eenplan.team.folder import find_team

    team = find_team(team=team_dir, workbook=workbook)
    today = as_of or _now().date()
    caseload = _read_caseload(team, SHEETS_USED)
    cut = future_end_sentence(end, today) if end is not None else None
    if cut:  # beside the JSON on stdout, not in it
        click.echo(cut, err=output_format == "json" and not for_region)
    if for_region:
        written, cautions = stats_jobs.write_region_file(team, caseload, start=start, end=end, today=today)
        click.echo(f"Regiobestand geschreven: {_shown_path(written.path)}. Het telt per maand en categorie, "
                   "zonder namen of rijen per gezin, maar met kleine aantallen: geef het alleen aan wie de "
                   "cijfers van het samenwerkingsverband samenvoegt.")
        kept = _kept_sentence(written)
        if kept:
            click.echo(kept)
        for caution in cautions:
            click.echo(caution)
        return
    report = stats_jobs.statistics(team, caseload, start=start, end=end, today=today, intern=intern)

    def as_file() -> str:
        assert output_format in ("xlsx", "docx")  # the --format choices, json aside
        written = stats_jobs.write_statistics(team, report, output_format)
        return f"{written_summary(report, _shown_path(written.path))}\n{_kept_sentence(written)}".rstrip()

    emit(output_format, as_json=report.to_dict, as_table=as_file, as_file=as_file)


@stats.command("samenvoegen")
@click.argument("files", nargs=-1, required=True, metavar="BESTANDEN...",
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--naam", default="Samenwerkingsverband", show_default=True,
              help="De naam van het samenwerkingsverband, als titel van het rapport.")
@click.option("--naar", "folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, metavar="MAP",
              help="De map waarin het rapport komt. Een bestand met dezelfde naam dat iemand kan "
                   "hebben aangepast, blijft staan: het nieuwe komt ernaast met een volgnummer.")
@click.option("--as-of", "as_of", type=DATE,
              help="Rekent alsof het vandaag die dag is (een periode na die dag wordt niet opgeteld). "
                   "Standaard: vandaag. De stand van het rapport is die van de regiobestanden.")
@click.option("--format", "output_format", type=click.Choice(("xlsx", "docx", "json")), default="xlsx",
              show_default=True, metavar="xlsx|docx|json", help="Zoals bij `eenplan stats`.")
def combine_command(files: tuple[Path, ...], naam: str, folder: Path, as_of: datetime.date | None,
                    output_format: OutputFormat) -> None:
    """Tel de regiobestanden van meerdere teams op tot één rapport voor het samenwerkingsverband.

    De bestanden komen van `eenplan stats --voor-regio` in elk team. Ze moeten volgens dezelfde
    definitie en normen tellen, over dezelfde periode en op dezelfde dag (--as-of); elk team en
    elke periode één keer. Kleine aantallen worden pas na het optellen verborgen.
    """
    from eenplan.stats import jobs as stats_jobs
    from eenplan.stats.writers import written_summary

    today = as_of or _now().date()
    report, written = stats_jobs.combine_region_files(files, name=naam, folder=folder, today=today,
                                                      output_format=output_format)

    def summary() -> str:
        if written is None:
            return written_summary(report, "")
        return f"{written_summary(report, _shown_path(written.path))}\n{_kept_sentence(written)}".rstrip()

    emit(output_format, as_json=report.to_dict, as_table=summary)


def _say_if_open_in_excel(team: Team) -> None:
    """Excel keeps a ~$ lock file beside a workbook it has open: what eenplan read may be older."""
    from eenplan.sheets.reader import lock_file

    if lock_file(team.workbook) is not None:
        click.echo(f"Let op: {team.workbook.name} is open in Excel; eenplan leest de laatst "
                   "bewaarde versie.", err=True)


def _kept_sentence(written: Written) -> str:
    """The sentence that says a report someone changed was left, and where the new one is."""
    return written.kept_sentence(_shown_path)


def _shown_path(path: Path) -> str:
    """A path as short as it can be said from where the user stands."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """The console script. The last-resort handler: a bug in eenplan gets one sentence too."""
    try:
        cli(prog_name="eenplan")
    except Exception as exc:  # noqa: BLE001 - the top of the program; our own bugs end here
        if os.environ.get("EENPLAN_DEBUG"):
            raise
        click.echo(
            f"Er ging iets mis in eenplan zelf ({type(exc).__name__}). Dit is een fout in het "
            "programma, niet in je gegevens: meld het aan wie eenplan beheert, met de opdracht "
            "die je gaf. Met EENPLAN_DEBUG=1 ervoor zie je de details.",
            err=True,
        )
        sys.exit(70)
