"""Changing the text size or the theme in Settings, in the real window with every page built (offscreen).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/theme_switch.py [--runs 3] [--json]
The shell opens a profile with 90 days of history, visits every page in the rail (so each is built, Progress with its
charts), goes to Settings and then clicks the text-size and theme buttons there as a person does. Prints, per change,
the median time from the click to the event loop being idle again with the window repainted (the goal is < 1 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import use_laptop_screen

use_laptop_screen()  # (before Qt starts: the 1366x768 laptop screen, not offscreen's 800x800)

from gen_history import generate  # noqa: E402

CHANGES = (("text size 100 % -> 200 %", "size", "2.00"), ("text size 200 % -> 100 %", "size", "1.00"),
           ("theme light -> dark", "theme", "dark"), ("theme dark -> high contrast", "theme", "high_contrast"),
           ("theme high contrast -> light", "theme", "light"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        generate(root, 90 / 365)
        from datetime import datetime

        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        from backtrainer.paths import DataPaths
        from backtrainer.services.clock import FixedClock
        from backtrainer.store.records import StartupData
        from backtrainer.store.summary import list_profiles
        from backtrainer.ui import theme
        from backtrainer.ui.app_window import MainWindow
        from backtrainer.ui.context import AppContext
        from backtrainer.ui.pages import nav_pages
        from backtrainer.ui.tasks import TaskRunner

        app = QApplication([])
        theme.apply(app, "light", 1.0)
        ctx = AppContext(paths=DataPaths(root), clock=FixedClock(datetime(2026, 11, 24, 9)),
                         runner=TaskRunner(synchronous=False))
        window = MainWindow(ctx)
        window.resize(1366, 740)
        window.show()
        window.populate(StartupData(profiles=list_profiles(ctx.paths.db)))

        def settle(timeout: float = 30.0) -> None:
            """Run the event loop until the worker is idle and a pass over the queue takes no time (layouts and
            repaints posted by the change are done)."""
            end = time.perf_counter() + timeout
            while time.perf_counter() < end:
                t = time.perf_counter()
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                if not ctx.runner.busy and time.perf_counter() - t < 0.002:
                    return
                if ctx.runner.busy:
                    time.sleep(0.002)

        settle()
        for entry in nav_pages():
            window.show_page(entry.name)
            settle()
        window.show_page("settings")
        settle()
        page = window.page("settings")
        assert page is not None
        buttons = {"size": page.size_buttons, "theme": page.theme_buttons}  # type: ignore[attr-defined]
        times: dict[str, list[float]] = {name: [] for name, _, _ in CHANGES}
        widgets = len(app.allWidgets())
        for _ in range(args.runs):
            for name, group, key in CHANGES:
                t0 = time.perf_counter()
                buttons[group][key].click()
                settle()
                window.repaint()
                times[name].append(time.perf_counter() - t0)
        rows = []
        print(f"{widgets} widgets in the window; median of {args.runs} runs, click to idle and repainted:")
        for name, _, _ in CHANGES:
            med = statistics.median(times[name])
            print(f"  {name:<32} {med * 1000:7.0f} ms")
            rows.append({"name": f"Settings: {name}", "value": med, "unit": "s",
                         "detail": f"{med * 1000:.0f} ms", "goal": 1.0})
        if args.json:
            print("JSON:" + json.dumps(rows))
        window.close()
        ctx.runner.shutdown()


if __name__ == "__main__":
    main()
