"""Fault injection (issue 17): the data folder on a real, small tmpfs filled to within a few KB.

Start (the real start, as a child process), check-in save, export and backup meet a disk that is really full:
nothing is lost, the person is told plainly, and freeing space brings everything back. Needs root (``mount``), as
CI runs; skipped cleanly otherwise.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backtrainer.__main__ import main
from backtrainer.paths import DataPaths
from backtrainer.store import backup
from tests.app_process import run_app
from tests.services.history_fixture import END, make_history

DISK_SIZE = "4m"


def _free(mount: Path) -> int:
    st = os.statvfs(mount)
    return st.f_bavail * st.f_frsize


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(mount: Path, keep_bytes: int) -> Path:
    """Take all free space but ``keep_bytes`` (to the block)."""
    fill = mount / "fill"
    size = fill.stat().st_size if fill.exists() else 0
    with fill.open("ab") as fh:
        fh.truncate(size + max(0, _free(mount) - keep_bytes))
        fh.seek(0, os.SEEK_END)
    # truncate makes a sparse file on tmpfs: write real bytes so the space is really taken
    with fill.open("r+b") as fh:
        chunk = b"\xff" * 65536
        total = fill.stat().st_size
        written = 0
        while written < total:
            n = min(len(chunk), total - written)
            fh.write(chunk[:n])
            written += n
    assert _free(mount) <= keep_bytes + 4096
    return fill


def _rows(db: Path) -> dict[str, int]:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {table: int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("profile", "session", "exercise_result", "checkin", "event")}
    finally:
        con.close()


def _history(mount: Path) -> DataPaths:
    paths = DataPaths(mount / "data")
    make_history(paths.root, 30)
    # an older backup, so the start's daily backup is due
    backup.create_backup(paths.db, paths.backups, datetime.combine(END, datetime.min.time()) - timedelta(days=3))
    return paths


def _closed(paths: DataPaths) -> None:
    """As after a clean exit: the last connection closing removes -wal and -shm, so the next start must make them."""
    con = sqlite3.connect(paths.db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert not paths.db.with_name(paths.db.name + "-shm").exists()


@pytest.mark.parametrize("keep_kb", [0, 4, 8, 12, 16, 20, 24, 32, 48])
def test_start_on_a_full_disk_tells_and_changes_nothing(disk: Path, keep_kb: int) -> None:
    paths = _history(disk)
    rows = _rows(paths.db)
    before = paths.db.read_bytes()
    _closed(paths)
    fill = _fill(disk, keep_kb * 1024)
    result = run_app(paths.root, "--exit-after-paint")
    assert result.returncode in (0, 3), result.stderr
    if result.returncode == 3:  # it could not open: it said so plainly
        assert "the disk may be full" in result.stderr and "was not changed" in result.stderr
    assert "Traceback" not in result.stderr and "already open" not in result.stderr  # no misleading words
    assert paths.db.read_bytes() == before  # the healthy database was not moved, replaced or emptied
    assert not paths.damaged.exists()
    fill.unlink()  # space again: everything is back
    again = run_app(paths.root, "--exit-after-paint")
    assert again.returncode == 0, again.stderr
    assert _rows(paths.db) == rows


def test_a_restore_on_a_full_disk_keeps_the_original_and_succeeds_later(disk: Path) -> None:
    paths = _history(disk)
    rows = _rows(paths.db)
    data = paths.db.read_bytes()
    paths.db.write_bytes(data[:100] + b"\xde\xad\xbe\xef" * ((len(data) - 100) // 4))  # damaged
    damaged = paths.db.read_bytes()
    for leftover in (paths.db.with_name(paths.db.name + x) for x in ("-wal", "-shm")):
        leftover.unlink(missing_ok=True)  # the damaged file's own WAL files, as after the crash that damaged it
    fill = _fill(disk, 16 * 1024)  # too little room for a copy of the backup
    result = run_app(paths.root, "--exit-after-paint")
    assert result.returncode == 3
    assert "the disk may be full" in result.stderr and "safe" not in result.stderr
    assert paths.db.read_bytes() == damaged  # still there, whole: never a 0-byte file
    assert backup.is_healthy(backup.list_backups(paths.backups)[0].path)
    fill.unlink()
    again = run_app(paths.root, "--exit-after-paint")  # the restore goes through now
    assert again.returncode == 0, again.stderr
    assert _rows(paths.db) == rows  # the backup's rows (taken after the history was made)
    assert len(list(paths.damaged.glob("*.sqlite3"))) == 1


def test_check_in_export_and_backup_on_a_full_disk(disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from backtrainer.services.clock import FixedClock
    from backtrainer.services.training import CheckinInput, TrainingService
    from backtrainer.store.db import Database
    from backtrainer.store.errors import DiskWriteError
    from backtrainer.store.opening import daily_backup
    from backtrainer.ui.errors import plain_message

    paths = _history(disk)
    rows = _rows(paths.db)
    backups = [b.path.name for b in backup.list_backups(paths.backups)]
    db = Database(paths.db)
    pid = 1
    clock = FixedClock(datetime.combine(END + timedelta(days=1), datetime.min.time()).replace(hour=9))
    service = TrainingService(db, clock)
    service.today(pid)  # the app has the database open (its -shm made) before the disk fills
    answers = CheckinInput(morning_pain=2, avg_24h=3, worst_24h=5)
    fill = _fill(disk, 4 * 1024)
    try:
        # check-in: refused whole, told plainly; the answers are the caller's to keep and save again
        with pytest.raises(DiskWriteError) as refused:
            for _ in range(20):  # a few saves fill the last blocks; then the disk is full
                service.save_checkin(pid, answers)
                clock.set(clock.now() + timedelta(days=1))
        assert "could not save" in plain_message(refused.value) and "Free some space" in plain_message(refused.value)
        saved_days = _rows(paths.db)["checkin"] - rows["checkin"]
        # export: refused with a plain message, nothing else touched
        out = paths.exports / "demo.json"
        code = main(["export", "--data-dir", str(paths.root), "--profile", "Demo", "--format", "json",
                     "--out", str(out)])
        assert code == 2 and "No space left on device" in capsys.readouterr().err
        # backup: refused, no half-made backup left, the older ones kept
        with pytest.raises((OSError, sqlite3.Error)):
            daily_backup(paths, clock.now())
        assert [b.path.name for b in backup.list_backups(paths.backups)] == backups
        assert not list(paths.backups.glob("*.partial*"))
    finally:
        fill.unlink()
    con = sqlite3.connect(paths.db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    # space again: the same answers save, the export and the backup are made, and nothing was lost
    outcome = service.save_checkin(pid, answers)
    assert outcome.routed == "ok"
    db.dispose()
    after = _rows(paths.db)
    assert after["checkin"] == rows["checkin"] + saved_days + 1
    assert after["session"] == rows["session"] and after["exercise_result"] == rows["exercise_result"]
    assert main(["export", "--data-dir", str(paths.root), "--profile", "Demo", "--format", "json",
                 "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    taken = daily_backup(paths, clock.now())
    assert taken is not None and backup.is_healthy(taken)
