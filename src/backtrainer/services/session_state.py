"""An in-progress guided session kept as a small JSON draft in the data folder (issue 6: closing the window
mid-session keeps what was done and offers to resume).

The draft is written after every rated exercise (and when the window closes), atomically: a temporary file in the
same folder, flushed and synced, then ``os.replace``. Nothing here touches the database; the finished session is
committed by ``TrainingService.finish_session`` in one transaction, and the draft is removed after that.
Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from backtrainer.core.chains import Chain
from backtrainer.core.config import DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.progression import FlareAnswer
from backtrainer.core.progression_ladder import Dose
from backtrainer.core.session_plan import Block, SessionItem, SessionKind, SessionPlan
from backtrainer.files import write_private
from backtrainer.services.training import ExerciseResultInput, FinishedSession

log = logging.getLogger("backtrainer.store")

DRAFT_VERSION = 1
DRAFT_PREFIX = "session-draft-"


@dataclass(frozen=True)
class SessionDraft:
    """What a person has done so far in one guided session."""

    profile_id: int
    started_at: datetime
    pre_pain: int
    kind: str
    plan: SessionPlan
    flare_answer: FlareAnswer | None = None
    pre_leg: int | None = None
    index: int = 0  # the exercise to do next
    results: tuple[ExerciseResultInput, ...] = field(default_factory=tuple)
    topic: str | None = None
    hold_fraction: float = DEFAULT_CONFIG.hold_counts_if_pct  # ref 6.1 [PD]: the profile's value when started

    @property
    def day(self) -> str:
        return self.started_at.date().isoformat()

    @property
    def done_count(self) -> int:
        """Exercises finished and rated."""
        return sum(1 for r in self.results if r.worst_pain is not None)

    def with_result(self, position: int, result: ExerciseResultInput, next_index: int) -> SessionDraft:
        """The draft with the result of the exercise at ``position`` set (replacing an earlier one)."""
        exercise_id = self.plan.items[position].exercise_id if 0 <= position < len(self.plan.items) else None
        kept = [r for r in self.results if r.exercise_id != (exercise_id or result.exercise_id)]
        order = {item.exercise_id: i for i, item in enumerate(self.plan.items)}
        merged = sorted([*kept, result], key=lambda r: order.get(r.exercise_id, len(order)))
        return replace(self, results=tuple(merged), index=next_index)

    def finished(self, finished_at: datetime, post_pain: int | None, *, completed: bool) -> FinishedSession:
        """The draft as the service's FinishedSession (only exercises that were started or rated)."""
        results = tuple(r for r in self.results if r.completed > 0 or r.worst_pain is not None or r.too_hard)
        return FinishedSession(
            started_at=self.started_at, finished_at=max(finished_at, self.started_at), pre_pain=self.pre_pain,
            post_pain=post_pain, flare_answer=self.flare_answer, kind=self.kind, results=results,
            pre_leg=self.pre_leg, completed=completed)


# ---------------------------------------------------------------------------------------------------------------
# JSON conversion
# ---------------------------------------------------------------------------------------------------------------
def _item_to_json(item: SessionItem) -> dict[str, Any]:
    d = item.dose
    return {
        "exercise_id": item.exercise_id, "block": item.block.value, "chain": item.chain.value if item.chain else None,
        "support": item.support, "seconds": item.seconds,
        "dose": {"sets": d.sets, "reps": d.reps, "hold_s": d.hold_s, "tempo": list(d.tempo) if d.tempo else None,
                 "load_kg": d.load_kg},
    }


def _item_from_json(raw: dict[str, Any]) -> SessionItem:
    d = raw["dose"]
    tempo = d.get("tempo")
    dose = Dose(sets=int(d["sets"]), reps=int(d["reps"]),
                hold_s=None if d.get("hold_s") is None else float(d["hold_s"]),
                tempo=(int(tempo[0]), int(tempo[1]), int(tempo[2])) if tempo else None,
                load_kg=None if d.get("load_kg") is None else float(d["load_kg"]))
    return SessionItem(exercise_id=str(raw["exercise_id"]), block=Block(raw["block"]), dose=dose,
                       chain=Chain(raw["chain"]) if raw.get("chain") else None, support=bool(raw.get("support")),
                       seconds=float(raw.get("seconds") or 0.0))


def draft_to_json(draft: SessionDraft) -> dict[str, Any]:
    plan = draft.plan
    return {
        "version": DRAFT_VERSION,
        "profile_id": draft.profile_id,
        "started_at": draft.started_at.isoformat(),
        "pre_pain": draft.pre_pain,
        "pre_leg": draft.pre_leg,
        "kind": draft.kind,
        "flare_answer": draft.flare_answer.value if draft.flare_answer else None,
        "index": draft.index,
        "topic": draft.topic,
        "hold_fraction": draft.hold_fraction,
        "plan": {"kind": plan.kind.value, "items": [_item_to_json(i) for i in plan.items],
                 "variant": plan.variant.value if plan.variant else None, "breathing_min": plan.breathing_min,
                 "volume_pct": plan.volume_pct, "counts": plan.counts_toward_progression},
        "results": [asdict(r) for r in draft.results],
    }


def draft_from_json(raw: dict[str, Any]) -> SessionDraft:
    """Parse a draft; raises ValueError (or KeyError/TypeError) for anything that does not fit."""
    from backtrainer.core.session_plan import SessionVariant

    if raw.get("version") != DRAFT_VERSION:
        raise ValueError(f"unknown draft version {raw.get('version')!r}")
    p = raw["plan"]
    plan = SessionPlan(kind=SessionKind(p["kind"]), items=tuple(_item_from_json(i) for i in p["items"]),
                       variant=SessionVariant(p["variant"]) if p.get("variant") else None,
                       breathing_min=float(p.get("breathing_min") or 0.0), volume_pct=int(p.get("volume_pct", 100)),
                       counts_toward_progression=bool(p.get("counts", True)))
    results = tuple(ExerciseResultInput(**{k: v for k, v in r.items() if k in _RESULT_FIELDS}) for r in raw["results"])
    pre_pain = int(raw["pre_pain"])
    if not 0 <= pre_pain <= 10:
        raise ValueError("pre_pain out of range")
    hold_fraction = float(raw.get("hold_fraction", DEFAULT_CONFIG.hold_counts_if_pct))  # drafts before it: default
    low, high = ClinicalConfig.allowed_range("hold_counts_if_pct") or (0.0, 1.0)
    if not low <= hold_fraction <= high:
        raise ValueError("hold_fraction out of range")
    return SessionDraft(
        profile_id=int(raw["profile_id"]), started_at=datetime.fromisoformat(raw["started_at"]), pre_pain=pre_pain,
        kind=str(raw["kind"]), plan=plan,
        flare_answer=FlareAnswer(raw["flare_answer"]) if raw.get("flare_answer") else None,
        pre_leg=None if raw.get("pre_leg") is None else int(raw["pre_leg"]),
        index=max(0, min(int(raw.get("index", 0)), len(plan.items))), results=results,
        topic=raw.get("topic"), hold_fraction=hold_fraction)


_RESULT_FIELDS = frozenset(ExerciseResultInput.__dataclass_fields__)


# ---------------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------------
def draft_path(root: Path, profile_id: int) -> Path:
    return Path(root) / f"{DRAFT_PREFIX}{int(profile_id)}.json"


def save_draft(root: Path, draft: SessionDraft) -> Path:
    """Write the draft atomically (temporary file, fsync, ``os.replace``), user-only on POSIX."""
    target = draft_path(root, draft.profile_id)
    write_private(target, json.dumps(draft_to_json(draft), ensure_ascii=False, indent=1).encode("utf-8"))
    return target


def load_draft(root: Path, profile_id: int) -> SessionDraft | None:
    """The saved draft of ``profile_id``, or None when there is none or it cannot be read (it is then set aside)."""
    path = draft_path(root, profile_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("session draft of profile %s is unreadable; set aside", profile_id)
        _set_aside(path)
        return None
    try:
        draft = draft_from_json(raw)
    except (KeyError, TypeError, ValueError):
        log.warning("session draft of profile %s does not fit; set aside", profile_id)
        _set_aside(path)
        return None
    return draft if draft.profile_id == profile_id else None


def clear_draft(root: Path, profile_id: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        draft_path(root, profile_id).unlink()


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.replace(path, path.with_suffix(".damaged"))


def new_draft(profile_id: int, started_at: datetime, plan: SessionPlan, *, pre_pain: int,
              flare_answer: FlareAnswer | None, pre_leg: int | None = None, topic: str | None = None,
              hold_fraction: float = DEFAULT_CONFIG.hold_counts_if_pct) -> SessionDraft:
    return SessionDraft(profile_id=profile_id, started_at=started_at, pre_pain=pre_pain, kind=plan.kind.value,
                        plan=plan, flare_answer=flare_answer, pre_leg=pre_leg, topic=topic,
                        hold_fraction=hold_fraction)

