"""Saved chart pictures: the Progress page's drawings kept on disk between runs (issue 9).

Qt-free and matplotlib-free. A chart drawn once is written to ``<data dir>/cache/charts/<profile>/`` as its RGBA
pixels (zlib) with its hotspots. The next time the page opens, even in a new run of the app with matplotlib not yet
imported, a chart whose picture was drawn from the very same series, size, pixel ratio, colours, text size, language
and app version is shown from disk at once (an *exact* picture: identical to drawing it again). When the series
changed since (a new check-in, a new day), the newest picture of that chart at this size is offered as an *earlier*
picture: the page shows it faded, says the charts are being updated, and replaces it when the new drawing arrives.

Each profile has a folder of its own, named by its id and its creation time, so a new profile that gets the id of a
deleted one never sees the old pictures. The end-of-loan wipe deletes the folder (services.clinic). Pictures are
disposable: a damaged or unreadable one is deleted and drawn again; a failed write is logged, never shown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtrainer import __version__
from backtrainer.files import write_private
from backtrainer.i18n import language
from backtrainer.services.plots import Hotspot, RenderedChart

log = logging.getLogger("backtrainer.charts")

FORMAT = b"BTCHART1\n"  # first line of every picture file; a new drawing format gets a new one
SUFFIX = ".chart"
KEEP_PER_PROFILE = 45  # 5 charts x 3 ranges at 3 sizes; older sizes (another window width) go first


def chart_root(data_root: Path) -> Path:
    return Path(data_root) / "cache" / "charts"


def profile_folder(data_root: Path, profile_id: int, created_at: str) -> Path:
    tag = hashlib.blake2b(str(created_at).encode(), digest_size=4).hexdigest()
    return chart_root(data_root) / f"{int(profile_id)}-{tag}"


def profile_folders(data_root: Path, profile_id: int) -> list[Path]:
    """Every picture folder of ``profile_id`` (whatever its creation time): what a wipe deletes."""
    root = chart_root(data_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.split("-", 1)[0] == str(int(profile_id)))


def remove_profile(data_root: Path, profile_id: int) -> int:
    """Delete the pictures of ``profile_id``; returns how many files were deleted."""
    removed = 0
    for folder in profile_folders(data_root, profile_id):
        removed += sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _digest(*parts: Any) -> str:
    """A short stable digest of ``parts`` (reprs of frozen dataclasses, tuples, numbers, dates and strings: the same
    in every run)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


# What each chart is drawn from (besides the look): a change in any of it is a new picture.
def series_of(kind: str, data: Any) -> tuple[Any, ...]:
    if kind == "pain":
        return (data.pain, data.start, data.today)
    if kind == "outcomes":
        return (data.outcomes, data.start, data.today)
    if kind == "adherence":
        return (data.adherence,)
    if kind == "load":
        return (data.load, data.start, data.today)
    if kind == "body_maps":
        return (data.body_maps,)
    raise ValueError(f"unknown chart {kind!r}")


def look_key(kind: str, width: int, ratio: float, style: Any, extra: Any = None) -> str:
    """The look of a picture: chart, size, pixel ratio, style (colours, text size), language, words drawn in it
    (``extra``: band labels, chain names) and the app version (a new version may draw differently)."""
    return _digest(FORMAT, __version__, kind, int(width), round(float(ratio), 3), style, language(), extra)


def data_key(kind: str, data: Any) -> str:
    return _digest(series_of(kind, data))


@dataclass(frozen=True)
class Saved:
    """A picture read back from disk. ``chart`` has its hotspots but no load-chart markers (the page works them out
    from the series: services.plots.drawn_markers); ``exact``: drawn from the same series (else an earlier picture,
    shown faded until the new one is drawn)."""

    chart: RenderedChart
    exact: bool


class ChartCache:
    """The saved pictures of one profile."""

    def __init__(self, data_root: Path, profile_id: int, created_at: str) -> None:
        self.folder = profile_folder(data_root, profile_id, created_at)

    def _name(self, kind: str, rng: str, look: str, series: str) -> Path:
        return self.folder / f"{kind}-{rng}-{look}-{series}{SUFFIX}"

    def _siblings(self, kind: str, rng: str, look: str) -> list[Path]:
        """Every picture of this chart and range at this look, newest first."""
        if not self.folder.is_dir():
            return []
        prefix = f"{kind}-{rng}-{look}-"
        found = [p for p in self.folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(SUFFIX)]
        return sorted(found, key=_mtime, reverse=True)

    def load(self, kind: str, rng: str, look: str, series: str, *, earlier: bool = True) -> Saved | None:
        """The exact picture, else (``earlier``) the newest earlier picture of the same chart, range and look."""
        exact = self._name(kind, rng, look, series)
        picture = _read(exact, exact=True)
        if picture is not None or not earlier:
            return picture
        for path in self._siblings(kind, rng, look):
            if path != exact:
                picture = _read(path, exact=False)
                if picture is not None:
                    return picture
        return None

    def store(self, rng: str, look: str, series: str, chart: RenderedChart) -> Path | None:
        """Save a drawing (replacing earlier pictures of the same chart, range and look). Never raises: a picture
        that cannot be saved is only drawn again next time."""
        target = self._name(chart.kind, rng, look, series)
        meta = {"kind": chart.kind, "width": int(chart.width), "height": int(chart.height), "ratio": float(chart.ratio),
                "pixel_width": int(chart.pixel_width), "pixel_height": int(chart.pixel_height),
                "hotspots": [[float(h.x), float(h.y), str(h.text)] for h in chart.hotspots]}
        blob = FORMAT + json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n" + zlib.compress(chart.rgba, 1)
        try:
            _write(target, blob)
            for old in self._siblings(chart.kind, rng, look):
                if old != target:
                    old.unlink(missing_ok=True)
            self._prune()
        except OSError as exc:
            log.warning("a chart picture could not be saved (%s)", type(exc).__name__)
            return None
        return target

    def _prune(self) -> None:
        files = sorted((p for p in self.folder.iterdir() if p.name.endswith(SUFFIX)), key=_mtime, reverse=True)
        for old in files[KEEP_PER_PROFILE:]:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write(path: Path, blob: bytes) -> None:
    """Atomic and user-only (files.write_private) in user-only folders; no fsync: a picture lost in a power cut is
    drawn again."""
    folder = path.parent
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            for p in (folder, folder.parent, folder.parent.parent):
                p.chmod(0o700)
    write_private(path, blob, sync=False)


def _read(path: Path, *, exact: bool) -> Saved | None:
    """A picture file, checked whole; a damaged one is deleted (it is drawn again)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    try:
        if not blob.startswith(FORMAT):
            raise ValueError("not a chart picture")
        head_end = blob.index(b"\n", len(FORMAT))
        meta: Mapping[str, Any] = json.loads(blob[len(FORMAT):head_end])
        rgba = zlib.decompress(blob[head_end + 1:])
        pw, ph = int(meta["pixel_width"]), int(meta["pixel_height"])
        if pw <= 0 or ph <= 0 or len(rgba) != pw * ph * 4:
            raise ValueError("wrong size")
        hotspots = tuple(Hotspot(float(x), float(y), str(t)) for x, y, t in meta.get("hotspots", ()))
        chart = RenderedChart(str(meta["kind"]), rgba, int(meta["width"]), int(meta["height"]), float(meta["ratio"]),
                              pw, ph, hotspots)
        return Saved(chart, exact)
    except (ValueError, KeyError, TypeError, zlib.error) as exc:
        log.warning("a damaged chart picture was deleted (%s)", exc)
        path.unlink(missing_ok=True)
        return None
