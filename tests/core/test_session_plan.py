"""Session composition (clinical reference 5.7, 5.9, 6.7, 6.8) and the tempo-ring helper."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from backtrainer.content.exercises import load_library
from backtrainer.core.chains import Chain
from backtrainer.core.flare import Trend
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression import (
    ExerciseSessionRecord,
    ExerciseState,
    FlareAnswer,
    MorningCheckin,
    PlanState,
    decide,
)
from backtrainer.core.progression_ladder import Dose
from backtrainer.core.session_plan import (
    Block,
    Phase,
    SessionKind,
    SessionOptions,
    SessionVariant,
    compose_session,
    estimate_seconds,
    is_session_day,
    movement_snack,
    next_variant,
    scheduled_days,
    sessions_per_week,
    tempo_phase_at,
    walk_adjusted,
    walk_next_quota,
    walk_quota,
    walk_start_quota,
)

LIB = load_library()
D0 = date(2025, 1, 6)  # Monday


def d(n: int) -> date:
    return D0 + timedelta(days=n)


def ex(chain: Chain, level: int, step: int = 0, **kw: Any) -> ExerciseState:
    return ExerciseState(chain, LIB.at(chain, level).id, level, step, d(-14), **kw)


def standard_plan(**kw: Any) -> PlanState:
    states = (
        ex(Chain.MC, 2),
        ex(Chain.QX, 1),
        ex(Chain.LAT, 2),
        ex(Chain.GLU, 2),
        ex(Chain.HNG, 1),
        ex(Chain.SQT, 2),
        ex(Chain.ANT, 1),
        ex(Chain.PX, 1),
        ex(Chain.ABD, 1),
        ex(Chain.AR, 1),
        ex(Chain.CAR, 1),
    )
    return PlanState(exercises=states, **kw)


def checkins(end: int, usual: int = 2, **given: int) -> list[MorningCheckin]:
    return [MorningCheckin(d(n), given.get(f"m{n}", usual)) for n in range(-10, end + 1)]


class TestStandardSession:
    def test_session_a_has_warm_up_core_hinge_and_cool_down(self) -> None:
        s = compose_session(standard_plan(), None, LIB, variant=SessionVariant.A)
        assert s.kind is SessionKind.STANDARD
        assert s.exercise_ids == ("MO-01", "MO-02", "MC-02", "EX-01", "LT-01b", "GL-01b", "FN-01a", "MO-04")
        assert [i.block for i in s.items][:2] == [Block.WARMUP, Block.WARMUP]
        assert s.breathing_min == 1.0

    def test_session_b_swaps_the_hinge_for_the_squat(self) -> None:
        s = compose_session(standard_plan(), None, LIB, variant=SessionVariant.B)
        assert "FN-03b" in s.exercise_ids and "FN-01a" not in s.exercise_ids
        assert next_variant(SessionVariant.A) is SessionVariant.B and next_variant(None) is SessionVariant.A

    def test_carry_is_added_once_hinge_or_squat_reaches_l3(self) -> None:
        states = tuple(
            ex(c.chain, c.level if c.chain is not Chain.SQT else 3) for c in standard_plan().exercises
        )
        s = compose_session(PlanState(exercises=states), None, LIB)
        assert "LT-03a" in s.exercise_ids
        assert "LT-03a" not in compose_session(standard_plan(), None, LIB).exercise_ids

    def test_optional_chains_need_their_inclusion_flags(self) -> None:
        opts = SessionOptions(include=frozenset({Chain.ANT, Chain.PX, Chain.ABD, Chain.AR}))
        ids = compose_session(standard_plan(), None, LIB, options=opts).exercise_ids
        assert {"MC-04a", "MO-03a", "GL-04a", "LT-02a"} <= set(ids)
        no_band = SessionOptions(include=opts.include, has_band=False, prone_ok=False)
        ids2 = compose_session(standard_plan(), None, LIB, options=no_band).exercise_ids
        assert "LT-02a" not in ids2 and "MO-03a" not in ids2

    def test_cool_down_can_be_the_sphinx(self) -> None:
        s = compose_session(standard_plan(), None, LIB, options=SessionOptions(cooldown="MO-03a"))
        assert s.items[-1].exercise_id == "MO-03a" and s.items[-1].block is Block.COOLDOWN

    def test_nerve_slider_only_with_the_leg_pathway(self) -> None:
        assert "MO-05" not in compose_session(standard_plan(), None, LIB).exercise_ids
        leg = standard_plan(modifiers=frozenset({Modifier.LEG}))
        assert "MO-05" in compose_session(leg, None, LIB).exercise_ids

    def test_support_variant_is_marked_with_the_support_modifier(self) -> None:
        states = tuple(ex(s.chain, 5 if s.chain is Chain.SQT else s.level) for s in standard_plan().exercises)
        p = PlanState(exercises=states, modifiers=frozenset({Modifier.SUPPORT}))
        s = compose_session(p, None, LIB, variant=SessionVariant.B)
        assert [i.support for i in s.items if i.exercise_id == "FN-04b"] == [True]

    def test_doses_come_from_the_engine_decisions(self) -> None:
        p = standard_plan()
        history = [
            ExerciseSessionRecord(d(n), "MC-02", 2, 3, level=2, step=0, rpe=4, completed=10, prescribed=10)
            for n in (0, 2)
        ]
        res = decide(p, history, checkins(4), today=d(4), library=LIB)
        s = compose_session(p, res, LIB)
        mc = next(i for i in s.items if i.exercise_id == "MC-02")
        assert mc.dose == Dose(1, 8, tempo=(3, 1, 3))  # progressed to S1
        assert 15 <= s.minutes <= 40


class TestSpecialSessions:
    def test_flare_session_replaces_the_standard_session(self) -> None:
        res = decide(standard_plan(), [], checkins(4, m4=6), today=d(4), library=LIB)
        s = compose_session(standard_plan(), res, LIB)
        assert s.kind is SessionKind.FLARE and s.exercise_ids == ("MO-01", "MO-02", "MO-03a", "MC-01")
        assert not s.counts_toward_progression and s.minutes <= 15
        s2 = compose_session(standard_plan(), res, LIB, options=SessionOptions(prone_ok=False))
        assert s2.exercise_ids == ("MO-01", "MO-02", "MC-01")

    def test_red_flag_lock_gives_an_empty_locked_session(self) -> None:
        p = standard_plan(redflag_lock=True)
        s = compose_session(p, decide(p, [], checkins(4), today=d(4), library=LIB), LIB)
        assert s.kind is SessionKind.LOCKED and s.items == ()

    def test_not_sure_gives_a_half_volume_session_that_does_not_count(self) -> None:
        p = standard_plan()
        res = decide(p, [], checkins(4), today=d(4), library=LIB, flare_answer_today=FlareAnswer.NOT_SURE)
        s = compose_session(p, res, LIB)
        assert s.kind is SessionKind.HALF and s.volume_pct == 50 and not s.counts_toward_progression
        gl = next(i for i in s.items if i.exercise_id == "GL-01b")
        assert gl.dose.sets == 1

    def test_reentry_session_after_a_flare(self) -> None:
        p = standard_plan()
        res = decide(p, [], checkins(6, m2=6, m3=3, m4=3), today=d(6), library=LIB)
        s = compose_session(p, res, LIB)
        assert s.kind is SessionKind.REENTRY and s.volume_pct == 50

    def test_paused_exercise_is_left_out(self) -> None:
        states = tuple(
            ex(s.chain, s.level, paused_until=d(9)) if s.chain is Chain.QX else s
            for s in standard_plan().exercises
        )
        p = PlanState(exercises=states)
        s = compose_session(p, decide(p, [], checkins(4), today=d(4), library=LIB), LIB)
        assert "EX-01" not in s.exercise_ids

    def test_movement_snack_is_mobility_plus_half_dose_motor_control(self) -> None:
        s = movement_snack(standard_plan(), LIB)
        assert s.exercise_ids == ("MO-01", "MO-02", "MC-02")
        assert s.items[-1].dose.reps == 3 and s.minutes <= 5


class TestSchedule:
    def test_three_non_consecutive_days_by_default(self) -> None:
        days = scheduled_days(d(2), 3)
        assert [x.weekday() for x in days] == [0, 2, 4]
        assert is_session_day(d(4), 3) and not is_session_day(d(3), 3)

    def test_maintenance_is_two_sessions_a_week(self) -> None:
        assert sessions_per_week(standard_plan(), LIB, week=3) == 3
        assert sessions_per_week(standard_plan(), LIB, week=13) == 2
        top = PlanState(
            exercises=tuple(ex(c, LIB.levels(c), 5) for c in (Chain.MC, Chain.QX, Chain.LAT, Chain.GLU))
        )
        assert sessions_per_week(top, LIB, week=4) == 2
        assert [x.weekday() for x in scheduled_days(d(0), 2)] == [0, 3]

    def test_bad_weekdays_are_rejected(self) -> None:
        with pytest.raises(ValueError):
            scheduled_days(d(0), 3, (0, 7))


class TestWalking:
    def test_start_quota_is_80_percent_and_at_least_5_minutes(self) -> None:
        assert walk_start_quota(20) == 16
        assert walk_start_quota(4) == 5

    def test_weekly_increase_is_10_percent_at_least_2_minutes_unless_worsening(self) -> None:
        assert walk_next_quota(16, Trend.STABLE) == 18
        assert walk_next_quota(30, Trend.IMPROVING) == 33
        assert walk_next_quota(30, Trend.WORSENING) == 30
        assert walk_quota(20, [Trend.STABLE, Trend.WORSENING, Trend.STABLE]) == 20

    def test_flare_halves_and_gaps_cut_the_quota(self) -> None:
        assert walk_adjusted(20, flare=True) == 10
        assert walk_adjusted(20, gap_days=10) == 16
        assert walk_adjusted(20, gap_days=20) == 12
        assert walk_adjusted(20, gap_days=30) is None
        assert walk_adjusted(20, gap_days=3) == 20


class TestTempo:
    @pytest.mark.parametrize(
        ("t", "phase", "left", "rep"),
        [
            (0.0, Phase.LIFT, 2.0, 0),
            (1.5, Phase.LIFT, 0.5, 0),
            (2.0, Phase.HOLD, 1.0, 0),
            (3.0, Phase.LOWER, 2.0, 0),
            (4.9, Phase.LOWER, 0.1, 0),
            (5.0, Phase.LIFT, 2.0, 1),
            (12.5, Phase.HOLD, 0.5, 2),
        ],
    )
    def test_phases_of_2_1_2(self, t: float, phase: Phase, left: float, rep: int) -> None:
        got = tempo_phase_at((2, 1, 2), t)
        assert (got.phase, got.rep) == (phase, rep)
        assert got.seconds_left == pytest.approx(left)

    def test_zero_pause_is_skipped(self) -> None:
        assert tempo_phase_at((3, 0, 3), 3.0).phase is Phase.LOWER

    def test_long_hold(self) -> None:
        got = tempo_phase_at((2, 30, 2), 17.0)
        assert got.phase is Phase.HOLD and got.seconds_left == pytest.approx(15.0)

    @pytest.mark.parametrize(("tempo", "t"), [((0, 0, 0), 1.0), ((2, 1, 2), -0.1), ((2, -1, 2), 0.0)])
    def test_invalid_input(self, tempo: tuple[int, int, int], t: float) -> None:
        with pytest.raises(ValueError):
            tempo_phase_at(tempo, t)


def test_estimate_counts_both_sides_and_rests() -> None:
    spec = LIB.exercise("GL-02")
    assert estimate_seconds(spec, Dose(2, 6, tempo=(2, 2, 2))) == 2 * 6 * 6 * 2 + 45 + 20
