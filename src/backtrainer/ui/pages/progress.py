"""Progress: pain trend, questionnaires, sessions, exercise levels and body maps over time, and the clinician report.

matplotlib is imported here only (this module is imported the first time the page is shown). The history is read
and the series are computed on the worker thread (which also pre-imports matplotlib's Agg machinery); the GUI
thread only draws the prepared series into QtAgg canvases.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from backtrainer.core.charts import DecisionMarker, Range
from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column
from backtrainer.ui.theme import THEMES

log = logging.getLogger("backtrainer.ui")

# (range, button text, accessible name): English msgids, translated when the page is built.
RANGES: tuple[tuple[Range, str, str], ...] = ((Range.WEEKS_4, N_("4 weeks"), N_("Show 4 weeks")),
                                              (Range.WEEKS_12, N_("12 weeks"), N_("Show 12 weeks")),
                                              (Range.ALL, N_("All"), N_("Show all time")))
HEIGHTS = {"pain": 300, "outcome": 190, "adherence": 250, "load": 330, "body_maps": 250}
HOVER_PX = 9


def _warm_matplotlib() -> None:
    """Import the heavy, GUI-free part of matplotlib on the worker thread."""
    import matplotlib.backends.backend_agg
    import matplotlib.dates
    import matplotlib.figure
    import matplotlib.patches  # noqa: F401


class ChartCard(QFrame):
    """A card with a heading, a plain-language summary (also the chart's accessible description) and a canvas."""

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
        self.canvas_box = QVBoxLayout()
        box.addLayout(self.canvas_box)
        self.detail = label("", "muted", selectable=True)
        self.detail.hide()
        box.addWidget(self.detail)
        self.base_height = height
        self.figure: Any = None
        self.canvas: Any = None
        self._margins = (40, 10, 30, 30)
        self._hspace = 0
        self._rows = 1
        self.setAccessibleName(title)

    def ensure_canvas(self, height: int, margins: tuple[int, int, int, int], hspace_px: int = 0,
                      rows: int = 1) -> Any:
        """The card's figure, cleared, with fixed margins in pixels (left, right, top, bottom) kept on resize.

        Fixed margins instead of matplotlib's constrained layout: the layout solver cost more than the drawing."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        if self.canvas is None:
            self.figure = Figure()
            self.canvas = FigureCanvasQTAgg(self.figure)
            self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.canvas_box.addWidget(self.canvas)
            self.canvas.mpl_connect("resize_event", lambda _e: self._apply_margins())
        else:
            self.figure.clear()
        self._margins = margins
        self._hspace = hspace_px
        self._rows = rows
        self.canvas.setFixedHeight(height)
        self._apply_margins()
        return self.figure

    def _apply_margins(self) -> None:
        fig = self.figure
        if fig is None:
            return
        w, h = fig.get_size_inches() * fig.dpi
        if w < 50 or h < 50:
            return
        left, right, top, bottom = self._margins
        rows = max(1, self._rows)
        inner = max(1.0, h - top - bottom)
        hspace = (self._hspace * rows / max(1.0, inner - self._hspace * (rows - 1))) if self._hspace else 0.2
        fig.subplots_adjust(left=min(0.4, left / w), right=max(0.6, 1 - right / w), top=max(0.5, 1 - top / h),
                            bottom=min(0.4, bottom / h), hspace=hspace, wspace=0.15)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.setAccessibleDescription(text)
        if self.canvas is not None:
            self.canvas.setAccessibleName(self.heading.text())
            self.canvas.setAccessibleDescription(text)


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
        self._load_ax: Any = None
        self._generation = 0
        self._queue: list[tuple[int, Any, Any, Any]] = []
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
        self.status.setText(_("Loading…"))

        def work() -> Any:
            from backtrainer.services.progress import build_progress, load_history

            _warm_matplotlib()
            history = load_history(ctx.db(), profile_id)
            return build_progress(history, rng, today)

        ctx.runner.run(work, self.show_data, self._on_error)

    def set_range(self, rng: Range) -> None:
        self.range_buttons[rng].setChecked(True)
        if rng is self.range and self.data is not None:
            return
        self.range = rng
        history = self.history
        if history is None:
            self.refresh()
            return
        today = self.ctx.clock.now().date()

        def work() -> Any:
            from backtrainer.services.progress import build_progress

            return build_progress(history, rng, today)

        self.status.setText(_("Loading…"))
        self.ctx.runner.run(work, self.show_data, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
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

    def show_data(self, data: Any) -> None:
        """Show the prepared series: the pain chart at once, the other charts one per event-loop turn (so the
        GUI thread is never busy for long and the top of the page appears first)."""
        self.data = data
        self.history = data.history
        self.status.setText("")
        empty = data.empty
        self.empty_card.setVisible(empty)
        self.report_button.setEnabled(not empty)
        for c in self.cards.values():
            c.setVisible(not empty)
        self._generation += 1
        self._queue = []
        if empty:
            return
        self.cards["outcomes"].setVisible(bool(data.outcomes))
        self.cards["load"].setVisible(bool(data.load.chains))
        self.cards["body_maps"].setVisible(bool(data.body_maps.panels))
        for name, key in (("pain", "pain"), ("adherence", "adherence"), ("load", "load")):
            self.cards[name].set_summary(data.texts.get(key, ""))
        style = self.style()
        builders = [self._build_pain, self._build_outcomes, self._build_adherence, self._build_load,
                    self._build_maps]
        builders[0](data, style)
        self._queue = [(self._generation, b, data, style) for b in builders[1:]]
        QTimer.singleShot(0, self._drain_one)

    def _drain_one(self) -> None:
        while self._queue:
            generation, builder, data, style = self._queue.pop(0)
            if generation == self._generation:
                builder(data, style)
                if self._queue:
                    QTimer.singleShot(0, self._drain_one)
                return

    def finish_drawing(self) -> None:
        """Build every queued chart now (tests and benchmarks)."""
        while self._queue:
            self._drain_one()

    def _sizes(self, style: Any) -> tuple[float, float]:
        px = style.font_size / 9.35
        return max(1.0, px), px

    def _build_pain(self, data: Any, style: Any) -> None:
        from backtrainer.services import plots

        scale, px = self._sizes(style)
        pain = self.cards["pain"]
        fig = pain.ensure_canvas(int(HEIGHTS["pain"] * scale), (int(52 * px), 14, int(56 * px), int(30 * px)))
        fig.set_facecolor(style.background)
        plots.draw_pain(fig.add_subplot(), data.pain, style)
        pain.set_summary(data.texts.get("pain", ""))
        pain.canvas.draw_idle()

    def _build_outcomes(self, data: Any, style: Any) -> None:
        from backtrainer.services import plots
        from backtrainer.services.progress import instrument_name

        outcomes = data.outcomes
        if not outcomes:
            return
        scale, px = self._sizes(style)
        out = self.cards["outcomes"]
        labels = self._band_labels()
        # Room on the right for the band labels: 170 px fits the English ones; longer (translated) labels get more.
        longest = max((len(t) for o in outcomes for t in labels.get(o.instrument, {}).values()), default=0)
        right = max(170, int(5.2 * longest) + 12)
        fig = out.ensure_canvas(int(HEIGHTS["outcome"] * scale * len(outcomes)),
                                (int(44 * px), int(right * px), int(26 * px), int(28 * px)), int(62 * px),
                                rows=len(outcomes))
        fig.set_facecolor(style.background)
        axes = fig.subplots(len(outcomes), 1, squeeze=False)[:, 0]
        lines = []
        for ax, series in zip(axes, outcomes):
            plots.draw_outcome(ax, series, style, title=instrument_name(series.instrument),
                               start=data.start, end=data.today, band_labels=labels.get(series.instrument))
            lines.append(data.texts.get(f"outcome:{series.instrument}", ""))
        out.set_summary("\n".join(t for t in lines if t))
        out.canvas.draw_idle()

    def _build_adherence(self, data: Any, style: Any) -> None:
        from backtrainer.services import plots

        scale, px = self._sizes(style)
        adh = self.cards["adherence"]
        fig = adh.ensure_canvas(int(HEIGHTS["adherence"] * scale), (int(52 * px), 14, int(34 * px), 8),
                                int(34 * px), rows=2)
        fig.set_facecolor(style.background)
        top, bottom = fig.subplots(2, 1, height_ratios=[3, 1.2])
        plots.draw_adherence(top, bottom, data.adherence, style)
        adh.set_summary(data.texts.get("adherence", ""))
        adh.canvas.draw_idle()

    def _build_load(self, data: Any, style: Any) -> None:
        from backtrainer.services import plots
        from backtrainer.services.progress import chain_names

        load = self.cards["load"]
        if not data.load.chains:
            return
        scale, px = self._sizes(style)
        fig = load.ensure_canvas(int(HEIGHTS["load"] * scale), (int(62 * px), 14, int(76 * px), int(30 * px)))
        fig.set_facecolor(style.background)
        self._load_ax = fig.add_subplot()
        self._markers = plots.draw_load(self._load_ax, data.load, style, start=data.start, end=data.today,
                                        names=chain_names())
        self._marker_px = []
        if not getattr(load, "_hooked", False):
            load.canvas.mpl_connect("draw_event", self._on_load_drawn)
            load.canvas.mpl_connect("motion_notify_event", self._on_load_hover)
            load.canvas.mpl_connect("button_press_event", self._on_load_click)
            load.canvas.setMouseTracking(True)
            load._hooked = True  # type: ignore[attr-defined]
        load.detail.setText(_("Point at or click a marker to see why the plan changed."))
        load.detail.show()
        load.set_summary(data.texts.get("load", ""))
        load.canvas.draw_idle()

    def _build_maps(self, data: Any, style: Any) -> None:
        from backtrainer.services import plots

        panels = data.body_maps.panels
        if not panels:
            return
        scale, _px = self._sizes(style)
        maps = self.cards["body_maps"]
        fig = maps.ensure_canvas(int(HEIGHTS["body_maps"] * scale), (4, 4, 4, 4))
        fig.set_facecolor(style.background)
        plots.draw_body_maps(fig.add_subplot(), data.body_maps, style, slots=max(len(panels), 5))
        legend = _("Shading shows how strong it was; dots mark tingling, burning, numbness or shooting pain.")
        summary = data.texts.get("body_maps", "")
        maps.set_summary(f"{summary} {legend}" if summary else legend)
        maps.canvas.draw_idle()

    def _band_labels(self) -> dict[str, dict[str, str]]:
        try:
            from backtrainer.content.education import load_assessment_messages

            labels = load_assessment_messages().labels
            return {"ODI": dict(labels.odi), "PSEQ": dict(labels.pseq),
                    "FABQ_PA": {"high": _("High"), "not_high": ""}}
        except Exception:  # a content problem must not hide the charts
            log.warning("band labels unavailable")
            return {}

    # -- decision markers --------------------------------------------------------------------------------------------
    def _on_load_drawn(self, _event: object) -> None:
        ax = self._load_ax
        if ax is None:
            return
        import matplotlib.dates as mdates

        pts = [(mdates.date2num(m.day), m.y) for _, m in self._markers]
        self._marker_px = [tuple(p) for p in ax.transData.transform(pts)] if pts else []

    def _nearest(self, x: float | None, y: float | None) -> int | None:
        if x is None or y is None or not self._marker_px:
            return None
        best, best_d = None, HOVER_PX ** 2
        for i, (mx, my) in enumerate(self._marker_px):
            d = (mx - x) ** 2 + (my - y) ** 2
            if d <= best_d:
                best, best_d = i, d
        return best

    def marker_text(self, index: int) -> str:
        from backtrainer.services.progress import marker_text

        chain, marker = self._markers[index]
        return marker_text(chain, marker)

    def _on_load_hover(self, event: Any) -> None:
        index = self._nearest(event.x, event.y)
        canvas = self.cards["load"].canvas
        if index is None:
            QToolTip.hideText()
            canvas.setCursor(Qt.CursorShape.ArrowCursor)
            return
        canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), self.marker_text(index), canvas)

    def _on_load_click(self, event: Any) -> None:
        index = self._nearest(event.x, event.y)
        if index is not None:
            self.show_marker(index)

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
