"""VideoCatalog: Settings override, then clinic folder, then the built-in video."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtrainer.services.videos import VideoCatalog, read_manifest


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "builtin"
    _touch(folder / "EX-01.webm")
    _touch(folder / "EX-01.png")
    _touch(folder / "GL-02.webm")
    entry = {"file": "EX-01.webm", "poster": "EX-01.png", "duration_s": 5.0, "frame_count": 151, "fps": 30,
             "width": 960, "height": 540, "sha256": "0" * 64}
    doc = {"videos": [{"id": "EX-01", **entry}, {"id": "BROKEN"}]}
    (folder / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_builtin_video_is_used_when_nothing_overrides_it(builtin: Path, tmp_path: Path) -> None:
    src = VideoCatalog(builtin, tmp_path / "clinic").resolve("EX-01")
    assert (src.path, src.origin, src.notice) == (builtin / "EX-01.webm", "builtin", None)
    assert src.poster == builtin / "EX-01.png"


def test_builtin_file_without_manifest_entry_is_still_found(builtin: Path) -> None:
    assert VideoCatalog(builtin, None).builtin("GL-02") == builtin / "GL-02.webm"


def test_clinic_file_overrides_builtin(builtin: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    mp4 = _touch(clinic / "EX-01.mp4")
    src = VideoCatalog(builtin, clinic).resolve("EX-01")
    assert (src.path, src.origin) == (mp4, "clinic")


def test_clinic_extensions_are_tried_in_order(builtin: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    _touch(clinic / "EX-01.mov")
    webm = _touch(clinic / "EX-01.webm")
    assert VideoCatalog(builtin, clinic).resolve("EX-01").path == webm


def test_clinic_file_for_another_id_or_extension_is_ignored(builtin: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    _touch(clinic / "EX-02.mp4")
    _touch(clinic / "EX-01.avi")
    assert VideoCatalog(builtin, clinic).resolve("EX-01").origin == "builtin"


def test_settings_override_wins_over_clinic_and_builtin(builtin: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    _touch(clinic / "EX-01.webm")
    chosen = _touch(tmp_path / "elsewhere" / "my bird dog.mkv")
    src = VideoCatalog(builtin, clinic, {"EX-01": chosen}).resolve("EX-01")
    assert (src.path, src.origin, src.notice) == (chosen, "clinic", None)


def test_missing_override_falls_back_with_a_notice(builtin: Path, tmp_path: Path) -> None:
    gone = tmp_path / "gone.mp4"
    src = VideoCatalog(builtin, tmp_path / "clinic", {"EX-01": gone}).resolve("EX-01")
    assert (src.path, src.origin) == (builtin / "EX-01.webm", "builtin")
    assert src.notice is not None and "gone.mp4" in src.notice


def test_missing_override_falls_back_to_clinic_file(builtin: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    clinic_file = _touch(clinic / "EX-01.webm")
    src = VideoCatalog(builtin, clinic, {"EX-01": tmp_path / "gone.mp4"}).resolve("EX-01")
    assert (src.path, src.origin) == (clinic_file, "clinic")
    assert src.notice


def test_unknown_exercise_is_missing_with_a_notice(builtin: Path) -> None:
    src = VideoCatalog(builtin, None).resolve("ZZ-99")
    assert (src.path, src.origin, src.poster) == (None, "missing", None)
    assert src.notice and "ZZ-99" in src.notice


def test_manifest_lists_valid_entries_and_skips_broken_ones(builtin: Path) -> None:
    entries = read_manifest(builtin)
    assert list(entries) == ["EX-01"]
    assert entries["EX-01"].frame_count == 151


def test_absent_or_corrupt_manifest_reads_as_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def test_the_manifest_gives_each_clips_tempo_and_sides() -> None:
    """The player keeps the clip in step with the tempo ring from these (issue 16)."""
    from backtrainer.paths import videos_dir
    from backtrainer.services.videos import read_manifest

    manifest = read_manifest(videos_dir())
    assert manifest["EX-01"].tempo == (2.0, 1.0, 2.0) and manifest["EX-01"].sides == 1
    assert manifest["EX-02a"].sides == 2
    assert manifest["WK-01"].tempo is None  # a walk: no tempo to follow
