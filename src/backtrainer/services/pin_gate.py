"""Wrong PINs slow down after five tries, for clinicians and patients alike.

Each further wrong PIN locks that key out for 30 s, 60 s, 120 s ... (at most 15 minutes). Failure counts live in
memory per process and, with the lock-out time, in the database (table ``pin_lockout``), so neither a restart nor
deleting a file resets them; the app and the command line share them. The PIN itself is never stored or logged
here. Qt-free.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from backtrainer.i18n import _, ngettext
from backtrainer.services.clock import Clock
from backtrainer.services.validation import InputError
from backtrainer.store.db import Database

FREE_TRIES = 5
FIRST_LOCKOUT = timedelta(seconds=30)
MAX_LOCKOUT = timedelta(minutes=15)

_lock = threading.Lock()
_attempts: dict[tuple[str, str], int] = {}


def duration_text(seconds: int) -> str:
    if seconds < 90:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    minutes = (seconds + 59) // 60
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


class WrongPinError(InputError):
    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        if tries_left > 0:
            text = ngettext("That PIN is not right. {n} more try before a wait.",
                            "That PIN is not right. {n} more tries before a wait.", tries_left).format(n=tries_left)
        else:
            text = _("That PIN is not right. Please wait before trying again.")
        super().__init__(text)


class PinLockedError(InputError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        text = _("Too many wrong PINs. Please wait {time} and try again.")
        super().__init__(text.format(time=duration_text(seconds)))


def lockout_for(failures: int) -> timedelta:
    over = failures - FREE_TRIES
    if over < 0:
        return timedelta(0)
    lockout: timedelta = FIRST_LOCKOUT * (2 ** min(over, 10))
    return min(lockout, MAX_LOCKOUT)


class PinGate:
    """Counts wrong PINs per key (``clinician:<id>`` or ``profile:<id>``) in the database's ``pin_lockout`` table.

    In the database, not in a file beside it, so deleting a file does not reset a lock-out (issue 17); an earlier
    version's ``clinic_lockout.json`` / ``profile_lockout.json`` are no longer read. A database that cannot be read
    raises, so nothing opens.
    """

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _profile_of(key: str) -> int | None:
        kind, _sep, rest = key.partition(":")
        return int(rest) if kind == "profile" and rest.isdigit() else None

    def _entry(self, key: str) -> tuple[int, str | None]:
        from backtrainer.store.tables import PinLockout

        with self.db.session_scope() as session:
            row = session.get(PinLockout, key)
            return (0, None) if row is None else (int(row.failures), row.locked_until)

    def wait_seconds(self, key: str) -> int:
        """Seconds until ``key`` may try again (0 when not locked out)."""
        _failures, locked_until = self._entry(key[:60])
        if not locked_until:
            return 0
        try:
            until = datetime.fromisoformat(locked_until)
        except ValueError:
            return int(MAX_LOCKOUT.total_seconds())  # an unreadable time: wait the longest, never open
        now = self.clock.utc_now()
        until = min(until, now + MAX_LOCKOUT)  # a clock set back must not lock anyone out for days
        return max(0, int((until - now).total_seconds() + 0.999))

    def check(self, key: str, is_right: Callable[[], bool]) -> None:
        """Run ``is_right`` unless ``key`` is locked out; raise WrongPinError or PinLockedError on failure."""
        from backtrainer.store.tables import PinLockout

        key = key[:60]
        wait = self.wait_seconds(key)
        if wait > 0:
            raise PinLockedError(wait)
        ok = is_right()
        memo = (str(self.db.path), key)
        with _lock, self.db.session_scope() as session:
            row = session.get(PinLockout, key)
            if ok:
                _attempts.pop(memo, None)
                if row is not None:
                    session.delete(row)
                return
            failures = max(_attempts.get(memo, 0), 0 if row is None else int(row.failures)) + 1
            _attempts[memo] = failures
            lockout = lockout_for(failures)
            if row is None:
                row = PinLockout(key=key, profile_id=self._profile_of(key))
            row.failures = failures
            row.locked_until = ((self.clock.utc_now() + lockout).replace(microsecond=0).isoformat()
                                if lockout else None)
            session.add(row)
        if lockout:
            raise PinLockedError(int(lockout.total_seconds()))
        raise WrongPinError(FREE_TRIES - failures)
