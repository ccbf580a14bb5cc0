"""Number boxes a person can see and type into (issues 16 and 20).

A ``NumberEntry`` is a plain line edit, not a spin box: the typed digits always show, the hint ("Type your age",
"not yet") is a placeholder that typing simply replaces, and the box is empty until something is entered, so a
default is never taken for a result (issue 20 item 5). When the box takes the focus its text is selected, so typing
replaces a value the timer filled in instead of adding to it (issue 20 item 2: "12" after 13.8 s must give 12).

``minutes=True`` asks for minutes: "10" is ten minutes, "10.5" and "10:30" are ten and a half (issue 20 item 3);
``value()`` is then in seconds. ``seconds=True`` (a time in seconds) also takes minutes and seconds: "1:05" is 65 s;
without it the colon would be dropped and "1:05" read as 105 s (found on the 1366x768 walk).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QWidget

from backtrainer.i18n import decimal

_MINUTES = re.compile(r"^\s*(\d{1,3})?(?:([.,])(\d{0,2})|:(\d{1,2}))?\s*$")


def parse_minutes(text: str) -> float | None:
    """Seconds from "10" (minutes), "10.5" / "10,5" (decimal minutes) or "10:30" (minutes and seconds); None for
    empty or unreadable text or seconds of 60 and more."""
    match = _MINUTES.match(text)
    if not match or not text.strip():
        return None
    whole, sep, frac, secs = match.groups()
    minutes = int(whole) if whole else 0
    if secs is not None:
        if int(secs) >= 60:
            return None
        return float(minutes * 60 + int(secs))
    if sep is not None and frac:
        return minutes * 60 + float("0." + frac) * 60
    if whole is None:
        return None
    return float(minutes * 60)


def format_minutes(seconds: float) -> str:
    """"12:05" for 725 s (what the box shows after the timer filled it)."""
    total = max(0, round(seconds))
    return f"{total // 60}:{total % 60:02d}"


class NumberEntry(QLineEdit):
    """A typed number, empty until entered.

    Signals:
        valueChanged(object): the number now in the box (int, float or None), on every edit and ``setValue``.
    """

    valueChanged = Signal(object)

    def __init__(
        self,
        *,
        minimum: float = 0,
        maximum: float = 999,
        decimals: int = 0,
        minutes: bool = False,
        seconds: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.minimum = minimum
        self.maximum = maximum
        self.decimals = decimals
        self.minutes = minutes
        self.seconds = seconds and not minutes
        if minutes:
            pattern = r"\d{0,3}([.,]\d{0,2}|:\d{0,2})?"
        elif decimals:
            pattern = rf"\d{{0,{len(str(int(maximum)))}}}([.,]\d{{0,{decimals}}})?"
            if self.seconds:
                pattern = rf"({pattern}|\d{{1,2}}:\d{{0,2}})"
        else:
            pattern = rf"\d{{0,{len(str(int(maximum)))}}}"
        self.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        self.setPlaceholderText(placeholder)
        self.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self._select_on_click = False
        self.textChanged.connect(lambda _t: self.valueChanged.emit(self.value()))

    # -- value -------------------------------------------------------------------------------------------------
    def raw_value(self) -> float | None:
        """What the text says, in range or not (None when empty or unreadable)."""
        text = self.text().strip()
        if not text:
            return None
        if self.minutes or (self.seconds and ":" in text):
            return parse_minutes(text)
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return None

    def value(self) -> float | int | None:
        """The number (seconds when ``minutes``), or None when empty or outside the allowed range."""
        number = self.raw_value()
        if number is None:
            return None
        low, high = (self.minimum * 60, self.maximum * 60) if self.minutes else (self.minimum, self.maximum)
        if not low <= number <= high:
            return None
        if self.minutes:
            return round(number, 1)
        return int(number) if self.decimals == 0 else round(number, self.decimals)

    def out_of_range(self) -> bool:
        """Something was typed but it is outside the allowed range."""
        return self.raw_value() is not None and self.value() is None

    def setValue(self, value: float | None) -> None:
        """Show ``value``; None clears the box."""
        if value is None:
            self.setText("")
        elif self.minutes:
            self.setText(format_minutes(float(value)))
        elif self.decimals == 0:
            self.setText(str(round(float(value))))
        else:
            self.setText(decimal(float(value), self.decimals))

    # -- typing replaces what the box shows ------------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.text():
            self._select_on_click = event.reason() == Qt.FocusReason.MouseFocusReason
            QTimer.singleShot(0, self.selectAll)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        first = QApplication.focusWidget() is not self
        super().mousePressEvent(event)
        if first and self.text():  # the click that moves into the box selects what it shows
            self._select_on_click = True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._select_on_click:  # the click that gave the focus must not undo the selection
            self._select_on_click = False
            self.selectAll()


def with_unit(entry: QWidget, unit: str) -> QWidget:
    """The box with its unit written after it ("cm", "minutes"), so the unit is never a guess."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    row.addWidget(entry)
    unit_label = QLabel(unit)
    unit_label.setProperty("role", "body")
    unit_label.setBuddy(entry)
    row.addWidget(unit_label)
    row.addStretch(1)
    holder.setAccessibleName(entry.accessibleName())
    return holder


__all__ = ["NumberEntry", "format_minutes", "parse_minutes", "with_unit"]
