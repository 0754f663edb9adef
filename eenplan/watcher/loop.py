"""The watcher itself: file-system events in, one run per save out, until it is told to stop.

The observer's thread only notes that something happened; the runs happen on the thread that
called ``serve``, one at a time, so a stop (Ctrl-C, SIGTERM: ``Watcher.stop``) takes effect
between runs. Business logic lives in ``run``; this module decides only *when* to run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from eenplan.docx_templates import limits
from eenplan.docx_templates.documents import wrong_language_line
from eenplan.docx_templates.pdf import remove_leftovers
from eenplan.docx_templates.shipped import earlier_defaults_line
from eenplan.dutch import and_list
from eenplan.errors import ConfigError, EenplanError
from eenplan.files import TeamFolderGone, os_reason
from eenplan.flows.digest import DigestNotSent
from eenplan.sheets.reader import SheetMemory
from eenplan.team.copies import Beside
from eenplan.team.folder import Team, copies_beside, copies_sentence, load_settings
from eenplan.team.settings import SETTINGS_FILE
from eenplan.team.state import LOGIN_KEY, State, StateUnwritable
from eenplan.watcher.complete import Timings, is_save, signature, wait_until_complete
from eenplan.watcher.lock import WatchLock
from eenplan.watcher.run import (
    HELD,
    MISSING,
    UNCHANGED,
    DigestSender,
    RunResult,
    digest_if_due,
    read_ahead,
    run_once,
)
from eenplan.watcher.schedule import next_midnight, next_moment

log = logging.getLogger("eenplan.watcher")

# The longest the loop sleeps without looking at the clock (the digest, the date).
LONGEST_SLEEP = 60.0
DIGEST_RETRY = datetime.timedelta(hours=1)
# What a run that could not change eenplan's memory or write in the team folder says, whatever
# the system's words for it (sqlite's "attempt to write a readonly database", "database or disk
# is full", a lock held by another eenplan)
MEMORY_UNWRITABLE = ("eenplan kan zijn geheugen in .eenplan/ nu niet bijwerken: de map is "
                     "alleen-lezen, de schijf is vol of een ander programma houdt het vast.")
UNFINISHED_AT_MOST = 5  # heartbeats between two tries of a run left unfinished, at most
FOLDER_AWAY = "folder-away"  # the problem of a run whose folder was not there (said by its line)
# the lines said once, as `watch --once` remembers them in the state (``State.say_once``)
LOGIN, DIGEST_WAITS, COPY, EARLIER_DEFAULTS = "aanmelding", "overzicht-wacht", "kopie", "oude-sjablonen"
WRONG_LANGUAGES = "sjablonen-in-het-nederlands"


class _SaveHandler(FileSystemEventHandler):
    def __init__(self, workbook: Path, notice: Callable[[], None]) -> None:
        self.workbook = workbook
        self.notice = notice

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        dest = getattr(event, "dest_path", "") or ""
        if is_save(event.event_type, str(event.src_path), str(dest), self.workbook):
            self.notice()


class Watcher:
    """Watches one team's workbook. ``serve()`` blocks until ``stop()``; one run per save."""

    def __init__(
        self,
        team: Team,
        *,
        poll: float | None = None,
        timings: Timings | None = None,
        clock: Callable[[], datetime.datetime] = datetime.datetime.now,
        out: Callable[[str], None] = print,
        send_digest: DigestSender | None = None,
        interactive: bool = False,
    ) -> None:
        self.team = team
        self.poll = poll
        self.timings = timings or Timings()
        self.clock = clock
        self.out = out
        self.send_digest = send_digest
        self.interactive = interactive  # started in a terminal: Ctrl-C stops it (said so)
        self.results: list[RunResult] = []  # every run that read a new version, in order
        self.rounds = 0  # every look at the workbook, also those that found the same version
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._last_event = 0.0
        self._seen: tuple[int, int] | None = None  # the workbook's size and time at the last event
        self._last_sha: str | None = None
        self._last_outcome = ""
        self._digest_not_before = datetime.datetime.min
        self._digest_waits = ""  # the week whose digest waits for a version that is not held
        # what the mail server refused for good, said once, not at every save or every hour: its
        # login (the password), and a week's mails it refused themselves (the digest's mend)
        self._login_said = ""
        self._refusal_said = ""
        self._run_problem = ""  # what stopped the last run (its memory, the folder): not said twice
        self._day = datetime.date.min
        self.ready = threading.Event()  # set once the observer runs and the first run is done
        self.rearmed = 0  # how often the watch was set up anew (the folder came back, or changed)
        self._observer: BaseObserver | None = None
        self._folder_id: tuple[int, int] | None = None  # the watched folder's device and inode
        self._away = False  # the folder is not there: said once, looked for at every heartbeat
        self._once = False  # `watch --once`: a next try is the next scheduled run, not an hour on
        self._ran_on: tuple[int, int] | None = None  # the workbook's size and time at the last run
        # a run that failed (its memory, its folder): tried again at each heartbeat until it
        # works; whether it was a forced run (a new day, the start) or a save's
        self._retry: bool | None = None
        # the version whose run left something that may pass by itself (a report open in Excel,
        # the mail server away): tried again at each heartbeat, quietly, until it is done; and
        # what its runs said (without the hour), so that a try says only what is new
        self._unfinished: str | None = None
        self._unfinished_said: set[str] = set()
        # ... not at every heartbeat while it lasts: each try waits twice as long as the one
        # before, up to UNFINISHED_AT_MOST heartbeats (a report open all morning is tried a dozen
        # times an hour, not sixty: each try is a whole run, and a line in the audit trail)
        self._unfinished_wait = 0.0
        self._unfinished_at = 0.0
        self._next_heartbeat = 0.0
        self._memory = SheetMemory()  # each sheet of the version read last (see SheetMemory)
        # what could not be written or sent (a report, letters, a mail), said on its own line:
        # `eenplan watch --once` ends with an exit code a scheduled task notices
        self.undone = False
        self.gone = False  # the team folder was renamed, moved or deleted: the watcher stopped
        self.settings_problem = ""  # what is wrong with eenplan.toml as it is now (said once)
        self._settings_seen = self._settings_signature()
        self._around: tuple[int, int] | None = None  # the folder around the team folder
        self._copies_said: frozenset[Beside] = frozenset()  # conflict copies beside the workbook

    # -- what other threads call -----------------------------------------------------------

    def stop(self) -> None:
        """Stop after the document in progress (safe from a signal handler or another thread)."""
        self._stop.set()
        self._wake.set()
        limits.interrupt()  # a slow template does not keep the stop waiting

    def notice(self) -> None:
        """Something happened to the workbook (called on the observer's thread)."""
        self._last_event = time.monotonic()
        self._seen = signature(self.team.workbook)
        self._wake.set()

    # -- the loop --------------------------------------------------------------------------

    def serve(self, *, once: bool = False) -> RunResult | None:
        """Watch until stopped (or run once); returns the last run's result."""
        limits.resume()
        self._once = once
        with WatchLock(self.team.state_dir):
            remove_leftovers(self.team)  # a killed run's copies of letters, from making PDFs
            if once:
                self._say_earlier_defaults()  # a scheduled `--once` is how many teams watch
                result = self._run(force=True)
                if not self._stop.is_set():
                    self._digest()
                return result
            self._around = _identity(self.team.base.parent)
            self._observer = self._start_observer()
            try:
                self.say(self._greeting())
                self._say_earlier_defaults()
                self._run(force=True)
                if not (self.gone or self._away):
                    self._digest()
                self.ready.set()
                self._loop()
            finally:
                self._stop_observer()
        if self.gone:
            self.say(f"{self.clock():%H:%M:%S} De teammap {self.team.base} is er niet meer "
                     "(hernoemd, verplaatst of verwijderd): eenplan stopt en maakt ze daar niet "
                     "opnieuw; start `eenplan watch` opnieuw in de map waar ze nu staat.", loud=True)
            return None
        self.say(f"{self.clock():%H:%M:%S} Gestopt.")
        return self.results[-1] if self.results else None

    def _loop(self) -> None:
        self._next_heartbeat = time.monotonic() + self.timings.heartbeat
        while not self._stop.is_set():
            sleep = min(self._sleep(), max(0.05, self._next_heartbeat - time.monotonic()))
            woke = self._wake.wait(sleep)
            if self._stop.is_set():
                return
            if self.gone or self._moved():  # nothing more is done at a place the team left
                self.gone = True
                return
            if woke:
                self._wake.clear()
                if not self._settle():
                    return
                self._run(force=False)
            if time.monotonic() >= self._next_heartbeat:
                self._next_heartbeat = time.monotonic() + self.timings.heartbeat
                self._heartbeat()
            if self.gone:  # a run found the team folder moved: serve says so, and stops
                return
            if self._away:  # nothing is done in a folder that is not there: the heartbeat waits
                continue
            if self.clock().date() != self._day and not self._stop.is_set():
                self._run(force=True)  # a new day: what is overdue has changed
            if not (self.gone or self._away):
                self._digest()

    def _moved(self) -> bool:
        """The team folder is no longer at its path while the folder around it still is, the
        same one: it was renamed, moved or deleted. A share or a synced folder that is away as a
        whole (the folder around it gone too) comes back: ``_heartbeat`` waits for that."""
        base = self.team.base
        return (not base.is_dir() and self._around is not None
                and _identity(base.parent) == self._around)

    def _heartbeat(self) -> None:
        """Look for ourselves, whatever the events said: a folder that went away (a share that
        dropped out, a synced folder moved), a watch that died or watches a folder that is no
        longer the one at this path (re-mounted), a save whose event never came."""
        self._reread_settings()
        folder = self.team.workbook.parent
        identity = _identity(folder)
        if identity is None or not self.team.base.is_dir():
            self._say_away()
            return
        came_back = self._away
        if came_back or identity != self._folder_id or not self._observer_alive():
            self._rearm()
            if came_back:
                self._away = False
                self.say(f"{self.clock():%H:%M:%S} De map {folder} is terug: eenplan kijkt weer mee.")
        if self._retry is not None:  # the version a failed run left: again, by itself
            self._run(force=self._retry)
        elif signature(self.team.workbook) != self._ran_on:
            self._run(force=False)
        elif self._unfinished is not None and time.monotonic() >= self._unfinished_at:
            self._run(force=False, again=True)  # what a run could not write (a report open in Excel)
        else:  # a conflict copy comes without a save of the workbook
            self._say_copies()

    def _say_away(self) -> None:
        """The folder is not there: said once; each heartbeat looks whether it is back."""
        if self._away:
            return
        self._away = True
        folder = self.team.workbook.parent if self.team.base.is_dir() else self.team.base
        self.say(f"{self.clock():%H:%M:%S} De map {folder} is niet meer bereikbaar (verplaatst, "
                 "of de netwerkschijf of gesynchroniseerde map is even weg). eenplan kijkt "
                 f"elke {_seconds(self.timings.heartbeat)} of ze terug is en werkt dan verder.")

    def _observer_alive(self) -> bool:
        observer = self._observer
        return (observer is not None and observer.is_alive()
                and all(emitter.is_alive() for emitter in observer.emitters))

    def _rearm(self) -> None:
        """A new watch on the folder as it is now."""
        self._stop_observer()
        try:
            self._observer = self._start_observer()
        except ConfigError as exc:  # gone again, or the system refuses: the next heartbeat tries
            self.say(f"{self.clock():%H:%M:%S} {exc}")
            return
        self.rearmed += 1

    def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=10)

    def _settle(self) -> bool:
        """Wait until the saves stop coming (debounce); False when stopped meanwhile.

        Meanwhile each new version is read ahead into the sheet memory (``read_ahead``), so the
        quiet is not time lost: a large workbook's reading takes longer than the quiet itself.
        """
        first = time.monotonic()
        read: tuple[int, int] | None = None  # the size and time of the version read ahead
        while not self._stop.is_set():
            now = time.monotonic()
            left = min(self._last_event + self.timings.quiet, first + self.timings.longest_wait) - now
            if left <= 0:
                self._wake.clear()
                return True
            self._wake.clear()  # an event from here on wakes the wait below
            seen = self._seen
            if self._memory is not None and seen is not None and seen != read:
                read = seen
                read_ahead(self.team, memory=self._memory, unless=self._last_sha)
                continue
            self._wake.wait(left)
        return False

    def _settings_signature(self) -> tuple[int, int] | None:
        return signature(self.team.root / SETTINGS_FILE) if self.team.root is not None else None

    def _reread_settings(self) -> None:
        """eenplan.toml changed: its new settings from the next run on; a file that cannot be
        read is said once, and the last good settings stay (the watched workbook stays too)."""
        seen = self._settings_signature()
        if seen == self._settings_seen or self.team.root is None:
            return
        if seen is None and _identity(self.team.root) is None:  # the folder is away, not the
            return  # file: the heartbeat says that (once), and this looks again when it is back
        self._settings_seen = seen
        try:
            settings = load_settings(self.team.root / SETTINGS_FILE)
        except ConfigError as exc:
            if str(exc) != self.settings_problem:
                self.settings_problem = str(exc)
                self.say(f"{self.clock():%H:%M:%S} {exc} eenplan werkt verder met de instellingen "
                         "van daarvoor.", loud=True)
            return
        self.settings_problem = ""
        self.team = dataclasses.replace(self.team, settings=settings)

    def _run(self, *, force: bool, again: bool = False) -> RunResult | None:
        """One run; ``again``: the heartbeat tries the version a run left unfinished (a report
        open in Excel), whose lines were said: only what is new is said, and that it worked."""
        self._reread_settings()
        seen = None if force else self._seen
        if not wait_until_complete(self.team.workbook, self.timings, self._stop, seen=seen):
            return None
        ran_on = signature(self.team.workbook)
        now = self.clock()
        try:
            result = run_once(self.team, now=now, unchanged_since=None if force else self._last_sha,
                              stopping=self._stop.is_set,
                              memory=self._memory, next_try=self._next_try(),
                              progress=lambda line: self.say(f"{self.clock():%H:%M:%S} {line}"))
        except (EenplanError, sqlite3.Error, OSError) as exc:  # the team folder itself: away,
            # not writable, a full disk, its memory held or damaged: said once, tried again
            self._retry = force or bool(self._retry)
            self._failed(exc, now)
            return None
        self._ran_on, self._retry = ran_on, None
        if self._run_problem:  # the version a failed run left is done now
            if self._run_problem != FOLDER_AWAY:  # (a folder back was said by its own line)
                self.say(f"{now:%H:%M:%S} Het lukt weer: eenplan werkt de versie af die bleef "
                         "liggen.")
            self._run_problem = ""
        self.rounds += 1
        if result.outcome != UNCHANGED:
            self._day = now.date()
        if result.outcome == UNCHANGED or (result.outcome == MISSING and self._last_outcome == MISSING):
            self._say_copies()
            return result
        # A run that could not write everything, or was stopped, is done again on the next save,
        # also when that save has the same bytes (its lines promise that); and, when what stopped
        # it may pass by itself (``retry_soon``), at the next heartbeat (``_unfinished``).
        retry = bool(result.problems) or result.stopped
        # an address to mend too: the invitation did not go (said on each run, not retried)
        self.undone = self.undone or bool(result.problems) or bool(result.mend)
        self._last_sha, self._last_outcome = (None if retry else result.sha256), result.outcome
        self.results.append(result)
        lines = result.lines()
        if again and result.sha256 == self._unfinished:  # its lines were said: only what is new
            lines = [line for line in lines if _untimed(line) not in self._unfinished_said]
            if not result.problems:
                lines.insert(0, self._finished_line(result))
            self._unfinished_said |= {_untimed(line) for line in lines}
        else:
            self._unfinished_said = {_untimed(line) for line in lines}
        # what may pass by itself (a report open in Excel, a folder, the mail server) is tried
        # again at the heartbeat, not only at the next save: a quiet workbook can wait for days
        tried_again = again and result.sha256 == self._unfinished
        self._unfinished = result.sha256 if result.retry_soon and not result.stopped else None
        heartbeat = self.timings.heartbeat
        self._unfinished_wait = (min(self._unfinished_wait * 2, heartbeat * UNFINISHED_AT_MOST)
                                 if tried_again else heartbeat)
        self._unfinished_at = time.monotonic() + self._unfinished_wait - heartbeat / 2
        for line in lines:
            self.say(line, loud=result.outcome == HELD)
        if result.login_refused:
            self._say_login(result.login_refused, result.login_lines())
        elif result.mailed:  # mail went: a refused login, said since, is said again
            self._login_went()
        self._say_copies()
        return result

    def _next_try(self) -> str:
        """When this watcher tries again what a run left that may pass by itself (a letter open
        in Word, the mail server away), as the run's sentences say it: the watcher that keeps
        running, at its heartbeat (after 1, 2, 4, then every 5 minutes); `watch --once`, when the
        scheduled task starts it again."""
        return "bij de volgende ronde" if self._once else "over enkele minuten"

    def _finished_line(self, result: RunResult) -> str:
        """What a try at the heartbeat says when it did what the version's run could not."""
        reports = and_list([_shown(Path(os.path.abspath(path)), self.team.base)
                            if _inside(Path(os.path.abspath(path)), self.team.base) else path.name
                            for path in result.reports])
        kept = f" ({reports} {'is' if len(result.reports) == 1 else 'zijn'} bij)" if reports else ""
        return (f"{result.at:%H:%M:%S} Het lukt nu wel: wat bij {result.workbook.name} versie "
                f"{result.version} bleef liggen, is gedaan{kept}.")

    def _say_login(self, sentence: str, lines: list[str]) -> None:
        """A login the mail server refused for good: said once (until mail goes again), and
        this round did not do everything (`watch --once` exits 2)."""
        self.undone = True
        # (its words say the day once it is remembered: the same)
        if not self._login_said and self._first_time(LOGIN, sentence):
            for line in lines:
                self.say(line, loud=True)
        self._login_said = sentence

    def _login_went(self) -> None:
        """Mail went (it logged in): a refused login, said since, is said again."""
        self._login_said = ""
        if self._once:
            self._forget_said(LOGIN)

    def _first_time(self, what: str, line: str, *, about: str = "") -> bool:
        """Whether a line the watcher says once is to be said: by the watcher that keeps running
        (it remembers itself what it said), yes; by `watch --once`, each run a new process, when
        the state does not remember saying it today (``State.say_once``): a scheduled task every
        15 minutes says it again when it changed, and once a day while it lasts."""
        if not self._once:
            return True
        try:
            with State(self.team.state_dir, root=self.team.base) as state:
                if what == LOGIN and (refused := state.refusal(LOGIN_KEY)) is not None:
                    # the refusal itself: its words change once it is remembered (they say the day)
                    line = f"{refused.tried} {refused.refused_at.isoformat()}"
                return state.say_once(what, line, at=self.clock(), about=about)
        except (EenplanError, sqlite3.Error, OSError):  # its memory: said again rather than not
            return True

    def _forget_said(self, what: str, *, keep: tuple[str, ...] = ()) -> None:
        with contextlib.suppress(EenplanError, sqlite3.Error, OSError):
            with State(self.team.state_dir, root=self.team.base) as state:
                state.forget_said(what, keep=keep)

    def _say_copies(self) -> None:
        """A conflict copy beside the workbook (a colleague's changes eenplan does not read):
        said once, when the watcher first sees it, not at every save; saved again, it is said
        again. The log gets the line without the copy's name (Dropbox puts a person's in it).
        A scheduled `watch --once` (each run a new process) says each copy once a day, and again
        when it is saved again, as the state remembers (by a keyed hash of its name)."""
        found = copies_beside(self.team)
        new = [copy for copy in found if copy not in self._copies_said]
        self._copies_said = frozenset(found)
        if self._once:  # each run a new process: what the state remembers saying today
            self._forget_said(COPY, keep=tuple(copy.name for copy in found))
            new = [copy for copy in new if self._first_time(COPY, copy.modified.isoformat(),
                                                             about=copy.name)]
        if not new:
            return
        line = f"{self.clock():%H:%M:%S} LET OP: {copies_sentence(self.team, new)}"
        logged = line
        for copy in new:
            logged = logged.replace(copy.name, "[kopie]")
        self.say(line, loud=True, logged=logged)

    def _failed(self, exc: Exception, now: datetime.datetime) -> None:
        """A run stopped by the team folder itself: its folder away (waited for, or, moved, the
        watcher stops and frees its lock), or its memory or disk (said once, tried again)."""
        if not self._once and (isinstance(exc, TeamFolderGone) or _identity(self.team.base) is None):
            if self._moved():  # renamed, moved or deleted: the loop stops and says so
                self.gone = True
                self._wake.set()
                return
            self._run_problem = FOLDER_AWAY
            self._say_away()
            return
        problem = _problem(exc, self.team)
        if problem == self._run_problem:
            return
        self._run_problem = problem
        ours = problem == MEMORY_UNWRITABLE  # the folder or the disk: not a message of eenplan's
        if self._once:
            again = (" Kijk of je in de teammap mag schrijven en of de schijf niet vol is; de "
                     "volgende ronde probeert het opnieuw." if ours else "")
        else:
            again = (f" eenplan probeert deze versie van de werkmap zelf opnieuw, elke "
                     f"{_seconds(self.timings.heartbeat)}, en zegt het als het lukt"
                     + ("; blijft het duren, kijk dan of je in de teammap mag schrijven en of de "
                        "schijf niet vol is." if ours else "."))
        self.say(f"{now:%H:%M:%S} {problem}{again}", loud=True)

    def _digest(self) -> None:
        now = self.clock()
        if now < self._digest_not_before:
            return
        try:
            result = digest_if_due(self.team, now=now, send=self.send_digest)
        except (EenplanError, sqlite3.Error, OSError) as exc:  # mail server down, workbook
            # unreadable, its memory not writable: try again later
            self._digest_not_before = now + DIGEST_RETRY
            self.undone = True
            if isinstance(exc, DigestNotSent) and exc.login:  # the password: said once, and the
                # next try does not ask the mail server again until it or [mail] changes
                if not self._login_said and self._first_time(LOGIN, exc.why):
                    self.say(f"{now:%H:%M:%S} LET OP: het wekelijkse overzicht is niet verstuurd. "
                             f"{exc.why}", loud=True)
                self._login_said = exc.why
                return
            if _problem(exc, self.team) != self._run_problem:  # the same as the run's (its
                # memory): said once, and whether this week's overview went, eenplan could not even look
                when = "bij de volgende ronde" if self._once else "over een uur"
                if isinstance(exc, DigestNotSent):  # its copy is no invitation to send it by hand:
                    # the next try would send it again
                    said = (f"{exc.why} eenplan probeert het {when} opnieuw (een kopie staat in "
                            f"{exc.kept}; stuur die niet ook zelf door, anders krijgen de "
                            "coördinatoren het twee keer)." + (f" {exc.left}" if exc.left else ""))
                else:
                    said = f"{_problem(exc, self.team)} eenplan probeert het {when} opnieuw."
                self.say(f"{now:%H:%M:%S} Het wekelijkse overzicht is niet verstuurd: {said}")
            return
        if result is None:
            self._digest_waits = ""
            return
        if result.held:  # the latest version was held: said once, tried again after each run
            if self._digest_waits != result.week:
                self._digest_waits = result.week
                for line in result.lines():
                    self.say(line, loud=True)
            return
        self._digest_waits = ""
        if result.sent is not None and not result.sent.login and result.sent.how == "smtp":
            self._login_went()  # it logged in: one refused again later is said again
        if result.sent is not None and (result.sent.unsent or result.sent.waiting):
            # the rest of the round in an hour; one refused for good asks the server only once
            # what it goes with changed ([mail], the password, an address)
            self.undone = True
            self._digest_not_before = now + DIGEST_RETRY
        if result.sent is not None and result.sent.waiting and not result.sent.unsent:
            if result.sent.mend == self._refusal_said and bool(result.sent.login) == bool(self._login_said):
                return  # said already: not again every hour
            if not self._first_time(DIGEST_WAITS, f"{result.sent.mend}\n{bool(result.sent.login)}"):
                self._refusal_said, self._login_said = result.sent.mend, result.sent.login
                return  # `watch --once`: said by a run earlier today
            self._refusal_said = result.sent.mend
            if result.sent.login:
                self._say_login(result.sent.login, [f"{now:%H:%M:%S} LET OP: {result.sent.login}"])
        if result.sent is not None and result.sent.refused:  # a wrong address: not tried again,
            self.undone = True  # but this round did not send everything
        if result.sent is None:  # this eenplan cannot make it: not again before next week's
            self._digest_not_before = next_moment(now, self.team.settings.digest)
        for line in result.lines():
            self.say(line)
        for line in result.warnings():  # something to mend in the workbook: no run failed
            self.say(line, loud=True)

    def _sleep(self) -> float:
        now = self.clock()
        until = min(next_moment(now, self.team.settings.digest), next_midnight(now))
        return max(0.5, min(LONGEST_SLEEP, (until - now).total_seconds() + 0.5))

    def _start_observer(self) -> BaseObserver:
        folder = self.team.workbook.parent
        if not folder.is_dir():
            raise ConfigError(f"De map {folder} van de werkmap bestaat niet: kijk team.werkmap in "
                              "eenplan.toml na.")
        self._folder_id = _identity(folder)
        observer = PollingObserver(timeout=self.poll) if self.poll is not None else Observer()
        observer.schedule(_SaveHandler(self.team.workbook, self.notice), str(folder), recursive=False)
        try:
            observer.start()
        except OSError as exc:  # e.g. the system's limit on watched folders
            raise ConfigError(
                f"Het systeem kan {folder} niet bewaken ({exc.strerror or exc}): gebruik "
                "eenplan watch --poll 5."
            ) from None
        return observer

    def _say_earlier_defaults(self) -> None:
        """The line for the team's templates that are an earlier eenplan's default, untouched
        (`eenplan templates bijwerken` replaces them): once as the watcher starts, and by a
        scheduled `watch --once` once a day (and again when other templates are concerned)."""
        older = earlier_defaults_line(self.team.templates_dir)
        if older is None:
            if self._once:
                self._forget_said(EARLIER_DEFAULTS)
        elif self._first_time(EARLIER_DEFAULTS, older):
            self.say(f"{self.clock():%H:%M:%S} {older}")
        # and, the same way, a template in a language folder that is in fact Dutch (a letter half
        # in Dutch for a family that reads French, as `invite` says with each document)
        dutch = wrong_language_line(self.team.templates_dir)
        if dutch is None:
            if self._once:
                self._forget_said(WRONG_LANGUAGES)
        elif self._first_time(WRONG_LANGUAGES, dutch):
            self.say(f"{self.clock():%H:%M:%S} {dutch}")

    def _greeting(self) -> str:
        how = (f"kijkt elke {_seconds(self.poll)} of" if self.poll is not None
               else "ziet meteen wanneer")
        stop = " Stoppen: Ctrl-C." if self.interactive else ""  # a service has no keyboard
        return f"{self.clock():%H:%M:%S} eenplan {how} {self.team.workbook.name} bewaard wordt.{stop}"

    def say(self, line: str, *, loud: bool = False, logged: str | None = None) -> None:
        """``line`` on the screen and in the log; ``logged``: what the log gets in its place."""
        self.out(line)
        (log.warning if loud else log.info)(line if logged is None else logged)


def _problem(exc: Exception, team: Team) -> str:
    """The sentence for what stopped a run or a digest: eenplan's own; for its memory (sqlite, a
    file in .eenplan/) or the disk under it, one sentence whatever the system's (English) words
    were; for another file the system refused (a report in rapporten/ open or not writable), that
    file as the team sees it in its folder, and what to do."""
    if isinstance(exc, EenplanError) and not isinstance(exc, StateUnwritable):
        return str(exc)
    if not isinstance(exc, OSError) or isinstance(exc, EenplanError):
        return MEMORY_UNWRITABLE
    file = _path_of(exc.filename)
    if file is not None and _inside(file, team.state_dir):
        return MEMORY_UNWRITABLE
    reason, advice = os_reason(exc)
    if file is not None and _inside(file, team.base):
        shown = _shown(file, team.base)
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
            return (f"eenplan mag {shown} niet lezen of schrijven (geen toegang): staat het open "
                    "in een ander programma (Excel, Word), sluit het dan; anders vraag je "
                    "schrijfrechten voor die map.")
        return f"eenplan kon {shown} niet lezen of schrijven: {reason}. {advice}"
    return (f"eenplan kon een bestand niet lezen of schrijven: {reason}. Kijk of er geen rapport "
            "of brief van eenplan open staat in een ander programma, of je in de teammap mag "
            "schrijven en of de schijf niet vol is.")


def _untimed(line: str) -> str:
    """A line without the hour it starts with ("10:01:00 ...")."""
    hour, _, rest = line.partition(" ")
    return rest if hour.count(":") == 2 else line


def _path_of(filename: object) -> Path | None:
    """The file an OSError names (``exc.filename``), made absolute; None for none."""
    if isinstance(filename, bytes):
        filename = os.fsdecode(filename)
    if not isinstance(filename, (str, os.PathLike)) or not os.fspath(filename):
        return None
    return Path(os.path.abspath(filename))


def _inside(path: Path, folder: Path) -> bool:
    return path == Path(os.path.abspath(folder)) or Path(os.path.abspath(folder)) in path.parents


def _shown(path: Path, base: Path) -> str:
    """A file in the team folder as the team sees it: "rapporten/Achterstand.xlsx"; one in out/
    by its dossier's folder alone ("een bestand in out/2026-001/"): a letter's name carries a
    person's, and the line is logged."""
    parts = path.relative_to(os.path.abspath(base)).parts
    if not parts:
        return "de teammap"
    if parts[0] == "out" and len(parts) > 2:
        return f"een bestand in out/{parts[1]}/"
    return "/".join(parts) + ("/" if path.is_dir() else "")


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder's device and inode: another folder at the same path (a share mounted anew)
    has others. None when it is not there."""
    try:
        status = folder.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if folder.is_dir() else None


def _seconds(value: float) -> str:
    text = f"{value:g}".replace(".", ",")
    return "seconde" if text == "1" else f"{text} seconden"
