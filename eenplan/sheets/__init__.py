"""The team's workbook: its layout, the reader, the checks and the report writers."""

from eenplan.sheets import flow_rules  # noqa: F401 - registers the flows' checks
from eenplan.sheets.findings import CheckReport, Finding
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import Caseload
from eenplan.sheets.rules import check

__all__ = ["Caseload", "CheckReport", "Finding", "check", "read_caseload"]
