"""Ratings after an exercise: effort on the Borg CR10 scale (0-10 with words, ref 6.1) and "did you keep the key
cues?" (good / mostly / poor), plus a plain yes/no row. Numbers and words, never colour alone; arrows move along a
row, Space or Enter picks, each button has an accessible name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QLabel, QSizePolicy, QVBoxLayout, QWidget

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
    def __init__(self, text: str, row: ChoiceRow, index: int, floor: int) -> None:
        super().__init__(text)
        self._row = row
        self.index = index
        self._floor = floor
        self.setCheckable(True)
        self.setAutoExclusive(True)  # one rating of the scale: "radio button" to a screen reader (issue 16)
        self.setAutoDefault(True)
        self.setMinimumHeight(52)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """At least ``floor`` wide and never narrower than its words (an explicit minimum width would let a layout
        squeeze it below them at 200 % text)."""
        return super().sizeHint().expandedTo(QSize(self._floor, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._row.move_focus(self.index, -1 if key == Qt.Key.Key_Left else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class _Columns(QWidget):
    """The buttons side by side, each with its words (if any) under it; when they do not all fit the width, rows of
    ``split`` buttons (issue 16: the 0-10 effort scale at 200 % text goes 0-5 above 6-10). Columns are as wide as
    their widest part and share the rest of the width; the rows keep the same columns."""

    GAP = 6
    NARROW_GAP = 4  # between the columns of the wrapped rows: a little more room for the words
    WORDS_GAP = 2

    def __init__(self, split: int | None) -> None:
        super().__init__()
        self.split = split
        self.columns: list[tuple[QWidget, QLabel | None]] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, button: QWidget, words: QLabel | None) -> None:
        button.setParent(self)
        if words is not None:
            words.setParent(self)
        self.columns.append((button, words))

    @staticmethod
    def _least(widget: QWidget) -> int:
        return max(widget.minimumSizeHint().width(), widget.minimumWidth())

    def _mins(self) -> list[int]:
        return [max(self._least(b), self._least(w) if w is not None else 0) for b, w in self.columns]

    def _widths(self, per: int) -> list[int]:
        mins = self._mins()
        return [max(mins[j::per]) for j in range(per)]

    def _per_row(self, width: int) -> int:
        n = len(self.columns)
        if self.split is None or sum(self._mins()) + self.GAP * (n - 1) <= width:
            return max(1, n)
        return self.split

    def _gap(self, per: int) -> int:
        return self.GAP if per >= len(self.columns) else self.NARROW_GAP

    def _need(self, per: int) -> int:
        return sum(self._widths(per)) + self._gap(per) * (per - 1)

    @staticmethod
    def _even(mins: list[int], room: int) -> list[int]:
        """Columns as even as their minimums allow in ``room``: the narrow ones grow first."""
        fixed: set[int] = set()
        while True:
            free = [j for j in range(len(mins)) if j not in fixed]
            share = (room - sum(mins[j] for j in fixed)) // max(1, len(free))
            wide = {j for j in free if mins[j] > share}
            if not wide:
                break
            fixed |= wide
        return [mins[j] if j in fixed else max(mins[j], share) for j in range(len(mins))]

    def _place(self, width: int, apply: bool) -> int:
        if not self.columns:
            return 0
        per = self._per_row(width)
        gap = self._gap(per)
        widths = self._even(self._widths(per), width - gap * (per - 1))
        y = 0
        for start in range(0, len(self.columns), per):
            row = self.columns[start:start + per]
            button_h = max(b.sizeHint().height() for b, _w in row)
            words_h = max((w.heightForWidth(widths[j]) for j, (_b, w) in enumerate(row) if w is not None),
                          default=-1)
            x = 0
            for j, (b, w) in enumerate(row):
                if apply:
                    b.setGeometry(QRect(x, y, widths[j], button_h))
                    if w is not None:
                        w.setGeometry(QRect(x, y + button_h + self.WORDS_GAP, widths[j], max(0, words_h)))
                x += widths[j] + gap
            y += button_h + (self.WORDS_GAP + words_h if words_h >= 0 else 0) + self.GAP
        return y - self.GAP

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(width, apply=False)

    def sizeHint(self) -> QSize:
        width = self._need(len(self.columns) or 1)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self._need(self.split or len(self.columns) or 1)
        return QSize(width, self.heightForWidth(self._need(len(self.columns) or 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place(event.size().width(), apply=True)
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's or words' size changed (text size)
            self.updateGeometry()
            self._place(self.width(), apply=True)
        return super().event(event)


class ChoiceRow(QWidget):
    """A row of large exclusive buttons; ``value()`` is the chosen key.

    Signals:
        valueChanged(str): a choice was made.
    """

    valueChanged = Signal(str)

    def __init__(self, question: str, choices: Sequence[tuple[str, str, str]], parent: QWidget | None = None,
                 *, min_width: int = 44, under: dict[str, str] | None = None, narrow_split: int | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._value: str | None = None
        self.setAccessibleName(question)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        # rows of ``narrow_split`` buttons when they do not all fit side by side
        row = _Columns(narrow_split)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, _RowButton] = {}
        self._order: list[str] = []
        self._words: dict[str, str] = {}
        for i, (key, text, spoken) in enumerate(choices):
            b = _RowButton(text, self, i, min_width)
            b.setAccessibleName(spoken)
            b.setAccessibleDescription(question)
            b.setToolTip(spoken)
            b.clicked.connect(lambda _=False, k=key: self.set_value(k, emit=True))
            self.group.addButton(b)
            self.buttons[key] = b
            self._order.append(key)
            self._words[key] = spoken
            words = None
            if under and key in under:
                words = QLabel(under[key])
                words.setProperty("role", "muted")
                words.setWordWrap(True)
                words.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            row.add(b, words)
        self.columns = row
        layout.addWidget(row)
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
    """Effort 0-10 (Borg CR10) with words under the anchor numbers; ``rpe()`` is the chosen number. On a narrow page
    (200 % text) the scale goes onto two rows, 0-5 above 6-10; arrows still walk 0 to 10 across both."""

    rpeChanged = Signal(int)

    def __init__(self, question: str | None = None, parent: QWidget | None = None) -> None:
        choices = [(str(v), str(v), _("{number} out of 10, {words}").format(number=v, words=_(RPE_WORDS[v])))
                   for v in range(11)]
        # Words under the anchor numbers (ref 6.1); every button also says its words to screen readers.
        super().__init__(question or _("How hard was it?"), choices, parent, min_width=44,
                         under={str(v): _(RPE_WORDS[v]) for v in ANCHORS}, narrow_split=6)
        # narrow side padding, as on the pain scale: the numbers need little room
        self.setStyleSheet("QPushButton { padding-left: 0.15em; padding-right: 0.15em; }")
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
        # one answer a row when the three do not fit side by side (200 % text)
        super().__init__(question or _("Did you keep the key cues?"), choices, parent, min_width=120, narrow_split=1)


class YesNo(ChoiceRow):
    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(question, (("yes", _("Yes"), _("Yes")), ("no", _("No"), _("No"))), parent, min_width=120)
