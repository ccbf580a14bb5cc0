"""Education topics, movement-test instructions and assessment wording: load, cross-check, read easily."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from backtrainer.content.education import (
    load_assessment_messages,
    load_education,
    load_movement_tests,
    placeholders,
)
from backtrainer.core import movement, review
from backtrainer.core.instruments import NprsBand, OdiBand, PseqBand, StartBackRisk
from backtrainer.core.movement import HingeGrade, TestId

FORBIDDEN = re.compile(r"\b(weak|weakness|abnormal|fail|failed|failure|diagnos\w*|dangerous)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def fk_grade() -> Iterator[object]:
    """Flesch-Kincaid grade via textstat, offline: skip the CMU dictionary download and use pyphen syllables."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables

    original = _count_syllables.get_cmudict
    _count_syllables.get_cmudict = lambda lang: {}  # type: ignore[assignment]
    try:
        yield textstat.flesch_kincaid_grade
    finally:
        _count_syllables.get_cmudict = original


def test_education_topics_present_and_scheduled() -> None:
    edu = load_education()
    assert [t.id for t in edu.topics] == [f"ED-{n:02d}" for n in range(1, 13)]
    assert edu.schedule.first_session == list(movement.ED_FIRST_SESSION)
    assert edu.schedule.fear_early == list(movement.ED_FEAR_EARLY)
    assert edu.schedule.on_flare == movement.ED_FLARE == "ED-11"
    assert edu.schedule.bending == movement.ED_BENDING == "ED-08"
    assert edu.topic("ED-08").title.startswith("Bending and lifting")


def test_education_summaries_are_the_reference_text() -> None:
    edu = load_education()
    assert edu.topic("ED-01").summary.startswith("Most people have back pain at some point.")
    assert edu.topic("ED-11").summary.endswith("Go back to your normal plan step by step as it settles.")
    for topic in edu.topics:
        assert topic.source and topic.learn_more and topic.summary != topic.learn_more


def test_movement_tests_match_core() -> None:
    content = load_movement_tests()
    assert {t.id for t in content.tests} == set(movement.MOVEMENT_TEST_IDS)
    assert set(content.order) == set(movement.MOVEMENT_TEST_IDS) - {TestId.WALK}
    for test in content.tests:
        assert test.video_id == test.id
        result_type = movement.RESULT_TYPE_BY_ID[test.id]
        fields = set(result_type.__dataclass_fields__)
        for question in test.questions_after:
            assert question.key in fields, (test.id, question.key)
    assert content.test("MT-SLS").timer.mode == "countdown_max" and content.test("MT-SLS").timer.max_s == 45
    assert content.test("MT-STS").timer.mode == "counted"
    assert content.test("MT-ASLR").timer.mode == "rating"
    assert content.test("MT-FTF").timer.mode == "measure"
    assert content.test("MT-HINGE").timer.mode == "choice"
    assert content.test("MT-BRIDGE").timer.max_s == int(movement.BRIDGE_MAX_S)


def test_choice_keys_match_core_enums() -> None:
    content = load_movement_tests()
    expected = {
        ("MT-HINGE", "contacts_kept"): {e.value for e in movement.HingeContacts},
        ("MT-HINGE", "depth_reached"): {e.value for e in movement.HingeDepth},
        ("MT-BRIDGE", "end_reason"): {e.value for e in movement.BridgeEndReason},
        ("MT-SIDEBRIDGE", "version"): {e.value for e in movement.SideBridgeVersion},
        ("MT-WALK", "ended_by"): {e.value for e in movement.WalkEnd},
    }
    for (test_id, key), values in expected.items():
        question = next(q for q in content.test(test_id).questions_after if q.key == key)
        assert {c.key for c in question.choices} == values


def test_every_reason_code_has_words_with_matching_placeholders() -> None:
    messages = load_assessment_messages().messages
    codes = {**movement.REASON_CODES, **review.REASON_CODES}
    assert set(codes) == set(messages)
    for code, params in codes.items():
        assert placeholders(messages[code]) <= set(params), code  # words may leave a number out


def test_rendering_a_plan_never_fails() -> None:
    msgs = load_assessment_messages()
    plan = movement.build_first_plan(
        [movement.BridgeResult(hold_s=75), movement.SideBridgeResult(right_s=20, left_s=40)],
        age=70,
        start_back_risk="high",
        baseline_walk_minutes=12,
        prone_ok=False,
    )
    words = [msgs.render(code, start.params) for start in plan.chains for code in start.reasons]
    words += [msgs.render(code, plan.params) for code in plan.reasons]
    words += [msgs.render(code, plan.walk.params) for code in plan.walk.reasons]
    assert "We start the bridge at level 2 because you held the bridge for 75 seconds." in words


def test_band_labels_cover_core_bands() -> None:
    labels = load_assessment_messages().labels
    assert set(labels.odi) == set(labels.odi_clinician) == {b.value for b in OdiBand}
    assert set(labels.nprs) == {b.value for b in NprsBand}
    assert set(labels.pseq) == {b.value for b in PseqBand}
    assert set(labels.start_back) == {r.value for r in StartBackRisk}
    assert set(labels.hinge_grade) == {g.value for g in HingeGrade}
    assert labels.odi["crippled"] == "Very large effect on daily life"  # 3.3 patient-facing label
    assert "crippled" not in " ".join(labels.odi.values()).lower()


def _patient_texts() -> dict[str, str]:
    msgs = load_assessment_messages()
    texts = {f"message {k}": v for k, v in msgs.messages.items()}
    texts |= {f"verdict {k}": v for k, v in msgs.verdicts.items()}
    labels = msgs.labels
    for name in ("odi", "nprs", "pseq", "start_back", "hinge_grade"):
        texts |= {f"label {name}.{k}": v for k, v in getattr(labels, name).items()}
    for topic in load_education().topics:
        texts[f"{topic.id} learn_more"] = topic.learn_more
    tests = load_movement_tests()
    texts["common"] = " ".join([tests.common.intro, tests.common.before_each, *tests.common.stop_rules])
    for test in tests.tests:
        parts = [test.title, test.measures, *test.equipment, *test.steps, *test.safety, *test.stop_rules]
        parts += [q.text for q in test.questions_after] + [c.label for q in test.questions_after for c in q.choices]
        texts[test.id] = " ".join(parts)
    return texts


def test_patient_text_is_neutral() -> None:
    for where, text in _patient_texts().items():
        assert not FORBIDDEN.search(text), f"{where}: {text}"


def test_patient_text_reads_at_grade_8_or_below(fk_grade: object) -> None:
    grade = fk_grade  # textstat.flesch_kincaid_grade
    texts = _patient_texts()
    groups = {
        "messages": " ".join(v for k, v in texts.items() if k.startswith("message ")),
        "verdicts": " ".join(v for k, v in texts.items() if k.startswith("verdict ")),
        "learn_more": " ".join(v for k, v in texts.items() if k.endswith("learn_more")),
        "movement tests": " ".join(v for k, v in texts.items() if k.startswith("MT-") or k == "common"),
    }
    for name, text in groups.items():
        assert grade(text) <= 8, name  # type: ignore[operator]
    for topic in load_education().topics:
        assert grade(topic.learn_more) <= 8, topic.id  # type: ignore[operator]


def test_movement_texts_do_not_contradict_or_repeat() -> None:
    """Issue 20 item 16: one safety box per test, each rule once, no "use your hands" next to "stop if you need
    your hands", no "watch the video" said as if every test had one."""
    from backtrainer.content.education import load_movement_tests

    content = load_movement_tests()
    assert "watch the short video if there is one" in content.common.before_each.lower()
    for test in content.tests:
        box = [*test.safety, *content.common.stop_rules, *test.stop_rules]
        words = " ".join(box).lower()
        assert not ("use them" in words and "without using your hands" in words), test.id
        for a in box:
            for b in box:
                if a is not b:
                    assert a.lower().rstrip(".") not in b.lower(), f"{test.id}: {a!r} repeats in {b!r}"
        steps = " ".join(test.steps).lower()
        assert not ("reaches 5" in steps and "reaches 5" in " ".join(test.stop_rules).lower()), test.id
