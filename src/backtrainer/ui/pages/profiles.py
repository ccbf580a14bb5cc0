"""Who is using BackTrainer? Shown at start when this computer holds more than one profile."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from backtrainer.i18n import _
from backtrainer.store.records import ProfileRecord
from backtrainer.ui.context import AppContext
from backtrainer.ui.pages.base import Page, label, scroll_column


class ProfilePickerPage(Page):
    NAME = "profiles"
    TITLE = "Choose a person"
    IN_NAV = False

    chosen = Signal(int)
    addRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = scroll_column(self, max_width=640)
        layout.addWidget(label(_("Who is using BackTrainer?"), "title"))
        layout.addWidget(label(_("Choose your name. Each person's answers and plan are kept apart."), "muted"))
        self.list_holder = QWidget()
        self.list_layout = QHBoxLayout(self.list_holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        from PySide6.QtWidgets import QVBoxLayout

        self.buttons_layout = QVBoxLayout()
        self.buttons_layout.setSpacing(10)
        self.list_layout.addLayout(self.buttons_layout)
        layout.addWidget(self.list_holder)
        self.add_button = QPushButton(_("Add a person"))
        self.add_button.setAccessibleName(_("Add a person"))
        self.add_button.clicked.connect(self.addRequested.emit)
        layout.addWidget(self.add_button)
        layout.addStretch(1)

    def set_profiles(self, profiles: list[ProfileRecord]) -> None:
        while self.buttons_layout.count():
            item = self.buttons_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for profile in profiles:
            button = QPushButton(profile.nickname.replace("&", "&&"))  # "&" is not a shortcut marker here
            button.setProperty("role", "primary")
            button.setAccessibleName(_("Open the plan of {name}").format(name=profile.nickname))
            if profile.damaged:  # its stored data cannot be read: the click offers the backup (MainWindow)
                button.setText(_("{name} (saved data cannot be read)").format(name=profile.nickname)
                               .replace("&", "&&"))
                button.setProperty("role", "")
                button.setAccessibleName(_("{name}: saved data cannot be read. Choose to see what can be done.")
                                         .format(name=profile.nickname))
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _=False, pid=profile.id: self.chosen.emit(pid))
            self.buttons_layout.addWidget(button)
