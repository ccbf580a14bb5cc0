"""Today: what to do today. Until the assessment is done it shows an honest starting point.

Two reads, both on the worker thread: first the plain-``sqlite3`` home summary (name, assessment, safety pause), so
the first paint never waits for SQLAlchemy; then ``TrainingService.today`` for the session, check-in, education
topic and adherence. The first open of a day sends the person to the morning check-in before anything else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _, day_name, long_date, ngettext, short_date
from backtrainer.store.records import HomeSummary
from backtrainer.ui import theme
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column


def greeting(hour: int) -> str:
    """The greeting with a ``{name}`` placeholder, e.g. "Good morning, {name}"."""
    if hour < 12:
        return _("Good morning, {name}")
    if hour < 18:
        return _("Good afternoon, {name}")
    return _("Good evening, {name}")


LINK_LINE_CHARS = 60  # at 100 % text, a longer exercise line shows its dose on a second line (buttons do not wrap)


def _day_and_date(day: date) -> str:
    """ "Wednesday 25 November" style: the weekday and the short date, in the current language."""
    return _("{weekday} {date}").format(weekday=day_name(day), date=short_date(day))


def _button(text: str, role: str | None = None, *, description: str = "") -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setAutoDefault(True)
    b.setAccessibleName(text)
    if description:
        b.setAccessibleDescription(description)
    b.setMinimumHeight(44)
    return b


def _link_lines(text: str) -> str:
    """An exercise line for a button ("name: dose"); the dose goes to a second line when the line would be too wide
    for the text size (buttons do not wrap)."""
    fits = LINK_LINE_CHARS / theme.text_scale()  # larger text: fewer characters fit on one line
    return text.replace(": ", ":\n", 1) if len(text) > fits else text


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return row


class TodayPage(Page):
    NAME = "today"
    TITLE = N_("Today")
    ORDER = 10
    WATCHES = Changes.ALL

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary: HomeSummary | None = None
        self.view: Any = None  # TrainingService.today()
        self.draft: Any = None  # an unfinished session
        self._auto_checkin_day: date | None = None  # the day the check-in was last offered on opening
        ctx.signals.profileChanged.connect(self._on_profile_changed)
        layout = scroll_column(self)
        self.title = label(_("Today"), "title")
        self.date_line = label("", "muted")
        layout.addWidget(self.title)
        layout.addWidget(self.date_line)

        # "Your check-in is saved." after a save elsewhere (ctx.signals.saved), until the next page change.
        self.saved_card, saved_box = card("ok")
        self.saved_text = label("")
        self.saved_text.setAccessibleName(_("Saved"))
        saved_box.addWidget(self.saved_text)
        layout.addWidget(self.saved_card)
        self.saved_card.hide()
        self._focus_next = False  # after a save: put the keyboard focus on the next step once Today is filled
        ctx.signals.saved.connect(self._on_saved)

        self.start_card, box = card()
        self.start_card.setAccessibleName(_("Start your assessment"))
        box.addWidget(label(_("Start your assessment"), "subtitle"))
        self.start_text = label(_(
            "A few short steps help us choose safe exercises that suit you: some safety questions, where it "
            "hurts, a few questions about daily life, and some simple movement checks. It takes about 20 to "
            "30 minutes. You can stop at any point and carry on later."))
        box.addWidget(self.start_text)
        self.start_button = _button(_("Start your assessment"), "primary",
                                    description=_("Opens the first step of the assessment"))
        self.start_button.clicked.connect(lambda: ctx.signals.navigate.emit("assessment"))
        box.addLayout(_row(self.start_button))
        layout.addWidget(self.start_card)

        self.pause_card, pause_box = card("notice")
        self.pause_text = label("")
        pause_box.addWidget(self.pause_text)
        layout.addWidget(self.pause_card)
        self.pause_card.hide()

        # An unfinished session (the window was closed mid-session).
        self.draft_card, draft_box = card("notice")
        draft_box.addWidget(label(_("You have an unfinished session"), "subtitle"))
        self.draft_text = label("")
        draft_box.addWidget(self.draft_text)
        self.resume_button = _button(_("Resume my session"), "primary",
                                     description=_("Carry on with the session, or save what you did"))
        self.resume_button.clicked.connect(lambda: ctx.signals.navigate.emit("session"))
        draft_box.addLayout(_row(self.resume_button))
        layout.addWidget(self.draft_card)

        # The full safety questions are due again (ref 1.4 layer 2: every 4 weeks, high pain, long flare, break).
        self.rescreen_card, rescreen_box = card("notice")
        rescreen_box.addWidget(label(_("Time for the safety questions"), "subtitle"))
        self.rescreen_text = label("")
        rescreen_box.addWidget(self.rescreen_text)
        rescreen_row = QHBoxLayout()
        self.rescreen_button = QPushButton(_("Answer the safety questions"))
        self.rescreen_button.setProperty("role", "primary")
        self.rescreen_button.setAccessibleName(_("Answer the safety questions"))
        self.rescreen_button.setAccessibleDescription(_("Opens the full safety questions and the body map"))
        self.rescreen_button.clicked.connect(self._on_rescreen)
        rescreen_row.addWidget(self.rescreen_button)
        rescreen_row.addStretch(1)
        rescreen_box.addLayout(rescreen_row)
        layout.addWidget(self.rescreen_card)
        self.rescreen_card.hide()
        self.draft_card.hide()

        # The daily check-in (ref 6.1, 6.3).
        self.checkin_card, checkin_box = card()
        checkin_box.addWidget(label(_("Your daily check-in"), "subtitle"))
        self.checkin_text = label("")
        checkin_box.addWidget(self.checkin_text)
        self.checkin_button = _button(_("Do my check-in"), "primary",
                                      description=_("About a minute: pain and a quick safety check"))
        self.checkin_button.clicked.connect(lambda: ctx.signals.navigate.emit("checkin"))
        checkin_box.addLayout(_row(self.checkin_button))
        layout.addWidget(self.checkin_card)
        self.checkin_card.hide()

        # Today's session (or rest day); keeps the name plan_card.
        self.plan_card, plan_box = card()
        self.plan_title = label(_("Your plan"), "subtitle")
        self.plan_body = label("", "muted")
        plan_box.addWidget(self.plan_title)
        plan_box.addWidget(self.plan_body)
        self.exercise_list = QVBoxLayout()
        self.exercise_list.setSpacing(2)
        plan_box.addLayout(self.exercise_list)
        self.changes_text = label("")
        plan_box.addWidget(self.changes_text)
        self.changes_text.hide()
        self.session_button = _button(_("Start today's session"), "primary",
                                      description=_("A quick safety check, then the guided exercises"))
        self.session_button.setMinimumWidth(240)
        self.session_button.clicked.connect(lambda: ctx.signals.navigate.emit("session"))
        plan_box.addLayout(_row(self.session_button))
        self.session_button.hide()
        layout.addWidget(self.plan_card)
        self.plan_card.hide()

        # Flare-up: one click (ref 6.7).
        self.flare_card, flare_box = card()
        self.flare_title = label(_("Having a bad day?"), "subtitle")
        flare_box.addWidget(self.flare_title)
        self.flare_text = label(_("If your back is much worse than usual, switch to the short, gentle flare-up "
                                  "plan. Flare-ups are common and usually settle in a few days."), "muted")
        flare_box.addWidget(self.flare_text)
        self.flare_button = _button(_("I'm having a flare-up"),
                                    description=_("Switches today to the gentle flare-up session"))
        self.flare_button.clicked.connect(self._on_flare)
        flare_box.addLayout(_row(self.flare_button))
        layout.addWidget(self.flare_card)
        self.flare_card.hide()

        # Streak, week adherence, next check-in.
        self.progress_card, progress_box = card()
        progress_box.addWidget(label(_("Your week"), "subtitle"))
        self.progress_text = label("")
        self.progress_text.setAccessibleName(_("Your week"))
        progress_box.addWidget(self.progress_text)
        layout.addWidget(self.progress_card)
        self.progress_card.hide()

        # The education topic of the day (ref 7).
        self.topic_card, topic_box = card("ok")
        self.topic_title = label("", "subtitle")
        topic_box.addWidget(self.topic_title)
        self.topic_text = label("")
        topic_box.addWidget(self.topic_text)
        self.topic_more = label("")
        self.topic_more.hide()
        topic_box.addWidget(self.topic_more)
        self.topic_more_button = _button(_("Learn more"), "link", description=_("Show or hide the longer text"))
        self.topic_more_button.clicked.connect(self._toggle_topic)
        self.learn_button = _button(_("All topics"), "link", description=_("Open the Learn page"))
        self.learn_button.clicked.connect(lambda: ctx.signals.navigate.emit("learn"))
        topic_box.addLayout(_row(self.topic_more_button, self.learn_button))
        layout.addWidget(self.topic_card)
        self.topic_card.hide()

        # "I have a new symptom" (ref 1.4 layer 3): opens the full safety questions again (a re-screen).
        self.symptom_card, symptom_box = card()
        symptom_box.addWidget(label(_("Something new or different?"), "subtitle"))
        symptom_box.addWidget(label(_(
            "If you notice a new symptom, had a fall, or your pain feels different, answer the safety questions "
            "again. It takes a few minutes."), "muted"))
        symptom_row = QHBoxLayout()
        self.new_symptom_button = QPushButton(_("I have a new symptom"))
        self.new_symptom_button.setAutoDefault(True)
        self.new_symptom_button.setMinimumHeight(44)
        self.new_symptom_button.setAccessibleName(_("I have a new symptom"))
        self.new_symptom_button.setAccessibleDescription(_("Opens the safety questions and the body map again"))
        self.new_symptom_button.clicked.connect(self._on_new_symptom)
        symptom_row.addWidget(self.new_symptom_button)
        symptom_row.addStretch(1)
        symptom_box.addLayout(symptom_row)
        layout.addWidget(self.symptom_card)
        self.symptom_card.hide()

        self.tips, tips_box = card("ok")
        tips_box.addWidget(label(_("Good to know"), "subtitle"))
        tips_box.addWidget(label(_(
            "Staying active is one of the best things you can do for back pain. Some discomfort during "
            "exercise is normal and safe.")))
        layout.addWidget(self.tips)
        layout.addStretch(1)

    # -- actions --------------------------------------------------------------------------------------------------
    def _on_profile_changed(self, _profile_id: object) -> None:
        self._auto_checkin_day = None
        self.view = None
        self.saved_card.hide()

    def _on_saved(self, text: str) -> None:
        self.saved_text.setText(text)
        self.saved_card.show()
        self.saved_card.setAccessibleDescription(text)
        self._focus_next = True
        self._focus_next_step()

    def showEvent(self, event: Any) -> None:  # Qt override
        # Coming back to Today (after a session, a check-in, a page in the rail): the focus goes to the next step,
        # never to whatever button Qt finds next, such as "I'm having a flare-up" or "Switch person".
        self._focus_next = True
        self.scroll_area.verticalScrollBar().setValue(0)
        super().showEvent(event)
        self._focus_next_step()

    def hideEvent(self, event: Any) -> None:  # Qt override: the "saved" note is for the moment after the save
        super().hideEvent(event)
        if not self._focus_next:
            self.saved_card.hide()

    def next_step_button(self) -> QPushButton | None:
        """The control a person most likely wants next: the session (or its resume), else the lesson of the day."""
        for b in (self.start_button, self.session_button, self.resume_button, self.checkin_button,
                  self.rescreen_button, self.topic_more_button, self.learn_button):
            if b.isVisibleTo(self):
                return b
        return None

    def _focus_next_step(self) -> None:
        summary = self.summary
        if not self._focus_next or not self.isVisible() or summary is None:
            return
        if summary.assessment_done and summary.chains and self.view is None:
            return  # today's plan is still loading: its button comes with it
        target = self.next_step_button()
        if target is not None:
            self._focus_next = False
            # The focus goes to the next step without scrolling: the page opens at its top (its title and the
            # "saved" note), never half-way down (issue 20 item 18); Tab and the arrow keys scroll as usual.
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            QTimer.singleShot(0, self, lambda: self.scroll_area.verticalScrollBar().setValue(0))

    def _on_rescreen(self) -> None:
        reasons = getattr(self.view, "rescreen", ()) or ("RS-INTERVAL",)
        self._start_rescreen(reasons[0])

    def _on_new_symptom(self) -> None:
        self._start_rescreen("RS-NEW-PAIN")

    def _start_rescreen(self, reason: str) -> None:
        ctx = self.ctx
        profile_id = ctx.profile_id
        if profile_id is None:
            return

        def work() -> object:
            from backtrainer.services.assessment import AssessmentService

            return AssessmentService(ctx.db(), ctx.clock).start(profile_id, mode="rescreen", reason=reason)

        def done(_snapshot: object) -> None:
            ctx.signals.dataChanged.emit(Changes.ASSESSMENT)
            ctx.signals.navigate.emit("assessment")

        ctx.runner.run(work, done)

    def _on_flare(self) -> None:
        ctx = self.ctx
        profile_id = ctx.profile_id
        if profile_id is None:
            return
        self.flare_button.setEnabled(False)

        def work() -> Any:
            from backtrainer.services.training import TrainingService

            return TrainingService(ctx.db(), ctx.clock).report_flare(profile_id)

        def done(view: Any) -> None:
            self.flare_button.setEnabled(True)
            self.show_view(view, self.draft)
            ctx.signals.dataChanged.emit(Changes.CHECKIN)

        def failed(exc: BaseException) -> None:
            self.flare_button.setEnabled(True)
            from backtrainer.ui.errors import show_error

            show_error(self, exc)

        ctx.runner.run(work, done, failed)

    def _toggle_topic(self) -> None:
        show = not self.topic_more.isVisible()
        self.topic_more.setVisible(show)
        self.topic_more_button.setText(_("Show less") if show else _("Learn more"))

    def _open_exercise(self, exercise_id: str) -> None:
        from backtrainer.ui.pages.exercise import open_exercise

        open_exercise(self.ctx, exercise_id)

    # -- loading --------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        today = self.ctx.clock.now().date().isoformat()
        paths = self.ctx.paths

        def load() -> HomeSummary | None:
            from backtrainer.store.summary import home_summary

            return home_summary(paths.db, profile_id, today)

        self.ctx.runner.run(load, self.show_summary)

    def show_summary(self, summary: HomeSummary | None) -> None:
        self.summary = summary
        if summary is None:
            return
        now = self.ctx.clock.now()
        self.title.setText(greeting(now.hour).format(name=summary.profile.nickname))
        self.date_line.setText(long_date(date.fromordinal(now.toordinal())))
        self.start_card.setVisible(not summary.assessment_done)
        self.start_button.setVisible("assessment" in self.ctx.page_names)
        if summary.assessment_step and not summary.assessment_done:
            self.start_button.setText(_("Carry on with your assessment"))
            self.start_button.setAccessibleName(_("Carry on with your assessment"))
        self.symptom_card.setVisible(summary.assessment_done and "assessment" in self.ctx.page_names)
        self.tips.setVisible(not summary.assessment_done)
        self.pause_card.setVisible(summary.open_red_flag_tier is not None)
        if summary.open_red_flag_tier == "EMERGENCY":
            self.pause_text.setText(_("Your exercises are paused. Please get urgent medical help, as we advised."))
        elif summary.open_red_flag_tier == "CLINICIAN_SOON":
            self.pause_text.setText(_(
                "Your exercises are paused until a doctor or physiotherapist has checked you. Learning and "
                "the diary are still open."))
        self.plan_card.setVisible(summary.assessment_done and bool(summary.chains))
        if not summary.assessment_done or not summary.chains:
            self._auto_checkin_day = now.date()  # nothing to check in for yet: this open is used up
            for w in (self.checkin_card, self.flare_card, self.progress_card, self.topic_card, self.draft_card):
                w.hide()
            self._focus_next_step()  # "Start your assessment", not "Switch person"
            return
        if self.view is None:
            self.plan_title.setText(_("Today's session"))
            self.plan_body.setText(_("Getting today's plan…"))
        profile_id = summary.profile.id
        # Today's plan needs the engine and the content: start it once the first screen is on show (once, even if
        # the summary arrives twice at start).
        if not getattr(self, "_view_pending", False):
            self._view_pending = True
            self.ctx.when_shell_ready(lambda: self._load_view(profile_id))

    def _load_view(self, profile_id: int) -> None:
        self._view_pending = False
        ctx = self.ctx
        root = ctx.paths.root

        def work() -> tuple[Any, Any, Any]:
            from backtrainer.content.exercises import load_library
            from backtrainer.services.session_state import load_draft
            from backtrainer.services.training import TrainingService

            view = TrainingService(ctx.paths.db, ctx.clock).today(profile_id)
            return view, load_draft(root, profile_id), load_library()

        def done(value: tuple[Any, Any, Any]) -> None:
            view, draft, self._library = value
            self.show_view(view, draft)
            self._maybe_checkin_first(view)

        ctx.runner.run(work, done)

    def _maybe_checkin_first(self, view: Any) -> None:
        """The first open of a day asks the morning check-in before anything else."""
        if self._auto_checkin_day == view.day:
            return
        self._auto_checkin_day = view.day
        if view.checkin_due and not view.locked_tier and "checkin" in self.ctx.page_names:
            # After the shell has finished showing Today (it may still be switching to it).
            QTimer.singleShot(0, self._checkin_now)

    def _checkin_now(self) -> None:
        if self.isVisible():
            self.ctx.signals.navigate.emit("checkin")

    def show_view(self, view: Any, draft: Any) -> None:
        from backtrainer.ui.pages.session.words import decision_line, event_sentence, kind_words

        self.view = view
        self.draft = draft
        library = getattr(self, "_library", None)
        if library is None:
            from backtrainer.content.exercises import load_library

            library = self._library = load_library()
        locked = view.locked_tier is not None

        # Unfinished session.
        if draft is not None:
            total = len(draft.plan.items)
            self.draft_text.setText(ngettext(
                "You finished {done} of {total} exercise. You can carry on, or save what you did.",
                "You finished {done} of {total} exercises. You can carry on, or save what you did.",
                total).format(done=draft.done_count, total=total))
        self.draft_card.setVisible(draft is not None)

        # Safety questions due again.
        rescreen = tuple(getattr(view, "rescreen", ()))
        self.rescreen_card.setVisible(bool(rescreen) and not locked)
        if rescreen:
            from backtrainer.content.screening import rescreen_text

            self.rescreen_text.setText(rescreen_text(rescreen))

        # Check-in.
        self.checkin_card.setVisible(view.checkin_due and not locked)
        self.checkin_text.setText(
            _("How did your back feel when you got up? Your answer helps decide what happens next.") if
            view.morning_window else _("How has your back been over the last day? It takes about a minute."))

        # Session.
        self._clear_exercises()
        plan = view.session
        changes: list[str] = []
        show_start = False
        from backtrainer.core.progression import AWAITING_APPROVAL
        from backtrainer.core.screening import RS_NEVER

        if locked:
            self.plan_title.setText(_("Your exercises are paused"))
            self.plan_body.setText(_("Please follow the safety advice you were given. You can still read the "
                                     "lessons."))
        elif RS_NEVER in rescreen:  # a plan from a clinician's file, and no full safety screen yet (ref 1.4)
            self.plan_title.setText(_("First, the safety questions"))
            self.plan_body.setText(_("Your plan is ready. Please answer the safety questions above before your "
                                     "first session."))
            if plan is not None and plan.items:
                self._fill_exercises(plan, library)
        elif view.session_done_today:
            self.plan_title.setText(_("Done for today. Well done!"))
            body = [_("Rest, or take a short walk if you feel like it.")]
            if view.next_session_day:
                body.append(_("Your next session is on {day}.").format(day=day_name(view.next_session_day)))
            self.plan_body.setText(" ".join(body))
        elif plan is not None and plan.items and (view.session_day or view.flare_active):
            words = kind_words(plan.kind.value)
            if view.flare_active and view.flare_day:
                words = _("{session} (day {day})").format(session=words, day=view.flare_day)
            self.plan_title.setText(words)
            minutes = int(plan.minutes)
            exercises = ngettext("{count} exercise", "{count} exercises", len(plan.items)).format(count=len(plan.items))
            body = [ngettext("{exercises}, about {count} minute.", "{exercises}, about {count} minutes.",
                             minutes).format(exercises=exercises, count=minutes)]
            if plan.kind.value == "HALF":
                body.append(_("It is lighter today and does not count toward moving on."))
            self.plan_body.setText(" ".join(body))
            self._fill_exercises(plan, library)
            show_start = True
        else:
            self.plan_title.setText(_("Rest day"))
            body = [_("No exercise session today. A short walk is a good idea.")]
            if view.next_session_day:
                body.append(_("Your next session is on {date}.").format(date=_day_and_date(view.next_session_day)))
            self.plan_body.setText(" ".join(body))
            if plan is not None and plan.items:
                self._fill_exercises(plan, library)
        if view.result is not None and not locked:
            for d in view.result.decisions:
                if AWAITING_APPROVAL in d.reasons:  # ref 8.5: the move up waits for the clinician
                    changes.append(_("• {name}: ready for the next step. Your clinician checks it first.").format(
                        name=library.exercise(d.exercise_id).name))
                    continue
                if d.action.value in ("PROGRESS", "REGRESS_STEP", "REGRESS_LEVEL", "DELOAD", "PAUSE"):
                    head, why = decision_line(d, library)
                    if d.action.value == "PROGRESS" and not getattr(view, "moves_up_by_itself", True):
                        why = _("{why} Your clinician checks this step up before it happens.").format(why=why)
                    changes.append(f"• {head}. {why}".strip())
            for e in view.result.events:
                if e.code in ("FLARE_START", "FLARE_EXIT", "FLARE_ESCALATE", "REDFLAG_QUICK_CHECK", "FULL_RESCREEN",
                              "U_RESET", "WALK_QUOTA", "CLINICIAN_SUGGEST", "REENTRY"):
                    text = event_sentence(e.code, e.params)
                    if text:
                        changes.append(text)
        if view.gap_days is not None and view.gap_days >= 7 and not locked:
            changes.insert(0, _("Welcome back. It has been {days} days since your last session, so today starts a "
                                "little easier.").format(days=view.gap_days))
        self.changes_text.setText("\n".join(dict.fromkeys(changes)))
        self.changes_text.setVisible(bool(changes))
        if draft is not None:
            self.session_button.setText(_("Resume my session"))
        elif view.flare_active:
            self.session_button.setText(_("Start the flare-up session"))
        else:
            self.session_button.setText(_("Start today's session"))
        self.session_button.setAccessibleName(self.session_button.text())
        self.session_button.setVisible(show_start and draft is None)  # the unfinished-session card resumes
        self.plan_card.show()

        # Flare-up.
        self.flare_card.setVisible(not locked)
        if view.flare_active:
            self.flare_title.setText(_("Flare-up plan"))
            self.flare_text.setText(_("You are on the flare-up plan. Keep moving gently, take short walks and keep "
                                      "doing your daily check-in. You go back to your normal plan step by step as "
                                      "it settles."))
            self.flare_button.hide()
        else:
            self.flare_title.setText(_("Having a bad day?"))
            self.flare_text.setText(_("If your back is much worse than usual, switch to the short, gentle flare-up "
                                      "plan. Flare-ups are common and usually settle in a few days."))
            self.flare_button.show()

        # Week.
        weeks = view.streak_weeks
        if weeks:
            streak = ngettext("{count} week in a row with your exercises.",
                              "{count} weeks in a row with your exercises.", weeks).format(count=weeks)
        elif view.week_done:  # the summary said "your streak starts now" (issue 20 item 11): agree with it
            streak = _("Your streak has started. Do this week's sessions to make it a week in a row.")
        else:
            streak = _("Your streak starts with your next session.")
        week = ngettext("This week: {done} of {planned} session done.", "This week: {done} of {planned} sessions done.",
                        view.week_planned).format(done=view.week_done, planned=view.week_planned)
        checkin = (_("Your check-in for today is waiting.") if view.checkin_due else
                   _("Next check-in: tomorrow morning."))
        self.progress_text.setText(f"{week} {streak} {checkin}")
        self.progress_card.show()

        # Topic of the day.
        self._show_topic(view.topic)
        self.tips.setVisible(False)
        self._focus_next_step()

    def _show_topic(self, topic_id: str | None) -> None:
        if not topic_id:
            self.topic_card.hide()
            return
        from backtrainer.content.education import load_education

        try:
            topic = load_education().topic(topic_id)
        except KeyError:
            self.topic_card.hide()
            return
        self.topic_title.setText(_("Today's topic: {title}").format(title=topic.title))
        self.topic_text.setText(topic.summary)
        self.topic_more.setText(topic.learn_more)
        self.topic_more.hide()
        self.topic_more_button.setText(_("Learn more"))
        self.topic_card.show()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # the text size may have changed
            for index in range(self.exercise_list.count()):
                item = self.exercise_list.itemAt(index)
                button = item.widget() if item is not None else None
                if isinstance(button, QPushButton):
                    button.setText(_link_lines(button.accessibleName()))

    def _clear_exercises(self) -> None:
        while self.exercise_list.count():
            item = self.exercise_list.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()

    def _fill_exercises(self, plan: Any, library: Any) -> None:
        from backtrainer.ui.pages.session.words import dose_text

        for item in plan.items:
            spec = library.exercise(item.exercise_id)
            text = _("{name}: {dose}").format(name=spec.name, dose=dose_text(item.dose, per_side=spec.per_side))
            about = _("About {name}: how to do it and what changed").format(name=spec.name)
            b = _button(_link_lines(text), "link", description=about)
            b.setAccessibleName(text)
            b.setMinimumHeight(36)
            b.setStyleSheet("text-align: left;")
            b.clicked.connect(lambda _=False, ex=item.exercise_id: self._open_exercise(ex))
            self.exercise_list.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
