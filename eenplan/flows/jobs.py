"""The flows' jobs on a team's caseload, for a command or the watcher: the check with the
team's flows, the overdue list and the coordinators' weekly digest."""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eenplan.errors import MissingColumn
from eenplan.flows import check
from eenplan.flows.clocks import SHEETS_USED, norm_gaps, pauses_not_kept
from eenplan.flows.loader import (  # in the loader: the statistics need no overdue list
    load_team_flows,
    team_flow_notes,
)
from eenplan.flows.overdue import NormColumnMissing, OverdueItem, overdue_items, select_begeleider, who_gap
from eenplan.sheets import codes
from eenplan.sheets.findings import WORKBOOK_FOLDER, CheckReport, Finding, sort_findings
from eenplan.sheets.formatting import read_formatting_rules
from eenplan.sheets.records import Caseload
from eenplan.sheets.schema import BEGELEIDERS, DOSSIERS
from eenplan.team.folder import Team, copies_beside, copies_sentence

if TYPE_CHECKING:  # the digest brings smtplib, ssl and the Achterstand writer: only for a digest
    from eenplan.flows.digest import DigestMode, DigestResult, SentBy, WeekMail
    from eenplan.team.reports import Written  # (and the report writer the state, sqlite3, hashlib)

# The sheets the digest and the begeleiders' weeks are made from: the overdue list's, the
# round-tables ahead among them. Netwerk is not read, so a damaged one does not stop the mail.
DIGEST_SHEETS = SHEETS_USED


def check_caseload(team: Team, caseload: Caseload, *, today: datetime.date) -> CheckReport:
    """Every finding, the row colours on Dossiers against the team's flows included; in a team
    folder (where letters are made) also a letter that would give no phone number or e-mail;
    and each conflict copy beside the workbook (``copies_beside``): what changed in it is not
    read."""
    letterhead = team.settings.letterhead
    reachable = team.root is None or bool(letterhead.phone.strip() or letterhead.email.strip())
    formatting = read_formatting_rules(
        Path(caseload.workbook), caseload.sheet_titles.get(DOSSIERS, DOSSIERS))
    report = check(caseload, today=today, flows=load_team_flows(team), formatting=formatting,
                   team_reachable=reachable,
                   languages=team.template_languages() if team.root is not None else None)
    found = copies_beside(team)
    if not found:
        return report
    said = [Finding(WORKBOOK_FOLDER, None, "", "", copy.name, codes.CONFLICT_COPY,
                    copies_sentence(team, [copy])) for copy in found]
    return dataclasses.replace(report, findings=sort_findings([*said, *report.findings]))


def overdue_list(
    team: Team, caseload: Caseload, *, today: datetime.date, begeleider: str | None = None,
    soon: int | None = None,
) -> tuple[OverdueItem, ...]:
    """What is overdue, due soon, paused or cannot be judged (``OverdueItem``s), for one
    begeleider or all; NormColumnMissing when the workbook lacks a column a norm needs."""
    flows = load_team_flows(team)
    gaps = norm_gaps(caseload, flows)
    if gaps:
        raise NormColumnMissing(" ".join(gaps))
    items = overdue_items(caseload, flows, today=today, soon=soon)
    if begeleider is not None:
        gap = who_gap(caseload, f"niet zeggen welke dossiers van {' '.join(begeleider.split())} zijn")
        if gap:  # every dossier would read as one without a begeleider: not hers, none late
            raise MissingColumn(gap)
        known = {d.begeleider for d in caseload.dossiers} | set(caseload.lists.get(BEGELEIDERS, ()))
        items = select_begeleider(items, begeleider, known=known,
                                  column=caseload.header(DOSSIERS, "begeleider"))
    return items


def overdue_caution(team: Team, caseload: Caseload) -> str:
    """What the overdue list, its report and the digest say before their counts: that a
    conflict copy stands beside the workbook (its changes are not counted), that a sheet in it
    eenplan did not read looks like one it read ("Dossiers 2025": its dossiers are not counted),
    that Dossiers lacks the Begeleider column (``who_gap``), that it has no Pauzes sheet (no
    pause counts), and each file in flows/ meant as a flow that eenplan passed over (its norm is
    then the default's); "" for none."""
    return " ".join(filter(None, (copies_sentence(team, copies_beside(team)),
                                  caseload.look_alikes_sentence(), who_gap(caseload),
                                  pauses_not_kept(caseload), *team_flow_notes(team))))


def write_check_file(team: Team, report: CheckReport) -> Written:
    """rapporten/Controle.xlsx: every finding (one someone changed is left, and this goes to the
    next free name)."""
    from eenplan.sheets.report import CHECK_REPORT_NAME, write_check_report
    from eenplan.team.reports import write_report

    return write_report(team, team.reports_dir / CHECK_REPORT_NAME,
                        lambda path: write_check_report(report, path, workbook=team.workbook))


def write_overdue_file(team: Team, items: Sequence[OverdueItem], *, today: datetime.date,
                       judged: int | None, caution: str, dossiers_title: str = DOSSIERS) -> Written:
    """rapporten/Achterstand.xlsx: the overdue list (one someone changed is left, and this goes
    to the next free name); ``dossiers_title``: Dossiers as the team's workbook names it."""
    from eenplan.flows.overdue_report import OVERDUE_REPORT_NAME, write_overdue_report
    from eenplan.team.reports import write_report

    return write_report(team, team.reports_dir / OVERDUE_REPORT_NAME,
                        lambda path: write_overdue_report(items, path, today=today,
                                                          team_name=team.settings.team_name,
                                                          judged=judged, caution=caution,
                                                          dossiers_title=dossiers_title))


def write_unjudged_report(team: Team, gap: str, *, today: datetime.date) -> Written:
    """rapporten/Achterstand.xlsx when the list cannot be made (``gap``: the sentence about the
    missing column): it says so, in place of last time's list, which would read as today's (one
    someone changed is left, and this goes to the next free name, as every report)."""
    from eenplan.files import write_bytes_atomically
    from eenplan.flows.overdue_report import OVERDUE_REPORT_NAME, unjudged_report_bytes
    from eenplan.team.reports import write_report

    data = unjudged_report_bytes(gap, today=today, team_name=team.settings.team_name)
    return write_report(team, team.reports_dir / OVERDUE_REPORT_NAME,
                        lambda path: write_bytes_atomically(path, data))


def begeleider_weeks(
    team: Team, caseload: Caseload, *, today: datetime.date, sent_at: datetime.datetime,
    how: DigestMode = "preview", eml_dir: Path | None = None, week: str | None = None,
    retry: bool = False,
) -> tuple[WeekMail, ...]:
    """Each begeleider's week: previewed, written as .eml, or sent ("smtp"); remembered under
    ``week`` (by default today's). ``retry``: offer again the weeks the mail server refused for
    good (`--opnieuw`)."""
    flows = load_team_flows(team)
    gaps = norm_gaps(caseload, flows)
    items = () if gaps else overdue_items(caseload, flows, today=today)
    password = os.environ.get(team.settings.mail.password_env) if how == "smtp" else None
    from eenplan.flows.digest import make_begeleider_weeks

    whose = who_gap(caseload, "niet zeggen welke dossiers van wie zijn")
    if whose:  # no dossier would be anyone's: not one week to send, and none would be true
        raise MissingColumn(whose)
    return make_begeleider_weeks(team, caseload, items, today=today, sent_at=sent_at, how=how,
                                 eml_dir=eml_dir, password=password, missing=" ".join(gaps),
                                 week=week, retry=retry)


def digest(
    team: Team, caseload: Caseload, *, today: datetime.date, sent_at: datetime.datetime,
    how: DigestMode = "preview", eml_dir: Path | None = None, week: str | None = None,
    by: SentBy = "hand", again: bool = False,
) -> DigestResult:
    """The coordinators' weekly digest: previewed, written as .eml, or sent ("smtp": once a
    week, whoever sends it, ``by``; ``again``: once more on purpose); remembered under ``week``
    (by default today's)."""
    flows = load_team_flows(team)
    gaps = norm_gaps(caseload, flows)
    items = () if gaps else overdue_items(caseload, flows, today=today)
    password = os.environ.get(team.settings.mail.password_env) if how == "smtp" else None
    from eenplan.flows.digest import make_digest

    return make_digest(team, items, today=today, sent_at=sent_at, how=how, eml_dir=eml_dir,
                       flow_titles={f.name: f.title for f in flows.values()}, password=password,
                       missing=" ".join(gaps), names=caseload.lists.get(BEGELEIDERS, ()),
                       judged=caseload.open_dossiers, caution=overdue_caution(team, caseload),
                       dossiers_title=caseload.title(DOSSIERS),
                       week=week, by=by, again=again, sheets_unread=len(caseload.look_alikes))
