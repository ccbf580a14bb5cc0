"""A text-size change after a finished assessment used to crash the app (a segfault in PySide while it reported an
error raised inside FlowLayout.minimumSize: Qt had deleted QWidgetItems the layout still listed). Found on the
1366x768 walk: About you -> ... -> plan -> "Accept and start" -> Settings -> 200 %.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from backtrainer.ui.widgets.flow import FlowLayout
from tests.ui.test_assessment_flow import (
    _step,
    _window,
    answer_screening,
    click,
    do_movement,
    fill_about,
    fill_questionnaires,
    mark_low_back,
    nxt,
)


def test_a_flow_layout_skips_items_qt_deleted(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    outer = QVBoxLayout(holder)
    flow = FlowLayout(spacing=4)
    outer.addLayout(flow)
    buttons = [QPushButton(f"choice {n}") for n in range(3)]
    for b in buttons:
        flow.addWidget(b)
    holder.show()
    shiboken6.delete(flow.itemAt(1))  # what Qt did behind the list's back
    assert flow.count() == 2
    assert flow.minimumSize().width() >= buttons[0].minimumSizeHint().width()
    assert flow.heightForWidth(400) > 0
    app = QApplication.instance()
    assert app is not None
    app.setStyle("Fusion")  # re-lays out every widget, as a text-size change does
    assert flow.takeAt(5) is None and flow.itemAt(1) is not None


def test_text_size_change_after_a_finished_assessment_keeps_the_app(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    fill_questionnaires(qtbot, page)
    do_movement(qtbot, page)
    assert _step(page) == "plan"
    nxt(qtbot, page)  # accept the plan
    qtbot.wait(200)
    window.show_page("settings")
    settings = window.current_page()
    for key in ("2.00", "1.00"):
        click(qtbot, settings.size_buttons[key])
        qtbot.wait(100)
        assert settings.size_buttons[key].isChecked()
    window.show_page("assessment")
    assert window.isVisible() and window.current_page().NAME == "assessment"
