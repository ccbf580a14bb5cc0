"""The exercise library as plain frozen data (clinical reference sections 5.0-5.9).

No file I/O here: :mod:`backtrainer.content.exercises` reads the TOML content and builds a :class:`Library`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from backtrainer.core.chains import CHAIN_LEVELS, Chain
from backtrainer.core.progression_ladder import Dose, Ladder, Tempo

# Exercise flags (content vocabulary).
FLAG_NEEDS_BAND = "needs_band"  # LT-02: hidden if the user has no band (ref 5.0)
FLAG_SUPPORT_VARIANT = "support_variant"  # SUPPORT modifier: shown with hand support (ref 6.9)
FLAG_PRONE = "prone"  # lying face down; PX offered only if comfortable (ref 4.8)
FLAG_LEG_PATHWAY_ONLY = "leg_pathway_only"  # MO-05 (ref 5.5)
FLAG_FLEXION_LOADED = "flexion_loaded"  # BM09 untagged default: hinge/flexion-loaded (ref 2.4)
FLAG_EXTENSION = "extension"  # BM09 untagged default: extension exercises (ref 2.4)
FLAG_WALKING = "walking"  # WK-01 (ref 5.7)
KNOWN_FLAGS: frozenset[str] = frozenset(
    {
        FLAG_NEEDS_BAND,
        FLAG_SUPPORT_VARIANT,
        FLAG_PRONE,
        FLAG_LEG_PATHWAY_ONLY,
        FLAG_FLEXION_LOADED,
        FLAG_EXTENSION,
        FLAG_WALKING,
    }
)


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """One exercise (one level variant) of section 5."""

    id: str
    family: str
    name: str
    chain: Chain | None
    level: int | None
    ladder: Ladder
    base: Dose
    per_side: bool
    tempo: Tempo | None
    cycle_s: float | None = None  # gait cycle for carries and walking (no tempo)
    target: str = ""
    start_position: str = ""
    cues: tuple[str, ...] = ()
    more_tips: tuple[str, ...] = ()
    breathing: str = ""
    equipment: tuple[str, ...] = ()
    regress_to: str | None = None
    progress_to: str | None = None
    flags: frozenset[str] = frozenset()
    video: str = ""
    # The exercise's own words for the three tempo phases (move, hold, return) when "Lift" and "Lower" would be
    # wrong, as on knee rocks ("To the side", "Back to the middle"); None: lift, hold, lower.
    phase_words: tuple[str, str, str] | None = None

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True, slots=True)
class ChainSpec:
    """A progression chain of section 5.8: ``levels[0]`` is L1."""

    chain: Chain
    levels: tuple[str, ...]
    name: str = ""

    @property
    def top(self) -> int:
        return len(self.levels)


@dataclass(frozen=True, slots=True)
class SessionTemplates:
    """Session templates of section 5.9 [PD] (exercise ids and chains)."""

    warmup: tuple[str, ...] = ("MO-01", "MO-02")
    core: tuple[Chain, ...] = (Chain.MC, Chain.QX, Chain.LAT, Chain.GLU)
    function_a: Chain = Chain.HNG
    function_b: Chain = Chain.SQT
    carry: Chain = Chain.CAR
    carry_from_level: int = 3
    optional: tuple[Chain, ...] = (Chain.ANT, Chain.PX, Chain.ABD, Chain.AR)
    cooldown_options: tuple[str, ...] = ("MO-04", "MO-03a")
    breathing_min: float = 1.0
    leg_extra: tuple[str, ...] = ("MO-05",)
    flare: tuple[str, ...] = ("MO-01", "MO-02", "MO-03a", "MC-01")
    flare_optional: tuple[str, ...] = ("MO-03a",)  # "if comfortable"
    snack: tuple[str, ...] = ("MO-01", "MO-02")
    sessions_per_week: int = 3
    maintenance_sessions_per_week: int = 2
    maintenance_after_week: int = 12


class LibraryError(ValueError):
    """The library data is inconsistent."""


@dataclass(frozen=True)
class Library:
    """All exercises and chains, with lookups."""

    exercises: Mapping[str, ExerciseSpec]
    chains: Mapping[Chain, ChainSpec]
    templates: SessionTemplates = field(default_factory=SessionTemplates)

    def __post_init__(self) -> None:
        for chain, spec in self.chains.items():
            if spec.chain is not chain:
                raise LibraryError(f"chain key {chain} holds spec for {spec.chain}")
            for level, ex_id in enumerate(spec.levels, start=1):
                ex = self.exercises.get(ex_id)
                if ex is None:
                    raise LibraryError(f"chain {chain} L{level} names unknown exercise {ex_id}")
                if ex.chain is not chain or ex.level != level:
                    raise LibraryError(
                        f"{ex_id} is {ex.chain} L{ex.level}, but chain {chain} lists it at L{level}"
                    )

    def exercise(self, exercise_id: str) -> ExerciseSpec:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise KeyError(f"unknown exercise {exercise_id!r}") from None

    def chain(self, chain: Chain) -> ChainSpec:
        try:
            return self.chains[chain]
        except KeyError:
            raise KeyError(f"chain {chain} is not in the library") from None

    def levels(self, chain: Chain) -> int:
        return self.chains[chain].top if chain in self.chains else CHAIN_LEVELS[chain]

    def at(self, chain: Chain, level: int) -> ExerciseSpec:
        spec = self.chain(chain)
        if not 1 <= level <= spec.top:
            raise ValueError(f"chain {chain} has no level {level}")
        return self.exercises[spec.levels[level - 1]]

    def with_flag(self, flag: str) -> tuple[ExerciseSpec, ...]:
        return tuple(ex for ex in self.exercises.values() if flag in ex.flags)
