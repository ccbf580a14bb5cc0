"""Spin boxes without buttons show their text under the app's style sheet (issue 16: the age field was 1 px wide)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDoubleSpinBox, QSpinBox, QStyle, QStyleOptionSpinBox

from backtrainer.ui import theme

NoButtons = QAbstractSpinBox.ButtonSymbols.NoButtons


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


@pytest.mark.parametrize("theme_name", sorted(theme.THEMES))
@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("cls", [QSpinBox, QDoubleSpinBox])
def test_edit_field_fits_special_value_text(qapp: QApplication, qtbot: Any, theme_name: str, scale: float,
                                          cls: Any) -> None:
    theme.apply(qapp, theme_name, scale)
    spin = cls()
    spin.setButtonSymbols(NoButtons)
    spin.setSpecialValueText("Type your age")
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    edit = spin.lineEdit()
    needed = edit.fontMetrics().horizontalAdvance("Type your age")
    assert edit.width() >= needed, (edit.geometry(), needed)
    assert edit.geometry().right() < spin.width()


def test_typed_digits_show(qapp: QApplication, qtbot: Any) -> None:
    theme.apply(qapp, "light", 1.0)
    spin = QSpinBox()
    spin.setRange(0, 120)
    spin.setButtonSymbols(NoButtons)
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, "47")
    assert spin.value() == 47
    edit = spin.lineEdit()
    assert edit.width() >= edit.fontMetrics().horizontalAdvance("47")


def test_spin_box_with_buttons_keeps_them(qapp: QApplication, qtbot: Any) -> None:
    theme.apply(qapp, "light", 1.0)
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    up = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, spin)
    assert up.width() >= theme.indicator_px(1.0) - 1
    assert spin.lineEdit().width() > 0
