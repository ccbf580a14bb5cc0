"""Opening the data dir's database at start: create, check, restore, upgrade and back up.

Uses only the stdlib ``sqlite3`` on the common path (a current, healthy database), so start-up does not pay for
SQLAlchemy or Alembic before the first paint.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backtrainer.paths import DataPaths
from backtrainer.store import backup
from backtrainer.store.errors import (
    DatabaseCorruptError,
    DatabaseMissingError,
    DataUnavailableError,
    ForeignDatabaseError,
    SchemaTooNewError,
)
from backtrainer.store.schema import DbState, create_fresh, inspect_db, sidecars

log = logging.getLogger("backtrainer.store")


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What happened while opening, for the UI to tell the user."""

    created: bool = False
    upgraded_from: str | None = None
    restored_from: datetime | None = None  # the backup's date when a damaged database was replaced
    damaged_copy: Path | None = None
    backup_taken: Path | None = None


def set_aside(db: Path, folder: Path, now: datetime) -> Path:
    """Move a damaged database (and its WAL files) into ``folder``; never delete it. On a failure half-way, what was
    moved is moved back, so the database is either wholly in place or wholly aside."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{db.stem}-damaged-{stamp}{db.suffix}"
    n = 1
    while kept.exists():  # two set-asides in one second keep both
        kept = folder / f"{db.stem}-damaged-{stamp}-{n}{db.suffix}"
        n += 1
    moved: list[tuple[Path, Path]] = []
    try:
        for src in sidecars(db):
            if src.exists():
                dst = kept.with_name(kept.name + src.name[len(db.name):])
                shutil.move(str(src), str(dst))
                moved.append((src, dst))
    except BaseException:
        for src, dst in reversed(moved):
            shutil.move(str(dst), str(src))
        raise
    return kept


def _put_back(kept: Path, db: Path) -> None:
    for dst in sidecars(db):
        src = kept.with_name(kept.name + dst.name[len(db.name):])
        if src.exists():
            shutil.move(str(src), str(dst))


def open_store(paths: DataPaths, now: datetime) -> OpenReport:
    """Make ``paths.db`` a healthy database at the current schema.

    Raises:
        SchemaTooNewError: written by a newer app; nothing is touched.
        ForeignDatabaseError: another program's SQLite file sits in its place; nothing is touched.
        DatabaseCorruptError: damaged and no healthy backup exists; nothing is touched (the UI asks the user
            before calling :func:`start_fresh`).
        DatabaseMissingError: the file is missing or empty and a healthy backup exists; nothing is touched (the UI
            asks: :func:`restore_newest` or :func:`start_fresh`).
        DataUnavailableError: the file cannot be read or written just now (disk full, I/O error, no permission);
            nothing is moved, replaced or created, and the next start after freeing space finds it as it was.
    """
    try:
        paths.ensure()
    except OSError as exc:
        raise DataUnavailableError(f"cannot use the data folder: {exc}") from exc
    status = inspect_db(paths.db)
    report = OpenReport()
    if status.state is DbState.UNAVAILABLE:
        log.warning("database cannot be read just now: %s", status.detail)
        raise DataUnavailableError(status.detail)
    if status.state in (DbState.MISSING, DbState.EMPTY):
        good = backup.newest_healthy(paths.backups)
        if good is not None:  # never quietly start empty over a person's backed-up data (issue 17, item 3)
            raise DatabaseMissingError(good.taken_at, f"data file {status.state.value}")
        kept = set_aside(paths.db, paths.damaged, now) if status.state is DbState.EMPTY else None
        _create(paths.db)
        report = OpenReport(created=True, damaged_copy=kept)
    elif status.state is DbState.TOO_NEW:
        raise SchemaTooNewError(status.detail)
    elif status.state is DbState.FOREIGN:
        raise ForeignDatabaseError(status.detail)
    elif status.state is DbState.CORRUPT:
        log.warning("database damaged: %s", status.detail)
        good = backup.newest_healthy(paths.backups)
        if good is None:
            raise DatabaseCorruptError(status.detail)
        kept = restore(paths, good, now)
        report = OpenReport(restored_from=good.taken_at, damaged_copy=kept)
        status = inspect_db(paths.db)
    if status.state is DbState.NEEDS_UPGRADE:
        # Back up before any upgrade (style 5.2.7), then upgrade in one transaction.
        try:
            taken = backup.create_backup(paths.db, paths.backups, now, tag=f"pre-upgrade-{status.revision}")
        except (OSError, sqlite3.Error) as exc:
            raise DataUnavailableError(f"no room for the backup before an upgrade: {exc}") from exc
        from backtrainer.store import migrate

        migrate.upgrade(paths.db)
        log.info("upgraded schema from %s", status.revision)
        report = OpenReport(
            created=report.created, upgraded_from=status.revision, restored_from=report.restored_from,
            damaged_copy=report.damaged_copy, backup_taken=taken,
        )
    return report


def _create(db: Path) -> None:
    try:
        create_fresh(db)
    except (OSError, sqlite3.Error) as exc:
        raise DataUnavailableError(f"cannot create the data file: {exc}") from exc
    _restrict(db)
    log.info("created a new database")


def restore(paths: DataPaths, good: backup.BackupFile, now: datetime) -> Path | None:
    """Put the backup ``good`` in place of the database; the file it replaces (if any) goes to ``damaged/``.

    The backup is first copied beside the database under a temporary name; only a complete, healthy copy replaces
    it. A full disk therefore leaves the database and the backup as they were (DataUnavailableError)."""
    temp = paths.db.with_name(paths.db.name + ".restoring")
    try:
        shutil.copyfile(good.path, temp)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        _restrict(temp)
        if not backup.is_healthy(temp):
            raise OSError(f"the copy of {good.path.name} does not read back whole")
        kept = set_aside(paths.db, paths.damaged, now) if paths.db.exists() else None
    except (OSError, sqlite3.Error) as exc:
        temp.unlink(missing_ok=True)  # the unfinished copy only; the database and the backup are untouched
        raise DataUnavailableError(f"cannot restore the backup: {exc}") from exc
    try:
        os.replace(temp, paths.db)
    except OSError as exc:
        if kept is not None:
            _put_back(kept, paths.db)
        temp.unlink(missing_ok=True)
        raise DataUnavailableError(f"cannot restore the backup: {exc}") from exc
    log.warning("restored backup of %s; replaced file kept: %s", good.taken_at.isoformat(), kept)
    return kept


def backup_for_profile(paths: DataPaths, profile_id: int) -> backup.BackupFile | None:
    """The newest healthy backup in which profile ``profile_id`` is there and reads whole (issue 17, item 4)."""
    from backtrainer.store.summary import list_profiles

    for candidate in backup.list_backups(paths.backups):
        if not backup.is_healthy(candidate.path):
            continue
        try:
            profiles = list_profiles(candidate.path)
        except sqlite3.Error:
            continue
        if any(p.id == profile_id and not p.damaged for p in profiles):
            return candidate
    return None


def restore_newest(paths: DataPaths, now: datetime) -> datetime:
    """After the person agreed: go back to the newest healthy backup. Returns the backup's date."""
    good = backup.newest_healthy(paths.backups)
    if good is None:
        raise DatabaseCorruptError("no healthy backup")
    restore(paths, good, now)
    return good.taken_at


def daily_backup(paths: DataPaths, now: datetime) -> Path | None:
    """Take a backup when the newest is older than a day, then thin old ones."""
    if not paths.db.exists() or not backup.backup_due(paths.backups, now):
        return None
    taken = backup.create_backup(paths.db, paths.backups, now)
    backup.apply_thinning(paths.backups)
    return taken


def start_fresh(paths: DataPaths, now: datetime) -> Path | None:
    """After the user agreed: keep the damaged (or empty) file aside and create an empty database. Backups stay."""
    kept = set_aside(paths.db, paths.damaged, now) if paths.db.exists() else None
    _create(paths.db)
    return kept


def _restrict(path: Path) -> None:
    if os.name == "posix" and path.exists():
        path.chmod(0o600)
