"""The Progress page's five charts, painted with QPainter from the Qt-free series of core.charts.

Pain (daily morning pain, its 7-day average, leg pain, flare-ups, the start and "real change" lines), the
questionnaires with their bands, the sessions calendar with the weekly percentage, the exercise levels (one path
per exercise with the plan's decisions marked) and the body maps as small multiples. Long ranges are thinned to the
pixel width (one min-max stroke per pixel column instead of a dot per day), so three years paint in a few
milliseconds. Every marker explains itself (ui.widgets.chart_view).

The series modules (core.charts, services.progress) are imported where a chart paints, not with this module: by
then the store's thread has imported them, so opening the page imports little on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPolygonF

from backtrainer.i18n import _, date_label, decimal, ngettext, tick_day, tick_month
from backtrainer.ui.widgets.chart_view import (
    DASHES,
    ChartColours,
    ChartView,
    DateAxis,
    Fonts,
    LegendItem,
    Marker,
    box_swatch,
    colours_for,
    current_theme,
    draw_legend,
    ink_on,
    legend_height,
    line_swatch,
    pen,
)

if TYPE_CHECKING:
    from backtrainer.core import charts

__all__ = ["AdherenceChart", "BodyMapChart", "LoadChart", "OutcomeChart", "PainChart"]



def _faded(colour: QColor, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c


def _fill_flare(p: QPainter, r: QRectF, colours: ChartColours) -> None:
    """A flare-up's shading: a light wash and a hatch (on the chart and in its legend)."""
    p.fillRect(r, _faded(colours.flare, 0.14))
    p.fillRect(r, QBrush(_faded(colours.flare, 0.45), Qt.BrushStyle.BDiagPattern))


def _y_axis(p: QPainter, fonts: Fonts, colours: ChartColours, plot: QRectF, ticks: Sequence[tuple[float, str]],
            y_of: object) -> None:
    """Grid lines and labels at the given values (``y_of`` maps a value to a pixel row)."""
    assert callable(y_of)
    p.setFont(fonts.small)
    for value, text in ticks:
        y = float(y_of(value))
        p.setPen(pen(colours.grid, 1.0))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(colours.text)
        p.drawText(QRectF(0, y - fonts.small_line / 2, plot.left() - 6, fonts.small_line),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)


def _x_axis(p: QPainter, fonts: Fonts, colours: ChartColours, axis: DateAxis, plot: QRectF) -> None:
    p.setPen(pen(colours.muted, 1.0))
    p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    p.setFont(fonts.small)
    p.setPen(colours.text)
    for x, text in axis.ticks(fonts):
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
        w = fonts.width(text, small=True) + 4
        left = min(max(0.0, x - w / 2), plot.right() + 8 - w)
        p.drawText(QRectF(left, plot.bottom() + 4, w, fonts.small_line),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)


def _polyline_runs(axis: DateAxis, values: Sequence[float | None], y_of: Callable[[float], float],
                   px: float = 2.0) -> list[list[QPointF]]:
    """A daily series as unbroken runs (a missing day breaks the line), thinned to one point (the mean) per ``px``
    pixels: three years in 900 pixels draw ~450 points, not 1,100 (a wide antialiased line costs per point)."""
    runs: list[list[QPointF]] = []
    run: list[QPointF] = []
    offset = (axis.last - axis.first).days + 1 - len(values)
    dw = axis.day_width
    left = axis.left + (offset + 0.5) * dw
    bucket = -1
    total = 0.0
    count = 0
    x_sum = 0.0

    def flush() -> None:
        if count:
            run.append(QPointF(x_sum / count, y_of(total / count)))

    for i, v in enumerate(values):
        if v is None:
            flush()
            count = 0
            bucket = -1
            if run:  # (a single point is a run too: drawn as a dot, a lone reading was lost)
                runs.append(run)
            run = []
            continue
        x = left + i * dw
        b = int(x / px)
        if b != bucket:
            flush()
            bucket, total, count, x_sum = b, 0.0, 0, 0.0
        total += v
        x_sum += x
        count += 1
    flush()
    if run:
        runs.append(run)
    return runs


def _stroke(p: QPainter, runs: Sequence[Sequence[QPointF]], colour: QColor, width: float,
            dashes: Sequence[float] = ()) -> None:
    """Draw lines through many points as separate segments: Qt strokes a wide antialiased polyline as one path
    (about 50 ms for 450 points here), segments cost ~2 ms. Dashes are cut here (in multiples of the width, as
    Qt's dash patterns), so a dashed line stays dashed across segments."""
    lines: list[QLineF] = []
    pattern = [d * width for d in dashes]
    for pts in runs:
        if not pattern:
            lines.extend(QLineF(a, b) for a, b in pairwise(pts))
            continue
        k, left, on = 0, pattern[0], True
        for a, b in pairwise(pts):
            ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
            length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
            pos = 0.0
            while length - pos > 1e-6:
                step = min(left, length - pos)
                if on:
                    f0, f1 = pos / length, (pos + step) / length
                    lines.append(QLineF(ax + (bx - ax) * f0, ay + (by - ay) * f0, ax + (bx - ax) * f1,
                                        ay + (by - ay) * f1))
                pos += step
                left -= step
                if left <= 1e-6:
                    k = (k + 1) % len(pattern)
                    left, on = pattern[k], not on
    p.setPen(pen(colour, width))
    p.drawLines(lines)
    singles = [pts[0] for pts in runs if len(pts) == 1]  # a lone day between gaps: a dot, not nothing
    if singles:
        dot = pen(colour, width * 2.2)
        dot.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(dot)
        p.drawPoints(QPolygonF(singles))


# ---------------------------------------------------------------------------------------------------------------------
# Pain
# ---------------------------------------------------------------------------------------------------------------------


class PainChart(ChartView):
    """Morning pain each day (dots; on long ranges one per 2-pixel column and rating), the 7-day average, leg pain,
    flare-ups (hatched), the start line and the "real change" line."""

    PLOT_PX = 190

    def __init__(self) -> None:
        super().__init__(_("Pain each morning"))
        self.series: charts.PainSeries | None = None

    def set_series(self, series: charts.PainSeries | None) -> None:
        self.series = series
        self.changed()

    def has_data(self) -> bool:
        return self.series is not None and not self.series.empty

    def empty_text(self) -> str:
        return _("No morning pain ratings to show yet.")

    def _legend(self, colours: ChartColours) -> list[LegendItem]:
        s = self.series
        assert s is not None
        pal = colours.palette
        items = [LegendItem(self._dot_swatch(pal[4] if colours.name == "light" else pal[0]), _("Morning pain")),
                 LegendItem(line_swatch(pal[0], 2.8), _("7-day average"))]
        if s.leg is not None and any(v is not None for v in s.leg):
            words = _("Leg pain (7-day average)") if len(s.days) > 120 else _("Leg pain")  # as drawn below
            items.append(LegendItem(line_swatch(pal[1], 1.8, DASHES[1]), words))
        if s.flares:
            items.append(LegendItem(self._flare_swatch(colours), _("Flare-up")))
        if s.baseline is not None:
            items.append(LegendItem(line_swatch(colours.muted, 1.4, (4.0, 3.0)),
                                    _("Start ({value})").format(value=decimal(s.baseline, 1))))
        if s.mcid_line is not None:
            items.append(LegendItem(line_swatch(pal[2], 1.6, DASHES[2]), _(
                "Real change ({value}): a 7-day average at or below this line means your pain is clearly better "
                "than when you started").format(value=decimal(s.mcid_line, 1))))
        return items

    @staticmethod
    def _dot_swatch(colour: QColor) -> Callable[[QPainter, QRectF], None]:
        def draw(p: QPainter, box: QRectF) -> None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            r = max(3.0, box.height() * 0.22)  # grows with the text
            p.drawEllipse(box.center(), r, r)
            p.setBrush(Qt.BrushStyle.NoBrush)

        return draw

    @staticmethod
    def _flare_swatch(colours: ChartColours) -> Callable[[QPainter, QRectF], None]:
        def draw(p: QPainter, box: QRectF) -> None:  # shaded and hatched, as the flare-ups on the chart
            side = min(box.width(), box.height()) * 0.8
            r = QRectF(box.left(), box.center().y() - side / 2, side, side)
            _fill_flare(p, r, colours)

        return draw

    def _margins(self, fonts: Fonts) -> tuple[float, float]:
        left = fonts.width("10", small=True) + 14
        return left, 12.0

    def chart_height(self, width: float, fonts: Fonts) -> float:
        left, right = self._margins(fonts)
        legend = legend_height(self._legend(colours_for(current_theme())), fonts, width - left - right)
        return legend + fonts.small_line + 6 + self.PLOT_PX * fonts.scale + fonts.small_line + 10

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        s = self.series
        assert s is not None
        left, right = self._margins(fonts)
        top = draw_legend(p, self._legend(colours), fonts, colours, left, 0, width - left - right)
        p.setFont(fonts.small)
        p.setPen(colours.muted)
        p.drawText(QRectF(0, top + 2, width, fonts.small_line), int(Qt.AlignmentFlag.AlignLeft),
                   _("Pain (0-10)"))
        top += fonts.small_line + 6
        plot = QRectF(left, top, width - left - right, height - top - fonts.small_line - 10)
        axis = DateAxis.over(s.days[0], s.days[-1], plot.left(), plot.width())

        y0, ky = plot.bottom() - 0.3 / 10.6 * plot.height(), plot.height() / 10.6

        def y_of(v: float) -> float:
            return y0 - v * ky

        markers: list[Marker] = []
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # axis-aligned fills: no need, and much cheaper
        for span in s.flares:  # flare-ups first: under everything else
            x0 = axis.x(span.start) - axis.day_width / 2
            x1 = axis.x(span.end) + axis.day_width / 2
            r = QRectF(x0, plot.top(), max(2.0, x1 - x0), plot.height())
            _fill_flare(p, r, colours)
            text = (_("Flare-up since {start}, still going on.") if span.ongoing else
                    _("Flare-up from {start} to {end}.")).format(start=date_label(span.start), end=date_label(span.end))
            markers.append(Marker(QRectF(r.left(), plot.top(), r.width(), 14), text))
        _y_axis(p, fonts, colours, plot, [(v, str(v)) for v in (0, 2, 4, 6, 8, 10)], y_of)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        offset = (axis.last - axis.first).days + 1 - len(s.days)
        dot = colours.palette[4] if colours.name == "light" else colours.palette[0]
        if axis.day_width >= 3:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_faded(dot, 0.9))
            radius = min(4.0, max(2.8, axis.day_width / 3.5)) * min(1.5, fonts.scale)
            for i, v in enumerate(s.morning):
                if v is not None:
                    p.drawEllipse(QPointF(axis.x_index(i + offset), y_of(v)), radius, radius)
            p.setBrush(Qt.BrushStyle.NoBrush)
        else:  # years in a few hundred pixels: one dot per 2-pixel column and rating (the days it stands for
            # draw the same dot), in one call: still dots, not streaks (issue 19's side-by-side look)
            x0, dw = axis.x_index(offset), axis.day_width
            seen: set[tuple[int, int]] = set()
            points: list[QPointF] = []
            for i, v in enumerate(s.morning):
                if v is not None:
                    key = (int((x0 + i * dw) / 2), v)
                    if key not in seen:
                        seen.add(key)
                        points.append(QPointF(key[0] * 2 + 1, y_of(v)))
            dots = pen(_faded(dot, 0.9), 3.4 * min(1.5, fonts.scale))
            dots.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(dots)
            p.drawPoints(QPolygonF(points))
        pal = colours.palette
        if s.leg is not None and any(v is not None for v in s.leg):
            from backtrainer.core.charts import rolling_mean

            values: Sequence[float | None] = rolling_mean(list(s.leg)) if len(s.days) > 120 else s.leg
            _stroke(p, _polyline_runs(axis, values, y_of), pal[1], 1.8, DASHES[1])
        if s.baseline is not None:
            y = y_of(s.baseline)
            p.setPen(pen(colours.muted, 1.4, (4.0, 3.0)))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            markers.append(Marker(QRectF(plot.right() - 14, y - 7, 14, 14), _(
                "Start: {value} out of 10, your average morning pain in your first week.").format(
                value=decimal(s.baseline, 1))))
        if s.mcid_line is not None:
            y = y_of(s.mcid_line)
            p.setPen(pen(pal[2], 1.6, DASHES[2]))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            markers.append(Marker(QRectF(plot.right() - 30, y - 7, 14, 14), _(
                "Real change: {value} out of 10. When your 7-day average is at or below this line, your pain has "
                "dropped enough to make a real difference in daily life (2 points, or 30% for lower scores).").format(
                value=decimal(s.mcid_line, 1))))
        _stroke(p, _polyline_runs(axis, s.mean7, y_of), pal[0], 2.8)
        last = next(((i, v) for i, v in reversed(list(enumerate(s.mean7))) if v is not None), None)
        if last is not None:
            x, y = axis.x_index(last[0] + offset), y_of(last[1])
            p.setPen(pen(colours.background, 1.5))
            p.setBrush(pal[0])
            p.drawEllipse(QPointF(x, y), 4.5, 4.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
            markers.append(Marker(QRectF(x - 6, y - 6, 12, 12), _(
                "Your 7-day average on {date}: {value} out of 10.").format(date=date_label(s.days[last[0]]),
                                                                        value=decimal(last[1], 1))))
        _x_axis(p, fonts, colours, axis, plot)
        markers.sort(key=lambda m: m.rect.center().x())
        return markers


# ---------------------------------------------------------------------------------------------------------------------
# Questionnaires
# ---------------------------------------------------------------------------------------------------------------------


class OutcomeChart(ChartView):
    """One row per questionnaire: its bands (shaded, labelled at the right), the start line, the real-change line
    and each score."""

    ROW_PX = 110

    def __init__(self) -> None:
        super().__init__(_("Questionnaires"))
        self.series: tuple[charts.OutcomeSeries, ...] = ()
        self.start: date | None = None
        self.end: date | None = None
        self.names: Mapping[str, str] = {}
        self.bands: Mapping[str, Mapping[str, str]] = {}

    def set_series(self, series: Sequence[charts.OutcomeSeries], start: date, end: date, names: Mapping[str, str],
                   bands: Mapping[str, Mapping[str, str]]) -> None:
        self.series = tuple(series)
        self.start, self.end = start, end
        self.names, self.bands = names, bands
        self.changed()

    def has_data(self) -> bool:
        return bool(self.series) and self.start is not None

    def _legend(self, colours: ChartColours) -> list[LegendItem]:
        pal = colours.palette
        return [LegendItem(line_swatch(pal[0], 2.0), _("Score")),
                LegendItem(line_swatch(colours.muted, 1.3, (4.0, 3.0)), _("Your first score")),
                LegendItem(line_swatch(pal[2], 1.5, DASHES[2]),
                           _("Real change: a score past this line is a change big enough to matter"))]

    def _right(self, fonts: Fonts, width: float) -> float:
        """The band-label column right of the plots (the same for every questionnaire, so their time axes line
        up): the longest label, at most a third of the chart, where longer labels wrap (at 200 % text they took
        half the chart and left 190 px plots)."""
        labels = [t for s in self.series for b in s.bands if (t := self.bands.get(s.instrument, {}).get(b.key, ""))]
        if not labels:
            return 12.0
        return min(max(fonts.width(t, small=True) for t in labels) + 16, max(80.0, width / 3))

    def _plot_height(self, o: charts.OutcomeSeries, fonts: Fonts, width: float) -> float:
        """Tall enough that every band's label, wrapped in the label column, fits its band (up to 3 times the
        usual height)."""
        base = self.ROW_PX * fonts.scale
        room = self._right(fonts, width) - 6
        labels = self.bands.get(o.instrument, {})
        lo, hi = o.score_range
        span = (hi - lo) * 1.08
        need = base
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        for band in o.bands:
            text = labels.get(band.key, "")
            if text and band.high > band.low:
                h = fonts.fm_small.boundingRect(QRectF(0, 0, room, 10_000), flags, text).height()
                need = max(need, h * 1.05 / ((band.high - band.low) / span))
        return min(need, base * 3)

    def _heading(self, o: charts.OutcomeSeries) -> str:
        name = self.names.get(o.instrument, o.instrument)
        return (_("{title} (higher is better)") if o.higher_is_better else _("{title} (lower is better)")
                ).format(title=name)

    def _heading_height(self, o: charts.OutcomeSeries, fonts: Fonts, width: float) -> float:
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)  # wraps: "higher is better" is kept
        return max(fonts.line * 1.3, fonts.fm_bold.boundingRect(QRectF(0, 0, width, 10_000), flags,
                                                                self._heading(o)).height() + 2)

    def _row_height(self, o: charts.OutcomeSeries, fonts: Fonts, width: float) -> float:
        return (self._heading_height(o, fonts, width) + fonts.line * 0.1 + self._plot_height(o, fonts, width)
                + fonts.small_line + 12)

    def chart_height(self, width: float, fonts: Fonts) -> float:
        left = fonts.width("100", small=True) + 14
        legend = legend_height(self._legend(colours_for(current_theme())), fonts, width - left)
        return legend + 4 + sum(self._row_height(o, fonts, width) for o in self.series)

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        assert self.start is not None and self.end is not None
        left = fonts.width("100", small=True) + 14
        top = draw_legend(p, self._legend(colours), fonts, colours, left, 0, width - left) + 4
        markers: list[Marker] = []
        pal = colours.palette
        wrap = Qt.TextFlag.TextWordWrap
        for o in self.series:
            name = self.names.get(o.instrument, o.instrument)
            right = self._right(fonts, width)
            heading_h = self._heading_height(o, fonts, width)
            p.setFont(fonts.bold)
            p.setPen(colours.text)
            p.drawText(QRectF(0, top, width, heading_h), int(Qt.AlignmentFlag.AlignLeft |
                                                             Qt.AlignmentFlag.AlignVCenter | wrap), self._heading(o))
            plot = QRectF(left, top + heading_h + fonts.line * 0.1, width - left - right,
                          self._plot_height(o, fonts, width))
            lo, hi = o.score_range
            pad = (hi - lo) * 0.04

            def y_of(v: float, plot: QRectF = plot, lo: float = lo, hi: float = hi, pad: float = pad) -> float:
                return plot.bottom() - (v - lo + pad) / (hi - lo + 2 * pad) * plot.height()

            labels = self.bands.get(o.instrument, {})
            p.setFont(fonts.small)
            for i, band in enumerate(o.bands):
                r = QRectF(plot.left(), y_of(band.high), plot.width(), y_of(band.low) - y_of(band.high))
                if i % 2 == 0:
                    p.fillRect(r, colours.band)
                text = labels.get(band.key, "")
                if text:
                    p.setPen(colours.muted)
                    p.drawText(QRectF(plot.right() + 6, r.top(), right - 6, r.height()),
                               int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | wrap), text)
            parts = 4 if plot.height() >= 5 * fonts.small_line else 2  # quarters when there is room for them
            _y_axis(p, fonts, colours, plot, [(v, decimal(v, 1, trim=True)) for v in
                                              (lo + (hi - lo) * k / parts for k in range(parts + 1))], y_of)
            axis = DateAxis.over(self.start, self.end, plot.left(), plot.width())
            if o.baseline is not None:
                p.setPen(pen(colours.muted, 1.3, (4.0, 3.0)))
                p.drawLine(QPointF(plot.left(), y_of(o.baseline)), QPointF(plot.right(), y_of(o.baseline)))
            if o.mcid_line is not None:
                y = y_of(o.mcid_line)
                p.setPen(pen(pal[2], 1.5, DASHES[2]))
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                markers.append(Marker(QRectF(plot.right() - 14, y - 7, 14, 14), _(
                    "{name}: real change at {value}. A score past this line is a change big enough to matter."
                ).format(name=name, value=decimal(o.mcid_line, 1, trim=True))))
            pts = [QPointF(axis.x(d), y_of(v)) for d, v in zip(o.days, o.scores)]
            if len(pts) > 1:
                p.setPen(pen(pal[0], 2.0))
                p.drawPolyline(QPolygonF(pts))
            band_names = {b.key: labels.get(b.key, "") for b in o.bands}
            for d, v, pt in zip(o.days, o.scores, pts):
                p.setPen(pen(colours.background, 1.2))
                p.setBrush(pal[0])
                p.drawEllipse(pt, 4.5, 4.5)
                p.setBrush(Qt.BrushStyle.NoBrush)
                inside = next((b for b in o.bands if b.low <= v <= b.high), None)
                words = band_names.get(inside.key, "") if inside is not None else ""
                text = _("{date}: {name} {score}.").format(date=date_label(d), name=name,
                                                         score=decimal(v, 1, trim=True))
                markers.append(Marker(QRectF(pt.x() - 6, pt.y() - 6, 12, 12), f"{text} {words}".strip()))
            _x_axis(p, fonts, colours, axis, plot)
            top += self._row_height(o, fonts, width)
        return markers


# ---------------------------------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------------------------------


class AdherenceChart(ChartView):
    """A calendar (weeks across, Monday to Sunday down; done, started with a dot, missed with a cross) and each
    week's percentage of the planned sessions below it."""

    CELL_MAX = 72  # px at 100 %: a short range fills more of the card and every week has room for its date
    WEEKS_PX = 56

    def __init__(self) -> None:
        super().__init__(_("Sessions"))
        self.series: charts.AdherenceSeries | None = None

    def set_series(self, series: charts.AdherenceSeries | None) -> None:
        self.series = series
        self.changed()

    def has_data(self) -> bool:
        return self.series is not None and bool(self.series.week_starts)

    def _legend(self, colours: ChartColours) -> list[LegendItem]:
        return [LegendItem(box_swatch(colours.done), _("Done")),
                LegendItem(box_swatch(colours.partial, colours.text, "dot"), _("Started (dot)")),
                LegendItem(box_swatch(colours.missed, colours.text, "cross"), _("Missed (cross)")),
                LegendItem(box_swatch(colours.rest, colours.grid), _("Rest day"))]

    def _left(self, fonts: Fonts) -> float:
        return max(fonts.width(t, small=True) for t in (_("Mon"), _("Wed"), _("Fri"), _("Sun"), "100%")) + 12

    def _cell_h(self, fonts: Fonts) -> float:
        return 16 * fonts.scale

    def chart_height(self, width: float, fonts: Fonts) -> float:
        legend = legend_height(self._legend(colours_for(current_theme())), fonts, width - self._left(fonts))
        return (legend + 4 + 7 * self._cell_h(fonts) + fonts.small_line + 10 + fonts.small_line + 4
                + self.WEEKS_PX * fonts.scale + fonts.small_line / 2 + 6)  # room for the "0%" label's lower half

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        a = self.series
        assert a is not None
        left = self._left(fonts)
        top = draw_legend(p, self._legend(colours), fonts, colours, left, 0, width - left) + 4
        weeks = len(a.week_starts)
        room = width - left - 8
        # (a few weeks get wider cells, up to 96 px: two weeks in 145 px of a 780 px card looked lost)
        cell_w = min((self.CELL_MAX if weeks > 5 else 96) * fonts.scale, room / weeks)
        cell_h = self._cell_h(fonts)
        gap = 1.5 if cell_w >= 6 else 0.0
        from backtrainer.core import charts

        fill = {charts.CellState.DONE: colours.done, charts.CellState.PARTIAL: colours.partial,
                charts.CellState.MISSED: colours.missed, charts.CellState.REST: colours.rest}
        by_state: dict[charts.CellState, list[QRectF]] = {}
        marks: list[tuple[QRectF, str]] = []
        for c in a.cells:
            if c.state is charts.CellState.OUTSIDE:
                continue
            r = QRectF(left + c.week * cell_w, top + c.weekday * cell_h, cell_w - gap, cell_h - gap)
            by_state.setdefault(c.state, []).append(r)
            if c.state is charts.CellState.PARTIAL:
                marks.append((r, "dot"))
            elif c.state is charts.CellState.MISSED:
                marks.append((r, "cross"))
        p.setPen(Qt.PenStyle.NoPen)
        for state, rects in by_state.items():
            p.setBrush(fill[state])
            p.drawRects(rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if marks and cell_w >= 2.5:  # the marks, not only the colours, tell started and missed apart (also at 3 years)
            s = max(1.2, min(cell_w - gap, cell_h - gap) * 0.22)
            centres = [r.center() for r, mark in marks if mark == "dot"]
            if centres:
                dots = pen(ink_on(colours.partial), 2 * s)
                dots.setCapStyle(Qt.PenCapStyle.RoundCap)
                p.setPen(dots)
                p.drawPoints(QPolygonF(centres))
            crosses: list[QLineF] = []
            for r, mark in marks:
                if mark == "cross":
                    m = r.center()
                    crosses += [QLineF(m.x() - s, m.y() - s, m.x() + s, m.y() + s),
                                QLineF(m.x() - s, m.y() + s, m.x() + s, m.y() - s)]
            if crosses:
                p.setPen(pen(ink_on(colours.missed), 1.2 if cell_w >= 6 else 1.0))
                p.drawLines(crosses)
        p.setFont(fonts.small)
        p.setPen(colours.text)
        for row, text in ((0, _("Mon")), (2, _("Wed")), (4, _("Fri")), (6, _("Sun"))):
            p.drawText(QRectF(0, top + row * cell_h, left - 6, cell_h),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        grid_bottom = top + 7 * cell_h
        # Week labels under the calendar, thinned so they never overlap.
        short = weeks > 26
        labels = [tick_month(ws, short_year=True) if short else tick_day(ws) for ws in a.week_starts]
        label_w = max(fonts.width(t, small=True) for t in labels) + 8
        every = max(1, int(label_w / cell_w) + 1)
        if short:  # months: label the first week of every n-th month
            months = [i for i, ws in enumerate(a.week_starts) if i == 0 or ws.month != a.week_starts[i - 1].month]
            step = 1
            while len(months[::step]) * label_w > room:
                step += 1
            picks = months[::step]
        else:
            picks = list(range(0, weeks, every))
        for i in picks:
            x = left + i * cell_w
            if x + label_w > width + 4:
                break
            p.drawText(QRectF(x, grid_bottom + 3, label_w, fonts.small_line), int(Qt.AlignmentFlag.AlignLeft),
                       labels[i])
        # Weekly percentage.
        wtop = grid_bottom + fonts.small_line + 10
        p.setPen(colours.muted)
        p.drawText(QRectF(left, wtop, room, fonts.small_line), int(Qt.AlignmentFlag.AlignLeft),
                   _("Share of planned sessions done each week"))
        plot = QRectF(left, wtop + fonts.small_line + 4, weeks * cell_w, self.WEEKS_PX * fonts.scale)

        def y_of(v: float) -> float:
            return plot.bottom() - v / 100 * plot.height()

        _y_axis(p, fonts, colours, plot, [(0, "0%"), (50, "50%"), (100, "100%")], y_of)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colours.palette[0])
        bars = []
        markers: list[Marker] = []
        for i, (ws, pct) in enumerate(zip(a.week_starts, a.weekly_pct)):
            x = left + i * cell_w
            column = QRectF(x, top, max(cell_w, 4.0), plot.bottom() - top)
            if pct is None:
                text = ngettext("Week of {date}: {done} session (before your plan started).",
                                "Week of {date}: {done} sessions (before your plan started).",
                                a.weekly_done[i]).format(date=date_label(ws), done=a.weekly_done[i])
            else:
                if pct > 0:
                    bars.append(QRectF(x + cell_w * 0.1, y_of(pct), max(1.0, cell_w * 0.8), y_of(0) - y_of(pct)))
                text = ngettext("Week of {date}: {done} of {planned} planned session done ({percent}%).",
                                "Week of {date}: {done} of {planned} planned sessions done ({percent}%).",
                                a.weekly_planned[i]).format(date=date_label(ws), done=min(a.weekly_done[i],
                                                                                         a.weekly_planned[i]),
                                                            planned=a.weekly_planned[i], percent=f"{pct:.0f}")
            markers.append(Marker(column, text))
        p.drawRects(bars)
        p.setBrush(Qt.BrushStyle.NoBrush)
        return markers

    def marker_at(self, pos: QPointF) -> int | None:
        for i, m in enumerate(self.markers):  # week columns: the column under the pointer, no slack
            if m.rect.contains(pos):
                return i
        return None


# ---------------------------------------------------------------------------------------------------------------------
# Exercise levels
# ---------------------------------------------------------------------------------------------------------------------

_SHAPES: Mapping[str, str] = {"PROGRESS": "up", "REGRESS_STEP": "down", "REGRESS_LEVEL": "down", "DELOAD": "square",
                              "PAUSE": "diamond", "LOCK": "plus", "FLARE": "cross"}


def _shape(p: QPainter, centre: QPointF, kind: str, size: float, fill: QColor, edge: QColor) -> None:
    s = size
    x, y = centre.x(), centre.y()
    p.setPen(pen(edge, 1.0))
    p.setBrush(fill)
    if kind == "up":
        p.drawPolygon(QPolygonF([QPointF(x, y - s), QPointF(x + s, y + s * 0.8), QPointF(x - s, y + s * 0.8)]))
    elif kind == "down":
        p.drawPolygon(QPolygonF([QPointF(x, y + s), QPointF(x + s, y - s * 0.8), QPointF(x - s, y - s * 0.8)]))
    elif kind == "square":
        p.drawRect(QRectF(x - s * 0.8, y - s * 0.8, s * 1.6, s * 1.6))
    elif kind == "diamond":
        p.drawPolygon(QPolygonF([QPointF(x, y - s), QPointF(x + s, y), QPointF(x, y + s), QPointF(x - s, y)]))
    elif kind in ("plus", "cross"):
        path = QPainterPath()
        w = s * 0.35
        if kind == "plus":
            path.addRect(QRectF(x - w, y - s, 2 * w, 2 * s))
            path.addRect(QRectF(x - s, y - w, 2 * s, 2 * w))
        else:
            path.moveTo(x - s, y - s)
            path.lineTo(x + s, y + s)
            path.moveTo(x - s, y + s)
            path.lineTo(x + s, y - s)
            p.setPen(pen(fill, 2.5))
        p.drawPath(path.simplified() if kind == "plus" else path)
    else:
        p.drawEllipse(centre, s * 0.8, s * 0.8)
    p.setBrush(Qt.BrushStyle.NoBrush)


class LoadChart(ChartView):
    """One path per exercise (a colour and a line style each) through its levels and steps, with the plan's
    decisions marked by shape (up, back, eased back ...). Each path ends with a dot for where it is now."""

    PLOT_PX = 200

    def __init__(self) -> None:
        super().__init__(_("Exercise levels"))
        self.series: charts.LoadSeries | None = None
        self.start: date | None = None
        self.end: date | None = None
        self.names: Mapping[str, str] = {}
        self.texts: Mapping[str, tuple[str, ...]] = {}

    def set_series(self, series: charts.LoadSeries | None, start: date, end: date, names: Mapping[str, str],
                   texts: Mapping[str, tuple[str, ...]]) -> None:
        self.series = series
        self.start, self.end = start, end
        self.names, self.texts = names, texts
        self.changed()

    def has_data(self) -> bool:
        return self.series is not None and bool(self.series.chains) and self.start is not None

    def _legend(self, colours: ChartColours) -> list[LegendItem]:
        assert self.series is not None
        pal = colours.palette
        items = [LegendItem(line_swatch(pal[i % len(pal)], 2.2, DASHES[i % len(DASHES)]),
                            self.names.get(path.chain, path.chain)) for i, path in enumerate(self.series.chains)]
        for kind, words in (("up", _("moved up")), ("down", _("stepped back")), ("square", _("eased back")),
                            ("dot", _("where you are now"))):
            def draw(p: QPainter, box: QRectF, kind: str = kind) -> None:
                _shape(p, box.center(), kind, box.height() / 3, colours.muted, colours.text)

            items.append(LegendItem(draw, words))
        return items

    def _left(self, fonts: Fonts) -> float:
        top = (self.series.max_level + 1) if self.series is not None else 2
        return fonts.width(_("Level {level}").format(level=top), small=True) + 14

    def chart_height(self, width: float, fonts: Fonts) -> float:
        left = self._left(fonts)
        legend = legend_height(self._legend(colours_for(current_theme())), fonts, width - left - 12)
        return legend + 8 + self.PLOT_PX * fonts.scale + fonts.small_line + 10

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        load = self.series
        assert load is not None and self.start is not None and self.end is not None
        left = self._left(fonts)
        top = draw_legend(p, self._legend(colours), fonts, colours, left, 0, width - left - 12) + 8
        plot = QRectF(left, top, width - left - 12, height - top - fonts.small_line - 10)
        levels = load.max_level + 1
        n = len(load.chains)
        # Paths on one level lie side by side (2 px apart they merged into one striped band): up to 5 px apart (at
        # 100 % text), within half the room between two levels; the lowest lane keeps clear of the axis.
        step = plot.height() / (levels + 0.25)
        lane = min(5.0 * min(1.5, fonts.scale), step * 0.5 / max(1, n - 1))
        pad = (n - 1) / 2 * lane + 0.15 * step
        step = (plot.height() - pad) / (levels - 1 + 0.1) if levels > 1 else plot.height() - pad

        def y_of(v: float) -> float:
            return plot.bottom() - pad - (v - 1) * step

        _y_axis(p, fonts, colours, plot, [(lv, _("Level {level}").format(level=lv)) for lv in range(1, levels + 1)],
                y_of)
        axis = DateAxis.over(self.start, self.end, plot.left(), plot.width())
        pal = colours.palette
        markers: list[Marker] = []
        ends: list[Marker] = []
        for i, path in enumerate(load.chains):
            colour = pal[i % len(pal)]
            off = (i - (n - 1) / 2) * lane  # pixels: paths on the same level lie side by side, not on each other
            if not path.days:
                continue
            pts: list[QPointF] = []
            for k, (d, y) in enumerate(zip(path.days, path.y)):
                x = axis.x(d) - axis.day_width / 2 if k == 0 else axis.x(d)
                if pts:
                    pts.append(QPointF(x, pts[-1].y()))
                pts.append(QPointF(x, y_of(y) + off))
            end_x = axis.x(path.days[-1]) + axis.day_width / 2  # the path runs to the end of its last day
            pts.append(QPointF(end_x, pts[-1].y()))
            p.setPen(pen(colour, 2.2, DASHES[i % len(DASHES)]))
            p.drawPolyline(QPolygonF(pts))
            name = self.names.get(path.chain, path.chain)
            texts = self.texts.get(path.chain, ())
            for k, m in enumerate(path.markers):
                c = QPointF(axis.x(m.day), y_of(m.y) + off)
                _shape(p, c, _SHAPES.get(m.action, "dot"), 6.0, colour, colours.text)
                markers.append(Marker(QRectF(c.x() - 7, c.y() - 7, 14, 14), texts[k] if k < len(texts) else name))
            c = QPointF(end_x - 4, pts[-1].y())
            _shape(p, c, "dot", 5.0, colour, colours.text)
            if path.level is not None:
                text = _("{chain}: now level {level}, step {step}.").format(chain=name, level=path.level,
                                                                           step=path.step or 0)
                ends.append(Marker(QRectF(c.x() - 6, c.y() - 6, 12, 12), text))
        _x_axis(p, fonts, colours, axis, plot)
        markers.sort(key=lambda m: (m.rect.center().x(), m.rect.center().y()))
        return markers + ends


# ---------------------------------------------------------------------------------------------------------------------
# Body maps
# ---------------------------------------------------------------------------------------------------------------------


CAPTION_GAP = 12  # px between the captions of neighbouring body-map panels


class BodyMapChart(ChartView):
    """Small multiples of a schematic back view: each body part shaded by the strongest pain marked there, dotted
    for tingling, burning, numbness or shooting pain; under each, its date and whether symptoms moved up the leg."""

    PANEL_PX = 150

    def __init__(self) -> None:
        super().__init__(_("Body maps over time"))
        self.series: charts.BodyMapSeries | None = None

    def set_series(self, series: charts.BodyMapSeries | None) -> None:
        self.series = series
        self.changed()

    def has_data(self) -> bool:
        return self.series is not None and bool(self.series.panels)

    def _cell_width(self, fonts: Fonts) -> float:
        return max(self.PANEL_PX * 0.7 * fonts.scale, fonts.width(date_label(date(2026, 12, 30))) + 12)

    def _columns(self, width: float, fonts: Fonts) -> int:
        n = len(self.series.panels) if self.series is not None else 1
        fit = int(width // self._cell_width(fonts))
        if self.series is not None and fit < n and width / n >= self._cell_width(fonts) * 0.85 and \
                self._captions_fit(width / n - CAPTION_GAP, fonts):
            return n  # a little narrower, all in one row (8 maps were 7 and a lone latest one below)
        fit = max(1, min(n, fit))
        rows = -(-n // fit)
        return -(-n // rows)  # rows as even as they can be: 4 + 4, not 7 + 1

    def _captions_fit(self, room: float, fonts: Fonts) -> bool:
        """Every panel's caption (its date, then how the symptoms moved) fits ``room`` in its three lines, the
        date on one of them (in Spanish "subió (buena señal)" needs two: seven in a row then, and one below)."""
        from backtrainer.services.progress import MOVEMENT_WORDS

        assert self.series is not None
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        for panel in self.series.panels:
            words = MOVEMENT_WORDS.get(panel.movement)
            day = date_label(panel.day)
            text = f"{day}\n{_(words) if words else ''}"
            if fonts.width(day) > room or \
                    fonts.fm.boundingRect(QRectF(0, 0, room, 10_000), flags, text).height() > \
                    self._caption_height(fonts):
                return False
        return True

    @staticmethod
    def _caption_height(fonts: Fonts) -> float:
        return 3 * fonts.line + 4  # the date and up to two lines of words

    def _row_height(self, fonts: Fonts) -> float:
        return self.PANEL_PX * fonts.scale + 3 * fonts.line + 16

    def chart_height(self, width: float, fonts: Fonts) -> float:
        assert self.series is not None
        cols = self._columns(width, fonts)
        rows = -(-len(self.series.panels) // cols)
        return rows * self._row_height(fonts)

    def draw(self, p: QPainter, width: float, height: float, fonts: Fonts, colours: ChartColours) -> list[Marker]:
        series = self.series
        assert series is not None
        cols = self._columns(width, fonts)
        cell_w = min(width / cols, self._cell_width(fonts) * 1.25)
        row_h = self._row_height(fonts)
        figure_h = self.PANEL_PX * fonts.scale
        scale = min(figure_h / 200, (cell_w - 12) / 100)
        from backtrainer.core import charts
        from backtrainer.services.progress import MOVEMENT_WORDS

        outline = charts.body_outline()
        markers: list[Marker] = []
        for i, panel in enumerate(series.panels):
            col, row = i % cols, i // cols
            ox = col * cell_w + (cell_w - 100 * scale) / 2
            oy = row * row_h + 4

            def box(b: tuple[float, float, float, float], ox: float = ox, oy: float = oy) -> QRectF:
                x, y, w, h = b
                return QRectF(ox + (x + 1) * scale, oy + (y + 1) * scale, (w - 2) * scale, (h - 2) * scale)

            p.setPen(pen(colours.body_edge, 0.8))
            p.setBrush(colours.body)
            for b in outline:
                p.drawRoundedRect(box(b), 4 * scale, 4 * scale)
            marked = 0
            for b, value, neuro in charts.body_shading(panel):
                marked += 1
                r = box(b)
                p.setPen(pen(colours.text, 1.0))
                p.setBrush(_faded(colours.flare, 0.25 + 0.75 * value / 10))
                p.drawRoundedRect(r, 4 * scale, 4 * scale)
                if neuro:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(QBrush(colours.text, Qt.BrushStyle.Dense6Pattern))
                    p.drawRoundedRect(r, 4 * scale, 4 * scale)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setFont(fonts.small)
            p.setPen(colours.muted)
            for x, text in ((ox - fonts.small_line, _("L")), (ox + 100 * scale, _("R"))) if col == 0 else ():
                # (on the first of each row only: the figures side by side read "R L" between them)
                p.drawText(QRectF(x, oy + figure_h - fonts.small_line, fonts.small_line, fonts.small_line),
                           int(Qt.AlignmentFlag.AlignCenter), text)
            words = MOVEMENT_WORDS.get(panel.movement)
            # a gap between neighbouring captions, so long words wrap instead of running into the next panel's
            # (seen in Spanish at 200 %: "más o menos igualmás o menos igual")
            caption = QRectF(col * cell_w + CAPTION_GAP / 2, oy + figure_h + 6, cell_w - CAPTION_GAP,
                             self._caption_height(fonts))
            p.setFont(fonts.normal)
            p.setPen(colours.text)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            p.drawText(caption, int(flags), f"{date_label(panel.day)}\n{_(words) if words else ''}")
            text = ngettext("Body map of {date}: {count} area marked, {movement}.",
                            "Body map of {date}: {count} areas marked, {movement}.", marked).format(
                date=date_label(panel.day), count=marked, movement=_(words) if words else "")
            markers.append(Marker(QRectF(col * cell_w + 4, oy, cell_w - 8, figure_h), text))
        return markers

    def marker_at(self, pos: QPointF) -> int | None:
        for i, m in enumerate(self.markers):
            if m.rect.contains(pos):
                return i
        return None
