"""The exercise video stays in step with the tempo ring (issue 16): the clip's position follows the ring's phase
from Start on, whenever the clip was loaded and however long the person waited before pressing Start."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)

from backtrainer.core.session_plan import Block, SessionItem
from backtrainer.ui.pages.session.runner import ExerciseRun, RunShape, Stage, clip_cue
from backtrainer.ui.widgets.video_player import PlaybackState


def _run(tempo: tuple[int, int, int], *, sides: int = 1, reps: int = 8) -> ExerciseRun:
    run = ExerciseRun(RunShape(sets=1, reps=reps, tempo=tempo, sides=sides))
    run.start()
    return run


def test_the_clip_position_follows_the_phase() -> None:
    run = _run((2, 1, 2))
    cue = clip_cue(run, (2.0, 1.0, 2.0))
    assert cue is not None and (cue.position_s, cue.rate) == (0.0, 0.0)  # count-in: waits at the start pose
    run.advance(3 + 1)  # one second into the first lift
    cue = clip_cue(run, (2.0, 1.0, 2.0))
    assert cue is not None and cue.position_s == pytest.approx(1.0) and cue.rate == pytest.approx(1.0)
    run.advance(1.5)  # half-way through the hold
    cue = clip_cue(run, (2.0, 1.0, 2.0))
    assert cue is not None and cue.position_s == pytest.approx(2.5)
    run.advance(1.5)  # 1 s into "lower"
    cue = clip_cue(run, (2.0, 1.0, 2.0))
    assert cue is not None and cue.position_s == pytest.approx(4.0)
    run.advance(1.0)  # the second rep starts: the clip starts again
    cue = clip_cue(run, (2.0, 1.0, 2.0))
    assert cue is not None and cue.position_s == pytest.approx(0.0)


def test_a_slower_prescribed_tempo_stretches_the_clip_and_a_second_side_uses_its_half() -> None:
    run = _run((4, 10, 4), sides=2, reps=1)
    run.advance(3 + 2)  # half of a 4 s lift; the clip's lift is 2 s
    cue = clip_cue(run, (2.0, 5.0, 2.0), clip_sides=2)
    assert cue is not None and cue.position_s == pytest.approx(1.0) and cue.rate == pytest.approx(0.5)
    run.advance(2 + 10 + 4)  # first side done: switching sides, the clip waits at the second side's start
    assert run.stage is Stage.SWITCH
    cue = clip_cue(run, (2.0, 5.0, 2.0), clip_sides=2)
    assert cue is not None and cue.position_s == pytest.approx(9.0) and cue.rate == 0.0
    run.paused = True
    assert clip_cue(run, (2.0, 5.0, 2.0), clip_sides=2).rate == 0.0  # type: ignore[union-attr]


def test_timed_bouts_and_clips_without_a_tempo_just_loop() -> None:
    assert clip_cue(_run((2, 1, 2)), None) is None
    timed = ExerciseRun(RunShape(sets=1, reps=1, tempo=(0, 30, 0), timed=True))
    timed.start()
    assert clip_cue(timed, (2.0, 1.0, 2.0)) is None


def test_the_real_clip_is_at_the_start_pose_when_the_ring_says_lift(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.content.exercises import load_library
    from backtrainer.ui.pages.session.player import PlayerScreen

    spec = load_library().exercise("EX-01")  # hands-and-knees brace and rock: a 5 s clip at 2-1-2
    item = SessionItem("EX-01", Block.CORE, spec.base, spec.chain)
    player = PlayerScreen(app_ctx)
    qtbot.addWidget(player)
    player.resize(1100, 650)
    player.show()
    with qtbot.waitSignal(player.video.firstFrame, timeout=10_000):
        player.load(item, spec, 0, 1)
    # The demonstration loops while the person gets ready, so the clip is anywhere when Start is pressed.
    qtbot.waitUntil(lambda: player.video.position_s() > 1.2, timeout=10_000)
    qtbot.mouseClick(player.pause_button, Qt.MouseButton.LeftButton)
    player.tick(1.0)
    assert player.video.state is PlaybackState.PAUSED  # the count-in waits at the start pose
    player.tick(2.05)
    assert player.ring.phase == "lift"
    assert player.video.position_s() < 0.3, player.video.position_s()  # the rep starts with the clip's start
    player.tick(1.0)  # the ring runs on its own clock; the clip is brought to the same point of the lift
    assert player.ring.phase == "lift"
    assert player.video.position_s() == pytest.approx(1.05, abs=0.3)
    assert player.video.wants_play
    player.tick(1.5)  # into the hold and beyond: never the lowering half while the ring says lift or hold
    assert player.ring.phase == "hold"
    assert player.video.position_s() <= 3.0 + 0.3
