"""Clinic: the clinician's controls (ref 8.5). Locked until a clinician PIN is entered; a set-up form while clinic mode
is off; then the patient list with per-patient plan controls, red-flag clearing, plan hand-off files and the
end-of-loan export and wipe.

Every change goes through ``services.clinic.ClinicService`` on the worker thread (one transaction and one logged
event per action). The page locks itself again whenever it is hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.i18n import N_, _, decimal, ngettext
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column
from backtrainer.ui.widgets.checks import WrapButton, WrapCheck
from backtrainer.ui.widgets.flow import flow_row
from backtrainer.ui.widgets.number_entry import fit_hint

log = logging.getLogger("backtrainer.ui")

# English msgids (N_), translated where they are shown.
DAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
DAY_SESSION_NAMES = (N_("Session on Monday"), N_("Session on Tuesday"), N_("Session on Wednesday"),
                     N_("Session on Thursday"), N_("Session on Friday"), N_("Session on Saturday"),
                     N_("Session on Sunday"))
# The patient's Appendix B thresholds on the clinic page: (name, what it does, rule, how it is shown). "pct" shows a
# fraction as a percentage; "tenth" a number with one decimal; "int" a whole number. Clinician-facing text.
THRESHOLDS: tuple[tuple[str, str, str, str], ...] = (
    ("pre_session_flare_prompt", N_("Ask \"Is this a flare-up?\" when pain before a session is at least"), "6.2",
     "int"),
    ("settled_margin", N_("Next morning counts as settled up to usual pain plus"), "6.3", "int"),
    ("not_settled_margin", N_("Next morning counts as not settled from usual pain plus"), "6.3", "int"),
    ("trend_worsening_delta", N_("Weekly pain trend counts as worse when it rises by"), "6.4", "tenth"),
    ("rpe_max_for_progress", N_("Move up only when effort (0-10) was at most"), "6.4", "int"),
    ("completion_incomplete_below", N_("An exercise counts as incomplete below this share of its reps"), "6.4",
     "pct"),
    ("hold_counts_if_pct", N_("A stopped hold counts when held for this share of its time"), "6.1", "pct"),
    ("sessions_to_progress", N_("Good sessions in a row before moving up"), "6.6", "int"),
    ("sessions_to_progress_slow", N_("Good sessions in a row before moving up, SLOW modifier"), "6.9", "int"),
    ("max_progressions_per_session", N_("Most exercises moved up after one session"), "6.5", "int"),
    ("flare_morning_delta_single", N_("Flare-up when one morning is above usual pain by"), "6.7", "int"),
    ("flare_morning_delta_two_days", N_("Flare-up when two mornings in a row are above usual pain by"), "6.7",
     "int"),
    ("flare_exit_margin", N_("Flare-up ends after two mornings at most usual pain plus"), "6.7", "int"),
    ("walk_start_fraction", N_("Walking starts at this share of the first walk test"), "5.7", "pct"),
    ("walk_weekly_increase", N_("Walking time goes up each week by"), "5.7", "pct"),
    ("odi_min_answered", N_("ODI is scored when at least this many sections are answered"), "3.3", "int"),
    ("redflag_rescreen_days", N_("Full safety questions again every (days)"), "1.4", "int"),
    ("review_week_no_improvement", N_("Suggest a review when nothing has improved by week"), "6.10", "int"),
)

TIER_WORDS = {"EMERGENCY": N_("emergency care advised"), "CLINICIAN_SOON": N_("see a clinician soon")}


def _pin_edit(placeholder: str | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(6)
    edit.setPlaceholderText(placeholder or _("4 to 6 digits"))
    fit_hint(edit)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,6}"), edit))
    return edit


def _wrapping(row: QHBoxLayout) -> QWidget:
    """The widgets of ``row`` in a row that wraps onto a second line when they do not fit (200 % text)."""
    widgets: list[QWidget] = []
    while row.count():
        item = row.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widgets.append(widget)
    return flow_row(widgets, spacing=10)


def _labelled(text: str, field: QWidget) -> QWidget:
    """A field with its label in front, kept together when a row wraps (the label is the field's buddy)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    caption = label(text, "muted", wrap=False)
    caption.setBuddy(field)
    row.addWidget(caption)
    row.addWidget(field)
    return holder


def _button(text: str, role: str | None = None) -> QPushButton:
    button = WrapButton(text)  # its words wrap at 200 % text instead of clipping
    if role:
        button.setProperty("role", role)
    button.setAccessibleName(text.rstrip("…"))
    return button


class WipeDialog(QDialog):
    """End of loan: lists exactly what will be deleted; the clinician types the patient's name to go on."""

    def __init__(self, plan: Any, start_folder: Path, ask_folder: Callable[[Path], Path | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.folder: Path | None = None  # chosen by the clinician (a USB drive or the clinic's records folder)
        self._start = start_folder
        self._ask_folder = ask_folder
        self.setWindowTitle(_("Return laptop: export and wipe"))
        self.setAccessibleName(_("Export and wipe this patient"))
        self.setMinimumWidth(640)
        box = QVBoxLayout(self)
        box.setSpacing(12)
        box.addWidget(label(_("Export, then delete this patient from this laptop"), "subtitle"))
        box.addWidget(label(_("First a full export (JSON) is saved to the folder below. Only if that works, the "
                              "following is deleted for good. It cannot be undone.")))
        frame, inner = card("danger")
        for line in plan.lines():
            inner.addWidget(label(f"•  {line}"))  # the lines are translated by WipePlan.lines()
        box.addWidget(frame)
        box.addWidget(label(_("In backup copies only this patient is removed; other patients' data stays."), "muted"))
        row = QHBoxLayout()
        row.addWidget(label(_("Export to:"), "muted", wrap=False))
        self.folder_label = label(_("No folder chosen yet (use a USB drive or the clinic's records folder)"),
                                  selectable=True)
        row.addWidget(self.folder_label, 1)
        choose = _button(_("Choose folder…"))
        choose.clicked.connect(self._choose)
        row.addWidget(choose)
        box.addLayout(row)
        box.addWidget(label(_("To confirm, type the patient's name exactly: {name}").format(name=plan.nickname)))
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(_("Type the patient's name to confirm"))
        self.confirm.textChanged.connect(self._update)
        box.addWidget(self.confirm)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton(_("Export and wipe"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setProperty("role", "danger")
        self.go.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _choose(self) -> None:
        chosen = self._ask_folder(self.folder or self._start)
        if chosen is not None:
            self.folder = chosen
            self.folder_label.setText(str(chosen))
        self._update()

    def _update(self) -> None:
        self.go.setEnabled(self.folder is not None and self.confirm.text().strip() == self.plan.nickname)


class ClinicPage(Page):
    NAME = "clinic"
    TITLE = N_("Clinic")
    ORDER = 85
    WATCHES = Changes.PROFILE | Changes.PLAN | Changes.ASSESSMENT | Changes.SETTINGS

    wipeFinished = Signal(object)  # WipeReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_(self.TITLE))
        self.clinician: Any = None  # ClinicianInfo while unlocked
        self.status: Any = None
        self.detail: Any = None
        self.selected: int | None = None
        self.chain_rows: dict[str, tuple[QSpinBox, QSpinBox, QCheckBox, QCheckBox]] = {}
        layout = scroll_column(self, max_width=960)
        self.heading = label(_("Clinic"), "title")
        layout.addWidget(self.heading)
        # Feedback sits above the scrolling area, so it is seen whichever button was pressed.
        self.message_frame = QFrame()
        self.message_frame.setProperty("role", "ok")
        bar = QHBoxLayout(self.message_frame)
        bar.setContentsMargins(40, 10, 24, 10)
        self.message = label("")
        self.message.setAccessibleName(_("Status message"))
        bar.addWidget(self.message, 1)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(0, self.message_frame)
        self.message_frame.hide()
        self.setup_view = self._build_setup()
        self.lock_view = self._build_lock()
        self.main_view = self._build_main()
        for view in (self.setup_view, self.lock_view, self.main_view):
            layout.addWidget(view)
            view.hide()
        layout.addStretch(1)

    # -- service access --------------------------------------------------------------------------------------------
    def service(self) -> Any:
        from backtrainer.services.clinic import ClinicService

        return ClinicService(self.ctx.db(), self.ctx.paths, self.ctx.clock)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], *, changes: Changes = Changes.NONE) -> None:
        def finished(value: Any) -> None:
            done(value)
            if changes:
                self.ctx.signals.dataChanged.emit(changes)

        self.ctx.runner.run(work, finished, self._failed)

    def _failed(self, exc: BaseException) -> None:
        from backtrainer.ui.errors import plain_message

        self._say(plain_message(exc), problem=True)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message_frame.setVisible(bool(text))
        role = "notice" if problem else "ok"
        if self.message_frame.property("role") != role:
            self.message_frame.setProperty("role", role)
            self.message_frame.style().unpolish(self.message_frame)
            self.message_frame.style().polish(self.message_frame)

    # -- building: set-up ------------------------------------------------------------------------------------------
    def _build_setup(self) -> QWidget:
        frame, box = card()
        box.addWidget(label(_("Switch on clinic mode"), "subtitle"))
        box.addWidget(label(_("Clinic mode lets clinicians set up patients, set or lock exercise levels, change the "
                              "pain ceiling, clear red-flag pauses after assessment and wipe a patient's data when a "
                              "laptop is returned. Each clinician has their own PIN; every action is logged with the "
                              "clinician, time and reason.")))
        form = QFormLayout()
        self.setup_clinic = QLineEdit()
        self.setup_clinic.setAccessibleName(_("Clinic name"))
        self.setup_name = QLineEdit()
        self.setup_name.setAccessibleName(_("Your name"))
        self.setup_pin = _pin_edit()
        self.setup_pin.setAccessibleName(_("Your clinician PIN"))
        self.setup_pin2 = _pin_edit(_("the same PIN again"))
        self.setup_pin2.setAccessibleName(_("Your clinician PIN again"))
        self.setup_code = QLineEdit()
        self.setup_code.setPlaceholderText(_("empty on the first laptop"))
        fit_hint(self.setup_code)
        self.setup_code.setAccessibleName(_("Clinic hand-off code from another laptop"))
        form.addRow(_("Clinic name"), self.setup_clinic)
        form.addRow(_("Your name"), self.setup_name)
        form.addRow(_("Clinician PIN"), self.setup_pin)
        form.addRow(_("PIN again"), self.setup_pin2)
        form.addRow(_("Hand-off code"), self.setup_code)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # at 200 % text the field goes below
        box.addLayout(form)
        box.addWidget(label(_("The hand-off code signs plan files moved between the clinic's laptops by USB. On the "
                              "first laptop a new code is made; type that code here on every other laptop."), "muted"))
        self.setup_go = _button(_("Switch on clinic mode"), "primary")
        self.setup_go.clicked.connect(self._on_setup)
        box.addWidget(self.setup_go)
        return frame

    # -- building: lock ----------------------------------------------------------------------------------------------
    def _build_lock(self) -> QWidget:
        frame, box = card()
        box.addWidget(label(_("For clinicians"), "subtitle"))
        box.addWidget(label(_("This part of BackTrainer is for the clinic team. Enter your clinician PIN to go on."),
                            "body"))
        form = QFormLayout()
        self.lock_who = QComboBox()
        self.lock_who.setAccessibleName(_("Clinician"))
        self.lock_pin = _pin_edit()
        self.lock_pin.setAccessibleName(_("Clinician PIN"))
        self.lock_pin.returnPressed.connect(self._on_unlock)
        form.addRow(_("Clinician"), self.lock_who)
        form.addRow(_("PIN"), self.lock_pin)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        box.addLayout(form)
        self.lock_go = _button(_("Unlock"), "primary")
        self.lock_go.clicked.connect(self._on_unlock)
        box.addWidget(self.lock_go)
        return frame

    # -- building: unlocked ------------------------------------------------------------------------------------------
    def _build_main(self) -> QWidget:
        holder = QWidget()
        col = QVBoxLayout(holder)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(18)

        top = QHBoxLayout()
        self.signed_in = label("", "muted")
        top.addWidget(self.signed_in, 1)
        self.lock_button = _button(_("Lock"))
        self.lock_button.setToolTip(_("Lock the clinic controls"))
        self.lock_button.clicked.connect(self.lock)
        top.addWidget(self.lock_button)
        col.addLayout(top)

        # Patients
        frame, box = card()
        box.addWidget(label(_("Patients on this laptop"), "subtitle"))
        self.patient_list = QListWidget()
        self.patient_list.setAccessibleName(_("Patients"))
        self.patient_list.setMinimumHeight(90)
        self.patient_list.setMaximumHeight(170)
        self.patient_list.currentItemChanged.connect(self._on_patient_chosen)
        box.addWidget(self.patient_list)
        row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("Name or nickname"))
        fit_hint(self.new_name)
        self.new_name.setAccessibleName(_("New patient's name or nickname"))
        self.new_pin = _pin_edit(_("Patient PIN (optional)"))
        self.new_pin.setAccessibleName(_("New patient's PIN, optional"))
        self.new_go = _button(_("Set up patient"))
        self.new_go.clicked.connect(self._on_new_patient)
        row.addWidget(self.new_name, 2)
        row.addWidget(self.new_pin, 1)
        row.addWidget(self.new_go)
        box.addWidget(_wrapping(row))
        col.addWidget(frame)

        # One patient
        self.patient_card, pbox = card()
        self.patient_title = label("", "subtitle")
        pbox.addWidget(self.patient_title)
        reason_row = QHBoxLayout()
        reason_row.addWidget(label(_("Reason for changes (kept in the log):"), "muted"), 1)
        self.reason = QLineEdit(_("Clinic review"))
        self.reason.setAccessibleName(_("Reason for changes"))
        fit_hint(self.reason)
        reason_row.addWidget(self.reason, 2)
        pbox.addLayout(reason_row)

        self.flag_frame, flag_box = card("danger")
        self.flag_text = label("")
        flag_box.addWidget(self.flag_text)
        self.flag_note = QLineEdit()
        self.flag_note.setPlaceholderText(_("Assessment that allows exercise (required)"))
        fit_hint(self.flag_note)
        self.flag_note.setAccessibleName(_("Assessment note"))
        flag_box.addWidget(self.flag_note)
        self.flag_go = _button(_("Clear the pause after assessment"))
        self.flag_go.clicked.connect(self._on_clear_flag)
        flag_box.addWidget(self.flag_go)
        pbox.addWidget(self.flag_frame)

        self.proposals_frame, proposals_box = card("notice")
        proposals_box.addWidget(label(_("Moves up waiting for your OK"), "subtitle"))
        self.proposals_list = QVBoxLayout()
        proposals_box.addLayout(self.proposals_list)
        pbox.addWidget(self.proposals_frame)
        self.proposals_frame.hide()

        pbox.addWidget(label(_("Exercise chains"), "subtitle"))
        pbox.addWidget(label(_("A locked chain stays at the level and step set here; the app does not move it up or "
                               "down (CLINICIAN_LOCK)."), "muted"))
        # One block per chain (its name, the exercise now, then its controls in a row that wraps), not a table:
        # a table of six columns scrolled sideways at 200 % text on the 1366 px screen (layout audit, issue 16).
        self.chain_holder = QWidget()
        self.chain_box = QVBoxLayout(self.chain_holder)
        self.chain_box.setContentsMargins(0, 0, 0, 0)
        self.chain_box.setSpacing(14)
        pbox.addWidget(self.chain_holder)
        self.no_plan = label(_("No plan yet: the patient starts with the assessment."), "muted")
        pbox.addWidget(self.no_plan)
        self.chains_go = _button(_("Save chain changes"), "primary")
        self.chains_go.clicked.connect(self._on_save_chains)
        pbox.addWidget(self.chains_go)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        pbox.addWidget(line)
        pbox.addWidget(label(_("Plan settings"), "subtitle"))
        form = QFormLayout()
        self.ceiling = QComboBox()
        self.ceiling.setAccessibleName(_("Pain ceiling"))
        self.ceiling.addItem(_("Default (5)"), None)
        for value in (3, 4, 5, 6):
            self.ceiling.addItem(_("{value} out of 10").format(value=value), value)
        form.addRow(_("Pain ceiling during exercise"), self.ceiling)
        # Check boxes whose words wrap, and rows that go onto two lines, so nothing clips at 200 % text (issue 16).
        self.auto = WrapCheck(_("Let the app move levels up and down"))
        self.auto.setAccessibleName(_("Automatic progression"))
        form.addRow(_("Progression"), self.auto)
        self.approval = WrapCheck(_("Ask me before the app moves a level up"))
        self.approval.setAccessibleName(_("Clinician approval to move up"))
        self.approval.setToolTip(_("Steps down and holds still happen by themselves; moves up wait below for your OK."))
        self.auto.toggled.connect(self.approval.setEnabled)
        form.addRow("", self.approval)
        self.day_boxes = []
        for name, session_name in zip(DAY_NAMES, DAY_SESSION_NAMES, strict=True):
            box_ = QCheckBox(_(name))
            box_.setAccessibleName(_(session_name))
            self.day_boxes.append(box_)
        form.addRow(_("Session days"), flow_row(list(self.day_boxes)))
        rem = QHBoxLayout()
        self.rem_on = QCheckBox(_("Reminders"))
        self.rem_checkin = QTimeEdit()
        self.rem_checkin.setDisplayFormat("HH:mm")
        self.rem_checkin.setAccessibleName(_("Morning check-in reminder time"))
        self.rem_session = QTimeEdit()
        self.rem_session.setDisplayFormat("HH:mm")
        self.rem_session.setAccessibleName(_("Session reminder time"))
        rem.addWidget(self.rem_on)
        rem.addWidget(label(_("check-in"), "muted", wrap=False))
        rem.addWidget(self.rem_checkin)
        rem.addWidget(label(_("session"), "muted", wrap=False))
        rem.addWidget(self.rem_session)
        form.addRow(_("Reminders"), _wrapping(rem))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("Instructions shown to the patient"))
        self.note.setAccessibleName(_("Instructions for the patient"))
        self.note.setFixedHeight(80)
        form.addRow(_("Instructions"), self.note)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        pbox.addLayout(form)
        self.settings_go = _button(_("Save plan settings"), "primary")
        self.settings_go.clicked.connect(self._on_save_settings)
        pbox.addWidget(self.settings_go)

        rules_line = QFrame()
        rules_line.setFrameShape(QFrame.Shape.HLine)
        pbox.addWidget(rules_line)
        pbox.addWidget(label(_("Progression and safety rules"), "subtitle"))
        pbox.addWidget(label(_("The defaults come from the clinical reference (Appendix B). Each can be changed within "
                               "its range for this patient; every change is logged with your name, the reason and "
                               "the values before and after."), "muted"))
        self.rules_toggle = _button(_("Show the rules"))
        self.rules_toggle.setCheckable(True)
        pbox.addWidget(self.rules_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.rules_box = QWidget()
        rules_form = QFormLayout(self.rules_box)
        rules_form.setContentsMargins(0, 0, 0, 0)
        rules_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.rule_spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name, words, rule, kind in THRESHOLDS:
            spin = _threshold_spin(name, kind)
            text = _("{what} (rule {rule})").format(what=_(words), rule=rule)
            spin.setAccessibleName(text)
            spin.setToolTip(_("Default: {value}").format(value=_shown(getattr(DEFAULT_CONFIG, name), kind)))
            self.rule_spins[name] = spin
            rules_form.addRow(label(text), spin)
        rules_buttons = QHBoxLayout()
        self.rules_go = _button(_("Save the rules"), "primary")
        self.rules_go.clicked.connect(self._on_save_rules)
        self.rules_default = _button(_("Back to the defaults"))
        self.rules_default.clicked.connect(self._on_default_rules)
        rules_buttons.addWidget(self.rules_go)
        rules_buttons.addWidget(self.rules_default)
        rules_buttons.addStretch(1)
        rules_form.addRow(rules_buttons)
        pbox.addWidget(self.rules_box)
        self.rules_box.hide()
        self.rules_toggle.toggled.connect(self._on_rules_toggled)

        line2 = QFrame()
        line2.setFrameShape(QFrame.Shape.HLine)
        pbox.addWidget(line2)
        pbox.addWidget(label(_("Move the plan or end the loan"), "subtitle"))
        actions = QHBoxLayout()
        self.handoff_save = _button(_("Save plan to file…"))
        self.handoff_save.clicked.connect(self._on_handoff_save)
        self.handoff_load = _button(_("Load plan from file…"))
        self.handoff_load.clicked.connect(self._on_handoff_load)
        self.wipe_go = _button(_("Return laptop: export and wipe…"), "danger")
        self.wipe_go.clicked.connect(self._on_wipe)
        actions.addWidget(self.handoff_save)
        actions.addWidget(self.handoff_load)
        actions.addWidget(self.wipe_go)
        pbox.addWidget(_wrapping(actions))
        self.history = label("", "muted")
        pbox.addWidget(self.history)
        col.addWidget(self.patient_card)
        self.patient_card.hide()

        # Clinic-wide
        cframe, cbox = card()
        cbox.addWidget(label(_("Clinic settings"), "subtitle"))
        self.code_line = label("", "body", selectable=True)
        cbox.addWidget(self.code_line)
        crow = QHBoxLayout()
        # The hint goes above the field: as a placeholder it made the field wider than the page at 200 % text.
        cbox.addWidget(label(_("Hand-off code from the clinic's other laptops"), "muted"))
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(_("New hand-off code"))
        self.code_go = _button(_("Use this code"))
        self.code_go.clicked.connect(self._on_set_code)
        crow.addWidget(self.code_edit, 1)
        crow.addWidget(self.code_go)
        cbox.addWidget(_wrapping(crow))
        arow = QHBoxLayout()
        self.add_name = QLineEdit()
        self.add_name.setPlaceholderText(_("Another clinician's name"))
        fit_hint(self.add_name)
        self.add_name.setAccessibleName(_("New clinician's name"))
        self.add_pin = _pin_edit(_("Their PIN"))
        self.add_pin.setAccessibleName(_("New clinician's PIN"))
        self.add_go = _button(_("Add clinician"))
        self.add_go.clicked.connect(self._on_add_clinician)
        arow.addWidget(self.add_name, 2)
        arow.addWidget(self.add_pin, 1)
        arow.addWidget(self.add_go)
        cbox.addWidget(_wrapping(arow))
        self.pack_go = _button(_("Import a licensed questionnaire pack…"))
        self.pack_go.clicked.connect(self._on_import_pack)
        cbox.addWidget(self.pack_go)
        col.addWidget(cframe)
        return holder

    # -- states ----------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        self._run(lambda: self.service().status(), self._show_status)

    def _show_status(self, status: Any) -> None:
        self.status = status
        for view in (self.setup_view, self.lock_view, self.main_view):
            view.hide()
        if not status.enabled:
            self.clinician = None
            self.heading.setText(_("Clinic"))
            self.setup_view.show()
            return
        self.heading.setText(_("Clinic: {name}").format(name=status.clinic_name) if status.clinic_name else _("Clinic"))
        if self.clinician is None:
            current = self.lock_who.currentData()
            self.lock_who.clear()
            for c in status.clinicians:
                self.lock_who.addItem(c.name, c.id)
            if current is not None and self.lock_who.findData(current) >= 0:
                self.lock_who.setCurrentIndex(self.lock_who.findData(current))
            self.lock_view.show()
            self.lock_pin.setFocus()
            return
        self.main_view.show()
        focus = QApplication.focusWidget()
        if focus is None or not focus.isVisible() or not self.main_view.isAncestorOf(focus):
            # the button that signed in is hidden now: start in the first field, never on "Switch person"
            self.new_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.signed_in.setText(_("Signed in as {name}. The controls lock when you leave this page.").format(
            name=self.clinician.name))
        self._load_clinic_wide()
        self._load_patients()

    def lock(self) -> None:
        """Forget the signed-in clinician and show the PIN form."""
        self.clinician = None
        self.detail = None
        self.lock_pin.clear()
        self._say("")
        if self.status is not None:
            self._show_status(self.status)

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        if self.clinician is not None:
            self.clinician = None
            self.detail = None
            self._dirty = True

    # -- set-up and unlock -----------------------------------------------------------------------------------------
    def _on_setup(self) -> None:
        pin, again = self.setup_pin.text().strip(), self.setup_pin2.text().strip()
        if pin != again:
            self._say(_("The two PINs are not the same. Please type them again."), problem=True)
            return
        clinic, name, code = self.setup_clinic.text(), self.setup_name.text(), self.setup_code.text().strip()

        def done(info: Any) -> None:
            self.setup_pin.clear()
            self.setup_pin2.clear()
            self.clinician = info
            self._say(_("Clinic mode is on."))
            self.refresh()

        self._run(lambda: self.service().enable(clinic, name, pin, handoff_code=code or None), done,
                  changes=Changes.SETTINGS)

    def _on_unlock(self) -> None:
        clinician_id = self.lock_who.currentData()
        pin = self.lock_pin.text()
        self.lock_pin.clear()
        if clinician_id is None:
            return

        def done(info: Any) -> None:
            self.clinician = info
            self._say("")
            self.refresh()

        self._run(lambda: self.service().verify(clinician_id, pin), done)

    # -- clinic-wide -----------------------------------------------------------------------------------------------
    def _load_clinic_wide(self) -> None:
        def done(code: str | None) -> None:
            self.code_line.setText(_("Hand-off code of this laptop: {code}").format(code=code) if code else
                                   _("This laptop has no hand-off code yet; plan files cannot be saved or loaded."))

        self._run(lambda: self.service().handoff_code(), done)

    def _on_set_code(self) -> None:
        code, actor = self.code_edit.text(), self.clinician.id

        def done(_value: Any) -> None:
            self.code_edit.clear()
            self._say(_("The new hand-off code is in use."))
            self._load_clinic_wide()

        self._run(lambda: self.service().set_handoff_code(actor, code), done)

    def _on_add_clinician(self) -> None:
        name, pin, actor = self.add_name.text(), self.add_pin.text(), self.clinician.id

        def done(info: Any) -> None:
            self.add_name.clear()
            self.add_pin.clear()
            self._say(_("{name} can now unlock the clinic controls with their own PIN.").format(name=info.name))
            self.ctx.runner.run(lambda: self.service().status(), lambda s: setattr(self, "status", s))

        self._run(lambda: self.service().add_clinician(actor, name, pin), done)

    def ask_open_path(self, title: str, pattern: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(self, title, str(Path.home()), pattern)
        return Path(path) if path else None

    def ask_save_path(self, title: str, suggested: Path, pattern: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), pattern)
        return Path(path) if path else None

    def ask_folder(self, start: Path) -> Path | None:
        path = QFileDialog.getExistingDirectory(self, _("Where should the export go?"), str(start))
        return Path(path) if path else None

    def _on_import_pack(self) -> None:
        path = self.ask_open_path(_("Choose a licensed questionnaire pack"), _("Questionnaire packs (*.toml)"))
        if path is None:
            return
        actor = self.clinician.id

        def done(summary: Any) -> None:
            self._say(_("Imported pack {pack} ({instruments}), licensed to {holder}.").format(
                pack=summary.pack_id, instruments=", ".join(summary.instruments), holder=summary.licence_holder))

        self._run(lambda: self.service().import_pack(actor, path), done, changes=Changes.ASSESSMENT)

    # -- patients --------------------------------------------------------------------------------------------------
    def _load_patients(self) -> None:
        self._run(lambda: self.service().patients(), self._show_patients)

    def _show_patients(self, patients: list[Any]) -> None:
        keep = self.selected
        self.patient_list.blockSignals(True)
        self.patient_list.clear()
        for p in patients:
            notes = []
            if p.open_tier:
                notes.append(_("exercises paused (red flag)"))
            if p.locked_chains:
                notes.append(ngettext("{count} chain locked", "{count} chains locked", p.locked_chains).format(
                    count=p.locked_chains))
            if not p.has_plan:
                notes.append(_("no plan yet"))
            if p.clinic_managed:
                notes.append(_("clinic patient"))
            item = QListWidgetItem(p.nickname + (f"   ({'; '.join(notes)})" if notes else ""))
            item.setData(256, p.id)
            self.patient_list.addItem(item)
            if p.id == keep:
                self.patient_list.setCurrentItem(item)
        self.patient_list.blockSignals(False)
        if not patients:
            self.patient_card.hide()
        if keep is not None and any(p.id == keep for p in patients):
            self._load_patient(keep)
        else:
            self.selected = None
            self.patient_card.hide()

    def _on_patient_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            return
        self.selected = int(item.data(256))
        self._load_patient(self.selected)

    def _on_new_patient(self) -> None:
        name, pin, actor = self.new_name.text(), self.new_pin.text().strip(), self.clinician.id
        reason = self.reason.text().strip() or _("Patient set up in clinic")

        def done(record: Any) -> None:
            self.new_name.clear()
            self.new_pin.clear()
            self.selected = record.id
            self._say(_("{name} is set up. They read and accept the safety notice when they first open their "
                        "profile.").format(name=record.nickname))
            self._load_patients()

        self._run(lambda: self.service().setup_patient(actor, name, pin=pin or None, reason=reason), done,
                  changes=Changes.PROFILE)

    def _load_patient(self, profile_id: int) -> None:
        self._run(lambda: self.service().patient(profile_id), self._show_patient)

    def _show_patient(self, detail: Any) -> None:
        self.detail = detail
        meta = detail.meta
        self.patient_title.setText(_("Patient: {name}").format(name=detail.profile.nickname))
        if detail.open_screens:
            parts = [_("{tier} since {time} UTC ({codes})").format(
                tier=_(TIER_WORDS[s.tier]) if s.tier in TIER_WORDS else s.tier, time=s.at.replace("T", " ")[:16],
                codes=", ".join(s.reasons) or _("no codes")) for s in detail.open_screens]
            self.flag_text.setText(_("Exercises are paused by a red-flag screen: {screens}. Clear the pause only after "
                                     "you have assessed the patient.").format(screens="; ".join(parts)))
            self.flag_frame.show()
        else:
            self.flag_frame.hide()
        self._fill_chains(detail.chains)
        index = self.ceiling.findData(meta.custom_ceiling) if meta.custom_ceiling is not None else 0
        self.ceiling.setCurrentIndex(max(0, index))
        self.auto.setChecked(meta.auto_progression)
        self.approval.setChecked(meta.progress_needs_approval)
        self.approval.setEnabled(meta.auto_progression)
        self._fill_proposals(detail.proposals)
        for i, box in enumerate(self.day_boxes):
            box.setChecked(i in meta.weekdays)
        self.rem_on.setChecked(meta.reminders_on)
        self.rem_checkin.setTime(QTime.fromString(meta.checkin_reminder_time, "HH:mm"))
        self.rem_session.setTime(QTime.fromString(meta.reminder_time, "HH:mm"))
        self.note.setPlainText(meta.clinician_note)
        self._fill_rules(detail.config)
        has_plan = bool(detail.chains)
        self.handoff_save.setEnabled(has_plan)
        if detail.recent_actions:
            names = {c.id: c.name for c in self.status.clinicians} if self.status else {}
            lines = [f"{at.replace('T', ' ')[:16]} UTC   {names.get(actor.removeprefix('clinician:'), actor)}   "
                     f"{code}" for at, actor, code in detail.recent_actions[:4]]
            self.history.setText(_("Recent clinician actions:") + "\n" + "\n".join(lines))
        else:
            self.history.setText(_("No clinician actions yet."))
        self.patient_card.show()

    def _fill_chains(self, chains: tuple[Any, ...]) -> None:
        while self.chain_box.count():
            item = self.chain_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.chain_rows = {}
        self.no_plan.setVisible(not chains)
        self.chains_go.setVisible(bool(chains))
        self.chain_holder.setVisible(bool(chains))
        for c in chains:
            block = QWidget()
            block.setAccessibleName(c.name)
            box = QVBoxLayout(block)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            box.addWidget(label(f"{c.name} ({c.chain})"))
            box.addWidget(label(_("Exercise now: {exercise}").format(exercise=f"{c.exercise_id} {c.exercise_name}"),
                                "muted"))
            level = QSpinBox()
            level.setRange(1, c.levels)
            level.setValue(c.level)
            level.setAccessibleName(_("{chain} level").format(chain=c.name))
            step = QSpinBox()
            step.setRange(0, c.max_step)
            step.setValue(c.step)
            step.setAccessibleName(_("{chain} step").format(chain=c.name))
            on = QCheckBox(_("On"))
            on.setChecked(c.included)
            on.setAccessibleName(_("{chain} switched on").format(chain=c.name))
            locked = QCheckBox(_("Locked"))
            locked.setChecked(c.locked)
            locked.setAccessibleName(_("{chain} locked by clinician").format(chain=c.name))
            box.addWidget(flow_row([_labelled(_("Level"), level), _labelled(_("Step"), step), on, locked], spacing=18))
            self.chain_box.addWidget(block)
            self.chain_rows[c.chain] = (level, step, on, locked)

    # -- per-patient actions ---------------------------------------------------------------------------------------
    def _reason(self) -> str:
        return self.reason.text().strip() or _("Clinic review")

    def _after_change(self, text: str) -> Callable[[Any], None]:
        def done(_value: Any) -> None:
            self._say(text)
            self._load_patients()

        return done

    def _on_save_chains(self) -> None:
        from backtrainer.services.clinic import ChainChange

        if self.detail is None:
            return
        changes = []
        for c in self.detail.chains:
            level, step, on, locked = self.chain_rows[c.chain]
            values = (level.value(), step.value(), on.isChecked(), locked.isChecked())
            if values != (c.level, c.step, c.included, c.locked):
                same_level = level.value() == c.level
                changes.append(ChainChange(c.chain, level=level.value(),
                                           step=step.value() if same_level or step.value() != c.step else 0,
                                           included=on.isChecked(), locked=locked.isChecked()))
        if not changes:
            self._say(_("No chain was changed."))
            return
        pid, actor, reason = self.detail.profile.id, self.clinician.id, self._reason()
        self._run(lambda: self.service().set_chains(actor, pid, changes, reason=reason),
                  self._after_change(ngettext("Saved changes to {count} chain.", "Saved changes to {count} chains.",
                                              len(changes)).format(count=len(changes))),
                  changes=Changes.PLAN)

    def _on_save_settings(self) -> None:
        if self.detail is None:
            return
        meta = self.detail.meta
        pid, actor, reason = self.detail.profile.id, self.clinician.id, self._reason()
        ceiling = self.ceiling.currentData()
        days = [i for i, box in enumerate(self.day_boxes) if box.isChecked()]
        auto = self.auto.isChecked()
        approval = self.approval.isChecked()
        note = self.note.toPlainText()
        rem = (self.rem_on.isChecked(), self.rem_session.time().toString("HH:mm"),
               self.rem_checkin.time().toString("HH:mm"))

        def work() -> int:
            service = self.service()
            done = 0
            if ceiling != meta.custom_ceiling:
                service.set_ceiling(actor, pid, ceiling, reason=reason)
                done += 1
            if tuple(days) != tuple(sorted(meta.weekdays)):
                service.set_schedule(actor, pid, days, reason=reason)
                done += 1
            if auto != meta.auto_progression:
                service.set_auto_progression(actor, pid, auto, reason=reason)
                done += 1
            if approval != meta.progress_needs_approval:
                service.set_progress_approval(actor, pid, approval, reason=reason)
                done += 1
            if note.strip() != meta.clinician_note:
                service.set_note(actor, pid, note, reason=reason)
                done += 1
            if rem != (meta.reminders_on, meta.reminder_time, meta.checkin_reminder_time):
                service.set_reminders(actor, pid, on=rem[0], session_time=rem[1], checkin_time=rem[2],
                                      reason=reason)
                done += 1
            return done

        def done(count: int) -> None:
            self._say(_("Plan settings saved.") if count else _("Nothing was changed."))
            self._load_patients()

        self._run(work, done, changes=Changes.PLAN)

    def _fill_proposals(self, proposals: Any) -> None:
        while self.proposals_list.count():
            item = self.proposals_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.proposal_rows: dict[int, tuple[QPushButton, QPushButton]] = {}
        for p in proposals:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = _("{chain}: {before} (level {level}, step {step}) to {after} (level {to_level}, step {to_step}), "
                     "proposed {day} (rule {reasons})").format(
                chain=p.chain_name, before=p.from_name, level=p.from_level, step=p.from_step, after=p.to_name,
                to_level=p.to_level, to_step=p.to_step, day=p.day, reasons=", ".join(p.reasons) or "-")
            line.addWidget(label(text), 1)
            yes = _button(_("Approve"), "primary")
            yes.setAccessibleName(_("Approve: {what}").format(what=text))
            no = _button(_("Not yet"))
            no.setAccessibleName(_("Not yet: {what}").format(what=text))
            yes.clicked.connect(lambda _=False, pid=p.id: self._on_answer(pid, True))
            no.clicked.connect(lambda _=False, pid=p.id: self._on_answer(pid, False))
            line.addWidget(yes, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(no, 0, Qt.AlignmentFlag.AlignTop)
            self.proposals_list.addWidget(row)
            self.proposal_rows[p.id] = (yes, no)
        self.proposals_frame.setVisible(bool(proposals))

    def _on_answer(self, proposal_id: int, approve: bool) -> None:
        if self.detail is None:
            return
        pid, actor, reason = self.detail.profile.id, self.clinician.id, self._reason()
        self._run(lambda: self.service().answer_proposal(actor, pid, proposal_id, approve=approve, reason=reason),
                  self._after_change(_("Approved: the exercise moves up now.") if approve
                                     else _("Not yet: the exercise stays where it is.")),
                  changes=Changes.PLAN)

    def _on_rules_toggled(self, shown: bool) -> None:
        self.rules_box.setVisible(shown)
        self.rules_toggle.setText(_("Hide the rules") if shown else _("Show the rules"))

    def _fill_rules(self, config: Any) -> None:
        for name, _words, _rule, kind in THRESHOLDS:
            _set_spin(self.rule_spins[name], getattr(config, name), kind)

    def _on_default_rules(self) -> None:
        self._fill_rules(DEFAULT_CONFIG)
        self._say(_("The defaults are filled in. Save the rules to use them."))

    def _on_save_rules(self) -> None:
        if self.detail is None:
            return
        current = self.detail.config
        values = {name: _spin_value(self.rule_spins[name], kind) for name, _words, _rule, kind in THRESHOLDS}
        changed = {k: v for k, v in values.items() if v != getattr(current, k)}
        if not changed:
            self._say(_("No rule was changed."))
            return
        pid, actor, reason = self.detail.profile.id, self.clinician.id, self._reason()
        self._run(lambda: self.service().set_thresholds(actor, pid, changed, reason=reason),
                  self._after_change(ngettext("Saved {count} rule change.", "Saved {count} rule changes.",
                                              len(changed)).format(count=len(changed))),
                  changes=Changes.PLAN)

    def _on_clear_flag(self) -> None:
        if self.detail is None:
            return
        pid, actor, note = self.detail.profile.id, self.clinician.id, self.flag_note.text()

        def done(count: int) -> None:
            self.flag_note.clear()
            self._say(ngettext("Cleared {count} red-flag pause; logged with your name and time.",
                               "Cleared {count} red-flag pauses; logged with your name and time.", count).format(
                count=count))
            self._load_patients()

        self._run(lambda: self.service().clear_red_flag(actor, pid, note=note), done,
                  changes=Changes.PLAN | Changes.ASSESSMENT)

    def _on_handoff_save(self) -> None:
        from backtrainer.services import handoff

        if self.detail is None:
            return
        suggested = self.ctx.paths.exports / f"plan-{self.detail.profile.id}{handoff.SUFFIX}"
        path = self.ask_save_path(_("Save the plan to a file"), suggested,
                                  _("Plan files (*{suffix})").format(suffix=handoff.SUFFIX))
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(handoff.SUFFIX)
        pid, actor = self.detail.profile.id, self.clinician.id
        clinic_name = self.status.clinic_name if self.status else ""

        def work() -> Path:
            service = self.service()
            return handoff.save_handoff(service.db, pid, path, service.handoff_key(), clinician_id=actor,
                                        clinic_name=clinic_name, clock=self.ctx.clock)

        self._run(work, lambda saved: self._say(_("Plan saved to {path}.").format(path=saved)))

    def _on_handoff_load(self) -> None:
        from backtrainer.services import handoff

        if self.detail is None:
            return
        path = self.ask_open_path(_("Load a plan file"), _("Plan files (*{suffix})").format(suffix=handoff.SUFFIX)
                                  + ";;" + _("All files (*)"))
        if path is None:
            return
        pid, actor, reason = self.detail.profile.id, self.clinician.id, self._reason()

        def work() -> Any:
            service = self.service()
            return handoff.load_handoff(service.db, pid, path, service.handoff_key(), service.library,
                                        clinician_id=actor, reason=reason, clock=self.ctx.clock)

        self._run(work, self._after_change(_("The plan from the file is now this patient's plan.")),
                  changes=Changes.PLAN)

    def _on_wipe(self) -> None:
        if self.detail is None:
            return
        pid = self.detail.profile.id
        self._run(lambda: self.service().describe_wipe(pid), self._confirm_wipe)

    def _confirm_wipe(self, plan: Any) -> None:
        dialog = WipeDialog(plan, Path.home(), self.ask_folder, self)
        self.wipe_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.folder is None:
            return
        self.start_wipe(plan, dialog.folder, dialog.confirm.text())

    def start_wipe(self, plan: Any, folder: Path, typed: str) -> None:
        actor = self.clinician.id
        self._say(_("Exporting, then wiping…"))
        self._run(lambda: self.service().export_then_wipe(actor, plan.profile_id, folder, confirm_nickname=typed),
                  self._wiped, changes=Changes.PROFILE | Changes.PLAN)

    def _wiped(self, report: Any) -> None:
        if self.ctx.profile_id == report.profile_id:
            self.ctx.profile_id = None
            self.ctx.signals.profileChanged.emit(None)
        self.selected = None
        self.detail = None
        self.patient_card.hide()
        check = report.check
        problem = False
        if check.clean:
            text = _("Done. The export is saved at {path}. This laptop is clean: no record of the patient is left in "
                     "the database or in any of the {backups} backup copies, and their name appears in none of the "
                     "{files} files of the data folder.").format(
                path=report.export_path, backups=report.backups_cleaned, files=check.files_checked)
            if report.export_path is not None and report.export_path.resolve().is_relative_to(
                    self.ctx.paths.root.resolve()):
                text += " " + _("Note: the export itself is inside BackTrainer's folder on this laptop. Copy it to the "
                                "clinic's records, then delete it here.")
        else:
            problems = [*(ngettext("{table}: {count} row", "{table}: {count} rows", v).format(table=k, count=v)
                          for k, v in check.rows_left.items()),
                        *(_("name found in {file}").format(file=p.name) for p in check.files_with_name),
                        *(_("could not check {file}").format(file=p.name) for p in check.unreadable)]
            problem = True
            text = _("The patient's profile was deleted, but the check found something left: {problems}. Please ask "
                     "the person who looks after these laptops.").format(problems="; ".join(problems))
        self._say(text, problem=problem)
        self.wipeFinished.emit(report)
        box = QMessageBox(QMessageBox.Icon.Information if check.clean else QMessageBox.Icon.Warning,
                          _("Laptop check"), text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(_("Laptop check result"))
        self.result_box = box
        box.open()
        self._load_patients()


def _threshold_spin(name: str, kind: str) -> QSpinBox | QDoubleSpinBox:
    """A spin box limited to the threshold's allowed range (Appendix B)."""
    low, high = ClinicalConfig.allowed_range(name) or (0, 100)
    if kind == "tenth":
        tenths = QDoubleSpinBox()
        tenths.setDecimals(1)
        tenths.setSingleStep(0.1)
        tenths.setRange(low, high)
        spin: QSpinBox | QDoubleSpinBox = tenths
    elif kind == "pct":
        spin = QSpinBox()
        spin.setSuffix(" %")
        spin.setSingleStep(1 if high - low <= 0.2 else 5)
        spin.setRange(round(low * 100), round(high * 100))
    else:
        spin = QSpinBox()
        spin.setRange(int(low), int(high))
    spin.setObjectName(f"rule_{name}")
    return spin


def _set_spin(spin: QSpinBox | QDoubleSpinBox, value: float, kind: str) -> None:
    if isinstance(spin, QDoubleSpinBox):
        spin.setValue(float(value))
    else:
        spin.setValue(round(value * 100) if kind == "pct" else int(value))


def _spin_value(spin: QSpinBox | QDoubleSpinBox, kind: str) -> float:
    if isinstance(spin, QDoubleSpinBox):
        return round(spin.value(), 1)
    return spin.value() / 100 if kind == "pct" else spin.value()


def _shown(value: float, kind: str) -> str:
    if kind == "pct":
        return f"{round(value * 100)} %"
    return decimal(value, 1) if kind == "tenth" else str(int(value))

