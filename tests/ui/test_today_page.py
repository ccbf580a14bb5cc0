"""Today: before the assessment, with a plan (session, topic, week, flare), on a rest day, and the exercise page."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))
from test_session_flow import MONDAY, do_checkin, make_profile, open_window


def test_before_the_assessment_today_offers_it(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.services.profiles import ProfileService

    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Ana", accept_notice=True)
    window = open_window(qtbot, app_ctx, profile)
    today = window.current_page()
    assert today.NAME == "today"
    assert today.start_card.isVisibleTo(today)
    assert not today.plan_card.isVisibleTo(today) and not today.checkin_card.isVisibleTo(today)
    assert window.focusWidget() is today.start_button  # the next step, not "Switch person"


def test_today_with_a_plan_shows_session_topic_week_and_new_symptom(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    window.show_page("today")  # "Not now": the check-in stays on Today
    today = window.current_page()
    assert today.checkin_card.isVisibleTo(today)
    assert "How did your back feel when you got up?" in today.checkin_text.text()
    assert today.plan_title.text() == "Today's session"
    assert "8 exercises" in today.plan_body.text()
    assert today.topic_title.text() == "Today's topic: Back pain is common and usually settles"
    assert today.topic_more.isHidden()
    qtbot.mouseClick(today.topic_more_button, Qt.MouseButton.LeftButton)
    assert today.topic_more.isVisibleTo(today)
    assert "This week: 0 of 3 sessions done." in today.progress_text.text()
    assert today.flare_button.isVisibleTo(today) and today.new_symptom_button.isVisibleTo(today)
    qtbot.mouseClick(today.learn_button, Qt.MouseButton.LeftButton)
    assert window.current_page().NAME == "learn"


def test_rest_day_and_the_exercise_page(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    app_ctx.clock.set(MONDAY + timedelta(days=1))
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    today = window.current_page()
    assert today.plan_title.text() == "Rest day"
    assert "Wednesday" in today.plan_body.text()
    assert not today.session_button.isVisibleTo(today)
    first = today.exercise_list.itemAt(0).widget()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page.NAME == "exercise" and page.name.text() == "Cat-camel"
    assert "Key points" in " ".join(w.text() for w in page.findChildren(type(page.name)))
    assert page.history_lines == []


def test_a_clinicians_plan_on_a_new_patient_asks_the_safety_questions_first(qtbot: Any, app_ctx: Any,
                                                                         tmp_path: Path) -> None:
    """A hand-off file gives a patient who never did the assessment the clinician's plan: Today shows the plan, not
    the first assessment, and asks the full safety questions before the first session (ref 1.4, RS-NEVER)."""
    from backtrainer.content.exercises import load_library
    from backtrainer.services import handoff
    from backtrainer.services.profiles import ProfileService

    source = make_profile(app_ctx)
    key = handoff.derive_key(handoff.new_handoff_code())
    path = handoff.save_handoff(app_ctx.db(), source.id, tmp_path / "plan.btplan", key, clinician_id="c1",
                                clinic_name="Clinic", clock=app_ctx.clock)
    patient = ProfileService(app_ctx.db(), app_ctx.clock).create("Noor", accept_notice=True)
    handoff.load_handoff(app_ctx.db(), patient.id, path, key, load_library(), clinician_id="c1",
                         reason="New patient", clock=app_ctx.clock)
    window = open_window(qtbot, app_ctx, patient)
    window.show_page("today")
    today = window.current_page()
    assert not today.start_card.isVisibleTo(today)  # no first assessment: the clinician set the plan
    assert today.rescreen_card.isVisibleTo(today)
    assert "before you start" in today.rescreen_text.text()
    assert today.plan_title.text() == "First, the safety questions"
    assert not today.session_button.isVisibleTo(today)
    assert today.exercise_list.count() > 0  # the plan can be read already
    qtbot.mouseClick(today.rescreen_button, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page.NAME == "assessment"
    qtbot.waitUntil(lambda: page.current_view() is not None and page.current_view().STEP == "about", timeout=3000)


def test_after_the_check_in_today_says_saved_and_the_focus_is_on_the_session(qtbot: Any, app_ctx: Any) -> None:
    """Issue 16 / 20.11: a "saved" line, and the keyboard focus on the next step, never on "Switch person"."""
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    today = window.current_page()
    assert today.NAME == "today"
    assert today.saved_card.isVisibleTo(today)
    assert today.saved_text.text().startswith("Your check-in is saved.")
    assert window.focusWidget() is today.session_button
    assert window.focusWidget() is not window.switch_button
    # Enter on the focused button starts the session: the next sensible step, by keyboard alone.
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert window.current_page().NAME == "session"
    window.show_page("today")
    assert not today.saved_card.isVisibleTo(today)  # the note is for the moment after the save


def test_coming_back_to_today_puts_the_focus_on_the_next_step(qtbot: Any, app_ctx: Any) -> None:
    """Back on Today the focus is on the session, never left on the rail, "Switch person" or the flare button."""
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    today = window.current_page()
    qtbot.mouseClick(today.learn_button, Qt.MouseButton.LeftButton)
    assert window.current_page().NAME == "learn"
    qtbot.mouseClick(window.rail.buttons["today"], Qt.MouseButton.LeftButton)
    assert window.current_page() is today
    assert window.focusWidget() is today.session_button
