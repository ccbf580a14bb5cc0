"""Step 3: the red-flag questions of ref 1.2 (one thing per question), a few per screen, Yes / No / Not sure, with the
follow-ups of 1.3. An answer that makes the screen EMERGENCY stops it at once (core.screening.emergency_now)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.pages.assessment.common import ChoiceGroup, StepView, button, emphasise, rich
from backtrainer.ui.pages.base import card, label

# Screens of the question set: questions that belong together stay on one screen.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("RF01", "RF02", "RF03"),
    ("RF04", "RF05"),
    ("RF06", "RF07"),
    ("RF08", "RF09"),
    ("RF10a", "RF10b", "RF10c", "RF10d"),
    ("RF11a", "RF11b"),
    ("RF12a", "RF12b", "RF12c"),
    ("RF13",),
    ("RF14a", "RF14b", "RF14c", "RF14d"),
)


def _answers() -> tuple[tuple[str, str], ...]:
    from backtrainer.content.screening import load_red_flags

    labels = load_red_flags().answers
    return (("YES", labels.YES), ("NO", labels.NO), ("NOT_SURE", labels.NOT_SURE))


class QuestionBlock(QFrame):
    """One question: text, why we ask, the three answers, the "not sure" note and its follow-up.

    Signals:
        answered(): the answer or the follow-up answer changed.
    """

    answered = Signal()

    def __init__(self, qid: str, number: int, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from backtrainer.content.screening import load_red_flags

        content = load_red_flags()
        question = content.question(qid)
        self.qid = qid
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        box.addWidget(label(_("Question {number} of {total}").format(number=number, total=total), "muted"))
        text = rich(emphasise(question.text, question.emphasis))
        text.setAccessibleName(question.text)
        # The keyboard starts on the question, never on an answer (a stray Space must not say "Yes").
        text.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.text = text
        box.addWidget(text)
        self.choice = ChoiceGroup(_answers(), question=question.text)
        self.choice.changed.connect(self._on_changed)
        box.addWidget(self.choice)
        self.why_button = button(_("Why we ask"), "link", name=_("Why we ask question {number}").format(number=number))
        self.why_button.setCheckable(True)
        self.why_text = label(question.why, "muted")
        self.why_text.hide()
        self.why_button.toggled.connect(self.why_text.setVisible)
        box.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.why_text)

        self.not_sure, ns_box = card("notice")
        ns_box.addWidget(label(content.not_sure.title, "subtitle"))
        ns_box.addWidget(label(content.not_sure.text))
        self.not_sure.hide()
        box.addWidget(self.not_sure)

        self.followup_id: str | None = None
        self.followup: ChoiceGroup | None = None
        self.followup_frame: QFrame | None = None
        for fu in content.followups:
            if fu.trigger == qid:
                self.followup_id = fu.id
                frame, fbox = card("notice")
                fbox.addWidget(label(fu.text, "subtitle"))
                fbox.addWidget(label(fu.help, "muted"))
                self.followup = ChoiceGroup(_answers(), question=fu.text)
                self.followup.changed.connect(lambda _v: self.answered.emit())
                fbox.addWidget(self.followup)
                frame.hide()
                self.followup_frame = frame
                box.addWidget(frame)

    def _on_changed(self, value: str) -> None:
        self._show_parts(value)
        self.answered.emit()

    def _show_parts(self, value: str) -> None:
        self.not_sure.setVisible(value == "NOT_SURE")
        if self.followup_frame is not None:
            self.followup_frame.setVisible(value in ("YES", "NOT_SURE"))

    def set_answers(self, answer: str | None, followup: str | None) -> None:
        self.choice.set_value(answer)
        if self.followup is not None:
            self.followup.set_value(followup)
        self._show_parts(answer or "")

    def missing(self) -> bool:
        if self.choice.value() is None:
            return True
        return bool(self.followup is not None and self.followup_frame is not None
                    and not self.followup_frame.isHidden() and self.followup.value() is None)


class ScreeningView(StepView):
    STEP = "screening"
    TITLE = N_("Safety questions")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.intro = label(
            _("These questions check for rare problems that need a doctor first. Please answer each one. "
              '"Not sure" is fine: we count it as a yes, just to be safe.'), "muted")
        self.body.addWidget(self.intro)
        self.blocks: dict[str, QuestionBlock] = {}
        self.pages: list[QWidget] = []
        total = sum(len(g) for g in GROUPS)
        number = 0
        for group in GROUPS:
            page = QWidget()
            page.setAccessibleName(_("Safety questions"))
            col = QVBoxLayout(page)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(16)
            for qid in group:
                number += 1
                block = QuestionBlock(qid, number, total)
                block.answered.connect(lambda: self._check_emergency() and None)
                self.blocks[qid] = block
                col.addWidget(block)
            page.hide()
            self.pages.append(page)
            self.body.addWidget(page)
        self.index = 0

    def progress_text(self) -> str:
        group = GROUPS[self.index]
        first = sum(len(g) for g in GROUPS[: self.index]) + 1
        total = sum(len(g) for g in GROUPS)
        if len(group) == 1:  # not "Questions 19 to 19 of 23"
            return _("Question {number} of {total}").format(number=first, total=total)
        return _("Questions {first} to {last} of {total}").format(first=first, last=first + len(group) - 1,
                                                                  total=total)

    def _show(self, index: int) -> None:
        self.index = index
        for i, page in enumerate(self.pages):
            page.setVisible(i == index)
        self.flow.update_progress()
        self.flow.set_next_text(_("Save answers") if index == len(self.pages) - 1 else _("Next"))
        self.flow.area.verticalScrollBar().setValue(0)
        target = self.first_focus()
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus(self) -> QWidget | None:
        return self.blocks[GROUPS[self.index][0]].text

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        saved = snapshot.screening if snapshot is not None else None
        answers = dict(saved.answers) if saved else {}
        followups = dict(saved.followups) if saved else {}
        for qid, block in self.blocks.items():
            block.set_answers(answers.get(qid), followups.get(block.followup_id) if block.followup_id else None)
        self._show(len(self.pages) - 1 if kwargs.get("from_back") and saved else 0)

    def on_back(self) -> bool:
        if self.index > 0:
            self._show(self.index - 1)
            return True
        return False

    def _answers(self) -> tuple[dict[str, str], dict[str, str]]:
        answers = {qid: str(b.choice.value()) for qid, b in self.blocks.items() if b.choice.value() is not None}
        followups = {
            b.followup_id: str(b.followup.value())
            for b in self.blocks.values()
            if b.followup_id and b.followup is not None and b.followup_frame is not None
            and not b.followup_frame.isHidden() and b.followup.value()
        }
        return answers, followups

    def _check_emergency(self) -> bool:
        """Stop at once when an answer makes the screen EMERGENCY (issue 20 item 1; rules in core.screening).

        "Not sure" on this screen counts when the person leaves it (Next), after the re-check note (ref 1.2).
        """
        return self._stop_if_emergency(recheck=GROUPS[self.index])

    def _stop_if_emergency(self, recheck: tuple[str, ...] = ()) -> bool:
        from backtrainer.core.screening import Answer, emergency_now

        answers, followups = self._answers()
        if not emergency_now(answers, {k: Answer(v) for k, v in followups.items()}, recheck=recheck):
            return False
        self.flow.call(lambda s: s.stop_screening(self.flow.profile_id, answers, followups),
                       lambda outcome: self._saved(outcome) if outcome is not None else None)
        return True

    def on_next(self) -> None:
        from backtrainer.ui.pages.assessment.common import Problem

        missing = [self.blocks[qid] for qid in GROUPS[self.index] if self.blocks[qid].missing()]
        if missing:
            problems = []
            for block in missing:
                if block.choice.value() is None:
                    problems.append(Problem(block.choice, _("Please answer this question (Yes, No or Not sure).")))
                elif block.followup is not None:
                    problems.append(Problem(block.followup, _("Please answer this question too.")))
            self.flow.show_problems(problems)
            return
        if self._stop_if_emergency():  # a "Not sure" kept after the re-check note
            return
        if self.index < len(self.pages) - 1:
            self._show(self.index + 1)
            return
        answers, followups = self._answers()
        self.flow.call(lambda s: s.save_screening(self.flow.profile_id, answers, followups), self._saved)

    def _saved(self, outcome: Any) -> None:
        if outcome.tier == "CAUTION" and outcome.next_step not in ("emergency", "paused", "not_eligible"):
            self.flow.changed_and_reload("caution", outcome=outcome, source="screening")
        else:
            self.flow.after_save(outcome.next_step)
