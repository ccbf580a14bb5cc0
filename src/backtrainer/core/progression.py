"""Per-exercise progression engine (clinical reference sections 6.1-6.9).

A pure state transition: ``decide(plan, history, checkins, today=..., library=...)`` returns an
:class:`EngineResult` (one :class:`Decision` per plan exercise, with reason codes and parameters for
wording), and
``apply(plan, result)`` returns the next :class:`PlanState`. Preview = ``decide`` without ``apply``
(Anki-style
preview-then-commit, style 5.2.2-3). No Qt, SQL, file or clock access: today's date is an argument.

Rule order (ref 6.6; first match wins): R-SAFE, R0, R-FLARE, R-GAP, R1, R2, R3, R4, R5, H, P, default.
Engine-only gates are slotted in where they cannot weaken a safety rule: LOCKED (CLINICIAN_LOCK) and PAUSED
come
right after R-SAFE; flare re-entry (FLARE_48H / REENTRY) right after R-FLARE; DELOAD_RETURN (6.8, 7-13 days)
after
R5.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from backtrainer.core.chains import PROGRESSION_TIE_BREAK, Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.flare import (
    FLARE_ESCALATE_DAYS,
    FLARES_FOR_SLOW,
    FLARES_WINDOW_DAYS,
    FlareEpisode,
    MorningCheckin,
    Timeline,
    Trend,
    build_timeline,
    weekly_trend,
)
from backtrainer.core.library import Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression_ladder import Dose, Ladder, dose_at, max_step, scale_volume, valid_steps

__all__ = [
    "Action",
    "Completion",
    "Decision",
    "Dose",
    "Effort",
    "EngineResult",
    "Event",
    "ExerciseSessionRecord",
    "ExerciseState",
    "FlareAnswer",
    "FlareStatus",
    "Form",
    "Ladder",
    "LevelCap",
    "MorningCheckin",
    "MorningStatus",
    "PainStatus",
    "PlanState",
    "Position",
    "Trend",
    "apply",
    "completion_status",
    "decide",
    "dose_at",
    "effort_status",
    "limit_progressions",
    "needs_flare_prompt",
    "pain_status",
    "progress_position",
    "regress_level_position",
    "regress_step_position",
    "rpe_equivalent",
]

# ----------------------------------------------------------------------------------------------------
# [PD] numbers that are not in Appendix B (Appendix B values come from ClinicalConfig).
# ----------------------------------------------------------------------------------------------------
# Leg-pain pathway: leg_worst_during > pre-session leg pain + 2 counts as PAIN_HIGH (ref 6.2 [PD]).
LEG_PAIN_RISE_MAX = 2  # [PD] ref 6.2
# FEAR modifier: the pain ceiling is not lowered below 5 without a clinician (ref 6.9 [PD]).
FEAR_MIN_CEILING = 5  # [PD] ref 6.9
# Effort bands on Borg CR10 (ref 6.4 [PD]): EASY <= 4, WORKING 5, HARD 6-7, TOO_HARD >= 8.
RPE_EASY_MAX = 4  # [PD] ref 6.4
RPE_WORKING_MAX = 5  # [PD] ref 6.4
RPE_HARD_MAX = 7  # [PD] ref 6.4
# Reps in reserve -> RPE (ref 6.4; Zourdos 2016, verify): RIR >= 3 -> 5, RIR 2 -> 6, RIR 1 -> 7, RIR 0 -> 8.
RIR_TO_RPE: Mapping[int, int] = {0: 8, 1: 7, 2: 6}  # [PD] ref 6.4
RIR_ROOM_LEFT_RPE = 5  # [PD] ref 6.4
# Evidence windows (ref 6.6 [PD]): R1/R3 "2 of the last 3", R2 "last 2 consecutive", R4 "2 of the last 3
# mornings".
WINDOW_LAST3 = 3  # [PD] ref 6.6
R1_HIGH_COUNT = 2  # [PD] ref 6.6
R2_INCOMPLETE_COUNT = 2  # [PD] ref 6.6
R3_TOO_HARD_COUNT = 2  # [PD] ref 6.6
R4_NOT_SETTLED_COUNT = 2  # [PD] ref 6.6
# R4: exercises "progressed in the last 7 days" (ref 6.6 [PD]).
R4_RECENT_PROGRESS_DAYS = 7  # [PD] ref 6.6
# R5 fires at most once a week (two WORSENING weeks stay true for a few days after the regression) [PD].
R5_REPEAT_DAYS = 7  # [PD] engine guard, in the spirit of the 6.6 evidence-window note
# P: no flare in the last 7 days (ref 6.6 [PD]).
P_NO_FLARE_DAYS = 7  # [PD] ref 6.6
# REGRESS_STEP from S0 of L > 1 lands on L-1 at S3; REGRESS_LEVEL lands on L-1 at S2 (ref 6.5 [PD]).
REGRESS_STEP_LANDING = 3  # [PD] ref 6.5
REGRESS_LEVEL_LANDING = 2  # [PD] ref 6.5
# REGRESS_LEVEL at L1: pause the exercise for 3 days, then retry at S0 (ref 6.5 [PD]).
L1_PAUSE_DAYS = 3  # [PD] ref 6.5
# Flare that began within 48 h after a progression: that exercise returns one step lower (ref 6.7 [PD]).
FLARE_AFTER_PROGRESS_DAYS = 2  # [PD] ref 6.7
# Re-entry after a flare: session 1 at 50 %, session 2 at 75 %, session 3 at 100 % (ref 6.7 [PD]).
REENTRY_VOLUME: Mapping[int, int] = {1: 50, 2: 75, 3: 100}  # [PD] ref 6.7
# "Not sure" flare answer: a 50 % session that does not count (ref 6.2 [PD]).
NOT_SURE_VOLUME = 50  # [PD] ref 6.2
# Deload steps after a gap (ref 6.8 [PD]): 7-13 days -1 step, 14-27 days -2 steps; >= 28 restart at S0.
DELOAD_STEPS: tuple[int, int] = (1, 2)  # [PD] ref 6.8
# Walking after a gap (ref 6.8 [PD]) and during a flare (ref 6.7 [PD]), percent of the last quota.
WALK_PCT_GAP: tuple[int, int] = (80, 60)  # [PD] ref 6.8
WALK_PCT_FLARE = 50  # [PD] ref 6.7


class Action(StrEnum):
    PROGRESS = "PROGRESS"
    HOLD = "HOLD"
    REGRESS_STEP = "REGRESS_STEP"
    REGRESS_LEVEL = "REGRESS_LEVEL"
    DELOAD = "DELOAD"
    FLARE = "FLARE"
    LOCK = "LOCK"
    PAUSE = "PAUSE"


class PainStatus(StrEnum):
    PAIN_OK = "PAIN_OK"
    PAIN_OK_ADJ = "PAIN_OK_ADJ"
    PAIN_HIGH = "PAIN_HIGH"


class MorningStatus(StrEnum):
    SETTLED = "SETTLED"
    BORDERLINE = "BORDERLINE"  # between U + settled_margin and U + not_settled_margin: neither (holds)
    NOT_SETTLED = "NOT_SETTLED"
    UNKNOWN = "UNKNOWN"


class Effort(StrEnum):
    EASY = "EASY"
    WORKING = "WORKING"
    HARD = "HARD"
    TOO_HARD = "TOO_HARD"
    UNKNOWN = "UNKNOWN"


class Completion(StrEnum):
    COMPLETE = "COMPLETE"
    PARTIAL = "PARTIAL"
    INCOMPLETE = "INCOMPLETE"


class Form(StrEnum):
    GOOD = "good"
    MOSTLY = "mostly"
    POOR = "poor"


class FlareAnswer(StrEnum):
    """Answer to "Is this a flare-up?" asked when pre_pain >= 7 (ref 6.2)."""

    YES = "YES"
    NO_USUAL = "NO_USUAL"
    NOT_SURE = "NOT_SURE"


# ----------------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExerciseState:
    """Where one chain stands. ``since`` = date of the last step/level change (starts the evidence window)."""

    chain: Chain
    exercise_id: str
    level: int
    step: int
    since: date
    last_progressed: date | None = None
    locked: bool = False  # CLINICIAN_LOCK for this chain (ref 6.9)
    paused_until: date | None = None  # REGRESS_LEVEL at L1 (ref 6.5)
    deload_restore: tuple[int, int] | None = None  # stored (level, step) during a 7-13 day deload (ref 6.8)
    maintenance: bool = False  # top of the chain reached (ref 6.5)


@dataclass(frozen=True, slots=True)
class LevelCap:
    """No progression above ``max_level`` in ``chain`` while ``today < until`` (ref 4.8 global caps [PD])."""

    chain: Chain
    max_level: int
    until: date


@dataclass(frozen=True, slots=True)
class PlanState:
    exercises: tuple[ExerciseState, ...]
    modifiers: frozenset[Modifier] = frozenset()
    redflag_lock: bool = False  # an EMERGENCY or CLINICIAN_SOON result is open (ref 1.1, R-SAFE)
    last_regression: date | None = None  # R4 counts only mornings after this (ref 6.6)
    u_reset_from: date | None = None  # after a gap >= 28 days U is rebuilt from here (ref 6.8)
    custom_ceiling: int | None = None  # clinician's custom C (ref 6.9 CLINICIAN_LOCK)
    caps: tuple[LevelCap, ...] = ()

    def state(self, chain: Chain) -> ExerciseState | None:
        for ex in self.exercises:
            if ex.chain is chain:
                return ex
        return None


@dataclass(frozen=True, slots=True)
class ExerciseSessionRecord:
    """What was recorded for one exercise in one session (ref 6.1)."""

    date: date
    exercise_id: str
    pre_pain: int
    worst_during: int
    level: int | None = None
    step: int | None = None
    completed: int = 1
    prescribed: int = 1
    rpe: int | None = None
    rir: int | None = None
    form: Form = Form.GOOD
    leg_spread: bool = False
    leg_worst: int | None = None
    pre_leg: int | None = None
    reps_failed: bool = False
    counts_toward_progression: bool = True
    flare_answer: FlareAnswer | None = None


# ----------------------------------------------------------------------------------------------------
# Outputs
# ----------------------------------------------------------------------------------------------------
Params = Mapping[str, str | int | float]


@dataclass(frozen=True)
class Decision:
    exercise_id: str
    chain: Chain
    action: Action
    from_level: int
    from_step: int
    to_level: int
    to_step: int
    to_exercise_id: str
    dose_before: Dose
    dose_after: Dose | None  # today's dose (after re-entry / "not sure" volume); None if not done today
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict)
    restore_to: tuple[int, int] | None = None
    paused_until: date | None = None

    @property
    def changed(self) -> bool:
        return (self.to_level, self.to_step) != (self.from_level, self.from_step)


@dataclass(frozen=True)
class Event:
    code: str
    chain: Chain | None = None
    exercise_id: str | None = None
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FlareStatus:
    active: bool = False
    started: date | None = None
    ended: date | None = None
    day: int = 0  # 1-based day of the active flare
    reentry_session: int | None = None  # 1, 2 or 3 after an exit
    volume_pct: int = 100  # today's session volume
    flares_28d: int = 0
    escalate: bool = False


@dataclass(frozen=True)
class EngineResult:
    today: date
    decisions: tuple[Decision, ...]
    flare: FlareStatus
    events: tuple[Event, ...] = ()
    clinician_triggers: tuple[str, ...] = ()
    usual_pain: float | None = None
    trend: Trend = Trend.STABLE
    gap_days: int | None = None
    volume_pct: int = 100
    counts_toward_progression: bool = True  # today's session counts

    def decision(self, key: str | Chain) -> Decision:
        for d in self.decisions:
            if d.chain == key or d.exercise_id == key:
                return d
        raise KeyError(key)

    def has_event(self, code: str) -> bool:
        return any(e.code == code for e in self.events)


# Reason codes the engine can emit, with the parameter names each one's message may use.
# Reasons the services add when a clinician approves each move up (ref 8.5 [PD]); the engine never sets them.
AWAITING_APPROVAL = "AWAITING_APPROVAL"  # a move up held as today's hold until the clinician's OK
CLINICIAN_APPROVED = "CLINICIAN_APPROVED"  # the clinician said yes to a held move up

REASON_PARAMS: Mapping[str, tuple[str, ...]] = {
    "R-SAFE": (),
    "LOCKED": (),
    "PAUSED": ("until",),
    "R0": (),
    "PAUSE_3D": ("until",),
    "STUCK": (),
    "R-FLARE": ("flare_day",),
    "FLARE_48H": ("from_step", "to_step"),
    "REENTRY": ("session", "pct"),
    "R-GAP": ("gap_days",),
    "DELOAD_7": ("gap_days", "steps"),
    "DELOAD_14": ("gap_days", "steps"),
    "DELOAD_28": ("gap_days", "level"),
    "R1": ("count", "window"),
    "R2": ("count",),
    "R3": ("count", "window"),
    "R4": ("count", "window"),
    "R5": (),
    "DELOAD_RETURN": ("to_step",),
    AWAITING_APPROVAL: (),
    CLINICIAN_APPROVED: (),
    "H_FIRST_SESSION": (),
    "H_MORE_SESSIONS": ("qualifying", "needed"),
    "H_SLOW": ("needed",),
    "H_PAIN_HIGH": ("ceiling",),
    "H_PARTIAL": (),
    "H_INCOMPLETE": (),
    "H_HARD": ("rpe_max",),
    "H_TOO_HARD": (),
    "H_EFFORT_UNKNOWN": (),
    "H_NOT_SETTLED": (),
    "H_MORNING_BORDERLINE": (),
    "H_MORNING_UNKNOWN": (),
    "H_WORSENING": (),
    "H_FORM_POOR": (),
    "H_RECENT_FLARE": ("days",),
    "H_NOT_COUNTED": (),
    "P": ("sessions",),
    "MAINTENANCE": (),
    "LIMIT": ("limit",),
    "CAP": ("max_level",),
    "NOT_SURE": ("pct",),
    "DEFAULT": (),
}

EVENT_PARAMS: Mapping[str, tuple[str, ...]] = {
    "FLARE_START": (),
    "FLARE_ACTIVE": ("flare_day",),
    "FLARE_EXIT": (),
    "FLARE_ESCALATE": ("flare_day",),
    "REENTRY": ("session", "pct"),
    "SLOW_ON": ("flares",),
    "STUCK": (),
    "MAINTENANCE": (),
    "BODY_MAP_RECHECK": ("hours",),
    "REDFLAG_QUICK_CHECK": (),
    "FULL_RESCREEN": (),
    "U_RESET": ("days",),
    "MOVEMENT_RETEST": (),
    "WALK_QUOTA": ("pct",),
    "WALK_REBASELINE": (),
    "NOT_SURE_SESSION": ("pct",),
    "CLINICIAN_SUGGEST": (),
}


# ----------------------------------------------------------------------------------------------------
# Per-session classification (6.2-6.4)
# ----------------------------------------------------------------------------------------------------
def needs_flare_prompt(pre_pain: int, config: ClinicalConfig = DEFAULT_CONFIG) -> bool:
    """Ask "Is this a flare-up?" before the session (ref 6.2 [PD], pre_pain >= 7)."""
    return pre_pain >= config.pre_session_flare_prompt


def effective_ceiling(plan: PlanState, config: ClinicalConfig) -> int:
    """Pain ceiling C: clinician's custom C, else the configured C; FEAR never below 5 (ref 6.2, 6.9 [PD])."""
    if plan.custom_ceiling is not None:
        return plan.custom_ceiling
    c = config.pain_ceiling_C
    if Modifier.FEAR in plan.modifiers:
        c = max(c, FEAR_MIN_CEILING)  # FEAR (ref 6.9 [PD]): over-cautious limits can reinforce avoidance
    return c


def pain_status(rec: ExerciseSessionRecord, ceiling: int) -> PainStatus:
    """Pain during exercise (ref 6.2 [PD]; pain-monitoring model, Silbernagel 2007)."""
    # Leg-pain pathway: leg_worst > pre leg + 2 counts as PAIN_HIGH (ref 6.2 [PD]).
    if (
        rec.leg_worst is not None
        and rec.pre_leg is not None
        and rec.leg_worst > rec.pre_leg + LEG_PAIN_RISE_MAX
    ):
        return PainStatus.PAIN_HIGH
    if rec.worst_during <= ceiling:
        return PainStatus.PAIN_OK
    # No rise for people whose resting pain is already above the ceiling (ref 6.2 [PD]).
    if rec.pre_pain > ceiling and rec.worst_during <= rec.pre_pain:
        return PainStatus.PAIN_OK_ADJ
    return PainStatus.PAIN_HIGH


def rpe_equivalent(rpe: int | None, rir: int | None) -> int | None:
    """RPE (CR10), or reps-in-reserve mapped to RPE (ref 6.4; Zourdos 2016, verify)."""
    if rpe is not None:
        return rpe
    if rir is not None:
        return RIR_TO_RPE.get(rir, RIR_ROOM_LEFT_RPE)
    return None


def effort_status(rpe: int | None, rir: int | None = None, reps_failed: bool = False) -> Effort:
    """Effort band (ref 6.4 [PD]): EASY <= 4, WORKING 5, HARD 6-7, TOO_HARD >= 8 or reps failed."""
    if reps_failed:
        return Effort.TOO_HARD
    value = rpe_equivalent(rpe, rir)
    if value is None:
        return Effort.UNKNOWN
    if value <= RPE_EASY_MAX:
        return Effort.EASY
    if value <= RPE_WORKING_MAX:
        return Effort.WORKING
    if value <= RPE_HARD_MAX:
        return Effort.HARD
    return Effort.TOO_HARD


def completion_status(completed: int, prescribed: int, config: ClinicalConfig = DEFAULT_CONFIG) -> Completion:
    """COMPLETE = 100 %, PARTIAL = 70-99 %, INCOMPLETE < 70 % (ref 6.4 [PD])."""
    if prescribed <= 0 or completed >= prescribed:
        return Completion.COMPLETE
    if completed / prescribed >= config.completion_incomplete_below:
        return Completion.PARTIAL
    return Completion.INCOMPLETE


def count_completed_holds(
    hold_times_s: Iterable[float], target_s: float, config: ClinicalConfig = DEFAULT_CONFIG
) -> int:
    """Holds that count as done: held >= 90 % of the target time (ref 6.1 [PD])."""
    return sum(1 for t in hold_times_s if t >= config.hold_counts_if_pct * target_s)


def morning_status(morning: int | None, usual: float | None, config: ClinicalConfig) -> MorningStatus:
    """Next-morning check (ref 6.3 [PD]): SETTLED <= U + 1; NOT_SETTLED >= U + 2; UNKNOWN if no rating."""
    if morning is None or usual is None:
        return MorningStatus.UNKNOWN
    if morning >= usual + config.not_settled_margin:
        return MorningStatus.NOT_SETTLED
    if morning <= usual + config.settled_margin:
        return MorningStatus.SETTLED
    return MorningStatus.BORDERLINE


@dataclass(frozen=True, slots=True)
class SessionEval:
    record: ExerciseSessionRecord
    pain: PainStatus
    effort: Effort
    rpe: int | None
    completion: Completion
    morning: MorningStatus
    counts: bool

    def qualifies(self, config: ClinicalConfig) -> bool:
        """Rule P criteria for one session (ref 6.6 [PD])."""
        return (
            self.counts
            and self.pain is not PainStatus.PAIN_HIGH
            and self.completion is Completion.COMPLETE
            and self.effort is not Effort.TOO_HARD
            and self.rpe is not None
            and self.rpe <= config.rpe_max_for_progress
            and self.record.form is not Form.POOR
            and self.morning is MorningStatus.SETTLED
        )


# ----------------------------------------------------------------------------------------------------
# Step movements (6.5)
# ----------------------------------------------------------------------------------------------------
class Position(NamedTuple):
    level: int
    step: int
    flag: bool = False  # PROGRESS: maintenance; REGRESS_STEP: stuck; REGRESS_LEVEL: pause at L1


def progress_position(library: Library, chain: Chain, level: int, step: int) -> Position:
    """PROGRESS (ref 6.5): +1 step; from the top step go to the next level at S0; at the top level stay
    (maintenance).

    The top step is S5 (REP/HOLD), S4 (CARRY, no S5) or S0 (FIXED: nothing to climb, e.g. MO-03a in PX).
    """
    top_step = max_step(library.at(chain, level).ladder)
    if step < top_step:
        return Position(level, step + 1)
    if level < library.levels(chain):
        return Position(level + 1, 0)
    return Position(level, step, True)


def regress_step_position(library: Library, chain: Chain, level: int, step: int) -> Position:
    """REGRESS_STEP (ref 6.5): -1 step; from S0 of L > 1 go to L-1 at S3; at L1 S0 stay (flag = "stuck")."""
    del library, chain  # same rule for every ladder; kept for a uniform signature
    if step > 0:
        return Position(level, step - 1)
    if level > 1:
        return Position(level - 1, REGRESS_STEP_LANDING)
    return Position(1, 0, True)


def regress_level_position(library: Library, chain: Chain, level: int) -> Position:
    """REGRESS_LEVEL (ref 6.5): L-1 at S2; at L1 stay at S0 and pause 3 days (flag = pause)."""
    del library, chain
    if level > 1:
        return Position(level - 1, REGRESS_LEVEL_LANDING)
    return Position(1, 0, True)


def _dose(library: Library, chain: Chain, level: int, step: int) -> Dose:
    spec = library.at(chain, level)
    # CARRY has no S5: a stored S5 (never produced by the engine) is read as S4.
    return dose_at(spec.ladder, spec.base, min(step, valid_steps(spec.ladder)[-1]))


# ----------------------------------------------------------------------------------------------------
# Engine
# ----------------------------------------------------------------------------------------------------
class _Ctx:
    """Pre-indexed history for one decision (built once; every lookup is O(log n) or bounded)."""

    def __init__(
        self,
        plan: PlanState,
        history: Iterable[ExerciseSessionRecord],
        checkins: Iterable[MorningCheckin],
        today: date,
        config: ClinicalConfig,
        flare_answer_today: FlareAnswer | None,
    ) -> None:
        self.today = today
        self.config = config
        self.ceiling = effective_ceiling(plan, config)
        by_ex: dict[str, list[ExerciseSessionRecord]] = {}
        dates: set[date] = set()
        yes_days: set[date] = set()
        first: ExerciseSessionRecord | None = None
        first_after_reset: ExerciseSessionRecord | None = None
        reset = plan.u_reset_from
        for rec in history:
            if rec.date >= today:
                continue
            by_ex.setdefault(rec.exercise_id, []).append(rec)
            dates.add(rec.date)
            if rec.flare_answer is FlareAnswer.YES:
                yes_days.add(rec.date)
            # "pre_pain of the first session" (ref 6.3); same-day ties broken by exercise id (deterministic).
            if first is None or (rec.date, rec.exercise_id) < (first.date, first.exercise_id):
                first = rec
            if (
                reset is not None
                and rec.date >= reset
                and (
                    first_after_reset is None
                    or (rec.date, rec.exercise_id) < (first_after_reset.date, first_after_reset.exercise_id)
                )
            ):
                first_after_reset = rec
        for recs in by_ex.values():
            if any(recs[i].date > recs[i + 1].date for i in range(len(recs) - 1)):
                recs.sort(key=lambda r: r.date)
        self.by_ex = by_ex
        self.by_ex_dates = {k: [r.date for r in v] for k, v in by_ex.items()}
        self.session_dates: list[date] = sorted(dates)
        if flare_answer_today is FlareAnswer.YES:
            yes_days.add(today)
        fallback = first_after_reset if reset is not None and first_after_reset is not None else first
        self.timeline: Timeline = build_timeline(
            checkins,
            today=today,
            config=config,
            fallback_pre_pain=fallback.pre_pain if fallback is not None else None,
            extra_flare_reports=yes_days,
            reset_from=reset,
        )
        self.mornings = self.timeline.mornings
        # Re-entry sessions 1 and 2 after each flare exit do not count (ref 6.7 [PD]).
        self.noncounting: set[date] = set()
        for ep in self.timeline.episodes:
            if ep.end is None:
                continue
            i = bisect.bisect_left(self.session_dates, ep.end)
            for d in self.session_dates[i : i + 2]:
                self.noncounting.add(d)

    # -- morning attribution
    # ------------------------------------------------------------------------------------
    def next_session_after(self, day: date) -> date:
        i = bisect.bisect_right(self.session_dates, day)
        return self.session_dates[i] if i < len(self.session_dates) else self.today

    def morning_after(self, day: date) -> MorningStatus:
        """Status of the first morning after a session, up to the next session (ref 6.6: mornings after a rest
        day are attributed to the most recent session)."""
        end = self.next_session_after(day)
        d = day + timedelta(days=1)
        while d <= end:
            m = self.mornings.get(d)
            if m is not None:
                return morning_status(m, self.timeline.usual_at(d), self.config)
            d += timedelta(days=1)
        return MorningStatus.UNKNOWN

    def counts(self, rec: ExerciseSessionRecord) -> bool:
        return (
            rec.counts_toward_progression
            and rec.flare_answer is not FlareAnswer.NOT_SURE  # "Not sure": 50 % and not counted (ref 6.2)
            and rec.date not in self.noncounting  # re-entry sessions 1-2 (ref 6.7)
            and not self.timeline.in_flare(rec.date)
        )

    def evaluate(self, rec: ExerciseSessionRecord) -> SessionEval:
        rpe = rpe_equivalent(rec.rpe, rec.rir)
        return SessionEval(
            record=rec,
            pain=pain_status(rec, self.ceiling),
            effort=effort_status(rec.rpe, rec.rir, rec.reps_failed),
            rpe=rpe,
            completion=completion_status(rec.completed, rec.prescribed, self.config),
            morning=self.morning_after(rec.date),
            counts=self.counts(rec),
        )

    def window(self, ex: ExerciseState, need: int) -> tuple[list[SessionEval], list[SessionEval]]:
        """Evidence window (ref 6.6 [PD]): sessions of this exercise at its current step since its last
        change.

        Returns (last 3 sessions, newest first, flare days excluded) and (last ``need`` counting sessions).
        """
        recs = self.by_ex.get(ex.exercise_id, [])
        lo = bisect.bisect_left(self.by_ex_dates.get(ex.exercise_id, []), ex.since)
        last3: list[SessionEval] = []
        counting: list[SessionEval] = []
        for rec in reversed(recs[lo:]):
            if len(last3) >= WINDOW_LAST3 and len(counting) >= need:
                break
            if rec.level is not None and rec.level != ex.level:
                continue
            if rec.step is not None and rec.step != ex.step:
                continue
            if self.timeline.in_flare(rec.date):
                continue
            ev = self.evaluate(rec)
            if len(last3) < WINDOW_LAST3:
                last3.append(ev)
            if ev.counts and len(counting) < need:
                counting.append(ev)
        return last3, counting

    def latest(self, ex: ExerciseState) -> ExerciseSessionRecord | None:
        recs = self.by_ex.get(ex.exercise_id)
        if not recs or recs[-1].date < ex.since:
            return None
        return recs[-1]


def _params(**kw: str | int | float) -> dict[str, str | int | float]:
    return dict(kw)


def decide(
    plan: PlanState,
    history: Iterable[ExerciseSessionRecord],
    checkins: Iterable[MorningCheckin],
    *,
    today: date,
    library: Library,
    config: ClinicalConfig = DEFAULT_CONFIG,
    flare_answer_today: FlareAnswer | None = None,
    bm09_exercises: frozenset[str] = frozenset(),
    retest_levels: Mapping[Chain, int] | None = None,
) -> EngineResult:
    """Decide today's step for every plan exercise (ref 6.6). Pure: preview and commit are the same call.

    ``history``/``checkins`` may hold any amount of data; only records before ``today`` and check-ins up to
    ``today`` are used. ``flare_answer_today``: the answer to "Is this a flare-up?" if asked before today's
    session.
    ``bm09_exercises``: exercises body-map rule BM09 names after the last session. ``retest_levels``: movement
    re-test start levels after a gap >= 28 days (ref 6.8).
    """
    for ex in plan.exercises:
        spec = library.at(ex.chain, ex.level)
        if spec.id != ex.exercise_id:
            raise ValueError(f"{ex.chain} L{ex.level} is {spec.id}, but the plan says {ex.exercise_id}")
        if not 0 <= ex.step <= 5:
            raise ValueError(f"{ex.exercise_id}: step {ex.step} is outside S0..S5")

    ctx = _Ctx(plan, history, checkins, today, config, flare_answer_today)
    tl = ctx.timeline
    events: list[Event] = []
    triggers: list[str] = []

    # --- global state ---------------------------------------------------------------------------------------
    current = tl.current
    last_ended = tl.last_ended
    flares_28d = sum(1 for ep in tl.episodes if (today - ep.start).days < FLARES_WINDOW_DAYS)
    reentry: int | None = None
    if current is None and last_ended is not None and last_ended.end is not None:
        done = len(ctx.session_dates) - bisect.bisect_left(ctx.session_dates, last_ended.end)
        if done + 1 <= max(REENTRY_VOLUME):
            reentry = done + 1
    trend = weekly_trend(ctx.mornings, today, config)
    trend_prev = weekly_trend(ctx.mornings, today, config, weeks_back=1)
    gap = (today - ctx.session_dates[-1]).days if ctx.session_dates else None
    last_session = ctx.session_dates[-1] if ctx.session_dates else None
    recent_flare = any(
        ep.start < today and (ep.end is None or ep.end > today - timedelta(days=P_NO_FLARE_DAYS))
        for ep in tl.episodes
    )

    # R4 (ref 6.6 [PD]): NOT_SETTLED after 2 of the last 3 sessions, counting only mornings after the latest
    # regression event.
    r4_dates = [
        d
        for d in ctx.session_dates
        if (plan.last_regression is None or d >= plan.last_regression) and not tl.in_flare(d)
    ][-WINDOW_LAST3:]
    r4_count = sum(1 for d in r4_dates if ctx.morning_after(d) is MorningStatus.NOT_SETTLED)
    r4_active = r4_count >= R4_NOT_SETTLED_COUNT
    recently_progressed = {
        ex.chain
        for ex in plan.exercises
        if ex.last_progressed is not None and (today - ex.last_progressed).days <= R4_RECENT_PROGRESS_DAYS
    }
    # R5 (ref 6.4, 6.6 [PD]): two WORSENING weeks in a row; at most once per R5_REPEAT_DAYS.
    r5_active = (
        trend is Trend.WORSENING
        and trend_prev is Trend.WORSENING
        and (plan.last_regression is None or (today - plan.last_regression).days >= R5_REPEAT_DAYS)
    )
    slow = Modifier.SLOW in plan.modifiers
    need = config.sessions_to_progress_slow if slow else config.sessions_to_progress
    not_sure_today = flare_answer_today is FlareAnswer.NOT_SURE

    decisions: list[Decision] = []
    for ex in plan.exercises:
        decisions.append(
            _decide_one(
                ex,
                plan,
                ctx,
                library,
                need=need,
                slow=slow,
                current=current,
                last_ended=last_ended,
                reentry=reentry,
                gap=gap,
                last_session=last_session,
                trend=trend,
                recent_flare=recent_flare,
                r4_active=r4_active,
                r4_count=r4_count,
                recently_progressed=recently_progressed,
                r5_active=r5_active,
                bm09=bm09_exercises,
                retest=retest_levels or {},
                not_sure_today=not_sure_today,
            )
        )

    decisions = list(limit_progressions(decisions, plan, config))

    # --- today's volume -------------------------------------------------------------------------------------
    volume = 100
    counts_today = True
    if current is None and reentry is not None:
        volume = REENTRY_VOLUME[reentry]
        counts_today = reentry >= max(REENTRY_VOLUME)
        if volume < 100:
            events.append(Event("REENTRY", params=_params(session=reentry, pct=volume)))
    if not_sure_today and current is None:
        volume = min(volume, NOT_SURE_VOLUME)
        counts_today = False
        events.append(Event("NOT_SURE_SESSION", params=_params(pct=NOT_SURE_VOLUME)))
    if volume < 100:
        decisions = [
            replace(d, dose_after=scale_volume(d.dose_after, volume)) if d.dose_after is not None else d
            for d in decisions
        ]

    # --- events and clinician triggers ----------------------------------------------------------------------
    flare_day = 0
    escalate = False
    if current is not None:
        flare_day = (today - current.start).days + 1
        if current.start == today:
            events.append(Event("FLARE_START"))
            events.append(Event("REDFLAG_QUICK_CHECK"))  # on entry: quick red-flag check (ref 6.7)
        events.append(Event("FLARE_ACTIVE", params=_params(flare_day=flare_day)))
        events.append(Event("WALK_QUOTA", params=_params(pct=WALK_PCT_FLARE)))  # halve walking (ref 6.7 [PD])
        # Escalation (ref 6.7 [PD]): flare > 7 days or pain rising on 3 consecutive days -> suggest clinician.
        if flare_day - 1 > FLARE_ESCALATE_DAYS:
            escalate = True
            triggers.append("FLARE_OVER_7_DAYS")
        if current.rising:
            escalate = True
            triggers.append("FLARE_RISING_3_DAYS")
        if escalate:
            events.append(Event("FLARE_ESCALATE", params=_params(flare_day=flare_day)))
    if last_ended is not None and last_ended.end == today:
        events.append(Event("FLARE_EXIT"))
    # >= 3 flares within 28 days: SLOW on and clinician review (ref 6.7, 6.9, 6.10 item 5 [PD]).
    if flares_28d >= FLARES_FOR_SLOW:
        triggers.append("THREE_FLARES_28_DAYS")
        if not slow:
            events.append(Event("SLOW_ON", params=_params(flares=flares_28d)))
    if r5_active:
        triggers.append("TWO_WORSENING_WEEKS")  # R5 -> suggest clinician (ref 6.4, 6.10 item 5)
        events.append(Event("CLINICIAN_SUGGEST"))
    for d in decisions:
        if "STUCK" in d.reasons:
            events.append(Event("STUCK", d.chain, d.exercise_id))
        if "MAINTENANCE" in d.reasons:
            events.append(Event("MAINTENANCE", d.chain, d.exercise_id))
        if "R0" in d.reasons:
            # Re-ask the body map; spread lasting > 48 h -> CLINICIAN_SOON (ref 6.6 R0, BM09).
            events.append(Event("BODY_MAP_RECHECK", d.chain, d.exercise_id, _params(hours=48)))
    deload_codes = {
        r for d in decisions for r in d.reasons if r.startswith("DELOAD_") and r != "DELOAD_RETURN"
    }
    if "DELOAD_7" in deload_codes:
        events.append(Event("WALK_QUOTA", params=_params(pct=WALK_PCT_GAP[0])))  # ref 6.8 [PD]
    if "DELOAD_14" in deload_codes:
        events.append(Event("REDFLAG_QUICK_CHECK"))  # ref 6.8
        events.append(Event("WALK_QUOTA", params=_params(pct=WALK_PCT_GAP[1])))  # ref 6.8 [PD]
    if "DELOAD_28" in deload_codes:
        # Full re-screen, 3 days of mornings to reset U, movement screen offered, new walking baseline (ref
        # 6.8).
        events.append(Event("FULL_RESCREEN"))
        events.append(Event("U_RESET", params=_params(days=3)))
        events.append(Event("MOVEMENT_RETEST"))
        events.append(Event("WALK_REBASELINE"))

    flare = FlareStatus(
        active=current is not None,
        started=current.start if current is not None else (last_ended.start if last_ended else None),
        ended=None if current is not None else (last_ended.end if last_ended else None),
        day=flare_day,
        reentry_session=reentry if current is None else None,
        volume_pct=volume,
        flares_28d=flares_28d,
        escalate=escalate,
    )
    return EngineResult(
        today=today,
        decisions=tuple(decisions),
        flare=flare,
        events=tuple(events),
        clinician_triggers=tuple(dict.fromkeys(triggers)),
        usual_pain=tl.usual_at(today),
        trend=trend,
        gap_days=gap,
        volume_pct=volume,
        counts_toward_progression=counts_today and current is None,
    )


def _make(
    ex: ExerciseState,
    library: Library,
    action: Action,
    to: tuple[int, int],
    reasons: Sequence[str],
    params: Mapping[str, str | int | float] | None = None,
    *,
    today_dose: bool = True,
    restore_to: tuple[int, int] | None = None,
    paused_until: date | None = None,
) -> Decision:
    to_level, to_step = to
    to_spec = library.at(ex.chain, to_level)
    return Decision(
        exercise_id=ex.exercise_id,
        chain=ex.chain,
        action=action,
        from_level=ex.level,
        from_step=ex.step,
        to_level=to_level,
        to_step=to_step,
        to_exercise_id=to_spec.id,
        dose_before=_dose(library, ex.chain, ex.level, ex.step),
        dose_after=_dose(library, ex.chain, to_level, to_step) if today_dose else None,
        reasons=tuple(reasons),
        params=dict(params or {}),
        restore_to=restore_to,
        paused_until=paused_until,
    )


def _decide_one(
    ex: ExerciseState,
    plan: PlanState,
    ctx: _Ctx,
    library: Library,
    *,
    need: int,
    slow: bool,
    current: FlareEpisode | None,
    last_ended: FlareEpisode | None,
    reentry: int | None,
    gap: int | None,
    last_session: date | None,
    trend: Trend,
    recent_flare: bool,
    r4_active: bool,
    r4_count: int,
    recently_progressed: set[Chain],
    r5_active: bool,
    bm09: frozenset[str],
    retest: Mapping[Chain, int],
    not_sure_today: bool,
) -> Decision:
    cfg = ctx.config
    today = ctx.today
    here = (ex.level, ex.step)

    # R-SAFE (ref 6.6, 1.1): an open EMERGENCY / CLINICIAN_SOON red flag locks the plan.
    if plan.redflag_lock:
        return _make(ex, library, Action.LOCK, here, ["R-SAFE"], today_dose=False)
    # CLINICIAN_LOCK (ref 6.9): chosen chains stay where the clinician set them.
    if ex.locked:
        return _make(ex, library, Action.HOLD, here, ["LOCKED"])
    # REGRESS_LEVEL at L1 pauses the exercise for 3 days (ref 6.5 [PD]).
    if ex.paused_until is not None and today < ex.paused_until:
        return _make(
            ex,
            library,
            Action.PAUSE,
            here,
            ["PAUSED"],
            _params(until=ex.paused_until.isoformat()),
            today_dose=False,
            paused_until=ex.paused_until,
        )

    # R0 (ref 6.2, 6.6; BM09 peripheralisation): leg symptoms spread with this exercise -> REGRESS_LEVEL.
    latest = ctx.latest(ex)
    if (latest is not None and latest.leg_spread) or ex.exercise_id in bm09:
        pos = regress_level_position(library, ex.chain, ex.level)
        if pos.flag:
            until = today + timedelta(days=L1_PAUSE_DAYS)
            return _make(
                ex,
                library,
                Action.PAUSE,
                (1, 0),
                ["R0", "PAUSE_3D"],
                _params(until=until.isoformat()),
                today_dose=False,
                paused_until=until,
            )
        return _make(ex, library, Action.REGRESS_LEVEL, (pos.level, pos.step), ["R0"])

    # R-FLARE (ref 6.7): flare-up protocol overrides; positions are stored (left unchanged).
    if current is not None:
        return _make(
            ex,
            library,
            Action.FLARE,
            here,
            ["R-FLARE"],
            _params(flare_day=(today - current.start).days + 1),
            today_dose=False,
        )
    if last_ended is not None and reentry is not None:
        # Flare began within 48 h after this exercise was progressed: one step lower than stored (ref 6.7
        # [PD]).
        lp = ex.last_progressed
        if (
            lp is not None
            and 0 <= (last_ended.start - lp).days <= FLARE_AFTER_PROGRESS_DAYS
            and ex.since <= last_ended.start
        ):
            pos = regress_step_position(library, ex.chain, ex.level, ex.step)
            reasons = ["FLARE_48H"] + (["STUCK"] if pos.flag else [])
            return _make(
                ex,
                library,
                Action.REGRESS_STEP,
                (pos.level, pos.step),
                reasons,
                _params(from_step=ex.step, to_step=pos.step),
            )
        # Re-entry sessions 1-2 run at 50 % / 75 % and do not count (ref 6.7 [PD]).
        if reentry < max(REENTRY_VOLUME):
            return _make(
                ex,
                library,
                Action.HOLD,
                here,
                ["REENTRY"],
                _params(session=reentry, pct=REENTRY_VOLUME[reentry]),
            )

    # R-GAP (ref 6.8 [PD]): gap since the last completed session >= 7 days -> deload. Applied once per gap: an
    # exercise already changed since the last session (e.g. deloaded yesterday) is not deloaded again.
    band7, band14, band28 = cfg.gap_deload_days
    if gap is not None and gap >= band7 and last_session is not None and ex.since <= last_session:
        if gap >= band28:
            # >= 28 days: restart at the lower of stored and re-test level, at S0 (ref 6.8 [PD]).
            level = min(ex.level, retest.get(ex.chain, ex.level))
            level = max(1, level)
            return _make(
                ex,
                library,
                Action.DELOAD,
                (level, 0),
                ["R-GAP", "DELOAD_28"],
                _params(gap_days=gap, level=level),
            )
        steps = DELOAD_STEPS[1] if gap >= band14 else DELOAD_STEPS[0]
        level, step = ex.level, ex.step
        for _ in range(steps):
            level, step, _stuck = regress_step_position(library, ex.chain, level, step)
        code = "DELOAD_14" if gap >= band14 else "DELOAD_7"
        # 7-13 days: -1 step for the first session back, then straight back if it qualifies (ref 6.8 [PD]).
        restore = (ex.level, ex.step) if code == "DELOAD_7" and (level, step) != here else None
        return _make(
            ex,
            library,
            Action.DELOAD,
            (level, step),
            ["R-GAP", code],
            _params(gap_days=gap, steps=steps),
            restore_to=restore,
        )

    last3, counting = ctx.window(ex, need)

    def regress(code: str, params: Mapping[str, str | int | float]) -> Decision:
        pos = regress_step_position(library, ex.chain, ex.level, ex.step)
        reasons = [code] + (["STUCK"] if pos.flag else [])
        return _make(ex, library, Action.REGRESS_STEP, (pos.level, pos.step), reasons, params)

    # R1 (ref 6.6 [PD]; pain-monitoring model, Silbernagel 2007): PAIN_HIGH in 2 of the last 3 sessions.
    n_high = sum(1 for s in last3 if s.pain is PainStatus.PAIN_HIGH)
    if n_high >= R1_HIGH_COUNT:
        return regress("R1", _params(count=n_high, window=len(last3)))
    # R2 (ref 6.6 [PD]): INCOMPLETE in the last 2 consecutive sessions.
    last2 = last3[:R2_INCOMPLETE_COUNT]
    if len(last2) == R2_INCOMPLETE_COUNT and all(s.completion is Completion.INCOMPLETE for s in last2):
        return regress("R2", _params(count=len(last2)))
    # R3 (ref 6.6 [PD]): TOO_HARD in 2 of the last 3 sessions.
    n_too_hard = sum(1 for s in last3 if s.effort is Effort.TOO_HARD)
    if n_too_hard >= R3_TOO_HARD_COUNT:
        return regress("R3", _params(count=n_too_hard, window=len(last3)))
    # R4 (ref 6.6 [PD]; pain should settle by next morning, Silbernagel 2007): regress what was progressed in
    # the
    # last 7 days; if nothing was, regress every exercise; the others hold.
    if r4_active:
        p4 = _params(count=r4_count, window=WINDOW_LAST3)
        if ex.chain in recently_progressed or not recently_progressed:
            return regress("R4", p4)
        return _make(ex, library, Action.HOLD, here, ["R4"], p4)
    # R5 (ref 6.4, 6.6 [PD]): two WORSENING weeks in a row -> REGRESS_STEP all (+ clinician suggestion).
    if r5_active:
        return regress("R5", {})

    restore_to = ex.deload_restore
    if restore_to is not None:
        # DELOAD_RETURN (ref 6.8 [PD]): if the first session back qualified, go straight back to the stored
        # step.
        # The newest session of any kind must be the qualifying one (a later uncounted session may have hurt).
        if (
            last3
            and counting
            and last3[0] is counting[0]
            and counting[0].qualifies(cfg)
            and not not_sure_today
        ):
            return _make(
                ex,
                library,
                Action.PROGRESS,
                restore_to,
                ["DELOAD_RETURN"],
                _params(to_step=restore_to[1]),
            )
        if last3:
            restore_to = None  # the session back did not qualify: normal rules from the deloaded step

    # H (ref 6.6 [PD]): any hold condition.
    hold: list[str] = []
    params: dict[str, str | int | float] = {}
    if not last3:
        hold.append("H_FIRST_SESSION")  # first session after a step change
    qualifying = 0
    for s in counting:
        if not s.qualifies(cfg):
            break
        qualifying += 1
    if last3 and qualifying < need:
        hold.append("H_MORE_SESSIONS")
        params.update(qualifying=qualifying, needed=need)
        if slow and qualifying >= cfg.sessions_to_progress:
            hold.append("H_SLOW")  # SLOW modifier needs 3 (ref 6.9 [PD])
    if n_high >= 1:
        hold.append("H_PAIN_HIGH")
        params["ceiling"] = ctx.ceiling
    recent = counting[:need] if counting else last3[:1]
    if any(s.completion is Completion.PARTIAL for s in recent):
        hold.append("H_PARTIAL")
    if any(s.completion is Completion.INCOMPLETE for s in recent):
        hold.append("H_INCOMPLETE")
    if any(s.effort is Effort.TOO_HARD for s in recent):
        hold.append("H_TOO_HARD")
    elif any(s.rpe is not None and s.rpe > cfg.rpe_max_for_progress for s in recent):
        hold.append("H_HARD")
        params["rpe_max"] = cfg.rpe_max_for_progress
    if any(s.effort is Effort.UNKNOWN for s in recent):
        hold.append("H_EFFORT_UNKNOWN")
    if any(s.morning is MorningStatus.NOT_SETTLED for s in last3):
        hold.append("H_NOT_SETTLED")
    if any(s.morning is MorningStatus.BORDERLINE for s in recent):
        hold.append("H_MORNING_BORDERLINE")
    if any(s.morning is MorningStatus.UNKNOWN for s in recent):
        hold.append("H_MORNING_UNKNOWN")
    if any(s.record.form is Form.POOR for s in recent):
        hold.append("H_FORM_POOR")
    if last3 and not last3[0].counts:
        hold.append("H_NOT_COUNTED")
    if trend is Trend.WORSENING:
        hold.append("H_WORSENING")  # one WORSENING week: no progressions (ref 6.4)
    if recent_flare:
        hold.append("H_RECENT_FLARE")
        params["days"] = P_NO_FLARE_DAYS
    if not_sure_today:
        hold.append("NOT_SURE")  # "Not sure" session: 50 %, does not count (ref 6.2)
        params["pct"] = NOT_SURE_VOLUME
    if hold:
        return _make(ex, library, Action.HOLD, here, hold, params, restore_to=restore_to)

    # P (ref 6.6 [PD]): the last 2 (SLOW: 3) sessions at this step all qualify, no recent flare, trend ok.
    if qualifying >= need:
        pos = progress_position(library, ex.chain, ex.level, ex.step)
        if pos.flag:
            return _make(ex, library, Action.HOLD, here, ["P", "MAINTENANCE"], _params(sessions=qualifying))
        for cap in plan.caps:
            if cap.chain is ex.chain and today < cap.until and pos.level > cap.max_level:
                return _make(ex, library, Action.HOLD, here, ["CAP"], _params(max_level=cap.max_level))
        return _make(
            ex,
            library,
            Action.PROGRESS,
            (pos.level, pos.step),
            ["P"],
            _params(sessions=qualifying),
        )
    return _make(ex, library, Action.HOLD, here, ["DEFAULT"], restore_to=restore_to)


def limit_progressions(
    decisions: Iterable[Decision],
    plan: PlanState,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> tuple[Decision, ...]:
    """At most ``max_progressions_per_session`` exercises move up (ref 6.5 [PD]).

    The ones at their step longest go first; ties by chain order PROGRESSION_TIE_BREAK; the others HOLD
    (LIMIT).
    A DELOAD_RETURN restores a stored step and is not a new progression, so it is not limited.
    """
    decs = list(decisions)
    since = {ex.chain: ex.since for ex in plan.exercises}
    order = {c: i for i, c in enumerate(PROGRESSION_TIE_BREAK)}
    candidates = [
        i for i, d in enumerate(decs) if d.action is Action.PROGRESS and "DELOAD_RETURN" not in d.reasons
    ]
    candidates.sort(key=lambda i: (since.get(decs[i].chain, date.min), order.get(decs[i].chain, len(order))))
    for i in candidates[config.max_progressions_per_session :]:
        d = decs[i]
        decs[i] = replace(
            d,
            action=Action.HOLD,
            to_level=d.from_level,
            to_step=d.from_step,
            to_exercise_id=d.exercise_id,
            dose_after=d.dose_before,
            reasons=("LIMIT",),
            params={"limit": config.max_progressions_per_session},
        )
    return tuple(decs)


def apply(plan: PlanState, result: EngineResult) -> PlanState:
    """Commit ``result`` (from ``decide(plan, ...)``): the next plan state. Pure and deterministic."""
    today = result.today
    by_chain = {d.chain: d for d in result.decisions}
    new_exercises: list[ExerciseState] = []
    regressed = False
    for ex in plan.exercises:
        d = by_chain.get(ex.chain)
        if d is None or d.action in (Action.LOCK, Action.FLARE):
            new_exercises.append(ex)
            continue
        paused = ex.paused_until if ex.paused_until is not None and today < ex.paused_until else None
        if d.action is Action.PAUSE:
            paused = d.paused_until
        moved = (d.to_level, d.to_step) != (ex.level, ex.step)
        changes_position = d.action in (
            Action.PROGRESS,
            Action.REGRESS_STEP,
            Action.REGRESS_LEVEL,
            Action.DELOAD,
        )
        if d.action in (Action.REGRESS_STEP, Action.REGRESS_LEVEL) or "PAUSE_3D" in d.reasons:
            regressed = True
        new_exercises.append(
            replace(
                ex,
                exercise_id=d.to_exercise_id,
                level=d.to_level,
                step=d.to_step,
                since=today if (moved or changes_position or "PAUSE_3D" in d.reasons) else ex.since,
                last_progressed=today if d.action is Action.PROGRESS else ex.last_progressed,
                paused_until=paused,
                deload_restore=d.restore_to,
                maintenance=("MAINTENANCE" in d.reasons) or (ex.maintenance and not changes_position),
            )
        )
    modifiers = plan.modifiers
    if result.has_event("SLOW_ON"):
        modifiers = modifiers | {Modifier.SLOW}  # >= 3 flares in 28 days (ref 6.7 [PD])
    return replace(
        plan,
        exercises=tuple(new_exercises),
        modifiers=modifiers,
        last_regression=today if regressed else plan.last_regression,
        u_reset_from=today if result.has_event("U_RESET") else plan.u_reset_from,
    )


def hold_moves_up(result: EngineResult) -> EngineResult:
    """Ref 8.5 [PD] "require clinician approval to progress": each move up becomes today's hold (the person keeps
    the current step and dose), marked AWAITING_APPROVAL and carrying the proposed level, step and exercise in its
    params, for the clinician to approve; holds, steps down, pauses and flares stay as decided. A return to the step
    held before a break (DELOAD_RETURN, ref 6.8) is not a new move up and stays as decided. Pure."""
    out = []
    for d in result.decisions:
        if d.action is Action.PROGRESS and "DELOAD_RETURN" not in d.reasons:
            d = replace(d, action=Action.HOLD, to_level=d.from_level, to_step=d.from_step,
                        to_exercise_id=d.exercise_id, dose_after=d.dose_before if d.dose_after is not None else None,
                        reasons=(*d.reasons, AWAITING_APPROVAL),
                        params={**d.params, "proposed_level": d.to_level, "proposed_step": d.to_step,
                                "proposed_exercise_id": d.to_exercise_id})
        out.append(d)
    return replace(result, decisions=tuple(out))
