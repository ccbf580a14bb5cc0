"""Shared fixtures: offscreen Qt, a temporary data dir, a fixed clock and a synchronous task runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # The offscreen screen is the clinics' 1366x768 laptop (issue 16), not Qt's default 800x800 square: the
    # window fits itself to the screen, so the tests see the sizes people see.
    _SCREEN = Path(__file__).resolve().parent / "fixtures" / "laptop-screen.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.pop("BACKTRAINER_DATA_DIR", None)

from backtrainer.paths import DataPaths
from backtrainer.services.clock import FixedClock

FIXED_NOW = datetime(2026, 3, 9, 8, 30)  # a Monday morning


@pytest.fixture(autouse=True)
def _fast_pin_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A low scrypt cost in tests (the real cost takes ~0.4 s a hash); tests/services/test_pin.py checks the real
    default."""
    from backtrainer.services import pin

    monkeypatch.setattr(pin, "N", 2**10)


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    return paths


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def store_db(data_paths: DataPaths) -> Iterator[object]:
    """A fresh database at the current schema (ORM handle)."""
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store

    open_store(data_paths, FIXED_NOW)
    db = Database(data_paths.db)
    yield db
    db.dispose()


@pytest.fixture
def app_ctx(qapp: object, data_paths: DataPaths, clock: FixedClock) -> Iterator[object]:
    """An AppContext with a synchronous runner over a fresh database."""
    from backtrainer.store.opening import open_store
    from backtrainer.ui.context import AppContext
    from backtrainer.ui.tasks import TaskRunner

    open_store(data_paths, FIXED_NOW)
    ctx = AppContext(paths=data_paths, clock=clock, runner=TaskRunner(synchronous=True))
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON export (``backtrainer export``) of a generated week's history of the profile "Demo"."""
    from backtrainer.__main__ import main
    from tests.services.history_fixture import make_history

    root = tmp_path_factory.mktemp("demo") / "data"
    make_history(root, 7)
    out = root.parent / "demo.json"
    assert main(["export", "--data-dir", str(root), "--profile", "Demo", "--format", "json", "--out", str(out)]) == 0
    return out
