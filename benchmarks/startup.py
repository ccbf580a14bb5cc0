"""Cold start to the first painted screen with data, against a bare PySide6 window, in the same run.

Prints medians of N runs (default 7), peak RSS and the ratio to the bare window (goal: ratio <= 2.0).
Usage: python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import Run, median, offscreen_env, timed
from gen_history import generate

HERE = Path(__file__).resolve().parent


def measure(cmd: list[str], runs: int, before_each: object = None) -> list[Run]:
    results = []
    env = offscreen_env()
    timed(cmd, env)  # warm the OS file cache once
    for _ in range(runs):
        if callable(before_each):
            before_each()
        run = timed(cmd, env)
        if run.returncode != 0:
            raise SystemExit(f"{cmd} exited {run.returncode}")
        results.append(run)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bt-bench-"))
    try:
        fresh = tmp / "fresh"
        populated = tmp / "populated"
        generate(populated, years=3.0)
        app = [sys.executable, "-m", "backtrainer", "--exit-after-paint", "--data-dir"]

        def wipe_fresh() -> None:
            shutil.rmtree(fresh, ignore_errors=True)

        bare = measure([sys.executable, str(HERE / "bare_window.py")], args.runs)
        fresh_runs = measure([*app, str(fresh)], args.runs, wipe_fresh)
        pop_runs = measure([*app, str(populated)], args.runs)
        base = median([r.seconds for r in bare])
        print(f"{'case':<34}{'median s':>10}{'ratio':>8}{'peak RSS MiB':>14}")
        for name, runs in (("bare PySide6 window", bare), ("BackTrainer, fresh data dir", fresh_runs),
                           ("BackTrainer, 3-year data dir", pop_runs)):
            med = median([r.seconds for r in runs])
            rss = max(r.peak_rss_mib for r in runs)
            print(f"{name:<34}{med:>10.3f}{med / base:>8.2f}{rss:>14.1f}")
        print(f"(runs per case: {args.runs}; goal: ratio <= 2.0, home-screen RSS <= 120 MiB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
