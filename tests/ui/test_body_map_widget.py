"""Body-map figure and editor: hit-testing per view, left/right, hover, sync, keyboard-only use, accessibility."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QListWidget, QWidget

from backtrainer.ui.widgets.body_map import (
    SADDLE_ID,
    SADDLE_WORDING,
    BodyMapEditor,
    BodyMapFigure,
    QualityInfo,
    RegionEntry,
    RegionInfo,
)

FRONT = [
    "HEAD_JAW_L", "HEAD_JAW_R", "UPPER_ARM_L", "UPPER_ARM_R", "FOREARM_HAND_L", "FOREARM_HAND_R", "CHEST",
    "ABDOMEN", "GROIN_HIP_FRONT_L", "GROIN_HIP_FRONT_R", "THIGH_FRONT_L", "THIGH_FRONT_R", "KNEE_L", "KNEE_R",
    "SHIN_L", "SHIN_R", "FOOT_TOP_L", "FOOT_TOP_R",
]  # fmt: skip
BACK = [
    "NECK", "SHOULDER_L", "SHOULDER_R", "UPPER_ARM_L", "UPPER_ARM_R", "FOREARM_HAND_L", "FOREARM_HAND_R",
    "UPPER_BACK_L", "UPPER_BACK_R", "LOW_BACK_L", "LOW_BACK_C", "LOW_BACK_R", "BUTTOCK_L", "BUTTOCK_R",
    "THIGH_BACK_L", "THIGH_BACK_R", "KNEE_L", "KNEE_R", "CALF_L", "CALF_R", "FOOT_SOLE_HEEL_L",
    "FOOT_SOLE_HEEL_R", "SADDLE",
]  # fmt: skip
SIDE = ["HIP_OUTER_L", "HIP_OUTER_R", "THIGH_OUTER_L", "THIGH_OUTER_R"]
VIEW_REGIONS = {"front": FRONT, "back": BACK, "side": SIDE}


def _label(rid: str) -> str:
    words = rid.rsplit("_", 1)
    side = {"L": "your left side", "R": "your right side", "C": "middle"}.get(words[-1])
    base = (words[0] if side else rid).replace("_", " ").capitalize()
    return f"{base}, {side}" if side else base


ALL_IDS = list(dict.fromkeys([*FRONT, *BACK, *SIDE]))
REGIONS = [RegionInfo(rid, _label(rid), tuple(v for v, ids in VIEW_REGIONS.items() if rid in ids)) for rid in ALL_IDS]
QUALITIES = [
    QualityInfo("ACHING", "Aching / dull", "A dull, steady ache.", "ache"),
    QualityInfo("SHARP", "Sharp / stabbing", "A sharp or stabbing pain.", "zap"),
    QualityInfo("BURNING", "Burning", "A burning feeling.", "flame"),
    QualityInfo("PINS_NEEDLES", "Pins and needles / tingling", "Tingling.", "dots"),
    QualityInfo("NUMB", "Numb / reduced feeling", "Less feeling than usual.", "numb"),
    QualityInfo("SHOOTING", "Shooting / electric", "A shooting, electric pain.", "bolt"),
]


@pytest.fixture
def figure(qtbot):
    w = BodyMapFigure({r.id: r.label for r in REGIONS})
    qtbot.addWidget(w)
    w.resize(500, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def editor(qtbot):
    w = BodyMapEditor(REGIONS, QUALITIES)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def _click(qtbot, widget: QWidget, point: QPointF) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point.toPoint())


def _tab_until(qtbot, start: QWidget, wanted: QWidget, limit: int = 40) -> None:
    """Press Tab from ``start`` until ``wanted`` has the focus (fails after ``limit`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(limit):
        if QApplication.focusWidget() is wanted:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wanted, f"Tab never reached {wanted.accessibleName()!r}"


# ----------------------------------------------------------------------------------------------- figure


@pytest.mark.parametrize("view", ["front", "back", "side"])
def test_clicking_the_centre_of_every_region_selects_that_region(qtbot, figure, view):
    figure.set_view(view)
    assert sorted(figure.regions()) == sorted(VIEW_REGIONS[view])
    for rid in VIEW_REGIONS[view]:
        centre = figure.region_center(rid)
        assert figure.region_at(centre) == rid
        with qtbot.waitSignal(figure.regionClicked) as blocker:
            _click(qtbot, figure, centre)
        assert blocker.args == [rid]
        assert rid in figure.selected()
    assert figure.selected() == frozenset(VIEW_REGIONS[view])


def test_front_view_is_mirrored_and_back_view_is_not(figure):
    mid = figure.width() / 2
    figure.set_view("front")
    # the user's right leg is on the viewer's left in the front view
    assert figure.region_center("THIGH_FRONT_R").x() < mid < figure.region_center("THIGH_FRONT_L").x()
    assert figure.region_center("FOREARM_HAND_R").x() < mid
    assert (
        figure.region_at(
            QPointF(
                figure.region_center("SHIN_L").x() - 2 * (figure.region_center("SHIN_L").x() - mid),
                figure.region_center("SHIN_L").y(),
            )
        )
        == "SHIN_R"
    )
    figure.set_view("back")
    assert figure.region_center("CALF_L").x() < mid < figure.region_center("CALF_R").x()
    assert figure.region_center("LOW_BACK_L").x() < figure.region_center("LOW_BACK_C").x()
    assert figure.region_center("LOW_BACK_C").x() < figure.region_center("LOW_BACK_R").x()
    # the saddle is a small central area between the upper thighs, below the low back
    saddle = figure.region_center("SADDLE")
    assert abs(saddle.x() - mid) < figure.width() * 0.03
    assert figure.region_center("LOW_BACK_C").y() < saddle.y() < figure.region_center("KNEE_L").y()
    figure.set_view("side")
    assert figure.region_center("HIP_OUTER_L").x() < mid < figure.region_center("HIP_OUTER_R").x()


def test_region_center_answers_for_another_view_without_switching(figure):
    figure.set_view("front")
    point = figure.region_center("CALF_L", "back")
    assert figure.view() == "front"
    figure.set_view("back")
    assert figure.region_at(point) == "CALF_L"


def test_arms_and_knees_are_the_same_region_in_front_and_back(figure):
    for rid in ("UPPER_ARM_L", "FOREARM_HAND_R", "KNEE_L"):
        for view in ("front", "back"):
            figure.set_view(view)
            assert figure.region_at(figure.region_center(rid)) == rid


def test_empty_space_is_not_a_region(figure):
    assert figure.region_at(QPointF(2, figure.height() - 2)) is None
    assert figure.region_at(QPointF(figure.width() - 2, figure.height() / 2)) is None


def test_hover_emits_hovered_changed_and_shows_a_pointing_cursor(qtbot, figure):
    figure.set_view("back")
    with qtbot.waitSignal(figure.hoveredChanged) as blocker:
        qtbot.mouseMove(figure, figure.region_center("LOW_BACK_C").toPoint())
    assert blocker.args == ["LOW_BACK_C"]
    assert figure.cursor().shape() == Qt.CursorShape.PointingHandCursor
    with qtbot.waitSignal(figure.hoveredChanged) as blocker:
        qtbot.mouseMove(figure, QPoint(2, figure.height() - 2))
    assert blocker.args == [""]
    assert figure.hovered() is None


def test_view_changes_update_the_accessible_name(figure):
    assert figure.accessibleName() == "Body map, front view"
    figure.set_view("side")
    assert figure.accessibleName() == "Body map, side view"
    assert "list" in figure.accessibleDescription()
    with pytest.raises(ValueError):
        figure.set_view("top")


def test_figure_paints_at_many_sizes_with_selection_intensity_and_focus(qtbot, figure):
    figure.set_selected(["LOW_BACK_L", "SADDLE", "KNEE_R"])
    figure.set_intensities({"LOW_BACK_L": 7, "KNEE_R": 10})
    figure.setFocus()
    for view in ("front", "back", "side"):
        figure.set_view(view)
        for w, h in ((120, 200), (500, 800), (1600, 1200)):
            figure.resize(w, h)
            assert not figure.grab().isNull()


# ----------------------------------------------------------------------------------------------- editor


def test_clicking_the_figure_ticks_the_list_and_opens_a_detail_panel(qtbot, editor):
    editor.figure.set_view("back")
    with qtbot.waitSignal(editor.changed):
        _click(qtbot, editor.figure, editor.figure.region_center("LOW_BACK_R"))
    item = _list_item(editor, "LOW_BACK_R")
    assert item.checkState() == Qt.CheckState.Checked
    assert editor.detail_panel("LOW_BACK_R") is not None
    assert editor.entries() == [RegionEntry("LOW_BACK_R", frozenset(), None)]
    _click(qtbot, editor.figure, editor.figure.region_center("LOW_BACK_R"))
    assert item.checkState() == Qt.CheckState.Unchecked
    assert editor.entries() == []
    assert editor.detail_panel("LOW_BACK_R") is None


def test_ticking_the_list_selects_on_the_figure_and_switches_to_a_view_that_shows_it(qtbot, editor):
    editor.figure.set_view("front")
    with qtbot.waitSignal(editor.changed):
        _list_item(editor, "HIP_OUTER_L").setCheckState(Qt.CheckState.Checked)
    assert "HIP_OUTER_L" in editor.figure.selected()
    assert editor.figure.view() == "side"
    assert editor.view_buttons["side"].isChecked()
    _list_item(editor, "HIP_OUTER_L").setCheckState(Qt.CheckState.Unchecked)
    assert "HIP_OUTER_L" not in editor.figure.selected()
    assert editor.entries() == []


def test_saddle_checkbox_and_saddle_region_stay_in_step(qtbot, editor):
    assert editor.saddle_checkbox.accessibleName() == SADDLE_WORDING
    with qtbot.waitSignal(editor.changed):
        editor.saddle_checkbox.setChecked(True)
    assert [e.region_id for e in editor.entries()] == [SADDLE_ID]
    assert SADDLE_ID in editor.figure.selected()
    assert _list_item(editor, SADDLE_ID).checkState() == Qt.CheckState.Checked
    editor.figure.set_view("back")
    _click(qtbot, editor.figure, editor.figure.region_center(SADDLE_ID))
    assert not editor.saddle_checkbox.isChecked()
    assert editor.entries() == []
    _click(qtbot, editor.figure, editor.figure.region_center(SADDLE_ID))
    assert editor.saddle_checkbox.isChecked()


def test_qualities_and_intensity_are_recorded_in_entries(qtbot, editor):
    editor.set_marked("CALF_L", True)
    panel = editor.detail_panel("CALF_L")
    assert panel is not None
    assert not editor.is_complete()
    assert not panel.hint.isHidden()
    qtbot.mouseClick(panel.quality_buttons["PINS_NEEDLES"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.quality_buttons["NUMB"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(panel.intensity_buttons[7], Qt.MouseButton.LeftButton)
    assert panel.hint.isHidden()
    assert editor.is_complete()
    assert editor.entries() == [RegionEntry("CALF_L", frozenset({"PINS_NEEDLES", "NUMB"}), 7)]
    # pressing the chosen number again clears it (intensity is optional)
    qtbot.mouseClick(panel.intensity_buttons[7], Qt.MouseButton.LeftButton)
    assert editor.entries()[0].intensity is None
    qtbot.mouseClick(panel.intensity_buttons[0], Qt.MouseButton.LeftButton)
    assert editor.entries()[0].intensity == 0
    assert [b.isChecked() for b in panel.intensity_buttons].count(True) == 1


def test_is_complete_needs_a_quality_on_every_marked_region(editor):
    assert editor.is_complete()
    editor.set_entries([RegionEntry("NECK", frozenset({"ACHING"}), 3), RegionEntry("CHEST")])
    assert not editor.is_complete()
    editor.detail_panel("CHEST").quality_buttons["SHARP"].click()
    assert editor.is_complete()


def test_remove_button_unmarks_the_region(qtbot, editor):
    editor.set_entries([RegionEntry("KNEE_L", frozenset({"ACHING"}), 2)])
    with qtbot.waitSignal(editor.changed):
        editor.detail_panel("KNEE_L").remove_button.click()
    assert editor.entries() == []
    assert "KNEE_L" not in editor.figure.selected()


def test_set_entries_round_trip_without_emitting_changed(qtbot, editor):
    entries = [
        RegionEntry("LOW_BACK_L", frozenset({"ACHING", "SHARP"}), 6),
        RegionEntry("BUTTOCK_L", frozenset({"ACHING"}), None),
        RegionEntry("CALF_L", frozenset({"BURNING", "SHOOTING"}), 8),
        RegionEntry("SADDLE", frozenset({"NUMB"}), 0),
        RegionEntry("HIP_OUTER_R", frozenset({"ACHING"}), 10),
    ]
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_entries(entries)
    got = editor.entries()
    assert sorted(got, key=lambda e: e.region_id) == sorted(entries, key=lambda e: e.region_id)
    assert editor.saddle_checkbox.isChecked()
    assert editor.figure.selected() == frozenset(e.region_id for e in entries)
    editor.set_entries(got)
    assert editor.entries() == got
    editor.set_entries([])
    assert editor.entries() == [] and not editor.saddle_checkbox.isChecked()


def test_set_entries_skips_unknown_ids_and_rejects_bad_intensity(editor):
    editor.set_entries([RegionEntry("ELBOW_X", frozenset({"ACHING"})), RegionEntry("NECK", frozenset({"ODD"}))])
    assert editor.entries() == [RegionEntry("NECK", frozenset(), None)]
    with pytest.raises(ValueError):
        editor.set_entries([RegionEntry("NECK", frozenset(), 11)])


def test_keyboard_only_mark_describe_and_rate_a_region(qtbot, editor):
    fig = editor.figure
    # the view switcher is one tab stop (like tabs); the arrow keys move between Front, Back and Side
    editor.view_buttons["front"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.view_buttons["front"], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is editor.view_buttons["back"]
    qtbot.keyClick(editor.view_buttons["back"], Qt.Key.Key_Space)
    assert fig.view() == "back"
    _tab_until(qtbot, editor.view_buttons["back"], fig, limit=3)
    assert fig.focused_region() is not None
    # walk down from the top of the figure to the low back with the arrow keys
    fig.set_focused_region("NECK")
    for _ in range(10):
        if fig.focused_region() in ("LOW_BACK_L", "LOW_BACK_C", "LOW_BACK_R"):
            break
        qtbot.keyClick(fig, Qt.Key.Key_Down)
    target = fig.focused_region()
    assert target in ("LOW_BACK_L", "LOW_BACK_C", "LOW_BACK_R")
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(fig, Qt.Key.Key_Space)
    assert [e.region_id for e in editor.entries()] == [target]
    panel = editor.detail_panel(target)
    # Tab from the figure reaches the new panel's quality buttons (after the saddle tick box)
    first_quality = panel.quality_buttons["ACHING"]
    qtbot.keyClick(fig, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.saddle_checkbox
    qtbot.keyClick(editor.saddle_checkbox, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first_quality
    qtbot.keyClick(first_quality, Qt.Key.Key_Space)
    assert first_quality.isChecked()
    _tab_until(qtbot, first_quality, panel.intensity_buttons[4])
    qtbot.keyClick(panel.intensity_buttons[4], Qt.Key.Key_Space)
    assert editor.entries() == [RegionEntry(target, frozenset({"ACHING"}), 4)]
    assert editor.is_complete()
    # Space on the marked area asks before it clears the answers (issue 20 item 15); Keep it keeps them
    fig.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(fig, Qt.Key.Key_Space)
    assert editor.entries() == [RegionEntry(target, frozenset({"ACHING"}), 4)]
    assert panel.confirm_bar.isVisibleTo(panel)
    assert QApplication.focusWidget() is panel.confirm_keep  # the safe answer has the focus
    qtbot.keyClick(panel.confirm_keep, Qt.Key.Key_Space)
    assert not panel.confirm_bar.isVisibleTo(panel)
    assert editor.entries() == [RegionEntry(target, frozenset({"ACHING"}), 4)]
    assert target in fig.selected()
    # asked again, Remove removes it
    fig.setFocus(Qt.FocusReason.TabFocusReason)
    fig.set_focused_region(target)
    qtbot.keyClick(fig, Qt.Key.Key_Space)
    qtbot.mouseClick(panel.confirm_remove, Qt.MouseButton.LeftButton)
    assert editor.entries() == []


def test_unticking_an_area_with_answers_in_the_list_asks_first(qtbot, editor):
    editor.show()
    lst = editor.region_list
    row = next(i for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole) == "LOW_BACK_C")
    lst.setFocus()
    lst.setCurrentRow(row)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    panel = editor.detail_panel("LOW_BACK_C")
    qtbot.mouseClick(panel.quality_buttons["ACHING"], Qt.MouseButton.LeftButton)
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Space)  # untick
    assert editor.marked() == ["LOW_BACK_C"]
    assert lst.item(row).checkState() == Qt.CheckState.Checked
    assert panel.confirm_bar.isVisibleTo(panel)
    # an area with no answers yet is unmarked at once (nothing to lose)
    qtbot.mouseClick(panel.confirm_remove, Qt.MouseButton.LeftButton)
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert editor.marked() == ["LOW_BACK_C"]
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert editor.marked() == []


def test_a_new_area_card_scrolls_into_view(qtbot, editor):
    editor.resize(900, 560)
    editor.show()
    qtbot.waitExposed(editor)
    lst = editor.region_list
    ids = [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())]
    for rid in ids[:5]:  # several cards: the last ones are below the fold of the details list
        editor.figure.setFocus()
        lst.setFocus()
        lst.setCurrentRow(ids.index(rid))
        qtbot.keyClick(lst, Qt.Key.Key_Space)
    last = sorted(editor.marked(), key=ids.index)[-1]
    panel = editor.detail_panel(last)
    qtbot.wait(20)
    viewport = editor._scroll.viewport()
    top = panel.mapTo(viewport, panel.rect().topLeft()).y()
    assert 0 <= top < viewport.height(), f"card of {last} starts at {top}, outside 0..{viewport.height()}"


def test_arrow_keys_go_the_way_they_point(qtbot, figure):
    """Up moves to an area above, never one that is mostly to the left (issue 20 item 15)."""
    from backtrainer.ui.widgets import body_map_figure as geo

    figure.setFocus()
    for view in ("front", "back", "side"):
        figure.set_view(view)
        anchors = geo.geometry(view).anchors
        for start in figure.regions():
            for key, (dx, dy) in ((Qt.Key.Key_Up, (0, -1)), (Qt.Key.Key_Down, (0, 1)),
                                  (Qt.Key.Key_Left, (-1, 0)), (Qt.Key.Key_Right, (1, 0))):
                figure.set_focused_region(start)
                qtbot.keyClick(figure, key)
                end = figure.focused_region()
                if end == start:
                    continue
                vx = anchors[end].x() - anchors[start].x()
                vy = anchors[end].y() - anchors[start].y()
                along, across = vx * dx + vy * dy, abs(vx * dy - vy * dx)
                assert along > 0 and across <= along, f"{view}: {key.name} from {start} went to {end}"


def test_arrow_keys_reach_every_region_of_every_view(qtbot, figure):
    figure.setFocus()
    for view, ids in VIEW_REGIONS.items():
        figure.set_view(view)
        seen = set()
        for start in ids:
            figure.set_focused_region(start)
            for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
                figure.set_focused_region(start)
                qtbot.keyClick(figure, key)
                seen.add(figure.focused_region())
        assert seen == set(ids), f"{view}: unreachable {set(ids) - seen}"
        qtbot.keyClick(figure, Qt.Key.Key_Home)
        assert figure.focused_region() == figure.regions()[0]
        qtbot.keyClick(figure, Qt.Key.Key_End)
        assert figure.focused_region() == figure.regions()[-1]


def test_list_is_keyboard_operable(qtbot, editor):
    lst = editor.region_list
    lst.setFocus()
    lst.setCurrentRow(0)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    rid = lst.currentItem().data(Qt.ItemDataRole.UserRole)
    assert [e.region_id for e in editor.entries()] == [rid]
    assert rid in editor.figure.selected()


def test_every_interactive_widget_has_an_accessible_name(editor):
    editor.set_entries([RegionEntry("LOW_BACK_C", frozenset({"ACHING"}), 5), RegionEntry("SADDLE")])
    checked = 0
    for w in editor.findChildren(QWidget):
        interactive = isinstance(w, QAbstractButton | QListWidget | BodyMapFigure) or bool(
            w.focusPolicy() & Qt.FocusPolicy.TabFocus
        )
        if interactive:
            checked += 1
            assert w.accessibleName().strip(), f"{type(w).__name__} {w.objectName()!r} has no accessible name"
    assert checked > 40
    assert editor.figure.accessibleName() == "Body map, front view"
    for button in editor.detail_panel("LOW_BACK_C").quality_buttons.values():
        assert button.accessibleDescription() and button.toolTip() and not button.icon().isNull()


def _list_item(editor: BodyMapEditor, rid: str):
    lst = editor.region_list
    for i in range(lst.count()):
        if lst.item(i).data(Qt.ItemDataRole.UserRole) == rid:
            return lst.item(i)
    raise AssertionError(rid)


def test_details_go_under_the_drawing_when_the_editor_is_narrow_at_200_percent(qtbot, qapp):
    # Issue 16: beside the drawing, the marked area's rows of buttons were wider than their column, cut off
    # sideways. A narrow editor puts the details under the drawing, with the whole width for them.
    from backtrainer.ui import theme

    theme.apply(qapp, "light", 2.0)
    try:
        w = BodyMapEditor(REGIONS, QUALITIES)
        qtbot.addWidget(w)
        w.resize(560, 1300)
        w.show()
        qtbot.waitExposed(w)
        rid = REGIONS[0].id
        w.region_list.setFocus()
        item = w.region_list.item(0)
        assert item.data(Qt.ItemDataRole.UserRole) == rid
        w.region_list.setCurrentItem(item)
        qtbot.keyClick(w.region_list, Qt.Key.Key_Space)
        assert w.detail_panel(rid) is not None
        scroll, panel = w._scroll, w.detail_panel(rid)
        qtbot.waitUntil(lambda: w.figure.geometry().bottom() < scroll.geometry().top())  # under the drawing
        QApplication.processEvents()
        assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
        assert scroll.horizontalScrollBar().maximum() == 0 and panel.width() <= scroll.viewport().width()
    finally:
        theme.apply(qapp, "light", 1.0)
