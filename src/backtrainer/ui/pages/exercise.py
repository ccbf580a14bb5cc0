"""One exercise: how to do it (video, start position, key points, breathing, tempo) and every decision the engine
made for its exercise line, with its reasons ("Level 2 → 3 on 12 Nov because ...")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, headline, label, scroll_column

_requested: dict[int, str] = {}  # id(ctx) -> exercise id asked for by open_exercise


def open_exercise(ctx: AppContext, exercise_id: str) -> None:
    """Show ``exercise_id`` on the exercise page."""
    _requested[id(ctx)] = exercise_id
    ctx.signals.navigate.emit("exercise")


class ExercisePage(Page):
    NAME = "exercise"
    RAIL_HOME = "today"
    TITLE = N_("Exercise")
    ORDER = 16
    IN_NAV = False
    WATCHES = Changes.SESSION | Changes.PLAN

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.exercise_id: str | None = None
        self.history_lines: list[str] = []
        layout = scroll_column(self, max_width=980)
        back = QPushButton(_("◀ Back to Today"))
        back.setProperty("role", "link")
        back.setAutoDefault(True)
        back.setAccessibleName(_("Back to Today"))
        back.setMinimumHeight(40)
        back.clicked.connect(lambda: ctx.signals.navigate.emit("today"))
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        layout.addLayout(row)
        self.name = label("", "title")
        layout.addWidget(self.name)
        self.target = label("", "body")
        layout.addWidget(self.target)
        body = QHBoxLayout()
        body.setSpacing(18)
        from backtrainer.ui.widgets.video_player import VideoPlayer

        self.video = VideoPlayer(autoplay=True)
        self.video.setMinimumSize(400, 225)
        body.addWidget(self.video, 3)
        how, how_box = card()
        how_box.addWidget(label(_("How to do it"), "subtitle"))
        self.how = label("")
        how_box.addWidget(self.how)
        body.addWidget(how, 2)
        layout.addLayout(body)
        tips, tips_box = card()
        tips_box.addWidget(label(_("Key points"), "subtitle"))
        self.cues = label("")
        tips_box.addWidget(self.cues)
        self.more = label("", "muted")
        tips_box.addWidget(self.more)
        layout.addWidget(tips)
        history, box = card()
        box.addWidget(label(_("What changed and why"), "subtitle"))
        self.history = QVBoxLayout()
        self.history.setSpacing(8)
        box.addLayout(self.history)
        layout.addWidget(history)
        from backtrainer.ui.texts import standing_footer

        layout.addWidget(label(standing_footer(), "footer"))
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        wanted = _requested.get(id(self.ctx))
        if wanted is not None and wanted != self.exercise_id:
            self.exercise_id = wanted
            self._dirty = True
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.video.pause()
        super().hideEvent(event)

    def refresh(self) -> None:
        super().refresh()
        profile_id, exercise_id = self.ctx.profile_id, self.exercise_id
        if profile_id is None or exercise_id is None:
            return
        ctx = self.ctx

        def work() -> tuple[Any, Any, list[Any]]:
            from backtrainer.content.exercises import load_library
            from backtrainer.services.training import TrainingService

            library = load_library()
            spec = library.exercise(exercise_id)
            events = (TrainingService(ctx.db(), ctx.clock, library=library).exercise_history(
                profile_id, spec.chain.value) if spec.chain else [])
            return library, spec, events

        ctx.runner.run(work, self._show)

    def _show(self, value: tuple[Any, Any, list[Any]]) -> None:
        from backtrainer.ui.pages.session.words import dose_text, history_line, tempo_text

        library, spec, events = value
        self.name.setText(spec.name)
        self.target.setText(spec.target)
        parts = []
        if spec.start_position:
            parts.append(_("Start: {text}").format(text=spec.start_position))
        parts.append(_("Usual amount: {dose}.").format(dose=dose_text(spec.base, per_side=spec.per_side)))
        if spec.tempo:
            parts.append(_("Pace: {tempo}.").format(tempo=tempo_text(spec.tempo)))
        if spec.breathing:
            parts.append(_("Breathing: {text}").format(text=spec.breathing))
        if spec.equipment:
            parts.append(_("You need: {things}.").format(things=", ".join(spec.equipment)))
        self.how.setText("\n\n".join(parts))
        self.cues.setText("\n".join(f"• {c}" for c in spec.cues))
        self.more.setText("\n".join(f"• {t}" for t in spec.more_tips))
        self.more.setVisible(bool(spec.more_tips))
        while self.history.count():
            item = self.history.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.history_lines = []
        for e in events:
            head, why = history_line(e, library)
            self.history.addWidget(headline(head, why))
            self.history_lines.append(f"{head}: {why}" if why else head)
        if not events:
            self.history.addWidget(label(_("No changes yet. After each session, what changes and why shows here."),
                                         "muted"))
        try:
            source = self.ctx.video_catalog().resolve(spec.video or spec.id)  # Settings' own file first
            self.video.set_description(spec.name)
            self.video.set_source(source.path, source.poster)
        except Exception:
            import logging

            logging.getLogger("backtrainer.media").warning("video not loaded", exc_info=True)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
