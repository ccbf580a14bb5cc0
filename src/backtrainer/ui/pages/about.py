"""About and safety: the first-run notice (ref 8.1), the standing reminder (8.2), version and data folder."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from backtrainer import __version__
from backtrainer.i18n import _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column


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
        ibox.addWidget(label(str(ctx.paths.root), "body", selectable=True))
        layout.addWidget(info)
        layout.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.accepted_line.setText("You accepted this notice when you started." if self.ctx.profile_id else "")
