"""Asks for a profile's PIN before it opens; the check runs off the GUI thread (scrypt takes ~50 ms)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import _
from backtrainer.ui.context import AppContext


class PinDialog(QDialog):
    """Accepts when the PIN is right; shows a plain message for a wrong PIN or a wait."""

    def __init__(self, ctx: AppContext, profile_id: int, nickname: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile_id = profile_id
        self.setWindowTitle(_("Enter your PIN"))
        self.setAccessibleName(_("Enter your PIN"))
        layout = QVBoxLayout(self)
        title = QLabel(_("Hello, {name}").format(name=nickname))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setProperty("role", "subtitle")
        layout.addWidget(title)
        layout.addWidget(QLabel(_("Please type your PIN to open your plan.")))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(6)
        self.pin.setValidator(QRegularExpressionValidator(r"[0-9]{0,6}"))
        self.pin.setAccessibleName(_("PIN"))
        self.pin.returnPressed.connect(self._try)
        layout.addWidget(self.pin)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("PIN message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.ok = QPushButton(_("Open"))
        self.ok.setProperty("role", "primary")
        self.ok.setAccessibleName(_("Open"))
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._try)
        cancel = QPushButton(_("Back"))
        cancel.setAccessibleName(_("Back to the list of people"))
        cancel.clicked.connect(self.reject)
        row.addWidget(self.ok)
        row.addWidget(cancel)
        row.addStretch(1)
        layout.addLayout(row)
        self._wait = QTimer(self)
        self._wait.setInterval(1000)
        self._wait.timeout.connect(self._tick)
        self._seconds = 0

    def _pins(self) -> object:
        from backtrainer.services.profiles import ProfilePins

        return ProfilePins(self.ctx.db(), self.ctx.clock)

    def _try(self) -> None:
        if self._seconds > 0 or not self.pin.text():
            return
        self.ok.setEnabled(False)
        pin = self.pin.text()
        profile_id = self.profile_id

        def work() -> None:
            self._pins().unlock(profile_id, pin)  # type: ignore[attr-defined]

        self.ctx.runner.run(work, lambda _r: self.accept(), self._failed)

    def _failed(self, exc: BaseException) -> None:
        from backtrainer.services.pin_gate import PinLockedError

        self.pin.clear()
        self.message.setText(str(exc))
        self._grow()
        if isinstance(exc, PinLockedError):
            self._seconds = exc.seconds
            self._wait.start()
        else:
            self.ok.setEnabled(True)
        self.pin.setFocus()

    def _grow(self) -> None:
        """Make room for a message that wraps (a dialog does not grow for a label's new lines by itself)."""
        layout = self.layout()
        if layout is None:
            return
        width = self.width() - layout.contentsMargins().left() - layout.contentsMargins().right()
        extra = self.message.heightForWidth(width) - self.message.height()
        if extra > 0:
            self.resize(self.width(), self.height() + extra)

    def _tick(self) -> None:
        self._seconds -= 1
        if self._seconds <= 0:
            self._wait.stop()
            self.ok.setEnabled(True)
            self.message.setText(_("You can try again now."))
        else:
            self.message.setText(_("Too many wrong PINs. Please wait {seconds} seconds.").format(seconds=self._seconds))
