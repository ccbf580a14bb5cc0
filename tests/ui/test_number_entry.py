"""Number boxes take what a person types: a time in seconds also takes minutes and seconds ("1:05" is 65 s, not the
105 s it became when the colon was silently dropped: found on the 1366x768 walk, side-bridge hold)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from backtrainer.ui.widgets.number_entry import NumberEntry
from backtrainer.ui.widgets.timer import BigTimer


def _typed(qtbot: Any, entry: NumberEntry, text: str) -> NumberEntry:
    qtbot.addWidget(entry)
    entry.show()
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(entry, text)
    return entry


def test_seconds_box_reads_minutes_and_seconds(qtbot: Any) -> None:
    entry = _typed(qtbot, NumberEntry(minimum=0, maximum=600, decimals=1, seconds=True), "1:05")
    assert entry.text() == "1:05"
    assert entry.value() == 65


def test_seconds_box_still_reads_plain_and_decimal_seconds(qtbot: Any) -> None:
    assert _typed(qtbot, NumberEntry(minimum=0, maximum=600, decimals=1, seconds=True), "45").value() == 45
    assert _typed(qtbot, NumberEntry(minimum=0, maximum=600, decimals=1, seconds=True), "12,5").value() == 12.5


def test_seconds_box_refuses_a_time_past_its_limit(qtbot: Any) -> None:
    entry = _typed(qtbot, NumberEntry(minimum=0, maximum=180, decimals=1, seconds=True), "3:30")
    assert entry.value() is None and entry.out_of_range()


def test_a_plain_number_box_still_takes_digits_only(qtbot: Any) -> None:
    entry = _typed(qtbot, NumberEntry(minimum=1, maximum=120), "4:4")
    assert entry.text() == "44"


def test_the_timer_s_typed_seconds_take_minutes_and_seconds(qtbot: Any) -> None:
    timer = BigTimer("stopwatch", max_s=180)
    qtbot.addWidget(timer)
    timer.show()
    qtbot.mouseClick(timer.manual, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(timer.manual, "1:05")
    assert timer.manual.value() == 65
