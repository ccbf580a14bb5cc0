"""The morning check-in asks the quick safety check once a day (issue 20; ref 1.4 layer 1 [PD],
``core.screening.quick_check_stands``): a full assessment's safety questions answered earlier the same day stand for
it, unless something has changed. Real clicks only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from test_session_flow import click, make_profile, open_window, rows


def _assessed_this_morning(ctx: Any, profile: Any) -> None:
    """The full safety questions of an assessment, answered today at 08:10 with nothing found."""
    from backtrainer.store.tables import Screening

    with ctx.db().session_scope() as s:
        s.add(Screening(profile_id=profile.id, at="2026-03-09T08:10:00", kind="full", tier="CLEAR",
                        app_version="0.1.0"))


def _pains(qtbot: Any, page: Any) -> None:
    click(qtbot, page.morning.button(3))
    click(qtbot, page.average.button(3))
    click(qtbot, page.worst.button(4))


def test_a_same_day_assessment_stands_for_the_check_in(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    _assessed_this_morning(app_ctx, profile)
    window = open_window(qtbot, app_ctx, profile)
    page = window.current_page()
    assert page.NAME == "checkin"
    assert not page.quick.isVisibleTo(page)  # not asked again ...
    assert page.checked_frame.isVisibleTo(page)  # ... and the person is told why
    assert "08:10" in page.checked_text.text()
    _pains(qtbot, page)
    click(qtbot, page.save_button)
    assert window.current_page().NAME == "today"
    assert rows(app_ctx, "SELECT quick_check FROM checkin WHERE day = '2026-03-09'") == [("[]",)]
    # No quick check was asked, so none is on record for today: the assessment's screen is the day's check.
    assert rows(app_ctx, "SELECT count(*) FROM screening WHERE kind = 'quick' AND at LIKE '2026-03-09%'") == [(0,)]
    # Nor does "Before you start" ask it.
    click(qtbot, window.current_page().session_button)
    session = window.current_page()
    assert session.NAME == "session" and not session.before.asks_quick_check()


def test_something_has_changed_asks_it_and_a_tick_still_stops(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    _assessed_this_morning(app_ctx, profile)
    window = open_window(qtbot, app_ctx, profile)
    page = window.current_page()
    _pains(qtbot, page)
    click(qtbot, page.changed_button)
    assert page.quick.isVisibleTo(page) and not page.checked_frame.isVisibleTo(page)
    click(qtbot, page.save_button)  # once asked, it must be answered
    assert page.form.error.isVisibleTo(page) and page.form.error.text()
    click(qtbot, page.quick.boxes["RF02"])
    click(qtbot, page.save_button)
    assert page.stack.currentWidget() is page.stop_screen
    assert rows(app_ctx, "SELECT tier FROM screening WHERE kind = 'quick' ORDER BY id DESC LIMIT 1") == \
        [("EMERGENCY",)]


def test_an_earlier_days_screen_does_not_stand(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)  # its full screen is from a week ago
    window = open_window(qtbot, app_ctx, profile)
    page = window.current_page()
    assert page.quick.isVisibleTo(page) and not page.checked_frame.isVisibleTo(page)
    _pains(qtbot, page)
    click(qtbot, page.save_button)
    assert window.current_page().NAME == "checkin"  # "None of these" must be chosen actively
    click(qtbot, page.quick.boxes["NONE"])
    click(qtbot, page.save_button)
    assert window.current_page().NAME == "today"
