"""Settings apply at once and are saved; reminders are stored per profile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication

from backtrainer import settings as app_settings
from backtrainer.services.profiles import ProfileService, ReminderService
from backtrainer.ui.pages.settings import SettingsPage


def _page(qtbot: object, app_ctx: object) -> SettingsPage:
    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Sam", accept_notice=True)  # type: ignore[attr-defined]
    app_ctx.profile_id = profile.id  # type: ignore[attr-defined]
    page = SettingsPage(app_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.show()
    return page


def test_text_size_and_theme_apply_and_save(qtbot: object, app_ctx: object) -> None:
    page = _page(qtbot, app_ctx)
    app = QApplication.instance()
    base = app.font().pointSizeF()
    try:
        qtbot.mouseClick(page.size_buttons["1.50"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert app.font().pointSizeF() > base * 1.4
        qtbot.mouseClick(page.theme_buttons["high_contrast"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert app.property("bt_theme") == "high_contrast"
        page.reduce_motion.box.click()
        assert app.property("bt_reduce_motion") is True
        saved = app_settings.load(app_ctx.paths.settings)  # type: ignore[attr-defined]
        assert (saved.text_scale, saved.theme, saved.reduce_motion) == (1.5, "high_contrast", True)
    finally:
        from backtrainer.ui import theme

        theme.apply(app, "light", 1.0)


def test_reminders_are_saved_for_the_profile(qtbot: object, app_ctx: object) -> None:
    page = _page(qtbot, app_ctx)
    for index, button in enumerate(page.day_buttons):
        button.setChecked(index in (1, 3))
    page.session_time.setTime(QTime(19, 15))
    qtbot.mouseClick(page.save_reminders, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    stored = ReminderService(app_ctx.db()).get(app_ctx.profile_id)  # type: ignore[attr-defined]
    assert stored.weekdays == (1, 3) and stored.session_time == "19:15"
    assert page.reminder_note.text() == "Saved."
    for button in page.day_buttons:
        button.setChecked(False)
    qtbot.mouseClick(page.save_reminders, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "at least one" in page.reminder_note.text()
    assert ReminderService(app_ctx.db()).get(app_ctx.profile_id).weekdays == (1, 3)  # type: ignore[attr-defined]


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_check_boxes_and_scroll_bars_grow_with_the_text(qtbot: object, app_ctx: object, scale: float) -> None:
    """The style sheet sizes check boxes, radio buttons and scroll bars from the text size (no Python style)."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QScrollBar, QStyle

    from backtrainer.ui import theme

    app = QApplication.instance()
    try:
        theme.apply(app, "light", scale)
        box, radio, bar = QCheckBox("Tick"), QRadioButton("Pick"), QScrollBar()
        for widget in (box, radio, bar):
            qtbot.addWidget(widget)  # type: ignore[attr-defined]
            widget.show()
        px = theme.indicator_px(scale)
        assert px == round(14 * 1.35 * scale)
        assert box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box) == px
        assert radio.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, radio) == px
        assert bar.sizeHint().width() == px
    finally:
        theme.apply(app, "light", 1.0)

