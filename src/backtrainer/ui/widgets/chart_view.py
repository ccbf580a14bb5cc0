"""A chart painted with QPainter: the base of the Progress page's charts (ui.widgets.progress_charts).

Each chart paints its series (Qt-free, from core.charts via services.progress) once into a pixmap at its size,
device pixel ratio, theme, font and language; paint events only copy that pixmap (plus the focus ring), so
scrolling and hovering cost nothing. The pixmap is dropped when any of those change (resize, theme, text size).

Every marker explains itself: the pointer (hover shows a tooltip, a click selects), the keyboard (Tab to the
chart, then Left/Right, Home/End move between markers) and screen readers (the chart's accessible description is
the selected marker's explanation). ``explained`` carries the text for a label beside the chart.

Colours: the Okabe-Ito colour-blind-safe palette on light ground, lighter marks on dark and high-contrast ground
(the same choice as the report's matplotlib style, services.plots). No meaning rests on colour alone: lines differ
in style, markers in shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from backtrainer.i18n import language, tick_day, tick_month

HOVER_PX = 10  # a marker explains itself within this many pixels of the pointer

OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                              "#000000")
_BRIGHT = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#FF8A5B", "#FFFFFF", "#BBBBBB")
_HIGH_CONTRAST = ("#00FFFF", "#FFFF00", "#00FF7F", "#FF80FF", "#FFFFFF", "#FF9933", "#FFFFFF", "#BBBBBB")
# Qt pen dash patterns (in pen widths) for lines told apart by style as well as colour.
DASHES: tuple[tuple[float, ...], ...] = ((), (5.0, 3.0), (6.0, 2.0, 1.5, 2.0), (1.5, 2.0), (8.0, 2.0, 2.0, 2.0),
                                         (3.0, 2.0, 1.0, 2.0, 1.0, 2.0))


@dataclass(frozen=True)
class ChartColours:
    """The colours of a chart for one theme (ui.theme)."""

    name: str
    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    band: QColor
    palette: tuple[QColor, ...]
    done: QColor
    partial: QColor
    missed: QColor
    rest: QColor
    flare: QColor
    body: QColor
    body_edge: QColor
    focus: QColor


_COLOURS: dict[str, ChartColours] = {}


def colours_for(theme_name: str) -> ChartColours:
    """The chart colours of a theme of ui.theme (light, dark, high_contrast); built once per theme."""
    found = _COLOURS.get(theme_name)
    if found is not None:
        return found
    from backtrainer.ui.theme import THEMES

    t = THEMES.get(theme_name, THEMES["light"])
    if t.name == "light":
        pal = tuple(QColor(c) for c in OKABE_ITO)
        done, partial, missed = pal[0], pal[4], pal[1]
    else:
        pal = tuple(QColor(c) for c in (_HIGH_CONTRAST if t.name == "high_contrast" else _BRIGHT))
        done, partial, missed = pal[0], QColor("#2F6F8F"), pal[1]
    flare = pal[5]
    colours = ChartColours(name=t.name, background=QColor(t.surface), text=QColor(t.text),
                           muted=QColor(t.text_muted), grid=QColor(t.border), band=QColor(t.surface_alt),
                           palette=pal, done=done, partial=partial, missed=missed, rest=QColor(t.surface_alt),
                           flare=flare, body=QColor(t.surface_alt), body_edge=QColor(t.text_muted),
                           focus=QColor(t.focus))
    _COLOURS[theme_name] = colours
    return colours


def current_theme() -> str:
    app = QApplication.instance()
    value = app.property("bt_theme") if app is not None else None
    return str(value) if value else "light"


@dataclass(frozen=True)
class Marker:
    """A point of a chart that explains itself: its hit area (logical pixels) and its explanation."""

    rect: QRectF
    text: str


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a small picture (drawn into the given square) and its words."""

    draw: Callable[[QPainter, QRectF], None]
    text: str


class Fonts:
    """The chart's fonts and their metrics, worked out once per widget font (not on every paint)."""

    def __init__(self, base: QFont) -> None:
        self.key = (base.family(), base.pointSizeF(), base.pixelSize())
        self.normal = QFont(base)
        size = base.pointSizeF() if base.pointSizeF() > 0 else 11.0
        self.normal.setPointSizeF(size * 0.9)
        self.small = QFont(base)
        self.small.setPointSizeF(size * 0.8)
        self.bold = QFont(self.normal)
        self.bold.setBold(True)
        self.fm = QFontMetricsF(self.normal)
        self.fm_small = QFontMetricsF(self.small)
        self.fm_bold = QFontMetricsF(self.bold)
        self.line = self.fm.height()
        self.small_line = self.fm_small.height()
        self.scale = max(1.0, self.line / 16.0)  # charts grow with larger text
        self._widths: dict[tuple[int, str], float] = {}

    def width(self, text: str, small: bool = False) -> float:
        key = (1 if small else 0, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = (self.fm_small if small else self.fm).horizontalAdvance(text)
        return found


def rehearse(fonts: Fonts, colours: ChartColours) -> None:
    """Paint, once and off screen, a little of everything the charts paint (text in each font, a pattern fill,
    dashed and round lines, shapes), so the first real chart does not pay Qt's one-off costs (a pattern brush's
    first fill alone is about 5 ms; glyph caches, pens). Called when the Progress page is made ready ahead."""
    from PySide6.QtGui import QBrush, QPolygonF

    pixmap = QPixmap(160, 60)
    pixmap.fill(colours.background)
    p = QPainter(pixmap)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        for font in (fonts.normal, fonts.small, fonts.bold):
            p.setFont(font)
            p.setPen(colours.text)
            p.drawText(QRectF(0, 0, 160, 60), flags, "0123456789 Aa Jan 2026 (%)")
        rect = QRectF(2.5, 2.5, 40.5, 50.0)
        p.fillRect(rect, colours.band)
        for style in (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.Dense6Pattern):
            p.fillRect(rect, QBrush(colours.flare, style))
        p.setPen(pen(colours.text, 1.5, (4.0, 2.0)))
        p.drawLine(QPointF(0, 30), QPointF(150, 31))
        p.drawPolyline(QPolygonF([QPointF(0, 0), QPointF(50.5, 40.2), QPointF(100, 10.7)]))
        p.setPen(pen(colours.muted, 0.8))
        p.setBrush(colours.body)
        p.drawRoundedRect(QRectF(60, 5, 30, 40), 4, 4)
        p.drawEllipse(QPointF(120, 30), 3.5, 3.5)
        p.drawPolygon(QPolygonF([QPointF(130, 40), QPointF(136, 30), QPointF(142, 40)]))
    finally:
        p.end()


def pen(colour: QColor, width: float = 1.0, dashes: Sequence[float] = ()) -> QPen:
    p = QPen(colour, width)
    p.setCapStyle(Qt.PenCapStyle.FlatCap)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dashes:
        p.setDashPattern(list(dashes))
    return p


def legend_height(items: Sequence[LegendItem], fonts: Fonts, width: float) -> float:
    """The height the legend takes when wrapped to ``width`` (rows of entries, a long entry on a row of its own)."""
    return layout_legend(items, fonts, width)[1]


def layout_legend(items: Sequence[LegendItem], fonts: Fonts, width: float
                  ) -> tuple[list[tuple[float, float, float, LegendItem]], float]:
    """Entries placed left to right, wrapping to new rows; an entry wider than the whole row gets a row of its own
    and its words wrap (never cut off at large text). Returns (x, y, height, item) for each and the total height."""
    swatch = fonts.line * 1.6
    gap = fonts.line * 0.9
    row_h = fonts.line * 1.25
    x = y = 0.0
    tallest = row_h
    placed: list[tuple[float, float, float, LegendItem]] = []
    for item in items:
        w = swatch + 4 + fonts.width(item.text)
        h = row_h
        if w > width:  # too long for any row: a row of its own, wrapped
            room = max(10.0, width - swatch - 4)
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
            h = max(row_h, fonts.fm.boundingRect(QRectF(0, 0, room, 10_000), flags, item.text).height() + 4)
            w = width
        if x > 0 and x + w > width:
            x = 0.0
            y += tallest
            tallest = row_h
        placed.append((x, y, h, item))
        tallest = max(tallest, h)
        x += w + gap
    return placed, (y + tallest if items else 0.0)


def draw_legend(p: QPainter, items: Sequence[LegendItem], fonts: Fonts, colours: ChartColours, left: float,
                top: float, width: float) -> float:
    """Draw the wrapped legend at (left, top); returns its height."""
    placed, height = layout_legend(items, fonts, width)
    swatch = fonts.line * 1.6
    row_h = fonts.line * 1.25
    p.setFont(fonts.normal)
    for x, y, h, item in placed:
        box = QRectF(left + x, top + y + (row_h - fonts.line) / 2, swatch, fonts.line)
        item.draw(p, box)
        p.setPen(colours.text)
        room = max(10.0, width - x - swatch - 4)
        flags = Qt.AlignmentFlag.AlignLeft | (Qt.AlignmentFlag.AlignVCenter if h <= row_h else
                                              Qt.AlignmentFlag.AlignTop) | Qt.TextFlag.TextWordWrap
        p.drawText(QRectF(box.right() + 4, top + y + (0 if h <= row_h else 2), room, h), int(flags), item.text)
    return height


def line_swatch(colour: QColor, width: float = 2.0, dashes: Sequence[float] = ()) -> Callable[[QPainter, QRectF],
                                                                                                   None]:
    def draw(p: QPainter, box: QRectF) -> None:
        p.setPen(pen(colour, width, dashes))
        p.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()))

    return draw


def box_swatch(fill: QColor, edge: QColor | None = None, mark: str = "") -> Callable[[QPainter, QRectF], None]:
    def draw(p: QPainter, box: QRectF) -> None:
        side = min(box.width(), box.height()) * 0.8
        r = QRectF(box.left(), box.center().y() - side / 2, side, side)
        p.fillRect(r, fill)
        if edge is not None:
            p.setPen(pen(edge, 1.0))
            p.drawRect(r)
        if mark:
            draw_cell_mark(p, r, mark, ink_on(fill))

    return draw


def ink_on(fill: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``fill`` (WCAG relative luminance): the dot or cross inside a
    coloured calendar cell (the dark theme's light crosses on orange were faint)."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * linear(fill.redF()) + 0.7152 * linear(fill.greenF()) + 0.0722 * linear(fill.blueF())
    return QColor("#000000") if lum > 0.179 else QColor("#FFFFFF")  # 0.179: where both give the same ratio


def draw_cell_mark(p: QPainter, r: QRectF, mark: str, colour: QColor) -> None:
    """A dot ("dot") or a cross ("cross") in a calendar cell: the meaning does not rest on its colour."""
    c = r.center()
    s = min(r.width(), r.height()) * 0.22
    if mark == "dot":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(c, s, s)
        p.setBrush(Qt.BrushStyle.NoBrush)
    elif mark == "cross":
        p.setPen(pen(colour, 1.2))
        p.drawLine(QPointF(c.x() - s, c.y() - s), QPointF(c.x() + s, c.y() + s))
        p.drawLine(QPointF(c.x() - s, c.y() + s), QPointF(c.x() + s, c.y() - s))


@dataclass(frozen=True)
class DateAxis:
    """Days mapped to x: every day is a column of equal width; a short range is shown as at least a week, so one
    day is never drawn across the whole chart."""

    first: date
    last: date
    left: float
    width: float

    MIN_DAYS = 7

    @classmethod
    def over(cls, start: date, end: date, left: float, width: float) -> DateAxis:
        first = min(start, end - timedelta(days=cls.MIN_DAYS - 1))
        return cls(first, end, left, max(1.0, width))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def day_width(self) -> float:
        return self.width / self.days

    def x(self, day: date) -> float:
        """The centre of ``day``'s column."""
        return self.left + ((day - self.first).days + 0.5) * self.day_width

    def x_index(self, index: float) -> float:
        return self.left + (index + 0.5) * self.day_width

    def ticks(self, fonts: Fonts) -> list[tuple[float, str]]:
        """Tick positions and labels: days for a short range, months for a long one, thinned so labels never
        overlap. Plain date arithmetic (no calendar rules engine)."""
        span = self.days
        found: list[date] = []
        monthly = span > 120
        if span <= 35:
            step = 1 if span <= 10 else 7
            found = [self.first + timedelta(days=i) for i in range(0, span, step)]
        elif span <= 120:
            d = self.first + timedelta(days=(7 - self.first.weekday()) % 7)  # the first Monday
            while d <= self.last:
                found.append(d)
                d += timedelta(days=14)
        else:
            every = 2 if span <= 500 else 6
            y, m = self.first.year, self.first.month
            if self.first.day != 1:
                m += 1
            while True:
                if m > 12:
                    y, m = y + 1, m - 12
                d = date(y, m, 1)
                if d > self.last:
                    break
                if (m - 1) % every == 0:
                    found.append(d)
                m += 1
        labels = [tick_month(d) if monthly else tick_day(d) for d in found]
        room = max((fonts.width(t, small=True) for t in labels), default=0.0) + fonts.line
        keep = 1
        while found and len(found[::keep]) * room > self.width:
            keep += 1
        return [(self.x(d), t) for d, t in list(zip(found, labels))[::keep]]


class ChartView(QWidget):
    """The base chart: a cached painting, markers that explain themselves, and a height that follows the text
    size and the width (legends wrap)."""

    explained = Signal(str)  # the selected marker's explanation (hover, click or keyboard)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(200)
        self.markers: list[Marker] = []
        self.current: int | None = None
        self.summary = ""
        self._pixmap: QPixmap | None = None
        self._key: tuple[object, ...] | None = None
        self._fonts: Fonts | None = None
        self._heights: dict[tuple[object, ...], int] = {}
        self.paint_count = 0  # drawings made (tests, benchmarks)

    # -- what subclasses give (the base alone is a chart with no data: it shows ``empty_text``) ----------------------
    def has_data(self) -> bool:
        """Whether there is a series to draw; ``draw`` and ``chart_height`` are asked only when there is."""
        return False

    def chart_height(self, width: float, fonts: Fonts) -> float:
        """The drawing's height for ``width`` (logical pixels)."""
        return 0.0

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        """Paint the chart into ``p`` (logical pixels) and return its markers, in keyboard order."""
        return []

    def empty_text(self) -> str:
        return ""

    # -- state ----------------------------------------------------------------------------------------------------
    def fonts(self) -> Fonts:
        font = self.font()
        key = (font.family(), font.pointSizeF(), font.pixelSize())
        if self._fonts is None or self._fonts.key != key:
            self._fonts = Fonts(font)
        return self._fonts

    def changed(self) -> None:
        """The series changed: paint again, keep no marker selected."""
        self._pixmap = None
        self._key = None
        self._heights.clear()
        self.markers = []
        self.current = None
        self.updateGeometry()
        self.update()

    def set_summary(self, text: str) -> None:
        self.summary = text
        if self.current is None:
            self.setAccessibleDescription(text)

    def _look(self) -> tuple[object, ...]:
        return (self.width(), self.height(), self.devicePixelRatioF(), current_theme(), self.fonts().key,
                language())

    def prepare(self) -> bool:
        """Paint the chart into its pixmap now (if its look changed); returns whether it painted."""
        key = self._look()
        if self._pixmap is not None and key == self._key:
            return False
        w, h = self.width(), self.height()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(w * ratio)), max(1, round(h * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        colours = colours_for(str(key[3]))
        pixmap.fill(colours.background)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        fonts = self.fonts()
        try:
            if self.has_data():
                markers = self.draw(p, float(w), float(h), fonts, colours)
            else:
                markers = []
                p.setFont(fonts.normal)
                p.setPen(colours.muted)
                p.drawText(QRectF(0, 0, w, h), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                           self.empty_text())
        finally:
            p.end()
        self._pixmap = pixmap
        self._key = key
        if len(markers) != len(self.markers):
            self.current = None
        self.markers = markers
        self.paint_count += 1
        return True

    # -- Qt -------------------------------------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Layouts ask many times per show (70 calls, ~12 ms on a first open of Progress): kept per width, text size
        # and language until the series or the look changes.
        fonts = self.fonts()
        key = (width, fonts.key, language())
        found = self._heights.get(key)
        if found is None:
            found = int(self.chart_height(float(width), fonts)) if self.has_data() else int(fonts.line * 4)
            self._heights[key] = found
        return found

    def sizeHint(self) -> QSize:
        width = max(400, self.width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(max(200, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._pixmap = None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange,
                            QEvent.Type.LanguageChange):
            self._pixmap = None
            self._heights.clear()
            if event.type() == QEvent.Type.FontChange:
                self.updateGeometry()
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.prepare()
        p = QPainter(self)
        if self._pixmap is not None:
            p.drawPixmap(0, 0, self._pixmap)
        colours = colours_for(current_theme())
        if self.current is not None and self.current < len(self.markers):
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(pen(colours.focus, 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(self.markers[self.current].rect.adjusted(-3, -3, 3, 3), 4, 4)
        if self.hasFocus():
            p.setPen(pen(colours.focus, 2.0))
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.end()

    def marker_at(self, pos: QPointF) -> int | None:
        best: tuple[float, int] | None = None
        for i, m in enumerate(self.markers):
            r = m.rect.adjusted(-HOVER_PX / 2, -HOVER_PX / 2, HOVER_PX / 2, HOVER_PX / 2)
            if r.contains(pos):
                d = (r.center() - pos).manhattanLength()
                if best is None or d < best[0]:
                    best = (d, i)
        return None if best is None else best[1]

    def select(self, index: int | None) -> None:
        """Select a marker (None: none): it is ringed, explained to ``explained`` and to screen readers."""
        if index is not None and not (0 <= index < len(self.markers)):
            return
        self.current = index
        text = self.markers[index].text if index is not None else ""
        self.setAccessibleDescription(text or self.summary)
        self.update()
        if text:
            self.explained.emit(text)

    def marker_text(self) -> str:
        return self.markers[self.current].text if self.current is not None and self.markers else ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.prepare()
        index = self.marker_at(event.position())
        if index is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.markers[index].text, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.prepare()
        index = self.marker_at(event.position())
        if index is not None:
            self.select(index)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.prepare()
        n = len(self.markers)
        key = event.key()
        if not n or key not in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End,
                                Qt.Key.Key_Up, Qt.Key.Key_Down):
            super().keyPressEvent(event)
            return
        cur = self.current
        if key == Qt.Key.Key_Home:
            index = 0
        elif key == Qt.Key.Key_End:
            index = n - 1
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            index = 0 if cur is None else min(n - 1, cur + 1)
        else:
            index = n - 1 if cur is None else max(0, cur - 1)
        self.select(index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
