"""The quick red-flag tick list (ref 1.4 layer 1), shared by the morning check-in and the before-session screen.

"None of these" starts unticked and must be chosen actively; it clears the other ticks and they clear it. A ticked
fall asks its follow-up questions in place. The widget only collects ticks: ``core.screening.quick_check`` (through
the training service) decides the tier.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QVBoxLayout, QWidget

from backtrainer.i18n import _
from backtrainer.ui.pages.base import card, label
from backtrainer.ui.widgets.checks import WrapCheck
from backtrainer.ui.widgets.rating import ChoiceRow, YesNo


class QuickCheckList(QWidget):
    """Signals: changed(): any tick or follow-up answer changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from backtrainer.content.screening import load_red_flags

        content = load_red_flags().quick_check
        self.setAccessibleName(content.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = label(content.title, "subtitle")
        layout.addWidget(self.title)
        self.prompt = label(content.prompt, "muted")
        layout.addWidget(self.prompt)
        self.boxes: dict[str, QCheckBox] = {}
        for item in content.items:
            row = WrapCheck(item.text)  # long symptoms wrap at large text sizes instead of widening the page
            row.setMinimumHeight(40)
            box = row.box
            box.toggled.connect(lambda on, key=item.id: self._on_toggled(key, on))
            self.boxes[item.id] = box
            layout.addWidget(row)
        self.fall_frame = QFrame()
        self.fall_frame.setProperty("role", "notice")
        fall_box = QVBoxLayout(self.fall_frame)
        fall_box.setContentsMargins(16, 12, 16, 12)
        fall_box.addWidget(label(content.fall_serious_question))
        self.fall_serious = YesNo(content.fall_serious_question)
        self.fall_serious.valueChanged.connect(self._on_followup)
        fall_box.addWidget(self.fall_serious)
        self.rf11_label = label(content.rf11_question)
        fall_box.addWidget(self.rf11_label)
        self.rf11 = ChoiceRow(content.rf11_question, (("YES", _("Yes"), _("Yes")), ("NO", _("No"), _("No")),
                                                      ("NOT_SURE", _("Not sure"), _("Not sure"))), min_width=110)
        self.rf11.valueChanged.connect(lambda _v: self.changed.emit())
        fall_box.addWidget(self.rf11)
        layout.addWidget(self.fall_frame)
        self._sync()

    def _on_toggled(self, key: str, on: bool) -> None:
        if on and key == "NONE":
            for k, box in self.boxes.items():
                if k != "NONE" and box.isChecked():
                    box.setChecked(False)
        elif on and self.boxes["NONE"].isChecked():
            self.boxes["NONE"].setChecked(False)
        self._sync()
        self.changed.emit()

    def _on_followup(self, _value: str) -> None:
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        fall = self.boxes["FALL"].isChecked()
        self.fall_frame.setVisible(fall)
        need_rf11 = fall and self.fall_serious.value() == "no"
        self.rf11_label.setVisible(need_rf11)
        self.rf11.setVisible(need_rf11)

    # -- answers ---------------------------------------------------------------------------------------------------
    def ticks(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.boxes.items() if box.isChecked())

    def fall_serious_answer(self) -> bool | None:
        if not self.boxes["FALL"].isChecked() or self.fall_serious.value() is None:
            return None
        return self.fall_serious.value() == "yes"

    def rf11_answer(self) -> str | None:
        if self.fall_serious_answer() is not False:
            return None
        return self.rf11.value()

    def missing(self) -> str | None:
        """What still needs an answer, in words, or None when complete."""
        if not self.ticks():
            return _('Please tick anything that applies, or "None of these".')
        if self.boxes["FALL"].isChecked():
            if self.fall_serious.value() is None:
                return _("Please say whether the fall or accident was a serious one.")
            if self.fall_serious.value() == "no" and self.rf11.value() is None:
                return _("Please answer the question about your bones.")
        return None

    def reset(self) -> None:
        for box in self.boxes.values():
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.fall_serious.clear()
        self.rf11.clear()
        self._sync()

    def first_box(self) -> QCheckBox:
        return next(iter(self.boxes.values()))


class TodaysCheck(QWidget):
    """The quick check as asked once a day, by the check-in and by "Before you start" (ref 1.4 layer 1 [PD],
    ``core.screening.quick_check_stands``; the service says when one stands: ``TodayView.quick_check_at``). When
    today's earlier check (a quick check or a full assessment's safety questions) stands, a note and "Something has
    changed" show instead of the list; that button brings the list back."""

    def __init__(self, changed_description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from backtrainer.ui.pages.session.screens import button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.checked_frame, checked_box = card("ok")
        self.checked_text = label("")
        checked_box.addWidget(self.checked_text)
        self.changed_button = button(_("Something has changed"), description=changed_description)
        self.changed_button.clicked.connect(self.ask_again)
        checked_box.addWidget(self.changed_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.checked_frame)
        self.quick_frame, box = card()
        self.quick = QuickCheckList()
        box.addWidget(self.quick)
        layout.addWidget(self.quick_frame)

    def reset(self, checked_at: str | None) -> None:
        """``checked_at``: the time of today's check that stands ("08:10"), else None (the list is asked)."""
        self.quick.reset()
        if checked_at:
            self.checked_text.setText(_(
                "You answered the safety check today at {time}, and nothing was wrong. If anything has changed "
                "since then, answer it again.").format(time=checked_at))
        self.checked_frame.setVisible(bool(checked_at))
        self.quick_frame.setVisible(not checked_at)

    def asks(self) -> bool:
        """Whether the list is asked (else today's earlier check stands)."""
        return not self.quick_frame.isHidden()

    def ask_again(self) -> None:
        self.checked_frame.hide()
        self.quick_frame.show()
        self.quick.first_box().setFocus(Qt.FocusReason.OtherFocusReason)

    def missing(self) -> str | None:
        return self.quick.missing() if self.asks() else None
