"""The progression engine (core.progression.decide) over 10 years of generated history (goal: under 50 ms).

The history is generated with gen_history (10 years: ~1,500 sessions, ~9,000 exercise results, ~3,400 check-ins) and
read once with TrainingService.load; then decide() is timed on its own (median of N calls), and, for reference,
the load that feeds it.
Usage: python benchmarks/engine.py [--years 10] [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_history import generate

from backtrainer.core.progression import decide
from backtrainer.services.clock import FixedClock
from backtrainer.services.training import TrainingService
from backtrainer.store.db import Database

TODAY = date(2026, 11, 25)  # the day after gen_history's last day


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bt-bench-engine-"))
    try:
        pid = generate(tmp / "data", years=args.years)
        db = Database(tmp / "data" / "backtrainer.sqlite3")
        service = TrainingService(db, FixedClock(datetime.combine(TODAY, datetime.min.time())))
        load_ms = []
        for _ in range(3):
            start = time.perf_counter()
            loaded = service.load(pid)
            load_ms.append((time.perf_counter() - start) * 1000)
        config = service._config_of(pid)
        decide(loaded.plan, loaded.history, loaded.checkins, today=TODAY, library=service.library, config=config)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            decide(loaded.plan, loaded.history, loaded.checkins, today=TODAY, library=service.library,
                   config=config)
            times.append((time.perf_counter() - start) * 1000)
        db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median(times)
    print(f"engine decide(), {args.years:g} years ({len(loaded.history)} exercise records, {len(loaded.checkins)} "
          f"check-ins): median {med:.1f} ms, max {max(times):.1f} ms ({args.runs} runs; goal < 50 ms)")
    print(f"  (reading that history with TrainingService.load: median {statistics.median(load_ms):.0f} ms)")
    if args.json:
        print("JSON:", json.dumps([
            {"name": f"progression engine, {args.years:g} years of history", "value": med, "unit": "ms",
             "detail": f"{med:.1f} ms", "goal": 50.0},
            {"name": f"  reading {args.years:g} years for it (TrainingService.load)", "value":
             statistics.median(load_ms), "unit": "ms", "detail": f"{statistics.median(load_ms):.0f} ms",
             "goal": None},
        ]))


if __name__ == "__main__":
    main()
