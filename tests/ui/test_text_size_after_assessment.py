"""A text-size change after a finished assessment used to crash the app (a segfault in PySide while it reported an
error raised inside FlowLayout.minimumSize: Qt had deleted QWidgetItems the layout still listed). Found on the
1366x768 walk: About you -> ... -> plan -> "Accept and start" -> Settings -> 200 %.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from backtrainer.ui.widgets.flow import FlowLayout
from tests.ui.test_assessment_flow import _step, _window, answer_screening, click, nxt, run_to_plan


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
    shiboken6.delete(flow.itemAt(1))  # the item's wrapper dies behind the list's back, its widget lives on
    assert flow.count() == 3  # the living widget is kept in the layout
    assert flow.minimumSize().width() >= buttons[0].minimumSizeHint().width()
    assert flow.heightForWidth(400) > 0
    app = QApplication.instance()
    assert app is not None
    app.setStyle("Fusion")  # re-lays out every widget, as a text-size change does
    holder.resize(600, 200)
    outer.activate()
    lefts = [b.geometry().left() for b in buttons]
    assert lefts == sorted(lefts) and len(set(lefts)) == 3  # still side by side, not piled up at the corner
    shiboken6.delete(buttons[2])  # a widget that is gone leaves the layout
    assert flow.count() == 2
    assert flow.takeAt(5) is None and flow.itemAt(1) is not None


def test_text_size_change_after_a_finished_assessment_keeps_the_app(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    run_to_plan(qtbot, page)
    nxt(qtbot, page)  # accept the plan
    qtbot.wait(200)
    window.show_page("settings")
    settings = window.current_page()
    for key in ("2.00", "1.00"):
        click(qtbot, settings.size_buttons[key])
        qtbot.wait(100)
        assert settings.size_buttons[key].isChecked()
    window.show_page("assessment")
    assessment = window.current_page()
    assert window.isVisible() and assessment.NAME == "assessment"
    # the same run, the full assessment again: the body map's buttons are laid out, not piled on the drawing
    click(qtbot, assessment.current_view().full_button)
    while _step(assessment) != "bodymap":
        if _step(assessment) == "screening":
            answer_screening(qtbot, assessment, {})
        else:
            nxt(qtbot, assessment)
    editor = assessment.current_view().editor
    qtbot.wait(50)
    figure = editor.figure.geometry()
    for b in editor.view_buttons.values():
        assert not b.geometry().intersects(figure), (b.text(), b.geometry(), figure)
