"""Issue 17, item 6: the import/export commands take the app's one-per-folder lock, and a save that meets a busy
database waits and saves again instead of dropping the person's answers. Each test failed on the code before."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backtrainer.__main__ import main
from backtrainer.paths import DataPaths
from tests.app_process import run_app, start_app, wait_for_database


def _profiles(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM profile").fetchone()[0])
    finally:
        con.close()


def test_import_waits_for_the_open_app_and_changes_nothing(tmp_path: Path, demo_export: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    app = start_app(data)
    try:
        wait_for_database(data)
        before = (data / "backtrainer.sqlite3").read_bytes()
        started = time.monotonic()
        assert main(["import", "--data-dir", str(data), "--in", str(demo_export), "--wait", "1"]) == 2
        assert time.monotonic() - started >= 0.9  # it waited for the app to close...
        err = capsys.readouterr().err
        assert "Waiting up to 1 seconds" in err and "still open" in err and "Nothing was changed" in err
        assert (data / "backtrainer.sqlite3").read_bytes() == before  # ...and then wrote nothing
        out = tmp_path / "x.json"
        assert main(["export", "--data-dir", str(data), "--profile", "Demo", "--format", "json", "--out", str(out),
                     "--wait", "0"]) == 2
        assert not out.exists()
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=30)
    assert main(["import", "--data-dir", str(data), "--in", str(demo_export)]) == 0  # the app is gone: it runs
    assert _profiles(data / "backtrainer.sqlite3") == 1


def test_the_app_waits_for_a_running_import(tmp_path: Path, demo_export: Path) -> None:
    from backtrainer.folder_lock import COMMAND, FolderLock

    data = tmp_path / "d"
    assert main(["import", "--data-dir", str(data), "--in", str(demo_export)]) == 0
    lock = FolderLock(DataPaths(data).lock, COMMAND)  # what a long import holds
    assert lock.try_acquire()
    releaser = threading.Timer(2.0, lock.release)
    releaser.start()
    try:
        result = run_app(data, "--exit-after-paint")
    finally:
        releaser.join()
        lock.release()
    assert result.returncode == 0, result.stderr
    assert "already open" not in result.stderr  # it waited for the import instead of refusing


def test_the_lock_goes_with_its_process(tmp_path: Path) -> None:
    from backtrainer.folder_lock import APP, COMMAND, FolderBusy, FolderLock, holder

    path = tmp_path / "backtrainer.lock"
    first = FolderLock(path, APP)
    assert first.try_acquire()
    assert holder(path) == APP
    with pytest.raises(FolderBusy) as busy:
        FolderLock(path, COMMAND).acquire(0.3, poll_s=0.05)
    assert busy.value.holder == APP
    first.release()
    with FolderLock(path, COMMAND):
        assert holder(path) == COMMAND
    assert path.exists()  # never deleted: a deleted lock file would let a second holder in


# -- a save that meets a busy database ------------------------------------------------------------------------------
def _hold_write_lock(db: Path, seconds: float, ready: threading.Event) -> None:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")  # what a long import (or any other program) holding the write lock does
    con.execute("UPDATE profile SET locale = locale")
    ready.set()
    time.sleep(seconds)
    con.execute("COMMIT")
    con.close()


def test_check_in_and_session_saves_wait_for_a_busy_database(tmp_path: Path) -> None:
    from backtrainer.services.clock import FixedClock
    from backtrainer.services.training import CheckinInput, ExerciseResultInput, FinishedSession, TrainingService
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store
    from backtrainer.store.repos import ProfileRepo
    from backtrainer.store.session_records import ChainState
    from backtrainer.store.session_repo import SessionRepo

    now = datetime(2026, 3, 9, 8, 30)
    paths = DataPaths(tmp_path / "d")
    open_store(paths, now)
    db = Database(paths.db)
    pid = ProfileRepo(db).create("Pat", now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(db).save_plan(pid, [ChainState("GLU", "GL-01b", 2, 0, "2026-03-01")], now="2026-03-01T08:00:00")
    service = TrainingService(db, FixedClock(now))
    done = FinishedSession(now, now + timedelta(minutes=20), 3, 2, None, "STANDARD",
                           (ExerciseResultInput("GL-01b", 16, 16, 3, 4, "good"),))
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(paths.db, 6.5, ready))  # > SQLite's 5 s busy wait
    holder.start()
    assert ready.wait(10)
    results: dict[str, object] = {}

    def save(name: str, action: Callable[[], object]) -> None:
        try:
            results[name] = action()
        except Exception as exc:  # what the page would show instead of saving
            results[name] = exc

    savers = [threading.Thread(target=save, args=("checkin", lambda: service.save_checkin(
                  pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4)))),
              threading.Thread(target=save, args=("session", lambda: service.finish_session(pid, done)))]
    for thread in savers:
        thread.start()
    for thread in (*savers, holder):
        thread.join(90)
    db.dispose()
    assert not isinstance(results["checkin"], Exception), results["checkin"]
    assert not isinstance(results["session"], Exception), results["session"]
    con = sqlite3.connect(paths.db)
    assert con.execute("SELECT morning_pain, avg_24h, worst_24h FROM checkin WHERE profile_id = ?",
                       (pid,)).fetchall() == [(3, 3, 4)]
    assert con.execute("SELECT count(*) FROM session WHERE profile_id = ?", (pid,)).fetchone() == (1,)
    con.close()


def test_retry_busy_gives_up_with_a_plain_error_and_never_runs_twice_after_success() -> None:
    from backtrainer.store.db import retry_busy
    from backtrainer.store.errors import DatabaseBusyError

    calls: list[int] = []
    pauses: list[float] = []

    def busy_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise DatabaseBusyError("database is locked")
        return "saved"

    assert retry_busy(busy_twice, budget_s=60, sleep=pauses.append) == "saved"
    assert len(calls) == 3 and len(pauses) == 2

    def always_busy() -> str:
        raise DatabaseBusyError("database is locked")

    with pytest.raises(DatabaseBusyError):
        retry_busy(always_busy, budget_s=0.0, sleep=pauses.append)
