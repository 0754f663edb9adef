"""`eenplan templates check --proef`: every template made for a family that does not exist.

    made = proofs(team, today=today)
    made.written, made.pdfs, made.pdf_problem

Before a changed template reaches a family, a staff member sees what a family would receive: the
family's invitation and one to a network member, the round-table report (a follow-up, so the look
back at earlier agreements shows), the gezinsplan and the kindplan, each rendered from the team's
own templates (or eenplan's defaults where the team has none) with the team's letterhead, for the
made-up family Çelik. Their names carry letters from Turkish, Polish and French, so a font that
lacks them shows at once in the PDF.

The files go to out/proef/ in the team folder and are made anew each time: they hold no one's
data, and no one is meant to edit them. Nothing is recorded in the state; the workbook is not read.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eenplan.docx_templates.context import (
    CHILDREN_PLAN,
    INVITATION,
    PLAN,
    REPORT,
    children_plan_context,
    invitation_context,
    plan_context,
    report_context,
)
from eenplan.errors import PdfError
from eenplan.files import require_inside, write_bytes_atomically
from eenplan.sheets.records import Agreement, Dossier, NetworkMember, RoundTable, StaffContact, in_family
from eenplan.team.folder import Team

PROOF_FOLDER = "proef"  # under out/
NUMBER = "PROEF-001"
BEGELEIDER = "Inès Dubois"


@dataclass(frozen=True)
class Proofs:
    folder: Path
    written: tuple[Path, ...]  # the .docx files
    pdfs: tuple[Path, ...] = ()
    pdf_problem: str = ""  # why there are no PDFs (LibreOffice missing or failing), or ""
    notes: tuple[str, ...] = ()  # what the proofs lack that the team's letters would have (the logo)


@dataclass(frozen=True)
class SampleFamily:
    """A family that does not exist, with what every document needs."""

    dossier: Dossier
    network: tuple[NetworkMember, ...]
    round_tables: tuple[RoundTable, ...]
    agreements: tuple[Agreement, ...]
    staff: StaffContact


def sample_family(today: datetime.date) -> SampleFamily:
    """The made-up family Çelik, dated around ``today``: a first round-table two months ago, a
    follow-up three days ago, the next one in three weeks."""
    day = datetime.timedelta(days=1)
    first, follow_up, next_one = today - 60 * day, today - 3 * day, today + 21 * day
    dossier = Dossier(
        row=2, id=NUMBER, family="Familie Çelik", flow="procesbegeleiding", municipality="Gent",
        referrer="CLB", question="Mama wil meer rust in huis en hulp bij de schoolkeuze van Elif.",
        begeleider=BEGELEIDER, registered_on=today - 90 * day, perspective_on=today - 75 * day,
        plan_on=follow_up, closed_on=None, closure_reason="", sessions=4,
        address="Voorbeeldstraat 12, 9000 Gent", email="", strengths="Een warme band met oma.",
        worries="De ochtenden zijn druk en Elif komt vaak te laat op school.",
        wishes="Rustige ochtenden en een school die bij Elif past.", remarks="",
    )

    def member(row: int, name: str, role: str, relation: str, organisation: str = "") -> NetworkMember:
        return NetworkMember(row=row, dossier=NUMBER, name=name, role=role, relation=relation,
                             organisation=organisation, email="", phone="",
                             address="Voorbeeldstraat 14, 9000 Gent", invite=True)

    network = (
        member(2, "Ayşe Çelik", "Gezin", "mama"),
        member(3, "Elif Çelik", "Gezin", "dochter"),
        member(4, "Gülsüm Yılmaz", "Netwerk", "oma"),
        member(5, "Łukasz Wójcik", "Netwerk", "buurman"),
        member(6, "Zoë Peeters", "Professioneel", "juf", "Basisschool De Regenboog"),
    )
    tables = (
        RoundTable(row=2, dossier=NUMBER, date=first, time=datetime.time(18, 30),
                   location="bij de familie thuis", kind="start",
                   present="Ayşe, Elif, oma Gülsüm, Łukasz, juf Zoë, Inès",
                   notes="We spraken af hoe de ochtenden rustiger kunnen.", next_date=follow_up),
        RoundTable(row=3, dossier=NUMBER, date=follow_up, time=datetime.time(18, 30),
                   location="bij de familie thuis", kind="opvolging",
                   present="Ayşe, Elif, oma Gülsüm, juf Zoë, Inès",
                   notes="De ochtenden gaan beter. Elif kiest samen met mama een school.",
                   next_date=next_one),
        RoundTable(row=4, dossier=NUMBER, date=next_one, time=datetime.time(18, 30),
                   location="bij de familie thuis", kind="opvolging", present="", notes="",
                   next_date=None),
    )
    agreements = (
        Agreement(row=2, dossier=NUMBER, round_table=first, domain="Opvoeding",
                  goal="Rustige ochtenden", action="Samen een ochtendschema maken en ophangen",
                  who="Ayşe", support="Inès", due=today - 14 * day, status="open"),
        Agreement(row=3, dossier=NUMBER, round_table=first, domain="School",
                  goal="Elif is op tijd op school", action="Op dinsdag en donderdag brengt oma Elif",
                  who="Gülsüm", support="", due=today + 30 * day, status="lopend"),
        Agreement(row=4, dossier=NUMBER, round_table=first, domain="Wonen",
                  goal="Een vaste plek om huiswerk te maken", action="Een bureautje zoeken",
                  who="Łukasz", support="Ayşe", due=today - 20 * day, status="klaar"),
        Agreement(row=5, dossier=NUMBER, round_table=follow_up, domain="School",
                  goal="Een school die bij Elif past", action="Twee scholen samen bezoeken",
                  who="Ayşe en Elif", support="juf Zoë", due=today + 20 * day, status="open"),
    )
    staff = StaffContact(row=2, name=BEGELEIDER, phone="09 123 45 67",
                         email="ines.dubois@voorbeeld.be")
    return SampleFamily(dossier, network, tables, agreements, staff)


def sample_contexts(team: Team, today: datetime.date) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(kind, file name, context) for each proof: pure, from the made-up family."""
    family = sample_family(today)
    settings, dossier, staff = team.settings, family.dossier, family.staff
    invited = [m for m in family.network if not in_family(m)]
    held, coming = family.round_tables[1], family.round_tables[2]
    return [
        (INVITATION, "Uitnodiging - voor het gezin (proef)",
         invitation_context(settings, dossier, coming, None, invited, today=today, staff=staff)),
        (INVITATION, f"Uitnodiging - voor {invited[0].name} (proef)",
         invitation_context(settings, dossier, coming, invited[0], invited, today=today,
                            staff=staff)),
        (REPORT, "Verslag rondetafel (proef)",
         report_context(settings, dossier, held, family.agreements,
                        round_tables=family.round_tables, today=today, staff=staff)),
        (PLAN, "Gezinsplan (proef)",
         plan_context(settings, dossier, family.network, family.round_tables, family.agreements,
                      today=today, staff=staff)),
        (CHILDREN_PLAN, "Kindplan (proef)",
         children_plan_context(settings, dossier, family.network, family.round_tables,
                               family.agreements, today=today, staff=staff)),
    ]


def proofs(team: Team, *, today: datetime.date, templates: Path | None = None,
           pdf: bool = True) -> Proofs:
    """Render every proof into out/proef/ (the .docx, and PDFs when LibreOffice is there).

    ``templates``: a folder of templates to try instead of the team's (a template missing there
    is the team's own, else eenplan's default). A template that cannot be rendered raises the
    renderer's TemplateError, which says which one and why.
    """
    from eenplan.docx_templates.documents import RenderJob, logo_note, template_for, with_logo

    folder = require_inside(team.base, team.out_dir / PROOF_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind, name, context in sample_contexts(team, today):
        template = templates / f"{kind}.docx" if templates is not None else None
        if template is None or not template.is_file():
            template = template_for(team, kind)
        data = RenderJob(template, with_logo(team, context), kind, team.settings.team_name, today)()
        written.append(write_bytes_atomically(folder / f"{name}.docx", data))
    # as invite and plan say it: a logo named in eenplan.toml and not found is left out
    notes = tuple(n for n in (logo_note(team),) if n is not None)
    if not pdf:
        return Proofs(folder, tuple(written), notes=notes)
    return _with_pdfs(folder, written, notes)


def _with_pdfs(folder: Path, written: Sequence[Path], notes: tuple[str, ...] = ()) -> Proofs:
    from eenplan.docx_templates.pdf import to_pdf

    try:
        made = to_pdf(written)
    except PdfError as exc:
        return Proofs(folder, tuple(written), pdf_problem=str(exc), notes=notes)
    pdfs = [write_bytes_atomically(path.with_suffix(".pdf"), data) for path, data in made.items()]
    return Proofs(folder, tuple(written), tuple(pdfs), notes=notes)
