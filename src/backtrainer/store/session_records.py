"""Plain records of training the store hands out (never live SQLModel rows; style 5.2.6): sessions and their
exercise results, check-ins, events and the stored state of each chain."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ExerciseResultData:
    """One exercise done in a session (ref 6.1 inputs)."""

    exercise_id: str
    chain: str | None = None
    level: int | None = None
    step: int | None = None
    prescribed: int = 0
    completed: int = 0
    worst_pain: int | None = None
    rpe: int | None = None
    form: str | None = None
    leg_spread: bool | None = None
    leg_worst: int | None = None
    pre_leg: int | None = None
    too_hard: bool = False


@dataclass(frozen=True, slots=True)
class SessionData:
    day: str
    started_at: str
    finished_at: str | None = None
    kind: str = "standard"
    pre_pain: int | None = None
    post_pain: int | None = None
    flare_answer: str | None = None
    counts: bool = True
    completed: bool = False
    minutes: float | None = None
    results: tuple[ExerciseResultData, ...] = ()


@dataclass(frozen=True, slots=True)
class EventData:
    kind: str
    day: str
    at: str
    chain: str | None = None
    exercise_id: str | None = None
    reasons: tuple[str, ...] = ()
    payload: dict[str, object] = field(default_factory=dict)
    actor: str = "app"


@dataclass(frozen=True, slots=True)
class ChainState:
    """The stored level and step of one chain (plan_chain row)."""

    chain: str
    exercise_id: str
    level: int
    step: int
    since_day: str
    included: bool = True
    locked: bool = False
    paused_until: str | None = None
    extra_set_side: str | None = None


@dataclass(frozen=True, slots=True)
class CheckinData:
    day: str
    at: str
    morning_pain: int | None = None
    avg_24h: int | None = None
    worst_24h: int | None = None
    leg_pain: int | None = None
    quick_check: tuple[str, ...] = ()
