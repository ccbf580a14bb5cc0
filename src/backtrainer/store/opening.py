"""Opening the data dir's database at start: create, check, restore, upgrade and back up.

Uses only the stdlib ``sqlite3`` on the common path (a current, healthy database), so start-up does not pay for
SQLAlchemy or Alembic before the first paint.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backtrainer.paths import DataPaths
from backtrainer.store import backup
from backtrainer.store.errors import DatabaseCorruptError, ForeignDatabaseError, SchemaTooNewError
from backtrainer.store.schema import DbState, create_fresh, inspect_db

log = logging.getLogger("backtrainer.store")


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What happened while opening, for the UI to tell the user."""

    created: bool = False
    upgraded_from: str | None = None
    restored_from: datetime | None = None  # the backup's date when a damaged database was replaced
    damaged_copy: Path | None = None
    backup_taken: Path | None = None


def _sidecars(db: Path) -> list[Path]:
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def set_aside(db: Path, folder: Path, now: datetime) -> Path:
    """Move a damaged database (and its WAL files) into ``folder``; never delete it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{db.stem}-damaged-{stamp}{db.suffix}"
    for src in _sidecars(db):
        if src.exists():
            shutil.move(str(src), str(kept.with_name(kept.name + src.name[len(db.name):])))
    return kept


def open_store(paths: DataPaths, now: datetime) -> OpenReport:
    """Make ``paths.db`` a healthy database at the current schema.

    Raises:
        SchemaTooNewError: written by a newer app; nothing is touched.
        ForeignDatabaseError: another program's SQLite file sits in its place; nothing is touched.
        DatabaseCorruptError: damaged and no healthy backup exists; nothing is touched (the UI asks the user
            before calling :func:`start_fresh`).
    """
    paths.ensure()
    status = inspect_db(paths.db)
    report = OpenReport()
    if status.state in (DbState.MISSING, DbState.EMPTY):
        if status.state is DbState.EMPTY:
            paths.db.unlink()
        create_fresh(paths.db)
        _restrict(paths.db)
        log.info("created a new database")
        report = OpenReport(created=True)
    elif status.state is DbState.TOO_NEW:
        raise SchemaTooNewError(status.detail)
    elif status.state is DbState.FOREIGN:
        raise ForeignDatabaseError(status.detail)
    elif status.state is DbState.CORRUPT:
        log.warning("database damaged: %s", status.detail)
        good = backup.newest_healthy(paths.backups)
        if good is None:
            raise DatabaseCorruptError(status.detail)
        kept = set_aside(paths.db, paths.damaged, now)
        shutil.copy2(good.path, paths.db)
        _restrict(paths.db)
        log.warning("restored backup of %s; damaged file kept", good.taken_at.isoformat())
        report = OpenReport(restored_from=good.taken_at, damaged_copy=kept)
        status = inspect_db(paths.db)
    if status.state is DbState.NEEDS_UPGRADE:
        # Back up before any upgrade (style 5.2.7), then upgrade in one transaction.
        taken = backup.create_backup(paths.db, paths.backups, now, tag=f"pre-upgrade-{status.revision}")
        from backtrainer.store import migrate

        migrate.upgrade(paths.db)
        log.info("upgraded schema from %s", status.revision)
        report = OpenReport(
            created=report.created, upgraded_from=status.revision, restored_from=report.restored_from,
            damaged_copy=report.damaged_copy, backup_taken=taken,
        )
    return report


def daily_backup(paths: DataPaths, now: datetime) -> Path | None:
    """Take a backup when the newest is older than a day, then thin old ones."""
    if not paths.db.exists() or not backup.backup_due(paths.backups, now):
        return None
    taken = backup.create_backup(paths.db, paths.backups, now)
    backup.apply_thinning(paths.backups)
    return taken


def start_fresh(paths: DataPaths, now: datetime) -> Path | None:
    """After the user agreed: keep the damaged file aside and create an empty database."""
    kept = set_aside(paths.db, paths.damaged, now) if paths.db.exists() else None
    create_fresh(paths.db)
    _restrict(paths.db)
    return kept


def _restrict(path: Path) -> None:
    if os.name == "posix" and path.exists():
        path.chmod(0o600)
