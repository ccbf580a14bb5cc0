"""Reminders (issue 8): which reminders are due now, and the "start with the system session" entry.

``due_reminders`` is a pure function of the time and each profile's plan settings (``PlanMeta``: session weekdays,
``reminders_on``, ``reminder_time``, ``checkin_reminder_time``), so it is tested with a fixed clock. The UI
(``ui/reminders.py``) calls it once a minute and shows a banner and a tray message. Wording is kind and never
guilt-inducing: a missed session is "okay", today is "a fresh start".

Autostart entries, one per platform, all written with user-only permissions:

* Linux (and other XDG desktops): ``$XDG_CONFIG_HOME/autostart/backtrainer.desktop`` (``~/.config/...``);
* macOS: ``~/Library/LaunchAgents/com.backtrainer.app.plist`` (a LaunchAgent with ``RunAtLoad``);
* Windows: the value ``BackTrainer`` under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` (a ``.lnk``
  shortcut needs COM, which is not available offline without extra packages).

Qt-free.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import subprocess
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from backtrainer.files import write_private
from backtrainer.i18n import N_, _, day_name
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta

if TYPE_CHECKING:
    from backtrainer.store.db import Database

ReminderKind = Literal["checkin", "session", "missed"]
MORNING_CUTOFF = time(12, 0)  # the morning check-in is open until 12:00 local time (ref 6.1)

# Translated when a reminder is made (whole messages: the "missed" ones include the invitation to today's session).
CHECKIN_TEXT = N_("Good morning. Your morning check-in is open until noon. It takes about a minute.")
SESSION_TEXT = N_("Your exercises for today are ready whenever you are.")
MISSED_YESTERDAY_TEXT = N_("No session yesterday? That's okay. Today is a fresh start. Your exercises for today are "
                           "ready whenever you are.")
MISSED_DAY_TEXT = N_("No session on {weekday}? That's okay. Today is a fresh start. Your exercises for today are "
                     "ready whenever you are.")


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder for one profile; ``key`` identifies it for the day (show each once)."""

    profile_id: int
    kind: ReminderKind
    text: str
    day: date

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.profile_id, self.kind, self.day.isoformat())


def _at(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def previous_session_day(meta: PlanMeta, day: date) -> date | None:
    """The last planned session day before ``day`` (within the past week), or None when none is planned."""
    for k in range(1, 8):
        d = day - timedelta(days=k)
        if d.weekday() in meta.weekdays:
            return d
    return None


def due_reminders(
    now: datetime,
    profiles_meta: Mapping[int, PlanMeta],
    checkins_today: Collection[int],
    sessions_today: Collection[int],
    *,
    last_session: Mapping[int, date | None] | None = None,
) -> list[Reminder]:
    """Reminders due at ``now`` (local time), by profile id then kind.

    Args:
        now: local wall-clock time (from the injected clock).
        profiles_meta: each profile's plan settings.
        checkins_today: ids of profiles that have a check-in today.
        sessions_today: ids of profiles that did a session today.
        last_session: each profile's last session day; when the last planned day before today had none, the
            session reminder is the kind "missed" one. Without it, no "missed" reminder is made.

    A check-in reminder is due from ``checkin_reminder_time`` until noon while today has no check-in; a session
    reminder from ``reminder_time`` on a planned weekday while today has no session. Profiles with
    ``reminders_on`` false get none.
    """
    day = now.date()
    clock_time = now.time()
    out: list[Reminder] = []
    for profile_id in sorted(profiles_meta):
        meta = profiles_meta[profile_id]
        if not meta.reminders_on:
            continue
        if (profile_id not in checkins_today and _at(meta.checkin_reminder_time) <= clock_time < MORNING_CUTOFF):
            out.append(Reminder(profile_id, "checkin", _(CHECKIN_TEXT), day))
        if day.weekday() not in meta.weekdays or profile_id in sessions_today:
            continue
        if clock_time < _at(meta.reminder_time):
            continue
        missed = _missed_day(meta, day, last_session, profile_id)
        if missed is None:
            out.append(Reminder(profile_id, "session", _(SESSION_TEXT), day))
        else:
            text = (_(MISSED_YESTERDAY_TEXT) if missed == day - timedelta(days=1)
                    else _(MISSED_DAY_TEXT).format(weekday=day_name(missed)))
            out.append(Reminder(profile_id, "missed", text, day))
    return out


def _missed_day(meta: PlanMeta, day: date, last_session: Mapping[int, date | None] | None,
                profile_id: int) -> date | None:
    if last_session is None or profile_id not in last_session:
        return None
    previous = previous_session_day(meta, day)
    if previous is None or meta.plan_start is None or previous < meta.plan_start:
        return None
    last = last_session[profile_id]
    if last is not None and last >= previous:
        return None
    return previous


@dataclass(frozen=True, slots=True)
class ReminderInputs:
    """What ``due_reminders`` needs, read from the database in one transaction."""

    profiles_meta: Mapping[int, PlanMeta]
    checkins_today: frozenset[int]
    sessions_today: frozenset[int]
    last_session: Mapping[int, date | None]


def read_inputs(db: Database | Path, day: date) -> ReminderInputs:
    """Read every profile's plan settings and today's check-ins and sessions (ids and days only).

    Plain read-only SQL: the reminder check runs every minute and must not load the ORM on the home screen.
    """
    import json

    from backtrainer.store.reading import connect_read_only

    path = db if isinstance(db, Path) else db.path
    con = connect_read_only(path)
    try:
        metas: dict[int, PlanMeta] = {}
        for pid, meta, state in con.execute("SELECT id, plan_meta, assessment_state FROM profile"):
            if json.loads(state or "{}").get("done"):  # no reminders before the first plan
                metas[int(pid)] = load_plan_meta(json.loads(meta or "{}"))
        today = day.isoformat()
        checkins = frozenset(p for (p,) in con.execute("SELECT profile_id FROM checkin WHERE day = ?", (today,)))
        sessions = frozenset(p for (p,) in con.execute("SELECT profile_id FROM session WHERE day = ?", (today,)))
        last: dict[int, date | None] = dict.fromkeys(metas)
        for pid, d in con.execute("SELECT profile_id, max(day) FROM session WHERE day < ? GROUP BY profile_id",
                                  (today,)):
            if pid in last:
                last[pid] = date.fromisoformat(d)
    finally:
        con.close()
    return ReminderInputs(metas, checkins, sessions, last)


# ---------------------------------------------------------------------------------------------------------------
# Autostart ("start with the system session")
# ---------------------------------------------------------------------------------------------------------------
Platform = Literal["linux", "darwin", "win32"]
APP_ID = "com.backtrainer.app"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "BackTrainer"


class Registry(Protocol):
    """The three HKCU Run-key operations (``winreg`` on Windows; a fake in tests)."""

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...

    def get(self, name: str) -> str | None: ...


class _WinRegistry:
    def set(self, name: str, value: str) -> None:  # pragma: no cover - Windows only
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:  # type: ignore[attr-defined,unused-ignore]
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)  # type: ignore[attr-defined,unused-ignore]

    def delete(self, name: str) -> None:  # pragma: no cover - Windows only
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0,  # type: ignore[attr-defined,unused-ignore]
                                winreg.KEY_SET_VALUE) as key:  # type: ignore[attr-defined,unused-ignore]
                winreg.DeleteValue(key, name)  # type: ignore[attr-defined,unused-ignore]
        except FileNotFoundError:
            pass

    def get(self, name: str) -> str | None:  # pragma: no cover - Windows only
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:  # type: ignore[attr-defined,unused-ignore]
                value, _kind = winreg.QueryValueEx(key, name)  # type: ignore[attr-defined,unused-ignore]
                return str(value)
        except FileNotFoundError:
            return None


def _platform(platform: str | None) -> Platform:
    name = platform or sys.platform
    if name.startswith("win"):
        return "win32"
    if name == "darwin":
        return "darwin"
    return "linux"


def autostart_path(home: Path | None = None, platform: str | None = None) -> Path | None:
    """Where the autostart entry lives on this platform (None on Windows: it is a registry value)."""
    plat = _platform(platform)
    if plat == "win32":
        return None
    if plat == "darwin":
        return (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    if home is None:
        xdg = os.environ.get("XDG_CONFIG_HOME")
        base = Path(xdg) if xdg else Path.home() / ".config"
    else:
        base = home / ".config"
    return base / "autostart" / "backtrainer.desktop"


def default_command() -> list[str]:
    """How this BackTrainer is started: the frozen executable, else ``python -m backtrainer``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "backtrainer"]


def _desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(shlex.quote(part).replace("%", "%%") for part in command)
    return ("[Desktop Entry]\nType=Application\nName=BackTrainer\nComment=Reminders for your back exercises\n"
            f"Exec={exec_line}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n")


def enable_autostart(command: Sequence[str] | None = None, home: Path | None = None, *,
                     platform: str | None = None, registry: Registry | None = None) -> Path | None:
    """Start BackTrainer with the user's session; returns the entry's path (None on Windows)."""
    cmd = list(command) if command else default_command()
    plat = _platform(platform)
    if plat == "win32":
        (registry or _WinRegistry()).set(RUN_VALUE, subprocess.list2cmdline(cmd))
        return None
    path = autostart_path(home, plat)
    assert path is not None
    if plat == "darwin":
        data = plistlib.dumps({"Label": APP_ID, "ProgramArguments": cmd, "RunAtLoad": True,
                               "ProcessType": "Interactive"})
    else:
        data = _desktop_entry(cmd).encode("utf-8")
    write_private(path, data)
    return path


def disable_autostart(home: Path | None = None, *, platform: str | None = None,
                      registry: Registry | None = None) -> None:
    plat = _platform(platform)
    if plat == "win32":
        (registry or _WinRegistry()).delete(RUN_VALUE)
        return
    path = autostart_path(home, plat)
    if path is not None:
        path.unlink(missing_ok=True)


def autostart_enabled(home: Path | None = None, *, platform: str | None = None,
                      registry: Registry | None = None) -> bool:
    plat = _platform(platform)
    if plat == "win32":
        return (registry or _WinRegistry()).get(RUN_VALUE) is not None
    path = autostart_path(home, plat)
    return path is not None and path.is_file()
