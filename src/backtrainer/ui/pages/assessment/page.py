"""The assessment flow page: a header with progress, one step view at a time, and Back / Next.

Slots gather answers and call :class:`backtrainer.services.assessment.AssessmentService` through the task runner;
the service applies the rules and says which step comes next. The page only shows that step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.assessment.common import StepView, button
from backtrainer.ui.pages.base import Page, card, label, scroll_column

log = logging.getLogger("backtrainer.ui")

FLOW_STEPS: tuple[str, ...] = ("intro", "about", "screening", "bodymap", "questionnaires", "movement", "plan")
STEP_TITLES: dict[str, str] = {
    "intro": N_("Before you start"),
    "about": N_("About you"),
    "screening": N_("Safety questions"),
    "bodymap": N_("Where you feel it"),
    "questionnaires": N_("Your back and daily life"),
    "movement": N_("Movement checks"),
    "plan": N_("Your plan"),
}


class AssessmentFlow(Page):
    """Page NAME "assessment": the guided first assessment and later re-runs (issue 4)."""

    NAME = "assessment"
    TITLE = N_("Assessment")
    ORDER = 20
    WATCHES = Changes.PROFILE | Changes.ASSESSMENT

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_(self.TITLE))
        self.snapshot: Any = None
        self._own_change = False
        self._locked = False
        self.views: dict[str, StepView] = {}

        layout = scroll_column(self, 900, margins=(40, 28))
        self.area = self.scroll_area  # type: ignore[attr-defined]

        self.header = QWidget()
        head = QVBoxLayout(self.header)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(6)
        self.step_label = label("", "muted")
        self.step_label.setAccessibleName(_("Progress"))
        head.addWidget(self.step_label)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(FLOW_STEPS) - 1)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setAccessibleName(_("Assessment progress"))
        head.addWidget(self.progress)
        layout.addWidget(self.header)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack)

        self.error_frame, error_box = card("danger")
        self.error = label("")
        self.error.setAccessibleName(_("Problem"))
        self.error.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        error_box.addWidget(self.error)
        self.error_frame.hide()
        layout.addWidget(self.error_frame)

        self.footer = QWidget()
        foot = QHBoxLayout(self.footer)
        foot.setContentsMargins(0, 8, 0, 0)
        self.back_button = button(_("Back"), name=_("Back"),
                              description=_("Go to the previous screen. Your answers are kept."))
        self.back_button.clicked.connect(self._on_back)
        foot.addWidget(self.back_button)
        foot.addStretch(1)
        self.next_button = button(_("Next"), "primary", name=_("Next"))
        self.next_button.setMinimumWidth(160)
        self.next_button.clicked.connect(self._on_next)
        foot.addWidget(self.next_button)
        layout.addWidget(self.footer)
        layout.addStretch(1)

        self.loading = label(_("Loading your assessment…"), "muted")
        self.stack.addWidget(self.loading)

    # -- services ---------------------------------------------------------------------------------------------------
    def service(self) -> Any:
        """The assessment service (call on the worker thread)."""
        from backtrainer.services.assessment import PACKS_FOLDER, AssessmentService

        return AssessmentService(self.ctx.db(), self.ctx.clock, packs_dir=self.ctx.paths.root / PACKS_FOLDER)

    def call(self, work: Callable[[Any], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``work(service)`` off the GUI thread; ``on_done(result)`` back on it. Errors show inline."""
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        self.next_button.setEnabled(False)

        def done(value: Any) -> None:
            self.next_button.setEnabled(True)
            on_done(value)

        self.ctx.runner.run(lambda: work(self.service()), done, self._on_error)

    @property
    def profile_id(self) -> int:
        assert self.ctx.profile_id is not None
        return self.ctx.profile_id

    def _on_error(self, exc: BaseException) -> None:
        from backtrainer.services.validation import InputError

        self.next_button.setEnabled(True)
        if isinstance(exc, (InputError, ValueError)):
            self.show_error(str(exc) if isinstance(exc, InputError) else _plain(exc))
            return
        from backtrainer.ui.errors import show_error

        log.error("assessment action failed: %r", exc)
        show_error(self, exc)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error_frame.setVisible(bool(text))
        if text:
            self.error.setFocus(Qt.FocusReason.OtherFocusReason)

    def changed(self, changes: Changes) -> None:
        """Tell other pages (Today) that assessment data changed, without reloading this page."""
        self._own_change = True
        try:
            self.ctx.signals.dataChanged.emit(changes)
        finally:
            self._own_change = False

    def _on_data_changed(self, changes: Changes) -> None:
        if self._own_change:
            return
        super()._on_data_changed(changes)

    # -- loading and navigation ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        if self.ctx.profile_id is None:
            return
        self.call(lambda s: s.snapshot(self.profile_id), self.show_snapshot)

    def reload(self, then: Callable[[Any], None]) -> None:
        def done(snapshot: Any) -> None:
            self.snapshot = snapshot
            then(snapshot)

        self.call(lambda s: s.snapshot(self.profile_id), done)

    def show_snapshot(self, snapshot: Any) -> None:
        self.snapshot = snapshot
        state = snapshot.state
        if snapshot.done and not state.get("step"):
            self.goto("done")
        elif not state.get("step"):
            self.goto("intro")
        else:
            self.goto(str(state["step"]))

    def view(self, step: str) -> StepView:
        if step not in self.views:
            from backtrainer.ui.pages.assessment import views_for

            view = views_for(step)(self)
            self.views[step] = view
            self.stack.addWidget(view)
        return self.views[step]

    def goto(self, step: str, **kwargs: Any) -> None:
        """Show ``step`` (a flow step or an outcome screen) filled from the current snapshot."""
        self.show_error("")
        view = self.view(step)
        self.stack.setCurrentWidget(view)
        in_flow = step in FLOW_STEPS
        self.header.setVisible(in_flow)
        self.footer.setVisible(in_flow)
        self.lock_navigation(step == "emergency")
        if in_flow:
            index = FLOW_STEPS.index(step)
            self.progress.setValue(index)
            self.back_button.setVisible(index > 0)
            self.set_next_text(_(view.NEXT_TEXT))
        view.enter(self.snapshot, **kwargs)
        self.update_progress()
        self.area.verticalScrollBar().setValue(0)
        target = view.first_focus()
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_progress(self) -> None:
        view = self.stack.currentWidget()
        if not isinstance(view, StepView) or view.STEP not in FLOW_STEPS:
            return
        index = FLOW_STEPS.index(view.STEP)
        extra = view.progress_text()
        text = _("Step {number} of {total}: {title}").format(
            number=index + 1, total=len(FLOW_STEPS), title=_(STEP_TITLES[view.STEP]))
        self.step_label.setText(f"{text}  ·  {extra}" if extra else text)
        self.set_next_text(_(view.NEXT_TEXT))

    def set_next_text(self, text: str) -> None:
        self.next_button.setText(text)
        self.next_button.setAccessibleName(text)

    def current_view(self) -> StepView | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, StepView) else None

    def _on_next(self) -> None:
        view = self.current_view()
        if view is not None:
            self.show_error("")
            view.on_next()

    def _on_back(self) -> None:
        view = self.current_view()
        if view is None:
            return
        self.show_error("")
        if view.on_back():
            self.update_progress()
            return
        steps = FLOW_STEPS
        if self.snapshot is not None and self.snapshot.mode == "rescreen":
            steps = ("screening", "bodymap")
        if view.STEP in steps and steps.index(view.STEP) > 0:
            previous = steps[steps.index(view.STEP) - 1]
            self.call(lambda s: s.set_step(self.profile_id, previous),
                      lambda _: self.reload(lambda _snap: self.goto(previous, from_back=True)))

    def after_save(self, next_step: str, changes: Changes = Changes.ASSESSMENT) -> None:
        """A step was saved: tell Today, reload the snapshot and show ``next_step``."""
        self.changed(changes)
        self.reload(lambda _snap: self.goto(next_step))

    def changed_and_reload(self, step: str, **kwargs: Any) -> None:
        """Like :meth:`after_save`, but show an in-between screen (e.g. the CAUTION message) with ``kwargs``."""
        self.changed(Changes.ASSESSMENT)
        self.reload(lambda _snap: self.goto(step, **kwargs))

    def lock_navigation(self, locked: bool) -> None:
        """On the emergency screen nothing else is reachable (ref 8.3): the navigation rail is disabled."""
        if locked == self._locked:
            return
        self._locked = locked
        window = self.window()
        rail = window.findChild(QWidget, "NavRail") if window is not None else None
        if rail is not None:
            rail.setEnabled(not locked)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        view = self.current_view()
        if view is not None and view.STEP == "emergency":
            self.lock_navigation(True)


def _plain(exc: BaseException) -> str:
    from backtrainer.ui.errors import plain_message

    return plain_message(exc)
