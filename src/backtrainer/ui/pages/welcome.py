"""First run: the safety notice of ref 8.1, accepted once per profile, and the person's nickname."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from backtrainer.i18n import _
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.ui.context import AppContext
from backtrainer.ui.pages.base import Page, card, label, scroll_column


class WelcomePage(Page):
    """Shown before anything else until the notice is accepted (new profile, or a profile that never accepted)."""

    NAME = "welcome"
    TITLE = "Welcome"
    IN_NAV = False

    accepted = Signal(str)  # nickname (new profile) or "" (existing profile)
    exitRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._existing_nickname: str | None = None
        from backtrainer.ui import texts

        layout = scroll_column(self, max_width=760)
        notice = texts.first_run_notice()
        self.heading = label(_("Welcome to BackTrainer"), "title")
        self.heading.setAccessibleName(_("Welcome to BackTrainer"))
        layout.addWidget(self.heading)
        layout.addWidget(label(
            _("A short, safe exercise and self-care plan for low back pain, made for you and changed as you go."),
            "muted"))

        frame, box = card("notice")
        box.addWidget(label(notice.title, "subtitle"))
        for paragraph in notice.paragraphs:
            box.addWidget(label(paragraph))
        layout.addWidget(frame)

        self.name_card, name_box = card()
        name_box.addWidget(label(_("What should we call you?"), "subtitle"))
        name_box.addWidget(label(_("A first name or a nickname is enough. It stays on this computer."), "muted"))
        self.nickname = QLineEdit()
        self.nickname.setPlaceholderText(_("For example: Sam"))
        self.nickname.setAccessibleName(_("Your name or nickname"))
        self.nickname.setMaxLength(80)
        self.nickname.returnPressed.connect(self._on_accept)
        name_box.addWidget(self.nickname)
        self.error = label("", "body")
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.setAccessibleName(_("Input problem"))
        self.error.hide()
        name_box.addWidget(self.error)
        layout.addWidget(self.name_card)

        buttons = QHBoxLayout()
        self.accept_button = QPushButton(notice.accept_label)
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setAccessibleName(notice.accept_label)
        self.accept_button.setAccessibleDescription(_("Accept the notice and continue"))
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self._on_accept)
        self.exit_button = QPushButton(notice.exit_label)
        self.exit_button.setAccessibleName(notice.exit_label)
        self.exit_button.setAccessibleDescription(_("Close BackTrainer without saving anything"))
        self.exit_button.clicked.connect(self.exitRequested.emit)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.exit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setTabOrder(self.nickname, self.accept_button)
        self.setTabOrder(self.accept_button, self.exit_button)

    def for_existing(self, nickname: str | None) -> None:
        """Ask an existing profile that never accepted the notice (no name needed); ``None``: a new person, asked
        with an empty name field (never the name typed for the person before)."""
        self._existing_nickname = nickname
        self.name_card.setVisible(nickname is None)
        self.nickname.clear()
        self.error.hide()
        if nickname is not None:
            # their first time in (a clinician set them up, or an older profile): not "Welcome back"
            self.heading.setText(_("Welcome, {name}").format(name=nickname))
        else:
            self.heading.setText(_("Welcome to BackTrainer"))
            self.nickname.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_accept(self) -> None:
        if self._existing_nickname is not None:
            self.accepted.emit("")
            return
        try:
            name = clean_nickname(self.nickname.text())
        except InputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.nickname.setFocus()
            return
        self.error.hide()
        self.accept_button.setEnabled(False)
        self.accepted.emit(name)

    def reset_busy(self) -> None:
        self.accept_button.setEnabled(True)
