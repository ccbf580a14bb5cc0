"""Generate a data dir with years of realistic daily history (for benchmarks and screenshots).

Usage: python benchmarks/gen_history.py DATA_DIR [--years 3 | --days 7] [--seed 7] [--no-leg]
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


def _event(con: sqlite3.Connection, pid: int, day: date, hour: str, kind: str, *, chain: str | None = None,
           exercise: str | None = None, reasons: list[str] | None = None, payload: dict[str, object] | None = None,
           actor: str = "app") -> None:
    con.execute("INSERT INTO event (profile_id, at, day, kind, chain, exercise_id, reasons, payload, actor)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (pid, f"{day}T{hour}", str(day), kind, chain, exercise, json.dumps(reasons or []),
                 json.dumps(payload or {}), actor))


def _questionnaire(con: sqlite3.Connection, pid: int, day: date, instrument: str, version: str, score: float,
                   band: str | None, raw: dict[str, object], scoring: str, subscores: dict[str, object] | None = None,
                   ) -> None:
    con.execute("INSERT INTO questionnaire_response (profile_id, instrument_id, instrument_version, language, at,"
                " raw_items, missing_count, score, subscores, band, scoring_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (pid, instrument, version, "en", f"{day}T09:00:00", json.dumps(raw), 0, score,
                 json.dumps(subscores or {}), band, scoring))


def _body_map(con: sqlite3.Connection, pid: int, day: date, context: str,
              regions: list[tuple[str, int, list[str]]], tier: str = "CLEAR", reasons: list[str] | None = None) -> None:
    cur = con.execute("INSERT INTO body_map (profile_id, at, context, session_id, tier, reasons) VALUES (?,?,?,?,?,?)",
                      (pid, f"{day}T09:10:00", context, None, tier, json.dumps(reasons or [])))
    mid = int(cur.lastrowid or 0)
    for rid, intensity, qualities in regions:
        con.execute("INSERT INTO body_map_region (body_map_id, region_id, qualities, intensity, new_since_last)"
                    " VALUES (?,?,?,?,0)", (mid, rid, json.dumps(qualities), intensity))


def _odi_band(pct: float) -> str:
    return ("minimal" if pct <= 20 else "moderate" if pct <= 40 else "severe" if pct <= 60 else "crippled"
            if pct <= 80 else "bed_bound")


def _pseq_band(total: int) -> str:
    return "severe" if total <= 19 else "moderate" if total <= 30 else "mild" if total <= 40 else "minimal"


def _exercise_at(chain: str, level: int) -> str:
    """The exercise of ``chain`` at ``level`` (the plan and the results name the exercise of the current level)."""
    from backtrainer.content.exercises import load_library
    from backtrainer.core.chains import Chain

    return load_library().at(Chain(chain), level).id


def generate(root: Path, years: float = 3.0, seed: int = 7, nickname: str = "Demo", *, leg: bool = True,
             end: date = date(2026, 11, 24)) -> int:
    """Write one profile with ``years`` of check-ins, sessions, results, questionnaires, body maps, flare-ups and
    progression decisions; return the profile id. ``leg`` switches the leg-pain pathway on (leg ratings, leg maps)."""
    rng = random.Random(seed)
    paths = DataPaths(root)
    start = end - timedelta(days=max(1, round(365 * years)) - 1)
    open_store(paths, datetime.combine(start, datetime.min.time()))
    con = sqlite3.connect(paths.db)
    con.execute("PRAGMA foreign_keys=ON")
    modifiers = ["LEG"] if leg else []
    session_days = [str(start + timedelta(days=k)) for k in range(7) if (start + timedelta(days=k)).weekday()
                    in (0, 2, 4)]
    with con:
        cur = con.execute(
            "INSERT INTO profile (nickname, created_at, age, first_episode, pain_weeks, flags, notice_accepted_at,"
            " locale, clinic_managed, config, assessment_state) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (nickname, f"{start}T08:00:00", 46, 0, 20, "[]", f"{start}T08:00:00", "en", 0, "{}",
             json.dumps({"done": True, "step": None, "mode": "full", "floor": {}, "modifiers": modifiers,
                         "plan_day": str(start)})))
        pid = int(cur.lastrowid or 0)
        _event(con, pid, start, "08:00:00", "profile_created", actor="patient")
        answers = {f"RF{n:02d}": "no" for n in range(1, 15)}
        if leg:
            answers["RF13"] = "yes"
        con.execute("INSERT INTO screening (profile_id, at, kind, answers, followups, tier, reasons, app_version)"
                    " VALUES (?,?,?,?,?,?,?,?)", (pid, f"{start}T08:10:00", "full", json.dumps(answers), "{}",
                                                   "CAUTION" if leg else "CLEAR", json.dumps(["RF13"] if leg else []),
                                                   "0.1.0"))
        _event(con, pid, start, "08:10:00", "screening", reasons=["RF13"] if leg else [])
        baseline_regions = [("LOW_BACK_C", 6, ["ACHING"]), ("BUTTOCK_R", 5, ["ACHING"])]
        if leg:
            baseline_regions += [("THIGH_BACK_R", 5, ["SHOOTING"]), ("CALF_R", 4, ["PINS_NEEDLES"])]
        _body_map(con, pid, start, "baseline", baseline_regions, "CAUTION" if leg else "CLEAR",
                  ["BM03"] if leg else [])
        _questionnaire(con, pid, start, "NPRS", "NPRS_11", 6, "moderate", {"value": 6}, "NPRS_11/1")
        _questionnaire(con, pid, start, "STARTBACK", "SBST_9", 5, "medium",
                       {"1": 1, "2": 0, "3": 1, "4": 1, "5": 1, "6": 0, "7": 1, "8": 0, "9": "moderately"},
                       "SBST_9/1", {"psychosocial": 2})
        levels: dict[str, list[int]] = {}
        for chain, exercise in CHAINS:
            levels[chain] = [1, 0]
            _event(con, pid, start, "09:30:00", "plan_start", chain=chain, exercise=exercise, reasons=["MV-DEFAULT"],
                   payload={"level": 1, "step": 0, "included": True})
        _event(con, pid, start, "09:31:00", "plan_accepted", actor="patient",
               payload={"modifiers": modifiers, "session_days": session_days})
        pain = 6.0
        leg_pain = 5.0
        day = start
        flare_until: date | None = None
        flares = 0
        since_change = {c: 0 for c, _ in CHAINS}
        odi, psfs, pseq = 38.0, 4.0, 28
        while day <= end:
            k = (day - start).days
            drift = -0.012 if k < 200 else 0.0
            pain = min(10.0, max(0.0, pain + rng.uniform(-0.55, 0.55) + drift))
            if flare_until is None and k > 20 and rng.random() < 0.012:
                flare_until = day + timedelta(days=rng.randint(3, 8))
                flares += 1
                _event(con, pid, day, "08:06:00", "flare_start", reasons=["FLARE_START"])
            morning = round(min(10.0, pain + (3 if flare_until else 0)))
            if flare_until is not None and day >= flare_until:
                _event(con, pid, day, "08:06:00", "flare_end", reasons=["FLARE_EXIT"])
                flare_until = None
            leg_pain = min(10.0, max(0.0, leg_pain + rng.uniform(-0.5, 0.45)))
            if rng.random() < 0.93:
                con.execute("INSERT INTO checkin (profile_id, day, at, morning_pain, avg_24h, worst_24h, leg_pain,"
                            " quick_check) VALUES (?,?,?,?,?,?,?,?)",
                            (pid, str(day), f"{day}T08:05:00", morning, morning, min(10, morning + 1),
                             round(leg_pain) if leg else None, '["NONE"]'))
            if day.weekday() in (0, 2, 4) and rng.random() < 0.85:
                done = rng.random() < 0.95
                cur = con.execute(
                    "INSERT INTO session (profile_id, day, started_at, finished_at, kind, pre_pain, post_pain,"
                    " flare_answer, counts, completed, minutes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (pid, str(day), f"{day}T17:00:00", f"{day}T17:25:00" if done else None,
                     "flare" if flare_until else "standard", morning, max(0, morning - 1), None, 1, int(done),
                     25.0 if done else 9.0))
                sid = int(cur.lastrowid or 0)
                moved = 0
                for chain, _exercise in CHAINS:
                    level, step = levels[chain]
                    exercise = _exercise_at(chain, level)
                    con.execute(
                        "INSERT INTO exercise_result (session_id, exercise_id, chain, level, step, prescribed,"
                        " completed, worst_pain, rpe, form, leg_spread, leg_worst, pre_leg, too_hard)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (sid, exercise, chain, level, step, 20, 20 if done else 8, min(10, morning + rng.randint(0, 2)),
                         rng.randint(3, 7), "good", None, None, None, 0))
                    since_change[chain] += 1
                    if not done or since_change[chain] < 3:
                        continue
                    roll = rng.random()
                    if roll < 0.05 and moved < 2 and not flare_until and level < 4:
                        new = [level + 1, 0] if step >= 5 else [level, step + 1]
                        action, reasons, params = "PROGRESS", ["P"], {"sessions": 2}
                    elif roll > 0.992 and (level > 1 or step > 0):
                        new = [level - 1, 3] if step == 0 else [level, step - 1]
                        action, reasons, params = "REGRESS_STEP", ["R1"], {"count": 2, "window": 3}
                    else:
                        continue
                    moved += 1
                    since_change[chain] = 0
                    _event(con, pid, day, "17:26:00", "decision", chain=chain, exercise=exercise, reasons=reasons,
                           payload={"action": action, "from_level": level, "from_step": step, "to_level": new[0],
                                    "to_step": new[1], "params": params})
                    levels[chain] = new
            if k % 28 == 27:
                odi = max(4.0, odi - rng.uniform(0, 4) + (2 if flare_until else 0))
                _questionnaire(con, pid, day, "ODI", "ODI_2.1a", round(odi, 1), _odi_band(odi),
                               {str(i): 1 for i in range(1, 11)}, "ODI_2.1a/1", {"answered": 10})
            if k % 14 == 13:
                psfs = min(10.0, psfs + rng.uniform(-0.3, 0.7))
                ratings = [max(0, min(10, round(psfs + d))) for d in (-1, 0, 1)]
                _questionnaire(con, pid, day, "PSFS", "PSFS", round(sum(ratings) / 3, 2), None,
                               {"activities": [{"name": n, "key": None, "rating": r} for n, r in
                                               zip(("Sitting at work", "Lifting", "Walking"), ratings)]},
                               "PSFS/1", {"count": 3})
            if k in (41, 83) or (k > 83 and k % 84 == 83):
                pseq = min(60, pseq + rng.randint(2, 9))
                _questionnaire(con, pid, day, "PSEQ", "PSEQ_10", pseq, _pseq_band(pseq),
                               {str(i): pseq // 10 for i in range(1, 11)}, "PSEQ_10/1")
            if k > 0 and k % 28 == 0:
                regions = [("LOW_BACK_C", max(1, round(pain)), ["ACHING"])]
                if leg:
                    reach = 3 if k < 60 else 1 if k < 150 else 0
                    regions.append(("BUTTOCK_R", max(1, round(leg_pain)), ["ACHING"]))
                    if reach >= 1:
                        regions.append(("THIGH_BACK_R", max(1, round(leg_pain) - 1), ["SHOOTING"]))
                    if reach >= 3:
                        regions.append(("CALF_R", max(1, round(leg_pain) - 2), ["PINS_NEEDLES"]))
                _body_map(con, pid, day, "check-in", regions)
            if k == 60:
                _event(con, pid, day, "08:20:00", "review_suggestion", reasons=["REVIEW-FREQUENT-FLARES"])
            day += timedelta(days=1)
        for chain, _exercise in CHAINS:
            con.execute("INSERT INTO plan_chain (profile_id, chain, exercise_id, level, step, included, locked,"
                        " since_day, updated_at) VALUES (?,?,?,?,?,1,0,?,?)",
                        (pid, chain, _exercise_at(chain, levels[chain][0]), levels[chain][0], levels[chain][1],
                         str(end), f"{end}T08:00:00"))
    con.close()
    # Someone who has trained for years has usually changed a setting or two: the first paint reads this file.
    from backtrainer import settings as app_settings

    app_settings.save(app_settings.Settings(text_scale=1.25, emergency_country="UK", language="en"), paths.settings)
    return pid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, help="history length in days (overrides --years)")
    parser.add_argument("--no-leg", action="store_true", help="leave the leg-pain pathway off")
    args = parser.parse_args()
    years = args.days / 365 if args.days else args.years
    pid = generate(Path(args.data_dir), years, args.seed, leg=not args.no_leg)
    print(f"profile {pid} written to {args.data_dir}")


if __name__ == "__main__":
    main()
