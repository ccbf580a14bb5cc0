from __future__ import annotations

import pytest

from backtrainer import i18n


def test_overlay_matches_tables_by_id_and_keeps_non_text() -> None:
    base = {"version": 1, "items": [{"id": "A", "text": "Hello", "n": 3}, {"id": "B", "text": "Bye"}],
            "list": ["one", "two"], "title": "Title"}
    extra = {"items": [{"id": "B", "text": "Adiós"}, {"id": "A", "text": "Hola", "n": 99}], "list": ["uno", "dos"],
             "title": "Título", "version": 7}
    merged = i18n.overlay(base, extra)
    assert merged == {"version": 1, "items": [{"id": "A", "text": "Hola", "n": 3}, {"id": "B", "text": "Adiós"}],
                      "list": ["uno", "dos"], "title": "Título"}


@pytest.mark.parametrize("env, expected", [("es_ES.UTF-8", "es"), ("en_GB.UTF-8", "en"), ("fr_FR.UTF-8", "en"),
                                           ("es_MX", "es")])
def test_system_language(monkeypatch: pytest.MonkeyPatch, env: str, expected: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", env)
    assert i18n.system_language() == expected
    assert i18n.resolve("system") == expected
    assert i18n.resolve("en") == "en"


def test_set_language_falls_back_to_english() -> None:
    try:
        assert i18n.set_language("xx") == "en"
        assert i18n._("Today") == "Today"
    finally:
        i18n.set_language("en")


def test_decimals_follow_the_language() -> None:
    from backtrainer import i18n

    try:
        i18n.set_language("en")
        assert (i18n.decimal(2.5), i18n.decimal(8.0, trim=True), i18n.decimal(-1.25, 1, sign=True)) == (
            "2.5", "8", "-1.2")
        i18n.set_language("es")
        assert (i18n.decimal(2.5), i18n.decimal(8.0, trim=True), i18n.decimal(1.5, 1, sign=True)) == (
            "2,5", "8", "+1,5")
        from backtrainer.core.progression_ladder import Dose
        from backtrainer.ui.pages.session.words import dose_text

        assert "2,5" in dose_text(Dose(sets=1, reps=1, hold_s=None, load_kg=2.5))
    finally:
        i18n.set_language("en")
