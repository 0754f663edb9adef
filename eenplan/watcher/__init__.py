"""The watcher: when someone saves the team's workbook, eenplan does its work by itself.

- ``events``: which file-system events matter (the workbook, never lock or temporary files);
- ``complete``: wait until a saved workbook is whole before reading it;
- ``run``: one run on one workbook version, through the same jobs the commands use;
- ``snapshots``: every version read, kept in ``.eenplan/snapshots/``; what vanished; restore;
- ``schedule``: when the weekly digest is due;
- ``lock``: one watcher per team folder;
- ``loop``: the observer, the debounce and the stop, tying the rest together.

Only ``loop`` imports watchdog; the rest is plain Python that tests and commands reach directly.
"""
