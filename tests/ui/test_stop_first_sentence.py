"""Issue 20 item 1, second half: the urgent-help screen's first sentences fit what the person told us. The "nerves at
the bottom of the spine" line of ref 8.3 is said only when every trigger is such a nerve sign (RF01-RF05, BM01,
BM02); a fall, chest pain or a fever beside it gets the plain "needs a check today" line, and each trigger keeps its
own explanation under it. Real clicks on the check-in's quick list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_session_flow import do_checkin, make_profile, open_window

NERVES = "nerves at the bottom of the spine"


@pytest.mark.parametrize(("ticks", "nerves"), [
    (("RF01",), True),  # one emergency answer, a nerve sign
    (("RF01", "RF02"), True),  # two nerve signs belong together
    (("RF01", "RF10"), False),  # a nerve sign and a fever: unrelated
])
def test_the_stop_screens_first_sentence(qtbot: Any, app_ctx: Any, ticks: tuple[str, ...], nerves: bool) -> None:
    from backtrainer.content.screening import load_messages

    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    page = do_checkin(qtbot, window, ticks=ticks)
    assert page.stack.currentWidget() is page.stop_screen
    body = page.stop.body.text()
    first = body.split(". ")[0]
    assert first.startswith("You told us about ")
    assert (NERVES in body) is nerves, body
    messages = load_messages().messages
    assert all(messages[t] in page.stop.details.text() for t in ticks)  # each trigger's own reason


def test_a_serious_fall_alone_is_not_called_a_nerve_problem() -> None:
    from backtrainer.content.safety import load_safety

    emergency = load_safety().emergency
    assert NERVES not in emergency.body_for(("RF06",), "a serious fall or accident")
    assert NERVES not in emergency.body_for(("RF07",), "chest pain")
    assert NERVES in emergency.body_for(("RF02",), "a new problem with your bladder or bowels")
    assert NERVES in emergency.body_for(("BM01", "RF01"), "a changed feeling between your legs")


@pytest.mark.parametrize(("qid", "nerves"), [("RF01", True), ("RF06", False), ("RF07", False)])
def test_one_emergency_answer_in_the_assessment(qtbot: Any, app_ctx: Any, qid: str, nerves: bool) -> None:
    """One emergency answer stops the assessment; its screen explains that answer, and a serious fall or chest pain
    is not called a nerve problem."""
    from test_assessment_flow import _step, _window, answer_screening, fill_about, nxt

    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {qid: "YES"})
    assert _step(page) == "emergency"
    view = page.current_view()
    shown = view.text.text()
    assert shown.startswith("You told us about ") and (NERVES in shown) is nerves, shown
    # Nothing else is reachable (ref 8.3), and the screen says so: the walk found the rail simply ignoring clicks,
    # and Alt+3 still going to Learn, where the switched-off rail then left no way back.
    assert window.rail.locked and view.locked_note.isVisibleTo(view)
    assert "closed for now" in view.locked_note.text()
    assert not any(b.isEnabled() for b in window.rail.buttons.values())
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is page and _step(page) == "emergency"
    # "Switch person" stays: the next person on a shared laptop is not held on this screen.
    assert window.switch_button.isEnabled()
    qtbot.mouseClick(window.switch_button, Qt.MouseButton.LeftButton)
    assert not window.rail.locked and all(b.isEnabled() for b in window.rail.buttons.values())
