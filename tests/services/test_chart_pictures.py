"""The background drawer (services.chart_pictures): draws what is missing at the page's look, never more, never into
a folder a wipe deleted; the look survives a round trip exactly (same keys as the page's)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from backtrainer.core.charts import Range
from backtrainer.services import chart_cache, chart_pictures
from backtrainer.services.plots import Style, render_chart
from backtrainer.services.progress import build_progress, load_history
from tests.services.history_fixture import END, make_history

STYLE = Style(background="#FAFBFC", text="#101820", font_size=9.35, palette=("#0072B2", "#E69F00", "#009E73",
                                                                             "#CC79A7", "#56B4E9", "#D55E00"))
WIDTH, RATIO = 640, 1.0


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert make_history(folder, 91) == 1
    return folder


def _page_drew(root: Path, day: Any) -> Any:
    """What the page does when it draws: the pain chart saved, then the look recorded."""
    data = build_progress(load_history(root / "backtrainer.sqlite3", 1), Range.WEEKS_12, day)
    chart = render_chart("pain", data, STYLE, width=WIDTH, ratio=RATIO)
    assert chart is not None
    assert chart_pictures.keep(root, data, STYLE, WIDTH, RATIO, chart) is not None
    chart_pictures.save_look(root, data, STYLE, WIDTH, RATIO)
    return data


def _counting() -> tuple[list[str], Any]:
    calls: list[str] = []

    def render(kind: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(kind)
        return render_chart(kind, *args, **kwargs)

    return calls, render


def test_draws_what_is_missing_for_today_then_nothing(root: Path) -> None:
    yesterday = END - timedelta(days=1)
    data = _page_drew(root, yesterday)
    look = chart_pictures.read_look(chart_pictures.cache_for(root, data).folder)
    assert look == chart_pictures.Look(WIDTH, RATIO, STYLE, "en")
    calls, render = _counting()
    report = chart_pictures.draw_missing(root, 1, END, render=render)
    # every chart of every range (the 91-day history shows all five), drawn once
    assert report.drawn == 15 and report.current == 0 and len(calls) == 15
    for rng in chart_pictures.RANGE_ORDER:
        today = build_progress(data.history, rng, END)
        for kind in ("pain", "outcomes", "adherence", "load", "body_maps"):
            found = chart_pictures.saved(root, kind, today, STYLE, WIDTH, RATIO, earlier=False)
            assert found is not None and found.exact, (rng, kind)
    assert found.chart.width == WIDTH
    again = chart_pictures.draw_missing(root, 1, END, render=render)
    assert again == chart_pictures.DrawReport(0, 15) and len(calls) == 15
    # the exact picture is what drawing now gives, byte for byte
    pain = chart_pictures.saved(root, "pain", build_progress(data.history, Range.WEEKS_12, END), STYLE, WIDTH, RATIO)
    fresh = render_chart("pain", build_progress(data.history, Range.WEEKS_12, END), STYLE, width=WIDTH, ratio=RATIO)
    assert pain is not None and fresh is not None and pain.chart.rgba == fresh.rgba


def test_nothing_without_a_look_and_nothing_after_a_wipe(root: Path) -> None:
    calls, render = _counting()
    assert chart_pictures.draw_missing(root, 1, END, render=render) == chart_pictures.DrawReport(0, 0, "no look")
    assert not (root / "cache").exists() and calls == []
    _page_drew(root, END - timedelta(days=1))
    assert chart_cache.remove_profile(root, 1) == 2  # the wipe: the picture and the look
    assert chart_pictures.draw_missing(root, 1, END, render=render).reason == "no look"
    assert chart_cache.profile_folders(root, 1) == [] and calls == []


def test_a_damaged_look_is_no_look(root: Path, caplog: Any) -> None:
    data = _page_drew(root, END)
    folder = chart_pictures.cache_for(root, data).folder
    (folder / chart_pictures.LOOK_FILE).write_text('{"width": "wide"}', encoding="utf-8")
    assert chart_pictures.read_look(folder) is None and "could not be read" in caplog.text
    assert chart_pictures.draw_missing(root, 1, END).reason == "no look"


def test_the_command_draws_in_a_process_without_qt(root: Path) -> None:
    _page_drew(root, END - timedelta(days=1))
    code = ("import sys; from backtrainer.__main__ import main; "
            f"rc = main(['draw-charts', '--data-dir', {str(root)!r}, '--profile-id', '1', '--today', "
            f"{END.isoformat()!r}]); print(rc, any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "drew 15 chart pictures, 0 up to date" in out and out.strip().endswith("0 False")
    missing = subprocess.run([sys.executable, "-m", "backtrainer", "draw-charts", "--data-dir", str(root),
                              "--profile-id", "99"], capture_output=True, text=True)
    assert missing.returncode == 2 and "backtrainer:" in missing.stderr


def test_the_drawer_never_makes_a_wiped_folder_again(root: Path, monkeypatch: Any) -> None:
    """Review: the wipe can land while the drawer compresses a picture; the drawer writes only into the existing
    folder and the wipe renames the folder away first, so nothing of the patient comes back."""
    data = _page_drew(root, END - timedelta(days=1))
    folder = chart_pictures.cache_for(root, data).folder
    chart = render_chart("adherence", data, STYLE, width=WIDTH, ratio=RATIO)
    assert chart is not None
    real_compress = chart_cache.zlib.compress

    def compress_during_a_wipe(blob: bytes, level: int = -1) -> bytes:
        chart_cache.remove_profile(root, 1)  # another process, in effect: no lock shared with this one
        return real_compress(blob, level)

    monkeypatch.setattr(chart_cache.zlib, "compress", compress_during_a_wipe)
    monkeypatch.setattr(chart_cache, "_gone", set())  # (this process's own refusal list is not the drawer's)
    assert chart_pictures.keep(root, data, STYLE, WIDTH, RATIO, chart, create=False) is None
    assert not folder.exists() and not any((root / "cache" / "charts").iterdir())
    chart_pictures.save_look(root, data, STYLE, WIDTH, RATIO)
    assert not folder.exists()
