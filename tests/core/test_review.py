"""'Contact a clinician' triggers of clinical reference 6.10 items 2-8 (PS-13 of 6.11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtrainer.core.chains import Chain
from backtrainer.core.config import ClinicalConfig
from backtrainer.core.review import (
    REASON_CODES,
    DatedRating,
    Flare,
    OutcomeCheck,
    Regression,
    clinician_contact_triggers,
    program_week,
    weekly_nprs_mean,
)

START = date(2025, 3, 3)


def day(n: int) -> date:
    return START + timedelta(days=n)


BASE = OutcomeCheck(week=0, nprs_mean=6.0, odi_percent=36, psfs=3.0)
WEEK6 = OutcomeCheck(week=6, nprs_mean=5.4, odi_percent=32, psfs=4.0)


def test_ps13_no_improvement_at_six_weeks() -> None:
    triggers = clinician_contact_triggers(
        today=day(42), program_start=START, baseline=BASE, checks=[WEEK6], adherence_per_week=2.5
    )
    assert triggers == ("REVIEW-NO-IMPROVEMENT",)


@pytest.mark.parametrize(
    "week6",
    [
        OutcomeCheck(week=6, nprs_mean=4.0, odi_percent=32, psfs=4.0),  # pain -2 points
        OutcomeCheck(week=6, nprs_mean=4.2, odi_percent=32, psfs=4.0),  # pain -30%
        OutcomeCheck(week=6, nprs_mean=5.4, odi_percent=26, psfs=4.0),  # ODI -10
        OutcomeCheck(week=6, nprs_mean=5.4, odi_percent=32, psfs=5.0),  # PSFS +2
    ],
)
def test_any_meaningful_improvement_silences_item_3(week6: OutcomeCheck) -> None:
    assert (
        clinician_contact_triggers(
            today=day(42), program_start=START, baseline=BASE, checks=[week6], adherence_per_week=2.5
        )
        == ()
    )


def test_item_3_needs_adherence_and_the_review_week() -> None:
    common = {"today": day(42), "program_start": START, "baseline": BASE, "checks": [WEEK6]}
    assert clinician_contact_triggers(**common, adherence_per_week=1.9) == ()  # type: ignore[arg-type]
    assert clinician_contact_triggers(**common, adherence_per_week=2.0) == ("REVIEW-NO-IMPROVEMENT",)  # type: ignore[arg-type]
    assert clinician_contact_triggers(**common) == ()  # type: ignore[arg-type]
    week5 = OutcomeCheck(week=5, nprs_mean=5.4, odi_percent=32, psfs=4.0)
    assert (
        clinician_contact_triggers(
            today=day(35), program_start=START, baseline=BASE, checks=[week5], adherence_per_week=3
        )
        == ()
    )
    assert clinician_contact_triggers(
        today=day(35), program_start=START, baseline=BASE, checks=[week5], adherence_per_week=3,
        config=ClinicalConfig(review_week_no_improvement=5),
    ) == ("REVIEW-NO-IMPROVEMENT",)  # fmt: skip


def test_item_3_rmdq_improvement_counts() -> None:
    base = OutcomeCheck(week=0, nprs_mean=6.0, rmdq=12, psfs=3.0)
    later = OutcomeCheck(week=6, nprs_mean=5.5, rmdq=7, psfs=3.5)
    assert (
        clinician_contact_triggers(
            today=day(42), program_start=START, baseline=base, checks=[later], adherence_per_week=3
        )
        == ()
    )


def test_item_2_start_back_high() -> None:
    assert clinician_contact_triggers(today=START, program_start=START, start_back_risk="high") == (
        "REVIEW-STARTBACK-HIGH",
    )
    assert clinician_contact_triggers(today=START, program_start=START, start_back_risk="medium") == ()


@pytest.mark.parametrize(
    ("checks", "fires"),
    [
        ([OutcomeCheck(week=1, nprs_mean=6.0), OutcomeCheck(week=2, nprs_mean=6.0)], True),
        ([OutcomeCheck(week=1, nprs_mean=6.0), OutcomeCheck(week=2, nprs_mean=5.9)], False),
        ([OutcomeCheck(week=1, nprs_mean=6.0)], False),
        ([OutcomeCheck(week=1, nprs_mean=6.0), OutcomeCheck(week=2, nprs_mean=6.0), OutcomeCheck(week=3, nprs_mean=4)],
         False),
        ([OutcomeCheck(week=4, odi_percent=30), OutcomeCheck(week=8, odi_percent=31)], True),
        ([OutcomeCheck(week=4, odi_percent=30), OutcomeCheck(week=8, odi_percent=29)], False),
    ],
)  # fmt: skip
def test_item_4_worse_than_baseline_on_two_checks(checks: list[OutcomeCheck], fires: bool) -> None:
    base = OutcomeCheck(week=0, nprs_mean=4.0, odi_percent=20)
    triggers = clinician_contact_triggers(today=day(60), program_start=START, baseline=base, checks=checks)
    assert ("REVIEW-WORSE-THAN-BASELINE" in triggers) is fires


def test_item_5_worsening_weeks_and_flares() -> None:
    assert clinician_contact_triggers(today=day(20), program_start=START, worsening_weeks_in_row=2) == (
        "REVIEW-WORSENING-WEEKS",
    )
    assert clinician_contact_triggers(today=day(20), program_start=START, worsening_weeks_in_row=1) == ()
    # ongoing flare: started day 13, today day 20 -> 8 days (> 7)
    assert clinician_contact_triggers(today=day(20), program_start=START, flares=[Flare(day(13))]) == (
        "REVIEW-LONG-FLARE",
    )
    assert clinician_contact_triggers(today=day(20), program_start=START, flares=[Flare(day(14))]) == ()
    # ended flare of 8 days, still recent
    assert "REVIEW-LONG-FLARE" in clinician_contact_triggers(
        today=day(30), program_start=START, flares=[Flare(day(10), day(17))]
    )
    three = [Flare(day(2), day(3)), Flare(day(10), day(11)), Flare(day(20), day(21))]
    assert clinician_contact_triggers(today=day(29), program_start=START, flares=three) == ("REVIEW-FREQUENT-FLARES",)
    assert clinician_contact_triggers(today=day(30), program_start=START, flares=three) == ()


def test_item_6_leg_pain() -> None:
    high = [DatedRating(day(d), 7) for d in range(0, 8)]
    assert clinician_contact_triggers(today=day(7), program_start=START, leg_pathway=True, leg_pain=high) == (
        "REVIEW-LEG-PAIN-HIGH",
    )
    assert clinician_contact_triggers(today=day(7), program_start=START, leg_pathway=False, leg_pain=high) == ()
    assert clinician_contact_triggers(today=day(6), program_start=START, leg_pathway=True, leg_pain=high[:7]) == ()
    broken = [*high[:4], DatedRating(day(4), 6), *high[5:]]
    assert clinician_contact_triggers(today=day(7), program_start=START, leg_pathway=True, leg_pain=broken) == ()
    # not improving after 4 weeks: first week mean 5, last week mean 4.5 (< 2 points and < 30%)
    ratings = [DatedRating(day(d), 5) for d in range(0, 7)] + [DatedRating(day(d), 4 + d % 2) for d in range(22, 29)]
    assert clinician_contact_triggers(today=day(28), program_start=START, leg_pathway=True, leg_pain=ratings) == (
        "REVIEW-LEG-NOT-IMPROVING",
    )
    better = [DatedRating(day(d), 5) for d in range(0, 7)] + [DatedRating(day(d), 3) for d in range(22, 29)]
    assert clinician_contact_triggers(today=day(28), program_start=START, leg_pathway=True, leg_pain=better) == ()
    assert clinician_contact_triggers(today=day(27), program_start=START, leg_pathway=True, leg_pain=ratings) == ()


def test_item_7_stuck() -> None:
    regs = [Regression(day(d), Chain.QX) for d in (10, 15, 30)]
    assert clinician_contact_triggers(today=day(30), program_start=START, regressions=regs) == (
        "REVIEW-STUCK-REGRESSIONS",
    )
    assert clinician_contact_triggers(today=day(31), program_start=START, regressions=regs) == ()
    mixed = [Regression(day(10), Chain.QX), Regression(day(11), Chain.MC), Regression(day(12), Chain.QX)]
    assert clinician_contact_triggers(today=day(20), program_start=START, regressions=mixed) == ()
    levels = {Chain.MC: 1, Chain.QX: 1, Chain.LAT: 1, Chain.GLU: 2}
    assert clinician_contact_triggers(today=day(28), program_start=START, chain_levels=levels) == (
        "REVIEW-STUCK-CORE-L1",
    )
    assert clinician_contact_triggers(today=day(27), program_start=START, chain_levels=levels) == ()
    assert clinician_contact_triggers(today=day(28), program_start=START, chain_levels={**levels, Chain.LAT: 2}) == ()


def test_item_8_low_confidence() -> None:
    assert clinician_contact_triggers(today=day(42), program_start=START, checks=[OutcomeCheck(week=6, pseq=19)]) == (
        "REVIEW-LOW-CONFIDENCE",
    )
    assert clinician_contact_triggers(today=day(42), program_start=START, checks=[OutcomeCheck(week=6, pseq=20)]) == ()
    assert clinician_contact_triggers(today=day(42), program_start=START, checks=[OutcomeCheck(week=4, pseq=10)]) == ()


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="before the program start"):
        clinician_contact_triggers(today=day(-1), program_start=START)
    with pytest.raises(ValueError, match="start_back_risk"):
        clinician_contact_triggers(today=START, program_start=START, start_back_risk="HIGH")
    with pytest.raises(ValueError, match="adherence"):
        clinician_contact_triggers(today=START, program_start=START, adherence_per_week=-1)
    with pytest.raises(ValueError, match="level of"):
        clinician_contact_triggers(today=START, program_start=START, chain_levels={Chain.QX: 5})
    with pytest.raises(ValueError, match="after today"):
        clinician_contact_triggers(today=day(3), program_start=START, flares=[Flare(day(4))])
    with pytest.raises(ValueError, match="ends"):
        Flare(day(5), day(4))
    with pytest.raises(ValueError, match="nprs_mean"):
        OutcomeCheck(week=1, nprs_mean=11)
    with pytest.raises(ValueError, match="rating"):
        DatedRating(START, 11)


def test_program_week_and_weekly_mean_helper() -> None:
    assert program_week(day(0), START) == 1 and program_week(day(6), START) == 1 and program_week(day(7), START) == 2
    assert weekly_nprs_mean([5, 6, None, 7, 6]) == 6.0


@given(
    st.lists(st.builds(OutcomeCheck, week=st.integers(1, 12), nprs_mean=st.floats(0, 10), pseq=st.integers(0, 60))),
    st.floats(0, 7),
    st.integers(0, 4),
)
def test_triggers_are_known_codes_in_order(checks: list[OutcomeCheck], adherence: float, worsening: int) -> None:
    triggers = clinician_contact_triggers(
        today=day(84), program_start=START, baseline=BASE, checks=checks, adherence_per_week=adherence,
        worsening_weeks_in_row=worsening,
    )  # fmt: skip
    order = list(REASON_CODES)
    assert [order.index(t) for t in triggers] == sorted(order.index(t) for t in triggers)
    assert len(set(triggers)) == len(triggers)
