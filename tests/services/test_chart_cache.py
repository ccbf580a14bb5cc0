"""Saved chart pictures (services.chart_cache): exact and earlier pictures, damage, privacy between profiles."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtrainer.core.charts import Range
from backtrainer.services import chart_cache
from backtrainer.services.chart_cache import ChartCache
from backtrainer.services.plots import PRINT, Hotspot, RenderedChart, Style
from tests.services.history_fixture import END, make_history

CREATED = "2026-03-09T08:00:00"


def _chart(rgba: bytes, width: int = 3, height: int = 2, *, kind: str = "pain", ratio: float = 1.0,
           hotspots: Any = ()) -> RenderedChart:
    return RenderedChart(kind, rgba, width, height, ratio, width, height,
                         tuple(Hotspot(x, y, t) for x, y, t in hotspots))


def _store(cache: ChartCache, series: str, fill: int = 7, *, look: str = "look", kind: str = "pain",
           hotspots: Any = ()) -> Path:
    path = cache.store("12w", look, series, _chart(bytes([fill]) * (4 * 3 * 2), kind=kind, hotspots=hotspots))
    assert path is not None
    return path


def test_exact_picture_comes_back_whole(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    _store(cache, "s1", hotspots=[(1.5, 2.0, "Moved up: pain settled")])
    saved = cache.load("pain", "12w", "look", "s1")
    assert saved is not None and saved.exact
    assert saved.chart == _chart(bytes([7]) * 24, hotspots=[(1.5, 2.0, "Moved up: pain settled")])
    # another chart, range or look is not this picture
    assert cache.load("load", "12w", "look", "s1") is None
    assert cache.load("pain", "4w", "look", "s1") is None
    assert cache.load("pain", "12w", "other look", "s1") is None


def test_new_series_gets_the_earlier_picture_marked_as_earlier(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    first = _store(cache, "monday", fill=1)
    earlier = cache.load("pain", "12w", "look", "tuesday")
    assert earlier is not None and not earlier.exact and earlier.chart.rgba[0] == 1
    assert cache.load("pain", "12w", "look", "tuesday", earlier=False) is None
    # the new drawing replaces the earlier picture: one file per chart, range and look
    second = _store(cache, "tuesday", fill=2)
    assert not first.exists() and second.exists()
    assert [p.name for p in cache.folder.iterdir()] == [second.name]
    again = cache.load("pain", "12w", "look", "tuesday")
    assert again is not None and again.exact and again.chart.rgba[0] == 2


@pytest.mark.parametrize("damage", [b"", b"BTCHART1\n{not json\n", b"BTCHART1\n{}\n", b"garbage",
                                    "cut"])
def test_a_damaged_picture_is_deleted_and_drawn_again(tmp_path: Path, damage: Any) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    path = _store(cache, "s1")
    if damage == "cut":
        path.write_bytes(path.read_bytes()[:-5])  # a write cut short
    else:
        path.write_bytes(damage)
    assert cache.load("pain", "12w", "look", "s1") is None
    assert not path.exists()


def test_a_picture_that_cannot_be_saved_is_only_logged(tmp_path: Path, caplog: Any) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    cache = ChartCache(tmp_path, 4, CREATED)
    assert cache.store("12w", "look", "s1", _chart(bytes(4), 1, 1)) is None
    assert "could not be saved" in caplog.text
    assert cache.load("pain", "12w", "look", "s1") is None


def test_a_new_profile_with_a_reused_id_never_sees_old_pictures(tmp_path: Path) -> None:
    old = ChartCache(tmp_path, 4, CREATED)
    _store(old, "s1")
    new = ChartCache(tmp_path, 4, "2026-11-20T10:00:00")  # same id, another person
    assert new.folder != old.folder
    assert new.load("pain", "12w", "look", "s1") is None and new.load("pain", "12w", "look", "s2") is None
    other = ChartCache(tmp_path, 44, CREATED)  # an id that starts with the same digit
    _store(other, "s1")
    assert chart_cache.profile_folders(tmp_path, 4) == [old.folder]
    assert chart_cache.remove_profile(tmp_path, 4) == 1
    assert not old.folder.exists() and other.folder.exists()


def test_old_sizes_are_pruned(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    for i in range(chart_cache.KEEP_PER_PROFILE + 6):
        path = _store(cache, "s", look=f"width{i}")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    names = {p.name for p in cache.folder.iterdir()}
    assert len(names) == chart_cache.KEEP_PER_PROFILE
    assert not any("-width0-" in n for n in names)  # the oldest went first


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_pictures_are_private(tmp_path: Path) -> None:
    path = _store(ChartCache(tmp_path, 4, CREATED), "s1")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


@settings(max_examples=40, deadline=None)
@given(width=st.integers(1, 40), height=st.integers(1, 20), seed=st.binary(min_size=1, max_size=64),
       spots=st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.text(max_size=30)), max_size=5))
def test_any_picture_round_trips(tmp_path_factory: Any, width: int, height: int, seed: bytes, spots: Any) -> None:
    cache = ChartCache(tmp_path_factory.mktemp("pics"), 1, CREATED)
    rgba = (seed * (width * height * 4 // len(seed) + 1))[:width * height * 4]
    chart = _chart(rgba, width, height, kind="load", ratio=2.0, hotspots=spots)
    cache.store("all", "l", "s", chart)
    saved = cache.load("load", "all", "l", "s")
    assert saved is not None and saved.exact and saved.chart == chart


def _keys(root: Path) -> list[str]:
    from backtrainer.services.progress import build_progress, load_history

    data = build_progress(load_history(root / "backtrainer.sqlite3", 1), Range.WEEKS_12, END)
    style = Style(font_size=10.5)
    return [chart_cache.data_key(kind, data) for kind in ("pain", "outcomes", "adherence", "load", "body_maps")] + \
        [chart_cache.look_key("pain", 811, 1.0, style), chart_cache.look_key("pain", 811, 1.0, PRINT)]


def test_keys_follow_the_series_and_are_the_same_in_every_run(tmp_path: Path) -> None:
    """The keys must not depend on the run (hash seeds): a picture saved today is found by tomorrow's run."""
    from backtrainer.paths import DB_FILENAME

    assert DB_FILENAME == "backtrainer.sqlite3"
    assert make_history(tmp_path, 91) == 1
    here = _keys(tmp_path)
    assert len(set(here)) == len(here)  # every chart and look has a key of its own
    code = ("import sys; from pathlib import Path; sys.path.insert(0, '.'); "
            "from tests.services.test_chart_cache import _keys; print(' '.join(_keys(Path(sys.argv[1]))))")
    root = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=root, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        assert out.stdout.split() == here
    # another day is another series (the range ends today)
    from backtrainer.services.progress import build_progress, load_history

    history = load_history(tmp_path / "backtrainer.sqlite3", 1)
    monday = build_progress(history, Range.WEEKS_12, END)
    sunday = build_progress(history, Range.WEEKS_12, date.fromordinal(END.toordinal() - 1))
    assert chart_cache.data_key("pain", monday) != chart_cache.data_key("pain", sunday)


def test_a_wiped_profile_gets_no_picture_from_a_drawing_still_under_way(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    _store(cache, "s1")
    assert chart_cache.remove_profile(tmp_path, 4) == 1
    # a drawing that started before the wipe ends after it: refused, the folder is not made again
    assert cache.store("12w", "look", "s2", _chart(bytes(24))) is None
    assert not cache.folder.exists()
    # a new profile that gets the same id has a folder of its own and saves as usual
    assert ChartCache(tmp_path, 4, "2026-12-01T09:00:00").store("12w", "look", "s1", _chart(bytes(24))) is not None


def test_a_damaged_picture_that_cannot_be_deleted_is_only_refused(tmp_path: Path, monkeypatch: Any) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    path = _store(cache, "s1")
    path.write_bytes(b"garbage")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr(Path, "unlink", refuse)
    assert cache.load("pain", "12w", "look", "s1") is None
    assert cache.load("pain", "12w", "look", "s2") is None  # earlier pictures: the same file, refused again


def test_a_picture_in_use_is_pruned_last(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path, 4, CREATED)
    used = _store(cache, "s", look="in-use")
    os.utime(used, (1_000_000, 1_000_000))
    assert cache.load("pain", "12w", "in-use", "s") is not None  # shown: touched
    for i in range(chart_cache.KEEP_PER_PROFILE):
        os.utime(_store(cache, "s", look=f"other{i}"), (2_000_000 + i, 2_000_000 + i))
    assert used.exists()
    leftover = cache.folder / ".backtrainer-crash.tmp"
    leftover.write_bytes(b"half a picture")
    os.utime(leftover, (1_000_000, 1_000_000))
    _store(cache, "s", look="one more")
    assert not leftover.exists()


def test_the_build_fingerprint_follows_the_drawing_code(monkeypatch: Any) -> None:
    first = chart_cache.build_fingerprint()
    assert first == chart_cache.build_fingerprint()  # worked out once
    monkeypatch.setattr(chart_cache, "_fingerprint", None)
    monkeypatch.setattr(chart_cache, "__version__", "9.9.9")
    assert chart_cache.build_fingerprint() != first
    assert chart_cache.look_key("pain", 800, 1.0, PRINT) != chart_cache.look_key("pain", 801, 1.0, PRINT)
