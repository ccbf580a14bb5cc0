"""Step 4: the body map (ref 2). Saving runs rules BM01-BM12 in core (through the service) and routes like step 3."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.pages.assessment.common import StepView
from backtrainer.ui.pages.base import label


def region_infos() -> list[Any]:
    """RegionInfo for every region of ref 2.1, labelled from content (built here, not in the widget)."""
    from backtrainer.content.screening import load_body_regions
    from backtrainer.core.bodymap import REGIONS
    from backtrainer.ui.widgets.body_map import RegionInfo

    content = load_body_regions()
    return [RegionInfo(r.id, r.label, REGIONS[r.id].views if r.id in REGIONS else ()) for r in content.regions]


def quality_infos() -> list[Any]:
    from backtrainer.content.screening import load_body_regions
    from backtrainer.ui.widgets.body_map import QualityInfo

    return [QualityInfo(q.code, q.label, q.description, q.icon) for q in load_body_regions().qualities]


class BodyMapView(StepView):
    STEP = "bodymap"
    TITLE = N_("Where do you feel it?")
    NEXT_TEXT = N_("Save body map")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.ui.widgets.body_map import BodyMapEditor

        self.body.addWidget(label(
            _("Click each area where you feel pain, tingling, numbness or any other feeling, or tick it in the list. "
              "Then say how it feels and how strong it is. Left and right mean your own left and right."), "muted"))
        self.editor = BodyMapEditor(region_infos(), quality_infos())
        self.editor.setMinimumHeight(640)
        self.body.addWidget(self.editor)

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        from backtrainer.ui.widgets.body_map import RegionEntry

        saved = snapshot.body_map if snapshot is not None else None
        if saved is not None:
            self.editor.set_entries(RegionEntry(r.region_id, frozenset(r.qualities), r.intensity)
                                    for r in saved.regions)
        else:
            self.editor.set_entries([])

    def first_focus(self) -> QWidget | None:
        return self.editor.view_buttons.get("back")

    def on_next(self) -> None:
        from backtrainer.core.bodymap import MarkedRegion, Quality

        if not self.editor.is_complete():
            from backtrainer.ui.pages.assessment.common import Problem

            problems = []
            for entry in self.editor.entries():
                panel = self.editor.detail_panel(entry.region_id)
                if panel is not None and not entry.qualities:
                    problems.append(Problem(panel, _("Please choose at least one word for how this area feels."),
                                            next(iter(panel.quality_buttons.values()))))
            self.flow.show_problems(problems)
            return
        regions = [MarkedRegion(e.region_id, frozenset(Quality(q) for q in e.qualities), e.intensity)
                   for e in self.editor.entries()]
        self.flow.call(lambda s: s.save_body_map(self.flow.profile_id, regions), self._saved)

    def _saved(self, outcome: Any) -> None:
        if outcome.tier == "CAUTION":
            self.flow.changed_and_reload("caution", outcome=outcome, source="bodymap")
        else:
            self.flow.after_save(outcome.next_step)
