"""Read-aloud of cues and education texts with QtTextToSpeech, where an engine exists (graceful when none)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

log = logging.getLogger("backtrainer.ui")


class Speaker(QObject):
    """Speaks text when read-aloud is on and a speech engine is installed; otherwise does nothing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = False
        self._tts: object | None = None
        self._checked = False

    def available(self) -> bool:
        """True when QtTextToSpeech has at least one engine on this computer."""
        if not self._checked:
            self._checked = True
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech

                engines = QTextToSpeech.availableEngines()
                if engines:
                    self._tts = QTextToSpeech(engines[0], self)
            except (ImportError, RuntimeError) as exc:
                log.info("no text-to-speech: %s", type(exc).__name__)
                self._tts = None
        return self._tts is not None

    def say(self, text: str) -> bool:
        """Speak ``text``; returns False when nothing was spoken (off, or no engine)."""
        if not self.enabled or not text or not self.available():
            return False
        tts = self._tts
        assert tts is not None
        tts.stop()  # type: ignore[attr-defined]
        tts.say(text)  # type: ignore[attr-defined]
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()  # type: ignore[attr-defined]


_speaker: Speaker | None = None


def speaker() -> Speaker:
    global _speaker
    if _speaker is None:
        _speaker = Speaker()
    return _speaker
