"""The assessment flow, clicked through every branch: CLEAR to plan, each tier's stop screen, under 18, resume after a
restart, keyboard only, and body-map clicks on each view."""

from __future__ import annotations

import sqlite3
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


def fill_about(qtbot: Any, page: Any, age: int = 40, flags: tuple[str, ...] = ()) -> None:
    view = page.current_view()
    assert view.STEP == "about"
    view.age.setValue(age)
    click(qtbot, view.first_episode.buttons["NO"])
    click(qtbot, view.duration.buttons["8"])
    for flag in flags:
        view.flags[flag].setChecked(True)
    click(qtbot, view.prone.buttons["YES"])
    click(qtbot, view.band.buttons["NO"])
    view.country.setCurrentIndex(view.country.findData("UK"))
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
        nxt(qtbot, page)


def mark_low_back(qtbot: Any, page: Any) -> None:
    view = page.current_view()
    assert view.STEP == "bodymap"
    view.editor.set_marked("LOW_BACK_C", True)
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
        row.name.setCurrentText(name)
        click(qtbot, row.scale.button(rating))
    nxt(qtbot, page)


def do_movement(qtbot: Any, page: Any, *, bridge_s: float = 40.0) -> None:
    view = page.current_view()
    assert view.STEP == "movement"
    if view.index < 0:
        nxt(qtbot, page)  # the intro card
    while _step(page) == "movement":
        test = view.pages[view.index]
        click(qtbot, test.pain_before.button(2))
        if test.test_id == "MT-BRIDGE":
            test.timer.set_seconds(bridge_s)
            click(qtbot, test.questions["end_reason"].widget.buttons["form_lost"])
            click(qtbot, test.questions["pain_after"].widget.button(2))
        else:
            click(qtbot, test.unsafe_button)
            for q in test.questions.values():
                if not q.isHidden():
                    click(qtbot, q.widget.button(2))
        nxt(qtbot, page)


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
        ({"RF10": "YES"}, {"RF10_fever_and_very_unwell": "YES"}, "paused", "CLINICIAN_SOON"),
        ({"RF14": "YES"}, {}, "caution", "CAUTION"),
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
        assert not window.rail.isEnabled()  # nothing else reachable (8.3)
        assert rows(app_ctx, "SELECT kind FROM event WHERE kind = 'red_flag'") == [("red_flag",)]
    elif step == "paused":
        assert "keep gently active" in shown
        assert window.rail.isEnabled()
        assert view.same_day.isVisibleTo(view) == ("RF10" in answers)
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
    assert window.rail.isEnabled()
    assert all(b.choice.value() is None for b in page.current_view().blocks.values())  # a fresh screen
    assert rows(app_ctx, "SELECT cleared_by FROM screening") == [("patient",)]


def test_body_map_saddle_routes_to_emergency(qtbot: Any, app_ctx: Any) -> None:
    _w, page = _window(qtbot, app_ctx)
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    view = page.current_view()
    view.editor.saddle_checkbox.setChecked(True)
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
    nxt(qtbot, page)
    fill_about(qtbot, page)
    answer_screening(qtbot, page, {})
    mark_low_back(qtbot, page)
    fill_questionnaires(qtbot, page)
    do_movement(qtbot, page)
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
    key(qtbot, window, page.next_button, Qt.Key.Key_Return)
    assert _step(page) == "screening", page.error.text()
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
