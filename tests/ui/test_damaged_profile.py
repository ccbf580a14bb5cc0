"""Issue 17, item 4: a profile whose stored data cannot be read is shown as such in the picker; choosing it offers
the backup; the other profiles stay usable. Driven with real clicks on the real widgets."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from backtrainer.store import backup
from backtrainer.store.records import StartupData
from backtrainer.store.summary import list_profiles
from backtrainer.ui.app_window import MainWindow


def _answer_boxes(answers: list[QMessageBox.StandardButton], seen: list[str]) -> None:
    """Click the next of ``answers`` on each message box that opens, as the person would (each box runs its own
    event loop, so this watches from a timer)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            QTest.mouseClick(box.button(answers.pop(0)), Qt.MouseButton.LeftButton)
        if answers:
            QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


def _picker_button(window: MainWindow, text: str) -> QPushButton:
    layout = window.picker.buttons_layout
    buttons = [layout.itemAt(i).widget() for i in range(layout.count())]
    return next(b for b in buttons if isinstance(b, QPushButton) and text in b.text())


def test_a_damaged_profile_offers_the_backup_and_the_others_stay_usable(qtbot: object, app_ctx: object) -> None:
    from backtrainer.services.profiles import ProfileService

    service = ProfileService(app_ctx.db(), app_ctx.clock)  # type: ignore[attr-defined]
    ana = service.create("Ana", accept_notice=True)
    service.create("Ben", accept_notice=True)
    paths = app_ctx.paths  # type: ignore[attr-defined]
    backup.create_backup(paths.db, paths.backups, datetime(2026, 3, 8, 20, 0))
    con = sqlite3.connect(paths.db)
    con.execute("UPDATE profile SET assessment_state = '{\"step\": \"about\"' WHERE id = ?", (ana.id,))  # cut short
    con.commit()
    con.close()

    window = MainWindow(app_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.populate(StartupData(profiles=list_profiles(paths.db)))  # the start did not stop
    assert window.root.currentWidget() is window.picker
    damaged = _picker_button(window, "Ana")
    assert "cannot be read" in damaged.text() and "cannot be read" in damaged.accessibleName()

    seen: list[str] = []
    _answer_boxes([QMessageBox.StandardButton.No], seen)  # first: not now
    QTest.mouseClick(damaged, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 1)  # type: ignore[attr-defined]
    assert "cannot be read" in seen[0] and "backup" in seen[0] and "kept aside" in seen[0]
    assert window.root.currentWidget() is window.picker  # not opened
    assert app_ctx.profile_id is None  # type: ignore[attr-defined]

    QTest.mouseClick(_picker_button(window, "Ben"), Qt.MouseButton.LeftButton)  # the others stay usable
    assert app_ctx.profile_id is not None and window.root.currentWidget() is window.main  # type: ignore[attr-defined]

    window.ctx.signals.profileChanged.emit(None)  # switch person: back to the picker
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.picker)  # type: ignore[attr-defined]
    # now: go back to the backup, then the note that says so
    _answer_boxes([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok], seen)
    QTest.mouseClick(_picker_button(window, "Ana"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3)  # type: ignore[attr-defined]
    assert "went back to your backup" in seen[-1]
    assert not any(p.damaged for p in list_profiles(paths.db))
    assert len(list(paths.damaged.glob("*.sqlite3"))) == 1  # the replaced file was kept
    assert "cannot be read" not in _picker_button(window, "Ana").text()
