"""Store errors, split as in qutebrowser's misc/sql.py: known (environment) faults vs our bugs."""

from __future__ import annotations

from datetime import datetime


class StoreError(Exception):
    """Base class for database problems the user can be told about in plain words."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer BackTrainer."""


class ForeignDatabaseError(StoreError):
    """The file in the data dir is an SQLite database of some other program."""


class DatabaseCorruptError(StoreError):
    """The database is damaged and no healthy backup could be restored."""


class DatabaseMissingError(StoreError):
    """The database file is missing or empty while a healthy backup exists: the person is asked whether to go back
    to it (nothing is created or changed until they answer)."""

    def __init__(self, backup_taken_at: datetime, detail: str = "") -> None:
        super().__init__(detail or f"no data file; a backup from {backup_taken_at.isoformat()} exists")
        self.backup_taken_at = backup_taken_at


class DataUnavailableError(StoreError):
    """The database could not be read or written just now (disk full, I/O error, no permission, no room for the
    -shm file): nothing was moved, replaced or created."""


class DiskWriteError(StoreError):
    """The disk is full or the data dir is read-only; nothing was written."""


class DatabaseBusyError(StoreError):
    """Another program held the database's write lock for too long; nothing was written."""


class NotFoundError(StoreError):
    """A row that should exist does not (for example a deleted profile)."""
