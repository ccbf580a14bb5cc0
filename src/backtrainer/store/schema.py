"""Schema version bookkeeping that needs neither SQLAlchemy nor Alembic at start-up.

The current schema is ``schema.sql`` (generated from the SQLModel tables by :func:`generate_schema_sql`; a test
keeps the two in step). A new database is created from it directly and stamped with ``HEAD_REVISION``; an older one
is upgraded with Alembic, which is imported only then (style.md 5.2.7, tech-notes start-up costs).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from backtrainer.store.reading import read_only_uri

# The Alembic head. A test checks it equals the head of migrations/versions.
HEAD_REVISION = "0003"
# Every revision this app knows, oldest first (a DB stamped with anything else is newer than the app).
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")

SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite's primary result codes that mean the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB). Every other
# error (SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_BUSY, SQLITE_NOMEM, ...) is about the
# disk or another program, never a reason to set the file aside.
_DAMAGE_CODES = frozenset({11, 26})


class DbState(Enum):
    MISSING = "missing"  # no file: create
    EMPTY = "empty"  # a valid SQLite file without our tables: create
    CURRENT = "current"
    NEEDS_UPGRADE = "needs_upgrade"
    TOO_NEW = "too_new"  # written by a newer BackTrainer: refuse
    CORRUPT = "corrupt"  # not SQLite, truncated, or fails quick_check
    FOREIGN = "foreign"  # a valid SQLite file of some other program
    # The file could not be read just now (disk full, no room for the -shm file, I/O error, no permission, locked
    # by another program): says nothing about the data, so nothing is moved or replaced (issue 17, item 2).
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class DbStatus:
    state: DbState
    revision: str | None = None
    detail: str = ""


def schema_sql() -> str:
    from importlib import resources  # only when a database is created: not on every start (issue 9)

    return resources.files("backtrainer.store").joinpath("schema.sql").read_text(encoding="utf-8")


def inspect_db(path: Path) -> DbStatus:
    """Classify the database file cheaply (stdlib sqlite3, ``PRAGMA quick_check``)."""
    if not path.exists():
        return DbStatus(DbState.MISSING)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return DbStatus(DbState.UNAVAILABLE, detail=f"cannot read: {exc}")
    if len(header) == 0:
        return DbStatus(DbState.EMPTY)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return DbStatus(DbState.CORRUPT, detail="not an SQLite database")
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return DbStatus(_error_state(exc), detail=str(exc))
    try:
        check = con.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            return DbStatus(DbState.CORRUPT, detail=f"quick_check: {check[0] if check else 'no answer'}")
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return DbStatus(DbState.EMPTY)
        if "alembic_version" not in tables:
            return DbStatus(DbState.FOREIGN, detail="no BackTrainer schema")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        return DbStatus(_error_state(exc), detail=str(exc))
    finally:
        con.close()
    revision = row[0] if row else None
    if revision == HEAD_REVISION:
        return DbStatus(DbState.CURRENT, revision)
    if revision in KNOWN_REVISIONS:
        return DbStatus(DbState.NEEDS_UPGRADE, revision)
    return DbStatus(DbState.TOO_NEW, revision, detail=f"schema revision {revision!r} is newer than this app")


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file itself is damaged (not the disk, the folder or another program)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "malformed" in str(exc) or "not a database" in str(exc)
    return code & 0xFF in _DAMAGE_CODES


def _error_state(exc: sqlite3.Error) -> DbState:
    return DbState.CORRUPT if is_damage(exc) else DbState.UNAVAILABLE


def create_fresh(path: Path) -> None:
    """Create a new database at the current schema and stamp it (one transaction).

    It is built under a temporary name and renamed into place only when complete: a full disk leaves no half-made
    or 0-byte file at ``path`` (the next start would take it for an empty database)."""
    temp = path.with_name(path.name + ".new")
    for leftover in sidecars(temp):
        leftover.unlink(missing_ok=True)  # an earlier attempt's unfinished file: never the person's data
    try:
        con = sqlite3.connect(temp, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("BEGIN IMMEDIATE")
            for statement in _statements(schema_sql()):
                con.execute(statement)
            con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
            con.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,))
            con.execute("COMMIT")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        os.replace(temp, path)
    except BaseException:
        for leftover in sidecars(temp):
            leftover.unlink(missing_ok=True)
        raise


def sidecars(db: Path) -> list[Path]:
    """The database file and the WAL files SQLite keeps beside it."""
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def _statements(script: str) -> list[str]:
    body = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in body.split(";") if part.strip()]


def generate_schema_sql() -> str:
    """DDL for the SQLModel tables (imports SQLAlchemy: tests and tooling only)."""
    from sqlalchemy import create_engine
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from backtrainer.store import tables  # noqa: F401  (registers the tables)

    engine = create_engine("sqlite://")
    parts: list[str] = ["-- Generated from backtrainer.store.tables by backtrainer.store.schema."
                        "generate_schema_sql(); do not edit by hand."]
    for table in SQLModel.metadata.sorted_tables:
        parts.append(str(CreateTable(table).compile(engine)).strip() + ";")
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            parts.append(str(CreateIndex(index).compile(engine)).strip() + ";")
    return "\n\n".join(parts) + "\n"
