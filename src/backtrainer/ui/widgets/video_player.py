"""Exercise video player: a small facade over QMediaPlayer that paints frames itself.

QtMultimedia is imported only when a source is set, so importing this module stays cheap, and a missing backend,
codec or file ends in a still picture (the rendered poster, when there is one) plus a short notice instead of an
exception. Frames arrive through a ``QVideoSink`` and are painted by a plain widget, which also works offscreen.

Signals:
    stateChanged(PlaybackState): every state change.
    firstFrame(): the first frame of the current source was shown.
    positionChanged(int): playback position in milliseconds.
    loopCompleted(int): the clip wrapped around; the argument counts completed loops since ``set_source``.
    fallbackUsed(str): the still/text fallback is shown; the argument is the notice shown to the user.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from backtrainer.i18n import _

log = logging.getLogger("backtrainer.media")

# A wrap is a position jump backwards by more than this (ms); smaller jumps are decoder jitter or a seek nudge.
_WRAP_MS = 500


class PlaybackState(enum.Enum):
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPED = "stopped"
    UNAVAILABLE = "unavailable"  # no file, or no multimedia backend: the fallback is shown
    ERROR = "error"  # the backend could not play the file: the fallback is shown


class _FrameView(QWidget):
    """Paints the latest frame (or a still) letterboxed, keeping the aspect ratio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#20262b"))
        if self._image is not None and not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - size.width()) / 2
            y = (self.height() - size.height()) / 2
            painter.drawImage(QRectF(x, y, size.width(), size.height()), self._image)
        painter.end()


class VideoPlayer(QWidget):
    """Plays one looping exercise clip, with a still/text fallback. See the module docstring for signals."""

    stateChanged = Signal(object)  # PlaybackState
    firstFrame = Signal()
    positionChanged = Signal(int)
    loopCompleted = Signal(int)
    fallbackUsed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, autoplay: bool = True, title: str = "") -> None:
        super().__init__(parent)
        self._autoplay = autoplay
        self._state = PlaybackState.STOPPED
        self._player: Any = None
        self._sink: Any = None
        self._audio: Any = None
        self._muted = True
        self._infinite = True
        self._rate = 1.0
        self._source: Path | None = None
        self._poster: Path | None = None
        self._got_frame = False
        self._last_pos = 0
        self._loops = 0
        self._want_play = autoplay

        self._view = _FrameView(self)
        self._notice = QLabel(self)
        self._notice.setWordWrap(True)
        self._notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._notice.setStyleSheet("color: #f3f3f3; background: rgba(0, 0, 0, 150); padding: 6px;")
        self._notice.hide()
        stack = QStackedLayout()
        stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
        overlay = QWidget(self)
        overlay_layout = QVBoxLayout(overlay)
        overlay_layout.addStretch(1)
        overlay_layout.addWidget(self._notice)
        overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        stack.addWidget(overlay)
        stack.addWidget(self._view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(stack)
        self.setAccessibleName(_("Exercise video"))
        self.set_description(title)

    # ------------------------------------------------------------------------------------------------ public API

    @property
    def state(self) -> PlaybackState:
        return self._state

    @property
    def source(self) -> Path | None:
        return self._source

    def current_image(self) -> QImage | None:
        """The frame or still currently shown (for tests and screenshots)."""
        return self._view.image()

    def set_description(self, title: str) -> None:
        self.setAccessibleDescription(
            _("Demonstration of {title}: a looping animation without sound. Cues are shown as text.").format(
                title=title) if title else
            _("Exercise demonstration: a looping animation without sound. Cues are shown as text."))

    def set_source(self, path: Path | str | None, poster: Path | str | None = None) -> None:
        """Load a clip; with ``autoplay`` it starts playing, otherwise it stops on the first frame until ``play``."""
        self._source = Path(path) if path else None
        self._poster = Path(poster) if poster else None
        self._got_frame = False
        self._loops = 0
        self._last_pos = 0
        self._want_play = self._autoplay
        self._notice.hide()
        self._view.set_image(None)
        if self._source is None or not self._source.is_file():
            notice = (_("The video for {name} is not available.").format(name=self._source.name) if self._source
                      else _("The video for this exercise is not available."))
            self._fallback(PlaybackState.UNAVAILABLE, notice)
            return
        if not self._ensure_player():
            self._fallback(PlaybackState.UNAVAILABLE, _("Video playback is not available on this computer."))
            return
        self._set_state(PlaybackState.LOADING)
        self._player.setSource(QUrl.fromLocalFile(str(self._source)))
        if self._want_play:
            self._player.play()
        else:
            self._player.pause()  # decodes and shows the first frame, then waits for play()

    def play(self) -> None:
        self._want_play = True
        if self._player is not None and self._state not in (PlaybackState.UNAVAILABLE, PlaybackState.ERROR):
            self._player.play()

    def pause(self) -> None:
        self._want_play = False
        if self._player is not None and self._state not in (PlaybackState.UNAVAILABLE, PlaybackState.ERROR):
            self._player.pause()

    def stop(self) -> None:
        self._want_play = False
        if self._player is not None:
            self._player.stop()

    @property
    def wants_play(self) -> bool:
        """True after ``play`` (or an autoplay source), False after ``pause`` / ``stop``."""
        return self._want_play

    @property
    def playback_rate(self) -> float:
        return self._rate

    def position_s(self) -> float:
        """Where the clip is now, in seconds (0 without a clip)."""
        return self._player.position() / 1000.0 if self._player is not None else 0.0

    def seek(self, seconds: float) -> None:
        """Show the clip at ``seconds`` (kept inside the clip); the player keeps playing or waiting as it was."""
        if self._player is None or self._state in (PlaybackState.UNAVAILABLE, PlaybackState.ERROR):
            return
        duration = self._player.duration()
        ms = max(0, round(seconds * 1000))
        if duration > 0:
            ms = min(ms, max(0, duration - 40))  # the last frame repeats the first pose: stay just before it
        self._last_pos = ms  # a seek back is not a completed loop
        self._player.setPosition(ms)

    def set_loops(self, infinite: bool) -> None:
        self._infinite = infinite
        if self._player is not None:
            self._player.setLoops(self._loops_value())

    def set_playback_rate(self, rate: float) -> None:
        rate = max(0.1, float(rate))
        if rate == self._rate:
            return
        self._rate = rate
        if self._player is not None:
            self._player.setPlaybackRate(self._rate)

    def set_muted(self, muted: bool) -> None:
        """Clips are silent; an audio output is only created when a (clinic) clip is unmuted."""
        self._muted = muted
        if self._player is None:
            return
        if not muted and self._audio is None:
            try:
                from PySide6.QtMultimedia import QAudioOutput

                self._audio = QAudioOutput(self)
                self._player.setAudioOutput(self._audio)
            except Exception:  # no audio device: stay silent rather than fail
                log.warning("no audio output available", exc_info=True)
                return
        if self._audio is not None:
            self._audio.setMuted(muted)

    # -------------------------------------------------------------------------------------------------- internals

    def _loops_value(self) -> int:
        from PySide6.QtMultimedia import QMediaPlayer

        return int(QMediaPlayer.Loops.Infinite.value) if self._infinite else 1

    def _ensure_player(self) -> bool:
        if self._player is not None:
            return True
        try:
            from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
        except Exception:  # ImportError, or a missing system library such as libpulse
            log.warning("QtMultimedia is not available", exc_info=True)
            return False
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._player.setLoops(self._loops_value())
        self._player.setPlaybackRate(self._rate)
        self._sink.videoFrameChanged.connect(self._on_sink_frame)
        self._player.positionChanged.connect(self._on_player_position)
        self._player.playbackStateChanged.connect(self._on_player_state)
        self._player.mediaStatusChanged.connect(self._on_player_status)
        self._player.errorOccurred.connect(self._on_player_error)
        if not self._muted:
            self.set_muted(False)
        return True

    def _set_state(self, state: PlaybackState) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    def _fallback(self, state: PlaybackState, notice: str) -> None:
        still = QImage(str(self._poster)) if self._poster and self._poster.is_file() else None
        self._view.set_image(still if still is not None and not still.isNull() else None)
        self._notice.setText(_("{notice} A still picture is shown.").format(notice=notice) if still is not None
                             else notice)
        self._notice.show()
        self._set_state(state)
        self.fallbackUsed.emit(notice)

    def _on_sink_frame(self, frame: Any) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._view.set_image(image)
        if not self._got_frame:
            self._got_frame = True
            if self._state == PlaybackState.LOADING:
                self._set_state(PlaybackState.PLAYING if self._want_play else PlaybackState.PAUSED)
            self.firstFrame.emit()

    def _on_player_position(self, pos: int) -> None:
        if pos + _WRAP_MS < self._last_pos:
            self._loops += 1
            self.loopCompleted.emit(self._loops)
        self._last_pos = pos
        self.positionChanged.emit(pos)

    def _on_player_state(self, qstate: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self._state in (PlaybackState.UNAVAILABLE, PlaybackState.ERROR):
            return
        if qstate == QMediaPlayer.PlaybackState.PlayingState:
            self._set_state(PlaybackState.PLAYING if self._got_frame else PlaybackState.LOADING)
        elif qstate == QMediaPlayer.PlaybackState.PausedState:
            self._set_state(PlaybackState.PAUSED if self._got_frame else PlaybackState.LOADING)
        else:
            self._set_state(PlaybackState.STOPPED)

    def _on_player_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fallback(PlaybackState.ERROR, _("This video could not be played."))
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and not self._infinite:
            self._loops += 1
            self.loopCompleted.emit(self._loops)

    def _on_player_error(self, error: Any, message: str) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if error == QMediaPlayer.Error.NoError or self._state == PlaybackState.ERROR:
            return
        log.warning("video playback failed: %s", message)
        self._fallback(PlaybackState.ERROR, _("This video could not be played."))
