"""From the plan to the first session with real clicks: "Accept and start" starts it (issue 20.9), the safety
questions just answered are not asked again (issue 16), and the plan, the session and its summary name the same
exercises (issue 20.10)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtrainer.ui.app_window import MainWindow
from tests.services.test_assessment import _run_to_plan
from tests.ui.test_assessment_flow import _window
from tests.ui.test_session_flow import click, rate, texts


def _at_plan(qtbot: Any, ctx: Any) -> tuple[MainWindow, Any]:
    from backtrainer.services.assessment import AssessmentService
    from backtrainer.services.profiles import ProfileService
    from backtrainer.ui.pages.session.player import PlayerScreen

    PlayerScreen.videos_enabled = False
    profile = ProfileService(ctx.db(), ctx.clock).create("Sam", accept_notice=True)
    service = AssessmentService(ctx.db(), ctx.clock)
    _run_to_plan(service, profile.id)
    service.set_step(profile.id, "plan")
    window, page = _window(qtbot, ctx)  # opens this profile's assessment
    assert page is not None and page.current_view().STEP == "plan"
    return window, page


def test_accept_and_start_opens_the_first_session_that_the_plan_described(qtbot: Any, app_ctx: Any) -> None:
    try:
        _first_session(qtbot, app_ctx)
    finally:
        from backtrainer.ui.pages.session.player import PlayerScreen

        PlayerScreen.videos_enabled = True


def _first_session(qtbot: Any, app_ctx: Any) -> None:
    window, assessment = _at_plan(qtbot, app_ctx)
    plan_text = texts(assessment.current_view())
    preview = assessment.current_view().preview
    # One count and one length everywhere: the plan says how many of the session's exercises are the warm-up and
    # cool-down and how long it takes, as "Before you start" does ("13 exercises, about 35 minutes").
    main = sum(1 for x in preview.first_session if x in {i.exercise_id for i in preview.items if i.included})
    assert f"Your first session has {main} exercises, plus a warm-up and a cool-down" in plan_text
    assert f"{len(preview.first_session)} in all." in plan_text
    assert preview.first_minutes > 0
    assert f"3 exercise sessions of about {preview.first_minutes} minutes" in plan_text
    # no sentence is said twice in one card (the side-bridge extra set and the hand hold were)
    from PySide6.QtWidgets import QFrame, QLabel

    for frame in assessment.current_view().findChildren(QFrame):
        if frame.property("role") not in ("card", "notice", "ok") or any(
                f.property("role") in ("card", "notice", "ok") for f in frame.findChildren(QFrame)):
            continue  # one card at a time, not the section around them
        said = [w.text() for w in frame.findChildren(QLabel) if w.text().strip()]
        assert len(said) == len(set(said)), [t for t in said if said.count(t) > 1]

    assert assessment.next_button.text() == "Accept and start"
    click(qtbot, assessment.next_button)
    session = window.current_page()
    assert session is not None and session.NAME == "session"
    assert window.rail.buttons["today"].isChecked()  # the rail says where the person is, not "Assessment"
    assert session.current_screen() is session.before
    before = session.before
    # The full safety questions were answered minutes ago: the quick check is not asked again.
    assert not before.quick_frame.isVisibleTo(before) and before.checked_frame.isVisibleTo(before)
    # The session lists exactly the plan's first session.
    listed = before.plan_line.text().splitlines()
    assert len(listed) == len(preview.first_session)
    assert f"about {preview.first_minutes} minutes" in texts(before)
    assert not any("Sit to stand" in line for line in listed)
    click(qtbot, before.pain.button(2))
    click(qtbot, before.start_button)
    player = session.player
    assert session.current_screen() is player
    assert tuple(i.exercise_id for i in session.draft.plan.items) == preview.first_session

    # One exercise done, then stop early: the summary speaks only of this session's exercises.
    click(qtbot, player.pause_button)
    player.tick(3 + 6 * 8 + 1)
    QApplication.processEvents()
    rate(qtbot, session)
    click(qtbot, player.pause_button)
    player.tick(3 + 6 * 2)
    click(qtbot, player.stop_button)
    click(qtbot, player.confirm_stop)
    rate(qtbot, session)
    click(qtbot, session.after.pain.button(2))
    click(qtbot, session.after.next_button)
    assert session.current_screen() is session.summary
    decisions = " ".join(session.summary.decision_texts)
    assert "Sit to stand" not in decisions, decisions
    assert "Farmer" not in decisions
    qtbot.keyClick(session.summary.save_button, Qt.Key.Key_Return)
    assert session.current_screen() is session.saved
