"""Daily training use cases: Today, the morning check-in, a guided session and its commit (issue 6).

The engine is a pure function (``core.progression.decide``). This service loads what it needs, asks it what today
looks like (preview), and commits the decisions together with the finished session in one transaction (Anki's
describe-then-answer, style 5.2.3). Because ``decide`` is deterministic, what Today previews is what the session
commits. Qt-free.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtrainer import __version__
from backtrainer.core import charts
from backtrainer.core.chains import Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.education import first_session_topics, next_topic
from backtrainer.core.flare import MorningCheckin
from backtrainer.core.library import Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression import (
    AWAITING_APPROVAL,
    Action,
    Decision,
    EngineResult,
    ExerciseSessionRecord,
    ExerciseState,
    FlareAnswer,
    Form,
    LevelCap,
    PlanState,
    apply,
    decide,
    hold_moves_up,
    needs_flare_prompt,
    regress_step_position,
)
from backtrainer.core.screening import Answer, QuickCheckResult, Tier, quick_check, quick_check_stands, rescreen_due
from backtrainer.core.session_plan import (
    SessionKind,
    SessionOptions,
    SessionPlan,
    SessionVariant,
    compose_session,
    next_variant,
)
from backtrainer.i18n import _
from backtrainer.services.clock import Clock, stamp
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.store.errors import NotFoundError
from backtrainer.store.reading import read_only, session_connection
from backtrainer.store.session_records import CheckinData, EventData

if TYPE_CHECKING:  # the ORM is imported by the methods that write, so Today can read without it
    from sqlmodel import Session as DbSession

    from backtrainer.store.db import Database
    from backtrainer.store.tables import Profile

log = logging.getLogger("backtrainer.progression")

LOCKING_TIERS = ("EMERGENCY", "CLINICIAN_SOON")
MORNING_CUTOFF_HOUR = 12  # morning_pain is the first check-in "before 12:00 local time" (ref 6.1)
SUPPORT_AGE = 65  # SUPPORT modifier from age >= 65 (ref 6.9)
# Engine events worth keeping in the diary/report (others, like FLARE_ACTIVE, repeat every day).
KEPT_ENGINE_EVENTS = frozenset({
    "FLARE_START", "FLARE_EXIT", "FLARE_ESCALATE", "SLOW_ON", "STUCK", "MAINTENANCE", "BODY_MAP_RECHECK",
    "REDFLAG_QUICK_CHECK", "FULL_RESCREEN", "U_RESET", "MOVEMENT_RETEST", "CLINICIAN_SUGGEST", "WALK_REBASELINE",
})


# ---------------------------------------------------------------------------------------------------------------
# Inputs and views
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckinInput:
    """The daily check-in (ref 6.1): pains and the quick red-flag tick list (ref 1.4)."""

    morning_pain: int | None = None
    avg_24h: int | None = None
    worst_24h: int | None = None
    leg_pain: int | None = None
    # None: the quick check was not asked because one from earlier today stands (``TodayView.quick_check_at``,
    # a morning quick check or a full assessment's safety questions; ref 1.4 layer 1 [PD]).
    ticks: tuple[str, ...] | None = ("NONE",)
    fall_serious: bool | None = None
    rf11: Answer | None = None


@dataclass(frozen=True)
class CheckinOutcome:
    quick: QuickCheckResult
    # "ok" | "emergency" | "clinician" | "followup" | "quick_check" (today's earlier check no longer stands: ask it)
    routed: str
    today: TodayView | None = None


@dataclass(frozen=True)
class ExerciseResultInput:
    """What the person reported after one exercise of a session (ref 6.1)."""

    exercise_id: str
    prescribed: int
    completed: int
    worst_pain: int | None = None
    rpe: int | None = None
    form: str | None = None  # good | mostly | poor
    leg_spread: bool | None = None
    leg_worst: int | None = None
    too_hard: bool = False


@dataclass(frozen=True)
class FinishedSession:
    started_at: datetime
    finished_at: datetime
    pre_pain: int
    post_pain: int | None
    flare_answer: FlareAnswer | None
    kind: str
    results: tuple[ExerciseResultInput, ...]
    pre_leg: int | None = None
    completed: bool = True


@dataclass(frozen=True)
class TodayView:
    """Everything the Today page shows."""

    day: date
    assessment_done: bool
    checkin_due: bool
    morning_window: bool
    checkin: CheckinData | None
    locked_tier: str | None
    session_day: bool
    session_done_today: bool
    session: SessionPlan | None
    result: EngineResult | None
    flare_active: bool
    flare_day: int
    streak_weeks: int
    week_done: int
    week_planned: int
    topic: str | None
    next_session_day: date | None
    leg_pathway: bool
    clinician_triggers: tuple[str, ...] = ()
    gap_days: int | None = None
    modifiers: tuple[str, ...] = ()
    rescreen: tuple[str, ...] = ()  # reasons the full safety questions are due again (ref 1.4 layer 2)
    # A move up waits for the clinician's OK (ref 8.5 [PD]); the app only moves by itself when this is off.
    moves_up_by_itself: bool = True
    # The time ("08:10") of today's quick check or safety screen that stands for the session, else None: the
    # session then asks the quick check (ref 1.4 layer 1, core.screening.quick_check_stands).
    quick_check_at: str | None = None


@dataclass(frozen=True)
class StartedSession:
    route: str  # "session" | "emergency" | "clinician" | "flare_prompt" | "followup" | "quick_check"
    plan: SessionPlan | None
    result: EngineResult | None
    quick: QuickCheckResult | None = None
    counts: bool = True
    token: tuple[Any, ...] | None = None  # the stored state the result was computed from (see data_token)
    # Ref 6.1 [PD] (Appendix B hold_counts_if_pct): an early-stopped hold counts when held this long; per profile.
    hold_fraction: float = DEFAULT_CONFIG.hold_counts_if_pct


@dataclass(frozen=True)
class Loaded:
    """One read of everything the engine and Today need."""

    profile_id: int
    age: int | None
    assessment_done: bool
    meta: PlanMeta
    plan: PlanState
    history: tuple[ExerciseSessionRecord, ...]
    checkins: tuple[MorningCheckin, ...]
    checkin_rows: Mapping[date, CheckinData]
    session_days: Mapping[date, bool]  # day -> completed
    last_kind: str | None
    locked_tier: str | None
    flare_days: frozenset[date] = field(default_factory=frozenset)
    last_full_screen: date | None = None


# ---------------------------------------------------------------------------------------------------------------
# Conversions between store rows and core records
# ---------------------------------------------------------------------------------------------------------------
def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _form(value: str | None) -> Form:
    try:
        return Form(value.lower()) if value else Form.GOOD
    except ValueError:
        return Form.GOOD


def _flare_answer(value: str | None) -> FlareAnswer | None:
    try:
        return FlareAnswer(value) if value else None
    except ValueError:
        return None


def _state(row: Mapping[str, Any]) -> ExerciseState:
    restore = json.loads(row["deload_restore"]) if row["deload_restore"] else None
    return ExerciseState(
        chain=Chain(row["chain"]), exercise_id=row["exercise_id"], level=row["level"], step=row["step"],
        since=date.fromisoformat(row["since_day"]), last_progressed=_day(row["last_progressed_day"]),
        locked=bool(row["locked"]), paused_until=_day(row["paused_until"]),
        deload_restore=(int(restore[0]), int(restore[1])) if restore and len(restore) == 2 else None,
        maintenance=bool(row["maintenance"]),
    )


def plan_state(rows: Sequence[Mapping[str, Any]], meta: PlanMeta, *, age: int | None, locked: bool) -> PlanState:
    """The engine's PlanState from stored chain rows and plan meta."""
    modifiers = set(meta.modifiers)
    if age is not None and age >= SUPPORT_AGE:
        modifiers.add(Modifier.SUPPORT)  # SUPPORT from age >= 65 (ref 6.9)
    return PlanState(
        exercises=tuple(_state(r) for r in rows if r["included"]),
        modifiers=frozenset(modifiers),
        redflag_lock=locked,  # R-SAFE: an open EMERGENCY/CLINICIAN_SOON result locks the plan (ref 1.1, 6.6)
        last_regression=meta.last_regression,
        u_reset_from=meta.u_reset_from,
        custom_ceiling=meta.custom_ceiling,
        caps=tuple(LevelCap(c.chain, c.max_level, c.until) for c in meta.caps),
    )


def _records(rows: Iterable[sqlite3.Row]) -> tuple[ExerciseSessionRecord, ...]:
    """Engine records from joined session/exercise_result rows (completed sessions with a pre-session pain)."""
    return tuple(
        ExerciseSessionRecord(
            date=date.fromisoformat(r["day"]), exercise_id=r["exercise_id"], pre_pain=r["pre_pain"],
            worst_during=r["worst_pain"], level=r["level"], step=r["step"], completed=r["completed"],
            prescribed=max(1, r["prescribed"]), rpe=r["rpe"], form=_form(r["form"]),
            leg_spread=bool(r["leg_spread"]), leg_worst=r["leg_worst"], pre_leg=r["pre_leg"],
            reps_failed=bool(r["too_hard"]), counts_toward_progression=bool(r["counts"]),
            flare_answer=_flare_answer(r["flare_answer"]),
        )
        for r in rows
    )


def _config_row(con: sqlite3.Connection, profile_id: int) -> dict[str, Any]:
    row = con.execute("SELECT config FROM profile WHERE id = ?", (profile_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"profile {profile_id} does not exist")
    data = json.loads(row[0] or "{}")
    return data if isinstance(data, dict) else {}


def data_token(con: sqlite3.Connection, profile_id: int) -> tuple[Any, ...]:
    """A cheap fingerprint of everything the engine reads: unchanged token, unchanged decision."""
    row = con.execute(
        "SELECT (SELECT max(id) FROM session WHERE profile_id = :p), "
        "(SELECT count(*) || '/' || max(at) FROM checkin WHERE profile_id = :p), "
        "(SELECT max(id) FROM event WHERE profile_id = :p), "
        "(SELECT max(id) || '/' || count(cleared_at) FROM screening WHERE profile_id = :p), "
        "(SELECT max(updated_at) || '/' || sum(level * 10 + step) FROM plan_chain WHERE profile_id = :p), "
        "(SELECT plan_meta || config FROM profile WHERE id = :p)", {"p": profile_id}).fetchone()
    return tuple(row)


def last_screen_today(con: sqlite3.Connection, profile_id: int, today: date) -> str | None:
    """When a quick check or full safety screen from ``today`` stands for the next session (the rule is
    ``core.screening.quick_check_stands``, ref 1.4 layer 1): the time it was answered ("08:10"), else None."""
    row = con.execute(
        "SELECT at, kind, tier, answers FROM screening WHERE profile_id = ? AND kind IN ('quick', 'full') "
        "ORDER BY at DESC, id DESC LIMIT 1", (profile_id,)).fetchone()
    if row is None:
        return None
    at, kind, tier_name, answers = row[0], row[1], row[2], row[3]
    try:
        tier = Tier[str(tier_name)]
        ticks = (json.loads(answers or "{}") or {}).get("ticks", []) if kind == "quick" else []
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    nothing = kind == "full" or list(ticks) == ["NONE"]
    if not quick_check_stands(today, _day(at), tier, nothing_reported=nothing):
        return None
    return str(at)[11:16]


def read_loaded(con: sqlite3.Connection, profile_id: int, *, with_history: bool = True
                ) -> tuple[Loaded, dict[str, Any]]:
    """Everything Today and the engine need, read with plain SQL (fast on years of history)."""
    factory = con.row_factory
    con.row_factory = sqlite3.Row
    try:
        profile = con.execute("SELECT age, plan_meta, assessment_state, config FROM profile WHERE id = ?",
                              (profile_id,)).fetchone()
        if profile is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        meta = load_plan_meta(json.loads(profile["plan_meta"] or "{}"))
        state = json.loads(profile["assessment_state"] or "{}")
        rows = con.execute("SELECT * FROM plan_chain WHERE profile_id = ? ORDER BY id", (profile_id,)).fetchall()
        locked = con.execute(
            "SELECT tier FROM screening WHERE profile_id = ? AND cleared_at IS NULL AND tier IN (?, ?) "
            "ORDER BY at DESC LIMIT 1", (profile_id, *LOCKING_TIERS)).fetchone()
        history = () if not with_history else _records(con.execute(
            "SELECT s.day, s.pre_pain, s.counts, s.flare_answer, r.exercise_id, r.worst_pain, r.level, r.step, "
            "r.completed, r.prescribed, r.rpe, r.form, r.leg_spread, r.leg_worst, r.pre_leg, r.too_hard "
            "FROM session s JOIN exercise_result r ON r.session_id = s.id "
            "WHERE s.profile_id = ? AND s.completed = 1 AND s.pre_pain IS NOT NULL AND r.chain IS NOT NULL "
            "AND r.worst_pain IS NOT NULL ORDER BY s.day, s.id, r.id", (profile_id,)))
        session_days: dict[date, bool] = {}
        last_kind = None
        for day_text, completed, kind in con.execute(
                "SELECT day, completed, kind FROM session WHERE profile_id = ? ORDER BY day, id", (profile_id,)):
            d = date.fromisoformat(day_text)
            session_days[d] = session_days.get(d, False) or bool(completed)
            if completed:
                last_kind = kind
        full = con.execute("SELECT max(at) FROM screening WHERE profile_id = ? AND kind = 'full'",
                           (profile_id,)).fetchone()
        flare_days = frozenset(date.fromisoformat(d) for (d,) in con.execute(
            "SELECT day FROM event WHERE profile_id = ? AND kind = 'flare_reported'", (profile_id,)))
        checkin_rows = [] if not with_history else con.execute(
            "SELECT day, at, morning_pain, avg_24h, worst_24h, leg_pain, quick_check FROM checkin "
            "WHERE profile_id = ? ORDER BY day", (profile_id,)).fetchall()
    finally:
        con.row_factory = factory
    checkins = [MorningCheckin(
        date=date.fromisoformat(c["day"]), morning_pain=c["morning_pain"], avg_24h=c["avg_24h"],
        worst_24h=c["worst_24h"], flare_reported=date.fromisoformat(c["day"]) in flare_days) for c in checkin_rows]
    # A flare reported on a day without a check-in still counts (ref 6.7 "the user presses ...").
    seen = {c.date for c in checkins}
    checkins.extend(MorningCheckin(date=d, flare_reported=True) for d in sorted(flare_days) if d not in seen)
    loaded = Loaded(
        profile_id=profile_id, age=profile["age"],
        assessment_done=bool(state.get("done")) and bool(rows),
        meta=meta, plan=plan_state(rows, meta, age=profile["age"], locked=locked is not None),
        history=history, checkins=tuple(sorted(checkins, key=lambda c: c.date)),
        checkin_rows={date.fromisoformat(c["day"]): CheckinData(
            day=c["day"], at=c["at"], morning_pain=c["morning_pain"], avg_24h=c["avg_24h"],
            worst_24h=c["worst_24h"], leg_pain=c["leg_pain"], quick_check=tuple(json.loads(c["quick_check"] or "[]")))
            for c in checkin_rows},
        session_days=session_days, last_kind=last_kind,
        locked_tier=locked["tier"] if locked else None, flare_days=flare_days,
        last_full_screen=_day(full[0]) if full and full[0] else None,
    )
    return loaded, json.loads(profile["config"] or "{}")


# ---------------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------------
class TrainingService:
    def __init__(self, db: Database | Path, clock: Clock, *, library: Library | None = None,
                 config: ClinicalConfig | None = None) -> None:
        self._db = db
        self.clock = clock
        if library is None:
            from backtrainer.content.exercises import load_library

            library = load_library()
        self.library = library
        self._config = config

    @property
    def db_path(self) -> Path:
        return self._db if isinstance(self._db, Path) else self._db.path

    @property
    def db(self) -> Database:
        """The ORM database for writes (created on first use when the service was given a path)."""
        if isinstance(self._db, Path):
            from backtrainer.store.db import Database

            self._db = Database(self._db)
        return self._db

    # -- reading ------------------------------------------------------------------------------------------------
    def config_for(self, profile: Profile) -> ClinicalConfig:
        return self._config_from(dict(profile.config or {}))

    def load(self, profile_id: int) -> Loaded:
        with read_only(self.db_path, rows=True) as con:
            return read_loaded(con, profile_id)[0]

    def _load(self, session: DbSession, profile_id: int) -> Loaded:
        return read_loaded(session_connection(session), profile_id)[0]

    def _config_of(self, profile_id: int) -> ClinicalConfig:
        with read_only(self.db_path, rows=True) as con:
            raw = _config_row(con, profile_id)
        return self._config_from(raw)

    def _config_from(self, raw: Mapping[str, Any]) -> ClinicalConfig:
        if self._config is not None:
            return self._config
        try:
            return ClinicalConfig.from_dict(dict(raw))
        except (ValueError, TypeError):
            log.warning("a profile has an unreadable clinical configuration; using defaults")
            return DEFAULT_CONFIG

    def decide_today(self, loaded: Loaded, today: date, config: ClinicalConfig,
                     flare_answer: FlareAnswer | None = None) -> EngineResult | None:
        if not loaded.plan.exercises:
            return None
        return _held_for_approval(decide(loaded.plan, loaded.history, loaded.checkins, today=today,
                                         library=self.library, config=config, flare_answer_today=flare_answer),
                                  loaded.meta)

    def options(self, meta: PlanMeta) -> SessionOptions:
        return SessionOptions(include=frozenset(meta.include_optional), has_band=meta.has_band,
                              prone_ok=meta.prone_ok, cooldown=meta.cooldown)

    def variant(self, meta: PlanMeta) -> SessionVariant:
        last = SessionVariant(meta.last_variant) if meta.last_variant in ("A", "B") else None
        return next_variant(last)

    def compose(self, loaded: Loaded, result: EngineResult | None) -> SessionPlan | None:
        if result is None:
            return None
        return compose_session(loaded.plan, result, self.library, variant=self.variant(loaded.meta),
                               options=self.options(loaded.meta))

    def today(self, profile_id: int) -> TodayView:
        now = self.clock.now()
        day = now.date()
        with read_only(self.db_path, rows=True) as con:
            loaded = read_loaded(con, profile_id)[0]
            checked_at = last_screen_today(con, profile_id, day)
        config = self._config_of(profile_id)
        result = self.decide_today(loaded, day, config)
        session_day = day.weekday() in loaded.meta.weekdays
        done_today = loaded.session_days.get(day, False)
        plan = self.compose(loaded, result) if loaded.assessment_done else None
        flare = result.flare if result is not None else None
        if flare is not None and flare.active:
            session_day = True  # the flare-up session is offered every day (ref 6.7)
        adherence = self._adherence(loaded, day)
        return TodayView(
            day=day,
            assessment_done=loaded.assessment_done,
            checkin_due=loaded.assessment_done and day not in loaded.checkin_rows,
            morning_window=now.hour < MORNING_CUTOFF_HOUR,
            checkin=loaded.checkin_rows.get(day),
            locked_tier=loaded.locked_tier,
            session_day=session_day,
            session_done_today=done_today,
            session=plan,
            result=result,
            flare_active=bool(flare and flare.active),
            flare_day=flare.day if flare else 0,
            streak_weeks=adherence.streak_weeks,
            week_done=adherence.weekly_done[-1] if adherence.weekly_done else 0,
            week_planned=len(loaded.meta.weekdays),
            topic=self._topic(loaded, result),
            next_session_day=self._next_session_day(loaded.meta, day if not done_today else day + timedelta(1)),
            leg_pathway=Modifier.LEG in loaded.plan.modifiers,
            clinician_triggers=result.clinician_triggers if result else (),
            gap_days=result.gap_days if result else None,
            modifiers=tuple(sorted(m.value for m in loaded.plan.modifiers)),
            rescreen=self._rescreen(loaded, day, config, result) if loaded.assessment_done else (),
            moves_up_by_itself=loaded.meta.auto_progression and not loaded.meta.progress_needs_approval,
            quick_check_at=checked_at,
        )

    @staticmethod
    def _rescreen(loaded: Loaded, day: date, config: ClinicalConfig, result: EngineResult | None
                  ) -> tuple[str, ...]:
        """Ref 1.4 layer 2 [PD]: every 4 weeks, pain >= 8 on 2 days running, a week-long flare, a long break."""
        if loaded.locked_tier is not None:
            return ()  # a red-flag pause already routes to a clinician
        rows = loaded.checkin_rows
        pains = [max((v for v in (r.morning_pain, r.avg_24h, r.worst_24h) if v is not None), default=None)
                 if (r := rows.get(day - timedelta(days=k))) is not None else None for k in (1, 0)]
        flare = result.flare if result is not None else None
        done_days = [d for d, ok in loaded.session_days.items() if ok and d <= day]
        last_screen = loaded.last_full_screen if loaded.last_full_screen and loaded.last_full_screen <= day else None
        return rescreen_due(
            today=day, last_full_screen=last_screen, config=config, checkin_pain=pains,
            flare_start=flare.started if flare is not None and flare.active and flare.started
            and flare.started <= day else None,
            last_activity=max(done_days) if done_days else None)

    def _adherence(self, loaded: Loaded, day: date) -> charts.AdherenceSeries:
        points = [charts.SessionPoint(d, done) for d, done in loaded.session_days.items()]
        start = day - timedelta(days=day.weekday())
        return charts.adherence_series(points, start=start, today=day, plan_start=loaded.meta.plan_start,
                                       per_week=len(loaded.meta.weekdays),
                                       planned_weekdays=frozenset(loaded.meta.weekdays))

    def _topic(self, loaded: Loaded, result: EngineResult | None) -> str | None:
        from backtrainer.content.education import load_education

        edu = load_education()
        schedule = edu.schedule
        fear = Modifier.FEAR in loaded.plan.modifiers
        flare_started = bool(result and result.has_event("FLARE_START"))
        if not loaded.meta.education_seen and not flare_started:  # a flare start shows ED-11 first (ref 7, 6.7)
            first = first_session_topics(schedule.first_session, schedule.fear_early, fear)
            return first[0] if first else None
        return next_topic([t.id for t in edu.topics], loaded.meta.education_seen,
                          first_session=schedule.first_session, fear_early=schedule.fear_early, fear=fear,
                          flare_started=flare_started, on_flare=schedule.on_flare,
                          week1_extra=loaded.meta.education_week1)

    @staticmethod
    def _next_session_day(meta: PlanMeta, start: date) -> date | None:
        if not meta.weekdays:
            return None
        for k in range(8):
            d = start + timedelta(days=k)
            if d.weekday() in meta.weekdays:
                return d
        return None

    # -- check-in -----------------------------------------------------------------------------------------------
    def save_checkin(self, profile_id: int, inp: CheckinInput) -> CheckinOutcome:
        """Store today's check-in with its quick red-flag list (ref 1.4, 6.1) in one transaction."""
        from sqlmodel import select

        from backtrainer.store.db import retry_busy
        from backtrainer.store.tables import Checkin, Profile

        for name in ("morning_pain", "avg_24h", "worst_24h", "leg_pain"):
            value = getattr(inp, name)
            if value is not None and not 0 <= value <= 10:
                raise ValueError(_("{name} must be between 0 and 10").format(name=name))
        now = self.clock.now()
        day = now.date()
        stands = inp.ticks is None
        if stands:
            # Ref 1.4 layer 1 [PD] asks at the check-in and before each session; once a day is enough when the
            # day's earlier check (quick or full) found nothing (core.screening.quick_check_stands, issue 20).
            with read_only(self.db_path, rows=True) as con:
                if last_screen_today(con, profile_id, day) is None:
                    return CheckinOutcome(quick=quick_check(("NONE",)), routed="quick_check")
        ticks = inp.ticks if inp.ticks is not None else ("NONE",)
        quick = quick_check(ticks, fall_serious=inp.fall_serious, rf11_answer=inp.rf11)
        if quick.needs_followup:
            return CheckinOutcome(quick=quick, routed="followup")
        at = stamp(self.clock)
        morning = inp.morning_pain if now.hour < MORNING_CUTOFF_HOUR else None

        def transaction() -> str:
            with self.db.session_scope() as session:
                row = session.exec(select(Checkin).where(Checkin.profile_id == profile_id,
                                                         Checkin.day == day.isoformat())).first()
                if row is None:
                    row = Checkin(profile_id=profile_id, day=day.isoformat(), at=at)
                row.at = at
                if morning is not None:
                    row.morning_pain = morning
                for name in ("avg_24h", "worst_24h", "leg_pain"):
                    value = getattr(inp, name)
                    if value is not None:
                        setattr(row, name, value)
                row.quick_check = [] if stands else list(ticks)  # nothing asked: the earlier screen is on record
                session.add(row)
                routed = "ok" if stands else self._store_quick(session, profile_id, quick, ticks, inp, at, day)
                session.flush()
                loaded = self._load(session, profile_id)
                profile = session.get(Profile, profile_id)
                assert profile is not None
                result = self.decide_today(loaded, day, self.config_for(profile))
                if result is not None:
                    self._store_engine_events(session, profile_id, result, at)
            return routed

        routed = retry_busy(transaction)  # another program's write lock: wait and save again, never drop it
        return CheckinOutcome(quick=quick, routed=routed, today=self.today(profile_id))

    def _store_quick(self, session: DbSession, profile_id: int, quick: QuickCheckResult, ticks: Sequence[str],
                     inp: CheckinInput, at: str, day: date) -> str:
        """Any tick routes by tier (ref 1.4); every screen result is stored (ref 1.4 last paragraph)."""

        from backtrainer.store.tables import Event, Screening

        session.add(Screening(
            profile_id=profile_id, at=at, kind="quick",
            answers={"ticks": list(ticks), "fall_serious": inp.fall_serious,
                     "rf11": inp.rf11.value if inp.rf11 else None},
            tier=quick.tier.name, reasons=list(quick.reasons), app_version=__version__))
        if quick.tier >= Tier.CLINICIAN_SOON:
            session.add(Event(profile_id=profile_id, at=at, day=day.isoformat(), kind="red_flag",
                              reasons=list(quick.reasons), payload={"tier": quick.tier.name, "source": "quick"},
                              actor="patient"))
            return "emergency" if quick.tier is Tier.EMERGENCY else "clinician"
        return "ok"

    def report_flare(self, profile_id: int) -> TodayView:
        """The "I'm having a flare-up" button (ref 6.7): one click, stored, the engine switches to flare days."""

        from backtrainer.store.tables import Event

        now = self.clock.now()
        with self.db.session_scope() as session:
            session.add(Event(profile_id=profile_id, at=stamp(self.clock), day=now.date().isoformat(),
                              kind="flare_reported", actor="patient"))
        return self.today(profile_id)

    # -- a session ----------------------------------------------------------------------------------------------
    def needs_flare_prompt(self, profile_id: int, pre_pain: int) -> bool:
        return needs_flare_prompt(pre_pain, self._config_of(profile_id))  # ref 6.2: pre_pain >= 7

    def start_session(self, profile_id: int, *, pre_pain: int, flare_answer: FlareAnswer | None,
                      ticks: Sequence[str] | None, fall_serious: bool | None = None, rf11: Answer | None = None
                      ) -> StartedSession:
        """Before a session: quick red-flag list and pain now (ref 1.4, 6.2); returns today's session.

        ``ticks=None``: the quick check answered earlier today stands (``TodayView.quick_check_at``); when none
        does any more, the route is "quick_check" and the session screen asks it.
        """
        if not 0 <= pre_pain <= 10:
            raise ValueError(_("pain must be between 0 and 10"))
        day = self.clock.now().date()
        asked_here = ticks is not None
        if ticks is None:
            with read_only(self.db_path, rows=True) as con:
                stands = last_screen_today(con, profile_id, day) is not None
            if not stands:
                return StartedSession(route="quick_check", plan=None, result=None)
            ticks = ("NONE",)
        quick = quick_check(ticks, fall_serious=fall_serious, rf11_answer=rf11)
        if quick.needs_followup:
            return StartedSession(route="followup", plan=None, result=None, quick=quick)
        if quick.tier >= Tier.CLINICIAN_SOON:
            at = stamp(self.clock)
            with self.db.session_scope() as session:
                route = self._store_quick(session, profile_id, quick, ticks,
                                          CheckinInput(ticks=tuple(ticks), fall_serious=fall_serious, rf11=rf11),
                                          at, day)
            return StartedSession(route=route, plan=None, result=None, quick=quick)
        config = self._config_of(profile_id)
        if needs_flare_prompt(pre_pain, config) and flare_answer is None:
            return StartedSession(route="flare_prompt", plan=None, result=None, quick=quick)
        if flare_answer is FlareAnswer.YES:
            self.report_flare(profile_id)
        if asked_here:
            # A clear quick check answered before the session is stored when the session starts, as every screen
            # result is (ref 1.4, last paragraph): it then stands for the rest of the day, saved session or not (the
            # walk saw it asked again at the next check-in after a session left unsaved).
            with self.db.session_scope() as session:
                self._store_quick(session, profile_id, quick, ticks,
                                  CheckinInput(ticks=tuple(ticks), fall_serious=fall_serious, rf11=rf11),
                                  stamp(self.clock), day)
        with read_only(self.db_path, rows=True) as con:
            token = data_token(con, profile_id)
            loaded = read_loaded(con, profile_id)[0]
        result = self.decide_today(loaded, day, config, flare_answer)
        plan = self.compose(loaded, result)
        return StartedSession(route="session", plan=plan, result=result, quick=quick,
                              counts=bool(result and result.counts_toward_progression), token=token,
                              hold_fraction=config.hold_counts_if_pct)

    def preview_next(self, profile_id: int, done: FinishedSession) -> EngineResult | None:
        """Decisions for next time if tomorrow morning is settled (shown in the summary before commit)."""
        loaded = self.load(profile_id)
        config = self._config_of(profile_id)
        day = done.started_at.date()
        today_result = self.decide_today(loaded, day, config, done.flare_answer)
        if today_result is None:
            return None
        plan_after = apply(loaded.plan, today_result)
        plan_after = self._apply_too_hard(plan_after, done, day)
        # A stopped session is saved but its ratings do not count (only completed sessions feed the engine).
        new = self._new_records(done, plan_after, today_result) if done.completed else []
        records = (*loaded.history, *new)
        next_day = self._next_session_day(loaded.meta, day + timedelta(days=1)) or day + timedelta(days=2)
        usual = today_result.usual_pain
        hypothetical = tuple(
            MorningCheckin(date=day + timedelta(days=k), morning_pain=round(usual) if usual is not None else None)
            for k in range(1, (next_day - day).days + 1))
        checkins = (*[c for c in loaded.checkins if c.date <= day], *hypothetical)
        return _held_for_approval(decide(plan_after, records, checkins, today=next_day, library=self.library,
                                         config=config), loaded.meta)

    def _new_records(self, done: FinishedSession, plan: PlanState, result: EngineResult
                     ) -> list[ExerciseSessionRecord]:
        by_ex = {d.exercise_id: d for d in result.decisions}
        out = []
        for r in done.results:
            d = by_ex.get(r.exercise_id)
            if d is None or r.worst_pain is None:
                continue
            out.append(ExerciseSessionRecord(
                date=done.started_at.date(), exercise_id=r.exercise_id, pre_pain=done.pre_pain,
                worst_during=r.worst_pain, level=d.to_level, step=d.to_step, completed=r.completed,
                prescribed=max(1, r.prescribed), rpe=r.rpe, form=_form(r.form), leg_spread=bool(r.leg_spread),
                leg_worst=r.leg_worst, pre_leg=done.pre_leg, reps_failed=r.too_hard,
                counts_toward_progression=result.counts_toward_progression, flare_answer=done.flare_answer))
        return out

    def _apply_too_hard(self, plan: PlanState, done: FinishedSession, day: date) -> PlanState:
        """"This is too hard": regress that exercise one step now (ref 6.5 REGRESS_STEP), logged."""
        hard = {r.exercise_id for r in done.results if r.too_hard}
        if not hard:
            return plan
        exercises = []
        for ex in plan.exercises:
            if ex.exercise_id in hard and not ex.locked:
                pos = regress_step_position(self.library, ex.chain, ex.level, ex.step)
                spec = self.library.at(ex.chain, pos.level)
                ex = replace(ex, exercise_id=spec.id, level=pos.level, step=pos.step, since=day)
            exercises.append(ex)
        return replace(plan, exercises=tuple(exercises), last_regression=day)

    def finish_session(self, profile_id: int, done: FinishedSession, *, started: StartedSession | None = None) -> int:
        """Commit a finished (or stopped) session, the engine's decisions and their events: one transaction.

        ``started`` (from :meth:`start_session`) lets the commit reuse the decisions worked out before the session
        when nothing the engine reads has changed since (same :func:`data_token`); otherwise they are worked out
        again inside the transaction. Either way the decisions are those of ``decide`` on the stored data.
        """

        from backtrainer.store.db import retry_busy
        from backtrainer.store.tables import Event, ExerciseResult, Profile
        from backtrainer.store.tables import Session as SessionRow

        for r in done.results:
            if r.worst_pain is not None and not 0 <= r.worst_pain <= 10:
                raise ValueError(_("pain must be between 0 and 10"))
            if r.rpe is not None and not 0 <= r.rpe <= 10:
                raise ValueError(_("effort must be between 0 and 10"))
        day = done.started_at.date()
        at = stamp(self.clock)

        def transaction() -> int:
            with self.db.session_scope() as session:
                con = session_connection(session)
                reuse = (started is not None and started.result is not None and started.token is not None
                         and started.result.today == day and started.token == data_token(con, profile_id))
                loaded = read_loaded(con, profile_id, with_history=not reuse)[0]
                profile = session.get(Profile, profile_id)
                assert profile is not None
                if reuse:
                    assert started is not None
                    result = started.result
                else:
                    result = self.decide_today(loaded, day, self.config_for(profile), done.flare_answer)
                by_ex = {d.exercise_id: d for d in result.decisions} if result else {}
                row = SessionRow(
                    profile_id=profile_id, day=day.isoformat(), started_at=done.started_at.replace(microsecond=0)
                    .isoformat(), finished_at=done.finished_at.replace(microsecond=0).isoformat(), kind=done.kind,
                    pre_pain=done.pre_pain, post_pain=done.post_pain,
                    flare_answer=done.flare_answer.value if done.flare_answer else None,
                    counts=bool(result.counts_toward_progression) if result else True, completed=done.completed,
                    minutes=round((done.finished_at - done.started_at).total_seconds() / 60, 1))
                session.add(row)
                session.flush()
                assert row.id is not None
                for r in done.results:
                    spec = self.library.exercises.get(r.exercise_id)
                    d = by_ex.get(r.exercise_id)
                    session.add(ExerciseResult(
                        session_id=row.id, exercise_id=r.exercise_id,
                        chain=spec.chain.value if spec and spec.chain else None,
                        level=d.to_level if d else (spec.level if spec else None), step=d.to_step if d else None,
                        prescribed=r.prescribed, completed=r.completed, worst_pain=r.worst_pain, rpe=r.rpe,
                        form=r.form, leg_spread=r.leg_spread, leg_worst=r.leg_worst, pre_leg=done.pre_leg,
                        too_hard=r.too_hard))
                if result is not None and loaded.meta.auto_progression:
                    new_plan = self._apply_too_hard(apply(loaded.plan, result), done, day)
                    self._write_plan(session, profile_id, loaded, new_plan, at)
                    self._store_decisions(session, profile_id, result.decisions, day, at, row.id)
                    # Ref 8.5 [PD]: moves up held for the clinician's OK (see hold_moves_up) become proposals.
                    held = [d for d in result.decisions if AWAITING_APPROVAL in d.reasons]
                    self._store_proposals(session, profile_id, held, day, at, row.id)
                    self._store_engine_events(session, profile_id, result, at)
                for r in done.results:
                    if r.too_hard:
                        spec = self.library.exercises.get(r.exercise_id)
                        session.add(Event(profile_id=profile_id, at=at, day=day.isoformat(), kind="too_hard",
                                          chain=spec.chain.value if spec and spec.chain else None,
                                          exercise_id=r.exercise_id, reasons=["TOO_HARD"], actor="patient",
                                          payload={"session_id": row.id}))
                meta = loaded.meta.with_changes(
                    last_variant=self.variant(loaded.meta).value if done.kind == SessionKind.STANDARD.value
                    else loaded.meta.last_variant,
                    plan_start=loaded.meta.plan_start or day)
                profile.plan_meta = meta.dump()
                session.add(profile)
                return row.id

        return retry_busy(transaction)  # as save_checkin: a busy database is waited for

    def _write_plan(self, session: DbSession, profile_id: int, loaded: Loaded, new_plan: PlanState,
                    at: str) -> None:
        from sqlmodel import select

        from backtrainer.store.tables import PlanChain, Profile

        rows = {r.chain: r for r in session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id))}
        for ex in new_plan.exercises:
            r = rows.get(ex.chain.value)
            if r is None:
                continue
            r.exercise_id = ex.exercise_id
            r.level = ex.level
            r.step = ex.step
            r.since_day = ex.since.isoformat()
            r.last_progressed_day = ex.last_progressed.isoformat() if ex.last_progressed else None
            r.paused_until = ex.paused_until.isoformat() if ex.paused_until else None
            r.deload_restore = list(ex.deload_restore) if ex.deload_restore else None
            r.maintenance = ex.maintenance
            r.updated_at = at
            session.add(r)
        profile = session.get(Profile, profile_id)
        assert profile is not None
        meta = load_plan_meta(profile.plan_meta)
        modifiers = set(meta.modifiers)
        profile.plan_meta = meta.with_changes(
            last_regression=new_plan.last_regression, u_reset_from=new_plan.u_reset_from,
            modifiers=tuple(sorted(modifiers | (set(new_plan.modifiers) - {Modifier.SUPPORT}))),
        ).dump()
        session.add(profile)

    def _store_decisions(self, session: DbSession, profile_id: int, decisions: Iterable[Decision], day: date,
                         at: str, session_id: int) -> None:

        from backtrainer.store.tables import Event

        for d in decisions:
            session.add(Event(
                profile_id=profile_id, at=at, day=day.isoformat(),
                kind="decision" if d.changed or d.action not in (Action.HOLD,) else "hold",
                chain=d.chain.value, exercise_id=d.exercise_id, reasons=list(d.reasons),
                payload=decision_payload(d) | {"session_id": session_id}))

    def _store_proposals(self, session: DbSession, profile_id: int, decisions: Iterable[Decision], day: date,
                         at: str, session_id: int) -> None:
        """Moves up that wait for the clinician's OK (ref 8.5 [PD]); the clinic page lists the newest per chain."""
        from backtrainer.store.tables import Event

        for d in decisions:
            p = d.params
            session.add(Event(profile_id=profile_id, at=at, day=day.isoformat(), kind="progression_proposed",
                              chain=d.chain.value, exercise_id=d.exercise_id,
                              reasons=[r for r in d.reasons if r != AWAITING_APPROVAL],
                              payload=decision_payload(d) | {
                                  "action": Action.PROGRESS.value, "to_level": p["proposed_level"],
                                  "to_step": p["proposed_step"], "to_exercise_id": p["proposed_exercise_id"],
                                  "session_id": session_id}))

    def _store_engine_events(self, session: DbSession, profile_id: int, result: EngineResult, at: str) -> None:
        from sqlmodel import select

        from backtrainer.store.tables import Event

        day = result.today.isoformat()
        existing = set(session.exec(select(Event.kind).where(Event.profile_id == profile_id, Event.day == day)))
        for e in result.events:
            kind = f"engine:{e.code}"
            if e.code not in KEPT_ENGINE_EVENTS or kind in existing:
                continue
            existing.add(kind)
            session.add(Event(profile_id=profile_id, at=at, day=day, kind=kind,
                              chain=e.chain.value if e.chain else None, exercise_id=e.exercise_id,
                              reasons=[e.code], payload={k: v for k, v in e.params.items()}))
        if result.clinician_triggers and "review_suggestion" not in existing:
            session.add(Event(profile_id=profile_id, at=at, day=day, kind="review_suggestion",
                              reasons=list(result.clinician_triggers)))

    def mark_topic_seen(self, profile_id: int, topic_id: str) -> None:

        from backtrainer.store.tables import Profile

        with self.db.session_scope() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            meta = load_plan_meta(profile.plan_meta)
            if topic_id not in meta.education_seen:
                profile.plan_meta = meta.with_changes(education_seen=(*meta.education_seen, topic_id)).dump()
                session.add(profile)

    def exercise_history(self, profile_id: int, chain: str, limit: int = 20) -> list[EventData]:
        """The decision history of one chain, newest first (for the exercise page)."""
        from sqlmodel import col, select

        from backtrainer.store.tables import Event

        with self.db.session_scope() as session:
            rows = session.exec(select(Event).where(
                Event.profile_id == profile_id, Event.chain == chain,
                col(Event.kind).in_(["decision", "too_hard", "clinician_action"]))
                .order_by(col(Event.at).desc(), col(Event.id).desc()).limit(limit)).all()
            return [EventData(kind=r.kind, day=r.day, at=r.at, chain=r.chain, exercise_id=r.exercise_id,
                              reasons=tuple(r.reasons), payload=dict(r.payload), actor=r.actor) for r in rows]


def _held_for_approval(result: EngineResult, meta: PlanMeta) -> EngineResult:
    """The engine's result as the plan's settings let it act: with clinician approval to progress on (ref 8.5 [PD])
    its moves up are held (core.progression.hold_moves_up)."""
    return hold_moves_up(result) if meta.auto_progression and meta.progress_needs_approval else result


def decision_payload(d: Decision) -> dict[str, Any]:
    """A decision as plain JSON for the event log and the report."""
    def dose(x: Any) -> dict[str, Any] | None:
        if x is None:
            return None
        return {"sets": x.sets, "reps": x.reps, "hold_s": x.hold_s, "tempo": list(x.tempo) if x.tempo else None,
                "load_kg": x.load_kg}

    return {
        "action": d.action.value, "from_level": d.from_level, "from_step": d.from_step, "to_level": d.to_level,
        "to_step": d.to_step, "to_exercise_id": d.to_exercise_id, "dose_before": dose(d.dose_before),
        "dose_after": dose(d.dose_after), "params": {k: v for k, v in d.params.items()},
    }

