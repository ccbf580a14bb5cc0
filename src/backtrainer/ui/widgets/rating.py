"""Ratings after an exercise: effort on the Borg CR10 scale (0-10 with words, ref 6.1) and "did you keep the key
cues?" (good / mostly / poor), plus a plain yes/no row. Numbers and words, never colour alone; arrows move along a
row, Space or Enter picks, each button has an accessible name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.widgets.checks import TickRoomButton

# Borg CR10 words (ref 6.1: 0 nothing, 3 moderate, 5 hard, 7 very hard, 10 maximal; the steps between are ours).
# Marked here, translated when the widgets are built.
RPE_WORDS: dict[int, str] = {
    0: N_("Nothing at all"), 1: N_("Very easy"), 2: N_("Easy"), 3: N_("Moderate"), 4: N_("Somewhat hard"),
    5: N_("Hard"), 6: N_("Hard +"), 7: N_("Very hard"), 8: N_("Very hard +"), 9: N_("Very, very hard"),
    10: N_("Maximal"),
}
ANCHORS = frozenset({0, 3, 5, 7, 10})
FORM_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("good", N_("Yes, all of them"), N_("I kept all the key points")),
    ("mostly", N_("Mostly"), N_("I kept most of them")),
    ("poor", N_("Not really"), N_("I found them hard to keep")),
)


class _RowButton(TickRoomButton):
    def __init__(self, text: str, row: ChoiceRow, index: int) -> None:
        super().__init__(text)
        self._row = row
        self.index = index
        self.setCheckable(True)
        self.setAutoDefault(True)
        self.setMinimumHeight(52)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._row.move_focus(self.index, -1 if key == Qt.Key.Key_Left else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class ChoiceRow(QWidget):
    """A row of large exclusive buttons; ``value()`` is the chosen key.

    Signals:
        valueChanged(str): a choice was made.
    """

    valueChanged = Signal(str)

    def __init__(self, question: str, choices: Sequence[tuple[str, str, str]], parent: QWidget | None = None,
                 *, min_width: int = 44, under: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._value: str | None = None
        self.setAccessibleName(question)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        row = QGridLayout()
        row.setHorizontalSpacing(6)
        row.setVerticalSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, _RowButton] = {}
        self._order: list[str] = []
        self._words: dict[str, str] = {}
        for i, (key, text, spoken) in enumerate(choices):
            b = _RowButton(text, self, i)
            b.setMinimumWidth(min_width)
            b.setAccessibleName(spoken)
            b.setAccessibleDescription(question)
            b.setToolTip(spoken)
            b.clicked.connect(lambda _=False, k=key: self.set_value(k, emit=True))
            self.group.addButton(b)
            self.buttons[key] = b
            self._order.append(key)
            self._words[key] = spoken
            row.addWidget(b, 0, i)
            row.setColumnStretch(i, 1)
            if under and key in under:
                words = QLabel(under[key])
                words.setProperty("role", "muted")
                words.setWordWrap(True)
                words.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                row.addWidget(words, 1, i)
        layout.addLayout(row)
        self.chosen = QLabel(_("Nothing chosen yet"))
        self.chosen.setProperty("role", "muted")
        layout.addWidget(self.chosen)
        self._texts = {k: b.text() for k, b in self.buttons.items()}

    def move_focus(self, index: int, step: int) -> None:
        target = min(len(self._order) - 1, max(0, index + step))
        key = self._order[target]
        self.set_value(key, emit=True)
        self.buttons[key].setFocus(Qt.FocusReason.TabFocusReason)

    def value(self) -> str | None:
        return self._value

    def set_value(self, key: str | None, *, emit: bool = False) -> None:
        self._value = key
        for k, b in self.buttons.items():
            b.setChecked(k == key)
            b.setText(("✓ " + self._texts[k]) if k == key else self._texts[k])
        self.chosen.setText(_("Nothing chosen yet") if key is None
                            else _("You chose: {choice}.").format(choice=self._words[key]))
        if emit and key is not None:
            self.valueChanged.emit(key)

    def clear(self) -> None:
        self.group.setExclusive(False)
        self.set_value(None)
        self.group.setExclusive(True)


class RpeScale(ChoiceRow):
    """Effort 0-10 (Borg CR10) with words under the anchor numbers; ``rpe()`` is the chosen number."""

    rpeChanged = Signal(int)

    def __init__(self, question: str | None = None, parent: QWidget | None = None) -> None:
        choices = [(str(v), str(v), _("{number} out of 10, {words}").format(number=v, words=_(RPE_WORDS[v])))
                   for v in range(11)]
        # Words under the anchor numbers (ref 6.1); every button also says its words to screen readers.
        super().__init__(question or _("How hard was it?"), choices, parent, min_width=44,
                         under={str(v): _(RPE_WORDS[v]) for v in ANCHORS})
        self.valueChanged.connect(lambda key: self.rpeChanged.emit(int(key)))

    def rpe(self) -> int | None:
        v = self.value()
        return None if v is None else int(v)

    def set_rpe(self, value: int | None, *, emit: bool = False) -> None:
        self.set_value(None if value is None else str(value), emit=emit)


class FormChoice(ChoiceRow):
    """ "Did you keep the key cues?": good / mostly / poor."""

    def __init__(self, question: str | None = None, parent: QWidget | None = None) -> None:
        choices = tuple((key, _(text), _(spoken)) for key, text, spoken in FORM_CHOICES)
        super().__init__(question or _("Did you keep the key cues?"), choices, parent, min_width=120)


class YesNo(ChoiceRow):
    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(question, (("yes", _("Yes"), _("Yes")), ("no", _("No"), _("No"))), parent, min_width=120)
