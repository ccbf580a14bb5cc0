"""Schema upgrades with Alembic (imported only when an upgrade is due)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def alembic_config(connection: object | None = None) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("backtrainer.store").joinpath("migrations")))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(db_path: Path, revision: str = "head") -> None:
    """Upgrade ``db_path`` to ``revision`` in one transaction."""
    from alembic import command

    from backtrainer.store.db import make_engine

    engine = make_engine(db_path)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def script_head() -> str:
    """The head revision of the migration scripts (tests compare it with schema.HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]
    return str(head)
