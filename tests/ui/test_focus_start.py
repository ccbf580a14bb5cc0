"""Issue 20 item 8: on every screen the keyboard focus starts somewhere sensible: never on "Switch person", and on a
safety-question screen never on an answer (a stray Space must not say "Yes"). Real clicks and keys."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

sys.path.insert(0, str(Path(__file__).parent))
from test_assessment_flow import _step, _window, click, fill_about, nxt


def _answer_buttons(view: Any) -> set[QPushButton]:
    return {b for block in getattr(view, "blocks", {}).values() for b in block.choice.buttons.values()}


def test_focus_never_starts_on_switch_person_or_an_answer(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    seen: list[tuple[str, str]] = []

    def check() -> None:
        focus = QApplication.focusWidget()
        view = page.current_view()
        seen.append((_step(page), type(focus).__name__))
        assert focus is not window.switch_button, _step(page)
        assert focus is not None and focus.window() is window, _step(page)
        assert focus not in _answer_buttons(view), (_step(page), focus.accessibleName())

    # Each page of the sidebar, opened by its Alt+number shortcut, keeps the focus off "Switch person".
    for key, name in ((Qt.Key.Key_1, "today"), (Qt.Key.Key_3, "learn"), (Qt.Key.Key_4, "progress"),
                      (Qt.Key.Key_5, "settings"), (Qt.Key.Key_7, "about"), (Qt.Key.Key_2, "assessment")):
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)
        qtbot.wait(5)
        assert name == window.current_page().NAME, (name, type(target).__name__, target.accessibleName())
        assert QApplication.focusWidget() is not window.switch_button, name
    check()  # intro
    nxt(qtbot, page)
    check()  # About you
    fill_about(qtbot, page)
    from backtrainer.ui.pages.assessment.screening import GROUPS

    for _group in GROUPS:
        assert _step(page) == "screening"
        check()
        view = page.current_view()
        for block in view.blocks.values():
            if block.isVisibleTo(view):
                click(qtbot, block.choice.buttons["NO"])
        nxt(qtbot, page)
        if _step(page) != "screening":
            break
    check()  # the step after the safety questions (the body map)
    assert len(seen) >= 12
