"""About and safety: the first-run notice (ref 8.1), the standing reminder (8.2), version and data folder."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

from backtrainer import __version__
from backtrainer.i18n import _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column


class PathText(QPlainTextEdit):
    """A folder path that breaks anywhere, as a label cannot (one long word at 200 % text, issue 16); read-only and
    selectable, and the copied text is the path itself, with nothing put in to break it. As tall as its lines."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setProperty("role", "body")
        self.setStyleSheet("QPlainTextEdit { background: transparent; }")
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _lines_height(self) -> int:
        lines = max(1, round(self.document().documentLayout().documentSize().height()))
        margin = round(self.document().documentMargin())
        return lines * self.fontMetrics().lineSpacing() + 2 * margin + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._lines_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 8, self._lines_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != self._lines_height():
            self.setFixedHeight(self._lines_height())


class AboutPage(Page):
    NAME = "about"
    TITLE = "About and safety"
    ORDER = 90
    WATCHES = Changes.PROFILE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = scroll_column(self)
        from backtrainer.ui import texts

        layout.addWidget(label(_("About and safety"), "title"))
        notice = texts.first_run_notice()
        frame, box = card("notice")
        box.addWidget(label(notice.title, "subtitle"))
        for paragraph in notice.paragraphs:
            box.addWidget(label(paragraph))
        self.accepted_line = label("", "muted")
        box.addWidget(self.accepted_line)
        layout.addWidget(frame)

        reminder, rbox = card()
        rbox.addWidget(label(_("Always remember"), "subtitle"))
        rbox.addWidget(label(texts.standing_footer()))
        layout.addWidget(reminder)

        info, ibox = card()
        ibox.addWidget(label(_("This copy of BackTrainer"), "subtitle"))
        ibox.addWidget(label(_("Version {version}. It works without the internet and never sends your data "
                               "anywhere.").format(version=__version__)))
        ibox.addWidget(label(_("Your data is kept in this folder:"), "muted"))
        self.data_folder = PathText(str(ctx.paths.root), _("Your data folder"))
        ibox.addWidget(self.data_folder)
        layout.addWidget(info)
        layout.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.accepted_line.setText("You accepted this notice when you started." if self.ctx.profile_id else "")
