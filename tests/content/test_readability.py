"""Every patient-facing text in the content reads at grade 8 or below (Flesch-Kincaid, textstat, offline).

Excepted: licensed questionnaire item text and copyright lines (they may not be changed), and clinician-facing
fields (what a red flag screens for, licence notes, sources, clinician band labels).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from ..readability import fk_grade  # noqa: TID252

MAX_GRADE = 8.0
MIN_WORDS = 8  # the formula means little on labels of a few words
CLINICIAN_KEYS = {
    "screens_for", "effect", "licence_note", "licence_status", "copyright", "copyright_notice", "copyright_holder",
    "funding", "source",
    "construct", "topics", "name", "mcid", "odi_clinician", "emergency_numbers", "scoring", "id", "version",
}
# Licensed or legal text that must stay as published (ref 3.2, Appendix A).
EXEMPT_FILES = {"instruments/startback.toml"}


def _texts(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in CLINICIAN_KEYS:
                yield from _texts(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, str(index)))
    elif isinstance(data, str) and len(data.split()) >= MIN_WORDS:
        yield ".".join(path), data


def _files() -> list[str]:
    root = resources.files("backtrainer.content")
    out: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for entry in node.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".toml") and not prefix.startswith("i18n/"):
                out.append(f"{prefix}{entry.name}")

    walk(root, "")
    return sorted(out)


def _load(relpath: str) -> Any:
    node = resources.files("backtrainer.content")
    for part in relpath.split("/"):
        node = node.joinpath(part)
    return tomllib.loads(node.read_text(encoding="utf-8"))


def test_the_grader_works_offline() -> None:
    assert fk_grade("The cat sat on the mat. It was warm.") < 3
    assert fk_grade("Notwithstanding considerable methodological heterogeneity, investigators characterised "
                    "substantial improvements.") > 12


@pytest.mark.parametrize("relpath", [f for f in _files() if f not in EXEMPT_FILES])
def test_patient_facing_text_is_grade_8_or_below(relpath: str) -> None:
    hard = [(round(fk_grade(text), 1), where, text) for where, text in _texts(_load(relpath))
            if fk_grade(text) > MAX_GRADE]
    assert not hard, "\n".join(f"{grade} {where}: {text}" for grade, where, text in hard)
