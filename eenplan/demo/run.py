"""`eenplan demo`: a team folder with a made-up caseload, then the main jobs on it, step by step.

The steps are a plain list: each gets the run, does one job with the library a command would
use, and says in a line or two what it made. A new capability adds its step to ``STEPS``.
"""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eenplan.demo.caseload import DemoData, generate
from eenplan.docx_templates.documents import invitations_for, plan_for, report_for
from eenplan.dutch import and_list, long_date, long_date_and_hour, plural
from eenplan.flows import jobs as flow_jobs
from eenplan.flows.overdue import Counts, overdue_table
from eenplan.init.folder import create_team_folder, settings_toml
from eenplan.sheets.records import Caseload
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, NETWORK, PAUSES, ROUND_TABLES
from eenplan.stats import jobs as stats_jobs
from eenplan.stats.figures import TOTAL
from eenplan.stats.writers import text
from eenplan.team import caseload as team_caseload

# The first line of a demo's eenplan.toml: `eenplan demo` may make such a folder anew.
from eenplan.team.folder import Team, find_team
from eenplan.team.regions import REGIONS
from eenplan.team.settings import SETTINGS_FILE, Letterhead, MailSettings, Settings
from eenplan.watcher.run import run_once

# The first line of a demo's eenplan.toml: `eenplan demo` may make such a folder anew.
DEMO_MARKER = "# Demoteam van eenplan: alle gegevens in deze map zijn verzonnen."


@dataclass
class DemoRun:
    """What the steps share: the inputs, what earlier steps made, and what to tell the user."""

    root: Path
    seed: int
    today: datetime.date
    region: str
    data: DemoData | None = None
    team: Team | None = None
    caseload: Caseload | None = None
    made: list[tuple[str, str]] = field(default_factory=list)  # (path in the folder, what)
    overdue_table: str = ""  # what `eenplan overdue` shows, printed in the summary


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[DemoRun], None]


def build_team(run: DemoRun) -> None:
    """The team folder, its workbook filled with the generated caseload."""

    data = generate(seed=run.seed, today=run.today, region=run.region)
    settings = demo_settings(run.region)
    create_team_folder(
        run.root, settings, lists=data.lists, rows=data.rows,
        settings_text=settings_toml(settings, heading=_heading()),
        replace_own=is_demo_folder(run.root), dated=run.today,
    )
    run.data = data
    run.team = find_team(team=run.root)
    rows = data.rows
    run.made.append((settings.workbook, and_list([
        plural(len(rows[DOSSIERS]), "dossier", "dossiers"),
        plural(len(rows[NETWORK]), "netwerklid", "netwerkleden"),
        plural(len(rows[ROUND_TABLES]), "rondetafel", "rondetafels"),
        plural(len(rows[AGREEMENTS]), "afspraak", "afspraken"),
        plural(len(rows[PAUSES]), "pauze", "pauzes"),
    ])))


def check_workbook(run: DemoRun) -> None:
    """`eenplan check --format xlsx`: every finding, in rapporten/Controle.xlsx."""

    assert run.team is not None
    run.caseload = team_caseload.load_caseload(run.team)
    report = flow_jobs.check_caseload(run.team, run.caseload, today=run.today)
    path = flow_jobs.write_check_file(run.team, report).path
    run.made.append((
        path.relative_to(run.root).as_posix(),
        f"{plural(report.errors, 'fout', 'fouten')} en "
        f"{plural(report.warnings, 'waarschuwing', 'waarschuwingen')}: de vergissingen die er met "
        "opzet in zitten, en te veel sessies bij de psycholoog",
    ))


def overdue_list(run: DemoRun) -> None:
    """`eenplan overdue`: the table for the summary, and rapporten/Achterstand.xlsx."""

    assert run.team is not None and run.caseload is not None
    items = flow_jobs.overdue_list(run.team, run.caseload, today=run.today)
    path = flow_jobs.write_overdue_file(run.team, items, today=run.today, judged=None, caution="").path
    counts = Counts.of(items)
    run.made.append((path.relative_to(run.root).as_posix(),
                     f"{counts.overdue} te laat, {counts.due_soon} binnenkort en "
                     f"{counts.paused} gepauzeerd, een blad per begeleider"))
    run.overdue_table = overdue_table(items, today=run.today)


def weekly_digest(run: DemoRun) -> None:
    """`eenplan digest --eml rapporten`: the coordinators' mail as a file (the demo mails no one)."""


    assert run.team is not None and run.caseload is not None
    sent_at = datetime.datetime.combine(run.today, datetime.time(8, 0))
    result = flow_jobs.digest(run.team, run.caseload, today=run.today, sent_at=sent_at, how="eml",
                         eml_dir=run.team.reports_dir)
    assert result.eml is not None
    run.made.append((result.eml.relative_to(run.root).as_posix(),
                     "het wekelijkse overzicht voor de coördinatoren, als mail om te openen"))


def make_documents(run: DemoRun) -> None:
    """`eenplan invite`, `report` and `plan` for the featured dossier, in out/<dossier>/."""

    assert run.team is not None and run.data is not None
    if run.caseload is None:
        run.caseload = team_caseload.load_caseload(run.team)
    number = run.data.featured
    invitations = invitations_for(run.team, run.caseload, number, None, today=run.today)
    report = report_for(run.team, run.caseload, number, None, today=run.today)
    plan = plan_for(run.team, run.caseload, number, today=run.today)
    for french in run.data.examples.get("french", ()):  # a family that reads French
        made = invitations_for(run.team, run.caseload, french, None, today=run.today)
        folder_fr = (run.team.out_dir / french).relative_to(run.root).as_posix() + "/"
        run.made.append((folder_fr, "de uitnodigingen voor een gezin dat Frans leest, in het Frans"
                         + ("" if made.written else " (al gemaakt)")))
    letters = [p for p in invitations.written + invitations.unchanged
               if p.suffix == ".docx" and "Uitnodiging rondetafel -" in p.name]
    folder = (run.team.out_dir / number).relative_to(run.root).as_posix() + "/"
    run.made.append((folder, (
        f"{plural(len(letters), 'uitnodiging', 'uitnodigingen')} voor de volgende rondetafel van "
        f"{number} (voor het gezin en wie uitgenodigd is), één bestand om ze af te drukken, een "
        f".ics voor de agenda, het verslag van de vorige rondetafel en het gezinsplan"
        f"{'' if report.written or plan.written or invitations.written else ' (al gemaakt)'}"
    )))


def write_statistics(run: DemoRun) -> None:
    """`eenplan stats`: the twelve months' figures for the steering group, in rapporten/."""

    assert run.team is not None and run.caseload is not None
    report = stats_jobs.statistics(run.team, run.caseload, start=None, end=None, today=run.today)
    path = stats_jobs.write_statistics(run.team, report, "xlsx").path
    month = report.table("per_maand").row(TOTAL)
    run.made.append((
        path.relative_to(run.root).as_posix(),
        f"de cijfers van twaalf maanden voor de stuurgroep: {text(month['pct_binnen_norm'], 'share')} van de "
        "gezinnen had het eerste gesprek binnen de norm; zonder namen, kleine aantallen als <5",
    ))


def first_watch_run(run: DemoRun) -> None:
    """One round of `eenplan watch`: the same jobs, and the version kept as a snapshot."""

    assert run.team is not None
    now = datetime.datetime.combine(run.today, datetime.time(9, 0))
    result = run_once(run.team, now=now, documents=False)  # the invitations: a step of their own
    run.made.append((
        ".eenplan/snapshots/",
        f"de versie die eenplan watch las ({result.snapshot}); het bewaart er één per "
        "bewaring, zodat een per ongeluk gewiste rij terug te halen is (eenplan restore)",
    ))


STEPS: tuple[Step, ...] = (
    Step("teammap", build_team),
    Step("controle", check_workbook),
    Step("achterstand", overdue_list),
    Step("overzicht", weekly_digest),
    Step("documenten", make_documents),
    Step("statistiek", write_statistics),
    Step("bewaking", first_watch_run),
)


def run_demo(
    folder: Path, *, seed: int, today: datetime.date, region: str = "noorderkempen",
    steps: Sequence[Step] = STEPS,
) -> DemoRun:
    """Build the demo team in ``folder`` and run every step on it."""
    run = DemoRun(root=folder.expanduser().resolve(), seed=seed, today=today, region=region)
    for step in steps:
        step.run(run)
    return run


def is_demo_folder(root: Path) -> bool:
    """A folder an earlier `eenplan demo` made, which demo may make anew."""
    try:
        with (root / SETTINGS_FILE).open(encoding="utf-8") as settings:
            return settings.readline().rstrip("\n") == DEMO_MARKER
    except (OSError, UnicodeDecodeError):
        return False


def demo_settings(region: str) -> Settings:
    title = REGIONS[region].title
    place = REGIONS[region].places[0]
    return Settings(
        team_name=f"Demoteam {title}",
        region=region,
        letterhead=Letterhead(
            organisation=f"1 Gezin 1 Plan {title}",
            address=f"Marktplein 1, {place.postcode} {place.town}",
            phone="03 123 45 67" if region != "gent" else "09 123 45 67",
            email="demoteam@example.org",
            website="https://example.org",
        ),
        mail=MailSettings(sender="demoteam@example.org", coordinators=("coordinator@example.org",)),
    )


def _heading() -> str:
    return (DEMO_MARKER + "\n# `eenplan demo` mag deze map opnieuw maken; een echt team begint met "
            "`eenplan init`.")


def demo_summary(run: DemoRun, *, shown: str | None = None, as_of: datetime.date | None = None) -> str:
    """What the demo made, where, and what is in it to look at, in Dutch; ``as_of``: the day the
    demo was made --as-of, which the commands it suggests then carry."""
    data = run.data
    assert data is not None and run.caseload is not None
    folder = shown or str(run.root)
    # a long path (a report named after its period) gets a line of its own
    width = max((len(path) for path, _ in run.made if len(path) <= 36), default=20) + 2
    lines = [
        *textwrap.wrap(f"Demoteam gemaakt in {folder} (regio {REGIONS[run.region].title}, seed "
                       f"{run.seed}, stand van {long_date(run.today)}).", 80),
        "Alles is verzonnen; de e-mailadressen bestaan niet (example.com, example.org).",
        "",
        *(line for path, what in run.made for line in _made_lines(path, what, width)),
        "",
        "Om naar te kijken:",
    ]
    labels = {
        "overdue": "perspectiefgesprek te laat",
        "due_soon": "perspectiefgesprek binnen 7 dagen",
        "paused": "gepauzeerd",
        "closed_early": "vroeg afgesloten",
        "sessions_over_max": "psycholoog, meer dan 5 sessies",
        "past_four_months": "langer dan vier maanden bezig",
        "closed_late": "na vier maanden afgesloten",
        "overdue_agreement": "afspraak te laat",
        "missed_evaluation": "evaluatie niet gehouden",
    }
    for key, label in labels.items():
        lines.append(f"  {label + ':':<36}{', '.join(data.examples[key])}")
    lines += [f"  {'rondetafel gepland:':<36}{line}" if index == 0 else f"  {'':<36}{line}"
              for index, line in enumerate(_featured(run))]
    if run.overdue_table:
        lines += ["", "Wat te laat is (eenplan overdue):", *run.overdue_table.splitlines()]
    lines += ["", "Met opzet fout getypt (eenplan check vindt ze):"]
    lines += [f"  {m.dossier:<10}{m.what}" for m in data.mistakes]
    # a demo made --as-of a day: the commands stand on that day too, or they show another caseload
    on = f" --as-of {as_of.isoformat()}" if as_of else ""
    lines += ["", "Probeer nu:", f"  cd {_quoted(folder)}"]
    for command, why in (
        (f"eenplan check{on}", "elke fout en waarschuwing in de werkmap"),
        (f"eenplan overdue{on}", "wat te laat is, per begeleider"),
        (f"eenplan invite {data.featured}{on}", "de uitnodigingen voor de rondetafel"),
        (f"eenplan stats{on}", "de cijfers voor de stuurgroep"),
        ("eenplan watch", "alles vanzelf, bij elke bewaring"),
    ):
        lines += ([f"  {command:<36}{why}"] if len(command) < 36 else [f"  {command}", f"  {'':<36}{why}"])
    return "\n".join(lines)


def _made_lines(path: str, what: str, width: int) -> list[str]:
    if len(path) > width - 2:
        return [f"  {path}", *textwrap.wrap(what, 80, initial_indent=" " * (width + 2),
                                            subsequent_indent=" " * (width + 2))]
    return textwrap.wrap(what, 80, initial_indent=f"  {path:<{width}}", subsequent_indent=" " * (width + 2))


def _featured(run: DemoRun) -> list[str]:
    assert run.data is not None and run.caseload is not None
    number = run.data.featured
    dossier = run.caseload.dossier(number)
    planned = [t for t in run.caseload.round_tables_of(number) if t.date and t.date > run.today]
    invited = [m for m in run.caseload.network_of(number) if m.invite]
    family = dossier.family if dossier else ""
    when = long_date_and_hour(planned[0].date, planned[0].time) if planned and planned[0].date else ""
    return [f"{number}, {family}", when, plural(len(invited), "genodigde", "genodigden")]


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text
