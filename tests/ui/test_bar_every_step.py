"""Issue 20 item 7, on every step the issue names (safety, pain today, STarT Back, movement intro, each movement
check, plan, done, urgent help): Back / Next stay in a 1366x768 window, with no tall blank space above them; the
outcome screens (done, urgent help) have no Back / Next bar, and their own first buttons must be in the window. Real
clicks through the whole assessment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton

sys.path.insert(0, str(Path(__file__).parent))
from test_assessment_flow import (
    _step,
    _window,
    answer_screening,
    click,
    do_movement,
    fill_about,
    mark_low_back,
    nxt,
    type_into,
)


def _checker(qtbot: Any, window: Any, page: Any, seen: list[str]) -> Any:
    def check() -> None:
        qtbot.wait(5)
        view = page.current_view()
        where = f"{_step(page)}:{getattr(view, 'index', '')}"
        seen.append(where)
        buttons = [b for b in (page.back_button, page.next_button) if b.isVisibleTo(window)]
        if not page.footer.isVisibleTo(window):  # an outcome screen (done, urgent help): its own buttons lead on
            buttons = [b for b in view.findChildren(QPushButton) if b.isVisibleTo(window)][:2]
        assert buttons, f"{where}: no button to go on"
        for b in buttons:
            bottom = b.mapTo(window, b.rect().bottomLeft()).y()
            assert 0 <= bottom <= window.height(), f"{where}: {b.text()} is outside the window ({bottom})"
        assert page.stack.height() <= view.sizeHint().height() + 40, f"{where}: blank space under the step"
    return check


def test_back_and_next_on_every_step_of_a_whole_run(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 768)
    seen: list[str] = []
    check = _checker(qtbot, window, page, seen)
    check()
    nxt(qtbot, page)
    fill_about(qtbot, page)
    check()
    answer_screening(qtbot, page, {})
    check()
    mark_low_back(qtbot, page)
    view = page.current_view()
    assert view.STEP == "questionnaires"
    check()  # pain today
    click(qtbot, view.pages[view.index].scale.button(4))
    nxt(qtbot, page)
    for _ in range(8):  # STarT Back
        check()
        click(qtbot, view.pages[view.index].choice.buttons["disagree"])
        nxt(qtbot, page)
    check()
    click(qtbot, view.pages[view.index].choice.buttons["slightly"])
    nxt(qtbot, page)
    check()  # PSFS
    psfs = view.pages[view.index]
    for row, (name, rating) in zip(psfs.rows, (("Lifting", 3), ("Walking", 5), ("Sleeping", 6)), strict=False):
        type_into(qtbot, row.name.lineEdit(), name)
        click(qtbot, row.scale.button(rating))
    nxt(qtbot, page)
    assert _step(page) == "movement"
    check()  # the movement intro
    do_movement(qtbot, page, each=lambda _test, moment: check() if moment == "open" else None)
    assert _step(page) == "plan"
    check()
    nxt(qtbot, page)  # "Accept and start" opens the first session (item 9); the assessment page then shows "done"
    assert _step(page) == "done"
    window.show_page("assessment")
    check()
    assert len(seen) >= 20, seen


def test_back_and_next_on_the_urgent_help_step(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 768)
    seen: list[str] = []
    check = _checker(qtbot, window, page, seen)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {"RF01": "YES"})
    assert _step(page) == "emergency"
    check()
