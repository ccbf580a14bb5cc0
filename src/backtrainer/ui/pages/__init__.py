"""Page registry: the shell builds its navigation from this list (style 5.2.10)."""

from __future__ import annotations

from backtrainer.ui.pages.about import AboutPage
from backtrainer.ui.pages.assessment import AssessmentPage
from backtrainer.ui.pages.base import Page
from backtrainer.ui.pages.today import TodayPage


def nav_pages() -> list[type[Page]]:
    """Pages shown in the navigation rail, in ORDER."""
    return sorted([TodayPage, AssessmentPage, AboutPage], key=lambda page: page.ORDER)
