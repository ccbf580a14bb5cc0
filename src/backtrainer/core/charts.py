"""History records in, plot series out (the Progress page and the clinician report draw these).

Pure functions over frozen dataclasses: no matplotlib, Qt, SQL or clock. ``today`` and the range are arguments.
The words for verdict and reason codes are chosen by the callers (services / UI); core returns codes and numbers.

Clinical anchors: the weekly pain mean and the MCID of 2 points or 30% (ref 3.1), the MCIDs and bands of each
questionnaire (ref 3.3-3.8), flare-up spans (ref 6.7), adherence = sessions done / planned (ref 8.5), level/step
paths with the rule that fired (ref 6.5, 6.6, 8.5), and centralisation of the distal-most leg segment (ref 2.4 BM10).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from backtrainer.core import instruments as ins
from backtrainer.core.bodymap import REGIONS, BodyMap, MarkedRegion, distal_depth
from backtrainer.core.chart_range import Range, range_start

__all__ = [
    "BODY_BOXES",
    "AdherenceSeries",
    "BodyMapPanel",
    "BodyMapSeries",
    "CalendarCell",
    "CellState",
    "ChainPath",
    "CheckinPoint",
    "DecisionMarker",
    "DecisionPoint",
    "FlareSpan",
    "LoadSeries",
    "MapInput",
    "OutcomeSeries",
    "PainSeries",
    "QuestionnairePoint",
    "Range",
    "SessionPoint",
    "adherence_series",
    "body_map_series",
    "flare_spans",
    "load_series",
    "outcome_series",
    "pain_baseline",
    "pain_series",
    "range_start",
    "rolling_mean",
]

# ---------------------------------------------------------------------------------------------------------------------
# Range
# ---------------------------------------------------------------------------------------------------------------------


# The range selector lives in a module of its own (core.chart_range): the Progress page needs it when it is built,
# the series only once its history has been read.
def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# ---------------------------------------------------------------------------------------------------------------------
# Inputs (plain records built by services.progress from the store)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckinPoint:
    day: date
    morning: int | None = None
    leg: int | None = None
    worst: int | None = None


@dataclass(frozen=True, slots=True)
class SessionPoint:
    day: date
    completed: bool
    counts: bool = True
    kind: str = "standard"


@dataclass(frozen=True, slots=True)
class QuestionnairePoint:
    instrument: str
    day: date
    score: float | None
    band: str | None = None
    raw: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    """A stored progression decision (event kind "decision") or a plan start (kind "plan_start")."""

    day: date
    chain: str
    action: str
    from_level: int | None
    from_step: int | None
    to_level: int | None
    to_step: int | None
    reasons: tuple[str, ...] = ()
    params: Mapping[str, object] = field(default_factory=dict)
    exercise_id: str | None = None


@dataclass(frozen=True, slots=True)
class MapInput:
    day: date
    context: str
    regions: tuple[tuple[str, int | None, tuple[str, ...]], ...]  # (region id, intensity, qualities)


# ---------------------------------------------------------------------------------------------------------------------
# Pain trend (ref 3.1, 6.4, 6.7)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlareSpan:
    start: date
    end: date  # last day shown as part of the flare (today for a flare still going on)
    ongoing: bool = False


@dataclass(frozen=True, slots=True)
class PainSeries:
    """Daily morning pain over the range with its 7-day mean, flare spans, baseline and the MCID line."""

    days: tuple[date, ...]
    morning: tuple[int | None, ...]
    mean7: tuple[float | None, ...]
    leg: tuple[int | None, ...] | None  # None when the leg-pain pathway is off
    flares: tuple[FlareSpan, ...]
    baseline: float | None  # first valid weekly mean of the whole history (ref 3.1), else the baseline rating
    mcid_line: float | None  # a weekly mean at or below this is a real improvement (2 points or 30%)
    latest_week: float | None  # mean of the last 7 days (needs >= 4 values)
    change: ins.ScoreChange | None
    verdict: str | None  # nprs_improved_mcid | nprs_improved_small | nprs_no_change | nprs_higher
    points: float | None  # size of the change for the verdict's {points}

    @property
    def empty(self) -> bool:
        return not any(v is not None for v in self.morning)


def rolling_mean(values: Sequence[int | None], window: int = ins.NPRS_WEEK_DAYS,
                 min_values: int = ins.NPRS_WEEKLY_MIN_VALUES) -> list[float | None]:
    """Trailing mean over ``window`` days ignoring missing days; None where fewer than ``min_values`` (ref 3.1)."""
    out: list[float | None] = []
    total = 0
    count = 0
    for i, value in enumerate(values):
        if value is not None:
            total += value
            count += 1
        if i >= window:
            old = values[i - window]
            if old is not None:
                total -= old
                count -= 1
        out.append(total / count if count >= min_values else None)
    return out


def pain_baseline(checkins: Sequence[CheckinPoint], fallback: float | None = None) -> float | None:
    """The first valid weekly mean of morning pain (7 days from the first rating, >= 4 values), else ``fallback``."""
    mornings = [c for c in checkins if c.morning is not None]
    if mornings:
        first = min(c.day for c in mornings)
        week = [c.morning for c in mornings if 0 <= (c.day - first).days < ins.NPRS_WEEK_DAYS]
        mean = ins.weekly_nprs_mean(week)
        if mean is not None:
            return round(mean, 4)
    return fallback


def mcid_line(baseline: float) -> float:
    """The weekly mean that counts as a real improvement: baseline minus the smaller of 2 points and 30% (ref 3.1)."""
    return max(0.0, baseline - min(ins.NPRS_MCID_POINTS, ins.NPRS_MCID_FRACTION * baseline))


def flare_spans(events: Iterable[tuple[date, str]], today: date) -> list[FlareSpan]:
    """Pair ("flare_start" / "flare_end") events into spans; an unclosed start runs to ``today``."""
    spans: list[FlareSpan] = []
    start: date | None = None
    for day, kind in sorted(events):
        if kind == "flare_start":
            if start is None:
                start = day
        elif kind == "flare_end" and start is not None:
            spans.append(FlareSpan(start, max(start, day)))
            start = None
    if start is not None:
        spans.append(FlareSpan(start, max(start, today), ongoing=True))
    return spans


def _nprs_verdict(change: ins.ScoreChange) -> tuple[str, float]:
    points = round(abs(change.change), 1)
    if change.meets_mcid:
        return "nprs_improved_mcid", points
    if change.improvement >= 0.5:
        return "nprs_improved_small", points
    if change.improvement <= -0.5:
        return "nprs_higher", points
    return "nprs_no_change", points


def pain_series(
    checkins: Sequence[CheckinPoint],
    flare_events: Iterable[tuple[date, str]],
    *,
    today: date,
    start: date,
    leg_pathway: bool = False,
    baseline_rating: float | None = None,
) -> PainSeries:
    """Daily series from ``start`` to ``today``. The 7-day mean uses days before ``start`` too (no edge dip)."""
    by_day = {c.day: c for c in checkins}
    first = min(by_day, default=start)
    lead = min(first, start)
    all_days = _days(lead, today) if lead <= today else []
    morning_all = [by_day[d].morning if d in by_day else None for d in all_days]
    mean_all = rolling_mean(morning_all)
    offset = (start - lead).days
    days = tuple(all_days[offset:])
    morning = tuple(morning_all[offset:])
    mean7 = tuple(None if m is None else round(m, 4) for m in mean_all[offset:])
    leg: tuple[int | None, ...] | None = None
    if leg_pathway or any(c.leg is not None for c in checkins):
        leg = tuple(by_day[d].leg if d in by_day else None for d in days)
    spans = [s for s in flare_spans(flare_events, today) if s.end >= start and s.start <= today]
    spans = [FlareSpan(max(s.start, start), min(s.end, today), s.ongoing) for s in spans]
    baseline = pain_baseline(checkins, baseline_rating)
    last_week = [by_day[d].morning if d in by_day else None for d in _days(today - timedelta(days=6), today)]
    latest = ins.weekly_nprs_mean(last_week)
    change = verdict = points = None
    if baseline is not None and latest is not None:
        change = ins.nprs_change(baseline, latest)
        verdict, points = _nprs_verdict(change)
    return PainSeries(
        days=days, morning=morning, mean7=mean7, leg=leg, flares=tuple(spans), baseline=baseline,
        mcid_line=None if baseline is None else round(mcid_line(baseline), 4),
        latest_week=None if latest is None else round(latest, 4), change=change, verdict=verdict, points=points,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Outcomes over time (ref 3.3-3.8)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    key: str  # label key in messages/assessment.toml [labels.<instrument>]


@dataclass(frozen=True, slots=True)
class OutcomeSeries:
    instrument: str
    days: tuple[date, ...]
    scores: tuple[float, ...]
    bands: tuple[Band, ...]
    score_range: tuple[float, float]
    higher_is_better: bool
    baseline: float | None
    latest: float | None
    mcid_line: float | None  # the score that would be a real improvement from baseline; None without an MCID
    meets_mcid: bool
    worse_by_mcid: bool
    verdict: str | None  # a key of [verdicts] (services fall back to neutral words for keys that are missing)
    points: float | None
    latest_band: str | None


_OUTCOME_ORDER: tuple[str, ...] = ("ODI", "RMDQ", "PSFS", "PSEQ", "PSEQ2", "TSK11", "FABQ_PA")
_PREFIX: Mapping[str, str] = {"ODI": "odi", "RMDQ": "rmdq", "PSFS": "psfs", "PSEQ": "pseq", "PSEQ2": "pseq2",
                              "TSK11": "tsk11", "FABQ_PA": "fabq_pa"}
_BANDS: Mapping[str, tuple[Band, ...]] = {
    # 3.3 ODI bands (Fairbank & Pynsent 2000) [S]
    "ODI": (Band(0, 20, "minimal"), Band(20, 40, "moderate"), Band(40, 60, "severe"), Band(60, 80, "crippled"),
            Band(80, 100, "bed_bound")),
    # 3.6 PSEQ ePPOC bands [S] (band edges between whole scores)
    "PSEQ": (Band(0, 19.5, "severe"), Band(19.5, 30.5, "moderate"), Band(30.5, 40.5, "mild"),
             Band(40.5, 60, "minimal")),
    # 3.7 FABQ-PA > 14 marks high fear-avoidance beliefs (George et al. 2008) [S]
    "FABQ_PA": (Band(0, 14.5, "not_high"), Band(14.5, 24, "high")),
}
_RANGES: Mapping[str, tuple[float, float]] = {
    "ODI": (0, 100), "RMDQ": (0, 24), "PSFS": (0, 10), "PSEQ": (0, 60), "PSEQ2": (0, 12), "TSK11": (11, 44),
    "FABQ_PA": (0, 24),
}
_HIGHER_BETTER = frozenset({"PSFS", "PSEQ", "PSEQ2"})


def _psfs_ratings(raw: Mapping[str, object]) -> dict[str, int] | None:
    acts = raw.get("activities")
    if not isinstance(acts, list):
        return None
    out: dict[str, int] = {}
    for a in acts:
        if isinstance(a, Mapping) and isinstance(a.get("rating"), int):
            rating = a["rating"]
            assert isinstance(rating, int)
            out[str(a.get("key") or a.get("name"))] = rating
    return out or None


def _outcome_change(instrument: str, first: QuestionnairePoint, last: QuestionnairePoint
                    ) -> tuple[float | None, bool, bool, str | None, float | None]:
    """(mcid_line, meets, worse_by_mcid, verdict, points) between baseline and latest."""
    assert first.score is not None and last.score is not None
    b, f = first.score, last.score
    prefix = _PREFIX[instrument]
    if instrument == "PSEQ":
        pc = ins.pseq_change(int(b), int(f))
        target = min(60.0, b + ins.PSEQ_MCID_POINTS)
        if pc.improved:
            return target, True, False, "pseq_improved_significant", float(abs(pc.change))
        worse = pc.clinically_significant and not pc.improved
        return target, False, worse, "pseq_changed_small" if pc.change else "pseq_no_change", float(abs(pc.change))
    change: ins.ScoreChange | None = None
    line: float | None = None
    if instrument == "ODI":
        change = ins.odi_change(b, f)
        line = b - min(ins.ODI_MCID_POINTS, ins.ODI_MCID_FRACTION * b)
    elif instrument == "RMDQ":
        change = ins.rmdq_change(b, f)
        line = b - min(ins.RMDQ_MCID_POINTS, ins.RMDQ_MCID_FRACTION * b)
    elif instrument == "PSFS":
        base, follow = _psfs_ratings(first.raw), _psfs_ratings(last.raw)
        if base and follow and all(k in follow for k in base) and 3 <= len(base) <= 5:
            change = ins.psfs_change(base, follow)  # original activities only (ref 3.5)
        else:
            diff = round(f - b, 6) + 0.0
            change = ins.ScoreChange("PSFS", b, f, diff, diff, None, diff >= ins.PSFS_MCID_POINTS - 1e-9,
                                     -diff >= ins.PSFS_MCID_POINTS - 1e-9)
        line = min(10.0, change.baseline + ins.PSFS_MCID_POINTS)
    elif instrument == "TSK11":
        change = ins.tsk11_change(int(b), int(f))
        line = b - ins.TSK11_MCID_POINTS
    if change is None:  # PSEQ-2, FABQ-PA: no established MCID, trend only (ref 3.6, 3.7)
        diff = f - b
        improvement = diff if instrument in _HIGHER_BETTER else -diff
        key = "improved_small" if improvement > 0 else "higher" if improvement < 0 else "no_change"
        return None, False, False, f"{prefix}_{key}", round(abs(diff), 1)
    points = round(abs(change.change), 1)
    if change.meets_mcid:
        key = "improved_mcid"
    elif change.improvement > 0:
        key = "improved_small"
    elif change.improvement < 0:
        key = "higher" if instrument in ("ODI", "RMDQ", "TSK11") else "lower"
    else:
        key = "no_change"
    return None if line is None else round(line, 4), change.meets_mcid, change.worse_by_mcid, f"{prefix}_{key}", points


def outcome_series(points: Sequence[QuestionnairePoint], *, start: date, today: date) -> list[OutcomeSeries]:
    """One series per outcome measure with any score. Baseline = the first score ever; the plot shows the range.

    STarT Back is a prognostic tool, not an outcome (ref 3.2), and pain is drawn by :func:`pain_series`.
    """
    out: list[OutcomeSeries] = []
    for instrument in _OUTCOME_ORDER:
        scored = sorted((p for p in points if p.instrument == instrument and p.score is not None),
                        key=lambda p: p.day)
        if not scored:
            continue
        shown = [p for p in scored if start <= p.day <= today]
        first, last = scored[0], scored[-1]
        line: float | None = None
        meets = worse = False
        verdict: str | None = None
        size: float | None = None
        if len(scored) >= 2:
            line, meets, worse, verdict, size = _outcome_change(instrument, first, last)
        out.append(OutcomeSeries(
            instrument=instrument, days=tuple(p.day for p in shown),
            scores=tuple(float(p.score) for p in shown if p.score is not None), bands=_BANDS.get(instrument, ()),
            score_range=_RANGES[instrument], higher_is_better=instrument in _HIGHER_BETTER,
            baseline=first.score, latest=last.score, mcid_line=line, meets_mcid=meets, worse_by_mcid=worse,
            verdict=verdict, points=size, latest_band=last.band,
        ))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Adherence (ref 8.5 "sessions done / planned")
# ---------------------------------------------------------------------------------------------------------------------


class CellState(StrEnum):
    DONE = "done"  # a completed session
    PARTIAL = "partial"  # started, not finished
    MISSED = "missed"  # a planned day without a session
    REST = "rest"  # not a planned day
    OUTSIDE = "outside"  # before the plan started or after today


@dataclass(frozen=True, slots=True)
class CalendarCell:
    day: date
    week: int  # column: weeks since the Monday of the first shown week
    weekday: int  # row: 0 = Monday
    state: CellState
    sessions: int


@dataclass(frozen=True, slots=True)
class AdherenceSeries:
    cells: tuple[CalendarCell, ...]
    week_starts: tuple[date, ...]  # Monday of each column
    weekly_done: tuple[int, ...]
    weekly_planned: tuple[int, ...]
    weekly_pct: tuple[float | None, ...]  # None for weeks before the plan started
    streak_weeks: int  # full weeks in a row with every planned session done (this week counts once it is met)
    total_done: int
    total_planned: int
    overall_pct: float | None


def adherence_series(
    sessions: Sequence[SessionPoint],
    *,
    start: date,
    today: date,
    plan_start: date | None,
    per_week: int = 3,
    planned_weekdays: frozenset[int] = frozenset(),
) -> AdherenceSeries:
    """Calendar cells from the Monday of ``start``'s week to ``today``, weekly % and the weekly streak.

    ``planned_weekdays`` (0 = Monday) marks missed days; without it the calendar shows done and rest only and
    each week is judged on the count alone (``per_week``).
    """
    per_week = max(1, per_week)
    done_by_day: dict[date, int] = {}
    partial_days: set[date] = set()
    for s in sessions:
        if s.completed:
            done_by_day[s.day] = done_by_day.get(s.day, 0) + 1
        else:
            partial_days.add(s.day)
    if plan_start is None:
        plan_start = min(done_by_day, default=None) or min(partial_days, default=None)
    monday = start - timedelta(days=start.weekday())
    cells: list[CalendarCell] = []
    for i, day in enumerate(_days(monday, today)):
        if day < start or plan_start is None or day < plan_start:
            state = CellState.DONE if day in done_by_day else CellState.OUTSIDE
        elif day in done_by_day:
            state = CellState.DONE
        elif day in partial_days:
            state = CellState.PARTIAL
        elif day.weekday() in planned_weekdays and day < today:
            state = CellState.MISSED
        else:
            state = CellState.REST
        cells.append(CalendarCell(day, i // 7, day.weekday(), state, done_by_day.get(day, 0)))
    weeks = (today - monday).days // 7 + 1
    week_starts = tuple(monday + timedelta(weeks=w) for w in range(weeks))
    done_w: list[int] = []
    planned_w: list[int] = []
    pct_w: list[float | None] = []
    for ws in week_starts:
        done = sum(done_by_day.get(ws + timedelta(days=k), 0) for k in range(7))
        done_w.append(done)
        if plan_start is None or ws + timedelta(days=6) < plan_start:
            planned_w.append(0)
            pct_w.append(None)
            continue
        planned_w.append(per_week)
        pct_w.append(round(100.0 * min(done, per_week) / per_week, 1))
    # Streak over the whole history, not just the range: weeks in a row that met the plan.
    streak = _streak(done_by_day, today, plan_start, per_week)
    total_planned = sum(planned_w)
    total_done = sum(min(d, p) for d, p in zip(done_w, planned_w))
    overall = round(100.0 * total_done / total_planned, 1) if total_planned else None
    return AdherenceSeries(tuple(cells), week_starts, tuple(done_w), tuple(planned_w), tuple(pct_w), streak,
                           total_done, total_planned, overall)


def _streak(done_by_day: Mapping[date, int], today: date, plan_start: date | None, per_week: int) -> int:
    if plan_start is None:
        return 0
    monday = today - timedelta(days=today.weekday())

    def week_done(ws: date) -> int:
        return sum(done_by_day.get(ws + timedelta(days=k), 0) for k in range(7))

    streak = 1 if week_done(monday) >= per_week else 0  # the current week counts only once it is met
    ws = monday - timedelta(weeks=1)
    while ws + timedelta(days=6) >= plan_start and week_done(ws) >= per_week:
        streak += 1
        ws -= timedelta(weeks=1)
    return streak


# ---------------------------------------------------------------------------------------------------------------------
# Load: level/step path per chain with decision markers (ref 6.5, 6.6)
# ---------------------------------------------------------------------------------------------------------------------

STEPS_PER_LEVEL = 6  # steps S0-S5 of every dose ladder (ref 6.5)
_MARKED_ACTIONS = frozenset({"PROGRESS", "REGRESS_STEP", "REGRESS_LEVEL", "DELOAD", "PAUSE", "LOCK", "FLARE"})


@dataclass(frozen=True, slots=True)
class DecisionMarker:
    day: date
    y: float
    action: str
    from_level: int | None
    from_step: int | None
    to_level: int | None
    to_step: int | None
    reasons: tuple[str, ...]
    params: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class ChainPath:
    chain: str
    days: tuple[date, ...]  # step-plot vertices (a value holds until the next day)
    y: tuple[float, ...]  # level + step / STEPS_PER_LEVEL
    level: int | None  # current
    step: int | None
    markers: tuple[DecisionMarker, ...]


@dataclass(frozen=True, slots=True)
class LoadSeries:
    chains: tuple[ChainPath, ...]
    max_level: int


def position(level: int, step: int) -> float:
    """Plot height of a (level, step): levels are whole numbers, steps fill the space up to the next level."""
    return level + min(max(step, 0), STEPS_PER_LEVEL - 1) / STEPS_PER_LEVEL


def load_series(
    decisions: Sequence[DecisionPoint],
    current: Mapping[str, tuple[int, int]],
    *,
    start: date,
    today: date,
    chain_order: Sequence[str] = (),
) -> LoadSeries:
    """Per chain: a step path of (level, step) from the plan start through every change, and markers for the
    decisions that moved or paused a chain (HOLD decisions are not marked: they would hide the changes)."""
    by_chain: dict[str, list[DecisionPoint]] = {}
    for d in sorted(decisions, key=lambda d: d.day):
        by_chain.setdefault(d.chain, []).append(d)
    names = [c for c in chain_order if c in by_chain or c in current]
    names += sorted(c for c in {*by_chain, *current} if c not in names)
    paths: list[ChainPath] = []
    max_level = 1
    for chain in names:
        days: list[date] = []
        ys: list[float] = []
        markers: list[DecisionMarker] = []
        level: int | None = None
        step: int | None = None
        for d in by_chain.get(chain, []):
            if level is None and d.from_level is not None:
                level, step = d.from_level, d.from_step or 0
                days.append(d.day)
                ys.append(position(level, step))
            if d.to_level is not None:
                new = (d.to_level, d.to_step or 0)
                if (level, step) != new:
                    level, step = new
                    days.append(d.day)
                    ys.append(position(level, step))
            if d.action in _MARKED_ACTIONS and start <= d.day <= today and d.to_level is not None:
                markers.append(DecisionMarker(d.day, position(d.to_level, d.to_step or 0), d.action, d.from_level,
                                              d.from_step, d.to_level, d.to_step, d.reasons, d.params))
        if chain in current:
            cur = current[chain]
            if level is None or (level, step) != cur:
                days.append(max(days[-1], start) if days else start)
                ys.append(position(*cur))
            level, step = cur
        if not days:
            continue
        # Clip to the range: the value in force at ``start`` starts the shown path; extend the last value to today.
        clipped_days: list[date] = []
        clipped_y: list[float] = []
        before = [i for i, d in enumerate(days) if d < start]
        if before:
            clipped_days.append(start)
            clipped_y.append(ys[before[-1]])
        for vertex, y in zip(days, ys):
            if start <= vertex <= today:
                clipped_days.append(vertex)
                clipped_y.append(y)
        if clipped_days and clipped_days[-1] < today:
            clipped_days.append(today)
            clipped_y.append(clipped_y[-1])
        max_level = max(max_level, *(int(y) for y in ys))
        paths.append(ChainPath(chain, tuple(clipped_days), tuple(clipped_y), level, step, tuple(markers)))
    return LoadSeries(tuple(paths), max_level)


# ---------------------------------------------------------------------------------------------------------------------
# Body maps over time (ref 2.4 BM09/BM10)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyMapPanel:
    day: date
    context: str
    regions: tuple[tuple[str, int | None, bool], ...]  # (region id, intensity, has a nerve-type quality)
    depth_left: int | None  # distal-most leg segment depth (0 buttock/groin ... 4 foot)
    depth_right: int | None
    movement: str  # "first" | "up" (centralising) | "down" (spreading) | "same"


@dataclass(frozen=True, slots=True)
class BodyMapSeries:
    panels: tuple[BodyMapPanel, ...]
    total: int  # maps in the range (panels may be a sample)


_NEURO = frozenset({"BURNING", "PINS_NEEDLES", "NUMB", "SHOOTING"})


def _depths(regions: Sequence[tuple[str, int | None, tuple[str, ...]]]) -> tuple[int | None, int | None]:
    marked = tuple(MarkedRegion(rid) for rid, _, _ in regions if rid in REGIONS)
    m = BodyMap(marked)
    return distal_depth(m, "L"), distal_depth(m, "R")


def _movement(prev: tuple[int | None, int | None] | None, cur: tuple[int | None, int | None]) -> str:
    if prev is None:
        return "first"
    up = down = False
    for p, c in zip(prev, cur):
        pv = -1 if p is None else p
        cv = -1 if c is None else c
        up = up or cv < pv
        down = down or cv > pv
    if down:
        return "down"
    return "up" if up else "same"


def body_map_series(maps: Sequence[MapInput], *, start: date, today: date, max_panels: int = 8) -> BodyMapSeries:
    """Small multiples: the first map in the range, the latest, and evenly spaced ones between (at most
    ``max_panels``). ``movement`` compares each panel with the map saved just before it (not the previous panel)."""
    ordered = sorted(maps, key=lambda m: m.day)
    depth_all = [_depths(m.regions) for m in ordered]
    in_range = [i for i, m in enumerate(ordered) if start <= m.day <= today]
    if len(in_range) > max_panels >= 2:
        n = len(in_range)
        picks = sorted({in_range[round(k * (n - 1) / (max_panels - 1))] for k in range(max_panels)})
    else:
        picks = in_range
    panels = []
    for i in picks:
        m = ordered[i]
        regions = tuple((rid, inten, bool(_NEURO & set(q))) for rid, inten, q in m.regions if rid in REGIONS)
        prev = depth_all[i - 1] if i > 0 else None
        panels.append(BodyMapPanel(m.day, m.context, regions, depth_all[i][0], depth_all[i][1],
                                   _movement(prev, depth_all[i])))
    return BodyMapSeries(tuple(panels), len(in_range))


# (x, y, width, height) in a 100 x 200 box, y downwards; the user's left is on the viewer's left (back view).
BODY_BOXES: Mapping[tuple[str, str], tuple[float, float, float, float]] = {
    ("upper", "C"): (38, 4, 24, 24),  # head and neck
    ("upper", "L"): (10, 34, 16, 52),  # shoulder and arm
    ("upper", "R"): (74, 34, 16, 52),
    ("thoracic", "C"): (28, 32, 44, 28),
    ("trunk_front", "C"): (28, 60, 44, 10),
    ("lumbar", "L"): (28, 70, 14, 20),
    ("lumbar", "C"): (42, 70, 16, 20),
    ("lumbar", "R"): (58, 70, 14, 20),
    ("buttock", "L"): (28, 90, 22, 16),
    ("buttock", "R"): (50, 90, 22, 16),
    ("groin", "L"): (28, 90, 22, 16),
    ("groin", "R"): (50, 90, 22, 16),
    ("saddle", "C"): (45, 100, 10, 8),
    ("thigh", "L"): (30, 106, 18, 34),
    ("thigh", "R"): (52, 106, 18, 34),
    ("knee", "L"): (31, 140, 16, 10),
    ("knee", "R"): (53, 140, 16, 10),
    ("below_knee", "L"): (32, 150, 14, 34),
    ("below_knee", "R"): (54, 150, 14, 34),
    ("foot", "L"): (30, 184, 18, 10),
    ("foot", "R"): (52, 184, 18, 10),
}
def body_box_key(region_id: str) -> tuple[str, str]:
    spec = REGIONS[region_id]
    side = spec.side if (spec.segment, spec.side) in BODY_BOXES else "C"
    if (spec.segment, side) not in BODY_BOXES:
        side = "L" if spec.side == "L" else "R"
    return spec.segment, side




def body_outline() -> list[tuple[float, float, float, float]]:
    """The boxes of the schematic back view drawn unmarked under every panel (each box once)."""
    seen: list[tuple[float, float, float, float]] = []
    for key, box in BODY_BOXES.items():
        if box not in seen and key[0] not in ("groin", "saddle", "trunk_front"):
            seen.append(box)
    return seen


def body_shading(panel: BodyMapPanel) -> list[tuple[tuple[float, float, float, float], int, bool]]:
    """(box, strongest intensity 0-10, any nerve-type quality) of each body part marked on a panel (a region marked
    without an intensity counts as 5)."""
    strongest: dict[tuple[str, str], tuple[int, bool]] = {}
    for rid, intensity, neuro in panel.regions:
        key = body_box_key(rid)
        value, had = strongest.get(key, (0, False))
        strongest[key] = (max(value, intensity if intensity is not None else 5), had or neuro)
    return [(BODY_BOXES[key], min(10, max(0, value)), neuro) for key, (value, neuro) in strongest.items()]
