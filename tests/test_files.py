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
