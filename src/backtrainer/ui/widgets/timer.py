"""A big start/stop timer for the movement tests (ref 4.0: large on-screen button or the space bar, 3-2-1 count).

Modes (``movement_tests.toml`` timer.mode):
    stopwatch      counts up; stops at ``max_s`` if given (bridge 180 s, walk 30 min).
    countdown_max  counts up to ``max_s`` and stops there on its own (single-leg stance 45 s).
    counted        counts up; the person presses "Done" after each repeat and the timer stops at ``count``
                   (five-times sit-to-stand).

The time also shows in words for screen readers, and it can be typed in (a helper with a stopwatch, or a retry):
in seconds, or in minutes ("10" or "10:30") with ``minutes=True`` (the comfortable walk, issue 20 item 3). The typed
box is a :class:`~backtrainer.ui.widgets.number_entry.NumberEntry`, so the digits show and typing replaces the time
the timer filled in (issues 16 and 20). The clock is injected (``now``) so tests need no waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import _, decimal
from backtrainer.ui.widgets.number_entry import NumberEntry


def format_seconds(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    if minutes:
        return f"{int(minutes)}:{decimal(rest, 1).zfill(4)}"
    return f"{decimal(rest, 1)} s"


class BigTimer(QWidget):
    """Start/stop timer with an optional count of repeats.

    Signals:
        started(): timing began (after the 3-2-1 count).
        stopped(float): timing ended; the seconds.
        countChanged(int): a repeat was counted (counted mode).
    """

    started = Signal()
    stopped = Signal(float)
    countChanged = Signal(int)

    def __init__(
        self,
        mode: str = "stopwatch",
        *,
        max_s: float | None = None,
        count: int | None = None,
        countdown_s: int = 3,
        now: Callable[[], float] = time.monotonic,
        label: str | None = None,
        minutes: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self.minutes = minutes
        self.max_s = max_s
        self.count_target = count if mode == "counted" else None
        self.countdown_s = countdown_s
        self._now = now
        self._start: float | None = None
        self._elapsed: float | None = None
        self._count = 0
        self._countdown_left = 0
        self.setAccessibleName(_("Timer") if label is None else label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.display = QLabel("0.0 s")
        self.display.setObjectName("TimerDisplay")
        font = QFont(self.font())
        font.setPointSizeF(max(28.0, font.pointSizeF() * 3.2))
        font.setWeight(QFont.Weight.DemiBold)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.display.setFont(font)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleName(_("Time"))
        layout.addWidget(self.display)
        self.status = QLabel(self._idle_text())
        self.status.setProperty("role", "muted")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton(_("Start"))
        self.start_button.setProperty("role", "primary")
        self.start_button.setAutoDefault(True)
        self.start_button.setMinimumSize(180, 56)
        self.start_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.start_button.setAccessibleName(_("Start the timer"))
        self.start_button.setAccessibleDescription(_("Press Space or Enter to start and again to stop"))
        self.start_button.clicked.connect(self._on_start_stop)
        row.addWidget(self.start_button)
        self.rep_button = QPushButton(_("Done: stand {number}").format(number=1))
        self.rep_button.setAutoDefault(True)
        self.rep_button.setMinimumSize(200, 56)
        self.rep_button.setAccessibleName(_("Count one repeat"))
        self.rep_button.clicked.connect(self._on_rep)
        self.rep_button.setVisible(self.count_target is not None)
        self.rep_button.setEnabled(False)
        row.addWidget(self.rep_button)
        self.reset_button = QPushButton(_("Reset"))
        self.reset_button.setAutoDefault(True)
        self.reset_button.setAccessibleName(_("Reset the timer"))
        self.reset_button.clicked.connect(self.reset)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        layout.addLayout(row)

        manual = QHBoxLayout()
        manual.addStretch(1)
        manual_label = QLabel(_("Or type the time in minutes:") if minutes else _("Or type the time:"))
        self.manual_label = manual_label
        manual_label.setProperty("role", "muted")
        manual.addWidget(manual_label)
        top = float(max_s or 3600)
        if minutes:
            self.manual = NumberEntry(minimum=0, maximum=top / 60, minutes=True,
                                      placeholder=_("for example 12 or 12:30"))
            self.manual.setAccessibleName(_("Type the time in minutes, for example 12 or 12:30"))
            unit = _("minutes")
        else:
            self.manual = NumberEntry(minimum=0, maximum=top, decimals=1, seconds=True, placeholder=_("seconds"))
            self.manual.setAccessibleName(_("Type the time in seconds"))
            unit = _("seconds")
        self.manual.setMinimumWidth(170)
        manual_label.setBuddy(self.manual)
        self.manual.valueChanged.connect(self._on_manual)
        manual.addWidget(self.manual)
        self.manual_unit = QLabel(unit)
        manual.addWidget(self.manual_unit)
        manual.addStretch(1)
        layout.addLayout(manual)

        self._tick = QTimer(self)
        self._tick.setInterval(100)
        self._tick.timeout.connect(self._on_tick)
        self._count_timer = QTimer(self)
        self._count_timer.setInterval(1000)
        self._count_timer.timeout.connect(self._on_countdown)

    # -- public API ------------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._start is not None

    @property
    def counting_down(self) -> bool:
        return self._countdown_left > 0

    def seconds(self) -> float | None:
        """The result: the stopped time, the typed time, or None."""
        if self._elapsed is not None:
            return round(self._elapsed, 1)
        typed = self.manual.value()
        if typed is not None and typed > 0:
            return round(float(typed), 1)
        return None

    def count(self) -> int:
        return self._count

    def start(self) -> None:
        if self.running or self.counting_down:
            return
        self._elapsed = None
        self._count = 0
        if self.countdown_s > 0:
            self._countdown_left = self.countdown_s
            self._show_countdown()
            self._count_timer.start()
        else:
            self._begin()

    def stop(self) -> None:
        if self.counting_down:
            self._count_timer.stop()
            self._countdown_left = 0
            self._refresh_idle()
            return
        if self._start is None:
            return
        elapsed = self._now() - self._start
        if self.max_s is not None:
            elapsed = min(elapsed, self.max_s)
        self._finish(elapsed)

    def set_seconds(self, seconds: float) -> None:
        """Set the result directly (typed in, or a retry)."""
        self.manual.setValue(seconds)

    def set_manual_visible(self, visible: bool) -> None:
        """Hide "Or type the time" when the screen has its own boxes for typed times."""
        self.manual_label.setVisible(visible)
        self.manual.setVisible(visible)
        self.manual_unit.setVisible(visible)

    def reset(self) -> None:
        self._tick.stop()
        self._count_timer.stop()
        self._countdown_left = 0
        self._start = None
        self._elapsed = None
        self._count = 0
        self.manual.blockSignals(True)
        self.manual.setValue(None)
        self.manual.blockSignals(False)
        self._refresh_idle()

    # -- internals --------------------------------------------------------------------------------------------------
    def _idle_text(self) -> str:
        if self.count_target:
            return _("Press Start, then press Done after each stand. The timer stops after {count}.").format(
                count=self.count_target)
        if self.mode == "countdown_max" and self.max_s:
            return _("Press Start. The timer stops by itself at {seconds} seconds.").format(seconds=int(self.max_s))
        return _("Press Start when you are in position, and Stop when you finish.")

    def _refresh_idle(self) -> None:
        shown = self.seconds()
        self.display.setText(format_seconds(shown or 0.0))
        self.start_button.setText(_("Start"))
        self.start_button.setAccessibleName(_("Start the timer"))
        self.rep_button.setEnabled(False)
        self.status.setText(self._idle_text() if shown is None else
                            _("Your time: {time}.").format(time=format_seconds(shown)))

    def _show_countdown(self) -> None:
        self.display.setText(str(self._countdown_left))
        self.status.setText(_("Get ready: {count}").format(count=self._countdown_left))
        self.start_button.setText(_("Cancel"))
        self.start_button.setAccessibleName(_("Cancel the count"))
        QApplication.beep()

    def _on_countdown(self) -> None:
        self._countdown_left -= 1
        if self._countdown_left <= 0:
            self._count_timer.stop()
            self._countdown_left = 0
            self._begin()
        else:
            self._show_countdown()

    def _begin(self) -> None:
        self._start = self._now()
        self._tick.start()
        self.start_button.setText(_("Stop"))
        self.start_button.setAccessibleName(_("Stop the timer"))
        self.status.setText(_("Go! The timer is running."))
        if self.count_target:
            self.rep_button.setEnabled(True)
            self.rep_button.setText(_("Done: stand {number}").format(number=1))
            self.rep_button.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.beep()
        self.started.emit()

    def _finish(self, elapsed: float) -> None:
        self._tick.stop()
        self._start = None
        self._elapsed = round(elapsed, 1)
        self.manual.blockSignals(True)
        self.manual.setValue(self._elapsed)
        self.manual.blockSignals(False)
        self._refresh_idle()
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.stopped.emit(self._elapsed)

    def _on_start_stop(self) -> None:
        if self.running or self.counting_down:
            self.stop()
        else:
            self.start()

    def _on_rep(self) -> None:
        if not self.running or not self.count_target:
            return
        self._count += 1
        self.countChanged.emit(self._count)
        if self._count >= self.count_target:
            self.stop()
            self.status.setText(_("All {count} done. Your time: {time}.").format(
                count=self.count_target, time=format_seconds(self.seconds() or 0)))
        else:
            self.rep_button.setText(_("Done: stand {number}").format(number=self._count + 1))
            self.status.setText(_("{done} of {total} done.").format(done=self._count, total=self.count_target))

    def _on_tick(self) -> None:
        if self._start is None:
            return
        elapsed = self._now() - self._start
        if self.max_s is not None and elapsed >= self.max_s:
            self._finish(self.max_s)
            self.status.setText(_("Time is up: {time}.").format(time=format_seconds(self.max_s)))
            return
        self.display.setText(format_seconds(elapsed))

    def _on_manual(self, value: float | None) -> None:
        if self.running:
            return
        self._elapsed = None
        seconds = float(value or 0.0)
        self.display.setText(format_seconds(seconds))
        self.status.setText(_("Your time: {time}.").format(time=format_seconds(seconds)) if seconds > 0
                            else self._idle_text())
