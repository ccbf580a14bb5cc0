from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from backtrainer.store import backup
from backtrainer.store.backup import BackupPolicy, thin

BASE = datetime(2026, 1, 1, 9, 0)


def test_thin_keeps_seven_daily_four_weekly_twelve_monthly() -> None:
    stamps = [BASE - timedelta(days=d) for d in range(400)]  # one backup a day for 400 days
    keep = thin(stamps)
    days = sorted(keep, reverse=True)
    assert days[:7] == stamps[:7]  # the 7 newest days
    assert len(keep) == 7 + 4 + 12
    weeks = {s.isocalendar()[:2] for s in days[7:11]}
    assert len(weeks) == 4
    assert max(stamps) in keep


def test_thin_keeps_newest_of_each_day() -> None:
    stamps = [BASE, BASE - timedelta(hours=2), BASE - timedelta(days=1)]
    keep = thin(stamps)
    assert keep == {BASE, BASE - timedelta(days=1)}


def test_thin_empty() -> None:
    assert thin([]) == set()


@given(st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)), max_size=200))
def test_thin_properties(stamps: list[datetime]) -> None:
    policy = BackupPolicy()
    keep = thin(stamps, policy)
    assert keep <= set(stamps)
    if stamps:
        assert max(stamps) in keep
    assert len(keep) <= policy.daily + policy.weekly + policy.monthly
    assert thin(sorted(keep), policy) == keep  # thinning is idempotent


def _make_db(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.execute("INSERT INTO t VALUES (42)")
    con.commit()
    con.close()


def test_create_backup_is_a_copy_with_user_only_permissions(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    _make_db(db)
    made = backup.create_backup(db, tmp_path / "backups", BASE)
    assert made.name == "backtrainer-20260101-090000.sqlite3"
    assert sqlite3.connect(made).execute("SELECT x FROM t").fetchone() == (42,)
    assert made.stat().st_mode & 0o077 == 0
    assert backup.is_healthy(made)
    assert [b.path for b in backup.list_backups(tmp_path / "backups")] == [made]


def test_backup_due_and_clock_set_back(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    _make_db(db)
    folder = tmp_path / "backups"
    assert backup.backup_due(folder, BASE)
    backup.create_backup(db, folder, BASE)
    assert not backup.backup_due(folder, BASE + timedelta(hours=5))
    assert backup.backup_due(folder, BASE + timedelta(days=1))
    assert backup.backup_due(folder, BASE - timedelta(days=3))  # clock went back: do not trust "recent"


def test_apply_thinning_deletes_files(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    _make_db(db)
    folder = tmp_path / "backups"
    for d in range(30):
        backup.create_backup(db, folder, BASE - timedelta(days=d))
    removed = backup.apply_thinning(folder)
    left = backup.list_backups(folder)
    assert len(left) + len(removed) == 30
    assert len(left) == len(thin([BASE - timedelta(days=d) for d in range(30)]))


def test_is_healthy_rejects_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert not backup.is_healthy(junk)
