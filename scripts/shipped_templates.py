"""Record every default template eenplan ever shipped: eenplan/docx_templates/shipped.json.

    python scripts/shipped_templates.py           # write shipped.json from git history and the files here
    python scripts/shipped_templates.py --check   # exit 1 when a version is missing from it

A team folder holds copies of the defaults `eenplan init` gave it. `templates check` and `eenplan
templates bijwerken` know a copy no one changed by its content hash among every version listed
here, and a document made from an earlier default keeps its fingerprint (docx_templates/
shipped.py says which hashes). Run this after `python scripts/build_templates.py` changed a
default, and commit shipped.json with it: tests/test_template_upgrade.py fails until you do.

Versions are read from every commit that changed a template under eenplan/docx_templates
(`git log`, `git cat-file`), then from the files in the working tree. A version once listed is
never dropped, also when the history at hand is shallower than when it was listed: a team
folder made with it is still out there.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eenplan.docx_templates.shipped import SHIPPED_FILE, content_hash  # noqa: E402

TEMPLATES = "eenplan/docx_templates"
PATTERNS = (f"{TEMPLATES}/*.docx", f"{TEMPLATES}/*/*.docx")
NOTE = ("Every default template eenplan shipped, oldest first: the hash of its content (every part "
        "but docProps/core.xml) and of its file. Made by scripts/shipped_templates.py; do not edit.")


def _git(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, input=data, capture_output=True, check=True).stdout


def from_history() -> Iterator[tuple[str, bytes]]:
    """(key, file bytes) of each template in each commit that changed one, oldest first."""
    log = _git("log", "--reverse", "--format=%H", "--", *PATTERNS).decode().split()
    wanted: list[tuple[str, str]] = []
    for commit in log:
        changed = _git("diff-tree", "--no-commit-id", "--root", "-r", "--name-only", "--diff-filter=AMR",
                       commit, "--", *PATTERNS).decode().splitlines()
        wanted += [(commit, path) for path in changed]
    if not wanted:
        return
    batch = _git("cat-file", "--batch", data="".join(f"{c}:{p}\n" for c, p in wanted).encode())
    at = 0
    for _, path in wanted:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        yield path.removeprefix(TEMPLATES + "/"), batch[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1


def from_files() -> Iterator[tuple[str, bytes]]:
    """(key, file bytes) of each template as it is now."""
    folder = ROOT / TEMPLATES
    for path in sorted((*folder.glob("*.docx"), *folder.glob("*/*.docx"))):
        if not path.name.startswith("~$"):
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def recorded() -> dict[str, list[dict[str, str]]]:
    if not SHIPPED_FILE.is_file():
        return {}
    return json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))["templates"]  # type: ignore[no-any-return]


def collect(sources: Sequence[tuple[str, bytes]],
            known: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """Every version in ``known`` and in ``sources``, each once, oldest first."""
    versions = {key: list(items) for key, items in known.items()}
    for key, data in sources:
        content = content_hash(data)
        assert content is not None, f"{key} is no .docx"
        entry = {"content": content, "file": hashlib.sha256(data).hexdigest()}
        items = versions.setdefault(key, [])
        if entry not in items:
            items.append(entry)
    return {key: versions[key] for key in sorted(versions)}


def main(argv: Sequence[str]) -> int:
    known = recorded()
    try:
        history = list(from_history())
    except (OSError, subprocess.CalledProcessError):
        print("geen git-geschiedenis hier: alleen de sjablonen zoals ze nu zijn", file=sys.stderr)
        history = []
    wanted = collect([*history, *from_files()], known)
    if "--check" in argv:
        missing = [key for key in wanted if wanted[key] != known.get(key)]
        for key in missing:
            print(f"niet opgenomen: een versie van {key}; voer python scripts/shipped_templates.py uit")
        return 1 if missing else 0
    text = json.dumps({"note": NOTE, "templates": wanted}, indent=1, ensure_ascii=False) + "\n"
    if not SHIPPED_FILE.is_file() or SHIPPED_FILE.read_text(encoding="utf-8") != text:
        SHIPPED_FILE.write_text(text, encoding="utf-8")
        print(f"geschreven: {SHIPPED_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
