"""Profile use cases."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import ValidationError
from sqlmodel import Session as DbSession

from backtrainer.services.clock import Clock, stamp
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.tables import Profile

__all__ = ["InputError", "ProfileService", "clean_nickname"]


class ProfileService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.repo = ProfileRepo(db)
        self.clock = clock

    def create(self, nickname: str, *, accept_notice: bool) -> ProfileRecord:
        return self.repo.create(clean_nickname(nickname), now=stamp(self.clock), notice_accepted=accept_notice)

    def accept_notice(self, profile_id: int) -> ProfileRecord:
        return self.repo.accept_notice(profile_id, now=stamp(self.clock))

    def list(self) -> list[ProfileRecord]:
        return self.repo.list()

    def get(self, profile_id: int) -> ProfileRecord:
        return self.repo.get(profile_id)


class ReminderSettings(NamedTuple):
    on: bool
    session_time: str
    checkin_time: str
    weekdays: tuple[int, ...]


def _meta_of(session: DbSession, profile_id: int) -> tuple[Profile, PlanMeta]:
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFoundError(f"profile {profile_id} does not exist")
    return profile, load_plan_meta(profile.plan_meta)


class ReminderService:
    """Reminder days and times per profile (kept in plan meta)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, profile_id: int) -> ReminderSettings:
        with self.db.session_scope() as session:
            _, meta = _meta_of(session, profile_id)
            return ReminderSettings(meta.reminders_on, meta.reminder_time, meta.checkin_reminder_time,
                                    tuple(meta.weekdays))

    def set(self, profile_id: int, value: ReminderSettings) -> None:
        if not value.weekdays or any(not 0 <= d <= 6 for d in value.weekdays):
            raise InputError("Please choose at least one training day.")
        with self.db.session_scope() as session:
            profile, meta = _meta_of(session, profile_id)
            try:
                new = PlanMeta.model_validate({**meta.dump(), "reminders_on": value.on,
                                               "reminder_time": value.session_time,
                                               "checkin_reminder_time": value.checkin_time,
                                               "weekdays": sorted(set(value.weekdays))})
            except ValidationError as exc:
                raise InputError("Please enter the times as hours and minutes, like 18:30.") from exc
            profile.plan_meta = new.dump()
            session.add(profile)
