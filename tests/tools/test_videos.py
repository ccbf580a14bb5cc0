"""The rendered exercise videos: present, decodable, one seamless loop at the prescribed tempo, as listed."""

from __future__ import annotations

import hashlib
import json
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
