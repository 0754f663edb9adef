"""Compile eenplan/locale/*/LC_MESSAGES/eenplan.po into the .mo files that ship.

    python scripts/compile_translations.py          # write the .mo files
    python scripts/compile_translations.py --check  # exit 1 when a .mo is out of date
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "eenplan" / "locale"


def compiled(po: Path) -> bytes:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if mo.exists() and mo.read_bytes() == data:
            continue
        if "--check" in argv:
            stale.append(mo)
        else:
            mo.write_bytes(data)
            print(f"geschreven: {mo.relative_to(LOCALE.parent.parent)}")
    for mo in stale:
        print(f"verouderd: {mo}; voer python scripts/compile_translations.py uit")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
