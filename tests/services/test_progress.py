"""services.progress: history read from the store, series for each range, plain words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backtrainer.core.charts import DecisionMarker, Range
from backtrainer.paths import DataPaths
from backtrainer.services import progress
from backtrainer.store.db import Database
from tests.services.history_fixture import END, make_history


def _db(tmp_path: Path, days: int = 91) -> tuple[Database, int]:
    root = tmp_path / "data"
    pid = make_history(root, days)
    return Database(DataPaths(root).db), pid


def test_history_and_ranges(tmp_path: Path) -> None:
    db, pid = _db(tmp_path)
    history = progress.load_history(db, pid, full=True)
    assert history.nickname == "Demo" and history.leg_pathway
    assert history.first_day == date(2026, 8, 26) and len(history.checkins) > 70
    assert history.planned_weekdays == frozenset({0, 2, 4}) and history.sessions_per_week == 3
    assert len(history.screenings) == 1 and history.screenings[0].tier == "CAUTION"
    four = progress.build_progress(history, Range.WEEKS_4, END)
    everything = progress.build_progress(history, Range.ALL, END)
    assert len(four.pain.days) == 28 and four.start == date(2026, 10, 28)
    assert len(everything.pain.days) == 91
    assert four.pain.baseline == everything.pain.baseline  # the baseline is the first week, whatever the range
    assert everything.pain.leg is not None
    assert {o.instrument for o in everything.outcomes} == {"ODI", "PSFS", "PSEQ"}
    assert [c.chain for c in everything.load.chains] == ["MC", "QX", "LAT", "GLU", "HNG", "SQT"]
    assert everything.body_maps.panels[0].movement == "first"
    assert "morning pain" in everything.texts["pain"]
    db.dispose()


def test_history_read_from_the_file_equals_the_orm_read(tmp_path: Path) -> None:
    """The Progress page reads the history on a plain read-only connection (no ORM import); the report through the
    ORM's. Both give the same history, field for field, and an unknown profile is refused by both."""
    db, pid = _db(tmp_path)
    for full in (False, True):
        assert progress.load_history(db.path, pid, full=full) == progress.load_history(db, pid, full=full)
    from_file = progress.load_history(db.path, pid, full=True)
    assert from_file.age is not None and from_file.created_at and from_file.flags == \
        progress.load_history(db, pid).flags
    for source in (db, db.path):
        with pytest.raises(Exception, match="does not exist"):
            progress.load_history(source, pid + 99)
    db.dispose()


def test_empty_profile(store_db: Database) -> None:
    from backtrainer.store.repos import ProfileRepo

    prof = ProfileRepo(store_db).create("Sam", now="2026-03-09T08:00:00", notice_accepted=True)
    data = progress.load_progress(store_db, prof.id, Range.WEEKS_12, date(2026, 3, 9))
    assert data.empty and data.pain.empty and not data.outcomes and not data.load.chains
    assert data.texts["pain"].startswith("No morning pain ratings")


def test_words() -> None:
    real = "Your daily-life score improved by 12 points: a real change."
    assert progress.verdict_text("odi_improved_mcid", 12) == real
    assert progress.verdict_text("rmdq_higher", 3) == "Your daily-life score is 3 points higher than when you started."
    assert progress.verdict_text(None, None) is None
    marker = DecisionMarker(date(2026, 3, 9), 1.5, "PROGRESS", 1, 2, 1, 3, ("P",), {"sessions": 2})
    text = progress.marker_text("GLU", marker)
    assert text.startswith("09 Mar 2026. Buttock muscles: moved up from level 1 step 2 to level 1 step 3.")
    assert "2 good sessions in a row" in text
    assert progress.reason_text(("R1",), {}) == "Rule R1."  # missing params: never a KeyError


def _history(checkins: tuple[object, ...]) -> progress.History:
    return progress.History(profile_id=1, nickname="Ana", created_at="2026-11-01T08:00:00", age=40, pain_weeks=4,
                            first_episode=True, flags=(), modifiers=(), sessions_per_week=3,
                            planned_weekdays=frozenset(), plan_start=None, checkins=checkins,  # type: ignore[arg-type]
                            sessions=(), questionnaires=(), decisions=(), maps=(), plan=())


def test_an_afternoon_check_in_is_not_called_no_morning_rating() -> None:
    """Issue 20 item 14: a check-in after 12:00 has no morning pain (ref 6.1); the pain card says why instead of
    "No morning pain ratings in this time yet"."""
    from backtrainer.core.charts import CheckinPoint

    today = date(2026, 11, 24)
    data = progress.build_progress(_history((CheckinPoint(today, None, None, 5),)), Range.WEEKS_4, today)
    assert data.pain.empty
    text = data.texts["pain"]
    assert "No morning pain ratings" not in text
    assert "after 12 noon" in text and "before noon" in text
    nothing = progress.build_progress(_history(()), Range.WEEKS_4, today)  # (no check-in at all: as before)
    assert nothing.texts["pain"].startswith("No morning pain ratings")


def test_series_and_words_need_no_matplotlib_and_no_cycle() -> None:
    """Issue 19: the page's series and words import neither matplotlib nor services.plots (the report's drawer),
    and services.progress no longer imports services.plots (the cycle is broken)."""
    import subprocess
    import sys

    code = ("import sys; from backtrainer.services import progress; from backtrainer.ui.widgets import "
            "progress_charts; print('matplotlib' in sys.modules, 'backtrainer.services.plots' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
    source = Path(progress.__file__).read_text(encoding="utf-8")
    assert "services.plots" not in source and "services import plots" not in source


def test_one_point_is_said_in_the_singular() -> None:
    """'Your activity score went up by 1 points' was on the Progress page: the unit now follows the number."""
    from backtrainer.services.progress import verdict_text

    assert verdict_text("psfs_improved_small", 1.0) == "Your activity score went up by 1 point. Small steps add up."
    assert verdict_text("psfs_improved_small", 2.0) == "Your activity score went up by 2 points. Small steps add up."
    assert "4.4 points" in (verdict_text("odi_improved_small", 4.4) or "")
