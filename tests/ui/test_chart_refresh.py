"""The background chart drawer's runs (ui.chart_refresh): after data changes, not during a session, not when the
page is built here, never twice at once, stopped by switching person, and nothing started after a stop."""

from __future__ import annotations

import sys
import time
from typing import Any

import pytest

from backtrainer.ui import chart_refresh
from backtrainer.ui.context import Changes


@pytest.fixture()
def refresh(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(chart_refresh, "AFTER_CHANGE_MS", 10)
    monkeypatch.setattr(chart_refresh, "AFTER_START_MS", 10)
    state: dict[str, Any] = {"built": False, "page": "today", "checks": 0, "looks": 0, "look_delay": 0.0,
                             "command": [sys.executable, "-c", "print('drew 3 chart pictures')"]}

    def has_look(root: Any, pid: int) -> bool:
        state["looks"] += 1
        time.sleep(state["look_delay"])
        return pid == 1

    def built() -> bool:
        state["checks"] += 1
        return bool(state["built"])

    monkeypatch.setattr(chart_refresh, "has_look", has_look)
    monkeypatch.setattr(chart_refresh, "draw_command", lambda root, pid, today: list(state["command"]))
    app_ctx.profile_id = 1
    r = chart_refresh.ChartRefresh(app_ctx, built, lambda: state["page"])
    assert not r.enabled  # a synchronous runner (tests): off unless switched on
    r.enabled = True
    r.state = state
    yield r
    r.close()


def test_runs_after_a_change_and_reports(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    app_ctx.signals.dataChanged.emit(Changes.SETTINGS)  # not something the charts show
    assert not refresh.pending()
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    assert refresh.pending()
    qtbot.waitUntil(lambda: bool(refresh.started) and refresh.process is None, timeout=10_000)
    assert refresh.last_output == "drew 3 chart pictures" and len(refresh.started) == 1
    refresh.start()  # a profile opened: once after the start too
    qtbot.waitUntil(lambda: len(refresh.started) == 2 and refresh.process is None, timeout=10_000)


def test_waits_for_a_session_and_skips_a_built_page_or_no_look(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    state = refresh.state
    state["page"] = "session"
    app_ctx.signals.dataChanged.emit(Changes.SESSION)
    qtbot.waitUntil(lambda: state["checks"] >= 2, timeout=10_000)  # due twice: postponed, not dropped
    assert refresh.started == [] and state["looks"] == 0
    state["page"] = "today"
    qtbot.waitUntil(lambda: len(refresh.started) == 1 and refresh.process is None, timeout=10_000)
    state["built"] = True  # the page is open in this run: it draws and saves by itself
    checks = state["checks"]
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.waitUntil(lambda: state["checks"] > checks and not refresh.pending(), timeout=10_000)
    assert len(refresh.started) == 1
    state["built"] = False
    app_ctx.profile_id = 2  # never opened Progress: no look, no process
    looks = state["looks"]
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.waitUntil(lambda: state["looks"] > looks and not refresh.pending(), timeout=10_000)
    assert len(refresh.started) == 1


def test_never_twice_at_once_and_stopped_by_switching(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    from PySide6.QtCore import QProcess

    refresh.state["command"] = [sys.executable, "-c", "import time; time.sleep(30)"]
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.waitUntil(lambda: refresh.process is not None
                    and refresh.process.state() == QProcess.ProcessState.Running, timeout=10_000)
    proc = refresh.process
    app_ctx.signals.dataChanged.emit(Changes.SESSION)  # while it runs: once more after it, not beside it
    qtbot.waitUntil(lambda: refresh._again, timeout=10_000)
    assert len(refresh.started) == 1
    app_ctx.signals.profileChanged.emit(None)  # switch person: stopped at once
    assert refresh.process is None and proc.state() == QProcess.ProcessState.NotRunning
    assert not refresh.pending() and not refresh._again


def test_a_look_up_answered_after_a_stop_starts_nothing(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    """Review: the look-up runs on a worker; a wipe or a close that stops the drawer meanwhile must win."""
    from backtrainer.ui.tasks import TaskRunner

    app_ctx.runner = TaskRunner(synchronous=False)
    try:
        refresh.state["look_delay"] = 0.3
        app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
        qtbot.waitUntil(lambda: refresh.state["looks"] == 1, timeout=10_000)  # asked, not answered yet
        refresh.stop()  # e.g. the clinic wipe starts
        qtbot.wait(600)
        assert refresh.started == [] and refresh.process is None
        refresh.close()  # the window closes: a later change starts nothing either
        app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
        refresh.start()
        assert not refresh.pending()
    finally:
        app_ctx.runner.shutdown()


def test_the_command_is_the_app_itself() -> None:
    from datetime import date
    from pathlib import Path

    command = chart_refresh.draw_command(Path("/data"), 3, date(2026, 11, 24))
    assert command[1:3] == ["-m", "backtrainer"] and Path(command[0]).parent == Path(sys.executable).parent
    assert command[3:] == ["draw-charts", "--data-dir", str(Path("/data")), "--profile-id", "3", "--today",
                           "2026-11-24"]
