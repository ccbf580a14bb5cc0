"""Doses and the dose ladders of clinical reference section 6.5.

Pure functions, no I/O. ``Dose`` and ``dose_at`` are re-exported by :mod:`backtrainer.core.progression`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

Tempo = tuple[int, int, int]

# REP ladder: at most 3 sets (ref 6.5 [PD]).
REP_MAX_SETS = 3  # [PD] ref 6.5
# HOLD ladder: hold time capped at 10 s, building reps rather than long holds (ref 6.5 [PD]; McGill, verify).
HOLD_CAP_S = 10  # [PD] ref 6.5
# CARRY ladder: carry seconds added per step and load added per hand at S3/S4 (ref 6.5 [PD]).
CARRY_STEP_S = 10  # [PD] ref 6.5: 20 s -> 30 s -> 40 s
CARRY_LOAD_S3_KG = 2.0  # [PD] ref 6.5
CARRY_LOAD_S4_KG = 4.0  # [PD] ref 6.5
# Highest step of each ladder. CARRY has S0..S4 only: there is no S5, so PROGRESS from S4 goes to the next
# level
# at S0 (or, at the top level, S4 is the maintenance dose). FIXED keeps one dose at every step (see max_step).
MAX_STEP = 5


class Ladder(StrEnum):
    """Dose ladders of section 6.5."""

    REP = "rep"
    HOLD = "hold"
    CARRY = "carry"
    FIXED = "fixed"


@dataclass(frozen=True, slots=True)
class Dose:
    """One prescription.

    ``reps`` counts holds on a HOLD ladder. ``tempo`` is ``(up, pause, down)`` seconds. On the CARRY ladder
    ``hold_s`` is the carry time in seconds and ``load_kg`` the load added per hand (S3 +2 kg, S4 +4 kg).
    """

    sets: int
    reps: int
    hold_s: float | None = None
    tempo: Tempo | None = None
    load_kg: float | None = None

    def __post_init__(self) -> None:
        if self.sets < 1 or self.reps < 1:
            raise ValueError(f"a dose needs at least 1 set and 1 rep, got {self.sets} x {self.reps}")
        if self.hold_s is not None and self.hold_s <= 0:
            raise ValueError(f"hold_s must be positive, got {self.hold_s}")
        if self.tempo is not None and (len(self.tempo) != 3 or any(t < 0 for t in self.tempo)):
            raise ValueError(f"tempo must be three non-negative seconds, got {self.tempo}")

    @property
    def volume(self) -> int:
        """Total reps (or holds) across all sets."""
        return self.sets * self.reps


def as_ladder(ladder: Ladder | str) -> Ladder:
    try:
        return Ladder(ladder)
    except ValueError:
        raise ValueError(f"unknown dose ladder {ladder!r}") from None


def max_step(ladder: Ladder | str) -> int:
    """Highest step a PROGRESS may reach before moving to the next level.

    REP and HOLD: S5. CARRY: S4 (the ladder has no S5). FIXED: S0 (nothing to climb, so a qualifying FIXED
    exercise inside a chain, e.g. MO-03a in PX, moves straight to the next level).
    """
    lad = as_ladder(ladder)
    if lad is Ladder.CARRY:
        return 4
    if lad is Ladder.FIXED:
        return 0
    return MAX_STEP


def valid_steps(ladder: Ladder | str) -> range:
    """Steps ``dose_at`` accepts: 0..5, except CARRY 0..4."""
    return range(0, 5) if as_ladder(ladder) is Ladder.CARRY else range(0, MAX_STEP + 1)


def _with_hold_tempo(tempo: Tempo | None, hold_s: float) -> Tempo | None:
    # For isometric holds the middle tempo number is the hold time (ref 5.0).
    if tempo is None:
        return None
    return (tempo[0], int(hold_s), tempo[2])


def dose_at(ladder: Ladder | str, base: Dose, step: int) -> Dose:
    """The dose at ``step`` (0..5 = S0..S5) of ``ladder`` starting from ``base`` (= S0), as the tables of 6.5.

    Raises ValueError for an unknown ladder or a step outside the ladder (CARRY has S0..S4 only).
    """
    lad = as_ladder(ladder)
    if isinstance(step, bool) or not isinstance(step, int) or step not in valid_steps(lad):
        raise ValueError(f"step {step!r} is not on the {lad.value} ladder")
    s0, r0 = base.sets, base.reps
    if lad is Ladder.FIXED:
        # FIXED (mobility): no change (ref 6.5).
        return base
    if lad is Ladder.REP:
        # REP ladder (ref 6.5 [PD]): reps, then sets, then tempo; max 3 sets.
        extra_set = min(s0 + 1, max(REP_MAX_SETS, s0))
        table = {
            0: (s0, r0),
            1: (s0, r0 + 2),
            2: (s0, r0 + 4),
            3: (extra_set, r0 + 2),
            4: (extra_set, r0 + 4),
            5: (extra_set, r0 + 4),
        }
        sets, reps = table[step]
        tempo = base.tempo
        if step == 5 and tempo is not None:
            # S5: +1 s on the pause and +1 s on the lowering (ref 6.5: 2-1-2 -> 2-2-3).
            tempo = (tempo[0], tempo[1] + 1, tempo[2] + 1)
        return replace(base, sets=sets, reps=reps, tempo=tempo)
    if lad is Ladder.HOLD:
        # HOLD ladder (ref 6.5 [PD]): holds, then sets, then hold time, capped at 10 s.
        if base.hold_s is None:
            raise ValueError("a HOLD-ladder base dose needs hold_s")
        h0 = base.hold_s
        table_h = {
            0: (s0, r0, h0),
            1: (s0, r0 + 1, h0),
            2: (s0, r0 + 3, h0),
            3: (s0 + 1, r0 + 3, h0),
            4: (s0 + 1, r0 + 3, h0 + 3),
            5: (s0 + 1, r0 + 3, HOLD_CAP_S),
        }
        sets, reps, hold = table_h[step]
        hold = min(hold, max(HOLD_CAP_S, h0))
        return replace(base, sets=sets, reps=reps, hold_s=hold, tempo=_with_hold_tempo(base.tempo, hold))
    # CARRY ladder (ref 6.5 [PD]): 3 x 20 s, 30 s, 40 s, then +2 kg, +4 kg per hand.
    if base.hold_s is None:
        raise ValueError("a CARRY-ladder base dose needs hold_s (carry seconds)")
    h0 = base.hold_s
    seconds = h0 + CARRY_STEP_S * min(step, 2)
    added = {3: CARRY_LOAD_S3_KG, 4: CARRY_LOAD_S4_KG}.get(step)
    load = base.load_kg if added is None else (base.load_kg or 0.0) + added
    return replace(base, hold_s=seconds, load_kg=load)


def scale_volume(dose: Dose, pct: int) -> Dose:
    """Re-entry / "not sure" volume (ref 6.7 [PD]).

    50 %: halve the sets (rounding up); with only 1 set halve the reps, rounding up.
    75 %: keep the sets and take 75 % of the reps, rounding up (halving sets cannot give 75 %).
    100 %: unchanged. Other values scale the reps, rounding up.
    """
    if not 0 < pct <= 100:
        raise ValueError(f"volume percent must be 1..100, got {pct}")
    if pct == 100:
        return dose
    if pct == 50 and dose.sets > 1:
        return replace(dose, sets=math.ceil(dose.sets / 2))
    return replace(dose, reps=max(1, math.ceil(dose.reps * pct / 100)))
