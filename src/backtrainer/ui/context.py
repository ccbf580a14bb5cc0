"""What every page gets: paths, clock, the task runner, lazily built services, and change notifications."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Flag, auto
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from backtrainer.paths import DataPaths
from backtrainer.services.clock import Clock
from backtrainer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from backtrainer.services.videos import VideoCatalog
    from backtrainer.store.db import Database


class Changes(Flag):
    """What a write changed; pages refresh only on what they show (style 5.2.5)."""

    NONE = 0
    PROFILE = auto()
    ASSESSMENT = auto()
    PLAN = auto()
    SESSION = auto()
    CHECKIN = auto()
    SETTINGS = auto()
    ALL = PROFILE | ASSESSMENT | PLAN | SESSION | CHECKIN | SETTINGS


class AppSignals(QObject):
    dataChanged = Signal(object)  # Changes
    profileChanged = Signal(object)  # int | None
    navigate = Signal(str)  # page NAME
    shellReady = Signal()  # the first screen with data has been painted: heavier loading may start
    saved = Signal(str)  # something the person entered was saved: Today says so (the text) when it shows next


@dataclass
class AppContext:
    paths: DataPaths
    clock: Clock
    runner: TaskRunner
    signals: AppSignals = field(default_factory=AppSignals)
    profile_id: int | None = None
    page_names: set[str] = field(default_factory=set)
    # False from start until the first screen with data is painted (bootstrap); pages defer heavy loads until then.
    shell_ready: bool = True
    settings: Any = None  # backtrainer.settings.Settings once loaded (after the first paint)
    _db: Database | None = None
    _db_lock: threading.Lock = field(default_factory=threading.Lock)
    _videos: tuple[Any, VideoCatalog | None] = (None, None)  # (the settings it was built for, the catalog)

    def db(self) -> Database:
        """The ORM database (imports SQLAlchemy on first use; call from the worker thread)."""
        with self._db_lock:
            if self._db is None:
                from backtrainer.store.db import Database

                self._db = Database(self.paths.db)
            return self._db

    def drop_db(self) -> None:
        """Close the ORM database before its file is replaced (a restore); the next ``db()`` opens the new one."""
        with self._db_lock:
            if self._db is not None:
                self._db.dispose()
                self._db = None

    def video_catalog(self) -> VideoCatalog:
        """Which file plays for an exercise: Settings' choice, else the clinic folder, else the built-in video.
        Built again when the settings change (a file chosen in Settings plays from the next exercise on)."""
        built_for, catalog = self._videos
        if catalog is None or built_for is not self.settings:
            from pathlib import Path

            from backtrainer.paths import videos_dir
            from backtrainer.services.videos import VideoCatalog

            chosen = dict(getattr(self.settings, "clinic_videos", {}) or {})
            catalog = VideoCatalog(videos_dir(), self.paths.clinic_videos,
                                   overrides={key: Path(value) for key, value in chosen.items()})
            self._videos = (self.settings, catalog)
        return catalog

    def apply_settings(self, settings: Any) -> None:
        """Use loaded settings for sounds and read-aloud (display settings are applied at start)."""
        from backtrainer.ui.speech import speaker
        from backtrainer.ui.widgets import sounds

        self.settings = settings
        sounds.set_enabled(bool(settings.sounds))
        speaker().enabled = bool(settings.read_aloud)

    def when_shell_ready(self, action: Callable[[], None]) -> None:
        """Run ``action`` now if the first screen is painted, else right after that paint."""
        if self.shell_ready:
            action()
            return

        def once() -> None:
            self.signals.shellReady.disconnect(once)
            action()

        self.signals.shellReady.connect(once)

    def close(self) -> None:
        self.runner.shutdown(wait=True)
        if self._db is not None:
            self._db.dispose()
            self._db = None
