"""Invitations: eenplan against docxtpl rendering the same template bare, in the same run.

Targets (issue 4): invitations for 200 network members, per document <= 1.5x docxtpl's bare
render (docxtpl's own Jinja environment, no sandbox, no checks, no files); a large batch
renders on every core; a batch of 20 PDFs in one LibreOffice call.

Issue 13 and 18: a round-table of 6 people, as a whole process (`eenplan invite`: the letters,
the print file, the .ics, the state) against a bare docxtpl process rendering the same 7 letters
(the family's and six), in turns; the ratio printed is the median of each turn's. eenplan runs
in a team folder where it ran before (the usual case: its .eenplan/ is there) and, in the same
turn, in one where it never ran.

Issue 14: a letter in another language costs no more than a Dutch one: the same 201 letters
rendered with the Dutch and the French template, in turns.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

import eenplan.docx_templates.documents as documents
from eenplan.docx_templates import PACKAGE_TEMPLATES
from eenplan.docx_templates.context import INVITATION, invitation_context
from eenplan.docx_templates.pdf import soffice, to_pdf
from eenplan.docx_templates.renderer import render_document
from eenplan.flows import flow_names
from eenplan.sheets.blank import write_workbook
from eenplan.team.caseload import load_caseload
from eenplan.team.folder import find_team

TODAY = datetime.date(2026, 11, 23)
MEETING = datetime.date(2026, 12, 7)
PEOPLE = 200
TEMPLATE = PACKAGE_TEMPLATES / "uitnodiging.docx"


def team_folder(root: Path, *, people: int = PEOPLE) -> Path:
    """A team folder with one round-table to which the family and ``people`` network members are
    invited (``root`` exists)."""
    rows = {
        "Dossiers": [{"id": "2026-001", "family": "Familie Peeters", "flow": "procesbegeleiding",
                      "municipality": "Essen", "begeleider": "An Claes",
                      "registered_on": datetime.date(2026, 9, 1)}],
        "Netwerk": [{"dossier": "2026-001", "name": f"Persoon {i:03d} Janssens", "role": "Buur",
                     "relation": "buurvrouw", "invite": True} for i in range(people)],
        "Rondetafels": [{"dossier": "2026-001", "date": MEETING, "time": datetime.time(9, 30),
                         "location": "Huis van het Kind Essen", "kind": "opvolging"}],
    }
    (root / "eenplan.toml").write_text('[team]\nnaam = "Team Bench"\n', encoding="utf-8")
    write_workbook(root / "Caseload.xlsx", {"Gemeenten": ["Essen"], "Begeleiders": ["An Claes"]},
                   flow_names=flow_names(), rows=rows)
    return root


def letter_contexts(root: Path) -> list[dict]:
    """The invitations' data of the team folder's round-table: the family's, then each invitee's."""
    team = find_team(team=root)
    caseload = load_caseload(team)
    dossier = caseload.dossier("2026-001")
    table = caseload.round_tables_of("2026-001")[0]
    invited = list(caseload.network_of("2026-001"))
    return [invitation_context(team.settings, dossier, table, m, invited, today=TODAY)
            for m in [None, *invited]]


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def bare(contexts: list[dict]) -> None:
    data = TEMPLATE.read_bytes()
    for context in contexts:
        template = DocxTemplate(io.BytesIO(data))
        template.render(context)
        template.save(io.BytesIO())


def ours(contexts: list[dict]) -> None:
    for context in contexts:
        render_document(TEMPLATE, context, kind=INVITATION, team_name="Team Bench", today=TODAY)


PAIRS = 5
SIX = 6
BARE_PROCESS = """
import io, json, sys
from docxtpl import DocxTemplate
data = open(sys.argv[1], "rb").read()
for i, context in enumerate(json.load(open(sys.argv[2], encoding="utf-8"))):
    template = DocxTemplate(io.BytesIO(data))
    template.render(context)
    out = io.BytesIO()
    template.save(out)
    open(f"{sys.argv[3]}/brief-{i}.docx", "wb").write(out.getvalue())
"""


def round_table_of_six(work: Path) -> None:
    """`eenplan invite` for 6 people as a whole process, against a bare docxtpl process."""
    import statistics
    import subprocess

    root = work / "zes"
    root.mkdir()
    team_folder(root, people=SIX)
    eenplan = [sys.executable, "-m", "eenplan", "invite", "2026-001", "--team", str(root),
               "--as-of", TODAY.isoformat()]
    bare_out = work / "kaal"
    bare_out.mkdir()
    contexts = letter_contexts(root)
    # the same letters' data as plain JSON (a date as the text it prints as)
    (work / "brieven.json").write_text(json.dumps(contexts, default=str), encoding="utf-8")
    baseline = [sys.executable, "-c", BARE_PROCESS, str(TEMPLATE), str(work / "brieven.json"),
                str(bare_out)]

    # as installed: with the bytecode written (this machine sets PYTHONDONTWRITEBYTECODE, which
    # would have every process compile eenplan's and its libraries' modules anew)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    cpu: dict[str, list[float]] = {"bare": [], "warm": [], "cold": []}

    def run(command: list[str], kind: str = "") -> float:
        """The wall time of the process; its CPU time (its own pool's included) kept in ``cpu``."""
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if kind:
            cpu[kind].append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
        return wall

    # In turns: the bare process, eenplan in a team folder where it ran before (its memory in
    # .eenplan/ remembers the templates that passed their check; the letters are new), and eenplan
    # in a team folder where it never ran (no .eenplan/ yet: the state is made, the template checked).
    bare_s, warm_s, cold_s, warm_ratios, cold_ratios = [], [], [], [], []
    shutil.rmtree(root / ".eenplan", ignore_errors=True)
    run(eenplan)  # the team folder's first command, before the pairs
    for _ in range(PAIRS):
        shutil.rmtree(root / "out", ignore_errors=True)
        b, warm = run(baseline, "bare"), run(eenplan, "warm")
        shutil.rmtree(root / "out", ignore_errors=True)
        shutil.rmtree(root / ".eenplan", ignore_errors=True)
        cold = run(eenplan, "cold")
        bare_s.append(b)
        warm_s.append(warm)
        cold_s.append(cold)
        warm_ratios.append(warm / b)
        cold_ratios.append(cold / b)
    median = statistics.median
    print(f"Rondetafel van {SIX} (het gezin en {SIX} netwerkleden), als heel proces, {PAIRS} beurten "
          f"(belasting van de machine: {os.getloadavg()[0]:.1f}):")
    print(f"  docxtpl kaal, {SIX + 1} brieven:       {median(bare_s):6.2f} s "
          f"(processortijd {median(cpu['bare']):.2f} s)")
    print(f"  eenplan invite (brieven, afdrukbestand, .ics, staat): "
          f"{median(warm_s):6.2f} s ({median(warm_ratios):.2f}x, mediaan; doel <= 1.2x; "
          f"processortijd {median(cpu['warm']):.2f} s)")
    print(f"  eenplan invite, eerste opdracht in de teammap (nog geen .eenplan/): "
          f"{median(cold_s):6.2f} s ({median(cold_ratios):.2f}x; processortijd {median(cpu['cold']):.2f} s)")


def in_french(contexts: list[dict]) -> None:
    from eenplan.dutch import language

    with language("fr"):
        for context in contexts:
            render_document(PACKAGE_TEMPLATES / "fr" / "uitnodiging.docx", context, kind=INVITATION,
                            team_name="Team Bench", today=TODAY)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="eenplan-bench-"))
    try:
        round_table_of_six(work)
        root = team_folder(work)
        team = find_team(team=root)
        caseload = load_caseload(team)
        contexts = letter_contexts(root)
        n = len(contexts)
        ours(contexts[:3])  # warm up: imports and the template check, once
        in_french(contexts[:3])
        bare_s = min(timed(bare, contexts)[0] for _ in range(2))
        ours_s = min(timed(ours, contexts)[0] for _ in range(2))
        print(f"{n} uitnodigingen (het gezin en {PEOPLE} netwerkleden), uitnodiging.docx")
        print(f"  docxtpl kaal:                 {bare_s * 1000 / n:6.1f} ms per document")
        print(f"  eenplan render_document:      {ours_s * 1000 / n:6.1f} ms per document "
              f"({ours_s / bare_s:.2f}x; doel <= 1.5x)")
        dutch_s, french_s = [], []
        for _ in range(3):  # in turns, so a busy moment weighs on both
            dutch_s.append(timed(ours, contexts)[0])
            french_s.append(timed(in_french, contexts)[0])
        print(f"  in het Frans (fr/uitnodiging.docx, datums in het Frans): "
              f"{min(french_s) * 1000 / n:6.1f} ms per document tegen {min(dutch_s) * 1000 / n:.1f} "
              f"in het Nederlands ({min(french_s) / min(dutch_s):.2f}x; doel <= 1x)")

        documents.PARALLEL_FROM = 10**9
        serial_s, made = timed(documents.invitations_for, team, caseload, "2026-001", None, today=TODAY)
        letters = [p for p in made.written if p.suffix == ".docx" and "Uitnodiging rondetafel -" in p.name]
        combined_s, _ = timed(documents._combined, letters, "Team Bench", today=TODAY)
        job_s = serial_s - combined_s
        print(f"  eenplan invite, één proces:   {job_s * 1000 / n:6.1f} ms per document, met wegschrijven "
              f"en geheugen ({job_s / bare_s:.2f}x)")
        print(f"  afdrukbestand (docxcompose):  {combined_s:6.2f} s voor {len(letters)} brieven")
        again_s, again = timed(documents.invitations_for, team, caseload, "2026-001", None, today=TODAY)
        print(f"  nog eens, niets veranderd:    {again_s:6.2f} s ({len(again.unchanged)} al gemaakt)")

        shutil.rmtree(team.out_dir)
        shutil.rmtree(team.state_dir)
        documents.PARALLEL_FROM = 24
        cores = os.cpu_count() or 1
        parallel_s, _ = timed(documents.invitations_for, team, caseload, "2026-001", None, today=TODAY)
        print(f"  eenplan invite, {cores} processen: {(parallel_s - combined_s) * 1000 / n:6.1f} ms per "
              f"document; alles samen {parallel_s:.1f} s tegen {serial_s:.1f} s in één proces "
              f"(belasting van de machine: {os.getloadavg()[0]:.1f})")

        if soffice() is None:
            print("PDF: LibreOffice is niet geïnstalleerd; overgeslagen.")
        else:
            batch = letters[:20]
            pdf_s, pdfs = timed(to_pdf, batch)
            print(f"PDF: {len(pdfs)} brieven in één LibreOffice-oproep: {pdf_s:.1f} s "
                  f"({pdf_s / len(pdfs):.2f} s per document)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
