"""Repository functions for the assessment tables (screening, body map, questionnaires, movement tests, plan).

Every function takes an open ``Session`` so that a service can put several writes into one transaction (one user
action = one transaction, store/db.py). Plain frozen records come out, never ORM rows (style 5.2.6).
Records are never updated in place: saving a step again adds a new row (ref 3.0 "never overwrite").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from backtrainer.store.errors import NotFoundError
from backtrainer.store.session_records import ChainState
from backtrainer.store.tables import (
    BodyMapRecord,
    BodyMapRegion,
    Event,
    MovementTestResult,
    PlanChain,
    Profile,
    QuestionnaireResponse,
    Screening,
)

# Tables whose rows belong to an assessment run; a run is "every row with an id above the run's floor".
RUN_TABLES: tuple[str, ...] = ("screening", "body_map", "questionnaire", "movement")
_TABLE_OF: Mapping[str, Any] = {
    "screening": Screening,
    "body_map": BodyMapRecord,
    "questionnaire": QuestionnaireResponse,
    "movement": MovementTestResult,
}


@dataclass(frozen=True, slots=True)
class ScreeningRow:
    id: int
    at: str
    kind: str
    answers: Mapping[str, Any]
    followups: Mapping[str, Any]
    tier: str
    reasons: tuple[str, ...]
    cleared_at: str | None


@dataclass(frozen=True, slots=True)
class RegionRow:
    region_id: str
    qualities: tuple[str, ...]
    intensity: int | None
    new_since_last: bool


@dataclass(frozen=True, slots=True)
class BodyMapRow:
    id: int
    at: str
    context: str
    tier: str
    reasons: tuple[str, ...]
    regions: tuple[RegionRow, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionnaireRow:
    id: int
    instrument_id: str
    instrument_version: str
    at: str
    raw_items: Mapping[str, Any]
    missing_count: int
    score: float | None
    subscores: Mapping[str, Any]
    band: str | None
    scoring_version: str


@dataclass(frozen=True, slots=True)
class MovementRow:
    id: int
    test_id: str
    at: str
    data: Mapping[str, Any]
    pain_before: int | None
    pain_after: int | None
    stopped_reason: str | None
    could_not_do: bool


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    at: str
    kind: str
    chain: str | None
    reasons: tuple[str, ...]
    payload: Mapping[str, Any] = field(default_factory=dict)


# --- profile ----------------------------------------------------------------------------------------------------


def profile_row(session: Session, profile_id: int) -> Profile:
    row = session.get(Profile, profile_id)
    if row is None:
        raise NotFoundError(f"profile {profile_id} does not exist")
    return row


def get_state(session: Session, profile_id: int) -> dict[str, Any]:
    return dict(profile_row(session, profile_id).assessment_state or {})


def set_state(session: Session, profile_id: int, state: Mapping[str, Any]) -> None:
    row = profile_row(session, profile_id)
    row.assessment_state = dict(state)  # a new object so SQLAlchemy sees the JSON change
    session.add(row)


def update_profile(
    session: Session,
    profile_id: int,
    *,
    nickname: str,
    age: int,
    first_episode: bool,
    pain_weeks: int,
    flags: Sequence[str],
    emergency_number: str | None,
) -> None:
    row = profile_row(session, profile_id)
    row.nickname = nickname
    row.age = age
    row.first_episode = first_episode
    row.pain_weeks = pain_weeks
    row.flags = list(flags)
    if emergency_number is not None:
        row.emergency_number = emergency_number
    session.add(row)


# --- runs ---------------------------------------------------------------------------------------------------------


def max_ids(session: Session, profile_id: int) -> dict[str, int]:
    """The highest row id per run table for this profile (the floor of a new run)."""
    out: dict[str, int] = {}
    for name, table in _TABLE_OF.items():
        value = session.exec(select(func.max(table.id)).where(table.profile_id == profile_id)).one()
        out[name] = int(value or 0)
    return out


def _floor(floors: Mapping[str, int], name: str) -> int:
    return int(floors.get(name, 0) or 0)


# --- events -------------------------------------------------------------------------------------------------------


def add_event(
    session: Session,
    profile_id: int,
    *,
    at: str,
    day: str,
    kind: str,
    reasons: Iterable[str] = (),
    payload: Mapping[str, Any] | None = None,
    chain: str | None = None,
    exercise_id: str | None = None,
    actor: str = "app",
) -> None:
    session.add(Event(profile_id=profile_id, at=at, day=day, kind=kind, chain=chain, exercise_id=exercise_id,
                      reasons=list(reasons), payload=dict(payload or {}), actor=actor))


def events(session: Session, profile_id: int, kind: str | None = None) -> list[EventRow]:
    query = select(Event).where(Event.profile_id == profile_id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    return [EventRow(e.id or 0, e.at, e.kind, e.chain, tuple(e.reasons or ()), dict(e.payload or {}))
            for e in session.exec(query.order_by(col(Event.id)))]


# --- screening ----------------------------------------------------------------------------------------------------


def _screening(row: Screening) -> ScreeningRow:
    return ScreeningRow(row.id or 0, row.at, row.kind, dict(row.answers or {}), dict(row.followups or {}), row.tier,
                        tuple(row.reasons or ()), row.cleared_at)


def add_screening(
    session: Session,
    profile_id: int,
    *,
    at: str,
    kind: str,
    answers: Mapping[str, str],
    followups: Mapping[str, str],
    tier: str,
    reasons: Sequence[str],
    app_version: str,
) -> ScreeningRow:
    row = Screening(profile_id=profile_id, at=at, kind=kind, answers=dict(answers), followups=dict(followups),
                    tier=tier, reasons=list(reasons), app_version=app_version)
    session.add(row)
    session.flush()
    return _screening(row)


def latest_screening(
    session: Session, profile_id: int, *, above_id: int = 0, kind: str = "full"
) -> ScreeningRow | None:
    row = session.exec(
        select(Screening)
        .where(Screening.profile_id == profile_id, Screening.kind == kind, col(Screening.id) > above_id)
        .order_by(col(Screening.id).desc())
    ).first()
    return None if row is None else _screening(row)


def screenings(session: Session, profile_id: int) -> list[ScreeningRow]:
    rows = session.exec(select(Screening).where(Screening.profile_id == profile_id).order_by(col(Screening.id)))
    return [_screening(r) for r in rows]


def clear_open_screenings(session: Session, profile_id: int, *, at: str, by: str, note: str) -> int:
    """Mark every open EMERGENCY / CLINICIAN_SOON screen as cleared (attestation, ref 1.1). Returns the count."""
    rows = session.exec(
        select(Screening).where(
            Screening.profile_id == profile_id,
            col(Screening.cleared_at).is_(None),
            col(Screening.tier).in_(("EMERGENCY", "CLINICIAN_SOON")),
        )
    ).all()
    for row in rows:
        row.cleared_at = at
        row.cleared_by = by
        row.cleared_note = note
        session.add(row)
    return len(rows)


def open_red_flag_tier(session: Session, profile_id: int) -> str | None:
    row = session.exec(
        select(Screening)
        .where(
            Screening.profile_id == profile_id,
            col(Screening.cleared_at).is_(None),
            col(Screening.tier).in_(("EMERGENCY", "CLINICIAN_SOON")),
        )
        .order_by(col(Screening.id).desc())
    ).first()
    return None if row is None else row.tier


# --- body map -----------------------------------------------------------------------------------------------------


def _regions(session: Session, map_id: int) -> tuple[RegionRow, ...]:
    rows = session.exec(
        select(BodyMapRegion).where(BodyMapRegion.body_map_id == map_id).order_by(col(BodyMapRegion.id))
    )
    return tuple(RegionRow(r.region_id, tuple(r.qualities or ()), r.intensity, r.new_since_last) for r in rows)


def add_body_map(
    session: Session,
    profile_id: int,
    *,
    at: str,
    context: str,
    tier: str,
    reasons: Sequence[str],
    regions: Sequence[RegionRow],
) -> BodyMapRow:
    row = BodyMapRecord(profile_id=profile_id, at=at, context=context, tier=tier, reasons=list(reasons))
    session.add(row)
    session.flush()
    assert row.id is not None
    for region in regions:
        session.add(BodyMapRegion(body_map_id=row.id, region_id=region.region_id, qualities=list(region.qualities),
                                  intensity=region.intensity, new_since_last=region.new_since_last))
    session.flush()
    return BodyMapRow(row.id, row.at, row.context, row.tier, tuple(row.reasons), tuple(regions))


def body_maps(session: Session, profile_id: int, *, above_id: int = 0) -> list[BodyMapRow]:
    """All body maps of the profile with an id above ``above_id``, oldest first."""
    rows = session.exec(
        select(BodyMapRecord)
        .where(BodyMapRecord.profile_id == profile_id, col(BodyMapRecord.id) > above_id)
        .order_by(col(BodyMapRecord.id))
    ).all()
    return [BodyMapRow(r.id or 0, r.at, r.context, r.tier, tuple(r.reasons or ()), _regions(session, r.id or 0))
            for r in rows]


# --- questionnaires -----------------------------------------------------------------------------------------------


def _questionnaire(row: QuestionnaireResponse) -> QuestionnaireRow:
    return QuestionnaireRow(row.id or 0, row.instrument_id, row.instrument_version, row.at, dict(row.raw_items or {}),
                            row.missing_count, row.score, dict(row.subscores or {}), row.band, row.scoring_version)


def add_questionnaire(
    session: Session,
    profile_id: int,
    *,
    instrument_id: str,
    instrument_version: str,
    language: str,
    at: str,
    raw_items: Mapping[str, Any],
    missing_count: int,
    score: float | None,
    subscores: Mapping[str, Any],
    band: str | None,
    scoring_version: str,
) -> QuestionnaireRow:
    row = QuestionnaireResponse(
        profile_id=profile_id, instrument_id=instrument_id, instrument_version=instrument_version, language=language,
        at=at, raw_items=dict(raw_items), missing_count=missing_count, score=score, subscores=dict(subscores),
        band=band, scoring_version=scoring_version,
    )
    session.add(row)
    session.flush()
    return _questionnaire(row)


def latest_questionnaires(session: Session, profile_id: int, *, above_id: int = 0) -> dict[str, QuestionnaireRow]:
    """The latest response per instrument with an id above ``above_id``."""
    rows = session.exec(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.profile_id == profile_id, col(QuestionnaireResponse.id) > above_id)
        .order_by(col(QuestionnaireResponse.id))
    ).all()
    return {r.instrument_id: _questionnaire(r) for r in rows}


# --- movement tests -----------------------------------------------------------------------------------------------


def _movement(row: MovementTestResult) -> MovementRow:
    return MovementRow(row.id or 0, row.test_id, row.at, dict(row.data or {}), row.pain_before, row.pain_after,
                       row.stopped_reason, row.could_not_do)


def add_movement(
    session: Session,
    profile_id: int,
    *,
    test_id: str,
    at: str,
    data: Mapping[str, Any],
    pain_before: int | None,
    pain_after: int | None,
    stopped_reason: str | None,
    could_not_do: bool,
) -> MovementRow:
    row = MovementTestResult(profile_id=profile_id, test_id=test_id, at=at, data=dict(data), pain_before=pain_before,
                             pain_after=pain_after, stopped_reason=stopped_reason, could_not_do=could_not_do)
    session.add(row)
    session.flush()
    return _movement(row)


def latest_movement(session: Session, profile_id: int, *, above_id: int = 0) -> dict[str, MovementRow]:
    rows = session.exec(
        select(MovementTestResult)
        .where(MovementTestResult.profile_id == profile_id, col(MovementTestResult.id) > above_id)
        .order_by(col(MovementTestResult.id))
    ).all()
    return {r.test_id: _movement(r) for r in rows}


# --- plan -----------------------------------------------------------------------------------------------------------


def _chain_state(r: PlanChain) -> ChainState:
    return ChainState(r.chain, r.exercise_id, r.level, r.step, r.since_day, included=r.included, locked=r.locked,
                      paused_until=r.paused_until, extra_set_side=r.extra_set_side)


def plan_chains(session: Session, profile_id: int) -> list[ChainState]:
    rows = session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id).order_by(col(PlanChain.id)))
    return [_chain_state(r) for r in rows]


def upsert_plan_chain(session: Session, profile_id: int, chain: ChainState, *, now: str) -> ChainState | None:
    """Write the current level of one chain; returns the previous row (None if the chain is new)."""
    query = select(PlanChain).where(PlanChain.profile_id == profile_id, PlanChain.chain == chain.chain)
    row = session.exec(query).first()
    previous = None
    if row is None:
        row = PlanChain(profile_id=profile_id, chain=chain.chain, exercise_id=chain.exercise_id, level=chain.level,
                        step=chain.step, included=chain.included, locked=chain.locked, since_day=chain.since_day,
                        extra_set_side=chain.extra_set_side, updated_at=now)
    else:
        previous = _chain_state(row)
        if row.locked:  # a clinician lock is never overwritten by the app (ref 6.9 CLINICIAN_LOCK)
            return previous
        row.exercise_id = chain.exercise_id
        row.level = chain.level
        row.step = chain.step
        row.included = chain.included
        row.since_day = chain.since_day
        row.extra_set_side = chain.extra_set_side
        row.updated_at = now
    session.add(row)
    return previous
