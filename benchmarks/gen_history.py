"""Generate a data dir with years of realistic daily history (for benchmarks and screenshots).

Usage: python benchmarks/gen_history.py DATA_DIR [--years 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from backtrainer.paths import DataPaths
from backtrainer.store.opening import open_store

CHAINS = [("MC", "MC-02"), ("QX", "EX-02a"), ("LAT", "LT-01b"), ("GLU", "GL-01b"), ("HNG", "FN-01b"),
          ("SQT", "FN-03b")]


def generate(root: Path, years: float = 3.0, seed: int = 7, nickname: str = "Demo") -> int:
    """Write one profile with ``years`` of check-ins, sessions, results and events; return the profile id."""
    rng = random.Random(seed)
    paths = DataPaths(root)
    end = date(2026, 11, 24)
    start = end - timedelta(days=int(365 * years))
    open_store(paths, datetime.combine(start, datetime.min.time()))
    con = sqlite3.connect(paths.db)
    con.execute("PRAGMA foreign_keys=ON")
    with con:
        cur = con.execute(
            "INSERT INTO profile (nickname, created_at, age, first_episode, pain_weeks, flags, notice_accepted_at,"
            " locale, clinic_managed, config, assessment_state) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (nickname, f"{start}T08:00:00", 46, 0, 20, "[]", f"{start}T08:00:00", "en", 0, "{}",
             json.dumps({"done": True})))
        pid = int(cur.lastrowid or 0)
        for chain, exercise in CHAINS:
            con.execute("INSERT INTO plan_chain (profile_id, chain, exercise_id, level, step, included, locked,"
                        " since_day, updated_at) VALUES (?,?,?,?,?,1,0,?,?)",
                        (pid, chain, exercise, 2, 1, str(end), f"{end}T08:00:00"))
        pain = 6.0
        day = start
        while day <= end:
            pain = min(10.0, max(0.0, pain + rng.uniform(-0.6, 0.55)))
            morning = round(pain)
            con.execute("INSERT INTO checkin (profile_id, day, at, morning_pain, avg_24h, worst_24h, leg_pain,"
                        " quick_check) VALUES (?,?,?,?,?,?,?,?)",
                        (pid, str(day), f"{day}T08:05:00", morning, morning, min(10, morning + 1), None,
                         '["NONE"]'))
            if day.weekday() in (0, 2, 4) and rng.random() < 0.85:
                cur = con.execute(
                    "INSERT INTO session (profile_id, day, started_at, finished_at, kind, pre_pain, post_pain,"
                    " flare_answer, counts, completed, minutes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (pid, str(day), f"{day}T17:00:00", f"{day}T17:25:00", "standard", morning,
                     max(0, morning - 1), None, 1, 1, 25.0))
                sid = int(cur.lastrowid or 0)
                for chain, exercise in CHAINS:
                    con.execute(
                        "INSERT INTO exercise_result (session_id, exercise_id, chain, level, step, prescribed,"
                        " completed, worst_pain, rpe, form, leg_spread, leg_worst, pre_leg, too_hard)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (sid, exercise, chain, 2, 1, 20, 20, min(10, morning + rng.randint(0, 2)),
                         rng.randint(3, 7), "good", None, None, None, 0))
                if rng.random() < 0.2:
                    con.execute("INSERT INTO event (profile_id, at, day, kind, chain, exercise_id, reasons, payload,"
                                " actor) VALUES (?,?,?,?,?,?,?,?,?)",
                                (pid, f"{day}T17:26:00", str(day), "decision", "GLU", "GL-01b", '["P"]',
                                 '{"action": "PROGRESS"}', "app"))
            day += timedelta(days=1)
    con.close()
    return pid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pid = generate(Path(args.data_dir), args.years, args.seed)
    print(f"profile {pid} written to {args.data_dir}")


if __name__ == "__main__":
    main()
