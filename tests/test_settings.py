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
    loaded = app_settings.load_checked(path)
    assert loaded.settings == app_settings.Settings()
    assert loaded.moved_to is not None and loaded.moved_to.parent == tmp_path / "damaged"
    assert loaded.moved_to.read_text() == "theme = [not toml"  # kept, never deleted
    assert loaded.notice and "could not be read" in loaded.notice and "damaged/" in loaded.notice
    path.write_text("theme = [again")
    second = app_settings.load_checked(path).moved_to
    assert second is not None and second != loaded.moved_to and loaded.moved_to.exists()  # never overwritten


def test_a_folder_in_place_of_the_settings_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()
    (path / "inside.txt").write_text("kept")
    loaded = app_settings.load_checked(path)
    assert loaded.settings == app_settings.Settings() and loaded.notice
    assert loaded.moved_to is not None and (loaded.moved_to / "inside.txt").read_text() == "kept"
    app_settings.save(app_settings.Settings(theme="dark"), path)  # the app can save again
    assert app_settings.load(path).theme == "dark"


def test_unknown_keys_and_bad_values_never_drop_the_file(tmp_path: Path) -> None:
    """Issue 17 item 7: a key a newer version writes, or one bad value, used to drop the whole file."""
    path = tmp_path / "settings.toml"
    path.write_text('theme = "dark"\ntext_scale = 9.0\nnew_feature = "on"\nlanguage = "es"\n\n'
                    '[clinic]\ncrisis_line = "555-0100"\nnewer_clinic_key = 3\n\n[future_table]\nx = 1\n')
    loaded = app_settings.load_checked(path)
    assert loaded.notice is None and loaded.moved_to is None and path.is_file()
    value = loaded.settings
    assert value.theme == "dark" and value.language == "es" and value.text_scale == 1.0  # only the bad value reset
    assert value.clinic.crisis_line == "555-0100"
    app_settings.save(value, path)
    text = path.read_text()
    assert 'new_feature = "on"' in text and "[future_table]" in text and "newer_clinic_key = 3" in text  # kept
    assert not (tmp_path / "damaged").exists()


def test_an_empty_file_gives_defaults_and_is_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("")
    loaded = app_settings.load_checked(path)
    assert loaded.settings == app_settings.Settings() and loaded.notice is None and path.exists()


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
