"""The effort scale 0-10 and the "key points" choice on a narrow page at 200 % text (issue 16): the effort scale goes
onto two rows, 0-5 above 6-10, each anchor's words under its number, and the three answers go one a row, so the
ratings screen never scrolls sideways. Arrows still walk the whole scale. Keys go in through QTest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from backtrainer.ui import theme

# what the ratings card leaves for the scale on the 1366 x 768 screen at 200 % text (the layout audit's page)
NARROW = 610


@pytest.fixture(autouse=True)
def _restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light", 1.0)


def _in_page(qtbot: Any, child: QWidget, width: int) -> QWidget:
    page = QWidget()
    QVBoxLayout(page).addWidget(child)
    qtbot.addWidget(page)
    page.resize(width, 900)
    page.show()
    for _ in range(3):
        QApplication.processEvents()
    return page


def test_effort_scale_goes_onto_two_rows_when_narrow(qtbot: Any, qapp: QApplication) -> None:
    from backtrainer.ui.widgets.rating import RpeScale

    theme.apply(qapp, "light", 2.0)
    scale = RpeScale()
    page = _in_page(qtbot, scale, NARROW)  # noqa: F841 (kept alive)
    assert scale.minimumSizeHint().width() <= NARROW
    b = scale.buttons
    assert b["6"].y() > b["5"].y() + b["5"].height() // 2, "6-10 go on a second row"
    assert b["0"].x() == b["6"].x() and b["5"].y() == b["0"].y() and b["10"].y() == b["6"].y()
    for key, words in scale.columns.columns:
        if words is not None:
            assert words.y() >= key.geometry().bottom() and abs(words.x() - key.x()) <= 1, "words under the number"
            assert words.heightForWidth(words.width()) <= words.height()
    b["4"].setFocus()
    qtbot.keyClick(b["4"], Qt.Key.Key_Right)
    qtbot.keyClick(b["5"], Qt.Key.Key_Right)
    assert scale.rpe() == 6 and b["6"].hasFocus()


def test_effort_scale_is_one_row_when_wide(qtbot: Any, qapp: QApplication) -> None:
    from backtrainer.ui.widgets.rating import RpeScale

    theme.apply(qapp, "light", 1.0)
    scale = RpeScale()
    page = _in_page(qtbot, scale, 900)  # noqa: F841 (kept alive)
    assert len({button.y() for button in scale.buttons.values()}) == 1


def test_key_point_answers_stack_when_narrow(qtbot: Any, qapp: QApplication) -> None:
    from backtrainer.ui.widgets.rating import FormChoice

    theme.apply(qapp, "light", 2.0)
    form = FormChoice()
    page = _in_page(qtbot, form, NARROW)  # noqa: F841 (kept alive)
    assert form.minimumSizeHint().width() <= NARROW
    for button in form.buttons.values():
        words = button.fontMetrics().horizontalAdvance(button.text())
        assert button.width() >= words + 12, f"{button.text()!r} is squeezed"
    ys = [button.y() for button in form.buttons.values()]
    assert ys == sorted(ys) and len(set(ys)) == 3
