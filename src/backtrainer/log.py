"""Named loggers and the rotating log file in the data dir.

Log lines never carry answers, names or PINs: callers log ids, counts and codes only.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

AREAS = ("store", "rules", "progression", "media", "ui", "app")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(log_dir: Path, level: int = logging.INFO, *, rotate: bool = True) -> Path:
    """Log to ``log_dir/backtrainer.log``, kept to 4 files of 500 KB when ``rotate``.

    The start writes to the same file with a plain FileHandler (``rotate=False``: logging.handlers and the socket,
    pickle and queue modules it loads cost ~5-9 ms before the first screen, issue 9) and calls ``setup`` again right
    after the first screen is painted, which swaps in the rotating handler."""
    log_dir.mkdir(parents=True, exist_ok=True)
    # A log line that cannot be written (a full disk) is dropped quietly: no traceback on the person's console, and
    # the app goes on (the failure that matters is told in plain words where it happens; issue 17).
    logging.raiseExceptions = False
    path = log_dir / "backtrainer.log"
    root = logging.getLogger("backtrainer")
    for handler in list(root.handlers):
        if getattr(handler, "_backtrainer", False):
            root.removeHandler(handler)
            handler.close()
    handler: logging.FileHandler
    if rotate:
        from logging.handlers import RotatingFileHandler

        handler = RotatingFileHandler(path, maxBytes=512_000, backupCount=3, encoding="utf-8")
    else:
        handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._backtrainer = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if os.name == "posix":
        path.touch(exist_ok=True)
        path.chmod(0o600)
    return path


def get(area: str) -> logging.Logger:
    return logging.getLogger(f"backtrainer.{area}")
