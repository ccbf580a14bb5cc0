"""Plan-wide settings and engine state kept on the profile (``profile.plan_meta`` JSON, schema revision 0002).

One typed model instead of string-keyed lookups (style 5.2.9). Written by the first plan (assessment), the
session flow and clinic mode; read by the training service to build the engine's ``PlanState``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backtrainer.core.chains import Chain
from backtrainer.core.modifiers import Modifier


class CapModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    chain: Chain
    max_level: int = Field(ge=1, le=5)
    until: date
    code: str = ""


class PlanMeta(BaseModel):
    """Everything about the plan that is not one chain's level and step."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    version: int = 1
    plan_start: date | None = None
    modifiers: tuple[Modifier, ...] = ()
    caps: tuple[CapModel, ...] = ()
    last_regression: date | None = None
    u_reset_from: date | None = None
    custom_ceiling: int | None = Field(default=None, ge=3, le=6)  # clinician's C (ref 6.2, 3-6)
    last_variant: str | None = None  # "A" (hinge) or "B" (squat), ref 5.9
    include_optional: tuple[Chain, ...] = ()  # ANT, PX, ABD, AR switched on
    has_band: bool = False
    prone_ok: bool = True
    cooldown: str = "MO-04"
    weekdays: tuple[int, ...] = (0, 2, 4)  # Mon/Wed/Fri (ref 5.9 [PD])
    walk_minutes: int | None = None
    walks_per_day: int = 1
    education_seen: tuple[str, ...] = ()
    education_week1: tuple[str, ...] = ()
    auto_progression: bool = True  # clinic mode may switch it off (ref 8.5)
    # Ref 8.5 [PD] "require clinician approval to progress": a move up waits for the clinician's OK (the app still
    # holds and steps down by itself).
    progress_needs_approval: bool = False
    reminders_on: bool = True
    reminder_time: str = Field(default="18:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    checkin_reminder_time: str = Field(default="08:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    clinician_note: str = Field(default="", max_length=2000)  # free-text instructions shown to the patient

    def with_changes(self, **changes: Any) -> PlanMeta:
        return self.model_copy(update=changes)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def load_plan_meta(data: dict[str, Any] | None) -> PlanMeta:
    """Read stored plan meta; unreadable data falls back to the defaults rather than blocking the app."""
    try:
        return PlanMeta.model_validate(data or {})
    except ValidationError:
        return PlanMeta()
