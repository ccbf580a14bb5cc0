"""Crash mid-write: SIGKILL a writer at random moments; every committed session survives, the file stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from backtrainer.paths import DataPaths
from backtrainer.store.db import Database
from backtrainer.store.opening import open_store
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.schema import DbState, inspect_db

from ..conftest import FIXED_NOW  # noqa: TID252

KILLS = 50


def test_sigkill_mid_write_loses_no_committed_session(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    open_store(paths, FIXED_NOW)
    db = Database(paths.db)
    pid = ProfileRepo(db).create("Crash", now="2026-01-01T00:00:00").id
    db.dispose()
    writer = Path(__file__).with_name("crash_writer.py")
    rng = random.Random(1234)
    committed: set[int] = set()
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(writer), str(paths.db), str(pid)], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        if first.strip():
            committed.add(int(first))
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        committed.update(int(line) for line in out.split() if line.strip())
        con = sqlite3.connect(paths.db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            present = {row[0] for row in con.execute("SELECT id FROM session")}
            orphans = con.execute("SELECT count(*) FROM exercise_result WHERE session_id NOT IN "
                                  "(SELECT id FROM session)").fetchone()[0]
            partial = con.execute("SELECT count(*) FROM (SELECT session_id FROM exercise_result "
                                  "GROUP BY session_id HAVING count(*) != 8)").fetchone()[0]
        finally:
            con.close()
        assert committed <= present, f"lost committed sessions: {sorted(committed - present)[:5]}"
        assert orphans == 0 and partial == 0
    assert len(committed) > KILLS
    assert inspect_db(paths.db).state is DbState.CURRENT
