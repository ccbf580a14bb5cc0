"""Props and scenery drawn around the mannequin: floor, mat, chair, wall, door anchor and band, stick, loads."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen

from tools.videos.mannequin import Body, Screen, Vec, add, d, mul, shade, sub

WIDTH, HEIGHT = 960, 540
FLOOR_Y = 466.0
WOOD = QColor("#b8875a")
MAT = QColor("#7fae8c")


@dataclass
class Prop:
    """One prop from a pose file, with its world placement resolved."""

    type: str
    opts: dict[str, Any]
    pos: Vec = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def static(self) -> bool:
        return self.type in ("chair", "wall", "door", "pillow", "towel", "cushion", "counter", "box_step")

    def extent(self) -> list[Vec]:
        """World points the camera must keep in view."""
        x, y = self.pos
        face = float(self.opts.get("face", 1))
        if self.type == "chair":
            return [(x - 0.16 * face, 0.0), (x + 0.16 * face, y + 0.3)]
        if self.type == "counter":
            return [(x - 0.15, 0.0), (x + 0.15, 0.5)]
        if self.type == "wall":
            return [(x, 0.0)]
        if self.type == "door":
            return [(x - 0.1, 0.0), (x + 0.1, 0.0)]
        return [(x, y)]


def _rect_path(sc: Screen, x0: float, y0: float, x1: float, y1: float, r: float = 0.0) -> QPainterPath:
    p0, p1 = sc.p((x0, y1)), sc.p((x1, y0))
    path = QPainterPath()
    path.addRoundedRect(QRectF(p0, p1).normalized(), sc.len(r), sc.len(r))
    return path


def _paint(painter: QPainter, path: QPainterPath, color: QColor, vertical: bool = True, outline: float = 0.7) -> None:
    rect = path.boundingRect()
    grad = QLinearGradient(rect.topLeft(), rect.bottomLeft() if vertical else rect.topRight())
    grad.setColorAt(0, shade(color, 1.12))
    grad.setColorAt(1, shade(color, 0.86))
    painter.setBrush(QBrush(grad))
    painter.setPen(QPen(shade(color, outline), 1.2))
    painter.drawPath(path)


def draw_background(painter: QPainter, view: str, sc: Screen) -> None:
    if view == "top":
        grad = QLinearGradient(0, 0, 0, HEIGHT)
        grad.setColorAt(0, QColor("#d9d2c4"))
        grad.setColorAt(1, QColor("#cfc6b6"))
        painter.fillRect(0, 0, WIDTH, HEIGHT, QBrush(grad))
        pen = QPen(QColor(0, 0, 0, 18), 2)
        painter.setPen(pen)
        for i in range(0, WIDTH, 90):
            painter.drawLine(i, 0, i, HEIGHT)
        return
    grad = QLinearGradient(0, 0, 0, FLOOR_Y)
    grad.setColorAt(0, QColor("#eef3f6"))
    grad.setColorAt(1, QColor("#dde6ec"))
    painter.fillRect(QRectF(0, 0, WIDTH, FLOOR_Y), QBrush(grad))
    fgrad = QLinearGradient(0, FLOOR_Y, 0, HEIGHT)
    fgrad.setColorAt(0, QColor("#d8cfbf"))
    fgrad.setColorAt(1, QColor("#c9bfad"))
    painter.fillRect(QRectF(0, FLOOR_Y, WIDTH, HEIGHT - FLOOR_Y), QBrush(fgrad))
    painter.setPen(QPen(QColor("#a89c88"), 2))
    painter.drawLine(QPointF(0, FLOOR_Y), QPointF(WIDTH, FLOOR_Y))


def draw_mat(painter: QPainter, view: str, sc: Screen, x0: float, x1: float, y0: float = 0.0, y1: float = 0.0) -> None:
    if view == "top":
        path = _rect_path(sc, x0, y0, x1, y1, 0.02)
        _paint(painter, path, MAT)
        return
    path = _rect_path(sc, x0, -0.004, x1, 0.012, 0.006)
    _paint(painter, path, MAT, outline=0.7)


def draw_static(painter: QPainter, prop: Prop, view: str, sc: Screen) -> None:
    x, y = prop.pos
    o = prop.opts
    if prop.type == "chair":
        face = float(o.get("face", 1))  # 1: the seat's front edge is to the right of the backrest
        seat = y
        depth = 0.24
        if view == "side":
            back_x = x - face * depth / 2
            front_x = x + face * depth / 2
            legs = [back_x + face * 0.015, front_x - face * 0.015]
            for lx in legs:
                _paint(painter, _rect_path(sc, lx - 0.011, 0, lx + 0.011, seat - 0.02), shade(WOOD, 0.85),
                       vertical=False)
            _paint(painter, _rect_path(sc, back_x - 0.013, seat - 0.02, back_x + 0.013, seat + 0.27, 0.008),
                   shade(WOOD, 0.9), vertical=False)
            _paint(painter, _rect_path(sc, back_x - face * 0.02 - 0.012, seat + 0.15, back_x + 0.012 - face * 0.02,
                                       seat + 0.26, 0.01), WOOD, vertical=False)
            _paint(painter, _rect_path(sc, min(back_x, front_x) - 0.01, seat - 0.028, max(back_x, front_x) + 0.01,
                                       seat, 0.008), WOOD)
            if o.get("cushion"):
                _paint(painter, _rect_path(sc, min(back_x, front_x), seat, max(back_x, front_x), seat + 0.05, 0.02),
                       QColor("#d9a7a0"))
        else:
            half = 0.2
            for lx in (x - half + 0.02, x + half - 0.02):
                _paint(painter, _rect_path(sc, lx - 0.012, 0, lx + 0.012, seat), shade(WOOD, 0.85), vertical=False)
            _paint(painter, _rect_path(sc, x - half, seat - 0.028, x + half, seat, 0.008), WOOD)
            _paint(painter, _rect_path(sc, x - half + 0.01, seat + 0.12, x + half - 0.01, seat + 0.27, 0.015),
                   shade(WOOD, 0.95))
    elif prop.type == "counter":
        _paint(painter, _rect_path(sc, x - 0.16, 0, x + 0.16, 0.5), QColor("#c7b299"))
        _paint(painter, _rect_path(sc, x - 0.18, 0.5, x + 0.18, 0.53, 0.005), QColor("#8d7b69"))
    elif prop.type == "wall":
        side = float(o.get("side", -1))  # -1: the wall is to the left of x (its surface faces right)
        far = x + side * 3.0
        path = _rect_path(sc, min(x, far), 0, max(x, far), 3.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#c9d3da"))
        painter.drawPath(path)
        painter.setPen(QPen(QColor("#9aa9b3"), 2))
        painter.drawLine(sc.p((x, 0)), sc.p((x, 3.0)))
        _paint(painter, _rect_path(sc, min(x, x + side * 0.03), 0, max(x, x + side * 0.03), 0.06), QColor("#f4f1ea"))
    elif prop.type == "door":
        h = float(o.get("height", 1.15))
        w = float(o.get("width", 0.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#b9c4cc"), sc.len(0.03)))
        path = QPainterPath()
        path.moveTo(sc.p((x - w / 2, 0)))
        path.lineTo(sc.p((x - w / 2, h)))
        path.lineTo(sc.p((x + w / 2, h)))
        path.lineTo(sc.p((x + w / 2, 0)))
        painter.drawPath(path)
        ax, ay = prop.extra["anchor"]
        _paint(painter, _rect_path(sc, ax - 0.025, ay - 0.02, ax + 0.025, ay + 0.02, 0.006), QColor("#555d66"))
    elif prop.type == "pillow":
        w, h = float(o.get("w", 0.17)), float(o.get("h", 0.05))
        _paint(painter, _rect_path(sc, x - w / 2, 0, x + w / 2, h, h / 2.2), QColor("#e6e0f0"))
    elif prop.type == "towel":
        w, h = float(o.get("w", 0.15)), float(o.get("h", 0.03))
        _paint(painter, _rect_path(sc, x - w / 2, 0, x + w / 2, h, 0.008), QColor("#f1d9a6"))
    elif prop.type == "cushion":
        w, h = float(o.get("w", 0.14)), float(o.get("h", 0.035))
        _paint(painter, _rect_path(sc, x - w / 2, 0, x + w / 2, h, 0.012), QColor("#d9a7a0"))


def stick_line(body: Body) -> tuple[Vec, Vec]:
    """The broomstick along the back: through the back of the head and the back of the pelvis."""
    a = body.points["head_back"]
    tp = body.angles["pelvis"]
    b = add(body.points["sacrum"], mul(d(tp + 90), -0.045), mul(d(tp), -0.03))
    u = sub(a, b)
    ln = math.hypot(*u)
    u = (u[0] / ln, u[1] / ln)
    return add(b, mul(u, -0.12)), add(a, mul(u, 0.14))


def stick_point(body: Body, frac: float) -> Vec:
    p0, p1 = stick_line(body)
    return add(p0, mul(sub(p1, p0), frac))


def draw_dynamic(painter: QPainter, prop: Prop, body: Body, sc: Screen) -> None:
    o = prop.opts
    if prop.type == "stick":
        p0, p1 = stick_line(body)
        pen = QPen(shade(WOOD, 0.7), sc.len(0.019))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(sc.p(p0), sc.p(p1))
        pen = QPen(WOOD, sc.len(0.011))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(sc.p(p0), sc.p(p1))
        return
    hands = o.get("hand", "hand_n")
    names = hands if isinstance(hands, list) else [hands]
    pts = [body.points["handc" + n[-2:]] for n in names]
    hx = sum(p[0] for p in pts) / len(pts)
    hy = sum(p[1] for p in pts) / len(pts)
    size = float(o.get("size", 1.0))
    if prop.type == "bag":
        w, h = 0.1 * size, 0.12 * size
        top = hy - 0.06
        painter.setPen(QPen(QColor("#6d4c41"), sc.len(0.007)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(sc.p((hx, hy)), sc.p((hx - w * 0.3, top)))
        painter.drawLine(sc.p((hx, hy)), sc.p((hx + w * 0.3, top)))
        _paint(painter, _rect_path(sc, hx - w / 2, top - h, hx + w / 2, top, 0.012), QColor(o.get("color", "#c0643f")))
    elif prop.type == "kettlebell":
        r = 0.045 * size
        cy = hy - 0.045
        painter.setPen(QPen(QColor("#2f3438"), sc.len(0.012)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(sc.p((hx - r * 0.7, hy + 0.02)), sc.p((hx + r * 0.7, cy))).normalized(), 0, 180 * 16)
        path = QPainterPath()
        path.addEllipse(sc.p((hx, cy - r * 0.6)), sc.len(r), sc.len(r))
        _paint(painter, path, QColor("#3d4449"))
    elif prop.type == "box":
        w, h = 0.24 * size, 0.16 * size
        top = hy + 0.04
        _paint(painter, _rect_path(sc, hx - w / 2, top - h, hx + w / 2, top, 0.006), QColor("#c9a06a"))
        painter.setPen(QPen(QColor("#a47e4c"), 1.5))
        painter.drawLine(sc.p((hx - w / 2, top - 0.03)), sc.p((hx + w / 2, top - 0.03)))
    elif prop.type == "band":
        anchor = prop.extra["anchor"]
        pen = QPen(QColor("#e0533d"), sc.len(0.011))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(sc.p(anchor), sc.p((hx, hy)))
    elif prop.type == "bottle":
        for p in pts:
            _paint(painter, _rect_path(sc, p[0] - 0.025, p[1] - 0.1, p[0] + 0.025, p[1] + 0.04, 0.015),
                   QColor("#7fb7d9"))
