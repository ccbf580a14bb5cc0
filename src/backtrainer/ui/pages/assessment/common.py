"""Small building blocks shared by the assessment screens (no clinical rules here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import N_, _
from backtrainer.ui.pages.base import label
from backtrainer.ui.widgets.checks import ClickableText

if TYPE_CHECKING:
    from backtrainer.ui.pages.assessment.page import AssessmentFlow


def button(text: str, role: str | None = None, *, name: str | None = None, description: str = "") -> QPushButton:
    """A push button that Enter and Space both press, with an accessible name."""
    widget = QPushButton(text)
    if role:
        widget.setProperty("role", role)
    widget.setAutoDefault(True)
    widget.setAccessibleName(name or text)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def rich(text: str, role: str = "body") -> QLabel:
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText)
    return widget


def emphasise(text: str, words: Sequence[str]) -> str:
    """HTML with each phrase of ``words`` in bold (escaped)."""
    import html

    out = html.escape(text)
    for word in sorted(words, key=len, reverse=True):
        safe = html.escape(word)
        out = out.replace(safe, f"<b>{safe}</b>", 1)
    return out


@dataclass(frozen=True)
class Problem:
    """A missing or wrong answer, shown next to the question it is about (issue 20 item 8).

    ``anchor`` is the widget the message goes under (a question's answers); ``focus`` the control that gets the
    focus (the anchor itself when None).
    """

    anchor: QWidget
    text: str
    focus: QWidget | None = None


def focus_target(widget: QWidget) -> QWidget:
    """The control inside ``widget`` that the keyboard should land on (the first answer of a group)."""
    if isinstance(widget, ChoiceGroup):
        chosen = widget.value()
        return widget.buttons[chosen] if chosen is not None else next(iter(widget.buttons.values()))
    buttons = getattr(widget, "buttons", None)
    if callable(buttons):
        items = buttons()
        if items and isinstance(items[0], QWidget):
            return items[0]
    return widget


def change_signals(widget: QWidget) -> list[Any]:
    """The signals that mean "the person answered" for the usual input widgets (to clear an error)."""
    names = ("changed", "valueChanged", "textEdited", "currentTextChanged", "toggled")
    return [getattr(widget, n) for n in names if hasattr(widget, n) and hasattr(getattr(widget, n), "connect")]


class _OptionButton(QPushButton):
    def __init__(self, text: str, group: ChoiceGroup) -> None:
        super().__init__(text)
        self._group = group
        self.setCheckable(True)
        # A screen reader then says "radio button", one answer of a few, not "check box" (issue 16). The arrows
        # stay with move_focus below, so they never choose an answer.
        self.setAutoExclusive(True)
        self.setAutoDefault(True)
        self.setProperty("role", "option")
        self.setMinimumHeight(44)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._group.move_focus(self, -1 if key in (Qt.Key.Key_Left, Qt.Key.Key_Up) else 1)
            return
        super().keyPressEvent(event)


class ChoiceGroup(QWidget):
    """One answer out of a few, as big toggle buttons; the chosen one shows a tick (not colour alone).

    Signals:
        changed(str): the chosen key.
    """

    changed = Signal(str)

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        *,
        question: str,
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.setAccessibleName(question)
        self._labels = dict(options)
        self._value: str | None = None
        self._setting = False
        self._toggled: str | None = None
        layout: QBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in options:
            b = _OptionButton(text, self)
            b.setAccessibleName(f"{text}")
            b.setAccessibleDescription(question)
            b.setSizePolicy(QSizePolicy.Policy.Expanding if vertical else QSizePolicy.Policy.Minimum,
                            QSizePolicy.Policy.Fixed)
            if not vertical:
                b.setMinimumWidth(120)
            b.clicked.connect(lambda _=False, k=key: self._on_clicked(k))
            # A screen reader's "Toggle" action checks the button without a click: take it as the answer too.
            b.toggled.connect(lambda on, k=key: self._on_toggled(k, on))
            self.group.addButton(b)
            self.buttons[key] = b
            layout.addWidget(b)
        if not vertical:
            layout.addStretch(1)

    def value(self) -> str | None:
        return self._value

    def _on_toggled(self, key: str, on: bool) -> None:
        if on and self._value != key and not self._setting:
            self._toggled = key  # a click toggles first: its clicked() then must not say it twice
            self.set_value(key, emit=True)

    def _on_clicked(self, key: str) -> None:
        if self._toggled == key:
            self._toggled = None
            return
        self.set_value(key, emit=True)

    def set_value(self, key: str | None, *, emit: bool = False) -> None:
        self._value = key
        self._setting = True
        # An exclusive group refuses to uncheck its checked button, so clearing (a fresh screen) would leave the
        # old answer drawn as chosen while nothing is chosen.
        self.group.setExclusive(False)
        for k, b in self.buttons.items():
            b.setChecked(k == key)
            b.setText(("✓  " if k == key else "") + self._labels[k])
        self.group.setExclusive(True)
        self._setting = False
        if emit and key is not None:
            self.changed.emit(key)

    def move_focus(self, current: QPushButton, step: int) -> None:
        keys = list(self.buttons)
        index = next(i for i, k in enumerate(keys) if self.buttons[k] is current)
        target = keys[max(0, min(len(keys) - 1, index + step))]
        self.buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
        reveal(self.buttons[target])


def reveal(widget: QWidget) -> None:
    """Scroll the page so ``widget`` is on screen (arrow keys move the focus without the scroll area knowing)."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 20, 40)


YES_NO: tuple[tuple[str, str], ...] = (("YES", N_("Yes")), ("NO", N_("No")))


def yes_no() -> tuple[tuple[str, str], ...]:
    """The Yes / No answers in the current language."""
    return tuple((key, _(text)) for key, text in YES_NO)


class StepView(QWidget):
    """One screen group of the flow. The flow owns Back / Next; a view may page through sub-screens itself.

    Subclasses implement ``enter()`` (fill from the snapshot), ``on_next()`` and optionally ``on_back()``
    (return True when the view handled Back itself by going to an earlier sub-screen).
    """

    STEP = ""
    TITLE = ""  # marked with N_() in subclasses; translated when shown
    NEXT_TEXT = N_("Next")

    def __init__(self, flow: AssessmentFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        title = _(self.TITLE) if self.TITLE else ""
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(16)
        self.heading = label(title, "title")
        self.heading.setAccessibleName(title)
        outer.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body)
        outer.addStretch(1)

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        """Show the saved answers of this run (Back never loses answers)."""

    def on_next(self) -> None:
        """Save this step's answers and move on (every step view provides its own)."""

    def on_back(self) -> bool:
        return False

    def first_focus(self) -> QWidget | None:
        return None

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setAccessibleName(text)

    def progress_text(self) -> str:
        return ""


def section(title: str, text: str | None = None, role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    from backtrainer.ui.pages.base import card

    frame, box = card(role)
    if title:
        box.addWidget(label(title, "subtitle"))
    if text:
        box.addWidget(label(text))
    return frame, box


def wrapped_check(text: str) -> tuple[QWidget, QCheckBox]:
    """A tick box whose words wrap onto more lines (long sentences never clip, in any language)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    box = QCheckBox()
    box.setAccessibleName(text)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(ClickableText(text, box), 1)
    return row, box


def button_row(*buttons: QWidget) -> tuple[QWidget, QLayout]:
    """Buttons side by side that wrap onto a new line when the window is narrow (no clipping in any language)."""
    from backtrainer.ui.widgets.flow import FlowLayout

    holder = QWidget()
    layout = FlowLayout(holder, spacing=12)
    for b in buttons:
        layout.addWidget(b)
    return holder, layout


def bullet_list(items: Sequence[str], numbered: bool = False) -> QLabel:
    import html

    tag = "ol" if numbered else "ul"
    body = "".join(f"<li style='margin-bottom:6px'>{html.escape(i)}</li>" for i in items)
    widget = rich(f"<{tag} style='margin-left:-20px'>{body}</{tag}>")
    widget.setAccessibleName(" ".join(items))
    return widget
