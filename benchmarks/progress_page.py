"""Progress page with 3 years of daily data in the real shell (offscreen): first open, after new data, range switches.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/progress_page.py [--years 3] [--runs 5] [--early] [--json]
The real, asynchronous path in the real window (MainWindow on Today, its own loads done). The history is read and the
series are worked out on the store's thread; the page hands the series to its five natively painted charts
(ui.widgets.progress_charts) in one turn and paints them one per event-loop turn. Each figure is the time from the click
(or Alt+4) until all five charts have their series and have been painted on screen, and the longest stretch the GUI
thread was busy meanwhile (a 2 ms QTimer heartbeat: the largest gap between its ticks, less the interval). Cases: the
first open of the run (never opened before; by default about 1 s after start, once the app made the page ready ahead:
the empty page built and laid out, no data read; with --early before that, the page built on the click: the cold
path; its code is imported on the store's thread as soon as the first screen is painted, in both cases), the open
after a new check-in was saved while on Today, and a switch to each range (4 weeks, 12 weeks, All) from another range
(the first switch to a range computes its series; later ones reuse them). Also the paint time of each chart at 3 years
(ms, median), and whether matplotlib was imported (it must not be).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import use_laptop_screen

use_laptop_screen()  # (before Qt starts: the 1366x768 laptop screen, not offscreen's 800x800)

from gen_history import generate  # noqa: E402

HEARTBEAT_MS = 2


class Heartbeat:
    """Records the largest gap between ticks of a fast QTimer: how long the GUI thread was busy at a stretch."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()

    def stop(self) -> float:
        """The longest busy stretch since start, in ms."""
        self.timer.stop()
        return max(0.0, self.worst * 1000 - HEARTBEAT_MS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--early", action="store_true",
                        help="open Progress before the app has made the page ready ahead (the cold path)")
    parser.add_argument("--json", action="store_true", help="also print one JSON line per figure (run_all.py)")
    args = parser.parse_args()
    import json
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        now = datetime(2026, 11, 24, 9)
        pid = generate(root, args.years)
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from backtrainer.core.charts import Range
        from backtrainer.paths import DataPaths
        from backtrainer.services.clock import FixedClock
        from backtrainer.store.records import StartupData
        from backtrainer.store.summary import list_profiles
        from backtrainer.ui import theme
        from backtrainer.ui.app_window import MainWindow
        from backtrainer.ui.context import AppContext, Changes
        from backtrainer.ui.pages.progress import CHARTS, ProgressPage
        from backtrainer.ui.tasks import TaskRunner

        app = QApplication([])
        theme.apply(app, "light", 1.0)
        ctx = AppContext(paths=DataPaths(root), clock=FixedClock(now), runner=TaskRunner(synchronous=False))
        beat = Heartbeat()

        def wait(pred: Callable[[], bool], timeout: float = 30.0) -> float:
            """Run a real event loop (as the app's exec does) until ``pred()``, checked every 1 ms; the time it
            became true. (``processEvents(WaitForMoreEvents)`` keeps the GIL while it waits: the store's thread
            then read 3 years in 26-65 ms instead of 8-14, and every figure here looked slower than the app.)"""
            end = time.perf_counter() + timeout
            loop = QEventLoop()

            def check() -> None:
                if pred() or time.perf_counter() >= end:
                    loop.quit()

            poll = QTimer()
            poll.setInterval(1)
            poll.timeout.connect(check)
            poll.start()
            if not pred():
                loop.exec()
            poll.stop()
            return time.perf_counter()

        def idle(seconds: float) -> None:
            until = time.perf_counter() + seconds
            while time.perf_counter() < until:
                app.processEvents()
                time.sleep(0.002)

        window = MainWindow(ctx)
        window.resize(1180, 740)
        window.show()
        window.populate(StartupData(profiles=list_profiles(ctx.paths.db)))
        assert ctx.profile_id == pid
        if args.early:  # a person quicker than the ready-ahead (~0.15 s after the first screen): the cold path
            window._warm_timer.stop()
        idle(0.3)
        wait(lambda: not ctx.runner.busy)
        idle(0.3)
        if not args.early:  # a person who opens Progress a few seconds after start: the page was made ready ahead
            wait(lambda: "progress" in window.pages, timeout=10.0)
            idle(0.3)
        page: ProgressPage | None = None
        painted: dict[str, int] = {}

        def shown(rng: Range | None = None) -> bool:
            """Every chart of the range has its series and has painted since the click."""
            if page is None or not page.charts_ready or (rng is not None and page.data.range is not rng):
                return False
            app.processEvents()  # (the paint events of the last chart)
            return all(page.cards[k].chart.paint_count > painted.get(k, 0) or not page.cards[k].isVisible()
                       for k in CHARTS)

        def mark() -> None:
            painted.clear()
            if page is not None:
                painted.update({k: page.cards[k].chart.paint_count for k in CHARTS})

        figures: list[dict[str, object]] = []

        def report(name: str, ms: list[float], busy: list[float], note: str = "") -> None:
            med = statistics.median(ms)
            print(f"{name}{note}: all five charts shown {med:.0f} ms (median of {len(ms)}, max {max(ms):.0f}); "
                  f"GUI thread busy at most {max(busy):.0f} ms at a stretch")
            figures.append({"name": name, "value": round(med, 1), "max": round(max(ms), 1),
                            "busy": round(max(busy), 1)})

        beat.start()
        t0 = time.perf_counter()
        window.show_page("progress")  # what Alt+4 does (the page's module imported and the page built)
        built = (time.perf_counter() - t0) * 1000
        page = window.page("progress")  # type: ignore[assignment]
        assert isinstance(page, ProgressPage)
        t_data = wait(lambda: page is not None and page.data is not None)
        wait(lambda: shown())
        first = (time.perf_counter() - t0) * 1000
        first_busy = beat.stop()
        history = page.history
        print(f"{args.years:g} years, {len(history.checkins)} check-ins, {len(history.sessions)} sessions, "
              f"{len(history.decisions)} decisions, {len(history.maps)} body maps; window {window.width()}x"
              f"{window.height()}, pain chart {page.cards['pain'].chart.width()} px wide")
        when = "before it was made ready ahead" if args.early else "after the page was made ready ahead"
        report(f"first open (Alt+4, never opened before, {when})", [first], [first_busy],
               f" (page built in {built:.0f} ms, series read and worked out on the store's thread after "
               f"{(t_data - t0) * 1000:.0f} ms)")
        # After new data: on Today, a check-in is saved (the page is told, as every save tells it), back to Progress.
        new_ms: list[float] = []
        new_busy: list[float] = []
        for i in range(args.runs):
            window.show_page("today")
            idle(0.1)
            con = sqlite3.connect(root / "backtrainer.sqlite3")
            with con:
                con.execute("UPDATE checkin SET morning_pain = ? WHERE profile_id = ? AND day = ?",
                            (3 + i % 3, pid, str(now.date())))
            con.close()
            ctx.signals.dataChanged.emit(Changes.CHECKIN)
            wait(lambda: not ctx.runner.busy)
            idle(0.1)
            mark()
            beat.start()
            t = time.perf_counter()
            window.show_page("progress")
            wait(lambda old=history: page is not None and page.history is not old and shown())
            new_ms.append((time.perf_counter() - t) * 1000)
            new_busy.append(beat.stop())
            history = page.history
        report("after new data", new_ms, new_busy, " (a check-in saved on Today, then Alt+4)")
        order = (Range.WEEKS_4, Range.WEEKS_12, Range.ALL)
        for rng in order:
            other = order[(order.index(rng) + 1) % len(order)]
            ms: list[float] = []
            busy: list[float] = []
            for run in range(args.runs):
                if run == 0:  # the first switch to this range since the new data: its series are worked out
                    page._series.pop(rng, None)
                page.range_buttons[other].click()
                wait(lambda o=other: shown(o))
                idle(0.05)
                mark()
                beat.start()
                t = time.perf_counter()
                page.range_buttons[rng].click()
                wait(lambda r=rng: shown(r))
                ms.append((time.perf_counter() - t) * 1000)
                busy.append(beat.stop())
            report(f"range {rng.value}", ms, busy, f" (first switch {ms[0]:.0f} ms)")
        # Paint time of each chart at this size (the pixmap of each, made again).
        paint: dict[str, list[float]] = {}
        for _ in range(args.runs):
            for kind in page.shown_charts():
                chart = page.cards[kind].chart
                chart._pixmap = None
                t = time.perf_counter()
                chart.prepare()
                paint.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        print("paint ms per chart (All, median): " + ", ".join(f"{k} {statistics.median(v):.1f}"
                                                             for k, v in paint.items()))
        print(f"charts shown: {', '.join(page.shown_charts())}; matplotlib imported: "
              f"{'yes' if 'matplotlib' in sys.modules else 'no'}")
        if args.json:  # one line for run_all.py
            rows: list[dict[str, object]] = [
                {"name": f"Progress {args.years:g} years, {f['name']}", "unit": "ms", "value": f["value"],
                 "goal": 100.0, "detail": f"{f['value']:.0f} ms (max {f['max']:.0f}, GUI {f['busy']:.0f})"}
                for f in figures]
            worst = max(float(str(f["busy"])) for f in figures)
            rows.append({"name": "Progress: longest GUI-thread stretch (all cases)", "unit": "ms", "value": worst,
                         "goal": 30.0, "detail": f"{worst} ms"})
            print("JSON:" + json.dumps(rows))
        window.close()
        ctx.runner.shutdown()


if __name__ == "__main__":
    main()
