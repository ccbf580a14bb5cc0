"""App-wide settings of one data dir (``settings.toml``): display, sound, language and clinic mode.

Declared once and typed (style 5.2.9); clinical state lives in the database, not here. Written atomically
(temporary file + ``os.replace``), user-only permissions on POSIX. Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger("backtrainer.app")

SETTINGS_VERSION = 1
Theme = Literal["light", "dark", "high_contrast"]
Language = Literal["system", "en", "es"]


class Clinician(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)
    pin_hash: str = Field(min_length=10, max_length=400)


class ClinicSettings(BaseModel):
    """Clinic mode (ref 8.5): switched on with a clinician PIN at set-up."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    clinic_name: str = Field(default="", max_length=120)
    clinicians: list[Clinician] = Field(default_factory=list)
    crisis_line: str = Field(default="", max_length=80)


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = SETTINGS_VERSION
    theme: Theme = "light"
    text_scale: float = Field(default=1.0, ge=1.0, le=2.0)  # 100-200 %
    reduce_motion: bool = False
    sounds: bool = True
    read_aloud: bool = False
    language: Language = "system"
    emergency_country: str = Field(default="", max_length=8)
    autostart: bool = False
    clinic_videos: dict[str, str] = Field(default_factory=dict)  # exercise id -> file chosen in Settings
    clinic: ClinicSettings = Field(default_factory=ClinicSettings)


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring older settings files up to SETTINGS_VERSION (one function per version step)."""
    version = int(data.get("version", 1) or 1)
    # (No older versions yet; add "if version < N: ..." steps here.)
    data["version"] = max(version, SETTINGS_VERSION)
    return data


def load(path: Path) -> Settings:
    """Read settings; a missing or damaged file gives the defaults (the damaged file is kept aside)."""
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(upgrade(data))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError, ValueError) as exc:
        log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
        with contextlib.suppress(OSError):
            os.replace(path, path.with_suffix(".damaged.toml"))
        return Settings()


def save(settings: Settings, path: Path) -> None:
    """Write settings atomically."""
    import tomli_w

    from backtrainer.files import write_private

    write_private(path, tomli_w.dumps(settings.model_dump(mode="json", exclude_none=True)).encode("utf-8"))

