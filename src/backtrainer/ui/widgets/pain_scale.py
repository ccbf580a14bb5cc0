"""An 11-button 0-10 rating row (NPRS, ref 3.1: a row of large buttons, not a slider).

Numbers and words, never colour alone: the chosen button shows a tick and its number, the anchors are written
under both ends, and a line below says the chosen value in words. Left/Right arrows move the choice; Tab reaches
each button; Space or Enter picks the focused one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import _


class ScaleButton(QPushButton):
    """One number of the scale; arrows move along the row."""

    def __init__(self, value: int, scale: PainScale) -> None:
        super().__init__(str(value))
        self.value = value
        self._scale = scale
        self.setCheckable(True)
        self.setAutoExclusive(True)  # one number of the scale: "radio button" to a screen reader (issue 16)
        self.setAutoDefault(True)
        self.setProperty("role", "scale")
        self.setMinimumSize(44, 48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """As tall unchosen as chosen (the tick's line above the number), so choosing never moves the page."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = f"✓\n{self.value}"
        words = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, option.text)
        chosen = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, words, self)
        return super().sizeHint().expandedTo(chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            target = min(self._scale.maximum, max(self._scale.minimum, self.value + step))
            self._scale.set_value(target, emit=True)
            self._scale.button(target).setFocus(Qt.FocusReason.TabFocusReason)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class PainScale(QWidget):
    """A row of buttons ``minimum..maximum`` (default 0-10) with anchor words.

    Signals:
        valueChanged(int): a number was chosen.
    """

    valueChanged = Signal(int)

    def __init__(
        self,
        question: str | None = None,
        low: str | None = None,
        high: str | None = None,
        parent: QWidget | None = None,
        *,
        minimum: int = 0,
        maximum: int = 10,
    ) -> None:
        super().__init__(parent)
        question = _("Pain right now") if question is None else question
        low = _("No pain") if low is None else low
        high = _("Worst pain you can imagine") if high is None else high
        self.minimum = minimum
        self.maximum = maximum
        self.question = question
        self._value: int | None = None
        self.setAccessibleName(question)
        # narrow side padding: eleven numbers must stay readable in a narrow window
        self.setStyleSheet('QPushButton[role="scale"] { padding-left: 0.15em; padding-right: 0.15em; }')
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self._buttons: list[ScaleButton] = []
        for value in range(minimum, maximum + 1):
            button = ScaleButton(value, self)
            if value in (minimum, maximum):
                name = _("{value} out of {maximum} ({words})").format(
                    value=value, maximum=maximum, words=low if value == minimum else high)
            else:
                name = _("{value} out of {maximum}").format(value=value, maximum=maximum)
            button.setAccessibleName(name)
            button.setAccessibleDescription(question)
            button.setToolTip(name)
            button.clicked.connect(lambda _=False, v=value: self.set_value(v, emit=True))
            self.group.addButton(button)
            self._buttons.append(button)
            row.addWidget(button)
        layout.addLayout(row)
        anchors = QHBoxLayout()
        self.low_label = QLabel(f"{minimum} = {low}")  # a number and the anchor words: no sentence to translate
        self.high_label = QLabel(f"{maximum} = {high}")
        for lab in (self.low_label, self.high_label):
            lab.setProperty("role", "muted")
            lab.setWordWrap(True)
        self.high_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        anchors.addWidget(self.low_label, 1)
        anchors.addWidget(self.high_label, 1)
        layout.addLayout(anchors)
        self.chosen = QLabel(_("Nothing chosen yet"))
        self.chosen.setProperty("role", "muted")
        layout.addWidget(self.chosen)

    def button(self, value: int) -> ScaleButton:
        return self._buttons[value - self.minimum]

    def buttons(self) -> list[ScaleButton]:
        return list(self._buttons)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None, *, emit: bool = False) -> None:
        self._value = value
        for button in self._buttons:
            checked = button.value == value
            button.setChecked(checked)
            # The tick goes above the number: eleven narrow buttons have no room beside it at 200 % text, and the
            # chosen button keeps its width (issue 20 item 18).
            button.setText(f"✓\n{button.value}" if checked else str(button.value))
        self.chosen.setText(_("Nothing chosen yet") if value is None else
                            _("You chose {value} out of {maximum}.").format(value=value, maximum=self.maximum))
        if emit and value is not None:
            self.valueChanged.emit(value)

    def clear(self) -> None:
        self.group.setExclusive(False)
        self.set_value(None)
        self.group.setExclusive(True)
