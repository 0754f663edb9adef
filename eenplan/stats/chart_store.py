"""Charts drawn before, kept in the team folder's state (.eenplan/grafieken/), so that a report
whose figures did not change draws nothing (matplotlib costs a second before it draws anything).

An entry's name is a hash of everything its picture shows (aggregate counts, never a name: the
team's own caseload chart, which names begeleiders, is never kept), of the chart code and of
matplotlib's version; a change in any of them is another name. An entry is kept as
``kept.Kept`` keeps it: a damaged one is ignored, and the chart is drawn again.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from eenplan.stats import charts
from eenplan.stats.charts import Planned
from eenplan.stats.kept import Kept, installed_version, source_version

FOLDER = "grafieken"
KEEP = 40  # entries kept, the most recently used first: a few periods' reports


class ChartStore:
    """The charts kept in one team folder's state."""

    def __init__(self, state_dir: Path, base: Path) -> None:
        self.kept = Kept(state_dir / FOLDER, base, suffix=".png", keep=KEEP)

    def path(self, planned: Planned) -> Path:
        return self.kept.path(_made_from(planned))

    def get(self, planned: Planned) -> bytes | None:
        return self.kept.read(_made_from(planned))

    def put(self, planned: Planned, png: bytes) -> None:
        self.kept.write(_made_from(planned), png)


def _made_from(planned: Planned) -> str:
    return json.dumps({"code": _code_version(), "library": installed_version("matplotlib"),
                       **planned.values()}, ensure_ascii=False, sort_keys=True)


@functools.cache
def _code_version() -> str:
    """The chart code's version: any change to a chart's look (a colour, a size, the dpi) draws it anew."""
    return source_version(charts.__file__)
