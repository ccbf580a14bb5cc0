"""A clock set back or forward, time-zone and daylight-saving days do not break check-ins, streaks or the engine."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from backtrainer.services.clock import FixedClock
from backtrainer.services.training import CheckinInput, ExerciseResultInput, FinishedSession, TrainingService
from backtrainer.store.db import Database

from .test_training import MONDAY, setup  # noqa: F401  (fixture)


def _session(service: TrainingService, clock: FixedClock, pid: int) -> None:
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.plan is not None
    results = tuple(ExerciseResultInput(i.exercise_id, i.dose.sets * i.dose.reps, i.dose.sets * i.dose.reps, 3, 4,
                                        "good") for i in started.plan.items)
    begin = clock.now()
    service.finish_session(pid, FinishedSession(begin, begin + timedelta(minutes=20), 3, 2, None,
                                                started.plan.kind.value, results))


def test_clock_set_back_after_data_was_entered(setup: tuple[TrainingService, FixedClock, int]) -> None:  # noqa: F811
    service, clock, pid = setup
    clock.set(MONDAY + timedelta(days=2, hours=1))  # Wednesday
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    _session(service, clock, pid)
    clock.set(MONDAY)  # the computer's clock goes back two days
    view = service.today(pid)
    assert view.checkin_due  # Monday has no check-in yet
    service.save_checkin(pid, CheckinInput(morning_pain=4))
    _session(service, clock, pid)  # a session "before" a later one still saves and decides
    loaded = service.load(pid)
    assert loaded.checkin_rows[MONDAY.date()].morning_pain == 4
    assert loaded.checkin_rows[(MONDAY + timedelta(days=2)).date()].morning_pain == 3
    assert service.today(pid).streak_weeks >= 0


def test_clock_jumps_a_year_forward(setup: tuple[TrainingService, FixedClock, int]) -> None:  # noqa: F811
    service, clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    _session(service, clock, pid)
    clock.set(MONDAY + timedelta(days=365))
    view = service.today(pid)
    assert view.gap_days is not None and view.gap_days >= 28
    assert view.result is not None
    assert all(d.action.value in ("DELOAD", "HOLD", "LOCK", "PAUSE", "FLARE") for d in view.result.decisions)


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 29, 2, 30),  # EU clocks go forward: 02:30 does not exist locally
    datetime(2026, 10, 25, 2, 30),  # EU clocks go back: 02:30 happens twice
    datetime(2026, 3, 8, 2, 30),  # US clocks go forward
    datetime(2026, 12, 31, 23, 59),  # new year's eve
])
def test_daylight_saving_and_year_end_days(setup: tuple[TrainingService, FixedClock, int],  # noqa: F811
                                           moment: datetime) -> None:
    service, clock, pid = setup
    clock.set(moment)
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    assert outcome.routed == "ok"
    assert not service.today(pid).checkin_due
    clock.set(moment + timedelta(seconds=30))
    assert not service.today(pid).checkin_due  # still the same day, one check-in
    clock.set(datetime.combine(moment.date() + timedelta(days=1), moment.time()))
    assert service.today(pid).checkin_due  # a new day asks again


def test_second_checkin_the_same_day_completes_the_first(setup: tuple[TrainingService, FixedClock, int],  # noqa: F811
                                                         store_db: Database) -> None:
    service, clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=5))
    clock.set(clock.now() + timedelta(hours=10))  # evening: morning pain is no longer asked
    service.save_checkin(pid, CheckinInput(morning_pain=1, avg_24h=4, worst_24h=6))
    row = service.load(pid).checkin_rows[MONDAY.date()]
    assert (row.morning_pain, row.avg_24h, row.worst_24h) == (5, 4, 6)
