"""The layout audit of issue 16: every page and step of the real MainWindow on the 1366x768 test screen, at 100 % and
200 % text, light and dark, with no field narrower than its text, no cut label, no button whose words do not fit
and no window larger than the screen (``tests/ui/layout_audit.py`` says exactly what is checked).

The pages are reached through the app's own buttons, clicked with QTest; values go in with QTest key and mouse
events. Deep states start from data made by the app's services (a finished assessment, a week of check-ins).
Run with ``-s`` to print the counts per page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from backtrainer.store.records import StartupData
from backtrainer.ui import theme
from tests.ui.layout_audit import Audit
from tests.ui.test_assessment_flow import click

CONFIGS = [("light", 1.0), ("dark", 1.0), ("light", 2.0), ("dark", 2.0)]


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    from backtrainer.services import pin_gate
    from backtrainer.ui.pages.session.player import PlayerScreen
    from backtrainer.ui.widgets import sounds

    pin_gate._attempts.clear()
    monkeypatch.setattr(PlayerScreen, "videos_enabled", False)
    monkeypatch.setattr(sounds.Sounds, "_load", lambda self: False)


def _audit() -> Audit:
    return Audit()


def _settle(window: QWidget) -> None:
    for _ in range(3):
        QApplication.processEvents()
    if window.layout() is not None:
        window.layout().activate()
    QApplication.processEvents()


def look(audit: Audit, name: str, window: QWidget, root: QWidget | None = None) -> None:
    _settle(window)
    shots = os.environ.get("AUDIT_SHOTS")  # a folder: save a picture of each state looked at (to check by eye)
    if shots:
        window.grab().save(os.path.join(shots, "".join(ch if ch.isalnum() else "_" for ch in name) + ".png"))
    audit.check(name, root if root is not None else window)


# Known and not fixed yet (page, kind): each page still scrolls sideways at 200 % text on the 1366 px screen; no text
# is cut there. Anything else fails the test. Remove an entry when its page is fixed.
KNOWN: set[tuple[str, str]] = set()


def finish(audit: Audit, config: tuple[str, float]) -> None:
    print(f"\nlayout audit {config}: " + audit.report())
    unknown = [o for o in audit.offenders if (o.page, o.kind) not in KNOWN]
    assert not unknown, "\n".join(str(o) for o in unknown) + "\n\n" + audit.report()


def _apply(qapp: QApplication, config: tuple[str, float]) -> None:
    theme.apply(qapp, config[0], config[1])


# --- the assessment, step by step ---------------------------------------------------------------------------------


def walk_assessment(qtbot: Any, ctx: Any, audit: Audit) -> None:
    from backtrainer.ui.pages.assessment.screening import GROUPS
    from tests.ui.test_assessment_flow import _window, choose, do_movement, nxt, type_into

    window, page = _window(qtbot, ctx)
    look(audit, "assessment: notice", window)
    nxt(qtbot, page)
    view = page.current_view()
    look(audit, "assessment: about you", window)
    type_into(qtbot, view.age, "40")
    click(qtbot, view.first_episode.buttons["NO"])
    click(qtbot, view.duration.buttons["8"])
    click(qtbot, view.prone.buttons["YES"])
    click(qtbot, view.band.buttons["NO"])
    choose(qtbot, view.country, "United")
    look(audit, "assessment: about you, answered", window)
    nxt(qtbot, page)
    view = page.current_view()
    for index, group in enumerate(GROUPS, start=1):
        look(audit, f"assessment: safety {index}", window)
        for qid in group:
            block = view.blocks[qid]
            click(qtbot, block.choice.buttons["NO"])
        look(audit, f"assessment: safety {index}, answered", window)
        nxt(qtbot, page)
    look(audit, "assessment: body map", window)
    from tests.ui.test_assessment_flow import click_region

    view = page.current_view()
    click_region(qtbot, view.editor, "LOW_BACK_C")
    panel = view.editor.detail_panel("LOW_BACK_C")
    click(qtbot, panel.quality_buttons["ACHING"])
    click(qtbot, panel.intensity_buttons[5])
    look(audit, "assessment: body map, marked", window)
    nxt(qtbot, page)
    view = page.current_view()
    look(audit, "assessment: pain today", window)
    click(qtbot, view.pages[view.index].scale.button(4))
    nxt(qtbot, page)
    for n in range(8):
        look(audit, f"assessment: STarT Back {n + 1}", window)
        click(qtbot, view.pages[view.index].choice.buttons["disagree"])
        nxt(qtbot, page)
    look(audit, "assessment: STarT Back 9", window)
    click(qtbot, view.pages[view.index].choice.buttons["slightly"])
    nxt(qtbot, page)
    look(audit, "assessment: PSFS", window)
    psfs = view.pages[view.index]
    for row, (name, rating) in zip(psfs.rows, (("Lifting", 3), ("Walking", 5), ("Sleeping", 6)), strict=False):
        type_into(qtbot, row.name.lineEdit(), name)
        click(qtbot, row.scale.button(rating))
    look(audit, "assessment: PSFS, answered", window)
    nxt(qtbot, page)
    view = page.current_view()
    look(audit, "assessment: movement intro", window)
    nxt(qtbot, page)

    def each(test: Any, moment: str) -> None:
        look(audit, f"assessment: movement {test.test_id}" + (", answered" if moment == "answered" else ""), window)

    do_movement(qtbot, page, each=each)
    look(audit, "assessment: plan", window)
    nxt(qtbot, page)
    look(audit, "assessment: done / first session", window)
    window.close()


def walk_urgent_help(qtbot: Any, ctx: Any, audit: Audit) -> None:
    from tests.ui.test_assessment_flow import _window, fill_about, nxt

    window, page = _window(qtbot, ctx, "Ana")
    nxt(qtbot, page)
    fill_about(qtbot, page)
    view = page.current_view()
    click(qtbot, view.blocks["RF01"].choice.buttons["YES"])
    if str(page.current_view().STEP) == "screening":
        nxt(qtbot, page)
    assert str(page.current_view().STEP) == "emergency"
    look(audit, "assessment: urgent help", window)
    window.close()


@pytest.mark.parametrize("config", CONFIGS, ids=[f"{t}-{int(s * 100)}" for t, s in CONFIGS])
def test_assessment_steps_fit(qtbot: Any, app_ctx: Any, qapp: QApplication, config: tuple[str, float]) -> None:
    _apply(qapp, config)
    audit = _audit()
    walk_assessment(qtbot, app_ctx, audit)
    finish(audit, config)


@pytest.mark.parametrize("config", CONFIGS, ids=[f"{t}-{int(s * 100)}" for t, s in CONFIGS])
def test_urgent_help_fits(qtbot: Any, app_ctx: Any, qapp: QApplication, config: tuple[str, float]) -> None:
    _apply(qapp, config)
    audit = _audit()
    walk_urgent_help(qtbot, app_ctx, audit)
    finish(audit, config)


# --- a day: check-in, Today, a session, and every other page ------------------------------------------------------


def walk_day(qtbot: Any, ctx: Any, audit: Audit) -> None:
    from backtrainer.ui.app_window import MainWindow
    from tests.ui.test_session_flow import make_profile, play_through, rate

    profile = make_profile(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.populate(StartupData(profiles=[profile]))
    qtbot.wait(5)
    checkin = window.current_page()
    assert checkin is not None and checkin.NAME == "checkin"
    look(audit, "check-in", window)
    if checkin.morning_frame.isVisibleTo(checkin):
        click(qtbot, checkin.morning.button(3))
    click(qtbot, checkin.average.button(3))
    click(qtbot, checkin.worst.button(4))
    click(qtbot, checkin.quick.boxes["NONE"])
    look(audit, "check-in, answered", window)
    click(qtbot, checkin.save_button)
    today = window.current_page()
    assert today is not None and today.NAME == "today"
    look(audit, "Today", window)
    click(qtbot, today.session_button)
    session = window.current_page()
    look(audit, "session: before you start", window)
    click(qtbot, session.before.pain.button(3))
    click(qtbot, session.before.start_button)
    player = session.player
    look(audit, "session: player, ready", window)
    click(qtbot, player.pause_button)
    player.tick(4)
    look(audit, "session: player, running", window)
    # run on to the first rest between sets
    for _ in range(400):
        player.tick(1)
        QApplication.processEvents()
        if player.run is not None and player.run.stage.value == "rest":
            break
    look(audit, "session: rest", window)
    for _ in range(400):
        if session.current_screen() is not player:
            break
        player.tick(2)
        QApplication.processEvents()
    look(audit, "session: ratings", window)
    rate(qtbot, session)
    play_through(session)
    rate(qtbot, session)
    click(qtbot, player.pause_button)
    player.tick(5)
    click(qtbot, player.stop_button)
    look(audit, "session: stop early?", window)
    click(qtbot, player.confirm_stop)
    if session.current_screen() is session.ratings:
        rate(qtbot, session)
    look(audit, "session: after", window)
    click(qtbot, session.after.pain.button(2))
    click(qtbot, session.after.next_button)
    look(audit, "session: summary", window)
    click(qtbot, session.summary.save_button)
    look(audit, "session: saved", window)
    for name in ("progress", "learn", "settings", "about", "today"):
        click(qtbot, window.rail.buttons[name])
        qtbot.waitUntil(lambda n=name: window.current_page() is not None and n == window.current_page().NAME)
        look(audit, name, window)
    learn = window.page("learn")
    assert learn is not None
    click(qtbot, window.rail.buttons["learn"])
    card = learn.cards[0]
    click(qtbot, card.more_button)
    look(audit, "learn, more", window)
    click(qtbot, window.rail.buttons["today"])
    today = window.current_page()
    links = [b for b in today.findChildren(type(today.session_button)) if b.property("exercise_id")]
    if links:
        click(qtbot, links[0])
    else:
        from backtrainer.ui.pages.exercise import open_exercise

        open_exercise(ctx, "MC-02")
    qtbot.waitUntil(lambda: window.current_page() is not None and window.current_page().NAME == "exercise")
    look(audit, "exercise page", window)
    walk_clinic(qtbot, ctx, window, audit)
    click(qtbot, window.switch_button)
    look(audit, "profiles", window, window.picker)
    click(qtbot, window.picker.add_button)
    look(audit, "add a person", window, window.welcome)
    window.close()


def walk_clinic(qtbot: Any, ctx: Any, window: Any, audit: Audit) -> None:
    from backtrainer.services.clinic import ClinicService

    click(qtbot, window.rail.buttons["clinic"])
    look(audit, "clinic: set up", window)
    ClinicService(ctx.db(), ctx.paths, ctx.clock).enable("Harbour Clinic", "Dr Lee", "2580")
    page = window.current_page()
    page.refresh()  # the service does not announce the set-up
    look(audit, "clinic: locked", window)
    qtbot.keyClicks(page.lock_pin, "1111")
    click(qtbot, page.lock_go)
    look(audit, "clinic: wrong PIN", window)
    qtbot.keyClicks(page.lock_pin, "2580")
    click(qtbot, page.lock_go)
    qtbot.waitUntil(page.main_view.isVisible)
    look(audit, "clinic: unlocked", window)
    if page.patient_list.count():
        page.patient_list.setCurrentRow(0)
        look(audit, "clinic: a patient", window)
        if os.environ.get("AUDIT_SHOTS"):  # the whole patient card, most of it below the fold
            page.patient_card.grab().save(os.path.join(os.environ["AUDIT_SHOTS"], "clinic_patient_card.png"))


@pytest.mark.parametrize("config", CONFIGS, ids=[f"{t}-{int(s * 100)}" for t, s in CONFIGS])
def test_a_day_fits(qtbot: Any, app_ctx: Any, qapp: QApplication, config: tuple[str, float]) -> None:
    _apply(qapp, config)
    audit = _audit()
    walk_day(qtbot, app_ctx, audit)
    finish(audit, config)


@pytest.mark.parametrize("config", CONFIGS, ids=[f"{t}-{int(s * 100)}" for t, s in CONFIGS])
def test_pin_dialog_fits(qtbot: Any, app_ctx: Any, qapp: QApplication, config: tuple[str, float]) -> None:
    from backtrainer.services.profiles import ProfilePins, ProfileService
    from backtrainer.store.summary import list_profiles
    from backtrainer.ui.app_window import MainWindow

    _apply(qapp, config)
    audit = _audit()
    service = ProfileService(app_ctx.db(), app_ctx.clock)
    service.create("Ana", accept_notice=True)
    ben = service.create("Ben", accept_notice=True)
    ProfilePins(app_ctx.db(), app_ctx.clock).set_pin(ben.id, "2468")
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))
    look(audit, "profiles (two)", window, window.picker)
    window.picker.chosen.emit(ben.id)
    dialog = window.pin_dialog
    look(audit, "profile PIN dialog", dialog)
    qtbot.keyClicks(dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    look(audit, "profile PIN dialog, wrong PIN", dialog)
    dialog.close()
    window.close()
    finish(audit, config)
