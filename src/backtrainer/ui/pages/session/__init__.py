"""The guided session (issue 6): see ``page.SessionPage``."""

from __future__ import annotations

from backtrainer.ui.pages.session.page import SessionPage

__all__ = ["SessionPage"]
