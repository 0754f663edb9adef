from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from eenplan.flows import check, flow_names
from eenplan.sheets.findings import CheckReport
from eenplan.sheets.reader import read_caseload
from tests.builders import CaseloadBuilder

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def book() -> CaseloadBuilder:
    return CaseloadBuilder()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def check_book(book: CaseloadBuilder, tmp_path: Path, today: datetime.date = TODAY) -> CheckReport:
    path = book.save(tmp_path / "Caseload.xlsx")
    return check(read_caseload(path), today=today, flow_names=flow_names())


def found(report: CheckReport, code: str) -> list[tuple[str, str]]:
    """(sheet, cell) of every finding with this code."""
    return [(f.sheet, f.cell) for f in report.findings if f.code == code]
