"""The Progress page opens offscreen with fixture data, switches ranges, explains markers and writes the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backtrainer.core.charts import Range
from tests.services.history_fixture import make_history


def _page(qtbot: Any, app_ctx: Any) -> Any:
    from backtrainer.ui.pages.progress import ProgressPage

    page = ProgressPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    return page


def test_empty_state(qtbot: Any, app_ctx: Any) -> None:
    from backtrainer.store.repos import ProfileRepo

    app_ctx.profile_id = ProfileRepo(app_ctx.db()).create("Sam", now="2026-03-09T08:00:00",
                                                           notice_accepted=True).id
    page = _page(qtbot, app_ctx)
    page.show()
    assert page.empty_card.isVisibleTo(page)
    assert not page.cards["pain"].isVisibleTo(page) and not page.report_button.isEnabled()


def test_opens_with_data_and_switches_range(qtbot: Any, app_ctx: Any, tmp_path: Path) -> None:
    from backtrainer.services.clock import FixedClock
    from tests.services.history_fixture import END

    app_ctx.close()
    app_ctx.profile_id = make_history(app_ctx.paths.root, 91)
    app_ctx.clock = FixedClock(__import__("datetime").datetime(END.year, END.month, END.day, 9))
    page = _page(qtbot, app_ctx)
    page.show()
    assert page.cards["pain"].canvas is not None  # drawn at once; the others follow one per event-loop turn
    qtbot.waitUntil(lambda: not page._queue, timeout=10_000)
    assert page.data is not None and not page.data.empty
    assert page.range is Range.WEEKS_12 and page.range_buttons[Range.WEEKS_12].isChecked()
    for name in ("pain", "outcomes", "adherence", "load", "body_maps"):
        card = page.cards[name]
        assert card.isVisibleTo(page) and card.canvas is not None, name
        assert card.summary.text(), name
    assert "morning pain" in page.cards["pain"].summary.text()
    assert len(page.data.pain.days) == 84
    page.range_buttons[Range.WEEKS_4].click()
    assert page.range is Range.WEEKS_4 and len(page.data.pain.days) == 28
    page.set_range(Range.ALL)
    page.finish_drawing()
    assert len(page.data.pain.days) == 91
    # decision markers: hover/click text in plain words
    assert page._markers
    page.cards["load"].canvas.draw()
    assert len(page._marker_px) == len(page._markers)
    x, y = page._marker_px[0]
    assert page._nearest(x + 2, y - 2) == 0 and page._nearest(x + 50, y + 50) in (None, *range(len(page._markers)))
    page.show_marker(0)
    assert "Moved up" in page.cards["load"].detail.text() or "moved up" in page.cards["load"].detail.text()
    # the report is written off the GUI thread (synchronously in tests)
    out = tmp_path / "r.pdf"
    page.save_report(str(out), END)
    assert out.is_file() and out.stat().st_size > 10_000
    assert page.status.text().startswith("Report saved")
