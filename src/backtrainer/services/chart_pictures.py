"""The Progress page's pictures, worked out and drawn without Qt: the keys of a chart's picture, the look the page
last drew at, and drawing the pictures that are missing for today (issue 9).

Qt-free. The page (ui.pages.progress) and the headless ``backtrainer draw-charts`` command share these functions, so
a picture drawn by either is found by the other. The page records its look (chart width, pixel ratio, colours and
text size, language) in the profile's picture folder each time it draws; after new data is saved (or at the start
of a new day) the app runs ``draw-charts`` in a process of its own, at low priority, which draws at that look every
chart whose series changed. The next time the person opens Progress, even in a new run of the app, the charts come
from disk at once, up to date, and the app's own process never loads matplotlib for it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backtrainer.core.charts import Range
from backtrainer.files import write_private
from backtrainer.i18n import _, language
from backtrainer.services import chart_cache
from backtrainer.services.plots import CHART_ORDER, RenderedChart, Style

log = logging.getLogger("backtrainer.charts")

LOOK_FILE = "look.json"
RANGE_ORDER: tuple[Range, ...] = (Range.WEEKS_12, Range.WEEKS_4, Range.ALL)  # the page opens on 12 weeks


def shown_charts(data: Any) -> set[str]:
    """The charts a range shows: pain and sessions always; the others when they have something to draw."""
    shown = {"pain", "adherence"}
    shown |= {"outcomes"} if data.outcomes else set()
    shown |= {"load"} if data.load.chains else set()
    shown |= {"body_maps"} if data.body_maps.panels else set()
    return shown


def band_labels() -> dict[str, dict[str, str]]:
    """The questionnaire bands' labels drawn beside the outcome chart, in the current language."""
    try:
        from backtrainer.content.education import load_assessment_messages

        labels = load_assessment_messages().labels
        return {"ODI": dict(labels.odi), "PSEQ": dict(labels.pseq), "FABQ_PA": {"high": _("High"), "not_high": ""}}
    except Exception:  # a content problem must not hide the charts
        log.warning("band labels unavailable")
        return {}


def cache_for(data_root: Path, data: Any) -> chart_cache.ChartCache:
    history = data.history
    return chart_cache.ChartCache(data_root, history.profile_id, history.created_at)


def look_key(kind: str, style: Style, width: int, ratio: float) -> str:
    """The look key of a chart (chart_cache.look_key with the words drawn in it)."""
    extra: Any = None
    if kind == "outcomes":
        extra = band_labels()
    elif kind == "load":
        from backtrainer.services.progress import chain_names

        extra = chain_names()
    return chart_cache.look_key(kind, width, ratio, style, extra)


def saved(data_root: Path, kind: str, data: Any, style: Style, width: int, ratio: float, *,
          earlier: bool = True) -> chart_cache.Saved | None:
    """The chart's saved picture: exact, or (``earlier``) the newest earlier one at this look; else None."""
    return cache_for(data_root, data).load(kind, data.range.value, look_key(kind, style, width, ratio),
                                           chart_cache.data_key(kind, data), earlier=earlier)


def keep(data_root: Path, data: Any, style: Style, width: int, ratio: float, chart: RenderedChart, *,
         create: bool = True) -> Path | None:
    """Save a drawing (never raises). ``create=False``: only into the profile's existing folder (the background
    drawer: a folder deleted by a wipe is never made again)."""
    try:
        cache = cache_for(data_root, data)
        if not create and not cache.folder.is_dir():
            return None
        return cache.store(data.range.value, look_key(chart.kind, style, width, ratio),
                           chart_cache.data_key(chart.kind, data), chart, create=create)
    except Exception as exc:  # a picture that is not saved is only drawn again next time
        log.warning("a chart picture was not saved: %s", exc)
        return None


# -- the look the page drew at -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    width: int
    ratio: float
    style: Style
    language: str


def save_look(data_root: Path, data: Any, style: Style, width: int, ratio: float) -> None:
    """Record the look the page draws at (for the background drawer). Never raises."""
    look = {"width": int(width), "ratio": float(ratio), "style": dataclasses.asdict(style), "language": language()}
    try:
        path = cache_for(data_root, data).folder / LOOK_FILE
        blob = json.dumps(look, sort_keys=True).encode("utf-8")
        if path.is_file() and path.read_bytes() == blob:
            return
        write_private(path, blob, sync=False, make_folder=False)  # (only beside the pictures: never after a wipe)
    except OSError as exc:
        log.warning("the charts' look was not saved (%s)", type(exc).__name__)


def read_look(folder: Path) -> Look | None:
    try:
        raw = json.loads((folder / LOOK_FILE).read_text(encoding="utf-8"))
        fields = dict(raw["style"])
        fields["palette"] = tuple(fields["palette"])
        return Look(int(raw["width"]), float(raw["ratio"]), Style(**fields), str(raw["language"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the charts' look could not be read (%s)", type(exc).__name__)
        return None


# -- the background drawer (``backtrainer draw-charts``) ---------------------------------------------------------------


@dataclass(frozen=True)
class DrawReport:
    drawn: int  # pictures drawn now
    current: int  # pictures that were up to date already
    reason: str = ""  # why nothing was drawn ("no look": the page was never opened at this profile)


def draw_missing(data_root: Path, profile_id: int, today: date, *,
                 render: Callable[..., RenderedChart | None] | None = None) -> DrawReport:
    """Draw, at the look the page last drew at, every chart of every range whose picture for ``today`` is missing.

    Reads the database read-only; writes only into the profile's existing picture folder."""
    from backtrainer import i18n
    from backtrainer.paths import DataPaths
    from backtrainer.services.progress import load_history

    history = load_history(DataPaths(data_root).db, profile_id)
    folder = chart_cache.profile_folder(data_root, history.profile_id, history.created_at)
    look = read_look(folder) if folder.is_dir() else None
    if look is None:
        return DrawReport(0, 0, "no look")
    if not history.has_data:
        return DrawReport(0, 0, "no data")
    before = i18n.language()
    i18n.set_language(look.language)  # the words drawn in the charts, as the page drew them
    try:
        return _draw_ranges(data_root, history, today, look, render)
    finally:
        if i18n.language() != before:
            i18n.set_language(before)


def _draw_ranges(data_root: Path, history: Any, today: date, look: Look,
                 render: Callable[..., RenderedChart | None] | None) -> DrawReport:
    from backtrainer.services.plots import render_chart
    from backtrainer.services.progress import build_progress

    draw = render or render_chart
    drawn = current = 0
    labels = band_labels()
    for rng in RANGE_ORDER:
        data = build_progress(history, rng, today)
        for kind in CHART_ORDER:
            if kind not in shown_charts(data):
                continue
            if saved(data_root, kind, data, look.style, look.width, look.ratio, earlier=False) is not None:
                current += 1
                continue
            chart = draw(kind, data, look.style, width=look.width, ratio=look.ratio,
                           band_labels=labels if kind == "outcomes" else None)
            if chart is not None and keep(data_root, data, look.style, look.width, look.ratio, chart,
                                          create=False) is not None:
                drawn += 1
    return DrawReport(drawn, current)
