"""Questionnaire scoring: worked examples of clinical reference 3.9, boundaries, properties and bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtrainer.core import instruments as ins
from backtrainer.core.config import ClinicalConfig
from backtrainer.core.instruments import (
    OdiBand,
    OdiScore,
    PseqBand,
    StartBackRisk,
    StartBackScore,
    nprs_band,
    nprs_change,
    odi_change,
    pseq_change,
    psfs_change,
    rmdq_change,
    score_fabq_pa,
    score_nprs,
    score_odi,
    score_pseq,
    score_pseq2,
    score_psfs,
    score_rmdq,
    score_start_back,
    score_tsk11,
    tsk11_change,
    weekly_nprs_mean,
)

# ---------------------------------------------------------------------------------------------------------------------
# STarT Back, 3.9 SB-1..SB-7
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "items", "item9", "overall", "sub", "risk"),
    [
        ("SB-1", [1, 0, 0, 0, 0, 0, 0, 0], "moderately", 1, 0, "low"),
        ("SB-2", [1, 1, 1, 1, 0, 1, 0, 0], "slightly", 5, 1, "medium"),
        ("SB-3", [1, 0, 1, 0, 1, 1, 1, 0], "very_much", 6, 4, "high"),
        ("SB-4", [0, 0, 0, 0, 1, 1, 1, 0], "not_at_all", 3, 3, "low"),
        ("SB-5", [1, 0, 0, 0, 1, 1, 0, 0], "extremely", 4, 3, "medium"),
        ("SB-6", [0, 0, 0, 0, 1, 1, 1, 0], "extremely", 4, 4, "high"),
        ("SB-7", [1, 1, 1, 1, 1, 1, 1, 1], "extremely", 9, 5, "high"),
    ],
)
def test_start_back_worked_examples(case: str, items: list[int], item9: str, overall: int, sub: int, risk: str) -> None:
    result = score_start_back(items, item9)
    assert (result.overall, result.psychosocial, result.risk) == (overall, sub, risk), case
    assert result == StartBackScore(overall, sub, StartBackRisk(risk))
    assert isinstance(result.risk, str) and result.risk == risk


def test_start_back_accepts_booleans_for_agree() -> None:
    assert score_start_back([True] + [False] * 7, "slightly").overall == 1


@pytest.mark.parametrize(
    ("items", "item9", "message"),
    [
        ([1, 0, 0], "slightly", "exactly 8"),
        ([0] * 9, "slightly", "exactly 8"),
        ([0, 0, 0, 0, 0, 0, 0, 2], "slightly", "from 0 to 1"),
        ([0] * 8, "very much", "item 9 must be one of"),
        ([0] * 8, "Extremely", "item 9 must be one of"),
        ([0] * 8, 1, "item 9 must be one of"),
        ([0.0] * 8, "slightly", "whole number"),
        ("00000000", "slightly", "list of answers"),
        ([None] * 8, "slightly", "whole number"),
    ],
)
def test_start_back_rejects_bad_input(items: object, item9: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score_start_back(items, item9)  # type: ignore[arg-type]


@given(st.lists(st.integers(0, 1), min_size=8, max_size=8), st.sampled_from(ins.START_BACK_ITEM9_KEYS))
def test_start_back_scores_stay_in_range(items: list[int], item9: str) -> None:
    r = score_start_back(items, item9)
    assert 0 <= r.overall <= 9 and 0 <= r.psychosocial <= 5
    assert r.psychosocial <= r.overall
    if r.risk == "high":
        assert r.overall >= 4


# ---------------------------------------------------------------------------------------------------------------------
# ODI, 3.9 ODI-1..ODI-8
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "sections", "answered", "percent", "band"),
    [
        ("ODI-1", [2, 1, 3, 2, 2, 2, 1, 0, 2, 1], 10, 32.0, "moderate"),
        ("ODI-2", [3, 2, 4, 3, 3, 3, 2, None, 3, 3], 9, 57.8, "severe"),
        ("ODI-3", [0, 0, 1, 0, 1, 0, 1, 0, 0, 1], 10, 8.0, "minimal"),
        ("ODI-4", [5, 4, 5, 4, 4, 5, 3, None, None, 4], 8, 85.0, "bed_bound"),
        ("ODI-5", [2, 2, None, 2, None, 2, 2, None, 2, 2], 7, None, None),
        ("ODI-6", [1] * 10, 10, 20.0, "minimal"),
        ("ODI-7", [3, 2, 2, 2, 2, 2, 2, None, 2, 2], 9, 42.2, "severe"),
        ("ODI-8", [2] * 10, 10, 40.0, "moderate"),
    ],
)
def test_odi_worked_examples(
    case: str, sections: list[int | None], answered: int, percent: float | None, band: str | None
) -> None:
    result = score_odi(sections)
    assert result == OdiScore(percent, None if band is None else OdiBand(band), answered), case
    assert result.incomplete is (percent is None)


def test_odi_bands_on_unrounded_value() -> None:
    # 9 answered, sum 18 -> 40.0 exactly; sum 19 of 45 -> 42.22 (severe). 20.04 would display 20.0 but be moderate.
    assert score_odi([2] * 9 + [None]).band == "moderate"
    assert ins.odi_band(20.04) == "moderate"
    assert round(20.04, 1) == 20.0
    assert ins.odi_band(60.0) == "severe" and ins.odi_band(60.01) == "crippled"
    assert ins.odi_band(80.0) == "crippled" and ins.odi_band(80.01) == "bed_bound"


def test_odi_min_answered_from_config_or_keyword() -> None:
    seven = [2, 2, None, 2, None, 2, 2, None, 2, 2]
    assert score_odi(seven).percent is None
    assert score_odi(seven, min_answered=7).percent == 40.0
    assert score_odi(seven, config=ClinicalConfig(odi_min_answered=7)).percent == 40.0
    assert score_odi([1] * 9 + [None], config=ClinicalConfig(odi_min_answered=10)).percent is None
    assert score_odi([None] * 10, min_answered=1) == OdiScore(None, None, 0)


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ([1] * 9, "exactly 10"),
        ([1] * 11, "exactly 10"),
        ([1] * 9 + [6], "section 10 must be from 0 to 5"),
        ([-1] + [1] * 9, "section 1 must be from 0 to 5"),
        ([1.5] + [1] * 9, "whole number"),
        ([True] + [1] * 9, "whole number"),
    ],
)
def test_odi_rejects_bad_input(sections: list[object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score_odi(sections)  # type: ignore[arg-type]


def test_odi_rejects_bad_min_answered() -> None:
    with pytest.raises(ValueError, match="minimum answered"):
        score_odi([1] * 10, min_answered=0)


@given(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=10, max_size=10))
def test_odi_percent_in_range(sections: list[int | None]) -> None:
    r = score_odi(sections)
    answered = sum(s is not None for s in sections)
    assert r.answered == answered
    if answered >= 8:
        assert r.percent is not None and 0.0 <= r.percent <= 100.0 and r.band is not None
    else:
        assert r.percent is None and r.band is None


def test_odi_change_mcid_points_or_percent() -> None:
    assert odi_change(36, 32).meets_mcid is False  # PS-13: -4 points, 11%
    assert odi_change(36, 26).meets_mcid is True  # 10 points
    assert odi_change(20, 14).meets_mcid is True  # 6 points but 30%
    assert odi_change(20, 26).worse_by_mcid is False
    assert odi_change(20, 30).worse_by_mcid is True


# ---------------------------------------------------------------------------------------------------------------------
# NPRS
# ---------------------------------------------------------------------------------------------------------------------


def test_nprs_1_change_meets_mcid() -> None:
    change = nprs_change(6.0, 3.9)
    assert change.improvement == pytest.approx(2.1)
    assert change.percent_improvement == pytest.approx(35.0)
    assert change.meets_mcid is True


@pytest.mark.parametrize(
    ("baseline", "follow_up", "meets"),
    [
        (6.0, 4.0, True),
        (6.0, 4.3, False),
        (7.0, 5.0, True),
        (5.0, 3.5, True),
        (5.0, 3.6, False),
        (3.0, 2.1, True),
        (0.0, 0.0, False),
    ],
)
def test_nprs_mcid_two_points_or_thirty_percent(baseline: float, follow_up: float, meets: bool) -> None:
    assert nprs_change(baseline, follow_up).meets_mcid is meets


def test_nprs_worse_by_mcid() -> None:
    assert nprs_change(4.0, 6.0).worse_by_mcid is True
    assert nprs_change(4.0, 5.9).worse_by_mcid is False


def test_nprs_scoring_and_bands() -> None:
    assert score_nprs(0).band == "none"
    assert [nprs_band(v) for v in (1, 3, 4, 6, 7, 10)] == ["mild", "mild", "moderate", "moderate", "severe", "severe"]
    assert nprs_band(3.9) == "mild"
    with pytest.raises(ValueError, match="from 0 to 10"):
        score_nprs(11)
    with pytest.raises(ValueError, match="whole number"):
        score_nprs(2.5)  # type: ignore[arg-type]


def test_weekly_mean_needs_four_values() -> None:
    assert weekly_nprs_mean([6, 6, 6, None, None, None, None]) is None
    assert weekly_nprs_mean([6, 5, 6, 7, None, None, None]) == 6.0
    assert weekly_nprs_mean([4, 4, 4, 4, 4, 4, 4]) == 4.0
    with pytest.raises(ValueError, match="at most 7"):
        weekly_nprs_mean([1] * 8)
    with pytest.raises(ValueError, match="morning rating 2"):
        weekly_nprs_mean([1, 11, 1, 1])


# ---------------------------------------------------------------------------------------------------------------------
# PSFS, PSEQ, PSEQ-2, FABQ-PA, TSK-11, RMDQ
# ---------------------------------------------------------------------------------------------------------------------


def test_psfs_1() -> None:
    assert score_psfs([3, 4, 2]).mean == 3.0
    assert score_psfs([6, 6, 5]).mean == pytest.approx(5.67, abs=0.005)
    change = psfs_change([3, 4, 2], [6, 6, 5])
    assert change.improvement == pytest.approx(2.67, abs=0.005)
    assert change.meets_mcid is True


def test_psfs_change_uses_only_original_activities() -> None:
    base = {"lifting": 3, "walking": 4, "sitting": 2}
    later = {"lifting": 6, "walking": 6, "sitting": 5, "sport": 0}
    assert psfs_change(base, later).follow_up == pytest.approx(17 / 3)
    assert psfs_change([3, 4, 2], [6, 6, 5, 0]).follow_up == pytest.approx(17 / 3)
    with pytest.raises(ValueError, match="missing original activities: sitting"):
        psfs_change(base, {"lifting": 6, "walking": 6, "sport": 1})
    with pytest.raises(ValueError, match="both be lists"):
        psfs_change(base, [1, 2, 3])


@pytest.mark.parametrize("ratings", [[1, 2], [1, 2, 3, 4, 5, 6], [1, 2, 11], [1, 2, -1]])
def test_psfs_rejects_bad_input(ratings: list[int]) -> None:
    with pytest.raises(ValueError):
        score_psfs(ratings)


def test_pseq_1_and_bands() -> None:
    assert score_pseq([3, 4, 3, 2, 3, 4, 2, 3, 3, 4]).total == 31
    assert score_pseq([3, 4, 3, 2, 3, 4, 2, 3, 3, 4]).band == "mild"
    assert [ins.pseq_band(v) for v in (0, 19, 20, 30, 31, 40, 41, 60)] == [
        PseqBand.SEVERE, PseqBand.SEVERE, PseqBand.MODERATE, PseqBand.MODERATE,
        PseqBand.MILD, PseqBand.MILD, PseqBand.MINIMAL, PseqBand.MINIMAL,
    ]  # fmt: skip


def test_pseq_2a_eppoc_rule() -> None:
    change = pseq_change(28, 36)
    assert change.change == 8 and change.baseline_band == "moderate" and change.follow_up_band == "mild"
    assert change.clinically_significant is True and change.improved is True
    assert pseq_change(31, 40).clinically_significant is False  # 9 points, same band
    assert pseq_change(27, 33).clinically_significant is False  # band change, 6 points
    assert pseq_change(36, 28).clinically_significant is True and pseq_change(36, 28).improved is False


def test_pseq2_fabq_tsk_rmdq() -> None:
    assert score_pseq2([6, 6]).total == 12
    fabq = score_fabq_pa([6, 4, 5, 3, 3])
    assert fabq.total == 15 and fabq.high is True  # FABQ-1
    assert score_fabq_pa([6, 4, 4, 3, 3]).high is False  # 14 is not > 14
    assert score_tsk11([3, 3, 2, 2, 3, 3, 2, 2, 3, 2, 3]).total == 28  # TSK-1
    assert score_rmdq([1] * 5 + [0] * 19).total == 5
    assert score_rmdq([True] * 24).total == 24


def test_change_helpers() -> None:
    assert rmdq_change(10, 5).meets_mcid is True
    assert rmdq_change(10, 7).meets_mcid is True  # 30%
    assert rmdq_change(20, 16).meets_mcid is False
    assert tsk11_change(30, 26).meets_mcid is True
    assert tsk11_change(30, 27).meets_mcid is False


@pytest.mark.parametrize(
    ("func", "items", "message"),
    [
        (score_pseq, [3] * 9, "exactly 10"),
        (score_pseq, [7] + [3] * 9, "from 0 to 6"),
        (score_pseq2, [1, 2, 3], "exactly 2"),
        (score_fabq_pa, [1, 2, 3, 4], "exactly 5"),
        (score_fabq_pa, [1, 2, 3, 4, 7], "from 0 to 6"),
        (score_tsk11, [0] + [2] * 10, "from 1 to 4"),
        (score_tsk11, [2] * 12, "exactly 11"),
        (score_rmdq, [0] * 23, "exactly 24"),
        (score_rmdq, [2] + [0] * 23, "from 0 to 1"),
    ],
)
def test_scorers_reject_bad_input(func: object, items: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        func(items)  # type: ignore[operator]


@given(st.lists(st.integers(0, 6), min_size=10, max_size=10))
def test_pseq_in_range(items: list[int]) -> None:
    assert 0 <= score_pseq(items).total <= 60


@given(st.lists(st.integers(0, 6), min_size=5, max_size=5))
def test_fabq_in_range(items: list[int]) -> None:
    r = score_fabq_pa(items)
    assert 0 <= r.total <= 24 and r.high == (r.total > 14)


@given(st.lists(st.integers(1, 4), min_size=11, max_size=11))
def test_tsk_in_range(items: list[int]) -> None:
    assert 11 <= score_tsk11(items).total <= 44


@given(st.lists(st.integers(0, 10), min_size=3, max_size=5))
def test_psfs_in_range(items: list[int]) -> None:
    assert 0 <= score_psfs(items).mean <= 10


@given(st.floats(0, 10), st.floats(0, 10))
def test_nprs_change_is_consistent(b: float, f: float) -> None:
    c = nprs_change(b, f)
    assert not (c.meets_mcid and c.worse_by_mcid)
    if c.meets_mcid:
        assert f < b


@given(st.lists(st.integers(-5, 70), min_size=0, max_size=12))
def test_pseq_rejects_or_scores(items: list[int]) -> None:
    try:
        r = score_pseq(items)
    except ValueError:
        return
    assert 0 <= r.total <= 60


def test_scoring_versions_cover_every_scorer() -> None:
    assert set(ins.SCORING_VERSION) == {
        "NPRS", "STARTBACK", "ODI", "RMDQ", "PSFS", "PSEQ", "PSEQ2", "FABQ_PA", "TSK11",
    }  # fmt: skip
    assert ins.SCORING_VERSION["ODI"] == "ODI_2.1a/1"
    for name in ins.SCORING_FUNCTIONS:
        assert callable(getattr(ins, name))
