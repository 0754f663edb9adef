"""LibreOffice Calc opens the workbook init makes, and colours a late row by itself."""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import shutil
import subprocess

import pytest
from dateutil.relativedelta import relativedelta

from eenplan.demo.caseload import generate
from eenplan.flows import default_flows, flow_names
from eenplan.flows.colours import norm_colours
from eenplan.flows.overdue import overdue_items
from eenplan.init.folder import init_team
from eenplan.sheets.blank import DUE_SOON_FILL, OVERDUE_FILL, write_workbook
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.schema import LISTS, SCHEMAS
from eenplan.team.regions import NOORDERKEMPEN, lists_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice (soffice) is niet geïnstalleerd; `make test` installeert het"),
]


def convert(files, fmt, out_dir, profile):
    """One soffice call for all files, with a private profile and a time limit."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(out_dir), *map(str, files)],
        check=True, timeout=180, capture_output=True,
    )
    return [out_dir / f"{f.stem}.{fmt}" for f in files]


def sheets_of(page: str) -> dict[str, str]:
    """Calc's HTML export: one <h1>Sheet N: <em>name</em></h1> and a table per sheet."""
    parts = re.split(r"<h1>Sheet \d+: <em>(.*?)</em></h1>", page)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_calc_opens_the_workbook_and_computes_the_row_colours(tmp_path):
    # Excel and Calc compute the colour with the real TODAY(), so these rows are relative to it.
    today = datetime.date.today()
    almost = today - relativedelta(months=1) + datetime.timedelta(days=3)
    rows = {"Dossiers": [
        {"id": "2026-001", "family": "Familie Laat", "flow": "procesbegeleiding",
         "municipality": "Essen", "registered_on": today - datetime.timedelta(days=45)},
        {"id": "2026-002", "family": "Familie Bijna", "flow": "procesbegeleiding",
         "municipality": "Essen", "registered_on": almost},
        {"id": "2026-003", "family": "Familie Nieuw", "flow": "procesbegeleiding",
         "municipality": "Essen", "registered_on": today},
        {"id": "2026-004", "family": "Familie Gedaan", "flow": "procesbegeleiding",
         "municipality": "Essen", "registered_on": today - datetime.timedelta(days=90),
         "perspective_on": today - datetime.timedelta(days=60)},
    ]}
    team = init_team(tmp_path / "Team Noorderkempen")
    colours = [c.row_colour for c in norm_colours(default_flows().values())]
    filled = write_workbook(tmp_path / "Gevuld.xlsx", lists_for("noorderkempen"),
                            flow_names=flow_names(), rows=rows, colours=colours)
    data = generate(seed=5, today=today)
    demo = write_workbook(tmp_path / "Demo.xlsx", data.lists, flow_names=flow_names(),
                          rows=data.rows, colours=colours)
    out = tmp_path / "uit"
    blank_html, filled_html, demo_html = convert(
        [team.workbook, filled, demo], "html", out, tmp_path / "profiel")

    sheets = sheets_of(blank_html.read_text(encoding="utf-8", errors="replace"))
    assert list(sheets) == [*SCHEMAS, LISTS]
    for name, schema in SCHEMAS.items():
        text = text_of(sheets[name])
        for column in schema.columns:
            assert column.header in text, (name, column.header)
    assert all(p.name in text_of(sheets[LISTS]) for p in NOORDERKEMPEN.places)

    colour = row_colours(filled_html)
    assert colour == {"2026-001": "rood", "2026-002": "geel", "2026-003": "geen", "2026-004": "geen"}

    # the demo: every step late by eenplan's own reckoning red, the paused ones too (Excel knows
    # no pauses), due soon amber
    colour = row_colours(demo_html)
    assert len(colour) == 150
    unpaused = dataclasses.replace(read_caseload(demo), pauses=())
    # the colours follow the flows' steps; agreements and evaluations have no row colour
    items = [i for i in overdue_items(unpaused, default_flows(), today=today) if i.kind == "stap"]
    late = {i.dossier for i in items if i.status == "overdue"}
    assert {*data.examples["overdue"], *data.examples["paused"]} <= late
    assert {n for n, c in colour.items() if c == "rood"} == late
    assert {n for n, c in colour.items() if c == "geel"} == {
        i.dossier for i in items if i.status == "due_soon"} - late


def row_colours(page_path) -> dict[str, str]:
    """Dossier number -> the colour Calc gave its row on Dossiers: rood, geel or geen."""
    dossiers = sheets_of(page_path.read_text(encoding="utf-8", errors="replace"))["Dossiers"]
    colour = {}
    for row in re.findall(r"<tr.*?</tr>", dossiers, flags=re.S):
        first_cell = re.search(r"<td.*?</td>", row, flags=re.S)
        number = first_cell and re.fullmatch(r"\s*(20\d\d-\d{3})\s*", text_of(first_cell.group()))
        if number:
            upper = row.upper()
            colour[number.group(1)] = (
                "rood" if OVERDUE_FILL in upper else "geel" if DUE_SOON_FILL in upper else "geen"
            )
    return colour
