"""The flow model: a flow's steps and norms as frozen dataclasses. Pure: no file, no clock.

``loader`` reads them from TOML; ``deadlines`` works out a dossier's due dates from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from eenplan.sheets.cells import normal_text
from eenplan.sheets.codes import ERROR, Severity

# The milestones a step may count from or be done on: Dutch name -> Dossier field.
MILESTONES: Mapping[str, str] = {
    "aanmelding": "registered_on",
    "perspectiefgesprek": "perspective_on",
    "gezinsplan": "plan_on",
    "afsluiting": "closed_on",
}
# How a norm names its start: "binnen 1 maand na aanmelding".
_AFTER = {
    "registered_on": "aanmelding",
    "perspective_on": "het perspectiefgesprek",
    "plan_on": "het gezinsplan",
    "closed_on": "afsluiting",
}


@dataclass(frozen=True)
class Step:
    """One norm of a flow."""

    name: str  # "perspectiefgesprek", "afsluiting", "eerste_sessie"
    label: str  # "Perspectiefgesprek" (Dutch, for people)
    milestone: str  # the Dossier field that marks it done: "perspective_on", "closed_on", ...
    start: str  # the Dossier field it counts from: "registered_on", "perspective_on"
    months: int = 0  # calendar months (as Excel's EDATE); or
    days: int = 0  # days; one of the two is 0
    warn_days: int = 7  # the "due soon" window
    severity: Severity = ERROR

    @property
    def norm(self) -> str:
        """The norm as people say it: "binnen 1 maand na aanmelding"."""
        if self.months:
            length = f"{self.months} {'maand' if self.months == 1 else 'maanden'}"
        else:
            length = f"{self.days} {'dag' if self.days == 1 else 'dagen'}"
        return f"binnen {length} na {_AFTER.get(self.start, self.start)}"


@dataclass(frozen=True)
class Evaluation:
    """The default time to the next round-table, for a plan whose round-table has no Volgende
    datum (a flow's ``[evaluatie]``)."""

    months: int = 0  # calendar months after the round-table; or
    days: int = 0  # days; one of the two is 0
    warn_days: int = 7  # the "due soon" window

    @property
    def norm(self) -> str:
        """"binnen 3 maanden na de rondetafel"."""
        if self.months:
            length = f"{self.months} {'maand' if self.months == 1 else 'maanden'}"
        else:
            length = f"{self.days} {'dag' if self.days == 1 else 'dagen'}"
        return f"binnen {length} na de rondetafel"


@dataclass(frozen=True)
class Flow:
    name: str
    title: str
    steps: tuple[Step, ...]
    max_sessions: int | None = None
    early_closure_reasons: tuple[str, ...] = ()  # reasons that fit a closure before step 1
    evaluation: Evaluation | None = None  # a default evaluation interval, when the flow sets one

    def fits_early_closure(self, reason: str) -> bool:
        wanted = normal_text(reason)
        return any(normal_text(r) == wanted for r in self.early_closure_reasons)


class Flows(Mapping[str, Flow]):
    """Flows by name; a name matches with case and surrounding spaces ignored, as in the workbook."""

    def __init__(self, flows: Mapping[str, Flow], *, notes: tuple[str, ...] = ()) -> None:
        self._flows = dict(flows)
        self._keys = {name.strip().casefold(): name for name in self._flows}
        # what the loader passed over and a person meant as a flow (flows/x.toml.txt): one
        # sentence each, said by `check` and beside the overdue list and the digest
        self.notes = notes

    def __getitem__(self, name: str) -> Flow:
        return self._flows[self._keys[name.strip().casefold()]]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().casefold() in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._flows)

    def __len__(self) -> int:
        return len(self._flows)

    def __repr__(self) -> str:
        return f"Flows({sorted(self._flows)!r})"
