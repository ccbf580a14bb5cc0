"""The SQLAlchemy engine over one SQLite file: WAL, foreign keys, full sync, one transaction per user action."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from backtrainer.store.errors import DatabaseBusyError, DiskWriteError

_DISK_MESSAGES = ("disk is full", "database or disk is full", "readonly database", "attempt to write a readonly",
                  "disk i/o error")
_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")
BUSY_TIMEOUT_MS = 5000  # SQLite itself waits this long for another program's write lock before it gives up
BUSY_RETRY_S = 60.0  # then a save tries again, whole, for up to this long (retry_busy)

T = TypeVar("T")


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's BEGIN own transactions; set the pragmas each connection needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # survive power cuts, not just crashes
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_connect_readonly(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """Pragmas for a read-only connection (journal mode cannot change there)."""
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA busy_timeout=5000")


def _on_begin(connection: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front: a user action either commits whole or not at all.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    # URL.create, not an "sqlite:///..." string: a "?" or "%41" in a folder name would be read as URL syntax.
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        poolclass=NullPool,  # connections are cheap; no pooled connection outlives a thread (style 5.2.4)
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """Owns the engine; hands out one session (= one transaction) per user action."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back on any error."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
            if any(text in message for text in _DISK_MESSAGES):
                raise DiskWriteError(str(exc.orig)) from exc
            if any(text in message for text in _BUSY_MESSAGES):
                raise DatabaseBusyError(str(exc.orig)) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def retry_busy(transaction: Callable[[], T], *, budget_s: float | None = None,
               sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``transaction`` (one whole ``session_scope``) and, while another program holds the database's write lock,
    run it again, for up to ``budget_s`` seconds. A busy transaction rolled back whole, so running it again never
    saves anything twice; the person's answers wait in memory meanwhile (issue 17, item 6)."""
    deadline = time.monotonic() + (BUSY_RETRY_S if budget_s is None else budget_s)
    pause = 0.2
    while True:
        try:
            return transaction()
        except DatabaseBusyError:
            if time.monotonic() + pause > deadline:
                raise
            logging.getLogger("backtrainer.store").warning("database busy; saving again in %.1f s", pause)
            sleep(pause)
            pause = min(pause * 2, 5.0)
