"""Exercise library content (clinical reference section 5): pydantic schema + loader -> core ``Library``.

Files: ``exercises.toml`` (one ``[[exercise]]`` table per level variant), ``chains.toml`` (the chains of 5.8
and the
session templates of 5.9) and ``messages/progression.toml`` (words for every engine reason and event code).
"""

from __future__ import annotations

import string
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backtrainer.content.loader import ContentError, load_model
from backtrainer.core.chains import CHAIN_LEVELS, Chain
from backtrainer.core.library import KNOWN_FLAGS, ChainSpec, ExerciseSpec, Library, SessionTemplates
from backtrainer.core.progression_ladder import Dose, Ladder, dose_at

EXERCISES_FILE = "exercises.toml"
CHAINS_FILE = "chains.toml"
MESSAGES_FILE = "messages/progression.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DoseModel(_Strict):
    sets: int = Field(ge=1, le=5)
    reps: int = Field(ge=1, le=30)
    hold_s: float | None = Field(default=None, gt=0, le=1800)
    load_kg: float | None = Field(default=None, ge=0, le=40)


class ExerciseModel(_Strict):
    id: str = Field(pattern=r"^(MC|EX|LT|GL|MO|FN|WK)-0[1-5][a-d]?$")
    family: str = Field(pattern=r"^(MC|EX|LT|GL|MO|FN|WK)-0[1-5]$")
    name: str = Field(min_length=3, max_length=60)
    chain: Chain | None = None
    level: int | None = Field(default=None, ge=1, le=5)
    target: str = Field(min_length=10)
    start_position: str = Field(min_length=10)
    cues: list[str] = Field(min_length=3, max_length=5)
    more_tips: list[str] = Field(default_factory=list)
    breathing: str = Field(min_length=5)
    tempo: tuple[int, int, int] | None = None
    cycle_s: float | None = Field(default=None, gt=0)
    ladder: Literal["rep", "hold", "carry", "fixed"]
    dose: DoseModel
    per_side: bool = False
    equipment: list[str] = Field(default_factory=list)
    regress_to: str | None = None
    progress_to: str | None = None
    flags: list[str] = Field(default_factory=list)
    video: str
    phase_words: tuple[str, str, str] | None = None  # move, hold, return, when not "lift, hold, lower"

    @field_validator("phase_words")
    @classmethod
    def _short_words(cls, value: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
        if value is not None and any(not 2 <= len(w) <= 24 for w in value):
            raise ValueError("each phase word is 2 to 24 characters (it is shown inside the tempo ring)")
        return value

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        unknown = set(value) - KNOWN_FLAGS
        if unknown:
            raise ValueError(f"unknown flags {sorted(unknown)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ExerciseModel:
        if not self.id.startswith(self.family):
            raise ValueError(f"{self.id} is not in family {self.family}")
        if (self.chain is None) != (self.level is None):
            raise ValueError(f"{self.id}: chain and level go together")
        if self.tempo is None and self.cycle_s is None:
            raise ValueError(f"{self.id}: needs a tempo or a gait cycle_s")
        if self.ladder in ("hold", "carry") and self.dose.hold_s is None:
            raise ValueError(f"{self.id}: a {self.ladder} ladder needs dose.hold_s")
        if self.video != self.id:
            raise ValueError(f"{self.id}: video id must equal the exercise id")
        return self

    def to_spec(self) -> ExerciseSpec:
        base = Dose(self.dose.sets, self.dose.reps, self.dose.hold_s, self.tempo, self.dose.load_kg)
        ladder = Ladder(self.ladder)
        dose_at(ladder, base, 0)  # validates the base dose for its ladder
        return ExerciseSpec(
            id=self.id,
            family=self.family,
            name=self.name,
            chain=self.chain,
            level=self.level,
            ladder=ladder,
            base=base,
            per_side=self.per_side,
            tempo=self.tempo,
            cycle_s=self.cycle_s,
            target=self.target,
            start_position=self.start_position,
            cues=tuple(self.cues),
            more_tips=tuple(self.more_tips),
            breathing=self.breathing,
            equipment=tuple(self.equipment),
            regress_to=self.regress_to,
            progress_to=self.progress_to,
            flags=frozenset(self.flags),
            video=self.video,
            phase_words=self.phase_words,
        )


class ExercisesFile(_Strict):
    version: int = Field(ge=1)
    source: str
    exercise: list[ExerciseModel]


class ChainModel(_Strict):
    chain: Chain
    name: str
    levels: list[str] = Field(min_length=1, max_length=5)


class TemplatesModel(_Strict):
    warmup: list[str]
    core: list[Chain]
    function_a: Chain
    function_b: Chain
    carry: Chain
    carry_from_level: int = Field(ge=1, le=5)
    optional: list[Chain]
    cooldown_options: list[str]
    breathing_min: float = Field(gt=0, le=5)
    leg_extra: list[str]
    flare: list[str]
    flare_optional: list[str]
    snack: list[str]
    sessions_per_week: int = Field(ge=1, le=7)
    maintenance_sessions_per_week: int = Field(ge=1, le=7)
    maintenance_after_week: int = Field(ge=1)


class ChainsFile(_Strict):
    version: int = Field(ge=1)
    source: str
    chain: list[ChainModel]
    templates: TemplatesModel


class MessagesFile(_Strict):
    version: int = Field(ge=1)
    reasons: dict[str, str]
    events: dict[str, str]


def _build(exercises: ExercisesFile, chains: ChainsFile) -> Library:
    specs: dict[str, ExerciseSpec] = {}
    for model in exercises.exercise:
        if model.id in specs:
            raise ContentError(f"duplicate exercise id {model.id}")
        specs[model.id] = model.to_spec()
    for spec in specs.values():
        for ref in (spec.regress_to, spec.progress_to):
            if ref is not None and ref not in specs:
                raise ContentError(f"{spec.id} refers to unknown exercise {ref}")
    chain_specs: dict[Chain, ChainSpec] = {}
    for cm in chains.chain:
        if cm.chain in chain_specs:
            raise ContentError(f"duplicate chain {cm.chain}")
        if len(cm.levels) != CHAIN_LEVELS[cm.chain]:
            raise ContentError(
                f"chain {cm.chain} has {len(cm.levels)} levels, expected {CHAIN_LEVELS[cm.chain]}"
            )
        chain_specs[cm.chain] = ChainSpec(cm.chain, tuple(cm.levels), cm.name)
    t = chains.templates
    for ex_id in (*t.warmup, *t.cooldown_options, *t.leg_extra, *t.flare, *t.snack):
        if ex_id not in specs:
            raise ContentError(f"session template names unknown exercise {ex_id}")
    templates = SessionTemplates(
        warmup=tuple(t.warmup),
        core=tuple(t.core),
        function_a=t.function_a,
        function_b=t.function_b,
        carry=t.carry,
        carry_from_level=t.carry_from_level,
        optional=tuple(t.optional),
        cooldown_options=tuple(t.cooldown_options),
        breathing_min=t.breathing_min,
        leg_extra=tuple(t.leg_extra),
        flare=tuple(t.flare),
        flare_optional=tuple(t.flare_optional),
        snack=tuple(t.snack),
        sessions_per_week=t.sessions_per_week,
        maintenance_sessions_per_week=t.maintenance_sessions_per_week,
        maintenance_after_week=t.maintenance_after_week,
    )
    try:
        return Library(exercises=specs, chains=chain_specs, templates=templates)
    except ValueError as exc:
        raise ContentError(str(exc)) from exc


@cache
def load_library() -> Library:
    """Read and validate the exercise and chain content; cached for the life of the process."""
    return _build(load_model(EXERCISES_FILE, ExercisesFile), load_model(CHAINS_FILE, ChainsFile))


@cache
def load_progression_messages() -> MessagesFile:
    """Words for every reason and event code of the progression engine."""
    return load_model(MESSAGES_FILE, MessagesFile)


def placeholders(template: str) -> set[str]:
    """The ``{name}`` placeholders of a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
