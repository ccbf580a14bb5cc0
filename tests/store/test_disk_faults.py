"""Read-only or full disks: a clear error, nothing half-written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from backtrainer.paths import DataPaths
from backtrainer.store.db import Database
from backtrainer.store.errors import DiskWriteError
from backtrainer.store.opening import open_store
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ExerciseResultData, SessionData
from backtrainer.store.session_repo import SessionRepo

from ..conftest import FIXED_NOW  # noqa: TID252

SESSION = SessionData(day="2026-03-02", started_at="2026-03-02T17:00:00", finished_at="2026-03-02T17:20:00",
                      completed=True, results=(ExerciseResultData("GL-01b", "GLU", 2, 0, 16, 16, 3, 4, "good"),))


def test_read_only_database_raises_disk_write_error(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    open_store(paths, FIXED_NOW)
    db = Database(paths.db)
    pid = ProfileRepo(db).create("Ro", now="2026-03-01T08:00:00").id
    db.dispose()
    # Open read-only through SQLite's own flag (root ignores file modes, so chmod alone proves nothing).
    ro = Database(paths.db)
    ro.engine.dispose()
    from sqlalchemy import create_engine, event

    from backtrainer.store import db as dbmod

    ro.engine = create_engine(f"sqlite:///file:{paths.db}?mode=ro&uri=true", connect_args={"check_same_thread": False})
    event.listen(ro.engine, "connect", dbmod._on_connect_readonly)
    event.listen(ro.engine, "begin", dbmod._on_begin)
    with pytest.raises(DiskWriteError):
        SessionRepo(ro).save_session(pid, SESSION)
    ro.dispose()
    con = sqlite3.connect(paths.db)
    assert con.execute("SELECT count(*) FROM session").fetchone() == (0,)
    con.close()


def test_full_disk_is_reported_and_rolls_back(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    open_store(paths, FIXED_NOW)
    db = Database(paths.db)
    pid = ProfileRepo(db).create("Full", now="2026-03-01T08:00:00").id
    # Cap the file size so the next large write fails with SQLITE_FULL.
    from sqlalchemy import event

    def tiny(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        page_count = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={page_count}")

    event.listen(db.engine, "connect", tiny)
    big = SessionData(day="2026-03-02", started_at="2026-03-02T17:00:00", completed=True,
                      results=tuple(ExerciseResultData(f"EX-{i:04d}" + "x" * 10, "GLU", 2, 0, 10, 10, 3, 4, "good")
                                    for i in range(3000)))
    with pytest.raises(DiskWriteError):
        SessionRepo(db).save_session(pid, big)
    db.dispose()
    con = sqlite3.connect(paths.db)
    assert con.execute("SELECT count(*) FROM session").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM exercise_result").fetchone() == (0,)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_data_files_are_user_only(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    paths = DataPaths(tmp_path / "d")
    open_store(paths, FIXED_NOW)
    assert paths.root.stat().st_mode & 0o077 == 0
    assert paths.db.stat().st_mode & 0o077 == 0
    assert paths.backups.stat().st_mode & 0o077 == 0
