"""Progress page with 3 years of daily data: its first open in the real shell, then range switches (offscreen).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/progress_page.py [--years 3] [--runs 5]
       [--after-warm-up | --hover-ms N] [--saved same|yesterday]
The real, asynchronous path in the real window (MainWindow on Today, its own loads done): the history is read and
the series are computed on the store's thread, each chart is drawn into an image on the drawing thread (one job per
chart, pain first); the GUI thread only wraps the images in pixmaps. Prints: first open (from the click, or Alt+4, to
the words and figures shown, to the pain chart shown and to every chart shown), then per range the median time from
the click to the pain chart shown and to every chart shown, the drawing time per chart, and the longest stretch the
GUI thread was busy (a 2 ms QTimer heartbeat: the largest gap between its ticks, less the interval).
Once a range is drawn the page draws the other two ahead, so a switch usually only swaps images.
--after-warm-up: the pointer rests on the Progress button (an Enter event, as a real pointer sends) until the shell's
head start is done: matplotlib imported on a thread of its own, the page built off screen, its history read and its
charts drawn; then the click. --hover-ms N: the click comes N ms after the pointer reached the button (the head
start may still be running). Without either: no pointing first (the Alt+4 shortcut), matplotlib is imported after.
--saved same|yesterday: an earlier run of the app (a process of its own, before this one) opened the page on the
same day, or the day before, so the charts' pictures are saved on disk (services.chart_cache): on the same data they
are shown from disk without drawing (nor importing matplotlib); a day later they are shown faded until redrawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
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
    parser.add_argument("--saved", choices=("same", "yesterday"), default=None,
                        help="the page was opened before, in an earlier run of the app, on the same data (same) or "
                             "the day before (yesterday): its saved chart pictures are on disk")
    parser.add_argument("--idle", type=float, default=0.0,
                        help="seconds on Today before opening the page (the background drawer may run meanwhile)")
    parser.add_argument("--fill-dir", help=argparse.SUPPRESS)  # (internal: the earlier run of --saved)
    parser.add_argument("--fill-day", help=argparse.SUPPRESS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.fill_dir:
            root = Path(args.fill_dir)
            now = datetime.combine(date.fromisoformat(args.fill_day), datetime.min.time()).replace(hour=9)
            pid = 1
        else:
            root = Path(tmp) / "data"
            now = datetime(2026, 11, 24, 9)
            pid = generate(root, args.years)
        if args.saved:  # an earlier run of the app opened the page (and drew every range): pictures saved
            day = "2026-11-24" if args.saved == "same" else "2026-11-23"
            subprocess.run([sys.executable, __file__, "--fill-dir", str(root), "--fill-day", day], check=True)
        from PySide6.QtCore import QEventLoop, QPointF
        from PySide6.QtGui import QEnterEvent
        from PySide6.QtWidgets import QApplication

        from backtrainer.core.charts import Range
        from backtrainer.paths import DataPaths
        from backtrainer.services.clock import FixedClock
        from backtrainer.store.records import StartupData
        from backtrainer.store.summary import list_profiles
        from backtrainer.ui import theme
        from backtrainer.ui.app_window import MainWindow
        from backtrainer.ui.context import AppContext
        from backtrainer.ui.pages.progress import ProgressPage
        from backtrainer.ui.tasks import TaskRunner

        app = QApplication([])
        theme.apply(app, "light", 1.0)
        ctx = AppContext(paths=DataPaths(root), clock=FixedClock(now),
                         runner=TaskRunner(synchronous=False))
        beat = Heartbeat()

        def wait(pred: Callable[[], bool], timeout: float = 30.0) -> float:
            """Run the event loop until ``pred()``; sleeps in Qt between events (no busy polling that would
            compete with the worker for the GIL). The time when ``pred()`` became true."""
            end = time.perf_counter() + timeout
            while not pred() and time.perf_counter() < end:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            return time.perf_counter()

        def idle(seconds: float) -> None:
            until = time.perf_counter() + seconds
            while time.perf_counter() < until:
                app.processEvents()
                time.sleep(0.002)

        # The real shell, on Today, with its loads done (as the person sees it before heading for Progress).
        window = MainWindow(ctx)
        window.resize(1180, 780)
        window.show()
        window.populate(StartupData(profiles=list_profiles(ctx.paths.db)))
        assert ctx.profile_id == pid
        idle(0.3)
        wait(lambda: not ctx.runner.busy)
        idle(0.3)
        if args.fill_dir:  # the earlier run: open the page, let it draw every range, quit
            window.show_page("progress")
            filled = window.page("progress")
            assert isinstance(filled, ProgressPage)
            wait(lambda: filled.data is not None and not filled.pending)
            wait(lambda: len(filled._cache) == 3 and not ctx.runner.busy, 60.0)
            window.close()
            ctx.runner.shutdown()
            return
        saved_before = len(list((root / "cache").rglob("*.chart"))) if (root / "cache").exists() else 0
        drawer = ""
        if args.idle:  # the person stays on Today a while: the background drawer (ui.chart_refresh) may run
            beat.start()
            idle(args.idle)
            idle_busy = beat.stop()
            refresh = window.chart_refresh
            drawer = (f"; {args.idle:g} s on Today first, background drawer: "
                      + (refresh.last_output or "still running" if refresh is not None and refresh.started
                         else "not run") + f", GUI thread busy at most {idle_busy:.0f} ms meanwhile")
        button = window.rail.buttons["progress"]
        hover_busy = 0.0
        if args.after_warm_up or args.hover_ms is not None:
            # What moving the pointer onto the Progress button does: the shell imports matplotlib on a thread of
            # its own and builds the page off screen, which reads the history and draws its charts.
            beat.start()
            QApplication.sendEvent(button, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
            if args.after_warm_up:
                wait(lambda: "progress" in window.prefetched and window.prefetched["progress"].data is not None
                     and not window.prefetched["progress"].pending)
                idle(0.05)
            else:  # the pointer rests on the button for hover_ms, then the click
                idle(args.hover_ms / 1000)
            hover_busy = beat.stop()
        beat.start()
        t0 = time.perf_counter()
        if args.after_warm_up or args.hover_ms is not None:
            button.click()
        else:
            window.show_page("progress")  # what Alt+4 does
        page = window.page("progress")
        assert isinstance(page, ProgressPage)
        t_page = wait(lambda: page.data is not None)
        t_pic = wait(lambda: page.cards["pain"].chart.has_image())  # a picture: drawn, saved, or earlier (faded)
        pic_faded = page.cards["pain"].chart.faded
        t_pain = wait(lambda: page.data is not None and "pain" not in page.pending)
        t_end = wait(lambda: page.data is not None and not page.pending)
        app.processEvents()  # paint
        first = time.perf_counter() - t0
        first_busy = beat.stop()
        assert t_end
        print(f"{args.years:g} years, {len(page.history.checkins)} check-ins, {len(page.history.sessions)} sessions, "
              f"{len(page.history.decisions)} decisions, {len(page.history.maps)} body maps")
        what = ("pointer on the button until its page was drawn off screen" if args.after_warm_up
                else f"click {args.hover_ms} ms after the pointer reached the button" if args.hover_ms is not None
                else "no pointing first (Alt+4)"
                + ("" if args.saved else ": imports matplotlib, reads, computes, draws"))
        if args.saved == "same":
            what += f"; opened before on the same data ({saved_before} saved pictures)"
        elif args.saved == "yesterday":
            what += f"; opened yesterday ({saved_before} saved pictures, shown faded until redrawn)"
        what += drawer
        print(f"first open ({what}): {first * 1000:.0f} ms to every chart shown, pain chart shown after "
              f"{(t_pain - t0) * 1000:.0f} ms, words and figures after {(t_page - t0) * 1000:.0f} ms (GUI thread busy "
              f"at most {first_busy:.0f} ms at a stretch after the click"
              + (f", {hover_busy:.0f} ms while pointing" if hover_busy else "") + ")")
        if args.saved:
            print(f"first picture of the pain chart shown after {(t_pic - t0) * 1000:.0f} ms "
                  f"({'an earlier one, faded, until the new drawing' if pic_faded else 'the exact one'})")
        qtagg = "matplotlib.backends.backend_qtagg" in sys.modules
        print(f"matplotlib Qt canvas imported: {'yes' if qtagg else 'no'}; matplotlib imported for the first open: "
              f"{'yes' if 'matplotlib.figure' in sys.modules else 'no'}")
        wait(lambda: not ctx.runner.busy)  # the other ranges drawn ahead
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
        window.close()
        ctx.runner.shutdown()


if __name__ == "__main__":
    main()
