"""Red-flag screening rules (clinical reference section 1; scope rules of section 0.3).

Pure functions: answers, age, profile flags, follow-ups and dates come in as arguments; frozen results with
reason codes go out. The codes are the reference's rule ids ("RF01", "RF-AGE1", ...) plus a few codes of
our own for the quick check ("QC-...") and the re-screen triggers ("RS-..."). Only the UI turns codes into
words (``content/messages/screening.toml``).

The purpose of the screen is safe routing, not diagnosis (ref 1.2 caveat; Williams 2013, Han 2023 Cochrane).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from types import MappingProxyType

from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.modifiers import Modifier

__all__ = [
    "ASKED_IDS",
    "FOLLOWUP_IDS",
    "FOLLOWUP_TRIGGERS",
    "MIN_AGE",
    "PROFILE_FLAG_IDS",
    "QUESTION_IDS",
    "QUESTION_PARTS",
    "QUICK_CHECK_CODES",
    "QUICK_CHECK_TICKS",
    "RED_FLAG_TIERS",
    "REPORTED_EVENTS",
    "RESCREEN_CODES",
    "TRIAGE_CODES",
    "Answer",
    "Finding",
    "QuickCheckResult",
    "Tier",
    "TriageResult",
    "emergency_now",
    "quick_check",
    "rescreen_due",
    "rule_answers",
    "triage",
]


class Tier(IntEnum):
    """Action tiers of ref 1.1, ordered so that ``max()`` gives the one that wins.

    Priority EMERGENCY > CLINICIAN_SOON > CAUTION > CLEAR (ref 1.1 [PD]).
    """

    CLEAR = 0
    CAUTION = 1
    CLINICIAN_SOON = 2
    EMERGENCY = 3

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """The exact code of ref 1.1 ("EMERGENCY", ...)."""
        return self.name

    @classmethod
    def from_code(cls, code: str) -> Tier:
        try:
            return cls[code]
        except KeyError:
            raise ValueError(f"unknown tier code {code!r}; expected one of {[t.name for t in cls]}") from None


class Answer(StrEnum):
    """Yes / No / Not sure (ref 1.2). ``NOT_SURE`` is scored as ``YES`` [PD]."""

    YES = "YES"
    NO = "NO"
    NOT_SURE = "NOT_SURE"

    @property
    def counts_as_yes(self) -> bool:
        # "Not sure" is treated as Yes for scoring (ref 1.2 [PD]).
        return self is not Answer.NO


# --- The question set (ref 1.2) -----------------------------------------------------------------------------

QUESTION_IDS: tuple[str, ...] = tuple(f"RF{n:02d}" for n in range(1, 15))

RED_FLAG_TIERS: Mapping[str, Tier] = MappingProxyType(
    {
        "RF01": Tier.EMERGENCY,  # RF01 saddle sensory change, CES (ref 1.2; Greenhalgh 2018, GIRFT 2023)
        "RF02": Tier.EMERGENCY,  # RF02 new bladder/bowel change, CES (ref 1.2; Greenhalgh 2018, GIRFT 2023)
        "RF03": Tier.EMERGENCY,  # RF03 new sexual change, CES (ref 1.2; Greenhalgh 2018, GIRFT 2023)
        "RF04": Tier.EMERGENCY,  # RF04 progressive leg weakness (ref 1.2; ICSI 2018 progressive deficit)
        "RF05": Tier.EMERGENCY,  # RF05 new bilateral leg symptoms, early CES (ref 1.2; GIRFT 2023)
        "RF06": Tier.EMERGENCY,  # RF06 serious trauma in 2 weeks (ref 1.2; Williams 2013 / Han 2023 Cochrane)
        "RF07": Tier.EMERGENCY,  # RF07 tearing/chest pain, breathless, faint (ref 1.2; non-spinal)
        "RF08": Tier.CLINICIAN_SOON,  # RF08 any history of cancer (ref 1.2; Verhagen 2016, Downie 2013)
        "RF09": Tier.CLINICIAN_SOON,  # RF09 weight loss ~5 kg in 6 months (ref 1.2; Verhagen 2016)
        "RF10": Tier.CLINICIAN_SOON,  # RF10 infection risk (ref 1.2; ICSI 2018 spinal infection risk)
        "RF11": Tier.CLINICIAN_SOON,  # RF11 fragility fracture (ref 1.2; Williams 2013 / Han 2023)
        "RF12": Tier.CLINICIAN_SOON,  # RF12 unrelenting night/rest pain (ref 1.2; ICSI 2018, Verhagen 2016)
        "RF13": Tier.CAUTION,  # RF13 one leg below the knee, leg-pain pathway (ref 1.2, BM03)
        "RF14": Tier.CAUTION,  # RF14 inflammatory back pain features (ref 1.2; NICE NG65)
    }
)

# Rule ids of the automatic profile rules (ref 1.2).
RF_AGE1 = "RF-AGE1"
RF_AGE2 = "RF-AGE2"
RF_AGE3 = "RF-AGE3"
RF_PROFILE = "RF-PROFILE"

# RF-AGE3: the app is for adults only (ref 0.3 [PD]; NICE NG59 itself covers 16+).
MIN_AGE = 18
# RF-AGE1: age threshold for a first-ever episode (ref 1.2; ICSI 2018 "cancer risk", commonly age > 50).
AGE1_MIN_AGE = 50
# RF-AGE2: older age with new pain (ref 1.2; Williams 2013 Cochrane, positive LR about 4-9).
AGE2_MIN_AGE = 70
AGE2_NEW_PAIN_WEEKS = 6
# Sanity bound on the age argument (not a clinical rule).
_MAX_PLAUSIBLE_AGE = 130

# Profile flags of ref 0.3 that need a clinician-set plan (RF-PROFILE, [PD] from general knowledge, verify).
PROFILE_FLAG_IDS: tuple[str, ...] = (
    "pregnancy",
    "postpartum_6m",
    "spinal_surgery_6m",
    "spinal_fusion",
    "known_fracture_tumour_infection",
    "inflammatory_arthritis_specialist",
    "heart_lung_limit",
    "severe_osteoporosis",
)

# Follow-up sub-questions (ref 1.3) and the two optional ones asked for in RF10/RF13 (ref 1.2 tier column).
FU_RF02 = "RF02_changed_since_pain"
FU_RF05 = "RF05_stable_and_assessed"
FU_RF10 = "RF10_fever_and_very_unwell"
FU_RF13 = "RF13_numbness_new"
FOLLOWUP_TRIGGERS: Mapping[str, str] = MappingProxyType(
    {FU_RF02: "RF02", FU_RF05: "RF05", FU_RF10: "RF10", FU_RF13: "RF13"}
)
FOLLOWUP_IDS: tuple[str, ...] = tuple(FOLLOWUP_TRIGGERS)

TRIAGE_CODES: tuple[str, ...] = (*QUESTION_IDS, RF_AGE1, RF_AGE2, RF_AGE3, RF_PROFILE)

# --- One thing per question (issue 20 item 16) --------------------------------------------------------------
# RF10, RF11, RF12 and RF14 of ref 1.2 ask three or four things in one Yes / No. The app asks each thing on its
# own; every part keeps its rule id (the first four characters) and the parts give the rule's answer:
# ANY: the rule's question joins its parts with "or", so any part that counts as yes fires it (RF10, RF11).
# ALL: the rule's question joins its parts with "and" ("unrelenting pain" in ICSI 2018; the inflammatory back pain
#      pattern of NICE NG65), so it fires only when every part counts as yes (RF12, RF14).
ANY = "any"
ALL = "all"
QUESTION_PARTS: Mapping[str, tuple[tuple[str, ...], str]] = MappingProxyType(
    {
        # RF10 infection risk (ref 1.2; ICSI 2018): fever/unwell, recent serious infection, injected drugs, weak
        # immune system.
        "RF10": (("RF10a", "RF10b", "RF10c", "RF10d"), ANY),
        # RF11 fragility fracture (ref 1.2; Williams 2013 / Han 2023): steroid tablets for 3 months or more, a bone
        # broken after a small fall. Osteoporosis itself is asked once, in About you (profile flag
        # OSTEOPOROSIS_FLAG), and counts as a yes here.
        "RF11": (("RF11a", "RF11b"), ANY),
        # RF12 unrelenting pain (ref 1.2; ICSI 2018, Verhagen 2016): all the time, not eased by rest or position,
        # often worse at night.
        "RF12": (("RF12a", "RF12b", "RF12c"), ALL),
        # RF14 inflammatory back pain (ref 1.2; NICE NG65): began before 45, more than 3 months, morning stiffness
        # over 30 minutes, better with movement and not with rest.
        "RF14": (("RF14a", "RF14b", "RF14c", "RF14d"), ALL),
    }
)
# The profile flag that answers the osteoporosis part of RF11 (ref 1.2 RF11; ref 0.3 severe osteoporosis).
OSTEOPOROSIS_FLAG = "severe_osteoporosis"
# Every question the person answers, in the order of ref 1.2.
ASKED_IDS: tuple[str, ...] = tuple(
    part for qid in QUESTION_IDS for part in (QUESTION_PARTS[qid][0] if qid in QUESTION_PARTS else (qid,))
)


def _combine(parts: Sequence[Answer], how: str) -> Answer:
    """ANY: Yes if a part is Yes, else Not sure if one is, else No. ALL: No if a part is No, else Not sure if one
    is, else Yes. "Not sure" stays "Not sure", so it is still scored as a yes (ref 1.2 [PD])."""
    if how == ANY:
        if Answer.YES in parts:
            return Answer.YES
        return Answer.NOT_SURE if Answer.NOT_SURE in parts else Answer.NO
    if Answer.NO in parts:
        return Answer.NO
    return Answer.NOT_SURE if Answer.NOT_SURE in parts else Answer.YES


def rule_answers(answers: Mapping[str, object], profile_flags: Collection[str] = ()) -> dict[str, Answer]:
    """The answer of each rule RF01-RF14 from what was asked: a rule's own id, or all of its parts.

    A rule with neither its own answer nor every part answered is left out (``triage`` then says it is missing).
    """
    out: dict[str, Answer] = {}
    for qid in QUESTION_IDS:
        if qid in answers:
            out[qid] = _coerce_answer(qid, answers[qid])
            continue
        if qid not in QUESTION_PARTS:
            continue
        ids, how = QUESTION_PARTS[qid]
        if not all(p in answers for p in ids):
            continue
        out[qid] = _combine([_coerce_answer(p, answers[p]) for p in ids], how)
    if OSTEOPOROSIS_FLAG in profile_flags and "RF11" in out:
        out["RF11"] = Answer.YES  # osteoporosis (asked in About you) is the first thing RF11 asks about
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired, with the tier it asks for after follow-ups were applied."""

    rule: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class TriageResult:
    """Outcome of the full 14-question screen.

    Attributes:
        tier: the highest tier of all findings (ref 1.1).
        reasons: rule ids that fired, in question order, then RF-AGE1, RF-AGE2, RF-AGE3, RF-PROFILE.
        eligible: False when the user is under 18 (RF-AGE3): the program is blocked whatever the tier.
        findings: each fired rule with its own tier (``tier == max`` of these).
        modifiers: plan modifiers switched on (``LEG`` for RF13, ref 6.9).
        not_sure: question ids answered "Not sure", so the UI can invite a re-check (ref 1.2).
        same_day_care: RF10 with fever and feeling very unwell: advise same-day care (ref 1.2).
        downgraded: ids lowered by a follow-up answer (ref 1.3: only RF02 and RF05).
        upgraded: ids raised by a follow-up answer (RF13 numbness new in the last 2 weeks).
        needs_followup: follow-up ids whose trigger fired but that were not answered yet.
        profile_flags: the profile flags that fired RF-PROFILE.
    """

    tier: Tier
    reasons: tuple[str, ...]
    eligible: bool
    findings: tuple[Finding, ...] = ()
    modifiers: frozenset[Modifier] = field(default_factory=frozenset)
    not_sure: tuple[str, ...] = ()
    same_day_care: bool = False
    downgraded: tuple[str, ...] = ()
    upgraded: tuple[str, ...] = ()
    needs_followup: tuple[str, ...] = ()
    profile_flags: tuple[str, ...] = ()

    @property
    def plan_allowed(self) -> bool:
        """True when the exercise plan may run (eligible and at most CAUTION, ref 1.1)."""
        return self.eligible and self.tier <= Tier.CAUTION

    @property
    def clinician_plan_required(self) -> bool:
        """RF-PROFILE: only a clinician may set the plan (ref 0.3)."""
        return RF_PROFILE in self.reasons


def _coerce_answer(key: str, value: object) -> Answer:
    if isinstance(value, Answer):
        return value
    if isinstance(value, str):
        norm = value.strip().upper().replace(" ", "_")
        try:
            return Answer(norm)
        except ValueError:
            pass
    raise ValueError(f"answer for {key} must be an Answer (YES, NO or NOT_SURE), got {value!r}")


def _followup_is_yes(key: str, value: object, *, not_sure_means: bool) -> bool:
    """Read a follow-up answer. ``Not sure`` takes the safe side, given by ``not_sure_means``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Answer | str):
        answer = _coerce_answer(key, value)
        if answer is Answer.NOT_SURE:
            return not_sure_means
        return answer is Answer.YES
    raise ValueError(f"follow-up {key} must be a bool or an Answer, got {value!r}")


def _check_answers(answers: Mapping[str, object]) -> dict[str, Answer]:
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping of question id to Answer, got {type(answers).__name__}")
    missing = [q for q in QUESTION_IDS if q not in answers]
    unknown = sorted(str(k) for k in answers if k not in RED_FLAG_TIERS)
    problems = []
    if missing:
        problems.append(f"missing answers for {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown question ids {', '.join(unknown)}")
    if problems:
        raise ValueError("red-flag screen needs an answer for each of RF01-RF14: " + "; ".join(problems))
    return {q: _coerce_answer(q, answers[q]) for q in QUESTION_IDS}


def _check_age(age: object) -> int:
    if isinstance(age, bool) or not isinstance(age, int):
        raise ValueError(f"age must be a whole number of years, got {age!r}")
    if not 0 <= age <= _MAX_PLAUSIBLE_AGE:
        raise ValueError(f"age {age} is out of range 0-{_MAX_PLAUSIBLE_AGE}")
    return age


def triage(
    answers: Mapping[str, Answer],
    *,
    age: int,
    first_episode: bool = False,
    pain_weeks: float | None = None,
    followups: Mapping[str, bool | Answer] | None = None,
    profile_flags: Collection[str] = (),
) -> TriageResult:
    """Score the full red-flag screen (ref 1.2, 1.3) and the automatic profile rules.

    Args:
        answers: "RF01".."RF14" -> Answer; all 14 are required.
        age: years, from the user profile (not asked again, ref 1.2).
        first_episode: the user says this is their first ever episode of significant back pain (RF-AGE1).
        pain_weeks: how long this episode has lasted, in weeks; None = unknown (RF-AGE2 does not fire).
        followups: optional answers to the follow-up questions, keys in ``FOLLOWUP_IDS``.
        profile_flags: ids from ``PROFILE_FLAG_IDS`` that apply to the user (RF-PROFILE).

    Raises:
        ValueError: missing or unknown question ids, bad answer values, unknown follow-up or profile
            ids, bad age.
    """
    checked = _check_answers(answers)
    years = _check_age(age)
    if pain_weeks is not None and (isinstance(pain_weeks, bool) or pain_weeks < 0):
        raise ValueError(f"pain_weeks must be a non-negative number or None, got {pain_weeks!r}")
    fups: Mapping[str, bool | Answer] = followups or {}
    unknown_fu = sorted(str(k) for k in fups if k not in FOLLOWUP_TRIGGERS)
    if unknown_fu:
        raise ValueError(f"unknown follow-up ids {unknown_fu}; expected some of {list(FOLLOWUP_IDS)}")
    if isinstance(profile_flags, str):
        raise ValueError("profile_flags must be a collection of flag ids, not a single string")
    unknown_pf = sorted(str(f) for f in profile_flags if f not in PROFILE_FLAG_IDS)
    if unknown_pf:
        raise ValueError(f"unknown profile flags {unknown_pf}; expected some of {list(PROFILE_FLAG_IDS)}")

    findings: list[Finding] = []
    modifiers: set[Modifier] = set()
    downgraded: list[str] = []
    upgraded: list[str] = []
    needs: list[str] = []
    same_day = False

    for qid in QUESTION_IDS:
        answer = checked[qid]
        if not answer.counts_as_yes:
            continue
        tier = RED_FLAG_TIERS[qid]
        if qid == "RF02":
            # RF02 follow-up (ref 1.3 [PD]): downgrade only if it did NOT start or change since the back pain
            # began (long-standing, known, unchanged). Yes / Not sure / unanswered stay EMERGENCY.
            if FU_RF02 not in fups:
                needs.append(FU_RF02)
            elif not _followup_is_yes(FU_RF02, fups[FU_RF02], not_sure_means=True):
                tier = Tier.CLINICIAN_SOON
                downgraded.append(qid)
        elif qid == "RF05":
            # RF05 follow-up (ref 1.3 [PD]): downgrade only if stable > 3 months AND already
            # assessed by a doctor.
            if FU_RF05 not in fups:
                needs.append(FU_RF05)
            elif _followup_is_yes(FU_RF05, fups[FU_RF05], not_sure_means=False):
                tier = Tier.CLINICIAN_SOON
                downgraded.append(qid)
        elif qid == "RF10":
            # RF10 (ref 1.2): fever AND feeling very unwell -> advise same-day care; tier stays
            # CLINICIAN_SOON.
            if FU_RF10 not in fups:
                needs.append(FU_RF10)
            elif _followup_is_yes(FU_RF10, fups[FU_RF10], not_sure_means=True):
                same_day = True
        elif qid == "RF13":
            # RF13 (ref 1.2; BM03): leg-pain pathway; numbness new in the last 2 weeks -> CLINICIAN_SOON.
            modifiers.add(Modifier.LEG)
            if FU_RF13 not in fups:
                needs.append(FU_RF13)
            elif _followup_is_yes(FU_RF13, fups[FU_RF13], not_sure_means=True):
                tier = Tier.CLINICIAN_SOON
                upgraded.append(qid)
        # RF01, RF03, RF04, RF06, RF07 are never downgraded by the user (ref 1.3).
        findings.append(Finding(qid, tier))

    # RF-AGE1 (ref 1.2; ICSI 2018 cancer risk): age >= 50 and first ever episode.
    if years >= AGE1_MIN_AGE and first_episode:
        findings.append(Finding(RF_AGE1, Tier.CLINICIAN_SOON))
    # RF-AGE2 (ref 1.2; Williams 2013 Cochrane): age >= 70 and pain new (< 6 weeks).
    # Unknown duration: does not fire.
    if years >= AGE2_MIN_AGE and pain_weeks is not None and pain_weeks < AGE2_NEW_PAIN_WEEKS:
        findings.append(Finding(RF_AGE2, Tier.CLINICIAN_SOON))
    # RF-AGE3 (ref 1.2, 0.3 [PD]): under 18 is outside intended use; the program is blocked via ``eligible``.
    # It carries no tier of its own so that a real emergency answer is still shown as one.
    eligible = years >= MIN_AGE
    if not eligible:
        findings.append(Finding(RF_AGE3, Tier.CLEAR))
    # RF-PROFILE (ref 1.2, 0.3 [PD]): conditions that need a clinician-set plan.
    fired_flags = tuple(f for f in PROFILE_FLAG_IDS if f in set(profile_flags))
    if fired_flags:
        findings.append(Finding(RF_PROFILE, Tier.CLINICIAN_SOON))

    # Priority EMERGENCY > CLINICIAN_SOON > CAUTION > CLEAR (ref 1.1 [PD]).
    tier = max((f.tier for f in findings), default=Tier.CLEAR)
    return TriageResult(
        tier=tier,
        reasons=tuple(f.rule for f in findings),
        eligible=eligible,
        findings=tuple(findings),
        modifiers=frozenset(modifiers),
        not_sure=tuple(q for q in QUESTION_IDS if checked[q] is Answer.NOT_SURE),
        same_day_care=same_day,
        downgraded=tuple(downgraded),
        upgraded=tuple(upgraded),
        needs_followup=tuple(needs),
        profile_flags=fired_flags,
    )


def emergency_now(
    answers: Mapping[str, object],
    followups: Mapping[str, bool | Answer] | None = None,
    *,
    recheck: Collection[str] = (),
) -> tuple[str, ...]:
    """The rules that already make the screen EMERGENCY from the questions answered so far (issue 20 item 1).

    EMERGENCY is the top tier (ref 1.1), so no later answer can lower it: the app stops at the first such answer
    instead of asking the rest. A rule that a follow-up may still downgrade (RF02, RF05, ref 1.3) waits for its
    follow-up. "Not sure" on a question in ``recheck`` (the screen the person is on) waits too: ref 1.2 asks the
    app to invite a re-check of a "Not sure" first, so it counts when the person leaves that screen. The rules
    themselves are those of :func:`triage`, run with the unanswered questions as No.
    """
    waiting_here = {q for q in recheck if q in answers and _coerce_answer(q, answers[q]) is Answer.NOT_SURE}
    fups = dict(followups or {})
    for fu, trigger in FOLLOWUP_TRIGGERS.items():
        value = fups.get(fu)
        if trigger in {r[:4] for r in recheck} and isinstance(value, Answer | str) \
                and _coerce_answer(fu, value) is Answer.NOT_SURE:
            del fups[fu]  # a "Not sure" follow-up on this screen is re-checked first, like its question
    known = rule_answers({q: a for q, a in answers.items() if q not in waiting_here})
    filled = {q: known.get(q, Answer.NO) for q in QUESTION_IDS}
    result = triage(filled, age=MIN_AGE, followups=fups)
    waiting = {FOLLOWUP_TRIGGERS[f] for f in result.needs_followup}
    return tuple(f.rule for f in result.findings
                 if f.tier is Tier.EMERGENCY and f.rule in known and f.rule not in waiting)

# --- Layer 1: quick check at check-in and before a session (ref 1.4 [PD]) -----------------------------------

QC_NONE = "NONE"
QC_FALL = "FALL"
QUICK_CHECK_TICKS: tuple[str, ...] = ("RF01", "RF02", "RF04", "RF05", "RF10", QC_FALL, QC_NONE)
# Codes of our own for the quick check.
QC_FALL_REMINDER = "QC-FALL-REMINDER"  # minor fall, RF11 No: CLEAR with a reminder to report new pain
QC_FALL_PENDING = "QC-FALL-PENDING"  # fall ticked, follow-up not answered yet
# Follow-up prompts the UI must ask before the quick check is complete.
NEEDS_FALL_SERIOUS = "FALL_SERIOUS"
NEEDS_RF11 = "RF11"

QUICK_CHECK_CODES: tuple[str, ...] = (
    "RF01", "RF02", "RF04", "RF05", "RF10", "RF06", "RF11", QC_FALL_REMINDER, QC_FALL_PENDING,
)


@dataclass(frozen=True, slots=True)
class QuickCheckResult:
    """Outcome of the daily / pre-session tick list.

    Attributes:
        tier: highest tier of the ticks (ref 1.1). Provisional while ``needs_followup`` is set.
        reasons: rule ids that fired ("RF02", "RF06", ...) or our QC-* codes.
        needs_followup: "FALL_SERIOUS" or "RF11" while the fall follow-up is unanswered, else None.
        rescreen: a full 14-question re-screen is due (ref 1.4 layer 2: a fall or accident was reported).
    """

    tier: Tier
    reasons: tuple[str, ...]
    needs_followup: str | None = None
    rescreen: bool = False

    @property
    def complete(self) -> bool:
        return self.needs_followup is None


def quick_check(
    ticks: Collection[str],
    *,
    fall_serious: bool | None = None,
    rf11_answer: Answer | None = None,
) -> QuickCheckResult:
    """Score the quick red-flag check (ref 1.4 layer 1 [PD]).

    Args:
        ticks: ticked ids from ``QUICK_CHECK_TICKS``. "NONE" ("None of these") must be chosen actively and
            cannot be combined with another tick.
        fall_serious: answer to "Was it a serious accident?" when FALL is ticked.
        rf11_answer: the re-asked RF11 answer after a fall that was not serious.

    Raises:
        ValueError: no tick at all, NONE combined with other ticks, or unknown tick ids.
    """
    if isinstance(ticks, str):
        raise ValueError("ticks must be a collection of tick ids, not a single string")
    chosen = set(ticks)
    if not chosen:
        raise ValueError('quick check needs at least one tick; the user must actively choose "None of these"')
    unknown = sorted(str(t) for t in chosen if t not in QUICK_CHECK_TICKS)
    if unknown:
        raise ValueError(f"unknown quick-check ticks {unknown}; expected some of {list(QUICK_CHECK_TICKS)}")
    if QC_NONE in chosen and len(chosen) > 1:
        raise ValueError('"None of these" (NONE) cannot be combined with other ticks')
    if chosen == {QC_NONE}:
        return QuickCheckResult(tier=Tier.CLEAR, reasons=())

    findings: list[Finding] = []
    # Any tick other than FALL maps to its tier of ref 1.2 (ref 1.4). The check-in wording already says "new",
    # so the RF02/RF05 downgrades of 1.3 do not apply here (PS-12, ref 6.11).
    for tick in ("RF01", "RF02", "RF04", "RF05", "RF10"):
        if tick in chosen:
            findings.append(Finding(tick, RED_FLAG_TIERS[tick]))

    needs: str | None = None
    rescreen = False
    if QC_FALL in chosen:
        # A reported fall or accident triggers the full re-screen (ref 1.4 layer 2 [PD]).
        rescreen = True
        if fall_serious is None:
            needs = NEEDS_FALL_SERIOUS
            findings.append(Finding(QC_FALL_PENDING, Tier.CLEAR))
        elif fall_serious:
            # Serious accident = RF06 (ref 1.4; Williams 2013 / Han 2023 Cochrane: major trauma).
            findings.append(Finding("RF06", Tier.EMERGENCY))
        elif rf11_answer is None:
            needs = NEEDS_RF11
            findings.append(Finding(QC_FALL_PENDING, Tier.CLEAR))
        elif _coerce_answer("RF11", rf11_answer).counts_as_yes:
            # Minor fall + RF11 yes: possible fragility fracture (ref 1.4; Williams 2013 Cochrane).
            findings.append(Finding("RF11", Tier.CLINICIAN_SOON))
        else:
            # Minor fall, RF11 No: CLEAR with a reminder to report new pain (ref 1.4).
            findings.append(Finding(QC_FALL_REMINDER, Tier.CLEAR))

    tier = max((f.tier for f in findings), default=Tier.CLEAR)
    return QuickCheckResult(
        tier=tier, reasons=tuple(f.rule for f in findings), needs_followup=needs, rescreen=rescreen
    )


def quick_check_stands(today: date, last_screen_day: date | None, last_tier: Tier | None, *,
                       nothing_reported: bool) -> bool:
    """Whether the quick check before a session can be skipped because one was answered earlier today.

    Ref 1.4 layer 1 [PD] asks the quick check at the daily check-in and before each session; asked twice within
    a minute it is a formality people click through (issue 16), so a check from the same day stands for the
    session when it found nothing: the latest screen (quick check or full safety questions) is from ``today``,
    its tier is CLEAR and nothing was ticked or reported (``nothing_reported``: "None of these", or a full screen).
    Anything else (no check today, a tick such as a minor fall, a higher tier) asks again. The person can always
    answer again ("Something has changed"), which is the "unless something changed" part.
    """
    return (last_screen_day is not None and last_screen_day == today and last_tier is Tier.CLEAR
            and nothing_reported)


# --- Layer 2: when the full 14-question re-screen is due (ref 1.4 [PD]) -------------------------------------

RS_NEVER = "RS-NEVER"  # no full screen on record
RS_INTERVAL = "RS-INTERVAL"  # every redflag_rescreen_days (default 4 weeks) of program use
RS_BODYMAP = "RS-BODYMAP"  # body map: new region below the knee, both legs, or saddle
RS_PAIN = "RS-PAIN"  # check-in pain >= 8/10 on 2 consecutive days
RS_FLARE = "RS-FLARE"  # a flare-up has not settled in 7 days
RS_FALL = "RS-FALL"  # user reports a fall or accident
RS_WEIGHT = "RS-WEIGHT"  # user reports unexplained weight loss
RS_NEW_PAIN = "RS-NEW-PAIN"  # user reports new or different pain
RS_GAP = "RS-GAP"  # return after >= 28 days without any activity
RESCREEN_CODES: tuple[str, ...] = (
    RS_NEVER, RS_INTERVAL, RS_BODYMAP, RS_PAIN, RS_FLARE, RS_FALL, RS_WEIGHT, RS_NEW_PAIN, RS_GAP,
)

# User-reported events that trigger a re-screen (ref 1.4 layer 2).
REPORTED_EVENTS: Mapping[str, str] = MappingProxyType(
    {"FALL": RS_FALL, "ACCIDENT": RS_FALL, "WEIGHT_LOSS": RS_WEIGHT, "NEW_PAIN": RS_NEW_PAIN}
)

# [PD] ref 1.4 layer 2: check-in pain at or above this on RESCREEN_PAIN_DAYS consecutive days.
RESCREEN_PAIN_LEVEL = 8
# [PD] ref 1.4 layer 2: number of consecutive days.
RESCREEN_PAIN_DAYS = 2
# [PD] ref 1.4 layer 2 / 6.7 escalation: a flare that has not settled after this many days.
RESCREEN_FLARE_DAYS = 7


def rescreen_due(
    *,
    today: date,
    last_full_screen: date | None,
    config: ClinicalConfig = DEFAULT_CONFIG,
    body_map_trigger: bool = False,
    checkin_pain: Sequence[int | None] = (),
    flare_start: date | None = None,
    reported: Collection[str] = (),
    last_activity: date | None = None,
) -> tuple[str, ...]:
    """Reasons why the full 14-question re-screen is due today (ref 1.4 layer 2 [PD]); empty if none.

    Args:
        today: the current date (injected).
        last_full_screen: date of the last full screen, None if there has never been one.
        config: thresholds (``redflag_rescreen_days``; ``gap_deload_days[2]`` for the long gap).
        body_map_trigger: the latest body map showed a new region below the knee, symptoms in both legs, or
            anything in the saddle region (``BodyMapResult.rescreen``).
        checkin_pain: daily check-in pain for consecutive calendar days, oldest first, most recent
            last; None for a day without a check-in.
        flare_start: first day of a flare that is still running, None if no flare.
        reported: events the user reported since the last screen, ids in ``REPORTED_EVENTS``.
        last_activity: date of the last completed activity (session), None if unknown.
    """
    if isinstance(reported, str):
        raise ValueError("reported must be a collection of event ids, not a single string")
    unknown = sorted(str(e) for e in reported if e not in REPORTED_EVENTS)
    if unknown:
        raise ValueError(f"unknown reported events {unknown}; expected some of {list(REPORTED_EVENTS)}")
    for name, day in (("last_full_screen", last_full_screen), ("flare_start", flare_start),
                      ("last_activity", last_activity)):
        if day is not None and day > today:
            raise ValueError(f"{name}={day} is after today={today}")

    reasons: list[str] = []
    # Every 4 weeks of program use (ref 1.4 [PD]; Appendix B redflag_rescreen_days).
    if last_full_screen is None:
        reasons.append(RS_NEVER)
    elif (today - last_full_screen).days >= config.redflag_rescreen_days:
        reasons.append(RS_INTERVAL)
    # Body map: new region below the knee, both legs, or saddle (ref 1.4 [PD], 2.4).
    if body_map_trigger:
        reasons.append(RS_BODYMAP)
    # Check-in pain >= 8/10 on 2 consecutive days (ref 1.4 [PD]).
    recent = list(checkin_pain)[-RESCREEN_PAIN_DAYS:]
    if len(recent) == RESCREEN_PAIN_DAYS and all(p is not None and p >= RESCREEN_PAIN_LEVEL for p in recent):
        reasons.append(RS_PAIN)
    # A flare-up that does not settle in 7 days (ref 1.4 [PD], 6.7).
    if flare_start is not None and (today - flare_start).days >= RESCREEN_FLARE_DAYS:
        reasons.append(RS_FLARE)
    # Fall, accident, unexplained weight loss, or "new or different pain" (ref 1.4 [PD]; NICE NG59 1.1.1).
    for code in (RS_FALL, RS_WEIGHT, RS_NEW_PAIN):
        if any(REPORTED_EVENTS[e] == code for e in reported):
            reasons.append(code)
    # Return after >= 28 days without activity (ref 1.4, 6.8 [PD]; Appendix B gap_deload_days).
    if last_activity is not None and (today - last_activity).days >= config.gap_deload_days[2]:
        reasons.append(RS_GAP)
    return tuple(reasons)
