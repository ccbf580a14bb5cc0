"""Saving a finished session: TrainingService.finish_session (all rows, the engine's decisions, one transaction, WAL).

200 saves (one per day after the generated history), timed around finish_session only; p50, p95 and max, for a
profile with 3 years of history and for one with 2 weeks (goal: p95 under 20 ms).
Usage: python benchmarks/session_save.py [--saves 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_history import generate

from backtrainer.services.clock import FixedClock
from backtrainer.services.training import ExerciseResultInput, FinishedSession, TrainingService
from backtrainer.store.db import Database

END = date(2026, 11, 24)  # gen_history's last day


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench(root: Path, years: float, saves: int) -> dict[str, float]:
    pid = generate(root, years=years)
    db = Database(root / "backtrainer.sqlite3")
    clock = FixedClock(datetime.combine(END + timedelta(days=1), datetime.min.time()).replace(hour=17))
    service = TrainingService(db, clock)
    loaded = service.load(pid)
    result = service.decide_today(loaded, clock.now().date(), service._config_of(pid))
    plan = service.compose(loaded, result)
    assert plan is not None, "the generated profile has no session plan"
    items = [(item.exercise_id, item.dose.sets * item.dose.reps) for item in plan.items]
    times: list[float] = []
    for k in range(saves):
        day = END + timedelta(days=1 + k)
        begin = datetime.combine(day, datetime.min.time()).replace(hour=17)
        clock.set(begin + timedelta(minutes=25))
        done = FinishedSession(begin, begin + timedelta(minutes=25), pre_pain=3, post_pain=2, flare_answer=None,
                               kind=plan.kind.value,
                               results=tuple(ExerciseResultInput(ex, n, n, 3, 4, "good") for ex, n in items))
        started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
        start = time.perf_counter()
        service.finish_session(pid, done, started=started)
        times.append((time.perf_counter() - start) * 1000)
    db.dispose()
    return {"p50": statistics.median(times), "p95": percentile(times, 95), "max": max(times),
            "rows": len(items) + 1}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()
    rows = []
    for label, years in (("3-year history", 3.0), ("2-week history", 14 / 365)):
        tmp = Path(tempfile.mkdtemp(prefix="bt-bench-save-"))
        try:
            r = bench(tmp / "data", years, args.saves)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"finish_session, {label}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms "
              f"({args.saves} saves, {r['rows']:.0f} result rows each; goal p95 < 20 ms)")
        rows.append({"name": f"save a finished session, {label} (p50 / p95)", "value": r["p95"], "unit": "ms",
                     "detail": f"p50 {r['p50']:.1f} / p95 {r['p95']:.1f} ms", "goal": 20.0})
    if args.json:
        print("JSON:", json.dumps(rows))


if __name__ == "__main__":
    main()
