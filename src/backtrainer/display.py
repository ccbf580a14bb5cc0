"""Display preferences for the first paint, read without pydantic (the full model is ``settings.Settings``).

Out-of-range or missing values fall back to the defaults; the full settings are loaded later off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Display:
    theme: str = "light"
    text_scale: float = 1.0
    reduce_motion: bool = False
    language: str = "system"


def peek_display(path: Path) -> Display:
    """Theme, text scale, reduce-motion and language from ``settings.toml`` (defaults when unreadable)."""
    data: dict[str, object] = {}
    if path.exists():  # tomllib is imported only when there is a file to read (start-up cost, issue 9)
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
    out = Display()
    theme = data.get("theme")
    scale = data.get("text_scale")
    reduce = data.get("reduce_motion")
    language = data.get("language")
    return Display(
        theme=theme if theme in ("light", "dark", "high_contrast") else out.theme,
        text_scale=float(scale) if isinstance(scale, int | float) and not isinstance(scale, bool)
        and 1.0 <= scale <= 2.0 else out.text_scale,
        reduce_motion=reduce if isinstance(reduce, bool) else out.reduce_motion,
        language=language if language in ("system", "en", "es") else out.language,
    )
