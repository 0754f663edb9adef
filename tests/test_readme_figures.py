"""The README's statistics tables are what eenplan makes of the demo teams today
(scripts/readme_figures.py makes them; paste its output when a change moves a figure)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "scripts" / "readme_figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readmes_statistics_tables_are_the_demos(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    made = _script().tables(tmp_path)
    assert set(made) == {"team/per_kwartaal", "team/afgesloten", "team/wachttijd",
                         "partnership/per_kwartaal", "partnership/per_team"}
    stale = [name for name, table in made.items() if table not in readme]
    assert not stale, f"README.md differs from scripts/readme_figures.py for {stale}"


def test_a_table_is_markdown_with_its_total_in_bold():
    table = {"columns": [{"label": "Kwartaal", "kind": "label"}, {"label": "Aanmeldingen", "kind": "count"},
                         {"label": "% binnen de norm", "kind": "share"}],
             "rows": [["1e kwartaal 2026", 33, "≥87"], ["Totaal", 131, 80.9]]}
    assert _script().markdown(table).splitlines() == [
        "| Kwartaal | Aanmeldingen | % binnen de norm |", "| --- | --- | --- |",
        "| 1e kwartaal 2026 | 33 | ≥ 87 % |", "| **Totaal** | **131** | **80,9 %** |"]
