"""The main window's size and position: fitted to the screen before it is shown, checked again against the real
window frame once it is on screen, and kept on close (the rules are in ``backtrainer.placement``)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from backtrainer.placement import Placement, Rect, fit, minimum_size, read_placement, save_placement

log = logging.getLogger("backtrainer.ui")

FRAME_CHECK_MS = 300  # the window manager adds the frame a moment after the window is shown


def _rect(r: QRect) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


def available_screens(window: QWidget | None = None) -> list[Rect]:
    """The screens' available areas (without panels and docks), the window's own (or the primary) first."""
    primary = (window.screen() if window is not None else None) or QGuiApplication.primaryScreen()
    screens = [primary] + [s for s in QGuiApplication.screens() if s is not primary]
    return [_rect(s.availableGeometry()) for s in screens if s is not None]


class WindowPlacement(QObject):
    """Installed on the main window: fits it now, re-fits after the first show, saves it when the window closes.

    ``ctx`` gives the file (``ctx.paths.window``) and the task runner the save runs on (never the GUI thread).
    """

    def __init__(self, window: QWidget, ctx: Any) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._checked = False
        self.saved = read_placement(ctx.paths.window)  # a few bytes, read once before the first show
        self.apply(self.saved)
        window.installEventFilter(self)

    def apply(self, saved: Placement | None, frame: tuple[int, int] | None = None) -> Placement:
        screens = available_screens(self._window)
        if not screens:
            return saved or fit(None, [Rect(0, 0, 1180, 780)])
        placement = fit(saved, screens, frame=frame) if frame is not None else fit(saved, screens)
        low = minimum_size(screens[0], frame) if frame is not None else minimum_size(screens[0])
        w = self._window
        w.setMinimumSize(*low)
        r = placement.rect
        w.setGeometry(r.x, r.y, r.width, r.height)
        if placement.maximized and not w.isVisible():
            w.setWindowState(w.windowState() | Qt.WindowState.WindowMaximized)
        return placement

    def current(self) -> Placement:
        w = self._window
        maximized = bool(w.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen))
        return Placement(_rect(w.normalGeometry() if maximized else w.geometry()), maximized=maximized)

    def _check_frame(self) -> None:
        """Once on screen the real frame is known: if the window with its frame is still too big or partly off
        the screen, fit it again with that frame."""
        w = self._window
        if not w.isVisible() or w.isMaximized() or w.isFullScreen():
            return
        frame = w.frameGeometry()
        inner = w.geometry()
        extra = (max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))
        screens = available_screens(w)
        if not screens:
            return
        outer = _rect(frame)
        screen = next((s for s in screens if outer.overlaps(s)), screens[0])
        inside = (outer.x >= screen.x and outer.y >= screen.y and outer.right <= screen.right
                  and outer.bottom <= screen.bottom)
        if not inside:
            self.apply(self.current(), frame=extra)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show and not self._checked:
                self._checked = True
                QTimer.singleShot(FRAME_CHECK_MS, self._check_frame)  # after the window manager has framed it
            elif event.type() == QEvent.Type.Close:
                self.keep()
        return False

    def keep(self) -> None:
        """Save where the window is now (on the task runner; a failure is logged, never shown)."""
        placement = self.current()
        path = self._ctx.paths.window
        self._ctx.runner.run(lambda: save_placement(path, placement), None,
                             lambda exc: log.warning("could not keep the window placement: %s", exc))
