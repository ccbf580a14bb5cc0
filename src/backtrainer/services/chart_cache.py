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

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtrainer import __version__
from backtrainer.files import write_private
from backtrainer.i18n import language
from backtrainer.paths import DataPaths
from backtrainer.services.plots import Hotspot, RenderedChart

log = logging.getLogger("backtrainer.charts")

FORMAT = b"BTCHART1\n"  # first line of every picture file; a new drawing format gets a new one
SUFFIX = ".chart"
KEEP_PER_PROFILE = 45  # 5 charts x 3 ranges at 3 sizes; older sizes (another window width) go first


def chart_root(data_root: Path) -> Path:
    return DataPaths(Path(data_root)).charts


def profile_folder(data_root: Path, profile_id: int, created_at: str) -> Path:
    tag = hashlib.blake2b(str(created_at).encode(), digest_size=4).hexdigest()
    return chart_root(data_root) / f"{int(profile_id)}-{tag}"


def profile_folders(data_root: Path, profile_id: int) -> list[Path]:
    """Every picture folder of ``profile_id`` (whatever its creation time): what a wipe deletes."""
    root = chart_root(data_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.split("-", 1)[0] == str(int(profile_id)))


def profile_files(data_root: Path, profile_id: int) -> list[Path]:
    """Every file of ``profile_id``'s picture folders (pictures and the look): what a wipe lists and checks."""
    return [p for folder in profile_folders(data_root, profile_id) for p in sorted(folder.rglob("*")) if p.is_file()]


# Folders deleted by a wipe in this run: a drawing still under way for that profile (another thread) never makes
# them again. The lock makes "check, then write" and "mark, then delete" one step each.
_gone: set[Path] = set()
_gone_lock = threading.Lock()


def remove_profile(data_root: Path, profile_id: int) -> int:
    """Delete the pictures of ``profile_id``; returns how many files were deleted. Pictures of it still being drawn
    in this process are refused from now on (a new profile with the same id has another folder)."""
    removed = 0
    root = chart_root(data_root)
    with _gone_lock:
        prefix = f"{int(profile_id)}-"
        _gone.update(p.resolve() for p in (root.iterdir() if root.is_dir() else ()) if p.name.startswith(prefix))
        for folder in profile_folders(data_root, profile_id):
            # Renamed first (one step): a drawing under way in another process, which never makes a folder, can
            # then neither write into it nor make it again; then deleted.
            tomb = folder.with_name(f".gone-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
            folder.rename(tomb)
            removed += sum(1 for p in tomb.rglob("*") if p.is_file() and not p.name.endswith(".tmp"))
            shutil.rmtree(tomb, ignore_errors=True)
            if tomb.exists():  # a file appeared while it was deleted: once more
                shutil.rmtree(tomb, ignore_errors=True)
    return removed


_fingerprint: str | None = None


def build_fingerprint() -> str:
    """What drawing depends on besides the inputs of a chart: this build of the drawing code, the content and
    translations it reads and matplotlib's version (a picture drawn by another build is drawn again). Worked out
    once per run (a few ms): the source files in a checkout, the executable itself in the bundle."""
    global _fingerprint
    if _fingerprint is None:
        import sys
        from importlib.util import find_spec

        h = hashlib.blake2b(digest_size=10)
        h.update(__version__.encode())
        package = Path(__file__).resolve().parents[1]
        files: list[Path] = []
        spec = find_spec("matplotlib")  # (finds, does not import) its version file: another matplotlib draws anew
        if spec is not None and spec.origin:
            files.append(Path(spec.origin).parent / "_version.py")
        files += [package / "services" / name for name in ("plots.py", "progress.py", "chart_cache.py",
                                                           "chart_pictures.py")]
        files += [package / "core" / "charts.py"]
        files += sorted((package / "content").rglob("*.toml")) + sorted((package / "locale").rglob("*.mo"))
        if getattr(sys, "frozen", False):  # the code is inside the executable
            files.append(Path(sys.executable))
        for path in files:
            try:
                if path.suffix in (".py", ".toml", ".mo"):
                    h.update(path.read_bytes())
                else:
                    info = path.stat()
                    h.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
            except OSError:
                h.update(b"-")
        _fingerprint = h.hexdigest()
    return _fingerprint


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
    return _digest(FORMAT, build_fingerprint(), kind, int(width), round(float(ratio), 3), style, language(), extra)


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
        prefix = f"{kind}-{rng}-{look}-"
        try:
            found = [p for p in self.folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(SUFFIX)]
        except OSError:  # no folder yet (or unreadable): no pictures
            return []
        return sorted(found, key=_mtime, reverse=True)

    def load(self, kind: str, rng: str, look: str, series: str, *, earlier: bool = True) -> Saved | None:
        """The exact picture, else (``earlier``) the newest earlier picture of the same chart, range and look."""
        exact = self._name(kind, rng, look, series)
        picture = _read(exact, exact=True)
        if picture is not None:
            with contextlib.suppress(OSError):
                os.utime(exact)  # in use: pruned last
        if picture is not None or not earlier:
            return picture
        for path in self._siblings(kind, rng, look):
            if path != exact:
                picture = _read(path, exact=False)
                if picture is not None:
                    return picture
        return None

    def store(self, rng: str, look: str, series: str, chart: RenderedChart, *, create: bool = True) -> Path | None:
        """Save a drawing (replacing earlier pictures of the same chart, range and look). Never raises: a picture
        that cannot be saved is only drawn again next time. ``create=False``: only into the existing folder."""
        target = self._name(chart.kind, rng, look, series)
        meta = {"kind": chart.kind, "width": int(chart.width), "height": int(chart.height), "ratio": float(chart.ratio),
                "pixel_width": int(chart.pixel_width), "pixel_height": int(chart.pixel_height),
                "hotspots": [[float(h.x), float(h.y), str(h.text)] for h in chart.hotspots]}
        blob = FORMAT + json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n" + zlib.compress(chart.rgba, 1)
        try:
            with _gone_lock:
                if self.folder.resolve() in _gone:
                    return None  # the profile was wiped while this was drawn
                _write(target, blob, create=create)
            for old in self._siblings(chart.kind, rng, look):
                if old != target:
                    old.unlink(missing_ok=True)
            self._prune()
        except OSError as exc:
            log.warning("a chart picture could not be saved (%s)", type(exc).__name__)
            return None
        return target

    def _prune(self) -> None:
        """Keep the newest pictures (a picture shown is touched); drop temporary files a crash left behind."""
        files = sorted((p for p in self.folder.iterdir() if p.name.endswith(SUFFIX)), key=_mtime, reverse=True)
        for old in files[KEEP_PER_PROFILE:]:
            old.unlink(missing_ok=True)
        limit = time.time() - 600
        for tmp in self.folder.glob(".backtrainer-*.tmp"):
            if _mtime(tmp) < limit:
                tmp.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write(path: Path, blob: bytes, *, create: bool = True) -> None:
    """Atomic and user-only (files.write_private) in user-only folders; no fsync: a picture lost in a power cut is
    drawn again. ``create=False``: never makes the folder (FileNotFoundError when it is gone)."""
    folder = path.parent
    if create and not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            for p in (folder, folder.parent, folder.parent.parent):
                p.chmod(0o700)
    write_private(path, blob, sync=False, make_folder=False)


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
        with contextlib.suppress(OSError):  # (in use, read-only: it is only read and refused again)
            path.unlink(missing_ok=True)
        return None
