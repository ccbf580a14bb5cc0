"""A layout that places widgets left to right and wraps to the next line when the row is full.

Used for rows of choice buttons so that they never clip their text at large text sizes (after Qt's Flow Layout
example).
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them, so big text never clips (height-for-width aware)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._widgets: list[QWidget | None] = []  # the widget of each item, to re-attach it (see _live)
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._widgets.append(item.widget())

    def _live(self) -> list[QLayoutItem]:
        """The items whose wrapper is still valid. After a finished assessment PySide invalidated the QWidgetItem
        wrappers this list holds while their widgets lived on (the body map's buttons); using such an item raised
        inside a Qt virtual, and PySide 6.11 crashed reporting that error (a segfault on the next text-size change).
        An item whose widget still lives gets a new QWidgetItem, so the widget stays laid out; one whose widget is
        gone is dropped."""
        if all(shiboken6.isValid(item) for item in self._items):
            return self._items
        items: list[QLayoutItem] = []
        widgets: list[QWidget | None] = []
        for item, widget in zip(self._items, self._widgets, strict=True):
            if shiboken6.isValid(item):
                items.append(item)
                widgets.append(widget)
            elif widget is not None and shiboken6.isValid(widget):
                items.append(QWidgetItem(widget))
                widgets.append(widget)
        self._items, self._widgets = items, widgets
        return self._items

    def count(self) -> int:
        return len(self._live())

    def itemAt(self, index: int) -> QLayoutItem | None:
        items = self._live()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        items = self._live()
        if not 0 <= index < len(items):
            return None
        self._widgets.pop(index)
        return items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._live():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_h = area.x(), area.y(), 0
        for item in self._live():
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += line_h + self._gap
                line_h = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y() + m.bottom()


def flow_row(widgets: Sequence[QWidget], spacing: int = 8) -> QWidget:
    """A widget holding ``widgets`` in a wrapping row."""
    holder = QWidget()
    layout = FlowLayout(holder, spacing)
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder
