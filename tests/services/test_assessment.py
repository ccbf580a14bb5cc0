"""Assessment use cases: each step stores its data and moves the resume state in one transaction."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from backtrainer.core.bodymap import MarkedRegion
from backtrainer.core.screening import QUESTION_IDS
from backtrainer.services.assessment import (
    AboutYou,
    AssessmentService,
    InputError,
    MovementAnswers,
    movement_result,
)
from backtrainer.services.profiles import ProfileService
from backtrainer.store.summary import home_summary

ALL_NO = {q: "NO" for q in QUESTION_IDS}


@pytest.fixture
def service(store_db: Any, clock: Any) -> AssessmentService:
    return AssessmentService(store_db, clock)


@pytest.fixture
def pid(store_db: Any, clock: Any) -> int:
    return ProfileService(store_db, clock).create("Sam", accept_notice=True).id


def _about(age: int = 40, **kw: Any) -> AboutYou:
    values: dict[str, Any] = {"nickname": "Sam", "age": age, "first_episode": False, "pain_weeks": 8,
                              "emergency_number": "999", "country": "UK"}
    values.update(kw)
    return AboutYou(**values)


def _rows(db: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _run_to_plan(service: AssessmentService, pid: int) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    service.save_screening(pid, ALL_NO)
    service.save_body_map(pid, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 5)])
    service.save_questionnaire(pid, "NPRS", {"value": 4})
    service.save_questionnaire(pid, "STARTBACK", {**{str(i): 0 for i in range(1, 9)}, "9": "slightly"})
    service.save_questionnaire(pid, "PSFS", {"activities": [{"name": "Lifting", "rating": 3},
                                                            {"name": "Walking", "rating": 5},
                                                            {"name": "Sleeping", "rating": 6}]})
    service.save_movement_test(pid, MovementAnswers("MT-BRIDGE", pain_before=3, timer_s=40.0,
                                                    answers={"end_reason": "form_lost", "pain_after": 3}))


def test_clear_run_to_accepted_plan(service: AssessmentService, pid: int, store_db: Any) -> None:
    _run_to_plan(service, pid)
    snap = service.snapshot(pid)
    assert snap.step == "movement"  # other tests still open
    preview = service.preview_plan(pid)
    glu = next(i for i in preview.items if i.chain == "GLU")
    assert glu.level == 2 and "MT-BRIDGE:20-59" in glu.reasons and glu.params["hold_s"] == 40
    assert preview.session_days[0] == "2026-03-09"
    service.accept_plan(pid)
    summary = home_summary(store_db.path, pid, "2026-03-09")
    assert summary is not None and summary.assessment_done
    assert ("GLU", glu.exercise_id, 2, 0) in summary.chains
    kinds = [k for (k,) in _rows(store_db, "SELECT kind FROM event")]
    assert "plan_accepted" in kinds and kinds.count("plan_start") == len(preview.items)


def test_each_step_moves_the_resume_state(service: AssessmentService, pid: int, store_db: Any) -> None:
    assert service.snapshot(pid).step == "intro"
    service.start(pid)
    assert service.snapshot(pid).step == "about"
    service.save_about(pid, _about())
    snap = service.snapshot(pid)
    assert snap.step == "screening" and snap.profile.age == 40 and snap.profile.emergency_number == "999"
    service.save_screening(pid, ALL_NO)
    assert service.snapshot(pid).step == "bodymap"
    summary = home_summary(store_db.path, pid, "2026-03-09")
    assert summary is not None and summary.assessment_step == "bodymap" and not summary.assessment_done


def test_under_18_is_not_eligible(service: AssessmentService, pid: int, store_db: Any) -> None:
    service.start(pid)
    outcome = service.save_about(pid, _about(age=16))
    assert not outcome.eligible and outcome.next_step == "not_eligible"
    assert service.snapshot(pid).step == "not_eligible"
    assert ("not_eligible",) in _rows(store_db, "SELECT kind FROM event")


@pytest.mark.parametrize(
    ("answers", "followups", "tier", "step"),
    [
        ({"RF01": "YES"}, {}, "EMERGENCY", "emergency"),
        ({"RF02": "YES"}, {"RF02_changed_since_pain": "NO"}, "CLINICIAN_SOON", "paused"),
        ({"RF08": "NOT_SURE"}, {}, "CLINICIAN_SOON", "paused"),
        ({"RF14": "YES"}, {}, "CAUTION", "bodymap"),
        ({}, {}, "CLEAR", "bodymap"),
    ],
)
def test_screening_routes_by_tier(service: AssessmentService, pid: int, store_db: Any, answers: dict[str, str],
                                  followups: dict[str, str], tier: str, step: str) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    outcome = service.save_screening(pid, {**ALL_NO, **answers}, followups)
    assert (outcome.tier, outcome.next_step) == (tier, step)
    assert outcome.emergency_number == "999"
    rows = _rows(store_db, "SELECT tier, kind FROM screening")
    assert rows == [(tier, "full")]
    summary = home_summary(store_db.path, pid, "2026-03-09")
    assert summary is not None
    expected_open = tier if tier in ("EMERGENCY", "CLINICIAN_SOON") else None
    assert summary.open_red_flag_tier == expected_open


def test_profile_flag_needs_a_clinician(service: AssessmentService, pid: int) -> None:
    service.start(pid)
    service.save_about(pid, _about(flags=("pregnancy",)))
    outcome = service.save_screening(pid, ALL_NO)
    assert outcome.tier == "CLINICIAN_SOON" and "RF-PROFILE" in outcome.reasons


def test_unanswered_questions_are_refused(service: AssessmentService, pid: int) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    with pytest.raises(InputError):
        service.save_screening(pid, {"RF01": "NO"})


def test_body_map_saddle_is_an_emergency(service: AssessmentService, pid: int, store_db: Any) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    service.save_screening(pid, ALL_NO)
    outcome = service.save_body_map(pid, [MarkedRegion("SADDLE", frozenset({"NUMB"}))])
    assert outcome.tier == "EMERGENCY" and outcome.next_step == "emergency" and "BM01" in outcome.reasons
    assert _rows(store_db, "SELECT tier, kind FROM screening ORDER BY id")[-1] == ("EMERGENCY", "bodymap")
    regions = _rows(store_db, "SELECT region_id, new_since_last FROM body_map_region")
    assert regions == [("SADDLE", 1)]


def test_body_map_one_leg_is_caution_with_leg_pathway(service: AssessmentService, pid: int) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    service.save_screening(pid, ALL_NO)
    outcome = service.save_body_map(pid, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 4),
                                          MarkedRegion("CALF_L", frozenset({"PINS_NEEDLES"}), 3)])
    assert outcome.tier == "CAUTION" and "BM03" in outcome.reasons and "LEG" in outcome.modifiers
    assert outcome.next_step == "questionnaires"
    assert "LEG" in service.snapshot(pid).state["modifiers"]


def test_questionnaires_store_raw_and_score(service: AssessmentService, pid: int, store_db: Any) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    # SB-3 of ref 3.9: overall 6, sub 4 -> HIGH
    raw = {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1, "6": 1, "7": 1, "8": 0, "9": "very_much"}
    record = service.save_questionnaire(pid, "STARTBACK", raw)
    assert (record.score, record.band, record.subscores["psychosocial"]) == (6.0, "high", 4)
    assert record.raw_items["9"] == "very_much" and record.scoring_version == "SBST_9/1"
    psfs = service.save_questionnaire(pid, "PSFS", {"activities": [{"name": " Lifting  my toddler", "rating": 3},
                                                                    {"name": "Walking", "rating": 4},
                                                                    {"name": "Sitting", "rating": 2}]})
    assert psfs.score == 3.0 and psfs.raw_items["activities"][0]["name"] == "Lifting my toddler"
    with pytest.raises(ValueError):
        service.save_questionnaire(pid, "PSFS", {"activities": [{"name": "Walking", "rating": 4}]})


def test_all_questionnaires_then_movement_step(service: AssessmentService, pid: int) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    service.save_screening(pid, ALL_NO)
    service.save_body_map(pid, [])
    service.save_questionnaire(pid, "NPRS", {"value": 2})
    service.save_questionnaire(pid, "STARTBACK", {**{str(i): 0 for i in range(1, 9)}, "9": "slightly"})
    assert service.snapshot(pid).step == "questionnaires"
    service.save_questionnaire(pid, "PSFS", {"activities": [{"name": "a", "rating": 1}, {"name": "b", "rating": 1},
                                                            {"name": "c", "rating": 1}]})
    assert service.snapshot(pid).step == "movement"


def test_movement_results_map_to_core_records() -> None:
    sts = movement_result(MovementAnswers("MT-STS", pain_before=2, timer_s=11.04,
                                          answers={"used_hands": False, "completed": True, "pain_after": 2}))
    assert sts.time_s == 11.0  # type: ignore[union-attr]
    sls = movement_result(MovementAnswers("MT-SLS", pain_before=1, side_s={"right": [12.0, 20.5], "left": [8.0]}))
    assert sls.best_s == 8.0  # type: ignore[union-attr]
    side = movement_result(MovementAnswers("MT-SIDEBRIDGE", side_s={"right": [30.0], "left": [20.0]},
                                           answers={"version": "knee", "shoulder_pain": False}))
    assert side.worse_side_s == 20.0  # type: ignore[union-attr]
    walk = movement_result(MovementAnswers("MT-WALK", timer_s=600.0, answers={"ended_by": "chose_stop"}))
    assert walk.minutes == 10.0  # type: ignore[union-attr]
    unsafe = movement_result(MovementAnswers("MT-STS", pain_before=3, could_not_do_safely=True))
    assert unsafe.could_not_do_safely and unsafe.completed is False  # type: ignore[union-attr]
    stopped = movement_result(MovementAnswers("MT-BRIDGE", pain_before=2, timer_s=15.0, stopped_reason="pain",
                                              answers={"pain_after": 6}))
    assert stopped.hold_s == 15.0 and stopped.stopped_reason == "pain"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        movement_result(MovementAnswers("MT-NOPE"))


def test_couldnt_do_safely_starts_low(service: AssessmentService, pid: int) -> None:
    _run_to_plan(service, pid)
    service.save_movement_test(pid, MovementAnswers("MT-STS", pain_before=3, could_not_do_safely=True))
    preview = service.preview_plan(pid)
    sqt = next(i for i in preview.items if i.chain == "SQT")
    assert sqt.level == 1 and "MT-STS:UNABLE" in sqt.reasons


def test_rerun_keeps_earlier_records(service: AssessmentService, pid: int, store_db: Any) -> None:
    _run_to_plan(service, pid)
    service.accept_plan(pid)
    snap = service.start(pid, mode="rescreen", reason="RS-NEW-PAIN")
    assert snap.step == "screening" and snap.done and snap.screening is None  # earlier screen kept, not this run's
    outcome = service.save_screening(pid, ALL_NO)
    assert outcome.next_step == "bodymap"
    body = service.save_body_map(pid, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 3)])
    assert body.next_step == "rescreen_done"
    assert _rows(store_db, "SELECT count(*) FROM screening") == [(2,)]
    assert _rows(store_db, "SELECT count(*) FROM body_map") == [(2,)]
    # A full re-run: a new plan replaces the levels, the old results stay.
    snap = service.start(pid, mode="full")
    assert snap.step == "about" and not snap.done and not snap.questionnaires
    assert _rows(store_db, "SELECT count(*) FROM questionnaire_response") == [(3,)]


def test_attestation_clears_and_requires_a_fresh_screen(service: AssessmentService, pid: int, store_db: Any) -> None:
    service.start(pid)
    service.save_about(pid, _about())
    service.save_screening(pid, {**ALL_NO, "RF08": "YES"})
    with pytest.raises(InputError):
        service.accept_plan(pid)
    snap = service.attest_checked(pid)
    assert snap.step == "screening" and snap.open_tier is None and snap.screening is None
    assert _rows(store_db, "SELECT cleared_by FROM screening") == [("patient",)]


def test_licensed_pack_adds_instrument(store_db: Any, clock: Any, tmp_path: Any) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    items = "\n".join(
        f'[[instruments.items]]\nnumber = {n}\ntext = "Section {n}"\noptions = ['
        + ", ".join(f'{{ value = {v}, label = "Option {v}" }}' for v in range(6)) + "]\n"
        for n in range(1, 11)
    )
    (folder / "test-odi.toml").write_text(
        'format = "backtrainer-instrument-pack/1"\npack_id = "test-odi"\nlicence_holder = "Test"\n'
        'licence_reference = "T-1"\nlanguage = "en"\ntest_fixture = true\n\n[[instruments]]\nid = "ODI"\n'
        f'version = "ODI_2.1a"\n\n{items}', encoding="utf-8")
    service = AssessmentService(store_db, clock, packs_dir=folder)
    assert service.questionnaire_ids() == ("NPRS", "STARTBACK", "PSFS", "ODI")
    pid = ProfileService(store_db, clock).create("Ana", accept_notice=True).id
    sections = [2, 1, 3, 2, 2, 2, 1, 0, 2, 1]  # ODI-1 of ref 3.9
    record = service.save_questionnaire(pid, "ODI", {str(i): s for i, s in enumerate(sections, 1)})
    assert record.score == 32.0 and record.band == "moderate"


def test_accepted_plan_feeds_the_training_engine(service: AssessmentService, pid: int, store_db: Any,
                                                 clock: Any) -> None:
    """The first plan's modifiers, caps and days reach plan meta, and Today composes a session from them."""
    from backtrainer.services.plan_meta import load_plan_meta
    from backtrainer.services.training import TrainingService
    from backtrainer.store.tables import Profile

    _run_to_plan(service, pid)
    service.save_body_map(pid, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 5),
                                MarkedRegion("CALF_L", frozenset({"PINS_NEEDLES"}), 6)])  # BM03: leg pathway
    service.accept_plan(pid)
    with store_db.session_scope() as s:
        meta = load_plan_meta(s.get(Profile, pid).plan_meta)
    assert meta.plan_start is not None and meta.weekdays == (0, 2, 4)  # Monday start: Mon/Wed/Fri
    assert "LEG" in meta.modifiers
    assert any(c.code.startswith("CAP-LEG") and c.max_level == 2 for c in meta.caps)  # HNG/PX <= L2 (ref 4.8)
    view = TrainingService(store_db, clock).today(pid)
    assert view.assessment_done and view.leg_pathway
    assert view.session is not None and "MO-05" in view.session.exercise_ids  # nerve slider on LEG (ref 5.5)


def test_the_plan_names_the_first_session_that_today_composes(service: AssessmentService, pid: int, store_db: Any,
                                                              clock: Any) -> None:
    """Issue 20.10: one composition (core.session_plan.compose_session) for the plan page and the session."""
    from backtrainer.services.training import TrainingService

    _run_to_plan(service, pid)
    preview = service.preview_plan(pid)
    assert preview.turns == ("HNG", "SQT")
    service.accept_plan(pid)
    view = TrainingService(store_db, clock).today(pid)
    assert view.session is not None and view.session.exercise_ids == preview.first_session
    assert "FN-01a" in preview.first_session and "FN-03b" not in preview.first_session  # they take turns


def test_an_emergency_answer_stops_the_screen_at_once(service: AssessmentService, pid: int) -> None:
    """Issue 20 item 1: stored as a partial screen, routed to the emergency screen with only that reason."""
    service.start(pid)
    service.save_about(pid, _about(age=55, first_episode=True, flags=("pregnancy",)))
    assert service.stop_screening(pid, {"RF01": "NO", "RF02": "NO"}) is None
    outcome = service.stop_screening(pid, {"RF01": "YES"})
    assert outcome is not None and (outcome.tier, outcome.next_step) == ("EMERGENCY", "emergency")
    snap = service.snapshot(pid)
    assert snap.step == "emergency"
    # RF-AGE1 and RF-PROFILE (routine checks) are not run together with the emergency on the stop screen
    assert snap.state["stopped_reasons"] == ["RF01"]
    assert snap.open_tier == "EMERGENCY"
    from backtrainer.store import assessment_repo as repo

    with service.db.session_scope() as s:
        row = repo.latest_screening(s, pid, kind="partial")
    assert row is not None and (row.answers, row.tier) == ({"RF01": "YES"}, "EMERGENCY")
    assert snap.screening is None  # a partial screen is no full screen: a fresh one is asked after a check


def test_the_split_questions_are_saved_as_asked(service: AssessmentService, pid: int) -> None:
    from backtrainer.core.screening import ASKED_IDS

    service.start(pid)
    service.save_about(pid, _about())
    answers = {q: "NO" for q in ASKED_IDS} | {"RF11b": "YES"}
    outcome = service.save_screening(pid, answers)
    assert (outcome.tier, outcome.reasons) == ("CLINICIAN_SOON", ("RF11",))
    assert service.snapshot(pid).screening.answers["RF11b"] == "YES"
    with pytest.raises(InputError):
        service.save_screening(pid, {q: "NO" for q in ASKED_IDS if q != "RF14c"})


@pytest.mark.parametrize(("before", "after", "code", "reason"), [
    (2, 6, "STOP-PAIN-HIGH", "pain"),  # above 5/10 (ref 4.0)
    (1, 4, "STOP-PAIN-RISE", "pain_rise"),  # up by more than 2 points (ref 4.0)
])
def test_pain_past_the_universal_stop_rule_stores_a_stopped_test(service: AssessmentService, pid: int,
                                                                  store_db: Any, before: int, after: int, code: str,
                                                                  reason: str) -> None:
    """Ref 4.0 universal stop rules: the person did not press "I need to stop", but the pain after the bridge passed
    the rule, so the test is stored as stopped (its time kept) and the bridge starts at level 1."""
    _run_to_plan(service, pid)
    saved = service.save_movement_test(pid, MovementAnswers(
        "MT-BRIDGE", pain_before=before, timer_s=40.0, answers={"end_reason": "form_lost", "pain_after": after}))
    assert saved.stop is not None and saved.stop.reasons[0] == code
    assert saved.row.stopped_reason == reason
    assert _rows(store_db, "SELECT stopped_reason, json_extract(data, '$.hold_s') FROM movement_test "
                           "ORDER BY id DESC LIMIT 1") == [(reason, 40.0)]
    glu = next(i for i in service.preview_plan(pid).items if i.chain == "GLU")
    assert glu.level == 1 and "MT-BRIDGE:PAIN" in glu.reasons


def test_worst_pain_during_counts_and_a_stop_the_person_chose_is_kept(service: AssessmentService, pid: int) -> None:
    _run_to_plan(service, pid)
    hinge = service.save_movement_test(pid, MovementAnswers(
        "MT-HINGE", pain_before=2, answers={"contacts_kept": "all_5", "depth_reached": "knee", "pain_during": 7}))
    assert hinge.stop is not None and hinge.row.stopped_reason == "pain"
    own = service.save_movement_test(pid, MovementAnswers(
        "MT-BRIDGE", pain_before=2, timer_s=12.0, stopped_reason="dizzy", answers={"pain_after": 8}))
    assert own.stop is None and own.row.stopped_reason == "dizzy"
    calm = service.save_movement_test(pid, MovementAnswers(
        "MT-BRIDGE", pain_before=3, timer_s=40.0, answers={"end_reason": "form_lost", "pain_after": 5}))
    assert calm.stop is None and calm.row.stopped_reason is None  # 5/10 and +2 are inside the rule
