"""A person a clinician set up opens their profile for the first time: the notice greets them, not "Welcome back"
(seen on the 1366x768 walk)."""

from __future__ import annotations

from typing import Any


def test_a_first_visit_is_not_greeted_as_a_return(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.ui.pages.welcome import WelcomePage

    page = WelcomePage(app_ctx)
    qtbot.addWidget(page)
    page.for_existing("Bob")
    assert page.heading.text() == "Welcome, Bob"
    assert not page.name_card.isVisibleTo(page)
    page.for_existing(None)
    assert page.heading.text() == "Welcome to BackTrainer"
