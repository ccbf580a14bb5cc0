"""The exercise clock (tempo, sides, sets, rests, early stops), the tempo ring it drives, and the sounds."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from backtrainer.core.progression_ladder import Dose
from backtrainer.ui.pages.session.runner import ExerciseRun, Happening, RunShape, Stage


def _run(dose: Dose, per_side: bool = False) -> ExerciseRun:
    run = ExerciseRun(RunShape.from_dose(dose, per_side=per_side))
    run.start()
    return run


def test_phases_follow_the_tempo_and_reps_count() -> None:
    run = _run(Dose(sets=1, reps=3, tempo=(2, 1, 2)))
    assert run.stage is Stage.COUNT_IN and run.seconds_left() == 3
    events = run.advance(3.0)
    assert run.stage is Stage.WORK and Happening.PHASE in events
    assert run.phase().phase.value == "lift" and run.seconds_left() == 2
    run.advance(2.5)
    assert run.phase().phase.value == "hold"
    events = run.advance(3.0)  # into rep 2
    assert Happening.REP in events and run.current_rep() == 2 and run.cue_step() == 1
    run.advance(100)
    assert run.stage is Stage.DONE and run.completed == 3


def test_sets_rest_and_skip_rest() -> None:
    run = _run(Dose(sets=2, reps=2, tempo=(1, 0, 1)))
    run.advance(3 + 4)
    assert run.stage is Stage.REST and run.seconds_left() == 45
    run.skip_rest()
    assert run.stage is Stage.COUNT_IN and run.set_index == 1
    run.advance(3 + 4)
    assert run.stage is Stage.DONE and run.completed == 4


def test_per_side_switches_sides_and_pause_stops_time() -> None:
    run = _run(Dose(sets=1, reps=2, tempo=(1, 1, 1)), per_side=True)
    run.advance(3 + 6)
    assert run.stage is Stage.SWITCH and run.side == 0
    run.toggle_pause()
    run.advance(60)
    assert run.stage is Stage.SWITCH
    run.toggle_pause()
    run.advance(5 + 3)  # the other side, one rep in
    assert run.side == 1
    run.finish_now()
    assert run.completed == 1 and run.ended_early  # (2 + 1) // 2


def test_an_early_stop_counts_a_hold_held_for_90_percent() -> None:
    run = _run(Dose(sets=1, reps=5, hold_s=10.0, tempo=(2, 10, 2)))
    run.advance(3 + 2 + 9.2)  # 9.2 s of a 10 s hold
    run.finish_now()
    assert run.completed == 1
    run = _run(Dose(sets=1, reps=5, hold_s=10.0, tempo=(2, 10, 2)))
    run.advance(3 + 2 + 8.0)
    run.finish_now()
    assert run.completed == 0


def test_an_early_stop_uses_the_profiles_hold_rule() -> None:
    """A clinician may set the hold rule between 80 and 100 % (ref 6.1 [PD]): 8.5 s of 10 counts at 80 %."""
    dose = Dose(sets=1, reps=5, hold_s=10.0, tempo=(2, 10, 2))
    for fraction, counted in ((0.8, 1), (0.9, 0), (None, 0)):
        run = ExerciseRun(RunShape.from_dose(dose, per_side=False, hold_fraction=fraction))
        run.start()
        run.advance(3 + 2 + 8.5)
        run.finish_now()
        assert run.completed == counted, fraction


def test_long_holds_move_the_cue_on_and_timed_bouts_have_one_phase() -> None:
    run = _run(Dose(sets=2, reps=1, hold_s=30.0, tempo=(2, 30, 2)))
    run.advance(3 + 2 + 11)
    assert run.cue_step() == 1
    carry = _run(Dose(sets=3, reps=1, hold_s=20.0))
    assert carry.shape.timed and carry.shape.tempo == (0, 20, 0)
    carry.advance(3 + 5)
    assert carry.phase().phase.value == "hold" and carry.seconds_left() == 15


def test_ring_paints_and_says_what_it_shows(qtbot: Any) -> None:
    from backtrainer.ui.widgets.tempo_ring import TempoRing

    ring = TempoRing()
    qtbot.addWidget(ring)
    ring.resize(240, 240)
    ring.show()
    ring.set_tempo((2, 1, 2))
    ring.set_phase("hold", 0.4, 0.6, "rep 2 of 8")
    assert ring.text() == "Hold: 1 seconds left. rep 2 of 8"
    assert ring.accessibleDescription() == ring.text()
    assert not ring.grab().isNull()
    ring.set_countdown("Rest", 30, 45)
    assert ring.text().startswith("Rest: 30 seconds")
    ring.grab()
    ring.set_waiting("Get ready", "Press Start")
    assert ring.text() == "Get ready. Press Start."
    ring.grab()


def test_sounds_make_small_wavs_and_can_be_switched_off(tmp_path: Path, monkeypatch: Any) -> None:
    from backtrainer.ui.widgets import sounds

    files = sounds.ensure_files(tmp_path)
    assert set(files) == {"tick", "phase", "done"}
    with wave.open(str(files["phase"])) as w:
        assert w.getframerate() == sounds.RATE and w.getnframes() > 1000
    s = sounds.Sounds()
    monkeypatch.setattr(sounds.Sounds, "_load", lambda self: False)
    sounds.set_enabled(False)
    try:
        s.tick()
        assert s.played == []
    finally:
        sounds.set_enabled(True)
    s.phase()
    assert s.played == ["phase"]


def test_the_ring_word_fits_above_the_count(qtbot: Any, qapp: Any) -> None:
    """A long phase word ("Round up", Spanish words) at any text size is made smaller until it fits the room above
    the big count: the walk saw "Round up" wrap, its first line cut by the ring, "up" running into the "2"."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetricsF

    from backtrainer.ui import theme
    from backtrainer.ui.widgets.tempo_ring import TempoRing

    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
    try:
        for scale in (1.0, 1.5, 2.0):
            theme.apply(qapp, "light", scale)
            ring = TempoRing()
            qtbot.addWidget(ring)
            ring.resize(ring.minimumSize())  # the smallest the player gives it
            ring.set_tempo((3, 0, 3))
            for word in ("Round up", "Hacia un lado", "Let it sag", "Lift"):
                ring.set_phase("lift", 2.0, 0.3, caption="rep 1 of 8", word=word)
                ring.grab()  # paints
                assert ring.headline_font is not None
                metrics = QFontMetricsF(ring.headline_font)
                room = ring.headline_room
                needed = metrics.boundingRect(room.adjusted(0, 0, 0, 10_000), flags, word)
                assert needed.height() <= room.height() + 0.5, (scale, word, needed, room)
                assert all(metrics.horizontalAdvance(w) <= room.width() for w in word.split()), (scale, word)
            if scale == 1.0:  # at 100 % "Lift" keeps its size
                assert ring.headline_font.pointSizeF() == ring.font().pointSizeF() * 1.6
    finally:
        theme.apply(qapp, "light", 1.0)
