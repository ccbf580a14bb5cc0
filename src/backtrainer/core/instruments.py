"""Questionnaire scoring (clinical reference section 3).

Pure functions: raw responses in, frozen results out. No item text lives here; scoring works on numbers and
option keys only (section 0.2), so it can be tested with the vectors of 3.9 without any licensed wording.

Every scorer validates its input and raises ``ValueError`` with a plain message when a response is missing, out
of range or of the wrong type. Scores are stored with the scoring-algorithm version of :data:`SCORING_VERSION`
(3.0 "General data rules").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig

# ---------------------------------------------------------------------------------------------------------------------
# Instrument ids and scoring versions (3.0: store the scoring-algorithm version with every score) [PD]
# ---------------------------------------------------------------------------------------------------------------------

NPRS_SCORING_VERSION = "NPRS_11/1"
START_BACK_SCORING_VERSION = "SBST_9/1"
ODI_SCORING_VERSION = "ODI_2.1a/1"
RMDQ_SCORING_VERSION = "RMDQ_24/1"
PSFS_SCORING_VERSION = "PSFS/1"
PSEQ_SCORING_VERSION = "PSEQ_10/1"
PSEQ2_SCORING_VERSION = "PSEQ_2/1"
FABQ_PA_SCORING_VERSION = "FABQ_PA/1"
TSK11_SCORING_VERSION = "TSK_11/1"

SCORING_VERSION: Mapping[str, str] = {
    "NPRS": NPRS_SCORING_VERSION,
    "STARTBACK": START_BACK_SCORING_VERSION,
    "ODI": ODI_SCORING_VERSION,
    "RMDQ": RMDQ_SCORING_VERSION,
    "PSFS": PSFS_SCORING_VERSION,
    "PSEQ": PSEQ_SCORING_VERSION,
    "PSEQ2": PSEQ2_SCORING_VERSION,
    "FABQ_PA": FABQ_PA_SCORING_VERSION,
    "TSK11": TSK11_SCORING_VERSION,
}
"""Scoring-algorithm version per instrument id; bump the ``/n`` suffix whenever a scorer's output can change."""

# ---------------------------------------------------------------------------------------------------------------------
# Thresholds that rest on published sources ([S]) or are product decisions ([PD])
# ---------------------------------------------------------------------------------------------------------------------

NPRS_MCID_POINTS = 2.0  # 3.1 MCID 2 points (Ostelo et al. 2008) [S]
NPRS_MCID_FRACTION = 0.30  # 3.1 or a 30% reduction from baseline (Ostelo et al. 2008) [S]
NPRS_WEEKLY_MIN_VALUES = 4  # 3.1 a weekly mean needs >= 4 morning values [PD]
NPRS_WEEK_DAYS = 7  # 3.1 weekly summary = mean of the 7 morning values [PD]

ODI_SECTIONS = 10  # 3.3 ten sections (Fairbank & Pynsent 2000) [S]
ODI_MCID_POINTS = 10.0  # 3.3 MCID 10 points (Ostelo et al. 2008) [S]
ODI_MCID_FRACTION = 0.30  # 3.3 or 30% (Ostelo et al. 2008) [S]

RMDQ_ITEMS = 24  # 3.4 24 items (Roland & Morris 1983) [S]
RMDQ_MCID_POINTS = 5.0  # 3.4 MCID 5 points (Ostelo et al. 2008) [S]
RMDQ_MCID_FRACTION = 0.30  # 3.4 or 30% (Ostelo et al. 2008) [S]

PSFS_MIN_ACTIVITIES = 3  # 3.5 the user names 3 to 5 activities [S: Stratford et al. 1995, verify]
PSFS_MAX_ACTIVITIES = 5
PSFS_MCID_POINTS = 2.0  # 3.5 about 2 points for the mean score (Stratford et al. 1995; from general knowledge, verify)

PSEQ_ITEMS = 10  # 3.6 ten items, 0-6 (Nicholas 2007) [S]
PSEQ2_ITEMS = 2  # 3.6 PSEQ-2 (Nicholas, McGuire & Asghari 2015) [S]
PSEQ_MCID_POINTS = 7.0  # 3.6 ePPOC: change >= 7 points together with a band change [S]

FABQ_PA_ITEMS = 5  # 3.7 items 1-5 asked (Waddell et al. 1993) [S]
FABQ_PA_SCORED_ITEMS = (2, 3, 4, 5)  # 3.7 FABQ-PA = items 2-5; item 1 not scored [S]
FABQ_PA_HIGH_ABOVE = 14  # 3.7 FABQ-PA > 14 marks high fear-avoidance beliefs (George et al. 2008) [S]

TSK11_ITEMS = 11  # 3.8 (Woby et al. 2005; from general knowledge, verify)
TSK11_MCID_POINTS = 4.0  # 3.8 about 4 points (Woby et al. 2005; from general knowledge, verify)

START_BACK_ITEMS_1_8 = 8  # 3.2 Keele item order (Hill et al. 2008) [S]
START_BACK_PSYCHOSOCIAL_ITEMS = (5, 6, 7, 8)  # 3.2 subscore = items 5-9 (Keele item order) [S]
START_BACK_HIGH_SUBSCORE = 4  # 3.2 subscore 4-5 -> HIGH [S]
START_BACK_MEDIUM_OVERALL = 4  # 3.2 overall 4-9 with subscore 0-3 -> MEDIUM [S]

_EPS = 1e-9  # tolerance for float comparisons of derived values


# ---------------------------------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------------------------------


def _as_sequence(values: object, name: str) -> Sequence[object]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be a list of answers, got {type(values).__name__}")
    return values


def _check_length(values: Sequence[object], expected: int, name: str) -> None:
    if len(values) != expected:
        raise ValueError(f"{name} needs exactly {expected} answers, got {len(values)}")


def _check_int(value: object, low: int, high: int, what: str, *, allow_bool: bool = False) -> int:
    if isinstance(value, bool):
        if not allow_bool:
            raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
        return int(value)
    if not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low} to {high}, got {value}")
    return value


def _check_number(value: object, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number from {low:g} to {high:g}, got {value!r}")
    number = float(value)
    if number != number or not low <= number <= high:  # NaN fails the first test
        raise ValueError(f"{what} must be from {low:g} to {high:g}, got {value!r}")
    return number


def _int_items(values: object, count: int, low: int, high: int, name: str, *, allow_bool: bool = False) -> list[int]:
    seq = _as_sequence(values, name)
    _check_length(seq, count, name)
    return [_check_int(v, low, high, f"{name} item {i}", allow_bool=allow_bool) for i, v in enumerate(seq, start=1)]


# ---------------------------------------------------------------------------------------------------------------------
# Change / MCID
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """Change between a baseline and a follow-up score.

    ``improvement`` is positive when the person is better, whatever the direction of the scale.
    ``percent_improvement`` is ``improvement / baseline * 100`` (``None`` when the baseline is 0 or when the
    instrument has no percentage rule). ``meets_mcid`` means improved by at least the MCID; ``worse_by_mcid`` means
    worse by at least the MCID in points (the rule of 6.10 item 4).
    """

    instrument: str
    baseline: float
    follow_up: float
    change: float
    improvement: float
    percent_improvement: float | None
    meets_mcid: bool
    worse_by_mcid: bool


def _change(
    instrument: str,
    baseline: float,
    follow_up: float,
    *,
    higher_is_better: bool,
    mcid_points: float,
    mcid_fraction: float | None,
) -> ScoreChange:
    change = round(follow_up - baseline, 6)
    improvement = change if higher_is_better else -change
    improvement = round(improvement, 6) + 0.0  # drop a negative zero
    percent: float | None = None
    meets = improvement >= mcid_points - _EPS
    if mcid_fraction is not None and baseline > 0:
        percent = round(100.0 * improvement / baseline, 4)
        meets = meets or improvement >= mcid_fraction * baseline - _EPS
    return ScoreChange(
        instrument=instrument,
        baseline=baseline,
        follow_up=follow_up,
        change=change,
        improvement=improvement,
        percent_improvement=percent,
        meets_mcid=meets and improvement > 0,
        worse_by_mcid=-improvement >= mcid_points - _EPS,
    )


# ---------------------------------------------------------------------------------------------------------------------
# NPRS (3.1)
# ---------------------------------------------------------------------------------------------------------------------


class NprsBand(StrEnum):
    """Display band of 3.1 (1-3 mild, 4-6 moderate, 7-10 severe; from general knowledge, verify). Display only."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


@dataclass(frozen=True, slots=True)
class NprsScore:
    value: int
    band: NprsBand


def nprs_band(value: float) -> NprsBand:
    """Display band for a rating or a mean; 0 is "none". Never used for decisions (3.1)."""
    number = _check_number(value, 0, 10, "pain rating")
    # 3.1 display bands: 1-3 mild, 4-6 moderate, 7-10 severe (from general knowledge, verify)
    if number <= 0:
        return NprsBand.NONE
    if number < 4:
        return NprsBand.MILD
    if number < 7:
        return NprsBand.MODERATE
    return NprsBand.SEVERE


def score_nprs(value: int) -> NprsScore:
    """Score one 0-10 pain rating (3.1: the chosen integer)."""
    rating = _check_int(value, 0, 10, "pain rating")
    return NprsScore(value=rating, band=nprs_band(rating))


def weekly_nprs_mean(morning_values: Sequence[int | None]) -> float | None:
    """Mean of up to 7 daily morning ratings, ignoring missing days; ``None`` if fewer than 4 (3.1) [PD]."""
    seq = _as_sequence(morning_values, "morning ratings")
    if len(seq) > NPRS_WEEK_DAYS:
        raise ValueError(f"a week has at most {NPRS_WEEK_DAYS} morning ratings, got {len(seq)}")
    present = [_check_int(v, 0, 10, f"morning rating {i}") for i, v in enumerate(seq, 1) if v is not None]
    # 3.1 require >= 4 values for a valid weekly mean [PD]
    if len(present) < NPRS_WEEKLY_MIN_VALUES:
        return None
    return sum(present) / len(present)


def nprs_change(baseline: float, follow_up: float) -> ScoreChange:
    """Pain change; MCID = 2 points or 30% reduction from baseline (3.1, Ostelo et al. 2008) [S]."""
    b = _check_number(baseline, 0, 10, "baseline pain")
    f = _check_number(follow_up, 0, 10, "follow-up pain")
    return _change("NPRS", b, f, higher_is_better=False, mcid_points=NPRS_MCID_POINTS, mcid_fraction=NPRS_MCID_FRACTION)


# ---------------------------------------------------------------------------------------------------------------------
# STarT Back (3.2)
# ---------------------------------------------------------------------------------------------------------------------


class StartBackRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


START_BACK_ITEM9_KEYS: tuple[str, ...] = ("not_at_all", "slightly", "moderately", "very_much", "extremely")
# 3.2 item 9: "very much" or "extremely" = 1, the other three = 0 (Keele scoring) [S]
_START_BACK_ITEM9_SCORE: Mapping[str, int] = {
    "not_at_all": 0,
    "slightly": 0,
    "moderately": 0,
    "very_much": 1,
    "extremely": 1,
}


@dataclass(frozen=True, slots=True)
class StartBackScore:
    overall: int
    psychosocial: int
    risk: StartBackRisk


def score_start_back(items_1_8: Sequence[int], item9: str) -> StartBackScore:
    """Score the Keele STarT Back Screening Tool (3.2, Hill et al. 2008) [S].

    ``items_1_8``: 1 = agree, 0 = disagree, in Keele item order. ``item9``: one of :data:`START_BACK_ITEM9_KEYS`.
    All 9 answers are required; there is no prorating (3.2 missing data [PD]).
    """
    items = _int_items(items_1_8, START_BACK_ITEMS_1_8, 0, 1, "STarT Back", allow_bool=True)
    if not isinstance(item9, str) or item9 not in _START_BACK_ITEM9_SCORE:
        raise ValueError(f"STarT Back item 9 must be one of {', '.join(START_BACK_ITEM9_KEYS)}; got {item9!r}")
    i9 = _START_BACK_ITEM9_SCORE[item9]
    overall = sum(items) + i9  # 3.2 overall = items 1-9 [S]
    psychosocial = sum(items[n - 1] for n in START_BACK_PSYCHOSOCIAL_ITEMS) + i9  # 3.2 subscore items 5-9 [S]
    # 3.2 risk rule (Keele): sub >= 4 HIGH; else overall >= 4 MEDIUM; else LOW [S]
    if psychosocial >= START_BACK_HIGH_SUBSCORE:
        risk = StartBackRisk.HIGH
    elif overall >= START_BACK_MEDIUM_OVERALL:
        risk = StartBackRisk.MEDIUM
    else:
        risk = StartBackRisk.LOW
    return StartBackScore(overall=overall, psychosocial=psychosocial, risk=risk)


# ---------------------------------------------------------------------------------------------------------------------
# ODI 2.1a (3.3)
# ---------------------------------------------------------------------------------------------------------------------


class OdiBand(StrEnum):
    """Clinician bands of 3.3 (Fairbank & Pynsent 2000) [S]. Patient-facing labels live in content."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLED = "crippled"
    BED_BOUND = "bed_bound"


@dataclass(frozen=True, slots=True)
class OdiScore:
    """``percent`` is rounded to 1 decimal; ``None`` (with ``band`` None) when too few sections were answered."""

    percent: float | None
    band: OdiBand | None
    answered: int

    @property
    def incomplete(self) -> bool:
        return self.percent is None


def odi_band(percent: float) -> OdiBand:
    """Band of an (unrounded) ODI percentage, 3.3 (Fairbank & Pynsent 2000) [S]."""
    pct = _check_number(percent, 0, 100, "ODI percentage")
    if pct <= 20:
        return OdiBand.MINIMAL
    if pct <= 40:
        return OdiBand.MODERATE
    if pct <= 60:
        return OdiBand.SEVERE
    if pct <= 80:
        return OdiBand.CRIPPLED
    return OdiBand.BED_BOUND


def score_odi(
    sections: Sequence[int | None],
    *,
    config: ClinicalConfig | None = None,
    min_answered: int | None = None,
) -> OdiScore:
    """Score the Oswestry Disability Index 2.1a (3.3).

    ``sections``: 10 entries, each 0-5 or ``None`` for unanswered (section 8 "prefer not to answer" is ``None``).
    ``min_answered`` overrides ``config.odi_min_answered`` (default 8, Appendix B).
    """
    seq = _as_sequence(sections, "ODI")
    _check_length(seq, ODI_SECTIONS, "ODI")
    if min_answered is None:
        min_answered = (config or DEFAULT_CONFIG).odi_min_answered
    need = _check_int(min_answered, 1, ODI_SECTIONS, "minimum answered ODI sections")
    answered = [_check_int(v, 0, 5, f"ODI section {i}") for i, v in enumerate(seq, 1) if v is not None]
    # 3.3 minimum answered sections, default 8 of 10 (Appendix B odi_min_answered) [PD]
    if len(answered) < need:
        return OdiScore(percent=None, band=None, answered=len(answered))
    # 3.3 ODI% = 100 x sum / (5 x answered) (Fairbank & Pynsent 2000) [S]
    pct = 100.0 * sum(answered) / (5 * len(answered))
    # 3.3 band on the unrounded value, display to one decimal [S]
    return OdiScore(percent=round(pct, 1), band=odi_band(pct), answered=len(answered))


def odi_change(baseline_percent: float, follow_up_percent: float) -> ScoreChange:
    """ODI change; MCID = 10 points or 30% (3.3, Ostelo et al. 2008) [S]."""
    b = _check_number(baseline_percent, 0, 100, "baseline ODI")
    f = _check_number(follow_up_percent, 0, 100, "follow-up ODI")
    return _change("ODI", b, f, higher_is_better=False, mcid_points=ODI_MCID_POINTS, mcid_fraction=ODI_MCID_FRACTION)


# ---------------------------------------------------------------------------------------------------------------------
# RMDQ (3.4)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RmdqScore:
    total: int


def score_rmdq(items: Sequence[int | bool]) -> RmdqScore:
    """Roland-Morris: count of "yes" answers, 0-24; all 24 required (3.4) [S]/[PD]."""
    values = _int_items(items, RMDQ_ITEMS, 0, 1, "RMDQ", allow_bool=True)
    return RmdqScore(total=sum(values))


def rmdq_change(baseline: float, follow_up: float) -> ScoreChange:
    """RMDQ change; MCID = 5 points or 30% (3.4, Ostelo et al. 2008) [S]."""
    b = _check_number(baseline, 0, RMDQ_ITEMS, "baseline RMDQ")
    f = _check_number(follow_up, 0, RMDQ_ITEMS, "follow-up RMDQ")
    return _change("RMDQ", b, f, higher_is_better=False, mcid_points=RMDQ_MCID_POINTS, mcid_fraction=RMDQ_MCID_FRACTION)


# ---------------------------------------------------------------------------------------------------------------------
# PSFS (3.5)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PsfsScore:
    """``mean`` is unrounded (display with 2 decimals); ``count`` = number of activities rated."""

    mean: float
    count: int


def _psfs_ratings(ratings: object, name: str) -> list[int]:
    seq = _as_sequence(ratings, name)
    if not PSFS_MIN_ACTIVITIES <= len(seq) <= PSFS_MAX_ACTIVITIES:
        raise ValueError(
            f"{name} needs {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activity ratings, got {len(seq)}"
        )
    return [_check_int(v, 0, 10, f"{name} activity {i}") for i, v in enumerate(seq, 1)]


def score_psfs(ratings: Sequence[int]) -> PsfsScore:
    """PSFS = mean of 3-5 activity ratings, each 0-10 (3.5) [PD]."""
    values = _psfs_ratings(ratings, "PSFS")
    return PsfsScore(mean=sum(values) / len(values), count=len(values))


def psfs_change(
    baseline: Sequence[int] | Mapping[str, int], follow_up: Sequence[int] | Mapping[str, int]
) -> ScoreChange:
    """PSFS change using only the original (baseline) activities (3.5) [PD]; MCID 2 points on the mean.

    Pass either two mappings (activity id -> rating; every baseline activity must be re-rated, new activities are
    ignored) or two lists in the same activity order (extra follow-up entries, i.e. new activities, are ignored).
    """
    if isinstance(baseline, Mapping) != isinstance(follow_up, Mapping):
        raise ValueError("PSFS baseline and follow-up must both be lists or both be activity mappings")
    if isinstance(baseline, Mapping) and isinstance(follow_up, Mapping):
        keys = list(baseline)
        missing = [k for k in keys if k not in follow_up]
        if missing:
            raise ValueError(f"PSFS follow-up is missing original activities: {', '.join(map(str, missing))}")
        base_values = _psfs_ratings([baseline[k] for k in keys], "PSFS baseline")
        follow_values = [_check_int(follow_up[k], 0, 10, f"PSFS follow-up activity {k!r}") for k in keys]
    else:
        base_values = _psfs_ratings(baseline, "PSFS baseline")
        follow_seq = _as_sequence(follow_up, "PSFS follow-up")
        if len(follow_seq) < len(base_values):
            raise ValueError(
                f"PSFS follow-up must re-rate all {len(base_values)} original activities, got {len(follow_seq)}"
            )
        follow_values = [
            _check_int(v, 0, 10, f"PSFS follow-up activity {i}")
            for i, v in enumerate(follow_seq[: len(base_values)], 1)
        ]
    b = sum(base_values) / len(base_values)
    f = sum(follow_values) / len(follow_values)
    # 3.5 MCID about 2 points for the mean (Stratford et al. 1995; from general knowledge, verify)
    return _change("PSFS", b, f, higher_is_better=True, mcid_points=PSFS_MCID_POINTS, mcid_fraction=None)


# ---------------------------------------------------------------------------------------------------------------------
# PSEQ and PSEQ-2 (3.6)
# ---------------------------------------------------------------------------------------------------------------------


class PseqBand(StrEnum):
    """ePPOC bands of 3.6 (impairment of self-efficacy) [S]."""

    SEVERE = "severe"
    MODERATE = "moderate"
    MILD = "mild"
    MINIMAL = "minimal"


@dataclass(frozen=True, slots=True)
class PseqScore:
    total: int
    band: PseqBand


@dataclass(frozen=True, slots=True)
class PseqChange:
    baseline: int
    follow_up: int
    change: int
    baseline_band: PseqBand
    follow_up_band: PseqBand
    clinically_significant: bool  # >= 7 points AND a band change (ePPOC) [S]
    improved: bool


def pseq_band(total: int) -> PseqBand:
    """3.6 ePPOC bands: 0-19 severe, 20-30 moderate, 31-40 mild, 41-60 minimal [S]."""
    value = _check_int(total, 0, 60, "PSEQ total")
    if value <= 19:
        return PseqBand.SEVERE
    if value <= 30:
        return PseqBand.MODERATE
    if value <= 40:
        return PseqBand.MILD
    return PseqBand.MINIMAL


def score_pseq(items: Sequence[int]) -> PseqScore:
    """PSEQ: sum of 10 items 0-6, range 0-60, higher = more confidence; all items required (3.6) [S]/[PD]."""
    values = _int_items(items, PSEQ_ITEMS, 0, 6, "PSEQ")
    total = sum(values)
    return PseqScore(total=total, band=pseq_band(total))


def pseq_change(baseline_total: int, follow_up_total: int) -> PseqChange:
    """ePPOC rule: a change of >= 7 points together with a move to another band is clinically significant (3.6)."""
    b = _check_int(baseline_total, 0, 60, "baseline PSEQ")
    f = _check_int(follow_up_total, 0, 60, "follow-up PSEQ")
    bb, fb = pseq_band(b), pseq_band(f)
    # 3.6 ePPOC: >= 7 points AND band change = clinically significant [S]
    significant = abs(f - b) >= PSEQ_MCID_POINTS and bb != fb
    return PseqChange(
        baseline=b,
        follow_up=f,
        change=f - b,
        baseline_band=bb,
        follow_up_band=fb,
        clinically_significant=significant,
        improved=significant and f > b,
    )


@dataclass(frozen=True, slots=True)
class Pseq2Score:
    total: int


def score_pseq2(items: Sequence[int]) -> Pseq2Score:
    """PSEQ-2: 2 items 0-6, score 0-12; no bands or MCID, trend display only (3.6) [S]."""
    values = _int_items(items, PSEQ2_ITEMS, 0, 6, "PSEQ-2")
    return Pseq2Score(total=sum(values))


# ---------------------------------------------------------------------------------------------------------------------
# FABQ-PA (3.7)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FabqPaScore:
    total: int
    high: bool


def score_fabq_pa(items_1_5: Sequence[int]) -> FabqPaScore:
    """FABQ-PA = items 2+3+4+5 (item 1 asked, not scored), 0-24; high if > 14 (3.7) [S]. No MCID: trend only."""
    values = _int_items(items_1_5, FABQ_PA_ITEMS, 0, 6, "FABQ-PA")
    total = sum(values[n - 1] for n in FABQ_PA_SCORED_ITEMS)  # 3.7 items 2-5 (Waddell et al. 1993) [S]
    return FabqPaScore(total=total, high=total > FABQ_PA_HIGH_ABOVE)  # 3.7 > 14 (George et al. 2008) [S]


# ---------------------------------------------------------------------------------------------------------------------
# TSK-11 (3.8)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tsk11Score:
    total: int


def score_tsk11(items: Sequence[int]) -> Tsk11Score:
    """TSK-11: sum of 11 items 1-4, 11-44, no reverse scoring; all items required (3.8). No cut-off: continuous."""
    values = _int_items(items, TSK11_ITEMS, 1, 4, "TSK-11")
    return Tsk11Score(total=sum(values))


def tsk11_change(baseline: int, follow_up: int) -> ScoreChange:
    """TSK-11 change; MCID about 4 points (3.8, Woby et al. 2005; from general knowledge, verify)."""
    b = _check_int(baseline, 11, 44, "baseline TSK-11")
    f = _check_int(follow_up, 11, 44, "follow-up TSK-11")
    return _change("TSK11", b, f, higher_is_better=False, mcid_points=TSK11_MCID_POINTS, mcid_fraction=None)


SCORING_FUNCTIONS: tuple[str, ...] = (
    "score_nprs",
    "score_start_back",
    "score_odi",
    "score_rmdq",
    "score_psfs",
    "score_pseq",
    "score_pseq2",
    "score_fabq_pa",
    "score_tsk11",
)
"""Names of the public scorers; content metadata refers to these by name."""
