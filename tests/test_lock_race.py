"""Issue 17, case 5: the watch lock is taken by one process at a time, also when four race for it."""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from pathlib import Path

import pytest

from eenplan.watcher.lock import LOCK_NAME, WatcherBusy, WatchLock

TRIALS = 40
RACERS = 4


def _race(state_dir: str, start, holding, most, wins, index: int) -> None:
    lock = WatchLock(Path(state_dir))
    for trial in range(TRIALS):
        start.wait()
        try:
            lock.acquire()
        except WatcherBusy:
            pass
        else:
            with holding.get_lock():
                holding.value += 1
                most.value = max(most.value, holding.value)
            wins[trial] += 1
            time.sleep(0.02)
            with holding.get_lock():
                holding.value -= 1
            lock.release()
        start.wait()
        if index == 0:  # between trials: what a crashed watcher or a slow writer leaves behind
            path = Path(state_dir) / LOCK_NAME
            if trial % 3 == 0:
                path.write_bytes(b"")  # created, not yet written
            elif trial % 3 == 1:
                path.write_text(f"999999999 {socket.gethostname()}\n", encoding="utf-8")  # gone
        start.wait()


def test_four_processes_racing_for_the_lock_never_both_hold_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(RACERS)
    holding, most = context.Value("i", 0), context.Value("i", 0)
    wins = context.Array("i", TRIALS)
    racers = [context.Process(target=_race, args=(str(tmp_path), start, holding, most, wins, i))
              for i in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    assert all(r.exitcode == 0 for r in racers)
    assert most.value == 1
    assert all(count >= 1 for count in wins)  # a stale or empty lock never keeps everyone out


def test_an_empty_lock_file_whose_writer_is_gone_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_bytes(b"")
    with WatchLock(tmp_path) as lock:
        assert lock.held
        assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8").startswith(f"{os.getpid()} ")
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_held_lock_is_refused_even_before_its_holder_wrote_its_name(tmp_path):
    import fcntl

    handle = os.open(tmp_path / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)  # a watcher that has the lock, its name not written yet
    try:
        with pytest.raises(WatcherBusy, match="Er houdt al een eenplan watch"):
            WatchLock(tmp_path).acquire()
    finally:
        os.close(handle)
