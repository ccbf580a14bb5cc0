"""The log file: a plain handler during the start, the rotating one after the first paint, never two at once."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from backtrainer import log as applog


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger("backtrainer").handlers if getattr(h, "_backtrainer", False)]


def test_start_handler_is_swapped_for_the_rotating_one(tmp_path: Path) -> None:
    try:
        path = applog.setup(tmp_path, rotate=False)
        handlers = _ours()
        assert len(handlers) == 1 and not isinstance(handlers[0], logging.handlers.RotatingFileHandler)
        applog.get("app").info("before the first paint")
        assert applog.setup(tmp_path) == path
        handlers = _ours()
        assert len(handlers) == 1 and isinstance(handlers[0], logging.handlers.RotatingFileHandler)
        assert handlers[0].maxBytes == 512_000 and handlers[0].backupCount == 3
        applog.get("app").info("after the first paint")
        handlers[0].flush()
        text = path.read_text(encoding="utf-8")
        assert "before the first paint" in text and "after the first paint" in text  # one file, nothing lost
    finally:
        for handler in _ours():
            logging.getLogger("backtrainer").removeHandler(handler)
            handler.close()
