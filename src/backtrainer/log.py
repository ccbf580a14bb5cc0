"""Named loggers and the rotating log file in the data dir.

Log lines never carry answers, names or PINs: callers log ids, counts and codes only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

AREAS = ("store", "rules", "progression", "media", "ui", "app")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "backtrainer.log"
    root = logging.getLogger("backtrainer")
    for handler in list(root.handlers):
        if getattr(handler, "_backtrainer", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=512_000, backupCount=3, encoding="utf-8")
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
