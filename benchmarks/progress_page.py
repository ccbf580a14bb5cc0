"""Progress page with 3 years of daily data: time to compute the series and to render the page (offscreen).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/progress_page.py [--years 3] [--runs 5]
Prints: first open (matplotlib import included), then warm figures per range: compute (worker thread work: read
the store + build the series) and draw (GUI thread: figures drawn into the QtAgg canvases and painted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_history import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        pid = generate(root, args.years)
        from PySide6.QtWidgets import QApplication

        from backtrainer.paths import DataPaths
        from backtrainer.services.clock import FixedClock
        from backtrainer.ui import theme
        from backtrainer.ui.context import AppContext
        from backtrainer.ui.tasks import TaskRunner

        app = QApplication([])
        theme.apply(app, "light", 1.0)
        ctx = AppContext(paths=DataPaths(root), clock=FixedClock(datetime(2026, 11, 24, 9)),
                         runner=TaskRunner(synchronous=True))
        ctx.profile_id = pid
        t0 = time.perf_counter()
        from backtrainer.core.charts import Range
        from backtrainer.services.progress import build_progress, load_history
        from backtrainer.ui.pages.progress import ProgressPage

        page = ProgressPage(ctx)
        page.resize(1100, 860)
        page.show()
        app.processEvents()
        page.finish_drawing()
        app.processEvents()
        page.repaint()
        first = time.perf_counter() - t0
        print(f"{args.years:g} years, {len(page.history.checkins)} check-ins, {len(page.history.sessions)} sessions, "
              f"{len(page.history.decisions)} decisions, {len(page.history.maps)} body maps")
        print(f"first open (imports matplotlib, reads, computes, draws): {first * 1000:.0f} ms")
        for rng in (Range.WEEKS_4, Range.WEEKS_12, Range.ALL):
            computes, draws, firsts = [], [], []
            for _ in range(args.runs):
                t = time.perf_counter()
                data = build_progress(load_history(ctx.db(), pid), rng, ctx.clock.now().date())
                t1 = time.perf_counter()
                page.show_data(data)  # the pain chart now, the others one per event-loop turn
                app.processEvents()
                page.repaint()
                t_first = time.perf_counter()
                page.finish_drawing()
                app.processEvents()
                page.repaint()
                t2 = time.perf_counter()
                computes.append(t1 - t)
                draws.append(t2 - t1)
                firsts.append(t_first - t1)
            c_ms, d_ms = statistics.median(computes) * 1000, statistics.median(draws) * 1000
            print(f"range {rng.value:>3}: compute (worker) {c_ms:6.0f} ms | draw (GUI thread) {d_ms:6.0f} ms | "
                  f"total {c_ms + d_ms:6.0f} ms (median of {args.runs}); top of the page (pain chart) painted "
                  f"after {c_ms + statistics.median(firsts) * 1000:.0f} ms")
        drawn = [name for name, c in page.cards.items() if c.canvas is not None and c.isVisible()
                 and c.canvas.renderer is not None]
        print(f"charts drawn: {', '.join(drawn)}")
        ctx.close()


if __name__ == "__main__":
    main()
