"""Every released schema has a fixture database; each opens at the current schema with all rows intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from backtrainer.paths import DataPaths
from backtrainer.store.opening import open_store
from backtrainer.store.schema import HEAD_REVISION, KNOWN_REVISIONS, DbState, inspect_db

from ..conftest import FIXED_NOW  # noqa: TID252

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLES = ("profile", "screening", "body_map", "body_map_region", "questionnaire_response", "movement_test",
          "plan_chain", "session", "exercise_result", "checkin", "event")


def _counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def test_there_is_a_fixture_for_every_released_schema() -> None:
    for revision in KNOWN_REVISIONS:
        assert (FIXTURES / f"db_{revision}.sqlite3").exists(), f"add tests/fixtures/db_{revision}.sqlite3"


@pytest.mark.parametrize("revision", KNOWN_REVISIONS)
def test_fixture_opens_at_current_schema_with_rows_intact(tmp_path: Path, revision: str) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    shutil.copy(FIXTURES / f"db_{revision}.sqlite3", paths.db)
    before = _dump(paths.db)
    counts = _counts(paths.db)
    assert all(counts[t] > 0 for t in TABLES), "the fixture must hold rows in every table"
    report = open_store(paths, FIXED_NOW)
    assert inspect_db(paths.db).state is DbState.CURRENT
    if revision != HEAD_REVISION:
        assert report.upgraded_from == revision
        assert report.backup_taken is not None
    assert _counts(paths.db) == counts
    after = _dump(paths.db)
    for table in TABLES:  # columns may be added by later revisions; the original ones keep their values
        for old, new in zip(before[table], after[table], strict=True):
            assert new[: len(old)] == old


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_upgrade_to_0003_adds_the_clinic_tables(tmp_path: Path, revision: str) -> None:
    """Revision 0003 (issue 17): clinic mode, clinicians' PIN hashes and PIN lock-outs live in the database; an older
    database gains the three tables, empty, and a profile's lock-out row goes with the profile."""
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    shutil.copy(FIXTURES / f"db_{revision}.sqlite3", paths.db)
    open_store(paths, FIXED_NOW)
    con = sqlite3.connect(paths.db)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        for table in ("clinic_info", "clinician", "pin_lockout"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        pid = con.execute("SELECT min(id) FROM profile").fetchone()[0]
        con.execute("INSERT INTO clinician VALUES ('c1', 'Dr A', 'scrypt$x', '2026-12-07T10:00:00')")
        con.execute("INSERT INTO pin_lockout VALUES (?, ?, 6, '2026-12-07T10:05:00')", (f"profile:{pid}", pid))
        con.execute("DELETE FROM profile WHERE id=?", (pid,))
        assert con.execute("SELECT count(*) FROM pin_lockout").fetchone()[0] == 0
        assert con.execute("SELECT name FROM clinician").fetchall() == [("Dr A",)]
    finally:
        con.close()


def test_fixture_0003_keeps_its_clinic_set_up(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    shutil.copy(FIXTURES / "db_0003.sqlite3", paths.db)
    open_store(paths, FIXED_NOW)
    con = sqlite3.connect(paths.db)
    try:
        assert con.execute("SELECT clinic_name FROM clinic_info").fetchall() == [("Fixture Clinic",)]
        assert con.execute("SELECT id, name FROM clinician").fetchall() == [("c1", "Dr Fixture")]
        assert con.execute("SELECT count(*) FROM pin_lockout").fetchone()[0] == 2
    finally:
        con.close()
