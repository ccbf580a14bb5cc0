"""Exercise library content (clinical reference section 5) and the progression message catalogue."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from importlib import resources

import pytest

from backtrainer.content.exercises import (
    ExerciseModel,
    load_library,
    load_progression_messages,
    placeholders,
)
from backtrainer.core.chains import CHAIN_LEVELS, Chain
from backtrainer.core.library import KNOWN_FLAGS, Library
from backtrainer.core.progression import EVENT_PARAMS, REASON_PARAMS
from backtrainer.core.progression_ladder import Dose, Ladder

EXPECTED_IDS = {
    "MC-01",
    "MC-02",
    "MC-03a",
    "MC-03b",
    "MC-03c",
    "MC-04a",
    "MC-04b",
    "MC-04c",
    "EX-01",
    "EX-02a",
    "EX-02b",
    "EX-02c",
    "EX-03a",
    "EX-03b",
    "LT-01a",
    "LT-01b",
    "LT-01c",
    "LT-01d",
    "LT-02a",
    "LT-02b",
    "LT-02c",
    "LT-03a",
    "LT-03b",
    "LT-03c",
    "GL-01a",
    "GL-01b",
    "GL-02",
    "GL-03",
    "GL-04a",
    "GL-04b",
    "GL-04c",
    "MO-01",
    "MO-02",
    "MO-03a",
    "MO-03b",
    "MO-04",
    "MO-05",
    "FN-01a",
    "FN-01b",
    "FN-02a",
    "FN-02b",
    "FN-02c",
    "FN-03a",
    "FN-03b",
    "FN-03c",
    "FN-04a",
    "FN-04b",
    "WK-01",
}
# Jargon and alarming words kept out of what the user reads (plain language, never alarming).
JARGON = (
    "transversus",
    "multifidus",
    "quadratus",
    "gluteus",
    "isometric",
    "neurodynamic",
    "peripheral",
    "lumbar",
    "radicul",
    "sciatic",
)
ALARMING = ("danger", "injur", "damage", "tear", "degenerat", "crumbl", "slipped", "serious", "harm")


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def raw_exercises() -> list[dict[str, object]]:
    text = resources.files("backtrainer.content").joinpath("exercises.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    items = data["exercise"]
    assert isinstance(items, list)
    return items


def test_library_loads_every_exercise_of_section_5(lib: Library) -> None:
    assert set(lib.exercises) == EXPECTED_IDS
    assert len({e.family for e in lib.exercises.values()}) == 24


def test_ids_are_unique_in_the_file() -> None:
    counts = Counter(str(item["id"]) for item in raw_exercises())
    assert [k for k, v in counts.items() if v > 1] == []


def test_chains_match_chain_levels_and_their_exercises(lib: Library) -> None:
    assert set(lib.chains) == set(Chain)
    for chain, spec in lib.chains.items():
        assert len(spec.levels) == CHAIN_LEVELS[chain]
        for level, ex_id in enumerate(spec.levels, start=1):
            ex = lib.exercise(ex_id)
            assert (ex.chain, ex.level) == (chain, level)
    in_chains = {ex_id for spec in lib.chains.values() for ex_id in spec.levels}
    assert in_chains == {e.id for e in lib.exercises.values() if e.chain is not None}


def test_regress_and_progress_targets_exist_and_progress_follows_the_chain(lib: Library) -> None:
    for ex in lib.exercises.values():
        for ref in (ex.regress_to, ex.progress_to):
            assert ref is None or ref in lib.exercises, ex.id
        if ex.chain is not None and ex.level is not None:
            top = lib.levels(ex.chain)
            nxt = lib.at(ex.chain, ex.level + 1).id if ex.level < top else None
            assert ex.progress_to == nxt, ex.id


def test_every_exercise_is_complete(lib: Library) -> None:
    for ex in lib.exercises.values():
        assert 3 <= len(ex.cues) <= 5, ex.id
        assert ex.video == ex.id
        assert ex.breathing and ex.target and ex.start_position
        assert ex.flags <= KNOWN_FLAGS
        if ex.family in ("LT-03", "WK-01"):
            assert ex.tempo is None and ex.cycle_s == 4.0, ex.id
        else:
            assert ex.tempo is not None and len(ex.tempo) == 3, ex.id


@pytest.mark.parametrize(
    ("ex_id", "ladder", "dose", "per_side"),
    [
        ("MC-01", Ladder.HOLD, Dose(1, 5, 5, (2, 5, 2)), False),
        ("MC-02", Ladder.REP, Dose(1, 6, None, (3, 1, 3)), True),
        ("MC-03b", Ladder.REP, Dose(2, 6, None, (3, 2, 3)), True),
        ("EX-01", Ladder.REP, Dose(2, 10, None, (2, 1, 2)), False),
        ("EX-02b", Ladder.HOLD, Dose(1, 5, 5, (2, 5, 2)), True),
        ("LT-01c", Ladder.HOLD, Dose(1, 5, 5, (2, 5, 2)), True),
        ("LT-03b", Ladder.CARRY, Dose(3, 1, 20, None), True),
        ("GL-02", Ladder.REP, Dose(2, 6, None, (2, 2, 2)), True),
        ("MO-03a", Ladder.FIXED, Dose(2, 1, 30, (2, 30, 2)), False),
        ("MO-04", Ladder.FIXED, Dose(2, 1, 30, (2, 30, 2)), True),
        ("FN-03c", Ladder.REP, Dose(2, 8, None, (3, 1, 1)), False),
        ("FN-04b", Ladder.REP, Dose(2, 6, None, (3, 1, 2)), True),
    ],
)
def test_default_doses_match_the_reference(
    lib: Library, ex_id: str, ladder: Ladder, dose: Dose, per_side: bool
) -> None:
    ex = lib.exercise(ex_id)
    assert (ex.ladder, ex.base, ex.per_side) == (ladder, dose, per_side)


def test_flags_for_band_support_prone_and_leg_pathway(lib: Library) -> None:
    assert {e.id for e in lib.with_flag("needs_band")} == {"LT-02a", "LT-02b", "LT-02c"}
    assert {e.id for e in lib.with_flag("leg_pathway_only")} == {"MO-05"}
    assert {"MO-03a", "MO-03b", "EX-03a", "EX-03b"} <= {e.id for e in lib.with_flag("prone")}
    assert {"FN-04b", "FN-02c"} <= {e.id for e in lib.with_flag("support_variant")}
    assert {e.id for e in lib.with_flag("extension")} == {"MO-03a", "MO-03b", "EX-03a", "EX-03b"}


def test_session_templates_name_existing_exercises(lib: Library) -> None:
    t = lib.templates
    assert t.warmup == ("MO-01", "MO-02") and t.flare == ("MO-01", "MO-02", "MO-03a", "MC-01")
    assert t.core == (Chain.MC, Chain.QX, Chain.LAT, Chain.GLU)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z']+", text.lower())


def test_user_text_is_plain_and_never_alarming(lib: Library) -> None:
    for ex in lib.exercises.values():
        text = " ".join([ex.name, ex.target, ex.start_position, *ex.cues, *ex.more_tips, ex.breathing])
        low = text.lower()
        assert not [w for w in JARGON if w in low], ex.id
        assert not [w for w in ALARMING if w in low and "not been shown" not in low], ex.id
        for sentence in re.split(r"[.;:!?]", text):
            assert len(_words(sentence)) <= 30, (ex.id, sentence)


def test_invalid_exercise_is_rejected() -> None:
    good = dict(raw_exercises()[0])
    ExerciseModel.model_validate(good)
    for bad in ({"cues": ["one", "two"]}, {"video": "other"}, {"flags": ["sparkly"]}, {"chain": None}):
        with pytest.raises(ValueError):
            ExerciseModel.model_validate({**good, **bad})


def test_every_reason_and_event_code_has_words_with_matching_placeholders() -> None:
    msgs = load_progression_messages()
    assert set(msgs.reasons) == set(REASON_PARAMS)
    assert set(msgs.events) == set(EVENT_PARAMS)
    for table, params in ((msgs.reasons, REASON_PARAMS), (msgs.events, EVENT_PARAMS)):
        for code, text in table.items():
            assert placeholders(text) == set(params[code]), code
            assert not [w for w in ("danger", "injur", "serious") if w in text.lower()], code
