"""A guided session clicked through offscreen with a fixed clock: check-in, before-screen, each exercise paced by
its tempo, sets, rests and ratings, the summary with the engine's decisions, the commit, and the next mornings that
let the engine move the plan on; the flare-up question, a red flag, stopping and resuming after a close."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from backtrainer.store.records import StartupData
from backtrainer.ui.app_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
MONDAY = datetime(2026, 3, 9, 8, 30)  # the app_ctx FixedClock starts here
START = [("MC", "MC-02", 2), ("QX", "EX-02a", 2), ("LAT", "LT-01b", 2), ("GLU", "GL-01b", 2),
         ("HNG", "FN-01a", 1), ("SQT", "FN-03b", 2)]


# --- set-up -------------------------------------------------------------------------------------------------------


def make_profile(ctx: Any, *, leg: bool = False) -> Any:
    """A profile that finished the assessment (its full safety screen included), with a plan and a week of baseline
    mornings (U = 3)."""
    from backtrainer.services.plan_meta import PlanMeta
    from backtrainer.services.profiles import ProfileService
    from backtrainer.services.training import CheckinInput, TrainingService
    from backtrainer.store.session_records import ChainState
    from backtrainer.store.session_repo import SessionRepo
    from backtrainer.store.tables import Profile, Screening

    db = ctx.db()
    profile = ProfileService(db, ctx.clock).create("Sam", accept_notice=True)
    SessionRepo(db).save_plan(profile.id, [ChainState(c, e, lv, 0, "2026-03-01") for c, e, lv in START],
                              now="2026-03-01T08:00:00")
    with db.session_scope() as s:
        p = s.get(Profile, profile.id)
        assert p is not None
        p.age = 44
        p.assessment_state = {"done": True}
        p.emergency_number = "999"
        p.plan_meta = PlanMeta(plan_start=MONDAY.date() - timedelta(days=7),
                               modifiers=("LEG",) if leg else ()).dump()
        s.add(p)
        s.add(Screening(profile_id=profile.id, at="2026-03-01T08:10:00", kind="full", tier="CLEAR",
                        app_version="0.1.0"))
    service = TrainingService(db, ctx.clock)
    for k in range(7, 0, -1):
        ctx.clock.set(MONDAY - timedelta(days=k))
        service.save_checkin(profile.id, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    ctx.clock.set(MONDAY)
    return profile


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    from backtrainer.ui.pages.session.player import PlayerScreen
    from backtrainer.ui.widgets import sounds

    monkeypatch.setattr(PlayerScreen, "videos_enabled", False)
    monkeypatch.setattr(sounds, "_enabled", True)
    monkeypatch.setattr(sounds.Sounds, "_load", lambda self: False)  # count what would play, stay silent


def open_window(qtbot: Any, ctx: Any, profile: Any) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.populate(StartupData(profiles=[profile]))
    qtbot.wait(5)  # Today sends the first open of a day to the check-in on the next turn of the event loop
    return window


def click(qtbot: Any, widget: QWidget) -> None:
    assert widget.isVisibleTo(widget.window()), f"{widget.accessibleName()} is hidden"
    assert widget.isEnabled(), f"{widget.accessibleName()} is disabled"
    qtbot.mouseClick(widget, LEFT)


def texts(widget: QWidget) -> str:
    return " ".join(w.text() for w in widget.findChildren(QLabel) if not w.isHidden())


def rows(ctx: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(ctx.paths.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def do_checkin(qtbot: Any, window: MainWindow, *, morning: int = 3, ticks: tuple[str, ...] = ("NONE",)) -> Any:
    page = window.current_page()
    assert page is not None and page.NAME == "checkin"
    if page.morning_frame.isVisibleTo(page):
        click(qtbot, page.morning.button(morning))
    click(qtbot, page.average.button(3))
    click(qtbot, page.worst.button(4))
    if not page.asks_quick_check() and ticks != ("NONE",):
        click(qtbot, page.changed_button)  # today's earlier check stands; something has changed
    if page.asks_quick_check():  # else today's earlier safety check stands (once a day, ref 1.4 layer 1)
        for tick in ticks:
            click(qtbot, page.quick.boxes[tick])
    click(qtbot, page.save_button)
    return page


def start_session(qtbot: Any, window: MainWindow, *, pain: int = 3) -> Any:
    window.show_page("today")
    today = window.current_page()
    click(qtbot, today.session_button)
    page = window.current_page()
    assert page is not None and page.NAME == "session"
    assert page.current_screen() is page.before
    if page.before.asks_quick_check():  # else today's check-in answered it (once a day, ref 1.4 layer 1)
        click(qtbot, page.before.quick.boxes["NONE"])
    click(qtbot, page.before.pain.button(pain))
    if page.before.leg.isVisibleTo(page.before):
        click(qtbot, page.before.leg.button(2))
    click(qtbot, page.before.start_button)
    return page


def first_exercise_done(qtbot: Any, window: MainWindow) -> Any:
    """The morning check-in, the session started and its first exercise played through and rated."""
    do_checkin(qtbot, window)
    page = start_session(qtbot, window)
    play_through(page)
    rate(qtbot, page)
    return page


def rate(qtbot: Any, page: Any, *, pain: int = 2, rpe: int = 3, form: str = "good") -> None:
    r = page.ratings
    assert page.current_screen() is r
    click(qtbot, r.pain.button(pain))
    click(qtbot, r.rpe.buttons[str(rpe)])
    click(qtbot, r.form.buttons[form])
    if r.leg_frame.isVisibleTo(r):
        click(qtbot, r.leg_spread.buttons["no"])
        click(qtbot, r.leg_pain.button(2))
    click(qtbot, r.save_button)


def play_through(page: Any, step: float = 5.0, limit: float = 2000.0) -> dict[str, Any]:
    """Start the exercise on screen and let its clock run until it ends; what was seen on the way."""
    player = page.player
    seen: dict[str, Any] = {"rest": False, "cues": set(), "phases": set(), "sets": set()}
    click_start = player.pause_button
    assert click_start.text() == "Start"
    QTest.mouseClick(click_start, LEFT)
    t = 0.0
    while page.current_screen() is player and t < limit:
        player.tick(step)
        t += step
        run = player.run
        if run is not None:
            seen["rest"] |= run.stage.value == "rest"
            seen["sets"].add(player.set_label.text())
            if player.ring.phase:
                seen["phases"].add(player.ring.phase)
            cue = player.current_cue()
            if cue:
                seen["cues"].add(cue)
        # The end of an exercise hands over on the next turn of the event loop.
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
    return seen


def finish_session(qtbot: Any, page: Any, *, rpe: int = 3, too_hard_at: int | None = None) -> None:
    index = 0
    while page.current_screen() is page.player:
        if too_hard_at == index:
            click(qtbot, page.player.pause_button)
            page.player.tick(8)
            click(qtbot, page.player.too_hard_button)
        else:
            play_through(page)
        rate(qtbot, page, rpe=rpe)
        index += 1
    assert page.current_screen() is page.after
    click(qtbot, page.after.pain.button(2))
    click(qtbot, page.after.next_button)
    assert page.current_screen() is page.summary


# --- the whole session ----------------------------------------------------------------------------------------------


def test_a_whole_session_then_the_next_mornings_move_the_plan_on(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    # The first open of the day asks for the morning check-in before anything else.
    assert window.current_page().NAME == "checkin"
    do_checkin(qtbot, window)
    today = window.current_page()
    assert today.NAME == "today"
    assert not today.checkin_card.isVisibleTo(today)
    assert today.session_button.isVisibleTo(today) and "Start today's session" in today.session_button.text()
    assert "Today's topic: Back pain is common" in texts(today)

    # Before: nothing chosen -> a plain message, nothing stored.
    click(qtbot, today.session_button)
    page = window.current_page()
    assert page.current_screen() is page.before
    # The safety check was answered at the check-in a minute ago: not asked again (once a day, ref 1.4 layer 1).
    assert not page.before.quick_frame.isVisibleTo(page.before)
    assert page.before.checked_frame.isVisibleTo(page.before) and "08:30" in page.before.checked_text.text()
    click(qtbot, page.before.start_button)
    assert page.current_screen() is page.before and "back pain right now" in page.before.error.text()
    click(qtbot, page.before.pain.button(3))
    click(qtbot, page.before.start_button)
    player = page.player
    assert page.current_screen() is player
    assert player.name.text() == "Cat-camel"
    assert "8.2" not in player.footer.text() and "does not diagnose" in player.footer.text()

    # Cat-camel, tempo 3-0-3: Start, a 3 s count-in, then lift 3 s, lower 3 s, with the cue moving on each rep.
    assert player.ring.headline == "Get ready"
    first_cue = player.current_cue()
    click(qtbot, player.pause_button)
    player.tick(1)
    assert player.ring.headline == "Starting in" and player.ring.display_seconds() == 2
    player.tick(2.5)
    assert player.ring.phase == "lift" and player.ring.display_seconds() == 3
    # The exercise's own words, not "Lift" / "Lower" (issue 20.18): the back rounds up, then sags.
    assert player.ring.headline == "Round up" and player.status.text().startswith("Round up…")
    assert "rep 1 of 8" in player.ring.caption
    player.tick(3)
    assert player.ring.phase == "lower" and player.ring.display_seconds() == 3
    assert player.ring.headline == "Let it sag"
    assert player.rep_label.text() == "Rep 1 of 8"
    player.tick(3)
    assert player.rep_label.text() == "Rep 2 of 8"
    assert player.current_cue() != first_cue  # one cue highlighted at a time, rotating with the reps
    assert "tick" in player.sounds.played and "phase" in player.sounds.played
    # Pause stops the clock; Resume carries on.
    click(qtbot, player.pause_button)
    assert player.pause_button.text() == "Resume"
    player.tick(30)
    assert player.rep_label.text() == "Rep 2 of 8"
    click(qtbot, player.pause_button)
    seen = play_through_rest(page)
    assert seen["done"] == 8
    rate(qtbot, page, pain=2, rpe=3)

    # The rest of the session: sets and rests count, one exercise is "too hard".
    saw_rest = False
    while page.current_screen() is player:
        if player.name.text() == "Full bridge with a hold":
            # 2 x 8 at 2-3-2: set 1, a rest with "Skip rest", set 2.
            click(qtbot, player.pause_button)
            player.tick(3 + 8 * 7 - 0.5)
            assert player.set_label.text() == "Set 1 of 2"
            player.tick(1)
            assert player.run.stage.value == "rest" and player.skip_rest_button.isVisibleTo(player)
            assert player.ring.headline == "Rest"
            click(qtbot, player.skip_rest_button)
            player.tick(3.5)
            assert player.set_label.text() == "Set 2 of 2" and player.ring.phase == "lift"
            saw_rest = True
            player.tick(8 * 7)
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()
        elif player.name.text() == "Heel slide with a light brace":
            click(qtbot, player.pause_button)
            player.tick(3 + 6 * 7 + 5 + 5 * 7)  # first side done, five reps on the other side
            click(qtbot, player.too_hard_button)
            assert page.ratings.too_hard_note.isVisibleTo(page.ratings)
            assert "you did 5 of 6" in page.ratings.done_line.text()
        else:
            play_through(page)
        rate(qtbot, page, pain=3, rpe=7 if player.name.text() == "Full bridge with a hold" else 4)
    assert saw_rest

    # After: pain now, then the summary with the engine's decisions for next time.
    assert page.current_screen() is page.after
    click(qtbot, page.after.next_button)
    assert "choose a number" in page.after.error.text()
    click(qtbot, page.after.pain.button(2))
    click(qtbot, page.after.next_button)
    assert page.current_screen() is page.summary
    summary = texts(page.summary)
    assert "Cat-camel: 8 of 8" in summary
    assert 'Heel slide with a light brace: 5 of 6 (you said "too hard")' in summary
    assert any("Heel slide with a light brace steps back to Tummy drawing-in" in t and "too hard" in t
               for t in page.summary.decision_texts), page.summary.decision_texts
    assert any("Full bridge with a hold stays at 2 x 8" in t and "7 out of 10" in t
               for t in page.summary.decision_texts), page.summary.decision_texts
    assert "1 of 3 sessions this week" in page.summary.facts.text()
    assert rows(app_ctx, "SELECT count(*) FROM session") == [(0,)]  # preview first, commit second

    click(qtbot, page.summary.save_button)
    assert page.current_screen() is page.saved
    assert rows(app_ctx, "SELECT completed, pre_pain, post_pain FROM session") == [(1, 3, 2)]
    stored = rows(app_ctx, "SELECT exercise_id, completed, prescribed, worst_pain, rpe, form, too_hard "
                           "FROM exercise_result ORDER BY id")
    assert stored[0] == ("MO-01", 8, 8, 2, 3, "good", 0)
    assert ("MC-02", 5, 6, 3, 4, "good", 1) in stored
    assert rows(app_ctx, "SELECT count(*) FROM event WHERE kind = 'too_hard'") == [(1,)]
    assert not (app_ctx.paths.root / f"session-draft-{profile.id}.json").exists()
    assert rows(app_ctx, "SELECT json_extract(plan_meta, '$.education_seen') FROM profile") == [('["ED-01"]',)]
    # Too hard: one step down now, from L2 S0 to L1 S3 (ref 6.5).
    assert rows(app_ctx, "SELECT exercise_id, level, step FROM plan_chain WHERE chain = 'MC'") == [("MC-01", 1, 3)]
    click(qtbot, page.saved.today_button)
    today = window.current_page()
    assert "Done for today" in today.plan_title.text()

    # Tuesday: a new day's first open asks the check-in first.
    app_ctx.clock.set(MONDAY + timedelta(days=1, hours=-1))
    window2 = open_window(qtbot, app_ctx, profile)
    assert window2.current_page().NAME == "checkin"
    do_checkin(qtbot, window2)
    assert "Rest day" in window2.current_page().plan_title.text()

    # Wednesday: check-in, a second good session (all easy).
    app_ctx.clock.set(MONDAY + timedelta(days=2, hours=-1))
    window3 = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window3)
    page3 = start_session(qtbot, window3)
    finish_session(qtbot, page3, rpe=3)
    assert any("moves up" in t for t in page3.summary.decision_texts), page3.summary.decision_texts
    click(qtbot, page3.summary.save_button)

    # Friday without Thursday's morning rating: nothing moves up yet (the morning is unknown) ...
    app_ctx.clock.set(MONDAY + timedelta(days=4, hours=-1))
    window4 = open_window(qtbot, app_ctx, profile)
    assert window4.current_page().NAME == "checkin"
    window4.show_page("today")
    assert "moves up" not in window4.current_page().changes_text.text()
    # ... Thursday's check-in (entered late) is missing, but Friday's settled morning lets the engine apply them.
    window4.show_page("checkin")
    do_checkin(qtbot, window4)
    today4 = window4.current_page()
    assert today4.NAME == "today"
    changes = today4.changes_text.text()
    assert "moves up" in changes, changes
    # The exercise page shows each decision with its reason once committed.
    page4 = start_session(qtbot, window4)
    finish_session(qtbot, page4)
    click(qtbot, page4.summary.save_button)
    moved = rows(app_ctx, "SELECT exercise_id FROM event WHERE kind = 'decision' AND "
                          "json_extract(payload, '$.action') = 'PROGRESS'")
    assert moved
    from backtrainer.ui.pages.exercise import open_exercise

    open_exercise(app_ctx, moved[0][0])
    ex_page = window4.current_page()
    assert ex_page.NAME == "exercise"
    assert any("on 13 Mar" in line and "good sessions in a row" in line for line in ex_page.history_lines), \
        ex_page.history_lines


def play_through_rest(page: Any) -> dict[str, int]:
    player = page.player
    while page.current_screen() is player:
        player.tick(1)
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        done = player.completed()
    return {"done": done}


# --- keyboard, flare, red flags, stop and resume --------------------------------------------------------------------


def test_keyboard_only_space_pauses_and_page_down_moves_on(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    page = start_session(qtbot, window)
    player = page.player
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    player.pause_button.setFocus()
    qtbot.keyClick(player.pause_button, Qt.Key.Key_Space)
    assert player.run.stage.value == "count_in"
    qtbot.keyClick(player.pause_button, Qt.Key.Key_Space)
    assert player.run.paused and player.pause_button.text() == "Resume"
    qtbot.keyClick(player.pause_button, Qt.Key.Key_Space)
    player.tick(3 + 6 * 3)
    qtbot.keyClick(player.pause_button, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: page.current_screen() is page.ratings)
    assert "you did 3 of 8" in page.ratings.done_line.text()
    # Ratings by keyboard: arrows move along a row, Enter on the save button.
    page.ratings.pain.button(0).setFocus()
    qtbot.keyClick(page.ratings.pain.button(0), Qt.Key.Key_Right)
    assert page.ratings.pain.value() == 1
    page.ratings.rpe.buttons["0"].setFocus()
    for _ in range(3):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
    assert page.ratings.rpe.rpe() == 3
    page.ratings.form.buttons["good"].setFocus()
    qtbot.keyClick(page.ratings.form.buttons["good"], Qt.Key.Key_Return)
    page.ratings.save_button.setFocus()
    qtbot.keyClick(page.ratings.save_button, Qt.Key.Key_Return)
    assert page.current_screen() is player and player.name.text() == "Knee rocks"
    # Page Up goes back.
    player.pause_button.setFocus()
    qtbot.keyClick(player.pause_button, Qt.Key.Key_PageUp)
    assert player.name.text() == "Cat-camel"
    for b in (player.prev_button, player.pause_button, player.next_button, player.too_hard_button,
              player.stop_button, player.skip_rest_button):
        assert b.accessibleName() and b.minimumHeight() >= 44


def test_high_pain_asks_about_a_flare_and_not_sure_gives_a_lighter_session(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    page = start_session(qtbot, window, pain=8)
    assert page.current_screen() is page.flare
    assert "8 out of 10" in page.flare.intro.text()
    click(qtbot, page.flare.buttons["NOT_SURE"])
    assert page.current_screen() is page.player
    assert page.draft.plan.kind.value == "HALF" and page.draft.plan.volume_pct == 50


def test_flare_button_is_one_click_and_switches_to_the_flare_session(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    today = window.current_page()
    click(qtbot, today.flare_button)
    assert "Flare-up session" in today.plan_title.text()
    assert today.session_button.text() == "Start the flare-up session"
    assert today.flare_title.text() == "Flare-up plan" and not today.flare_button.isVisibleTo(today)
    assert rows(app_ctx, "SELECT count(*) FROM event WHERE kind = 'flare_reported'") == [(1,)]
    page = start_session(qtbot, window)
    assert page.draft.plan.kind.value == "FLARE"
    assert [i.exercise_id for i in page.draft.plan.items] == ["MO-01", "MO-02", "MO-03a", "MC-01"]
    finish_session(qtbot, page)
    click(qtbot, page.summary.save_button)
    assert rows(app_ctx, "SELECT kind, counts FROM session") == [("FLARE", 0)]


def test_ten_day_gap_eases_back_in(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    page = start_session(qtbot, window)
    finish_session(qtbot, page)
    click(qtbot, page.summary.save_button)
    app_ctx.clock.set(MONDAY + timedelta(days=10))  # Thursday ten days later: not a session day ...
    app_ctx.clock.set(MONDAY + timedelta(days=9))  # ... so Wednesday, nine days: still 7-13 days
    window2 = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window2)
    today = window2.current_page()
    changes = today.changes_text.text()
    assert "It has been 9 days since your last session" in changes
    assert "is a little easier for now" in changes
    assert "80%" in changes  # walking at 80 % (ref 6.8)


def _before_after_checkin(qtbot: Any, app_ctx: Any) -> tuple[Any, Any]:
    """The window and the session page on "Before you start", after the morning check-in (clicked on Today)."""
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    window.show_page("today")
    click(qtbot, window.current_page().session_button)
    return window, window.current_page()


def test_a_red_flag_tick_before_the_session_shows_the_emergency_screen(qtbot: Any, app_ctx: Any) -> None:
    window, page = _before_after_checkin(qtbot, app_ctx)
    # The check-in's safety check stands; "Something has changed" asks it again.
    assert not page.before.quick_frame.isVisibleTo(page.before)
    click(qtbot, page.before.changed_button)
    assert page.before.quick_frame.isVisibleTo(page.before)
    click(qtbot, page.before.quick.boxes["RF02"])
    click(qtbot, page.before.pain.button(3))
    click(qtbot, page.before.start_button)
    assert page.current_screen() is page.stop_screen
    shown = page.stop_screen.stop.text()
    assert "Please get urgent medical help now." in shown and "Call 999" in shown
    assert rows(app_ctx, "SELECT tier FROM screening WHERE kind = 'quick' ORDER BY id DESC LIMIT 1") == \
        [("EMERGENCY",)]
    click(qtbot, page.stop_screen.stop.today_button)
    today = window.current_page()
    assert today.pause_card.isVisibleTo(today) and not today.session_button.isVisibleTo(today)


def test_an_error_before_the_session_goes_once_answered(qtbot: Any, app_ctx: Any) -> None:
    """"Please answer the quick safety check first." goes as soon as the check and the pain are answered (the walk
    saw it stay under an answered check)."""
    _window, page = _before_after_checkin(qtbot, app_ctx)
    before = page.before
    click(qtbot, before.changed_button)  # the check is asked here again
    click(qtbot, before.start_button)
    assert before.error.isVisibleTo(before) and before.error.text()
    click(qtbot, before.quick.boxes["NONE"])
    assert before.error.isVisibleTo(before)  # the pain is still to answer
    click(qtbot, before.pain.button(2))
    assert not before.error.isVisibleTo(before)


def test_a_fall_asks_its_follow_up_questions_in_place(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    page = window.current_page()
    assert page.NAME == "checkin"
    quick = page.quick
    assert not quick.fall_frame.isVisibleTo(page)
    click(qtbot, quick.boxes["FALL"])
    assert quick.fall_frame.isVisibleTo(page)
    # "None of these" clears the other ticks, and a tick clears it.
    click(qtbot, quick.boxes["NONE"])
    assert quick.ticks() == ("NONE",) and not quick.fall_frame.isVisibleTo(page)
    click(qtbot, quick.boxes["FALL"])
    assert quick.ticks() == ("FALL",) and quick.fall_frame.isVisibleTo(page)
    click(qtbot, page.morning.button(3))
    click(qtbot, page.average.button(3))
    click(qtbot, page.worst.button(3))
    click(qtbot, page.save_button)
    assert "serious" in page.form.error.text()
    click(qtbot, quick.fall_serious.buttons["no"])
    assert quick.rf11.isVisibleTo(page)
    click(qtbot, quick.rf11.buttons["YES"])
    click(qtbot, page.save_button)
    assert page.stack.currentWidget() is page.stop_screen
    assert "Please see a doctor" in page.stop.text()


def test_stop_saves_what_was_done(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    page = first_exercise_done(qtbot, window)
    player = page.player
    click(qtbot, player.pause_button)
    player.tick(3 + 6 * 4 + 1)  # knee rocks: four reps on the first side, one second into the fifth
    assert player.ring.headline == "To the side"  # knees sway to the side: nothing is lifted
    click(qtbot, player.stop_button)
    assert player.confirm.isVisibleTo(player) and player.run.paused
    assert "is saved" not in player.confirm_text.text()  # nothing is saved before the summary's Save
    click(qtbot, player.confirm_stop)
    rate(qtbot, page)  # the exercise in progress: its reps and ratings are kept
    assert page.current_screen() is page.after
    click(qtbot, page.after.pain.button(3))
    click(qtbot, page.after.next_button)
    assert "stopped early" in page.summary.facts.text()
    # One story (issue 20.11): a stopped session does not count, so it starts no streak, and it is saved on Save.
    assert "streak starts now" not in page.summary.facts.text()
    summary = texts(page.summary)
    assert "does not count" in summary and 'Press "Save my session" to keep what you did' in summary
    assert "What you did is saved" not in summary
    click(qtbot, page.summary.save_button)
    assert rows(app_ctx, "SELECT completed FROM session") == [(0,)]
    assert rows(app_ctx, "SELECT exercise_id, completed FROM exercise_result ORDER BY id") == [("MO-01", 8),
                                                                                              ("MO-02", 2)]
    # Back on Today, "Start today's session" opens a fresh start, never the old "saved" screen (issue 20.9).
    click(qtbot, page.saved.today_button)
    today = window.current_page()
    assert today.NAME == "today"
    # The focus is on the next step, never on "I'm having a flare-up" (where Qt's focus chain left it).
    assert window.focusWidget() is today.session_button
    for _ in range(2):
        click(qtbot, today.session_button)
        assert window.current_page() is page and page.current_screen() is page.before
        click(qtbot, page.before.today_button)


def test_closing_mid_session_keeps_what_was_done_and_offers_to_resume(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    page = start_session(qtbot, window)
    play_through(page)
    rate(qtbot, page, pain=4)
    click(qtbot, page.player.pause_button)
    page.player.tick(3 + 6 * 3)
    window.close()
    from backtrainer.services.session_state import load_draft

    draft = load_draft(app_ctx.paths.root, profile.id)
    assert draft is not None and draft.index == 1
    assert [(r.exercise_id, r.completed, r.worst_pain) for r in draft.results] == [("MO-01", 8, 4), ("MO-02", 1, None)]
    # A new window: Today offers to resume; the session page carries on at the second exercise.
    window2 = open_window(qtbot, app_ctx, profile)
    today = window2.current_page()
    assert today.NAME == "today"  # the check-in was done today
    assert today.draft_card.isVisibleTo(today)
    assert "You finished 1 of 8 exercises" in today.draft_text.text()
    click(qtbot, today.resume_button)
    page2 = window2.current_page()
    assert page2.current_screen() is page2.resume
    click(qtbot, page2.resume.resume_button)
    assert page2.current_screen() is page2.player and page2.player.name.text() == "Knee rocks"
    finish_session(qtbot, page2)
    assert "Cat-camel: 8 of 8, worst pain 4/10" in texts(page2.summary)
    click(qtbot, page2.summary.save_button)
    assert rows(app_ctx, "SELECT count(*), min(completed) FROM session") == [(1, 1)]
    assert load_draft(app_ctx.paths.root, profile.id) is None


def test_leg_pathway_asks_the_leg_questions(qtbot: Any, app_ctx: Any) -> None:
    profile = make_profile(app_ctx, leg=True)
    window = open_window(qtbot, app_ctx, profile)
    page = window.current_page()
    assert page.leg_frame.isVisibleTo(page)
    click(qtbot, page.leg.button(2))
    do_checkin(qtbot, window)
    session = start_session(qtbot, window)
    assert session.before.leg.isVisibleTo(session.before)
    play_through(session)
    assert session.ratings.leg_frame.isVisibleTo(session.ratings)
    click(qtbot, session.ratings.pain.button(2))
    click(qtbot, session.ratings.rpe.buttons["3"])
    click(qtbot, session.ratings.form.buttons["mostly"])
    click(qtbot, session.ratings.save_button)
    assert "leg" in session.ratings.error.text()
    click(qtbot, session.ratings.leg_spread.buttons["yes"])
    click(qtbot, session.ratings.leg_pain.button(4))
    click(qtbot, session.ratings.save_button)
    assert session.draft.results[0].leg_spread is True and session.draft.results[0].leg_worst == 4
    assert session.draft.pre_leg == 2


def test_a_full_disk_at_save_keeps_the_session_and_saves_it_later(qtbot: Any, app_ctx: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from backtrainer.services.training import TrainingService
    from backtrainer.store.errors import DiskWriteError
    from backtrainer.ui import errors

    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: shown.append(errors.plain_message(exc)))
    real = TrainingService.finish_session
    calls = {"n": 0}

    def flaky(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise DiskWriteError("database or disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(TrainingService, "finish_session", flaky)
    profile = make_profile(app_ctx)
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    page = start_session(qtbot, window)
    finish_session(qtbot, page)
    click(qtbot, page.summary.save_button)
    assert shown and "disk" in shown[0] and "Nothing was half-saved" in shown[0]
    assert rows(app_ctx, "SELECT count(*) FROM session") == [(0,)]  # nothing half-written
    assert page.finished_session is not None and page.summary.save_button.isEnabled()  # kept in memory
    click(qtbot, page.summary.save_button)  # space freed: save again
    assert rows(app_ctx, "SELECT count(*) FROM session") == [(1,)]


def test_the_summary_counts_the_flare_days_of_today(qtbot: Any, app_ctx: Any) -> None:
    """The summary's "This flare-up has lasted N days" is today's count, as on Today: the walk saw Today say day 10
    and the summary, which words what happens next time, say 11 (the next session's day)."""
    import sys
    from datetime import date
    from pathlib import Path

    from backtrainer.services.clock import FixedClock
    from backtrainer.services.training import TrainingService
    from backtrainer.store.summary import list_profiles

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from gen_history import generate

    app_ctx.close()
    generate(app_ctx.paths.root, 0.25, end=date(2026, 12, 6))  # 3 months; a flare-up since 29 November
    app_ctx.clock = FixedClock(datetime(2026, 12, 8, 9, 0))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))
    qtbot.wait(5)
    view = TrainingService(app_ctx.db(), app_ctx.clock).today(app_ctx.profile_id)
    assert view.flare_active and view.flare_day == 10
    page = first_exercise_done(qtbot, window)
    player = page.player
    click(qtbot, player.stop_button)
    click(qtbot, player.confirm_stop)
    if page.current_screen() is page.ratings:
        rate(qtbot, page)
    click(qtbot, page.after.pain.button(3))
    click(qtbot, page.after.next_button)
    summary = texts(page.summary)
    assert "This flare-up has lasted 10 days." in summary, summary
