"""Issue 20 item 11: the words about the streak agree. The summary of a first completed session says "your streak
starts now"; Today must not then say it "starts with your next session". A stopped session says neither (it does not
count; tests/ui/test_session_flow.py::test_stop_saves_what_was_done). Real clicks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from test_session_flow import click, do_checkin, make_profile, open_window, play_through, rate, start_session


def test_after_a_first_session_today_agrees_the_streak_has_started(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    today = window.current_page()
    assert "Your streak starts with your next session." in today.progress_text.text()  # nothing done yet
    page = start_session(qtbot, window)
    while page.current_screen() is page.player:
        play_through(page)
        rate(qtbot, page)
    click(qtbot, page.after.pain.button(2))
    click(qtbot, page.after.next_button)
    assert "your streak starts now" in page.summary.facts.text()
    click(qtbot, page.summary.save_button)
    click(qtbot, page.saved.today_button)
    today = window.current_page()
    assert today.NAME == "today"
    words = today.progress_text.text()
    assert "starts with your next session" not in words, words
    assert "Your streak has started" in words
