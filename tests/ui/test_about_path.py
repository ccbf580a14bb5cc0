"""The data folder's path on the About page breaks anywhere at 200 % text (issue 16): a long path stays inside the
page, every line of it shows, and the text that is copied is the path itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from backtrainer.ui import theme


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


def test_a_long_data_folder_path_wraps_and_copies_whole(qtbot: Any, qapp: QApplication) -> None:
    from backtrainer.ui.pages.about import PathText

    theme.apply(qapp, "light", 2.0)
    path = "/home/someone-with-a-long-name/.local/share/BackTrainer/profiles-and-backups/data"
    text = PathText(path, "Your data folder")
    qtbot.addWidget(text)
    text.resize(300, 40)
    text.show()
    for _ in range(3):
        QApplication.processEvents()
    assert text.minimumSizeHint().width() < 300
    assert text.toPlainText() == path  # nothing put in to break it
    layout = text.document().documentLayout()
    lines = round(layout.documentSize().height())
    assert lines >= 3, "the path breaks inside its one long word"
    assert text.height() >= lines * text.fontMetrics().lineSpacing()
    assert text.verticalScrollBar().maximum() == 0 and text.horizontalScrollBar().maximum() == 0
    assert text.isReadOnly() and text.accessibleName() == "Your data folder"
