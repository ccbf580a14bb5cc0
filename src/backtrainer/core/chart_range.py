"""The Progress page's range selector: 4 weeks, 12 weeks or all (re-exported by core.charts).

A module of its own, with nothing to import, so the page can be built before the series modules are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

__all__ = ["Range", "range_start"]


class Range(StrEnum):
    """The range selector of the Progress page."""

    WEEKS_4 = "4w"
    WEEKS_12 = "12w"
    ALL = "all"


_RANGE_DAYS: Mapping[Range, int] = {Range.WEEKS_4: 28, Range.WEEKS_12: 84}


def range_start(rng: Range, today: date, first_day: date | None) -> date:
    """First day shown: ``today`` minus 4 or 12 weeks (+1 day), never before the first day with data (a short
    history fills the chart); the first day with data for ``ALL``."""
    first = first_day if first_day is not None and first_day <= today else today
    if rng is Range.ALL:
        return first
    return max(first, today - timedelta(days=_RANGE_DAYS[rng] - 1))
