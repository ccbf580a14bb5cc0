"""Guard against a Qt binding that leaks or drops references to None (PySide6 6.12.0 on CPython 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qapp: object) -> None:
    label = QLabel()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("x")
        painter.save()
        painter.restore()
        QPainterPath().lineTo(1, 1)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, f"None lost {before - after} references over 5000 void calls"
