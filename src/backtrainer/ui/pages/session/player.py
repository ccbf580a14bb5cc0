"""The exercise player: the looping video large, and beside it the cues, the tempo ring, set and rep counters,
the hold timer and rest with "Skip rest"; controls for pause (Space), previous / next (PgUp / PgDn or the arrows),
"This is too hard" and "Stop session"; the standing footer (ref 8.2).

Time on screen comes from a monotonic clock (``QElapsedTimer``) read by a 40 ms ``QTimer``, so the display never
drifts or stutters when a frame is late; ``tick(seconds)`` moves it on exactly (tests). The pacing itself lives in
``runner.ExerciseRun`` and the tempo phases in ``core.session_plan.tempo_phase_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import _
from backtrainer.ui.pages.base import label
from backtrainer.ui.pages.session.runner import ExerciseRun, Happening, RunShape, Stage
from backtrainer.ui.pages.session.screens import button
from backtrainer.ui.pages.session.words import block_words, dose_text, tempo_text
from backtrainer.ui.widgets.sounds import Sounds
from backtrainer.ui.widgets.tempo_ring import TempoRing

FRAME_MS = 40
SYNC_TOLERANCE_S = 0.25  # the clip is sought again when it is further than this from the ring's phase
MIN_CLIP_RATE, MAX_CLIP_RATE = 0.25, 4.0  # playback speeds that still look like movement


class _CueLabel(QLabel):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.cue = text
        self.current = False
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_current(False)

    def set_current(self, on: bool) -> None:
        self.current = on
        self.setText(("▶  " if on else "") + self.cue)
        weight = 600 if on else 400
        border = "#0B6E79" if on else "transparent"
        background = "#EEF3F6" if on else "transparent"
        self.setStyleSheet(f"QLabel {{ font-weight: {weight}; border-left: 4px solid {border}; "
                           f"background: {background}; padding: 6px 8px; border-radius: 4px; }}")
        self.setAccessibleName(_("Now: {cue}").format(cue=self.cue) if on else self.cue)


class PlayerScreen(QWidget):
    """Signals:
        finished(int, bool): the exercise ended; reps (or holds) done and whether "too hard" was pressed.
        previousRequested(), stopRequested(), newSymptomRequested().
    """

    finished = Signal(int, bool)
    previousRequested = Signal()
    stopRequested = Signal()
    newSymptomRequested = Signal()

    videos_enabled = True  # tests may switch the real video off

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run: ExerciseRun | None = None
        self.spec: Any = None
        self.item: Any = None
        self.sounds = Sounds()
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.now: Callable[[], float] = lambda: self._elapsed.nsecsElapsed() / 1e9
        self._last = self.now()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        self._cue_labels: list[_CueLabel] = []
        self._catalog: Any = None
        self._clip_tempo: tuple[float, float, float] | None = None
        self._clip_sides = 1
        self._paused_by_confirm = False
        self._build()
        self._shortcuts()

    # -- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        from backtrainer.ui.texts import standing_footer
        from backtrainer.ui.widgets.video_player import VideoPlayer

        # At 200 % text on a 768 px screen the player is taller than the window: it scrolls, so no line is cut
        # (issue 16); at 100 % it fits and shows no scroll bar.
        shell = QVBoxLayout(self)
        shell.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        shell.addWidget(self.scroll_area)
        inner = QWidget()
        self.scroll_area.setWidget(inner)
        outer = QVBoxLayout(inner)
        self._outer = outer
        outer.setContentsMargins(28, 18, 28, 12)
        outer.setSpacing(10)
        self.position = label("", "muted")
        self.position.setAccessibleName(_("Where you are in the session"))
        outer.addWidget(self.position)
        self.name = label("", "title")
        outer.addWidget(self.name)
        self.target = label("", "body")
        outer.addWidget(self.target)

        body = QHBoxLayout()
        body.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.video = VideoPlayer(autoplay=True)
        self.video.setMinimumSize(280, 200)  # with the cue column, fits the page beside a 200 % rail
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        left.addWidget(self.video, 1)
        self.start_position = label("", "muted")
        left.addWidget(self.start_position)
        body.addLayout(left, 3)

        right_frame = QFrame()
        right_frame.setProperty("role", "card")
        right_frame.setMinimumWidth(300)
        right_frame.setMaximumWidth(460)
        frame_box = QVBoxLayout(right_frame)
        frame_box.setContentsMargins(2, 2, 2, 2)
        # The cue column scrolls rather than squashing its text when the window is short or the text is large.
        self.side_area = QScrollArea()
        self.side_area.setWidgetResizable(True)
        self.side_area.setFrameShape(QFrame.Shape.NoFrame)
        self.side_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        frame_box.addWidget(self.side_area)
        side = QWidget()
        self.side_area.setWidget(side)
        right = QVBoxLayout(side)
        right.setContentsMargins(16, 12, 16, 12)
        right.setSpacing(8)
        self.ring = TempoRing()
        self.ring.setFixedSize(190, 190)
        ring_row = QHBoxLayout()
        ring_row.addStretch(1)
        ring_row.addWidget(self.ring)
        ring_row.addStretch(1)
        right.addLayout(ring_row)
        counters = QHBoxLayout()
        self.set_label = label("", "subtitle")
        self.set_label.setAccessibleName(_("Set"))
        self.rep_label = label("", "subtitle")
        self.rep_label.setAccessibleName(_("Repetition"))
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        counters.addWidget(self.set_label)
        counters.addWidget(self.rep_label, 1)
        right.addLayout(counters)
        self.side_label = label("", "body")
        self.side_label.setAccessibleName(_("Side"))
        right.addWidget(self.side_label)
        self.status = label("", "body")
        self.status.setAccessibleName(_("What to do now"))
        right.addWidget(self.status)
        # Beside the ring that counts the rest down (not in the control row, which must fit longer languages).
        self.skip_rest_button = button(_("Skip rest"), name=_("Skip rest"), description=_("Start the next set now"))
        self.skip_rest_button.clicked.connect(self.skip_rest)
        right.addWidget(self.skip_rest_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Breathing goes with the count, above the key points, so it is never below the fold of this column.
        self.breathing = label("", "muted")
        self.breathing.setAccessibleName(_("Breathing"))
        right.addWidget(self.breathing)
        right.addWidget(label(_("Key points"), "subtitle"))
        self.cue_box = QVBoxLayout()
        self.cue_box.setSpacing(4)
        right.addLayout(self.cue_box)
        self.tips_button = button(_("More tips"), "link", description=_("Show or hide more tips for this exercise"))
        self.tips_button.setMinimumHeight(36)
        self.tips_button.clicked.connect(self._toggle_tips)
        right.addWidget(self.tips_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tips = label("", "muted")
        self.tips.hide()
        right.addWidget(self.tips)
        right.addStretch(1)
        body.addWidget(right_frame, 2)
        outer.addLayout(body, 1)

        self.confirm = QFrame()
        self.confirm.setProperty("role", "notice")
        confirm_row = QHBoxLayout(self.confirm)
        confirm_row.setContentsMargins(16, 10, 16, 10)
        # Nothing is saved yet at this point: the ratings come next, then the summary's Save (issue 20.11).
        self.confirm_text = label(_("Stop the session now? Next you rate what you did, then you can save it."))
        confirm_row.addWidget(self.confirm_text, 1)
        self.confirm_stop = button(_("Stop here"), "primary")
        self.confirm_stop.clicked.connect(self._on_confirm_stop)
        self.confirm_keep = button(_("Keep going"))
        self.confirm_keep.clicked.connect(self._on_keep_going)
        confirm_row.addWidget(self.confirm_stop)
        confirm_row.addWidget(self.confirm_keep)
        self.confirm.hide()
        outer.addWidget(self.confirm)

        controls = QHBoxLayout()
        controls.setSpacing(10)
        self.prev_button = button(_("◀ Previous"), name=_("Previous exercise"),
                                   description=_("Go back to the previous exercise (Page Up)"))
        self.prev_button.clicked.connect(self._on_previous)
        self.pause_button = button(_("Start"), "primary", name=_("Start"),
                                    description=_("Start, pause or carry on (Space)"))
        self.pause_button.setMinimumWidth(170)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.next_button = button(_("Next ▶"), name=_("Next exercise"),
                                   description=_("Finish this exercise here and go on (Page Down)"))
        self.next_button.clicked.connect(self.next_exercise)
        self.too_hard_button = button(_("This is too hard"), name=_("This is too hard"),
                                       description=_("Stop this exercise; it will be made easier"))
        self.too_hard_button.clicked.connect(self.too_hard)
        self.stop_button = button(_("Stop session"), "danger", name=_("Stop session"),
                                   description=_("End the session here; you can save what you did"))
        self.stop_button.clicked.connect(self._show_confirm)
        for b in (self.prev_button, self.pause_button, self.next_button):
            controls.addWidget(b)
        controls.addStretch(1)
        outer.addLayout(controls)
        # When the window is too narrow for one row (longer languages, large text), "This is too hard" and "Stop
        # session" move to a second row instead of clipping their words.
        self._controls = controls
        self._controls_extra = QHBoxLayout()
        self._controls_extra.setSpacing(10)
        self._controls_extra.addStretch(1)
        outer.addLayout(self._controls_extra)
        # They start on the second row and join the first once the width is known to hold all five: a first row
        # that starts full would make the player, and so the window, wider than the screen at 200 % text.
        self._controls_extra.addWidget(self.too_hard_button)
        self._controls_extra.addWidget(self.stop_button)
        self._controls_split = True

        foot = QHBoxLayout()
        self.footer = label(standing_footer(), "footer")
        foot.addWidget(self.footer, 1)
        self.symptom_button = button(_("I have a new symptom"), "link",
                                      description=_("Pause and answer the safety questions again"))
        self.symptom_button.setMinimumHeight(36)
        self.symptom_button.clicked.connect(self._on_new_symptom)
        foot.addWidget(self.symptom_button)
        outer.addLayout(foot)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_controls()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_controls()  # bigger text: the buttons move to the second row before the window grows

    def _fit_controls(self) -> None:
        margins = self._outer.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        buttons = (self.prev_button, self.pause_button, self.next_button, self.too_hard_button, self.stop_button)
        need = sum(max(b.sizeHint().width(), b.minimumWidth()) for b in buttons) + 10 * (len(buttons) + 1)
        split = need > room
        if split == self._controls_split:
            return
        self._controls_split = split
        source, target = (self._controls, self._controls_extra) if split else (self._controls_extra, self._controls)
        for b in (self.too_hard_button, self.stop_button):
            source.removeWidget(b)
            target.addWidget(b)

    def _shortcuts(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (((Qt.Key.Key_Space,), self.toggle_pause),
                           ((Qt.Key.Key_PageDown, Qt.Key.Key_Right), self.next_exercise),
                           ((Qt.Key.Key_PageUp, Qt.Key.Key_Left), self._on_previous)):
            for key in keys:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(ctx)
                sc.activated.connect(slot)

    # -- loading an exercise ---------------------------------------------------------------------------------------
    def load(self, item: Any, spec: Any, position: int, total: int, *, hold_fraction: float | None = None) -> None:
        """Show one exercise, waiting for Start (``hold_fraction``: the profile's hold rule, ref 6.1 [PD])."""
        self.item = item
        self.spec = spec
        self.run = ExerciseRun(RunShape.from_dose(item.dose, per_side=spec.per_side, hold_fraction=hold_fraction))
        block = block_words(item.block.value)
        where = _("Exercise {number} of {total}").format(number=position + 1, total=total)
        self.position.setText(f"{where} · {block}" if block else where)
        self.name.setText(spec.name)
        target = dose_text(item.dose, per_side=spec.per_side)
        pace = tempo_text(item.dose.tempo, getattr(spec, "phase_words", None)) if item.dose.tempo else ""
        support = " " + _("Use a hand support, such as a chair or the wall.") if item.support else ""
        self.target.setText(f"{target}" + (f" · {pace}" if pace else "") + (f". {spec.target}" if spec.target else
                                                                                "") + support)
        self.start_position.setText(_("Start position: {text}").format(text=spec.start_position)
                                    if spec.start_position else "")
        self.breathing.setText(_("Breathing: {text}").format(text=spec.breathing) if spec.breathing else "")
        self.tips.setText("\n".join(f"• {t}" for t in spec.more_tips))
        self.tips_button.setVisible(bool(spec.more_tips))
        self.tips.hide()
        self.tips_button.setText(_("More tips"))
        for lab in self._cue_labels:
            lab.setParent(None)
            lab.deleteLater()
        self._cue_labels = [_CueLabel(c) for c in spec.cues]
        for lab in self._cue_labels:
            self.cue_box.addWidget(lab)
        self.ring.set_tempo(self.run.shape.tempo, timed=self.run.shape.timed)
        self.prev_button.setEnabled(position > 0)
        self._hide_confirm()
        self._load_video(spec)
        self._render()
        self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._last = self.now()
        self._timer.start()

    def _load_video(self, spec: Any) -> None:
        self.video.set_description(spec.name)
        self._clip_tempo = None
        if not self.videos_enabled:
            self.video.stop()
            return
        try:
            self._catalog = self.ctx.video_catalog()  # Settings' own file first, else clinic folder, else built-in
            clip_id = spec.video or spec.id
            source = self._catalog.resolve(clip_id)
            entry = self._catalog.manifest.get(clip_id) if source.origin == "builtin" else None
            # A built-in clip is one rep at the exercise's base tempo: from Start on, its position follows the
            # ring's phase (runner.clip_cue). A clinic's own clip has no known layout: it just loops.
            self._clip_tempo = entry.tempo if entry is not None else None
            self._clip_sides = entry.sides if entry is not None else 1
            self.video.set_playback_rate(1.0)
            self.video.set_source(source.path, source.poster)  # loads asynchronously
        except Exception:  # the video is a help, never a blocker
            import logging

            logging.getLogger("backtrainer.media").warning("could not load the video", exc_info=True)

    # -- controls ---------------------------------------------------------------------------------------------
    def toggle_pause(self) -> None:
        if self.run is None or self.confirm.isVisible():
            return
        self.run.toggle_pause()
        self._last = self.now()
        if self.run.paused:
            self.video.pause()
        else:
            self.video.play()
        self._render()

    def skip_rest(self) -> None:
        if self.run is None:
            return
        self._handle(self.run.skip_rest())
        self._render()

    def next_exercise(self) -> None:
        if self.run is None or self.confirm.isVisible():
            return
        self._end(too_hard=False)

    def too_hard(self) -> None:
        if self.run is None:
            return
        self._end(too_hard=True)

    def _on_previous(self) -> None:
        if self.run is None or not self.prev_button.isEnabled() or self.confirm.isVisible():
            return
        self.halt()
        self.previousRequested.emit()

    def _show_confirm(self) -> None:
        self._paused_by_confirm = self.run is not None and self.run.running
        if self.run is not None and self.run.running:
            self.run.paused = True
            self.video.pause()
            self._render()
        self._show_controls(False)  # the question takes the control row's place: the ring keeps its room
        self.confirm.show()
        self.confirm_stop.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hide_confirm(self) -> None:
        self.confirm.hide()
        self._show_controls(True)

    def _show_controls(self, on: bool) -> None:
        for b in (self.prev_button, self.pause_button, self.next_button, self.too_hard_button, self.stop_button):
            b.setVisible(on)

    def _on_keep_going(self) -> None:
        self._hide_confirm()
        if self.run is not None and self.run.paused and self._paused_by_confirm:
            self.toggle_pause()
        self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_confirm_stop(self) -> None:
        self._hide_confirm()
        if self.run is not None:
            self.run.finish_now()
        self.halt()
        self.stopRequested.emit()

    def _on_new_symptom(self) -> None:
        if self.run is not None and self.run.running:
            self.run.paused = True
            self._render()
        self.newSymptomRequested.emit()

    def _toggle_tips(self) -> None:
        show = not self.tips.isVisible()
        self.tips.setVisible(show)
        self.tips_button.setText(_("Hide tips") if show else _("More tips"))

    def _end(self, *, too_hard: bool) -> None:
        assert self.run is not None
        self.run.finish_now()
        done = self.run.completed
        self.halt()
        self.finished.emit(done, too_hard)

    def halt(self) -> None:
        """Stop the clock and the video (leaving the screen)."""
        self._timer.stop()
        self.video.pause()

    def completed(self) -> int:
        return self.run.completed if self.run else 0

    # -- time -------------------------------------------------------------------------------------------------
    def tick(self, seconds: float) -> None:
        """Move the exercise clock on by exactly ``seconds`` (what each frame does with the monotonic clock)."""
        if self.run is None:
            return
        self._handle(self.run.advance(seconds))
        self._render()

    def _on_frame(self) -> None:
        now = self.now()
        dt, self._last = now - self._last, now
        if self.run is None or not self.run.running:
            return
        self.tick(min(dt, 1.0))  # a stalled event loop does not jump the exercise forward

    def _handle(self, happenings: list[Happening]) -> None:
        if self.run is None:
            return
        stage = self.run.stage
        for h in happenings:
            if h is Happening.PHASE:
                self.sounds.phase()
            elif h is Happening.SECOND and stage in (Stage.WORK, Stage.COUNT_IN):
                self.sounds.tick()
            elif h is Happening.DONE:
                self.sounds.done()
        if Happening.DONE in happenings:
            done = self.run.completed
            self.halt()
            QTimer.singleShot(0, self, lambda: self.finished.emit(done, False))

    # -- rendering --------------------------------------------------------------------------------------------
    def _render(self) -> None:
        run = self.run
        if run is None:
            return
        s = run.shape
        _set(self.set_label, _("Set {number} of {total}").format(number=min(run.set_index + 1, s.sets), total=s.sets))
        rep, reps = run.current_rep(), s.reps
        if s.timed:
            counter = _("Bout {number} of {total}").format(number=rep, total=reps)
        elif s.tempo[1] >= 3 and self.item.dose.hold_s:
            counter = _("Hold {number} of {total}").format(number=rep, total=reps)
        else:
            counter = _("Rep {number} of {total}").format(number=rep, total=reps)
        _set(self.rep_label, counter)
        if s.sides == 2:
            _set(self.side_label, _("First side") if run.side == 0 else _("Other side"))
        self.side_label.setVisible(s.sides == 2)
        stage = run.stage
        caption = ""
        if stage is Stage.READY:
            self.ring.set_waiting(_("Get ready"), _("Press Start"))
            status = _("Get into the start position, then press Start (Space).")
        elif stage is Stage.COUNT_IN:
            self.ring.set_countdown(_("Starting in"), run.seconds_left(), s.count_in_s)
            status = _("Get ready…")
        elif stage is Stage.SWITCH:
            self.ring.set_countdown(_("Switch sides"), run.seconds_left(), s.switch_s)
            status = _("Change to the other side.")
        elif stage is Stage.REST:
            self.ring.set_countdown(_("Rest"), run.seconds_left(), s.rest_s,
                                    _("Next: set {number}").format(number=run.set_index + 2))
            status = _("Rest. Set {number} of {total} starts when the ring is empty.").format(
                number=run.set_index + 2, total=s.sets)
        elif stage is Stage.WORK:
            p = run.phase()
            assert p is not None
            if s.timed:
                caption = _("Keep going")
            else:
                caption = _("rep {number} of {total}").format(number=p.rep + 1, total=s.reps)
            word = self._phase_word(p.phase.value)
            self.ring.set_phase(p.phase.value, p.seconds_left, p.fraction, caption, word)
            status = _phase_words(p.phase.value, s.timed, int(p.seconds_left + 0.999), word)
        else:
            self.ring.set_waiting(_("Done"), _("{done} of {total}").format(done=run.completed, total=s.prescribed))
            status = _("Well done.")
        if run.paused and stage not in (Stage.READY, Stage.DONE):
            status = _("Paused. Press Resume (Space) to carry on.")
            self.ring.caption = _("Paused")
            self.ring.update()
        _set(self.status, status)
        label_text = _("Start") if stage is Stage.READY else (_("Resume") if run.paused else _("Pause"))
        if self.pause_button.text() != label_text:
            self.pause_button.setText(label_text)
            self.pause_button.setAccessibleName(label_text)
        self.skip_rest_button.setVisible(stage in (Stage.REST, Stage.SWITCH))
        self._sync_video()
        if self._cue_labels:
            current = run.cue_step() % len(self._cue_labels) if stage is not Stage.READY else 0
            for i, lab in enumerate(self._cue_labels):
                on = i == current
                if lab.current != on:
                    lab.set_current(on)

    def _sync_video(self) -> None:
        """Keep the picture in step with the ring (issue 16): before Start the clip loops as a demonstration;
        from Start on it waits at the start pose during the count-in, rests and side switches, and in work its
        position follows the phase, sought again whenever it has drifted more than SYNC_TOLERANCE_S."""
        run = self.run
        if run is None or not self.videos_enabled or run.stage is Stage.READY:
            return
        from backtrainer.ui.pages.session.runner import clip_cue
        from backtrainer.ui.widgets.video_player import PlaybackState

        if self.video.state in (PlaybackState.UNAVAILABLE, PlaybackState.ERROR, PlaybackState.STOPPED):
            return
        cue = clip_cue(run, self._clip_tempo, clip_sides=self._clip_sides)
        if cue is None:  # a timed bout, or a clinic's own clip: it loops while the exercise runs
            self._set_playing(run.running)
            return
        if cue.rate > 0:
            self.video.set_playback_rate(min(MAX_CLIP_RATE, max(MIN_CLIP_RATE, cue.rate)))
        self._set_playing(cue.rate > 0)
        if abs(self.video.position_s() - cue.position_s) > SYNC_TOLERANCE_S:
            self.video.seek(cue.position_s)

    def _set_playing(self, on: bool) -> None:
        if on and not self.video.wants_play:
            self.video.play()
        elif not on and self.video.wants_play:
            self.video.pause()

    def _phase_word(self, phase: str) -> str | None:
        """The exercise's own word for a tempo phase (content ``phase_words``), if it has them."""
        words = getattr(self.spec, "phase_words", None)
        return words[("lift", "hold", "lower").index(phase)] if words else None

    def current_cue(self) -> str | None:
        for lab in self._cue_labels:
            if lab.current:
                return lab.cue
        return None


def _phase_words(phase: str, timed: bool, seconds: int, word: str | None = None) -> str:
    if timed:
        return _("Keep going: {seconds} s left.").format(seconds=seconds)
    if word:
        return _("{word}… {seconds}").format(word=word, seconds=seconds)
    words = {"lift": _("Lift… {seconds}"), "hold": _("Hold… {seconds}"), "lower": _("Lower… {seconds}")}
    return words[phase].format(seconds=seconds) if phase in words else ""


def _set(widget: QLabel, text: str) -> None:
    if widget.text() != text:
        widget.setText(text)
