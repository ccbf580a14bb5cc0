"""Screening, body-map, safety and message content loads, validates and matches the core rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from backtrainer.content import screening as content
from backtrainer.content.safety import Caution, EmergencyScreen
from backtrainer.content.screening import (
    MessagesContent,
    RedFlagQuestion,
    format_summary,
    load_body_regions,
    load_messages,
    load_red_flags,
    load_safety,
    placeholders,
)
from backtrainer.core.bodymap import BM_CODES, REGIONS, Quality
from backtrainer.core.screening import (
    ASKED_IDS,
    FOLLOWUP_TRIGGERS,
    PROFILE_FLAG_IDS,
    QUESTION_IDS,
    QUICK_CHECK_CODES,
    QUICK_CHECK_TICKS,
    RED_FLAG_TIERS,
    RESCREEN_CODES,
    TRIAGE_CODES,
    Tier,
)

REFERENCE = Path("/work/shared/clinical-reference.md")

ALL_CODES = set(TRIAGE_CODES) | set(QUICK_CHECK_CODES) | set(RESCREEN_CODES) | set(BM_CODES)
# Codes that can put the user at CLINICIAN_SOON or EMERGENCY, so the {summary} slot needs a phrase.
SUMMARY_CODES = (set(QUESTION_IDS) | {"RF-AGE1", "RF-AGE2", "RF-PROFILE"}
                 | {"BM01", "BM02", "BM04", "BM07", "BM09-PERSIST", "BM11"})
# Codes that can be the reason for a CAUTION message, so the {change} slot needs a sentence.
CHANGE_CODES = {"RF13", "RF14", "BM03", "BM06", "BM08", "BM12"}


def test_loaders_are_cached() -> None:
    assert load_red_flags() is load_red_flags()
    assert load_body_regions() is load_body_regions()
    assert load_safety() is load_safety()
    assert load_messages() is load_messages()


# --- red_flags.toml -----------------------------------------------------------------------------------------


def test_questions_match_core_ids_and_tiers() -> None:
    questions = load_red_flags().questions
    assert tuple(q.id for q in questions) == ASKED_IDS
    for q in questions:
        assert Tier.from_code(q.tier_if_yes) is RED_FLAG_TIERS[q.id[:4]], q.id


def test_one_thing_per_question() -> None:
    """Issue 20 item 16: no question asks two things ("Have you ...? Do you ...?") in one Yes / No."""
    for q in load_red_flags().questions:
        # "...? Or ...?" goes on with the same question; a second question starts with another word
        assert not re.search(r"\?\s+(?!Or\b|For example)[A-Z]", q.text), f"{q.id} asks more than one thing: {q.text}"


# Every symptom the reference's question names (ref 1.2) must still be asked about in our plain-language version.
KEY_TERMS: dict[str, tuple[str, ...]] = {
    "RF01": ("numbness", "tingling", "between your legs", "bottom", "genitals", "toilet paper"),
    "RF02": ("new", "bladder", "bowels", "starting to pee", "weak stream", "leaking urine", "control"),
    "RF03": ("new", "sexual feeling", "function", "genitals"),
    "RF04": ("weaker", "foot drags", "trip", "gives way"),
    "RF05": ("new", "both legs", "numbness", "pins and needles"),
    "RF06": ("serious accident or fall", "2 weeks", "car crash", "height", "stairs"),
    "RF07": ("sudden", "severe", "tearing", "tummy", "chest pain", "breathing", "fainted"),
    "RF08": ("ever", "cancer", "treated"),
    "RF09": ("lost weight", "6 months", "without trying", "5 kg"),
    "RF10": ("fever", "chills", "night sweats", "unwell", "infection", "injected drugs", "medicines"),
    "RF11": ("steroid tablets", "3 months", "broken a bone"),  # osteoporosis: the About you tick (asked once)
    "RF12": ("all the time", "rest", "change position", "worse at night", "awake"),
    "RF13": ("one", "below the knee", "numbness", "pins and needles"),
    "RF14": ("45", "3 months", "stiff", "morning", "30 minutes", "better when you move", "not when you rest"),
}


def test_questions_keep_every_symptom_of_the_reference() -> None:
    """Each rule's parts together still ask about everything the reference's question names."""
    questions = load_red_flags().questions
    assert {q.id[:4] for q in questions} == set(KEY_TERMS)
    for rule, terms in KEY_TERMS.items():
        text = " ".join(q.text for q in questions if q.id[:4] == rule).lower()
        missing = [term for term in terms if term.lower() not in text]
        assert not missing, f"{rule} no longer mentions {missing}"


def test_osteoporosis_is_asked_once() -> None:
    content = load_red_flags()
    asked = [q.id for q in content.questions if "osteoporosis" in q.text.lower()]
    ticks = [p.id for p in content.profile_flags if "osteoporosis" in p.text.lower()]
    assert asked == [] and ticks == ["severe_osteoporosis"]


def test_question_text_has_no_markup_and_emphasis_is_in_text() -> None:
    for q in load_red_flags().questions:
        assert "*" not in q.text
        assert all(word in q.text for word in q.emphasis)
        assert q.why


def test_followups_match_core() -> None:
    followups = load_red_flags().followups
    assert {f.id: f.trigger[:4] for f in followups} == dict(FOLLOWUP_TRIGGERS)
    assert {f.trigger for f in followups} <= set(ASKED_IDS)
    texts = {f.id: f.text for f in followups}
    # Reference 1.3 wording for the two downgrade questions.
    assert texts["RF02_changed_since_pain"] == "Did this start or change since your back pain began?"
    assert texts["RF05_stable_and_assessed"] == (
        "Have these symptoms in both legs been the same for more than 3 months, and has a doctor already "
        "checked them?"
    )


def test_quick_check_items_match_core_ticks() -> None:
    qc = load_red_flags().quick_check
    assert tuple(i.id for i in qc.items) == QUICK_CHECK_TICKS
    assert qc.items[-1].text == "None of these"
    assert qc.fall_serious_question.endswith("?")
    assert qc.rf11_question.endswith("?")


def test_profile_flags_match_core() -> None:
    assert tuple(p.id for p in load_red_flags().profile_flags) == PROFILE_FLAG_IDS


def test_not_sure_explains_it_counts_as_yes() -> None:
    ns = load_red_flags().not_sure
    assert "yes" in ns.text.lower()
    assert load_red_flags().answers.NOT_SURE == "Not sure"


# --- body_regions.toml --------------------------------------------------------------------------------------


def test_every_region_has_a_label_and_vice_versa() -> None:
    labels = load_body_regions().regions
    assert {r.id for r in labels} == set(REGIONS)
    assert len(labels) == len(REGIONS)


def test_region_labels_use_your_left_and_your_right() -> None:
    for r in load_body_regions().regions:
        side = REGIONS[r.id].side
        if side == "L":
            assert "your left" in r.label, r.id
        elif side == "R":
            assert "your right" in r.label, r.id
        else:
            assert "your left" not in r.label and "your right" not in r.label, r.id


def test_quality_labels_match_core_and_reference_2_2() -> None:
    quals = {q.code: q for q in load_body_regions().qualities}
    assert set(quals) == {q.value for q in Quality}
    assert quals["PINS_NEEDLES"].label == "Pins and needles / tingling"
    assert quals["NUMB"].label == "Numb / reduced feeling"
    assert {q.icon for q in quals.values()} == {"ache", "zap", "flame", "dots", "numb", "bolt"}


# --- safety.toml --------------------------------------------------------------------------------------------


def test_emergency_screen_formats_with_its_placeholders() -> None:
    safety = load_safety()
    body = safety.emergency.body.format(summary="new symptoms in both legs")
    assert "You told us about new symptoms in both legs." in body
    actions = [a.format(emergency_number="999") for a in safety.emergency.actions]
    assert any("Call 999" in a for a in actions)
    assert "{" not in body and all("{" not in a for a in actions)


def test_tier_messages_have_their_slots() -> None:
    safety = load_safety()
    assert placeholders(safety.clinician_soon.body) == {"summary"}
    assert placeholders(safety.caution.body) == {"change"}
    assert placeholders(safety.distress.text) == {"crisis_line"}
    assert safety.first_run.accept_button == "I understand"
    assert safety.first_run.exit_button == "Exit"
    assert any("18 or older" in p for p in safety.first_run.paragraphs)
    assert "I have a new symptom" in safety.footer.text


def test_emergency_numbers_of_8_3() -> None:
    numbers = {n.code: n.number for n in load_safety().emergency_numbers}
    assert numbers == {"UK": "999", "EU": "112", "US_CA": "911", "AU": "000", "NZ": "111", "IN": "112"}
    assert load_safety().emergency_number("AU") == "000"


def test_medicines_line_only_refers_to_doctor_or_pharmacist() -> None:
    text = load_safety().medicines.text.lower()
    assert "doctor" in text and "pharmacist" in text


# --- messages/screening.toml --------------------------------------------------------------------------------


def test_every_reason_code_has_a_message_and_no_orphans() -> None:
    messages = load_messages().messages
    assert set(messages) == ALL_CODES


def test_summary_phrase_for_every_code_that_can_need_a_clinician() -> None:
    summaries = load_messages().summaries
    assert set(summaries) >= SUMMARY_CODES
    assert set(summaries) <= ALL_CODES
    for code, phrase in summaries.items():
        assert phrase[0].islower() and not phrase.endswith("."), code  # fits "You told us about {summary}."


def test_change_sentence_for_every_caution_code() -> None:
    changes = load_messages().changes
    assert set(changes) == CHANGE_CODES
    assert all(text.endswith(".") for text in changes.values())


def test_format_summary_joins_phrases() -> None:
    msgs = load_messages()
    assert format_summary(["RF02"], msgs) == msgs.summaries["RF02"]
    joined = format_summary(["RF05", "BM02", "RF04", "BM05"], msgs)
    # The duplicate phrase of BM02 and BM05 (no phrase) are skipped.
    assert joined == f"{msgs.summaries['RF05']} and {msgs.summaries['RF04']}"
    assert format_summary([], msgs) == ""
    assert format_summary(["RF01", "RF02", "RF03"]).count(",") == 1


# --- tone and reading level ---------------------------------------------------------------------------------


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade with a simple syllable heuristic (textstat needs a network download)."""
    sentences = max(len(re.findall(r"[.!?]+", text)), 1)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def _our_texts() -> list[str]:
    rf = load_red_flags()
    regions = load_body_regions()
    texts = [*load_messages().messages.values(), *load_messages().changes.values()]
    texts += [q.why for q in rf.questions] + [f.help for f in rf.followups] + [rf.not_sure.text]
    texts += [q.description for q in regions.qualities]
    safety = load_safety()
    texts += [safety.medicines.text, safety.not_eligible.text, safety.clinician_soon.same_day]
    return texts


def test_fk_grade_helper_is_sane() -> None:
    assert fk_grade("The cat sat on the mat.") < 3
    assert fk_grade("Radiculopathy necessitates comprehensive multidisciplinary evaluation.") > 12


def test_our_wording_reads_at_grade_6_to_8() -> None:
    texts = _our_texts()
    grades = [fk_grade(t) for t in texts]
    assert sum(grades) / len(grades) <= 8.0
    too_hard = [t for t, g in zip(texts, grades) if g > 10.0]
    assert too_hard == []


FORBIDDEN = (
    r"\byou have (a |an )?(cauda|cancer|sciatica|infection|fracture|tumou?r|neuropathy|stenosis|arthritis)",
    r"\bdanger", r"\bparaly", r"\bpermanent", r"!",
)


def test_wording_is_calm_and_never_diagnostic() -> None:
    texts = [*_our_texts(), *load_messages().summaries.values()]
    for text in texts:
        for pattern in FORBIDDEN:
            assert not re.search(pattern, text, flags=re.I), (pattern, text)


def test_red_flag_messages_say_can_be_a_sign_rather_than_you_have() -> None:
    messages = load_messages().messages
    for code in ("RF01", "RF13", "BM01", "BM03"):
        assert "can be a sign" in messages[code]


def test_every_text_has_well_formed_placeholders() -> None:
    rf = load_red_flags()
    safety = load_safety()
    texts = [q.text for q in rf.questions] + [q.why for q in rf.questions]
    texts += [f.text for f in rf.followups] + [i.text for i in rf.quick_check.items]
    texts += [*safety.emergency.actions, safety.emergency.body, safety.clinician_soon.body]
    texts += [safety.caution.body]
    texts += [*load_messages().messages.values(), *load_messages().summaries.values()]
    allowed = {"summary", "emergency_number", "change", "crisis_line"}
    for text in texts:
        assert placeholders(text) <= allowed, text


# --- schema guards ------------------------------------------------------------------------------------------


def test_placeholders_rejects_malformed_braces() -> None:
    with pytest.raises(ValueError):
        placeholders("You told us about {summary")
    with pytest.raises(ValueError, match="malformed"):
        placeholders("Call {emergency number}")
    assert placeholders("{summary} and {change}") == {"summary", "change"}


def test_schema_rejects_caution_without_change_slot() -> None:
    with pytest.raises(ValidationError, match="change"):
        Caution(title="You can start.", body="Please mention this.")


def test_schema_rejects_unknown_placeholder_in_emergency_screen() -> None:
    with pytest.raises(ValidationError, match="unknown placeholder"):
        EmergencyScreen(
            title="Help now.", body="You told us about {summary} at {time}.", body_other="You told us about {summary}.",
            actions=("Call {emergency_number}.",), print_button="Print", checked_button="Checked",
        )


def test_schema_rejects_emphasis_not_in_text_and_bad_tier() -> None:
    base = {"id": "RF01", "tier_if_yes": "EMERGENCY", "screens_for": "x", "text": "Any change?"}
    base["why"] = "Why."
    with pytest.raises(ValidationError, match="emphasised"):
        RedFlagQuestion.model_validate({**base, "emphasis": ["new"]})
    with pytest.raises(ValidationError):
        RedFlagQuestion.model_validate({**base, "tier_if_yes": "URGENT"})


def test_schema_rejects_placeholders_in_messages_and_extra_keys() -> None:
    with pytest.raises(ValidationError):
        MessagesContent.model_validate({"version": 1, "messages": {"RF01": "Hi {name}"}, "summaries": {},
                                        "changes": {}})
    with pytest.raises(ValidationError):
        MessagesContent.model_validate({"version": 1, "messages": {}, "summaries": {}, "changes": {},
                                        "extra": {}})


def test_red_flag_content_rejects_duplicate_question_ids() -> None:
    data = load_red_flags().model_dump()
    data["questions"] = [*data["questions"], data["questions"][0]]
    with pytest.raises(ValidationError, match="duplicate question"):
        content.RedFlagContent.model_validate(data)


def test_rescreen_reasons_ask_once() -> None:
    """Two reasons on Today: each reason, then "Please answer the full safety questions again." once (the walk saw
    it twice); one reason stays as written; messages with different last sentences are kept whole."""
    from backtrainer.content.screening import load_messages, rescreen_text

    messages = load_messages().messages
    ask = "Please answer the full safety questions again."
    both = rescreen_text(["RS-INTERVAL", "RS-FLARE"])
    assert both.count(ask) == 1 and both.endswith(ask)
    assert both.startswith("It has been a few weeks.") and "Your flare-up has lasted a week." in both
    assert rescreen_text(["RS-FLARE"]) == messages["RS-FLARE"]
    assert rescreen_text(["RS-FLARE", "RS-FLARE"]) == messages["RS-FLARE"]
    assert rescreen_text(["RS-NEVER", "RS-GAP"]) == f"{messages['RS-NEVER']} {messages['RS-GAP']}"
    assert rescreen_text(["NO-SUCH-CODE"]) == ""
