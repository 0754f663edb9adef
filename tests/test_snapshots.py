"""Snapshots: each version once, the retention rule, what vanished, finding one by name."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from eenplan.team.state import State
from eenplan.watcher.run import UNCHANGED, UNREADABLE, run_once
from eenplan.watcher.snapshots import KEEP_LAST, Inventory, SnapshotError, Snapshots, vanished
from tests.builders import CaseloadBuilder
from tests.watching import make_team

NOW = datetime.datetime(2026, 11, 23, 16, 0)


def _keep(store: Snapshots, content: bytes, at: datetime.datetime, inventory=None):
    incoming = store.incoming("Caseload.xlsx")
    incoming.parent.mkdir(parents=True, exist_ok=True)
    incoming.write_bytes(content)
    return store.keep(incoming, hashlib.sha256(content).hexdigest(), inventory or Inventory(), at)


def test_the_same_version_is_kept_once(tmp_path):
    store = Snapshots(tmp_path)
    first = _keep(store, b"een", NOW)
    _keep(store, b"twee", NOW + datetime.timedelta(minutes=1))
    again = _keep(store, b"een", NOW + datetime.timedelta(minutes=2))
    assert again.name == first.name and again.last_seen > first.last_seen
    assert [s.name for s in store.all()][-1] == first.name  # seen last
    assert len(list(store.dir.glob("*.xlsx"))) == 2
    assert store.latest_other(first.sha256).sha256 == hashlib.sha256(b"twee").hexdigest()


def test_kept_the_last_30_the_newest_of_each_week_for_a_year_and_those_that_hold_lost_rows(tmp_path):
    store = Snapshots(tmp_path)
    days = [NOW - datetime.timedelta(days=n) for n in range(80, -1, -1)]  # oldest first
    made = {day: _keep(store, day.isoformat().encode(), day) for day in days}
    pinned = made[days[10]]
    store.pin(pinned)
    ancient = _keep(store, b"oud", NOW - datetime.timedelta(weeks=60))
    store.pin(ancient)
    deleted = store.prune(NOW)

    kept = {s.name for s in store.all()}
    assert {made[day].name for day in days[-KEEP_LAST:]} <= kept
    assert pinned.name in kept and ancient.name not in kept and ancient.name in deleted
    weeks: dict[tuple[int, int], list[datetime.datetime]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    for week_days in weeks.values():
        assert made[max(week_days)].name in kept
    older = [d for d in days[:-KEEP_LAST]
             if made[d].name != pinned.name and d != max(weeks[d.isocalendar()[:2]])]
    assert older and all(made[d].name not in kept for d in older)
    assert not [p for name in deleted for p in store.dir.glob(f"{name}.*")]


def test_what_vanished_is_said_by_dossier_number():
    before = Inventory(dossiers={"2026-001": "2026-001", "2026-002": "2026-002"},
                       rows={"Netwerk": {"2026-001": 3, "2026-002": 2}, "Afspraken": {"2026-001": 1}})
    after = Inventory(dossiers={"2026-001": "2026-001"},
                      rows={"Netwerk": {"2026-001": 1}, "Afspraken": {}})
    gone = vanished(before, after)
    assert gone.dossiers == ("2026-002",)
    assert gone.rows == (("Netwerk", "2026-001", 2), ("Afspraken", "2026-001", 1))
    sentence = gone.sentence("20261123-160000-abcdef12")
    assert "dossier 2026-002, 2 netwerkleden van 2026-001 en 1 afspraak van 2026-001" in sentence
    assert "eenplan restore 20261123-160000-abcdef12 --dossier 2026-002" in sentence
    assert not vanished(after, before)


def test_a_snapshot_is_found_by_the_start_of_its_name(tmp_path):
    store = Snapshots(tmp_path)
    with pytest.raises(SnapshotError, match="nog geen snapshots"):
        store.resolve("2026")
    one = _keep(store, b"een", NOW)
    two = _keep(store, b"twee", NOW + datetime.timedelta(seconds=1))
    assert store.resolve(one.name[:15]) == one
    assert store.resolve(two.name + ".xlsx") == two
    with pytest.raises(SnapshotError, match="Meer dan één"):
        store.resolve("20261123")
    with pytest.raises(SnapshotError, match="restore --list"):
        store.resolve("1999")


def test_a_run_reads_a_version_once_and_keeps_names_out_of_the_audit_trail(tmp_path):
    book = CaseloadBuilder().dossier("2026-001").dossier("2026-002")
    team = make_team(tmp_path, book)
    first = run_once(team, now=NOW)
    assert first.ok and first.snapshot
    assert run_once(team, now=NOW, unchanged_since=first.sha256).outcome == UNCHANGED
    CaseloadBuilder().dossier("2026-001").save(team.workbook)
    second = run_once(team, now=NOW + datetime.timedelta(minutes=1))
    assert second.vanished.dossiers == ("2026-002",)
    with State(team.state_dir, root=team.base) as state:
        runs = state.runs()
    assert [r.outcome for r in runs] == ["ok", "ok"]
    assert runs[0].dossiers == ("2026-002",) and runs[0].workbook_sha256 == second.sha256
    assert b"Familie" not in (team.state_dir / "state.sqlite").read_bytes()
    assert not any(p.name == "Caseload.xlsx" for p in team.state_dir.rglob("*.xlsx"))


def test_a_password_protected_workbook_is_one_line(tmp_path):
    team = make_team(tmp_path, CaseloadBuilder().dossier("2026-001"))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    team.workbook.write_bytes(ole)
    result = run_once(team, now=NOW)
    assert result.outcome == UNREADABLE
    [line] = result.lines()
    assert "wachtwoord" in line and line.endswith("eenplan wacht op de volgende versie.")
    assert not Snapshots(team.state_dir).all()
