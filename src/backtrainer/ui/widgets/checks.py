"""Check boxes whose words wrap (QCheckBox text never wraps, so long labels clip at large text sizes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class ClickableText(QLabel):
    """The words of a check box, wrapped; a click on them toggles the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        inside = self.rect().contains(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and inside and self._box.isEnabled():
            self._box.toggle()
            self._box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


class WrapCheck(QWidget):
    """A check box with a wrapping label; ``box`` is the real, focusable, accessible check box."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.text_label = ClickableText(text, self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1)

    # The common QCheckBox API, so callers can treat it as one.
    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, on: bool) -> None:
        self.box.setChecked(on)

    def setAccessibleName(self, name: str) -> None:
        self.box.setAccessibleName(name)

    @property
    def toggled(self) -> SignalInstance:  # the check box's signal
        return self.box.toggled
