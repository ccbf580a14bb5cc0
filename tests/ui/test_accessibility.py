"""Every interactive widget on every page has an accessible name (screen readers), and can take keyboard focus."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from backtrainer.services.plan_meta import PlanMeta
from backtrainer.services.profiles import ProfileService
from backtrainer.store.records import StartupData
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.summary import list_profiles
from backtrainer.store.tables import Profile
from backtrainer.ui.app_window import MainWindow
from backtrainer.ui.pages import all_pages

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider, QAbstractItemView,
               QTextEdit, QPlainTextEdit)
START = [("MC", "MC-02", 2), ("QX", "EX-02a", 2), ("LAT", "LT-01b", 2), ("GLU", "GL-01b", 2),
         ("HNG", "FN-01a", 1), ("SQT", "FN-03b", 2)]


def _is_internal(widget: QWidget) -> bool:
    """Parts of a composite Qt widget that Qt names itself (a combo box's editor, a scroll area's bars...)."""
    if isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def unnamed(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_internal(widget) or not widget.isVisibleTo(root):
            continue
        name = widget.accessibleName().strip()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "").strip()
        if not name:
            owner = type(widget.parentWidget()).__name__
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} in {owner}")
    return problems


@pytest.fixture
def window(qtbot: object, app_ctx: object) -> MainWindow:
    pid = ProfileService(app_ctx.db(), app_ctx.clock).create("Sam", accept_notice=True).id  # type: ignore[attr-defined]
    day = app_ctx.clock.now().date()  # type: ignore[attr-defined]
    SessionRepo(app_ctx.db()).save_plan(  # type: ignore[attr-defined]
        pid, [ChainState(c, e, lv, 0, (day - timedelta(days=7)).isoformat()) for c, e, lv in START],
        now=f"{day}T08:00:00")
    with app_ctx.db().session_scope() as s:  # type: ignore[attr-defined]
        p = s.get(Profile, pid)
        p.age = 44
        p.assessment_state = {"done": True}
        p.plan_meta = PlanMeta(plan_start=day - timedelta(days=7)).dump()
        s.add(p)
    win = MainWindow(app_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    win.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))  # type: ignore[attr-defined]
    return win


@pytest.mark.parametrize("name", [e.name for e in all_pages()])
def test_every_page_names_its_controls(window: MainWindow, name: str) -> None:
    window.show_page(name)
    page = window.current_page()
    assert page is not None and name == page.NAME
    assert page.accessibleName()
    problems = unnamed(page)
    assert not problems, "\n".join(problems)


def test_the_shell_names_its_controls(window: MainWindow) -> None:
    assert not unnamed(window.rail)
    for button in window.rail.buttons.values():
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize("name", ["today", "checkin", "assessment", "progress", "settings", "about"])
def test_large_text_needs_no_sideways_scrolling(window: MainWindow, name: str) -> None:
    """At 175 % text in the window's first size, long words wrap (check-box labels, exercise lines) rather than
    push the page wider than the window."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from backtrainer.ui import theme

    app = QApplication.instance()
    try:
        theme.apply(app, "light", 1.75)  # type: ignore[arg-type]
        window.resize(1180, 780)
        window.show_page(name)
        page = window.current_page()
        assert page is not None
        for _ in range(5):
            app.processEvents()  # type: ignore[union-attr]
        area = next(a for a in page.findChildren(QScrollArea) if a.isVisible())
        content = area.widget().minimumSizeHint().width()
        assert content <= area.viewport().width(), f"{name}: needs {content} px, has {area.viewport().width()}"
    finally:
        theme.apply(app, "light", 1.0)  # type: ignore[arg-type]
