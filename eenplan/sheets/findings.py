"""Problems in the data are findings: plain data with a stable code, never exceptions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eenplan.sheets.codes import ERROR, WARNING, Code, Severity

# The ``sheet`` of a finding about the team's flows/ folder rather than a sheet of the workbook
FLOWS_FOLDER = "flows"
# ... and of one about the folder the workbook is in (a conflict copy beside it): said first
WORKBOOK_FOLDER = "map"


def in_team_titles(text: str, titles: Mapping[str, str]) -> str:
    """``text`` with "blad Dossiers" naming each sheet as the team's workbook does where its title
    is another ("blad Gezinnen", from [bladen] in eenplan.toml): the team looks for the sheet by
    that name. "[kolommen.Dossiers]" stays, as eenplan.toml's sections take eenplan's names."""
    renamed = {ours: theirs for ours, theirs in titles.items() if ours != theirs}
    if not renamed or not titles.keys().isdisjoint(renamed.values()):  # one sheet named as another
        return text  # of eenplan's: either name would mislead; so said twice, this changes nothing
    sheet = re.compile(r"\b(blad|bladen) (" + "|".join(map(re.escape, renamed)) + r")\b")
    return sheet.sub(lambda m: f"{m[1]} {renamed[m[2]]}", text)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in the workbook. Tests assert on ``code`` and ``cell``."""

    sheet: str
    row: int | None  # the Excel row number; None for a problem with a whole sheet
    column: str  # the header as the team wrote it, or eenplan's when it is missing
    cell: str  # "E12", or "" when there is no single cell
    value: str  # the cell as a person would read it
    kind: Code  # from the catalogue (codes.py): the finding's code and severity
    message: str  # one Dutch sentence that says what to do
    dossier: str = ""  # the dossier number the row belongs to, when known

    @property
    def code(self) -> str:
        """Stable, kebab-case: "date-before-registration"."""
        return self.kind.name

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell,
            "value": self.value, "code": self.kind.name, "severity": self.kind.severity,
            "message": self.message, "dossier": self.dossier,
        }


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A rule that could not look, for want of a column: said as a finding (``rule-unchecked``)
    and, in the JSON, as data a program can act on."""

    sheet: str
    column: str  # the header eenplan looked for (the team's name for it)
    codes: tuple[str, ...]  # what the rule would have found
    rows: int  # the rows it would have looked at

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "column": self.column, "codes": list(self.codes),
                "rows": self.rows}


@dataclass(frozen=True)
class CheckReport:
    workbook: str
    findings: tuple[Finding, ...]
    # eenplan's sheet name -> the sheet's name in the workbook, where the team named it otherwise
    sheet_titles: Mapping[str, str] = field(default_factory=dict)
    dossiers: int | None = None  # the rows on Dossiers (None: not said)
    # the rules that could not look, each for want of a column (each is a finding too)
    unchecked: tuple[Unchecked, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON of DESIGN.md §5, the dossiers read and the rules that could not look: no
        finding in a workbook without a dossier is no caseload checked, nor is none of a rule
        without its column that rule passed, and a program must be able to tell."""
        said = {} if self.dossiers is None else {"dossiers": self.dossiers}
        return {
            "workbook": self.workbook,
            "errors": self.errors,
            "warnings": self.warnings,
            **said,
            # no finding of a rule that could not look is no all-clear of that rule
            "unchecked": [u.to_dict() for u in self.unchecked],
            "findings": [f.to_dict() for f in self.findings],
        }


SHEET_ORDER = ("Dossiers", "Netwerk", "Pauzes", "Rondetafels", "Afspraken", "Lijsten")


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """In the order a person walks the workbook: sheet by sheet, row by row, left to right."""

    def key(f: Finding) -> tuple[int, str, int, int, str, str]:
        sheet = (-1 if f.sheet == WORKBOOK_FOLDER else SHEET_ORDER.index(f.sheet)
                 if f.sheet in SHEET_ORDER else len(SHEET_ORDER))
        col = 0
        for ch in f.cell:
            if ch.isalpha():
                col = col * 26 + ord(ch.upper()) - 64
        return (sheet, f.sheet, f.row or 0, col, f.code, f.value)

    return tuple(sorted(findings, key=key))
