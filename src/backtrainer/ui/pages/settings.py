"""Settings: text size, theme, motion, sounds, read-aloud, language, emergency number, start-up, reminders and
clinic videos. Changes apply at once and are saved off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import N_, _
from backtrainer.ui import theme
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column
from backtrainer.ui.widgets.checks import WrapCheck
from backtrainer.ui.widgets.flow import flow_row

log = logging.getLogger("backtrainer.ui")

TEXT_SIZES = (1.0, 1.25, 1.5, 1.75, 2.0)
THEMES = (("light", N_("Light")), ("dark", N_("Dark")), ("high_contrast", N_("High contrast")))
LANGUAGES = (("system", N_("Same as this computer")), ("en", "English"), ("es", "Español"))
DAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
DAY_FULL = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))


def _choice_row(
    options: tuple[tuple[str, str], ...], name: str
) -> tuple[QWidget, QButtonGroup, dict[str, QPushButton]]:
    buttons: dict[str, QPushButton] = {}
    for key, text in options:
        button = QPushButton(_(text))
        button.setCheckable(True)
        button.setAutoExclusive(True)  # one choice of a few: "radio button" to a screen reader (issue 16)
        button.setAccessibleName(_("{setting}: {choice}").format(setting=name, choice=_(text)))
        button.setMinimumHeight(44)
        buttons[key] = button
    holder = flow_row(list(buttons.values()))
    group = QButtonGroup(holder)
    group.setExclusive(True)
    for button in buttons.values():
        group.addButton(button)
    return holder, group, buttons


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def _pin_edit(name: str) -> QLineEdit:
    """A hidden 4-6 digit entry."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(6)
    edit.setValidator(QRegularExpressionValidator(r"[0-9]{0,6}"))
    edit.setAccessibleName(name)
    return edit


def _action(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


def _field(title: str, widget: QWidget) -> QWidget:
    """A caption above its input (never side by side, so large text never runs off the page)."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    caption = QLabel(title)
    caption.setWordWrap(True)
    caption.setBuddy(widget)
    column.addWidget(caption)
    column.addWidget(widget)
    return holder


class SettingsPage(Page):
    NAME = "settings"
    TITLE = "Settings"
    ORDER = 80
    WATCHES = Changes.SETTINGS | Changes.PROFILE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self._settings: Any = None
        self._numbers: dict[str, str] = {}
        self._other_number: str | None = None
        layout = scroll_column(self)
        layout.addWidget(label(_("Settings"), "title"))

        # -- Display -------------------------------------------------------------------------------------------
        display, box = card()
        box.addWidget(label(_("How it looks"), "subtitle"))
        box.addWidget(label(_("Text size"), "body"))
        sizes = tuple((f"{s:.2f}", f"{round(s * 100)} %") for s in TEXT_SIZES)
        holder, self.size_group, self.size_buttons = _choice_row(sizes, _("Text size"))
        box.addWidget(holder)
        box.addWidget(label(_("Colours"), "body"))
        holder, self.theme_group, self.theme_buttons = _choice_row(THEMES, _("Colours"))
        box.addWidget(holder)
        self.reduce_motion = WrapCheck(_("Reduce motion (videos wait until you press Play)"))
        self.reduce_motion.setAccessibleName(_("Reduce motion"))
        box.addWidget(self.reduce_motion)
        layout.addWidget(display)

        # -- Sound and speech ----------------------------------------------------------------------------------
        sound, box = card()
        box.addWidget(label(_("Sound and reading aloud"), "subtitle"))
        self.sounds = WrapCheck(_("Play a soft tick and a tone when the exercise phase changes"))
        self.sounds.setAccessibleName(_("Exercise sounds"))
        box.addWidget(self.sounds)
        self.read_aloud = WrapCheck(_("Read the exercise tips and lessons aloud"))
        self.read_aloud.setAccessibleName(_("Read aloud"))
        box.addWidget(self.read_aloud)
        self.test_voice = _action(_("Test the voice"), _("Test the voice"), self._on_test_voice)
        box.addWidget(flow_row([self.test_voice]))
        self.voice_note = label("", "muted")
        box.addWidget(self.voice_note)
        layout.addWidget(sound)

        # -- Language and safety ---------------------------------------------------------------------------------
        lang, box = card()
        box.addWidget(label(_("Language and emergency number"), "subtitle"))
        self.language = _combo(_("Language"))
        for key, text in LANGUAGES:
            self.language.addItem(_(text), key)
        box.addWidget(_field(_("Language"), self.language))
        self.emergency = _combo(_("Emergency number"))
        box.addWidget(_field(_("Emergency number"), self.emergency))
        self.language_note = label(_("A new language is used from the next start."), "muted")
        box.addWidget(self.language_note)
        layout.addWidget(lang)

        # -- Reminders -------------------------------------------------------------------------------------------
        remind, box = card()
        box.addWidget(label(_("Reminders"), "subtitle"))
        box.addWidget(label(_("We remind you gently while BackTrainer is open. A missed day is fine: "
                            "you can always pick up where you left off."), "muted"))
        self.reminders_on = WrapCheck(_("Remind me about my sessions and the morning check-in"))
        self.reminders_on.setAccessibleName(_("Reminders on"))
        box.addWidget(self.reminders_on)
        self.day_buttons: list[QPushButton] = []
        for index, name in enumerate(DAY_NAMES):
            button = QPushButton(_(name))
            button.setCheckable(True)
            button.setAccessibleName(_("Training day: {day}").format(day=_(DAY_FULL[index])))
            button.setMinimumSize(56, 44)
            self.day_buttons.append(button)
        box.addWidget(label(_("Training days"), "body"))
        box.addWidget(flow_row(self.day_buttons))
        self.session_time = QTimeEdit()
        self.session_time.setDisplayFormat("HH:mm")
        self.session_time.setAccessibleName(_("Session reminder time"))
        self.checkin_time = QTimeEdit()
        self.checkin_time.setDisplayFormat("HH:mm")
        self.checkin_time.setAccessibleName(_("Morning check-in reminder time"))
        box.addWidget(flow_row([_field(_("Session reminder"), self.session_time),
                                _field(_("Morning check-in reminder"), self.checkin_time)], spacing=24))
        self.save_reminders = QPushButton(_("Save reminders"))
        self.save_reminders.setProperty("role", "primary")
        self.save_reminders.setAccessibleName(_("Save reminders"))
        self.save_reminders.clicked.connect(self._on_save_reminders)
        self.reminder_note = label("", "muted")
        box.addWidget(flow_row([self.save_reminders]))
        box.addWidget(self.reminder_note)
        self.autostart = WrapCheck(_("Open BackTrainer when I log in to this computer"))
        self.autostart.setAccessibleName(_("Open when I log in"))
        box.addWidget(self.autostart)
        layout.addWidget(remind)

        # -- PIN ------------------------------------------------------------------------------------------------
        pin_card, box = card()
        box.addWidget(label(_("Protect my plan with a PIN"), "subtitle"))
        box.addWidget(label(_("If other people use this computer, a PIN of 4 to 6 digits keeps your answers and plan "
                            "private. Please remember it: there is no way to read it back."), "muted"))
        self.pin_new = _pin_edit(_("New PIN"))
        self.pin_again = _pin_edit(_("New PIN again"))
        box.addWidget(flow_row([_field(_("New PIN"), self.pin_new), _field(_("The same PIN again"), self.pin_again)],
                               spacing=24))
        self.set_pin = _action(_("Save PIN"), _("Save PIN"), self._on_set_pin)
        self.remove_pin = _action(_("Remove PIN"), _("Remove PIN"), self._on_remove_pin)
        box.addWidget(flow_row([self.set_pin, self.remove_pin]))
        self.pin_note = label("", "muted")
        box.addWidget(self.pin_note)
        layout.addWidget(pin_card)

        # -- Clinic videos ------------------------------------------------------------------------------------
        videos, box = card()
        box.addWidget(label(_("Your own exercise videos"), "subtitle"))
        box.addWidget(label(_("A clinic can show its own recording instead of the built-in video. If the file "
                            "is missing or cannot play, the built-in video is used."), "muted"))
        self.video_exercise = _combo(_("Exercise for a video of your own"))
        box.addWidget(self.video_exercise)
        self.pick_video = _action(_("Choose a video file…"), _("Choose a video file for this exercise"),
                                  self._on_pick_video)
        self.reset_video = _action(_("Use the built-in video"), _("Use the built-in video for this exercise"),
                                   self._on_reset_video)
        box.addWidget(flow_row([self.pick_video, self.reset_video]))
        self.video_status = label("", "muted")
        box.addWidget(self.video_status)
        layout.addWidget(videos)
        layout.addStretch(1)

        self.size_group.buttonClicked.connect(lambda _b: self._changed())
        self.theme_group.buttonClicked.connect(lambda _b: self._changed())
        for box_widget in (self.reduce_motion, self.sounds, self.read_aloud):
            box_widget.toggled.connect(lambda _on: self._changed())
        self.language.currentIndexChanged.connect(lambda _i: self._changed())
        self.emergency.currentIndexChanged.connect(lambda _i: self._changed())
        self.autostart.toggled.connect(self._on_autostart)
        self.video_exercise.currentIndexChanged.connect(lambda _i: self._show_video_status())

    # -- loading -------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        paths = self.ctx.paths
        profile_id = self.ctx.profile_id
        ctx = self.ctx

        def work() -> dict[str, Any]:
            from backtrainer import settings as app_settings
            from backtrainer.content.exercises import load_library
            from backtrainer.content.safety import load_safety
            from backtrainer.services import reminders
            from backtrainer.services.profiles import ReminderService

            library = load_library()
            choice: tuple[str | None, str | None] = (None, None)
            if profile_id is not None:
                from backtrainer.services.assessment import AssessmentService

                choice = AssessmentService(ctx.db(), ctx.clock).emergency_choice(profile_id)
            return {
                "choice": choice,
                "settings": app_settings.load(paths.settings),
                "numbers": [(n.code, n.label, n.number) for n in load_safety().emergency_numbers],
                "exercises": sorted((e.id, e.name) for e in library.exercises.values()),
                "reminders": ReminderService(ctx.db()).get(profile_id) if profile_id is not None else None,
                "autostart": reminders.autostart_enabled(),
            }

        self.ctx.runner.run(work, self._show)

    def _show(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            s = data["settings"]
            self._settings = s
            key = f"{min(TEXT_SIZES, key=lambda v: abs(v - s.text_scale)):.2f}"
            self.size_buttons[key].setChecked(True)
            self.theme_buttons[s.theme].setChecked(True)
            self.reduce_motion.setChecked(s.reduce_motion)
            self.sounds.setChecked(s.sounds)
            self.read_aloud.setChecked(s.read_aloud)
            self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
            self.emergency.clear()
            self.emergency.addItem(_("Choose your country"), "")
            self._numbers = {code: number for code, _country, number in data["numbers"]}
            for code, country, number in data["numbers"]:
                self.emergency.addItem(_("{country}: {number}").format(country=country, number=number), code)
            # One stored choice (issue 20 item 6): the person's own country from About you, else this computer's.
            country, number = data["choice"]
            if country is None and number:
                country = next((c for c, n in self._numbers.items() if n == number), None)
                if country is None:
                    self.emergency.addItem(_("Somewhere else: {number}").format(number=number), "OTHER")
                    country = "OTHER"
            self._other_number = number
            wanted = country or s.emergency_country
            self.emergency.setCurrentIndex(max(0, self.emergency.findData(wanted)))
            self.autostart.setChecked(bool(data["autostart"]))
            self.video_exercise.clear()
            for ex_id, name in data["exercises"]:
                self.video_exercise.addItem(f"{name} ({ex_id})", ex_id)
            rem = data["reminders"]
            self.reminders_on.box.setEnabled(rem is not None)
            if rem is not None:
                self.reminders_on.setChecked(rem.on)
                for index, button in enumerate(self.day_buttons):
                    button.setChecked(index in rem.weekdays)
                self.session_time.setTime(QTime.fromString(rem.session_time, "HH:mm"))
                self.checkin_time.setTime(QTime.fromString(rem.checkin_time, "HH:mm"))
            self._show_video_status()
        finally:
            self._loading = False

    # -- saving ----------------------------------------------------------------------------------------------------
    def _changed(self) -> None:
        if self._loading or self._settings is None:
            return
        size = next((float(k) for k, b in self.size_buttons.items() if b.isChecked()), 1.0)
        theme_name = next((k for k, b in self.theme_buttons.items() if b.isChecked()), "light")
        new = self._settings.model_copy(update={
            "text_scale": size, "theme": theme_name, "reduce_motion": self.reduce_motion.isChecked(),
            "sounds": self.sounds.isChecked(), "read_aloud": self.read_aloud.isChecked(),
            "language": self.language.currentData() or "system",
            "emergency_country": self.emergency.currentData() or "",
        })
        self._apply(new)
        self._save_emergency(self.emergency.currentData() or "")  # first: the reload after a save reads it back
        self._save(new)

    def _save_emergency(self, code: str) -> None:
        """The country goes to the person's profile too, where the safety screens read it (issue 20 item 6)."""
        profile_id = self.ctx.profile_id
        number = self._numbers.get(code) if code != "OTHER" else self._other_number
        if profile_id is None or not code or not number:
            return
        ctx = self.ctx
        country = None if code == "OTHER" else code

        def work() -> None:
            from backtrainer.services.assessment import AssessmentService

            AssessmentService(ctx.db(), ctx.clock).set_emergency_choice(profile_id, country, number)

        self.ctx.runner.run(work, lambda _r: self.ctx.signals.dataChanged.emit(Changes.PROFILE))

    def _apply(self, new: Any) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if (new.theme, new.text_scale) != (self._settings.theme, self._settings.text_scale):
                theme.apply(app, new.theme, new.text_scale)
            app.setProperty("bt_reduce_motion", new.reduce_motion)
            app.setProperty("bt_sounds", new.sounds)
        self.ctx.apply_settings(new)
        self._settings = new

    def _save(self, new: Any) -> None:
        path = self.ctx.paths.settings

        def work() -> None:
            from backtrainer import settings as app_settings

            app_settings.save(new, path)

        self.ctx.runner.run(work, lambda _r: self.ctx.signals.dataChanged.emit(Changes.SETTINGS))

    def _on_test_voice(self) -> None:
        from backtrainer.ui.speech import speaker

        talker = speaker()
        if not talker.available():
            self.voice_note.setText(_("No voice is installed on this computer, so reading aloud is not available."))
            return
        was = talker.enabled
        talker.enabled = True
        talker.say("This is how the tips will sound.")
        talker.enabled = was
        self.voice_note.setText("")

    def _on_save_reminders(self) -> None:
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        from backtrainer.services.profiles import ReminderService, ReminderSettings

        value = ReminderSettings(
            on=self.reminders_on.isChecked(), session_time=self.session_time.time().toString("HH:mm"),
            checkin_time=self.checkin_time.time().toString("HH:mm"),
            weekdays=tuple(i for i, b in enumerate(self.day_buttons) if b.isChecked()))
        ctx = self.ctx

        def done(_r: object) -> None:
            self.reminder_note.setText(_("Saved."))
            ctx.signals.dataChanged.emit(Changes.PLAN)

        def failed(exc: BaseException) -> None:
            self.reminder_note.setText(str(exc))

        ctx.runner.run(lambda: ReminderService(ctx.db()).set(profile_id, value), done, failed)

    def _on_autostart(self, on: bool) -> None:
        if self._loading:
            return

        def work() -> bool:
            from backtrainer.services import reminders

            if on:
                reminders.enable_autostart()
            else:
                reminders.disable_autostart()
            return reminders.autostart_enabled()

        def failed(exc: BaseException) -> None:
            log.warning("autostart change failed: %s", type(exc).__name__)
            self._loading = True
            self.autostart.setChecked(not on)
            self._loading = False

        self.ctx.runner.run(work, None, failed)
        if self._settings is not None:
            new = self._settings.model_copy(update={"autostart": on})
            self._settings = new
            self._save(new)

    # -- PIN ----------------------------------------------------------------------------------------------------
    def _pin_call(self, pin: str | None, done_text: str) -> None:
        profile_id = self.ctx.profile_id
        if profile_id is None:
            return
        ctx = self.ctx

        def work() -> None:
            from backtrainer.services.profiles import ProfilePins

            ProfilePins(ctx.db(), ctx.clock).set_pin(profile_id, pin)

        def done(_r: object) -> None:
            self.pin_new.clear()
            self.pin_again.clear()
            self.pin_note.setText(done_text)
            ctx.signals.dataChanged.emit(Changes.PROFILE)

        ctx.runner.run(work, done, lambda exc: self.pin_note.setText(str(exc)))

    def _on_set_pin(self) -> None:
        if self.pin_new.text() != self.pin_again.text():
            self.pin_note.setText(_("The two PINs are not the same. Please type them again."))
            return
        self._pin_call(self.pin_new.text(), "Your PIN is saved. You will be asked for it when BackTrainer opens.")

    def _on_remove_pin(self) -> None:
        self._pin_call(None, "Your PIN is removed.")

    # -- clinic videos ---------------------------------------------------------------------------------------------
    def _show_video_status(self) -> None:
        ex_id = self.video_exercise.currentData()
        chosen = (self._settings.clinic_videos if self._settings is not None else {}).get(ex_id)
        self.video_status.setText(_("Using your file: {path}").format(path=chosen) if chosen
                                  else _("Using the built-in video."))
        self.reset_video.setEnabled(bool(chosen))

    def _on_pick_video(self) -> None:
        ex_id = self.video_exercise.currentData()
        if not ex_id or self._settings is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "Choose a video", str(Path.home()),
                                              "Videos (*.webm *.mp4 *.mkv *.mov)")
        if not path:
            return
        videos = dict(self._settings.clinic_videos)
        videos[ex_id] = path
        new = self._settings.model_copy(update={"clinic_videos": videos})
        self._settings = new
        self.ctx.apply_settings(new)
        self._save(new)
        self._show_video_status()

    def _on_reset_video(self) -> None:
        ex_id = self.video_exercise.currentData()
        if not ex_id or self._settings is None:
            return
        videos = {k: v for k, v in self._settings.clinic_videos.items() if k != ex_id}
        new = self._settings.model_copy(update={"clinic_videos": videos})
        self._settings = new
        self.ctx.apply_settings(new)
        self._save(new)
        self._show_video_status()
