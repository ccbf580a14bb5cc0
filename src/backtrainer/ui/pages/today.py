"""Today: what to do today. Until the assessment is done it shows an honest starting point."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from backtrainer.store.records import HomeSummary
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column


def greeting(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


class TodayPage(Page):
    NAME = "today"
    TITLE = "Today"
    ORDER = 10
    WATCHES = Changes.ALL

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary: HomeSummary | None = None
        layout = scroll_column(self)
        self.title = label("Today", "title")
        self.date_line = label("", "muted")
        layout.addWidget(self.title)
        layout.addWidget(self.date_line)

        self.start_card, box = card()
        self.start_card.setAccessibleName("Start your assessment")
        box.addWidget(label("Start your assessment", "subtitle"))
        self.start_text = label(
            "A few short steps help us choose safe exercises that suit you: some safety questions, where it "
            "hurts, a few questions about daily life, and some simple movement checks. It takes about 20 to "
            "30 minutes. You can stop at any point and carry on later.")
        box.addWidget(self.start_text)
        row = QHBoxLayout()
        self.start_button = QPushButton("Start your assessment")
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("Start your assessment")
        self.start_button.setAccessibleDescription("Opens the first step of the assessment")
        self.start_button.clicked.connect(lambda: ctx.signals.navigate.emit("assessment"))
        row.addWidget(self.start_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(self.start_card)

        self.plan_card, plan_box = card()
        self.plan_title = label("Your plan", "subtitle")
        self.plan_body = label("")
        plan_box.addWidget(self.plan_title)
        plan_box.addWidget(self.plan_body)
        layout.addWidget(self.plan_card)
        self.plan_card.hide()

        # "I have a new symptom" (ref 1.4 layer 3): opens the full safety questions again (a re-screen).
        self.symptom_card, symptom_box = card()
        symptom_box.addWidget(label("Something new or different?", "subtitle"))
        symptom_box.addWidget(label(
            "If you notice a new symptom, had a fall, or your pain feels different, answer the safety questions "
            "again. It takes a few minutes.", "muted"))
        symptom_row = QHBoxLayout()
        self.new_symptom_button = QPushButton("I have a new symptom")
        self.new_symptom_button.setAutoDefault(True)
        self.new_symptom_button.setAccessibleName("I have a new symptom")
        self.new_symptom_button.setAccessibleDescription("Opens the safety questions and the body map again")
        self.new_symptom_button.clicked.connect(self._on_new_symptom)
        symptom_row.addWidget(self.new_symptom_button)
        symptom_row.addStretch(1)
        symptom_box.addLayout(symptom_row)
        layout.addWidget(self.symptom_card)
        self.symptom_card.hide()

        self.pause_card, pause_box = card("notice")
        self.pause_text = label("")
        pause_box.addWidget(self.pause_text)
        layout.addWidget(self.pause_card)
        self.pause_card.hide()

        tips, tips_box = card("ok")
        tips_box.addWidget(label("Good to know", "subtitle"))
        tips_box.addWidget(label(
            "Staying active is one of the best things you can do for back pain. Some discomfort during "
            "exercise is normal and safe."))
        layout.addWidget(tips)
        layout.addStretch(1)

    def _on_new_symptom(self) -> None:
        ctx = self.ctx
        profile_id = ctx.profile_id
        if profile_id is None:
            return

        def work() -> object:
            from backtrainer.services.assessment import AssessmentService

            return AssessmentService(ctx.db(), ctx.clock).start(profile_id, mode="rescreen", reason="RS-NEW-PAIN")

        def done(_snapshot: object) -> None:
            ctx.signals.dataChanged.emit(Changes.ASSESSMENT)
            ctx.signals.navigate.emit("assessment")

        ctx.runner.run(work, done)

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
        self.title.setText(f"{greeting(now.hour)}, {summary.profile.nickname}")
        self.date_line.setText(date.fromordinal(now.toordinal()).strftime("%A %d %B %Y"))
        self.start_card.setVisible(not summary.assessment_done)
        self.start_button.setVisible("assessment" in self.ctx.page_names)
        if summary.assessment_step and not summary.assessment_done:
            self.start_button.setText("Carry on with your assessment")
            self.start_button.setAccessibleName("Carry on with your assessment")
        self.symptom_card.setVisible(summary.assessment_done and "assessment" in self.ctx.page_names)
        self.pause_card.setVisible(summary.open_red_flag_tier is not None)
        if summary.open_red_flag_tier == "EMERGENCY":
            self.pause_text.setText("Your exercises are paused. Please get urgent medical help, as we advised.")
        elif summary.open_red_flag_tier == "CLINICIAN_SOON":
            self.pause_text.setText(
                "Your exercises are paused until a doctor or physiotherapist has checked you. Learning and "
                "the diary are still open.")
        self.plan_card.setVisible(summary.assessment_done and bool(summary.chains))
        if summary.chains:
            lines = [f"{chain}: {exercise} (level {level}, step {step})"
                     for chain, exercise, level, step in summary.chains]
            self.plan_body.setText("\n".join(lines))
