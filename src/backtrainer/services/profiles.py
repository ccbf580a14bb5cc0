"""Profile use cases."""

from __future__ import annotations

from backtrainer.services.clock import Clock, stamp
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store.db import Database
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import ProfileRepo

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
