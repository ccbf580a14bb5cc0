"""Patient-facing safety texts, read from content (ref 8.1, 8.2). Imported only by pages that show them.

The first-run notice is the first screen of a new install. It is shown straight from ``safety.toml`` (in the
chosen language), and the full pydantic validation of the safety content runs on the worker thread right after
that first paint (bootstrap); accepting the notice waits for it. This keeps pydantic's import (~0.1 s) off the
first paint without showing unvalidated text for longer than that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backtrainer.content.loader import ContentError, localized


@dataclass(frozen=True)
class Notice:
    title: str
    paragraphs: tuple[str, ...]
    accept_label: str
    exit_label: str


def _validated() -> Any:
    from backtrainer.content.safety import load_safety

    return load_safety()


def first_run_notice() -> Notice:
    import sys

    safety = sys.modules.get("backtrainer.content.safety")
    if safety is not None and safety.load_safety.cache_info().currsize:  # already validated: use the model
        first = safety.load_safety().first_run
        return Notice(first.title, tuple(first.paragraphs), first.accept_button, first.exit_button)
    raw = localized("safety.toml").get("first_run")
    try:
        assert isinstance(raw, dict)
        title, paragraphs = raw["title"], raw["paragraphs"]
        accept, leave = raw["accept_button"], raw["exit_button"]
        assert all(isinstance(t, str) and t.strip() for t in (title, accept, leave))
        assert isinstance(paragraphs, list) and paragraphs and all(isinstance(p, str) and p for p in paragraphs)
    except (AssertionError, KeyError):
        first = _validated().first_run  # raises ContentError with the schema's own message
        return Notice(first.title, tuple(first.paragraphs), first.accept_button, first.exit_button)
    return Notice(title.strip(), tuple(p.strip() for p in paragraphs), accept.strip(), leave.strip())


def validate_safety() -> None:
    """Validate the safety content (worker thread); raises ContentError when it is damaged."""
    _validated()


def standing_footer() -> str:
    return str(_validated().footer.text)


__all__ = ["ContentError", "Notice", "first_run_notice", "standing_footer", "validate_safety"]
