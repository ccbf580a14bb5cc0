"""Reminders while the app runs: a once-a-minute check (QTimer, ``ctx.clock``), an in-app banner and a tray message.

The rules are in ``services.reminders.due_reminders`` (pure, tested with a fixed clock); this module only reads the
inputs on the worker thread, asks the rules, and shows the result. Each reminder is shown once per profile, kind and
day; the banner stays until the check-in or session is done or the person closes it ("Not now" hides it for the
day). Importing this module loads PySide6 only, so the shell may build the controller at start; the rules module
(SQLAlchemy) is imported on the worker thread by the first check.

Signals:
    bannerChanged(list[Reminder]): the reminders for the open profile (empty: hide the banner).
    reminderFired(Reminder): a reminder due for the first time today.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSystemTrayIcon, QWidget

from backtrainer.i18n import _
from backtrainer.paths import assets_dir
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import label

if TYPE_CHECKING:  # services.reminders imports SQLAlchemy: load it on the worker thread, not at start-up
    from backtrainer.services.reminders import Reminder

log = logging.getLogger("backtrainer.ui")

CHECK_EVERY_MS = 60_000


class ReminderController(QObject):
    """Checks reminders every minute and on data changes; emits what to show."""

    bannerChanged = Signal(object)  # list[Reminder]
    reminderFired = Signal(object)  # Reminder

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, interval_ms: int = CHECK_EVERY_MS,
                 use_tray: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)
        self._fired: set[tuple[int, str, str]] = set()
        self._dismissed: set[tuple[int, str, str]] = set()
        self._current: list[Reminder] = []
        self._busy = False
        self.tray: QSystemTrayIcon | None = None
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon(str(assets_dir() / "icons" / "backtrainer.png")), self)
            self.tray.setToolTip("BackTrainer")
            self.tray.show()
        ctx.signals.dataChanged.connect(self._on_data_changed)
        ctx.signals.profileChanged.connect(lambda _pid: ctx.when_shell_ready(self.check_now))

    @property
    def current(self) -> list[Reminder]:
        return list(self._current)

    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()

    def dismiss(self) -> None:
        """Hide the banner's reminders for today (they come back tomorrow)."""
        self._dismissed |= {r.key for r in self._current}
        self._set_current([])

    def _on_data_changed(self, changes: Changes) -> None:
        if changes & (Changes.CHECKIN | Changes.SESSION | Changes.PLAN | Changes.PROFILE | Changes.SETTINGS):
            self.check_now()

    def check_now(self) -> None:
        if self._busy:
            return
        ctx = self.ctx
        day = ctx.clock.now().date()

        def work() -> Any:
            from backtrainer.services.reminders import read_inputs  # imported on the worker thread

            return read_inputs(ctx.paths.db, day)

        self._busy = True
        ctx.runner.run(work, self._on_inputs, self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("reminder check failed (%s)", type(exc).__name__)

    def _on_inputs(self, inputs: Any) -> None:
        from backtrainer.services.reminders import due_reminders

        self._busy = False
        due = due_reminders(self.ctx.clock.now(), inputs.profiles_meta, inputs.checkins_today,
                            inputs.sessions_today, last_session=inputs.last_session)
        open_profile = self.ctx.profile_id
        for reminder in due:
            if reminder.key in self._fired:
                continue
            self._fired.add(reminder.key)
            if open_profile is not None and reminder.profile_id != open_profile:
                continue  # another person's reminder: not shown on this person's screen
            self.reminderFired.emit(reminder)
            if self.tray is not None:
                self.tray.showMessage("BackTrainer", reminder.text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        mine = [r for r in due if r.profile_id == open_profile and r.key not in self._dismissed]
        self._set_current(mine)

    def _set_current(self, reminders: list[Reminder]) -> None:
        if [r.key for r in reminders] != [r.key for r in self._current]:
            self._current = reminders
            self.bannerChanged.emit(list(reminders))


class ReminderBanner(QFrame):
    """A calm strip above the pages: the reminder text, a button that does what it asks, and a close button."""

    def __init__(self, ctx: AppContext, controller: ReminderController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.setObjectName("ReminderBanner")
        self.setProperty("role", "notice")
        self.setAccessibleName(_("Reminder"))
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 10, 12, 10)
        row.setSpacing(12)
        self.text = label("")
        self.text.setAccessibleName(_("Reminder text"))
        row.addWidget(self.text, 1)
        # The button does what the reminder asks (it is shown on Today too, where "Go to Today" made no sense).
        self.go = QPushButton(_("Do my check-in"))
        self.go.setProperty("role", "primary")
        self._target = "checkin"
        self.go.clicked.connect(lambda: ctx.signals.navigate.emit(self._target))
        row.addWidget(self.go, 0, Qt.AlignmentFlag.AlignVCenter)
        self.close_button = QPushButton(_("Not now"))
        self.close_button.setAccessibleName(_("Hide this reminder for today"))
        self.close_button.clicked.connect(controller.dismiss)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)
        controller.bannerChanged.connect(self.show_reminders)
        self._reminders: list[Reminder] = []
        self._page: str | None = None
        self.hide()

    def show_reminders(self, reminders: list[Reminder]) -> None:
        self._reminders = list(reminders)
        if reminders:
            self.text.setText("  ".join(r.text for r in reminders))
            self.setAccessibleDescription(self.text.text())
            checkin = reminders[0].kind == "checkin"
            self._target = "checkin" if checkin else "session"
            self.go.setText(_("Do my check-in") if checkin else _("Start today's session"))
            self.go.setAccessibleName(self.go.text())
        self._update()

    def set_page(self, name: str | None) -> None:
        """The page on show: the banner steps aside on the page it would send the person to (the walk saw "Start
        today's session" above "Before you start"), and comes back when they leave it with the reminder still due."""
        self._page = name
        self._update()

    def _update(self) -> None:
        self.setVisible(bool(self._reminders) and self._page != self._target)
