"""Issue 20 item 4 on the case the walk found: a typed PSFS activity must survive the page being scrolled with the
wheel over its drop-down once the person has moved on. Real clicks and keys; the wheel as a real wheel event."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))
from test_assessment_flow import _window, answer_screening, click, fill_about, mark_low_back, nxt, type_into


def _wheel(widget: Any) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_a_typed_activity_survives_the_wheel(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.ui.widgets.wheel_guard import install

    install(QApplication.instance())
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 768)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    view = page.current_view()
    click(qtbot, view.pages[view.index].scale.button(4))
    nxt(qtbot, page)
    for _ in range(8):
        click(qtbot, view.pages[view.index].choice.buttons["disagree"])
        nxt(qtbot, page)
    click(qtbot, view.pages[view.index].choice.buttons["slightly"])
    nxt(qtbot, page)
    psfs = view.pages[view.index]
    first, second = psfs.rows[0], psfs.rows[1]
    type_into(qtbot, first.name.lineEdit(), "Gardening")
    click(qtbot, first.scale.button(3))  # moved on: the drop-down no longer has the focus
    for target in (first.name, first.name.lineEdit(), second.name):
        _wheel(target)
    assert first.name.currentText() == "Gardening"
    assert second.name.currentText() == ""
