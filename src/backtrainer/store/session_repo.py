"""Sessions, check-ins, plan state and events: each save is one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session as DbSession
from sqlmodel import col, select

from backtrainer.store.db import Database
from backtrainer.store.session_records import ChainState, CheckinData, EventData, ExerciseResultData, SessionData
from backtrainer.store.tables import Checkin, Event, ExerciseResult, PlanChain, Session

_PAIN_FIELDS = ("pre_pain", "post_pain")


def _check_pain(value: int | None, name: str) -> None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"{name} must be between 0 and 10, not {value}")


def _event_row(profile_id: int, event: EventData) -> Event:
    return Event(profile_id=profile_id, at=event.at, day=event.day, kind=event.kind, chain=event.chain,
                 exercise_id=event.exercise_id, reasons=list(event.reasons), payload=dict(event.payload),
                 actor=event.actor)


def _apply_chain(session: DbSession, profile_id: int, state: ChainState, now: str) -> None:
    row = session.exec(
        select(PlanChain).where(PlanChain.profile_id == profile_id, PlanChain.chain == state.chain)
    ).first()
    if row is None:
        row = PlanChain(profile_id=profile_id, chain=state.chain, exercise_id=state.exercise_id, level=state.level,
                        step=state.step, since_day=state.since_day, updated_at=now)
    row.exercise_id = state.exercise_id
    row.level = state.level
    row.step = state.step
    row.since_day = state.since_day
    row.included = state.included
    row.locked = state.locked
    row.paused_until = state.paused_until
    row.extra_set_side = state.extra_set_side
    row.updated_at = now
    session.add(row)


class SessionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_session(self, profile_id: int, data: SessionData, *, plan: Sequence[ChainState] = (),
                     events: Iterable[EventData] = (), now: str | None = None) -> int:
        """Store a session with all its exercise results, plan changes and events in one transaction."""
        for name in _PAIN_FIELDS:
            _check_pain(getattr(data, name), name)
        for result in data.results:
            _check_pain(result.worst_pain, "worst pain")
            if result.rpe is not None and not 0 <= result.rpe <= 10:
                raise ValueError(f"effort must be between 0 and 10, not {result.rpe}")
        stamp = now or data.finished_at or data.started_at
        with self.db.session_scope() as session:
            row = Session(profile_id=profile_id, day=data.day, started_at=data.started_at,
                          finished_at=data.finished_at, kind=data.kind, pre_pain=data.pre_pain,
                          post_pain=data.post_pain, flare_answer=data.flare_answer, counts=data.counts,
                          completed=data.completed, minutes=data.minutes)
            session.add(row)
            session.flush()
            assert row.id is not None
            for result in data.results:
                session.add(_result_row(row.id, result))
            for state in plan:
                _apply_chain(session, profile_id, state, stamp)
            for event in events:
                session.add(_event_row(profile_id, event))
            return row.id

    def sessions(self, profile_id: int) -> list[tuple[int, SessionData]]:
        """All sessions of a profile with their results, oldest first."""
        with self.db.session_scope() as session:
            rows = session.exec(select(Session).where(Session.profile_id == profile_id)
                                .order_by(col(Session.day), col(Session.id))).all()
            ids = [r.id for r in rows]
            results: dict[int, list[ExerciseResultData]] = {i: [] for i in ids if i is not None}
            if ids:
                for res in session.exec(select(ExerciseResult).where(col(ExerciseResult.session_id).in_(ids))
                                        .order_by(col(ExerciseResult.id))):
                    results[res.session_id].append(ExerciseResultData(
                        exercise_id=res.exercise_id, chain=res.chain, level=res.level, step=res.step,
                        prescribed=res.prescribed, completed=res.completed, worst_pain=res.worst_pain, rpe=res.rpe,
                        form=res.form, leg_spread=res.leg_spread, leg_worst=res.leg_worst, pre_leg=res.pre_leg,
                        too_hard=res.too_hard))
            return [(r.id or 0, SessionData(
                day=r.day, started_at=r.started_at, finished_at=r.finished_at, kind=r.kind, pre_pain=r.pre_pain,
                post_pain=r.post_pain, flare_answer=r.flare_answer, counts=r.counts, completed=r.completed,
                minutes=r.minutes, results=tuple(results.get(r.id or 0, ())))) for r in rows]

    def save_checkin(self, profile_id: int, data: CheckinData, events: Iterable[EventData] = ()) -> None:
        """Store (or complete) the check-in of one day; a second answer the same day replaces the first."""
        for name in ("morning_pain", "avg_24h", "worst_24h", "leg_pain"):
            _check_pain(getattr(data, name), name)
        with self.db.session_scope() as session:
            row = session.exec(select(Checkin).where(Checkin.profile_id == profile_id,
                                                     Checkin.day == data.day)).first()
            if row is None:
                row = Checkin(profile_id=profile_id, day=data.day, at=data.at)
            row.at = data.at
            for name in ("morning_pain", "avg_24h", "worst_24h", "leg_pain"):
                value = getattr(data, name)
                if value is not None:
                    setattr(row, name, value)
            if data.quick_check:
                row.quick_check = list(data.quick_check)
            session.add(row)
            for event in events:
                session.add(_event_row(profile_id, event))

    def checkins(self, profile_id: int) -> list[CheckinData]:
        with self.db.session_scope() as session:
            rows = session.exec(select(Checkin).where(Checkin.profile_id == profile_id)
                                .order_by(col(Checkin.day))).all()
            return [CheckinData(day=r.day, at=r.at, morning_pain=r.morning_pain, avg_24h=r.avg_24h,
                                worst_24h=r.worst_24h, leg_pain=r.leg_pain, quick_check=tuple(r.quick_check))
                    for r in rows]

    def plan(self, profile_id: int) -> list[ChainState]:
        with self.db.session_scope() as session:
            rows = session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id)
                                .order_by(col(PlanChain.id))).all()
            return [ChainState(chain=r.chain, exercise_id=r.exercise_id, level=r.level, step=r.step,
                               since_day=r.since_day, included=r.included, locked=r.locked,
                               paused_until=r.paused_until, extra_set_side=r.extra_set_side) for r in rows]

    def save_plan(self, profile_id: int, plan: Sequence[ChainState], *, now: str,
                  events: Iterable[EventData] = ()) -> None:
        with self.db.session_scope() as session:
            for state in plan:
                _apply_chain(session, profile_id, state, now)
            for event in events:
                session.add(_event_row(profile_id, event))

    def events(self, profile_id: int, kinds: Sequence[str] | None = None) -> list[EventData]:
        with self.db.session_scope() as session:
            query = select(Event).where(Event.profile_id == profile_id)
            if kinds:
                query = query.where(col(Event.kind).in_(list(kinds)))
            rows = session.exec(query.order_by(col(Event.at), col(Event.id))).all()
            return [EventData(kind=r.kind, day=r.day, at=r.at, chain=r.chain, exercise_id=r.exercise_id,
                              reasons=tuple(r.reasons), payload=dict(r.payload), actor=r.actor) for r in rows]


def _result_row(session_id: int, result: ExerciseResultData) -> ExerciseResult:
    return ExerciseResult(session_id=session_id, exercise_id=result.exercise_id, chain=result.chain,
                          level=result.level, step=result.step, prescribed=result.prescribed,
                          completed=result.completed, worst_pain=result.worst_pain, rpe=result.rpe, form=result.form,
                          leg_spread=result.leg_spread, leg_worst=result.leg_worst, pre_leg=result.pre_leg,
                          too_hard=result.too_hard)
