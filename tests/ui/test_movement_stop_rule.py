"""Ref 4.0 universal stop rules on the movement checks: pain past the rule (without "I need to stop") is saved as a
stopped check, and the person sees that on the same screen before going on. Input only through real clicks."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from tests.ui.test_assessment_flow import _to_movement, _window, click, nxt, rows, type_into


def test_pain_above_5_after_the_bridge_is_a_stopped_check_shown_where_the_person_is(qtbot: Any,
                                                                                     app_ctx: Any) -> None:
    _w, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-BRIDGE")
    view = page.current_view()
    index = view.index
    click(qtbot, test.pain_before.button(2))
    type_into(qtbot, test.timer.manual, "40")
    click(qtbot, test.questions["end_reason"].widget.buttons["form_lost"])
    click(qtbot, test.questions["pain_after"].widget.button(7))
    nxt(qtbot, page)
    assert view.index == index  # still on the bridge, which now shows as stopped, and why
    assert test.stop_button.isChecked() and test.stop_frame.isVisibleTo(page)
    assert test.stop_reason.value() == "pain"
    assert test.stop_message.text().startswith("Your pain is 7 out of 10. Please stop here. We keep what you did.")
    assert QApplication.focusWidget() is test.stop_reason.buttons["pain"]
    assert page.next_button.text() == "Go on"
    query = "SELECT stopped_reason, json_extract(data, '$.hold_s') FROM movement_test WHERE test_id = 'MT-BRIDGE'"
    assert rows(app_ctx, query) == [("pain", 40.0)]
    nxt(qtbot, page)
    assert view.index == index + 1  # read, then on: nothing saved twice
    assert rows(app_ctx, query) == [("pain", 40.0)]
