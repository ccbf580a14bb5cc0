"""The main window opens inside the screen and keeps its place between runs (issue 16)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from backtrainer.placement import Placement, Rect, read_placement, save_placement
from backtrainer.ui.app_window import MainWindow


def _open(qtbot: object, ctx: object) -> MainWindow:
    window = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    return window


def _inside_screen(window: MainWindow) -> bool:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    return screen.contains(window.frameGeometry())


def test_the_window_opens_inside_the_available_screen(qtbot: object, app_ctx: object) -> None:
    window = _open(qtbot, app_ctx)
    assert _inside_screen(window), (window.frameGeometry(), QGuiApplication.primaryScreen().availableGeometry())
    assert window.minimumHeight() <= QGuiApplication.primaryScreen().availableGeometry().height()


def test_size_and_position_are_kept_between_runs(qtbot: object, app_ctx: object) -> None:
    window = _open(qtbot, app_ctx)
    window.setGeometry(100, 60, 1000, 650)
    window.close()
    saved = read_placement(app_ctx.paths.window)  # type: ignore[attr-defined]
    assert saved == Placement(Rect(100, 60, 1000, 650))
    again = _open(qtbot, app_ctx)
    g = again.geometry()
    assert (g.x(), g.y(), g.width(), g.height()) == (100, 60, 1000, 650)


def test_a_saved_placement_off_screen_or_too_big_is_clamped(qtbot: object, app_ctx: object) -> None:
    save_placement(app_ctx.paths.window, Placement(Rect(5000, -900, 4000, 3000)))  # type: ignore[attr-defined]
    window = _open(qtbot, app_ctx)
    assert _inside_screen(window)
    (app_ctx.paths.window).write_text("garbage [", encoding="utf-8")  # type: ignore[attr-defined]
    damaged = _open(qtbot, app_ctx)
    assert _inside_screen(damaged)
