"""The assessment flow, clicked through every branch: CLEAR to plan, each tier's stop screen, under 18, resume after a
restart, keyboard only, and body-map clicks on each view.

Values go in only through QTest key and mouse events on the real widgets (keyClicks, mouseClick, keyClick), never
setValue / setText / setChecked on an input, so a field a person cannot type into fails a test (issue 16).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from backtrainer.store.records import StartupData
from backtrainer.ui.app_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


# --- helpers ------------------------------------------------------------------------------------------------------


def _window(qtbot: Any, ctx: Any, nickname: str = "Sam") -> tuple[MainWindow, Any]:
    from backtrainer.services.profiles import ProfileService

    service = ProfileService(ctx.db(), ctx.clock)
    existing = service.list()
    profile = existing[0] if existing else service.create(nickname, accept_notice=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # focus and key events as on a real desktop
    qtbot.waitUntil(window.isActiveWindow)
    window.populate(StartupData(profiles=[profile]))
    window.show_page("assessment")
    page = window.current_page()
    assert page is not None and page.NAME == "assessment"
    return window, page


def _step(page: Any) -> str:
    return str(page.current_view().STEP)


def click(qtbot: Any, widget: QWidget) -> None:
    assert widget.isVisibleTo(widget.window()), f"{widget.accessibleName()} is hidden"
    assert widget.isEnabled(), f"{widget.accessibleName()} is disabled"
    qtbot.mouseClick(widget, LEFT)


def nxt(qtbot: Any, page: Any) -> None:
    click(qtbot, page.next_button)


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    """Click into a field and type, as a person does (what was there is replaced: its text is selected)."""
    click(qtbot, widget)
    qtbot.wait(1)  # the field selects its text on the next event-loop pass
    qtbot.keyClicks(widget, text)


def choose(qtbot: Any, combo: Any, text: str) -> None:
    """Pick a drop-down entry by typing its first letters on the drop-down (reached as with Tab)."""
    assert combo.isVisibleTo(combo.window()) and combo.isEnabled()
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def fill_about(qtbot: Any, page: Any, age: int = 40, flags: tuple[str, ...] = ()) -> None:
    view = page.current_view()
    assert view.STEP == "about"
    type_into(qtbot, view.age, str(age))
    assert view.age.text() == str(age)
    click(qtbot, view.first_episode.buttons["NO"])
    click(qtbot, view.duration.buttons["8"])
    for flag in flags:
        click(qtbot, view.flags[flag])
    click(qtbot, view.prone.buttons["YES"])
    click(qtbot, view.band.buttons["NO"])
    choose(qtbot, view.country, "United")
    nxt(qtbot, page)


def answer_screening(qtbot: Any, page: Any, answers: dict[str, str], followups: dict[str, str] | None = None) -> None:
    view = page.current_view()
    assert view.STEP == "screening"
    from backtrainer.ui.pages.assessment.screening import GROUPS

    for group in GROUPS:
        for qid in group:
            block = view.blocks[qid]
            click(qtbot, block.choice.buttons[answers.get(qid, "NO")])
            if block.followup is not None and not block.followup_frame.isHidden():
                click(qtbot, block.followup.buttons[(followups or {}).get(block.followup_id, "NO")])
            if _step(page) != "screening":
                return  # an emergency answer stops the questions at once
        nxt(qtbot, page)
        if _step(page) != "screening":
            return


def click_region(qtbot: Any, editor: Any, region: str) -> None:
    from backtrainer.ui.widgets import body_map_figure as geo

    view = geo.views_of(region)[0]
    click(qtbot, editor.view_buttons[view])
    figure = editor.figure
    qtbot.mouseClick(figure, LEFT, pos=figure.region_center(region).toPoint())


def mark_low_back(qtbot: Any, page: Any) -> None:
    view = page.current_view()
    assert view.STEP == "bodymap"
    click_region(qtbot, view.editor, "LOW_BACK_C")
    panel = view.editor.detail_panel("LOW_BACK_C")
    click(qtbot, panel.quality_buttons["ACHING"])
    click(qtbot, panel.intensity_buttons[5])
    nxt(qtbot, page)


def fill_questionnaires(qtbot: Any, page: Any) -> None:
    view = page.current_view()
    assert view.STEP == "questionnaires"
    click(qtbot, view.pages[view.index].scale.button(4))  # NPRS
    nxt(qtbot, page)
    for _ in range(8):
        click(qtbot, view.pages[view.index].choice.buttons["disagree"])
        nxt(qtbot, page)
    click(qtbot, view.pages[view.index].choice.buttons["slightly"])
    nxt(qtbot, page)
    psfs = view.pages[view.index]
    for row, (name, rating) in zip(psfs.rows, (("Lifting", 3), ("Walking", 5), ("Sleeping", 6)), strict=False):
        type_into(qtbot, row.name.lineEdit(), name)
        click(qtbot, row.scale.button(rating))
    nxt(qtbot, page)


def do_movement(qtbot: Any, page: Any, *, bridge_s: float = 40.0,
                each: Callable[[Any, str], None] | None = None) -> None:
    """Every movement check answered by clicks (the bridge timed by typing); ``each(test, moment)`` is called on
    each check as it opens ("open") and once it is answered ("answered"), for tests that look at every check."""
    view = page.current_view()
    assert view.STEP == "movement"
    if view.index < 0:
        nxt(qtbot, page)  # the intro card
    while _step(page) == "movement":
        test = view.pages[view.index]
        if each is not None:
            each(test, "open")
        click(qtbot, test.pain_before.button(2))
        if test.test_id == "MT-BRIDGE":
            type_into(qtbot, test.timer.manual, f"{bridge_s:g}")
            click(qtbot, test.questions["end_reason"].widget.buttons["form_lost"])
            click(qtbot, test.questions["pain_after"].widget.button(2))
        else:
            click(qtbot, test.unsafe_button)
            for q in test.questions.values():
                if not q.isHidden():
                    click(qtbot, q.widget.button(2))
        if each is not None:
            each(test, "answered")
        nxt(qtbot, page)


def run_to_plan(qtbot: Any, page: Any) -> None:
    """From the assessment's first screen to the plan, every step answered as a person does (a CLEAR run)."""
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    fill_questionnaires(qtbot, page)
    do_movement(qtbot, page)
    assert _step(page) == "plan"


def rows(ctx: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(ctx.paths.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def texts(widget: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget))


# --- the branches -----------------------------------------------------------------------------------------------------


def test_clear_run_to_plan(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    assert _step(page) == "intro"
    nxt(qtbot, page)
    assert _step(page) == "about"
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    assert _step(page) == "bodymap"
    mark_low_back(qtbot, page)
    assert _step(page) == "questionnaires"
    fill_questionnaires(qtbot, page)
    assert _step(page) == "movement"
    do_movement(qtbot, page)
    assert _step(page) == "plan"
    plan_text = texts(page.current_view())
    assert "You held the bridge for 40 seconds. We start the bridge at level 2." in plan_text
    assert "Your week" in plan_text
    nxt(qtbot, page)
    assert _step(page) == "done"
    assert rows(app_ctx, "SELECT json_extract(assessment_state, '$.done') FROM profile") == [(1,)]
    assert rows(app_ctx, "SELECT level FROM plan_chain WHERE chain = 'GLU'") == [(2,)]
    assert rows(app_ctx, "SELECT count(*) FROM questionnaire_response") == [(3,)]
    assert rows(app_ctx, "SELECT count(*) FROM movement_test") == [(8,)]
    window.show_page("today")
    today = window.current_page()
    assert today.plan_card.isVisibleTo(today) and not today.start_card.isVisibleTo(today)


@pytest.mark.parametrize(
    ("answers", "followups", "step", "tier"),
    [
        ({"RF01": "YES"}, {}, "emergency", "EMERGENCY"),
        ({"RF02": "YES"}, {"RF02_changed_since_pain": "YES"}, "emergency", "EMERGENCY"),
        ({"RF08": "YES"}, {}, "paused", "CLINICIAN_SOON"),
        ({"RF10a": "YES"}, {"RF10_fever_and_very_unwell": "YES"}, "paused", "CLINICIAN_SOON"),
        ({"RF14a": "YES", "RF14b": "YES", "RF14c": "YES", "RF14d": "YES"}, {}, "caution", "CAUTION"),
    ],
)
def test_each_tier_routes(qtbot: Any, app_ctx: Any, answers: dict[str, str], followups: dict[str, str], step: str,
                          tier: str) -> None:
    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, answers, followups)
    assert _step(page) == step
    assert rows(app_ctx, "SELECT tier FROM screening") == [(tier,)]
    view = page.current_view()
    shown = texts(view)
    if step == "emergency":
        assert "Call 999" in shown
        assert window.rail.locked and not window.rail.buttons["learn"].isEnabled()  # nothing else (8.3)
        assert rows(app_ctx, "SELECT kind FROM event WHERE kind = 'red_flag'") == [("red_flag",)]
    elif step == "paused":
        assert "keep gently active" in shown
        assert not window.rail.locked
        assert view.same_day.isVisibleTo(view) == ("RF10a" in answers)
        click(qtbot, view.today_button)
        assert window.current_page().NAME == "today"
        today = window.current_page()
        assert today.pause_card.isVisibleTo(today)
    else:
        assert "Please book a routine visit" in shown
        click(qtbot, view.continue_button)
        assert _step(page) == "bodymap"


def test_emergency_then_checked_by_doctor_needs_a_fresh_screen(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {"RF06": "YES"})
    view = page.current_view()
    assert view.STEP == "emergency"
    click(qtbot, view.checked)
    click(qtbot, view.confirm_yes)
    assert _step(page) == "screening"
    assert not window.rail.locked and window.rail.buttons["learn"].isEnabled()
    assert all(b.choice.value() is None for b in page.current_view().blocks.values())  # a fresh screen
    assert rows(app_ctx, "SELECT cleared_by FROM screening") == [("patient",)]


def test_body_map_saddle_routes_to_emergency(qtbot: Any, app_ctx: Any) -> None:
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    view = page.current_view()
    click(qtbot, view.editor.saddle_checkbox)
    click(qtbot, view.editor.detail_panel("SADDLE").quality_buttons["NUMB"])
    nxt(qtbot, page)
    assert _step(page) == "emergency"
    assert "a changed feeling between your legs" in texts(page.current_view())


def test_under_18_sees_adults_only(qtbot: Any, app_ctx: Any) -> None:
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page, age=16)
    assert _step(page) == "not_eligible"
    assert "This program is for adults" in texts(page.current_view())
    click(qtbot, page.current_view().change)
    assert _step(page) == "about" and page.current_view().age.value() == 16


def test_resume_after_restart_and_back_keeps_answers(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {"RF13": "YES"}, {"RF13_numbness_new": "NO"})
    assert _step(page) == "caution"
    window.close()
    # "Restart": a new window over the same data opens Today with "Carry on", then the flow resumes.
    window2, page2 = _window(qtbot, app_ctx)
    assert _step(page2) == "bodymap"
    window2.show_page("today")
    today = window2.current_page()
    assert today.start_button.text() == "Carry on with your assessment"
    window2.show_page("assessment")
    # Back to the safety questions: the saved answers are shown.
    click(qtbot, page2.back_button)
    view = page2.current_view()
    assert view.STEP == "screening"
    assert view.blocks["RF13"].choice.value() == "YES"
    assert view.blocks["RF13"].followup.value() == "NO"
    assert view.blocks["RF01"].choice.value() == "NO"
    # Back inside the step moves between screens without losing answers.
    click(qtbot, page2.back_button)
    nxt(qtbot, page2)
    assert view.blocks["RF13"].choice.value() == "YES"


def test_rescreen_from_new_symptom_button_keeps_old_records(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    run_to_plan(qtbot, page)
    nxt(qtbot, page)
    assert _step(page) == "done"
    window.show_page("today")
    today = window.current_page()
    click(qtbot, today.new_symptom_button)
    assert window.current_page() is page and _step(page) == "screening"
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    assert _step(page) == "rescreen_done"
    assert rows(app_ctx, "SELECT count(*) FROM screening") == [(2,)]
    assert rows(app_ctx, "SELECT count(*) FROM body_map") == [(2,)]


# --- body map clicks -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view_name", "region"),
    [
        ("front", "THIGH_FRONT_L"),
        ("front", "SHIN_R"),
        ("back", "LOW_BACK_C"),
        ("back", "CALF_L"),
        ("back", "BUTTOCK_R"),
        ("side", "HIP_OUTER_L"),
        ("side", "THIGH_OUTER_R"),
    ],
)
def test_body_map_clicks_map_to_region_ids(qtbot: Any, app_ctx: Any, view_name: str, region: str) -> None:
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    editor = page.current_view().editor
    click(qtbot, editor.view_buttons[view_name])
    figure = editor.figure
    assert figure.view() == view_name
    point = figure.region_center(region).toPoint()
    assert figure.region_at(figure.region_center(region)) == region
    qtbot.mouseClick(figure, LEFT, pos=point)
    assert editor.marked() == [region]
    click(qtbot, editor.detail_panel(region).quality_buttons["ACHING"])
    nxt(qtbot, page)
    assert rows(app_ctx, "SELECT region_id FROM body_map_region") == [(region,)]


# --- keyboard only ---------------------------------------------------------------------------------------------------


def _tab_to(qtbot: Any, window: QWidget, target: QWidget, limit: int = 400) -> None:
    """Press Tab until ``target`` has focus (fails if the Tab order never reaches it)."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        focus = QApplication.focusWidget() or window
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def _tab_to_any(qtbot: Any, window: QWidget, targets: list[QWidget], limit: int = 400) -> QWidget:
    for _ in range(limit):
        if QApplication.focusWidget() in targets:
            return QApplication.focusWidget()
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {[t.accessibleName() for t in targets]}")


def key(qtbot: Any, window: QWidget, target: QWidget, which: Qt.Key = Qt.Key.Key_Space) -> None:
    """Reach ``target`` with Tab from where the focus is (and the arrow keys inside an answer group, which is one
    Tab stop like a radio group), then press a key on it."""
    from backtrainer.ui.pages.assessment.common import ChoiceGroup
    from backtrainer.ui.widgets.pain_scale import PainScale

    group = target.parent()
    if isinstance(group, (ChoiceGroup, PainScale)):
        members = list(group.buttons.values()) if isinstance(group, ChoiceGroup) else group.buttons()
        assert any(m.focusPolicy() & Qt.FocusPolicy.TabFocus for m in members), f"{group.accessibleName()}: no Tab"
        current = _tab_to_any(qtbot, window, members)
        for _ in range(len(members)):
            if current is target:
                break
            step = Qt.Key.Key_Right if members.index(target) > members.index(current) else Qt.Key.Key_Left
            qtbot.keyClick(current, step)
            current = QApplication.focusWidget()
        assert current is target, f"arrow keys never reached {target.accessibleName()!r}"
    else:
        assert target.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{target.accessibleName()} is not reachable by Tab"
        _tab_to(qtbot, window, target)
    qtbot.keyClick(target, which)


def test_keyboard_only_run_of_the_whole_flow(qtbot: Any, app_ctx: Any) -> None:
    window, page = _window(qtbot, app_ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.next_button.setFocus()
    qtbot.keyClick(page.next_button, Qt.Key.Key_Return)  # Start
    about = page.current_view()
    about.nickname.setFocus()
    qtbot.keyClick(about.nickname, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is about.age
    qtbot.keyClicks(about.age, "41")
    key(qtbot, window, about.first_episode.buttons["NO"])
    key(qtbot, window, about.duration.buttons["3"])
    key(qtbot, window, about.prone.buttons["YES"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # arrows move within a group
    assert QApplication.focusWidget() is about.prone.buttons["NO"]
    key(qtbot, window, about.band.buttons["NO"])
    _tab_to(qtbot, window, about.country)
    qtbot.keyClicks(about.country, "United")  # a drop-down takes typed letters
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "screening", page.problem_texts()
    screening = page.current_view()
    from backtrainer.ui.pages.assessment.screening import GROUPS

    for group in GROUPS:
        for qid in group:
            key(qtbot, window, screening.blocks[qid].choice.buttons["NO"])
        key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "bodymap"
    editor = page.current_view().editor
    key(qtbot, window, editor.region_list, Qt.Key.Key_Home)
    for _ in range(40):
        item = editor.region_list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == "LOW_BACK_C":
            break
        qtbot.keyClick(editor.region_list, Qt.Key.Key_Down)
    qtbot.keyClick(editor.region_list, Qt.Key.Key_Space)
    assert editor.marked() == ["LOW_BACK_C"]
    key(qtbot, window, editor.detail_panel("LOW_BACK_C").quality_buttons["ACHING"])
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "questionnaires", page.error.text()
    q = page.current_view()
    key(qtbot, window, q.pages[0].scale.button(3))
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    for _ in range(8):
        key(qtbot, window, q.pages[q.index].choice.buttons["agree"])
        key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    key(qtbot, window, q.pages[q.index].choice.buttons["moderately"])
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    psfs = q.pages[q.index]
    for row, text in zip(psfs.rows[:3], ("Lifting", "Walking", "Driving"), strict=True):
        _tab_to_any(qtbot, window, [row.name, row.name.lineEdit()])
        qtbot.keyClicks(QApplication.focusWidget(), text)
        key(qtbot, window, row.scale.button(5))
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "movement", page.error.text()
    m = page.current_view()
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)  # intro card
    while _step(page) == "movement":
        test = m.pages[m.index]
        key(qtbot, window, test.pain_before.button(1))
        key(qtbot, window, test.unsafe_button)
        for question in test.questions.values():
            if not question.isHidden():
                key(qtbot, window, question.widget.button(1))
        key(qtbot, window, page.next_button, Qt.Key.Key_Return)
        assert not page.error_frame.isVisibleTo(page), page.error.text()
    assert _step(page) == "plan"
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "done"
    assert rows(app_ctx, "SELECT json_extract(assessment_state, '$.done') FROM profile") == [(1,)]


def test_every_interactive_widget_has_an_accessible_name(qtbot: Any, app_ctx: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    _w, page = _window(qtbot, app_ctx)
    for step in ("intro", "about", "screening", "bodymap", "questionnaires", "movement", "emergency", "paused",
                 "caution", "done", "rescreen_done", "not_eligible"):
        view = page.view(step)
        for widget in view.findChildren(QWidget):
            if isinstance(widget, (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit)):
                if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                    continue
                assert widget.accessibleName() or widget.text(), f"{step}: {widget!r} has no accessible name"


# --- issue 16 and issue 20: what a person saw with real input ---------------------------------------------------


def _to_movement(qtbot: Any, page: Any, test_id: str) -> Any:
    """Walk to the movement check ``test_id`` (earlier checks answered "I couldn't do this safely")."""
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    fill_questionnaires(qtbot, page)
    view = page.current_view()
    nxt(qtbot, page)  # intro card
    while view.pages[view.index].test_id != test_id:
        test = view.pages[view.index]
        click(qtbot, test.pain_before.button(2))
        click(qtbot, test.unsafe_button)
        for q in test.questions.values():
            if not q.isHidden():
                click(qtbot, q.widget.button(2))
        nxt(qtbot, page)
    window = page.window()
    window.activateWindow()  # the video of a check can take the activation away on the offscreen platform
    qtbot.waitUntil(window.isActiveWindow)
    return view.pages[view.index]


def test_age_is_typed_shown_and_its_error_sits_next_to_it(qtbot: Any, app_ctx: Any) -> None:
    """Issue 16: the age box shows its hint and the typed digits; the error is under it, scrolled to, focused."""
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 768)
    nxt(qtbot, page)
    about = page.current_view()
    assert about.age.placeholderText() == "Type your age" and about.age.text() == ""
    # everything else answered, the age left empty
    click(qtbot, about.first_episode.buttons["NO"])
    click(qtbot, about.duration.buttons["8"])
    click(qtbot, about.prone.buttons["YES"])
    click(qtbot, about.band.buttons["NO"])
    choose(qtbot, about.country, "United")
    nxt(qtbot, page)
    assert _step(page) == "about"
    assert page.problem_texts() == ["⚠  Please tell us your age."]
    message = page._field_errors[0][0]
    layout = about.age.parentWidget().layout()
    assert layout.indexOf(message) == layout.indexOf(about.age) + 1  # right under the age box
    assert QApplication.focusWidget() is about.age
    qtbot.wait(5)
    viewport = page.area.viewport()
    top = about.age.mapTo(viewport, about.age.rect().topLeft()).y()
    assert 0 <= top < viewport.height()  # scrolled into view
    qtbot.keyClicks(about.age, "47")
    assert about.age.text() == "47" and about.age.value() == 47
    assert page.problem_texts() == []  # the message went away once answered
    qtbot.keyClick(about.age, Qt.Key.Key_Return)  # Enter presses Next
    assert _step(page) == "screening"


def test_country_from_about_you_shows_in_settings(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 6: one stored country; Settings shows the one chosen in About you, and writes it back."""
    window, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    window.show_page("settings")
    settings = window.current_page()
    assert settings.emergency.currentText() == "United Kingdom: 999"
    choose(qtbot, settings.emergency, "Australia")
    assert rows(app_ctx, "SELECT emergency_number, json_extract(assessment_state, '$.about.country') "
                         "FROM profile") == [("000", "AU")]


def test_emergency_yes_stops_at_once_and_names_only_it(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 1: the first emergency answer stops the questions (no "Save answers" after all of them),
    and the first sentence names only that (not the routine checks of age or health history)."""
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    view = page.current_view()
    type_into(qtbot, view.age, "58")
    click(qtbot, view.first_episode.buttons["YES"])  # RF-AGE1, a CLINICIAN_SOON rule
    click(qtbot, view.duration.buttons["8"])
    click(qtbot, view.prone.buttons["YES"])
    click(qtbot, view.band.buttons["NO"])
    choose(qtbot, view.country, "United")
    nxt(qtbot, page)
    screening = page.current_view()
    assert QApplication.focusWidget() is screening.blocks["RF01"].text  # focus never starts on "Yes"
    click(qtbot, screening.blocks["RF01"].choice.buttons["YES"])
    assert _step(page) == "emergency"
    assert rows(app_ctx, "SELECT kind, tier, reasons FROM screening") == [("partial", "EMERGENCY", '["RF01"]')]
    shown = page.current_view().text.text()
    assert shown.startswith("You told us about a changed feeling between your legs or around your bottom.")
    assert "first time" not in shown


def test_back_and_next_stay_on_screen_on_every_step(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 7: no blank screen above Back / Next; the bar is in the window on short and long steps."""
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 768)

    def check() -> None:
        qtbot.wait(5)
        bar = page.next_button.mapTo(window, page.next_button.rect().bottomLeft())
        assert bar.y() <= window.height(), f"{_step(page)}: Next is below the window"
        view = page.current_view()
        assert page.stack.height() <= view.sizeHint().height() + 40, f"{_step(page)}: blank space under the step"

    check()
    nxt(qtbot, page)
    check()
    fill_about(qtbot, page)
    check()  # the safety questions: a short step after a long one
    answer_screening(qtbot, page, {})
    check()


def test_tab_goes_through_the_questions_before_back_and_next(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 8: Tab order is questions first, then Back, then Next."""
    window, page = _window(qtbot, app_ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    screening = page.current_view()
    start = QApplication.focusWidget()
    seen: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is page.next_button:
            break
    assert start is screening.blocks["RF01"].text
    back, answers = seen.index(page.back_button), [w for w in seen if screening.isAncestorOf(w)]
    assert seen[back + 1] is page.next_button
    assert all(seen.index(w) < back for w in answers) and len(answers) >= 3


def test_unanswered_question_message_is_under_it_and_clears(qtbot: Any, app_ctx: Any) -> None:
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    view = page.current_view()
    click(qtbot, view.blocks["RF01"].choice.buttons["NO"])
    nxt(qtbot, page)
    assert len(page.problem_texts()) == 2  # RF02 and RF03, each under its own answers
    for qid in ("RF02", "RF03"):
        block = view.blocks[qid]
        layout = block.layout()
        assert any(layout.indexOf(m) == layout.indexOf(block.choice) + 1 for m, _f, _c in page._field_errors)
    click(qtbot, view.blocks["RF02"].choice.buttons["NO"])
    assert len(page.problem_texts()) == 1


def test_timer_fills_the_boxes_visibly_and_typing_replaces(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 2: a 13.8 s run shows "13.8"; typing 12 into it gives 12, not "20:13.8"."""
    _w, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-SLS")
    clock = [100.0]
    test.timer._now = lambda: clock[0]
    test.timer.countdown_s = 0
    click(qtbot, test.timer.start_button)
    clock[0] += 13.8
    click(qtbot, test.timer.start_button)  # Stop
    first = test.sides.boxes["right"][0]
    assert first.text() == "13.8"
    assert "Next: Right leg, try 2" in test.slot_hint.text()
    type_into(qtbot, first, "12")
    assert first.text() == "12" and first.value() == 12
    for box in [*test.sides.boxes["right"][1:], *test.sides.boxes["left"]]:
        type_into(qtbot, box, "20")
    assert test.slot_hint.text().startswith("All tries are filled in")
    assert test.sides.values() == {"right": [12.0, 20.0, 20.0], "left": [20.0, 20.0, 20.0]}


def test_walk_is_typed_in_minutes(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 3: 10 is ten minutes, 10:30 is ten and a half, and the unit is on screen."""
    _w, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-WALK")
    assert test.timer.manual_unit.text() == "minutes"
    type_into(qtbot, test.timer.manual, "10")
    assert test.timer.seconds() == 600
    qtbot.keyClick(test.timer.manual, Qt.Key.Key_Tab)  # leave the box, then come back and type again
    type_into(qtbot, test.timer.manual, "10:30")
    assert test.timer.manual.text() == "10:30" and test.timer.seconds() == 630
    assert "10:30" in test.timer.display.text()


def test_fingertip_to_floor_has_no_default(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 5: the distance is empty until typed; Next without it asks for it."""
    _w, page = _window(qtbot, app_ctx)
    test = _to_movement(qtbot, page, "MT-FTF")
    box = test.questions["distance_cm"].widget
    assert box.text() == "" and box.value() is None
    click(qtbot, test.pain_before.button(1))
    for key in ("pain_during", "fear_rating"):
        click(qtbot, test.questions[key].widget.button(2))
    click(qtbot, test.questions["leg_symptoms_provoked"].widget.buttons["NO"])
    nxt(qtbot, page)
    assert page.problem_texts() == ["⚠  Please answer this question."]
    assert QApplication.focusWidget() is box
    qtbot.keyClicks(box, "12")
    nxt(qtbot, page)
    assert rows(app_ctx, "SELECT json_extract(data, '$.distance_cm') FROM movement_test "
                         "WHERE test_id = 'MT-FTF'") == [(12.0,)]


def test_the_wheel_scrolls_the_page_not_a_drop_down(qtbot: Any, app_ctx: Any) -> None:
    """Issue 20 item 4: a wheel turn over an unfocused drop-down scrolls the page and keeps the answer."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    from backtrainer.ui.widgets.wheel_guard import install

    install(QApplication.instance())
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 600)
    nxt(qtbot, page)
    about = page.current_view()
    qtbot.wait(20)  # laid out at the new size: the page can scroll
    choose(qtbot, about.country, "United")
    page.area.verticalScrollBar().setValue(0)
    about.nickname.setFocus()
    before = about.country.currentText()
    centre = QPointF(about.country.rect().center())
    event = QWheelEvent(centre, QPointF(about.country.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(about.country, event)
    assert about.country.currentText() == before
    assert page.area.verticalScrollBar().value() > 0


def test_not_sure_on_an_emergency_question_stops_when_leaving_the_screen(qtbot: Any, app_ctx: Any) -> None:
    """A "Not sure" shows the re-check note first (ref 1.2) and can be changed; kept, it stops at Next."""
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    view = page.current_view()
    block = view.blocks["RF01"]
    click(qtbot, block.choice.buttons["NOT_SURE"])
    assert _step(page) == "screening" and block.not_sure.isVisibleTo(block)
    click(qtbot, block.choice.buttons["NO"])  # re-checked: No
    click(qtbot, view.blocks["RF02"].choice.buttons["NO"])
    click(qtbot, view.blocks["RF03"].choice.buttons["NOT_SURE"])
    assert _step(page) == "screening"
    nxt(qtbot, page)
    assert _step(page) == "emergency"
    assert rows(app_ctx, "SELECT reasons FROM screening") == [('["RF03"]',)]


def test_a_cleared_answer_is_not_drawn_as_chosen(qtbot: Any, app_ctx: Any) -> None:
    """Seen in the walk: after Back to About you and Next again, the safety answers were cleared but the old
    "No" buttons still looked chosen (an exclusive button group does not uncheck)."""
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    view = page.current_view()
    click(qtbot, view.blocks["RF01"].choice.buttons["NO"])
    view.enter(None)  # what a fresh screen does (after "I have been checked", or a new run)
    assert view.blocks["RF01"].choice.value() is None
    assert not any(b.isChecked() for b in view.blocks["RF01"].choice.buttons.values())


def test_arrow_keys_in_an_answer_list_keep_the_focus_on_screen(qtbot: Any, app_ctx: Any) -> None:
    """Seen in the walk: Down through "How long has this lasted?" moved the focus below the window."""
    window, page = _window(qtbot, app_ctx)
    window.resize(1366, 600)
    nxt(qtbot, page)
    qtbot.wait(20)
    about = page.current_view()
    buttons = list(about.duration.buttons.values())
    buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(len(buttons) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    last = QApplication.focusWidget()
    assert last is buttons[-1]
    viewport = page.area.viewport()
    bottom = last.mapTo(viewport, last.rect().bottomLeft()).y()
    assert 0 < bottom <= viewport.height()
