"""Profile use cases."""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import ValidationError
from sqlmodel import Session as DbSession

from backtrainer.i18n import _
from backtrainer.services.clock import Clock, stamp
from backtrainer.services.pin_gate import PinGate
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.tables import Event, Profile

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
            raise InputError(_("Please choose at least one training day."))
        with self.db.session_scope() as session:
            profile, meta = _meta_of(session, profile_id)
            try:
                new = PlanMeta.model_validate({**meta.dump(), "reminders_on": value.on,
                                               "reminder_time": value.session_time,
                                               "checkin_reminder_time": value.checkin_time,
                                               "weekdays": sorted(set(value.weekdays))})
            except ValidationError as exc:
                raise InputError(_("Please enter the times as hours and minutes, like 18:30.")) from exc
            profile.plan_meta = new.dump()
            session.add(profile)


PIN_PATTERN = re.compile(r"^[0-9]{4,6}$")


class ProfilePins:
    """Optional 4-6 digit PIN per profile (salted scrypt hash); wrong PINs slow down after 5 tries."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.gate = PinGate(db, clock)
        self.clock = clock

    def set_pin(self, profile_id: int, pin: str | None) -> None:
        """Set (or with ``None`` remove) the profile's PIN; one transaction, logged without the PIN."""
        from backtrainer.services import pin as pins

        if pin is not None and not PIN_PATTERN.match(pin):
            raise InputError(_("A PIN is 4 to 6 digits."))
        with self.db.session_scope() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            profile.pin_hash = pins.hash_pin(pin) if pin is not None else None
            session.add(profile)
            now = stamp(self.clock)
            session.add(Event(profile_id=profile_id, at=now, day=now[:10],
                              kind="pin_set" if pin is not None else "pin_removed", actor="patient"))

    def wait_seconds(self, profile_id: int) -> int:
        return self.gate.wait_seconds(f"profile:{profile_id}")

    def unlock(self, profile_id: int, pin: str) -> None:
        """Check the PIN; raises WrongPinError or PinLockedError. A profile without a PIN always opens."""
        from backtrainer.services import pin as pins

        with self.db.session_scope() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            stored = profile.pin_hash
        if stored is None:
            return
        self.gate.check(f"profile:{profile_id}", lambda: pins.verify_pin(pin.strip(), stored))
        if pins.needs_rehash(stored):  # an older, cheaper hash: made again at today's cost (issue 17)
            with self.db.session_scope() as session:
                profile = session.get(Profile, profile_id)
                if profile is not None and profile.pin_hash == stored:
                    profile.pin_hash = pins.hash_pin(pin.strip())
                    session.add(profile)
