"""The clock of one exercise: count-in, tempo-driven reps, side switch, rest between sets (no Qt, no clinical rules).

``ExerciseRun.advance(dt)`` moves time on by ``dt`` seconds and returns what happened (a second passed, the tempo
phase changed, a rep or set finished, ...). The phase inside a rep comes from ``core.session_plan.tempo_phase_at``;
the hold rule for an early stop (a hold counts when held for 90 % of its time, or the fraction the clinician set
for the profile) from ``core.progression.count_completed_holds``. The player widget drives it from a monotonic
clock; tests call ``advance`` with exact seconds.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # core is imported on first use, so opening the app does not pay for it
    from backtrainer.core.progression_ladder import Dose, Tempo
    from backtrainer.core.session_plan import TempoPhase

COUNT_IN_S = 3.0  # "3, 2, 1" before each set
SWITCH_SIDE_S = 5.0  # time to change sides on a per-side exercise
LONG_HOLD_CUE_S = 10.0  # on a long hold the highlighted cue moves on every 10 s
DEFAULT_TIMED_S = 30.0
ClipTempo = tuple[float, float, float]  # a built-in clip's seconds of move, hold and return (services.videos)


class Stage(enum.Enum):
    READY = "ready"  # waiting for the person to press Start
    COUNT_IN = "count_in"
    WORK = "work"
    SWITCH = "switch"  # change sides
    REST = "rest"  # between sets
    DONE = "done"


class Happening(enum.Enum):
    SECOND = "second"  # a whole second passed in a timed stage (for the tick sound)
    PHASE = "phase"  # the tempo phase changed (lift / hold / lower), or work began
    REP = "rep"
    SIDE = "side"
    SET = "set"
    REST = "rest"
    DONE = "done"


@dataclass(frozen=True)
class RunShape:
    """How one exercise is paced: sets of reps at a tempo, on one or two sides, rest between sets."""

    sets: int
    reps: int
    tempo: Tempo
    sides: int = 1
    timed: bool = False  # a timed bout (carry, walk) instead of tempo reps
    rest_s: float = 45.0  # from_dose uses core.session_plan.REST_BETWEEN_SETS_S
    count_in_s: float = COUNT_IN_S
    switch_s: float = SWITCH_SIDE_S
    hold_fraction: float = 0.90  # ref 6.1 [PD] hold_counts_if_pct: the profile's value comes from the session start

    @property
    def cycle(self) -> float:
        return float(sum(self.tempo))

    @property
    def prescribed(self) -> int:
        return self.sets * self.reps

    @classmethod
    def from_dose(cls, dose: Dose, *, per_side: bool, hold_fraction: float | None = None) -> RunShape:
        from backtrainer.core.config import DEFAULT_CONFIG
        from backtrainer.core.session_plan import REST_BETWEEN_SETS_S

        sides = 2 if per_side else 1
        rest = float(REST_BETWEEN_SETS_S)
        fraction = DEFAULT_CONFIG.hold_counts_if_pct if hold_fraction is None else hold_fraction
        if dose.tempo is not None and sum(dose.tempo) > 0:
            return cls(sets=dose.sets, reps=dose.reps, tempo=dose.tempo, sides=sides, rest_s=rest,
                       hold_fraction=fraction)
        seconds = dose.hold_s or DEFAULT_TIMED_S  # carry / walk: one timed bout per rep
        return cls(sets=dose.sets, reps=dose.reps, tempo=(0, max(1, round(seconds)), 0), sides=sides,
                   timed=True, rest_s=rest, hold_fraction=fraction)


@dataclass
class ExerciseRun:
    shape: RunShape
    stage: Stage = Stage.READY
    set_index: int = 0
    side: int = 0
    t: float = 0.0  # seconds into the current stage
    paused: bool = False
    reps_done: list[list[int]] = field(default_factory=list)  # [set][side]
    reps_finished_total: int = 0
    ended_early: bool = False

    def __post_init__(self) -> None:
        if not self.reps_done:
            self.reps_done = [[0] * self.shape.sides for _ in range(self.shape.sets)]

    # -- control -------------------------------------------------------------------------------------------------
    def start(self) -> list[Happening]:
        if self.stage is Stage.READY:
            self._enter(Stage.COUNT_IN)
            self.paused = False
        return []

    def toggle_pause(self) -> bool:
        """Pause or resume (Start when still waiting). Returns True when now running."""
        if self.stage is Stage.READY:
            self.start()
            return True
        if self.stage is Stage.DONE:
            return False
        self.paused = not self.paused
        return not self.paused

    def skip_rest(self) -> list[Happening]:
        if self.stage in (Stage.REST, Stage.SWITCH, Stage.COUNT_IN):
            return self.advance(self.stage_length() - self.t + 1e-9, force=True)
        return []

    def finish_now(self) -> None:
        """Stop here (Next, too hard, stop): the rep in progress counts if its hold was (nearly) done."""
        if self.stage is Stage.WORK:
            self._count_partial_rep()
        if self.stage is not Stage.DONE:
            self.ended_early = self.completed < self.shape.prescribed
        self.stage = Stage.DONE
        self.paused = False

    # -- time ----------------------------------------------------------------------------------------------------
    def stage_length(self) -> float:
        s = self.shape
        return {
            Stage.COUNT_IN: s.count_in_s,
            Stage.WORK: s.reps * s.cycle,
            Stage.SWITCH: s.switch_s,
            Stage.REST: s.rest_s,
        }.get(self.stage, math.inf)

    def advance(self, dt: float, *, force: bool = False) -> list[Happening]:
        """Move the clock on by ``dt`` seconds (ignored while paused unless ``force``)."""
        out: list[Happening] = []
        if dt <= 0 or (self.paused and not force) or self.stage in (Stage.READY, Stage.DONE):
            return out
        left = dt
        while left > 0 and self.stage not in (Stage.READY, Stage.DONE):
            length = self.stage_length()
            step = min(left, max(0.0, length - self.t))
            before = self.t
            self.t += step
            left -= step
            if math.floor(self.t + 1e-9) > math.floor(before + 1e-9):
                out.append(Happening.SECOND)
            if self.stage is Stage.WORK:
                out.extend(self._work_events(before, self.t))
            if self.t >= length - 1e-9:
                out.extend(self._stage_done())
            elif step == 0:
                break
        return out

    def _work_events(self, before: float, after: float) -> list[Happening]:
        out: list[Happening] = []
        s = self.shape
        cycle = s.cycle
        reps_before = min(s.reps, int((before + 1e-9) // cycle))
        reps_after = min(s.reps, int((after + 1e-9) // cycle))
        for _ in range(reps_after - reps_before):
            out.append(Happening.REP)
            self.reps_finished_total += 1
        self.reps_done[self.set_index][self.side] = reps_after
        if after < s.reps * cycle - 1e-9 and before > 0 and self._phase_key(before) != self._phase_key(after):
            out.append(Happening.PHASE)
        return out

    def _phase_key(self, t: float) -> tuple[int, str]:
        p = _phase_at(self.shape.tempo, t)
        return p.rep, p.phase.value

    def _stage_done(self) -> list[Happening]:
        s = self.shape
        if self.stage is Stage.COUNT_IN:
            self._enter(Stage.WORK)
            return [Happening.PHASE]
        if self.stage is Stage.WORK:
            self.reps_done[self.set_index][self.side] = s.reps
            if self.side + 1 < s.sides:
                self._enter(Stage.SWITCH)
                return [Happening.SIDE]
            if self.set_index + 1 < s.sets:
                self._enter(Stage.REST)
                return [Happening.SET, Happening.REST]
            self.stage = Stage.DONE
            self.t = 0.0
            return [Happening.SET, Happening.DONE]
        if self.stage is Stage.SWITCH:
            self.side += 1
            self._enter(Stage.WORK)
            return [Happening.PHASE]
        if self.stage is Stage.REST:
            self.set_index += 1
            self.side = 0
            self._enter(Stage.COUNT_IN)
            return []
        return []

    def _enter(self, stage: Stage) -> None:
        self.stage = stage
        self.t = 0.0

    def _count_partial_rep(self) -> None:
        from dataclasses import replace

        from backtrainer.core.config import DEFAULT_CONFIG
        from backtrainer.core.progression import count_completed_holds

        s = self.shape
        if self.t >= s.reps * s.cycle or self.reps_done[self.set_index][self.side] >= s.reps:
            return
        lift, hold, _lower = s.tempo
        into = self.t - (self.t // s.cycle) * s.cycle
        if hold > 0:
            held = min(hold, max(0.0, into - lift))
            config = replace(DEFAULT_CONFIG, hold_counts_if_pct=s.hold_fraction)
            done = count_completed_holds([held], hold, config) > 0
        else:
            done = into >= lift
        if done:
            self.reps_done[self.set_index][self.side] += 1
            self.reps_finished_total += 1

    # -- what the screen shows --------------------------------------------------------------------------------------
    @property
    def completed(self) -> int:
        """Reps (or holds) done; on a per-side exercise the reps of both sides, halved (rounded down)."""
        return sum(sum(per_side) // len(per_side) for per_side in self.reps_done)

    @property
    def running(self) -> bool:
        return self.stage not in (Stage.READY, Stage.DONE) and not self.paused

    def phase(self) -> TempoPhase | None:
        if self.stage is not Stage.WORK:
            return None
        s = self.shape
        return _phase_at(s.tempo, min(self.t, s.reps * s.cycle - 1e-6))

    def current_rep(self) -> int:
        """1-based rep number on the current side."""
        if self.stage is Stage.WORK:
            p = self.phase()
            return min(self.shape.reps, (p.rep if p else 0) + 1)
        return min(self.shape.reps, self.reps_done[self.set_index][self.side] + (0 if self.stage is Stage.DONE else 1))

    def seconds_left(self) -> float:
        """Seconds left in the count-in, side switch or rest; in work, in the current phase."""
        if self.stage is Stage.WORK:
            p = self.phase()
            return p.seconds_left if p else 0.0
        if self.stage in (Stage.COUNT_IN, Stage.SWITCH, Stage.REST):
            return max(0.0, self.stage_length() - self.t)
        return 0.0

    def cue_step(self) -> int:
        """Moves on with every rep, and every 10 s within a long hold, so the highlighted cue rotates."""
        extra = 0
        p = self.phase()
        hold = self.shape.tempo[1]
        if p is not None and p.phase.value == "hold" and hold > LONG_HOLD_CUE_S:
            extra = int((hold - p.seconds_left) // LONG_HOLD_CUE_S)
        return self.reps_finished_total + extra


@dataclass(frozen=True)
class ClipCue:
    """Where the demonstration clip should be now, so that the picture shows what the ring says.

    ``position_s``: seconds into the clip; ``rate``: the playback speed that keeps it there (0: hold still).
    """

    position_s: float
    rate: float


def clip_cue(run: ExerciseRun, clip_tempo: ClipTempo | None, *, clip_sides: int = 1) -> ClipCue | None:
    """The clip position for the ring's phase (issue 16: "Lift" on the ring never shows the figure lowering).

    A built-in clip is one rep at the exercise's base tempo ``clip_tempo`` (move, hold, return), once per side
    when ``clip_sides`` is 2 (tools/videos/render.py). In work the position follows the phase from
    ``core.session_plan.tempo_phase_at``, stretched to the prescribed tempo; before a set, during the count-in, a
    side switch or a rest the clip waits at the start pose of the side that comes next. None: no tempo to follow
    (a timed carry or walk, or a clip without a tempo), so the clip simply loops.
    """
    if run.shape.timed or clip_tempo is None or sum(clip_tempo) <= 0:
        return None
    coming = {Stage.SWITCH: run.side + 1, Stage.REST: 0}.get(run.stage, run.side)  # the side that is next
    side = min(coming, clip_sides - 1) if clip_sides > 1 else 0
    offset = side * float(sum(clip_tempo))
    if run.stage is not Stage.WORK or run.paused:
        if run.stage is Stage.WORK:  # paused mid-rep: hold the picture where it is in the rep
            return _work_cue(run, clip_tempo, offset, still=True)
        return ClipCue(offset, 0.0)
    return _work_cue(run, clip_tempo, offset, still=False)


def _work_cue(run: ExerciseRun, clip_tempo: ClipTempo, offset: float, *, still: bool) -> ClipCue:
    p = run.phase()
    assert p is not None
    index = ("lift", "hold", "lower").index(p.phase.value)
    start = float(sum(clip_tempo[:index]))
    clip_length = float(clip_tempo[index])
    run_length = float(run.shape.tempo[index])
    position = offset + start + p.fraction * clip_length
    rate = 0.0 if still or clip_length <= 0 or run_length <= 0 else clip_length / run_length
    return ClipCue(position, rate)


def _phase_at(tempo: Tempo, t: float) -> TempoPhase:
    from backtrainer.core.session_plan import tempo_phase_at

    return tempo_phase_at(tempo, t)
