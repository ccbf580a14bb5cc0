"""A video file chosen in Settings ("Exercise for a video of your own") is the one the session plays, from the
next exercise on; "Use the built-in video" brings the standard clip back."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)

from backtrainer.core.session_plan import Block, SessionItem
from backtrainer.settings import Settings


def test_the_session_plays_the_file_chosen_in_settings(qtbot: Any, app_ctx: Any, tmp_path: Path) -> None:
    from backtrainer.content.exercises import load_library
    from backtrainer.paths import videos_dir
    from backtrainer.services.videos import VideoCatalog
    from backtrainer.ui.pages.session.player import PlayerScreen

    spec = load_library().exercise("EX-01")
    builtin = VideoCatalog(videos_dir()).builtin("EX-01")
    if builtin is None:
        pytest.skip("the built-in videos are not rendered in this checkout")
    own = tmp_path / "my EX-01.webm"
    shutil.copyfile(builtin, own)
    item = SessionItem("EX-01", Block.CORE, spec.base, spec.chain)
    player = PlayerScreen(app_ctx)
    qtbot.addWidget(player)
    app_ctx.apply_settings(Settings(clinic_videos={"EX-01": str(own)}))
    player.load(item, spec, 0, 1)
    assert player.video.source == own
    app_ctx.apply_settings(Settings())  # Settings: "Use the built-in video"
    player.load(item, spec, 0, 1)
    assert player.video.source == builtin


def test_the_exercise_page_plays_the_file_chosen_in_settings(qtbot: Any, app_ctx: Any, tmp_path: Path) -> None:
    from datetime import timedelta

    from PySide6.QtCore import Qt

    from backtrainer.paths import videos_dir
    from backtrainer.services.videos import VideoCatalog
    from tests.ui.test_session_flow import MONDAY, do_checkin, make_profile, open_window

    builtin = VideoCatalog(videos_dir()).builtin("MO-01")
    if builtin is None:
        pytest.skip("the built-in videos are not rendered in this checkout")
    own = tmp_path / "cat-camel at the clinic.webm"
    shutil.copyfile(builtin, own)
    profile = make_profile(app_ctx)
    app_ctx.clock.set(MONDAY + timedelta(days=1))  # a rest day: Today lists the exercises
    window = open_window(qtbot, app_ctx, profile)
    do_checkin(qtbot, window)
    app_ctx.apply_settings(Settings(clinic_videos={"MO-01": str(own)}))
    first = window.current_page().exercise_list.itemAt(0).widget()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page.NAME == "exercise" and page.exercise_id == "MO-01"
    assert page.video.source == own
