"""Check boxes whose words wrap (QCheckBox text never wraps, so long labels clip at large text sizes)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, SignalInstance
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)


class TickRoomButton(QPushButton):
    """A choice button that shows ``TICK`` before its words when chosen, and keeps room for it when not, so choosing
    never widens the button or moves the row (issue 20 item 18)."""

    TICK = "✓ "

    def _with_tick(self, size: QSize) -> QSize:
        extra = 0 if self.text().startswith(self.TICK) else self.fontMetrics().horizontalAdvance(self.TICK)
        return QSize(size.width() + extra, size.height())

    def sizeHint(self) -> QSize:  # QPushButton's minimumSizeHint is this hint, so it keeps the room too
        return self._with_tick(super().sizeHint())


def wrap_words(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


class WrapButton(TickRoomButton):
    """A push button whose words wrap onto more lines when it is narrow (200 % text), growing in height instead of
    clipping (issue 16, issue 20 item 18). The style draws it as usual, with the line breaks put in for it, so its
    colours, focus ring and checked look are the style sheet's. A subclass that shows a tick sets ``TICK``."""

    TICK = ""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # may be narrower than its words on one line
        self.setSizePolicy(policy)

    def setSizePolicy(self, *args: object) -> None:
        """Any policy, but always height-for-width and free to grow in height (a Fixed height would cap the button
        at one line: Qt bounds a Fixed item by its size hint)."""
        if len(args) == 1 and isinstance(args[0], QSizePolicy):
            policy = QSizePolicy(args[0])
        else:
            horizontal, vertical = args[0], args[1]
            assert isinstance(horizontal, QSizePolicy.Policy) and isinstance(vertical, QSizePolicy.Policy)
            policy = QSizePolicy(horizontal, vertical)
        if policy.verticalPolicy() == QSizePolicy.Policy.Fixed:
            policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        super().setSizePolicy(policy)

    def _chrome(self) -> QSize:
        """The button's width around its words (padding, border, margin), as QPushButton's own hint counts it."""
        metrics = self.fontMetrics()
        words = max(metrics.horizontalAdvance(line) for line in self.text().split("\n"))
        return QSize(QPushButton.sizeHint(self).width() - words, 0)

    def _lines(self, width: int) -> list[str]:
        room = max(1, width - self._chrome().width())
        text = self.text() if self.text().startswith(self.TICK) else self.TICK + self.text()
        return wrap_words(text, self.fontMetrics(), room)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = len(self._lines(width))
        option = QStyleOptionButton()
        self.initStyleOption(option)
        words = QSize(10, self.fontMetrics().height() * lines)
        return max(self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, words, self).height(),
                   self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in (self.TICK + self.text()).split()), default=0)
        width = longest + self._chrome().width()
        # One line's height: layouts ask heightForWidth for the real one (a taller minimum here would make every
        # item as tall as its narrowest form).
        return QSize(width, super().sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        lines = wrap_words(self.text(), self.fontMetrics(), max(1, self.width() - self._chrome().width()))
        option.text = "\n".join(lines)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


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
