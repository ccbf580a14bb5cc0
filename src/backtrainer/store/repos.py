"""Repositories: short sessions, plain records in and out."""

from __future__ import annotations

from sqlmodel import select

from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.records import ProfileRecord
from backtrainer.store.tables import Event, Profile


def to_record(row: Profile) -> ProfileRecord:
    assert row.id is not None
    return ProfileRecord(
        id=row.id,
        nickname=row.nickname,
        created_at=row.created_at,
        age=row.age,
        first_episode=row.first_episode,
        pain_weeks=row.pain_weeks,
        flags=tuple(row.flags or ()),
        notice_accepted=row.notice_accepted_at is not None,
        has_pin=bool(row.pin_hash),
        locale=row.locale,
        emergency_number=row.emergency_number,
        clinic_managed=row.clinic_managed,
    )


class ProfileRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, nickname: str, *, now: str, notice_accepted: bool = False, locale: str = "en") -> ProfileRecord:
        """Create a profile; accepting the first-run notice (ref 8.1) is stored with its time."""
        with self.db.session_scope() as session:
            row = Profile(
                nickname=nickname, created_at=now, notice_accepted_at=now if notice_accepted else None,
                locale=locale,
            )
            session.add(row)
            session.flush()
            session.add(Event(profile_id=row.id or 0, at=now, day=now[:10], kind="profile_created", actor="patient"))
            if notice_accepted:
                session.add(Event(profile_id=row.id or 0, at=now, day=now[:10], kind="notice_accepted",
                                  actor="patient"))
            return to_record(row)

    def get(self, profile_id: int) -> ProfileRecord:
        with self.db.session_scope() as session:
            row = session.get(Profile, profile_id)
            if row is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            return to_record(row)

    def list(self) -> list[ProfileRecord]:
        with self.db.session_scope() as session:
            return [to_record(row) for row in session.exec(select(Profile).order_by(Profile.nickname))]

    def accept_notice(self, profile_id: int, *, now: str) -> ProfileRecord:
        with self.db.session_scope() as session:
            row = session.get(Profile, profile_id)
            if row is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            row.notice_accepted_at = now
            session.add(row)
            session.add(Event(profile_id=profile_id, at=now, day=now[:10], kind="notice_accepted", actor="patient"))
            return to_record(row)
