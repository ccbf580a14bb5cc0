"""Usual morning pain, flare-up episodes and the weekly trend (clinical reference 6.3, 6.4, 6.7).

Pure and Qt-free. The engine in :mod:`backtrainer.core.progression` calls :func:`build_timeline` once per
decision.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backtrainer.core.config import ClinicalConfig

# U = median of the last 7 valid morning values (ref 6.3 [PD]).
USUAL_PAIN_WINDOW = 7  # [PD] ref 6.3
# First week: median of the baseline days, minimum 3 (ref 6.3 [PD]).
USUAL_PAIN_MIN_BASELINE = 3  # [PD] ref 6.3
# Flare definition 3: worst_24h >= 8 and >= U + 2 (ref 6.7 [PD]).
FLARE_WORST_24H = 8  # [PD] ref 6.7
FLARE_WORST_24H_DELTA = 2  # [PD] ref 6.7
# Days of check-ins the flare/U scan replays (older days seed U without flare exclusion) [PD], for speed.
FLARE_LOOKBACK_DAYS = 120  # [PD] engineering bound, not clinical
# Escalation: a flare lasting more than 7 days, or morning pain rising on 3 consecutive days (ref 6.7 [PD]).
FLARE_ESCALATE_DAYS = 7  # [PD] ref 6.7
FLARE_RISING_DAYS = 3  # [PD] ref 6.7
# Three or more flares within 28 days -> SLOW and clinician review (ref 6.7, 6.9, 6.10 item 5 [PD]).
FLARES_FOR_SLOW = 3  # [PD] ref 6.7
FLARES_WINDOW_DAYS = 28  # [PD] ref 6.7
# Weekly trend: 7-day means, each needs >= 4 values (ref 6.4 [PD]).
TREND_WEEK_DAYS = 7  # [PD] ref 6.4
TREND_MIN_VALUES = 4  # [PD] ref 6.4


class Trend(StrEnum):
    WORSENING = "WORSENING"
    IMPROVING = "IMPROVING"
    STABLE = "STABLE"


@dataclass(frozen=True, slots=True)
class MorningCheckin:
    """The daily check-in (ref 6.1). ``flare_reported`` is the "I'm having a flare-up" button."""

    date: date
    morning_pain: int | None = None
    avg_24h: int | None = None
    worst_24h: int | None = None
    flare_reported: bool = False


@dataclass(frozen=True, slots=True)
class FlareEpisode:
    """A flare from ``start`` (F0) until ``end`` (the exit day, the first day no longer in the flare)."""

    start: date
    end: date | None = None
    rising: bool = False  # morning pain rose on 3 consecutive days during it

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Timeline:
    """Day-by-day replay of the check-ins up to ``today``."""

    today: date
    start: date
    mornings: Mapping[date, int]
    usual: Mapping[date, float | None]  # U in force on each replayed day (from earlier days)
    seed_usual: float | None  # U for days before ``start``
    episodes: tuple[FlareEpisode, ...]

    def usual_at(self, day: date) -> float | None:
        if day < self.start:
            return self.seed_usual
        if day > self.today:
            return self.usual.get(self.today, self.seed_usual)
        return self.usual.get(day, self.seed_usual)

    def in_flare(self, day: date) -> bool:
        # Episodes are few; newest last.
        return any(ep.contains(day) for ep in reversed(self.episodes))

    @property
    def current(self) -> FlareEpisode | None:
        if self.episodes and self.episodes[-1].contains(self.today):
            return self.episodes[-1]
        return None

    @property
    def last_ended(self) -> FlareEpisode | None:
        for ep in reversed(self.episodes):
            if ep.end is not None and ep.end <= self.today:
                return ep
        return None


def median_usual(values: Iterable[int], fallback: float | None) -> float | None:
    """U from up to 7 valid values (ref 6.3): median if >= 3 values, else ``fallback`` (first pre_pain)."""
    vals = list(values)
    if len(vals) >= USUAL_PAIN_MIN_BASELINE:
        return float(statistics.median(vals))
    if fallback is not None:
        return float(fallback)
    return float(statistics.median(vals)) if vals else None


def build_timeline(
    checkins: Iterable[MorningCheckin],
    *,
    today: date,
    config: ClinicalConfig,
    fallback_pre_pain: int | None = None,
    extra_flare_reports: Iterable[date] = (),
    reset_from: date | None = None,
    lookback_days: int = FLARE_LOOKBACK_DAYS,
) -> Timeline:
    """Replay check-ins day by day: U per day, flare entries and exits (ref 6.3, 6.7).

    ``extra_flare_reports``: days the user answered "Yes" to "Is this a flare-up?" before a session.
    ``reset_from``: U is rebuilt from mornings on or after this day (after a gap >= 28 days, ref 6.8).
    """
    mornings: dict[date, int] = {}
    worst: dict[date, int] = {}
    reports: set[date] = set(extra_flare_reports)
    for c in checkins:
        if c.date > today:
            continue
        if c.morning_pain is not None:
            mornings[c.date] = c.morning_pain
        if c.worst_24h is not None:
            worst[c.date] = c.worst_24h
        if c.flare_reported:
            reports.add(c.date)
    start = today - timedelta(days=lookback_days)
    if reset_from is not None and reset_from > start:
        start = reset_from
    # Seed U with the last valid mornings before the replay window (no flare exclusion there) [PD].
    window: deque[int] = deque(maxlen=USUAL_PAIN_WINDOW)
    before = sorted(d for d in mornings if d < start and (reset_from is None or d >= reset_from))
    for d in before[-USUAL_PAIN_WINDOW:]:
        window.append(mornings[d])
    seed_usual = median_usual(window, fallback_pre_pain)

    usual: dict[date, float | None] = {}
    episodes: list[FlareEpisode] = []
    in_flare = False
    flare_start: date | None = None
    good_streak = 0
    prev_two_day_high = False
    rises = 0
    rising = False
    prev_m: int | None = None
    day = start
    one = timedelta(days=1)
    while day <= today:
        u = median_usual(window, fallback_pre_pain)
        usual[day] = u
        m = mornings.get(day)
        if not in_flare:
            entered = False
            if day in reports:
                entered = True  # flare definition 4: the user says so (ref 6.7)
            elif u is not None:
                if m is not None and m >= u + config.flare_morning_delta_single:
                    entered = True  # flare definition 1: morning >= U + 3 (ref 6.7 [PD])
                elif m is not None and m >= u + config.flare_morning_delta_two_days and prev_two_day_high:
                    entered = (
                        True  # flare definition 2: morning >= U + 2 on 2 consecutive days (ref 6.7 [PD])
                    )
                elif (
                    (w := worst.get(day)) is not None
                    and w >= FLARE_WORST_24H
                    and w >= u + FLARE_WORST_24H_DELTA
                ):
                    entered = True  # flare definition 3: worst_24h >= 8 and >= U + 2 (ref 6.7 [PD])
            if entered:
                in_flare, flare_start, good_streak, rises, rising = True, day, 0, 0, False
                prev_two_day_high = False
            else:
                prev_two_day_high = (
                    m is not None and u is not None and m >= u + config.flare_morning_delta_two_days
                )
                if m is not None:
                    window.append(m)  # U excludes days inside a flare (ref 6.3)
        else:
            # Exit: morning <= U + 1 on 2 consecutive days (ref 6.7 [PD]); a missing day breaks the run.
            if m is not None and u is not None and m <= u + config.flare_exit_margin:
                good_streak += 1
            else:
                good_streak = 0
            if m is not None and prev_m is not None and m > prev_m:
                rises += 1
                if rises >= FLARE_RISING_DAYS:
                    rising = True
            else:
                rises = 0
            if good_streak >= 2:
                assert flare_start is not None
                episodes.append(FlareEpisode(flare_start, day, rising))
                in_flare, flare_start = False, None
                prev_two_day_high = False
                if m is not None:
                    window.append(m)
        prev_m = m
        day += one
    if in_flare:
        assert flare_start is not None
        episodes.append(FlareEpisode(flare_start, None, rising))
    return Timeline(today, start, mornings, usual, seed_usual, tuple(episodes))


def week_mean(mornings: Mapping[date, int], end: date) -> float | None:
    """Mean morning pain over the 7 days ending at ``end`` (inclusive); None with fewer than 4 values."""
    vals = [v for i in range(TREND_WEEK_DAYS) if (v := mornings.get(end - timedelta(days=i))) is not None]
    if len(vals) < TREND_MIN_VALUES:
        return None
    return sum(vals) / len(vals)


def weekly_trend(
    mornings: Mapping[date, int], today: date, config: ClinicalConfig, weeks_back: int = 0
) -> Trend:
    """Trend of the week ending ``weeks_back`` weeks before ``today`` (ref 6.4 [PD]); STABLE if too few
    values."""
    end_now = today - timedelta(days=TREND_WEEK_DAYS * weeks_back)
    now = week_mean(mornings, end_now)
    prev = week_mean(mornings, end_now - timedelta(days=TREND_WEEK_DAYS))
    if now is None or prev is None:
        return Trend.STABLE
    delta = now - prev
    if delta >= config.trend_worsening_delta:
        return Trend.WORSENING
    if delta <= -config.trend_worsening_delta:
        return Trend.IMPROVING
    return Trend.STABLE
