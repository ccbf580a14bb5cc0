"""Vector geometry of the body-map figure: silhouettes and clickable region shapes per view.

Everything is built once, in a normalized coordinate box per view (a standing figure is 1000 units wide and
2000 tall), from cubic Bezier outlines. Region shapes are the silhouette cut by simple polygons, so together
they cover the body without gaps. The widget scales the box to its size with a ``QTransform``, so the drawing
is crisp at any size and DPI.

Left and right are always the user's own: in the back view the user's left is on the viewer's left, in the
front view it is mirrored (the user's left is on the viewer's right). Region ids follow clinical reference 2.1.
This module holds no clinical rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

VIEWS: tuple[str, ...] = ("front", "back", "side")

FIGURE_W = 1000.0
FIGURE_H = 2000.0
SIDE_FIGURE_W = 600.0
SIDE_GAP = 140.0
CX = FIGURE_W / 2

Point = tuple[float, float]
# A cubic segment: (control 1, control 2, end point); a segment of two equal controls is a straight line.
Segment = tuple[Point, Point, Point]


@dataclass
class ViewGeometry:
    """What one view draws, in normalized coordinates.

    Attributes:
        name: "front", "back" or "side".
        box: the normalized rectangle the view occupies (fit into the widget keeping the aspect ratio).
        bodies: closed silhouettes, filled in the body colour and outlined.
        overlays: body parts drawn on top of the regions (the bent arm in the side view); they hide what is
            under them from clicks.
        details: faint anatomical guide lines (spine, shoulder blades), drawn but never clickable.
        regions: region id -> shape; drawing order, last on top (hit-testing goes the other way).
        anchors: region id -> a point well inside the region (click target, intensity badge, focus hint).
        captions: (text key, normalized point) pairs for side labels the widget draws ("left" / "right").
    """

    name: str
    box: QRectF
    bodies: list[QPainterPath] = field(default_factory=list)
    overlays: list[QPainterPath] = field(default_factory=list)
    details: list[QPainterPath] = field(default_factory=list)
    regions: dict[str, QPainterPath] = field(default_factory=dict)
    anchors: dict[str, QPointF] = field(default_factory=dict)
    captions: list[tuple[str, QPointF]] = field(default_factory=list)

    def region_at(self, p: QPointF, active: Iterable[str] | None = None) -> str | None:
        """The region under a normalized point (topmost first), or None."""
        for path in self.overlays:
            if path.contains(p):
                return None
        allowed = None if active is None else set(active)
        for rid in reversed(list(self.regions)):
            if allowed is not None and rid not in allowed:
                continue
            if self.regions[rid].contains(p):
                return rid
        return None


# --------------------------------------------------------------------------------------------- path helpers


def _line(p: Point) -> Segment:
    return (p, p, p)


def _add_segments(path: QPainterPath, start: Point, segs: Sequence[Segment], first: bool = True) -> None:
    if first:
        path.moveTo(*start)
    for c1, c2, end in segs:
        if c1 == c2 == end:
            path.lineTo(*end)
        else:
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))


def _reverse(start: Point, segs: Sequence[Segment]) -> tuple[Point, list[Segment]]:
    """The same curve walked backwards."""
    points = [start] + [s[2] for s in segs]
    out: list[Segment] = []
    for i in range(len(segs) - 1, -1, -1):
        c1, c2, _end = segs[i]
        target = points[i]
        if c1 == c2 == _end:
            out.append(_line(target))
        else:
            out.append((c2, c1, target))
    return points[-1], out


def _mirror_pt(p: Point, axis: float) -> Point:
    return (2 * axis - p[0], p[1])


def _mirror_segs(segs: Sequence[Segment], axis: float) -> list[Segment]:
    return [(_mirror_pt(a, axis), _mirror_pt(b, axis), _mirror_pt(c, axis)) for a, b, c in segs]


def _symmetric_path(start: Point, half: Sequence[Segment], axis: float) -> QPainterPath:
    """Close a viewer-right half outline (top centre to bottom centre) with its mirror image."""
    path = QPainterPath()
    _add_segments(path, start, half)
    _end, back = _reverse(_mirror_pt(start, axis), _mirror_segs(half, axis))
    _add_segments(path, start, back, first=False)
    path.closeSubpath()
    return path


def _poly(points: Iterable[Point]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _rect(x0: float, y0: float, x1: float, y1: float) -> QPainterPath:
    path = QPainterPath()
    path.addRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
    return path


def _mirror_path(path: QPainterPath, axis: float) -> QPainterPath:
    t = QTransform()
    t.translate(axis, 0)
    t.scale(-1, 1)
    t.translate(-axis, 0)
    return t.map(path)


def _clip(body: QPainterPath, cut: QPainterPath, minus: Iterable[QPainterPath] = ()) -> QPainterPath:
    shape = body.intersected(cut)
    for m in minus:
        shape = shape.subtracted(m)
    return shape.simplified()


def _anchor(path: QPainterPath) -> QPointF:
    """A point deep inside ``path``: the grid point with the largest clear ring around it, near the middle."""
    box = path.boundingRect()
    centre = box.center()
    if box.isEmpty():
        return centre
    dirs = [(math.cos(a * math.pi / 4), math.sin(a * math.pi / 4)) for a in range(8)]
    step = max(box.width(), box.height()) / 40.0
    best: tuple[float, QPointF] | None = None
    n = 14
    for i in range(1, n):
        for j in range(1, n):
            p = QPointF(box.left() + box.width() * i / n, box.top() + box.height() * j / n)
            if not path.contains(p):
                continue
            clear = 0.0
            r = step
            while r < 400:
                if not all(path.contains(QPointF(p.x() + dx * r, p.y() + dy * r)) for dx, dy in dirs):
                    break
                clear = r
                r += step
            dist = math.hypot(p.x() - centre.x(), p.y() - centre.y())
            score = clear - 0.15 * dist
            if best is None or score > best[0]:
                best = (score, p)
    return best[1] if best is not None else centre


# ----------------------------------------------------------------------------------------- front/back figure

# The viewer-right half of the standing figure, from the top of the head to the crotch, clockwise.
_HALF_START: Point = (CX, 32)
_HALF: list[Segment] = [
    # head and jaw
    ((556, 32), (592, 82), (592, 146)),
    ((592, 200), (574, 238), (548, 258)),
    # neck, trapezius slope, deltoid
    ((543, 276), (542, 296), (546, 314)),
    ((560, 334), (620, 340), (664, 356)),
    ((706, 370), (728, 400), (732, 440)),
    # outer arm: upper arm, elbow, forearm, wrist
    ((744, 520), (760, 600), (762, 680)),
    ((768, 770), (784, 860), (790, 932)),
    # hand
    ((806, 972), (816, 1036), (794, 1072)),
    ((776, 1100), (740, 1090), (736, 1044)),
    ((732, 1004), (734, 968), (738, 944)),
    # inner arm back up to the armpit
    ((730, 874), (706, 790), (702, 700)),
    ((698, 620), (680, 540), (656, 494)),
    # torso side: chest, waist, hip
    ((652, 580), (616, 672), (614, 756)),
    ((612, 820), (660, 862), (664, 936)),
    # outer leg: thigh, knee, calf, ankle
    ((668, 1040), (650, 1220), (630, 1330)),
    ((622, 1376), (620, 1420), (626, 1456)),
    ((646, 1540), (632, 1700), (598, 1832)),
    # foot
    ((606, 1870), (622, 1910), (616, 1946)),
    ((610, 1968), (566, 1970), (540, 1962)),
    ((524, 1956), (522, 1900), (534, 1840)),
    # inner leg: calf, knee, thigh, up to the crotch
    ((522, 1740), (516, 1600), (528, 1470)),
    ((532, 1420), (532, 1380), (526, 1336)),
    ((514, 1220), (512, 1090), (CX, 1012)),
]

# Cuts in viewer-right coordinates (mirrored for the viewer-left side).
_ARM_CUT = [(624, 300), (656, 494), (688, 880), (712, 1150), (1000, 1150), (1000, 300)]
_ELBOW_Y_INNER, _ELBOW_Y_OUTER = 700.0, 676.0


def _standing_body() -> QPainterPath:
    return _symmetric_path(_HALF_START, _HALF, CX)


def _half(viewer_right: bool) -> QPainterPath:
    return _rect(CX, -10, FIGURE_W + 10, FIGURE_H + 10) if viewer_right else _rect(-10, -10, CX, FIGURE_H + 10)


def _sided(points: Sequence[Point], viewer_right: bool) -> QPainterPath:
    path = _poly(points)
    return path if viewer_right else _mirror_path(path, CX)


def _arm_regions(body: QPainterPath, viewer_right: bool) -> tuple[QPainterPath, QPainterPath]:
    arm = _clip(body, _sided(_ARM_CUT, viewer_right))
    # the elbow line tilts with the arm: higher on the outside
    above = _sided(
        [(560, 250), (1000, 250), (1000, _ELBOW_Y_OUTER - 20), (760, _ELBOW_Y_OUTER), (690, _ELBOW_Y_INNER)],
        viewer_right,
    )
    upper = _clip(arm, above)
    fore = _clip(arm, _rect(-10, -10, FIGURE_W + 10, FIGURE_H + 10), [above])
    return upper, fore


def _user_side(viewer_right: bool, view: str) -> str:
    """The user's own side for a viewer side: mirrored in the front view."""
    if view == "front":
        return "L" if viewer_right else "R"
    return "R" if viewer_right else "L"


def _front_view() -> ViewGeometry:
    body = _standing_body()
    geo = ViewGeometry("front", QRectF(0, 0, FIGURE_W, FIGURE_H), bodies=[body])
    arm_cuts = [_sided(_ARM_CUT, True), _sided(_ARM_CUT, False)]
    regions: dict[str, QPainterPath] = {}
    for viewer_right in (False, True):
        s = _user_side(viewer_right, "front")
        half = _half(viewer_right)
        regions[f"HEAD_JAW_{s}"] = _clip(body, _rect(0, 118, FIGURE_W, 262).intersected(half))
        upper, fore = _arm_regions(body, viewer_right)
        regions[f"UPPER_ARM_{s}"] = upper
        regions[f"FOREARM_HAND_{s}"] = fore
    trunk_minus = arm_cuts
    regions["CHEST"] = _clip(body, _rect(0, 342, FIGURE_W, 596), trunk_minus)
    regions["ABDOMEN"] = _clip(body, _poly([(0, 596), (1000, 596), (1000, 850), (CX, 872), (0, 850)]), trunk_minus)
    for viewer_right in (False, True):
        s = _user_side(viewer_right, "front")
        half = _half(viewer_right)
        groin = _sided([(CX, 872), (1000, 850), (1000, 960), (660, 968), (CX, 1052)], viewer_right)
        regions[f"GROIN_HIP_FRONT_{s}"] = _clip(body, groin.intersected(half), trunk_minus)
        thigh = _sided([(CX, 1052), (660, 968), (1000, 960), (1000, 1318), (CX, 1318)], viewer_right)
        regions[f"THIGH_FRONT_{s}"] = _clip(body, thigh.intersected(half), trunk_minus)
        regions[f"KNEE_{s}"] = _clip(body, _rect(0, 1318, FIGURE_W, 1462).intersected(half), trunk_minus)
        regions[f"SHIN_{s}"] = _clip(body, _rect(0, 1462, FIGURE_W, 1842).intersected(half))
        regions[f"FOOT_TOP_{s}"] = _clip(body, _rect(0, 1842, FIGURE_W, FIGURE_H).intersected(half))
    geo.regions = regions
    # guides: collar bones, navel, knee caps
    guides = QPainterPath()
    guides.moveTo(452, 352)
    guides.cubicTo(420, 366, 380, 362, 350, 360)
    guides.moveTo(548, 352)
    guides.cubicTo(580, 366, 620, 362, 650, 360)
    guides.addEllipse(QPointF(CX, 790), 7, 9)
    for x in (573, 427):
        guides.addEllipse(QPointF(x, 1392), 30, 40)
    geo.details = [guides]
    return geo


def _back_view() -> ViewGeometry:
    body = _standing_body()
    geo = ViewGeometry("back", QRectF(0, 0, FIGURE_W, FIGURE_H), bodies=[body])
    arm_cuts = [_sided(_ARM_CUT, True), _sided(_ARM_CUT, False)]
    saddle = QPainterPath()
    saddle.addEllipse(QPointF(CX, 1026), 36, 56)
    neck_cut = _rect(446, 226, 554, 346)
    regions: dict[str, QPainterPath] = {"NECK": _clip(body, neck_cut)}
    for viewer_right in (False, True):
        s = _user_side(viewer_right, "back")
        half = _half(viewer_right)
        shoulder = _sided([(556, 250), (1000, 250), (1000, 566), (556, 566)], viewer_right)
        regions[f"SHOULDER_{s}"] = _clip(body, shoulder, [*arm_cuts, neck_cut])
        upper, fore = _arm_regions(body, viewer_right)
        regions[f"UPPER_ARM_{s}"] = upper
        regions[f"FOREARM_HAND_{s}"] = fore
        ub = _sided([(CX, 346), (556, 346), (556, 566), (1000, 566), (1000, 724), (CX, 724)], viewer_right)
        regions[f"UPPER_BACK_{s}"] = _clip(body, ub.intersected(half), arm_cuts)
    centre = _rect(458, 724, 542, 902)
    for viewer_right in (False, True):
        s = _user_side(viewer_right, "back")
        half = _half(viewer_right)
        regions[f"LOW_BACK_{s}"] = _clip(body, _rect(0, 724, FIGURE_W, 902).intersected(half), [*arm_cuts, centre])
    regions["LOW_BACK_C"] = _clip(body, centre)
    for viewer_right in (False, True):
        s = _user_side(viewer_right, "back")
        half = _half(viewer_right)
        buttock = _sided([(CX, 902), (1000, 902), (1000, 1052), (660, 1056), (CX, 1100)], viewer_right)
        regions[f"BUTTOCK_{s}"] = _clip(body, buttock.intersected(half), [*arm_cuts, saddle])
        thigh = _sided([(CX, 1100), (660, 1056), (1000, 1052), (1000, 1318), (CX, 1318)], viewer_right)
        regions[f"THIGH_BACK_{s}"] = _clip(body, thigh.intersected(half), [*arm_cuts, saddle])
        regions[f"KNEE_{s}"] = _clip(body, _rect(0, 1318, FIGURE_W, 1462).intersected(half), arm_cuts)
        regions[f"CALF_{s}"] = _clip(body, _rect(0, 1462, FIGURE_W, 1842).intersected(half))
        regions[f"FOOT_SOLE_HEEL_{s}"] = _clip(body, _rect(0, 1842, FIGURE_W, FIGURE_H).intersected(half))
    # the saddle is its own small patch between the upper thighs, drawn last (on top)
    regions["SADDLE"] = saddle
    geo.regions = regions
    # guides: spine, shoulder blades, knee creases
    guides = QPainterPath()
    guides.moveTo(CX, 360)
    guides.lineTo(CX, 720)
    for sign in (1, -1):
        guides.moveTo(CX + sign * 70, 410)
        guides.cubicTo(CX + sign * 100, 470, CX + sign * 110, 520, CX + sign * 96, 548)
        guides.moveTo(CX + sign * 48, 1398)
        guides.cubicTo(CX + sign * 66, 1408, CX + sign * 94, 1408, CX + sign * 112, 1398)
    geo.details = [guides]
    return geo


# ---------------------------------------------------------------------------------------------- side view

# A profile facing the viewer's right, in a SIDE_FIGURE_W x FIGURE_H box, drawn clockwise from the crown.
_SIDE_START: Point = (292, 32)
_SIDE: list[Segment] = [
    # face: forehead, nose, chin
    ((352, 32), (396, 80), (398, 138)),
    ((412, 170), (412, 182), (400, 190)),
    ((402, 214), (394, 244), (368, 262)),
    ((352, 270), (336, 268), (332, 276)),
    # throat, chest, belly, front of hip
    ((336, 300), (346, 330), (372, 360)),
    ((400, 420), (404, 520), (388, 580)),
    ((378, 640), (380, 720), (384, 780)),
    ((388, 850), (374, 920), (368, 980)),
    # front of thigh, knee, shin
    ((372, 1080), (366, 1220), (350, 1340)),
    ((346, 1390), (350, 1430), (346, 1470)),
    ((340, 1600), (330, 1740), (332, 1840)),
    # foot: instep, toes, sole, heel
    ((350, 1878), (410, 1906), (448, 1922)),
    ((470, 1930), (468, 1966), (440, 1966)),
    _line((300, 1966)),
    ((276, 1966), (262, 1950), (270, 1918)),
    ((276, 1890), (286, 1862), (286, 1836)),
    # calf, back of knee, back of thigh, buttock
    ((268, 1740), (224, 1600), (244, 1480)),
    ((252, 1430), (262, 1380), (258, 1336)),
    ((246, 1220), (222, 1110), (210, 1020)),
    ((196, 960), (196, 900), (226, 850)),
    # low back (lordosis), upper back, neck, back of head
    ((250, 800), (250, 730), (236, 660)),
    ((212, 560), (206, 430), (236, 350)),
    ((250, 314), (256, 290), (252, 262)),
    ((214, 230), (200, 180), (204, 130)),
    ((208, 70), (240, 32), (292, 32)),
]
# The arm, bent at the elbow with the forearm held forward (keeps the outer hip and thigh in sight).
_ARM_START: Point = (246, 372)
_ARM: list[Segment] = [
    ((270, 340), (330, 344), (344, 392)),
    ((352, 470), (340, 560), (334, 640)),
    ((380, 650), (450, 640), (500, 640)),
    ((530, 640), (548, 660), (532, 682)),
    ((514, 700), (470, 704), (440, 706)),
    ((400, 708), (330, 716), (286, 716)),
    ((250, 716), (240, 690), (242, 640)),
    ((246, 560), (226, 470), (246, 372)),
]


def _side_figure(offset_x: float, facing_right: bool) -> tuple[QPainterPath, QPainterPath]:
    body = QPainterPath()
    _add_segments(body, _SIDE_START, _SIDE)
    body.closeSubpath()
    arm = QPainterPath()
    _add_segments(arm, _ARM_START, _ARM)
    arm.closeSubpath()
    t = QTransform()
    if facing_right:
        t.translate(offset_x, 0)
    else:
        t.translate(offset_x + SIDE_FIGURE_W, 0)
        t.scale(-1, 1)
    return t.map(body), t.map(arm)


def _side_view() -> ViewGeometry:
    width = 2 * SIDE_FIGURE_W + SIDE_GAP
    geo = ViewGeometry("side", QRectF(0, 0, width, FIGURE_H))
    # Viewer-left figure faces left: its left side is towards the viewer.
    layouts = (("L", 0.0, False), ("R", SIDE_FIGURE_W + SIDE_GAP, True))
    for side, offset, facing_right in layouts:
        body, arm = _side_figure(offset, facing_right)
        geo.bodies.append(body)
        geo.overlays.append(arm)
        geo.regions[f"HIP_OUTER_{side}"] = _clip(body, _rect(offset, 858, offset + SIDE_FIGURE_W, 1050), [arm])
        geo.regions[f"THIGH_OUTER_{side}"] = _clip(body, _rect(offset, 1050, offset + SIDE_FIGURE_W, 1330))
        geo.captions.append((side, QPointF(offset + SIDE_FIGURE_W / 2, 0)))
        guides = QPainterPath()
        ear_x = offset + (300 if facing_right else SIDE_FIGURE_W - 300)
        guides.addEllipse(QPointF(ear_x, 160), 16, 26)
        knee_x = offset + (330 if facing_right else SIDE_FIGURE_W - 330)
        guides.addEllipse(QPointF(knee_x, 1400), 14, 30)
        geo.details.append(guides)
    return geo


@cache
def geometry(view: str) -> ViewGeometry:
    """The geometry of one view (built once and cached)."""
    builders = {"front": _front_view, "back": _back_view, "side": _side_view}
    if view not in builders:
        raise ValueError(f"unknown body-map view {view!r}")
    geo = builders[view]()
    geo.anchors = {rid: _anchor(path) for rid, path in geo.regions.items()}
    return geo


def views_of(region_id: str) -> tuple[str, ...]:
    """The views that draw ``region_id`` (empty when the figure does not draw it)."""
    return tuple(v for v in VIEWS if region_id in geometry(v).regions)


def drawn_region_ids() -> list[str]:
    seen: dict[str, None] = {}
    for v in VIEWS:
        for rid in geometry(v).regions:
            seen.setdefault(rid)
    return list(seen)
