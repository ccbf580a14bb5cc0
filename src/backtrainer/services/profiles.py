"""Profile use cases."""

from __future__ import annotations

import unicodedata

from backtrainer.services.clock import Clock, stamp
from backtrainer.store.db import Database
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import MAX_NICKNAME, ProfileRepo


class InputError(ValueError):
    """Bad user input; the message is shown to the user as is."""


def clean_nickname(raw: str) -> str:
    """Trim and validate a nickname: any language or emoji, no control characters, 1-80 characters."""
    text = unicodedata.normalize("NFC", raw).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\u200d")
    if not text:
        raise InputError("Please type a name or nickname.")
    if len(text) > MAX_NICKNAME:
        raise InputError(f"Please use at most {MAX_NICKNAME} characters.")
    return text


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
