"""Issue 17, case 4: no template can hang eenplan or fill its memory.

Each hostile template is flagged by `templates check`, and stopped, with one sentence naming the
template, within a bounded time when it is rendered anyway.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from eenplan.docx_templates import limits
from eenplan.docx_templates.context import INVITATION, example_context
from eenplan.docx_templates.lint import check_file
from eenplan.docx_templates.renderer import render_document
from eenplan.docx_templates.template import environment
from eenplan.errors import TemplateError

TODAY = datetime.date(2026, 11, 23)
NESTED = "{% for x in range(100000) %}{% for y in range(100000) %}{% endfor %}{% endfor %}"


def template_with(folder: Path, *paragraphs: str, name: str = "uitnodiging.docx") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = folder / name
    doc.save(str(path))
    return path


def codes(path: Path) -> list[str]:
    return [f.code for f in check_file(path, INVITATION)]


@pytest.mark.parametrize(("text", "code"), [
    (NESTED, "large-loop"),
    ("{% for x in range(5000) %}.{% endfor %}", "large-loop"),
    ("{{ gezin.naam * 100000000 }}", "huge-repetition"),
    ("{{ 10 ** 1000 }}", "huge-repetition"),
    ('{% include "andere.docx" %}', "include"),
    ('{% import "macros.docx" as m %}', "include"),
])
def test_templates_check_flags_what_would_hang_or_fill_memory(tmp_path, text, code):
    path = template_with(tmp_path, "Beste {{ gezin.naam }},", text)
    assert code in codes(path)
    found = next(f for f in check_file(path, INVITATION) if f.code == code)
    assert "uitnodiging.docx" in found.message


def test_a_small_loop_and_a_small_repetition_are_fine(tmp_path):
    path = template_with(tmp_path, "{% for x in range(3) %}{{ x }}{% endfor %} {{ '-' * 20 }}")
    assert not {"large-loop", "huge-repetition"} & set(codes(path))


def test_a_part_that_unpacks_to_gigabytes_is_refused_before_it_is_unpacked(tmp_path):
    path = template_with(tmp_path, "Beste {{ gezin.naam }},")
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    parts["docProps/thumbnail.jpeg"] = bytes(40_000_000)  # 40 MB of zeros, 40 kB packed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert path.stat().st_size < 1_000_000
    assert codes(path) == ["too-large"]
    started = time.monotonic()
    with pytest.raises(TemplateError, match="uitnodiging.docx pakt uit tot"):
        render_document(path, example_context(INVITATION), kind=INVITATION, team_name="T", today=TODAY)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("source", [
    NESTED,
    "{% for x in range(n) %}{% for y in range(n) %}{% endfor %}{% endfor %}",
    "{{ naam * n * n }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ naam.ljust(n * n) }}",
    "{{ naam|center(n * n) }}",
    "{{ 7 ** (n * n) }}",
    "{% macro m() %}{% for x in range(n) %}{{ m() }}{% endfor %}{% endmacro %}{{ m() }}",
])
def test_the_sandbox_stops_what_the_check_cannot_see(source):
    """Numbers that come from the data: only the rendering can stop them."""
    started = time.monotonic()
    with pytest.raises((limits.LimitExceeded, RecursionError)), limits.budget(seconds=5):
        environment().from_string(source).render(naam="An Peeters", n=100_000)
    assert time.monotonic() - started < 10


def test_a_slow_template_is_stopped_by_the_clock():
    with pytest.raises(limits.LimitExceeded, match="te lang"), limits.budget(seconds=0.05):
        environment().from_string(
            "{% for x in range(100000) %}{{ naam|upper|lower|title }}{% endfor %}").render(naam="a" * 2000)


def test_invite_with_a_hostile_template_is_one_sentence_in_bounded_time(book, tmp_path):
    book.dossier("2026-014", begeleider="An Claes", perspective_on=datetime.date(2026, 9, 20))
    book.network("2026-014", name="Maria Peeters", invite="ja")
    book.round_table("2026-014", date=datetime.date(2026, 12, 7))
    (tmp_path / "eenplan.toml").write_text("", encoding="utf-8")
    book.save(tmp_path / "Caseload.xlsx")
    (tmp_path / "docx_templates").mkdir()
    template_with(tmp_path / "docx_templates", "Beste {{ gezin.naam }},",
                  "{% for x in range(gezin.naam|length * 100000) %}{{ gezin.naam * 1000 }}{% endfor %}")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "eenplan", "invite", "2026-014", "--team", str(tmp_path),
                           "--as-of", "2026-11-23"], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "uitnodiging.docx" in said and "Traceback" not in said
    assert said.strip().count("\n") == 0


def test_a_stop_interrupts_a_slow_rendering_at_once():
    import threading

    caught: list[BaseException] = []

    def render() -> None:
        try:
            with limits.budget(seconds=60):
                environment().from_string("{% for x in range(n) %}{{ naam|upper|lower|title }}{% endfor %}"
                                          ).render(naam="a" * 20_000, n=150_000)
        except BaseException as exc:  # noqa: B036 - the test wants to see what stopped it
            caught.append(exc)

    thread = threading.Thread(target=render)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    limits.interrupt()
    try:
        thread.join(timeout=10)
    finally:
        limits.resume()
    assert time.monotonic() - started < 5
    assert [type(e) for e in caught] == [limits.Interrupted]
