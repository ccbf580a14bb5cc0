"""Only a focused control takes the mouse wheel (issue 20 item 4).

Without this, scrolling a page with the wheel changes every drop-down and number box that passes under the pointer
(a typed activity became "Bending down to the floor"). The guard is one application-wide event filter: a wheel
event over a drop-down, spin box, slider or time box that does not have the keyboard focus goes to the scroll area
around it instead, so the page scrolls and the answer stays. Installed once, where the application is created.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


def _guarded(widget: QWidget) -> QWidget | None:
    """The drop-down / spin box / slider that ``widget`` is, or is part of (a spin box's line edit)."""
    current: QWidget | None = widget
    for _depth in range(3):
        if current is None:
            return None
        if isinstance(current, _GUARDED):
            return current
        if current.isWindow():  # a drop-down's open list is its own window: the wheel scrolls it
            return None
        current = current.parentWidget()
    return None


class WheelGuard(QObject):
    """The event filter; :func:`install` puts one on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        control = _guarded(watched)
        if control is None or control.hasFocus():
            return False
        area = control.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True  # the control never sees it


_GUARD: WheelGuard | None = None


def install(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` (once; later calls return the same guard)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard(app)
        app.installEventFilter(_GUARD)
    return _GUARD


__all__ = ["WheelGuard", "install"]
