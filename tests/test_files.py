"""Outputs are written whole, and readable by whoever may read a new file in that folder."""

from __future__ import annotations

import stat
import sys

import pytest

from eenplan.files import write_text_atomically


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_written_file_gets_the_permissions_of_any_new_file(tmp_path):
    plain = tmp_path / "gewoon.txt"
    plain.write_text("x", encoding="utf-8")
    path = write_text_atomically(tmp_path / "rapport.txt", "inhoud")
    assert path.read_text(encoding="utf-8") == "inhoud"
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gewoon.txt", "rapport.txt"]


def test_a_zip_with_its_large_parts_deflated_once_is_the_same_zip():
    import datetime
    import random

    from eenplan.files import reproducible_entries

    noise = random.Random(7)
    styles = "".join(noise.choice("<w:style/> abcdef\n") for _ in range(60_000)).encode()
    entries = [("word/document.xml", b"<w:document>kort</w:document>"), ("word/styles.xml", styles),
               ("docProps/core.xml", b"<dcterms:created>2020</dcterms:created>"), ("leeg", b"")]
    day = datetime.date(2026, 11, 23)
    remembered: dict[bytes, bytes] = {}
    plain = reproducible_entries(entries, day)
    assert reproducible_entries(entries, day, compressed=remembered) == plain
    assert list(remembered) == [styles]  # the large part, deflated once
    assert reproducible_entries(entries, day, compressed=remembered) == plain  # and taken again
    other = [("word/styles.xml", styles + b"<!-- anders -->")]
    assert reproducible_entries(other, day, compressed=remembered) == reproducible_entries(other, day)
