"""The training service over a real database with a fixed clock: check-ins, sessions, decisions, flares, gaps."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from backtrainer.core.progression import FlareAnswer
from backtrainer.core.screening import Answer, Tier
from backtrainer.core.session_plan import SessionKind
from backtrainer.services.clock import FixedClock
from backtrainer.services.plan_meta import PlanMeta
from backtrainer.services.training import CheckinInput, ExerciseResultInput, FinishedSession, TrainingService
from backtrainer.store.db import Database
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import Profile

MONDAY = datetime(2026, 3, 9, 8, 30)
START = [("MC", "MC-02", 2), ("QX", "EX-02a", 2), ("LAT", "LT-01b", 2), ("GLU", "GL-01b", 2),
         ("HNG", "FN-01a", 1), ("SQT", "FN-03b", 2)]


@pytest.fixture
def setup(store_db: Database) -> tuple[TrainingService, FixedClock, int]:
    clock = FixedClock(MONDAY)
    pid = ProfileRepo(store_db).create("Pat", now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(store_db).save_plan(pid, [ChainState(c, e, lv, 0, "2026-03-01") for c, e, lv in START],
                                    now="2026-03-01T08:00:00")
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.age = 44
        p.assessment_state = {"done": True}
        p.plan_meta = PlanMeta(plan_start=MONDAY.date() - timedelta(days=7)).dump()
        s.add(p)
    service = TrainingService(store_db, clock)
    # Baseline mornings (U = 3) for the week before (ref 6.3: median of baseline days).
    for k in range(7, 0, -1):
        clock.set(MONDAY - timedelta(days=k))
        service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    clock.set(MONDAY)
    return service, clock, pid


def _do_session(service: TrainingService, clock: FixedClock, pid: int, *, worst: int = 3, rpe: int = 4,
                too_hard: str | None = None) -> tuple[int, object]:
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.route == "session" and started.plan is not None
    results = []
    for item in started.plan.items:
        target = item.dose.sets * item.dose.reps
        results.append(ExerciseResultInput(item.exercise_id, target, target, worst, rpe, "good",
                                           too_hard=item.exercise_id == too_hard))
    begin = clock.now()
    done = FinishedSession(begin, begin + timedelta(minutes=25), 3, 2, None, started.plan.kind.value,
                           tuple(results))
    preview = service.preview_next(pid, done)
    sid = service.finish_session(pid, done)
    return sid, preview


def _two_good_sessions(service: TrainingService, clock: FixedClock, pid: int) -> None:
    """Monday and Wednesday sessions at pain 3 with settled mornings after each (the evidence for rule P)."""
    for day_offset in (0, 2):
        clock.set(MONDAY + timedelta(days=day_offset))
        service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
        clock.set(MONDAY + timedelta(days=day_offset, hours=9))
        _do_session(service, clock, pid)
        clock.set(MONDAY + timedelta(days=day_offset + 1))
        service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))


def _plan(db: Database, pid: int) -> dict[str, tuple[str, int, int]]:
    return {c.chain: (c.exercise_id, c.level, c.step) for c in SessionRepo(db).plan(pid)}


def test_today_asks_for_the_morning_checkin_first(setup: tuple[TrainingService, FixedClock, int]) -> None:
    service, _clock, pid = setup
    view = service.today(pid)
    assert view.assessment_done and view.checkin_due and view.morning_window
    assert view.session_day  # Monday
    assert view.session is not None and view.session.kind is SessionKind.STANDARD
    assert view.session.exercise_ids[:2] == ("MO-01", "MO-02")
    assert view.topic == "ED-01"
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    assert outcome.routed == "ok"
    assert outcome.today is not None and not outcome.today.checkin_due
    assert outcome.today.checkin is not None and outcome.today.checkin.morning_pain == 3


def test_sessions_progress_after_two_qualifying_sessions(setup: tuple[TrainingService, FixedClock, int],
                                                         store_db: Database) -> None:
    service, clock, pid = setup
    before = _plan(store_db, pid)
    _two_good_sessions(service, clock, pid)
    assert _plan(store_db, pid) == before  # sessions 1-2 at this step: hold (rule H)
    clock.set(MONDAY + timedelta(days=4))  # Friday
    service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    view = service.today(pid)
    assert view.result is not None
    progressed = [d for d in view.result.decisions if d.action.value == "PROGRESS"]
    assert 1 <= len(progressed) <= 2  # at most 2 progressions per session (ref 6.5)
    _, preview = _do_session(service, clock, pid)
    after = _plan(store_db, pid)
    for d in progressed:
        assert after[d.chain.value][1:] == (d.to_level, d.to_step)
    con = sqlite3.connect(store_db.path)
    kinds = [r[0] for r in con.execute("SELECT kind FROM event WHERE kind IN ('decision', 'hold')")]
    con.close()
    assert kinds.count("decision") == len(progressed)
    assert preview is not None


def test_quick_check_emergency_locks_the_plan(setup: tuple[TrainingService, FixedClock, int]) -> None:
    service, _clock, pid = setup
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=4, ticks=("RF02",)))  # PS-12
    assert outcome.routed == "emergency"
    view = service.today(pid)
    assert view.locked_tier == "EMERGENCY"
    assert view.session is not None and view.session.kind is SessionKind.LOCKED
    assert view.result is not None and all(d.action.value == "LOCK" for d in view.result.decisions)


def test_the_quick_check_is_asked_once_a_day_unless_something_was_reported(
        setup: tuple[TrainingService, FixedClock, int]) -> None:
    """Issue 16 / ref 1.4 layer 1: a clear check-in this morning stands for today's session; a new day, or a
    check-in that reported something (a minor fall), asks again."""
    service, clock, pid = setup
    assert service.today(pid).quick_check_at is None  # nothing answered today yet
    assert service.start_session(pid, pre_pain=3, flare_answer=None, ticks=None).route == "quick_check"
    service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    assert service.today(pid).quick_check_at == "08:30"
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=None)
    assert started.route == "session" and started.plan is not None and started.quick is not None
    clock.set(MONDAY + timedelta(days=1))
    assert service.today(pid).quick_check_at is None  # tomorrow: asked again
    service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4, ticks=("FALL",),
                                           fall_serious=False, rf11=Answer.NO))
    assert service.today(pid).quick_check_at is None  # a fall was reported: ask again before the session
    # Answered again before the session ("Something has changed"), it routes as always.
    assert service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("RF02",)).route == "emergency"


def test_a_check_in_without_the_quick_check_needs_a_check_that_stands(
        setup: tuple[TrainingService, FixedClock, int]) -> None:
    """Issue 20: the check-in skips the quick check only when today's earlier one stands (ref 1.4 layer 1,
    core.screening.quick_check_stands); otherwise nothing is stored and the page is told to ask it."""
    service, clock, pid = setup
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4, ticks=None))
    assert outcome.routed == "quick_check" and service.today(pid).checkin_due  # nothing stood: nothing saved
    service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))  # 08:30, "None of these"
    clock.set(MONDAY + timedelta(hours=2))
    again = service.save_checkin(pid, CheckinInput(avg_24h=4, worst_24h=5, ticks=None))
    assert again.routed == "ok" and again.quick.tier is Tier.CLEAR
    assert service.today(pid).quick_check_at == "08:30"  # still the morning's check: no new screen row


def test_a_clear_quick_check_before_the_session_is_stored_and_stands(
        setup: tuple[TrainingService, FixedClock, int]) -> None:
    """Ref 1.4 (every screen result is stored): "None of these" answered before a session is kept when the session
    starts, saved session or not, so the day's check-in does not ask it again (the walk saw it asked twice after a
    session left unsaved). A check that stands is not stored a second time."""
    service, clock, pid = setup

    def quick_rows() -> int:
        with service.db.session_scope() as session:
            from sqlalchemy import text

            return int(session.execute(text("SELECT count(*) FROM screening WHERE kind = 'quick'")).scalar_one())

    before = quick_rows()  # the set-up's earlier days
    assert service.today(pid).quick_check_at is None
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.route == "session" and quick_rows() == before + 1
    assert service.today(pid).quick_check_at == "08:30"  # it stands for the rest of the day
    clock.set(MONDAY + timedelta(hours=1))
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4, ticks=None))
    assert outcome.routed == "ok" and quick_rows() == before + 1  # the check-in used it; nothing stored twice
    again = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=None)
    assert again.route == "session" and quick_rows() == before + 1
    prompt = service.start_session(pid, pre_pain=8, flare_answer=None, ticks=("NONE",))
    assert prompt.route == "flare_prompt" and quick_rows() == before + 1  # stored once the session starts


def test_fall_needs_a_followup_before_anything_is_stored(setup: tuple[TrainingService, FixedClock, int]) -> None:
    service, _clock, pid = setup
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, ticks=("FALL",)))
    assert outcome.routed == "followup" and outcome.quick.needs_followup == "FALL_SERIOUS"
    assert service.today(pid).checkin_due
    outcome = service.save_checkin(pid, CheckinInput(morning_pain=3, ticks=("FALL",), fall_serious=False,
                                                     rf11=Answer.NO))
    assert outcome.routed == "ok"


def test_high_pain_asks_about_a_flare_and_not_sure_halves(setup: tuple[TrainingService, FixedClock, int]) -> None:
    service, _clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    prompt = service.start_session(pid, pre_pain=8, flare_answer=None, ticks=("NONE",))
    assert prompt.route == "flare_prompt"
    half = service.start_session(pid, pre_pain=8, flare_answer=FlareAnswer.NOT_SURE, ticks=("NONE",))
    assert half.route == "session" and not half.counts
    assert half.plan is not None and half.plan.volume_pct == 50


def test_flare_button_switches_to_the_flare_session(setup: tuple[TrainingService, FixedClock, int]) -> None:
    service, _clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    view = service.report_flare(pid)
    assert view.flare_active
    assert view.session is not None and view.session.kind is SessionKind.FLARE
    assert view.topic == "ED-11" or view.topic is not None


def test_ten_day_gap_deloads(setup: tuple[TrainingService, FixedClock, int], store_db: Database) -> None:
    service, clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    _do_session(service, clock, pid)
    clock.set(MONDAY + timedelta(days=10))
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    view = service.today(pid)
    assert view.gap_days == 10
    assert view.result is not None
    assert any(d.action.value == "DELOAD" for d in view.result.decisions)


def test_too_hard_regresses_now_and_is_logged(setup: tuple[TrainingService, FixedClock, int],
                                              store_db: Database) -> None:
    service, clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    _do_session(service, clock, pid, too_hard="GL-01b")
    plan = _plan(store_db, pid)
    assert plan["GLU"] == ("GL-01a", 1, 3)  # from L2 S0 one step down lands on L1 S3 (ref 6.5)
    history = service.exercise_history(pid, "GLU")
    assert history and history[0].kind in ("too_hard", "decision")


def test_bad_ratings_are_refused_without_writing(setup: tuple[TrainingService, FixedClock, int],
                                                 store_db: Database) -> None:
    service, clock, pid = setup
    begin = clock.now()
    bad = FinishedSession(begin, begin + timedelta(minutes=5), 3, 2, None, "STANDARD",
                          (ExerciseResultInput("GL-01b", 16, 16, 12, 4, "good"),))
    with pytest.raises(ValueError):
        service.finish_session(pid, bad)
    assert SessionRepo(store_db).sessions(pid) == []


def test_saving_reuses_the_start_decisions_only_when_nothing_changed(
        setup: tuple[TrainingService, FixedClock, int], store_db: Database) -> None:
    from backtrainer.services.training import data_token
    from backtrainer.store.reading import read_only

    service, clock, pid = setup
    service.save_checkin(pid, CheckinInput(morning_pain=3))
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.token is not None
    with read_only(store_db.path, rows=True) as con:
        assert data_token(con, pid) == started.token
    service.report_flare(pid)  # something the engine reads changes between start and save
    with read_only(store_db.path, rows=True) as con:
        assert data_token(con, pid) != started.token
    begin = clock.now()
    assert started.plan is not None
    results = tuple(ExerciseResultInput(i.exercise_id, 1, 1, 3, 4, "good") for i in started.plan.items)
    service.finish_session(pid, FinishedSession(begin, begin + timedelta(minutes=20), 3, 2, None, "STANDARD",
                                                results), started=started)
    con = sqlite3.connect(store_db.path)
    kinds = {k for (k,) in con.execute("SELECT payload FROM event WHERE kind IN ('decision', 'hold')")}
    con.close()
    assert any('"FLARE"' in k for k in kinds)  # the decisions were worked out again: the flare is in them


def test_full_safety_questions_come_due_again(setup: tuple[TrainingService, FixedClock, int],
                                              store_db: Database) -> None:
    """Ref 1.4 layer 2: every 4 weeks, and after pain of 8 or more on two days running."""
    service, clock, pid = setup
    assert service.today(pid).rescreen == ("RS-NEVER",)  # this test profile never had a full screen
    con = sqlite3.connect(store_db.path)
    con.execute("INSERT INTO screening (profile_id, at, kind, answers, followups, tier, reasons, app_version) "
                "VALUES (?, ?, 'full', '{}', '{}', 'CLEAR', '[]', 'test')", (pid, (MONDAY - timedelta(days=3))
                                                                              .isoformat()))
    con.commit()
    con.close()
    assert service.today(pid).rescreen == ()
    clock.set(MONDAY - timedelta(days=3) + timedelta(days=28, hours=8))
    assert "RS-INTERVAL" in service.today(pid).rescreen
    clock.set(MONDAY + timedelta(days=1))
    service.save_checkin(pid, CheckinInput(morning_pain=8, avg_24h=8, worst_24h=9))
    clock.set(MONDAY + timedelta(days=2))
    service.save_checkin(pid, CheckinInput(morning_pain=9, avg_24h=8, worst_24h=9))
    assert "RS-PAIN" in service.today(pid).rescreen


def test_the_session_start_carries_the_profiles_hold_rule(setup: tuple[TrainingService, FixedClock, int],
                                                          store_db: Database) -> None:
    """Ref 6.1 [PD] hold_counts_if_pct: a clinician's value for the profile reaches the exercise clock."""
    service, _clock, pid = setup
    assert service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",)).hold_fraction == 0.90
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.config = {"hold_counts_if_pct": 0.8}
        s.add(p)
    assert service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",)).hold_fraction == 0.8


def _approval_case(service: TrainingService, clock: FixedClock, pid: int, store_db: Database,
                   data_paths: object) -> tuple[object, dict[str, tuple[str, int, int]]]:
    """A clinic patient whose moves up need an OK, brought to rule P on Friday (two good sessions before)."""
    from backtrainer.services.clinic import ClinicService

    clinic = ClinicService(store_db, data_paths, clock)  # type: ignore[arg-type]
    clinic.enable("Clinic", "Dr Lee", "2468")
    assert service.today(pid).moves_up_by_itself
    clinic.set_progress_approval("c1", pid, True, reason="New to exercise")
    assert not service.today(pid).moves_up_by_itself
    before = _plan(store_db, pid)
    _two_good_sessions(service, clock, pid)
    clock.set(MONDAY + timedelta(days=4))
    service.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    return clinic, before


def test_with_approval_on_a_move_up_waits_for_the_clinician(setup: tuple[TrainingService, FixedClock, int],
                                                            store_db: Database, data_paths: object) -> None:
    """Ref 8.5 [PD] "require clinician approval to progress": the person keeps today's step and dose, the step up
    is proposed, not made; approving moves the chain (and shows in the decision history), declining leaves it."""
    from backtrainer.services.clinic import ClinicError

    service, clock, pid = setup
    clinic, before = _approval_case(service, clock, pid, store_db, data_paths)
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.result is not None and started.plan is not None
    held = [d for d in started.result.decisions if "AWAITING_APPROVAL" in d.reasons]
    assert held and all(d.action.value == "HOLD" and (d.to_level, d.to_step) == (d.from_level, d.from_step)
                        for d in held)
    assert not [d for d in started.result.decisions if d.action.value == "PROGRESS"]
    today_ids = {i.exercise_id for i in started.plan.items}
    assert all(d.exercise_id in today_ids and d.dose_after == d.dose_before for d in held)  # today's dose stays
    _do_session(service, clock, pid)
    assert _plan(store_db, pid) == before  # nothing moved up by itself
    pending = clinic.proposals(pid)
    assert {p.chain for p in pending} == {d.chain.value for d in held}
    first, *rest = pending
    clinic.answer_proposal("c1", pid, first.id, approve=True, reason="Looks ready")
    assert _plan(store_db, pid)[first.chain] == (first.to_exercise_id, first.to_level, first.to_step)
    for p in rest:
        clinic.answer_proposal("c1", pid, p.id, approve=False, reason="Not yet")
        assert _plan(store_db, pid)[p.chain] == before[p.chain]
    assert clinic.proposals(pid) == []
    with pytest.raises(ClinicError):
        clinic.answer_proposal("c1", pid, first.id, approve=True, reason="twice")
    codes = [e.reasons[0] for e in SessionRepo(store_db).events(pid, ["clinician_action"])]
    assert codes.count("PROGRESSION_APPROVED") == 1 and codes.count("PROGRESSION_DECLINED") == len(rest)
    from backtrainer.services.progress import load_history

    moves = [d for d in load_history(store_db, pid).decisions if d.action == "PROGRESS"]
    assert [(d.chain, d.to_level, d.to_step) for d in moves] == [(first.chain, first.to_level, first.to_step)]


def test_a_proposal_lapses_when_a_later_session_decides_otherwise(setup: tuple[TrainingService, FixedClock, int],
                                                                  store_db: Database, data_paths: object) -> None:
    service, clock, pid = setup
    clinic, _before = _approval_case(service, clock, pid, store_db, data_paths)
    _do_session(service, clock, pid, worst=8)  # Friday: proposed again, but it hurt
    assert clinic.proposals(pid)
    clock.set(MONDAY + timedelta(days=7))
    service.save_checkin(pid, CheckinInput(morning_pain=6, avg_24h=6, worst_24h=7))
    _do_session(service, clock, pid)  # Monday: the engine holds or steps down for the pain, not up
    assert clinic.proposals(pid) == []
    clinic.set_progress_approval("c1", pid, False, reason="Done with approvals")
    assert clinic.proposals(pid) == []
