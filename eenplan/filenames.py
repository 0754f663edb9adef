"""File and folder names that work on every file system, and when two names are one.

Pure: no file is read or written here. ``files`` writes under these names; the records use
``same_name`` to say when two dossier numbers are one dossier, since they would share its
folder in out/ (and its print file and inzage folders).
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 120  # characters: room for the folder on Windows' 260-character paths
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# a name safe_name keeps as it is: ASCII letters, digits and _, single dashes, dots and spaces
# between them ("2026-014", "GENT 2026.7"), short enough
_PLAIN = re.compile(r"[0-9A-Za-z_]+(?:[-. ][0-9A-Za-z_]+)*")
_LETTER_OR_DIGIT = re.compile(r"[0-9A-Za-z]")
# many names, one a line: what ``same_names`` and ``any_names_nothing`` look at in one pass
_LINE_NOT_FROM_A_DIGIT = re.compile(r"^[^0-9]", re.MULTILINE)
_LINE_WITHOUT_LETTER_OR_DIGIT = re.compile(r"^[^0-9A-Za-z\n]*$", re.MULTILINE)

# Unicode categories a file name leaves out: controls and format characters (U+202E turns a
# name around on screen, a zero-width joiner glues emoji), symbols such as emoji (So, Sk), the
# emoji's skin tones, variation selectors and private use.
_LEFT_OUT = {"Cc", "Cf", "Co", "Cs", "So", "Sk"}


def _without_symbols(text: str) -> str:
    kept = []
    for char in text:
        if unicodedata.category(char) in _LEFT_OUT or "\ufe00" <= char <= "\ufe0f":
            continue
        kept.append(char)
    return "".join(kept)


def _cleaned(stem: str, end: str) -> str:
    """``stem`` without what no file system takes, short enough with ``end`` after it; "" when
    nothing is left."""
    text = _without_symbols(unicodedata.normalize("NFC", stem))
    text = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", text))
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rstrip(" .-")
    while len((text + end).encode("utf-8")) > 240:  # file systems count bytes
        text = text[:-1].rstrip(" .-")
    return text


def safe_name(stem: str, suffix: str, *, version: int = 1) -> str:
    """A file name that works on Windows, macOS, Linux and synced drives, as close to ``stem``
    as can be: no slashes, colons or other forbidden characters, no emoji, control or direction
    characters (U+202E), no reserved device names, no trailing dots or spaces, and not too long."""
    tail = f" ({version})" if version > 1 else ""
    text = _cleaned(stem, tail + suffix) or "document"
    if text.split(".")[0].upper() in RESERVED:
        text = "_" + text
    return text + tail + suffix


def same_name(stem: str) -> str:
    """What two stems have in common when safe_name makes them one folder's name, as Windows,
    macOS and synced drives see it (they take "2026-031A" and "2026-031a" for one folder):
    "2026/031", "2026\\031", "2026:031", "2026-031." and "2026-031" all give "2026-031"."""
    text = stem.strip()
    if (_PLAIN.fullmatch(text) is not None and len(text) <= MAX_STEM
            and (text[0].isdigit() or text.split(".")[0].upper() not in RESERVED)):
        return text.lower()  # what safe_name would give: it keeps such a name as it is
    return safe_name(text, "").casefold()


def same_names(stems: list[str]) -> list[str]:
    """``same_name`` of each stem: at 50,000 dossiers one look at them all (their lines joined),
    where most are plain ("2026-014") and short, and only then one by one."""
    joined = "\n".join(stems) + "\n"
    # (one regex over the joined lines would keep a backtracking mark for each: 70 MB at 150,000)
    if (all(map(_PLAIN.fullmatch, stems)) and max(map(len, stems), default=0) <= MAX_STEM
            and (_LINE_NOT_FROM_A_DIGIT.search(joined) is None  # "CON" and the like need a letter
                 or not any(stem.split(".")[0].upper() in RESERVED
                            for stem in stems if not stem[:1].isdigit()))):
        names = joined.lower().split("\n")[:-1]
        if len(names) == len(stems):  # (no stem held a line break of its own)
            return names
    return [same_name(stem) for stem in stems]


def any_names_nothing(stems: list[str]) -> bool:
    """Whether ``names_nothing`` holds for any of these non-empty stems: one look at them all
    when they are ASCII and short, as dossier numbers are."""
    joined = "\n".join(stems)
    if joined.isascii() and max(map(len, stems), default=0) <= MAX_STEM and "\r" not in joined:
        return _LINE_WITHOUT_LETTER_OR_DIGIT.search(joined) is not None if stems else False
    return any(map(names_nothing, stems))


def names_nothing(stem: str) -> bool:
    """Whether nothing of ``stem`` is left to name a file or folder by: no letter or digit once
    slashes, emoji, dots and the like are gone ("🙂", "???", "..."). safe_name would call it
    "document" or "-"."""
    if stem.isascii() and len(stem) <= MAX_STEM:  # cleaning leaves its letters and digits
        return _LETTER_OR_DIGIT.search(stem) is None
    return not any(char.isalnum() for char in _cleaned(stem, ""))
