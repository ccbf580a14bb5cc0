"""VideoPlayer plays a committed clip offscreen, loops it, and falls back without raising."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)

from backtrainer.paths import videos_dir
from backtrainer.ui.widgets.video_player import PlaybackState, VideoPlayer

CLIP = videos_dir() / "MT-STS.webm"  # the shortest committed clip (under 3 s)
POSTER = videos_dir() / "MT-STS.png"


@pytest.fixture
def player(qtbot):  # type: ignore[no-untyped-def]
    widget = VideoPlayer(title="Sit to stand")
    qtbot.addWidget(widget)
    widget.resize(480, 270)
    widget.show()
    return widget


def test_plays_a_committed_clip_and_shows_frames(qtbot, player: VideoPlayer) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(player.firstFrame, timeout=10_000):
        player.set_source(CLIP)
    image = player.current_image()
    assert image is not None and not image.isNull()
    assert (image.width(), image.height()) == (960, 540)
    qtbot.waitUntil(lambda: player.state is PlaybackState.PLAYING, timeout=5_000)
    with qtbot.waitSignal(player.positionChanged, timeout=5_000):
        pass


def test_loops_forever_by_default(qtbot, player: VideoPlayer) -> None:  # type: ignore[no-untyped-def]
    player.set_playback_rate(2.0)
    with qtbot.waitSignal(player.loopCompleted, timeout=15_000) as blocker:
        player.set_source(CLIP)
    assert blocker.args == [1]
    assert player.state is PlaybackState.PLAYING


def test_autoplay_off_waits_on_the_first_frame_until_play(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = VideoPlayer(autoplay=False)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.firstFrame, timeout=10_000):
        widget.set_source(CLIP)
    assert widget.state is PlaybackState.PAUSED
    with qtbot.waitSignal(widget.stateChanged, timeout=5_000, check_params_cb=lambda s: s is PlaybackState.PLAYING):
        widget.play()


def test_missing_file_shows_the_fallback(qtbot, player: VideoPlayer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(player.fallbackUsed, timeout=1_000) as blocker:
        player.set_source(tmp_path / "nope.webm", poster=POSTER)
    assert "not available" in blocker.args[0]
    assert player.state is PlaybackState.UNAVAILABLE
    still = player.current_image()
    assert still is not None and not still.isNull()  # the poster
    player.play()  # harmless
    player.pause()
    assert player.state is PlaybackState.UNAVAILABLE


def test_no_source_is_unavailable(qtbot, player: VideoPlayer) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(player.fallbackUsed, timeout=1_000):
        player.set_source(None)
    assert player.state is PlaybackState.UNAVAILABLE


def test_unplayable_file_ends_in_error_fallback(qtbot, player: VideoPlayer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "broken.webm"
    junk.write_bytes(b"this is not a video" * 100)
    with qtbot.waitSignal(player.fallbackUsed, timeout=10_000):
        player.set_source(junk)
    assert player.state is PlaybackState.ERROR


def test_accessible_name_and_description(player: VideoPlayer) -> None:
    assert player.accessibleName() == "Exercise video"
    assert "Sit to stand" in player.accessibleDescription()
