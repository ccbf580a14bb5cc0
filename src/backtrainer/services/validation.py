"""Validation of user input shared by services and the UI (no store imports: cheap to import)."""

from __future__ import annotations

import unicodedata

from backtrainer.i18n import _

MAX_NICKNAME = 80


class InputError(ValueError):
    """Bad user input; the message is shown to the user as is."""


def clean_nickname(raw: str) -> str:
    """Trim and validate a nickname: any language or emoji, no control characters, 1-80 characters."""
    text = unicodedata.normalize("NFC", raw).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\u200d")
    if not text:
        raise InputError(_("Please type a name or nickname."))
    if len(text) > MAX_NICKNAME:
        raise InputError(_("Please use at most {count} characters.").format(count=MAX_NICKNAME))
    return text
