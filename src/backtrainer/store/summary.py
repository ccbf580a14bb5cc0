"""Read model for the first screen, in plain ``sqlite3`` so start-up never waits for SQLAlchemy.

The queries read the tables defined in ``tables.py``; tests run them against databases written through the ORM.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from backtrainer.store.reading import connect_read_only
from backtrainer.store.records import HomeSummary, ProfileRecord

_PROFILE_COLUMNS = ("id, nickname, created_at, age, first_episode, pain_weeks, flags, notice_accepted_at, "
                    "pin_hash, locale, emergency_number, clinic_managed, assessment_state")


def _connect(db: Path) -> sqlite3.Connection:
    con = connect_read_only(db)
    con.execute("PRAGMA query_only=ON")
    return con


def _profile(row: tuple[object, ...]) -> tuple[ProfileRecord, dict[str, object]]:
    (pid, nickname, created, age, first, weeks, flags, accepted, pin, locale, number, clinic, state) = row
    record = ProfileRecord(
        id=int(pid),  # type: ignore[call-overload]
        nickname=str(nickname),
        created_at=str(created),
        age=None if age is None else int(age),  # type: ignore[call-overload]
        first_episode=None if first is None else bool(first),
        pain_weeks=None if weeks is None else int(weeks),  # type: ignore[call-overload]
        flags=tuple(json.loads(str(flags) or "[]")),
        notice_accepted=accepted is not None,
        has_pin=bool(pin),
        locale=str(locale),
        emergency_number=None if number is None else str(number),
        clinic_managed=bool(clinic),
    )
    return record, json.loads(str(state) or "{}")


def list_profiles(db: Path) -> list[ProfileRecord]:
    con = _connect(db)
    try:
        rows = con.execute(f"SELECT {_PROFILE_COLUMNS} FROM profile ORDER BY lower(nickname), id").fetchall()
    finally:
        con.close()
    return [_profile(row)[0] for row in rows]


def home_summary(db: Path, profile_id: int, today: str) -> HomeSummary | None:
    con = _connect(db)
    try:
        row = con.execute(f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE id = ?", (profile_id,)).fetchone()
        if row is None:
            return None
        profile, state = _profile(row)
        total, last_day = con.execute(
            "SELECT count(*), max(day) FROM session WHERE profile_id = ? AND completed = 1", (profile_id,)
        ).fetchone()
        open_tier = con.execute(
            "SELECT tier FROM screening WHERE profile_id = ? AND cleared_at IS NULL "
            "AND tier IN ('EMERGENCY', 'CLINICIAN_SOON') ORDER BY at DESC LIMIT 1",
            (profile_id,),
        ).fetchone()
        checkin = con.execute(
            "SELECT 1 FROM checkin WHERE profile_id = ? AND day = ?", (profile_id, today)
        ).fetchone()
        chains = con.execute(
            "SELECT chain, exercise_id, level, step FROM plan_chain WHERE profile_id = ? AND included = 1 "
            "ORDER BY id", (profile_id,)
        ).fetchall()
    finally:
        con.close()
    return HomeSummary(
        profile=profile,
        assessment_done=bool(state.get("done")),
        assessment_step=None if state.get("step") is None else str(state.get("step")),
        sessions_total=int(total or 0),
        last_session_day=last_day,
        open_red_flag_tier=open_tier[0] if open_tier else None,
        checkin_today=checkin is not None,
        chains=tuple((str(c), str(e), int(lv), int(st)) for c, e, lv, st in chains),
    )
