"""Running the real app in a child process (offscreen), as a person's start does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run_app(data_dir: Path, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "backtrainer", "--data-dir", str(data_dir), *extra],
                          capture_output=True, text=True, timeout=timeout, env=env)


def start_app(data_dir: Path) -> subprocess.Popen[bytes]:
    """The app left running (no --exit-after-paint); the caller terminates it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "backtrainer", "--data-dir", str(data_dir)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_database(data_dir: Path, timeout: float = 30) -> None:
    """Until the started app has made its data file (and a moment more for its start-up reads)."""
    deadline = time.monotonic() + timeout
    while not (data_dir / "backtrainer.sqlite3").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
