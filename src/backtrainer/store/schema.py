"""Schema version bookkeeping that needs neither SQLAlchemy nor Alembic at start-up.

The current schema is ``schema.sql`` (generated from the SQLModel tables by :func:`generate_schema_sql`; a test
keeps the two in step). A new database is created from it directly and stamped with ``HEAD_REVISION``; an older one
is upgraded with Alembic, which is imported only then (style.md 5.2.7, tech-notes start-up costs).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

# The Alembic head. A test checks it equals the head of migrations/versions.
HEAD_REVISION = "0003"
# Every revision this app knows, oldest first (a DB stamped with anything else is newer than the app).
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")

SQLITE_MAGIC = b"SQLite format 3\x00"


class DbState(Enum):
    MISSING = "missing"  # no file: create
    EMPTY = "empty"  # a valid SQLite file without our tables: create
    CURRENT = "current"
    NEEDS_UPGRADE = "needs_upgrade"
    TOO_NEW = "too_new"  # written by a newer BackTrainer: refuse
    CORRUPT = "corrupt"  # not SQLite, truncated, or fails quick_check
    FOREIGN = "foreign"  # a valid SQLite file of some other program


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
        return DbStatus(DbState.CORRUPT, detail=f"cannot read: {exc}")
    if len(header) == 0:
        return DbStatus(DbState.EMPTY)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return DbStatus(DbState.CORRUPT, detail="not an SQLite database")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return DbStatus(DbState.CORRUPT, detail=str(exc))
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
    except sqlite3.DatabaseError as exc:
        return DbStatus(DbState.CORRUPT, detail=str(exc))
    finally:
        con.close()
    revision = row[0] if row else None
    if revision == HEAD_REVISION:
        return DbStatus(DbState.CURRENT, revision)
    if revision in KNOWN_REVISIONS:
        return DbStatus(DbState.NEEDS_UPGRADE, revision)
    return DbStatus(DbState.TOO_NEW, revision, detail=f"schema revision {revision!r} is newer than this app")


def create_fresh(path: Path) -> None:
    """Create a new database at the current schema and stamp it (one transaction)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("BEGIN IMMEDIATE")
        for statement in _statements(schema_sql()):
            con.execute(statement)
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        con.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,))
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


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
