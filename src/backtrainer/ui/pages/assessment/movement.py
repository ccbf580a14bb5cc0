"""Step 6: the movement checks of ref 4 and the comfortable walk of 5.7, one test per screen.

Each screen shows the steps, a video of the test (or a still note when no video can play), the safety box and stop
rules, "pain right now", a big timer (a counted mode for sit-to-stand), "I need to stop", "I couldn't do this safely"
and the questions after the test. What the screen gathered goes to the service, which builds core's result record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _, ngettext
from backtrainer.ui.pages.assessment.common import (
    ChoiceGroup,
    Problem,
    StepView,
    bullet_list,
    button,
    change_signals,
    section,
    yes_no,
)
from backtrainer.ui.pages.base import card, label
from backtrainer.ui.widgets.number_entry import NumberEntry, with_unit
from backtrainer.ui.widgets.pain_scale import PainScale
from backtrainer.ui.widgets.timer import BigTimer, format_seconds

# (side, what) -> the row label of a trial-time row ("what" is "leg" for single-leg stance, else "side")
SIDE_WORDS: dict[tuple[str, str], str] = {
    ("right", "leg"): N_("Right leg"),
    ("left", "leg"): N_("Left leg"),
    ("right", "side"): N_("Right side"),
    ("left", "side"): N_("Left side"),
}
STOP_CHOICES: tuple[tuple[str, str], ...] = (
    ("pain", N_("My pain went above 5 out of 10")),
    ("pain_rise", N_("My pain went up by more than 2 points")),
    ("leg_spread", N_("Pain, tingling or numbness spread down my leg")),
    ("dizzy", N_("I felt dizzy")),
    ("short_of_breath", N_("I felt short of breath")),
    ("chest_discomfort", N_("I had chest discomfort")),
    ("unsafe", N_("I did not feel safe")),
)
EXTRA_STOPS: dict[str, tuple[str, str]] = {
    "MT-SIDEBRIDGE": ("shoulder_pain", N_("My shoulder hurt")),
    "MT-ASLR": ("sharp_pain", N_("I felt sharp pain")),
    "MT-BRIDGE": ("cramp", N_("I got a cramp")),
}
STOP_MESSAGE = {
    "leg_spread": "STOP-LEG-SPREAD", "dizzy": "STOP-DIZZY",
    "short_of_breath": "STOP-BREATH", "chest_discomfort": "STOP-CHEST", "unsafe": "STOP-UNSAFE",
    "shoulder_pain": "STOP-SHOULDER", "sharp_pain": "STOP-SHARP-PAIN",
}
TIMED_MODES = ("stopwatch", "countdown_max", "counted")


def video_widget(test_id: str, title: str, clinic_dir: Any = None) -> QWidget:
    """The looping video of the test (assets/videos/<TEST-ID>.webm, or a clinic's own file) when it can play; else a
    calm note that the steps below say the same."""
    source = None
    try:
        from backtrainer.paths import videos_dir
        from backtrainer.services.videos import VideoCatalog

        source = VideoCatalog(videos_dir(), clinic_dir=clinic_dir).resolve(test_id)
    except Exception:  # a broken manifest must not block the test screen
        source = None
    if source is not None and source.path is not None:
        from backtrainer.ui.widgets.video_player import VideoPlayer

        player = VideoPlayer(autoplay=False, title=_("Video: {title}").format(title=title))
        player.setMinimumHeight(240)
        player.set_loops(True)
        player.set_muted(True)
        player.set_source(source.path, source.poster)
        return player
    frame, box = card("notice")
    frame.setAccessibleName(_("Video not available"))
    note = label(_("The video for this test is not available on this computer. Follow the steps below."), "muted")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    box.addWidget(note)
    frame.setMinimumHeight(90)
    return frame


class _Question(QWidget):
    """One "question after" of movement_tests.toml, as the right widget for its kind.

    Signals:
        changed(): the person answered or changed the answer (clears a "Please answer" under it: the message is
            tied to this widget, not to one button of the scale, so any choice clears it).
    """

    changed = Signal()

    def __init__(self, spec: Any, rating_scale: list[str]) -> None:
        super().__init__()
        self.spec = spec
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        title = label(spec.text, "subtitle")
        box.addWidget(title)
        self.widget: Any
        unit = ""
        kind = spec.kind
        if kind == "yes_no":
            self.widget = ChoiceGroup(yes_no(), question=spec.text)
        elif kind == "nprs":
            self.widget = PainScale(spec.text)
        elif kind == "rating_0_10":
            self.widget = PainScale(spec.text, _("Not at all"), _("Very much"))
        elif kind == "rating_0_5":
            words = rating_scale or [str(i) for i in range(6)]
            self.widget = ChoiceGroup(tuple((str(i), w) for i, w in enumerate(words[:6])), question=spec.text,
                                      vertical=True)
        elif kind == "choice":
            self.widget = ChoiceGroup(tuple((c.key, c.label) for c in spec.choices), question=spec.text,
                                      vertical=True)
        else:  # number: empty until typed, so no default is ever taken for a result (issue 20 item 5)
            if spec.key == "contacts_lost_reps":
                self.widget = NumberEntry(minimum=1, maximum=4, placeholder=_("1 to 4"))
            else:
                self.widget = NumberEntry(minimum=0, maximum=150, placeholder=_("Type a number"))
                unit = _("cm")
            self.widget.setAccessibleName(spec.text)
            self.widget.setMaximumWidth(200)
            title.setBuddy(self.widget)
        if isinstance(self.widget, NumberEntry) and unit:
            box.addWidget(with_unit(self.widget, unit))
        else:
            box.addWidget(self.widget)
        for signal in change_signals(self.widget):
            signal.connect(lambda *_a: self.changed.emit())

    def focus_target(self) -> QWidget:
        if isinstance(self.widget, ChoiceGroup):
            return next(iter(self.widget.buttons.values()))
        if isinstance(self.widget, PainScale):
            return self.widget.button(0)
        assert isinstance(self.widget, QWidget)
        return self.widget

    def value(self) -> Any:
        w = self.widget
        kind = self.spec.kind
        if kind == "yes_no":
            return None if w.value() is None else w.value() == "YES"
        if kind in ("nprs", "rating_0_10"):
            return w.value()
        if kind == "rating_0_5":
            return None if w.value() is None else int(w.value())
        if kind == "choice":
            return w.value()
        number = w.value()
        if number is None:
            return None
        return int(number) if self.spec.key == "contacts_lost_reps" else float(number)

    def set_value(self, value: Any) -> None:
        w = self.widget
        kind = self.spec.kind
        if kind == "yes_no":
            w.set_value(None if value is None else ("YES" if value else "NO"))
        elif kind in ("nprs", "rating_0_10"):
            w.set_value(None if value is None else int(value))
        elif kind in ("rating_0_5", "choice"):
            w.set_value(None if value is None else str(value))
        else:
            w.setValue(value)


class SideTimes(QWidget):
    """Trial times per side (single-leg stance: 3 per leg; side bridge: 1 per side), typed or filled by the timer.

    The boxes show the seconds the timer filled in, and typing replaces them (issue 20 item 2).

    Signals:
        changed(): a time was typed or filled in.
    """

    changed = Signal()

    def __init__(self, sides: list[str], trials: int, max_s: float | None, what: str) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.boxes: dict[str, list[NumberEntry]] = {}
        for col in range(trials):
            head = (_("Try {number}, seconds").format(number=col + 1) if trials > 1 else _("Time, seconds"))
            grid.addWidget(label(head, "muted"), 0, col + 1)
        for row, side in enumerate(sides, start=1):
            row_label = _(SIDE_WORDS[(side, what)])
            grid.addWidget(label(row_label, "subtitle"), row, 0)
            self.boxes[side] = []
            for col in range(trials):
                spin = NumberEntry(minimum=0.0, maximum=float(max_s or 600), decimals=1, seconds=True,
                                   placeholder=_("not yet"))
                slot = _("{row}, try {number}").format(row=row_label, number=col + 1)
                spin.setProperty("slot_name", slot)
                spin.setAccessibleName(_("{slot}, seconds").format(slot=slot))
                spin.setMinimumWidth(130)
                spin.valueChanged.connect(lambda _v: self.changed.emit())
                grid.addWidget(spin, row, col + 1)
                self.boxes[side].append(spin)
        grid.setColumnStretch(trials + 1, 1)

    def next_slot(self) -> NumberEntry | None:
        for side_boxes in self.boxes.values():
            for spin in side_boxes:
                if not spin.value():
                    return spin
        return None

    def slot_name(self) -> str:
        slot = self.next_slot()
        return "" if slot is None else str(slot.property("slot_name"))

    def values(self) -> dict[str, list[float]]:
        return {side: [float(v) for s in boxes if (v := s.value())] for side, boxes in self.boxes.items()}

    def set_values(self, values: Any) -> None:
        values = values or {}
        for side, boxes in self.boxes.items():
            saved = list(values.get(side, ()))
            for i, spin in enumerate(boxes):
                spin.setValue(float(saved[i]) if i < len(saved) else None)


class TestPage(QWidget):
    """One movement test screen."""

    __test__ = False

    def __init__(self, content: Any, common: Any, clinic_dir: Any = None) -> None:
        super().__init__()
        self.content = content
        self.test_id: str = content.id
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        box.addWidget(label(content.measures, "muted"))
        self.video = video_widget(content.video_id, content.title, clinic_dir)
        box.addWidget(self.video)

        frame, inner = card()
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(label(_("How to do it"), "subtitle"))
        left.addWidget(bullet_list(content.steps, numbered=True))
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(label(_("You need"), "subtitle"))
        right.addWidget(bullet_list(content.equipment))
        right.addStretch(1)
        columns.addLayout(right, 2)
        inner.addLayout(columns)
        box.addWidget(frame)

        safety, sbox = section(_("Stay safe"), role="notice")
        # each rule once, even when a test repeats a common one (issue 20 item 16)
        sbox.addWidget(bullet_list(list(dict.fromkeys([*content.safety, *common.stop_rules, *content.stop_rules]))))
        if content.skip_if:
            # the content's sentence already starts "Skip this test if" (it read "Skip this test if: Skip this test if")
            sbox.addWidget(label(content.skip_if, "muted"))
        box.addWidget(safety)

        pain, pbox = section(_("Before you start"))
        self.pain_before = PainScale(_("How much pain do you have right now?"))
        pbox.addWidget(label(_("How much pain do you have right now?")))
        pbox.addWidget(self.pain_before)
        box.addWidget(pain)

        self.timer: BigTimer | None = None
        self.sides: SideTimes | None = None
        mode = content.timer.mode
        if mode in TIMED_MODES:
            tframe, tbox = section(_("Timer"))
            self.timer = BigTimer(mode, max_s=content.timer.max_s, count=content.timer.count, label=content.title,
                                  minutes=content.timer.unit == "min")
            tbox.addWidget(self.timer)
            if content.sides:
                what = "leg" if self.test_id == "MT-SLS" else "side"
                self.sides = SideTimes(content.sides, content.trials, content.timer.max_s, what)
                self.timer.set_manual_visible(False)
                self.slot_hint = label("", "muted")
                tbox.addWidget(self.slot_hint)
                tbox.addWidget(self.sides)
                self.timer.stopped.connect(self._fill_slot)
                self.timer.started.connect(self._update_hint)
                self.sides.changed.connect(self._update_hint)
                self._update_hint()
            tframe.setAccessibleName(_("Timer"))
            box.addWidget(tframe)
            self.timer_frame = tframe

        row = QHBoxLayout()
        self.stop_button = button(_("I need to stop"), "danger", description=_("Stop the test and tell us why"))
        self.stop_button.setCheckable(True)
        self.stop_button.toggled.connect(self._on_stop_toggled)
        self.unsafe_button = button(_("I couldn't do this safely"),
                                    description=_("Skip this test. That is a valid answer; we start gently."))
        self.unsafe_button.setCheckable(True)
        self.unsafe_button.toggled.connect(self._on_unsafe_toggled)
        row.addWidget(self.stop_button)
        row.addWidget(self.unsafe_button)
        row.addStretch(1)
        box.addLayout(row)

        self.stop_frame, stop_box = section(_("Why did you stop?"), role="notice")
        choices = list(STOP_CHOICES)
        if self.test_id in EXTRA_STOPS:
            choices.append(EXTRA_STOPS[self.test_id])
        self.stop_reason = ChoiceGroup(tuple((key, _(text)) for key, text in choices), question=_("Why did you stop?"),
                                       vertical=True)
        self.stop_reason.changed.connect(self._on_stop_reason)
        stop_box.addWidget(self.stop_reason)
        self.stop_message = label(common.stopped_note)
        stop_box.addWidget(self.stop_message)
        self._stopped_note = common.stopped_note
        self.stop_frame.hide()
        box.addWidget(self.stop_frame)

        self.unsafe_note, ubox = section("", role="ok")
        ubox.addWidget(label(_("That is fine. Not doing a test is a safe answer. We will start this part of your "
                               "plan gently. Please still tell us how much pain you have now.")))
        self.unsafe_note.hide()
        box.addWidget(self.unsafe_note)

        self.after_frame, abox = section(_("After the test"))
        self.questions: dict[str, _Question] = {}
        scale = list(content.timer.scale)
        for spec in content.questions_after:
            q = _Question(spec, scale)
            self.questions[spec.key] = q
            abox.addWidget(q)
            if isinstance(q.widget, ChoiceGroup):
                q.widget.changed.connect(self._update_when)
        box.addWidget(self.after_frame)
        if self.test_id in ("MT-BRIDGE", "MT-SIDEBRIDGE"):
            box.addWidget(label(_("Rest for at least 1 minute before the next hold."), "muted"))
        self._update_when()

    # -- behaviour ---------------------------------------------------------------------------------------------------
    def _update_hint(self) -> None:
        if self.sides is not None:
            name = self.sides.slot_name()
            self.slot_hint.setText(_("Next: {slot}. The timer fills it in when you press Stop.").format(slot=name)
                                   if name else _("All tries are filled in. You can change any time below."))

    def _fill_slot(self, seconds: float) -> None:
        if self.sides is None or self.timer is None:
            return
        slot = self.sides.next_slot()
        if slot is not None:
            slot.setValue(seconds)
        self.timer.reset()
        self._update_hint()

    def _on_stop_toggled(self, on: bool) -> None:
        if on and self.timer is not None and (self.timer.running or self.timer.counting_down):
            self.timer.stop()
        self.stop_frame.setVisible(on)
        if not on:
            self.stop_reason.set_value(None)
        else:
            next(iter(self.stop_reason.buttons.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_stop_reason(self, key: str) -> None:
        from backtrainer.content.education import load_assessment_messages

        code = STOP_MESSAGE.get(key)
        messages = load_assessment_messages().messages
        text = messages.get(code, "") if code else ""
        if "{" in text:
            text = ""
        self.stop_message.setText(" ".join(t for t in (text, self._stopped_note) if t))

    def _on_unsafe_toggled(self, on: bool) -> None:
        self.unsafe_note.setVisible(on)
        if self.timer is not None:
            self.timer_frame.setVisible(not on)
        self.stop_button.setVisible(not on)
        if on:
            self.stop_button.setChecked(False)
        self._update_when()

    def _update_when(self, *_: Any) -> None:
        unsafe = self.unsafe_button.isChecked()
        for key, q in self.questions.items():
            visible = True
            when = q.spec.when
            if when:
                other, _sep, wanted = when.partition("=")
                dep = self.questions.get(other)
                visible = dep is not None and dep.widget.value() == wanted
            if unsafe:
                visible = q.spec.kind == "nprs" and key in ("pain_after", "pain_during")
            q.setVisible(visible)

    # -- data ----------------------------------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        """What is still missing, each shown under its own question (issue 20 item 8)."""
        out: list[Problem] = []
        if self.pain_before.value() is None:
            out.append(Problem(self.pain_before, _("Please tell us your pain before the test.")))
        unsafe = self.unsafe_button.isChecked()
        stopped = self.stop_button.isChecked()
        if stopped and self.stop_reason.value() is None:
            out.append(Problem(self.stop_reason, _("Please tell us why you stopped.")))
        if not unsafe and not stopped and self.timer is not None:
            if self.sides is not None:
                values = self.sides.values()
                if any(not v for v in values.values()):
                    out.append(Problem(self.sides, _("Please give a time for each side."),
                                       self.sides.next_slot()))
            elif self.timer.running or self.timer.counting_down:
                out.append(Problem(self.timer, _("Please press Stop first."), self.timer.start_button))
            elif self.timer.seconds() is None:
                out.append(Problem(self.timer, _("Please tell us your time: use the timer or type it."),
                                   self.timer.start_button))
        for q in self.questions.values():
            if q.isHidden():
                continue
            if q.value() is None:
                wrong = isinstance(q.widget, NumberEntry) and q.widget.out_of_range()
                text = (_("Please type a number from {low} to {high}.").format(
                    low=int(q.widget.minimum), high=int(q.widget.maximum)) if wrong
                    else _("Please answer this question."))
                out.append(Problem(q, text, q.focus_target()))
        return out

    def answers(self) -> Any:
        from backtrainer.services.assessment import MovementAnswers

        unsafe = self.unsafe_button.isChecked()
        values = {k: q.value() for k, q in self.questions.items() if not q.isHidden()}
        timer_s = None
        if self.timer is not None and self.sides is None:
            timer_s = self.timer.seconds() or (0.0 if self.stop_button.isChecked() else None)
        return MovementAnswers(
            test_id=self.test_id,
            pain_before=self.pain_before.value(),
            timer_s=timer_s,
            side_s=self.sides.values() if self.sides is not None else {},
            answers=values,
            stopped_reason=self.stop_reason.value() if self.stop_button.isChecked() else None,
            could_not_do_safely=unsafe,
        )

    def load(self, row: Any) -> None:
        if self.timer is not None:
            self.timer.reset()
        self.unsafe_button.setChecked(False)
        self.stop_button.setChecked(False)
        if row is None:
            self.pain_before.set_value(None)
            for q in self.questions.values():
                q.set_value(None)
            if self.sides is not None:
                self.sides.set_values({})
            self._update_when()
            self._update_hint()
            return
        data = dict(row.data)
        self.pain_before.set_value(row.pain_before)
        for key, q in self.questions.items():
            q.set_value(row.pain_after if key == "pain_after" else data.get(key))
        if self.sides is not None:
            self.sides.set_values(data.get("side_s"))
        elif self.timer is not None and data.get("timer_s"):
            self.timer.set_seconds(float(data["timer_s"]))
        if row.stopped_reason:
            self.stop_button.setChecked(True)
            self.stop_reason.set_value(row.stopped_reason if row.stopped_reason in self.stop_reason.buttons else None)
        self.unsafe_button.setChecked(bool(row.could_not_do))
        self._update_when()
        self._update_hint()

    def show_rule_stop(self, row: Any, stop: Any) -> None:
        """The service stopped this test by the universal stop rule (ref 4.0 [PD]): show it as stopped, saying why."""
        from backtrainer.content.education import load_assessment_messages

        self.load(row)
        text = load_assessment_messages().messages.get(stop.reasons[0], "").format(**stop.params)
        self.stop_message.setText(" ".join(t for t in (text, self._stopped_note) if t))

    def focus_target(self) -> QWidget:
        return self.pain_before.button(0)


class MovementView(StepView):
    STEP = "movement"
    TITLE = N_("Movement checks")
    NEXT_TEXT = N_("Save and go on")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.education import load_movement_tests
        from backtrainer.services.assessment import MOVEMENT_ORDER

        content = load_movement_tests()
        common = content.common
        self.intro_page, ibox = section(_("Before the checks"))
        ibox.addWidget(label(common.intro))
        ibox.addWidget(label(common.before_each, "muted"))
        ibox.addWidget(label(_("Stop a test at once if:"), "subtitle"))
        ibox.addWidget(bullet_list(common.stop_rules))
        ibox.addWidget(label(common.stopped_note, "muted"))
        self.body.addWidget(self.intro_page)
        self.pages: list[TestPage] = []
        for test_id in MOVEMENT_ORDER:
            page = TestPage(content.test(str(test_id)), common, flow.ctx.paths.clinic_videos)
            page.hide()
            self.pages.append(page)
            self.body.addWidget(page)
        self.index = -1  # -1 = the intro card
        self._rule_stopped: tuple[int, Any] | None = None  # (page, its answers) as shown after a rule stop

    def progress_text(self) -> str:
        if self.index < 0:
            return ngettext("{count} short check", "{count} short checks", len(self.pages)).format(
                count=len(self.pages))
        return _("Check {number} of {total}: {title}").format(number=self.index + 1, total=len(self.pages),
                                                              title=self.pages[self.index].content.title)

    def _show(self, index: int) -> None:
        self.index = max(-1, min(index, len(self.pages) - 1))
        self.intro_page.setVisible(self.index < 0)
        for i, page in enumerate(self.pages):
            page.setVisible(i == self.index)
            video = page.video
            if hasattr(video, "play"):  # only the test on screen plays its loop
                video.play() if i == self.index else video.pause()  # type: ignore[attr-defined]
        if self.index < 0:
            self.set_heading(_("Movement checks"))
            self.flow.set_next_text(_("Start the checks"))
        else:
            self.set_heading(self.pages[self.index].content.title)
            self.flow.set_next_text(_("Save and go on"))
        self.flow.update_progress()
        if self.index < 0:
            self.flow.set_next_text(_("Start the checks"))
        self.flow.area.verticalScrollBar().setValue(0)
        target = self.first_focus()
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus(self) -> QWidget | None:
        return self.flow.next_button if self.index < 0 else self.pages[self.index].focus_target()

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        saved = snapshot.movement if snapshot is not None else {}
        for page in self.pages:
            page.load(saved.get(page.test_id))
        if kwargs.get("from_back"):
            self._show(len(self.pages) - 1)
        elif not saved:
            self._show(-1)
        else:
            self._show(next((i for i, p in enumerate(self.pages) if p.test_id not in saved), len(self.pages) - 1))

    def on_back(self) -> bool:
        if self.index >= 0:
            self._show(self.index - 1)
            return True
        return False

    def on_next(self) -> None:
        if self.index < 0:
            self._show(0)
            return
        page = self.pages[self.index]
        problems = page.problems()
        if problems:
            self.flow.show_problems(problems)
            return
        answers = page.answers()
        if self._rule_stopped == (self.index, answers):  # already saved as stopped, and read: go on
            self._go_on()
            return
        self.flow.call(lambda s: s.save_movement_test(self.flow.profile_id, answers), self._saved)

    def _saved(self, saved: Any) -> None:
        from backtrainer.ui.context import Changes

        self.flow.changed(Changes.ASSESSMENT)
        if saved.stop is not None:  # ref 4.0 universal stop rule: the test was stopped for them; say so here
            page = self.pages[self.index]
            page.show_rule_stop(saved.row, saved.stop)
            self._rule_stopped = (self.index, page.answers())
            self.flow.set_next_text(_("Go on"))
            self.flow.area.ensureWidgetVisible(page.stop_frame)
            page.stop_reason.buttons[saved.row.stopped_reason].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._go_on()

    def _go_on(self) -> None:
        self._rule_stopped = None
        if self.index < len(self.pages) - 1:
            self._show(self.index + 1)
        else:
            self.flow.after_save("plan")


__all__ = ["MovementView", "TestPage", "format_seconds"]
