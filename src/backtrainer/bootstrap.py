"""Composition root: paths, logging, crash hook, single instance, store, window.

The window paints first; the database is opened and read on the worker thread, then the first screen is filled.
``--exit-after-paint`` quits right after the paint that shows that data.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtWidgets import QApplication

from backtrainer import __version__, i18n
from backtrainer import log as applog
from backtrainer.paths import APP_NAME, DataPaths, resolve_data_dir
from backtrainer.services.clock import SystemClock
from backtrainer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from backtrainer.store.records import StartupData

log = logging.getLogger("backtrainer.app")

FIRST_SCREEN_WAIT_S = 0.08  # how long the window waits for the start-up read before it shows "Opening your data…"
ALREADY_OPEN = i18n.N_(
    "BackTrainer is already open for this data folder. Please use the window that is already open.")
COMMAND_RUNNING = i18n.N_(
    "A BackTrainer import or export is still working on this data folder. Please wait until it has finished, "
    "then start BackTrainer again.")
BACKUP_FAILED = i18n.N_(
    "BackTrainer could not make today's backup: the disk may be full. Your data is saved as before and the older "
    "backups are kept. Please free some space on the disk.")
COMMAND_WAIT_S = 20.0  # how long a start waits for an import or export that holds the data folder


def _headless() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal")


def _tell(app: QCoreApplication | None, text: str, *, quiet: bool) -> None:
    print(text, file=sys.stderr)
    if app is not None and not quiet and not _headless():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, APP_NAME, text)


def read_startup(paths: DataPaths, now: datetime) -> StartupData:
    """Open (create, restore, upgrade) the database and read what the first screen shows. Worker thread."""
    from backtrainer.store.opening import open_store
    from backtrainer.store.records import StartupData
    from backtrainer.store.summary import home_summary, list_profiles

    report = open_store(paths, now)
    profiles = list_profiles(paths.db)
    home = None
    if len(profiles) == 1 and profiles[0].notice_accepted and not profiles[0].has_pin:
        home = home_summary(paths.db, profiles[0].id, now.date().isoformat())  # Today is the first screen
    return StartupData(profiles=profiles, restored_from=report.restored_from, home=home)


def restored_notice(restored_from: datetime) -> str:
    """What to tell the person when a damaged data file was replaced by a backup (GUI thread: the language is set)."""
    return i18n._(
        "Your data file was damaged, so BackTrainer went back to your backup from {date} at {time}. Anything "
        "you entered after that may be missing. The damaged file was kept aside.").format(
        date=i18n.long_date(restored_from.date()), time=f"{restored_from:%H:%M}")


def missing_question(taken_at: datetime) -> str:
    """The question when the data file is missing or empty and a backup exists (GUI thread)."""
    return i18n._(
        "BackTrainer cannot find your data file, or it is empty. There is a backup from {date} at {time}. Go back "
        "to that backup? If you choose No, BackTrainer starts with no data and keeps the backup.").format(
        date=i18n.long_date(taken_at.date()), time=f"{taken_at:%H:%M}")


def _folder_unusable(paths: DataPaths, exc: OSError) -> int:
    print(f"BackTrainer cannot use the data folder {paths.root}: {exc.strerror or exc}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    paths = DataPaths(resolve_data_dir(args.data_dir))
    try:
        paths.ensure()
    except OSError as exc:
        return _folder_unusable(paths, exc)
    applog.setup(paths.logs, rotate=False)  # the rotating handler follows the first paint (after_data)
    log.info("start %s", __version__)
    quiet = bool(args.exit_after_paint)

    if paths.open_to_others():
        log.warning("the data folder can be read by other users of this computer")
        print(f"BackTrainer: the data folder {paths.root} can be read by other users of this computer; "
              "only you should be able to open it (chmod 700).", file=sys.stderr)

    # Only the instance holding the lock may touch the database (a second one never writes). The import and export
    # commands take the same lock: a start during one waits for it a moment (folder_lock).
    from backtrainer.folder_lock import APP, COMMAND, FolderBusy, FolderLock, holder

    lock = FolderLock(paths.lock, APP)
    try:
        lock.acquire(COMMAND_WAIT_S if holder(paths.lock) == COMMAND else 0.0)
    except OSError as exc:  # the lock file cannot be made (a read-only or full disk): touch nothing
        return _folder_unusable(paths, exc)
    except FolderBusy as busy:
        log.info("data folder busy (%s): start refused", busy.holder)
        from backtrainer.display import peek_display  # reading the settings writes nothing

        i18n.set_language(i18n.resolve(peek_display(paths.settings).language))
        text = i18n._(ALREADY_OPEN) if busy.holder != COMMAND else i18n._(COMMAND_RUNNING)
        _tell(QApplication.instance() or QApplication(sys.argv[:1]), text, quiet=quiet)
        return 0

    # Open and read the database on the worker thread from here on, while the GUI thread sets up Qt, imports the
    # window and builds it; the first screen is filled once the read is done (deliver_startup polls the future).
    clock = SystemClock()
    runner = TaskRunner()
    # A first start: no data file and no backup (a missing file beside a backup is asked about: issue 17, item 3).
    from backtrainer.store.backup import list_backups

    first_start = not paths.db.exists() and not list_backups(paths.backups)
    if first_start:  # nobody to list yet: the welcome screen needs no read; the database is created after it
        from backtrainer.store.records import StartupData

        startup: Future[StartupData] = Future()
        startup.set_result(StartupData(profiles=[]))
    else:
        startup = runner.submit(lambda: read_startup(paths, clock.now()))

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)

    from backtrainer.display import peek_display
    from backtrainer.ui import theme
    from backtrainer.ui.app_window import MainWindow
    from backtrainer.ui.context import AppContext
    from backtrainer.ui.errors import install_excepthook, plain_message
    from backtrainer.ui.widgets.wheel_guard import install as install_wheel_guard

    display = peek_display(paths.settings)
    i18n.set_language(i18n.resolve(display.language))
    QLocale.setDefault(QLocale(i18n.language()))  # spin boxes and time fields write numbers as the language does
    theme.apply(app, display.theme, display.text_scale)
    install_wheel_guard(app)  # only a focused control takes the mouse wheel (issue 20 item 4)
    app.setProperty("bt_reduce_motion", display.reduce_motion)
    install_excepthook(show_dialog=not quiet)
    ctx = AppContext(paths=paths, clock=clock, runner=runner, shell_ready=False)
    window = MainWindow(ctx)
    exit_code = 0

    def after_data() -> None:
        nonlocal exit_code
        if args.exit_after_paint:
            ctx.shell_ready = True  # the first screen is on show: quit before any later loading starts
            QTimer.singleShot(0, app.quit)  # after this paint has finished
            return
        # Start-up work that the first screen does not need: the rotating log, the settings, the daily backup.
        from backtrainer import settings as app_settings
        from backtrainer.store.opening import daily_backup

        ctx.runner.run(lambda: applog.setup(paths.logs), None, lambda exc: log.warning("log set-up failed: %s", exc))
        def settings_loaded(loaded: app_settings.Loaded) -> None:
            ctx.apply_settings(loaded.settings)
            if loaded.notice and not quiet:  # a damaged settings file was moved aside (issue 17)
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.information(window, APP_NAME, loaded.notice)

        ctx.runner.run(lambda: app_settings.load_checked(paths.settings), settings_loaded)
        # The safety notice may be on screen straight from its file: validate the safety content now.
        from PySide6.QtWidgets import QMessageBox

        from backtrainer.ui.texts import validate_safety

        def safety_invalid(exc: BaseException) -> None:
            QMessageBox.warning(window, APP_NAME, plain_message(exc))

        ctx.runner.run(validate_safety, None, safety_invalid)
        def backup_failed(exc: BaseException) -> None:
            log.warning("daily backup failed: %s", exc)
            QMessageBox.warning(window, APP_NAME, i18n._(BACKUP_FAILED))

        ctx.runner.run(lambda: daily_backup(paths, clock.now()), None, backup_failed)

    def on_data(data: StartupData) -> None:
        window.populate(data)
        if data.restored_from is not None and not quiet:
            from PySide6.QtWidgets import QMessageBox

            notice = restored_notice(data.restored_from) if data.restored_why == "damaged" else i18n._(
                "BackTrainer went back to your backup from {date} at {time}. Anything you entered after that may "
                "be missing.").format(date=i18n.long_date(data.restored_from.date()),
                                      time=f"{data.restored_from:%H:%M}")
            QTimer.singleShot(200, lambda: QMessageBox.information(window, APP_NAME, notice))

    def on_error(exc: BaseException) -> None:
        nonlocal exit_code
        from PySide6.QtWidgets import QMessageBox

        from backtrainer.store.errors import DatabaseCorruptError, DatabaseMissingError
        from backtrainer.store.records import StartupData

        if isinstance(exc, DatabaseMissingError) and not quiet:
            # Issue 17, item 3: a missing or empty data file with a backup beside it: ask, never start empty quietly.
            answer = QMessageBox.question(window, APP_NAME, missing_question(exc.backup_taken_at))
            from backtrainer.store.opening import restore_newest, start_fresh

            def back() -> StartupData:
                taken = restore_newest(paths, clock.now())
                data = read_startup(paths, clock.now())
                return StartupData(profiles=data.profiles, restored_from=taken, home=data.home, restored_why="missing")

            def fresh_start() -> StartupData:
                start_fresh(paths, clock.now())
                return read_startup(paths, clock.now())

            ctx.runner.run(back if answer == QMessageBox.StandardButton.Yes else fresh_start, on_data, on_error)
            return
        if isinstance(exc, DatabaseCorruptError) and not quiet:
            answer = QMessageBox.question(
                window, APP_NAME,
                i18n._("Your data file is damaged and there is no backup to go back to. BackTrainer can keep the "
                       "damaged file aside and start with an empty one. Start fresh?"),
            )
            if answer == QMessageBox.StandardButton.Yes:
                from backtrainer.store.opening import start_fresh

                def fresh() -> StartupData:
                    start_fresh(paths, clock.now())
                    return read_startup(paths, clock.now())

                ctx.runner.run(fresh, on_data, on_error)
                return
        print(plain_message(exc), file=sys.stderr)
        if not quiet:
            QMessageBox.warning(window, APP_NAME, plain_message(exc))
        exit_code = 3
        app.quit()

    window.dataShown.connect(after_data)
    if first_start:
        ctx.runner.run(lambda: read_startup(paths, clock.now()), None, on_error)  # creates the database

    def deliver_startup() -> None:
        if not startup.done():  # not read yet: look again once more events have run
            QTimer.singleShot(5, deliver_startup)
            return
        exc = startup.exception()
        if exc is not None:
            log.error("start-up read failed", exc_info=exc)
            on_error(exc)
        else:
            on_data(startup.result())

    # The read usually ends while the window is being built. A short wait for it, before the window is first
    # shown, fills the first screen at once (one paint, no "Opening your data…" flash); a slow read (a restore,
    # an upgrade, a slow disk) is shown when it ends, with the window already on screen.
    with contextlib.suppress(TimeoutError):
        startup.exception(timeout=FIRST_SCREEN_WAIT_S)
    if startup.done() and startup.exception() is None:
        on_data(startup.result())
    else:
        # firstPaint is emitted from inside the paint event: fill the window (or ask about a damaged file) after it
        window.firstPaint.connect(lambda: QTimer.singleShot(0, deliver_startup))
    window.show()
    try:
        code = app.exec()
    finally:
        ctx.close()
        lock.release()
    return exit_code or code
