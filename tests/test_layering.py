"""Qt stays in ui/, bootstrap and __main__ (style 5.2.1): importing the Qt-free layers loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import backtrainer

QT_FREE = ("core", "content", "store", "services")


def _modules(layer: str) -> list[str]:
    package = __import__(f"backtrainer.{layer}", fromlist=["_"])
    names = [f"backtrainer.{layer}"]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"backtrainer.{layer}."):
        if ".migrations" in info.name:
            continue  # Alembic revision scripts import alembic.op, only importable inside a migration run
        names.append(info.name)
    return names


def test_qt_free_layers_do_not_load_pyside6() -> None:
    modules = [m for layer in QT_FREE for m in _modules(layer)] + ["backtrainer.paths", "backtrainer.log",
                                                                   "backtrainer.files"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 10
    assert result.stdout.strip() == "", f"PySide6 loaded by Qt-free layers: {result.stdout}"


def test_core_does_no_io_or_sql() -> None:
    """backtrainer.core imports no Qt, SQL or file/clock I/O modules."""
    banned = ("PySide6", "sqlalchemy", "sqlmodel", "sqlite3", "pathlib", "tomllib", "os", "io", "time")
    code = (
        "import importlib, sys\n"
        "import backtrainer\n"
        "before = set(sys.modules)\n"
        f"for name in {_modules('core')!r}:\n"
        "    importlib.import_module(name)\n"
        "new = set(sys.modules) - before\n"
        f"print(','.join(sorted(m for m in new if m.split('.')[0] in {banned!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout}"


def test_version_is_set() -> None:
    assert backtrainer.__version__.count(".") >= 1


def test_version_matches_pyproject() -> None:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    assert tomllib.loads(pyproject.read_text())["project"]["version"] == backtrainer.__version__
