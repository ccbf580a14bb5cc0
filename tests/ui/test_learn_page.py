"""Learn: every education topic, searchable, each with a Learn more panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_search_filters_topics_and_learn_more_opens(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.ui.pages.learn import LearnPage

    page = LearnPage(app_ctx)
    qtbot.addWidget(page)
    page.show()
    assert len(page.visible_titles()) == 12 and page.count.text() == "12 topics"
    qtbot.keyClicks(page.search, "sleep")
    assert "Sleep and pain" in page.visible_titles()
    assert page.count.text() == f"{len(page.visible_titles())} of 12 topics"
    page.search.clear()
    qtbot.keyClicks(page.search, "flare plan")
    assert page.visible_titles() == ["Your flare-up plan"]
    card = next(c for c in page.cards if not c.isHidden())
    assert card.more.isHidden()
    qtbot.mouseClick(card.more_button, Qt.MouseButton.LeftButton)
    assert card.more.isVisibleTo(page) and card.more_button.text() == "Show less"
    page.search.setText("xyzzy")
    assert page.visible_titles() == [] and page.empty.isVisibleTo(page)
    assert page.search.accessibleName() and all(c.more_button.accessibleName() for c in page.cards)


def test_a_title_match_comes_first(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.ui.pages.learn import LearnPage

    page = LearnPage(app_ctx)
    qtbot.addWidget(page)
    page.show()
    teaching_order = page.visible_titles()
    qtbot.keyClicks(page.search, "sleep")
    shown = page.visible_titles()
    assert shown[0] == "Sleep and pain" and len(shown) > 1
    assert [t for t in teaching_order if t in shown[1:]] == shown[1:]  # the others keep the teaching order
    page.search.clear()
    assert page.visible_titles() == teaching_order
