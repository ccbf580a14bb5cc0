"""Shared helpers for the benchmark scripts: timed child processes with peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mib: float
    returncode: int


def timed(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall time and the child's peak RSS (os.wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return Run(elapsed, rss_kib / 1024, proc.returncode)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


LAPTOP_SCREEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "laptop-screen.json"


def laptop_platform() -> str:
    """Qt's offscreen platform with the clinics' 1366x768 laptop screen (the tests' screen), not its default 800x800
    square, which shrank a 1180 px window to 796 px and its charts to 431 px (issue 19)."""
    wanted = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    return f"offscreen:configfile={LAPTOP_SCREEN}" if wanted == "offscreen" else wanted


def use_laptop_screen() -> None:
    """For a benchmark that makes its windows in its own process: call before QApplication exists."""
    os.environ["QT_QPA_PLATFORM"] = laptop_platform()


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = laptop_platform()
    return env
