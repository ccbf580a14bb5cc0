"""The reminder controller with a fixed clock: the banner shows the open profile's reminder, once per day, and
goes away when the check-in is done."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from backtrainer.services.plan_meta import PlanMeta
from backtrainer.services.training import CheckinInput, TrainingService
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import Profile
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.reminders import ReminderBanner, ReminderController


def _profile(ctx: AppContext, name: str) -> int:
    db = ctx.db()
    pid = ProfileRepo(db).create(name, now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(db).save_plan(pid, [ChainState("MC", "MC-02", 2, 0, "2026-03-01")], now="2026-03-01T08:00:00")
    with db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.assessment_state = {"done": True}
        p.plan_meta = PlanMeta(plan_start=datetime(2026, 3, 2).date()).dump()
        s.add(p)
    return pid


def test_reminders_fire_with_a_fixed_clock_and_clear_when_done(qtbot: Any, app_ctx: AppContext) -> None:
    pid = _profile(app_ctx, "Banner Person")
    other = _profile(app_ctx, "Other Person")
    app_ctx.profile_id = pid
    app_ctx.clock.set(datetime(2026, 3, 9, 7, 0))  # type: ignore[attr-defined]
    controller = ReminderController(app_ctx, use_tray=False)
    holder = QWidget()
    qtbot.addWidget(holder)
    banner = ReminderBanner(app_ctx, controller, holder)
    QVBoxLayout(holder).addWidget(banner)
    holder.show()
    fired: list[Any] = []
    controller.reminderFired.connect(fired.append)
    controller.start()
    assert controller.current == [] and not banner.isVisible()  # 07:00: nothing yet

    app_ctx.clock.set(datetime(2026, 3, 9, 8, 0))  # type: ignore[attr-defined]
    controller.check_now()
    assert [(r.profile_id, r.kind) for r in controller.current] == [(pid, "checkin")]
    assert banner.isVisible() and "check-in" in banner.text.text()
    # The button does what the reminder asks, on Today as anywhere else (issue 16: not "Go to Today").
    went: list[str] = []
    app_ctx.signals.navigate.connect(went.append)
    assert banner.go.text() == "Do my check-in"
    qtbot.mouseClick(banner.go, Qt.MouseButton.LeftButton)
    assert went == ["checkin"]
    assert [(r.profile_id, r.kind) for r in fired] == [(pid, "checkin")]  # not the other person's
    controller.check_now()
    assert len(fired) == 1  # once per day

    TrainingService(app_ctx.db(), app_ctx.clock).save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3,
                                                                                 worst_24h=3))
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    assert controller.current == [] and not banner.isVisible()

    app_ctx.clock.set(datetime(2026, 3, 9, 18, 0))  # type: ignore[attr-defined]
    controller.check_now()
    assert [r.kind for r in controller.current] == ["missed"]  # no session on Friday 6 March
    assert banner.text.text().startswith("No session on Friday? That's okay. Today is a fresh start.")
    assert banner.go.text() == "Start today's session"
    qtbot.mouseClick(banner.go, Qt.MouseButton.LeftButton)
    assert went[-1] == "session"
    # On the page it sends the person to, it steps aside (not "Start today's session" above "Before you start"),
    # and comes back on any other page while the reminder is still due.
    banner.set_page("session")
    assert not banner.isVisible()
    banner.set_page("today")
    assert banner.isVisible()
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    controller.check_now()
    assert not banner.isVisible()  # "Not now" holds for the day

    app_ctx.clock.set(datetime(2026, 3, 9, 8, 0) + timedelta(days=2))  # type: ignore[attr-defined]
    controller.check_now()
    assert [r.kind for r in controller.current] == ["checkin"]
    assert other not in {r.profile_id for r in controller.current}
    controller.stop()
