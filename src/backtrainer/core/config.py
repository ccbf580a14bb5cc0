"""Clinician-adjustable thresholds.

Every value here is a product decision tagged [PD] in the clinical reference (Appendix B, "Configuration
defaults"). The defaults are the reference's; a clinician may change them within the stated range. Code that
applies a rule takes a ``ClinicalConfig`` argument instead of a literal, so no threshold is hard-coded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# Allowed ranges, Appendix B. (low, high), inclusive.
_RANGES: dict[str, tuple[float, float]] = {
    "pain_ceiling_C": (3, 6),
    "pre_session_flare_prompt": (6, 8),
    "settled_margin": (0, 2),
    "not_settled_margin": (2, 3),
    "trend_worsening_delta": (0.5, 2.0),
    "rpe_max_for_progress": (4, 6),
    "completion_incomplete_below": (0.5, 0.8),
    "hold_counts_if_pct": (0.8, 1.0),
    "sessions_to_progress": (2, 4),
    "sessions_to_progress_slow": (3, 5),
    "max_progressions_per_session": (1, 3),
    "flare_morning_delta_single": (2, 4),
    "flare_morning_delta_two_days": (2, 3),
    "flare_exit_margin": (0, 2),
    "walk_start_fraction": (0.5, 0.9),
    "walk_weekly_increase": (0.05, 0.20),
    "odi_min_answered": (7, 10),
    "redflag_rescreen_days": (14, 42),
    "review_week_no_improvement": (4, 8),
}


@dataclass(frozen=True, slots=True)
class ClinicalConfig:
    """Thresholds of Appendix B of the clinical reference (all [PD], clinician-adjustable)."""

    pain_ceiling_C: int = 5  # 6.2 pain ceiling C, range 3-6
    pre_session_flare_prompt: int = 7  # 6.2 "Is this a flare-up?" when pre_pain >= this
    settled_margin: int = 1  # 6.3 SETTLED if morning <= U + margin
    not_settled_margin: int = 2  # 6.3 NOT_SETTLED if morning >= U + margin
    trend_worsening_delta: float = 1.0  # 6.4 weekly trend delta
    rpe_max_for_progress: int = 5  # 6.4 progression needs RPE <= this
    completion_incomplete_below: float = 0.70  # 6.4 INCOMPLETE below this fraction
    hold_counts_if_pct: float = 0.90  # 6.1 a hold counts if held >= this fraction of target
    sessions_to_progress: int = 2  # 6.6 rule P
    sessions_to_progress_slow: int = 3  # 6.9 SLOW modifier
    max_progressions_per_session: int = 2  # 6.5 limit
    flare_morning_delta_single: int = 3  # 6.7 flare if morning >= U + this
    flare_morning_delta_two_days: int = 2  # 6.7 flare if morning >= U + this on 2 consecutive days
    flare_exit_margin: int = 1  # 6.7 exit when morning <= U + this on 2 consecutive days
    gap_deload_days: tuple[int, int, int] = (7, 14, 28)  # 6.8 gap bands
    walk_start_fraction: float = 0.8  # 5.7 start quota fraction of baseline
    walk_weekly_increase: float = 0.10  # 5.7 weekly increase
    odi_min_answered: int = 8  # 3.3 minimum answered ODI sections
    redflag_rescreen_days: int = 28  # 1.4 full re-screen interval
    review_week_no_improvement: int = 6  # 6.10 item 3

    def __post_init__(self) -> None:
        for name, (low, high) in _RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"{name}={value} is outside its allowed range {low}-{high}")
        a, b, c = self.gap_deload_days
        if not 1 <= a < b < c:
            raise ValueError(f"gap_deload_days={self.gap_deload_days} must be three increasing day counts")
        # Values that are each in range can still contradict each other (a reviewer's finding):
        # 6.3: a morning cannot be both settled and not settled.
        if self.settled_margin >= self.not_settled_margin:
            raise ValueError("settled_margin must be below not_settled_margin")
        # 6.7: a flare-up must not end on the very mornings that start one.
        if self.flare_exit_margin >= self.flare_morning_delta_two_days:
            raise ValueError("flare_exit_margin must be below flare_morning_delta_two_days")
        # 6.6/6.9: the SLOW modifier never asks for fewer good sessions than the standard rule.
        if self.sessions_to_progress_slow < self.sessions_to_progress:
            raise ValueError("sessions_to_progress_slow must be at least sessions_to_progress")

    def with_changes(self, **changes: Any) -> ClinicalConfig:
        """Return a copy with some values changed (validated)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["gap_deload_days"] = list(self.gap_deload_days)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClinicalConfig:
        """Build from stored values; unknown keys are rejected, missing keys take the defaults."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown configuration keys: {sorted(unknown)}")
        values = dict(data)
        if "gap_deload_days" in values:
            values["gap_deload_days"] = tuple(values["gap_deload_days"])
        return cls(**values)

    @staticmethod
    def allowed_range(name: str) -> tuple[float, float] | None:
        return _RANGES.get(name)


DEFAULT_CONFIG = ClinicalConfig()

# What a clinician may change per patient on the clinic page: every ranged threshold of Appendix B but the pain
# ceiling, which the plan settings set (PlanMeta.custom_ceiling, ref 6.2), and the gap bands (three linked values).
CLINICIAN_EDITABLE: tuple[str, ...] = tuple(name for name in _RANGES if name != "pain_ceiling_C")
