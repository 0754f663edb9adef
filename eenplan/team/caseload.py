"""The team's workbook, read once into records with the team's own header and sheet names."""

from __future__ import annotations

from collections.abc import Collection

from eenplan.sheets.reader import SheetMemory, read_caseload
from eenplan.sheets.records import Caseload
from eenplan.team.folder import Team


def load_caseload(team: Team, sheets: Collection[str] | None = None, *,
                  memory: SheetMemory | None = None) -> Caseload:
    """``sheets``: eenplan's names of the sheets the job uses, when not all; ``memory``: the
    watcher's sheets read last time (see read_caseload)."""
    settings = team.settings
    return read_caseload(
        team.workbook,
        header_aliases=settings.header_aliases,
        own_columns=settings.own_columns,
        sheet_aliases=settings.sheet_aliases,
        sheets=sheets,
        memory=memory,
    )
