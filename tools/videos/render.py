"""Render the exercise videos: pose files -> mannequin frames -> looping VP9/WebM + manifest.

Usage::

    python -m tools.videos.render                 # all videos into assets/videos/
    python -m tools.videos.render --only EX-02b GL-01b --out /tmp/v
    python -m tools.videos.render --check         # re-render in a temp dir, compare with the manifest
    python -m tools.videos.render --contact /tmp/contact --only MT-HINGE   # also write contact sheets

One video is one rep cycle at the exercise's default tempo ``a-b-c`` (move, hold, return), so it lasts
``sides * (a + b + c)`` seconds (walking videos: ``cycle_s``). Frames are rendered at ``t = i / fps`` for
``i = 0 .. round(duration * fps)`` inclusive; the last frame shows the same pose as the first, so a player that loops
the file shows a seamless movement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from tools.videos import mannequin as mq
from tools.videos import props as pr

FPS = 30
WIDTH, HEIGHT = pr.WIDTH, pr.HEIGHT
POSTER_SIZE = (480, 270)
CRF = 38
POSES_DIR = Path(__file__).resolve().parent / "poses"
REPO = Path(__file__).resolve().parents[2]
PHASES = ("start", "effort", "hold", "end")
SIDE_SWAP = {"_n": "_f", "_f": "_n"}
FRONT_SWAP = {"_l": "_r", "_r": "_l"}
LATERAL_KEYS = ("pelvis", "lumbar", "thoracic", "neck", "root_x")
FLOOR_SLACK = 0.004  # a sole may sink this far (H units) into the floor line before the foot is lifted


# ------------------------------------------------------------------------------------------------ pose file model


@dataclass
class Key:
    t: float
    angles: dict[str, float]
    release: frozenset[str]


@dataclass
class Spec:
    """A parsed pose file."""

    id: str
    path: Path
    raw: dict[str, Any]
    view: str
    sides: int
    tempo: tuple[float, float, float] | None
    cycle_s: float | None
    keys: list[Key] = field(default_factory=list)

    @property
    def side_period(self) -> float:
        return self.duration / self.sides

    @property
    def duration(self) -> float:
        if self.tempo is not None:
            return self.sides * sum(self.tempo)
        assert self.cycle_s is not None
        return self.cycle_s

    @property
    def period(self) -> float:
        return self.side_period / int(self.raw.get("repeat", 1))

    @property
    def frame_count(self) -> int:
        return round(self.duration * FPS) + 1

    def opt(self, name: str, default: Any = None) -> Any:
        return self.raw.get(name, default)


def suffixes(view: str) -> tuple[str, str]:
    return mq.SIDE_LIMB_SUFFIX if view == "side" else mq.FRONT_LIMB_SUFFIX


def expand(view: str, values: dict[str, Any]) -> dict[str, float]:
    """Angles from a TOML table; a limb key without a side suffix sets both sides."""
    out: dict[str, float] = {}
    defaults = mq.SIDE_DEFAULTS if view == "side" else mq.FRONT_DEFAULTS
    for k, v in values.items():
        if k in ("at", "f", "release", "note"):
            continue
        if k in defaults:
            out[k] = float(v)
            continue
        both = [k + s for s in suffixes(view)] if not k.endswith("_s") else [
            k[:-2] + s + "_s" for s in suffixes(view)]
        if not all(b in defaults for b in both):
            raise ValueError(f"unknown angle {k!r}")
        for b in both:
            out[b] = float(v)
    return out


def load_spec(path: Path) -> Spec:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    view = raw.get("view", "side")
    if view not in ("side", "front", "top"):
        raise ValueError(f"{path.name}: bad view {view!r}")
    tempo = tuple(float(x) for x in raw["tempo"]) if "tempo" in raw else None
    spec = Spec(raw["id"], path, raw, view, int(raw.get("sides", 1)), tempo,  # type: ignore[arg-type]
                float(raw["cycle_s"]) if "cycle_s" in raw else None)
    if path.stem != spec.id:
        raise ValueError(f"{path.name}: id {spec.id!r} does not match the file name")
    fkview = "side" if view == "side" else "front"
    current = dict(mq.SIDE_DEFAULTS if fkview == "side" else mq.FRONT_DEFAULTS)
    current.update(expand(fkview, raw.get("base", {})))
    a, b, c = tempo if tempo else (0.0, 0.0, 0.0)
    phase_t = {"start": 0.0, "effort": a, "hold": a + b, "end": a + b + c}
    period = spec.period
    keys: list[Key] = []
    for entry in raw.get("key", []):
        current = {**current, **expand(fkview, entry)}
        at = entry.get("at")
        if isinstance(at, str):
            t = phase_t[at]
        elif at is not None:
            t = float(at)
        else:
            t = float(entry.get("f", 0.0)) * period
        keys.append(Key(t, dict(current), frozenset(entry.get("release", []))))
    if not keys or keys[0].t != 0.0:
        raise ValueError(f"{path.name}: the first key must be at the start")
    if tempo and b > 0 and not any(abs(k.t - phase_t["hold"]) < 1e-9 for k in keys):
        effort = [k for k in keys if k.t <= a + 1e-9][-1]
        keys.append(Key(a + b, dict(effort.angles), effort.release))
    keys.sort(key=lambda k: k.t)
    if keys[-1].t < period - 1e-9:
        keys.append(Key(period, dict(keys[0].angles), keys[0].release))
    spec.keys = keys
    return spec


def load_all(only: list[str] | None = None) -> list[Spec]:
    specs = [load_spec(p) for p in sorted(POSES_DIR.glob("*.toml"))]
    if only:
        wanted = set(only)
        specs = [s for s in specs if s.id in wanted]
        missing = wanted - {s.id for s in specs}
        if missing:
            raise SystemExit(f"no pose file for {sorted(missing)}")
    return specs


# --------------------------------------------------------------------------------------------------- timeline


def ease(u: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * max(0.0, min(1.0, u)))


def sample(spec: Spec, t: float) -> tuple[dict[str, float], dict[str, float]]:
    """Angles and plant weights at local time ``t`` within one period."""
    keys = spec.keys
    period = spec.period
    t = t % period if spec.opt("repeat", 1) > 1 or spec.cycle_s else t
    t = max(0.0, min(period, t))
    i = 0
    while i < len(keys) - 2 and keys[i + 1].t <= t:
        i += 1
    k0, k1 = keys[i], keys[i + 1]
    u = (t - k0.t) / (k1.t - k0.t) if k1.t > k0.t else 0.0
    weights = {}
    plants = list(spec.opt("plant", [])) + list(spec.opt("slide", []))
    e = ease(u)
    for name in plants:
        w0, w1 = (0.0 if name in k0.release else 1.0), (0.0 if name in k1.release else 1.0)
        weights[name] = w0 + (w1 - w0) * e
    if spec.opt("interp", "smooth") == "spline":
        ring = keys[:-1]  # periodic: the last key repeats the first
        n = len(ring)
        p0, p1, p2, p3 = ring[(i - 1) % n], ring[i % n], ring[(i + 1) % n], ring[(i + 2) % n]
        angles = {}
        for name in p1.angles:
            a0, a1, a2, a3 = p0.angles[name], p1.angles[name], p2.angles[name], p3.angles[name]
            angles[name] = 0.5 * ((2 * a1) + (-a0 + a2) * u + (2 * a0 - 5 * a1 + 4 * a2 - a3) * u * u
                                  + (-a0 + 3 * a1 - 3 * a2 + a3) * u ** 3)
        return angles, weights
    return {n: k0.angles[n] + (k1.angles[n] - k0.angles[n]) * e for n in k0.angles}, weights


def mirror_name(view: str, name: str) -> str:
    swap = SIDE_SWAP if view == "side" else FRONT_SWAP
    for a, b in swap.items():
        if name.endswith(a):
            return name[: -len(a)] + b
        if a + "_s" in name:
            return name.replace(a + "_s", b + "_s")
    return name


def mirror_angles(view: str, angles: dict[str, float], axis: str = "vertical") -> dict[str, float]:
    """The other side's pose: swap the limbs; in front views also reflect the trunk about a screen axis."""
    out = {mirror_name(view, k): v for k, v in angles.items()}
    if view != "side":
        for k in LATERAL_KEYS:
            out[k] = -angles[k]
        if axis == "horizontal":  # e.g. seen from above: reflect about the body's long axis
            out["pelvis"] = 180.0 - angles["pelvis"]
            out["root_x"], out["root_y"] = angles["root_x"], -angles["root_y"]
    return out


def pose_at(spec: Spec, t: float) -> tuple[dict[str, float], dict[str, float], bool]:
    """Angles, plant weights and whether this is the mirrored (second) side at video time ``t``."""
    fkview = "side" if spec.view == "side" else "front"
    side = min(int(t // spec.side_period + 1e-9), spec.sides - 1) if spec.sides > 1 else 0
    local = t - side * spec.side_period
    angles, weights = sample(spec, local)
    # phase_offset = { _f = 0.5 }: the far limbs replay the near limbs' keyframes half a period later (gait)
    offsets = spec.opt("phase_offset", {})
    for suffix, frac in offsets.items():
        shifted, sw = sample(spec, (local + float(frac) * spec.period) % spec.period)
        for k in angles:
            if k.endswith(suffix) or (suffix + "_s") in k:
                angles[k] = shifted[mirror_name(fkview, k)]
        for k in weights:
            if k.endswith(suffix):
                weights[k] = sw.get(mirror_name(fkview, k), weights[k])
    if side == 1:
        default_axis = "horizontal" if spec.view == "top" else "vertical"
        angles = mirror_angles(fkview, angles, spec.opt("mirror", default_axis))
        weights = {mirror_name(fkview, k): v for k, v in weights.items()}
    return angles, weights, side == 1


# ------------------------------------------------------------------------------------------------------- solver


def contact_height(name: str) -> float:
    kind = name.rsplit("_", 1)[0]
    return mq.CONTACT_H.get(kind, 0.0)


class Solver:
    """Runs the pose timeline through FK, root anchoring, planting IK and reach IK, frame by frame."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.fkview = "side" if spec.view == "side" else "front"
        self.targets: dict[str, mq.Vec] = {}
        self.anchor_world: dict[str, mq.Vec] = {}
        self.last_t: float | None = None
        self.static_points: dict[str, mq.Vec] = {}

    def names(self, mirrored: bool, names: list[str]) -> list[str]:
        return [mirror_name(self.fkview, n) for n in names] if mirrored else list(names)

    def body_at(self, t: float, reach: bool = True) -> mq.Body:
        spec = self.spec
        angles, weights, mirrored = pose_at(spec, t)
        body = mq.fk(self.fkview, angles)
        anchor = spec.opt("anchor", "none")
        if anchor != "none":
            name = self.names(mirrored, [anchor])[0]
            if name not in self.anchor_world:
                start_angles, _, _ = pose_at(spec, 0.0 if not mirrored else spec.side_period)
                p = mq.fk(self.fkview, start_angles).point(name)
                y = float(spec.opt("anchor_y", contact_height(name)))
                self.anchor_world[name] = (p[0], y)
            p = body.point(name)
            body.translate(mq.sub(self.anchor_world[name], p))
        dt = 0.0 if self.last_t is None else t - self.last_t
        self.last_t = t
        speed = float(spec.opt("ground_speed", 0.0))
        flat_tip = 90.0 if self.fkview == "side" else None
        slide = set(self.names(mirrored, spec.opt("slide", [])))
        plant_src = list(spec.opt("plant", [])) + list(spec.opt("slide", []))
        plant_names = self.names(mirrored, plant_src)
        for name in plant_names:
            w = weights.get(name, 1.0)
            key, kind = mq.limb_end_name(name)
            if w <= 1e-6:
                self.targets.pop(name, None)
                continue
            limb = body.limbs[key]
            ch = float(spec.opt("contact", {}).get(self.names(mirrored, [name])[0], contact_height(name)))
            if kind == "knee":  # kneeling: the knee rests on the floor, the thigh turns about the hip
                mq.plant_knee(body, key, ch, w)
                continue
            if spec.view == "top":
                ch = limb.end[1] if name not in self.targets else self.targets[name][1]
            if name in slide:
                target = (limb.end[0], ch)
            else:
                if name in self.targets:
                    tx, ty = self.targets[name]
                    ty = ch if spec.view != "top" else ty
                    target = (tx - speed * dt, ty)
                elif w >= 0.999:
                    target = (limb.end[0], ch)
                else:
                    target = (self.landing_x(t, name, key, mirrored), ch)
                self.targets[name] = target
            flat = self.names(mirrored, spec.opt("flat", [n for n in plant_src if n.startswith("foot")]))
            tip = flat_tip if (kind == "foot" and name in flat) or kind == "hand" else None
            mq.solve_limb(body, key, target, w, tip)
        if self.fkview == "side":
            self.keep_feet_above_floor(body)
        for name, ref in spec.opt("reach", {}).items() if reach else ():
            name = self.names(mirrored, [name])[0]
            if isinstance(ref, str):
                ref = [ref, 0.0, 0.0]
            target = self.reach_point(body, str(ref[0]), mirrored)
            target = (target[0] + float(ref[1]), target[1] + float(ref[2]))
            key, _ = mq.limb_end_name(name)
            mq.solve_limb(body, key, target, 1.0)
        return body

    @staticmethod
    def keep_feet_above_floor(body: mq.Body) -> None:
        """Lift a foot whose sole dips through the floor (a toe at push-off, a heel at heel strike).

        The foot keeps its tilt and pivots on the part that touches the floor: the ankle rises by the dip.
        """
        for s in mq.SIDE_LIMB_SUFFIX:
            limb = body.limbs["leg" + s]
            low = min(body.points["heel" + s][1], body.points["toe" + s][1])
            if low < -FLOOR_SLACK:
                mq.solve_limb(body, "leg" + s, (limb.end[0], limb.end[1] - low), 1.0, limb.tip_angle)

    def landing_x(self, t: float, name: str, key: str, mirrored: bool) -> float:
        """Where a limb that is being put down will land: its FK position when its plant weight reaches 1."""
        spec = self.spec
        speed = float(spec.opt("ground_speed", 0.0))
        land = t
        for _ in range(int(spec.period * FPS) + 2):
            land += 1.0 / FPS
            _, weights, _ = pose_at(spec, land % spec.duration)
            if weights.get(name, 1.0) >= 0.999:
                break
        angles, _, _ = pose_at(spec, land % spec.duration)
        body = mq.fk(self.fkview, angles)
        anchor = spec.opt("anchor", "none")
        if anchor != "none":
            aname = self.names(mirrored, [anchor])[0]
            if aname in self.anchor_world:
                body.translate(mq.sub(self.anchor_world[aname], body.point(aname)))
        return body.limbs[key].end[0] + speed * (land - t)

    def reach_point(self, body: mq.Body, ref: str, mirrored: bool) -> mq.Vec:
        if ref.startswith("stick:"):
            return pr.stick_point(body, float(ref.split(":")[1]))
        if ref in self.static_points:
            return self.static_points[ref]
        return body.point(self.names(mirrored, [ref])[0])

    def frames(self, count: int) -> Iterator[mq.Body]:
        """Bodies for t = i / FPS, after one warm-up cycle so planted feet are periodic."""
        n = count - 1
        for i in range(n):  # warm-up: establishes plant targets exactly as they will be one cycle later
            self.body_at(i / FPS)
        self.last_t = 0.0 - 1.0 / FPS
        for i in range(count):
            yield self.body_at(i / FPS if i < n else self.spec.duration)


# ------------------------------------------------------------------------------------------------------- scene


@dataclass
class Scene:
    spec: Spec
    bodies: list[mq.Body]
    props: list[pr.Prop]
    screen: mq.Screen
    mat: tuple[float, float, float, float] | None


def place_props(spec: Spec, solver: Solver) -> list[pr.Prop]:
    for pname, (ref, t) in spec.opt("static_points", {}).items():
        solver.static_points[pname] = Solver(spec).body_at(float(t), reach=False).point(ref)
    out = []
    for opts in spec.opt("props", []):
        prop = pr.Prop(opts["type"], dict(opts))
        at = opts.get("at")
        t = float(opts.get("t", 0.0))
        p: mq.Vec = (0.0, 0.0)
        if at:
            body = Solver(spec).body_at(t, reach=False)
            p = body.point(at)
        p = (p[0] + float(opts.get("dx", 0.0)), p[1] + float(opts.get("dy", 0.0)))
        if prop.type in ("pillow", "towel", "cushion", "wall", "door", "counter"):
            p = (p[0], 0.0)
        if prop.type == "door":
            ay = float(opts.get("anchor_y", 0.7))
            prop.extra["anchor"] = (p[0] + float(opts.get("anchor_dx", 0.0)), ay)
        if prop.type == "band":
            prop.extra["anchor"] = (float(opts.get("anchor_x", p[0])), float(opts.get("anchor_y", p[1])))
        prop.pos = p
        if prop.type == "chair":
            seat = float(opts.get("seat", p[1]))
            ref = opts.get("ref", "seat")
            face = float(opts.get("face", 1))
            cx = p[0] - face * 0.04 if ref == "seat" else p[0] + face * 0.12 if ref == "back_top" else p[0]
            if ref == "back_top":
                seat = p[1] - 0.26
            if opts.get("cushion"):
                seat -= 0.05
            prop.pos = (cx, seat)
            solver.static_points["chair_back"] = (cx - face * 0.12, seat + 0.27)
            solver.static_points["chair_seat_front"] = (cx + face * 0.12, seat)
        out.append(prop)
    return out


def build_scene(spec: Spec) -> Scene:
    solver = Solver(spec)
    props = place_props(spec, solver)
    bodies = list(solver.frames(spec.frame_count))
    xs: list[float] = []
    ys: list[float] = []
    for body in bodies:
        for p in body.all_points():
            xs.append(p[0])
            ys.append(p[1])
    for prop in props:
        for p in prop.extent():
            xs.append(p[0])
            ys.append(p[1])
    mat = None
    if spec.opt("mat", False):
        low = [p[0] for b in bodies for p in b.all_points() if p[1] < 0.16]
        if spec.view == "top":
            mat = (min(xs) - 0.08, max(xs) + 0.08, min(ys) - 0.1, max(ys) + 0.1)
        elif low:
            mat = (min(low) - 0.09, max(low) + 0.09, 0.0, 0.0)
    if spec.view == "top":
        w, h = max(xs) - min(xs) + 0.2, max(ys) - min(ys) + 0.2
        s = min(float(spec.opt("max_scale", 500)), WIDTH * 0.8 / w, HEIGHT * 0.8 / h)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        screen = mq.Screen(s, WIDTH / 2 - cx * s, HEIGHT / 2 + cy * s)
    else:
        w = max(xs) - min(xs) + 0.16
        top = max(ys) + 0.06
        s = min(float(spec.opt("max_scale", 500)), WIDTH * 0.86 / w, (pr.FLOOR_Y - 28) / top)
        cx = (max(xs) + min(xs)) / 2
        screen = mq.Screen(s, WIDTH / 2 - cx * s, pr.FLOOR_Y)
    return Scene(spec, bodies, props, screen, mat)


def paint_static(scene: Scene) -> Any:
    from PySide6.QtGui import QImage, QPainter

    img = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pr.draw_background(painter, scene.spec.view, scene.screen)
    for prop in scene.props:
        if prop.static and prop.opts.get("layer", "back") == "back":
            pr.draw_static(painter, prop, scene.spec.view, scene.screen)
    if scene.mat:
        x0, x1, y0, y1 = scene.mat
        pr.draw_mat(painter, scene.spec.view, scene.screen, x0, x1, y0, y1)
    painter.end()
    return img


def paint_frame(scene: Scene, static: Any, i: int, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Any:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    img = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if size != (WIDTH, HEIGHT):
        painter.scale(size[0] / WIDTH, size[1] / HEIGHT)
    painter.drawImage(QRectF(0, 0, WIDTH, HEIGHT), static)
    spec, sc, body = scene.spec, scene.screen, scene.bodies[i]
    speed = float(spec.opt("ground_speed", 0.0))
    if speed and spec.view != "top":
        travel = speed * spec.duration
        spacing = travel / max(1, round(travel / 0.3))
        off = (speed * i / FPS) % spacing
        painter.setPen(QPen(QColor("#b5a993"), 3))
        x = -4.0 - off
        while sc.ox + x * sc.s < WIDTH + 10:
            p = sc.p((x, 0))
            painter.drawLine(p.x(), p.y() + 6, p.x() - 14, p.y() + 30)
            x += spacing
    back = [p for p in scene.props if not p.static and p.opts.get("layer", "front") == "back"]
    front = [p for p in scene.props if not p.static and p.opts.get("layer", "front") == "front"]
    for prop in back:
        pr.draw_dynamic(painter, prop, body, sc)
    between = [lambda prop=prop: pr.draw_dynamic(painter, prop, body, sc) for prop in front]
    if body.view == "side":
        mq.draw_body_side(painter, sc, body, between)
    else:
        mq.draw_body_front(painter, sc, body, between)
    for prop in scene.props:
        if prop.static and prop.opts.get("layer") == "front":
            pr.draw_static(painter, prop, spec.view, sc)
    painter.end()
    return img


# -------------------------------------------------------------------------------------------------------- encode


def qimage_to_array(img: Any) -> Any:
    import numpy as np

    ptr = img.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=img.sizeInBytes())
    return arr.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width(), :].copy()


def encode(scene: Scene, out: Path) -> None:
    import av

    n = scene.spec.frame_count
    static = paint_static(scene)
    with av.open(str(out), "w", format="webm", options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream("libvpx-vp9", rate=FPS, options={
            "crf": str(CRF), "b:v": "0", "threads": "1", "row-mt": "0", "deadline": "good", "cpu-used": "4",
            "g": str(n + 1), "lag-in-frames": "16", "tile-columns": "0", "frame-parallel": "0",
        })
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.time_base = Fraction(1, FPS)
        stream.codec_context.flags |= av.codec.context.Flags.bitexact
        for i in range(n):
            frame = av.VideoFrame.from_ndarray(qimage_to_array(paint_frame(scene, static, i)), format="bgra")
            frame.pts = i
            frame.time_base = Fraction(1, FPS)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def poster_frame_index(spec: Spec) -> int:
    t = spec.tempo[0] + spec.tempo[1] / 2 if spec.tempo else spec.duration * float(spec.opt("poster_f", 0.1))
    return min(spec.frame_count - 1, round(t * FPS))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render_one(args: tuple[str, str]) -> dict[str, Any]:
    """Worker: render one pose file into ``out_dir``; returns its manifest entry."""
    pose_path, out_dir = Path(args[0]), Path(args[1])
    app = ensure_qt()
    spec = load_spec(pose_path)
    started = time.perf_counter()
    scene = build_scene(spec)
    video = out_dir / f"{spec.id}.webm"
    encode(scene, video)
    poster = out_dir / f"{spec.id}.png"
    static = paint_static(scene)
    paint_frame(scene, static, poster_frame_index(spec), POSTER_SIZE).save(str(poster), "PNG")
    _ = app
    return {
        "id": spec.id,
        "file": video.name,
        "poster": poster.name,
        "duration_s": round(spec.duration, 3),
        "frame_count": spec.frame_count,
        "fps": FPS,
        "width": WIDTH,
        "height": HEIGHT,
        "codec": "vp9",
        "container": "webm",
        "bytes": video.stat().st_size,
        "sha256": sha256(video),
        "poster_sha256": sha256(poster),
        "source": pose_path.relative_to(REPO).as_posix(),
        "tempo": list(spec.tempo) if spec.tempo else None,
        "cycle_s": spec.cycle_s,
        "sides": spec.sides,
        "view": spec.view,
        "title": spec.opt("title", ""),
        "render_s": round(time.perf_counter() - started, 1),
    }


def ensure_qt() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["render"])


def render_many(specs: list[Spec], out_dir: Path, workers: int, log: Callable[[str], None]) -> list[dict[str, Any]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(str(s.path), str(out_dir)) for s in sorted(specs, key=lambda s: -s.frame_count)]
    results: list[dict[str, Any]] = []
    if workers <= 1:
        for job in jobs:
            results.append(render_one(job))
            log(f"{results[-1]['id']}: {results[-1]['bytes'] // 1024} KB in {results[-1]['render_s']} s")
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for entry in pool.map(render_one, jobs):
                results.append(entry)
                log(f"{entry['id']}: {entry['bytes'] // 1024} KB in {entry['render_s']} s")
    return sorted(results, key=lambda e: e["id"])


def write_manifest(out_dir: Path, entries: list[dict[str, Any]]) -> None:
    path = out_dir / "manifest.json"
    old: dict[str, Any] = {}
    if path.exists():
        old = {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8")).get("videos", [])}
    for e in entries:
        old[e["id"]] = {k: v for k, v in e.items() if k != "render_s"}
    doc = {
        "version": 1,
        "generator": "tools.videos.render",
        "fps": FPS,
        "width": WIDTH,
        "height": HEIGHT,
        "loop": "one rep cycle; the last frame repeats the first pose",
        "videos": [old[k] for k in sorted(old)],
    }
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def contact_sheet(video: Path, out_png: Path, n: int = 6) -> None:
    """Decode ``n`` evenly spaced frames and tile them (3 per row) into one PNG."""
    import av
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter

    with av.open(str(video)) as c:
        frames = [f.to_ndarray(format="bgra") for f in c.decode(video=0)]
    picks = [round(i * (len(frames) - 1) / (n - 1)) for i in range(n)]
    tw, th = 480, 270
    cols = 3
    rows = math.ceil(n / cols)
    sheet = QImage(tw * cols, th * rows + 24, QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    p = QPainter(sheet)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for k, idx in enumerate(picks):
        arr = frames[idx]
        img = QImage(arr.data, arr.shape[1], arr.shape[0], arr.shape[1] * 4, QImage.Format.Format_RGB32)
        r, c2 = divmod(k, cols)
        p.drawImage(QPointF(c2 * tw, r * th + 24), img.scaled(tw, th))
        p.drawText(QPointF(c2 * tw + 6, r * th + 40), f"{idx / FPS:.1f}s")
    p.drawText(QPointF(6, 16), f"{video.stem}  frames={len(frames)}")
    p.end()
    sheet.save(str(out_png))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.videos.render", description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", metavar="ID", help="render only these ids")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: assets/videos)")
    ap.add_argument("--check", action="store_true", help="re-render in a temp dir and compare with the manifest")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--contact", type=Path, default=None, help="also write contact-sheet PNGs into this folder")
    ns = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    from backtrainer.paths import videos_dir

    out_dir = ns.out or videos_dir()
    specs = load_all(ns.only)
    started = time.perf_counter()
    if ns.check:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        known = {e["id"]: e for e in manifest["videos"]}
        with tempfile.TemporaryDirectory() as tmp:
            entries = render_many(specs, Path(tmp), ns.workers, print)
        bad = [e["id"] for e in entries if known.get(e["id"], {}).get("sha256") != e["sha256"]]
        print(f"checked {len(entries)} videos in {time.perf_counter() - started:.0f} s; mismatches: {bad or 'none'}")
        return 1 if bad else 0
    entries = render_many(specs, out_dir, ns.workers, print)
    write_manifest(out_dir, entries)
    total = sum(e["bytes"] for e in entries)
    print(f"{len(entries)} videos, {total / 1e6:.2f} MB, {time.perf_counter() - started:.0f} s")
    if ns.contact:
        ensure_qt()
        ns.contact.mkdir(parents=True, exist_ok=True)
        for e in entries:
            contact_sheet(out_dir / e["file"], ns.contact / f"{e['id']}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
