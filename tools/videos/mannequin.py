"""A 2D articulated mannequin: skeleton, forward kinematics, 2-link IK and QPainter drawing.

Units are fractions of body height (``H = 1``); ``y`` points up, the floor is ``y = 0``. Angles are in degrees and
describe a *direction* ``dir(a) = (sin a, cos a)``: 0 points up, 90 points to the screen right, 180 down.

Side view (the figure faces screen-right when ``pelvis = 0``): limbs are ``_n`` (near the camera) and ``_f`` (far).
Relative joint angles: ``lumbar``/``thoracic``/``neck`` positive = flexion (rounding forward), negative = extension;
``hip`` flexion brings the thigh forward, ``knee`` flexion brings the shank back, ``shoulder`` flexion raises the arm
forward (180 = overhead), ``elbow`` flexion brings the forearm forward/up, ``ankle`` positive = pointing the toes.
``pelvis`` is the global direction of the trunk: 0 standing, -90 lying on the back (head left), 90 lying face down or
on hands and knees (head right).
``uarm_*_s``/``farm_*_s`` scale an arm segment's projected length (an arm reaching out to the side or across the
body), ``belly`` > 0 draws the lower tummy in and ``chest`` > 0 lifts the rib cage (breathing in).

Front view (the figure faces the camera): limbs are ``_l`` (screen left) and ``_r`` (screen right). ``hip_*`` and
``shoulder_*`` are abduction (away from the midline), ``knee_*``/``elbow_*`` bend the lower segment toward the
midline, ``*_s`` scale a segment's projected length (foreshortening when it points toward or away from the camera);
``roll`` turns the body about its long axis (0 chest to the camera, 90 profile, 180 back to the camera);
``lumbar``/``thoracic``/``neck`` bend sideways (positive toward screen right).

Segment lengths follow Drillis & Contini / Winter's anthropometric fractions of height: thigh 0.245, shank 0.246,
ankle height 0.039, foot 0.152, upper arm 0.186, forearm 0.146, hand 0.108, shoulder height 0.818, hip 0.530.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen, QRadialGradient

Vec = tuple[float, float]

THIGH = 0.245
SHANK = 0.246
ANKLE_H = 0.039
HEEL = 0.04
TOE = 0.115
UARM = 0.186
FARM = 0.146
HAND = 0.045
LUMBAR = 0.10
THORACIC = 0.16
NECK = 0.055
HEAD_R = 0.058

# Height of a limb end's joint above the floor when that part rests on the floor.
CONTACT_H = {"foot": ANKLE_H, "hand": 0.028, "knee": 0.045, "elbow": 0.035, "toe": 0.012}

SIDE_DEFAULTS: dict[str, float] = {
    "pelvis": 0.0, "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0, "root_x": 0.0, "root_y": 0.0, "belly": 0.0,
    "hip_n": 0.0, "knee_n": 0.0, "ankle_n": 0.0, "shoulder_n": 0.0, "elbow_n": 10.0, "wrist_n": 0.0,
    "hip_f": 0.0, "knee_f": 0.0, "ankle_f": 0.0, "shoulder_f": 0.0, "elbow_f": 10.0, "wrist_f": 0.0,
    "uarm_n_s": 1.0, "farm_n_s": 1.0, "uarm_f_s": 1.0, "farm_f_s": 1.0, "chest": 0.0,
}
FRONT_DEFAULTS: dict[str, float] = {
    "pelvis": 0.0, "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0, "root_x": 0.0, "root_y": 0.0,
    "hip_l": 4.0, "knee_l": 0.0, "shoulder_l": 8.0, "elbow_l": 0.0,
    "hip_r": 4.0, "knee_r": 0.0, "shoulder_r": 8.0, "elbow_r": 0.0,
    "thigh_l_s": 1.0, "shank_l_s": 1.0, "uarm_l_s": 1.0, "farm_l_s": 1.0,
    "thigh_r_s": 1.0, "shank_r_s": 1.0, "uarm_r_s": 1.0, "farm_r_s": 1.0, "roll": 0.0,
}
SIDE_LIMB_SUFFIX = ("_n", "_f")
FRONT_LIMB_SUFFIX = ("_l", "_r")


def d(a: float) -> Vec:
    r = math.radians(a)
    return (math.sin(r), math.cos(r))


def add(*vs: Vec) -> Vec:
    return (sum(v[0] for v in vs), sum(v[1] for v in vs))


def mul(v: Vec, k: float) -> Vec:
    return (v[0] * k, v[1] * k)


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1])


def dist(a: Vec, b: Vec) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def angle_of(v: Vec) -> float:
    """The direction angle (0 up, 90 right) of a vector."""
    return math.degrees(math.atan2(v[0], v[1]))


def lerp_angle(a: float, b: float, w: float) -> float:
    delta = (b - a + 180.0) % 360.0 - 180.0
    return a + delta * w


def bezier(p0: Vec, c: Vec, p1: Vec, n: int) -> list[Vec]:
    out = []
    for i in range(n):
        t = i / (n - 1)
        a, b, cc = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        out.append((a * p0[0] + b * c[0] + cc * p1[0], a * p0[1] + b * c[1] + cc * p1[1]))
    return out


@dataclass
class Limb:
    """One two-segment limb: root joint, middle joint, end joint, plus segment directions and lengths."""

    root: Vec
    mid: Vec
    end: Vec
    a1: float
    a2: float
    l1: float
    l2: float
    tip_angle: float  # foot or hand direction
    kind: str  # "leg" or "arm"


@dataclass
class Body:
    """The posed skeleton in world units (root already translated)."""

    view: str
    points: dict[str, Vec] = field(default_factory=dict)
    angles: dict[str, float] = field(default_factory=dict)  # global segment directions
    limbs: dict[str, Limb] = field(default_factory=dict)
    spine: list[Vec] = field(default_factory=list)  # sampled spine curve sacrum -> C7
    spine_normals: list[Vec] = field(default_factory=list)  # "front" normal per spine sample

    def translate(self, off: Vec) -> None:
        self.points = {k: add(v, off) for k, v in self.points.items()}
        self.spine = [add(v, off) for v in self.spine]
        for limb in self.limbs.values():
            limb.root, limb.mid, limb.end = add(limb.root, off), add(limb.mid, off), add(limb.end, off)

    def point(self, name: str) -> Vec:
        if name.startswith(("foot", "hand", "knee", "elbow", "toe")):
            kind, side = name.rsplit("_", 1)
            limb = self.limbs[("leg_" if kind in ("foot", "knee", "toe") else "arm_") + side]
            if kind in ("foot", "hand"):
                return limb.end
            if kind in ("knee", "elbow"):
                return limb.mid
            return self.points["toe_" + side]
        return self.points[name]

    def all_points(self) -> Iterable[Vec]:
        yield from self.points.values()
        for limb in self.limbs.values():
            yield limb.mid
            yield limb.end
        yield (self.points["head"][0], self.points["head"][1] + HEAD_R)
        yield (self.points["head"][0], self.points["head"][1] - HEAD_R)


def limb_end_name(name: str) -> tuple[str, str]:
    """'foot_n' -> ('leg_n', 'foot'); 'knee_l' -> ('leg_l', 'knee'); 'hand_l' -> ('arm_l', 'hand')."""
    kind, side = name.rsplit("_", 1)
    return ("leg_" if kind in ("foot", "knee") else "arm_") + side, kind


# ----------------------------------------------------------------------------------------------- forward kinematics


def fk(view: str, a: dict[str, float]) -> Body:
    return fk_side(a) if view == "side" else fk_front(a)


def _finish_limb(body: Body, key: str, limb: Limb) -> None:
    body.limbs[key] = limb
    recompute_tip(body, key)


def recompute_tip(body: Body, key: str) -> None:
    """Derived points at the end of a limb (hand centre, heel, toe)."""
    limb = body.limbs[key]
    side = key[-2:]
    if limb.kind == "arm":
        body.points["handc" + side] = add(limb.end, mul(d(limb.tip_angle), HAND))
    elif body.view == "side":
        down = d(limb.tip_angle + 90)
        body.points["heel" + side] = add(limb.end, mul(down, ANKLE_H), mul(d(limb.tip_angle), -HEEL))
        body.points["toe" + side] = add(limb.end, mul(down, ANKLE_H * 0.7), mul(d(limb.tip_angle), TOE))
    else:
        body.points["toe" + side] = add(limb.end, mul(d(limb.tip_angle), 0.045))


def fk_side(a: dict[str, float]) -> Body:
    b = Body("side")
    root = (a["root_x"], a["root_y"])
    tp = a["pelvis"]
    tl = tp + a["lumbar"]
    tt = tl + a["thoracic"]
    tn = tt + 12 + a["neck"]
    sacrum = add(root, mul(d(tp), 0.07), mul(d(tp + 90), -0.035))
    t12 = add(sacrum, mul(d(tl), LUMBAR))
    c7 = add(t12, mul(d(tt), THORACIC))
    # visible lumbar lordosis / kyphosis: control points pushed toward the front (lordosis) or back (rounding)
    lum_c = add(mul(add(sacrum, t12), 0.5), mul(d(tl + 90), 0.014 - 0.0011 * a["lumbar"]))
    tho_c = add(mul(add(t12, c7), 0.5), mul(d(tt + 90), -0.012 - 0.0007 * a["thoracic"]))
    spine = bezier(sacrum, lum_c, t12, 9) + bezier(t12, tho_c, c7, 9)[1:]
    normals = []
    for i in range(len(spine)):
        p0, p1 = spine[max(0, i - 1)], spine[min(len(spine) - 1, i + 1)]
        normals.append(d(angle_of(sub(p1, p0)) + 90))
    b.spine, b.spine_normals = spine, normals
    neck_top = add(c7, mul(d(tn), NECK))
    head = add(neck_top, mul(d(tn), 0.032), mul(d(tn + 90), 0.022))
    shoulder = add(c7, mul(d(tt + 90), 0.04), mul(d(tt), -0.035))
    b.points.update(
        root=root, hip=root, sacrum=sacrum, t12=t12, c7=c7, neck_top=neck_top, head=head, shoulder=shoulder,
        seat=add(root, mul(d(tp), -0.055)),
        back=add(spine[12], mul(normals[12], -0.03)),
        low_back=add(spine[4], mul(normals[4], -0.03)),
        chest=add(spine[13], mul(normals[13], 0.17)),
        belly=add(spine[5], mul(normals[5], 0.13)),
        hip_front=add(root, mul(d(tp + 90), 0.09)),
        buttock=add(root, mul(d(tp + 90), -0.10)),
        head_back=add(head, mul(d(tn + 90), -HEAD_R)),
        nose=add(head, mul(d(tn + 90), HEAD_R + 0.01)),
    )
    b.angles.update(pelvis=tp, lumbar=tl, thoracic=tt, neck=tn, belly=a["belly"], chest=a["chest"])
    for s in SIDE_LIMB_SUFFIX:
        a1 = tp + 180 - a["hip" + s]
        a2 = a1 + max(0.0, a["knee" + s])  # knees never bend backwards
        knee = add(root, mul(d(a1), THIGH))
        ankle = add(knee, mul(d(a2), SHANK))
        _finish_limb(b, "leg" + s, Limb(root, knee, ankle, a1, a2, THIGH, SHANK, a2 - 90 + a["ankle" + s], "leg"))
        u1 = tt + 180 - a["shoulder" + s]
        u2 = u1 - max(0.0, a["elbow" + s])
        m1, m2 = UARM * a["uarm" + s + "_s"], FARM * a["farm" + s + "_s"]
        elbow = add(shoulder, mul(d(u1), m1))
        wrist = add(elbow, mul(d(u2), m2))
        _finish_limb(b, "arm" + s, Limb(shoulder, elbow, wrist, u1, u2, m1, m2, u2 - a["wrist" + s], "arm"))
    return b


def fk_front(a: dict[str, float]) -> Body:
    b = Body("front")
    root = (a["root_x"], a["root_y"])
    tp = a["pelvis"]
    tl = tp + a["lumbar"]
    tt = tl + a["thoracic"]
    tn = tt + a["neck"]
    l5 = add(root, mul(d(tp), 0.05))
    t12 = add(l5, mul(d(tl), LUMBAR + 0.02))
    c7 = add(t12, mul(d(tt), THORACIC))
    spine = bezier(add(root, mul(d(tp), -0.03)), l5, t12, 6) + bezier(t12, mul(add(t12, c7), 0.5), c7, 7)[1:]
    b.spine = spine
    b.spine_normals = [d(tp + 90)] * len(spine)
    neck_top = add(c7, mul(d(tn), 0.06))
    head = add(neck_top, mul(d(tn), 0.058))
    b.points.update(root=root, hip=root, sacrum=l5, t12=t12, c7=c7, neck_top=neck_top, head=head,
                    chest=add(t12, mul(d(tt), 0.09)), belly=add(l5, mul(d(tl), 0.05)))
    b.angles.update(pelvis=tp, lumbar=tl, thoracic=tt, neck=tn)
    # roll turns the body about its long axis (0 chest to the camera, 90 profile, 180 back to the camera): the
    # left-right widths shrink with cos(roll), so in profile both shoulders and both hips line up
    roll = a.get("roll", 0.0)
    w = math.cos(math.radians(roll)) if roll else 1.0
    b.angles["roll"] = roll
    for s, sign in (("_l", -1.0), ("_r", 1.0)):
        hip = add(root, mul(d(tp + 90), 0.058 * sign * w))
        a1 = tp + 180 - sign * a["hip" + s]
        a2 = a1 + sign * a["knee" + s]
        l1, l2 = THIGH * a["thigh" + s + "_s"], SHANK * a["shank" + s + "_s"]
        knee = add(hip, mul(d(a1), l1))
        ankle = add(knee, mul(d(a2), l2))
        b.points["hip" + s] = hip
        _finish_limb(b, "leg" + s, Limb(hip, knee, ankle, a1, a2, l1, l2, a2, "leg"))
        sh = add(c7, mul(d(tt), -0.035), mul(d(tt + 90), 0.115 * sign * w))
        b.points["shoulder" + s] = sh
        u1 = tt + 180 - sign * a["shoulder" + s]
        u2 = u1 + sign * a["elbow" + s]
        m1, m2 = UARM * a["uarm" + s + "_s"], FARM * a["farm" + s + "_s"]
        elbow = add(sh, mul(d(u1), m1))
        wrist = add(elbow, mul(d(u2), m2))
        _finish_limb(b, "arm" + s, Limb(sh, elbow, wrist, u1, u2, m1, m2, u2, "arm"))
    b.points["shoulder"] = b.points["shoulder_l"]
    return b


# ----------------------------------------------------------------------------------------------------------- IK


def solve_limb(body: Body, key: str, target: Vec, weight: float, tip_angle: float | None = None) -> None:
    """Bend a limb so its end reaches ``target`` (2-link IK), blended with the FK pose by ``weight``.

    Of the two IK solutions the one whose middle joint lies nearer the FK pose wins, so a knee or elbow keeps
    bending the way it was authored (never backwards).
    """
    if weight <= 0:
        return
    limb = body.limbs[key]
    l1, l2 = limb.l1, limb.l2
    to = sub(target, limb.root)
    dd = max(abs(l1 - l2) + 1e-4, min(l1 + l2 - 1e-5, math.hypot(*to)))
    phi = angle_of(to)
    cos_a = (l1 * l1 + dd * dd - l2 * l2) / (2 * l1 * dd)
    alpha = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    best: tuple[float, float, float] | None = None
    for sgn in (1.0, -1.0):
        a1 = phi + sgn * alpha
        mid = add(limb.root, mul(d(a1), l1))
        end = add(limb.root, mul(d(phi), dd))
        a2 = angle_of(sub(end, mid))
        err = dist(mid, limb.mid)
        if best is None or err < best[0]:
            best = (err, a1, a2)
    assert best is not None
    _, a1, a2 = best
    limb.a1 = lerp_angle(limb.a1, a1, weight)
    limb.a2 = lerp_angle(limb.a2, a2, weight)
    limb.mid = add(limb.root, mul(d(limb.a1), l1))
    limb.end = add(limb.mid, mul(d(limb.a2), l2))
    if tip_angle is not None:
        limb.tip_angle = lerp_angle(limb.tip_angle, tip_angle, weight)
    recompute_tip(body, key)


def plant_knee(body: Body, key: str, height: float, weight: float) -> None:
    """Turn a thigh about the hip so the knee rests at ``height`` (kneeling), blended by ``weight``.

    The knee keeps its bend (the shank turns with the thigh); of the two thigh directions that reach the height the
    one nearer the authored pose wins.
    """
    if weight <= 0:
        return
    limb = body.limbs[key]
    c = max(-1.0, min(1.0, (height - limb.root[1]) / limb.l1))
    base = math.degrees(math.acos(c))
    best = min((base, -base), key=lambda a: abs((a - limb.a1 + 180.0) % 360.0 - 180.0))
    new = lerp_angle(limb.a1, best, weight)
    turn = new - limb.a1
    limb.a1, limb.a2, limb.tip_angle = new, limb.a2 + turn, limb.tip_angle + turn
    limb.mid = add(limb.root, mul(d(limb.a1), limb.l1))
    limb.end = add(limb.mid, mul(d(limb.a2), limb.l2))
    recompute_tip(body, key)


# Outline radii of the drawn parts (see the drawing code below): how far a part reaches past its joint.
DRAWN_R = {"knee": 0.041, "ankle": 0.026, "elbow": 0.029, "wrist": 0.021, "hand": 0.022}


def lowest_points(body: Body) -> dict[str, float]:
    """The lowest drawn height of each body part (floor = 0), for checks that nothing passes through the floor.

    Side-view shoes count at the heel and toe of the sole; a front-view shoe at its toe point (its oval is the
    shoe seen from the front, standing on the floor plane). The trunk counts along its outline in side views.
    """
    out: dict[str, float] = {}
    for key, limb in body.limbs.items():
        s = key[-2:]
        if limb.kind == "leg":
            out["knee" + s] = limb.mid[1] - DRAWN_R["knee"]
            out["ankle" + s] = limb.end[1] - DRAWN_R["ankle"]
            out["toe" + s] = body.points["toe" + s][1]
            if body.view == "side":
                out["heel" + s] = body.points["heel" + s][1]
        else:
            out["elbow" + s] = limb.mid[1] - DRAWN_R["elbow"]
            out["wrist" + s] = limb.end[1] - DRAWN_R["wrist"]
            out["hand" + s] = body.points["handc" + s][1] - DRAWN_R["hand"]
    if body.view == "side":
        out["head"] = body.points["head"][1] - ellipse_half_height(HEAD_R * 0.95, HEAD_R, body.angles["neck"])
        back, front = torso_outline_side(body)
        out["trunk"] = min(p[1] for p in back + front)
        centre, (rx, ry), angle = pelvis_ellipse_side(body)
        out["pelvis"] = centre[1] - ellipse_half_height(rx, ry, angle)
    else:
        out["head"] = body.points["head"][1] - ellipse_half_height(HEAD_R * 0.88, HEAD_R * 1.05, body.angles["neck"])
    return out


def ellipse_half_height(rx: float, ry: float, angle: float) -> float:
    """Half the height of an ellipse with half-axes ``rx``, ``ry`` turned by ``angle`` degrees."""
    a = math.radians(angle)
    return math.hypot(rx * math.sin(a), ry * math.cos(a))


def pelvis_ellipse_side(body: Body) -> tuple[Vec, tuple[float, float], float]:
    """Centre, half-axes and turn of the pelvis oval in a side view."""
    tp = body.angles["pelvis"]
    return add(body.points["root"], mul(d(tp + 90), -0.008), mul(d(tp), 0.02)), (0.088, 0.074), tp


# -------------------------------------------------------------------------------------------------------- drawing

SHIRT = QColor("#4f86b8")
TROUSERS = QColor("#34495e")
SKIN = QColor("#e9b98f")
SHOE = QColor("#5b5f66")
SPINE = QColor("#f0a030")
HAIR = QColor("#4a3b32")


class Screen:
    """World (H units, y up) to pixel mapping."""

    def __init__(self, scale: float, ox: float, oy: float) -> None:
        self.s, self.ox, self.oy = scale, ox, oy

    def p(self, v: Vec) -> QPointF:
        return QPointF(self.ox + v[0] * self.s, self.oy - v[1] * self.s)

    def len(self, x: float) -> float:
        return x * self.s


def shade(c: QColor, k: float) -> QColor:
    return QColor(min(255, int(c.red() * k)), min(255, int(c.green() * k)), min(255, int(c.blue() * k)))


def _fill(painter: QPainter, path: QPainterPath, color: QColor, p0: QPointF, p1: QPointF) -> None:
    grad = QLinearGradient(p0, p1)
    grad.setColorAt(0.0, shade(color, 1.22))
    grad.setColorAt(0.55, color)
    grad.setColorAt(1.0, shade(color, 0.78))
    painter.setBrush(QBrush(grad))
    painter.setPen(QPen(shade(color, 0.6), 1.3))
    painter.drawPath(path)


def _qt_angle(v: tuple[float, float]) -> float:
    return math.degrees(math.atan2(-v[1], v[0]))


def _cap(path: QPainterPath, c: QPointF, r: float, frm: QPointF, tip: tuple[float, float]) -> None:
    start = _qt_angle((frm.x() - c.x(), frm.y() - c.y()))
    want = _qt_angle(tip)
    sweep = 180.0 if abs((start + 90.0 - want + 180.0) % 360.0 - 180.0) < 1.0 else -180.0
    path.arcTo(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), start, sweep)


def tube(painter: QPainter, sc: Screen, pts: list[Vec], radii: list[float], color: QColor) -> None:
    """A tapered, round-ended tube along a polyline, lit from the upper left."""
    spts = [sc.p(p) for p in pts]
    rr = [sc.len(r) for r in radii]
    n = len(spts)
    normals = []
    for i in range(n):
        a, b = spts[max(0, i - 1)], spts[min(n - 1, i + 1)]
        tx, ty = b.x() - a.x(), b.y() - a.y()
        ln = math.hypot(tx, ty)
        if ln < 1e-9:
            tx, ty, ln = 1.0, 0.0, 1.0
        normals.append((-ty / ln, tx / ln))
    left = [QPointF(p.x() + nx * r, p.y() + ny * r) for p, (nx, ny), r in zip(spts, normals, rr)]
    right = [QPointF(p.x() - nx * r, p.y() - ny * r) for p, (nx, ny), r in zip(spts, normals, rr)]
    path = QPainterPath()
    path.moveTo(left[0])
    for q in left[1:]:
        path.lineTo(q)
    nx, ny = normals[-1]
    _cap(path, spts[-1], rr[-1], left[-1], (ny, -nx))
    for q in reversed(right):
        path.lineTo(q)
    nx, ny = normals[0]
    _cap(path, spts[0], rr[0], right[0], (-ny, nx))
    path.closeSubpath()
    mid = pts[n // 2]
    rmax = max(radii)
    light = (-0.55, 0.83)
    _fill(painter, path, color, sc.p(add(mid, mul(light, rmax))), sc.p(add(mid, mul(light, -rmax))))


def ellipse(painter: QPainter, sc: Screen, c: Vec, rx: float, ry: float, angle: float, color: QColor) -> None:
    painter.save()
    painter.translate(sc.p(c))
    painter.rotate(angle)
    grad = QRadialGradient(QPointF(-sc.len(rx) * 0.35, -sc.len(ry) * 0.45), sc.len(max(rx, ry)) * 1.5)
    grad.setColorAt(0.0, shade(color, 1.25))
    grad.setColorAt(1.0, shade(color, 0.8))
    painter.setBrush(QBrush(grad))
    painter.setPen(QPen(shade(color, 0.6), 1.3))
    painter.drawEllipse(QRectF(-sc.len(rx), -sc.len(ry), 2 * sc.len(rx), 2 * sc.len(ry)))
    painter.restore()


def joint_dot(painter: QPainter, sc: Screen, p: Vec, r: float, color: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shade(color, 1.3))
    painter.drawEllipse(sc.p(p), sc.len(r), sc.len(r))


def draw_leg_side(painter: QPainter, sc: Screen, body: Body, s: str, k: float) -> None:
    limb = body.limbs["leg" + s]
    tube(painter, sc, [limb.root, mul(add(limb.root, limb.mid), 0.5), limb.mid], [0.062, 0.052, 0.041],
         shade(TROUSERS, k))
    tube(painter, sc, [limb.mid, mul(add(limb.mid, limb.end), 0.5), limb.end], [0.04, 0.034, 0.026],
         shade(TROUSERS, k))
    heel, toe = body.points["heel" + s], body.points["toe" + s]
    fd = d(limb.tip_angle)
    up = d(limb.tip_angle - 90)
    path = QPainterPath()
    pts = [add(heel, mul(up, 0.005)), add(heel, mul(up, 0.045)), add(limb.end, mul(fd, 0.02), mul(up, 0.02)),
           add(toe, mul(up, 0.028)), add(toe, mul(fd, 0.012), mul(up, 0.01)), toe, add(heel, mul(fd, 0.02))]
    path.moveTo(sc.p(pts[0]))
    for q in pts[1:]:
        path.lineTo(sc.p(q))
    path.closeSubpath()
    _fill(painter, path, shade(SHOE, k), sc.p(add(limb.end, mul(up, 0.03))), sc.p(toe))
    joint_dot(painter, sc, limb.mid, 0.012, shade(TROUSERS, k))


def draw_arm(painter: QPainter, sc: Screen, body: Body, s: str, k: float) -> None:
    limb = body.limbs["arm" + s]
    tube(painter, sc, [limb.root, limb.mid], [0.036, 0.029], shade(SHIRT, k))
    tube(painter, sc, [limb.mid, limb.end], [0.027, 0.021], shade(SKIN, k))
    hc = body.points["handc" + s]
    ellipse(painter, sc, hc, 0.03, 0.022, angle_of(sub(hc, limb.end)) - 90, shade(SKIN, k))
    joint_dot(painter, sc, limb.mid, 0.009, shade(SKIN, k))


def torso_outline_side(body: Body) -> tuple[list[Vec], list[Vec]]:
    """The side-view trunk outline: the back line and the front (chest and tummy) line, sacrum to C7."""
    spine, nrm = body.spine, body.spine_normals
    n = len(spine)
    back, front = [], []
    for i, (p, f) in enumerate(zip(spine, nrm)):
        s = i / (n - 1)
        depth = 0.105 - 0.02 * math.sin(min(1.0, s / 0.45) * math.pi) if s < 0.45 else 0.095 + 0.05 * math.sin(
            (s - 0.45) / 0.55 * math.pi * 0.8)
        depth -= body.angles.get("belly", 0.0) * 0.03 * math.exp(-(((s - 0.22) / 0.14) ** 2))
        if body.angles.get("chest", 0.0):  # breathing in: the rib cage rises
            depth += body.angles["chest"] * 0.025 * math.exp(-(((s - 0.6) / 0.22) ** 2))
        back.append(add(p, mul(f, -0.024)))
        front.append(add(p, mul(f, depth)))
    return back, front


def draw_torso_side(painter: QPainter, sc: Screen, body: Body) -> None:
    spine, nrm = body.spine, body.spine_normals
    n = len(spine)
    back, front = torso_outline_side(body)
    path = QPainterPath()
    path.moveTo(sc.p(back[0]))
    for q in back[1:]:
        path.lineTo(sc.p(q))
    top = add(spine[-1], mul(nrm[-1], 0.05), mul(d(body.angles["thoracic"]), 0.03))
    path.quadTo(sc.p(add(spine[-1], mul(d(body.angles["thoracic"]), 0.035))), sc.p(top))
    path.lineTo(sc.p(front[-1]))
    for q in reversed(front[:-1]):
        path.lineTo(sc.p(q))
    path.closeSubpath()
    mid = spine[n // 2]
    _fill(painter, path, SHIRT, sc.p(add(mid, mul(nrm[n // 2], -0.05))), sc.p(add(mid, mul(nrm[n // 2], 0.14))))
    pel, (rx, ry), tp = pelvis_ellipse_side(body)
    ellipse(painter, sc, pel, rx, ry, tp, TROUSERS)


def draw_spine(painter: QPainter, sc: Screen, body: Body) -> None:
    pts = [add(p, mul(f, -0.008)) for p, f in zip(body.spine, body.spine_normals)] if body.view == "side" else \
        body.spine
    path = QPainterPath()
    path.moveTo(sc.p(pts[0]))
    for q in pts[1:]:
        path.lineTo(sc.p(q))
    pen = QPen(shade(SPINE, 0.75), max(2.0, sc.len(0.011)))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    painter.drawPath(path)
    pen.setColor(SPINE)
    pen.setWidthF(max(1.2, sc.len(0.006)))
    painter.setPen(pen)
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#fff3da"))
    for q in pts[1:-1:2]:
        painter.drawEllipse(sc.p(q), sc.len(0.0055), sc.len(0.0055))


def draw_head_side(painter: QPainter, sc: Screen, body: Body) -> None:
    tn = body.angles["neck"]
    tube(painter, sc, [body.points["c7"], body.points["neck_top"]], [0.03, 0.026], SKIN)
    head = body.points["head"]
    ellipse(painter, sc, head, HEAD_R * 0.95, HEAD_R, tn, SKIN)
    # hair cap on the back/top of the head, nose and eye on the face side show which way the figure looks
    painter.save()
    painter.translate(sc.p(head))
    painter.rotate(tn)
    r = sc.len(HEAD_R)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HAIR)
    painter.drawChord(QRectF(-r * 0.97, -r, 2 * r * 0.97, 2 * r), 60 * 16, 150 * 16)
    painter.setBrush(shade(SKIN, 0.92))
    nose = QPainterPath()
    nose.moveTo(r * 0.9, -r * 0.15)
    nose.lineTo(r * 1.17, r * 0.12)
    nose.lineTo(r * 0.9, r * 0.22)
    painter.drawPath(nose)
    painter.setBrush(QColor("#3b2f2a"))
    painter.drawEllipse(QPointF(r * 0.55, -r * 0.08), r * 0.09, r * 0.09)
    painter.restore()


def draw_body_side(painter: QPainter, sc: Screen, body: Body, between: list | None = None) -> None:
    far = 0.72
    draw_arm(painter, sc, body, "_f", far)
    draw_leg_side(painter, sc, body, "_f", far)
    draw_torso_side(painter, sc, body)
    draw_spine(painter, sc, body)
    draw_head_side(painter, sc, body)
    draw_leg_side(painter, sc, body, "_n", 1.0)
    for fn in between or []:
        fn()
    draw_arm(painter, sc, body, "_n", 1.0)


def draw_leg_front(painter: QPainter, sc: Screen, body: Body, s: str) -> None:
    limb = body.limbs["leg" + s]
    tube(painter, sc, [limb.root, limb.mid], [0.058, 0.042], TROUSERS)
    tube(painter, sc, [limb.mid, limb.end], [0.04, 0.027], TROUSERS)
    toe = body.points["toe" + s]
    ellipse(painter, sc, mul(add(limb.end, toe), 0.5), 0.032, 0.042, limb.tip_angle, SHOE)
    joint_dot(painter, sc, limb.mid, 0.012, TROUSERS)


def _head_path(r: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QRectF(-r * 0.88, -r * 1.05, 1.76 * r, 2.1 * r))
    return path


def draw_body_front(painter: QPainter, sc: Screen, body: Body, between: list | None = None) -> None:
    p = body.points
    tp = body.angles["pelvis"]
    order = ["_l", "_r"]
    for s in order:
        draw_leg_front(painter, sc, body, s)
    sp = body.spine
    widths = [0.1, 0.102, 0.1, 0.088, 0.078, 0.074, 0.076, 0.084, 0.094, 0.104, 0.11, 0.115]
    idx = [round(i * (len(sp) - 1) / (len(widths) - 1)) for i in range(len(widths))]
    roll = body.angles.get("roll", 0.0)
    if roll:  # seen from the side the trunk is its depth (front to back), narrower than its width
        k = 0.62 + 0.38 * abs(math.cos(math.radians(roll)))
        widths = [w * k for w in widths]
    tube(painter, sc, [sp[i] for i in idx], widths, SHIRT)
    u, r = d(tp), d(tp + 90)
    if roll:
        r = mul(r, 0.7 + 0.3 * abs(math.cos(math.radians(roll))))
    shape = [(-0.088, 0.065), (0.088, 0.065), (0.1, 0.0), (0.085, -0.055), (0.0, -0.045), (-0.085, -0.055),
             (-0.1, 0.0)]
    path = QPainterPath()
    for i, (x, y) in enumerate(shape):
        q = sc.p(add(p["root"], mul(r, x), mul(u, y)))
        if i == 0:
            path.moveTo(q)
        else:
            path.lineTo(q)
    path.closeSubpath()
    _fill(painter, path, TROUSERS, sc.p(add(p["root"], mul(r, -0.1))), sc.p(add(p["root"], mul(r, 0.1))))
    draw_spine(painter, sc, body)
    tube(painter, sc, [p["c7"], p["neck_top"]], [0.03, 0.027], SKIN)
    ellipse(painter, sc, p["head"], HEAD_R * 0.88, HEAD_R * 1.05, body.angles["neck"], SKIN)
    painter.save()
    painter.translate(sc.p(p["head"]))
    painter.rotate(body.angles["neck"])
    r = sc.len(HEAD_R)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HAIR)
    roll = body.angles.get("roll", 0.0)
    if not roll:
        painter.drawChord(QRectF(-r * 0.9, -r * 1.06, 1.8 * r, 1.5 * r), 15 * 16, 150 * 16)
        painter.setBrush(QColor("#3b2f2a"))
        painter.drawEllipse(QPointF(-r * 0.33, r * 0.05), r * 0.085, r * 0.085)
        painter.drawEllipse(QPointF(r * 0.33, r * 0.05), r * 0.085, r * 0.085)
    else:
        # the face turns toward screen-left of the head (the floor side when rolling onto the front)
        c, sn = math.cos(math.radians(roll)), math.sin(math.radians(roll))
        if c > -0.2:
            painter.drawChord(QRectF(-r * 0.9, -r * 1.06, 1.8 * r, 1.5 * r), 15 * 16, 150 * 16)
            back = QPainterPath()  # hair on the back of the head, seen as the face turns away
            back.addEllipse(QRectF(-r * 0.9 + r * 0.9 * sn, -r * 1.02, 1.8 * r * (1 - 0.5 * sn), 1.9 * r))
            painter.drawPath(back.intersected(_head_path(r)))
            painter.setBrush(QColor("#3b2f2a"))
            for ex in (-0.33, 0.33):
                x = r * (ex * c - 0.62 * sn)
                if ex * c - 0.62 * sn > -0.8 and (c > 0.2 or ex < 0):
                    painter.drawEllipse(QPointF(x, r * 0.05), r * 0.085, r * 0.085)
        else:
            painter.drawPath(_head_path(r * 0.97))
    painter.restore()
    for fn in between or []:
        fn()
    for s in order:
        draw_arm(painter, sc, body, s, 1.0)
