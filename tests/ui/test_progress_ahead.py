"""The Progress page is made ready ahead (issue 19): a while after the first screen is painted, its code is imported
and the page is built, empty and hidden, so its first open only reads and paints. Nothing of anyone's health data
is read ahead, nothing is built while a session runs, and nothing is kept for a person who has switched away."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.services.history_fixture import END, make_history

KINDS = {"pain", "outcomes", "adherence", "load", "body_maps"}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The profiles whose history the Progress page read, in order."""
    from backtrainer.services import progress

    seen: list[int] = []
    real = progress.load_history

    def counting(db: Any, profile_id: int, **kwargs: Any) -> Any:
        seen.append(profile_id)
        return real(db, profile_id, **kwargs)

    monkeypatch.setattr(progress, "load_history", counting)
    return seen


def _window(qtbot: Any, app_ctx: Any, monkeypatch: pytest.MonkeyPatch, *, keep: bool = True) -> Any:
    from backtrainer.services.clock import FixedClock
    from backtrainer.store.records import StartupData
    from backtrainer.store.summary import list_profiles
    from backtrainer.ui import app_window

    monkeypatch.setattr(app_window, "WARM_UP_MS", 30)
    app_ctx.close()
    pid = make_history(app_ctx.paths.root, 91)
    app_ctx.clock = FixedClock(datetime(END.year, END.month, END.day, 9))
    window = app_window.MainWindow(app_ctx)
    if keep:  # (qtbot closes it at the end of the test)
        qtbot.addWidget(window)
    window.resize(1180, 700)
    window.show()
    window.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))
    assert app_ctx.profile_id == pid
    return window


def test_made_ready_ahead_reads_nothing_until_opened(qtbot: Any, app_ctx: Any, monkeypatch: pytest.MonkeyPatch,
                                                     reads: list[int]) -> None:
    from backtrainer.ui.widgets import chart_view

    rehearsals: list[object] = []
    real = chart_view.rehearse
    monkeypatch.setattr(chart_view, "rehearse", lambda fonts, colours: (rehearsals.append(colours),
                                                                          real(fonts, colours)))
    window = _window(qtbot, app_ctx, monkeypatch)
    qtbot.waitUntil(lambda: "progress" in window.pages, timeout=5000)
    page = window.pages["progress"]
    qtbot.waitUntil(lambda: len(rehearsals) == 1, timeout=2000)  # the turn that lays it out and paints ahead
    assert rehearsals == [chart_view.colours_for("light")]
    assert window.current_page().NAME == "today" and not page.isVisible()
    assert reads == [] and page.history is None and page.data is None  # nothing read ahead
    assert page.cards["pain"].chart.paint_count == 0  # no chart painted ahead either

    qtbot.mouseClick(window.rail.buttons["progress"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.charts_ready, timeout=10_000)
    qtbot.waitUntil(lambda: all(page.cards[k].chart.paint_count > 0 for k in page.shown_charts()), timeout=5000)
    assert window.current_page() is page and reads == [app_ctx.profile_id]
    assert set(page.shown_charts()) == KINDS


def test_not_made_ready_during_a_session(qtbot: Any, app_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, app_ctx, monkeypatch)
    window._warm_timer.stop()
    monkeypatch.setattr(window, "current_page", lambda: SimpleNamespace(NAME="session"))
    window._warm_up()  # what the timer does, while a session is on screen
    qtbot.wait(100)
    assert "progress" not in window.pages


def test_switching_person_before_it_runs_builds_nothing(qtbot: Any, app_ctx: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, app_ctx, monkeypatch)
    qtbot.mouseClick(window.switch_button, Qt.MouseButton.LeftButton)  # at once, before the timer fires
    qtbot.wait(150)
    assert app_ctx.profile_id is None and not window._warm_timer.isActive()
    assert "progress" not in window.pages


def test_a_window_closed_meanwhile_is_left_alone(qtbot: Any, app_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps after the store's thread answers are timers with the window as their context: a window deleted in
    between (a test's, or a person's who quit) gets no call (it raised "already deleted" from a later test)."""
    import shiboken6

    window = _window(qtbot, app_ctx, monkeypatch, keep=False)
    window._warm_timer.stop()
    window._warm_up()  # the synchronous runner answers at once: the page build is now due on a 0 ms timer
    window.close()
    shiboken6.delete(window)
    qtbot.wait(100)  # pytest-qt fails the test on any exception raised in the event loop meanwhile
    assert not shiboken6.isValid(window)


def test_the_code_is_imported_at_the_first_screen_and_the_page_built_later(
        qtbot: Any, app_ctx: Any, monkeypatch: pytest.MonkeyPatch, reads: list[int]) -> None:
    """The Progress code is imported on the store's lane as soon as the first screen is painted (a first open
    within the next moments then builds the page only); the page itself waits for WARM_UP_MS."""
    from backtrainer.ui import app_window

    imported: list[str] = []
    real = app_window._import_progress_code
    monkeypatch.setattr(app_window, "_import_progress_code", lambda: (imported.append("code"), real())[1])
    window = _window(qtbot, app_ctx, monkeypatch)
    window._warm_timer.setInterval(60_000)  # (started at populate with 30 ms: a long wait instead)
    window._warm_timer.start()
    qtbot.waitUntil(lambda: imported == ["code"], timeout=5000)
    qtbot.wait(100)
    assert "progress" not in window.pages and reads == []  # nothing built, nothing of anyone's data read
    window._warm_timer.setInterval(0)
    window._warm_timer.start()
    qtbot.waitUntil(lambda: "progress" in window.pages, timeout=5000)
    assert imported == ["code", "code"] and reads == []  # (the build waits for the lane: the second is a no-op)
