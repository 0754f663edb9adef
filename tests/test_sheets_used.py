"""A command reads only the sheets it uses: `overdue` and `stats` leave Netwerk (the largest)
unread, and what they answer is the same as from the whole workbook."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from eenplan.demo.caseload import generate
from eenplan.errors import WorkbookUnreadable
from eenplan.flows import clocks, flow_names, load_flows
from eenplan.flows import jobs as flow_jobs
from eenplan.flows.overdue import overdue_items
from eenplan.sheets.blank import write_workbook
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.schema import AGREEMENTS, DOSSIERS, LISTS, NETWORK, PAUSES, ROUND_TABLES
from eenplan.stats import figures as stats_figures
from eenplan.stats.figures import figures
from eenplan.stats.regional import aggregates
from eenplan.team.folder import find_team
from tests.conftest import TODAY
from tests.test_far_cells import FAR, inject


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory):
    data = generate(seed=7, today=TODAY)
    return write_workbook(tmp_path_factory.mktemp("demo") / "Caseload.xlsx", data.lists,
                          flow_names=flow_names(), rows=data.rows)


def test_a_job_that_names_its_sheets_gets_only_those(book, tmp_path):
    book.dossier("2026-001", Begeleider="Sara").network(Naam="Oma").pause(Van="01/09/2026")
    book.agreement(Wat="Naar school")
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"), sheets={PAUSES})

    assert caseload.unread == {NETWORK, ROUND_TABLES, AGREEMENTS}
    assert [d.id for d in caseload.dossiers] == ["2026-001"] and len(caseload.pauses) == 1
    assert caseload.network == () and caseload.agreements == ()
    assert caseload.lists  # Lijsten is always read
    assert set(caseload.layouts) == {DOSSIERS, PAUSES, LISTS}  # Lijsten's headers were looked at
    # asking for what was not read is a mistake in eenplan, not an empty answer
    with pytest.raises(ValueError):
        caseload.network_of("2026-001")
    with pytest.raises(ValueError):
        caseload.gaps({NETWORK: ("name",)})
    assert caseload.pauses_of("2026-001")


def test_a_whole_reading_leaves_nothing_unread(book, tmp_path):
    book.dossier("2026-001").network(Naam="Oma")
    caseload = read_caseload(book.save(tmp_path / "Caseload.xlsx"))
    assert caseload.unread == frozenset() and len(caseload.network) == 1


def test_a_sheet_left_unread_is_not_looked_at_by_its_own_name_either(book, tmp_path):
    """The far-cell look skips the unread sheet under the team's name for it too (a value far
    past the data there would otherwise refuse the workbook)."""
    book.dossier("2026-001")
    path = book.save(tmp_path / "Caseload.xlsx")
    book_with_alias = path.with_name("Mensen.xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["Netwerk"].title = "Mensen"
    workbook.save(book_with_alias)
    inject(book_with_alias, "Mensen", FAR)
    aliases = {NETWORK: "Mensen"}

    with pytest.raises(WorkbookUnreadable):
        read_caseload(book_with_alias, sheet_aliases=aliases)
    caseload = read_caseload(book_with_alias, sheet_aliases=aliases, sheets=clocks.SHEETS_USED)
    assert [d.id for d in caseload.dossiers] == ["2026-001"]


def test_overdue_answers_though_netwerk_cannot_be_read_and_check_still_refuses(book, tmp_path):
    book.dossier("2026-001", Aanmelding="01/06/2026", Begeleider="Sara")
    path = inject(book.save(tmp_path / "Caseload.xlsx"), "Netwerk", FAR)

    def eenplan(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "eenplan", *args, "--workbook", str(path),
                               "--as-of", "2026-11-23"], capture_output=True, text=True, timeout=120)

    overdue = eenplan("overdue", "--format", "json")
    assert overdue.returncode == 0, overdue.stderr
    assert '"dossier": "2026-001"' in overdue.stdout and '"status": "overdue"' in overdue.stdout
    assert eenplan("check").returncode == 2
    digest = eenplan("digest")  # the coordinators' weekly mail, shown: 2 if it could not be made
    assert digest.returncode == 0, digest.stderr


def test_the_overdue_list_is_the_same_from_its_sheets_as_from_the_whole_workbook(demo_workbook):
    flows = load_flows()
    whole = read_caseload(demo_workbook)
    used = read_caseload(demo_workbook, sheets=clocks.SHEETS_USED)
    assert used.unread == {NETWORK}
    for today in (TODAY, TODAY + datetime.timedelta(days=45)):
        expected = overdue_items(whole, flows, today=today)
        assert expected and any(i.cell for i in expected)  # the demo has late and unreadable rows
        assert overdue_items(used, flows, today=today) == expected


def test_the_statistics_are_the_same_from_their_sheets_as_from_the_whole_workbook(demo_workbook):
    flows = load_flows()
    whole = read_caseload(demo_workbook)
    used = read_caseload(demo_workbook, sheets=stats_figures.SHEETS_USED)
    assert used.unread == {NETWORK, ROUND_TABLES, AGREEMENTS}
    period = {"start": datetime.date(2025, 12, 1), "end": TODAY, "today": TODAY}
    for intern in (False, True):
        expected = figures(whole, flows, intern=intern, **period).to_dict()
        assert figures(used, flows, intern=intern, **period).to_dict() == expected
    # the region file (`stats --voor-regio`) too
    expected_region = aggregates(whole, flows, team="Team", **period)
    assert len(expected_region["maanden"]) == 12 and expected_region["afgesloten"]
    assert aggregates(used, flows, team="Team", **period) == expected_region


def test_the_digest_and_the_begeleiders_weeks_are_the_same_from_their_sheets(demo_workbook):
    team = find_team(team=None, workbook=demo_workbook)
    whole = read_caseload(demo_workbook)
    used = read_caseload(demo_workbook, sheets=flow_jobs.DIGEST_SHEETS)
    assert used.unread == {NETWORK}
    sent_at = datetime.datetime(2026, 11, 23, 8, 0)
    expected = flow_jobs.digest(team, whole, today=TODAY, sent_at=sent_at)
    got = flow_jobs.digest(team, used, today=TODAY, sent_at=sent_at)
    assert expected.counts and (got.text, got.counts, got.unjudged) == (
        expected.text, expected.counts, expected.unjudged)
    weeks = flow_jobs.begeleider_weeks(team, whole, today=TODAY, sent_at=sent_at)
    assert weeks and flow_jobs.begeleider_weeks(team, used, today=TODAY, sent_at=sent_at) == weeks
