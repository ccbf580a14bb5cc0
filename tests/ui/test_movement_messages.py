"""A "Please answer this question." under a movement-check question goes away as soon as it is answered, whichever
choice is picked (it stayed when the worst-pain answer was any number but 0: found on the 1366x768 walk). The
safety box says "Skip this test if ..." once, and the screening progress names a one-question screen plainly."""

from __future__ import annotations

from typing import Any

from tests.ui.test_assessment_flow import _to_movement, _window, click, fill_about, nxt, texts


def test_messages_clear_when_any_answer_is_picked(qtbot: Any, app_ctx: Any) -> None:
    _win, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-HINGE")
    click(qtbot, test.pain_before.button(3))
    nxt(qtbot, page)  # nothing answered after the test
    assert sum("Please answer this question." in t for t in page.problem_texts()) == 3
    click(qtbot, test.questions["pain_during"].widget.button(4))
    assert sum("Please answer this question." in t for t in page.problem_texts()) == 2
    click(qtbot, test.questions["depth_reached"].widget.buttons["mid_thigh"])
    assert sum("Please answer this question." in t for t in page.problem_texts()) == 1


def test_skip_note_is_said_once(qtbot: Any, app_ctx: Any) -> None:
    _win, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-FTF")
    words = texts(test)
    assert "Skip this test if" in words and "Skip this test if:" not in words


def test_a_one_question_screen_says_question_n_of_total(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.ui.pages.assessment.screening import GROUPS

    _win, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    view = page.current_view()
    seen = []
    for group in GROUPS:
        seen.append(view.progress_text())
        for qid in group:
            click(qtbot, view.blocks[qid].choice.buttons["NO"])
        nxt(qtbot, page)
    singles = [s for g, s in zip(GROUPS, seen, strict=True) if len(g) == 1]
    assert singles and all(s.startswith("Question ") and " to " not in s for s in singles), seen
