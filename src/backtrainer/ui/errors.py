"""Crash handling: log the traceback, tell the user in plain words, keep the app alive where possible."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from backtrainer.i18n import _, long_date
from backtrainer.store.errors import (
    DatabaseBusyError,
    DatabaseMissingError,
    DataUnavailableError,
    DiskWriteError,
    SchemaTooNewError,
    StoreError,
)

log = logging.getLogger("backtrainer.app")


def plain_message(exc: BaseException) -> str:
    """A calm, plain-language explanation of ``exc`` for the user."""
    if isinstance(exc, DiskWriteError):
        return _("BackTrainer could not save to the disk. The disk may be full, or the folder may be read-only. "
                 "Nothing was half-saved. Free some space and try again.")
    if isinstance(exc, DataUnavailableError):
        return _("BackTrainer cannot open your data just now: the disk may be full, or the data folder cannot be "
                 "read or written. Your data file was not changed. Free some space on the disk (or ask the person "
                 "who set up this computer), then start BackTrainer again.")
    if isinstance(exc, DatabaseMissingError):
        return _("BackTrainer cannot find your data file, or it is empty. There is a backup from {date}. Start "
                 "BackTrainer again to choose whether to go back to it. Nothing was changed.").format(
            date=long_date(exc.backup_taken_at.date()))
    if isinstance(exc, DatabaseBusyError):
        return _("BackTrainer could not save just now because another program is using your data file. Your "
                 "answers are still here: please try again in a minute.")
    if isinstance(exc, SchemaTooNewError):
        return _("This data was saved by a newer version of BackTrainer. Please install the newer version to "
                 "open it. Nothing was changed.")
    if isinstance(exc, StoreError):
        return _("BackTrainer had a problem with its data file. Nothing was lost. ({detail})").format(detail=exc)
    if isinstance(exc, ValueError):
        return str(exc)
    return _("Something went wrong inside BackTrainer. Your saved data is safe. If it happens again, please tell "
             "your clinician or the person who set up this computer.")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("BackTrainer")
    box.setText(plain_message(exc))
    box.setAccessibleName(_("Problem message"))
    box.exec()


def install_excepthook(show_dialog: bool = True) -> None:
    """Log every uncaught exception and show a plain-language dialog instead of crashing."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if show_dialog and QApplication.instance() is not None:
            try:
                show_error(QApplication.activeWindow(), value)
            except Exception:
                sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
