"""Learn: every education topic (ref 7), readable and searchable, each with its "Learn more" panel."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _, ngettext
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages.base import Page, card, label, scroll_column


class TopicCard(QFrame):
    def __init__(self, topic_id: str, title: str, summary: str, more: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic_id = topic_id
        self.setProperty("role", "card")
        self.setAccessibleName(title)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        self.title = label(title, "subtitle")
        box.addWidget(self.title)
        self.summary = label(summary)
        box.addWidget(self.summary)
        self.more = label(more)
        self.more.hide()
        box.addWidget(self.more)
        self.more_button = QPushButton(_("Learn more"))
        self.more_button.setProperty("role", "link")
        self.more_button.setAutoDefault(True)
        self.more_button.setMinimumHeight(40)
        self.more_button.setAccessibleName(_("Learn more about {title}").format(title=title))
        self.more_button.clicked.connect(self.toggle)
        row = QHBoxLayout()
        row.addWidget(self.more_button)
        row.addStretch(1)
        box.addLayout(row)
        self.haystack = f"{title} {summary} {more}".casefold()
        self.title_words = title.casefold()

    def toggle(self) -> None:
        show = not self.more.isVisible()
        self.more.setVisible(show)
        self.more_button.setText(_("Show less") if show else _("Learn more"))

    def matches(self, words: list[str]) -> bool:
        return all(w in self.haystack for w in words)

    def title_matches(self, words: list[str]) -> bool:
        return bool(words) and all(w in self.title_words for w in words)


class LearnPage(Page):
    NAME = "learn"
    TITLE = N_("Learn")
    ORDER = 30
    WATCHES = Changes.NONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from backtrainer.content.education import load_education

        layout = scroll_column(self)
        layout.addWidget(label(_("Learn"), "title"))
        layout.addWidget(label(_("Short lessons about back pain and how to live well with it. Type a word to find a "
                                 "topic."), "muted"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search, for example: sleep, work, flare"))
        self.search.setAccessibleName(_("Search the topics"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(44)
        self.search.textChanged.connect(self.filter)
        layout.addWidget(self.search)
        self.count = label("", "muted")
        self.count.setAccessibleName(_("Topics found"))
        layout.addWidget(self.count)
        self.cards: list[TopicCard] = []
        self._list = layout
        self._first = layout.count()
        for t in load_education().topics:
            c = TopicCard(t.id, t.title, t.summary, t.learn_more)
            self.cards.append(c)
            layout.addWidget(c)
        self.empty, box = card("notice")
        box.addWidget(label(_("No topic matches those words. Try a shorter word."), "body"))
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self.filter("")

    def filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        # a topic whose title has the words comes first ("sleep" finds "Sleep and pain" before lessons that only
        # mention sleep); otherwise the lessons keep their teaching order
        order = sorted(self.cards, key=lambda c: not c.title_matches(words))
        for index, c in enumerate(order):
            if self._list.indexOf(c) != self._first + index:
                self._list.insertWidget(self._first + index, c)
        for c in self.cards:
            ok = c.matches(words)
            c.setVisible(ok)
            shown += ok
        self.empty.setVisible(shown == 0)
        total = len(self.cards)
        self.count.setText(ngettext("{shown} of {total} topic", "{shown} of {total} topics", total).format(
            shown=shown, total=total) if words else ngettext("{total} topic", "{total} topics", total).format(
            total=total))

    def visible_titles(self) -> list[str]:
        """The titles shown, in the order they are shown."""
        shown = [c for c in self.cards if not c.isHidden()]
        return [c.title.text() for c in sorted(shown, key=self._list.indexOf)]
