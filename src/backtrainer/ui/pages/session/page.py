"""The guided session page (NAME "session", not in the rail): before -> (flare question) -> each exercise with its
ratings -> pain after -> summary with the engine's decisions for next time -> saved.

Slots collect answers and call ``TrainingService`` through ``ctx.runner``; the service and the engine decide
(routes, plan, decisions). The in-progress session is kept as a JSON draft (``services.session_state``) after
every rated exercise and when the window closes, so nothing done is lost and it can be resumed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _, day_name, long_date, ngettext
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, label
from backtrainer.ui.pages.session.player import PlayerScreen
from backtrainer.ui.pages.session.screens import (
    AfterScreen,
    BeforeScreen,
    FlareScreen,
    RatingsScreen,
    ResumeScreen,
    SavedScreen,
    StopScreen,
    SummaryScreen,
    session_list,
)
from backtrainer.ui.pages.session.words import decision_line, event_sentence, kind_words

log = logging.getLogger("backtrainer.ui")

SUMMARY_EVENTS = ("FLARE_START", "FLARE_EXIT", "FLARE_ESCALATE", "SLOW_ON", "CLINICIAN_SUGGEST", "BODY_MAP_RECHECK",
                  "WALK_QUOTA", "REENTRY")
TODAY_EVENTS = ("FLARE_ESCALATE",)  # of these the summary words today's, not next session's


class SessionPage(Page):
    NAME = "session"
    RAIL_HOME = "today"
    TITLE = N_("Session")
    ORDER = 15
    IN_NAV = False
    WATCHES = Changes.NONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.library: Any = None
        self.view: Any = None  # TodayView when the page opened
        self.draft: Any = None  # SessionDraft of the running session
        self._started: Any = None  # StartedSession of the running session (its decisions and today's events)
        self.saved_draft: Any = None  # a draft found on disk, offered for resume
        self.index = 0
        self.pending: tuple[int, bool] = (0, False)  # (done, too_hard) of the exercise being rated
        self.preview: Any = None
        self.finished_session: Any = None
        self.emergency_number: str | None = None
        self._stopped = False
        self._watching: QObject | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.loading = label(_("Getting your session ready…"), "muted")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.before = BeforeScreen()
        self.flare = FlareScreen()
        self.stop_screen = StopScreen()
        self.player = PlayerScreen(ctx)
        self.ratings = RatingsScreen()
        self.after = AfterScreen()
        self.summary = SummaryScreen()
        self.saved = SavedScreen()
        self.resume = ResumeScreen()
        for w in (self.before, self.flare, self.stop_screen, self.player, self.ratings, self.after, self.summary,
                  self.saved, self.resume):
            self.stack.addWidget(w)
        self._connect()

    def _connect(self) -> None:
        to_today = self._go_today
        self.before.startRequested.connect(self._on_start)
        self.before.today_button.clicked.connect(to_today)
        self.flare.answered.connect(self._on_flare_answer)
        self.flare.back_button.clicked.connect(lambda: self._show(self.before))
        self.stop_screen.stop.todayRequested.connect(to_today)
        self.player.finished.connect(self._on_exercise_finished)
        self.player.previousRequested.connect(self._on_previous)
        self.player.stopRequested.connect(self._on_stop)
        self.player.newSymptomRequested.connect(self._on_new_symptom)
        self.ratings.saved.connect(self._on_ratings_saved)
        self.ratings.redoRequested.connect(lambda: self._play(self.index))
        self.after.done.connect(self._on_after_done)
        self.summary.saveRequested.connect(self._on_save)
        self.saved.today_button.clicked.connect(to_today)
        self.resume.resumeRequested.connect(self._on_resume)
        self.resume.finishRequested.connect(self._on_finish_saved_draft)
        self.resume.discardRequested.connect(self._on_discard)
        self.resume.today_button.clicked.connect(to_today)

    # -- helpers --------------------------------------------------------------------------------------------------
    def service(self) -> Any:
        """The training service (call on the worker thread)."""
        from backtrainer.services.training import TrainingService

        return TrainingService(self.ctx.db(), self.ctx.clock)

    def call(self, work: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None) -> None:
        self.ctx.runner.run(work, on_done, on_error or self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        from backtrainer.ui.errors import show_error

        log.error("session step failed: %s", exc)
        show_error(self, exc)

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        targets: dict[QWidget, QWidget] = {
            self.before: self.before.first_focus(), self.flare: self.flare.buttons["NO_USUAL"],
            self.ratings: self.ratings.pain.button(0), self.after: self.after.pain.button(0),
            self.summary: self.summary.save_button, self.saved: self.saved.today_button,
            self.stop_screen: self.stop_screen.stop.today_button}
        focus = targets.get(screen)
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        area = getattr(screen, "area", None)
        if area is not None:  # each screen opens at its top
            QTimer.singleShot(0, self, lambda: area.verticalScrollBar().setValue(0))

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def running(self) -> bool:
        return self.draft is not None

    def _go_today(self) -> None:
        self.player.halt()
        self.ctx.signals.navigate.emit("today")

    def _spec(self, exercise_id: str) -> Any:
        return self.library.exercise(exercise_id)

    # -- opening ----------------------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        window = self.window()
        if window is not self and self._watching is not window:
            window.installEventFilter(self)
            self._watching = window
        if not self.running:  # nothing under way: open on a fresh start (never the last session's "saved")
            self._dirty = True
        super().showEvent(event)

    def refresh(self) -> None:
        super().refresh()
        profile_id = self.ctx.profile_id
        if profile_id is None or self.running:
            return
        self.stack.setCurrentWidget(self.loading)
        root = self.ctx.paths.root
        paths = self.ctx.paths

        def work() -> tuple[Any, Any, Any, str | None]:
            from backtrainer.content.exercises import load_library
            from backtrainer.services.session_state import load_draft
            from backtrainer.store.summary import home_summary

            service = self.service()
            view = service.today(profile_id)
            summary = home_summary(paths.db, profile_id, view.day.isoformat())
            number = summary.profile.emergency_number if summary else None
            return load_library(), view, load_draft(root, profile_id), number

        self.call(work, self._on_loaded)

    def _on_loaded(self, value: tuple[Any, Any, Any, str | None]) -> None:
        self.library, self.view, self.saved_draft, self.emergency_number = value
        if self.saved_draft is not None:
            self._offer_resume(self.saved_draft)
            return
        self._show_before()

    def _show_before(self) -> None:
        view = self.view
        self.before.reset(leg=bool(view and view.leg_pathway), checked_at=view.quick_check_at if view else None)
        if view is None or view.session is None or view.locked_tier:
            self.before.kind_line.setText(_("Your exercises are paused"))
            self.before.plan_line.setText(_("Please follow the safety advice you were given. Learning is still open."))
            self.before.start_button.setEnabled(False)
        else:
            plan = view.session
            self.before.kind_line.setText(ngettext("{kind}: about {minutes} minute", "{kind}: about {minutes} minutes",
                                                   int(plan.minutes)).format(kind=kind_words(plan.kind.value),
                                                                             minutes=int(plan.minutes)))
            self.before.plan_line.setText("\n".join(session_list(plan, self.library)))
            notes = []
            if view.session_done_today:
                notes.append(_("You already did a session today. Another one is fine if you feel like it."))
            if not view.session_day:
                notes.append(_("Today is a rest day in your plan. You can still do the session if you want to."))
            self.before.notes.setText(" ".join(notes))
            self.before.notes.setVisible(bool(notes))
        self._show(self.before)

    # -- before -----------------------------------------------------------------------------------------------------
    def _on_start(self, flare_answer: str | None = None) -> None:
        problem = self.before.missing()
        self.before.show_error(problem)
        if problem:
            return
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        from backtrainer.core.progression import FlareAnswer
        from backtrainer.core.screening import Answer

        q = self.before.quick
        pre_pain = int(self.before.pain.value() or 0)
        answer = FlareAnswer(flare_answer) if flare_answer else None
        rf11_value = q.rf11_answer()
        rf11 = Answer(rf11_value) if rf11_value else None
        # None: the safety check answered earlier today stands (the service checks that it still does).
        ticks = q.ticks() if self.before.asks_quick_check() else None
        serious = q.fall_serious_answer()
        self.before.start_button.setEnabled(False)

        def work() -> Any:
            return self.service().start_session(profile_id, pre_pain=pre_pain, flare_answer=answer, ticks=ticks,
                                                fall_serious=serious, rf11=rf11)

        def done(started: Any) -> None:
            self.before.start_button.setEnabled(True)
            self._on_started(started, pre_pain, answer)

        def failed(exc: BaseException) -> None:
            self.before.start_button.setEnabled(True)
            self._on_error(exc)

        self.call(work, done, failed)

    def _on_started(self, started: Any, pre_pain: int, answer: Any) -> None:
        self._started = started  # lets the save reuse the decisions worked out now, if nothing changed meanwhile
        route = started.route
        if route == "flare_prompt":
            self.flare.set_pain(pre_pain)
            self._show(self.flare)
            return
        if route in ("emergency", "clinician"):
            quick = started.quick
            tier = "EMERGENCY" if route == "emergency" else "CLINICIAN_SOON"
            self.stop_screen.stop.show_for(tier, tuple(quick.reasons) if quick else (), self.emergency_number)
            self._show(self.stop_screen)
            self.ctx.signals.dataChanged.emit(Changes.CHECKIN | Changes.PLAN)
            return
        if route == "quick_check":  # today's earlier safety check no longer stands: ask it here
            self.before.ask_again()
            self._show(self.before)
            self.before.show_error(_("Please answer the quick safety check first."))
            return
        if route == "followup" or started.plan is None:
            self._show(self.before)
            self.before.show_error(_("Please answer the questions about the fall first."))
            return
        if not started.plan.items:
            self._show(self.before)
            self.before.show_error(_("There are no exercises for today. Please go back to Today."))
            return
        from backtrainer.services.session_state import new_draft

        pre_leg = self.before.leg.value() if self.before.leg.isVisibleTo(self.before) else None
        topic = self.view.topic if self.view is not None else None
        self.draft = new_draft(self.ctx.profile_id or 0, self.ctx.clock.now(), started.plan, pre_pain=pre_pain,
                               flare_answer=answer, pre_leg=pre_leg, topic=topic, hold_fraction=started.hold_fraction)
        self._stopped = False
        if answer is not None and answer.value == "YES":
            self.ctx.signals.dataChanged.emit(Changes.CHECKIN)
        self._save_draft()
        self._play(0)

    def _on_flare_answer(self, key: str) -> None:
        self._show(self.before)
        self._on_start(key)

    # -- exercises --------------------------------------------------------------------------------------------------
    def _play(self, index: int) -> None:
        items = self.draft.plan.items
        if index >= len(items):
            self._show_after()
            return
        self.index = max(0, index)
        item = items[self.index]
        self._show(self.player)
        self.player.load(item, self._spec(item.exercise_id), self.index, len(items),
                         hold_fraction=self.draft.hold_fraction)

    def _on_previous(self) -> None:
        self._play(self.index - 1)

    def _on_exercise_finished(self, done: int, too_hard: bool) -> None:
        if self.draft is None:
            return
        item = self.draft.plan.items[self.index]
        spec = self._spec(item.exercise_id)
        if done == 0 and not too_hard:
            # Skipped without a single rep: nothing to rate; kept as "not done".
            self._record(self._result(item, 0, too_hard=False), self.index + 1)
            self._play(self.index + 1)
            return
        self.pending = (done, too_hard)
        previous = next((r for r in self.draft.results if r.exercise_id == item.exercise_id), None)
        self.ratings.prepare(spec.name, spec.cues, done, item.dose.volume, too_hard=too_hard,
                             leg=bool(self.view and self.view.leg_pathway), previous=previous)
        self._show(self.ratings)

    def _result(self, item: Any, done: int, *, too_hard: bool, **ratings: Any) -> Any:
        from backtrainer.services.training import ExerciseResultInput

        return ExerciseResultInput(item.exercise_id, prescribed=item.dose.volume, completed=done, too_hard=too_hard,
                                   **ratings)

    def _record(self, result: Any, next_index: int) -> None:
        self.draft = self.draft.with_result(self.index, result, next_index)
        self._save_draft()

    def _on_ratings_saved(self) -> None:
        problem = self.ratings.missing()
        self.ratings.show_error(problem)
        if problem:
            return
        item = self.draft.plan.items[self.index]
        done, too_hard = self.pending
        leg = self.ratings.leg_frame.isVisibleTo(self.ratings)
        result = self._result(item, done, too_hard=too_hard, worst_pain=self.ratings.pain.value(),
                              rpe=self.ratings.rpe.rpe(), form=self.ratings.form.value(),
                              leg_spread=(self.ratings.leg_spread.value() == "yes") if leg else None,
                              leg_worst=self.ratings.leg_pain.value() if leg else None)
        self._record(result, self.index + 1)
        if self._stopped:
            self._show_after()
        else:
            self._play(self.index + 1)

    def _on_stop(self) -> None:
        """Stop session: the exercise in progress is kept with its reps, then pain now and the summary."""
        if self.draft is None:
            return
        self._stopped = True
        done = self.player.completed()
        item = self.draft.plan.items[self.index]
        if done > 0:
            self.pending = (done, False)
            spec = self._spec(item.exercise_id)
            self.ratings.prepare(spec.name, spec.cues, done, item.dose.volume, too_hard=False,
                                 leg=bool(self.view and self.view.leg_pathway))
            self.ratings.redo_button.hide()
            self._show(self.ratings)
            return
        if not any(r.completed > 0 or r.worst_pain is not None for r in self.draft.results):
            # Nothing done yet: nothing to save.
            self._discard_running()
            self._go_today()
            return
        self._show_after()

    def _on_new_symptom(self) -> None:
        """Pause, keep the draft, and open the safety questions again (ref 1.4 layer 3)."""
        self._save_draft()
        self.player.halt()
        ctx = self.ctx
        profile_id = ctx.profile_id
        if profile_id is None or "assessment" not in ctx.page_names:
            return

        def work() -> object:
            from backtrainer.services.assessment import AssessmentService

            return AssessmentService(ctx.db(), ctx.clock).start(profile_id, mode="rescreen", reason="RS-NEW-PAIN")

        def done(_snapshot: object) -> None:
            self.draft = None  # the draft stays on disk and is offered again from Today
            ctx.signals.dataChanged.emit(Changes.ASSESSMENT)
            ctx.signals.navigate.emit("assessment")

        self.call(work, done)

    # -- after ------------------------------------------------------------------------------------------------------
    def _show_after(self) -> None:
        self.player.halt()
        self.after.prepare(stopped=self._stopped)
        self._show(self.after)

    def _finished(self, post_pain: int | None) -> Any:
        complete = not self._stopped and self.draft.index >= len(self.draft.plan.items)
        return self.draft.finished(self.ctx.clock.now(), post_pain, completed=complete)

    def _on_after_done(self) -> None:
        if self.after.pain.value() is None:
            self.after.show_error(_("Please choose a number for your pain right now."))
            return
        self.after.show_error(None)
        profile_id = self.ctx.profile_id
        if profile_id is None or self.draft is None:
            return
        done = self._finished(self.after.pain.value())
        self.finished_session = done
        self.after.next_button.setEnabled(False)

        asked = done
        if not done.completed:
            # A stopped session does not count (the engine reads completed sessions only), so its ratings must not
            # shape the preview either; a "too hard" still steps that exercise back.
            from dataclasses import replace

            asked = replace(done, results=tuple(replace(r, worst_pain=None) for r in done.results))

        def work() -> Any:
            return self.service().preview_next(profile_id, asked)

        def shown(preview: Any) -> None:
            self.after.next_button.setEnabled(True)
            self.preview = preview
            self._fill_summary(done, preview)
            self._show(self.summary)

        def failed(exc: BaseException) -> None:
            self.after.next_button.setEnabled(True)
            self._on_error(exc)

        self.call(work, shown, failed)

    def _fill_summary(self, done: Any, preview: Any) -> None:
        lines = []
        rated = {r.exercise_id: r for r in done.results}
        for item in self.draft.plan.items:
            spec = self._spec(item.exercise_id)
            r = rated.get(item.exercise_id)
            if r is None or (r.completed == 0 and not r.too_hard):
                lines.append(_("{name}: not done").format(name=spec.name))
                continue
            amount = _('{done} of {total} (you said "too hard")') if r.too_hard else _("{done} of {total}")
            parts = [amount.format(done=r.completed, total=r.prescribed)]
            if r.worst_pain is not None:
                parts.append(_("worst pain {pain}/10").format(pain=r.worst_pain))
            if r.rpe is not None:
                parts.append(_("effort {rpe}/10").format(rpe=r.rpe))
            lines.append(_("{name}: {details}").format(name=spec.name, details=", ".join(parts)))
        minutes = max(0, round((done.finished_at - done.started_at).total_seconds() / 60))
        view = self.view
        facts = [ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)]
        if view is not None:
            planned = max(view.week_planned, 1)
            this_week = view.week_done + (1 if done.completed and not view.session_done_today else 0)
            facts.append(ngettext("{done} of {planned} session this week", "{done} of {planned} sessions this week",
                                  planned).format(done=this_week, planned=planned))
            weeks = view.streak_weeks
            if weeks:
                facts.append(ngettext("{count} week in a row", "{count} weeks in a row", weeks).format(count=weeks))
            elif done.completed:  # a stopped session does not count, so it starts no streak either
                facts.append(_("your streak starts now"))
        if not done.completed:
            facts.append(_("stopped early"))
        decisions: list[tuple[str, str]] = []
        events: list[str] = []
        if preview is not None:
            order = {"PROGRESS": 0, "REGRESS_LEVEL": 1, "REGRESS_STEP": 1, "DELOAD": 2, "PAUSE": 3, "FLARE": 4,
                     "LOCK": 5, "HOLD": 6}
            too_hard = {self._spec(r.exercise_id).chain: r.exercise_id for r in done.results if r.too_hard}
            trained = self.draft.plan.chains  # only what this session held (its exercises are listed above)
            shown = [d for d in preview.decisions if d.chain in trained]
            for d in sorted(shown, key=lambda d: (d.chain not in too_hard, order.get(d.action.value, 9))):
                decisions.append(decision_line(d, self.library, rated=rated, too_hard_from=too_hard.get(d.chain)))
            # How long the flare-up has lasted is today's count, worked out when the session started (the preview
            # is next session's day: the summary said 11 days where Today said 10)
            result = self._started.result if self._started is not None else None
            today = tuple(result.events) if result is not None else ()
            for e in (*[e for e in today if e.code in TODAY_EVENTS],
                      *[e for e in preview.events if e.code not in TODAY_EVENTS]):
                if e.code in SUMMARY_EVENTS:
                    text = event_sentence(e.code, e.params)
                    if text and text not in events:
                        events.append(text)
        if not done.completed:
            events.insert(0, _('This session was stopped early, so it does not count toward moving on. Press "Save '
                               'my session" to keep what you did.'))
        self.summary.fill(facts=" · ".join(facts), done_lines=lines, decisions=decisions, events=events)

    def _on_save(self) -> None:
        profile_id = self.ctx.profile_id
        done = self.finished_session
        if profile_id is None or done is None:
            return
        root = self.ctx.paths.root
        topic = self.draft.topic if self.draft is not None else None
        started = self._started
        self.summary.save_button.setEnabled(False)

        def work() -> Any:
            from backtrainer.services.session_state import clear_draft

            service = self.service()
            sid = service.finish_session(profile_id, done, started=started)  # one transaction
            if topic and done.completed:
                service.mark_topic_seen(profile_id, topic)
            clear_draft(root, profile_id)
            return sid, service.today(profile_id)

        def saved(value: Any) -> None:
            _sid, view = value
            self.draft = None
            self.saved_draft = None
            self._show_saved(view, topic)
            self.ctx.signals.dataChanged.emit(Changes.SESSION | Changes.PLAN)

        def failed(exc: BaseException) -> None:
            self.summary.save_button.setEnabled(True)
            self.summary.show_error(_("The session could not be saved. It is kept, so you can try again."))
            self._on_error(exc)

        self.call(work, saved, failed)

    def _show_saved(self, view: Any, topic: str | None) -> None:
        weeks = view.streak_weeks if view is not None else 0
        sentences = [_("Well done.") if not self._stopped else _("Thank you. What you did is saved.")]
        if view is not None:
            sentences.append(ngettext("{done} of {planned} session done this week.",
                                      "{done} of {planned} sessions done this week.", view.week_planned).format(
                done=view.week_done, planned=view.week_planned))
        if weeks:
            sentences.append(ngettext("You have exercised {count} week in a row.",
                                      "You have exercised {count} weeks in a row.", weeks).format(count=weeks))
        if view is not None and view.next_session_day is not None and view.next_session_day != view.day:
            sentences.append(_("Your next session is on {day}.").format(day=day_name(view.next_session_day)))
        if not self._stopped:  # a stopped session changes nothing for next time
            sentences.append(_("Tomorrow morning, a short check-in confirms the changes for next time."))
        self.saved.text.setText(" ".join(sentences))
        if topic:
            from backtrainer.content.education import load_education

            t = load_education().topic(topic)
            self.saved.topic_title.setText(_("Something to read: {title}").format(title=t.title))
            self.saved.topic_text.setText(t.summary)
        self.saved.topic_frame.setVisible(bool(topic))
        self._show(self.saved)

    # -- drafts -----------------------------------------------------------------------------------------------------
    def _save_draft(self) -> None:
        draft = self.draft
        if draft is None:
            return
        root = self.ctx.paths.root

        def work() -> None:
            from backtrainer.services.session_state import save_draft

            save_draft(root, draft)

        self.ctx.runner.run(work, None, lambda exc: log.warning("could not keep the session draft: %s", exc))

    def _discard_running(self) -> None:
        profile_id = self.ctx.profile_id
        root = self.ctx.paths.root
        self.draft = None
        if profile_id is None:
            return

        def work() -> None:
            from backtrainer.services.session_state import clear_draft

            clear_draft(root, profile_id)

        self.ctx.runner.run(work, None, lambda exc: log.warning("could not remove the draft: %s", exc))

    def _offer_resume(self, draft: Any) -> None:
        today = self.ctx.clock.now().date().isoformat()
        total = len(draft.plan.items)
        same_day = draft.day == today
        if same_day:
            text = ngettext("You started a session today at {time} and finished {done} of {total} exercise.",
                            "You started a session today at {time} and finished {done} of {total} exercises.",
                            total).format(time=f"{draft.started_at:%H:%M}", done=draft.done_count, total=total)
        else:
            text = ngettext("You started a session on {date} and finished {done} of {total} exercise.",
                            "You started a session on {date} and finished {done} of {total} exercises.",
                            total).format(date=long_date(draft.started_at.date()), done=draft.done_count,
                                          total=total)
            text += " " + _("You can save what you did then, or throw it away.")
        self.resume.prepare(text, can_resume=same_day and draft.index < total)
        self._show(self.resume)

    def _on_resume(self) -> None:
        draft = self.saved_draft
        if draft is None:
            return
        self.draft = draft
        self.saved_draft = None
        self._stopped = False
        self._play(draft.index)

    def _on_finish_saved_draft(self) -> None:
        draft = self.saved_draft
        if draft is None:
            return
        self.draft = draft
        self.saved_draft = None
        self._stopped = True
        self._show_after()

    def _on_discard(self) -> None:
        self.saved_draft = None
        self._discard_running()
        self._show_before()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watching and event.type() == QEvent.Type.Close and self.draft is not None:
            # Closing mid-session: keep what was done, including the reps of the exercise on screen.
            if self.stack.currentWidget() is self.player and self.player.completed() > 0:
                item = self.draft.plan.items[self.index]
                self.draft = self.draft.with_result(self.index, self._result(item, self.player.completed(),
                                                                             too_hard=False), self.index)
            self.player.halt()
            self._save_draft()
        return False
