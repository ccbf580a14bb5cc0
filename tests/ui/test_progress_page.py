"""The Progress page opens offscreen with fixture data, switches ranges, explains every marker (pointer and
keyboard), follows theme, text size, size and language, and writes the report. Its charts are painted natively
(issue 19): no picture cache, no background drawer, no matplotlib until a report is made."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from backtrainer.core.charts import Range
from tests.services.history_fixture import END, make_history

KINDS = ("pain", "outcomes", "adherence", "load", "body_maps")


def _page(qtbot: Any, app_ctx: Any) -> Any:
    from backtrainer.ui.pages.progress import ProgressPage

    page = ProgressPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    return page


def _loaded_page(qtbot: Any, app_ctx: Any, days: int = 91) -> Any:
    from backtrainer.services.clock import FixedClock

    app_ctx.close()
    app_ctx.profile_id = make_history(app_ctx.paths.root, days)
    app_ctx.clock = FixedClock(datetime(END.year, END.month, END.day, 9))
    page = _page(qtbot, app_ctx)
    page.show()
    qtbot.waitUntil(lambda: page.charts_ready, timeout=10_000)
    page.finish_drawing()
    return page


def _painted(chart: Any) -> Any:
    """The chart as painted on screen (a grab goes through its paint event)."""
    return chart.grab().toImage()


def _colours(image: Any) -> int:
    seen = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_empty_state(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.store.repos import ProfileRepo

    app_ctx.profile_id = ProfileRepo(app_ctx.db()).create("Sam", now="2026-03-09T08:00:00",
                                                           notice_accepted=True).id
    page = _page(qtbot, app_ctx)
    page.show()
    assert page.status.text() == "Loading…" and not page.charts_ready  # read in the turn after the first paint
    qtbot.waitUntil(lambda: page.empty_card.isVisibleTo(page), timeout=5000)
    assert page.status.text() == "" and not page.cards["pain"].isVisibleTo(page) and not page.report_button.isEnabled()


def test_each_chart_paints_with_data_and_without(qtbot: Any) -> None:
    from backtrainer.ui.widgets.progress_charts import AdherenceChart, BodyMapChart, LoadChart, OutcomeChart, PainChart

    for cls in (PainChart, OutcomeChart, AdherenceChart, LoadChart, BodyMapChart):
        chart = cls()
        qtbot.addWidget(chart)
        chart.resize(600, 200)
        chart.show()
        assert not chart.has_data()
        image = _painted(chart)  # no series: a plain background (and, for pain, a calm line of words)
        assert not image.isNull() and chart.markers == []


def test_opens_with_all_five_charts_and_after_a_range_switch(qtbot: Any, app_ctx: Any, tmp_path: Path) -> None:
    page = _loaded_page(qtbot, app_ctx)
    assert page.data is not None and not page.data.empty
    assert page.range is Range.WEEKS_12 and page.range_buttons[Range.WEEKS_12].isChecked()
    for name in KINDS:
        card = page.cards[name]
        assert card.isVisibleTo(page) and card.chart.has_data(), name
        assert card.summary.text(), name
        assert card.chart.accessibleDescription() == card.summary.text(), name
        assert card.chart.height() >= 100, name
        assert _colours(_painted(card.chart)) > 3, name  # really painted, not a blank rectangle
        assert card.chart.markers, name  # every chart has marks that explain themselves
    assert page.shown_charts() == list(KINDS)
    import gc

    assert gc.isenabled() and page.updatesEnabled()  # held off only while the charts were fed
    assert "morning pain" in page.cards["pain"].summary.text()
    assert len(page.data.pain.days) == 84
    qtbot.mouseClick(page.range_buttons[Range.WEEKS_4], __import__("PySide6.QtCore", fromlist=["Qt"]).Qt
                     .MouseButton.LeftButton)
    page.finish_drawing()
    assert page.range is Range.WEEKS_4 and len(page.data.pain.days) == 28
    assert page.pain_chart.series is page.data.pain
    page.set_range(Range.ALL)
    page.finish_drawing()
    assert len(page.data.pain.days) == 91 and page.shown_charts() == list(KINDS)
    page.set_range(Range.WEEKS_4)  # shown before, same history: from memory, at once
    assert page.charts_ready or page._queue
    page.finish_drawing()
    assert page.pain_chart.series is page.data.pain and len(page.data.pain.days) == 28
    out = tmp_path / "r.pdf"  # the report is written off the GUI thread (synchronously in tests)
    page.save_report(str(out), END)
    assert out.is_file() and out.stat().st_size > 10_000
    assert page.status.text().startswith("Report saved")


def test_markers_are_reached_by_pointer_and_keyboard_with_their_words(qtbot: Any, app_ctx: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolTip

    page = _loaded_page(qtbot, app_ctx)
    chart = page.load_chart
    words = page.words.markers
    decisions = [t for chain in words.values() for t in chain]
    assert decisions and all(any(t == m.text for m in chart.markers) for t in decisions)
    for m in chart.markers:  # every marker lies inside the chart
        assert chart.rect().contains(m.rect.center().toPoint())
    first = next(m for m in chart.markers if m.text == decisions[0])
    centre = first.rect.center().toPoint()
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(centre), QPointF(chart.mapToGlobal(centre)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(chart, move)  # (a pointer move offscreen: QTest.mouseMove sends none without a button)
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2_000)
    assert QToolTip.text() == first.text
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=centre)
    assert page.cards["load"].detail.text() == first.text
    assert chart.accessibleDescription() == first.text  # screen readers get it too
    # keyboard: the chart takes focus; arrows step through the markers, Home/End go to the ends
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current == 0 and page.cards["load"].detail.text() == chart.markers[0].text
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 1 and page.cards["load"].detail.text() == chart.markers[1].text
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert page.cards["load"].detail.text() == chart.markers[-1].text
    assert "level" in chart.markers[-1].text.lower()
    # every other chart is reachable the same way, with words of its own
    for kind in ("pain", "outcomes", "adherence", "body_maps"):
        other = page.cards[kind].chart
        other.setFocus()
        qtbot.keyClick(other, Qt.Key.Key_Right)
        assert other.current == 0 and page.cards[kind].detail.text() == other.markers[0].text, kind
        assert other.accessibleDescription() == other.markers[0].text, kind
    pain_words = " ".join(m.text for m in page.pain_chart.markers)
    assert "Real change" in pain_words and "real difference" in pain_words


def test_load_chart_uses_plain_names_and_shows_a_one_day_plan(qtbot: Any) -> None:
    """Issue 20 item 14: plain exercise names (never MC, QX ...), and a plan started today is drawn (one vertex
    used to draw nothing), with a marker that says where it is now."""
    from datetime import date

    from backtrainer.core import charts
    from backtrainer.services.progress import CHAIN_ORDER, chain_names
    from backtrainer.ui.widgets.progress_charts import LoadChart

    today = date(2026, 11, 24)
    starts = [charts.DecisionPoint(today, c, "START", 1, 0, 1, 0) for c in ("MC", "QX")]
    load = charts.load_series(starts, {"MC": (1, 0), "QX": (1, 0)}, start=today, today=today,
                              chain_order=CHAIN_ORDER)
    chart = LoadChart()
    qtbot.addWidget(chart)
    chart.set_series(load, today, today, chain_names(), {})
    chart.resize(700, chart.heightForWidth(700))
    chart.show()
    image = _painted(chart)
    assert len(chart.markers) == 2 and all("now level 1" in m.text for m in chart.markers)
    assert chart.markers[0].text.startswith("Deep tummy muscles")
    legend = [item.text for item in chart._legend(__import__("backtrainer.ui.widgets.chart_view", fromlist=["x"])
                                                  .colours_for("light"))]
    assert "Deep tummy muscles" in legend and not any(t.startswith(("MC", "QX")) for t in legend)
    assert _colours(image) > 3


def test_one_day_is_never_drawn_across_the_whole_chart(qtbot: Any) -> None:
    """Issue 20 item 14: a single day (or week) takes a day's column of at least a week, not the full width."""
    from datetime import date

    from backtrainer.core import charts
    from backtrainer.ui.widgets.chart_view import DateAxis
    from backtrainer.ui.widgets.progress_charts import AdherenceChart

    day = date(2026, 11, 24)
    axis = DateAxis.over(day, day, 0, 700)
    assert axis.days == 7 and axis.day_width == pytest.approx(100)
    adherence = charts.adherence_series([charts.SessionPoint(day, True)], start=day, today=day, plan_start=day)
    chart = AdherenceChart()
    qtbot.addWidget(chart)
    chart.set_series(adherence)
    chart.resize(900, chart.heightForWidth(900))
    chart.show()
    chart.prepare()
    (week,) = chart.markers
    assert week.rect.width() < 100  # one week's column, not 900 px


def test_theme_text_size_and_resize_repaint(qtbot: Any, app_ctx: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from backtrainer.ui import theme

    app = QApplication.instance()
    page = _loaded_page(qtbot, app_ctx)
    chart = page.pain_chart
    before = chart.paint_count
    light = _painted(chart)
    try:
        theme.apply(app, "dark", 1.0)
        QApplication.processEvents()
        dark = _painted(chart)
        assert chart.paint_count > before
        assert light.pixel(3, 3) != dark.pixel(3, 3)  # the ground follows the theme
        height = chart.height()
        theme.apply(app, "dark", 2.0)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: chart.height() > height * 1.3, timeout=3_000)  # taller with larger text
        big = _painted(chart)
        assert big.height() > dark.height()
        # legends wrap and axis labels fit at 200 %: every legend entry fits inside the chart's width
        from backtrainer.ui.widgets.chart_view import colours_for, layout_legend

        fonts = chart.fonts()
        placed, _h = layout_legend(chart._legend(colours_for("dark")), fonts, chart.width() - 40)
        assert len({y for _x, y, _h, _i in placed}) > 1  # wrapped onto more rows
        for x, _y, h, item in placed:  # an entry fits its row, or has a row of its own and wraps its words
            assert x + fonts.width(item.text) <= chart.width() or (x == 0 and h > fonts.line * 1.3)
        width = chart.width()
        count = chart.paint_count
        page.resize(700, 800)
        qtbot.waitUntil(lambda: chart.width() < width, timeout=3_000)
        _painted(chart)
        assert chart.paint_count > count
    finally:
        theme.apply(app, "light", 1.0)


def test_spanish_labels(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.i18n import set_language

    set_language("es")
    try:
        page = _loaded_page(qtbot, app_ctx)
        legend = " ".join(item.text for item in page.pain_chart._legend(
            __import__("backtrainer.ui.widgets.chart_view", fromlist=["x"]).colours_for("light")))
        assert "Media de 7 días" in legend or "7 días" in legend
        assert "Morning pain" not in legend and "Real change" not in legend
        texts = " ".join(m.text for kind in KINDS for m in page.cards[kind].chart.markers)
        assert "Week of" not in texts and "Flare-up" not in texts and "level" not in texts.lower().replace(
            "nivel", "")
        assert page.load_chart.markers[-1].text.startswith(tuple(page.words.chains.values()))
    finally:
        set_language("en")


def test_body_map_captions_keep_apart_in_spanish_at_200(qtbot: Any, app_ctx: Any) -> None:
    """Each panel's caption (its date and "más o menos igual") wraps inside its own column, clear of the next
    one (seen at 200 % text in Spanish: "más o menos igualmás o menos igual")."""
    from PySide6.QtWidgets import QApplication

    from backtrainer.i18n import set_language
    from backtrainer.ui import theme
    from backtrainer.ui.widgets.chart_view import colours_for

    app = QApplication.instance()
    set_language("es")
    theme.apply(app, "dark", 2.0)
    try:
        page = _loaded_page(qtbot, app_ctx)  # 12 weeks: three panels in a row, each as wide as it may be
        chart = page.body_map_chart
        fonts = chart.fonts()
        cols = chart._columns(chart.width(), fonts)
        assert chart.has_data() and cols >= 2 and len(chart.series.panels) >= cols
        cell_w = min(chart.width() / cols, chart._cell_width(fonts) * 1.25)
        image = _painted(chart)
        ground = colours_for("dark").background.rgb()
        top = 4 + chart.PANEL_PX * fonts.scale + 6
        band = range(int(top), int(top + 3 * fonts.line))
        inked = [x for x in range(image.width()) if any(image.pixel(x, y) != ground for y in band)]
        assert inked  # the captions are there
        for c in range(1, cols):  # a clear strip of at least 8 px between neighbouring captions
            line = round(c * cell_w)
            for x in range(line - 4, line + 4):
                assert all(image.pixel(x, y) == ground for y in band), f"captions touch at column line {c} ({x})"
    finally:
        theme.apply(app, "light", 1.0)
        set_language("en")


def test_no_matplotlib_no_picture_cache_no_draw_charts(qtbot: Any, app_ctx: Any) -> None:
    """Issue 19: opening the page imports no matplotlib and writes no chart pictures; the draw-charts command and
    the cache/charts folder are gone."""
    from backtrainer import __main__ as cli
    from backtrainer.paths import DataPaths

    page = _loaded_page(qtbot, app_ctx)
    page.set_range(Range.ALL)
    page.finish_drawing()
    assert not (app_ctx.paths.root / "cache" / "charts").exists()
    assert not hasattr(DataPaths(app_ctx.paths.root), "charts")
    assert "draw-charts" not in cli.COMMANDS
    with pytest.raises(SystemExit):
        cli.build_command_parser().parse_args(["draw-charts", "--data-dir", "x", "--profile-id", "1"])
    for module in ("chart_cache", "chart_pictures"):
        with pytest.raises(ImportError):
            __import__(f"backtrainer.services.{module}")
    for module in ("backtrainer.ui.chart_refresh", "backtrainer.ui.widgets.chart_image"):
        with pytest.raises(ImportError):
            __import__(module)


def test_opening_the_page_imports_no_matplotlib(tmp_path: Path) -> None:
    """In a fresh process: the page opens with three months of data and all five charts, and matplotlib is not
    imported (it is only for the PDF report)."""
    import subprocess

    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from datetime import datetime
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tests.services.history_fixture import END, make_history
from backtrainer.paths import DataPaths
from backtrainer.services.clock import FixedClock
from backtrainer.ui.context import AppContext
from backtrainer.ui.pages.progress import ProgressPage
from backtrainer.ui.tasks import TaskRunner
app = QApplication([])
root = Path({str(tmp_path)!r}) / "data"
pid = make_history(root, 91)
ctx = AppContext(paths=DataPaths(root), clock=FixedClock(datetime(END.year, END.month, END.day, 9)),
                 runner=TaskRunner(synchronous=True))
ctx.profile_id = pid
page = ProgressPage(ctx)
page.resize(1000, 800)
page.show()
page.finish_drawing()
app.processEvents()
print(len(page.shown_charts()), "matplotlib" in sys.modules)
"""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["5", "False"]


def test_three_years_of_sessions_keep_their_dot_and_cross_marks(qtbot: Any) -> None:
    """At 3 years a calendar cell is under 5 px wide; started and missed days still carry their dot and cross,
    not only a colour (the side-by-side with the old charts found them gone: issue 19)."""
    from datetime import date, timedelta

    from backtrainer.core import charts
    from backtrainer.ui.widgets.chart_view import colours_for
    from backtrainer.ui.widgets.progress_charts import AdherenceChart

    today = date(2026, 11, 24)
    start = today - timedelta(days=3 * 365)
    sessions = [charts.SessionPoint(start + timedelta(days=d), completed=d % 4 != 0) for d in range(0, 3 * 365, 2)]
    adherence = charts.adherence_series(sessions, start=start, today=today, plan_start=start)
    chart = AdherenceChart()
    qtbot.addWidget(chart)
    chart.set_series(adherence)
    chart.resize(808, chart.heightForWidth(808))
    chart.show()
    image = _painted(chart)
    colours = colours_for("light")
    fonts = chart.fonts()
    left = chart._left(fonts)
    from backtrainer.ui.widgets.chart_view import legend_height

    top = legend_height(chart._legend(colours), fonts, chart.width() - left) + 4
    cell_w = min(chart.CELL_MAX * fonts.scale, (chart.width() - left - 8) / len(adherence.week_starts))
    assert cell_w < 5
    fills = {charts.CellState.PARTIAL: colours.partial.rgb(), charts.CellState.MISSED: colours.missed.rgb()}
    marked = plain = 0
    for cell in adherence.cells:
        if cell.state in fills:
            x = int(left + (cell.week + 0.5) * cell_w - 0.25)
            y = int(top + (cell.weekday + 0.5) * chart._cell_h(fonts))
            if image.pixel(x, y) != fills[cell.state]:
                marked += 1  # the mark's ink at the cell's centre
            else:
                plain += 1
    assert marked > 50 and marked > 4 * plain


def test_questionnaires_at_200_keep_wide_plots_and_whole_titles(qtbot: Any) -> None:
    """At 200 % text the band labels took half the chart (plots of 190 px, one date on the axis) and the titles
    lost "(higher is better)": the label column is at most a third of the chart and wraps, titles wrap."""
    from datetime import date, timedelta

    from PySide6.QtGui import QFont

    from backtrainer.core import charts
    from backtrainer.services.progress import band_labels, instrument_name
    from backtrainer.ui.widgets.progress_charts import OutcomeChart

    today = date(2026, 11, 24)
    start = today - timedelta(days=84)
    points = [charts.QuestionnairePoint(i, start + timedelta(days=7 * k), s + k, None, {})
              for i, s in (("ODI", 38.0), ("PSFS", 4.0), ("PSEQ", 30.0)) for k in range(6)]
    series = charts.outcome_series(points, start=start, today=today)
    chart = OutcomeChart()
    qtbot.addWidget(chart)
    chart.set_series(series, start, today, {o.instrument: instrument_name(o.instrument) for o in series},
                     band_labels())
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    chart.setFont(font)
    width = 650
    chart.resize(width, chart.heightForWidth(width))
    chart.show()
    fonts = chart.fonts()
    assert fonts.scale >= 1.5  # (the charts' own scale: line height / 16 px)
    for o in series:
        assert chart._right(fonts, width) <= width / 3 + 0.5  # the plot keeps two thirds or more
        heading = chart._heading(o)
        assert "better)" in heading
        if fonts.fm_bold.horizontalAdvance(heading) > width:  # too long for a line: wrapped, not cut
            assert chart._heading_height(o, fonts, width) > fonts.line * 1.5
    image = _painted(chart)
    assert _colours(image) > 3 and len(chart.markers) >= 3 * 6


def test_eight_body_maps_share_one_row(qtbot: Any) -> None:
    """Eight maps at the laptop's width are one row of eight (they wrapped as seven and a lone latest one)."""
    from datetime import date, timedelta

    from PySide6.QtWidgets import QApplication

    from backtrainer.core import charts
    from backtrainer.ui import theme
    from backtrainer.ui.widgets.progress_charts import BodyMapChart

    theme.apply(QApplication.instance(), "light", 1.0)  # (the app's own text size, as every start sets it)

    today = date(2026, 11, 24)
    maps = [charts.MapInput(today - timedelta(days=30 * k), "checkin", (("lumbar_left", 5, ()),)) for k in range(8)]
    series = charts.body_map_series(maps, start=today - timedelta(days=365), today=today)
    chart = BodyMapChart()
    qtbot.addWidget(chart)
    chart.set_series(series)
    assert len(series.panels) == 8
    assert chart._columns(808, chart.fonts()) == 8
    assert chart._columns(500, chart.fonts()) < 8  # narrower: they still wrap


def test_a_lone_reading_between_gaps_is_drawn(qtbot: Any) -> None:
    """A single day's leg pain between missing days is a dot (the line through runs of days drew nothing for it:
    the side-by-side found the last reading of 12 weeks missing)."""
    from datetime import date

    from PySide6.QtGui import QColor, QImage, QPainter

    from backtrainer.ui.widgets.chart_view import DateAxis
    from backtrainer.ui.widgets.progress_charts import _polyline_runs, _stroke

    day = date(2026, 11, 24)
    axis = DateAxis.over(date(2026, 11, 1), day, 0, 240)
    values = [2.0, 3.0, 2.0] + [None] * 10 + [5.0] + [None] * 10
    runs = _polyline_runs(axis, values, lambda v: 100 - v * 10)
    assert [len(r) for r in runs] == [3, 1]
    image = QImage(240, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _stroke(p, runs, QColor("#0072B2"), 1.8, (5.0, 3.0))
    p.end()
    lone = runs[1][0]
    assert image.pixelColor(round(lone.x()), round(lone.y())).blue() > image.pixelColor(
        round(lone.x()), round(lone.y())).red() + 60  # ink where the lone day is


def test_level_paths_on_one_level_keep_clear_of_the_axis(qtbot: Any) -> None:
    """Five paths on level 1 lie side by side (a sixth went up to level 5), and the lowest stays above the time
    axis (with wider lanes the lowest ran on or below it at 3 years)."""
    from datetime import date, timedelta

    from backtrainer.core import charts
    from backtrainer.services.progress import CHAIN_ORDER, chain_names
    from backtrainer.ui.widgets.progress_charts import LoadChart

    today = date(2026, 11, 24)
    start = today - timedelta(days=3 * 365)
    chains = CHAIN_ORDER[:6]
    starts = [charts.DecisionPoint(start, c, "START", 1, 0, 1, 0) for c in chains]
    starts.append(charts.DecisionPoint(today - timedelta(days=30), chains[0], "PROGRESS", 1, 0, 5, 0))  # up to 5
    current = {c: (1, 0) for c in chains} | {chains[0]: (5, 0)}
    load = charts.load_series(starts, current, start=start, today=today, chain_order=CHAIN_ORDER)
    chart = LoadChart()
    qtbot.addWidget(chart)
    chart.set_series(load, start, today, chain_names(), {})
    chart.resize(808, chart.heightForWidth(808))
    chart.show()
    chart.prepare()
    fonts = chart.fonts()
    axis_y = chart.height() - fonts.small_line - 10
    ends = sorted(m.rect.center().y() for m in chart.markers if "now level 1" in m.text)  # "where you are now"
    assert len(ends) == 5
    assert max(ends) < axis_y - 3  # the lowest lane above the axis
    from itertools import pairwise

    assert min(b - a for a, b in pairwise(ends)) >= 3  # side by side (2.2 px lines), not on each other
