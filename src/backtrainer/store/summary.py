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


def _damaged_record(row: tuple[object, ...]) -> ProfileRecord:
    """The parts of a profile row that are plain columns, for a profile whose stored data cannot be read."""
    return ProfileRecord(id=int(row[0]), nickname=str(row[1]), created_at=str(row[2]),  # type: ignore[call-overload]
                         has_pin=bool(row[8]), damaged=True)


def _readable(row: tuple[object, ...]) -> tuple[ProfileRecord, dict[str, object]] | None:
    try:
        record, state = _profile(row)
    except (ValueError, TypeError):  # json.JSONDecodeError is a ValueError
        return None
    return (record, state) if isinstance(state, dict) else None


def damaged_profiles(con: sqlite3.Connection) -> set[int]:
    """Profiles with a stored value (a JSON column anywhere in their rows) that is not valid JSON.

    ``PRAGMA quick_check`` checks the file's structure, not what is inside a text value: one changed byte inside a
    JSON column passes it and then stops whatever reads that value (issue 17, item 4). Every column declared JSON in
    the schema is checked with SQLite's ``json_valid``, so a table or column added later is covered too."""
    found: set[int] = set()
    for table in _tables(con):
        names, columns = _columns(con, table)
        if not columns:
            continue
        if table == "profile":
            query = f'SELECT id FROM "{table}" c WHERE {_invalid(columns)}'
        elif "profile_id" in names:
            query = f'SELECT DISTINCT profile_id FROM "{table}" c WHERE {_invalid(columns)}'
        else:  # a child row (body_map_region): its owner's profile through the foreign key
            links = con.execute('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)', (table,)).fetchall()
            link = next((lk for lk in links if "profile_id" in _columns(con, lk[0])[0]), None)
            if link is None:
                continue
            parent, col, to = link
            query = (f'SELECT DISTINCT p.profile_id FROM "{table}" c JOIN "{parent}" p ON p."{to}" = c."{col}" '
                     f"WHERE {_invalid(columns)}")
        found.update(int(row[0]) for row in con.execute(query))
    return found


def _tables(con: sqlite3.Connection) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def _columns(con: sqlite3.Connection, table: str) -> tuple[set[str], list[str]]:
    """All column names of ``table``, and those declared JSON."""
    info = con.execute("SELECT name, type FROM pragma_table_info(?)", (table,)).fetchall()
    return {str(name) for name, _kind in info}, [str(name) for name, kind in info if str(kind).upper() == "JSON"]


def _invalid(columns: list[str]) -> str:
    return " OR ".join(f'(c."{name}" IS NOT NULL AND NOT json_valid(c."{name}"))' for name in columns)


def list_profiles(db: Path, *, deep: bool = True) -> list[ProfileRecord]:
    """Every profile; one whose stored data cannot be read comes back ``damaged`` (the others stay usable).
    ``deep``: check every JSON value of every profile (a few ms for years of data), not only the profile rows."""
    con = _connect(db)
    try:
        rows = con.execute(f"SELECT {_PROFILE_COLUMNS} FROM profile ORDER BY lower(nickname), id").fetchall()
        damaged = damaged_profiles(con) if deep else set()
    finally:
        con.close()
    records: list[ProfileRecord] = []
    for row in rows:
        readable = _readable(row)
        records.append(_damaged_record(row) if readable is None or int(row[0]) in damaged
                       else readable[0])
    return records


def home_summary(db: Path, profile_id: int, today: str) -> HomeSummary | None:
    con = _connect(db)
    try:
        row = con.execute(f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE id = ?", (profile_id,)).fetchone()
        if row is None:
            return None
        readable = _readable(row)
        if readable is None:
            return None  # the profile's stored data cannot be read: list_profiles marks it damaged
        profile, state = readable
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
