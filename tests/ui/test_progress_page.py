"""The Progress page opens offscreen with fixture data, switches ranges, explains markers and writes the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backtrainer.core.charts import Range
from tests.services.history_fixture import make_history


def _page(qtbot: Any, app_ctx: Any) -> Any:
    from backtrainer.ui.pages.progress import ProgressPage

    page = ProgressPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    return page


def test_empty_state(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.store.repos import ProfileRepo

    app_ctx.profile_id = ProfileRepo(app_ctx.db()).create("Sam", now="2026-03-09T08:00:00",
                                                           notice_accepted=True).id
    page = _page(qtbot, app_ctx)
    page.show()
    assert page.empty_card.isVisibleTo(page)
    assert not page.cards["pain"].isVisibleTo(page) and not page.report_button.isEnabled()


def test_opens_with_data_and_switches_range(qtbot: Any, app_ctx: Any, tmp_path: Path) -> None:
    from backtrainer.services.clock import FixedClock
    from tests.services.history_fixture import END

    app_ctx.close()
    app_ctx.profile_id = make_history(app_ctx.paths.root, 91)
    app_ctx.clock = FixedClock(__import__("datetime").datetime(END.year, END.month, END.day, 9))
    page = _page(qtbot, app_ctx)
    page.show()
    # drawn off the GUI thread (synchronously in tests), one job per chart, and shown as images
    qtbot.waitUntil(lambda: not page.pending, timeout=10_000)
    assert page.data is not None and not page.data.empty
    assert page.range is Range.WEEKS_12 and page.range_buttons[Range.WEEKS_12].isChecked()
    for name in ("pain", "outcomes", "adherence", "load", "body_maps"):
        card = page.cards[name]
        assert card.isVisibleTo(page) and card.chart.has_image(), name
        assert card.summary.text(), name
        assert card.chart.accessibleDescription() == card.summary.text(), name
        pixmap = card.chart.pixmap()
        assert pixmap is not None and pixmap.height() >= card.chart.height() * 0.99, name
    assert "morning pain" in page.cards["pain"].summary.text()
    assert len(page.data.pain.days) == 84
    page.range_buttons[Range.WEEKS_4].click()
    assert page.range is Range.WEEKS_4 and len(page.data.pain.days) == 28
    page.set_range(Range.ALL)
    page.finish_drawing()
    assert len(page.data.pain.days) == 91
    # decision markers: hover/click text in plain words, found by hit-testing the rendered marker positions
    assert page._markers
    assert len(page._marker_px) == len(page._markers)
    x, y = page._marker_px[0]
    assert page._nearest(x + 2, y - 2) == 0 and page._nearest(x + 50, y + 50) in (None, *range(len(page._markers)))
    page.show_marker(0)
    assert "Moved up" in page.cards["load"].detail.text() or "moved up" in page.cards["load"].detail.text()
    # the report is written off the GUI thread (synchronously in tests)
    out = tmp_path / "r.pdf"
    page.save_report(str(out), END)
    assert out.is_file() and out.stat().st_size > 10_000
    assert page.status.text().startswith("Report saved")


def _loaded_page(qtbot: Any, app_ctx: Any) -> Any:
    from backtrainer.services.clock import FixedClock
    from tests.services.history_fixture import END

    app_ctx.close()
    app_ctx.profile_id = make_history(app_ctx.paths.root, 91)
    app_ctx.clock = FixedClock(__import__("datetime").datetime(END.year, END.month, END.day, 9))
    page = _page(qtbot, app_ctx)
    page.show()
    qtbot.waitUntil(lambda: not page.pending, timeout=10_000)
    return page


def test_marker_hover_and_keys_show_the_reason(qtbot: Any, app_ctx: Any) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    page = _loaded_page(qtbot, app_ctx)
    chart = page.cards["load"].chart
    assert chart.hotspots() and len(chart.hotspots()) == len(page._markers)
    # every marker lies inside the image
    for hx, hy, _text in chart.hotspots():
        assert 0 <= hx <= chart.image_width() and 0 <= hy <= chart.height()
    x, y = page._marker_px[0]
    # hovering the marker's pixel (hit-test on the stored positions) shows its reason in a tooltip
    move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(x + 1, y + 1), QPointF(chart.mapToGlobal(QPoint(int(x),
                       int(y)))), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(chart, move)
    assert chart.cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert QToolTip.isVisible() and QToolTip.text() == page.marker_text(0)
    assert "moved up" in QToolTip.text().lower()
    # far from every marker: no tooltip
    assert chart.hover(2, 2) is None
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2_000)
    # a click on the marker explains it in the reason line
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert page.cards["load"].detail.text() == page.marker_text(0)
    # keyboard: the chart takes focus; arrows step through the markers, End goes to the last
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 1 and page.cards["load"].detail.text() == page.marker_text(1)
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert page.cards["load"].detail.text() == page.marker_text(len(page._markers) - 1)


def test_rerenders_on_resize_and_theme_without_matplotlib_qt(qtbot: Any, app_ctx: Any) -> None:
    import sys

    from PySide6.QtWidgets import QApplication

    from backtrainer.ui import theme

    page = _loaded_page(qtbot, app_ctx)
    chart = page.cards["pain"].chart
    before = chart.image_width()
    page.resize(760, 800)
    qtbot.waitUntil(lambda: chart.image_width() != before and not page.pending, timeout=5_000)
    assert abs(chart.image_width() - chart.width()) <= 1
    pixmap = chart.pixmap()
    assert pixmap is not None
    dark_before = pixmap.toImage().pixelColor(3, 3).lightness()
    app = QApplication.instance()
    try:
        theme.apply(app, "dark", 1.0)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: (p := chart.pixmap()) is not None and p.toImage().pixelColor(3, 3).lightness()
                        < dark_before - 50 and not page.pending, timeout=5_000)
    finally:
        theme.apply(app, "light", 1.0)  # type: ignore[arg-type]
    assert "matplotlib.backends.backend_qtagg" not in sys.modules


def test_other_ranges_are_drawn_ahead_and_switch_without_drawing(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> None:
    """Issue 9: once the shown range is drawn, the other two are drawn ahead; a switch then only swaps images, and new
    data (a change in the store) throws the drawings away."""
    from backtrainer.services import plots
    from backtrainer.ui.context import Changes

    calls: list[str] = []
    real = plots.render_chart

    def counting(kind: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(kind)
        return real(kind, *args, **kwargs)

    monkeypatch.setattr(plots, "render_chart", counting)
    page = _loaded_page(qtbot, app_ctx)
    page.prerender = True
    page.saved_pictures = False  # (drawings saved on disk: test_saved_pictures_*)
    page.render_charts()  # the page's first drawing ran before the flag was set: draw again, now ahead too
    qtbot.waitUntil(lambda: not page.pending and len(page._cache) == 3, timeout=10_000)
    assert set(page._cache) == {Range.WEEKS_4, Range.WEEKS_12, Range.ALL}
    shown_12 = page.cards["pain"].chart.pixmap().toImage()
    calls.clear()
    page.range_buttons[Range.ALL].click()
    # shown at once, from the drawings made ahead: nothing drawn, nothing pending
    assert page.data.range is Range.ALL and not page.pending and calls == []
    assert len(page.data.pain.days) == 91
    for name in ("pain", "outcomes", "adherence", "load", "body_maps"):
        assert page.cards[name].chart.has_image(), name
    assert page.cards["pain"].chart.pixmap().toImage() != shown_12  # a different picture: 91 days, not 84
    assert page._markers and len(page._marker_px) == len(page._markers)  # load markers follow the swapped image
    page.range_buttons[Range.WEEKS_12].click()
    assert page.data.range is Range.WEEKS_12 and calls == []
    assert page.cards["pain"].chart.pixmap().toImage() == shown_12
    # new data: the drawings ahead are forgotten and made again for the new history
    generation = page._generation
    app_ctx.signals.dataChanged.emit(Changes.ALL)  # what every saved user action sends
    qtbot.waitUntil(lambda: not page.pending and len(page._cache) == 3, timeout=10_000)
    assert page._generation > generation and calls


def test_saved_pictures_open_the_page_without_drawing(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> None:
    """Issue 9: a chart drawn once is saved; the next page (a new run) shows it from disk, the same pixels, its
    markers still explained, without drawing (matplotlib is not needed)."""
    from backtrainer.services import plots

    first = _loaded_page(qtbot, app_ctx)
    shown = {name: c.chart.pixmap().toImage() for name, c in first.cards.items() if c.isVisibleTo(first)}
    assert set(shown) == {"pain", "outcomes", "adherence", "load", "body_maps"}
    folder = next(app_ctx.paths.charts.iterdir())
    assert len(list(folder.glob("*-12w-*.chart"))) == 5
    calls: list[str] = []
    real = plots.render_chart
    monkeypatch.setattr(plots, "render_chart", lambda kind, *a, **k: calls.append(kind) or real(kind, *a, **k))
    second = _page(qtbot, app_ctx)
    second.show()
    qtbot.waitUntil(lambda: not second.pending, timeout=10_000)
    assert calls == []
    for name, image in shown.items():
        chart = second.cards[name].chart
        assert chart.pixmap().toImage() == image and not chart.faded, name
    assert second._markers and len(second._markers) == len(first._markers)
    assert [second.marker_text(i) for i in range(len(second._markers))] == \
        [first.marker_text(i) for i in range(len(first._markers))]
    assert second.cards["load"].chart.hotspots() == first.cards["load"].chart.hotspots()
    # another range is drawn (and saved) once, then it too comes from disk
    second.set_range(Range.ALL)
    second.finish_drawing()
    assert sorted(calls) == sorted(["pain", "outcomes", "adherence", "load", "body_maps"])
    calls.clear()
    third = _page(qtbot, app_ctx)
    third.show()
    third.set_range(Range.ALL)
    third.finish_drawing()
    assert calls == [] and third.cards["pain"].chart.pixmap().toImage() == \
        second.cards["pain"].chart.pixmap().toImage()


def test_an_earlier_picture_shows_faded_until_the_new_drawing(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> None:
    """Issue 9: the next day (new series) the page shows yesterday's picture faded and says it is updating; the new
    drawing replaces it; an earlier picture never stands in for a chart's markers."""
    from datetime import datetime, timedelta

    from backtrainer.services.clock import FixedClock
    from backtrainer.ui.pages.progress import ProgressPage

    first = _loaded_page(qtbot, app_ctx)
    yesterday = first.cards["pain"].chart.pixmap().toImage()
    today = app_ctx.clock.now() + timedelta(days=1)
    app_ctx.clock = FixedClock(datetime(today.year, today.month, today.day, 9))
    held: list[tuple[Any, ...]] = []
    monkeypatch.setattr(ProgressPage, "_start_drawing", lambda self, *args: held.append(args))
    page = _page(qtbot, app_ctx)
    page.show()
    qtbot.waitUntil(lambda: len(held) == 4, timeout=10_000)
    # the body maps are the same as yesterday (the same maps in range): that picture is exact, not drawn again
    assert [args[0] for args in held] == ["pain", "outcomes", "adherence", "load"]
    assert page.pending == {"pain", "outcomes", "adherence", "load"}
    assert page.cards["body_maps"].chart.has_image() and not page.cards["body_maps"].chart.faded
    chart = page.cards["pain"].chart
    assert chart.faded and chart.pixmap().toImage() == yesterday
    assert page.status.text() == "Updating the charts…" and page.pending
    assert page.cards["load"].chart.hotspots() == [] and page._markers == []
    monkeypatch.undo()
    for args in held:
        page._start_drawing(*args)
    page.finish_drawing()
    assert not chart.faded and chart.pixmap().toImage() != yesterday
    assert page.status.text() == "" and page._markers and page.cards["load"].chart.hotspots()


def test_saved_pictures_follow_the_look(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> None:
    """A picture saved at another width or in another theme is not shown as the chart (it is drawn again)."""
    from backtrainer.services import plots

    first = _loaded_page(qtbot, app_ctx)
    assert first.cards["pain"].chart.has_image()
    calls: list[str] = []
    real = plots.render_chart
    monkeypatch.setattr(plots, "render_chart", lambda kind, *a, **k: calls.append(kind) or real(kind, *a, **k))
    narrow = _page(qtbot, app_ctx)
    narrow.resize(700, 800)
    narrow.show()
    narrow.finish_drawing()
    assert "pain" in calls and not narrow.cards["pain"].chart.faded
    assert abs(narrow.cards["pain"].chart.image_width() - narrow.cards["pain"].chart.width()) <= 1
    # the look the background drawer draws at follows the page, also when the page shows exact saved pictures
    from backtrainer.services import chart_pictures

    folder = chart_pictures.cache_for(app_ctx.paths.root, narrow.data).folder
    look = chart_pictures.read_look(folder)
    assert look is not None and look.width == narrow.cards["pain"].chart.image_width()
    calls.clear()
    wide = _page(qtbot, app_ctx)
    wide.show()
    wide.finish_drawing()
    assert calls == []  # all from disk
    look = chart_pictures.read_look(folder)
    assert look is not None and look.width == first.cards["pain"].chart.image_width()
    assert look.width != narrow.cards["pain"].chart.image_width()


def test_the_background_drawer_uses_the_page_look(qtbot: Any, app_ctx: Any, monkeypatch: Any) -> None:
    """Issue 9: the page records its look; the background drawer (another process in the app: draw_missing) draws
    the next day's pictures at it, and the next day's page shows them as exact, without drawing."""
    from datetime import datetime, timedelta

    from backtrainer.services import chart_pictures, plots
    from backtrainer.services.clock import FixedClock

    first = _loaded_page(qtbot, app_ctx)
    assert first.cards["pain"].chart.has_image()
    today = app_ctx.clock.now() + timedelta(days=1)
    report = chart_pictures.draw_missing(app_ctx.paths.root, app_ctx.profile_id, today.date())
    assert report.drawn >= 12  # the day moved: every chart but the body maps (the same maps) is drawn again
    calls: list[str] = []
    real = plots.render_chart
    monkeypatch.setattr(plots, "render_chart", lambda kind, *a, **k: calls.append(kind) or real(kind, *a, **k))
    app_ctx.clock = FixedClock(datetime(today.year, today.month, today.day, 9))
    page = _page(qtbot, app_ctx)
    page.show()
    qtbot.waitUntil(lambda: not page.pending, timeout=10_000)
    assert calls == []
    assert all(not c.chart.faded and c.chart.has_image() for c in page.cards.values() if c.isVisibleTo(page))
    assert page.data.today == today.date() and page._markers


def test_updating_status_clears_when_exact_pictures_replace_the_faded_ones(qtbot: Any, app_ctx: Any,
                                                                           monkeypatch: Any) -> None:
    """Review: earlier pictures at one width, exact ones at another; a resize to the second width while the first
    are shown faded replaces them from disk, and the status no longer says it is updating."""
    from datetime import datetime, timedelta

    from backtrainer.services.clock import FixedClock
    from backtrainer.ui.pages.progress import ProgressPage

    _loaded_page(qtbot, app_ctx)  # yesterday at 1000 px
    day = app_ctx.clock.now() + timedelta(days=1)
    app_ctx.clock = FixedClock(datetime(day.year, day.month, day.day, 9))
    narrow = _page(qtbot, app_ctx)
    narrow.resize(700, 800)
    narrow.show()
    narrow.finish_drawing()  # today at 700 px
    narrow_width = narrow.cards["pain"].chart.image_width()
    held: list[Any] = []
    monkeypatch.setattr(ProgressPage, "_start_drawing", lambda self, *args: held.append(args))
    page = _page(qtbot, app_ctx)  # today at 1000 px: only yesterday's pictures
    page.show()
    qtbot.waitUntil(lambda: page.cards["pain"].chart.faded, timeout=10_000)
    assert page.status.text() == "Updating the charts…"
    page.resize(700, 800)
    qtbot.waitUntil(lambda: not page.pending, timeout=10_000)
    assert not any(c.chart.faded for c in page.cards.values())
    assert page.cards["pain"].chart.image_width() == narrow_width and page.status.text() == ""
