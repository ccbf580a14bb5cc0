"""Run every benchmark and print one table (make bench). Figures are printed, never asserted.

Runs startup.py (cold start vs a bare PySide6 window, same run), rss.py, session_save.py, engine.py,
video_first_frame.py, theme_switch.py and progress_page.py; each script's own lines are echoed
as it finishes.
Usage: python benchmarks/run_all.py [--quick]   (--quick: fewer runs, for a smoke check)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> str:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / script), *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    print(f"--- {script} ({took:.0f} s)")
    shown = [line for line in proc.stdout.splitlines() if not line.startswith("JSON:")]
    print("\n".join(shown))
    if proc.returncode != 0:
        print(f"{script} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return proc.stdout


def rows_of(output: str) -> list[dict[str, object]]:
    for line in output.splitlines():
        if line.startswith("JSON:"):
            return list(json.loads(line[5:]))
    return []


def startup_rows(output: str) -> list[dict[str, object]]:
    """startup.py prints a table: case, median s, ratio, peak RSS."""
    rows: list[dict[str, object]] = []
    for line in output.splitlines():
        m = re.match(r"^(bare PySide6 window|BackTrainer, .+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", line.strip())
        if not m:
            continue
        name, med, ratio, rss = m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4))
        if name.startswith("bare"):
            rows.append({"name": "cold start: bare PySide6 window (anchor)", "value": med, "unit": "s",
                         "detail": f"{med:.2f} s, {rss:.0f} MiB", "goal": None})
        else:
            rows.append({"name": f"cold start to first painted screen, {name.split(', ', 1)[1]}", "value": ratio,
                         "unit": "x", "detail": f"{med:.2f} s = {ratio:.2f} x bare, {rss:.0f} MiB", "goal": 2.0})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke check, not figures to quote)")
    args = parser.parse_args()
    quick = args.quick
    rows = startup_rows(run("startup.py", "--runs", "3" if quick else "7"))
    rows += rows_of(run("rss.py", "--json", "--runs", "1" if quick else "3"))
    rows += rows_of(run("session_save.py", "--json", "--saves", "40" if quick else "200"))
    rows += rows_of(run("engine.py", "--json", "--runs", "5" if quick else "15"))
    rows += rows_of(run("video_first_frame.py", "--json", "--runs", "3" if quick else "7"))
    rows += rows_of(run("theme_switch.py", "--json", "--runs", "1" if quick else "3"))
    rows += rows_of(run("progress_page.py", "--json", "--runs", "3" if quick else "5"))
    # the first open within a second of start, before the page is made ready ahead (its first-open row only)
    rows += [r for r in rows_of(run("progress_page.py", "--json", "--runs", "1", "--early"))
             if "first open" in str(r.get("name"))]
    print()
    print(f"{'measure':<66}{'figure':>34}{'goal':>10}  met")
    for r in rows:
        goal = r.get("goal")
        value = r.get("value")
        unit = str(r.get("unit", ""))
        goal_text = "" if goal is None else (f"<= {goal:g}" if unit in ("x", "MiB") else f"< {goal:g}")
        met = "" if goal is None or value is None else ("yes" if float(value) <= float(goal) else "NO")
        print(f"{r['name']!s:<66}{r['detail']!s:>34}{goal_text + (' ' + unit if goal_text else ''):>10}  {met}")


if __name__ == "__main__":
    main()
