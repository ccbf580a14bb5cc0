"""Keeps the Progress page's saved chart pictures up to date, in a process of its own (issue 9).

After new data is saved (a check-in, a session, a questionnaire, a plan change), and a while after the app starts
(a new day moves every chart's end), the app runs ``backtrainer draw-charts`` (services.chart_pictures.draw_missing)
as a separate, low-priority process. It draws at the look the page last drew at, only the charts whose series
changed, and only for a profile whose Progress page was opened before (its picture folder has a look file). The
next time the person opens Progress the charts come from disk, current, at once; this process never loads matplotlib
for it (the home screen keeps its memory) and the GUI thread never waits for it (QProcess).

Not run: while an exercise session is on screen (the drawing waits until it ends), when the Progress page is built
in this run already (matplotlib is loaded here then, and the page redraws and saves by itself: building it stops a
drawer under way), with a synchronous task runner (tests), and never twice at once. Switching person, a wipe and
closing the window stop it; a look-up answered after a stop starts nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer

from backtrainer.ui.context import AppContext, Changes

log = logging.getLogger("backtrainer.ui")

AFTER_CHANGE_MS = 2000  # saves come in bursts (a session writes several rows, then the next-morning prompt)
AFTER_START_MS = 3000  # after the first screen: the loads that follow it (plan, reminders) come first
WATCHED = Changes.CHECKIN | Changes.SESSION | Changes.ASSESSMENT | Changes.PLAN | Changes.PROFILE
BUSY_PAGES = ("session",)  # an exercise video plays: no drawing beside it on an old laptop


def draw_command(data_root: Path, profile_id: int, today: date) -> list[str]:
    """The command line of the background drawer: the bundle's own executable, or this Python with ``-m``."""
    args = ["draw-charts", "--data-dir", str(data_root), "--profile-id", str(int(profile_id)), "--today",
            today.isoformat()]
    if getattr(sys, "frozen", False):  # PyInstaller: the (windowed) executable runs backtrainer.__main__
        return [sys.executable, *args]
    python = Path(sys.executable)
    if sys.platform == "win32" and python.with_name("pythonw.exe").is_file():  # pragma: no cover - Windows only
        python = python.with_name("pythonw.exe")  # no console window flashing up
    return [str(python), "-m", "backtrainer", *args]


def has_look(data_root: Path, profile_id: int) -> bool:
    """The profile's Progress page was opened before (it recorded the look to draw at); any thread."""
    from backtrainer.services import chart_cache
    from backtrainer.services.chart_pictures import LOOK_FILE

    return any((folder / LOOK_FILE).is_file() for folder in chart_cache.profile_folders(data_root, profile_id))


class ChartRefresh(QObject):
    """Runs the background drawer after data changes (debounced) and once after the start."""

    def __init__(self, ctx: AppContext, page_built: Callable[[], bool], current_page: Callable[[], str | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._page_built = page_built
        self._current_page = current_page
        self.enabled = not ctx.runner.synchronous
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)
        self.process: QProcess | None = None
        self._again = False
        self.started: list[list[str]] = []  # every command started (tests, the log)
        self.last_output = ""
        self._epoch = 0  # bumped by stop(): a look-up answered after it starts nothing
        self.closed = False  # the window closed: nothing starts again
        ctx.signals.dataChanged.connect(self._on_data_changed)
        ctx.signals.profileChanged.connect(lambda _profile: self.stop())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def start(self) -> None:
        """A profile is open: look once a while after the start (a new day may have made the pictures old)."""
        if not self.closed:
            self._timer.start(AFTER_START_MS)

    def _on_data_changed(self, changes: Any) -> None:
        if isinstance(changes, Changes) and changes & WATCHED and self.ctx.profile_id is not None \
                and not self.closed:
            self._timer.start(AFTER_CHANGE_MS)

    def pending(self) -> bool:
        return self._timer.isActive()

    def _due(self) -> None:
        profile_id = self.ctx.profile_id
        if not self.enabled or profile_id is None or self._page_built():
            return
        if self._current_page() in BUSY_PAGES:
            self._timer.start(AFTER_CHANGE_MS)  # after the session
            return
        if self.process is not None:
            self._again = True
            return
        root = self.ctx.paths.root
        today = self.ctx.clock.now().date()
        self.ctx.runner.run(partial(has_look, root, profile_id),
                            partial(self._launch, self._epoch, profile_id, root, today))

    def _launch(self, epoch: int, profile_id: int, root: Path, today: date, look: bool) -> None:
        if not look or epoch != self._epoch or self.closed or self.process is not None \
                or self.ctx.profile_id != profile_id or self._page_built():
            return
        command = draw_command(root, profile_id, today)
        proc = QProcess(self)
        proc.setProgram(command[0])
        proc.setArguments(command[1:])
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.finished.connect(partial(self._finished, proc))
        proc.errorOccurred.connect(partial(self._failed, proc))
        self.process = proc
        self.started.append(command)
        proc.start()

    def _finished(self, proc: QProcess, code: int, _status: Any) -> None:
        output = bytes(proc.readAll().data()).decode("utf-8", "replace").strip()
        self.last_output = output
        if code == 0:
            log.info("chart pictures: %s", output.splitlines()[-1] if output else "done")
        else:
            log.warning("the background chart drawing stopped with code %s: %s", code, output[-300:])
        self._release(proc)

    def _failed(self, proc: QProcess, error: Any) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            log.warning("the background chart drawing could not start: %s", proc.errorString())
            self._release(proc)

    def _release(self, proc: QProcess) -> None:
        if self.process is proc:
            self.process = None
            proc.deleteLater()
            if self._again:
                self._again = False
                self._timer.start(AFTER_CHANGE_MS)

    def stop(self) -> None:
        """Stop waiting and stop a drawing under way (switch person, wipe, the page built here, closing)."""
        self._timer.stop()
        self._again = False
        self._epoch += 1
        proc, self.process = self.process, None
        if proc is not None:
            proc.finished.disconnect()
            proc.errorOccurred.disconnect()
            if proc.state() != QProcess.ProcessState.NotRunning:
                proc.kill()  # SIGKILL / TerminateProcess: gone at once; the short wait only reaps it
                proc.waitForFinished(200)
            proc.deleteLater()

    def close(self) -> None:
        """The window closes (or the app quits): stop, and start nothing again."""
        self.closed = True
        self.stop()
