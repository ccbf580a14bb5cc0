"""The body-map editor: a clickable body figure, a mirrored list of areas, and a detail panel per marked area.

The widget only collects entries (region, qualities, intensity); every clinical rule lives in ``core``. All data
(region labels, qualities) comes in through the constructor, so this module imports nothing from ``core`` or
``content``. Left and right are always the user's own (clinical reference 2.1); see ``body_map_figure``.

Classes:
    RegionInfo, QualityInfo, RegionEntry: the plain data the editor takes and returns.
    BodyMapFigure: the drawing (front, back, side) with hover, selection, keyboard focus ring and hit-testing.
    BodyMapEditor: the composite used by the assessment page.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import N_, _
from backtrainer.ui.widgets import body_map_figure as geo
from backtrainer.ui.widgets.checks import ClickableText
from backtrainer.ui.widgets.flow import FlowLayout

_log = logging.getLogger("backtrainer.ui")

SADDLE_ID = "SADDLE"
# Interface words are marked with N_() here and translated with _() where they are shown.
SADDLE_WORDING = N_("Numbness or a different feeling between the legs, around the bottom or genitals")

# "Front view", not "Front": a bare "Back" would share its translation with the Back button ("Volver").
VIEW_TITLES = {"front": N_("Front view"), "back": N_("Back view"), "side": N_("Side view")}
VIEW_CAPTIONS = {
    "front": N_("Front — your right | your left"),
    "back": N_("Back — your left | your right"),
    "side": N_("Side — your left side | your right side"),
}
_FIGURE_TITLES = {"front": N_("Front view"), "back": N_("Back view"), "side": N_("Side view: outer hip and thigh")}
_FIGURE_NAMES = {"front": N_("Body map, front view"), "back": N_("Body map, back view"),
                 "side": N_("Body map, side view")}
_SIDE_WORDS = {"L": N_("your left"), "R": N_("your right")}
_SIDE_FIGURE_WORDS = {"L": N_("Your left side"), "R": N_("Your right side")}
_SHOWN_ON = {
    ("front",): N_("{area} (shown on the front view)"),
    ("back",): N_("{area} (shown on the back view)"),
    ("side",): N_("{area} (shown on the side view)"),
    ("front", "back"): N_("{area} (shown on the front and back view)"),
    ("front", "side"): N_("{area} (shown on the front and side view)"),
    ("back", "side"): N_("{area} (shown on the back and side view)"),
    ("front", "back", "side"): N_("{area} (shown on the front, back and side view)"),
}


# ------------------------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class RegionInfo:
    """One body area as the editor shows it.

    Attributes:
        id: region id from clinical reference 2.1, e.g. "LOW_BACK_L".
        label: words shown to the user, e.g. "Low back, your left side".
        views: the views the area belongs to (informative; the drawing knows where it draws each id).
    """

    id: str
    label: str
    views: tuple[str, ...] = ()


@dataclass(frozen=True)
class QualityInfo:
    """One symptom quality (clinical reference 2.2).

    Attributes:
        code: e.g. "BURNING".
        label: e.g. "Burning".
        description: one plain sentence for the tooltip / accessible description.
        icon: icon key: ache|wave, sharp|spike|zap, burning|flame, pins|dots, numb, shooting|bolt.
    """

    code: str
    label: str
    description: str = ""
    icon: str = ""


@dataclass(frozen=True)
class RegionEntry:
    """What the user said about one marked area."""

    region_id: str
    qualities: frozenset[str] = field(default_factory=frozenset)
    intensity: int | None = None


# ---------------------------------------------------------------------------------------------- colours


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


@dataclass(frozen=True)
class _Colours:
    body: QColor
    edge: QColor
    divider: QColor
    guide: QColor
    hover: QColor
    selected: QColor
    selected_edge: QColor
    hatch: QColor
    text: QColor
    base: QColor

    @classmethod
    def from_palette(cls, pal: QPalette) -> _Colours:
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        hi = pal.color(QPalette.ColorRole.Highlight)
        hatch = QColor(pal.color(QPalette.ColorRole.HighlightedText))
        hatch.setAlpha(150)
        body = _mix(base, text, 0.09)
        return cls(
            body=body,
            edge=_mix(base, text, 0.66),
            divider=_mix(base, text, 0.32),
            guide=_mix(body, text, 0.22),
            hover=_mix(body, hi, 0.32),
            selected=hi,
            selected_edge=_mix(hi, text, 0.5),
            hatch=hatch,
            text=text,
            base=base,
        )


# ------------------------------------------------------------------------------------------- quality icons

_ICON_KINDS = {
    "ache": "wave", "wave": "wave", "aching": "wave",
    "sharp": "spike", "spike": "spike", "zap": "spike",
    "burning": "flame", "flame": "flame",
    "pins": "dots", "dots": "dots", "pins_needles": "dots", "tingling": "dots",
    "numb": "numb",
    "shooting": "bolt", "bolt": "bolt", "electric": "bolt",
}  # fmt: skip


def _icon_kind(quality: QualityInfo) -> str:
    for key in (quality.icon, quality.code):
        kind = _ICON_KINDS.get(key.lower())
        if kind:
            return kind
    return "wave"


def paint_quality_icon(painter: QPainter, rect: QRectF, kind: str, colour: QColor) -> None:
    """Draw one quality icon (a 24-unit design scaled into ``rect``)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    painter.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    painter.scale(side / 24.0, side / 24.0)
    pen = QPen(colour, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath()
    if kind == "wave":  # aching: a soft wave
        path.moveTo(2.5, 13)
        path.cubicTo(5.5, 6.5, 8.5, 6.5, 12, 12)
        path.cubicTo(15.5, 17.5, 18.5, 17.5, 21.5, 11)
        painter.drawPath(path)
    elif kind == "spike":  # sharp: a spike
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in ((3, 20), (9.5, 15.5), (12, 2.5), (14.5, 15.5), (21, 20))]))
    elif kind == "flame":  # burning: a flame
        path.moveTo(12, 2.5)
        path.cubicTo(13, 7, 19, 9.5, 19, 15)
        path.cubicTo(19, 19.5, 15.8, 22, 12, 22)
        path.cubicTo(8.2, 22, 5, 19.5, 5, 15.5)
        path.cubicTo(5, 12, 7, 10.5, 8.3, 8.5)
        path.cubicTo(9, 10.5, 9.8, 11.5, 10.8, 12)
        path.cubicTo(10.5, 8.5, 10.8, 5.5, 12, 2.5)
        path.closeSubpath()
        painter.drawPath(path)
        inner = QPainterPath()
        inner.moveTo(12, 13)
        inner.cubicTo(14, 15, 15, 16.5, 14.6, 18.4)
        inner.cubicTo(14.2, 20, 9.8, 20, 9.4, 18.4)
        inner.cubicTo(9.2, 16.8, 10.5, 15.5, 12, 13)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(inner)
    elif kind == "dots":  # pins and needles: scattered dots
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for x, y in ((5, 6), (12, 4.5), (19, 6.5), (8, 12), (16, 12.5), (4.5, 18), (12, 19.5), (19.5, 18.5)):
            painter.drawEllipse(QPointF(x, y), 1.9, 1.9)
    elif kind == "numb":  # numb: a hollow, faded circle
        faded = QColor(colour)
        faded.setAlphaF(colour.alphaF() * 0.55)
        dashed = QPen(faded, 2.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        dashed.setDashPattern([2.0, 1.6])
        painter.setPen(dashed)
        painter.drawEllipse(QPointF(12, 12), 8.5, 8.5)
        painter.setPen(QPen(faded, 1.4))
        painter.drawEllipse(QPointF(12, 12), 3.2, 3.2)
    else:  # shooting: a lightning bolt
        painter.setBrush(colour)
        pts = ((14, 1.5), (4.5, 13.5), (11, 13.5), (9, 22.5), (19.5, 9.5), (13, 9.5), (15.5, 1.5))
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in pts]))
    painter.restore()


def quality_icon(quality: QualityInfo, palette: QPalette | None = None) -> QIcon:
    """A quality icon in the palette's colours (button text when off, highlighted text when on).

    Rendered to pixmaps at several sizes (crisp up to 3x scaling); rebuild it when the palette changes.
    """
    pal = palette or QApplication.palette()
    kind = _icon_kind(quality)
    icon = QIcon()
    states = (
        (QIcon.Mode.Normal, QIcon.State.Off, pal.color(QPalette.ColorRole.ButtonText)),
        (QIcon.Mode.Active, QIcon.State.Off, pal.color(QPalette.ColorRole.ButtonText)),
        (QIcon.Mode.Normal, QIcon.State.On, pal.color(QPalette.ColorRole.HighlightedText)),
        (QIcon.Mode.Active, QIcon.State.On, pal.color(QPalette.ColorRole.HighlightedText)),
        (QIcon.Mode.Disabled, QIcon.State.Off, pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)),
    )
    for px in (16, 20, 24, 32, 40, 48, 64, 96, 128):
        for mode, state, colour in states:
            pm = QPixmap(px, px)
            pm.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pm)
            paint_quality_icon(painter, QRectF(0, 0, px, px), kind, colour)
            painter.end()
            icon.addPixmap(pm, mode, state)
    return icon


# ------------------------------------------------------------------------------------------- flow layout




# ---------------------------------------------------------------------------------------------- the figure


class BodyMapFigure(QWidget):
    """A vector drawing of the body in one of three views, with clickable areas.

    Clicking (or Space/Enter on the keyboard focus ring) toggles an area's selection and emits
    ``regionClicked``. The arrow keys move the focus ring between the areas of the current view; Home/End jump
    to the first/last area; Tab leaves the drawing (as in any composite control).

    Signals:
        regionClicked(str): an area was toggled by the user (its id); read ``selected()`` for the new state.
        hoveredChanged(str): the area under the mouse changed (its id, or "" when none).
        viewChanged(str): the view changed ("front", "back" or "side").
    """

    regionClicked = Signal(str)
    hoveredChanged = Signal(str)
    viewChanged = Signal(str)

    def __init__(self, labels: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        """Args:
        labels: region id -> words for the tooltip; when given, only these ids are clickable.
        """
        super().__init__(parent)
        drawn = geo.drawn_region_ids()
        self._labels: dict[str, str] = dict(labels) if labels is not None else {rid: rid for rid in drawn}
        self._view = "front"
        self._selected: set[str] = set()
        self._intensities: dict[str, int] = {}
        self._hovered: str | None = None
        self._pressed: str | None = None
        self._focus: dict[str, str | None] = {}
        self._cache_key: tuple[object, ...] | None = None
        self._mapped: dict[str, QPainterPath] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self._update_accessibility()

    # -- public API

    def view(self) -> str:
        return self._view

    def set_view(self, view: str) -> None:
        if view not in geo.VIEWS:
            raise ValueError(f"unknown body-map view {view!r}")
        if view == self._view:
            return
        self._view = view
        self._set_hover(None)
        self._update_accessibility()
        self.update()
        self.viewChanged.emit(view)

    def regions(self, view: str | None = None) -> list[str]:
        """Clickable area ids of a view, in drawing order."""
        return [rid for rid in geo.geometry(view or self._view).regions if rid in self._labels]

    def region_at(self, point: QPointF) -> str | None:
        """The clickable area under a point in widget coordinates, or None."""
        inverse, ok = self._transform(self._view).inverted()
        if not ok:
            return None
        return geo.geometry(self._view).region_at(inverse.map(QPointF(point)), self._labels)

    def region_center(self, region_id: str, view: str | None = None) -> QPointF:
        """A point well inside ``region_id`` in widget coordinates, as drawn in ``view`` (default: current)."""
        view = view or self._view
        anchors = geo.geometry(view).anchors
        if region_id not in anchors:
            raise KeyError(f"{region_id} is not drawn in the {view} view")
        return self._transform(view).map(anchors[region_id])

    def selected(self) -> frozenset[str]:
        return frozenset(self._selected)

    def set_selected(self, ids: Iterable[str]) -> None:
        """Replace the selection (no signal)."""
        self._selected = set(ids)
        self._update_accessibility()
        self.update()

    def set_intensities(self, intensities: Mapping[str, int]) -> None:
        """Numbers drawn on selected areas (no signal)."""
        self._intensities = dict(intensities)
        self.update()

    def focused_region(self) -> str | None:
        return self._focus.get(self._view)

    def set_focused_region(self, region_id: str | None) -> None:
        if region_id is not None and region_id not in self.regions():
            return
        self._focus[self._view] = region_id
        self._update_accessibility()
        self.update()

    def hovered(self) -> str | None:
        return self._hovered

    def label(self, region_id: str) -> str:
        return self._labels.get(region_id, region_id)

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(em * 18, em * 30)

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(em * 9, em * 16)

    # -- geometry

    def _header_height(self) -> float:
        fm = QFontMetricsF(self.font())
        return fm.lineSpacing() * 2.7

    def _transform(self, view: str) -> QTransform:
        box = geo.geometry(view).box
        margin = max(4.0, QFontMetricsF(self.font()).height() * 0.4)
        top = self._header_height()
        avail = QRectF(margin, top, self.width() - 2 * margin, self.height() - top - margin)
        if avail.width() <= 1 or avail.height() <= 1:
            avail = QRectF(0, top, max(1.0, float(self.width())), max(1.0, self.height() - top))
        scale = min(avail.width() / box.width(), avail.height() / box.height())
        t = QTransform()
        t.translate(
            avail.x() + (avail.width() - box.width() * scale) / 2,
            avail.y() + (avail.height() - box.height() * scale) / 2,
        )
        t.scale(scale, scale)
        return t

    def _mapped_paths(self) -> dict[str, QPainterPath]:
        key = (self._view, self.width(), self.height(), self.font().key())
        if key != self._cache_key:
            t = self._transform(self._view)
            self._mapped = {rid: t.map(path) for rid, path in geo.geometry(self._view).regions.items()}
            self._cache_key = key
        return self._mapped

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        g = geo.geometry(self._view)
        colours = _Colours.from_palette(self.palette())
        t = self._transform(self._view)
        mapped = self._mapped_paths()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._paint_header(p, t, g, colours)
        em = QFontMetricsF(self.font()).height()
        bodies = [t.map(b) for b in g.bodies]
        for body in bodies:
            p.fillPath(body, colours.body)
        for rid, path in mapped.items():
            active = rid in self._labels
            if rid in self._selected and active:
                p.fillPath(path, colours.selected)
                self._hatch(p, path, colours.hatch, em)
            elif rid == self._hovered:
                p.fillPath(path, colours.hover)
            elif rid == geo_saddle() and rid in self._labels:
                p.fillPath(path, _mix(colours.body, colours.divider, 0.35))
        guide_pen = QPen(colours.guide, max(1.0, em * 0.07))
        guide_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(guide_pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for d in g.details:
            p.drawPath(t.map(d))
        p.setPen(QPen(colours.divider, max(1.0, em * 0.06)))
        for rid, path in mapped.items():
            if rid in self._labels:
                p.drawPath(path)
        for overlay in g.overlays:
            ov = t.map(overlay)
            p.fillPath(ov, colours.body)
            p.setPen(QPen(colours.edge, max(1.5, em * 0.11)))
            p.drawPath(ov)
        p.setPen(
            QPen(
                colours.edge,
                max(1.5, em * 0.11),
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        for body in bodies:
            p.drawPath(body)
        for overlay in g.overlays:
            p.drawPath(t.map(overlay))
        # saddle: drawn on top of the leg gap, with its own outline so it reads as one small patch
        if geo_saddle() in mapped and geo_saddle() in self._labels:
            p.setPen(QPen(colours.edge, max(1.0, em * 0.08)))
            p.drawPath(mapped[geo_saddle()])
        for rid in self._selected:
            if rid in mapped and rid in self._labels:
                p.setPen(
                    QPen(
                        colours.selected_edge,
                        max(2.0, em * 0.16),
                        Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin,
                    )
                )
                p.drawPath(mapped[rid])
        if self._hovered in mapped and self._hovered in self._selected:
            p.setPen(QPen(colours.text, max(1.5, em * 0.1)))
            p.drawPath(mapped[self._hovered])
        focus = self.focused_region()
        if self.hasFocus() and focus in mapped:
            self._paint_focus_ring(p, mapped[focus], colours, em)
        self._paint_badges(p, t, g, colours)
        p.end()

    def _hatch(self, p: QPainter, path: QPainterPath, colour: QColor, em: float) -> None:
        """Diagonal lines over a selected area, so selection does not rely on colour alone."""
        p.save()
        p.setClipPath(path)
        p.setPen(QPen(colour, max(1.0, em * 0.08)))
        box = path.boundingRect()
        gap = max(5.0, em * 0.45)
        start = math.floor((box.left() - box.height()) / gap) * gap
        x = start
        while x < box.right():
            p.drawLine(QPointF(x, box.bottom()), QPointF(x + box.height(), box.top()))
            x += gap
        p.restore()

    def _paint_focus_ring(self, p: QPainter, path: QPainterPath, colours: _Colours, em: float) -> None:
        width = max(2.0, em * 0.11)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(
            QPen(colours.base, width * 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        p.drawPath(path)
        dash = QPen(colours.text, width, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.RoundJoin)
        dash.setDashPattern([2.2, 1.4])
        p.setPen(dash)
        p.drawPath(path)

    def _paint_badges(self, p: QPainter, t: QTransform, g: geo.ViewGeometry, colours: _Colours) -> None:
        """Intensity numbers on selected areas, nudged apart where small neighbouring areas would overlap."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(1.0, font.pointSizeF() * 0.9))
        fm = QFontMetricsF(font)
        badges: list[list[object]] = []
        for rid in g.regions:
            value = self._intensities.get(rid)
            if value is None or rid not in self._selected or rid not in self._labels:
                continue
            text = str(value)
            r = max(fm.height() * 0.56, fm.horizontalAdvance(text) * 0.5 + fm.height() * 0.22)
            badges.append([QPointF(t.map(g.anchors[rid])), r, text])
        for _round in range(6):
            for i, a in enumerate(badges):
                for b in badges[i + 1 :]:
                    ca, ra, cb, rb = a[0], a[1], b[0], b[1]
                    assert isinstance(ca, QPointF) and isinstance(cb, QPointF)
                    assert isinstance(ra, float) and isinstance(rb, float)
                    dx, dy = cb.x() - ca.x(), cb.y() - ca.y()
                    dist = math.hypot(dx, dy)
                    overlap = ra + rb + 1.0 - dist
                    if overlap <= 0:
                        continue
                    ux, uy = (dx / dist, dy / dist) if dist > 0.01 else (1.0, 0.0)
                    a[0] = QPointF(ca.x() - ux * overlap / 2, ca.y() - uy * overlap / 2)
                    b[0] = QPointF(cb.x() + ux * overlap / 2, cb.y() + uy * overlap / 2)
        p.setFont(font)
        for centre, radius, number in badges:
            assert isinstance(centre, QPointF) and isinstance(radius, float) and isinstance(number, str)
            p.setPen(QPen(colours.text, max(1.2, fm.height() * 0.08)))
            p.setBrush(colours.base)
            p.drawEllipse(centre, radius, radius)
            p.setPen(colours.text)
            p.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                       Qt.AlignmentFlag.AlignCenter, number)

    def _paint_header(self, p: QPainter, t: QTransform, g: geo.ViewGeometry, colours: _Colours) -> None:
        fm = QFontMetricsF(self.font())
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(max(1.0, self.font().pointSizeF() * 1.15))
        title = self._title()
        tfm = QFontMetricsF(title_font)
        if tfm.horizontalAdvance(title) > self.width() - 4:  # a long title (other languages): smaller, then elided
            title_font.setPointSizeF(max(1.0, self.font().pointSizeF() * 0.95))
            tfm = QFontMetricsF(title_font)
            title = tfm.elidedText(title, Qt.TextElideMode.ElideRight, max(1.0, self.width() - 4.0))
        margin = fm.height() * 0.4
        box = t.mapRect(g.box)
        p.setPen(colours.text)
        p.setFont(title_font)
        title_rect = QRectF(0, margin * 0.5, self.width(), tfm.height())
        p.drawText(title_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, title)
        p.setFont(self.font())
        y = title_rect.bottom() + fm.height() * 0.25
        row = QRectF(margin, y, self.width() - 2 * margin, fm.height())
        if self._view in ("front", "back"):
            left_side, right_side = ("R", "L") if self._view == "front" else ("L", "R")
            left = "← " + _(_SIDE_WORDS[left_side])
            right = _(_SIDE_WORDS[right_side]) + " →"
            left_x, right_x = max(row.left(), box.left()), min(row.right(), box.right())
            if right_x - left_x < fm.horizontalAdvance(left) + fm.horizontalAdvance(right) + fm.height():
                left_x, right_x = row.left(), row.right()
            p.drawText(
                QRectF(left_x, y, right_x - left_x, fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                left,
            )
            p.drawText(
                QRectF(left_x, y, right_x - left_x, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                right,
            )
        else:
            xs = sorted(t.map(anchor).x() for _side, anchor in g.captions)
            # each caption stays within its own figure: elided rather than overlapping its neighbour
            room = min((b - a for a, b in itertools.pairwise(xs)), default=float(self.width())) - fm.height() * 0.5
            for side, anchor in g.captions:
                x = t.map(anchor).x()
                words = fm.elidedText(_(_SIDE_FIGURE_WORDS[side]), Qt.TextElideMode.ElideRight, max(1.0, room))
                half = max(fm.horizontalAdvance(words), box.width() / 2) / 2 + 2
                p.drawText(QRectF(x - half, y, 2 * half, fm.height()), Qt.AlignmentFlag.AlignCenter, words)

    def _title(self) -> str:
        return _(_FIGURE_TITLES[self._view])

    # -- accessibility

    def _update_accessibility(self) -> None:
        self.setAccessibleName(_(_FIGURE_NAMES[self._view]))
        focus = self.focused_region()
        prefix = ""
        if focus is not None:
            if focus in self._selected:
                prefix = _("{area}, marked.").format(area=self.label(focus)) + " "
            else:
                prefix = _("{area}, not marked.").format(area=self.label(focus)) + " "
        self.setAccessibleDescription(
            prefix + _("A drawing of the body ({caption}). Click an area, or use the arrow keys and Space, to mark "
                       "where you feel something. Every area is also in the list of body areas next to the drawing, "
                       "which works the same way.").format(caption=_(VIEW_CAPTIONS[self._view]))
        )
        if self.isVisible() and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    # -- mouse

    def _set_hover(self, rid: str | None) -> None:
        if rid == self._hovered:
            return
        self._hovered = rid
        if rid is None:
            self.unsetCursor()
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update()
        self.hoveredChanged.emit(rid or "")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.region_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.region_at(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            rid = self.region_at(event.position())
            if rid is not None and rid == self._pressed:
                self._focus[self._view] = rid
                self._toggle(rid)
            self._pressed = None
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            rid = self.region_at(QPointF(event.pos()))
            if rid is None:
                QToolTip.hideText()
                event.ignore()
            else:
                tip = _("{area} (marked)").format(area=self.label(rid)) if rid in self._selected else self.label(rid)
                QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)

    def _toggle(self, rid: str) -> None:
        if rid in self._selected:
            self._selected.discard(rid)
        else:
            self._selected.add(rid)
        self._update_accessibility()
        self.update()
        self.regionClicked.emit(rid)

    # -- keyboard

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.focused_region() is None:
            ids = self.regions()
            if ids:
                start = next((r for r in ids if r in self._selected), ids[0])
                self._focus[self._view] = start
                self._update_accessibility()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ids = self.regions()
        if not ids:
            super().keyPressEvent(event)
            return
        focus = self.focused_region()
        directions = {
            Qt.Key.Key_Left: (-1.0, 0.0),
            Qt.Key.Key_Right: (1.0, 0.0),
            Qt.Key.Key_Up: (0.0, -1.0),
            Qt.Key.Key_Down: (0.0, 1.0),
        }
        if key in directions:
            self.set_focused_region(self._neighbour(focus, directions[Qt.Key(key)]) if focus else ids[0])
        elif key == Qt.Key.Key_Home:
            self.set_focused_region(ids[0])
        elif key == Qt.Key.Key_End:
            self.set_focused_region(ids[-1])
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            if focus is None:
                self.set_focused_region(ids[0])
            else:
                self._toggle(focus)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _neighbour(self, current: str, direction: tuple[float, float]) -> str:
        """The nearest area in an arrow direction (screen-space, so it follows what the user sees).

        Only areas inside a 45-degree cone round the arrow count, so Up never lands on an area that is mostly to
        the left (issue 20 item 15); when the cone is empty the focus stays where it is.
        """
        anchors = geo.geometry(self._view).anchors
        here = anchors[current]
        dx, dy = direction
        best: tuple[float, str] | None = None
        for rid in self.regions():
            if rid == current:
                continue
            there = anchors[rid]
            vx, vy = there.x() - here.x(), there.y() - here.y()
            along = vx * dx + vy * dy
            across = abs(vx * dy - vy * dx)
            if along <= 1.0 or across > along:
                continue
            score = along + 2.2 * across
            if best is None or score < best[0]:
                best = (score, rid)
        return best[1] if best else current


def geo_saddle() -> str:
    return SADDLE_ID


# ---------------------------------------------------------------------------------------------- the editor


class RegionDetail(QFrame):
    """The detail panel of one marked area: qualities (icon + words) and an intensity 0-10.

    Attributes:
        region_id: the area.
        quality_buttons: quality code -> checkable button.
        intensity_buttons: 11 checkable buttons, index = value.
        remove_button: unmarks the area.
        hint: "Choose how it feels", shown while no quality is chosen.

    Signals:
        changed(): a quality or the intensity changed.
        removeRequested(str): the user asked to unmark this area.
    """

    changed = Signal()
    removeRequested = Signal(str)
    removeConfirmed = Signal(str)

    def __init__(self, region: RegionInfo, qualities: Sequence[QualityInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region_id = region.id
        self._label = region.label
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Details for {area}").format(area=region.label))
        em = self.fontMetrics().height()
        gap = max(4, round(em * 0.35))

        title = QLabel(region.label)
        title.setWordWrap(True)
        tf = QFont(title.font())
        tf.setBold(True)
        tf.setPointSizeF(tf.pointSizeF() * 1.08)
        title.setFont(tf)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove {area}").format(area=region.label))
        self.remove_button.setAccessibleDescription(_("Unmark this area; what you chose for it is cleared."))
        self.remove_button.setToolTip(_("Unmark {area}").format(area=region.label))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.region_id))
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self._title, self._head = title, head

        self.hint = QLabel(_("Choose how it feels: pick one or more below."))
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        hf = QFont(self.hint.font())
        hf.setItalic(True)
        self.hint.setFont(hf)

        feel = QLabel(_("How does it feel?"))
        feel.setWordWrap(True)
        self.quality_buttons: dict[str, QPushButton] = {}
        quality_flow = FlowLayout(spacing=gap)
        icon_px = round(em * 1.15)
        self._quality_info = {q.code: q for q in qualities}
        for q in qualities:
            b = QPushButton(quality_icon(q, self.palette()), q.label)
            b.setCheckable(True)
            b.setIconSize(QSize(icon_px, icon_px))
            b.setAccessibleName(_("{quality}, {area}").format(quality=q.label, area=region.label))
            b.setAccessibleDescription(
                q.description or _("Mark {area} as {quality}.").format(area=region.label, quality=q.label.lower()))
            b.setToolTip(q.description or q.label)
            b.setProperty("quality", q.code)
            b.toggled.connect(self._on_quality_toggled)
            quality_flow.addWidget(b)
            self.quality_buttons[q.code] = b

        strong = QLabel(_("How strong is it? (optional)"))
        strong.setWordWrap(True)
        self.intensity_buttons: list[QPushButton] = []
        intensity_flow = FlowLayout(spacing=max(2, gap // 2))
        for n in range(11):
            b = QPushButton(str(n))
            b.setCheckable(True)
            b.setProperty("bm", "intensity")
            if n == 0:
                b.setAccessibleName(_("Intensity 0 of 10, no pain, {area}").format(area=region.label))
                b.setToolTip(_("0 = no pain"))
            elif n == 10:
                b.setAccessibleName(_("Intensity 10 of 10, worst pain, {area}").format(area=region.label))
                b.setToolTip(_("10 = worst pain"))
            else:
                b.setAccessibleName(_("Intensity {value} of 10, {area}").format(value=n, area=region.label))
                b.setToolTip(_("{value} of 10").format(value=n))
            b.setAccessibleDescription(
                _("How strong it is, from 0 (no pain) to 10 (worst pain). Press again to clear."))
            b.clicked.connect(lambda _checked=False, value=n: self._on_intensity_clicked(value))
            intensity_flow.addWidget(b)
            self.intensity_buttons.append(b)
        ends = QHBoxLayout()
        low, high = QLabel(_("0 no pain")), QLabel(_("10 worst pain"))
        for w in (low, high):
            w.setProperty("role", "muted")
            w.setWordWrap(True)  # a narrow panel at 200 % text: the words go onto two lines
        high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        ends.addWidget(low)
        ends.addStretch(1)
        ends.addWidget(high)
        self.intensity_text = QLabel()
        self.intensity_text.setWordWrap(True)
        self.setStyleSheet(
            'QPushButton[bm="intensity"] { padding: 0.3em 0.3em; min-width: 1.3em; }'
            'QPushButton[bm="intensity"]:checked { font-weight: 700; text-decoration: underline; }'
        )

        # Unmarking an area with answers on the drawing or in the list asks first (issue 20 item 15).
        self.confirm_bar = QFrame()
        self.confirm_bar.setProperty("role", "notice")
        confirm = QVBoxLayout(self.confirm_bar)
        pad = round(em * 0.4)
        confirm.setContentsMargins(pad, pad, pad, pad)
        self.confirm_text = QLabel(_("Remove {area}? What you chose for it will be cleared.").format(area=region.label))
        self.confirm_text.setWordWrap(True)
        confirm.addWidget(self.confirm_text)
        self.confirm_remove = QPushButton(_("Remove"))
        self.confirm_remove.setAccessibleName(_("Yes, remove {area}").format(area=region.label))
        self.confirm_remove.clicked.connect(lambda: self.removeConfirmed.emit(self.region_id))
        self.confirm_keep = QPushButton(_("Keep it"))
        self.confirm_keep.setAccessibleName(_("Keep {area} and its answers").format(area=region.label))
        self.confirm_keep.clicked.connect(self.cancel_remove)
        buttons = FlowLayout(spacing=gap)
        buttons.addWidget(self.confirm_keep)
        buttons.addWidget(self.confirm_remove)
        confirm.addLayout(buttons)
        self.confirm_bar.hide()

        lay = QVBoxLayout(self)
        lay.setSpacing(gap)
        m = round(em * 0.6)
        lay.setContentsMargins(m, m, m, m)
        lay.addLayout(head)
        lay.addWidget(self.confirm_bar)
        lay.addWidget(self.hint)
        lay.addWidget(feel)
        lay.addLayout(quality_flow)
        lay.addWidget(strong)
        lay.addLayout(intensity_flow)
        lay.addLayout(ends)
        lay.addWidget(self.intensity_text)
        self._intensity: int | None = None
        self._fit_width: int | None = None
        self._refresh()

    # -- state

    def qualities(self) -> frozenset[str]:
        return frozenset(code for code, b in self.quality_buttons.items() if b.isChecked())

    def intensity(self) -> int | None:
        return self._intensity

    def set_state(self, qualities: Iterable[str], intensity: int | None) -> None:
        wanted = set(qualities)
        for code, b in self.quality_buttons.items():
            b.blockSignals(True)
            b.setChecked(code in wanted)
            b.blockSignals(False)
        self._intensity = intensity
        self._refresh()

    def has_answers(self) -> bool:
        """A quality or a strength was chosen (unmarking would lose it)."""
        return bool(self.qualities()) or self._intensity is not None

    def ask_remove(self) -> None:
        """Show "Remove this area?" with Keep it (focused: the safe choice) and Remove."""
        self.confirm_bar.show()
        self.confirm_keep.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel_remove(self) -> None:
        self.confirm_bar.hide()
        self.remove_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusables(self) -> list[QWidget]:
        return [self.confirm_keep, self.confirm_remove, *self.quality_buttons.values(), *self.intensity_buttons,
                self.remove_button]

    def _on_quality_toggled(self, _checked: bool) -> None:
        self._refresh()
        self.changed.emit()

    def _on_intensity_clicked(self, value: int) -> None:
        self._intensity = None if self._intensity == value else value
        self._refresh()
        self.changed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for code, b in self.quality_buttons.items():
                b.setIcon(quality_icon(self._quality_info[code], self.palette()))
        super().changeEvent(event)

    def fit_width(self, width: int) -> None:
        """Wrap quality-button words onto more lines when the panel is only ``width`` pixels wide."""
        layout = self.layout()
        assert layout is not None  # set in __init__
        m = layout.contentsMargins()
        inner = width - m.left() - m.right() - 2 * self.frameWidth()
        if inner != self._fit_width:
            self._fit_width = inner
            self._refresh()
        # the Remove button goes under the area's name when both do not fit on one line (200 % text)
        one_line = (self._title.fontMetrics().horizontalAdvance(self._title.text()) + max(0, self._head.spacing())
                    + self.remove_button.sizeHint().width())
        stacked = one_line > inner
        self._head.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)
        self._head.setAlignment(self.remove_button, Qt.AlignmentFlag.AlignLeft if stacked
                                else Qt.AlignmentFlag.AlignTop)

    def _button_text(self, b: QPushButton, words: str) -> str:
        if self._fit_width is None:
            return words
        fm = b.fontMetrics()
        b.setText(words)
        overhead = b.sizeHint().width() - fm.horizontalAdvance(words)
        room = self._fit_width - overhead
        if fm.horizontalAdvance(words) <= room:
            return words
        lines: list[str] = []
        for word in words.split(" "):
            if lines and fm.horizontalAdvance(lines[-1] + " " + word) <= room:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return "\n".join(lines)

    def _refresh(self) -> None:
        for b in self.quality_buttons.values():
            words = self._quality_info[str(b.property("quality"))].label
            b.setText(self._button_text(b, words + (" ✓" if b.isChecked() else "")))
        self.hint.setVisible(not self.qualities())
        for n, b in enumerate(self.intensity_buttons):
            b.setChecked(n == self._intensity)
        if self._intensity is None:
            self.intensity_text.setText(_("Strength: not given"))
        else:
            self.intensity_text.setText(_("Strength: {value} out of 10").format(value=self._intensity))


class BodyMapEditor(QWidget):
    """The body-map step: view switcher, drawing, mirrored list, saddle tick box and per-area details.

    The editor never interprets what is marked; it only collects ``RegionEntry`` values.

    Attributes:
        figure: the drawing.
        region_list: every area as a checkable list (the keyboard and screen-reader alternative).
        saddle_checkbox: the separate tick box for the saddle area.
        view_buttons: view name -> button.

    Signals:
        changed(): the user changed anything (not emitted by ``set_entries``).
    """

    changed = Signal()

    def __init__(
        self,
        regions: Sequence[RegionInfo],
        qualities: Sequence[QualityInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._regions = list(regions)
        self._info = {r.id: r for r in self._regions}
        self._order = {r.id: i for i, r in enumerate(self._regions)}
        self._qualities = list(qualities)
        self._quality_codes = {q.code for q in self._qualities}
        self._marked: dict[str, RegionDetail] = {}
        self._syncing = False
        self.setAccessibleName(_("Body map"))
        self.setAccessibleDescription(_("Mark where you feel symptoms, then say how each area feels."))
        self._build()
        self._connect_signals()
        self._sync_all()

    # -- building

    def _build(self) -> None:
        em = self.fontMetrics().height()
        gap = max(6, round(em * 0.6))

        self.view_buttons: dict[str, QPushButton] = {}
        self._view_group = QButtonGroup(self)
        self._view_group.setExclusive(True)
        switcher = FlowLayout(spacing=max(4, gap // 2))  # wraps when the words are long and the window narrow
        tips = {
            "front": _("Show the front of the body (your right is on the left of the picture)"),
            "back": _("Show the back of the body (your left is on the left of the picture)"),
            "side": _("Show the outer hip and thigh, your left side and your right side"),
        }
        for view in geo.VIEWS:
            b = QPushButton(_(VIEW_TITLES[view]))
            b.setCheckable(True)
            b.setAutoExclusive(True)  # one view of several: "radio button" to a screen reader (issue 16)
            b.setAccessibleName(_(VIEW_TITLES[view]))
            b.setAccessibleDescription(tips[view])
            b.setToolTip(tips[view])
            self._view_group.addButton(b)
            self.view_buttons[view] = b
            switcher.addWidget(b)

        labels = {r.id: r.label for r in self._regions}
        self.figure = BodyMapFigure(labels)
        self.figure.setToolTip("")

        self.saddle_checkbox = QCheckBox()
        saddle_words = _(SADDLE_WORDING)
        self.saddle_checkbox.setAccessibleName(saddle_words)
        self.saddle_checkbox.setAccessibleDescription(
            _("Tick this if you notice numbness or a different feeling in the saddle area. It is the same as "
              "marking the small area between the legs on the back view.")
        )
        self.saddle_checkbox.setToolTip(saddle_words)
        saddle_text = ClickableText(saddle_words, self.saddle_checkbox)
        saddle_frame = QFrame()
        saddle_frame.setProperty("role", "notice")
        saddle_row = QHBoxLayout(saddle_frame)
        m = round(em * 0.45)
        saddle_row.setContentsMargins(m, m, m, m)
        saddle_row.addWidget(self.saddle_checkbox, 0, Qt.AlignmentFlag.AlignTop)
        saddle_row.addWidget(saddle_text, 1)
        saddle_frame.setVisible(SADDLE_ID in self._info)

        left = QVBoxLayout()
        left.setSpacing(gap)
        left.addLayout(switcher)
        left.addWidget(self.figure, 1)
        left.addWidget(saddle_frame)

        details_title = QLabel(_("Areas you marked"))
        details_title.setProperty("role", "subtitle")
        details_title.setWordWrap(True)
        self._empty_label = QLabel(_("Nothing marked yet. Click an area on the drawing or tick it in the list."))
        self._empty_label.setWordWrap(True)
        self._empty_label.setProperty("role", "muted")
        self._details_host = QWidget()
        self._details_layout = QVBoxLayout(self._details_host)
        self._details_layout.setContentsMargins(0, 0, 0, 0)
        self._details_layout.setSpacing(gap)
        self._details_layout.addWidget(self._empty_label)
        self._details_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._details_host)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setAccessibleName(_("Details of the areas you marked"))
        self._viewport = self._scroll.viewport()
        self._viewport.installEventFilter(self)

        list_title = QLabel(_("All body areas"))
        list_title.setProperty("role", "subtitle")
        list_title.setWordWrap(True)
        self.region_list = QListWidget()
        self.region_list.setAccessibleName(_("List of body areas"))
        self.region_list.setAccessibleDescription(
            _("The same areas as the drawing. Use the arrow keys to move and Space to tick an area.")
        )
        self.region_list.setToolTip(_("Tick every area where you feel something"))
        self.region_list.setWordWrap(True)
        for r in self._regions:
            item = QListWidgetItem(r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            views = r.views or geo.views_of(r.id)
            shown_on = _SHOWN_ON.get(tuple(v for v in geo.VIEWS if v in views))
            if shown_on is not None:
                item.setToolTip(_(shown_on).format(area=r.label))
            self.region_list.addItem(item)
        list_title.setBuddy(self.region_list)

        right = QVBoxLayout()
        right.setSpacing(max(4, gap // 2))
        right.addWidget(details_title)
        right.addWidget(self._scroll, 3)
        right.addSpacing(gap)
        right.addWidget(list_title)
        right.addWidget(self.region_list, 2)

        # check boxes grow with the text size (the default indicator is a fixed pixel size)
        self.setStyleSheet(
            "QCheckBox::indicator { width: 1.1em; height: 1.1em; }"
            "QListWidget::indicator { width: 0.85em; height: 0.85em; }"
            "QListWidget::item { padding: 0.15em; }"
        )
        root = QHBoxLayout(self)
        root.setSpacing(gap * 2)
        root.addLayout(left, 5)
        root.addLayout(right, 6)
        self._root = root
        # The details go under the drawing when their rows of buttons are wider than the column beside it leaves
        # (200 % text, issue 16); checked after the layout pass that showed it, never inside it.
        self._stack_check = QTimer(self)
        self._stack_check.setSingleShot(True)
        self._stack_check.setInterval(0)
        self._stack_check.timeout.connect(self._stack_if_narrow)
        self._sync_view_buttons(self.figure.view())

    def _connect_signals(self) -> None:
        for view, b in self.view_buttons.items():
            b.clicked.connect(lambda _checked=False, v=view: self.figure.set_view(v))
        self.figure.viewChanged.connect(self._sync_view_buttons)
        self.figure.regionClicked.connect(self._on_figure_region_clicked)
        self.region_list.itemChanged.connect(self._on_list_item_changed)
        self.region_list.currentItemChanged.connect(self._on_list_current_changed)
        self.saddle_checkbox.toggled.connect(self._on_saddle_toggled)

    # -- public API

    def entries(self) -> list[RegionEntry]:
        """The marked areas in region order."""
        out = []
        for rid in sorted(self._marked, key=lambda r: self._order.get(r, 10_000)):
            panel = self._marked[rid]
            out.append(RegionEntry(rid, panel.qualities(), panel.intensity()))
        return out

    def set_entries(self, entries: Iterable[RegionEntry]) -> None:
        """Replace everything shown (no ``changed`` signal). Unknown region or quality ids are skipped."""
        for rid in list(self._marked):
            self._drop_panel(rid)
        for e in entries:
            if e.region_id not in self._info:
                _log.warning("body map: skipping unknown region id %s", e.region_id)
                continue
            if e.intensity is not None and not 0 <= e.intensity <= 10:
                raise ValueError(f"intensity {e.intensity} for {e.region_id} is outside 0-10")
            unknown = set(e.qualities) - self._quality_codes
            if unknown:
                _log.warning("body map: skipping unknown quality codes %s", sorted(unknown))
            panel = self._add_panel(e.region_id)
            panel.set_state(set(e.qualities) & self._quality_codes, e.intensity)
        self._sync_all()

    def is_complete(self) -> bool:
        """True when every marked area has at least one quality."""
        return all(panel.qualities() for panel in self._marked.values())

    def marked(self) -> list[str]:
        return [e.region_id for e in self.entries()]

    def detail_panel(self, region_id: str) -> RegionDetail | None:
        return self._marked.get(region_id)

    def set_marked(self, region_id: str, marked: bool) -> None:
        """Mark or unmark an area as if the user did it (emits ``changed`` when it changes)."""
        self._set_marked(region_id, marked)

    # -- slots

    def _on_figure_region_clicked(self, region_id: str) -> None:
        self._user_mark(region_id, region_id in self.figure.selected())

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._syncing:
            return
        rid = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        self._user_mark(rid, on)
        if on:
            self._show_on_figure(rid)

    def _user_mark(self, region_id: str, marked: bool) -> None:
        """A click, Space or tick by the person: a new area's card scrolls into view; unmarking an area that has
        answers asks first (issue 20 item 15)."""
        panel = self._marked.get(region_id)
        if not marked and panel is not None and panel.has_answers():
            self._sync_all()  # still marked until the person says Remove
            panel.ask_remove()
            self._reveal(panel)
            return
        self._set_marked(region_id, marked)
        if marked and region_id in self._marked:
            self._reveal(self._marked[region_id])

    def _reveal(self, panel: RegionDetail) -> None:
        """Scroll the details list so ``panel`` is in view, its title first (now, and again once the new card is
        laid out)."""
        self._scroll_to(panel)
        QTimer.singleShot(0, self, lambda: self._reveal_later(panel))

    def _reveal_later(self, panel: RegionDetail) -> None:
        from shiboken6 import isValid

        if isValid(panel) and panel.isVisible():
            self._scroll_to(panel)

    def _scroll_to(self, panel: RegionDetail) -> None:
        bar = self._scroll.verticalScrollBar()
        top = panel.y()
        bottom = top + panel.height()
        view = self._viewport.height()
        if top < bar.value() or panel.height() >= view:
            bar.setValue(top)  # its title at the top (a card taller than the list shows its start)
        elif bottom > bar.value() + view:
            bar.setValue(bottom - view)  # the whole card, just above the bottom edge

    def _on_list_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        rid = current.data(Qt.ItemDataRole.UserRole)
        if rid in self.figure.regions():
            self.figure.set_focused_region(rid)

    def _on_saddle_toggled(self, checked: bool) -> None:
        if not self._syncing:
            self._user_mark(SADDLE_ID, checked)

    def _on_panel_remove(self, region_id: str) -> None:
        self._set_marked(region_id, False)
        self.figure.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_panel_changed(self) -> None:
        self._sync_figure()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self._fit_panels()
        return super().eventFilter(watched, event)

    def _fit_panels(self) -> None:
        width = self._viewport.width()
        for panel in self._marked.values():
            panel.fit_width(width)
        self._stack_check.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._stack_check.start()

    def details_below(self) -> bool:
        return self._root.direction() == QBoxLayout.Direction.TopToBottom

    def _stack_if_narrow(self) -> None:
        # a late timer after the page went away: PySide may have dropped the wrappers (see flow.py's _live)
        if not all(shiboken6.isValid(o) for o in (self, self._scroll, self._details_host, self._root)):
            return
        need = self._details_host.minimumSizeHint().width()
        beside = (self.width() - self._root.spacing()) * 6 // 11  # the details' column when side by side
        below = need > self._scroll.viewport().width() if not self.details_below() else need > beside
        self._root.setDirection(QBoxLayout.Direction.TopToBottom if below else QBoxLayout.Direction.LeftToRight)
        # under the drawing the page scrolls: the details get the room they need (up to most of the screen), not a
        # small box of their own to scroll
        screen = self.screen().availableGeometry().height() if self.screen() is not None else 768
        tall = min(self._details_host.sizeHint().height(), screen * 2 // 3) if below else 0
        self._scroll.setMinimumHeight(tall)

    def _sync_view_buttons(self, view: str) -> None:
        for v, b in self.view_buttons.items():
            b.setChecked(v == view)

    # -- model

    def _set_marked(self, region_id: str, marked: bool) -> None:
        if region_id not in self._info:
            raise KeyError(region_id)
        if marked == (region_id in self._marked):
            self._sync_all()
            return
        if marked:
            self._add_panel(region_id)
        else:
            self._drop_panel(region_id)
        self._sync_all()
        self.changed.emit()

    def _show_on_figure(self, region_id: str) -> None:
        if region_id in self.figure.regions():
            return
        views = geo.views_of(region_id)
        if views:
            self.figure.set_view(views[0])

    def _add_panel(self, region_id: str) -> RegionDetail:
        panel = RegionDetail(self._info[region_id], self._qualities, self._details_host)
        panel.changed.connect(self._on_panel_changed)
        panel.removeRequested.connect(self._on_panel_remove)
        panel.removeConfirmed.connect(self._on_panel_remove)
        self._marked[region_id] = panel
        ordered = sorted(self._marked, key=lambda r: self._order.get(r, 10_000))
        self._details_layout.insertWidget(ordered.index(region_id), panel)
        panel.setVisible(True)  # now, not on the next event loop pass, so Tab can reach it at once
        panel.fit_width(self._viewport.width())
        self._stack_check.start()
        return panel

    def _drop_panel(self, region_id: str) -> None:
        panel = self._marked.pop(region_id, None)
        if panel is not None:
            self._details_layout.removeWidget(panel)
            panel.hide()
            panel.deleteLater()

    def _sync_figure(self) -> None:
        self.figure.set_selected(self._marked)
        self.figure.set_intensities(
            {rid: p.intensity() for rid, p in self._marked.items() if p.intensity() is not None}  # type: ignore[misc]
        )

    def _sync_all(self) -> None:
        self._syncing = True
        try:
            self._sync_figure()
            for i in range(self.region_list.count()):
                item = self.region_list.item(i)
                want = (
                    Qt.CheckState.Checked
                    if item.data(Qt.ItemDataRole.UserRole) in self._marked
                    else (Qt.CheckState.Unchecked)
                )
                if item.checkState() != want:
                    item.setCheckState(want)
            self.saddle_checkbox.setChecked(SADDLE_ID in self._marked)
            self._empty_label.setVisible(not self._marked)
            self._fix_tab_order()
        finally:
            self._syncing = False

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [*self.view_buttons.values(), self.figure, self.saddle_checkbox]
        for rid in sorted(self._marked, key=lambda r: self._order.get(r, 10_000)):
            chain.extend(self._marked[rid].focusables())
        chain.append(self.region_list)
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)


__all__ = [
    "SADDLE_ID",
    "SADDLE_WORDING",
    "VIEW_CAPTIONS",
    "BodyMapEditor",
    "BodyMapFigure",
    "QualityInfo",
    "RegionDetail",
    "RegionEntry",
    "RegionInfo",
    "paint_quality_icon",
    "quality_icon",
]
