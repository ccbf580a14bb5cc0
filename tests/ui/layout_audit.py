"""A layout audit (issue 16): collects every visible widget whose text does not fit.

``Audit.check(page_label, root)`` walks the visible widgets under ``root`` and records an ``Offender`` for:

- an editable field (QLineEdit, so also the line edit inside every QAbstractSpinBox and the app's NumberEntry)
  narrower than its current text, its placeholder or its spin box's special-value text;
- a QLabel whose text is cut: a word-wrapped label whose heightForWidth is more than its height, another label whose
  text is wider or taller than the label;
- a button (QPushButton, QToolButton, QRadioButton, QCheckBox) whose text does not fit inside it;
- any of these pushed out of its parent's rectangle (a flow row or a fixed-width frame cutting it off);
- a top-level window larger than the screen's available geometry.

A widget inside a scroll area counts by its own size and its parents' up to the scrolled content, not by the
viewport (scrolling shows it). Widget types in ``skip_types`` are not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

# QLineEdit keeps this many pixels free on each side of its text (qlineedit_p.h: horizontalMargin), plus the cursor.
LINE_EDIT_SIDE = 2
CURSOR = 1
# a push button's words must keep this far from its sides (its border and a little air)
BUTTON_EDGE = 6


@dataclass(frozen=True)
class Offender:
    page: str
    kind: str
    widget: str
    text: str
    need: int
    have: int

    def __str__(self) -> str:
        long_ok = self.kind.startswith(("window", "scrolls"))
        text = self.text if len(self.text) <= 60 or long_ok else self.text[:57] + "..."
        return f"[{self.page}] {self.kind} {self.widget!r} {text!r}: needs {self.need} px, has {self.have} px"


@dataclass
class Audit:
    offenders: list[Offender] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    skip_types: tuple[type, ...] = ()

    def report(self) -> str:
        lines = [f"{sum(self.checked.values())} widgets checked, {len(self.offenders)} offenders"]
        for page, count in self.checked.items():
            lines.append(f"  {page}: {count} checked, {self.failed[page]} failed")
        lines += [str(o) for o in self.offenders]
        return "\n".join(lines)

    # -- entry point ---------------------------------------------------------------------------------------------
    def check(self, page: str, root: QWidget) -> None:
        root.window().layout().activate() if root.window().layout() else None
        QGuiApplication.processEvents()
        self._window(page, root.window())
        seen: set[int] = set()
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisibleTo(root.window()) or not root.isVisible() or self._skipped(widget, root):
                continue
            if id(widget) in seen:
                continue
            seen.add(id(widget))
            if isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QAbstractItemView):
                self._count(page, self._sideways(page, widget))
            elif isinstance(widget, QLineEdit):
                self._count(page, self._line_edit(page, widget))
            elif isinstance(widget, QLabel):
                self._count(page, self._label(page, widget))
            elif isinstance(widget, QAbstractButton):
                self._count(page, self._button(page, widget))

    # -- helpers -------------------------------------------------------------------------------------------------
    def _count(self, page: str, problems: list[Offender]) -> None:
        self.checked[page] += 1
        # one widget may fail twice (cut text and pushed out): list both, count it once
        if problems:
            self.failed[page] += 1
        self.offenders.extend(problems)

    def _skipped(self, widget: QWidget, root: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None and w is not root:
            if self.skip_types and isinstance(w, self.skip_types):
                return True
            w = w.parentWidget()
        return False

    def _window(self, page: str, window: QWidget) -> None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry()
        frame = window.frameGeometry()
        need = window.minimumSizeHint()
        self.checked[page] += 1
        problems = []
        for what, w, h in (("window", frame.width(), frame.height()), ("window minimum", need.width(),
                                                                        need.height())):
            if w > avail.width():
                problems.append(Offender(page, what + " width", window.objectName() or "window",
                                         self._too_big(window, 0, avail.width() - 300), w, avail.width()))
            if h > avail.height():
                problems.append(Offender(page, what + " height", window.objectName() or "window",
                                         self._too_big(window, 1, avail.height() - 100), h, avail.height()))
        if problems:
            self.failed[page] += 1
            self.offenders.extend(problems)

    def _too_big(self, window: QWidget, axis: int, limit: int) -> str:
        """The innermost visible widgets whose minimum size passes ``limit`` (what makes the window too big)."""

        def big(w: QWidget) -> bool:
            size = w.minimumSizeHint().expandedTo(w.minimumSize())
            return (size.width(), size.height())[axis] > limit

        found = [w for w in window.findChildren(QWidget) if big(w)
                 and not any(big(c) for c in w.findChildren(QWidget))]
        return ", ".join(f"{self._name(w)} ({(w.minimumSizeHint().width(), w.minimumSizeHint().height())[axis]})"
                         for w in found[:4])

    @staticmethod
    def _name(widget: QWidget) -> str:
        name = widget.objectName() or widget.accessibleName()
        if not name and isinstance(widget.parentWidget(), QAbstractSpinBox):
            spin = widget.parentWidget()
            name = spin.objectName() or spin.accessibleName()
        return f"{type(widget).__name__}:{name}" if name else type(widget).__name__

    def _pushed_out(self, page: str, widget: QWidget, text: str) -> list[Offender]:
        """The part of ``widget`` its parents show (up to a scroll area's content); a cut-off part is an offence."""
        rect = QRect(widget.rect())
        w = widget
        while True:
            parent = w.parentWidget()
            if parent is None or w.isWindow():
                break
            if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
                break  # scrolled content: scrolling shows it
            rect = rect.translated(w.pos()).intersected(parent.rect())
            if rect.isEmpty():
                break
            w = parent
        if rect.width() < widget.width() - 1:
            return [Offender(page, "cut by parent (width)", self._name(widget), text, widget.width(), rect.width())]
        if rect.height() < widget.height() - 1:
            return [Offender(page, "cut by parent (height)", self._name(widget), text, widget.height(),
                             rect.height())]
        return []

    def _sideways(self, page: str, area: QAbstractScrollArea) -> list[Offender]:
        """A page that scrolls sideways: something in it is wider than the window leaves (text scrolls down only)."""
        bar = area.horizontalScrollBar()
        if bar.maximum() <= 0:
            return []
        content = area.viewport().width() + bar.maximum()
        return [Offender(page, "scrolls sideways", self._name(area), self._widest(area), content,
                         area.viewport().width())]

    def _widest(self, area: QAbstractScrollArea) -> str:
        """Where a scrolled page's width comes from: the chain of widest layout items, then the row that adds up."""
        def name(item: QLayoutItem) -> str:
            if item.widget() is not None:
                return self._name(item.widget())
            return type(item.layout()).__name__ if item.layout() is not None else "space"

        chain = []
        layout = area.widget().layout() if hasattr(area, "widget") and area.widget() is not None else None
        width = 10**6
        while layout is not None:
            items = [layout.itemAt(i) for i in range(layout.count())]
            items = [i for i in items if i is not None and not i.isEmpty()]
            if not items:
                break
            best = max(items, key=lambda i: i.minimumSize().width())
            if best.minimumSize().width() < width - 40 and chain:
                chain.append("(" + " + ".join(f"{name(i)}[{i.minimumSize().width()}]" for i in items) + ")")
                break
            width = best.minimumSize().width()
            chain.append(f"{name(best)}[{width}]")
            if best.widget() is not None:
                layout = best.widget().layout()
            else:
                layout = best.layout()
        return " > ".join(chain)[-700:]

    def _line_edit(self, page: str, edit: QLineEdit) -> list[Offender]:
        texts = [edit.text(), edit.placeholderText()]
        spin = edit.parentWidget()
        if isinstance(spin, QAbstractSpinBox):
            texts.append(spin.specialValueText())
        metrics = QFontMetrics(edit.font())
        need = max(metrics.horizontalAdvance(t) for t in texts)
        option = QStyleOptionFrame()
        option.initFrom(edit)
        option.rect = edit.rect()
        option.lineWidth = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, edit) \
            if edit.hasFrame() else 0
        contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
        margins = edit.textMargins()
        have = contents.width() - margins.left() - margins.right() - 2 * LINE_EDIT_SIDE - CURSOR
        text = max(texts, key=metrics.horizontalAdvance)
        problems = []
        if need > have:
            problems.append(Offender(page, "field", self._name(edit), text, need, have))
        height = contents.height() - margins.top() - margins.bottom()
        if metrics.height() > height + 1:
            problems.append(Offender(page, "field height", self._name(edit), text, metrics.height(), height))
        return problems + self._pushed_out(page, edit, text)

    def _label(self, page: str, label: QLabel) -> list[Offender]:
        text = label.text()
        if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
            return []
        problems = []
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height():
                problems.append(Offender(page, "wrapped label height", self._name(label), text, need,
                                         label.height()))
            # one word longer than the line (heightForWidth cannot wrap it)
            longest = max(re.split(r"[\s\u200b]+", text), key=label.fontMetrics().horizontalAdvance, default="")
            word = label.fontMetrics().horizontalAdvance(longest) if label.textFormat() != Qt.TextFormat.RichText \
                else 0
            inner = label.contentsRect().width() - 2 * label.margin() - label.indent() if label.indent() > 0 else \
                label.contentsRect().width() - 2 * label.margin()
            if word > inner + 1:
                problems.append(Offender(page, "label word", self._name(label), longest, word, inner))
        else:
            hint = label.sizeHint()
            if hint.width() > label.width():
                problems.append(Offender(page, "label width", self._name(label), text, hint.width(),
                                         label.width()))
            if hint.height() > label.height() + 1:
                problems.append(Offender(page, "label height", self._name(label), text, hint.height(),
                                         label.height()))
        return problems + self._pushed_out(page, label, text)

    def _button(self, page: str, button: QAbstractButton) -> list[Offender]:
        text = button.text().replace("&&", "\x00").replace("&", "").replace("\x00", "&")
        if not text:
            return self._pushed_out(page, button, text)
        problems = []
        metrics = button.fontMetrics()
        lines = text.split("\n")
        text_w = max(metrics.horizontalAdvance(line) for line in lines)
        text_h = metrics.height() * len(lines)
        if isinstance(button, QPushButton) and button.hasHeightForWidth():  # words that wrap (WrapButton)
            need = button.heightForWidth(button.width())
            if need > button.height() + 1:
                problems.append(Offender(page, "wrapping button height", self._name(button), text, need,
                                         button.height()))
            if button.minimumSizeHint().width() > button.width():
                problems.append(Offender(page, "button word", self._name(button), text,
                                         button.minimumSizeHint().width(), button.width()))
        elif isinstance(button, QPushButton) and type(button).paintEvent is QPushButton.paintEvent:
            option = QStyleOptionButton()
            option.initFrom(button)
            option.rect = button.rect()
            option.text = button.text()
            option.icon = button.icon()
            option.iconSize = button.iconSize()
            contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
            icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
            # Centred words may run into the padding and still show: they must keep clear of the border.
            have = max(contents.width(), button.width() - 2 * BUTTON_EDGE)
            if text_w + icon > have:
                problems.append(Offender(page, "button width", self._name(button), text, text_w + icon, have))
            if text_h > contents.height() + 1:
                problems.append(Offender(page, "button height", self._name(button), text, text_h,
                                         contents.height()))
        elif isinstance(button, QCheckBox | QRadioButton | QToolButton | QPushButton):
            hint = button.sizeHint()
            if hint.width() > button.width() + 1:
                problems.append(Offender(page, "button width", self._name(button), text, hint.width(),
                                         button.width()))
            if hint.height() > button.height() + 1:
                problems.append(Offender(page, "button height", self._name(button), text, hint.height(),
                                         button.height()))
        return problems + self._pushed_out(page, button, text)
