"""The rendered exercise videos: present, decodable, one seamless loop at the prescribed tempo, as listed."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

av = pytest.importorskip("av")
np = pytest.importorskip("numpy")

from backtrainer.paths import videos_dir  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
POSES = REPO / "tools" / "videos" / "poses"
VIDEOS = videos_dir()
MANIFEST = json.loads((VIDEOS / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {e["id"]: e for e in MANIFEST["videos"]}
FPS = 30

TEST_IDS = ("MT-STS", "MT-BRIDGE", "MT-SIDEBRIDGE", "MT-SLS", "MT-FTF", "MT-ASLR", "MT-HINGE", "MT-WALK")
# Default tempos (a, b, c) from clinical reference section 5; walking videos use cycle_s instead.
TEMPOS: dict[str, tuple[float, float, float]] = {
    "MC-01": (2, 5, 2), "MC-02": (3, 1, 3), "MC-03a": (2, 1, 2), "MC-03b": (3, 2, 3), "MC-03c": (3, 2, 3),
    "MC-04a": (2, 5, 2), "MC-04b": (2, 5, 2), "MC-04c": (2, 5, 2), "EX-01": (2, 1, 2), "EX-02a": (2, 5, 2),
    "EX-02b": (2, 5, 2), "EX-02c": (2, 5, 2), "EX-03a": (2, 3, 2), "EX-03b": (2, 3, 2), "LT-01a": (2, 5, 2),
    "LT-01b": (2, 5, 2), "LT-01c": (2, 5, 2), "LT-01d": (2, 5, 2), "LT-02a": (2, 3, 2), "LT-02b": (2, 3, 2),
    "LT-02c": (2, 3, 2), "GL-01a": (2, 2, 2), "GL-01b": (2, 3, 2), "GL-02": (2, 2, 2), "GL-03": (2, 1, 2),
    "GL-04a": (2, 1, 2), "GL-04b": (2, 1, 2), "GL-04c": (2, 1, 2), "MO-01": (3, 0, 3), "MO-02": (3, 0, 3),
    "MO-03a": (2, 30, 2), "MO-03b": (2, 1, 2), "MO-04": (2, 30, 2), "MO-05": (2, 0, 2), "FN-01a": (3, 1, 2),
    "FN-01b": (3, 1, 2), "FN-02a": (3, 1, 2), "FN-02b": (3, 1, 2), "FN-02c": (3, 1, 2), "FN-03a": (2, 1, 2),
    "FN-03b": (2, 1, 2), "FN-03c": (3, 1, 1), "FN-04a": (3, 1, 2), "FN-04b": (3, 1, 2),
}
WALKING = {"LT-03a": 4.0, "LT-03b": 4.0, "LT-03c": 4.0, "WK-01": 4.0, "MT-WALK": 4.0}
# The 48 exercise videos of section 5 (every level of every exercise) plus the 8 movement tests of section 4.
EXERCISE_IDS = sorted((set(TEMPOS) | set(WALKING)) - set(TEST_IDS))


def _pose(video_id: str) -> dict[str, Any]:
    return tomllib.loads((POSES / f"{video_id}.toml").read_text(encoding="utf-8"))


def _expected_duration(pose: dict[str, Any]) -> float:
    if "cycle_s" in pose:
        return float(pose["cycle_s"])
    return int(pose.get("sides", 1)) * sum(float(x) for x in pose["tempo"])


def _decode(path: Path) -> list[Any]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        return [f.to_ndarray(format="rgb24") for f in container.decode(stream)]


def test_every_expected_id_has_a_pose_file_and_a_video() -> None:
    expected = set(EXERCISE_IDS) | set(TEST_IDS)
    assert (len(EXERCISE_IDS), len(expected)) == (48, 56)
    assert {p.stem for p in POSES.glob("*.toml")} == expected
    assert set(ENTRIES) == expected


def test_pose_tempos_match_the_reference() -> None:
    for video_id, tempo in TEMPOS.items():
        assert tuple(_pose(video_id)["tempo"]) == tempo, video_id
    for video_id, cycle in WALKING.items():
        assert _pose(video_id)["cycle_s"] == cycle, video_id


def test_total_size_is_within_budget() -> None:
    total = sum((VIDEOS / e["file"]).stat().st_size for e in ENTRIES.values())
    posters = sum((VIDEOS / e["poster"]).stat().st_size for e in ENTRIES.values())
    assert total + posters < 25 * 1024 * 1024
    assert max((VIDEOS / e["file"]).stat().st_size for e in ENTRIES.values()) < 600 * 1024


@pytest.mark.parametrize("video_id", sorted(ENTRIES))
def test_manifest_entry_matches_pose_file(video_id: str) -> None:
    entry = ENTRIES[video_id]
    pose = _pose(video_id)
    duration = _expected_duration(pose)
    assert entry["source"] == f"tools/videos/poses/{video_id}.toml"
    assert entry["duration_s"] == pytest.approx(duration, abs=1e-6)
    assert entry["frame_count"] == round(duration * FPS) + 1
    assert (entry["fps"], entry["width"], entry["height"], entry["codec"]) == (FPS, 960, 540, "vp9")
    assert entry["tempo"] == pose.get("tempo")
    assert entry["sides"] == pose.get("sides", 1)


@pytest.mark.parametrize("video_id", sorted(ENTRIES))
def test_video_decodes_as_one_seamless_loop(video_id: str) -> None:
    entry = ENTRIES[video_id]
    path = VIDEOS / entry["file"]
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    frames = _decode(path)
    assert len(frames) == entry["frame_count"]
    assert frames[0].shape == (540, 960, 3)
    # the clip lasts one rep cycle, within one frame
    assert abs((len(frames) - 1) / FPS - entry["duration_s"]) <= 1 / FPS
    # the last frame shows the first pose again, so looping is seamless
    first, last = frames[0].astype(np.int16), frames[-1].astype(np.int16)
    assert float(np.abs(first - last).mean()) < 1.0
    # not blank: real contrast, and mannequin-coloured pixels (the blue shirt) in sampled frames
    for index in (0, len(frames) // 3, (2 * len(frames)) // 3):
        frame = frames[index]
        assert float(frame.std()) > 12.0
        shirt = (frame[..., 2] > frame[..., 0] + 40) & (frame[..., 2] > 120)
        assert int(shirt.sum()) > 1500, f"{video_id} frame {index}: mannequin not visible"
    # something moves during the cycle
    mid = frames[len(frames) // 4].astype(np.int16)
    assert float(np.abs(first - mid).mean()) > 0.05


@pytest.mark.parametrize("video_id", sorted(ENTRIES))
def test_poster_exists(video_id: str) -> None:
    entry = ENTRIES[video_id]
    poster = VIDEOS / entry["poster"]
    assert poster.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert hashlib.sha256(poster.read_bytes()).hexdigest() == entry["poster_sha256"]


# ---------------------------------------------------------------------------------------------------------------
# What the videos show, checked on the poses the renderer draws (tools.videos.render builds the same scene that
# it paints and encodes; `python -m tools.videos.render --check` proves the committed files match the code).

render = pytest.importorskip("tools.videos.render")
mq = pytest.importorskip("tools.videos.mannequin")

FLOOR_SLACK = 0.012  # H units a drawn part may sink into the floor line: the mat's thickness
# lying on the back, the round buttock oval flattens on the floor by up to this much
BUTTOCK_SLACK = 0.035
SIDE_BRIDGES = ("LT-01b", "LT-01c", "MT-SIDEBRIDGE")
KNEE_SIDE_BRIDGES = ("LT-01b", "MT-SIDEBRIDGE")
PRONE = ("EX-03a", "EX-03b", "MO-03a", "MO-03b")


@functools.cache
def _scene(video_id: str) -> Any:
    return render.build_scene(render.load_spec(POSES / f"{video_id}.toml"))


def _frame_at(video_id: str, t: float) -> Any:
    scene = _scene(video_id)
    return scene.bodies[min(len(scene.bodies) - 1, round(t * FPS))]


def _head_cover(body: Any) -> float:
    """The share of the head disc hidden by the limbs drawn over it (the near arm; in front views both arms)."""
    g = np.linspace(-1.0, 1.0, 21)
    grid = np.array([(x, y) for x in g for y in g if x * x + y * y <= 1.0]) * mq.HEAD_R + np.array(body.points["head"])

    def seg(a: Any, b: Any) -> Any:
        a, b = np.array(a), np.array(b)
        ab = b - a
        t = np.clip(((grid - a) @ ab) / max(float(ab @ ab), 1e-12), 0.0, 1.0)
        return np.linalg.norm(grid - (a + t[:, None] * ab), axis=1)

    covered = np.zeros(len(grid), dtype=bool)
    for key in (["arm_n"] if body.view == "side" else ["arm_l", "arm_r"]):
        limb = body.limbs[key]
        covered |= seg(limb.root, limb.mid) < 0.033
        covered |= seg(limb.mid, limb.end) < 0.024
        covered |= np.linalg.norm(grid - np.array(body.points["handc" + key[-2:]]), axis=1) < 0.026
    return float(covered.mean())


@pytest.mark.parametrize("video_id", sorted(ENTRIES))
def test_nothing_passes_through_the_floor(video_id: str) -> None:
    scene = _scene(video_id)
    if scene.spec.view == "top":
        return  # seen from above there is no floor line
    supine = scene.bodies[0].angles["pelvis"] <= -80
    for i, body in enumerate(scene.bodies):
        for part, low in mq.lowest_points(body).items():
            slack = BUTTOCK_SLACK if part == "pelvis" and supine else FLOOR_SLACK
            assert low >= -slack, f"{video_id} frame {i}: {part} is {-low:.3f} H below the floor"


@pytest.mark.parametrize("video_id", sorted(ENTRIES))
def test_the_whole_head_is_in_the_picture_and_not_hidden_at_the_start(video_id: str) -> None:
    scene = _scene(video_id)
    sc = scene.screen
    r = sc.len(mq.HEAD_R)
    for i, body in enumerate(scene.bodies):
        p = sc.p(body.points["head"])
        assert r <= p.x() <= 960 - r and r <= p.y() <= 540 - r, f"{video_id} frame {i}: head out of the picture"
    # the first frame shows the start position: the face must be visible there
    assert _head_cover(scene.bodies[0]) < 0.25, video_id
    # standing clips (both feet planted): the arms never hide the head
    if scene.spec.view == "side" and {"foot_n", "foot_f"} <= set(scene.spec.opt("plant", [])):
        worst = max(_head_cover(b) for b in scene.bodies)
        assert worst < 0.25, f"{video_id}: the arm hides {worst:.0%} of the head"


@pytest.mark.parametrize("video_id", SIDE_BRIDGES)
def test_side_bridges_rest_on_the_forearm_with_the_elbow_under_the_shoulder(video_id: str) -> None:
    # exercises.toml LT-01b/c and movement_tests.toml MT-SIDEBRIDGE: "forearm on the floor, elbow under the shoulder"
    for i, body in enumerate(_scene(video_id).bodies):
        arm = body.limbs["arm_l"]  # the floor-side arm
        elbow, wrist, hand = arm.mid, arm.end, body.points["handc_l"]
        assert elbow[1] == pytest.approx(mq.CONTACT_H["elbow"], abs=0.01), f"{video_id} frame {i}: elbow off the floor"
        assert abs(arm.root[0] - elbow[0]) < 0.02, f"{video_id} frame {i}: elbow not under the shoulder"
        # the forearm lies on the floor: wrist and hand at elbow height, not below it
        assert abs(wrist[1] - elbow[1]) < 0.01 and abs(hand[1] - elbow[1]) < 0.01, f"{video_id} frame {i}"


@pytest.mark.parametrize("video_id", KNEE_SIDE_BRIDGES)
def test_knee_side_bridges_rest_on_the_bottom_knee(video_id: str) -> None:
    # "Lie on your side with knees bent to about a right angle ... straight from your head to your knees"
    for i, body in enumerate(_scene(video_id).bodies):
        knee = body.limbs["leg_l"].mid
        assert knee[1] == pytest.approx(mq.CONTACT_H["knee"], abs=0.01), f"{video_id} frame {i}: knee off the floor"
        # the shins point back and up from the knees (bent), so the feet never reach the floor
        assert body.limbs["leg_l"].end[1] > knee[1] + 0.02, f"{video_id} frame {i}: bottom leg is not bent"
    top = _frame_at(video_id, 2.0)
    knees = mq.mul(mq.add(top.limbs["leg_l"].mid, top.limbs["leg_r"].mid), 0.5)
    (x0, y0), (x1, y1), (x2, y2) = top.points["c7"], top.points["root"], knees
    # at the top the hips are on the line from the neck to the knees (within 5 cm of a 1.7 m person)
    off = abs((x2 - x0) * (y1 - y0) - (y2 - y0) * (x1 - x0)) / math.hypot(x2 - x0, y2 - y0)
    assert off < 0.03, f"{video_id}: hips {off:.3f} H off the head-to-knees line at the top"


def test_clamshell_top_knee_opens_clearly_and_closes_with_the_tempo() -> None:
    a, b, c = TEMPOS["GL-04a"]

    def opening(t: float) -> float:
        """The angle at the bottom hip between the two knees: the clam's opening as seen by the camera."""
        body = _frame_at("GL-04a", t)
        hip, top, bottom = body.limbs["leg_l"].root, body.limbs["leg_r"].mid, body.limbs["leg_l"].mid
        return abs(mq.angle_of(mq.sub(top, hip)) - mq.angle_of(mq.sub(bottom, hip)))

    start, open_, hold_end, end = opening(0), opening(a), opening(a + b), opening(a + b + c)
    assert open_ - start >= 30.0, f"the top knee opens only {open_ - start:.0f} degrees"
    assert hold_end == pytest.approx(open_, abs=1.0)
    assert end == pytest.approx(start, abs=1.0)
    knee_rise = _frame_at("GL-04a", a).limbs["leg_r"].mid[1] - _frame_at("GL-04a", 0).limbs["leg_r"].mid[1]
    assert knee_rise > 0.1  # about 17 cm for a 1.7 m person
    for i, body in enumerate(_scene("GL-04a").bodies):  # "Keep your feet together as the knee opens"
        assert mq.dist(body.limbs["leg_r"].end, body.limbs["leg_l"].end) < 0.08, f"frame {i}: feet apart"


@pytest.mark.parametrize("video_id", PRONE)
def test_face_down_legs_lie_on_the_floor(video_id: str) -> None:
    body = _scene(video_id).bodies[0]
    for s in ("_n", "_f"):
        assert body.limbs["leg" + s].end[1] < 0.05, f"{video_id}: the {s} foot floats above the floor"


@pytest.mark.parametrize("video_id", sorted(set(TEMPOS) & set(ENTRIES)))
def test_every_clip_starts_a_rep_with_the_work_phase(video_id: str) -> None:
    # the tempo ring starts with "lift" (a seconds), so the clip must start at rest and move during [0, a]
    spec = _scene(video_id).spec
    a = spec.tempo[0]
    keys = spec.keys
    assert keys[0].t == 0.0
    moved = max(abs(v - keys[0].angles[k]) for key in keys if 0 < key.t <= a + 1e-9 for k, v in key.angles.items())
    assert moved > 1.0, f"{video_id}: nothing moves in the first {a} s"
