"""Crash handling: log the traceback, tell the user in plain words, keep the app alive where possible."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from backtrainer.i18n import _
from backtrainer.store.errors import DiskWriteError, SchemaTooNewError, StoreError

log = logging.getLogger("backtrainer.app")


def plain_message(exc: BaseException) -> str:
    """A calm, plain-language explanation of ``exc`` for the user."""
    if isinstance(exc, DiskWriteError):
        return _("BackTrainer could not save to the disk. The disk may be full, or the folder may be read-only. "
                 "Nothing was half-saved. Free some space and try again.")
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
