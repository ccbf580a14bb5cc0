"""Where the main window sits and how big it is, kept between runs (``window.toml`` in the data dir). Qt-free.

A saved placement is never trusted as it is: the screen may be smaller now, or gone (a lent laptop without its
clinic monitor), and the file may be damaged. ``fit`` always returns a window that lies wholly inside the screen's
available area, so "Switch person" and the bottom buttons are never cut off (issue 16: a 1366x768 laptop).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("backtrainer.app")

DEFAULT_SIZE = (1180, 780)  # what the window asks for when the screen has room and nothing is saved
MIN_SIZE = (900, 620)  # the smallest the layout is made for; a smaller screen lowers it to fit
# Room for the window frame (title bar and borders) that the window manager adds around the client area; the
# real frame is measured once the window is on screen (ui.placement) and the window is fitted again if needed.
FRAME_ALLOWANCE = (16, 40)


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True, slots=True)
class Placement:
    """The window's normal (not maximised) client area, and whether it was maximised."""

    rect: Rect
    maximized: bool = False


def read_placement(path: Path) -> Placement | None:
    """The saved placement, or None when there is none or it cannot be read (the app then uses the default)."""
    if not path.exists():
        return None
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        values = [data[k] for k in ("x", "y", "width", "height")]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError("placement values must be whole numbers")
        x, y, width, height = (int(v) for v in values)
        if width <= 0 or height <= 0:
            raise ValueError("placement size must be positive")
        return Placement(Rect(x, y, width, height), maximized=data.get("maximized") is True)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        log.warning("window placement unreadable (%s); using the default", type(exc).__name__)
        return None


def save_placement(path: Path, placement: Placement) -> None:
    """Write the placement atomically (user-only file)."""
    from backtrainer.files import write_private

    r = placement.rect
    text = (f"x = {r.x}\ny = {r.y}\nwidth = {r.width}\nheight = {r.height}\n"
            f"maximized = {'true' if placement.maximized else 'false'}\n")
    with contextlib.suppress(FileNotFoundError):  # the data dir is gone (a wiped loan): nothing to keep
        write_private(path, text.encode("utf-8"), sync=False, make_folder=False)


def minimum_size(available: Rect, frame: tuple[int, int] = FRAME_ALLOWANCE) -> tuple[int, int]:
    """MIN_SIZE, lowered on a screen too small for it."""
    return (min(MIN_SIZE[0], available.width - frame[0]), min(MIN_SIZE[1], available.height - frame[1]))


def fit(saved: Placement | None, screens: list[Rect], *, frame: tuple[int, int] = FRAME_ALLOWANCE) -> Placement:
    """The client area to use: the saved one when it is still on a screen, else the default centred on the first
    screen; always clamped so that the whole window, frame included, is inside one screen's available area.

    ``screens`` are the available areas (the primary screen first); ``frame`` is the width and height the window
    frame adds around the client area.
    """
    if not screens:
        raise ValueError("at least one screen is needed")
    screen = screens[0]
    rect: Rect | None = None
    if saved is not None:
        on = [s for s in screens if saved.rect.overlaps(s)]
        if on:
            screen, rect = on[0], saved.rect
    room_w, room_h = screen.width - frame[0], screen.height - frame[1]
    low_w, low_h = minimum_size(screen, frame)
    if rect is None:
        width, height = DEFAULT_SIZE
        rect = Rect(0, 0, width, height)
        centred = True
    else:
        centred = False
    width = max(low_w, min(rect.width, room_w))
    height = max(low_h, min(rect.height, room_h))
    # The frame's left/top share: the title bar is on top, the borders split evenly at the sides.
    left, top = frame[0] // 2, frame[1] - frame[0] // 2
    if centred:
        x = screen.x + left + (room_w - width) // 2
        y = screen.y + top + (room_h - height) // 2
    else:
        x = min(max(rect.x, screen.x + left), screen.right - (frame[0] - left) - width)
        y = min(max(rect.y, screen.y + top), screen.bottom - (frame[1] - top) - height)
    return Placement(Rect(x, y, width, height), maximized=bool(saved is not None and saved.maximized))
