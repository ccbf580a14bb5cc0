from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from backtrainer.paths import DataPaths
from backtrainer.store import migrate, schema
from backtrainer.store.errors import DatabaseCorruptError, ForeignDatabaseError, SchemaTooNewError
from backtrainer.store.opening import open_store, start_fresh
from backtrainer.store.schema import DbState, inspect_db

NOW = datetime(2026, 3, 9, 8, 30)


def _schema_of(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    con.close()
    return [(name, re.sub(r"\s*([(),])\s*", r"\1", " ".join(sql.split()))) for name, sql in rows]


def test_schema_sql_matches_the_tables() -> None:
    assert schema.schema_sql() == schema.generate_schema_sql(), "run generate_schema_sql() and commit schema.sql"


def test_alembic_head_matches_app_head() -> None:
    assert migrate.script_head() == schema.HEAD_REVISION
    assert schema.KNOWN_REVISIONS[-1] == schema.HEAD_REVISION


def test_fresh_database_equals_migrated_database(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    schema.create_fresh(fresh)
    migrated = tmp_path / "migrated.sqlite3"
    migrate.upgrade(migrated)
    assert _schema_of(fresh) == _schema_of(migrated)
    assert inspect_db(fresh).state is DbState.CURRENT
    assert inspect_db(migrated).state is DbState.CURRENT


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """Alembic's autogenerate finds no difference between the migrated schema and the SQLModel tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    db = tmp_path / "m.sqlite3"
    migrate.upgrade(db)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_open_creates_wal_database(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    report = open_store(paths, NOW)
    assert report.created
    con = sqlite3.connect(paths.db)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert not open_store(paths, NOW).created  # second open: nothing to do


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    open_store(paths, NOW)
    con = sqlite3.connect(paths.db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = paths.db.read_bytes()
    with pytest.raises(SchemaTooNewError):
        open_store(paths, NOW)
    assert paths.db.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    con = sqlite3.connect(paths.db)
    con.execute("CREATE TABLE other (x)")
    con.commit()
    con.close()
    with pytest.raises(ForeignDatabaseError):
        open_store(paths, NOW)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong_file"])
def test_corrupt_database_restores_newest_backup(tmp_path: Path, damage: str) -> None:
    from backtrainer.store import backup

    paths = DataPaths(tmp_path / "d")
    open_store(paths, NOW)
    con = sqlite3.connect(paths.db)
    con.execute("INSERT INTO profile (nickname, created_at, flags, locale, clinic_managed, config, assessment_state)"
                " VALUES ('Ana', '2026-03-01', '[]', 'en', 0, '{}', '{}')")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    backup.create_backup(paths.db, paths.backups, datetime(2026, 3, 8, 20, 0))
    data = paths.db.read_bytes()
    if damage == "truncate":
        paths.db.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        paths.db.write_bytes(data[:100] + b"\xde\xad\xbe\xef" * (len(data) // 4))
    else:
        paths.db.write_text("this is somebody's shopping list")
    report = open_store(paths, NOW)
    assert report.restored_from == datetime(2026, 3, 8, 20, 0)
    assert report.damaged_copy is not None and report.damaged_copy.exists()
    con = sqlite3.connect(paths.db)
    assert con.execute("SELECT nickname FROM profile").fetchall() == [("Ana",)]
    con.close()


def test_corrupt_without_backup_asks_before_starting_fresh(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    paths.db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50 + b"junk" * 100)
    with pytest.raises(DatabaseCorruptError):
        open_store(paths, NOW)
    assert paths.db.exists()  # untouched until the user agrees
    kept = start_fresh(paths, NOW)
    assert kept is not None and kept.exists()
    assert inspect_db(paths.db).state is DbState.CURRENT


def test_upgrade_path_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database at an older known revision is backed up, then upgraded."""
    paths = DataPaths(tmp_path / "d")
    open_store(paths, NOW)
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", ("0000", "0001"))
    con = sqlite3.connect(paths.db)
    con.execute("UPDATE alembic_version SET version_num = '0000'")
    con.commit()
    con.close()
    assert inspect_db(paths.db).state is DbState.NEEDS_UPGRADE
    calls: list[Path] = []
    monkeypatch.setattr(migrate, "upgrade", lambda p: calls.append(p))
    report = open_store(paths, NOW)
    assert report.upgraded_from == "0000"
    assert report.backup_taken is not None and report.backup_taken.exists()
    assert calls == [paths.db]
