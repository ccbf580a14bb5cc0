"""Self-run movement tests and the first plan (clinical reference sections 4.0-4.8 and 5.7).

The UI records each test into one of the frozen ``*Result`` dataclasses below; :func:`build_first_plan` turns the
results plus a few baseline facts into a :class:`FirstPlan`: a start level and ladder step for every chain, the
modifiers to switch on, the walking quota and the education topics of week 1.

Every decision carries reason codes (keys of :data:`REASON_CODES`, worded in ``content/messages/assessment.toml``)
and a ``params`` mapping with the numbers the wording needs. Tests are not diagnostic: results are a "starting
point" (4.0), never "weak" or "abnormal".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar, TypeAlias

from backtrainer.core.chains import CHAIN_LEVELS, Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.modifiers import Modifier

ParamValue: TypeAlias = str | int | float
Params: TypeAlias = Mapping[str, ParamValue]


class TestId(StrEnum):
    """Ids of the self-run tests (section 4) and the comfortable-walk baseline (5.7)."""

    __test__ = False  # not a pytest test class

    STS = "MT-STS"  # 4.1 five-times sit-to-stand
    SLS = "MT-SLS"  # 4.4 single-leg stance
    HINGE = "MT-HINGE"  # 4.7 hip hinge with a broomstick
    FTF = "MT-FTF"  # 4.5 fingertip-to-floor
    ASLR = "MT-ASLR"  # 4.6 active straight leg raise
    BRIDGE = "MT-BRIDGE"  # 4.2 supine bridge hold
    SIDEBRIDGE = "MT-SIDEBRIDGE"  # 4.3 side bridge hold
    WALK = "MT-WALK"  # 5.7 comfortable walk baseline


# 4.0 test order: standing tests first, lying tests last, endurance holds at the end [PD]
MOVEMENT_TEST_IDS: tuple[str, ...] = tuple(t.value for t in TestId)


class StopReason(StrEnum):
    """Why a test was stopped early (4.0 universal stop rules and the per-test safety notes)."""

    PAIN = "pain"
    PAIN_RISE = "pain_rise"
    LEG_SPREAD = "leg_spread"
    DIZZY = "dizzy"
    SHORT_OF_BREATH = "short_of_breath"
    CHEST_DISCOMFORT = "chest_discomfort"
    UNSAFE = "unsafe"
    SHOULDER_PAIN = "shoulder_pain"  # 4.3
    SHARP_PAIN = "sharp_pain"  # 4.6
    CRAMP = "cramp"  # 4.2
    USER_STOPPED = "user_stopped"


# ---------------------------------------------------------------------------------------------------------------------
# Product-decision thresholds of section 4 (all [PD] unless marked [S]; not in Appendix B, so named constants here)
# ---------------------------------------------------------------------------------------------------------------------

STOP_PAIN_ABOVE = 5  # 4.0 stop if pain rises above 5/10 (pain-monitoring acceptable zone, 6.2) [PD]
STOP_PAIN_RISE_ABOVE = 2  # 4.0 stop if pain rises by more than 2 above the pre-test level [PD]

STS_L3_MAX_S = 10.4  # 4.1 none band <= 10.4 s (Klukowska et al. 2020) [S]; start-level use [PD]
STS_MILD_MAX_S = 15.2  # 4.1 mild 10.5-15.2 s (Klukowska et al. 2020) [S]
STS_MODERATE_MAX_S = 22.0  # 4.1 moderate 15.3-22.0 s, severe > 22.0 s (Klukowska et al. 2020) [S]
STS_EASY_MAX_PAIN = 3  # 4.1 L3 from the mild band if pain stayed <= 3 ... [PD]
STS_EASY_AGE_BELOW = 65  # 4.1 ... and age < 65 [PD]
STS_MAX_S = 300.0  # input sanity limit for a recorded time [PD]

BRIDGE_MAX_S = 180.0  # 4.2 maximum hold 180 s [PD]
BRIDGE_L2_FROM_S = 20.0  # 4.2 table: < 20 s -> L1 [PD]
BRIDGE_QX_FROM_S = 60.0  # 4.2 table: 60-119 s -> QX may start at L2 [PD]
BRIDGE_L3_FROM_S = 120.0  # 4.2 table: >= 120 s -> GLU L3 [PD]
BRIDGE_QX_ASLR_MAX = 2  # 4.2 QX L2 only if ASLR total <= 2 [PD]

SIDEBRIDGE_L2_FROM_S = 10.0  # 4.3 knee version < 10 s either side -> L1 [PD]
SIDEBRIDGE_L3_FROM_S = 45.0  # 4.3 knee version >= 45 s -> L3 [PD]
SIDEBRIDGE_FULL_S2_FROM_S = 30.0  # 4.3 full version >= 30 s both sides -> L3 at step S2 [PD]
SIDEBRIDGE_RATIO_LOW = 0.8  # 4.3 ratio_RL outside 0.8-1.25 -> one extra set on the weaker side [PD]
SIDEBRIDGE_RATIO_HIGH = 1.25
SIDEBRIDGE_MAX_S = 600.0  # input sanity limit [PD]

SLS_MAX_S = 45.0  # 4.4 maximum 45 s (Springer et al. 2007) [S for design]
SLS_MAX_TRIALS = 3  # 4.4 three trials per leg, best kept (Springer et al. 2007) [S for design]
SLS_SUPPORT_BELOW_S = 10.0  # 4.4 < 10 s at any age -> balance_support [PD]
# 4.4 approximate eyes-open best-of-3 values by age (Springer et al. 2007; from general knowledge, verify exact
# values). (lowest age of the band, seconds). Below the value -> balance_support [PD].
SLS_AGE_VALUES: tuple[tuple[int, float], ...] = (
    (18, 43.0),
    (40, 40.0),
    (50, 37.0),
    (60, 27.0),
    (70, 15.0),
    (80, 6.0),
)

FTF_MAX_CM = 150.0  # input sanity limit [PD]
FTF_PAIN_ABOVE = 5  # 4.5 pain during > 5 -> HNG L1 and ED-08 in week 1 [PD]
FTF_FEAR_AT_LEAST = 7  # 4.5 / 6.9 fear_rating >= 7 -> HNG L1, ED-08, FEAR modifier [PD]

ASLR_UNABLE_SCORE = 5  # 4.6 "5 unable to do" (Mens et al. 2001; from general knowledge, verify)

HINGE_REPS = 5  # 4.7 five slow repetitions [PD]
HINGE_PARTIAL_MAX_LOST_REPS = 2  # 4.7 contacts lost in 1-2 reps -> PARTIAL, >= 3 -> FAIL [PD]
HINGE_MAX_PAIN_FOR_L2_PLUS = 3  # 4.7 pain > 3 -> L1; PASS needs pain <= 3 for L3 [PD]

WALK_TEST_MAX_MIN = 30.0  # 5.7 comfortable walk until pain 5/10 or 30 minutes [PD]
WALK_MIN_MINUTES = 5  # 5.7 start quota at least 5 minutes [PD]
WALKS_PER_DAY = (1, 3)  # 5.7 1-3 walks per day [PD]

CAP_NPRS_MEAN_AT_LEAST = 7.0  # 4.8 baseline NPRS (3-day mean) >= 7 -> no chain above L2 [PD]
CAP_ODI_ABOVE = 40.0  # 4.8 ODI > 40 [PD]
CAP_RMDQ_AT_LEAST = 15  # 4.8 RMDQ >= 15 [PD]
CAP_LEVEL = 2  # 4.8 "No chain above L2" and leg pathway "HNG <= L2 and PX <= L2" [PD]
CAP_DAYS = 14  # 4.8 caps hold for the first 2 weeks [PD]
PX_RETRY_DAYS = 14  # 4.8 PX offered again after 2 weeks when prone lying was not comfortable [PD]
SUPPORT_AGE_AT_LEAST = 65  # 4.8 / 6.9 age >= 65 -> SUPPORT [PD]
CAR_FROM_LEVEL = 3  # 5.9 CAR added once HNG L3 or SQT L3 is reached [PD]
MIN_AGE = 18  # 0.3 adults only [PD]
MAX_AGE = 120  # input sanity limit

# 4.8 default starting levels if a test is skipped [PD]; ABD, AR and CAR start at L1
DEFAULT_LEVELS: Mapping[Chain, int] = {
    Chain.MC: 2,
    Chain.QX: 1,
    Chain.PX: 1,
    Chain.LAT: 2,
    Chain.AR: 1,
    Chain.ANT: 1,
    Chain.GLU: 2,
    Chain.ABD: 1,
    Chain.HNG: 1,
    Chain.SQT: 2,
    Chain.CAR: 1,
}

# Section 7 schedule [PD]: topics 1-3 first session; 2, 5, 8 early with FEAR; 8 after a worrying forward bend (4.5)
ED_FIRST_SESSION: tuple[str, ...] = ("ED-01", "ED-02", "ED-03")
ED_FEAR_EARLY: tuple[str, ...] = ("ED-02", "ED-05", "ED-08")
ED_BENDING = "ED-08"
ED_FLARE = "ED-11"
NERVE_SLIDER_EXERCISE = "MO-05"  # 4.5 / 6.9 LEG adds the seated nerve slider
# 4.4 / 4.8 SUPPORT: the first level of each chain that is standing one-leg work or a carry (chains.toml ladders):
# SQT 5 split squat and HNG 5 floor lift "require support" (ref 4.8 table), CAR 1-3 carries, ABD 3 side steps. Lower
# levels are sitting, lying or on two legs (sit to stand, clamshell, hip hinge).
SUPPORT_FROM_LEVEL: Mapping[Chain, int] = MappingProxyType({Chain.SQT: 5, Chain.HNG: 5, Chain.CAR: 1, Chain.ABD: 3})


# ---------------------------------------------------------------------------------------------------------------------
# Reason codes: code -> the params its wording needs. content/messages/assessment.toml words every code.
# ---------------------------------------------------------------------------------------------------------------------

REASON_CODES: Mapping[str, tuple[str, ...]] = {
    "DEFAULT-START": (),
    # 4.1
    "MT-STS:UNABLE": (),
    "MT-STS:OVER-22": ("time_s",),
    "MT-STS:15.3-22.0": ("time_s",),
    "MT-STS:10.5-15.2": ("time_s",),
    "MT-STS:10.5-15.2-EASY": ("time_s",),
    "MT-STS:0-10.4": ("time_s",),
    # 4.2
    "MT-BRIDGE:UNABLE": (),
    "MT-BRIDGE:PAIN": ("hold_s",),
    "MT-BRIDGE:0-19": ("hold_s",),
    "MT-BRIDGE:20-59": ("hold_s",),
    "MT-BRIDGE:60-119": ("hold_s",),
    "MT-BRIDGE:120+": ("hold_s",),
    "MT-ASLR:QX-0-2": ("aslr_total",),
    "MT-ASLR:QX-3+": ("aslr_total",),
    "MT-ASLR:QX-SKIPPED": (),
    # 4.3
    "MT-SIDEBRIDGE:UNABLE": (),
    "MT-SIDEBRIDGE:SHOULDER": (),
    "MT-SIDEBRIDGE:KNEE-0-9": ("worse_side_s",),
    "MT-SIDEBRIDGE:KNEE-10-44": ("worse_side_s",),
    "MT-SIDEBRIDGE:KNEE-45+": ("worse_side_s",),
    "MT-SIDEBRIDGE:FULL-0-29": ("worse_side_s",),
    "MT-SIDEBRIDGE:FULL-30+": ("worse_side_s",),
    "MT-SIDEBRIDGE:RATIO": ("weaker_side", "right_s", "left_s"),
    # 4.4
    "MT-SLS:UNABLE": (),
    "MT-SLS:SKIPPED": (),
    "MT-SLS:UNDER-10": ("best_s",),
    "MT-SLS:BELOW-AGE-VALUE": ("best_s", "age_value_s"),
    "MT-SLS:OK": ("best_s",),
    # 4.5
    "MT-FTF:LEG-SYMPTOMS": (),
    "MT-FTF:HINGE-L1": ("ftf_pain", "fear_rating"),
    # 4.6
    "MT-ASLR:UNABLE": (),
    "MT-ASLR:0-1": ("aslr_total",),
    "MT-ASLR:2-4": ("aslr_total",),
    "MT-ASLR:5+": ("aslr_total",),
    # 4.7
    "MT-HINGE:UNABLE": (),
    "MT-HINGE:FAIL": (),
    "MT-HINGE:PAIN": ("hinge_pain",),
    "MT-HINGE:PARTIAL": (),
    "MT-HINGE:PASS": ("hinge_pain",),
    # 4.8 inclusion
    "PX-PRONE-NOT-OK": ("retry_days",),
    "AR-BAND": (),
    "AR-NO-BAND": (),
    "CAR-AFTER-L3": (),
    "CAR-READY": (),
    # 4.8 caps
    "CAP-SEVERE": ("cap_level", "cap_days"),
    "CAP-LEG": ("cap_level", "cap_days"),
    "CAP-SEVERE:NPRS": ("nprs_mean",),
    "CAP-SEVERE:ODI": ("odi_percent",),
    "CAP-SEVERE:RMDQ": ("rmdq",),
    "CAP-SEVERE:STARTBACK": (),
    "SUPPORT-SHOWN": (),
    "OSTEO-APPROVAL": (),
    # 6.9 modifiers
    "FEAR:STARTBACK-HIGH": (),
    "FEAR:FTF-FEAR": ("fear_rating",),
    "FEAR:FABQ-HIGH": ("fabq_pa",),
    "FEAR:TSK-HIGH": (),
    "LEG:PATHWAY": (),
    "LEG:FTF": (),
    "LEG:NERVE-SLIDER": (),
    "SUPPORT:BALANCE": (),
    "SUPPORT:AGE": ("age",),
    "SLOW:WIDESPREAD": (),
    # 5.7 walking
    "WALK:BASELINE": ("baseline_min", "walk_min"),
    "WALK:MINIMUM": ("baseline_min", "walk_min"),
    "WALK:NO-BASELINE": (),
    # 7 education
    "ED:FIRST-SESSION": (),
    "ED:FEAR": (),
    "ED:BENDING": (),
    # 4.0 stop rules
    "STOP-PAIN-HIGH": ("pain_now",),
    "STOP-PAIN-RISE": ("pain_now", "pain_before"),
    "STOP-LEG-SPREAD": (),
    "STOP-DIZZY": (),
    "STOP-BREATH": (),
    "STOP-CHEST": (),
    "STOP-UNSAFE": (),
    "STOP-SHOULDER": (),
    "STOP-SHARP-PAIN": (),
}


# ---------------------------------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------------------------------


def _number(value: object, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number from {low:g} to {high:g}, got {value!r}")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{what} must be from {low:g} to {high:g}, got {value!r}")
    return number


def _whole(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low} to {high}, got {value}")
    return value


def _opt_pain(value: object, what: str) -> None:
    if value is not None:
        _whole(value, 0, 10, what)


def _flag(value: object, what: str) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{what} must be true or false, got {value!r}")


def _coerce_enum(obj: object, name: str, enum: type[StrEnum]) -> None:
    value = getattr(obj, name)
    try:
        object.__setattr__(obj, name, enum(value))
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}") from None


def _round1(value: float) -> float:
    """Round half up to one decimal (times are recorded to 1 decimal, 4.1)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _fmt(value: float) -> ParamValue:
    """A number for wording: whole numbers as int, others to 1 decimal."""
    rounded = _round1(value)
    return int(rounded) if rounded.is_integer() else rounded


# ---------------------------------------------------------------------------------------------------------------------
# Result records (one per test). Common fields of 4.0: pain before/after, stopped_reason, "could not do safely".
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _TestResult:
    test_id: ClassVar[str] = ""

    pain_before: int | None = None
    pain_after: int | None = None
    stopped_reason: StopReason | None = None
    could_not_do_safely: bool = False

    def _validate_common(self) -> None:
        _opt_pain(self.pain_before, "pain before")
        _opt_pain(self.pain_after, "pain after")
        _flag(self.could_not_do_safely, "could_not_do_safely")
        if self.stopped_reason is not None:
            _coerce_enum(self, "stopped_reason", StopReason)

    @property
    def stopped_for_pain(self) -> bool:
        return self.stopped_reason in (StopReason.PAIN, StopReason.PAIN_RISE, StopReason.SHARP_PAIN)


@dataclass(frozen=True, kw_only=True)
class SitToStandResult(_TestResult):
    """4.1 five-times sit-to-stand: ``time_s`` (1 decimal), ``used_hands``, ``completed``."""

    test_id: ClassVar[str] = TestId.STS.value

    time_s: float | None = None
    used_hands: bool = False
    completed: bool = True

    def __post_init__(self) -> None:
        self._validate_common()
        _flag(self.used_hands, "used_hands")
        _flag(self.completed, "completed")
        if self.time_s is not None:
            object.__setattr__(self, "time_s", _round1(_number(self.time_s, 0.1, STS_MAX_S, "sit-to-stand time")))
        elif self.completed and not self.could_not_do_safely:
            raise ValueError("a completed sit-to-stand test needs time_s")


class BridgeEndReason(StrEnum):
    FORM_LOST = "form_lost"
    PAIN = "pain"
    CRAMP = "cramp"
    MAX_TIME = "max_time"


@dataclass(frozen=True, kw_only=True)
class BridgeResult(_TestResult):
    """4.2 supine bridge hold: ``hold_s`` (max 180 s) and ``end_reason``."""

    test_id: ClassVar[str] = TestId.BRIDGE.value

    hold_s: float = 0.0
    end_reason: BridgeEndReason = BridgeEndReason.FORM_LOST

    def __post_init__(self) -> None:
        self._validate_common()
        object.__setattr__(self, "hold_s", _number(self.hold_s, 0, BRIDGE_MAX_S, "bridge hold"))
        _coerce_enum(self, "end_reason", BridgeEndReason)


class SideBridgeVersion(StrEnum):
    KNEE = "knee"
    FULL = "full"


@dataclass(frozen=True, kw_only=True)
class SideBridgeResult(_TestResult):
    """4.3 side bridge: ``version`` knee/full, ``right_s``, ``left_s``, shoulder pain flag; ``ratio_rl``."""

    test_id: ClassVar[str] = TestId.SIDEBRIDGE.value

    version: SideBridgeVersion = SideBridgeVersion.KNEE
    right_s: float = 0.0
    left_s: float = 0.0
    shoulder_pain: bool = False

    def __post_init__(self) -> None:
        self._validate_common()
        _coerce_enum(self, "version", SideBridgeVersion)
        object.__setattr__(self, "right_s", _number(self.right_s, 0, SIDEBRIDGE_MAX_S, "right side hold"))
        object.__setattr__(self, "left_s", _number(self.left_s, 0, SIDEBRIDGE_MAX_S, "left side hold"))
        _flag(self.shoulder_pain, "shoulder_pain")

    @property
    def ratio_rl(self) -> float | None:
        """``right_s / left_s`` (4.3); ``None`` when the left hold is 0."""
        return None if self.left_s == 0 else self.right_s / self.left_s

    @property
    def worse_side_s(self) -> float:
        return min(self.right_s, self.left_s)


def _trials(obj: object, name: str, *, required: bool) -> None:
    value = getattr(obj, name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        raise ValueError(f"{name} must be a list of up to {SLS_MAX_TRIALS} times, got {value!r}")
    if len(value) > SLS_MAX_TRIALS or (required and not value):
        raise ValueError(f"{name} needs 1 to {SLS_MAX_TRIALS} trial times, got {len(value)}")
    object.__setattr__(obj, name, tuple(_number(v, 0, SLS_MAX_S, f"{name} trial") for v in value))


@dataclass(frozen=True, kw_only=True)
class SingleLegStanceResult(_TestResult):
    """4.4 single-leg stance: up to 3 eyes-open trials per leg (best kept), optional eyes-closed trials."""

    test_id: ClassVar[str] = TestId.SLS.value

    right_eyes_open_s: tuple[float, ...] = ()
    left_eyes_open_s: tuple[float, ...] = ()
    right_eyes_closed_s: tuple[float, ...] = ()
    left_eyes_closed_s: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        self._validate_common()
        need = not self.could_not_do_safely
        _trials(self, "right_eyes_open_s", required=need)
        _trials(self, "left_eyes_open_s", required=need)
        _trials(self, "right_eyes_closed_s", required=False)
        _trials(self, "left_eyes_closed_s", required=False)

    @property
    def right_best_s(self) -> float:
        return max(self.right_eyes_open_s, default=0.0)

    @property
    def left_best_s(self) -> float:
        return max(self.left_eyes_open_s, default=0.0)

    @property
    def best_s(self) -> float:
        """The lower of the two legs' best eyes-open times (used for balance_support, 4.4)."""
        return min(self.right_best_s, self.left_best_s)


@dataclass(frozen=True, kw_only=True)
class FingertipFloorResult(_TestResult):
    """4.5 fingertip-to-floor: ``distance_cm`` (0 = touches), pain during, leg symptoms, fear rating 0-10."""

    test_id: ClassVar[str] = TestId.FTF.value

    distance_cm: float = 0.0
    pain_during: int = 0
    leg_symptoms_provoked: bool = False
    fear_rating: int = 0

    def __post_init__(self) -> None:
        self._validate_common()
        object.__setattr__(self, "distance_cm", _number(self.distance_cm, 0, FTF_MAX_CM, "fingertip distance"))
        _whole(self.pain_during, 0, 10, "pain during the bend")
        _flag(self.leg_symptoms_provoked, "leg_symptoms_provoked")
        _whole(self.fear_rating, 0, 10, "worry about bending")


@dataclass(frozen=True, kw_only=True)
class AslrResult(_TestResult):
    """4.6 active straight leg raise: each side rated 0-5 (5 = unable); ``total`` 0-10; ``modified`` bent leg."""

    test_id: ClassVar[str] = TestId.ASLR.value

    right_score: int = 0
    left_score: int = 0
    modified: bool = False
    pain_during: int | None = None

    def __post_init__(self) -> None:
        self._validate_common()
        _whole(self.right_score, 0, ASLR_UNABLE_SCORE, "ASLR right side")
        _whole(self.left_score, 0, ASLR_UNABLE_SCORE, "ASLR left side")
        _flag(self.modified, "modified")
        _opt_pain(self.pain_during, "pain during")

    @property
    def total(self) -> int:
        return self.right_score + self.left_score

    @property
    def unable(self) -> bool:
        return self.could_not_do_safely or ASLR_UNABLE_SCORE in (self.right_score, self.left_score)


class HingeContacts(StrEnum):
    ALL_5 = "all_5"
    SOME = "some"
    NONE = "none"


class HingeDepth(StrEnum):
    KNEE = "knee"
    MID_THIGH = "mid_thigh"
    LESS = "less"


class HingeGrade(StrEnum):
    PASS = "PASS"
    PARTIAL = "PARTIAL"
    FAIL = "FAIL"


@dataclass(frozen=True, kw_only=True)
class HingeResult(_TestResult):
    """4.7 hip hinge: ``contacts_kept`` all_5/some/none, ``depth_reached`` knee/mid_thigh/less, pain during.

    ``contacts_lost_reps`` (1-4) says in how many of the 5 reps contact was lost when ``contacts_kept`` is "some".
    """

    test_id: ClassVar[str] = TestId.HINGE.value

    contacts_kept: HingeContacts = HingeContacts.ALL_5
    depth_reached: HingeDepth = HingeDepth.KNEE
    pain_during: int = 0
    contacts_lost_reps: int | None = None

    def __post_init__(self) -> None:
        self._validate_common()
        _coerce_enum(self, "contacts_kept", HingeContacts)
        _coerce_enum(self, "depth_reached", HingeDepth)
        _whole(self.pain_during, 0, 10, "pain during the hinge")
        if self.contacts_lost_reps is not None:
            _whole(self.contacts_lost_reps, 0, HINGE_REPS, "reps with contact lost")
            expected = {HingeContacts.ALL_5: (0, 0), HingeContacts.SOME: (1, 4), HingeContacts.NONE: (5, 5)}
            low, high = expected[self.contacts_kept]
            if not low <= self.contacts_lost_reps <= high:
                raise ValueError(
                    f"contacts_lost_reps={self.contacts_lost_reps} does not fit contacts_kept={self.contacts_kept}"
                )

    @property
    def lost_reps(self) -> int:
        """Reps with contact lost; "some" without a count is taken as >= 3 (the cautious reading) [PD]."""
        if self.contacts_lost_reps is not None:
            return self.contacts_lost_reps
        return {HingeContacts.ALL_5: 0, HingeContacts.SOME: 3, HingeContacts.NONE: HINGE_REPS}[self.contacts_kept]

    @property
    def grade(self) -> HingeGrade:
        return hinge_grade(self)


class WalkEnd(StrEnum):
    PAIN = "pain"  # pain reached 5/10
    TIME_LIMIT = "time_limit"  # 30 minutes passed
    CHOSE_STOP = "chose_stop"


@dataclass(frozen=True, kw_only=True)
class WalkResult(_TestResult):
    """5.7 comfortable walk: easy pace until pain 5/10 or 30 minutes; ``minutes`` walked."""

    test_id: ClassVar[str] = TestId.WALK.value

    minutes: float = 0.0
    ended_by: WalkEnd = WalkEnd.TIME_LIMIT

    def __post_init__(self) -> None:
        self._validate_common()
        object.__setattr__(self, "minutes", _number(self.minutes, 0, WALK_TEST_MAX_MIN, "walk minutes"))
        _coerce_enum(self, "ended_by", WalkEnd)


MovementResult: TypeAlias = (
    SitToStandResult
    | BridgeResult
    | SideBridgeResult
    | SingleLegStanceResult
    | FingertipFloorResult
    | AslrResult
    | HingeResult
    | WalkResult
)
_RESULT_TYPES: tuple[type[_TestResult], ...] = (
    SitToStandResult,
    BridgeResult,
    SideBridgeResult,
    SingleLegStanceResult,
    FingertipFloorResult,
    AslrResult,
    HingeResult,
    WalkResult,
)
RESULT_TYPE_BY_ID: Mapping[str, type[_TestResult]] = {t.test_id: t for t in _RESULT_TYPES}


# ---------------------------------------------------------------------------------------------------------------------
# 4.0 universal stop rules
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StopCheck:
    stop: bool
    stopped_reason: StopReason | None
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)


def universal_stop_check(
    *,
    pain_before: int,
    pain_now: int,
    leg_spread: bool = False,
    dizzy: bool = False,
    short_of_breath: bool = False,
    chest_discomfort: bool = False,
    feels_unsafe: bool = False,
    shoulder_pain: bool = False,
    sharp_pain: bool = False,
) -> StopCheck:
    """Should the running test stop? (4.0 universal stop rules [PD], plus 4.3 shoulder and 4.6 sharp pain.)"""
    before = _whole(pain_before, 0, 10, "pain before the test")
    now = _whole(pain_now, 0, 10, "pain now")
    for name, value in (
        ("leg_spread", leg_spread),
        ("dizzy", dizzy),
        ("short_of_breath", short_of_breath),
        ("chest_discomfort", chest_discomfort),
        ("feels_unsafe", feels_unsafe),
        ("shoulder_pain", shoulder_pain),
        ("sharp_pain", sharp_pain),
    ):
        _flag(value, name)
    found: list[tuple[str, StopReason]] = []
    # 4.0 stop if pain rises above 5/10 [PD]
    if now > STOP_PAIN_ABOVE:
        found.append(("STOP-PAIN-HIGH", StopReason.PAIN))
    # 4.0 ... or rises by more than 2 points above the pre-test level [PD]
    if now - before > STOP_PAIN_RISE_ABOVE:
        found.append(("STOP-PAIN-RISE", StopReason.PAIN_RISE))
    # 4.0 symptoms spreading down the leg; dizziness, breathlessness, chest discomfort, feeling unsafe [PD]
    for flag, code, reason in (
        (leg_spread, "STOP-LEG-SPREAD", StopReason.LEG_SPREAD),
        (chest_discomfort, "STOP-CHEST", StopReason.CHEST_DISCOMFORT),
        (short_of_breath, "STOP-BREATH", StopReason.SHORT_OF_BREATH),
        (dizzy, "STOP-DIZZY", StopReason.DIZZY),
        (feels_unsafe, "STOP-UNSAFE", StopReason.UNSAFE),
        (shoulder_pain, "STOP-SHOULDER", StopReason.SHOULDER_PAIN),  # 4.3 stop for shoulder pain [PD]
        (sharp_pain, "STOP-SHARP-PAIN", StopReason.SHARP_PAIN),  # 4.6 stop if sharp pain [PD]
    ):
        if flag:
            found.append((code, reason))
    return StopCheck(
        stop=bool(found),
        stopped_reason=found[0][1] if found else None,
        reasons=tuple(code for code, _ in found),
        params={"pain_now": now, "pain_before": before},
    )


# ---------------------------------------------------------------------------------------------------------------------
# Per-test start levels (4.1-4.7) and balance support (4.4)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LevelDecision:
    level: int
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)


def _check_age(age: object) -> int:
    return _whole(age, MIN_AGE, MAX_AGE, "age")


def sts_start_level(result: SitToStandResult, *, age: int) -> LevelDecision:
    """SQT start level from the five-times sit-to-stand (4.1 table) [PD]."""
    years = _check_age(age)
    # 4.1 unable without hands (or not completed / not safe) -> L1 [PD]
    if result.could_not_do_safely or result.used_hands or not result.completed or result.time_s is None:
        return LevelDecision(1, ("MT-STS:UNABLE",))
    t = result.time_s
    params: Params = {"time_s": _fmt(t)}
    # 4.1 severity bands (Klukowska et al. 2020) [S] mapped to start levels [PD]
    if t > STS_MODERATE_MAX_S:
        return LevelDecision(1, ("MT-STS:OVER-22",), params)
    if t > STS_MILD_MAX_S:
        return LevelDecision(2, ("MT-STS:15.3-22.0",), params)
    if t > STS_L3_MAX_S:
        pains = [p for p in (result.pain_before, result.pain_after) if p is not None]
        stayed_low = bool(pains) and result.pain_after is not None and max(pains) <= STS_EASY_MAX_PAIN
        # 4.1 10.5-15.2 s: L2, or L3 if pain stayed <= 3 and age < 65 [PD]
        if stayed_low and years < STS_EASY_AGE_BELOW:
            return LevelDecision(3, ("MT-STS:10.5-15.2-EASY",), params)
        return LevelDecision(2, ("MT-STS:10.5-15.2",), params)
    return LevelDecision(3, ("MT-STS:0-10.4",), params)


def bridge_start_levels(bridge: BridgeResult, aslr: AslrResult | None) -> tuple[LevelDecision, LevelDecision]:
    """(GLU, QX) start levels from the supine bridge hold and the ASLR total (4.2 table) [PD]."""
    if bridge.could_not_do_safely:
        return LevelDecision(1, ("MT-BRIDGE:UNABLE",)), LevelDecision(1, ("MT-BRIDGE:UNABLE",))
    hold = bridge.hold_s
    params: Params = {"hold_s": _fmt(hold)}
    # 4.2 < 20 s or stopped for pain -> GLU L1, QX L1 [PD]
    if bridge.end_reason == BridgeEndReason.PAIN or bridge.stopped_for_pain:
        code = "MT-BRIDGE:PAIN"
        return LevelDecision(1, (code,), params), LevelDecision(1, (code,), params)
    if hold < BRIDGE_L2_FROM_S:
        return LevelDecision(1, ("MT-BRIDGE:0-19",), params), LevelDecision(1, ("MT-BRIDGE:0-19",), params)
    if hold < BRIDGE_QX_FROM_S:
        # 4.2 20-59 s -> GLU L2, QX L1 [PD]
        return LevelDecision(2, ("MT-BRIDGE:20-59",), params), LevelDecision(1, ("MT-BRIDGE:20-59",), params)
    code = "MT-BRIDGE:60-119" if hold < BRIDGE_L3_FROM_S else "MT-BRIDGE:120+"
    glu = LevelDecision(2 if hold < BRIDGE_L3_FROM_S else 3, (code,), params)
    # 4.2 60 s and over: QX L2 if ASLR total <= 2, else L1 [PD]
    if aslr is None:
        return glu, LevelDecision(1, (code, "MT-ASLR:QX-SKIPPED"), params)
    qx_params: Params = {**params, "aslr_total": aslr.total}
    if not aslr.unable and aslr.total <= BRIDGE_QX_ASLR_MAX:
        return glu, LevelDecision(2, (code, "MT-ASLR:QX-0-2"), qx_params)
    return glu, LevelDecision(1, (code, "MT-ASLR:QX-3+"), qx_params)


@dataclass(frozen=True, slots=True)
class SideBridgeStart:
    level: int
    step: int
    extra_set_side: str | None  # "right" / "left": one extra set on the weaker side (4.3 ratio rule)
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)


def side_bridge_start(result: SideBridgeResult) -> SideBridgeStart:
    """LAT start level and step from the side bridge hold (4.3 table) [PD]."""
    # 4.3 shoulder pain or unable -> L1 wall side bridge [PD]
    if result.could_not_do_safely:
        return SideBridgeStart(1, 0, None, ("MT-SIDEBRIDGE:UNABLE",))
    if result.shoulder_pain or result.stopped_reason == StopReason.SHOULDER_PAIN:
        return SideBridgeStart(1, 0, None, ("MT-SIDEBRIDGE:SHOULDER",))
    worse = result.worse_side_s
    params: dict[str, ParamValue] = {"worse_side_s": _fmt(worse)}
    step = 0
    if result.version == SideBridgeVersion.FULL:
        # 4.3 full version < 30 s -> L3; >= 30 s both sides -> L3 at step S2 [PD]
        if worse >= SIDEBRIDGE_FULL_S2_FROM_S:
            level, step, code = 3, 2, "MT-SIDEBRIDGE:FULL-30+"
        else:
            level, code = 3, "MT-SIDEBRIDGE:FULL-0-29"
    elif worse < SIDEBRIDGE_L2_FROM_S:
        level, code = 1, "MT-SIDEBRIDGE:KNEE-0-9"  # 4.3 knee < 10 s either side -> L1 [PD]
    elif worse < SIDEBRIDGE_L3_FROM_S:
        level, code = 2, "MT-SIDEBRIDGE:KNEE-10-44"  # 4.3 knee 10-44 s (worse side) -> L2 [PD]
    else:
        level, code = 3, "MT-SIDEBRIDGE:KNEE-45+"  # 4.3 knee >= 45 s -> L3 [PD]
    reasons = [code]
    extra: str | None = None
    # 4.3 ratio_RL outside 0.8-1.25 -> same level, one extra set on the weaker side [PD]
    if max(result.right_s, result.left_s) > 0:
        ratio = result.ratio_rl
        if ratio is None or not SIDEBRIDGE_RATIO_LOW <= ratio <= SIDEBRIDGE_RATIO_HIGH:
            extra = "right" if result.right_s < result.left_s else "left"
            reasons.append("MT-SIDEBRIDGE:RATIO")
            params.update({"weaker_side": extra, "right_s": _fmt(result.right_s), "left_s": _fmt(result.left_s)})
    return SideBridgeStart(level, step, extra, tuple(reasons), params)


def sls_age_value(age: int) -> float:
    """Approximate eyes-open best-of-3 value for the age (4.4; Springer et al. 2007, verify exact values)."""
    years = _check_age(age)
    value = SLS_AGE_VALUES[0][1]
    for low_age, seconds in SLS_AGE_VALUES:
        if years >= low_age:
            value = seconds
    return value


@dataclass(frozen=True, slots=True)
class BalanceDecision:
    balance_support: bool
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)


def balance_support(result: SingleLegStanceResult | None, *, age: int) -> BalanceDecision:
    """``balance_support`` of 4.4: best time below the age value or < 10 s at any age [PD].

    The lower of the two legs' best-of-3 is used. A skipped or unsafe test also shows support (cautious default;
    support is offered, never forced) [PD].
    """
    age_value = sls_age_value(age)
    if result is None:
        return BalanceDecision(True, ("MT-SLS:SKIPPED",))
    if result.could_not_do_safely:
        return BalanceDecision(True, ("MT-SLS:UNABLE",))
    best = result.best_s
    params: Params = {"best_s": _fmt(best), "age_value_s": _fmt(age_value)}
    if best < SLS_SUPPORT_BELOW_S:  # 4.4 < 10 s at any age [PD]
        return BalanceDecision(True, ("MT-SLS:UNDER-10",), params)
    if best < age_value:  # 4.4 below the age value [PD]
        return BalanceDecision(True, ("MT-SLS:BELOW-AGE-VALUE",), params)
    return BalanceDecision(False, ("MT-SLS:OK",), params)


def aslr_start_levels(result: AslrResult) -> tuple[LevelDecision, LevelDecision]:
    """(MC, ANT) start levels from the ASLR total (4.6 table) [PD]."""
    if result.could_not_do_safely:
        return LevelDecision(1, ("MT-ASLR:UNABLE",)), LevelDecision(1, ("MT-ASLR:UNABLE",))
    params: Params = {"aslr_total": result.total}
    if result.unable or result.total >= 5:  # 4.6 >= 5, or unable -> MC L1, ANT L1 [PD]
        return LevelDecision(1, ("MT-ASLR:5+",), params), LevelDecision(1, ("MT-ASLR:5+",), params)
    if result.total >= 2:  # 4.6 2-4 -> MC L2, ANT L1 [PD]
        return LevelDecision(2, ("MT-ASLR:2-4",), params), LevelDecision(1, ("MT-ASLR:2-4",), params)
    return LevelDecision(3, ("MT-ASLR:0-1",), params), LevelDecision(2, ("MT-ASLR:0-1",), params)  # 4.6 0-1


def hinge_grade(result: HingeResult) -> HingeGrade:
    """4.7 scoring [PD]: PASS = contacts kept in all 5 reps and depth "knee"; PARTIAL = contacts kept but depth only
    mid-thigh, or contacts lost in 1-2 reps; FAIL = contacts lost in >= 3 reps, or unable.

    Depth "less" (short of mid-thigh) is graded FAIL: it is below the PARTIAL description (cautious reading) [PD].
    """
    if result.could_not_do_safely or result.lost_reps > HINGE_PARTIAL_MAX_LOST_REPS:
        return HingeGrade.FAIL
    if result.depth_reached == HingeDepth.LESS:
        return HingeGrade.FAIL
    if result.lost_reps == 0 and result.depth_reached == HingeDepth.KNEE:
        return HingeGrade.PASS
    return HingeGrade.PARTIAL


def hinge_start_level(result: HingeResult) -> LevelDecision:
    """HNG start level from the hip hinge (4.7 table) [PD]; the FTF override of 4.5 is applied by the plan."""
    if result.could_not_do_safely:
        return LevelDecision(1, ("MT-HINGE:UNABLE",))
    grade = hinge_grade(result)
    params: Params = {"hinge_pain": result.pain_during}
    if grade == HingeGrade.FAIL:  # 4.7 FAIL -> L1
        return LevelDecision(1, ("MT-HINGE:FAIL",))
    if result.pain_during > HINGE_MAX_PAIN_FOR_L2_PLUS:  # 4.7 pain > 3 -> L1
        return LevelDecision(1, ("MT-HINGE:PAIN",), params)
    if grade == HingeGrade.PARTIAL:  # 4.7 PARTIAL -> L2
        return LevelDecision(2, ("MT-HINGE:PARTIAL",))
    return LevelDecision(3, ("MT-HINGE:PASS",), params)  # 4.7 PASS with pain <= 3 -> L3


def ftf_needs_graded_bending(result: FingertipFloorResult) -> bool:
    """4.5: pain during > 5 or fear_rating >= 7 -> HNG L1 and ED-08 in week 1 [PD]."""
    return result.pain_during > FTF_PAIN_ABOVE or result.fear_rating >= FTF_FEAR_AT_LEAST


# ---------------------------------------------------------------------------------------------------------------------
# 5.7 walking start quota
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WalkStart:
    minutes_per_walk: int | None  # None until a baseline exists (log 3 days or do the comfortable walk)
    walks_per_day: tuple[int, int]
    baseline_minutes: float | None
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)


def walk_start(baseline_minutes: float | None, *, config: ClinicalConfig = DEFAULT_CONFIG) -> WalkStart:
    """5.7 start quota: ``walk_start_fraction`` (default 80%) of baseline minutes per walk, at least 5 min [PD]."""
    if baseline_minutes is None:
        return WalkStart(None, WALKS_PER_DAY, None, ("WALK:NO-BASELINE",))
    base = _number(baseline_minutes, 0, 24 * 60, "baseline walking minutes")
    raw = int(Decimal(repr(base * config.walk_start_fraction)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    minutes = max(WALK_MIN_MINUTES, raw)
    code = "WALK:MINIMUM" if raw < WALK_MIN_MINUTES else "WALK:BASELINE"
    return WalkStart(minutes, WALKS_PER_DAY, base, (code,), {"baseline_min": _fmt(base), "walk_min": minutes})


# ---------------------------------------------------------------------------------------------------------------------
# 4.8 first plan
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainStart:
    chain: Chain
    level: int
    step: int
    included: bool
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)
    extra_set_side: str | None = None  # 4.3 ratio rule (LAT only)
    with_support: bool = False  # 4.8 / 6.9 SUPPORT: standing unilateral work shown with hand support


@dataclass(frozen=True, slots=True)
class LevelCap:
    """A cap the progression engine must keep for ``days`` after the plan starts (4.8)."""

    code: str
    chains: tuple[Chain, ...]
    max_level: int
    days: int


@dataclass(frozen=True, slots=True)
class FirstPlan:
    chains: tuple[ChainStart, ...]
    modifiers: frozenset[Modifier]
    modifier_reasons: Mapping[Modifier, tuple[str, ...]] = field(hash=False)
    caps: tuple[LevelCap, ...]
    balance_support: bool
    leg_pathway: bool
    walk: WalkStart
    education_week1: tuple[str, ...]
    extra_exercises: tuple[str, ...]
    clinician_approval: tuple[str, ...]
    reasons: tuple[str, ...]
    params: Params = field(default_factory=dict, hash=False)

    def chain(self, chain: Chain | str) -> ChainStart:
        wanted = Chain(chain)
        for start in self.chains:
            if start.chain == wanted:
                return start
        raise KeyError(wanted)  # pragma: no cover - every chain is always present

    @property
    def levels(self) -> dict[Chain, int]:
        return {c.chain: c.level for c in self.chains}


def _collect(results: Iterable[MovementResult] | Mapping[str, MovementResult]) -> dict[str, _TestResult]:
    items: Iterable[tuple[str | None, object]]
    if isinstance(results, Mapping):
        items = results.items()
    else:
        items = ((None, r) for r in results)
    found: dict[str, _TestResult] = {}
    for key, result in items:
        if not isinstance(result, _TestResult) or not result.test_id:
            raise ValueError(f"not a movement test result: {result!r}")
        if key is not None and key != result.test_id:
            raise ValueError(f"result stored under {key!r} is a {result.test_id} result")
        if result.test_id in found:
            raise ValueError(f"two results for {result.test_id}; pass one per test")
        found[result.test_id] = result
    return found


class _ChainDraft:
    def __init__(self, chain: Chain, level: int, reasons: tuple[str, ...], params: Params | None = None) -> None:
        self.chain = chain
        self.level = level
        self.step = 0
        self.included = True
        self.reasons = list(reasons)
        self.params: dict[str, ParamValue] = dict(params or {})
        self.extra_set_side: str | None = None
        self.with_support = False

    def set(self, decision: LevelDecision) -> None:
        self.level = decision.level
        self.reasons = list(decision.reasons)
        self.params = dict(decision.params)

    def cap(self, max_level: int, code: str) -> None:
        """Lower to ``max_level`` if above it; a cap never raises a level (4.8)."""
        if self.level > max_level:
            self.level = max_level
            self.step = 0
            self.reasons.append(code)
            self.params.update({"cap_level": max_level, "cap_days": CAP_DAYS})

    def freeze(self) -> ChainStart:
        return ChainStart(
            chain=self.chain,
            level=self.level,
            step=self.step,
            included=self.included,
            reasons=tuple(self.reasons),
            params=dict(self.params),
            extra_set_side=self.extra_set_side,
            with_support=self.with_support,
        )


def build_first_plan(
    results: Iterable[MovementResult] | Mapping[str, MovementResult],
    *,
    age: int,
    baseline_nprs_mean: float | None = None,
    odi_percent: float | None = None,
    rmdq: int | None = None,
    start_back_risk: str | None = None,
    leg_pathway: bool = False,
    prone_ok: bool = True,
    has_band: bool = False,
    osteoporosis: bool = False,
    fabq_pa: int | None = None,
    tsk11_high: bool = False,
    widespread_pain: bool = False,
    baseline_walk_minutes: float | None = None,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> FirstPlan:
    """Combine movement-test results into the first plan (4.8).

    Args:
        results: the recorded tests (any subset; at most one per test id), as a list or as ``{test_id: result}``.
        age: years (18+).
        baseline_nprs_mean: 3-day baseline pain mean (0-10), for the severity cap.
        odi_percent / rmdq: baseline disability score, for the severity cap.
        start_back_risk: "low" | "medium" | "high" (STarT Back, 3.2).
        leg_pathway: leg-pain pathway already on from the body map (BM03/BM12) or RF13.
        prone_ok: the user says lying face down is comfortable (PX offered only then).
        has_band: an elastic band is available (AR offered only then).
        osteoporosis: RF11 answered and cleared by a clinician (4.8 osteoporosis row).
        fabq_pa: FABQ-PA score (0-24) if taken; > 14 switches FEAR on (6.9).
        tsk11_high: TSK-11 above the clinic's configured threshold (6.9).
        widespread_pain: body-map widespread pain (BM06) switches SLOW on (6.9).
        baseline_walk_minutes: mean logged walking minutes of the first 3 days, used if no MT-WALK result.
        config: clinician-adjustable thresholds (walk_start_fraction).
    """
    years = _check_age(age)
    if baseline_nprs_mean is not None:
        baseline_nprs_mean = _number(baseline_nprs_mean, 0, 10, "baseline pain mean")
    if odi_percent is not None:
        odi_percent = _number(odi_percent, 0, 100, "ODI percentage")
    if rmdq is not None:
        rmdq = _whole(rmdq, 0, 24, "RMDQ score")
    if fabq_pa is not None:
        fabq_pa = _whole(fabq_pa, 0, 24, "FABQ-PA score")
    if start_back_risk is not None and start_back_risk not in ("low", "medium", "high"):
        raise ValueError(f"start_back_risk must be 'low', 'medium' or 'high', got {start_back_risk!r}")
    for name, value in (
        ("leg_pathway", leg_pathway),
        ("prone_ok", prone_ok),
        ("has_band", has_band),
        ("osteoporosis", osteoporosis),
        ("tsk11_high", tsk11_high),
        ("widespread_pain", widespread_pain),
    ):
        _flag(value, name)

    found = _collect(results)
    sts = found.get(TestId.STS)
    bridge = found.get(TestId.BRIDGE)
    side = found.get(TestId.SIDEBRIDGE)
    sls = found.get(TestId.SLS)
    ftf = found.get(TestId.FTF)
    aslr = found.get(TestId.ASLR)
    hinge = found.get(TestId.HINGE)
    walk_result = found.get(TestId.WALK)
    assert sts is None or isinstance(sts, SitToStandResult)
    assert bridge is None or isinstance(bridge, BridgeResult)
    assert side is None or isinstance(side, SideBridgeResult)
    assert sls is None or isinstance(sls, SingleLegStanceResult)
    assert ftf is None or isinstance(ftf, FingertipFloorResult)
    assert aslr is None or isinstance(aslr, AslrResult)
    assert hinge is None or isinstance(hinge, HingeResult)
    assert walk_result is None or isinstance(walk_result, WalkResult)

    # 4.8 defaults if a test is skipped [PD]
    drafts = {c: _ChainDraft(c, DEFAULT_LEVELS[c], ("DEFAULT-START",)) for c in Chain}
    global_reasons: list[str] = []
    global_params: dict[str, ParamValue] = {}

    # 4.1 SQT
    if sts is not None:
        drafts[Chain.SQT].set(sts_start_level(sts, age=years))
    # 4.2 GLU and QX (QX also needs the ASLR total)
    if bridge is not None:
        glu, qx = bridge_start_levels(bridge, aslr)
        drafts[Chain.GLU].set(glu)
        drafts[Chain.QX].set(qx)
    # 4.3 LAT
    if side is not None:
        lat = side_bridge_start(side)
        d = drafts[Chain.LAT]
        d.set(LevelDecision(lat.level, lat.reasons, lat.params))
        d.step = lat.step
        d.extra_set_side = lat.extra_set_side
    # 4.6 MC and ANT
    if aslr is not None:
        mc, ant = aslr_start_levels(aslr)
        drafts[Chain.MC].set(mc)
        drafts[Chain.ANT].set(ant)
    # 4.7 HNG
    if hinge is not None:
        drafts[Chain.HNG].set(hinge_start_level(hinge))
    # 4.5 FTF: pain during > 5 or fear >= 7 -> HNG L1 regardless of Test 7, ED-08 in week 1 [PD]
    bending_topic = False
    if ftf is not None and not ftf.could_not_do_safely and ftf_needs_graded_bending(ftf):
        bending_topic = True
        d = drafts[Chain.HNG]
        ftf_params: Params = {"ftf_pain": ftf.pain_during, "fear_rating": ftf.fear_rating}
        if d.level > 1:
            d.level, d.step = 1, 0
        d.reasons.append("MT-FTF:HINGE-L1")
        d.params.update(ftf_params)

    # 6.9 modifiers
    modifier_reasons: dict[Modifier, list[str]] = {}

    def switch_on(modifier: Modifier, code: str) -> None:
        modifier_reasons.setdefault(modifier, []).append(code)

    # 6.9 FEAR: STarT HIGH; FABQ-PA > 14; TSK-11 above clinic threshold; FTF fear_rating >= 7 [PD]
    if start_back_risk == "high":
        switch_on(Modifier.FEAR, "FEAR:STARTBACK-HIGH")
    if ftf is not None and ftf.fear_rating >= FTF_FEAR_AT_LEAST:
        switch_on(Modifier.FEAR, "FEAR:FTF-FEAR")
        global_params["fear_rating"] = ftf.fear_rating
    if fabq_pa is not None and fabq_pa > 14:  # 3.7 FABQ-PA > 14 (George et al. 2008) [S]
        switch_on(Modifier.FEAR, "FEAR:FABQ-HIGH")
        global_params["fabq_pa"] = fabq_pa
    if tsk11_high:
        switch_on(Modifier.FEAR, "FEAR:TSK-HIGH")
    # 6.9 LEG: body map / RF13 pathway, or FTF leg symptoms (4.5 -> BM03) [PD]
    if leg_pathway:
        switch_on(Modifier.LEG, "LEG:PATHWAY")
    if ftf is not None and ftf.leg_symptoms_provoked:
        switch_on(Modifier.LEG, "LEG:FTF")
    # 6.9 SUPPORT: balance_support (Test 4) or age >= 65 [PD]
    balance = balance_support(sls, age=years)
    if balance.balance_support:
        switch_on(Modifier.SUPPORT, "SUPPORT:BALANCE")
    if years >= SUPPORT_AGE_AT_LEAST:
        switch_on(Modifier.SUPPORT, "SUPPORT:AGE")
        global_params["age"] = years
    global_reasons.extend(balance.reasons)
    global_params.update(balance.params)
    # 6.9 SLOW: widespread pain (BM06) [PD]
    if widespread_pain:
        switch_on(Modifier.SLOW, "SLOW:WIDESPREAD")
    modifiers = frozenset(modifier_reasons)
    leg_on = Modifier.LEG in modifiers

    # 4.8 global caps, applied after the per-test mapping [PD]
    caps: list[LevelCap] = []
    severe: list[str] = []
    if baseline_nprs_mean is not None and baseline_nprs_mean >= CAP_NPRS_MEAN_AT_LEAST:
        severe.append("CAP-SEVERE:NPRS")
        global_params["nprs_mean"] = _fmt(baseline_nprs_mean)
    if odi_percent is not None and odi_percent > CAP_ODI_ABOVE:
        severe.append("CAP-SEVERE:ODI")
        global_params["odi_percent"] = _fmt(odi_percent)
    if rmdq is not None and rmdq >= CAP_RMDQ_AT_LEAST:
        severe.append("CAP-SEVERE:RMDQ")
        global_params["rmdq"] = rmdq
    if start_back_risk == "high":
        severe.append("CAP-SEVERE:STARTBACK")
    if severe:
        global_reasons.extend(severe)
        caps.append(LevelCap("CAP-SEVERE", tuple(Chain), CAP_LEVEL, CAP_DAYS))
        for d in drafts.values():
            d.cap(CAP_LEVEL, "CAP-SEVERE")
    if leg_on:  # 4.8 leg-pain pathway: HNG <= L2 and PX <= L2 for the first 2 weeks [PD]
        caps.append(LevelCap("CAP-LEG", (Chain.HNG, Chain.PX), CAP_LEVEL, CAP_DAYS))
        drafts[Chain.HNG].cap(CAP_LEVEL, "CAP-LEG")
        drafts[Chain.PX].cap(CAP_LEVEL, "CAP-LEG")

    # 4.8 inclusion: PX only if prone lying is comfortable; AR only with a band; 5.9 CAR once HNG or SQT is at L3
    if not prone_ok:
        drafts[Chain.PX].included = False
        drafts[Chain.PX].reasons.append("PX-PRONE-NOT-OK")
        drafts[Chain.PX].params["retry_days"] = PX_RETRY_DAYS
    drafts[Chain.AR].included = has_band
    drafts[Chain.AR].reasons.append("AR-BAND" if has_band else "AR-NO-BAND")
    car_ready = max(drafts[Chain.HNG].level, drafts[Chain.SQT].level) >= CAR_FROM_LEVEL
    drafts[Chain.CAR].included = car_ready
    drafts[Chain.CAR].reasons.append("CAR-READY" if car_ready else "CAR-AFTER-L3")

    # 4.4 / 4.8 SUPPORT: standing work on one leg, or walking with a load, is shown with a hand hold; only a chain
    # that starts at such a level gets the note (the clamshell is done lying down, issue 20 item 16).
    if Modifier.SUPPORT in modifiers:
        for chain, first_level in SUPPORT_FROM_LEVEL.items():
            if drafts[chain].level >= first_level:
                drafts[chain].with_support = True
                drafts[chain].reasons.append("SUPPORT-SHOWN")

    extra_exercises: tuple[str, ...] = ()
    if leg_on:  # 4.5 / 6.9 LEG adds MO-05 nerve slider
        extra_exercises = (NERVE_SLIDER_EXERCISE,)
        global_reasons.append("LEG:NERVE-SLIDER")

    # 4.8 osteoporosis: HNG L5 (floor lift) and curl-up progressions need clinician approval (verify)
    approval: tuple[str, ...] = ()
    if osteoporosis:
        approval = (f"{Chain.HNG}:L5", f"{Chain.ANT}:PROGRESSION")
        global_reasons.append("OSTEO-APPROVAL")

    # 5.7 walking start quota
    if walk_result is not None and not walk_result.could_not_do_safely:
        walk = walk_start(walk_result.minutes, config=config)
    else:
        walk = walk_start(baseline_walk_minutes, config=config)

    # 7 schedule: topics 1-3 first; FEAR -> 2, 5, 8 early (6.9); ED-08 after a worrying bend (4.5) [PD]
    topics: list[str] = list(ED_FIRST_SESSION)
    global_reasons.append("ED:FIRST-SESSION")
    if Modifier.FEAR in modifiers:
        topics.extend(ED_FEAR_EARLY)
        global_reasons.append("ED:FEAR")
    if bending_topic:
        topics.append(ED_BENDING)
        global_reasons.append("ED:BENDING")
    education = tuple(dict.fromkeys(topics))

    for mod_codes in modifier_reasons.values():
        global_reasons.extend(mod_codes)

    chains = tuple(drafts[c].freeze() for c in Chain)
    for start in chains:  # invariant: levels within the chain (5.8)
        assert 1 <= start.level <= CHAIN_LEVELS[start.chain], start
    return FirstPlan(
        chains=chains,
        modifiers=modifiers,
        modifier_reasons={m: tuple(codes) for m, codes in modifier_reasons.items()},
        caps=tuple(caps),
        balance_support=balance.balance_support,
        leg_pathway=leg_on,
        walk=walk,
        education_week1=education,
        extra_exercises=extra_exercises,
        clinician_approval=approval,
        reasons=tuple(dict.fromkeys(global_reasons)),
        params=global_params,
    )
