"""The anchor: a bare PySide6 window that quits on its first paint."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _Quit(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QLabel("Hello")
    window.setCentralWidget(central)
    watcher = _Quit()
    central.installEventFilter(watcher)
    window.resize(1180, 780)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
