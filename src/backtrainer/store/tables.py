"""SQLModel tables: the whole domain of the clinical reference.

Rows never leave the store: repositories turn them into plain dataclasses. Raw questionnaire and screening answers
are kept as JSON next to their computed scores, so scores can be recomputed and audited (ref 3.0 data rules).
Times are stored as naive UTC ISO strings (``at``/``*_at``); calendar days as ISO dates in the user's local time
(``day``), because the clinical rules count local days (ref 6.1 "before 12:00 local time").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Profile(SQLModel, table=True):
    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    nickname: str = Field(max_length=80)
    created_at: str
    age: int | None = None
    first_episode: bool | None = None
    pain_weeks: int | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notice_accepted_at: str | None = None
    pin_hash: str | None = None  # "scrypt$n$r$p$salt_hex$hash_hex"
    locale: str = "en"
    emergency_number: str | None = None
    clinic_managed: bool = False
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    assessment_state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Plan-wide engine state (revision 0002): modifiers, level caps, last regression day, U reset day,
    # custom pain ceiling, session variant, walking quota, optional chains.
    plan_meta: dict[str, Any] = Field(default_factory=dict,
                                      sa_column=Column(JSON, nullable=False, server_default="{}"))


class Screening(SQLModel, table=True):
    """One red-flag screen (full 14 questions or the quick tick list), ref 1.2-1.4."""

    __tablename__ = "screening"
    __table_args__ = (Index("ix_screening_profile_at", "profile_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    at: str
    kind: str  # "full" | "quick"
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    followups: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    tier: str
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    app_version: str
    cleared_at: str | None = None
    cleared_by: str | None = None
    cleared_note: str | None = None


class BodyMapRecord(SQLModel, table=True):
    __tablename__ = "body_map"
    __table_args__ = (Index("ix_body_map_profile_at", "profile_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    at: str
    context: str  # "baseline" | "check-in" | "post-session" | "pre-session"
    session_id: int | None = Field(default=None, foreign_key="session.id", ondelete="SET NULL")
    tier: str = "CLEAR"
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class BodyMapRegion(SQLModel, table=True):
    __tablename__ = "body_map_region"

    id: int | None = Field(default=None, primary_key=True)
    body_map_id: int = Field(foreign_key="body_map.id", ondelete="CASCADE", index=True)
    region_id: str = Field(max_length=40)
    qualities: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    intensity: int | None = None
    new_since_last: bool = False


class QuestionnaireResponse(SQLModel, table=True):
    """One completed questionnaire; never overwritten (ref 3.0 data rules)."""

    __tablename__ = "questionnaire_response"
    __table_args__ = (Index("ix_questionnaire_profile_instr", "profile_id", "instrument_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    instrument_id: str = Field(max_length=20)
    instrument_version: str = Field(max_length=40)
    language: str = "en"
    at: str
    raw_items: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    missing_count: int = 0
    score: float | None = None
    subscores: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    band: str | None = None
    scoring_version: str = Field(max_length=40)


class MovementTestResult(SQLModel, table=True):
    __tablename__ = "movement_test"
    __table_args__ = (Index("ix_movement_profile_test", "profile_id", "test_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    test_id: str = Field(max_length=20)
    at: str
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    pain_before: int | None = None
    pain_after: int | None = None
    stopped_reason: str | None = None
    could_not_do: bool = False


class PlanChain(SQLModel, table=True):
    """Current level and step of one chain for one profile (ref 5.8, 6.5)."""

    __tablename__ = "plan_chain"
    __table_args__ = (UniqueConstraint("profile_id", "chain", name="uq_plan_chain"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    chain: str = Field(max_length=8)
    exercise_id: str = Field(max_length=20)
    level: int
    step: int = 0
    included: bool = True
    locked: bool = False  # CLINICIAN_LOCK (ref 6.9)
    since_day: str  # day of the last level/step change (evidence windows, ref 6.6)
    paused_until: str | None = None
    extra_set_side: str | None = None
    updated_at: str
    # Revision 0002: what the engine needs between runs (ref 6.5 maintenance, 6.7 progression within 48 h,
    # 6.8 deload return).
    last_progressed_day: str | None = None
    deload_restore: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    maintenance: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class Session(SQLModel, table=True):
    __tablename__ = "session"
    __table_args__ = (Index("ix_session_profile_day", "profile_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    day: str
    started_at: str
    finished_at: str | None = None
    kind: str = "standard"  # standard | flare | snack | reentry_50 | reentry_75 | half_volume
    pre_pain: int | None = None
    post_pain: int | None = None
    flare_answer: str | None = None  # yes | no | not_sure (ref 6.2)
    counts: bool = True
    completed: bool = False
    minutes: float | None = None


class ExerciseResult(SQLModel, table=True):
    __tablename__ = "exercise_result"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id", ondelete="CASCADE", index=True)
    exercise_id: str = Field(max_length=20)
    chain: str | None = Field(default=None, max_length=8)
    level: int | None = None
    step: int | None = None
    prescribed: int = 0
    completed: int = 0
    worst_pain: int | None = None
    rpe: int | None = None
    form: str | None = None  # good | mostly | poor
    leg_spread: bool | None = None
    leg_worst: int | None = None
    pre_leg: int | None = None
    too_hard: bool = False


class Checkin(SQLModel, table=True):
    """Daily check-in (ref 6.1, 6.3): one row per profile and local day."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("profile_id", "day", name="uq_checkin_day"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    day: str
    at: str
    morning_pain: int | None = None
    avg_24h: int | None = None
    worst_24h: int | None = None
    leg_pain: int | None = None
    quick_check: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Event(SQLModel, table=True):
    """Flare-ups, red flags, clinician actions and every progression decision with its reason codes."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_profile_at", "profile_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    at: str
    day: str
    kind: str = Field(max_length=40)
    chain: str | None = Field(default=None, max_length=8)
    exercise_id: str | None = Field(default=None, max_length=20)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor: str = "app"  # app | patient | clinician:<id>


class ClinicInfo(SQLModel, table=True):
    """Clinic mode (revision 0003, ref 8.5): one row while clinic mode is on. Kept in the database, not in
    settings.toml, so a damaged or deleted settings file cannot switch it off (issue 17)."""

    __tablename__ = "clinic_info"

    id: int | None = Field(default=None, primary_key=True)  # always 1
    clinic_name: str = Field(default="", max_length=120)
    enabled_at: str


class Clinician(SQLModel, table=True):
    """A clinician of this laptop's clinic and the hash of their PIN (services.pin); revision 0003."""

    __tablename__ = "clinician"

    id: str = Field(primary_key=True, max_length=40)  # c1, c2, ...
    name: str = Field(max_length=80)
    pin_hash: str = Field(max_length=400)
    added_at: str


class PinLockout(SQLModel, table=True):
    """Wrong PINs per key (``clinician:<id>`` or ``profile:<id>``) and the lock-out time (services.pin_gate);
    revision 0003. A profile's row goes with the profile (foreign key), so the wipe leaves none behind."""

    __tablename__ = "pin_lockout"

    key: str = Field(primary_key=True, max_length=60)
    profile_id: int | None = Field(default=None, foreign_key="profile.id", ondelete="CASCADE", index=True)
    failures: int = 0
    locked_until: str | None = None  # UTC ISO time


ALL_TABLES = (
    Profile, Screening, BodyMapRecord, BodyMapRegion, QuestionnaireResponse, MovementTestResult,
    PlanChain, Session, ExerciseResult, Checkin, Event,
)  # a profile's data (what an export holds)
CLINIC_TABLES = (ClinicInfo, Clinician, PinLockout)  # the laptop's clinic set-up and PIN lock-outs
