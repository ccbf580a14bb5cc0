"""Store errors, split as in qutebrowser's misc/sql.py: known (environment) faults vs our bugs."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for database problems the user can be told about in plain words."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer BackTrainer."""


class ForeignDatabaseError(StoreError):
    """The file in the data dir is an SQLite database of some other program."""


class DatabaseCorruptError(StoreError):
    """The database is damaged and no healthy backup could be restored."""


class DiskWriteError(StoreError):
    """The disk is full or the data dir is read-only; nothing was written."""


class NotFoundError(StoreError):
    """A row that should exist does not (for example a deleted profile)."""
