"""The non-player screens of a guided session: before, "is this a flare-up?", ratings, pain after, summary with
the decisions for next time, saved, and resume. Layout and input only; the page calls the service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import _
from backtrainer.ui.pages.base import card, headline, label, scroll_column
from backtrainer.ui.pages.session.quick_check import TodaysCheck
from backtrainer.ui.pages.session.stop import SafetyStop
from backtrainer.ui.pages.session.words import dose_text
from backtrainer.ui.widgets.checks import WrapButton
from backtrainer.ui.widgets.pain_scale import PainScale
from backtrainer.ui.widgets.rating import FormChoice, RpeScale, YesNo


def button(text: str, role: str | None = None, *, name: str | None = None, description: str = "",
           wrap: bool = False) -> QPushButton:
    """A session button; ``wrap``: its words go onto two lines when the row is too narrow (200 % text)."""
    b = WrapButton(text) if wrap else QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setAutoDefault(True)
    b.setAccessibleName(name or text)
    if description:
        b.setAccessibleDescription(description)
    b.setMinimumHeight(48)
    return b


class Screen(QWidget):
    """A scrollable, centred column with a heading, a body and an error line."""

    def __init__(self, title: str, parent: QWidget | None = None, *, width: int = 900) -> None:
        super().__init__(parent)
        self.body = scroll_column(self, width, margins=(40, 28), spacing=16)
        self.area = self.scroll_area  # type: ignore[attr-defined]
        self.heading = label(title, "title")
        self.body.addWidget(self.heading)
        self.error = label("", "body")
        self.error.setAccessibleName(_("Please check"))
        self.error.setStyleSheet("QLabel { color: #A3261C; font-weight: 600; }")
        self.error.hide()

    def finish_layout(self, buttons: Sequence[QPushButton], *, left: Sequence[QPushButton] = ()) -> None:
        self.body.addWidget(self.error)
        row = QHBoxLayout()
        for b in left:
            row.addWidget(b)
        row.addStretch(1)
        for b in buttons:
            row.addWidget(b)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def show_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))


def session_list(plan: Any, library: Any) -> list[str]:
    lines = []
    for item in plan.items:
        spec = library.exercise(item.exercise_id)
        lines.append(_("{name}: {dose}").format(name=spec.name, dose=dose_text(item.dose, per_side=spec.per_side)))
    return lines


class BeforeScreen(Screen):
    """Quick red-flag list and pain now (ref 1.4, 6.2). Signals: startRequested()."""

    startRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Before you start"), parent)
        self.kind_line = label("", "subtitle")
        self.body.addWidget(self.kind_line)
        self.plan_line = label("", "muted")
        self.body.addWidget(self.plan_line)
        self.notes = label("", "body")
        self.body.addWidget(self.notes)
        # Today's safety check, when one from earlier today stands (the service decides, ref 1.4 layer 1).
        self.check = TodaysCheck(_("Answer the quick safety check again before you start"))
        self.quick, self.quick_frame, self.checked_frame = self.check.quick, self.check.quick_frame, \
            self.check.checked_frame
        self.changed_button, self.checked_text = self.check.changed_button, self.check.checked_text
        self.body.addWidget(self.check)
        frame2, box2 = card()
        self.pain = PainScale(_("Your back pain right now"), _("No pain"), _("Worst pain you can imagine"))
        box2.addWidget(label(_("Your back pain right now"), "subtitle"))
        box2.addWidget(self.pain)
        self.leg_title = label(_("Your leg pain right now"), "subtitle")
        box2.addWidget(self.leg_title)
        self.leg = PainScale(_("Your leg pain right now"), _("No leg pain"), _("Worst pain you can imagine"))
        box2.addWidget(self.leg)
        self.body.addWidget(frame2)
        self.start_button = button(_("Start the session"), "primary", description=_("Check your answers and begin"))
        self.start_button.setMinimumWidth(220)
        self.start_button.clicked.connect(self.startRequested.emit)
        self.today_button = button(_("Back to Today"))
        self.finish_layout([self.start_button], left=[self.today_button])
        # an error goes once everything it asked for is answered (the walk saw "Please answer the quick safety
        # check first." stay under a check that was answered)
        self.quick.changed.connect(self._clear_answered)
        self.pain.valueChanged.connect(self._clear_answered)
        self.leg.valueChanged.connect(self._clear_answered)

    def _clear_answered(self, *_args: object) -> None:
        if self.error.isVisibleTo(self) and self.missing() is None:
            self.show_error(None)

    def reset(self, *, leg: bool, checked_at: str | None = None) -> None:
        """``checked_at``: the time of today's safety check that stands for this session ("08:10"), if any."""
        self.pain.clear()
        self.leg.clear()
        self.leg_title.setVisible(leg)
        self.leg.setVisible(leg)
        self.show_error(None)
        self.start_button.setEnabled(True)
        self.check.reset(checked_at)

    def asks_quick_check(self) -> bool:
        """Whether this screen asks the quick safety check (else today's earlier one stands)."""
        return self.check.asks()

    def ask_again(self) -> None:
        self.check.ask_again()

    def first_focus(self) -> QWidget:
        return self.quick.first_box() if self.asks_quick_check() else self.pain.button(0)

    def missing(self) -> str | None:
        problem = self.check.missing()
        if problem:
            return problem
        if self.pain.value() is None:
            return _("Please choose a number for your back pain right now.")
        if self.leg.isVisibleTo(self) and self.leg.value() is None:
            return _("Please choose a number for your leg pain right now.")
        return None


class FlareScreen(Screen):
    """ "Is this a flare-up?" with its three answers (ref 6.2). Signals: answered(str FlareAnswer value)."""

    answered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Is this a flare-up?"), parent)
        self.intro = label("")
        self.body.addWidget(self.intro)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, explain in (
            ("YES", _("Yes, this is a flare-up"),
             _("We switch to the short, gentle flare-up session. Flare-ups are common and usually settle.")),
            ("NO_USUAL", _("No, this is my usual pain"), _("You do your normal session, and it counts as usual.")),
            ("NOT_SURE", _("Not sure"),
             _("You do a lighter session (about half). It does not count toward moving on.")),
        ):
            frame, box = card()
            b = button(text, "primary" if key == "NO_USUAL" else None, description=explain)
            b.clicked.connect(lambda _=False, k=key: self.answered.emit(k))
            box.addWidget(b)
            box.addWidget(label(explain, "muted"))
            self.buttons[key] = b
            self.body.addWidget(frame)
        self.back_button = button(_("Back"))
        self.finish_layout([], left=[self.back_button])

    def set_pain(self, pain: int) -> None:
        self.intro.setText(_("You rated your pain {pain} out of 10. Is this a flare-up, a clear worsening beyond "
                             "your usual pain?").format(pain=pain))


class StopScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.heading.hide()
        self.stop = SafetyStop()
        self.body.addWidget(self.stop)
        self.body.addStretch(1)


class RatingsScreen(Screen):
    """After each exercise (ref 6.1): worst pain, effort, form, and the leg questions on the leg-pain pathway.

    Signals: saved(), redoRequested()."""

    saved = Signal()
    redoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("How was it?"), parent)
        self.done_line = label("", "subtitle")
        self.body.addWidget(self.done_line)
        self.too_hard_note = QFrame()
        self.too_hard_note.setProperty("role", "notice")
        note_box = QVBoxLayout(self.too_hard_note)
        note_box.setContentsMargins(16, 12, 16, 12)
        note_box.addWidget(label(_("Thank you for telling us. We stop this one here, and from your next session it "
                                   "will be one step easier. It is fine to go on with the rest of the session.")))
        self.body.addWidget(self.too_hard_note)
        f1, b1 = card()
        b1.addWidget(label(_("Worst pain during this exercise"), "subtitle"))
        self.pain = PainScale(_("Worst pain during this exercise"), _("No pain"), _("Worst pain you can imagine"))
        b1.addWidget(self.pain)
        self.body.addWidget(f1)
        f2, b2 = card()
        b2.addWidget(label(_("How hard was it?"), "subtitle"))
        b2.addWidget(label(_("0 means no effort at all, 10 means the hardest you could ever do."), "muted"))
        self.rpe = RpeScale(_("How hard was it?"))
        b2.addWidget(self.rpe)
        self.body.addWidget(f2)
        f3, b3 = card()
        b3.addWidget(label(_("Did you keep the key points?"), "subtitle"))
        self.cues = label("", "muted")
        b3.addWidget(self.cues)
        self.form = FormChoice(_("Did you keep the key points?"))
        b3.addWidget(self.form)
        self.body.addWidget(f3)
        self.leg_frame, b4 = card()
        b4.addWidget(label(_("Your leg"), "subtitle"))
        b4.addWidget(label(_("Did tingling, numbness or pain go further down your leg?")))
        self.leg_spread = YesNo(_("Did tingling, numbness or pain go further down your leg?"))
        b4.addWidget(self.leg_spread)
        b4.addWidget(label(_("Worst leg pain during this exercise")))
        self.leg_pain = PainScale(_("Worst leg pain during this exercise"), _("No leg pain"),
                                  _("Worst pain you can imagine"))
        b4.addWidget(self.leg_pain)
        self.body.addWidget(self.leg_frame)
        # words that wrap: the two buttons do not fit side by side on a narrow page at 200 % text
        self.save_button = button(_("Save and go on"), "primary", description=_("Save these answers and go on"),
                                  wrap=True)
        self.save_button.setMinimumWidth(200)
        self.save_button.clicked.connect(self.saved.emit)
        self.redo_button = button(_("Back to the exercise"), description=_("Do this exercise again"), wrap=True)
        self.redo_button.clicked.connect(self.redoRequested.emit)
        self.finish_layout([self.save_button], left=[self.redo_button])

    def prepare(self, name: str, cues: Sequence[str], done: int, prescribed: int, *, too_hard: bool, leg: bool,
                previous: Any = None) -> None:
        self.heading.setText(_("How did it go?"))
        self.done_line.setText(_("{name}: you did {done} of {total}.").format(name=name, done=done, total=prescribed)
                               if prescribed else name)
        self.too_hard_note.setVisible(too_hard)
        self.cues.setText("\n".join(f"• {c}" for c in cues))
        self.leg_frame.setVisible(leg)
        self.pain.clear()
        self.rpe.clear()
        self.form.clear()
        self.leg_spread.clear()
        self.leg_pain.clear()
        if previous is not None:
            self.pain.set_value(previous.worst_pain)
            self.rpe.set_rpe(previous.rpe)
            if previous.form:
                self.form.set_value(previous.form)
        self.show_error(None)
        self.area.verticalScrollBar().setValue(0)

    def missing(self) -> str | None:
        if self.pain.value() is None:
            return _("Please choose your worst pain during this exercise.")
        if self.rpe.rpe() is None:
            return _("Please choose how hard it was.")
        if self.form.value() is None:
            return _("Please say whether you kept the key points.")
        if self.leg_frame.isVisibleTo(self):
            if self.leg_spread.value() is None:
                return _("Please say whether your leg symptoms went further down.")
            if self.leg_pain.value() is None:
                return _("Please choose your worst leg pain during this exercise.")
        return None


class AfterScreen(Screen):
    """Pain now, at the end. Signals: done()."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Well done. One last question"), parent)
        self.note = label("", "muted")
        self.body.addWidget(self.note)
        frame, box = card()
        box.addWidget(label(_("Your back pain right now"), "subtitle"))
        self.pain = PainScale(_("Your back pain right now"), _("No pain"), _("Worst pain you can imagine"))
        box.addWidget(self.pain)
        self.body.addWidget(frame)
        self.next_button = button(_("See my summary"), "primary",
                                  description=_("Show what you did and what comes next"))
        self.next_button.setMinimumWidth(200)
        self.next_button.clicked.connect(self.done.emit)
        self.finish_layout([self.next_button])

    def prepare(self, *, stopped: bool) -> None:
        self.heading.setText(_("You stopped early. That is OK") if stopped else _("Well done. One last question"))
        self.note.setText(_('What you did is kept when you press "Save my session" on the next screen.') if stopped else
                          _("You finished today's session."))
        self.pain.clear()
        self.show_error(None)


class SummaryScreen(Screen):
    """What was done, minutes, streak, and the engine's decisions for next time. Signals: saveRequested()."""

    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Your session"), parent)
        self.facts = label("", "subtitle")
        self.facts.setAccessibleName(_("Session facts"))
        self.body.addWidget(self.facts)
        f1, self.done_box = card()
        self.done_box.addWidget(label(_("What you did"), "subtitle"))
        self.done_list = label("")
        self.done_box.addWidget(self.done_list)
        self.body.addWidget(f1)
        self.events = label("", "body")
        self.body.addWidget(self.events)
        f2, box2 = card()
        box2.addWidget(label(_("Next time"), "subtitle"))
        box2.addWidget(label(_("If your back has settled by tomorrow morning, this is what happens next time. Your "
                               "morning check-in confirms it."), "muted"))
        self.decisions = QVBoxLayout()
        self.decisions.setSpacing(10)
        box2.addLayout(self.decisions)
        self.body.addWidget(f2)
        self.save_button = button(_("Save my session"), "primary",
                                  description=_("Save the session and these decisions"))
        self.save_button.setMinimumWidth(220)
        self.save_button.clicked.connect(self.saveRequested.emit)
        self.finish_layout([self.save_button])
        self.decision_texts: list[str] = []

    def fill(self, *, facts: str, done_lines: Sequence[str], decisions: Sequence[tuple[str, str]],
             events: Sequence[str]) -> None:
        self.facts.setText(facts)
        self.done_list.setText("\n".join(f"• {d}" for d in done_lines) or _("Nothing this time."))
        while self.decisions.count():
            item = self.decisions.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.decision_texts = []
        for head, why in decisions:
            self.decisions.addWidget(headline(head, why))
            self.decision_texts.append(f"{head}: {why}" if why else head)
        if not decisions:
            self.decisions.addWidget(label(_("No changes to your exercises."), "muted"))
        self.events.setText("\n".join(events))
        self.events.setVisible(bool(events))
        self.save_button.setEnabled(True)
        self.show_error(None)
        self.area.verticalScrollBar().setValue(0)


class SavedScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Session saved"), parent)
        self.text = label("")
        self.body.addWidget(self.text)
        self.topic_frame, box = card("ok")
        self.topic_title = label("", "subtitle")
        box.addWidget(self.topic_title)
        self.topic_text = label("")
        box.addWidget(self.topic_text)
        self.body.addWidget(self.topic_frame)
        self.today_button = button(_("Back to Today"), "primary")
        self.today_button.setMinimumWidth(200)
        self.finish_layout([self.today_button])


class ResumeScreen(Screen):
    """Signals: resumeRequested(), finishRequested(), discardRequested()."""

    resumeRequested = Signal()
    finishRequested = Signal()
    discardRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("You have an unfinished session"), parent)
        self.text = label("")
        self.body.addWidget(self.text)
        self.resume_button = button(_("Carry on where I stopped"), "primary")
        self.resume_button.clicked.connect(self.resumeRequested.emit)
        self.finish_button = button(_("Finish and save what I did"))
        self.finish_button.clicked.connect(self.finishRequested.emit)
        self.discard_button = button(_("Throw it away"), description=_("Delete the unfinished session without saving"))
        self.discard_button.clicked.connect(self.discardRequested.emit)
        self.today_button = button(_("Back to Today"))
        row = QHBoxLayout()
        for b in (self.resume_button, self.finish_button, self.discard_button):
            row.addWidget(b)
        row.addStretch(1)
        self.body.addLayout(row)
        self.finish_layout([], left=[self.today_button])

    def prepare(self, text: str, *, can_resume: bool) -> None:
        self.text.setText(text)
        self.resume_button.setVisible(can_resume)
        (self.resume_button if can_resume else self.finish_button).setFocus(Qt.FocusReason.OtherFocusReason)
