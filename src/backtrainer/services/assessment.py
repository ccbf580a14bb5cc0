"""Assessment use cases: the first assessment (issue 4) and later re-runs.

The UI gathers answers and calls these functions on the worker thread; every rule lives in ``core`` (triage, body-map
rules, questionnaire scoring, movement-test start levels, the first plan). Each save is one transaction that also
moves ``profile.assessment_state`` on, so Today can offer "Carry on with your assessment" and a restart resumes at
the step where the person stopped.

``assessment_state`` (JSON on the profile)::

    {"done": bool,            # an accepted plan exists and no first assessment is in progress
     "step": str | None,      # the step to resume: one of STEPS or an outcome step (see OUTCOME_STEPS)
     "mode": "full" | "rescreen",
     "floor": {table: id},    # rows with a higher id belong to the current run (earlier runs are kept)
     "about": {...},          # About-you answers that have no column (prone comfort, band, country, ...)
     "modifiers": [...],      # plan modifiers switched on by the screening / body map of this run
     "plan_source": "clinician"}  # set when a clinician's hand-off file gave the plan (services.handoff)

Qt-free (ruff bans PySide6 here).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session as DbSession

from backtrainer import __version__
from backtrainer.core import instruments as scoring
from backtrainer.core.bodymap import BodyMap, BodyMapResult, MarkedRegion, Quality
from backtrainer.core.bodymap import evaluate as evaluate_body_map
from backtrainer.core.chains import Chain
from backtrainer.core.library import Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.movement import (
    RESULT_TYPE_BY_ID,
    FirstPlan,
    MovementResult,
    StopCheck,
    StopReason,
    TestId,
    build_first_plan,
    universal_stop_check,
)
from backtrainer.core.progression_ladder import Dose, dose_at, valid_steps
from backtrainer.core.screening import (
    ASKED_IDS,
    FOLLOWUP_IDS,
    MIN_AGE,
    PROFILE_FLAG_IDS,
    QUESTION_IDS,
    Answer,
    Finding,
    Tier,
    TriageResult,
    emergency_now,
    rule_answers,
    triage,
)
from backtrainer.core.session_plan import SessionPlan, taking_turns
from backtrainer.i18n import N_, _, ngettext
from backtrainer.services.clock import Clock, stamp
from backtrainer.services.plan_meta import CapModel, load_plan_meta
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store import assessment_repo as repo
from backtrainer.store.assessment_repo import (
    BodyMapRow,
    MovementRow,
    QuestionnaireRow,
    RegionRow,
    ScreeningRow,
)
from backtrainer.store.db import Database
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import to_record
from backtrainer.store.session_records import ChainState

log = logging.getLogger("backtrainer.rules")

__all__ = [
    "DURATION_CHOICES",
    "OUTCOME_STEPS",
    "STEPS",
    "AboutYou",
    "AssessmentService",
    "AssessmentSnapshot",
    "BodyMapOutcome",
    "InputError",
    "MovementAnswers",
    "PlanItem",
    "PlanPreview",
    "ScreeningOutcome",
]

# The guided steps, in order (issue 4). "intro" explains the steps; the welcome notice (8.1) comes before it.
STEPS: tuple[str, ...] = ("intro", "about", "screening", "bodymap", "questionnaires", "movement", "plan")
# Where a run can stop instead: under 18, emergency screen (8.3), exercise paused (8.4), re-screen finished.
OUTCOME_STEPS: tuple[str, ...] = ("not_eligible", "emergency", "paused", "rescreen_done")
RESCREEN_STEPS: tuple[str, ...] = ("screening", "bodymap")

# "How long has this episode lasted?" -> weeks stored in profile.pain_weeks. The 6-week boundary matters for RF-AGE2
# and the 4/12-week bands for the stage of ref 0.3. The words are marked for translation; the UI shows _(text).
DURATION_CHOICES: tuple[tuple[str, int], ...] = (
    (N_("Less than 2 weeks"), 1),
    (N_("2 to 5 weeks"), 3),
    (N_("6 to 11 weeks"), 8),
    (N_("3 to 12 months"), 26),
    (N_("More than a year"), 60),
)

# Questionnaires of the baseline battery (ref 3.0) that ship with the app, in order; licensed ones follow if a pack
# has been imported (ODI or RMDQ, not both: the first imported wins).
SHIPPED_QUESTIONNAIRES: tuple[str, ...] = ("NPRS", "STARTBACK", "PSFS")
PACK_QUESTIONNAIRES: tuple[str, ...] = ("ODI", "RMDQ", "PSEQ", "FABQ_PA", "TSK11")
DISABILITY_PAIR: tuple[str, str] = ("ODI", "RMDQ")
PACKS_FOLDER = "instrument_packs"  # <data dir>/instrument_packs/*.toml, imported by a clinic

# Movement tests in the order of ref 4.0, then the comfortable walk of 5.7.
MOVEMENT_ORDER: tuple[str, ...] = (
    TestId.STS, TestId.SLS, TestId.HINGE, TestId.FTF, TestId.ASLR, TestId.BRIDGE, TestId.SIDEBRIDGE, TestId.WALK,
)

# Sessions per week of the standard template (ref 5.9 [PD]) on non-consecutive days.
SESSION_DAY_OFFSETS: tuple[int, ...] = (0, 2, 4)


# --- inputs and outputs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AboutYou:
    nickname: str
    age: int
    first_episode: bool
    pain_weeks: int
    flags: tuple[str, ...] = ()
    country: str | None = None  # code from safety.toml emergency_numbers
    emergency_number: str | None = None
    prone_ok: bool = True
    has_band: bool = False


@dataclass(frozen=True, slots=True)
class AboutOutcome:
    eligible: bool
    profile: ProfileRecord
    next_step: str


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """What the UI shows after the red-flag questions (ref 1.1 routing)."""

    tier: str
    reasons: tuple[str, ...]
    next_step: str
    eligible: bool = True
    same_day_care: bool = False
    not_sure: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    needs_followup: tuple[str, ...] = ()
    emergency_number: str | None = None


@dataclass(frozen=True, slots=True)
class BodyMapOutcome:
    tier: str
    reasons: tuple[str, ...]
    next_step: str
    modifiers: tuple[str, ...] = ()
    ask_questions: tuple[str, ...] = ()
    suggest_review: bool = False
    emergency_number: str | None = None


@dataclass(frozen=True, slots=True)
class MovementAnswers:
    """What one movement-test screen gathered.

    ``timer_s``: the timed result (sit-to-stand time, bridge hold, walk seconds). ``side_s``: per side ("right",
    "left") a list of trial times (single-leg stance: up to 3; side bridge: 1). ``answers``: the "questions after"
    keyed as in movement_tests.toml (core field names).
    """

    test_id: str
    pain_before: int | None = None
    timer_s: float | None = None
    side_s: Mapping[str, Sequence[float]] = field(default_factory=dict)
    answers: Mapping[str, Any] = field(default_factory=dict)
    stopped_reason: str | None = None
    could_not_do_safely: bool = False


@dataclass(frozen=True, slots=True)
class SavedMovement:
    """A stored movement test; ``stop`` is set when the universal stop rule (ref 4.0) stopped it for the person."""

    row: MovementRow
    stop: StopCheck | None = None


@dataclass(frozen=True, slots=True)
class PlanItem:
    chain: str
    chain_name: str
    exercise_id: str
    exercise_name: str
    level: int
    top_level: int
    step: int
    included: bool
    dose: Dose
    per_side: bool
    reasons: tuple[str, ...]
    params: Mapping[str, Any]
    with_support: bool = False
    extra_set_side: str | None = None


@dataclass(frozen=True, slots=True)
class PlanPreview:
    items: tuple[PlanItem, ...]
    modifiers: tuple[str, ...]
    reasons: tuple[str, ...]  # plan-wide reason codes (modifiers, caps, walking, education)
    params: Mapping[str, Any]
    walk_minutes: int | None
    walks_per_day: tuple[int, int]
    walk_reasons: tuple[str, ...]
    walk_params: Mapping[str, Any]
    education_week1: tuple[str, ...]
    extra_exercises: tuple[str, ...]
    session_days: tuple[str, ...]  # ISO dates of the first week's sessions
    start_day: str
    # What the first session holds, composed exactly as Today composes it (core.session_plan.compose_session),
    # so the plan, the first session and its summary name the same exercises (issue 20.10).
    first_session: tuple[str, ...] = ()
    first_minutes: int = 0  # its estimated length, as Today shows it (so the plan's "your week" says the same)
    turns: tuple[str, str] | None = None  # the two chains that take turns, one per session (ref 5.9)


@dataclass(frozen=True, slots=True)
class AssessmentSnapshot:
    """Everything the flow needs to show or resume, read in one go."""

    profile: ProfileRecord
    state: Mapping[str, Any]
    screening: ScreeningRow | None = None
    body_map: BodyMapRow | None = None
    questionnaires: Mapping[str, QuestionnaireRow] = field(default_factory=dict)
    movement: Mapping[str, MovementRow] = field(default_factory=dict)
    plan: tuple[ChainState, ...] = ()
    open_tier: str | None = None
    instruments: tuple[str, ...] = SHIPPED_QUESTIONNAIRES

    @property
    def step(self) -> str:
        return str(self.state.get("step") or "intro")

    @property
    def done(self) -> bool:
        return bool(self.state.get("done"))

    @property
    def mode(self) -> str:
        return str(self.state.get("mode") or "full")

    @property
    def about(self) -> Mapping[str, Any]:
        value = self.state.get("about")
        return value if isinstance(value, Mapping) else {}

    @property
    def emergency_number(self) -> str | None:
        return self.profile.emergency_number


def _next_of(step: str, mode: str) -> str:
    steps = RESCREEN_STEPS if mode == "rescreen" else STEPS
    if step not in steps:
        return steps[0]
    index = steps.index(step)
    if index + 1 < len(steps):
        return steps[index + 1]
    return "rescreen_done" if mode == "rescreen" else "plan"


def _route(tier: Tier, step: str, mode: str) -> str:
    """Where the flow goes after a screen with this tier (ref 1.1): EMERGENCY and CLINICIAN_SOON stop the run."""
    if tier is Tier.EMERGENCY:
        return "emergency"
    if tier is Tier.CLINICIAN_SOON:
        return "paused"
    return _next_of(step, mode)


def _floor(state: Mapping[str, Any], table: str) -> int:
    floors = state.get("floor")
    if not isinstance(floors, Mapping):
        return 0
    return int(floors.get(table, 0) or 0)


def _day(now: str) -> str:
    return now[:10]


# --- the service ----------------------------------------------------------------------------------------------------


class AssessmentService:
    """Use cases of the assessment flow; one ``session_scope`` (= one transaction) per user action."""

    def __init__(self, db: Database, clock: Clock, *, packs_dir: Path | None = None) -> None:
        self.db = db
        self.clock = clock
        self.packs_dir = packs_dir

    # -- state and resume --------------------------------------------------------------------------------------------

    def snapshot(self, profile_id: int) -> AssessmentSnapshot:
        """The current run's saved answers and the step to resume."""
        instruments = self.questionnaire_ids()
        with self.db.session_scope() as s:
            row = repo.profile_row(s, profile_id)
            profile = to_record(row)
            state = dict(row.assessment_state or {})
            maps = repo.body_maps(s, profile_id, above_id=_floor(state, "body_map"))
            return AssessmentSnapshot(
                profile=profile,
                state=state,
                screening=repo.latest_screening(s, profile_id, above_id=_floor(state, "screening")),
                body_map=maps[-1] if maps else None,
                questionnaires=repo.latest_questionnaires(s, profile_id, above_id=_floor(state, "questionnaire")),
                movement=repo.latest_movement(s, profile_id, above_id=_floor(state, "movement")),
                plan=tuple(repo.plan_chains(s, profile_id)),
                open_tier=repo.open_red_flag_tier(s, profile_id),
                instruments=instruments,
            )

    def start(self, profile_id: int, *, mode: str = "full", reason: str | None = None) -> AssessmentSnapshot:
        """Start a run. A first run starts at "about"; a re-run keeps every earlier record (new rows only).

        ``mode`` "full" walks all steps and ends with a new plan; "rescreen" asks the red-flag questions and the body
        map again (ref 1.4 layer 2 and 3, the "I have a new symptom" button) and keeps the current plan.
        """
        if mode not in ("full", "rescreen"):
            raise ValueError(f"unknown assessment mode {mode!r}")
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            state = repo.get_state(s, profile_id)
            had_plan = bool(state.get("done")) or bool(repo.plan_chains(s, profile_id))
            first = not state.get("step") and not had_plan
            # A plan from a clinician's file on someone who never did "About you": the triage needs their age,
            # first episode and how long it has lasted (ref 1.2), so the safety questions start there.
            needs_about = repo.profile_row(s, profile_id).age is None
            new_state: dict[str, Any] = {
                "done": had_plan if mode == "rescreen" else False,
                "step": "about" if mode == "full" or needs_about else "screening",
                "mode": mode,
                "floor": {} if first else repo.max_ids(s, profile_id),
                "about": state.get("about", {}),
                "started_at": now,
            }
            if mode == "full" and had_plan:
                new_state["rerun"] = True
                new_state["done"] = False
                new_state["had_plan"] = True
            repo.set_state(s, profile_id, new_state)
            repo.add_event(s, profile_id, at=now, day=_day(now), kind="assessment_started",
                           reasons=[reason] if reason else [], payload={"mode": mode}, actor="patient")
        return self.snapshot(profile_id)

    def set_step(self, profile_id: int, step: str) -> None:
        """Remember the step on screen (Back / Next without new data)."""
        if step not in STEPS and step not in OUTCOME_STEPS:
            raise ValueError(f"unknown assessment step {step!r}")
        with self.db.session_scope() as s:
            state = repo.get_state(s, profile_id)
            state["step"] = step
            repo.set_state(s, profile_id, state)

    # -- step 2: about you ------------------------------------------------------------------------------------------

    def save_about(self, profile_id: int, about: AboutYou) -> AboutOutcome:
        nickname = clean_nickname(about.nickname)
        if isinstance(about.age, bool) or not isinstance(about.age, int) or not 0 < about.age <= 120:
            raise InputError(_("Please type your age in years, as a number."))
        if about.pain_weeks < 0:
            raise InputError(_("Please choose how long this episode has lasted."))
        unknown = [f for f in about.flags if f not in PROFILE_FLAG_IDS]
        if unknown:
            raise ValueError(f"unknown profile flags {unknown}")
        eligible = about.age >= MIN_AGE  # RF-AGE3 (ref 1.2, 0.3): the program is for adults
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            repo.update_profile(s, profile_id, nickname=nickname, age=about.age, first_episode=about.first_episode,
                                pain_weeks=about.pain_weeks, flags=about.flags,
                                emergency_number=about.emergency_number)
            state = repo.get_state(s, profile_id)
            mode = str(state.get("mode") or "full")
            state.setdefault("mode", mode)
            state["about"] = {"country": about.country, "prone_ok": about.prone_ok, "has_band": about.has_band}
            next_step = _next_of("about", mode) if eligible else "not_eligible"
            state["step"] = next_step
            if mode != "rescreen":
                state["done"] = False  # a re-screen keeps the plan it was started from
            repo.set_state(s, profile_id, state)
            if not eligible:
                repo.add_event(s, profile_id, at=now, day=_day(now), kind="not_eligible", reasons=["RF-AGE3"],
                               payload={"age": about.age})
            profile = to_record(repo.profile_row(s, profile_id))
        return AboutOutcome(eligible, profile, next_step)

    # -- the emergency number: one stored choice per person (issue 20 item 6) -------------------------------------

    def emergency_choice(self, profile_id: int) -> tuple[str | None, str | None]:
        """(country code or None, number or None) as chosen in About you or Settings."""
        with self.db.session_scope() as s:
            row = repo.profile_row(s, profile_id)
            about = (row.assessment_state or {}).get("about") or {}
            return (about.get("country") if isinstance(about, Mapping) else None), row.emergency_number

    def set_emergency_choice(self, profile_id: int, country: str | None, number: str) -> None:
        """Store the country and its number on the profile (Settings writes the same place as About you)."""
        number = number.strip()
        if not number.isdigit() or len(number) > 6:
            raise InputError(_("Please type your emergency number."))
        with self.db.session_scope() as s:
            row = repo.profile_row(s, profile_id)
            row.emergency_number = number
            s.add(row)
            state = repo.get_state(s, profile_id)
            about = dict(state.get("about") or {})
            about["country"] = country
            state["about"] = about
            repo.set_state(s, profile_id, state)

    # -- step 3: red-flag questions ----------------------------------------------------------------------------------

    def save_screening(
        self,
        profile_id: int,
        answers: Mapping[str, str],
        followups: Mapping[str, str] | None = None,
    ) -> ScreeningOutcome:
        """Triage the answers (core.screening), store answers + tier + reasons + an event, and route (ref 1.1).

        ``answers`` holds every question as asked (``ASKED_IDS``: one thing per question); a rule's own id
        ("RF10") is accepted in place of its parts.
        """
        fups = {k: Answer(str(v)) for k, v in (followups or {}).items() if k in FOLLOWUP_IDS}
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            row = repo.profile_row(s, profile_id)
            if row.age is None:
                raise InputError(_("Please fill in the About you step first."))
            checked = rule_answers({k: str(v) for k, v in answers.items()}, tuple(row.flags or ()))
            if len(checked) != len(QUESTION_IDS):
                missing = [q for q in ASKED_IDS if q not in answers and q[:4] not in checked]
                raise InputError(ngettext("Please answer every question ({count} still open).",
                                          "Please answer every question ({count} still open).",
                                          len(missing)).format(count=len(missing)))
            result: TriageResult = triage(
                checked, age=row.age, first_episode=bool(row.first_episode),
                pain_weeks=row.pain_weeks, followups=fups, profile_flags=tuple(row.flags or ()),
            )
            stored = {k: Answer(str(v)).value for k, v in answers.items()}
            return self._store_screening(s, row, result, stored, fups, now, kind="full")

    def stop_screening(
        self,
        profile_id: int,
        answers: Mapping[str, str],
        followups: Mapping[str, str] | None = None,
    ) -> ScreeningOutcome | None:
        """Stop the safety questions at the first answer that makes them EMERGENCY (issue 20 item 1).

        Returns None (and stores nothing) while no answer does; else stores the answers so far as a "partial"
        screen with tier EMERGENCY and routes to the emergency screen (ref 1.1, 8.3).
        """
        fups = {k: Answer(str(v)) for k, v in (followups or {}).items() if k in FOLLOWUP_IDS}
        asked = {k: Answer(str(v)) for k, v in answers.items()}
        rules = emergency_now(asked, fups)
        if not rules:
            return None
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            row = repo.profile_row(s, profile_id)
            findings = tuple(Finding(rule, Tier.EMERGENCY) for rule in rules)
            result = TriageResult(tier=Tier.EMERGENCY, reasons=rules, eligible=True, findings=findings)
            return self._store_screening(s, row, result, {k: v.value for k, v in asked.items()}, fups, now,
                                         kind="partial")

    def _store_screening(self, s: DbSession, row: Any, result: TriageResult, answers: Mapping[str, str],
                         fups: Mapping[str, Answer], now: str, *, kind: str) -> ScreeningOutcome:
        profile_id = int(row.id)
        state = dict(row.assessment_state or {})
        mode = str(state.get("mode") or "full")
        next_step = "not_eligible" if not result.eligible else _route(result.tier, "screening", mode)
        repo.add_screening(s, profile_id, at=now, kind=kind, answers=dict(answers),
                           followups={k: v.value for k, v in fups.items()}, tier=result.tier.code,
                           reasons=result.reasons, app_version=__version__)
        repo.add_event(s, profile_id, at=now, day=_day(now),
                       kind="red_flag" if result.tier >= Tier.CLINICIAN_SOON else "screening",
                       reasons=result.reasons,
                       payload={"tier": result.tier.code, "same_day_care": result.same_day_care,
                                "source": "screening", "mode": mode})
        state["step"] = next_step
        state["modifiers"] = sorted({*state.get("modifiers", ()), *(m.value for m in result.modifiers)})
        if next_step in ("emergency", "paused"):
            state["stopped_tier"] = result.tier.code
            # Only the rules of the tier that stops the run go into "You told us about ..." (8.3, 8.4): an
            # emergency screen does not mix in the reasons for a routine check (issue 20 item 1).
            state["stopped_reasons"] = [f.rule for f in result.findings if f.tier == result.tier]
            state["same_day_care"] = result.same_day_care
        repo.set_state(s, profile_id, state)
        number = row.emergency_number
        log.info("screening tier %s reasons %s", result.tier.code, result.reasons)
        return ScreeningOutcome(
            tier=result.tier.code, reasons=result.reasons, next_step=next_step, eligible=result.eligible,
            same_day_care=result.same_day_care, not_sure=result.not_sure,
            modifiers=tuple(sorted(m.value for m in result.modifiers)), needs_followup=result.needs_followup,
            emergency_number=number,
        )

    # -- step 4: body map --------------------------------------------------------------------------------------------

    def save_body_map(
        self,
        profile_id: int,
        regions: Sequence[MarkedRegion],
        *,
        back_intensity: int | None = None,
        context: str = "baseline",
    ) -> BodyMapOutcome:
        """Evaluate the map with rules BM01-BM12 (core.bodymap) against earlier maps, store it, and route."""
        current = BodyMap(tuple(regions), back_intensity=back_intensity)
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            earlier = repo.body_maps(s, profile_id)
            previous = [_to_body_map(m) for m in earlier]
            result: BodyMapResult = evaluate_body_map(current, previous=previous)
            new = set(result.new_regions)
            rows = [RegionRow(r.region_id, tuple(sorted(q.value for q in r.qualities)), r.intensity,
                              r.region_id in new) for r in current.regions]
            repo.add_body_map(s, profile_id, at=now, context=context, tier=result.tier.code, reasons=result.reasons,
                              regions=rows)
            row = repo.profile_row(s, profile_id)
            state = dict(row.assessment_state or {})
            mode = str(state.get("mode") or "full")
            next_step = _route(result.tier, "bodymap", mode)
            if result.tier >= Tier.CLINICIAN_SOON:
                # A red-flag body map pauses exercise like a screening with that tier (ref 2.4 -> 1.1). It is stored
                # as a screening row too, so Today and the exercise pages see one "open red flag" place.
                repo.add_screening(s, profile_id, at=now, kind="bodymap", answers={}, followups={},
                                   tier=result.tier.code, reasons=result.reasons, app_version=__version__)
                state["stopped_tier"] = result.tier.code
                state["stopped_reasons"] = [f.rule for f in result.findings if f.tier == result.tier]
                state["same_day_care"] = False
            repo.add_event(s, profile_id, at=now, day=_day(now),
                           kind="red_flag" if result.tier >= Tier.CLINICIAN_SOON else "body_map",
                           reasons=result.reasons,
                           payload={"tier": result.tier.code, "source": "bodymap", "wpi": result.wpi_count,
                                    "rescreen": result.rescreen})
            state["step"] = next_step
            state["modifiers"] = sorted({*state.get("modifiers", ()), *(m.value for m in result.modifiers)})
            repo.set_state(s, profile_id, state)
            number = row.emergency_number
        return BodyMapOutcome(
            tier=result.tier.code, reasons=result.reasons, next_step=next_step,
            modifiers=tuple(sorted(m.value for m in result.modifiers)), ask_questions=result.ask_questions,
            suggest_review=result.suggest_clinician_review, emergency_number=number,
        )

    # -- step 5: questionnaires --------------------------------------------------------------------------------------

    def questionnaire_ids(self) -> tuple[str, ...]:
        """NPRS, STarT Back, PSFS, then each licensed instrument whose pack was imported (one of ODI / RMDQ)."""
        packs = self.imported_packs()
        extra: list[str] = []
        for instrument_id in PACK_QUESTIONNAIRES:
            if instrument_id not in packs:
                continue
            if instrument_id in DISABILITY_PAIR and any(i in DISABILITY_PAIR for i in extra):
                continue  # ODI or RMDQ, not both (ref 3.0)
            extra.append(instrument_id)
        return (*SHIPPED_QUESTIONNAIRES, *extra)

    def imported_packs(self) -> dict[str, Any]:
        """Licensed instrument text imported by a clinic: instrument id -> pack instrument (items with options)."""
        if self.packs_dir is None or not self.packs_dir.is_dir():
            return {}
        from backtrainer.content.instruments import InstrumentPackError, parse_instrument_pack

        found: dict[str, Any] = {}
        for path in sorted(self.packs_dir.glob("*.toml")):
            try:
                pack = parse_instrument_pack(path.read_text(encoding="utf-8"))
            except (InstrumentPackError, OSError, UnicodeDecodeError) as exc:
                log.warning("instrument pack %s ignored: %s", path.name, exc)
                continue
            if pack.test_fixture and not path.name.startswith("test-"):
                continue
            for inst in pack.instruments:
                found.setdefault(inst.id, inst)
        return found

    def save_questionnaire(self, profile_id: int, instrument_id: str, raw: Mapping[str, Any]) -> QuestionnaireRow:
        """Score the raw answers with core.instruments and store raw + score (ref 3.0 data rules; never overwrite).

        Raw formats: NPRS ``{"value": n}``; STARTBACK ``{"1".."8": 0|1, "9": key}``; PSFS ``{"activities":
        [{"name": str, "rating": n}, ...]}``; ODI ``{"1".."10": n | None}``; RMDQ/PSEQ/PSEQ2/FABQ_PA/TSK11
        ``{"1".."n": n}``.
        """
        from backtrainer.content.instruments import get_instrument

        meta = get_instrument(instrument_id)
        score, subscores, band, missing, stored = _score(instrument_id, raw)
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            record = repo.add_questionnaire(
                s, profile_id, instrument_id=instrument_id, instrument_version=meta.version, language="en", at=now,
                raw_items=stored, missing_count=missing, score=score, subscores=subscores, band=band,
                scoring_version=scoring.SCORING_VERSION[instrument_id],
            )
            state = repo.get_state(s, profile_id)
            done = set(repo.latest_questionnaires(s, profile_id, above_id=_floor(state, "questionnaire")))
            if all(i in done for i in self.questionnaire_ids()):
                state["step"] = _next_of("questionnaires", str(state.get("mode") or "full"))
            else:
                state["step"] = "questionnaires"
            repo.set_state(s, profile_id, state)
        return record

    # -- step 6: movement tests --------------------------------------------------------------------------------------

    def save_movement_test(self, profile_id: int, answers: MovementAnswers) -> SavedMovement:
        """Check the answers against core.movement's result record and store them (time kept even if stopped).
        A test whose pain passed the universal stop rule is stored as stopped even if the person did not press
        "I need to stop" (ref 4.0 [PD]); ``stop`` says so, for the screen to tell them."""
        result = movement_result(answers)
        stop = stop_rule_check(result)
        if stop is not None:
            result = dataclasses.replace(result, stopped_reason=stop.stopped_reason)
        data = _result_data(result)
        data.update({"timer_s": answers.timer_s, "side_s": {k: list(v) for k, v in answers.side_s.items()}})
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            record = repo.add_movement(
                s, profile_id, test_id=answers.test_id, at=now, data=data, pain_before=result.pain_before,
                pain_after=result.pain_after,
                stopped_reason=None if result.stopped_reason is None else str(result.stopped_reason),
                could_not_do=result.could_not_do_safely,
            )
            state = repo.get_state(s, profile_id)
            done = set(repo.latest_movement(s, profile_id, above_id=_floor(state, "movement")))
            state["step"] = "plan" if all(t in done for t in MOVEMENT_ORDER) else "movement"
            repo.set_state(s, profile_id, state)
        return SavedMovement(record, stop)

    # -- step 7: the plan --------------------------------------------------------------------------------------------

    def preview_plan(self, profile_id: int) -> PlanPreview:
        """The first plan from core.movement.build_first_plan, with exercise names and doses (nothing is written)."""
        snap = self.snapshot(profile_id)
        return self._preview(snap)

    def accept_plan(self, profile_id: int) -> PlanPreview:
        """Write the plan (PlanChain rows + one event per chain with its reasons) and finish the assessment."""
        snap = self.snapshot(profile_id)
        if snap.open_tier is not None:
            raise InputError(_("Your exercises are paused until a doctor or physiotherapist has checked you."))
        preview = self._preview(snap)
        now = stamp(self.clock)
        day = preview.start_day
        with self.db.session_scope() as s:
            for item in preview.items:
                previous = repo.upsert_plan_chain(
                    s, profile_id,
                    ChainState(item.chain, item.exercise_id, item.level, item.step, day, included=item.included,
                               extra_set_side=item.extra_set_side),
                    now=now,
                )
                repo.add_event(
                    s, profile_id, at=now, day=day, kind="plan_start", chain=item.chain, exercise_id=item.exercise_id,
                    reasons=item.reasons,
                    payload={"level": item.level, "step": item.step, "included": item.included,
                             "params": dict(item.params), "with_support": item.with_support,
                             "previous": None if previous is None else dataclasses.asdict(previous)},
                )
            repo.add_event(
                s, profile_id, at=now, day=day, kind="plan_accepted", reasons=preview.reasons, actor="patient",
                payload={"modifiers": list(preview.modifiers), "walk_minutes": preview.walk_minutes,
                         "walks_per_day": list(preview.walks_per_day), "education_week1": list(preview.education_week1),
                         "extra_exercises": list(preview.extra_exercises), "session_days": list(preview.session_days),
                         "params": dict(preview.params)},
            )
            state = repo.get_state(s, profile_id)
            repo.set_state(s, profile_id, {
                "done": True, "step": None, "mode": "full", "floor": state.get("floor", {}),
                "about": state.get("about", {}), "modifiers": list(preview.modifiers), "plan_day": day,
                "walk_minutes": preview.walk_minutes, "education_week1": list(preview.education_week1),
            })
            self._write_plan_meta(s, profile_id, snap, preview)
        return preview

    def _write_plan_meta(self, s: DbSession, profile_id: int, snap: AssessmentSnapshot, preview: PlanPreview) -> None:
        """Plan-wide settings the training engine reads (modifiers, 4.8 caps, optional chains, days, walking)."""
        first = self._first_plan(snap)
        start = date.fromisoformat(preview.start_day)
        caps = tuple(
            CapModel(chain=chain, max_level=cap.max_level, until=start + timedelta(days=cap.days), code=cap.code)
            for cap in first.caps for chain in cap.chains)
        optional = tuple(Chain(i.chain) for i in preview.items
                         if i.included and Chain(i.chain) in (Chain.ANT, Chain.PX, Chain.ABD, Chain.AR))
        row = repo.profile_row(s, profile_id)
        meta = load_plan_meta(row.plan_meta).with_changes(
            plan_start=start, modifiers=tuple(Modifier(m) for m in preview.modifiers), caps=caps,
            include_optional=optional, has_band=bool(snap.about.get("has_band", False)),
            prone_ok=bool(snap.about.get("prone_ok", True)),
            weekdays=tuple(sorted({date.fromisoformat(d).weekday() for d in preview.session_days})),
            walk_minutes=preview.walk_minutes, walks_per_day=max(1, min(preview.walks_per_day)),
            education_week1=tuple(preview.education_week1),
        )
        row.plan_meta = meta.dump()
        s.add(row)

    def _preview(self, snap: AssessmentSnapshot) -> PlanPreview:
        from backtrainer.content.exercises import load_library

        profile = snap.profile
        if profile.age is None or profile.age < MIN_AGE:
            raise InputError(_("Please fill in the About you step first."))
        plan = self._first_plan(snap)
        library = load_library()
        items: list[PlanItem] = []
        for start in plan.chains:
            if start.chain not in library.chains:
                continue
            spec = library.at(start.chain, start.level)
            step = min(start.step, valid_steps(spec.ladder)[-1])
            items.append(PlanItem(
                chain=start.chain.value, chain_name=library.chain(start.chain).name or start.chain.value,
                exercise_id=spec.id, exercise_name=spec.name, level=start.level,
                top_level=library.levels(start.chain), step=step, included=start.included,
                dose=dose_at(spec.ladder, spec.base, step), per_side=spec.per_side, reasons=start.reasons,
                params=dict(start.params), with_support=start.with_support, extra_set_side=start.extra_set_side,
            ))
        start_day = self.clock.now().date()
        days = tuple((start_day + timedelta(days=offset)).isoformat() for offset in SESSION_DAY_OFFSETS)
        first = first_session(items, plan.modifiers, library, start_day, has_band=bool(snap.about.get("has_band")),
                              prone_ok=bool(snap.about.get("prone_ok", True)))
        turns = taking_turns(library)
        return PlanPreview(
            items=tuple(items), modifiers=tuple(sorted(m.value for m in plan.modifiers)), reasons=plan.reasons,
            params=dict(plan.params), walk_minutes=plan.walk.minutes_per_walk, walks_per_day=plan.walk.walks_per_day,
            walk_reasons=plan.walk.reasons, walk_params=dict(plan.walk.params),
            education_week1=plan.education_week1, extra_exercises=plan.extra_exercises, session_days=days,
            start_day=start_day.isoformat(), first_session=first.exercise_ids, first_minutes=int(first.minutes),
            turns=(turns[0].value, turns[1].value),
        )

    def _first_plan(self, snap: AssessmentSnapshot) -> FirstPlan:
        results: list[MovementResult] = []
        for row in snap.movement.values():
            try:
                results.append(_result_from_row(row))
            except ValueError as exc:  # a row written by an older version: skip it, the default level applies
                log.warning("movement result %s ignored: %s", row.test_id, exc)
        q = snap.questionnaires
        nprs = q.get("NPRS")
        odi = q.get("ODI")
        rmdq = q.get("RMDQ")
        startback = q.get("STARTBACK")
        fabq = q.get("FABQ_PA")
        modifiers = set(snap.state.get("modifiers", ()))
        widespread = snap.body_map is not None and "BM06" in snap.body_map.reasons
        about = snap.about
        return build_first_plan(
            results,
            age=int(snap.profile.age or MIN_AGE),
            # One baseline rating stands in for the 3-day mean until the daily check-ins exist (ref 4.8).
            baseline_nprs_mean=None if nprs is None or nprs.score is None else float(nprs.score),
            odi_percent=None if odi is None or odi.score is None else float(odi.score),
            rmdq=None if rmdq is None or rmdq.score is None else int(rmdq.score),
            start_back_risk=None if startback is None else startback.band,
            leg_pathway=Modifier.LEG.value in modifiers,
            prone_ok=bool(about.get("prone_ok", True)),
            has_band=bool(about.get("has_band", False)),
            fabq_pa=None if fabq is None or fabq.score is None else int(fabq.score),
            widespread_pain=widespread,
            # Known thin bones: loaded end-range flexion needs clinician approval (ref 4.8 caps).
            osteoporosis="severe_osteoporosis" in (snap.profile.flags or ()),
        )

    # -- clearance and history ---------------------------------------------------------------------------------------

    def attest_checked(self, profile_id: int) -> AssessmentSnapshot:
        """Home mode (ref 1.1): the person confirms a clinician has checked them and said they may exercise.

        Open red-flag screens are marked cleared by the patient, and a fresh full screen is required: the run goes
        back to the red-flag questions.
        """
        now = stamp(self.clock)
        with self.db.session_scope() as s:
            count = repo.clear_open_screenings(s, profile_id, at=now, by="patient",
                                               note="Confirmed a clinician checked them and said they may exercise")
            state = repo.get_state(s, profile_id)
            state["step"] = "screening"
            for key in ("stopped_tier", "stopped_reasons", "same_day_care"):
                state.pop(key, None)
            state["floor"] = {**repo.max_ids(s, profile_id), "questionnaire": _floor(state, "questionnaire"),
                              "movement": _floor(state, "movement")}
            repo.set_state(s, profile_id, state)
            repo.add_event(s, profile_id, at=now, day=_day(now), kind="red_flag_cleared", actor="patient",
                           payload={"cleared": count, "by": "patient attestation"})
        return self.snapshot(profile_id)

    def history(self, profile_id: int) -> list[ScreeningRow]:
        with self.db.session_scope() as s:
            return repo.screenings(s, profile_id)


# --- helpers (pure) -------------------------------------------------------------------------------------------------


def _to_body_map(row: BodyMapRow) -> BodyMap:
    return BodyMap(tuple(MarkedRegion(r.region_id, frozenset(Quality(q) for q in r.qualities), r.intensity)
                         for r in row.regions))


def _int_or_none(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _score(instrument_id: str, raw: Mapping[str, Any]) -> tuple[float | None, dict[str, Any], str | None, int,
                                                                dict[str, Any]]:
    """(score, subscores, band, missing_count, raw to store) for one instrument, via core.instruments."""
    if instrument_id == "NPRS":
        n = scoring.score_nprs(int(raw["value"]))
        return float(n.value), {}, n.band.value, 0, {"value": n.value}
    if instrument_id == "STARTBACK":
        items = [int(raw[str(i)]) for i in range(1, 9)]
        sb = scoring.score_start_back(items, str(raw["9"]))
        stored: dict[str, Any] = {str(i): items[i - 1] for i in range(1, 9)}
        stored["9"] = str(raw["9"])
        return float(sb.overall), {"psychosocial": sb.psychosocial}, sb.risk.value, 0, stored
    if instrument_id == "PSFS":
        activities = [
            {"name": clean_activity(str(a["name"])), "key": a.get("key"), "rating": int(a["rating"])}
            for a in raw.get("activities", ())
        ]
        ps = scoring.score_psfs([a["rating"] for a in activities])
        return round(ps.mean, 2), {"count": ps.count}, None, 0, {"activities": activities}
    if instrument_id == "ODI":
        sections = [_int_or_none(raw.get(str(i))) for i in range(1, 11)]
        od = scoring.score_odi(sections)
        odi_raw: dict[str, Any] = {str(i): sections[i - 1] for i in range(1, 11)}
        missing = sum(1 for v in sections if v is None)
        return od.percent, {"answered": od.answered}, None if od.band is None else od.band.value, missing, odi_raw
    counts = {"RMDQ": 24, "PSEQ": 10, "PSEQ2": 2, "FABQ_PA": 5, "TSK11": 11}
    if instrument_id not in counts:
        raise ValueError(f"unknown instrument {instrument_id!r}")
    values = [int(raw[str(i)]) for i in range(1, counts[instrument_id] + 1)]
    stored = {str(i): values[i - 1] for i in range(1, len(values) + 1)}
    if instrument_id == "RMDQ":
        return float(scoring.score_rmdq(values).total), {}, None, 0, stored
    if instrument_id == "PSEQ":
        pq = scoring.score_pseq(values)
        return float(pq.total), {}, pq.band.value, 0, stored
    if instrument_id == "PSEQ2":
        return float(scoring.score_pseq2(values).total), {}, None, 0, stored
    if instrument_id == "FABQ_PA":
        fb = scoring.score_fabq_pa(values)
        return float(fb.total), {"high": fb.high}, "high" if fb.high else None, 0, stored
    return float(scoring.score_tsk11(values).total), {}, None, 0, stored


def clean_activity(raw: str) -> str:
    text = " ".join(raw.split())
    if not text:
        raise InputError(_("Please type the activity, or pick one from the list."))
    if len(text) > 80:
        raise InputError(_("Please keep each activity under 80 characters."))
    return text


def movement_result(answers: MovementAnswers) -> MovementResult:
    """Build the core result record for one test from what the screen gathered (raises ValueError if invalid)."""
    cls = RESULT_TYPE_BY_ID.get(answers.test_id)
    if cls is None:
        raise ValueError(f"unknown movement test {answers.test_id!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {k: v for k, v in answers.answers.items() if k in names and v is not None}
    values["pain_before"] = answers.pain_before
    values["could_not_do_safely"] = answers.could_not_do_safely
    if answers.stopped_reason is not None:
        values["stopped_reason"] = StopReason(answers.stopped_reason)
    test = answers.test_id
    timer = answers.timer_s
    sides = answers.side_s
    if test == TestId.STS:
        values["time_s"] = None if timer is None or timer <= 0 else round(timer, 1)
        if answers.could_not_do_safely or values["time_s"] is None:
            values["completed"] = False
    elif test == TestId.BRIDGE:
        values["hold_s"] = min(float(timer or 0.0), 180.0)
        if answers.stopped_reason in (StopReason.PAIN, StopReason.PAIN_RISE, StopReason.SHARP_PAIN):
            values["end_reason"] = "pain"
    elif test == TestId.SIDEBRIDGE:
        values["right_s"] = float(max(sides.get("right", ()), default=0.0))
        values["left_s"] = float(max(sides.get("left", ()), default=0.0))
        if answers.stopped_reason == StopReason.SHOULDER_PAIN:
            values["shoulder_pain"] = True
    elif test == TestId.SLS:
        values["right_eyes_open_s"] = tuple(float(v) for v in sides.get("right", ()))[:3]
        values["left_eyes_open_s"] = tuple(float(v) for v in sides.get("left", ()))[:3]
    elif test == TestId.WALK:
        values["minutes"] = round(min(float(timer or 0.0) / 60.0, 30.0), 1)
    elif test == TestId.FTF and "distance_cm" in values:
        values["distance_cm"] = float(values["distance_cm"])
    if test == TestId.HINGE and values.get("contacts_kept") != "some":
        values.pop("contacts_lost_reps", None)
    if answers.could_not_do_safely:
        # "I couldn't do this safely" is a valid answer (issue 4): keep only what the record needs.
        keep = {"pain_before", "pain_after", "could_not_do_safely", "stopped_reason", "completed"}
        values = {k: v for k, v in values.items() if k in keep}
    result = cls(**values)
    return result  # type: ignore[return-value]


def stop_rule_check(result: MovementResult) -> StopCheck | None:
    """The universal stop rule's verdict on a test the person did not stop themselves, else ``None``.

    Ref 4.0 "Universal stop rules" [PD] (clinical-reference.md 4.0, from the pain-monitoring model's acceptable zone,
    6.2): stop the test if pain rises above 5/10 or by more than 2 points above the pre-test level. The pain after
    (or the worst pain during) the test is checked against the pain before it. The other stop signs (leg, dizziness,
    breath, chest, feeling unsafe) only the person can tell: they are the reasons under "I need to stop"."""
    if result.could_not_do_safely or result.stopped_reason is not None or result.pain_before is None:
        return None
    worst = max((p for p in (result.pain_after, getattr(result, "pain_during", None)) if p is not None), default=None)
    if worst is None:
        return None
    check = universal_stop_check(pain_before=result.pain_before, pain_now=worst)
    return check if check.stop else None


def _result_data(result: MovementResult) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value") and not isinstance(value, (int, float, str)):
            value = value.value
        data[f.name] = value
    return data


def _result_from_row(row: MovementRow) -> MovementResult:
    cls = RESULT_TYPE_BY_ID[row.test_id]
    names = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in row.data.items() if k in names}
    return cls(**values)  # type: ignore[return-value]


CHAIN_ORDER: tuple[str, ...] = tuple(c.value for c in Chain)


def first_session(items: Sequence[PlanItem], modifiers: Iterable[Modifier], library: Library, start: date, *,
                  has_band: bool, prone_ok: bool) -> SessionPlan:
    """The first session of a plan not yet written, composed as Today will compose it (the same optional chains,
    band and lying-face-down options that ``_write_plan_meta`` stores)."""
    from backtrainer.core.progression import ExerciseState, PlanState
    from backtrainer.core.session_plan import SessionOptions, compose_session, next_variant

    chosen = [i for i in items if i.included]
    state = PlanState(exercises=tuple(ExerciseState(Chain(i.chain), i.exercise_id, i.level, i.step, start)
                                      for i in chosen), modifiers=frozenset(modifiers))
    optional = frozenset(Chain(i.chain) for i in chosen if Chain(i.chain) in (Chain.ANT, Chain.PX, Chain.ABD, Chain.AR))
    options = SessionOptions(include=optional, has_band=has_band, prone_ok=prone_ok)
    return compose_session(state, None, library, variant=next_variant(None), options=options)
