"""Red-flag screening rules (clinical reference section 1) as worked examples and properties."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.modifiers import Modifier
from backtrainer.core.screening import (
    FOLLOWUP_IDS,
    PROFILE_FLAG_IDS,
    QUESTION_IDS,
    QUICK_CHECK_CODES,
    QUICK_CHECK_TICKS,
    RED_FLAG_TIERS,
    RESCREEN_CODES,
    TRIAGE_CODES,
    Answer,
    Tier,
    quick_check,
    rescreen_due,
    triage,
)

EMERGENCY_IDS = ("RF01", "RF02", "RF03", "RF04", "RF05", "RF06", "RF07")
NEVER_DOWNGRADED = ("RF01", "RF03", "RF04", "RF06", "RF07")


def all_no(**yes: Answer) -> dict[str, Answer]:
    answers = dict.fromkeys(QUESTION_IDS, Answer.NO)
    answers.update(yes)
    return answers


def with_yes(*ids: str, answer: Answer = Answer.YES) -> dict[str, Answer]:
    return all_no(**dict.fromkeys(ids, answer))


# --- data tables --------------------------------------------------------------------------------------------


def test_question_ids_are_rf01_to_rf14_in_order() -> None:
    assert tuple(f"RF{n:02d}" for n in range(1, 15)) == QUESTION_IDS


def test_tier_table_matches_reference_1_2() -> None:
    expected = {
        **dict.fromkeys(EMERGENCY_IDS, Tier.EMERGENCY),
        **dict.fromkeys(("RF08", "RF09", "RF10", "RF11", "RF12"), Tier.CLINICIAN_SOON),
        "RF13": Tier.CAUTION,
        "RF14": Tier.CAUTION,
    }
    assert dict(RED_FLAG_TIERS) == expected


def test_tier_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        RED_FLAG_TIERS["RF01"] = Tier.CLEAR  # type: ignore[index]


def test_tiers_are_ordered_by_priority_and_max_works() -> None:
    assert Tier.CLEAR < Tier.CAUTION < Tier.CLINICIAN_SOON < Tier.EMERGENCY
    assert max(Tier.CAUTION, Tier.EMERGENCY, Tier.CLEAR) is Tier.EMERGENCY
    assert max([Tier.CLINICIAN_SOON, Tier.CAUTION]) is Tier.CLINICIAN_SOON
    assert [t.code for t in Tier] == ["CLEAR", "CAUTION", "CLINICIAN_SOON", "EMERGENCY"]


def test_tier_from_code_round_trips_and_rejects_unknown() -> None:
    assert all(Tier.from_code(t.code) is t for t in Tier)
    with pytest.raises(ValueError, match="unknown tier code"):
        Tier.from_code("URGENT")


# --- triage: worked examples --------------------------------------------------------------------------------


def test_all_no_adult_is_clear_and_eligible() -> None:
    result = triage(all_no(), age=40)
    assert result.tier is Tier.CLEAR
    assert result.reasons == ()
    assert result.eligible is True
    assert result.plan_allowed is True
    assert result.modifiers == frozenset()


@pytest.mark.parametrize("qid", QUESTION_IDS)
def test_each_question_yes_gives_its_own_tier(qid: str) -> None:
    result = triage(with_yes(qid), age=40)
    assert result.tier is RED_FLAG_TIERS[qid]
    assert result.reasons == (qid,)


@pytest.mark.parametrize("qid", QUESTION_IDS)
def test_not_sure_scores_as_yes_and_is_listed_for_recheck(qid: str) -> None:
    result = triage(with_yes(qid, answer=Answer.NOT_SURE), age=40)
    assert result.tier is RED_FLAG_TIERS[qid]
    assert result.reasons == (qid,)
    assert result.not_sure == (qid,)


def test_yes_answers_are_not_listed_as_not_sure() -> None:
    assert triage(with_yes("RF08"), age=40).not_sure == ()


def test_rf01_saddle_numbness_is_emergency_and_locks_plan() -> None:
    result = triage(with_yes("RF01"), age=35)
    assert result.tier is Tier.EMERGENCY
    assert result.plan_allowed is False


def test_rf02_downgraded_when_not_changed_since_pain() -> None:
    result = triage(with_yes("RF02"), age=60, followups={"RF02_changed_since_pain": False})
    assert result.tier is Tier.CLINICIAN_SOON
    assert result.reasons == ("RF02",)
    assert result.downgraded == ("RF02",)


@pytest.mark.parametrize("value", [True, Answer.YES, Answer.NOT_SURE])
def test_rf02_stays_emergency_when_changed_or_not_sure(value: bool | Answer) -> None:
    result = triage(with_yes("RF02"), age=60, followups={"RF02_changed_since_pain": value})
    assert result.tier is Tier.EMERGENCY
    assert result.downgraded == ()


def test_rf02_follow_up_no_answer_given_as_answer_enum_downgrades() -> None:
    result = triage(with_yes("RF02"), age=60, followups={"RF02_changed_since_pain": Answer.NO})
    assert result.tier is Tier.CLINICIAN_SOON


def test_rf02_unanswered_follow_up_stays_emergency_and_is_requested() -> None:
    result = triage(with_yes("RF02"), age=60)
    assert result.tier is Tier.EMERGENCY
    assert result.needs_followup == ("RF02_changed_since_pain",)


def test_rf05_downgraded_only_when_stable_and_assessed() -> None:
    down = triage(with_yes("RF05"), age=72, pain_weeks=20, followups={"RF05_stable_and_assessed": True})
    assert down.tier is Tier.CLINICIAN_SOON
    assert down.downgraded == ("RF05",)


@pytest.mark.parametrize("value", [False, Answer.NO, Answer.NOT_SURE])
def test_rf05_stays_emergency_otherwise(value: bool | Answer) -> None:
    result = triage(with_yes("RF05"), age=50, followups={"RF05_stable_and_assessed": value})
    assert result.tier is Tier.EMERGENCY
    assert result.downgraded == ()


def test_rf05_unanswered_follow_up_stays_emergency() -> None:
    result = triage(with_yes("RF05"), age=50)
    assert result.tier is Tier.EMERGENCY
    assert "RF05_stable_and_assessed" in result.needs_followup


@pytest.mark.parametrize("qid", NEVER_DOWNGRADED)
def test_rf01_03_04_06_07_never_downgraded_by_any_follow_up(qid: str) -> None:
    followups: Mapping[str, bool | Answer] = {
        "RF02_changed_since_pain": False,
        "RF05_stable_and_assessed": True,
        "RF10_fever_and_very_unwell": False,
        "RF13_numbness_new": False,
    }
    result = triage(with_yes(qid), age=40, followups=followups)
    assert result.tier is Tier.EMERGENCY
    assert result.downgraded == ()


def test_downgrade_of_rf02_does_not_hide_another_emergency() -> None:
    result = triage(with_yes("RF02", "RF04"), age=40, followups={"RF02_changed_since_pain": False})
    assert result.tier is Tier.EMERGENCY
    assert result.reasons == ("RF02", "RF04")


def test_rf10_fever_and_very_unwell_advises_same_day_care() -> None:
    result = triage(with_yes("RF10"), age=30, followups={"RF10_fever_and_very_unwell": True})
    assert result.tier is Tier.CLINICIAN_SOON
    assert result.same_day_care is True


def test_rf10_without_fever_follow_up_no_same_day_care() -> None:
    no_fever = triage(with_yes("RF10"), age=30, followups={"RF10_fever_and_very_unwell": False})
    assert no_fever.same_day_care is False
    unanswered = triage(with_yes("RF10"), age=30)
    assert unanswered.same_day_care is False
    assert unanswered.needs_followup == ("RF10_fever_and_very_unwell",)


def test_rf13_switches_on_leg_pathway_at_caution() -> None:
    result = triage(with_yes("RF13"), age=45, followups={"RF13_numbness_new": False})
    assert result.tier is Tier.CAUTION
    assert result.modifiers == frozenset({Modifier.LEG})
    assert result.plan_allowed is True


def test_rf13_new_numbness_upgrades_to_clinician_soon_and_keeps_leg_pathway() -> None:
    result = triage(with_yes("RF13"), age=45, followups={"RF13_numbness_new": True})
    assert result.tier is Tier.CLINICIAN_SOON
    assert result.upgraded == ("RF13",)
    assert Modifier.LEG in result.modifiers


def test_rf14_inflammatory_pattern_is_caution() -> None:
    result = triage(with_yes("RF14"), age=28)
    assert result.tier is Tier.CAUTION
    assert result.modifiers == frozenset()


def test_follow_ups_for_unfired_questions_are_ignored() -> None:
    result = triage(all_no(), age=40, followups={"RF05_stable_and_assessed": True, "RF13_numbness_new": True})
    assert result.tier is Tier.CLEAR
    assert result.downgraded == result.upgraded == ()


# --- automatic profile rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "first", "tier"),
    [
        (50, True, Tier.CLINICIAN_SOON),
        (49, True, Tier.CLEAR),
        (50, False, Tier.CLEAR),
        (80, True, Tier.CLINICIAN_SOON),
    ],
)
def test_rf_age1_first_episode_at_50_or_over(age: int, first: bool, tier: Tier) -> None:
    result = triage(all_no(), age=age, first_episode=first)
    assert result.tier is tier
    assert ("RF-AGE1" in result.reasons) is (tier is Tier.CLINICIAN_SOON)


@pytest.mark.parametrize(
    ("age", "weeks", "fires"),
    [(70, 5.9, True), (70, 0, True), (70, 6, False), (69, 1, False), (85, 2, True), (85, None, False)],
)
def test_rf_age2_new_pain_at_70_or_over(age: int, weeks: float | None, fires: bool) -> None:
    result = triage(all_no(), age=age, pain_weeks=weeks)
    assert ("RF-AGE2" in result.reasons) is fires
    assert result.tier is (Tier.CLINICIAN_SOON if fires else Tier.CLEAR)


def test_age_rules_can_fire_together() -> None:
    result = triage(all_no(), age=75, first_episode=True, pain_weeks=2)
    assert result.reasons == ("RF-AGE1", "RF-AGE2")
    assert result.tier is Tier.CLINICIAN_SOON


@pytest.mark.parametrize("age", [0, 12, 16, 17])
def test_rf_age3_under_18_is_not_eligible(age: int) -> None:
    result = triage(all_no(), age=age)
    assert result.eligible is False
    assert "RF-AGE3" in result.reasons
    assert result.plan_allowed is False


def test_18_is_eligible() -> None:
    result = triage(all_no(), age=18)
    assert result.eligible is True
    assert "RF-AGE3" not in result.reasons


def test_under_18_emergency_answer_still_shows_emergency() -> None:
    result = triage(with_yes("RF07"), age=16)
    assert result.tier is Tier.EMERGENCY
    assert result.eligible is False
    assert result.reasons == ("RF07", "RF-AGE3")


@pytest.mark.parametrize("flag", PROFILE_FLAG_IDS)
def test_each_profile_flag_needs_a_clinician_set_plan(flag: str) -> None:
    result = triage(all_no(), age=33, profile_flags=(flag,))
    assert result.tier is Tier.CLINICIAN_SOON
    assert result.reasons == ("RF-PROFILE",)
    assert result.profile_flags == (flag,)
    assert result.clinician_plan_required is True


def test_profile_flags_of_reference_0_3_are_all_known() -> None:
    assert set(PROFILE_FLAG_IDS) == {
        "pregnancy", "postpartum_6m", "spinal_surgery_6m", "spinal_fusion", "known_fracture_tumour_infection",
        "inflammatory_arthritis_specialist", "heart_lung_limit", "severe_osteoporosis",
    }


def test_several_profile_flags_give_one_reason() -> None:
    result = triage(all_no(), age=33, profile_flags=["spinal_surgery_6m", "pregnancy"])
    assert result.reasons == ("RF-PROFILE",)
    assert result.profile_flags == ("pregnancy", "spinal_surgery_6m")


# --- priority -----------------------------------------------------------------------------------------------


def test_priority_emergency_beats_everything() -> None:
    result = triage(with_yes("RF13", "RF08", "RF06"), age=55, first_episode=True, profile_flags=["pregnancy"])
    assert result.tier is Tier.EMERGENCY
    assert result.reasons == ("RF06", "RF08", "RF13", "RF-AGE1", "RF-PROFILE")


def test_priority_clinician_soon_beats_caution() -> None:
    assert triage(with_yes("RF13", "RF14", "RF12"), age=40).tier is Tier.CLINICIAN_SOON


def test_priority_caution_beats_clear() -> None:
    assert triage(with_yes("RF14"), age=40).tier is Tier.CAUTION


# --- validation ---------------------------------------------------------------------------------------------


def test_missing_answer_raises_with_the_missing_id() -> None:
    answers = all_no()
    del answers["RF09"]
    with pytest.raises(ValueError, match="RF09"):
        triage(answers, age=40)


def test_empty_answers_raise() -> None:
    with pytest.raises(ValueError, match="missing answers"):
        triage({}, age=40)


def test_unknown_answer_key_raises() -> None:
    answers: dict[str, Answer] = {**all_no(), "RF15": Answer.NO}
    with pytest.raises(ValueError, match="RF15"):
        triage(answers, age=40)


def test_bad_answer_value_raises() -> None:
    answers: dict[str, object] = {**all_no(), "RF03": "maybe"}
    with pytest.raises(ValueError, match="RF03"):
        triage(answers, age=40)  # type: ignore[arg-type]


def test_answer_strings_are_accepted() -> None:
    answers: dict[str, object] = {**all_no(), "RF08": "yes", "RF09": "not sure"}
    result = triage(answers, age=40)  # type: ignore[arg-type]
    assert result.reasons == ("RF08", "RF09")
    assert result.not_sure == ("RF09",)


@pytest.mark.parametrize("age", [-1, 131, True, 40.5])
def test_bad_age_raises(age: object) -> None:
    with pytest.raises(ValueError, match="age"):
        triage(all_no(), age=age)  # type: ignore[arg-type]


def test_negative_pain_weeks_raise() -> None:
    with pytest.raises(ValueError, match="pain_weeks"):
        triage(all_no(), age=40, pain_weeks=-1)


def test_unknown_follow_up_raises() -> None:
    with pytest.raises(ValueError, match="RF04_sudden"):
        triage(with_yes("RF04"), age=40, followups={"RF04_sudden": False})


def test_bad_follow_up_value_raises() -> None:
    with pytest.raises(ValueError, match="RF02_changed_since_pain"):
        triage(with_yes("RF02"), age=40, followups={"RF02_changed_since_pain": 0})  # type: ignore[dict-item]


def test_unknown_profile_flag_raises() -> None:
    with pytest.raises(ValueError, match="broken_leg"):
        triage(all_no(), age=40, profile_flags=["broken_leg"])


def test_profile_flags_as_single_string_raise() -> None:
    with pytest.raises(ValueError, match="single string"):
        triage(all_no(), age=40, profile_flags="pregnancy")


def test_result_is_frozen() -> None:
    result = triage(all_no(), age=40)
    with pytest.raises(AttributeError):
        result.tier = Tier.EMERGENCY  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------------------------------

answer_st = st.sampled_from(list(Answer))
answers_st = st.fixed_dictionaries({q: answer_st for q in QUESTION_IDS})
followups_st = st.fixed_dictionaries(
    {}, optional={fid: st.one_of(st.booleans(), answer_st) for fid in FOLLOWUP_IDS}
)
profile_st = st.lists(st.sampled_from(PROFILE_FLAG_IDS), unique=True, max_size=3)
age_st = st.integers(min_value=0, max_value=110)
weeks_st = st.one_of(st.none(), st.floats(min_value=0, max_value=520, allow_nan=False))


def _permitted_downgrade(qid: str, followups: Mapping[str, bool | Answer]) -> bool:
    if qid == "RF02":
        return followups.get("RF02_changed_since_pain") in (False, Answer.NO)
    if qid == "RF05":
        return followups.get("RF05_stable_and_assessed") in (True, Answer.YES)
    return False


@given(answers_st, followups_st, profile_st, age_st, st.booleans(), weeks_st)
def test_any_undowngraded_emergency_answer_always_gives_emergency(
    answers: dict[str, Answer],
    followups: dict[str, bool | Answer],
    flags: list[str],
    age: int,
    first: bool,
    weeks: float | None,
) -> None:
    result = triage(
        answers, age=age, first_episode=first, pain_weeks=weeks, followups=followups, profile_flags=flags
    )
    fired = [
        q for q in EMERGENCY_IDS if answers[q] is not Answer.NO and not _permitted_downgrade(q, followups)
    ]
    if fired:
        assert result.tier is Tier.EMERGENCY
    else:
        assert result.tier < Tier.EMERGENCY


@given(answers_st, followups_st, profile_st, age_st, st.booleans(), weeks_st)
def test_tier_is_the_max_of_fired_rules(
    answers: dict[str, Answer],
    followups: dict[str, bool | Answer],
    flags: list[str],
    age: int,
    first: bool,
    weeks: float | None,
) -> None:
    result = triage(
        answers, age=age, first_episode=first, pain_weeks=weeks, followups=followups, profile_flags=flags
    )
    assert result.tier is max((f.tier for f in result.findings), default=Tier.CLEAR)
    assert result.reasons == tuple(f.rule for f in result.findings)
    assert set(result.reasons) <= set(TRIAGE_CODES)
    yes = {q for q in QUESTION_IDS if answers[q] is not Answer.NO}
    assert {r for r in result.reasons if r in RED_FLAG_TIERS} == yes
    for f in result.findings:
        if f.rule in RED_FLAG_TIERS and f.rule not in result.downgraded + result.upgraded:
            assert f.tier is RED_FLAG_TIERS[f.rule]
    assert result.eligible is (age >= 18)


@given(answers_st, followups_st, age_st)
def test_not_sure_behaves_exactly_like_yes(
    answers: dict[str, Answer], followups: dict[str, bool | Answer], age: int
) -> None:
    as_yes = {q: (Answer.YES if a is Answer.NOT_SURE else a) for q, a in answers.items()}
    a = triage(answers, age=age, followups=followups)
    b = triage(as_yes, age=age, followups=followups)
    assert (a.tier, a.reasons, a.modifiers, a.eligible) == (b.tier, b.reasons, b.modifiers, b.eligible)
    assert a.not_sure == tuple(q for q in QUESTION_IDS if answers[q] is Answer.NOT_SURE)


@given(answers_st, st.sets(st.sampled_from(QUESTION_IDS), min_size=1))
def test_missing_keys_always_raise(answers: dict[str, Answer], drop: set[str]) -> None:
    partial = {q: a for q, a in answers.items() if q not in drop}
    with pytest.raises(ValueError, match="missing answers"):
        triage(partial, age=40)


@given(answers_st, st.text(min_size=1, max_size=8).filter(lambda k: k not in RED_FLAG_TIERS), answer_st)
def test_extra_keys_always_raise(answers: dict[str, Answer], extra: str, value: Answer) -> None:
    with pytest.raises(ValueError, match="unknown question ids"):
        triage({**answers, extra: value}, age=40)


# --- quick check (ref 1.4 layer 1) --------------------------------------------------------------------------


def test_quick_check_none_of_these_is_clear() -> None:
    result = quick_check(["NONE"])
    assert result.tier is Tier.CLEAR
    assert result.reasons == ()
    assert result.needs_followup is None
    assert result.rescreen is False
    assert result.complete is True


def test_ps12_new_bladder_problem_at_check_in_is_emergency() -> None:
    # PS-12 (ref 6.11): week 3 morning check-in, user ticks "new problem with bladder".
    result = quick_check({"RF02"})
    assert result.tier is Tier.EMERGENCY
    assert result.reasons == ("RF02",)


@pytest.mark.parametrize(
    ("tick", "tier"),
    [("RF01", Tier.EMERGENCY), ("RF02", Tier.EMERGENCY), ("RF04", Tier.EMERGENCY), ("RF05", Tier.EMERGENCY),
     ("RF10", Tier.CLINICIAN_SOON)],
)
def test_quick_check_ticks_map_to_their_1_2_tier(tick: str, tier: Tier) -> None:
    result = quick_check([tick])
    assert result.tier is tier
    assert result.reasons == (tick,)


def test_quick_check_several_ticks_take_the_highest() -> None:
    result = quick_check(["RF10", "RF04"])
    assert result.tier is Tier.EMERGENCY
    assert result.reasons == ("RF04", "RF10")


def test_quick_check_empty_raises_because_user_must_choose() -> None:
    with pytest.raises(ValueError, match="None of these"):
        quick_check([])


def test_quick_check_none_with_other_tick_raises() -> None:
    with pytest.raises(ValueError, match="cannot be combined"):
        quick_check(["NONE", "RF10"])


def test_quick_check_unknown_tick_raises() -> None:
    with pytest.raises(ValueError, match="RF03"):
        quick_check(["RF03"])


def test_quick_check_single_string_raises() -> None:
    with pytest.raises(ValueError, match="single string"):
        quick_check("NONE")


def test_fall_asks_if_serious_first() -> None:
    result = quick_check(["FALL"])
    assert result.needs_followup == "FALL_SERIOUS"
    assert result.complete is False
    assert result.rescreen is True
    assert result.tier is Tier.CLEAR


def test_serious_fall_is_rf06_emergency() -> None:
    result = quick_check(["FALL"], fall_serious=True)
    assert result.tier is Tier.EMERGENCY
    assert "RF06" in result.reasons
    assert result.needs_followup is None


def test_minor_fall_re_asks_rf11() -> None:
    result = quick_check(["FALL"], fall_serious=False)
    assert result.needs_followup == "RF11"


@pytest.mark.parametrize("answer", [Answer.YES, Answer.NOT_SURE])
def test_minor_fall_with_fragile_bones_is_clinician_soon(answer: Answer) -> None:
    result = quick_check(["FALL"], fall_serious=False, rf11_answer=answer)
    assert result.tier is Tier.CLINICIAN_SOON
    assert result.reasons == ("RF11",)
    assert result.needs_followup is None


def test_minor_fall_without_fragile_bones_is_clear_with_reminder() -> None:
    result = quick_check(["FALL"], fall_serious=False, rf11_answer=Answer.NO)
    assert result.tier is Tier.CLEAR
    assert result.reasons == ("QC-FALL-REMINDER",)
    assert result.rescreen is True


def test_fall_pending_does_not_hide_other_ticks() -> None:
    result = quick_check(["FALL", "RF01"])
    assert result.tier is Tier.EMERGENCY
    assert result.needs_followup == "FALL_SERIOUS"


@given(st.sets(st.sampled_from([t for t in QUICK_CHECK_TICKS if t != "NONE"]), min_size=1),
       st.one_of(st.none(), st.booleans()), st.one_of(st.none(), answer_st))
def test_quick_check_codes_and_tier_are_consistent(
    ticks: set[str], serious: bool | None, rf11: Answer | None
) -> None:
    result = quick_check(ticks, fall_serious=serious, rf11_answer=rf11)
    assert set(result.reasons) <= set(QUICK_CHECK_CODES)
    tiers = [RED_FLAG_TIERS[r] for r in result.reasons if r in RED_FLAG_TIERS]
    assert result.tier is max(tiers, default=Tier.CLEAR)
    if ticks & {"RF01", "RF02", "RF04", "RF05"}:
        assert result.tier is Tier.EMERGENCY
    assert result.rescreen is ("FALL" in ticks)


# --- full re-screen triggers (ref 1.4 layer 2) --------------------------------------------------------------

TODAY = date(2025, 3, 31)


def test_rescreen_never_screened() -> None:
    assert rescreen_due(today=TODAY, last_full_screen=None) == ("RS-NEVER",)


def test_rescreen_every_28_days_by_default() -> None:
    assert rescreen_due(today=TODAY, last_full_screen=TODAY - timedelta(days=27)) == ()
    assert rescreen_due(today=TODAY, last_full_screen=TODAY - timedelta(days=28)) == ("RS-INTERVAL",)


def test_rescreen_interval_comes_from_clinical_config() -> None:
    config = ClinicalConfig(redflag_rescreen_days=14)
    last = TODAY - timedelta(days=14)
    assert rescreen_due(today=TODAY, last_full_screen=last, config=config) == ("RS-INTERVAL",)
    assert rescreen_due(today=TODAY, last_full_screen=last, config=DEFAULT_CONFIG) == ()


def test_rescreen_body_map_trigger() -> None:
    assert rescreen_due(today=TODAY, last_full_screen=TODAY, body_map_trigger=True) == ("RS-BODYMAP",)


@pytest.mark.parametrize(
    ("pain", "fires"),
    [([8, 8], True), ([3, 9, 10], True), ([8, 7], False), ([9], False), ([8, None, 8], False), ([], False)],
)
def test_rescreen_pain_8_on_two_consecutive_days(pain: list[int | None], fires: bool) -> None:
    result = rescreen_due(today=TODAY, last_full_screen=TODAY, checkin_pain=pain)
    assert result == (("RS-PAIN",) if fires else ())


def test_rescreen_flare_not_settled_in_7_days() -> None:
    assert rescreen_due(today=TODAY, last_full_screen=TODAY, flare_start=TODAY - timedelta(days=6)) == ()
    assert rescreen_due(today=TODAY, last_full_screen=TODAY, flare_start=TODAY - timedelta(days=7)) == (
        "RS-FLARE",
    )


def test_rescreen_user_reported_events() -> None:
    result = rescreen_due(
        today=TODAY, last_full_screen=TODAY, reported=["NEW_PAIN", "ACCIDENT", "WEIGHT_LOSS", "FALL"]
    )
    assert result == ("RS-FALL", "RS-WEIGHT", "RS-NEW-PAIN")


def test_rescreen_unknown_reported_event_raises() -> None:
    with pytest.raises(ValueError, match="HEADACHE"):
        rescreen_due(today=TODAY, last_full_screen=TODAY, reported=["HEADACHE"])


def test_rescreen_after_28_days_without_activity() -> None:
    assert rescreen_due(today=TODAY, last_full_screen=TODAY, last_activity=TODAY - timedelta(days=27)) == ()
    assert rescreen_due(today=TODAY, last_full_screen=TODAY, last_activity=TODAY - timedelta(days=28)) == (
        "RS-GAP",
    )


def test_rescreen_dates_in_the_future_raise() -> None:
    with pytest.raises(ValueError, match="after today"):
        rescreen_due(today=TODAY, last_full_screen=TODAY + timedelta(days=1))


def test_rescreen_reasons_are_known_codes() -> None:
    result = rescreen_due(
        today=TODAY, last_full_screen=TODAY - timedelta(days=60), body_map_trigger=True, checkin_pain=[9, 9],
        flare_start=TODAY - timedelta(days=10), reported=["FALL", "WEIGHT_LOSS", "NEW_PAIN"],
        last_activity=TODAY - timedelta(days=40),
    )
    assert result == RESCREEN_CODES[1:]


def test_a_clear_check_from_today_stands_for_the_session() -> None:
    """Ref 1.4 layer 1 [PD], asked once a day (issue 16): only a CLEAR check from today with nothing reported."""
    from backtrainer.core.screening import quick_check_stands

    today = date(2026, 3, 9)
    assert quick_check_stands(today, today, Tier.CLEAR, nothing_reported=True)
    assert not quick_check_stands(today, date(2026, 3, 8), Tier.CLEAR, nothing_reported=True)
    assert not quick_check_stands(today, None, None, nothing_reported=True)
    assert not quick_check_stands(today, today, Tier.CLEAR, nothing_reported=False)  # e.g. a minor fall
    for tier in (Tier.CAUTION, Tier.CLINICIAN_SOON, Tier.EMERGENCY):
        assert not quick_check_stands(today, today, tier, nothing_reported=True)


# --- one thing per question and the early emergency stop (issue 20 items 1 and 16) ---------------------------

from backtrainer.core.screening import ASKED_IDS, QUESTION_PARTS, emergency_now, rule_answers  # noqa: E402


def asked_no(**yes: str) -> dict[str, str]:
    answers = dict.fromkeys(ASKED_IDS, "NO")
    answers.update(yes)
    return answers


def test_every_rule_is_asked_once_in_order() -> None:
    assert [a[:4] for a in ASKED_IDS] == sorted(a[:4] for a in ASKED_IDS)
    assert {a[:4] for a in ASKED_IDS} == set(QUESTION_IDS)
    assert set(QUESTION_PARTS) == {"RF10", "RF11", "RF12", "RF14"}


@pytest.mark.parametrize("part", ["RF10a", "RF10b", "RF10c", "RF10d", "RF11a", "RF11b"])
def test_any_part_of_an_or_question_fires_its_rule(part: str) -> None:
    rules = rule_answers(asked_no(**{part: "YES"}))
    assert rules[part[:4]] is Answer.YES
    assert triage(rules, age=40).reasons == (part[:4],)


def test_and_questions_fire_only_when_every_part_is_yes() -> None:
    # RF12 "all the time, not eased ..., and often worse at night"; RF14 the NG65 pattern (ref 1.2: "and")
    assert rule_answers(asked_no(RF12a="YES", RF12b="YES"))["RF12"] is Answer.NO
    assert rule_answers(asked_no(RF12a="YES", RF12b="YES", RF12c="NOT_SURE"))["RF12"] is Answer.NOT_SURE
    every = asked_no(RF14a="YES", RF14b="YES", RF14c="YES", RF14d="YES")
    assert triage(rule_answers(every), age=40).tier is Tier.CAUTION
    assert triage(rule_answers(asked_no(RF14a="YES", RF14c="YES")), age=40).tier is Tier.CLEAR


def test_osteoporosis_from_about_you_answers_rf11() -> None:
    rules = rule_answers(asked_no(), profile_flags=("severe_osteoporosis",))
    assert rules["RF11"] is Answer.YES
    assert rule_answers(asked_no())["RF11"] is Answer.NO


def test_a_rule_with_a_part_unanswered_is_missing() -> None:
    answers = asked_no()
    del answers["RF10c"]
    assert "RF10" not in rule_answers(answers)
    with pytest.raises(ValueError, match="RF10"):
        triage(rule_answers(answers), age=40)


@pytest.mark.parametrize("qid", NEVER_DOWNGRADED)
def test_an_emergency_answer_stops_at_once(qid: str) -> None:
    assert emergency_now({"RF01": "NO", qid: "YES"}) == (qid,)
    assert emergency_now({qid: "NOT_SURE"}) == (qid,)
    assert emergency_now({qid: "NO"}) == ()


def test_rf02_and_rf05_wait_for_their_follow_up() -> None:
    assert emergency_now({"RF02": "YES"}) == ()
    assert emergency_now({"RF02": "YES"}, {"RF02_changed_since_pain": Answer.YES}) == ("RF02",)
    assert emergency_now({"RF02": "YES"}, {"RF02_changed_since_pain": Answer.NO}) == ()
    assert emergency_now({"RF05": "YES"}) == ()
    assert emergency_now({"RF05": "YES"}, {"RF05_stable_and_assessed": Answer.NO}) == ("RF05",)
    assert emergency_now({"RF05": "YES"}, {"RF05_stable_and_assessed": Answer.YES}) == ()


def test_lower_tiers_never_stop_early() -> None:
    assert emergency_now({"RF08": "YES", "RF13": "YES", "RF10a": "YES"}) == ()


@given(st.dictionaries(st.sampled_from(ASKED_IDS), st.sampled_from(["YES", "NO", "NOT_SURE"])))
def test_an_early_stop_is_never_lowered_by_the_rest(partial: dict[str, str]) -> None:
    """Whatever the remaining answers are, a screen stopped early is EMERGENCY in full too (ref 1.1)."""
    stopped = emergency_now(partial)
    if not stopped:
        return
    for rest in ("NO", "YES"):
        full = {q: partial.get(q, rest) for q in ASKED_IDS}
        assert triage(rule_answers(full), age=40).tier is Tier.EMERGENCY


def test_not_sure_on_the_screen_waits_for_the_recheck() -> None:
    """Ref 1.2: "Not sure" invites a re-check first; it stops when the person leaves that screen."""
    assert emergency_now({"RF04": "NOT_SURE"}, recheck=("RF04", "RF05")) == ()
    assert emergency_now({"RF04": "NOT_SURE"}) == ("RF04",)
    assert emergency_now({"RF04": "YES"}, recheck=("RF04", "RF05")) == ("RF04",)
    fu = {"RF02_changed_since_pain": Answer.NOT_SURE}
    assert emergency_now({"RF02": "YES"}, fu, recheck=("RF01", "RF02", "RF03")) == ()
    assert emergency_now({"RF02": "YES"}, fu) == ("RF02",)
