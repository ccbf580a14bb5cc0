"""Alembic environment: runs on the connection handed in by ``backtrainer.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from backtrainer.store import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///backtrainer.sqlite3"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite needs batch mode to alter tables
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
