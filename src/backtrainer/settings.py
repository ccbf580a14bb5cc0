"""App-wide settings of one data dir (``settings.toml``): display, sound and language preferences.

Declared once and typed (style 5.2.9); clinical state lives in the database, not here: clinic mode, the clinicians'
PIN hashes and PIN lock-outs are database tables since revision 0003 (issue 17), so a damaged settings file can
never switch clinic mode off. The ``[clinic]`` section of an older file is only read so services.clinic can move
its clinicians into the database. Written atomically (temporary file + ``os.replace``), user-only permissions on
POSIX. Qt-free.

Reading is forgiving: keys this version does not know (a newer version may write them) are kept and written back;
a value that is not valid falls back to its default alone; only a file that is not TOML at all (or not a file) is
moved aside into ``damaged/`` (never deleted) and the person told so (:func:`load_checked`).
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger("backtrainer.app")

SETTINGS_VERSION = 1
Theme = Literal["light", "dark", "high_contrast"]
Language = Literal["system", "en", "es"]


class Clinician(BaseModel):
    """A clinician as an older version kept it in settings.toml (read only to move it into the database)."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)
    pin_hash: str = Field(min_length=10, max_length=400)


class ClinicSettings(BaseModel):
    """The ``[clinic]`` section: the crisis line; ``enabled``/``clinic_name``/``clinicians`` are an older version's
    clinic mode, moved into the database by services.clinic on first look (never read for sign-in)."""

    model_config = ConfigDict(extra="allow")

    enabled: bool = False
    clinic_name: str = Field(default="", max_length=120)
    clinicians: list[Clinician] = Field(default_factory=list)
    crisis_line: str = Field(default="", max_length=80)


class Settings(BaseModel):
    model_config = ConfigDict(extra="allow", validate_assignment=True)  # unknown keys are kept (a newer version's)

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
    raw = data.get("version", 1)
    version = raw if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1 else 1
    # (No older versions yet; add "if version < N: ..." steps here.)
    data["version"] = max(version, SETTINGS_VERSION)
    return data


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    notice: str | None = None  # plain words for the person when the file had to be moved aside
    moved_to: Path | None = None


def _move_aside(path: Path) -> Path | None:
    """Move a damaged settings file (or whatever stands in its place) into ``damaged/``; never delete it."""
    folder = path.parent / "damaged"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
        n = 2
        while target.exists() or target.is_symlink():
            target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
            n += 1
        os.replace(path, target)
        if os.name == "posix" and target.is_file() and not target.is_symlink():
            target.chmod(0o600)
    except OSError as exc:
        log.warning("damaged settings file could not be moved aside (%s)", type(exc).__name__)
        return None
    return target


def _validate(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The settings of ``data``; a key whose value is not valid falls back to its default (names returned)."""
    dropped: list[str] = []
    while True:
        try:
            return Settings.model_validate(data), dropped
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            if not bad or not bad <= data.keys():
                return Settings(), [*dropped, *sorted(data)]
            for key in bad:
                if key == "clinic" and isinstance(data.get(key), dict):
                    inner = {str(e["loc"][1]) for e in exc.errors() if len(e.get("loc", ())) > 1
                             and e["loc"][0] == "clinic"}
                    if inner and inner <= data[key].keys():
                        data[key] = {k: v for k, v in data[key].items() if k not in inner}
                        dropped += [f"clinic.{k}" for k in sorted(inner)]
                        continue
                data.pop(key)
                dropped.append(key)


def load_checked(path: Path) -> Loaded:
    """Read settings: a missing file gives the defaults; a damaged one is moved into ``damaged/`` with a notice."""
    from backtrainer.i18n import _

    if not path.exists() and not path.is_symlink():
        return Loaded(Settings())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
        moved = _move_aside(path)
        where = f" ({moved.parent.name}/{moved.name})" if moved else ""
        return Loaded(Settings(), _("The settings file could not be read, so the usual display and sound settings "
                                    "are used. The old file was kept{where}. Your data and any clinic set-up are "
                                    "not affected.").format(where=where), moved)
    settings, dropped = _validate(upgrade(data))
    if dropped:
        log.warning("settings: %s not valid; defaults used for them", ", ".join(dropped)[:200])
    return Loaded(settings)


def load(path: Path) -> Settings:
    """Read settings (see :func:`load_checked`)."""
    return load_checked(path).settings
def save(settings: Settings, path: Path) -> None:
    """Write settings atomically."""
    import tomli_w

    from backtrainer.files import write_private

    data = settings.model_dump(mode="json", exclude_none=True)
    clinic = data.get("clinic")
    if isinstance(clinic, dict):  # an older version's clinic mode lives in the database now: not written back
        for key, empty in (("enabled", False), ("clinic_name", ""), ("clinicians", [])):
            if clinic.get(key) == empty:
                clinic.pop(key)
    write_private(path, tomli_w.dumps(data).encode("utf-8"))

