"""Progress page with 3 years of daily data: time from a range click to every chart shown (offscreen).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/progress_page.py [--years 3] [--runs 5]
       [--after-warm-up | --hover-ms N]
The real, asynchronous path: the series are computed and each chart is drawn into an image on the worker thread
(one job per chart, pain first); the GUI thread only wraps the images in pixmaps. Prints: first open (matplotlib
imported on the worker, history read, series computed, charts drawn and shown), then per range the median time from
the click to the pain chart shown and to every chart shown, the worker's drawing time per chart, and the longest
stretch the GUI thread was busy (a 2 ms QTimer heartbeat: the largest gap between its ticks, less the interval).
Once a range is drawn the page draws the other two ahead on the worker, so a switch usually only swaps images; the
"max" of the first range is a click made while that drawing ahead was still running (right after the first open).
The ORM is opened on the worker first, as Today's own loads have done in the running app before anyone can click.
--after-warm-up: the person pointed at the Progress button (or tabbed to it) long enough before the click for the
shell's warm-up (services.plots.warm_up on a thread of its own) to finish; --hover-ms N: the click comes N ms after the
pointer reached the button (the warm-up may still be running). Without either: a click with no pointing first
(the Alt+4 shortcut), matplotlib is imported after the click.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_history import generate

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
    parser.add_argument("--after-warm-up", action="store_true",
                        help="open the page once the warm-up started by pointing at its button is done")
    parser.add_argument("--hover-ms", type=int, default=None,
                        help="open the page this many ms after the warm-up started (pointer resting on the button)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        pid = generate(root, args.years)
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        from backtrainer.paths import DataPaths
        from backtrainer.services.clock import FixedClock
        from backtrainer.ui import theme
        from backtrainer.ui.context import AppContext
        from backtrainer.ui.tasks import TaskRunner

        app = QApplication([])
        theme.apply(app, "light", 1.0)
        ctx = AppContext(paths=DataPaths(root), clock=FixedClock(datetime(2026, 11, 24, 9)),
                         runner=TaskRunner(synchronous=False))
        ctx.profile_id = pid
        beat = Heartbeat()

        def wait(pred: Callable[[], bool], timeout: float = 30.0) -> float:
            """Run the event loop until ``pred()``; sleeps in Qt between events (no busy polling that would
            compete with the worker for the GIL). The time when ``pred()`` became true."""
            end = time.perf_counter() + timeout
            while not pred() and time.perf_counter() < end:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            return time.perf_counter()

        opened: list[object] = []
        ctx.runner.run(ctx.db, opened.append)  # Today's loads have opened the ORM in the running app
        wait(lambda: bool(opened))
        if args.after_warm_up or args.hover_ms is not None:
            from backtrainer.services.plots import warm_up

            # What pointing at the Progress button starts: a thread of its own, as the shell does.
            warming = threading.Thread(target=warm_up, name="backtrainer-warm-progress")
            warming.start()
            if args.after_warm_up:
                warming.join()
            else:  # the pointer rests on the button for hover_ms, the GUI thread idle meanwhile
                until = time.perf_counter() + args.hover_ms / 1000
                while time.perf_counter() < until:
                    app.processEvents()
                    time.sleep(0.002)
        beat.start()
        t0 = time.perf_counter()
        from backtrainer.core.charts import Range
        from backtrainer.ui.pages.progress import ProgressPage

        page = ProgressPage(ctx)
        page.resize(1100, 860)
        page.show()
        t_pain = wait(lambda: page.data is not None and "pain" not in page.pending)
        t_end = wait(lambda: page.data is not None and not page.pending)
        app.processEvents()  # paint
        first = time.perf_counter() - t0
        first_busy = beat.stop()
        assert t_end
        print(f"{args.years:g} years, {len(page.history.checkins)} check-ins, {len(page.history.sessions)} sessions, "
              f"{len(page.history.decisions)} decisions, {len(page.history.maps)} body maps")
        what = ("after the warm-up: reads, computes, draws" if args.after_warm_up
                else f"{args.hover_ms} ms after pointing at the button" if args.hover_ms is not None
                else "no pointing first: imports matplotlib, reads, computes, draws")
        print(f"first open ({what}): {first * 1000:.0f} ms to every chart shown, pain chart shown after "
              f"{(t_pain - t0) * 1000:.0f} ms (GUI thread busy at most {first_busy:.0f} ms at a stretch; page and "
              f"card construction included)")
        qtagg = "matplotlib.backends.backend_qtagg" in sys.modules
        print(f"matplotlib Qt canvas imported: {'yes' if qtagg else 'no'}")
        order = (Range.WEEKS_4, Range.WEEKS_12, Range.ALL)
        worst_busy = 0.0
        for rng in order:
            totals, tops, busies = [], [], []
            renders: dict[str, list[float]] = {}
            other = order[(order.index(rng) + 1) % len(order)]
            for _ in range(args.runs):
                page.range_buttons[other].click()  # a real switch each time: leave the range first
                wait(lambda o=other: page.data.range is o and not page.pending)
                app.processEvents()
                beat.start()
                t = time.perf_counter()
                page.range_buttons[rng].click()
                t_top = wait(lambda r=rng: page.data.range is r and "pain" not in page.pending)
                t_all = wait(lambda: not page.pending)
                app.processEvents()  # paint the last chart
                t_shown = time.perf_counter()
                busies.append(beat.stop())
                totals.append(t_shown - t)
                tops.append(t_top - t)
                for k, ms in page.last_render_ms.items():
                    renders.setdefault(k, []).append(ms)
                assert t_all
            worst_busy = max(worst_busy, max(busies))
            per_chart = ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in renders.items())
            print(f"range {rng.value:>3}: click to all charts shown {statistics.median(totals) * 1000:6.0f} ms "
                  f"(median of {args.runs}, max {max(totals) * 1000:.0f}); pain chart shown after "
                  f"{statistics.median(tops) * 1000:.0f} ms; GUI thread busy at most {max(busies):.0f} ms at a stretch"
                  f"; worker drawing ms: {per_chart}")
        shown = [name for name, c in page.cards.items() if c.isVisible() and c.chart.has_image()]
        print(f"charts shown: {', '.join(shown)}; longest GUI-thread stretch on range switches: {worst_busy:.0f} ms")
        ctx.runner.shutdown()
        ctx.close()


if __name__ == "__main__":
    main()
