"""Where BackTrainer keeps and finds files.

One module answers every "where is ..." question, the same way in a source checkout, an installed wheel and a
PyInstaller bundle:

* the **data dir** (database, backups, logs, clinic videos, settings) comes from ``--data-dir``, else the
  ``BACKTRAINER_DATA_DIR`` environment variable, else platformdirs' ``user_data_dir("BackTrainer")``;
* the **assets dir** (``videos/`` and the manifest) is ``<repo>/assets`` in a checkout, ``backtrainer/_assets`` in a
  wheel, and ``<bundle>/assets`` in a frozen build.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "BackTrainer"
ENV_DATA_DIR = "BACKTRAINER_DATA_DIR"
DB_FILENAME = "backtrainer.sqlite3"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir  # not needed with --data-dir: imported only here (start-up, issue 9)

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data dir chosen by CLI flag, then environment, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def assets_dir() -> Path:
    """The folder holding ``videos/`` (checkout, wheel and frozen bundle alike)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets"
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_assets"
    if installed.is_dir():
        return installed
    return package_dir.parent.parent / "assets"


def videos_dir() -> Path:
    return assets_dir() / "videos"


@dataclass(frozen=True, slots=True)
class DataPaths:
    """Every file and folder inside one data dir."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lock(self) -> Path:
        return self.root / "backtrainer.lock"

    @property
    def clinic_videos(self) -> Path:
        return self.root / "videos"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def charts(self) -> Path:
        """Saved pictures of the Progress charts, a folder per profile (services.chart_cache)."""
        return self.root / "cache" / "charts"

    @property
    def settings(self) -> Path:
        return self.root / "settings.toml"

    @property
    def window(self) -> Path:
        """The main window's size and position between runs (backtrainer.placement)."""
        return self.root / "window.toml"

    @property
    def damaged(self) -> Path:
        return self.root / "damaged"

    def ensure(self) -> None:
        """Create the folders (user-only permissions on POSIX)."""
        for folder in (self.root, self.backups, self.logs, self.clinic_videos, self.exports):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                folder.chmod(0o700)
