"""Profiles with a PIN: the picker asks for it, wrong PINs slow down, Switch person goes back to the picker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from backtrainer.services import pin_gate
from backtrainer.services.profiles import ProfilePins, ProfileService
from backtrainer.store.records import StartupData
from backtrainer.store.summary import list_profiles
from backtrainer.ui.app_window import MainWindow


def _window(qtbot: object, app_ctx: object) -> tuple[MainWindow, int, int]:
    service = ProfileService(app_ctx.db(), app_ctx.clock)  # type: ignore[attr-defined]
    ana = service.create("Ana", accept_notice=True)
    ben = service.create("Ben", accept_notice=True)
    ProfilePins(app_ctx.db(), app_ctx.clock).set_pin(ben.id, "2468")  # type: ignore[attr-defined]
    window = MainWindow(app_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))  # type: ignore[attr-defined]
    return window, ana.id, ben.id


def test_pin_is_asked_and_wrong_pins_slow_down(qtbot: object, app_ctx: object) -> None:
    pin_gate._attempts.clear()
    window, _ana, ben = _window(qtbot, app_ctx)
    assert window.root.currentWidget() is window.picker
    window.picker.chosen.emit(ben)
    dialog = window.pin_dialog
    assert dialog.isVisible() and app_ctx.profile_id is None  # type: ignore[attr-defined]
    for _ in range(4):
        dialog.pin.setText("1111")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        assert "not right" in dialog.message.text()
    dialog.pin.setText("1111")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "wait" in dialog.message.text() and not dialog.ok.isEnabled()
    assert window.root.currentWidget() is window.picker
    import sqlite3

    con = sqlite3.connect(app_ctx.paths.db)  # type: ignore[attr-defined]
    try:  # the lock-out is kept in the database (issue 17), without any PIN
        rows = con.execute("SELECT * FROM pin_lockout").fetchall()
    finally:
        con.close()
    assert [r[:3] for r in rows] == [(f"profile:{ben}", ben, 5)]
    assert "2468" not in repr(rows) and "1111" not in repr(rows)


def test_right_pin_opens_and_switch_person_returns(qtbot: object, app_ctx: object) -> None:
    pin_gate._attempts.clear()
    window, ana, ben = _window(qtbot, app_ctx)
    window.picker.chosen.emit(ben)
    window.pin_dialog.pin.setText("2468")
    qtbot.mouseClick(window.pin_dialog.ok, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.main and app_ctx.profile_id == ben  # type: ignore[attr-defined]
    assert window.rail.who.text() == "Ben"
    qtbot.mouseClick(window.switch_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.picker and app_ctx.profile_id is None  # type: ignore[attr-defined]
    window.picker.chosen.emit(ana)  # no PIN: opens at once
    assert app_ctx.profile_id == ana  # type: ignore[attr-defined]


def test_a_set_up_patient_types_the_pin_once_then_reads_the_notice(qtbot: object, app_ctx: object) -> None:
    """A clinician set Cleo up with a PIN; on her first visit the PIN comes first, then the notice, and "I understand"
    opens her plan: the PIN is not asked a second time a minute later (seen on the 1366x768 walk)."""
    pin_gate._attempts.clear()
    service = ProfileService(app_ctx.db(), app_ctx.clock)  # type: ignore[attr-defined]
    service.create("Ana", accept_notice=True)
    cleo = service.create("Cleo", accept_notice=False)
    ProfilePins(app_ctx.db(), app_ctx.clock).set_pin(cleo.id, "1357")  # type: ignore[attr-defined]
    window = MainWindow(app_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.populate(StartupData(profiles=list_profiles(app_ctx.paths.db)))  # type: ignore[attr-defined]
    window.picker.chosen.emit(cleo.id)
    first = window.pin_dialog
    qtbot.keyClicks(first.pin, "1357")  # type: ignore[attr-defined]
    qtbot.mouseClick(first.ok, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.main)  # type: ignore[attr-defined]
    assert window.pin_dialog is first and not first.isVisible()  # no second PIN dialog
    assert app_ctx.profile_id == cleo.id  # type: ignore[attr-defined]


def test_pin_rules(app_ctx: object) -> None:
    import pytest

    from backtrainer.services.validation import InputError

    pid = ProfileService(app_ctx.db(), app_ctx.clock).create("Cy", accept_notice=True).id  # type: ignore[attr-defined]
    pins = ProfilePins(app_ctx.db(), app_ctx.clock)  # type: ignore[attr-defined]
    for bad in ("123", "1234567", "12a4", ""):
        with pytest.raises(InputError):
            pins.set_pin(pid, bad)
    pins.set_pin(pid, "123456")
    pins.unlock(pid, "123456")
    pins.set_pin(pid, None)
    pins.unlock(pid, "anything")  # no PIN any more
