"""When to suggest contacting a clinician (non-emergency), clinical reference 6.10 items 2-8.

Item 1 (a ``CLINICIAN_SOON`` red flag) belongs to the screening module and is not handled here. The triggers are
product decisions [PD] built on ICSI 2018 (re-evaluate persistent or progressive symptoms) and NICE NG59
(stratified care) [S]. Everything arrives as arguments, today's date included; the result is a tuple of reason
codes (keys of :data:`REASON_CODES`), worded in ``content/messages/assessment.toml``. The message is a suggestion
with a "print/export summary for my clinician" button; the plan continues.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backtrainer.core.chains import CHAIN_LEVELS, CORE_CHAINS, Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.instruments import (
    NPRS_MCID_POINTS,
    ODI_MCID_POINTS,
    PSFS_MCID_POINTS,
    RMDQ_MCID_POINTS,
    nprs_change,
    weekly_nprs_mean,
)

__all__ = [
    "ADHERENCE_MIN_SESSIONS_PER_WEEK",
    "REASON_CODES",
    "DatedRating",
    "Flare",
    "OutcomeCheck",
    "Regression",
    "clinician_contact_triggers",
    "program_week",
    "weekly_nprs_mean",
]

# ---------------------------------------------------------------------------------------------------------------------
# Thresholds (6.10 [PD]; MCIDs from section 3 [S]). review_week_no_improvement comes from ClinicalConfig.
# ---------------------------------------------------------------------------------------------------------------------

ADHERENCE_MIN_SESSIONS_PER_WEEK = 2.0  # 6.10 item 3: average adherence >= 2 sessions/week [PD]
WORSE_CONSECUTIVE_CHECKS = 2  # 6.10 item 4: worse by the MCID on 2 consecutive weekly checks [PD]
WORSENING_WEEKS_IN_ROW = 2  # 6.10 item 5 / 6.4: two WORSENING weeks in a row [PD]
FLARE_LONG_ABOVE_DAYS = 7  # 6.10 item 5 / 6.7: a flare lasting > 7 days [PD]
FLARES_MANY = 3  # 6.10 item 5 / 6.7: >= 3 flares ... [PD]
FLARE_WINDOW_DAYS = 28  # ... in 28 days [PD]
LEG_PAIN_HIGH_AT_LEAST = 7  # 6.10 item 6: leg pain >= 7/10 ... [PD]
LEG_PAIN_HIGH_ABOVE_DAYS = 7  # ... for more than a week [PD]
LEG_NO_IMPROVEMENT_AFTER_DAYS = 28  # 6.10 item 6: no improvement in leg pain after 4 weeks [PD]
REGRESSIONS_MANY = 3  # 6.10 item 7: >= 3 regressions in the same chain ... [PD]
REGRESSION_WINDOW_DAYS = 21  # ... within 21 days [PD]
CORE_AT_L1_MANY = 3  # 6.10 item 7: >= 3 core chains still at L1 ... [PD]
CORE_AT_L1_AFTER_DAYS = 28  # ... after 4 weeks [PD]
PSEQ_SEVERE_AT_MOST = 19  # 6.10 item 8 / 3.6: PSEQ severe band <= 19 (ePPOC) [S]
PSEQ_REVIEW_WEEK = 6  # 6.10 item 8: at week 6 [PD]
WEEK_DAYS = 7

REASON_CODES: Mapping[str, tuple[str, ...]] = {
    "REVIEW-STARTBACK-HIGH": (),  # item 2
    "REVIEW-NO-IMPROVEMENT": (),  # item 3
    "REVIEW-WORSE-THAN-BASELINE": (),  # item 4
    "REVIEW-WORSENING-WEEKS": (),  # item 5
    "REVIEW-LONG-FLARE": (),  # item 5
    "REVIEW-FREQUENT-FLARES": (),  # item 5
    "REVIEW-LEG-PAIN-HIGH": (),  # item 6
    "REVIEW-LEG-NOT-IMPROVING": (),  # item 6
    "REVIEW-STUCK-REGRESSIONS": (),  # item 7
    "REVIEW-STUCK-CORE-L1": (),  # item 7
    "REVIEW-LOW-CONFIDENCE": (),  # item 8
}
"""Every code :func:`clinician_contact_triggers` can return, in the order it returns them."""


@dataclass(frozen=True, slots=True)
class OutcomeCheck:
    """Outcome values of one check. ``week`` 0 is the baseline; missing measures are ``None``.

    ``nprs_mean`` is the weekly mean of morning pain (3.1, see :func:`weekly_nprs_mean`).
    """

    week: int
    nprs_mean: float | None = None
    odi_percent: float | None = None
    rmdq: float | None = None
    psfs: float | None = None
    pseq: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.week, bool) or not isinstance(self.week, int) or not 0 <= self.week <= 520:
            raise ValueError(f"week must be a whole number from 0, got {self.week!r}")
        for name, high in (("nprs_mean", 10), ("odi_percent", 100), ("rmdq", 24), ("psfs", 10), ("pseq", 60)):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise ValueError(f"{name} must be a number, got {value!r}")
            if not 0 <= value <= high:
                raise ValueError(f"{name} must be from 0 to {high}, got {value!r}")
        if self.pseq is not None and not isinstance(self.pseq, int):
            raise ValueError(f"pseq must be a whole number, got {self.pseq!r}")


@dataclass(frozen=True, slots=True)
class Flare:
    """A flare-up episode (6.7). ``end`` is its last day (inclusive); ``None`` while it is still going on."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"flare ends ({self.end}) before it starts ({self.start})")

    def days(self, today: date) -> int:
        """Days the flare lasted (or has lasted so far), counting the first and last day."""
        last = self.end if self.end is not None else today
        return (last - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Regression:
    """A regression event (6.5 REGRESS_STEP / REGRESS_LEVEL) of one chain on one day."""

    day: date
    chain: Chain


@dataclass(frozen=True, slots=True)
class DatedRating:
    """One 0-10 rating on a day (used for the daily ``leg_now`` pain of the leg-pain pathway)."""

    day: date
    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or not 0 <= self.value <= 10:
            raise ValueError(f"rating must be a whole number from 0 to 10, got {self.value!r}")


def program_week(today: date, program_start: date) -> int:
    """Program week of ``today``: days 0-6 after the start are week 1."""
    if today < program_start:
        raise ValueError(f"today ({today}) is before the program start ({program_start})")
    return (today - program_start).days // WEEK_DAYS + 1


def _mean_between(ratings: Sequence[DatedRating], first: date, last: date) -> float | None:
    """3.1-style weekly mean of the ratings dated first..last (one per day, latest wins); None if < 4 days."""
    by_day: dict[date, int] = {}
    for r in sorted(ratings, key=lambda r: r.day):
        if first <= r.day <= last:
            by_day[r.day] = r.value
    values: list[int | None] = list(by_day.values())
    return weekly_nprs_mean(values)


def _no_meaningful_improvement(baseline: OutcomeCheck, latest: OutcomeCheck) -> bool | None:
    """6.10 item 3 conditions; None when pain (the main measure) cannot be compared."""
    if baseline.nprs_mean is None or latest.nprs_mean is None:
        return None
    # 3.1 pain MCID: >= 2 points or >= 30% (Ostelo et al. 2008) [S]
    if nprs_change(baseline.nprs_mean, latest.nprs_mean).meets_mcid:
        return False
    # 6.10 item 3: disability not improved by its MCID "ODI < 10 points, RMDQ < 5 points" [PD on 3.3/3.4 [S]].
    # A measure taken at only one of the two times gives no evidence of improvement (cautious reading) [PD].
    odi = (baseline.odi_percent, latest.odi_percent)
    if odi[0] is not None and odi[1] is not None and odi[0] - odi[1] >= ODI_MCID_POINTS:
        return False
    rmdq = (baseline.rmdq, latest.rmdq)
    if rmdq[0] is not None and rmdq[1] is not None and rmdq[0] - rmdq[1] >= RMDQ_MCID_POINTS:
        return False
    # 6.10 item 3: PSFS < 2 points (3.5 MCID) [PD]
    psfs = (baseline.psfs, latest.psfs)
    return not (psfs[0] is not None and psfs[1] is not None and psfs[1] - psfs[0] >= PSFS_MCID_POINTS)


def _worse_on_consecutive_checks(baseline: OutcomeCheck, checks: Sequence[OutcomeCheck]) -> bool:
    """6.10 item 4: the two most recent checks of a measure are both worse than baseline by its MCID."""
    for name, mcid in (("nprs_mean", NPRS_MCID_POINTS), ("odi_percent", ODI_MCID_POINTS), ("rmdq", RMDQ_MCID_POINTS)):
        base = getattr(baseline, name)
        if base is None:
            continue
        values = [getattr(c, name) for c in checks if getattr(c, name) is not None]
        recent = values[-WORSE_CONSECUTIVE_CHECKS:]
        if len(recent) == WORSE_CONSECUTIVE_CHECKS and all(v - base >= mcid - 1e-9 for v in recent):
            return True
    return False


def _leg_pain_high_for_over_a_week(ratings: Sequence[DatedRating], today: date) -> bool:
    """6.10 item 6: an unbroken run of leg ratings >= 7 spanning more than 7 days and still current."""
    ordered = sorted((r for r in ratings if r.day <= today), key=lambda r: r.day)
    if not ordered or ordered[-1].value < LEG_PAIN_HIGH_AT_LEAST:
        return False
    if (today - ordered[-1].day).days > WEEK_DAYS:  # stale: no rating in the last week
        return False
    run_start = ordered[-1].day
    for r in reversed(ordered):
        if r.value < LEG_PAIN_HIGH_AT_LEAST:
            break
        run_start = r.day
    return (ordered[-1].day - run_start).days >= LEG_PAIN_HIGH_ABOVE_DAYS


def clinician_contact_triggers(
    *,
    today: date,
    program_start: date,
    baseline: OutcomeCheck | None = None,
    checks: Sequence[OutcomeCheck] = (),
    adherence_per_week: float | None = None,
    start_back_risk: str | None = None,
    worsening_weeks_in_row: int = 0,
    flares: Sequence[Flare] = (),
    leg_pathway: bool = False,
    leg_pain: Sequence[DatedRating] = (),
    regressions: Sequence[Regression] = (),
    chain_levels: Mapping[Chain, int] | None = None,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> tuple[str, ...]:
    """Reason codes of the 6.10 items 2-8 that apply today (empty tuple: no suggestion).

    Args:
        today / program_start: dates (no clock is read).
        baseline: the week-0 outcome values (weekly NPRS mean, ODI or RMDQ, PSFS, PSEQ).
        checks: later outcome checks (week >= 1), any order.
        adherence_per_week: average completed sessions per week so far.
        start_back_risk: "low" | "medium" | "high" at baseline.
        worsening_weeks_in_row: consecutive ``WORSENING`` weekly trends (6.4) up to now.
        flares: flare-up episodes (6.7).
        leg_pathway / leg_pain: leg-pain pathway on, and the daily ``leg_now`` ratings.
        regressions: regression events per chain.
        chain_levels: current level of each chain (core chains at least, for item 7).
        config: ``review_week_no_improvement`` (default 6, Appendix B).
    """
    if today < program_start:
        raise ValueError(f"today ({today}) is before the program start ({program_start})")
    if start_back_risk is not None and start_back_risk not in ("low", "medium", "high"):
        raise ValueError(f"start_back_risk must be 'low', 'medium' or 'high', got {start_back_risk!r}")
    if adherence_per_week is not None and (
        isinstance(adherence_per_week, bool)
        or not isinstance(adherence_per_week, (int, float))
        or math.isnan(adherence_per_week)
        or adherence_per_week < 0
    ):
        raise ValueError(f"adherence_per_week must be a number >= 0, got {adherence_per_week!r}")
    if isinstance(worsening_weeks_in_row, bool) or not isinstance(worsening_weeks_in_row, int):
        raise ValueError(f"worsening_weeks_in_row must be a whole number, got {worsening_weeks_in_row!r}")
    if worsening_weeks_in_row < 0:
        raise ValueError(f"worsening_weeks_in_row must be >= 0, got {worsening_weeks_in_row}")
    for f in flares:
        if f.start > today or (f.end is not None and f.end > today):
            raise ValueError(f"flare {f} lies after today ({today})")
    if chain_levels is not None:
        for chain, level in chain_levels.items():
            top = CHAIN_LEVELS[Chain(chain)]
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= top:
                raise ValueError(f"level of {chain} must be 1-{top}, got {level!r}")
    ordered = sorted((c for c in checks if c.week > 0), key=lambda c: c.week)
    days_in = (today - program_start).days
    found: list[str] = []

    # 6.10 item 2: STarT Back HIGH at baseline (NICE NG59 1.1.3) [S]
    if start_back_risk == "high":
        found.append("REVIEW-STARTBACK-HIGH")

    # 6.10 item 3: no meaningful improvement by week N (config, default 6) with adherence >= 2/week [PD]
    due = [c for c in ordered if c.week >= config.review_week_no_improvement]
    if (
        baseline is not None
        and due
        and adherence_per_week is not None
        and adherence_per_week >= ADHERENCE_MIN_SESSIONS_PER_WEEK
        and _no_meaningful_improvement(baseline, due[-1])
    ):
        found.append("REVIEW-NO-IMPROVEMENT")

    # 6.10 item 4: worse than baseline by the MCID on 2 consecutive checks (NPRS +2, ODI +10, RMDQ +5) [PD]
    if baseline is not None and _worse_on_consecutive_checks(baseline, ordered):
        found.append("REVIEW-WORSE-THAN-BASELINE")

    # 6.10 item 5: two WORSENING weeks in a row (6.4) [PD]
    if worsening_weeks_in_row >= WORSENING_WEEKS_IN_ROW:
        found.append("REVIEW-WORSENING-WEEKS")
    # 6.10 item 5 / 6.7: a flare lasting > 7 days (current, or ended within the flare window) [PD]
    recent = [f for f in flares if f.end is None or (today - f.end).days < FLARE_WINDOW_DAYS]
    if any(f.days(today) > FLARE_LONG_ABOVE_DAYS for f in recent):
        found.append("REVIEW-LONG-FLARE")
    # 6.10 item 5 / 6.7: >= 3 flares starting within the last 28 days [PD]
    if sum(1 for f in flares if (today - f.start).days < FLARE_WINDOW_DAYS) >= FLARES_MANY:
        found.append("REVIEW-FREQUENT-FLARES")

    # 6.10 item 6: leg-pain pathway only [PD]
    if leg_pathway:
        if _leg_pain_high_for_over_a_week(leg_pain, today):
            found.append("REVIEW-LEG-PAIN-HIGH")
        if days_in >= LEG_NO_IMPROVEMENT_AFTER_DAYS:
            first_week = _mean_between(leg_pain, program_start, program_start + timedelta(days=WEEK_DAYS - 1))
            last_week = _mean_between(leg_pain, today - timedelta(days=WEEK_DAYS - 1), today)
            # "No improvement" read as: not improved by the NPRS MCID (2 points or 30%, 3.1) while leg pain
            # remains (cautious reading, for clinician review) [PD]
            if (
                first_week is not None
                and last_week is not None
                and last_week > 0
                and not nprs_change(first_week, last_week).meets_mcid
            ):
                found.append("REVIEW-LEG-NOT-IMPROVING")

    # 6.10 item 7: >= 3 regressions in the same chain within 21 days [PD]
    per_chain: dict[Chain, int] = {}
    for r in regressions:
        if 0 <= (today - r.day).days < REGRESSION_WINDOW_DAYS:
            per_chain[r.chain] = per_chain.get(r.chain, 0) + 1
    if any(n >= REGRESSIONS_MANY for n in per_chain.values()):
        found.append("REVIEW-STUCK-REGRESSIONS")
    # 6.10 item 7: >= 3 core chains (MC, QX, LAT, GLU) still at L1 after 4 weeks [PD]
    if chain_levels is not None and days_in >= CORE_AT_L1_AFTER_DAYS:
        at_l1 = sum(1 for c in CORE_CHAINS if chain_levels.get(c) == 1)
        if at_l1 >= CORE_AT_L1_MANY:
            found.append("REVIEW-STUCK-CORE-L1")

    # 6.10 item 8: PSEQ in the severe band (<= 19) at week 6 or later [S band; trigger PD]
    pseq_checks = [c for c in ordered if c.pseq is not None and c.week >= PSEQ_REVIEW_WEEK]
    if pseq_checks and pseq_checks[-1].pseq is not None and pseq_checks[-1].pseq <= PSEQ_SEVERE_AT_MOST:
        found.append("REVIEW-LOW-CONFIDENCE")

    return tuple(found)
