from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backtrainer import settings as app_settings
from backtrainer.display import Display, peek_display


def test_round_trip_and_user_only(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    value = app_settings.Settings(theme="dark", text_scale=1.5, reduce_motion=True, sounds=False, language="es")
    app_settings.save(value, path)
    assert app_settings.load(path) == value
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    assert peek_display(path) == Display("dark", 1.5, True, "es")


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert app_settings.load(tmp_path / "nope.toml") == app_settings.Settings()
    assert peek_display(tmp_path / "nope.toml") == Display()


def test_damaged_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = [not toml")
    assert app_settings.load(path) == app_settings.Settings()
    assert (tmp_path / "settings.damaged.toml").exists()


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["theme", "text_scale", "reduce_motion", "language", "x"]),
                       st.one_of(st.text(max_size=10), st.floats(allow_nan=True), st.booleans(), st.integers())))
def test_peek_never_fails_and_stays_in_range(tmp_path_factory: object, data: dict[str, object]) -> None:
    import tomli_w

    folder = Path(tmp_path_factory.mktemp("peek"))  # type: ignore[attr-defined]
    path = folder / "settings.toml"
    try:
        path.write_text(tomli_w.dumps(data))
    except (ValueError, TypeError):
        return
    shown = peek_display(path)
    assert shown.theme in ("light", "dark", "high_contrast")
    assert 1.0 <= shown.text_scale <= 2.0
    assert shown.language in ("system", "en", "es")
