from __future__ import annotations

import pytest

from backtrainer.store.db import Database
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState, CheckinData, EventData, ExerciseResultData, SessionData
from backtrainer.store.session_repo import SessionRepo


def _profile(db: Database) -> int:
    return ProfileRepo(db).create("Pat", now="2026-03-01T08:00:00", notice_accepted=True).id


def _session(day: str = "2026-03-02", worst: int = 3) -> SessionData:
    return SessionData(
        day=day, started_at=f"{day}T17:00:00", finished_at=f"{day}T17:25:00", pre_pain=3, post_pain=2,
        completed=True, minutes=25.0,
        results=(ExerciseResultData("GL-01b", "GLU", 2, 1, 20, 20, worst, 4, "good"),
                 ExerciseResultData("MC-02", "MC", 2, 0, 12, 12, 2, 3, "mostly")),
    )


def test_save_session_round_trip_with_plan_and_events(store_db: Database) -> None:
    pid = _profile(store_db)
    repo = SessionRepo(store_db)
    plan = [ChainState("GLU", "GL-01b", 2, 2, "2026-03-02")]
    event = EventData("decision", "2026-03-02", "2026-03-02T17:25:00", "GLU", "GL-01b", ("P",), {"action": "PROGRESS"})
    sid = repo.save_session(pid, _session(), plan=plan, events=[event])
    [(got_id, got)] = repo.sessions(pid)
    assert got_id == sid
    assert got == _session()
    assert repo.plan(pid) == plan
    assert repo.events(pid, ["decision"]) == [event]


def test_bad_values_write_nothing(store_db: Database) -> None:
    pid = _profile(store_db)
    repo = SessionRepo(store_db)
    with pytest.raises(ValueError):
        repo.save_session(pid, _session(worst=11))
    assert repo.sessions(pid) == []


def test_failure_mid_transaction_rolls_back_everything(store_db: Database) -> None:
    pid = _profile(store_db)
    repo = SessionRepo(store_db)
    bad_plan = [ChainState("GLU", "GL-01b", 2, 2, "2026-03-02"), ChainState("MC", None, 1, 0, "x")]  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - the NOT NULL constraint fails inside the transaction
        repo.save_session(pid, _session(), plan=bad_plan)
    assert repo.sessions(pid) == []
    assert repo.plan(pid) == []


def test_checkin_is_one_row_per_day(store_db: Database) -> None:
    pid = _profile(store_db)
    repo = SessionRepo(store_db)
    repo.save_checkin(pid, CheckinData("2026-03-03", "2026-03-03T08:00:00", morning_pain=4))
    repo.save_checkin(pid, CheckinData("2026-03-03", "2026-03-03T20:00:00", avg_24h=3, worst_24h=5,
                                       quick_check=("NONE",)))
    [row] = repo.checkins(pid)
    assert (row.morning_pain, row.avg_24h, row.worst_24h, row.quick_check) == (4, 3, 5, ("NONE",))
    with pytest.raises(ValueError):
        repo.save_checkin(pid, CheckinData("2026-03-04", "2026-03-04T08:00:00", morning_pain=-1))
    assert len(repo.checkins(pid)) == 1


def test_deleting_a_profile_cascades(store_db: Database) -> None:
    import sqlite3

    pid = _profile(store_db)
    SessionRepo(store_db).save_session(pid, _session())
    con = sqlite3.connect(store_db.path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("DELETE FROM profile WHERE id = ?", (pid,))
    con.commit()
    counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("session", "exercise_result", "event")]
    con.close()
    assert counts == [0, 0, 0]
