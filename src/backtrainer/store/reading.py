"""Plain-SQL reads (no ORM import): a read-only connection to the database file, or the one under an ORM session.

Home screen, Today, reminders and Progress read years of history with plain ``sqlite3``: SQLAlchemy's import alone
costs ~250 ms and ~20 MiB, and the ORM is needed only for writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session


def read_only_uri(path: Path | str) -> str:
    """The SQLite URI that opens ``path`` read-only. The path is quoted as a file URI, so a ``#``, ``?``, ``%``,
    space or any other character in a folder name is part of the path (an unquoted ``#`` cut it short, and SQLite
    then opened an empty file at the cut path: issue 17)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A connection that can only read ``path`` (opening it never creates the file)."""
    return sqlite3.connect(read_only_uri(path), uri=True)


@contextmanager
def read_only(path: Path | str, *, rows: bool = False, snapshot: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection, closed afterwards. ``rows``: rows as ``sqlite3.Row``; ``snapshot``: every read inside
    one transaction, so a save landing meanwhile is seen whole or not at all."""
    con = connect_read_only(path)
    try:
        if rows:
            con.row_factory = sqlite3.Row
        if snapshot:
            con.execute("BEGIN")
        yield con
    finally:
        con.close()  # ends the read transaction (nothing to commit)


def session_connection(session: Session | Any) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session (reads inside its transaction see its writes)."""
    con = session.connection().connection.driver_connection
    assert isinstance(con, sqlite3.Connection)
    return con
