"""The page contract: every page declares NAME, TITLE and ORDER and registers in ``pages.REGISTRY``."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from backtrainer.i18n import _
from backtrainer.ui.context import AppContext, Changes


class Page(QWidget):
    NAME: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    ORDER: ClassVar[int] = 100
    # The rail button lit while this page shows, for a page that has none of its own (reached from Today: a session,
    # an exercise, the check-in); empty: the page's own button, if any.
    RAIL_HOME: ClassVar[str] = ""
    IN_NAV: ClassVar[bool] = True
    WATCHES: ClassVar[Changes] = Changes.ALL
    scroll_area: QScrollArea  # set by scroll_column() on the pages that scroll

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.NAME}")
        self.setAccessibleName(_(self.TITLE))
        self._dirty = True
        ctx.signals.dataChanged.connect(self._on_data_changed)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes & self.WATCHES:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows (off the GUI thread through ctx.runner)."""
        self._dirty = False


def scroll_column(page: QWidget, max_width: int = 880, *, margins: tuple[int, int] = (40, 32),
                  spacing: int = 18) -> QVBoxLayout:
    """A centred, scrollable column for page content; returns its layout (the scroll area is ``page.scroll_area``)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # The area takes the keyboard focus (arrows and Page Down scroll it), so a screen reader names it (issue 16).
    area.setAccessibleName(_("Page content"))
    area.verticalScrollBar().setAccessibleName(_("Scroll the page"))
    area.horizontalScrollBar().setAccessibleName(_("Scroll the page sideways"))
    outer.addWidget(area)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(margins[0], margins[1], margins[0], margins[1])
    column = QWidget()
    column.setMaximumWidth(max_width)
    column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    area.setWidget(holder)
    page.scroll_area = area  # type: ignore[attr-defined]
    return layout


def label(text: str, role: str = "body", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def card(role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    return frame, layout


def headline(head: str, why: str = "") -> QWidget:
    """A bold line with an optional plain line under it (a decision and its reason, and the like)."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    top = label(head, "body")
    top.setStyleSheet("QLabel { font-weight: 600; }")
    column.addWidget(top)
    if why:
        column.addWidget(label(why, "muted"))
    return holder
