"""Step 1 (intro: what the steps are) and step 2 (About you), plus the "this program is for adults" screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.pages.assessment.common import (
    ChoiceGroup,
    Problem,
    StepView,
    bullet_list,
    button,
    section,
    wrapped_check,
    yes_no,
)
from backtrainer.ui.pages.base import label
from backtrainer.ui.widgets.number_entry import NumberEntry

INTRO_STEPS: tuple[tuple[str, str], ...] = (
    (N_("About you"), N_("Your age, how long this has lasted, and a few health questions. About 2 minutes.")),
    (N_("Safety questions"), N_("Short yes or no questions that keep you safe. About 4 minutes.")),
    (N_("Where you feel it"), N_("Mark where you have pain or other feelings on a body picture. About 2 minutes.")),
    (N_("Your back and daily life"), N_("Your pain today and a few questions about daily life. About 5 minutes.")),
    (N_("Movement checks"), N_("Simple movements with a timer, to find a good starting point. About 15 minutes.")),
    (N_("Your plan"), N_("Your starting exercises, why we chose them, and your week.")),
)


class IntroView(StepView):
    STEP = "intro"
    TITLE = N_("Your assessment")
    NEXT_TEXT = N_("Start")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.body.addWidget(label(
            _("A few short steps help us choose safe exercises that suit you. Here is what comes next."), "body"))
        frame, box = section("")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        for row, (title, text) in enumerate(INTRO_STEPS):
            number = label(str(row + 1), "subtitle")
            number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            number.setMinimumWidth(28)
            grid.addWidget(number, row, 0)
            grid.addWidget(label(_(title), "subtitle"), row, 1)
            grid.addWidget(label(_(text), "muted"), row, 2)
            grid.setColumnStretch(2, 1)
        box.addLayout(grid)
        self.body.addWidget(frame)
        note, note_box = section(_("Good to know"), role="ok")
        note_box.addWidget(bullet_list([
            _("You can stop at any time. We save each step, so you can carry on later from where you stopped."),
            _("Back takes you to the previous screen. Your answers are kept."),
            _("This is not a test you can pass or fail, and it does not diagnose anything."),
            _("Some questions are about safety. Most people who answer yes to one of them do not have anything "
              "serious. We ask so that we can send you to the right help if needed."),
        ]))
        self.body.addWidget(note)

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        rerun = snapshot is not None and (snapshot.done or snapshot.state.get("had_plan"))
        self.set_heading(_("Check in again") if rerun else _("Your assessment"))

    def on_next(self) -> None:
        snap = self.flow.snapshot
        if snap is not None and snap.state.get("step") and snap.step != "intro":
            self.flow.goto(snap.step)
            return
        self.flow.call(lambda s: s.start(self.flow.profile_id, mode="full"),
                       lambda _snap: self.flow.after_save("about"))

    def first_focus(self) -> QWidget | None:
        return self.flow.next_button


class AboutView(StepView):
    STEP = "about"
    TITLE = N_("About you")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.screening import load_red_flags, load_safety
        from backtrainer.services.assessment import DURATION_CHOICES

        self.body.addWidget(label(_("This helps us keep you safe and pick the right starting point."), "muted"))

        frame, box = section(_("You"))
        box.addWidget(label(_("Name or nickname")))
        self.nickname = QLineEdit()
        self.nickname.setMaxLength(80)
        self.nickname.setAccessibleName(_("Name or nickname"))
        box.addWidget(self.nickname)
        age_label = label(_("Your age in years"))
        box.addWidget(age_label)
        self.age = NumberEntry(minimum=1, maximum=120, placeholder=_("Type your age"))
        self.age.setAccessibleName(_("Your age in years"))
        self.age.setMinimumWidth(180)
        self.age.setMaximumWidth(220)
        age_label.setBuddy(self.age)
        box.addWidget(self.age)
        self.body.addWidget(frame)

        frame, box = section(_("Your back pain"))
        self.first_label = label(_("Is this the first time you have had back pain that really bothered you?"))
        box.addWidget(self.first_label)
        self.first_episode = ChoiceGroup(
            (("YES", _("Yes, this is the first time")), ("NO", _("No, I have had it before"))),
            question=_("Is this your first episode of back pain?"))
        box.addWidget(self.first_episode)
        box.addWidget(label(_("How long has this episode lasted so far?")))
        self.duration = ChoiceGroup(tuple((str(w), _(text)) for text, w in DURATION_CHOICES),
                                    question=_("How long has this episode lasted?"), vertical=True)
        box.addWidget(self.duration)
        self.body.addWidget(frame)

        frame, box = section(_("Your health"), _("Tick any that apply to you. If none apply, leave them all empty."))
        self.flags: dict[str, QCheckBox] = {}
        for item in load_red_flags().profile_flags:
            row, check = wrapped_check(item.text)
            self.flags[item.id] = check
            box.addWidget(row)
        self.body.addWidget(frame)

        frame, box = section(_("Getting ready"))
        box.addWidget(label(_("Can you lie on your front (face down) for a few minutes without discomfort?")))
        self.prone = ChoiceGroup((("YES", _("Yes")), ("NO", _("No, or I am not sure"))),
                                 question=_("Can you lie on your front comfortably?"))
        box.addWidget(self.prone)
        box.addWidget(label(_("Do you have an elastic exercise band?")))
        self.band = ChoiceGroup(yes_no(), question=_("Do you have an elastic exercise band?"))
        box.addWidget(self.band)
        self.body.addWidget(frame)

        frame, box = section(_("In an emergency"),
                             _("Where do you live? We use this to show the right emergency number. "
                               "It works offline."))
        self.country = QComboBox()
        self.country.setAccessibleName(_("Country for the emergency number"))
        # On Linux a screen reader names a drop-down by its chosen text and reads its label through the buddy link,
        # and the open list needs its own name (issue 16, AT-SPI test).
        last = box.itemAt(box.count() - 1)
        buddy = last.widget() if last is not None else None
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.country)
        self.country.view().setAccessibleName(_("Country for the emergency number"))
        self._numbers = {n.code: n.number for n in load_safety().emergency_numbers}
        self.country.addItem(_("Choose your country"), None)  # no country is taken for granted
        for n in load_safety().emergency_numbers:
            self.country.addItem(_("{country}: {number}").format(country=n.label, number=n.number), n.code)
        self.country.addItem(_("Somewhere else: I will type the number"), "OTHER")
        self.country.currentIndexChanged.connect(self._on_country)
        box.addWidget(self.country)
        self.other_number = QLineEdit()
        self.other_number.setMaxLength(6)
        self.other_number.setPlaceholderText(_("Emergency number, for example 112"))
        self.other_number.setAccessibleName(_("Your local emergency number"))
        self.other_number.setMaximumWidth(260)
        self.other_number.hide()
        box.addWidget(self.other_number)
        self.body.addWidget(frame)

    def _on_country(self) -> None:
        self.other_number.setVisible(self.country.currentData() == "OTHER")

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        if snapshot is None:
            return
        p = snapshot.profile
        about = snapshot.about
        self.nickname.setText(p.nickname)
        self.age.setValue(p.age)
        self.first_episode.set_value(None if p.first_episode is None else ("YES" if p.first_episode else "NO"))
        if p.pain_weeks is not None:
            keys = list(self.duration.buttons)
            self.duration.set_value(str(p.pain_weeks) if str(p.pain_weeks) in keys else None)
        for flag, check in self.flags.items():
            check.setChecked(flag in p.flags)
        if "prone_ok" in about:
            self.prone.set_value("YES" if about["prone_ok"] else "NO")
        if "has_band" in about:
            self.band.set_value("YES" if about["has_band"] else "NO")
        country = about.get("country") or (None if p.emergency_number else self._computer_country())
        index = self.country.findData(country) if country else -1
        if index < 0 and p.emergency_number:
            match = next((code for code, number in self._numbers.items() if number == p.emergency_number), None)
            if match is None:
                index = self.country.findData("OTHER")
                self.other_number.setText(p.emergency_number)
            else:
                index = self.country.findData(match)
        self.country.setCurrentIndex(max(0, index))
        self._on_country()

    def _computer_country(self) -> str | None:
        """The country chosen in Settings on this computer (one stored choice, issue 20 item 6), if any."""
        from backtrainer import settings as app_settings

        try:
            code = app_settings.load(self.flow.ctx.paths.settings).emergency_country
        except Exception:  # damaged settings fall back to no choice
            return None
        return code or None

    def first_focus(self) -> QWidget | None:
        return self.nickname if not self.nickname.text() else self.age

    def problems(self) -> list[Problem]:
        """What is still missing, each shown under its own question (issue 16, issue 20 item 8)."""
        out: list[Problem] = []
        if self.age.out_of_range():
            out.append(Problem(self.age, _("Please type your age in years, as a number.")))
        elif self.age.value() is None:
            out.append(Problem(self.age, _("Please tell us your age.")))
        if self.first_episode.value() is None:
            out.append(Problem(self.first_episode, _("Please tell us whether this is your first episode.")))
        if self.duration.value() is None:
            out.append(Problem(self.duration, _("Please tell us how long it has lasted.")))
        if self.prone.value() is None:
            out.append(Problem(self.prone, _("Please tell us whether you can lie on your front.")))
        if self.band.value() is None:
            out.append(Problem(self.band, _("Please tell us whether you have a band.")))
        code = self.country.currentData()
        if code is None:
            out.append(Problem(self.country, _("Please choose where you live, for the emergency number.")))
        elif code == "OTHER" and not self.other_number.text().strip().isdigit():
            out.append(Problem(self.other_number, _("Please type your emergency number.")))
        return out

    def on_next(self) -> None:
        from backtrainer.services.assessment import AboutYou

        problems = self.problems()
        if problems:
            self.flow.show_problems(problems)
            return
        code = self.country.currentData()
        number = self._numbers.get(code) if code != "OTHER" else self.other_number.text().strip()
        age = self.age.value()
        assert age is not None and number is not None
        about = AboutYou(
            nickname=self.nickname.text(), age=int(age), first_episode=self.first_episode.value() == "YES",
            pain_weeks=int(self.duration.value() or 0), flags=tuple(f for f, c in self.flags.items() if c.isChecked()),
            country=None if code == "OTHER" else code, emergency_number=number,
            prone_ok=self.prone.value() == "YES", has_band=self.band.value() == "YES",
        )
        from backtrainer.ui.context import Changes

        self.flow.call(lambda s: s.save_about(self.flow.profile_id, about),
                       lambda outcome: self.flow.after_save(outcome.next_step, Changes.ASSESSMENT | Changes.PROFILE))


class NotEligibleView(StepView):
    STEP = "not_eligible"
    TITLE = N_("This program is for adults")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.screening import load_safety

        text = load_safety().not_eligible
        self.set_heading(text.title)
        frame, box = section("", role="notice")
        box.addWidget(label(text.text))
        box.addWidget(label(
            _("Thank you for telling us about yourself. A doctor, physiotherapist or school nurse can help you find "
              "the right support for your back."), "body"))
        self.body.addWidget(frame)
        self.change = button(_("I typed my age wrong"), description=_("Go back to About you and change your age"))
        self.change.clicked.connect(self._on_change)
        self.body.addWidget(self.change, 0, Qt.AlignmentFlag.AlignLeft)

    def first_focus(self) -> QWidget | None:
        return self.change

    def _on_change(self) -> None:
        self.flow.call(lambda s: s.set_step(self.flow.profile_id, "about"),
                       lambda _: self.flow.reload(lambda _snap: self.flow.goto("about")))

    def on_next(self) -> None:
        pass
