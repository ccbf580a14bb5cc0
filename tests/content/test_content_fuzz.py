"""Content files under fuzz: junk or damaged files give a ContentError with a clear message, nothing else."""

from __future__ import annotations

import copy
import random
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from backtrainer.content.education import EducationContent, MovementTestsContent
from backtrainer.content.loader import ContentError, parse_text, validate
from backtrainer.content.safety import SafetyContent
from backtrainer.content.screening import BodyRegionsContent, MessagesContent, RedFlagContent

CASES: list[tuple[str, type[BaseModel]]] = [
    ("safety.toml", SafetyContent),
    ("red_flags.toml", RedFlagContent),
    ("body_regions.toml", BodyRegionsContent),
    ("messages/screening.toml", MessagesContent),
    ("education.toml", EducationContent),
    ("movement_tests.toml", MovementTestsContent),
]


def _real(relpath: str) -> dict[str, Any]:
    node = resources.files("backtrainer.content")
    for part in relpath.split("/"):
        node = node.joinpath(part)
    return tomllib.loads(node.read_text(encoding="utf-8"))


@pytest.mark.parametrize("relpath, model", CASES)
def test_real_files_validate(relpath: str, model: type[BaseModel]) -> None:
    assert validate(_real(relpath), model, relpath) is not None


@pytest.mark.parametrize("relpath, model", CASES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400))
def test_junk_text_raises_content_error(relpath: str, model: type[BaseModel], text: str) -> None:
    try:
        parse_text(text, model, relpath)
    except ContentError as exc:
        assert relpath in str(exc)


JUNK_VALUES = [None, 0, -1, 10**12, "", "x" * 5000, [], {}, [1, 2], {"a": 1}, True, 3.5]


def _mutate(data: Any, rng: random.Random) -> Any:
    """Damage one random place of a content tree: drop a key, change a type, or add an unknown key."""
    target = data
    path: list[Any] = []
    while isinstance(target, dict | list) and target and rng.random() < 0.7:
        key = rng.choice(list(target)) if isinstance(target, dict) else rng.randrange(len(target))
        path.append(key)
        target = target[key]
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    choice = rng.random()
    if not path:
        data[f"unknown_{rng.randrange(1000)}"] = 1
    elif choice < 0.4 and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(JUNK_VALUES)
    return data


@pytest.mark.parametrize("relpath, model", CASES)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_damaged_files_raise_content_error_only(relpath: str, model: type[BaseModel], seed: int) -> None:
    data = _mutate(copy.deepcopy(_real(relpath)), random.Random(seed))
    try:
        validate(data, model, relpath)
    except ContentError as exc:
        assert str(exc)
