"""Step 5: questionnaires (ref 3): NPRS baseline, STarT Back, PSFS, and any instrument whose licensed pack has been
imported. One item per screen; scores are computed by core (through the service) and raw answers stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _
from backtrainer.ui.pages.assessment.common import ChoiceGroup, Problem, StepView, button, section
from backtrainer.ui.pages.base import label
from backtrainer.ui.widgets.pain_scale import PainScale

TITLES = {
    "NPRS": N_("Your pain today"),
    "STARTBACK": N_("How your back affects you"),
    "PSFS": N_("Activities that matter to you"),
}


class _Page(QWidget):
    """One screen: which instrument, which item, and how to read / fill its answer."""

    def __init__(self, instrument: str, item: int | None) -> None:
        super().__init__()
        self.instrument = instrument
        self.item = item
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(14)
        self.focus_target: QWidget | None = None

    def value(self) -> Any:
        """The answer given on this page, None while unanswered (each page kind provides its own)."""
        return None

    def set_value(self, value: Any) -> None:
        """Show a saved answer (each page kind provides its own)."""


class _ScalePage(_Page):
    def __init__(self, instrument: str, question: str, low: str, high: str) -> None:
        super().__init__(instrument, 1)
        frame, box = section("")
        box.addWidget(label(question, "subtitle"))
        self.scale = PainScale(question, low, high)
        box.addWidget(self.scale)
        self.box.addWidget(frame)
        self.focus_target = self.scale.button(0)

    def value(self) -> Any:
        return self.scale.value()

    def set_value(self, value: Any) -> None:
        self.scale.set_value(None if value is None else int(value))


class _ChoicePage(_Page):
    def __init__(self, instrument: str, item: int, count: int, text: str, options: list[tuple[str, str]],
                 vertical: bool, footer: str | None, prompt: str | None = None) -> None:
        super().__init__(instrument, item)
        frame, box = section("")
        box.addWidget(label(_("Question {number} of {total}").format(number=item, total=count), "muted"))
        if prompt:
            box.addWidget(label(prompt))
        box.addWidget(label(text, "subtitle"))
        self.choice = ChoiceGroup(options, question=text, vertical=vertical)
        box.addWidget(self.choice)
        self.box.addWidget(frame)
        if footer:
            self.box.addWidget(label(footer, "footer"))
        self.focus_target = next(iter(self.choice.buttons.values()))

    def value(self) -> Any:
        return self.choice.value()

    def set_value(self, value: Any) -> None:
        self.choice.set_value(None if value is None else str(value))


class _PsfsRow(QWidget):
    def __init__(self, number: int, picks: list[tuple[str, str]], low: str, high: str) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        title = label(_("Activity {number}").format(number=number), "subtitle")
        box.addWidget(title)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.addItem("", None)
        for key, text in picks:
            self.name.addItem(text, key)
        self.name.setAccessibleName(_("Activity {number}: pick one or type your own").format(number=number))
        edit = self.name.lineEdit()
        assert edit is not None  # the combo box is editable
        edit.setPlaceholderText(_("Pick from the list or type your own"))
        edit.setAccessibleName(_("Activity {number}").format(number=number))
        title.setBuddy(self.name)
        box.addWidget(self.name)
        self.scale = PainScale(_("How well can you do activity {number} today?").format(number=number), low, high)
        box.addWidget(self.scale)

    def entry(self) -> dict[str, Any] | None:
        text = self.name.currentText().strip()
        if not text:
            return None
        index = self.name.findText(text, Qt.MatchFlag.MatchFixedString)
        key = self.name.itemData(index) if index > 0 else None
        return {"name": text, "key": key, "rating": self.scale.value()}


class _PsfsPage(_Page):
    def __init__(self) -> None:
        super().__init__("PSFS", 1)
        from backtrainer.content.instruments import get_instrument

        meta = get_instrument("PSFS")
        picks = [(p.key, p.label) for p in meta.pick_list]
        low, high = meta.anchors.get("0") or _("Unable"), meta.anchors.get("10") or _("As before")
        frame, box = section("")
        box.addWidget(label(meta.prompt or "", "subtitle"))
        box.addWidget(label(_("You need at least 3. You can add up to 5."), "muted"))
        self.rows = [_PsfsRow(i, picks, low, high) for i in range(1, 6)]
        for i, row in enumerate(self.rows):
            box.addWidget(row)
            row.setVisible(i < 3)
        self.more = button(_("Add another activity"), description=_("Show one more activity (up to 5)"))
        self.more.clicked.connect(self._on_more)
        box.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.box.addWidget(frame)
        self.focus_target = self.rows[0].name

    def _on_more(self) -> None:
        hidden = [r for r in self.rows if r.isHidden()]
        if hidden:
            hidden[0].show()
            hidden[0].name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.more.setVisible(len(hidden) > 1)

    def value(self) -> Any:
        entries = [r.entry() for r in self.rows if not r.isHidden()]
        return [e for e in entries if e is not None]

    def problems(self) -> list[Problem]:
        """At least 3 named activities, each with a rating; each message under its own row."""
        out: list[Problem] = []
        visible = [r for r in self.rows if not r.isHidden()]
        named = [r for r in visible if r.entry() is not None]
        if len(named) < 3:
            for row in [r for r in visible if r.entry() is None][: 3 - len(named)]:
                out.append(Problem(row.name, _("Please name an activity here (at least 3)."), row.name))
        for row in named:
            if row.scale.value() is None:
                out.append(Problem(row.scale, _("Please rate this activity from 0 to 10.")))
        return out

    def set_value(self, value: Any) -> None:
        activities = list(value or [])
        for i, row in enumerate(self.rows):
            entry = activities[i] if i < len(activities) else None
            row.setVisible(i < max(3, len(activities)))
            row.name.setCurrentText("" if entry is None else str(entry.get("name", "")))
            row.scale.set_value(None if entry is None else entry.get("rating"))
        self.more.setVisible(any(r.isHidden() for r in self.rows))


class QuestionnaireView(StepView):
    STEP = "questionnaires"
    TITLE = N_("Your back and daily life")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.intro = label(_("Take your time. There are no right or wrong answers."), "muted")
        self.body.addWidget(self.intro)
        self.host = QVBoxLayout()
        self.body.addLayout(self.host)
        self.pages: list[_Page] = []
        self.index = 0
        self._built_for: tuple[str, ...] = ()

    # -- building -----------------------------------------------------------------------------------------------
    def _build(self, instruments: tuple[str, ...]) -> None:
        if instruments == self._built_for:
            return
        for page in self.pages:
            page.hide()
            page.deleteLater()
        self.pages = []
        for instrument in instruments:
            self.pages.extend(self._pages_for(instrument))
        for page in self.pages:
            page.hide()
            self.host.addWidget(page)
        self._built_for = instruments

    def _pages_for(self, instrument: str) -> list[_Page]:
        from backtrainer.content.instruments import get_instrument

        meta = get_instrument(instrument)
        if instrument == "NPRS":
            return [_ScalePage("NPRS", meta.prompt or _("How much pain do you have right now?"),
                               meta.anchors.get("0") or _("No pain"), meta.anchors.get("10") or _("Worst pain"))]
        if instrument == "PSFS":
            return [_PsfsPage()]
        if meta.items:  # shipped text (STarT Back, non-commercial use)
            pages: list[_Page] = []
            for item in meta.items:
                options = meta.item_response_options.get(str(item.number), meta.response_options)
                pairs = [(o.key, o.label or o.key) for o in options]
                prompt = meta.prompt if item.number < meta.item_count else None
                pages.append(_ChoicePage(instrument, item.number, meta.item_count, item.text, pairs,
                                         vertical=len(pairs) > 2, footer=meta.copyright_notice, prompt=prompt))
            return pages
        inst = self._pack_items(instrument)
        pages = []
        for item in inst.items if inst is not None else ():
            pairs = [(str(o.value), o.label) for o in item.options]
            if instrument == "ODI" and item.number == 8:
                pairs.append(("", _("I prefer not to answer")))
            pages.append(_ChoicePage(instrument, item.number, len(inst.items), item.text, pairs, vertical=True,
                                     footer=f"{meta.name}. {meta.copyright_holder}."))
        return pages

    def _pack_items(self, instrument: str) -> Any:
        service = self.flow.service()
        return service.imported_packs().get(instrument)

    # -- showing ------------------------------------------------------------------------------------------------
    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        self._build(tuple(snapshot.instruments))
        saved = snapshot.questionnaires
        for page in self.pages:
            record = saved.get(page.instrument)
            if record is None:
                page.set_value(None)
            elif page.instrument == "NPRS":
                page.set_value(record.raw_items.get("value"))
            elif page.instrument == "PSFS":
                page.set_value(record.raw_items.get("activities"))
            else:
                page.set_value(record.raw_items.get(str(page.item)))
        if kwargs.get("from_back"):
            start = len(self.pages) - 1
        else:
            start = next((i for i, p in enumerate(self.pages) if p.instrument not in saved), 0)
        self._show(start)

    def progress_text(self) -> str:
        if not self.pages:
            return ""
        page = self.pages[self.index]
        title = _(TITLES[page.instrument]) if page.instrument in TITLES else page.instrument
        return _("{title}: screen {number} of {total}").format(title=title, number=self.index + 1,
                                                               total=len(self.pages))

    def _show(self, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        for i, page in enumerate(self.pages):
            page.setVisible(i == self.index)
        if self.pages:
            from backtrainer.content.instruments import get_instrument

            instrument = self.pages[self.index].instrument
            self.set_heading(_(TITLES[instrument]) if instrument in TITLES else get_instrument(instrument).name)
        self.flow.update_progress()
        self.flow.area.verticalScrollBar().setValue(0)
        target = self.first_focus()
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus(self) -> QWidget | None:
        return self.pages[self.index].focus_target if self.pages else None

    def on_back(self) -> bool:
        if self.index > 0:
            self._show(self.index - 1)
            return True
        return False

    def on_next(self) -> None:
        page = self.pages[self.index]
        value = page.value()
        if isinstance(page, _PsfsPage):
            problems = page.problems()
            if problems:
                self.flow.show_problems(problems)
                return
        elif value is None:
            anchor = page.scale if isinstance(page, _ScalePage) else getattr(page, "choice", page)
            self.flow.show_problems([Problem(anchor, _("Please choose an answer."))])
            return
        last = self.index == len(self.pages) - 1
        last_of_instrument = last or self.pages[self.index + 1].instrument != page.instrument
        if not last_of_instrument:
            self._show(self.index + 1)
            return
        raw = self._raw(page.instrument)
        self.flow.call(lambda s: s.save_questionnaire(self.flow.profile_id, page.instrument, raw), self._saved)

    def _raw(self, instrument: str) -> dict[str, Any]:
        pages = [p for p in self.pages if p.instrument == instrument]
        if instrument == "NPRS":
            return {"value": pages[0].value()}
        if instrument == "PSFS":
            return {"activities": pages[0].value()}
        raw: dict[str, Any] = {}
        for p in pages:
            v = p.value()
            if instrument == "STARTBACK":
                raw[str(p.item)] = v if p.item == 9 else (1 if v == "agree" else 0)
            else:
                raw[str(p.item)] = None if v in (None, "") else int(v)
        return raw

    def _saved(self, _record: Any) -> None:
        from backtrainer.ui.context import Changes

        self.flow.changed(Changes.ASSESSMENT)
        if self.index < len(self.pages) - 1:
            def go(snapshot: Any) -> None:
                self._show(self.index + 1)

            self.flow.reload(go)
        else:
            self.flow.after_save("movement")
