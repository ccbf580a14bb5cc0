"""The shell: first run, notice, Today, About, profile picker; the real start-up path as a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from backtrainer.store.records import StartupData
from backtrainer.store.schema import HEAD_REVISION
from backtrainer.ui.app_window import MainWindow
from tests.app_process import run_app, start_app, wait_for_database


def _window(qtbot: object, ctx: object) -> MainWindow:
    window = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    return window


def test_first_run_shows_notice_then_today(qtbot: object, app_ctx: object) -> None:
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[]))
    assert window.root.currentWidget() is window.welcome
    assert "About this program" in [w.text() for w in window.welcome.findChildren(type(window.loading))]
    # An empty name is refused with a message, and nothing is saved.
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.welcome.error.isVisibleTo(window.welcome)
    assert window.root.currentWidget() is window.welcome
    # Keyboard only: type the name, press Enter.
    window.welcome.nickname.setFocus()
    qtbot.keyClicks(window.welcome.nickname, "Sam")  # type: ignore[attr-defined]
    qtbot.keyClick(window.welcome.nickname, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.main
    today = window.current_page()
    assert today is not None and today.NAME == "today"
    assert "Sam" in today.title.text()  # type: ignore[attr-defined]
    assert today.start_card.isVisibleTo(today)  # type: ignore[attr-defined]
    con = sqlite3.connect(app_ctx.paths.db)  # type: ignore[attr-defined]
    rows = con.execute("SELECT nickname, notice_accepted_at IS NOT NULL FROM profile").fetchall()
    events = con.execute("SELECT kind FROM event ORDER BY id").fetchall()
    con.close()
    assert rows == [("Sam", 1)]
    assert events == [("profile_created",), ("notice_accepted",)]


def test_navigation_rail_and_about_page(qtbot: object, app_ctx: object) -> None:
    from backtrainer.services.profiles import ProfileService

    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Ana", accept_notice=True)  # type: ignore[attr-defined]
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[profile]))
    assert window.current_page().NAME == "today"  # type: ignore[union-attr]
    qtbot.mouseClick(window.rail.buttons["about"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    about = window.current_page()
    assert about is not None and about.NAME == "about"
    texts = " ".join(w.text() for w in about.findChildren(type(window.loading)))
    assert "does not diagnose" in texts
    assert about.data_folder.toPlainText() == str(app_ctx.paths.root)  # type: ignore[attr-defined]
    # Alt+1 goes back to Today.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # type: ignore[attr-defined]
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert window.current_page().NAME == "today"  # type: ignore[union-attr]
    for button in window.rail.buttons.values():
        assert button.accessibleName()


def test_profile_picker_with_two_profiles(qtbot: object, app_ctx: object) -> None:
    from backtrainer.services.profiles import ProfileService

    service = ProfileService(app_ctx.db(), app_ctx.clock)  # type: ignore[attr-defined]
    a = service.create("Ana", accept_notice=True)
    b = service.create("Ben", accept_notice=False)
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[a, b]))
    assert window.root.currentWidget() is window.picker
    window.picker.chosen.emit(b.id)
    # Ben never accepted the notice: he sees it first, without a name field.
    assert window.root.currentWidget() is window.welcome
    assert not window.welcome.name_card.isVisibleTo(window.welcome)
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.main
    assert app_ctx.profile_id == b.id  # type: ignore[attr-defined]


_run_app = run_app


def test_exit_after_paint_leaves_a_valid_database(tmp_path: Path) -> None:
    result = _run_app(tmp_path / "d", "--exit-after-paint")
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(tmp_path / "d" / "backtrainer.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    con.close()
    assert (tmp_path / "d" / "logs" / "backtrainer.log").exists()
    # The first start shows the welcome without reading and creates the database meanwhile; the next one reads it.
    again = _run_app(tmp_path / "d", "--exit-after-paint")
    assert again.returncode == 0, again.stderr


def test_version_flag() -> None:
    result = subprocess.run([sys.executable, "-m", "backtrainer", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("BackTrainer ")


def test_second_instance_exits_cleanly_and_first_keeps_working(tmp_path: Path) -> None:
    data = tmp_path / "d"
    first = start_app(data)
    try:
        wait_for_database(data)
        db_before = (data / "backtrainer.sqlite3").read_bytes()
        second = _run_app(data)
        assert second.returncode == 0
        assert "already open" in second.stderr
        assert (data / "backtrainer.sqlite3").read_bytes() == db_before
        (data / "settings.toml").write_text('language = "es"\n', encoding="utf-8")
        spanish = _run_app(data)  # told in the person's language, read from the settings without writing
        assert spanish.returncode == 0 and "ya está abierto" in spanish.stderr
        assert (data / "backtrainer.sqlite3").read_bytes() == db_before
        assert first.poll() is None  # the first instance is still running
    finally:
        first.terminate()
        first.wait(timeout=30)
    # After the first one is gone, the lock is free again.
    again = _run_app(data, "--exit-after-paint")
    assert again.returncode == 0, again.stderr


def test_any_unicode_name_shows_safely_and_never_reaches_the_log(qtbot: object, app_ctx: object) -> None:
    from backtrainer import log as applog

    applog.setup(app_ctx.paths.logs)  # type: ignore[attr-defined]
    name = "مريم 👩‍⚕️ Zoë-" + "ä" * 60  # right-to-left, emoji with a joiner, accents, long
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[]))
    window.welcome.nickname.setText(name)
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    today = window.current_page()
    assert today is not None and name in today.title.text()  # type: ignore[attr-defined]
    assert today.title.textFormat() == Qt.TextFormat.PlainText  # type: ignore[attr-defined]
    window.grab()  # paints without error
    for handler in __import__("logging").getLogger("backtrainer").handlers:
        handler.flush()
    log_text = (app_ctx.paths.logs / "backtrainer.log").read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert "Zoë" not in log_text and "مريم" not in log_text


def test_markup_in_a_name_is_shown_as_text(qtbot: object, app_ctx: object) -> None:
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[]))
    window.welcome.nickname.setText("<b>Bob</b><img src=x>")
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    today = window.current_page()
    assert "<b>Bob</b>" in today.title.text()  # type: ignore[union-attr]
    assert window.rail.who.textFormat() == Qt.TextFormat.PlainText


def test_first_paint_with_data_needs_no_orm_or_charts(tmp_path: Path) -> None:
    """A start on years of data shows Today from the plain-sqlite read model; the ORM, pydantic and matplotlib
    load only after the first paint (start-up cost, tech-notes)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_history", Path(__file__).resolve().parents[2] / "benchmarks" / "gen_history.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.generate(tmp_path / "d", years=0.3)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "backtrainer", "--data-dir",
                             str(tmp_path / "d"), "--exit-after-paint"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time")}
    for heavy in ("sqlalchemy", "sqlmodel", "pydantic", "matplotlib", "alembic"):
        assert heavy not in imported, heavy


def test_accepting_the_notice_needs_valid_safety_content(qtbot: object, app_ctx: object,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from backtrainer.content.loader import ContentError
    from backtrainer.ui import errors, texts

    def broken() -> None:
        raise ContentError("content file 'safety.toml' does not match its schema")

    shown: list[str] = []
    monkeypatch.setattr(texts, "validate_safety", broken)
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: shown.append(str(exc)))
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[]))
    window.welcome.nickname.setText("Sam")
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert shown and "safety.toml" in shown[0]
    assert window.root.currentWidget() is window.welcome
    con = sqlite3.connect(app_ctx.paths.db)  # type: ignore[attr-defined]
    assert con.execute("SELECT count(*) FROM profile").fetchone() == (0,)
    con.close()


def test_first_screen_shows_today_from_the_startup_read(qtbot: object, app_ctx: object) -> None:
    """The greeting is on the first painted screen, before any background work has run."""
    from backtrainer.services.profiles import ProfileService
    from backtrainer.store.summary import home_summary

    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Ana", accept_notice=True)  # type: ignore[attr-defined]
    home = home_summary(app_ctx.paths.db, profile.id, "2026-03-09")  # type: ignore[attr-defined]

    class Idle:  # a runner that never runs: only what populate() does is on screen
        synchronous = True

        def run(self, *_args: object, **_kwargs: object) -> None:
            return None

        def shutdown(self, wait: bool = True) -> None:
            return None

    app_ctx.runner = Idle()  # type: ignore[attr-defined]
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[profile], home=home))
    today = window.current_page()
    assert today is not None and "Ana" in today.title.text()  # type: ignore[attr-defined]
    assert not hasattr(window, "chart_refresh") and not hasattr(window, "prefetched")  # issue 19: no drawer
    window.close()


def test_a_restored_backup_is_told_in_the_chosen_language(tmp_path: Path) -> None:
    """The start-up read runs before the language is set, so it hands over the backup's date, not a sentence;
    the GUI thread words the notice once the language is known."""
    from datetime import datetime

    from backtrainer import i18n
    from backtrainer.bootstrap import read_startup, restored_notice
    from backtrainer.paths import DataPaths
    from backtrainer.store import backup
    from backtrainer.store.opening import open_store

    paths = DataPaths(tmp_path / "d")
    open_store(paths, datetime(2026, 3, 9, 9, 0))
    backup.create_backup(paths.db, paths.backups, datetime(2026, 3, 8, 20, 0))
    paths.db.write_text("not a database any more")
    data = read_startup(paths, datetime(2026, 3, 9, 9, 0))
    assert data.restored_from == datetime(2026, 3, 8, 20, 0)
    assert data.profiles == []
    try:
        i18n.set_language("es")
        spanish = restored_notice(data.restored_from)
        i18n.set_language("en")
        english = restored_notice(data.restored_from)
    finally:
        i18n.set_language("en")
    assert "20:00" in spanish and "20:00" in english
    assert "backup from Sunday 8 March 2026" in english
    assert spanish != english and "marzo" in spanish


def test_reminders_start_after_the_first_screen_is_painted(qtbot: object, app_ctx: object) -> None:
    """The reminder banner (hidden until a reminder is due) is built after the first paint, not before it."""
    from backtrainer.services.profiles import ProfileService

    profile = ProfileService(app_ctx.db(), app_ctx.clock).create("Ana", accept_notice=True)  # type: ignore[attr-defined]
    app_ctx.shell_ready = False  # type: ignore[attr-defined]
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[profile]))
    assert window.reminders is None
    window.grab()
    qtbot.waitUntil(lambda: window.reminders is not None, timeout=3000)  # type: ignore[attr-defined]
    assert window.banner.parent() is not None and window.banner.isHidden()



def test_add_a_person_starts_with_an_empty_name(qtbot: object, app_ctx: object) -> None:
    """Issue 20.12: "Add a person" never shows the name typed for the person before."""
    window = _window(qtbot, app_ctx)
    window.populate(StartupData(profiles=[]))
    qtbot.keyClicks(window.welcome.nickname, "Sam")  # type: ignore[attr-defined]
    qtbot.mouseClick(window.welcome.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.main
    qtbot.mouseClick(window.switch_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.picker
    qtbot.mouseClick(window.picker.add_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.root.currentWidget() is window.welcome
    assert window.welcome.nickname.text() == ""
    qtbot.keyClicks(window.welcome.nickname, "Ana")  # type: ignore[attr-defined]
    qtbot.keyClick(window.welcome.nickname, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    con = sqlite3.connect(app_ctx.paths.db)  # type: ignore[attr-defined]
    names = [r[0] for r in con.execute("SELECT nickname FROM profile ORDER BY id")]
    con.close()
    assert names == ["Sam", "Ana"]
