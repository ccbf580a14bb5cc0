"""Progress: pain trend, questionnaires, sessions, exercise levels and body maps over time, and the clinician report.

Nothing of matplotlib runs on the GUI thread. The history is read with plain SQL on the store's thread (no ORM), the
words and figures shown at once; every chart is drawn with matplotlib's Agg backend into an RGBA buffer on the
drawing thread (services.plots.render_chart: one job per chart, pain first, so the top of the page appears first);
the GUI thread only wraps each buffer in a pixmap (widgets.chart_image). The load chart's decision markers come back
as hotspots (their pixel positions and texts): hover, click and the arrow keys explain them. Charts are drawn again,
off the GUI thread, when the width (debounced), the theme or the text size changes.

Issue 9: when the person points at the page's button (or tabs to it) the shell builds this page off screen at its
real size (``MainWindow._prefetch``), so the history is read and the charts drawn before the click; the click only
puts the page in place. Once every chart of the shown range is drawn (and the page is on screen), the other two
ranges are worked out and drawn in the background, so a range switch only swaps images. The drawings are kept per
range for the same history, width, pixel ratio and style; new data clears them.

Every drawing is also saved on disk (services.chart_pictures / chart_cache) with the look it was drawn at. Before
drawing, the page looks for a saved picture: an exact one (same series and look) is shown without drawing, so a
later open, even in a new run, needs no matplotlib; an earlier one (the series changed) is shown faded, with
"Updating the charts…", until the new drawing replaces it. The background drawer (ui.chart_refresh) keeps the
pictures current after new data, at the look recorded here.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backtrainer.core.charts import DecisionMarker, Range
from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column
from backtrainer.ui.theme import THEMES
from backtrainer.ui.widgets.chart_image import HOVER_PX, ChartImage

log = logging.getLogger("backtrainer.ui")

# (range, button text, accessible name): English msgids, translated when the page is built.
RANGES: tuple[tuple[Range, str, str], ...] = ((Range.WEEKS_4, N_("4 weeks"), N_("Show 4 weeks")),
                                              (Range.WEEKS_12, N_("12 weeks"), N_("Show 12 weeks")),
                                              (Range.ALL, N_("All"), N_("Show all time")))
HEIGHTS = {"pain": 300, "outcome": 190, "adherence": 250, "load": 330, "body_maps": 250}
CHARTS = ("pain", "outcomes", "adherence", "load", "body_maps")  # drawing order: top of the page first
RESIZE_DELAY_MS = 150


def _shown(data: Any) -> set[str]:
    from backtrainer.services.chart_pictures import shown_charts

    return shown_charts(data)


__all__ = ["HOVER_PX", "ChartCard", "ProgressPage"]


class ChartCard(QFrame):
    """A card with a heading, a plain-language summary (also the chart's accessible description) and the chart."""

    def __init__(self, title: str, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(8)
        self.heading = label(title, "subtitle")
        self.summary = label("")
        box.addWidget(self.heading)
        box.addWidget(self.summary)
        self.chart = ChartImage()
        self.chart.setFixedHeight(height)
        self.chart.setAccessibleName(title)
        box.addWidget(self.chart)
        self.detail = label("", "muted", selectable=True)
        self.detail.hide()
        box.addWidget(self.detail)
        self.base_height = height
        self.setAccessibleName(title)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.setAccessibleDescription(text)
        self.chart.setAccessibleName(self.heading.text())
        self.chart.setAccessibleDescription(text)


class ProgressPage(Page):
    NAME = "progress"
    TITLE = N_("Progress")
    ORDER = 40
    WATCHES = Changes.ALL

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_(self.TITLE))
        self.range = Range.WEEKS_12
        self.history: Any = None
        self.data: Any = None
        self._markers: list[tuple[str, DecisionMarker]] = []
        self._marker_px: list[tuple[float, float]] = []
        self._tokens: dict[str, int] = {}  # the latest render job of each chart (older results are dropped)
        self._next_token = 0
        self.pending: set[str] = set()  # charts whose image is being drawn
        self.last_render_ms: dict[str, float] = {}  # worker time per chart (benchmarks)
        self._results: dict[str, Any] = {}  # the shown range's drawings (what the cache keeps of it)
        # Range -> (key, data, drawings): ranges drawn in advance or shown before, for the key they were drawn at.
        self._cache: dict[Range, tuple[tuple[Any, ...], Any, dict[str, Any]]] = {}
        self._prerendering: set[Range] = set()  # ranges being drawn in advance
        self._generation = 0  # bumped when the history or the drawing key changes: older advance jobs are dropped
        self._wanted: Range | None = None  # a range clicked while it was being drawn in advance
        self._in_render_loop = False
        self._loading = False  # the history is being read (refresh)
        # Drawing ahead pays off with a background thread; a synchronous runner (most tests) would only wait longer.
        self.prerender = not ctx.runner.synchronous
        # Drawings are saved on disk and shown from there the next time (services.chart_cache).
        self.saved_pictures = True
        self._restyled = False  # theme or text size changed: every chart is drawn again
        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(RESIZE_DELAY_MS)
        self._rerender.timeout.connect(self._on_rerender)
        layout = scroll_column(self, max_width=1040)
        top = QHBoxLayout()
        top.addWidget(label(_("Progress"), "title"), 1)
        self.report_button = QPushButton(_("Clinician report (PDF)"))
        self.report_button.setAccessibleName(_("Clinician report (PDF)"))
        self.report_button.setAccessibleDescription(_("Saves a printable summary for your doctor or physiotherapist"))
        self.report_button.clicked.connect(self._on_report_clicked)
        top.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)

        row = QHBoxLayout()
        row.addWidget(label(_("Show:"), "muted", wrap=False))
        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        self.range_buttons: dict[Range, QPushButton] = {}
        for rng, text, name in RANGES:
            button = QPushButton(_(text))
            button.setCheckable(True)
            button.setAccessibleName(_(name))
            button.clicked.connect(lambda _=False, r=rng: self.set_range(r))
            self.range_group.addButton(button)
            self.range_buttons[rng] = button
            row.addWidget(button)
        self.range_buttons[self.range].setChecked(True)
        row.addStretch(1)
        self.status = label("", "muted", wrap=False)
        row.addWidget(self.status)
        layout.addLayout(row)

        self.empty_card, empty_box = card()
        empty_box.addWidget(label(_("Your progress will show here"), "subtitle"))
        empty_box.addWidget(label(_(
            "Once you do your morning check-ins and sessions, this page shows how your pain, your daily life and "
            "your exercises change over time. Nothing to see yet, and that is fine.")))
        layout.addWidget(self.empty_card)
        self.empty_card.hide()

        self.cards: dict[str, ChartCard] = {
            "pain": ChartCard(_("Pain each morning"), HEIGHTS["pain"]),
            "outcomes": ChartCard(_("Questionnaires"), HEIGHTS["outcome"]),
            "adherence": ChartCard(_("Sessions"), HEIGHTS["adherence"]),
            "load": ChartCard(_("Exercise levels"), HEIGHTS["load"]),
            "body_maps": ChartCard(_("Body maps over time"), HEIGHTS["body_maps"]),
        }
        for c in self.cards.values():
            layout.addWidget(c)
            c.hide()
            c.chart.widthChanged.connect(lambda _w: self._rerender.start())
        self.cards["load"].chart.activated.connect(self.show_marker)
        layout.addWidget(label(_(
            "Charts show your own records. They do not diagnose anything. If you are worried about your health, "
            "contact a health professional."), "footer"))
        layout.addStretch(1)

    # -- loading ---------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        ctx = self.ctx
        rng = self.range
        today = ctx.clock.now().date()
        self._forget_drawings()
        self.status.setText(_("Loading…"))
        self._loading = True

        def work() -> Any:
            from backtrainer.services.progress import build_progress, load_history

            history = load_history(ctx.paths.db, profile_id)  # plain SQL: no ORM to import
            return build_progress(history, rng, today)

        # The words and figures need no matplotlib: they come first; the drawing thread imports matplotlib for the
        # first chart (or finds it imported by the shell's warm-up, when the person pointed at the page's button).
        ctx.runner.run(work, self.show_data, self._on_error)

    def set_range(self, rng: Range) -> None:
        self.range_buttons[rng].setChecked(True)
        if rng is self.range and self.data is not None:
            return
        self.range = rng
        self._wanted = None
        history = self.history
        if history is None:
            self.refresh()
            return
        cached = self._cache.get(rng)
        if cached is not None and cached[0] == self._drawing_key():
            self.show_data(cached[1], drawings=cached[2])
            return
        if rng in self._prerendering:  # being drawn in advance: show it when it arrives
            self._wanted = rng
            self.status.setText(_("Loading…"))
            return
        today = self.ctx.clock.now().date()

        def work() -> Any:
            from backtrainer.services.progress import build_progress

            return build_progress(history, rng, today)

        self.status.setText(_("Loading…"))
        self.ctx.runner.run(work, self.show_data, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self._loading = False
        self.status.setText("")
        from backtrainer.ui.errors import show_error

        show_error(self, exc)

    # -- drawing ---------------------------------------------------------------------------------------------------
    def style(self) -> Any:
        from backtrainer.services.plots import style_for

        app = QApplication.instance()
        name = str(app.property("bt_theme") or "light") if app is not None else "light"
        theme = THEMES.get(name, THEMES["light"])
        font = QApplication.font()
        size = font.pointSizeF() if font.pointSizeF() > 0 else 11.0
        return style_for(theme.name, size * 0.85, background=theme.surface, text=theme.text,
                         muted=theme.text_muted, border=theme.border, surface_alt=theme.surface_alt)

    def show_data(self, data: Any, drawings: dict[str, Any] | None = None) -> None:
        """Show the prepared series: summaries at once, each chart when the worker has drawn it (pain first), or
        at once from ``drawings`` (the range was drawn in advance)."""
        if self.history is not None and data.history is not self.history:
            self._forget_drawings()
        self.data = data
        self.history = data.history
        self._loading = False
        self.status.setText("")
        empty = data.empty
        self.empty_card.setVisible(empty)
        self.report_button.setEnabled(not empty)
        for c in self.cards.values():
            c.setVisible(not empty)
        if empty:
            self._tokens = {}
            self.pending.clear()
            return
        shown = _shown(data)
        for kind in ("outcomes", "load", "body_maps"):
            self.cards[kind].setVisible(kind in shown)
        texts = data.texts
        for name, key in (("pain", "pain"), ("adherence", "adherence"), ("load", "load")):
            self.cards[name].set_summary(texts.get(key, ""))
        lines = [texts.get(f"outcome:{o.instrument}", "") for o in data.outcomes]
        self.cards["outcomes"].set_summary("\n".join(t for t in lines if t))
        legend = _("Shading shows how strong it was; dots mark tingling, burning, numbness or shooting pain.")
        summary = texts.get("body_maps", "")
        self.cards["body_maps"].set_summary(f"{summary} {legend}" if summary else legend)
        load = self.cards["load"]
        load.detail.setText(_("Point at or click a marker to see why the plan changed."))
        load.detail.setVisible(bool(data.load.chains))
        if drawings is None:
            self.render_charts()
            return
        style = self.style()
        self._tokens = {}
        self.pending.clear()
        self._results = {}
        for kind in CHARTS:
            if self.cards[kind].isVisibleTo(self):
                self._size_chart(kind, data, style)
                self._apply_drawing(kind, drawings.get(kind))
        self._remember_drawings()

    def _size_chart(self, kind: str, data: Any, style: Any) -> None:
        from backtrainer.services import plots

        rows = len(data.outcomes) if kind == "outcomes" else 1
        self.cards[kind].chart.setFixedHeight(plots.chart_height(kind, style, rows))

    def _chart_width(self) -> int:
        """The width the charts get: the pain card's chart once laid out (every chart has the same width)."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        widths = [c.chart.width() for c in self.cards.values() if c.isVisibleTo(self) and c.chart.width() > 150]
        return max(widths) if widths else 900

    def render_charts(self, only_stale: bool = False) -> None:
        """Draw the visible charts on the worker thread, one job per chart in page order (pain first)."""
        data = self.data
        if data is None or data.empty:
            return
        self._rerender.stop()
        self._restyled = False
        style = self.style()
        width = self._chart_width()
        ratio = self.devicePixelRatioF()
        self._in_render_loop = True  # a synchronous runner delivers each drawing inside this loop
        try:
            self._start_render_jobs(data, style, width, ratio, only_stale)
        finally:
            self._in_render_loop = False
        if not self.pending:
            self._remember_drawings()

    def _start_render_jobs(self, data: Any, style: Any, width: int, ratio: float, only_stale: bool) -> None:
        todo: list[tuple[str, int]] = []
        for kind in CHARTS:
            c = self.cards[kind]
            if not c.isVisibleTo(self):
                self._tokens.pop(kind, None)
                self._results.pop(kind, None)
                self.pending.discard(kind)
                continue
            self._size_chart(kind, data, style)
            if only_stale and not c.chart.needs_render() and c.chart.image_width() == width:
                continue
            self._next_token += 1
            token = self._next_token
            self._tokens[kind] = token
            self.pending.add(kind)
            todo.append((kind, token))
        if not todo:
            return
        if not self.saved_pictures:
            for kind, token in todo:
                self._start_drawing(kind, token, data, style, width, ratio)
            return
        # Pictures saved on disk first (no matplotlib needed): an exact one is shown and not drawn again; an earlier
        # one is shown faded while the chart is drawn.
        tokens = self._tokens

        def look_up() -> dict[str, Any]:
            found = {kind: self._saved(kind, data, style, width, ratio) for kind, token in todo
                     if tokens.get(kind) == token}
            pain = found.get("pain")
            if pain is not None and pain.exact:  # shown at this look: the background drawer draws at it too
                from backtrainer.services.chart_pictures import save_look

                save_look(self.ctx.paths.root, data, style, width, ratio)
            return found

        self.ctx.runner.run(look_up, partial(self._on_looked_up, todo, data, style, width, ratio),
                            partial(self._on_look_up_error, todo, data, style, width, ratio))

    def _start_drawing(self, kind: str, token: int, data: Any, style: Any, width: int, ratio: float) -> None:
        self.ctx.runner.run(self._render_job(kind, token, data, style, width, ratio),
                            partial(self._on_rendered, kind, token), partial(self._on_render_error, kind, token),
                            lane="draw")

    def _on_looked_up(self, todo: list[tuple[str, int]], data: Any, style: Any, width: int, ratio: float,
                      found: dict[str, Any]) -> None:
        earlier = False
        for kind, token in todo:
            if self._tokens.get(kind) != token:
                continue
            picture = found.get(kind)
            if picture is not None and picture.exact:
                self.pending.discard(kind)
                self._apply_drawing(kind, self._as_drawing(picture, data))
                continue
            if picture is not None and picture.chart.height == self.cards[kind].chart.height() \
                    and not self.cards[kind].chart.has_image():
                self._apply_drawing(kind, self._as_drawing(picture, data), faded=True)
                earlier = True
            self._start_drawing(kind, token, data, style, width, ratio)
        if earlier and self.pending:
            self.status.setText(_("Updating the charts…"))
        self._settle_status()
        if not self.pending and not self._in_render_loop:
            self._remember_drawings()

    def _settle_status(self) -> None:
        """"Updating the charts…" only while an earlier picture is shown."""
        if self.status.text() == _("Updating the charts…") and not any(
                c.chart.faded for c in self.cards.values() if c.isVisibleTo(self)):
            self.status.setText("")

    def _on_look_up_error(self, todo: list[tuple[str, int]], data: Any, style: Any, width: int, ratio: float,
                          exc: BaseException) -> None:
        log.warning("saved chart pictures could not be read: %s", exc)
        for kind, token in todo:
            if self._tokens.get(kind) == token:
                self._start_drawing(kind, token, data, style, width, ratio)

    # -- saved pictures (services.chart_cache, services.chart_pictures) ---------------------------------------------
    def _saved(self, kind: str, data: Any, style: Any, width: int, ratio: float, *, earlier: bool = True) -> Any:
        """The chart's saved picture (services.chart_cache.Saved: exact or earlier) or None; any thread."""
        from backtrainer.services import chart_pictures

        return chart_pictures.saved(self.ctx.paths.root, kind, data, style, width, ratio, earlier=earlier)

    def _keep(self, kind: str, data: Any, style: Any, width: int, ratio: float, result: Any) -> None:
        """Save a drawing for the next time the page opens, and the look it was drawn at (for the background
        drawer: ui.chart_refresh); worker thread, never raises."""
        if result is None or not self.saved_pictures:
            return
        from backtrainer.services import chart_pictures

        root = self.ctx.paths.root
        if chart_pictures.keep(root, data, style, width, ratio, result) is not None and kind == "pain":
            chart_pictures.save_look(root, data, style, width, ratio)

    @staticmethod
    def _as_drawing(saved: Any, data: Any) -> Any:
        """A saved picture as a drawing (services.plots.RenderedChart); the load chart's markers come from the
        series, in the order they were drawn. An earlier picture explains no markers (they may have changed)."""
        from dataclasses import replace

        from backtrainer.services import plots

        chart = saved.chart
        markers = tuple(plots.drawn_markers(data.load)) if chart.kind == "load" and saved.exact else ()
        if not saved.exact or len(markers) != len(chart.hotspots):
            return replace(chart, hotspots=(), markers=())
        return replace(chart, markers=markers)

    def _render_job(self, kind: str, token: int, data: Any, style: Any, width: int,
                    ratio: float) -> Callable[[], Any]:
        tokens = self._tokens

        def work() -> Any:
            if tokens.get(kind) != token:  # a newer job for this chart is queued: skip the drawing
                return None
            result = self._draw(kind, data, style, width, ratio)
            self._keep(kind, data, style, width, ratio, result)
            return result

        return work

    def _draw(self, kind: str, data: Any, style: Any, width: int, ratio: float) -> Any:
        """Draw one chart (on the worker thread); its time goes to ``last_render_ms`` (benchmarks)."""
        import time

        from backtrainer.services import plots
        from backtrainer.services.chart_pictures import band_labels

        labels = band_labels() if kind == "outcomes" else None
        plots.warm_up()  # done already, unless this is the first drawing (then its import is not counted below)
        t0 = time.perf_counter()
        was_enabled = gc.isenabled()
        gc.disable()  # a full collection in the middle of a drawing costs more than the drawing of a chart
        try:
            result = plots.render_chart(kind, data, style, width=width, ratio=ratio, band_labels=labels)
        finally:
            if was_enabled:
                gc.enable()
        self.last_render_ms[kind] = (time.perf_counter() - t0) * 1000
        return result

    def _on_rendered(self, kind: str, token: int, result: Any) -> None:
        if self._tokens.get(kind) != token:
            return
        self.pending.discard(kind)
        self._apply_drawing(kind, result)
        self._settle_status()
        if self.cards[kind].chart.needs_render():  # the page was resized while this chart was drawn
            self._rerender.start()
        elif not self.pending:
            self._remember_drawings()

    def _apply_drawing(self, kind: str, result: Any, *, faded: bool = False) -> None:
        """Show a drawing; ``faded``: an earlier picture shown while the new one is drawn (not kept, no markers)."""
        if not faded:
            self._results[kind] = result
        chart = self.cards[kind].chart
        if result is None:
            chart.clear()
            return
        chart.set_image(result.rgba, result.pixel_width, result.pixel_height, result.width, result.height,
                        result.ratio, [(h.x, h.y, h.text) for h in result.hotspots], faded=faded)
        if kind == "load":
            self._markers = list(result.markers)
            self._marker_px = [(h.x, h.y) for h in result.hotspots]

    # -- ranges drawn in advance -----------------------------------------------------------------------------------
    def _drawing_key(self) -> tuple[int, float, Any]:
        """What the drawings depend on besides the range and the history (new history clears them): the width, the
        pixel ratio and the style."""
        return (self._chart_width(), self.devicePixelRatioF(), self.style())

    def _forget_drawings(self) -> None:
        self._cache.clear()
        self._prerendering.clear()
        self._wanted = None
        self._generation += 1

    def _remember_drawings(self) -> None:
        """Every chart of the shown range is drawn: keep the drawings, then draw the other ranges in advance."""
        data = self.data
        if data is None or data.empty or self.pending or self._restyled or self._rerender.isActive() \
                or self._in_render_loop:
            return
        key = self._drawing_key()
        if any(entry[0] != key for entry in self._cache.values()):
            self._forget_drawings()
        self._cache[data.range] = (key, data, dict(self._results))
        if not self.prerender or self.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
            return  # (prepared off screen while the person points at the page's button: the rest once it opens)
        history = self.history
        today = self.ctx.clock.now().date()
        generation = self._generation
        width, ratio, style = key
        for rng, _text, _name in RANGES:
            if rng in self._cache or rng in self._prerendering:
                continue
            self._prerendering.add(rng)
            self.ctx.runner.run(self._prerender_job(rng, history, today, style, width, ratio, generation),
                                partial(self._on_prerendered, rng, key, generation),
                                partial(self._on_prerender_error, rng, generation), lane="draw")

    def _prerender_job(self, rng: Range, history: Any, today: date, style: Any, width: int, ratio: float,
                       generation: int) -> Callable[[], Any]:
        def work() -> Any:
            if generation != self._generation:  # new data or a new size since: skip the drawing
                return None
            from backtrainer.services.progress import build_progress

            data = build_progress(history, rng, today)
            shown = set() if data.empty else _shown(data)
            return data, {kind: self._saved_or_drawn(kind, data, style, width, ratio) for kind in CHARTS
                          if kind in shown}

        return work

    def _saved_or_drawn(self, kind: str, data: Any, style: Any, width: int, ratio: float) -> Any:
        """A range drawn in advance: its exact saved picture, else a new drawing (saved); worker thread."""
        if self.saved_pictures:
            try:
                picture = self._saved(kind, data, style, width, ratio, earlier=False)
            except Exception as exc:
                log.warning("saved chart pictures could not be read: %s", exc)
                picture = None
            if picture is not None:
                return self._as_drawing(picture, data)
        result = self._draw(kind, data, style, width, ratio)
        self._keep(kind, data, style, width, ratio, result)
        return result

    def _on_prerendered(self, rng: Range, key: tuple[Any, ...], generation: int, result: Any) -> None:
        if generation != self._generation or result is None:
            return
        self._prerendering.discard(rng)
        self._cache[rng] = (key, result[0], result[1])
        if self._wanted is rng and self.range is rng:
            self._wanted = None
            if key == self._drawing_key():
                self.show_data(result[0], drawings=result[1])
            else:
                self.show_data(result[0])

    def _on_prerender_error(self, rng: Range, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._prerendering.discard(rng)
        log.warning("drawing the %s range in advance failed: %s", rng.name, exc)
        if self._wanted is rng:
            self._wanted = None
            self._on_error(exc)

    def _on_render_error(self, kind: str, token: int, exc: BaseException) -> None:
        if self._tokens.get(kind) != token:
            return
        self.pending.discard(kind)
        self._on_error(exc)

    def _on_rerender(self) -> None:
        restyled, self._restyled = self._restyled, False
        self.render_charts(only_stale=not restyled)

    def finish_drawing(self, timeout_s: float = 30.0) -> None:
        """Wait (processing events) until every chart has been drawn and shown (tests and benchmarks)."""
        import time

        end = time.monotonic() + timeout_s
        while self.pending and time.monotonic() < end:
            QApplication.processEvents()
            if self.pending:
                time.sleep(0.001)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loading and not self.pending:  # prepared off screen before it opened: draw the rest ahead now
            self._remember_drawings()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and self.data is not None and not self.data.empty:
            self._restyle()

    def _restyle(self) -> None:
        """Theme or text size changed: draw every chart again (debounced; colours and sizes follow the style)."""
        self._restyled = True
        self._rerender.start()

    # -- decision markers --------------------------------------------------------------------------------------------
    def _nearest(self, x: float | None, y: float | None) -> int | None:
        """The decision marker within HOVER_PX of the load chart's point (x, y) (logical pixels, top-left origin)."""
        if x is None or y is None or not self._marker_px:
            return None
        return self.cards["load"].chart.hotspot_at(x, y)

    def marker_text(self, index: int) -> str:
        from backtrainer.services.progress import marker_text

        chain, marker = self._markers[index]
        return marker_text(chain, marker)

    def show_marker(self, index: int) -> None:
        detail = self.cards["load"].detail
        detail.setText(self.marker_text(index))
        detail.show()

    # -- report ----------------------------------------------------------------------------------------------------
    def _on_report_clicked(self) -> None:
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        nickname = self.history.nickname if self.history is not None else "profile"
        today = self.ctx.clock.now().date()
        safe = "".join(ch for ch in nickname if ch.isalnum() or ch in " -_").strip() or "profile"
        suggested = str(self.ctx.paths.exports / f"BackTrainer report {safe} {today.isoformat()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the clinician report"), suggested,
                                                    _("PDF files (*.pdf)"))
        if path:
            self.save_report(path, today)

    def save_report(self, path: str, today: date) -> None:
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        ctx = self.ctx
        now = ctx.clock.now()

        def work() -> str:
            from pathlib import Path

            from backtrainer.services.report import write_report

            write_report(ctx.db(), profile_id, Path(path), today=today, now=now)
            return path

        self.report_button.setEnabled(False)
        self.status.setText(_("Making the report…"))

        def done(saved: str) -> None:
            self.report_button.setEnabled(True)
            self.status.setText(_("Report saved: {path}").format(path=saved))

        def failed(exc: BaseException) -> None:
            self.report_button.setEnabled(True)
            self.status.setText("")
            if isinstance(exc, OSError):
                text = _("The report could not be saved there: {problem}. Please choose another folder.")
                QMessageBox.warning(self, "BackTrainer", text.format(problem=exc.strerror or exc))
                return
            self._on_error(exc)

        ctx.runner.run(work, done, failed)
