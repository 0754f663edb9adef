"""The README's statistics tables, made from the demo teams as eenplan makes them: the demo's
quarters, closed trajectories and waiting times, and the partnership of the two demo teams.

    .venv/bin/python scripts/readme_figures.py [--pictures]

prints the tables in Markdown; paste them into the README's "Cijfers voor de stuurgroep".
``--pictures`` also draws the demo's charts into docs/img/ (op_tijd, dagen_tot_gesprek, wachttijd).
tests/test_readme_figures.py fails when the README's tables are not these.
"""

from __future__ import annotations

import datetime
import json
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from eenplan.cli import cli
from eenplan.demo.run import Step, build_team, run_demo
from eenplan.stats.writers import text

AS_OF = "2026-11-23"
TODAY = datetime.date(2026, 11, 23)
TEAM_TABLES = ("per_kwartaal", "afgesloten", "wachttijd")
PARTNERSHIP_TABLES = ("per_kwartaal", "per_team")


def markdown(table: dict) -> str:
    """One report table as a Markdown table, its Totaal row in bold."""
    columns = table["columns"]
    lines = ["| " + " | ".join(c["label"] for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    for row in table["rows"]:
        cells = [text(value, column["kind"]) for value, column in zip(row, columns, strict=True)]
        if row[0] == "Totaal":
            cells = [f"**{cell}**" for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(cli, [*args, "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def tables(work: Path) -> dict[str, str]:
    """``{"team/per_kwartaal": markdown, ..., "partnership/per_team": markdown}``."""
    runner = CliRunner()
    only_the_folder = (Step("team", build_team),)
    regional = []
    for region, seed in (("noorderkempen", 1), ("voorkempen", 2)):
        folder = work / region
        run_demo(folder, seed=seed, today=TODAY, region=region, steps=only_the_folder)
        result = runner.invoke(cli, ["stats", "--voor-regio", "--team", str(folder), "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        regional += sorted((folder / "rapporten").glob("Regio *.json"))
    team = _json(runner, "stats", "--team", str(work / "noorderkempen"))
    partnership = _json(runner, "stats", "samenvoegen", "--naam", "Samenwerkingsverband Kempen",
                        *map(str, regional))
    made = {f"team/{t['key']}": markdown(t) for t in team["tables"] if t["key"] in TEAM_TABLES}
    made.update({f"partnership/{t['key']}": markdown(t) for t in partnership["tables"]
                 if t["key"] in PARTNERSHIP_TABLES})
    return made


def pictures(work: Path, target: Path) -> list[Path]:
    """The demo team's charts as the report draws them, into ``target`` (after ``tables``)."""
    from eenplan.sheets.reader import read_caseload
    from eenplan.stats.charts import charts
    from eenplan.stats.jobs import statistics
    from eenplan.team.folder import find_team

    team = find_team(team=work / "noorderkempen")
    report = statistics(team, read_caseload(team.workbook), start=None, end=None, today=TODAY)
    made = []
    for chart in charts(report):
        if chart.key in ("op_tijd", "dagen_tot_gesprek", "wachttijd"):
            made.append(target / chart.file_name)
            made[-1].write_bytes(chart.png)
    return made


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        for name, table in tables(Path(work)).items():
            sys.stdout.write(f"{name}\n\n{table}\n\n")
        if "--pictures" in sys.argv[1:]:
            for path in pictures(Path(work), Path(__file__).resolve().parents[1] / "docs" / "img"):
                sys.stdout.write(f"{path}\n")
