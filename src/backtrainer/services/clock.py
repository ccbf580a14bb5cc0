"""Time as a dependency: the app reads the clock only through a ``Clock`` (style 5.1 core/clock.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Local wall-clock time (naive)."""
        ...

    def utc_now(self) -> datetime:
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now()

    def utc_now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class FixedClock:
    """A clock for tests and demos; ``advance``/``set`` move it."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def utc_now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = now


def today(clock: Clock) -> date:
    return clock.now().date()


def stamp(clock: Clock) -> str:
    """An ISO time stamp (UTC, seconds) for ``*_at`` columns."""
    return clock.utc_now().replace(microsecond=0).isoformat()
