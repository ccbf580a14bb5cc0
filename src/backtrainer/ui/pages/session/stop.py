"""The safety stop panels shown when a quick check routes to EMERGENCY (ref 8.3) or CLINICIAN_SOON (ref 8.4).

Offline wording from ``content/safety.toml``; the symptom summary from the screening messages. Used by the morning
check-in and the before-session screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import _
from backtrainer.ui.pages.base import label


def _button(text: str, role: str | None = None) -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setAutoDefault(True)
    b.setAccessibleName(text)
    b.setMinimumHeight(44)
    return b


class SafetyStop(QWidget):
    """Signals: todayRequested(): the person chose to go back to Today."""

    todayRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.frame = QFrame()
        box = QVBoxLayout(self.frame)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        self.heading = label("", "title")
        box.addWidget(self.heading)
        self.body = label("")
        box.addWidget(self.body)
        self.actions_label = label("")
        box.addWidget(self.actions_label)
        layout.addWidget(self.frame)
        self.details = label("", "muted")
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.today_button = _button(_("Go to Today"), "primary")
        self.today_button.clicked.connect(self.todayRequested.emit)
        row.addWidget(self.today_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.tier = ""

    def show_for(self, tier: str, reasons: Sequence[str], emergency_number: str | None) -> None:
        from backtrainer.content.safety import load_safety
        from backtrainer.content.screening import format_summary, load_messages

        safety = load_safety()
        summary = format_summary(tuple(reasons)) or _("your answers")
        messages = load_messages().messages
        extra = " ".join(messages[c] for c in reasons if c in messages)
        self.tier = tier
        if tier == "EMERGENCY":
            content = safety.emergency
            number = emergency_number or _("your local emergency number")
            self.frame.setProperty("role", "danger")
            self.heading.setText(content.title)
            self.body.setText(content.body_for(reasons, summary))  # ref 8.3; nerves only for nerve signs
            self.actions_label.setText("\n".join(f"• {a.format(emergency_number=number)}" for a in content.actions))
            self.actions_label.show()
        else:
            soon = safety.clinician_soon
            self.frame.setProperty("role", "notice")
            self.heading.setText(soon.title)
            self.body.setText(soon.body.format(summary=summary))
            self.actions_label.setText(soon.same_day if "RF10" in reasons else "")
            self.actions_label.setVisible("RF10" in reasons)
        self.details.setText(extra)
        self.details.setVisible(bool(extra))
        self.frame.style().unpolish(self.frame)
        self.frame.style().polish(self.frame)
        self.setAccessibleName(self.heading.text())

    def text(self) -> str:
        return " ".join(w.text() for w in (self.heading, self.body, self.actions_label, self.details))
