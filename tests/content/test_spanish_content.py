"""The Spanish content overlays (``content/i18n/es/``) are complete, well-formed and load through the normal loaders.

For every English content file with patient-facing text: every patient-facing string has a Spanish value that differs
from the English one (bar a short allow-list of words that are the same in both languages), keeps exactly the same
``{placeholders}``, the merged tree validates with the file's pydantic model, and every key of the overlay exists in
English (a stray key would be silently ignored by :func:`backtrainer.i18n.overlay`).

Never translated, so never checked: clinician-facing fields (what a red flag screens for, follow-up effects, sources,
licence and copyright lines, instrument names/constructs/topics, clinician ODI labels) and the licensed STarT Back
questionnaire, which may only be shown in a translation published under licence by Keele.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest
from pydantic import BaseModel

from backtrainer import i18n
from backtrainer.content.education import (
    AssessmentMessages,
    EducationContent,
    MovementTestsContent,
    load_assessment_messages,
    load_education,
    load_movement_tests,
)
from backtrainer.content.exercises import (
    ChainsFile,
    ExercisesFile,
    MessagesFile,
    load_library,
    load_progression_messages,
)
from backtrainer.content.instruments import InstrumentMeta, load_instruments
from backtrainer.content.loader import localized, read_toml, validate
from backtrainer.content.safety import SafetyContent, load_safety
from backtrainer.content.screening import (
    BodyRegionsContent,
    MessagesContent,
    RedFlagContent,
    load_body_regions,
    load_messages,
    load_red_flags,
)

LANG = "es"

# Every English content file with patient-facing text, and the model its merged tree must satisfy. Exempt: the
# instruments other than NPRS and PSFS (no shipped item text; their wording comes from licensed packs) and
# instruments/startback.toml (licensed questionnaire text, kept exactly as published).
FILES: dict[str, type[BaseModel]] = {
    "red_flags.toml": RedFlagContent,
    "body_regions.toml": BodyRegionsContent,
    "safety.toml": SafetyContent,
    "messages/screening.toml": MessagesContent,
    "messages/assessment.toml": AssessmentMessages,
    "messages/progression.toml": MessagesFile,
    "education.toml": EducationContent,
    "movement_tests.toml": MovementTestsContent,
    "exercises.toml": ExercisesFile,
    "chains.toml": ChainsFile,
    "instruments/nprs.toml": InstrumentMeta,
    "instruments/psfs.toml": InstrumentMeta,
}
LICENSED = "instruments/startback.toml"

# Clinician-facing or legal text: stays in English (never in an overlay).
CLINICIAN_KEYS = frozenset({
    "screens_for", "effect", "source", "licence_note", "licence_status", "copyright", "copyright_notice",
    "copyright_holder", "funding", "construct", "topics", "mcid", "frequency", "odi_clinician",
})
# Identifiers, codes and logic values: never translated.
CODE_KEYS = frozenset({
    "id", "code", "key", "version", "tier_if_yes", "trigger", "icon", "number", "flags", "tempo", "cycle_s", "ladder",
    "dose", "per_side", "family", "chain", "level", "levels", "regress_to", "progress_to", "video", "video_id", "order",
    "schedule", "templates", "kind", "when", "mode", "max_s", "count", "unit", "trials", "practice",
    "item_count", "item_count_max", "scored_items", "response_options", "item_response_options", "score_range",
    "direction", "scoring_function", "change_function", "scoring_version",
})
# Keys that are clinician-facing in one file only.
FILE_SKIP_KEYS: dict[str, frozenset[str]] = {
    "movement_tests.toml": frozenset({"sides"}),  # "right"/"left" codes (body_regions.toml [sides] is text)
    "instruments/nprs.toml": frozenset({"name"}),  # instrument metadata name (clinician export)
    "instruments/psfs.toml": frozenset({"name"}),
}
# Strings that are the same in both languages (proper nouns, and "No").
SAME_IN_BOTH = frozenset({"No", "Australia", "India"})
_MATCH_KEYS = ("id", "code", "key")
_ONLY_NUMBERS = re.compile(r"^[\d\s.,/%:+-]*$")


def _match_key(items: list[Any]) -> str | None:
    if items and all(isinstance(item, dict) for item in items):
        return next((k for k in _MATCH_KEYS if all(k in item for item in items)), None)
    return None


def _skip(relpath: str) -> frozenset[str]:
    return CLINICIAN_KEYS | CODE_KEYS | FILE_SKIP_KEYS.get(relpath, frozenset())


def _skipped(key: str, english: Any, skip: frozenset[str]) -> bool:
    """Whether ``key`` holds untranslated values. A list of tables is always walked: its entries hold their own
    codes and texts (``[[chain]]`` of chains.toml, education ``[[topics]]`` vs. instrument ``topics = [...]``)."""
    tables = isinstance(english, list) and bool(english) and all(isinstance(item, dict) for item in english)
    return key in skip and not tables


def _texts(en: Any, es: Any, skip: frozenset[str], path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, English, Spanish) for every patient-facing string of the English tree, walking both trees together
    (the merged tree has the English shape)."""
    if isinstance(en, dict):
        for key, value in en.items():
            if not _skipped(key, value, skip):
                yield from _texts(value, es.get(key) if isinstance(es, dict) else None, skip, f"{path}.{key}")
    elif isinstance(en, list):
        key = _match_key(en)
        for index, value in enumerate(en):
            label = f"[{value[key]}]" if key else f"[{index}]"
            other = es[index] if isinstance(es, list) and index < len(es) else None
            yield from _texts(value, other, skip, f"{path}{label}")
    elif isinstance(en, str):
        yield path.lstrip("."), en, es


def _slots(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _overlay(relpath: str) -> dict[str, Any]:
    return read_toml(f"i18n/{LANG}/{relpath}")


def _stray(en: Any, extra: Any, skip: frozenset[str], path: str = "") -> Iterator[str]:
    """Problems with the overlay ``extra``: keys missing in English, clinician keys, changed codes, wrong lengths."""
    where = path.lstrip(".") or "<root>"
    if isinstance(extra, dict):
        if not isinstance(en, dict):
            yield f"{where}: a table in Spanish, not in English"
            return
        for key, value in extra.items():
            if key not in en:
                yield f"{where}.{key}: no such key in English"
            elif key in CLINICIAN_KEYS and _skipped(key, en[key], skip):
                yield f"{where}.{key}: clinician-facing text must stay in English"
            elif _skipped(key, en[key], skip):
                if value != en[key]:
                    yield f"{where}.{key}: {value!r} differs from the English {en[key]!r} (never translated)"
            else:
                yield from _stray(en[key], value, skip, f"{path}.{key}")
    elif isinstance(extra, list):
        if not isinstance(en, list):
            yield f"{where}: a list in Spanish, not in English"
            return
        key = _match_key(en)
        if key is not None:
            by_id = {item[key]: item for item in en}
            seen: set[Any] = set()
            for item in extra:
                ident = item.get(key) if isinstance(item, dict) else None
                if ident not in by_id:
                    yield f"{where}: entry {ident!r} has no English {key} to match"
                elif ident in seen:
                    yield f"{where}: entry {ident!r} appears twice"
                else:
                    seen.add(ident)
                    yield from _stray(by_id[ident], item, skip, f"{path}[{ident}]")
        elif len(en) != len(extra):
            yield f"{where}: {len(extra)} entries in Spanish, {len(en)} in English (the overlay would drop them all)"
        else:
            for index, (a, b) in enumerate(zip(en, extra, strict=True)):
                yield from _stray(a, b, skip, f"{path}[{index}]")
    elif isinstance(extra, str):
        if not isinstance(en, str):
            yield f"{where}: text in Spanish over a non-text English value {en!r}"
    elif extra != en:
        yield f"{where}: {extra!r} differs from the English {en!r} (numbers and flags are never translated)"


# ---------------------------------------------------------------------------------------------------------------------


def _overlay_files() -> set[str]:
    root = resources.files("backtrainer.content").joinpath("i18n", LANG)
    found: set[str] = set()

    def walk(node: Any, prefix: str) -> None:
        for entry in node.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".toml"):
                found.add(f"{prefix}{entry.name}")

    walk(root, "")
    return found


def test_every_patient_facing_file_has_a_spanish_overlay_and_nothing_else() -> None:
    found = _overlay_files()
    assert LICENSED not in found, "STarT Back text may only be shown in a licensed translation (Keele)"
    assert found == set(FILES), f"missing: {sorted(set(FILES) - found)}; unexpected: {sorted(found - set(FILES))}"


def test_content_i18n_is_not_a_python_package() -> None:
    node = resources.files("backtrainer.content").joinpath("i18n")
    assert not node.joinpath("__init__.py").is_file()
    assert not node.joinpath(LANG, "__init__.py").is_file()


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_every_patient_facing_text_is_translated(relpath: str) -> None:
    en = read_toml(relpath)
    merged = localized(relpath, LANG)
    problems = []
    for where, english, spanish in _texts(en, merged, _skip(relpath)):
        if not isinstance(spanish, str) or not spanish.strip():
            problems.append(f"{where}: no Spanish text")
        elif spanish == english and english not in SAME_IN_BOTH and not _ONLY_NUMBERS.match(english):
            problems.append(f"{where}: still English: {english!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_placeholders_match_english_exactly(relpath: str) -> None:
    en = read_toml(relpath)
    merged = localized(relpath, LANG)
    problems = [f"{where}: {_slots(english)} in English, {_slots(spanish)} in Spanish: {spanish!r}"
                for where, english, spanish in _texts(en, merged, _skip(relpath))
                if isinstance(spanish, str) and _slots(english) != _slots(spanish)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_merged_spanish_tree_validates(relpath: str) -> None:
    assert validate(localized(relpath, LANG), FILES[relpath], f"i18n/{LANG}/{relpath}") is not None


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_overlay_has_no_stray_keys(relpath: str) -> None:
    problems = list(_stray(read_toml(relpath), _overlay(relpath), _skip(relpath)))
    assert not problems, "\n".join(problems)


def test_clinician_and_licensed_text_stays_english() -> None:
    en, es = read_toml("red_flags.toml"), localized("red_flags.toml", LANG)
    assert [q["screens_for"] for q in es["questions"]] == [q["screens_for"] for q in en["questions"]]  # type: ignore[index,union-attr]
    assert [f["effect"] for f in es["followups"]] == [f["effect"] for f in en["followups"]]  # type: ignore[index,union-attr]
    labels = localized("messages/assessment.toml", LANG)["labels"]
    assert labels["odi_clinician"] == read_toml("messages/assessment.toml")["labels"]["odi_clinician"]  # type: ignore[index]
    assert localized(LICENSED, LANG) == read_toml(LICENSED)


def test_emphasised_words_are_whole_words_at_their_first_place() -> None:
    """The question screen bolds the first occurrence of each emphasised phrase, so it must be the intended word,
    not a piece of a longer one."""
    content = validate(localized("red_flags.toml", LANG), RedFlagContent, "red_flags.toml")
    english = validate(read_toml("red_flags.toml"), RedFlagContent, "red_flags.toml")
    for question, original in zip(content.questions, english.questions, strict=True):
        assert len(question.emphasis) == len(original.emphasis), question.id
        for phrase in question.emphasis:
            at = question.text.index(phrase)
            before = question.text[at - 1] if at else " "
            after = question.text[at + len(phrase):at + len(phrase) + 1] or " "
            assert not before.isalpha() and not after.isalpha(), f"{question.id}: {phrase!r} is inside a word"


# ---------------------------------------------------------------------------------------------------------------------
# Plain Spanish: the Szigriszt-Pazos / INFLESZ index (the usual Spanish counterpart of Flesch; 55-65 "normal",
# 65-80 "fairly easy", patient leaflets aim at 55 or more). Syllables come from pyphen's Spanish hyphenation (offline,
# a close approximation). textstat is not used: its language setting is global and the English grade check uses it.

MIN_WORDS = 8  # the formula means little on labels of a few words
MIN_FILE_MEAN = 65.0
MIN_TEXT = 40.0
_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+|\d+")


def _inflesz(text: str, syllables: Callable[[str], int]) -> tuple[float, int]:
    words = _WORD.findall(re.sub(r"\{[a-z_]+\}", "eso", text))
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    count = sum(1 if word.isdigit() else syllables(word) for word in words)
    return 206.835 - 62.3 * count / max(1, len(words)) - len(words) / sentences, len(words)


@pytest.mark.parametrize("relpath", sorted(FILES))
def test_spanish_text_reads_easily(relpath: str) -> None:
    pyphen = pytest.importorskip("pyphen")
    hyphenator = pyphen.Pyphen(lang="es", left=1, right=1)

    def syllables(word: str) -> int:
        return len(hyphenator.inserted(word.lower()).split("-"))

    scores = []
    hard = []
    for where, _english, spanish in _texts(read_toml(relpath), localized(relpath, LANG), _skip(relpath)):
        score, words = _inflesz(spanish, syllables)
        if words >= MIN_WORDS:
            scores.append(score)
            if score < MIN_TEXT:
                hard.append(f"{score:.0f} {where}: {spanish}")
    assert not hard, "\n".join(hard)
    if scores:
        assert sum(scores) / len(scores) >= MIN_FILE_MEAN


# ---------------------------------------------------------------------------------------------------------------------
# The normal, cached loaders answer in Spanish once the language is set.

_LOADERS: tuple[Callable[..., Any], ...] = (
    load_red_flags, load_body_regions, load_messages, load_safety, load_library, load_progression_messages,
    load_education, load_movement_tests, load_assessment_messages, load_instruments,
)


def _clear_caches() -> None:
    for loader in _LOADERS:
        loader.cache_clear()  # type: ignore[attr-defined]


def test_loaders_return_spanish_text_when_the_language_is_spanish() -> None:
    es = {relpath: _overlay(relpath) for relpath in FILES}
    _clear_caches()
    try:
        assert i18n.set_language(LANG) == LANG
        red_flags = load_red_flags()
        assert red_flags.answers.YES == es["red_flags.toml"]["answers"]["YES"] == "Sí"
        assert red_flags.question("RF01").text == es["red_flags.toml"]["questions"][0]["text"]
        assert red_flags.question("RF01").screens_for == read_toml("red_flags.toml")["questions"][0]["screens_for"]  # type: ignore[index]
        assert load_body_regions().region("NECK").label == "Cuello"
        assert es["body_regions.toml"]["sides"]["L"] == load_body_regions().sides.L
        safety = load_safety()
        assert safety.emergency.title == es["safety.toml"]["emergency"]["title"]
        assert safety.first_run.paragraphs == tuple(es["safety.toml"]["first_run"]["paragraphs"])
        assert safety.emergency_number("EU") == "112"
        assert load_messages().messages["RF01"] == es["messages/screening.toml"]["messages"]["RF01"]
        assert load_assessment_messages().labels.nprs["none"] == "Sin dolor"
        assert load_progression_messages().reasons["DEFAULT"] == es["messages/progression.toml"]["reasons"]["DEFAULT"]
        assert load_education().topic("ED-01").title == es["education.toml"]["topics"][0]["title"]
        assert load_movement_tests().common.intro == es["movement_tests.toml"]["common"]["intro"]
        library = load_library()
        assert library.exercises["MC-01"].name == es["exercises.toml"]["exercise"][0]["name"]
        assert library.exercises["MC-01"].cues == tuple(es["exercises.toml"]["exercise"][0]["cues"])
        assert library.exercises["MC-01"].base.reps == 5  # numbers stay as in English
        assert library.chains["MC"].name == es["chains.toml"]["chain"][0]["name"]
        instruments = load_instruments()
        assert instruments["NPRS"].prompt == es["instruments/nprs.toml"]["prompt"]
        assert instruments["NPRS"].name == read_toml("instruments/nprs.toml")["name"]
        assert instruments["STARTBACK"].copyright_notice == read_toml(LICENSED)["copyright_notice"]
    finally:
        i18n.set_language("en")
        _clear_caches()
    assert load_red_flags().answers.YES == "Yes"
    assert load_safety().emergency.title == read_toml("safety.toml")["emergency"]["title"]  # type: ignore[index]
    _clear_caches()
