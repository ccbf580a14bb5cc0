"""Reminders with a fixed clock: check-in in the morning, session on planned days, kind words after a gap;
autostart entries in a temporary home."""

from __future__ import annotations

import os
import plistlib
from datetime import date, datetime, timedelta
from pathlib import Path

from backtrainer.services import reminders
from backtrainer.services.clock import FixedClock
from backtrainer.services.plan_meta import PlanMeta
from backtrainer.services.reminders import Reminder, due_reminders, read_inputs
from backtrainer.services.training import CheckinInput, TrainingService
from backtrainer.store.db import Database
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import Profile
from backtrainer.store.tables import Session as SessionRow

MONDAY = date(2026, 3, 9)
META = PlanMeta(plan_start=date(2026, 2, 23), weekdays=(0, 2, 4), reminder_time="18:00",
                checkin_reminder_time="08:00")


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


def kinds(found: list[Reminder]) -> list[tuple[int, str]]:
    return [(r.profile_id, r.kind) for r in found]


def test_nothing_is_due_before_the_checkin_time() -> None:
    assert due_reminders(at(MONDAY, 7, 59), {1: META}, set(), set()) == []


def test_the_morning_checkin_is_due_from_its_time_until_noon() -> None:
    found = due_reminders(at(MONDAY, 8, 0), {1: META}, set(), set())
    assert kinds(found) == [(1, "checkin")]
    assert "check-in" in found[0].text and found[0].day == MONDAY
    assert kinds(due_reminders(at(MONDAY, 11, 59), {1: META}, set(), set())) == [(1, "checkin")]
    assert due_reminders(at(MONDAY, 12, 0), {1: META}, set(), set()) == []


def test_a_done_checkin_silences_its_reminder() -> None:
    assert due_reminders(at(MONDAY, 9), {1: META}, {1}, set()) == []


def test_the_session_reminder_comes_on_planned_days_only_after_its_time() -> None:
    assert due_reminders(at(MONDAY, 17, 59), {1: META}, {1}, set()) == []
    assert kinds(due_reminders(at(MONDAY, 18, 0), {1: META}, {1}, set())) == [(1, "session")]
    tuesday = MONDAY + timedelta(days=1)
    assert due_reminders(at(tuesday, 20), {1: META}, {1}, set()) == []
    assert due_reminders(at(MONDAY, 19), {1: META}, {1}, {1}) == []  # done today


def test_reminders_off_means_none_at_all() -> None:
    off = META.with_changes(reminders_on=False)
    assert due_reminders(at(MONDAY, 9), {1: off}, set(), set()) == []
    assert due_reminders(at(MONDAY, 19), {1: off}, set(), set()) == []


def test_each_profile_gets_its_own_days_and_times() -> None:
    other = META.with_changes(weekdays=(1, 3), reminder_time="07:30", checkin_reminder_time="09:00")
    found = due_reminders(at(MONDAY, 8, 30), {1: META, 2: other}, set(), set())
    assert kinds(found) == [(1, "checkin")]
    tuesday = MONDAY + timedelta(days=1)
    found = due_reminders(at(tuesday, 9, 30), {1: META, 2: other}, {1}, set())
    assert kinds(found) == [(2, "checkin"), (2, "session")]


def test_a_missed_session_is_met_with_kind_words() -> None:
    wednesday = MONDAY + timedelta(days=2)
    found = due_reminders(at(wednesday, 18), {1: META}, {1}, set(), last_session={1: date(2026, 3, 6)})
    assert kinds(found) == [(1, "missed")]
    text = found[0].text
    assert text.startswith("No session on Monday? That's okay. Today is a fresh start.")
    for word in ("should", "failed", "must", "forgot", "lazy", "again"):
        assert word not in text.lower()
    # Sunday sessions: yesterday is named as such.
    meta = META.with_changes(weekdays=(0, 6))
    found = due_reminders(at(MONDAY, 18), {1: meta}, {1}, set(), last_session={1: None})
    assert found[0].text.startswith("No session yesterday? That's okay. Today is a fresh start.")


def test_no_missed_words_when_the_last_planned_day_was_done_or_before_the_plan() -> None:
    wednesday = MONDAY + timedelta(days=2)
    found = due_reminders(at(wednesday, 18), {1: META}, {1}, set(), last_session={1: MONDAY})
    assert kinds(found) == [(1, "session")]
    fresh = META.with_changes(plan_start=MONDAY + timedelta(days=1))
    found = due_reminders(at(wednesday, 18), {1: fresh}, {1}, set(), last_session={1: None})
    assert kinds(found) == [(1, "session")]


def test_reminder_inputs_are_read_from_the_database(store_db: Database) -> None:
    clock = FixedClock(at(MONDAY, 8, 30))
    repo = ProfileRepo(store_db)
    pid = repo.create("Reminder Person", now="2026-03-01T08:00:00", notice_accepted=True).id
    other = repo.create("No Plan Yet", now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(store_db).save_plan(pid, [ChainState("MC", "MC-02", 2, 0, "2026-03-01")], now="2026-03-01T08:00:00")
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.assessment_state = {"done": True}
        p.plan_meta = META.dump()
        s.add(p)
        s.add(SessionRow(profile_id=pid, day="2026-03-04", started_at="2026-03-04T18:00:00", completed=True))
    inputs = read_inputs(store_db, MONDAY)
    assert set(inputs.profiles_meta) == {pid} and other not in inputs.profiles_meta  # no plan, no reminders
    assert inputs.last_session[pid] == date(2026, 3, 4)
    assert kinds(due_reminders(clock.now(), inputs.profiles_meta, inputs.checkins_today, inputs.sessions_today,
                               last_session=inputs.last_session)) == [(pid, "checkin")]
    TrainingService(store_db, clock).save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    inputs = read_inputs(store_db, MONDAY)
    assert inputs.checkins_today == {pid}
    clock.set(at(MONDAY, 18, 5))
    found = due_reminders(clock.now(), inputs.profiles_meta, inputs.checkins_today, inputs.sessions_today,
                          last_session=inputs.last_session)
    assert kinds(found) == [(pid, "missed")]  # Friday 6 March had no session


# -- autostart ------------------------------------------------------------------------------------------------------
def test_linux_autostart_entry_round_trip(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert not reminders.autostart_enabled(home, platform="linux")
    path = reminders.enable_autostart(["/opt/Back Trainer/backtrainer", "--data-dir", "/data/x"], home,
                                      platform="linux")
    assert path == home / ".config" / "autostart" / "backtrainer.desktop"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Exec='/opt/Back Trainer/backtrainer' --data-dir /data/x\n" in text
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert reminders.autostart_enabled(home, platform="linux")
    reminders.disable_autostart(home, platform="linux")
    assert not reminders.autostart_enabled(home, platform="linux")
    reminders.disable_autostart(home, platform="linux")  # twice is fine


def test_macos_autostart_is_a_launch_agent(tmp_path: Path) -> None:
    path = reminders.enable_autostart(["/Applications/BackTrainer.app/Contents/MacOS/BackTrainer"], tmp_path,
                                      platform="darwin")
    assert path == tmp_path / "Library" / "LaunchAgents" / "com.backtrainer.app.plist"
    data = plistlib.loads(path.read_bytes())
    assert data["RunAtLoad"] is True and data["Label"] == "com.backtrainer.app"
    assert data["ProgramArguments"] == ["/Applications/BackTrainer.app/Contents/MacOS/BackTrainer"]
    assert reminders.autostart_enabled(tmp_path, platform="darwin")
    reminders.disable_autostart(tmp_path, platform="darwin")
    assert not path.exists()


class FakeRegistry:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def test_windows_autostart_uses_the_run_key(tmp_path: Path) -> None:
    reg = FakeRegistry()
    assert reminders.enable_autostart([r"C:\Program Files\BackTrainer\backtrainer.exe"], platform="win32",
                                      registry=reg) is None
    assert reg.values == {"BackTrainer": r'"C:\Program Files\BackTrainer\backtrainer.exe"'}
    assert reminders.autostart_enabled(platform="win32", registry=reg)
    reminders.disable_autostart(platform="win32", registry=reg)
    assert not reminders.autostart_enabled(platform="win32", registry=reg)


def test_default_command_runs_this_python() -> None:
    assert reminders.default_command()[-2:] == ["-m", "backtrainer"]
