"""Flow definitions: the trajectories a team runs and their norms.

The defaults ship in ``defaults/``; a team's own TOML files in its ``flows/`` folder override
them by name or add new ones.
"""

from __future__ import annotations

from pathlib import Path

DEFAULTS = Path(__file__).with_name("defaults")


def flow_names(team_flows: Path | None = None) -> tuple[str, ...]:
    """The names of the flows a dossier's Traject may name."""
    names = {p.stem for p in DEFAULTS.glob("*.toml")}
    if team_flows is not None and team_flows.is_dir():
        names.update(p.stem for p in team_flows.glob("*.toml"))
    return tuple(sorted(names))
