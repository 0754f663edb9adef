"""Compile eenplan/locale/*/LC_MESSAGES/eenplan.po into the .mo files that ship.

    python scripts/compile_translations.py          # write the .mo files
    python scripts/compile_translations.py --check  # exit 1 when a .mo does not say what its .po says

The check compares messages, not bytes: a .mo written by another Babel release differs in its
header ("Generated-By") and perhaps its layout, and still says the same.
"""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "eenplan" / "locale"


def compiled(po: Path) -> bytes:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def messages(catalog: Catalog) -> dict[tuple[str | None, Any], Any]:
    """(context, id) -> translation, for every message a .mo carries: translated, not fuzzy."""
    found: dict[tuple[str | None, Any], Any] = {("", "Plural-Forms"): catalog.plural_forms}
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            found[(message.context, _frozen(message.id))] = _frozen(message.string)
    return found


def _frozen(text: Any) -> Any:
    """A plural's forms as a tuple (read_po gives a tuple, read_mo a list)."""
    return tuple(text) if isinstance(text, (list, tuple)) else text


def up_to_date(po: Path, mo: Path) -> bool:
    """The .mo exists, Python's gettext reads it, and it holds exactly the .po's translations."""
    if not mo.exists():
        return False
    try:
        with mo.open("rb") as handle:
            gettext.GNUTranslations(handle)
        with mo.open("rb") as handle:
            from_mo = read_mo(handle)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    with po.open("rb") as handle:
        from_po = read_po(handle)
    return messages(from_mo) == messages(from_po)


def main(argv: list[str]) -> int:
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if up_to_date(po, mo):
            continue
        if "--check" in argv:
            stale.append(mo)
        else:
            mo.write_bytes(compiled(po))
            print(f"geschreven: {mo.relative_to(LOCALE.parent.parent)}")
    for mo in stale:
        print(f"verouderd: {mo}; voer python scripts/compile_translations.py uit")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
