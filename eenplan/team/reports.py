"""The reports eenplan writes in rapporten/ (Controle.xlsx, Achterstand.xlsx, the statistics, the
region file), with the same care as the documents in out/: a report someone changed since
eenplan wrote it is that person's work, and is never overwritten.

    written = write_report(team, team.reports_dir / "Achterstand.xlsx",
                           lambda path: write_overdue_report(items, path, today=today))

The state remembers each report file eenplan wrote (its name in rapporten/, the hash of the file
as written, and what it was made from). A file at the report's name that is not as eenplan wrote
it (opened and saved in Excel, a cell added, or a file eenplan did not write) is kept: the
report goes to the next free version name ("Achterstand (2).xlsx"), found as for the documents
(``files.free_version``), and ``Written.kept`` says which files were left. That new file is
eenplan's own: the next run refreshes it, and makes no third one while no one changes it.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eenplan.dutch import and_list
from eenplan.errors import OutputError
from eenplan.files import (
    WriteFailed,
    free_version,
    os_reason,
    publish,
    require_inside,
    sha256_of,
    write_hidden,
)
from eenplan.team.folder import Team
from eenplan.team.settings import SETTINGS_FILE, Settings
from eenplan.team.state import State

REPORTS_FOLDER = "rapporten"
HASHED_NAME = "#"  # a report remembered by a keyed hash of its name (``private_name``)


class ReportUnreadable(OutputError):
    """A file at a report's name cannot be read to see whether someone changed it (held open,
    no rights, a disk error): that report is not refreshed; what else a run makes goes on."""


@contextlib.contextmanager
def _reading(team: Team, path: Path, *, private_name: bool) -> Iterator[None]:
    """The system's refusal to read a file at the report's name, as one sentence that names the
    file as the team sees it in its folder (not by name when the name holds a person's)."""
    try:
        yield
    except OSError as exc:
        raise _unreadable(team, path, exc, private_name=private_name) from None


def _unreadable(team: Team, path: Path, exc: OSError, *, private_name: bool) -> ReportUnreadable:
    failed = Path(os.fsdecode(exc.filename)) if isinstance(exc.filename, (str, bytes, os.PathLike)) else path
    folder = failed.parent if failed.parent != Path(".") else path.parent
    try:
        shown = (folder if private_name else failed).relative_to(team.base).as_posix()
    except ValueError:
        shown = (folder if private_name else failed).name
    if private_name:
        shown = f"een bestand in {shown}/"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return ReportUnreadable(f"{shown} is niet vernieuwd: eenplan mag het niet lezen (geen "
                                "toegang). Staat het open in een ander programma (Excel), sluit "
                                "het dan; anders vraag je leesrechten voor die map.")
    reason, advice = os_reason(exc)
    return ReportUnreadable(f"{shown} is niet vernieuwd: eenplan kan het niet lezen "
                            f"({reason.replace('schrijven', 'lezen')}). {advice}")


@dataclass(frozen=True)
class Written:
    """Where a report went, and the files at its earlier names that were left as they are."""

    path: Path
    kept: tuple[Path, ...] = ()  # changed since eenplan wrote them, or not eenplan's: left
    moved: bool = False  # written at a name that was not the report's own file before this run
    unchanged: bool = False  # it held this very content already: not written again
    # written outside a team's rapporten/ (``write_kept``): no state there knows what eenplan
    # wrote, so the files kept may be eenplan's own earlier ones, and the sentence says so
    elsewhere: bool = False

    def kept_sentence(self, shown: Callable[[Path], str]) -> str:
        """The one sentence that says where the report is and that the changed one was left;
        "" when it is at its own name."""
        if not self.kept:
            return ""
        one = len(self.kept) == 1
        files = and_list([shown(path) for path in self.kept])
        if self.elsewhere:
            return (f"eenplan liet {files} staan, want buiten de map rapporten/ van een team weet "
                    f"eenplan niet of iemand {'het' if one else 'ze'} na eenplan aanpaste; het "
                    f"nieuwe bestand staat in {shown(self.path)} (gooi "
                    f"{'het oude' if one else 'de oude'} zelf weg als je "
                    f"{'het' if one else 'ze'} niet meer nodig hebt).")
        return (f"eenplan liet {files} staan, want {'het werd' if one else 'ze werden'} na eenplan "
                f"aangepast (of {'is' if one else 'zijn'} niet van eenplan); de nieuwe versie staat "
                f"in {shown(self.path)}, en die houdt eenplan voortaan bij.")


def write_report(team: Team, path: Path, write: Callable[[Path], object], *,
                 made_from: str = "", private_name: bool = False) -> Written:
    """Write the report ``path`` (a file in rapporten/) with ``write(temporary_path)``, at its
    name or, when a person's work lies there, at the next free version name (``Written``).

    ``made_from``: a hash of what the report is made of (the watcher's): when the report's file
    is as eenplan wrote it from this very content, it is not written again (``unchanged``).
    Recorded before it is visible, as a document is: a run cut short leaves a recorded file or
    a hidden one, never a report eenplan would later take for a person's work.

    ``private_name``: the file's name holds a person's name (a begeleider's weekly mail): the
    state remembers it by a keyed hash of the name, never the name (no names in .eenplan/)."""
    folder = require_inside(team.base, path.parent)
    with State(team.state_dir, root=team.base) as state:

        def key(name: str) -> str:
            return f"{HASHED_NAME}{state.keys.file(name)}" if private_name else name

        def made_as(at: Path) -> str | None:
            known = state.report(key(at.name))
            return None if known is None else known[1]

        kept: list[Path] = []
        with _reading(team, path, private_name=private_name):  # someone's file there, or eenplan's?
            there = free_version(folder, path.stem, path.suffix, made_as=made_as, passed=kept)
        known = state.report(key(there.name)) if there.is_file() else None
        if made_from and known is not None and known[0] == made_from:
            return Written(there, tuple(kept), unchanged=True)
        hidden = write_hidden(there, b"")
        published = False
        try:  # whatever stops it (the report, the state that cannot record it): no hidden file left
            write(hidden)
            sha256 = sha256_of(hidden)
            kept = []
            with _reading(team, path, private_name=private_name):
                target = free_version(folder, path.stem, path.suffix, made_as=made_as,
                                      sha256=sha256, passed=kept)
                before = state.report(key(target.name))
                ours = target.is_file() and before is not None and sha256_of(target) == before[1]
            state.record_report(key(target.name), fingerprint=made_from, sha256=sha256)
            try:
                publish(hidden, target)
            except WriteFailed:
                state.put_back_report(key(target.name), before)
                raise
            published = True
        finally:
            if not published:
                with contextlib.suppress(OSError):
                    hidden.unlink()
    return Written(target, tuple(kept), moved=bool(kept) and not ours)



def write_kept(path: Path, write: Callable[[Path], object], *, team: Team | None = None,
               private_name: bool = False) -> Written:
    """Write the file ``path`` with ``write(temporary_path)`` where eenplan writes what a person
    may open and change: the team's rapporten/ (``team``, else the team whose rapporten/ the
    folder is: `stats samenvoegen --naar`) as ``write_report`` does, and any other folder (`digest
    --eml MAP`, `stats samenvoegen --naar MAP`) by the same rule with nothing remembered there:
    a file at the name is replaced only when it holds the very bytes eenplan is about to write
    (the same report made again); any other file there is kept, and this one goes to the next
    free version name (``Written.kept``, ``elsewhere``), said in one sentence. ``private_name``:
    as for ``write_report``."""
    team = team or team_of_reports(path.parent)
    if team is not None and _same_folder(path.parent, team.reports_dir):
        return write_report(team, team.reports_dir / path.name, write, private_name=private_name)
    folder = path.parent
    hidden = write_hidden(path, b"")  # makes the folder, as any write there would
    published = False
    try:
        write(hidden)
        kept: list[Path] = []
        target = free_version(folder, path.stem, path.suffix, made_as=lambda _: None,
                              sha256=sha256_of(hidden), passed=kept)
        publish(hidden, target)
        published = True
    finally:
        if not published:
            with contextlib.suppress(OSError):
                hidden.unlink()
    return Written(target, tuple(kept), moved=bool(kept), elsewhere=True)


def team_of_reports(folder: Path) -> Team | None:
    """The team whose rapporten/ ``folder`` is (it lies in a folder with eenplan.toml), or None.
    Only its folder and its state are used: its settings are not read (a partnership's report
    does not depend on them)."""
    try:
        resolved = folder.expanduser().resolve()
    except OSError:
        return None
    if resolved.name != REPORTS_FOLDER or not (resolved.parent / SETTINGS_FILE).is_file():
        return None
    settings = Settings()
    return Team(root=resolved.parent, settings=settings, workbook=resolved.parent / settings.workbook)


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.expanduser().resolve() == other.expanduser().resolve()
    except OSError:
        return False
