"""core.charts: plot series computed from fixture histories (values asserted)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backtrainer.core import charts
from backtrainer.core.charts import (
    CellState,
    CheckinPoint,
    DecisionPoint,
    MapInput,
    QuestionnairePoint,
    Range,
    SessionPoint,
)

D0 = date(2026, 3, 2)  # a Monday


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def test_range_start() -> None:
    today = date(2026, 3, 30)
    assert charts.range_start(Range.WEEKS_4, today, D0) == date(2026, 3, 3)
    assert charts.range_start(Range.WEEKS_12, today, D0) == D0  # a short history fills the chart
    assert charts.range_start(Range.WEEKS_12, today, None) == today
    assert charts.range_start(Range.WEEKS_12, today, D0 - timedelta(days=200)) == today - timedelta(days=83)
    assert charts.range_start(Range.ALL, today, D0) == D0
    assert charts.range_start(Range.ALL, today, None) == today


def test_rolling_mean_needs_four_values_in_seven_days() -> None:
    values = [6, None, 6, 8, None, None, None, 2, 2]
    assert charts.rolling_mean(values) == [None] * 8 + [4.5]  # only day 8 has 4 values (6, 8, 2, 2) in 7 days
    assert charts.rolling_mean([5, 5, 5, 5]) == [None, None, None, 5.0]


def test_pain_series_baseline_mcid_and_verdict() -> None:
    checkins = [CheckinPoint(day(i), 6) for i in range(7)] + [CheckinPoint(day(i), 3) for i in range(7, 21)]
    flares = [(day(9), "flare_start"), (day(11), "flare_end"), (day(18), "flare_start")]
    pain = charts.pain_series(checkins, flares, today=day(20), start=day(7))
    assert pain.baseline == 6.0
    assert pain.mcid_line == 4.2  # 6 - min(2, 30% of 6 = 1.8)
    assert pain.latest_week == 3.0
    assert pain.verdict == "nprs_improved_mcid" and pain.points == 3.0
    assert pain.days[0] == day(7) and len(pain.days) == 14
    assert pain.mean7[0] == pytest.approx((6 * 6 + 3) / 7, abs=1e-4)  # the mean looks back before the range
    assert pain.flares == (charts.FlareSpan(day(9), day(11)), charts.FlareSpan(day(18), day(20), ongoing=True))
    assert pain.leg is None


def test_pain_baseline_falls_back_to_the_rating_and_leg_shows_with_pathway() -> None:
    checkins = [CheckinPoint(day(0), 5, leg=7), CheckinPoint(day(1), 5)]
    pain = charts.pain_series(checkins, [], today=day(1), start=day(0), leg_pathway=True, baseline_rating=7.0)
    assert pain.baseline == 7.0 and pain.mcid_line == 5.0
    assert pain.leg == (7, None)
    assert pain.latest_week is None and pain.verdict is None


def test_pain_worse_verdict() -> None:
    checkins = [CheckinPoint(day(i), 3 if i < 7 else 6) for i in range(14)]
    pain = charts.pain_series(checkins, [], today=day(13), start=day(0))
    assert pain.verdict == "nprs_higher" and pain.points == 3.0
    assert pain.change is not None and pain.change.worse_by_mcid


def test_outcome_series_mcid_and_bands() -> None:
    points = [QuestionnairePoint("ODI", day(0), 40.0, "moderate"), QuestionnairePoint("ODI", day(28), 28.0, "moderate"),
              QuestionnairePoint("PSEQ", day(0), 18.0, "severe"), QuestionnairePoint("PSEQ", day(42), 27.0, "moderate"),
              QuestionnairePoint("STARTBACK", day(0), 5.0, "medium"), QuestionnairePoint("RMDQ", day(0), 10.0)]
    out = {o.instrument: o for o in charts.outcome_series(points, start=day(0), today=day(60))}
    assert set(out) == {"ODI", "PSEQ", "RMDQ"}  # STarT Back is not an outcome
    odi = out["ODI"]
    assert odi.scores == (40.0, 28.0) and odi.mcid_line == 30.0  # 40 - min(10, 12)
    assert odi.meets_mcid and odi.verdict == "odi_improved_mcid" and odi.points == 12.0
    assert [b.key for b in odi.bands][:2] == ["minimal", "moderate"]
    pseq = out["PSEQ"]
    assert pseq.higher_is_better and pseq.meets_mcid and pseq.verdict == "pseq_improved_significant"
    assert out["RMDQ"].verdict is None  # one score only


def test_psfs_change_uses_original_activities() -> None:
    def raw(*ratings: int) -> dict[str, object]:
        return {"activities": [{"name": n, "key": None, "rating": r} for n, r in zip("abcd", ratings)]}

    points = [QuestionnairePoint("PSFS", day(0), 3.0, None, raw(2, 3, 4)),
              QuestionnairePoint("PSFS", day(14), 4.5, None, raw(5, 6, 7, 0))]
    (psfs,) = charts.outcome_series(points, start=day(0), today=day(20))
    assert psfs.meets_mcid and psfs.points == 3.0 and psfs.mcid_line == 5.0


def test_adherence_calendar_weekly_percent_and_streak() -> None:
    sessions = [SessionPoint(day(d), True) for d in (0, 2, 4, 7, 9, 11, 14, 16)]
    sessions.append(SessionPoint(day(18), False))
    a = charts.adherence_series(sessions, start=day(0), today=day(20), plan_start=day(0), per_week=3,
                                planned_weekdays=frozenset({0, 2, 4}))
    assert a.weekly_done == (3, 3, 2) and a.weekly_planned == (3, 3, 3)
    assert a.weekly_pct == (100.0, 100.0, 66.7)
    assert a.total_done == 8 and a.total_planned == 9 and a.overall_pct == 88.9
    assert a.streak_weeks == 2  # this week is not met yet, the two before are
    cells = {c.day: c for c in a.cells}
    assert cells[day(0)].state is CellState.DONE and cells[day(0)].week == 0 and cells[day(0)].weekday == 0
    assert cells[day(18)].state is CellState.PARTIAL
    assert cells[day(1)].state is CellState.REST
    missed = charts.adherence_series([], start=day(0), today=day(3), plan_start=day(0),
                                     planned_weekdays=frozenset({0, 2}))
    assert [c.state for c in missed.cells] == [CellState.MISSED, CellState.REST, CellState.MISSED, CellState.REST]


def test_load_paths_and_markers() -> None:
    decisions = [
        DecisionPoint(day(0), "GLU", "START", 1, 0, 1, 0),
        DecisionPoint(day(5), "GLU", "HOLD", 1, 0, 1, 0, ("H_FIRST_SESSION",)),
        DecisionPoint(day(9), "GLU", "PROGRESS", 1, 0, 1, 1, ("P",), {"sessions": 2}),
        DecisionPoint(day(20), "GLU", "REGRESS_STEP", 1, 1, 1, 0, ("R1",)),
    ]
    load = charts.load_series(decisions, {"GLU": (1, 0), "MC": (2, 3)}, start=day(7), today=day(30),
                              chain_order=("MC", "GLU"))
    mc, glu = load.chains
    assert mc.chain == "MC" and mc.days == (day(7), day(30)) and mc.y == (2.5, 2.5)
    assert glu.days == (day(7), day(9), day(20), day(30))
    assert glu.y == (1.0, pytest.approx(1 + 1 / 6), 1.0, 1.0)
    assert [m.action for m in glu.markers] == ["PROGRESS", "REGRESS_STEP"]  # HOLD and START are not marked
    assert glu.markers[0].reasons == ("P",) and load.max_level == 2


def test_body_map_series_centralisation_and_sampling() -> None:
    calf = ("CALF_R", 5, ("PINS_NEEDLES",))
    thigh = ("THIGH_BACK_R", 4, ("ACHING",))
    back = ("LOW_BACK_C", 6, ("ACHING",))
    maps = [MapInput(day(0), "baseline", (back, thigh, calf)), MapInput(day(7), "check-in", (back, thigh)),
            MapInput(day(14), "check-in", (back, thigh, calf)), MapInput(day(21), "check-in", (back,))]
    series = charts.body_map_series(maps, start=day(0), today=day(30))
    assert [p.movement for p in series.panels] == ["first", "up", "down", "up"]
    assert series.panels[0].depth_right == 3 and series.panels[0].depth_left is None
    assert series.panels[0].regions[2] == ("CALF_R", 5, True)
    many = [MapInput(day(i), "check-in", (back,)) for i in range(20)]
    sampled = charts.body_map_series(many, start=day(0), today=day(30), max_panels=5)
    assert sampled.total == 20 and sampled.panels[0].day == day(0)
    assert sampled.panels[-1].day == day(19) and len(sampled.panels) == 5
