"""Cold start to the first painted screen with data, against a bare PySide6 window, in the same run.

Prints medians of N runs (default 7; the cases take turns), peak RSS and the ratio to the bare window
(goal: ratio <= 2.0).
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


def measure_interleaved(cases: dict[str, tuple[list[str], object]], runs: int) -> dict[str, list[Run]]:
    """Run the cases in turn (a, b, c, a, b, c, ...), so a slow spell of the machine touches every case alike."""
    env = offscreen_env()
    results: dict[str, list[Run]] = {name: [] for name in cases}
    for cmd, _ in cases.values():
        timed(cmd, env)  # warm the OS file cache once
    for _ in range(runs):
        for name, (cmd, before_each) in cases.items():
            if callable(before_each):
                before_each()
            run = timed(cmd, env)
            if run.returncode != 0:
                raise SystemExit(f"{cmd} exited {run.returncode}")
            results[name].append(run)
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

        results = measure_interleaved({
            "bare PySide6 window": ([sys.executable, str(HERE / "bare_window.py")], None),
            "BackTrainer, fresh data dir": ([*app, str(fresh)], wipe_fresh),
            "BackTrainer, 3-year data dir": ([*app, str(populated)], None),
        }, args.runs)
        base = median([r.seconds for r in results["bare PySide6 window"]])
        print(f"{'case':<34}{'median s':>10}{'ratio':>8}{'peak RSS MiB':>14}")
        for name, runs in results.items():
            med = median([r.seconds for r in runs])
            rss = max(r.peak_rss_mib for r in runs)
            print(f"{name:<34}{med:>10.3f}{med / base:>8.2f}{rss:>14.1f}")
        print(f"(runs per case: {args.runs}; goal: ratio <= 2.0, home-screen RSS <= 120 MiB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
