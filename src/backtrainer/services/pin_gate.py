"""Wrong PINs slow down after five tries, for clinicians and patients alike.

Each further wrong PIN locks that key out for 30 s, 60 s, 120 s ... (at most 15 minutes). Failure counts live in
memory per process and, with the lock-out time, in a small user-only JSON file in the data dir, so a restart does
not reset them. The PIN itself is never stored or logged here. Qt-free.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from backtrainer.files import write_private
from backtrainer.i18n import _, ngettext
from backtrainer.services.clock import Clock
from backtrainer.services.validation import InputError

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
    """Counts wrong PINs per key (a clinician id or a profile id) in ``state_file``."""

    def __init__(self, state_file: Path, clock: Clock) -> None:
        self.state_file = state_file
        self.clock = clock

    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def wait_seconds(self, key: str) -> int:
        """Seconds until ``key`` may try again (0 when not locked out)."""
        entry = self._state().get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("locked_until"), str):
            return 0
        try:
            until = datetime.fromisoformat(entry["locked_until"])
        except ValueError:
            return 0
        now = self.clock.utc_now()
        until = min(until, now + MAX_LOCKOUT)  # a clock set back must not lock anyone out for days
        return max(0, int((until - now).total_seconds() + 0.999))

    def check(self, key: str, is_right: Callable[[], bool]) -> None:
        """Run ``is_right`` unless ``key`` is locked out; raise WrongPinError or PinLockedError on failure."""
        key = key[:40]
        wait = self.wait_seconds(key)
        if wait > 0:
            raise PinLockedError(wait)
        ok = is_right()
        memo = (str(self.state_file), key)
        with _lock:
            state = self._state()
            if ok:
                _attempts.pop(memo, None)
                if key in state:
                    state.pop(key)
                    write_private(self.state_file, json.dumps(state, sort_keys=True).encode("utf-8"))
                return
            stored = state.get(key)
            known = int(stored.get("failures", 0)) if isinstance(stored, dict) else 0
            failures = max(_attempts.get(memo, 0), known) + 1
            _attempts[memo] = failures
            lockout = lockout_for(failures)
            entry: dict[str, Any] = {"failures": failures}
            if lockout:
                entry["locked_until"] = (self.clock.utc_now() + lockout).replace(microsecond=0).isoformat()
            state[key] = entry
            write_private(self.state_file, json.dumps(state, sort_keys=True).encode("utf-8"))
        if lockout:
            raise PinLockedError(int(lockout.total_seconds()))
        raise WrongPinError(FREE_TRIES - failures)
