"""The task runner: work off the GUI thread, results back on it; the start-up future."""

from __future__ import annotations

import threading

import pytest

from backtrainer.ui.tasks import TaskRunner


def _thread_name() -> str:
    return threading.current_thread().name


def test_run_works_on_the_worker_and_answers_on_the_gui_thread(qtbot: object, qapp: object) -> None:
    runner = TaskRunner()
    got: list[tuple[str, str]] = []
    failed: list[BaseException] = []
    try:
        runner.run(_thread_name, lambda worker: got.append((worker, _thread_name())))
        runner.run(lambda: 1 / 0, None, failed.append)
        qtbot.waitUntil(lambda: bool(got) and bool(failed), timeout=5000)  # type: ignore[attr-defined]
    finally:
        runner.shutdown()
    worker, caller = got[0]
    assert worker.startswith("backtrainer-db") and caller == threading.main_thread().name
    assert isinstance(failed[0], ZeroDivisionError)
    assert not runner.busy


def test_submit_returns_a_future_from_the_same_single_worker(qapp: object) -> None:
    runner = TaskRunner()
    try:
        first = runner.submit(_thread_name)
        second = runner.submit(_thread_name)
        broken = runner.submit(lambda: int("x"))
        assert first.result(timeout=5) == second.result(timeout=5)  # one thread keeps SQLite access in order
        assert first.result().startswith("backtrainer-db")
        assert isinstance(broken.exception(timeout=5), ValueError)
    finally:
        runner.shutdown()


def test_a_synchronous_runner_settles_the_future_at_once(qapp: object) -> None:
    runner = TaskRunner(synchronous=True)
    done = runner.submit(_thread_name)
    assert done.done() and done.result() == threading.main_thread().name
    broken = runner.submit(lambda: int("x"))
    with pytest.raises(ValueError):
        broken.result(timeout=0)


def test_the_store_has_one_lane_and_an_unknown_lane_is_refused(qapp: object) -> None:
    """Issue 19: the charts paint natively, so the drawing lane is gone; work runs on the store's thread."""
    runner = TaskRunner()
    try:
        assert runner.submit(_thread_name).result(timeout=5).startswith("backtrainer-db")
        for lane in ("draw", "video"):
            with pytest.raises(ValueError, match="lane"):
                runner.submit(_thread_name, lane=lane)
    finally:
        runner.shutdown()


def test_a_threaded_runner_makes_workers_hand_the_gil_on_quickly(qapp: object) -> None:
    """A busy worker hands the GIL to the GUI thread within 1 ms, not Python's 5 ms (issue 19: a first open of
    Progress stalled for up to 30 ms while the store's thread read); a synchronous runner changes nothing."""
    import sys

    from backtrainer.ui import tasks

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        TaskRunner(synchronous=True)
        assert sys.getswitchinterval() == pytest.approx(0.005)
        runner = TaskRunner()
        assert sys.getswitchinterval() == pytest.approx(tasks.SWITCH_INTERVAL_S) and tasks.SWITCH_INTERVAL_S <= 0.001
        runner.shutdown()
    finally:
        sys.setswitchinterval(before)
