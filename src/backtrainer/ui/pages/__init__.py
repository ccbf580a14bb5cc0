"""Page registry: the shell builds its navigation from this list (style 5.2.10).

Entries name their module instead of importing it, so start-up imports only the first page; a page's module is
imported the first time the page is shown.
A test checks every entry against its class (NAME, TITLE, ORDER).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backtrainer.i18n import N_

if TYPE_CHECKING:
    from backtrainer.ui.pages.base import Page


@dataclass(frozen=True)
class PageEntry:
    name: str
    title: str
    order: int
    module: str
    cls: str
    in_nav: bool = True

    def load(self) -> type[Page]:
        page_cls: type[Page] = getattr(importlib.import_module(self.module), self.cls)
        return page_cls


PAGES: tuple[PageEntry, ...] = (
    PageEntry("today", N_("Today"), 10, "backtrainer.ui.pages.today", "TodayPage"),
    PageEntry("assessment", N_("Assessment"), 20, "backtrainer.ui.pages.assessment", "AssessmentPage"),
    PageEntry("learn", N_("Learn"), 30, "backtrainer.ui.pages.learn", "LearnPage"),
    PageEntry("progress", N_("Progress"), 40, "backtrainer.ui.pages.progress", "ProgressPage"),
    PageEntry("settings", N_("Settings"), 80, "backtrainer.ui.pages.settings", "SettingsPage"),
    PageEntry("clinic", N_("Clinic"), 85, "backtrainer.ui.pages.clinic", "ClinicPage"),
    PageEntry("about", N_("About and safety"), 90, "backtrainer.ui.pages.about", "AboutPage"),
    # Opened by name only (no rail button): the daily check-in, a guided session, one exercise's page.
    PageEntry("checkin", N_("Check-in"), 12, "backtrainer.ui.pages.checkin", "CheckinPage", in_nav=False),
    PageEntry("session", N_("Session"), 15, "backtrainer.ui.pages.session", "SessionPage", in_nav=False),
    PageEntry("exercise", N_("Exercise"), 16, "backtrainer.ui.pages.exercise", "ExercisePage", in_nav=False),
)


def nav_pages() -> list[PageEntry]:
    """Pages shown in the navigation rail, in ORDER."""
    return sorted((p for p in PAGES if p.in_nav), key=lambda p: p.order)


def all_pages() -> list[PageEntry]:
    return sorted(PAGES, key=lambda p: p.order)
