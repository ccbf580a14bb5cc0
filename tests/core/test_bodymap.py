"""Body-map regions and rules BM01-BM12 (clinical reference section 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtrainer.core.bodymap import (
    BM_CODES,
    NEURO_QUALITIES,
    REGIONS,
    SEGMENT_DEPTH,
    WPI_AREAS,
    BodyMap,
    MarkedRegion,
    Quality,
    compare_session,
    distal_depth,
    distal_segment,
    evaluate,
    wpi_areas,
    wpi_count,
)
from backtrainer.core.modifiers import Modifier
from backtrainer.core.screening import Tier

A = Quality.ACHING
S = Quality.SHARP
B = Quality.BURNING
P = Quality.PINS_NEEDLES
N = Quality.NUMB
SH = Quality.SHOOTING


def mark(region_id: str, *qualities: Quality, intensity: int | None = None) -> MarkedRegion:
    return MarkedRegion(region_id, frozenset(qualities or (A,)), intensity)


def bmap(*regions: MarkedRegion, back: int | None = None) -> BodyMap:
    return BodyMap(tuple(regions), back_intensity=back)


BACK = mark("LOW_BACK_C", A, intensity=5)


# --- regions (ref 2.1) --------------------------------------------------------------------------------------

EXPECTED_IDS = {
    "NECK", "CHEST", "ABDOMEN", "SADDLE", "LOW_BACK_L", "LOW_BACK_C", "LOW_BACK_R",
    *(f"{base}_{s}" for s in "LR" for base in (
        "HEAD_JAW", "SHOULDER", "UPPER_ARM", "FOREARM_HAND", "UPPER_BACK", "BUTTOCK", "GROIN_HIP_FRONT",
        "HIP_OUTER", "THIGH_FRONT", "THIGH_BACK", "THIGH_OUTER", "KNEE", "SHIN", "CALF", "FOOT_TOP",
        "FOOT_SOLE_HEEL",
    )),
}


def test_every_region_id_of_2_1_is_present() -> None:
    assert set(REGIONS) == EXPECTED_IDS
    assert len(REGIONS) == 39


def test_region_specs_are_consistent() -> None:
    for rid, spec in REGIONS.items():
        assert spec.id == rid
        assert spec.side in ("L", "R", "C")
        assert set(spec.views) <= {"front", "back", "side", "special"}
        if rid.endswith("_L"):
            assert spec.side == "L"
        elif rid.endswith("_R"):
            assert spec.side == "R"
        else:
            assert spec.side == "C"


@pytest.mark.parametrize(
    ("rid", "views", "segment", "wpi"),
    [
        ("HEAD_JAW_L", ("front",), "upper", "JAW_L"),
        ("NECK", ("back",), "upper", "NECK"),
        ("SHOULDER_R", ("back",), "upper", "SHOULDER_GIRDLE_R"),
        ("UPPER_ARM_L", ("front", "back"), "upper", "UPPER_ARM_L"),
        ("FOREARM_HAND_R", ("front", "back"), "upper", "LOWER_ARM_R"),
        ("CHEST", ("front",), "trunk_front", "CHEST"),
        ("ABDOMEN", ("front",), "trunk_front", "ABDOMEN"),
        ("UPPER_BACK_L", ("back",), "thoracic", "UPPER_BACK"),
        ("LOW_BACK_C", ("back",), "lumbar", "LOWER_BACK"),
        ("BUTTOCK_R", ("back",), "buttock", "HIP_BUTTOCK_R"),
        ("SADDLE", ("special",), "saddle", None),
        ("GROIN_HIP_FRONT_L", ("front",), "groin", "HIP_BUTTOCK_L"),
        ("HIP_OUTER_R", ("side",), "buttock", "HIP_BUTTOCK_R"),
        ("THIGH_FRONT_L", ("front",), "thigh", "UPPER_LEG_L"),
        ("THIGH_BACK_R", ("back",), "thigh", "UPPER_LEG_R"),
        ("THIGH_OUTER_L", ("side",), "thigh", "UPPER_LEG_L"),
        ("KNEE_R", ("front", "back"), "knee", "UPPER_LEG_R"),
        ("SHIN_L", ("front",), "below_knee", "LOWER_LEG_L"),
        ("CALF_R", ("back",), "below_knee", "LOWER_LEG_R"),
        ("FOOT_TOP_L", ("front",), "foot", "LOWER_LEG_L"),
        ("FOOT_SOLE_HEEL_R", ("back",), "foot", "LOWER_LEG_R"),
    ],
)
def test_region_table_rows(rid: str, views: tuple[str, ...], segment: str, wpi: str | None) -> None:
    spec = REGIONS[rid]
    assert (spec.views, spec.segment, spec.wpi_area) == (views, segment, wpi)


def test_wpi_areas_are_the_19_acr_areas() -> None:
    assert len(WPI_AREAS) == 19
    assert {s.wpi_area for s in REGIONS.values() if s.wpi_area} == set(WPI_AREAS)


def test_segment_depth_order() -> None:
    d = SEGMENT_DEPTH
    assert d["buttock"] == d["groin"] < d["thigh"] < d["knee"] < d["below_knee"] < d["foot"]


def test_neuro_qualities() -> None:
    assert {B, P, N, SH} == NEURO_QUALITIES


# --- validation ---------------------------------------------------------------------------------------------


def test_unknown_region_raises() -> None:
    with pytest.raises(ValueError, match="TOE_L"):
        MarkedRegion("TOE_L", frozenset({A}), None)


@pytest.mark.parametrize("intensity", [-1, 11, True, 5.5])
def test_bad_intensity_raises(intensity: object) -> None:
    with pytest.raises(ValueError, match="intensity"):
        MarkedRegion("CALF_L", frozenset({A}), intensity)  # type: ignore[arg-type]


@pytest.mark.parametrize("intensity", [0, 10, None])
def test_intensity_bounds_accepted(intensity: int | None) -> None:
    assert MarkedRegion("CALF_L", frozenset({A}), intensity).intensity == intensity


def test_unknown_quality_raises_and_strings_are_coerced() -> None:
    with pytest.raises(ValueError, match="quality"):
        MarkedRegion("CALF_L", frozenset({"ITCHY"}), None)  # type: ignore[arg-type]
    region = MarkedRegion("CALF_L", frozenset({"numb"}), None)  # type: ignore[arg-type]
    assert region.qualities == frozenset({N})


def test_duplicate_region_raises() -> None:
    with pytest.raises(ValueError, match="CALF_L"):
        bmap(mark("CALF_L"), mark("CALF_L", P))


def test_bad_back_intensity_raises() -> None:
    with pytest.raises(ValueError, match="back_intensity"):
        BodyMap((), back_intensity=12)
    with pytest.raises(ValueError, match="back_intensity"):
        evaluate(bmap(BACK), back_intensity=-2)


def test_empty_map_is_clear() -> None:
    result = evaluate(bmap())
    assert result.tier is Tier.CLEAR
    assert result.reasons == ()


def test_low_back_only_is_clear_with_no_rules() -> None:
    result = evaluate(bmap(BACK, mark("LOW_BACK_L", S, intensity=4)))
    assert result.tier is Tier.CLEAR
    assert result.reasons == ()
    assert result.modifiers == frozenset()


# --- helpers ------------------------------------------------------------------------------------------------


def test_distal_helpers_per_side() -> None:
    m = bmap(BACK, mark("BUTTOCK_L"), mark("THIGH_BACK_L", P), mark("CALF_R"), mark("FOOT_TOP_R", N))
    assert distal_depth(m, "L") == SEGMENT_DEPTH["thigh"]
    assert distal_segment(m, "L") == "thigh"
    assert distal_segment(m, "R") == "foot"
    assert distal_segment(bmap(BACK), "L") is None
    assert distal_segment(bmap(mark("GROIN_HIP_FRONT_L")), "L") == "groin"
    assert distal_segment(bmap(mark("GROIN_HIP_FRONT_L"), mark("HIP_OUTER_L")), "L") == "buttock"
    with pytest.raises(ValueError, match="side"):
        distal_depth(m, "C")


def test_wpi_counts_shared_areas_once() -> None:
    m = bmap(mark("LOW_BACK_L"), mark("LOW_BACK_C"), mark("LOW_BACK_R"), mark("KNEE_L"), mark("THIGH_BACK_L"),
             mark("SADDLE"))
    assert wpi_areas(m) == {"LOWER_BACK", "UPPER_LEG_L"}
    assert wpi_count(m) == 2


# --- BM01 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("quality", list(Quality))
def test_bm01_saddle_with_any_quality_is_emergency(quality: Quality) -> None:
    result = evaluate(bmap(BACK, mark("SADDLE", quality)))
    assert result.tier is Tier.EMERGENCY
    assert "BM01" in result.reasons
    assert set(result.ask_questions) >= {"RF01", "RF02", "RF03"}
    assert result.rescreen is True


def test_bm01_fires_again_even_when_saddle_was_on_previous_map() -> None:
    m = bmap(BACK, mark("SADDLE", N))
    result = evaluate(m, previous=[m, m])
    assert result.tier is Tier.EMERGENCY
    assert "BM01" in result.reasons


def test_bm01_negative_no_saddle() -> None:
    assert "BM01" not in evaluate(bmap(BACK, mark("BUTTOCK_L", N))).reasons


# --- BM02 ---------------------------------------------------------------------------------------------------


def test_bm02_neuro_in_both_legs_on_first_map_is_emergency() -> None:
    result = evaluate(bmap(BACK, mark("THIGH_BACK_L", P), mark("THIGH_FRONT_R", B)))
    assert result.tier is Tier.EMERGENCY
    assert "BM02" in result.reasons
    assert result.offer_rf05_followup is True
    assert set(result.ask_questions) >= {"RF02", "RF03", "RF04", "RF05"}


def test_bm02_aching_below_both_knees_first_map_is_emergency() -> None:
    result = evaluate(bmap(BACK, mark("CALF_L", A), mark("SHIN_R", S)))
    assert result.tier is Tier.EMERGENCY
    assert "BM02" in result.reasons


def test_bm02_new_right_side_since_last_map_fires() -> None:
    before = bmap(BACK, mark("CALF_L", P))
    now = bmap(BACK, mark("CALF_L", P), mark("CALF_R", P))
    result = evaluate(now, previous=[before])
    assert "BM02" in result.reasons
    assert result.tier is Tier.EMERGENCY
    assert result.new_regions == ("CALF_R",)


def test_bm02_new_neuro_quality_in_existing_regions_fires() -> None:
    before = bmap(BACK, mark("THIGH_BACK_L", A), mark("THIGH_BACK_R", A))
    now = bmap(BACK, mark("THIGH_BACK_L", A, P), mark("THIGH_BACK_R", A, P))
    assert "BM02" in evaluate(now, previous=[before]).reasons


def test_bm02_unchanged_bilateral_pattern_does_not_fire_again() -> None:
    m = bmap(BACK, mark("CALF_L", P), mark("CALF_R", P))
    result = evaluate(m, previous=[m])
    assert "BM02" not in result.reasons
    assert result.tier is Tier.CAUTION  # still on the leg-pain pathway (BM03)


def test_bm02_negative_aching_in_both_thighs() -> None:
    result = evaluate(bmap(BACK, mark("THIGH_BACK_L", A), mark("THIGH_BACK_R", A)))
    assert "BM02" not in result.reasons
    assert result.tier is Tier.CLEAR


def test_bm02_negative_neuro_in_buttocks_only() -> None:
    assert "BM02" not in evaluate(bmap(BACK, mark("BUTTOCK_L", P), mark("BUTTOCK_R", P))).reasons


# --- BM03 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", ["SHIN_L", "CALF_R", "FOOT_TOP_L", "FOOT_SOLE_HEEL_R"])
def test_bm03_one_side_below_knee_is_caution_with_leg_pathway(rid: str) -> None:
    result = evaluate(bmap(BACK, mark(rid, SH)))
    assert result.tier is Tier.CAUTION
    assert "BM03" in result.reasons
    assert Modifier.LEG in result.modifiers


def test_bm03_negative_knee_is_not_below_the_knee() -> None:
    result = evaluate(bmap(BACK, mark("KNEE_L", A)))
    assert "BM03" not in result.reasons
    assert Modifier.LEG not in result.modifiers


# --- BM04 ---------------------------------------------------------------------------------------------------


def test_bm04_new_numbness_in_leg_is_clinician_soon_and_asks_rf04() -> None:
    before = bmap(BACK, mark("THIGH_OUTER_L", A))
    result = evaluate(bmap(BACK, mark("THIGH_OUTER_L", A, N)), previous=[before])
    assert result.tier is Tier.CLINICIAN_SOON
    assert "BM04" in result.reasons
    assert "RF04" in result.ask_questions


def test_bm04_numbness_seen_on_an_earlier_map_does_not_fire() -> None:
    numb = bmap(BACK, mark("THIGH_OUTER_L", N))
    other = bmap(BACK)
    result = evaluate(numb, previous=[numb, other])
    assert "BM04" not in result.reasons


def test_bm04_negative_numbness_outside_the_leg() -> None:
    assert "BM04" not in evaluate(bmap(BACK, mark("BUTTOCK_L", N))).reasons


# --- BM05 ---------------------------------------------------------------------------------------------------


def test_bm05_referred_pain_above_knee_is_clear() -> None:
    result = evaluate(bmap(BACK, mark("BUTTOCK_L", A), mark("THIGH_BACK_L", S)))
    assert result.tier is Tier.CLEAR
    assert result.reasons == ("BM05",)


def test_bm05_negative_with_neuro_quality() -> None:
    assert "BM05" not in evaluate(bmap(BACK, mark("THIGH_BACK_L", P))).reasons


def test_bm05_negative_when_below_knee() -> None:
    assert "BM05" not in evaluate(bmap(BACK, mark("THIGH_BACK_L"), mark("CALF_L"))).reasons


# --- BM06 ---------------------------------------------------------------------------------------------------

SEVEN_AREAS = ("NECK", "SHOULDER_L", "SHOULDER_R", "UPPER_BACK_L", "LOW_BACK_C", "BUTTOCK_L", "HEAD_JAW_R")


def test_bm06_seven_wpi_areas_is_caution_and_slow() -> None:
    result = evaluate(bmap(*(mark(r) for r in SEVEN_AREAS)))
    assert result.wpi_count == 7
    assert "BM06" in result.reasons
    assert Modifier.SLOW in result.modifiers
    assert result.suggest_clinician_review is True
    assert result.tier >= Tier.CAUTION


def test_bm06_negative_six_areas_or_many_regions_in_few_areas() -> None:
    assert "BM06" not in evaluate(bmap(*(mark(r) for r in SEVEN_AREAS[:6]))).reasons
    same_area = bmap(*(mark(r) for r in ("LOW_BACK_L", "LOW_BACK_C", "LOW_BACK_R", "THIGH_BACK_L", "KNEE_L",
                                         "THIGH_FRONT_L", "THIGH_OUTER_L", "UPPER_BACK_L", "UPPER_BACK_R")))
    result = evaluate(same_area)
    assert result.wpi_count == 3
    assert "BM06" not in result.reasons


# --- BM07 ---------------------------------------------------------------------------------------------------


def test_bm07_upper_back_without_lumbar_is_clinician_soon() -> None:
    result = evaluate(bmap(mark("UPPER_BACK_L")))
    assert result.tier is Tier.CLINICIAN_SOON
    assert "BM07" in result.reasons
    assert "RF07" in result.ask_questions


@pytest.mark.parametrize("front", ["CHEST", "ABDOMEN"])
def test_bm07_chest_or_tummy_with_back_pain(front: str) -> None:
    result = evaluate(bmap(BACK, mark(front)))
    assert result.tier is Tier.CLINICIAN_SOON
    assert "BM07" in result.reasons


def test_bm07_negative_upper_back_with_lumbar() -> None:
    assert "BM07" not in evaluate(bmap(BACK, mark("UPPER_BACK_R"))).reasons


def test_bm07_negative_chest_without_back_pain() -> None:
    assert "BM07" not in evaluate(bmap(mark("CHEST"))).reasons


# --- BM08 ---------------------------------------------------------------------------------------------------


def test_bm08_groin_most_intense_is_caution() -> None:
    result = evaluate(bmap(mark("LOW_BACK_C", A, intensity=3), mark("GROIN_HIP_FRONT_R", A, intensity=6)))
    assert result.tier is Tier.CAUTION
    assert "BM08" in result.reasons
    assert result.suggest_clinician_review is True


def test_bm08_negative_back_more_intense() -> None:
    result = evaluate(bmap(mark("LOW_BACK_C", A, intensity=7), mark("GROIN_HIP_FRONT_R", A, intensity=6)))
    assert "BM08" not in result.reasons


def test_bm08_negative_without_intensities() -> None:
    assert "BM08" not in evaluate(bmap(mark("LOW_BACK_C"), mark("GROIN_HIP_FRONT_L"))).reasons


# --- BM09 ---------------------------------------------------------------------------------------------------

PS08_BEFORE = bmap(BACK, mark("BUTTOCK_R", A), mark("THIGH_BACK_R", P))
PS08_AFTER = bmap(BACK, mark("BUTTOCK_R", A), mark("THIGH_BACK_R", P), mark("CALF_R", P))


def test_ps08_tingling_reaching_the_calf_after_session_is_peripheralised() -> None:
    # PS-08 (ref 6.11): tingling usually to mid-thigh; after the press-up session it reaches the calf.
    change = compare_session(PS08_BEFORE, PS08_AFTER)
    assert change.peripheralised is True
    assert change.spread_sides == ("R",)
    assert change.new_neuro is True
    assert change.new_neuro_regions == ("CALF_R",)
    assert change.bm09 is True


def test_ps08_evaluate_regresses_session_without_emergency() -> None:
    result = evaluate(PS08_AFTER, previous=[PS08_BEFORE], before_session=PS08_BEFORE, hours_since_session=0.5)
    assert "BM09" in result.reasons
    assert result.regress_session is True
    assert result.tier is Tier.CAUTION  # BM03 leg pathway; no CES features, so no emergency
    assert result.peripheralising is True


def test_ps08_calf_symptoms_still_present_after_48h_is_clinician_soon() -> None:
    result = evaluate(PS08_AFTER, previous=[PS08_AFTER], before_session=PS08_BEFORE, hours_since_session=50)
    assert "BM09-PERSIST" in result.reasons
    assert "BM09" not in result.reasons
    assert result.tier is Tier.CLINICIAN_SOON


def test_bm09_settled_by_next_day_does_not_persist() -> None:
    result = evaluate(PS08_BEFORE, previous=[PS08_AFTER], before_session=PS08_BEFORE, hours_since_session=50)
    assert "BM09-PERSIST" not in result.reasons
    assert "BM09" not in result.reasons


def test_bm09_new_neuro_quality_in_leg_without_spread() -> None:
    before = bmap(BACK, mark("THIGH_BACK_L", A))
    after = bmap(BACK, mark("THIGH_BACK_L", A, B))
    change = compare_session(before, after)
    assert change.peripheralised is False
    assert change.new_neuro is True
    assert "BM09" in evaluate(after, before_session=before).reasons


def test_bm09_negative_same_map_after_session() -> None:
    change = compare_session(PS08_BEFORE, PS08_BEFORE)
    assert change.bm09 is False
    assert "BM09" not in evaluate(PS08_BEFORE, before_session=PS08_BEFORE).reasons


def test_bm09_negative_first_marks_in_buttock_are_not_spreading_down() -> None:
    assert compare_session(bmap(BACK), bmap(BACK, mark("BUTTOCK_L"))).peripheralised is False
    assert compare_session(bmap(BACK), bmap(BACK, mark("THIGH_BACK_L"))).peripheralised is True


def test_bm09_without_before_session_map_never_fires() -> None:
    result = evaluate(PS08_AFTER, previous=[PS08_BEFORE])
    assert "BM09" not in result.reasons
    assert result.session_change is None


# --- BM10 ---------------------------------------------------------------------------------------------------


def test_bm10_centralisation_is_positive_feedback_only() -> None:
    earlier = bmap(BACK, mark("THIGH_BACK_L", A), mark("CALF_L", P))
    later = bmap(BACK, mark("THIGH_BACK_L", A))
    result = evaluate(later, previous=[earlier])
    assert result.centralising is True
    assert "BM10" in result.reasons
    assert result.tier is Tier.CLEAR or result.tier is Tier.CAUTION
    assert Modifier.LEG not in result.modifiers


def test_bm10_negative_when_spreading_or_unchanged() -> None:
    m = bmap(BACK, mark("THIGH_BACK_L"))
    assert "BM10" not in evaluate(m, previous=[m]).reasons
    spread = evaluate(PS08_AFTER, previous=[PS08_BEFORE])
    assert spread.centralising is False
    assert "BM10" not in spread.reasons


def test_bm10_negative_one_side_up_other_side_down() -> None:
    earlier = bmap(BACK, mark("CALF_L"), mark("BUTTOCK_R"))
    later = bmap(BACK, mark("BUTTOCK_L"), mark("CALF_R"))
    result = evaluate(later, previous=[earlier])
    assert result.centralising is False
    assert result.peripheralising is True


# --- BM11 ---------------------------------------------------------------------------------------------------


def test_bm11_numb_or_tingling_in_both_hands_and_feet() -> None:
    m = bmap(BACK, mark("FOREARM_HAND_L", N), mark("FOREARM_HAND_R", P), mark("FOOT_SOLE_HEEL_L", P),
             mark("FOOT_TOP_R", N))
    result = evaluate(m, previous=[m])
    assert "BM11" in result.reasons
    assert result.tier >= Tier.CLINICIAN_SOON


def test_bm11_negative_one_hand_missing() -> None:
    m = bmap(BACK, mark("FOREARM_HAND_L", N), mark("FOREARM_HAND_R", A), mark("FOOT_TOP_L", P),
             mark("FOOT_TOP_R", N))
    assert "BM11" not in evaluate(m).reasons


def test_bm11_negative_burning_does_not_count() -> None:
    m = bmap(BACK, mark("FOREARM_HAND_L", B), mark("FOREARM_HAND_R", B), mark("FOOT_TOP_L", B),
             mark("FOOT_TOP_R", B))
    assert "BM11" not in evaluate(m).reasons


# --- BM12 ---------------------------------------------------------------------------------------------------


def test_bm12_leg_worse_than_back_on_two_consecutive_maps() -> None:
    m1 = bmap(mark("LOW_BACK_C", A, intensity=3), mark("THIGH_BACK_L", A, intensity=5))
    m2 = bmap(mark("LOW_BACK_C", A, intensity=4), mark("THIGH_BACK_L", A, intensity=6))
    result = evaluate(m2, previous=[m1])
    assert "BM12" in result.reasons
    assert Modifier.LEG in result.modifiers
    assert result.tier is Tier.CAUTION


def test_bm12_negative_only_one_map_leg_dominant() -> None:
    m1 = bmap(mark("LOW_BACK_C", A, intensity=6), mark("THIGH_BACK_L", A, intensity=5))
    m2 = bmap(mark("LOW_BACK_C", A, intensity=4), mark("THIGH_BACK_L", A, intensity=6))
    assert "BM12" not in evaluate(m2, previous=[m1]).reasons
    assert "BM12" not in evaluate(m2).reasons


def test_bm12_negative_equal_intensity() -> None:
    m = bmap(mark("LOW_BACK_C", A, intensity=5), mark("KNEE_L", A, intensity=5))
    assert "BM12" not in evaluate(m, previous=[m]).reasons


def test_bm12_uses_recorded_back_intensity_when_given() -> None:
    m1 = bmap(mark("LOW_BACK_C", A), mark("THIGH_BACK_L", A, intensity=5), back=2)
    m2 = bmap(mark("LOW_BACK_C", A), mark("THIGH_BACK_L", A, intensity=5))
    assert "BM12" in evaluate(m2, previous=[m1], back_intensity=3).reasons
    assert "BM12" not in evaluate(m2, previous=[m1]).reasons  # back marked without a rating: unknown


# --- combined -----------------------------------------------------------------------------------------------


def test_rules_fire_together_and_highest_tier_wins() -> None:
    m = bmap(BACK, mark("SADDLE", N), mark("CALF_L", P, N), mark("CHEST"))
    result = evaluate(m)
    assert result.reasons[:3] == ("BM01", "BM03", "BM04")
    assert "BM07" in result.reasons
    assert result.tier is Tier.EMERGENCY
    assert result.tier == max(f.tier for f in result.findings)


def test_rescreen_flags_follow_1_4() -> None:
    assert evaluate(bmap(BACK, mark("CALF_L"))).rescreen is True  # new region below the knee
    old = bmap(BACK, mark("CALF_L"))
    assert evaluate(old, previous=[old]).rescreen is False
    assert evaluate(bmap(BACK, mark("THIGH_BACK_L"), mark("KNEE_R"))).rescreen is True  # both legs
    assert evaluate(bmap(BACK, mark("BUTTOCK_L"))).rescreen is False


def test_new_regions_on_first_map_are_all_regions() -> None:
    m = bmap(BACK, mark("BUTTOCK_L"))
    assert evaluate(m).new_regions == ("LOW_BACK_C", "BUTTOCK_L")
    assert evaluate(m).new_since_last == {"LOW_BACK_C": True, "BUTTOCK_L": True}


def test_negative_hours_raise() -> None:
    with pytest.raises(ValueError, match="hours"):
        evaluate(PS08_AFTER, before_session=PS08_BEFORE, hours_since_session=-1)


region_st = st.sampled_from(sorted(REGIONS))
marked_st = st.builds(
    MarkedRegion,
    region_st,
    st.frozensets(st.sampled_from(list(Quality)), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(0, 10)),
)
map_st = st.lists(marked_st, max_size=10, unique_by=lambda r: r.region_id).map(lambda rs: BodyMap(tuple(rs)))


@given(map_st, st.lists(map_st, max_size=3), st.one_of(st.none(), map_st))
def test_properties_tier_is_max_and_codes_known(
    current: BodyMap, previous: list[BodyMap], before: BodyMap | None
) -> None:
    result = evaluate(current, previous=previous, before_session=before)
    assert result.tier is max((f.tier for f in result.findings), default=Tier.CLEAR)
    assert set(result.reasons) <= set(BM_CODES)
    assert len(set(result.reasons)) == len(result.reasons)
    if current.get("SADDLE") is not None:
        assert result.tier is Tier.EMERGENCY
    if result.tier is Tier.EMERGENCY:
        assert {"BM01", "BM02"} & set(result.reasons)
