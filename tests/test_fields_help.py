"""`eenplan templates fields SOORT` shows examples a team can paste into that template: before,
every kind showed {{ rondetafel.datum|datum(...) }} and {% for a in afspraken %}, which do not
exist in gezinsplan.docx, and pasted there they were an unknown-field error (a tester's find)."""

from __future__ import annotations

import re

import pytest

from eenplan.docx_templates.context import KINDS
from eenplan.docx_templates.lint import check_file, fields_table
from tests.test_templates_check import template


@pytest.mark.parametrize("kind", KINDS)
def test_the_examples_of_a_kinds_fields_work_in_that_template(tmp_path, kind):
    shown = fields_table([kind])
    (filtered,) = re.findall(r"\{\{ [^}]*\|datum\([^)]*\) \}\}", shown)
    loops = re.findall(r"\{% for (\w+) in (\w+) %\}", shown)
    paragraphs = [f"Op {filtered}."]
    for variable, listed in loops:
        paragraphs += [f"{{% for {variable} in {listed} %}}", "Nog een.", "{% endfor %}"]
    report = check_file(template(tmp_path, *paragraphs, name=f"{kind}.docx"))
    assert not [f for f in report if f.severity == "error"], report
