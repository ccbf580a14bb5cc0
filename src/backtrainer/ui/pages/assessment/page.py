"""The assessment flow page: a header with progress, one step view at a time, and Back / Next.

Slots gather answers and call :class:`backtrainer.services.assessment.AssessmentService` through the task runner;
the service applies the rules and says which step comes next. The page only shows that step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.assessment.common import Problem, StepView, button, change_signals, focus_target
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
        self.area = self.scroll_area

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

        self.stack = _CurrentStack()
        layout.addWidget(self.stack)

        self.error_frame, error_box = card("danger")
        self.error = label("")
        self.error.setAccessibleName(_("Problem"))
        self.error.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        error_box.addWidget(self.error)
        self.error_frame.hide()
        layout.addWidget(self.error_frame)
        layout.addStretch(1)
        self._field_errors: list[tuple[QWidget, QWidget, list[Any]]] = []  # (message, marked field, connections)
        self._busy = False

        # Back / Next sit in a bar under the scrolling column, so they are always on screen (issue 20 item 7).
        self.footer = QFrame()
        self.footer.setObjectName("WizardBar")
        self.footer.setProperty("role", "card")
        bar = QHBoxLayout(self.footer)
        bar.setContentsMargins(40, 10, 40, 10)
        inner = QWidget()
        inner.setMaximumWidth(900)
        foot = QHBoxLayout(inner)
        foot.setContentsMargins(0, 0, 0, 0)
        self.back_button = button(_("Back"), name=_("Back"),
                                  description=_("Go to the previous screen. Your answers are kept."))
        self.back_button.clicked.connect(self._on_back)
        foot.addWidget(self.back_button)
        foot.addStretch(1)
        self.next_button = button(_("Next"), "primary", name=_("Next"))
        self.next_button.setMinimumWidth(160)
        self.next_button.clicked.connect(self._on_next)
        foot.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(inner, 100)
        bar.addStretch(1)
        outer = self.layout()
        assert outer is not None
        outer.addWidget(self.footer)

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
        # Busy, not disabled: disabling the focused Next button would throw the focus to "Switch person".
        self._busy = True

        def done(value: Any) -> None:
            self._busy = False
            on_done(value)

        self.ctx.runner.run(lambda: work(self.service()), done, self._on_error)

    @property
    def profile_id(self) -> int:
        assert self.ctx.profile_id is not None
        return self.ctx.profile_id

    def _on_error(self, exc: BaseException) -> None:
        from backtrainer.services.validation import InputError

        self._busy = False
        if isinstance(exc, (InputError, ValueError)):
            self.show_error(str(exc) if isinstance(exc, InputError) else _plain(exc))
            return
        from backtrainer.ui.errors import show_error

        log.error("assessment action failed: %r", exc)
        show_error(self, exc)

    def show_error(self, text: str) -> None:
        """A problem that belongs to no single question (a save that failed); "" hides it."""
        self.clear_problems()
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error_frame.setVisible(bool(text))
        if text:
            self.area.ensureWidgetVisible(self.error_frame)
            self.error.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problems(self, problems: list[Problem]) -> None:
        """Each message right under its question, the field marked; the page scrolls to the first one and focuses
        it. A message goes away as soon as its question is answered (issue 20 item 8, issue 16)."""
        self.show_error("")
        for problem in problems:
            message = _error_label(problem.text)
            _insert_after(problem.anchor, message)
            field = problem.focus or problem.anchor
            _mark(field, True)
            connections: list[Any] = []
            for widget in {problem.anchor, field}:
                for signal in change_signals(widget):
                    connections.append(signal.connect(lambda *_a, m=message: self._drop_problem(m)))
            self._field_errors.append((message, field, connections))
        if problems:
            first = problems[0]
            self.area.ensureWidgetVisible(first.anchor, 50, 50)
            message = self._field_errors[0][0]
            # once the new message is laid out, show it too (the question stays on screen above it)
            QTimer.singleShot(0, self, lambda: self._reveal(message))
            focus_target(first.focus or first.anchor).setFocus(Qt.FocusReason.OtherFocusReason)

    def _reveal(self, message: QWidget) -> None:
        from shiboken6 import isValid

        if isValid(message) and not message.isHidden():
            self.area.ensureWidgetVisible(message, 50, 50)

    def problem_texts(self) -> list[str]:
        """The messages on screen now (for tests and screen readers)."""
        shown = [m.findChild(QLabel) for m, _f, _c in self._field_errors if not m.isHidden()]
        return [text.text() for text in shown if text is not None]

    def _drop_problem(self, message: QWidget) -> None:
        for entry in list(self._field_errors):
            if entry[0] is message:
                self._remove_problem(entry)

    def _remove_problem(self, entry: tuple[QWidget, QWidget, list[Any]]) -> None:
        message, field, connections = entry
        self._field_errors.remove(entry)
        for connection in connections:
            QObject.disconnect(connection)
        _mark(field, False)
        message.hide()
        message.deleteLater()

    def clear_problems(self) -> None:
        for entry in list(self._field_errors):
            self._remove_problem(entry)

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
        target = view.first_focus() or view.heading
        if self.isVisible():
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
        self.order_footer()

    def order_footer(self) -> None:
        """Tab goes through the questions of the step first, then Back and Next (issue 20 item 8)."""
        view = self.stack.currentWidget()
        if view is None:
            return
        last: QWidget | None = None
        widget: QWidget | None = view.nextInFocusChain()
        for _step in range(4000):
            if widget is None or widget is view:
                break
            if view.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = widget
            widget = widget.nextInFocusChain()
        if last is not None:
            QWidget.setTabOrder(last, self.back_button)
            QWidget.setTabOrder(self.back_button, self.next_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses Next from any field that does not use Enter itself (issue 20 item 8)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.footer.isVisible() \
                and self.next_button.isVisible() and self.next_button.isEnabled():
            focus = QApplication.focusWidget()
            if not isinstance(focus, QAbstractButton):
                self._on_next()
                event.accept()
                return
        super().keyPressEvent(event)

    def set_next_text(self, text: str) -> None:
        self.next_button.setText(text)
        self.next_button.setAccessibleName(text)

    def current_view(self) -> StepView | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, StepView) else None

    def _on_next(self) -> None:
        view = self.current_view()
        if view is not None and not self._busy:
            self.show_error("")
            view.on_next()

    def _on_back(self) -> None:
        view = self.current_view()
        if view is None or self._busy:
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
        """On the emergency screen nothing else is reachable (ref 8.3): the rail's pages are switched off and the
        window shows no other page (MainWindow.show_page); "Switch person" stays."""
        if locked == self._locked:
            return
        self._locked = locked
        rail = getattr(self.window(), "rail", None)  # the MainWindow's NavRail (none when the page stands alone)
        if rail is not None:
            rail.set_locked(locked)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        view = self.current_view()
        if view is not None and view.STEP == "emergency":
            self.lock_navigation(True)


class _CurrentStack(QWidget):
    """One step on screen at a time, and only as tall as that step.

    Not a QStackedWidget: that one is as tall as its tallest page (its layout's height-for-width is the maximum over
    all pages), which left ~1000 px of blank space above Back / Next on the short steps (issue 20 item 7). Here the
    other steps are hidden, and hidden widgets take no room in a box layout.
    """

    def __init__(self) -> None:
        super().__init__()
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, widget: QWidget) -> None:
        self._box.addWidget(widget)
        widget.setVisible(widget is self._current or (self._current is None and self._box.count() == 1))
        if self._current is None:
            self._current = widget

    def setCurrentWidget(self, widget: QWidget) -> None:
        for i in range(self._box.count()):
            entry = self._box.itemAt(i)
            item = entry.widget() if entry is not None else None
            if item is not None and item is not widget:
                item.hide()
        widget.show()
        self._current = widget

    def currentWidget(self) -> QWidget | None:
        return self._current


def _error_label(text: str) -> QWidget:
    frame, box = card("danger")
    message = label("⚠  " + text)
    message.setAccessibleName(_("Problem"))
    message.setAccessibleDescription(text)
    box.setContentsMargins(12, 8, 12, 8)
    box.addWidget(message)
    frame.setAccessibleName(text)
    return frame


def _find_layout(layout: QLayout, widget: QWidget) -> QBoxLayout | None:
    """The box layout that holds ``widget`` directly, searched through nested layouts."""
    if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        entry = layout.itemAt(i)
        child = entry.layout() if entry is not None else None
        if child is not None:
            found = _find_layout(child, widget)
            if found is not None:
                return found
    return None


def _insert_after(anchor: QWidget, message: QWidget) -> None:
    parent = anchor.parentWidget()
    layout = parent.layout() if parent is not None else None
    box = _find_layout(layout, anchor) if layout is not None else None
    if box is None:
        raise ValueError(f"{anchor!r} is not in a box layout; give the problem an anchor that is")
    box.insertWidget(box.indexOf(anchor) + 1, message)
    message.show()


def _mark(field: QWidget, on: bool) -> None:
    """A red frame round a text or number field with a problem (answer groups get the message under them)."""
    for kind in (QLineEdit, QAbstractSpinBox, QComboBox):
        if isinstance(field, kind):
            field.setProperty("invalid", on)
            # a type selector: the red frame stays on the field, not on a drop-down's open list
            field.setStyleSheet(f"{kind.__name__} {{ border: 2px solid #C0392B; }}" if on else "")
            return


def _plain(exc: BaseException) -> str:
    from backtrainer.ui.errors import plain_message

    return plain_message(exc)
