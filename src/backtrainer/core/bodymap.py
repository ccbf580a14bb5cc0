"""Body-map regions and interpretation rules BM01-BM12 (clinical reference section 2).

Pure functions over frozen dataclasses: maps come in as arguments (oldest first); a
``BodyMapResult`` with reason codes goes out. All rules are routing rules, never diagnoses (ref 2.4).
Several rules may fire together; the highest tier wins (ref 1.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from backtrainer.core.modifiers import Modifier
from backtrainer.core.screening import Finding, Tier

__all__ = [
    "BELOW_KNEE_SEGMENTS",
    "BM_CODES",
    "LEG_SEGMENTS",
    "NEURO_QUALITIES",
    "REGIONS",
    "SEGMENT_DEPTH",
    "WPI_AREAS",
    "BodyMap",
    "BodyMapResult",
    "MarkedRegion",
    "Quality",
    "RegionSpec",
    "SessionMapChange",
    "compare_session",
    "distal_depth",
    "distal_segment",
    "evaluate",
    "wpi_areas",
    "wpi_count",
]


class Quality(StrEnum):
    """Symptom qualities of ref 2.2."""

    ACHING = "ACHING"
    SHARP = "SHARP"
    BURNING = "BURNING"
    PINS_NEEDLES = "PINS_NEEDLES"
    NUMB = "NUMB"
    SHOOTING = "SHOOTING"


# NEURO_QUALITY = any of BURNING, PINS_NEEDLES, NUMB, SHOOTING (ref 2.2).
NEURO_QUALITIES: frozenset[Quality] = frozenset(
    {Quality.BURNING, Quality.PINS_NEEDLES, Quality.NUMB, Quality.SHOOTING}
)
# Sensory qualities used by BM11 (ref 2.4).
_BM11_QUALITIES: frozenset[Quality] = frozenset({Quality.NUMB, Quality.PINS_NEEDLES})

SEGMENTS: tuple[str, ...] = (
    "upper", "trunk_front", "thoracic", "lumbar", "buttock", "saddle", "groin", "thigh", "knee",
    "below_knee", "foot",
)
# "Leg" = thigh, knee, below_knee, foot; "below the knee" = below_knee, foot (ref 2.1).
LEG_SEGMENTS: frozenset[str] = frozenset({"thigh", "knee", "below_knee", "foot"})
BELOW_KNEE_SEGMENTS: frozenset[str] = frozenset({"below_knee", "foot"})
ABOVE_KNEE_SEGMENTS: frozenset[str] = frozenset({"buttock", "groin", "thigh"})
# Depth order for "further down the leg" (BM09, BM10): buttock/groin < thigh < knee < below_knee < foot.
SEGMENT_DEPTH: Mapping[str, int] = MappingProxyType(
    {"buttock": 0, "groin": 0, "thigh": 1, "knee": 2, "below_knee": 3, "foot": 4}
)

# The 19 Widespread Pain Index areas (ACR 2010/2016; ref 2.1, from general knowledge, verify).
WPI_AREAS: tuple[str, ...] = (
    "JAW_L", "JAW_R", "SHOULDER_GIRDLE_L", "SHOULDER_GIRDLE_R", "UPPER_ARM_L", "UPPER_ARM_R", "LOWER_ARM_L",
    "LOWER_ARM_R", "HIP_BUTTOCK_L", "HIP_BUTTOCK_R", "UPPER_LEG_L", "UPPER_LEG_R", "LOWER_LEG_L",
    "LOWER_LEG_R",
    "NECK", "UPPER_BACK", "LOWER_BACK", "CHEST", "ABDOMEN",
)

VIEWS: tuple[str, ...] = ("front", "back", "side", "special")
SIDES: tuple[str, ...] = ("L", "R", "C")


@dataclass(frozen=True, slots=True)
class RegionSpec:
    """One region of ref 2.1."""

    id: str
    views: tuple[str, ...]
    side: str
    segment: str
    wpi_area: str | None


def _build_regions() -> dict[str, RegionSpec]:
    # (base id, views, segment, WPI base or None) as in the table of ref 2.1.
    table: list[tuple[str, tuple[str, ...], str, str | None]] = [
        ("HEAD_JAW", ("front",), "upper", "JAW"),
        ("SHOULDER", ("back",), "upper", "SHOULDER_GIRDLE"),
        ("UPPER_ARM", ("front", "back"), "upper", "UPPER_ARM"),
        ("FOREARM_HAND", ("front", "back"), "upper", "LOWER_ARM"),
        ("UPPER_BACK", ("back",), "thoracic", "UPPER_BACK"),
        ("LOW_BACK", ("back",), "lumbar", "LOWER_BACK"),
        ("BUTTOCK", ("back",), "buttock", "HIP_BUTTOCK"),
        ("GROIN_HIP_FRONT", ("front",), "groin", "HIP_BUTTOCK"),
        ("HIP_OUTER", ("side",), "buttock", "HIP_BUTTOCK"),
        ("THIGH_FRONT", ("front",), "thigh", "UPPER_LEG"),
        ("THIGH_BACK", ("back",), "thigh", "UPPER_LEG"),
        ("THIGH_OUTER", ("side",), "thigh", "UPPER_LEG"),
        ("KNEE", ("front", "back"), "knee", "UPPER_LEG"),
        ("SHIN", ("front",), "below_knee", "LOWER_LEG"),
        ("CALF", ("back",), "below_knee", "LOWER_LEG"),
        ("FOOT_TOP", ("front",), "foot", "LOWER_LEG"),
        ("FOOT_SOLE_HEEL", ("back",), "foot", "LOWER_LEG"),
    ]
    # Areas counted once for the whole body, not per side (ref 2.1 WPI column).
    unsided_wpi = {"UPPER_BACK", "LOWER_BACK"}
    regions: dict[str, RegionSpec] = {}
    for base, views, segment, wpi in table:
        sides = ("L", "C", "R") if base == "LOW_BACK" else ("L", "R")
        for side in sides:
            area = None if wpi is None else (wpi if wpi in unsided_wpi else f"{wpi}_{side}")
            rid = f"{base}_{side}"
            regions[rid] = RegionSpec(rid, views, side, segment, area)
    for rid, views, segment, area in [
        ("NECK", ("back",), "upper", "NECK"),
        ("CHEST", ("front",), "trunk_front", "CHEST"),
        ("ABDOMEN", ("front",), "trunk_front", "ABDOMEN"),
        ("SADDLE", ("special",), "saddle", None),  # saddle is not a WPI area (ref 2.1)
    ]:
        regions[rid] = RegionSpec(rid, views, "C", segment, area)
    return regions


REGIONS: Mapping[str, RegionSpec] = MappingProxyType(_build_regions())

# BM06 (ref 2.4): >= 7 painful areas predicts a worse prognosis (BMC Musculoskelet Disord 2019;20:460).
# Sourced, not tagged [PD]; a named constant so a clinician can see it.
WPI_WIDESPREAD_MIN = 7
# BM09 (ref 2.4, 6.6 rule R0): spread that lasts longer than this many hours -> CLINICIAN_SOON.
BM09_PERSIST_HOURS = 48.0

BM09_PERSIST = "BM09-PERSIST"
BM_CODES: tuple[str, ...] = (*(f"BM{n:02d}" for n in range(1, 13)), BM09_PERSIST)


def _coerce_quality(value: object) -> Quality:
    if isinstance(value, Quality):
        return value
    if isinstance(value, str):
        try:
            return Quality(value.strip().upper())
        except ValueError:
            pass
    raise ValueError(f"unknown symptom quality {value!r}; expected one of {[q.value for q in Quality]}")


@dataclass(frozen=True, slots=True)
class MarkedRegion:
    """A region the user marked, with its qualities (ref 2.2) and an optional intensity 0-10."""

    region_id: str
    qualities: frozenset[Quality] = frozenset()
    intensity: int | None = None

    def __post_init__(self) -> None:
        if self.region_id not in REGIONS:
            raise ValueError(f"unknown body-map region id {self.region_id!r}")
        if isinstance(self.qualities, str):
            raise ValueError("qualities must be a collection of Quality values, not a single string")
        object.__setattr__(self, "qualities", frozenset(_coerce_quality(q) for q in self.qualities))
        if self.intensity is not None:
            if isinstance(self.intensity, bool) or not isinstance(self.intensity, int):
                raise ValueError(f"intensity must be a whole number 0-10 or None, got {self.intensity!r}")
            if not 0 <= self.intensity <= 10:
                raise ValueError(f"intensity {self.intensity} for {self.region_id} is outside 0-10")

    @property
    def spec(self) -> RegionSpec:
        return REGIONS[self.region_id]

    @property
    def has_neuro(self) -> bool:
        return bool(self.qualities & NEURO_QUALITIES)


@dataclass(frozen=True, slots=True)
class BodyMap:
    """One saved map (ref 2.3). ``back_intensity`` optionally records the back pain rating taken with the map;
    without it the most intense lumbar region is used for BM12."""

    regions: tuple[MarkedRegion, ...] = ()
    back_intensity: int | None = None

    def __post_init__(self) -> None:
        regions = tuple(self.regions)
        for r in regions:
            if not isinstance(r, MarkedRegion):
                raise ValueError(f"body map entries must be MarkedRegion, got {r!r}")
        ids = [r.region_id for r in regions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"region marked more than once: {', '.join(dupes)}")
        object.__setattr__(self, "regions", regions)
        b = self.back_intensity
        if b is not None and (isinstance(b, bool) or not isinstance(b, int) or not 0 <= b <= 10):
            raise ValueError(f"back_intensity must be a whole number 0-10 or None, got {b!r}")

    def get(self, region_id: str) -> MarkedRegion | None:
        for r in self.regions:
            if r.region_id == region_id:
                return r
        return None

    @property
    def region_ids(self) -> frozenset[str]:
        return frozenset(r.region_id for r in self.regions)


# --- helpers ------------------------------------------------------------------------------------------------


def _in(m: BodyMap, segments: Iterable[str], side: str | None = None) -> list[MarkedRegion]:
    segs = set(segments)
    return [r for r in m.regions if r.spec.segment in segs and (side is None or r.spec.side == side)]


def distal_depth(m: BodyMap, side: str) -> int | None:
    """Depth of the lowest marked region on ``side`` ("L"/"R") in ``SEGMENT_DEPTH`` order; None if none."""
    if side not in ("L", "R"):
        raise ValueError(f"side must be 'L' or 'R', got {side!r}")
    depths = [SEGMENT_DEPTH[r.spec.segment] for r in _in(m, SEGMENT_DEPTH, side)]
    return max(depths, default=None)


def distal_segment(m: BodyMap, side: str) -> str | None:
    """The most distal marked segment on ``side``; at depth 0 "buttock" is preferred over "groin"."""
    depth = distal_depth(m, side)
    if depth is None:
        return None
    segs = {r.spec.segment for r in _in(m, SEGMENT_DEPTH, side) if SEGMENT_DEPTH[r.spec.segment] == depth}
    return "buttock" if "buttock" in segs else min(segs)


def wpi_areas(m: BodyMap) -> frozenset[str]:
    """Distinct WPI areas marked (saddle does not count, ref 2.1)."""
    return frozenset(r.spec.wpi_area for r in m.regions if r.spec.wpi_area is not None)


def wpi_count(m: BodyMap) -> int:
    return len(wpi_areas(m))


def _leg_depth(m: BodyMap, side: str) -> int:
    # No mark on a side counts as level with the buttock: a first mark in the buttock is not "spreading down".
    depth = distal_depth(m, side)
    return 0 if depth is None else depth


def _back_intensity(m: BodyMap) -> int | None:
    if m.back_intensity is not None:
        return m.back_intensity
    lumbar = _in(m, ("lumbar",))
    values = [r.intensity for r in lumbar if r.intensity is not None]
    if values:
        return max(values)
    # Back marked without a rating: unknown. Back not marked at all: no back pain (0).
    return None if lumbar else 0


def _leg_dominant(m: BodyMap, back_override: int | None = None) -> bool:
    legs = [r.intensity for r in _in(m, LEG_SEGMENTS) if r.intensity is not None]
    back = back_override if back_override is not None else _back_intensity(m)
    return bool(legs) and back is not None and max(legs) > back


def _contribution(
    m: BodyMap, side: str, *, neuro_only: bool, segments: frozenset[str]
) -> set[tuple[str, Quality]]:
    out: set[tuple[str, Quality]] = set()
    for r in _in(m, segments, side):
        quals = r.qualities & NEURO_QUALITIES if neuro_only else (r.qualities or frozenset({Quality.ACHING}))
        out.update((r.region_id, q) for q in quals)
    return out


# --- session comparison (BM09) ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionMapChange:
    """Before/after-session comparison for BM09 (ref 2.4).

    Attributes:
        peripheralised: the distal-most marked segment on either side is further down the leg than before.
        new_neuro: a NEURO_QUALITY appears in a leg region where it was not before.
        spread_sides: sides ("L"/"R") that moved further down.
        new_neuro_regions: leg regions with a new NEURO_QUALITY.
        centralised: the distal-most segment moved up on a side and no side moved down.
    """

    peripheralised: bool
    new_neuro: bool
    spread_sides: tuple[str, ...] = ()
    new_neuro_regions: tuple[str, ...] = ()
    centralised: bool = False

    @property
    def bm09(self) -> bool:
        return self.peripheralised or self.new_neuro


def compare_session(before: BodyMap, after: BodyMap) -> SessionMapChange:
    """Compare the maps taken before and after a session (BM09, ref 2.4; McKenzie/Donelson, verify)."""
    spread = tuple(s for s in ("L", "R") if _leg_depth(after, s) > _leg_depth(before, s))
    raised = tuple(s for s in ("L", "R") if _leg_depth(after, s) < _leg_depth(before, s))
    new_neuro_regions: list[str] = []
    for r in _in(after, LEG_SEGMENTS):
        old = before.get(r.region_id)
        old_neuro = old.qualities & NEURO_QUALITIES if old else frozenset()
        if (r.qualities & NEURO_QUALITIES) - old_neuro:
            new_neuro_regions.append(r.region_id)
    return SessionMapChange(
        peripheralised=bool(spread),
        new_neuro=bool(new_neuro_regions),
        spread_sides=spread,
        new_neuro_regions=tuple(new_neuro_regions),
        centralised=bool(raised) and not spread,
    )


# --- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyMapResult:
    """Outcome of evaluating one map (ref 2.4).

    Attributes:
        tier: highest tier of the rules that fired (ref 1.1).
        reasons: rule ids that fired, in rule order ("BM01".."BM12", "BM09-PERSIST").
        findings: each fired rule with its tier.
        modifiers: plan modifiers switched on (LEG for BM03/BM12, SLOW for BM06; ref 6.9).
        ask_questions: screening questions to open to confirm (BM01: RF01-RF03; BM02: RF02-RF05;
            BM04: RF04; BM07: RF07).
        offer_rf05_followup: BM02 fired; show the RF05 follow-up of ref 1.3.
        suggest_clinician_review: a routine review is suggested (BM06, BM08).
        regress_session: BM09: regress the exercise(s) of that session by one level.
        centralising: distal-most segment moved up compared with the previous map (BM10 needs this).
        peripheralising: distal-most segment moved down compared with the previous map.
        new_regions: regions not marked on the previous map (``new_since_last``, ref 2.3); all
            regions on a first map.
        rescreen: full red-flag re-screen due (ref 1.4 layer 2: new region below the knee, symptoms
            in both legs, anything in the saddle region).
        wpi_count: number of WPI areas marked.
        session_change: the BM09 comparison when a before-session map was given.
    """

    tier: Tier
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    modifiers: frozenset[Modifier] = field(default_factory=frozenset)
    ask_questions: tuple[str, ...] = ()
    offer_rf05_followup: bool = False
    suggest_clinician_review: bool = False
    regress_session: bool = False
    centralising: bool = False
    peripheralising: bool = False
    new_regions: tuple[str, ...] = ()
    rescreen: bool = False
    wpi_count: int = 0
    session_change: SessionMapChange | None = None

    @property
    def new_since_last(self) -> Mapping[str, bool]:
        """Per marked region: not marked on the previous map (ref 2.3)."""
        return MappingProxyType({r: True for r in self.new_regions})


def evaluate(
    current: BodyMap,
    *,
    previous: Sequence[BodyMap] = (),
    back_intensity: int | None = None,
    before_session: BodyMap | None = None,
    hours_since_session: float | None = None,
) -> BodyMapResult:
    """Apply rules BM01-BM12 (ref 2.4) to ``current``.

    Args:
        current: the map just saved.
        previous: earlier maps, oldest first; ``previous[-1]`` is the map saved just before ``current``.
        back_intensity: back pain rating taken with ``current`` (overrides
            ``current.back_intensity``) for BM12.
        before_session: the map taken before the session ``current`` follows, for BM09.
        hours_since_session: hours between the end of that session and ``current``; above 48 a spread that is
            still there becomes "BM09-PERSIST" (CLINICIAN_SOON).
    """
    if back_intensity is not None and (
        isinstance(back_intensity, bool)
        or not isinstance(back_intensity, int)
        or not 0 <= back_intensity <= 10
    ):
        raise ValueError(f"back_intensity must be a whole number 0-10 or None, got {back_intensity!r}")
    if hours_since_session is not None and hours_since_session < 0:
        raise ValueError(f"hours_since_session must not be negative, got {hours_since_session!r}")
    last = previous[-1] if previous else None
    findings: list[Finding] = []
    modifiers: set[Modifier] = set()
    ask: set[str] = set()
    review = False
    offer_rf05 = False
    regress = False

    new_regions = tuple(r.region_id for r in current.regions if last is None or last.get(r.region_id) is None)

    # BM01 (ref 2.4; Greenhalgh 2018, GIRFT 2023): SADDLE marked -> EMERGENCY, open RF01-RF03. Never
    # downgraded.
    if current.get("SADDLE") is not None:
        findings.append(Finding("BM01", Tier.EMERGENCY))
        ask.update(("RF01", "RF02", "RF03"))

    # BM02 (ref 2.4; GIRFT 2023): leg regions on both sides with NEURO, or below-knee on both sides with any
    # quality, AND new since the last map (or first map) -> EMERGENCY; show RF02-RF05 and the RF05 follow-up.
    patterns = (
        (True, frozenset(LEG_SEGMENTS)),  # neuro quality anywhere in the leg
        (False, frozenset(BELOW_KNEE_SEGMENTS)),  # any quality below the knee
    )
    bm02 = False
    for neuro_only, segs in patterns:
        now = {s: _contribution(current, s, neuro_only=neuro_only, segments=segs) for s in ("L", "R")}
        if not (now["L"] and now["R"]):
            continue
        if last is None:
            bm02 = True
            break
        before = {s: _contribution(last, s, neuro_only=neuro_only, segments=segs) for s in ("L", "R")}
        if any(now[s] - before[s] for s in ("L", "R")):
            bm02 = True
            break
    if bm02:
        findings.append(Finding("BM02", Tier.EMERGENCY))
        ask.update(("RF02", "RF03", "RF04", "RF05"))
        offer_rf05 = True

    # BM03 (ref 2.4; Stynes 2016, verify): below-knee symptoms -> CAUTION + leg-pain pathway.
    # Applied for either side; when both sides are new BM02 also fires and wins.
    if _in(current, BELOW_KNEE_SEGMENTS):
        findings.append(Finding("BM03", Tier.CAUTION))
        modifiers.add(Modifier.LEG)

    # BM04 (ref 2.4): NUMB in a leg region first seen on this map -> CLINICIAN_SOON; ask RF04.
    for r in _in(current, LEG_SEGMENTS):
        if Quality.NUMB not in r.qualities:
            continue
        seen = any((o := m.get(r.region_id)) is not None and Quality.NUMB in o.qualities for m in previous)
        if not seen:
            findings.append(Finding("BM04", Tier.CLINICIAN_SOON))
            ask.add("RF04")
            break

    # BM05 (ref 2.4): leg-area regions only above the knee (buttock, groin, thigh), no NEURO
    # -> CLEAR (referred pain).
    upper_leg = _in(current, ABOVE_KNEE_SEGMENTS)
    lower_leg = _in(current, ("knee", *BELOW_KNEE_SEGMENTS))
    if upper_leg and not lower_leg and not any(r.has_neuro for r in upper_leg):
        findings.append(Finding("BM05", Tier.CLEAR))

    # BM06 (ref 2.4; BMC Musculoskelet Disord 2019;20:460): >= 7 WPI areas -> CAUTION + SLOW, routine review.
    count = wpi_count(current)
    if count >= WPI_WIDESPREAD_MIN:
        findings.append(Finding("BM06", Tier.CAUTION))
        modifiers.add(Modifier.SLOW)
        review = True

    # BM07 (ref 2.4, from general knowledge, verify): upper back without lumbar, or chest/abdomen with
    # back pain -> CLINICIAN_SOON; RF07 decides an emergency.
    has_upper_back = bool(_in(current, ("thoracic",)))
    has_lumbar = bool(_in(current, ("lumbar",)))
    has_front = bool(_in(current, ("trunk_front",)))
    if (has_upper_back and not has_lumbar) or (has_front and (has_upper_back or has_lumbar)):
        findings.append(Finding("BM07", Tier.CLINICIAN_SOON))
        ask.add("RF07")

    # BM08 (ref 2.4 [PD]): GROIN_HIP_FRONT is the most intense region (ties count) -> CAUTION, routine review.
    rated = [r for r in current.regions if r.intensity is not None]
    if rated:
        top = max(r.intensity or 0 for r in rated)
        if top > 0 and any(r.spec.segment == "groin" and r.intensity == top for r in rated):
            findings.append(Finding("BM08", Tier.CAUTION))
            review = True

    # BM09 (ref 2.4, 6.6 R0; McKenzie/Donelson, verify): spread down the leg or new NEURO after a session ->
    # regress; still there after > 48 h -> CLINICIAN_SOON.
    session_change = None
    if before_session is not None:
        session_change = compare_session(before_session, current)
        if session_change.bm09:
            if hours_since_session is not None and hours_since_session > BM09_PERSIST_HOURS:
                findings.append(Finding(BM09_PERSIST, Tier.CLINICIAN_SOON))
            else:
                findings.append(Finding("BM09", Tier.CLEAR))
                regress = True

    # BM10 (ref 2.4): distal-most segment moves up between 2 consecutive maps -> positive feedback only.
    centralising = peripheralising = False
    if last is not None:
        change = compare_session(last, current)
        peripheralising = change.peripheralised
        centralising = change.centralised
        if centralising:
            findings.append(Finding("BM10", Tier.CLEAR))

    # BM11 (ref 2.4): NUMB or PINS_NEEDLES in both feet and both hands -> CLINICIAN_SOON.
    def _sensory(region_ids: tuple[str, ...]) -> bool:
        marked = [current.get(rid) for rid in region_ids]
        return any(r is not None and bool(r.qualities & _BM11_QUALITIES) for r in marked)

    feet = all(_sensory((f"FOOT_TOP_{s}", f"FOOT_SOLE_HEEL_{s}")) for s in ("L", "R"))
    hands = all(_sensory((f"FOREARM_HAND_{s}",)) for s in ("L", "R"))
    if feet and hands:
        findings.append(Finding("BM11", Tier.CLINICIAN_SOON))

    # BM12 (ref 2.4): leg pain > back pain on 2 consecutive maps -> leg-pain pathway (as BM03).
    if last is not None and _leg_dominant(current, back_intensity) and _leg_dominant(last):
        findings.append(Finding("BM12", Tier.CAUTION))
        modifiers.add(Modifier.LEG)

    # Full re-screen triggers from the body map (ref 1.4 layer 2 [PD]).
    new_below_knee = any(REGIONS[rid].segment in BELOW_KNEE_SEGMENTS for rid in new_regions)
    both_legs = bool(_in(current, LEG_SEGMENTS, "L")) and bool(_in(current, LEG_SEGMENTS, "R"))
    rescreen = new_below_knee or both_legs or current.get("SADDLE") is not None

    order = {code: i for i, code in enumerate(("BM01", "BM02", "BM03", "BM04", "BM05", "BM06", "BM07", "BM08",
                                               "BM09", BM09_PERSIST, "BM10", "BM11", "BM12"))}
    findings.sort(key=lambda f: order[f.rule])
    # Several rules may fire; the highest tier wins (ref 1.1 [PD]).
    tier = max((f.tier for f in findings), default=Tier.CLEAR)
    return BodyMapResult(
        tier=tier,
        reasons=tuple(f.rule for f in findings),
        findings=tuple(findings),
        modifiers=frozenset(modifiers),
        ask_questions=tuple(sorted(ask)),
        offer_rf05_followup=offer_rf05,
        suggest_clinician_review=review,
        regress_session=regress,
        centralising=centralising,
        peripheralising=peripheralising,
        new_regions=new_regions,
        rescreen=rescreen,
        wpi_count=count,
        session_change=session_change,
    )
