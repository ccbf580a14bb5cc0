"""Optional session sounds: a soft tick each second and a distinct tone when the tempo phase changes.

The WAV files are generated once with the stdlib ``wave`` module into a per-user cache folder; QtMultimedia is
imported only on the first sound, and anything that goes wrong (no QtMultimedia, no audio device) makes the sounds
a silent no-op. ``set_enabled(False)`` switches them off (Settings will own the switch later).
"""

from __future__ import annotations

import logging
import math
import os
import struct
import tempfile
import wave
from pathlib import Path
from typing import Any

log = logging.getLogger("backtrainer.media")

RATE = 22050
_enabled = True


def set_enabled(on: bool) -> None:
    global _enabled
    _enabled = bool(on)


def enabled() -> bool:
    return _enabled


def _tone(freqs: list[tuple[float, float]], volume: float) -> bytes:
    """16-bit mono samples of consecutive (frequency, seconds) notes with short fades (no clicks)."""
    frames = bytearray()
    for freq, seconds in freqs:
        n = int(RATE * seconds)
        fade = max(1, int(RATE * 0.006))
        for i in range(n):
            env = min(1.0, i / fade, (n - 1 - i) / fade)
            value = volume * env * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


SOUNDS: dict[str, tuple[list[tuple[float, float]], float]] = {
    "tick": ([(1800.0, 0.018)], 0.18),  # soft, short
    "phase": ([(660.0, 0.09), (880.0, 0.12)], 0.35),  # two rising notes
    "done": ([(523.0, 0.1), (659.0, 0.1), (784.0, 0.16)], 0.35),
}


def sound_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"backtrainer-sounds-{uid}"


def ensure_files(folder: Path | None = None) -> dict[str, Path]:
    """Write the WAV files (once) and return their paths."""
    folder = folder or sound_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    out: dict[str, Path] = {}
    for name, (notes, volume) in SOUNDS.items():
        path = folder / f"{name}.wav"
        if not path.is_file() or path.stat().st_size < 64:
            tmp = path.with_suffix(".tmp")
            with wave.open(str(tmp), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes(_tone(notes, volume))
            os.replace(tmp, path)
        out[name] = path
    return out


class Sounds:
    """Plays the session sounds; silent when switched off or when audio is not available."""

    def __init__(self) -> None:
        self._effects: dict[str, Any] | None = None
        self._failed = False
        self.played: list[str] = []  # what would have played (for tests), kept short

    def _load(self) -> bool:
        if self._effects is not None:
            return True
        if self._failed:
            return False
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect

            files = ensure_files()
            effects: dict[str, Any] = {}
            for name, path in files.items():
                effect = QSoundEffect()
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.6)
                effects[name] = effect
            self._effects = effects
            return True
        except Exception:  # no QtMultimedia, no audio backend, unwritable temp folder: stay silent
            log.info("session sounds are not available", exc_info=True)
            self._failed = True
            return False

    def play(self, name: str) -> None:
        if not _enabled:
            return
        self.played.append(name)
        del self.played[:-20]
        if not self._load() or self._effects is None:
            return
        effect = self._effects.get(name)
        if effect is not None:
            try:
                effect.play()
            except Exception:
                log.info("could not play %s", name, exc_info=True)

    def tick(self) -> None:
        self.play("tick")

    def phase(self) -> None:
        self.play("phase")

    def done(self) -> None:
        self.play("done")
