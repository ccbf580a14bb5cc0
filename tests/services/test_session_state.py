"""Session drafts on disk: what a person did so far survives closing the app, with the rules it started under."""

from __future__ import annotations

from datetime import datetime

import pytest

from backtrainer.core.progression_ladder import Dose
from backtrainer.core.session_plan import Block, SessionItem, SessionKind, SessionPlan
from backtrainer.services.session_state import draft_from_json, draft_to_json, new_draft

PLAN = SessionPlan(kind=SessionKind.STANDARD, items=(
    SessionItem("MC-02", Block.CORE, Dose(sets=2, reps=8, hold_s=5.0, tempo=(2, 5, 2))),))


def test_a_draft_keeps_the_hold_rule_it_started_with() -> None:
    draft = new_draft(3, datetime(2026, 3, 9, 9, 0), PLAN, pre_pain=2, flare_answer=None, hold_fraction=0.8)
    again = draft_from_json(draft_to_json(draft))
    assert again == draft and again.hold_fraction == 0.8


def test_an_older_draft_without_the_hold_rule_uses_the_default_and_nonsense_is_refused() -> None:
    raw = draft_to_json(new_draft(3, datetime(2026, 3, 9, 9, 0), PLAN, pre_pain=2, flare_answer=None))
    del raw["hold_fraction"]
    assert draft_from_json(raw).hold_fraction == 0.90
    raw["hold_fraction"] = 0.2  # below the clinician's allowed range (Appendix B: 0.8-1.0)
    with pytest.raises(ValueError):
        draft_from_json(raw)
