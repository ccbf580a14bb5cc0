"""Issue 20 item 18 ("Looks"), one test each: unticked boxes visible in every theme, choosing or focusing never
resizes a control, pages open at their top, the rail and the answer buttons fit at 200 % text, the player's
breathing line is whole, and knee rocks speak of sides, not of lifting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from backtrainer.store.records import StartupData
from backtrainer.ui import theme
from tests.ui.test_theme_contrast import contrast_ratio

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


def _shown(qtbot: Any, *widgets: QWidget) -> QWidget:
    root = QWidget()
    box = QVBoxLayout(root)
    for w in widgets:
        box.addWidget(w)
    box.addStretch(1)
    qtbot.addWidget(root)
    root.resize(700, 400)
    root.show()
    qtbot.waitExposed(root)
    QApplication.processEvents()
    return root


# --- unticked check boxes and radio buttons ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["light", "dark", "high_contrast"])
def test_the_theme_gives_unticked_boxes_a_3_to_1_frame(name: str) -> None:
    t = theme.THEMES[name]
    for background in (t.window, t.surface, t.surface_alt):
        assert contrast_ratio(theme.indicator_border(t), background) >= 3.0, (name, background)


@pytest.mark.parametrize("name", ["light", "dark", "high_contrast"])
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_box_is_drawn_with_a_visible_frame(qtbot: Any, qapp: QApplication, name: str,
                                                       kind: type) -> None:
    """What is painted, not what is meant: the strongest contrast between the box's pixels and the page behind it
    (WCAG 1.4.11 asks 3:1 for a control's outline). Fusion's own frame on the dark theme was about 1.2:1."""
    theme.apply(qapp, name, 1.0)
    box = kind("Numbness")
    root = _shown(qtbot, box)
    image = box.grab().toImage()
    background = root.palette().window().color().name()
    option = QStyleOptionButton()
    option.initFrom(box)
    element = QStyle.SubElement.SE_CheckBoxIndicator if kind is QCheckBox else QStyle.SubElement.SE_RadioButtonIndicator
    indicator = box.style().subElementRect(element, option, box)
    assert indicator.width() >= theme.indicator_px(1.0) - 1 and indicator.right() < image.width()
    best = 0.0
    for x in range(indicator.left(), indicator.right() + 1):  # only the box, not its words
        for y in range(indicator.top(), indicator.bottom() + 1):
            colour = QColor(image.pixel(x, y)).name()
            best = max(best, contrast_ratio(colour, background))
    assert best >= 3.0, f"{name} {kind.__name__}: frame contrast {best:.2f}:1"


# --- choosing or focusing never resizes ------------------------------------------------------------------------------


def _geometries(widgets: list[QWidget]) -> list[QRect]:
    QApplication.processEvents()
    return [QRect(w.geometry()) for w in widgets]


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_choosing_an_answer_keeps_every_button_in_place(qtbot: Any, qapp: QApplication, scale: float) -> None:
    from backtrainer.ui.pages.assessment.common import ChoiceGroup
    from backtrainer.ui.widgets.pain_scale import PainScale
    from backtrainer.ui.widgets.rating import ChoiceRow

    theme.apply(qapp, "light", scale)
    group = ChoiceGroup((("YES", "Yes, this is the first time"), ("NO", "No, I have had it before")),
                        question="First time?")
    scale_row = PainScale()
    row = ChoiceRow("How was it?", (("good", "Yes, all of them", "kept"), ("poor", "Not really", "hard")))
    root = _shown(qtbot, group, scale_row, row)
    cases: list[tuple[list[QWidget], QPushButton]] = [
        (list(group.buttons.values()), group.buttons["NO"]),
        (list(scale_row.buttons()), scale_row.button(4)),
        (list(row.buttons.values()), row.buttons["good"]),
    ]
    for buttons, chosen in cases:
        before = _geometries(buttons)
        qtbot.mouseClick(chosen, LEFT)
        assert chosen.isChecked()
        assert _geometries(buttons) == before, chosen.accessibleName()
    assert root.isVisible()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_focus_ring_does_not_resize_a_field_or_a_button(qtbot: Any, qapp: QApplication, scale: float) -> None:
    theme.apply(qapp, "light", scale)
    edit = QLineEdit()
    edit.setPlaceholderText("Type your age")
    button = QPushButton("Save answers")
    other = QPushButton("Elsewhere")
    root = _shown(qtbot, edit, button, other)
    for widget in (edit, button):
        other.setFocus()
        QApplication.processEvents()
        hint = widget.sizeHint()
        widget.setFocus()
        QApplication.processEvents()
        widget.ensurePolished()
        assert widget.hasFocus()
        assert widget.sizeHint() == hint, type(widget).__name__
    assert root.isVisible()


# --- pages open at their top ---------------------------------------------------------------------------------------


def test_today_opens_at_its_top(qtbot: Any, app_ctx: Any, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    from backtrainer.ui.app_window import MainWindow
    from backtrainer.ui.pages.session.player import PlayerScreen
    from tests.ui.test_session_flow import make_profile

    monkeypatch.setattr(PlayerScreen, "videos_enabled", False)
    theme.apply(qapp, "light", 2.0)
    profile = make_profile(app_ctx)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.populate(StartupData(profiles=[profile]))
    qtbot.wait(5)
    checkin = window.current_page()
    assert checkin is not None and checkin.NAME == "checkin"
    for scale in (checkin.morning, checkin.average, checkin.worst):
        if scale.isVisibleTo(checkin):
            qtbot.mouseClick(scale.button(3), LEFT)
    qtbot.mouseClick(checkin.quick.boxes["NONE"], LEFT)
    qtbot.mouseClick(checkin.save_button, LEFT)
    today = window.current_page()
    assert today is not None and today.NAME == "today"
    for _ in range(3):
        qtbot.wait(1)
    assert today.scroll_area.verticalScrollBar().value() == 0
    assert today.session_button.hasFocus()  # the next step still has the keyboard focus
    qtbot.mouseClick(window.rail.buttons["learn"], LEFT)
    qtbot.mouseClick(window.rail.buttons["today"], LEFT)
    for _ in range(3):
        qtbot.wait(1)
    assert today.scroll_area.verticalScrollBar().value() == 0


# --- 200 % text: the rail and the answer buttons -------------------------------------------------------------------


def test_the_rail_fits_its_words_and_the_screen_at_200(qtbot: Any, app_ctx: Any, qapp: QApplication) -> None:
    from backtrainer.services.profiles import ProfileService
    from backtrainer.ui.app_window import MainWindow

    theme.apply(qapp, "light", 2.0)
    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Sam", accept_notice=True)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.populate(StartupData(profiles=[profile]))
    QApplication.processEvents()
    screen = window.screen().availableGeometry()
    assert window.minimumSizeHint().height() <= screen.height()
    assert window.frameGeometry().height() <= screen.height()
    for b in [*window.rail.buttons.values(), window.switch_button]:
        words = b.fontMetrics().horizontalAdvance(b.text())
        assert words <= b.width() - 12, f"{b.text()!r}: {words} px of words in a {b.width()} px button"


def test_answer_buttons_wrap_instead_of_clipping_at_200(qtbot: Any, qapp: QApplication) -> None:
    from backtrainer.ui.pages.assessment.common import ChoiceGroup
    from backtrainer.ui.widgets.checks import wrap_words

    theme.apply(qapp, "light", 2.0)
    group = ChoiceGroup((("YES", "Yes, this is the first time"), ("NO", "No, I have had it before")),
                        question="Is this the first time?")
    root = _shown(qtbot, group)
    root.resize(380, 400)
    for _ in range(3):
        qtbot.wait(1)
    for b in group.buttons.values():
        lines = wrap_words(b.text(), b.fontMetrics(), b.width() - b._chrome().width())
        assert len(lines) > 1  # 380 px is too narrow for these words on one line at 200 %: they wrap
        for line in lines:
            words = b.fontMetrics().horizontalAdvance(line)
            assert words <= b.width() - 12, f"{line!r}: {words} px of words in a {b.width()} px button"
        assert b.height() >= b.heightForWidth(b.width()), b.text()  # the button grew for its lines
        assert group.rect().contains(b.geometry()), b.text()


# --- the player ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_breathing_line_is_whole(qtbot: Any, app_ctx: Any, qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
                                     scale: float) -> None:
    from backtrainer.ui.app_window import MainWindow
    from backtrainer.ui.pages.session.player import PlayerScreen
    from tests.ui.test_session_flow import do_checkin, make_profile, start_session

    monkeypatch.setattr(PlayerScreen, "videos_enabled", False)
    theme.apply(qapp, "light", scale)
    profile = make_profile(app_ctx)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.populate(StartupData(profiles=[profile]))
    qtbot.wait(5)
    do_checkin(qtbot, window)
    session = start_session(qtbot, window)
    for _ in range(3):
        qtbot.wait(1)
    breathing = session.player.breathing
    assert breathing.text().startswith("Breathing:") and breathing.isVisible()
    assert breathing.heightForWidth(breathing.width()) <= breathing.height()
    column = session.player.side_area.widget()
    top_left = breathing.mapTo(column, breathing.rect().topLeft())
    assert column.rect().contains(QRect(top_left, breathing.size()))
    assert window.frameGeometry().height() <= window.screen().availableGeometry().height()


def test_knee_rocks_speak_of_sides_not_of_lifting() -> None:
    from backtrainer.content.exercises import load_library
    from backtrainer.ui.pages.session.words import tempo_text

    spec = load_library().exercises["MO-02"]
    assert spec.name == "Knee rocks"
    assert spec.phase_words == ("To the side", "Hold", "Back to middle")
    words = tempo_text(spec.tempo, spec.phase_words).lower()
    assert "to the side" in words and "lift" not in words and "lower" not in words


def test_a_wrapping_answer_is_as_tall_as_its_lines_only(qtbot: Any, qapp: QApplication) -> None:
    """A one-line answer keeps a one-line height (a wrapping button's narrowest form must not set its height)."""
    from backtrainer.ui.pages.assessment.common import ChoiceGroup

    theme.apply(qapp, "light", 2.0)
    group = ChoiceGroup((("YES", "Yes, this is the first time"), ("NO", "No")), question="First time?")
    plain = QPushButton("Yes, this is the first time")
    root = _shown(qtbot, group, plain)
    root.resize(900, 400)
    QApplication.processEvents()
    for b in group.buttons.values():
        assert b.height() <= max(plain.height(), b.minimumHeight()) + 2, (b.text(), b.height(), plain.height())
    assert root.isVisible()
