"""The daily check-in (ref 6.1, 6.3, 1.4): morning pain (before 12:00), average and worst pain in the last 24 hours,
leg pain on the leg-pain pathway, and the quick red-flag list. Any tick routes by its tier (the service decides).

The first open of a day goes here before anything else (Today sends the person); saving lets the engine apply the
decisions that waited for the morning rating.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label
from backtrainer.ui.pages.session.screens import Screen, button
from backtrainer.ui.widgets.pain_scale import PainScale


class CheckinPage(Page):
    NAME = "checkin"
    RAIL_HOME = "today"
    TITLE = N_("Check-in")
    ORDER = 12
    IN_NAV = False
    WATCHES = Changes.PROFILE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: Any = None
        self.emergency_number: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.form = Screen(_("Good morning. How is your back?"))
        self.intro = label(_("A short check-in each day helps your plan fit how your back is doing. It takes about "
                             "a minute."), "muted")
        self.form.body.addWidget(self.intro)
        self.morning_frame, box = card()
        box.addWidget(label(_("Pain when you got up this morning"), "subtitle"))
        self.morning = PainScale(_("Pain when you got up this morning"))
        box.addWidget(self.morning)
        self.form.body.addWidget(self.morning_frame)
        frame, box = card()
        box.addWidget(label(_("Your pain over the last 24 hours"), "subtitle"))
        box.addWidget(label(_("On average"), "body"))
        self.average = PainScale(_("Average pain over the last 24 hours"))
        box.addWidget(self.average)
        box.addWidget(label(_("At its worst"), "body"))
        self.worst = PainScale(_("Worst pain over the last 24 hours"))
        box.addWidget(self.worst)
        self.form.body.addWidget(frame)
        self.leg_frame, box = card()
        box.addWidget(label(_("Your leg pain now"), "subtitle"))
        self.leg = PainScale(_("Leg pain now"), _("No leg pain"))
        box.addWidget(self.leg)
        self.form.body.addWidget(self.leg_frame)
        # The quick check is asked once a day: when one from earlier today found nothing (a full assessment's safety
        # questions count), it stands and is not asked again unless something changed (ref 1.4 layer 1 [PD],
        # core.screening.quick_check_stands; the service decides, issue 20).
        from backtrainer.ui.pages.session.quick_check import TodaysCheck

        self.check = TodaysCheck(_("Answer the quick safety check again"))
        self.quick, self.quick_frame, self.checked_frame = self.check.quick, self.check.quick_frame, \
            self.check.checked_frame
        self.changed_button, self.checked_text = self.check.changed_button, self.check.checked_text
        self.form.body.addWidget(self.check)
        self.save_button = button(_("Save my check-in"), "primary", description=_("Save and go to Today"))
        self.save_button.setMinimumWidth(220)
        self.save_button.clicked.connect(self._on_save)
        self.later_button = button(_("Not now"),
                                   description=_("Go to Today without checking in. You can do it later."))
        self.later_button.clicked.connect(lambda: ctx.signals.navigate.emit("today"))
        self.form.finish_layout([self.save_button], left=[self.later_button])
        self.stack.addWidget(self.form)

        from backtrainer.ui.pages.session.stop import SafetyStop

        self.stop_screen = Screen("")
        self.stop_screen.heading.hide()
        self.stop = SafetyStop()
        self.stop.todayRequested.connect(lambda: ctx.signals.navigate.emit("today"))
        self.stop_screen.body.addWidget(self.stop)
        self.stop_screen.body.addStretch(1)
        self.stack.addWidget(self.stop_screen)

        self.done_screen = Screen(_("Thank you"))
        self.done_text = label("")
        self.done_screen.body.addWidget(self.done_text)
        row = QHBoxLayout()
        self.today_button: QPushButton = button(_("Go to Today"), "primary")
        self.today_button.clicked.connect(lambda: ctx.signals.navigate.emit("today"))
        row.addWidget(self.today_button)
        row.addStretch(1)
        self.done_screen.body.addLayout(row)
        self.done_screen.body.addStretch(1)
        self.stack.addWidget(self.done_screen)

    def showEvent(self, event: QShowEvent) -> None:
        if self.stack.currentWidget() is not self.form:
            self._dirty = True
        super().showEvent(event)

    def refresh(self) -> None:
        super().refresh()
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        paths = self.ctx.paths
        ctx = self.ctx

        def work() -> tuple[Any, str | None]:
            from backtrainer.services.training import TrainingService
            from backtrainer.store.summary import home_summary

            view = TrainingService(ctx.paths.db, ctx.clock).today(profile_id)
            summary = home_summary(paths.db, profile_id, view.day.isoformat())
            return view, summary.profile.emergency_number if summary else None

        self.ctx.runner.run(work, self._on_loaded)

    def _on_loaded(self, value: tuple[Any, str | None]) -> None:
        self.view, self.emergency_number = value
        morning = bool(self.view.morning_window)
        self.form.heading.setText(_("Good morning. How is your back?") if morning else _("Your daily check-in"))
        self.morning_frame.setVisible(morning)
        self.leg_frame.setVisible(bool(self.view.leg_pathway))
        for scale in (self.morning, self.average, self.worst, self.leg):
            scale.clear()
        self.check.reset(self.view.quick_check_at)
        self.form.show_error(None)
        self.save_button.setEnabled(True)
        self.stack.setCurrentWidget(self.form)
        first = self.morning.button(0) if morning else self.average.button(0)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def missing(self) -> str | None:
        if self.morning_frame.isVisibleTo(self.form) and self.morning.value() is None:
            return _("Please choose a number for your pain this morning.")
        if self.average.value() is None or self.worst.value() is None:
            return _("Please choose numbers for your average and worst pain.")
        if self.leg_frame.isVisibleTo(self.form) and self.leg.value() is None:
            return _("Please choose a number for your leg pain.")
        return self.check.missing()

    def asks_quick_check(self) -> bool:
        """Whether the check-in asks the quick safety check (else today's earlier one stands)."""
        return self.check.asks()

    def _on_save(self) -> None:
        problem = self.missing()
        self.form.show_error(problem)
        if problem:
            return
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        from backtrainer.core.screening import Answer
        from backtrainer.services.training import CheckinInput

        q = self.quick
        rf11 = q.rf11_answer()
        inp = CheckinInput(
            morning_pain=self.morning.value() if self.morning_frame.isVisibleTo(self.form) else None,
            avg_24h=self.average.value(), worst_24h=self.worst.value(),
            leg_pain=self.leg.value() if self.leg_frame.isVisibleTo(self.form) else None,
            ticks=q.ticks() if self.asks_quick_check() else None, fall_serious=q.fall_serious_answer(),
            rf11=Answer(rf11) if rf11 else None)
        ctx = self.ctx
        self.save_button.setEnabled(False)

        def work() -> Any:
            from backtrainer.services.training import TrainingService

            return TrainingService(ctx.db(), ctx.clock).save_checkin(profile_id, inp)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            from backtrainer.ui.errors import show_error

            show_error(self, exc)

        ctx.runner.run(work, self._on_saved, failed)

    def _on_saved(self, outcome: Any) -> None:
        self.save_button.setEnabled(True)
        if outcome.routed == "followup":
            self.form.show_error(_("Please answer the questions about the fall first."))
            return
        if outcome.routed == "quick_check":  # the earlier check no longer stands (e.g. a tick since): ask it now
            self.check.ask_again()
            self.form.show_error(_("Please answer the quick safety check."))
            return
        self.ctx.signals.dataChanged.emit(Changes.CHECKIN | Changes.PLAN)
        if outcome.routed in ("emergency", "clinician"):
            tier = "EMERGENCY" if outcome.routed == "emergency" else "CLINICIAN_SOON"
            self.stop.show_for(tier, tuple(outcome.quick.reasons), self.emergency_number)
            self.stack.setCurrentWidget(self.stop_screen)
            self.stop.today_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        lines = [_("Your check-in is saved.")]
        view = outcome.today
        if view is not None and view.flare_active:
            lines.append(_("It looks like a flare-up. Flare-ups are common and usually settle. Today you have the "
                           "gentle flare-up session."))
        elif view is not None and view.session_day and not view.session_done_today:
            lines.append(_("Your session for today is ready."))
        self.done_text.setText(" ".join(lines))
        self.ctx.signals.saved.emit(" ".join(lines))  # Today says "saved" and moves on to the next step
        self.ctx.signals.navigate.emit("today")
