"""The assessment flow (issue 4): one page, one module per step group.

``AssessmentFlow`` is the page registered in the navigation; ``views_for(step)`` gives the view class that shows a
step or an outcome screen.
"""

from __future__ import annotations

from backtrainer.ui.pages.assessment.common import StepView
from backtrainer.ui.pages.assessment.page import AssessmentFlow

AssessmentPage = AssessmentFlow


def views_for(step: str) -> type[StepView]:
    """The view class for a step id (imported on first use, so the page opens fast)."""
    if step in ("intro", "about", "not_eligible"):
        from backtrainer.ui.pages.assessment import about

        return {"intro": about.IntroView, "about": about.AboutView, "not_eligible": about.NotEligibleView}[step]
    if step == "screening":
        from backtrainer.ui.pages.assessment.screening import ScreeningView

        return ScreeningView
    if step == "bodymap":
        from backtrainer.ui.pages.assessment.bodymap import BodyMapView

        return BodyMapView
    if step == "questionnaires":
        from backtrainer.ui.pages.assessment.questionnaires import QuestionnaireView

        return QuestionnaireView
    if step == "movement":
        from backtrainer.ui.pages.assessment.movement import MovementView

        return MovementView
    if step == "plan":
        from backtrainer.ui.pages.assessment.plan import PlanView

        return PlanView
    from backtrainer.ui.pages.assessment import outcomes

    table: dict[str, type[StepView]] = {
        "emergency": outcomes.EmergencyView,
        "paused": outcomes.PausedView,
        "caution": outcomes.CautionView,
        "rescreen_done": outcomes.RescreenDoneView,
        "done": outcomes.DoneView,
    }
    if step not in table:
        raise KeyError(f"no assessment view for step {step!r}")
    return table[step]


__all__ = ["AssessmentFlow", "AssessmentPage", "views_for"]
