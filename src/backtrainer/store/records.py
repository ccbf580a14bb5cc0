"""Plain records the store hands out (never live SQLModel rows; style 5.2.6)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    id: int
    nickname: str
    created_at: str
    age: int | None = None
    first_episode: bool | None = None
    pain_weeks: int | None = None
    flags: tuple[str, ...] = ()
    notice_accepted: bool = False
    has_pin: bool = False
    locale: str = "en"
    emergency_number: str | None = None
    clinic_managed: bool = False


@dataclass(frozen=True, slots=True)
class HomeSummary:
    """What the first screen shows for one profile."""

    profile: ProfileRecord
    assessment_done: bool = False
    assessment_step: str | None = None
    sessions_total: int = 0
    last_session_day: str | None = None
    open_red_flag_tier: str | None = None
    checkin_today: bool = False
    chains: tuple[tuple[str, str, int, int], ...] = field(default_factory=tuple)  # (chain, exercise, level, step)
