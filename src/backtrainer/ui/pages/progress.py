"""Progress: pain trend, questionnaires, sessions, exercise levels and body maps over time, and the clinician report.

The history is read with plain SQL on the store's thread (no ORM) and the series and their words are worked out there
too (services.progress); the GUI thread shows the words and hands every chart its series in one turn, lays the page out
in the next and paints one chart per turn after that (pain first), so no turn is long. The main window has this code
imported on the store's thread at the first screen and builds the page ahead, empty and hidden, a moment later
(MainWindow._warm_up): its first open only reads and paints. The read starts in the turn after a show. The charts are
QWidgets painted with QPainter (ui.widgets.progress_charts): each paints once into a pixmap at its size, theme and text
size and only copies it afterwards. The series of each range are kept for the same history, so a range switch shown
before needs no work. matplotlib is imported only when a clinician report is made (services.report).
"""

from __future__ import annotations

import gc
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backtrainer.core.chart_range import Range
from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column
from backtrainer.ui.widgets.chart_view import ChartView
from backtrainer.ui.widgets.flow import flow_row
from backtrainer.ui.widgets.progress_charts import AdherenceChart, BodyMapChart, LoadChart, OutcomeChart, PainChart

log = logging.getLogger("backtrainer.ui")

# (range, button text, accessible name): English msgids, translated when the page is built.
RANGES: tuple[tuple[Range, str, str], ...] = ((Range.WEEKS_4, N_("4 weeks"), N_("Show 4 weeks")),
                                              (Range.WEEKS_12, N_("12 weeks"), N_("Show 12 weeks")),
                                              (Range.ALL, N_("All"), N_("Show all time")))
CHARTS = ("pain", "outcomes", "adherence", "load", "body_maps")  # page order: the top of the page first

__all__ = ["CHARTS", "ChartCard", "ProgressPage"]


class ChartCard(QFrame):
    """A card with a heading, a plain-language summary (also the chart's accessible description), the chart and
    the explanation of its selected marker (hover, click or the arrow keys on the chart)."""

    def __init__(self, chart: ChartView, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(8)
        self.heading = label(chart.title, "subtitle")
        self.summary = label("")
        box.addWidget(self.heading)
        box.addWidget(self.summary)
        self.chart = chart
        box.addWidget(chart)
        self.hint = hint
        self.detail = label(hint, "muted", selectable=True)
        self.detail.setAccessibleName(_("Explanation"))
        box.addWidget(self.detail)
        chart.explained.connect(self.detail.setText)
        self.setAccessibleName(chart.title)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.setAccessibleDescription(text)
        self.chart.set_summary(text)
        self.detail.setText(self.hint)


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
        self.words: Any = None
        self._series: dict[Range, tuple[Any, Any]] = {}  # the shown history's series and words per range
        self._queue: list[str] = []  # charts still to be painted into their pixmaps (one per event-loop turn)
        self._loading = False
        self._settled = False
        _freeze_once()
        self.destroyed.connect(_release_gc)  # (a page dropped while it fed its charts)
        self._feeder = QTimer(self)
        self._feeder.setSingleShot(True)
        self._feeder.setInterval(0)
        self._feeder.timeout.connect(self._feed)
        self._reader = QTimer(self)
        self._reader.setSingleShot(True)
        self._reader.setInterval(0)
        self._reader.timeout.connect(self._read)
        layout = scroll_column(self, max_width=1040)
        area = self.findChild(QScrollArea)
        if area is not None:  # the charts' width never changes when they fill the page (no second painting)
            area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        title = label(_("Progress"), "title", wrap=False)
        self.report_button = QPushButton(_("Clinician report (PDF)"))
        self.report_button.setAccessibleName(_("Clinician report (PDF)"))
        self.report_button.setAccessibleDescription(_("Saves a printable summary for your doctor or physiotherapist"))
        self.report_button.clicked.connect(self._on_report_clicked)
        layout.addWidget(flow_row([title, self.report_button], spacing=24))  # the button goes under at 200 %

        # the range buttons wrap onto a second line at 200 % text, and the status words get a line of their own, so
        # the page never scrolls sideways (layout audit, issue 16)
        row_widgets: list[QWidget] = [label(_("Show:"), "muted", wrap=False)]
        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        self.range_buttons: dict[Range, QPushButton] = {}
        for rng, text, name in RANGES:
            button = QPushButton(_(text))
            button.setCheckable(True)
            button.setAutoExclusive(True)  # one range of three: "radio button" to a screen reader (issue 16)
            button.setAccessibleName(_(name))
            button.clicked.connect(lambda _=False, r=rng: self.set_range(r))
            self.range_group.addButton(button)
            self.range_buttons[rng] = button
            row_widgets.append(button)
        self.range_buttons[self.range].setChecked(True)
        layout.addWidget(flow_row(row_widgets, spacing=8))
        self.status = label("", "muted")
        layout.addWidget(self.status)

        self.empty_card, empty_box = card()
        empty_box.addWidget(label(_("Your progress will show here"), "subtitle"))
        empty_box.addWidget(label(_(
            "Once you do your morning check-ins and sessions, this page shows how your pain, your daily life and "
            "your exercises change over time. Nothing to see yet, and that is fine.")))
        layout.addWidget(self.empty_card)
        self.empty_card.hide()

        hint = _("Point at or click a mark on the chart, or use the arrow keys on it, to see what it means.")
        self.pain_chart = PainChart()
        self.outcome_chart = OutcomeChart()
        self.adherence_chart = AdherenceChart()
        self.load_chart = LoadChart()
        self.body_map_chart = BodyMapChart()
        self.cards: dict[str, ChartCard] = {
            "pain": ChartCard(self.pain_chart, hint),
            "outcomes": ChartCard(self.outcome_chart, hint),
            "adherence": ChartCard(self.adherence_chart, hint),
            "load": ChartCard(self.load_chart, _("Point at or click a marker, or use the arrow keys on the chart, "
                                                 "to see why the plan changed.")),
            "body_maps": ChartCard(self.body_map_chart, hint),
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
        self._series.clear()
        self.status.setText(_("Loading…"))
        self._loading = True
        # The read starts in the next turn, after this turn's painting (the page's first paint is ~15 ms of layout
        # and style, partly in Python): the two do not take turns at the GIL, so neither waits for the other.
        self._reader.start()

    def _read(self) -> None:
        ctx = self.ctx
        profile_id = ctx.profile_id
        if profile_id is None:
            self._loading = False
            return
        rng = self.range
        today = ctx.clock.now().date()

        def work() -> Any:
            from backtrainer.services.progress import load_history

            return _series_for(load_history(ctx.paths.db, profile_id), rng, today)  # plain SQL: no ORM to import

        ctx.runner.run(work, self._on_series, self._on_error)

    def set_range(self, rng: Range) -> None:
        self.range_buttons[rng].setChecked(True)
        if rng is self.range and self.data is not None:
            return
        self.range = rng
        history = self.history
        if history is None:
            self.refresh()
            return
        known = self._series.get(rng)
        if known is not None:
            self.show_data(*known)
            return
        today = self.ctx.clock.now().date()
        self.status.setText(_("Loading…"))
        self.ctx.runner.run(lambda: _series_for(history, rng, today), self._on_series, self._on_error)

    def _on_series(self, result: tuple[Any, Any]) -> None:
        data, words = result
        if data.range is not self.range:  # an older range's answer: keep it, show the wanted one
            if self.history is None or data.history is self.history:
                self._series[data.range] = result
            return
        self.show_data(data, words)

    def _on_error(self, exc: BaseException) -> None:
        self._loading = False
        self.status.setText("")
        from backtrainer.ui.errors import show_error

        show_error(self, exc)

    # -- showing ---------------------------------------------------------------------------------------------------
    def show_data(self, data: Any, words: Any) -> None:
        """Show the prepared series: the words and every chart's series at once, then each chart painted in a turn
        of its own (pain first)."""
        from backtrainer.services.progress import shown_charts

        if self.history is not None and data.history is not self.history:
            self._series.clear()
        self._series[data.range] = (data, words)
        self.data = data
        self.words = words
        self.history = data.history
        self._loading = False
        self.status.setText("")
        empty = data.empty
        self.empty_card.setVisible(empty)
        self.report_button.setEnabled(not empty)
        if empty:
            for c in self.cards.values():
                c.setVisible(False)
            self._queue = []
            _release_gc()
            self.setUpdatesEnabled(True)
            return
        shown = shown_charts(data)
        texts = data.texts
        for name in ("pain", "adherence", "load"):
            self.cards[name].set_summary(texts.get(name, ""))
        lines = [texts.get(f"outcome:{o.instrument}", "") for o in data.outcomes]
        self.cards["outcomes"].set_summary("\n".join(t for t in lines if t))
        legend = _("Shading shows how strong it was; dots mark tingling, burning, numbness or shooting pain.")
        summary = texts.get("body_maps", "")
        self.cards["body_maps"].set_summary(f"{summary} {legend}" if summary else legend)
        # Every chart gets its series and its card is shown in this turn (the page repaints once, at the end); the
        # layout settles in the next turn and each chart paints in a turn of its own (pain first).
        self.setUpdatesEnabled(False)
        for kind in CHARTS:
            if kind in shown:
                self._give(kind, data, words)
            self.cards[kind].setVisible(kind in shown)
        self._queue = [kind for kind in CHARTS if kind in shown]
        self._settled = False
        _hold_gc()  # no collection while the charts are painted (a few turns)
        self._feeder.start()

    def _feed(self) -> None:
        """Settle the page's layout, then paint the next chart into its pixmap (one chart per event-loop turn)."""
        if not self._queue:
            return
        if self.isVisible():
            if not self._settled:  # a turn of its own: the charts then paint at their final size, once each
                self._settled = True
                for _level in range(3):  # the cards, the page's column, the scroll area: a request each
                    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            else:
                self.cards[self._queue.pop(0)].chart.prepare()
        else:  # a hidden page paints its charts when it is shown
            self._queue.clear()
        if self._queue:
            self._feeder.start()
        else:
            _release_gc()
            self.setUpdatesEnabled(True)

    def _give(self, kind: str, data: Any, words: Any) -> None:
        if kind == "pain":
            self.pain_chart.set_series(data.pain)
        elif kind == "outcomes":
            self.outcome_chart.set_series(data.outcomes, data.start, data.today, words.instruments, words.bands)
        elif kind == "adherence":
            self.adherence_chart.set_series(data.adherence)
        elif kind == "load":
            self.load_chart.set_series(data.load, data.start, data.today, words.chains, words.markers)
        elif kind == "body_maps":
            self.body_map_chart.set_series(data.body_maps)

    @property
    def charts_ready(self) -> bool:
        """Every chart of the shown range has its series (tests and benchmarks)."""
        return self.data is not None and not self._queue and not self._loading

    def finish_drawing(self, timeout_s: float = 30.0) -> None:
        """Process events until every chart has its series (tests and benchmarks)."""
        import time

        end = time.monotonic() + timeout_s
        while not self.charts_ready and time.monotonic() < end:
            QApplication.processEvents()
            if not self.charts_ready:
                time.sleep(0.001)

    def shown_charts(self) -> list[str]:
        return [kind for kind in CHARTS if self.cards[kind].isVisibleTo(self)]


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


_frozen = False
_held = False  # the cyclic collector is held off by the Progress page


def _hold_gc() -> None:
    """A full collection walks the whole heap (the history is tens of thousands of objects) for tens of ms and would
    stall the turn it lands in: none while the charts are fed."""
    global _held
    if not _held and gc.isenabled():
        _held = True
        gc.disable()


def _release_gc(*_args: object) -> None:
    global _held
    if _held:
        _held = False
        gc.enable()


def _freeze_once() -> None:
    """Move every object alive when the page is first built (modules, classes, the shell's widgets: hardly ever
    garbage) out of the cyclic collector's reach, so later full collections walk a far smaller heap."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _series_for(history: Any, rng: Range, today: date) -> tuple[Any, Any]:
    """The series of one range and the words its charts show (worker thread: the words read content files)."""
    from backtrainer.services.progress import build_progress, chart_words

    data = build_progress(history, rng, today)
    return data, chart_words(data)


