"""Run store and service calls off the GUI thread (style 5.2.4, after Anki's taskman).

One worker thread (the "db" lane) keeps SQLite access serialized; the Progress page's series are worked out there
too (its charts paint on the GUI thread, in milliseconds). Work functions never touch widgets;
their result (or exception) comes back to the GUI thread through a queued signal, where the ``on_done``/``on_error``
callbacks run.
A synchronous runner (``TaskRunner(synchronous=True)``) makes tests deterministic.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("backtrainer.ui")

Callback = Callable[[Any], None]
SWITCH_INTERVAL_S = 0.001  # a busy worker thread hands the GIL on after this long (Python's default: 5 ms)
LANES = ("db",)  # the store's thread (a lane is one thread: its jobs run in the order given)
ErrorCallback = Callable[[BaseException], None]


class _Bridge(QObject):
    finished = Signal(object, object, object)  # callback, value, is_error


class TaskRunner(QObject):
    """Runs callables on one background thread and calls back on the GUI thread."""

    busyChanged = Signal(bool)

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        if not synchronous:
            # A paint or an event on the GUI thread that calls into Python waits for the GIL while a worker reads
            # or works out series; with the default 5 ms hand-over a first open of Progress stalled for up to
            # 30 ms (issue 19). 1 ms keeps the GUI thread's waits short at a small cost to the worker's throughput.
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._pending = 0
        self.default_error: ErrorCallback | None = None

    def run(self, work: Callable[[], Any], on_done: Callback | None = None,
            on_error: ErrorCallback | None = None, *, lane: str = "db") -> None:
        """Run ``work()`` off the GUI thread, on ``lane``'s thread; deliver its result to ``on_done`` on the GUI
        thread (jobs of one lane run in the order given; the lanes run side by side)."""
        self._set_pending(+1)
        if self.synchronous:
            try:
                value = work()
            except BaseException as exc:
                self._deliver(on_error, exc, True)
            else:
                self._deliver(on_done, value, False)
            return
        future = self.submit(work, lane=lane)

        def done(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is not None:
                log.error("background task failed:\n%s", "".join(traceback.format_exception(exc)))
                self._bridge.finished.emit(on_error, exc, True)
            else:
                self._bridge.finished.emit(on_done, fut.result(), False)

        future.add_done_callback(done)

    def submit(self, work: Callable[[], Any], *, lane: str = "db") -> Future[Any]:
        """Queue ``work()`` on ``lane``'s thread and return its future; nothing is called back.

        For start-up, where the window polls the future and no event loop or QApplication may exist yet."""
        if self.synchronous:
            future: Future[Any] = Future()
            try:
                future.set_result(work())
            except BaseException as exc:
                future.set_exception(exc)
            return future
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        pool = self._pools.get(lane)
        if pool is None:
            pool = self._pools[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"backtrainer-{lane}")
        return pool.submit(work)

    @Slot(object, object, object)
    def _deliver(self, callback: Any, value: Any, is_error: Any) -> None:
        self._set_pending(-1)
        if is_error:
            handler = callback or self.default_error
            if handler is None:
                raise value
            handler(value)
        elif callback is not None:
            callback(value)

    def _set_pending(self, delta: int) -> None:
        before = self._pending
        self._pending += delta
        if (before == 0) != (self._pending == 0):
            self.busyChanged.emit(self._pending > 0)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self, wait: bool = True) -> None:
        pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.shutdown(wait=wait)
