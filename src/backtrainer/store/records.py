"""Plain records the store hands out (never live SQLModel rows; style 5.2.6): profiles and what the first screen
reads at start-up. Session, check-in, event and chain records are in :mod:`backtrainer.store.session_records`, so
start-up does not pay for building them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    damaged: bool = False  # some of this profile's stored data cannot be read (it is not opened; a backup is offered)


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


@dataclass(frozen=True)
class StartupData:
    """What the first screen needs, read off the GUI thread at start."""

    profiles: list[ProfileRecord]
    restored_from: datetime | None = None  # when a damaged database was replaced: the backup's date
    home: HomeSummary | None = None  # Today's summary when the only profile opens straight away
    restored_why: str = "damaged"  # why restored_from is set: "damaged" (found at start) or "missing" (asked)
