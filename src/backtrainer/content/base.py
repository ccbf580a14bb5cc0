"""Shared pieces of the content models: strict base model, non-empty text, placeholder checks."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholder}`` slots in ``text``; raises ValueError if the braces are malformed."""
    names: set[str] = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"malformed placeholder {{{name}}} in {text!r}")
        names.add(name)
    return names


def _check_slots(text: str, allowed: Iterable[str], where: str) -> None:
    try:
        names = placeholders(text)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    extra = names - set(allowed)
    if extra:
        raise ValueError(f"{where}: unknown placeholder(s) {sorted(extra)}; allowed: {sorted(allowed)}")


def _unique(ids: Sequence[str], what: str) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} ids: {dupes}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1)]


# --- red_flags.toml -----------------------------------------------------------------------------------------
