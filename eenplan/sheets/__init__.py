"""The team's workbook: its layout, the reader, the checks and the report writers.

The check of a whole workbook, with the flows' rules too, is ``eenplan.flows.check``.
"""

from eenplan.sheets.findings import CheckReport, Finding
from eenplan.sheets.reader import read_caseload
from eenplan.sheets.records import Caseload

__all__ = ["Caseload", "CheckReport", "Finding", "read_caseload"]
