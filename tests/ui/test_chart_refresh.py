"""The background chart drawer's runs (ui.chart_refresh): after data changes, not during a session, not when the
page is built here, never twice at once, stopped by switching person."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from backtrainer.ui import chart_refresh
from backtrainer.ui.context import Changes


@pytest.fixture()
def refresh(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(chart_refresh, "AFTER_CHANGE_MS", 10)
    monkeypatch.setattr(chart_refresh, "AFTER_START_MS", 10)
    monkeypatch.setattr(chart_refresh, "has_look", lambda root, pid: pid == 1)
    state = {"built": False, "page": "today", "command": [sys.executable, "-c", "print('drew 3 chart pictures')"]}
    monkeypatch.setattr(chart_refresh, "draw_command", lambda root, pid, today: list(state["command"]))
    app_ctx.profile_id = 1
    r = chart_refresh.ChartRefresh(app_ctx, lambda: state["built"], lambda: state["page"])
    assert not r.enabled  # a synchronous runner (tests): off unless switched on
    r.enabled = True
    r.state = state
    yield r
    r.stop()


def test_runs_after_a_change_and_reports(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    app_ctx.signals.dataChanged.emit(Changes.SETTINGS)  # not something the charts show
    qtbot.wait(50)
    assert refresh.started == []
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.waitUntil(lambda: bool(refresh.started) and refresh.process is None, timeout=10_000)
    assert refresh.last_output == "drew 3 chart pictures" and len(refresh.started) == 1
    refresh.start()  # a profile opened: once after the start too
    qtbot.waitUntil(lambda: len(refresh.started) == 2 and refresh.process is None, timeout=10_000)


def test_waits_for_a_session_and_skips_a_built_page_or_no_look(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    refresh.state["page"] = "session"
    app_ctx.signals.dataChanged.emit(Changes.SESSION)
    qtbot.wait(80)
    assert refresh.started == [] and refresh.pending()  # postponed, not dropped
    refresh.state["page"] = "today"
    qtbot.waitUntil(lambda: len(refresh.started) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: refresh.process is None, timeout=10_000)
    refresh.state["built"] = True  # the page is open in this run: it draws and saves by itself
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.wait(80)
    assert len(refresh.started) == 1 and not refresh.pending()
    refresh.state["built"] = False
    app_ctx.profile_id = 2  # never opened Progress: no look, no process
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.wait(80)
    assert len(refresh.started) == 1


def test_never_twice_at_once_and_stopped_by_switching(qtbot: Any, app_ctx: Any, refresh: Any) -> None:
    from PySide6.QtCore import QProcess

    refresh.state["command"] = [sys.executable, "-c", "import time; time.sleep(30)"]
    app_ctx.signals.dataChanged.emit(Changes.CHECKIN)
    qtbot.waitUntil(lambda: refresh.process is not None
                    and refresh.process.state() == QProcess.ProcessState.Running, timeout=10_000)
    proc = refresh.process
    app_ctx.signals.dataChanged.emit(Changes.SESSION)  # while it runs: once more after it, not beside it
    qtbot.wait(80)
    assert len(refresh.started) == 1 and refresh._again
    app_ctx.signals.profileChanged.emit(None)  # switch person: stopped at once
    assert refresh.process is None and proc.state() == QProcess.ProcessState.NotRunning
    assert not refresh.pending() and not refresh._again


def test_the_command_is_the_app_itself() -> None:
    from datetime import date
    from pathlib import Path

    command = chart_refresh.draw_command(Path("/data"), 3, date(2026, 11, 24))
    assert command[:3] == [sys.executable, "-m", "backtrainer"]
    assert command[3:] == ["draw-charts", "--data-dir", str(Path("/data")), "--profile-id", "3", "--today",
                           "2026-11-24"]
