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
        """Create the folders that are missing, user-only (0700) on POSIX. A folder that already exists keeps its
        mode: ``--data-dir`` may name a shared folder, which is not the app's to change (issue 17, item 13; see
        :meth:`open_to_others` for the warning)."""
        for folder in (self.root, self.backups, self.logs, self.clinic_videos, self.exports):
            make_private_folder(folder)

    def open_to_others(self) -> bool:
        """True when others may read or enter the data folder (POSIX group/other bits): worth a warning."""
        if os.name != "posix":
            return False
        try:
            return bool(self.root.stat().st_mode & 0o077)
        except OSError:
            return False


def make_private_folder(folder: Path) -> bool:
    """Create ``folder`` (and missing parents) if it is missing, user-only on POSIX; an existing folder is left as it
    is. Returns True when it was created here."""
    if folder.is_dir():
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if folder.is_dir():
            return False  # made meanwhile by another process
        raise
    if os.name == "posix":
        folder.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened; chmod makes it exact
    return True
