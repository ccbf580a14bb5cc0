"""Which video file plays for an exercise (Qt-free).

Resolution order for an exercise id:

1. a per-exercise override path from Settings, if that file exists (origin ``"clinic"``; a missing override falls
   back to the next steps, with a notice);
2. a clinic video ``<clinic_dir>/<ID>.webm|.mp4|.mkv|.mov`` (first match in that order);
3. the built-in rendered video listed in ``<builtin_dir>/manifest.json`` (or ``<ID>.webm`` beside it);
4. nothing: origin ``"missing"`` and a notice, so the player shows its still/text fallback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Origin = Literal["clinic", "builtin", "missing"]
CLINIC_EXTENSIONS = (".webm", ".mp4", ".mkv", ".mov")
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True, slots=True)
class VideoEntry:
    """One built-in video as listed in the manifest."""

    id: str
    file: str
    duration_s: float
    frame_count: int
    fps: int
    width: int
    height: int
    sha256: str
    poster: str | None = None
    # One loop is one rep at this base tempo (move, hold, return), once per side when ``sides`` is 2 (the player
    # keeps the picture in step with the tempo ring from these); None for walks and carries.
    tempo: tuple[float, float, float] | None = None
    sides: int = 1


@dataclass(frozen=True, slots=True)
class VideoSource:
    """The file to play (``None`` when nothing is available), where it came from and an optional notice."""

    path: Path | None
    origin: Origin
    notice: str | None = None
    poster: Path | None = None


def read_manifest(builtin_dir: Path) -> dict[str, VideoEntry]:
    """Entries of ``manifest.json`` by exercise id; an absent or unreadable manifest gives an empty dict."""
    try:
        raw: Any = json.loads((builtin_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, VideoEntry] = {}
    for item in raw.get("videos", []) if isinstance(raw, dict) else []:
        try:
            entry = VideoEntry(
                id=str(item["id"]),
                file=str(item["file"]),
                duration_s=float(item["duration_s"]),
                frame_count=int(item["frame_count"]),
                fps=int(item["fps"]),
                width=int(item["width"]),
                height=int(item["height"]),
                sha256=str(item["sha256"]),
                poster=str(item["poster"]) if item.get("poster") else None,
                tempo=_tempo(item.get("tempo")),
                sides=2 if item.get("sides") == 2 else 1,
            )
        except (KeyError, TypeError, ValueError):
            continue
        out[entry.id] = entry
    return out


def _tempo(value: Any) -> tuple[float, float, float] | None:
    if not isinstance(value, list) or len(value) != 3:
        return None
    try:
        a, b, c = (float(x) for x in value)
    except (TypeError, ValueError):
        return None
    return (a, b, c) if min(a, b, c) >= 0 and a + b + c > 0 else None


class VideoCatalog:
    """Resolves exercise ids to video files: Settings override, then clinic folder, then built-in."""

    def __init__(
        self,
        builtin_dir: Path,
        clinic_dir: Path | None = None,
        overrides: Mapping[str, Path] | None = None,
    ) -> None:
        self._builtin_dir = builtin_dir
        self._clinic_dir = clinic_dir
        self._overrides = dict(overrides or {})
        self._manifest: dict[str, VideoEntry] | None = None

    @property
    def manifest(self) -> dict[str, VideoEntry]:
        if self._manifest is None:
            self._manifest = read_manifest(self._builtin_dir)
        return self._manifest

    def poster(self, exercise_id: str) -> Path | None:
        """The built-in still image for an exercise, if one was rendered."""
        entry = self.manifest.get(exercise_id)
        candidate = self._builtin_dir / (entry.poster if entry and entry.poster else f"{exercise_id}.png")
        return candidate if candidate.is_file() else None

    def builtin(self, exercise_id: str) -> Path | None:
        """The rendered video shipped with the app, or ``None``."""
        entry = self.manifest.get(exercise_id)
        candidate = self._builtin_dir / (entry.file if entry else f"{exercise_id}.webm")
        return candidate if candidate.is_file() else None

    def clinic(self, exercise_id: str) -> Path | None:
        """A clinic-provided file named after the exercise id, or ``None``."""
        if self._clinic_dir is None or not self._clinic_dir.is_dir():
            return None
        for ext in CLINIC_EXTENSIONS:
            candidate = self._clinic_dir / f"{exercise_id}{ext}"
            if candidate.is_file():
                return candidate
        return None

    def resolve(self, exercise_id: str) -> VideoSource:
        poster = self.poster(exercise_id)
        notice: str | None = None
        override = self._overrides.get(exercise_id)
        if override is not None:
            if override.is_file():
                return VideoSource(override, "clinic", None, poster)
            notice = f"The video chosen for {exercise_id} was not found ({override.name}); showing the standard video."
        clinic = self.clinic(exercise_id)
        if clinic is not None:
            return VideoSource(clinic, "clinic", notice, poster)
        builtin = self.builtin(exercise_id)
        if builtin is not None:
            return VideoSource(builtin, "builtin", notice, poster)
        missing = f"No video is available for {exercise_id}."
        return VideoSource(None, "missing", f"{notice} {missing}" if notice else missing, poster)
