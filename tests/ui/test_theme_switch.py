"""Switching theme or text size restyles every widget already on screen (apply drops the old sheet first)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from backtrainer.ui import theme


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


def test_switches_restyle_shown_widgets(qapp: QApplication, qtbot: Any) -> None:
    theme.apply(qapp, "light", 1.0)
    root = QWidget()
    box = QVBoxLayout(root)
    title = QLabel("Settings")
    title.setProperty("role", "title")
    button = QPushButton("Save")
    box.addWidget(title)
    box.addWidget(button)
    qtbot.addWidget(root)
    root.show()
    qtbot.waitExposed(root)
    for name, scale in (("dark", 2.0), ("high_contrast", 1.5), ("light", 1.0), ("dark", 1.0)):
        theme.apply(qapp, name, scale)
        qapp.processEvents()
        assert title.font().pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE * scale * 1.9, abs=0.15)
        assert button.font().pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE * scale, abs=0.15)
        assert root.palette().window().color().name().upper() == theme.THEMES[name].window.upper()
        assert qapp.styleSheet().startswith(theme.style_sheet(theme.THEMES[name], scale))
