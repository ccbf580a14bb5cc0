"""Today's session from the plan (clinical reference 5.7, 5.9, 6.7, 6.8) and the tempo-ring helper.

Pure and Qt-free: the plan, the engine result and today's options come in as arguments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backtrainer.core.chains import Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.flare import Trend
from backtrainer.core.library import FLAG_NEEDS_BAND, FLAG_SUPPORT_VARIANT, ExerciseSpec, Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression import Action, Decision, EngineResult, PlanState
from backtrainer.core.progression_ladder import Dose, Tempo, dose_at, scale_volume, valid_steps

# Rest between sets, 30-60 s (ref 5.0 [PD]); the estimate uses the middle.
REST_BETWEEN_SETS_S = 45  # [PD] ref 5.0
# Time to get into position and read the cues, per exercise (estimate only) [PD].
SETUP_S = 20  # [PD] estimate
# Default training days: 3 non-consecutive days (Mon/Wed/Fri); maintenance 2 (Mon/Thu) (ref 5.9 [PD]).
DEFAULT_DAYS: dict[int, tuple[int, ...]] = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 2, 4, 6)}  # [PD] ref 5.9
# Movement snack: current MC exercise at half dose (ref 5.9 [PD]).
SNACK_VOLUME = 50  # [PD] ref 5.9
# Walking (ref 5.7 [PD]): at least 5 minutes per walk, 1-3 walks a day, weekly increase at least +2 min.
WALK_MIN_MINUTES = 5  # [PD] ref 5.7
WALK_MIN_INCREASE = 2  # [PD] ref 5.7
WALKS_PER_DAY = (1, 3)  # [PD] ref 5.7
WALK_FLARE_FRACTION = 0.5  # [PD] ref 6.7 halve the walking quota
WALK_GAP_FRACTIONS = (0.8, 0.6)  # [PD] ref 6.8: 7-13 days 80 %, 14-27 days 60 %


class SessionKind(StrEnum):
    STANDARD = "STANDARD"
    REENTRY = "REENTRY"  # after a flare, 50 % / 75 % (ref 6.7)
    HALF = "HALF"  # "Not sure" answer: 50 %, does not count (ref 6.2)
    FLARE = "FLARE"  # flare-up session (ref 5.9, 6.7)
    SNACK = "SNACK"  # daily movement snack (ref 5.9)
    LOCKED = "LOCKED"  # red flag open (ref 1.1)


class SessionVariant(StrEnum):
    A = "A"  # function block: HNG
    B = "B"  # function block: SQT


class Block(StrEnum):
    WARMUP = "warmup"
    CORE = "core"
    FUNCTION = "function"
    OPTIONAL = "optional"
    COOLDOWN = "cooldown"
    MOBILITY = "mobility"


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """Profile/clinician choices for today's session."""

    include: frozenset[Chain] = frozenset()  # optional chains switched on (ANT, PX, ABD, AR)
    has_band: bool = True  # LT-02 hidden without a band (ref 5.0)
    prone_ok: bool = True  # lying face down is comfortable (ref 4.8; flare session "MO-03a if comfortable")
    cooldown: str = "MO-04"  # MO-04 or MO-03a (ref 5.9)


@dataclass(frozen=True, slots=True)
class SessionItem:
    exercise_id: str
    block: Block
    dose: Dose
    chain: Chain | None = None
    support: bool = False  # SUPPORT modifier: show the hand-support version (ref 6.9)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class SessionPlan:
    kind: SessionKind
    items: tuple[SessionItem, ...]
    variant: SessionVariant | None = None
    breathing_min: float = 0.0
    volume_pct: int = 100
    counts_toward_progression: bool = True

    @property
    def minutes(self) -> float:
        """Estimated minutes, rounded up to the whole minute."""
        return float(math.ceil(sum(i.seconds for i in self.items) / 60 + self.breathing_min))

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(i.exercise_id for i in self.items)

    @property
    def chains(self) -> frozenset[Chain]:
        """The plan's chains trained in this session (the summary speaks only of these)."""
        return frozenset(i.chain for i in self.items if i.chain is not None)


def taking_turns(library: Library) -> tuple[Chain, Chain]:
    """The two function-block chains that take turns from one session to the next (ref 5.9 [PD]): the first
    session (variant A) has the first, the next one the second."""
    t = library.templates
    return (t.function_a, t.function_b)


def next_variant(last: SessionVariant | None) -> SessionVariant:
    """Function block alternates HNG (A) and SQT (B) (ref 5.9)."""
    return SessionVariant.B if last is SessionVariant.A else SessionVariant.A


def estimate_seconds(spec: ExerciseSpec, dose: Dose) -> float:
    """Rough time for one exercise: work + rest between sets + set-up (estimate only)."""
    sides = 2 if spec.per_side else 1
    if dose.tempo is not None:
        per_rep = float(sum(dose.tempo))
    elif dose.hold_s is not None:
        per_rep = float(dose.hold_s)
    else:
        per_rep = 4.0
    work = dose.sets * dose.reps * per_rep * sides
    return work + REST_BETWEEN_SETS_S * (dose.sets - 1) + SETUP_S


def _item(library: Library, ex_id: str, block: Block, dose: Dose | None, support_on: bool) -> SessionItem:
    spec = library.exercise(ex_id)
    d = dose if dose is not None else spec.base
    return SessionItem(
        exercise_id=ex_id,
        block=block,
        dose=d,
        chain=spec.chain,
        support=support_on and spec.has(FLAG_SUPPORT_VARIANT),
        seconds=estimate_seconds(spec, d),
    )


def _today_doses(
    plan: PlanState, result: EngineResult | None, library: Library
) -> dict[Chain, tuple[str, Dose]]:
    """Exercise and dose per chain for today: the engine's decision if given, else the stored step."""
    out: dict[Chain, tuple[str, Dose]] = {}
    decisions: dict[Chain, Decision] = {d.chain: d for d in result.decisions} if result is not None else {}
    for ex in plan.exercises:
        d = decisions.get(ex.chain)
        if d is not None:
            if d.action in (Action.PAUSE, Action.LOCK, Action.FLARE) or d.dose_after is None:
                continue
            out[ex.chain] = (d.to_exercise_id, d.dose_after)
        else:
            if ex.paused_until is not None:
                continue
            spec = library.at(ex.chain, ex.level)
            out[ex.chain] = (
                spec.id,
                dose_at(spec.ladder, spec.base, min(ex.step, valid_steps(spec.ladder)[-1])),
            )
    return out


def flare_session(
    plan: PlanState, library: Library, options: SessionOptions = SessionOptions()
) -> SessionPlan:
    """Flare-up session (ref 5.9, 6.7): MO-01, MO-02, MO-03a if comfortable, MC-01, relaxed breathing."""
    t = library.templates
    support_on = Modifier.SUPPORT in plan.modifiers
    items = [
        _item(library, ex_id, Block.MOBILITY, None, support_on)
        for ex_id in t.flare
        if not (ex_id in t.flare_optional and not options.prone_ok)
    ]
    return SessionPlan(
        SessionKind.FLARE, tuple(items), breathing_min=t.breathing_min, counts_toward_progression=False
    )


def movement_snack(plan: PlanState, library: Library, result: EngineResult | None = None) -> SessionPlan:
    """Daily 5-minute snack (ref 5.9 [PD]): MO-01, MO-02 and the current MC exercise at half dose."""
    t = library.templates
    support_on = Modifier.SUPPORT in plan.modifiers
    items = [_item(library, ex_id, Block.MOBILITY, None, support_on) for ex_id in t.snack]
    mc = _today_doses(plan, result, library).get(Chain.MC)
    if mc is not None:
        items.append(_item(library, mc[0], Block.CORE, scale_volume(mc[1], SNACK_VOLUME), support_on))
    return SessionPlan(SessionKind.SNACK, tuple(items), counts_toward_progression=False)


def compose_session(
    plan: PlanState,
    result: EngineResult | None,
    library: Library,
    *,
    variant: SessionVariant = SessionVariant.A,
    options: SessionOptions = SessionOptions(),
) -> SessionPlan:
    """Today's session from the plan and the engine result (ref 5.9 [PD]).

    Standard: warm-up MO-01, MO-02; core block MC, QX, LAT, GLU; function block HNG (A) or SQT (B); CAR once
    HNG
    or SQT is at L3+; optional ANT/PX/ABD/AR when switched on; cool-down MO-04 or MO-03a + 1 min breathing;
    MO-05
    with the LEG modifier. Flare active -> flare-up session; red-flag lock -> empty LOCKED session. Doses are
    the
    engine's ``dose_after`` (deload, re-entry and "not sure" volume already applied).
    """
    t = library.templates
    if plan.redflag_lock or (result is not None and any(d.action is Action.LOCK for d in result.decisions)):
        return SessionPlan(SessionKind.LOCKED, (), counts_toward_progression=False)
    if result is not None and result.flare.active:
        return flare_session(plan, library, options)
    support_on = Modifier.SUPPORT in plan.modifiers
    doses = _today_doses(plan, result, library)
    levels = {ex.chain: ex.level for ex in plan.exercises}
    items: list[SessionItem] = [_item(library, ex_id, Block.WARMUP, None, support_on) for ex_id in t.warmup]
    for chain in t.core:
        if chain in doses:
            items.append(_item(library, doses[chain][0], Block.CORE, doses[chain][1], support_on))
    function = t.function_a if variant is SessionVariant.A else t.function_b
    if function in doses:
        items.append(_item(library, doses[function][0], Block.FUNCTION, doses[function][1], support_on))
    carry_due = any(levels.get(c, 0) >= t.carry_from_level for c in (t.function_a, t.function_b))
    if carry_due:
        if t.carry in doses:
            items.append(_item(library, doses[t.carry][0], Block.FUNCTION, doses[t.carry][1], support_on))
        elif t.carry not in levels:
            items.append(_item(library, library.at(t.carry, 1).id, Block.FUNCTION, None, support_on))
    for chain in t.optional:
        if chain not in options.include or chain not in doses:
            continue
        ex_id, dose = doses[chain]
        spec = library.exercise(ex_id)
        if spec.has(FLAG_NEEDS_BAND) and not options.has_band:
            continue  # LT-02 hidden without a band (ref 5.0)
        if chain is Chain.PX and not options.prone_ok:
            continue  # PX only if lying face down is comfortable (ref 4.8)
        items.append(_item(library, ex_id, Block.OPTIONAL, dose, support_on))
    cooldown = options.cooldown if options.cooldown in t.cooldown_options else t.cooldown_options[0]
    if cooldown == "MO-03a" and not options.prone_ok:
        cooldown = t.cooldown_options[0]
    items.append(_item(library, cooldown, Block.COOLDOWN, None, support_on))
    if Modifier.LEG in plan.modifiers:
        for ex_id in t.leg_extra:  # MO-05 only on the leg-pain pathway (ref 5.5, 6.9)
            items.append(_item(library, ex_id, Block.COOLDOWN, None, support_on))
    kind = SessionKind.STANDARD
    volume = 100
    counts = True
    if result is not None:
        volume = result.volume_pct
        counts = result.counts_toward_progression
        if result.has_event("NOT_SURE_SESSION"):
            kind = SessionKind.HALF
        elif result.flare.reentry_session is not None and volume < 100:
            kind = SessionKind.REENTRY
    return SessionPlan(kind, tuple(items), variant, t.breathing_min, volume, counts)


# ----------------------------------------------------------------------------------------------------
# Schedule
# ----------------------------------------------------------------------------------------------------
def sessions_per_week(plan: PlanState, library: Library, *, week: int) -> int:
    """3 a week; 2 in maintenance: every core chain at its top, or after week 12 (ref 5.9 [PD])."""
    t = library.templates
    core = [ex for ex in plan.exercises if ex.chain in t.core]
    at_top = bool(core) and all(ex.level >= library.levels(ex.chain) for ex in core)
    if at_top or week > t.maintenance_after_week:
        return t.maintenance_sessions_per_week
    return t.sessions_per_week


def scheduled_days(
    week_start: date, per_week: int, weekdays: Sequence[int] | None = None
) -> tuple[date, ...]:
    """Training days of the week starting ``week_start`` (non-consecutive by default, ref 5.9 [PD])."""
    days = tuple(weekdays) if weekdays is not None else DEFAULT_DAYS.get(per_week, DEFAULT_DAYS[3])
    if any(not 0 <= d <= 6 for d in days):
        raise ValueError(f"weekdays must be 0..6, got {days}")
    monday = week_start - timedelta(days=week_start.weekday())
    return tuple(monday + timedelta(days=d) for d in sorted(set(days)))


def is_session_day(day: date, per_week: int, weekdays: Sequence[int] | None = None) -> bool:
    return day in scheduled_days(day, per_week, weekdays)


# ----------------------------------------------------------------------------------------------------
# Walking quota (5.7)
# ----------------------------------------------------------------------------------------------------
def _round(x: float) -> int:
    return math.floor(x + 0.5)


def walk_start_quota(baseline_minutes: float, config: ClinicalConfig = DEFAULT_CONFIG) -> int:
    """Start quota per walk: 80 % of the baseline minutes, at least 5 (ref 5.7 [PD])."""
    return max(WALK_MIN_MINUTES, _round(baseline_minutes * config.walk_start_fraction))


def walk_next_quota(current: int, trend: Trend, config: ClinicalConfig = DEFAULT_CONFIG) -> int:
    """Weekly step (ref 5.7 [PD]; graded activity, Lindstrom 1992): +10 %, at least +2 min, unless
    WORSENING."""
    if trend is Trend.WORSENING:
        return current
    return current + max(WALK_MIN_INCREASE, _round(current * config.walk_weekly_increase))


def walk_quota(
    baseline_minutes: float, weekly_trends: Iterable[Trend], config: ClinicalConfig = DEFAULT_CONFIG
) -> int:
    """Quota after each finished week's trend (time-contingent, not pain-contingent)."""
    q = walk_start_quota(baseline_minutes, config)
    for trend in weekly_trends:
        q = walk_next_quota(q, trend, config)
    return q


def walk_adjusted(
    quota: int,
    *,
    flare: bool = False,
    gap_days: int | None = None,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> int | None:
    """Quota today: halved in a flare (ref 6.7); 80 % / 60 % after a 7-13 / 14-27 day gap; None after >= 28
    days
    (a new baseline is needed, ref 6.8)."""
    q = quota
    if gap_days is not None:
        band7, band14, band28 = config.gap_deload_days
        if gap_days >= band28:
            return None
        if gap_days >= band14:
            q = _round(q * WALK_GAP_FRACTIONS[1])
        elif gap_days >= band7:
            q = _round(q * WALK_GAP_FRACTIONS[0])
    if flare:
        q = math.ceil(q * WALK_FLARE_FRACTION)
    return max(1, q)


# ----------------------------------------------------------------------------------------------------
# Tempo ring
# ----------------------------------------------------------------------------------------------------
class Phase(StrEnum):
    LIFT = "lift"  # a: moving into the effort position
    HOLD = "hold"  # b: pause or hold
    LOWER = "lower"  # c: returning to the start


@dataclass(frozen=True, slots=True)
class TempoPhase:
    phase: Phase
    seconds_left: float
    rep: int  # 0-based rep index
    fraction: float  # 0..1 of the current phase done


def tempo_phase_at(tempo: Tempo, t_seconds: float) -> TempoPhase:
    """Which phase of an ``a-b-c`` tempo (ref 5.0) is running ``t_seconds`` after the first rep started.

    Zero-length phases are skipped. Raises ValueError for a negative time or a tempo with no duration.
    """
    if len(tempo) != 3 or any(p < 0 for p in tempo):
        raise ValueError(f"tempo must be three non-negative seconds, got {tempo}")
    cycle = float(sum(tempo))
    if cycle <= 0:
        raise ValueError("tempo has no duration")
    if t_seconds < 0:
        raise ValueError(f"time must be >= 0, got {t_seconds}")
    rep = int(t_seconds // cycle)
    pos = t_seconds - rep * cycle
    start = 0.0
    for phase, length in zip((Phase.LIFT, Phase.HOLD, Phase.LOWER), tempo, strict=True):
        if length > 0 and pos < start + length:
            return TempoPhase(phase, start + length - pos, rep, (pos - start) / length)
        start += length
    # Floating-point edge: treat as the very end of the last non-empty phase.
    last = max(i for i, p in enumerate(tempo) if p > 0)
    return TempoPhase((Phase.LIFT, Phase.HOLD, Phase.LOWER)[last], 0.0, rep, 1.0)
