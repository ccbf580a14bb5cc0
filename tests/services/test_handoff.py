"""Plan hand-off files: round trip between two laptops, signature checks, and fuzzed files that must fail with a
clear HandoffError, never a traceback and never a partial write."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtrainer.content.exercises import load_library
from backtrainer.core.library import Library
from backtrainer.paths import DataPaths
from backtrainer.services import handoff
from backtrainer.services.clock import FixedClock
from backtrainer.services.handoff import HandoffError
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.store.db import Database
from backtrainer.store.opening import open_store
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import Profile

NOW = datetime(2026, 3, 9, 8, 30)
START = [("MC", "MC-02", 2, 1), ("QX", "EX-02a", 2, 0), ("LAT", "LT-01b", 2, 3), ("GLU", "GL-01b", 2, 0),
         ("HNG", "FN-01a", 1, 0), ("SQT", "FN-03b", 2, 2)]
CODE = "ABCD-EFGH-JKLM-NPQR-STUV"
KEY = handoff.derive_key(CODE)
OTHER_KEY = handoff.derive_key("WXYZ-2345-6789-ABCD-EFGH")
LIBRARY: Library = load_library()


def make_db(root: Path) -> Database:
    paths = DataPaths(root)
    open_store(paths, NOW)
    return Database(paths.db)


def add_profile(db: Database, name: str, *, plan: bool = True) -> int:
    pid = ProfileRepo(db).create(name, now="2026-03-01T08:00:00", notice_accepted=True).id
    if plan:
        SessionRepo(db).save_plan(pid, [ChainState(c, e, lv, st, "2026-03-01", locked=c == "LAT")
                                         for c, e, lv, st in START], now="2026-03-01T08:00:00")
        with db.session_scope() as s:
            p = s.get(Profile, pid)
            assert p is not None
            p.plan_meta = PlanMeta(custom_ceiling=4, weekdays=(1, 3, 5), modifiers=("FEAR", "CLINICIAN_LOCK"),
                                   include_optional=("ANT",), auto_progression=False, reminder_time="17:15",
                                   clinician_note="Keep the bridge holds short this week.").dump()
            s.add(p)
    return pid


def snapshot(db: Database) -> str:
    con = sqlite3.connect(db.path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def two_laptops(tmp_path: Path) -> Iterator[tuple[Database, int, Database, int]]:
    first, second = make_db(tmp_path / "laptop1"), make_db(tmp_path / "laptop2")
    source = add_profile(first, "Source Patient")
    target = add_profile(second, "Target Patient", plan=False)
    yield first, source, second, target
    first.dispose()
    second.dispose()


def plan_of(db: Database, pid: int) -> dict[str, tuple[str, int, int, bool, bool]]:
    return {c.chain: (c.exercise_id, c.level, c.step, c.included, c.locked) for c in SessionRepo(db).plan(pid)}


def meta_of(db: Database, pid: int) -> PlanMeta:
    with db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        return load_plan_meta(p.plan_meta)


def test_a_plan_survives_the_trip_to_another_laptop(two_laptops: tuple[Database, int, Database, int],
                                                     tmp_path: Path) -> None:
    first, source, second, target = two_laptops
    clock = FixedClock(NOW)
    path = handoff.save_handoff(first, source, tmp_path / "plan.btplan", KEY, clinician_id="c1",
                                clinic_name="Test Clinic", clock=clock)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == "backtrainer-plan-handoff" and raw["version"] == 1
    assert "Source Patient" not in path.read_text(encoding="utf-8")  # no names travel
    assert not list(tmp_path.glob(".backtrainer-*"))  # no temporary file left behind
    doc = handoff.load_handoff(second, target, path, KEY, LIBRARY, clinician_id="c2", reason="Laptop swap",
                               clock=clock)
    assert doc.clinician_id == "c1"
    assert plan_of(second, target) == plan_of(first, source)
    got, want = meta_of(second, target), meta_of(first, source)
    for name in ("custom_ceiling", "weekdays", "auto_progression", "reminder_time", "clinician_note"):
        assert getattr(got, name) == getattr(want, name), name
    assert set(got.modifiers) == set(want.modifiers) and set(got.include_optional) == set(want.include_optional)
    events = SessionRepo(second).events(target, ["clinician_action"])
    assert [(e.actor, e.reasons) for e in events] == [("clinician:c2", ("HANDOFF_LOADED",))]
    assert events[0].payload["reason"] == "Laptop swap"


def test_loading_replaces_chains_and_switches_off_ones_not_in_the_file(
        two_laptops: tuple[Database, int, Database, int], tmp_path: Path) -> None:
    first, source, second, _ = two_laptops
    other = add_profile(second, "Has A Plan")
    SessionRepo(second).save_plan(other, [ChainState("CAR", "LT-03a", 1, 0, "2026-03-01")], now="2026-03-01T08:00:00")
    path = handoff.save_handoff(first, source, tmp_path / "p.btplan", KEY, clinician_id="c1", clinic_name="",
                                clock=FixedClock(NOW))
    handoff.load_handoff(second, other, path, KEY, LIBRARY, clinician_id="c1", reason="r", clock=FixedClock(NOW))
    plan = plan_of(second, other)
    assert plan["CAR"][3:] == (False, False)
    assert plan["LAT"] == ("LT-01b", 2, 3, True, True)


def test_a_file_from_another_clinic_code_is_refused(two_laptops: tuple[Database, int, Database, int],
                                                    tmp_path: Path) -> None:
    first, source, second, target = two_laptops
    path = handoff.save_handoff(first, source, tmp_path / "p.btplan", OTHER_KEY, clinician_id="c1", clinic_name="",
                                clock=FixedClock(NOW))
    before = snapshot(second)
    with pytest.raises(HandoffError, match="different clinic hand-off code"):
        handoff.load_handoff(second, target, path, KEY, LIBRARY, clinician_id="c1", reason="r",
                             clock=FixedClock(NOW))
    assert snapshot(second) == before


def test_a_changed_file_is_refused(two_laptops: tuple[Database, int, Database, int], tmp_path: Path) -> None:
    first, source, second, target = two_laptops
    path = handoff.save_handoff(first, source, tmp_path / "p.btplan", KEY, clinician_id="c1", clinic_name="",
                                clock=FixedClock(NOW))
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["plan"]["settings"]["custom_ceiling"] = 6
    path.write_text(json.dumps(raw), encoding="utf-8")
    before = snapshot(second)
    with pytest.raises(HandoffError, match="changed after it was saved"):
        handoff.load_handoff(second, target, path, KEY, LIBRARY, clinician_id="c1", reason="r",
                             clock=FixedClock(NOW))
    assert snapshot(second) == before


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not readable JSON"),
    (b"\xff\xfe\x00garbage", "not text"),
    (b"[1, 2, 3]", "not a BackTrainer plan"),
    (b'{"format": "backtrainer-plan-handoff", "version": 2}', "different version"),
    (b'{"format": "backtrainer-plan-handoff", "format": "x"}', "appears twice"),
    (b'{"format": "backtrainer-plan-handoff", "version": NaN}', "not a number"),
    (b"[" * 100_000, "not readable JSON"),
    (b" " * (handoff.MAX_BYTES + 1), "too large"),
])
def test_broken_files_give_plain_errors(data: bytes, message: str) -> None:
    with pytest.raises(HandoffError, match=message):
        handoff.parse_handoff(data, KEY, LIBRARY)


def test_a_signed_file_that_does_not_fit_the_library_is_refused(two_laptops: tuple[Database, int, Database, int]
                                                                 ) -> None:
    first, source, *_ = two_laptops
    doc = handoff.build_document(first, source, KEY, clinician_id="c1", clinic_name="", clock=FixedClock(NOW))
    bad = copy.deepcopy(doc)
    bad["plan"]["chains"][0]["exercise_id"] = "GL-01a"
    with pytest.raises(HandoffError, match="but that level is"):
        handoff.parse_handoff(json.dumps(handoff.sign(bad, KEY)).encode(), KEY, LIBRARY)
    bad = copy.deepcopy(doc)
    bad["plan"]["settings"]["custom_ceiling"] = 7
    with pytest.raises(HandoffError, match="custom_ceiling"):
        handoff.parse_handoff(json.dumps(handoff.sign(bad, KEY)).encode(), KEY, LIBRARY)
    bad = copy.deepcopy(doc)
    bad["plan"]["settings"]["surprise"] = True
    with pytest.raises(HandoffError, match="surprise"):
        handoff.parse_handoff(json.dumps(handoff.sign(bad, KEY)).encode(), KEY, LIBRARY)
    bad = copy.deepcopy(doc)
    bad["plan"]["chains"][0]["level"] = "2"  # strict: no coercion
    with pytest.raises(HandoffError, match="level"):
        handoff.parse_handoff(json.dumps(handoff.sign(bad, KEY)).encode(), KEY, LIBRARY)


def test_codes_are_normalised_and_checked() -> None:
    code = handoff.new_handoff_code()
    assert len(code) == 24 and code.count("-") == 4
    assert handoff.derive_key(code.lower().replace("-", " ")) == handoff.derive_key(code)
    with pytest.raises(HandoffError):
        handoff.derive_key("1234")


# -- fuzzing --------------------------------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return doc


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("fuzz")
    db = make_db(root / "data")
    source = add_profile(db, "Fuzz Source")
    target = add_profile(db, "Fuzz Target", plan=False)
    doc = handoff.build_document(db, source, KEY, clinician_id="c1", clinic_name="", clock=FixedClock(NOW))
    yield db, target, doc
    db.dispose()


def _load_or_clear_error(db: Database, target: int, data: bytes, tmp: Path) -> None:
    path = tmp / "fuzz.btplan"
    path.write_bytes(data)
    before = snapshot(db)
    try:
        handoff.load_handoff(db, target, path, KEY, LIBRARY, clinician_id="c1", reason="fuzz", clock=FixedClock(NOW))
    except HandoffError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert snapshot(db) == before  # nothing half-written
        return


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_fuzz_random_bytes(fuzz_target: tuple[Database, int, dict[str, Any]], tmp_path: Path, data: bytes) -> None:
    db, target, _ = fuzz_target
    _load_or_clear_error(db, target, data, tmp_path)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.data(), value=JSON_VALUES, resign=st.booleans())
def test_fuzz_mutated_documents(fuzz_target: tuple[Database, int, dict[str, Any]], tmp_path: Path,
                                choice: st.DataObject, value: Any, resign: bool) -> None:
    db, target, doc = fuzz_target
    path = choice.draw(st.sampled_from(_paths(doc)[1:]))
    mutated = _replace(doc, path, value)
    if resign and isinstance(mutated, dict):
        mutated = handoff.sign(mutated, KEY)
    _load_or_clear_error(db, target, json.dumps(mutated).encode("utf-8"), tmp_path)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.data(), cut=st.integers(min_value=0, max_value=5000))
def test_fuzz_truncated_and_deleted_keys(fuzz_target: tuple[Database, int, dict[str, Any]], tmp_path: Path,
                                         choice: st.DataObject, cut: int) -> None:
    db, target, doc = fuzz_target
    text = json.dumps(doc).encode("utf-8")
    _load_or_clear_error(db, target, text[:cut], tmp_path)
    path = choice.draw(st.sampled_from(_paths(doc)[1:]))
    mutated = copy.deepcopy(doc)
    holder = mutated
    for part in path[:-1]:
        holder = holder[part]
    del holder[path[-1]]
    _load_or_clear_error(db, target, json.dumps(handoff.sign(mutated, KEY)).encode("utf-8"), tmp_path)


def test_a_plan_for_a_patient_without_an_assessment_stands_and_the_safety_screen_opens_the_sessions(
        two_laptops: tuple[Database, int, Database, int], tmp_path: Path) -> None:
    """Load a plan onto someone who stopped the first assessment half-way: the plan stands; Today asks the full
    safety questions first (RS-NEVER), they start with About you (the triage needs the age), and once answered
    the session is offered with the clinician's plan."""
    from backtrainer.core.bodymap import MarkedRegion
    from backtrainer.core.screening import QUESTION_IDS, RS_NEVER
    from backtrainer.services.assessment import AboutYou, AssessmentService
    from backtrainer.services.training import TrainingService

    first, source, second, target = two_laptops
    clock = FixedClock(NOW)
    path = handoff.save_handoff(first, source, tmp_path / "plan.btplan", KEY, clinician_id="c1",
                                clinic_name="Test Clinic", clock=clock)
    with second.session_scope() as s:
        p = s.get(Profile, target)
        assert p is not None and not (p.assessment_state or {}).get("done")
        p.assessment_state = {"done": False, "step": "about", "mode": "full"}  # an assessment left half-way
        s.add(p)
    handoff.load_handoff(second, target, path, KEY, LIBRARY, clinician_id="c2", reason="New patient", clock=clock)
    with second.session_scope() as s:
        p = s.get(Profile, target)
        assert p is not None
        state = dict(p.assessment_state)
    assert state["done"] is True and state["step"] is None and state["plan_source"] == "clinician"
    training = TrainingService(second, clock)
    view = training.today(target)
    assert view.assessment_done and RS_NEVER in view.rescreen
    assessment = AssessmentService(second, clock)
    assert assessment.start(target, mode="rescreen", reason=RS_NEVER).step == "about"
    outcome = assessment.save_about(target, AboutYou(nickname="Noor", age=52, first_episode=False, pain_weeks=10,
                                                     emergency_number="999", country="UK"))
    assert outcome.next_step == "screening"
    assessment.save_screening(target, {q: "NO" for q in QUESTION_IDS})
    assessment.save_body_map(target, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 4)])
    view = training.today(target)
    assert view.assessment_done and RS_NEVER not in view.rescreen
    assert view.session is not None and view.session.items  # the clinician's plan, ready to start
    assert plan_of(second, target) == plan_of(first, source)


def test_loading_a_plan_leaves_a_re_screen_in_progress_and_the_plan_start_alone(
        two_laptops: tuple[Database, int, Database, int], tmp_path: Path) -> None:
    first, source, second, _target = two_laptops
    clock = FixedClock(NOW)
    path = handoff.save_handoff(first, source, tmp_path / "plan.btplan", KEY, clinician_id="c1",
                                clinic_name="Test Clinic", clock=clock)
    other = add_profile(second, "Has A Plan")
    state = {"done": True, "step": "screening", "mode": "rescreen", "plan_day": "2026-01-05"}
    with second.session_scope() as s:
        p = s.get(Profile, other)
        assert p is not None
        p.assessment_state = dict(state)
        s.add(p)
    handoff.load_handoff(second, other, path, KEY, LIBRARY, clinician_id="c2", reason="Update", clock=clock)
    with second.session_scope() as s:
        p = s.get(Profile, other)
        assert p is not None and dict(p.assessment_state) == state
