"""Every real workbook of the shared corpus gives a clear answer: exit 0, 1 or 2, a few Dutch
lines, never a traceback. The corpus holds hostile files on purpose (an XML bomb, external
entity probes, encrypted and truncated packages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eenplan.cli import cli
from eenplan.errors import WorkbookUnreadable
from eenplan.flows import check
from eenplan.sheets.cells import display
from eenplan.sheets.reader import open_workbook, read_caseload
from eenplan.sheets.schema import DOSSIERS_SCHEMA
from tests.conftest import TODAY

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xlsx"
FILES = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason=f"the shared corpus is not at {CORPUS}")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_check_gives_a_clear_answer(runner, path):
    result = runner.invoke(cli, ["check", "--workbook", str(path), "--as-of", TODAY.isoformat()])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert path.name in lines[0]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sheet_read_as_the_dossiers_sheet(path):
    """The corpus has no Dossiers sheet, so each of its sheets is read as if it were one, its
    first row's cells standing in for our headers: every kind of column meets real cells."""
    try:
        book = open_workbook(path)
    except WorkbookUnreadable:
        return
    try:
        first_rows = {}
        for name in book.sheet_names:
            try:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:  # noqa: BLE001 - the reader reports these; here we only pick headers
                rows = []
            first_rows[name] = next((r for r in rows if any(v != "" for v in r)), [])
    finally:
        book.close()
    for name, first in first_rows.items():
        headers = [display(v) for v in first if display(v).strip()]
        ours = [c.header for c in DOSSIERS_SCHEMA.columns]
        aliases = {"Dossiers": dict(zip(ours[: len(headers)], headers[: len(ours)], strict=True))}
        try:
            caseload = read_caseload(path, sheet_aliases={"Dossiers": name}, header_aliases=aliases)
        except WorkbookUnreadable as exc:
            assert str(exc).strip()
            continue
        report = check(caseload, today=TODAY, flow_names=("procesbegeleiding",))
        json.dumps(report.to_dict())  # serialisable, whatever the cells held
