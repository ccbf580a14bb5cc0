"""Every registry entry matches its page class, and building the shell imports no page module but the first."""

from __future__ import annotations

import subprocess
import sys

from backtrainer.ui.pages import all_pages, nav_pages


def test_entries_match_their_classes() -> None:
    names = [e.name for e in all_pages()]
    assert len(names) == len(set(names))
    for entry in all_pages():
        cls = entry.load()
        assert (entry.name, entry.title, entry.order) == (cls.NAME, cls.TITLE, cls.ORDER), entry
        assert entry.in_nav == cls.IN_NAV, entry
    orders = [e.order for e in nav_pages()]
    assert orders == sorted(orders)


def test_start_up_imports_only_what_the_first_screen_needs() -> None:
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from backtrainer.paths import DataPaths\n"
        "from backtrainer.services.clock import SystemClock\n"
        "from backtrainer.ui.app_window import MainWindow\n"
        "from backtrainer.ui.context import AppContext\n"
        "from backtrainer.ui.tasks import TaskRunner\n"
        "import tempfile, pathlib\n"
        "ctx = AppContext(DataPaths(pathlib.Path(tempfile.mkdtemp())), SystemClock(), TaskRunner(synchronous=True))\n"
        "w = MainWindow(ctx)\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic', 'matplotlib', 'av', 'pydantic', 'PySide6.QtMultimedia')\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy or m.startswith('backtrainer.ui.pages.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(filter(None, result.stdout.strip().split(",")))
    assert loaded <= {"backtrainer.ui.pages.base"}, loaded
