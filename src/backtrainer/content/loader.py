"""Load validated content files shipped inside the package.

Content lives as TOML next to this module and is read with ``importlib.resources`` so it is found the same way in a
checkout, an installed wheel and a frozen bundle. Each content module declares pydantic models and calls
:func:`load_model` once; results are cached for the life of the process.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pydantic is imported when a model is validated, not when a file is only read
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


class ContentError(Exception):
    """A content file is missing, is not valid TOML, or does not match its schema."""


def read_toml(relpath: str) -> dict[str, object]:
    """Parse ``relpath`` (relative to the ``backtrainer.content`` package, '/'-separated)."""
    node = resources.files("backtrainer.content")
    for part in relpath.split("/"):
        node = node.joinpath(part)
    try:
        text = node.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ContentError(f"content file {relpath!r} is missing") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"content file {relpath!r} is not valid TOML: {exc}") from exc


def load_model(relpath: str, model: type[M]) -> M:
    """Parse ``relpath`` in the current language and validate it against ``model``."""
    return validate(localized(relpath), model, relpath)


def localized(relpath: str, lang: str | None = None) -> dict[str, object]:
    """``relpath`` with the translated text of ``i18n/<lang>/<relpath>`` laid over it, when that file exists."""
    from backtrainer import i18n

    data = read_toml(relpath)
    code = lang or i18n.language()
    if code == i18n.DEFAULT:
        return data
    try:
        extra = read_toml(f"i18n/{code}/{relpath}")
    except ContentError as exc:
        if "is missing" in str(exc):
            return data
        raise
    merged = i18n.overlay(data, extra)
    assert isinstance(merged, dict)
    return merged


def parse_text(text: str, model: type[M], name: str = "<text>") -> M:
    """Parse TOML ``text`` and validate it against ``model`` (for files a user or clinic hands in)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name} is not valid TOML: {exc}") from exc
    return validate(data, model, name)


def validate(data: object, model: type[M], name: str) -> M:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"content file {name!r} does not match its schema:\n{exc}") from exc
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # raised inside validators
        raise ContentError(f"content file {name!r} is not valid: {exc}") from exc


def list_dir(relpath: str) -> list[str]:
    """Names of the entries of a content sub-folder, sorted."""
    node = resources.files("backtrainer.content")
    for part in relpath.split("/"):
        node = node.joinpath(part)
    if not node.is_dir():
        return []
    return sorted(entry.name for entry in node.iterdir())
