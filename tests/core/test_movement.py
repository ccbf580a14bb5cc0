"""Movement tests (clinical reference 4.0-4.7), the first plan (4.8) and the walking start (5.7)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtrainer.core.chains import CHAIN_LEVELS, Chain
from backtrainer.core.config import ClinicalConfig
from backtrainer.core.modifiers import Modifier
from backtrainer.core.movement import (
    DEFAULT_LEVELS,
    MOVEMENT_TEST_IDS,
    REASON_CODES,
    AslrResult,
    BridgeResult,
    FingertipFloorResult,
    FirstPlan,
    HingeResult,
    SideBridgeResult,
    SingleLegStanceResult,
    SitToStandResult,
    WalkResult,
    aslr_start_levels,
    balance_support,
    bridge_start_levels,
    build_first_plan,
    hinge_grade,
    hinge_start_level,
    side_bridge_start,
    sls_age_value,
    sts_start_level,
    universal_stop_check,
    walk_start,
)

# ---------------------------------------------------------------------------------------------------------------------
# 4.0 universal stop rules
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "codes"),
    [
        (2, 4, ()),
        (2, 5, ("STOP-PAIN-RISE",)),
        (4, 5, ()),
        (4, 6, ("STOP-PAIN-HIGH",)),
        (1, 6, ("STOP-PAIN-HIGH", "STOP-PAIN-RISE")),
        (5, 5, ()),
    ],
)
def test_stop_rule_pain(before: int, now: int, codes: tuple[str, ...]) -> None:
    check = universal_stop_check(pain_before=before, pain_now=now)
    assert check.reasons == codes
    assert check.stop is bool(codes)


def test_stop_rule_symptoms() -> None:
    check = universal_stop_check(pain_before=2, pain_now=2, leg_spread=True, dizzy=True)
    assert check.stop and check.reasons == ("STOP-LEG-SPREAD", "STOP-DIZZY")
    assert check.stopped_reason == "leg_spread"
    for flag, code in [
        ("short_of_breath", "STOP-BREATH"),
        ("chest_discomfort", "STOP-CHEST"),
        ("feels_unsafe", "STOP-UNSAFE"),
        ("shoulder_pain", "STOP-SHOULDER"),
        ("sharp_pain", "STOP-SHARP-PAIN"),
    ]:
        assert universal_stop_check(pain_before=0, pain_now=0, **{flag: True}).reasons == (code,)
    with pytest.raises(ValueError, match="pain now"):
        universal_stop_check(pain_before=0, pain_now=11)


# ---------------------------------------------------------------------------------------------------------------------
# 4.1 sit to stand -> SQT
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_s", "pain_after", "age", "level", "code"),
    [
        (6.0, 2, 40, 3, "MT-STS:0-10.4"),
        (10.4, 2, 40, 3, "MT-STS:0-10.4"),
        (10.5, 5, 40, 2, "MT-STS:10.5-15.2"),
        (10.5, 3, 40, 3, "MT-STS:10.5-15.2-EASY"),
        (15.2, 3, 64, 3, "MT-STS:10.5-15.2-EASY"),
        (15.2, 3, 65, 2, "MT-STS:10.5-15.2"),
        (12.0, 4, 30, 2, "MT-STS:10.5-15.2"),
        (12.0, None, 30, 2, "MT-STS:10.5-15.2"),
        (15.3, 1, 30, 2, "MT-STS:15.3-22.0"),
        (22.0, 1, 30, 2, "MT-STS:15.3-22.0"),
        (22.1, 1, 30, 1, "MT-STS:OVER-22"),
        (10.44, 1, 30, 3, "MT-STS:0-10.4"),
        (10.45, 1, 30, 3, "MT-STS:10.5-15.2-EASY"),
    ],
)
def test_sts_start_table(time_s: float, pain_after: int | None, age: int, level: int, code: str) -> None:
    result = SitToStandResult(time_s=time_s, pain_before=1, pain_after=pain_after)
    decision = sts_start_level(result, age=age)
    assert (decision.level, decision.reasons) == (level, (code,))


def test_sts_pain_before_counts_for_stayed_low() -> None:
    assert sts_start_level(SitToStandResult(time_s=12.0, pain_before=4, pain_after=2), age=30).level == 2


@pytest.mark.parametrize(
    "result",
    [
        SitToStandResult(time_s=8.0, used_hands=True),
        SitToStandResult(time_s=None, completed=False),
        SitToStandResult(could_not_do_safely=True),
    ],
)
def test_sts_unable_starts_at_l1(result: SitToStandResult) -> None:
    assert sts_start_level(result, age=40).reasons == ("MT-STS:UNABLE",)
    assert sts_start_level(result, age=40).level == 1


def test_sts_bad_input() -> None:
    with pytest.raises(ValueError, match="needs time_s"):
        SitToStandResult()
    with pytest.raises(ValueError, match="sit-to-stand time"):
        SitToStandResult(time_s=-1.0)
    with pytest.raises(ValueError, match="pain before"):
        SitToStandResult(time_s=9.0, pain_before=12)
    with pytest.raises(ValueError, match="stopped_reason must be one of"):
        SitToStandResult(time_s=9.0, stopped_reason="bored")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="age"):
        sts_start_level(SitToStandResult(time_s=9.0), age=17)


# ---------------------------------------------------------------------------------------------------------------------
# 4.2 bridge -> GLU and QX (with ASLR)
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hold", "aslr_total", "glu", "qx"),
    [
        (19, 0, 1, 1),
        (19.9, 0, 1, 1),
        (20, 0, 2, 1),
        (59, 0, 2, 1),
        (59.9, 0, 2, 1),
        (60, 2, 2, 2),
        (60, 3, 2, 1),
        (119, 0, 2, 2),
        (120, 2, 3, 2),
        (120, 3, 3, 1),
        (180, 0, 3, 2),
    ],
)
def test_bridge_start_table(hold: float, aslr_total: int, glu: int, qx: int) -> None:
    aslr = AslrResult(right_score=aslr_total // 2, left_score=aslr_total - aslr_total // 2)
    g, q = bridge_start_levels(BridgeResult(hold_s=hold), aslr)
    assert (g.level, q.level) == (glu, qx)


def test_bridge_reason_codes_and_params() -> None:
    g, q = bridge_start_levels(BridgeResult(hold_s=40), None)
    assert g.reasons == ("MT-BRIDGE:20-59",) and g.params == {"hold_s": 40}
    g, q = bridge_start_levels(BridgeResult(hold_s=75.5), AslrResult(right_score=1, left_score=1))
    assert g.reasons == ("MT-BRIDGE:60-119",) and g.params == {"hold_s": 75.5}
    assert q.reasons == ("MT-BRIDGE:60-119", "MT-ASLR:QX-0-2") and q.params == {"hold_s": 75.5, "aslr_total": 2}
    _, q = bridge_start_levels(BridgeResult(hold_s=130), None)
    assert q.level == 1 and q.reasons == ("MT-BRIDGE:120+", "MT-ASLR:QX-SKIPPED")


def test_bridge_stopped_for_pain_or_unsafe() -> None:
    g, q = bridge_start_levels(BridgeResult(hold_s=150, end_reason="pain"), None)  # type: ignore[arg-type]
    assert (g.level, q.level, g.reasons) == (1, 1, ("MT-BRIDGE:PAIN",))
    g, q = bridge_start_levels(BridgeResult(hold_s=150, stopped_reason="pain_rise"), None)  # type: ignore[arg-type]
    assert (g.level, q.level) == (1, 1)
    g, _ = bridge_start_levels(BridgeResult(could_not_do_safely=True), None)
    assert g.reasons == ("MT-BRIDGE:UNABLE",)
    with pytest.raises(ValueError, match="bridge hold"):
        BridgeResult(hold_s=181)


def test_aslr_unable_keeps_qx_at_l1() -> None:
    _, q = bridge_start_levels(
        BridgeResult(hold_s=100), AslrResult(right_score=0, left_score=0, could_not_do_safely=True)
    )
    assert q.level == 1


# ---------------------------------------------------------------------------------------------------------------------
# 4.3 side bridge -> LAT
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "right", "left", "level", "step", "code"),
    [
        ("knee", 9, 30, 1, 0, "MT-SIDEBRIDGE:KNEE-0-9"),
        ("knee", 9.9, 9.9, 1, 0, "MT-SIDEBRIDGE:KNEE-0-9"),
        ("knee", 10, 10, 2, 0, "MT-SIDEBRIDGE:KNEE-10-44"),
        ("knee", 44, 44, 2, 0, "MT-SIDEBRIDGE:KNEE-10-44"),
        ("knee", 45, 45, 3, 0, "MT-SIDEBRIDGE:KNEE-45+"),
        ("knee", 45, 44.9, 2, 0, "MT-SIDEBRIDGE:KNEE-10-44"),
        ("full", 29, 29, 3, 0, "MT-SIDEBRIDGE:FULL-0-29"),
        ("full", 30, 29.9, 3, 0, "MT-SIDEBRIDGE:FULL-0-29"),
        ("full", 30, 30, 3, 2, "MT-SIDEBRIDGE:FULL-30+"),
    ],
)
def test_side_bridge_table(version: str, right: float, left: float, level: int, step: int, code: str) -> None:
    start = side_bridge_start(SideBridgeResult(version=version, right_s=right, left_s=left))  # type: ignore[arg-type]
    assert (start.level, start.step, start.reasons[0]) == (level, step, code)


@pytest.mark.parametrize(
    ("right", "left", "extra"),
    [(40, 50, None), (40, 50.1, "right"), (50, 40, None), (50.1, 40, "left"), (0, 20, "right"), (20, 0, "left")],
)
def test_side_bridge_ratio_flag(right: float, left: float, extra: str | None) -> None:
    start = side_bridge_start(SideBridgeResult(right_s=right, left_s=left))
    assert start.extra_set_side == extra
    assert ("MT-SIDEBRIDGE:RATIO" in start.reasons) is (extra is not None)
    if extra:
        assert start.params["weaker_side"] == extra


def test_side_bridge_shoulder_pain_and_unsafe() -> None:
    assert side_bridge_start(SideBridgeResult(right_s=60, left_s=60, shoulder_pain=True)).reasons == (
        "MT-SIDEBRIDGE:SHOULDER",
    )
    assert side_bridge_start(SideBridgeResult(could_not_do_safely=True)).level == 1
    with pytest.raises(ValueError, match="version must be one of"):
        SideBridgeResult(version="plank", right_s=1, left_s=1)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------------------
# 4.4 single-leg stance -> balance_support
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "value"), [(18, 43), (39, 43), (40, 40), (49, 40), (50, 37), (60, 27), (69, 27), (70, 15), (80, 6), (99, 6)]
)
def test_sls_age_table(age: int, value: float) -> None:
    assert sls_age_value(age) == value


@pytest.mark.parametrize(
    ("age", "right", "left", "support", "code"),
    [
        (30, (43, 20), (44,), False, "MT-SLS:OK"),
        (30, (42.9,), (45,), True, "MT-SLS:BELOW-AGE-VALUE"),
        (65, (27, 10), (27,), False, "MT-SLS:OK"),
        (65, (26,), (30,), True, "MT-SLS:BELOW-AGE-VALUE"),
        (85, (9.9,), (9.9,), True, "MT-SLS:UNDER-10"),
        (85, (10,), (10,), False, "MT-SLS:OK"),
    ],
)
def test_balance_support(age: int, right: tuple[float, ...], left: tuple[float, ...], support: bool, code: str) -> None:
    decision = balance_support(SingleLegStanceResult(right_eyes_open_s=right, left_eyes_open_s=left), age=age)
    assert (decision.balance_support, decision.reasons) == (support, (code,))


def test_balance_support_skipped_or_unsafe_is_cautious() -> None:
    assert balance_support(None, age=30).balance_support is True
    assert balance_support(SingleLegStanceResult(could_not_do_safely=True), age=30).reasons == ("MT-SLS:UNABLE",)
    with pytest.raises(ValueError, match="1 to 3 trial"):
        SingleLegStanceResult(right_eyes_open_s=(1, 2, 3, 4), left_eyes_open_s=(1,))
    with pytest.raises(ValueError, match="trial must be from 0 to 45"):
        SingleLegStanceResult(right_eyes_open_s=(46,), left_eyes_open_s=(1,))


# ---------------------------------------------------------------------------------------------------------------------
# 4.6 ASLR -> MC and ANT; 4.7 hinge -> HNG
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "left", "mc", "ant"),
    [(0, 0, 3, 2), (0, 1, 3, 2), (1, 1, 2, 1), (2, 2, 2, 1), (4, 0, 2, 1), (3, 2, 1, 1), (5, 0, 1, 1), (5, 5, 1, 1)],
)
def test_aslr_table(right: int, left: int, mc: int, ant: int) -> None:
    m, a = aslr_start_levels(AslrResult(right_score=right, left_score=left))
    assert (m.level, a.level) == (mc, ant)


@pytest.mark.parametrize(
    ("contacts", "lost", "depth", "grade"),
    [
        ("all_5", None, "knee", "PASS"),
        ("all_5", None, "mid_thigh", "PARTIAL"),
        ("some", 1, "knee", "PARTIAL"),
        ("some", 2, "mid_thigh", "PARTIAL"),
        ("some", 3, "knee", "FAIL"),
        ("some", None, "knee", "FAIL"),
        ("none", None, "knee", "FAIL"),
        ("all_5", None, "less", "FAIL"),
    ],
)
def test_hinge_grade(contacts: str, lost: int | None, depth: str, grade: str) -> None:
    result = HingeResult(contacts_kept=contacts, contacts_lost_reps=lost, depth_reached=depth)  # type: ignore[arg-type]
    assert hinge_grade(result) == grade and result.grade == grade


@pytest.mark.parametrize(
    ("contacts", "depth", "pain", "level"),
    [
        ("all_5", "knee", 3, 3),
        ("all_5", "knee", 4, 1),
        ("all_5", "mid_thigh", 3, 2),
        ("all_5", "mid_thigh", 4, 1),
        ("none", "knee", 0, 1),
    ],
)
def test_hinge_start_table(contacts: str, depth: str, pain: int, level: int) -> None:
    result = HingeResult(contacts_kept=contacts, depth_reached=depth, pain_during=pain)  # type: ignore[arg-type]
    assert hinge_start_level(result).level == level


def test_hinge_rejects_inconsistent_count() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        HingeResult(contacts_kept="all_5", contacts_lost_reps=2)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------------------
# 5.7 walking
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "minutes", "code"),
    [(20, 16, "WALK:BASELINE"), (10, 8, "WALK:BASELINE"), (6.25, 5, "WALK:BASELINE"), (6, 5, "WALK:BASELINE"),
     (5, 5, "WALK:MINIMUM"), (3, 5, "WALK:MINIMUM"), (30, 24, "WALK:BASELINE"), (9.4, 8, "WALK:BASELINE")],
)  # fmt: skip
def test_walk_start_quota(baseline: float, minutes: int, code: str) -> None:
    start = walk_start(baseline)
    assert (start.minutes_per_walk, start.reasons) == (minutes, (code,))
    assert start.walks_per_day == (1, 3)


def test_walk_start_uses_config_fraction() -> None:
    assert walk_start(20, config=ClinicalConfig(walk_start_fraction=0.5)).minutes_per_walk == 10
    assert walk_start(None).minutes_per_walk is None


# ---------------------------------------------------------------------------------------------------------------------
# 4.8 first plan
# ---------------------------------------------------------------------------------------------------------------------


def _full_results() -> list[object]:
    return [
        SitToStandResult(time_s=9.0, pain_before=2, pain_after=2),
        SingleLegStanceResult(right_eyes_open_s=(45,), left_eyes_open_s=(45,)),
        HingeResult(contacts_kept="all_5", depth_reached="knee", pain_during=1),  # type: ignore[arg-type]
        FingertipFloorResult(distance_cm=5, pain_during=2, fear_rating=2),
        AslrResult(right_score=0, left_score=1),
        BridgeResult(hold_s=130),
        SideBridgeResult(version="full", right_s=40, left_s=40),  # type: ignore[arg-type]
        WalkResult(minutes=20),
    ]


def test_plan_all_tests_skipped_uses_defaults() -> None:
    plan = build_first_plan([], age=40)
    for start in plan.chains:
        assert start.level == DEFAULT_LEVELS[start.chain]
        assert start.step == 0
        assert "DEFAULT-START" in start.reasons
    assert plan.chain(Chain.PX).included is True
    assert plan.chain(Chain.AR).included is False and "AR-NO-BAND" in plan.chain(Chain.AR).reasons
    assert plan.chain(Chain.CAR).included is False and "CAR-AFTER-L3" in plan.chain(Chain.CAR).reasons
    assert plan.education_week1 == ("ED-01", "ED-02", "ED-03")
    assert plan.walk.minutes_per_walk is None and plan.walk.reasons == ("WALK:NO-BASELINE",)
    assert plan.caps == ()
    assert plan.balance_support is True  # balance test skipped: cautious default
    assert plan.modifiers == frozenset({Modifier.SUPPORT})


def test_plan_from_good_results() -> None:
    plan = build_first_plan(_full_results(), age=40, has_band=True)  # type: ignore[arg-type]
    assert plan.levels == {
        Chain.MC: 3, Chain.QX: 2, Chain.PX: 1, Chain.LAT: 3, Chain.AR: 1, Chain.ANT: 2,
        Chain.GLU: 3, Chain.ABD: 1, Chain.HNG: 3, Chain.SQT: 3, Chain.CAR: 1,
    }  # fmt: skip
    assert plan.chain(Chain.LAT).step == 2
    assert plan.chain(Chain.CAR).included and "CAR-READY" in plan.chain(Chain.CAR).reasons
    assert plan.chain(Chain.AR).included
    assert plan.modifiers == frozenset()
    assert plan.walk.minutes_per_walk == 16
    assert plan.chain(Chain.GLU).reasons == ("MT-BRIDGE:120+",)
    assert plan.chain(Chain.GLU).params == {"hold_s": 130}


def test_plan_accepts_a_mapping_and_rejects_duplicates() -> None:
    results = {"MT-BRIDGE": BridgeResult(hold_s=40)}
    assert build_first_plan(results, age=40).chain(Chain.GLU).level == 2
    with pytest.raises(ValueError, match="two results for MT-BRIDGE"):
        build_first_plan([BridgeResult(hold_s=40), BridgeResult(hold_s=50)], age=40)
    with pytest.raises(ValueError, match="stored under"):
        build_first_plan({"MT-STS": BridgeResult(hold_s=40)}, age=40)
    with pytest.raises(ValueError, match="not a movement test result"):
        build_first_plan([object()], age=40)  # type: ignore[list-item]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"baseline_nprs_mean": 7.0},
        {"odi_percent": 40.1},
        {"rmdq": 15},
        {"start_back_risk": "high"},
    ],
)
def test_plan_severity_cap(kwargs: dict[str, object]) -> None:
    plan = build_first_plan(_full_results(), age=40, **kwargs)  # type: ignore[arg-type]
    assert all(start.level <= 2 for start in plan.chains)
    assert plan.chain(Chain.GLU).reasons == ("MT-BRIDGE:120+", "CAP-SEVERE")
    assert plan.chain(Chain.LAT).step == 0  # S2 belongs to L3; capped to L2 S0
    assert plan.caps[0].code == "CAP-SEVERE" and plan.caps[0].days == 14 and plan.caps[0].max_level == 2
    assert not plan.chain(Chain.CAR).included


@pytest.mark.parametrize(
    "kwargs",
    [{"baseline_nprs_mean": 6.9}, {"odi_percent": 40.0}, {"rmdq": 14}, {"start_back_risk": "medium"}],
)
def test_plan_no_cap_below_thresholds(kwargs: dict[str, object]) -> None:
    plan = build_first_plan(_full_results(), age=40, **kwargs)  # type: ignore[arg-type]
    assert plan.caps == ()
    assert plan.chain(Chain.GLU).level == 3


def test_plan_leg_pathway_caps_hinge_and_prone() -> None:
    results = [HingeResult(contacts_kept="all_5", depth_reached="knee", pain_during=0)]  # type: ignore[arg-type]
    plan = build_first_plan(results, age=40, leg_pathway=True)
    assert plan.chain(Chain.HNG).level == 2 and "CAP-LEG" in plan.chain(Chain.HNG).reasons
    assert Modifier.LEG in plan.modifiers and plan.leg_pathway
    assert plan.extra_exercises == ("MO-05",)
    assert {c.code for c in plan.caps} == {"CAP-LEG"}


def test_plan_ftf_leg_symptoms_switch_on_leg() -> None:
    plan = build_first_plan([FingertipFloorResult(distance_cm=10, leg_symptoms_provoked=True)], age=40)
    assert Modifier.LEG in plan.modifiers and plan.modifier_reasons[Modifier.LEG] == ("LEG:FTF",)


@pytest.mark.parametrize(("pain", "fear", "l1"), [(5, 6, False), (6, 0, True), (0, 7, True)])
def test_plan_ftf_pain_or_fear_starts_hinge_at_l1(pain: int, fear: int, l1: bool) -> None:
    results = [
        HingeResult(contacts_kept="all_5", depth_reached="knee", pain_during=0),  # type: ignore[arg-type]
        FingertipFloorResult(distance_cm=0, pain_during=pain, fear_rating=fear),
    ]
    plan = build_first_plan(results, age=40)
    assert (plan.chain(Chain.HNG).level == 1) is l1
    assert ("ED-08" in plan.education_week1) is l1
    assert (Modifier.FEAR in plan.modifiers) is (fear >= 7)
    if l1:
        assert "MT-FTF:HINGE-L1" in plan.chain(Chain.HNG).reasons


def test_plan_fear_modifier_sources_and_education_order() -> None:
    plan = build_first_plan([], age=40, start_back_risk="high", fabq_pa=15, tsk11_high=True)
    assert plan.modifier_reasons[Modifier.FEAR] == ("FEAR:STARTBACK-HIGH", "FEAR:FABQ-HIGH", "FEAR:TSK-HIGH")
    assert plan.education_week1 == ("ED-01", "ED-02", "ED-03", "ED-05", "ED-08")
    assert Modifier.FEAR not in build_first_plan([], age=40, fabq_pa=14).modifiers


def test_plan_support_from_age_or_balance() -> None:
    sls_ok = SingleLegStanceResult(right_eyes_open_s=(30,), left_eyes_open_s=(30,))
    plan = build_first_plan([sls_ok], age=65)
    assert plan.modifier_reasons[Modifier.SUPPORT] == ("SUPPORT:AGE",)
    # carries are standing work; SQT L2 (sit to stand) and HNG L1 (two-legged hinge) are not one-leg work
    assert plan.chain(Chain.CAR).with_support
    assert not plan.chain(Chain.SQT).with_support and not plan.chain(Chain.HNG).with_support
    plan = build_first_plan([sls_ok], age=64)
    assert Modifier.SUPPORT not in plan.modifiers and not plan.chain(Chain.SQT).with_support


def test_plan_prone_and_osteoporosis_and_slow() -> None:
    plan = build_first_plan([], age=40, prone_ok=False, osteoporosis=True, widespread_pain=True)
    px = plan.chain(Chain.PX)
    assert not px.included and "PX-PRONE-NOT-OK" in px.reasons and px.params["retry_days"] == 14
    assert plan.clinician_approval == ("HNG:L5", "ANT:PROGRESSION")
    assert Modifier.SLOW in plan.modifiers


def test_plan_walk_from_logged_minutes() -> None:
    assert build_first_plan([], age=40, baseline_walk_minutes=15).walk.minutes_per_walk == 12
    walk_test = WalkResult(minutes=10)
    assert build_first_plan([walk_test], age=40, baseline_walk_minutes=30).walk.minutes_per_walk == 8


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"age": 17}, "age"),
        ({"age": 40, "baseline_nprs_mean": 11}, "baseline pain"),
        ({"age": 40, "odi_percent": -1}, "ODI"),
        ({"age": 40, "rmdq": 25}, "RMDQ"),
        ({"age": 40, "start_back_risk": "HIGH"}, "start_back_risk"),
        ({"age": 40, "prone_ok": "yes"}, "prone_ok"),
    ],
)
def test_plan_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_first_plan([], **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------------------

pain = st.integers(0, 10)
results_strategy = st.fixed_dictionaries(
    {},
    optional={
        "MT-STS": st.builds(SitToStandResult, time_s=st.floats(0.1, 300), used_hands=st.booleans(), pain_after=pain),
        "MT-BRIDGE": st.builds(
            BridgeResult,
            hold_s=st.floats(0, 180),
            end_reason=st.sampled_from(["form_lost", "pain", "cramp", "max_time"]),
        ),
        "MT-SIDEBRIDGE": st.builds(
            SideBridgeResult,
            version=st.sampled_from(["knee", "full"]),
            right_s=st.floats(0, 600),
            left_s=st.floats(0, 600),
            shoulder_pain=st.booleans(),
        ),
        "MT-SLS": st.builds(
            SingleLegStanceResult,
            right_eyes_open_s=st.lists(st.floats(0, 45), min_size=1, max_size=3).map(tuple),
            left_eyes_open_s=st.lists(st.floats(0, 45), min_size=1, max_size=3).map(tuple),
        ),
        "MT-FTF": st.builds(
            FingertipFloorResult,
            distance_cm=st.floats(0, 150),
            pain_during=pain,
            leg_symptoms_provoked=st.booleans(),
            fear_rating=pain,
        ),
        "MT-ASLR": st.builds(AslrResult, right_score=st.integers(0, 5), left_score=st.integers(0, 5)),
        "MT-HINGE": st.builds(
            HingeResult,
            contacts_kept=st.sampled_from(["all_5", "some", "none"]),
            depth_reached=st.sampled_from(["knee", "mid_thigh", "less"]),
            pain_during=pain,
        ),
        "MT-WALK": st.builds(WalkResult, minutes=st.floats(0, 30)),
    },
)
context_strategy = st.fixed_dictionaries(
    {"age": st.integers(18, 100)},
    optional={
        "baseline_nprs_mean": st.floats(0, 10),
        "odi_percent": st.floats(0, 100),
        "rmdq": st.integers(0, 24),
        "start_back_risk": st.sampled_from(["low", "medium", "high"]),
        "leg_pathway": st.booleans(),
        "prone_ok": st.booleans(),
        "has_band": st.booleans(),
        "osteoporosis": st.booleans(),
        "fabq_pa": st.integers(0, 24),
        "tsk11_high": st.booleans(),
    },
)


def _check_plan(plan: FirstPlan) -> None:
    assert [c.chain for c in plan.chains] == list(Chain)
    for start in plan.chains:
        assert 1 <= start.level <= CHAIN_LEVELS[start.chain]
        assert 0 <= start.step <= 5
        assert start.reasons
        for code in start.reasons:
            assert code in REASON_CODES, code
            assert set(REASON_CODES[code]) <= set(start.params), code
    for code in plan.reasons:
        assert code in REASON_CODES, code
        assert set(REASON_CODES[code]) <= set(plan.params), code
    for code in plan.walk.reasons:
        assert set(REASON_CODES[code]) <= set(plan.walk.params)
    if plan.walk.minutes_per_walk is not None:
        assert plan.walk.minutes_per_walk >= 5
    assert plan.education_week1[:3] == ("ED-01", "ED-02", "ED-03")


@settings(max_examples=300, deadline=None)
@given(results_strategy, context_strategy)
def test_plan_levels_always_valid(results: dict[str, object], context: dict[str, object]) -> None:
    plan = build_first_plan(results, **context)  # type: ignore[arg-type]
    _check_plan(plan)


@settings(max_examples=200, deadline=None)
@given(results_strategy, context_strategy)
def test_caps_never_raise_a_level(results: dict[str, object], context: dict[str, object]) -> None:
    uncapped_context = {
        **context,
        "baseline_nprs_mean": None,
        "odi_percent": None,
        "rmdq": None,
        "start_back_risk": None,
        "leg_pathway": False,
    }
    base = build_first_plan({k: v for k, v in results.items() if k != "MT-FTF"}, **uncapped_context)  # type: ignore[arg-type]
    capped = build_first_plan(
        {k: v for k, v in results.items() if k != "MT-FTF"},
        **{**uncapped_context, "baseline_nprs_mean": 9.0, "leg_pathway": True},  # type: ignore[arg-type]
    )
    for b, c in zip(base.chains, capped.chains):
        assert c.level <= b.level
        assert c.level <= 2


def test_test_ids_are_the_reference_ids() -> None:
    assert set(MOVEMENT_TEST_IDS) == {
        "MT-STS", "MT-BRIDGE", "MT-SIDEBRIDGE", "MT-SLS", "MT-FTF", "MT-ASLR", "MT-HINGE", "MT-WALK",
    }  # fmt: skip


def test_hand_hold_note_only_on_standing_work() -> None:
    """Issue 20 item 16: with SUPPORT the clamshell (lying down, ABD level 1) gets no standing hand-hold note."""
    from backtrainer.core.movement import SUPPORT_FROM_LEVEL

    plan = build_first_plan([], age=80, prone_ok=True)
    assert Modifier.SUPPORT in plan.modifiers
    for chain, first in SUPPORT_FROM_LEVEL.items():
        draft = plan.chain(chain)
        assert draft.with_support == (draft.level >= first), chain
        assert ("SUPPORT-SHOWN" in draft.reasons) == draft.with_support
    assert plan.chain(Chain.ABD).level == 1 and not plan.chain(Chain.ABD).with_support
    assert not plan.chain(Chain.HNG).with_support
